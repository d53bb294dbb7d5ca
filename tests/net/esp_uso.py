#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# esp_uso.py - an ESP in UDP peer gateway (RFC 4106 AES-GCM-128, RFC 3948)
# written on python3-cryptography, independent of vgw: it takes datagrams
# from an ordinary UDP socket on port 4500 (no UDP_GRO: the kernel cuts a
# frame of UDP segmentation offload into its datagrams before they reach
# it), opens each as one whole ESP packet (the GCM tag is the oracle) and
# writes the inner packet to a TUN device; what the kernel routes into the
# TUN device it seals and sends back.
#
# Usage: esp_uso.py TUN LOCAL PEER SPI_IN KEY_IN SPI_OUT KEY_OUT STATS
# (keys: 40 hex digits, AES-128 key then salt). On SIGTERM it writes to
# STATS: datagrams taken, those that opened, the largest, packets sent.
import fcntl
import os
import select
import signal
import socket
import struct
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

TUNSETIFF = 0x400454ca
IFF_TUN, IFF_NO_PI = 0x0001, 0x1000


def main():
    tun_name, local, peer = sys.argv[1:4]
    spi_in, key_in = int(sys.argv[4], 0), bytes.fromhex(sys.argv[5])
    spi_out, key_out = int(sys.argv[6], 0), bytes.fromhex(sys.argv[7])
    stats_file = sys.argv[8]
    gcm_in, salt_in = AESGCM(key_in[:16]), key_in[16:]
    gcm_out, salt_out = AESGCM(key_out[:16]), key_out[16:]
    tun = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(tun, TUNSETIFF, struct.pack("16sH", tun_name.encode(), IFF_TUN | IFF_NO_PI))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sock.bind((local, 4500))
    st = {"taken": 0, "opened": 0, "largest": 0, "sent": 0}
    seq = 0

    def done(*_):
        with open(stats_file, "w") as f:
            f.write("%(taken)d %(opened)d %(largest)d %(sent)d\n" % st)
        sys.exit(0)

    signal.signal(signal.SIGTERM, done)
    open(stats_file + ".ready", "w").close()
    while True:
        r, _, _ = select.select([tun, sock], [], [])
        if sock in r:
            d = sock.recv(70000)
            st["taken"] += 1
            st["largest"] = max(st["largest"], len(d))
            if len(d) < 8 + 8 + 16 or struct.unpack("!I", d[:4])[0] != spi_in:
                continue
            try:
                pt = gcm_in.decrypt(salt_in + d[8:16], d[16:], d[:8])
            except Exception:
                continue
            pad, nh = pt[-2], pt[-1]
            if nh != 4 or pad + 2 > len(pt):
                continue
            st["opened"] += 1
            os.write(tun, pt[:len(pt) - 2 - pad])
        if tun in r:
            inner = os.read(tun, 70000)
            seq += 1
            pad = (-(len(inner) + 2)) % 4
            pt = inner + bytes(range(1, pad + 1)) + bytes([pad, 4])
            hdr = struct.pack("!II", spi_out, seq)
            iv = struct.pack("!Q", seq)
            sock.sendto(hdr + iv + gcm_out.encrypt(salt_out + iv, pt, hdr), (peer, 4500))
            st["sent"] += 1


main()
