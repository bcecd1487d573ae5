/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Setting a run up and tearing it down: lcores, the source port and its
 * captures, the mbuf pool, the pipelines, the dynamic mbuf fields, the
 * output files and telemetry.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_mbuf_dyn.h>
#include <rte_mbuf_pool_ops.h>

#include "setup.h"
#include "telemetry.h"

/* The CPUs this process may run on, as it started (EAL then pins each
 * lcore's thread to its own). */
static cpu_set_t startup_cpus;
static int startup_cpu_count;

void
setup_note_cpus(void)
{
	if (sched_getaffinity(0, sizeof(startup_cpus), &startup_cpus) == 0)
		startup_cpu_count = CPU_COUNT(&startup_cpus);
}

/*
 * An lcore option for need lcores on the CPUs the process started with:
 * -l with the first need of them (as ranges: 0-3), or, with fewer CPUs than
 * that, an --lcores map taking them in turn. "" if they are not known.
 */
static void
lcores_hint(unsigned int need, char *hint, size_t len)
{
	int cpu[2 * BP_PIPELINES_MAX], c = -1;
	size_t at = 0;

	hint[0] = '\0';
	if (startup_cpu_count <= 0 || need > RTE_DIM(cpu))
		return;
	for (unsigned int i = 0; i < need; i++) {
		do	/* the next CPU of the set, round and round */
			c = (c + 1) % CPU_SETSIZE;
		while (!CPU_ISSET(c, &startup_cpus));
		cpu[i] = c;
	}
	if ((int)need > startup_cpu_count) {
		for (unsigned int i = 0; i < need && at < len; i++)
			at += (size_t)snprintf(hint + at, len - at, "%s%u@%d", i ? "," : "--lcores ",
					       i, cpu[i]);
		return;
	}
	for (unsigned int i = 0, j; i < need && at < len; i = j) {
		for (j = i + 1; j < need && cpu[j] == cpu[j - 1] + 1; j++)
			;
		at += (size_t)snprintf(hint + at, len - at, "%s%d", i ? "," : "-l ", cpu[i]);
		if (j - i > 1 && at < len)
			at += (size_t)snprintf(hint + at, len - at, "-%d", cpu[j - 1]);
	}
}

/* Give each pipeline an RX and a parser lcore from the EAL's list. */
static int
assign_lcores(struct run *r, char *err, size_t errlen)
{
	unsigned int workers[RTE_MAX_LCORE], n = 0, need = 2 * r->n_pipes, next = 0;
	unsigned int lcore;

	RTE_LCORE_FOREACH_WORKER(lcore)
		workers[n++] = lcore;
	if (n + 1 < need) {
		char hint[160];

		lcores_hint(need, hint, sizeof(hint));
		return bp_fail(err, errlen, "too few lcores: %u pipeline%s need%s %u (an RX and a parser "
			    "lcore each), EAL has %u%s%s%s", r->n_pipes, r->n_pipes > 1 ? "s" : "",
			    r->n_pipes > 1 ? "" : "s", need, n + 1, hint[0] ? ": give e.g. " : "", hint,
			    startup_cpu_count > 0 && (int)need > startup_cpu_count ?
			    " (lcores sharing a CPU take turns: slower, but it runs)" : "");
	}
	/* With one lcore short, the main lcore polls pipeline 0 and a control
	 * thread reports; otherwise main only reports. */
	r->main_runs_rx = n + 1 == need;
	for (unsigned int i = 0; i < r->n_pipes; i++) {
		struct pipeline *p = &r->pipes[i];

		p->rx_lcore = i == 0 && r->main_runs_rx ? rte_get_main_lcore() : workers[next++];
		p->parser_lcore = workers[next++];
	}
	return 0;
}

/* Find the port, its captures (if it replays files), and check them. */
static int
open_source(struct run *r, char *err, size_t errlen)
{
	const struct bp_config *cfg = r->cfg;
	uint16_t port;

	if (port_check_vdevs(err, errlen) != 0)
		return -1;
	if (cfg->n_pcap > 0) {
		/* Check the files with libpcap before the PMD sees them. */
		for (unsigned int i = 0; i < cfg->n_pcap; i++) {
			struct capture_info info;

			if (capture_inspect(cfg->pcap[i], false, &info, err, errlen) != 0)
				return -1;
		}
		if (port_create_pcap(cfg, &port, err, errlen) != 0)
			return -1;
		r->own_port = true;
	} else if (cfg->port_given) {
		port = cfg->port;
		if (!rte_eth_dev_is_valid_port(port))
			return bp_fail(err, errlen, "--port %u: no such port (%u available)", port,
				    rte_eth_dev_count_avail());
	} else {
		port = rte_eth_find_next_owned_by(0, RTE_ETH_DEV_NO_OWNER);
		if (port >= RTE_MAX_ETHPORTS)
			return bp_fail(err, errlen, "no port to read from: give --pcap FILE, a --vdev "
				    "(e.g. net_pcap0,rx_pcap=FILE) or bind a NIC");
	}
	if (port_describe(port, &r->src, err, errlen) != 0)
		return -1;

	if (r->src.n_pcap > 0) {
		if (r->src.n_pcap != r->n_pipes)
			return bp_fail(err, errlen, "port %u replays %u capture file%s (one per queue): "
				    "give --pipelines %u", port, r->src.n_pcap,
				    r->src.n_pcap > 1 ? "s" : "", r->src.n_pcap);
		for (unsigned int i = 0; i < r->src.n_pcap; i++) {
			/* Timestamps feed the ring-size prediction. */
			if (capture_inspect(r->src.pcap[i], true, &r->cap[i], err, errlen) != 0)
				return -1;
			/* The PMD refuses it at queue setup, with a log line and EINVAL. */
			if (r->src.infinite_rx && r->cap[i].max_caplen > RTE_MBUF_DEFAULT_DATAROOM)
				return bp_fail(err, errlen, "%s: infinite_rx replays frames of up to %u "
					    "bytes (one mbuf), this capture has one of %u: replay it with "
					    "--pcap", r->src.pcap[i], RTE_MBUF_DEFAULT_DATAROOM,
					    r->cap[i].max_caplen);
			if (r->cap[i].cut_short)
				fprintf(stderr, "burstpipe: warning: %s: a record is cut off or "
					"corrupt (%s): replaying the %lu complete packet%s before it\n",
					r->src.pcap[i], r->cap[i].cut_short_msg,
					(unsigned long)r->cap[i].packets,
					r->cap[i].packets == 1 ? "" : "s");
		}
		r->replay = !r->src.infinite_rx;
	}
	if (cfg->replay_speed > 0 && !r->replay)
		return bp_fail(err, errlen, "--replay-speed paces by capture timestamps: it needs a pcap "
			    "replay (not a live port, not infinite_rx); use --pps for a uniform rate");
	if (cfg->n_ring_sizes > 1 && !r->replay)
		return bp_fail(err, errlen, "--ring-sizes replays a capture once per size: it needs a "
			    "pcap replay (not a live port, not infinite_rx)");
	return 0;
}

/* stat() the directory that path's last component is in (into st), and
 * point *name at that component. */
static int
stat_parent(const char *path, struct stat *st, const char **name)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];

	if (slash == NULL) {
		*name = path;
		return stat(".", st);
	}
	*name = slash + 1;
	if ((size_t)(slash - path) >= sizeof(dir))
		return -1;
	/* "/x" is in "/"; "a/b" in "a" */
	snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	return stat(dir, st);
}

/* Whether two paths name one regular file: the same inode, or, for a file
 * not made yet, the same name in the same directory (./t.csv and
 * t.csv, a/../b/t.csv and b/t.csv). Two outputs may share /dev/null. */
static bool
same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	const char *na, *nb;

	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return S_ISREG(sa.st_mode) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (stat_parent(a, &sa, &na) == 0 && stat_parent(b, &sb, &nb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino && strcmp(na, nb) == 0;
	return strcmp(a, b) == 0;
}

/*
 * An output must be a file of its own: open_output would empty a capture
 * the PMD is about to replay (the run then stalls, and the capture is
 * lost), and two outputs in one file write over each other.
 */
static int
check_outputs_apart(const struct run *r, char *err, size_t errlen)
{
	const struct bp_config *cfg = r->cfg;
	const struct {
		const char *opt, *path;
	} outs[] = {{"--stats-json", cfg->stats_json}, {"--timeline", cfg->timeline}};

	for (size_t o = 0; o < RTE_DIM(outs); o++)
		for (unsigned int i = 0; outs[o].path != NULL && i < r->src.n_pcap; i++)
			if (same_file(outs[o].path, r->src.pcap[i]))
				return bp_fail(err, errlen, "%s %s: is the capture being replayed (%s): "
					    "give another file", outs[o].opt, outs[o].path,
					    r->src.pcap[i]);
	if (cfg->stats_json != NULL && cfg->timeline != NULL &&
	    same_file(cfg->stats_json, cfg->timeline))
		return bp_fail(err, errlen, "--stats-json %s and --timeline %s: one file for both "
			    "outputs: give two", cfg->stats_json, cfg->timeline);
	return 0;
}

/*
 * Whether two of the lcores that use the pool (every RX and parser lcore)
 * may run on the same CPU. Lcores that float over overlapping CPU sets may.
 */
static bool
lcores_share_cpu(const struct run *r)
{
	unsigned int lcores[2 * BP_PIPELINES_MAX], n = 0;

	for (unsigned int i = 0; i < r->n_pipes; i++) {
		lcores[n++] = r->pipes[i].rx_lcore;
		lcores[n++] = r->pipes[i].parser_lcore;
	}
	for (unsigned int i = 0; i < n; i++)
		for (unsigned int j = i + 1; j < n; j++) {
			rte_cpuset_t a = rte_lcore_cpuset(lcores[i]);
			rte_cpuset_t b = rte_lcore_cpuset(lcores[j]);
			rte_cpuset_t both;

			CPU_AND(&both, &a, &b);
			if (CPU_COUNT(&both) > 0)
				return true;
		}
	return false;
}

/*
 * The pool's ring: DPDK's default (ring_mp_mc) is not preemptible. A thread
 * descheduled between moving a head and moving its tail makes every other
 * thread of that ring spin until it runs again, a whole time slice, and with
 * two lcores on one CPU that happens all the time: two pipelines on this
 * 2-CPU machine carried 0.05x of one. The relaxed-tail ring (ring_mt_rts),
 * made for overcommitted CPUs, does not wait for a preempted thread's tail:
 * it carried 0.5x. So when our lcores share a CPU, and the user did not
 * choose (--mbuf-pool-ops-name), the pool uses it.
 */
static const char *
pool_ops_for(const struct run *r, const char **why)
{
	const char *user = rte_eal_mbuf_user_pool_ops();

	if (user != NULL) {
		*why = "--mbuf-pool-ops-name";
		return user;
	}
	if (lcores_share_cpu(r)) {
		*why = "lcores share a CPU";
		return BP_POOL_OPS_SHARED;
	}
	*why = "DPDK's default";
	return rte_mbuf_best_mempool_ops();
}

/* Whether DPDK has registered mempool ops of that name (a driver's). */
static bool
pool_ops_registered(const char *name)
{
	for (uint32_t i = 0; i < rte_mempool_ops_table.num_ops; i++)
		if (strcmp(rte_mempool_ops_table.ops[i].name, name) == 0)
			return true;
	return false;
}

static int
make_pool(struct run *r, char *err, size_t errlen)
{
	const struct bp_config *cfg = r->cfg;
	uint64_t preloaded = 0, longest = 0;
	unsigned int ring = config_ring_size_max(cfg);

	/* A frame longer than one mbuf's data room arrives as a chain. */
	r->segs = 1;
	for (unsigned int i = 0; i < r->src.n_pcap; i++) {
		unsigned int segs = (r->cap[i].max_caplen + RTE_MBUF_DEFAULT_DATAROOM - 1) /
				    RTE_MBUF_DEFAULT_DATAROOM;

		r->segs = RTE_MAX(r->segs, segs);
		longest = RTE_MAX(longest, r->cap[i].packets);
		if (r->src.infinite_rx)
			preloaded += r->cap[i].packets;
	}
	/* A replay's ring never holds more than its capture. */
	if (r->replay && longest < ring)
		ring = (unsigned int)longest;
	r->pool_size = port_pool_size(r->n_pipes, r->src.rx_desc, ring, cfg->burst, r->segs,
				      rte_lcore_count(), preloaded * r->segs);
	r->lcores_share_cpu = lcores_share_cpu(r);
	r->pool_ops = pool_ops_for(r, &r->pool_ops_why);
	if (!pool_ops_registered(r->pool_ops))
		return bp_fail(err, errlen, "no mempool ops named '%s' (%s): DPDK's "
			    "rings are ring_mp_mc, ring_sp_sc, ring_mp_sc, ring_sp_mc, ring_mt_rts, "
			    "ring_mt_hts; also stack", r->pool_ops, r->pool_ops_why);
	r->pool = rte_pktmbuf_pool_create_by_ops("bp_mbufs", r->pool_size, BP_POOL_CACHE, 0,
						 RTE_MBUF_DEFAULT_BUF_SIZE, r->src.socket,
						 r->pool_ops);
	if (r->pool == NULL)
		return bp_fail(err, errlen, "cannot make a pool of %u mbufs (%.0f MB) on socket %d: %s; "
			    "give EAL more memory (-m) or %s", r->pool_size,
			    (double)r->pool_size * (RTE_MBUF_DEFAULT_BUF_SIZE + 128) / 1e6,
			    r->src.socket, rte_strerror(rte_errno),
			    cfg->ring_sizes_given ? "smaller --ring-sizes" : "a smaller --ring-size");
	return 0;
}

/* Our per-packet TSC stamp, and the PMD's capture timestamp if pacing. */
static int
register_dynfields(struct run *r, char *err, size_t errlen)
{
	static const struct rte_mbuf_dynfield stamp = {
		.name = "burstpipe_dynfield_enqueue_tsc",
		.size = sizeof(uint64_t),
		.align = __alignof__(uint64_t),
	};

	r->ctl.stamp_offset = rte_mbuf_dynfield_register(&stamp);
	if (r->ctl.stamp_offset < 0)
		return bp_fail(err, errlen, "cannot register the enqueue-time mbuf field: %s",
			    rte_strerror(rte_errno));
	r->ctl.ts_offset = -1;
	if (r->cfg->replay_speed > 0 &&
	    rte_mbuf_dyn_rx_timestamp_register(&r->ctl.ts_offset, &r->ctl.ts_flag) != 0)
		return bp_fail(err, errlen, "cannot find the RX timestamp mbuf field: %s",
			    rte_strerror(rte_errno));
	return 0;
}

/*
 * Whether an output file can be written, found out without emptying it, so
 * that a bad path fails before anything runs and a run that fails in setup
 * leaves an earlier run's file as it was (open_output empties it: the
 * timeline at the end of setup_run, the JSON once its report is ready).
 */
static int
check_output(const char *opt, const char *path, char *err, size_t errlen)
{
	struct stat st;
	int fd;

	if (path == NULL)
		return 0;
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			errno = EISDIR;
		else if (access(path, W_OK) == 0)
			return 0;
	} else if (errno == ENOENT) {
		/* A trial file, removed at once. O_EXCL: never through a
		 * dangling symlink (that one is left to open_output). */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		if (fd >= 0 || errno == EEXIST)
			return 0;
	}
	return bp_fail(err, errlen, "%s %s: cannot write: %s", opt, path, strerror(errno));
}

/* Create or empty an output file. */
static int
open_output(const char *opt, const char *path, FILE **f, char *err, size_t errlen)
{
	if (path == NULL)
		return 0;
	*f = fopen(path, "w");
	if (*f == NULL)
		return bp_fail(err, errlen, "%s %s: cannot write: %s", opt, path, strerror(errno));
	return 0;
}

/*
 * About how long one pass of pipeline i runs, in ns, when that is known (a
 * replay, or --duration), to size its timeline lanes so that the whole
 * timeline fits and the reporter need not write rows mid-run. A guess is
 * enough: a lane that fills up is drained early (timeline_due).
 */
static double
pass_ns_estimate(const struct run *r, unsigned int i)
{
	const struct bp_config *cfg = r->cfg;
	const struct capture_info *cap = &r->cap[i];
	/* Per packet: the parse cost asked for, and 1 us for everything else. */
	double per_pkt = (double)cfg->parse_cost_ns + 1000;
	double paced = 0, ns;

	if (!r->replay)
		ns = cfg->duration * 1e9;
	else {
		if (cfg->pps != 0)
			paced = (double)cap->packets * 1e9 / (double)cfg->pps;
		else if (cfg->replay_speed > 0)
			paced = (double)(cap->last_ns - cap->first_ns) / cfg->replay_speed;
		ns = fmax(paced, (double)cap->packets * per_pkt);
	}
	if (cfg->duration > 0)
		ns = fmin(ns, cfg->duration * 1e9);
	/* and the parser draining a full ring at the end */
	return ns + (double)config_ring_size_max(cfg) * per_pkt;
}

int
setup_run(struct run *r, const struct bp_config *cfg, char *err, size_t errlen)
{
	memset(r, 0, sizeof(*r));
	r->cfg = cfg;
	r->n_pipes = cfg->pipelines;
	r->ctl.tsc_hz = rte_get_tsc_hz();
	r->ctl.interval_cycles = cfg->timeline != NULL ?
		(uint64_t)(cfg->timeline_interval_ms * 1e-3 * (double)r->ctl.tsc_hz) : 0;
	atomic_init(&r->ctl.stop, false);
	r->pipes = rte_zmalloc("bp_pipelines", sizeof(*r->pipes) * r->n_pipes,
			       RTE_CACHE_LINE_SIZE);
	if (r->pipes == NULL)
		return bp_fail(err, errlen, "out of memory for %u pipelines", r->n_pipes);
	if (check_output("--stats-json", cfg->stats_json, err, errlen) != 0 ||
	    check_output("--timeline", cfg->timeline, err, errlen) != 0 ||
	    assign_lcores(r, err, errlen) != 0 || open_source(r, err, errlen) != 0 ||
	    check_outputs_apart(r, err, errlen) != 0 || make_pool(r, err, errlen) != 0 ||
	    register_dynfields(r, err, errlen) != 0)
		return -1;
	if (port_start(r->src.port, r->n_pipes, r->src.rx_desc, r->pool, cfg->verify_l4_checksums,
		       &r->rx_l4_offloads, err, errlen) != 0)
		return -1;
	r->port_started = true;
	/* A run of known length keeps its timeline until the end. */
	r->timeline_hold = cfg->timeline != NULL && (r->replay || cfg->duration > 0);
	for (unsigned int i = 0; i < r->n_pipes; i++) {
		struct pipeline *p = &r->pipes[i];

		p->id = i;
		p->cfg = cfg;
		p->ctl = &r->ctl;
		p->port = r->src.port;
		p->queue = (uint16_t)i;
		p->replay = r->replay;
		p->expected = r->replay ? r->cap[i].packets : 0;
		p->nombuf_is_ours = r->n_pipes == 1;
		p->first_ts_ns = r->cap[i].first_ns;
		p->paced = cfg->replay_speed > 0 || cfg->pps != 0;
		if (timeline_lanes_init(&p->lanes, r->timeline_hold ?
					timeline_lane_slots(pass_ns_estimate(r, i),
							    cfg->timeline_interval_ms) :
					TIMELINE_LANE_MIN) != 0)
			return bp_fail(err, errlen, "out of memory for the timeline");
	}
	/* Everything else is ready: only now is an earlier timeline replaced.
	 * (The JSON waits for its report: setup_open_json.) */
	if (open_output("--timeline", cfg->timeline, &r->timeline, err, errlen) != 0)
		return -1;
	if (r->timeline != NULL)
		timeline_write_header(r->timeline);
	if (telemetry_register(r) != 0)
		fprintf(stderr, "burstpipe: warning: /burstpipe/stats not registered with "
			"telemetry\n");
	return 0;
}

int
setup_open_json(struct run *r, char *err, size_t errlen)
{
	return open_output("--stats-json", r->cfg->stats_json, &r->stats_json, err, errlen);
}

/* Restart a replay from the start of its files (the PMD reopens them). */
int
setup_rewind(struct run *r, char *err, size_t errlen)
{
	int rc = rte_eth_dev_stop(r->src.port);

	if (rc == 0) {
		r->port_started = false;
		rc = rte_eth_dev_start(r->src.port);
		r->port_started = rc == 0;
	}
	if (rc != 0)
		return bp_fail(err, errlen, "port %u: cannot restart the replay: %s", r->src.port,
			    rte_strerror(-rc));
	return 0;
}

void
teardown_run(struct run *r)
{
	if (r->pipes != NULL)
		for (unsigned int i = 0; i < r->n_pipes; i++)
			timeline_lanes_free(&r->pipes[i].lanes);
	if (r->pool != NULL) {
		/* Closing the port makes the PMD give back what it holds;
		 * then every mbuf must be home. */
		port_close(r->src.port, r->port_started);
		r->mbufs_in_use = rte_mempool_in_use_count(r->pool);
		r->leak_checked = true;
	}
	for (unsigned int i = 0; i < BP_PIPELINES_MAX; i++)
		capture_release(&r->cap[i]);
}

/*
 * Flush an output, and close it unless it is stdout. Every write must have
 * gone through: if not, one line on stderr names the output and the reason,
 * and -1 is returned.
 */
static int
close_output(const char *opt, const char *path, FILE *f)
{
	int why = 0;

	if (fflush(f) != 0)
		why = errno;
	else if (ferror(f))
		why = -1;	/* an earlier write failed; stdio kept no errno */
	if (f != stdout && fclose(f) != 0 && why == 0)
		why = errno;
	if (why == 0)
		return 0;
	fprintf(stderr, "burstpipe: %s%s%s: writing failed: %s\n", opt, path != NULL ? " " : "",
		path != NULL ? path : "", why > 0 ? strerror(why) : "an earlier write was refused");
	return -1;
}

int
teardown_outputs(struct run *r)
{
	int rc = 0;

	if (r->timeline != NULL && close_output("--timeline", r->cfg->timeline, r->timeline) != 0)
		rc = -1;
	if (r->stats_json != NULL &&
	    close_output("--stats-json", r->cfg->stats_json, r->stats_json) != 0)
		rc = -1;
	r->timeline = r->stats_json = NULL;
	if (flush_stdout() != 0)
		rc = -1;
	return rc;
}

int
flush_stdout(void)
{
	return close_output("stdout", NULL, stdout);
}
