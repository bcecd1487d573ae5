/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What ring_bench.c and its timed loops (ring_loops.c) share: the rings, the
 * state of one run, and the table of loops one code layout provides.
 */
#ifndef RING_LOOPS_H
#define RING_LOOPS_H

#include <stdint.h>

#include <rte_common.h>
#include <rte_launch.h>

#include "spsc_ring.h"

struct rte_ring;

enum kind { K_SPSC, K_RTE_SPSC, K_RTE_MPMC, K_COUNT };

#define MAX_BURST 256

/*
 * Code layouts: ring_loops.c is compiled LAYOUTS times, once per layout, and
 * round r of every benchmark runs the loops of layout r % LAYOUTS (see
 * ring_loops.c for why).
 */
#define LAYOUTS 4

/* One ring of any kind; the loops are generated once per kind. */
struct ring {
	enum kind kind;
	struct spsc_ring *spsc;
	struct rte_ring *rte;
};

/* Shared between the main lcore and the worker for one run. */
struct run {
	struct ring *fwd;		/* main -> worker */
	struct ring *back;		/* worker -> main (round trip only) */
	unsigned int burst;
	uint64_t elems;
	volatile uint32_t ready;	/* worker is spinning on go */
	volatile uint32_t go;
	uint64_t t_end;			/* worker's TSC at its last element */
	uint64_t checksum;		/* keeps the consumer's reads alive */
	/* Throughput only: calls, and those that moved nothing because the
	 * ring was empty (consumer) or full (producer). */
	uint64_t deq_calls, deq_empty, enq_calls, enq_full;
	uint64_t *samples;		/* round-trip cycles */
	unsigned int nsamples;
} __rte_cache_aligned;

/* The raw cache-line round trip: two lines, one written by each side. */
struct raw_line {
	volatile uint64_t ping __rte_aligned(128);
	volatile uint64_t pong __rte_aligned(128);
};

/* Defined in ring_bench.c, one of each, shared by every layout. */
extern struct raw_line line;
extern void *bench_objs[MAX_BURST];

/* One kind's loops. */
struct loop_set {
	lcore_function_t *consumer, *echo;
	uint64_t (*producer)(struct run *);
	void (*pinger)(struct run *);
	double (*single_core)(struct ring *, unsigned int, uint64_t);
};

/* Everything one layout provides. */
struct layout_loops {
	struct loop_set ring[K_COUNT];
	lcore_function_t *raw_echo, *wait_echo;		/* worker side */
	void (*raw_pinger)(struct run *), (*wait_pinger)(struct run *);	/* main side */
};

extern const struct layout_loops ring_loops_0, ring_loops_1, ring_loops_2, ring_loops_3;

#endif /* RING_LOOPS_H */
