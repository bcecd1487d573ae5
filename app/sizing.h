/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sizing the ring. Measured: one replay per size (--ring-sizes). Predicted:
 * a simulation of the ring over the capture's own timestamps, with a
 * consumer that takes up to `burst` packets at a time and spends a fixed
 * service time on each: the high-water mark and the losses each size would
 * see, from the capture alone.
 */
#ifndef BURSTPIPE_SIZING_H
#define BURSTPIPE_SIZING_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "stats.h"

struct sizing_prediction {
	uint64_t high_water;
	uint64_t dropped;	/* drop policy: packets that found the ring full */
	uint64_t blocked_ns;	/* spin policy: time the producer waited for room */
};

struct sizing_row {
	unsigned int capacity;
	/* measured */
	bool complete;		/* the pass replayed every packet (not cut short;
				 * never, for a live port) */
	uint64_t received;	/* packets RX took from the capture(s) */
	uint64_t enqueued;
	uint64_t dropped;
	uint64_t held_at_stop;	/* received, freed unsent at a stop (rx.held_at_stop) */
	uint64_t high_water;
	uint64_t wait_ns;
	uint64_t p99_ns;
	uint64_t episodes;
	double service_ns;	/* parser busy time per packet in this pass */
	/* The CPU lost by the lcore of this pass that lost the most (an
	 * earlier pass's lcores are not in the report, only here). */
	struct bp_cpu_wait cpu;
	/* predicted */
	bool predicted;
	double pred_service_ns;	/* the service time the prediction used */
	/* and each pipeline's RX time per call (its median, last pass) */
	double pred_rx_call_ns[BP_PIPELINES_MAX];
	struct sizing_prediction pred;
};

/* The two sides of the simulated ring. */
struct sizing_model {
	unsigned int capacity;	/* the ring's */
	unsigned int burst;	/* packets per RX call and per dequeue, at most */
	double service_ns;	/* the consumer's time per packet */
	double rx_call_ns;	/* RX's time to take a burst from the port */
	enum bp_policy policy;	/* ring full: drop, or wait for room */
};

/*
 * Simulate a ring fed by n packets that may enter at release_ns[]
 * (non-decreasing; 0 for all: as fast as RX can) and drained by a consumer
 * that takes up to burst packets per dequeue at service_ns each. Like the
 * RX lcore, the producer takes burst packets per call from the port (each
 * call rx_call_ns after it finished with the previous burst), holds each
 * until its release time, and enqueues the ones released at the same
 * instant in one call: the consumer sees them all at once, never part of
 * them. Returns 0, or -1 if out of memory.
 */
int sizing_simulate(const uint64_t *release_ns, uint64_t n, const struct sizing_model *m,
		    struct sizing_prediction *out);

/*
 * The service time to predict with, from the passes' measured ones: their
 * lower median (for an even count, the smaller of the middle two), so that
 * one pass the host slowed (a preempted parser counts the pause as busy
 * time) does not move every prediction, even in a sweep of two sizes. The
 * host only ever adds time, so of two the smaller is the better estimate.
 * Passes with no packets (0) are left out; 0 if none is left.
 */
double sizing_service_ns(const struct sizing_row *rows, unsigned int n);

/*
 * Release times of a replay's n packets: with speed > 0, the capture's
 * timestamps ts_ns[] as RX paced by them (cut to its stamps' unit,
 * ts_unit_ns, e.g. 1000 for a PMD that stamps microseconds) divided by
 * speed; with pps, a uniform rate; else (unpaced) 0 for all. Returns a
 * malloc'd array of n, or NULL.
 */
uint64_t *sizing_releases(const uint64_t *ts_ns, uint64_t n, double speed, uint64_t pps,
			  double ts_unit_ns);

#endif /* BURSTPIPE_SIZING_H */
