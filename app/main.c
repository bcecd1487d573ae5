/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * burstpipe: RX lcore -> spsc_ring -> parser lcore, with statistics on how
 * the ring absorbs traffic bursts.
 *
 *   burstpipe [EAL options] -- [options]        (--help lists them)
 *
 * main() reads as the table of contents: EAL, options, setup, one pass per
 * ring size, prediction, teardown and the leak check, report.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_log.h>

#include "config.h"
#include "report.h"
#include "run.h"
#include "setup.h"

static struct bp_config cfg;
static struct run run;
static volatile sig_atomic_t signals_seen;

/* The first SIGINT/SIGTERM asks for a clean stop (RX stops, the rings
 * drain, the report prints); the second ends the process at once. */
static void
on_signal(int sig)
{
	static const char msg[] = "burstpipe: stopping: draining the rings (again to quit now)\n";

	if (signals_seen++ > 0)
		_exit(128 + sig);
	atomic_store(&run.ctl.stop, true);
	(void)write(STDERR_FILENO, msg, sizeof(msg) - 1);
}

/* A user's mistake or a setup failure: one line, exit status 1. */
static void __attribute__((noreturn))
die(const char *why)
{
	fprintf(stderr, "burstpipe: %s\n", why);
	rte_eal_cleanup();
	exit(EXIT_FAILURE);
}

/* die() once setup has begun: what setup made goes first (the port is
 * closed, the timeline's memory freed), as at the end of a run. */
static void __attribute__((noreturn))
die_after_setup(const char *why)
{
	teardown_run(&run);
	port_source_release(&run.src);
	die(why);
}

/* The figures of one pass, for the sizing table. */
static void
record_pass(struct run *r, unsigned int pass)
{
	struct bp_rx_stats rx;
	struct bp_parser_stats ps;
	struct sizing_row *row = &r->sweep[pass];
	double ns = 1e9 / (double)r->ctl.tsc_hz;

	run_total_rx(r, &rx);
	run_total_parser(r, &ps);
	row->capacity = r->capacity;
	/* A signal, --duration or a stalled replay cuts a pass short: its
	 * figures are not the capture's, and no verdict rests on them. */
	row->complete = r->replay;	/* a live run is never a whole capture */
	for (unsigned int i = 0; i < r->n_pipes; i++)
		if (r->pipes[i].stalled || r->pipes[i].rx.packets < r->pipes[i].expected ||
		    r->pipes[i].rx.held_at_stop != 0)	/* received, never offered */
			row->complete = false;
	row->received = rx.packets;
	row->enqueued = rx.enqueued;
	row->dropped = rx.dropped;
	row->held_at_stop = rx.held_at_stop;
	row->high_water = rx.high_water;
	row->wait_ns = bp_cycles_ns(rx.wait_cycles, ns);
	row->p99_ns = bp_cycles_ns(bp_hist_quantile(&ps.time_in_ring, 0.99), ns);
	row->episodes = rx.episodes.count;
	/* As the report's service_ns_per_packet, to the last bit. */
	row->service_ns = bp_mean(ps.busy_cycles, ps.decode.packets) * ns;
	/* The lcore that lost the most; one whose loss is unknown makes the
	 * pass's unknown. */
	memset(&row->cpu, 0, sizeof(row->cpu));
	for (unsigned int i = 0; i < r->n_pipes; i++) {
		const struct bp_cpu_wait *w[] = {&r->pipes[i].rx.cpu, &r->pipes[i].parser.cpu};

		for (size_t k = 0; k < RTE_DIM(w); k++)
			if (!row->cpu.wait_unknown &&
			    (w[k]->wait_unknown || w[k]->wait_ns > row->cpu.wait_ns))
				row->cpu = *w[k];
	}
	r->n_sweep = pass + 1;
}

/*
 * RX's time per burst it took from the port: the receive call and the
 * enqueue, without its waits (for room, or for a packet's time to come),
 * which the simulation makes itself. The median call, not the mean: a few
 * calls the host held up (by 100 us and more on a busy VM) would make RX
 * look slower than it is when a burst waits for it, and a consumer near
 * RX's pace look fast enough.
 */
static double
rx_call_ns(const struct run *r, const struct bp_rx_stats *rx)
{
	if (rx->call_hist.count == 0)
		return 0;
	return (double)bp_hist_quantile(&rx->call_hist, 0.5) * 1e9 / (double)r->ctl.tsc_hz;
}

/* Predict every pass's size from the captures alone (see sizing.h). */
static void
predict(struct run *r)
{
	double service = (double)cfg.service_ns;

	if (!r->replay || r->n_sweep == 0)
		return;
	if (service == 0)
		service = sizing_service_ns(r->sweep, r->n_sweep);
	for (unsigned int i = 0; i < r->n_pipes; i++) {
		uint64_t *releases = sizing_releases(r->cap[i].ts_ns, r->cap[i].packets,
						     cfg.replay_speed, cfg.pps,
						     r->pipes[i].ts_unit_ns);
		struct sizing_model model = {
			.burst = cfg.burst,
			.service_ns = service,
			.rx_call_ns = rx_call_ns(r, &r->pipes[i].rx),
			.policy = cfg.policy,
		};

		if (releases == NULL)
			return;
		for (unsigned int s = 0; s < r->n_sweep; s++) {
			struct sizing_row *row = &r->sweep[s];
			struct sizing_prediction p;

			model.capacity = row->capacity;
			if (sizing_simulate(releases, r->cap[i].packets, &model, &p) != 0)
				break;
			row->pred.dropped += p.dropped;
			row->pred.blocked_ns += p.blocked_ns;
			row->pred.high_water = RTE_MAX(row->pred.high_water, p.high_water);
			row->pred_service_ns = service;
			row->pred_rx_call_ns[i] = model.rx_call_ns;
			row->predicted = true;
		}
		free(releases);
	}
}

/* Exit status: 0 only when every check holds. */
static int
final_checks(const struct run *r)
{
	int status = EXIT_SUCCESS;

	if (!report_conserved(r)) {
		fprintf(stderr, "burstpipe: counters do not add up (see Checks)\n");
		status = EXIT_FAILURE;
	}
	if (r->ring_leftover != 0) {
		fprintf(stderr, "burstpipe: %u mbufs were left in the rings\n", r->ring_leftover);
		status = EXIT_FAILURE;
	}
	if (r->mbufs_in_use != 0) {
		fprintf(stderr, "burstpipe: leak: %u mbufs not back in the pool at exit\n",
			r->mbufs_in_use);
		status = EXIT_FAILURE;
	}
	for (unsigned int i = 0; i < r->n_pipes; i++)
		if (r->pipes[i].stalled) {
			fprintf(stderr, "burstpipe: pipeline %u: the replay stopped delivering after "
				"%lu of %lu packets\n", i, (unsigned long)r->pipes[i].rx.packets,
				(unsigned long)r->pipes[i].expected);
			status = EXIT_FAILURE;
		}
	return status;
}

int
main(int argc, char **argv)
{
	/* Room for a whole path (up to PATH_MAX) and the reason after it. */
	char err[PATH_MAX + 1024];
	unsigned int sweep_failed = 0;	/* the ring size a failed pass had */
	int ret;

	/* Logs to stderr: stdout carries the report only. */
	rte_openlog_stream(stderr);
	/* EAL's usage (for --help before "--", or an option EAL does not
	 * know) ends with ours, which shows where they go. */
	rte_set_application_usage_hook(config_usage);
	setup_note_cpus();
	ret = rte_eal_init(argc, argv);
	if (ret < 0) {
		const char *ours = rte_errno == EINVAL ? config_misplaced_option(argc, argv) : NULL;

		if (ours != NULL)
			rte_exit(EXIT_FAILURE, "EAL initialisation failed: %s is burstpipe's own "
				 "option, not EAL's: put it after \"--\" (burstpipe [EAL options] "
				 "-- [options])\n", ours);
		rte_exit(EXIT_FAILURE, "EAL initialisation failed: %s\n", rte_strerror(rte_errno));
	}
	argc -= ret;
	argv += ret;

	ret = config_parse(argc, argv, &cfg, err, sizeof(err));
	if (ret == 1) {	/* --help: the text is the whole output */
		ret = flush_stdout() == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
		rte_eal_cleanup();
		return ret;
	}
	if (ret < 0)
		die(err);

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	/* A reader that went away (| head) is a failed write to stdout, found
	 * and named at the end like a full disk, not a death before the
	 * --stats-json file is written. */
	signal(SIGPIPE, SIG_IGN);
	if (setup_run(&run, &cfg, err, sizeof(err)) != 0)
		die_after_setup(err);

	for (unsigned int pass = 0; pass < cfg.n_ring_sizes; pass++) {
		if (pass > 0 && atomic_load(&run.ctl.stop))
			break;
		if ((pass > 0 && setup_rewind(&run, err, sizeof(err)) != 0) ||
		    run_pipelines(&run, cfg.ring_sizes[pass], err, sizeof(err)) != 0) {
			/* Nothing to report yet; or keep the passes done. */
			if (pass == 0)
				die_after_setup(err);
			sweep_failed = cfg.ring_sizes[pass];
			break;
		}
		record_pass(&run, pass);
	}
	predict(&run);
	teardown_run(&run);

	if (!cfg.quiet) {
		report_text(stdout, &run);
		report_sweep(stdout, &run);
	} else {
		/* No report, but figures that cannot be trusted still say so. */
		report_cpu_warnings(stderr, &run);
	}
	ret = final_checks(&run);
	if (sweep_failed != 0) {
		fprintf(stderr, "burstpipe: the sizing sweep stopped at ring size %u: %s "
			"(reported: the %u pass%s before it)\n", sweep_failed, err, run.n_sweep,
			run.n_sweep == 1 ? "" : "es");
		ret = EXIT_FAILURE;
	}
	/* Created only now (err is free again): a run that died before this
	 * left an earlier run's file as it was. */
	if (setup_open_json(&run, err, sizeof(err)) != 0) {
		fprintf(stderr, "burstpipe: %s\n", err);
		ret = EXIT_FAILURE;
	} else if (run.stats_json != NULL)
		report_json(run.stats_json, &run);
	/* Last: an output that could not be written fails the run, after
	 * every other output has had its chance. */
	if (teardown_outputs(&run) != 0)
		ret = EXIT_FAILURE;
	port_source_release(&run.src);	/* the reports named its files */
	rte_eal_cleanup();
	return ret;
}
