/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * l4-checksums.pcap: right and wrong L4 checksums for --verify-l4-checksums.
 * Every wrong one is on an otherwise clean packet, so the option changes
 * nothing but the checksum counters.
 */
#include "gen.h"

/* What goes between the IP header and L4. */
enum l4_ext {
	EXT_NONE,
	EXT_OPTS,	/* IPv4: 8 bytes of options (NOPs and EOL) */
	EXT_CHAIN,	/* IPv6: hop-by-hop, destination options (24 bytes) */
	EXT_ATOMIC,	/* IPv6: an atomic fragment header (a whole datagram) */
	EXT_SRH,	/* IPv6: segment routing, segments left 1 */
	EXT_RH2,	/* IPv6: type 2 (Mobile IPv6), segments left 1 */
	EXT_RH0,	/* IPv6: type 0 (deprecated), segments left 1: not verified */
};

static const uint8_t IP4_OPT_NOPS[8] = { 1, 1, 1, 1, 1, 1, 1, 0 };

/* One packet of c with L4 proto, payload bytes, the checksum right or not. */
static void
mk_l4(struct sample *s, const struct conn *c, enum l4_ext ext, uint8_t proto,
	uint32_t payload, bool bad, bool zero)
{
	struct pkt p;

	pkt_init(&p);
	put_l2(&p, c->l2, c->src, c->dst);
	if (c->v6) {
		struct ip6 ip;

		ip6_basic(&ip, c->src, c->dst);
		put_ipv6(&p, &ip);
		if (ext == EXT_CHAIN) {
			put_ip6_opts(&p, 0, NULL, 0, 8);
			put_ip6_opts(&p, 60, NULL, 0, 16);
		} else if (ext == EXT_ATOMIC) {
			put_ip6_frag(&p, 0, false, 0x4c34);
		} else if (ext == EXT_SRH) {
			put_ip6_routing(&p, 4, 2, 1);
		} else if (ext == EXT_RH2) {
			put_ip6_routing(&p, 2, 1, 1);
		} else if (ext == EXT_RH0) {
			put_ip6_routing(&p, 0, 2, 1);
		}
	} else {
		struct ip4 ip;

		ip4_basic(&ip, c->src, c->dst, (uint16_t)rng_next(&s->rng));
		if (ext == EXT_OPTS) {
			ip.opts = IP4_OPT_NOPS;
			ip.opt_len = sizeof(IP4_OPT_NOPS);
		}
		put_ipv4(&p, &ip);
	}
	switch (proto) {
	case 6:
		put_tcp(&p, c->sport, c->dport, (uint32_t)rng_next(&s->rng), 1, 0x18, 502,
			TCP_OPT_TS, 12);
		break;
	case 17:
		put_udp(&p, c->sport, c->dport);
		if (zero)
			pkt_udp_zero_checksum(&p);
		break;
	case 1:
		put_icmp(&p, 8, 0, 0x4c34, (uint16_t)payload);
		break;
	case 58:
		put_icmp6(&p, 128, 0, 0x4c340000 | payload);
		break;
	default:
		gen_die("no checksum recipe for protocol %u", proto);
	}
	put_random(&p, &s->rng, payload);
	if (bad)
		pkt_spoil_l4_checksum(&p);
	emit60(s, &p);
	tick_us(s, 10, 100);
}

/* The same packet right, then wrong. */
static void
mk_pair(struct sample *s, const struct conn *c, enum l4_ext ext, uint8_t proto,
	uint32_t payload)
{
	mk_l4(s, c, ext, proto, payload, false, false);
	mk_l4(s, c, ext, proto, payload, true, false);
}

int
gen_l4_checksums(const char *dir)
{
	static const struct l2 one = { 1, { 0x8100 }, { 0x0007 } };
	static const struct l2 two = { 2, { 0x88a8, 0x8100 }, { 0x0010, 0x0020 } };
	static const uint8_t l4s[] = { 6, 17, 1, 58 };
	struct conn c4 = { &L2_PLAIN, false, 1, 2, 41000, 8080 };
	struct conn c6 = { &L2_PLAIN, true, 3, 4, 42000, 8443 };
	struct conn t4 = { &one, false, 5, 6, 43000, 53 };
	struct conn t6 = { &two, true, 7, 8, 44000, 5353 };
	uint8_t l4[4000];
	struct sample s;
	unsigned int i;
	uint32_t n;

	if (sample_open(&s, dir, "l4-checksums", DLT_EN10MB, false) != 0)
		return -1;
	/* Each protocol over each IP version, odd and even lengths. */
	for (i = 0; i < sizeof(l4s); i++) {
		mk_pair(&s, &c4, EXT_NONE, l4s[i], 20);
		mk_pair(&s, &c4, EXT_NONE, l4s[i], 33);
		mk_pair(&s, &c6, EXT_NONE, l4s[i], 20);
		mk_pair(&s, &c6, EXT_NONE, l4s[i], 33);
		mk_pair(&s, &c6, EXT_CHAIN, l4s[i], 40);
		mk_pair(&s, &t6, EXT_NONE, l4s[i], 7);
	}
	/* Options are not in the pseudo-header; tags are not either. */
	mk_pair(&s, &c4, EXT_OPTS, 6, 12);
	mk_pair(&s, &t4, EXT_OPTS, 17, 30);
	mk_pair(&s, &t4, EXT_NONE, 1, 16);
	/* An atomic fragment is a whole datagram: verified. */
	mk_pair(&s, &c6, EXT_ATOMIC, 17, 24);
	mk_pair(&s, &c6, EXT_ATOMIC, 6, 5);
	/* Routing with segments left: the final destination in the pseudo-header. */
	mk_pair(&s, &c6, EXT_SRH, 6, 10);
	mk_pair(&s, &c6, EXT_SRH, 17, 10);
	mk_pair(&s, &c6, EXT_RH2, 58, 10);
	mk_pair(&s, &c6, EXT_SRH, 1, 10);	/* ICMP: no pseudo-header at all */
	/* Type 0: its final address is not read, right or wrong. */
	mk_pair(&s, &c6, EXT_RH0, 17, 10);
	/* UDP checksum 0: none over IPv4, udp6_zero_checksum over IPv6. */
	mk_l4(&s, &c4, EXT_NONE, 17, 12, false, true);
	mk_l4(&s, &t4, EXT_NONE, 17, 3, false, true);
	mk_l4(&s, &c6, EXT_NONE, 17, 12, false, true);
	mk_l4(&s, &t6, EXT_CHAIN, 17, 3, false, true);
	/* Jumbo frames, which arrive as mbuf chains: 2048-byte segments. */
	mk_pair(&s, &c4, EXT_NONE, 6, 9000 - 14 - 20 - 32);
	mk_pair(&s, &c6, EXT_CHAIN, 17, 5000);
	mk_pair(&s, &t4, EXT_NONE, 1, 4097);
	mk_pair(&s, &c6, EXT_NONE, 58, 3001);

	/*
	 * Fragments: not verified, even with a wrong sum. A first fragment's
	 * sum is the datagram's; later ones carry no L4 header.
	 */
	n = l4_datagram(&s, &c4, 17, 600, l4);
	l4[6] ^= 0x11;
	mk_frag4(&s, &c4, 17, l4, n, 256, NULL, 0, false, -1);
	n = l4_datagram(&s, &t4, 6, 1000, l4);
	mk_frag4(&s, &t4, 6, l4, n, 512, NULL, 0, true, -1);
	n = l4_datagram(&s, &c6, 58, 900, l4);
	l4[2] ^= 0x22;
	mk_frag6(&s, &c6, 58, l4, n, 512, false);
	n = l4_datagram(&s, &c6, 17, 3500, l4);
	mk_frag6(&s, &c6, 17, l4, n, 1400, true);

	meta_str(&s, "covers", "TCP, UDP, ICMP and ICMPv6 with right and wrong checksums over "
		"IPv4 and IPv6, odd and even lengths, tagged, IPv4 options, IPv6 extension "
		"headers, an atomic fragment, routing headers with segments left (segment "
		"routing and type 2: final destination; type 0: not verified), UDP checksum 0, "
		"jumbo frames (mbuf chains), fragmented datagrams (not verified)");
	return sample_close(&s, dir);
}
