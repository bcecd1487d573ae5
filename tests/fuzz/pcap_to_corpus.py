#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Split Ethernet pcaps into libFuzzer seeds for fuzz_decode, one per packet.

Each packet becomes two inputs in fuzz_decode's format (see fuzz_decode.c):
one segment, and three segments split 7 and 27 bytes in (inside the
Ethernet header and inside the L3 header), so both the contiguous path and
the chain path start from real traffic.

usage: pcap_to_corpus.py OUT_DIR FILE.pcap...
Reads classic pcap (either byte order, micro- or nanosecond) and pcapng.
"""
import os
import struct
import sys

LINKTYPE_ETHERNET = 1


def classic(data, name):
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        end = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        end = ">"
    else:
        return None
    if struct.unpack(end + "I", data[20:24])[0] != LINKTYPE_ETHERNET:
        print(f"{name}: not Ethernet, skipped", file=sys.stderr)
        return []
    out, off = [], 24
    while off + 16 <= len(data):
        caplen = struct.unpack(end + "I", data[off + 8:off + 12])[0]
        out.append(data[off + 16:off + 16 + caplen])
        off += 16 + caplen
    return out


def pcapng(data, name):
    out, off, end, links = [], 0, "<", []
    while off + 12 <= len(data):
        btype = struct.unpack(end + "I", data[off:off + 4])[0]
        if btype == 0x0A0D0D0A:  # section header: learn the byte order
            end = "<" if data[off + 8:off + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            links = []
        blen = struct.unpack(end + "I", data[off + 4:off + 8])[0]
        if blen < 12:
            break
        body = data[off + 8:off + blen - 4]
        if btype == 1:  # interface description
            links.append(struct.unpack(end + "H", body[:2])[0])
        elif btype == 6:  # enhanced packet
            ifid, _, _, caplen = struct.unpack(end + "IIII", body[:16])
            if ifid < len(links) and links[ifid] == LINKTYPE_ETHERNET:
                out.append(body[20:20 + caplen])
        off += blen
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: pcap_to_corpus.py OUT_DIR FILE.pcap...")
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    total = 0
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            data = f.read()
        name = os.path.basename(path)
        pkts = classic(data, name)
        if pkts is None:
            pkts = pcapng(data, name) if data[:4] == b"\x0a\x0d\x0d\x0a" else []
        stem = os.path.splitext(name)[0]
        for i, frame in enumerate(pkts):
            for tag, prefix in (("1seg", b"\x00"), ("3seg", b"\x02\x07\x14")):
                with open(os.path.join(outdir, f"{stem}-{i:06d}-{tag}"),
                          "wb") as f:
                    f.write(prefix + frame)
        total += len(pkts)
    print(f"pcap_to_corpus: {total} packets, {2 * total} seeds in {outdir}")


if __name__ == "__main__":
    main()
