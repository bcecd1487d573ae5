/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Malformed recipes in L4 headers: TCP, UDP, ICMP, ICMPv6; plain, tagged,
 * over IPv6, behind an atomic fragment header (no fragment). A first
 * fragment too short for its L4 header is malformed_frag.c's.
 */
#include "malformed.h"

void
mal_tcp_truncated(struct sample *s, struct pkt *p, unsigned int v)
{
	const enum decode_result r = DECODE_MAL_tcp_truncated;

	switch (v) {
	case 0:		/* 12 TCP bytes in the datagram; the frame's padding is not TCP */
		mal_start4(s, p, &L2_PLAIN, DECODE_OK, IP4_DF, 0);
		pkt_malformed(p, r);
		mal_tcp_with(s, p, 0, 0);
		pkt_trim(p, 8);
		pkt_pad(p, 60, 0xee);
		break;
	case 1:		/* data offset 15 (60 bytes), 24 present */
		mal_start4(s, p, &L2_PLAIN, DECODE_OK, IP4_DF, 0);
		pkt_malformed(p, r);
		mal_tcp_with(s, p, 4, 0);
		p->data[p->l4_off + 12] = 0xf0;
		break;
	case 2:		/* IPv6, 10 TCP bytes */
		mal_start6(s, p, &L2_PLAIN, DECODE_OK);
		pkt_malformed(p, r);
		mal_tcp_with(s, p, 0, 0);
		pkt_trim(p, 10);
		break;
	case 3:		/* IPv4 options, 19 TCP bytes */
		mal_start4(s, p, &L2_PLAIN, DECODE_OK, IP4_DF, 8);
		pkt_malformed(p, r);
		mal_tcp_with(s, p, 0, 0);
		pkt_trim(p, 1);
		break;
	case 4:		/* QinQ, data offset 8 (32 bytes), 28 present */
		mal_start4(s, p, &MAL_QINQ, DECODE_OK, IP4_DF, 0);
		pkt_malformed(p, r);
		mal_tcp_with(s, p, 12, 0);
		pkt_trim(p, 4);
		break;
	default:	/* an atomic fragment (offset 0, M clear: no fragment), 16 TCP bytes */
		mal_start6(s, p, &L2_PLAIN, DECODE_OK);
		put_ip6_frag(p, 0, false, 0x79);
		pkt_malformed(p, r);
		mal_tcp_with(s, p, 0, 0);
		pkt_trim(p, 4);
		break;
	}
	emit60(s, p);
}

void
mal_tcp_bad_data_offset(struct sample *s, struct pkt *p, unsigned int v)
{
	static const uint8_t doff[5] = { 0, 4, 2, 3, 4 };

	if (v == 3)
		mal_start6(s, p, &L2_PLAIN, DECODE_OK);
	else
		mal_start4(s, p, v == 4 ? &MAL_TAG1 : &L2_PLAIN, DECODE_OK, IP4_DF, 0);
	pkt_malformed(p, DECODE_MAL_tcp_bad_data_offset);
	mal_tcp_with(s, p, 0, 10);
	p->data[p->l4_off + 12] = (uint8_t)(doff[v] << 4);
	emit60(s, p);
}

void
mal_udp_truncated(struct sample *s, struct pkt *p, unsigned int v)
{
	const enum decode_result r = DECODE_MAL_udp_truncated;

	if (v == 2 || v == 4)
		mal_start6(s, p, v == 4 ? &MAL_TAG1 : &L2_PLAIN, DECODE_OK);
	else
		mal_start4(s, p, &L2_PLAIN, DECODE_OK, IP4_DF, v == 3 ? 8 : 0);
	pkt_malformed(p, r);
	switch (v) {
	case 0:		/* 4 bytes */
	case 2:		/* IPv6, 6 bytes; the length field still says 16 */
	case 4:		/* tagged IPv6, 7 bytes; the length field still says 16 */
		mal_udp_with(s, p, 8);
		pkt_trim(p, v == 0 ? 12 : v == 2 ? 10 : 9);
		pkt_set_udp_len(p, 16);
		break;
	case 1:		/* no byte at all */
		pkt_next_header(p, 17);
		break;
	default:	/* IPv4 options, 5 bytes */
		mal_udp_with(s, p, 0);
		pkt_trim(p, 3);
		break;
	}
	emit60(s, p);
}

void
mal_udp_bad_length(struct sample *s, struct pkt *p, unsigned int v)
{
	static const uint16_t ulen[8] = { 0, 7, 100, 20, 4, 200, 4, 0 };
	static const uint32_t payload[8] = { 20, 20, 12, 4, 10, 22, 0, 20 };
	uint8_t head[16];

	if (v == 4 || v == 5)
		mal_start6(s, p, &L2_PLAIN, DECODE_OK);
	else
		mal_start4(s, p, v == 7 ? &MAL_QINQ : &L2_PLAIN, DECODE_OK, v == 6 ? IP4_MF : IP4_DF, 0);
	pkt_malformed(p, DECODE_MAL_udp_bad_length);
	if (v == 6) {	/* a first fragment: only a length below 8 is wrong */
		mal_l4_head(s, 17, head, 16);
		put_frag_slice(p, 17, head, 16, true);
	} else {
		mal_udp_with(s, p, payload[v]);
		pkt_set_udp_len(p, ulen[v]);
	}
	/* v 3: length 20 fits the frame but not the datagram: padding is not payload */
	pkt_pad(p, 60, 0xee);
	sample_emit(s, p);
}

void
mal_icmp_truncated(struct sample *s, struct pkt *p, unsigned int v)
{
	static const struct l2 *l2s[5] = { &L2_PLAIN, &L2_PLAIN, &L2_PLAIN, &MAL_TAG_AD, &MAL_QINQ };

	mal_start4(s, p, l2s[v], DECODE_OK, IP4_DF, 0);
	pkt_malformed(p, DECODE_MAL_icmp_truncated);
	if (v == 1) {
		pkt_next_header(p, 1);
	} else {
		put_icmp(p, 8, 0, 1, 1);
		pkt_trim(p, v == 0 ? 4 : v == 2 ? 1 : v == 3 ? 3 : 2);
	}
	emit60(s, p);
}

void
mal_icmpv6_truncated(struct sample *s, struct pkt *p, unsigned int v)
{
	mal_start6(s, p, v == 4 ? &MAL_TAG1 : &L2_PLAIN, DECODE_OK);
	if (v == 3)
		put_ip6_opts(p, 60, NULL, 0, 8);
	pkt_malformed(p, DECODE_MAL_icmpv6_truncated);
	if (v == 0) {
		pkt_next_header(p, 58);
	} else {
		static const uint32_t keep[5] = { 0, 2, 3, 2, 1 };

		put_icmp6(p, 128, 0, 0x00010001);
		pkt_trim(p, 8 - keep[v]);
	}
	emit60(s, p);
}
