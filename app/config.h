/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * burstpipe's own options (everything after `--`), parsed with getopt_long.
 * config_parse() needs no EAL, so the table-driven argument tests run it
 * directly as well as through the binary.
 */
#ifndef BURSTPIPE_CONFIG_H
#define BURSTPIPE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BP_PIPELINES_MAX 8
#define BP_PCAP_MAX BP_PIPELINES_MAX
#define BP_RING_SIZES_MAX 16
#define BP_RING_SIZE_MAX (1u << 20)

enum bp_policy {
	BP_POLICY_SPIN,		/* wait for room: lossless */
	BP_POLICY_DROP,		/* free what does not fit, count it */
};

enum bp_ring_kind {
	BP_RING_SPSC,		/* ring/spsc_ring.h */
	BP_RING_RTE,		/* DPDK's rte_ring, SP/SC, exact size */
};

struct bp_config {
	/* source */
	const char *pcap[BP_PCAP_MAX];	/* --pcap FILE, repeatable */
	unsigned int n_pcap;
	uint16_t port;			/* --port: first port to use */
	bool port_given;
	unsigned int pipelines;		/* --pipelines */

	/* the hand-off */
	unsigned int burst;		/* --burst */
	unsigned int ring_sizes[BP_RING_SIZES_MAX];	/* --ring-size / --ring-sizes */
	unsigned int n_ring_sizes;	/* > 1: a sizing sweep */
	bool ring_sizes_given;		/* they came from --ring-sizes */
	enum bp_policy policy;
	enum bp_ring_kind ring_kind;

	/* making bursts */
	double replay_speed;		/* 0: as fast as possible */
	uint64_t pps;			/* 0: off */
	uint64_t parse_cost_ns;
	bool verify_l4_checksums;	/* --verify-l4-checksums: decode_packet_verify_l4() */

	/* when to stop */
	double duration;		/* seconds; 0: until the end or a signal */

	/* what to report */
	double stats_period;		/* seconds; 0: no interval lines */
	const char *stats_json;
	const char *timeline;
	double timeline_interval_ms;
	unsigned int episode_high_pct;
	unsigned int episode_low_pct;
	uint64_t service_ns;		/* declared service time for the prediction; 0: measured */
	bool quiet;			/* no text report on stdout */
};

/* Fill *cfg with the defaults. */
void config_defaults(struct bp_config *cfg);

/*
 * Parse the application's arguments (argv[0] is the program name).
 * Returns 0, 1 when --help was given (usage already printed), or -1 with one
 * line in err naming the option, the value and the accepted range.
 */
int config_parse(int argc, char **argv, struct bp_config *cfg, char *err, size_t errlen);

/* Write one error line into err (for the *_parse and setup calls that
 * report a user's mistake); returns -1 so callers can `return bp_fail(...)`. */
int bp_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The first of burstpipe's own options given before "--" (where EAL's go,
 * and where EAL refuses it), or NULL. */
const char *config_misplaced_option(int argc, char *const argv[]);

/* The usage text. */
void config_usage(const char *prog);

const char *config_policy_name(enum bp_policy p);

/* The largest ring size of the run (--ring-size, or the largest of
 * --ring-sizes): what the pool and the timeline are sized for. */
unsigned int config_ring_size_max(const struct bp_config *cfg);
const char *config_ring_name(enum bp_ring_kind k);

#endif /* BURSTPIPE_CONFIG_H */
