# SPDX-License-Identifier: GPL-3.0-or-later
"""abuse.py - raw management-socket clients that misbehave, for abuse.sh
and cfgfile.sh.

Each subcommand drives vgwd's socket the way a hostile or broken client
would and prints what it measured as KEY=VALUE lines; abuse.sh asserts.
Stdlib only. The wire format is src/lib/mgmt_proto.h's: a 4-byte
big-endian length N, then one type byte and N-1 payload bytes.
"""
import os
import socket
import struct
import sys
import time


def frame(kind, text):
    data = kind.encode() + text.encode()
    return struct.pack(">I", len(data)) + data


def reset_peak(pid):
    """Starts a new peak: VmHWM becomes the current RSS."""
    with open("/proc/%d/clear_refs" % pid, "w") as f:
        f.write("5")


def peak_kib(pid):
    return field_kib(pid, "VmHWM:")


def rss_kib(pid):
    return field_kib(pid, "VmRSS:")


def field_kib(pid, name):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(name):
                return int(line.split()[1])
    return -1


class Session:
    """A well-behaved client: HELLO, then one request at a time."""

    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(30)
        self.s.connect(path)
        self.buf = b""
        self.s.sendall(frame("H", "interactive=0 width=80 height=0"))
        self.until_result()

    def read_frame(self):
        while True:
            if len(self.buf) >= 4:
                n = struct.unpack(">I", self.buf[:4])[0]
                if len(self.buf) >= 4 + n:
                    f = self.buf[4:4 + n]
                    self.buf = self.buf[4 + n:]
                    return chr(f[0]), f[1:]
            got = self.s.recv(65536)
            if not got:
                raise EOFError("connection closed")
            self.buf += got

    def until_result(self):
        out = b""
        while True:
            kind, data = self.read_frame()
            if kind == "o":
                out += data
            elif kind == "r":
                return data, out

    def run(self, line):
        self.s.sendall(frame("X", line))
        return self.until_result()

    def latency(self, line="show clock"):
        t = time.monotonic()
        self.run(line)
        return time.monotonic() - t


def send_for(s, data, seconds):
    """Writes data without blocking for at most seconds; bytes taken."""
    s.setblocking(False)
    sent, end = 0, time.monotonic() + seconds
    while sent < len(data) and time.monotonic() < end:
        try:
            sent += s.send(data[sent:sent + 65536])
        except BlockingIOError:
            time.sleep(0.01)
    return sent


def probe_latency(path, seconds):
    """Another session's worst `show clock` latency while seconds pass."""
    t = time.monotonic()
    other = Session(path)
    worst = time.monotonic() - t
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        worst = max(worst, other.latency())
        time.sleep(0.02)
    return worst


def cmd_flood(path, pid, count):
    """Many requests in one write from a client that never reads."""
    before = rss_kib(pid)
    reset_peak(pid)
    s = Session(path)
    data = frame("X", "show running-config") * count
    taken = send_for(s.s, data, 3)
    worst = probe_latency(path, 3)
    print("taken_bytes=%d" % taken)
    print("rss_growth_kib=%d" % (peak_kib(pid) - before))
    print("other_worst_ms=%d" % (worst * 1000))
    s.s.close()


def cmd_jobflood(path, pid, job, megabytes):
    """Input sent while a command runs on (ping) piles up nowhere."""
    before = rss_kib(pid)
    reset_peak(pid)
    s = Session(path)
    s.s.sendall(frame("X", job))
    taken = send_for(s.s, frame("X", "show clock") * (megabytes * 1024 * 1024 // 15), 4)
    print("taken_bytes=%d" % taken)
    print("rss_growth_kib=%d" % (peak_kib(pid) - before))
    print("other_worst_ms=%d" % (probe_latency(path, 1) * 1000))
    s.s.close()


def closed_within(s, seconds):
    s.settimeout(seconds)
    try:
        return s.recv(1) == b""
    except (socket.timeout, ConnectionResetError):
        return False


def cmd_nohello(path, uid, gid, count, wait):
    """count connections as uid that never say HELLO; root still gets in;
    the silent ones are closed within wait seconds."""
    r, w = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(r)
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
        conns = []
        for _ in range(count):
            c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            c.connect(path)
            conns.append(c)
        time.sleep(0.5)
        os.write(w, b"x")
        t = time.monotonic()
        closed = sum(closed_within(c, max(0.1, wait - (time.monotonic() - t)))
                     for c in conns)
        os.write(w, b"%d\n" % closed)
        os._exit(0)
    os.close(w)
    os.read(r, 1)
    try:
        Session(path).latency()
        print("root_login=ok")
    except (OSError, EOFError) as e:
        print("root_login=failed:%s" % e)
    closed = b""
    while not closed.endswith(b"\n"):
        got = os.read(r, 64)
        if not got:
            break
        closed += got
    os.waitpid(child, 0)
    print("silent_closed=%s" % closed.decode().strip())


def cmd_stalled(path, pid):
    """A client that asks for big output and reads it 4 KiB a second."""
    before = rss_kib(pid)
    reset_peak(pid)
    s = Session(path)
    s.s.sendall(frame("X", "show running-config") * 400)
    s.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    worst, end = 0.0, time.monotonic() + 3
    other = Session(path)
    while time.monotonic() < end:
        s.s.setblocking(False)
        try:
            s.s.recv(4096)
        except BlockingIOError:
            pass
        worst = max(worst, other.latency())
        time.sleep(0.1)
    print("rss_growth_kib=%d" % (peak_kib(pid) - before))
    print("other_worst_ms=%d" % (worst * 1000))


def cmd_lines(path, *lines):
    """Each line, its Python escapes (\\n, \\t, \\x00) made characters, as
    one EXEC frame of one session, as any client may send it (vgwsh splits
    at line breaks and checks the rest); prints each answer and
    "[status N]", or "[closed]" when vgwd closes the connection."""
    s = Session(path)
    for line in lines:
        try:
            status, out = s.run(os.fsencode(str(line)).decode("unicode_escape"))
        except EOFError:
            print("[closed]")
            return
        sys.stdout.write(out.decode("utf-8", "replace"))
        print("[status %s]" % status.split(b" ")[0].decode())


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    args = [int(a) if a.isdigit() else a for a in sys.argv[3:]]
    {"flood": cmd_flood, "jobflood": cmd_jobflood, "nohello": cmd_nohello,
     "stalled": cmd_stalled, "lines": cmd_lines}[cmd](path, *args)


if __name__ == "__main__":
    main()
