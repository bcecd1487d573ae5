/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Decoder unit tests, L2 to IPv4: one test per rule of decode.h and per
 * malformed reason. Each expectation names the result and every counter
 * that must move; test_expect() checks that no other counter moved, in
 * every segment layout of the frame. IPv6 and the L4 rules are in
 * test_decode_l4.c.
 */
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>

#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "test_pkt.h"
#include "test_decode.h"

#define MAL(reason) DECODE_MAL_##reason

static struct test_pkt p;

static void
test_eth(void)
{
	test_pkt_reset(&p);
	test_expect("empty frame", &p, MAL(eth_truncated), "");
	test_add_bytes(&p, 13);
	test_expect("13-byte frame", &p, MAL(eth_truncated), "");

	/* 14 bytes are a whole Ethernet header: the next layer is at fault. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
	test_expect("bare Ethernet header, IPv4 type", &p, MAL(ipv4_truncated), "");

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_LLDP);
	test_pad(&p, 60);
	test_expect("LLDP", &p, DECODE_OK, "other_l3");

	/* 802.3: the type field is a length; 1500 is the largest one. */
	test_pkt_reset(&p);
	test_add_eth(&p, 1500);
	test_add_bytes(&p, 46);
	test_expect("802.3 length 1500", &p, DECODE_OK, "other_l3");
	test_pkt_reset(&p);
	test_add_eth(&p, 0x0046);
	test_add_ipv4(&p, 5, IPPROTO_TCP, 0);	/* an IPv4 lookalike */
	test_add_tcp(&p, 5);
	test_expect("802.3 length over an IPv4 lookalike", &p, DECODE_OK,
		"other_l3");
}

static void
test_vlan(void)
{
	static const uint16_t tpids[] = {
		RTE_ETHER_TYPE_VLAN, RTE_ETHER_TYPE_QINQ, RTE_ETHER_TYPE_QINQ1,
	};
	struct rte_ipv4_hdr *ip;
	struct rte_ipv6_hdr *ip6;
	char name[64];
	unsigned int i;

	for (i = 0; i < RTE_DIM(tpids); i++) {
		test_pkt_reset(&p);
		test_add_eth(&p, tpids[i]);
		test_add_vlan(&p, RTE_ETHER_TYPE_IPV4);
		ip = test_add_ipv4(&p, 5, IPPROTO_TCP, 0);
		test_add_tcp(&p, 5);
		test_ipv4_finish(&p, ip);
		snprintf(name, sizeof(name), "one tag, TPID 0x%04x", tpids[i]);
		test_expect(name, &p, DECODE_OK, "vlan ipv4 tcp");
	}

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_QINQ);
	test_add_vlan(&p, RTE_ETHER_TYPE_VLAN);
	test_add_vlan(&p, RTE_ETHER_TYPE_IPV6);
	ip6 = test_add_ipv6(&p, IPPROTO_UDP);
	test_add_udp(&p, 8);
	test_ipv6_finish(&p, ip6);
	test_expect("QinQ 0x88a8/0x8100, IPv6 UDP", &p, DECODE_OK,
		"vlan qinq ipv6 udp");

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_QINQ1);
	test_add_vlan(&p, RTE_ETHER_TYPE_QINQ1);
	test_add_vlan(&p, RTE_ETHER_TYPE_ARP);
	test_add_arp(&p, 6, 4);
	test_expect("QinQ 0x9100/0x9100, ARP", &p, DECODE_OK, "vlan qinq arp");

	/* Only two tags are decoded: a third is an unknown L3. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_QINQ);
	test_add_vlan(&p, RTE_ETHER_TYPE_VLAN);
	test_add_vlan(&p, RTE_ETHER_TYPE_VLAN);
	test_add_vlan(&p, RTE_ETHER_TYPE_IPV4);
	test_pad(&p, 60);
	test_expect("third tag", &p, DECODE_OK, "vlan qinq other_l3");

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_VLAN);
	test_add_vlan(&p, 64);
	test_add_bytes(&p, 64);
	test_expect("802.3 inside a tag", &p, DECODE_OK, "vlan other_l3");

	/* A tag needs all 4 bytes; a cut first tag counts no vlan. */
	for (i = 0; i < 4; i++) {
		test_pkt_reset(&p);
		test_add_eth(&p, RTE_ETHER_TYPE_VLAN);
		test_add_bytes(&p, i);
		snprintf(name, sizeof(name), "first tag cut to %u bytes", i);
		test_expect(name, &p, MAL(vlan_truncated), "");

		test_pkt_reset(&p);
		test_add_eth(&p, RTE_ETHER_TYPE_QINQ);
		test_add_vlan(&p, RTE_ETHER_TYPE_VLAN);
		test_add_bytes(&p, i);
		snprintf(name, sizeof(name), "second tag cut to %u bytes", i);
		test_expect(name, &p, MAL(vlan_truncated), "vlan");
	}
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_VLAN);
	test_add_vlan(&p, RTE_ETHER_TYPE_IPV4);
	test_expect("tag, then nothing", &p, MAL(ipv4_truncated), "vlan");
	/* A whole second tag that ends the frame is a QinQ frame: the layer
	 * after it is at fault, not the tag. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_QINQ);
	test_add_vlan(&p, RTE_ETHER_TYPE_VLAN);
	test_add_vlan(&p, RTE_ETHER_TYPE_IPV4);
	test_expect("two tags, then nothing", &p, MAL(ipv4_truncated), "vlan qinq");

	/* The outer layers of a malformed packet still count. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_VLAN);
	test_add_vlan(&p, RTE_ETHER_TYPE_IPV4);
	ip = test_add_ipv4(&p, 5, IPPROTO_TCP, 0);
	test_add_bytes(&p, 12);
	test_ipv4_finish(&p, ip);
	test_expect("tag, IPv4, 12 bytes of TCP", &p, MAL(tcp_truncated),
		"vlan ipv4");
}

static void
test_arp(void)
{
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_ARP);
	test_add_arp(&p, 6, 4);
	test_pad(&p, 60);
	test_expect("ARP request, padded", &p, DECODE_OK, "arp");

	/* Exact fit, one byte short, and a cut fixed header. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_ARP);
	test_add_arp(&p, 6, 4);
	test_expect("ARP, no padding", &p, DECODE_OK, "arp");
	p.len--;
	test_expect("ARP, last address byte missing", &p, MAL(arp_truncated), "");
	p.len = 14 + 7;
	test_expect("ARP, 7 bytes of fixed header", &p, MAL(arp_truncated), "");
	p.len = 14 + 8;
	test_expect("ARP, fixed header only", &p, MAL(arp_truncated), "");

	/* The lengths come from the header, not from Ethernet/IPv4 sizes. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_ARP);
	test_add_arp(&p, 0, 0);
	p.len = 14 + 8;
	test_expect("ARP, zero-length addresses", &p, DECODE_OK, "arp");
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_ARP);
	test_add_arp(&p, 255, 255);
	test_pad(&p, 14 + 8 + 1020);
	test_expect("ARP, 255-byte addresses, exact", &p, DECODE_OK, "arp");
	p.len--;
	test_expect("ARP, 255-byte addresses, short", &p, MAL(arp_truncated), "");
}

/* Ethernet + IPv4 with the given header length, TCP, finished. */
static struct rte_ipv4_hdr *
test_ipv4_tcp(uint8_t ihl, uint16_t frag)
{
	struct rte_ipv4_hdr *ip;

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
	ip = test_add_ipv4(&p, ihl, IPPROTO_TCP, frag);
	test_add_tcp(&p, 5);
	test_ipv4_finish(&p, ip);
	return ip;
}

static void
test_ipv4_header(void)
{
	struct rte_ipv4_hdr *ip;

	test_ipv4_tcp(5, 0);
	test_expect("IPv4 TCP", &p, DECODE_OK, "ipv4 tcp");
	p.len = 14 + 19;
	test_expect("IPv4, 19 bytes", &p, MAL(ipv4_truncated), "");

	ip = test_ipv4_tcp(5, 0);
	ip->version_ihl = 0x65;
	test_expect("IPv4 type, version 6", &p, MAL(ipv4_bad_version), "");
	/* Version is checked before IHL. */
	ip->version_ihl = 0x54;
	test_expect("version 5 and IHL 4", &p, MAL(ipv4_bad_version), "");
	ip->version_ihl = 0x44;
	test_expect("IHL 4", &p, MAL(ipv4_bad_ihl), "");
	ip->version_ihl = 0x40;
	test_expect("IHL 0", &p, MAL(ipv4_bad_ihl), "");

	/* IHL 15 needs 60 bytes; 40 are there (a 20-byte header and TCP). */
	ip = test_ipv4_tcp(5, 0);
	ip->version_ihl = 0x4f;
	test_expect("IHL 15 beyond the frame", &p, MAL(ipv4_truncated), "");
	/* ... and that comes before the total length check. */
	ip->total_length = rte_cpu_to_be_16(20);
	test_expect("IHL 15 beyond the frame, total length 20", &p,
		MAL(ipv4_truncated), "");

	ip = test_ipv4_tcp(6, 0);
	ip->total_length = rte_cpu_to_be_16(23);
	test_expect("total length below IHL*4", &p, MAL(ipv4_bad_total_length), "");
	ip->total_length = rte_cpu_to_be_16(0);
	test_expect("total length 0", &p, MAL(ipv4_bad_total_length), "");
	ip->total_length = rte_cpu_to_be_16(24 + 20 + 1);
	test_expect("total length one past the frame", &p, MAL(ipv4_truncated), "");

	/* total length == IHL*4: a valid header with no L4 bytes. */
	ip = test_ipv4_tcp(5, 0);
	ip->total_length = rte_cpu_to_be_16(20);
	test_ipv4_cksum(ip);
	test_expect("total length 20, TCP", &p, MAL(tcp_truncated), "ipv4");
	/* The same with options: a header that ends the frame exactly is
	 * whole (IHL*4 == the bytes present is not truncated). */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
	ip = test_add_ipv4(&p, 6, IPPROTO_TCP, 0);
	test_ipv4_finish(&p, ip);
	test_expect("IHL 6 ending the frame, TCP", &p, MAL(tcp_truncated),
		"ipv4 ipv4_options");
}

static void
test_ipv4_options_cksum(void)
{
	struct rte_ipv4_hdr *ip;
	char name[64];
	uint8_t ihl;

	for (ihl = 6; ihl <= 15; ihl++) {
		test_ipv4_tcp(ihl, 0);
		snprintf(name, sizeof(name), "IHL %u", ihl);
		test_expect(name, &p, DECODE_OK, "ipv4 ipv4_options tcp");
	}

	/* A wrong checksum is counted, and the packet decoded further. */
	ip = test_ipv4_tcp(5, 0);
	ip->hdr_checksum ^= rte_cpu_to_be_16(0x0100);
	test_expect("bad checksum", &p, DECODE_OK, "ipv4 ipv4_bad_checksum tcp");
	ip = test_ipv4_tcp(9, 0);
	((uint8_t *)ip)[35] ^= 0x10;	/* an option byte */
	test_expect("bad checksum over the options", &p, DECODE_OK,
		"ipv4 ipv4_options ipv4_bad_checksum tcp");
	ip = test_ipv4_tcp(5, 0);
	ip->hdr_checksum ^= rte_cpu_to_be_16(0x0100);
	p.len -= 1;
	ip->total_length = rte_cpu_to_be_16(39);
	test_expect("bad checksum, then truncated TCP", &p, MAL(tcp_truncated),
		"ipv4 ipv4_bad_checksum");
}

static void
test_ipv4_fragments(void)
{
	struct rte_ipv4_hdr *ip;

	test_ipv4_tcp(5, RTE_IPV4_HDR_DF_FLAG);
	test_expect("DF only is not a fragment", &p, DECODE_OK, "ipv4 tcp");

	/* First fragment: UDP length covers the datagram, not this fragment. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
	ip = test_add_ipv4(&p, 5, IPPROTO_UDP, RTE_IPV4_HDR_MF_FLAG);
	test_add_udp(&p, 1000);
	test_add_bytes(&p, 64);
	test_ipv4_finish(&p, ip);
	test_expect("first fragment, UDP length beyond it", &p, DECODE_OK,
		"ipv4 ipv4_fragments udp");
	((struct rte_udp_hdr *)(ip + 1))->dgram_len = rte_cpu_to_be_16(7);
	test_expect("first fragment, UDP length 7", &p, MAL(udp_bad_length),
		"ipv4 ipv4_fragments");
	ip->fragment_offset = 0;
	test_ipv4_cksum(ip);
	((struct rte_udp_hdr *)(ip + 1))->dgram_len = rte_cpu_to_be_16(1000);
	test_expect("same UDP length, not a fragment", &p, MAL(udp_bad_length),
		"ipv4");

	/* First fragment too short for TCP: the fragment is at fault (RFC 1858). */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
	ip = test_add_ipv4(&p, 5, IPPROTO_TCP, RTE_IPV4_HDR_MF_FLAG);
	test_add_bytes(&p, 16);
	test_ipv4_finish(&p, ip);
	test_expect("first fragment, 16 bytes of TCP", &p, MAL(ipv4_tiny_fragment),
		"ipv4 ipv4_fragments");

	/* Later fragments (MF or not) carry no L4 header, whatever follows. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
	ip = test_add_ipv4(&p, 5, IPPROTO_TCP, RTE_IPV4_HDR_MF_FLAG | 185);
	test_add_bytes(&p, 8);
	test_ipv4_finish(&p, ip);
	test_expect("middle fragment, 8 bytes", &p, DECODE_OK,
		"ipv4 ipv4_fragments");
	p.len -= 5;
	test_ipv4_finish(&p, ip);
	ip->fragment_offset = rte_cpu_to_be_16(1);
	ip->next_proto_id = IPPROTO_GRE;
	test_ipv4_cksum(ip);
	test_expect("last fragment, 3 bytes, GRE", &p, DECODE_OK,
		"ipv4 ipv4_fragments");
	ip->hdr_checksum = 0;
	test_expect("last fragment, bad checksum", &p, DECODE_OK,
		"ipv4 ipv4_fragments ipv4_bad_checksum");
}

/*
 * Ethernet, IPv4 (IHL ihl, fragment field frag), data bytes of UDP: filler,
 * which reads as a UDP length of 0xa5a5 in a first fragment.
 */
static struct rte_ipv4_hdr *
test_frag4(uint8_t ihl, uint16_t frag, uint32_t data)
{
	struct rte_ipv4_hdr *ip;

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
	ip = test_add_ipv4(&p, ihl, IPPROTO_UDP, frag);
	test_add_bytes(&p, data);
	test_ipv4_finish(&p, ip);
	return ip;
}

/*
 * Offsets count 8-byte blocks (RFC 791): a fragment with MF set carries a
 * multiple of 8 bytes, and no fragment ends past 65535 bytes. Malformed at
 * the IPv4 layer: nothing of it counts.
 */
static void
test_ipv4_bad_fragments(void)
{
	const uint16_t mf = RTE_IPV4_HDR_MF_FLAG;
	struct rte_ipv4_hdr *ip;

	test_frag4(5, mf, 13);
	test_expect("first fragment, 13 bytes", &p, MAL(ipv4_bad_fragment), "");
	test_frag4(5, mf | 185, 15);
	test_expect("middle fragment, 15 bytes", &p, MAL(ipv4_bad_fragment), "");
	ip = test_frag4(5, mf | 185, 15);
	ip->hdr_checksum = 0;
	test_expect("middle fragment, 15 bytes, bad checksum", &p,
		MAL(ipv4_bad_fragment), "");
	/* The fragment's length is the total length's, not the frame's. */
	test_frag4(5, mf, 16);
	test_pad(&p, p.len + 3);
	test_expect("first fragment, 16 bytes and 3 of padding", &p, DECODE_OK,
		"ipv4 ipv4_fragments udp");
	test_frag4(8, mf, 9);
	test_expect("first fragment, options, 9 bytes", &p, MAL(ipv4_bad_fragment), "");
	/* No data at all is a multiple of 8: a fragment too short for UDP. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
	test_ipv4_finish(&p, test_add_ipv4(&p, 5, IPPROTO_UDP, mf));
	test_expect("first fragment, no data", &p, MAL(ipv4_tiny_fragment),
		"ipv4 ipv4_fragments");

	/* 8 * 8189 = 65512 bytes of offset: 23 more reach 65535. */
	test_frag4(5, 8189, 3);
	test_expect("last fragment ending at 65535", &p, DECODE_OK,
		"ipv4 ipv4_fragments");
	test_frag4(5, 8189, 4);
	test_expect("last fragment ending at 65536", &p, MAL(ipv4_bad_fragment), "");
	test_frag4(5, mf | 8190, 16);
	test_expect("middle fragment ending past 65535", &p, MAL(ipv4_bad_fragment), "");
	test_frag4(5, RTE_IPV4_HDR_OFFSET_MASK, 8);
	test_expect("largest offset", &p, MAL(ipv4_bad_fragment), "");
}

/* Ethernet padding of a minimum frame is not IP payload. */
static void
test_ipv4_padding(void)
{
	struct rte_ipv4_hdr *ip;

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
	ip = test_add_ipv4(&p, 5, IPPROTO_UDP, 0);
	test_add_udp(&p, 8);
	test_ipv4_finish(&p, ip);
	test_pad(&p, 60);
	test_expect("padded UDP, no payload", &p, DECODE_OK, "ipv4 udp");
	((struct rte_udp_hdr *)(ip + 1))->dgram_len = rte_cpu_to_be_16(9);
	test_expect("UDP length into the padding", &p, MAL(udp_bad_length), "ipv4");

	/* The padding would hold the TCP options; total length says no. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
	ip = test_add_ipv4(&p, 5, IPPROTO_TCP, 0);
	test_add_tcp(&p, 5);
	test_ipv4_finish(&p, ip);
	((struct rte_tcp_hdr *)(ip + 1))->data_off = 6 << 4;
	test_pad(&p, 64);
	test_expect("TCP options into the padding", &p, MAL(tcp_truncated), "ipv4");

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
	ip = test_add_ipv4(&p, 5, IPPROTO_ICMP, 0);
	test_add_bytes(&p, 4);
	test_ipv4_finish(&p, ip);
	test_pad(&p, 60);
	test_expect("ICMP header into the padding", &p, MAL(icmp_truncated), "ipv4");
}

static void
test_names(void)
{
	test_checks++;
	if (strcmp(decode_result_name(DECODE_OK), "ok") != 0 ||
			strcmp(decode_result_name(MAL(eth_truncated)), "eth_truncated") != 0 ||
			strcmp(decode_result_name(MAL(icmpv6_truncated)),
				"icmpv6_truncated") != 0 ||
			strcmp(decode_result_name(DECODE_RESULT_COUNT), "unknown") != 0 ||
			strstr(decode_result_help(MAL(ipv4_bad_ihl)), "IHL") == NULL ||
			decode_result_help(DECODE_RESULT_COUNT) == NULL)
		test_fail("decode_result_name/help: wrong name or help");
}

/*
 * A chain whose segments hold fewer bytes than pkt_len (a PMD's or an
 * application's bug) is refused before anything is read: rte_pktmbuf_read()
 * would follow the last segment's NULL next. More bytes than pkt_len are
 * not payload.
 */
static void
test_mbuf_chain(void)
{
	test_ipv4_tcp(5, 0);
	test_expect_held("chain one byte short", &p, p.len - 1, MAL(mbuf_chain_short), "");
	test_expect_held("chain with the Ethernet header only", &p, 14,
		MAL(mbuf_chain_short), "");
	test_expect_held("chain of empty segments", &p, 0, MAL(mbuf_chain_short), "");
	test_expect_held("chain 6 bytes past pkt_len", &p, p.len + 6, DECODE_OK, "ipv4 tcp");
	p.len = 14 + 30;
	test_expect_held("chain past a short pkt_len", &p, 14 + 40, MAL(ipv4_truncated), "");
}

/* Counts add up across packets: nothing is reset between calls. */
static void
test_accumulate(void)
{
	struct rte_mbuf m;
	struct decode_counts c;
	unsigned int i;

	test_ipv4_tcp(5, 0);
	memset(&m, 0, sizeof(m));
	memset(&c, 0, sizeof(c));
	m.buf_addr = p.b;
	m.data_len = (uint16_t)p.len;
	m.pkt_len = p.len;
	m.nb_segs = 1;
	for (i = 0; i < 3; i++)
		decode_packet(&m, &c);
	m.pkt_len = m.data_len = 10;
	decode_packet(&m, &c);
	test_checks++;
	if (c.packets != 4 || c.bytes != 3 * 54 + 10 || c.ipv4 != 3 ||
			c.tcp != 3 || c.malformed_total != 1 ||
			c.malformed[MAL(eth_truncated)] != 1)
		test_fail("accumulate: packets %llu bytes %llu ipv4 %llu tcp %llu "
			"malformed %llu", (unsigned long long)c.packets,
			(unsigned long long)c.bytes, (unsigned long long)c.ipv4,
			(unsigned long long)c.tcp,
			(unsigned long long)c.malformed_total);
}

#define RUN(test) do {							\
	unsigned int before_ = test_failures;				\
	test();								\
	printf("%-32s %s\n", #test, test_failures == before_ ? "ok" : "FAILED"); \
} while (0)

int
main(void)
{
	RUN(test_eth);
	RUN(test_vlan);
	RUN(test_arp);
	RUN(test_ipv4_header);
	RUN(test_ipv4_options_cksum);
	RUN(test_ipv4_fragments);
	RUN(test_ipv4_bad_fragments);
	RUN(test_ipv4_padding);
	RUN(test_names);
	RUN(test_accumulate);
	RUN(test_mbuf_chain);
	RUN(test_ipv6_header);
	RUN(test_ipv6_ext);
	RUN(test_ipv6_fragments);
	RUN(test_ipv6_bad_fragments);
	RUN(test_ipv4_tiny_fragments);
	RUN(test_ipv6_incomplete_chain);
	RUN(test_tcp);
	RUN(test_udp);
	RUN(test_udp6_zero_checksum);
	RUN(test_icmp);
	RUN(test_other_l4);
	RUN(test_jumbo);
	RUN(test_jumbogram);
	RUN(test_csum_protocols);
	RUN(test_csum_udp);
	RUN(test_csum_fragments);
	RUN(test_csum_routing);
	RUN(test_csum_offload);
	RUN(test_csum_jumbo);
	RUN(test_csum_off);
	RUN(test_csum_chain);
	RUN(test_check_coverage);
	printf("%u layouts checked, %u failures\n", test_checks, test_failures);
	return test_failures == 0 && test_checks > 0 ? 0 : 1;
}
