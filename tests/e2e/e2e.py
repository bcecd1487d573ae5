#!/usr/bin/env python3
"""End-to-end tests: the real burstpipe binary replaying real captures.

    e2e.py --list                 the case names (meson registers one test each)
    e2e.py --binary BIN CASE      run one case; exit 0 on pass

Timing-dependent figures are never asserted as numbers: only directions and
invariants that hold on a noisy 2-CPU machine (see each case)."""
import argparse
import math
import os
import re
import subprocess
import sys
import time

import bp
from oracle import max_segments

CASES = {}
SAMPLE_NAMES = ["basic", "vlan", "ipv4-options-frags", "ipv6-ext", "malformed",
                "min-padded", "jumbo", "l4-checksums", "mix", "burst", "steady", "empty"]


def case(name):
    def register(fn):
        CASES[name] = fn
        return fn
    return register


class Failure(Exception):
    pass


class Skip(Exception):
    """The machine lacks what the case needs: meson counts it as skipped
    (exit status 77), never as passed."""


def check(cond, what):
    if not cond:
        raise Failure(what)


def check_eq(got, want, what):
    if got != want:
        raise Failure(f"{what}: got {got!r}, want {want!r}")


def check_ok_run(r, what="run"):
    check(r.rc == 0, f"{what}: exit status {r.rc}, stderr:\n{r.stderr}")
    check(r.stats is not None, f"{what}: no JSON written")


def lost_cpu(stats, tolerance_ns):
    """What in a run's JSON lost its CPU for longer than tolerance_ns while
    preempted at least once (a spinning lcore waits for its CPU only when
    something took it): each pipeline's lcores, and each earlier pass of a
    sweep (the last is the pipelines' own). [(who, ns, count)]"""
    lost = []
    for p in stats.get("pipelines", []):
        for role in ("rx", "parser"):
            w, n = p[role]["cpu_wait_ns"], p[role]["preemptions"]
            if w is not None and w > tolerance_ns and (n is None or n > 0):
                lost.append((f"pipeline {p['id']}'s {role} lcore {p[role + '_lcore']}", w, n))
    for row in stats.get("sweep", [])[:-1]:
        w, n = row["cpu_wait_ns"], row["preemptions"]
        if w is not None and w > tolerance_ns and (n is None or n > 0):
            lost.append((f"the pass of ring size {row['capacity']}", w, n))
    return lost


def cpu_bound(tolerance_ns=1e6, attempts=3):
    """For a case whose figures about time hold only while each lcore owns
    its CPU (DPDK's assumption). If it fails and a run of it lost an lcore's
    CPU for longer than tolerance_ns (default: 1 ms, the report's own warning
    threshold, run.cpu_wait_warn_ns, without the report's rule that the
    stalls average that long: a case's timing can turn on one stall among
    short ones), it runs again, up to attempts runs; if
    every run failed that way, the case is skipped (counted as skipped,
    never as passed), with each run's failure and figures. A failure in a
    run whose lcores kept their CPUs is a failure. The assertions are the
    case's own, unchanged."""
    def wrap(fn):
        def run(binary):
            excused = []
            for attempt in range(1, attempts + 1):
                bp.RUNS.clear()
                try:
                    fn(binary)
                    return
                except Failure as e:
                    lost = [x for r in bp.RUNS if r.stats for x in lost_cpu(r.stats, tolerance_ns)]
                    if not lost:
                        raise
                    figures = ", ".join(f"{who} {ns / 1e6:.3f} ms in {n} preemptions"
                                        for who, ns, n in lost)
                    excused.append(f"run {attempt}: {e} -- lost CPU: {figures}")
                    print(f"retry {attempt}/{attempts}: {excused[-1]}", flush=True)
            raise Skip(f"every one of {attempts} runs lost an lcore's CPU for more than "
                       f"{tolerance_ns / 1e6:g} ms (the machine is busy; give the lcores "
                       "CPUs of their own):\n  " + "\n  ".join(excused))
        run.__doc__ = fn.__doc__
        return run
    return wrap


def check_conservation(s, where="totals"):
    rx, ring, parser = s["rx"], s["ring"], s["parser"]
    check_eq(rx["packets"], ring["enqueued"] + ring["dropped"] + rx["held_at_stop"],
             f"{where}: rx.packets == ring.enqueued + ring.dropped + rx.held_at_stop")
    check_eq(ring["enqueued"], parser["packets"], f"{where}: ring.enqueued == parser.packets")
    check_eq(parser["packets"], s["packets"], f"{where}: parser.packets == packets")
    check(s["conserved"] is True, f"{where}: the app's own conservation flag")


def check_counts(s, exp, name):
    check_eq(s["packets"], exp["packets"], f"{name}: packets")
    check_eq(s["bytes"], exp["bytes"], f"{name}: bytes")
    for section in ("decode", "malformed"):
        for k, v in exp[section].items():
            check_eq(s[section].get(k), v, f"{name}: {section}.{k}")


def check_counts_verify(s, exp, name):
    """Under --verify-l4-checksums: every counter as without it, but the checksum
    counters, which read as the expected file's verify_l4_checksums section says."""
    check(s["run"]["verify_l4_checksums"] is True, f"{name}: run.verify_l4_checksums")
    check_counts(s, {**exp, "decode": {**exp["decode"], **exp["verify_l4_checksums"]}},
                 f"{name} with --verify-l4-checksums")


def check_no_leak(s):
    check(s["mempool"]["checked"], "mempool leak check ran")
    check_eq(s["mempool"]["in_use_at_exit"], 0, "mbufs still in use at exit")


def check_occupancy_hist(ring):
    """Exact (bins of 1) up to 1024 slots, else the narrowest width that fits
    0..capacity into 1025 bins; the last bin counted is the high water's."""
    h, cap = ring["occupancy_hist"], ring["capacity"]
    width = 1 if cap <= 1024 else -(-cap // 1024)
    check_eq(h["bin_width"], width, f"occupancy bin width for a ring of {cap}")
    check(len(h["counts"]) <= 1025, f"at most 1025 occupancy bins: {len(h['counts'])}")
    check_eq(sum(h["counts"]), ring["occupancy_samples"], "occupancy_hist sums to the samples")
    if ring["occupancy_samples"]:
        check_eq(len(h["counts"]) - 1, ring["high_water"] // width,
                 "the last occupancy bin holds the high water, the largest sample")
    if width == 1 and ring["occupancy_samples"]:
        # Exact bins: the mean at enqueue is the histogram's own mean, to
        # the last bit (both are one division, correctly rounded).
        mean = sum(i * c for i, c in enumerate(h["counts"])) / ring["occupancy_samples"]
        check_eq(ring["occupancy_mean"], mean, "occupancy_mean is the histogram's mean")
    # Every level held over time is a reading no higher than the high water.
    hw, cap = ring["high_water"], ring["capacity"]
    check(ring["occupancy_time_mean"] <= hw,
          f"occupancy over time {ring['occupancy_time_mean']} within high water {hw}")
    if hw * 2 <= cap:
        check_eq(ring["above_half_pct"], 0, f"time above half with high water {hw} of {cap}")
    if hw * 10 <= cap * 9:
        check_eq(ring["above_90_pct"], 0, f"time above 90% with high water {hw} of {cap}")


def check_time_in_ring(t, tsc_hz):
    """Each percentile is the top of the bucket holding its rank, capped at
    the exact max (bp_hist_quantile); the max is in the last bucket, the
    mean within the buckets. hist rows are [low_ns, next bucket's low_ns,
    count]: cycles times ns, the report's 1e9 / tsc_hz. The percentiles and
    the max are whole ns: cycles times ns rounded half to even
    (bp_cycles_ns), as Python's round() rounds."""
    hist, n, ns = t["hist"], t["count"], 1e9 / tsc_hz

    def cycles(bound):
        return round(bound / ns)

    check(all(a[1] <= b[0] for a, b in zip(hist, hist[1:])),
          f"time_in_ring buckets ascend without overlap: {hist}")
    check(all(lo == cycles(lo) * ns and top == cycles(top) * ns for lo, top, _ in hist),
          f"time_in_ring bucket bounds are whole cycles: {hist}")
    lo, top = cycles(hist[-1][0]), cycles(hist[-1][1])
    check(round(lo * ns) <= t["max"] <= round((top - 1) * ns),
          f"time_in_ring max {t['max']} in the last bucket, cycles [{lo}, {top})")
    check(hist[0][0] <= t["mean"] and round(t["mean"]) <= t["max"],
          f"time_in_ring mean {t['mean']} within the buckets")
    for key, q in (("p50", 0.50), ("p90", 0.90), ("p99", 0.99), ("p99_9", 0.999)):
        rank, seen = max(1, math.ceil(q * n)), 0
        for lo, top, c in hist:
            seen += c
            if seen >= rank:
                break
        check_eq(t[key], min(round((cycles(top) - 1) * ns), t["max"]),
                 f"time_in_ring {key}: the top of the bucket [{lo}, {top}) holding rank "
                 f"{rank} of {n}, or the max")


def check_histograms(s, burst, tsc_hz=None):
    """s: the totals, or a pipeline with the totals' tsc_hz."""
    rx, ring = s["rx"], s["ring"]
    check_eq(len(rx["burst_hist"]), burst + 1, "burst_hist has one count per size 0..burst")
    check_eq(sum(rx["burst_hist"]), rx["bursts"] + rx["empty_polls"],
             "burst_hist sums to the polls")
    check_eq(rx["burst_hist"][0], rx["empty_polls"], "burst_hist[0] == empty polls")
    check_eq(sum(n * c for n, c in enumerate(rx["burst_hist"])), rx["packets"],
             "burst sizes times counts == rx.packets")
    check_occupancy_hist(ring)
    t = ring["time_in_ring_ns"]
    check_eq(t["count"], s["parser"]["packets"], "time_in_ring count == parsed packets")
    check_eq(sum(b[2] for b in t["hist"]), t["count"], "time_in_ring hist sums to its count")
    if t["count"]:
        q = [t["p50"], t["p90"], t["p99"], t["p99_9"], t["max"]]
        check(q == sorted(q), f"percentiles ordered p50<=p90<=p99<=p99.9<=max: {q}")
        check_time_in_ring(t, tsc_hz or s["run"]["tsc_hz"])
        check(ring["high_water"] <= ring["capacity"], "high water within capacity")
    check(0 <= ring["above_90_pct"] <= ring["above_half_pct"] <= 100,
          "time above 90% <= time above half")


# ---- every sample, both policies: counts equal the expected ones exactly ----

def sample_case(name, policy):
    def run_case(binary):
        # Drop policy with a ring larger than the whole capture: nothing can
        # be dropped however slow the machine, so the counts stay exact.
        extra = ["--ring-size", "8192"] if policy == "drop" else []
        r = bp.run(binary, ["--pcap", bp.sample(name), "--policy", policy, *extra])
        check_ok_run(r, name)
        check_counts(r.stats, bp.expected(name), name)
        check_conservation(r.stats)
        check_no_leak(r.stats)
        check_histograms(r.stats, 32)
        check_eq(r.stats["ring"]["dropped"], 0, f"{policy} policy drops nothing here")
        check_eq(r.stats["ring_leftover"], 0, "nothing left in the ring")
    return run_case


for _name in SAMPLE_NAMES:
    for _policy in ("spin", "drop"):
        CASES[f"sample_{_name}_{_policy}"] = sample_case(_name, _policy)


def sample_verify_case(name):
    def run_case(binary):
        r = bp.run(binary, ["--pcap", bp.sample(name), "--verify-l4-checksums"])
        check_ok_run(r, name)
        check_counts_verify(r.stats, bp.expected(name), name)
        # Chains (jumbo frames) and single segments alike, in every pipeline's view.
        check_counts_verify({**r.stats["pipelines"][0], "run": r.stats["run"]},
                            bp.expected(name), f"{name}, pipeline 0")
        check_conservation(r.stats)
        check_no_leak(r.stats)
    return run_case


for _name in SAMPLE_NAMES:
    CASES[f"sample_{_name}_verify_l4"] = sample_verify_case(_name)


@case("l4_checksums_on_and_off")
def _(binary):
    """l4-checksums.pcap, whose wrong checksums are on clean packets: without the
    option nothing is verified and every count is as before it existed (the
    checksum counters 0), and the text and the JSON say so; with it, each
    protocol's wrong sums are counted, the rest as without it, and the text
    says verification was on, by whom, and the figures of the JSON."""
    exp = bp.expected("l4-checksums")
    v = exp["verify_l4_checksums"]
    # The sample is what the test needs: wrong sums of every protocol, unverified ones.
    check(all(v[k] > 0 for k in v), f"l4-checksums.pcap holds every case: {v}")
    off = bp.run(binary, ["--pcap", bp.sample("l4-checksums")])
    check_ok_run(off, "without the option")
    check_counts(off.stats, exp, "l4-checksums without the option")
    for k in v:
        check_eq(off.stats["decode"][k], 0, f"without the option: {k}")
    check(off.stats["run"]["verify_l4_checksums"] is False, "JSON: run.verify_l4_checksums false")
    line = report_line(off.stdout, "L4 checksums ")
    check("not verified" in line and "--verify-l4-checksums" in line,
          f"the text says the checksums were not verified: {line!r}")
    check_text_matches_json(off)

    on = bp.run(binary, ["--pcap", bp.sample("l4-checksums"), "--verify-l4-checksums"])
    check_ok_run(on, "with the option")
    check_counts_verify(on.stats, exp, "l4-checksums")
    check_eq(on.stats["run"]["rx_l4_cksum_offload"], "none",
             "the pcap PMD offers no checksum offload: every sum in software")
    got = report_numbers(report_line(on.stdout, "L4 checksums "),
                         r"^L4 checksums\s+verified \(--verify-l4-checksums, port offload: none\): "
                         r"(\d+) bad, (\d+) not verifiable", "L4 checksums")
    check_eq(got, [v["tcp_bad_checksum"] + v["udp_bad_checksum"] + v["icmp_bad_checksum"] +
                   v["icmpv6_bad_checksum"], v["l4_checksum_unverified"]],
             "the text's bad and unverified")
    check_text_matches_json(on)


@case("vdev_form")
def _(binary):
    """--vdev net_pcap0,rx_pcap=FILE is the same replay as --pcap FILE."""
    prefix = bp.new_prefix()
    eal = bp.eal_args(prefix) + ["--vdev", f"net_pcap0,rx_pcap={bp.sample('mix')}"]
    r = bp.run(binary, [], eal=eal)
    bp.cleanup_runtime(prefix)
    check_ok_run(r)
    check_counts(r.stats, bp.expected("mix"), "mix via --vdev")
    check_conservation(r.stats)
    check_no_leak(r.stats)


@case("rte_ring_same_counts")
def _(binary):
    """--ring rte_ring changes the ring, nothing else."""
    for policy in ("spin", "drop"):
        # As in sample_case: a ring larger than the capture, so that the
        # drop policy's counts stay exact however slow the machine.
        extra = ["--ring-size", "8192"] if policy == "drop" else []
        r = bp.run(binary, ["--pcap", bp.sample("mix"), "--ring", "rte_ring", "--policy", policy,
                            *extra])
        check_ok_run(r)
        check_eq(r.stats["ring"]["kind"], "rte_ring", "ring kind")
        check_counts(r.stats, bp.expected("mix"), "mix via rte_ring")
        check_conservation(r.stats)
        check_no_leak(r.stats)


@case("small_ring_small_burst")
def _(binary):
    """A ring of 1 and bursts of 1 still deliver every packet, in both policies."""
    for policy in ("spin", "drop"):
        r = bp.run(binary, ["--pcap", bp.sample("jumbo"), "--ring-size", "1", "--burst", "1",
                            "--policy", policy])
        check_ok_run(r)
        check_conservation(r.stats)
        check_no_leak(r.stats)
        check_eq(r.stats["ring"]["capacity"], 1, "capacity")
        check(r.stats["ring"]["high_water"] <= 1, "high water of a ring of 1")
        # Bursts of 1: every poll returns at most one packet.
        check_histograms(r.stats, 1)
        if policy == "spin":
            check_counts(r.stats, bp.expected("jumbo"), "jumbo through a ring of 1")


@case("parser_takes_bursts_of_burst")
def _(binary):
    """--burst bounds the parser's dequeues as well as RX's polls: behind a
    slow parser the ring holds a backlog, and still no dequeue takes more
    than 4 packets."""
    r = bp.run(binary, ["--pcap", bp.sample("mix"), "--burst", "4", "--ring-size", "8192",
                        "--parse-cost-ns", "200", "--policy", "spin"])
    check_ok_run(r)
    check_counts(r.stats, bp.expected("mix"), "mix in bursts of 4")
    parsed, deq = r.stats["parser"]["packets"], r.stats["parser"]["dequeues"]
    check(r.stats["ring"]["high_water"] > 4, f"a backlog to take from: {r.stats['ring']}")
    check(-(-parsed // 4) <= deq <= parsed, f"{parsed} packets in {deq} dequeues of at most 4")


@case("three_lcores_main_reports")
def _(binary):
    """With a lcore to spare, main only reports; the run is the same."""
    r = bp.run(binary, ["--pcap", bp.sample("basic")], lcores="0@0,1@1,2@1")
    check_ok_run(r)
    check_counts(r.stats, bp.expected("basic"), "basic on 3 lcores")
    p = r.stats["pipelines"][0]
    check(p["rx_lcore"] != 0 and p["parser_lcore"] != 0, "main lcore runs neither role")


@case("report_text")
def _(binary):
    """The human report carries the figures and says the checks passed."""
    r = bp.run(binary, ["--pcap", bp.sample("malformed")], json_out=False)
    check(r.rc == 0, f"exit {r.rc}: {r.stderr}")
    for needle in ("== burstpipe report", "Malformed", "ipv4_bad_ihl", "RX burst sizes",
                   "time in ring", "burst episodes", "Checks", ": OK", "every mbuf back",
                   "ring sizing"):
        check(needle in r.stdout, f"report shows '{needle}'")
    sources = [l for l in r.stdout.splitlines() if l.startswith("Source")]
    n = bp.expected("malformed")["packets"]
    check(len(sources) == 1 and f"malformed.pcap, {n} packets" in sources[0]
          and not sources[0].endswith(", live"),
          f"a replay's one source line names the capture: {sources}")
    prefix = bp.new_prefix()
    live = bp.run(binary, ["--duration", "0.2"], json_out=False,
                  eal=bp.eal_args(prefix) + ["--vdev", "net_null0"])
    bp.cleanup_runtime(prefix)
    check(live.rc == 0, f"net_null: exit {live.rc}: {live.stderr}")
    sources = [l for l in live.stdout.splitlines() if l.startswith("Source")]
    check(len(sources) == 1 and "(net_null) queue 0, live" in sources[0],
          f"a live port's one source line says so: {sources}")
    check("ring sizing" not in live.stdout and "(null)" not in live.stdout,
          "no sizing table without a capture to size from")


def report_line(out, head):
    """The one line of the human report that starts with head."""
    lines = [l for l in out.splitlines() if l.startswith(head)]
    check(len(lines) == 1, f"the report has one line starting {head!r}: {lines}")
    return lines[0]


def report_fields(line, pattern, what):
    """pattern's groups in line, as printed."""
    m = re.search(pattern, line)
    check(m is not None, f"{what}: {pattern!r} in {line!r}")
    return list(m.groups())


def report_numbers(line, pattern, what):
    return [float(x) for x in report_fields(line, pattern, what)]


@case("report_text_matches_json")
def _(binary):
    """The human table prints the same figures as the JSON of the same run
    (one struct, one reporter, two forms), digit for digit: counters, the
    times in whole ns, in ms the JSON's ns over 1e6, means as the JSON's
    rounded. Three runs, so that no figure is a zero that any mistake would
    print: mix.pcap (every protocol, and every malformed reason a capture
    can hold) spinning on a ring of 64 behind a 1 us parser, burst.pcap
    dropping on one, and steady.pcap held to 1000 packets a second (2 s: 7
    digits of ms held and idle)."""
    r = bp.run(binary, ["--pcap", bp.sample("mix"), "--ring-size", "64",
                        "--parse-cost-ns", "1000"])
    check_ok_run(r, "mix, spin")
    # No capture holds a chain shorter than its pkt_len: a PMD's bug.
    reasons = [k for k, v in r.stats["malformed"].items()
               if k not in ("total", "mbuf_chain_short") and v == 0]
    check(not reasons, f"mix, spin: every malformed reason counted, not {reasons}")
    check(r.stats["ring"]["full_events"] > 0, "mix, spin: the ring filled")
    check_text_matches_json(r)
    r = burst_run(binary, 64, "drop")
    check_ok_run(r, "burst, drop")
    check(r.stats["ring"]["episodes"]["drops"] > 0, "burst, drop: drops in episodes")
    check_text_matches_json(r)
    r = bp.run(binary, ["--pcap", bp.sample("steady"), "--pps", "1000"])
    check_ok_run(r, "steady, 1000 pps")
    check(r.stats["rx"]["pace_ns"] >= 1e9, f"steady: held for a second or more: {r.stats['rx']}")
    check_text_matches_json(r)


def check_text_matches_json(r):
    s, out = r.stats, r.stdout
    rx, ring, ep, t = s["rx"], s["ring"], s["ring"]["episodes"], s["ring"]["time_in_ring_ns"]

    def same(got, want, what):
        check_eq(got, want, f"human table against JSON: {what}")

    def ms(ns):
        """A time the JSON has in whole ns, as the text prints it in ms."""
        return f"{ns / 1e6:.3f}"

    got = report_numbers(report_line(out, "Packets "), r"(\d+) packets, (\d+) bytes", "Packets")
    same(got, [s["packets"], s["bytes"]], "packets, bytes")
    lines = out.splitlines()
    start = lines.index("Decoded")
    decoded = {}
    for l in lines[start + 1:]:
        if not l.startswith("  "):
            break
        decoded.update((k, int(v)) for k, v in re.findall(r"(\w+)\s+(\d+)", l))
    same(decoded, s["decode"], "the Decoded table")
    line = report_line(out, "L4 checksums ")
    if s["run"]["verify_l4_checksums"]:
        d = s["decode"]
        got = report_fields(line, r"port offload: (\w+(?:,\w+)?)\): (\d+) bad, (\d+) not "
                            r"verifiable", "L4 checksums")
        same(got, [s["run"]["rx_l4_cksum_offload"],
                   str(d["tcp_bad_checksum"] + d["udp_bad_checksum"] + d["icmp_bad_checksum"] +
                       d["icmpv6_bad_checksum"]), str(d["l4_checksum_unverified"])],
             "L4 checksums: offload, bad, unverified")
    else:
        check("not verified" in line, f"L4 checksums: not verified, as the JSON says: {line!r}")
    got = report_numbers(report_line(out, "Malformed "), r"^Malformed\s+(\d+) ", "Malformed")
    same(got, [s["malformed"]["total"]], "malformed total")
    reasons = {k: v for k, v in s["malformed"].items() if k != "total" and v}
    printed = {}
    for k in s["malformed"]:
        for l in lines:
            m = re.match(rf"  {k}\s+(\d+)  ", l)
            if m:
                printed[k] = int(m[1])
    same(printed, reasons, "the malformed reasons (the non-zero ones)")
    got = report_numbers(report_line(out, "RX "),
                         r"(\d+) packets in (\d+) bursts .*, (\d+) empty polls", "RX")
    same(got, [rx["packets"], rx["bursts"], rx["empty_polls"]], "RX packets, bursts, empty polls")
    at = lines.index(report_line(out, "  RX burst sizes"))
    pairs = []
    for l in lines[at + 1:]:
        if not l.startswith("    "):
            break
        pairs += [(int(n), int(c)) for n, c in re.findall(r"(\d+):(\d+)", l)]
    same(pairs, [(n, c) for n, c in enumerate(rx["burst_hist"]) if c], "RX burst sizes")
    got = report_numbers(report_line(out, "Ring "), r"(\d+) enqueued, (\d+) dropped", "Ring")
    same(got, [ring["enqueued"], ring["dropped"]], "ring enqueued, dropped")
    got = report_numbers(report_line(out, "  occupancy "), r"high water (\d+) ", "occupancy")
    same(got, [ring["high_water"]], "high water")
    got = report_fields(report_line(out, "  back-pressure "),
                        r"short of room (\d+) times; RX waited ([\d.]+) ms for room, "
                        r"held packets ([\d.]+) ms for pacing", "back-pressure")
    same(got, [str(ring["full_events"]), ms(ring["wait_ns"]), ms(rx["pace_ns"])],
         "full events, ms waited for room, ms held for pacing")
    got = report_fields(report_line(out, "  time in ring "),
                        r"p50 (\d+) ns p90 (\d+) ns p99 (\d+) ns p99\.9 (\d+) ns\s+max (\d+) ns"
                        r"\s+mean (\d+) ns", "time in ring")
    # The mean's %.0f rounds half to even, as Python's round() does.
    same(got, [str(t[k]) for k in ("p50", "p90", "p99", "p99_9", "max")] + [str(round(t["mean"]))],
         "time in ring")
    got = report_fields(report_line(out, "  burst episodes "),
                        r"^  burst episodes\s+(\d+) \(start at (\d+), end at (\d+) packets\): "
                        r"deepest (\d+), longest ([\d.]+) ms, ([\d.]+) ms in all, (\d+) drops inside",
                        "burst episodes")
    same(got, [str(ep[k]) for k in ("count", "high_mark", "low_mark", "deepest")] +
         [ms(ep["longest_ns"]), ms(ep["total_ns"]), str(ep["drops"])],
         "episodes count, marks, deepest, longest and total ms, drops")
    ps = s["parser"]
    got = report_fields(report_line(out, "Parser "),
                        r"^Parser\s+(\d+) packets, busy [\d.]+% \(([\d.]+) ms busy, "
                        r"([\d.]+) ms idle\), (\d+) ns per packet", "Parser")
    same(got, [str(ps["packets"]), ms(ps["busy_ns"]), ms(ps["idle_ns"]),
               str(round(ps["service_ns_per_packet"]))], "parser packets, ms busy and idle, "
         "ns per packet")
    got = report_numbers(report_line(out, "Checks "),
                         r"rx\.packets (\d+) == ring\.enqueued (\d+) \+ ring\.dropped (\d+); "
                         r"ring\.enqueued == parser\.packets (\d+): OK", "Checks")
    same(got, [rx["packets"], ring["enqueued"], ring["dropped"], s["parser"]["packets"]],
         "the Checks line")
    check_cpu_lines(r)


def check_pipeline_table(r):
    """The report's per-pipeline table: a row per pipeline, each figure the
    JSON's for that pipeline, as the text prints it."""
    s, lines = r.stats, r.stdout.splitlines()
    head = [i for i, l in enumerate(lines) if l.startswith("Per pipeline ")]
    check_eq(len(head), 1, f"one per-pipeline table:\n{r.stdout}")
    check_eq(lines[head[0]].split()[2:], ["id", "rx", "parsed", "dropped", "high", "water", "p99",
                                          "in", "ring", "episodes", "busy", "RX", "lost",
                                          "parser", "lost"], "the table's columns")
    rows = lines[head[0] + 1:head[0] + 1 + len(s["pipelines"])]

    def lost(w):
        return "unknown" if w["cpu_wait_ns"] is None else f"{w['cpu_wait_ns'] / 1e6:.3f} ms"
    for row, p in zip(rows, s["pipelines"]):
        m = re.fullmatch(r" {17}\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+) ns\s+(\d+)"
                         r"\s+([\d.]+)%\s+([\d.]+ ms|unknown)\s+([\d.]+ ms|unknown)", row)
        check(m is not None, f"a row of the per-pipeline table: {row!r}")
        ring = p["ring"]
        check_eq(list(m.groups()),
                 [str(p["id"]), str(p["rx"]["packets"]), str(p["parser"]["packets"]),
                  str(ring["dropped"]), str(ring["high_water"]),
                  str(ring["time_in_ring_ns"]["p99"]), str(ring["episodes"]["count"]),
                  f"{p['parser']['busy_pct']:.1f}", lost(p["rx"]), lost(p["parser"])],
                 f"per-pipeline table against JSON: pipeline {p['id']}")


def check_cpu_lines(r):
    """The lost CPU's lines against the JSON: one under RX, one under Parser
    (each role's lcores summed), and a warning for each lcore over the
    report's threshold, with its figures, and for no other."""
    s, out = r.stats, r.stdout
    lines = out.splitlines()
    cpu = [i for i, l in enumerate(lines) if l.startswith("  CPU lost ")]
    check_eq(len(cpu), 2, f"two 'CPU lost' lines, RX's and the parser's:\n{out}")
    check(lines[cpu[0] - 1].startswith("RX ") and lines[cpu[1] - 1].startswith("Parser "),
          f"under the RX line and the Parser line: {[lines[i - 1] for i in cpu]}")
    for i, role in zip(cpu, ("rx", "parser")):
        got = report_fields(lines[i], r"^  CPU lost\s+([\d.]+) ms runnable but not running, "
                            r"(\d+) preemptions?\b", "CPU lost")
        check_eq(got, [f"{s[role]['cpu_wait_ns'] / 1e6:.3f}", str(s[role]["preemptions"])],
                 f"human table against JSON: {role}'s lost CPU and preemptions")
    want = check_cpu_warnings(s, out, "Warning          ")
    if want:
        check("Give every lcore a CPU of its own" in out, "the warning says what to do")


def cpu_over(s, w):
    """Whether w (an lcore's or a sweep row's cpu_wait_ns and preemptions)
    is over the report's threshold: more than it in all, in stalls of it on
    average."""
    warn = s["run"]["cpu_wait_warn_ns"]
    return w["cpu_wait_ns"] > warn and (w["preemptions"] is None or
                                        w["cpu_wait_ns"] // warn >= w["preemptions"])


def check_cpu_warnings(s, text, lead):
    """The lines of text starting with lead + "pipeline " are one warning per
    lcore over the report's threshold (by the JSON s), with its figures, and
    none for any other lcore. Returns how many there are."""
    warned = sorted(l for l in text.splitlines() if l.startswith(lead + "pipeline "))
    want = []
    for p in s["pipelines"]:
        for role, name in (("rx", "RX"), ("parser", "parser")):
            w = p[role]
            if cpu_over(s, w):
                want.append(f"{lead}pipeline {p['id']}'s {name} lcore (lcore "
                            f"{p[role + '_lcore']}) was runnable but off its CPU for "
                            f"{w['cpu_wait_ns'] / 1e6:.3f} ms, preempted {w['preemptions']} time"
                            f"{'' if w['preemptions'] == 1 else 's'} (")
    check_eq(len(warned), len(want), f"a warning per lcore over the threshold:\n{text}")
    for w, l in zip(sorted(want), warned):
        check(l.startswith(w), f"warning line {l!r} starts {w!r}")
    return len(want)


# ---- a live port backed by the kernel: TAP ----

def tap_name():
    """A TAP interface name of our own, or Skip if this machine cannot make
    one (no /dev/net/tun, or no CAP_NET_ADMIN)."""
    import fcntl
    import struct
    name = f"bpt{os.getpid() % 1000000}"
    try:
        fd = os.open("/dev/net/tun", os.O_RDWR)
        try:
            # TUNSETIFF, IFF_TAP | IFF_NO_PI; the interface goes with the fd
            fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", name.encode(), 0x1002))
        finally:
            os.close(fd)
    except OSError as e:
        raise Skip(f"cannot make a TAP interface here: {e}")
    return name


def udp_frame(i, ip_total=None, udp_len=None):
    """An Ethernet/IPv4/UDP frame of 60 bytes, flow i % 64; ip_total and
    udp_len override the length fields (to make malformed ones)."""
    import struct
    payload = b"x" * 18
    udp = struct.pack("!HHHH", 1024 + i % 64, 9,
                      udp_len if udp_len is not None else 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0,
                     ip_total if ip_total is not None else 20 + len(udp), i & 0xffff, 0, 64,
                     17, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    words = struct.unpack("!10H", ip)
    total = sum(words)
    total = (total >> 16) + (total & 0xffff)
    total += total >> 16
    ip = ip[:10] + struct.pack("!H", ~total & 0xffff) + ip[12:]
    return bytes.fromhex("020000000002" "020000000001" "0800") + ip + udp


def tap_run(binary, pipelines, frames):
    """burstpipe on a TAP port until SIGINT; the kernel side sends frames
    into it once the port is up. Returns (exit status, stdout, stderr, stats)."""
    import json
    import signal
    import socket
    import subprocess
    import time
    name = tap_name()
    prefix = bp.new_prefix()
    out = bp.scratch_path("stats.json")
    lcores = TWO_LCORES_PER_CPU if pipelines == 2 else "0-1"
    cmd = [binary, *bp.eal_args(prefix, lcores), "--log-level=pmd.net.tap:crit",
           "--vdev", f"net_tap0,iface={name}", "--",
           "--pipelines", str(pipelines), "--stats-period", "0.05", "--stats-json", out]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # The first progress line: the lcores are polling. Frames sent
        # before that wait in the kernel's queue, and what does not fit
        # there is dropped before burstpipe could see it.
        first = proc.stdout.readline()
        if not first.startswith("["):
            _, err = proc.communicate(timeout=30)
            raise Failure(f"burstpipe did not start (first line {first!r}): {err}")
        # In batches: the TAP queue holds about 1000 frames, and a sanitized
        # build reads them slowly.
        dropped = f"/sys/class/net/{name}/statistics/tx_dropped"
        with socket.socket(socket.AF_PACKET, socket.SOCK_RAW) as sock:
            sock.bind((name, 0))
            for k in range(0, len(frames), 100):
                for f in frames[k:k + 100]:
                    sock.send(f)
                time.sleep(0.02)
        time.sleep(0.5)
        kernel_dropped = int(open(dropped).read())
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
        stdout = first + stdout
    finally:
        if proc.poll() is None:
            proc.kill()
        bp.cleanup_runtime(prefix)
    check_eq(kernel_dropped, 0, f"frames the kernel dropped before {name} was read")
    stats = None
    if os.path.exists(out) and os.path.getsize(out) > 0:
        with open(out) as f:
            stats = json.load(f)
    return proc.returncode, stdout, stderr, stats


@case("live_tap")
def _(binary):
    """A kernel-backed port (net_tap: RX and TX queues, promiscuous mode, a
    live source ended by SIGINT): every frame the kernel sends into it is
    received, decoded and counted, good and malformed."""
    frames = [udp_frame(i) for i in range(1000)]
    frames += [udp_frame(i, ip_total=200) for i in range(20)]	# beyond the frame
    frames += [udp_frame(i, udp_len=4) for i in range(10)]	# below 8
    rc, out, err, s = tap_run(binary, 1, frames)
    check_eq(rc, 0, f"exit status (stderr: {err})")
    sources = [l for l in out.splitlines() if l.startswith("Source")]
    check(len(sources) == 1 and "(net_tap) queue 0, live" in sources[0],
          f"the source line names the TAP port: {sources}")
    check_eq(s["decode"]["udp"], 1000, "every good UDP frame decoded")
    check_eq(s["malformed"]["ipv4_truncated"], 20, "IPv4 total length beyond the frame")
    check_eq(s["malformed"]["udp_bad_length"], 10, "UDP length below 8")
    # The kernel may add its own (IPv6 neighbour discovery, MLD) on a new port.
    check(s["packets"] >= 1030, f"at least the frames sent: {s['packets']}")
    check_conservation(s, "TAP")
    check_no_leak(s)


@case("live_tap_two_pipelines")
def _(binary):
    """Two pipelines on a TAP port with two queues: the kernel spreads the 64
    flows over both, and the pipelines' counts add up to every frame."""
    rc, out, err, s = tap_run(binary, 2, [udp_frame(i) for i in range(2000)])
    check_eq(rc, 0, f"exit status (stderr: {err})")
    check_eq(s["decode"]["udp"], 2000, "every UDP frame decoded once")
    per = [p["packets"] for p in s["pipelines"]]
    check(len(per) == 2 and min(per) > 0, f"both queues received: {per}")
    check_eq(sum(per), s["packets"], "the pipelines add up to the total")
    check_conservation(s, "TAP, two pipelines")
    check_no_leak(s)


# ---- burst absorption (issue 4) ----

BURST = {"trains": 10, "longest": 600}


def burst_run(binary, size, policy, extra=(), parse_ns=1000):
    return bp.run(binary, ["--pcap", bp.sample("burst"), "--replay-speed", "1",
                           "--parse-cost-ns", str(parse_ns), "--ring-size", str(size),
                           "--policy", policy, *extra])


@case("burst_meta")
def _(binary):
    meta = bp.expected("burst")["meta"]
    check_eq(meta["trains"], BURST["trains"], "trains in burst.pcap")
    check_eq(meta["longest_train"], BURST["longest"], "longest train in burst.pcap")


@case("burst_large_ring_loses_nothing")
@cpu_bound()
def _(binary):
    """Consumer slower than the train (1 us/packet vs 67 ns/packet), ring
    larger than the longest train: nothing is lost."""
    r = burst_run(binary, 1024, "drop")
    check_ok_run(r)
    check_conservation(r.stats)
    ring = r.stats["ring"]
    check_eq(ring["dropped"], 0, "ring of 1024 > longest train 600 drops nothing")
    check(ring["high_water"] > 64, "the trains did fill the ring beyond 64")
    check_histograms(r.stats, 32)
    # The packet that raised the high water had high_water - 1 ahead of it;
    # the parser takes at most a burst (32) per dequeue and spends at least
    # 1 us (less the TSC's rounding) on each, so it waited for at least
    # high_water - 32 of them. A slower machine only makes the wait longer.
    floor = (ring["high_water"] - 32) * 990
    check(ring["time_in_ring_ns"]["max"] >= floor,
          f"time in ring max {ring['time_in_ring_ns']['max']} ns >= {floor} ns, the wait "
          f"behind {ring['high_water']} packets at 1 us each")


@case("stop_frees_what_pacing_held")
@cpu_bound()
def _(binary):
    """A paced run stopped (--duration) while RX holds packets whose time has
    not come: they are freed and counted as rx.held_at_stop, not pushed into
    the ring at once, where a burst the traffic never had would fill it,
    drop and open an episode. net_null hands RX 512 packets in one poll;
    at 10 pps only the few due in 0.5 s are sent."""
    r = bp.run(binary, ["--duration", "0.5", "--pps", "10", "--burst", "512", "--ring-size", "64",
                        "--policy", "drop"],
               eal=bp.eal_args(bp.new_prefix()) + ["--vdev", "net_null0"])
    check_ok_run(r)
    s = r.stats
    rx, ring = s["rx"], s["ring"]
    check_eq(rx["packets"], 512, "one poll of 512")
    check(1 <= ring["enqueued"] <= 6, f"only the packets due in 0.5 s at 10 pps: {ring['enqueued']}")
    check_eq(ring["dropped"], 0, "nothing dropped: the ring never saw the held packets")
    check_eq(rx["held_at_stop"], 512 - ring["enqueued"], "the rest held at the stop, counted")
    check_eq(ring["episodes"]["count"], 0, "no burst episode")
    check(ring["high_water"] <= 1, f"the ring held at most the one due packet: {ring['high_water']}")
    check_conservation(s)
    check(re.search(rf"held at stop +{512 - ring['enqueued']} paced packets not yet due",
                    r.stdout), f"the report says so: {r.stdout}")
    check(f"+ rx.held_at_stop {512 - ring['enqueued']};" in r.stdout and ": OK" in r.stdout,
          "the report's check adds them in")
    # Its pass row says the same, and a live run's pass is never complete.
    row, = s["sweep"]
    check_eq((row["complete"], row["received"], row["enqueued"], row["dropped"],
              row["held_at_stop"]), (False, 512, ring["enqueued"], 0, rx["held_at_stop"]),
             "the live run's pass row")
    # A paced replay cut short by --duration: its row adds up with them too.
    r = bp.run(binary, ["--pcap", bp.sample("burst"), "--replay-speed", "1", "--duration", "0.05"])
    check_ok_run(r, "a replay cut short")
    row, = r.stats["sweep"]
    check(row["complete"] is False and 0 < row["held_at_stop"] <= 32 and
          row["received"] == row["enqueued"] + row["dropped"] + row["held_at_stop"] < 3191,
          f"a replay cut short: its row is marked and adds up: {row}")
    check_conservation(r.stats, "a replay cut short")


@case("time_in_ring_from_the_dequeue")
def _(binary):
    """A parser polling an empty ring takes each paced packet the moment it
    is published. Its clock is read after the dequeue's loads, so no packet
    is timed before RX stamped it: no time in the ring near 0 (RX and the
    parser are on two CPUs: a cache line takes tens of ns between them), and
    none wrapped round to 2^64 cycles, beyond the run itself. With a plain
    rdtsc after the dequeue, each of three such runs had 9-17 packets below
    1 ns and the wrapped max."""
    r = bp.run(binary, ["--pps", "1000000", "--duration", "0.3"],
               eal=bp.eal_args(bp.new_prefix()) + ["--vdev", "net_null0"])
    check_ok_run(r)
    s = r.stats
    check(s["packets"] > 100000, f"a paced run of 0.3 s at 1 Mpps: {s['packets']} packets")
    check_histograms(s, 32)
    t = s["ring"]["time_in_ring_ns"]
    check(t["max"] <= s["run"]["elapsed_s"] * 1e9,
          f"time in ring max {t['max']} ns within the run's {s['run']['elapsed_s']} s")
    check(t["hist"][0][0] >= 1, f"no packet out of the ring within 1 ns of its stamp: "
          f"{t['hist'][:3]}")


@case("burst_small_ring_drops")
@cpu_bound()
def _(binary):
    """A ring of 64 overflows on every train: drops, high water == capacity,
    and one burst episode per train."""
    # One episode per train holds while RX delivers a train without a pause
    # long enough for the parser to take the ring from its high mark (32)
    # below its low mark (6). With the vCPUs far apart the pcap PMD's
    # receive has taken up to 95 us (57 us without sanitizers): at 1 us a
    # packet, such a pause splits a train in two, a real second episode
    # (1 run in 40 under ASan). At 5 us a packet it must last 130 us.
    r = burst_run(binary, 64, "drop", parse_ns=5000)
    check_ok_run(r)
    s = r.stats
    check_conservation(s)
    check(s["ring"]["dropped"] > 0, "a 64-slot ring drops under the trains")
    check_eq(s["ring"]["high_water"], 64, "high water equals capacity")
    check_eq(s["ring"]["episodes"]["count"], BURST["trains"], "one episode per train")
    # A drop finds the ring full, at or above the high mark: every drop is
    # inside an episode.
    ep = s["ring"]["episodes"]
    check_eq(ep["drops"], s["ring"]["dropped"], "every drop happens inside an episode")
    check_eq(ep["deepest"], 64, "the deepest episode filled the ring")
    # (Each is rounded to whole ns: the total by half a ns at most, and each
    # of count episodes no longer than longest_ns + 0.5.)
    check(0 < ep["longest_ns"] <= ep["total_ns"] <= ep["count"] * (ep["longest_ns"] + 0.5) + 0.5,
          f"longest episode > 0, within the total, which is within count x longest: {ep}")
    check_histograms(s, 32)


@case("burst_spin_waits_not_drops")
def _(binary):
    """Spin on a small ring: nothing dropped, every packet parsed, and the
    back-pressure shows as RX waiting for room."""
    r = burst_run(binary, 64, "spin")
    check_ok_run(r)
    check_counts(r.stats, bp.expected("burst"), "burst under spin")
    check_eq(r.stats["ring"]["dropped"], 0, "spin drops nothing")
    check(r.stats["ring"]["wait_ns"] > 0, "RX waited for room")
    check(r.stats["ring"]["full_events"] > 0, "ring found full")


@case("occupancy_sampled_per_placing_enqueue")
def _(binary):
    """A sample of occupancy at enqueue is one enqueue call that placed
    packets: spin retries on a full ring that place none are not samples,
    however fast RX spins, and a drop call that places none is not one."""
    for policy in ("spin", "drop"):
        r = bp.run(binary, ["--pcap", bp.sample("burst"), "--parse-cost-ns", "1000",
                            "--ring-size", "64", "--policy", policy])
        check_ok_run(r)
        rx, ring = r.stats["rx"], r.stats["ring"]
        n = ring["occupancy_samples"]
        check(ring["full_events"] > 0, f"{policy}: the ring of 64 was found full")
        check(n <= ring["enqueued"],
              f"{policy}: each sample placed a packet: {n} samples, {ring['enqueued']} enqueued")
        if policy == "spin":
            check(n >= rx["bursts"], f"spin: every burst goes in: {n} samples, "
                  f"{rx['bursts']} bursts")
        else:
            check(rx["bursts"] - ring["full_events"] <= n <= rx["bursts"],
                  f"drop: one call per burst, less those that placed none: {n} samples, "
                  f"{rx['bursts']} bursts, {ring['full_events']} found the ring full")
        check(ring["occupancy_mean"] <= ring["high_water"], f"{policy}: mean <= high water")
        check_histograms(r.stats, 32)


@case("occupancy_hist_bins")
def _(binary):
    """The occupancy histogram's bins at ring sizes around 1024 slots: exact up
    to 1024, wider above; a ring of 1 fills, and its full bin is bin 1."""
    rings = {}
    for size in (1, 1023, 1024, 1025, 4096):
        r = bp.run(binary, ["--pcap", bp.sample("burst"), "--parse-cost-ns", "1000",
                            "--ring-size", str(size)])
        check_ok_run(r, f"ring of {size}")
        rings[size] = r.stats["ring"]
        check_eq(rings[size]["capacity"], size, "capacity")
        check_occupancy_hist(rings[size])
        check_occupancy_hist(r.stats["pipelines"][0]["ring"])
    check_eq(rings[1]["occupancy_hist"]["counts"], [0, rings[1]["occupancy_samples"]],
             "a ring of 1 is full after every call that placed a packet")


@case("json_carries_every_figure")
def _(binary):
    r = burst_run(binary, 256, "drop")
    check_ok_run(r)
    s = r.stats
    need = {
        "": ["packets", "bytes", "decode", "malformed", "rx", "ring", "parser", "pipelines",
             "mempool", "run", "conserved"],
        "rx": ["packets", "bursts", "empty_polls", "imissed", "rx_nombuf", "ierrors",
               "burst_hist", "wait_ns", "pace_ns"],
        "ring": ["capacity", "enqueued", "dropped", "high_water", "occupancy_mean",
                 "occupancy_time_mean", "above_half_pct", "above_90_pct", "occupancy_hist",
                 "time_in_ring_ns", "episodes", "wait_ns", "full_events", "policy", "kind"],
        "parser": ["packets", "busy_ns", "idle_ns", "busy_pct", "service_ns_per_packet"],
    }
    for section, keys in need.items():
        obj = s if section == "" else s[section]
        for k in keys:
            check(k in obj, f"JSON has {section + '.' if section else ''}{k}")
    for k in ("p50", "p90", "p99", "p99_9", "max", "hist"):
        check(k in s["ring"]["time_in_ring_ns"], f"time_in_ring_ns.{k}")
    for k in ("count", "deepest", "longest_ns", "drops", "high_mark", "low_mark"):
        check(k in s["ring"]["episodes"], f"episodes.{k}")
    check(s["rx"]["pace_ns"] > 0, "paced replay held packets back")
    check(s["run"]["replay_speed"] == 1, "run.replay_speed")


@case("json_non_utf8_pcap_name")
def _(binary):
    """A capture whose name has a byte that is not UTF-8 (Linux allows any):
    the JSON stays strict UTF-8, with U+FFFD where the byte was, and the
    text report prints the name's bytes as they are."""
    import json
    import shutil
    import subprocess
    tmp = os.path.dirname(bp.scratch_path("stats.json"))
    out = os.path.join(tmp, "stats.json")
    pcap = os.path.join(tmp, os.fsdecode(b"cap\xff.pcap"))
    shutil.copyfile(bp.sample("basic"), pcap)
    prefix = bp.new_prefix()
    try:
        proc = subprocess.run([binary, *bp.eal_args(prefix), "--", "--pcap", pcap,
                               "--stats-json", out], capture_output=True, timeout=120)
    finally:
        bp.cleanup_runtime(prefix)
    check(proc.returncode == 0, f"exit status {proc.returncode}, stderr:\n{proc.stderr!r}")
    try:
        with open(out, encoding="utf-8", errors="strict") as f:
            stats = json.load(f)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise Failure(f"the JSON is not strict UTF-8 JSON: {e}")
    check_counts(stats, bp.expected("basic"), "basic as cap\\xff.pcap")
    check_conservation(stats)
    check_eq(stats["pipelines"][0]["pcap"], os.path.join(tmp, "cap\ufffd.pcap"),
             "the JSON's pcap, U+FFFD where the byte was")
    check_counts(stats["pipelines"][0], bp.expected("basic"), "the pipeline of cap\\xff.pcap")
    source = [l for l in proc.stdout.splitlines() if l.startswith(b"Source")]
    check(len(source) == 1 and b"cap\xff.pcap, " in source[0],
          f"the text report names the file's own bytes: {source}")


@case("episode_marks")
def _(binary):
    """--episode-high/--episode-low set the marks in slots of the ring."""
    r = burst_run(binary, 200, "drop", ["--episode-high", "90", "--episode-low", "5"])
    check_ok_run(r)
    ep = r.stats["ring"]["episodes"]
    check_eq(ep["high_mark"], 180, "high mark 90% of 200")
    check_eq(ep["low_mark"], 10, "low mark 5% of 200")
    # Trains of 600 at 67 ns a packet into a parser of 1 us a packet fill a
    # ring of 200: episodes happen, and each reaches its high mark.
    check(ep["count"] > 0, f"the trains fill a ring of 200: {ep}")
    check(ep["deepest"] >= 180, f"an episode reaches its high mark: {ep}")


@case("ring_sizes_sweep")
@cpu_bound()
def _(binary):
    """--ring-sizes replays once per size; the table finds the smallest
    lossless size, and the prediction stands next to the measurement."""
    r = bp.run(binary, ["--pcap", bp.sample("burst"), "--replay-speed", "1",
                        "--parse-cost-ns", "1000", "--policy", "drop",
                        "--ring-sizes", "64,1024"])
    check_ok_run(r)
    sw = r.stats["sweep"]
    check_eq([row["capacity"] for row in sw], [64, 1024], "one row per size")
    check(sw[0]["dropped"] > 0, "64 drops")
    check_eq(sw[1]["dropped"], 0, "1024 drops nothing")
    check_eq(sw[0]["high_water"], 64, "64 fills")
    for row in sw:
        check("predicted" in row, "a prediction per size")
        check_eq(row["enqueued"] + row["dropped"], 3191, "each pass replays the whole capture")
    # Each pass keeps its own measured service time (--parse-cost-ns 1000
    # sets the floor, less the TSC's rounding of it); the prediction uses
    # their lower median, of 2 passes the smaller.
    for row in sw:
        check(row["service_ns"] >= 990, f"pass service time measured: {row['service_ns']}")
    # The report is the last pass's: one figure, one value.
    check_eq(sw[-1]["service_ns"], r.stats["parser"]["service_ns_per_packet"],
             "the last pass's service time is the report's")
    median = min(sw[0]["service_ns"], sw[1]["service_ns"])
    for row in sw:
        check_eq(row["predicted"]["service_ns"], median,
                 f"prediction made with the passes' median: {row['predicted']}")
    # The table rounds it as %.0f does: half to even, as Python's round().
    stated = re.search(r"\(service time (\d+) ns per packet\)", r.stdout)
    check(stated is not None and int(stated[1]) == round(median),
          f"the table states the prediction's service time, {median:.0f} ns")
    check(sw[0]["predicted"]["dropped"] > 0, "predicted: 64 drops")
    check_eq(sw[1]["predicted"]["dropped"], 0, "predicted: 1024 drops nothing")
    check("smallest size that lost nothing (no drop, no wait): 1024" in r.stdout,
          "the table names the smallest lossless size")
    # RX's time per call in the model is its median call of the last pass
    # (robust to the few the host holds up), one per pipeline, as the JSON
    # histogram of the calls has it: one sample per call that got packets.
    calls = r.stats["rx"]["call_ns"]
    check_eq(calls["count"], r.stats["rx"]["bursts"], "a call time per call that got packets")
    check_time_in_ring(calls, r.stats["run"]["tsc_hz"])	# the same histogram rules
    for row in sw:
        got = row["predicted"]["rx_call_ns"]
        check(len(got) == 1 and abs(got[0] - calls["p50"]) <= 0.5,
              f"the prediction's RX call time is the median call, {calls['p50']} ns: {got}")


@case("ring_sizes_through_vdev")
def _(binary):
    """A sizing sweep of a capture given as --vdev net_pcap0,rx_pcap=FILE,
    which README says is the same as --pcap FILE: one pass per size, each
    the whole capture. A live port cannot be swept: refused by name."""
    eal = bp.eal_args(bp.new_prefix()) + ["--vdev", f"net_pcap0,rx_pcap={bp.sample('burst')}"]
    r = bp.run(binary, ["--policy", "drop", "--ring-sizes", "64,1024"], eal=eal)
    check_ok_run(r)
    sw = r.stats["sweep"]
    check_eq([row["capacity"] for row in sw], [64, 1024], "one row per size")
    for row in sw:
        check_eq(row["received"], 3191, f"the pass of {row['capacity']} replays the whole capture")
        check_eq(row["enqueued"] + row["dropped"], 3191, f"{row['capacity']}: conserved")
    r = bp.run(binary, ["--ring-sizes", "64,1024"],
               eal=bp.eal_args(bp.new_prefix()) + ["--vdev", "net_null0"])
    check_eq(r.rc, 1, f"net_null sweep: exit status: {r.stderr}")
    check("--ring-sizes replays a capture once per size: it needs a pcap replay" in r.stderr,
          f"net_null sweep: refused by name: {r.stderr}")


def read_timeline(path):
    """A --timeline CSV: its columns' indexes by name, and its rows."""
    with open(path) as f:
        rows = [line.rstrip("\n").split(",") for line in f]
    return {name: i for i, name in enumerate(rows[0])}, rows[1:]


# time_ms is printed to the microsecond: a row's length taken from it is
# known to half of one.
TIME_MS_ROUNDING = 0.0005


def row_lengths_ms(rows, col, interval_ms):
    """Each row's length in ms and how far off that may be, for the rows of
    one pass with no interval lost: its interval's, exactly; but each
    pipeline's last row is cut short where the run ended, from its
    interval's start (the end of that pipeline's row before it) to its
    time_ms."""
    ends = {}
    for i, x in enumerate(rows):
        ends.setdefault(x[col["pipeline"]], []).append(i)
    lengths = [(interval_ms, 0.0)] * len(rows)
    for idx in ends.values():
        start = float(rows[idx[-2]][col["time_ms"]]) if len(idx) > 1 else 0.0
        lengths[idx[-1]] = (float(rows[idx[-1]][col["time_ms"]]) - start, TIME_MS_ROUNDING)
    return lengths


def rows_sum(rows, col, name, lengths, rounding):
    """The column's values times their rows' lengths (ms), summed, and how
    far that may be off: rounding (half the value's last printed digit) over
    each row, and each value over the uncertain part of its row's length."""
    total = slack = 0.0
    for x, (ms, err) in zip(rows, lengths):
        v = float(x[col[name]])
        total += v * ms
        slack += rounding * ms + v * err
    return total, slack


@case("timeline_csv")
def _(binary):
    """The timeline has one row per interval, and its columns add up to the totals."""
    path = bp.scratch_path("timeline.csv")
    r = burst_run(binary, 64, "drop", ["--timeline", path, "--timeline-interval", "0.5"])
    check_ok_run(r)
    col, rows = read_timeline(path)
    for name in ("time_ms", "occupancy_max", "occupancy_mean", "rx_pps", "parsed_pps",
                 "enqueued", "dropped", "time_in_ring_p99_ns"):
        check(name in col, f"timeline column {name}")
    check(len(rows) > 300, f"one row per 0.5 ms over ~180 ms: {len(rows)} rows")
    check_eq(sum(int(x[col["enqueued"]]) for x in rows), r.stats["ring"]["enqueued"],
             "timeline enqueued sums to the total")
    check_eq(sum(int(x[col["dropped"]]) for x in rows), r.stats["ring"]["dropped"],
             "timeline drops sum to the total")
    check(max(int(x[col["occupancy_max"]]) for x in rows) == 64, "timeline shows the ring full")
    check(all(int(x[col["occupancy_max"]]) <= 64 for x in rows), "occupancy within capacity")
    # Rates are per second over each row's length (0.5 ms, the last row
    # less), rounded to whole packets per second.
    lengths = row_lengths_ms(rows, col, 0.5)
    for name, total in (("rx_pps", r.stats["rx"]["packets"]),
                        ("parsed_pps", r.stats["parser"]["packets"])):
        got, slack = rows_sum(rows, col, name, lengths, 0.5)
        check(abs(got / 1e3 - total) <= slack / 1e3 + 1e-6,
              f"timeline {name} x each row's length adds up to the total {total}: {got / 1e3}")
    t = r.stats["ring"]["time_in_ring_ns"]
    tops = [float(x[col["time_in_ring_max_ns"]]) for x in rows]
    check_eq(max(tops), t["max"], "the rows' largest time in ring is the run's max")
    check(all(float(x[col["time_in_ring_p99_ns"]]) <= top for x, top in zip(rows, tops)),
          "each row's p99 in ring within its max")


@case("timeline_spin_wait")
def _(binary):
    """Spin policy behind a slow parser: RX waits for room across many
    intervals, and each row counts the part of the wait in it: never above
    100% of the interval, and the rows add up to the run's wait."""
    # Rows of 10 us: the parser frees room 32 packets (32 us) at a time, and
    # RX's short turn between two waits lands in one row; rows of 20 us fit
    # between two turns too seldom to count on (5 rows in one loaded run).
    interval_ms = 0.01
    path = bp.scratch_path("timeline.csv")
    r = burst_run(binary, 256, "spin", ["--timeline", path, "--timeline-interval",
                                        str(interval_ms)])
    check_ok_run(r)
    col, rows = read_timeline(path)
    waits = [float(x[col["wait_pct"]]) for x in rows]
    full = sum(1 for w in waits if w >= 99.95)
    check(full >= 10, f"rows spent wholly waiting for room: {full}")
    check(max(waits) <= 100.0, f"no row waits longer than its interval: max {max(waits)}%")
    # wait_pct has one decimal: each row may be 0.05% of its length off.
    total, slack = rows_sum(rows, col, "wait_pct", row_lengths_ms(rows, col, interval_ms), 0.05)
    total_ns = total / 100 * 1e6
    check(abs(total_ns - r.stats["ring"]["wait_ns"]) <= slack / 100 * 1e6 + 100,
          f"the rows' waits add up to the run's: {total_ns:.0f} vs {r.stats['ring']['wait_ns']}")
    check_busy_rows(rows, col, interval_ms, r.stats, "1 us of work a packet")
    check_parsed_after_enqueued(rows, col, interval_ms, "1 us of work a packet")


def check_cut_row(x, col, elapsed_ms, counts, what):
    """x: the single row of a pass (its interval far longer than the pass):
    stamped when the pass ended (within elapsed_ms), its rates over the
    time up to then. counts: {column: packets the row should hold}."""
    t = float(x[col["time_ms"]])
    check(0 < t <= elapsed_ms * (1 + 1e-5) + TIME_MS_ROUNDING,
          f"{what}: the row ends with the run ({elapsed_ms:.3f} ms), not its interval: {t} ms")
    for name, want in counts.items():
        got, slack = rows_sum([x], col, name, [(t, TIME_MS_ROUNDING)], 0.5)
        check(abs(got / 1e3 - want) <= slack / 1e3 + 1e-6,
              f"{what}: {name} {x[col[name]]} over the row's {t} ms is its {want} packets")


@case("timeline_last_row_cut")
def _(binary):
    """A pipeline's last row is the part of its interval before the run
    ended: stamped when it ended, its rates and percentages over that part
    alone. With an interval far longer than the run, the run is one row
    (a row of a sweep's pass, a row of each pipeline)."""
    path = bp.scratch_path("timeline.csv")
    long_ms = ["--timeline", path, "--timeline-interval", "1000"]
    r = bp.run(binary, ["--pcap", bp.sample("mix"), *long_ms])
    check_ok_run(r)
    col, rows = read_timeline(path)
    check_eq(len(rows), 1, "one row for a run of a few ms")
    s, x = r.stats, rows[0]
    elapsed_ms = s["run"]["elapsed_s"] * 1e3
    check_cut_row(x, col, elapsed_ms, {"rx_pps": s["rx"]["packets"],
                                       "parsed_pps": s["parser"]["packets"]}, "mix")
    check(float(x[col["rx_pps"]]) >= s["rx"]["packets"] / s["run"]["elapsed_s"] * (1 - 1e-4),
          f"mix: rx_pps {x[col['rx_pps']]} at least the run's average")
    t = float(x[col["time_ms"]])
    busy, slack = rows_sum([x], col, "parser_busy_pct", [(t, TIME_MS_ROUNDING)], 0.05)
    check(abs(busy / 100 * 1e6 - s["parser"]["busy_ns"]) <= slack / 100 * 1e6 + 100,
          f"mix: parser_busy_pct {x[col['parser_busy_pct']]} of {t} ms is the run's "
          f"{s['parser']['busy_ns']} ns")
    check_eq(int(x[col["enqueued"]]) + int(x[col["dropped"]]), s["rx"]["packets"],
             "mix: the row holds every packet")

    # A sweep: each pass's row starts again from 0 and ends with its pass.
    wall = time.monotonic()
    r = bp.run(binary, ["--pcap", bp.sample("mix"), "--ring-sizes", "64,1024", *long_ms])
    wall_ms = (time.monotonic() - wall) * 1e3
    check_ok_run(r)
    col, rows = read_timeline(path)
    check_eq([int(x[col["capacity"]]) for x in rows], [64, 1024], "a row per pass")
    for i, (x, p) in enumerate(zip(rows, r.stats["sweep"])):
        # The JSON's elapsed time is the last pass's; an earlier pass
        # lasted less than the whole process did.
        elapsed_ms = r.stats["run"]["elapsed_s"] * 1e3 if i == len(rows) - 1 else wall_ms
        check_cut_row(x, col, elapsed_ms, {"rx_pps": p["received"]}, f"pass of {p['capacity']}")

    # Two pipelines, which end at different times: a row each, each its own.
    r = bp.run(binary, ["--pcap", bp.sample("basic"), "--pcap", bp.sample("mix"), *long_ms],
               lcores=TWO_LCORES_PER_CPU)
    check_ok_run(r)
    col, rows = read_timeline(path)
    check_eq(sorted(int(x[col["pipeline"]]) for x in rows), [0, 1], "a row per pipeline")
    for x in rows:
        p = r.stats["pipelines"][int(x[col["pipeline"]])]
        check_cut_row(x, col, r.stats["run"]["elapsed_s"] * 1e3,
                      {"rx_pps": p["rx"]["packets"], "parsed_pps": p["parser"]["packets"]},
                      f"pipeline {x[col['pipeline']]}")


@case("timeline_row_for_every_interval")
def _(binary):
    """Each pipeline has a row for every interval from the first on, also
    those before its lcores started: with four lcores on two CPUs the host
    may start a pipeline's RX and parser both a few intervals late, and its
    rows for those show it idle instead of being missing."""
    path = bp.scratch_path("timeline.csv")
    interval = 0.2
    for _ in range(3):
        r = bp.run(binary, ["--pcap", bp.sample("mix"), "--pcap", bp.sample("burst"),
                            "--timeline", path, "--timeline-interval", str(interval)],
                   lcores=TWO_LCORES_PER_CPU)
        check_ok_run(r)
        col, rows = read_timeline(path)
        for pipe in ("0", "1"):
            t = [float(x[col["time_ms"]]) for x in rows if x[col["pipeline"]] == pipe]
            whole = [round(k * interval, 3) for k in range(1, len(t))]
            check(len(t) > 1 and t[:-1] == whole and whole[-1] < t[-1] <= whole[-1] + interval,
                  f"pipeline {pipe}: a row per interval from the first: {t[:6]}...")


def check_parsed_after_enqueued(rows, col, interval_ms, what):
    """A packet counts in the row in which the parser's work on it ended,
    never before the row RX enqueued it in: row by row, the packets parsed
    so far never outnumber those enqueued so far. (Of the last row, whose
    length is known to time_ms's rounding, as few as it may have parsed.)"""
    enq = parsed = 0
    for x, (ms, err) in zip(rows, row_lengths_ms(rows, col, interval_ms)):
        enq += int(x[col["enqueued"]])
        parsed += round(float(x[col["parsed_pps"]]) * max(ms - err, 0) / 1e3)
        check(parsed <= enq, f"{what}: at {x[col['time_ms']]} ms {parsed} packets parsed "
              f"but {enq} enqueued")


def check_busy_rows(rows, col, interval_ms, stats, what):
    """The parser's busy time is split at the intervals' ends: no row above
    100%, and the rows add up to the run's busy time."""
    busy = [float(x[col["parser_busy_pct"]]) for x in rows]
    check(max(busy) <= 100.0, f"{what}: no row busier than its interval: max {max(busy)}%")
    total, slack = rows_sum(rows, col, "parser_busy_pct", row_lengths_ms(rows, col, interval_ms),
                            0.05)
    total_ns = total / 100 * 1e6
    check(abs(total_ns - stats["parser"]["busy_ns"]) <= slack / 100 * 1e6 + 100,
          f"{what}: the rows' busy time adds up to the run's: {total_ns:.0f} vs "
          f"{stats['parser']['busy_ns']}")


@case("timeline_busy_fast")
def _(binary):
    """A replay as fast as it goes, in rows of 10 us: a dequeue's work (up to
    512 packets, about 10 us) that crosses an interval's end counts on both
    sides of it."""
    path = bp.scratch_path("timeline.csv")
    r = bp.run(binary, ["--pcap", bp.sample("mix"), "--burst", "512", "--ring-size", "4096",
                        "--timeline", path, "--timeline-interval", "0.01"])
    check_ok_run(r)
    col, rows = read_timeline(path)
    check(len(rows) > 20, f"rows of 10 us: {len(rows)}")
    check_busy_rows(rows, col, 0.01, r.stats, "no extra work")
    check_parsed_after_enqueued(rows, col, 0.01, "no extra work")


def wait_for_eal(proc, prefix, timeout=20):
    """Return once the EAL of burstpipe process proc (file prefix prefix) is
    up: its telemetry socket exists, and setup follows at once."""
    import time
    sock = bp.runtime_dir(prefix) / "dpdk_telemetry.v2"
    deadline = time.monotonic() + timeout
    while not sock.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    check(sock.exists(), f"telemetry socket {sock} appeared")


def start_and_wait_for_eal(binary, prefix, eal_extra, app_args, lcores="0-1"):
    """Start burstpipe in the background; return the process once EAL is up."""
    import subprocess
    cmd = [binary, *bp.eal_args(prefix, lcores), *eal_extra, "--", *app_args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_eal(proc, prefix)
    return proc


def run_watched(binary, eal_extra, app_args, watch, lcores="0-1", rest=None, errs=None):
    """Run burstpipe in the background, call watch(proc, prefix) once EAL is
    up, wait for the run to end and check that it exited 0; return what
    watch returned. rest: a list to which what was left of stdout is added;
    errs: one to which stderr is."""
    prefix = bp.new_prefix()
    proc = None
    try:
        proc = start_and_wait_for_eal(binary, prefix, eal_extra, app_args, lcores)
        seen = watch(proc, prefix)
        out, err = proc.communicate(timeout=60)
        if rest is not None:
            rest.append(out)
        if errs is not None:
            errs.append(err)
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
        bp.cleanup_runtime(prefix)
    check_eq(proc.returncode, 0, f"exit status ({err})")
    return seen


def timeline_bytes_mid_run(binary, app_args, eal_extra=(), sigint_after=None):
    """Run burstpipe in the background (SIGINT sigint_after seconds after EAL
    came up, if given); return (bytes in the timeline file 0.3 s after EAL
    came up, the file's rows at the end, the stats)."""
    import json
    import os
    import signal
    import time
    path = bp.scratch_path("timeline.csv")
    out = bp.scratch_path("stats.json")

    def watch(proc, _prefix):
        time.sleep(0.3)
        check(proc.poll() is None, "still running 0.3 s in")
        mid = os.path.getsize(path)
        if sigint_after is not None:
            time.sleep(sigint_after - 0.3)
            proc.send_signal(signal.SIGINT)
        return mid

    mid = run_watched(binary, eal_extra, [*app_args, "--timeline", path, "--quiet",
                                          "--stats-json", out], watch)
    with open(path) as f:
        rows = [line.rstrip("\n").split(",") for line in f][1:]
    with open(out) as f:
        stats = json.load(f)
    return mid, rows, stats


def check_can_hold_cpu():
    """hold_cpu needs a real-time scheduling class: without the right to one
    (not root, or no real-time budget for this cgroup) the case is skipped,
    and counted as skipped."""
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))
        os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
    except OSError as e:
        raise Skip(f"cannot run a SCHED_FIFO thread here: {e}")


def hold_cpu(cpu, seconds):
    """Take CPU cpu away from every ordinary thread for seconds: a busy loop
    pinned there under SCHED_FIFO (root), which the lcore pinned to that CPU
    cannot preempt. The host taking an lcore's vCPU away looks the same.
    (check_can_hold_cpu first.)"""
    code = ("import os, time\n"
            f"os.sched_setaffinity(0, {{{cpu}}})\n"
            "os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))\n"
            f"end = time.monotonic() + {seconds}\n"
            "while time.monotonic() < end:\n"
            "    pass\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def rx_away_once(binary, away_s):
    """One run of timeline_rx_away: RX's CPU held away_s seconds 0.4 s in.
    Returns the timeline's columns, its rows, RX's gap (first row, row
    after), the gap's rows in which the ring was drained, and the packets
    stranded there: enqueued by the timeline's count before the gap but
    parsed only after it, which happens when the hold lands after RX read
    its clock for a burst and before its enqueue published it (the burst
    is counted in the row of that reading)."""
    path = bp.scratch_path("timeline.csv")
    out = bp.scratch_path("stats.json")

    def watch(_proc, _prefix):
        time.sleep(0.4)
        hold_cpu(0, away_s)	# -l 0-1: lcore 0 (CPU 0) is pipeline 0's RX

    run_watched(binary, ["--vdev", "net_null0"],
                ["--ring-size", "256", "--parse-cost-ns", "20000", "--policy", "drop",
                 "--duration", "1.5", "--timeline", path, "--timeline-interval", "1",
                 "--quiet", "--stats-json", out], watch)
    col, rows = read_timeline(path)
    rows = rows[:-1]	# the last row's length is known only to time_ms's rounding
    # RX's gap: the longest stretch of rows in which it received nothing
    # (net_null always has packets for it).
    gap = best = (0, 0)
    for i, x in enumerate(rows):
        if float(x[col["rx_pps"]]) == 0:
            gap = (gap[0], i + 1) if gap[1] == i else (i, i + 1)
            best = max(best, gap, key=lambda g: g[1] - g[0])
    check(best[1] - best[0] >= 30, f"RX away for {away_s * 1e3:.0f} ms: {best[1] - best[0]} "
          "rows with nothing received")
    enq = parsed = 0
    drained_rows, pending = [], []
    for i, x in enumerate(rows):
        empty_at_start = enq == parsed
        if best[0] <= i < best[1]:
            pending.append(enq - parsed)
        enq += int(x[col["enqueued"]])
        got = round(float(x[col["parsed_pps"]]) / 1e3)
        parsed += got
        if best[0] <= i < best[1] and empty_at_start and got == 0 \
                and int(x[col["enqueued"]]) == 0:
            drained_rows.append(x)
        if i == best[0]:
            check(enq > parsed, f"the ring held packets when RX went: {enq} enqueued, "
                  f"{parsed} parsed")
    # Stranded: the second half of the gap (the parser long done) saw the
    # same count pending all through, at most one burst of 32.
    half = pending[len(pending) // 2:]
    stranded = half[0] if 0 < half[0] <= 32 and len(set(half)) == 1 else 0
    return col, rows, best, drained_rows, stranded


@case("timeline_rx_away")
def _(binary):
    """RX's CPU taken away for 60 ms while a slow parser has a full ring:
    no packet enters meanwhile, and the parser empties the ring in about
    5 ms. The rows after that show the ring empty, not still at the level
    RX read before it went (RX learns when the parser took the last packet,
    once it is back); so does the run's occupancy over time. A run whose
    hold landed between RX's clock reading and its enqueue (a burst counted
    before the gap but in the ring only after it) is run again, up to three
    times in all; sanitizer builds widen that window."""
    away_s = 0.06
    check_can_hold_cpu()
    for attempt in range(3):
        col, rows, best, drained_rows, stranded = rx_away_once(binary, away_s)
        if not stranded:
            break
        print(f"  timeline_rx_away: {stranded} packets counted before RX's gap entered the "
              "ring after it (the hold landed inside an enqueue): run again")
    check(not stranded, "three runs in a row held RX inside an enqueue")
    # Every packet enqueued before the row was parsed before it, and none
    # came in it: the ring was empty all through the row.
    check(len(drained_rows) >= 20, f"rows with RX away and the ring drained: {len(drained_rows)}")
    for x in drained_rows:
        check(x[col["occupancy_max"]] == "0" and float(x[col["occupancy_mean"]]) == 0,
              f"row at {x[col['time_ms']]} ms: the ring was empty, the row shows max "
              f"{x[col['occupancy_max']]} mean {x[col['occupancy_mean']]}")


@case("cpu_wait_reported")
@cpu_bound()
def _(binary):
    """Each lcore's lost CPU is in the JSON, per pipeline, summed in the
    totals and per pass of a sweep, and in the text: a number (this kernel
    gives both figures), within the run, small when the machine leaves the
    lcores their CPUs (so no warning). (A busy machine makes it large:
    retried, then skipped, as the timing cases are.)"""
    r = bp.run(binary, ["--pcap", bp.sample("mix"), "--ring-sizes", "64,1024"])
    check_ok_run(r)
    s = r.stats
    p, = s["pipelines"]
    run_ns = s["run"]["elapsed_s"] * 1e9
    for where, obj in (("totals", s), ("pipeline 0", p)):
        for role in ("rx", "parser"):
            w, n = obj[role]["cpu_wait_ns"], obj[role]["preemptions"]
            check(isinstance(w, int) and isinstance(n, int),
                  f"{where} {role}: cpu_wait_ns {w!r} and preemptions {n!r} are numbers")
            # Measured inside the run's span (after go, before the lcore ends).
            check(w <= run_ns, f"{where} {role}: lost {w} ns of a {run_ns:.0f} ns run")
            check_eq(w, p[role]["cpu_wait_ns"], f"one pipeline: the totals are its {role}'s")
    for row in s["sweep"]:
        check(isinstance(row["cpu_wait_ns"], int) and isinstance(row["preemptions"], int),
              f"pass of {row['capacity']}: its lcores' lost CPU: {row}")
    # The last pass is the report's: its row has the lcore that lost most.
    check_eq(s["sweep"][-1]["cpu_wait_ns"], max(p["rx"]["cpu_wait_ns"], p["parser"]["cpu_wait_ns"]),
             "the last pass's row: its lcore that lost the most")
    check_eq(s["run"]["cpu_wait_warn_ns"], 1000000, "the warning's threshold")
    check_cpu_lines(r)
    check("(lcore 0); it is the main lcore" in r.stdout,
          f"RX runs on the main lcore, and the report says so:\n{r.stdout}")
    for role in ("rx", "parser"):
        check(p[role]["cpu_wait_ns"] <= s["run"]["cpu_wait_warn_ns"],
              f"a quiet machine: the {role} lcore lost {p[role]['cpu_wait_ns']} ns")
    check(not s["run"]["cpu_wait_warning"] and "Warning" not in r.stdout,
          "a quiet machine: no warning")
    # More lcores than CPUs: waits are expected, and the report says so.
    r = bp.run(binary, ["--pcap", bp.sample("basic")], lcores="0@0,1@1,2@1")
    check_ok_run(r, "two lcores per CPU")
    check(r.stats["run"]["lcores_share_cpu"], "lcores_share_cpu in the JSON")
    check(r.stdout.count("lcores share CPUs in this run: waits are expected") == 2,
          f"both lines say waits are expected:\n{r.stdout}")


def check_cpu_warnings_known(stderr):
    """Every warning of stderr is one bp.is_cpu_warning knows, so that the
    cases that count stderr's lines leave exactly these out."""
    warnings = [l for l in stderr.splitlines() if l.startswith("burstpipe: warning: ")]
    check(warnings and all(bp.is_cpu_warning(l) for l in warnings),
          f"bp.is_cpu_warning knows each lost-CPU warning: {warnings}")


def run_with_cpu_held(binary, cpu, seconds, extra=(), errs=None):
    """A live run (net_null) whose CPU cpu is taken away (hold_cpu) for
    seconds once the pass is running (its first progress line), stopped by
    SIGINT after; returns (stdout, JSON). extra: more app options; errs: a
    list to which stderr is added."""
    import json
    import signal
    out = bp.scratch_path("stats.json")
    rest = []

    def watch(proc, _prefix):
        first = proc.stdout.readline()
        check(first.startswith("["), f"a progress line once the pass runs: {first!r}")
        hold_cpu(cpu, seconds)
        time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        return first

    first = run_watched(binary, ["--vdev", "net_null0"],
                        ["--stats-period", "0.05", "--duration", "60", "--stats-json", out,
                         *extra], watch, rest=rest, errs=errs)
    with open(out) as f:
        return first + rest[0], json.load(f)


@case("cpu_wait_when_held")
def _(binary):
    """An lcore whose CPU is taken away for 100 ms (a SCHED_FIFO busy loop
    pinned there: the host or a busy machine does the same) reports at
    least that much lost, at least one preemption, and the report warns,
    naming the lcore, the time and the count, and what to do. The exit
    status stays 0: a warning, not an error. The parser (lcore 1, CPU 1),
    then RX (the main lcore, CPU 0); then the parser again with --quiet,
    whose warnings go to stderr."""
    check_can_hold_cpu()
    held = 0.1
    for cpu, role, name in ((1, "parser", "parser"), (0, "rx", "RX")):
        out, s = run_with_cpu_held(binary, cpu, held)
        p, = s["pipelines"]
        check_eq(p[role + "_lcore"], cpu, f"{role}: its lcore is CPU {cpu}'s (-l 0-1)")
        w, n = p[role]["cpu_wait_ns"], p[role]["preemptions"]
        check(w >= held * 1e9, f"{role}: CPU held {held * 1e3:.0f} ms, lost {w / 1e6:.3f} ms")
        check(w <= s["run"]["elapsed_s"] * 1e9, f"{role}: lost {w} ns, within the run")
        check(n >= 1, f"{role}: preempted at least once: {n}")
        check(s["run"]["cpu_wait_warning"], f"{role}: the JSON says the report warned")
        line = [l for l in out.splitlines() if l.startswith("Warning ") and f"'s {name} lcore" in l]
        check(len(line) == 1, f"{role}: a warning names the lcore:\n{out}")
        check(f"pipeline 0's {name} lcore (lcore {cpu}) was runnable but off its CPU for "
              f"{w / 1e6:.3f} ms, preempted {n} time" in line[0], f"{role}: {line[0]!r}")
        check("Give every lcore a CPU of its own: isolcpus=" in out, f"{role}: what to do")
        # The text matches the JSON (the progress lines come first).
        check_cpu_lines(bp.Result(type("P", (), {"returncode": 0, "stdout": out,
                                                  "stderr": ""}), s))
    # --quiet prints no report, but its warnings still come out, on stderr.
    errs = []
    out, s = run_with_cpu_held(binary, 1, held, extra=["--quiet"], errs=errs)
    check(s["pipelines"][0]["parser"]["cpu_wait_ns"] >= held * 1e9,
          f"--quiet: the parser lost {s['pipelines'][0]['parser']['cpu_wait_ns']} ns")
    check("== burstpipe report" not in out and "Warning" not in out,
          f"--quiet: no report on stdout:\n{out}")
    check(check_cpu_warnings(s, errs[0], "burstpipe: warning: ") >= 1,
          f"--quiet: the parser's warning on stderr:\n{errs[0]}")
    check("burstpipe: warning: figures about time show those stalls as well as the "
          "traffic; give every lcore a CPU of its own" in errs[0], f"--quiet: what to do:\n{errs[0]}")
    check_cpu_warnings_known(errs[0])
    # A sweep marks the rows of the passes that lost their CPU and says how
    # many did, under its table, or with --quiet on stderr: the parser's
    # CPU held in the first pass.
    import json
    for quiet in (False, True):
        path = bp.scratch_path("stats.json")
        errs, rest = [], []

        def watch(proc, _prefix):
            proc.stdout.readline()	# the first pass runs
            hold_cpu(1, held)

        run_watched(binary, [], ["--pcap", bp.sample("burst"), "--replay-speed", "0.25",
                                 "--ring-sizes", "64,1024", "--stats-period", "0.05",
                                 "--stats-json", path, *(["--quiet"] if quiet else [])],
                    watch, rest=rest, errs=errs)
        with open(path) as f:
            s = json.load(f)
        rows = s["sweep"]
        lost = sum(cpu_over(s, row) for row in rows)
        check(cpu_over(s, rows[0]), f"sweep: the held pass lost its CPU: {rows[0]}")
        if quiet:
            check_eq(errs[0].count(f"burstpipe: warning: in {lost} of the 2 passes of the sizing "
                                   "sweep an lcore lost its CPU for more than 1.000 ms, in stalls "
                                   "of that on average"), 1,
                     f"sweep, --quiet: how many passes lost their CPU ({lost}):\n{errs[0]}")
            check_cpu_warnings_known(errs[0])
            continue
        out = rest[0]
        table = [l for l in out.splitlines() if re.match(r" +(64|1024) \| ", l)]
        check_eq(len(table), 2, f"sweep: a row per pass:\n{out}")
        for line, row in zip(table, rows):
            mark = f"  (an lcore lost its CPU for {row['cpu_wait_ns'] / 1e6:.3f} ms)"
            check_eq(line.endswith(mark), cpu_over(s, row),
                     f"sweep: the row of {row['capacity']} is marked as its JSON says: {line!r}")
        check_eq(out.count(f"Warning          in {lost} of the 2 passes an lcore was runnable "
                           "but off its CPU for more than 1.000 ms, in stalls of that on average "
                           "(marked above)"), 1, f"sweep: the warning under the table:\n{out}")
        check("burstpipe: warning" not in errs[0], f"sweep: no stderr warning without --quiet")


@case("timeline_written_when")
def _(binary):
    """A replay's timeline, or a live run's with --duration, is written when
    the run ends, so that the thread writing it never takes the RX lcore's
    CPU mid-run; every interval is there. An open-ended live run's is
    written as it runs."""
    mid, rows, stats = timeline_bytes_mid_run(
        binary, ["--pcap", bp.sample("burst"), "--replay-speed", "0.2",
                 "--timeline-interval", "0.1"])
    check(mid <= 200, f"replay: nothing but the header mid-run ({mid} bytes)")
    # 10 trains 20 ms apart at a fifth of the speed: ~0.9 s in 0.1 ms rows.
    check(len(rows) > 8000, f"replay: one row per 0.1 ms: {len(rows)}")
    times = [float(r[0]) for r in rows]
    check(all(abs(b - a - 0.1) < 1e-6 for a, b in zip(times, times[1:-1])),
          "replay: no interval missing")
    check(0 <= times[-1] - times[-2] < 0.1 + 1e-6,
          "replay: the last row, cut short where the run ended, is at most 0.1 ms")
    check_eq(stats["pipelines"][0]["timeline_lost"], 0, "replay: no record lost")
    check_eq(sum(int(r[7]) for r in rows), stats["ring"]["enqueued"],
             "replay: enqueued adds up")
    mid, rows, stats = timeline_bytes_mid_run(
        binary, ["--duration", "1", "--timeline-interval", "0.1"],
        ["--vdev", "net_null0"])
    check(mid <= 200, f"live, --duration: nothing but the header mid-run ({mid} bytes)")
    check(len(rows) > 9000, f"live, --duration: one row per 0.1 ms over 1 s: {len(rows)}")
    check_eq(stats["pipelines"][0]["timeline_lost"], 0, "live, --duration: no record lost")
    mid, rows, stats = timeline_bytes_mid_run(
        binary, ["--timeline-interval", "0.1"], ["--vdev", "net_null0"], sigint_after=1)
    check(mid > 4096, f"live, until SIGINT: rows written while it runs ({mid} bytes)")
    check(len(rows) > 5000, f"live, until SIGINT: one row per 0.1 ms: {len(rows)}")


@case("ring_sizes_unpaced_prediction")
@cpu_bound()
def _(binary):
    """Sizes run smallest first whatever their order; an unpaced replay is
    predicted as RX delivers it, a burst of 32 per call going in at once:
    a ring of 8 keeps at most 8 of each burst (mix.pcap: 187 bursts of 32,
    so at least 24 x 187 drops, measured and predicted, however fast the
    parser), and a larger ring sees whole bursts."""
    r = bp.run(binary, ["--pcap", bp.sample("mix"), "--policy", "drop",
                        "--ring-sizes", "64,8"])
    check_ok_run(r)
    sw = r.stats["sweep"]
    check_eq([row["capacity"] for row in sw], [8, 64], "smallest first")
    small, big = sw
    for what, dropped in (("measured", small["dropped"]),
                          ("predicted", small["predicted"]["dropped"])):
        check(24 * 187 <= dropped <= 6000 - 8, f"ring of 8, {what}: {dropped} dropped")
    check(big["high_water"] >= 32, f"64: a whole burst in the ring, measured: {big}")
    check(big["predicted"]["high_water"] >= 32, f"64: a whole burst, predicted: {big}")
    lossless = [row["capacity"] for row in sw if row["predicted"]["dropped"] == 0]
    want = f"; predicted: {lossless[0]} (" if lossless else "; predicted: none lossless ("
    check(want in r.stdout, f"the verdict line has the predicted size, {want!r}:\n{r.stdout}")


@case("ring_sizes_none_lossless")
def _(binary):
    """No size of the sweep can hold a burst of 32 (an unpaced replay
    delivers mix.pcap 32 packets a call): measured and predicted, every
    pass drops, and the verdict line says so, still naming the service
    time the prediction used."""
    import re
    r = bp.run(binary, ["--pcap", bp.sample("mix"), "--policy", "drop",
                        "--ring-sizes", "8,16"])
    check_ok_run(r)
    sw = r.stats["sweep"]
    for row in sw:
        check(row["dropped"] > 0 and row["predicted"]["dropped"] > 0,
              f"ring of {row['capacity']} drops, measured and predicted: {row}")
    line = [l for l in r.stdout.splitlines() if l.startswith("no size tried was lossless")]
    check_eq(len(line), 1, f"one verdict line:\n{r.stdout}")
    m = re.fullmatch(r"no size tried was lossless: try larger sizes; predicted: none lossless "
                     r"\(service time (\d+) ns per packet\)", line[0])
    check(m is not None, f"the verdict names no predicted size: {line[0]!r}")
    used = sw[0]["predicted"]["service_ns"]
    check(int(m[1]) == round(used), f"and the service time used, {used}: {line[0]!r}")


def thread_switches(pid, comm):
    """Voluntary context switches so far of pid's thread named comm."""
    import os
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/comm") as f:
            if f.read().strip() != comm:
                continue
        with open(f"/proc/{pid}/task/{tid}/status") as f:
            for line in f:
                if line.startswith("voluntary_ctxt_switches:"):
                    return int(line.split()[1])
    raise AssertionError(f"no thread {comm} in process {pid}")


@case("reporter_naps")
def _(binary):
    """The reporter thread shares the RX lcore's CPU, so it wakes only when
    it has something to do: with a held timeline and no progress lines, at
    most every 20 ms (each wake-up is a voluntary context switch); with
    progress lines, once per line as well. The run's elapsed time still ends
    when the lcores end, not when the reporter notices."""
    import json
    import time
    for app_args, most in ((["--timeline", bp.scratch_path("timeline.csv")], 75),
                           (["--stats-period", "0.1"], 75 + 10)):
        out = bp.scratch_path("stats.json")

        def watch(proc, _prefix):
            time.sleep(0.3)
            before = thread_switches(proc.pid, "bp-report")
            time.sleep(1.0)
            return thread_switches(proc.pid, "bp-report") - before

        woke = run_watched(binary, ["--vdev", "net_null0"],
                           [*app_args, "--duration", "1.5", "--quiet", "--stats-json", out],
                           watch)
        # 50 naps of 20 ms in a second, and the lines; 2 ms naps gave 500.
        check(woke <= most, f"{app_args[0]}: the reporter woke {woke} times in 1 s")
        with open(out) as f:
            elapsed = json.load(f)["run"]["elapsed_s"]
        # The pass ends when its lcores do (to the microsecond on a quiet
        # machine), not when the reporter notices; but under load an lcore
        # itself may be late (180 ms seen), so this only bounds the run.
        check(1.5 <= elapsed < 2.5, f"{app_args[0]}: --duration 1.5 ran {elapsed:.4f} s")


@case("pps_paces_the_replay")
def _(binary):
    """--pps N releases packet k no earlier than k / N seconds after the
    first: the replay of all 6000 packets of mix.pcap at 20000 pps takes at
    least 5999 / 20000 s, and counts exactly as an unpaced one. (A lower
    bound only: a loaded machine makes a replay later, never earlier.)"""
    r = bp.run(binary, ["--pcap", bp.sample("mix"), "--pps", "20000"])
    check_ok_run(r)
    check_counts(r.stats, bp.expected("mix"), "mix at 20000 pps")
    check_conservation(r.stats)
    elapsed = r.stats["run"]["elapsed_s"]
    check(elapsed >= 5999 / 20000, f"6000 packets at 20000 pps took {elapsed!r} s")
    check(r.stats["rx"]["pace_ns"] > 0, "RX held packets back")


@case("stats_period_lines")
def _(binary):
    """--stats-period prints progress lines while a paced replay runs."""
    r = bp.run(binary, ["--pcap", bp.sample("burst"), "--replay-speed", "1",
                        "--stats-period", "0.05"])
    check_ok_run(r)
    lines = [l for l in r.stdout.splitlines() if l.startswith("[") and " pps" in l]
    check(len(lines) >= 2, f"progress lines over ~180 ms at 50 ms: {len(lines)}")
    # Each line accounts for what RX received: parsed, in the ring, held
    # back (paced), dropped; read while the lcores run, so to within the
    # burst moving at that instant.
    last = (0, 0, 0)
    for line in lines:
        m = re.search(r", in ring (\d+), held (\d+) \(totals: rx (\d+), parsed (\d+), "
                      r"dropped (\d+)\)$", line)
        check(m is not None, f"a progress line with its totals: {line!r}")
        in_ring, held, rx, parsed, dropped = map(int, m.groups())
        check(abs(rx - (parsed + in_ring + held + dropped)) <= 32,
              f"rx = parsed + in ring + held + dropped, to within a burst: {line!r}")
        check(all(a >= b for a, b in zip((rx, parsed, dropped), last)) and rx >= parsed,
              f"totals only grow, and received >= parsed: {line!r}")
        last = (rx, parsed, dropped)
    check(last[0] <= 3191, f"no more received than the capture has: {last}")



def query_stats(prefix, timeout=20):
    """One /burstpipe/stats reply, as dpdk-telemetry.py prints it. The
    socket's file exists from its bind(); a client that connects before the
    telemetry thread's listen() is refused (dpdk-telemetry.py prints "Error
    connecting" and no reply), which a loaded machine can stretch to
    hundreds of ms: such a try is made again."""
    import json
    import subprocess
    import time
    deadline = time.monotonic() + timeout
    while True:
        q = subprocess.run(["dpdk-telemetry.py", "-f", prefix], input="/burstpipe/stats\n",
                           capture_output=True, text=True, timeout=timeout)
        if "{" in q.stdout:
            return json.loads(q.stdout[q.stdout.index("{"):])["/burstpipe/stats"]
        if "Error connecting" not in q.stdout or time.monotonic() > deadline:
            raise Failure(f"no telemetry reply: stdout {q.stdout!r}, stderr {q.stderr!r}")
        time.sleep(0.05)


@case("telemetry_live")
def _(binary):
    """/burstpipe/stats answers dpdk-telemetry.py while a replay runs."""
    import json
    import time
    out = bp.scratch_path("stats.json")

    def watch(proc, prefix):
        # The command exists once setup is done (null before), and counts
        # once the replay has begun: ask until both, as a user would.
        deadline = time.monotonic() + 10
        while True:
            reply = query_stats(prefix)
            if (reply is not None and reply.get("rx_packets", 0) > 0) or \
               time.monotonic() > deadline:
                break
            time.sleep(0.1)
        check(proc.poll() is None, "the replay was still running when telemetry answered")
        check(reply is not None, "/burstpipe/stats is registered")
        return reply

    reply = run_watched(binary, [], ["--pcap", bp.sample("burst"), "--replay-speed", "0.1",
                                     "--quiet", "--stats-json", out], watch)
    for k in ("packets", "rx_packets", "ring_enqueued", "ring_dropped", "ring_high_water",
              "parser_packets", "time_in_ring_p99_ns", "pipelines", "pipeline0",
              "rx_cpu_wait_ns", "rx_preemptions", "parser_cpu_wait_ns", "parser_preemptions"):
        check(k in reply, f"telemetry reply has {k}")
    # Live: read from the lcores' threads, not the 0 their statistics hold
    # until their loops end (this kernel gives both figures).
    check(all(isinstance(reply[k], int) for k in ("rx_cpu_wait_ns", "parser_cpu_wait_ns")),
          f"telemetry's lost CPU is a number of ns: {reply}")
    check(0 < reply["rx_packets"] < 3191, f"a live, partial count: {reply['rx_packets']}")
    check(reply["parser_packets"] <= reply["ring_enqueued"] <= reply["rx_packets"],
          "live counters ordered parsed <= enqueued <= received")
    check("rx_held" in reply and reply["rx_held"] ==
          reply["rx_packets"] - reply["ring_enqueued"] - reply["ring_dropped"],
          f"rx_held: received, neither in the ring nor dropped: {reply}")
    with open(out) as f:
        final = json.load(f)
    check_eq(final["packets"], 3191, "the replay finished after the query")


@case("telemetry_adds_up_live")
def _(binary):
    """Each /burstpipe/stats dictionary adds up while RX takes packets as
    fast as net_null gives them: received = enqueued + dropped + held, for
    the totals and for each pipeline (read as one copy, not field by field
    while the counters move). How many are held is not bounded: the
    telemetry thread shares its CPU, and RX goes on while it is held between
    its reads."""
    import json
    import socket
    import time

    def watch(_proc, prefix):
        # Straight on the socket (as dpdk-telemetry.py talks to it), so
        # that hundreds of queries land while the counters move.
        replies = []
        with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as sock:
            sock.connect(str(bp.runtime_dir(prefix) / "dpdk_telemetry.v2"))
            size = json.loads(sock.recv(1024))["max_output_len"]
            deadline = time.monotonic() + 10
            while len(replies) < 300 and time.monotonic() < deadline:
                sock.send(b"/burstpipe/stats")
                reply = json.loads(sock.recv(size))["/burstpipe/stats"]
                if reply and reply.get("rx_packets", 0) > 0:
                    replies.append(reply)
        return replies

    # Main on CPU 0 (it only reports), RX alone on CPU 1, the parser on
    # CPU 0: the telemetry thread (on main's CPU) reads while RX counts.
    replies = run_watched(binary, ["--vdev", "net_null0"],
                          ["--ring-size", "256", "--duration", "3", "--quiet"], watch,
                          lcores="0@0,1@1,2@0")
    check_eq(len(replies), 300, "replies while the run went on")
    for reply in replies:
        for name, d in (("totals", reply), ("pipeline0", reply["pipeline0"])):
            check(d["rx_packets"] == d["ring_enqueued"] + d["ring_dropped"] + d["rx_held"],
                  f"{name}: received = enqueued + dropped + held: {d}")


# Each /burstpipe/stats figure and where the JSON report has it, per pipeline.
TELEMETRY_IN_JSON = {
    "packets": ("packets",), "bytes": ("bytes",), "malformed": ("malformed", "total"),
    "rx_packets": ("rx", "packets"), "rx_bursts": ("rx", "bursts"),
    "rx_empty_polls": ("rx", "empty_polls"), "ring_capacity": ("ring", "capacity"),
    "ring_enqueued": ("ring", "enqueued"), "ring_dropped": ("ring", "dropped"),
    "ring_high_water": ("ring", "high_water"), "episodes": ("ring", "episodes", "count"),
    "parser_packets": ("parser", "packets"),
    # The CPU an lcore lost: read live while it runs, its own once it ended.
    "rx_cpu_wait_ns": ("rx", "cpu_wait_ns"), "rx_preemptions": ("rx", "preemptions"),
    "parser_cpu_wait_ns": ("parser", "cpu_wait_ns"),
    "parser_preemptions": ("parser", "preemptions"),
}


@case("telemetry_pipelines")
def _(binary):
    """/burstpipe/stats gives each pipeline its own figures: a short capture's
    pipeline, finished while a long one still runs, answers exactly what the
    JSON report says of it at the end, and its sample's expected counts."""
    import json
    import time
    out = bp.scratch_path("stats.json")
    short, long = "malformed", "burst"

    def watch(proc, prefix):
        # Paced at 1000 pps each, the short pipeline is done in ~85 ms and
        # the long one runs ~3 s: ask until the short one has parsed its
        # last packet, the long one has moved well past it, and two replies
        # in a row agree on the short one, so that its lcores have ended
        # (RX watches its ring drain after the last packet) and its figures
        # are final.
        deadline = time.monotonic() + 10
        before = None
        while True:
            reply = query_stats(prefix)
            p0 = (reply or {}).get("pipeline0", {})
            p1 = (reply or {}).get("pipeline1", {})
            if (p0.get("parser_packets") == bp.expected(short)["packets"] and
                    p1.get("rx_packets", 0) > p0["parser_packets"] + 100 and
                    p0 == before) or time.monotonic() > deadline:
                break
            before = p0
            time.sleep(0.05)
        check(proc.poll() is None, "the long replay was still running when telemetry answered")
        return reply

    # A ring of 2 with the default marks: every packet starts an episode.
    reply = run_watched(binary, [], ["--pcap", bp.sample(short), "--pcap", bp.sample(long),
                                     "--pps", "1000", "--ring-size", "2", "--quiet",
                                     "--stats-json", out], watch, lcores=TWO_LCORES_PER_CPU)
    check(reply is not None, "/burstpipe/stats is registered")
    check_eq(reply["pipelines"], 2, "telemetry: two pipelines")
    p0, p1 = reply["pipeline0"], reply["pipeline1"]
    want = bp.expected(short)
    check_eq(p0["packets"], want["packets"], f"telemetry pipeline0: {short}'s packets")
    check_eq(p0["bytes"], want["bytes"], f"telemetry pipeline0: {short}'s bytes")
    check_eq(p0["malformed"], want["malformed"]["total"], "telemetry pipeline0: malformed")
    check_eq(p0["ring_count"], 0, "telemetry pipeline0: its ring is empty")
    check(p1["rx_packets"] > p0["rx_packets"], f"pipeline1 is the long replay's own: {p1}")
    with open(out) as f:
        final = json.load(f)
    check_eq(final["pipelines"][1]["packets"], 3191, "the long replay finished after the query")
    end = final["pipelines"][0]
    check(end["ring"]["episodes"]["count"] > 0, "the short pipeline had episodes")
    for key, path in TELEMETRY_IN_JSON.items():
        v = end
        for step in path:
            v = v[step]
        check_eq(p0[key], v, f"telemetry pipeline0 {key} against the JSON's {'.'.join(path)}")


# ---- several pipelines (issue 7) ----

TWO_LCORES_PER_CPU = "0@0,1@1,2@0,3@1"	# 4 lcores on 2 CPUs: tests only


@case("two_pipelines_two_samples")
def _(binary):
    """Two pipelines, each replaying its own sample: each one's counters equal
    its sample's expected counts, the totals are the sums, and conservation
    holds per pipeline."""
    names = ["mix", "ipv6-ext"]
    for policy in ("spin", "drop"):
        r = bp.run(binary, ["--pcap", bp.sample(names[0]), "--pcap", bp.sample(names[1]),
                            "--policy", policy], lcores=TWO_LCORES_PER_CPU)
        check_ok_run(r)
        pipes = r.stats["pipelines"]
        check_eq(len(pipes), 2, "two pipelines in the JSON")
        lcores = set()
        for p, name in zip(pipes, names):
            check(p["pcap"].endswith(name + ".pcap"), f"pipeline {p['id']} replays {name}")
            if policy == "spin":
                check_counts(p, bp.expected(name), f"pipeline {p['id']} ({name})")
            check_conservation(p, f"pipeline {p['id']}")
            lcores |= {p["rx_lcore"], p["parser_lcore"]}
        check_eq(len(lcores), 4, "each pipeline has its own RX and parser lcore")
        for key in ("packets", "bytes"):
            check_eq(r.stats[key], sum(p[key] for p in pipes), f"total {key} is the sum")
        for section in ("decode", "malformed"):
            for k in r.stats[section]:
                check_eq(r.stats[section][k], sum(p[section][k] for p in pipes),
                         f"total {section}.{k} is the sum")
        check_totals(r.stats)
        check_conservation(r.stats)
        check_no_leak(r.stats)
        check_pipeline_table(r)
    # Behind a slow parser on small rings, so that the figures that are zero
    # above (ring full, episodes, their drops) are not.
    r = bp.run(binary, ["--pcap", bp.sample(names[0]), "--pcap", bp.sample(names[1]),
                        "--policy", "drop", "--ring-size", "64", "--parse-cost-ns", "1000"],
               lcores=TWO_LCORES_PER_CPU)
    check_ok_run(r, "two pipelines on rings of 64")
    mix = r.stats["pipelines"][0]["ring"]
    check(mix["full_events"] > 0 and mix["episodes"]["drops"] > 0,
          f"mix's ring of 64 filled and dropped: {mix}")
    check_pipeline_table(r)
    check_totals(r.stats)
    check_conservation(r.stats)
    # A sizing sweep of both: the table's heading names both captures.
    r = bp.run(binary, ["--pcap", bp.sample(names[0]), "--pcap", bp.sample(names[1]),
                        "--ring-sizes", "256,1024"], lcores=TWO_LCORES_PER_CPU)
    check_ok_run(r)
    heading = [l for l in r.stdout.splitlines() if l.startswith("== ring sizing:")]
    check(len(heading) == 1 and "mix.pcap + " in heading[0] and "ipv6-ext.pcap," in heading[0],
          f"the sizing heading names both captures: {heading}")
    check_eq([row["enqueued"] + row["dropped"] for row in r.stats["sweep"]],
             [r.stats["packets"]] * 2, "each pass replays both captures")


def check_totals(s):
    """The totals of several pipelines: counters are the sums, the high
    water and the deepest episode the largest, histograms added bin by bin."""
    pipes = s["pipelines"]
    for key in ("packets", "bytes"):
        check_eq(s[key], sum(p[key] for p in pipes), f"total {key} is the sum")
    for section in ("decode", "malformed"):
        for k in s[section]:
            check_eq(s[section][k], sum(p[section][k] for p in pipes),
                     f"total {section}.{k} is the sum")
    for k in ("packets", "bursts", "empty_polls"):
        check_eq(s["rx"][k], sum(p["rx"][k] for p in pipes), f"total rx.{k}")
    check_eq(s["rx"]["burst_hist"], [sum(c) for c in zip(*(p["rx"]["burst_hist"] for p in pipes))],
             "total rx.burst_hist is the sum, size by size")
    for k in ("enqueued", "dropped", "full_events", "occupancy_samples"):
        check_eq(s["ring"][k], sum(p["ring"][k] for p in pipes), f"total ring.{k}")
    check_eq(s["ring"]["high_water"], max(p["ring"]["high_water"] for p in pipes),
             "total high water is the largest")
    hists = [p["ring"]["occupancy_hist"]["counts"] for p in pipes]
    width = max(len(h) for h in hists)
    check_eq(s["ring"]["occupancy_hist"]["counts"],
             [sum(h[i] if i < len(h) else 0 for h in hists) for i in range(width)],
             "total occupancy_hist is the sum, bin by bin")
    for k in ("count", "drops"):
        check_eq(s["ring"]["episodes"][k], sum(p["ring"]["episodes"][k] for p in pipes),
                 f"total episodes.{k}")
    check_eq(s["ring"]["episodes"]["deepest"],
             max(p["ring"]["episodes"]["deepest"] for p in pipes), "total deepest episode")
    t = s["ring"]["time_in_ring_ns"]
    check_eq(t["count"], sum(p["ring"]["time_in_ring_ns"]["count"] for p in pipes),
             "total time_in_ring count")
    check_eq(t["max"], max(p["ring"]["time_in_ring_ns"]["max"] for p in pipes),
             "total time_in_ring max")
    check_histograms(s, len(s["rx"]["burst_hist"]) - 1)
    for p in pipes:
        check_histograms(p, len(p["rx"]["burst_hist"]) - 1, s["run"]["tsc_hz"])


PIPELINES_MAX = 8	# BP_PIPELINES_MAX


@case("two_pipelines_vdev_queues")
def _(binary):
    """One pcap vdev with two rx_pcap= queues is two pipelines; too few
    --pipelines for its queues is a clear error."""
    prefix = bp.new_prefix()
    vdev = f"net_pcap0,rx_pcap={bp.sample('vlan')},rx_pcap={bp.sample('basic')}"
    eal = bp.eal_args(prefix, TWO_LCORES_PER_CPU) + ["--vdev", vdev]
    r = bp.run(binary, ["--pipelines", "2"], eal=eal)
    bp.cleanup_runtime(prefix)
    check_ok_run(r)
    for p, name in zip(r.stats["pipelines"], ["vlan", "basic"]):
        check_counts(p, bp.expected(name), f"queue {p['queue']} ({name})")
    prefix = bp.new_prefix()
    eal = bp.eal_args(prefix, TWO_LCORES_PER_CPU) + ["--vdev", vdev]
    r = bp.run(binary, [], eal=eal, json_out=False)
    bp.cleanup_runtime(prefix)
    check_eq(r.rc, 1, "one pipeline for two queues is refused")
    check("give --pipelines 2" in r.stderr, f"the error says what to do: {r.stderr}")
    # More files than pipelines can be: refused, not the last one left out.
    prefix = bp.new_prefix()
    files = [bp.sample("basic")] * (PIPELINES_MAX + 1)
    vdev = "net_pcap0," + ",".join(f"rx_pcap={f}" for f in files)
    lcores = ",".join(f"{i}@{i % 2}" for i in range(2 * PIPELINES_MAX))
    eal = bp.eal_args(prefix, lcores) + ["--vdev", vdev]
    r = bp.run(binary, ["--pipelines", str(PIPELINES_MAX)], eal=eal, json_out=False)
    bp.cleanup_runtime(prefix)
    check_eq(r.rc, 1, f"{len(files)} rx_pcap files for {PIPELINES_MAX} pipelines are refused")
    check(f"port 0 replays {len(files)} capture files (one per queue): burstpipe runs at most "
          f"{PIPELINES_MAX} pipelines" in r.stderr, f"the error names both counts: {r.stderr}")


@case("pool_ops_when_lcores_share_a_cpu")
def _(binary):
    """The mbuf pool's ring: DPDK's default when every pool lcore has a CPU
    of its own, ring_mt_rts (preemption-safe) when two may share one, the
    user's --mbuf-pool-ops-name always; an unknown name is a clear error."""
    def pool_run(lcores, extra_eal=(), pcaps=("mix",)):
        prefix = bp.new_prefix()
        app = [w for n in pcaps for w in ("--pcap", bp.sample(n))]
        r = bp.run(binary, app, eal=bp.eal_args(prefix, lcores) + list(extra_eal))
        bp.cleanup_runtime(prefix)
        return r

    for lcores, pcaps, ops, why in (
            ("0-1", ("mix",), "ring_mp_mc", "DPDK's default"),
            # main reports on CPU 0; RX and parser both on CPU 1
            ("0@0,1@1,2@1", ("mix",), "ring_mt_rts", "lcores share a CPU"),
            (TWO_LCORES_PER_CPU, ("mix", "vlan"), "ring_mt_rts", "lcores share a CPU")):
        r = pool_run(lcores, pcaps=pcaps)
        check_ok_run(r, f"lcores {lcores}")
        check_eq(r.stats["mempool"]["ops"], ops, f"pool ops with lcores {lcores}")
        check_eq(r.stats["mempool"]["ops_chosen_by"], why, f"who chose them ({lcores})")
        check(f"ops {ops} ({why})" in r.stdout, f"the report names the ops ({lcores})")
        for p, name in zip(r.stats["pipelines"], pcaps):
            check_counts(p, bp.expected(name), f"{name} with lcores {lcores}")
        check_no_leak(r.stats)
    r = pool_run(TWO_LCORES_PER_CPU, ["--mbuf-pool-ops-name", "ring_mp_mc"], ("mix", "vlan"))
    check_ok_run(r, "--mbuf-pool-ops-name ring_mp_mc")
    check_eq(r.stats["mempool"]["ops"], "ring_mp_mc", "the user's pool ops win")
    check_eq(r.stats["mempool"]["ops_chosen_by"], "--mbuf-pool-ops-name", "chosen by the user")
    r = pool_run("0-1", ["--mbuf-pool-ops-name", "no_such_ops"])
    check_eq(r.rc, 1, "an unknown pool ops name is refused")
    check("no mempool ops named 'no_such_ops'" in r.stderr, f"the error names it: {r.stderr}")


# ---- the mbuf pool's size (README, "Mempool sizing") ----

POOL_CACHE = 256	# BP_POOL_CACHE


def pool_formula(pipelines, rx_desc, ring, burst, segs, lcores, preloaded=0):
    return (pipelines * (rx_desc + (ring + 2 * burst) * segs)
            + lcores * POOL_CACHE * 3 // 2 + preloaded * segs)


def check_pool(r, rx_desc, want_size, what):
    """The JSON's mempool has the size and RX descriptors wanted, and the
    report's Mempool line says the same."""
    check_ok_run(r, what)
    mp = r.stats["mempool"]
    check_eq(mp["rx_desc"], rx_desc, f"{what}: mempool.rx_desc")
    check_eq(mp["size"], want_size, f"{what}: mempool.size")
    got = report_numbers(report_line(r.stdout, "Mempool "),
                         r"^Mempool\s+(\d+) mbufs \((\d+) RX descriptors per queue\)", what)
    check_eq(got, [mp["size"], mp["rx_desc"]], f"{what}: the Mempool line against the JSON")
    check_no_leak(r.stats)


@case("pool_sized_for_rx_desc")
def _(binary):
    """The pcap PMD keeps the 1024 RX descriptors per queue asked for, the
    JSON says so, and the pool is the README's formula with that count, in
    runs that make each of its terms count: pipelines, ring (the largest of
    --ring-sizes), burst, segments (jumbo.pcap's 9018-byte frames take 5),
    lcores, and the packets an infinite_rx PMD preloads."""
    mix = bp.expected("mix")
    for pcaps, app, lcores, n_lcores, ring, burst in (
            (("mix",), [], "0-1", 2, 1024, 32),
            (("jumbo",), ["--ring-size", "64", "--burst", "8"], "0-1", 2, 64, 8),
            (("mix", "vlan"), ["--ring-sizes", "256,2048"], TWO_LCORES_PER_CPU, 4, 2048, 32)):
        what = f"{' + '.join(pcaps)} {' '.join(app)}"
        r = bp.run(binary, [w for n in pcaps for w in ("--pcap", bp.sample(n))] + app,
                   lcores=lcores)
        segs = max_segments(pcaps)
        # (a replay's ring term: no more than its longest capture's packets)
        ring = min(ring, max(bp.expected(n)["packets"] for n in pcaps))
        check_pool(r, 1024, pool_formula(len(pcaps), 1024, ring, burst, segs, n_lcores), what)
        for p, name in zip(r.stats["pipelines"], pcaps):
            check_counts(p, bp.expected(name), f"{what}: {name}")
    check_eq(max_segments(["jumbo"]), 5, "jumbo.pcap's longest frame takes 5 mbufs")
    # A replay's ring never holds more than its capture: a ring of 2^20
    # costs mix.pcap's 6000 packets' worth, which -m 256 holds.
    r = bp.run(binary, ["--pcap", bp.sample("mix"), "--ring-size", "1048576"])
    check_pool(r, 1024, pool_formula(1, 1024, mix["packets"], 32, 1, 2), "mix, ring of 2^20")
    check_counts(r.stats, mix, "mix, ring of 2^20")
    # A live port's may fill: it gets the whole ring, more than -m 256.
    prefix = bp.new_prefix()
    r = bp.run(binary, ["--ring-size", "1048576", "--duration", "0.1"], json_out=False,
               eal=bp.eal_args(prefix) + ["--vdev", "net_null0"])
    check(r.rc == 1 and "cannot make a pool of" in r.stderr and "-m" in r.stderr,
          f"net_null, ring of 2^20: the pool does not fit, said so: {r.stderr}")
    prefix = bp.new_prefix()
    eal = bp.eal_args(prefix) + ["--vdev", f"net_pcap0,rx_pcap={bp.sample('mix')},infinite_rx=1"]
    r = bp.run(binary, ["--duration", "0.2"], eal=eal)
    bp.cleanup_runtime(prefix)
    check_pool(r, 1024, pool_formula(1, 1024, 1024, 32, 1, 2, preloaded=mix["packets"]),
               "mix, infinite_rx")


# ---- bad arguments: one line on stderr naming the problem, exit status 1 ----

# (application arguments, words the error line must contain, EAL lcores)
BAD_ARGS = [
    (["--ring-size", "0"], ["--ring-size", "1..1048576"]),
    (["--ring-size", "1048577"], ["--ring-size", "1..1048576"]),
    (["--ring-size", "12abc"], ["--ring-size", "12abc"]),
    (["--ring-size", "-5"], ["--ring-size"]),
    (["--ring-size", ""], ["--ring-size"]),
    (["--ring-sizes", "0,64"], ["--ring-sizes", "'0'"]),
    (["--ring-sizes", "64,x"], ["--ring-sizes", "'x'"]),
    (["--ring-sizes", ","], ["--ring-sizes"]),
    (["--ring-sizes", ",".join(str(8 + i) for i in range(17))], ["--ring-sizes", "16"]),
    (["--ring-sizes", "64,128,64"], ["--ring-sizes", "64", "twice"]),
    (["--ring-size", "64", "--ring-sizes", "64,128"], ["--ring-size", "--ring-sizes"]),
    (["--burst", "0"], ["--burst", "1..512"]),
    (["--burst", "513"], ["--burst", "1..512"]),
    (["--burst", "3.5"], ["--burst"]),
    (["--policy", "block"], ["--policy", "spin, drop"]),
    (["--ring", "mpmc"], ["--ring", "spsc, rte_ring"]),
    (["--replay-speed", "-1"], ["--replay-speed", "0.001..1000"]),
    (["--replay-speed", "0.0001"], ["--replay-speed", "0.001..1000"]),
    (["--replay-speed", "1001"], ["--replay-speed"]),
    (["--replay-speed", "nan"], ["--replay-speed"]),
    (["--replay-speed", "1", "--pps", "100"], ["--replay-speed", "--pps"]),
    (["--pps", "0"], ["--pps", "1..1000000000"]),
    (["--pps", "10000000000"], ["--pps"]),
    (["--parse-cost-ns", "10000001"], ["--parse-cost-ns", "0..10000000"]),
    (["--duration", "0"], ["--duration", "0.001..31536000"]),
    (["--duration", "-3"], ["--duration"]),
    (["--stats-period", "0.001"], ["--stats-period", "0.01..3600"]),
    (["--timeline-interval", "0"], ["--timeline-interval"]),
    (["--timeline-interval", "20000"], ["--timeline-interval"]),
    (["--episode-high", "0"], ["--episode-high", "1..100"]),
    (["--episode-high", "101"], ["--episode-high"]),
    (["--episode-low", "100"], ["--episode-low", "0..99"]),
    (["--episode-high", "40", "--episode-low", "60"], ["--episode-low 60", "--episode-high 40"]),
    (["--service-ns", "0"], ["--service-ns"]),
    (["--pipelines", "0"], ["--pipelines", "1..8"]),
    (["--pipelines", "9"], ["--pipelines", "1..8"]),
    (["--port", "70000"], ["--port"]),
    (["--stats-json", "/nonexistent-dir/x.json"], ["--stats-json", "/nonexistent-dir/x.json"]),
    (["--timeline", "/nonexistent-dir/t.csv"], ["--timeline", "/nonexistent-dir/t.csv"]),
    # Malformed values and the rest of every option (hardening.py checks that
    # each option of app/config.c has its rows here).
    (["--port", "abc"], ["--port", "'abc'", "0..65534"]),
    (["--port", "-1"], ["--port", "0..65534"]),
    (["--pipelines", "two"], ["--pipelines", "'two'", "1..8"]),
    (["--burst", "abc"], ["--burst", "'abc'", "1..512"]),
    (["--burst", "0x10"], ["--burst", "'0x10'", "1..512"]),
    (["--ring-size", " 64"], ["--ring-size", "1..1048576"]),
    (["--ring-sizes", "64,,256"], ["--ring-sizes", "'64,,256'", "1..1048576"]),
    (["--ring-sizes", "64,"], ["--ring-sizes", "'64,'"]),
    (["--ring-sizes", "64,0x40"], ["--ring-sizes", "'0x40'"]),
    (["--policy", ""], ["--policy", "spin, drop"]),
    (["--policy", "SPIN"], ["--policy", "'SPIN'", "spin, drop"]),
    (["--ring", ""], ["--ring", "spsc, rte_ring"]),
    (["--replay-speed", "fast"], ["--replay-speed", "'fast'", "0.001..1000"]),
    (["--replay-speed", "inf"], ["--replay-speed", "0.001..1000"]),
    (["--pps", "1.5"], ["--pps", "'1.5'", "1..1000000000"]),
    (["--pps", "-1"], ["--pps", "1..1000000000"]),
    (["--pps", "1k"], ["--pps", "'1k'"]),
    (["--parse-cost-ns", "-1"], ["--parse-cost-ns", "0..10000000"]),
    (["--parse-cost-ns", "x"], ["--parse-cost-ns", "'x'", "0..10000000"]),
    (["--duration", "abc"], ["--duration", "'abc'", "0.001..31536000"]),
    (["--duration", "inf"], ["--duration", "0.001..31536000"]),
    (["--duration", "1e400"], ["--duration", "0.001..31536000"]),
    (["--duration", "31536001"], ["--duration", "0.001..31536000"]),
    (["--duration", "5s"], ["--duration", "'5s'"]),
    (["--stats-period", "3601"], ["--stats-period", "0.01..3600"]),
    (["--stats-period", "abc"], ["--stats-period", "'abc'", "0.01..3600"]),
    (["--stats-json", ""], ["--stats-json", "empty file name"]),
    (["--timeline", ""], ["--timeline", "empty file name"]),
    (["--timeline-interval", "x"], ["--timeline-interval", "'x'", "0.01..10000"]),
    (["--episode-high", "x"], ["--episode-high", "'x'", "1..100"]),
    (["--episode-high", "-1"], ["--episode-high", "1..100"]),
    (["--episode-low", "-1"], ["--episode-low", "0..99"]),
    (["--episode-low", "x"], ["--episode-low", "'x'", "0..99"]),
    (["--service-ns", "1000000001"], ["--service-ns", "1..1000000000"]),
    (["--service-ns", "x"], ["--service-ns", "'x'", "1..1000000000"]),
    (["--quiet=1"], ["--quiet", "takes no value"]),
    (["--verify-l4-checksums=yes"], ["--verify-l4-checksums", "takes no value"]),
    (["--help=x"], ["--help", "takes no value"]),
    (["--duration", "1", "--ring-sizes", "64,128"], ["--ring-sizes", "--duration"]),
    (["--pcap", ""], ["--pcap", "empty file name"]),
    (["--bogus"], ["unknown option", "--bogus"]),
    (["stray"], ["unexpected argument", "stray"]),
    (["--burst"], ["--burst", "needs a value"]),
]

# Cases that need a source or an EAL setting of their own.
BAD_SETUPS = [
    (["--pcap", "/nonexistent.pcap"], ["/nonexistent.pcap", "cannot read"], "0-1"),
    (["--pcap", "COOKED"], ["not Ethernet", "LINUX_SLL"], "0-1"),
    (["--pcap", "NOTPCAP"], ["cannot read capture"], "0-1"),
    (["--pcap", "MIX"], ["too few lcores", "-l 0-1"], "0"),
    (["--pcap", "MIX", "--pipelines", "2"], ["--pipelines 1"], "0@0,1@1,2@0,3@1"),
    (["--pcap", "MIX", "--port", "0"], ["--pcap", "--port"], "0-1"),
    # no source at all (a pcap --vdev could be swept: ring_sizes_through_vdev)
    (["--ring-sizes", "64,128"], ["no port to read from", "--pcap FILE"], "0-1"),
    (["--port", "5"], ["--port 5", "no such port"], "0-1"),
    (["--pcap", "MIX"] * 9, ["--pcap", "at most 8"], "0-1"),
    (["--pcap", "MIX", "--pcap", "MIX", "--pcap", "MIX", "--pipelines", "2"],
     ["--pipelines 2", "3 --pcap files"], "0-1"),
]


def _subst(args):
    names = {"COOKED": bp.sample("cooked"), "MIX": bp.sample("mix"), "NOTPCAP": bp.__file__}
    return [names.get(a, a) for a in args]


@case("help_pps_per_pipeline")
def _(binary):
    """--help says that --pps paces each pipeline at N, as RX does: each RX
    lcore paces its own queue, so two pipelines deliver 2N per second."""
    r = bp.run(binary, ["--help"], json_out=False)
    check_eq(r.rc, 0, "--help exits 0")
    lines = r.stdout.splitlines()
    at = [i for i, l in enumerate(lines) if l.lstrip().startswith("--pps N")]
    check_eq(len(at), 1, "--help has one --pps line")
    text = lines[at[0]].strip()
    for l in lines[at[0] + 1:]:	# its continuation lines, up to the next option
        if not l.startswith("   ") or l.lstrip().startswith("--"):
            break
        text += " " + l.strip()
    check("per pipeline" in text, f"--help says --pps is per pipeline: {text!r}")


@case("help_and_options_before_the_dashes")
def _(binary):
    """burstpipe's options given where EAL's go (no "--"): EAL's usage ends
    with burstpipe's own, showing where they go; --help there exits 0, an
    option of ours exits 1 with a line (EAL's Cause:) that says to put it after "--"."""
    for args, rc in ((["--help"], 0), (["--no-huge", "-m", "256", "--no-pci", "-l", "0-1",
                                        "--no-shconf", "--file-prefix", bp.new_prefix(),
                                        "--pcap", bp.sample("mix")], 1)):
        try:
            p = subprocess.run([str(binary), *args], capture_output=True, text=True, timeout=60)
        finally:
            if "--file-prefix" in args:
                bp.cleanup_runtime(args[args.index("--file-prefix") + 1])
        check_eq(p.returncode, rc, f"{args[-2:]}: exit status: {p.stderr}")
        check(re.search(r"^usage: \S*burstpipe \[EAL options\] -- \[options\]$", p.stdout, re.M)
              and "--ring-sizes A,B" in p.stdout,
              f"{args[-2:]}: EAL's usage ends with burstpipe's options: {p.stdout[-400:]}")
        if rc:
            check("--pcap is burstpipe's own option, not EAL's: put it after \"--\"" in p.stderr,
                  f"{args[-2:]}: names the option and says where it goes: {p.stderr[-300:]}")
    # A mistyped EAL option is EAL's to explain: no word about ours.
    prefix = bp.new_prefix()
    try:
        p = subprocess.run([str(binary), "--no-huge", "-m", "256", "--no-pci", "-l", "0-1",
                            "--no-shconf", "--file-prefix", prefix, "--no-pcii"],
                           capture_output=True, text=True, timeout=60)
    finally:
        bp.cleanup_runtime(prefix)
    check_eq(p.returncode, 1, f"--no-pcii: exit status: {p.stderr}")
    check("burstpipe's own option" not in p.stderr and "EAL initialisation failed" in p.stderr,
          f"--no-pcii: EAL's own failure, not blamed on our options: {p.stderr[-300:]}")


@case("too_few_lcores_hint_runs")
def _(binary):
    """Too few lcores for the pipelines asked for: the error gives an lcore
    list that works on this machine (on fewer CPUs than lcores, an --lcores
    map, since -l 0-3 on 2 CPUs is refused by EAL), and a run with it goes
    through."""
    args = ["--pcap", bp.sample("mix"), "--pcap", bp.sample("vlan")]
    r = bp.run(binary, args, json_out=False)
    check_eq(r.rc, 1, f"two pipelines on two lcores: exit status: {r.stderr}")
    m = re.search(r"too few lcores: 2 pipelines need 4 .*give e\.g\. (-l (\S+)|--lcores (\S+))",
                  r.stderr)
    check(m is not None, f"the error gives an lcore list: {r.stderr}")
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) >= 4:
        check(m[1] == "-l 0-3" if cpus[:4] == [0, 1, 2, 3] else m[1].startswith("-l "),
              f"enough CPUs: the first four as -l: {m[1]}")
        lcores = m[2]
    else:
        check(m[3] is not None and "take turns" in r.stderr,
              f"fewer CPUs than lcores: a map onto them, and what it costs: {r.stderr}")
        lcores = m[3]
    r = bp.run(binary, args, lcores=lcores)
    check_ok_run(r, f"with the hint's {lcores}")
    check_eq(r.stats["packets"], bp.expected("mix")["packets"] + bp.expected("vlan")["packets"],
             "both captures replayed")
    # Started on one CPU only (taskset, a container's cpuset): the hint
    # names that CPU, not the machine's first ones, and it works there.
    cpu = cpus[-1]

    def on_cpu(lcores):
        prefix = bp.new_prefix()
        try:
            return subprocess.run(["taskset", "-c", str(cpu), str(binary),
                                   *bp.eal_args(prefix, lcores), "--", "--pcap", bp.sample("mix")],
                                  capture_output=True, text=True, timeout=60)
        finally:
            bp.cleanup_runtime(prefix)

    p = on_cpu(str(cpu))
    m = re.search(r"give e\.g\. --lcores (\S+)", p.stderr)
    check(p.returncode == 1 and m is not None and m[1] == f"0@{cpu},1@{cpu}",
          f"on CPU {cpu} alone: both lcores mapped onto it: {p.stderr}")
    p = on_cpu(m[1])
    check(p.returncode == 0 and "Checks" in p.stdout and ": OK" in p.stdout,
          f"on CPU {cpu} alone, with the hint's --lcores {m[1]}: {p.stderr}")


@case("bad_arguments")
def _(binary):
    failures = []
    rows = [(a, w, "0-1") for a, w in BAD_ARGS] + BAD_SETUPS
    for args, words, lcores in rows:
        r = bp.run(binary, ["--pcap", bp.sample("basic")] + args
                   if args and args[0] not in ("--pcap", "--port", "--ring-sizes")
                   and "--pcap" not in args else _subst(args),
                   json_out=False, lcores=lcores, timeout=60)
        lines = r.stderr_lines()
        ours = [l for l in lines if l.startswith("burstpipe: ")]
        problem = None
        if r.rc != 1:
            problem = f"exit status {r.rc}"
        elif len(lines) != 1 or len(ours) != 1:
            problem = f"want exactly one 'burstpipe: ...' line on stderr, got {lines}"
        elif not all(w in ours[0] for w in words):
            problem = f"error line lacks {words}: {ours[0]!r}"
        elif "== burstpipe report" in r.stdout:
            problem = "a report was printed for a run that never started"
        if problem:
            failures.append(f"{args}: {problem}")
    check(not failures, "\n  " + "\n  ".join(failures))


def main(cases, listed=None, on_demand=None):
    """The command line shared with hardening.py: --list prints the cases
    meson registers (listed, default all); --binary BIN CASE runs one of
    them or of the on-demand ones."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--binary")
    ap.add_argument("case", nargs="?")
    a = ap.parse_args()
    if a.list:
        print("\n".join(listed if listed is not None else cases))
        sys.exit(0)
    runnable = {**cases, **(on_demand or {})}
    if a.case not in runnable or not a.binary:
        ap.error("give --binary BIN and a CASE (--list"
                 + (f", or one of {', '.join(on_demand)})" if on_demand else ")"))
    try:
        runnable[a.case](a.binary)
    except Failure as e:
        print(f"FAIL {a.case}: {e}")
        sys.exit(1)
    except Skip as e:
        print(f"SKIP {a.case}: {e}")
        sys.exit(77)
    print(f"ok {a.case}")


if __name__ == "__main__":
    main(CASES)
