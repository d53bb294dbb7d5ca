#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""ike_scapy.py - scapy's IKEv2 layer as the oracle of src/ike's wire format.

  ike_scapy.py describe FILE        dissect FILE with scapy, print what it read
  ike_scapy.py build KIND FILE      build an IKE_SA_INIT (KIND request or
                                    response) with scapy into FILE, and print
                                    what was meant to be in it

test_ike_scapy compares the descriptions with its own, one line per fact:

  hdr spi_i=HEX16 spi_r=HEX16 exch=N flags=0xHH msgid=N
  SA
  prop num=N proto=N spi_size=N spi=HEX
  xf type=N id=N key_bits=N
  KE group=N len=N
  No len=N
  N type=N proto=N spi_size=N spi=HEX len=N
  V len=N
"""
import sys

from scapy.contrib.ikev2 import (IKEv2, IKEv2_class, IKEv2_payload_KE, IKEv2_payload_Nonce,
                                 IKEv2_payload_Notify, IKEv2_payload_Proposal,
                                 IKEv2_payload_SA, IKEv2_payload_Transform,
                                 IKEv2_payload_VendorID)

FLAG_I, FLAG_R = 0x08, 0x20
PAYLOAD_TYPES = {IKEv2_payload_SA: 33, IKEv2_payload_KE: 34, IKEv2_payload_Nonce: 40,
                 IKEv2_payload_Notify: 41, IKEv2_payload_VendorID: 43}


def hdr_line(spi_i, spi_r, exch, flags, msgid):
    return "hdr spi_i=%s spi_r=%s exch=%d flags=0x%02x msgid=%d" % (
        spi_i.hex(), spi_r.hex(), exch, flags, msgid)


def prop_line(num, proto, spi):
    return "prop num=%d proto=%d spi_size=%d spi=%x" % (
        num, proto, len(spi), int.from_bytes(spi, "big"))


def xf_line(xtype, xid, key_bits):
    return "xf type=%d id=%d key_bits=%d" % (xtype, xid, key_bits)


def notify_line(ntype, proto, spi, data):
    return "N type=%d proto=%d spi_size=%d spi=%x len=%d" % (
        ntype, proto, len(spi), int.from_bytes(spi, "big"), len(data))


def describe(data):
    """What scapy reads in data, in the format above."""
    pkt = IKEv2(data)
    out = [hdr_line(pkt.init_SPI, pkt.resp_SPI, pkt.exch_type, int(pkt.flags), pkt.id)]
    pl = pkt.payload
    while isinstance(pl, IKEv2_class):
        if isinstance(pl, IKEv2_payload_SA):
            out.append("SA")
            prop = pl.prop
            while isinstance(prop, IKEv2_payload_Proposal):
                out.append(prop_line(prop.proposal, prop.proto, prop.SPI))
                xf = prop.trans
                while isinstance(xf, IKEv2_payload_Transform):
                    out.append(xf_line(xf.transform_type, xf.transform_id,
                                       xf.key_length if xf.length > 8 else 0))
                    xf = xf.payload
                prop = prop.payload
        elif isinstance(pl, IKEv2_payload_KE):
            out.append("KE group=%d len=%d" % (pl.group, len(pl.load)))
        elif isinstance(pl, IKEv2_payload_Nonce):
            out.append("No len=%d" % len(pl.load))
        elif isinstance(pl, IKEv2_payload_Notify):
            # scapy 2.5 gives a notify's data length - 8 bytes, counting
            # the SPI's bytes twice: its length field says how much it is
            out.append(notify_line(pl.type, pl.proto, pl.SPI, bytes(pl.length - 8 - pl.SPIsize)))
        elif isinstance(pl, IKEv2_payload_VendorID):
            out.append("V len=%d" % len(pl.vendorID))
        else:
            out.append("? %s" % pl.name)
        pl = pl.payload
    return out


# What scapy builds: proposals as (num, protocol, spi, [(type, id, key_bits)])
REQUEST = {
    "spi_i": bytes.fromhex("8899aabbccddeeff"), "spi_r": bytes(8), "flags": FLAG_I, "msgid": 0,
    "props": [
        (1, 1, b"", [(1, 20, 256), (2, 7, 0), (4, 19, 0), (4, 31, 0)]),
        (2, 1, b"", [(1, 12, 128), (3, 12, 0), (2, 5, 0), (4, 14, 0)]),
        (3, 1, b"", [(1, 12, 256), (3, 14, 0), (2, 7, 0), (4, 20, 0)]),
    ],
    "ke": (19, bytes(range(64))),
    "nonce": bytes(range(100, 132)),
    # (type, protocol, spi, data)
    "notifies": [(16388, 0, b"", bytes(20)), (16389, 0, b"", bytes(range(20))),
                 (16430, 0, b"", b""), (16431, 0, b"", b"\x00\x02\x00\x03\x00\x04")],
    "vendor": b"strongSwan-like vendor id",
}
RESPONSE = {
    "spi_i": bytes.fromhex("8899aabbccddeeff"), "spi_r": bytes.fromhex("0123456789abcdef"),
    "flags": FLAG_R, "msgid": 0,
    "props": [(2, 1, b"", [(1, 12, 128), (3, 12, 0), (2, 5, 0), (4, 14, 0)])],
    "ke": (14, bytes(256)),
    "nonce": bytes(range(48)),
    "notifies": [(16388, 0, b"", bytes(20)), (16389, 0, b"", bytes(20)),
                 (16404, 0, b"", b""), (16430, 0, b"", b"")],
    "vendor": b"\x01\x02\x03",
}


def build(spec):
    """An IKE_SA_INIT from spec, and the description of what it holds."""
    desc = [hdr_line(spec["spi_i"], spec["spi_r"], 34, spec["flags"], spec["msgid"]), "SA"]
    props = None
    for num, proto, spi, xfs in spec["props"]:
        desc.append(prop_line(num, proto, spi))
        trans = None
        for xtype, xid, key_bits in xfs:
            desc.append(xf_line(xtype, xid, key_bits))
            if key_bits:
                xf = IKEv2_payload_Transform(transform_type=xtype, transform_id=xid, length=12,
                                             key_length=key_bits)
            else:
                xf = IKEv2_payload_Transform(transform_type=xtype, transform_id=xid)
            trans = xf if trans is None else trans / xf
        prop = IKEv2_payload_Proposal(proposal=num, proto=proto, SPI=spi, trans_nb=len(xfs),
                                      trans=trans)
        props = prop if props is None else props / prop
    group, ke = spec["ke"]
    payloads = [IKEv2_payload_SA(prop=props), IKEv2_payload_KE(group=group, load=ke),
                IKEv2_payload_Nonce(load=spec["nonce"])]
    desc += ["KE group=%d len=%d" % (group, len(ke)), "No len=%d" % len(spec["nonce"])]
    for ntype, proto, spi, data in spec["notifies"]:
        payloads.append(IKEv2_payload_Notify(type=ntype, proto=proto, SPI=spi, load=data))
        desc.append(notify_line(ntype, proto, spi, data))
    payloads.append(IKEv2_payload_VendorID(vendorID=spec["vendor"]))
    desc.append("V len=%d" % len(spec["vendor"]))
    # scapy chains the header to the first payload, not the payloads to
    # each other: each Next Payload is set here
    pkt = IKEv2(init_SPI=spec["spi_i"], resp_SPI=spec["spi_r"], exch_type=34, flags=spec["flags"],
                id=spec["msgid"])
    for i, pl in enumerate(payloads):
        pl.next_payload = PAYLOAD_TYPES[type(payloads[i + 1])] if i + 1 < len(payloads) else 0
        pkt = pkt / pl
    return bytes(pkt), desc


def main(argv):
    if len(argv) == 3 and argv[1] == "describe":
        with open(argv[2], "rb") as f:
            print("\n".join(describe(f.read())))
        return 0
    if len(argv) == 4 and argv[1] == "build" and argv[2] in ("request", "response"):
        data, desc = build(REQUEST if argv[2] == "request" else RESPONSE)
        with open(argv[3], "wb") as f:
            f.write(data)
        print("\n".join(desc))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
