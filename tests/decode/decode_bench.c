/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Decoder cost against DPDK's rte_net_get_ptype() on the same packets.
 *
 * The packets of a pcap are loaded into hand-built mbufs (no EAL), chained
 * in 2048-byte segments as a PMD with default mbufs would deliver jumbo
 * frames. Then one pass of decode_packet(), one of decode_packet_verify_l4()
 * and one of rte_net_get_ptype() run over all of them: decode_bench.sh runs
 * this under callgrind and reads the inclusive cost of each function.
 *
 * With -t ROUNDS it times ROUNDS interleaved passes instead (A B A B ...)
 * and prints the median of the per-round ratios; wall time on a shared VM
 * is noisy, so callgrind's instruction counts are the reference.
 *
 * usage: decode_bench [-t ROUNDS] FILE.pcap
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <pcap/pcap.h>
#include <rte_mbuf.h>
#include <rte_mbuf_ptype.h>
#include <rte_net.h>

#include "decode.h"

#define BENCH_SEG_SIZE	RTE_MBUF_DEFAULT_DATAROOM

struct bench_pkts {
	struct rte_mbuf **heads;	/* one per packet */
	size_t n;
	size_t cap;
};

/* Copy one frame into a chain of zeroed, hand-filled mbufs. */
static struct rte_mbuf *
bench_make_chain(const uint8_t *data, uint32_t len)
{
	uint16_t nb_segs = len == 0 ? 1 : (len + BENCH_SEG_SIZE - 1) / BENCH_SEG_SIZE;
	struct rte_mbuf *segs;
	uint8_t *room;
	uint16_t i;

	segs = aligned_alloc(RTE_CACHE_LINE_SIZE, nb_segs * sizeof(*segs));
	room = malloc((size_t)nb_segs * BENCH_SEG_SIZE);
	if (segs == NULL || room == NULL) {
		fprintf(stderr, "decode_bench: out of memory\n");
		exit(EXIT_FAILURE);
	}
	memset(segs, 0, nb_segs * sizeof(*segs));
	memcpy(room, data, len);
	for (i = 0; i < nb_segs; i++) {
		struct rte_mbuf *s = &segs[i];
		uint32_t off = (uint32_t)i * BENCH_SEG_SIZE;

		s->buf_addr = room + off;
		s->buf_len = BENCH_SEG_SIZE;
		s->data_off = 0;
		s->data_len = len - off < BENCH_SEG_SIZE ? len - off : BENCH_SEG_SIZE;
		s->pkt_len = s->data_len;
		s->nb_segs = 1;
		s->next = i + 1 < nb_segs ? &segs[i + 1] : NULL;
		rte_mbuf_refcnt_set(s, 1);
	}
	segs[0].pkt_len = len;
	segs[0].nb_segs = nb_segs;
	return segs;
}

static void
bench_load(const char *path, struct bench_pkts *p)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *pc;
	int rc;

	pc = pcap_open_offline(path, errbuf);
	if (pc == NULL) {
		fprintf(stderr, "decode_bench: %s\n", errbuf);
		exit(EXIT_FAILURE);
	}
	if (pcap_datalink(pc) != DLT_EN10MB) {
		fprintf(stderr, "decode_bench: %s: link type %d, need Ethernet\n",
			path, pcap_datalink(pc));
		exit(EXIT_FAILURE);
	}
	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		if (p->n == p->cap) {
			p->cap = p->cap ? 2 * p->cap : 1024;
			p->heads = realloc(p->heads, p->cap * sizeof(*p->heads));
			if (p->heads == NULL) {
				fprintf(stderr, "decode_bench: out of memory\n");
				exit(EXIT_FAILURE);
			}
		}
		p->heads[p->n++] = bench_make_chain(data, h->caplen);
	}
	if (rc == -1) {
		fprintf(stderr, "decode_bench: %s: %s\n", path, pcap_geterr(pc));
		exit(EXIT_FAILURE);
	}
	pcap_close(pc);
}

/* noinline: each pass is one function in callgrind's output too. */
static __rte_noinline void
bench_decode_pass(const struct bench_pkts *p, struct decode_counts *c)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		decode_packet(p->heads[i], c);
}

/* The same with the L4 checksums (--verify-l4-checksums). */
static __rte_noinline void
bench_verify_pass(const struct bench_pkts *p, struct decode_counts *c)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		decode_packet_verify_l4(p->heads[i], c);
}

static __rte_noinline uint64_t
bench_ptype_pass(const struct bench_pkts *p, uint64_t *l4_known)
{
	uint64_t acc = 0;
	uint32_t t;
	size_t i;

	for (i = 0; i < p->n; i++) {
		t = rte_net_get_ptype(p->heads[i], NULL, RTE_PTYPE_ALL_MASK);
		acc += t;
		*l4_known += (t & RTE_PTYPE_L4_MASK) != 0;
	}
	return acc;
}

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int
bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
bench_timed(const struct bench_pkts *p, unsigned int rounds)
{
	double *ratio = calloc(rounds, sizeof(*ratio));
	double *ours = calloc(rounds, sizeof(*ours));
	struct decode_counts c;
	uint64_t l4 = 0;
	unsigned int r;
	double t0, t1, t2;

	if (ratio == NULL || ours == NULL) {
		fprintf(stderr, "decode_bench: out of memory\n");
		exit(EXIT_FAILURE);
	}
	for (r = 0; r < rounds; r++) {
		memset(&c, 0, sizeof(c));
		t0 = bench_now();
		bench_decode_pass(p, &c);
		t1 = bench_now();
		bench_ptype_pass(p, &l4);
		t2 = bench_now();
		ours[r] = (t1 - t0) * 1e9 / p->n;
		ratio[r] = (t1 - t0) / (t2 - t1);
	}
	qsort(ratio, rounds, sizeof(*ratio), bench_cmp_double);
	qsort(ours, rounds, sizeof(*ours), bench_cmp_double);
	printf("timed: %u rounds, decode_packet median %.1f ns/packet, "
		"median time ratio decode/ptype %.2f\n",
		rounds, ours[rounds / 2], ratio[rounds / 2]);
	free(ratio);
	free(ours);
}

int
main(int argc, char **argv)
{
	struct bench_pkts p = { NULL, 0, 0 };
	struct decode_counts c, v;
	unsigned int rounds = 0;
	uint64_t l4_known = 0;
	int opt;

	while ((opt = getopt(argc, argv, "t:")) != -1) {
		if (opt != 't' || (rounds = strtoul(optarg, NULL, 10)) == 0) {
			fprintf(stderr, "usage: %s [-t ROUNDS>0] FILE.pcap\n", argv[0]);
			return EXIT_FAILURE;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: %s [-t ROUNDS>0] FILE.pcap\n", argv[0]);
		return EXIT_FAILURE;
	}
	bench_load(argv[optind], &p);
	if (p.n == 0) {
		fprintf(stderr, "decode_bench: %s has no packets\n", argv[optind]);
		return EXIT_FAILURE;
	}
	if (rounds > 0) {
		bench_timed(&p, rounds);
		return EXIT_SUCCESS;
	}

	memset(&c, 0, sizeof(c));
	bench_decode_pass(&p, &c);
	memset(&v, 0, sizeof(v));
	bench_verify_pass(&p, &v);
	bench_ptype_pass(&p, &l4_known);

	/* Proof both did the work; decode_bench.sh reads "packets". */
	printf("packets: %zu\n", p.n);
	printf("decode: malformed %" PRIu64 ", tcp %" PRIu64 ", udp %" PRIu64
		", ipv4 %" PRIu64 ", ipv6 %" PRIu64 "\n", c.malformed_total,
		c.tcp, c.udp, c.ipv4, c.ipv6);
	printf("verify: %" PRIu64 " bad L4 checksums, %" PRIu64 " unverified\n",
		v.tcp_bad_checksum + v.udp_bad_checksum + v.icmp_bad_checksum +
		v.icmpv6_bad_checksum, v.l4_checksum_unverified);
	printf("ptype: %" PRIu64 " packets with an L4 type\n", l4_known);
	return EXIT_SUCCESS;
}
