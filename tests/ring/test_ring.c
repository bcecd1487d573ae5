/* SPDX-License-Identifier: BSD-3-Clause */
/* Unit tests of every spsc_ring call and edge, single-threaded unless noted. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spsc_ring.h"
#include "check.h"

static void *
tag(uintptr_t v)
{
	return (void *)(v + 1);	/* never NULL, so an untouched slot shows */
}

static void
test_invalid_arguments(void)
{
	struct spsc_ring *r;
	void *mem;

	CHECK_EQ(spsc_ring_memsize(0, 8), 0);
	CHECK_EQ(spsc_ring_memsize(SPSC_RING_CAPACITY_MAX + 1, 8), 0);
	CHECK_EQ(spsc_ring_memsize(8, 0), 0);
	CHECK_EQ(spsc_ring_memsize(8, SPSC_RING_ESIZE_MAX + 1), 0);
	CHECK(spsc_ring_memsize(1, 1) >= sizeof(struct spsc_ring) + 1);
	CHECK(spsc_ring_memsize(SPSC_RING_CAPACITY_MAX, 8) >=
	      (size_t)SPSC_RING_CAPACITY_MAX * 8);
	CHECK(spsc_ring_memsize(8, SPSC_RING_ESIZE_MAX) != 0);

	errno = 0;
	r = spsc_ring_create(0, 8);
	CHECK(r == NULL && errno == EINVAL);
	errno = 0;
	r = spsc_ring_create(8, 0);
	CHECK(r == NULL && errno == EINVAL);
	errno = 0;
	r = spsc_ring_create(SPSC_RING_CAPACITY_MAX + 1, 8);
	CHECK(r == NULL && errno == EINVAL);

	CHECK_EQ(spsc_ring_init(NULL, 8, 8), -EINVAL);
	mem = aligned_alloc(SPSC_RING_ALIGN, spsc_ring_memsize(8, 8) + SPSC_RING_ALIGN);
	CHECK(spsc_ring_init((struct spsc_ring *)((char *)mem + 64), 8, 8) == -EINVAL);
	CHECK(spsc_ring_init(mem, 0, 8) == -EINVAL);
	CHECK(spsc_ring_init(mem, 8, 0) == -EINVAL);
	CHECK(spsc_ring_init(mem, 8, 8) == 0);
	free(mem);
	spsc_ring_free(NULL);	/* a no-op, like free(NULL) */
}

/* Every capacity holds exactly that many elements, no more, no less. */
static void
test_exact_capacity(void)
{
	static const unsigned int caps[] = {1, 2, 3, 5, 7, 8, 9, 100, 1000, 1023, 1024, 1025};

	for (size_t c = 0; c < sizeof(caps) / sizeof(caps[0]); c++) {
		unsigned int cap = caps[c], n = 0;
		struct spsc_ring *r = spsc_ring_create(cap, sizeof(void *));
		void *obj = NULL;

		CHECK(r != NULL);
		CHECK_EQ(spsc_ring_capacity(r), cap);
		CHECK_EQ(spsc_ring_esize(r), sizeof(void *));
		CHECK(spsc_ring_empty(r));
		/* Three rounds so the indices wrap the storage for any cap. */
		for (int round = 0; round < 3; round++) {
			n = 0;
			while (spsc_ring_enqueue(r, tag(n)) == 0) {
				n++;
				/* Full only when every slot is taken. */
				CHECK(spsc_ring_full(r) == (n == cap));
			}
			CHECK_EQ(n, cap);
			CHECK_EQ(spsc_ring_count(r), cap);
			CHECK_EQ(spsc_ring_free_count(r), 0);
			CHECK(spsc_ring_full(r));
			CHECK_EQ(spsc_ring_enqueue(r, tag(0)), -ENOBUFS);
			for (unsigned int i = 0; i < cap; i++) {
				CHECK_EQ(spsc_ring_dequeue(r, &obj), 0);
				CHECK(obj == tag(i));
			}
			CHECK_EQ(spsc_ring_dequeue(r, &obj), -ENOENT);
			CHECK(spsc_ring_empty(r));
			CHECK_EQ(spsc_ring_free_count(r), cap);
		}
		spsc_ring_free(r);
	}
}

static void
test_bulk_all_or_nothing_and_burst_partial(void)
{
	struct spsc_ring *r = spsc_ring_create(10, sizeof(void *));
	void *in[16], *out[16];
	unsigned int free_space = 99, avail = 99;

	for (unsigned int i = 0; i < 16; i++)
		in[i] = tag(i);
	CHECK_EQ(spsc_ring_enqueue_bulk(r, in, 7, &free_space), 7);
	CHECK_EQ(free_space, 3);
	free_space = 99;
	CHECK_EQ(spsc_ring_enqueue_bulk(r, in + 7, 4, &free_space), 0);
	CHECK_EQ(free_space, 3);	/* reported even when nothing went in */
	CHECK_EQ(spsc_ring_count(r), 7);
	CHECK_EQ(spsc_ring_enqueue_burst(r, in + 7, 4, &free_space), 3);
	CHECK_EQ(free_space, 0);
	CHECK_EQ(spsc_ring_enqueue_burst(r, in + 10, 4, NULL), 0);

	CHECK_EQ(spsc_ring_dequeue_bulk(r, out, 11, &avail), 0);
	CHECK_EQ(avail, 10);
	CHECK_EQ(spsc_ring_dequeue_bulk(r, out, 4, &avail), 4);
	CHECK_EQ(avail, 6);
	CHECK_EQ(spsc_ring_dequeue_burst(r, out + 4, 16, &avail), 6);
	CHECK_EQ(avail, 0);
	for (unsigned int i = 0; i < 10; i++)
		CHECK(out[i] == tag(i));
	CHECK_EQ(spsc_ring_dequeue_burst(r, out, 16, NULL), 0);
	/* n == 0 is legal and moves nothing. */
	CHECK_EQ(spsc_ring_enqueue_burst(r, in, 0, &free_space), 0);
	CHECK_EQ(free_space, 10);
	CHECK_EQ(spsc_ring_dequeue_bulk(r, out, 0, &avail), 0);
	CHECK_EQ(avail, 0);
	/* A dequeue that takes nothing leaves the caller's array alone, also
	 * when the one element is in the mailbox: a bulk one that fails, and
	 * a burst of none (a call for the count alone). */
	for (unsigned int none = 0; none <= 1; none++) {
		CHECK_EQ(spsc_ring_enqueue(r, tag(7 + none)), 0);
		out[0] = NULL;
		CHECK_EQ(none ? spsc_ring_dequeue_burst(r, out, 0, &avail) :
			 spsc_ring_dequeue_bulk(r, out, 2, &avail), 0);
		CHECK(out[0] == NULL);
		CHECK_EQ(avail, 1);
		CHECK_EQ(spsc_ring_dequeue_bulk(r, out, 1, NULL), 1);
		CHECK(out[0] == tag(7 + none));
	}
	spsc_ring_free(r);
}

/* The out-parameters are exact even when the cached view is stale. */
static void
test_out_parameters_exact(void)
{
	struct spsc_ring *r = spsc_ring_create(64, sizeof(void *));
	struct spsc_ring_zc zc;
	void *buf[64];
	unsigned int free_space, avail;

	for (unsigned int i = 0; i < 64; i++)
		buf[i] = tag(i);
	CHECK_EQ(spsc_ring_enqueue_burst(r, buf, 40, &free_space), 40);
	CHECK_EQ(free_space, 24);
	/* Consumer takes 30 without asking; the producer's cache is stale. */
	CHECK_EQ(spsc_ring_dequeue_burst(r, buf, 30, NULL), 30);
	CHECK_EQ(spsc_ring_enqueue_burst(r, buf, 1, &free_space), 1);
	CHECK_EQ(free_space, 64 - 11);
	/* Producer adds 5 more; the consumer's cache is stale. */
	CHECK_EQ(spsc_ring_enqueue_burst(r, buf, 5, NULL), 5);
	CHECK_EQ(spsc_ring_dequeue_burst(r, buf, 1, &avail), 1);
	CHECK_EQ(avail, 15);
	/* The same for the zero-copy calls: 3 more the consumer has not
	 * seen, then 10 taken the producer has not seen. */
	CHECK_EQ(spsc_ring_enqueue_burst(r, buf, 3, NULL), 3);
	CHECK_EQ(spsc_ring_dequeue_zc_peek(r, 2, &zc, &avail), 2);
	CHECK_EQ(avail, 16);
	spsc_ring_dequeue_zc_release(r, 2);
	CHECK_EQ(spsc_ring_dequeue_burst(r, buf, 10, NULL), 10);
	CHECK_EQ(spsc_ring_enqueue_zc_reserve(r, 4, &zc, &free_space), 4);
	CHECK_EQ(free_space, 64 - 6 - 4);
	spsc_ring_enqueue_zc_commit(r, 0);
	spsc_ring_free(r);
}

static void
fill_span(void *p, unsigned int n, uintptr_t *next)
{
	void **slot = p;

	for (unsigned int i = 0; i < n; i++)
		slot[i] = tag((*next)++);
}

static void
test_zero_copy_spans_across_wrap(void)
{
	/* Capacity 6 on 8 slots: spans must respect capacity, not size. */
	struct spsc_ring *r = spsc_ring_create(6, sizeof(void *));
	struct spsc_ring_zc zc;
	uintptr_t next = 0, expect = 0;
	unsigned int free_space, avail;
	void *obj = NULL;

	/* Move both indices to slot 6 of 8. */
	for (int i = 0; i < 6; i++) {
		CHECK_EQ(spsc_ring_enqueue(r, tag(99)), 0);
		CHECK_EQ(spsc_ring_dequeue(r, &obj), 0);
	}
	CHECK_EQ(spsc_ring_enqueue_zc_reserve(r, 5, &zc, &free_space), 5);
	CHECK_EQ(free_space, 1);
	CHECK_EQ(zc.n1, 2);	/* slots 6, 7 */
	CHECK_EQ(zc.n2, 3);	/* slots 0, 1, 2 */
	CHECK(zc.ptr1 == (void *)(r->slots + 6 * sizeof(void *)));
	CHECK(zc.ptr2 == (void *)r->slots);
	fill_span(zc.ptr1, zc.n1, &next);
	fill_span(zc.ptr2, zc.n2, &next);
	CHECK_EQ(spsc_ring_count(r), 0);	/* nothing visible before commit */
	spsc_ring_enqueue_zc_commit(r, 4);	/* publish 4 of the 5 */
	CHECK_EQ(spsc_ring_count(r), 4);

	/* A reserve larger than the room gets the room (capacity 6). */
	CHECK_EQ(spsc_ring_enqueue_zc_reserve(r, 10, &zc, NULL), 2);
	next = 4;	/* the uncommitted fifth slot is reused */
	fill_span(zc.ptr1, zc.n1, &next);
	CHECK_EQ(zc.n2, 0);
	CHECK(zc.ptr2 == NULL);
	spsc_ring_enqueue_zc_commit(r, 2);
	CHECK_EQ(spsc_ring_count(r), 6);
	CHECK_EQ(spsc_ring_enqueue_zc_reserve(r, 1, &zc, &free_space), 0);
	CHECK_EQ(free_space, 0);

	CHECK_EQ(spsc_ring_dequeue_zc_peek(r, 3, &zc, &avail), 3);
	CHECK_EQ(avail, 3);
	CHECK_EQ(zc.n1, 2);
	CHECK_EQ(zc.n2, 1);
	CHECK(((void **)zc.ptr1)[0] == tag(expect) && ((void **)zc.ptr1)[1] == tag(expect + 1));
	CHECK(((void **)zc.ptr2)[0] == tag(expect + 2));
	spsc_ring_dequeue_zc_release(r, 1);
	expect++;
	CHECK_EQ(spsc_ring_count(r), 5);
	CHECK_EQ(spsc_ring_dequeue_zc_peek(r, 100, &zc, &avail), 5);
	CHECK_EQ(avail, 0);
	CHECK_EQ(zc.n1 + zc.n2, 5);
	for (unsigned int i = 0; i < 5; i++) {
		void **p = i < zc.n1 ? (void **)zc.ptr1 + i : (void **)zc.ptr2 + (i - zc.n1);

		CHECK(*p == tag(expect + i));
	}
	spsc_ring_dequeue_zc_release(r, 5);
	CHECK(spsc_ring_empty(r));
	CHECK_EQ(spsc_ring_dequeue_zc_peek(r, 4, &zc, NULL), 0);
	spsc_ring_free(r);
}

/* Indices start just below 2^32 and run far past it. */
static void
test_index_wrap_past_2_32(void)
{
	static const unsigned int caps[] = {1, 3, 8, 100};

	for (size_t c = 0; c < sizeof(caps) / sizeof(caps[0]); c++) {
		unsigned int cap = caps[c];
		struct spsc_ring *r = spsc_ring_create(cap, sizeof(void *));
		uintptr_t in = 0, out = 0;
		void *buf[7];
		unsigned int free_space, avail;
		int bad = 0;

		spsc_ring_reset(r, UINT32_MAX - 5);
		CHECK(spsc_ring_empty(r));
		CHECK_EQ(spsc_ring_free_count(r), cap);
		for (int step = 0; step < 2000; step++) {
			unsigned int want = 1 + step % 7, n;
			void *tmp[7];

			for (unsigned int i = 0; i < want; i++)
				tmp[i] = tag(in + i);
			n = spsc_ring_enqueue_burst(r, tmp, want, &free_space);
			in += n;
			if (free_space != cap - (in - out))
				bad++;
			n = spsc_ring_dequeue_burst(r, buf, 1 + (step * 3) % 7, &avail);
			for (unsigned int i = 0; i < n; i++)
				if (buf[i] != tag(out + i))
					bad++;
			out += n;
			if (avail != in - out || spsc_ring_count(r) != in - out)
				bad++;
		}
		CHECK_EQ(bad, 0);
		CHECK(in > 1000);
		/* The indices really did cross 2^32. */
		CHECK(atomic_load(&r->prod_idx) < 10000);
		spsc_ring_free(r);
	}
}

struct sample {
	uint64_t timestamp_ns;
	int32_t milli_celsius;
	uint16_t sensor_id;
	uint8_t flags;
};

SPSC_RING_DECLARE(sample_ring, struct sample)

static void
test_typed_ring(void)
{
	struct sample_ring *q = sample_ring_create(5);
	struct sample in[8], out[8], one;
	unsigned int free_space;

	CHECK(q != NULL);
	CHECK_EQ(sample_ring_capacity(q), 5);
	CHECK_EQ(spsc_ring_esize(sample_ring_ring(q)), sizeof(struct sample));
	memset(in, 0, sizeof(in));
	for (int i = 0; i < 8; i++)
		in[i] = (struct sample){.timestamp_ns = 1000u * i, .milli_celsius = -i,
					.sensor_id = (uint16_t)(7 * i), .flags = 1};
	CHECK_EQ(sample_ring_enqueue(q, &in[0]), 0);
	CHECK_EQ(sample_ring_enqueue_bulk(q, in + 1, 5, NULL), 0);
	CHECK_EQ(sample_ring_enqueue_burst(q, in + 1, 5, &free_space), 4);
	CHECK_EQ(free_space, 0);
	CHECK_EQ(sample_ring_enqueue(q, &in[5]), -ENOBUFS);
	CHECK_EQ(sample_ring_count(q), 5);
	CHECK_EQ(sample_ring_dequeue(q, &one), 0);
	CHECK(memcmp(&one, &in[0], sizeof(one)) == 0);
	CHECK_EQ(sample_ring_dequeue_bulk(q, out, 5, NULL), 0);
	CHECK_EQ(sample_ring_dequeue_burst(q, out, 8, NULL), 4);
	CHECK(memcmp(out, in + 1, 4 * sizeof(out[0])) == 0);
	CHECK_EQ(sample_ring_dequeue(q, &one), -ENOENT);
	sample_ring_close(q);
	CHECK(sample_ring_is_closed(q));
	CHECK(sample_ring_is_drained(q));
	sample_ring_free(q);
}

/* _elem calls with sizes from 1 to 1024, constant and run-time. */
static void
check_elem_size(unsigned int esize)
{
	unsigned char in[6 * 1024], out[6 * 1024];
	struct spsc_ring *r = spsc_ring_create(5, esize);
	unsigned int moved = 0, got = 0;

	CHECK(r != NULL);
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 31 + esize);
	memset(out, 0, sizeof(out));
	/* Push 6 * 4 elements through a ring of 5: every slot is reused. */
	for (int round = 0; round < 4; round++) {
		CHECK_EQ(spsc_ring_enqueue_elem(r, in, esize), 0);
		CHECK_EQ(spsc_ring_enqueue_bulk_elem(r, in + esize, esize, 2, NULL), 2);
		CHECK_EQ(spsc_ring_enqueue_burst_elem(r, in + 3 * esize, esize, 3, NULL), 2);
		CHECK_EQ(spsc_ring_dequeue_elem(r, out, esize), 0);
		CHECK_EQ(spsc_ring_dequeue_bulk_elem(r, out + esize, esize, 2, NULL), 2);
		CHECK_EQ(spsc_ring_dequeue_burst_elem(r, out + 3 * esize, esize, 5, NULL), 2);
		moved += 5;
		got += 5;
		CHECK(memcmp(in, out, 5 * (size_t)esize) == 0);
		memset(out, 0, sizeof(out));
	}
	CHECK_EQ(moved, got);
	spsc_ring_free(r);
}

static void
test_elem_sizes(void)
{
	static const unsigned int sizes[] = {1, 2, 3, 4, 7, 8, 12, 16, 24, 33, 64, 65, 100, 512, 1024};

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		check_elem_size(sizes[i]);	/* run-time esize: memcpy path */
	/* Constant esize: the inlined fixed-size paths. */
	{
		struct spsc_ring *r = spsc_ring_create(3, 24);
		unsigned char a[24 * 4], b[24 * 4];

		for (size_t i = 0; i < sizeof(a); i++)
			a[i] = (unsigned char)i;
		for (int round = 0; round < 5; round++) {
			CHECK_EQ(spsc_ring_enqueue_burst_elem(r, a, 24, 4, NULL), 3);
			CHECK_EQ(spsc_ring_dequeue_burst_elem(r, b, 24, 4, NULL), 3);
			CHECK(memcmp(a, b, 72) == 0);
		}
		spsc_ring_free(r);
	}
}

/* Placement in caller memory, as the app does with rte_zmalloc_socket. */
static void
test_placement(void)
{
	size_t bytes = spsc_ring_memsize(100, 16);
	void *mem = aligned_alloc(SPSC_RING_ALIGN, bytes);
	struct spsc_ring *r = mem;
	unsigned char e[16] = {1, 2, 3}, o[16];

	CHECK(bytes % SPSC_RING_ALIGN == 0);
	memset(mem, 0xa5, bytes);	/* init must not rely on zeroed memory */
	CHECK_EQ(spsc_ring_init(r, 100, 16), 0);
	CHECK(spsc_ring_empty(r));
	CHECK(!spsc_ring_is_closed(r));
	CHECK_EQ(spsc_ring_capacity(r), 100);
	for (int i = 0; i < 100; i++)
		CHECK_EQ(spsc_ring_enqueue_elem(r, e, 16), 0);
	CHECK_EQ(spsc_ring_enqueue_elem(r, e, 16), -ENOBUFS);
	CHECK_EQ(spsc_ring_dequeue_elem(r, o, 16), 0);
	CHECK(memcmp(e, o, 16) == 0);
	/* The slots must fit in what memsize asked for. */
	CHECK((size_t)(r->slots - (unsigned char *)r) + (size_t)r->size * 16 <= bytes);
	/* Storage is the next power of two, no more: 100 and 128 elements
	 * take the same 128 slots, 129 take 256. */
	CHECK_EQ(r->size, 128);
	CHECK_EQ(spsc_ring_memsize(128, 16), bytes);
	CHECK_EQ(spsc_ring_memsize(129, 16), bytes + 128 * 16);
	free(mem);
}

static void
test_close_single_thread(void)
{
	struct spsc_ring *r = spsc_ring_create(4, sizeof(void *));
	void *buf[4] = {tag(0), tag(1), tag(2), tag(3)}, *out[4];

	CHECK(!spsc_ring_is_closed(r));
	CHECK(!spsc_ring_is_drained(r));
	CHECK_EQ(spsc_ring_enqueue_burst(r, buf, 3, NULL), 3);
	spsc_ring_close(r);
	spsc_ring_close(r);	/* twice is harmless */
	CHECK(spsc_ring_is_closed(r));
	CHECK(!spsc_ring_is_drained(r));	/* closed, but 3 still to read */
	/* The wait helpers return at once on a closed ring. */
	CHECK_EQ(spsc_ring_enqueue_wait(r, buf, 4, NULL), 1);
	CHECK_EQ(spsc_ring_dequeue_wait(r, out, 4, NULL), 4);
	CHECK(out[0] == tag(0) && out[3] == tag(0));
	CHECK_EQ(spsc_ring_dequeue_wait(r, out, 4, NULL), 0);
	CHECK(spsc_ring_is_drained(r));
	spsc_ring_reset(r, 0);
	CHECK(!spsc_ring_is_closed(r));
	CHECK(spsc_ring_empty(r));
	spsc_ring_free(r);
}

struct closer_arg {
	struct spsc_ring *r;
	unsigned int delay_ms;
	unsigned int result;
	void *buf[8];
};

static void *
close_after_delay(void *p)
{
	struct closer_arg *a = p;
	struct timespec ts = {0, (long)a->delay_ms * 1000000L};

	nanosleep(&ts, NULL);
	spsc_ring_close(a->r);
	return NULL;
}

static void *
producer_waits(void *p)
{
	struct closer_arg *a = p;

	a->result = spsc_ring_enqueue_wait(a->r, a->buf, 8, NULL);
	return NULL;
}

static void *
consumer_waits(void *p)
{
	struct closer_arg *a = p;

	a->result = spsc_ring_dequeue_wait(a->r, a->buf, 8, NULL);
	return NULL;
}

/* A producer spinning on a full ring stops when the consumer closes it; a
 * consumer waiting on an empty one stops when the producer closes it, after
 * taking everything committed before the close. */
static void
test_close_wakes_waiters(void)
{
	struct closer_arg a = {.delay_ms = 20};
	pthread_t waiter, closer;

	a.r = spsc_ring_create(4, sizeof(void *));
	for (int i = 0; i < 8; i++)
		a.buf[i] = tag(i);
	CHECK_EQ(spsc_ring_enqueue_burst(a.r, a.buf, 2, NULL), 2);
	pthread_create(&waiter, NULL, producer_waits, &a);
	pthread_create(&closer, NULL, close_after_delay, &a);
	pthread_join(waiter, NULL);
	pthread_join(closer, NULL);
	CHECK_EQ(a.result, 2);	/* the room there was, then it gave up */
	CHECK_EQ(spsc_ring_count(a.r), 4);

	spsc_ring_reset(a.r, 0);
	CHECK_EQ(spsc_ring_enqueue_burst(a.r, a.buf, 3, NULL), 3);
	pthread_create(&waiter, NULL, consumer_waits, &a);
	pthread_create(&closer, NULL, close_after_delay, &a);
	pthread_join(waiter, NULL);
	pthread_join(closer, NULL);
	CHECK_EQ(a.result, 3);
	CHECK(a.buf[0] == tag(0) && a.buf[2] == tag(2));
	CHECK(spsc_ring_is_drained(a.r));
	spsc_ring_free(a.r);
}

/*
 * The mailbox, from outside and inside. Outside: a one-element hand-off to a
 * consumer that found the ring empty must not read the slot (we overwrite it
 * with garbage and still get the element back), and every call, whatever
 * its kind, returns the right element. Inside: after every producer call the
 * tag either names the newest index with the newest element in the mailbox,
 * or is far from every index a consumer could expect. Element sizes on both
 * sides of SPSC_RING_MAIL_BYTES, indices across 2^32.
 */
static bool
mailbox_invariant(struct spsc_ring *r)
{
	uint32_t prod = atomic_load(&r->prod_idx);
	uint32_t tag = atomic_load(&r->mail_idx);
	unsigned int esize = r->esize;
	uint64_t words[SPSC_RING_MAIL_BYTES / 8];

	if (esize > SPSC_RING_MAIL_BYTES)
		return true;		/* never used: nothing to keep true */
	if (tag != prod)
		/* Void: not within capacity of any index to come soon. */
		return tag - (prod - r->capacity) > 2u * r->capacity;
	for (unsigned int i = 0; i < SPSC_RING_MAIL_BYTES / 8; i++)
		words[i] = atomic_load(&r->mail[i]);
	return memcmp(words, r->slots + (size_t)((prod - 1) & (r->size - 1)) * esize,
		      esize) == 0;
}

static void
fill_elem(unsigned char *e, unsigned int esize, uint32_t seq)
{
	for (unsigned int i = 0; i < esize; i++)
		e[i] = (unsigned char)(seq * 31u + i * 7u + 1u);
}

static void
test_mailbox(void)
{
	static const unsigned int sizes[] = {4, 8, 12, 40, 41, 64};

	for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
		unsigned int esize = sizes[z];
		struct spsc_ring *r = spsc_ring_create(6, esize);
		unsigned char e[64], got[64 * 4], want[64];
		uint32_t in = 0, out = 0;
		unsigned int bad = 0, bad_inv = 0, slot_free = 0;

		const uint32_t base = UINT32_MAX - 40;	/* ring index of element 0 */

		spsc_ring_reset(r, base);
		for (unsigned int step = 0; step < 400; step++) {
			unsigned int kind = step % 5, n = 0;
			unsigned char burst[64 * 3];

			/* Producer: one of its calls, 1 to 3 elements. */
			if (kind == 0) {
				fill_elem(e, esize, in);
				n = spsc_ring_enqueue_elem(r, e, esize) == 0;
			} else if (kind == 1 || kind == 2) {
				unsigned int want_n = 1 + step % 3;

				for (unsigned int i = 0; i < want_n; i++)
					fill_elem(burst + i * esize, esize, in + i);
				n = spsc_ring_enqueue_burst_elem(r, burst, esize, want_n, NULL);
			} else {
				struct spsc_ring_zc zc;
				unsigned int k = spsc_ring_enqueue_zc_reserve(r, 1 + step % 2,
									     &zc, NULL);

				for (unsigned int i = 0; i < k; i++)
					fill_elem(i < zc.n1 ? (unsigned char *)zc.ptr1 + i * esize :
						  (unsigned char *)zc.ptr2 + (i - zc.n1) * esize,
						  esize, in + i);
				spsc_ring_enqueue_zc_commit(r, k);
				n = k;
			}
			in += n;
			if (!mailbox_invariant(r))
				bad_inv++;

			/* Consumer: drain to empty, each time by a different call. */
			while (out != in) {
				unsigned int m;

				if ((step + out) % 3 == 0) {
					m = spsc_ring_dequeue_elem(r, got, esize) == 0;
				} else {
					/* Exactly one new element after an empty
					 * ring: scribble over its slot first; the
					 * mailbox must be what we read. */
					if (in - out == 1 && r->cons.other_cache == base + out &&
					    esize <= SPSC_RING_MAIL_BYTES) {
						memset(r->slots + (size_t)((base + out) &
						       (r->size - 1)) * esize, 0xEE, esize);
						slot_free++;
					}
					m = spsc_ring_dequeue_burst_elem(r, got, esize, 4, NULL);
				}
				for (unsigned int i = 0; i < m; i++) {
					fill_elem(want, esize, out + i);
					if (memcmp(got + i * esize, want, esize) != 0)
						bad++;
				}
				if (m == 0)
					break;
				out += m;
			}
		}
		CHECK_EQ(bad, 0);
		CHECK_EQ(bad_inv, 0);
		CHECK_EQ(in, out);
		CHECK(in > 300);
		/* The scribbled-slot case really happened (not for 41, 64). */
		CHECK(esize > SPSC_RING_MAIL_BYTES || slot_free > 50);
		spsc_ring_free(r);
	}
}

/*
 * The mailbox copies an element in 8-byte words: the last word of an element
 * whose size is not a multiple of 8 must still be read for its own bytes
 * only. Each element here is an allocation of its own, so AddressSanitizer
 * (the build-asan tree) sees a read past it.
 */
static void
test_mailbox_reads_only_the_element(void)
{
	static const unsigned int sizes[] = {1, 3, 12, 33, 39};

	for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
		unsigned int esize = sizes[z];
		struct spsc_ring *r = spsc_ring_create(4, esize);
		unsigned char *e = malloc(esize), *got = malloc(esize);

		fill_elem(e, esize, 5);
		/* One element into an empty ring: posted in the mailbox. */
		CHECK_EQ(spsc_ring_enqueue_elem(r, e, esize), 0);
		CHECK_EQ(spsc_ring_dequeue_elem(r, got, esize), 0);
		CHECK(memcmp(e, got, esize) == 0);
		CHECK_EQ(spsc_ring_enqueue_burst_elem(r, e, esize, 1, NULL), 1);
		memset(got, 0, esize);
		CHECK_EQ(spsc_ring_dequeue_burst_elem(r, got, esize, 1, NULL), 1);
		CHECK(memcmp(e, got, esize) == 0);
		free(e);
		free(got);
		spsc_ring_free(r);
	}
}

/*
 * Bursts do not post, so a void tag stays in mail_idx while they go by. It
 * names an index 2^31 away from the one it was written at: 2^31 elements
 * later the indices have come round to it. A consumer that then finds
 * exactly one new element (the last of a burst it took all but one of) must
 * still read that element from its slot, not the mailbox's old contents.
 * Both a fresh ring's tag and one a burst voided; zero-copy bursts move the
 * 2^31 elements without copying them.
 */
static void
test_mailbox_void_tag_ages(void)
{
	const unsigned int cap = 1u << 20;

	for (int voided = 0; voided <= 1; voided++) {
		struct spsc_ring *r = spsc_ring_create(cap, sizeof(void *));
		void *two[2] = {tag(1), tag(2)}, *got[2] = {NULL, NULL}, *one = tag(7);
		uint32_t target;

		if (voided) {
			/* Post one element (armed), then a burst voids it. */
			CHECK_EQ(spsc_ring_enqueue(r, one), 0);
			CHECK_EQ(spsc_ring_dequeue(r, &got[0]), 0);
			CHECK_EQ(spsc_ring_enqueue_burst(r, two, 2, NULL), 2);
			CHECK_EQ(spsc_ring_dequeue_burst(r, got, 2, NULL), 2);
		}
		/* Bring prod to two short of the tag as it stands now. */
		target = atomic_load(&r->mail_idx) - 2;
		while (r->prod.head != target) {
			struct spsc_ring_zc zc;
			uint32_t left = target - r->prod.head;
			unsigned int k = left < cap ? left : cap;

			/* Two at the least: one would post. */
			if (left > cap && left - cap < 2)
				k = cap - 2;
			k = spsc_ring_enqueue_zc_reserve(r, k, &zc, NULL);
			spsc_ring_enqueue_zc_commit(r, k);
			CHECK_EQ(spsc_ring_dequeue_zc_peek(r, k, &zc, NULL), k);
			spsc_ring_dequeue_zc_release(r, k);
		}
		/* A burst of two ends at the old tag; take one, then ask for
		 * more: exactly one new element is found. */
		CHECK_EQ(spsc_ring_enqueue_burst(r, two, 2, NULL), 2);
		CHECK_EQ(spsc_ring_dequeue_burst(r, got, 1, NULL), 1);
		CHECK(got[0] == tag(1));
		got[0] = NULL;
		CHECK_EQ(spsc_ring_dequeue_burst(r, got, 2, NULL), 1);
		CHECK(got[0] == tag(2));
		spsc_ring_free(r);
	}
}

int
main(void)
{
	RUN(test_invalid_arguments);
	RUN(test_exact_capacity);
	RUN(test_bulk_all_or_nothing_and_burst_partial);
	RUN(test_out_parameters_exact);
	RUN(test_zero_copy_spans_across_wrap);
	RUN(test_index_wrap_past_2_32);
	RUN(test_mailbox);
	RUN(test_mailbox_reads_only_the_element);
	RUN(test_mailbox_void_tag_ages);
	RUN(test_typed_ring);
	RUN(test_elem_sizes);
	RUN(test_placement);
	RUN(test_close_single_thread);
	RUN(test_close_wakes_waiters);
	return check_summary();
}
