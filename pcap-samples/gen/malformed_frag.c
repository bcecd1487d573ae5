/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Malformed recipes of fragments too short for their headers: IPv4 first
 * fragments that cut the TCP, UDP or ICMP header and TCP fragments at
 * offset 1 (RFC 1858), IPv6 first fragments that cut the header chain
 * after the fragment header (RFC 7112). The IP layers count.
 */
#include "malformed.h"

void
mal_ipv4_tiny_fragment(struct sample *s, struct pkt *p, unsigned int v)
{
	static const struct l2 *l2s[7] = {
		&L2_PLAIN, &MAL_TAG1, &MAL_QINQ, &L2_PLAIN, &MAL_TAG_AD, &L2_PLAIN, &MAL_TAG1,
	};
	const enum decode_result r = DECODE_MAL_ipv4_tiny_fragment;
	/* The fragment field: MF and offset 0 (a first fragment) or 1 (8 bytes). */
	static const uint16_t frag[7] = {
		IP4_MF, IP4_MF, IP4_MF, IP4_MF, IP4_MF, IP4_MF | 1, 1,
	};
	uint8_t head[56];

	mal_start4(s, p, l2s[v], DECODE_OK, frag[v], v == 1 ? 12 : 0);
	pkt_malformed(p, r);
	switch (v) {
	case 0:		/* 8 bytes of TCP: ports and sequence number, no flags */
		mal_l4_head(s, 6, head, 8);
		put_frag_slice(p, 6, head, 8, true);
		break;
	case 1:		/* tagged, IPv4 options, 16 bytes of TCP */
		mal_l4_head(s, 6, head, 16);
		put_frag_slice(p, 6, head, 16, true);
		break;
	case 2:		/* QinQ, data offset 15 (60 bytes), 56 present */
		mal_l4_head(s, 6, head, 56);
		head[12] = 0xf0;
		put_frag_slice(p, 6, head, 56, true);
		break;
	case 3:		/* no UDP byte: fragment data comes in 8s */
		put_frag_slice(p, 17, NULL, 0, true);
		break;
	case 4:		/* 802.1ad tag, no ICMP byte */
		put_frag_slice(p, 1, NULL, 0, true);
		break;
	case 5:		/* TCP at offset 1, MF: 8 bytes over the first's flags */
		mal_l4_head(s, 6, head, 8);
		head[5] = 0x02;	/* SYN, where byte 13 of the TCP header lands */
		put_frag_slice(p, 6, head, 8, false);
		break;
	default:	/* tagged, TCP at offset 1, the last fragment: 12 bytes */
		mal_l4_head(s, 6, head, 12);
		put_frag_slice(p, 6, head, 12, false);
		break;
	}
	emit60(s, p);
}

void
mal_ipv6_incomplete_chain(struct sample *s, struct pkt *p, unsigned int v)
{
	const enum decode_result r = DECODE_MAL_ipv6_incomplete_chain;
	const uint32_t id = 0x90 + v;
	uint8_t head[24];

	mal_start6(s, p, v == 3 ? &MAL_TAG1 : v == 4 ? &MAL_QINQ : &L2_PLAIN, DECODE_OK);
	if (v == 3)
		put_ip6_opts(p, 0, NULL, 0, 8);
	put_ip6_frag(p, 0, true, id);
	switch (v) {
	case 0:		/* 16 bytes of TCP */
		pkt_malformed(p, r);
		mal_l4_head(s, 6, head, 16);
		put_frag_slice(p, 6, head, 16, true);
		break;
	case 1:		/* the chain cut right after the fragment header: no destination options byte */
		pkt_malformed(p, r);
		pkt_next_header(p, 60);
		break;
	case 2:		/* 8 of 16 destination options bytes */
		pkt_malformed(p, r);
		put_ip6_opts(p, 60, NULL, 0, 16);
		pkt_trim(p, 8);
		break;
	case 3:		/* tagged, hop-by-hop fine, then no UDP byte */
		pkt_malformed(p, r);
		put_frag_slice(p, 17, NULL, 0, true);
		break;
	case 4:		/* QinQ, destination options fine, then no ICMPv6 byte */
		put_ip6_opts(p, 60, NULL, 0, 16);
		pkt_malformed(p, r);
		put_frag_slice(p, 58, NULL, 0, true);
		break;
	default:	/* TCP data offset 8 (32 bytes), 24 present */
		pkt_malformed(p, r);
		mal_l4_head(s, 6, head, 24);
		head[12] = 0x80;
		put_frag_slice(p, 6, head, 24, true);
		break;
	}
	emit60(s, p);
}
