/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One deliberate bug per sanitizer, built only in a sanitized build with the
 * same flags as burstpipe, so that hardening.py can prove that a report ends
 * the run with a non-zero status under the environment every test runs in.
 *
 *   sanitizer_canary none|heap-overflow|use-after-free|leak|signed-overflow
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Volatile, so that the optimiser keeps every bad access. */
static char *volatile sink;
static volatile int index_past = 8;
static volatile int big = INT_MAX;

/* Many blocks, each dropped at once: no stale copy of the pointer survives
 * on the stack to hide the leak from LeakSanitizer. */
static void __attribute__((noinline))
leak(void)
{
	for (int i = 0; i < 64; i++) {
		sink = malloc(64);
		sink[0] = 1;
	}
	sink = NULL;
}

int
main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "none") == 0)
		return 0;
	if (strcmp(mode, "heap-overflow") == 0) {
		sink = malloc(8);
		sink[index_past] = 1;
		free(sink);
		return 0;
	}
	if (strcmp(mode, "use-after-free") == 0) {
		sink = malloc(8);
		free(sink);
		return sink[0];
	}
	if (strcmp(mode, "leak") == 0) {
		leak();
		return 0;
	}
	if (strcmp(mode, "signed-overflow") == 0) {
		int v = big + 1;

		printf("%d\n", v);
		return 0;
	}
	fprintf(stderr, "usage: %s none|heap-overflow|use-after-free|leak|signed-overflow\n",
		argv[0]);
	return 2;
}
