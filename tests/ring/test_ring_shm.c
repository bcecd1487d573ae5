/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * spsc_ring across processes: the ring lives in a shared memory object that
 * the producer (a forked child) and the consumer (the parent) map at
 * DIFFERENT addresses. That works only because the ring holds no pointer to
 * itself and its atomics are lock-free and address-free.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spsc_ring.h"
#include "check.h"

#define ELEMS 2000000u

struct reading {
	uint64_t seq;
	uint64_t value;		/* derived from seq, so corruption shows */
};

SPSC_RING_DECLARE(reading_ring, struct reading)

static void *
map_shared(int fd, size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return p;
}

static int
produce(int fd, size_t bytes, void *parent_addr)
{
	/* A second mapping of the same object lands at another address. */
	struct reading_ring *q = map_shared(fd, bytes);
	struct reading batch[16];
	uint64_t seq = 0;

	if ((void *)q == parent_addr)
		return 3;
	while (seq < ELEMS) {
		unsigned int n = 1 + (unsigned int)(seq % 16), done;

		if (n > ELEMS - seq)
			n = (unsigned int)(ELEMS - seq);
		for (unsigned int i = 0; i < n; i++)
			batch[i] = (struct reading){seq + i, (seq + i) * 2654435761u};
		done = reading_ring_enqueue_wait(q, batch, n);
		if (done != n)
			return 4;	/* closed under us: the parent gave up */
		seq += n;
	}
	reading_ring_close(q);
	return 0;
}

int
main(void)
{
	size_t bytes = reading_ring_memsize(1000);
	int fd = memfd_create("spsc_ring_shm_test", 0);
	struct reading_ring *q;
	struct reading batch[32];
	uint64_t expect = 0, bad = 0;
	int status = 0;
	pid_t child;

	if (fd < 0 || ftruncate(fd, (off_t)bytes) != 0) {
		perror("memfd_create/ftruncate");
		return 2;
	}
	q = reading_ring_init(map_shared(fd, bytes), 1000);
	CHECK(q != NULL);

	child = fork();
	if (child == 0)
		_exit(produce(fd, bytes, q));

	for (;;) {
		unsigned int n = reading_ring_dequeue_burst(q, batch, 32, NULL);

		for (unsigned int i = 0; i < n; i++, expect++)
			if (batch[i].seq != expect || batch[i].value != expect * 2654435761u)
				bad++;
		if (n == 0) {
			if (reading_ring_is_drained(q))
				break;
			spsc_ring_pause();
		}
	}
	waitpid(child, &status, 0);
	CHECK(WIFEXITED(status));
	CHECK_EQ(WEXITSTATUS(status), 0);
	CHECK_EQ(expect, ELEMS);
	CHECK_EQ(bad, 0);
	printf("shared-memory ring: %" PRIu64 " elements across processes, %" PRIu64 " bad\n",
	       expect, bad);
	return check_summary();
}
