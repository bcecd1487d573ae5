#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Compare burstpipe variants on one pipeline_bench configuration: argument
sets, builds, or both, interleaved round after round, each against the first.

pipeline_bench.py answers one question (spsc_ring against rte_ring, every
configuration). This answers the next ones: does a change to the ring or the
app move the packet rate? Build the changed tree elsewhere and name its
binary after '@':

  python3 tests/bench/pipeline_ab.py --rounds 30 --split-mpps 30 \\
      "rte=--ring rte_ring" "spsc=--ring spsc" \\
      "spsc_new=--ring spsc@/tmp/other-build/app/burstpipe"

Each round runs every variant once, in an order that rotates from round to
round and reverses every other cycle, so no variant always follows another.
Reported: each variant's Mpps per round, then per variant its median ratio
to the first variant's run of the same round, [min-max], and a 95%
confidence interval for that median (pipeline_bench's median_ci); with
--against NAME, the same against that variant too (a control build that is
not the first, say).

The host may move the two vCPUs (see README, Performance): with
--split-mpps X, ratios are also given over the rounds in which every variant
ran above X Mpps ("fast" rounds: the vCPUs close, for udp64 on the reference
machine X = 30) and those in which every variant ran below it ("slow").

usage: pipeline_ab.py [--config NAME] [--rounds N] [--duration S]
                      [--split-mpps X] [--against NAME]...
                      NAME=ARGS[@BINARY] NAME=ARGS[@BINARY] ...
"""
import argparse
import os
import pathlib
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import pipeline_bench as pb  # noqa: E402


def parse_variant(text, default_binary):
    """NAME=ARGS[@BINARY] -> (name, [args], binary)."""
    name, sep, rest = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"'{text}': want NAME=ARGS[@BINARY]")
    args, at, binary = rest.partition("@")
    binary = binary if at else str(default_binary)
    if not os.access(binary, os.X_OK):
        raise argparse.ArgumentTypeError(f"'{text}': {binary} is not an executable")
    return name, args.split(), binary


def run_variant(binary, args, config, duration, udp64, tmp, tag):
    """One run; returns its Mpps (parser packets per second)."""
    m = pb.run_burstpipe(binary, config, args, duration, udp64, tmp, tag)
    if m["checks_failed"]:
        raise RuntimeError(f"{tag} ({binary}): {', '.join(m['checks_failed'])}")
    return m["mpps"]


def order_of(variants, rnd):
    """Rotate by one each round; reverse every other full cycle."""
    k = rnd % len(variants)
    order = variants[k:] + variants[:k]
    return order[::-1] if (rnd // len(variants)) % 2 else order


def ratio_line(label, ratios, num, den):
    """One subset's ratios num/den: median, range, interval and its reading."""
    if not ratios:
        return f"  {label:<6} no rounds"
    return (f"  {label:<6} {len(ratios):3d} rounds: median {statistics.median(ratios):.3f} "
            f"[{min(ratios):.3f}-{max(ratios):.3f}], {pb.ci_text(ratios, num, den)}")


def ratio_report(rounds, names, bases, split_mpps=None):
    """Lines of per-round Mpps ratios: every variant against each base (the
    first variant, and any named with --against), paired within rounds; with
    split_mpps, also over the fast rounds (every variant above it) and the
    slow ones (every variant below)."""
    subsets = [("all", rounds)]
    if split_mpps is not None:
        subsets += [("fast", [r for r in rounds if min(r.values()) > split_mpps]),
                    ("slow", [r for r in rounds if max(r.values()) < split_mpps])]
    lines = []
    for base in bases:
        lines.append(f"\nMpps ratio to '{base}', per round:")
        for name in names:
            if name == base:
                continue
            lines.append(f"{name} / {base}")
            for label, rr in subsets:
                lines.append(ratio_line(label, [r[name] / r[base] for r in rr], name, base))
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=None,
                    help="burstpipe for variants without @BINARY (default: build/app/burstpipe)")
    ap.add_argument("--config", default="udp64", choices=pb.CONFIGS,
                    help="a pipeline_bench configuration (default udp64)")
    ap.add_argument("--rounds", type=int, default=20, help="rounds (default 20)")
    ap.add_argument("--duration", type=float, default=1.0, help="seconds per run (default 1)")
    ap.add_argument("--split-mpps", type=float, default=None,
                    help="also report fast (all > X Mpps) and slow (all < X) rounds apart")
    ap.add_argument("--against", action="append", default=[], metavar="NAME",
                    help="also give every variant's ratio to this one (repeatable)")
    ap.add_argument("variant", nargs="+", help="NAME=ARGS[@BINARY]; ratios are to the first")
    args = ap.parse_args()
    default_binary = args.binary or pb.ROOT / "build" / "app" / "burstpipe"
    try:
        variants = [parse_variant(v, default_binary) for v in args.variant]
    except argparse.ArgumentTypeError as e:
        ap.error(str(e))
    if len(variants) < 2 or len({v[0] for v in variants}) != len(variants):
        ap.error("give at least two variants, with different names")
    if args.rounds < 1 or args.duration <= 0:
        ap.error("--rounds and --duration must be positive")

    names = [v[0] for v in variants]
    unknown = [a for a in args.against if a not in names]
    if unknown:
        ap.error(f"--against {unknown[0]}: no variant of that name")
    bases = [names[0]] + [a for a in dict.fromkeys(args.against) if a != names[0]]
    print(f"pipeline_ab: {args.config}, {args.rounds} rounds x {len(variants)} variants, "
          f"{args.duration:g} s per run; ratios to '{names[0]}'", flush=True)
    tmp = tempfile.mkdtemp(prefix="pab-")
    udp64 = os.path.join(tmp, "udp64.pcap")
    pb.write_udp64_pcap(udp64)
    rounds = []
    try:
        for rnd in range(args.rounds):
            got = {}
            for name, vargs, binary in order_of(variants, rnd):
                got[name] = run_variant(binary, vargs, args.config, args.duration, udp64,
                                        tmp, f"r{rnd}-{name}")
            rounds.append(got)
            print(f"  round {rnd + 1:3d}  " + "  ".join(f"{n} {got[n]:6.2f}" for n in names),
                  flush=True)
    except RuntimeError as e:
        print(f"pipeline_ab: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print("\n".join(ratio_report(rounds, names, bases, args.split_mpps)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
