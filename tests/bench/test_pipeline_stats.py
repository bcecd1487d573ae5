#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The statistics pipeline_bench's verdicts rest on (the median's confidence
interval and what it is read to say) and pipeline_ab's round order and
variant syntax. Pure functions, no runs."""
import math
import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import pipeline_ab as ab  # noqa: E402
import pipeline_bench as pb  # noqa: E402


class MedianCI(unittest.TestCase):
    def test_ranks_for_eleven_rounds(self):
        # n = 11: k = 2 covers 1 - 2 * 12/2048 = 98.8%; k = 3 only 93.5%.
        v = [1.10, 0.90, 1.00, 0.95, 1.05, 0.97, 1.02, 0.99, 1.01, 0.98, 1.03]
        ci = pb.median_ci(v)
        s = sorted(v)
        self.assertEqual((ci["low"], ci["high"]), (s[1], s[9]))
        self.assertAlmostEqual(ci["level"], 1 - 2 * 12 / 2048)

    def test_lower_level_narrows(self):
        v = list(range(11))
        ci = pb.median_ci(v, level=0.90)
        self.assertEqual((ci["low"], ci["high"]), (2, 8))	# k = 3: 93.5%

    def test_too_few(self):
        # n = 5: even min-max covers only 1 - 2/32 = 93.75% < 95%.
        self.assertIsNone(pb.median_ci([1, 2, 3, 4, 5]))
        ci = pb.median_ci([1, 2, 3, 4, 5, 6])
        self.assertEqual((ci["low"], ci["high"]), (1, 6))

    def test_coverage_by_simulation(self):
        # The interval must hold the true median at least 95% of the time,
        # whatever the distribution: a skewed one, 2000 deterministic trials.
        import random
        rng = random.Random(5)
        hits = 0
        for _ in range(2000):
            v = [rng.expovariate(1.0) for _ in range(11)]
            ci = pb.median_ci(v)
            hits += ci["low"] <= math.log(2) <= ci["high"]
        self.assertGreaterEqual(hits / 2000, 0.975)	# 98.8% nominal, sampling slack


class Reading(unittest.TestCase):
    def test_readings(self):
        self.assertEqual(pb.ci_reading({"low": 1.01, "high": 1.05}), "spsc_ring faster")
        self.assertEqual(pb.ci_reading({"low": 0.95, "high": 0.99}), "rte_ring faster")
        self.assertEqual(pb.ci_reading({"low": 0.98, "high": 1.02}), "no difference resolved")
        self.assertEqual(pb.ci_reading(None), "too few rounds for an interval")

    def test_readings_name_the_variants(self):
        # pipeline_ab compares any two variants: the reading names them.
        self.assertEqual(pb.ci_reading({"low": 1.01, "high": 1.05}, "big", "small"),
                         "big faster")
        self.assertEqual(pb.ci_reading({"low": 0.95, "high": 0.99}, "big", "small"),
                         "small faster")


class AbOrder(unittest.TestCase):
    def test_every_variant_once_per_round_and_no_fixed_neighbour(self):
        v = ["a", "b", "c"]
        follows = set()
        for rnd in range(12):
            order = ab.order_of(v, rnd)
            self.assertEqual(sorted(order), v)
            follows |= set(zip(order, order[1:]))
        # Over the cycles every variant has run right after every other.
        self.assertEqual(follows, {(x, y) for x in v for y in v if x != y})

    def test_ratio_report_pairs_within_rounds_against_each_base(self):
        rounds = [{"a": 10.0, "b": 9.0, "c": 12.0} for _ in range(3)] + \
                 [{"a": 40.0, "b": 38.0, "c": 44.0} for _ in range(3)]
        text = "\n".join(ab.ratio_report(rounds, ["a", "b", "c"], ["a", "c"], 30))
        # Against the first: c/a is 1.2 in the slow rounds, 1.1 in the fast.
        self.assertIn("Mpps ratio to 'a'", text)
        a_part, c_part = text.split("Mpps ratio to 'c'")
        self.assertIn("c / a\n  all      6 rounds: median 1.150", a_part)
        self.assertIn("  fast     3 rounds: median 1.100", a_part)
        self.assertIn("  slow     3 rounds: median 1.200", a_part)
        # Against c: b/c, a/c, and never c/c.
        self.assertIn("b / c\n  all      6 rounds: median 0.807 [0.750-0.864]", c_part)
        self.assertIn("a / c\n", c_part)
        self.assertNotIn("c / c", text)
        self.assertNotIn("a / a", text)

    def test_ratio_report_without_split_has_only_all(self):
        rounds = [{"a": 10.0, "b": 11.0}] * 6
        text = "\n".join(ab.ratio_report(rounds, ["a", "b"], ["a"]))
        self.assertIn("b / a\n  all      6 rounds: median 1.100 [1.100-1.100], 95% CI "
                      "[1.100-1.100] b faster", text)
        self.assertNotIn("  fast ", text)
        self.assertNotIn("  slow ", text)

    def test_parse_variant(self):
        me = sys.executable
        self.assertEqual(ab.parse_variant("x=--ring spsc --burst 1", me),
                         ("x", ["--ring", "spsc", "--burst", "1"], me))
        self.assertEqual(ab.parse_variant(f"y=--ring spsc@{me}", "/nonexistent"),
                         ("y", ["--ring", "spsc"], me))
        for bad in ("noequals", "=--ring spsc", "z=--ring spsc@/nonexistent"):
            with self.assertRaises(Exception):
                ab.parse_variant(bad, me)


if __name__ == "__main__":
    unittest.main()
