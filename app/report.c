/* SPDX-License-Identifier: BSD-3-Clause */
/* The human report and the JSON, both built from the same views. */
#include <inttypes.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "cpuwait.h"
#include "json.h"
#include "report.h"

/* One pipeline, or the sum of all, as the report sees it. */
struct view {
	const struct bp_rx_stats *rx;
	const struct bp_parser_stats *ps;
	unsigned int capacity;
	unsigned int episode_high, episode_low;
	double ns_per_cycle;
};

static struct view
view_of(const struct run *r, const struct bp_rx_stats *rx, const struct bp_parser_stats *ps)
{
	return (struct view){
		.rx = rx, .ps = ps, .capacity = r->capacity,
		.episode_high = r->pipes[0].episode_high, .episode_low = r->pipes[0].episode_low,
		.ns_per_cycle = 1e9 / (double)r->ctl.tsc_hz,
	};
}

static double
pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static bool
view_conserved(const struct view *v)
{
	return v->rx->packets == v->rx->enqueued + v->rx->dropped + v->rx->held_at_stop &&
	       v->rx->enqueued == v->ps->decode.packets;
}

bool
report_conserved(const struct run *r)
{
	struct bp_rx_stats rx;
	struct bp_parser_stats ps;
	struct view v;

	for (unsigned int i = 0; i < r->n_pipes; i++) {
		v = view_of(r, &r->pipes[i].rx, &r->pipes[i].parser);
		if (!view_conserved(&v))
			return false;
	}
	run_total_rx(r, &rx);
	run_total_parser(r, &ps);
	v = view_of(r, &rx, &ps);
	return view_conserved(&v);
}

bool
report_cpu_untrusted(const struct run *r)
{
	for (unsigned int i = 0; i < r->n_pipes; i++)
		if (cpuwait_untrusted(&r->pipes[i].rx.cpu) ||
		    cpuwait_untrusted(&r->pipes[i].parser.cpu))
			return true;
	for (unsigned int i = 0; i < r->n_sweep; i++)
		if (cpuwait_untrusted(&r->sweep[i].cpu))
			return true;
	return false;
}

/* ---- Human report ---- */

/* cycles in ms from the whole ns the JSON has (bp_cycles_ns), so that the
 * text's three decimals are the JSON's figure, never one rounded apart. */
static double
text_ms(uint64_t cycles, double ns_per_cycle)
{
	return (double)bp_cycles_ns(cycles, ns_per_cycle) / 1e6;
}

static void
text_quantiles(FILE *f, const struct view *v)
{
	const struct bp_hist *h = &v->ps->time_in_ring;
	static const struct {
		const char *name;
		double q;
	} qs[] = {{"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}, {"p99.9", 0.999}};

	fprintf(f, "  time in ring   ");
	if (h->count == 0) {
		fprintf(f, " (no packets)\n");
		return;
	}
	for (size_t i = 0; i < RTE_DIM(qs); i++)
		fprintf(f, " %s %" PRIu64 " ns", qs[i].name,
			bp_cycles_ns(bp_hist_quantile(h, qs[i].q), v->ns_per_cycle));
	fprintf(f, "  max %" PRIu64 " ns  mean %.0f ns\n", bp_cycles_ns(h->max, v->ns_per_cycle),
		bp_mean(h->sum, h->count) * v->ns_per_cycle);
}

/* The RX checksum offloads port_start() asked for, as the report names them. */
static const char *
l4_offload_name(uint64_t offloads)
{
	bool tcp = (offloads & RTE_ETH_RX_OFFLOAD_TCP_CKSUM) != 0;
	bool udp = (offloads & RTE_ETH_RX_OFFLOAD_UDP_CKSUM) != 0;

	return tcp && udp ? "tcp,udp" : tcp ? "tcp" : udp ? "udp" : "none";
}

/* Whether the checksums were verified: "0 bad" must not read as "all good" when not. */
static void
text_l4_checksums(FILE *f, const struct run *r, const struct decode_counts *d)
{
	if (!r->cfg->verify_l4_checksums) {
		fprintf(f, "L4 checksums     not verified (no --verify-l4-checksums): the *_bad_checksum "
			"counters stay 0\n");
		return;
	}
	fprintf(f, "L4 checksums     verified (--verify-l4-checksums, port offload: %s): %" PRIu64
		" bad, %" PRIu64 " not verifiable (fragments, UDP checksum 0, ...)\n",
		l4_offload_name(r->rx_l4_offloads), d->tcp_bad_checksum + d->udp_bad_checksum +
		d->icmp_bad_checksum + d->icmpv6_bad_checksum, d->l4_checksum_unverified);
}

static void
text_bursts(FILE *f, const struct view *v, unsigned int burst)
{
	unsigned int printed = 0;

	fprintf(f, "  RX burst sizes  (polls returning N packets, every N):\n   ");
	for (unsigned int n = 0; n <= burst; n++) {
		if (v->rx->burst_hist[n] == 0)
			continue;
		fprintf(f, " %u:%" PRIu64, n, v->rx->burst_hist[n]);
		if (++printed % 8 == 0)
			fprintf(f, "\n   ");
	}
	fprintf(f, "\n");
}

/* A time the JSON has in whole ns, in ms with three decimals. */
static double
ns_ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

/*
 * The CPU the RX lcores (rx) or the parser lcores lost, summed, with what
 * to expect of it: an lcore that shares its CPU (more lcores than CPUs, or
 * the main lcore, whose CPU DPDK's control threads use when the lcores take
 * them all) is meant to wait for it now and then.
 */
static void
text_cpu(FILE *f, const struct run *r, const struct bp_cpu_wait *w, bool rx)
{
	fprintf(f, "  CPU lost        ");
	if (w->wait_unknown)
		fprintf(f, "unknown (the kernel gives no run delay in /proc/thread-self/schedstat)");
	else
		fprintf(f, "%.3f ms runnable but not running", ns_ms(w->wait_ns));
	if (w->preemptions_unknown)
		fprintf(f, ", preemptions unknown");
	else
		fprintf(f, ", %" PRIu64 " preemption%s", w->preemptions,
			w->preemptions == 1 ? "" : "s");
	if (r->n_pipes > 1)
		fprintf(f, " (%u %s lcores, summed)", r->n_pipes, rx ? "RX" : "parser");
	else
		fprintf(f, " (lcore %u)", rx ? r->pipes[0].rx_lcore : r->pipes[0].parser_lcore);
	if (r->lcores_share_cpu)
		fprintf(f, "; lcores share CPUs in this run: waits are expected");
	else if (rx && r->main_runs_rx)
		fprintf(f, "; %s the main lcore, whose CPU DPDK's control threads share",
			r->n_pipes > 1 ? "pipeline 0's is" : "it is");
	fprintf(f, "\n");
}

/* An lcore's lost CPU in a table's column of 11 (a space, then 10). */
static void
text_cpu_cell(FILE *f, const struct bp_cpu_wait *w)
{
	if (w->wait_unknown)
		fprintf(f, " %10s", "unknown");
	else
		fprintf(f, " %7.3f ms", ns_ms(w->wait_ns));
}

/* One line per lcore whose figures about time cannot be trusted
 * (cpuwait_untrusted), each starting with lead. True if any. */
static bool
text_cpu_warnings(FILE *f, const struct run *r, const char *lead)
{
	bool any = false;

	for (unsigned int i = 0; i < r->n_pipes; i++) {
		const struct pipeline *p = &r->pipes[i];
		const struct {
			const char *role;
			unsigned int lcore;
			const struct bp_cpu_wait *w;
		} roles[] = {{"RX", p->rx_lcore, &p->rx.cpu},
			     {"parser", p->parser_lcore, &p->parser.cpu}};

		for (size_t k = 0; k < RTE_DIM(roles); k++) {
			const struct bp_cpu_wait *w = roles[k].w;

			if (!cpuwait_untrusted(w))
				continue;
			fprintf(f, "%spipeline %u's %s lcore (lcore %u) was "
				"runnable but off its CPU for %.3f ms", lead, i, roles[k].role,
				roles[k].lcore, ns_ms(w->wait_ns));
			if (!w->preemptions_unknown)
				fprintf(f, ", preempted %" PRIu64 " time%s", w->preemptions,
					w->preemptions == 1 ? "" : "s");
			fprintf(f, " (%.1f%% of the %.3f s run)\n", r->elapsed_s > 0 ?
				100.0 * ns_ms(w->wait_ns) / 1e3 / r->elapsed_s : 0.0, r->elapsed_s);
			any = true;
		}
	}
	return any;
}

/* What a warning about lost CPU means and what to do; once per report. */
static void
text_cpu_advice(FILE *f, const struct run *r)
{
	fprintf(f, "                 Figures about time (drops, burst episodes, time in ring, "
		"the sizing table) show those stalls as well as the traffic.\n"
		"                 Give every lcore a CPU of its own: isolcpus=, no other busy "
		"work on those CPUs, no more lcores than CPUs%s.\n",
		r->lcores_share_cpu ? " (this run maps several lcores onto one CPU)" : "");
}

static void
text_view(FILE *f, const struct run *r, const struct view *v)
{
	const struct bp_rx_stats *rx = v->rx;
	const struct bp_parser_stats *ps = v->ps;
	const struct decode_counts *d = &ps->decode;
	const struct bp_episodes *ep = &rx->episodes;
	double ns = v->ns_per_cycle;

	fprintf(f, "Packets          %" PRIu64 " packets, %" PRIu64 " bytes parsed\n",
		d->packets, d->bytes);
	{
		static const char *const names[] = {
#define X(name, help) #name,
			DECODE_PROTOCOL_COUNTERS(X)
#undef X
		};
		const uint64_t values[] = {
#define X(name, help) d->name,
			DECODE_PROTOCOL_COUNTERS(X)
#undef X
		};

		int width = 0;

		/* Columns as wide as the longest name, three to a line. */
		for (size_t i = 0; i < RTE_DIM(names); i++)
			width = RTE_MAX(width, (int)strlen(names[i]));
		fprintf(f, "Decoded");
		for (size_t i = 0; i < RTE_DIM(names); i++)
			fprintf(f, "%s%-*s %8" PRIu64, i % 3 ? "   " : "\n  ", width, names[i],
				values[i]);
	}
	fprintf(f, "\n");
	text_l4_checksums(f, r, d);
	fprintf(f, "Malformed        %" PRIu64 " (%.2f%% of packets)\n", d->malformed_total,
		pct(d->malformed_total, d->packets));
	for (int i = 1; i < DECODE_RESULT_COUNT; i++)
		if (d->malformed[i] != 0)
			fprintf(f, "  %-22s %10" PRIu64 "  %s\n", decode_result_name(i),
				d->malformed[i], decode_result_help(i));

	fprintf(f, "RX               %" PRIu64 " packets in %" PRIu64 " bursts (%.1f per burst), "
		"%" PRIu64 " empty polls\n", rx->packets, rx->bursts, bp_mean(rx->packets, rx->bursts),
		rx->empty_polls);
	text_cpu(f, r, &rx->cpu, true);
	if (rx->held_at_stop != 0)
		fprintf(f, "  held at stop    %" PRIu64 " paced packets not yet due when the run "
			"stopped: freed, never offered to the ring\n", rx->held_at_stop);
	text_bursts(f, v, r->cfg->burst);
	fprintf(f, "Ring             %s, capacity %u, policy %s: %" PRIu64 " enqueued, %" PRIu64
		" dropped (ring full)\n", config_ring_name(r->cfg->ring_kind), v->capacity,
		config_policy_name(r->cfg->policy), rx->enqueued, rx->dropped);
	fprintf(f, "  occupancy       high water %" PRIu64 " (%.1f%%), mean %.1f at enqueue, "
		"%.1f over time\n", rx->high_water, pct(rx->high_water, v->capacity),
		bp_mean(rx->occ_sum, rx->occ_samples), bp_mean(rx->occ_time_sum, rx->occ_time_cycles));
	fprintf(f, "  time full-ish   above half %.2f%% of the time, above 90%% %.2f%%\n",
		pct(rx->above_half_cycles, rx->occ_time_cycles),
		pct(rx->above_90_cycles, rx->occ_time_cycles));
	fprintf(f, "  back-pressure   ring short of room %" PRIu64 " times; RX waited %.3f ms "
		"for room, held packets %.3f ms for pacing\n", rx->full_events,
		text_ms(rx->wait_cycles, ns), text_ms(rx->pace_cycles, ns));
	text_quantiles(f, v);
	fprintf(f, "  burst episodes  %" PRIu64 " (start at %u, end at %u packets): deepest %"
		PRIu64 ", longest %.3f ms, %.3f ms in all, %" PRIu64 " drops inside\n", ep->count,
		v->episode_high, v->episode_low, ep->deepest, text_ms(ep->longest_cycles, ns),
		text_ms(ep->total_cycles, ns), ep->drops);
	fprintf(f, "Parser           %" PRIu64 " packets, busy %.1f%% (%.3f ms busy, %.3f ms idle), "
		"%.0f ns per packet\n", d->packets, pct(ps->busy_cycles, ps->busy_cycles + ps->idle_cycles),
		text_ms(ps->busy_cycles, ns), text_ms(ps->idle_cycles, ns),
		bp_mean(ps->busy_cycles, d->packets) * ns);
	text_cpu(f, r, &ps->cpu, false);
}

void
report_text(FILE *f, const struct run *r)
{
	struct bp_rx_stats rx;
	struct bp_parser_stats ps;
	struct view v;
	const struct bp_port_stats *port = &r->port_stats;

	run_total_rx(r, &rx);
	run_total_parser(r, &ps);
	v = view_of(r, &rx, &ps);
	fprintf(f, "\n== burstpipe report: %u pipeline%s, %.3f s%s ==\n", r->n_pipes,
		r->n_pipes > 1 ? "s" : "", r->elapsed_s,
		r->n_sweep > 1 ? " (the last pass of the sizing sweep)" : "");
	for (unsigned int i = 0; i < r->n_pipes; i++) {
		const struct pipeline *p = &r->pipes[i];

		if (!r->replay) {
			fprintf(f, "Source           port %u (%s) queue %u, live\n", p->port,
				r->src.driver, p->queue);
			continue;
		}
		fprintf(f, "Source           port %u queue %u: %s, %" PRIu64 " packets%s%s\n",
			p->port, p->queue, r->cap[i].path, r->cap[i].packets,
			p->stalled ? " (STALLED: replay gave up waiting)" : "",
			r->cap[i].cut_short ? " (file cut short or corrupt)" : "");
		if (p->past_end != 0)
			fprintf(f, "                 %" PRIu64 " records read past the file's last "
				"good one were discarded (not packets of the capture)\n",
				p->past_end);
	}
	text_view(f, r, &v);
	fprintf(f, "Port             imissed %" PRIu64 ", rx_nombuf %" PRIu64 ", ierrors %" PRIu64
		"\n", port->imissed, port->rx_nombuf, port->ierrors);
	if (r->n_pipes > 1) {
		fprintf(f, "Per pipeline     %4s %10s %10s %8s %10s %12s %9s %8s %11s %11s\n", "id",
			"rx", "parsed", "dropped", "high water", "p99 in ring", "episodes", "busy",
			"RX lost", "parser lost");
		for (unsigned int i = 0; i < r->n_pipes; i++) {
			const struct pipeline *p = &r->pipes[i];

			fprintf(f, "                 %4u %10" PRIu64 " %10" PRIu64 " %8" PRIu64 " %10"
				PRIu64 " %9" PRIu64 " ns %9" PRIu64 " %7.1f%%", i, p->rx.packets,
				p->parser.decode.packets, p->rx.dropped, p->rx.high_water,
				bp_cycles_ns(bp_hist_quantile(&p->parser.time_in_ring, 0.99),
					     v.ns_per_cycle),
				p->rx.episodes.count, pct(p->parser.busy_cycles,
							  p->parser.busy_cycles + p->parser.idle_cycles));
			text_cpu_cell(f, &p->rx.cpu);
			text_cpu_cell(f, &p->parser.cpu);
			fprintf(f, "\n");
		}
	}
	fprintf(f, "Checks           rx.packets %" PRIu64 " == ring.enqueued %" PRIu64
		" + ring.dropped %" PRIu64, rx.packets, rx.enqueued, rx.dropped);
	if (rx.held_at_stop != 0)
		fprintf(f, " + rx.held_at_stop %" PRIu64, rx.held_at_stop);
	fprintf(f, "; ring.enqueued == parser.packets %" PRIu64 ": %s\n", ps.decode.packets,
		report_conserved(r) ? "OK" : "MISMATCH");
	if (r->leak_checked)
		fprintf(f, "Mempool          %u mbufs (%u RX descriptors per queue), ops %s (%s); "
			"%u still in use at exit%s\n", r->pool_size, r->src.rx_desc, r->pool_ops,
			r->pool_ops_why, r->mbufs_in_use,
			r->mbufs_in_use ? " (LEAK)" : ": every mbuf back");
	if (text_cpu_warnings(f, r, "Warning          "))
		text_cpu_advice(f, r);
}

/* The smaller of two candidate rows for "smallest lossless size". */
static const struct sizing_row *
smaller_row(const struct sizing_row *best, const struct sizing_row *s)
{
	return best == NULL || s->capacity < best->capacity ? s : best;
}

/* Passes of a sweep in which an lcore lost its CPU (cpuwait_untrusted). */
static unsigned int
sweep_passes_cpu_lost(const struct run *r)
{
	unsigned int lost = 0;

	for (unsigned int i = 0; i < r->n_sweep; i++)
		lost += cpuwait_untrusted(&r->sweep[i].cpu);
	return lost;
}

void
report_cpu_warnings(FILE *f, const struct run *r)
{
	bool any = text_cpu_warnings(f, r, "burstpipe: warning: ");
	unsigned int lost = sweep_passes_cpu_lost(r);

	/* A single pass is the last pass: its lcores were named above. */
	if (lost != 0 && r->n_sweep > 1) {
		fprintf(f, "burstpipe: warning: in %u of the %u passes of the sizing sweep an "
			"lcore lost its CPU for more than %.3f ms, in stalls of that on average "
			"(--stats-json: sweep[].cpu_wait_ns)\n", lost, r->n_sweep,
			ns_ms(CPUWAIT_WARN_NS));
		any = true;
	}
	if (any)
		fprintf(f, "burstpipe: warning: figures about time show those stalls as well as "
			"the traffic; give every lcore a CPU of its own\n");
}

void
report_sweep(FILE *f, const struct run *r)
{
	const struct sizing_row *best = NULL, *best_pred = NULL, *any_pred = NULL;
	bool spin = r->cfg->policy == BP_POLICY_SPIN;
	unsigned int cut = 0, lost = sweep_passes_cpu_lost(r);

	/* A live port has no capture to replay or predict from. */
	if (r->n_sweep == 0 || !r->replay)
		return;
	fprintf(f, "\n== ring sizing: %s", r->cap[0].path);
	for (unsigned int i = 1; i < r->n_pipes; i++)
		fprintf(f, " + %s", r->cap[i].path);
	fprintf(f, ", policy %s, speed %s ==\n", config_policy_name(r->cfg->policy),
		r->cfg->pps ? "uniform --pps" : r->cfg->replay_speed > 0 ? "paced" : "unpaced");
	fprintf(f, "%9s | %9s %9s %10s %12s %9s | %14s %14s\n", "ring size", "dropped", "high wat",
		"wait ms", "p99 in ring", "episodes", spin ? "pred. wait ms" : "pred. dropped",
		"pred. high wat");
	for (unsigned int i = 0; i < r->n_sweep; i++) {
		const struct sizing_row *s = &r->sweep[i];

		fprintf(f, "%9u | %9" PRIu64 " %9" PRIu64 " %10.3f %9.0f ns %9" PRIu64 " | ",
			s->capacity, s->dropped, s->high_water, (double)s->wait_ns / 1e6,
			(double)s->p99_ns, s->episodes);
		if (!s->predicted)
			fprintf(f, "%14s %14s", "-", "-");
		else if (spin)
			fprintf(f, "%14.3f %14" PRIu64, (double)s->pred.blocked_ns / 1e6,
				s->pred.high_water);
		else
			fprintf(f, "%14" PRIu64 " %14" PRIu64, s->pred.dropped, s->pred.high_water);
		if (!s->complete) {
			fprintf(f, "  (cut short: %" PRIu64 " packets)", s->received);
			cut++;
		}
		if (cpuwait_untrusted(&s->cpu))
			fprintf(f, "  (an lcore lost its CPU for %.3f ms)", ns_ms(s->cpu.wait_ns));
		fprintf(f, "\n");
		/* Lossless: nothing dropped, and under spin nothing held back. */
		if (s->complete && s->dropped == 0 && s->wait_ns == 0)
			best = smaller_row(best, s);
		if (s->predicted)
			any_pred = s;
		if (s->predicted && s->pred.dropped == 0 && s->pred.blocked_ns == 0)
			best_pred = smaller_row(best_pred, s);
	}
	if (best != NULL)
		fprintf(f, "smallest size that lost nothing (no drop, no wait): %u", best->capacity);
	else if (cut == r->n_sweep)
		fprintf(f, "no pass replayed the whole capture: no measured verdict");
	else
		fprintf(f, "no size tried was lossless: try larger sizes");
	if (cut != 0 && cut < r->n_sweep)
		fprintf(f, " (passes cut short left out)");
	if (best_pred != NULL)
		fprintf(f, "; predicted: %u (service time %.0f ns per packet)\n",
			best_pred->capacity, best_pred->pred_service_ns);
	else if (any_pred != NULL)
		fprintf(f, "; predicted: none lossless (service time %.0f ns per packet)\n",
			any_pred->pred_service_ns);
	else
		fprintf(f, "\n");
	if (lost != 0) {
		fprintf(f, "Warning          in %u of the %u passes an lcore was runnable but off its "
			"CPU for more than %.3f ms, in stalls of that on average (marked above)\n",
			lost, r->n_sweep, ns_ms(CPUWAIT_WARN_NS));
		text_cpu_advice(f, r);
	}
}

void
report_progress_line(FILE *f, const struct run *r, struct report_progress *prev)
{
	uint64_t now = rte_rdtsc(), rx, parsed = 0, dropped, occ = 0, held;
	double secs = (double)(now - prev->tsc) / (double)r->ctl.tsc_hz;
	struct bp_rx_stats st;

	/* RX's counters from one ordered copy, so received = held + dropped +
	 * enqueued exactly; the parser's count and the rings' levels are read
	 * after it, while the lcores run: the line adds up to within the
	 * packets moving at that instant (and, once a run has stopped, less
	 * rx.held_at_stop, freed). */
	run_total_rx(r, &st);
	rx = st.packets;
	dropped = st.dropped;
	held = bp_rx_held(&st);
	for (unsigned int i = 0; i < r->n_pipes; i++) {
		parsed += r->pipes[i].parser.decode.packets;
		occ += handoff_count(&r->pipes[i].ring);
	}
	fprintf(f, "[%8.3f s] rx %.0f pps, parsed %.0f pps, dropped %" PRIu64 ", in ring %" PRIu64
		", held %" PRIu64 " (totals: rx %" PRIu64 ", parsed %" PRIu64 ", dropped %" PRIu64
		")\n", (double)(now - r->ctl.start_tsc) / (double)r->ctl.tsc_hz,
		(double)(rx - prev->rx) / secs, (double)(parsed - prev->parsed) / secs,
		dropped - prev->dropped, occ, held, rx, parsed, dropped);
	fflush(f);
	prev->tsc = now;
	prev->rx = rx;
	prev->parsed = parsed;
	prev->dropped = dropped;
}

/* ---- JSON ---- */

/* An lcore's lost CPU (stats.h); null where the kernel did not say. */
static void
json_cpu(struct json *j, const struct bp_cpu_wait *w)
{
	if (w->wait_unknown)
		json_null(j, "cpu_wait_ns");
	else
		json_u64(j, "cpu_wait_ns", w->wait_ns);
	if (w->preemptions_unknown)
		json_null(j, "preemptions");
	else
		json_u64(j, "preemptions", w->preemptions);
}

/* A time in whole ns, rounded as the text report rounds it (bp_cycles_ns). */
static void
json_ns(struct json *j, const char *key, uint64_t cycles, double ns_per_cycle)
{
	json_u64(j, key, bp_cycles_ns(cycles, ns_per_cycle));
}

static void
json_hist_ns(struct json *j, const char *key, const struct bp_hist *h, double ns)
{
	json_begin_object(j, key);
	json_u64(j, "count", h->count);
	json_double(j, "mean", bp_mean(h->sum, h->count) * ns);
	json_ns(j, "p50", bp_hist_quantile(h, 0.50), ns);
	json_ns(j, "p90", bp_hist_quantile(h, 0.90), ns);
	json_ns(j, "p99", bp_hist_quantile(h, 0.99), ns);
	json_ns(j, "p99_9", bp_hist_quantile(h, 0.999), ns);
	json_ns(j, "max", h->max, ns);
	/* Non-empty buckets as [low_ns, high_ns, count]. */
	json_begin_array(j, "hist");
	for (unsigned int i = 0; i < BP_HIST_BUCKETS; i++) {
		uint64_t lo, hi;

		if (h->bucket[i] == 0)
			continue;
		bp_hist_bucket_range(i, &lo, &hi);
		json_begin_array(j, NULL);
		json_double(j, NULL, (double)lo * ns);
		/* In double: hi + 1 of the top bucket is 2^64, not 0. */
		json_double(j, NULL, ((double)hi + 1) * ns);
		json_u64(j, NULL, h->bucket[i]);
		json_end_array(j);
	}
	json_end_array(j);
	json_end_object(j);
}

static void
json_view(struct json *j, const struct run *r, const struct view *v,
	  const struct bp_port_stats *port)
{
	const struct bp_rx_stats *rx = v->rx;
	const struct bp_parser_stats *ps = v->ps;
	const struct decode_counts *d = &ps->decode;
	const struct bp_episodes *ep = &rx->episodes;
	double ns = v->ns_per_cycle;
	unsigned int bin = bp_occ_bin_width(v->capacity), last = 0;

	json_u64(j, "packets", d->packets);
	json_u64(j, "bytes", d->bytes);
	json_begin_object(j, "decode");
#define X(name, help) json_u64(j, #name, d->name);
	DECODE_PROTOCOL_COUNTERS(X)
#undef X
	json_end_object(j);
	json_begin_object(j, "malformed");
	json_u64(j, "total", d->malformed_total);
	for (int i = 1; i < DECODE_RESULT_COUNT; i++)
		json_u64(j, decode_result_name(i), d->malformed[i]);
	json_end_object(j);

	json_begin_object(j, "rx");
	json_u64(j, "packets", rx->packets);
	json_u64(j, "bytes", rx->bytes);
	json_u64(j, "bursts", rx->bursts);
	json_u64(j, "empty_polls", rx->empty_polls);
	json_u64(j, "held_at_stop", rx->held_at_stop);
	if (port != NULL) {
		json_u64(j, "imissed", port->imissed);
		json_u64(j, "rx_nombuf", port->rx_nombuf);
		json_u64(j, "ierrors", port->ierrors);
	}
	json_ns(j, "wait_ns", rx->wait_cycles, ns);
	json_ns(j, "pace_ns", rx->pace_cycles, ns);
	json_ns(j, "busy_ns", rx->busy_cycles, ns);
	json_ns(j, "recv_ns", rx->recv_cycles, ns);
	json_hist_ns(j, "call_ns", &rx->call_hist, ns);
	json_cpu(j, &rx->cpu);
	json_begin_array(j, "burst_hist");
	for (unsigned int n = 0; n <= r->cfg->burst; n++)
		json_u64(j, NULL, rx->burst_hist[n]);
	json_end_array(j);
	json_end_object(j);

	json_begin_object(j, "ring");
	json_string(j, "kind", config_ring_name(r->cfg->ring_kind));
	json_string(j, "policy", config_policy_name(r->cfg->policy));
	json_u64(j, "capacity", v->capacity);
	json_u64(j, "enqueued", rx->enqueued);
	json_u64(j, "dropped", rx->dropped);
	json_u64(j, "full_events", rx->full_events);
	json_ns(j, "wait_ns", rx->wait_cycles, ns);
	json_u64(j, "high_water", rx->high_water);
	json_u64(j, "occupancy_samples", rx->occ_samples);
	json_double(j, "occupancy_mean", bp_mean(rx->occ_sum, rx->occ_samples));
	json_double(j, "occupancy_time_mean", bp_mean(rx->occ_time_sum, rx->occ_time_cycles));
	json_double(j, "above_half_pct", pct(rx->above_half_cycles, rx->occ_time_cycles));
	json_double(j, "above_90_pct", pct(rx->above_90_cycles, rx->occ_time_cycles));
	json_begin_object(j, "occupancy_hist");
	json_u64(j, "bin_width", bin);
	for (unsigned int i = 0; i <= BP_OCC_BINS; i++)
		if (rx->occ_hist[i] != 0)
			last = i;
	json_begin_array(j, "counts");
	for (unsigned int i = 0; i <= last; i++)
		json_u64(j, NULL, rx->occ_hist[i]);
	json_end_array(j);
	json_end_object(j);
	json_hist_ns(j, "time_in_ring_ns", &ps->time_in_ring, ns);
	json_begin_object(j, "episodes");
	json_u64(j, "high_mark", v->episode_high);
	json_u64(j, "low_mark", v->episode_low);
	json_u64(j, "count", ep->count);
	json_u64(j, "deepest", ep->deepest);
	json_ns(j, "longest_ns", ep->longest_cycles, ns);
	json_ns(j, "total_ns", ep->total_cycles, ns);
	json_u64(j, "drops", ep->drops);
	json_end_object(j);
	json_end_object(j);

	json_begin_object(j, "parser");
	json_u64(j, "packets", d->packets);
	json_u64(j, "dequeues", ps->dequeues);
	json_ns(j, "busy_ns", ps->busy_cycles, ns);
	json_ns(j, "idle_ns", ps->idle_cycles, ns);
	json_double(j, "busy_pct", pct(ps->busy_cycles, ps->busy_cycles + ps->idle_cycles));
	json_double(j, "service_ns_per_packet", bp_mean(ps->busy_cycles, d->packets) * ns);
	json_cpu(j, &ps->cpu);
	json_end_object(j);
	json_bool(j, "conserved", view_conserved(v));
}

static void
json_sweep(struct json *j, const struct run *r)
{
	json_begin_array(j, "sweep");
	for (unsigned int i = 0; i < r->n_sweep; i++) {
		const struct sizing_row *s = &r->sweep[i];

		json_begin_object(j, NULL);
		json_u64(j, "capacity", s->capacity);
		json_bool(j, "complete", s->complete);
		json_u64(j, "received", s->received);
		json_u64(j, "enqueued", s->enqueued);
		json_u64(j, "dropped", s->dropped);
		json_u64(j, "held_at_stop", s->held_at_stop);
		json_u64(j, "high_water", s->high_water);
		json_u64(j, "wait_ns", s->wait_ns);
		json_u64(j, "p99_ns", s->p99_ns);
		json_u64(j, "episodes", s->episodes);
		json_double(j, "service_ns", s->service_ns);
		json_cpu(j, &s->cpu);
		if (s->predicted) {
			json_begin_object(j, "predicted");
			json_u64(j, "dropped", s->pred.dropped);
			json_u64(j, "high_water", s->pred.high_water);
			json_u64(j, "blocked_ns", s->pred.blocked_ns);
			json_double(j, "service_ns", s->pred_service_ns);
			json_begin_array(j, "rx_call_ns");
			for (unsigned int i = 0; i < r->n_pipes; i++)
				json_double(j, NULL, s->pred_rx_call_ns[i]);
			json_end_array(j);
			json_end_object(j);
		}
		json_end_object(j);
	}
	json_end_array(j);
}

void
report_json(FILE *f, const struct run *r)
{
	struct bp_rx_stats rx;
	struct bp_parser_stats ps;
	struct view v;
	struct json j;

	run_total_rx(r, &rx);
	run_total_parser(r, &ps);
	v = view_of(r, &rx, &ps);
	json_init(&j, f);
	json_begin_object(&j, NULL);
	json_view(&j, r, &v, &r->port_stats);
	json_begin_array(&j, "pipelines");
	for (unsigned int i = 0; i < r->n_pipes; i++) {
		const struct pipeline *p = &r->pipes[i];
		struct view pv = view_of(r, &p->rx, &p->parser);

		json_begin_object(&j, NULL);
		json_u64(&j, "id", i);
		json_u64(&j, "port", p->port);
		json_u64(&j, "queue", p->queue);
		json_u64(&j, "rx_lcore", p->rx_lcore);
		json_u64(&j, "parser_lcore", p->parser_lcore);
		if (r->replay) {
			json_string(&j, "pcap", r->cap[i].path);
			json_u64(&j, "expected", p->expected);
			json_bool(&j, "stalled", p->stalled);
			json_u64(&j, "past_end", p->past_end);
		}
		json_view(&j, r, &pv, NULL);
		json_u64(&j, "timeline_lost", p->lanes.rx_lost + p->lanes.parse_lost);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_u64(&j, "ring_leftover", r->ring_leftover);
	json_begin_object(&j, "mempool");
	json_u64(&j, "size", r->pool_size);
	json_u64(&j, "rx_desc", r->src.rx_desc);
	json_string(&j, "ops", r->pool_ops);
	json_string(&j, "ops_chosen_by", r->pool_ops_why);
	json_u64(&j, "in_use_at_exit", r->mbufs_in_use);
	json_bool(&j, "checked", r->leak_checked);
	json_end_object(&j);
	json_begin_object(&j, "run");
	json_double(&j, "elapsed_s", r->elapsed_s);
	json_u64(&j, "burst", r->cfg->burst);
	json_double(&j, "replay_speed", r->cfg->replay_speed);
	json_u64(&j, "pps", r->cfg->pps);
	json_u64(&j, "parse_cost_ns", r->cfg->parse_cost_ns);
	json_bool(&j, "verify_l4_checksums", r->cfg->verify_l4_checksums);
	json_string(&j, "rx_l4_cksum_offload", l4_offload_name(r->rx_l4_offloads));
	json_bool(&j, "replay", r->replay);
	json_u64(&j, "tsc_hz", r->ctl.tsc_hz);
	json_u64(&j, "cpu_wait_warn_ns", CPUWAIT_WARN_NS);
	json_bool(&j, "cpu_wait_warning", report_cpu_untrusted(r));
	json_bool(&j, "lcores_share_cpu", r->lcores_share_cpu);
	json_end_object(&j);
	if (r->n_sweep > 0)
		json_sweep(&j, r);
	json_end_object(&j);
}
