/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the app's pure parts, no EAL: option parsing (config.c),
 * the latency histogram (stats.c), the occupancy bins and burst episodes
 * (stats.h), the ring-size simulation (sizing.c), the timeline lanes
 * (timeline.c), the conservation check that fails a run (report.c), the
 * inspection of a capture file (capture.c), the JSON writer's strings and
 * numbers (json.c), the mbuf pool's size (port.c) and the lost CPU of an
 * lcore read from /proc (cpuwait.c).
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../ring/check.h"
#include "capture.h"
#include "config.h"
#include "cpuwait.h"
#include "json.h"
#include "port.h"
#include "report.h"
#include "sizing.h"
#include "stats.h"
#include "timeline.h"

/* The message of the last parse() that failed. */
static char parse_err[256];

static int
parse(struct bp_config *cfg, const char *args)
{
	char buf[512], *argv[32], *save = NULL;
	int argc = 0;

	strcpy(buf, args);
	argv[argc++] = "burstpipe";
	for (char *t = strtok_r(buf, " ", &save); t != NULL; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	argv[argc] = NULL;
	return config_parse(argc, argv, cfg, parse_err, sizeof(parse_err));
}

static void
test_config_defaults_and_values(void)
{
	struct bp_config c;

	CHECK_EQ(parse(&c, "--pcap a.pcap"), 0);
	CHECK_EQ(c.burst, 32);
	CHECK_EQ(c.ring_sizes[0], 1024);
	CHECK_EQ(c.n_ring_sizes, 1);
	CHECK_EQ(c.policy, BP_POLICY_SPIN);
	CHECK_EQ(c.ring_kind, BP_RING_SPSC);
	CHECK_EQ(c.pipelines, 1);
	CHECK_EQ(c.episode_high_pct, 50);
	CHECK_EQ(c.episode_low_pct, 10);
	CHECK(c.replay_speed == 0 && c.pps == 0);
	CHECK(!c.verify_l4_checksums);	/* off unless asked for */

	CHECK_EQ(parse(&c, "--pcap a --pcap b --burst 512 --ring-size 1 --policy drop "
			   "--ring rte_ring --replay-speed 2.5 --parse-cost-ns 10000000 "
			   "--stats-period 0.01 --timeline-interval 0.01 --episode-high 100 "
			   "--episode-low 99 --service-ns 7 --quiet --verify-l4-checksums"), 0);
	CHECK_EQ(c.n_pcap, 2);
	CHECK_EQ(c.pipelines, 2);	/* one per file */
	CHECK_EQ(c.burst, 512);
	CHECK_EQ(c.ring_sizes[0], 1);
	CHECK_EQ(c.policy, BP_POLICY_DROP);
	CHECK_EQ(c.ring_kind, BP_RING_RTE);
	CHECK(c.replay_speed == 2.5);
	CHECK_EQ(c.parse_cost_ns, 10000000);
	CHECK_EQ(c.service_ns, 7);
	CHECK(c.quiet);
	CHECK(c.verify_l4_checksums);

	CHECK_EQ(parse(&c, "--pcap a --ring-sizes 64,256,1048576"), 0);
	CHECK_EQ(c.n_ring_sizes, 3);
	CHECK_EQ(c.ring_sizes[2], 1048576);
	CHECK_EQ(config_ring_size_max(&c), 1048576);
	CHECK_EQ(parse(&c, "--pcap a --ring-sizes 4096,64,256"), 0);
	CHECK_EQ(config_ring_size_max(&c), 4096);	/* the largest, not the last */
	/* No --pcap: a --vdev may be a replay; setup decides. */
	CHECK_EQ(parse(&c, "--ring-sizes 64,128"), 0);
	CHECK_EQ(c.n_ring_sizes, 2);
	CHECK_EQ(parse(&c, "--pcap a --ring-size 300"), 0);
	CHECK_EQ(config_ring_size_max(&c), 300);
	CHECK_EQ(parse(&c, "--port 3 --pipelines 8 --pps 1000000000 --duration 0.001"), 0);
	CHECK_EQ(c.port, 3);
	CHECK(c.port_given);
	CHECK_EQ(c.pps, 1000000000);
	CHECK_EQ(parse(&c, "--help"), 1);

	/* Both ends of every decimal range are accepted, as --help says. */
	CHECK_EQ(parse(&c, "--pcap a --replay-speed 0.001 --duration 31536000 "
			   "--stats-period 3600 --timeline-interval 10000"), 0);
	CHECK(c.replay_speed == 0.001);
	CHECK(c.duration == 31536000);
	CHECK(c.stats_period == 3600);
	CHECK(c.timeline_interval_ms == 10000);
	CHECK_EQ(parse(&c, "--pcap a --replay-speed 1000"), 0);
	CHECK(c.replay_speed == 1000);
}

static void
test_config_rejects(void)
{
	static const char *const bad[] = {
		"--ring-size 0", "--ring-size 1048577", "--ring-size 1e3", "--ring-size 0x10",
		"--burst 0", "--burst 513", "--burst -1", "--policy x", "--ring y",
		"--replay-speed 0.0009", "--replay-speed inf", "--pps 0", "--parse-cost-ns 10000001",
		"--duration 0", "--stats-period 0", "--timeline-interval 10001",
		"--episode-high 0", "--episode-low 99 --episode-high 99", "--pipelines 9",
		"--port 65535", "--ring-sizes 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17",
		"--pcap a --port 1", "--replay-speed 1 --pps 1",
		"--pcap a --pcap b --pipelines 3", "--pcap a --ring-sizes 8,16 --duration 1",
		"--nope", "extra", "--burst",
		"--pcap a --ring-sizes 64,,128", "--pcap a --ring-sizes 64,", "--pcap a --ring-sizes ,64",
		"--quiet=1", "--help=x", "--verify-l4-checksums=1",
	};
	struct bp_config c;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = parse(&c, bad[i]);

		if (rc != -1)
			fprintf(stderr, "accepted: %s\n", bad[i]);
		CHECK_EQ(rc, -1);
	}
}

/* A refused number says whether it was malformed or out of range. */
static void
test_config_reject_messages(void)
{
	static const struct {
		const char *args, *says;
	} cases[] = {
		{"--burst 12abc", "--burst: '12abc' is not a whole number: accepted 1..512"},
		{"--burst 1.5", "--burst: '1.5' is not a whole number"},
		{"--burst 513", "--burst: '513' is out of range: accepted 1..512"},
		{"--ring-size 99999999999999999999999", "' is out of range"},
		{"--pps -5", "--pps: '-5' is not a whole number"},
		{"--pps +5", "--pps: '+5' is not a whole number"},
		{"--duration 2x", "--duration: '2x' is not a number: accepted 0.001..31536000"},
		{"--duration nan", "'nan' is not a number"},
		{"--duration 0", "--duration: '0' is out of range"},
		{"--duration 1e400", "'1e400' is out of range"},
		{"--replay-speed 0.0001", "--replay-speed: '0.0001' is out of range"},
		{"--replay-speed 2000", "--replay-speed: '2000' is out of range"},
		{"--episode-high 1e2", "--episode-high: '1e2' is not a whole number"},
		/* A one-size list conflicts as much as a longer one. */
		{"--pcap a --ring-size 64 --ring-sizes 128",
		 "--ring-size and --ring-sizes: give one or the other"},
	};
	struct bp_config c;
	char args[300];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_EQ(parse(&c, cases[i].args), -1);
		if (strstr(parse_err, cases[i].says) == NULL)
			fprintf(stderr, "%s: got \"%s\", want \"%s\"\n", cases[i].args,
				parse_err, cases[i].says);
		CHECK(strstr(parse_err, cases[i].says) != NULL);
	}
	/* --ring-sizes is copied into 256 bytes: a list of 255 characters
	 * is read (and refused for its one huge size), 256 are too long. */
	for (size_t len = 255; len <= 256; len++) {
		int n = snprintf(args, sizeof(args), "--pcap a --ring-sizes ");

		memset(args + n, '9', len);
		args[n + len] = '\0';
		CHECK_EQ(parse(&c, args), -1);
		CHECK((strstr(parse_err, "list too long") != NULL) == (len == 256));
	}
}

static void
test_hist_buckets_and_quantiles(void)
{
	struct bp_hist *h = calloc(1, sizeof(*h));
	uint64_t lo, hi, prev_hi = 0;

	/* Every bucket's range holds the values that map to it, contiguously. */
	for (unsigned int i = 0; i < 400; i++) {
		bp_hist_bucket_range(i, &lo, &hi);
		CHECK(i == 0 || lo == prev_hi + 1);
		CHECK_EQ(bp_hist_index(lo), i);
		CHECK_EQ(bp_hist_index(hi), i);
		prev_hi = hi;
	}
	CHECK(bp_hist_index(UINT64_MAX) < BP_HIST_BUCKETS);
	CHECK_EQ(bp_hist_quantile(h, 0.5), 0);	/* empty */
	for (uint64_t v = 1; v <= 10000; v++)
		bp_hist_add(h, v);
	CHECK_EQ(h->count, 10000);
	CHECK_EQ(h->max, 10000);
	CHECK_EQ(bp_hist_quantile(h, 1.0), 10000);
	/* Within one bucket (6.25%) above the true quantile, never below. */
	for (double q = 0.1; q < 1.0; q += 0.1) {
		uint64_t got = bp_hist_quantile(h, q), want = (uint64_t)(q * 10000 + 0.5);

		CHECK(got >= want && got <= want + want / 16 + 1);
	}
	free(h);
}

/* A model of the two sides; tests change what they need. */
static struct sizing_model
model(unsigned int capacity, unsigned int burst, double service_ns, enum bp_policy policy)
{
	return (struct sizing_model){.capacity = capacity, .burst = burst,
				     .service_ns = service_ns, .policy = policy};
}

static void
test_sizing_simulation(void)
{
	uint64_t at_once[100], *a;
	struct sizing_prediction p;
	struct sizing_model m;

	/* 100 packets at the same instant, a ring of 10, one packet per
	 * call and per dequeue: the consumer takes the first at once, 10 more
	 * fit, the remaining 89 are dropped. */
	memset(at_once, 0, sizeof(at_once));
	m = model(10, 1, 1.0, BP_POLICY_DROP);
	CHECK_EQ(sizing_simulate(at_once, 100, &m, &p), 0);
	CHECK_EQ(p.high_water, 10);
	CHECK_EQ(p.dropped, 89);
	/* Spin: nothing dropped, the producer waits for 89 more service times. */
	m.policy = BP_POLICY_SPIN;
	CHECK_EQ(sizing_simulate(at_once, 100, &m, &p), 0);
	CHECK_EQ(p.dropped, 0);
	CHECK_EQ(p.high_water, 10);
	/* From the 12th packet on, each waits one service time for room. */
	CHECK_EQ(p.blocked_ns, 89);
	/* 89 waits of 1.5 ns are 133.5 ns: rounded to even, not cut to 133. */
	m.service_ns = 1.5;
	CHECK_EQ(sizing_simulate(at_once, 100, &m, &p), 0);
	CHECK_EQ(p.blocked_ns, 134);

	/* A consumer faster than the releases never holds more than one:
	 * 1 Mpps, 1000 ns apart. */
	a = sizing_releases(NULL, 1000, 0, 1000000, 0);
	CHECK(a != NULL);
	CHECK_EQ(a[999], 999000);
	m = model(4, 32, 500.0, BP_POLICY_DROP);
	CHECK_EQ(sizing_simulate(a, 1000, &m, &p), 0);
	CHECK_EQ(p.high_water, 1);
	CHECK_EQ(p.dropped, 0);
	/* Unless RX is slower than the pace: it takes 32 packets per call,
	 * 40 us a call, so 32 are already due when it has them and go in
	 * together. */
	m = model(64, 32, 1.0, BP_POLICY_DROP);
	m.rx_call_ns = 40000;
	CHECK_EQ(sizing_simulate(a, 1000, &m, &p), 0);
	CHECK_EQ(p.high_water, 32);
	free(a);

	/* Unpaced: RX takes the packets burst by burst, a call's time
	 * apart, and a burst goes in as one enqueue: a fast consumer cannot
	 * take its head before its tail is in. */
	a = sizing_releases(NULL, 100, 0, 0, 0);
	CHECK(a != NULL && a[0] == 0 && a[99] == 0);
	m = model(64, 32, 1.0, BP_POLICY_DROP);
	m.rx_call_ns = 1000;
	CHECK_EQ(sizing_simulate(a, 100, &m, &p), 0);
	CHECK_EQ(p.high_water, 32);
	CHECK_EQ(p.dropped, 0);
	/* A ring of 8 keeps 8 of each full burst and the last one's 4. */
	m.capacity = 8;
	CHECK_EQ(sizing_simulate(a, 100, &m, &p), 0);
	CHECK_EQ(p.high_water, 8);
	CHECK_EQ(p.dropped, 3 * 24);
	/* Spin: nothing lost, RX waits for the consumer's takes. */
	m.policy = BP_POLICY_SPIN;
	CHECK_EQ(sizing_simulate(a, 100, &m, &p), 0);
	CHECK_EQ(p.dropped, 0);
	CHECK_EQ(p.high_water, 8);
	CHECK(p.blocked_ns > 0);
	free(a);

	/* Capture timestamps at half speed are twice as far apart; a step
	 * back in time is held at the previous release. */
	{
		uint64_t ts[4] = {1000, 1100, 1050, 1300};
		uint64_t us[4] = {1000, 1999, 2000, 4500};

		a = sizing_releases(ts, 4, 0.5, 0, 1);
		CHECK(a[0] == 0 && a[1] == 200 && a[2] == 200 && a[3] == 600);
		free(a);
		/* RX paces by the PMD's stamps: in microseconds, packets
		 * within the same microsecond go out together. */
		a = sizing_releases(us, 4, 1, 0, 1000);
		CHECK(a[0] == 0 && a[1] == 0 && a[2] == 1000 && a[3] == 3000);
		free(a);
	}
}

/* The service time the predictions use: the median of the passes'. */
static void
test_sizing_service_median(void)
{
	struct sizing_row rows[BP_RING_SIZES_MAX];
	const double one_slow[] = {1058, 1549, 1064, 1069};	/* a preempted pass */
	const double odd[] = {900, 0, 1100, 1000, 5000, 0, 950};

	memset(rows, 0, sizeof(rows));
	CHECK(sizing_service_ns(rows, 0) == 0);
	CHECK(sizing_service_ns(rows, 3) == 0);	/* no pass had packets */
	rows[0].service_ns = 1234;
	CHECK(sizing_service_ns(rows, 1) == 1234);
	for (unsigned int i = 0; i < 4; i++)
		rows[i].service_ns = one_slow[i];
	/* Even count: the lower of the middle two, 1064 and 1069; the mean of
	 * all four would be 1185. */
	CHECK(sizing_service_ns(rows, 4) == 1064);
	/* Two passes, one slowed: the faster one, not their mean. */
	CHECK(sizing_service_ns(rows, 2) == 1058);
	/* Passes with no packets are left out: 900 950 1000 1100 5000. */
	for (unsigned int i = 0; i < 7; i++)
		rows[i].service_ns = odd[i];
	CHECK(sizing_service_ns(rows, 7) == 1000);
	/* Every slot of a full sweep counts. */
	for (unsigned int i = 0; i < BP_RING_SIZES_MAX; i++)
		rows[i].service_ns = BP_RING_SIZES_MAX - i;
	CHECK(sizing_service_ns(rows, BP_RING_SIZES_MAX) == BP_RING_SIZES_MAX / 2);
}

/* Every occupancy 0..capacity lands in one of the BP_OCC_BINS + 1 bins, in
 * order and with no bin skipped; exact up to BP_OCC_BINS slots. */
static void
test_occupancy_bins(void)
{
	static const struct {
		unsigned int capacity, width;
		bool full_alone;	/* a full ring has a bin of its own */
	} rings[] = {
		{1, 1, true}, {1023, 1, true}, {1024, 1, true}, {1025, 2, false},
		{4096, 4, true},
	};

	for (size_t r = 0; r < RTE_DIM(rings); r++) {
		unsigned int cap = rings[r].capacity;
		unsigned int w = bp_occ_bin_width(cap), prev = 0;

		CHECK_EQ(w, rings[r].width);
		CHECK_EQ(bp_occ_bin(0, w), 0);
		for (unsigned int occ = 1; occ <= cap; occ++) {
			unsigned int bin = bp_occ_bin(occ, w);

			CHECK(bin <= BP_OCC_BINS);
			CHECK(bin == prev || bin == prev + 1);
			if (w == 1)
				CHECK_EQ(bin, occ);
			prev = bin;
		}
		CHECK_EQ(bp_occ_bin(cap, w) != bp_occ_bin(cap - 1, w), rings[r].full_alone);
	}
	/* The default ring uses every bin: full is the last one. */
	CHECK_EQ(bp_occ_bin(1024, bp_occ_bin_width(1024)), BP_OCC_BINS);
	CHECK_EQ(bp_occ_bin(4096, bp_occ_bin_width(4096)), BP_OCC_BINS);
	/* The largest --ring-size too. */
	CHECK_EQ(bp_occ_bin(1048576, bp_occ_bin_width(1048576)), BP_OCC_BINS);
}

static void
test_time_add(void)
{
	uint64_t total = 5, since = 100;

	bp_time_add(&total, &since, 130);	/* a stretch closed at 130 */
	CHECK_EQ(total, 35);
	CHECK_EQ(since, 130);
	bp_time_add(&total, &since, 130);	/* nothing more: no change */
	CHECK_EQ(total, 35);
	bp_time_add(&total, &since, 120);	/* an end before the start: ignored */
	CHECK_EQ(total, 35);
	CHECK_EQ(since, 130);
	/* Split at an interval's end, then closed: the parts add up. */
	bp_time_add(&total, &since, 150);
	bp_time_add(&total, &since, 170);
	CHECK_EQ(total, 75);
}

/* Whole nanoseconds round to the nearest, as the report's %.0f does. */
static void
test_cycles_ns_rounds(void)
{
	static const double ns_per_cycle[] = {0.4, 0.5, 1.0 / 2.6, 1.0 / 3.0, 1.5};

	CHECK_EQ(bp_cycles_ns(0, 0.4), 0);
	CHECK_EQ(bp_cycles_ns(3, 0.4), 1);	/* 1.2 */
	CHECK_EQ(bp_cycles_ns(4, 0.4), 2);	/* 1.6: truncation would say 1 */
	CHECK_EQ(bp_cycles_ns(2500000001, 0.4), 1000000000);	/* 1000000000.4 */
	CHECK_EQ(bp_cycles_ns(UINT64_C(1) << 52, 1.0), UINT64_C(1) << 52);
	/* Halves (a 2 GHz TSC): to the even neighbour, as %.0f prints them. */
	CHECK_EQ(bp_cycles_ns(5, 0.5), 2);	/* 2.5 */
	CHECK_EQ(bp_cycles_ns(7, 0.5), 4);	/* 3.5 */
	/* The very digits the text report prints, for every TSC rate here. */
	for (size_t i = 0; i < RTE_DIM(ns_per_cycle); i++)
		for (uint64_t c = 0; c < 100000; c++) {
			char printed[32];

			snprintf(printed, sizeof(printed), "%.0f", (double)c * ns_per_cycle[i]);
			if (strtoull(printed, NULL, 10) != bp_cycles_ns(c, ns_per_cycle[i])) {
				CHECK_EQ(bp_cycles_ns(c, ns_per_cycle[i]), strtoull(printed, NULL, 10));
				break;
			}
		}
}

/*
 * The sums behind the reported means grow as level x time: a ring of 2^20
 * slots held full passes 2^64 after 2^44 cycles (two hours at 2.5 GHz, and
 * --duration allows a year), and so does the time in ring of packets that
 * each waited a second in it after a few hours. The means stay right.
 */
static void
test_sums_do_not_wrap(void)
{
	struct bp_rx_stats *st = calloc(1, sizeof(*st));
	struct bp_hist *h = calloc(1, sizeof(*h));
	const uint32_t full = 1u << 20;

	/* 2^14 readings, each holding a full ring for 2^34 cycles. */
	for (unsigned int i = 0; i < 1u << 14; i++)
		bp_occ_hold(st, full, UINT64_C(1) << 34, full);
	CHECK_EQ(st->occ_time_cycles, UINT64_C(1) << 48);
	CHECK_EQ(st->above_90_cycles, UINT64_C(1) << 48);
	CHECK(bp_mean(st->occ_time_sum, st->occ_time_cycles) == (double)full);
	/* 2^44 samples of a full ring make 2^64 (a 64-bit sum would be 0
	 * again): a sum set there, then 2^10 more samples. */
	st->occ_samples = UINT64_C(1) << 44;
	st->occ_sum = (bp_sum_t)full << 44;
	for (unsigned int i = 0; i < 1u << 10; i++)
		bp_occ_sample(st, full, bp_occ_bin_width(full));
	CHECK(bp_mean(st->occ_sum, st->occ_samples) == (double)full);
	CHECK_EQ(st->high_water, full);
	CHECK_EQ(st->occ_hist[BP_OCC_BINS], 1u << 10);
	/* 2^12 packets of 2^56 cycles each in the ring. */
	for (unsigned int i = 0; i < 1u << 12; i++)
		bp_hist_add(h, UINT64_C(1) << 56);
	CHECK(bp_mean(h->sum, h->count) == (double)(UINT64_C(1) << 56));
	free(st);
	free(h);
}

/*
 * Burst episodes from a sequence of readings (time, occupancy), marks 8 and
 * 2: each length, the total, the longest, the deepest and the drops inside,
 * against sums written out by hand.
 */
static void
test_episodes(void)
{
	static const struct {
		uint64_t now, occ;
	} readings[] = {
		{10, 3}, {20, 7},		/* below the high mark: nothing opens */
		{30, 8}, {35, 12}, {40, 5},	/* opens at 30 (8), deepest 12 ... */
		{50, 3}, {60, 2},		/* ... closes at 60: 30 long */
		{70, 1}, {80, 9},		/* opens at 80 */
		{90, 10}, {100, 0},		/* closes at 100: 20 long, deepest 10 */
		{110, 16}, {120, 16},		/* opens at 110 and is still open */
	};
	struct bp_episodes ep = {0};

	for (size_t i = 0; i < RTE_DIM(readings); i++) {
		bp_episodes_reading(&ep, readings[i].now, readings[i].occ, 8, 2);
		/* Drops while open count inside, the others do not. */
		bp_episodes_drops(&ep, 1);
		if (readings[i].now == 35)
			CHECK(ep.open && ep.count == 0 && ep.total_cycles == 0);
	}
	CHECK_EQ(ep.count, 2);
	CHECK_EQ(ep.total_cycles, 30 + 20);
	CHECK_EQ(ep.longest_cycles, 30);
	CHECK_EQ(ep.deepest, 12);
	/* Open after the readings at 30, 35, 40, 50 (the close at 60 comes
	 * before its drop), 80, 90, 110, 120. */
	CHECK_EQ(ep.drops, 8);
	/* The episode in progress counts nowhere yet: its depth 16 and its
	 * length are not in the figures until a reading at or below 2. */
	CHECK(ep.open && ep.open_since == 110 && ep.open_depth == 16);
	bp_episodes_reading(&ep, 150, 2, 8, 2);
	CHECK(!ep.open);
	CHECK_EQ(ep.count, 3);
	CHECK_EQ(ep.total_cycles, 30 + 20 + 40);
	CHECK_EQ(ep.longest_cycles, 40);
	CHECK_EQ(ep.deepest, 16);
}

/*
 * The app's own conservation check (the one that fails a run): every packet
 * received is enqueued or dropped, every one enqueued is parsed, in each
 * pipeline and in the totals. Each way of breaking it is caught, including
 * two pipelines whose errors cancel out in the totals.
 */
static void
test_report_conserved(void)
{
	struct pipeline *pipes = aligned_alloc(RTE_CACHE_LINE_SIZE, 2 * sizeof(*pipes));
	struct run r = {.pipes = pipes, .n_pipes = 2, .capacity = 64, .ctl.tsc_hz = 1000000000};

	CHECK(pipes != NULL);
	if (pipes == NULL)
		return;
	memset(pipes, 0, 2 * sizeof(*pipes));
	for (unsigned int i = 0; i < 2; i++) {
		pipes[i].rx.packets = 100 + i;
		pipes[i].rx.enqueued = 90;
		pipes[i].rx.dropped = 10 + i;
		pipes[i].parser.decode.packets = 90;
	}
	CHECK(report_conserved(&r));

	pipes[1].rx.packets++;			/* received, then neither */
	CHECK(!report_conserved(&r));
	pipes[1].rx.packets--;

	pipes[0].rx.enqueued++;			/* enqueued but never parsed */
	pipes[0].rx.packets++;
	CHECK(!report_conserved(&r));
	pipes[0].rx.enqueued--;
	pipes[0].rx.packets--;

	pipes[0].parser.decode.packets++;	/* parsed one too many here, */
	pipes[1].parser.decode.packets--;	/* one too few there */
	CHECK(!report_conserved(&r));
	pipes[1].parser.decode.packets++;
	pipes[0].parser.decode.packets--;

	CHECK(report_conserved(&r));
	free(pipes);
}

static void
test_timeline_lane_slots(void)
{
	/* A short pass: the floor. */
	CHECK_EQ(timeline_lane_slots(0, 1), TIMELINE_LANE_MIN);
	CHECK_EQ(timeline_lane_slots(1e9, 1), TIMELINE_LANE_MIN);	/* 1000 rows */
	/* 200 ms in 10 us rows: 20000, a quarter more, then the power of two. */
	CHECK_EQ(timeline_lane_slots(200e6, 0.01), 32768u);
	CHECK_EQ(timeline_lane_slots(500e6, 0.01), 65536u);	/* 62500 with room */
	/* Every row fits, with room. */
	for (double ns = 1e6; ns < 1e10; ns *= 1.7) {
		unsigned int slots = timeline_lane_slots(ns, 0.01);
		double rows = ns / 1e4;

		CHECK(slots >= TIMELINE_LANE_MIN && slots <= TIMELINE_LANE_MAX);
		CHECK((slots & (slots - 1)) == 0);
		CHECK(slots == TIMELINE_LANE_MAX || (double)slots >= rows * 1.25);
	}
	/* The ceiling. */
	CHECK_EQ(timeline_lane_slots(1e12, 0.01), TIMELINE_LANE_MAX);
}

static void
test_timeline_due(void)
{
	struct timeline_lanes l;
	struct tl_rx_rec rx = {0};
	struct tl_parse_rec ps = {0};
	unsigned int slots = TIMELINE_LANE_MIN, i;

	CHECK_EQ(timeline_lanes_init(&l, slots), 0);
	CHECK_EQ(tl_rx_ring_capacity(l.rx), slots);
	/* Streaming drains always; holding only at the end while there is room. */
	CHECK(timeline_due(&l, false, false));
	CHECK(!timeline_due(&l, true, false));
	CHECK(timeline_due(&l, true, true));
	for (i = 0; i + 1 < slots * 3 / 4; i++)
		CHECK_EQ(tl_rx_ring_enqueue(l.rx, &rx), 0);
	CHECK(!timeline_due(&l, true, false));
	CHECK_EQ(tl_rx_ring_enqueue(l.rx, &rx), 0);
	CHECK(timeline_due(&l, true, false));	/* three quarters: drain early */
	/* Either lane filling up is enough. */
	while (tl_rx_ring_count(l.rx) > 0)
		CHECK_EQ(tl_rx_ring_dequeue(l.rx, &rx), 0);
	CHECK(!timeline_due(&l, true, false));
	for (i = 0; i < slots * 3 / 4; i++)
		CHECK_EQ(tl_parse_ring_enqueue(l.parse, &ps), 0);
	CHECK(timeline_due(&l, true, false));
	timeline_lanes_free(&l);
	CHECK(l.rx == NULL && l.parse == NULL);
}

/*
 * Drain l (rows of 10 us at 1 ns a cycle), first as mid-run, then as at the
 * end, and free it; return the rows' parser_busy_pct, rx_pps, time_ms and
 * occupancy_max, and the row count.
 */
static unsigned int
drain_lanes(struct timeline_lanes *l, double *busy_pct, double *rx_pps, double *time_ms,
	    unsigned int *occ_max)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	unsigned int rows = 0, written;

	CHECK(f != NULL);
	/* Mid-run, the first records wait for the other lane's... */
	written = timeline_drain(f, 0, l, 0.01, 1.0, 64, false);
	/* ...and the end writes whatever is left. */
	written += timeline_drain(f, 0, l, 0.01, 1.0, 64, true);
	fclose(f);
	for (line = strtok_r(buf, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		double t, busy_v, rx_v;
		unsigned int occ;

		CHECK_EQ(sscanf(line, "%lf,%*u,%u,%*f,%*u,%lf,%*f,%*u,%*u,%*f,%lf", &t, &occ,
				&rx_v, &busy_v), 4);
		time_ms[rows] = t;
		occ_max[rows] = occ;
		rx_pps[rows] = rx_v;
		busy_pct[rows++] = busy_v;
	}
	CHECK_EQ(written, rows);
	free(buf);
	timeline_lanes_free(l);
	return rows;
}

/*
 * Drain lanes holding RX records for intervals rx_from..n-1 (except those
 * with bit i set in rx_lost; interval i's highest occupancy is i + 1) and
 * parser records for ps_from..n-1 (except those in ps_lost; busy: the
 * parser's cumulative busy cycles at each interval's end), as drain_lanes().
 */
static unsigned int
drain_rows_lost(unsigned int rx_from, unsigned int ps_from, unsigned int n, uint32_t rx_lost,
		uint32_t ps_lost, const uint64_t *busy, const uint64_t *rx_packets,
		double *busy_pct, double *rx_pps, double *time_ms, unsigned int *occ_max)
{
	struct timeline_lanes l;

	CHECK_EQ(timeline_lanes_init(&l, TIMELINE_LANE_MIN), 0);
	for (unsigned int i = rx_from; i < n; i++) {
		struct tl_rx_rec r = {.idx = i, .packets = rx_packets[i], .enqueued = rx_packets[i],
				      .occ_max = i + 1};

		if (!(rx_lost >> i & 1))
			CHECK_EQ(tl_rx_ring_enqueue(l.rx, &r), 0);
	}
	for (unsigned int i = ps_from; i < n; i++) {
		struct tl_parse_rec r = {.idx = i, .busy_cycles = busy[i]};

		if (!(ps_lost >> i & 1))
			CHECK_EQ(tl_parse_ring_enqueue(l.parse, &r), 0);
	}
	return drain_lanes(&l, busy_pct, rx_pps, time_ms, occ_max);
}

static unsigned int
drain_rows(unsigned int rx_from, unsigned int ps_from, unsigned int n, const uint64_t *busy,
	   const uint64_t *rx_packets, double *busy_pct, double *rx_pps, double *time_ms)
{
	unsigned int occ_max[16];

	return drain_rows_lost(rx_from, ps_from, n, 0, 0, busy, rx_packets, busy_pct, rx_pps,
			       time_ms, occ_max);
}

/* One lane lost the records of intervals 3 and 4 (a full lane): the rows
 * skip them and the next, whose counts since row 2 span three intervals;
 * every row written is its own interval's. The same whichever lane lost
 * them. */
static void
test_timeline_join_gap(void)
{
	uint64_t busy[8], pk[8];
	double busy_pct[16], rx_pps[16], t[16];
	unsigned int occ[16];
	const double want_t[] = {0.01, 0.02, 0.03, 0.07, 0.08};
	const uint32_t lost = 1u << 3 | 1u << 4;
	unsigned int rows;

	for (unsigned int i = 0; i < 8; i++) {
		busy[i] = 5000 * (i + 1);	/* 50% busy */
		pk[i] = 100 * (i + 1);		/* 1e7 pps */
	}
	for (int rx_side = 1; rx_side >= 0; rx_side--) {
		rows = drain_rows_lost(0, 0, 8, rx_side ? lost : 0, rx_side ? 0 : lost, busy, pk,
				       busy_pct, rx_pps, t, occ);
		CHECK_EQ(rows, 5);
		for (unsigned int i = 0; i < rows && i < 5; i++) {
			CHECK(t[i] > want_t[i] - 1e-9 && t[i] < want_t[i] + 1e-9);
			CHECK(busy_pct[i] == 50);
			CHECK(rx_pps[i] == 1e7);
			CHECK_EQ(occ[i], (unsigned int)(want_t[i] * 100 + 0.5));
		}
	}
}

/* RX's records end before the parser's (it lost its last two, or stopped
 * first): the parser's last intervals are rows in which RX was idle, with
 * no occupancy of their own and no packets. */
static void
test_timeline_rx_ends_first(void)
{
	uint64_t busy[8], pk[8];
	double busy_pct[16], rx_pps[16], t[16];
	unsigned int occ[16];
	unsigned int rows;

	for (unsigned int i = 0; i < 8; i++) {
		busy[i] = 5000 * (i + 1);	/* 50% busy */
		pk[i] = 100 * (i + 1);		/* 1e7 pps */
	}
	rows = drain_rows_lost(0, 0, 8, 1u << 6 | 1u << 7, 0, busy, pk, busy_pct, rx_pps, t, occ);
	CHECK_EQ(rows, 8);
	for (unsigned int i = 0; i < rows && i < 8; i++) {
		CHECK(t[i] > 0.01 * (i + 1) - 1e-9 && t[i] < 0.01 * (i + 1) + 1e-9);
		CHECK(busy_pct[i] == 50);
		CHECK_EQ(occ[i], i < 6 ? i + 1 : 0);
		CHECK(rx_pps[i] == (i < 6 ? 1e7 : 0));
	}
}

/* The lcores start at different intervals: every interval either side has a
 * record for is a row of its own, so no row gathers the counts of others. */
static void
test_timeline_join_uneven_start(void)
{
	/* Parser busy 100%, 50%, 100% in intervals 2..4, 25% in 6. */
	const uint64_t busy[8] = {0, 0, 10000, 15000, 25000, 25000, 27500, 27500};
	const uint64_t pk[8] = {0, 0, 0, 0, 0, 100, 200, 300};
	double busy_pct[16], rx_pps[16], t[16];
	unsigned int rows;

	/* The parser from interval 0, RX from 5 (the host held its CPU). */
	rows = drain_rows(5, 0, 8, busy, pk, busy_pct, rx_pps, t);
	CHECK_EQ(rows, 8);
	for (unsigned int i = 0; i < rows; i++)
		CHECK(t[i] > 0.01 * (i + 1) - 1e-9 && t[i] < 0.01 * (i + 1) + 1e-9);
	CHECK(busy_pct[0] == 0 && busy_pct[1] == 0);
	CHECK(busy_pct[2] == 100 && busy_pct[3] == 50 && busy_pct[4] == 100);
	CHECK(busy_pct[5] == 0 && busy_pct[6] == 25 && busy_pct[7] == 0);
	/* RX did nothing before interval 5; then 100 packets each (1e7 pps). */
	CHECK(rx_pps[4] == 0 && rx_pps[5] == 1e7 && rx_pps[6] == 1e7 && rx_pps[7] == 1e7);

	/* The other way round: RX from 0, the parser from 3 (idle before). */
	const uint64_t late_busy[8] = {0, 0, 0, 0, 5000, 15000, 15000, 15000};
	const uint64_t early_pk[8] = {0, 100, 200, 300, 400, 500, 600, 700};

	rows = drain_rows(0, 3, 8, late_busy, early_pk, busy_pct, rx_pps, t);
	CHECK_EQ(rows, 8);
	CHECK(rx_pps[0] == 0 && rx_pps[1] == 1e7 && rx_pps[7] == 1e7);
	CHECK(busy_pct[3] == 0 && busy_pct[4] == 50 && busy_pct[5] == 100 && busy_pct[6] == 0);
	for (unsigned int i = 0; i < rows; i++)
		CHECK(busy_pct[i] <= 100 && rx_pps[i] <= 1e7);
}

/* One lane's records, n of them from interval 0, the last cut short after
 * last_cut cycles (0: whole); value[i]: RX's packets or the parser's busy
 * cycles at the end of record i. */
static void
push_records(struct timeline_lanes *l, bool rx, unsigned int n, uint64_t last_cut,
	     const uint64_t *value)
{
	for (unsigned int i = 0; i < n; i++) {
		uint64_t cut = i == n - 1 ? last_cut : 0;
		struct tl_rx_rec r = {.idx = i, .cut_cycles = cut, .packets = value[i],
				      .enqueued = value[i]};
		struct tl_parse_rec ps = {.idx = i, .cut_cycles = cut, .busy_cycles = value[i]};

		CHECK_EQ(rx ? tl_rx_ring_enqueue(l->rx, &r) : tl_parse_ring_enqueue(l->parse, &ps),
			 0);
	}
}

static bool
near(double got, double want)
{
	return got > want - 1e-9 && got < want + 1e-9;
}

/*
 * The lanes stop inside their last interval: its row ends where the later
 * of them stopped, and its rates and percentages are over the part of the
 * interval before that. Every earlier row stays whole, also one in which
 * only one side stopped (the other ran through it).
 */
static void
test_timeline_last_cut(void)
{
	/* Records from interval 0 (the last one of each lane cut after the
	 * cycles given) at 1 ns a cycle, and the three rows they make. */
	static const struct {
		unsigned int rx_n, ps_n;
		uint64_t rx_cut, ps_cut;
		uint64_t packets[3], busy[3];	/* at each record's end */
		double last_ms, rx_pps[3], busy_pct[3];
	} cases[] = {
		/* Both stop in interval 2, RX after 4 us, the parser after
		 * 5 us: a row of 5 us, with RX's last 50 packets and 2.5 us
		 * of work. */
		{3, 3, 4000, 5000, {100, 200, 250}, {5000, 10000, 12500},
		 0.025, {1e7, 1e7, 1e7}, {50, 50, 50}},
		/* RX stops 4 us into interval 1, the parser runs on 2 us into
		 * interval 2: row 1 is whole (40 packets in 10 us), row 2 the
		 * parser's 2 us alone (1 us busy). */
		{2, 3, 4000, 2000, {100, 140}, {5000, 10000, 11000},
		 0.022, {1e7, 4e6, 0}, {50, 50, 50}},
		/* The other way round: the parser stops 2 us into interval 1,
		 * RX 2 us into interval 2 (20 packets). */
		{3, 2, 2000, 2000, {100, 200, 220}, {5000, 6000},
		 0.022, {1e7, 1e7, 1e7}, {50, 10, 0}},
	};

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		double busy_pct[8], rx_pps[8], t[8];
		unsigned int occ[8], rows;
		struct timeline_lanes l;

		CHECK_EQ(timeline_lanes_init(&l, TIMELINE_LANE_MIN), 0);
		push_records(&l, true, cases[c].rx_n, cases[c].rx_cut, cases[c].packets);
		push_records(&l, false, cases[c].ps_n, cases[c].ps_cut, cases[c].busy);
		rows = drain_lanes(&l, busy_pct, rx_pps, t, occ);
		CHECK_EQ(rows, 3);
		for (unsigned int i = 0; i < rows && i < 3; i++) {
			CHECK(near(t[i], i < 2 ? 0.01 * (i + 1) : cases[c].last_ms));
			CHECK(rx_pps[i] == cases[c].rx_pps[i]);
			CHECK(busy_pct[i] == cases[c].busy_pct[i]);
		}
	}
}

/* One record of a hand-built pcap: its time (seconds and the fraction in
 * the file's unit) and its captured and wire lengths. */
struct pcap_rec {
	uint32_t sec, frac, caplen, wire;
};

/* Write a classic little-endian pcap of the records to a new temporary
 * file, cut to cut_to bytes if that is not 0; return its path (free it). */
static char *
write_pcap(bool nano, uint32_t link, const struct pcap_rec *recs, unsigned int n, long cut_to)
{
	const uint32_t hdr[6] = {nano ? 0xa1b23c4du : 0xa1b2c3d4u, 2 | 4u << 16, 0, 0, 65535, link};
	static const unsigned char frame[2048];
	char *path = strdup("/tmp/bp_capture_XXXXXX");
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "wb");

	CHECK(f != NULL);
	fwrite(hdr, sizeof(hdr), 1, f);
	for (unsigned int i = 0; i < n; i++) {
		fwrite(&recs[i], sizeof(recs[i]), 1, f);
		fwrite(frame, recs[i].caplen, 1, f);
	}
	fflush(f);
	if (cut_to != 0)
		CHECK_EQ(ftruncate(fd, cut_to), 0);
	fclose(f);
	return path;
}

/* What capture_inspect() learns from a file, against the records written. */
static void
test_capture_inspect(void)
{
	/* The first packet is not the earliest-numbered field anywhere: the
	 * second has the larger fraction, the third the larger second. */
	const struct pcap_rec recs[3] = {
		{100, 250, 60, 60}, {100, 999999, 1514, 1514}, {102, 1, 42, 1000},
	};
	struct capture_info info;
	char err[256] = "";
	char *path;

	path = write_pcap(false, 1, recs, 3, 0);
	CHECK_EQ(capture_inspect(path, true, &info, err, sizeof(err)), 0);
	CHECK_EQ(info.packets, 3);
	CHECK_EQ(info.bytes, 60 + 1514 + 42);	/* captured, not wire, lengths */
	CHECK_EQ(info.max_caplen, 1514);
	CHECK(!info.cut_short);
	/* Microseconds, kept in nanoseconds. */
	CHECK_EQ(info.first_ns, 100000250000ull);
	CHECK_EQ(info.last_ns, 102000001000ull);
	CHECK(info.ts_ns != NULL);
	if (info.ts_ns != NULL)
		CHECK(info.ts_ns[0] == 100000250000ull && info.ts_ns[1] == 100999999000ull &&
		      info.ts_ns[2] == 102000001000ull);
	capture_release(&info);
	CHECK(info.ts_ns == NULL);
	/* Counting alone keeps no timestamps. */
	CHECK_EQ(capture_inspect(path, false, &info, err, sizeof(err)), 0);
	CHECK_EQ(info.packets, 3);
	CHECK(info.ts_ns == NULL);
	unlink(path);
	free(path);

	/* Cut inside the third record: the two complete ones count. */
	path = write_pcap(false, 1, recs, 3, 24 + 16 + 60 + 16 + 1514 + 16 + 10);
	CHECK_EQ(capture_inspect(path, true, &info, err, sizeof(err)), 0);
	CHECK_EQ(info.packets, 2);
	CHECK(info.cut_short);
	CHECK_EQ(info.last_ns, 100999999000ull);
	CHECK_EQ(info.max_caplen, 1514);
	capture_release(&info);
	unlink(path);
	free(path);

	/* Nanosecond files keep their nanoseconds. */
	{
		const struct pcap_rec ns[2] = {{7, 123456789, 60, 60}, {7, 123456790, 64, 64}};

		path = write_pcap(true, 1, ns, 2, 0);
		CHECK_EQ(capture_inspect(path, true, &info, err, sizeof(err)), 0);
		CHECK_EQ(info.first_ns, 7123456789ull);
		CHECK_EQ(info.last_ns, 7123456790ull);
		CHECK_EQ(info.max_caplen, 64);
		capture_release(&info);
		unlink(path);
		free(path);
	}

	/* Linux cooked capture (113): refused, naming the file and the type. */
	path = write_pcap(false, 113, recs, 1, 0);
	CHECK_EQ(capture_inspect(path, true, &info, err, sizeof(err)), -1);
	CHECK(strstr(err, path) != NULL && strstr(err, "link type 113") != NULL &&
	      strstr(err, "not Ethernet") != NULL);
	unlink(path);
	CHECK_EQ(capture_inspect(path, true, &info, err, sizeof(err)), -1);
	CHECK(strstr(err, path) != NULL && strstr(err, "cannot read capture") != NULL);
	free(path);
}

/* What the JSON tests write into (through fmemopen). */
static char json_buf[256];

/* The JSON for in as a top-level string value: its length in json_buf. */
static size_t
json_write_string(FILE *f, const char *in)
{
	struct json j;

	rewind(f);
	json_init(&j, f);
	json_string(&j, NULL, in);
	fflush(f);
	return (size_t)ftell(f);
}

static void
print_hex(const char *what, const char *s, size_t n)
{
	fprintf(stderr, "%s", what);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, " %02x", (unsigned char)s[i]);
	fprintf(stderr, "\n");
}

/* Whether in is written as want, byte for byte, between quotes. */
static bool
json_writes(FILE *f, const char *in, const char *want)
{
	size_t n = json_write_string(f, in), wn = strlen(want);
	bool ok = n == wn + 2 && json_buf[0] == '"' && json_buf[n - 1] == '"' &&
		  memcmp(json_buf + 1, want, wn) == 0;

	if (!ok) {
		print_hex("json input:", in, strlen(in));
		print_hex("  written: ", json_buf, n);
		print_hex("  wanted:  ", want, wn);
	}
	return ok;
}

#define FFFD "\\ufffd"

/* Strings in the JSON are UTF-8 whatever the bytes given: each example
 * below is exact, and the hex escapes are cut ("\xc3" "a") where a hex
 * digit follows. */
static void
test_json_strings(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		/* Escapes as before; DEL goes through (see json.c). */
		{"a\"b\\c\n\x1f" "d\x7f", "a\\\"b\\\\c\\u000a\\u001fd\x7f"},
		/* Well-formed 2, 3 and 4-byte sequences, the ends of each range. */
		{"\xc2\x80 \xc3\xa9 \xdf\xbf", "\xc2\x80 \xc3\xa9 \xdf\xbf"},
		{"\xe0\xa0\x80 \xe2\x82\xac \xed\x9f\xbf \xee\x80\x80 \xef\xbf\xbd",
		 "\xe0\xa0\x80 \xe2\x82\xac \xed\x9f\xbf \xee\x80\x80 \xef\xbf\xbd"},
		{"\xf0\x90\x80\x80 \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf",
		 "\xf0\x90\x80\x80 \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf"},
		/* The defect: a file name with a byte that is not UTF-8. */
		{"cap\xff.pcap", "cap" FFFD ".pcap"},
		{"\xfe\xf5", FFFD FFFD},
		/* Overlong forms: a lead byte that cannot start one (C0, C1),
		 * or whose second byte is out of its range, is one U+FFFD, and
		 * so is each continuation byte after it. */
		{"\xc0\x80", FFFD FFFD},
		{"\xc1\xbf", FFFD FFFD},
		{"\xe0\x80\x80", FFFD FFFD FFFD},
		{"\xe0\x9f\xbf", FFFD FFFD FFFD},
		{"\xf0\x8f\xbf\xbf", FFFD FFFD FFFD FFFD},
		/* Surrogates. */
		{"\xed\xa0\x80", FFFD FFFD FFFD},
		{"\xed\xbf\xbf", FFFD FFFD FFFD},
		/* Above U+10FFFF. */
		{"\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD},
		{"\xf7\xbf\xbf\xbf", FFFD FFFD FFFD FFFD},
		/* Stray continuation bytes. */
		{"a\x80" "b", "a" FFFD "b"},
		{"\xbf\xbf", FFFD FFFD},
		{"\xc3\xa9\x80", "\xc3\xa9" FFFD},
		/* Cut off by the end of the string: one U+FFFD for what there is
		 * (the maximal subpart). */
		{"cap\xc3", "cap" FFFD},
		{"cap\xe2\x82", "cap" FFFD},
		{"cap\xf0\x9f\x98", "cap" FFFD},
		{"\xf4\x8f\xbf", FFFD},
		/* Cut off by a byte that cannot continue it: that byte is read
		 * afresh, as ASCII or as the start of the next sequence. */
		{"\xe2\x82" "a", FFFD "a"},
		{"\xe2\xe2\x82\xac", FFFD "\xe2\x82\xac"},
		{"\xf0\x9f\x22", FFFD "\\\""},
		{"\xf0\x9f\x98\xc3\xa9", FFFD "\xc3\xa9"},
		{"", ""},
	};
	FILE *f = fmemopen(json_buf, sizeof(json_buf), "w");
	struct json j;
	size_t n;

	CHECK(f != NULL);
	if (f == NULL)
		return;
	for (size_t i = 0; i < RTE_DIM(cases); i++)
		CHECK(json_writes(f, cases[i].in, cases[i].want));
	/* Keys go through the same writer. */
	rewind(f);
	json_init(&j, f);
	json_begin_object(&j, NULL);
	json_string(&j, "k\xff", "v");
	json_end_object(&j);
	fflush(f);
	n = (size_t)ftell(f);
	CHECK(n == strlen("{\n  \"k" FFFD "\": \"v\"\n}\n") &&
	      memcmp(json_buf, "{\n  \"k" FFFD "\": \"v\"\n}\n", n) == 0);
	fclose(f);
}

/* cp in exactly n bytes of UTF-8's bit layout, whether or not that is its
 * shortest form or cp a Unicode scalar value. */
static void
utf8_put(uint32_t cp, unsigned int n, char *out)
{
	static const unsigned char lead[5] = {0, 0, 0xc0, 0xe0, 0xf0};

	for (unsigned int i = n - 1; i > 0; i--) {
		out[i] = (char)(0x80 | (cp & 0x3f));
		cp >>= 6;
	}
	out[0] = (char)(lead[n] | cp);
	out[n] = '\0';
}

/*
 * Every scalar value U+0080..U+10FFFF, encoded here bit by bit, is written
 * as it is, and each of its proper prefixes at the end of a string is one
 * U+FFFD. Every surrogate, every overlong form and every value past U+10FFFF
 * (up to what 4 bytes hold) is one U+FFFD per byte.
 */
static void
test_json_utf8_exhaustive(void)
{
	static const char fffd4[] = FFFD FFFD FFFD FFFD;
	FILE *f = fmemopen(json_buf, sizeof(json_buf), "w");
	unsigned int passed = 0, refused = 0, cut = 0, bad = 0;
	char in[8];

	CHECK(f != NULL);
	if (f == NULL)
		return;
	for (uint32_t cp = 0x80; cp <= 0x1fffff; cp++) {
		unsigned int n = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		bool scalar = cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);

		utf8_put(cp, n, in);
		if (!json_writes(f, in, scalar ? in : fffd4 + (4 - n) * strlen(FFFD)))
			bad++;
		if (scalar)
			passed++;
		else
			refused++;
		/* Longest first: each cut shortens the string by one byte. */
		for (unsigned int k = n - 1; scalar && k > 0; k--) {
			in[k] = '\0';
			if (!json_writes(f, in, FFFD))
				bad++;
			cut++;
		}
		/* The same value in more bytes than it needs: overlong. */
		for (unsigned int m = n + 1; m <= 4; m++) {
			utf8_put(cp, m, in);
			if (!json_writes(f, in, fffd4 + (4 - m) * strlen(FFFD)))
				bad++;
			refused++;
		}
		if (bad > 10)
			break;	/* enough said */
	}
	for (uint32_t cp = 0; cp < 0x80; cp++) {
		for (unsigned int m = 2; m <= 4; m++) {
			utf8_put(cp, m, in);
			if (!json_writes(f, in, fffd4 + (4 - m) * strlen(FFFD)))
				bad++;
			refused++;
		}
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(passed, 0x10ffff + 1 - 0x80 - 0x800);
	/* Every proper prefix: 1 of each 2-byte value, 2 of each 3-byte one
	 * (but the surrogates), 3 of each 4-byte one. */
	CHECK_EQ(cut, 0x780 + (0xf800 - 0x800) * 2 + 0x100000 * 3);
	/* The overlong forms of 0..0x7f, 0x80..0x7ff and 0x800..0xffff, the
	 * surrogates and what lies past U+10FFFF. */
	CHECK_EQ(refused, 0x80 * 3 + 0x780 * 2 + 0xf800 + 0x800 + 0x1fffff - 0x10ffff);
	fclose(f);
}

/* What json_double wrote for v as a top-level value, as a string in json_buf. */
static const char *
json_write_double(FILE *f, double v)
{
	struct json j;
	long n;

	rewind(f);
	json_init(&j, f);
	json_double(&j, NULL, v);
	fflush(f);
	n = ftell(f);
	json_buf[n > 0 && n < (long)sizeof(json_buf) ? n : 0] = '\0';
	return json_buf;
}

/*
 * Every finite double reads back from the JSON as itself (the defect: %.6g
 * wrote 1998204123 ns as 1.9982e+09), in the fewest of 15, 16 or 17
 * digits: what a person typed, or a whole count of ns, stays as short as
 * it was. JSON has no NaN or infinity.
 */
static void
test_json_doubles(void)
{
	static const struct {
		double v;
		const char *want;
	} cases[] = {
		{0.1, "0.1"},
		{1998204123.0, "1998204123"},	/* ns held for pacing in a 2 s run */
		{1998204123.4, "1998204123.4"},
		{2.1e9, "2100000000"},		/* a TSC rate */
		{5375 * (1e9 / 2.1e9), "2559.523809523809"},	/* cycles in ns: 16 digits */
		{1.0 / 3, "0.3333333333333333"},
		{0.1 + 0.2, "0.30000000000000004"},	/* 17 digits */
		{1e21, "1e+21"},
		{9007199254740993.0, "9007199254740992"},	/* 2^53 + 1 is not a double */
		{DBL_MAX, "1.7976931348623157e+308"},
		{-0.0, "-0"},
		{0, "0"},
		{NAN, "null"},
		{INFINITY, "null"},
		{-INFINITY, "null"},
	};
	FILE *f = fmemopen(json_buf, sizeof(json_buf), "w");
	uint64_t x = 0x9e3779b97f4a7c15u;
	unsigned int bad = 0;

	CHECK(f != NULL);
	if (f == NULL)
		return;
	for (size_t i = 0; i < RTE_DIM(cases); i++) {
		const char *got = json_write_double(f, cases[i].v);

		if (strcmp(got, cases[i].want) != 0)
			fprintf(stderr, "json_double(%.17g): %s, want %s\n", cases[i].v, got,
				cases[i].want);
		CHECK(strcmp(got, cases[i].want) == 0);
	}
	/* Doubles of every exponent and sign, from their bits (xorshift64). */
	for (unsigned int i = 0; i < 200000 && bad < 10; i++) {
		double v, back;
		const char *got;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(&v, &x, sizeof(v));
		if (!isfinite(v))
			continue;
		got = json_write_double(f, v);
		back = strtod(got, NULL);
		if (memcmp(&back, &v, sizeof(v)) != 0 || strspn(got, "-0123456789.e+") != strlen(got)) {
			fprintf(stderr, "json_double(%a): %s reads back as %a\n", v, got, back);
			bad++;
		}
	}
	CHECK_EQ(bad, 0);
	fclose(f);
}

/*
 * The pool's size, term by term (README, "Mempool sizing"), and what a PMD
 * that raises the RX descriptor count costs: the raise, once per pipeline.
 */
static void
test_port_pool_size(void)
{
	/* 1 pipeline: 1024 descriptors + (1024 + 2 x 32) x 1 ring and bursts,
	 * + 2 lcores x 384 cached: the README's report (mix.pcap). */
	CHECK_EQ(port_pool_size(1, BP_RX_DESC, 1024, 32, 1, 2, 0), 2880);
	/* Segments multiply the ring and bursts, not the descriptors; preloaded
	 * packets add on top: 2 x (1024 + (64 + 16) x 5) + 3 x 384 + 700. */
	CHECK_EQ(port_pool_size(2, BP_RX_DESC, 64, 8, 5, 3, 700), 4700);
	/* A PMD whose nb_min is 2048: 2 x (2048 + 1088) + 768. */
	CHECK_EQ(port_pool_size(2, 2048, 1024, 32, 1, 2, 0), 7040);
	/* Any raise (an alignment of 1000 makes 1024 into 2000), any shape:
	 * the pool grows by (raised - 1024) per pipeline, nothing else. */
	for (unsigned int pipes = 1; pipes <= 4; pipes++) {
		static const unsigned int raised[] = {BP_RX_DESC + 1, 2000, 4096, UINT16_MAX};

		for (size_t i = 0; i < sizeof(raised) / sizeof(raised[0]); i++) {
			unsigned int base = port_pool_size(pipes, BP_RX_DESC, 256, 64, 2, 4, 100);
			unsigned int more = port_pool_size(pipes, raised[i], 256, 64, 2, 4, 100);

			CHECK_EQ(more - base, pipes * (raised[i] - BP_RX_DESC));
		}
	}
	/* Too many for a mempool's count: the most it can say, not a wrap. */
	CHECK_EQ(port_pool_size(1, BP_RX_DESC, 1024, 32, 1, 2, (uint64_t)UINT32_MAX), UINT32_MAX);
}

/* The files as this kernel (6.18) writes them, and what else may come. */
static void
test_cpuwait_parse(void)
{
	uint64_t v = 7;

	CHECK_EQ(cpuwait_parse_schedstat("3992659 1953013 2\n", &v), 0);
	CHECK_EQ(v, 1953013);	/* the second field: run delay, not time on CPU */
	CHECK_EQ(cpuwait_parse_schedstat("18446744073709551615 18446744073709551614 1", &v), 0);
	CHECK_EQ(v, UINT64_MAX - 1);
	v = 7;
	CHECK_EQ(cpuwait_parse_schedstat("", &v), -1);
	CHECK_EQ(cpuwait_parse_schedstat("3992659 1953013\n", &v), -1);	/* two fields */
	CHECK_EQ(cpuwait_parse_schedstat("3992659 -1953013 2\n", &v), -1);
	CHECK_EQ(cpuwait_parse_schedstat("3992659 1953013 2 9\n", &v), -1);	/* a format we do not know */
	CHECK_EQ(cpuwait_parse_schedstat("1 18446744073709551616 2\n", &v), -1);	/* 2^64 */
	CHECK_EQ(cpuwait_parse_schedstat("1 x 2\n", &v), -1);
	CHECK_EQ(v, 7);	/* untouched by a failure */

	CHECK_EQ(cpuwait_parse_status("Name:\tbp\nvoluntary_ctxt_switches:\t12\n"
				      "nonvoluntary_ctxt_switches:\t34\n", &v), 0);
	CHECK_EQ(v, 34);
	/* The voluntary line's tail must not be read as the nonvoluntary one. */
	v = 7;
	CHECK_EQ(cpuwait_parse_status("voluntary_ctxt_switches:\t12\n", &v), -1);
	CHECK_EQ(cpuwait_parse_status("Xnonvoluntary_ctxt_switches:\t5\n", &v), -1);
	CHECK_EQ(cpuwait_parse_status("nonvoluntary_ctxt_switches:\t\n", &v), -1);
	CHECK_EQ(cpuwait_parse_status("nonvoluntary_ctxt_switches:\t5x\n", &v), -1);
	CHECK_EQ(cpuwait_parse_status("", &v), -1);
	CHECK_EQ(v, 7);
	/* The last line without its newline (a short read) still counts. */
	CHECK_EQ(cpuwait_parse_status("a: 1\nnonvoluntary_ctxt_switches: 9", &v), 0);
	CHECK_EQ(v, 9);
}

/* The difference of two readings, and when it is unknown rather than 0. */
static void
test_cpuwait_since(void)
{
	struct cpuwait_sample a = {.run_delay_ns = 1000, .nonvoluntary = 3,
				   .has_run_delay = true, .has_nonvoluntary = true};
	struct cpuwait_sample b = a;
	struct bp_cpu_wait w, sum = {0};

	b.run_delay_ns = 2501000;
	b.nonvoluntary = 10;
	cpuwait_since(&a, &b, &w);
	CHECK(!w.wait_unknown && !w.preemptions_unknown);
	CHECK_EQ(w.wait_ns, 2500000);
	CHECK_EQ(w.preemptions, 7);
	bp_cpu_wait_add(&sum, &w);
	/* No schedstat at the end (or at all): the wait is unknown, not 0;
	 * the preemptions still known. */
	b.has_run_delay = false;
	cpuwait_since(&a, &b, &w);
	CHECK(w.wait_unknown && w.wait_ns == 0 && !w.preemptions_unknown);
	CHECK(!cpuwait_untrusted(&w));	/* said unknown, not warned about */
	/* A counter that went back is not the same thread's: unknown. */
	b = a;
	b.nonvoluntary = 2;
	cpuwait_since(&a, &b, &w);
	CHECK(!w.wait_unknown && w.preemptions_unknown && w.wait_ns == 0);
	/* A total is unknown if any part is. */
	bp_cpu_wait_add(&sum, &w);
	CHECK_EQ(sum.wait_ns, 2500000);
	CHECK(sum.preemptions_unknown && !sum.wait_unknown);
}

/* The warning's threshold: more than CPUWAIT_WARN_NS in total, in stalls
 * of CPUWAIT_WARN_NS on average. */
static void
test_cpuwait_untrusted(void)
{
	struct bp_cpu_wait w = {0};

	CHECK(!cpuwait_untrusted(&w));
	w.wait_ns = CPUWAIT_WARN_NS;
	CHECK(!cpuwait_untrusted(&w));
	w.wait_ns = CPUWAIT_WARN_NS + 1;	/* no preemption counted: one stall */
	CHECK(cpuwait_untrusted(&w));
	w.preemptions = 1;
	CHECK(cpuwait_untrusted(&w));
	w.preemptions = 2;			/* two stalls of 0.5 ms */
	CHECK(!cpuwait_untrusted(&w));
	w.preemptions_unknown = true;		/* the time alone decides */
	CHECK(cpuwait_untrusted(&w));
	w.wait_unknown = true;
	CHECK(!cpuwait_untrusted(&w));
	/* A quiet VM's kernel threads (measured): many short stalls. */
	w = (struct bp_cpu_wait){.wait_ns = 1875000, .preemptions = 2};
	CHECK(!cpuwait_untrusted(&w));
	w = (struct bp_cpu_wait){.wait_ns = 1200000, .preemptions = 4};
	CHECK(!cpuwait_untrusted(&w));
	/* Another busy thread, or the CPU held (measured): long stalls. */
	w = (struct bp_cpu_wait){.wait_ns = 239060000, .preemptions = 45};
	CHECK(cpuwait_untrusted(&w));
	w = (struct bp_cpu_wait){.wait_ns = 4702000, .preemptions = 76};
	CHECK(!cpuwait_untrusted(&w));	/* RX beside the control threads */
	/* Exactly 1 ms on average is enough; a nanosecond less is not. */
	w = (struct bp_cpu_wait){.wait_ns = 30000000, .preemptions = 30};
	CHECK(cpuwait_untrusted(&w));
	w = (struct bp_cpu_wait){.wait_ns = 29999999, .preemptions = 30};
	CHECK(!cpuwait_untrusted(&w));
}

/* This process's own thread: the kernel gives both figures here. */
static void
test_cpuwait_read_self(void)
{
	struct cpuwait_sample a, b;
	struct bp_cpu_wait w;

	cpuwait_read("/proc/thread-self", &a);
	cpuwait_read("/proc/thread-self", &b);
	CHECK(a.has_run_delay && a.has_nonvoluntary);
	cpuwait_since(&a, &b, &w);
	CHECK(!w.wait_unknown && !w.preemptions_unknown);
	cpuwait_read("/proc/no-such-dir", &a);
	CHECK(!a.has_run_delay && !a.has_nonvoluntary);
	cpuwait_since(&a, &b, &w);
	CHECK(w.wait_unknown && w.preemptions_unknown);
}

int
main(void)
{
	RUN(test_config_defaults_and_values);
	RUN(test_config_rejects);
	RUN(test_config_reject_messages);
	RUN(test_hist_buckets_and_quantiles);
	RUN(test_sizing_simulation);
	RUN(test_sizing_service_median);
	RUN(test_timeline_join_uneven_start);
	RUN(test_timeline_join_gap);
	RUN(test_timeline_rx_ends_first);
	RUN(test_timeline_last_cut);
	RUN(test_occupancy_bins);
	RUN(test_time_add);
	RUN(test_episodes);
	RUN(test_cycles_ns_rounds);
	RUN(test_sums_do_not_wrap);
	RUN(test_report_conserved);
	RUN(test_timeline_lane_slots);
	RUN(test_timeline_due);
	RUN(test_capture_inspect);
	RUN(test_json_strings);
	RUN(test_json_utf8_exhaustive);
	RUN(test_json_doubles);
	RUN(test_port_pool_size);
	RUN(test_cpuwait_parse);
	RUN(test_cpuwait_since);
	RUN(test_cpuwait_untrusted);
	RUN(test_cpuwait_read_self);
	return check_summary();
}
