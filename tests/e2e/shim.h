/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * For the stand-ins preloaded into burstpipe by the hardening tests
 * (withhold_mbufs.c, fail_launch.c, raise_rx_desc.c): the real DPDK
 * function each one wraps.
 */
#ifndef BURSTPIPE_TESTS_SHIM_H
#define BURSTPIPE_TESTS_SHIM_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

/* The next definition of name after the stand-in's own, or abort with a
 * line naming the stand-in: a test that cannot reach the real function
 * must not pass for one that did. */
static inline void *
shim_real(const char *shim, const char *name)
{
	void *fn = dlsym(RTLD_NEXT, name);

	if (fn == NULL) {
		fprintf(stderr, "%s: %s not found: %s\n", shim, name, dlerror());
		abort();
	}
	return fn;
}

#endif /* BURSTPIPE_TESTS_SHIM_H */
