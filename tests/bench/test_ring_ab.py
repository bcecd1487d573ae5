#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""ring_ab's bookkeeping: which runs it pairs, which way its ratios point,
and what its report says. Pure functions on made-up ring_bench rows, no runs."""
import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import ring_ab  # noqa: E402


def row(cap, burst, spsc, rte, raw):
    """A ring_bench throughput row as its JSON has it (the fields ring_ab reads)."""
    return {"capacity": cap, "burst": burst, "raw_line_rtt_ns": raw,
            "cycles_per_elem": {"spsc_ring": {"median": spsc},
                                "rte_ring_spsc": {"median": rte}},
            "speedup_vs_rte_ring_spsc": {"median": rte / spsc}}


class Summarize(unittest.TestCase):
    def test_pairs_same_round_same_placement_only(self):
        rounds = [
            # both close: paired
            {"base": [row(1024, 256, 4.0, 4.0, 120)], "new": [row(1024, 256, 2.0, 4.0, 125)]},
            # base far, new close: not paired, but each counts in its own placement
            {"base": [row(1024, 256, 8.0, 8.0, 510)], "new": [row(1024, 256, 2.0, 4.0, 120)]},
            # both far: paired
            {"base": [row(1024, 256, 8.0, 8.0, 510)], "new": [row(1024, 256, 10.0, 8.0, 520)]},
        ]
        t = ring_ab.summarize(rounds, ["base", "new"], far_ns=300)
        close, far = t[(1024, 256, "close")], t[(1024, 256, "far")]
        self.assertEqual(close["vs_first"]["new"], [2.0])	# base 4.0 / new 2.0: new faster
        self.assertEqual(far["vs_first"]["new"], [0.8])	# 8 / 10: new slower
        self.assertEqual(close["speedup"]["new"], [2.0, 2.0])
        self.assertEqual(far["speedup"]["base"], [1.0, 1.0])
        self.assertEqual(close["speedup"]["base"], [1.0])

    def test_a_run_with_two_placements_gives_two_rows(self):
        rounds = [{"base": [row(256, 8, 2.0, 4.0, 120), row(256, 8, 5.0, 6.0, 515)],
                   "new": [row(256, 8, 1.0, 4.0, 120)]}]
        t = ring_ab.summarize(rounds, ["base", "new"], far_ns=300)
        self.assertEqual(set(t), {(256, 8, "close"), (256, 8, "far")})
        self.assertEqual(t[(256, 8, "close")]["vs_first"]["new"], [2.0])
        self.assertNotIn("new", t[(256, 8, "far")]["vs_first"])

    def test_threshold_is_inclusive_of_far(self):
        self.assertEqual(ring_ab.placement(300, 300), "far")
        self.assertEqual(ring_ab.placement(299.9, 300), "close")


class Report(unittest.TestCase):
    def test_reading_names_the_faster_variant(self):
        rounds = [{"base": [row(4096, 32, 6.0 + i / 100, 8.0, 510)],
                   "rev": [row(4096, 32, 4.0, 8.0, 510)]} for i in range(8)]
        text = ring_ab.report(ring_ab.summarize(rounds, ["base", "rev"], 300), ["base", "rev"])
        self.assertIn("far   cap  4096 burst  32", text)
        self.assertIn("rev / base (spsc_ring, throughput): 8 paired rounds, median 1.509", text)
        self.assertIn("rev faster", text)
        self.assertIn("base 1.33x (8)  rev 2.00x (8)", text)

    def test_too_few_rounds_for_an_interval(self):
        rounds = [{"a": [row(1024, 1, 2.0, 4.0, 120)], "b": [row(1024, 1, 2.0, 4.0, 120)]}]
        text = ring_ab.report(ring_ab.summarize(rounds, ["a", "b"], 300), ["a", "b"])
        self.assertIn("1 paired rounds, median 1.000", text)
        self.assertIn("too few rounds for an interval", text)


class Variants(unittest.TestCase):
    def test_syntax(self):
        self.assertEqual(ring_ab.parse_variant("base=/bin/true"), ("base", "/bin/true"))
        for bad in ("base", "=/bin/true", "base=", "base=/nonexistent/ring_bench"):
            with self.assertRaises(Exception):
                ring_ab.parse_variant(bad)


if __name__ == "__main__":
    unittest.main()
