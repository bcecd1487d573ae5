/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spsc_ring.h from C++: the calls compiled as C++ (C++11 and later), rings
 * exchanged between two std::threads, and rings shared with C code
 * (test_ring_cxx_c.c, the same header compiled as C) in one process and, in
 * shared memory, with a forked C consumer.
 *
 * usage: test_ring_cxx [elements per two-thread exchange]
 */
#include <atomic>
#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_ring_cxx.h"
#include "check.h"

#if __cplusplus >= 201703L
/* The header asserts this with the ATOMIC_*_LOCK_FREE macros, which C++11
 * has; here is the library's own word for it. */
static_assert(std::atomic<uint32_t>::is_always_lock_free &&
	      std::atomic<uint64_t>::is_always_lock_free, "the ring's atomics are lock-free");
#endif

static uint64_t elems = 4000000;

static void *
tag(uint64_t i)
{
	return reinterpret_cast<void *>(static_cast<uintptr_t>(i + 1));	/* never NULL */
}

/* Element i of a zero-copy reservation or peek: first span, then second. */
template <typename T>
static T *
zc_elem(const struct spsc_ring_zc *zc, unsigned int i)
{
	return i < zc->n1 ? static_cast<T *>(zc->ptr1) + i :
			    static_cast<T *>(zc->ptr2) + (i - zc->n1);
}

/* Every offset and size, as this C++ compilation and the C half see them. */
static void
test_layout_same_as_c(void)
{
	static const struct layout_entry cxx[] = {
		TEST_RING_CXX_LAYOUT(TEST_RING_CXX_ENTRY)
	};
	const size_t n = sizeof(cxx) / sizeof(cxx[0]);
	size_t c_n = 0;
	const struct layout_entry *c = test_ring_cxx_c_layout(&c_n);

	CHECK_EQ(c_n, n);
	for (size_t i = 0; i < n && i < c_n; i++) {
		if (cxx[i].value != c[i].value)
			fprintf(stderr, "%s: %zu in C++, %zu in C\n", cxx[i].what, cxx[i].value,
				c[i].value);
		CHECK_EQ(cxx[i].value, c[i].value);
	}
}

/* The pointer calls, the queries and zero-copy, on a ring in our memory. */
static void
test_calls(void)
{
	alignas(SPSC_RING_ALIGN) static unsigned char mem[1024];
	struct spsc_ring *r = reinterpret_cast<struct spsc_ring *>(mem);
	void *in[8], *out[8], *obj = NULL;
	unsigned int free_space = 99, avail = 99;
	struct spsc_ring_zc zc;

	for (unsigned int i = 0; i < 8; i++)
		in[i] = tag(i);
	CHECK(spsc_ring_memsize(6, sizeof(void *)) <= sizeof(mem));
	CHECK_EQ(spsc_ring_memsize(0, sizeof(void *)), 0);
	CHECK_EQ(spsc_ring_init(r, 0, sizeof(void *)), -EINVAL);
	CHECK_EQ(spsc_ring_init(r, 6, sizeof(void *)), 0);
	CHECK_EQ(spsc_ring_capacity(r), 6);
	CHECK_EQ(spsc_ring_esize(r), sizeof(void *));
	/* Slot 2 of 8, 14 elements short of 2^32: the storage wraps at the
	 * second round, the storage and the indices inside the zero-copy
	 * spans at the end. */
	spsc_ring_reset(r, UINT32_MAX - 13);
	for (unsigned int i = 0; i < 6; i++)
		CHECK_EQ(spsc_ring_enqueue(r, tag(99)), 0);
	CHECK(spsc_ring_full(r));
	CHECK_EQ(spsc_ring_enqueue(r, tag(99)), -ENOBUFS);
	CHECK_EQ(spsc_ring_dequeue_burst(r, out, 8, &avail), 6);
	CHECK_EQ(avail, 0);
	CHECK_EQ(spsc_ring_dequeue(r, &obj), -ENOENT);
	CHECK(spsc_ring_empty(r));

	CHECK_EQ(spsc_ring_enqueue_bulk(r, in, 4, &free_space), 4);
	CHECK_EQ(free_space, 2);
	CHECK_EQ(spsc_ring_enqueue_bulk(r, in + 4, 3, &free_space), 0);
	CHECK_EQ(spsc_ring_enqueue_burst(r, in + 4, 3, &free_space), 2);
	CHECK_EQ(free_space, 0);
	CHECK_EQ(spsc_ring_count(r), 6);
	CHECK_EQ(spsc_ring_free_count(r), 0);
	CHECK_EQ(spsc_ring_dequeue_bulk(r, out, 7, &avail), 0);
	CHECK_EQ(avail, 6);
	CHECK_EQ(spsc_ring_dequeue(r, &obj), 0);
	CHECK(obj == tag(0));
	CHECK_EQ(spsc_ring_dequeue_bulk(r, out, 5, NULL), 5);
	for (unsigned int i = 0; i < 5; i++)
		CHECK(out[i] == tag(i + 1));

	/* Both indices at slot 6 of 8: five slots are two spans. */
	CHECK_EQ(spsc_ring_enqueue_zc_reserve(r, 5, &zc, &free_space), 5);
	CHECK_EQ(free_space, 1);
	CHECK(zc.n1 == 2 && zc.n2 == 3 && zc.ptr2 == r->slots);
	for (unsigned int i = 0; i < 5; i++)
		*zc_elem<void *>(&zc, i) = tag(i);
	spsc_ring_enqueue_zc_commit(r, 5);
	CHECK_EQ(spsc_ring_dequeue_zc_peek(r, 8, &zc, &avail), 5);
	CHECK(zc.n1 == 2 && zc.n2 == 3 && avail == 0);
	for (unsigned int i = 0; i < 5; i++)
		CHECK(*zc_elem<void *>(&zc, i) == tag(i));
	spsc_ring_dequeue_zc_release(r, 5);
	CHECK(spsc_ring_empty(r));
}

/*
 * A one-element hand-off to a consumer that found the ring empty comes from
 * the mailbox, not the slot: with the slot overwritten, the element still
 * arrives. The mailbox is a seqlock of C++ atomics here.
 */
static void
test_mailbox(void)
{
	struct frame_ring *q = frame_ring_create(4);
	struct spsc_ring *r = frame_ring_ring(q);

	for (uint64_t i = 0; i < 12; i++) {
		struct frame_desc f = frame_make(i), got[4];
		unsigned char *slot = r->slots + (r->cons.head & r->cons.mask) * sizeof(f);

		CHECK_EQ(frame_ring_enqueue(q, &f), 0);
		memset(slot, 0xee, sizeof(f));
		/* The single call and a burst call both take the mailbox. */
		if (i % 2 == 0)
			CHECK_EQ(frame_ring_dequeue(q, &got[0]), 0);
		else
			CHECK_EQ(frame_ring_dequeue_burst(q, got, 4, NULL), 1);
		CHECK(frame_is(&got[0], i));
	}
	frame_ring_free(q);
}

/* The typed calls not used elsewhere, close, and reset. */
static void
test_typed_close_reset(void)
{
	struct frame_ring *q = frame_ring_create(4);
	struct frame_desc in[6], out[6];

	for (unsigned int i = 0; i < 6; i++)
		in[i] = frame_make(i);
	CHECK_EQ(frame_ring_memsize(4), spsc_ring_memsize(4, sizeof(struct frame_desc)));
	CHECK_EQ(frame_ring_capacity(q), 4);
	CHECK_EQ(frame_ring_enqueue_bulk(q, in, 5, NULL), 0);
	CHECK_EQ(frame_ring_enqueue_bulk(q, in, 2, NULL), 2);
	CHECK_EQ(frame_ring_count(q), 2);
	CHECK(!frame_ring_is_closed(q));
	frame_ring_close(q);
	CHECK(frame_ring_is_closed(q) && !frame_ring_is_drained(q));
	/* Closed and full: the wait returns with what fitted. */
	CHECK_EQ(frame_ring_enqueue_wait(q, in + 2, 4), 2);
	CHECK_EQ(frame_ring_dequeue_bulk(q, out, 3, NULL), 3);
	/* Closed: the wait returns what is left, not the n asked for. */
	CHECK_EQ(frame_ring_dequeue_wait(q, out + 3, 3), 1);
	CHECK(frame_ring_is_drained(q));
	for (unsigned int i = 0; i < 4; i++)
		CHECK(frame_is(&out[i], i));
	spsc_ring_reset(frame_ring_ring(q), 0);
	CHECK(!frame_ring_is_closed(q) && frame_ring_count(q) == 0);
	frame_ring_free(q);
}

/* Two std::threads, void * elements, every kind of pointer call. */
static void
test_pointers_two_threads(void)
{
	struct spsc_ring *r = spsc_ring_create(1000, sizeof(void *));
	void *out[32];
	uint32_t state = 0x68e31da4;
	uint64_t next = 0, bad = 0;

	std::thread producer([r] {
		void *burst[32];
		uint32_t pstate = 0xb5297a4d;
		uint64_t i = 0;

		while (i < elems) {
			unsigned int k = test_burst(&pstate, elems - i), done;

			for (unsigned int j = 0; j < k; j++)
				burst[j] = tag(i + j);
			if (k % 3 == 0)
				done = spsc_ring_enqueue(r, burst[0]) == 0;
			else if (k % 3 == 1)
				done = spsc_ring_enqueue_bulk(r, burst, k, NULL);
			else
				done = spsc_ring_enqueue_wait(r, burst, k, NULL);
			i += done;
			if (done == 0)
				spsc_ring_pause();
		}
		spsc_ring_close(r);
	});
	for (;;) {
		unsigned int k = 1 + test_rand(&state) % 32, got, avail = 0;

		if (k % 3 == 0)
			got = spsc_ring_dequeue(r, &out[0]) == 0;
		else if (k % 3 == 1)
			got = spsc_ring_dequeue_burst(r, out, k, &avail);
		else
			got = spsc_ring_dequeue_bulk(r, out, k, NULL);
		if (avail > spsc_ring_capacity(r))
			bad++;
		for (unsigned int i = 0; i < got; i++)
			if (out[i] != tag(next++))
				bad++;
		if (got == 0) {
			if (spsc_ring_is_drained(r))
				break;
			spsc_ring_pause();
		}
	}
	producer.join();
	CHECK_EQ(next, elems);
	CHECK_EQ(bad, 0);
	spsc_ring_free(r);
}

/* The C++ producer: single (the mailbox), burst and zero-copy calls, then close. */
static void
cxx_produce(struct frame_ring *q, uint64_t n)
{
	struct frame_desc burst[32];
	uint32_t state = 0x9e3779b9;
	uint64_t seq = 0;

	while (seq < n) {
		unsigned int k = test_burst(&state, n - seq), done;
		struct spsc_ring_zc zc;

		if (k % 3 == 0) {
			burst[0] = frame_make(seq);
			done = frame_ring_enqueue(q, &burst[0]) == 0;
		} else if (k % 3 == 1) {
			for (unsigned int i = 0; i < k; i++)
				burst[i] = frame_make(seq + i);
			done = frame_ring_enqueue_burst(q, burst, k, NULL);
		} else {
			done = spsc_ring_enqueue_zc_reserve(frame_ring_ring(q), k, &zc, NULL);
			for (unsigned int i = 0; i < done; i++)
				*zc_elem<struct frame_desc>(&zc, i) = frame_make(seq + i);
			spsc_ring_enqueue_zc_commit(frame_ring_ring(q), done);
		}
		seq += done;
		if (done == 0)
			spsc_ring_pause();
	}
	frame_ring_close(q);
}

/* The C++ consumer, until the ring is closed and drained: returns how many
 * frames came in order and intact, *bad the others. */
static uint64_t
cxx_consume(struct frame_ring *q, uint64_t *bad)
{
	struct frame_desc out[32];
	uint32_t state = 0x85ebca6b;
	uint64_t seq = 0;

	*bad = 0;
	for (;;) {
		unsigned int k = 1 + test_rand(&state) % 32, got;
		struct spsc_ring_zc zc = {};

		if (k % 3 == 0)
			got = frame_ring_dequeue(q, &out[0]) == 0;
		else if (k % 3 == 1)
			got = frame_ring_dequeue_burst(q, out, k, NULL);
		else
			got = spsc_ring_dequeue_zc_peek(frame_ring_ring(q), k, &zc, NULL);
		for (unsigned int i = 0; i < got; i++, seq++)
			if (!frame_is(k % 3 == 2 ? zc_elem<struct frame_desc>(&zc, i) : &out[i],
				      seq))
				(*bad)++;
		if (k % 3 == 2)
			spsc_ring_dequeue_zc_release(frame_ring_ring(q), got);
		if (got == 0) {
			if (frame_ring_is_drained(q))
				return seq - *bad;
			spsc_ring_pause();
		}
	}
}

typedef void produce_fn(struct frame_ring *q, uint64_t n);
typedef uint64_t consume_fn(struct frame_ring *q, uint64_t *bad);

/* n frames from produce (a std::thread) to consume (this thread). */
static void
exchange_frames(produce_fn *produce, consume_fn *consume, uint64_t n)
{
	struct frame_ring *q = frame_ring_create(256);
	uint64_t good, bad;
	std::thread producer(produce, q, n);

	good = consume(q, &bad);
	producer.join();
	CHECK_EQ(good, n);
	CHECK_EQ(bad, 0);
	frame_ring_free(q);
}

static void
test_frames_two_threads(void)
{
	exchange_frames(cxx_produce, cxx_consume, elems);
}

/* The C half at the other end of the ring, in either direction. */
static void
test_frames_with_c(void)
{
	exchange_frames(cxx_produce, test_ring_cxx_c_consume, elems / 4);
	exchange_frames(test_ring_cxx_c_produce, cxx_consume, elems / 4);
}

/* A ring that C code placed in shared memory, consumed by a C process. */
static void
test_frames_shared_memory_with_c_process(void)
{
	size_t bytes = frame_ring_memsize(256);
	void *mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct frame_ring *q;
	int status = -1;
	pid_t child;

	CHECK(mem != MAP_FAILED);
	if (mem == MAP_FAILED)
		return;
	q = test_ring_cxx_c_place(mem, 256);
	CHECK(q != NULL);
	fflush(stdout);		/* or the child's exit prints it again */
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		uint64_t bad;

		_exit(test_ring_cxx_c_consume(q, &bad) == elems / 4 && bad == 0 ? 0 : 1);
	}
	if (child > 0) {
		cxx_produce(q, elems / 4);
		CHECK(waitpid(child, &status, 0) == child);
	}
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	munmap(mem, bytes);
}

int
main(int argc, char **argv)
{
	if (argc > 1)
		elems = strtoull(argv[1], NULL, 0);
	printf("C++ %ld, %" PRIu64 " elements per two-thread exchange\n",
	       static_cast<long>(__cplusplus), elems);
	RUN(test_layout_same_as_c);
	RUN(test_calls);
	RUN(test_mailbox);
	RUN(test_typed_close_reset);
	RUN(test_frames_shared_memory_with_c_process);
	RUN(test_pointers_two_threads);
	RUN(test_frames_two_threads);
	RUN(test_frames_with_c);
	return check_summary();
}
