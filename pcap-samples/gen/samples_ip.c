/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clean samples about the IP layers: ipv4-options-frags, ipv6-ext.
 */
#include <string.h>

#include <rte_ip.h>

#include "gen.h"

/* IPv4 option sets, each a multiple of 4 bytes, each well formed. */
static const uint8_t OPT_RA[4] = { 0x94, 0x04, 0x00, 0x00 };	/* router alert */
static const uint8_t OPT_RR1[8] = { 0x07, 0x07, 0x04, 0, 0, 0, 0, 0x00 };
static const uint8_t OPT_RR2[12] = { 0x07, 0x0b, 0x04, [11] = 0x00 };
static const uint8_t OPT_NOP_RR4[20] = { 0x01, 0x07, 0x13, 0x04 };
static const uint8_t OPT_TS5[24] = { 0x44, 0x18, 0x05, 0x00 };	/* timestamps only */
static const uint8_t OPT_RR9[40] = { 0x07, 0x27, 0x04, [39] = 0x00 };
static const uint8_t OPT_TS9[40] = { 0x44, 0x28, 0x05, 0x00 };

struct optset {
	const uint8_t *bytes;
	uint8_t len;
};

static const struct optset OPTSETS[] = {
	{ OPT_RA, 4 }, { OPT_RR1, 8 }, { OPT_RR2, 12 }, { OPT_NOP_RR4, 20 },
	{ OPT_TS5, 24 }, { OPT_RR9, 40 }, { OPT_TS9, 40 },
};

#define NOPTSETS (sizeof(OPTSETS) / sizeof(OPTSETS[0]))

/* An IPv4 packet of connection c with the given options / bad checksum, L4 by proto. */
static void
mk_ip4_l4(struct sample *s, const struct conn *c, const struct optset *o, bool bad_cksum,
	uint8_t proto, uint32_t payload)
{
	struct ip4 ip;
	struct pkt p;

	ip4_basic(&ip, c->src, c->dst, (uint16_t)rng_next(&s->rng));
	if (o != NULL) {
		ip.opts = o->bytes;
		ip.opt_len = o->len;
	}
	ip.bad_cksum = bad_cksum;
	pkt_init(&p);
	put_l2(&p, c->l2, c->src, c->dst);
	put_ipv4(&p, &ip);
	if (proto == 6)
		put_tcp(&p, c->sport, c->dport, 4242, 2424, 0x18, 502, TCP_OPT_TS, 12);
	else if (proto == 17)
		put_udp(&p, c->sport, c->dport);
	else
		put_icmp(&p, 8, 0, 0x99, (uint16_t)payload);
	put_random(&p, &s->rng, payload);
	emit60(s, &p);
	tick_us(s, 20, 200);
}

/* An IPv4 packet whose payload is some other protocol, given as bytes. */
static void
mk_ip4_other(struct sample *s, const struct conn *c, const struct optset *o, uint8_t proto,
	const uint8_t *bytes, uint32_t len, uint32_t dst, uint8_t ttl)
{
	struct ip4 ip;
	struct pkt p;

	ip4_basic(&ip, c->src, c->dst, (uint16_t)rng_next(&s->rng));
	if (o != NULL) {
		ip.opts = o->bytes;
		ip.opt_len = o->len;
	}
	if (dst != 0)
		ip.dst = dst;
	if (ttl != 0)
		ip.ttl = ttl;
	pkt_init(&p);
	put_l2(&p, c->l2, c->src, c->dst);
	put_ipv4(&p, &ip);
	put_other_l4(&p, proto, bytes, len);
	emit60(s, &p);
	tick_us(s, 20, 200);
}

int
gen_ipv4_options_frags(const char *dir)
{
	static const struct l2 one = { 1, { 0x8100 }, { 0x0005 } };
	struct conn c = { &L2_PLAIN, false, 1, 1000, 33333, 9000 };
	struct conn ct = { &L2_PLAIN, false, 2, 1001, 33334, 443 };
	struct conn cv = { &one, false, 3, 1002, 33335, 9000 };
	uint8_t l4[5000], buf[128];
	uint32_t n, crc;
	struct sample s;
	unsigned int i;

	if (sample_open(&s, dir, "ipv4-options-frags", DLT_EN10MB, false) != 0)
		return -1;

	/* Options of every length, over TCP, UDP and ICMP. */
	for (i = 0; i < NOPTSETS; i++) {
		static const uint8_t protos[3] = { 6, 17, 1 };

		mk_ip4_l4(&s, protos[i % 3] == 6 ? &ct : &c, &OPTSETS[i], false,
			protos[i % 3], 40 + 10 * i);
		mk_ip4_l4(&s, protos[(i + 1) % 3] == 6 ? &ct : &c, &OPTSETS[i], false,
			protos[(i + 1) % 3], 0);
	}

	/* Fragments: first (TCP, UDP, ICMP), middle, last; in order and last first. */
	n = l4_datagram(&s, &c, 17, 3000, l4);
	mk_frag4(&s, &c, 17, l4, n, 1480, NULL, 0, false, -1);
	n = l4_datagram(&s, &ct, 6, 2400, l4);
	mk_frag4(&s, &ct, 6, l4, n, 1480, NULL, 0, false, -1);
	n = l4_datagram(&s, &c, 1, 4000, l4);
	mk_frag4(&s, &c, 1, l4, n, 1480, NULL, 0, false, 1);	/* middle one: bad checksum */
	n = l4_datagram(&s, &c, 17, 2000, l4);
	mk_frag4(&s, &c, 17, l4, n, 1000, OPT_RA, sizeof(OPT_RA), true, -1);
	n = l4_datagram(&s, &c, 17, 40, l4);
	mk_frag4(&s, &c, 17, l4, n, 16, NULL, 0, false, -1);	/* tiny: UDP header + 8 */
	n = l4_datagram(&s, &cv, 17, 1600, l4);
	mk_frag4(&s, &cv, 17, l4, n, 1480, NULL, 0, false, -1);

	/* Wrong header checksums on otherwise good packets: still decoded. */
	mk_ip4_l4(&s, &ct, NULL, true, 6, 0);
	mk_ip4_l4(&s, &c, NULL, true, 17, 100);
	mk_ip4_l4(&s, &c, NULL, true, 1, 56);
	mk_ip4_l4(&s, &c, &OPTSETS[2], true, 17, 10);
	mk_ip4_l4(&s, &cv, NULL, true, 17, 30);

	/* Other L4 protocols. */
	memset(buf, 0, sizeof(buf));
	buf[2] = 0x88;			/* GRE, protocol 0x88b5 (local experimental) */
	buf[3] = 0xb5;
	rng_fill(&s.rng, buf + 4, 28);
	mk_ip4_other(&s, &c, NULL, 47, buf, 32, 0, 0);

	memset(buf, 0, sizeof(buf));	/* SCTP INIT */
	buf[0] = 0x0b;			/* ports 3000 -> 3868 */
	buf[1] = 0xb8;
	buf[2] = 0x0f;
	buf[3] = 0x1c;
	buf[12] = 1;			/* INIT chunk, 20 bytes */
	buf[15] = 20;
	memcpy(buf + 16, "\x1a\x2b\x3c\x4d\x00\x01\x00\x00\x00\x0a\x00\x0a\x55\x66\x77\x88", 16);
	crc = crc32c(buf, 32);
	for (i = 0; i < 4; i++)		/* the CRC32c goes out least significant byte first */
		buf[8 + i] = (uint8_t)(crc >> (8 * i));
	mk_ip4_other(&s, &c, NULL, 132, buf, 32, 0, 0);

	for (i = 1; i <= 2; i++) {	/* ESP: SPI, sequence, ciphertext */
		memset(buf, 0, sizeof(buf));
		buf[2] = 0x10;
		buf[3] = 0x01;
		buf[7] = (uint8_t)i;
		rng_fill(&s.rng, buf + 8, 72);
		mk_ip4_other(&s, &c, NULL, 50, buf, 80, 0, 0);
	}

	for (i = 0; i < 2; i++) {	/* IGMPv2 reports: router alert, TTL 1 */
		uint32_t group = 0xef010101 + i;
		uint16_t ck;

		memset(buf, 0, 8);
		buf[0] = 0x16;
		buf[4] = (uint8_t)(group >> 24);
		buf[5] = (uint8_t)(group >> 16);
		buf[6] = (uint8_t)(group >> 8);
		buf[7] = (uint8_t)group;
		ck = (uint16_t)~rte_raw_cksum(buf, 8);
		memcpy(buf + 2, &ck, 2);	/* the raw sum is in memory order */
		mk_ip4_other(&s, &c, &OPTSETS[0], 2, buf, 8, group, 1);
	}

	rng_fill(&s.rng, buf, 24);	/* experimental protocol 253 */
	mk_ip4_other(&s, &c, NULL, 253, buf, 24, 0, 0);

	meta_str(&s, "covers", "IPv4 options of 4, 8, 12, 20, 24 and 40 bytes; fragments "
		"(first with TCP, UDP, ICMP; middle; last; last-first order; tiny; tagged; with "
		"options); wrong header checksums; GRE, SCTP, ESP, IGMP, protocol 253");
	meta_json(&s, "option_lengths", "[4, 8, 12, 20, 24, 40]");
	return sample_close(&s, dir);
}

/*
 * IPv6 with the given chain of extension headers (types, 0 ends), then L4;
 * udp_cksum0: a UDP checksum of 0.
 */
static void
mk_ip6_chain(struct sample *s, const struct conn *c, const uint8_t *chain, uint8_t proto,
	uint32_t payload, bool udp_cksum0)
{
	struct ip6 ip;
	struct pkt p;

	ip6_basic(&ip, c->src, c->dst);
	pkt_init(&p);
	put_l2(&p, c->l2, c->src, c->dst);
	put_ipv6(&p, &ip);
	for (; *chain != 0; chain++) {
		switch (*chain) {
		case 1:		/* hop-by-hop, written 1 here because 0 ends the list */
			put_ip6_opts(&p, 0, NULL, 0, 8);
			break;
		case 60:
			put_ip6_opts(&p, 60, NULL, 0, payload > 100 ? 64 : 8);
			break;
		case 43:
			put_ip6_srh(&p, 2);
			break;
		case 44:	/* an atomic fragment: offset 0, no more */
			put_ip6_frag(&p, 0, false, 0x1234);
			break;
		default:
			gen_die("chain element %u", *chain);
		}
	}
	switch (proto) {
	case 6:
		put_tcp(&p, c->sport, c->dport, 5, 6, 0x18, 502, TCP_OPT_TS, 12);
		break;
	case 17:
		put_udp(&p, c->sport, c->dport);
		if (udp_cksum0)
			pkt_udp_zero_checksum(&p);
		break;
	case 58:
		put_icmp6(&p, 128, 0, 0x00770001);
		break;
	default:
		put_other_l4(&p, proto, NULL, 0);
		break;
	}
	put_random(&p, &s->rng, payload);
	emit60(s, &p);
	tick_us(s, 20, 200);
}

int
gen_ipv6_ext(const char *dir)
{
	static const struct l2 one = { 1, { 0x8100 }, { 0x0006 } };
	static const uint8_t ra_mld[4] = { 0x05, 0x02, 0x00, 0x00 };
	static const struct {
		uint8_t chain[6];
		uint8_t proto;
		uint32_t payload;
	} chains[] = {
		{ { 1 }, 17, 40 }, { { 60 }, 6, 0 }, { { 60 }, 17, 200 }, { { 43 }, 17, 20 },
		{ { 43 }, 6, 100 }, { { 43 }, 58, 32 }, { { 44 }, 17, 64 },
		{ { 1, 60, 43 }, 6, 0 }, { { 60, 43, 60 }, 17, 120 }, { { 1, 60, 43, 44, 60 }, 17, 8 },
		{ { 60, 1 }, 17, 16 },			/* hop-by-hop not first: other_l4 */
		{ { 0 }, 59, 0 }, { { 60 }, 59, 0 }, { { 1, 43 }, 59, 0 },
		{ { 0 }, 50, 0 }, { { 1 }, 50, 0 }, { { 60 }, 50, 0 },
	};
	struct conn c = { &L2_PLAIN, true, 1, 1000, 34000, 9000 };
	struct conn ct = { &L2_PLAIN, true, 2, 1001, 34001, 443 };
	struct conn cv = { &one, true, 3, 1000, 34002, 9000 };
	uint8_t l4[5000], esp[64];
	uint32_t n;
	struct sample s;
	unsigned int i;

	if (sample_open(&s, dir, "ipv6-ext", DLT_EN10MB, false) != 0)
		return -1;

	for (i = 0; i < sizeof(chains) / sizeof(chains[0]); i++) {
		if (chains[i].proto == 50) {
			struct ip6 ip;
			struct pkt p;
			const uint8_t *e;

			ip6_basic(&ip, c.src, c.dst);
			pkt_init(&p);
			put_l2(&p, c.l2, c.src, c.dst);
			put_ipv6(&p, &ip);
			for (e = chains[i].chain; *e != 0; e++)
				put_ip6_opts(&p, *e == 1 ? 0 : *e, NULL, 0, 8);
			memset(esp, 0, sizeof(esp));
			esp[3] = 0x42;
			esp[7] = (uint8_t)i;
			rng_fill(&s.rng, esp + 8, 56);
			put_other_l4(&p, 50, esp, sizeof(esp));
			emit60(&s, &p);
			tick_us(&s, 20, 200);
			continue;
		}
		mk_ip6_chain(&s, chains[i].proto == 6 ? &ct : &c, chains[i].chain,
			chains[i].proto, chains[i].payload, false);
	}
	mk_ip6_chain(&s, &cv, (const uint8_t[]){ 1, 0 }, 17, 30, false);
	mk_ip6_chain(&s, &cv, (const uint8_t[]){ 60, 43, 0 }, 6, 30, false);

	/* MLDv2 report behind a hop-by-hop router alert. */
	for (i = 0; i < 2; i++) {
		uint8_t rec[20] = { 4, 0, 0, 0, 0xff, 0x02, [15] = 1, 0xff, 0, 0, (uint8_t)i };
		struct ip6 ip;
		struct pkt p;

		memset(&ip, 0, sizeof(ip));
		ip.src[0] = 0xfe;
		ip.src[1] = 0x80;
		ip.src[15] = (uint8_t)(10 + i);
		ip.dst[0] = 0xff;
		ip.dst[1] = 0x02;
		ip.dst[15] = 0x16;
		ip.hlim = 1;
		pkt_init(&p);
		put_l2(&p, &L2_PLAIN, 10 + i, 0x3333);
		put_ipv6(&p, &ip);
		put_ip6_opts(&p, 0, ra_mld, sizeof(ra_mld), 8);
		put_icmp6(&p, 143, 0, 1);
		put_bytes(&p, rec, sizeof(rec));
		emit60(&s, &p);
		tick_us(&s, 20, 200);
	}

	/* Fragments: first (UDP, TCP, ICMPv6), middle, last. */
	n = l4_datagram(&s, &c, 17, 2500, l4);
	mk_frag6(&s, &c, 17, l4, n, 1232, false);
	n = l4_datagram(&s, &ct, 6, 2000, l4);
	mk_frag6(&s, &ct, 6, l4, n, 1448, false);
	n = l4_datagram(&s, &c, 58, 3000, l4);
	mk_frag6(&s, &c, 58, l4, n, 1232, true);
	n = l4_datagram(&s, &cv, 17, 1500, l4);
	mk_frag6(&s, &cv, 17, l4, n, 1448, false);

	/* A later fragment behind a chain. */
	{
		struct ip6 ip;
		struct pkt p;

		ip6_basic(&ip, c.src, c.dst);
		pkt_init(&p);
		put_l2(&p, c.l2, c.src, c.dst);
		put_ipv6(&p, &ip);
		put_ip6_opts(&p, 0, NULL, 0, 8);
		put_ip6_opts(&p, 60, NULL, 0, 16);
		put_ip6_srh(&p, 1);
		put_ip6_frag(&p, 1448, true, 0x5555);
		put_frag_slice(&p, 17, l4, 1448, false);
		emit60(&s, &p);
		tick_us(&s, 20, 200);
	}

	/* AH is not walked: other_l4, whatever it carries (here UDP). */
	for (i = 0; i < 2; i++) {
		uint8_t ah[24] = { 17, 4, 0, 0, 0, 0, 0x20, 0x01, 0, 0, 0, (uint8_t)(i + 1) };
		struct ip6 ip;
		struct pkt p;

		rng_fill(&s.rng, ah + 12, 12);
		n = l4_datagram(&s, &c, 17, 24, l4);
		ip6_basic(&ip, c.src, c.dst);
		pkt_init(&p);
		put_l2(&p, c.l2, c.src, c.dst);
		put_ipv6(&p, &ip);
		if (i == 1)
			put_ip6_opts(&p, 0, NULL, 0, 8);
		put_other_l4(&p, 51, ah, sizeof(ah));
		put_bytes(&p, l4, n);
		emit60(&s, &p);
		tick_us(&s, 20, 200);
	}

	/*
	 * UDP with a zero checksum, which RFC 8200 8.1 has receivers discard:
	 * plain, tagged, behind an atomic fragment header, and in a fragmented
	 * datagram (the first fragment carries the whole datagram's checksum).
	 */
	mk_ip6_chain(&s, &c, (const uint8_t[]){ 0 }, 17, 24, true);
	mk_ip6_chain(&s, &cv, (const uint8_t[]){ 0 }, 17, 24, true);
	mk_ip6_chain(&s, &c, (const uint8_t[]){ 44, 0 }, 17, 24, true);
	n = l4_datagram(&s, &c, 17, 1800, l4);
	l4[6] = 0;
	l4[7] = 0;
	mk_frag6(&s, &c, 17, l4, n, 1232, false);

	meta_str(&s, "covers", "hop-by-hop, segment routing, destination options, fragment "
		"(atomic, first, middle, last), chains of up to five, hop-by-hop not first, "
		"no next header, ESP, AH carrying UDP, MLDv2 with router alert, VLAN, UDP "
		"with a zero checksum (plain, tagged, atomic fragment, fragmented)");
	meta_u64(&s, "ah_frames", 2);
	return sample_close(&s, dir);
}
