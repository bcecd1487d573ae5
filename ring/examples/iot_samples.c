/* A sensor thread passes readings by value to a writer thread, in bursts.
 * Shutdown is in-band: a sample with the sentinel sensor id ends the stream,
 * so the writer knows it has everything without a separate flag. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include "spsc_ring.h"

#define SENTINEL UINT16_MAX
#define READINGS 100000

struct sample {
	uint64_t t_us;
	int32_t milli_celsius;
	uint16_t sensor;
	uint16_t flags;
};
SPSC_RING_DECLARE(sample_ring, struct sample)

static struct sample_ring *q;

static void *
sensors(void *arg)
{
	struct sample batch[16];
	unsigned int n = 0;

	(void)arg;
	for (uint32_t i = 0; i < READINGS; i++) {
		batch[n++] = (struct sample){.t_us = i * 10u, .sensor = (uint16_t)(i % 4),
					     .milli_celsius = 21000 + (int32_t)(i % 500)};
		if (n == 16 || i == READINGS - 1) {
			sample_ring_enqueue_wait(q, batch, n);	/* by value */
			n = 0;
		}
	}
	batch[0] = (struct sample){.sensor = SENTINEL};
	sample_ring_enqueue_wait(q, batch, 1);
	return NULL;
}

int
main(void)
{
	struct sample out[32];
	int64_t sum = 0;
	uint64_t count = 0;
	pthread_t t;

	q = sample_ring_create(256);
	pthread_create(&t, NULL, sensors, NULL);
	for (;;) {
		unsigned int n = sample_ring_dequeue_burst(q, out, 32, NULL);
		unsigned int i;

		for (i = 0; i < n && out[i].sensor != SENTINEL; i++, count++)
			sum += out[i].milli_celsius;
		if (i < n)
			break;		/* the sentinel: nothing follows it */
		if (n == 0)
			spsc_ring_pause();
	}
	pthread_join(t, NULL);
	printf("%llu readings, mean %.3f C\n", (unsigned long long)count,
	       (double)sum / (double)count / 1000.0);
	sample_ring_free(q);
	return count == READINGS ? 0 : 1;
}
