/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Packet recipes shared by the samples: ordinary, clean traffic.
 */
#include <string.h>

#include "gen.h"

const struct l2 L2_PLAIN = { .tags = 0 };

const uint8_t TCP_OPT_TS[12] = {
	0x01, 0x01, 0x08, 0x0a, 0x00, 0x1c, 0x2b, 0x3a, 0x00, 0x0a, 0x99, 0x10,
};

const uint8_t TCP_OPT_SYN[20] = {
	0x02, 0x04, 0x05, 0xb4,		/* MSS 1460 */
	0x04, 0x02,			/* SACK permitted */
	0x08, 0x0a, 0x00, 0x1c, 0x2b, 0x30, 0x00, 0x00, 0x00, 0x00,	/* timestamps */
	0x01,				/* NOP */
	0x03, 0x03, 0x07,		/* window scale 7 */
};

void
put_l2(struct pkt *p, const struct l2 *l2, unsigned int src, unsigned int dst)
{
	uint8_t smac[6], dmac[6];
	unsigned int i;

	host_mac(src, smac);
	host_mac(dst, dmac);
	put_eth(p, dmac, smac);
	for (i = 0; i < l2->tags; i++)
		put_vlan(p, l2->tpid[i], l2->tci[i]);
}

void
ip4_basic(struct ip4 *ip, unsigned int src, unsigned int dst, uint16_t id)
{
	memset(ip, 0, sizeof(*ip));
	ip->src = host_ip4(src);
	ip->dst = host_ip4(dst);
	ip->id = id;
	ip->frag = IP4_DF;
	ip->ttl = 64;
}

void
ip6_basic(struct ip6 *ip, unsigned int src, unsigned int dst)
{
	memset(ip, 0, sizeof(*ip));
	host_ip6(src, ip->src);
	host_ip6(dst, ip->dst);
	ip->hlim = 64;
}

struct conn
conn_reverse(const struct conn *c)
{
	struct conn r = *c;

	r.src = c->dst;
	r.dst = c->src;
	r.sport = c->dport;
	r.dport = c->sport;
	return r;
}

void
tick_us(struct sample *s, uint32_t lo, uint32_t hi)
{
	s->ts_ns += (uint64_t)rng_range(&s->rng, lo, hi) * 1000;
}

void
put_ip(struct pkt *p, struct sample *s, const struct conn *c)
{
	put_l2(p, c->l2, c->src, c->dst);
	if (c->v6) {
		struct ip6 ip;

		ip6_basic(&ip, c->src, c->dst);
		put_ipv6(p, &ip);
	} else {
		struct ip4 ip;

		ip4_basic(&ip, c->src, c->dst, (uint16_t)rng_next(&s->rng));
		put_ipv4(p, &ip);
	}
}

void
emit60(struct sample *s, struct pkt *p)
{
	pkt_pad(p, 60, 0);
	sample_emit(s, p);
}

void
mk_tcp(struct sample *s, const struct conn *c, uint8_t flags, uint32_t seq, uint32_t ack,
	const uint8_t *opts, uint8_t opt_len, uint32_t payload)
{
	struct pkt p;

	pkt_init(&p);
	put_ip(&p, s, c);
	put_tcp(&p, c->sport, c->dport, seq, ack, flags, 502, opts, opt_len);
	put_random(&p, &s->rng, payload);
	emit60(s, &p);
}

void
mk_udp(struct sample *s, const struct conn *c, uint32_t payload)
{
	struct pkt p;

	pkt_init(&p);
	put_ip(&p, s, c);
	put_udp(&p, c->sport, c->dport);
	put_random(&p, &s->rng, payload);
	emit60(s, &p);
}

/* Encode "a.b.c" as DNS labels; returns bytes written. */
static uint32_t
dns_name(uint8_t *buf, const char *name)
{
	uint32_t n = 0;

	while (*name != '\0') {
		const char *dot = strchr(name, '.');
		size_t len = dot != NULL ? (size_t)(dot - name) : strlen(name);

		buf[n++] = (uint8_t)len;
		memcpy(buf + n, name, len);
		n += (uint32_t)len;
		name += len + (dot != NULL);
	}
	buf[n++] = 0;
	return n;
}

uint32_t
dns_message(uint8_t *buf, uint16_t id, const char *name, bool resp, uint32_t addr)
{
	static const uint8_t answer_head[] = {
		0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01,	/* name -> question, A, IN */
		0x00, 0x00, 0x01, 0x2c, 0x00, 0x04,	/* TTL 300, 4 bytes */
	};
	uint32_t n = 12;

	memset(buf, 0, 12);
	buf[0] = id >> 8;
	buf[1] = id & 0xff;
	buf[2] = resp ? 0x81 : 0x01;	/* response or query, recursion desired */
	buf[3] = resp ? 0x80 : 0x00;	/* recursion available */
	buf[5] = 1;			/* one question */
	buf[7] = resp ? 1 : 0;		/* one answer */
	n += dns_name(buf + n, name);
	memcpy(buf + n, "\x00\x01\x00\x01", 4);	/* A, IN */
	n += 4;
	if (resp) {
		memcpy(buf + n, answer_head, sizeof(answer_head));
		n += sizeof(answer_head);
		buf[n++] = (uint8_t)(addr >> 24);
		buf[n++] = (uint8_t)(addr >> 16);
		buf[n++] = (uint8_t)(addr >> 8);
		buf[n++] = (uint8_t)addr;
	}
	return n;
}

void
mk_dns(struct sample *s, const struct conn *c, uint16_t id, const char *name, bool resp)
{
	uint8_t msg[300];
	uint32_t n = dns_message(msg, id, name, resp, host_ip4(1000 + id % 200));
	struct pkt p;

	pkt_init(&p);
	put_ip(&p, s, c);
	put_udp(&p, c->sport, c->dport);
	put_bytes(&p, msg, n);
	emit60(s, &p);
}

void
mk_ping(struct sample *s, const struct conn *c, bool reply, uint16_t id, uint16_t seq,
	uint32_t payload)
{
	struct pkt p;

	pkt_init(&p);
	put_ip(&p, s, c);
	if (c->v6)
		put_icmp6(&p, reply ? 129 : 128, 0, (uint32_t)id << 16 | seq);
	else
		put_icmp(&p, reply ? 0 : 8, 0, id, seq);
	put_random(&p, &s->rng, payload);
	emit60(s, &p);
}

void
mk_arp(struct sample *s, const struct l2 *l2, unsigned int src, unsigned int dst, bool reply)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const uint8_t zero[6];
	uint8_t smac[6], dmac[6];
	struct pkt p;
	unsigned int i;

	host_mac(src, smac);
	host_mac(dst, dmac);
	pkt_init(&p);
	put_eth(&p, reply ? dmac : bcast, smac);
	for (i = 0; i < l2->tags; i++)
		put_vlan(&p, l2->tpid[i], l2->tci[i]);
	put_arp(&p, reply ? 2 : 1, smac, host_ip4(src), reply ? dmac : zero, host_ip4(dst));
	emit60(s, &p);
}

void
mk_tcp_session(struct sample *s, const struct conn *c, unsigned int segments)
{
	struct conn r = conn_reverse(c);
	uint32_t cseq = (uint32_t)rng_next(&s->rng), sseq = (uint32_t)rng_next(&s->rng);
	unsigned int i;

	mk_tcp(s, c, 0x02, cseq, 0, TCP_OPT_SYN, 20, 0);
	tick_us(s, 200, 900);
	mk_tcp(s, &r, 0x12, sseq, cseq + 1, TCP_OPT_SYN, 20, 0);
	tick_us(s, 5, 40);
	cseq++;
	sseq++;
	mk_tcp(s, c, 0x10, cseq, sseq, TCP_OPT_TS, 12, 0);
	for (i = 0; i < segments; i++) {
		uint32_t creq = rng_range(&s->rng, 60, 700);
		uint32_t sresp = rng_range(&s->rng, 200, 1448);

		tick_us(s, 5, 60);
		mk_tcp(s, c, 0x18, cseq, sseq, TCP_OPT_TS, 12, creq);
		cseq += creq;
		tick_us(s, 100, 800);
		mk_tcp(s, &r, 0x18, sseq, cseq, TCP_OPT_TS, 12, sresp);
		sseq += sresp;
		tick_us(s, 5, 60);
		mk_tcp(s, c, 0x10, cseq, sseq, TCP_OPT_TS, 12, 0);
	}
	tick_us(s, 50, 400);
	mk_tcp(s, c, 0x11, cseq, sseq, TCP_OPT_TS, 12, 0);
	tick_us(s, 100, 500);
	mk_tcp(s, &r, 0x11, sseq, cseq + 1, TCP_OPT_TS, 12, 0);
	tick_us(s, 5, 60);
	mk_tcp(s, c, 0x10, cseq + 1, sseq + 1, TCP_OPT_TS, 12, 0);
	tick_us(s, 10, 100);
}

void
mk_stp(struct sample *s, const struct l2 *l2, unsigned int src)
{
	static const uint8_t stp_mcast[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 };
	uint8_t llc_bpdu[38] = {
		0x42, 0x42, 0x03,		/* LLC: STP */
		0x00, 0x00, 0x00, 0x00, 0x00,	/* protocol, version, config BPDU, flags */
		0x80, 0x00, 0x52, 0x54, 0x00, 0x00, 0x00, 0x01,	/* root id */
		0x00, 0x00, 0x00, 0x04,		/* root path cost */
		0x80, 0x00, 0x52, 0x54, 0x00, 0x00, 0x00, 0x02,	/* bridge id */
		0x80, 0x01,			/* port id */
		0x00, 0x00, 0x14, 0x00, 0x02, 0x00, 0x0f, 0x00,	/* ages, hello, delay */
	};
	uint8_t smac[6];
	struct pkt p;
	unsigned int i;

	host_mac(src, smac);
	pkt_init(&p);
	put_eth(&p, stp_mcast, smac);
	for (i = 0; i < l2->tags; i++)
		put_vlan(&p, l2->tpid[i], l2->tci[i]);
	put_other_l3(&p, sizeof(llc_bpdu), llc_bpdu, sizeof(llc_bpdu));
	emit60(s, &p);
}

void
mk_third_tag(struct sample *s, const struct conn *c, uint16_t tpid3, uint32_t payload)
{
	struct l2 one = { .tags = 1, .tpid = { tpid3 }, .tci = { 0x0077 } };
	struct conn inner = *c;
	struct pkt in, p;

	/* Build eth + third tag + IPv4/UDP, then graft everything after its TPID. */
	inner.l2 = &one;
	pkt_init(&in);
	put_ip(&in, s, &inner);
	put_udp(&in, c->sport, c->dport);
	put_random(&in, &s->rng, payload);
	pkt_finish(&in);

	pkt_init(&p);
	put_l2(&p, c->l2, c->src, c->dst);
	put_other_l3(&p, tpid3, in.data + 14, in.len - 14);
	emit60(s, &p);
}

uint32_t
l4_datagram(struct sample *s, const struct conn *c, uint8_t proto, uint32_t payload,
	uint8_t *out)
{
	struct pkt p;
	uint32_t n;

	pkt_init(&p);
	put_ip(&p, s, c);
	switch (proto) {
	case 6:
		put_tcp(&p, c->sport, c->dport, (uint32_t)rng_next(&s->rng),
			(uint32_t)rng_next(&s->rng), 0x18, 502, TCP_OPT_TS, 12);
		break;
	case 17:
		put_udp(&p, c->sport, c->dport);
		break;
	case 1:
		put_icmp(&p, 8, 0, 0x4242, 1);
		break;
	case 58:
		put_icmp6(&p, 128, 0, 0x42420001);
		break;
	default:
		gen_die("no datagram recipe for protocol %u", proto);
	}
	put_random(&p, &s->rng, payload);
	pkt_finish(&p);
	n = p.len - (uint32_t)p.l4_off;
	memcpy(out, p.data + p.l4_off, n);
	return n;
}

unsigned int
mk_frag4(struct sample *s, const struct conn *c, uint8_t proto,
	const uint8_t *l4, uint32_t len, uint32_t frag, const uint8_t *opts, uint8_t opt_len,
	bool last_first, int bad_cksum)
{
	unsigned int n = (len + frag - 1) / frag, k;
	uint16_t id = (uint16_t)rng_next(&s->rng);

	for (k = 0; k < n; k++) {
		unsigned int i = last_first ? (k + n - 1) % n : k;	/* last, then in order */
		uint32_t off = i * frag;
		uint32_t part = len - off < frag ? len - off : frag;
		struct ip4 ip;
		struct pkt p;

		ip4_basic(&ip, c->src, c->dst, id);
		ip.frag = (uint16_t)((i + 1 < n ? IP4_MF : 0) | off / 8);
		ip.opts = opts;
		ip.opt_len = opt_len;
		ip.bad_cksum = (int)i == bad_cksum;
		pkt_init(&p);
		put_l2(&p, c->l2, c->src, c->dst);
		put_ipv4(&p, &ip);
		put_frag_slice(&p, proto, l4 + off, part, i == 0);
		emit60(s, &p);
		tick_us(s, 1, 20);
	}
	return n;
}

unsigned int
mk_frag6(struct sample *s, const struct conn *c, uint8_t proto,
	const uint8_t *l4, uint32_t len, uint32_t frag, bool hbh)
{
	unsigned int n = (len + frag - 1) / frag, i;
	uint32_t id = (uint32_t)rng_next(&s->rng);

	for (i = 0; i < n; i++) {
		uint32_t off = i * frag;
		uint32_t part = len - off < frag ? len - off : frag;
		struct ip6 ip;
		struct pkt p;

		ip6_basic(&ip, c->src, c->dst);
		pkt_init(&p);
		put_l2(&p, c->l2, c->src, c->dst);
		put_ipv6(&p, &ip);
		if (hbh)
			put_ip6_opts(&p, 0, NULL, 0, 8);
		put_ip6_frag(&p, off, i + 1 < n, id);
		put_frag_slice(&p, proto, l4 + off, part, i == 0);
		emit60(s, &p);
		tick_us(s, 1, 20);
	}
	return n;
}

uint32_t
crc32c(const uint8_t *buf, uint32_t len)
{
	uint32_t crc = 0xffffffff;
	uint32_t i;
	int b;

	for (i = 0; i < len; i++) {
		crc ^= buf[i];
		for (b = 0; b < 8; b++)
			crc = (crc >> 1) ^ (0x82f63b78 & (0u - (crc & 1)));
	}
	return ~crc;
}
