/* SPDX-License-Identifier: BSD-3-Clause */
/* Setting a run up (after EAL and the options) and tearing it down. */
#ifndef BURSTPIPE_SETUP_H
#define BURSTPIPE_SETUP_H

#include <stddef.h>

#include "run.h"

/* Note the CPUs the process may use, before EAL pins its threads: the
 * too-few-lcores error suggests lcores on them. */
void setup_note_cpus(void);

/* Output files, lcores, source, pool, port, pipelines, telemetry. Returns 0,
 * or -1 with one line in err. */
int setup_run(struct run *r, const struct bp_config *cfg, char *err, size_t errlen);

/* Create or empty the --stats-json file, if one was asked for, once there is
 * a report to write in it: a run that fails before then leaves an earlier
 * run's file as it was. Returns 0, or -1 with one line in err. */
int setup_open_json(struct run *r, char *err, size_t errlen);

/* Start a replay over from the beginning (between sizing passes). */
int setup_rewind(struct run *r, char *err, size_t errlen);

/* Close the port, check every mbuf is back in the pool. */
void teardown_run(struct run *r);

/* Last of all, when everything is written: close the timeline and the JSON
 * and flush stdout. Returns 0, or -1 after one line on stderr for each of
 * them that lost a write (the exit status must say so). */
int teardown_outputs(struct run *r);

/* Flush stdout: 0, or -1 after one line on stderr if a write to it failed
 * (the --help text into a full disk, say). */
int flush_stdout(void);

#endif /* BURSTPIPE_SETUP_H */
