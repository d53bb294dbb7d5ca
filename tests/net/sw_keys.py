#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""sw_keys.py KEYLOG: tshark's esp_sa entries, one "-o" value per line, for
every CHILD_SA in a charon key log (filelog with chd = 4, ike = 4: charon
prints each CHILD_SA's keys, then the SAs it adds).

A CHILD_SA's keys are named for the direction they protect (initiator's or
responder's); which of its SAs is which follows from charon's role in the
exchange that made it: the last IKE_AUTH or CREATE_CHILD_SA message the
same thread parsed was a response when charon initiated."""
import re
import sys

ENC = {"AES_GCM_16": "AES-GCM with 16 octet ICV [RFC4106]", "AES_CBC": "AES-CBC [RFC3602]"}
INTEG = {"HMAC_SHA2_256_128": "HMAC-SHA-256-128 [RFC4868]",
         "HMAC_SHA2_384_192": "HMAC-SHA-384-192 [RFC4868]",
         "HMAC_SHA2_512_256": "HMAC-SHA-512-256 [RFC4868]"}

LINE = re.compile(r"^(?:\S+ )?(\d+)\[(\w+)\] (.*)$")
HEX = re.compile(r"^\s*\d+: ((?:[0-9A-F]{2} )+)")


def main(path):
    lines = [m.groups() for m in (LINE.match(l.rstrip("\n")) for l in open(path, errors="replace")) if m]
    state = {}          # thread -> what it learnt so far
    out = []
    for i, (thread, _, text) in enumerate(lines):
        st = state.setdefault(thread, {"keys": {}})
        m = re.match(r"parsed (IKE_AUTH|CREATE_CHILD_SA) (request|response)", text)
        if m:
            st["initiator"] = m.group(2) == "response"
        m = re.match(r"\s*using (\w+) for (encryption|integrity)", text)
        if m:
            if m.group(2) == "encryption":      # a new CHILD_SA: AEAD has no integrity line
                st.pop("integrity", None)
            st[m.group(2)] = m.group(1)
        m = re.match(r"(encryption|integrity) (initiator|responder) key => (\d+) bytes", text)
        if m:
            data = ""
            for t2, _, more in lines[i + 1:]:
                if t2 != thread:
                    continue
                h = HEX.match(more)
                if not h:
                    break
                data += h.group(1).replace(" ", "")
            st["keys"][(m.group(1), m.group(2))] = data[:2 * int(m.group(3))].lower()
        m = re.match(r"adding (inbound|outbound) ESP SA", text)
        if m:
            st["dir"] = m.group(1)
        m = re.match(r"\s*SPI (0x[0-9a-f]+), src (\S+) dst (\S+)", text)
        if m and "dir" in st:
            # inbound SAs carry the peer's direction
            theirs = st["dir"] == "inbound"
            side = ("responder" if st.get("initiator") else "initiator") if theirs else \
                ("initiator" if st.get("initiator") else "responder")
            enc = st.get("encryption", "")
            integ = st.get("integrity")
            out.append('uat:esp_sa:"IPv4","%s","%s","%s","%s","0x%s","%s","%s"' % (
                m.group(2), m.group(3), m.group(1), ENC.get(enc, enc),
                st["keys"].get(("encryption", side), ""),
                INTEG.get(integ, "NULL") if integ else "NULL",
                "0x" + st["keys"].get(("integrity", side), "") if integ else ""))
            del st["dir"]
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1])
