/* A capture thread hands video frames to an encoder thread. Frames travel as
 * small descriptors; the pixel buffers come from a fixed pool and go back
 * through a second ring, so nothing is allocated per frame. Shutdown: the
 * capture side closes the ring, the encoder drains it and stops. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "spsc_ring.h"

#define POOL 8
#define FRAMES 1000

struct frame_desc {
	uint32_t buf;		/* index into pool[] */
	uint32_t seq;
	uint64_t pts_ns;
};
SPSC_RING_DECLARE(frame_ring, struct frame_desc)
SPSC_RING_DECLARE(buf_ring, uint32_t)

static uint8_t pool[POOL][64 * 48];	/* tiny "frames" */
static struct frame_ring *frames;	/* capture -> encoder */
static struct buf_ring *free_bufs;	/* encoder -> capture */

static void *
capture(void *arg)
{
	(void)arg;
	for (uint32_t seq = 0; seq < FRAMES; seq++) {
		struct frame_desc d = {.seq = seq, .pts_ns = seq * 33366667ull};

		buf_ring_dequeue_wait(free_bufs, &d.buf, 1);	/* a free buffer */
		memset(pool[d.buf], (int)(seq & 0xff), sizeof(pool[0]));
		frame_ring_enqueue_wait(frames, &d, 1);
	}
	frame_ring_close(frames);	/* everything before this is delivered */
	return NULL;
}

int
main(void)
{
	struct frame_desc d;
	uint32_t next = 0, bad = 0;
	pthread_t t;

	frames = frame_ring_create(POOL);
	free_bufs = buf_ring_create(POOL);
	for (uint32_t b = 0; b < POOL; b++)
		buf_ring_enqueue(free_bufs, &b);
	pthread_create(&t, NULL, capture, NULL);

	while (frame_ring_dequeue_wait(frames, &d, 1) == 1) {	/* 0: closed, drained */
		if (d.seq != next++ || pool[d.buf][100] != (uint8_t)(d.seq & 0xff))
			bad++;
		buf_ring_enqueue(free_bufs, &d.buf);	/* "encoded": recycle */
	}
	pthread_join(t, NULL);
	printf("encoded %u frames, %u out of order or corrupt\n", next, bad);
	frame_ring_free(frames);
	buf_ring_free(free_bufs);
	return next == FRAMES && bad == 0 ? 0 : 1;
}
