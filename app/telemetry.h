/* SPDX-License-Identifier: BSD-3-Clause */
/* /burstpipe/stats: the live counters over DPDK telemetry. */
#ifndef BURSTPIPE_TELEMETRY_H
#define BURSTPIPE_TELEMETRY_H

#include "run.h"

/* Register /burstpipe/stats for run r (which must outlive the EAL). */
int telemetry_register(struct run *r);

#endif /* BURSTPIPE_TELEMETRY_H */
