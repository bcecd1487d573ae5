/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What test_ring_cxx.cpp (C++) and test_ring_cxx_c.c (C) share: the element
 * type, how an element is made from its sequence number, the layout they
 * compare, and the C half's calls. Both include spsc_ring.h, each compiled
 * in its own language, so a ring passed between them proves that the two
 * compilations agree.
 */
#ifndef TEST_RING_CXX_H
#define TEST_RING_CXX_H

#include <stddef.h>
#include <stdint.h>

#include "spsc_ring.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 32 bytes: goes through the mailbox and the inline word copy. */
struct frame_desc {
	uint64_t seq;
	uint64_t pts_ns;
	uint32_t buf;
	uint32_t flags;
	uint64_t check;
};
SPSC_RING_DECLARE(frame_ring, struct frame_desc)

static inline struct frame_desc
frame_make(uint64_t seq)
{
	struct frame_desc f;

	f.seq = seq;
	f.pts_ns = seq * 33366667u;
	f.buf = (uint32_t)(seq % 8);
	f.flags = ~(uint32_t)seq;
	f.check = seq * 0x9e3779b97f4a7c15u;
	return f;
}

/* Frame seq exactly as frame_make() made it. */
static inline bool
frame_is(const struct frame_desc *f, uint64_t seq)
{
	struct frame_desc want = frame_make(seq);

	return f->seq == want.seq && f->pts_ns == want.pts_ns && f->buf == want.buf &&
	       f->flags == want.flags && f->check == want.check;
}

/* xorshift32: each side picks its calls and burst sizes from its own. */
static inline uint32_t
test_rand(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

/* How many elements a producer's next call moves: 1 to 32, at most left. */
static inline unsigned int
test_burst(uint32_t *state, uint64_t left)
{
	unsigned int k = 1 + test_rand(state) % 32;

	return k < left ? k : (unsigned int)left;
}

/* Every size and offset a ring shared between C and C++ depends on. */
#define TEST_RING_CXX_LAYOUT(X)							\
	X(sizeof(struct spsc_ring)) X(alignof(struct spsc_ring))		\
	X(offsetof(struct spsc_ring, prod_idx))					\
	X(offsetof(struct spsc_ring, mail_idx))					\
	X(offsetof(struct spsc_ring, mail)) X(sizeof(((struct spsc_ring *)0)->mail)) \
	X(offsetof(struct spsc_ring, cons_idx))					\
	X(offsetof(struct spsc_ring, prod)) X(offsetof(struct spsc_ring, cons))	\
	X(offsetof(struct spsc_ring, closed))					\
	X(offsetof(struct spsc_ring, capacity))					\
	X(offsetof(struct spsc_ring, size)) X(offsetof(struct spsc_ring, esize))	\
	X(offsetof(struct spsc_ring, slots))					\
	X(sizeof(struct spsc_ring_side)) X(alignof(struct spsc_ring_side))	\
	X(offsetof(struct spsc_ring_side, head))				\
	X(offsetof(struct spsc_ring_side, other_cache))				\
	X(offsetof(struct spsc_ring_side, capacity))				\
	X(offsetof(struct spsc_ring_side, mask))				\
	X(offsetof(struct spsc_ring_side, esize))				\
	X(offsetof(struct spsc_ring_side, mail_armed))				\
	X(offsetof(struct spsc_ring_side, mail_void_at))			\
	X(offsetof(struct spsc_ring_side, zc_held))				\
	X(sizeof(struct spsc_ring_zc))						\
	X(offsetof(struct spsc_ring_zc, ptr1)) X(offsetof(struct spsc_ring_zc, n1)) \
	X(offsetof(struct spsc_ring_zc, ptr2)) X(offsetof(struct spsc_ring_zc, n2)) \
	X(sizeof(struct frame_desc))

struct layout_entry {
	const char *what;
	size_t value;
};
#define TEST_RING_CXX_ENTRY(e) {#e, e},

/* The layout as C sees it, in TEST_RING_CXX_LAYOUT's order; n gets its length. */
const struct layout_entry *test_ring_cxx_c_layout(size_t *n);

/* Make a ring in mem as a C program would (spsc_ring_init, from C). */
struct frame_ring *test_ring_cxx_c_place(void *mem, unsigned int capacity);

/* C producer: frames 0..n-1 in bursts and single calls, then close. */
void test_ring_cxx_c_produce(struct frame_ring *q, uint64_t n);

/* C consumer: takes frames until the ring is closed and drained. Returns how
 * many came in order and intact; *bad gets the others. */
uint64_t test_ring_cxx_c_consume(struct frame_ring *q, uint64_t *bad);

#ifdef __cplusplus
}
#endif

#endif /* TEST_RING_CXX_H */
