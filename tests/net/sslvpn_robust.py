#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""sslvpn_robust - clients that misbehave toward an SSL-VPN server, all at
once, each on its own connection; for each, whether and when the server cut
it off.

    sslvpn_robust.py -s ADDR -p PORT -u USER -P PASS [-l LIMIT] [CASE...]

Prints one JSON line per case as it ends: {"case", "closed" (the server
closed the connection), "seconds" (from the misbehaviour's start to the
close), "detail"}. A case whose connection is still open LIMIT seconds
(default 15) after it began is reported closed: false. Cases that need a
tunnel log in as USER (each its own session). The stall case first prints
{"case": "stall", "address": TUNNEL-ADDRESS} and then reads nothing for
--stall-hold seconds (the caller floods that address meanwhile), then
reads what the server sent until it closes or LIMIT runs out.

Cases: handshake-silent handshake-partial tls-garbage slowloris long-line
long-header many-headers big-body bad-xml entity-bomb bad-cookie
cstp-length cstp-type cstp-magic stall (all by default).
"""

import argparse
import json
import os
import socket
import ssl
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sslvpn_client as vc  # noqa: E402

OUT = threading.Lock()


def report(**kw):
	with OUT:
		print(json.dumps(kw), flush=True)


def wait_closed(s, t0, limit, first=b""):
	"""Reads until the server closes (EOF, reset, TLS alert) or limit
	seconds after t0. (closed, seconds, the first KiBs the server sent)."""
	got = first
	while True:
		left = t0 + limit - time.monotonic()
		if left <= 0:
			return False, limit, got[:4096]
		s.settimeout(left)
		try:
			b = s.recv(65536)
		except socket.timeout:
			continue
		except (OSError, ssl.SSLError):
			return True, time.monotonic() - t0, got[:4096]
		if not b:
			return True, time.monotonic() - t0, got[:4096]
		if len(got) < 4096:
			got += b


def tcp(a):
	return socket.create_connection((a.server, a.port), timeout=10)


def tls(a):
	return vc.tls_connect(a.server, a.port)


def client_hello():
	"""The first flight of a real TLS client: a ClientHello."""
	inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
	o = vc.CTX.wrap_bio(inc, out)
	try:
		o.do_handshake()
	except ssl.SSLWantReadError:
		pass
	return out.read()


def send_then_wait(a, data):
	"""A TLS connection that sends data (a request) and waits."""
	s = tls(a)
	t0 = time.monotonic()
	try:
		s.sendall(data)
	except (OSError, ssl.SSLError):
		return True, 0.0, b"(closed while sending)"
	return wait_closed(s, t0, a.limit)


def post(path, body, extra=""):
	return ("POST %s HTTP/1.1\r\nHost: vpn\r\nUser-Agent: %s\r\nX-Aggregate-Auth: 1\r\n"
		"Content-Type: application/x-www-form-urlencoded\r\n%sContent-Length: %d\r\n\r\n"
		% (path, vc.AGENT, extra, len(body))).encode() + body


# --- the cases ------------------------------------------------------------

def handshake_silent(a):
	s = tcp(a)
	return wait_closed(s, time.monotonic(), a.limit)


def handshake_partial(a):
	s = tcp(a)
	hello = client_hello()
	s.sendall(hello[:len(hello) // 2])
	return wait_closed(s, time.monotonic(), a.limit)


def tls_garbage(a):
	s = tcp(a)
	s.sendall(b"GET / HTTP/1.1\r\nHost: vpn\r\n\r\n")
	return wait_closed(s, time.monotonic(), a.limit)


def slowloris(a):
	s = tls(a)
	t0 = time.monotonic()
	s.sendall(b"POST / HTTP/1.1\r\nHost: vpn\r\n")
	dribble = b"X-Slow: " + b"a" * 1000
	for i in range(len(dribble)):
		try:
			s.sendall(dribble[i:i + 1])
		except (OSError, ssl.SSLError):
			return True, time.monotonic() - t0, b"(closed while sending)"
		closed, _, got = wait_closed(s, time.monotonic(), 1.0)
		if closed:
			return True, time.monotonic() - t0, got
		if time.monotonic() - t0 > a.limit:
			return False, a.limit, got


def long_line(a):
	return send_then_wait(a, b"GET /" + b"a" * 4000 + b" HTTP/1.1\r\nHost: vpn\r\n\r\n")


def long_header(a):
	return send_then_wait(a, b"POST / HTTP/1.1\r\nHost: vpn\r\nX-Big: " + b"b" * 8000 + b"\r\n\r\n")


def many_headers(a):
	h = b"".join(b"X-H%d: v\r\n" % i for i in range(200))
	return send_then_wait(a, b"POST / HTTP/1.1\r\nHost: vpn\r\n" + h + b"\r\n")


def big_body(a):
	head = ("POST / HTTP/1.1\r\nHost: vpn\r\nContent-Length: 10000000\r\n\r\n").encode()
	return send_then_wait(a, head + b"<" * 16384)


def bad_xml(a):
	body = b'<?xml version="1.0"?><config-auth client="vpn" type="init"><version who="vpn">v9'
	return send_then_wait(a, post("/", body))


def entity_bomb(a):
	ents = "".join('<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">'
		       % ((i,) + (i - 1,) * 10) for i in range(1, 10))
	body = ('<?xml version="1.0"?><!DOCTYPE config-auth [<!ENTITY l0 "lol">%s]>'
		'<config-auth client="vpn" type="init"><version who="vpn">&l9;</version>'
		'</config-auth>' % ents).encode()
	return send_then_wait(a, post("/", body))


def bad_cookie(a):
	return send_then_wait(a, vc.connect_request(a.server, os.urandom(32).hex()))


def tunnel_then(a, data):
	t = vc.session(a)
	t0 = time.monotonic()
	try:
		t.s.sendall(data)
	except (OSError, ssl.SSLError):
		return True, 0.0, b"(closed while sending)"
	return wait_closed(t.s, t0, a.limit, t.buf)


def cstp_length(a):
	return tunnel_then(a, vc.MAGIC + struct.pack(">HBB", 0xffff, vc.DATA, 0) + b"\x45" * 64)


def cstp_type(a):
	return tunnel_then(a, vc.MAGIC + struct.pack(">HBB", 4, 0x42, 0) + b"oops")


def cstp_magic(a):
	return tunnel_then(a, b"XTF\x01" + struct.pack(">HBB", 4, vc.DATA, 0) + b"oops")


def stall(a):
	# a small receive buffer: the server's side backs up at once
	raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
	raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
	raw.settimeout(10)
	raw.connect((a.server, a.port))
	s = vc.CTX.wrap_socket(raw)
	s.sendall(vc.connect_request(a.server, vc.login(a.server, a.port, a.user, a.password)))
	status, headers, rest = vc.read_head(s)
	if status != 200:
		return False, 0.0, b"CONNECT: HTTP %d" % status
	report(case="stall", address=vc.header(headers, "x-cstp-address"))
	t0 = time.monotonic()
	time.sleep(a.stall_hold)
	return wait_closed(s, t0, a.limit + a.stall_hold)


CASES = {
	"handshake-silent": handshake_silent, "handshake-partial": handshake_partial,
	"tls-garbage": tls_garbage, "slowloris": slowloris, "long-line": long_line,
	"long-header": long_header, "many-headers": many_headers, "big-body": big_body,
	"bad-xml": bad_xml, "entity-bomb": entity_bomb, "bad-cookie": bad_cookie,
	"cstp-length": cstp_length, "cstp-type": cstp_type, "cstp-magic": cstp_magic,
	"stall": stall,
}


def summary(got):
	"""What the server sent: its first line, or the types of its frames."""
	if not got.startswith(vc.MAGIC):
		return got.split(b"\r\n", 1)[0].decode("latin-1")
	t = vc.Tunnel(None, [], got)
	try:
		return "CSTP frames of types %s" % sorted({ftype for ftype, _ in t.frames()})
	except vc.Refused as e:
		return str(e)


def run(name, a):
	try:
		closed, secs, got = CASES[name](a)
		detail = summary(got)
	except (OSError, ssl.SSLError, vc.Refused) as e:
		closed, secs, detail = False, 0.0, "error: %s" % e
	report(case=name, closed=closed, seconds=round(secs, 2), detail=detail)


def main():
	p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	p.add_argument("-s", "--server", required=True)
	p.add_argument("-p", "--port", type=int, default=443)
	p.add_argument("-u", "--user", required=True)
	p.add_argument("-P", "--password", required=True)
	p.add_argument("-l", "--limit", type=float, default=15.0)
	p.add_argument("--stall-hold", type=float, default=10.0)
	p.add_argument("cases", nargs="*", default=list(CASES))
	a = p.parse_args()
	for c in a.cases:
		if c not in CASES:
			p.error("unknown case %s" % c)
	threads = [threading.Thread(target=run, args=(c, a)) for c in a.cases]
	for t in threads:
		t.start()
	for t in threads:
		t.join()


if __name__ == "__main__":
	main()
