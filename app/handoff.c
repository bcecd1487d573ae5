/* SPDX-License-Identifier: BSD-3-Clause */
/* Creating and destroying the hand-off ring. */
#include <errno.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_malloc.h>

#include "handoff.h"

int
handoff_create(struct handoff *h, enum bp_ring_kind kind, unsigned int capacity,
	       int socket, const char *name)
{
	memset(h, 0, sizeof(*h));
	h->kind = kind;
	h->capacity = capacity;
	atomic_init(&h->rte_closed, 0);
	if (kind == BP_RING_SPSC) {
		size_t bytes = spsc_ring_memsize(capacity, sizeof(struct rte_mbuf *));

		if (bytes == 0)
			return -EINVAL;
		/* On the port's socket, aligned as the ring asks. */
		h->spsc = rte_zmalloc_socket(name, bytes, SPSC_RING_ALIGN, socket);
		if (h->spsc == NULL)
			return -ENOMEM;
		return spsc_ring_init(h->spsc, capacity, sizeof(struct rte_mbuf *));
	}
	h->rte = rte_ring_create(name, capacity, socket,
				 RING_F_SP_ENQ | RING_F_SC_DEQ | RING_F_EXACT_SZ);
	return h->rte == NULL ? -rte_errno : 0;
}

unsigned int
handoff_destroy(struct handoff *h)
{
	struct rte_mbuf *m[64];
	unsigned int left = 0, n;

	if (h->spsc == NULL && h->rte == NULL)
		return 0;
	while ((n = handoff_dequeue(h, m, RTE_DIM(m), NULL)) > 0) {
		rte_pktmbuf_free_bulk(m, n);
		left += n;
	}
	rte_free(h->spsc);
	rte_ring_free(h->rte);
	h->spsc = NULL;
	h->rte = NULL;
	return left;
}
