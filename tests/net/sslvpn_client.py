#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""sslvpn_client - a minimal AnyConnect (CSTP over TLS) client, the part of
openconnect that tests and benches need many of at once: the XML login over
HTTP/1.1, CONNECT /CSCOSSLC/tunnel with the webvpn cookie, and the tunnel's
framing (DPD requests answered). The server's certificate is not checked:
this talks to servers the caller started.

    sslvpn_client.py idle -s ADDR -p PORT -u USER -P PASS -n COUNT -o STATUS
        opens COUNT sessions (a login and a tunnel each), keeps them open
        answering the server's DPD requests, and writes "opened N failed M"
        to STATUS (then "ready N failed M" when done trying; a login the
        server found busy, 503, is tried again when its Retry-After says);
        holds them until SIGTERM or SIGINT, then logs each out (CSTP
        DISCONNECT).
    sslvpn_client.py reconnect -s ADDR -p PORT -u USER -P PASS
        logs in, opens a tunnel, drops the TLS connection without a word,
        opens a tunnel again with the same cookie asking for the old address;
        prints {"first": ADDR, "second": ADDR}.
    sslvpn_client.py burst -s ADDR -p PORT -u USER -P PASS -n COUNT
            [--sources A,B,...] [--as NAME] [--after SECONDS]
        opens COUNT TLS connections (from the source addresses in turn),
        gets the login form on each, then sends on all at once the login
        of NAME (default "flood") with a wrong password; counts the answers
        (a form: checked; 503: busy, and whether each had Retry-After: 1);
        SECONDS later (default 1.5) logs in as USER with PASS, opens a
        tunnel and logs out. Prints {"sent", "checked", "busy",
        "retry_after", "other", "after"} ("after": "ok" or the error).
"""

import argparse
import json
import queue
import re
import resource
import selectors
import signal
import socket
import ssl
import struct
import sys
import threading
import time
from xml.sax.saxutils import escape

AGENT = "Open AnyConnect VPN Agent v9.01"
MAGIC = b"STF\x01"
HDR = 8
DATA, DPD_REQ, DPD_RESP, DISCONNECT, KEEPALIVE, TERMINATE = 0, 3, 4, 5, 7, 9
HEAD_MAX = 65536	# bytes of a response head we accept
BODY_MAX = 1 << 20

INIT_XML = ('<?xml version="1.0" encoding="UTF-8"?>\n'
	    '<config-auth client="vpn" type="init" aggregate-auth-version="2">'
	    '<version who="vpn">v9.01</version><device-id>linux-64</device-id>'
	    '<group-access>https://{host}/</group-access></config-auth>')
REPLY_XML = ('<?xml version="1.0" encoding="UTF-8"?>\n'
	     '<config-auth client="vpn" type="auth-reply" aggregate-auth-version="2">'
	     '<version who="vpn">v9.01</version><device-id>linux-64</device-id>'
	     '{opaque}<auth>{fields}</auth></config-auth>')


class Refused(Exception):
	"""The server said no (a status, a form again, a closed connection)."""


class Busy(Refused):
	"""503: the server's budget of password checks is spent for now; try
	again after retry_after seconds."""

	def __init__(self, retry_after):
		super().__init__("HTTP 503")
		self.retry_after = retry_after


def tls_context():
	ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
	ctx.check_hostname = False
	ctx.verify_mode = ssl.CERT_NONE
	return ctx


CTX = tls_context()


def tls_connect(host, port, timeout=10.0, source=None):
	raw = socket.create_connection((host, port), timeout=timeout,
				       source_address=(source, 0) if source else None)
	try:
		return CTX.wrap_socket(raw)
	except Exception:
		raw.close()
		raise


def recv_some(s):
	b = s.recv(65536)
	if not b:
		raise Refused("connection closed")
	return b


def read_head(s, buf=b""):
	"""(status, [(name, value)], bytes after the head) of one response."""
	while b"\r\n\r\n" not in buf:
		if len(buf) > HEAD_MAX:
			raise Refused("response head too long")
		buf += recv_some(s)
	head, rest = buf.split(b"\r\n\r\n", 1)
	lines = head.decode("latin-1").split("\r\n")
	parts = lines[0].split(" ", 2)
	if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
		raise Refused("bad status line %r" % lines[0])
	headers = []
	for ln in lines[1:]:
		name, _, value = ln.partition(":")
		headers.append((name.strip().lower(), value.strip()))
	return int(parts[1]), headers, rest


def header(headers, name):
	for n, v in headers:
		if n == name:
			return v
	return None


def read_response(s):
	status, headers, body = read_head(s)
	n = int(header(headers, "content-length") or 0)
	if n > BODY_MAX:
		raise Refused("response body too long")
	while len(body) < n:
		body += recv_some(s)
	return status, headers, body[:n].decode("utf-8", "replace")


def send_post(s, host, path, body, cookies):
	data = body.encode()
	req = ("POST %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\n"
	       "Content-Type: application/x-www-form-urlencoded\r\n"
	       "X-Transcend-Version: 1\r\nX-Aggregate-Auth: 1\r\n"
	       "X-AnyConnect-Platform: linux-64\r\n" % (path, host, AGENT))
	if cookies:
		req += "Cookie: %s\r\n" % "; ".join("%s=%s" % kv for kv in cookies.items())
	req += "Content-Length: %d\r\n\r\n" % len(data)
	s.sendall(req.encode() + data)


def post(s, host, path, body, cookies):
	send_post(s, host, path, body, cookies)
	return read_response(s)


def login(host, port, user, password, timeout=10.0):
	"""The webvpn cookie, after as many auth-request forms as the server
	sends (vgw asks for both fields at once, ocserv one at a time)."""
	s = tls_connect(host, port, timeout)
	try:
		cookies = {}
		path, body, sent_password = "/", INIT_XML.format(host=host), False
		for _ in range(6):
			status, headers, text = post(s, host, path, body, cookies)
			for n, v in headers:
				if n == "set-cookie":
					k, _, val = v.split(";", 1)[0].partition("=")
					if val:
						cookies[k.strip()] = val.strip()
					else:
						cookies.pop(k.strip(), None)
			if cookies.get("webvpn"):
				return cookies["webvpn"]
			if status == 503:
				after = header(headers, "retry-after") or "1"
				raise Busy(float(after) if after.isdigit() else 1.0)
			if status != 200:
				raise Refused("HTTP %d" % status)
			inputs = re.findall(r'<input[^>]*name="([^"]+)"', text)
			if not inputs or (sent_password and "password" in inputs):
				m = re.search(r"<(?:message|error)[^>]*>([^<]*)<", text)
				raise Refused(m.group(1) if m else "no form")
			m = re.search(r'<form[^>]*action="([^"]*)"', text)
			path = m.group(1) if m and m.group(1).startswith("/") else "/auth"
			fields = ""
			for name in inputs:
				if name == "username":
					fields += "<username>%s</username>" % escape(user)
				elif name == "password":
					fields += "<password>%s</password>" % escape(password)
					sent_password = True
			m = re.search(r"<opaque.*?</opaque>", text, re.S)
			body = REPLY_XML.format(opaque=m.group(0) if m else "", fields=fields)
		raise Refused("too many forms")
	finally:
		s.close()


class Tunnel:
	"""One CSTP tunnel: its TLS socket, the address the server gave."""

	def __init__(self, s, headers, rest):
		self.s = s
		self.headers = headers
		self.address = header(headers, "x-cstp-address")
		self.buf = rest
		self.dpd_answered = 0

	def send(self, ftype, payload=b""):
		self.s.sendall(MAGIC + struct.pack(">HBB", len(payload), ftype, 0) + payload)

	def frames(self):
		"""Whole frames in the buffer, taken out of it."""
		out = []
		while len(self.buf) >= HDR:
			if self.buf[:4] != MAGIC:
				raise Refused("bad CSTP magic from the server")
			n, ftype = struct.unpack(">HB", self.buf[4:7])
			if len(self.buf) < HDR + n:
				break
			out.append((ftype, self.buf[HDR:HDR + n]))
			self.buf = self.buf[HDR + n:]
		return out

	def pump(self):
		"""Read what is there (non-blocking socket), answer DPD requests.
		False once the server closed or said goodbye."""
		try:
			while True:
				b = self.s.recv(65536)
				if not b:
					return False
				self.buf += b
				if not self.s.pending():
					break
		except (ssl.SSLWantReadError, ssl.SSLWantWriteError, BlockingIOError):
			pass
		except (OSError, ssl.SSLError):
			return False
		for ftype, payload in self.frames():
			if ftype in (DISCONNECT, TERMINATE):
				return False
			if ftype == DPD_REQ:
				try:
					self.send(DPD_RESP, payload)
				except (ssl.SSLWantWriteError, BlockingIOError):
					pass	# answered at the next request
				except (OSError, ssl.SSLError):
					return False
				self.dpd_answered += 1
		return True

	def logout(self):
		try:
			self.s.setblocking(True)
			self.s.settimeout(1)
			self.send(DISCONNECT, b"\xb0" + b"Client logout")
		except (OSError, ssl.SSLError):
			pass
		self.s.close()


def connect_request(host, cookie, address=None, extra=""):
	req = ("CONNECT /CSCOSSLC/tunnel HTTP/1.1\r\nHost: %s\r\nUser-Agent: %s\r\n"
	       "Cookie: webvpn=%s\r\nX-CSTP-Version: 1\r\nX-CSTP-Hostname: bench\r\n"
	       "X-CSTP-Base-MTU: 1500\r\nX-CSTP-Address-Type: IPv4\r\n"
	       "X-CSTP-Full-IPv6-Capability: false\r\n" % (host, AGENT, cookie))
	if address:
		req += "X-CSTP-Address: %s\r\n" % address
	return (req + extra + "\r\n").encode()


def tunnel(host, port, cookie, address=None, timeout=10.0):
	s = tls_connect(host, port, timeout)
	try:
		s.sendall(connect_request(host, cookie, address))
		status, headers, rest = read_head(s)
	except Exception:
		s.close()
		raise
	if status != 200:
		s.close()
		raise Refused("CONNECT: HTTP %d" % status)
	return Tunnel(s, headers, rest)


def session(a, busy_waits=0):
	"""A login and a tunnel; a login refused as busy (503) is tried again
	after the Retry-After the server gave, busy_waits times at most."""
	while True:
		try:
			cookie = login(a.server, a.port, a.user, a.password)
			break
		except Busy as e:
			if busy_waits == 0:
				raise
			busy_waits -= 1
			time.sleep(e.retry_after)
	return tunnel(a.server, a.port, cookie)


# --- idle -----------------------------------------------------------------

IDLE_BUSY_WAITS = 600	# a login the server found busy is no failure: it said when

def cmd_idle(a):
	_, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
	resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
	stop = threading.Event()
	for sig in (signal.SIGTERM, signal.SIGINT):
		signal.signal(sig, lambda *_: stop.set())
	todo = iter(range(a.count))
	lock = threading.Lock()
	fresh = queue.Queue()
	count = {"opened": 0, "failed": 0, "closed": 0}
	errors = {}

	def status(word):
		with open(a.status, "w") as f:
			f.write("%s %d failed %d closed %d\n" % (word, count["opened"], count["failed"],
								    count["closed"]))

	def opener():
		while not stop.is_set():
			with lock:
				if next(todo, None) is None:
					return
			try:
				t = session(a, IDLE_BUSY_WAITS)
				t.s.setblocking(False)
				fresh.put(t)
				with lock:
					count["opened"] += 1
			except Exception as e:	# noqa: BLE001 - every failure is counted
				with lock:
					count["failed"] += 1
					errors[str(e)[:80]] = errors.get(str(e)[:80], 0) + 1

	workers = [threading.Thread(target=opener, daemon=True) for _ in range(a.concurrency)]
	for w in workers:
		w.start()
	sel = selectors.DefaultSelector()
	tunnels = set()

	def adopt():
		while not fresh.empty():
			t = fresh.get()
			tunnels.add(t)
			sel.register(t.s, selectors.EVENT_READ, t)

	last = 0.0
	done = False
	while not stop.is_set():
		adopt()
		for key, _ in sel.select(0.2):
			t = key.data
			if not t.pump():
				sel.unregister(t.s)
				t.s.close()
				tunnels.discard(t)
				count["closed"] += 1
		if not done and not any(w.is_alive() for w in workers):
			done = True
			adopt()
			status("ready")
			if errors:
				print("sslvpn_client idle: failures: %s" % json.dumps(errors), file=sys.stderr)
		elif not done and time.monotonic() - last > 1:
			last = time.monotonic()
			status("opened")
	for t in tunnels:
		t.logout()


# --- reconnect -----------------------------------------------------

def cmd_reconnect(a):
	cookie = login(a.server, a.port, a.user, a.password)
	t = tunnel(a.server, a.port, cookie)
	first = t.address
	t.s.close()		# lost, not logged out: the cookie stays valid
	time.sleep(a.pause)
	t = tunnel(a.server, a.port, cookie, first)
	print(json.dumps({"first": first, "second": t.address}))
	t.logout()


# --- burst ----------------------------------------------------------------

def cmd_burst(a):
	sources = a.sources.split(",") if a.sources else [None]
	wrong = REPLY_XML.format(opaque="", fields="<username>%s</username>"
				 "<password>not-the-password</password>" % escape(a.as_user))
	conns = []
	for i in range(a.count):
		s = tls_connect(a.server, a.port, source=sources[i % len(sources)])
		post(s, a.server, "/", INIT_XML.format(host=a.server), {})
		conns.append(s)
	for s in conns:		# all at once: the server finds them queued
		send_post(s, a.server, "/auth", wrong, {})
	out = {"sent": len(conns), "checked": 0, "busy": 0, "retry_after": True, "other": 0}
	for s in conns:
		try:
			status, headers, text = read_response(s)
		except (OSError, Refused):
			status, headers, text = 0, [], ""
		s.close()
		if status == 503:
			out["busy"] += 1
			out["retry_after"] &= header(headers, "retry-after") == "1"
		elif status == 200 and "Login failed." in text:
			out["checked"] += 1
		else:
			out["other"] += 1
	time.sleep(a.after)
	try:
		session(a).logout()
		out["after"] = "ok"
	except (OSError, Refused) as e:
		out["after"] = str(e)
	print(json.dumps(out))


def main():
	p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
	p.add_argument("cmd", choices=("idle", "reconnect", "burst"))
	p.add_argument("-s", "--server", required=True)
	p.add_argument("-p", "--port", type=int, default=443)
	p.add_argument("-u", "--user", required=True)
	p.add_argument("-P", "--password", required=True)
	p.add_argument("-n", "--count", type=int, default=1)
	p.add_argument("-c", "--concurrency", type=int, default=8)
	p.add_argument("-o", "--status", default="/dev/null")
	p.add_argument("--pause", type=float, default=0.5, help="reconnect: seconds between")
	p.add_argument("--sources", help="burst: source addresses, comma separated")
	p.add_argument("--as", dest="as_user", default="flood", help="burst: the name that floods")
	p.add_argument("--after", type=float, default=1.5,
		       help="burst: seconds before USER logs in")
	a = p.parse_args()
	return {"idle": cmd_idle, "reconnect": cmd_reconnect, "burst": cmd_burst}[a.cmd](a) or 0


if __name__ == "__main__":
	sys.exit(main())
