#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""samples_tshark: do tshark's dissections agree with the expected counts?

For every sample, one tshark pass lists each frame's protocol stack, expert
messages and a few header fields. view() turns that into what the rules in
app/decode.h count for the frame, reading tshark's judgement (which layers it
dissected, where it stopped with an exception, which "Bogus ..." expert it
raised). The sums must equal NAME.expected.json: packets, bytes, every
protocol counter, every malformed reason, later fragments.

Where tshark and the rules differ, the difference is listed in EXCEPTIONS
below and handled in view() at the line that cites it. Everything else is
tshark's own verdict.

usage: check_tshark.py [--tshark PATH] SAMPLES_DIR
"""

import argparse
import os
import subprocess
import sys

import samplelib

TSHARK_OPTS = [
    "-o", "ip.defragment:FALSE",     # else first fragments lose their L4 header
    "-o", "ipv6.defragment:FALSE",
    "-o", "ip.check_checksum:TRUE",  # for ipv4_bad_checksum
    "-o", "tcp.check_checksum:TRUE",  # for --verify-l4-checksums (ICMP, ICMPv6: always)
    "-o", "udp.check_checksum:TRUE",
    "-o", "ip.tso_support:FALSE",    # EXCEPTIONS[tso]
    "-o", "tcp.desegment_tcp_streams:FALSE",
    "-o", "tcp.analyze_sequence_numbers:FALSE",
    "-d", "tcp.port==1-65535,data",  # EXCEPTIONS[payloads]
    "-d", "udp.port==1-65535,data",
]

# Where tshark 4.0 and the rules part ways, and what view() does about it.
EXCEPTIONS = {
    "tso": "tshark takes an IPv4 total length of 0 for TSO and trusts the frame; the rules "
           "call it ipv4_bad_total_length. Turned off with ip.tso_support:FALSE.",
    "payloads": "The rules stop at L4, tshark goes on into whatever dissector owns a port or "
                "claims a payload heuristically (TZSP on UDP 37008 would decode the payload "
                "as an inner frame; HCRT on 47000 and the rpcap heuristic raised Malformed on "
                "early versions of these samples). Every TCP/UDP port is decoded as data.",
    "third_tag": "tshark follows any number of VLAN tags; the rules count a TPID after two "
                 "tags as other_l3 and look no further.",
    "snaplen": "tshark measures IP lengths against the wire length (frame.len) and is content "
               "when the headers it reads were captured. The app sees only captured bytes: a "
               "snaplen-cut frame whose IPv4 total length (IPv6 40 + payload length) runs "
               "past them is ipv4_truncated (ipv6_truncated).",
    "empty_l4": "For an IPv4 datagram with no payload byte tshark calls no L4 dissector and "
                "says nothing; the rules call the L4 header truncated (in a first fragment, "
                "ipv4_tiny_fragment). Classified by ip.proto.",
    "fragment_bounds": "In a first fragment tshark reports a header that runs past the "
                       "fragment as 'Unreassembled fragment' (the rest may follow), not as "
                       "Malformed; the rules decode within the fragment, and call the "
                       "fragment short of its headers: ipv4_tiny_fragment for the L4 header "
                       "(RFC 1858), ipv6_incomplete_chain for any header after an IPv6 "
                       "fragment header (RFC 7112).",
    "ipv6_in_ipv4": "With ethertype IPv4 and version 6 tshark raises 'Bogus IPv4 version' "
                    "and then dissects the bytes as IPv6; the rules stop at the bad version.",
    "bogus_ipv6": "With ethertype IPv6 and a wrong version tshark lists no ipv6 layer, only "
                  "data and a 'Bogus IPv6 version' expert.",
    "ah": "tshark walks through AH into its payload (UDP); the rules count AH as other_l4. "
          "Only the first protocol after the IP layers is read.",
    "hbh_not_first": "tshark raises an error for a hop-by-hop header that is not first and "
                     "walks it; the rules (RFC 8200 4.1) take its 0 as an unrecognised next "
                     "header there: other_l4, nothing after it.",
    "cooked": "cooked.pcap is Linux cooked (not Ethernet): the app refuses it, so its "
              "counters are zero; only packets and bytes are compared.",
    "icmpv6_over_ipv4": "tshark verifies an ICMPv6 checksum over IPv4 with IPv4's addresses in "
                        "the pseudo-header; RFC 4443 2.3 defines IPv6's only, and the rules "
                        "count it l4_checksum_unverified.",
    "routing_type": "tshark puts the last address of a type 0 routing header with segments "
                    "left in the pseudo-header; the rules read the final destination of types "
                    "2 and 4 only, and count others l4_checksum_unverified.",
    "fragment_rules": "With defragmentation off tshark does not judge a fragment's length or "
                      "offset; the rules do (RFC 791, RFC 8200 4.5): a fragment with MF/M set "
                      "whose data is not a multiple of 8 bytes, or one ending past 65535, is "
                      "ipv4_bad_fragment (ipv6_bad_fragment), and a TCP fragment at offset 1 "
                      "(8 bytes), which can only rewrite the first fragment's TCP flags, is "
                      "ipv4_tiny_fragment (RFC 1858). Computed from tshark's fields: lengths, "
                      "offsets, protocols, and the extension headers before the fragment "
                      "header.",
}

FIELDS = [
    "frame.len", "frame.cap_len", "frame.protocols", "_ws.short",
    "_ws.expert.message", "_ws.expert.severity", "_ws.expert.group",
    "ip.len", "ip.hdr_len", "ip.flags.mf", "ip.frag_offset", "ip.checksum.status",
    "ip.proto", "ipv6.plen", "ipv6.fraghdr.offset", "ipv6.fraghdr.more",
    "ipv6.hopopts.len_oct", "ipv6.dstopts.len_oct", "ipv6.routing.len_oct",
    "ipv6.routing.type", "ipv6.routing.segleft",
    "tcp.checksum.status", "udp.checksum.status", "icmp.checksum.status",
    "icmpv6.checksum.status",
]

TAGS = ("vlan", "ieee8021ad")
IPV6_EXT = ("ipv6.hopopts", "ipv6.routing", "ipv6.fraghdr", "ipv6.dstopts")
EXCEPTION_MSG = "Malformed Packet (Exception occurred)"
PI_MALFORMED = 0x07000000
PI_ERROR = 0x00800000

# Error or Malformed experts view() understands; any other is reported.
KNOWN_ERRORS = (
    EXCEPTION_MSG, "Bogus IPv4 version", "Bogus IP header length", "Bogus IP length",
    "IPv4 total length exceeds packet length", "IPv6 header must be exactly 40 bytes",
    "IPv6 payload length exceeds framing length", "Bogus IPv6 version",
    "Bogus TCP header length", "Short segment", "Bad length value", "Bad checksum",
    "Illegal checksum value (0)",  # UDP over IPv6: udp6_zero_checksum
    "IPv6 Hop-by-Hop extension header must appear immediately",  # EXCEPTIONS[hbh_not_first]
)


class Frame:
    """One line of tshark -T fields output."""

    def __init__(self, line):
        cols = line.rstrip("\n").split("\t")
        cols += [""] * (len(FIELDS) - len(cols))
        f = dict(zip(FIELDS, cols))
        self.len = int(f["frame.len"])
        self.cap_len = int(f["frame.cap_len"])
        # "ethertype" is tshark's pseudo-layer for the type field: not a header.
        self.stack = [p for p in f["frame.protocols"].split(":") if p != "ethertype"]
        self.short = f["_ws.short"] != ""
        self.msgs = split(f["_ws.expert.message"])
        sev = [int(x) for x in split(f["_ws.expert.severity"])]
        grp = [int(x) for x in split(f["_ws.expert.group"])]
        self.errors = [m for m, s, g in zip(self.msgs, sev, grp)
                       if s >= PI_ERROR or g == PI_MALFORMED]
        self.field = {k: first_int(f[k]) for k in FIELDS[7:]}
        self.every = {k: [first_int(v) for v in split(f[k])] for k in FIELDS[7:]}

    def said(self, prefix):
        return any(m.startswith(prefix) for m in self.msgs)


def split(value):
    return value.split("|") if value else []


def first_int(value):
    """First occurrence of a numeric field (an ICMP error could carry a second IP header)."""
    if value == "":
        return None
    v = value.split("|")[0]
    if v in ("True", "False"):
        return int(v == "True")
    return int(v, 16) if v.startswith("0x") else int(v)


# tshark's checksum status values (4.0: epan/proto.h, PROTO_CHECKSUM_E_*).
CKSUM_BAD, CKSUM_GOOD = 0, 1
CKSUM_STATUS = {"tcp": "tcp.checksum.status", "udp": "udp.checksum.status",
                "icmp": "icmp.checksum.status", "icmpv6": "icmpv6.checksum.status"}


def view(fr):
    """What the rules count for this frame, by tshark: (counters, reason, later fragment).
    The counters only --verify-l4-checksums moves are named "verify.NAME"."""
    got = set()
    stack = fr.stack
    # tshark lists a protocol as it enters it: an exception leaves its layer last (a
    # trailing "data" is payload, not a layer that can throw).
    core = stack[:-1] if len(stack) > 1 and stack[-1] == "data" else stack
    threw = fr.said(EXCEPTION_MSG) or fr.short
    unreassembled = fr.said("Unreassembled fragment")  # EXCEPTIONS[fragment_bounds]

    def stopped_at(i):
        return (threw or unreassembled) and i == len(core) - 1

    if stack[0] != "eth":
        return None, None, 0  # EXCEPTIONS[cooked]
    if stopped_at(0):
        return got, "eth_truncated", 0
    i, tags = 1, 0
    while i < len(stack) and stack[i] in TAGS:
        if tags == 2:  # EXCEPTIONS[third_tag]
            got.add("other_l3")
            return got, None, 0
        if stopped_at(i):
            return got, "vlan_truncated", 0
        tags += 1
        got.add("vlan" if tags == 1 else "qinq")
        i += 1
    l3 = stack[i] if i < len(stack) else None
    l3_bytes = fr.cap_len - 14 - 4 * tags
    snapped = fr.len > fr.cap_len  # EXCEPTIONS[snaplen]

    if l3 == "arp":
        if stopped_at(i):
            return got, "arp_truncated", 0
        got.add("arp")
        return got, None, 0

    if l3 == "ip":
        f = fr.field
        if fr.said("Bogus IPv4 version"):  # EXCEPTIONS[ipv6_in_ipv4]: ignore what follows
            return got, "ipv4_bad_version", 0
        if fr.said("Bogus IP header length"):
            return got, "ipv4_bad_ihl", 0
        if "Bogus IP length" in fr.msgs:
            return got, "ipv4_bad_total_length", 0
        if stopped_at(i) or fr.said("IPv4 total length exceeds packet length"):
            return got, "ipv4_truncated", 0
        if snapped and f["ip.len"] > l3_bytes:
            return got, "ipv4_truncated", 0
        mf, offset, data = f["ip.flags.mf"], f["ip.frag_offset"], f["ip.len"] - f["ip.hdr_len"]
        if (mf and data % 8) or offset * 8 + f["ip.len"] > 0xFFFF:  # EXCEPTIONS[fragment_rules]
            return got, "ipv4_bad_fragment", 0
        got.add("ipv4")
        if f["ip.hdr_len"] > 20:
            got.add("ipv4_options")
        if f["ip.flags.mf"] or f["ip.frag_offset"]:
            got.add("ipv4_fragments")
        if f["ip.checksum.status"] == 0:  # 0 is "Bad"
            got.add("ipv4_bad_checksum")
        if f["ip.frag_offset"]:
            if f["ip.frag_offset"] == 1 and f["ip.proto"] == 6:  # EXCEPTIONS[fragment_rules]
                return got, "ipv4_tiny_fragment", 0
            return got, None, 4
        if i + 1 >= len(stack):  # EXCEPTIONS[empty_l4]
            empty = {6: "tcp_truncated", 17: "udp_truncated", 1: "icmp_truncated"}
            if f["ip.proto"] in empty:
                return got, "ipv4_tiny_fragment" if mf else empty[f["ip.proto"]], 0
            got.add("other_l4")
            return got, None, 0
        return l4(fr, got, stack, i + 1, stopped_at, False, bool(mf))

    if l3 == "ipv6":
        if stopped_at(i) or fr.said("IPv6 payload length exceeds framing length"):
            return got, "ipv6_truncated", 0
        if snapped and 40 + fr.field["ipv6.plen"] > l3_bytes:
            return got, "ipv6_truncated", 0
        got.add("ipv6")
        j = i + 1
        first = False  # past a first fragment's header: EXCEPTIONS[fragment_bounds]
        before = 0  # bytes of the extension headers before a fragment header
        ext_lens = {k: list(fr.every[k + ".len_oct"]) for k in IPV6_EXT if k != "ipv6.fraghdr"}
        while j < len(stack) and stack[j] in IPV6_EXT:
            if stack[j] == "ipv6.hopopts" and j > i + 1:  # EXCEPTIONS[hbh_not_first]
                got.add("other_l4")
                return got, None, 0
            if stopped_at(j):
                return got, "ipv6_incomplete_chain" if first else "ipv6_ext_truncated", 0
            if stack[j] != "ipv6.fraghdr":
                got.add("ipv6_ext")
                before += ext_lens[stack[j]].pop(0)
                j += 1
                continue
            offset, more = fr.field["ipv6.fraghdr.offset"], fr.field["ipv6.fraghdr.more"]
            data = fr.field["ipv6.plen"] - before - 8
            # Offset 0 and M=0: an atomic fragment, no fragment (RFC 6946).
            if (offset or more) and ((more and data % 8) or offset * 8 + data > 0xFFFF):
                return got, "ipv6_bad_fragment", 0  # EXCEPTIONS[fragment_rules]
            got.add("ipv6_ext")
            if offset or more:
                got.add("ipv6_fragments")
            if offset:
                return got, None, 6
            first = first or bool(more)
            j += 1
        if j >= len(stack):  # no next header (59): nothing listed after the IP layers
            got.add("other_l4")
            return got, None, 0
        return l4(fr, got, stack, j, stopped_at, True, first)

    if fr.said("Bogus IPv6 version"):  # EXCEPTIONS[bogus_ipv6]
        return got, "ipv6_bad_version", 0
    got.add("other_l3")
    return got, None, 0


def l4(fr, got, stack, j, stopped_at, v6, first):
    """The first protocol after the IP layers (EXCEPTIONS[ah]: nothing after it); first:
    in a first fragment, where a cut header is the fragment's (EXCEPTIONS[fragment_bounds])."""
    p = stack[j]

    def cut(reason):
        if first:
            reason = "ipv6_incomplete_chain" if v6 else "ipv4_tiny_fragment"
        return got, reason, 0

    if p == "tcp":
        if stopped_at(j) or fr.said("Short segment"):
            return cut("tcp_truncated")
        if fr.said("Bogus TCP header length"):
            return got, "tcp_bad_data_offset", 0
    elif p == "udp":
        if stopped_at(j):
            return cut("udp_truncated")
        if fr.said("Bad length value"):
            return got, "udp_bad_length", 0
        if fr.said("Illegal checksum value (0)"):  # only over IPv6 (RFC 8200 8.1)
            got.add("udp6_zero_checksum")
    elif p in ("icmp", "icmpv6"):
        if stopped_at(j):
            return cut(p + "_truncated")
    else:
        p = "other_l4"
    got.add(p)
    if p in CKSUM_STATUS:
        got.add(verify_view(fr, p, v6))
    return got, None, 0


def verify_view(fr, p, v6):
    """What --verify-l4-checksums counts for a valid L4 header p, by tshark's status of it:
    Bad is bad, Good is good (nothing counted); Unverified (fragments), Not present (UDP
    checksum 0 over IPv4) and Illegal (0 over IPv6) are l4_checksum_unverified."""
    if p == "icmpv6" and not v6:  # EXCEPTIONS[icmpv6_over_ipv4]
        return "verify.l4_checksum_unverified"
    types = fr.every["ipv6.routing.type"]
    if p != "icmp" and any(t not in (2, 4) and sl for t, sl in
                           zip(types, fr.every["ipv6.routing.segleft"])):
        return "verify.l4_checksum_unverified"  # EXCEPTIONS[routing_type]
    status = fr.field[CKSUM_STATUS[p]]
    if status == CKSUM_BAD:
        return f"verify.{p}_bad_checksum"
    if status == CKSUM_GOOD:
        return "verify.good"
    return "verify.l4_checksum_unverified"


def tshark_counts(tshark, path):
    cmd = [tshark, "-n", "-r", path] + TSHARK_OPTS + ["-T", "fields", "-E", "occurrence=a",
                                                      "-E", "aggregator=|"]
    for field in FIELDS:
        cmd += ["-e", field]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        raise SystemExit(f"FAIL {path}: tshark exited {res.returncode}: {res.stderr.strip()}")
    counts = {"packets": 0, "bytes": 0, "malformed.total": 0, "later_fragments": 0}
    unexplained = []
    not_ethernet = False
    for n, line in enumerate(res.stdout.splitlines(), 1):
        fr = Frame(line)
        counts["packets"] += 1
        counts["bytes"] += fr.cap_len
        got, reason, later = view(fr)
        if got is None:
            not_ethernet = True
            continue
        for c in got:
            counts["decode." + c] = counts.get("decode." + c, 0) + 1
        if reason is not None:
            counts["malformed.total"] += 1
            counts["malformed." + reason] = counts.get("malformed." + reason, 0) + 1
        counts["later_fragments"] += 1 if later else 0
        for m in fr.errors:
            if not m.startswith(KNOWN_ERRORS):
                unexplained.append(f"frame {n}: {m}")
    # Clean frames' wrong L4 checksums count as verify_l4_checksums says (compare()).
    counts.pop("decode.verify.good", None)
    return counts, unexplained, not_ethernet


def compare(name, exp, counts, not_ethernet):
    """Lines 'sample counter: expected E, tshark T' for every disagreement."""
    want = {"packets": exp["packets"], "bytes": exp["bytes"]}
    if not not_ethernet:
        for k, v in exp["decode"].items():
            want["decode." + k] = v
        for k, v in exp["malformed"].items():
            want["malformed." + k] = v
        want["later_fragments"] = (exp["meta"].get("ipv4_later_fragments", 0) +
                                   exp["meta"].get("ipv6_later_fragments", 0))
        for k, v in exp["verify_l4_checksums"].items():
            want["decode.verify." + k] = v
    elif any(exp["decode"].values()) or exp["malformed"]["total"]:
        return [f"{name}: not Ethernet, so every counter must be 0 (EXCEPTIONS[cooked])"]
    bad = []
    for k, v in want.items():
        if counts.get(k, 0) != v:
            bad.append(f"{name} {k}: expected {v}, tshark {counts.get(k, 0)}")
    for k in counts:
        if k not in want and not (not_ethernet and k != "packets" and k != "bytes"):
            bad.append(f"{name} {k}: tshark counts {counts[k]}, not an expected counter")
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tshark", default="tshark")
    ap.add_argument("samples_dir")
    args = ap.parse_args()
    if not args.tshark:
        print("SKIP: tshark was not found when meson configured this build "
              "(scripts/setup.sh installs it)")
        return 77

    failures = []
    total = 0
    names = samplelib.sample_names(args.samples_dir)
    if not names:
        failures.append(f"no samples in {args.samples_dir}")
    for name in names:
        path = os.path.join(args.samples_dir, name + ".pcap")
        exp = samplelib.load_expected(args.samples_dir, name)
        total += os.path.getsize(path)
        total += os.path.getsize(os.path.join(args.samples_dir, name + ".expected.json"))
        counts, unexplained, not_ethernet = tshark_counts(args.tshark, path)
        bad = compare(name, exp, counts, not_ethernet)
        bad += [f"{name}: tshark error not understood here: {u}" for u in unexplained]
        failures += bad
        print(f"{'FAIL' if bad else 'ok  '} {name}: {exp['packets']} packets, "
              f"{exp['malformed']['total']} malformed")
    if total > samplelib.SIZE_LIMIT:
        failures.append(f"samples total {total} bytes, more than {samplelib.SIZE_LIMIT}")
    else:
        print(f"ok   samples total {total} bytes (limit {samplelib.SIZE_LIMIT})")
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
