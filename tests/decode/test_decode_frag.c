/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Decoder unit tests of first fragments too short for their headers:
 * ipv4_tiny_fragment (RFC 1858: the L4 header, and TCP at offset 1) and
 * ipv6_incomplete_chain (RFC 7112: the chain after the fragment header
 * and the L4 header). Each at its boundary, next to the same bytes in a
 * packet that is no fragment, which keep today's reasons. Fragment data
 * with MF (M) set comes in 8s, so the boundaries are 8 bytes apart; one
 * byte less is ipv4_bad_fragment (ipv6_bad_fragment), tested once.
 *
 * Every test runs twice: with decode_packet(), which test_expect() also
 * checks against decode_packet_verify_l4(), and with
 * decode_packet_verify_l4() itself, where a first fragment's valid L4
 * header is also l4_checksum_unverified.
 */
#include <stdio.h>
#include <netinet/in.h>

#include <rte_ether.h>

#include "test_pkt.h"
#include "test_decode.h"

#define MAL(reason) DECODE_MAL_##reason

static struct test_pkt p;
static int verify;	/* this pass's decoder: see test_set_mode() */
static const char *ipv;	/* "IPv4" or "IPv6", for the tests' names */

/* The L4 protocols, each with its header length and the reason of a non-fragment. */
static const struct {
	uint8_t proto;
	uint32_t hlen;		/* the fragment data that holds the header */
	const char *name;	/* its counter */
	enum decode_result cut;
} l4s[] = {
	{ IPPROTO_UDP, 8, "udp", MAL(udp_truncated) },
	{ IPPROTO_ICMP, 8, "icmp", MAL(icmp_truncated) },
	{ IPPROTO_ICMPV6, 8, "icmpv6", MAL(icmpv6_truncated) },
};

/*
 * Expect want and counters of p; l4: a first fragment's valid L4 header,
 * which decode_packet_verify_l4() cannot verify.
 */
static void
frag_expect(const char *name, enum decode_result want, const char *counters, int l4)
{
	char list[160], full[96];

	snprintf(list, sizeof(list), "%s%s", counters,
		verify && l4 ? " l4_checksum_unverified" : "");
	snprintf(full, sizeof(full), "%s, %s%s", ipv, name, verify ? " (verify)" : "");
	test_expect(full, &p, want, list);
}

/*
 * Ethernet, IPv4 (IHL ihl, fragment field frag, protocol proto), data bytes
 * of filler (a UDP length of 0xa5a5, which a first fragment may have), and
 * TCP data offset doff at byte 12 if data reaches it.
 */
static struct rte_ipv4_hdr *
frag4(uint8_t ihl, uint16_t frag, uint8_t proto, uint32_t data, uint8_t doff)
{
	struct rte_ipv4_hdr *ip;

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
	ip = test_add_ipv4(&p, ihl, proto, frag);
	test_add_bytes(&p, data);
	if (proto == IPPROTO_TCP && data > 12)
		p.b[p.len - data + 12] = (uint8_t)(doff << 4);
	test_ipv4_finish(&p, ip);
	return ip;
}

/* TCP in an IPv4 first fragment: 20 bytes, or data offset * 4. */
static void
tiny4_tcp(void)
{
	const uint16_t mf = RTE_IPV4_HDR_MF_FLAG;
	const char *frag = "ipv4 ipv4_fragments";
	struct rte_ipv4_hdr *ip;

	frag4(5, mf, IPPROTO_TCP, 24, 5);
	frag_expect("first fragment, 24 bytes, TCP header of 20", DECODE_OK,
		"ipv4 ipv4_fragments tcp", 1);
	frag4(5, mf, IPPROTO_TCP, 24, 6);
	frag_expect("first fragment, 24 bytes, TCP header of 24", DECODE_OK,
		"ipv4 ipv4_fragments tcp", 1);
	frag4(5, mf, IPPROTO_TCP, 24, 7);
	frag_expect("first fragment, 24 bytes, TCP header of 28", MAL(ipv4_tiny_fragment),
		frag, 0);
	frag4(5, mf, IPPROTO_TCP, 16, 5);
	frag_expect("first fragment, 16 bytes of TCP", MAL(ipv4_tiny_fragment), frag, 0);
	frag4(5, mf, IPPROTO_TCP, 8, 5);
	frag_expect("first fragment, 8 bytes of TCP", MAL(ipv4_tiny_fragment), frag, 0);
	frag4(5, mf, IPPROTO_TCP, 0, 5);
	frag_expect("first fragment, no TCP byte", MAL(ipv4_tiny_fragment), frag, 0);
	frag4(15, mf, IPPROTO_TCP, 64, 15);
	frag_expect("first fragment, options, 64 bytes, TCP header of 60", DECODE_OK,
		"ipv4 ipv4_options ipv4_fragments tcp", 1);
	frag4(15, mf, IPPROTO_TCP, 56, 15);
	frag_expect("first fragment, options, 56 bytes, TCP header of 60",
		MAL(ipv4_tiny_fragment), "ipv4 ipv4_options ipv4_fragments", 0);
	/* Ethernet padding is not fragment data; a bad checksum still counts. */
	ip = frag4(5, mf, IPPROTO_TCP, 16, 5);
	test_pad(&p, p.len + 8);
	ip->hdr_checksum ^= RTE_BE16(0x0100);
	frag_expect("first fragment, 16 bytes of TCP and 8 of padding, bad checksum",
		MAL(ipv4_tiny_fragment), "ipv4 ipv4_fragments ipv4_bad_checksum", 0);

	/* The IPv4 layer's faults, and a data offset below 5, come first. */
	frag4(5, mf, IPPROTO_TCP, 23, 6);
	frag_expect("first fragment, 23 bytes of TCP", MAL(ipv4_bad_fragment), "", 0);
	frag4(5, mf, IPPROTO_TCP, 24, 4);
	frag_expect("first fragment, TCP data offset 4", MAL(tcp_bad_data_offset), frag, 0);

	/* No fragment: the same bytes are a cut TCP header. */
	frag4(5, 0, IPPROTO_TCP, 16, 5);
	frag_expect("no fragment, 16 bytes of TCP", MAL(tcp_truncated), "ipv4", 0);
	frag4(5, RTE_IPV4_HDR_DF_FLAG, IPPROTO_TCP, 24, 7);
	frag_expect("DF, 24 bytes, TCP header of 28", MAL(tcp_truncated), "ipv4", 0);
}

/*
 * RFC 1858's overlapping fragment attack: TCP at offset 1 (8 bytes) can
 * only rewrite the first fragment's TCP flags. Other offsets and other
 * protocols are ordinary later fragments.
 */
static void
tiny4_offset1(void)
{
	const uint16_t mf = RTE_IPV4_HDR_MF_FLAG;
	const char *frag = "ipv4 ipv4_fragments";
	struct rte_ipv4_hdr *ip;
	unsigned int i;

	frag4(5, mf | 1, IPPROTO_TCP, 8, 0);
	frag_expect("TCP at offset 1, MF, 8 bytes", MAL(ipv4_tiny_fragment), frag, 0);
	frag4(5, 1, IPPROTO_TCP, 3, 0);
	frag_expect("TCP at offset 1, the last fragment, 3 bytes", MAL(ipv4_tiny_fragment),
		frag, 0);
	/* Options: the protocol is read from the whole header, across segments too. */
	ip = frag4(6, mf | 1, IPPROTO_TCP, 16, 0);
	ip->hdr_checksum = 0;
	frag_expect("TCP at offset 1, options, bad checksum", MAL(ipv4_tiny_fragment),
		"ipv4 ipv4_options ipv4_fragments ipv4_bad_checksum", 0);
	frag4(5, mf | 2, IPPROTO_TCP, 8, 0);
	frag_expect("TCP at offset 2", DECODE_OK, frag, 0);
	frag4(5, mf | 1, IPPROTO_TCP, 7, 0);
	frag_expect("TCP at offset 1, MF, 7 bytes", MAL(ipv4_bad_fragment), "", 0);
	for (i = 0; i < RTE_DIM(l4s); i++) {
		char name[64];

		frag4(5, mf | 1, l4s[i].proto, 8, 0);
		snprintf(name, sizeof(name), "%s at offset 1", l4s[i].name);
		frag_expect(name, DECODE_OK, frag, 0);
	}
}

/* UDP, ICMP (and ICMPv6, over IPv4 all the same): 8 bytes, or nothing. */
static void
tiny4_others(void)
{
	const uint16_t mf = RTE_IPV4_HDR_MF_FLAG;
	char name[64], counters[64];
	unsigned int i;

	for (i = 0; i < RTE_DIM(l4s); i++) {
		frag4(5, mf, l4s[i].proto, l4s[i].hlen, 0);
		snprintf(name, sizeof(name), "first fragment, 8 bytes of %s", l4s[i].name);
		snprintf(counters, sizeof(counters), "ipv4 ipv4_fragments %s", l4s[i].name);
		frag_expect(name, DECODE_OK, counters, 1);
		frag4(5, mf, l4s[i].proto, 0, 0);
		snprintf(name, sizeof(name), "first fragment, no %s byte", l4s[i].name);
		frag_expect(name, MAL(ipv4_tiny_fragment), "ipv4 ipv4_fragments", 0);
		frag4(5, 0, l4s[i].proto, 0, 0);
		snprintf(name, sizeof(name), "no fragment, no %s byte", l4s[i].name);
		frag_expect(name, l4s[i].cut, "ipv4", 0);
	}
}

/* Each test of list with decode_packet(), then with decode_packet_verify_l4(). */
static void
frag_run(const char *family, void (*const list[])(void), unsigned int n)
{
	unsigned int i;

	ipv = family;
	for (verify = 0; verify <= 1; verify++) {
		test_set_mode(verify, 0);
		for (i = 0; i < n; i++)
			list[i]();
	}
	test_set_mode(0, 0);
}

void
test_ipv4_tiny_fragments(void)
{
	static void (*const list[])(void) = { tiny4_tcp, tiny4_offset1, tiny4_others };

	frag_run("IPv4", list, RTE_DIM(list));
}

/*
 * Ethernet, IPv6, a fragment header at offset 0 (with M: a first fragment;
 * without: an atomic fragment, no fragment at all) whose next header is
 * next. The caller adds the rest and finishes with frag6_end().
 */
static struct rte_ipv6_hdr *
frag6(uint8_t next, int mf)
{
	struct rte_ipv6_hdr *ip;

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, IPPROTO_FRAGMENT);
	test_add_frag6(&p, next, 0, mf);
	return ip;
}

/* data bytes of filler, TCP data offset doff at byte 12 if data reaches it. */
static void
frag6_end(struct rte_ipv6_hdr *ip, uint8_t proto, uint32_t data, uint8_t doff)
{
	test_add_bytes(&p, data);
	if (proto == IPPROTO_TCP && data > 12)
		p.b[p.len - data + 12] = (uint8_t)(doff << 4);
	test_ipv6_finish(&p, ip);
}

/* The L4 header after an IPv6 first fragment's header. */
static void
chain6_l4(void)
{
	const char *frag = "ipv6 ipv6_ext ipv6_fragments";
	char name[64], counters[64];
	struct rte_ipv6_hdr *ip;
	unsigned int i;

	frag6_end(frag6(IPPROTO_TCP, 1), IPPROTO_TCP, 24, 6);
	frag_expect("first fragment, 24 bytes, TCP header of 24", DECODE_OK,
		"ipv6 ipv6_ext ipv6_fragments tcp", 1);
	frag6_end(frag6(IPPROTO_TCP, 1), IPPROTO_TCP, 24, 7);
	frag_expect("first fragment, 24 bytes, TCP header of 28",
		MAL(ipv6_incomplete_chain), frag, 0);
	frag6_end(frag6(IPPROTO_TCP, 1), IPPROTO_TCP, 16, 5);
	frag_expect("first fragment, 16 bytes of TCP", MAL(ipv6_incomplete_chain), frag, 0);
	/* The payload length, not the frame, bounds the fragment. */
	ip = frag6(IPPROTO_TCP, 1);
	frag6_end(ip, IPPROTO_TCP, 24, 5);
	ip->payload_len = rte_cpu_to_be_16(8 + 16);
	frag_expect("first fragment, 16 bytes of TCP and 8 past the payload",
		MAL(ipv6_incomplete_chain), frag, 0);
	frag6_end(frag6(IPPROTO_TCP, 1), IPPROTO_TCP, 23, 6);
	frag_expect("first fragment, 23 bytes of TCP", MAL(ipv6_bad_fragment), "ipv6", 0);
	frag6_end(frag6(IPPROTO_TCP, 1), IPPROTO_TCP, 24, 4);
	frag_expect("first fragment, TCP data offset 4", MAL(tcp_bad_data_offset), frag, 0);
	frag6_end(frag6(IPPROTO_TCP, 0), IPPROTO_TCP, 16, 5);
	frag_expect("atomic fragment, 16 bytes of TCP", MAL(tcp_truncated), "ipv6 ipv6_ext",
		0);

	for (i = 0; i < RTE_DIM(l4s); i++) {
		frag6_end(frag6(l4s[i].proto, 1), l4s[i].proto, l4s[i].hlen, 0);
		snprintf(name, sizeof(name), "first fragment, 8 bytes of %s", l4s[i].name);
		snprintf(counters, sizeof(counters), "%s %s", frag, l4s[i].name);
		frag_expect(name, DECODE_OK, counters, 1);
		frag6_end(frag6(l4s[i].proto, 1), l4s[i].proto, 0, 0);
		snprintf(name, sizeof(name), "first fragment, no %s byte", l4s[i].name);
		frag_expect(name, MAL(ipv6_incomplete_chain), frag, 0);
		frag6_end(frag6(l4s[i].proto, 0), l4s[i].proto, 0, 0);
		snprintf(name, sizeof(name), "atomic fragment, no %s byte", l4s[i].name);
		frag_expect(name, l4s[i].cut, "ipv6 ipv6_ext", 0);
	}
}

/* Extension headers after an IPv6 first fragment's header. */
static void
chain6_ext(void)
{
	const char *frag = "ipv6 ipv6_ext ipv6_fragments";
	struct rte_ipv6_hdr *ip;

	/* The chain cut right after the fragment header. */
	frag6_end(frag6(IPPROTO_DSTOPTS, 1), IPPROTO_NONE, 0, 0);
	frag_expect("first fragment, no destination options byte",
		MAL(ipv6_incomplete_chain), frag, 0);
	frag6_end(frag6(IPPROTO_FRAGMENT, 1), IPPROTO_NONE, 0, 0);
	frag_expect("first fragment, no byte of a second fragment header",
		MAL(ipv6_incomplete_chain), frag, 0);
	/* Cut inside a 16-byte destination options header, and whole. */
	ip = frag6(IPPROTO_DSTOPTS, 1);
	test_add_ext(&p, IPPROTO_NONE, 1);
	frag6_end(ip, IPPROTO_NONE, 0, 0);
	frag_expect("first fragment, destination options, no next header", DECODE_OK,
		"ipv6 ipv6_ext ipv6_fragments other_l4", 0);
	ip->payload_len = rte_cpu_to_be_16(8 + 8);
	frag_expect("first fragment, 8 of 16 destination options bytes",
		MAL(ipv6_incomplete_chain), frag, 0);
	/* Hop-by-hop before, routing after: the L4 header cut behind them. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, IPPROTO_HOPOPTS);
	test_add_ext(&p, IPPROTO_FRAGMENT, 0);
	test_add_frag6(&p, IPPROTO_ROUTING, 0, 1);
	test_add_ext(&p, IPPROTO_UDP, 0);
	frag6_end(ip, IPPROTO_UDP, 0, 0);
	frag_expect("hop-by-hop, first fragment, routing, no UDP byte",
		MAL(ipv6_incomplete_chain), frag, 0);
	/* No fragment: the same cut is the extension header's. */
	ip = frag6(IPPROTO_DSTOPTS, 0);
	test_add_ext(&p, IPPROTO_NONE, 1);
	frag6_end(ip, IPPROTO_NONE, 0, 0);
	ip->payload_len = rte_cpu_to_be_16(8 + 8);
	frag_expect("atomic fragment, 8 of 16 destination options bytes",
		MAL(ipv6_ext_truncated), "ipv6 ipv6_ext", 0);
}

void
test_ipv6_incomplete_chain(void)
{
	static void (*const list[])(void) = { chain6_l4, chain6_ext };

	frag_run("IPv6", list, RTE_DIM(list));
}
