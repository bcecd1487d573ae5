#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""targets.py's verdicts on made-up bench.sh outputs: thresholds, the split
by placement, pipeline_bench's verdicts counted as they are, missing files.
No runs."""
import json
import os
import pathlib
import sys
import tempfile
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import targets  # noqa: E402


def tp(cap, burst, speedup, raw):
    return {"capacity": cap, "burst": burst, "raw_line_rtt_ns": raw,
            "speedup_vs_rte_ring_spsc": {"median": speedup}}


def rtt(vs_rte, vs_raw, raw=110.0):
    return {"raw_cache_line": {"p50_of_16_trip_means": {"median": raw}},
            "spsc_over_rte_ring_spsc_p50": {"median": vs_rte},
            "spsc_over_raw_line_p50": {"median": vs_raw}}


def judge_ring(ring):
    lines, met, total = targets.ring_targets(ring, 300)
    return "\n".join(lines), met, total


class Ring(unittest.TestCase):
    def test_thresholds_are_inclusive_and_per_burst(self):
        rows = [tp(1024, 1, 2.5, 110), tp(1024, 8, 1.59, 110), tp(1024, 32, 1.2, 110),
                tp(1024, 128, 1.1, 110), tp(256, 256, 1.0, 110)]
        text, met, total = judge_ring({"throughput": rows})
        self.assertIn("burst 1     2.500x  (want >= 2.5x)  met", text)
        self.assertIn("burst 8     1.590x  (want >= 1.6x)  NOT met", text)
        self.assertIn("lowest 1.000x (capacity 256, burst 256)  met", text)
        self.assertEqual((met, total), (4, 5))

    def test_placements_judged_apart(self):
        rows = [tp(1024, 1, 4.9, 110), tp(1024, 256, 1.7, 110),
                tp(1024, 1, 4.7, 510), tp(1024, 256, 0.93, 515)]
        text, met, total = judge_ring({"throughput": rows})
        self.assertIn("lcores close (raw line 110-110 ns)", text)
        self.assertIn("lcores far (raw line 510-515 ns)", text)
        self.assertIn("(2 cases): lowest 1.700x", text)
        self.assertIn("lowest 0.930x (capacity 1024, burst 256)  NOT met; below: 1024/256 0.930x",
                      text)
        # close: burst 1 and grid met; far: burst 1 met, grid not
        self.assertEqual((met, total), (3, 4))

    def test_round_trip(self):
        text, met, total = judge_ring({"throughput": [], "roundtrip_ns": rtt(0.81, 1.3, raw=520)})
        self.assertIn("round trip, lcores far (raw line 520 ns)", text)
        self.assertIn("rte_ring SP/SC  0.81  (want <= 0.8)  NOT met", text)
        self.assertIn("raw cache line  1.30  (want <= 1.3)  met", text)
        self.assertEqual((met, total), (1, 2))


class Pipeline(unittest.TestCase):
    def test_counts_only_judged_configs(self):
        pipe = {"configs": {
            "udp64": {"target_spsc_at_least_rte_ring": "NOT met (median; some rounds >= 1)",
                      "ratio_spsc_over_rte_ring": {"median": 0.979},
                      "ratio_ci": {"low": 0.926, "high": 1.028}},
            "mix": {"target_spsc_at_least_rte_ring": "met (median; some rounds < 1)",
                    "ratio_spsc_over_rte_ring": {"median": 1.005}, "ratio_ci": None},
            "udp64aa": {"target_spsc_at_least_rte_ring": "none (calibration)",
                        "ratio_spsc_over_rte_ring": {"median": 1.0}}}}
        lines, met, total = targets.pipeline_targets(pipe)
        text = "\n".join(lines)
        self.assertIn("udp64        0.979 [0.926-1.028]    NOT met", text)
        self.assertIn("[too few rounds]", text)
        self.assertEqual((met, total), (1, 2))


class Decode(unittest.TestCase):
    TEXT = ("decode_packet:         85.8 instructions/packet\n"
            "rte_net_get_ptype:     94.9 instructions/packet\n")

    def test_uses_decode_bench_ratio_when_given(self):
        lines, met, total = targets.decode_targets(self.TEXT + "ratio decode/ptype: 0.903\n")
        self.assertIn("(0.903; want < 1)  met", lines[0])
        self.assertEqual((met, total), (1, 1))

    def test_equal_cost_is_not_under(self):
        lines, met, total = targets.decode_targets(
            "decode_packet: 90.0 instructions/packet\nrte_net_get_ptype: 90.0 instructions/packet\n")
        self.assertIn("NOT met", lines[0])
        self.assertEqual((met, total), (0, 1))

    def test_no_counts(self):
        self.assertEqual(targets.decode_targets("valgrind failed")[1:], (0, 0))


class Report(unittest.TestCase):
    def test_missing_files_are_named_and_totals_add_up(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "decode_bench.txt"), "w") as f:
                f.write(Decode.TEXT)
            with open(os.path.join(d, "ring_bench.json"), "w") as f:
                json.dump({"throughput": [tp(1024, 1, 3.0, 110)]}, f)
            text = targets.report(d, 300)
        self.assertIn("pipeline_bench.json: missing", text)
        self.assertTrue(text.endswith("3 of 3 targets met"), text)


if __name__ == "__main__":
    unittest.main()
