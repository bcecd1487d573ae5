/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The timeline: one record per interval (--timeline-interval) from each
 * side of each pipeline. The RX and parser lcores close an interval by
 * pushing a record into their own spsc_ring (the project's ring carrying its
 * own telemetry); the reporter pops both, joins them by interval number and
 * writes one CSV row: at the end for a run of known length (a replay,
 * --duration), as the records come otherwise (timeline_due). Hot paths
 * never block on this: a full lane drops the record and counts it.
 */
#ifndef BURSTPIPE_TIMELINE_H
#define BURSTPIPE_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "spsc_ring.h"
#include "stats.h"

/*
 * RX side of one interval. Counters are cumulative since the run began.
 * cut_cycles, in both sides' records: 0 for a whole interval; for the last,
 * partial one, in which the lane stopped, its length up to there (never 0:
 * a lane that stops on an interval's start has nothing more to record).
 */
struct tl_rx_rec {
	uint64_t idx;
	uint64_t cut_cycles;
	uint64_t packets;
	uint64_t enqueued;
	uint64_t dropped;
	uint64_t wait_cycles;
	uint64_t occ_time_sum;
	uint64_t occ_time_cycles;
	uint32_t occ_max;	/* highest occupancy seen in this interval */
};

/* Parser side of one interval. */
struct tl_parse_rec {
	uint64_t idx;
	uint64_t cut_cycles;	/* as in tl_rx_rec */
	uint64_t parsed;	/* cumulative */
	uint64_t busy_cycles;	/* cumulative */
	uint64_t p99_cycles;	/* time in ring, this interval only */
	uint64_t max_cycles;
};

SPSC_RING_DECLARE(tl_rx_ring, struct tl_rx_rec)
SPSC_RING_DECLARE(tl_parse_ring, struct tl_parse_rec)

/* The two lanes of one pipeline and each producer's interval state. */
struct timeline_lanes {
	struct tl_rx_ring *rx;
	struct tl_parse_ring *parse;
	/* RX lcore only */
	uint64_t rx_next;		/* interval the RX side is filling */
	uint32_t rx_occ_max;
	uint64_t rx_lost;
	/* parser lcore only */
	uint64_t parse_next;
	uint64_t parse_lost;
	struct bp_hist parse_hist;	/* time in ring, this interval */
	/* reporter only */
	struct tl_rx_rec pend_rx;
	struct tl_parse_rec pend_parse;
	int have_rx, have_parse;
	bool joined;			/* a row of both sides' records written */
	bool after_gap;			/* records were lost since the last row */
	struct tl_rx_rec prev_rx;
	struct tl_parse_rec prev_parse;
};

/* Records a lane holds: at least the first, at most the second. */
#define TIMELINE_LANE_MIN 16384u
#define TIMELINE_LANE_MAX (1u << 20)

/*
 * Records each lane should hold for a pass of about run_ns in intervals of
 * interval_ms: the whole pass with a quarter to spare, a power of two within
 * [TIMELINE_LANE_MIN, TIMELINE_LANE_MAX].
 */
unsigned int timeline_lane_slots(double run_ns, double interval_ms);

/* Make both lanes with room for slots records each (plain memory: the lcores
 * touch a lane once per interval). Returns 0 or -1 (out of memory). */
int timeline_lanes_init(struct timeline_lanes *l, unsigned int slots);
/* Empty both lanes and forget every interval state, for the next pass. */
void timeline_lanes_reset(struct timeline_lanes *l);
void timeline_lanes_free(struct timeline_lanes *l);

/*
 * Whether the reporter drains l now. Streaming: always. Holding (the
 * reporter would take the RX lcore's CPU to write rows mid-run): only at the
 * end, or once a lane is three quarters full, so that nothing is lost.
 */
bool timeline_due(struct timeline_lanes *l, bool hold, bool final);

/* The reporter side: write the header, then rows as records arrive. */
void timeline_write_header(FILE *f);
/* Pop what both lanes have and write joined rows; returns rows written.
 * final: the lcores have ended, write what is left even if unmatched. */
unsigned int timeline_drain(FILE *f, unsigned int pipeline, struct timeline_lanes *l,
			    double interval_ms, double ns_per_cycle, unsigned int capacity,
			    bool final);

#endif /* BURSTPIPE_TIMELINE_H */
