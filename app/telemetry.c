/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * /burstpipe/stats answers from the telemetry thread with the live totals
 * and one dictionary per pipeline. It only reads: the counters belong to the
 * lcores that write them, and the CPU they have lost is read from their
 * threads' /proc files.
 */
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_telemetry.h>

#include "telemetry.h"

static struct run *tel_run;

/*
 * What an lcore has lost of its CPU so far: read here, from its thread's
 * /proc files, while its loop runs (the lcore itself reads them only when
 * its loop starts and ends); its own final figure once the loop has ended.
 */
static void
live_cpu(const struct lcore_cpu *lc, const struct bp_cpu_wait *final, struct bp_cpu_wait *out)
{
	int tid = atomic_load_explicit(&lc->tid, memory_order_acquire);
	struct cpuwait_sample now;
	char dir[48];

	if (tid == 0) {
		*out = *final;
		return;
	}
	snprintf(dir, sizeof(dir), "/proc/self/task/%d", tid);
	cpuwait_read(dir, &now);
	cpuwait_since(&lc->start, &now, out);
}

static void
add_cpu(struct rte_tel_data *d, const char *wait_key, const char *count_key,
	const struct bp_cpu_wait *w)
{
	if (w->wait_unknown)
		rte_tel_data_add_dict_string(d, wait_key, "unknown");
	else
		rte_tel_data_add_dict_u64(d, wait_key, w->wait_ns);
	if (w->preemptions_unknown)
		rte_tel_data_add_dict_string(d, count_key, "unknown");
	else
		rte_tel_data_add_dict_u64(d, count_key, w->preemptions);
}

/* The figures a live view needs, for one pipeline or the totals. */
static void
add_figures(struct rte_tel_data *d, const struct run *r, const struct bp_rx_stats *rx,
	    const struct bp_parser_stats *ps)
{
	double ns = 1e9 / (double)r->ctl.tsc_hz;
	/* In the ring now: enqueued but not yet parsed. Derived from the
	 * counters, so telemetry never touches a ring being torn down. */
	uint64_t in_ring = rx->enqueued > ps->decode.packets ? rx->enqueued - ps->decode.packets : 0;

	rte_tel_data_add_dict_u64(d, "packets", ps->decode.packets);
	rte_tel_data_add_dict_u64(d, "bytes", ps->decode.bytes);
	rte_tel_data_add_dict_u64(d, "malformed", ps->decode.malformed_total);
	rte_tel_data_add_dict_u64(d, "rx_packets", rx->packets);
	rte_tel_data_add_dict_u64(d, "rx_held", bp_rx_held(rx));
	rte_tel_data_add_dict_u64(d, "rx_bursts", rx->bursts);
	rte_tel_data_add_dict_u64(d, "rx_empty_polls", rx->empty_polls);
	rte_tel_data_add_dict_u64(d, "ring_capacity", r->capacity);
	rte_tel_data_add_dict_u64(d, "ring_count", in_ring);
	rte_tel_data_add_dict_u64(d, "ring_enqueued", rx->enqueued);
	rte_tel_data_add_dict_u64(d, "ring_dropped", rx->dropped);
	rte_tel_data_add_dict_u64(d, "ring_high_water", rx->high_water);
	rte_tel_data_add_dict_u64(d, "ring_wait_ns", bp_cycles_ns(rx->wait_cycles, ns));
	rte_tel_data_add_dict_u64(d, "episodes", rx->episodes.count);
	rte_tel_data_add_dict_u64(d, "parser_packets", ps->decode.packets);
	rte_tel_data_add_dict_u64(d, "time_in_ring_p99_ns",
				  bp_cycles_ns(bp_hist_quantile(&ps->time_in_ring, 0.99), ns));
	add_cpu(d, "rx_cpu_wait_ns", "rx_preemptions", &rx->cpu);
	add_cpu(d, "parser_cpu_wait_ns", "parser_preemptions", &ps->cpu);
}

/*
 * DPDK 22.11 runs one thread per client connection and calls this without a
 * lock, so two queries can run at once: each sums the totals on its own
 * stack. That is 29 KB, next to the ~85 KB DPDK's own frames of the call
 * already hold (the reply and its output buffer), on a thread made with the
 * default stack size (RLIMIT_STACK, 8 MB here).
 */
static int
tel_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct bp_rx_stats rx;
	struct bp_parser_stats ps;
	struct bp_cpu_wait rx_cpu = {0}, ps_cpu = {0}, w;
	struct run *r = tel_run;

	(void)cmd;
	(void)params;
	rte_tel_data_start_dict(d);
	if (r == NULL || r->pipes == NULL)
		return 0;
	run_total_rx(r, &rx);
	run_total_parser(r, &ps);
	for (unsigned int i = 0; i < r->n_pipes; i++) {
		live_cpu(&r->pipes[i].rx_cpu, &r->pipes[i].rx.cpu, &w);
		bp_cpu_wait_add(&rx_cpu, &w);
		live_cpu(&r->pipes[i].parser_cpu, &r->pipes[i].parser.cpu, &w);
		bp_cpu_wait_add(&ps_cpu, &w);
	}
	rx.cpu = rx_cpu;
	ps.cpu = ps_cpu;
	add_figures(d, r, &rx, &ps);
	rte_tel_data_add_dict_u64(d, "pipelines", r->n_pipes);
	for (unsigned int i = 0; i < r->n_pipes; i++) {
		struct pipeline *p = &r->pipes[i];
		struct rte_tel_data *c = rte_tel_data_alloc();
		char key[32];

		if (c == NULL)
			break;
		/* A copy, so that the figures add up as the totals do; in
		 * the totals' space, done with. */
		memset(&rx, 0, sizeof(rx));
		memset(&ps, 0, sizeof(ps));
		run_add_rx(&rx, &p->rx);
		run_add_parser(&ps, &p->parser);
		live_cpu(&p->rx_cpu, &p->rx.cpu, &rx.cpu);
		live_cpu(&p->parser_cpu, &p->parser.cpu, &ps.cpu);
		rte_tel_data_start_dict(c);
		add_figures(c, r, &rx, &ps);
		snprintf(key, sizeof(key), "pipeline%u", i);
		/* keep_mem 0: telemetry frees the container after replying. */
		rte_tel_data_add_dict_container(d, key, c, 0);
	}
	return 0;
}

int
telemetry_register(struct run *r)
{
	tel_run = r;
	return rte_telemetry_register_cmd("/burstpipe/stats", tel_stats,
		"Live burstpipe counters: totals and one dictionary per pipeline. No parameters.");
}
