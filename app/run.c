/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One pass of a run: make the rings, launch an RX and a parser lcore per
 * pipeline, report while they work, collect what they measured.
 */
#include <math.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_pause.h>
#include <rte_lcore.h>
#include <rte_thread.h>

#include "report.h"
#include "run.h"

/*
 * Every lcore reports ready and waits for go, so that time zero is the same
 * for all and no measurement includes an lcore's wake-up after launch (a
 * halted vCPU can take milliseconds to wake). False if the pass was called
 * off instead: the lcore leaves without touching its pipeline, whose figures
 * are still the last pass's.
 */
static bool
wait_for_go(struct run_ctl *ctl)
{
	atomic_fetch_add(&ctl->lcores_ready, 1);
	while (!atomic_load_explicit(&ctl->go, memory_order_acquire))
		rte_pause();
	/* Stored before go's release: the acquire above makes it visible. */
	return !atomic_load_explicit(&ctl->called_off, memory_order_relaxed);
}

/* Each lcore leaves its end time, the latest wins: the main thread may
 * notice the end of a pass only at the reporter's next wake-up, which must
 * not count as running time. */
static void
lcore_done(struct run_ctl *ctl)
{
	uint64_t now = rte_rdtsc();
	uint64_t seen = atomic_load(&ctl->end_tsc);

	while (seen < now && !atomic_compare_exchange_weak(&ctl->end_tsc, &seen, now))
		;
	atomic_fetch_sub(&ctl->lcores_running, 1);
}

/*
 * Run an lcore's role between two readings of its thread's scheduler
 * accounting (cpuwait.h): a few microseconds of file reads at each end,
 * none in the loop, which owns its CPU or measures nothing true. After go,
 * so that the wait at the barrier (lcores may share a CPU) is not counted.
 */
static void
role_measured(struct pipeline *p, int (*loop)(void *), struct lcore_cpu *live,
	      struct bp_cpu_wait *out)
{
	struct cpuwait_sample end;

	cpuwait_read("/proc/thread-self", &live->start);
	atomic_store_explicit(&live->tid, rte_gettid(), memory_order_release);
	loop(p);
	cpuwait_read("/proc/thread-self", &end);
	cpuwait_since(&live->start, &end, out);
	atomic_store_explicit(&live->tid, 0, memory_order_release);
}

static int
rx_role(void *arg)
{
	struct pipeline *p = arg;

	if (!wait_for_go(p->ctl))
		return 0;
	role_measured(p, rx_lcore_main, &p->rx_cpu, &p->rx.cpu);
	lcore_done(p->ctl);
	return 0;
}

static int
parser_role(void *arg)
{
	struct pipeline *p = arg;

	if (!wait_for_go(p->ctl))
		return 0;
	role_measured(p, parser_lcore_main, &p->parser_cpu, &p->parser.cpu);
	lcore_done(p->ctl);
	return 0;
}

/* Longest nap of the reporter: how late a pass's end or a streamed
 * timeline row may be noticed. */
#define REPORTER_NAP_MAX_US 20000u

/* Nap while streaming timeline rows: short turns of writing, each of which
 * holds up the RX lcore on the same CPU (README, "A burst rising in the ring"). */
#define REPORTER_NAP_STREAM_US 2000u

/*
 * How long the reporter may sleep before its next duty: the next progress
 * line, or a 64th of the time a lane takes to fill (the lcores add one
 * record per interval): a lane is written at three quarters, so a reporter
 * the host holds up for 16 naps still loses nothing (at 10 us rows, naps
 * of 2.5 ms, as before; at the default 1 ms, 20 ms).
 * Each wake-up costs the CPU it shares with an RX lcore a few microseconds.
 */
static unsigned int
reporter_nap_us(const struct run *r, uint64_t period, uint64_t next_line)
{
	double us = REPORTER_NAP_MAX_US;

	if (period != 0) {
		uint64_t now = rte_rdtsc();

		us = fmin(us, next_line > now ?
			  (double)(next_line - now) * 1e6 / (double)r->ctl.tsc_hz : 0);
	}
	if (r->timeline != NULL && !r->timeline_hold)
		us = fmin(us, REPORTER_NAP_STREAM_US);
	if (r->timeline != NULL)
		for (unsigned int i = 0; i < r->n_pipes; i++) {
			const struct timeline_lanes *l = &r->pipes[i].lanes;
			unsigned int slots = RTE_MIN(tl_rx_ring_capacity(l->rx),
						     tl_parse_ring_capacity(l->parse));

			us = fmin(us, slots / 64 * r->cfg->timeline_interval_ms * 1e3);
		}
	return us < 100 ? 100 : (unsigned int)us;
}

/* Drain the timeline lanes and print progress lines until the lcores end. */
static void
reporter_loop(struct run *r)
{
	const struct bp_config *cfg = r->cfg;
	struct report_progress prev = {.tsc = r->ctl.start_tsc};
	uint64_t period = (uint64_t)(cfg->stats_period * (double)r->ctl.tsc_hz);
	uint64_t next_line = r->ctl.start_tsc + period;
	double ns_per_cycle = 1e9 / (double)r->ctl.tsc_hz;
	bool more = true;

	while (more) {
		/* Read the count before the last drain, so nothing written
		 * before the lcores ended is left behind. */
		more = atomic_load(&r->ctl.lcores_running) > 0;
		/* A replay's rows, or those of a run with --duration, are
		 * written at the end: the reporter often shares a CPU with an
		 * RX lcore, and writing a row takes about half a microsecond
		 * of it. */
		if (r->timeline != NULL)
			for (unsigned int i = 0; i < r->n_pipes; i++)
				if (timeline_due(&r->pipes[i].lanes, r->timeline_hold, !more))
					timeline_drain(r->timeline, i, &r->pipes[i].lanes,
						       cfg->timeline_interval_ms, ns_per_cycle,
						       r->capacity, !more);
		if (period != 0 && more && rte_rdtsc() >= next_line) {
			report_progress_line(stdout, r, &prev);
			next_line += period;
		}
		if (more)
			usleep(reporter_nap_us(r, period, next_line));
	}
}

static void *
reporter_thread(void *arg)
{
	struct run *r = arg;

	/* Made before time zero, so that making it does not delay main's
	 * RX role (about half a millisecond); it starts with the pass,
	 * sleeping, not spinning, on a CPU it may share with an lcore. */
	while (!atomic_load_explicit(&r->ctl.go, memory_order_acquire))
		rte_delay_us_sleep(20);
	reporter_loop(r);
	return NULL;
}

static void
reset_pipeline(struct pipeline *p)
{
	memset(&p->rx, 0, sizeof(p->rx));
	memset(&p->parser, 0, sizeof(p->parser));
	atomic_store_explicit(&p->rx_cpu.tid, 0, memory_order_relaxed);
	atomic_store_explicit(&p->parser_cpu.tid, 0, memory_order_relaxed);
	atomic_store_explicit(&p->drained_tsc, 0, memory_order_relaxed);
	atomic_store_explicit(&p->drained_count, 0, memory_order_relaxed);
	p->stalled = false;
	p->past_end = 0;
	timeline_lanes_reset(&p->lanes);
}

/* The lcores a pass launches: each pipeline's parser, and its RX unless main
 * polls it. */
static bool
launched_on_worker(const struct run *r, unsigned int pipe, bool rx)
{
	return !rx || !(pipe == 0 && r->main_runs_rx);
}

/* Free every pipeline's ring; the mbufs left in them add up over a sweep. */
static void
destroy_rings(struct run *r)
{
	for (unsigned int i = 0; i < r->n_pipes; i++)
		r->ring_leftover += handoff_destroy(&r->pipes[i].ring);
}

/*
 * Launch every pipeline's roles, each to wait at the barrier for go.
 * rte_eal_remote_launch() refuses an lcore that is not idle; a pass half
 * launched would wait at the barrier for ever, so every lcore is checked
 * before any starts. Should a launch fail all the same, the pass is called
 * off: the lcores already launched leave at go without running their role,
 * and are waited for. Either way the rings are freed and the pass fails by
 * name, with the last pass's figures as they were.
 */
static int
launch_lcores(struct run *r, char *err, size_t errlen)
{
	/* Each pipeline's roles in launch order: the parser first, so that an
	 * RX lcore never runs without its consumer. */
	static const struct {
		lcore_function_t *fn;
		const char *name;
		bool rx;
	} roles[] = {{parser_role, "parser", false}, {rx_role, "RX", true}};

	for (unsigned int i = 0; i < r->n_pipes; i++)
		for (size_t k = 0; k < RTE_DIM(roles); k++) {
			const struct pipeline *p = &r->pipes[i];
			unsigned int lc = roles[k].rx ? p->rx_lcore : p->parser_lcore;

			if (launched_on_worker(r, i, roles[k].rx) &&
			    rte_eal_get_lcore_state(lc) != WAIT) {
				snprintf(err, errlen, "lcore %u (pipeline %u's %s) is busy", lc, i,
					 roles[k].name);
				destroy_rings(r);
				return -1;
			}
		}
	for (unsigned int i = 0; i < r->n_pipes; i++)
		for (size_t k = 0; k < RTE_DIM(roles); k++) {
			struct pipeline *p = &r->pipes[i];
			unsigned int lc = roles[k].rx ? p->rx_lcore : p->parser_lcore;
			int rc;

			if (!launched_on_worker(r, i, roles[k].rx))
				continue;
			rc = rte_eal_remote_launch(roles[k].fn, p, lc);
			if (rc == 0)
				continue;
			snprintf(err, errlen, "cannot launch pipeline %u's %s on lcore %u: %s", i,
				 roles[k].name, lc, rte_strerror(-rc));
			atomic_store_explicit(&r->ctl.called_off, true, memory_order_relaxed);
			atomic_store_explicit(&r->ctl.go, true, memory_order_release);
			rte_eal_mp_wait_lcore();
			destroy_rings(r);
			return -1;
		}
	return 0;
}

int
run_pipelines(struct run *r, unsigned int capacity, char *err, size_t errlen)
{
	const struct bp_config *cfg = r->cfg;
	pthread_t reporter;
	bool reporter_started = false;
	uint64_t end;

	/* Until every lcore is launched, nothing the report reads changes: a
	 * later pass of a sweep that cannot start leaves the last one's. */
	for (unsigned int i = 0; i < r->n_pipes; i++) {
		char name[RTE_RING_NAMESIZE];
		int rc;

		snprintf(name, sizeof(name), "bp_ring%u_%u", i, capacity);
		rc = handoff_create(&r->pipes[i].ring, cfg->ring_kind, capacity, r->src.socket,
				    name);
		if (rc != 0) {
			snprintf(err, errlen, "cannot make a ring of %u for pipeline %u: %s",
				 capacity, i, rte_strerror(-rc));
			destroy_rings(r);	/* empty: never used */
			return -1;
		}
	}
	atomic_store(&r->ctl.lcores_running, 2 * r->n_pipes);
	atomic_store(&r->ctl.lcores_ready, 0);
	atomic_store(&r->ctl.go, false);
	atomic_store(&r->ctl.called_off, false);
	atomic_store(&r->ctl.end_tsc, 0);
	if (launch_lcores(r, err, errlen) != 0)
		return -1;

	/* The lcores wait for go (whose release publishes all this): the
	 * pass is on, and its figures start from zero. */
	r->capacity = capacity;
	for (unsigned int i = 0; i < r->n_pipes; i++) {
		struct pipeline *p = &r->pipes[i];

		reset_pipeline(p);
		/* Marks in slots; the high mark is at least 1 so that an
		 * episode means something even on a tiny ring. */
		p->episode_high = (capacity * cfg->episode_high_pct + 99) / 100;
		if (p->episode_high == 0)
			p->episode_high = 1;
		p->episode_low = capacity * cfg->episode_low_pct / 100;
		if (p->episode_low >= p->episode_high)
			p->episode_low = p->episode_high - 1;
	}
	port_stats_begin(r->src.port, &r->port_base);
	for (unsigned int i = 0; i < r->n_pipes; i++)
		r->pipes[i].nombuf_base = r->port_base.rx_nombuf;
	/* When main polls pipeline 0, a control thread reports; it waits
	 * for go. */
	if (r->main_runs_rx && (cfg->stats_period > 0 || r->timeline != NULL) &&
	    rte_ctrl_thread_create(&reporter, "bp-report", NULL, reporter_thread, r) == 0)
		reporter_started = true;
	/* Main's own RX role (if any) joins the barrier when it starts. */
	while (atomic_load(&r->ctl.lcores_ready) < 2 * r->n_pipes - (r->main_runs_rx ? 1 : 0))
		rte_pause();
	r->ctl.start_tsc = rte_rdtsc();
	r->ctl.deadline_tsc = cfg->duration > 0 ?
		r->ctl.start_tsc + (uint64_t)(cfg->duration * (double)r->ctl.tsc_hz) : 0;
	atomic_store_explicit(&r->ctl.go, true, memory_order_release);
	if (r->main_runs_rx) {
		rx_role(&r->pipes[0]);
		rte_eal_mp_wait_lcore();
		if (reporter_started)
			pthread_join(reporter, NULL);
		else if (r->timeline != NULL)
			reporter_loop(r);	/* no thread: drain at the end */
	} else {
		reporter_loop(r);
		rte_eal_mp_wait_lcore();
	}
	end = atomic_load(&r->ctl.end_tsc);
	r->elapsed_s = (double)(end - r->ctl.start_tsc) / (double)r->ctl.tsc_hz;
	port_read_stats(r->src.port, &r->port_base, &r->port_stats);

	/* Parsers stop only on a drained ring, so nothing should be left. */
	destroy_rings(r);
	return 0;
}

void
run_add_rx(struct bp_rx_stats *out, const struct bp_rx_stats *s)
{
	/* What RX counts after a packet's arrival first (bp_rx_count's
	 * release stores), then the arrivals: a copy taken while RX runs never
	 * has more packets gone on than received. */
	out->enqueued += __atomic_load_n(&s->enqueued, __ATOMIC_RELAXED);
	out->dropped += __atomic_load_n(&s->dropped, __ATOMIC_RELAXED);
	out->held_at_stop += __atomic_load_n(&s->held_at_stop, __ATOMIC_RELAXED);
	atomic_thread_fence(memory_order_acquire);
	out->packets += __atomic_load_n(&s->packets, __ATOMIC_RELAXED);
	out->bytes += s->bytes;
	out->bursts += s->bursts;
	out->empty_polls += s->empty_polls;
	for (unsigned int n = 0; n <= BP_BURST_MAX; n++)
		out->burst_hist[n] += s->burst_hist[n];
	out->full_events += s->full_events;
	out->wait_cycles += s->wait_cycles;
	out->pace_cycles += s->pace_cycles;
	out->busy_cycles += s->busy_cycles;
	out->recv_cycles += s->recv_cycles;
	out->occ_samples += s->occ_samples;
	out->occ_sum += s->occ_sum;
	out->high_water = RTE_MAX(out->high_water, s->high_water);
	for (unsigned int b = 0; b <= BP_OCC_BINS; b++)
		out->occ_hist[b] += s->occ_hist[b];
	out->occ_time_cycles += s->occ_time_cycles;
	out->occ_time_sum += s->occ_time_sum;
	out->above_half_cycles += s->above_half_cycles;
	out->above_90_cycles += s->above_90_cycles;
	out->episodes.count += s->episodes.count;
	out->episodes.deepest = RTE_MAX(out->episodes.deepest, s->episodes.deepest);
	out->episodes.longest_cycles = RTE_MAX(out->episodes.longest_cycles,
					       s->episodes.longest_cycles);
	out->episodes.total_cycles += s->episodes.total_cycles;
	out->episodes.drops += s->episodes.drops;
	bp_hist_merge(&out->call_hist, &s->call_hist);
	bp_cpu_wait_add(&out->cpu, &s->cpu);
}

void
run_add_parser(struct bp_parser_stats *out, const struct bp_parser_stats *s)
{
	const uint64_t *src = (const uint64_t *)&s->decode;
	uint64_t *dst = (uint64_t *)&out->decode;

	/* struct decode_counts is uint64_t fields only. */
	for (size_t k = 0; k < sizeof(s->decode) / sizeof(uint64_t); k++)
		dst[k] += src[k];
	out->dequeues += s->dequeues;
	out->busy_cycles += s->busy_cycles;
	out->idle_cycles += s->idle_cycles;
	bp_hist_merge(&out->time_in_ring, &s->time_in_ring);
	bp_cpu_wait_add(&out->cpu, &s->cpu);
}

void
run_total_rx(const struct run *r, struct bp_rx_stats *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned int i = 0; i < r->n_pipes; i++)
		run_add_rx(out, &r->pipes[i].rx);
}

void
run_total_parser(const struct run *r, struct bp_parser_stats *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned int i = 0; i < r->n_pipes; i++)
		run_add_parser(out, &r->pipes[i].parser);
}
