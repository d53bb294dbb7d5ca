#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""frag_scapy.py - scapy's fragment() as the oracle of IPv4 fragmentation,
for test_ipsec_engine's reassembly of outer ESP fragments.

  frag_scapy.py FRAGSIZE FILE
      FILE holds one IPv4 packet; prints the fragments scapy's fragment()
      makes of it with FRAGSIZE data bytes each (a multiple of 8), in
      order, one a line in hex.
"""
import sys

from scapy.all import IP, fragment, raw


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    with open(sys.argv[2], "rb") as f:
        pkt = IP(f.read())
    for frag in fragment(pkt, fragsize=int(sys.argv[1])):
        print(raw(frag).hex())
    return 0


if __name__ == "__main__":
    sys.exit(main())
