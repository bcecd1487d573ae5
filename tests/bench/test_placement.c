/* SPDX-License-Identifier: BSD-3-Clause */
/* ring_bench's grouping of rounds by lcore placement (placement.h). */
#include <stdbool.h>

#include "../ring/check.h"
#include "placement.h"

/* Whether group g holds exactly the rounds in want[0..n). */
static bool
holds(const struct place_group *g, const unsigned int *want, unsigned int n)
{
	if (g->n != n)
		return false;
	for (unsigned int i = 0; i < n; i++) {
		bool found = false;

		for (unsigned int j = 0; j < g->n; j++)
			found |= g->round[j] == want[i];
		if (!found)
			return false;
	}
	return true;
}

static void
test_one_placement(void)
{
	/* Close all along, with the usual jitter. */
	const double probe[] = {110, 120, 115, 130, 110, 120};
	const unsigned int all[] = {0, 1, 2, 3, 4};
	struct place_group g[2];
	unsigned int moved = 99;

	CHECK_EQ(group_by_placement(probe, 5, g, &moved), 1);
	CHECK_EQ(moved, 0);
	CHECK(holds(&g[0], all, 5));
	CHECK(g[0].raw_ns >= 115 && g[0].raw_ns <= 120);
}

static void
test_moved_rounds_left_out(void)
{
	/* close, moved (close -> far), far, moved back, close */
	const double probe[] = {110, 115, 520, 530, 120, 118};
	const unsigned int close_rounds[] = {0, 4}, far_rounds[] = {2};
	struct place_group g[2];
	unsigned int moved = 99;

	CHECK_EQ(group_by_placement(probe, 5, g, &moved), 2);
	CHECK_EQ(moved, 2);
	CHECK(holds(&g[0], close_rounds, 2));
	CHECK(holds(&g[1], far_rounds, 1));
	CHECK(g[0].raw_ns < 125);
	CHECK(g[1].raw_ns > 500);
}

static void
test_every_round_moved(void)
{
	/* Flipping on every round: nothing steady, all kept as one group. */
	const double probe[] = {110, 520, 110, 520};
	const unsigned int all[] = {0, 1, 2};
	struct place_group g[2];
	unsigned int moved = 0;

	CHECK_EQ(group_by_placement(probe, 3, g, &moved), 1);
	CHECK_EQ(moved, 3);
	CHECK(holds(&g[0], all, 3));
}

static void
test_drift_is_one_group(void)
{
	/* Every step under PLACE_APART: one group, though the span is wider. */
	const double probe[] = {100, 120, 140, 160, 180};
	struct place_group g[2];
	unsigned int moved = 99;

	CHECK_EQ(group_by_placement(probe, 4, g, &moved), 1);
	CHECK_EQ(moved, 0);
	CHECK_EQ(g[0].n, 4);
}

static void
test_split_at_widest_gap(void)
{
	/* Three levels, 100, 200 and 900 ns: the 4.5x gap wins over the 2x. */
	const double probe[] = {100, 100, 200, 200, 900, 900};
	const unsigned int low[] = {0, 2}, high[] = {4};
	struct place_group g[2];
	unsigned int moved = 99;

	CHECK_EQ(group_by_placement(probe, 5, g, &moved), 2);
	/* Rounds 1 (100 -> 200) and 3 (200 -> 900) were moved; round 2 is 200. */
	CHECK_EQ(moved, 2);
	CHECK(holds(&g[0], low, 2));
	CHECK(holds(&g[1], high, 1));
	CHECK(g[1].raw_ns == 900);
}

static void
test_split_at_widest_gap_first(void)
{
	/* 100, 600 and 1000 ns: the 6x gap comes before the 1.7x one. */
	const double probe[] = {100, 100, 600, 600, 1000, 1000};
	const unsigned int low[] = {0}, high[] = {2, 4};
	struct place_group g[2];
	unsigned int moved = 99;

	CHECK_EQ(group_by_placement(probe, 5, g, &moved), 2);
	CHECK_EQ(moved, 2);
	CHECK(holds(&g[0], low, 1));
	CHECK(holds(&g[1], high, 2));
}

static void
test_median_of_probes(void)
{
	const double probe[] = {100, 100, 110, 110, 300, 300};
	struct place_group g[2];
	unsigned int moved = 99;

	/* Round 1 (100 -> 110) is steady; round 3 (110 -> 300) moved. */
	CHECK_EQ(group_by_placement(probe, 5, g, &moved), 2);
	CHECK_EQ(moved, 1);
	CHECK_EQ(g[0].n, 3);	/* rounds 0, 1, 2 at 100, 105, 110 */
	CHECK(g[0].raw_ns == 105);
	CHECK_EQ(g[1].n, 1);
	CHECK(g[1].raw_ns == 300);
}

int
main(void)
{
	RUN(test_one_placement);
	RUN(test_moved_rounds_left_out);
	RUN(test_every_round_moved);
	RUN(test_drift_is_one_group);
	RUN(test_split_at_widest_gap);
	RUN(test_split_at_widest_gap_first);
	RUN(test_median_of_probes);
	return check_summary();
}
