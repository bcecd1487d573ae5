/* SPDX-License-Identifier: BSD-3-Clause */
/* The C half of test_ring_cxx: the same header compiled as C11, on the
 * other end of rings the C++ half uses. */
#include "test_ring_cxx.h"

static const struct layout_entry c_layout[] = {
	TEST_RING_CXX_LAYOUT(TEST_RING_CXX_ENTRY)
};

const struct layout_entry *
test_ring_cxx_c_layout(size_t *n)
{
	*n = sizeof(c_layout) / sizeof(c_layout[0]);
	return c_layout;
}

struct frame_ring *
test_ring_cxx_c_place(void *mem, unsigned int capacity)
{
	return frame_ring_init(mem, capacity);
}

void
test_ring_cxx_c_produce(struct frame_ring *q, uint64_t n)
{
	struct frame_desc burst[32];
	uint32_t state = 0x2545f491;
	uint64_t seq = 0;

	while (seq < n) {
		unsigned int k = test_burst(&state, n - seq), done;

		for (unsigned int i = 0; i < k; i++)
			burst[i] = frame_make(seq + i);
		/* Single calls as often as bursts: they post in the mailbox. */
		if (k % 2 == 0)
			done = frame_ring_enqueue(q, &burst[0]) == 0;
		else
			done = frame_ring_enqueue_burst(q, burst, k, NULL);
		seq += done;
		if (done == 0)
			spsc_ring_pause();
	}
	frame_ring_close(q);
}

uint64_t
test_ring_cxx_c_consume(struct frame_ring *q, uint64_t *bad)
{
	struct frame_desc out[32];
	uint32_t state = 0x1b873593;
	uint64_t seq = 0;

	*bad = 0;
	for (;;) {
		unsigned int want = 1 + test_rand(&state) % 32;
		/* Fewer than asked only once the ring is closed and drained. */
		unsigned int got = frame_ring_dequeue_wait(q, out, want);

		for (unsigned int i = 0; i < got; i++, seq++)
			if (!frame_is(&out[i], seq))
				(*bad)++;
		if (got < want)
			return seq - *bad;
	}
}
