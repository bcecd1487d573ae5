/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mix: a realistic blend for the decoder benchmark. Mostly small TCP
 * segments and ACKs over IPv4 and IPv6, some full-size segments, DNS, other
 * UDP, ICMP, ARP, VLAN and QinQ, IPv4 options and fragments, IPv6 extension
 * headers, and about 10% malformed frames spread over every reason a capture
 * can hold.
 */
#include <string.h>

#include "gen.h"

#define MIX_PACKETS 6000

static const struct l2 MIX_TAGS[5] = {
	{ 1, { 0x8100 }, { 0x0064 } },
	{ 1, { 0x88a8 }, { 0x00c8 } },
	{ 1, { 0x9100 }, { 0x012c } },
	{ 2, { 0x88a8, 0x8100 }, { 0x0010, 0x0065 } },
	{ 2, { 0x9100, 0x8100 }, { 0x0020, 0x0066 } },
};

/* 92% untagged, 6% one tag, 2% two. */
static const struct l2 *
pick_l2(struct sample *s)
{
	uint32_t r = rng_range(&s->rng, 0, 99);

	if (r < 92)
		return &L2_PLAIN;
	if (r < 98)
		return &MIX_TAGS[rng_range(&s->rng, 0, 2)];
	return &MIX_TAGS[rng_range(&s->rng, 3, 4)];
}

/* A client-server connection, IPv6 three times in ten; toward the server or back. */
static struct conn
pick_conn(struct sample *s, uint16_t server_port)
{
	struct conn c;

	c.l2 = pick_l2(s);
	c.v6 = rng_range(&s->rng, 0, 9) < 3;
	c.src = rng_range(&s->rng, 0, 199);
	c.dst = 1000 + rng_range(&s->rng, 0, 49);
	c.sport = (uint16_t)rng_range(&s->rng, 32768, 60999);
	c.dport = server_port;
	if (rng_range(&s->rng, 0, 1) == 1)
		c = conn_reverse(&c);
	return c;
}

static uint16_t
tcp_port(struct sample *s)
{
	uint32_t r = rng_range(&s->rng, 0, 9);

	return r < 7 ? 443 : r < 9 ? 80 : 22;
}

static void
mix_tcp(struct sample *s, uint32_t payload, uint8_t flags)
{
	struct conn c = pick_conn(s, tcp_port(s));
	bool ts = rng_range(&s->rng, 0, 3) != 0;	/* most stacks send timestamps */

	/* Full-size segments fill a 1500-byte MTU. */
	if (payload == 1500)
		payload = 1500 - (c.v6 ? 40 : 20) - 20 - (ts ? 12 : 0);
	mk_tcp(s, &c, flags, (uint32_t)rng_next(&s->rng), (uint32_t)rng_next(&s->rng),
		ts ? TCP_OPT_TS : NULL, ts ? 12 : 0, payload);
}

static void
mix_dns(struct sample *s)
{
	static const char *const names[] = {
		"www.example.com", "api.example.net", "cdn.example.org", "mail.example.com",
		"time.example.net", "a.very.long.subdomain.example.org",
	};
	struct conn c = pick_conn(s, 53);
	struct conn r;
	uint16_t id = (uint16_t)rng_next(&s->rng);
	const char *name = names[rng_range(&s->rng, 0, 5)];

	if (c.dport != 53)
		c = conn_reverse(&c);
	mk_dns(s, &c, id, name, false);
	tick_us(s, 200, 3000);
	r = conn_reverse(&c);
	mk_dns(s, &r, id, name, true);
}

static void
mix_ip4_options(struct sample *s)
{
	static const uint8_t ra[4] = { 0x94, 0x04, 0x00, 0x00 };
	static const uint8_t rr[12] = { 0x07, 0x0b, 0x04 };
	struct conn c = pick_conn(s, 9000);
	bool use_ra = rng_range(&s->rng, 0, 1) == 0;
	struct ip4 ip;
	struct pkt p;

	ip4_basic(&ip, c.src, c.dst, (uint16_t)rng_next(&s->rng));
	ip.opts = use_ra ? ra : rr;
	ip.opt_len = use_ra ? sizeof(ra) : sizeof(rr);
	pkt_init(&p);
	put_l2(&p, c.l2, c.src, c.dst);
	put_ipv4(&p, &ip);
	put_udp(&p, c.sport, c.dport);
	put_random(&p, &s->rng, rng_range(&s->rng, 8, 200));
	emit60(s, &p);
}

static void
mix_fragments(struct sample *s, bool v6)
{
	uint8_t l4[2000];
	struct conn c = pick_conn(s, 9000);
	uint8_t proto = rng_range(&s->rng, 0, 3) == 0 ? (v6 ? 58 : 1) : 17;
	uint32_t n;

	c.v6 = v6;
	n = l4_datagram(s, &c, proto, rng_range(&s->rng, 600, 1400), l4);
	if (v6)
		mk_frag6(s, &c, proto, l4, n, 512, rng_range(&s->rng, 0, 3) == 0);
	else
		mk_frag4(s, &c, proto, l4, n, 552, NULL, 0, rng_range(&s->rng, 0, 4) == 0, -1);
}

static void
mix_ip6_ext(struct sample *s)
{
	struct conn c = pick_conn(s, 9000);
	struct ip6 ip;
	struct pkt p;
	uint32_t kind = rng_range(&s->rng, 0, 3);

	ip6_basic(&ip, c.src, c.dst);
	pkt_init(&p);
	put_l2(&p, c.l2, c.src, c.dst);
	put_ipv6(&p, &ip);
	if (kind == 0 || kind == 3)
		put_ip6_opts(&p, 0, NULL, 0, 8);
	if (kind == 1 || kind == 3)
		put_ip6_opts(&p, 60, NULL, 0, 16);
	if (kind == 2 || kind == 3)
		put_ip6_srh(&p, 2);
	if (rng_range(&s->rng, 0, 1) == 0)
		put_tcp(&p, c.sport, c.dport, 1, 2, 0x10, 502, TCP_OPT_TS, 12);
	else
		put_udp(&p, c.sport, c.dport);
	put_random(&p, &s->rng, rng_range(&s->rng, 0, 300));
	emit60(s, &p);
}

static void
mix_other(struct sample *s)
{
	uint8_t buf[80];
	struct conn c = pick_conn(s, 0);
	struct pkt p;
	uint32_t kind = rng_range(&s->rng, 0, 3);

	switch (kind) {
	case 0:		/* STP */
		mk_stp(s, c.l2, c.src);
		return;
	case 1:		/* a third tag */
		c.l2 = &MIX_TAGS[3];
		c.v6 = false;
		c.sport = 9000;
		c.dport = 9000;
		mk_third_tag(s, &c, 0x8100, 30);
		return;
	default:	/* ESP */
		memset(buf, 0, sizeof(buf));
		buf[3] = (uint8_t)kind;
		rng_fill(&s->rng, buf + 8, sizeof(buf) - 8);
		pkt_init(&p);
		put_ip(&p, s, &c);
		put_other_l4(&p, 50, buf, sizeof(buf));
		emit60(s, &p);
		return;
	}
}

int
gen_mix(const char *dir)
{
	struct sample s;

	if (sample_open(&s, dir, "mix", DLT_EN10MB, false) != 0)
		return -1;
	while (s.tally.packets < MIX_PACKETS) {
		uint32_t r = rng_range(&s.rng, 0, 999);

		if (r < 470) {
			mix_tcp(&s, 0, 0x10);				/* ACKs */
		} else if (r < 590) {
			mix_tcp(&s, rng_range(&s.rng, 1, 360), 0x18);	/* small data */
		} else if (r < 604) {
			mix_tcp(&s, 1500, 0x10);			/* full size */
		} else if (r < 619) {
			static const uint8_t flags[4] = { 0x02, 0x12, 0x11, 0x04 };

			mix_tcp(&s, 0, flags[rng_range(&s.rng, 0, 3)]);
		} else if (r < 694) {
			mix_dns(&s);
		} else if (r < 754) {
			struct conn c = pick_conn(&s, (uint16_t)rng_range(&s.rng, 9000, 9099));

			mk_udp(&s, &c, rng_range(&s.rng, 20, 240));
		} else if (r < 774) {
			struct conn c = pick_conn(&s, 0);

			mk_ping(&s, &c, rng_range(&s.rng, 0, 1) == 1, 0x0100, (uint16_t)r, 56);
		} else if (r < 784) {
			mk_arp(&s, pick_l2(&s), rng_range(&s.rng, 0, 199),
				rng_range(&s.rng, 0, 199), rng_range(&s.rng, 0, 1) == 1);
		} else if (r < 794) {
			mix_ip4_options(&s);
		} else if (r < 800) {
			mix_fragments(&s, false);
		} else if (r < 803) {
			mix_fragments(&s, true);
		} else if (r < 813) {
			mix_ip6_ext(&s);
		} else if (r < 819) {
			mix_other(&s);
		} else if (r < 919) {
			enum decode_result m = (enum decode_result)rng_range(&s.rng,
				MAL_FIRST_IN_CAPTURE, DECODE_RESULT_COUNT - 1);

			mk_malformed(&s, m, (unsigned int)rng_next(&s.rng));
		} else {
			mix_tcp(&s, 0, 0x10);				/* more ACKs */
		}
		tick_us(&s, 5, 300);
	}
	meta_str(&s, "covers", "about 6000 packets: TCP ACKs and data, DNS, UDP, ICMP/ICMPv6, "
		"ARP, VLAN/QinQ, IPv4 options and fragments, IPv6 extension headers, STP, "
		"third tags, ESP, and about 10% malformed frames over every reason a capture "
		"can hold");
	return sample_close(&s, dir);
}
