/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Decoder unit tests, IPv6 and L4. The L4 rules are the same over IPv4 and
 * IPv6, so each L4 test runs over both.
 */
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>

#include <rte_ether.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "test_pkt.h"
#include "test_decode.h"

#define MAL(reason) DECODE_MAL_##reason

static struct test_pkt p;

/* A frame being built over IPv4 (v6 = 0) or IPv6 (v6 = 1). */
struct test_ip {
	int v6;
	void *hdr;
	char name[128];
	char counters[128];
};

static void
test_ip_start(struct test_ip *f, int v6, uint8_t proto)
{
	test_pkt_reset(&p);
	f->v6 = v6;
	if (v6) {
		test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
		f->hdr = test_add_ipv6(&p, proto);
	} else {
		test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
		f->hdr = test_add_ipv4(&p, 5, proto, 0);
	}
}

/* Set the IP length to the end of the frame; name the test and counters. */
static void
test_ip_finish(struct test_ip *f, const char *name, const char *counters)
{
	if (f->v6)
		test_ipv6_finish(&p, f->hdr);
	else
		test_ipv4_finish(&p, f->hdr);
	snprintf(f->name, sizeof(f->name), "IPv%d, %s", f->v6 ? 6 : 4, name);
	snprintf(f->counters, sizeof(f->counters), "%s %s",
		f->v6 ? "ipv6" : "ipv4", counters);
}

static void
test_ip_expect(struct test_ip *f, const char *name, enum decode_result want,
	const char *counters)
{
	test_ip_finish(f, name, counters);
	test_expect(f->name, &p, want, f->counters);
}

void
test_ipv6_header(void)
{
	struct rte_ipv6_hdr *ip;

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, IPPROTO_TCP);
	test_add_tcp(&p, 5);
	test_ipv6_finish(&p, ip);
	test_expect("IPv6 TCP", &p, DECODE_OK, "ipv6 tcp");
	ip->vtc_flow = rte_cpu_to_be_32(4u << 28 | 0xfffffff);
	test_expect("IPv6 type, version 4", &p, MAL(ipv6_bad_version), "");
	ip->vtc_flow = rte_cpu_to_be_32(6u << 28 | 0xfffffff);
	test_expect("traffic class and flow label all ones", &p, DECODE_OK,
		"ipv6 tcp");
	ip->payload_len = rte_cpu_to_be_16(21);
	test_expect("payload length one past the frame", &p, MAL(ipv6_truncated), "");
	p.len = 14 + 39;
	test_expect("IPv6, 39 bytes", &p, MAL(ipv6_truncated), "");

	/* No payload at all is fine when nothing follows. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, IPPROTO_NONE);
	test_ipv6_finish(&p, ip);
	test_expect("no next header, no payload", &p, DECODE_OK, "ipv6 other_l4");

	/* Padding beyond the payload length is not payload. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, IPPROTO_ICMPV6);
	test_add_bytes(&p, 2);
	test_ipv6_finish(&p, ip);
	test_pad(&p, 60);
	test_expect("ICMPv6 into the padding", &p, MAL(icmpv6_truncated), "ipv6");
}

/*
 * IPv6 whose first extension header (first: destination options,
 * hop-by-hop or a first fragment) is followed by a hop-by-hop header, then
 * UDP: decoded as want_counts says.
 */
static void
test_hbh_after(uint8_t first, const char *name, const char *want_counts)
{
	struct rte_ipv6_hdr *ip;

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, first);
	if (first == IPPROTO_FRAGMENT)
		test_add_frag6(&p, IPPROTO_HOPOPTS, 0, 1);
	else
		test_add_ext(&p, IPPROTO_HOPOPTS, 0);
	test_add_ext(&p, IPPROTO_UDP, 0);
	test_add_udp(&p, 8);
	test_ipv6_finish(&p, ip);
	test_expect(name, &p, DECODE_OK, want_counts);
}

void
test_ipv6_ext(void)
{
	struct rte_ipv6_hdr *ip;
	int i;

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, IPPROTO_HOPOPTS);
	test_add_ext(&p, IPPROTO_DSTOPTS, 0);
	test_add_ext(&p, IPPROTO_ROUTING, 2);
	test_add_ext(&p, IPPROTO_DSTOPTS, 1);
	test_add_ext(&p, IPPROTO_TCP, 0);
	test_add_tcp(&p, 5);
	test_ipv6_finish(&p, ip);
	test_expect("hop-by-hop, dst, routing, dst, TCP", &p, DECODE_OK,
		"ipv6 ipv6_ext tcp");

	/* The hop-by-hop header claims 16 bytes; the payload has 8. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, IPPROTO_HOPOPTS);
	test_add_ext(&p, IPPROTO_UDP, 1);
	test_ipv6_finish(&p, ip);
	ip->payload_len = rte_cpu_to_be_16(8);
	test_expect("extension beyond the payload, in the frame", &p,
		MAL(ipv6_ext_truncated), "ipv6");
	ip->payload_len = rte_cpu_to_be_16(7);
	test_expect("7 bytes for an extension header", &p,
		MAL(ipv6_ext_truncated), "ipv6");
	ip->payload_len = 0;
	ip->proto = IPPROTO_ROUTING;
	test_expect("routing header, no payload", &p, MAL(ipv6_ext_truncated),
		"ipv6");

	/* The first header was whole: it counts, the second is at fault. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, IPPROTO_HOPOPTS);
	test_add_ext(&p, IPPROTO_ROUTING, 0);
	test_add_ext(&p, IPPROTO_UDP, 3);
	test_ipv6_finish(&p, ip);
	p.len -= 1;
	ip->payload_len = rte_cpu_to_be_16(8 + 31);
	test_expect("second extension cut short", &p, MAL(ipv6_ext_truncated),
		"ipv6 ipv6_ext");

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, IPPROTO_DSTOPTS);
	test_add_ext(&p, IPPROTO_TCP, 0);
	test_add_bytes(&p, 19);
	test_ipv6_finish(&p, ip);
	test_expect("extension, then 19 bytes of TCP", &p, MAL(tcp_truncated),
		"ipv6 ipv6_ext");

	/*
	 * Hop-by-hop only right after the IPv6 header (RFC 8200 4.1):
	 * elsewhere 0 is an unrecognised next header, and the UDP behind it
	 * is not decoded.
	 */
	test_hbh_after(IPPROTO_DSTOPTS, "destination options, hop-by-hop, UDP",
		"ipv6 ipv6_ext other_l4");
	test_hbh_after(IPPROTO_HOPOPTS, "hop-by-hop twice, UDP", "ipv6 ipv6_ext other_l4");
	test_hbh_after(IPPROTO_FRAGMENT, "first fragment, hop-by-hop, UDP",
		"ipv6 ipv6_ext ipv6_fragments other_l4");

	/* A long chain is walked to its end. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, IPPROTO_DSTOPTS);
	for (i = 0; i < 99; i++)
		test_add_ext(&p, IPPROTO_DSTOPTS, 0);
	test_add_ext(&p, IPPROTO_ICMPV6, 0);
	test_add_bytes(&p, 4);
	test_ipv6_finish(&p, ip);
	test_expect("100 destination options headers, ICMPv6", &p, DECODE_OK,
		"ipv6 ipv6_ext icmpv6");
}

/*
 * Ethernet, IPv6, an optional destination options header, a fragment header
 * and data bytes of filler, finished.
 */
static struct rte_ipv6_hdr *
test_frag6_data(uint16_t offset, int mf, uint32_t data, int dst)
{
	struct rte_ipv6_hdr *ip;

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, dst ? IPPROTO_DSTOPTS : IPPROTO_FRAGMENT);
	if (dst)
		test_add_ext(&p, IPPROTO_FRAGMENT, 0);
	test_add_frag6(&p, IPPROTO_UDP, offset, mf);
	test_add_bytes(&p, data);
	test_ipv6_finish(&p, ip);
	return ip;
}

/*
 * RFC 8200 4.5: a fragment with M set carries a multiple of 8 bytes, and
 * none reassembles past 65535 bytes. The fragment header is at fault: the
 * IPv6 header and the extension headers before it count.
 */
void
test_ipv6_bad_fragments(void)
{
	struct rte_ipv6_hdr *ip;

	test_frag6_data(0, 1, 12, 0);
	test_expect("first fragment, 12 bytes", &p, MAL(ipv6_bad_fragment), "ipv6");
	test_frag6_data(100, 1, 1, 0);
	test_expect("middle fragment, 1 byte", &p, MAL(ipv6_bad_fragment), "ipv6");
	test_frag6_data(100, 1, 15, 1);
	test_expect("destination options, middle fragment, 15 bytes", &p,
		MAL(ipv6_bad_fragment), "ipv6 ipv6_ext");
	/* The length is the payload length's, not the frame's. */
	ip = test_frag6_data(100, 1, 16, 0);
	test_pad(&p, p.len + 5);
	test_expect("middle fragment, 16 bytes and 5 of padding", &p, DECODE_OK,
		"ipv6 ipv6_ext ipv6_fragments");
	ip->payload_len = rte_cpu_to_be_16(8 + 13);
	test_expect("middle fragment, payload length 13 bytes into it", &p,
		MAL(ipv6_bad_fragment), "ipv6");
	/* Only an atomic fragment or the last may end anywhere. */
	test_frag6_data(0, 0, 13, 0);
	test_expect("atomic fragment, 13 bytes, UDP length beyond them", &p,
		MAL(udp_bad_length), "ipv6 ipv6_ext");
	test_frag6_data(100, 0, 13, 0);
	test_expect("last fragment, 13 bytes", &p, DECODE_OK,
		"ipv6 ipv6_ext ipv6_fragments");

	/* 8 * 8191 = 65528 bytes of offset: 7 more reach 65535. */
	test_frag6_data(8191, 0, 7, 0);
	test_expect("last fragment ending at 65535", &p, DECODE_OK,
		"ipv6 ipv6_ext ipv6_fragments");
	test_frag6_data(8191, 0, 8, 1);
	test_expect("last fragment ending at 65536", &p, MAL(ipv6_bad_fragment),
		"ipv6 ipv6_ext");
	test_frag6_data(8190, 1, 16, 0);
	test_expect("middle fragment ending past 65535", &p, MAL(ipv6_bad_fragment),
		"ipv6");
}

/* Ethernet, IPv6, fragment header, UDP with a length of 1000. */
static struct rte_ipv6_hdr *
test_frag6_udp(uint16_t offset, int mf)
{
	struct rte_ipv6_hdr *ip;

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, IPPROTO_FRAGMENT);
	test_add_frag6(&p, IPPROTO_UDP, offset, mf);
	test_add_udp(&p, 1000);
	test_add_bytes(&p, 48);
	test_ipv6_finish(&p, ip);
	return ip;
}

void
test_ipv6_fragments(void)
{
	struct rte_ipv6_hdr *ip;

	test_frag6_udp(0, 1);
	test_expect("first fragment, UDP length beyond it", &p, DECODE_OK,
		"ipv6 ipv6_ext ipv6_fragments udp");
	/*
	 * Offset 0 and M=0: an atomic fragment (RFC 6946), a whole datagram.
	 * Not a fragment; its UDP length is checked as any other's.
	 */
	test_frag6_udp(0, 0);
	test_expect("atomic fragment, UDP length beyond it", &p,
		MAL(udp_bad_length), "ipv6 ipv6_ext");
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, IPPROTO_FRAGMENT);
	test_add_frag6(&p, IPPROTO_UDP, 0, 0);
	test_add_udp(&p, 8 + 5);
	test_add_bytes(&p, 5);
	test_ipv6_finish(&p, ip);
	test_expect("atomic fragment, UDP", &p, DECODE_OK, "ipv6 ipv6_ext udp");
	/* The two reserved bits are not the offset: still atomic. */
	((struct rte_ipv6_fragment_ext *)(ip + 1))->frag_data = rte_cpu_to_be_16(6);
	test_expect("atomic fragment, reserved bits set", &p, DECODE_OK,
		"ipv6 ipv6_ext udp");
	test_frag6_udp(100, 1);
	test_expect("middle fragment", &p, DECODE_OK,
		"ipv6 ipv6_ext ipv6_fragments");
	test_frag6_udp(8000, 0);
	test_expect("last fragment", &p, DECODE_OK, "ipv6 ipv6_ext ipv6_fragments");
	ip = test_frag6_udp(0, 1);
	ip->payload_len = rte_cpu_to_be_16(7);
	test_expect("fragment header cut short", &p, MAL(ipv6_ext_truncated),
		"ipv6");
	/* A fragment header that ends the payload is whole: a later
	 * fragment is done with it, a first one has no L4 bytes. */
	ip = test_frag6_udp(100, 1);
	ip->payload_len = rte_cpu_to_be_16(8);
	test_expect("later fragment, payload ends with its header", &p, DECODE_OK,
		"ipv6 ipv6_ext ipv6_fragments");
	ip = test_frag6_udp(0, 1);
	ip->payload_len = rte_cpu_to_be_16(8);
	test_expect("first fragment, payload ends with its header", &p,
		MAL(ipv6_incomplete_chain), "ipv6 ipv6_ext ipv6_fragments");

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, IPPROTO_HOPOPTS);
	test_add_ext(&p, IPPROTO_FRAGMENT, 0);
	test_add_frag6(&p, IPPROTO_DSTOPTS, 0, 1);
	test_add_ext(&p, IPPROTO_TCP, 0);
	test_add_tcp(&p, 6);
	test_ipv6_finish(&p, ip);
	test_expect("hop-by-hop, first fragment, dst, TCP", &p, DECODE_OK,
		"ipv6 ipv6_ext ipv6_fragments tcp");

	/* Two fragment headers: still one fragment, one extension count. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, IPPROTO_FRAGMENT);
	test_add_frag6(&p, IPPROTO_FRAGMENT, 0, 1);
	test_add_frag6(&p, IPPROTO_UDP, 0, 0);
	test_add_udp(&p, 900);
	test_ipv6_finish(&p, ip);
	test_expect("two fragment headers", &p, DECODE_OK,
		"ipv6 ipv6_ext ipv6_fragments udp");
}

void
test_tcp(void)
{
	struct test_ip f;
	int v6;

	for (v6 = 0; v6 <= 1; v6++) {
		test_ip_start(&f, v6, IPPROTO_TCP);
		test_add_tcp(&p, 5);
		test_ip_expect(&f, "TCP", DECODE_OK, "tcp");
		test_ip_start(&f, v6, IPPROTO_TCP);
		test_add_tcp(&p, 15);
		test_ip_expect(&f, "TCP with 40 bytes of options", DECODE_OK, "tcp");
		p.len--;
		test_ip_expect(&f, "TCP options one byte short",
			MAL(tcp_truncated), "");
		test_ip_start(&f, v6, IPPROTO_TCP);
		test_add_bytes(&p, 19);
		test_ip_expect(&f, "19 bytes of TCP", MAL(tcp_truncated), "");
		test_ip_start(&f, v6, IPPROTO_TCP);
		test_add_tcp(&p, 4);
		test_ip_expect(&f, "TCP data offset 4", MAL(tcp_bad_data_offset), "");
		/* The 20-byte check comes first. */
		p.len--;
		test_ip_expect(&f, "TCP data offset 4 in 19 bytes",
			MAL(tcp_truncated), "");
		test_ip_start(&f, v6, IPPROTO_TCP);
		test_add_tcp(&p, 0);
		test_ip_expect(&f, "TCP data offset 0", MAL(tcp_bad_data_offset), "");
	}
}

void
test_udp(void)
{
	struct test_ip f;
	int v6;

	for (v6 = 0; v6 <= 1; v6++) {
		test_ip_start(&f, v6, IPPROTO_UDP);
		test_add_udp(&p, 8);
		test_ip_expect(&f, "UDP, no payload", DECODE_OK, "udp");
		p.len--;
		test_ip_expect(&f, "7 bytes of UDP", MAL(udp_truncated), "");
		test_ip_start(&f, v6, IPPROTO_UDP);
		test_add_udp(&p, 7);
		test_ip_expect(&f, "UDP length 7", MAL(udp_bad_length), "");
		test_ip_start(&f, v6, IPPROTO_UDP);
		test_add_udp(&p, 0);
		test_ip_expect(&f, "UDP length 0", MAL(udp_bad_length), "");
		test_ip_start(&f, v6, IPPROTO_UDP);
		test_add_udp(&p, 21);
		test_add_bytes(&p, 12);
		test_ip_expect(&f, "UDP length one past the L4 bytes",
			MAL(udp_bad_length), "");
		test_ip_start(&f, v6, IPPROTO_UDP);
		test_add_udp(&p, 12);
		test_add_bytes(&p, 12);
		test_ip_expect(&f, "UDP length short of the L4 bytes", DECODE_OK,
			"udp");
	}
}

/* The UDP header right after f's IP header (no options, no extension). */
static struct rte_udp_hdr *
test_udp_of(const struct test_ip *f)
{
	return (struct rte_udp_hdr *)((uint8_t *)f->hdr +
		(f->v6 ? sizeof(struct rte_ipv6_hdr) : sizeof(struct rte_ipv4_hdr)));
}

/*
 * A zero UDP checksum is "none" over IPv4 (RFC 768) but not over IPv6: RFC
 * 8200 8.1 has receivers discard it. Counted, and decoded all the same.
 */
void
test_udp6_zero_checksum(void)
{
	struct rte_ipv6_hdr *ip;
	struct test_ip f;
	int v6;

	for (v6 = 0; v6 <= 1; v6++) {
		test_ip_start(&f, v6, IPPROTO_UDP);
		test_add_udp(&p, 8 + 4);
		test_add_bytes(&p, 4);
		test_udp_of(&f)->dgram_cksum = 0;
		test_ip_expect(&f, "UDP checksum 0", DECODE_OK,
			v6 ? "udp udp6_zero_checksum" : "udp");
		test_udp_of(&f)->dgram_len = rte_cpu_to_be_16(7);
		test_ip_expect(&f, "UDP checksum 0, length 7", MAL(udp_bad_length), "");
	}
	/* The checksum of a first fragment is the whole datagram's. */
	ip = test_frag6_udp(0, 1);
	((struct rte_udp_hdr *)((uint8_t *)(ip + 1) + 8))->dgram_cksum = 0;
	test_expect("first fragment, UDP checksum 0", &p, DECODE_OK,
		"ipv6 ipv6_ext ipv6_fragments udp udp6_zero_checksum");
	/* So is an atomic fragment's, a whole datagram. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, IPPROTO_FRAGMENT);
	test_add_frag6(&p, IPPROTO_UDP, 0, 0);
	test_add_udp(&p, 8);
	((struct rte_udp_hdr *)(p.b + p.len - 8))->dgram_cksum = 0;
	test_ipv6_finish(&p, ip);
	test_expect("atomic fragment, UDP checksum 0", &p, DECODE_OK,
		"ipv6 ipv6_ext udp udp6_zero_checksum");
}

void
test_icmp(void)
{
	struct test_ip f;
	int v6;

	/* The table is the same for both IP versions, as in tshark. */
	for (v6 = 0; v6 <= 1; v6++) {
		test_ip_start(&f, v6, IPPROTO_ICMP);
		test_add_icmp(&p);
		test_ip_expect(&f, "ICMP", DECODE_OK, "icmp");
		p.len--;
		test_ip_expect(&f, "7 bytes of ICMP", MAL(icmp_truncated), "");
		test_ip_start(&f, v6, IPPROTO_ICMPV6);
		test_add_bytes(&p, 4);
		test_ip_expect(&f, "ICMPv6", DECODE_OK, "icmpv6");
		p.len--;
		test_ip_expect(&f, "3 bytes of ICMPv6", MAL(icmpv6_truncated), "");
		test_ip_start(&f, v6, IPPROTO_ICMPV6);
		test_ip_expect(&f, "no ICMPv6 bytes", MAL(icmpv6_truncated), "");
	}
}

void
test_other_l4(void)
{
	static const uint8_t protos[] = {
		IPPROTO_GRE, IPPROTO_ESP, IPPROTO_AH, IPPROTO_NONE, IPPROTO_SCTP,
		IPPROTO_IPIP, IPPROTO_IPV6, 255,
	};
	struct test_ip f;
	char name[64];
	unsigned int i;
	int v6;

	for (v6 = 0; v6 <= 1; v6++) {
		for (i = 0; i < RTE_DIM(protos); i++) {
			test_ip_start(&f, v6, protos[i]);
			test_add_bytes(&p, 3);
			snprintf(name, sizeof(name), "protocol %u", protos[i]);
			test_ip_expect(&f, name, DECODE_OK, "other_l4");
		}
	}
	/* Extension header numbers mean nothing after IPv4. */
	test_ip_start(&f, 0, IPPROTO_HOPOPTS);
	test_ip_expect(&f, "protocol 0, no bytes", DECODE_OK, "other_l4");
	test_ip_start(&f, 0, IPPROTO_FRAGMENT);
	test_add_frag6(&p, IPPROTO_UDP, 0, 0);
	test_ip_expect(&f, "protocol 44", DECODE_OK, "other_l4");
}

/* Jumbo frames arrive as chains: test_expect() splits them everywhere. */
void
test_jumbo(void)
{
	struct test_ip f;
	int v6;

	for (v6 = 0; v6 <= 1; v6++) {
		test_ip_start(&f, v6, IPPROTO_UDP);
		test_add_udp(&p, 8 + 8900);
		test_add_bytes(&p, 8900);
		test_ip_expect(&f, "9000-byte UDP", DECODE_OK, "udp");
		test_add_bytes(&p, 1);
		test_ip_expect(&f, "UDP length one short of the L4 bytes", DECODE_OK,
			"udp");
		test_add_bytes(&p, 1);
		test_expect("UDP, IP length one short of the frame", &p,
			DECODE_OK, f.counters);
	}
}

/* Ethernet, IPv6 with a Jumbo Payload option of jumbo_len (see test_pkt.h). */
static struct rte_ipv6_hdr *
test_jumbogram_start(uint8_t next, uint32_t jumbo_len)
{
	return test_start_jumbogram(&p, next, jumbo_len);
}

/*
 * Jumbograms: only a chain holds one (data_len is 16 bits), and
 * test_expect() splits it everywhere. Payload length 0 is then no bound.
 */
void
test_jumbogram(void)
{
	const uint32_t jlen = 16 + 8 + 65600;

	/* UDP length 0: the datagram is longer than 65535 (RFC 2675 4). */
	test_jumbogram_start(IPPROTO_UDP, jlen);
	test_add_udp(&p, 0);
	test_add_bytes(&p, 65600);
	test_expect("jumbogram, UDP length 0", &p, DECODE_OK, "ipv6 ipv6_ext udp");
	((struct rte_udp_hdr *)(p.b + p.len - 65600 - 8))->dgram_cksum = 0;
	test_expect("jumbogram, UDP checksum 0", &p, DECODE_OK,
		"ipv6 ipv6_ext udp udp6_zero_checksum");
	((struct rte_udp_hdr *)(p.b + p.len - 65600 - 8))->dgram_cksum = RTE_BE16(0xbeef);
	p.len--;
	test_expect("jumbogram one byte short of its length", &p,
		MAL(ipv6_truncated), "");

	test_jumbogram_start(IPPROTO_TCP, 16 + 20 + 65600);
	test_add_tcp(&p, 5);
	test_add_bytes(&p, 65600);
	test_pad(&p, p.len + 3);
	test_expect("jumbogram, TCP, 3 bytes after it", &p, DECODE_OK,
		"ipv6 ipv6_ext tcp");

	/* Cut to no more payload than a payload length could say: read as
	 * its payload length 0 says, in a chain as in one segment. */
	test_jumbogram_start(IPPROTO_UDP, jlen);
	test_add_udp(&p, 0);
	test_add_bytes(&p, 1000);
	test_expect("jumbogram cut to 1000 bytes of payload", &p, MAL(ipv6_ext_truncated), "ipv6");
	test_add_bytes(&p, 14 + 40 + 65535 - p.len);
	test_expect("jumbogram cut to 65535 bytes of payload", &p, MAL(ipv6_ext_truncated), "ipv6");
	test_add_bytes(&p, 1);
	test_expect("jumbogram cut to 65536 bytes of payload", &p, MAL(ipv6_truncated), "");

	/*
	 * A jumbogram may carry no fragment header (RFC 2675 3): a fragment
	 * of one reassembles past 65535 bytes.
	 */
	test_jumbogram_start(IPPROTO_FRAGMENT, 16 + 8 + 8 + 65600);
	test_add_frag6(&p, IPPROTO_UDP, 0, 1);
	test_add_udp(&p, 0);
	test_add_bytes(&p, 65600);
	test_expect("jumbogram, first fragment", &p, MAL(ipv6_bad_fragment),
		"ipv6 ipv6_ext");

	/* A jumbo length of 65535 or less is not one: payload length 0 holds. */
	test_jumbogram_start(IPPROTO_UDP, 65535);
	test_add_udp(&p, 0);
	test_add_bytes(&p, 65600);
	test_expect("jumbo option of 65535", &p, MAL(ipv6_ext_truncated), "ipv6");
	/* UDP length 0 outside a jumbogram is still wrong. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	test_ipv6_finish(&p, test_add_ipv6(&p, IPPROTO_HOPOPTS));
	test_add_ext(&p, IPPROTO_UDP, 1);
	test_add_udp(&p, 0);
	test_ipv6_finish(&p, (struct rte_ipv6_hdr *)(p.b + 14));
	test_expect("hop-by-hop without a jumbo option, UDP length 0", &p,
		MAL(udp_bad_length), "ipv6 ipv6_ext");
}
