/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A real leak for the leak check to find (hardening case
 * leak_check_finds_withheld_mbufs). Preloaded into burstpipe, it stands in
 * for DPDK's rte_pktmbuf_free_bulk: the first call that frees at least
 * BP_WITHHOLD_MBUFS mbufs keeps that many back, so they never return to
 * their pool; every other mbuf goes to the real function. It says once, on
 * stderr, how many it kept, so a test knows the interposition took place
 * and how many mbufs the app must find missing.
 */
#include "shim.h"

#include <stdatomic.h>

#include <rte_mbuf.h>

typedef void free_bulk_fn(struct rte_mbuf **mbufs, unsigned int count);

void
rte_pktmbuf_free_bulk(struct rte_mbuf **mbufs, unsigned int count)
{
	static free_bulk_fn *real;
	static atomic_flag kept = ATOMIC_FLAG_INIT;
	const char *want = getenv("BP_WITHHOLD_MBUFS");
	unsigned int n = want != NULL ? (unsigned int)strtoul(want, NULL, 10) : 0;

	if (real == NULL)
		real = (free_bulk_fn *)shim_real("withhold_mbufs", "rte_pktmbuf_free_bulk");
	if (n != 0 && count >= n && !atomic_flag_test_and_set(&kept)) {
		fprintf(stderr, "withhold_mbufs: kept %u mbufs from their pool\n", n);
		count -= n;	/* the last n of this call are never freed */
	}
	real(mbufs, count);
}
