#!/usr/bin/env python3
"""Hardening (issue 6): the real burstpipe binary against garbage.

    hardening.py --list                    the case names (meson registers one test each)
    hardening.py --binary BIN CASE         run one case; exit 0 on pass
    hardening.py --binary BIN soak_long    on demand, not in --list: >= 10 million
                                           packets per policy, RSS sampled (BP_SOAK_SECONDS,
                                           default 60 per policy)

Hostile captures are made at test time by Wireshark's own tools (randpkt,
editcap) in a temporary directory, kept if the case fails. The oracle for
"how many packets are in this file" is the small reader below, which owes
nothing to libpcap. In a sanitized build every case runs the sanitized
binary; any sanitizer report on stderr fails the case whatever the exit
status (see check_clean_stderr)."""
import json
import os
import pathlib
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import threading
import time

import bp
import e2e
from oracle import DLT_EN10MB, max_segments, read_capture
from e2e import Failure, check, check_eq, check_conservation, check_no_leak

CASES = {}
ON_DEMAND = {}


def case(name, table=CASES):
    def register(fn):
        table[name] = fn
        return fn
    return register


# ---- running the binary ----

SANITIZER_MARKS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
                   "ThreadSanitizer", "runtime error:")


def check_clean_stderr(stderr, what="run"):
    """A sanitizer report fails the case even if the exit status hides it."""
    for mark in SANITIZER_MARKS:
        check(mark not in stderr, f"{what}: sanitizer report on stderr:\n{stderr}")


def replay(binary, path, extra=(), eal_extra=(), timeout=120):
    """burstpipe --pcap path (or, with path None, a --vdev given in eal_extra).
    The JSON is in r.stats, None if the run failed before writing it."""
    prefix = bp.new_prefix()
    eal = bp.eal_args(prefix) + list(eal_extra)
    args = (["--pcap", str(path)] if path is not None else []) + ["--quiet", *extra]
    r = bp.run(binary, args, eal=eal, timeout=timeout)
    bp.cleanup_runtime(prefix)
    check_clean_stderr(r.stderr, str(path))
    return r


class Live:
    """burstpipe running in the background, for signals and sampling."""

    def __init__(self, binary, app_args, eal_extra=(), quiet=False):
        self.prefix = bp.new_prefix()
        self.tmp = tempfile.mkdtemp(prefix="bp-hard-")
        self.json = os.path.join(self.tmp, "stats.json")
        cmd = [str(binary), *bp.eal_args(self.prefix), *eal_extra, "--", *app_args,
               "--stats-json", self.json] + (["--quiet"] if quiet else [])
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        self.stdout = self.stderr = ""
        self.stats = None

    def wait_started(self, timeout=20):
        e2e.wait_for_eal(self.proc, self.prefix, timeout)

    def telemetry(self):
        return e2e.query_stats(self.prefix)

    def wait_packets(self, timeout=30):
        """Return once telemetry counts a received packet: setup is over."""
        deadline = time.monotonic() + timeout
        while self.running() and time.monotonic() < deadline:
            try:
                if self.telemetry()["rx_packets"] > 0:
                    return
            except (ValueError, TypeError, KeyError):
                pass	# not registered yet: setup still runs
            time.sleep(0.02)
        check(self.running(), f"still running at its first packet: {self.proc.poll()}")
        raise Failure(f"no packet counted by telemetry within {timeout} s")

    def running(self):
        return self.proc.poll() is None

    def finish(self, timeout=60):
        try:
            self.stdout, self.stderr = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.stdout, self.stderr = self.proc.communicate()
            raise Failure(f"did not exit within {timeout} s; stderr:\n{self.stderr}")
        finally:
            bp.cleanup_runtime(self.prefix)
        self.elapsed = time.monotonic() - self.t0
        if os.path.exists(self.json) and os.path.getsize(self.json) > 0:
            with open(self.json) as f:
                self.stats = json.load(f)
        shutil.rmtree(self.tmp, ignore_errors=True)
        check_clean_stderr(self.stderr)
        return self.proc.returncode


class RssSampler(threading.Thread):
    """VmRSS of a process every period seconds, as (seconds, kB)."""

    def __init__(self, pid, period):
        super().__init__(daemon=True)
        self.pid, self.period, self.samples = pid, period, []
        self.t0 = time.monotonic()

    def run(self):
        path = f"/proc/{self.pid}/status"
        while True:
            try:
                with open(path) as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            self.samples.append((time.monotonic() - self.t0,
                                                 int(line.split()[1])))
            except OSError:
                return		# reaped: the run is over
            time.sleep(self.period)


# ---- what must hold for any input ----

L3_REASONS = ("mbuf_", "eth_", "vlan_", "arp_", "ipv4_", "ipv6_truncated", "ipv6_bad_version")
L4_REASONS = ("tcp_", "udp_", "icmp_", "icmpv6_")


def check_counted_once(s, where):
    """Every packet counted exactly once: as malformed under one reason, or
    by exactly one L3 outcome; L4 outcomes within what the IP layer passed on."""
    d, mal, n = s["decode"], s["malformed"], s["packets"]
    reasons = {k: v for k, v in mal.items() if k != "total"}
    check_eq(mal["total"], sum(reasons.values()), f"{where}: malformed.total == sum of reasons")
    for k, v in list(d.items()) + list(reasons.items()):
        check(0 <= v <= n, f"{where}: {k} {v} within 0..packets {n}")
    check(d["qinq"] <= d["vlan"], f"{where}: qinq <= vlan")
    for k in ("ipv4_options", "ipv4_fragments", "ipv4_bad_checksum"):
        check(d[k] <= d["ipv4"], f"{where}: {k} <= ipv4")
    for k in ("ipv6_ext", "ipv6_fragments", "udp6_zero_checksum"):
        check(d[k] <= d["ipv6"], f"{where}: {k} <= ipv6")
    check(d["udp6_zero_checksum"] <= d["udp"], f"{where}: udp6_zero_checksum <= udp")
    for k in ("tcp", "udp", "icmp", "icmpv6"):
        check(d[k + "_bad_checksum"] <= d[k], f"{where}: {k}_bad_checksum <= {k}")
    check(d["tcp_bad_checksum"] + d["udp_bad_checksum"] + d["icmp_bad_checksum"] +
          d["icmpv6_bad_checksum"] + d["l4_checksum_unverified"] <=
          d["tcp"] + d["udp"] + d["icmp"] + d["icmpv6"],
          f"{where}: each L4 header good, bad or unverified")
    l3_bad = l4_bad = 0
    for k, v in reasons.items():
        if k in ("ipv4_tiny_fragment", "ipv6_ext_truncated", "ipv6_bad_fragment",
                 "ipv6_incomplete_chain"):
            l4_bad += v		# after a valid IP header, instead of an L4 outcome
        elif k.startswith(L4_REASONS):
            l4_bad += v
        elif k.startswith(L3_REASONS):
            l3_bad += v
        else:
            raise Failure(f"{where}: malformed reason {k} belongs to no layer here: "
                          "classify it in hardening.py")
    l3 = d["arp"] + d["ipv4"] + d["ipv6"] + d["other_l3"] + l3_bad
    check_eq(l3, n, f"{where}: arp + ipv4 + ipv6 + other_l3 + L2/L3 malformed == packets")
    l4 = d["tcp"] + d["udp"] + d["icmp"] + d["icmpv6"] + d["other_l4"] + l4_bad
    ip = d["ipv4"] + d["ipv6"]
    check(ip - d["ipv4_fragments"] - d["ipv6_fragments"] <= l4 <= ip,
          f"{where}: L4 outcomes {l4} between valid IP {ip} less fragments and valid IP")


def check_replay_of(r, cap, policy="spin", what="replay"):
    """A replay of a file the oracle has read: all of it, counted once, nothing kept."""
    check(r.rc == 0, f"{what}: exit status {r.rc}, stderr:\n{r.stderr}")
    check(r.stats is not None, f"{what}: no JSON written")
    s = r.stats
    check_eq(s["rx"]["packets"], cap.count, f"{what}: rx.packets == records in the file")
    check_eq(s["rx"]["bytes"], cap.bytes, f"{what}: rx.bytes == captured bytes in the file")
    if policy == "spin":
        check_eq(s["packets"], cap.count, f"{what}: packets == records in the file")
        check_eq(s["bytes"], cap.bytes, f"{what}: bytes == captured bytes in the file")
        check_eq(s["ring"]["dropped"], 0, f"{what}: spin drops nothing")
    check_conservation(s, what)
    check_counted_once(s, what)
    check_no_leak(s)
    for p in s["pipelines"]:
        check(not p["stalled"], f"{what}: the replay did not stall")
        check_eq(p["past_end"], 0, f"{what}: nothing read past the file's records")


class Workdir:
    """A temporary directory, removed on success and kept (and named) on failure."""

    def __enter__(self):
        self.path = pathlib.Path(tempfile.mkdtemp(prefix="bp-hostile-"))
        return self.path

    def __exit__(self, kind, value, tb):
        if kind is None:
            shutil.rmtree(self.path, ignore_errors=True)
        elif isinstance(value, Failure):
            value.args = (f"{value.args[0]}\n  (files kept in {self.path})",)
        return False


def tool(name):
    path = shutil.which(name)
    check(path is not None, f"{name} not found: scripts/setup.sh installs tshark, which has it")
    return path


def sh(*cmd):
    r = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, f"{' '.join(map(str, cmd))}: exit {r.returncode}: {r.stderr}")


# ---- hostile captures ----

def randpkt_types():
    """Every type `randpkt -h` lists."""
    r = subprocess.run([tool("randpkt"), "-h"], capture_output=True, text=True)
    text = r.stdout + r.stderr
    types = re.findall(r"^\t(\S+)\s+\S", text.split("Types:", 1)[-1], re.M)
    check(len(types) >= 10, f"randpkt -h lists its types: {types}")
    return types


@case("hostile_randpkt")
def _(binary):
    """randpkt's random packets of every Ethernet-based type, up to 3000 bytes
    (chains past one mbuf), spin and drop in turn, every other pair of types with
    --verify-l4-checksums; its other types are refused."""
    ether = other = 0
    with Workdir() as tmp:
        for i, t in enumerate(randpkt_types()):
            path = tmp / f"randpkt-{t}.pcap"
            sh(tool("randpkt"), "-b", 3000, "-c", 400, "-t", t, path)
            cap = read_capture(path)
            if cap.link != DLT_EN10MB:
                check_one_error(replay(binary, path), [str(path), "not Ethernet"],
                                f"randpkt {t} (link type {cap.link})")
                other += 1
                continue
            policy = ("spin", "drop")[i % 2]
            verify = ["--verify-l4-checksums"] if i % 4 >= 2 else []
            r = replay(binary, path, ["--policy", policy, "--ring-size", "64", *verify])
            check_replay_of(r, cap, policy, f"randpkt {t} ({policy})")
            ether += 1
    check(ether >= 10, f"randpkt made at least 10 Ethernet types: {ether}")
    print(f"randpkt: {ether} Ethernet types replayed, {other} other link types refused")


CORRUPT_SAMPLES = ["mix", "malformed", "ipv4-options-frags", "ipv6-ext", "vlan", "jumbo",
                   "min-padded"]


@case("hostile_corrupt")
def _(binary):
    """editcap -E: the samples with 2% and 20% of their bytes changed (fixed
    seeds: reproducible), half written as pcapng."""
    with Workdir() as tmp:
        for i, name in enumerate(CORRUPT_SAMPLES):
            for j, prob in enumerate(("0.02", "0.2")):
                fmt = ("pcap", "pcapng")[(i + j) % 2]
                path = tmp / f"{name}-E{prob}.{fmt}"
                sh(tool("editcap"), "-F", fmt, "-E", prob, "--seed", 1000 + i, bp.sample(name),
                   path)
                cap = read_capture(path)
                check_eq(cap.count, bp.expected(name)["packets"], f"{path.name}: records kept")
                r = replay(binary, path)
                check_replay_of(r, cap, "spin", path.name)
                check(prob != "0.2" or r.stats["malformed"]["total"] > 0,
                      f"{path.name}: 20% corruption makes some packets malformed")


TRUNCATE_SNAPLENS = [1, 13, 14, 15, 16, 17, 18, 20, 22, 30, 34, 38, 41, 42, 54, 58, 62, 70]


@case("hostile_truncate")
def _(binary):
    """editcap -s: every packet cut to N bytes, at the boundaries between
    Ethernet, VLAN tags, IPv4 (with options), IPv6 and L4 headers."""
    with Workdir() as tmp:
        jobs = [("mix", n) for n in TRUNCATE_SNAPLENS]
        jobs += [("ipv6-ext", n) for n in (40, 54, 62, 70, 80)]
        jobs += [("ipv4-options-frags", n) for n in (24, 38, 50, 60)]
        for name, n in jobs:
            path = tmp / f"{name}-s{n}.pcap"
            sh(tool("editcap"), "-F", "pcap", "-s", n, bp.sample(name), path)
            cap = read_capture(path)
            check(max(cap.caplens) <= n, f"{path.name}: editcap cut to {n}")
            r = replay(binary, path, ["--policy", "drop"] if n % 2 else [])
            check_replay_of(r, cap, "drop" if n % 2 else "spin", path.name)
            if n < 14:
                check_eq(r.stats["malformed"]["eth_truncated"], r.stats["packets"],
                         f"{path.name}: every frame shorter than Ethernet")
        # Both at once: cut, then corrupt.
        cut = tmp / "mix-s60.pcap"
        both = tmp / "mix-s60-E.pcap"
        sh(tool("editcap"), "-F", "pcap", "-s", 60, bp.sample("mix"), cut)
        sh(tool("editcap"), "-F", "pcap", "-E", "0.1", "--seed", 7, cut, both)
        check_replay_of(replay(binary, both), read_capture(both), "spin", both.name)


# ---- odd files ----

def pcap_header(link=DLT_EN10MB, snaplen=65535):
    return struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, snaplen, link)


def pcap_record(data, caplen=None, wire=None, ts=1):
    return struct.pack("<IIII", ts, 0, len(data) if caplen is None else caplen,
                       len(data) if wire is None else wire) + data


def check_one_error(r, words, what):
    lines = r.stderr_lines()
    check_eq(r.rc, 1, f"{what}: exit status")
    check(len(lines) == 1 and lines[0].startswith("burstpipe: "),
          f"{what}: one 'burstpipe: ...' line on stderr, got {lines}")
    for w in words:
        check(w in lines[0], f"{what}: error names '{w}': {lines[0]}")
    check("== burstpipe report" not in r.stdout, f"{what}: no report for a run that never started")


@case("odd_empty")
def _(binary):
    """A capture with no packets replays to an empty report; a zero-byte file
    (not a capture at all) is one clear error."""
    with Workdir() as tmp:
        header_only = tmp / "header-only.pcap"
        header_only.write_bytes(pcap_header())
        for path in (header_only, bp.sample("empty")):
            r = replay(binary, path)
            check_replay_of(r, read_capture(path), "spin", str(path))
            check_eq(r.stats["packets"], 0, f"{path}: no packets")
        zero = tmp / "zero-bytes.pcap"
        zero.write_bytes(b"")
        check_one_error(replay(binary, zero), [str(zero), "cannot read capture"], "zero bytes")


@case("odd_pcapng")
def _(binary):
    """The same packets as pcapng give exactly the same counts."""
    with Workdir() as tmp:
        for name in ("mix", "jumbo"):
            path = tmp / f"{name}.pcapng"
            sh(tool("editcap"), "-F", "pcapng", bp.sample(name), path)
            r = replay(binary, path)
            check_replay_of(r, read_capture(path), "spin", path.name)
            e2e.check_counts(r.stats, bp.expected(name), path.name)


@case("odd_nanosecond")
def _(binary):
    """A nanosecond pcap: the same counts, and pacing by its timestamps takes
    the capture's own time (a unit mix-up would be 1000x off either way)."""
    with Workdir() as tmp:
        mix = tmp / "mix-ns.pcap"
        sh(tool("editcap"), "-F", "nsecpcap", bp.sample("mix"), mix)
        check(mix.read_bytes()[:4] == b"\x4d\x3c\xb2\xa1", "editcap wrote a nanosecond pcap")
        r = replay(binary, mix)
        check_replay_of(r, read_capture(mix), "spin", mix.name)
        e2e.check_counts(r.stats, bp.expected("mix"), mix.name)
        burst = tmp / "burst-ns.pcap"
        sh(tool("editcap"), "-F", "nsecpcap", bp.sample("burst"), burst)
        span = capture_span(burst)
        r = replay(binary, burst, ["--replay-speed", "1"])
        check_replay_of(r, read_capture(burst), "spin", burst.name)
        elapsed = r.stats["run"]["elapsed_s"]
        check(0.95 * span <= elapsed <= 10 * span,
              f"paced replay of a {span:.3f} s nanosecond capture took {elapsed:.3f} s")


def capture_span(path):
    """Last minus first timestamp of a classic pcap, in seconds."""
    data = pathlib.Path(path).read_bytes()
    nano = data[:4] in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    end = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    off, times = 24, []
    while off + 16 <= len(data):
        sec, frac, caplen = struct.unpack_from(end + "III", data, off)
        times.append(sec + frac / (1e9 if nano else 1e6))
        off += 16 + caplen
    return times[-1] - times[0]


def record_middle(data, at):
    """The middle of the data of the record that holds byte at of a pcap file
    (little-endian): a cut there is inside a record whatever the file's bytes
    (half of mix.pcap may fall between two records)."""
    off = 24
    while True:
        end = off + 16 + struct.unpack_from("<I", data, off + 8)[0]
        if end > at:
            return off + 16 + (end - off - 16) // 2
        off = end


@case("odd_cut_record")
def _(binary):
    """A file cut off inside a record: every complete packet is processed,
    one warning names the file, and the replay ends without waiting. A corrupt
    record header is treated the same way, and nothing libpcap reads past it
    is replayed."""
    mix = pathlib.Path(bp.sample("mix")).read_bytes()
    with Workdir() as tmp:
        first = 24 + 16 + struct.unpack_from("<I", mix, 24 + 8)[0]	# header, first record
        cuts = {"half": record_middle(mix, len(mix) // 2), "in-first-header": 30,
                "in-second-header": first + 5, "in-last-record": len(mix) - 3}
        files = []
        for label, size in cuts.items():
            path = tmp / f"mix-cut-{label}.pcap"
            path.write_bytes(mix[:size])
            files.append(path)
        ng = tmp / "mix.pcapng"
        sh(tool("editcap"), "-F", "pcapng", bp.sample("mix"), ng)
        ng_cut = tmp / "mix-cut.pcapng"
        ng_cut.write_bytes(ng.read_bytes()[:ng.stat().st_size * 2 // 3])
        files.append(ng_cut)
        for path in files:
            cap = read_capture(path)
            check(cap.cut, f"{path.name}: the oracle sees the cut")
            for policy in ("spin", "drop"):
                r = replay(binary, path, ["--policy", policy])
                check_replay_of(r, cap, policy, f"{path.name} ({policy})")
                warn = [l for l in r.stderr_lines() if "warning" in l]
                kept = f"the {cap.count} complete packet{'' if cap.count == 1 else 's'} before"
                check(len(warn) == 1 and path.name in warn[0] and "cut off" in warn[0]
                      and kept in warn[0],
                      f"{path.name}: one warning naming the file and the packets kept: {warn}")
                check(r.stats["run"]["elapsed_s"] < 1.5,
                      f"{path.name}: the replay did not wait for the missing record")

        # The port's counters are the pass's own: each pass of a sweep
        # meets the cut once.
        r = replay(binary, files[0], ["--policy", "drop", "--ring-sizes", "64,128,256"])
        check(r.rc == 0 and r.stats is not None, f"sweep: exit {r.rc}: {r.stderr}")
        check_eq(len(r.stats["sweep"]), 3, "sweep: three passes")
        check_eq(r.stats["rx"]["ierrors"], 1, "sweep: the last pass's port ierrors")

        # A record header claiming 4 GB, in the middle: libpcap stops there
        # and would read on into the packet bytes as if they were headers.
        eth = bytes(12) + b"\x08\x00" + bytes(46)
        bad = tmp / "bad-caplen.pcap"
        bad.write_bytes(pcap_header() + pcap_record(eth) * 2 +
                        struct.pack("<IIII", 1, 0, 0xffffffff, 60) + eth * 5)
        cap = read_capture(bad)
        check_eq(cap.count, 2, "oracle: two good records before the corrupt one")
        r = replay(binary, bad)
        check(r.rc == 0 and r.stats is not None, f"{bad.name}: exit {r.rc}: {r.stderr}")
        check_eq(r.stats["packets"], 2, f"{bad.name}: only the good records are replayed")
        # What libpcap read on (the five frames' bytes taken as record
        # headers) reached RX and was discarded, and counted as such: if
        # nothing did, the line above proves nothing about discarding.
        past = sum(p["past_end"] for p in r.stats["pipelines"])
        check(past > 0, f"{bad.name}: the records read past the corrupt one are counted: {past}")
        check_conservation(r.stats, bad.name)
        check_no_leak(r.stats)
        check(any("corrupt" in l and bad.name in l for l in r.stderr_lines()),
              f"{bad.name}: a warning says the record is corrupt: {r.stderr}")


@case("odd_records")
def _(binary):
    """Records no real capture should hold: empty, shorter than Ethernet,
    caplen above the wire length, a zero snaplen, a big-endian file, a frame
    longer than two mbufs."""
    eth = bytes(12) + b"\x08\x00" + bytes([0x45, 0, 0, 46]) + bytes(16) + bytes(26)
    with Workdir() as tmp:
        files = {
            "zero-length.pcap": (pcap_header() + pcap_record(eth) + pcap_record(b"") +
                                 pcap_record(b"") + pcap_record(eth), 2),
            "tiny.pcap": (pcap_header() + pcap_record(b"\x01") + pcap_record(bytes(13)) +
                          pcap_record(bytes(14)), 2),
            "caplen-above-wire.pcap": (pcap_header() + pcap_record(eth, wire=10), 0),
            "snaplen-zero.pcap": (pcap_header(snaplen=0) + pcap_record(eth), 0),
            "big-endian.pcap": (struct.pack(">IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1) +
                                struct.pack(">IIII", 1, 0, len(eth), len(eth)) + eth, 0),
            "jumbo-9000.pcap": (pcap_header() + pcap_record(bytes(12) + b"\x86\xdd" +
                                                            bytes(8986)) + pcap_record(eth), 0),
        }
        for name, (content, short) in files.items():
            path = tmp / name
            path.write_bytes(content)
            r = replay(binary, path)
            check_replay_of(r, read_capture(path), "spin", name)
            check_eq(r.stats["malformed"]["eth_truncated"], short,
                     f"{name}: frames shorter than 14 bytes")


NON_ETHERNET_RANDPKT = ["tr", "fddi", "usb-linux", "ieee802.15.4", "llc"]


@case("odd_not_ethernet")
def _(binary):
    """A capture whose link type is not Ethernet, through --pcap and through
    --vdev: one line naming the file and the link type, exit status 1."""
    with Workdir() as tmp:
        files = [pathlib.Path(bp.sample("cooked"))]
        listed = randpkt_types()
        for t in NON_ETHERNET_RANDPKT:
            if t in listed:
                path = tmp / f"randpkt-{t}.pcap"
                sh(tool("randpkt"), "-c", 5, "-t", t, path)
                if read_capture(path).link != DLT_EN10MB:
                    files.append(path)
        check(len(files) >= 4, f"non-Ethernet captures to try: {files}")
        # pcapng: an Ethernet interface, then a Linux cooked one. libpcap
        # stops at the second's description; that is no cut-off record.
        merged = tmp / "ethernet-then-cooked.pcapng"
        sh(tool("mergecap"), "-F", "pcapng", "-w", merged, bp.sample("basic"),
           bp.sample("cooked"))
        files.append(merged)
        for path in files:
            check_one_error(replay(binary, path), [str(path), "not Ethernet"], path.name)
            r = replay(binary, None, eal_extra=["--vdev", f"net_pcap0,rx_pcap={path}"])
            check_one_error(r, [str(path), "not Ethernet"], f"--vdev {path.name}")
        r = replay(binary, merged)
        check("later interface's link type 113 (LINUX_SLL)" in r.stderr,
              f"the pcapng's second interface named: {r.stderr}")


@case("odd_not_a_regular_file")
def _(binary):
    """A capture that is not a regular file is refused before anything
    starts, naming the file and why: burstpipe reads a capture twice (to
    count it, then to replay it), so a pipe or FIFO would be used up by the
    count and the replay would wait for ever (a FIFO) or fail with a wrong
    reason (a pipe on stdin). A directory and a device are refused alike."""
    with Workdir() as tmp:
        fifo = tmp / "fifo.pcap"
        os.mkfifo(fifo)
        writer = subprocess.Popen(["sh", "-c", f"cat '{bp.sample('basic')}' > '{fifo}'"])
        try:
            r = run_plain(binary, ["--pcap", str(fifo), "--quiet"], timeout=30)
        finally:
            writer.kill()
            writer.wait()
        check_our_error(r, [str(fifo), "a pipe or FIFO, not a regular file"], "a FIFO")
        check_our_error(run_plain(binary, ["--pcap", str(tmp), "--quiet"]),
                        [str(tmp), "a directory, not a regular file"], "a directory")
        check_our_error(run_plain(binary, ["--pcap", "/dev/zero", "--quiet"]),
                        ["/dev/zero", "a device or socket, not a regular file"], "a device")
        prefix = bp.new_prefix()
        try:
            p = subprocess.run([str(binary), *bp.eal_args(prefix), "--", "--pcap", "/dev/stdin",
                                "--quiet"], input=pathlib.Path(bp.sample("basic")).read_bytes(),
                               capture_output=True, timeout=30)
        finally:
            bp.cleanup_runtime(prefix)
        r = bp.Result(subprocess.CompletedProcess(p.args, p.returncode, p.stdout.decode(),
                                                  p.stderr.decode()), None)
        check_our_error(r, ["/dev/stdin", "a pipe or FIFO, not a regular file"], "a pipe on stdin")


@case("long_paths_in_errors")
def _(binary):
    """A path may be as long as the system allows (PATH_MAX, 4096): the one
    error line about it names the whole path and the reason after it."""
    with Workdir() as tmp:
        deep = tmp.joinpath(*(["d" * 250] * 12))	# about 3000 characters, not made
        missing = deep / "missing.pcap"
        check_one_error(replay(binary, missing), [str(missing), "No such file or directory"],
                        "a long missing capture path")
        out = deep / "stats.json"
        r = run_plain(binary, ["--pcap", bp.sample("basic"), "--quiet", "--stats-json", str(out)])
        check_our_error(r, ["--stats-json", str(out), "cannot write: No such file or directory"],
                        "a long --stats-json path in a missing directory")


# ---- signals ----

def check_drained_report(live, rc, what):
    check_eq(rc, 0, f"{what}: exit status (stderr: {live.stderr})")
    check("stopping: draining" in live.stderr, f"{what}: says it is stopping: {live.stderr}")
    check("== burstpipe report" in live.stdout, f"{what}: the final report printed")
    check("Checks" in live.stdout and ": OK" in live.stdout, f"{what}: report checks OK")
    check("every mbuf back" in live.stdout, f"{what}: report says every mbuf is back")
    check(live.stats is not None, f"{what}: JSON written")
    check_conservation(live.stats, what)
    check_no_leak(live.stats)


def interrupted(binary, app_args, what):
    """Run burstpipe, SIGINT it 0.3 s in (while still running); return the
    finished Live and its exit status."""
    live = Live(binary, app_args)
    live.wait_started()
    time.sleep(0.3)
    check(live.running(), f"{what} still runs when signalled")
    live.proc.send_signal(signal.SIGINT)
    return live, live.finish(timeout=30)


@case("signal_sigint_paced")
def _(binary):
    """SIGINT during a paced replay: the packets RX holds back whose time has
    not come (at most a burst of 32) are freed and counted, the
    ring drains, the report prints, exit 0, with a partial count that adds up."""
    live, rc = interrupted(binary, ["--pcap", bp.sample("burst"), "--replay-speed", "0.2"],
                           "the replay")
    check_drained_report(live, rc, "SIGINT")
    n = live.stats["packets"]
    check(0 < n < 3191, f"a partial replay: {n} of 3191 packets")
    # RX always holds some: it takes 32 at a time from a capture that
    # has more, and releases them one by one as their time comes.
    held = live.stats["rx"]["held_at_stop"]
    check(0 < held <= 32, f"held at the stop: some, at most a burst: {live.stats['rx']}")
    check(re.search(rf"^  held at stop +{held} paced packets not yet due", live.stdout, re.M),
          f"the report names them: {live.stdout}")
    check_conservation(live.stats, "SIGINT")


@case("signal_sigint_sweep")
def _(binary):
    """SIGINT during a --ring-sizes sweep: the pass it cut short is reported
    and marked, but no verdict rests on it, and no later pass runs."""
    live, rc = interrupted(binary, ["--pcap", bp.sample("burst"), "--replay-speed", "0.2",
                                    "--parse-cost-ns", "1000", "--policy", "drop",
                                    "--ring-sizes", "16,1024"], "the sweep")
    check_drained_report(live, rc, "SIGINT")
    sweep = live.stats["sweep"]
    check_eq(len(sweep), 1, "no pass after the one cut short")
    check(sweep[0]["complete"] is False and 0 < sweep[0]["received"] < 3191,
          f"the pass is marked cut short: {sweep[0]}")
    rows = [l for l in live.stdout.splitlines() if l.strip().startswith("16 |")]
    check(len(rows) == 1 and "(cut short:" in rows[0], f"the table marks the row: {rows}")
    check("no pass replayed the whole capture: no measured verdict" in live.stdout,
          f"no measured verdict from a partial pass:\n{live.stdout}")


@case("sweep_rewind_fails")
def _(binary):
    """A later pass of a sweep that cannot restart the replay (the file is
    gone): the passes done are reported, one error names the ring size and
    the reason, and the exit status is 1."""
    with Workdir() as tmp:
        path = tmp / "burst.pcap"
        path.write_bytes(pathlib.Path(bp.sample("burst")).read_bytes())
        live = Live(binary, ["--pcap", str(path), "--replay-speed", "0.2", "--policy", "drop",
                             "--ring-sizes", "64,1024"])
        live.wait_started()
        time.sleep(0.3)
        check(live.running(), "the first pass still runs when the file goes")
        path.unlink()
        rc = live.finish(timeout=30)
    check_eq(rc, 1, f"exit status ({live.stderr})")
    err = [l for l in live.stderr.splitlines() if l.startswith("burstpipe:")]
    check(len(err) == 1 and "sizing sweep stopped at ring size 1024" in err[0] and
          "cannot restart" in err[0] and "1 pass before it" in err[0],
          f"one error naming the size and the reason: {err}")
    check(live.stats is not None and len(live.stats["sweep"]) == 1 and
          live.stats["sweep"][0]["complete"] and live.stats["sweep"][0]["capacity"] == 64,
          "the pass done is in the JSON")
    check_eq(live.stats["rx"]["packets"], 3191, "the pass done replayed the whole file")
    check("smallest size that lost nothing" in live.stdout or
          "no size tried was lossless" in live.stdout, "the table is printed")
    check_no_leak(live.stats)


@case("signal_sigterm_drains_ring")
def _(binary):
    """SIGTERM with the ring full behind a slow parser: everything that was in
    the ring when the signal came is parsed before the report."""
    live = Live(binary, ["--pcap", bp.sample("mix"), "--parse-cost-ns", "1000000",
                         "--ring-size", "512"])
    live.wait_started()
    time.sleep(0.2)
    tel = live.telemetry()
    check(live.running(), "the replay still runs when signalled")
    check(tel["ring_count"] > 0, f"the ring holds packets: {tel}")
    live.proc.send_signal(signal.SIGTERM)
    rc = live.finish(timeout=30)
    check_drained_report(live, rc, "SIGTERM")
    # (Checked once the run is over, so that a failure leaves no process.)
    # The live figures of a spinning ring behind a 1 ms parser. The counters
    # are read one after another while they move, and ring_count is enqueued
    # less parsed, so it also holds the burst (32) the parser is working on.
    check_eq(tel["ring_capacity"], 512, "telemetry: ring capacity")
    check_eq(tel["ring_dropped"], 0, "telemetry: spin drops nothing")
    check(tel["ring_count"] <= tel["ring_high_water"] + 32 and
          tel["ring_high_water"] <= tel["ring_capacity"],
          f"telemetry: in the ring <= high water + a burst <= capacity + a burst: {tel}")
    check(tel["rx_packets"] - tel["ring_enqueued"] <= 32,
          f"telemetry: RX holds at most a burst it has not enqueued: {tel}")
    check_eq(tel["packets"], tel["parser_packets"], "telemetry: packets are the parsed ones")
    s = live.stats
    check(s["packets"] >= tel["parser_packets"] + tel["ring_count"],
          f"parsed {s['packets']} >= parsed {tel['parser_packets']} + in ring "
          f"{tel['ring_count']} at the signal")
    check(s["packets"] < 6000, f"stopped early: {s['packets']} of 6000")


def wait_all_threads_stopped(pid, timeout=10):
    """Return once every thread of pid is in state T (stopped)."""
    deadline = time.monotonic() + timeout
    while True:
        states = []
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    # pid (comm) state ...: comm may hold spaces and parentheses
                    states.append(f.read().rpartition(")")[2].split()[0])
            except FileNotFoundError:
                pass	# the thread has exited
        if states and all(st == "T" for st in states):
            return
        if time.monotonic() > deadline:
            raise Failure(f"not every thread stopped within {timeout} s: {states}")
        time.sleep(0.001)


@case("signal_stop_timeline")
def _(binary):
    """SIGSTOP for 100 ms while the ring is full, then SIGCONT: the timeline
    rows of the stop (nothing received, nothing parsed) show the level the
    ring held, mean equal to max, not a mean of 0 beside a max, nor the whole
    stop folded into one row."""
    path = bp.scratch_path("stop.csv")
    live = Live(binary, ["--pcap", bp.sample("mix"), "--parse-cost-ns", "100000",
                         "--ring-size", "512", "--timeline", path,
                         "--timeline-interval", "1"], quiet=True)
    live.wait_started()
    time.sleep(0.2)
    tel = live.telemetry()
    check(tel["ring_count"] > 0, f"the ring holds packets before the stop: {tel}")
    live.proc.send_signal(signal.SIGSTOP)
    # The stop takes hold when a thread of the process takes the signal,
    # which under load waits for a CPU while the lcores run on: 100 ms
    # from kill() were as little as 67 ms of stop. Time it from when every
    # thread is stopped.
    wait_all_threads_stopped(live.proc.pid)
    time.sleep(0.1)
    live.proc.send_signal(signal.SIGCONT)
    time.sleep(0.05)
    live.proc.send_signal(signal.SIGTERM)
    rc = live.finish(timeout=30)
    check_eq(rc, 0, f"exit status (stderr: {live.stderr})")
    with open(path) as f:
        rows = [line.rstrip("\n").split(",") for line in f]
    col = {name: i for i, name in enumerate(rows[0])}
    rows = rows[1:]

    def num(row, name):
        return float(row[col[name]])

    for r in rows:
        check(num(r, "occupancy_mean") <= num(r, "occupancy_max"),
              f"mean within max: {r}")
    # The stop: the longest run of consecutive rows with nothing received,
    # nothing enqueued or dropped, nothing parsed, and the ring not empty.
    # (A single such row elsewhere is a parser mid-way through a slow
    # dequeue, its level moving. Enqueued counts too: under load a row
    # beside the stop can hold RX placing a burst it was holding back for
    # room, 32 packets and no receive, while the parser, its CPU taken,
    # finishes none.)
    frozen, run = [], []
    for r in rows:
        if (num(r, "rx_pps") == 0 and num(r, "parsed_pps") == 0 and num(r, "enqueued") == 0
                and num(r, "dropped") == 0 and num(r, "occupancy_max") > 0):
            run.append(r)
            if len(run) > len(frozen):
                frozen = list(run)
        else:
            run = []
    # 100 ms of 1 ms rows; scheduling may shave a few.
    check(len(frozen) >= 80, f"the stop's rows, ring not empty: {len(frozen)}")
    # Only a dequeue moves the level in such a row (RX placed nothing), and
    # a parser dequeues again only after finishing a packet, which a row of
    # the run has not: so at most one row of the run holds a dequeue, of at
    # most one burst. Not one of the stop itself, but of a row beside it
    # where the parser, its CPU taken by the host or a loaded machine,
    # dequeued and finished nothing (2 runs in 30 under load). Every other
    # row holds one level.
    burst = live.stats["run"]["burst"]
    moved = [r for r in frozen if num(r, "occupancy_mean") != num(r, "occupancy_max")]
    check(len(moved) <= 1, f"every row of the stop but one holds one level: {moved}")
    for r in moved:
        check(num(r, "occupancy_max") - burst <= num(r, "occupancy_mean") < num(r, "occupancy_max"),
              f"the row with a dequeue lost at most a burst of {burst}: {r}")


@case("signal_drop_infinite")
def _(binary):
    """SIGINT ends an endless source (infinite_rx, drop policy) cleanly."""
    vdev = f"net_pcap0,rx_pcap={bp.sample('mix')},infinite_rx=1"
    live = Live(binary, ["--policy", "drop", "--ring-size", "256"], eal_extra=["--vdev", vdev])
    live.wait_started()
    time.sleep(0.5)
    live.proc.send_signal(signal.SIGINT)
    rc = live.finish(timeout=30)
    check_drained_report(live, rc, "SIGINT, infinite_rx, drop")
    check(live.stats["packets"] > 0, "packets were parsed")


@case("signal_second_sigint")
def _(binary):
    """A second SIGINT while the first is still draining ends the process at
    once, with a non-zero status and no report."""
    live = Live(binary, ["--pcap", bp.sample("mix"), "--parse-cost-ns", "10000000",
                         "--ring-size", "1024"])
    live.wait_started()
    time.sleep(0.3)
    live.proc.send_signal(signal.SIGINT)
    time.sleep(0.3)
    check(live.running(), "still draining 1024 packets at 10 ms each after the first SIGINT")
    t = time.monotonic()
    live.proc.send_signal(signal.SIGINT)
    rc = live.finish(timeout=10)
    took = time.monotonic() - t
    check(took < 2, f"exited {took:.2f} s after the second SIGINT")
    check_eq(rc, 128 + signal.SIGINT, "exit status 128 + SIGINT")
    check("== burstpipe report" not in live.stdout, "no report after the second SIGINT")


# ---- leaks: every mbuf home, every ring empty, however the run ends ----

@case("leaks_every_ending")
def _(binary):
    """Normal ends, drop-policy runs that drop most packets (chains too), a
    sizing sweep, rte_ring, --duration on an endless source and a signal: exit
    status 0 (the app checks its rings are empty) and every mbuf back."""
    infinite = ["--vdev", f"net_pcap0,rx_pcap={bp.sample('mix')},infinite_rx=1"]
    runs = [
        ("normal end", bp.sample("mix"), [], []),
        ("drop, ring 4", bp.sample("burst"), ["--policy", "drop", "--ring-size", "4",
                                              "--parse-cost-ns", "2000"], []),
        ("drop, chains, ring 1", bp.sample("jumbo"), ["--policy", "drop", "--ring-size", "1",
                                                      "--burst", "64"], []),
        ("rte_ring drop", bp.sample("mix"), ["--ring", "rte_ring", "--policy", "drop",
                                             "--ring-size", "8"], []),
        ("sweep, drop", bp.sample("burst"), ["--ring-sizes", "8,64", "--policy", "drop"], []),
        ("--duration, infinite_rx, drop", None, ["--duration", "0.3", "--policy", "drop",
                                                 "--ring-size", "16"], infinite),
        ("--duration, infinite_rx, spin", None, ["--duration", "0.3"], infinite),
    ]
    dropped = 0
    for what, path, extra, eal in runs:
        r = replay(binary, path, extra, eal_extra=eal)
        check(r.rc == 0, f"{what}: exit status {r.rc}: {r.stderr}")
        check("left in the rings" not in r.stderr and "leak" not in r.stderr,
              f"{what}: {r.stderr}")
        check_conservation(r.stats, what)
        check_no_leak(r.stats)
        dropped += r.stats["ring"]["dropped"]
    check(dropped > 0, "the drop-policy runs did drop")
    live = Live(binary, ["--pcap", bp.sample("burst"), "--replay-speed", "0.2", "--policy",
                         "drop", "--ring-size", "16"])
    live.wait_started()
    time.sleep(0.3)
    live.proc.send_signal(signal.SIGINT)
    check_drained_report(live, live.finish(timeout=30), "signal, drop")


def preload_env(binary, shim_var):
    """The environment that preloads the stand-in named by shim_var."""
    shim = os.environ.get(shim_var)
    check(shim and os.path.exists(shim), f"{shim_var} names the stand-in: {shim}")
    env = {"LD_PRELOAD": shim}
    if "libasan" in subprocess.run(["ldd", binary], capture_output=True, text=True).stdout:
        # ASan wants its runtime first among the preloaded libraries.
        env["ASAN_OPTIONS"] = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"),
                                                     "verify_asan_link_order=0"]))
    return env


@case("leak_check_finds_withheld_mbufs")
def _(binary):
    """A real leak, made outside the app: a stand-in for rte_pktmbuf_free_bulk
    (withhold_mbufs.c, preloaded) keeps 3 mbufs from their pool. burstpipe
    must find exactly those 3 missing at exit, say so on stderr and in both
    reports, and fail; its packet counters still add up. The same stand-in
    keeping none gives a clean run, so the leak is the only difference."""
    env = preload_env(binary, "BP_WITHHOLD_SHIM")
    for kept in (0, 3):
        r = bp.run(binary, ["--pcap", str(bp.sample("mix"))],
                   env={**env, "BP_WITHHOLD_MBUFS": str(kept)})
        check_clean_stderr(r.stderr, f"withholding {kept}")
        what = f"withholding {kept}"
        check(r.stats is not None, f"{what}: JSON written: {r.stderr}")
        check_conservation(r.stats, what)
        check(r.stats["mempool"]["checked"], f"{what}: the leak check ran")
        check_eq(r.stats["mempool"]["in_use_at_exit"], kept, f"{what}: mbufs in use at exit")
        if kept == 0:
            check_eq(r.rc, 0, f"{what}: exit status: {r.stderr}")
            check("withhold_mbufs" not in r.stderr and "leak" not in r.stderr,
                  f"{what}: stderr: {r.stderr}")
            continue
        check(f"withhold_mbufs: kept {kept} mbufs" in r.stderr,
              f"{what}: the stand-in was called: {r.stderr}")
        check_eq(r.rc, 1, f"{what}: exit status: {r.stderr}")
        check(f"burstpipe: leak: {kept} mbufs not back in the pool at exit" in r.stderr,
              f"{what}: stderr names the leak: {r.stderr}")
        check(f"{kept} still in use at exit (LEAK)" in r.stdout,
              f"{what}: the report names the leak: {r.stdout}")


@case("launch_failure_stops_cleanly")
def _(binary):
    """An lcore launch that fails (a stand-in for rte_eal_remote_launch,
    fail_launch.c, refuses one call as DPDK does a busy lcore): the lcores
    already launched are stopped, not left waiting at the start barrier for
    ever; one error names the role and the lcore; the exit status is 1. In
    a sizing sweep the passes done are reported, the whole report being the
    last of them (not the pass that never started), and every mbuf is home.
    A run whose first pass never starts has nothing to report: an earlier
    run's --stats-json file is left as it was, not emptied."""
    env = preload_env(binary, "BP_FAIL_LAUNCH_SHIM")
    old_json = pathlib.Path(bp.scratch_path("launch-failure-old.json"))
    runs = [
        # main polls RX, lcore 1 parses: the only launch is the parser's
        ("parser", "0-1", 1, "pipeline 0's parser on lcore 1"),
        # main only reports: the parser (lcore 2) is running when the
        # RX launch (lcore 1) fails, and must be stopped
        ("RX after the parser", "0@0,1@1,2@1", 2, "pipeline 0's RX on lcore 1"),
    ]
    for what, lcores, at, names in runs:
        old_json.write_text('{"old":1}\n')
        r = bp.run(binary, ["--pcap", str(bp.sample("mix")), "--stats-json", str(old_json)],
                   lcores=lcores, timeout=60, json_out=False,
                   env={**env, "BP_FAIL_LAUNCH_AT": str(at)})
        check_eq(old_json.read_text(), '{"old":1}\n', f"{what}: the earlier JSON file kept")
        check_clean_stderr(r.stderr, what)
        check(f"fail_launch: refused launch {at}" in r.stderr, f"{what}: the stand-in ran: {r.stderr}")
        check_eq(r.rc, 1, f"{what}: exit status: {r.stderr}")
        err = [l for l in r.stderr.splitlines() if l.startswith("burstpipe:")]
        check(len(err) == 1 and f"cannot launch {names}: Device or resource busy" in err[0],
              f"{what}: one error names the launch: {err}")
    # The second pass of a sweep cannot launch: the first is reported.
    r = bp.run(binary, ["--pcap", str(bp.sample("burst")), "--policy", "drop",
                        "--ring-sizes", "64,1024"], timeout=60,
               env={**env, "BP_FAIL_LAUNCH_AT": "2"})
    check_clean_stderr(r.stderr, "sweep")
    check_eq(r.rc, 1, f"sweep: exit status: {r.stderr}")
    err = [l for l in r.stderr.splitlines() if l.startswith("burstpipe:")]
    check(len(err) == 1 and "sizing sweep stopped at ring size 1024: cannot launch" in err[0]
          and "1 pass before it" in err[0], f"sweep: one error names the pass: {err}")
    check(r.stats is not None, f"sweep: JSON written: {r.stderr}")
    check_eq([row["capacity"] for row in r.stats["sweep"]], [64], "sweep: the pass done")
    check_eq(r.stats["sweep"][0]["received"], 3191, "sweep: the pass done saw every packet")
    check_last_pass_reported(r, "sweep")
    # Two pipelines, main only reports: pipeline 0's parser and RX are
    # launched (and waiting at the barrier) when pipeline 1's parser launch,
    # the 7th, fails in the second pass.
    r = bp.run(binary, ["--pcap", str(bp.sample("burst")), "--pcap", str(bp.sample("mix")),
                        "--pipelines", "2", "--policy", "drop", "--ring-sizes", "64,1024"],
               lcores="0@0,1@1,2@0,3@1,4@1", timeout=60, env={**env, "BP_FAIL_LAUNCH_AT": "7"})
    check_clean_stderr(r.stderr, "sweep, two pipelines")
    check_eq(r.rc, 1, f"sweep, two pipelines: exit status: {r.stderr}")
    err = [l for l in r.stderr.splitlines() if l.startswith("burstpipe:")]
    check(len(err) == 1 and "sizing sweep stopped at ring size 1024: cannot launch pipeline 1's "
          "parser on lcore 4" in err[0], f"sweep, two pipelines: one error names the launch: {err}")
    check(r.stats is not None, f"sweep, two pipelines: JSON written: {r.stderr}")
    check_eq(r.stats["sweep"][0]["received"], 3191 + bp.expected("mix")["packets"],
             "sweep, two pipelines: the pass done saw every packet")
    check_last_pass_reported(r, "sweep, two pipelines")


def check_last_pass_reported(r, what):
    """The report of a sweep cut short is its last pass's: the ring of that
    size, the packets it received, its drops, conserved, every mbuf home."""
    row, s = r.stats["sweep"][-1], r.stats
    check_eq(s["ring"]["capacity"], row["capacity"], f"{what}: the report's ring is the last pass's")
    check_eq(s["rx"]["packets"], row["received"], f"{what}: the report's rx.packets")
    check_eq(s["ring"]["dropped"], row["dropped"], f"{what}: the report's ring.dropped")
    check_eq(s["ring"]["high_water"], row["high_water"], f"{what}: the report's high water")
    check_eq(sum(p["packets"] for p in s["pipelines"]), s["packets"],
             f"{what}: the pipelines add up to the totals")
    check(re.search(rf"^Ring .*capacity {row['capacity']},", r.stdout, re.M),
          f"{what}: the text report's ring is the last pass's: {r.stdout}")
    check_conservation(s, what)
    check_no_leak(s)


@case("rx_desc_raised_by_the_pmd")
def _(binary):
    """A PMD that raises the RX descriptor count (a stand-in for
    rte_eth_dev_adjust_nb_rx_tx_desc, raise_rx_desc.c, as a NIC whose nb_min
    is 2048): the queues get 2048, the JSON and the report say so, and the
    pool grows by 1024 per pipeline. A PMD that raises it only once the port
    is configured gets no port with a pool sized for fewer: the run fails,
    naming the port, the driver and both counts."""
    env = preload_env(binary, "BP_RAISE_RX_DESC_SHIM")
    pcaps = ("mix", "vlan")
    app = [w for n in pcaps for w in ("--pcap", bp.sample(n))]
    sizes = {}
    for rx_min in (0, 2048):
        what = f"nb_min {rx_min}"
        r = bp.run(binary, app, lcores=e2e.TWO_LCORES_PER_CPU,
                   env={**env, "BP_RX_DESC_MIN": str(rx_min)})
        check_clean_stderr(r.stderr, what)
        rx_desc = max(rx_min, 1024)
        e2e.check_pool(r, rx_desc, e2e.pool_formula(2, rx_desc, 1024, 32, max_segments(pcaps), 4),
                       what)
        check_eq("raised to 2048" in r.stderr, rx_min == 2048,
                 f"{what}: the stand-in raised the count only when asked: {r.stderr}")
        for p, name in zip(r.stats["pipelines"], pcaps):
            e2e.check_counts(p, bp.expected(name), f"{what}: {name}")
        check_eq(r.stats["rx"]["rx_nombuf"], 0, f"{what}: RX never short of mbufs")
        sizes[rx_min] = r.stats["mempool"]["size"]
    check_eq(sizes[2048] - sizes[0], 2 * (2048 - 1024),
             "the pool grows by the raise, once per pipeline")
    # EAL's default log level, not the tests' warning: stopping a port that
    # never started logs an info message, which that level would hide.
    eal = [a for a in bp.eal_args(bp.new_prefix(), e2e.TWO_LCORES_PER_CPU)
           if a != "--log-level=warning"]
    r = bp.run(binary, app, eal=eal,
               env={**env, "BP_RX_DESC_MIN_CONFIGURED": "2048"})
    check_clean_stderr(r.stderr, "raised once configured")
    check_eq(r.rc, 1, f"a count raised after the pool was made fails the run: {r.stderr}")
    check("raise_rx_desc: port 0: 1024 RX descriptors raised to 2048" in r.stderr,
          f"the stand-in raised it on the configured port: {r.stderr}")
    err = [l for l in r.stderr.splitlines() if l.startswith("burstpipe:")]
    check(len(err) == 1 and "port 0 (net_pcap): configured, it takes 2048 RX descriptors per "
          "queue, not the 1024 the mbuf pool was sized for" in err[0],
          f"one error names both counts: {err}")
    check(r.stats is None, "no report of a run that never started")
    check("already stopped" not in r.stderr,
          f"teardown does not stop a port that never started: {r.stderr}")


@case("duration_bounds_every_source")
def _(binary):
    """--duration ends a run on time whatever the source: paced replays that
    are never idle between bursts; infinite_rx and net_null, never idle at all."""
    infinite = ["--vdev", f"net_pcap0,rx_pcap={bp.sample('mix')},infinite_rx=1"]
    runs = [
        ("paced by timestamps", bp.sample("burst"), ["--replay-speed", "0.05"], []),
        ("paced by --pps", bp.sample("mix"), ["--pps", "1000"], []),
        ("infinite_rx, spin", None, [], infinite),
        ("infinite_rx, drop", None, ["--policy", "drop"], infinite),
        ("net_null, a live port", None, [], ["--vdev", "net_null0"]),
    ]
    for what, path, extra, eal in runs:
        r = replay(binary, path, [*extra, "--duration", "0.3"], eal_extra=eal, timeout=30)
        check(r.rc == 0, f"{what}: exit status {r.rc}: {r.stderr}")
        elapsed = r.stats["run"]["elapsed_s"]
        check(0.3 <= elapsed < 1.3, f"{what}: --duration 0.3 ran {elapsed:.3f} s")
        check_conservation(r.stats, what)
        check_no_leak(r.stats)
        if path is not None:
            check(0 < r.stats["rx"]["packets"] < read_capture(path).count,
                  f"{what}: stopped part-way: {r.stats['rx']['packets']} packets")


# ---- soak ----

def soak(binary, seconds, policy, sample_period):
    """infinite_rx of mix for seconds; returns (stats, RSS samples, wall time)."""
    vdev = f"net_pcap0,rx_pcap={bp.sample('mix')},infinite_rx=1"
    extra = ["--policy", policy, "--duration", str(seconds)]
    live = Live(binary, extra, eal_extra=["--vdev", vdev], quiet=True)
    # Sample from the first packet on: setup (the pool, the preloaded
    # capture) grows the resident set, and on a loaded machine it can last
    # into the run's first third, which check_rss_flat takes as warm-up.
    live.wait_started()
    live.wait_packets()
    rss = RssSampler(live.proc.pid, sample_period)
    rss.start()
    rc = live.finish(timeout=seconds + 60)
    rss.join(timeout=5)
    what = f"soak {policy} {seconds} s"
    check_eq(rc, 0, f"{what}: exit status (stderr: {live.stderr})")
    s = live.stats
    check_conservation(s, what)
    check_counted_once(s, what)
    check_no_leak(s)
    check(s["packets"] > 0, f"{what}: packets parsed")
    # Bounded in time: --duration stops a source that is never idle.
    check(seconds <= s["run"]["elapsed_s"] < seconds + 5,
          f"{what}: ran {s['run']['elapsed_s']:.2f} s for --duration {seconds}")
    if policy == "spin":
        # Lossless and in file order: k whole passes over mix and part of one more.
        exp = bp.expected("mix")
        k = s["packets"] // exp["packets"]
        for section in ("decode", "malformed"):
            for name, per_pass in exp[section].items():
                got = s[section][name]
                check(k * per_pass <= got <= (k + 1) * per_pass,
                      f"{what}: {section}.{name} {got} for {k}+ passes of {per_pass}")
    return s, rss.samples, live.elapsed


def check_rss_flat(samples, what, tolerance_kb=2048):
    """After the first third (pool, rings and preloaded packets touched), the
    resident set does not grow."""
    check(len(samples) >= 6, f"{what}: RSS sampled ({len(samples)} samples)")
    steady = samples[len(samples) // 3:]
    base = steady[0][1]
    top = max(kb for _, kb in steady)
    check(top - base <= tolerance_kb,
          f"{what}: RSS grew {top - base} kB after warm-up (from {base} kB): {samples}")
    return base, top


@case("soak_short")
def _(binary):
    """1.5 s of infinite_rx under each policy: counters conserve, spin's
    counts match whole passes over the file, memory stays flat."""
    for policy in ("spin", "drop"):
        s, samples, _ = soak(binary, 1.5, policy, 0.05)
        check_rss_flat(samples, f"soak_short {policy}")


@case("soak_long", ON_DEMAND)
def _(binary):
    """BP_SOAK_SECONDS (default 60) per policy; at least 10 million packets each."""
    seconds = float(os.environ.get("BP_SOAK_SECONDS", "60"))
    for policy in ("spin", "drop"):
        s, samples, wall = soak(binary, seconds, policy, 0.5)
        base, top = check_rss_flat(samples, f"soak_long {policy}")
        check(s["rx"]["packets"] >= 10_000_000,
              f"soak {policy}: {s['rx']['packets']} packets < 10 million: raise BP_SOAK_SECONDS")
        print(f"soak {policy}: {s['rx']['packets']} received, {s['packets']} parsed, "
              f"{s['ring']['dropped']} dropped, {s['malformed']['total']} malformed in "
              f"{s['run']['elapsed_s']:.1f} s; RSS {base}..{top} kB over {len(samples)} samples")


# ---- arguments ----

def config_options(config_c):
    """(option, takes a value, parsed as a number) for every long option of config.c."""
    text = pathlib.Path(config_c).read_text()
    opts = re.findall(r'\{"([\w-]+)",\s*(required_argument|no_argument),\s*NULL,\s*(OPT_\w+)\}',
                      text)
    numeric = set()
    for block in re.split(r"\n\t\tcase ", text)[1:]:
        label = block.split(":", 1)[0]
        if "parse_u64(" in block.split("break;")[0] or "parse_double(" in block.split("break;")[0]:
            numeric.add(label)
    return [(name, kind == "required_argument", const in numeric) for name, kind, const in opts]


@case("arguments_table_covers_every_option")
def _(binary):
    """e2e.py's bad-argument table has rows for every option of app/config.c:
    each numeric one out of range and malformed, each valued one empty or
    wrong, each flag given a value."""
    rows = [a for a, _ in e2e.BAD_ARGS] + [a for a, _, _ in e2e.BAD_SETUPS]
    opts = config_options(bp.ROOT / "app" / "config.c")
    check(len(opts) >= 20, f"options found in config.c: {opts}")
    missing = []

    def values_of(name):
        out = []
        for args in rows:
            for i, a in enumerate(args):
                if a == f"--{name}" and i + 1 < len(args):
                    out.append(args[i + 1])
                elif a.startswith(f"--{name}="):
                    out.append(a.split("=", 1)[1])
        return out

    def is_number(v):
        return re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", v) is not None

    for name, valued, numeric in opts:
        vals = values_of(name)
        if not valued:
            if not any(a.startswith(f"--{name}=") for r in rows for a in r):
                missing.append(f"--{name}=VALUE (a flag given a value)")
            continue
        if not vals:
            missing.append(f"--{name} (no row at all)")
        elif numeric:
            if not any(is_number(v) for v in vals):
                missing.append(f"--{name} out of range")
            if not any(not is_number(v) for v in vals):
                missing.append(f"--{name} malformed")
    check(not missing, "bad-argument rows missing for: " + ", ".join(missing))


@case("bad_setups_live_sources")
def _(binary):
    """Options that need a finite replay, given an endless or live source:
    one line naming the option, exit status 1."""
    infinite = ["--vdev", f"net_pcap0,rx_pcap={bp.sample('mix')},infinite_rx=1"]
    null = ["--vdev", "net_null0"]
    jumbo = ["--vdev", f"net_pcap0,rx_pcap={bp.sample('jumbo')},infinite_rx=1"]
    rows = [
        (["--replay-speed", "1"], infinite, ["--replay-speed", "infinite_rx"]),
        (["--duration", "1"], jumbo, ["jumbo.pcap", "infinite_rx", "9018", "--pcap"]),
        (["--replay-speed", "1"], null, ["--replay-speed", "live port"]),
        # (the lcore list it suggests: e2e too_few_lcores_hint_runs)
        (["--pipelines", "2"], null, ["too few lcores", "2 pipelines need 4"]),
    ]
    for args, eal, words in rows:
        prefix = bp.new_prefix()
        r = bp.run(binary, args, eal=bp.eal_args(prefix) + eal, json_out=False, timeout=60)
        bp.cleanup_runtime(prefix)
        check_clean_stderr(r.stderr, str(args))
        check_one_error(r, words, f"{args} with {eal}")


# ---- outputs and setup errors ----

def run_plain(binary, app_args, eal_extra=(), stdout=subprocess.PIPE, timeout=60):
    """burstpipe EAL -- app_args with no --stats-json of bp.run's own;
    stdout may be a file (e.g. /dev/full). A run that outlives timeout fails."""
    prefix = bp.new_prefix()
    cmd = [str(binary), *bp.eal_args(prefix), *eal_extra, "--", *app_args]
    try:
        p = subprocess.run(cmd, stdout=stdout, stderr=subprocess.PIPE, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        raise Failure(f"{app_args} with {list(eal_extra)}: still running after {timeout} s")
    finally:
        bp.cleanup_runtime(prefix)
    r = bp.Result(p, None)
    check_clean_stderr(r.stderr, str(app_args))
    return r


def check_our_error(r, words, what):
    """Exit status 1 and one 'burstpipe: ...' line naming words (a PMD's own
    log lines may come before it); no report."""
    ours = [l for l in r.stderr_lines() if l.startswith("burstpipe: ")]
    check_eq(r.rc, 1, f"{what}: exit status (stderr: {r.stderr})")
    check(len(ours) == 1, f"{what}: one 'burstpipe: ...' line on stderr, got {ours}")
    for w in words:
        check(w in ours[0], f"{what}: error names '{w}': {ours[0]}")
    check("== burstpipe report" not in (r.stdout or ""), f"{what}: no report")


def check_full_json(path, what):
    with open(path) as f:
        s = json.load(f)
    e2e.check_counts(s, bp.expected("mix"), what)
    check_no_leak(s)


@case("outputs_write_failures")
def _(binary):
    """stdout, --timeline or --stats-json on a full disk (/dev/full): every
    other output is still written whole, then one line names the output, the
    file and the reason, and the exit status is 1."""
    full = "No space left on device"
    with Workdir() as tmp:
        js, csv = tmp / "stats.json", tmp / "timeline.csv"
        with open("/dev/full", "w") as devfull:
            r = run_plain(binary, ["--pcap", bp.sample("mix"), "--stats-json", js], stdout=devfull)
        check_our_error(r, ["stdout", full], "report on /dev/full")
        check_full_json(js, "JSON beside a report on /dev/full")
        js.unlink()

        r = run_plain(binary, ["--pcap", bp.sample("mix"), "--quiet", "--timeline", "/dev/full",
                               "--stats-json", js])
        check_our_error(r, ["--timeline /dev/full", full], "--timeline /dev/full")
        check_full_json(js, "JSON beside a timeline on /dev/full")

        r = run_plain(binary, ["--pcap", bp.sample("mix"), "--stats-json", "/dev/full",
                               "--timeline", csv])
        ours = [l for l in r.stderr_lines() if l.startswith("burstpipe: ")]
        check_eq(r.rc, 1, f"--stats-json /dev/full: exit status (stderr: {r.stderr})")
        check(len(ours) == 1 and "--stats-json /dev/full" in ours[0] and full in ours[0],
              f"--stats-json /dev/full: one line naming the option, the file and why: {ours}")
        check("== burstpipe report" in r.stdout and "Checks" in r.stdout,
              "--stats-json /dev/full: the report printed whole")
        rows = csv.read_text().splitlines()
        check(len(rows) >= 2 and rows[0].startswith("time_ms,"),
              f"--stats-json /dev/full: the timeline written: {rows}")

        # --help's text is its whole output: lost, the run failed.
        with open("/dev/full", "w") as devfull:
            r = run_plain(binary, ["--help"], stdout=devfull)
        check_our_error(r, ["stdout", full], "--help on /dev/full")
        r = run_plain(binary, ["--help"])
        check_eq(r.rc, 0, "--help on a pipe: exit status")
        check(r.stdout.startswith("usage: ") and "--ring-sizes" in r.stdout,
              f"--help on a pipe: the usage text: {r.stdout[:200]}")


@case("pcap_names_the_pmd_cannot_take")
def _(binary):
    """--pcap hands the file to the PMD as rx_pcap=FILE in a devargs string,
    where ',' ends the value and '=' cuts it: a name with either is one line
    saying so (not the PMD's 'Operation not permitted'), exit status 1."""
    with Workdir() as tmp:
        for name in ("a,b.pcap", "a=b.pcap"):
            path = tmp / name
            shutil.copy(bp.sample("mix"), path)
            r = run_plain(binary, ["--pcap", str(path), "--quiet"])
            check_our_error(r, [str(path), "rename or link"], name)


@case("outputs_stdout_closed")
def _(binary):
    """stdout a pipe its reader has closed (burstpipe ... | head -1): like a
    full disk, the other outputs are written whole, one line names stdout
    and the reason, exit status 1; not a silent death by SIGPIPE that leaves
    the --stats-json file empty."""
    with Workdir() as tmp:
        js = tmp / "stats.json"
        prefix = bp.new_prefix()
        cmd = [str(binary), *bp.eal_args(prefix), "--", "--pcap", bp.sample("mix"),
               "--stats-json", str(js)]
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        p.stdout.close()	# the reader is gone before the report
        try:
            _, err = p.communicate(timeout=60)
        finally:
            bp.cleanup_runtime(prefix)
        check_clean_stderr(err)
        ours = [l for l in err.splitlines() if l.startswith("burstpipe: ")]
        check_eq(p.returncode, 1, f"stdout closed: exit status (stderr: {err})")
        check(len(ours) == 1 and "stdout" in ours[0] and "Broken pipe" in ours[0],
              f"stdout closed: one line naming stdout and why: {ours}")
        check_full_json(js, "JSON beside a report nobody reads")


@case("outputs_kept_when_setup_fails")
def _(binary):
    """A run that fails in setup (no capture, no pool) leaves an earlier
    run's --stats-json and --timeline as they were and creates no new file;
    a path that cannot be written still fails first, naming it and why."""
    with Workdir() as tmp:
        js, csv, new = tmp / "old.json", tmp / "old.csv", tmp / "new.json"
        js.write_text('{"old":1}\n')
        csv.write_text("old,timeline\n")
        missing = str(tmp / "missing.pcap")
        failures = [
            (["--pcap", missing], [], [missing, "cannot read"]),
            # a live port's ring may fill: its pool is sized for the ring
            (["--ring-size", "1048576", "--duration", "1"], ["--vdev", "net_null0"],
             ["pool", "-m"]),
        ]
        for args, eal, words in failures:
            r = run_plain(binary, [*args, "--stats-json", js, "--timeline", csv], eal_extra=eal)
            check_our_error(r, words, str(args))
            check_eq(js.read_text(), '{"old":1}\n', f"{args}: --stats-json file untouched")
            check_eq(csv.read_text(), "old,timeline\n", f"{args}: --timeline file untouched")
            r = run_plain(binary, [*args, "--stats-json", new], eal_extra=eal)
            check_our_error(r, words, f"{args}, new file")
            check(not new.exists(), f"{args}: no --stats-json file left by a failed run")
        nodir = str(tmp / "no-such-dir" / "x.json")
        r = run_plain(binary, ["--pcap", missing, "--stats-json", nodir])
        check_our_error(r, ["--stats-json", nodir, "No such file or directory"],
                        "missing directory, checked before the capture")
        r = run_plain(binary, ["--pcap", bp.sample("mix"), "--quiet", "--stats-json", js,
                               "--timeline", csv])
        check_eq(r.rc, 0, f"a good run: exit status (stderr: {r.stderr})")
        check_full_json(js, "a good run replaces the old JSON")
        check(csv.read_text().startswith("time_ms,"), "a good run replaces the old timeline")


@case("outputs_apart_from_inputs")
def _(binary):
    """An output that names the capture being replayed (the same path, or a
    link to it, through --pcap or --vdev) or the other output is refused in
    one line naming both, before anything is written: the capture is left
    whole, and no file is made."""
    with Workdir() as tmp:
        cap = tmp / "mix.pcap"
        shutil.copy(bp.sample("mix"), cap)
        whole = cap.read_bytes()
        link = tmp / "link.pcap"
        link.symlink_to(cap)
        vdev = ["--vdev", f"net_pcap0,rx_pcap={cap}"]
        for opt in ("--stats-json", "--timeline"):
            for src, eal in (([ "--pcap", str(cap)], []), ([], vdev)):
                for out in (cap, link):
                    r = run_plain(binary, [*src, "--quiet", opt, str(out)], eal_extra=eal)
                    check_our_error(r, [opt, str(out), "capture"], f"{opt} {out.name} {src}")
                    check(cap.read_bytes() == whole, f"{opt} {out.name}: the capture is whole")
        both = tmp / "out"
        r = run_plain(binary, ["--pcap", str(cap), "--quiet", "--stats-json", str(both),
                               "--timeline", str(both)])
        check_our_error(r, ["--stats-json", "--timeline", str(both)], "one file for both outputs")
        check(not both.exists(), "no file made for two outputs in one")
        # The same file not made yet, spelled two ways.
        (tmp / "sub").mkdir()
        for a, b in ((both, f"{tmp}/./out"), (tmp / "sub" / ".." / "out", both)):
            r = run_plain(binary, ["--pcap", str(cap), "--quiet", "--stats-json", str(a),
                                   "--timeline", str(b)])
            check_our_error(r, ["--stats-json", "--timeline", "one file for both"],
                            f"one file for both outputs: {a} and {b}")
            check(not both.exists(), f"no file made for {a} and {b}")
        cwd, absolute = os.getcwd(), os.path.abspath(binary)
        try:
            os.chdir(tmp)
            r = run_plain(absolute, ["--pcap", str(cap), "--quiet", "--stats-json", "out",
                                   "--timeline", "./out"])
        finally:
            os.chdir(cwd)
        check_our_error(r, ["one file for both"], "one file for both outputs: out and ./out")
        check(not both.exists(), "no file made for out and ./out")
        r = run_plain(binary, ["--pcap", str(cap), "--quiet", "--stats-json", "/dev/null",
                               "--timeline", "/dev/null"])
        check_eq(r.rc, 0, f"both outputs to /dev/null: exit status (stderr: {r.stderr})")


@case("vdev_probe_failure")
def _(binary):
    """A --vdev whose driver fails (a pcap vdev with a missing file) is named
    in one error line, exit status 1: not 'no port to read from', and not a
    silent run of another --vdev that did start."""
    with Workdir() as tmp:
        bad = ["--vdev", f"net_pcap0,rx_pcap={tmp / 'missing.pcap'}"]
        words = ["--vdev net_pcap0", "did not start"]
        for eal, args in [(bad, []), (bad + ["--vdev", "net_null0"], ["--quiet"]),
                          (["--vdev", "net_null0"] + bad, ["--quiet"]),
                          (bad, ["--pcap", bp.sample("mix"), "--quiet"])]:
            r = run_plain(binary, args, eal_extra=eal, timeout=20)
            check_our_error(r, words, f"{eal} {args}")
            check("no port to read from" not in r.stderr, f"{eal}: {r.stderr}")


@case("arguments_whitespace_and_pool_option")
def _(binary):
    """Leading white space of any kind is refused in every number, as a leading
    space is; a pool too big for EAL's memory names --ring-sizes when the sizes
    came from it."""
    rows = [
        (["--burst", " 5"], "--burst"), (["--burst", "\t5"], "--burst"),
        (["--ring-size", "\t64"], "--ring-size"), (["--ring-sizes", "64,\t128"], "--ring-sizes"),
        (["--duration", "\t1"], "--duration"), (["--replay-speed", "\t1"], "--replay-speed"),
    ]
    for args, opt in rows:
        r = run_plain(binary, ["--pcap", bp.sample("basic"), "--quiet", *args])
        check_our_error(r, [opt, "accepted"], repr(args))
    # A newline would split the error line in two: only the refusal is checked.
    r = run_plain(binary, ["--pcap", bp.sample("basic"), "--quiet", "--burst", "\n5"])
    check(r.rc == 1 and "--burst" in r.stderr, f"--burst '\\n5' refused: {r.rc} {r.stderr}")
    # A replay's ring holds at most its capture, so the pool that does not
    # fit needs a capture of 200000 packets (minimal frames, 15 MB).
    with Workdir() as tmp:
        big = tmp / "200k.pcap"
        eth = bytes(12) + b"\x08\x00" + bytes(46)
        big.write_bytes(pcap_header() + pcap_record(eth) * 200000)
        for args, opt in [(["--ring-sizes", "64,200000"], "smaller --ring-sizes"),
                          (["--ring-size", "200000"], "smaller --ring-size")]:
            r = run_plain(binary, ["--pcap", str(big), "--quiet", *args])
            check_our_error(r, ["pool", "-m", opt], repr(args))
            check(args[0] == "--ring-sizes" or "--ring-sizes" not in r.stderr,
                  f"{args}: names only the option given: {r.stderr}")


# ---- the sanitizers themselves ----

CANARIES = {
    "heap-overflow": "ERROR: AddressSanitizer: heap-buffer-overflow",
    "use-after-free": "ERROR: AddressSanitizer: heap-use-after-free",
    "leak": "ERROR: LeakSanitizer",
    "signed-overflow": "runtime error: signed integer overflow",
}


@case("sanitizers_fail_the_run")
def _(binary):
    """Only in a sanitized build (BP_SANITIZER_CANARY set by meson): burstpipe
    is instrumented, and each kind of report, made on purpose by a canary
    built with the same flags and run under the same environment as every
    test, ends in a non-zero status."""
    canary = os.environ.get("BP_SANITIZER_CANARY")
    check(canary, "BP_SANITIZER_CANARY is set (meson sets it in sanitized builds)")
    ldd = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    check("libasan" in ldd and "libubsan" in ldd, f"{binary} links ASan and UBSan:\n{ldd}")
    r = subprocess.run([canary, "none"], capture_output=True, text=True, timeout=60)
    check_eq(r.returncode, 0, f"canary without a bug: {r.stderr}")
    for mode, report in CANARIES.items():
        r = subprocess.run([canary, mode], capture_output=True, text=True, timeout=60)
        check(r.returncode != 0, f"canary {mode}: a report must fail the run, exit 0")
        check(report in r.stderr, f"canary {mode}: reports '{report}':\n{r.stderr}")
    print("sanitizer options: ASAN_OPTIONS=" + os.environ.get("ASAN_OPTIONS", "(unset)") +
          " UBSAN_OPTIONS=" + os.environ.get("UBSAN_OPTIONS", "(unset)"))


if __name__ == "__main__":
    # The canary case is registered only in sanitized builds (meson.build).
    e2e.main(CASES, listed=[c for c in CASES if c != "sanitizers_fail_the_run"],
             on_demand=ON_DEMAND)
