/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The parser lcore: take packets from the ring, measure how long each
 * waited there, decode and count it, do the configured extra work, free it.
 * Stops when the RX side has closed the ring and it is drained.
 */
#include <string.h>

#include <rte_cycles.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_pause.h>

#include "pipeline.h"

/*
 * Push the parser record of the interval that ends at until, and start the
 * next. busy_from: where the busy stretch in progress began (NULL if the
 * parser is idle); the part of it before until counts in this interval, and
 * the stretch goes on from until. parsed: the packets whose work had ended
 * by until (those of the stretch in progress count where it ends).
 * cut_cycles: 0, or the interval's length if the lane stops at until.
 */
static void
parser_emit(struct pipeline *p, uint64_t until, uint64_t *busy_from, uint64_t parsed,
	    uint64_t cut_cycles)
{
	struct timeline_lanes *l = &p->lanes;
	struct tl_parse_rec rec;

	if (busy_from != NULL)
		bp_time_add(&p->parser.busy_cycles, busy_from, until);
	rec = (struct tl_parse_rec){
		.idx = l->parse_next,
		.cut_cycles = cut_cycles,
		.parsed = parsed,
		.busy_cycles = p->parser.busy_cycles,
		.p99_cycles = bp_hist_quantile(&l->parse_hist, 0.99),
		.max_cycles = l->parse_hist.max,
	};

	if (tl_parse_ring_enqueue(l->parse, &rec) != 0)
		l->parse_lost++;
	l->parse_next++;
	memset(&l->parse_hist, 0, sizeof(l->parse_hist));
}

/*
 * Close the timeline intervals that ended before now, splitting the busy
 * stretch that began at *busy_from (if any) at their ends. Called before
 * that stretch is added to the busy time. parsed: as for parser_emit().
 */
static void
parser_tick(struct pipeline *p, uint64_t now, uint64_t *busy_from, uint64_t parsed)
{
	const struct run_ctl *ctl = p->ctl;

	if (ctl->interval_cycles == 0)
		return;
	for (;;) {
		uint64_t end = ctl->start_tsc + (p->lanes.parse_next + 1) * ctl->interval_cycles;

		if (now < end)
			return;
		parser_emit(p, end, busy_from, parsed, 0);
	}
}

/*
 * The TSC, read once every earlier load has completed. rdtsc alone may run
 * ahead of a load still waiting for its line: read right after a dequeue,
 * it could predate the RX stamps of the packets that dequeue returns (RX
 * stamped and published them while the load was on its way), and their
 * time in the ring would come out negative. rdtscp waits for the earlier
 * loads on Intel and AMD alike (lfence does on AMD only where the kernel
 * made it serialising); rte_rdtsc_precise's full fence would also wait for
 * the dequeue's store of the consumer index to leave the core.
 */
static inline uint64_t
parser_tsc_after_loads(void)
{
#ifdef RTE_ARCH_X86
	unsigned int aux;

	return __builtin_ia32_rdtscp(&aux);
#else
	return rte_rdtsc_precise();
#endif
}

/* Stand-in for real per-packet work: spin for the given cycles. */
static inline void
parser_work(uint64_t cycles)
{
	uint64_t until = rte_rdtsc() + cycles;

	while (rte_rdtsc() < until)
		rte_pause();
}

int
parser_lcore_main(void *arg)
{
	struct pipeline *p = arg;
	struct bp_parser_stats *st = &p->parser;
	struct rte_mbuf *m[BP_BURST_MAX];
	const unsigned int burst = p->cfg->burst;
	const int stamp = p->ctl->stamp_offset;
	const bool timeline = p->ctl->interval_cycles != 0;
	const uint64_t cost = p->cfg->parse_cost_ns * p->ctl->tsc_hz / 1000000000u;
	/* Chosen once: decode_packet() itself carries no test of the option. */
	const bool verify_l4 = p->cfg->verify_l4_checksums;
	uint64_t last = rte_rdtsc();
	/* TSC after the last dequeue that returned packets, until a poll
	 * finds the ring empty; 0 after that. */
	uint64_t took = 0;

	/* lanes.parse_next is 0: the first tick records the intervals before
	 * this lcore started, idle (as rx.c). */
	for (;;) {
		/* The time up to the dequeue is idle whatever it returns: the
		 * host may hold the parser between two polls while RX fills
		 * the ring, and that pause is not work on packets. */
		uint64_t before = rte_rdtsc();
		unsigned int n = handoff_dequeue(&p->ring, m, burst, NULL);
		/* Ordered only when there are packets to time: an empty
		 * poll's time is idle either way. */
		uint64_t now = n != 0 ? parser_tsc_after_loads() : rte_rdtsc();

		bp_time_add(&st->idle_cycles, &last, before);
		if (n == 0) {
			if (took != 0) {
				/* That dequeue took the ring's last packet. */
				atomic_store_explicit(&p->drained_tsc, took, memory_order_relaxed);
				atomic_store_explicit(&p->drained_count, st->decode.packets,
						      memory_order_release);
				took = 0;
			}
			bp_time_add(&st->idle_cycles, &last, now);
			parser_tick(p, now, NULL, st->decode.packets);
			if (handoff_drained(&p->ring)) {
				uint64_t cut = run_interval_cut(p->ctl, p->lanes.parse_next, now);

				if (cut != 0)	/* the last, partial interval */
					parser_emit(p, now, NULL, st->decode.packets, cut);
				break;
			}
			continue;
		}
		took = now;
		/* Intervals that ended before these packets were in hand (the
		 * host may have held the parser) hold none of them. */
		parser_tick(p, now, &last, st->decode.packets);
		for (unsigned int i = 0; i < n; i++) {
			uint64_t waited = bp_time_in_ring(now,
							  *RTE_MBUF_DYNFIELD(m[i], stamp, uint64_t *));

			bp_hist_add(&st->time_in_ring, waited);
			if (timeline)
				bp_hist_add(&p->lanes.parse_hist, waited);
		}
		for (unsigned int i = 0; i < n; i++) {
			if (verify_l4)
				decode_packet_verify_l4(m[i], &st->decode);
			else
				decode_packet(m[i], &st->decode);
			if (cost != 0) {
				/* A slow consumer spends many intervals on one
				 * burst: account per packet so the timeline
				 * shows work where it happened. */
				parser_work(cost);
				now = rte_rdtsc();
				parser_tick(p, now, &last, st->decode.packets - 1);
				bp_time_add(&st->busy_cycles, &last, now);
			}
		}
		rte_pktmbuf_free_bulk(m, n);
		st->dequeues++;
		now = rte_rdtsc();
		parser_tick(p, now, &last, st->decode.packets - (cost != 0 ? 0 : n));
		bp_time_add(&st->busy_cycles, &last, now);
	}
	return 0;
}
