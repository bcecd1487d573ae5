#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""samples_expected: is every NAME.expected.json well formed, coherent and true?

1. Shape: packets, bytes, decode, malformed, verify_l4_checksums, meta;
   decode and malformed keys are decode.h's X-macro lists, in order, zeros
   included; verify_l4_checksums has the counters only that option moves
   (DECODE_L4_CHECKSUM_COUNTERS), which decode holds at 0.
2. Coherence: malformed.total is the sum of the reasons, every counter is at
   most packets, inner counters at most their outer ones, and two partitions
   hold exactly (each packet ends in one place, see partitions()).
3. The file: packets, bytes, link type and timestamp precision match the pcap;
   sample-specific meta (burst trains, steady interval, jumbo sizes, ...)
   matches the timestamps and lengths in the file.
4. The rules, again: rules_decode() below re-implements the rules of
   app/decode.h on the raw bytes, independently of the generator's tally
   (which is by construction) and of app/decode.c. Both must agree.

usage: check_expected.py DECODE_H SAMPLES_DIR
"""

import os
import sys
from collections import Counter

import samplelib

TPIDS = (0x8100, 0x88A8, 0x9100)
IPV6_EXT = (0, 43, 44, 60)
# A chain shorter than its pkt_len is a PMD's or an application's bug: no capture holds one.
NOT_IN_CAPTURES = ("mbuf_chain_short",)
L3_ENDS = ("mbuf_chain_short", "eth_truncated", "vlan_truncated", "arp_truncated", "ipv4_truncated",
           "ipv4_bad_version", "ipv4_bad_ihl", "ipv4_bad_total_length", "ipv4_bad_fragment",
           "ipv6_truncated", "ipv6_bad_version")


def be16(b, off):
    return b[off] << 8 | b[off + 1]


def ones_sum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(be16(b, i) for i in range(0, len(b), 2))
    while s > 0xFFFF:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def rules_decode(b):
    """(counters, reason, later) for one captured frame, by the rules alone."""
    got = set()
    n = len(b)
    if n < 14:
        return got, "eth_truncated", 0
    et, off, tags = be16(b, 12), 14, 0
    while et in TPIDS:
        if tags == 2:
            got.add("other_l3")
            return got, None, 0
        if n - off < 4:
            return got, "vlan_truncated", 0
        tags += 1
        got.add("vlan" if tags == 1 else "qinq")
        et = be16(b, off + 2)
        off += 4
    if et == 0x0806:
        if n - off < 8 or n - off < 8 + 2 * b[off + 4] + 2 * b[off + 5]:
            return got, "arp_truncated", 0
        got.add("arp")
        return got, None, 0
    if et == 0x0800:
        return rules_ipv4(b, off, got)
    if et == 0x86DD:
        return rules_ipv6(b, off, got)
    got.add("other_l3")
    return got, None, 0


def rules_ipv4(b, off, got):
    present = len(b) - off
    if present < 20:
        return got, "ipv4_truncated", 0
    if b[off] >> 4 != 4:
        return got, "ipv4_bad_version", 0
    hl = (b[off] & 15) * 4
    if hl < 20:
        return got, "ipv4_bad_ihl", 0
    if present < hl:
        return got, "ipv4_truncated", 0
    tl = be16(b, off + 2)
    if tl < hl:
        return got, "ipv4_bad_total_length", 0
    if tl > present:
        return got, "ipv4_truncated", 0
    frag = be16(b, off + 6)
    # RFC 791: offsets in 8-byte blocks, so MF means a multiple of 8; none past 65535.
    if frag & 0x3FFF and ((frag & 0x2000 and (tl - hl) % 8) or (frag & 0x1FFF) * 8 + tl > 0xFFFF):
        return got, "ipv4_bad_fragment", 0
    got.add("ipv4")
    if hl > 20:
        got.add("ipv4_options")
    if ones_sum(b[off:off + hl]) != 0xFFFF:
        got.add("ipv4_bad_checksum")
    if frag & 0x3FFF:
        got.add("ipv4_fragments")
    if frag & 0x1FFF:
        # TCP at offset 1 can only rewrite the first fragment's flags (RFC 1858).
        if frag & 0x1FFF == 1 and b[off + 9] == 6:
            return got, "ipv4_tiny_fragment", 0
        return got, None, 4
    return rules_l4(b[off + 9], b[off + hl:off + tl], bool(frag & 0x2000), got, v6=False,
                    ph=b[off + 12:off + 20])


def rules_ipv6(b, off, got):
    present = len(b) - off
    if present < 40:
        return got, "ipv6_truncated", 0
    if b[off] >> 4 != 6:
        return got, "ipv6_bad_version", 0
    plen, jumbo = be16(b, off + 4), False
    # A jumbogram has more payload bytes than a payload length can say.
    if plen == 0 and b[off + 6] == 0 and present - 40 > 0xFFFF:
        j = jumbo_length(b, off + 40)
        if j > 0xFFFF:
            plen, jumbo = j, True
    end = off + 40 + plen
    if end > len(b):
        return got, "ipv6_truncated", 0
    got.add("ipv6")
    nh, p, first_frag = b[off + 6], off + 40, False
    ph = b[off + 8:off + 40]  # the pseudo-header's addresses (RFC 8200 8.1)
    while nh in IPV6_EXT:
        if nh == 0 and p != off + 40:  # hop-by-hop only first (RFC 8200 4.1)
            got.add("other_l4")
            return got, None, 0
        # Past a first fragment's fragment header the chain is the fragment's (RFC 7112).
        cut = "ipv6_incomplete_chain" if first_frag else "ipv6_ext_truncated"
        if nh == 44:
            need = 8
        elif end - p < 2:
            return got, cut, 0
        else:
            need = (b[p + 1] + 1) * 8
        if end - p < need:
            return got, cut, 0
        # Offset 0 and M=0: an atomic fragment, no fragment at all (RFC 6946).
        frag = be16(b, p + 2) & 0xFFF9 if nh == 44 else 0
        # RFC 8200 4.5: M means a multiple of 8; offset and data within 65535.
        if frag and ((frag & 1 and (end - p - 8) % 8) or (frag & 0xFFF8) + end - p - 8 > 0xFFFF):
            return got, "ipv6_bad_fragment", 0
        got.add("ipv6_ext")
        if nh == 43 and b[p + 3]:  # segments left: the final destination, if read
            known = b[p + 2] in (2, 4) and need >= 24
            ph = b[off + 8:off + 24] + b[p + 8:p + 24] if known else None
        if frag:
            got.add("ipv6_fragments")
            if frag & 0xFFF8:
                return got, None, 6
            first_frag = True
        nh = b[p]
        p += need
    return rules_l4(nh, b[p:end], first_frag, got, v6=True, jumbo=jumbo, ph=ph)


def jumbo_length(b, p):
    """The Jumbo Payload option (RFC 2675) of the hop-by-hop header at p, or 0."""
    if len(b) - p < 8 or len(b) - p < (b[p + 1] + 1) * 8:
        return 0
    end, o = p + (b[p + 1] + 1) * 8, p + 2
    while o < end:
        if b[o] == 0:
            o += 1
            continue
        if end - o < 2:
            return 0
        if b[o] == 0xC2 and b[o + 1] == 4 and end - o >= 6:
            return int.from_bytes(b[o + 2:o + 6], "big")
        o += 2 + b[o + 1]
    return 0


def rules_l4(proto, d, first_frag, got, v6, jumbo=False, ph=None):
    """ph: the pseudo-header's addresses, None if a routing header hides the final one."""

    def short(reason):  # a first fragment short of its L4 header (RFC 1858, RFC 7112)
        if first_frag:
            reason = "ipv6_incomplete_chain" if v6 else "ipv4_tiny_fragment"
        return got, reason, 0

    if proto == 6:
        if len(d) < 20:
            return short("tcp_truncated")
        if d[12] >> 4 < 5:
            return got, "tcp_bad_data_offset", 0
        if (d[12] >> 4) * 4 > len(d):
            return short("tcp_truncated")
        got.add("tcp")
    elif proto == 17:
        if len(d) < 8:
            return short("udp_truncated")
        ulen = be16(d, 4)
        if ulen == 0 and jumbo:  # RFC 2675 4: the rest of the jumbogram
            ulen = len(d)
        if ulen < 8 or (not first_frag and ulen > len(d)):
            return got, "udp_bad_length", 0
        got.add("udp")
        if v6 and be16(d, 6) == 0:  # RFC 8200 8.1: receivers discard it
            got.add("udp6_zero_checksum")
        d = d[:ulen]  # the sum covers the UDP length
    elif proto == 1:
        if len(d) < 8:
            return short("icmp_truncated")
        got.add("icmp")
    elif proto == 58:
        if len(d) < 4:
            return short("icmpv6_truncated")
        got.add("icmpv6")
    else:
        got.add("other_l4")
        return got, None, 0
    got.add(rules_checksum(proto, d, first_frag, v6, ph))
    return got, None, 0


def rules_checksum(proto, d, first_frag, v6, ph):
    """What --verify-l4-checksums counts for a valid L4 header and its bytes d, as
    "verify.NAME" (verify.good: nothing)."""
    if (first_frag or (proto == 17 and be16(d, 6) == 0) or (proto == 58 and not v6) or
            (ph is None and proto != 1)):
        return "verify.l4_checksum_unverified"
    # TCP, UDP, ICMPv6: the pseudo-header, its length in 32 bits (2 zero bytes add nothing
    # to IPv4's 16); ICMP: none.
    pseudo = b"" if proto == 1 else ph + bytes([0, proto]) + len(d).to_bytes(4, "big")
    if ones_sum(pseudo + d) == 0xFFFF:
        return "verify.good"
    return "verify." + {6: "tcp", 17: "udp", 1: "icmp", 58: "icmpv6"}[proto] + "_bad_checksum"


def check_shape(exp, protos, reasons, checksums):
    bad = []
    if list(exp) != ["packets", "bytes", "decode", "malformed", "verify_l4_checksums", "meta"]:
        bad.append(f"top-level keys {list(exp)}")
    if list(exp.get("decode", {})) != protos:
        bad.append(f"decode keys are not decode.h's list: {list(exp.get('decode', {}))}")
    if list(exp.get("verify_l4_checksums", {})) != checksums:
        bad.append("verify_l4_checksums keys are not decode.h's DECODE_L4_CHECKSUM_COUNTERS")
    if any(exp.get("decode", {}).get(k) != 0 for k in checksums):
        bad.append("decode has a checksum counter other than 0 (only the option moves them)")
    if list(exp.get("malformed", {})) != ["total"] + reasons:
        bad.append(f"malformed keys are not total + decode.h's list")
    values = [exp.get("packets"), exp.get("bytes")]
    values += list(exp.get("decode", {}).values()) + list(exp.get("malformed", {}).values())
    values += list(exp.get("verify_l4_checksums", {}).values())
    if any(not isinstance(v, int) or isinstance(v, bool) or v < 0 for v in values):
        bad.append("a count is not a non-negative integer")
    return bad


def partitions(exp):
    """Each packet ends in exactly one place, counted twice over (L3, and outcome)."""
    d, m, meta = exp["decode"], exp["malformed"], exp["meta"]
    n = exp["packets"]
    later = meta["ipv4_later_fragments"] + meta["ipv6_later_fragments"]
    bad = []
    if m["total"] != sum(v for k, v in m.items() if k != "total"):
        bad.append(f"malformed.total {m['total']} is not the sum of the reasons")
    for k, v in list(d.items()) + list(m.items()):
        if v > n:
            bad.append(f"{k} {v} > packets {n}")
    for inner, outer in (("qinq", "vlan"), ("ipv4_options", "ipv4"), ("ipv4_fragments", "ipv4"),
                         ("ipv4_bad_checksum", "ipv4"), ("ipv6_ext", "ipv6"),
                         ("ipv6_fragments", "ipv6_ext"), ("udp6_zero_checksum", "udp")):
        if d[inner] > d[outer]:
            bad.append(f"{inner} {d[inner]} > {outer} {d[outer]}")
    # Under the option each valid L4 header is good, bad (its own protocol's) or unverified.
    v = exp["verify_l4_checksums"]
    for p in ("tcp", "udp", "icmp", "icmpv6"):
        if v[p + "_bad_checksum"] > d[p]:
            bad.append(f"verify_l4_checksums.{p}_bad_checksum {v[p + '_bad_checksum']} > {p}")
    if sum(v.values()) > d["tcp"] + d["udp"] + d["icmp"] + d["icmpv6"]:
        bad.append("verify_l4_checksums: more bad and unverified than TCP/UDP/ICMP/ICMPv6")
    if v["l4_checksum_unverified"] < d["udp6_zero_checksum"]:
        bad.append("verify_l4_checksums: udp6_zero_checksum is not counted unverified")
    if meta.get("app_must_refuse"):
        return bad  # counters stay zero: nothing to partition
    l3 = d["arp"] + d["ipv4"] + d["ipv6"] + d["other_l3"] + sum(m[r] for r in L3_ENDS)
    if l3 != n:
        bad.append(f"L3: arp + ipv4 + ipv6 + other_l3 + L2/L3 reasons = {l3}, packets {n}")
    ends = (m["total"] + d["tcp"] + d["udp"] + d["icmp"] + d["icmpv6"] + d["arp"] +
            d["other_l3"] + d["other_l4"] + later)
    if ends != n:
        bad.append(f"outcomes: malformed + tcp + udp + icmp + icmpv6 + arp + other_l3 + "
                   f"other_l4 + later fragments = {ends}, packets {n}")
    return bad


def check_file(name, exp, pcap):
    meta = exp["meta"]
    bad = []
    recs = pcap.records
    if len(recs) != exp["packets"]:
        bad.append(f"packets {exp['packets']}, file has {len(recs)}")
    if sum(len(r[1]) for r in recs) != exp["bytes"]:
        bad.append(f"bytes {exp['bytes']}, file has {sum(len(r[1]) for r in recs)}")
    if pcap.linktype != meta["linktype"]:
        bad.append(f"meta.linktype {meta['linktype']}, file has {pcap.linktype}")
    if pcap.nsec != (meta["tstamp_precision"] == "nsec"):
        bad.append(f"meta.tstamp_precision {meta['tstamp_precision']} disagrees with the file")
    if sum(1 for r in recs if len(r[1]) < r[2]) != meta["snaplen_cut"]:
        bad.append("meta.snaplen_cut disagrees with the file")
    if any(b[0] > a[0] for a, b in zip(recs[1:], recs)):
        bad.append("timestamps go backwards")

    if name == "burst":
        trains, cur = [], [recs[0]]
        for a, b in zip(recs, recs[1:]):
            if b[0] - a[0] > 1_000_000:
                trains.append(cur)
                cur = []
            cur.append(b)
        trains.append(cur)
        lengths = [len(t) for t in trains]
        if lengths != meta["train_lengths"] or len(trains) != meta["trains"]:
            bad.append(f"trains in the file {lengths}, meta {meta['train_lengths']}")
        if max(lengths) != meta["longest_train"] or min(lengths) <= 100:
            bad.append("longest_train wrong or a train of 100 packets or fewer")
        for t in trains:
            if any(r[0] - t[0][0] != (k * 672 + 5) // 10 for k, r in enumerate(t)):
                bad.append("frames not at round(k * 67.2 ns) from their train's start")
                break
            if any(len(r[1]) != 60 for r in t):
                bad.append("a burst frame is not 60 bytes")
                break
        for a, b in zip(trains, trains[1:]):
            if b[0][0] - a[-1][0] != meta["gap_ns"]:
                bad.append(f"gap {b[0][0] - a[-1][0]} ns, meta gap_ns {meta['gap_ns']}")
    if name == "steady":
        gaps = {b[0] - a[0] for a, b in zip(recs, recs[1:])}
        if gaps != {meta["interval_ns"]}:
            bad.append(f"intervals {sorted(gaps)[:5]}, meta {meta['interval_ns']}")
    if name == "jumbo":
        sizes = [len(r[1]) for r in recs]
        if sizes != meta["frame_sizes"] or min(sizes) <= 2048 or max(sizes) > 9018:
            bad.append(f"frame sizes {sizes} (meta {meta['frame_sizes']}), want 2049..9018")
    if name == "min-padded" and any(len(r[1]) != 60 for r in recs):
        bad.append("a frame is not 60 bytes")
    if name == "malformed":
        low = [k for k, v in exp["malformed"].items()
               if v < max(3, meta["min_per_reason"]) and k not in NOT_IN_CAPTURES]
        if low:
            bad.append(f"reasons seen fewer than {max(3, meta['min_per_reason'])} times: {low}")
    if name == "mix":
        share = exp["malformed"]["total"] / max(1, exp["packets"])
        if not 5800 <= exp["packets"] <= 6200 or not 0.08 <= share <= 0.12:
            bad.append(f"{exp['packets']} packets, {share:.1%} malformed: want ~6000, ~10%")
        if [k for k, v in exp["malformed"].items() if v == 0 and k not in NOT_IN_CAPTURES]:
            bad.append("a malformed reason is missing from mix")
    return bad


def check_rules(exp, pcap):
    if exp["meta"].get("app_must_refuse"):
        return []
    counts = Counter()
    for _, data, _ in pcap.records:
        got, reason, later = rules_decode(data)
        counts.update("decode." + c for c in got)
        if reason:
            counts["malformed.total"] += 1
            counts["malformed." + reason] += 1
        if later:
            counts[f"meta.ipv{later}_later_fragments"] += 1
    counts.pop("decode.verify.good", None)
    want = {"decode." + k: v for k, v in exp["decode"].items()}
    want.update({"decode.verify." + k: v for k, v in exp["verify_l4_checksums"].items()})
    want.update({"malformed." + k: v for k, v in exp["malformed"].items()})
    want["meta.ipv4_later_fragments"] = exp["meta"]["ipv4_later_fragments"]
    want["meta.ipv6_later_fragments"] = exp["meta"]["ipv6_later_fragments"]
    return [f"{k}: expected {v}, the rules re-applied give {counts[k]}"
            for k, v in want.items() if counts[k] != v]


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    protos, reasons = samplelib.counter_names(sys.argv[1])
    checksums = samplelib.checksum_counter_names(sys.argv[1])
    directory = sys.argv[2]
    failures, total = [], 0
    names = samplelib.sample_names(directory)
    if not names:
        failures.append(f"no samples in {directory}")
    for name in names:
        path = os.path.join(directory, name + ".pcap")
        total += os.path.getsize(path) + os.path.getsize(
            os.path.join(directory, name + ".expected.json"))
        exp = samplelib.load_expected(directory, name)
        bad = check_shape(exp, protos, reasons, checksums)
        if not bad:
            pcap = samplelib.Pcap(path)
            bad = partitions(exp) + check_file(name, exp, pcap) + check_rules(exp, pcap)
        failures += [f"{name}: {b}" for b in bad]
        print(f"{'FAIL' if bad else 'ok  '} {name}")
    if total > samplelib.SIZE_LIMIT:
        failures.append(f"samples total {total} bytes, more than {samplelib.SIZE_LIMIT}")
    for f in failures:
        print("FAIL " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
