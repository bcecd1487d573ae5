/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A launch that fails, for the hardening case launch_failure_stops_cleanly.
 * Preloaded into burstpipe, it stands in for DPDK's rte_eal_remote_launch:
 * the app's launch number BP_FAIL_LAUNCH_AT (counting from 1) returns -EBUSY
 * without launching anything, as DPDK does for an lcore that is not idle;
 * every other call goes to the real function. EAL's own launches (in
 * rte_eal_init, of a function inside librte_eal) are not counted. It says
 * on stderr which launch it refused, so a test knows the interposition took
 * place.
 */
#include "shim.h"

#include <errno.h>
#include <stdatomic.h>
#include <string.h>

#include <rte_launch.h>

typedef int launch_fn(lcore_function_t *f, void *arg, unsigned int worker_id);

int
rte_eal_remote_launch(lcore_function_t *f, void *arg, unsigned int worker_id)
{
	static launch_fn *real;
	static atomic_uint calls;
	const char *at = getenv("BP_FAIL_LAUNCH_AT");
	Dl_info where;
	unsigned int n;

	if (real == NULL)
		real = (launch_fn *)shim_real("fail_launch", "rte_eal_remote_launch");
	if (dladdr((void *)f, &where) != 0 && where.dli_fname != NULL &&
	    strstr(where.dli_fname, "librte_eal") != NULL)
		return real(f, arg, worker_id);
	n = atomic_fetch_add(&calls, 1) + 1;
	if (at != NULL && strtoul(at, NULL, 10) == n) {
		fprintf(stderr, "fail_launch: refused launch %u, on lcore %u\n", n, worker_id);
		return -EBUSY;
	}
	return real(f, arg, worker_id);
}
