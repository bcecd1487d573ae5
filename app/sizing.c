/* SPDX-License-Identifier: BSD-3-Clause */
/* The ring-size prediction: a discrete-event simulation of one ring. */
#include <math.h>
#include <stdlib.h>

#include "sizing.h"

/* The waiting packets' arrival times, oldest first (a plain FIFO). */
struct fifo {
	double *t;
	unsigned int cap, head, count;
};

static void
fifo_pop(struct fifo *q, unsigned int m)
{
	q->head = (q->head + m) % q->cap;
	q->count -= m;
}

/* The consumer takes its next burst: when it is free and something waits. */
static double
take_burst(struct fifo *q, unsigned int burst, double service_ns, double *free_at)
{
	double t = *free_at > q->t[q->head] ? *free_at : q->t[q->head];
	unsigned int m = q->count < burst ? q->count : burst;

	fifo_pop(q, m);
	*free_at = t + m * service_ns;
	return t;
}

int
sizing_simulate(const uint64_t *release_ns, uint64_t n, const struct sizing_model *m,
		 struct sizing_prediction *out)
{
	struct fifo q = {.cap = m->capacity};
	double free_at = 0, rx_now = 0, blocked = 0, got_burst = 0;
	unsigned int in_call = 0;	/* packets in the producer's current enqueue */

	out->high_water = 0;
	out->dropped = 0;
	out->blocked_ns = 0;
	q.t = malloc(m->capacity * sizeof(*q.t));
	if (q.t == NULL)
		return -1;
	for (uint64_t k = 0; k < n; k++) {
		double a;

		/* A new burst from the port, once RX is done with the last. */
		if (k % m->burst == 0)
			got_burst = (k == 0 ? 0 : rx_now) + m->rx_call_ns;
		/* The producer is sequential: it cannot release a packet
		 * before it has it, or before it is done with the previous. */
		a = (double)release_ns[k] > got_burst ? (double)release_ns[k] : got_burst;
		if (a < rx_now)
			a = rx_now;
		if (k > 0 && a == rx_now && in_call < m->burst && k % m->burst != 0) {
			in_call++;	/* the same enqueue call as the one before */
		} else {
			in_call = 1;
			/* Every burst the consumer could take before this call. */
			while (q.count > 0 &&
			       (free_at > q.t[q.head] ? free_at : q.t[q.head]) <= a)
				take_burst(&q, m->burst, m->service_ns, &free_at);
		}
		rx_now = a;
		if (q.count == m->capacity) {
			if (m->policy == BP_POLICY_DROP) {
				out->dropped++;
				continue;
			}
			/* Spin: wait for the consumer's next take. */
			{
				double t = take_burst(&q, m->burst, m->service_ns, &free_at);

				if (t > a) {
					blocked += t - a;
					a = t;
				}
			}
		}
		q.t[(q.head + q.count) % q.cap] = a;
		q.count++;
		if (q.count > out->high_water)
			out->high_water = q.count;
		rx_now = a;
	}
	/* Rounded as every whole-ns figure is (bp_cycles_ns): not cut. */
	out->blocked_ns = (uint64_t)rint(blocked);
	free(q.t);
	return 0;
}

double
sizing_service_ns(const struct sizing_row *rows, unsigned int n)
{
	double v[BP_RING_SIZES_MAX];
	unsigned int k = 0;

	for (unsigned int i = 0; i < n && k < BP_RING_SIZES_MAX; i++) {
		double x = rows[i].service_ns;
		unsigned int j;

		if (!(x > 0))
			continue;
		/* Insertion sort: there are at most BP_RING_SIZES_MAX passes. */
		for (j = k++; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	if (k == 0)
		return 0;
	return v[(k - 1) / 2];
}

uint64_t *
sizing_releases(const uint64_t *ts_ns, uint64_t n, double speed, uint64_t pps, double ts_unit_ns)
{
	uint64_t *a = malloc((n ? n : 1) * sizeof(*a));
	uint64_t unit = ts_unit_ns >= 1 ? (uint64_t)ts_unit_ns : 1;

	if (a == NULL)
		return NULL;
	for (uint64_t k = 0; k < n; k++) {
		if (pps != 0) {
			a[k] = (uint64_t)((double)k * 1e9 / (double)pps);
		} else if (speed > 0 && ts_ns != NULL) {
			uint64_t t = ts_ns[k] / unit * unit, t0 = ts_ns[0] / unit * unit;

			a[k] = t > t0 ? (uint64_t)((double)(t - t0) / speed) : 0;
		} else {
			a[k] = 0;
		}
		/* Capture timestamps can step back; a replay cannot. */
		if (k > 0 && a[k] < a[k - 1])
			a[k] = a[k - 1];
	}
	return a;
}
