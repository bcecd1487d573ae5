#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The whole pipeline, spsc_ring against rte_ring: packets per second through
the real burstpipe binary (RX lcore -> ring -> parser lcore), RX and parser
cycles per packet, drops.

Configurations (each run once per ring, the rings interleaved A B / B A,
round after round, every configuration in every round, so a noisy neighbour
hits all of them alike):

  udp64     pcap PMD infinite_rx=1 replaying a generated capture of valid
            IPv4/UDP frames of 64 bytes on the wire (60 captured + 4 FCS)
  mix       pcap PMD infinite_rx=1 replaying pcap-samples/mix.pcap (VLAN,
            QinQ, ARP, IPv4/IPv6, TCP/UDP/ICMP, fragments, 10% malformed)
  null      net_null: 64-byte frames, no data written (all zero: the decoder
            counts them other_l3), no copy in RX
  udp64x2   two udp64 pipelines on the same 2 CPUs (lcores 0@0,1@1,2@0,3@1):
            the two RX lcores share CPU 0 and the two parsers CPU 1, so this
            shows the overhead of a second pipeline, not scaling. burstpipe
            puts its mbuf pool on ring_mt_rts here (its lcores share CPUs)
  udp64x2mpmc the same with the pool forced onto DPDK's default ring_mp_mc
            (--mbuf-pool-ops-name): a thread preempted inside a pool enqueue
            or dequeue stalls every other thread of that pool (DPDK's
            "non-preemptive" rte_ring constraint). A reference for why
            burstpipe avoids it on shared CPUs: no target
  udp64spin udp64 with --policy spin: RX waits for room instead of dropping
            (the lossless rate); the others use --policy drop
  udp64b1   udp64 with --burst 1: one packet per rx_burst and per ring call,
            where the ring's own cost weighs most
  udp64aa   the calibration: udp64 with --ring spsc in both runs of a round
            (an A/A test). Its ratio should be 1; how far it strays is how
            small a difference this benchmark can see on this machine. It has
            no target and is left out of the count of targets met.

Packets per second = parser.packets / run.elapsed_s (what came out of the
pipeline). RX busy cycles exclude rte_eth_rx_burst itself (the app counts
from the moment a burst returned); RX CPU cycles are all of the RX CPU's time
per received packet (RX never finds the source empty here: PMD + enqueue +
freeing drops). Parser cycles: its busy time per parsed packet.

Noise: each run also records how much CPU time other processes took while it
ran (/proc/stat minus burstpipe's own). A round is quiet when that stayed
under QUIET_PCT in both of its runs; the spsc/rte_ring verdict uses the
median ratio of the quiet rounds when there are 3 or more.

usage: pipeline_bench.py [--binary B] [--rounds N] [--duration S] [--quick]
                         [--configs a,b,..] [--json FILE] [--runs-dir DIR]
"""
import argparse
import json
import math
import os
import pathlib
import resource
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
MIX = ROOT / "pcap-samples" / "mix.pcap"
RINGS = ("spsc", "rte_ring")
CONFIGS = ("udp64", "mix", "null", "udp64x2", "udp64x2mpmc", "udp64spin", "udp64b1",
           "udp64aa")
# Configurations that compare spsc_ring with itself (no target).
CALIBRATION = ("udp64aa",)
# Configurations that show a setup burstpipe does not choose (no target).
REFERENCE = ("udp64x2mpmc",)
# Confidence of the interval given for each median ratio.
CI_LEVEL = 0.95
# After launch + --duration, how long the app may take to end by itself
# before it gets a SIGINT (the clean stop: rings drain, report, JSON).
STOP_GRACE_S = 1.5
# A round is quiet when, in both of its runs, other processes used less than
# this share of the machine's CPU time (see cpu_snapshot).
QUIET_PCT = 5.0


# ---- The 64-byte UDP capture ----

def _csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def write_udp64_pcap(path, count=4096):
    """count valid Ethernet/IPv4/UDP frames of 60 bytes (64 with the FCS the
    capture does not hold), each its own flow (source address), both checksums right."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i in range(count):
            src = bytes([10, 1, (i >> 8) & 0xFF, i & 0xFF])
            dst = bytes([10, 2, 0, 1])
            payload = bytes(18)
            sport, dport, ulen = 40000, 9000, 8 + len(payload)
            pseudo = src + dst + struct.pack("!BBH", 0, 17, ulen)
            ucsum = _csum(pseudo + struct.pack("!HHHH", sport, dport, ulen, 0) + payload)
            udp = struct.pack("!HHHH", sport, dport, ulen, ucsum or 0xFFFF)
            ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + ulen, i & 0xFFFF, 0x4000,
                                       64, 17, 0, src, dst))
            ip[10:12] = struct.pack("!H", _csum(bytes(ip)))
            eth = bytes.fromhex("02000000000202000000000108 00".replace(" ", ""))
            frame = eth + bytes(ip) + udp + payload
            assert len(frame) == 60
            f.write(struct.pack("<IIII", i // 1000000, i % 1000000, 60, 64) + frame)


# ---- One run ----

def cpu_snapshot():
    """(busy, steal) CPU seconds of the whole machine so far, from /proc/stat,
    and the CPU seconds of this script's waited-for children."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    hz = os.sysconf("SC_CLK_TCK")
    busy = v[0] + v[1] + v[2] + v[5] + v[6]  # user nice system irq softirq
    steal = v[7] if len(v) > 7 else 0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return busy / hz, steal / hz, ru.ru_utime + ru.ru_stime, time.monotonic()


def other_load(before, after):
    """Percent of the machine's CPU time (all CPUs) that went to anything
    but burstpipe during its run, and percent stolen by the hypervisor."""
    busy, steal = after[0] - before[0], after[1] - before[1]
    own, wall = after[2] - before[2], after[3] - before[3]
    cap = wall * os.cpu_count()
    return 100.0 * max(0.0, busy - own) / cap, 100.0 * steal / cap


def eal(prefix, lcores):
    cores = ["--lcores", lcores] if "@" in lcores else ["-l", lcores]
    return ["--no-huge", "-m", "512", "--no-pci", *cores, "--no-shconf",
            "--file-prefix", prefix, "--log-level=lib.telemetry:error"]


def config_args(name, udp64):
    """(EAL device + lcore arguments, app arguments) of one configuration."""
    pcap1 = f"net_pcap0,rx_pcap={udp64},infinite_rx=1"
    if name in ("udp64", "udp64aa"):
        return "0-1", ["--vdev", pcap1], ["--policy", "drop"]
    if name == "udp64spin":
        return "0-1", ["--vdev", pcap1], ["--policy", "spin"]
    if name == "udp64b1":
        return "0-1", ["--vdev", pcap1], ["--policy", "drop", "--burst", "1"]
    if name == "mix":
        return "0-1", ["--vdev", f"net_pcap0,rx_pcap={MIX},infinite_rx=1"], ["--policy", "drop"]
    if name == "null":
        return "0-1", ["--vdev", "net_null0"], ["--policy", "drop"]
    if name in ("udp64x2", "udp64x2mpmc"):
        pool = ["--mbuf-pool-ops-name", "ring_mp_mc"] if name == "udp64x2mpmc" else []
        return ("0@0,1@1,2@0,3@1",
                pool + ["--vdev", f"net_pcap0,rx_pcap={udp64},rx_pcap={udp64},infinite_rx=1"],
                ["--policy", "drop", "--pipelines", "2"])
    raise ValueError(name)


def run_once(binary, name, ring, duration, udp64, tmp, tag, runs_dir):
    """One run of configuration name with ring (spsc_ring for a calibration)."""
    app_ring = "spsc" if name in CALIBRATION else ring
    return run_burstpipe(binary, name, ["--ring", app_ring], duration, udp64, tmp, tag,
                         runs_dir)


def run_burstpipe(binary, name, extra, duration, udp64, tmp, tag, runs_dir=None):
    """Run burstpipe on configuration name, with extra application arguments,
    for duration seconds; return measure() of its JSON plus the other load."""
    lcores, dev, app = config_args(name, udp64)
    prefix = f"pbench{os.getpid()}_{tag}"
    stats = os.path.join(tmp, f"{tag}.json")
    cmd = ([str(binary)] + eal(prefix, lcores) + dev + ["--"] + app + extra +
           ["--duration", str(duration), "--stats-json", stats])
    out_path = os.path.join(tmp, f"{tag}.out")
    before = cpu_snapshot()
    with open(out_path, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        sigint = False
        try:
            proc.wait(timeout=duration + STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            # A source that never runs dry (infinite_rx, net_null) may keep
            # the app past --duration: stop it the way a user would.
            sigint = True
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    other, steal = other_load(before, cpu_snapshot())
    shutil.rmtree(pathlib.Path("/var/run/dpdk") / prefix, ignore_errors=True)
    if runs_dir is not None:
        for src in (stats, out_path):
            if os.path.exists(src):
                shutil.copy(src, runs_dir)
    if proc.returncode != 0 or not os.path.exists(stats):
        with open(out_path) as f:
            tail = f.read()[-2000:]
        raise RuntimeError(f"{name} {' '.join(extra)}: exit status {proc.returncode}\n"
                           f"{' '.join(cmd)}\n{tail}")
    with open(stats) as f:
        j = json.load(f)
    m = measure(j, sigint)
    m["other_load_pct"] = other
    m["steal_pct"] = steal
    return m


def measure(j, sigint):
    """The figures of one run, from burstpipe's --stats-json."""
    el = j["run"]["elapsed_s"]
    ghz = j["run"]["tsc_hz"] / 1e9
    rx, ps, ring = j["rx"], j["parser"], j["ring"]
    pipes = len(j["pipelines"])
    checks = []
    if rx["packets"] != ring["enqueued"] + ring["dropped"]:
        checks.append("rx.packets != ring.enqueued + ring.dropped")
    if ring["enqueued"] != ps["packets"] or ps["packets"] != j["packets"]:
        checks.append("ring.enqueued, parser.packets and packets differ")
    if not j.get("conserved", False):
        checks.append("the app's own conservation check failed")
    if j["mempool"]["in_use_at_exit"] != 0:
        checks.append(f"{j['mempool']['in_use_at_exit']} mbufs not back at exit")
    if rx.get("rx_nombuf", 0) or rx.get("imissed", 0):
        checks.append(f"port lost packets: rx_nombuf {rx.get('rx_nombuf')} "
                      f"imissed {rx.get('imissed')}")
    return {
        "elapsed_s": el,
        "mpps": ps["packets"] / el / 1e6,
        "rx_mpps": rx["packets"] / el / 1e6,
        "rx_packets": rx["packets"],
        "parser_packets": ps["packets"],
        "dropped": ring["dropped"],
        "drop_pct": 100.0 * ring["dropped"] / rx["packets"] if rx["packets"] else 0.0,
        "rx_wait_pct": 100.0 * ring["wait_ns"] / 1e9 / (el * pipes) if el else 0.0,
        "rx_busy_cycles_per_pkt": rx["busy_ns"] * ghz / rx["packets"] if rx["packets"] else 0,
        # Every configuration here puts all RX lcores on one CPU.
        "rx_cpu_cycles_per_pkt": el * ghz * 1e9 / rx["packets"] if rx["packets"] else 0,
        "parser_cycles_per_pkt": ps["busy_ns"] * ghz / ps["packets"] if ps["packets"] else 0,
        "parser_busy_pct": ps["busy_pct"],
        "empty_polls": rx["empty_polls"],
        "bytes_per_pkt": j["bytes"] / j["packets"] if j["packets"] else 0,
        "malformed_pct": 100.0 * j["malformed"]["total"] / j["packets"] if j["packets"] else 0,
        "stopped_by_sigint": sigint,
        "checks_failed": checks,
    }


# ---- Summaries ----

def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def fmt(s, digits=2):
    return f"{s['median']:.{digits}f} [{s['min']:.{digits}f}-{s['max']:.{digits}f}]"


def verdict(ratio):
    if ratio["median"] >= 1.0:
        return "met" if ratio["min"] >= 1.0 else "met (median; some rounds < 1)"
    return "NOT met (median; some rounds >= 1)" if ratio["max"] >= 1.0 else "NOT met"


def median_ci(values, level=CI_LEVEL):
    """A distribution-free confidence interval for the median: the k-th
    smallest and k-th largest values, with k the largest rank whose binomial
    coverage is at least level (any distribution, no normality assumed).
    None when there are too few values (fewer than 6 at 95%)."""
    v = sorted(values)
    n = len(v)
    best = None
    for k in range(1, n // 2 + 1):
        # P(k-th smallest <= median <= k-th largest) = 1 - 2 P(Bin(n, 1/2) < k)
        tail = sum(math.comb(n, i) for i in range(k)) / 2 ** n
        if 1 - 2 * tail < level:
            break
        best = {"low": v[k - 1], "high": v[n - k], "level": 1 - 2 * tail}
    return best


def ci_reading(ci, num="spsc_ring", den="rte_ring"):
    """What an interval for the median ratio num/den says."""
    if ci is None:
        return "too few rounds for an interval"
    if ci["low"] > 1.0:
        return f"{num} faster"
    if ci["high"] < 1.0:
        return f"{den} faster"
    return "no difference resolved"


def ci_text(values, num, den):
    """'95% CI [low-high] reading' for the median of values (ratios num/den),
    or the reading alone when there are too few for an interval."""
    ci = median_ci(values)
    if ci is None:
        return ci_reading(None)
    return f"95% CI [{ci['low']:.3f}-{ci['high']:.3f}] {ci_reading(ci, num, den)}"


DESCRIPTION = {
    "udp64": "pcap infinite_rx, IPv4/UDP, 64 B on the wire (60 captured), policy drop",
    "mix": "pcap infinite_rx, pcap-samples/mix.pcap (mean {bytes:.0f} B, "
           "{malformed:.1f}% malformed), policy drop",
    "null": "net_null, 64 B all-zero frames (other_l3), policy drop",
    "udp64x2": "2 pipelines of udp64 on 2 CPUs: RX lcores share CPU 0, parsers CPU 1 "
               "(overhead, not scaling), policy drop; pool on ring_mt_rts (burstpipe's "
               "choice when lcores share CPUs)",
    "udp64x2mpmc": "reference: udp64x2 with the pool forced onto DPDK's default "
                   "ring_mp_mc, which stalls when a thread is preempted inside a pool "
                   "operation",
    "udp64spin": "udp64 with policy spin (RX waits for room: the lossless rate)",
    "udp64b1": "udp64 with --burst 1: one packet per rx_burst and per ring call",
    "udp64aa": "calibration: udp64 with spsc_ring in both runs (the 'rte_ring' row is "
               "spsc_ring too): the benchmark's own noise",
}


def summarize(results, names):
    """Per configuration: per ring the medians, and the per-round ratios."""
    out = {}
    for name in names:
        runs = results[name]
        per_ring = {}
        for ring in RINGS:
            # The quiet runs when there are 3 or more, else every run.
            rr = [r for r in runs[ring] if r["other_load_pct"] < QUIET_PCT]
            used = f"quiet {len(rr)}/{len(runs[ring])}"
            if len(rr) < 3:
                rr, used = runs[ring], f"all {len(runs[ring])}"
            per_ring[ring] = {k: summary([r[k] for r in rr]) for k in
                              ("mpps", "rx_mpps", "drop_pct", "rx_wait_pct",
                               "rx_busy_cycles_per_pkt", "rx_cpu_cycles_per_pkt",
                               "parser_cycles_per_pkt", "parser_busy_pct",
                               "other_load_pct", "steal_pct")}
            per_ring[ring]["dropped_total"] = sum(r["dropped"] for r in rr)
            per_ring[ring]["runs_used"] = used
        pairs = list(zip(runs["spsc"], runs["rte_ring"]))
        ratios = [a["mpps"] / b["mpps"] for a, b in pairs]
        quiet = [a["mpps"] / b["mpps"] for a, b in pairs
                 if max(a["other_load_pct"], b["other_load_pct"]) < QUIET_PCT]
        # The verdict uses the quiet rounds when there are enough of them.
        ratio = summary(quiet if len(quiet) >= 3 else ratios)
        ci = median_ci(quiet if len(quiet) >= 3 else ratios)
        first = runs["spsc"][0]
        out[name] = {
            "description": DESCRIPTION[name].format(bytes=first["bytes_per_pkt"],
                                                    malformed=first["malformed_pct"]),
            "rings": per_ring,
            "ratio_spsc_over_rte_ring": ratio,
            "ratio_from": "quiet rounds" if len(quiet) >= 3 else "all rounds",
            "ratio_all_rounds": summary(ratios),
            "ratios": ratios,
            "quiet_rounds": len(quiet),
            "ratio_ci": ci,
            "target_spsc_at_least_rte_ring": (
                "none (calibration: spsc_ring against itself)" if name in CALIBRATION else
                "none (reference)" if name in REFERENCE else
                verdict(ratio) + (" (shared cores: the scheduler decides)"
                                  if name.startswith("udp64x2") else "")),
            "stopped_by_sigint": sum(r["stopped_by_sigint"] for rr in runs.values() for r in rr),
            "checks_failed": sorted({c for rr in runs.values() for r in rr
                                     for c in r["checks_failed"]}),
        }
    return out


def ring_rows(w, summ, names, cells):
    """One row per configuration and ring: the configuration's name on its
    first ring's row, then cells(figures of that ring), joined by ' | '."""
    for name in names:
        for i, ring in enumerate(RINGS):
            w(f"{name if i == 0 else '':<11} {ring:<9} | " +
              " | ".join(cells(summ[name]["rings"][ring])) + "\n")


def print_tables(summ, names, args):
    w = sys.stdout.write
    w(f"\nPipeline: packets per second out of the parser (Mpps), median [min-max] of the "
      f"runs used (a);\n{args.rounds} rounds, the rings interleaved, {args.duration:g} s per run\n")
    w(f"{'config':<11} {'ring':<9} | {'Mpps':<20} | {'RX Mpps':<20} | {'dropped %':<16} | "
      f"{'other load % (b)':<16} | runs used (a)\n")
    ring_rows(w, summ, names, lambda r: [
        f"{fmt(r['mpps']):<20}", f"{fmt(r['rx_mpps']):<20}", f"{fmt(r['drop_pct'], 1):<16}",
        f"{fmt(r['other_load_pct'], 1):<16}", r["runs_used"]])
    w(f"(a) the quiet runs (b under {QUIET_PCT:g}%) when there are 3 or more, else all runs; "
      f"the same runs in the cycles table\n"
      f"(b) CPU time other processes took during the run, percent of the machine\n")

    w(f"\nspsc_ring / rte_ring, Mpps of the two runs of a round, median [min-max] of the rounds\n")
    w(f"{'config':<11} | {'all rounds':<20} | {'quiet rounds (c)':<26} | "
      f"{'median ' + format(CI_LEVEL, '.0%') + ' CI (e)':<42} | target spsc >= rte_ring (d)\n")
    for name in names:
        s = summ[name]
        q = s["ratio_spsc_over_rte_ring"] if s["ratio_from"] == "quiet rounds" else None
        qtxt = f"{s['quiet_rounds']}: {fmt(q, 3)}" if q else f"{s['quiet_rounds']} (too few)"
        ci = s["ratio_ci"]
        citxt = (f"[{ci['low']:.3f}-{ci['high']:.3f}] " if ci else "") + ci_reading(ci)
        w(f"{name:<11} | {fmt(s['ratio_all_rounds'], 3):<20} | {qtxt:<26} | {citxt:<42} | "
          f"{s['target_spsc_at_least_rte_ring']}\n")
    w(f"(c) rounds in which other processes took under {QUIET_PCT:g}% of the machine in both runs\n"
      f"(d) from the quiet rounds when there are 3 or more, else from all rounds\n"
      f"(e) an interval that holds the true median ratio with at least {CI_LEVEL:.0%} confidence\n"
      f"    (order statistics of the same rounds as (d); no distribution assumed)\n")

    w("\nCycles per packet (TSC), median [min-max]\n")
    w(f"{'config':<11} {'ring':<9} | {'RX busy (f)':<20} | {'RX CPU (g)':<20} | "
      f"{'parser (h)':<20} | {'parser busy %':<18} | RX waited % (i)\n")
    ring_rows(w, summ, names, lambda r: [
        f"{fmt(r['rx_busy_cycles_per_pkt'], 1):<20}", f"{fmt(r['rx_cpu_cycles_per_pkt'], 1):<20}",
        f"{fmt(r['parser_cycles_per_pkt'], 1):<20}", f"{fmt(r['parser_busy_pct'], 1):<18}",
        fmt(r["rx_wait_pct"], 1)])
    w("(f) RX lcore from the moment rx_burst returned: stamp, enqueue, statistics, freeing drops\n"
      "(g) all of the RX CPU's time per received packet, PMD included (RX never idles here)\n"
      "(h) parser busy time per parsed packet: dequeue, decode, free\n"
      "(i) RX spinning on a full ring (policy spin), percent of the run\n"
      "Busy times are TSC intervals: they include time an lcore was descheduled (udp64x2*:\n"
      "two lcores per CPU take turns, so its busy figures are mostly waiting).\n")

    w("\nConfigurations\n")
    for name in names:
        w(f"  {name:<11} {summ[name]['description']}\n")
    for two_name in ("udp64x2", "udp64x2mpmc"):
        if two_name not in summ or "udp64" not in summ:
            continue
        w(f"\n2 pipelines ({two_name}) against 1 (udp64), the same 2 CPUs, Mpps median:\n")
        for ring in RINGS:
            two = summ[two_name]["rings"][ring]["mpps"]["median"]
            one = summ["udp64"]["rings"][ring]["mpps"]["median"]
            w(f"  {ring:<9} {two:6.2f} with 2 pipelines, {one:6.2f} with 1: {two / one:.2f}x\n")
    targets = [n for n in names if n not in CALIBRATION and n not in REFERENCE]
    met = [n for n in targets if summ[n]["target_spsc_at_least_rte_ring"].startswith("met")]
    w(f"\nTarget (issue 5), spsc_ring Mpps >= rte_ring Mpps in every configuration: "
      f"{len(met)} of {len(targets)} met"
      f"{'' if len(met) == len(targets) else ' (not: ' + ', '.join(n for n in targets if n not in met) + ')'}\n")
    for n in names:
        if n in CALIBRATION:
            w(f"Calibration ({n}, spsc_ring against itself): ratio "
              f"{fmt(summ[n]['ratio_spsc_over_rte_ring'], 3)}; differences of that size "
              f"are noise\n")
    sig = sum(summ[n]["stopped_by_sigint"] for n in names)
    if sig:
        w(f"note: {sig} runs did not end at --duration by themselves and were stopped with "
          f"SIGINT {STOP_GRACE_S:g} s later (the figures use the app's own elapsed time)\n")
    for n in names:
        for c in summ[n]["checks_failed"]:
            w(f"CHECK FAILED in {n}: {c}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", help="burstpipe (default: build/app/burstpipe, else build*/)")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    ap.add_argument("--duration", type=float, default=4.0, help="seconds per run (default 4)")
    ap.add_argument("--quick", action="store_true", help="3 rounds of 1 s")
    ap.add_argument("--configs", default=",".join(CONFIGS),
                    help=f"comma-separated, of {','.join(CONFIGS)} (default all)")
    ap.add_argument("--json", help="write every run and the summary as JSON")
    ap.add_argument("--runs-dir", help="keep each run's --stats-json and output here")
    args = ap.parse_args()
    if args.quick:
        args.rounds, args.duration = 3, 1.0
    names = [c for c in args.configs.split(",") if c]
    for n in names:
        if n not in CONFIGS:
            ap.error(f"--configs: '{n}' is not a configuration: accepted {', '.join(CONFIGS)}")
    if args.rounds < 1 or args.duration <= 0:
        ap.error("--rounds must be >= 1 and --duration > 0")
    binary = args.binary
    if binary is None:
        cands = [ROOT / "build" / "app" / "burstpipe"] + sorted(ROOT.glob("build*/app/burstpipe"))
        binary = next((c for c in cands if os.access(c, os.X_OK)), None)
        if binary is None:
            ap.error("no burstpipe binary: build it (scripts/setup.sh) or give --binary")
    if args.runs_dir:
        os.makedirs(args.runs_dir, exist_ok=True)

    tmp = tempfile.mkdtemp(prefix="pipeline-bench-")
    try:
        udp64 = os.path.join(tmp, "udp64.pcap")
        write_udp64_pcap(udp64)
        print(f"pipeline_bench: {binary}, {args.rounds} rounds x {len(names)} configs x "
              f"{len(RINGS)} rings, {args.duration:g} s per run", flush=True)
        results = {n: {r: [] for r in RINGS} for n in names}
        t0 = time.time()
        for rnd in range(args.rounds):
            # Rings alternate A B / B A from round to round.
            order = RINGS if rnd % 2 == 0 else tuple(reversed(RINGS))
            for name in names:
                for ring in order:
                    m = run_once(binary, name, ring, args.duration, udp64, tmp,
                                 f"r{rnd}-{name}-{ring}", args.runs_dir)
                    m["round"] = rnd
                    results[name][ring].append(m)
                    print(f"  round {rnd + 1}/{args.rounds} {name:<11} {ring:<9} "
                          f"{m['mpps']:7.2f} Mpps, RX {m['rx_mpps']:7.2f} Mpps, "
                          f"dropped {m['drop_pct']:5.1f}%, other load {m['other_load_pct']:4.1f}%",
                          flush=True)
        summ = summarize(results, names)
        print_tables(summ, names, args)
        print(f"({time.time() - t0:.0f} s)")
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"binary": str(binary), "rounds": args.rounds,
                           "duration_s": args.duration, "configs": summ, "runs": results},
                          f, indent=1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    failed = any(summ[n]["checks_failed"] for n in names)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
