#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Compare builds of ring_bench: does a change to spsc_ring move its
throughput? Each variant is a ring_bench binary (a build of a changed tree);
every round runs each once, in an order that rotates from round to round, and
each run measures spsc_ring against rte_ring in its own process.

  python3 tests/bench/ring_ab.py --rounds 20 --caps 1024,4096 --bursts 32,256 \\
      base=build/tests/bench/ring_bench new=/tmp/other/build/tests/bench/ring_bench

Per case (capacity, burst) and per placement of the two lcores (the host may
move them: "close" when the raw cache-line round trip that ring_bench probes
is under --far-ns, else "far"), reported:
  - each variant's spsc_ring speedup over rte_ring SP/SC (median over the
    rounds of its in-process figure), the number the targets are about;
  - each variant against the first: the median over rounds of
    first's spsc_ring cycles / variant's, from the two runs of the same round
    when both landed in the same placement (above 1: the variant is faster),
    with a 95% confidence interval for that median (pipeline_bench's
    median_ci).

usage: ring_ab.py [--rounds N] [--bench-rounds N] [--elems N] [--caps LIST]
                  [--bursts LIST] [--far-ns NS] NAME=BINARY NAME=BINARY ...
"""
import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import pipeline_ab  # noqa: E402
import pipeline_bench as pb  # noqa: E402

def parse_variant(text):
    """NAME=BINARY -> (name, binary)."""
    name, sep, binary = text.partition("=")
    if not sep or not name or not binary:
        raise argparse.ArgumentTypeError(f"'{text}': want NAME=BINARY")
    if not os.access(binary, os.X_OK):
        raise argparse.ArgumentTypeError(f"'{text}': {binary} is not an executable")
    return name, binary


def run_bench(binary, bench_args, tmp, tag):
    """One ring_bench throughput run; returns its JSON 'throughput' list."""
    prefix = f"ring_ab{os.getpid()}_{tag}"
    out = os.path.join(tmp, f"{tag}.json")
    cmd = [binary, *pb.eal(prefix, "0-1"), "--", "--only", "throughput",
           "--json", out, *bench_args]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
    finally:
        shutil.rmtree(pathlib.Path("/var/run/dpdk") / prefix, ignore_errors=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{tag}: {binary} exited {proc.returncode}: "
                           f"{proc.stderr.strip()[-500:]}")
    with open(out) as f:
        return json.load(f)["throughput"]


# Raw line round trip (ns) from which the two lcores count as far apart:
# ~110-130 close on the reference VM, ~510-550 far.
FAR_NS = 300


def placement(raw_ns, far_ns=FAR_NS):
    return "far" if raw_ns >= far_ns else "close"


def cases_of(throughput, far_ns):
    """ring_bench's rows -> {(capacity, burst, placement): row}. A case whose
    rounds landed in two placements has a row for each."""
    out = {}
    for row in throughput:
        key = (row["capacity"], row["burst"], placement(row["raw_line_rtt_ns"], far_ns))
        out[key] = row
    return out


def spsc_cycles(row):
    return row["cycles_per_elem"]["spsc_ring"]["median"]


def summarize(rounds, names, far_ns):
    """rounds: [{name: throughput rows}] -> {(cap, burst, placement): {
    'speedup': {name: [per-round speedups]},
    'vs_first': {name: [per-round first/variant spsc cycles, paired]}}}."""
    table = {}
    for rnd in rounds:
        per = {name: cases_of(rnd[name], far_ns) for name in names if name in rnd}
        for name, cases in per.items():
            for key, row in cases.items():
                entry = table.setdefault(key, {"speedup": {}, "vs_first": {}})
                entry["speedup"].setdefault(name, []).append(
                    row["speedup_vs_rte_ring_spsc"]["median"])
        first = per.get(names[0], {})
        for name in names[1:]:
            for key, row in per.get(name, {}).items():
                if key in first:
                    table[key]["vs_first"].setdefault(name, []).append(
                        spsc_cycles(first[key]) / spsc_cycles(row))
    return table


def report(table, names):
    lines = []
    order = {"close": 0, "far": 1}
    for key in sorted(table, key=lambda k: (order[k[2]], k[0], k[1])):
        cap, burst, where = key
        entry = table[key]
        sp = "  ".join(f"{n} {statistics.median(entry['speedup'][n]):.2f}x "
                       f"({len(entry['speedup'][n])})"
                       for n in names if n in entry["speedup"])
        lines.append(f"{where:<5} cap {cap:>5} burst {burst:>3} | speedup vs rte_ring SP/SC: {sp}")
        for n in names[1:]:
            r = entry["vs_first"].get(n, [])
            if not r:
                continue
            lines.append(f"{'':<26}| {n} / {names[0]} (spsc_ring, throughput): "
                         f"{len(r)} paired rounds, median {statistics.median(r):.3f} "
                         f"[{min(r):.3f}-{max(r):.3f}], {pb.ci_text(r, n, names[0])}")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=10, help="rounds (default 10)")
    ap.add_argument("--bench-rounds", type=int, default=4,
                    help="ring_bench --rounds in each run (default 4: one per code layout)")
    ap.add_argument("--elems", type=int, default=2000000,
                    help="ring_bench --elems (default 2000000)")
    ap.add_argument("--caps", default=None, help="ring_bench --caps (default: its grid)")
    ap.add_argument("--bursts", default=None, help="ring_bench --bursts (default: its grid)")
    ap.add_argument("--far-ns", type=float, default=FAR_NS,
                    help=f"raw line round trip from which a run counts as far (default {FAR_NS})")
    ap.add_argument("variant", nargs="+", help="NAME=BINARY; ratios are to the first")
    args = ap.parse_args()
    try:
        variants = [parse_variant(v) for v in args.variant]
    except argparse.ArgumentTypeError as e:
        ap.error(str(e))
    if len(variants) < 2 or len({v[0] for v in variants}) != len(variants):
        ap.error("give at least two variants, with different names")
    if args.rounds < 1:
        ap.error("--rounds must be positive")
    bench_args = ["--rounds", str(args.bench_rounds), "--elems", str(args.elems)]
    if args.caps:
        bench_args += ["--caps", args.caps]
    if args.bursts:
        bench_args += ["--bursts", args.bursts]

    names = [v[0] for v in variants]
    print(f"ring_ab: {args.rounds} rounds x {len(variants)} variants, ring_bench "
          f"{' '.join(bench_args)}; ratios to '{names[0]}'", flush=True)
    tmp = tempfile.mkdtemp(prefix="ring-ab-")
    rounds = []
    try:
        for rnd in range(args.rounds):
            got = {}
            for name, binary in pipeline_ab.order_of(variants, rnd):
                got[name] = run_bench(binary, bench_args, tmp, f"r{rnd}-{name}")
            rounds.append(got)
            raws = sorted({row["raw_line_rtt_ns"] for rows in got.values() for row in rows})
            print(f"  round {rnd + 1:3d} done, raw line ns seen: "
                  f"{', '.join(f'{x:.0f}' for x in raws)}", flush=True)
    except RuntimeError as e:
        print(f"ring_ab: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(report(summarize(rounds, names, args.far_ns), names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
