/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spsc_ring_memsize() is 0 or enough bytes, whatever the width of size_t:
 * the largest rings (2^30 slots of 65536 bytes, 2^46 bytes) do not fit in a
 * 32-bit size_t, and a size that wrapped would let create and init make a
 * ring in a few bytes. Built natively and, where the compiler can, with
 * -m32 (tests/ring/meson.build), where the wrap would show.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "spsc_ring.h"
#include "check.h"

/* Exact bytes of the ring, in 64 bits: header plus a power of two of slots. */
static uint64_t
bytes_needed(unsigned int capacity, unsigned int esize)
{
	uint64_t slots = 1;

	while (slots < capacity)
		slots <<= 1;
	return (uint64_t)sizeof(struct spsc_ring) + slots * esize;
}

static void
test_memsize_zero_or_enough(void)
{
	static const unsigned int caps[] = {1, 3, 1000, 1u << 16, (1u << 16) + 1, 1u << 20,
					    (1u << 26) + 1, SPSC_RING_CAPACITY_MAX};
	static const unsigned int sizes[] = {1, 8, 40, 4096, 65535, SPSC_RING_ESIZE_MAX};

	for (size_t c = 0; c < sizeof(caps) / sizeof(caps[0]); c++) {
		for (size_t z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
			size_t got = spsc_ring_memsize(caps[c], sizes[z]);
			uint64_t need = bytes_needed(caps[c], sizes[z]);

			if (need <= SIZE_MAX - SPSC_RING_ALIGN)
				CHECK(got >= need && got % SPSC_RING_ALIGN == 0);
			else
				CHECK_EQ(got, 0);
		}
	}
	/* Small rings are never refused. */
	CHECK(spsc_ring_memsize(1024, 64) != 0);
}

/* A geometry memsize refuses is refused by init and create too. */
static void
test_too_large_refused(void)
{
	void *mem = aligned_alloc(SPSC_RING_ALIGN, spsc_ring_memsize(1, 8));
	struct spsc_ring *r;

	if (spsc_ring_memsize(SPSC_RING_CAPACITY_MAX, SPSC_RING_ESIZE_MAX) == 0) {
		CHECK_EQ(spsc_ring_init(mem, SPSC_RING_CAPACITY_MAX, SPSC_RING_ESIZE_MAX),
			 -EINVAL);
		errno = 0;
		r = spsc_ring_create(SPSC_RING_CAPACITY_MAX, SPSC_RING_ESIZE_MAX);
		CHECK(r == NULL && errno == EINVAL);
		spsc_ring_free(r);
	}
	CHECK_EQ(spsc_ring_init(mem, 1, 8), 0);
	free(mem);
}

int
main(void)
{
	printf("size_t is %u bits\n", (unsigned int)(sizeof(size_t) * 8));
	RUN(test_memsize_zero_or_enough);
	RUN(test_too_large_refused);
	return check_summary();
}
