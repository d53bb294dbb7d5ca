#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tcp_merge_scapy.py - scapy as the oracle of test_tcp_merge: a TCP
stream's segments and the one packet that carries them all.

  tcp_merge_scapy.py MSS COUNT LAST
      Prints COUNT segments of MSS payload bytes and one of LAST bytes
      (PSH set on it), one a line in hex after "S ", each with its own IP
      ID and correct checksums; then after "M " the packet scapy builds
      with the first segment's headers, all the payload and PSH, its
      checksums computed by scapy (unless it would be larger than an
      IPv4 packet can be).
"""
import sys

from scapy.all import IP, TCP, raw


def segment(seq, data, ip_id, flags):
    return IP(src="10.9.0.5", dst="10.2.0.2", id=ip_id, ttl=64, tos=0x10,
              flags="DF") / TCP(sport=40000, dport=5201, seq=seq, ack=77777,
                                flags=flags, window=502,
                                options=[("NOP", None), ("NOP", None),
                                         ("Timestamp", (1234, 5678))]) / data


def main():
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    mss, count, last = (int(a) for a in sys.argv[1:])
    seq, payload = 1000000, b""
    for i in range(count + 1):
        n = mss if i < count else last
        data = bytes((seq + j) & 0xff for j in range(n))
        print("S " + raw(segment(seq, data, 300 + i, "PA" if i == count else "A")).hex())
        payload += data
        seq += n
    if 20 + 32 + len(payload) <= 65535:
        print("M " + raw(segment(1000000, payload, 300, "PA")).hex())
    return 0


if __name__ == "__main__":
    sys.exit(main())
