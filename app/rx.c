/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The RX lcore: poll one queue, pace the packets if asked, stamp them with
 * the TSC and push them into the ring; measure how the ring fills.
 *
 * The hot path allocates nothing, locks nothing and logs nothing.
 */
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_pause.h>

#include "pipeline.h"

/* How long a replay waits for a packet the file still owes before it gives
 * up (the PMD lost it some way the counters do not show). */
#define RX_STALL_SECONDS 2

/* RX reads the ring's occupancy at every enqueue and every 0.5 us while
 * idle; readings further apart than this mean its CPU was taken away, or a
 * receive call was long (rx_after_gap). */
#define RX_GAP_US 20

/* The RX lcore's private bookkeeping, kept off the shared stats. */
struct rx_state {
	struct pipeline *p;
	struct bp_rx_stats *st;
	unsigned int capacity;
	unsigned int occ_bin_width;	/* occupancy -> histogram bin */
	uint32_t last_occ;		/* the latest occupancy reading */
	uint64_t last_occ_tsc;		/* and when it was taken */
	uint64_t idle_sample_cycles;	/* reading interval while idle */
	uint64_t gap_cycles;		/* RX_GAP_US */
	uint64_t last_rx_tsc;		/* last poll that returned packets */
	uint64_t next_stats_tsc;	/* next rte_eth_stats_get on idle */
	bool waiting;			/* spinning for room (spin policy) */
	uint64_t wait_since;		/* since when, or the last interval's end */
	/* pacing */
	bool pace_t0_set;
	bool pace_started;		/* pace_ts0 is known */
	uint64_t pace_t0_tsc;		/* TSC when the first packet went out */
	uint64_t pace_ts0;		/* its capture timestamp */
	uint64_t pace_seq;		/* packets released (for --pps) */
	double pace_cycles_per_unit;	/* TSC cycles per timestamp unit at --replay-speed */
	double pace_cycles_per_pkt;	/* for --pps */
};

/*
 * The level of the last reading holds until the next one: account for the
 * time from that reading up to until.
 */
static inline void
rx_hold(struct rx_state *s, uint64_t until)
{
	bp_occ_hold(s->st, s->last_occ, until - s->last_occ_tsc, s->capacity);
	s->last_occ_tsc = until;
}

/*
 * Push the RX record of the interval that ends at until, and start the next.
 * cut_cycles: 0, or the interval's length if the lane stops at until.
 * The level held at the boundary is accounted up to it, so each record
 * covers its own interval exactly, also one in which RX took no reading at
 * all (its CPU taken away, a long receive): that interval shows the level
 * the last reading found, and its max starts from it too.
 */
static void
rx_emit(struct rx_state *s, uint64_t until, uint64_t cut_cycles)
{
	struct timeline_lanes *l = &s->p->lanes;
	struct tl_rx_rec rec;

	if (until > s->last_occ_tsc)
		rx_hold(s, until);
	/* A wait for room that spans intervals counts in each of them. */
	if (s->waiting)
		bp_time_add(&s->st->wait_cycles, &s->wait_since, until);
	rec = (struct tl_rx_rec){
		.idx = l->rx_next,
		.cut_cycles = cut_cycles,
		.packets = s->st->packets,
		.enqueued = s->st->enqueued,
		.dropped = s->st->dropped,
		.wait_cycles = s->st->wait_cycles,
		/* mod 2^64: a row takes the difference of two records */
		.occ_time_sum = (uint64_t)s->st->occ_time_sum,
		.occ_time_cycles = s->st->occ_time_cycles,
		.occ_max = l->rx_occ_max,
	};

	if (tl_rx_ring_enqueue(l->rx, &rec) != 0)
		l->rx_lost++;
	l->rx_next++;
	l->rx_occ_max = s->last_occ;
}

/*
 * Close the timeline intervals that ended before now. Called before the
 * readings and counts taken at now, so that they land in the interval now
 * is in.
 */
static void
rx_tick(struct rx_state *s, uint64_t now)
{
	const struct run_ctl *ctl = s->p->ctl;

	if (ctl->interval_cycles == 0)
		return;
	for (;;) {
		uint64_t end = ctl->start_tsc + (s->p->lanes.rx_next + 1) * ctl->interval_cycles;

		if (now < end)
			return;
		rx_emit(s, end, 0);
	}
}

/*
 * A new occupancy reading at time now: account for the time the previous
 * reading held, and follow burst episodes.
 */
static inline void
rx_occupancy(struct rx_state *s, uint64_t now, uint32_t occ)
{
	rx_hold(s, now);
	s->last_occ = occ;
	if (occ > s->p->lanes.rx_occ_max)
		s->p->lanes.rx_occ_max = occ;
	bp_episodes_reading(&s->st->episodes, now, occ, s->p->episode_high, s->p->episode_low);
}

/*
 * A fresh TSC now, RX's first since a gap in its readings: no packet has
 * entered the ring since the last reading (only RX enqueues, and it reads
 * the ring at every enqueue), so its level only fell. If the parser took
 * the ring's last packet meanwhile, the ring was empty from then on: a
 * reading of 0 at that time, rather than the last level held through the
 * whole gap (the host can take RX's CPU for milliseconds). Only after a gap:
 * on the hot path, readings are close together and the parser's line stays
 * where it is.
 *
 * The parser's count says which drain it was: a reading is stamped with
 * the TSC from before its enqueue, so the parser may empty the ring after
 * that stamp and before the enqueue's packets arrive; that drain counts
 * fewer packets than RX has enqueued, and says nothing about the ring now.
 */
static inline void
rx_after_gap(struct rx_state *s, uint64_t now)
{
	uint64_t drained;

	if (likely(now - s->last_occ_tsc < s->gap_cycles) || s->last_occ == 0)
		return;
	if (atomic_load_explicit(&s->p->drained_count, memory_order_acquire) != s->st->enqueued)
		return;
	drained = atomic_load_explicit(&s->p->drained_tsc, memory_order_relaxed);
	if (drained <= s->last_occ_tsc || drained >= now)
		return;
	rx_tick(s, drained);
	rx_occupancy(s, drained, 0);
}

/*
 * A new TSC reading now: account for a gap before it, then close the
 * timeline intervals that ended before it.
 */
static inline void
rx_clock(struct rx_state *s, uint64_t now)
{
	rx_after_gap(s, now);
	rx_tick(s, now);
}

/*
 * While RX has nothing to enqueue (empty polls, pacing waits) the ring
 * drains: read its count now and then so occupancy over time and episode
 * ends are seen. Not every spin: each read pulls the consumer's index line.
 */
static inline void
rx_idle_occupancy(struct rx_state *s, uint64_t now)
{
	if (now - s->last_occ_tsc >= s->idle_sample_cycles)
		rx_occupancy(s, now, handoff_count(&s->p->ring));
}

/*
 * An occupancy reading taken at an enqueue call (from free_space). Only a
 * call that placed packets is a sample at enqueue: a spin retry that placed
 * none would count how fast the loop spins, not the ring. Every reading
 * still moves occupancy over time and the episodes, and it cannot raise the
 * high water: only RX adds packets, and only in a call that places some.
 */
static inline void
rx_enqueue_occupancy(struct rx_state *s, uint64_t now, unsigned int placed,
		     unsigned int free_space)
{
	struct bp_rx_stats *st = s->st;
	uint32_t occ = s->capacity - free_space;

	if (placed != 0)
		bp_occ_sample(st, occ, s->occ_bin_width);
	rx_occupancy(s, now, occ);
}

static inline void
rx_stamp(const struct pipeline *p, struct rte_mbuf **m, unsigned int n, uint64_t now)
{
	for (unsigned int i = 0; i < n; i++)
		*RTE_MBUF_DYNFIELD(m[i], p->ctl->stamp_offset, uint64_t *) = now;
}

/* Hand n packets to the ring under the run's policy. */
static void
rx_enqueue(struct rx_state *s, struct rte_mbuf **m, unsigned int n, uint64_t *now)
{
	struct pipeline *p = s->p;
	struct bp_rx_stats *st = s->st;
	unsigned int free_space, done;

	rx_stamp(p, m, n, *now);
	done = handoff_enqueue(&p->ring, m, n, &free_space);
	rx_enqueue_occupancy(s, *now, done, free_space);
	if (likely(done == n)) {
		bp_rx_count(&st->enqueued, n);
		return;
	}
	st->full_events++;
	if (p->cfg->policy == BP_POLICY_DROP) {
		unsigned int lost = n - done;

		rte_pktmbuf_free_bulk(m + done, lost);
		bp_rx_count(&st->enqueued, done);
		bp_rx_count(&st->dropped, lost);
		bp_episodes_drops(&st->episodes, lost);
		return;
	}
	/* Spin: lossless. The parser is alive and will make room; even a stop
	 * request waits, because these packets were already accepted. Each
	 * part counts as enqueued when it goes in: the parser may take it
	 * (and the timeline count it parsed) before the rest follows. */
	bp_rx_count(&st->enqueued, done);
	s->waiting = true;
	s->wait_since = *now;
	while (done < n) {
		unsigned int placed;

		rte_pause();
		*now = rte_rdtsc();
		rx_clock(s, *now);
		/* Stamp when they really go in, not when they first tried. */
		rx_stamp(p, m + done, n - done, *now);
		placed = handoff_enqueue(&p->ring, m + done, n - done, &free_space);
		rx_enqueue_occupancy(s, *now, placed, free_space);
		done += placed;
		bp_rx_count(&st->enqueued, placed);
	}
	bp_time_add(&st->wait_cycles, &s->wait_since, *now);
	s->waiting = false;
}

/*
 * The pcap PMD of DPDK 22.11 stamps microseconds; later releases may stamp
 * nanoseconds. The first packet's stamp against its capture time (read with
 * libpcap) tells which, once.
 */
static void
rx_pace_unit(struct rx_state *s, uint64_t ts)
{
	struct pipeline *p = s->p;
	uint64_t first = p->first_ts_ns;
	uint64_t as_us = ts * 1000;
	uint64_t d_us = as_us > first ? as_us - first : first - as_us;
	uint64_t d_ns = ts > first ? ts - first : first - ts;
	double unit_ns = d_us <= d_ns ? 1000.0 : 1.0;

	p->ts_unit_ns = unit_ns;	/* for the sizing prediction, after the run */
	s->pace_cycles_per_unit = unit_ns * (double)p->ctl->tsc_hz / 1e9 / p->cfg->replay_speed;
}

/* The TSC at which packet m may enter the ring. */
static inline uint64_t
rx_release_tsc(struct rx_state *s, struct rte_mbuf *m)
{
	struct pipeline *p = s->p;

	if (p->cfg->pps != 0)
		return s->pace_t0_tsc + (uint64_t)((double)s->pace_seq * s->pace_cycles_per_pkt);
	if (p->cfg->replay_speed <= 0 || p->ctl->ts_offset < 0 || !(m->ol_flags & p->ctl->ts_flag))
		return 0;	/* no timestamp: nothing to wait for */
	{
		uint64_t ts = *RTE_MBUF_DYNFIELD(m, p->ctl->ts_offset, rte_mbuf_timestamp_t *);

		if (!s->pace_started) {
			s->pace_started = true;
			s->pace_ts0 = ts;
			rx_pace_unit(s, ts);
		}
		if (ts <= s->pace_ts0)
			return s->pace_t0_tsc;
		return s->pace_t0_tsc + (uint64_t)((double)(ts - s->pace_ts0) *
						   s->pace_cycles_per_unit);
	}
}

/* A stop request, or the end of --duration. Checked after every poll, not
 * only on idle ones: infinite_rx and a busy port are never idle. */
static inline bool
rx_time_is_up(const struct pipeline *p, uint64_t now)
{
	return atomic_load_explicit(&p->ctl->stop, memory_order_relaxed) ||
	       (p->ctl->deadline_tsc != 0 && now >= p->ctl->deadline_tsc);
}

/* Pace (if asked) and enqueue a burst of n packets. */
static void
rx_deliver(struct rx_state *s, struct rte_mbuf **m, unsigned int n, uint64_t *now)
{
	struct pipeline *p = s->p;
	unsigned int i = 0;

	if (!p->paced) {
		rx_enqueue(s, m, n, now);
		return;
	}
	if (!s->pace_t0_set) {
		/* Time zero of the replay: the first packet goes out now. */
		s->pace_t0_set = true;
		s->pace_t0_tsc = *now;
	}
	while (i < n) {
		unsigned int j = i;

		/* The packets whose time has come go in together. */
		while (j < n && rx_release_tsc(s, m[j]) <= *now) {
			j++;
			s->pace_seq++;
		}
		if (j > i) {
			rx_enqueue(s, m + i, j - i, now);
			i = j;
			continue;
		}
		/* Hold the next one back until its time. At a stop request
		 * (or the deadline) the rest of the burst, from the first
		 * packet not yet due on, is not traffic yet: freed and
		 * counted, not sent in a burst of its own that the traffic
		 * never had. */
		{
			uint64_t until = rx_release_tsc(s, m[i]), t0 = *now;

			while (*now < until && !rx_time_is_up(p, *now)) {
				rte_pause();
				*now = rte_rdtsc();
				rx_clock(s, *now);
				rx_idle_occupancy(s, *now);
			}
			s->st->pace_cycles += *now - t0;
			if (*now < until) {
				rte_pktmbuf_free_bulk(m + i, n - i);
				bp_rx_count(&s->st->held_at_stop, n - i);
				return;
			}
		}
	}
}

/*
 * After a bad record header libpcap reads on from where it stands, so the
 * PMD can hand out garbage "records" past the file's last good one. A replay
 * takes exactly the packets capture_inspect() counted; the rest are freed
 * and counted apart. Returns how many of the n to keep.
 */
static unsigned int
rx_trim_past_end(struct rx_state *s, struct rte_mbuf **m, unsigned int n)
{
	uint64_t owed = s->p->expected - s->st->packets;
	unsigned int keep = n < owed ? n : (unsigned int)owed;

	rte_pktmbuf_free_bulk(m + keep, n - keep);
	s->p->past_end += n - keep;
	return keep;
}

/* On an idle poll of a replay: has the file delivered everything it owes? */
static bool
rx_replay_complete(struct rx_state *s, uint64_t now)
{
	struct pipeline *p = s->p;
	struct rte_eth_stats es;

	if (s->st->packets >= p->expected)
		return true;
	/* Packets the PMD read but could not put in an mbuf never arrive:
	 * check the port's rx_nombuf now and then (never on the hot path).
	 * The report prints that counter as the port's own. */
	if (p->nombuf_is_ours && now >= s->next_stats_tsc) {
		s->next_stats_tsc = now + p->ctl->tsc_hz / 1000;
		if (rte_eth_stats_get(p->port, &es) == 0 && es.rx_nombuf > p->nombuf_base &&
		    s->st->packets + (es.rx_nombuf - p->nombuf_base) >= p->expected)
			return true;
	}
	if (now - s->last_rx_tsc > RX_STALL_SECONDS * p->ctl->tsc_hz) {
		p->stalled = true;
		return true;
	}
	return false;
}

int
rx_lcore_main(void *arg)
{
	struct pipeline *p = arg;
	struct rte_mbuf *m[BP_BURST_MAX];
	const unsigned int burst = p->cfg->burst;
	struct rx_state s = {
		.p = p,
		.st = &p->rx,
		.capacity = p->ring.capacity,
		.occ_bin_width = bp_occ_bin_width(p->ring.capacity),
	};
	uint64_t now = rte_rdtsc(), cut;

	if (p->cfg->pps != 0)
		s.pace_cycles_per_pkt = (double)p->ctl->tsc_hz / (double)p->cfg->pps;
	s.idle_sample_cycles = p->ctl->tsc_hz / 2000000;	/* 0.5 us */
	s.gap_cycles = p->ctl->tsc_hz / 1000000 * RX_GAP_US;
	s.st->start_tsc = now;
	s.last_occ_tsc = now;
	s.last_rx_tsc = now;
	/* lanes.rx_next is 0: the first tick records the intervals before
	 * this lcore started, idle, so that every interval has its row. */

	while (!rx_time_is_up(p, now)) {
		uint64_t called = now, waited;
		uint16_t n = rte_eth_rx_burst(p->port, p->queue, m, burst);

		now = rte_rdtsc();
		rx_clock(&s, now);
		if (p->replay && s.st->packets + n > p->expected)
			n = (uint16_t)rx_trim_past_end(&s, m, n);
		s.st->burst_hist[n]++;
		if (n == 0) {
			s.st->empty_polls++;
			rx_idle_occupancy(&s, now);
			if (p->replay && rx_replay_complete(&s, now))
				break;
			continue;
		}
		s.st->bursts++;
		s.st->recv_cycles += now - called;
		s.st->packets += n;
		for (unsigned int i = 0; i < n; i++)
			s.st->bytes += m[i]->pkt_len;
		s.last_rx_tsc = now;
		waited = s.st->wait_cycles + s.st->pace_cycles;
		rx_deliver(&s, m, n, &now);
		now = rte_rdtsc();
		s.st->busy_cycles += now - s.last_rx_tsc;
		waited = s.st->wait_cycles + s.st->pace_cycles - waited;
		bp_hist_add(&s.st->call_hist, now - called > waited ? now - called - waited : 0);
	}
	/* Everything is in the ring: the parser drains it and stops. Keep
	 * watching it drain, so that occupancy over time and the last burst
	 * episode are complete. */
	s.st->last_rx_tsc = s.last_rx_tsc;
	handoff_close(&p->ring);
	do {
		rte_pause();
		now = rte_rdtsc();
		rx_clock(&s, now);
		rx_idle_occupancy(&s, now);
	} while (s.last_occ != 0);
	s.st->end_tsc = now;
	cut = run_interval_cut(p->ctl, p->lanes.rx_next, now);
	if (cut != 0)
		rx_emit(&s, now, cut);	/* the last, partial interval */
	return 0;
}
