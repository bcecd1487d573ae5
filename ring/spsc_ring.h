/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spsc_ring: a lock-free single-producer/single-consumer ring of fixed-size
 * elements, in plain C11 (no DPDK dependency). The header is also C++11 and
 * later; spsc_ring.c is compiled as C either way.
 *
 * Threads: one producer thread calls the producer calls (enqueue*, the
 * zero-copy reserve/commit), one consumer thread calls the consumer calls
 * (dequeue*, peek/release). capacity(), count(), free_count(), close() and
 * is_closed() may be called from any thread. The two sides may change threads
 * only with an external happens-before (a join, a lock) between the old and
 * the new thread.
 *
 * Capacity is exact: a ring created for N elements holds N, not N-1 and not
 * the next power of two. Storage is rounded up to a power of two so that a
 * slot is found with a mask.
 *
 * The ring holds no pointer to itself and uses only lock-free, address-free
 * 32- and 64-bit atomics, so it can live in memory the caller provides
 * (spsc_ring_memsize + spsc_ring_init): hugepage memory on the right NUMA
 * node, or a MAP_SHARED mapping used by two processes.
 *
 * How it is fast:
 *  - Every line has one writer. What a side publishes (its index) sits in a
 *    line of its own, which that side only writes and the other side only
 *    reads; what a side keeps to itself (its own index, its cached view of
 *    the other's, the geometry) sits in a line the other side never touches.
 *    A side that read its own published line before writing it would find
 *    the other core had taken it away, and pay a transfer for nothing.
 *  - Blocks are 128 bytes apart (two cache lines: the adjacent-line
 *    prefetcher fetches lines in pairs, so 64 bytes apart is not apart).
 *  - Each side reads the other's published index only when its cached view
 *    says full (producer) or empty (consumer).
 *  - A one-element enqueue also posts the element in a mailbox beside the
 *    producer's index, so a consumer waiting on an empty ring gets index and
 *    element in one cache-line transfer instead of two (index, then slot).
 *  - No read-modify-write atomics: each index has one writer, which publishes
 *    it with a release store.
 *  - Indices are free-running 32-bit counters: count = prod - cons in
 *    unsigned arithmetic, correct across the wrap at 2^32 because capacity is
 *    at most 2^30.
 *  - Copies work on the (at most two) contiguous spans of slots, not slot by
 *    slot through the mask.
 */
#ifndef SPSC_RING_H
#define SPSC_RING_H

#include <assert.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * C or C++: the few spellings that differ. In C each macro expands to the
 * C11 form the ring was written in, so a C caller compiles the same code as
 * before C++ was supported. In C++ the atomics are std::atomic<T>, which
 * g++ and clang++ lay out as C lays out _Atomic T (asserted after the
 * structs), so C and C++ code can share one ring, in one process or in
 * shared memory.
 */
#ifdef __cplusplus
#include <atomic>
#include <type_traits>
#define SPSC_RING_ATOMIC(T) std::atomic<T>
#define SPSC_RING_LOAD(obj, order) (obj)->load(std::memory_order_##order)
#define SPSC_RING_STORE(obj, val, order) (obj)->store((val), std::memory_order_##order)
#define SPSC_RING_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
/* ATOMIC_*_LOCK_FREE of T's own type: what std::atomic<T>::is_always_lock_free
 * says from C++17 on. */
#define SPSC_RING_LOCK_FREE(T)							\
	(std::is_same<T, unsigned int>::value ? ATOMIC_INT_LOCK_FREE :		\
	 std::is_same<T, unsigned long>::value ? ATOMIC_LONG_LOCK_FREE :	\
	 std::is_same<T, unsigned long long>::value ? ATOMIC_LLONG_LOCK_FREE : 0)
#if defined(__GNUC__)
#define SPSC_RING_RESTRICT __restrict__
#else
#define SPSC_RING_RESTRICT
#endif
/* static_cast, so that a C++ build with -Wold-style-cast stays quiet. */
#define SPSC_RING_CAST(T, x) static_cast<T>(x)
#else
#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#define SPSC_RING_ATOMIC(T) _Atomic T
#define SPSC_RING_LOAD(obj, order) atomic_load_explicit(obj, memory_order_##order)
#define SPSC_RING_STORE(obj, val, order) atomic_store_explicit(obj, val, memory_order_##order)
#define SPSC_RING_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#define SPSC_RING_LOCK_FREE(T) _Generic((T)0,					\
	unsigned int: ATOMIC_INT_LOCK_FREE,					\
	unsigned long: ATOMIC_LONG_LOCK_FREE,					\
	unsigned long long: ATOMIC_LLONG_LOCK_FREE,				\
	default: 0)
#define SPSC_RING_RESTRICT restrict
#define SPSC_RING_CAST(T, x) ((T)(x))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Largest capacity: indices are 32-bit and count must stay below 2^31. */
#define SPSC_RING_CAPACITY_MAX (1u << 30)
/* Largest element size, in bytes. */
#define SPSC_RING_ESIZE_MAX 65536u
/* Alignment of the ring and of each side's block: two cache lines. */
#define SPSC_RING_ALIGN 128

/* Bytes of an element the producer also posts in its mailbox (see below). */
#define SPSC_RING_MAIL_BYTES 40u

/*
 * What one side keeps to itself, in a line the other side never touches.
 * Its own index is here too (head), so that a call reads nothing the other
 * core has in its cache: a line both cores read while one writes it moves
 * back and forth between them, and each move costs a cache-miss.
 */
struct spsc_ring_side {
	/* Elements this side has moved, ever (mod 2^32): the private copy of
	 * the index it publishes. */
	uint32_t head;
	/* This side's last view of the other side's published index. */
	uint32_t other_cache;
	/* Copies of the geometry, so the fast path reads only this block, the
	 * slots and the other side's published line. */
	uint32_t capacity;
	uint32_t mask;
	uint32_t esize;
	/* Producer only: the mailbox holds an element a consumer may take. */
	bool mail_armed;
	/* Producer only: the index the void tag now in mail_idx was written
	 * at. Bursts leave that tag alone; before the indices come round to
	 * it (2^31 on), a fresh read of cons_idx writes it again. */
	uint32_t mail_void_at;
	/* Slots (producer) or elements (consumer) the last zero-copy reserve
	 * or peek handed out that no commit or release has passed on yet: the
	 * most the next commit or release may take, checked by assert(). */
	uint32_t zc_held;
};

/*
 * Each published line has one writer and one reader. The producer's line
 * also holds the mailbox: a copy of the newest element it published, tagged
 * with the index that published it. A consumer that polls an empty ring and
 * then sees exactly one new element takes it from the mailbox, in the line
 * it just fetched, instead of fetching the slot's line as well.
 */
#if defined(__cplusplus) && defined(__GNUC__)
/* slots[] is a flexible array member: C99, and in C++ an extension g++ and
 * clang++ lay out as C does, which -Wpedantic would flag in every user. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
struct spsc_ring {
	/* Written by the producer (release), read by the consumer (acquire)
	 * when its cached view says empty. */
	alignas(SPSC_RING_ALIGN) SPSC_RING_ATOMIC(uint32_t) prod_idx;
	/* For elements of at most SPSC_RING_MAIL_BYTES: the index that
	 * published mail (element mail_idx - 1 is in it), or
	 * SPSC_RING_MAIL_BUSY away from any index while the producer rewrites
	 * it. A seqlock with one writer: the consumer trusts mail only if it
	 * reads the same mail_idx before and after copying it. */
	SPSC_RING_ATOMIC(uint32_t) mail_idx;
	SPSC_RING_ATOMIC(uint64_t) mail[SPSC_RING_MAIL_BYTES / 8];
	/* Written by the consumer (release), read by the producer (acquire)
	 * when its cached view says full. */
	alignas(SPSC_RING_ALIGN) SPSC_RING_ATOMIC(uint32_t) cons_idx;
	alignas(SPSC_RING_ALIGN) struct spsc_ring_side prod;
	alignas(SPSC_RING_ALIGN) struct spsc_ring_side cons;
	/* Rarely written: the close flag and the geometry for any thread. */
	alignas(SPSC_RING_ALIGN) SPSC_RING_ATOMIC(uint32_t) closed;
	uint32_t capacity;	/* elements the ring holds */
	uint32_t size;		/* slots allocated: capacity rounded up to 2^k */
	uint32_t esize;		/* bytes per element */
	alignas(SPSC_RING_ALIGN) unsigned char slots[];
};
#if defined(__cplusplus) && defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

/*
 * What the ring relies on, checked in every C and C++ file that includes
 * it. The layout is the contract between the two languages: a ring made by
 * spsc_ring.c, or placed in shared memory by a C process, is used by C++
 * code that lays the struct out with these same numbers.
 */
/* Lock-free, so address-free: the ring works across processes, and no call
 * takes a hidden lock. Each type's own macro: uint64_t is long on LP64,
 * long long on 32-bit targets. */
SPSC_RING_STATIC_ASSERT(SPSC_RING_LOCK_FREE(uint32_t) == 2, "32-bit atomics must be lock-free");
SPSC_RING_STATIC_ASSERT(SPSC_RING_LOCK_FREE(uint64_t) == 2, "64-bit atomics must be lock-free");
/* An atomic is its plain type in memory, naturally aligned. */
SPSC_RING_STATIC_ASSERT(sizeof(SPSC_RING_ATOMIC(uint32_t)) == 4 &&
			alignof(SPSC_RING_ATOMIC(uint32_t)) == 4 &&
			sizeof(SPSC_RING_ATOMIC(uint64_t)) == 8 &&
			alignof(SPSC_RING_ATOMIC(uint64_t)) == 8,
			"atomics have the size and alignment of their type");
SPSC_RING_STATIC_ASSERT(sizeof(uint32_t) == sizeof(unsigned int), "unsigned int is 32 bits");
SPSC_RING_STATIC_ASSERT(offsetof(struct spsc_ring, mail_idx) == 4 &&
			offsetof(struct spsc_ring, mail) == 8 &&
			offsetof(struct spsc_ring, mail) + SPSC_RING_MAIL_BYTES <= 64,
			"the mailbox shares the producer index's cache line");
/* Published indices and private blocks each in a line pair of their own. */
SPSC_RING_STATIC_ASSERT(offsetof(struct spsc_ring, cons_idx) == 1 * SPSC_RING_ALIGN &&
			offsetof(struct spsc_ring, prod) == 2 * SPSC_RING_ALIGN &&
			offsetof(struct spsc_ring, cons) == 3 * SPSC_RING_ALIGN &&
			offsetof(struct spsc_ring, closed) == 4 * SPSC_RING_ALIGN,
			"every block has a line pair of its own");
SPSC_RING_STATIC_ASSERT(offsetof(struct spsc_ring, capacity) == 4 * SPSC_RING_ALIGN + 4 &&
			offsetof(struct spsc_ring, size) == 4 * SPSC_RING_ALIGN + 8 &&
			offsetof(struct spsc_ring, esize) == 4 * SPSC_RING_ALIGN + 12 &&
			offsetof(struct spsc_ring, slots) == 5 * SPSC_RING_ALIGN &&
			sizeof(struct spsc_ring) == 5 * SPSC_RING_ALIGN &&
			alignof(struct spsc_ring) == SPSC_RING_ALIGN,
			"the geometry and the slots where spsc_ring.c puts them");
SPSC_RING_STATIC_ASSERT(offsetof(struct spsc_ring_side, mail_armed) == 20 &&
			offsetof(struct spsc_ring_side, mail_void_at) == 24 &&
			offsetof(struct spsc_ring_side, zc_held) == 28 &&
			sizeof(struct spsc_ring_side) == 32,
			"each side's block as spsc_ring.c initialises it");

/*
 * Two contiguous spans of slots, handed out by the zero-copy calls. The
 * first span holds n1 elements at ptr1, the second (after the wrap, from
 * slot 0) n2 elements at ptr2; n2 is 0 and ptr2 NULL when nothing wraps.
 */
struct spsc_ring_zc {
	void *ptr1;
	unsigned int n1;
	void *ptr2;
	unsigned int n2;
};

/* ---- Setup (any thread, before the ring is in use) ---- */

/*
 * Bytes needed for a ring of capacity elements of esize bytes, or 0 if
 * capacity is not in [1, SPSC_RING_CAPACITY_MAX], esize not in
 * [1, SPSC_RING_ESIZE_MAX], or the bytes do not fit in size_t (a 32-bit
 * size_t holds less than the largest ring: 2^30 slots of 65536 bytes).
 */
size_t spsc_ring_memsize(unsigned int capacity, unsigned int esize);

/*
 * Make an empty ring in caller-provided memory of spsc_ring_memsize() bytes,
 * aligned to SPSC_RING_ALIGN. Returns 0, or -EINVAL for a NULL or misaligned
 * r or an invalid capacity or esize (one for which spsc_ring_memsize()
 * returns 0).
 */
int spsc_ring_init(struct spsc_ring *r, unsigned int capacity, unsigned int esize);

/*
 * Allocate and initialise a ring. Returns NULL with errno EINVAL (bad
 * capacity or esize) or ENOMEM. Release it with spsc_ring_free().
 */
struct spsc_ring *spsc_ring_create(unsigned int capacity, unsigned int esize);

/* Free a ring from spsc_ring_create(). NULL is a no-op. */
void spsc_ring_free(struct spsc_ring *r);

/*
 * Empty the ring, reopen it, and start both indices at start_idx. Only while
 * no thread uses the ring. Reusing a ring, and testing the index wrap (a
 * start_idx just below UINT32_MAX), are what it is for.
 */
void spsc_ring_reset(struct spsc_ring *r, uint32_t start_idx);

/* ---- Queries (any thread) ---- */

static inline unsigned int
spsc_ring_capacity(const struct spsc_ring *r)
{
	return r->capacity;
}

/* Bytes per element. */
static inline unsigned int
spsc_ring_esize(const struct spsc_ring *r)
{
	return r->esize;
}

/*
 * Elements in the ring. Exact when called by the producer or the consumer.
 * From a third thread, an estimate that need not have held at any instant
 * when both sides move during the call: at least the count at its first
 * read (of the consumer's index), at most that plus what the producer added
 * during the call, and never more than capacity.
 */
static inline unsigned int
spsc_ring_count(const struct spsc_ring *r)
{
	/* Load cons first: prod only grows, so the difference can only be
	 * overstated by a third thread, never negative; clamp that. */
	uint32_t cons = SPSC_RING_LOAD(&r->cons_idx, acquire);
	uint32_t prod = SPSC_RING_LOAD(&r->prod_idx, acquire);
	uint32_t n = prod - cons;

	return n > r->capacity ? r->capacity : n;
}

/* Free slots: capacity - count. Same exactness as spsc_ring_count(). */
static inline unsigned int
spsc_ring_free_count(const struct spsc_ring *r)
{
	return r->capacity - spsc_ring_count(r);
}

static inline bool
spsc_ring_empty(const struct spsc_ring *r)
{
	return spsc_ring_count(r) == 0;
}

static inline bool
spsc_ring_full(const struct spsc_ring *r)
{
	return spsc_ring_count(r) == r->capacity;
}

/* ---- Close (any thread) ---- */

/*
 * Close the ring. Either side may close it; closing twice is harmless.
 * Closing does not refuse further calls: it is a signal each side checks
 * when it finds the ring empty (consumer: nothing more is coming) or full
 * (producer: nobody will make room). The wait helpers below stop on it.
 */
static inline void
spsc_ring_close(struct spsc_ring *r)
{
	/* Release: every element the closer committed before closing is
	 * visible to whoever sees the flag (acquire in is_closed). */
	SPSC_RING_STORE(&r->closed, 1, release);
}

/*
 * True once either side has closed the ring. When it returns true, every
 * element committed before the close is visible to the caller's next
 * dequeue: a consumer drains until empty, then stops.
 */
static inline bool
spsc_ring_is_closed(const struct spsc_ring *r)
{
	return SPSC_RING_LOAD(&r->closed, acquire) != 0;
}

/* True when the ring is closed and nothing is left to dequeue (consumer). */
static inline bool
spsc_ring_is_drained(const struct spsc_ring *r)
{
	/* Closed first, then count: the acquire on closed makes the final
	 * prod index visible to the count that follows. */
	return spsc_ring_is_closed(r) && spsc_ring_count(r) == 0;
}

/* The CPU's spin-wait hint (x86 pause, Arm yield). */
static inline void
spsc_ring_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
	__asm__ __volatile__("yield" ::: "memory");
#endif
}

/* ---- Internals shared by the calls below ---- */

/*
 * GCC cannot always prove that the 32-byte block copy is dead when a caller
 * passes a one-element array with n == 1, and warns about a read it never
 * makes. The warning would land in every user's build: silence it here.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#endif

#if defined(__GNUC__)
#define SPSC_RING_LIKELY(x) __builtin_expect(!!(x), 1)
#define SPSC_RING_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define SPSC_RING_CONSTANT(x) __builtin_constant_p(x)
#define SPSC_RING_UNUSED __attribute__((unused))
#else
#define SPSC_RING_UNUSED
#define SPSC_RING_LIKELY(x) (x)
#define SPSC_RING_UNLIKELY(x) (x)
#define SPSC_RING_CONSTANT(x) 0
#endif

/*
 * Move w 8-byte words. 32-byte blocks become vector moves; the tail of at
 * most three words is a switch, because GCC turns a plain tail loop into a
 * call to memmove, which costs more than the copy for short bursts.
 */
static inline void
spsc_ring__copy_words(void *SPSC_RING_RESTRICT dst, const void *SPSC_RING_RESTRICT src,
		      size_t w)
{
	unsigned char *d = SPSC_RING_CAST(unsigned char *, dst);
	const unsigned char *s = SPSC_RING_CAST(const unsigned char *, src);
	size_t i = 0;

	for (; i + 4 <= w; i += 4)
		memcpy(d + i * 8, s + i * 8, 32);
	switch (w - i) {
	case 3:
		memcpy(d + (i + 2) * 8, s + (i + 2) * 8, 8);
		/* fall through */
	case 2:
		memcpy(d + (i + 1) * 8, s + (i + 1) * 8, 8);
		/* fall through */
	case 1:
		memcpy(d + i * 8, s + i * 8, 8);
		/* fall through */
	default:
		break;
	}
}

/*
 * Copy n elements of esize bytes. When esize is a compile-time constant
 * (every pointer and typed call) and a multiple of 8 up to 64 bytes, the copy
 * is inline word moves; otherwise libc's memcpy, which wins for large or odd
 * sizes.
 */
static inline void
spsc_ring__copy(void *SPSC_RING_RESTRICT dst, const void *SPSC_RING_RESTRICT src,
		unsigned int n, unsigned int esize)
{
	if (SPSC_RING_CONSTANT(esize) && esize % 8 == 0 && esize <= 64)
		spsc_ring__copy_words(dst, src, SPSC_RING_CAST(size_t, n) * (esize / 8));
	else
		memcpy(dst, src, SPSC_RING_CAST(size_t, n) * esize);
}

/* Publish the producer's index: the slots before prod hold elements. */
static inline void
spsc_ring__prod_publish(struct spsc_ring *r, uint32_t prod)
{
	r->prod.head = prod;
	/* Release: the slot writes before it are visible before the new index
	 * is (pairs with the consumer's acquire). */
	SPSC_RING_STORE(&r->prod_idx, prod, release);
}

/* Publish the consumer's index: the slots before cons are free again. */
static inline void
spsc_ring__cons_publish(struct spsc_ring *r, uint32_t cons)
{
	r->cons.head = cons;
	/* Release: our slot reads complete before the producer may reuse the
	 * slots (pairs with its acquire). */
	SPSC_RING_STORE(&r->cons_idx, cons, release);
}

/* mail_idx while the producer rewrites the mailbox, or once a burst voided
 * it: 2^31 away from the index being published, so never equal to an index a
 * consumer could expect (a consumer is at most capacity <= 2^30 behind). */
#define SPSC_RING_MAIL_BUSY 0x80000000u

/*
 * Void the mailbox at index prod (producer): its tag then names prod + 2^31,
 * an index no consumer can expect before the producer has published 2^31
 * more. The release of prod_idx that follows carries the store.
 */
static inline void
spsc_ring__mail_void(struct spsc_ring *r, uint32_t prod)
{
	SPSC_RING_STORE(&r->mail_idx, prod + SPSC_RING_MAIL_BUSY, relaxed);
	r->prod.mail_armed = false;
	r->prod.mail_void_at = prod;
}

/*
 * Free slots from a fresh read of cons_idx: when the cached view is short,
 * and at the start of every call whose caller asked for free_space (then the
 * miss overlaps the copy instead of following it, as in rte_ring, which reads
 * it at the start anyway).
 */
static inline uint32_t
spsc_ring__prod_room_fresh(struct spsc_ring *r, uint32_t prod)
{
	/* Acquire pairs with the consumer's release of cons_idx: its reads of
	 * the slots it gave back happen before we overwrite them. */
	r->prod.other_cache = SPSC_RING_LOAD(&r->cons_idx, acquire);
	/* A void tag ages as the indices move on: 2^31 elements later it would
	 * match. This read comes at least once per capacity (<= 2^30) elements,
	 * so voiding again once 2^30 have passed keeps every index published
	 * under the tag short of it; the calls between reads pay nothing. */
	if (SPSC_RING_UNLIKELY(prod - r->prod.mail_void_at >= SPSC_RING_CAPACITY_MAX))
		spsc_ring__mail_void(r, prod);
	return r->prod.capacity - (prod - r->prod.other_cache);
}

/* Elements from a fresh read of prod_idx: the mirror of the above. */
static inline uint32_t
spsc_ring__cons_avail_fresh(struct spsc_ring *r, uint32_t cons)
{
	/* Acquire pairs with the producer's release of prod_idx: the slot
	 * contents it wrote are visible before we read them. */
	r->cons.other_cache = SPSC_RING_LOAD(&r->prod_idx, acquire);
	return r->cons.other_cache - cons;
}

/*
 * Free slots as the producer sees them: the cached view, refreshed when it is
 * short of n, or always when the caller wants the count (free_space).
 */
static inline uint32_t
spsc_ring__prod_room(struct spsc_ring *r, uint32_t prod, unsigned int n, bool fresh)
{
	uint32_t room = r->prod.capacity - (prod - r->prod.other_cache);

	return room < n || fresh ? spsc_ring__prod_room_fresh(r, prod) : room;
}

/* Elements as the consumer sees them: the mirror of the above (available). */
static inline uint32_t
spsc_ring__cons_avail(struct spsc_ring *r, uint32_t cons, unsigned int n, bool fresh)
{
	uint32_t avail = r->cons.other_cache - cons;

	return avail < n || fresh ? spsc_ring__cons_avail_fresh(r, cons) : avail;
}

/* Whether elements of esize bytes go through the mailbox. Compiles to a
 * constant where esize is one. */
static inline bool
spsc_ring__mail_fits(unsigned int esize)
{
	return esize <= SPSC_RING_MAIL_BYTES;
}

/*
 * Keep the mailbox true for the move of prod_idx from prod to prod + n
 * (producer, before that release). A one-element publish posts its element
 * (obj). A consumer takes from the mailbox only right after it refreshed its
 * view and found exactly one new element, which after a burst happens only
 * if it already took all but the last: bursts do not post, so they cost
 * nothing. They void an armed mailbox instead, so that an old tag can never
 * match again once the indices have gone round 2^32. (A void tag that
 * bursts leave alone is renewed in spsc_ring__prod_room_fresh.)
 */
static inline void
spsc_ring__mail_update(struct spsc_ring *r, uint32_t prod, uint32_t n, const void *obj,
		       unsigned int esize)
{
	const unsigned char *src = SPSC_RING_CAST(const unsigned char *, obj);

	if (!spsc_ring__mail_fits(esize))
		return;
	if (n != 1) {
		if (r->prod.mail_armed)
			spsc_ring__mail_void(r, prod);
		return;
	}
	SPSC_RING_STORE(&r->mail_idx, prod + SPSC_RING_MAIL_BUSY, relaxed);
	for (unsigned int off = 0; off < esize; off += 8) {
		uint64_t w = 0;

		memcpy(&w, src + off, esize - off < 8 ? esize - off : 8);
		/* Release: a consumer that reads this word also sees the busy
		 * tag above (or a newer one) when it checks the tag again.
		 * Plain stores on x86, as the relaxed ones would be. */
		SPSC_RING_STORE(&r->mail[off / 8], w, release);
	}
	/* Release: the words are visible before the tag that vouches for them. */
	SPSC_RING_STORE(&r->mail_idx, prod + 1, release);
	if (!r->prod.mail_armed)
		r->prod.mail_armed = true;
}

/*
 * Take element cons from the mailbox into obj (consumer, having just read
 * prod_idx == cons + 1 with acquire). False when the producer has moved on
 * and is rewriting or has rewritten the mailbox: the slot still holds the
 * element, so the caller reads it there.
 */
static inline bool
spsc_ring__mail_take(struct spsc_ring *r, uint32_t cons, void *obj, unsigned int esize)
{
	uint64_t words[SPSC_RING_MAIL_BYTES / 8];

	/* Acquire pairs with the release of the tag in mail_update. */
	if (SPSC_RING_LOAD(&r->mail_idx, acquire) != cons + 1)
		return false;
	/* Acquire: the second read of the tag comes after the words. */
	for (unsigned int off = 0; off < esize; off += 8)
		words[off / 8] = SPSC_RING_LOAD(&r->mail[off / 8], acquire);
	if (SPSC_RING_LOAD(&r->mail_idx, relaxed) != cons + 1)
		return false;
	memcpy(obj, words, esize);
	return true;
}

/* Copy n elements from objs into the slots from index prod on (wrapping). */
static inline void
spsc_ring__copy_in(struct spsc_ring *r, uint32_t prod, const void *objs,
		   unsigned int esize, unsigned int n)
{
	uint32_t size = r->prod.mask + 1;
	uint32_t at = prod & r->prod.mask;
	unsigned char *slots = r->slots;

	if (SPSC_RING_LIKELY(at + n <= size)) {
		spsc_ring__copy(slots + SPSC_RING_CAST(size_t, at) * esize, objs, n, esize);
	} else {
		unsigned int first = size - at;

		spsc_ring__copy(slots + SPSC_RING_CAST(size_t, at) * esize, objs, first, esize);
		spsc_ring__copy(slots, SPSC_RING_CAST(const unsigned char *, objs) +
				SPSC_RING_CAST(size_t, first) * esize, n - first, esize);
	}
}

/* Copy n elements from the slots from index cons on into objs. */
static inline void
spsc_ring__copy_out(struct spsc_ring *r, uint32_t cons, void *objs,
		    unsigned int esize, unsigned int n)
{
	uint32_t size = r->cons.mask + 1;
	uint32_t at = cons & r->cons.mask;
	const unsigned char *slots = r->slots;

	if (SPSC_RING_LIKELY(at + n <= size)) {
		spsc_ring__copy(objs, slots + SPSC_RING_CAST(size_t, at) * esize, n, esize);
	} else {
		unsigned int first = size - at;

		spsc_ring__copy(objs, slots + SPSC_RING_CAST(size_t, at) * esize, first, esize);
		spsc_ring__copy(SPSC_RING_CAST(unsigned char *, objs) +
				SPSC_RING_CAST(size_t, first) * esize, slots, n - first, esize);
	}
}

/*
 * The one producer routine every enqueue call is built on. bulk: all n or
 * nothing. free_space, when given, gets the free slots after the call, with
 * the consumer's index as it was when the call began (it costs one read of
 * that index per call; pass NULL on the fastest path).
 */
static inline unsigned int
spsc_ring__enqueue(struct spsc_ring *r, const void *objs, unsigned int esize,
		   unsigned int n, bool bulk, unsigned int *free_space)
{
	uint32_t prod = r->prod.head;
	uint32_t room = spsc_ring__prod_room(r, prod, n, free_space != NULL);

	if (n > room)
		n = bulk ? 0 : room;
	if (SPSC_RING_LIKELY(n > 0)) {
		spsc_ring__copy_in(r, prod, objs, esize, n);
		spsc_ring__mail_update(r, prod, n, objs, esize);
		spsc_ring__prod_publish(r, prod + n);
	}
	if (free_space != NULL)
		*free_space = room - n;
	return n;
}

/* The one consumer routine every dequeue call is built on. */
static inline unsigned int
spsc_ring__dequeue(struct spsc_ring *r, void *objs, unsigned int esize,
		   unsigned int n, bool bulk, unsigned int *available)
{
	uint32_t cons = r->cons.head;
	uint32_t avail = r->cons.other_cache - cons;
	bool mailed = false;

	if (avail < n || available != NULL) {
		avail = spsc_ring__cons_avail_fresh(r, cons);
		/* One new element: it is in the line just fetched (unless
		 * the caller asked for none and has no room for it). */
		if (avail == 1 && (n == 1 || (n > 1 && !bulk)) && spsc_ring__mail_fits(esize))
			mailed = spsc_ring__mail_take(r, cons, objs, esize);
	}
	if (n > avail)
		n = bulk ? 0 : avail;
	if (SPSC_RING_LIKELY(n > 0)) {
		if (!mailed)
			spsc_ring__copy_out(r, cons, objs, esize, n);
		/* Release: our slot reads complete before the producer may
		 * reuse the slots (pairs with its acquire). */
		spsc_ring__cons_publish(r, cons + n);
	}
	if (available != NULL)
		*available = avail - n;
	return n;
}

/* One element in (producer): the burst machinery is overkill for one. */
static inline int
spsc_ring__enqueue_one(struct spsc_ring *r, const void *obj, unsigned int esize)
{
	uint32_t prod = r->prod.head;

	if (SPSC_RING_UNLIKELY(spsc_ring__prod_room(r, prod, 1, false) == 0))
		return -ENOBUFS;
	memcpy(r->slots + SPSC_RING_CAST(size_t, prod & r->prod.mask) * esize, obj, esize);
	spsc_ring__mail_update(r, prod, 1, obj, esize);
	spsc_ring__prod_publish(r, prod + 1);
	return 0;
}

/* One element out (consumer). */
static inline int
spsc_ring__dequeue_one(struct spsc_ring *r, void *obj, unsigned int esize)
{
	uint32_t cons = r->cons.head;

	if (r->cons.other_cache == cons) {
		uint32_t avail = spsc_ring__cons_avail_fresh(r, cons);

		if (avail == 0)
			return -ENOENT;
		/* One new element: it is in the line just fetched. */
		if (avail == 1 && spsc_ring__mail_fits(esize) &&
		    spsc_ring__mail_take(r, cons, obj, esize)) {
			spsc_ring__cons_publish(r, cons + 1);
			return 0;
		}
	}
	memcpy(obj, r->slots + SPSC_RING_CAST(size_t, cons & r->cons.mask) * esize, esize);
	spsc_ring__cons_publish(r, cons + 1);
	return 0;
}

/* ---- Elements of any size, copied by value (esize must be the ring's) ---- */

/*
 * Enqueue up to n elements of esize bytes from objs (producer). Returns how
 * many went in (0..n). free_space, if not NULL, gets the free slots after the
 * call. Pass esize as a constant for the fast copy.
 */
static inline unsigned int
spsc_ring_enqueue_burst_elem(struct spsc_ring *r, const void *objs, unsigned int esize,
			     unsigned int n, unsigned int *free_space)
{
	return spsc_ring__enqueue(r, objs, esize, n, false, free_space);
}

/* Enqueue all n elements or none (producer). Returns n or 0. */
static inline unsigned int
spsc_ring_enqueue_bulk_elem(struct spsc_ring *r, const void *objs, unsigned int esize,
			    unsigned int n, unsigned int *free_space)
{
	return spsc_ring__enqueue(r, objs, esize, n, true, free_space);
}

/* Dequeue up to n elements into objs (consumer). available, if not NULL,
 * gets the elements left after the call. Returns how many came out. */
static inline unsigned int
spsc_ring_dequeue_burst_elem(struct spsc_ring *r, void *objs, unsigned int esize,
			     unsigned int n, unsigned int *available)
{
	return spsc_ring__dequeue(r, objs, esize, n, false, available);
}

/* Dequeue all n elements or none (consumer). Returns n or 0. */
static inline unsigned int
spsc_ring_dequeue_bulk_elem(struct spsc_ring *r, void *objs, unsigned int esize,
			    unsigned int n, unsigned int *available)
{
	return spsc_ring__dequeue(r, objs, esize, n, true, available);
}

/* Enqueue one element (producer). Returns 0, or -ENOBUFS if the ring is full. */
static inline int
spsc_ring_enqueue_elem(struct spsc_ring *r, const void *obj, unsigned int esize)
{
	return spsc_ring__enqueue_one(r, obj, esize);
}

/* Dequeue one element (consumer). Returns 0, or -ENOENT if the ring is empty. */
static inline int
spsc_ring_dequeue_elem(struct spsc_ring *r, void *obj, unsigned int esize)
{
	return spsc_ring__dequeue_one(r, obj, esize);
}

/*
 * Spin (with the pause hint) until all n elements are in or the ring is
 * closed. Returns how many went in: n, or fewer only if the ring was closed.
 * For latency-critical producers that would rather burn a core than sleep.
 */
static inline unsigned int
spsc_ring_enqueue_wait_elem(struct spsc_ring *r, const void *objs, unsigned int esize,
			    unsigned int n, unsigned int *free_space)
{
	const unsigned char *p = SPSC_RING_CAST(const unsigned char *, objs);
	unsigned int done = 0;

	for (;;) {
		done += spsc_ring__enqueue(r, p + SPSC_RING_CAST(size_t, done) * esize, esize,
					   n - done, false, free_space);
		if (done == n || spsc_ring_is_closed(r))
			return done;
		spsc_ring_pause();
	}
}

/*
 * Spin until n elements are out, or the ring is closed and drained.
 * Returns how many came out: n, or fewer only at the end of a closed ring.
 */
static inline unsigned int
spsc_ring_dequeue_wait_elem(struct spsc_ring *r, void *objs, unsigned int esize,
			    unsigned int n, unsigned int *available)
{
	unsigned char *p = SPSC_RING_CAST(unsigned char *, objs);
	unsigned int done = 0;

	for (;;) {
		done += spsc_ring__dequeue(r, p + SPSC_RING_CAST(size_t, done) * esize, esize,
					   n - done, false, available);
		if (done == n)
			return done;
		/* Closed is checked before the last try: anything committed
		 * before the close is then visible to that try. */
		if (spsc_ring_is_closed(r)) {
			done += spsc_ring__dequeue(r, p + SPSC_RING_CAST(size_t, done) * esize,
						   esize, n - done, false, available);
			return done;
		}
		spsc_ring_pause();
	}
}

/* ---- Pointer rings (esize == sizeof(void *)) ---- */

static inline unsigned int
spsc_ring_enqueue_burst(struct spsc_ring *r, void *const *objs, unsigned int n,
			unsigned int *free_space)
{
	return spsc_ring__enqueue(r, objs, sizeof(void *), n, false, free_space);
}

static inline unsigned int
spsc_ring_dequeue_burst(struct spsc_ring *r, void **objs, unsigned int n,
			unsigned int *available)
{
	return spsc_ring__dequeue(r, objs, sizeof(void *), n, false, available);
}

static inline unsigned int
spsc_ring_enqueue_bulk(struct spsc_ring *r, void *const *objs, unsigned int n,
		       unsigned int *free_space)
{
	return spsc_ring__enqueue(r, objs, sizeof(void *), n, true, free_space);
}

static inline unsigned int
spsc_ring_dequeue_bulk(struct spsc_ring *r, void **objs, unsigned int n,
		       unsigned int *available)
{
	return spsc_ring__dequeue(r, objs, sizeof(void *), n, true, available);
}

static inline int
spsc_ring_enqueue(struct spsc_ring *r, void *obj)
{
	return spsc_ring__enqueue_one(r, &obj, sizeof(void *));
}

static inline int
spsc_ring_dequeue(struct spsc_ring *r, void **obj)
{
	return spsc_ring__dequeue_one(r, obj, sizeof(void *));
}

static inline unsigned int
spsc_ring_enqueue_wait(struct spsc_ring *r, void *const *objs, unsigned int n,
		       unsigned int *free_space)
{
	return spsc_ring_enqueue_wait_elem(r, objs, sizeof(void *), n, free_space);
}

static inline unsigned int
spsc_ring_dequeue_wait(struct spsc_ring *r, void **objs, unsigned int n,
		       unsigned int *available)
{
	return spsc_ring_dequeue_wait_elem(r, objs, sizeof(void *), n, available);
}

/* ---- Zero-copy ---- */

/*
 * Reserve up to n free slots (producer) without copying. Returns how many
 * were reserved (k <= n) and describes them in *zc as one or two spans; fill
 * them in place, then publish the first c <= k with
 * spsc_ring_enqueue_zc_commit(). Nothing is visible to the consumer before
 * the commit; the next reserve starts after the last commit. free_space, if
 * not NULL, gets the free slots not counting the ones just reserved.
 */
static inline unsigned int
spsc_ring_enqueue_zc_reserve(struct spsc_ring *r, unsigned int n,
			     struct spsc_ring_zc *zc, unsigned int *free_space)
{
	uint32_t prod = r->prod.head;
	uint32_t room = spsc_ring__prod_room(r, prod, n, free_space != NULL);
	uint32_t size = r->prod.mask + 1;
	uint32_t at = prod & r->prod.mask;
	size_t esize = r->prod.esize;

	if (n > room)
		n = room;
	r->prod.zc_held = n;
	zc->ptr1 = r->slots + at * esize;
	zc->n1 = n <= size - at ? n : size - at;
	zc->n2 = n - zc->n1;
	zc->ptr2 = zc->n2 > 0 ? r->slots : NULL;
	if (free_space != NULL)
		*free_space = room - n;
	return n;
}

/*
 * Publish the first k reserved slots (producer). k must not exceed the
 * number the last reserve returned, less any committed since: more would
 * hand the consumer slots no reserve found free. assert() checks it (unless
 * NDEBUG), since the producer's own block records what the reserve gave.
 */
static inline void
spsc_ring_enqueue_zc_commit(struct spsc_ring *r, unsigned int k)
{
	uint32_t prod = r->prod.head;
	uint32_t esize = r->prod.esize;

	assert(k <= r->prod.zc_held && "commit of more slots than reserved");
	if (k == 0)
		return;
	r->prod.zc_held -= k;
	spsc_ring__mail_update(r, prod, k, r->slots +
			       SPSC_RING_CAST(size_t, prod & r->prod.mask) * esize, esize);
	/* Release: the in-place writes are visible before the index. */
	spsc_ring__prod_publish(r, prod + k);
}

/*
 * Look at up to n elements (consumer) without copying. Returns how many
 * (k <= n), described in *zc; read them in place, then give back the first
 * c <= k with spsc_ring_dequeue_zc_release(). available, if not NULL, gets
 * the elements beyond the ones just peeked.
 */
static inline unsigned int
spsc_ring_dequeue_zc_peek(struct spsc_ring *r, unsigned int n,
			  struct spsc_ring_zc *zc, unsigned int *available)
{
	uint32_t cons = r->cons.head;
	uint32_t avail = spsc_ring__cons_avail(r, cons, n, available != NULL);
	uint32_t size = r->cons.mask + 1;
	uint32_t at = cons & r->cons.mask;
	size_t esize = r->cons.esize;

	if (n > avail)
		n = avail;
	r->cons.zc_held = n;
	zc->ptr1 = r->slots + at * esize;
	zc->n1 = n <= size - at ? n : size - at;
	zc->n2 = n - zc->n1;
	zc->ptr2 = zc->n2 > 0 ? r->slots : NULL;
	if (available != NULL)
		*available = avail - n;
	return n;
}

/*
 * Give back the first k peeked slots (consumer). k must not exceed the
 * number the last peek returned, less any released since: more would give
 * the producer slots the consumer never saw filled. assert() checks it
 * (unless NDEBUG).
 */
static inline void
spsc_ring_dequeue_zc_release(struct spsc_ring *r, unsigned int k)
{
	uint32_t cons = r->cons.head;

	assert(k <= r->cons.zc_held && "release of more elements than peeked");
	r->cons.zc_held -= k;

	/* Release: our in-place reads finish before the producer reuses. */
	spsc_ring__cons_publish(r, cons + k);
}

/* ---- Typed rings ---- */

/*
 * SPSC_RING_DECLARE(name, type) declares an opaque `struct name` ring of
 * `type` elements and inline wrappers that take and return `type`, so a ring
 * of struct frame_desc cannot be handed a struct sensor_sample:
 *
 *   SPSC_RING_DECLARE(frame_ring, struct frame_desc)
 *   struct frame_ring *q = frame_ring_create(256);
 *   frame_ring_enqueue(q, &desc);
 *
 * Declared: name_memsize, name_init, name_create, name_free, name_ring,
 * name_capacity, name_count, name_enqueue, name_dequeue, name_enqueue_burst,
 * name_dequeue_burst, name_enqueue_bulk, name_dequeue_bulk,
 * name_enqueue_wait, name_dequeue_wait, name_close, name_is_closed,
 * name_is_drained.
 */
#define SPSC_RING_DECLARE(name, type)						\
struct name;									\
static inline SPSC_RING_UNUSED struct spsc_ring *						\
name##_ring(struct name *q)							\
{ return SPSC_RING_CAST(struct spsc_ring *, SPSC_RING_CAST(void *, q)); }	\
static inline SPSC_RING_UNUSED size_t								\
name##_memsize(unsigned int capacity)						\
{ return spsc_ring_memsize(capacity, sizeof(type)); }				\
static inline SPSC_RING_UNUSED struct name *							\
name##_init(void *mem, unsigned int capacity)					\
{										\
	return spsc_ring_init(SPSC_RING_CAST(struct spsc_ring *, mem), capacity,	\
			      sizeof(type)) == 0 ? SPSC_RING_CAST(struct name *, mem)	\
						 : NULL;				\
}										\
static inline SPSC_RING_UNUSED struct name *							\
name##_create(unsigned int capacity)						\
{										\
	return SPSC_RING_CAST(struct name *, SPSC_RING_CAST(void *,		\
			      spsc_ring_create(capacity, sizeof(type))));	\
}										\
static inline SPSC_RING_UNUSED void								\
name##_free(struct name *q) { spsc_ring_free(name##_ring(q)); }			\
static inline SPSC_RING_UNUSED unsigned int							\
name##_capacity(struct name *q) { return spsc_ring_capacity(name##_ring(q)); }	\
static inline SPSC_RING_UNUSED unsigned int							\
name##_count(struct name *q) { return spsc_ring_count(name##_ring(q)); }	\
static inline SPSC_RING_UNUSED int								\
name##_enqueue(struct name *q, const type *obj)					\
{ return spsc_ring_enqueue_elem(name##_ring(q), obj, sizeof(type)); }		\
static inline SPSC_RING_UNUSED int								\
name##_dequeue(struct name *q, type *obj)					\
{ return spsc_ring_dequeue_elem(name##_ring(q), obj, sizeof(type)); }		\
static inline SPSC_RING_UNUSED unsigned int							\
name##_enqueue_burst(struct name *q, const type *objs, unsigned int n,		\
		     unsigned int *free_space)					\
{										\
	return spsc_ring_enqueue_burst_elem(name##_ring(q), objs,		\
					    sizeof(type), n, free_space);	\
}										\
static inline SPSC_RING_UNUSED unsigned int							\
name##_dequeue_burst(struct name *q, type *objs, unsigned int n,		\
		     unsigned int *available)					\
{										\
	return spsc_ring_dequeue_burst_elem(name##_ring(q), objs,		\
					    sizeof(type), n, available);	\
}										\
static inline SPSC_RING_UNUSED unsigned int							\
name##_enqueue_bulk(struct name *q, const type *objs, unsigned int n,		\
		    unsigned int *free_space)					\
{										\
	return spsc_ring_enqueue_bulk_elem(name##_ring(q), objs,		\
					   sizeof(type), n, free_space);	\
}										\
static inline SPSC_RING_UNUSED unsigned int							\
name##_dequeue_bulk(struct name *q, type *objs, unsigned int n,		\
		    unsigned int *available)					\
{										\
	return spsc_ring_dequeue_bulk_elem(name##_ring(q), objs,		\
					   sizeof(type), n, available);		\
}										\
static inline SPSC_RING_UNUSED unsigned int							\
name##_enqueue_wait(struct name *q, const type *objs, unsigned int n)		\
{										\
	return spsc_ring_enqueue_wait_elem(name##_ring(q), objs,		\
					   sizeof(type), n, NULL);		\
}										\
static inline SPSC_RING_UNUSED unsigned int							\
name##_dequeue_wait(struct name *q, type *objs, unsigned int n)			\
{										\
	return spsc_ring_dequeue_wait_elem(name##_ring(q), objs,		\
					   sizeof(type), n, NULL);		\
}										\
static inline SPSC_RING_UNUSED void								\
name##_close(struct name *q) { spsc_ring_close(name##_ring(q)); }		\
static inline SPSC_RING_UNUSED bool								\
name##_is_closed(struct name *q) { return spsc_ring_is_closed(name##_ring(q)); } \
static inline SPSC_RING_UNUSED bool								\
name##_is_drained(struct name *q) { return spsc_ring_is_drained(name##_ring(q)); }

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#ifdef __cplusplus
}
#endif

#endif /* SPSC_RING_H */
