/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spsc_ring against DPDK's rte_ring, side by side in one process.
 *
 *  - Throughput across two lcores: a producer on the main lcore and a
 *    consumer on a worker push N pointers through one ring, in bursts of B,
 *    with the same loop for every ring; cycles per element = wall-clock TSC
 *    cycles from start to the consumer's last element, divided by N.
 *  - Round trip: one element to the worker through one ring and back through
 *    another, next to the raw round trip of one cache line (the floor).
 *  - Single core: enqueue B then dequeue B on one lcore, no contention.
 *
 * Every case runs in rounds, the rings interleaved within each round (their
 * order rotating), so a noisy neighbour hits all of them alike. Round r
 * runs every loop from code layout r % LAYOUTS (ring_loops.c says why), so
 * that no figure rests on where one build put one loop. Reported:
 * medians with min-max, and the median of the per-round ratios. Throughput
 * rounds are also grouped by how far apart the two lcores were (the raw line
 * round trip, probed between rounds): on a VM the host moves them, and a
 * median over two placements describes neither. Beside each throughput case:
 * how often the consumer found the ring empty and the producer found it
 * full, which says which side set the pace.
 *
 * usage: ring_bench [EAL options] -- [--quick] [--rounds N] [--elems N]
 *                   [--caps LIST] [--bursts LIST] [--json FILE] [--dat-dir DIR]
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_ring.h>

#include "placement.h"
#include "ring_loops.h"
#include "spsc_ring.h"

static const char *const kind_name[K_COUNT] = {"spsc_ring", "rte_ring SP/SC", "rte_ring MP/MC"};
static const char *const kind_key[K_COUNT] = {"spsc_ring", "rte_ring_spsc", "rte_ring_mpmc"};

#define MAX_CAPACITY (1u << 20)
#define MAX_LIST 8		/* entries in --caps and --bursts */
#define MAX_ROUNDS PLACE_MAX_ROUNDS
#define RTT_BATCH 16

static unsigned int opt_rounds = 3 * LAYOUTS;	/* every layout three times */
static uint64_t opt_elems = 2000000;
static unsigned int opt_pp_samples = 20000;
static bool opt_quick;
static const char *opt_json;
static const char *opt_dat_dir;
static const char *opt_only;		/* NULL: every part */
/* --caps and --bursts: a grid of the user's instead of the default one. */
static unsigned int opt_caps[MAX_LIST], opt_ncaps;
static unsigned int opt_bursts[MAX_LIST], opt_nbursts;

/* The raw line and the objects every loop pushes (ring_loops.h). */
struct raw_line line;
void *bench_objs[MAX_BURST];

/* Every layout's loops; round r runs layout r % LAYOUTS. */
static const struct layout_loops *const layouts[LAYOUTS] = {
	&ring_loops_0, &ring_loops_1, &ring_loops_2, &ring_loops_3,
};

/* ---- Rings ---- */

static void
ring_make(struct ring *r, enum kind kind, unsigned int capacity, const char *name)
{
	r->kind = kind;
	r->spsc = NULL;
	r->rte = NULL;
	if (kind == K_SPSC) {
		size_t bytes = spsc_ring_memsize(capacity, sizeof(void *));

		r->spsc = rte_zmalloc_socket(name, bytes, SPSC_RING_ALIGN, rte_socket_id());
		if (r->spsc == NULL || spsc_ring_init(r->spsc, capacity, sizeof(void *)) != 0)
			rte_exit(EXIT_FAILURE, "cannot make spsc_ring %s\n", name);
	} else {
		unsigned int flags = RING_F_EXACT_SZ;

		if (kind == K_RTE_SPSC)
			flags |= RING_F_SP_ENQ | RING_F_SC_DEQ;
		r->rte = rte_ring_create(name, capacity, rte_socket_id(), flags);
		if (r->rte == NULL)
			rte_exit(EXIT_FAILURE, "cannot make rte_ring %s: %s\n", name,
				 rte_strerror(rte_errno));
	}
}

static void
ring_destroy(struct ring *r)
{
	rte_free(r->spsc);
	rte_ring_free(r->rte);
}

/* ---- Statistics ---- */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct summary {
	double median, min, max;
};

static struct summary
summarize(const double *v, unsigned int n)
{
	double s[MAX_ROUNDS];

	memcpy(s, v, n * sizeof(*v));
	qsort(s, n, sizeof(*s), cmp_double);
	return (struct summary){
		.median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2,
		.min = s[0], .max = s[n - 1],
	};
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static double
percentile(uint64_t *sorted, unsigned int n, double p)
{
	unsigned int i = (unsigned int)(p / 100.0 * (n - 1) + 0.5);

	return (double)sorted[i];
}

/* ---- The cases ---- */

static unsigned int worker_lcore;
static double cycles_per_ns;

/* What one throughput run measured. */
struct tp_result {
	double cycles;		/* per element */
	double empty_pct;	/* consumer calls that found the ring empty */
	double full_pct;	/* producer calls that found the ring full */
};

static struct tp_result
throughput_once(struct ring *r, unsigned int burst, unsigned int layout)
{
	static struct run run;
	uint64_t t0;

	memset(&run, 0, sizeof(run));
	run.fwd = r;
	run.burst = burst;
	run.elems = opt_elems;
	rte_eal_remote_launch(layouts[layout]->ring[r->kind].consumer, &run, worker_lcore);
	t0 = layouts[layout]->ring[r->kind].producer(&run);
	rte_eal_wait_lcore(worker_lcore);
	return (struct tp_result){
		.cycles = (double)(run.t_end - t0) / (double)run.elems,
		.empty_pct = 100.0 * (double)run.deq_empty / (double)run.deq_calls,
		.full_pct = 100.0 * (double)run.enq_full / (double)run.enq_calls,
	};
}

/* Round-trip variants: the three rings' poll loops, the raw cache line, and
 * spsc_ring's own wait helper (what a latency-bound user would call). */
enum { RTT_RAW = K_COUNT, RTT_SPSC_WAIT, RTT_COUNT };
static uint64_t rtt_samples[RTT_COUNT][MAX_ROUNDS * 100000];

/* The layouts rest on every timed loop starting on a 64-byte boundary. */
static void
check_layouts(void)
{
	for (unsigned int l = 0; l < LAYOUTS; l++) {
		const struct layout_loops *ll = layouts[l];
		uintptr_t fn[5 * K_COUNT + 4];
		unsigned int n = 0;

		for (int k = 0; k < K_COUNT; k++) {
			fn[n++] = (uintptr_t)ll->ring[k].consumer;
			fn[n++] = (uintptr_t)ll->ring[k].producer;
			fn[n++] = (uintptr_t)ll->ring[k].echo;
			fn[n++] = (uintptr_t)ll->ring[k].pinger;
			fn[n++] = (uintptr_t)ll->ring[k].single_core;
		}
		fn[n++] = (uintptr_t)ll->raw_echo;
		fn[n++] = (uintptr_t)ll->raw_pinger;
		fn[n++] = (uintptr_t)ll->wait_echo;
		fn[n++] = (uintptr_t)ll->wait_pinger;
		for (unsigned int i = 0; i < n; i++)
			if (fn[i] % 64 != 0)
				rte_exit(EXIT_FAILURE, "a timed loop of code layout %u is not "
					 "64-byte aligned: the layouts would mean nothing\n", l);
	}
}

/*
 * A per-round ratio's median over the rounds of each code layout, to show
 * how far the layouts disagree: "by code layout: 0.98 (3)  1.10 (3) ...".
 */
static void
print_by_layout(const char *what, const double *per_round)
{
	printf("%s, by code layout:", what);
	for (unsigned int l = 0; l < LAYOUTS && l < opt_rounds; l++) {
		double v[MAX_ROUNDS];
		unsigned int n = 0;

		for (unsigned int round = l; round < opt_rounds; round += LAYOUTS)
			v[n++] = per_round[round];
		printf("  %.2f (%u)", summarize(v, n).median, n);
	}
	printf("\n");
}

/* One round of round trips from the given layout; appends nsamples cycles to *out. */
static void
roundtrip_once(int kind, unsigned int layout, struct ring *fwd, struct ring *back,
	       uint64_t *out)
{
	static struct run run;
	const struct layout_loops *l = layouts[layout];
	lcore_function_t *echo;
	void (*pinger)(struct run *);

	memset(&run, 0, sizeof(run));
	run.fwd = fwd;
	run.back = back;
	run.samples = out;
	run.nsamples = opt_pp_samples;
	if (kind == RTT_RAW) {
		line.ping = 0;
		line.pong = 0;
		echo = l->raw_echo;
		pinger = l->raw_pinger;
	} else if (kind == RTT_SPSC_WAIT) {
		echo = l->wait_echo;
		pinger = l->wait_pinger;
	} else {
		echo = l->ring[kind].echo;
		pinger = l->ring[kind].pinger;
	}
	rte_eal_remote_launch(echo, &run, worker_lcore);
	pinger(&run);
	rte_eal_wait_lcore(worker_lcore);
}

static FILE *json;

/*
 * The raw cache-line round trip now, in ns (median of one short run): how far
 * apart the two lcores are at this moment. On a VM the host may move them:
 * here ~110 ns when they share a die, ~530 ns when they do not, and then
 * every ring is bound by the same line transfers. Taken before and after
 * every throughput round, so each round's figures are told apart by where
 * the lcores were while it ran (group_by_placement).
 */
static double
raw_rtt_probe_ns(void)
{
	static uint64_t samples[100000];
	unsigned int n = opt_pp_samples;

	/* Always layout 0: the probe compares placements, not layouts. */
	roundtrip_once(RTT_RAW, 0, NULL, NULL, samples);
	qsort(samples, n, sizeof(*samples), cmp_u64);
	return percentile(samples, n, 50) / cycles_per_ns;
}

static void
json_summary(const char *key, struct summary s, const char *sep)
{
	fprintf(json, "\"%s\": {\"median\": %.3f, \"min\": %.3f, \"max\": %.3f}%s",
		key, s.median, s.min, s.max, sep);
}

/* The rounds of one group, picked out of per-round values. */
static struct summary
summarize_group(const double *v, const struct place_group *g)
{
	double x[MAX_ROUNDS];

	for (unsigned int i = 0; i < g->n; i++)
		x[i] = v[g->round[i]];
	return summarize(x, g->n);
}

static void
bench_throughput(const unsigned int *caps, unsigned int ncaps,
		 const unsigned int *bursts, unsigned int nbursts, FILE *dat)
{
	/* The regime table, printed after the throughput table. */
	static char regime[8192];
	size_t rlen = 0;
	bool first_json = true;

	printf("\nThroughput across two lcores: cycles per element, median [min-max] of the "
	       "rounds (%u per case; see the last column)\n", opt_rounds);
	printf("%5s %5s | %-22s | %-22s | %-22s | %-31s | %s\n", "cap", "burst", kind_name[0],
	       kind_name[1], kind_name[2], "spsc speedup vs SP/SC [min-max]",
	       "raw line ns (rounds)");
	rlen += (size_t)snprintf(regime + rlen, sizeof(regime) - rlen,
		"\nHow the rings ran: %% of consumer calls that found the ring empty, and of\n"
		"producer calls that found it full (median of the same rounds)\n"
		"%5s %5s | %-21s | %-21s | %s\n%11s | %9s %11s | %9s %11s |\n",
		"cap", "burst", kind_name[0], kind_name[1], "raw line ns", "",
		"empty %", "full %", "empty %", "full %");
	if (json)
		fprintf(json, "\"throughput\": [\n");
	for (unsigned int c = 0; c < ncaps; c++) {
		struct ring rings[K_COUNT];

		for (int k = 0; k < K_COUNT; k++) {
			char name[32];

			snprintf(name, sizeof(name), "tp%d_%u", k, caps[c]);
			ring_make(&rings[k], k, caps[c], name);
		}
		for (unsigned int b = 0; b < nbursts; b++) {
			double cyc[K_COUNT][MAX_ROUNDS], empty[K_COUNT][MAX_ROUNDS];
			double full[K_COUNT][MAX_ROUNDS], ratio[MAX_ROUNDS];
			double probe[MAX_ROUNDS + 1];
			struct place_group groups[2];
			unsigned int ngroups, moved, dat_group = 0;

			probe[0] = raw_rtt_probe_ns();
			for (unsigned int round = 0; round < opt_rounds; round++) {
				for (int i = 0; i < K_COUNT; i++) {
					int k = (int)((round + i) % K_COUNT);
					struct tp_result res = throughput_once(&rings[k], bursts[b],
									       round % LAYOUTS);

					cyc[k][round] = res.cycles;
					empty[k][round] = res.empty_pct;
					full[k][round] = res.full_pct;
				}
				ratio[round] = cyc[K_RTE_SPSC][round] / cyc[K_SPSC][round];
				probe[round + 1] = raw_rtt_probe_ns();
			}
			ngroups = group_by_placement(probe, opt_rounds, groups, &moved);
			/* The plot gets one row per case: the placement most rounds had. */
			if (ngroups == 2 && groups[1].n > groups[0].n)
				dat_group = 1;
			for (unsigned int gi = 0; gi < ngroups; gi++) {
				const struct place_group *g = &groups[gi];
				struct summary s[K_COUNT], rs = summarize_group(ratio, g);
				char rounds[48];

				for (int k = 0; k < K_COUNT; k++)
					s[k] = summarize_group(cyc[k], g);
				if (moved > 0 && gi + 1 == ngroups)
					snprintf(rounds, sizeof(rounds), "(%u), %u moved", g->n, moved);
				else
					snprintf(rounds, sizeof(rounds), "(%u)", g->n);
				printf("%5u %5u |", caps[c], bursts[b]);
				for (int k = 0; k < K_COUNT; k++)
					printf(" %6.2f [%6.2f-%6.2f] |", s[k].median, s[k].min,
					       s[k].max);
				printf(" %5.2fx [%.2f-%.2f]%14s | %5.0f %s\n", rs.median, rs.min,
				       rs.max, "", g->raw_ns, rounds);
				fflush(stdout);
				rlen += (size_t)snprintf(regime + rlen, sizeof(regime) - rlen,
					"%5u %5u | %9.1f %11.1f | %9.1f %11.1f | %5.0f\n", caps[c],
					bursts[b], summarize_group(empty[K_SPSC], g).median,
					summarize_group(full[K_SPSC], g).median,
					summarize_group(empty[K_RTE_SPSC], g).median,
					summarize_group(full[K_RTE_SPSC], g).median, g->raw_ns);
				if (dat != NULL && gi == dat_group)
					fprintf(dat, "%u %u %.4f %.4f %.4f %.4f\n", caps[c], bursts[b],
						cycles_per_ns * 1e3 / s[0].median,
						cycles_per_ns * 1e3 / s[1].median,
						cycles_per_ns * 1e3 / s[2].median, rs.median);
				if (json) {
					fprintf(json, "%s  {\"capacity\": %u, \"burst\": %u, "
						"\"cycles_per_elem\": {", first_json ? "" : ",\n",
						caps[c], bursts[b]);
					first_json = false;
					for (int k = 0; k < K_COUNT; k++)
						json_summary(kind_key[k], s[k], ", ");
					fprintf(json, "\"mpps_median\": {");
					for (int k = 0; k < K_COUNT; k++)
						fprintf(json, "\"%s\": %.2f%s", kind_key[k],
							cycles_per_ns * 1e3 / s[k].median,
							k + 1 < K_COUNT ? ", " : "");
					fprintf(json, "}}, ");
					json_summary("speedup_vs_rte_ring_spsc", rs, ", ");
					fprintf(json, "\"regime_pct_median\": {");
					for (int k = 0; k < K_COUNT; k++)
						fprintf(json, "\"%s\": {\"consumer_empty\": %.1f, "
							"\"producer_full\": %.1f}%s", kind_key[k],
							summarize_group(empty[k], g).median,
							summarize_group(full[k], g).median,
							k + 1 < K_COUNT ? ", " : "");
					fprintf(json, "}, \"raw_line_rtt_ns\": %.1f, \"rounds\": %u, "
						"\"rounds_moved\": %u}", g->raw_ns, g->n, moved);
				}
			}
		}
		if (dat != NULL)
			fprintf(dat, "\n\n");	/* one gnuplot data block per capacity */
		for (int k = 0; k < K_COUNT; k++)
			ring_destroy(&rings[k]);
	}
	fputs(regime, stdout);
	if (json)
		fprintf(json, "\n],\n");
}

static void
bench_single_core(const unsigned int *bursts, unsigned int nbursts)
{
	struct ring rings[K_COUNT];

	printf("\nSingle core, enqueue then dequeue (no contention): cycles per element, "
	       "median [min-max]\n");
	printf("%5s | %-22s | %-22s | %-22s | %s\n", "burst", kind_name[0], kind_name[1],
	       kind_name[2], "spsc speedup vs SP/SC");
	for (int k = 0; k < K_COUNT; k++) {
		char name[32];

		snprintf(name, sizeof(name), "sc%d", k);
		ring_make(&rings[k], k, 1024, name);
	}
	if (json)
		fprintf(json, "\"single_core\": [\n");
	for (unsigned int b = 0; b < nbursts; b++) {
		double cyc[K_COUNT][MAX_ROUNDS], ratio[MAX_ROUNDS];
		struct summary s[K_COUNT], rs;

		for (unsigned int round = 0; round < opt_rounds; round++) {
			for (int i = 0; i < K_COUNT; i++) {
				int k = (int)((round + i) % K_COUNT);

				cyc[k][round] = layouts[round % LAYOUTS]->ring[k].single_core(
					&rings[k], bursts[b], opt_elems);
			}
			ratio[round] = cyc[K_RTE_SPSC][round] / cyc[K_SPSC][round];
		}
		for (int k = 0; k < K_COUNT; k++)
			s[k] = summarize(cyc[k], opt_rounds);
		rs = summarize(ratio, opt_rounds);
		printf("%5u |", bursts[b]);
		for (int k = 0; k < K_COUNT; k++)
			printf(" %6.2f [%6.2f-%6.2f] |", s[k].median, s[k].min, s[k].max);
		printf(" %5.2fx [%.2f-%.2f]\n", rs.median, rs.min, rs.max);
		if (json) {
			fprintf(json, "  {\"burst\": %u, \"cycles_per_elem\": {", bursts[b]);
			for (int k = 0; k < K_COUNT; k++)
				json_summary(kind_key[k], s[k], k + 1 < K_COUNT ? ", " : "");
			fprintf(json, "}, ");
			json_summary("speedup_vs_rte_ring_spsc", rs, "");
			fprintf(json, "}%s\n", b + 1 == nbursts ? "" : ",");
		}
	}
	if (json)
		fprintf(json, "],\n");
	for (int k = 0; k < K_COUNT; k++)
		ring_destroy(&rings[k]);
}

static void
bench_roundtrip(FILE *dat)
{
	static const char *const names[RTT_COUNT] = {"spsc_ring", "rte_ring SP/SC",
						     "rte_ring MP/MC", "raw cache line",
						     "spsc_ring wait"};
	static const char *const keys[RTT_COUNT] = {"spsc_ring", "rte_ring_spsc",
						    "rte_ring_mpmc", "raw_cache_line",
						    "spsc_ring_wait_helper"};
	struct ring fwd[K_COUNT], back[K_COUNT];
	double p50[RTT_COUNT][MAX_ROUNDS], p99[RTT_COUNT][MAX_ROUNDS];
	double m50[RTT_COUNT][MAX_ROUNDS];
	double ratio[MAX_ROUNDS], floor_ratio[MAX_ROUNDS];
	double wait_ratio[MAX_ROUNDS], wait_floor[MAX_ROUNDS];
	unsigned int n = opt_pp_samples;

	for (int k = 0; k < K_COUNT; k++) {
		char name[32];

		snprintf(name, sizeof(name), "ppf%d", k);
		ring_make(&fwd[k], k, 1024, name);
		snprintf(name, sizeof(name), "ppb%d", k);
		ring_make(&back[k], k, 1024, name);
	}
	for (unsigned int round = 0; round < opt_rounds; round++) {
		for (int i = 0; i < RTT_COUNT; i++) {
			int k = (int)((round + i) % RTT_COUNT);
			uint64_t *out = &rtt_samples[k][(size_t)round * n];
			uint64_t sorted[100000];

			roundtrip_once(k, round % LAYOUTS, k < K_COUNT ? &fwd[k] : &fwd[K_SPSC],
				       k < K_COUNT ? &back[k] : &back[K_SPSC], out);
			memcpy(sorted, out, n * sizeof(*out));
			qsort(sorted, n, sizeof(*sorted), cmp_u64);
			p50[k][round] = percentile(sorted, n, 50) / cycles_per_ns;
			p99[k][round] = percentile(sorted, n, 99) / cycles_per_ns;
			/* The TSC here ticks in steps of ~10 ns, as coarse as
			 * the differences we look for: the median of means of
			 * RTT_BATCH consecutive trips resolves them. */
			for (unsigned int b = 0; b < n / RTT_BATCH; b++) {
				uint64_t sum = 0;

				for (unsigned int t = 0; t < RTT_BATCH; t++)
					sum += out[b * RTT_BATCH + t];
				sorted[b] = sum;
			}
			qsort(sorted, n / RTT_BATCH, sizeof(*sorted), cmp_u64);
			m50[k][round] = percentile(sorted, n / RTT_BATCH, 50) / RTT_BATCH /
					cycles_per_ns;
		}
		ratio[round] = m50[K_SPSC][round] / m50[K_RTE_SPSC][round];
		floor_ratio[round] = m50[K_SPSC][round] / m50[RTT_RAW][round];
		wait_ratio[round] = m50[RTT_SPSC_WAIT][round] / m50[K_RTE_SPSC][round];
		wait_floor[round] = m50[RTT_SPSC_WAIT][round] / m50[RTT_RAW][round];
	}
	printf("\nRound trip of one element (ring there, ring back), ns: median [min-max] of "
	       "%u rounds x %u trips\n", opt_rounds, n);
	printf("%-16s | %-24s | %-24s | %-24s\n", "", "p50 (one trip)", "p99 (one trip)",
	       "p50 of 16-trip means");
	if (json)
		fprintf(json, "\"roundtrip_ns\": {\n");
	for (int k = 0; k < RTT_COUNT; k++) {
		struct summary a = summarize(p50[k], opt_rounds), b = summarize(p99[k], opt_rounds);
		struct summary c = summarize(m50[k], opt_rounds);

		printf("%-16s | %7.1f [%7.1f-%7.1f] | %7.1f [%7.1f-%7.1f] | %7.1f [%7.1f-%7.1f]\n",
		       names[k], a.median, a.min, a.max, b.median, b.min, b.max, c.median, c.min,
		       c.max);
		if (json) {
			fprintf(json, "  \"%s\": {", keys[k]);
			json_summary("p50", a, ", ");
			json_summary("p99", b, ", ");
			json_summary("p50_of_16_trip_means", c, "");
			fprintf(json, "},\n");
		}
	}
	{
		struct summary r = summarize(ratio, opt_rounds);
		struct summary f = summarize(floor_ratio, opt_rounds);
		struct summary wr = summarize(wait_ratio, opt_rounds);
		struct summary wf = summarize(wait_floor, opt_rounds);

		printf("p50 of 16-trip means, median ratio [min-max] of the rounds:\n");
		printf("  spsc_ring poll / rte_ring SP/SC poll:  %.2f [%.2f-%.2f]\n",
		       r.median, r.min, r.max);
		printf("  spsc_ring poll / raw cache line:       %.2f [%.2f-%.2f]\n",
		       f.median, f.min, f.max);
		print_by_layout("  spsc_ring poll / rte_ring SP/SC poll", ratio);
		print_by_layout("  spsc_ring poll / raw cache line", floor_ratio);
		printf("  spsc_ring wait / rte_ring SP/SC poll:  %.2f [%.2f-%.2f]\n",
		       wr.median, wr.min, wr.max);
		printf("  spsc_ring wait / raw cache line:       %.2f [%.2f-%.2f]\n",
		       wf.median, wf.min, wf.max);
		if (json) {
			fprintf(json, "  ");
			json_summary("spsc_over_rte_ring_spsc_p50", r, ",\n  ");
			json_summary("spsc_over_raw_line_p50", f, ",\n  ");
			json_summary("spsc_wait_over_rte_ring_spsc_p50", wr, ",\n  ");
			json_summary("spsc_wait_over_raw_line_p50", wf, "\n");
			fprintf(json, "},\n");
		}
	}
	/* The latency distribution of the last round, for the plot. */
	if (dat != NULL) {
		for (int k = 0; k < RTT_COUNT; k++) {
			uint64_t *s = &rtt_samples[k][(size_t)(opt_rounds - 1) * n];

			qsort(s, n, sizeof(*s), cmp_u64);
			fprintf(dat, "# %s\n", names[k]);
			for (unsigned int i = 0; i < n; i += n / 200 > 0 ? n / 200 : 1)
				fprintf(dat, "%.5f %.2f\n", (double)i / n, (double)s[i] / cycles_per_ns);
			fprintf(dat, "1.0 %.2f\n\n\n", (double)s[n - 1] / cycles_per_ns);
		}
	}
	for (int k = 0; k < K_COUNT; k++) {
		ring_destroy(&fwd[k]);
		ring_destroy(&back[k]);
	}
}

static void
usage(const char *prog)
{
	printf("usage: %s [EAL options] -- [--quick] [--rounds N] [--elems N] "
	       "[--caps LIST] [--bursts LIST] [--json FILE] [--dat-dir DIR] [--only PART]\n"
	       "  --quick        the four headline cases (capacity 1024, bursts 1 8 32 128)\n"
	       "  --rounds N     interleaved rounds per case, 3..%d (default 12; round r\n"
	       "                 runs the loops of code layout r %% 4)\n"
	       "  --elems N      elements per throughput run (default 2000000)\n"
	       "  --caps LIST    ring capacities, e.g. 1024,4096 (1..%u, up to %d;\n"
	       "                 default 256,1024,4096)\n"
	       "  --bursts LIST  burst sizes, e.g. 32,256 (1..%d, up to %d;\n"
	       "                 default 1,8,32,64,128,256)\n"
	       "  --json FILE    write every figure as JSON\n"
	       "  --dat-dir D    write gnuplot data files into D\n"
	       "  --only PART    throughput, single or rtt\n", prog, MAX_ROUNDS,
	       MAX_CAPACITY, MAX_LIST, MAX_BURST, MAX_LIST);
}

/* A comma-separated list of numbers in [1, max] into out; returns how many. */
static unsigned int
parse_list(const char *opt, const char *text, unsigned int max, unsigned int *out)
{
	unsigned int n = 0;
	const char *p = text;

	for (;;) {
		char *end;
		unsigned long v;

		if (*p < '0' || *p > '9')
			rte_exit(EXIT_FAILURE, "%s: '%s' is not a list of numbers\n", opt, text);
		v = strtoul(p, &end, 10);
		if (v < 1 || v > max)
			rte_exit(EXIT_FAILURE, "%s: %lu is out of range 1..%u\n", opt, v, max);
		if (n == MAX_LIST)
			rte_exit(EXIT_FAILURE, "%s: at most %d values\n", opt, MAX_LIST);
		out[n++] = (unsigned int)v;
		if (*end == '\0')
			return n;
		if (*end != ',')
			rte_exit(EXIT_FAILURE, "%s: '%s' is not a list of numbers\n", opt, text);
		p = end + 1;
	}
}

static void
parse_args(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"quick", no_argument, NULL, 'q'},
		{"rounds", required_argument, NULL, 'r'},
		{"elems", required_argument, NULL, 'e'},
		{"json", required_argument, NULL, 'j'},
		{"dat-dir", required_argument, NULL, 'd'},
		{"only", required_argument, NULL, 'o'},
		{"caps", required_argument, NULL, 'c'},
		{"bursts", required_argument, NULL, 'b'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		char *end;

		switch (opt) {
		case 'q':
			opt_quick = true;
			break;
		case 'r':
			opt_rounds = (unsigned int)strtoul(optarg, &end, 10);
			if (*end != '\0' || opt_rounds < 3 || opt_rounds > MAX_ROUNDS)
				rte_exit(EXIT_FAILURE, "--rounds must be 3..%d\n", MAX_ROUNDS);
			break;
		case 'e':
			opt_elems = strtoull(optarg, &end, 10);
			if (*end != '\0' || opt_elems < 1000)
				rte_exit(EXIT_FAILURE, "--elems must be at least 1000\n");
			break;
		case 'j':
			opt_json = optarg;
			break;
		case 'd':
			opt_dat_dir = optarg;
			break;
		case 'o':
			if (strcmp(optarg, "throughput") && strcmp(optarg, "single") &&
			    strcmp(optarg, "rtt"))
				rte_exit(EXIT_FAILURE, "--only: throughput, single or rtt\n");
			opt_only = optarg;
			break;
		case 'c':
			opt_ncaps = parse_list("--caps", optarg, MAX_CAPACITY, opt_caps);
			break;
		case 'b':
			opt_nbursts = parse_list("--bursts", optarg, MAX_BURST, opt_bursts);
			break;
		case 'h':
			usage(argv[0]);
			rte_exit(EXIT_SUCCESS, "\n");
		default:
			usage(argv[0]);
			rte_exit(EXIT_FAILURE, "unknown option\n");
		}
	}
}

static bool
part(const char *name)
{
	return opt_only == NULL || strcmp(opt_only, name) == 0;
}

static FILE *
open_dat(const char *name)
{
	char path[4096];
	FILE *f;

	if (opt_dat_dir == NULL)
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", opt_dat_dir, name);
	f = fopen(path, "w");
	if (f == NULL)
		rte_exit(EXIT_FAILURE, "cannot write %s\n", path);
	return f;
}

int
main(int argc, char **argv)
{
	static const unsigned int quick_caps[] = {1024};
	static const unsigned int quick_bursts[] = {1, 8, 32, 128};
	static const unsigned int caps[] = {256, 1024, 4096};
	static const unsigned int bursts[] = {1, 8, 32, 64, 128, 256};
	int ret = rte_eal_init(argc, argv);
	FILE *tp_dat, *rtt_dat;

	if (ret < 0)
		rte_exit(EXIT_FAILURE, "EAL initialisation failed\n");
	parse_args(argc - ret, argv + ret);
	worker_lcore = rte_get_next_lcore(-1, 1, 0);
	if (worker_lcore >= RTE_MAX_LCORE)
		rte_exit(EXIT_FAILURE, "need two lcores, e.g. -l 0-1\n");
	for (unsigned int i = 0; i < MAX_BURST; i++)
		bench_objs[i] = (void *)(uintptr_t)(0x1000 + 64 * i);
	check_layouts();
	cycles_per_ns = (double)rte_get_tsc_hz() / 1e9;
	printf("ring_bench: main lcore %u, worker lcore %u, TSC %.3f GHz, %" PRIu64
	       " elements per run, %u interleaved rounds over %u code layouts\n",
	       rte_lcore_id(), worker_lcore, cycles_per_ns, opt_elems, opt_rounds, LAYOUTS);

	if (opt_json != NULL) {
		json = fopen(opt_json, "w");
		if (json == NULL)
			rte_exit(EXIT_FAILURE, "cannot write %s\n", opt_json);
		fprintf(json, "{\"tsc_hz\": %" PRIu64 ", \"rounds\": %u, \"elems_per_run\": %"
			PRIu64 ",\n", rte_get_tsc_hz(), opt_rounds, opt_elems);
	}
	/* The grid: the user's lists, else --quick's, else the full one. */
	if (opt_ncaps == 0) {
		opt_ncaps = opt_quick ? RTE_DIM(quick_caps) : RTE_DIM(caps);
		memcpy(opt_caps, opt_quick ? quick_caps : caps, opt_ncaps * sizeof(opt_caps[0]));
	}
	if (opt_nbursts == 0) {
		opt_nbursts = opt_quick ? RTE_DIM(quick_bursts) : RTE_DIM(bursts);
		memcpy(opt_bursts, opt_quick ? quick_bursts : bursts,
		       opt_nbursts * sizeof(opt_bursts[0]));
	}
	tp_dat = open_dat("throughput.dat");
	if (part("throughput"))
		bench_throughput(opt_caps, opt_ncaps, opt_bursts, opt_nbursts, tp_dat);
	if (part("single"))
		bench_single_core(opt_bursts, opt_nbursts);
	rtt_dat = open_dat("latency.dat");
	if (part("rtt"))
		bench_roundtrip(rtt_dat);
	if (json) {
		fprintf(json, "\"quick\": %s}\n", opt_quick ? "true" : "false");
		fclose(json);
	}
	if (tp_dat)
		fclose(tp_dat);
	if (rtt_dat)
		fclose(rtt_dat);
	rte_eal_cleanup();
	return 0;
}
