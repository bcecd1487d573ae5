/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clean samples: basic, vlan, min-padded, jumbo.
 */
#include <string.h>

#include "gen.h"

#define TPID_8021Q 0x8100
#define TPID_8021AD 0x88a8
#define TPID_9100 0x9100

/* IPv6 neighbour solicitation (unicast, for reachability) with a source link-layer option. */
static void
mk_neigh_solicit(struct sample *s, unsigned int src, unsigned int dst)
{
	uint8_t body[24];
	struct ip6 ip;
	struct pkt p;

	ip6_basic(&ip, src, dst);
	ip.hlim = 255;
	memcpy(body, ip.dst, 16);	/* target */
	body[16] = 1;			/* source link-layer address, 8 bytes */
	body[17] = 1;
	host_mac(src, body + 18);
	pkt_init(&p);
	put_l2(&p, &L2_PLAIN, src, dst);
	put_ipv6(&p, &ip);
	put_icmp6(&p, 135, 0, 0);
	put_bytes(&p, body, sizeof(body));
	emit60(s, &p);
}

static void
mk_neigh_advert(struct sample *s, unsigned int src, unsigned int dst)
{
	uint8_t body[16];
	struct ip6 ip;
	struct pkt p;

	ip6_basic(&ip, src, dst);
	ip.hlim = 255;
	memcpy(body, ip.src, 16);	/* target: the advertiser */
	pkt_init(&p);
	put_l2(&p, &L2_PLAIN, src, dst);
	put_ipv6(&p, &ip);
	put_icmp6(&p, 136, 0, 0x60000000);	/* solicited, override */
	put_bytes(&p, body, sizeof(body));
	emit60(s, &p);
}

int
gen_basic(const char *dir)
{
	struct conn t4 = { &L2_PLAIN, false, 1, 1000, 51514, 443 };
	struct conn t6 = { &L2_PLAIN, true, 2, 1001, 40222, 443 };
	struct conn d4 = { &L2_PLAIN, false, 1, 1010, 38001, 53 };
	struct conn d6 = { &L2_PLAIN, true, 2, 1010, 38002, 53 };
	struct conn u4 = { &L2_PLAIN, false, 3, 1020, 50000, 9000 };
	struct conn u6 = { &L2_PLAIN, true, 3, 1020, 50000, 9000 };
	struct conn p4 = { &L2_PLAIN, false, 1, 1030, 0, 0 };
	struct conn p6 = { &L2_PLAIN, true, 2, 1030, 0, 0 };
	struct conn r;
	struct sample s;
	uint16_t i;

	if (sample_open(&s, dir, "basic", DLT_EN10MB, false) != 0)
		return -1;
	mk_arp(&s, &L2_PLAIN, 1, 0, false);
	tick_us(&s, 50, 200);
	mk_arp(&s, &L2_PLAIN, 0, 1, true);
	tick_us(&s, 50, 200);
	mk_dns(&s, &d4, 0x1a2b, "www.example.com", false);
	tick_us(&s, 500, 2000);
	r = conn_reverse(&d4);
	mk_dns(&s, &r, 0x1a2b, "www.example.com", true);
	tick_us(&s, 50, 200);
	mk_tcp_session(&s, &t4, 3);
	mk_neigh_solicit(&s, 2, 1001);
	tick_us(&s, 50, 200);
	mk_neigh_advert(&s, 1001, 2);
	tick_us(&s, 50, 200);
	mk_dns(&s, &d6, 0x3c4d, "ipv6.example.org", false);
	tick_us(&s, 500, 2000);
	r = conn_reverse(&d6);
	mk_dns(&s, &r, 0x3c4d, "ipv6.example.org", true);
	tick_us(&s, 50, 200);
	mk_tcp_session(&s, &t6, 2);
	for (i = 1; i <= 3; i++) {
		mk_ping(&s, &p4, false, 0x0101, i, 56);
		tick_us(&s, 300, 900);
		r = conn_reverse(&p4);
		mk_ping(&s, &r, true, 0x0101, i, 56);
		tick_us(&s, 300, 900);
		mk_ping(&s, &p6, false, 0x0202, i, 56);
		tick_us(&s, 300, 900);
		r = conn_reverse(&p6);
		mk_ping(&s, &r, true, 0x0202, i, 56);
		tick_us(&s, 300, 900);
	}
	mk_udp(&s, &u4, 100);
	tick_us(&s, 20, 100);
	mk_udp(&s, &u4, 1472);		/* a full 1514-byte frame */
	tick_us(&s, 20, 100);
	mk_udp(&s, &u6, 100);
	tick_us(&s, 20, 100);
	mk_udp(&s, &u6, 1452);
	meta_str(&s, "covers", "clean IPv4/IPv6 TCP sessions, DNS, UDP, ICMP/ICMPv6 echo, "
		"neighbour discovery, ARP");
	return sample_close(&s, dir);
}

int
gen_vlan(const char *dir)
{
	static const struct l2 tag[3] = {
		{ 1, { TPID_8021Q }, { 0x0064 } },
		{ 1, { TPID_8021AD }, { 0x00c8 } },
		{ 1, { TPID_9100 }, { 0x012c } },
	};
	static const struct l2 qinq[5] = {
		{ 2, { TPID_8021AD, TPID_8021Q }, { 0x0010, 0x2065 } },
		{ 2, { TPID_9100, TPID_8021Q }, { 0x0020, 0x0066 } },
		{ 2, { TPID_8021Q, TPID_8021Q }, { 0x0030, 0xe067 } },
		{ 2, { TPID_9100, TPID_9100 }, { 0x0040, 0x0068 } },
		{ 2, { TPID_8021AD, TPID_9100 }, { 0x0050, 0x0069 } },
	};
	static const uint16_t third[3] = { TPID_8021Q, TPID_8021AD, TPID_9100 };
	uint8_t local_exp[46];
	struct sample s;
	unsigned int i;

	if (sample_open(&s, dir, "vlan", DLT_EN10MB, false) != 0)
		return -1;
	for (i = 0; i < 3; i++) {
		const struct l2 *l2 = &tag[i];
		struct conn t4 = { l2, false, 10 + i, 1000, 40000 + i, 443 };
		struct conn u4 = { l2, false, 10 + i, 1001, 41000 + i, 9000 };
		struct conn u6 = { l2, true, 10 + i, 1001, 42000 + i, 9000 };
		struct conn p4 = { l2, false, 10 + i, 1002, 0, 0 };
		struct conn p6 = { l2, true, 10 + i, 1002, 0, 0 };

		mk_tcp(&s, &t4, 0x18, 1000, 2000, TCP_OPT_TS, 12, 200);
		tick_us(&s, 10, 100);
		mk_udp(&s, &u4, 64);
		tick_us(&s, 10, 100);
		mk_udp(&s, &u6, 64);
		tick_us(&s, 10, 100);
		mk_ping(&s, &p4, false, 7, 1, 32);
		tick_us(&s, 10, 100);
		mk_ping(&s, &p6, false, 7, 1, 32);
		tick_us(&s, 10, 100);
		mk_arp(&s, l2, 10 + i, 20, false);
		tick_us(&s, 10, 100);
	}
	for (i = 0; i < 5; i++) {
		const struct l2 *l2 = &qinq[i];
		struct conn t4 = { l2, false, 30 + i, 1000, 43000 + i, 443 };
		struct conn t6 = { l2, true, 30 + i, 1000, 44000 + i, 443 };
		struct conn u4 = { l2, false, 30 + i, 1001, 45000 + i, 9000 };
		struct conn u6 = { l2, true, 30 + i, 1001, 46000 + i, 9000 };
		struct conn p4 = { l2, false, 30 + i, 1002, 0, 0 };

		mk_tcp(&s, &t4, 0x10, 1000, 2000, TCP_OPT_TS, 12, 0);
		tick_us(&s, 10, 100);
		mk_tcp(&s, &t6, 0x18, 1000, 2000, TCP_OPT_TS, 12, 300);
		tick_us(&s, 10, 100);
		mk_udp(&s, &u4, 20);
		tick_us(&s, 10, 100);
		mk_udp(&s, &u6, 20);
		tick_us(&s, 10, 100);
		mk_ping(&s, &p4, true, 9, 2, 16);
		tick_us(&s, 10, 100);
		mk_arp(&s, l2, 30 + i, 40, i % 2 == 1);
		tick_us(&s, 10, 100);
	}
	/* A third tag: other_l3 (an IPv4/UDP packet sits behind it). */
	for (i = 0; i < 3; i++) {
		struct conn c = { &qinq[i], false, 50 + i, 1003, 50300 + i, 9000 };

		mk_third_tag(&s, &c, third[i], 40);
		tick_us(&s, 10, 100);
	}
	/* Non-IP ethertypes behind tags: local experimental, and 802.3/LLC (STP). */
	rng_fill(&s.rng, local_exp, sizeof(local_exp));
	for (i = 0; i < 4; i++) {
		const struct l2 *l2 = i < 2 ? &tag[i] : &qinq[i - 2];
		struct pkt p;

		pkt_init(&p);
		put_l2(&p, l2, 60 + i, 61 + i);
		put_other_l3(&p, 0x88b5, local_exp, sizeof(local_exp));
		emit60(&s, &p);
		tick_us(&s, 10, 100);
	}
	mk_stp(&s, &tag[0], 70);
	tick_us(&s, 10, 100);
	mk_stp(&s, &qinq[0], 71);
	meta_str(&s, "covers", "single tags with TPIDs 0x8100, 0x88a8, 0x9100; two tags in five "
		"TPID pairs; IPv4/IPv6/ARP inside; third tags; 0x88b5 and 802.3/LLC inside");
	meta_u64(&s, "third_tag_frames", 3);
	return sample_close(&s, dir);
}

int
gen_min_padded(const char *dir)
{
	static const struct l2 one = { 1, { TPID_8021Q }, { 0x000a } };
	static const struct l2 two = { 2, { TPID_8021AD, TPID_8021Q }, { 0x000b, 0x000c } };
	const struct l2 *l2s[3] = { &L2_PLAIN, &one, &two };
	struct sample s;
	unsigned int i, n;

	if (sample_open(&s, dir, "min-padded", DLT_EN10MB, false) != 0)
		return -1;
	for (i = 0; i < 3; i++) {
		const struct l2 *l2 = l2s[i];
		struct conn u = { l2, false, 1 + i, 1000, 53000, 9000 };
		struct conn t = { l2, false, 1 + i, 1001, 53001, 443 };
		struct conn e = { l2, false, 1 + i, 1002, 0, 0 };
		struct conn r;

		for (n = 0; n <= 4; n++) {
			struct pkt p;

			/* Padding: zeros, then 0xa5 (must not be read as UDP data). */
			pkt_init(&p);
			put_ip(&p, &s, &u);
			put_udp(&p, u.sport, u.dport);
			put_random(&p, &s.rng, n);
			pkt_pad(&p, 60, n % 2 == 0 ? 0x00 : 0xa5);
			sample_emit(&s, &p);
			tick_us(&s, 5, 50);
		}
		if (i < 2) {	/* with two tags a bare TCP segment is 62 bytes */
			r = conn_reverse(&t);
			mk_tcp(&s, &t, 0x10, 100, 200, NULL, 0, 0);	/* bare ACK */
			tick_us(&s, 5, 50);
			mk_tcp(&s, &r, 0x11, 200, 100, NULL, 0, 0);	/* FIN */
			tick_us(&s, 5, 50);
			mk_tcp(&s, &t, 0x04, 100, 0, NULL, 0, 0);	/* RST */
			tick_us(&s, 5, 50);
		}
		mk_ping(&s, &e, false, 3, 1, 0);
		tick_us(&s, 5, 50);
		r = conn_reverse(&e);
		mk_ping(&s, &r, true, 3, 1, 0);
		tick_us(&s, 5, 50);
		mk_ping(&s, &e, false, 3, 2, 8);
		tick_us(&s, 5, 50);
		mk_arp(&s, l2, 1 + i, 20, false);
		tick_us(&s, 5, 50);
		mk_arp(&s, l2, 20, 1 + i, true);
		tick_us(&s, 5, 50);
	}
	/* IPv6 with no next header and no payload: 54 bytes, padded. */
	for (i = 0; i < 2; i++) {
		struct ip6 ip;
		struct pkt p;

		ip6_basic(&ip, 5 + i, 1003);
		pkt_init(&p);
		put_l2(&p, l2s[i], 5 + i, 1003);
		put_ipv6(&p, &ip);
		put_other_l4(&p, 59, NULL, 0);
		pkt_pad(&p, 60, 0x5a);
		sample_emit(&s, &p);
		tick_us(&s, 5, 50);
	}
	mk_stp(&s, &L2_PLAIN, 9);
	meta_str(&s, "covers", "60-byte frames whose IP datagram is shorter: UDP with 0-4 "
		"payload bytes, bare TCP, ICMP echo, ARP, IPv6 no-next-header, STP; untagged, "
		"one tag, two tags; zero and non-zero padding");
	return sample_close(&s, dir);
}

int
gen_jumbo(const char *dir)
{
	/* Frame sizes straddling the 2048-byte mbuf data rooms: 2048, 4096, 6144, 8192. */
	static const uint32_t sizes[] = {
		2049, 2050, 3000, 4095, 4096, 4097, 5000, 6143, 6144, 6145,
		7000, 8191, 8192, 8193, 9000, 9017, 9018, 9018,
	};
	static const struct l2 one = { 1, { TPID_8021Q }, { 0x0100 } };
	static const uint8_t ra[4] = { 0x94, 0x04, 0x00, 0x00 };
	struct sample s;
	unsigned int i;
	char list[256];
	size_t used = 0;

	if (sample_open(&s, dir, "jumbo", DLT_EN10MB, false) != 0)
		return -1;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		bool v6 = i % 2 == 1, tcp = i % 4 < 2;
		const struct l2 *l2 = i == sizeof(sizes) / sizeof(sizes[0]) - 1 ? &one : &L2_PLAIN;
		struct conn c = { l2, v6, 1 + i % 3, 1000, 60000, tcp ? 443 : 9000 };
		struct pkt p;

		pkt_init(&p);
		put_l2(&p, c.l2, c.src, c.dst);
		if (v6) {
			struct ip6 ip;

			ip6_basic(&ip, c.src, c.dst);
			put_ipv6(&p, &ip);
			if (i == 5)
				put_ip6_opts(&p, 60, NULL, 0, 16);
		} else {
			struct ip4 ip;

			ip4_basic(&ip, c.src, c.dst, (uint16_t)(0x100 + i));
			if (i == 4) {
				ip.opts = ra;
				ip.opt_len = sizeof(ra);
			}
			put_ipv4(&p, &ip);
		}
		if (tcp)
			put_tcp(&p, c.sport, c.dport, 1 + i * 9000, 77, 0x10, 502, TCP_OPT_TS, 12);
		else
			put_udp(&p, c.sport, c.dport);
		put_random(&p, &s.rng, sizes[i] - p.len);
		sample_emit(&s, &p);
		tick_us(&s, 8, 8);
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%u",
			i == 0 ? "[" : ", ", sizes[i]);
	}
	snprintf(list + used, sizeof(list) - used, "]");
	meta_json(&s, "frame_sizes", list);
	meta_u64(&s, "mbuf_data_room", 2048);
	meta_str(&s, "covers", "IPv4/IPv6 TCP/UDP frames of 2049 to 9018 bytes: multi-segment "
		"mbufs, headers in the first segment, payload across segment boundaries");
	return sample_close(&s, dir);
}
