/* SPDX-License-Identifier: BSD-3-Clause */
/* A minimal check harness: a failed CHECK prints where and why and is counted. */
#ifndef BURSTPIPE_TEST_CHECK_H
#define BURSTPIPE_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static unsigned int check_failures;
static unsigned int check_count;

#define CHECK(cond) do {							\
	check_count++;								\
	if (!(cond)) {								\
		check_failures++;						\
		fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); \
	}									\
} while (0)

/* Compare two integers (as long long) and show both values on failure. */
#define CHECK_EQ(a, b) do {							\
	long long check_a_ = (long long)(a);			\
	long long check_b_ = (long long)(b);			\
	check_count++;								\
	if (check_a_ != check_b_) {						\
		check_failures++;						\
		fprintf(stderr, "%s:%d: FAILED: %s == %s (%lld != %lld)\n",	\
			__FILE__, __LINE__, #a, #b, check_a_, check_b_);	\
	}									\
} while (0)

#define RUN(test) do {								\
	unsigned int before_ = check_failures;					\
	test();									\
	printf("%-40s %s\n", #test, check_failures == before_ ? "ok" : "FAILED"); \
} while (0)

static inline int
check_summary(void)
{
	printf("%u checks, %u failed\n", check_count, check_failures);
	return check_failures == 0 && check_count > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif /* BURSTPIPE_TEST_CHECK_H */
