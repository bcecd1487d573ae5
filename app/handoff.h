/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hand-off ring between an RX lcore and its parser lcore: spsc_ring (the
 * default) or DPDK's rte_ring in SP/SC mode (--ring rte_ring), behind the
 * same four calls so that everything around the ring is identical and a
 * comparison of the two is fair. The branch on the kind is the same for both
 * and always predicted.
 */
#ifndef BURSTPIPE_HANDOFF_H
#define BURSTPIPE_HANDOFF_H

#include <stdatomic.h>

#include <rte_branch_prediction.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "config.h"
#include "spsc_ring.h"

struct handoff {
	enum bp_ring_kind kind;
	unsigned int capacity;
	struct spsc_ring *spsc;
	struct rte_ring *rte;
	/* rte_ring has no close: the flag lives here for that kind. */
	atomic_uint rte_closed;
};

/* Make the ring on socket (DPDK memory). Returns 0 or a negative errno. */
int handoff_create(struct handoff *h, enum bp_ring_kind kind, unsigned int capacity,
		   int socket, const char *name);

/* Free the ring. Any mbufs left in it are freed and their number returned. */
unsigned int handoff_destroy(struct handoff *h);

static inline unsigned int
handoff_enqueue(struct handoff *h, struct rte_mbuf **m, unsigned int n, unsigned int *free_space)
{
	if (likely(h->kind == BP_RING_SPSC))
		return spsc_ring_enqueue_burst(h->spsc, (void *const *)m, n, free_space);
	return rte_ring_sp_enqueue_burst(h->rte, (void *const *)m, n, free_space);
}

static inline unsigned int
handoff_dequeue(struct handoff *h, struct rte_mbuf **m, unsigned int n, unsigned int *available)
{
	if (likely(h->kind == BP_RING_SPSC))
		return spsc_ring_dequeue_burst(h->spsc, (void **)m, n, available);
	return rte_ring_sc_dequeue_burst(h->rte, (void **)m, n, available);
}

/* Elements in the ring now (either side). */
static inline unsigned int
handoff_count(struct handoff *h)
{
	if (likely(h->kind == BP_RING_SPSC))
		return spsc_ring_count(h->spsc);
	return rte_ring_count(h->rte);
}

/* The producer is done: the consumer drains and stops. */
static inline void
handoff_close(struct handoff *h)
{
	if (h->kind == BP_RING_SPSC)
		spsc_ring_close(h->spsc);
	else
		atomic_store_explicit(&h->rte_closed, 1, memory_order_release);
}

/* Closed and empty: the consumer has everything. */
static inline bool
handoff_drained(struct handoff *h)
{
	if (h->kind == BP_RING_SPSC)
		return spsc_ring_is_drained(h->spsc);
	return atomic_load_explicit(&h->rte_closed, memory_order_acquire) &&
	       rte_ring_count(h->rte) == 0;
}

#endif /* BURSTPIPE_HANDOFF_H */
