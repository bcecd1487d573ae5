#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Issue 5's targets, read from one bench.sh output directory: each target,
the figure that decides it, and met or NOT met, on one screen.

  python3 tests/bench/targets.py bench-out

Ring-alone figures are judged per placement of the two lcores (ring_bench's
rows carry the raw cache-line round trip they ran at; from --far-ns on, the
lcores were far apart): a median over two placements describes neither.
The pipeline verdicts are pipeline_bench's own; the parser's comes from
decode_bench's instruction counts. Exit status 0 whatever the verdicts:
this reports, it does not gate.
"""
import argparse
import json
import os
import pathlib
import re
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from ring_ab import FAR_NS, placement  # noqa: E402

# Ring alone, capacity 1024, two lcores: minimum speedup over rte_ring SP/SC.
THROUGHPUT_TARGETS = {1: 2.5, 8: 1.6, 32: 1.2, 128: 1.1}
GRID_FLOOR = 1.0
RTT_VS_RTE = 0.8	# p50 at most this times rte_ring's
RTT_VS_RAW = 1.3	# and within this of the raw cache-line round trip


def verdict(ok):
    return "met" if ok else "NOT met"


def ring_targets(ring, far_ns):
    """Lines and (met, total) for the ring-alone targets."""
    lines, met, total = [], 0, 0
    rows = ring.get("throughput", [])
    by_place = {}
    for row in rows:
        by_place.setdefault(placement(row["raw_line_rtt_ns"], far_ns), []).append(row)
    if not rows:
        lines.append("ring alone: no throughput figures (ring_bench --only ...?)")
    for where in ("close", "far"):
        prow = by_place.get(where)
        if not prow:
            continue
        raws = sorted(r["raw_line_rtt_ns"] for r in prow)
        lines.append(f"ring alone, lcores {where} (raw line {raws[0]:.0f}-{raws[-1]:.0f} ns), "
                     f"speedup over rte_ring SP/SC, median of rounds:")
        for burst, want in THROUGHPUT_TARGETS.items():
            got = [r for r in prow if r["capacity"] == 1024 and r["burst"] == burst]
            if not got:
                continue
            sp = got[0]["speedup_vs_rte_ring_spsc"]["median"]
            ok = sp >= want
            met, total = met + ok, total + 1
            lines.append(f"  capacity 1024, burst {burst:<3}  {sp:6.3f}x  (want >= {want}x)  "
                         f"{verdict(ok)}")
        low = min(prow, key=lambda r: r["speedup_vs_rte_ring_spsc"]["median"])
        below = [r for r in prow if r["speedup_vs_rte_ring_spsc"]["median"] < GRID_FLOOR]
        ok = not below
        met, total = met + ok, total + 1
        cases = f"{len(prow)} case" + ("s" if len(prow) != 1 else "")
        text = (f"  every case of the grid >= {GRID_FLOOR}x ({cases}): lowest "
                f"{low['speedup_vs_rte_ring_spsc']['median']:.3f}x (capacity "
                f"{low['capacity']}, burst {low['burst']})  {verdict(ok)}")
        if below:
            text += "; below: " + ", ".join(
                f"{r['capacity']}/{r['burst']} {r['speedup_vs_rte_ring_spsc']['median']:.3f}x"
                for r in below)
        lines.append(text)
    rtt = ring.get("roundtrip_ns")
    if rtt:
        raw = rtt["raw_cache_line"]["p50_of_16_trip_means"]["median"]
        vs_rte = rtt["spsc_over_rte_ring_spsc_p50"]["median"]
        vs_raw = rtt["spsc_over_raw_line_p50"]["median"]
        lines.append(f"round trip, lcores {placement(raw, far_ns)} (raw line {raw:.0f} ns), "
                     f"p50 of 16-trip means, median of rounds:")
        for name, got, want in (("spsc_ring / rte_ring SP/SC", vs_rte, RTT_VS_RTE),
                                ("spsc_ring / raw cache line", vs_raw, RTT_VS_RAW)):
            ok = got <= want
            met, total = met + ok, total + 1
            lines.append(f"  {name}  {got:.2f}  (want <= {want})  {verdict(ok)}")
    return lines, met, total


def pipeline_targets(pipe):
    lines, met, total = [], 0, 0
    configs = pipe.get("configs", {})
    if configs:
        lines.append("pipeline, spsc_ring / rte_ring packets per second, median "
                     "[95% CI] (pipeline_bench's verdict):")
    for name, c in configs.items():
        target = c.get("target_spsc_at_least_rte_ring", "")
        ci = c.get("ratio_ci")
        ci_txt = f"[{ci['low']:.3f}-{ci['high']:.3f}]" if ci else "[too few rounds]"
        ratio = c.get("ratio_spsc_over_rte_ring", {}).get("median")
        ratio_txt = f"{ratio:.3f}" if ratio is not None else "-"
        if target.startswith("met") or target.startswith("NOT met"):
            ok = target.startswith("met")
            met, total = met + ok, total + 1
        lines.append(f"  {name:<12} {ratio_txt} {ci_txt:<15}  {target}")
    return lines, met, total


def decode_targets(text):
    got = dict(re.findall(r"^(decode_packet|rte_net_get_ptype):\s+([\d.]+) instructions/packet",
                          text, re.M))
    if len(got) < 2:
        return ["parser: no instruction counts in decode_bench.txt"], 0, 0
    ours, theirs = float(got["decode_packet"]), float(got["rte_net_get_ptype"])
    # decode_bench's own ratio, from the unrounded counts, when it gave one
    ratio = re.search(r"^ratio decode/ptype: ([\d.]+)", text, re.M)
    ratio = float(ratio.group(1)) if ratio else ours / theirs
    ok = ratio < 1
    return [f"parser: {ours:.1f} instructions/packet against rte_net_get_ptype's {theirs:.1f} "
            f"({ratio:.3f}; want < 1)  {verdict(ok)}"], int(ok), 1


def report(out_dir, far_ns):
    lines, met, total = [f"Issue 5 targets, from {out_dir}/"], 0, 0
    sources = (("ring_bench.json", lambda f: ring_targets(json.load(f), far_ns)),
               ("pipeline_bench.json", lambda f: pipeline_targets(json.load(f))),
               ("decode_bench.txt", lambda f: decode_targets(f.read())))
    for name, judge in sources:
        path = os.path.join(out_dir, name)
        if not os.path.exists(path):
            lines.append(f"{name}: missing (its step failed or did not run)")
            continue
        with open(path) as f:
            part, m, t = judge(f)
        lines += part
        met, total = met + m, total + t
    lines.append(f"{met} of {total} targets met")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", help="a bench.sh output directory (default bench-out)",
                    nargs="?", default="bench-out")
    ap.add_argument("--far-ns", type=float, default=FAR_NS,
                    help=f"raw line round trip from which the lcores count as far (default {FAR_NS})")
    args = ap.parse_args()
    if not os.path.isdir(args.out_dir):
        ap.error(f"{args.out_dir}: no such directory")
    print(report(args.out_dir, args.far_ns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
