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

struct sizing_prediction {
	uint64_t high_water;
	uint64_t dropped;	/* drop policy: packets that found the ring full */
	uint64_t blocked_ns;	/* spin policy: time the producer waited for room */
};

struct sizing_row {
	unsigned int capacity;
	/* measured */
	uint64_t enqueued;
	uint64_t dropped;
	uint64_t high_water;
	uint64_t wait_ns;
	uint64_t p99_ns;
	uint64_t episodes;
	double service_ns;	/* parser busy time per packet in this pass */
	/* predicted */
	bool predicted;
	double pred_service_ns;	/* the service time the prediction used */
	struct sizing_prediction pred;
};

/*
 * Simulate a ring of capacity slots fed by n arrivals at arrival_ns[]
 * (non-decreasing) and drained by a consumer taking up to burst packets per
 * dequeue at service_ns each. Returns 0, or -1 if out of memory.
 */
int sizing_simulate(const uint64_t *arrival_ns, uint64_t n, unsigned int capacity,
		    unsigned int burst, double service_ns, enum bp_policy policy,
		    struct sizing_prediction *out);

/*
 * The service time to predict with, from the passes' measured ones: their
 * median (the mean of the middle two for an even count), so that one pass
 * the host slowed (a preempted parser counts the pause as busy time) does
 * not move every prediction. Passes with no packets (0) are left out;
 * 0 if none is left.
 */
double sizing_service_ns(const struct sizing_row *rows, unsigned int n);

/*
 * Arrival times of a replay: the capture's timestamps ts_ns[] divided by
 * speed, or a uniform pps, or (speed 0, no pps) a uniform rate of
 * fallback_ns per packet. Returns a malloc'd array of n, or NULL.
 */
uint64_t *sizing_arrivals(const uint64_t *ts_ns, uint64_t n, double speed, uint64_t pps,
			  double fallback_ns);

#endif /* BURSTPIPE_SIZING_H */
