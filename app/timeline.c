/* SPDX-License-Identifier: BSD-3-Clause */
/* Timeline lanes (see timeline.h) and the CSV they become. */
#include <stdlib.h>
#include <string.h>

#include "timeline.h"

unsigned int
timeline_lane_slots(double run_ns, double interval_ms)
{
	double want = run_ns / (interval_ms * 1e6) * 1.25 + 2;
	unsigned int slots = TIMELINE_LANE_MIN;

	while (slots < TIMELINE_LANE_MAX && (double)slots < want)
		slots *= 2;
	return slots;
}

/* Memory for a lane, every page touched now: a page fault in a lcore's
 * loop when a record first lands on the page would stall it. */
static void *
lane_mem(size_t bytes)
{
	void *mem = bytes != 0 ? aligned_alloc(SPSC_RING_ALIGN, bytes) : NULL;

	if (mem != NULL)
		memset(mem, 0, bytes);
	return mem;
}

int
timeline_lanes_init(struct timeline_lanes *l, unsigned int slots)
{
	void *rx_mem = lane_mem(tl_rx_ring_memsize(slots));
	void *parse_mem = lane_mem(tl_parse_ring_memsize(slots));

	memset(l, 0, sizeof(*l));
	if (rx_mem == NULL || parse_mem == NULL) {
		free(rx_mem);
		free(parse_mem);
		return -1;
	}
	l->rx = tl_rx_ring_init(rx_mem, slots);
	l->parse = tl_parse_ring_init(parse_mem, slots);
	return 0;
}

void
timeline_lanes_reset(struct timeline_lanes *l)
{
	struct tl_rx_ring *rx = l->rx;
	struct tl_parse_ring *parse = l->parse;

	memset(l, 0, sizeof(*l));
	l->rx = rx;
	l->parse = parse;
	spsc_ring_reset(tl_rx_ring_ring(rx), 0);
	spsc_ring_reset(tl_parse_ring_ring(parse), 0);
}

void
timeline_lanes_free(struct timeline_lanes *l)
{
	tl_rx_ring_free(l->rx);
	tl_parse_ring_free(l->parse);
	l->rx = NULL;
	l->parse = NULL;
}

bool
timeline_due(struct timeline_lanes *l, bool hold, bool final)
{
	if (!hold || final)
		return true;
	return tl_rx_ring_count(l->rx) * 4 >= tl_rx_ring_capacity(l->rx) * 3 ||
	       tl_parse_ring_count(l->parse) * 4 >= tl_parse_ring_capacity(l->parse) * 3;
}

void
timeline_write_header(FILE *f)
{
	fprintf(f, "time_ms,pipeline,occupancy_max,occupancy_mean,capacity,rx_pps,"
		"parsed_pps,enqueued,dropped,wait_pct,parser_busy_pct,time_in_ring_p99_ns,"
		"time_in_ring_max_ns\n");
}

/*
 * How much of its interval a row covers: all of it (0) if either side ran
 * through to its end; if both stopped in it (the last, partial interval),
 * up to where the later one stopped. A side idle in the row (write_alone)
 * carries the other's cut.
 */
static uint64_t
row_cut_cycles(const struct tl_rx_rec *rx, const struct tl_parse_rec *ps)
{
	if (rx->cut_cycles == 0 || ps->cut_cycles == 0)
		return 0;
	return rx->cut_cycles > ps->cut_cycles ? rx->cut_cycles : ps->cut_cycles;
}

/*
 * A row is stamped with its end, and its rates and percentages are over its
 * length: its interval's, or, for the last, partial interval, the part of it
 * before the run ended.
 */
static void
write_row(FILE *f, unsigned int pipeline, struct timeline_lanes *l, const struct tl_rx_rec *rx,
	  const struct tl_parse_rec *ps, double interval_ms, double ns_per_cycle,
	  unsigned int capacity)
{
	const struct tl_rx_rec *prx = &l->prev_rx;
	const struct tl_parse_rec *pps = &l->prev_parse;
	uint64_t cut = row_cut_cycles(rx, ps);
	double row_ms = cut != 0 ? (double)cut * ns_per_cycle / 1e6 : interval_ms;
	double end_ms = cut != 0 ? (double)rx->idx * interval_ms + row_ms :
			(double)(rx->idx + 1) * interval_ms;
	double secs = row_ms / 1e3;
	double cycles = cut != 0 ? (double)cut : interval_ms * 1e6 / ns_per_cycle;
	uint64_t occ_cycles = rx->occ_time_cycles - prx->occ_time_cycles;
	double occ_mean = occ_cycles ? (double)(rx->occ_time_sum - prx->occ_time_sum) /
				       (double)occ_cycles : 0;

	fprintf(f, "%.3f,%u,%u,%.2f,%u,%.0f,%.0f,%lu,%lu,%.1f,%.1f,%.0f,%.0f\n",
		end_ms, pipeline, rx->occ_max, occ_mean, capacity,
		(double)(rx->packets - prx->packets) / secs,
		(double)(ps->parsed - pps->parsed) / secs,
		(unsigned long)(rx->enqueued - prx->enqueued),
		(unsigned long)(rx->dropped - prx->dropped),
		100.0 * (double)(rx->wait_cycles - prx->wait_cycles) / cycles,
		100.0 * (double)(ps->busy_cycles - pps->busy_cycles) / cycles,
		(double)ps->p99_cycles * ns_per_cycle, (double)ps->max_cycles * ns_per_cycle);
	l->prev_rx = *rx;
	l->prev_parse = *ps;
}

/*
 * Write the row of the earlier of the pending records (the only one, if the
 * other lane has none) with the other side idle in it: its counters as in
 * its last row, no occupancy or time in ring of its own.
 */
static void
write_alone(FILE *f, unsigned int pipeline, struct timeline_lanes *l, double interval_ms,
	    double ns_per_cycle, unsigned int capacity)
{
	if (l->have_rx && (!l->have_parse || l->pend_rx.idx < l->pend_parse.idx)) {
		struct tl_parse_rec idle = l->prev_parse;

		idle.idx = l->pend_rx.idx;
		idle.cut_cycles = l->pend_rx.cut_cycles;
		idle.p99_cycles = idle.max_cycles = 0;
		write_row(f, pipeline, l, &l->pend_rx, &idle, interval_ms, ns_per_cycle, capacity);
		l->have_rx = 0;
	} else {
		struct tl_rx_rec idle = l->prev_rx;

		idle.idx = l->pend_parse.idx;
		idle.cut_cycles = l->pend_parse.cut_cycles;
		idle.occ_max = 0;
		write_row(f, pipeline, l, &idle, &l->pend_parse, interval_ms, ns_per_cycle, capacity);
		l->have_parse = 0;
	}
}

unsigned int
timeline_drain(FILE *f, unsigned int pipeline, struct timeline_lanes *l, double interval_ms,
	       double ns_per_cycle, unsigned int capacity, bool final)
{
	unsigned int rows = 0;

	for (;;) {
		if (!l->have_rx)
			l->have_rx = tl_rx_ring_dequeue(l->rx, &l->pend_rx) == 0;
		if (!l->have_parse)
			l->have_parse = tl_parse_ring_dequeue(l->parse, &l->pend_parse) == 0;
		if (!l->have_rx && !l->have_parse)
			return rows;
		if (!l->have_rx || !l->have_parse) {
			if (!final)
				return rows;
			/* The run is over and one side has nothing more:
			 * it did nothing in the other's intervals. */
			write_alone(f, pipeline, l, interval_ms, ns_per_cycle, capacity);
			rows++;
			continue;
		}
		if (l->pend_rx.idx != l->pend_parse.idx && !l->joined) {
			/* The lcores start at different times: until both
			 * have a record for the same interval, the earlier
			 * one's intervals are rows of their own, in which the
			 * later one did nothing. (Skipping them would pile
			 * their counts into the first joined row.) */
			write_alone(f, pipeline, l, interval_ms, ns_per_cycle, capacity);
			rows++;
			continue;
		}
		/* A lane that lost records is behind: skip the other side
		 * forward so the two stay joined on the same interval. */
		if (l->pend_rx.idx < l->pend_parse.idx) {
			l->have_rx = 0;
			l->after_gap = true;
			continue;
		}
		if (l->pend_parse.idx < l->pend_rx.idx) {
			l->have_parse = 0;
			l->after_gap = true;
			continue;
		}
		if (l->after_gap) {
			/* The first interval after lost ones: its counts
			 * since the last row span them all, so it only
			 * restarts the counts; every row written covers
			 * its own interval alone. */
			l->prev_rx = l->pend_rx;
			l->prev_parse = l->pend_parse;
			l->have_rx = l->have_parse = 0;
			l->after_gap = false;
			continue;
		}
		write_row(f, pipeline, l, &l->pend_rx, &l->pend_parse, interval_ms,
			  ns_per_cycle, capacity);
		l->have_rx = l->have_parse = 0;
		l->joined = true;
		rows++;
	}
}
