/* SPDX-License-Identifier: BSD-3-Clause */
/* Frame builders and the layout-by-layout check behind test_expect(). */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_arp.h>
#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_icmp.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>
#include <rte_udp.h>
#include <netinet/in.h>

#include "test_pkt.h"

/*
 * Headroom before each segment's data, filled with a pattern, so that a
 * decoder ignoring data_off reads garbage and fails its expectations.
 */
#define TEST_HEADROOM	16

unsigned int test_failures;
unsigned int test_checks;

void
test_fail(const char *fmt, ...)
{
	va_list ap;

	test_failures++;
	fputs("FAIL ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void *
test_append(struct test_pkt *p, uint32_t n)
{
	void *at = p->b + p->len;

	if (p->len + n > TEST_PKT_MAX) {
		fprintf(stderr, "test frame over %d bytes\n", TEST_PKT_MAX);
		exit(EXIT_FAILURE);
	}
	memset(at, 0, n);
	p->len += n;
	return at;
}

void
test_pkt_reset(struct test_pkt *p)
{
	p->len = 0;
}

void
test_add_bytes(struct test_pkt *p, uint32_t n)
{
	memset(test_append(p, n), 0xa5, n);
}

void
test_add_eth(struct test_pkt *p, uint16_t type)
{
	struct rte_ether_hdr *eh = test_append(p, sizeof(*eh));

	memset(&eh->dst_addr, 0x02, sizeof(eh->dst_addr));
	memset(&eh->src_addr, 0x04, sizeof(eh->src_addr));
	eh->ether_type = rte_cpu_to_be_16(type);
}

void
test_add_vlan(struct test_pkt *p, uint16_t next_type)
{
	struct rte_vlan_hdr *vh = test_append(p, sizeof(*vh));

	vh->vlan_tci = rte_cpu_to_be_16(100);
	vh->eth_proto = rte_cpu_to_be_16(next_type);
}

void
test_add_arp(struct test_pkt *p, uint8_t hlen, uint8_t plen)
{
	struct rte_arp_hdr *ah = test_append(p, sizeof(*ah));

	ah->arp_hardware = rte_cpu_to_be_16(RTE_ARP_HRD_ETHER);
	ah->arp_protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ah->arp_hlen = hlen;
	ah->arp_plen = plen;
	ah->arp_opcode = rte_cpu_to_be_16(RTE_ARP_OP_REQUEST);
}

/* The oracle: RFC 1071 written out, independent of DPDK's helpers. */
void
test_ipv4_cksum(struct rte_ipv4_hdr *ip)
{
	const uint8_t *b = (const uint8_t *)ip;
	uint32_t len = (ip->version_ihl & 0xf) * 4u, sum = 0, i;

	ip->hdr_checksum = 0;
	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)b[i] << 8 | b[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	ip->hdr_checksum = rte_cpu_to_be_16((uint16_t)~sum);
}

struct rte_ipv4_hdr *
test_add_ipv4(struct test_pkt *p, uint8_t ihl, uint8_t proto, uint16_t frag)
{
	uint32_t hlen = ihl < 5 ? 20 : ihl * 4u;
	struct rte_ipv4_hdr *ip = test_append(p, hlen);

	ip->version_ihl = (uint8_t)(0x40 | ihl);
	ip->packet_id = rte_cpu_to_be_16(7);
	ip->fragment_offset = rte_cpu_to_be_16(frag);
	ip->time_to_live = 64;
	ip->next_proto_id = proto;
	ip->src_addr = rte_cpu_to_be_32(RTE_IPV4(10, 0, 0, 1));
	ip->dst_addr = rte_cpu_to_be_32(RTE_IPV4(10, 0, 0, 2));
	memset(ip + 1, RTE_IPV4_HDR_OPT_NOP, hlen - sizeof(*ip));
	test_ipv4_finish(p, ip);
	return ip;
}

void
test_ipv4_finish(struct test_pkt *p, struct rte_ipv4_hdr *ip)
{
	ip->total_length = rte_cpu_to_be_16(p->len - ((uint8_t *)ip - p->b));
	test_ipv4_cksum(ip);
}

struct rte_ipv6_hdr *
test_add_ipv6(struct test_pkt *p, uint8_t next)
{
	struct rte_ipv6_hdr *ip = test_append(p, sizeof(*ip));

	ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
	ip->proto = next;
	ip->hop_limits = 64;
	ip->src_addr[0] = 0xfe;
	ip->src_addr[15] = 1;
	ip->dst_addr[0] = 0xfe;
	ip->dst_addr[15] = 2;
	return ip;
}

void
test_ipv6_finish(struct test_pkt *p, struct rte_ipv6_hdr *ip)
{
	ip->payload_len = rte_cpu_to_be_16(p->len - ((uint8_t *)ip - p->b) -
		sizeof(*ip));
}

void
test_add_ext(struct test_pkt *p, uint8_t next, uint8_t hdr_ext_len)
{
	uint8_t *e = test_append(p, (hdr_ext_len + 1u) * 8u);

	e[0] = next;
	e[1] = hdr_ext_len;
	e[2] = 1;	/* PadN option filling the rest */
	e[3] = (uint8_t)((hdr_ext_len + 1u) * 8u - 4);
}

void
test_add_frag6(struct test_pkt *p, uint8_t next, uint16_t offset, int mf)
{
	struct rte_ipv6_fragment_ext *fh = test_append(p, sizeof(*fh));

	fh->next_header = next;
	fh->frag_data = rte_cpu_to_be_16(RTE_IPV6_SET_FRAG_DATA(offset << 3,
		mf ? 1 : 0));
	fh->id = rte_cpu_to_be_32(99);
}

void
test_add_tcp(struct test_pkt *p, uint8_t data_off)
{
	uint32_t hlen = data_off < 5 ? 20 : data_off * 4u;
	struct rte_tcp_hdr *th = test_append(p, hlen);

	th->src_port = rte_cpu_to_be_16(1234);
	th->dst_port = rte_cpu_to_be_16(80);
	th->data_off = (uint8_t)(data_off << 4);
	th->tcp_flags = RTE_TCP_SYN_FLAG;
	memset(th + 1, 1, hlen - sizeof(*th));	/* NOP options */
}

void
test_add_udp(struct test_pkt *p, uint16_t length)
{
	struct rte_udp_hdr *uh = test_append(p, sizeof(*uh));

	uh->src_port = rte_cpu_to_be_16(5353);
	uh->dst_port = rte_cpu_to_be_16(53);
	uh->dgram_len = rte_cpu_to_be_16(length);
	/* Not verified, but not 0: over IPv6 that is udp6_zero_checksum. */
	uh->dgram_cksum = RTE_BE16(0xbeef);
}

void
test_add_icmp(struct test_pkt *p)
{
	struct rte_icmp_hdr *ih = test_append(p, sizeof(*ih));

	ih->icmp_type = RTE_IP_ICMP_ECHO_REQUEST;
}

void
test_pad(struct test_pkt *p, uint32_t len)
{
	if (p->len < len)
		test_append(p, len - p->len);
}

struct rte_ipv6_hdr *
test_start_jumbogram(struct test_pkt *p, uint8_t next, uint32_t jumbo_len)
{
	static const uint8_t opts[14] = { 0, 1, 1, 0, 0xc2, 4, 0, 0, 0, 0, 1, 2, 0, 0 };
	struct rte_ipv6_hdr *ip;
	uint8_t *e;

	test_pkt_reset(p);
	test_add_eth(p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(p, IPPROTO_HOPOPTS);
	test_add_ext(p, next, 1);
	e = p->b + p->len - 16;
	memcpy(e + 2, opts, sizeof(opts));
	e[8] = (uint8_t)(jumbo_len >> 24);
	e[9] = (uint8_t)(jumbo_len >> 16);
	e[10] = (uint8_t)(jumbo_len >> 8);
	e[11] = (uint8_t)jumbo_len;
	return ip;
}

/* RFC 1071 over n bytes, big-endian words, the last byte padded with 0. */
static uint32_t
test_sum(const uint8_t *b, uint32_t n, uint32_t sum)
{
	uint32_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)b[i] << 8 | b[i + 1];
	if (n & 1)
		sum += (uint32_t)b[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

void
test_l4_cksum(struct test_pkt *p, uint32_t ip_off, uint32_t l4_off, uint8_t proto,
	const uint8_t *dst, uint32_t l4_len)
{
	const uint8_t *ip = p->b + ip_off;
	int v6 = ip[0] >> 4 == 6;
	uint32_t end, len, sum = 0, at;

	end = v6 ? ip_off + 40 + ((uint32_t)ip[4] << 8 | ip[5]) :
		ip_off + ((uint32_t)ip[2] << 8 | ip[3]);
	len = end - l4_off;
	if (proto == IPPROTO_UDP)
		len = (uint32_t)p->b[l4_off + 4] << 8 | p->b[l4_off + 5];
	if (len == 0)	/* a jumbogram's UDP (RFC 2675 4): the rest of the frame */
		len = p->len - l4_off;
	at = l4_off + (proto == IPPROTO_TCP ? 16 : proto == IPPROTO_UDP ? 6 : 2);
	p->b[at] = 0;
	p->b[at + 1] = 0;
	if (proto != IPPROTO_ICMP) {
		uint32_t plen = l4_len != 0 ? l4_len : len;

		sum = test_sum(v6 ? ip + 8 : ip + 12, v6 ? 16 : 4, 0);
		sum = test_sum(dst != NULL ? dst : v6 ? ip + 24 : ip + 16, v6 ? 16 : 4, sum);
		sum += proto + (plen >> 16) + (plen & 0xffff);
	}
	sum = ~test_sum(p->b + l4_off, len, sum) & 0xffff;
	if (proto == IPPROTO_UDP && sum == 0)
		sum = 0xffff;	/* 0 is "no checksum" (RFC 768) */
	p->b[at] = (uint8_t)(sum >> 8);
	p->b[at + 1] = (uint8_t)sum;
}

/*
 * Build a chain over copies of the frame's slices, each exactly sized, with
 * pkt_len the frame's length whatever the slices add up to.
 */
static struct rte_mbuf *
test_chain(const struct test_pkt *p, const uint32_t *seglen, uint32_t nsegs,
	uint16_t headroom)
{
	struct rte_mbuf *segs = calloc(nsegs, sizeof(*segs));
	uint32_t i, off = 0;

	if (segs == NULL)
		abort();
	for (i = 0; i < nsegs; i++) {
		uint8_t *room = malloc(headroom + seglen[i]);

		if (room == NULL)
			abort();
		memset(room, 0xee, headroom);
		memcpy(room + headroom, p->b + off, seglen[i]);
		segs[i].buf_addr = room;
		segs[i].buf_len = (uint16_t)(headroom + seglen[i]);
		segs[i].data_off = headroom;
		segs[i].data_len = (uint16_t)seglen[i];
		segs[i].pkt_len = seglen[i];
		segs[i].nb_segs = 1;
		segs[i].next = i + 1 < nsegs ? &segs[i + 1] : NULL;
		rte_mbuf_refcnt_set(&segs[i], 1);
		off += seglen[i];
	}
	segs[0].pkt_len = p->len;
	segs[0].nb_segs = (uint16_t)nsegs;
	return segs;
}

static void
test_chain_free(struct rte_mbuf *segs, uint32_t nsegs)
{
	uint32_t i;

	for (i = 0; i < nsegs; i++)
		free(segs[i].buf_addr);
	free(segs);
}

static const struct {
	const char *name;
	size_t off;
} test_counter_fields[] = {
	{ "packets", offsetof(struct decode_counts, packets) },
	{ "bytes", offsetof(struct decode_counts, bytes) },
#define TEST_X_FIELD(name, help) { #name, offsetof(struct decode_counts, name) },
	DECODE_PROTOCOL_COUNTERS(TEST_X_FIELD)
#undef TEST_X_FIELD
	{ "malformed_total", offsetof(struct decode_counts, malformed_total) },
};

#define TEST_NB_FIELDS (sizeof(test_counter_fields) / sizeof(test_counter_fields[0]))

/* The decoder under test: see test_set_mode(). */
static int test_verify;
static uint64_t test_ol_flags;

void
test_set_mode(int verify, uint64_t ol_flags)
{
	test_verify = verify;
	test_ol_flags = ol_flags;
}

/* What the tests expected at least once: every reason and counter must be. */
static bool test_seen_reason[DECODE_RESULT_COUNT];
static bool test_seen_field[TEST_NB_FIELDS];

static uint64_t *
test_field(struct decode_counts *c, size_t i)
{
	return (uint64_t *)((char *)c + test_counter_fields[i].off);
}

/* What the counters must read after decoding p once from zero. */
static int
test_expected(const char *name, const struct test_pkt *p,
	enum decode_result want, const char *counters, struct decode_counts *exp)
{
	char list[256], *tok, *save;
	size_t i;

	test_seen_reason[want] = true;
	memset(exp, 0, sizeof(*exp));
	exp->packets = 1;
	exp->bytes = p->len;
	if (want != DECODE_OK) {
		exp->malformed[want] = 1;
		exp->malformed_total = 1;
	}
	snprintf(list, sizeof(list), "%s", counters);
	for (tok = strtok_r(list, " ", &save); tok != NULL;
			tok = strtok_r(NULL, " ", &save)) {
		for (i = 2; i < TEST_NB_FIELDS - 1; i++)
			if (strcmp(tok, test_counter_fields[i].name) == 0)
				break;
		if (i == TEST_NB_FIELDS - 1) {
			test_fail("%s: the test names no counter '%s'", name, tok);
			return -1;
		}
		*test_field(exp, i) = 1;
		test_seen_field[i] = true;
	}
	return 0;
}

void
test_check_coverage(void)
{
	size_t i;

	for (i = 0; i < DECODE_RESULT_COUNT; i++)
		if (!test_seen_reason[i])
			test_fail("no test expects result %s",
				decode_result_name((enum decode_result)i));
	for (i = 2; i < TEST_NB_FIELDS - 1; i++)
		if (!test_seen_field[i])
			test_fail("no test expects counter %s to move",
				test_counter_fields[i].name);
}

/*
 * The counters of DECODE_L4_CHECKSUM_COUNTERS, which decode_packet() never
 * moves: the fields from the first of them to the last.
 */
#define TEST_FIRST_CKSUM offsetof(struct decode_counts, tcp_bad_checksum)
#define TEST_END_CKSUM (offsetof(struct decode_counts, l4_checksum_unverified) + sizeof(uint64_t))

static int
test_is_cksum_field(size_t off)
{
	return off >= TEST_FIRST_CKSUM && off < TEST_END_CKSUM;
}

/*
 * decode_packet_verify_l4() on the layout decode_packet() returned r and
 * counted off for: the same result and counters, but at most one of the
 * checksum counters moved, by 1 (a header is good, bad or unverified).
 */
static int
test_same_but_checksums(const char *name, const char *layout, const struct rte_mbuf *m,
	enum decode_result r, const struct decode_counts *off, unsigned int *reported)
{
	struct decode_counts on;
	uint64_t moved = 0;
	size_t i;

	memset(&on, 0, sizeof(on));
	if (decode_packet_verify_l4(m, &on) != r) {
		if ((*reported)++ < 3)
			test_fail("%s [%s]: decode_packet_verify_l4 returned another result",
				name, layout);
		return 1;
	}
	for (i = 0; i < sizeof(on) / sizeof(uint64_t); i++) {
		uint64_t a = ((const uint64_t *)off)[i], b = ((uint64_t *)&on)[i];

		if (test_is_cksum_field(i * sizeof(uint64_t))) {
			moved += b;
			if (a == 0)
				continue;
		}
		if (a != b || moved > 1) {
			if ((*reported)++ < 3)
				test_fail("%s [%s]: decode_packet_verify_l4 counted otherwise "
					"(field %zu: %llu against %llu)", name, layout, i,
					(unsigned long long)b, (unsigned long long)a);
			return 1;
		}
	}
	return 0;
}

/* One layout: decode, compare; print only the first few failing layouts. */
static int
test_layout(const char *name, const char *layout, const struct test_pkt *p,
	const uint32_t *seglen, uint32_t nsegs, uint16_t headroom,
	enum decode_result want, struct decode_counts *exp, unsigned int *reported)
{
	struct rte_mbuf *m;
	struct decode_counts got;
	enum decode_result r;
	int bad = 0;
	size_t i;

	/* No mbuf holds more than 64 KB (data_len and buf_len are 16 bits). */
	for (i = 0; i < nsegs; i++)
		if (headroom + seglen[i] > UINT16_MAX)
			return 0;
	m = test_chain(p, seglen, nsegs, headroom);
	m->ol_flags = test_ol_flags;
	memset(&got, 0, sizeof(got));
	r = test_verify ? decode_packet_verify_l4(m, &got) : decode_packet(m, &got);
	if (!test_verify)
		bad |= test_same_but_checksums(name, layout, m, r, &got, reported);
	test_chain_free(m, nsegs);
	test_checks++;
	if (r != want) {
		bad = 1;
		if ((*reported)++ < 3)
			test_fail("%s [%s]: returned %s, expected %s", name, layout,
				decode_result_name(r), decode_result_name(want));
	}
	for (i = 0; i < TEST_NB_FIELDS; i++) {
		if (*test_field(&got, i) == *test_field(exp, i))
			continue;
		bad = 1;
		if ((*reported)++ < 3)
			test_fail("%s [%s]: %s moved by %llu, expected %llu", name,
				layout, test_counter_fields[i].name,
				(unsigned long long)*test_field(&got, i),
				(unsigned long long)*test_field(exp, i));
	}
	for (i = 1; i < DECODE_RESULT_COUNT; i++) {
		if (got.malformed[i] == exp->malformed[i])
			continue;
		bad = 1;
		if ((*reported)++ < 3)
			test_fail("%s [%s]: malformed %s moved by %llu, expected %llu",
				name, layout, decode_result_name(i),
				(unsigned long long)got.malformed[i],
				(unsigned long long)exp->malformed[i]);
	}
	return bad;
}

void
test_expect_held(const char *name, const struct test_pkt *p, uint32_t held,
	enum decode_result want, const char *counters)
{
	unsigned int reported = 0, bad = 0, layouts = 0;
	struct decode_counts exp;
	uint32_t seglen[2], s;
	char layout[64];

	if (held > TEST_PKT_MAX || test_expected(name, p, want, counters, &exp) != 0)
		return;
	seglen[0] = held;
	snprintf(layout, sizeof(layout), "one segment of %u bytes", held);
	bad += test_layout(name, layout, p, seglen, 1, TEST_HEADROOM, want, &exp,
		&reported);
	layouts++;
	for (s = 0; s <= held; s++) {
		seglen[0] = s;
		seglen[1] = held - s;
		snprintf(layout, sizeof(layout), "%u + %u bytes", s, held - s);
		bad += test_layout(name, layout, p, seglen, 2, TEST_HEADROOM, want,
			&exp, &reported);
		layouts++;
	}
	if (bad > 3)
		printf("FAIL %s: %u of %u layouts wrong in all\n", name, bad, layouts);
}

void
test_expect(const char *name, const struct test_pkt *p,
	enum decode_result want, const char *counters)
{
	unsigned int reported = 0, bad = 0, layouts = 0;
	struct decode_counts exp;
	uint32_t seglen[3], *ones, s;
	char layout[64];

	if (test_expected(name, p, want, counters, &exp) != 0)
		return;

	seglen[0] = p->len;
	bad += test_layout(name, "one segment", p, seglen, 1, TEST_HEADROOM,
		want, &exp, &reported);
	/* Odd address: struct alignment must not matter (UBSan checks). */
	bad += test_layout(name, "one segment, odd address", p, seglen, 1,
		TEST_HEADROOM + 1, want, &exp, &reported);
	layouts += 2;
	for (s = 0; s <= p->len; s++) {
		seglen[0] = s;
		seglen[1] = p->len - s;
		snprintf(layout, sizeof(layout), "split at %u", s);
		bad += test_layout(name, layout, p, seglen, 2, TEST_HEADROOM,
			want, &exp, &reported);
		seglen[2] = seglen[1];
		seglen[1] = 0;
		snprintf(layout, sizeof(layout), "split at %u, empty segment", s);
		bad += test_layout(name, layout, p, seglen, 3, TEST_HEADROOM,
			want, &exp, &reported);
		layouts += 2;
	}
	if (p->len > 1) {
		ones = malloc(p->len * sizeof(*ones));
		if (ones == NULL)
			abort();
		for (s = 0; s < p->len; s++)
			ones[s] = 1;
		bad += test_layout(name, "one-byte segments", p, ones, p->len,
			TEST_HEADROOM, want, &exp, &reported);
		layouts++;
		free(ones);
	}
	if (bad > 3)
		printf("FAIL %s: %u of %u layouts wrong in all\n", name, bad, layouts);
}
