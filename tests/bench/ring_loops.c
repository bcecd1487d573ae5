/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ring_bench's timed loops, the same for every kind of ring, compiled once
 * per code layout (meson builds this file LAYOUTS times, with -DLAYOUT=0..3).
 *
 * Each loop copies what it reads from struct run (the ring handles, counts)
 * into locals before it starts. Reading them through run->fwd on every call
 * put a line of the main lcore's stack into the worker's loop, and that false
 * sharing added about 60 ns to every ring's round trip (but not to the raw
 * cache line's, which uses globals): the comparison was unfair to the rings.
 *
 * Code layout. Where a polling loop sits in the binary moves its figures:
 * two builds of ring_bench with the same ring, whose loops sat 480 bytes
 * apart, put spsc_ring's round trip at 0.92-1.00 and 0.97-1.22 of the raw
 * line's, and rte_ring's burst-1 throughput at 34-39 and 26-29 cycles per
 * element (docs/performance-investigations.md). So each timed loop starts on
 * a 64-byte boundary and is then shifted by LAYOUT * LAYOUT_STEP bytes of
 * no-ops (run once per call, before the loop), and round r runs every loop,
 * of every ring and of the raw line alike, from layout r % LAYOUTS: the
 * medians are over four placements of the code, not one, and an edit to
 * ring_bench.c no longer moves them. One layout per translation unit,
 * because with four copies of every loop in one file GCC stopped inlining
 * spsc_ring's calls into its loops.
 */
#include <stdint.h>

#include <rte_cycles.h>
#include <rte_pause.h>
#include <rte_ring.h>

#include "ring_loops.h"

#ifndef LAYOUT
#error "build with -DLAYOUT=0, 1, 2 or 3 (see meson.build)"
#endif

#define LAYOUT_STEP 16
#define LOOP_FN __attribute__((aligned(64)))
#define LOOP_SHIFT() \
	__asm__ volatile(".if " RTE_STR(LAYOUT) "\n\t.skip " RTE_STR(LAYOUT) " * "		\
			 RTE_STR(LAYOUT_STEP) ", 0x90\n\t.endif")

#define DEFINE_LOOPS(tag, ENQ, DEQ)						\
static LOOP_FN int								\
consumer_##tag(void *arg)							\
{										\
	struct run *run = arg;							\
	struct ring fwd = *run->fwd;						\
	uint64_t elems = run->elems;						\
	unsigned int burst = run->burst;					\
	void *objs[MAX_BURST];							\
	uint64_t got = 0, sum = 0, calls = 0, empty = 0;			\
										\
	LOOP_SHIFT();								\
	run->ready = 1;								\
	while (run->go == 0)							\
		rte_pause();							\
	while (got < elems) {							\
		unsigned int n = DEQ(&fwd, objs, burst);			\
										\
		for (unsigned int i = 0; i < n; i++)				\
			sum += (uintptr_t)objs[i];				\
		got += n;							\
		calls++;							\
		if (n == 0) {							\
			empty++;						\
			rte_pause();						\
		}								\
	}									\
	run->t_end = rte_rdtsc();						\
	run->checksum = sum;							\
	run->deq_calls = calls;							\
	run->deq_empty = empty;							\
	return 0;								\
}										\
										\
static LOOP_FN uint64_t								\
producer_##tag(struct run *run)							\
{										\
	struct ring fwd = *run->fwd;						\
	uint64_t elems = run->elems, sent = 0, t0, calls = 0, full = 0;		\
	unsigned int burst = run->burst;					\
										\
	LOOP_SHIFT();								\
	while (run->ready == 0)							\
		rte_pause();							\
	t0 = rte_rdtsc();							\
	run->go = 1;								\
	while (sent < elems) {							\
		unsigned int want = burst;					\
		unsigned int n;							\
										\
		if (want > elems - sent)					\
			want = (unsigned int)(elems - sent);			\
		n = ENQ(&fwd, bench_objs, want);				\
		sent += n;							\
		calls++;							\
		if (n == 0) {							\
			full++;							\
			rte_pause();						\
		}								\
	}									\
	run->enq_calls = calls;							\
	run->enq_full = full;							\
	return t0;								\
}										\
										\
static LOOP_FN int								\
echo_##tag(void *arg)								\
{										\
	struct run *run = arg;							\
	struct ring fwd = *run->fwd, back = *run->back;				\
	unsigned int nsamples = run->nsamples;					\
	void *obj[1];								\
										\
	LOOP_SHIFT();								\
	run->ready = 1;								\
	for (unsigned int i = 0; i < nsamples; i++) {				\
		while (DEQ(&fwd, obj, 1) == 0)					\
			rte_pause();						\
		while (ENQ(&back, obj, 1) == 0)					\
			rte_pause();						\
	}									\
	return 0;								\
}										\
										\
static LOOP_FN void								\
pinger_##tag(struct run *run)							\
{										\
	struct ring fwd = *run->fwd, back = *run->back;				\
	void *obj[1] = {bench_objs[0]};						\
										\
	LOOP_SHIFT();								\
	while (run->ready == 0)							\
		rte_pause();							\
	for (unsigned int i = 0; i < run->nsamples; i++) {			\
		uint64_t t0 = rte_rdtsc_precise();				\
										\
		while (ENQ(&fwd, obj, 1) == 0)					\
			rte_pause();						\
		while (DEQ(&back, obj, 1) == 0)					\
			rte_pause();						\
		run->samples[i] = rte_rdtsc_precise() - t0;			\
	}									\
}										\
										\
static LOOP_FN double								\
single_core_##tag(struct ring *r, unsigned int burst, uint64_t elems)		\
{										\
	void *objs[MAX_BURST];							\
	uint64_t done = 0, sum = 0, t0;						\
										\
	LOOP_SHIFT();								\
	t0 = rte_rdtsc_precise();						\
	while (done < elems) {							\
		unsigned int n = ENQ(r, bench_objs, burst);			\
										\
		n = DEQ(r, objs, n);						\
		sum += (uintptr_t)objs[0];					\
		done += n;							\
	}									\
	return (double)(rte_rdtsc_precise() - t0 + (sum & 1)) / (double)done;	\
}

#define SPSC_ENQ(r, o, n) spsc_ring_enqueue_burst((r)->spsc, (o), (n), NULL)
#define SPSC_DEQ(r, o, n) spsc_ring_dequeue_burst((r)->spsc, (o), (n), NULL)
#define RTE_SP_ENQ(r, o, n) rte_ring_sp_enqueue_burst((r)->rte, (o), (n), NULL)
#define RTE_SC_DEQ(r, o, n) rte_ring_sc_dequeue_burst((r)->rte, (o), (n), NULL)
#define RTE_MP_ENQ(r, o, n) rte_ring_mp_enqueue_burst((r)->rte, (o), (n), NULL)
#define RTE_MC_DEQ(r, o, n) rte_ring_mc_dequeue_burst((r)->rte, (o), (n), NULL)

DEFINE_LOOPS(spsc, SPSC_ENQ, SPSC_DEQ)
DEFINE_LOOPS(rte_spsc, RTE_SP_ENQ, RTE_SC_DEQ)
DEFINE_LOOPS(rte_mpmc, RTE_MP_ENQ, RTE_MC_DEQ)

/* spsc_ring's own wait helpers (what a latency-bound user would call). */
static LOOP_FN int
echo_spsc_wait(void *arg)
{
	struct run *run = arg;
	void *obj[1];

	LOOP_SHIFT();
	run->ready = 1;
	for (unsigned int i = 0; i < run->nsamples; i++) {
		spsc_ring_dequeue_wait(run->fwd->spsc, obj, 1, NULL);
		spsc_ring_enqueue_wait(run->back->spsc, obj, 1, NULL);
	}
	return 0;
}

static LOOP_FN void
pinger_spsc_wait(struct run *run)
{
	void *obj[1] = {bench_objs[0]};

	LOOP_SHIFT();
	while (run->ready == 0)
		rte_pause();
	for (unsigned int i = 0; i < run->nsamples; i++) {
		uint64_t t0 = rte_rdtsc_precise();

		spsc_ring_enqueue_wait(run->fwd->spsc, obj, 1, NULL);
		spsc_ring_dequeue_wait(run->back->spsc, obj, 1, NULL);
		run->samples[i] = rte_rdtsc_precise() - t0;
	}
}

static LOOP_FN int
raw_echo(void *arg)
{
	struct run *run = arg;

	LOOP_SHIFT();
	run->ready = 1;
	for (unsigned int i = 1; i <= run->nsamples; i++) {
		while (line.ping != i)
			rte_pause();
		line.pong = i;
	}
	return 0;
}

static LOOP_FN void
raw_pinger(struct run *run)
{
	LOOP_SHIFT();
	while (run->ready == 0)
		rte_pause();
	for (unsigned int i = 1; i <= run->nsamples; i++) {
		uint64_t t0 = rte_rdtsc_precise();

		line.ping = i;
		while (line.pong != i)
			rte_pause();
		run->samples[i - 1] = rte_rdtsc_precise() - t0;
	}
}

#define LOOP_SET(tag) {consumer_##tag, echo_##tag, producer_##tag, pinger_##tag, \
			single_core_##tag}
#define LAYOUT_NAME_(l) ring_loops_##l
#define LAYOUT_NAME(l) LAYOUT_NAME_(l)

const struct layout_loops LAYOUT_NAME(LAYOUT) = {
	.ring = {
		[K_SPSC] = LOOP_SET(spsc),
		[K_RTE_SPSC] = LOOP_SET(rte_spsc),
		[K_RTE_MPMC] = LOOP_SET(rte_mpmc),
	},
	.raw_echo = raw_echo,
	.raw_pinger = raw_pinger,
	.wait_echo = echo_spsc_wait,
	.wait_pinger = pinger_spsc_wait,
};
