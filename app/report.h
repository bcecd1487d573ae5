/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The reporter: every figure of stats.h, printed once as a human report on
 * stdout and once as JSON (--stats-json), from the same views; plus the
 * one-line-per-interval progress lines (--stats-period).
 */
#ifndef BURSTPIPE_REPORT_H
#define BURSTPIPE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "run.h"

/* Counters that must add up, checked for the totals and every pipeline. */
bool report_conserved(const struct run *r);

/* Whether an lcore of the last pass, or of any pass of a sweep, lost its
 * CPU for longer than the figures about time tolerate (cpuwait.h): the
 * report then warns. */
bool report_cpu_untrusted(const struct run *r);

void report_text(FILE *f, const struct run *r);
/* The report's warnings about lost CPU alone, as the program's messages
 * ("burstpipe: warning: ..."): for a run whose report is not printed. */
void report_cpu_warnings(FILE *f, const struct run *r);
/* Write the JSON to f (teardown_outputs closes it and checks the writes). */
void report_json(FILE *f, const struct run *r);

/* The sizing table of a --ring-sizes sweep. */
void report_sweep(FILE *f, const struct run *r);

/* One progress line from the live counters; *prev holds the last line's
 * totals and the time it was taken. */
struct report_progress {
	uint64_t tsc;
	uint64_t rx, parsed, dropped;
};
void report_progress_line(FILE *f, const struct run *r, struct report_progress *prev);

#endif /* BURSTPIPE_REPORT_H */
