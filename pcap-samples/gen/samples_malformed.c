/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Malformed packets: a few variants of every reason a capture can hold (all
 * but mbuf_chain_short, see gen.h), some behind VLAN/QinQ tags, some in
 * fragments, some cut by a snaplen. Each recipe builds its outer layers
 * clean (credited), declares the reason, then writes the broken layer (not
 * credited).
 */
#include <string.h>

#include "malformed.h"

const struct l2 MAL_TAG1 = { 1, { 0x8100 }, { 0x0bad } };
const struct l2 MAL_TAG_AD = { 1, { 0x88a8 }, { 0x0bee } };
const struct l2 MAL_QINQ = { 2, { 0x88a8, 0x8100 }, { 0x0100, 0x0200 } };
const uint8_t MAL_NOPS[40] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/*
 * Ethernet (+ tags) and an IPv4 header. early: a reason declared before the
 * IPv4 header (so it is not counted), or DECODE_OK.
 */
void
mal_start4(struct sample *s, struct pkt *p, const struct l2 *l2, enum decode_result early,
	uint16_t frag, uint8_t opt_len)
{
	unsigned int src = rng_range(&s->rng, 1, 200), dst = 1000 + rng_range(&s->rng, 0, 50);
	struct ip4 ip;

	pkt_init(p);
	put_l2(p, l2, src, dst);
	if (early != DECODE_OK)
		pkt_malformed(p, early);
	ip4_basic(&ip, src, dst, (uint16_t)rng_next(&s->rng));
	ip.frag = frag;
	ip.opts = MAL_NOPS;
	ip.opt_len = opt_len;
	put_ipv4(p, &ip);
}

void
mal_start6(struct sample *s, struct pkt *p, const struct l2 *l2, enum decode_result early)
{
	unsigned int src = rng_range(&s->rng, 1, 200), dst = 1000 + rng_range(&s->rng, 0, 50);
	struct ip6 ip;

	pkt_init(p);
	put_l2(p, l2, src, dst);
	if (early != DECODE_OK)
		pkt_malformed(p, early);
	ip6_basic(&ip, src, dst);
	put_ipv6(p, &ip);
}

static uint16_t
port(struct sample *s)
{
	return (uint16_t)rng_range(&s->rng, 1024, 65000);
}

void
mal_udp_with(struct sample *s, struct pkt *p, uint32_t payload)
{
	put_udp(p, port(s), 9000);
	put_random(p, &s->rng, payload);
}

void
mal_tcp_with(struct sample *s, struct pkt *p, uint8_t opt_len, uint32_t payload)
{
	put_tcp(p, port(s), 443, (uint32_t)rng_next(&s->rng), (uint32_t)rng_next(&s->rng),
		0x18, 502, MAL_NOPS, opt_len);
	put_random(p, &s->rng, payload);
}

void
mal_l4_head(struct sample *s, uint8_t proto, uint8_t *buf, uint32_t len)
{
	rng_fill(&s->rng, buf, len);
	if (proto == 6 && len > 12)
		buf[12] = 0x50;	/* data offset 5: only the length is wrong */
	if (proto == 17 && len >= 6) {
		buf[4] = 0;
		buf[5] = 4;	/* UDP length 4 */
	}
}

/* Bytes of a whole clean frame (eth + IP + UDP) to graft under another ethertype. */
uint32_t
mal_foreign_l3(struct sample *s, bool v6, uint8_t *out)
{
	struct conn c = { &L2_PLAIN, v6, 5, 1005, 4444, 9000 };
	struct pkt p;

	pkt_init(&p);
	put_ip(&p, s, &c);
	put_udp(&p, c.sport, c.dport);
	put_random(&p, &s->rng, 20);
	pkt_finish(&p);
	memcpy(out, p.data + 14, p.len - 14);
	return p.len - 14;
}

static const struct {
	void (*fn)(struct sample *s, struct pkt *p, unsigned int v);
	unsigned int variants;
} RECIPES[DECODE_RESULT_COUNT] = {
	[DECODE_MAL_eth_truncated] = { mal_eth, 5 },
	[DECODE_MAL_vlan_truncated] = { mal_vlan, 6 },
	[DECODE_MAL_arp_truncated] = { mal_arp, 5 },
	[DECODE_MAL_ipv4_truncated] = { mal_ipv4_truncated, 7 },
	[DECODE_MAL_ipv4_bad_version] = { mal_ipv4_bad_version, 5 },
	[DECODE_MAL_ipv4_bad_ihl] = { mal_ipv4_bad_ihl, 4 },
	[DECODE_MAL_ipv4_bad_total_length] = { mal_ipv4_bad_total_length, 4 },
	[DECODE_MAL_ipv4_bad_fragment] = { mal_ipv4_bad_fragment, 6 },
	[DECODE_MAL_ipv4_tiny_fragment] = { mal_ipv4_tiny_fragment, 7 },
	[DECODE_MAL_ipv6_truncated] = { mal_ipv6_truncated, 5 },
	[DECODE_MAL_ipv6_bad_version] = { mal_ipv6_bad_version, 4 },
	[DECODE_MAL_ipv6_ext_truncated] = { mal_ipv6_ext_truncated, 6 },
	[DECODE_MAL_ipv6_bad_fragment] = { mal_ipv6_bad_fragment, 6 },
	[DECODE_MAL_ipv6_incomplete_chain] = { mal_ipv6_incomplete_chain, 6 },
	[DECODE_MAL_tcp_truncated] = { mal_tcp_truncated, 6 },
	[DECODE_MAL_tcp_bad_data_offset] = { mal_tcp_bad_data_offset, 5 },
	[DECODE_MAL_udp_truncated] = { mal_udp_truncated, 5 },
	[DECODE_MAL_udp_bad_length] = { mal_udp_bad_length, 8 },
	[DECODE_MAL_icmp_truncated] = { mal_icmp_truncated, 5 },
	[DECODE_MAL_icmpv6_truncated] = { mal_icmpv6_truncated, 5 },
};

unsigned int
mal_variants(enum decode_result r)
{
	if (r <= DECODE_OK || r >= DECODE_RESULT_COUNT || RECIPES[r].fn == NULL)
		gen_die("no recipe for malformed reason %d", (int)r);
	return RECIPES[r].variants;
}

void
mk_malformed(struct sample *s, enum decode_result r, unsigned int v)
{
	struct pkt p;

	RECIPES[r].fn(s, &p, v % mal_variants(r));
}

int
gen_malformed(const char *dir)
{
	struct sample s;
	int r;
	unsigned int v, min = ~0u;

	if (sample_open(&s, dir, "malformed", DLT_EN10MB, false) != 0)
		return -1;
	for (r = MAL_FIRST_IN_CAPTURE; r < DECODE_RESULT_COUNT; r++) {
		for (v = 0; v < mal_variants(r); v++) {
			mk_malformed(&s, r, v);
			tick_us(&s, 10, 300);
		}
		if (mal_variants(r) < min)
			min = mal_variants(r);
	}
	meta_u64(&s, "min_per_reason", min);
	meta_str(&s, "covers", "every malformed reason a capture can hold, 4 to 8 times: plain, "
		"behind one or two VLAN tags, in first fragments, cut by a snaplen, hidden by "
		"Ethernet padding");
	return sample_close(&s, dir);
}
