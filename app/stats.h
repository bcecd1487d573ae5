/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Every number burstpipe reports is defined here, once. Each struct is
 * written by exactly one lcore (named on the struct) and read by the
 * reporter, the telemetry thread and the final report. Readers on other
 * lcores see slightly stale values, never torn ones (aligned 64-bit stores).
 *
 * report.c prints all of them in two forms, a human table and JSON; the
 * JSON names are the field names below.
 */
#ifndef BURSTPIPE_STATS_H
#define BURSTPIPE_STATS_H

#include <math.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>

#include "decode.h"

/* Largest --burst, and so the top of the RX burst-size histogram. */
#define BP_BURST_MAX 512

/* Occupancy histogram: exact per value for rings up to this many slots,
 * fixed-width bins above; BP_OCC_BINS + 1 bins hold occupancy 0..capacity. */
#define BP_OCC_BINS 1024

/* The width of the occupancy bins for a ring of capacity slots: 1 up to
 * BP_OCC_BINS slots, above the narrowest that keeps a full ring within bin
 * BP_OCC_BINS. A full ring has a bin of its own when the width divides the
 * capacity (every power of two does). */
static inline unsigned int
bp_occ_bin_width(unsigned int capacity)
{
	return capacity <= BP_OCC_BINS ? 1 : (capacity + BP_OCC_BINS - 1) / BP_OCC_BINS;
}

/* The bin of occupancy occ: bin i holds i x width up to (i + 1) x width - 1. */
static inline unsigned int
bp_occ_bin(unsigned int occ, unsigned int width)
{
	return occ / width;
}

/*
 * A log-linear histogram of cycle counts: exact below 16, then 16
 * sub-buckets per power of two, so a percentile read from it is at most
 * 1/16 (6.25%) above the true value. max is exact.
 */
#define BP_HIST_SUB_BITS 4
#define BP_HIST_BUCKETS ((64 - BP_HIST_SUB_BITS + 1) << BP_HIST_SUB_BITS)

/*
 * A sum of products (occupancy x cycles, cycles in ring over packets): they
 * pass 2^64 within hours (a ring of 2^20 slots held full for 2^44 cycles),
 * so they are 128 bits wide; so is the sum of occupancy samples, which a
 * full ring of 2^20 passes after 2^44 enqueue calls (days). Two stores, so
 * only read once the lcore that writes one has ended (the live views,
 * telemetry and progress lines, do not use them).
 */
typedef unsigned __int128 bp_sum_t;

struct bp_hist {
	uint64_t count;
	bp_sum_t sum;
	uint64_t max;
	uint64_t bucket[BP_HIST_BUCKETS];
};

static inline unsigned int
bp_hist_index(uint64_t v)
{
	unsigned int e;

	if (v < (1u << BP_HIST_SUB_BITS))
		return (unsigned int)v;
	e = 63 - (unsigned int)__builtin_clzll(v);
	return ((e - BP_HIST_SUB_BITS + 1) << BP_HIST_SUB_BITS) +
	       (unsigned int)((v >> (e - BP_HIST_SUB_BITS)) & ((1u << BP_HIST_SUB_BITS) - 1));
}

static inline void
bp_hist_add(struct bp_hist *h, uint64_t v)
{
	h->count++;
	h->sum += v;
	if (v > h->max)
		h->max = v;
	h->bucket[bp_hist_index(v)]++;
}

/* Add histogram b into a (totals over pipelines). */
static inline void
bp_hist_merge(struct bp_hist *a, const struct bp_hist *b)
{
	a->count += b->count;
	a->sum += b->sum;
	if (b->max > a->max)
		a->max = b->max;
	for (unsigned int i = 0; i < BP_HIST_BUCKETS; i++)
		a->bucket[i] += b->bucket[i];
}

/*
 * Count the stretch of time from *since up to until in *total, and start the
 * next stretch at until. The lcores close their busy, idle and waiting
 * stretches with it, and the timeline closes one still running at an
 * interval's end, so that each interval counts its own part.
 */
static inline void
bp_time_add(uint64_t *total, uint64_t *since, uint64_t until)
{
	if (until > *since) {
		*total += until - *since;
		*since = until;
	}
}

/* The mean of n values that add up to sum; 0 for none. */
static inline double
bp_mean(bp_sum_t sum, uint64_t n)
{
	return n ? (double)sum / (double)n : 0.0;
}

/*
 * A packet's time in the ring: from RX's stamp (its TSC just before the
 * enqueue) to the parser's TSC read after the dequeue that returned it. The
 * parser reads its clock after the dequeue's loads (parser_tsc_after_loads),
 * so on one clock this cannot be negative; lcores whose TSCs disagree by a
 * few cycles could still make it so, and then it counts as 0, not as 2^64
 * cycles less a few.
 */
static inline uint64_t
bp_time_in_ring(uint64_t parser_now, uint64_t rx_stamp)
{
	return parser_now > rx_stamp ? parser_now - rx_stamp : 0;
}

/* cycles in whole nanoseconds, rounded to the nearest. Every time figure
 * in whole ns (the report's, in ns or in ms, and its JSON's; telemetry; the
 * sizing table) comes from here, so that they agree digit for digit. rint,
 * not + 0.5: a half (2.5 ns: 5 cycles of a 2 GHz TSC) goes to the even
 * neighbour, as printf's %.0f takes it. */
static inline uint64_t
bp_cycles_ns(uint64_t cycles, double ns_per_cycle)
{
	return (uint64_t)rint((double)cycles * ns_per_cycle);
}

/* Smallest and largest value that land in bucket i. */
void bp_hist_bucket_range(unsigned int i, uint64_t *lo, uint64_t *hi);

/* The value at quantile q (0..1): the top of the bucket holding it, never
 * above the exact max. 0 for an empty histogram. */
uint64_t bp_hist_quantile(const struct bp_hist *h, double q);

/* Burst episodes: the ring rose to the high mark and fell back to the low. */
struct bp_episodes {
	uint64_t count;
	uint64_t deepest;		/* highest occupancy inside any episode */
	uint64_t longest_cycles;	/* longest episode, start to end */
	uint64_t total_cycles;		/* time spent inside episodes */
	uint64_t drops;			/* packets dropped while inside one */
	/* state of the episode in progress */
	bool open;
	uint64_t open_since;
	uint64_t open_depth;
};

/*
 * Follow the episodes with an occupancy reading occ taken at TSC now: an
 * episode opens at the first reading at or above high and closes at the
 * first one at or below low (low < high). Its length runs from the reading
 * that opened it to the one that closed it; the episode in progress counts
 * nowhere until it closes.
 */
static inline void
bp_episodes_reading(struct bp_episodes *ep, uint64_t now, uint64_t occ, uint64_t high,
		    uint64_t low)
{
	uint64_t len;

	if (!ep->open) {
		if (occ >= high) {
			ep->open = true;
			ep->open_since = now;
			ep->open_depth = occ;
		}
		return;
	}
	if (occ > ep->open_depth)
		ep->open_depth = occ;
	if (occ > low)
		return;
	len = now - ep->open_since;
	ep->open = false;
	ep->count++;
	ep->total_cycles += len;
	if (len > ep->longest_cycles)
		ep->longest_cycles = len;
	if (ep->open_depth > ep->deepest)
		ep->deepest = ep->open_depth;
}

/* n packets dropped: they count in the episode in progress, if any. */
static inline void
bp_episodes_drops(struct bp_episodes *ep, uint64_t n)
{
	if (ep->open)
		ep->drops += n;
}

/*
 * How long an lcore's thread was runnable but not running, and how often the
 * scheduler took its CPU from it, over its role's loop: the difference of
 * /proc/thread-self/schedstat's run delay and /proc/thread-self/status's
 * nonvoluntary_ctxt_switches read when the loop starts and when it ends
 * (cpuwait.c), never inside it. DPDK assumes an lcore owns its CPU; every
 * figure about time (drops, episodes, time in ring, the sizing table) rests
 * on that, and this says how far it held. A kernel without either file
 * makes its figure unknown, not 0. Written by the lcore when its loop ends.
 */
struct bp_cpu_wait {
	uint64_t wait_ns;		/* runnable, waiting on a runqueue */
	uint64_t preemptions;		/* nonvoluntary context switches */
	bool wait_unknown;		/* no run delay to read */
	bool preemptions_unknown;	/* no nonvoluntary_ctxt_switches */
};

/* Add b into a (totals over lcores): unknown if either is. */
static inline void
bp_cpu_wait_add(struct bp_cpu_wait *a, const struct bp_cpu_wait *b)
{
	a->wait_ns += b->wait_ns;
	a->preemptions += b->preemptions;
	a->wait_unknown |= b->wait_unknown;
	a->preemptions_unknown |= b->preemptions_unknown;
}

/* Written by the RX lcore only. */
struct bp_rx_stats {
	uint64_t packets;		/* mbufs taken from rte_eth_rx_burst */
	uint64_t bytes;
	uint64_t bursts;		/* polls that returned at least one */
	uint64_t empty_polls;		/* polls that returned none */
	uint64_t burst_hist[BP_BURST_MAX + 1];	/* polls by packets returned */

	uint64_t enqueued;		/* handed to the ring */
	uint64_t dropped;		/* freed because the ring was full (drop policy) */
	/* Freed, never offered to the ring: held back for pacing, their time
	 * not yet come, when the run was stopped (a signal, --duration). */
	uint64_t held_at_stop;
	uint64_t full_events;		/* enqueues that found the ring short of room */
	uint64_t wait_cycles;		/* time waiting for room (spin policy) */
	uint64_t pace_cycles;		/* time holding packets back for pacing */
	uint64_t busy_cycles;		/* after a receive that returned packets: pacing, enqueue, waits */
	uint64_t recv_cycles;		/* time in receive calls that returned packets */

	/* Occupancy at enqueue. A sample is one enqueue call that placed at
	 * least one packet: the ring's occupancy right after it (from the
	 * free_space out-parameter). A call that placed none (a spin retry on
	 * a full ring, a drop-policy call that found it full) is not one. */
	uint64_t occ_samples;
	bp_sum_t occ_sum;		/* sum of the samples */
	uint64_t high_water;		/* the largest sample */
	uint64_t occ_hist[BP_OCC_BINS + 1];	/* samples by occupancy */
	/* Occupancy over time: each poll's reading held until the next one. */
	uint64_t occ_time_cycles;	/* time covered */
	bp_sum_t occ_time_sum;		/* sum of occupancy x cycles */
	uint64_t above_half_cycles;	/* time with occupancy > capacity / 2 */
	uint64_t above_90_cycles;	/* time with occupancy > 90% of capacity */

	struct bp_episodes episodes;
	/* Each receive call that returned packets: its own work in cycles
	 * (the receive, pacing's bookkeeping, stamps, the enqueue), its waits
	 * for room and for pacing left out. The sizing prediction takes its
	 * median (of each pipeline's). */
	struct bp_hist call_hist;
	uint64_t start_tsc;		/* first poll */
	uint64_t end_tsc;		/* last poll */
	uint64_t last_rx_tsc;		/* last poll that returned packets */
	struct bp_cpu_wait cpu;		/* the RX lcore's CPU lost over its loop */
} __rte_cache_aligned;

/*
 * Occupancy over time: the ring held level (of capacity slots) for dt
 * cycles since the last reading.
 */
static inline void
bp_occ_hold(struct bp_rx_stats *st, uint32_t level, uint64_t dt, unsigned int capacity)
{
	st->occ_time_cycles += dt;
	st->occ_time_sum += (uint64_t)level * dt;
	if ((uint64_t)level * 2 > capacity)
		st->above_half_cycles += dt;
	if ((uint64_t)level * 10 > (uint64_t)capacity * 9)
		st->above_90_cycles += dt;
}

/* An occupancy sample (see occ_samples): the ring holds occ slots right
 * after an enqueue call that placed some. */
static inline void
bp_occ_sample(struct bp_rx_stats *st, uint32_t occ, unsigned int bin_width)
{
	st->occ_samples++;
	st->occ_sum += occ;
	st->occ_hist[bp_occ_bin(occ, bin_width)]++;
	if (occ > st->high_water)
		st->high_water = occ;
}

/* Written by the parser lcore only. */
struct bp_parser_stats {
	struct decode_counts decode;	/* packets, bytes, protocols, malformed */
	uint64_t dequeues;		/* dequeue calls that returned packets */
	uint64_t busy_cycles;		/* decoding, freeing, simulated work */
	uint64_t idle_cycles;		/* polling an empty ring */
	struct bp_hist time_in_ring;	/* cycles from enqueue to dequeue */
	struct bp_cpu_wait cpu;		/* the parser lcore's CPU lost over its loop */
} __rte_cache_aligned;

/* The port's own counters (rte_eth_stats_get), read by the main lcore. */
struct bp_port_stats {
	uint64_t ipackets;
	uint64_t imissed;
	uint64_t ierrors;
	uint64_t rx_nombuf;
};

/*
 * RX adds n to one of the counters of where received packets went
 * (enqueued, dropped, held_at_stop): a release store, so that a reader that
 * sees it also sees the packets count it follows (run_add_rx reads them in
 * that order). On x86 it is the same store as a plain one; elsewhere it
 * orders it.
 */
static inline void
bp_rx_count(uint64_t *counter, uint64_t n)
{
	__atomic_store_n(counter, *counter + n, __ATOMIC_RELEASE);
}

/*
 * Received, not in the ring, not dropped and not freed at a stop: held back
 * for its time under pacing, or in RX's hands. Of a copy while RX runs
 * (run_add_rx, run_total_rx: the progress line, telemetry), never of the
 * live counters: the copy reads them in the order RX writes them, so it
 * never has fewer received than gone on. The clamp stays as a guard.
 */
static inline uint64_t
bp_rx_held(const struct bp_rx_stats *rx)
{
	uint64_t left = rx->enqueued + rx->dropped + rx->held_at_stop;

	return rx->packets > left ? rx->packets - left : 0;
}

#endif /* BURSTPIPE_STATS_H */
