#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""esp_scapy.py - the other end of a manually keyed ESP tunnel, for
esp_scapy.sh: scapy's SecurityAssociation seals tunnel-mode ESP (raw or in
UDP 4500) that the router under test must decrypt, and opens what the router
seals. Needs python3-scapy and python3-cryptography.

  esp_scapy.py peer IFNAME LOCAL PEER
      One command a line on stdin, one answer a line on stdout:
        sa NAME SPI ALG EKEY IKEY|- esn|noesn udp|raw
            an SA: ALG is aes128gcm16 (EKEY: key and 4-byte salt, hex) or
            aes128-sha256 / aes256-sha256 (EKEY, IKEY: hex)
        send NAME HIGH LOW MARK [MUTATION]
            seals IP(10.9.0.2 > 10.1.0.2)/UDP(40000 > 5555)/MARK with
            sequence number HIGH:LOW (HIGH: the ESN's upper 32 bits) and sends
            it from LOCAL to PEER. MUTATION: icv (last ICV byte flipped),
            truncate (ESP cut after its IV and 4 bytes), pad (a padding byte
            not the RFC 4303 value), padlen (pad length past the payload),
            dummy (next header 59), wronghigh (sealed with HIGH+1 as the
            upper bits while LOW stays), outside (the inner packet from
            10.8.0.2, outside the tunnel's remote network), frag (sealed
            as it should be, the outer packet cut by scapy's fragment()
            into fragments of 32 data bytes, sent in order), fragrev (the
            same, the last fragment first)
        clear MARK                the inner packet itself, not in ESP
        replay NAME HIGH LOW      the same bytes as that earlier send, again
        keepalive                 a NAT-T keepalive (one byte 0xff, UDP 4500)
        recv NAME SECS            waits for an ESP packet from PEER with NAME's
                                  SPI on IFNAME, opens it: "got SEQ SRC DST PAYLOAD"
  esp_scapy.py sink ADDR PORT FILE
      Writes each UDP datagram's payload that ADDR:PORT receives to FILE, a
      line each (the markers), until killed.
"""
import hmac
import hashlib
import os
import socket
import struct
import sys


HASHES = {"SHA2-256-128": hashlib.sha256, "SHA2-384-192": hashlib.sha384, "SHA2-512-256": hashlib.sha512}


def sink(addr, port, path):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, int(port)))
    with open(path, "a") as out:
        open(path + ".ready", "w").close()
        while True:
            data = s.recv(65536)
            out.write(data.decode(errors="replace") + "\n")
            out.flush()


def peer(ifname, local, remote):
    from scapy.all import IP, UDP, Raw, raw, Ether, fragment
    from scapy.layers.ipsec import ESP, SecurityAssociation, _ESPPlain, split_for_transport

    tx = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    tunnel = IP(src=local, dst=remote)
    sas, sent = {}, {}

    def mksa(name, spi, alg, ekey, ikey, esn, udp):
        kw = dict(tunnel_header=tunnel, esn_en=(esn == "esn"))
        if udp == "udp":
            kw["nat_t_header"] = UDP(sport=4500, dport=4500)
        if alg == "aes128gcm16" or alg == "aes256gcm16":
            kw.update(crypt_algo="AES-GCM", crypt_key=bytes.fromhex(ekey))
        else:
            kw.update(crypt_algo="AES-CBC", crypt_key=bytes.fromhex(ekey),
                      auth_algo="SHA2-%s-%d" % (alg[-3:], int(alg[-3:]) // 2),
                      auth_key=bytes.fromhex(ikey))
        sa = SecurityAssociation(ESP, spi=int(spi, 0), **kw)
        sa.vgw_alg = alg
        sas[name] = sa

    def seal(sa, inner, high, low, mutation):
        """ESP bytes (and the outer header) for inner, as
        SecurityAssociation._encrypt_esp builds them, with the mutation."""
        algo = sa.crypt_algo
        esp = _ESPPlain(spi=sa.spi, seq=low, iv=algo.generate_iv())
        pkt = tunnel.__class__(raw(tunnel.copy() / inner))
        ip_header, nh, payload = split_for_transport(pkt, socket.IPPROTO_ESP)
        esp.data = payload
        esp.nh = 59 if mutation == "dummy" else nh
        esp = algo.pad(esp)
        if mutation == "pad":
            # one more alignment's worth of padding, its first byte wrong
            align = max(algo.block_size, 4)
            esp.padding = bytes([0x55]) + bytes(range(2, esp.padlen + align + 1))
            esp.padlen = len(esp.padding)
        elif mutation == "padlen":
            esp.padlen = 255
        sealed_high = high + 1 if mutation == "wronghigh" else high
        esp = algo.encrypt(sa, esp, sa.crypt_key, sa.crypt_icv_size,
                           esn_en=sa.esn_en, esn=sealed_high)
        if sa.auth_algo.mac and not sa.esn_en:
            sa.auth_algo.sign(esp, sa.auth_key)
        elif sa.auth_algo.mac:
            # RFC 4303 2.2.1: with ESN the ICV also covers the upper 32
            # bits, after the packet (scapy 2.5 leaves them out for ESP)
            m = hmac.new(sa.auth_key, raw(esp) + struct.pack("!L", sealed_high), HASHES[sa.auth_algo.name])
            esp.data += m.digest()[:sa.auth_algo.icv_size]
        b = bytearray(raw(esp))
        if mutation == "icv":
            b[-1] ^= 1
        elif mutation == "truncate":
            b = b[:8 + len(algo.generate_iv()) + 4]
        return bytes(b)

    def outer(sa, espbytes):
        if sa.nat_t_header is not None:
            body = raw(UDP(sport=4500, dport=4500, chksum=0, len=8 + len(espbytes)) / Raw(espbytes))
            return raw(IP(src=local, dst=remote, proto=17) / Raw(body))
        return raw(IP(src=local, dst=remote, proto=50) / Raw(espbytes))

    def recv(sa, secs):
        import time
        rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
        rx.bind((ifname, 0))
        end = time.time() + float(secs)
        while time.time() < end:
            rx.settimeout(max(0.01, end - time.time()))
            try:
                f, a = rx.recvfrom(65536)
            except socket.timeout:
                break
            if a[2] == socket.PACKET_OUTGOING:
                continue
            p = Ether(f)
            if IP not in p or p[IP].src != remote:
                continue
            if p[IP].proto == 50:
                e = ESP(raw(p[IP].payload))
            elif UDP in p and p[UDP].dport == 4500 and len(p[UDP].payload) > 8:
                b = raw(p[UDP].payload)
                if b[:4] == b"\0\0\0\0":
                    continue
                e = ESP(b)
            else:
                continue
            if e.spi != sa.spi:
                continue
            # the SA opens its own direction's packets: swap the roles
            ip = IP(src=remote, dst=local) / e
            if sa.nat_t_header is not None:
                ip = IP(src=remote, dst=local) / UDP(sport=4500, dport=4500) / e
            try:
                if sa.esn_en and sa.auth_algo.mac:
                    # the ICV covers the upper 32 bits too (RFC 4303
                    # 2.2.1; scapy 2.5 leaves them out for ESP): checked
                    # here with 0, the first epoch, then opened unchecked
                    b, n = raw(e), sa.auth_algo.icv_size
                    m = hmac.new(sa.auth_key, b[:-n] + struct.pack("!L", 0), HASHES[sa.auth_algo.name])
                    if not hmac.compare_digest(m.digest()[:n], b[-n:]):
                        return "bad %d ICV" % e.seq
                    inner = sa.decrypt(ip, verify=False)
                else:
                    inner = sa.decrypt(ip)
            except Exception as x:
                return "bad %s %r" % (e.seq, x)
            if UDP in inner and Raw in inner:
                pl = inner[Raw].load.decode(errors="replace")
            else:
                pl = "-"
            return "got %d %s %s %s" % (e.seq, inner[IP].src, inner[IP].dst, pl)
        return "nothing"

    for line in sys.stdin:
        w = line.split()
        if not w:
            continue
        try:
            if w[0] == "sa":
                mksa(*w[1:8])
                print("ok", flush=True)
            elif w[0] == "send":
                name, high, low, mark = w[1], int(w[2], 0), int(w[3], 0), w[4]
                mutation = w[5] if len(w) > 5 else None
                sa = sas[name]
                inner = IP(src="10.8.0.2" if mutation == "outside" else "10.9.0.2", dst="10.1.0.2", ttl=64) / \
                    UDP(sport=40000, dport=5555) / Raw(mark.encode())
                pkt = outer(sa, seal(sa, inner, high, low, mutation))
                sent[(name, high, low)] = pkt
                if mutation in ("frag", "fragrev"):
                    frags = [raw(f) for f in fragment(IP(pkt), fragsize=32)]
                    if mutation == "fragrev":
                        frags.reverse()
                    n = sum(tx.sendto(f, (remote, 0)) for f in frags)
                else:
                    n = tx.sendto(pkt, (remote, 0))
                print("sent %d" % n, flush=True)
            elif w[0] == "replay":
                n = tx.sendto(sent[(w[1], int(w[2], 0), int(w[3], 0))], (remote, 0))
                print("sent %d" % n, flush=True)
            elif w[0] == "clear":
                pkt = raw(IP(src="10.9.0.2", dst="10.1.0.2", ttl=64) / UDP(sport=40000, dport=5555) / Raw(w[1].encode()))
                n = tx.sendto(pkt, ("10.1.0.2", 0))
                print("sent %d" % n, flush=True)
            elif w[0] == "keepalive":
                n = tx.sendto(raw(IP(src=local, dst=remote) / UDP(sport=4500, dport=4500, chksum=0) / Raw(b"\xff")),
                              (remote, 0))
                print("sent %d" % n, flush=True)
            elif w[0] == "recv":
                print(recv(sas[w[1]], w[2]), flush=True)
            else:
                print("error unknown command %s" % w[0], flush=True)
        except Exception as x:
            print("error %s: %r" % (w[0], x), flush=True)


if __name__ == "__main__":
    if len(sys.argv) >= 5 and sys.argv[1] == "sink":
        sink(*sys.argv[2:5])
    elif len(sys.argv) >= 5 and sys.argv[1] == "peer":
        peer(*sys.argv[2:5])
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)
