/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One pipeline: an RX queue polled by an RX lcore, an spsc_ring (or
 * rte_ring), and a parser lcore. burstpipe runs one per RX queue
 * (--pipelines N), each with its own ring and its own statistics.
 */
#ifndef BURSTPIPE_PIPELINE_H
#define BURSTPIPE_PIPELINE_H

#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>

#include "config.h"
#include "cpuwait.h"
#include "handoff.h"
#include "stats.h"
#include "timeline.h"

/* What every lcore of a run shares; written by main before launch. */
struct run_ctl {
	atomic_bool stop;		/* a signal, --duration, or a fatal error */
	uint64_t tsc_hz;
	uint64_t start_tsc;		/* common time zero of the run */
	uint64_t deadline_tsc;		/* --duration; 0: none */
	int stamp_offset;		/* our mbuf dynfield: TSC at enqueue */
	int ts_offset;			/* the RX timestamp dynfield, -1: none */
	uint64_t ts_flag;
	uint64_t interval_cycles;	/* timeline interval; 0: no timeline */
	atomic_uint lcores_running;	/* RX and parser lcores still at work */
	_Atomic uint64_t end_tsc;	/* when the last of them ended */
	atomic_uint lcores_ready;	/* launched lcores waiting for go */
	atomic_bool go;			/* all started: time zero is now */
	atomic_bool called_off;		/* set before go: a launch failed, the
					 * lcores leave at go, touching nothing */
};

/*
 * A lane that stops at now, in its interval idx: the length of that last,
 * partial interval, its record's cut_cycles (timeline.h). 0: nothing more to
 * record (no timeline, or now is that interval's start).
 */
static inline uint64_t
run_interval_cut(const struct run_ctl *ctl, uint64_t idx, uint64_t now)
{
	if (ctl->interval_cycles == 0)
		return 0;
	return now - (ctl->start_tsc + idx * ctl->interval_cycles);
}

/*
 * An lcore's scheduler reading at the start of its loop, so that telemetry
 * can tell what it has lost so far without the lcore reading anything in
 * its loop. tid: its thread, stored (release) after start; 0 before the
 * loop and again once it has ended, when the bp_cpu_wait in its statistics
 * is final.
 */
struct lcore_cpu {
	struct cpuwait_sample start;
	_Atomic int tid;
};

struct pipeline {
	unsigned int id;
	const struct bp_config *cfg;
	struct run_ctl *ctl;
	uint16_t port;
	uint16_t queue;
	unsigned int rx_lcore;
	unsigned int parser_lcore;

	/* The source. A replay ends when the expected packets have been
	 * received (the pcap PMD gives no end-of-file); a live port does not. */
	bool replay;
	uint64_t expected;
	/* The port's rx_nombuf counts packets the PMD read but could not
	 * deliver: this queue's, when it is the port's only one (otherwise
	 * the count cannot be split among queues, and a replay that lost
	 * packets that way ends by stalling). Counted from nombuf_base. */
	bool nombuf_is_ours;
	uint64_t nombuf_base;
	bool paced;			/* --replay-speed or --pps */
	uint64_t first_ts_ns;		/* capture time of the file's first packet */
	double ts_unit_ns;		/* the PMD's time stamps' unit (1000: us); 0: none seen */

	struct handoff ring;
	unsigned int episode_high;	/* slots: an episode starts at this occupancy */
	unsigned int episode_low;	/* and ends at or below this one */

	/* Written by the RX lcore. */
	struct bp_rx_stats rx;
	struct lcore_cpu rx_cpu;
	bool stalled;			/* replay gave up waiting for packets */
	uint64_t past_end;		/* records read past the last good one: freed */

	/* Written by the parser lcore. */
	struct bp_parser_stats parser;
	struct lcore_cpu parser_cpu;
	/* When the parser last took the ring's last packet (its TSC after that
	 * dequeue), and how many it had taken by then, stored (the count last,
	 * release) at its next poll, which found the ring empty. RX reads them
	 * after a gap in its own occupancy readings (rx.c). A line of their
	 * own: RX's reads move no line the parser writes on every burst. */
	alignas(RTE_CACHE_LINE_SIZE) _Atomic uint64_t drained_tsc;
	_Atomic uint64_t drained_count;

	/* Per-interval records for the timeline, RX and parser side. */
	alignas(RTE_CACHE_LINE_SIZE) struct timeline_lanes lanes;
} __rte_cache_aligned;

/* The lcore entry points (rte_eal_remote_launch). */
int rx_lcore_main(void *pipeline);
int parser_lcore_main(void *pipeline);

#endif /* BURSTPIPE_PIPELINE_H */
