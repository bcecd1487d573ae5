/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Malformed recipes below IP and in the IP headers: Ethernet, VLAN, ARP,
 * IPv4, IPv6 and its extension headers.
 */
#include "malformed.h"

void
mal_eth(struct sample *s, struct pkt *p, unsigned int v)
{
	static const uint32_t lens[4] = { 1, 7, 12, 13 };

	pkt_init(p);
	pkt_malformed(p, DECODE_MAL_eth_truncated);
	if (v < 4) {
		put_random(p, &s->rng, lens[v]);
		sample_emit(s, p);
		return;
	}
	put_l2(p, &L2_PLAIN, 7, 8);	/* a whole frame, captured with a 10-byte snaplen */
	put_other_l3(p, 0x88b5, NULL, 0);
	pkt_pad(p, 60, 0);
	pkt_finish(p);
	pkt_cut(p, 10, true);
	sample_emit(s, p);
}

void
mal_vlan(struct sample *s, struct pkt *p, unsigned int v)
{
	static const struct { const struct l2 *outer; uint16_t tpid; uint32_t have; } c[5] = {
		{ &L2_PLAIN, 0x8100, 0 }, { &L2_PLAIN, 0x88a8, 2 }, { &L2_PLAIN, 0x9100, 3 },
		{ &MAL_TAG_AD, 0x8100, 2 }, { &MAL_TAG1, 0x9100, 0 },
	};

	pkt_init(p);
	if (v == 5) {	/* a tagged frame captured with a 16-byte snaplen */
		put_l2(p, &L2_PLAIN, 9, 10);
		pkt_malformed(p, DECODE_MAL_vlan_truncated);
		put_vlan(p, 0x8100, 0x0042);
		put_other_l3(p, 0x88b5, NULL, 0);
		pkt_pad(p, 60, 0);
		pkt_finish(p);
		pkt_cut(p, 16, true);
		sample_emit(s, p);
		return;
	}
	put_l2(p, c[v].outer, 11, 12);
	pkt_malformed(p, DECODE_MAL_vlan_truncated);
	pkt_ethertype(p, c[v].tpid);
	put_random(p, &s->rng, c[v].have);
	sample_emit(s, p);
}

void
mal_arp(struct sample *s, struct pkt *p, unsigned int v)
{
	static const struct l2 *l2s[5] = { &L2_PLAIN, &L2_PLAIN, &MAL_TAG1, &L2_PLAIN, &MAL_QINQ };
	uint8_t sha[6], tha[6] = { 0 };

	host_mac(13, sha);
	pkt_init(p);
	put_l2(p, l2s[v], 13, 14);
	pkt_malformed(p, DECODE_MAL_arp_truncated);
	put_arp(p, 1, sha, host_ip4(13), tha, host_ip4(14));
	switch (v) {
	case 0:
		pkt_trim(p, 8);		/* 20 of 28 bytes */
		break;
	case 1:
		pkt_trim(p, 20);	/* the fixed 8 bytes only */
		break;
	case 2:
		pkt_trim(p, 1);
		break;
	case 3:
		p->data[p->len - 28 + 5] = 16;	/* plen 16: needs 52 bytes, 46 in a 60-byte frame */
		emit60(s, p);
		return;
	default:
		pkt_pad(p, 60, 0);
		pkt_finish(p);
		pkt_cut(p, 40, true);
		break;
	}
	sample_emit(s, p);
}

void
mal_ipv4_truncated(struct sample *s, struct pkt *p, unsigned int v)
{
	const enum decode_result r = DECODE_MAL_ipv4_truncated;

	switch (v) {
	case 0:		/* the frame ends 10 bytes into the header */
		mal_start4(s, p, &L2_PLAIN, r, IP4_DF, 0);
		mal_udp_with(s, p, 10);
		pkt_cut(p, (uint32_t)p->l3_off + 10, false);
		sample_emit(s, p);
		break;
	case 1:		/* IHL 8, the frame ends 24 bytes into the header */
		mal_start4(s, p, &L2_PLAIN, r, IP4_DF, 12);
		mal_udp_with(s, p, 10);
		pkt_cut(p, (uint32_t)p->l3_off + 24, false);
		sample_emit(s, p);
		break;
	case 2:		/* 1514-byte TCP frame, 96-byte snaplen */
		mal_start4(s, p, &L2_PLAIN, r, IP4_DF, 0);
		mal_tcp_with(s, p, 12, 1448);
		pkt_finish(p);
		pkt_cut(p, 96, true);
		sample_emit(s, p);
		break;
	case 3:		/* total length 200 in a 60-byte frame */
		mal_start4(s, p, &L2_PLAIN, r, IP4_DF, 0);
		mal_udp_with(s, p, 10);
		pkt_set_ip_len(p, 200);
		emit60(s, p);
		break;
	case 4:		/* QinQ, 1518-byte frame, 64-byte snaplen */
		mal_start4(s, p, &MAL_QINQ, r, IP4_DF, 0);
		mal_udp_with(s, p, 1468);
		pkt_finish(p);
		pkt_cut(p, 64, true);
		sample_emit(s, p);
		break;
	case 5:		/* tagged, the frame ends 12 bytes into the header */
		mal_start4(s, p, &MAL_TAG1, r, IP4_DF, 0);
		mal_udp_with(s, p, 0);
		pkt_cut(p, (uint32_t)p->l3_off + 12, false);
		sample_emit(s, p);
		break;
	default:	/* a first fragment, 200-byte snaplen */
		mal_start4(s, p, &L2_PLAIN, r, IP4_MF, 0);
		mal_udp_with(s, p, 1472);
		pkt_finish(p);
		pkt_cut(p, 200, true);
		sample_emit(s, p);
		break;
	}
}

void
mal_ipv4_bad_version(struct sample *s, struct pkt *p, unsigned int v)
{
	static const uint8_t version[5] = { 5, 0, 15, 6, 7 };
	uint8_t raw[128];
	uint32_t n;

	if (v == 3) {	/* an IPv6 packet behind ethertype IPv4 */
		n = mal_foreign_l3(s, true, raw);
		pkt_init(p);
		put_l2(p, &L2_PLAIN, 15, 16);
		pkt_malformed(p, DECODE_MAL_ipv4_bad_version);
		pkt_ethertype(p, 0x0800);
		put_bytes(p, raw, n);
		emit60(s, p);
		return;
	}
	mal_start4(s, p, v == 4 ? &MAL_TAG1 : &L2_PLAIN, DECODE_MAL_ipv4_bad_version, IP4_DF, 0);
	mal_udp_with(s, p, 8);
	p->data[p->l3_off] = (uint8_t)(version[v] << 4 | 5);
	emit60(s, p);
}

void
mal_ipv4_bad_ihl(struct sample *s, struct pkt *p, unsigned int v)
{
	static const uint8_t ihl[4] = { 0, 1, 4, 3 };

	mal_start4(s, p, v == 3 ? &MAL_TAG_AD : &L2_PLAIN, DECODE_MAL_ipv4_bad_ihl, IP4_DF, 0);
	mal_udp_with(s, p, 8);
	p->data[p->l3_off] = (uint8_t)(0x40 | ihl[v]);
	emit60(s, p);
}

void
mal_ipv4_bad_total_length(struct sample *s, struct pkt *p, unsigned int v)
{
	static const uint16_t total[4] = { 0, 19, 20, 10 };

	mal_start4(s, p, v == 3 ? &MAL_QINQ : &L2_PLAIN, DECODE_MAL_ipv4_bad_total_length, IP4_DF,
		v == 2 ? 4 : 0);
	mal_udp_with(s, p, 12);
	pkt_set_ip_len(p, total[v]);
	emit60(s, p);
}

void
mal_ipv4_bad_fragment(struct sample *s, struct pkt *p, unsigned int v)
{
	const enum decode_result r = DECODE_MAL_ipv4_bad_fragment;
	uint8_t data[24];

	rng_fill(&s->rng, data, sizeof(data));
	switch (v) {
	case 0:		/* a first fragment of 13 bytes: UDP and 5 */
		mal_start4(s, p, &L2_PLAIN, r, IP4_MF, 0);
		mal_udp_with(s, p, 5);
		break;
	case 1:		/* a middle fragment of 20 bytes */
		mal_start4(s, p, &L2_PLAIN, r, IP4_MF | 185, 0);
		put_frag_slice(p, 17, data, 20, false);
		break;
	case 2:		/* tagged, options, a first fragment of 9 bytes */
		mal_start4(s, p, &MAL_TAG1, r, IP4_MF, 4);
		mal_udp_with(s, p, 1);
		break;
	case 3:		/* the last fragment, 24 bytes at 65512: ends at 65556 */
		mal_start4(s, p, &L2_PLAIN, r, 8189, 0);
		put_frag_slice(p, 17, data, 24, false);
		break;
	case 4:		/* QinQ, 16 bytes (a multiple of 8) at 65520, MF set */
		mal_start4(s, p, &MAL_QINQ, r, IP4_MF | 8190, 0);
		put_frag_slice(p, 17, data, 16, false);
		break;
	default:	/* 7 bytes and MF; the padding after them is not fragment data */
		mal_start4(s, p, &L2_PLAIN, r, IP4_MF | 100, 0);
		put_frag_slice(p, 17, data, 7, false);
		break;
	}
	emit60(s, p);
}

void
mal_ipv6_truncated(struct sample *s, struct pkt *p, unsigned int v)
{
	const enum decode_result r = DECODE_MAL_ipv6_truncated;

	switch (v) {
	case 0:		/* the frame ends 30 bytes into the header */
	case 3:		/* tagged, 39 bytes into the header */
		mal_start6(s, p, v == 3 ? &MAL_TAG1 : &L2_PLAIN, r);
		mal_udp_with(s, p, 4);
		pkt_cut(p, (uint32_t)p->l3_off + (v == 3 ? 39 : 30), false);
		sample_emit(s, p);
		break;
	case 1:		/* 1514-byte frame, 80-byte snaplen */
	case 4:		/* QinQ, 70-byte snaplen */
		mal_start6(s, p, v == 4 ? &MAL_QINQ : &L2_PLAIN, r);
		if (v == 1)
			mal_tcp_with(s, p, 12, 1428);
		else
			mal_udp_with(s, p, 1000);
		pkt_finish(p);
		pkt_cut(p, v == 1 ? 80 : 70, true);
		sample_emit(s, p);
		break;
	default:	/* payload length 100, 20 bytes follow */
		mal_start6(s, p, &L2_PLAIN, r);
		mal_udp_with(s, p, 12);
		pkt_set_ip_len(p, 100);
		emit60(s, p);
		break;
	}
}

void
mal_ipv6_bad_version(struct sample *s, struct pkt *p, unsigned int v)
{
	static const uint8_t version[4] = { 4, 0, 7, 5 };
	uint8_t raw[128];
	uint32_t n;

	if (v == 0) {	/* an IPv4 packet (48 bytes) behind ethertype IPv6 */
		n = mal_foreign_l3(s, false, raw);
		pkt_init(p);
		put_l2(p, &L2_PLAIN, 17, 18);
		pkt_malformed(p, DECODE_MAL_ipv6_bad_version);
		pkt_ethertype(p, 0x86dd);
		put_bytes(p, raw, n);
		emit60(s, p);
		return;
	}
	mal_start6(s, p, v == 3 ? &MAL_TAG_AD : &L2_PLAIN, DECODE_MAL_ipv6_bad_version);
	mal_udp_with(s, p, 8);
	p->data[p->l3_off] = (uint8_t)(version[v] << 4 | (p->data[p->l3_off] & 0x0f));
	emit60(s, p);
}

void
mal_ipv6_ext_truncated(struct sample *s, struct pkt *p, unsigned int v)
{
	const enum decode_result r = DECODE_MAL_ipv6_ext_truncated;

	mal_start6(s, p, v == 4 ? &MAL_TAG1 : &L2_PLAIN, DECODE_OK);
	switch (v) {
	case 0:		/* 16-byte hop-by-hop, payload length 8 (the rest trails) */
		pkt_malformed(p, r);
		put_ip6_opts(p, 0, NULL, 0, 16);
		pkt_set_ip_len(p, 8);
		break;
	case 1:		/* fragment header, 6 bytes of it */
		pkt_malformed(p, r);
		put_ip6_frag(p, 0, false, 0x77);
		pkt_trim(p, 2);
		break;
	case 2:		/* destination options, 1 byte of it */
		pkt_malformed(p, r);
		put_ip6_opts(p, 60, NULL, 0, 8);
		pkt_trim(p, 7);
		break;
	case 3:		/* hop-by-hop fine, then 10 of 40 routing header bytes */
		put_ip6_opts(p, 0, NULL, 0, 8);
		pkt_malformed(p, r);
		put_ip6_srh(p, 2);
		pkt_trim(p, 30);
		break;
	case 4:		/* tagged, 14 of 24 destination options bytes */
		pkt_malformed(p, r);
		put_ip6_opts(p, 60, NULL, 0, 24);
		pkt_trim(p, 10);
		break;
	default:	/* an atomic fragment header (no fragment) fine, then 8 of 16 options bytes */
		put_ip6_frag(p, 0, false, 0x78);
		pkt_malformed(p, r);
		put_ip6_opts(p, 60, NULL, 0, 16);
		pkt_trim(p, 8);
		break;
	}
	emit60(s, p);
}

void
mal_ipv6_bad_fragment(struct sample *s, struct pkt *p, unsigned int v)
{
	const enum decode_result r = DECODE_MAL_ipv6_bad_fragment;
	uint8_t data[600];
	const uint32_t id = 0x80 + v;

	rng_fill(&s->rng, data, sizeof(data));
	mal_start6(s, p, v == 2 ? &MAL_TAG1 : v == 5 ? &MAL_QINQ : &L2_PLAIN, DECODE_OK);
	switch (v) {
	case 0:		/* a first fragment of 12 bytes: UDP and 4 */
		pkt_malformed(p, r);
		put_ip6_frag(p, 0, true, id);
		mal_udp_with(s, p, 4);
		break;
	case 1:		/* a middle fragment of 100 bytes */
		pkt_malformed(p, r);
		put_ip6_frag(p, 1448, true, id);
		put_frag_slice(p, 17, data, 100, false);
		break;
	case 2:		/* tagged, hop-by-hop fine, a first fragment of 9 bytes */
		put_ip6_opts(p, 0, NULL, 0, 8);
		pkt_malformed(p, r);
		put_ip6_frag(p, 0, true, id);
		mal_udp_with(s, p, 1);
		break;
	case 3:		/* the last fragment, 16 bytes at 65528: ends at 65544 */
		pkt_malformed(p, r);
		put_ip6_frag(p, 0xfff8, false, id);
		put_frag_slice(p, 17, data, 16, false);
		break;
	case 4:		/* options and routing fine, 600 bytes at 65000, M set */
		put_ip6_opts(p, 60, NULL, 0, 16);
		put_ip6_srh(p, 1);
		pkt_malformed(p, r);
		put_ip6_frag(p, 65000, true, id);
		put_frag_slice(p, 17, data, 600, false);
		break;
	default:	/* QinQ, 5 bytes and M; the padding after them is not fragment data */
		pkt_malformed(p, r);
		put_ip6_frag(p, 8, true, id);
		put_frag_slice(p, 17, data, 5, false);
		break;
	}
	emit60(s, p);
}
