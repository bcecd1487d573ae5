# SPDX-License-Identifier: BSD-3-Clause
"""Shared helpers for the sample tests: the sample list, expected JSON, a pcap reader."""

import json
import os
import re
import struct

PCAP_MAGIC_USEC = 0xA1B2C3D4
PCAP_MAGIC_NSEC = 0xA1B23C4D
SIZE_LIMIT = 2_000_000  # all samples together, pcaps and expected JSON


def sample_names(directory):
    """Every NAME with a NAME.pcap in directory, sorted."""
    return sorted(f[:-5] for f in os.listdir(directory) if f.endswith(".pcap"))


def load_expected(directory, name):
    with open(os.path.join(directory, name + ".expected.json"), encoding="utf-8") as f:
        return json.load(f)


def counter_names(decode_h):
    """(protocol counters, malformed reasons) in decode.h's X-macro order."""
    with open(decode_h, encoding="utf-8") as f:
        text = f.read()

    def xlist(macro):
        m = re.search(r"#define\s+" + macro + r"\(X\)((?:[^\n]*\\\n)*[^\n]*)", text)
        if m is None:
            raise SystemExit(f"{decode_h}: no {macro}(X) list")
        # An entry is X(name, ...) or another list, NAME(X), spliced in.
        names = []
        for x, sub in re.findall(r"\bX\(\s*(\w+)\s*,|\b(DECODE_\w+)\(X\)", m.group(1)):
            names += [x] if x else xlist(sub)
        return names

    return xlist("DECODE_PROTOCOL_COUNTERS"), xlist("DECODE_MALFORMED_REASONS")


class Pcap:
    """A classic pcap file: link type, timestamp precision, and its records."""

    def __init__(self, path):
        with open(path, "rb") as f:
            data = f.read()
        if len(data) < 24:
            raise ValueError(f"{path}: shorter than a pcap file header")
        magic = struct.unpack_from("<I", data, 0)[0]
        if magic == PCAP_MAGIC_USEC:
            self.nsec = False
        elif magic == PCAP_MAGIC_NSEC:
            self.nsec = True
        else:
            raise ValueError(f"{path}: not a little-endian pcap file (magic {magic:#x})")
        _, _, _, _, self.snaplen, self.linktype = struct.unpack_from("<HHiIII", data, 4)
        self.records = []  # (timestamp in ns, captured bytes, wire length)
        off = 24
        while off < len(data):
            sec, frac, caplen, wirelen = struct.unpack_from("<IIII", data, off)
            off += 16
            ts = sec * 1_000_000_000 + (frac if self.nsec else frac * 1000)
            self.records.append((ts, data[off:off + caplen], wirelen))
            off += caplen
        if off != len(data):
            raise ValueError(f"{path}: last record runs past the end of the file")


def checksum_counter_names(decode_h):
    """The protocol counters only --verify-l4-checksums moves (a sub-list of decode.h's)."""
    with open(decode_h, encoding="utf-8") as f:
        body = re.search(r"#define\s+DECODE_L4_CHECKSUM_COUNTERS\(X\)((?:[^\n]*\\\n)*[^\n]*)",
                         f.read())
    if body is None:
        raise SystemExit(f"{decode_h}: no DECODE_L4_CHECKSUM_COUNTERS(X) list")
    return re.findall(r"\bX\(\s*(\w+)\s*,", body.group(1))
