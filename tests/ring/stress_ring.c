/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Two-thread stress of spsc_ring: a producer and a consumer, each choosing at
 * random among single, burst, bulk, zero-copy, run-time-size _elem and
 * wait calls with random sizes, push N elements through rings of several
 * capacities and element sizes 4, 8, 24, 40 and 64 (40 is the largest that
 * also travels through the producer's mailbox, 64 never does). Every element carries its
 * sequence number and a payload derived from it, so the consumer checks
 * order, loss, duplication and payload integrity of each one.
 *
 * The indices start just below 2^32, so every run crosses the wrap.
 *
 * The two threads run on different CPUs when there are two, and a side that
 * keeps finding the ring full (or empty) yields its CPU now and then: on a
 * busy machine two spinning threads sharing a CPU would otherwise move a
 * ring of 7 elements per scheduler slice, and take hours.
 *
 * usage: stress_ring [ELEMS_PER_SIZE [SEED]]
 */
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spsc_ring.h"

#define MAX_BURST 64
#define MAX_ESIZE 64

struct run {
	struct spsc_ring *r;
	uint64_t elems;		/* how many the producer sends */
	uint64_t seed;
	/* consumer's findings */
	uint64_t received;
	uint64_t errors;
	uint64_t first_bad_seq;
	/* how often each call was used, to show the mix was real */
	uint64_t prod_calls[6];
	uint64_t cons_calls[6];
};

static uint64_t
rng_next(uint64_t *s)
{
	/* xorshift64*: fast, and plenty for choosing calls and sizes. */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

/* Fruitless calls in a row after which a side yields its CPU. */
#define SPINS_BEFORE_YIELD 4096u

/* After a call that moved nothing: pause, and yield once in a while. */
static inline void
wait_a_little(unsigned int *fruitless)
{
	if (++*fruitless % SPINS_BEFORE_YIELD == 0)
		sched_yield();
	else
		spsc_ring_pause();
}

/* Element seq: its sequence number, then words derived from it. */
static inline __attribute__((always_inline)) void
make_elem(unsigned char *p, uint64_t seq, unsigned int esize)
{
	if (esize == 4) {
		uint32_t s = (uint32_t)seq;

		memcpy(p, &s, 4);
		return;
	}
	memcpy(p, &seq, 8);
	for (unsigned int o = 8; o < esize; o += 8) {
		uint64_t w = seq * 0x9E3779B97F4A7C15ULL + o;

		memcpy(p + o, &w, 8);
	}
}

static inline __attribute__((always_inline)) bool
elem_ok(const unsigned char *p, uint64_t seq, unsigned int esize)
{
	unsigned char want[MAX_ESIZE];

	make_elem(want, seq, esize);
	return memcmp(p, want, esize) == 0;
}

/* A variable the compiler cannot see through: forces the run-time-size path. */
static volatile unsigned int runtime_esize_sink;

static inline __attribute__((always_inline)) void
producer_body(struct run *run, const unsigned int esize)
{
	struct spsc_ring *r = run->r;
	unsigned char buf[MAX_BURST * MAX_ESIZE];
	uint64_t seq = 0, rng = run->seed;
	unsigned int fruitless = 0;

	while (seq < run->elems) {
		uint64_t left = run->elems - seq;
		unsigned int want = 1 + rng_next(&rng) % MAX_BURST;
		unsigned int op = rng_next(&rng) % 6, got = 0;
		struct spsc_ring_zc zc;

		if (want > left)
			want = (unsigned int)left;
		run->prod_calls[op]++;
		if (op == 3) {
			/* Zero-copy: fill in place, commit a random prefix. */
			unsigned int k = spsc_ring_enqueue_zc_reserve(r, want, &zc, NULL);

			for (unsigned int i = 0; i < zc.n1; i++)
				make_elem((unsigned char *)zc.ptr1 + i * esize, seq + i, esize);
			for (unsigned int i = 0; i < zc.n2; i++)
				make_elem((unsigned char *)zc.ptr2 + i * esize,
					  seq + zc.n1 + i, esize);
			got = k == 0 ? 0 : (unsigned int)(1 + rng_next(&rng) % k);
			spsc_ring_enqueue_zc_commit(r, got);
		} else {
			for (unsigned int i = 0; i < want; i++)
				make_elem(buf + i * esize, seq + i, esize);
			switch (op) {
			case 0:
				got = spsc_ring_enqueue_elem(r, buf, esize) == 0;
				break;
			case 1:
				got = spsc_ring_enqueue_burst_elem(r, buf, esize, want, NULL);
				break;
			case 2:
				got = spsc_ring_enqueue_bulk_elem(r, buf, esize, want, NULL);
				break;
			case 4:
				got = spsc_ring_enqueue_burst_elem(r, buf, runtime_esize_sink,
								   want, NULL);
				break;
			case 5:
				got = spsc_ring_enqueue_wait_elem(r, buf, esize, want, NULL);
				break;
			}
		}
		seq += got;
		if (got == 0)
			wait_a_little(&fruitless);
	}
	spsc_ring_close(r);
}

static inline __attribute__((always_inline)) void
consumer_body(struct run *run, const unsigned int esize)
{
	struct spsc_ring *r = run->r;
	unsigned char buf[MAX_BURST * MAX_ESIZE];
	uint64_t seq = 0, rng = run->seed * 7 + 1;
	unsigned int fruitless = 0;

	for (;;) {
		unsigned int want = 1 + rng_next(&rng) % MAX_BURST;
		unsigned int op = rng_next(&rng) % 6, got = 0;
		struct spsc_ring_zc zc;

		run->cons_calls[op]++;
		if (op == 3) {
			unsigned int k = spsc_ring_dequeue_zc_peek(r, want, &zc, NULL);

			got = k == 0 ? 0 : (unsigned int)(1 + rng_next(&rng) % k);
			for (unsigned int i = 0; i < got; i++) {
				const unsigned char *p = i < zc.n1 ?
					(const unsigned char *)zc.ptr1 + i * esize :
					(const unsigned char *)zc.ptr2 + (i - zc.n1) * esize;

				if (!elem_ok(p, seq + i, esize) && run->errors++ == 0)
					run->first_bad_seq = seq + i;
			}
			spsc_ring_dequeue_zc_release(r, got);
		} else {
			switch (op) {
			case 0:
				got = spsc_ring_dequeue_elem(r, buf, esize) == 0;
				break;
			case 1:
				got = spsc_ring_dequeue_burst_elem(r, buf, esize, want, NULL);
				break;
			case 2:
				got = spsc_ring_dequeue_bulk_elem(r, buf, esize, want, NULL);
				break;
			case 4:
				got = spsc_ring_dequeue_burst_elem(r, buf, runtime_esize_sink,
								   want, NULL);
				break;
			case 5:
				got = spsc_ring_dequeue_wait_elem(r, buf, esize, want, NULL);
				break;
			}
			for (unsigned int i = 0; i < got; i++)
				if (!elem_ok(buf + i * esize, seq + i, esize) && run->errors++ == 0)
					run->first_bad_seq = seq + i;
		}
		seq += got;
		if (got == 0) {
			if (spsc_ring_is_drained(r))
				break;
			wait_a_little(&fruitless);
		}
	}
	run->received = seq;
}

#define INSTANTIATE(esize)							\
static void *producer_##esize(void *p) { producer_body(p, esize); return NULL; } \
static void *consumer_##esize(void *p) { consumer_body(p, esize); return NULL; }
INSTANTIATE(4)
INSTANTIATE(8)
INSTANTIATE(24)
INSTANTIATE(40)
INSTANTIATE(64)

/* Put the two threads on two different CPUs of this process's set, if it
 * has two; otherwise leave them to the scheduler. */
static void
pin_apart(pthread_t a, pthread_t b)
{
	cpu_set_t all, one;
	int first = -1, second = -1;

	if (sched_getaffinity(0, sizeof(all), &all) != 0)
		return;
	for (int c = 0; c < CPU_SETSIZE && second < 0; c++)
		if (CPU_ISSET(c, &all)) {
			if (first < 0)
				first = c;
			else
				second = c;
		}
	if (second < 0)
		return;
	CPU_ZERO(&one);
	CPU_SET(first, &one);
	pthread_setaffinity_np(a, sizeof(one), &one);
	CPU_ZERO(&one);
	CPU_SET(second, &one);
	pthread_setaffinity_np(b, sizeof(one), &one);
}

static int
stress(unsigned int esize, unsigned int capacity, uint64_t elems, uint64_t seed)
{
	void *(*prod)(void *), *(*cons)(void *);
	struct run run = {.elems = elems, .seed = seed | 1};
	pthread_t tp, tc;
	int ok;

	switch (esize) {
	case 4: prod = producer_4; cons = consumer_4; break;
	case 8: prod = producer_8; cons = consumer_8; break;
	case 24: prod = producer_24; cons = consumer_24; break;
	case 40: prod = producer_40; cons = consumer_40; break;
	default: prod = producer_64; cons = consumer_64; break;
	}
	runtime_esize_sink = esize;	/* before the threads start: no race */
	run.r = spsc_ring_create(capacity, esize);
	if (run.r == NULL) {
		perror("spsc_ring_create");
		return 0;
	}
	spsc_ring_reset(run.r, UINT32_MAX - 1000);
	pthread_create(&tc, NULL, cons, &run);
	pthread_create(&tp, NULL, prod, &run);
	pin_apart(tp, tc);
	pthread_join(tp, NULL);
	pthread_join(tc, NULL);

	ok = run.errors == 0 && run.received == elems && spsc_ring_count(run.r) == 0;
	/* Every kind of call must have been exercised on both sides. */
	for (int i = 0; i < 6; i++)
		ok = ok && (elems < 1000 || (run.prod_calls[i] > 0 && run.cons_calls[i] > 0));
	printf("esize %2u capacity %5u: %" PRIu64 " sent, %" PRIu64 " received, %" PRIu64
	       " bad%s", esize, capacity, elems, run.received, run.errors,
	       ok ? " ok\n" : " FAILED");
	if (run.errors)
		printf(" (first bad sequence %" PRIu64 ")", run.first_bad_seq);
	if (!ok)
		printf("\n");
	spsc_ring_free(run.r);
	return ok;
}

int
main(int argc, char **argv)
{
	static const unsigned int sizes[] = {4, 8, 24, 40, 64};
	uint64_t elems = argc > 1 ? strtoull(argv[1], NULL, 0) : 100000000ULL;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x5eed;
	unsigned int failed = 0;

	if (elems < 8) {
		fprintf(stderr, "stress_ring: ELEMS_PER_SIZE must be at least 8\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		/* A tiny odd ring keeps both sides on the full/empty edges;
		 * a larger non-power-of-two one lets bursts run. */
		failed += !stress(sizes[i], 7, elems / 8, seed + i);
		failed += !stress(sizes[i], 1000, elems - elems / 8, seed + 100 + i);
	}
	printf("%s\n", failed ? "stress FAILED" : "stress ok");
	return failed ? 1 : 0;
}
