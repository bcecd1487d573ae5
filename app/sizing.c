/* SPDX-License-Identifier: BSD-3-Clause */
/* The ring-size prediction: a discrete-event simulation of one ring. */
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
sizing_simulate(const uint64_t *arrival_ns, uint64_t n, unsigned int capacity,
		unsigned int burst, double service_ns, enum bp_policy policy,
		struct sizing_prediction *out)
{
	struct fifo q = {.cap = capacity};
	double free_at = 0, rx_now = 0, blocked = 0;

	out->high_water = 0;
	out->dropped = 0;
	out->blocked_ns = 0;
	q.t = malloc(capacity * sizeof(*q.t));
	if (q.t == NULL)
		return -1;
	for (uint64_t k = 0; k < n; k++) {
		/* The producer is sequential: it cannot release a packet
		 * before it finished waiting for the previous one. */
		double a = (double)arrival_ns[k] > rx_now ? (double)arrival_ns[k] : rx_now;

		/* Every burst the consumer could take before this arrival. */
		while (q.count > 0 && (free_at > q.t[q.head] ? free_at : q.t[q.head]) <= a)
			take_burst(&q, burst, service_ns, &free_at);
		if (q.count == capacity) {
			if (policy == BP_POLICY_DROP) {
				out->dropped++;
				continue;
			}
			/* Spin: wait for the consumer's next take. */
			{
				double t = take_burst(&q, burst, service_ns, &free_at);

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
	out->blocked_ns = (uint64_t)blocked;
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
	return k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
}

uint64_t *
sizing_arrivals(const uint64_t *ts_ns, uint64_t n, double speed, uint64_t pps,
		double fallback_ns)
{
	uint64_t *a = malloc((n ? n : 1) * sizeof(*a));

	if (a == NULL)
		return NULL;
	for (uint64_t k = 0; k < n; k++) {
		if (pps != 0)
			a[k] = (uint64_t)((double)k * 1e9 / (double)pps);
		else if (speed > 0 && ts_ns != NULL)
			a[k] = ts_ns[k] > ts_ns[0] ? (uint64_t)((double)(ts_ns[k] - ts_ns[0]) / speed) : 0;
		else
			a[k] = (uint64_t)((double)k * fallback_ns);
		/* Capture timestamps can step back; a replay cannot. */
		if (k > 0 && a[k] < a[k - 1])
			a[k] = a[k - 1];
	}
	return a;
}
