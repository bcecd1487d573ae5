/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CPU an lcore lost: what the scheduler says of its thread when its
 * role's loop starts and when it ends (struct bp_cpu_wait, stats.h). Read
 * from /proc, so never on a hot path: each reading is two file reads.
 */
#ifndef BURSTPIPE_CPUWAIT_H
#define BURSTPIPE_CPUWAIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stats.h"

/*
 * An lcore that lost more than this much of its CPU in a pass, in stalls of
 * this much on average (so at least one that long), makes the report warn
 * that its figures about time cannot be trusted. 1 ms: a ring of 1024
 * behind a parser of 1 us a packet holds 1 ms of work, a train of
 * burst.pcap takes 0.6 ms to drain, and the timeline's interval is 1 ms, so
 * a stall of that size can turn drops, episodes and the sizing verdict. The
 * mean keeps a quiet machine's kernel threads out: on this VM they took
 * 0.1-2 ms of a 0.18 s pass in 2-7 preemptions of 0.05-0.9 ms each, where
 * another busy thread takes 4-8 ms a time (README, "CPU lost").
 */
#define CPUWAIT_WARN_NS 1000000u

/* One reading of a thread's accounting; has_*: the kernel gave it. */
struct cpuwait_sample {
	uint64_t run_delay_ns;		/* schedstat's second field */
	uint64_t nonvoluntary;		/* status's nonvoluntary_ctxt_switches */
	bool has_run_delay;
	bool has_nonvoluntary;
};

/* The run delay (ns waiting on a runqueue) from schedstat's text: "on-CPU
 * ns, run-delay ns, timeslices". 0, or -1 if it is not three numbers. */
int cpuwait_parse_schedstat(const char *text, uint64_t *run_delay_ns);

/* nonvoluntary_ctxt_switches from a status file's text. 0, or -1 if the
 * line is missing or not a number. */
int cpuwait_parse_status(const char *text, uint64_t *nonvoluntary);

/* Read the thread whose /proc directory is dir ("/proc/thread-self": the
 * caller's own; "/proc/self/task/TID": another thread of this process). */
void cpuwait_read(const char *dir, struct cpuwait_sample *s);

/* What was lost from start to end; unknown where either reading lacks it. */
void cpuwait_since(const struct cpuwait_sample *start, const struct cpuwait_sample *end,
		   struct bp_cpu_wait *out);

/* Whether a lcore that lost w makes the figures about time untrustworthy
 * (CPUWAIT_WARN_NS, in total and per stall on average). An unknown wait
 * never warns: it is said unknown. */
bool cpuwait_untrusted(const struct bp_cpu_wait *w);

#endif /* BURSTPIPE_CPUWAIT_H */
