/* SPDX-License-Identifier: BSD-3-Clause */
/* burstpipe's own options: defaults, parsing, validation, usage. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "stats.h"

enum {
	OPT_PCAP = 256, OPT_PORT, OPT_PIPELINES, OPT_BURST, OPT_RING_SIZE, OPT_RING_SIZES,
	OPT_POLICY, OPT_RING, OPT_REPLAY_SPEED, OPT_PPS, OPT_PARSE_COST, OPT_DURATION,
	OPT_STATS_PERIOD, OPT_STATS_JSON, OPT_TIMELINE, OPT_TIMELINE_INTERVAL,
	OPT_EPISODE_HIGH, OPT_EPISODE_LOW, OPT_SERVICE_NS, OPT_QUIET, OPT_VERIFY_L4, OPT_HELP,
};

static const struct option longopts[] = {
	{"pcap", required_argument, NULL, OPT_PCAP},
	{"port", required_argument, NULL, OPT_PORT},
	{"pipelines", required_argument, NULL, OPT_PIPELINES},
	{"burst", required_argument, NULL, OPT_BURST},
	{"ring-size", required_argument, NULL, OPT_RING_SIZE},
	{"ring-sizes", required_argument, NULL, OPT_RING_SIZES},
	{"policy", required_argument, NULL, OPT_POLICY},
	{"ring", required_argument, NULL, OPT_RING},
	{"replay-speed", required_argument, NULL, OPT_REPLAY_SPEED},
	{"pps", required_argument, NULL, OPT_PPS},
	{"parse-cost-ns", required_argument, NULL, OPT_PARSE_COST},
	{"verify-l4-checksums", no_argument, NULL, OPT_VERIFY_L4},
	{"duration", required_argument, NULL, OPT_DURATION},
	{"stats-period", required_argument, NULL, OPT_STATS_PERIOD},
	{"stats-json", required_argument, NULL, OPT_STATS_JSON},
	{"timeline", required_argument, NULL, OPT_TIMELINE},
	{"timeline-interval", required_argument, NULL, OPT_TIMELINE_INTERVAL},
	{"episode-high", required_argument, NULL, OPT_EPISODE_HIGH},
	{"episode-low", required_argument, NULL, OPT_EPISODE_LOW},
	{"service-ns", required_argument, NULL, OPT_SERVICE_NS},
	{"quiet", no_argument, NULL, OPT_QUIET},
	{"help", no_argument, NULL, OPT_HELP},
	{NULL, 0, NULL, 0},
};

const char *
config_misplaced_option(int argc, char *const argv[])
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		size_t len;

		if (strncmp(argv[i], "--", 2) != 0)
			continue;
		len = strcspn(argv[i] + 2, "=");
		for (const struct option *o = longopts; o->name != NULL; o++)
			if (o->val != OPT_HELP && strlen(o->name) == len &&
			    strncmp(argv[i] + 2, o->name, len) == 0)
				return argv[i];
	}
	return NULL;
}

void
config_defaults(struct bp_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->pipelines = 1;
	cfg->burst = 32;
	cfg->ring_sizes[0] = 1024;
	cfg->n_ring_sizes = 1;
	cfg->policy = BP_POLICY_SPIN;
	cfg->ring_kind = BP_RING_SPSC;
	cfg->timeline_interval_ms = 1.0;
	cfg->episode_high_pct = 50;
	cfg->episode_low_pct = 10;
}

void
config_usage(const char *prog)
{
	printf("usage: %s [EAL options] -- [options]\n"
	       "\n"
	       "Source (a pcap replay ends by itself; a live port runs until SIGINT/SIGTERM or --duration)\n"
	       "  --pcap FILE            replay FILE through a pcap vdev (repeat: one queue per file)\n"
	       "                         (or any port: --vdev net_pcap0,rx_pcap=FILE, a NIC, net_null...)\n"
	       "  --port N               the port to read, 0..%d (default: the first available)\n"
	       "  --pipelines N          RX queue -> ring -> parser pipelines, 1..%d (default 1)\n"
	       "Hand-off\n"
	       "  --burst N              RX and parser burst size, 1..%d (default 32)\n"
	       "  --ring-size N          ring capacity, exact, 1..%u (default 1024)\n"
	       "  --ring-sizes A,B,...   replay once per size, smallest first, and print a sizing\n"
	       "                         table (up to %d sizes)\n"
	       "  --policy spin|drop     ring full: wait for room (default) or drop and count\n"
	       "  --ring spsc|rte_ring   hand-off ring: spsc_ring (default) or DPDK's rte_ring SP/SC\n"
	       "Bursts on purpose\n"
	       "  --replay-speed X       release packets at capture timing times X, 0.001..1000;\n"
	       "                         0 = as fast as possible (default)\n"
	       "  --pps N                release packets at a uniform N per second per pipeline\n"
	       "                         (each RX lcore paces its own queue), 1..1000000000\n"
	       "  --parse-cost-ns N      extra busy work per packet in the parser, 0..10000000 ns\n"
	       "Decoding\n"
	       "  --verify-l4-checksums  also verify TCP, UDP, ICMP and ICMPv6 checksums (off by\n"
	       "                         default: the sum reads every payload byte); asks the port\n"
	       "                         for TCP/UDP checksum offload where it has it\n"
	       "Stopping\n"
	       "  --duration S           stop after S seconds, 0.001..31536000\n"
	       "Reporting\n"
	       "  --stats-period S       print one line every S seconds, 0.01..3600\n"
	       "  --stats-json FILE      write every counter as one JSON object at exit\n"
	       "  --timeline FILE.csv    one row per interval: occupancy, rates, drops, p99 time in ring\n"
	       "  --timeline-interval MS timeline interval, 0.01..10000 ms (default 1)\n"
	       "  --episode-high PCT     a burst episode starts when the ring reaches PCT%% of capacity,\n"
	       "                         1..100 (default 50)\n"
	       "  --episode-low PCT      and ends at or below PCT%%, 0..99, below the high mark (default 10)\n"
	       "  --service-ns N         per-packet service time for the ring-size prediction,\n"
	       "                         1..1000000000 ns (default: measured in the run)\n"
	       "  --quiet                no text report (JSON, timeline, errors and warnings still written)\n"
	       "  --help                 this text\n",
	       prog, UINT16_MAX - 1, BP_PIPELINES_MAX, BP_BURST_MAX, BP_RING_SIZE_MAX,
	       BP_RING_SIZES_MAX);
}

int
bp_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Why parse_u64/parse_double refused a value, for the message. */
#define NOT_WHOLE "is not a whole number"
#define NOT_NUMBER "is not a number"
#define OUT_OF_RANGE "is out of range"

/* A whole unsigned decimal in [lo, hi]: NULL, or why not. */
static const char *
parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (s == NULL || *s == '\0' || *s == '-' || *s == '+' || isspace((unsigned char)*s))
		return NOT_WHOLE;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end != '\0')
		return NOT_WHOLE;
	if (errno != 0 || v < lo || v > hi)
		return OUT_OF_RANGE;
	*out = v;
	return NULL;
}

/* A finite decimal number in [lo, hi]: NULL, or why not. */
static const char *
parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		return NOT_NUMBER;
	errno = 0;
	v = strtod(s, &end);
	if (*end != '\0')
		return NOT_NUMBER;
	if (errno != 0)		/* ERANGE: too large or too small for a double */
		return OUT_OF_RANGE;
	if (!isfinite(v))	/* "inf", "nan" */
		return NOT_NUMBER;
	if (v < lo || v > hi)
		return OUT_OF_RANGE;
	*out = v;
	return NULL;
}

static int
parse_ring_sizes(const char *arg, struct bp_config *cfg, char *err, size_t errlen)
{
	char buf[256], *save = NULL, *tok;
	size_t len = strlen(arg);
	unsigned int n = 0;

	if (len >= sizeof(buf))
		return bp_fail(err, errlen, "--ring-sizes: list too long");
	/* strtok_r would skip an empty item: "64,,256" is a typo, not two sizes. */
	if (len > 0 && (arg[0] == ',' || arg[len - 1] == ',' || strstr(arg, ",,") != NULL))
		return bp_fail(err, errlen, "--ring-sizes: '%s' has an empty item: accepted a "
			    "comma-separated list of sizes 1..%u", arg, BP_RING_SIZE_MAX);
	strcpy(buf, arg);
	for (tok = strtok_r(buf, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		uint64_t v;

		if (n == BP_RING_SIZES_MAX)
			return bp_fail(err, errlen, "--ring-sizes: at most %d sizes", BP_RING_SIZES_MAX);
		unsigned int j;

		if (parse_u64(tok, 1, BP_RING_SIZE_MAX, &v) != NULL)
			return bp_fail(err, errlen, "--ring-sizes: '%s' is not a ring size: "
				    "accepted 1..%u", tok, BP_RING_SIZE_MAX);
		/* Smallest first, as the sizing table reads; each size once. */
		for (j = n; j > 0 && cfg->ring_sizes[j - 1] > v; j--)
			cfg->ring_sizes[j] = cfg->ring_sizes[j - 1];
		if (j > 0 && cfg->ring_sizes[j - 1] == v)
			return bp_fail(err, errlen, "--ring-sizes: %" PRIu64 " is given twice", v);
		cfg->ring_sizes[j] = (unsigned int)v;
		n++;
	}
	if (n == 0)
		return bp_fail(err, errlen, "--ring-sizes: give a comma-separated list, e.g. 64,256,1024");
	cfg->n_ring_sizes = n;
	return 0;
}

int
config_parse(int argc, char **argv, struct bp_config *cfg, char *err, size_t errlen)
{
	bool ring_size_given = false, speed_given = false;
	bool low_given = false;
	int opt;

	config_defaults(cfg);
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		const char *why;
		uint64_t u;
		double d;

		switch (opt) {
		case OPT_PCAP:
			if (cfg->n_pcap == BP_PCAP_MAX)
				return bp_fail(err, errlen, "--pcap: at most %d files", BP_PCAP_MAX);
			if (*optarg == '\0')
				return bp_fail(err, errlen, "--pcap: empty file name");
			cfg->pcap[cfg->n_pcap++] = optarg;
			break;
		case OPT_PORT:
			if (parse_u64(optarg, 0, UINT16_MAX - 1, &u) != NULL)
				return bp_fail(err, errlen, "--port: '%s' is not a port id: accepted 0..%d",
					    optarg, UINT16_MAX - 1);
			cfg->port = (uint16_t)u;
			cfg->port_given = true;
			break;
		case OPT_PIPELINES:
			if ((why = parse_u64(optarg, 1, BP_PIPELINES_MAX, &u)) != NULL)
				return bp_fail(err, errlen, "--pipelines: '%s' %s: accepted 1..%d",
					    optarg, why, BP_PIPELINES_MAX);
			cfg->pipelines = (unsigned int)u;
			break;
		case OPT_BURST:
			if ((why = parse_u64(optarg, 1, BP_BURST_MAX, &u)) != NULL)
				return bp_fail(err, errlen, "--burst: '%s' %s: accepted 1..%d",
					    optarg, why, BP_BURST_MAX);
			cfg->burst = (unsigned int)u;
			break;
		case OPT_RING_SIZE:
			if ((why = parse_u64(optarg, 1, BP_RING_SIZE_MAX, &u)) != NULL)
				return bp_fail(err, errlen, "--ring-size: '%s' %s: accepted "
					    "1..%u (exact capacity)", optarg, why, BP_RING_SIZE_MAX);
			cfg->ring_sizes[0] = (unsigned int)u;
			cfg->n_ring_sizes = 1;
			ring_size_given = true;
			break;
		case OPT_RING_SIZES:
			if (parse_ring_sizes(optarg, cfg, err, errlen) != 0)
				return -1;
			cfg->ring_sizes_given = true;
			break;
		case OPT_POLICY:
			if (strcmp(optarg, "spin") == 0)
				cfg->policy = BP_POLICY_SPIN;
			else if (strcmp(optarg, "drop") == 0)
				cfg->policy = BP_POLICY_DROP;
			else
				return bp_fail(err, errlen, "--policy: '%s' is not a policy: accepted spin, drop",
					    optarg);
			break;
		case OPT_RING:
			if (strcmp(optarg, "spsc") == 0)
				cfg->ring_kind = BP_RING_SPSC;
			else if (strcmp(optarg, "rte_ring") == 0)
				cfg->ring_kind = BP_RING_RTE;
			else
				return bp_fail(err, errlen, "--ring: '%s' is not a ring: accepted spsc, rte_ring",
					    optarg);
			break;
		case OPT_REPLAY_SPEED:
			why = parse_double(optarg, 0, 1000, &d);
			if (why == NULL && d != 0 && d < 0.001)
				why = OUT_OF_RANGE;
			if (why != NULL)
				return bp_fail(err, errlen, "--replay-speed: '%s' %s: accepted 0 "
					    "(as fast as possible) or 0.001..1000", optarg, why);
			cfg->replay_speed = d;
			speed_given = true;
			break;
		case OPT_PPS:
			if ((why = parse_u64(optarg, 1, 1000000000, &u)) != NULL)
				return bp_fail(err, errlen, "--pps: '%s' %s: accepted 1..1000000000",
					    optarg, why);
			cfg->pps = u;
			break;
		case OPT_PARSE_COST:
			if ((why = parse_u64(optarg, 0, 10000000, &u)) != NULL)
				return bp_fail(err, errlen, "--parse-cost-ns: '%s' %s: accepted "
					    "0..10000000", optarg, why);
			cfg->parse_cost_ns = u;
			break;
		case OPT_VERIFY_L4:
			cfg->verify_l4_checksums = true;
			break;
		case OPT_DURATION:
			if ((why = parse_double(optarg, 0.001, 31536000, &d)) != NULL)
				return bp_fail(err, errlen, "--duration: '%s' %s: accepted "
					    "0.001..31536000 seconds", optarg, why);
			cfg->duration = d;
			break;
		case OPT_STATS_PERIOD:
			if ((why = parse_double(optarg, 0.01, 3600, &d)) != NULL)
				return bp_fail(err, errlen, "--stats-period: '%s' %s: accepted "
					    "0.01..3600 seconds", optarg, why);
			cfg->stats_period = d;
			break;
		case OPT_STATS_JSON:
			if (*optarg == '\0')
				return bp_fail(err, errlen, "--stats-json: empty file name");
			cfg->stats_json = optarg;
			break;
		case OPT_TIMELINE:
			if (*optarg == '\0')
				return bp_fail(err, errlen, "--timeline: empty file name");
			cfg->timeline = optarg;
			break;
		case OPT_TIMELINE_INTERVAL:
			if ((why = parse_double(optarg, 0.01, 10000, &d)) != NULL)
				return bp_fail(err, errlen, "--timeline-interval: '%s' %s: "
					    "accepted 0.01..10000 ms", optarg, why);
			cfg->timeline_interval_ms = d;
			break;
		case OPT_EPISODE_HIGH:
			if ((why = parse_u64(optarg, 1, 100, &u)) != NULL)
				return bp_fail(err, errlen, "--episode-high: '%s' %s: accepted "
					    "1..100 (percent of capacity)", optarg, why);
			cfg->episode_high_pct = (unsigned int)u;
			break;
		case OPT_EPISODE_LOW:
			if ((why = parse_u64(optarg, 0, 99, &u)) != NULL)
				return bp_fail(err, errlen, "--episode-low: '%s' %s: accepted "
					    "0..99 (percent of capacity)", optarg, why);
			cfg->episode_low_pct = (unsigned int)u;
			low_given = true;
			break;
		case OPT_SERVICE_NS:
			if ((why = parse_u64(optarg, 1, 1000000000, &u)) != NULL)
				return bp_fail(err, errlen, "--service-ns: '%s' %s: accepted "
					    "1..1000000000", optarg, why);
			cfg->service_ns = u;
			break;
		case OPT_QUIET:
			cfg->quiet = true;
			break;
		case OPT_HELP:
			config_usage(argv[0]);
			return 1;
		case ':':
			return bp_fail(err, errlen, "%s: needs a value (see --help)", argv[optind - 1]);
		default:
			/* getopt_long sets optopt to a known option given a value it does not take. */
			if (optopt >= OPT_PCAP)
				return bp_fail(err, errlen, "%s: takes no value (see --help)",
					    argv[optind - 1]);
			return bp_fail(err, errlen, "unknown option '%s' (see --help)", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return bp_fail(err, errlen, "unexpected argument '%s' (see --help)", argv[optind]);

	/* Conflicts between options. */
	if (ring_size_given && cfg->ring_sizes_given)
		return bp_fail(err, errlen, "--ring-size and --ring-sizes: give one or the other");
	if (speed_given && cfg->pps != 0)
		return bp_fail(err, errlen, "--replay-speed and --pps: give one or the other");
	if (cfg->episode_low_pct >= cfg->episode_high_pct)
		return bp_fail(err, errlen, "--episode-low %u must be below --episode-high %u%s",
			    cfg->episode_low_pct, cfg->episode_high_pct,
			    low_given ? "" : " (default low 10)");
	if (cfg->n_pcap > 1 && cfg->pipelines != 1 && cfg->pipelines != cfg->n_pcap)
		return bp_fail(err, errlen, "--pipelines %u with %u --pcap files: each file is one "
			    "pipeline, give --pipelines %u or leave it out", cfg->pipelines,
			    cfg->n_pcap, cfg->n_pcap);
	if (cfg->n_pcap > 1)
		cfg->pipelines = cfg->n_pcap;
	/* (--ring-sizes without a capture: setup_run refuses it once it knows
	 * whether a --vdev is a pcap replay.) */
	if (cfg->n_ring_sizes > 1 && cfg->duration != 0)
		return bp_fail(err, errlen, "--ring-sizes and --duration: a sizing sweep replays whole "
			    "captures, give one or the other");
	if (cfg->n_pcap > 0 && cfg->port_given)
		return bp_fail(err, errlen, "--pcap and --port: --pcap creates its own port, give one "
			    "or the other");
	return 0;
}

unsigned int
config_ring_size_max(const struct bp_config *cfg)
{
	unsigned int max = 0;

	for (unsigned int i = 0; i < cfg->n_ring_sizes; i++)
		if (cfg->ring_sizes[i] > max)
			max = cfg->ring_sizes[i];
	return max;
}

const char *
config_policy_name(enum bp_policy p)
{
	return p == BP_POLICY_DROP ? "drop" : "spin";
}

const char *
config_ring_name(enum bp_ring_kind k)
{
	return k == BP_RING_RTE ? "rte_ring" : "spsc";
}
