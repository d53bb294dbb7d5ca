#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""ike_flood.py - IKE_SA_INIT requests at a responder, built with scapy's
IKEv2 layer (an implementation we did not write), for the cookie tests
(tests/net/ike_cookie.sh) and the half-open flood of bench/ike.

  ike_flood.py check DST SRC SPORT
      RFC 7296 2.6 as seen from outside: fresh requests (new SPI and nonce
      each) until one is answered with a COOKIE notify alone, counting the
      real answers before it (the half-open SAs it took); the same request
      again with that cookie first gets a real answer (SA, KE, Nonce); with
      the cookie altered, or for another SPI, a COOKIE again. Prints one
      JSON object; exit status 0 when all of that held.

  ike_flood.py flood DST SRC SPORT RATE SECONDS [answer]
      RATE requests a second for SECONDS from SRC:SPORT to DST:500, each
      with a fresh SPI and nonce; with `answer`, every COOKIE is returned
      at once in a copy of its request (a peer at a real address that
      floods). Prints one JSON object: what was sent and what came back.

Requests offer aes128gcm16-prfsha256-ecp256 with a valid P-256 public value
(python3-cryptography), so an answered request costs the responder its
Diffie-Hellman. Needs /usr/bin/python3 with scapy and cryptography.
"""
import json
import os
import random
import socket
import struct
import sys
import time

from cryptography.hazmat.primitives.asymmetric import ec
from scapy.contrib.ikev2 import (IKEv2, IKEv2_payload_KE, IKEv2_payload_Nonce,
                                 IKEv2_payload_Notify, IKEv2_payload_Proposal,
                                 IKEv2_payload_SA, IKEv2_payload_Transform)

FLAG_I, FLAG_R = 0x08, 0x20
PL_SA, PL_KE, PL_NONCE, PL_NOTIFY = 33, 34, 40, 41
N_COOKIE = 16390
HDR = 28


def p256_public():
    """A valid P-256 public value, x | y."""
    n = ec.generate_private_key(ec.SECP256R1()).public_key().public_numbers()
    return n.x.to_bytes(32, "big") + n.y.to_bytes(32, "big")


KE = p256_public()


def request(spi, nonce, cookie=None):
    """An IKE_SA_INIT request built by scapy; the cookie, if any, first."""
    xf = (IKEv2_payload_Transform(transform_type=1, transform_id=20, length=12, key_length=128) /
          IKEv2_payload_Transform(transform_type=2, transform_id=5) /
          IKEv2_payload_Transform(transform_type=4, transform_id=19))
    prop = IKEv2_payload_Proposal(proposal=1, proto=1, trans_nb=3, trans=xf)
    pls = [IKEv2_payload_SA(prop=prop), IKEv2_payload_KE(group=19, load=KE),
           IKEv2_payload_Nonce(load=nonce)]
    types = [PL_SA, PL_KE, PL_NONCE]
    if cookie is not None:
        pls.insert(0, IKEv2_payload_Notify(type=N_COOKIE, load=cookie))
        types.insert(0, PL_NOTIFY)
    pkt = IKEv2(init_SPI=spi, resp_SPI=bytes(8), exch_type=34, flags=FLAG_I, id=0)
    # scapy chains the header to the first payload only: each next
    # payload is set here
    for i, pl in enumerate(pls):
        pl.next_payload = types[i + 1] if i + 1 < len(pls) else 0
        pkt = pkt / pl
    return bytes(pkt)


def kind(data, spi=None):
    """What an answer is: ("cookie", data), ("init", None) for a real
    IKE_SA_INIT response (SA, KE and Nonce, a responder SPI), or
    ("other", why). Read with scapy."""
    try:
        pkt = IKEv2(data)
    except Exception as e:  # noqa: BLE001 - anything scapy cannot read
        return "other", "unparsable: %s" % e
    if pkt.exch_type != 34 or not int(pkt.flags) & FLAG_R:
        return "other", "not an IKE_SA_INIT response"
    spi_r = bytes(data[8:16])         # read raw: scapy shows zeros as b""
    if spi is not None and bytes(data[0:8]) != spi:
        return "other", "another SPI"
    seen, cookie = [], None
    pl = pkt.payload
    while pl is not None and pl.name != "NoPayload" and hasattr(pl, "next_payload"):
        if isinstance(pl, IKEv2_payload_Notify):
            seen.append("N(%d)" % pl.type)
            if pl.type == N_COOKIE:
                cookie = bytes(pl.load)
        else:
            seen.append(pl.name)
        pl = pl.payload
    if cookie is not None and len(seen) == 1 and spi_r == bytes(8):
        return "cookie", cookie
    if (spi_r != bytes(8) and pkt.haslayer(IKEv2_payload_SA) and
            pkt.haslayer(IKEv2_payload_KE) and pkt.haslayer(IKEv2_payload_Nonce)):
        return "init", None
    return "other", " ".join(seen)


def sock(src, sport):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind((src, sport))
    return s


def ask(s, dst, data, spi, timeout=2.0):
    """Sends data, returns the kind of the answer for spi (None: none)."""
    s.settimeout(timeout)
    s.sendto(data, (dst, 500))
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            got, _ = s.recvfrom(65535)
        except socket.timeout:
            break
        k = kind(got, spi)
        if k[1] != "another SPI":
            return k
    return None


def check(dst, src, sport):
    s = sock(src, sport)
    out = {"answered_before_cookie": 0}
    ok = True
    for _ in range(10000):
        spi, nonce = os.urandom(8), os.urandom(32)
        k = ask(s, dst, request(spi, nonce), spi)
        if k is None or k[0] == "other":
            out["error"] = "no answer, or an unexpected one: %s" % (k,)
            print(json.dumps(out))
            return 1
        if k[0] == "cookie":
            break
        out["answered_before_cookie"] += 1
    cookie = k[1]
    out["cookie_len"] = len(cookie)
    k = ask(s, dst, request(spi, nonce, cookie), spi)
    out["with_cookie"] = k[0] if k else "none"
    ok &= out["with_cookie"] == "init"
    # another request's cookie, or this one altered: a cookie again
    spi2, nonce2 = os.urandom(8), os.urandom(32)
    k = ask(s, dst, request(spi2, nonce2, cookie), spi2)
    out["cookie_of_another_spi"] = k[0] if k else "none"
    ok &= out["cookie_of_another_spi"] == "cookie"
    bad = bytes([cookie[0]]) + bytes([cookie[1] ^ 1]) + cookie[2:]
    spi3, nonce3 = os.urandom(8), os.urandom(32)
    k = ask(s, dst, request(spi3, nonce3), spi3)
    ok &= k is not None and k[0] == "cookie"
    k = ask(s, dst, request(spi3, nonce3, bad), spi3)
    out["altered_cookie"] = k[0] if k else "none"
    ok &= out["altered_cookie"] == "cookie"
    k = ask(s, dst, request(spi3, os.urandom(32), k[1] if k else b"x"), spi3)
    out["cookie_with_another_nonce"] = k[0] if k else "none"
    ok &= out["cookie_with_another_nonce"] == "cookie"
    out["ok"] = bool(ok)
    print(json.dumps(out))
    return 0 if ok else 1


def flood(dst, src, sport, rate, seconds, answer):
    """Paced sending from one template: scapy builds it once; each request
    gets its own SPI (bytes 0-8) and nonce (its first 8 bytes a counter)."""
    s = sock(src, sport)
    s.setblocking(False)
    nonce0 = os.urandom(32)
    tmpl = bytearray(request(bytes(8), nonce0))
    at = bytes(tmpl).index(nonce0)
    body = bytes(tmpl[HDR:])          # SA, KE, Nonce: after the cookie
    sent = answered = cookies = others = returned = errors = 0
    pending = {}                      # SPI -> nonce, for cookies to return
    rnd = random.Random(os.urandom(16))
    start = time.monotonic()
    tick = 0.005
    per_tick = max(1, int(rate * tick))
    t_next = start
    while True:
        now = time.monotonic()
        if now - start >= seconds:
            break
        if now < t_next:
            time.sleep(t_next - now)
        t_next += tick
        due = int((time.monotonic() - start) * rate) - sent
        for _ in range(min(due, per_tick * 4)):
            spi = rnd.getrandbits(64).to_bytes(8, "big")
            tmpl[0:8] = spi
            tmpl[at:at + 8] = struct.pack(">Q", sent)
            if answer:
                pending[spi] = bytes(tmpl[at:at + 32])
            try:
                s.sendto(tmpl, (dst, 500))
            except BlockingIOError:
                errors += 1
            sent += 1
        while True:
            try:
                got, _ = s.recvfrom(65535)
            except BlockingIOError:
                break
            if len(got) < HDR + 8 or got[18] != 34 or not got[19] & FLAG_R:
                others += 1
                continue
            if (got[16] == PL_NOTIFY and struct.unpack(">H", got[HDR + 6:HDR + 8])[0] ==
                    N_COOKIE and got[8:16] == bytes(8)):
                cookies += 1
                spi = bytes(got[0:8])
                if answer and spi in pending:
                    cookie = got[HDR + 8 + got[HDR + 5]:HDR + struct.unpack(
                        ">H", got[HDR + 2:HDR + 4])[0]]
                    nonce = pending.pop(spi)
                    b = bytearray(body)
                    b[at - HDR:at - HDR + 32] = nonce
                    n = struct.pack(">BBHBBH", PL_SA, 0, 8 + len(cookie), 0, 0,
                                    N_COOKIE) + cookie
                    msg = bytearray(spi + bytes(8) + bytes([PL_NOTIFY]) + bytes(tmpl[17:HDR])) + n + b
                    msg[24:28] = struct.pack(">I", len(msg))
                    try:
                        s.sendto(msg, (dst, 500))
                        returned += 1
                    except BlockingIOError:
                        errors += 1
            elif got[8:16] != bytes(8):
                answered += 1
            else:
                others += 1
        if len(pending) > 200000:
            pending.clear()
    elapsed = time.monotonic() - start
    # answers still on their way
    end = time.monotonic() + 0.5
    while time.monotonic() < end:
        try:
            got, _ = s.recvfrom(65535)
        except BlockingIOError:
            time.sleep(0.01)
            continue
        if len(got) >= HDR + 8 and got[16] == PL_NOTIFY and got[8:16] == bytes(8):
            cookies += 1
        elif len(got) >= HDR and got[8:16] != bytes(8):
            answered += 1
    print(json.dumps({"sent": sent, "seconds": round(elapsed, 3),
                      "rate": round(sent / elapsed) if elapsed else 0,
                      "answered": answered, "cookies": cookies,
                      "cookies_returned": returned, "other": others,
                      "send_errors": errors}))
    return 0


def main(argv):
    if len(argv) == 5 and argv[1] == "check":
        return check(argv[2], argv[3], int(argv[4]))
    if len(argv) in (7, 8) and argv[1] == "flood":
        return flood(argv[2], argv[3], int(argv[4]), float(argv[5]), float(argv[6]),
                     len(argv) == 8 and argv[7] == "answer")
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
