/* SPDX-License-Identifier: BSD-3-Clause */
/* Setup and teardown of spsc_ring; the data path is inline in spsc_ring.h. */
#include <stdlib.h>

#include "spsc_ring.h"

/* Smallest power of two >= n, for 1 <= n <= 2^30. */
static uint32_t
round_up_pow2(uint32_t n)
{
	uint32_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/*
 * The ring's bytes must fit in size_t: 2^30 slots of 65536 bytes are 2^46,
 * which a 32-bit size_t would wrap to a few bytes, and a ring created or
 * placed in that little memory would be written far past its end.
 */
static bool
geometry_valid(unsigned int capacity, unsigned int esize)
{
	const size_t room = SIZE_MAX - sizeof(struct spsc_ring) - (SPSC_RING_ALIGN - 1);

	return capacity >= 1 && capacity <= SPSC_RING_CAPACITY_MAX &&
	       esize >= 1 && esize <= SPSC_RING_ESIZE_MAX &&
	       round_up_pow2(capacity) <= room / esize;
}

size_t
spsc_ring_memsize(unsigned int capacity, unsigned int esize)
{
	size_t bytes;

	if (!geometry_valid(capacity, esize))
		return 0;
	bytes = sizeof(struct spsc_ring) + (size_t)round_up_pow2(capacity) * esize;
	/* Whole blocks, so an array of rings keeps each one aligned. */
	return (bytes + SPSC_RING_ALIGN - 1) & ~(size_t)(SPSC_RING_ALIGN - 1);
}

static void
side_init(struct spsc_ring_side *side, uint32_t capacity, uint32_t size, uint32_t esize,
	  uint32_t start_idx)
{
	side->head = start_idx;
	side->other_cache = start_idx;
	side->capacity = capacity;
	side->mask = size - 1;
	side->esize = esize;
	side->mail_armed = false;
	side->mail_void_at = start_idx;	/* the tag indices_init writes */
	side->zc_held = 0;
}

/* Both sides at start_idx: published indices, private copies, an empty mailbox. */
static void
indices_init(struct spsc_ring *r, uint32_t capacity, uint32_t size, uint32_t esize,
	     uint32_t start_idx)
{
	atomic_init(&r->prod_idx, start_idx);
	atomic_init(&r->cons_idx, start_idx);
	/* A tag no consumer will expect before the first element. */
	atomic_init(&r->mail_idx, start_idx + SPSC_RING_MAIL_BUSY);
	for (unsigned int i = 0; i < SPSC_RING_MAIL_BYTES / 8; i++)
		atomic_init(&r->mail[i], 0);
	side_init(&r->prod, capacity, size, esize, start_idx);
	side_init(&r->cons, capacity, size, esize, start_idx);
}

int
spsc_ring_init(struct spsc_ring *r, unsigned int capacity, unsigned int esize)
{
	uint32_t size;

	if (r == NULL || ((uintptr_t)r & (SPSC_RING_ALIGN - 1)) != 0 ||
	    !geometry_valid(capacity, esize))
		return -EINVAL;
	size = round_up_pow2(capacity);
	indices_init(r, capacity, size, esize, 0);
	atomic_init(&r->closed, 0);
	r->capacity = capacity;
	r->size = size;
	r->esize = esize;
	/* No fence: like any object, the ring reaches the threads that use it
	 * through something that orders memory (thread start, a lock, a
	 * release store of the pointer). */
	return 0;
}

struct spsc_ring *
spsc_ring_create(unsigned int capacity, unsigned int esize)
{
	size_t bytes = spsc_ring_memsize(capacity, esize);
	struct spsc_ring *r;

	if (bytes == 0) {
		errno = EINVAL;
		return NULL;
	}
	r = aligned_alloc(SPSC_RING_ALIGN, bytes);
	if (r == NULL) {
		errno = ENOMEM;
		return NULL;
	}
	if (spsc_ring_init(r, capacity, esize) != 0) {
		free(r);
		errno = EINVAL;
		return NULL;
	}
	return r;
}

void
spsc_ring_free(struct spsc_ring *r)
{
	free(r);
}

void
spsc_ring_reset(struct spsc_ring *r, uint32_t start_idx)
{
	indices_init(r, r->capacity, r->size, r->esize, start_idx);
	atomic_store_explicit(&r->closed, 0, memory_order_release);
}
