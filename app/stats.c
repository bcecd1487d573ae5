/* SPDX-License-Identifier: BSD-3-Clause */
/* Reading the histograms defined in stats.h. */
#include <math.h>

#include "stats.h"

void
bp_hist_bucket_range(unsigned int i, uint64_t *lo, uint64_t *hi)
{
	unsigned int e, sub;

	if (i < (1u << BP_HIST_SUB_BITS)) {
		*lo = *hi = i;
		return;
	}
	/* Invert bp_hist_index(): i = ((e - SUB + 1) << SUB) + sub. */
	e = (i >> BP_HIST_SUB_BITS) + BP_HIST_SUB_BITS - 1;
	sub = i & ((1u << BP_HIST_SUB_BITS) - 1);
	*lo = (uint64_t)((1u << BP_HIST_SUB_BITS) + sub) << (e - BP_HIST_SUB_BITS);
	*hi = *lo + (UINT64_C(1) << (e - BP_HIST_SUB_BITS)) - 1;
}

uint64_t
bp_hist_quantile(const struct bp_hist *h, double q)
{
	uint64_t rank, seen = 0, lo, hi;

	if (h->count == 0)
		return 0;
	/* The rank-th smallest value, 1-based: ceil(q * count), at least 1. */
	rank = (uint64_t)ceil(q * (double)h->count);
	if (rank < 1)
		rank = 1;
	for (unsigned int i = 0; i < BP_HIST_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen >= rank) {
			bp_hist_bucket_range(i, &lo, &hi);
			return hi < h->max ? hi : h->max;
		}
	}
	return h->max;
}
