/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Decoder unit tests, L4 checksums (decode_packet_verify_l4()): good and
 * bad for each protocol over IPv4 and IPv6, behind extension and routing
 * headers, zero UDP checksums, fragments, the NIC's verdict in ol_flags,
 * and the chain sum against an oracle at every split. test_expect() runs
 * each frame as one segment and as every chain, so a sum that crosses a
 * segment boundary, at an odd byte too, is in every test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>

#include <rte_ether.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "decode_csum.h"
#include "test_pkt.h"
#include "test_decode.h"

#define MAL(reason) DECODE_MAL_##reason
#define ETH_LEN 14
#define IP4_LEN 20
#define IP6_LEN 40

static struct test_pkt p;

/* The checksum protocols, with the counter a wrong sum moves. */
static const struct {
	uint8_t proto;
	const char *name;	/* the protocol counter */
	const char *bad;	/* its *_bad_checksum counter */
} test_l4s[] = {
	{ IPPROTO_TCP, "tcp", "tcp_bad_checksum" },
	{ IPPROTO_UDP, "udp", "udp_bad_checksum" },
	{ IPPROTO_ICMP, "icmp", "icmp_bad_checksum" },
	{ IPPROTO_ICMPV6, "icmpv6", "icmpv6_bad_checksum" },
};

/* An L4 header of proto with payload bytes after it (UDP's length covers them). */
static void
test_add_l4(uint8_t proto, uint32_t payload)
{
	uint32_t i;

	if (proto == IPPROTO_TCP)
		test_add_tcp(&p, 5);
	else if (proto == IPPROTO_UDP)
		test_add_udp(&p, (uint16_t)(8 + payload));
	else
		test_add_icmp(&p);	/* 8 bytes: an ICMPv6 echo is laid out alike */
	for (i = 0; i < payload; i++)
		test_add_bytes(&p, 1), p.b[p.len - 1] = (uint8_t)(i * 7 + 1);
}

/*
 * Ethernet, IPv4 or IPv6 (with ext_hdrs 8-byte destination options headers
 * before L4), proto with payload bytes, lengths and checksum right.
 * Returns the L4 header's offset.
 */
static uint32_t
test_frame(int v6, uint8_t proto, uint32_t payload, unsigned int ext_hdrs)
{
	uint32_t l4;
	unsigned int i;

	test_pkt_reset(&p);
	if (v6) {
		struct rte_ipv6_hdr *ip;

		test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
		ip = test_add_ipv6(&p, ext_hdrs ? IPPROTO_DSTOPTS : proto);
		for (i = 0; i < ext_hdrs; i++)
			test_add_ext(&p, i + 1 < ext_hdrs ? IPPROTO_DSTOPTS : proto, 0);
		l4 = p.len;
		test_add_l4(proto, payload);
		test_ipv6_finish(&p, ip);
	} else {
		struct rte_ipv4_hdr *ip;

		test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
		ip = test_add_ipv4(&p, 5, proto, 0);
		l4 = p.len;
		test_add_l4(proto, payload);
		test_ipv4_finish(&p, ip);
	}
	test_l4_cksum(&p, ETH_LEN, l4, proto, NULL, 0);
	return l4;
}

/* "ipv4 tcp" plus extra, for the expectations. */
static const char *
test_counts(int v6, unsigned int ext_hdrs, const char *l4, const char *extra)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "%s%s %s %s", v6 ? "ipv6" : "ipv4",
		ext_hdrs ? " ipv6_ext" : "", l4, extra);
	return buf;
}

/* Good, and spoiled in the checksum field, in the header and in the last byte. */
static void
test_good_and_bad(int v6, unsigned int i, uint32_t payload, unsigned int ext_hdrs)
{
	uint32_t l4 = test_frame(v6, test_l4s[i].proto, payload, ext_hdrs);
	char name[128];
	/* ICMPv6 over IPv4 has no pseudo-header to verify with. */
	int unverified = !v6 && test_l4s[i].proto == IPPROTO_ICMPV6;
	const char *bad = unverified ? "l4_checksum_unverified" : test_l4s[i].bad;

	snprintf(name, sizeof(name), "IPv%d, %u ext, %s, %u bytes of payload, good",
		v6 ? 6 : 4, ext_hdrs, test_l4s[i].name, payload);
	test_expect(name, &p, DECODE_OK, test_counts(v6, ext_hdrs, test_l4s[i].name,
		unverified ? "l4_checksum_unverified" : ""));
	p.b[l4 + 1] ^= 0x40;	/* a port, or ICMP's code */
	snprintf(name, sizeof(name), "IPv%d, %u ext, %s, %u bytes of payload, header changed",
		v6 ? 6 : 4, ext_hdrs, test_l4s[i].name, payload);
	test_expect(name, &p, DECODE_OK, test_counts(v6, ext_hdrs, test_l4s[i].name, bad));
	p.b[l4 + 1] ^= 0x40;
	if (payload == 0)
		return;
	p.b[p.len - 1] ^= 0x01;
	snprintf(name, sizeof(name), "IPv%d, %u ext, %s, %u bytes of payload, last byte changed",
		v6 ? 6 : 4, ext_hdrs, test_l4s[i].name, payload);
	test_expect(name, &p, DECODE_OK, test_counts(v6, ext_hdrs, test_l4s[i].name, bad));
}

/* Each protocol over both IP versions, odd and even lengths, extension headers. */
void
test_csum_protocols(void)
{
	static const uint32_t payloads[] = { 0, 1, 6, 33 };
	unsigned int i, j;
	int v6;

	test_set_mode(1, 0);
	for (v6 = 0; v6 <= 1; v6++)
		for (i = 0; i < RTE_DIM(test_l4s); i++)
			for (j = 0; j < RTE_DIM(payloads); j++)
				test_good_and_bad(v6, i, payloads[j], 0);
	for (i = 0; i < RTE_DIM(test_l4s); i++) {
		test_good_and_bad(1, i, 5, 1);
		test_good_and_bad(1, i, 12, 3);
	}

	/* The IPv6 L4 length is the payload's less the extension headers. */
	test_frame(1, IPPROTO_TCP, 10, 2);
	test_l4_cksum(&p, ETH_LEN, ETH_LEN + IP6_LEN + 16, IPPROTO_TCP, NULL, 16 + 20 + 10);
	test_expect("TCP behind 16 bytes of extensions, summed with the payload length",
		&p, DECODE_OK, "ipv6 ipv6_ext tcp tcp_bad_checksum");

	/* IPv4 options are not in the pseudo-header. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
	{
		struct rte_ipv4_hdr *ip = test_add_ipv4(&p, 9, IPPROTO_UDP, 0);

		test_add_udp(&p, 8 + 3);
		test_add_bytes(&p, 3);
		test_ipv4_finish(&p, ip);
	}
	test_l4_cksum(&p, ETH_LEN, ETH_LEN + 36, IPPROTO_UDP, NULL, 0);
	test_expect("IPv4 with 16 bytes of options, UDP", &p, DECODE_OK,
		"ipv4 ipv4_options udp");

	/* Tagged: the checksum does not see the tags. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_QINQ);
	test_add_vlan(&p, RTE_ETHER_TYPE_VLAN);
	test_add_vlan(&p, RTE_ETHER_TYPE_IPV6);
	{
		struct rte_ipv6_hdr *ip = test_add_ipv6(&p, IPPROTO_TCP);

		test_add_tcp(&p, 8);
		test_add_bytes(&p, 7);
		test_ipv6_finish(&p, ip);
	}
	test_l4_cksum(&p, ETH_LEN + 8, ETH_LEN + 8 + IP6_LEN, IPPROTO_TCP, NULL, 0);
	test_expect("QinQ, IPv6, TCP with options", &p, DECODE_OK, "vlan qinq ipv6 tcp");
	p.b[p.len - 3] ^= 0x80;
	test_expect("QinQ, IPv6, TCP with options, bad", &p, DECODE_OK,
		"vlan qinq ipv6 tcp tcp_bad_checksum");

	/* A wrong IPv4 header checksum is its own counter; L4's sum is apart. */
	test_frame(0, IPPROTO_TCP, 4, 0);
	((struct rte_ipv4_hdr *)(p.b + ETH_LEN))->hdr_checksum ^= 0x0101;
	test_expect("IPv4 header checksum wrong, TCP good", &p, DECODE_OK,
		"ipv4 ipv4_bad_checksum tcp");

	/* A malformed L4 header is not summed. */
	test_frame(0, IPPROTO_TCP, 4, 0);
	p.b[ETH_LEN + IP4_LEN + 12] = 4 << 4;
	test_expect("TCP data offset 4", &p, MAL(tcp_bad_data_offset), "ipv4");
	test_frame(1, IPPROTO_UDP, 4, 0);
	p.b[ETH_LEN + IP6_LEN + 5] = 13;
	test_expect("UDP length past the payload", &p, MAL(udp_bad_length), "ipv6");
	test_set_mode(0, 0);
}

/*
 * UDP: the sum covers the UDP length, not the IP payload's bytes after it;
 * 0 is no checksum over IPv4 and udp6_zero_checksum over IPv6, unverified
 * either way, never bad.
 */
void
test_csum_udp(void)
{
	uint32_t l4;
	int v6;

	test_set_mode(1, 0);
	for (v6 = 0; v6 <= 1; v6++) {
		l4 = test_frame(v6, IPPROTO_UDP, 6, 0);
		p.b[l4 + 5] -= 2;	/* 2 bytes of the IP payload after the datagram */
		test_l4_cksum(&p, ETH_LEN, l4, IPPROTO_UDP, NULL, 0);
		test_expect(v6 ? "IPv6, UDP length short of the payload" :
			"IPv4, UDP length short of the payload", &p, DECODE_OK,
			test_counts(v6, 0, "udp", ""));
		p.b[p.len - 1] ^= 0xff;
		test_expect(v6 ? "IPv6, UDP, a byte after its length changed" :
			"IPv4, UDP, a byte after its length changed", &p, DECODE_OK,
			test_counts(v6, 0, "udp", ""));
		p.b[p.len - 3] ^= 0xff;
		test_expect(v6 ? "IPv6, UDP, its last byte changed" :
			"IPv4, UDP, its last byte changed", &p, DECODE_OK,
			test_counts(v6, 0, "udp", "udp_bad_checksum"));

		l4 = test_frame(v6, IPPROTO_UDP, 6, 0);
		p.b[l4 + 6] = 0;
		p.b[l4 + 7] = 0;
		test_expect(v6 ? "IPv6, UDP checksum 0" : "IPv4, UDP checksum 0", &p, DECODE_OK,
			test_counts(v6, 0, "udp", v6 ? "udp6_zero_checksum l4_checksum_unverified" :
				"l4_checksum_unverified"));
		/* The NIC's verdict does not make a missing checksum bad. */
		test_set_mode(1, RTE_MBUF_F_RX_L4_CKSUM_BAD);
		test_expect(v6 ? "IPv6, UDP checksum 0, NIC says bad" :
			"IPv4, UDP checksum 0, NIC says bad", &p, DECODE_OK,
			test_counts(v6, 0, "udp", v6 ? "udp6_zero_checksum l4_checksum_unverified" :
				"l4_checksum_unverified"));
		test_set_mode(1, 0);
	}

	/* A sum of 0 is sent as 0xffff (RFC 768): find a payload that gives it. */
	for (uint32_t x = 0; x < 0x10000; x++) {
		l4 = test_frame(0, IPPROTO_UDP, 2, 0);
		p.b[l4 + 8] = (uint8_t)(x >> 8);
		p.b[l4 + 9] = (uint8_t)x;
		test_l4_cksum(&p, ETH_LEN, l4, IPPROTO_UDP, NULL, 0);
		if (p.b[l4 + 6] == 0xff && p.b[l4 + 7] == 0xff)
			break;
	}
	test_expect("IPv4, UDP whose checksum is sent as 0xffff", &p, DECODE_OK, "ipv4 udp");
	test_set_mode(0, 0);
}

/*
 * Fragments are not verified: a first fragment's checksum covers the whole
 * datagram, which no reassembly here puts together. An atomic IPv6
 * fragment is a whole datagram, verified.
 */
void
test_csum_fragments(void)
{
	struct rte_ipv4_hdr *ip4;
	struct rte_ipv6_hdr *ip6;
	unsigned int i;

	test_set_mode(1, 0);
	for (i = 0; i < RTE_DIM(test_l4s); i++) {
		uint32_t data = test_l4s[i].proto == IPPROTO_TCP ? 12 : 16;
		char name[64], counts[96];

		test_pkt_reset(&p);
		test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
		ip4 = test_add_ipv4(&p, 5, test_l4s[i].proto, RTE_IPV4_HDR_MF_FLAG);
		/* MF set: the data a multiple of 8 bytes (32 or 24). */
		test_add_l4(test_l4s[i].proto, data);
		test_ipv4_finish(&p, ip4);
		snprintf(name, sizeof(name), "IPv4 first fragment, %s", test_l4s[i].name);
		snprintf(counts, sizeof(counts), "ipv4 ipv4_fragments %s l4_checksum_unverified",
			test_l4s[i].name);
		test_expect(name, &p, DECODE_OK, counts);

		test_pkt_reset(&p);
		test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
		ip6 = test_add_ipv6(&p, IPPROTO_FRAGMENT);
		test_add_frag6(&p, test_l4s[i].proto, 0, 1);
		test_add_l4(test_l4s[i].proto, data);
		test_ipv6_finish(&p, ip6);
		snprintf(name, sizeof(name), "IPv6 first fragment, %s", test_l4s[i].name);
		snprintf(counts, sizeof(counts), "ipv6 ipv6_ext ipv6_fragments %s "
			"l4_checksum_unverified", test_l4s[i].name);
		test_expect(name, &p, DECODE_OK, counts);
		/* Whatever the NIC says. */
		test_set_mode(1, RTE_MBUF_F_RX_L4_CKSUM_BAD);
		test_expect(name, &p, DECODE_OK, counts);
		test_set_mode(1, 0);
	}
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV4);
	ip4 = test_add_ipv4(&p, 5, IPPROTO_TCP, 100);
	test_add_bytes(&p, 20);
	test_ipv4_finish(&p, ip4);
	test_expect("IPv4 last fragment: no L4 header", &p, DECODE_OK, "ipv4 ipv4_fragments");

	/* Atomic: a whole datagram, good and bad. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip6 = test_add_ipv6(&p, IPPROTO_FRAGMENT);
	test_add_frag6(&p, IPPROTO_UDP, 0, 0);
	test_add_l4(IPPROTO_UDP, 9);
	test_ipv6_finish(&p, ip6);
	test_l4_cksum(&p, ETH_LEN, ETH_LEN + IP6_LEN + 8, IPPROTO_UDP, NULL, 0);
	test_expect("IPv6 atomic fragment, UDP", &p, DECODE_OK, "ipv6 ipv6_ext udp");
	p.b[p.len - 9] ^= 0x10;
	test_expect("IPv6 atomic fragment, UDP, bad", &p, DECODE_OK,
		"ipv6 ipv6_ext udp udp_bad_checksum");
	test_set_mode(0, 0);
}

/*
 * Ethernet, IPv6, a routing header of type with segments left sl and two
 * addresses (hdr ext len 4), TCP with 3 bytes. Returns the first address.
 */
static uint8_t *
test_routed(uint8_t type, uint8_t sl)
{
	struct rte_ipv6_hdr *ip;
	uint8_t *rh;

	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	ip = test_add_ipv6(&p, IPPROTO_ROUTING);
	test_add_ext(&p, IPPROTO_TCP, 4);
	rh = p.b + p.len - 40;
	memset(rh + 2, 0, 38);
	rh[2] = type;
	rh[3] = sl;
	rh[8] = 0x20;		/* 2001:db8::7, then 2001:db8::9 */
	rh[9] = 0x01;
	rh[10] = 0x0d;
	rh[11] = 0xb8;
	rh[23] = 7;
	memcpy(rh + 24, rh + 8, 15);
	rh[39] = 9;
	test_add_tcp(&p, 5);
	test_add_bytes(&p, 3);
	test_ipv6_finish(&p, ip);
	return rh + 8;
}

/*
 * RFC 8200 8.1: behind a routing header with segments left, the
 * pseudo-header carries the final destination: read for type 2 and
 * segment routing (type 4) at byte 8; other types are not verified.
 */
void
test_csum_routing(void)
{
	const uint32_t l4 = ETH_LEN + IP6_LEN + 40;
	uint8_t *final;
	char name[64];
	uint8_t type;

	test_set_mode(1, 0);
	for (type = 2; type <= 4; type += 2) {
		final = test_routed(type, 1);
		test_l4_cksum(&p, ETH_LEN, l4, IPPROTO_TCP, final, 0);
		snprintf(name, sizeof(name), "routing type %u, segments left 1, final address",
			type);
		test_expect(name, &p, DECODE_OK, "ipv6 ipv6_ext tcp");
		test_l4_cksum(&p, ETH_LEN, l4, IPPROTO_TCP, NULL, 0);
		snprintf(name, sizeof(name), "routing type %u, segments left 1, IPv6 destination",
			type);
		test_expect(name, &p, DECODE_OK, "ipv6 ipv6_ext tcp tcp_bad_checksum");
		/* Segments left 0: the IPv6 destination is the final one. */
		p.b[l4 - 40 + 3] = 0;
		snprintf(name, sizeof(name), "routing type %u, segments left 0", type);
		test_expect(name, &p, DECODE_OK, "ipv6 ipv6_ext tcp");
	}
	/* ICMP has no pseudo-header: the routing header does not matter. */
	for (type = 0; type <= 3; type += 3) {
		test_routed(type, 2);
		p.b[l4 - 40] = IPPROTO_ICMP;
		test_l4_cksum(&p, ETH_LEN, l4, IPPROTO_ICMP, NULL, 0);
		snprintf(name, sizeof(name), "routing type %u, segments left 2, ICMP", type);
		test_expect(name, &p, DECODE_OK, "ipv6 ipv6_ext icmp");
	}
	/* Type 0 (deprecated, RFC 5095) and 3 (RPL, compressed): not read. */
	for (type = 0; type <= 3; type += 3) {
		final = test_routed(type, 2);
		test_l4_cksum(&p, ETH_LEN, l4, IPPROTO_TCP, final, 0);
		snprintf(name, sizeof(name), "routing type %u, segments left 2", type);
		test_expect(name, &p, DECODE_OK, "ipv6 ipv6_ext tcp l4_checksum_unverified");
	}
	/* A segment routing header too short to hold an address. */
	test_pkt_reset(&p);
	test_add_eth(&p, RTE_ETHER_TYPE_IPV6);
	{
		struct rte_ipv6_hdr *ip = test_add_ipv6(&p, IPPROTO_ROUTING);

		test_add_ext(&p, IPPROTO_UDP, 0);
		p.b[p.len - 6] = 4;
		p.b[p.len - 5] = 1;
		test_add_udp(&p, 8);
		test_ipv6_finish(&p, ip);
	}
	test_expect("8-byte segment routing header, segments left 1", &p, DECODE_OK,
		"ipv6 ipv6_ext udp l4_checksum_unverified");
	test_set_mode(0, 0);
}

/*
 * The NIC's verdict (TCP and UDP): GOOD and NONE are good without a look,
 * BAD is bad, UNKNOWN is computed. ICMP and ICMPv6 are always computed.
 */
void
test_csum_offload(void)
{
	static const struct {
		uint64_t flags;
		const char *name;
		int good_counts_bad;	/* a good checksum counts bad */
		int bad_counts_bad;	/* a wrong one does */
	} v[] = {
		{ RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN, "UNKNOWN", 0, 1 },
		{ RTE_MBUF_F_RX_L4_CKSUM_GOOD, "GOOD", 0, 0 },
		{ RTE_MBUF_F_RX_L4_CKSUM_NONE, "NONE", 0, 0 },
		{ RTE_MBUF_F_RX_L4_CKSUM_BAD, "BAD", 1, 1 },
	};
	char name[96], counts[128];
	unsigned int i, j;
	int v6, wrong;

	for (i = 0; i < RTE_DIM(v); i++) {
		test_set_mode(1, v[i].flags | RTE_MBUF_F_RX_IP_CKSUM_GOOD);
		for (j = 0; j < RTE_DIM(test_l4s); j++) {
			int hw = test_l4s[j].proto == IPPROTO_TCP ||
				test_l4s[j].proto == IPPROTO_UDP;

			for (v6 = 0; v6 <= 1; v6++) {
				if (!v6 && test_l4s[j].proto == IPPROTO_ICMPV6)
					continue;
				for (wrong = 0; wrong <= 1; wrong++) {
					int bad = hw ? (wrong ? v[i].bad_counts_bad :
						v[i].good_counts_bad) : wrong;

					test_frame(v6, test_l4s[j].proto, 3, 0);
					if (wrong)
						p.b[p.len - 1] ^= 0x21;
					snprintf(name, sizeof(name), "ol_flags %s, IPv%d, %s, %s",
						v[i].name, v6 ? 6 : 4, test_l4s[j].name,
						wrong ? "wrong" : "right");
					snprintf(counts, sizeof(counts), "%s", test_counts(v6, 0,
						test_l4s[j].name, bad ? test_l4s[j].bad : ""));
					test_expect(name, &p, DECODE_OK, counts);
				}
			}
		}
	}
	test_set_mode(0, 0);
}

/*
 * Multi-segment: every frame above is split everywhere by test_expect();
 * here the sums are long enough (jumbo frames, a jumbogram, whose 32-bit
 * length reaches the pseudo-header's upper half) for a segment's sum to
 * carry, which the odd splits must keep.
 */
void
test_csum_jumbo(void)
{
	const uint32_t data = 65600, jlen = 16 + 8 + data;
	struct rte_ipv6_hdr *ip;
	uint32_t l4, i;
	int v6;

	test_set_mode(1, 0);
	for (v6 = 0; v6 <= 1; v6++) {
		l4 = test_frame(v6, IPPROTO_TCP, 8960, 0);
		test_expect(v6 ? "IPv6, 9000-byte TCP" : "IPv4, 9000-byte TCP", &p, DECODE_OK,
			test_counts(v6, 0, "tcp", ""));
		p.b[l4 + 4000] ^= 0x01;
		test_expect(v6 ? "IPv6, 9000-byte TCP, a byte changed" :
			"IPv4, 9000-byte TCP, a byte changed", &p, DECODE_OK,
			test_counts(v6, 0, "tcp", "tcp_bad_checksum"));
	}

	/* A jumbogram (RFC 2675): UDP length 0, the pseudo-header's length jlen - 16. */
	ip = test_start_jumbogram(&p, IPPROTO_UDP, jlen);
	l4 = p.len;
	test_add_udp(&p, 0);
	for (i = 0; i < data; i++)
		test_add_bytes(&p, 1), p.b[p.len - 1] = (uint8_t)(i * 13);
	ip->payload_len = 0;
	test_l4_cksum(&p, ETH_LEN, l4, IPPROTO_UDP, NULL, 0);
	test_expect("jumbogram, UDP length 0, checksum over 65608 bytes", &p, DECODE_OK,
		"ipv6 ipv6_ext udp");
	p.b[p.len - 1] ^= 0x01;
	test_expect("jumbogram, UDP, last byte changed", &p, DECODE_OK,
		"ipv6 ipv6_ext udp udp_bad_checksum");
	test_set_mode(0, 0);
}

/* With the option off, nothing is verified: decode_packet() counts no checksum. */
void
test_csum_off(void)
{
	unsigned int i;

	test_set_mode(0, 0);
	for (i = 0; i < RTE_DIM(test_l4s); i++) {
		test_frame(1, test_l4s[i].proto, 5, 0);
		p.b[p.len - 1] ^= 0x01;
		test_expect("option off, wrong checksum", &p, DECODE_OK,
			test_counts(1, 0, test_l4s[i].name, ""));
	}
	test_set_mode(0, RTE_MBUF_F_RX_L4_CKSUM_BAD);
	test_frame(0, IPPROTO_TCP, 5, 0);
	test_expect("option off, NIC says bad", &p, DECODE_OK, "ipv4 tcp");
	test_set_mode(0, 0);
}

/*
 * decode_csum_chain() against the oracle, for every split of a buffer into
 * three segments (one of them empty at times), at every offset and
 * length: DPDK 22.11's rte_raw_cksum_mbuf() fails this.
 */
void
test_csum_chain(void)
{
	enum { N = 75 };
	static uint8_t buf[N], seg[3][N];
	struct rte_mbuf m[3];
	uint32_t a, b, off, len, i, sum;
	unsigned int failed = 0;

	for (i = 0; i < N; i++)
		buf[i] = (uint8_t)(0xff - i * 3);	/* large values: sums carry */
	for (a = 0; a <= N; a++) {
		for (b = a; b <= N; b += 3) {
			uint32_t cut[4] = { 0, a, b, N };

			memset(m, 0, sizeof(m));
			for (i = 0; i < 3; i++) {
				memcpy(seg[i], buf + cut[i], cut[i + 1] - cut[i]);
				m[i].buf_addr = seg[i];
				m[i].data_len = (uint16_t)(cut[i + 1] - cut[i]);
				m[i].next = i < 2 ? &m[i + 1] : NULL;
			}
			m[0].pkt_len = N;
			for (off = 0; off < N; off += 5) {
				for (len = 1; off + len <= N; len++) {
					uint16_t got = decode_csum_chain(m, off, len);

					sum = 0;
					for (i = 0; i < len; i++)
						sum += (off + i - off) & 1 ? buf[off + i] :
							(uint32_t)buf[off + i] << 8;
					while (sum >> 16)
						sum = (sum & 0xffff) + (sum >> 16);
					test_checks++;
					/* The sum is in memory byte order: compare as bytes. */
					if (rte_be_to_cpu_16(got) != sum && failed++ < 3)
						test_fail("decode_csum_chain: segments %u/%u/%u, "
							"off %u len %u: %04x, oracle %04x", a, b - a,
							N - b, off, len, rte_be_to_cpu_16(got), sum);
				}
			}
		}
	}
}
