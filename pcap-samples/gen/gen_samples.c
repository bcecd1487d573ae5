/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * gen_samples OUTDIR: write every sample capture and its expected counts.
 *
 * The output is byte-identical on every run: the committed pcap-samples/
 * are this program's output, and the samples_deterministic test checks it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen.h"

static const struct {
	const char *name;
	int (*gen)(const char *dir);
} SAMPLES[] = {
	{ "basic", gen_basic },
	{ "vlan", gen_vlan },
	{ "ipv4-options-frags", gen_ipv4_options_frags },
	{ "ipv6-ext", gen_ipv6_ext },
	{ "malformed", gen_malformed },
	{ "min-padded", gen_min_padded },
	{ "jumbo", gen_jumbo },
	{ "l4-checksums", gen_l4_checksums },
	{ "mix", gen_mix },
	{ "burst", gen_burst },
	{ "steady", gen_steady },
	{ "cooked", gen_cooked },
	{ "empty", gen_empty },
};

int
main(int argc, char **argv)
{
	struct stat st;
	size_t i;

	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: %s OUTDIR\n"
			"Writes the sample captures NAME.pcap and NAME.expected.json into OUTDIR.\n",
			argv[0]);
		return EXIT_FAILURE;
	}
	if (stat(argv[1], &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "gen_samples: OUTDIR %s: %s\n", argv[1],
			errno != 0 ? strerror(errno) : "not a directory");
		return EXIT_FAILURE;
	}
	for (i = 0; i < sizeof(SAMPLES) / sizeof(SAMPLES[0]); i++) {
		if (SAMPLES[i].gen(argv[1]) != 0) {
			fprintf(stderr, "gen_samples: %s failed\n", SAMPLES[i].name);
			return EXIT_FAILURE;
		}
	}
	return EXIT_SUCCESS;
}
