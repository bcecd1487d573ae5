/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Benchmark rounds grouped by where the two lcores sat while each ran.
 *
 * On a VM the host moves vCPUs: the raw cache-line round trip between the
 * two lcores is ~110 ns in one placement here and ~520 ns in another, and
 * every cross-core figure moves with it. ring_bench probes that round trip
 * before the first round and after each, so round r lies between probes r
 * and r + 1:
 *  - a round whose two probes differ by more than PLACE_APART was moved
 *    while it ran: it is left out (counted as moved);
 *  - the others split into two groups at the widest gap between their
 *    probes, when that gap is wider than PLACE_APART; otherwise they are one
 *    group;
 *  - if every round was moved, all of them form one group (and the caller
 *    says so), rather than a case with no figures.
 * Each group is then summarized on its own: a median over rounds from two
 * placements describes neither.
 */
#ifndef BURSTPIPE_BENCH_PLACEMENT_H
#define BURSTPIPE_BENCH_PLACEMENT_H

#include <string.h>

#define PLACE_APART 1.5
#define PLACE_MAX_ROUNDS 64

struct place_group {
	unsigned int n;				/* rounds in the group */
	unsigned int round[PLACE_MAX_ROUNDS];	/* their indices, by probe */
	double raw_ns;				/* median of their probes */
};

/* Median of n > 0 values, sorted in place (a few rounds: insertion sort). */
static inline double
place_median(double *v, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++)
		for (unsigned int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * probe[0..rounds] in ns, 1 <= rounds <= PLACE_MAX_ROUNDS. Fills g[0] (the
 * lower round trip) and, when there are two, g[1]; returns how many (1 or 2)
 * and sets *moved to the rounds left out.
 */
static inline unsigned int
group_by_placement(const double *probe, unsigned int rounds, struct place_group *g,
		   unsigned int *moved)
{
	double at[PLACE_MAX_ROUNDS];
	unsigned int idx[PLACE_MAX_ROUNDS], n = 0, split = 0, ngroups;
	double widest = PLACE_APART;

	for (unsigned int r = 0; r < rounds; r++) {
		double lo = probe[r] < probe[r + 1] ? probe[r] : probe[r + 1];
		double hi = probe[r] < probe[r + 1] ? probe[r + 1] : probe[r];

		if (hi > lo * PLACE_APART)
			continue;
		at[n] = (lo + hi) / 2;
		idx[n++] = r;
	}
	*moved = rounds - n;
	if (n == 0) {
		for (unsigned int r = 0; r < rounds; r++) {
			at[r] = (probe[r] + probe[r + 1]) / 2;
			idx[r] = r;
		}
		n = rounds;
	}
	/* Rounds by probe, then the widest gap between neighbours. */
	for (unsigned int i = 1; i < n; i++)
		for (unsigned int j = i; j > 0 && at[j - 1] > at[j]; j--) {
			double t = at[j];
			unsigned int u = idx[j];

			at[j] = at[j - 1];
			idx[j] = idx[j - 1];
			at[j - 1] = t;
			idx[j - 1] = u;
		}
	for (unsigned int i = 1; i < n; i++) {
		if (at[i] > at[i - 1] * widest) {
			widest = at[i] / at[i - 1];
			split = i;
		}
	}
	ngroups = split > 0 ? 2 : 1;
	for (unsigned int gi = 0; gi < ngroups; gi++) {
		unsigned int from = gi == 0 ? 0 : split;
		unsigned int to = gi == 0 && split > 0 ? split : n;
		double v[PLACE_MAX_ROUNDS];

		g[gi].n = to - from;
		for (unsigned int i = from; i < to; i++)
			g[gi].round[i - from] = idx[i];
		memcpy(v, at + from, (to - from) * sizeof(*v));
		g[gi].raw_ns = place_median(v, to - from);
	}
	return ngroups;
}

#endif
