/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The packet builder: each put_*() appends one header and credits the
 * counter of what it wrote, unless the packet was declared malformed
 * before it (see gen.h).
 */
#include <string.h>

#include <rte_byteorder.h>
#include <rte_ip.h>

#include "gen.h"

/* Credit a counter unless a malformed reason was declared earlier. */
#define CREDIT(p, field) do { if (!(p)->frozen) (p)->credit.field = 1; } while (0)

static void
wr8(struct pkt *p, int off, uint8_t v)
{
	p->data[off] = v;
}

static void
wr16(struct pkt *p, int off, uint16_t v)
{
	p->data[off] = v >> 8;
	p->data[off + 1] = v & 0xff;
}

static void
wr32(struct pkt *p, int off, uint32_t v)
{
	wr16(p, off, v >> 16);
	wr16(p, off + 2, v & 0xffff);
}

/* Reserve n zeroed bytes at the end; returns their offset. */
static int
grow(struct pkt *p, uint32_t n)
{
	int off = (int)p->len;

	if (p->len + n > PKT_MAX)
		gen_die("packet larger than %d bytes", PKT_MAX);
	memset(p->data + off, 0, n);
	p->len += n;
	return off;
}

/* Fill the ethertype left open by put_eth()/put_vlan(). */
static void
set_ethertype(struct pkt *p, uint16_t type)
{
	if (p->et_off < 0)
		gen_die("no ethertype is waiting for 0x%04x", type);
	wr16(p, p->et_off, type);
	p->et_off = -1;
}

/* Fill the protocol / next-header byte left open by the previous IP layer. */
static void
set_next_header(struct pkt *p, uint8_t proto)
{
	if (p->nh_off < 0)
		gen_die("no next-header field is waiting for %u", proto);
	wr8(p, p->nh_off, proto);
	p->nh_off = -1;
}

void
pkt_ethertype(struct pkt *p, uint16_t type)
{
	set_ethertype(p, type);
}

void
pkt_next_header(struct pkt *p, uint8_t proto)
{
	set_next_header(p, proto);
}

void
pkt_init(struct pkt *p)
{
	p->len = 0;
	p->caplen = 0;
	p->wirelen = 0;
	p->et_off = -1;
	p->nh_off = -1;
	p->l3_off = -1;
	p->l3_ver = 0;
	p->l3_hlen = 0;
	p->l3_end = -1;
	p->l4_off = -1;
	p->l4_proto = 0;
	p->vlans = 0;
	p->ip_len_set = -1;
	p->udp_len_set = -1;
	p->bad_cksum_xor = 0;
	p->udp_zero_cksum = false;
	p->l4_cksum_xor = 0;
	p->final_dst_off = -1;
	p->final_dst_unread = false;
	p->l4_unverifiable = false;
	p->finished = false;
	p->frozen = false;
	p->reason = DECODE_OK;
	p->later_frag = 0;
	memset(&p->credit, 0, sizeof(p->credit));
}

void
pkt_malformed(struct pkt *p, enum decode_result reason)
{
	if (p->frozen)
		gen_die("packet declared malformed twice");
	p->reason = reason;
	p->frozen = true;
	/* A later fragment declared malformed (TCP at offset 1) ends there, not as a fragment. */
	p->later_frag = 0;
}

void
put_eth(struct pkt *p, const uint8_t dst[6], const uint8_t src[6])
{
	int off = grow(p, 14);

	memcpy(p->data + off, dst, 6);
	memcpy(p->data + off + 6, src, 6);
	p->et_off = off + 12;
}

void
put_vlan(struct pkt *p, uint16_t tpid, uint16_t tci)
{
	int off;

	if (p->vlans == 2)
		gen_die("a third VLAN tag is other_l3: use put_other_l3()");
	set_ethertype(p, tpid);
	off = grow(p, 4);
	wr16(p, off, tci);
	p->et_off = off + 2;
	if (++p->vlans == 1)
		CREDIT(p, vlan);
	else
		CREDIT(p, qinq);
}

void
put_arp(struct pkt *p, uint16_t op, const uint8_t sha[6], uint32_t spa,
	const uint8_t tha[6], uint32_t tpa)
{
	int off;

	set_ethertype(p, 0x0806);
	off = grow(p, 28);
	wr16(p, off, 1);		/* Ethernet */
	wr16(p, off + 2, 0x0800);	/* IPv4 */
	wr8(p, off + 4, 6);
	wr8(p, off + 5, 4);
	wr16(p, off + 6, op);
	memcpy(p->data + off + 8, sha, 6);
	wr32(p, off + 14, spa);
	memcpy(p->data + off + 18, tha, 6);
	wr32(p, off + 24, tpa);
	CREDIT(p, arp);
}

void
put_ipv4(struct pkt *p, const struct ip4 *ip)
{
	int off;

	if (ip->opt_len % 4 != 0 || ip->opt_len > 40)
		gen_die("IPv4 options of %u bytes", ip->opt_len);
	set_ethertype(p, 0x0800);
	off = grow(p, 20u + ip->opt_len);
	wr8(p, off, 0x40 | (5 + ip->opt_len / 4));
	wr8(p, off + 1, ip->tos);
	wr16(p, off + 4, ip->id);
	wr16(p, off + 6, ip->frag);
	wr8(p, off + 8, ip->ttl != 0 ? ip->ttl : 64);
	wr32(p, off + 12, ip->src);
	wr32(p, off + 16, ip->dst);
	if (ip->opt_len > 0)
		memcpy(p->data + off + 20, ip->opts, ip->opt_len);
	p->l3_off = off;
	p->l3_ver = 4;
	p->l3_hlen = 20u + ip->opt_len;
	p->nh_off = off + 9;

	CREDIT(p, ipv4);
	if (ip->opt_len > 0)
		CREDIT(p, ipv4_options);
	if (ip->frag & (IP4_MF | 0x1fff))
		CREDIT(p, ipv4_fragments);
	if (ip->bad_cksum) {
		CREDIT(p, ipv4_bad_checksum);
		p->bad_cksum_xor = 0x1111;
	}
	if ((ip->frag & 0x1fff) != 0 && !p->frozen)
		p->later_frag = 4;
}

void
put_ipv6(struct pkt *p, const struct ip6 *ip)
{
	int off;

	set_ethertype(p, 0x86dd);
	off = grow(p, 40);
	wr32(p, off, 6u << 28 | (ip->flow & 0x0fffffff));
	wr8(p, off + 7, ip->hlim != 0 ? ip->hlim : 64);
	memcpy(p->data + off + 8, ip->src, 16);
	memcpy(p->data + off + 24, ip->dst, 16);
	p->l3_off = off;
	p->l3_ver = 6;
	p->nh_off = off + 6;
	CREDIT(p, ipv6);
}

void
put_ip6_opts(struct pkt *p, uint8_t type, const uint8_t *opts, uint32_t opt_len, uint32_t len)
{
	uint32_t pad = len - 2 - opt_len;
	/* RFC 8200 4.1: hop-by-hop is recognised right after the IPv6 header only. */
	bool unrecognised = type == 0 && p->nh_off != p->l3_off + 6;
	int off;

	if (len < 8 || len % 8 != 0 || len > 2048 || opt_len + 2 > len ||
			(type != 0 && type != 60))
		gen_die("options header type %u of %u bytes", type, len);
	set_next_header(p, type);
	off = grow(p, len);
	wr8(p, off + 1, len / 8 - 1);
	if (opt_len > 0)
		memcpy(p->data + off + 2, opts, opt_len);
	if (pad == 1) {
		wr8(p, off + 2 + opt_len, 0);	/* Pad1 */
	} else if (pad > 1) {
		wr8(p, off + 2 + opt_len, 1);	/* PadN over the rest */
		wr8(p, off + 3 + opt_len, pad - 2);
	}
	p->nh_off = off;
	if (unrecognised) {
		/* An unknown protocol: it and whatever follows credit nothing more. */
		CREDIT(p, other_l4);
		p->frozen = true;
		return;
	}
	CREDIT(p, ipv6_ext);
}

void
put_ip6_srh(struct pkt *p, unsigned int nseg)
{
	put_ip6_routing(p, 4, nseg, 0);
}

void
put_ip6_routing(struct pkt *p, uint8_t type, unsigned int naddr, uint8_t sl)
{
	unsigned int i;
	int off;

	if (naddr == 0 || naddr > 127 || sl > naddr)
		gen_die("routing header with %u addresses, %u left", naddr, sl);
	set_next_header(p, 43);
	off = grow(p, 8 + 16 * naddr);
	wr8(p, off + 1, 2 * naddr);
	wr8(p, off + 2, type);
	wr8(p, off + 3, sl);
	if (type == 4)
		wr8(p, off + 4, naddr - 1);	/* last entry */
	for (i = 0; i < naddr; i++) {
		int a = off + 8 + 16 * (int)i;

		wr16(p, a, 0x2001);
		wr16(p, a + 2, 0x0db8);
		wr16(p, a + 4, 0x00ff);
		wr16(p, a + 14, i + 1);
	}
	if (sl > 0) {
		bool first = type == 2 || type == 4;

		p->final_dst_off = off + 8 + 16 * (first ? 0 : (int)naddr - 1);
		p->final_dst_unread = !first;
	}
	p->nh_off = off;
	CREDIT(p, ipv6_ext);
}

void
put_ip6_frag(struct pkt *p, uint32_t offset, bool more, uint32_t id)
{
	int off;

	if (offset % 8 != 0 || offset > 0xfff8)
		gen_die("IPv6 fragment offset %u", offset);
	set_next_header(p, 44);
	off = grow(p, 8);
	wr16(p, off + 2, (uint16_t)(offset | (more ? 1 : 0)));
	wr32(p, off + 4, id);
	p->nh_off = off;
	CREDIT(p, ipv6_ext);
	/* Offset 0 and no more: an atomic fragment is no fragment (RFC 6946). */
	if (offset != 0 || more)
		CREDIT(p, ipv6_fragments);
	if (offset != 0 && !p->frozen)
		p->later_frag = 6;
}

void
put_tcp(struct pkt *p, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
	uint8_t flags, uint16_t win, const uint8_t *opts, uint8_t opt_len)
{
	int off;

	if (opt_len % 4 != 0 || opt_len > 40)
		gen_die("TCP options of %u bytes", opt_len);
	set_next_header(p, 6);
	off = grow(p, 20u + opt_len);
	wr16(p, off, sport);
	wr16(p, off + 2, dport);
	wr32(p, off + 4, seq);
	wr32(p, off + 8, ack);
	wr8(p, off + 12, (uint8_t)((5 + opt_len / 4) << 4));
	wr8(p, off + 13, flags);
	wr16(p, off + 14, win);
	if (opt_len > 0)
		memcpy(p->data + off + 20, opts, opt_len);
	p->l4_off = off;
	p->l4_proto = 6;
	CREDIT(p, tcp);
}

void
put_udp(struct pkt *p, uint16_t sport, uint16_t dport)
{
	int off;

	set_next_header(p, 17);
	off = grow(p, 8);
	wr16(p, off, sport);
	wr16(p, off + 2, dport);
	p->l4_off = off;
	p->l4_proto = 17;
	CREDIT(p, udp);
}

void
put_icmp(struct pkt *p, uint8_t type, uint8_t code, uint16_t id, uint16_t seq)
{
	int off;

	set_next_header(p, 1);
	off = grow(p, 8);
	wr8(p, off, type);
	wr8(p, off + 1, code);
	wr16(p, off + 4, id);
	wr16(p, off + 6, seq);
	p->l4_off = off;
	p->l4_proto = 1;
	CREDIT(p, icmp);
}

void
put_icmp6(struct pkt *p, uint8_t type, uint8_t code, uint32_t rest)
{
	int off;

	set_next_header(p, 58);
	off = grow(p, 8);
	wr8(p, off, type);
	wr8(p, off + 1, code);
	wr32(p, off + 4, rest);
	p->l4_off = off;
	p->l4_proto = 58;
	CREDIT(p, icmpv6);
}

void
put_other_l4(struct pkt *p, uint8_t proto, const void *bytes, uint32_t len)
{
	if (proto == 6 || proto == 17 || proto == 1 || proto == 58)
		gen_die("protocol %u is not other_l4", proto);
	set_next_header(p, proto);
	put_bytes(p, bytes, len);
	CREDIT(p, other_l4);
}

void
put_other_l3(struct pkt *p, uint16_t ethertype, const void *bytes, uint32_t len)
{
	bool tpid = ethertype == 0x8100 || ethertype == 0x88a8 || ethertype == 0x9100;

	if (ethertype == 0x0800 || ethertype == 0x86dd || ethertype == 0x0806 ||
			(tpid && p->vlans < 2))
		gen_die("ethertype 0x%04x is not other_l3 here", ethertype);
	set_ethertype(p, ethertype);
	put_bytes(p, bytes, len);
	CREDIT(p, other_l3);
}

void
put_frag_slice(struct pkt *p, uint8_t proto, const uint8_t *bytes, uint32_t len, bool first)
{
	set_next_header(p, proto);
	put_bytes(p, bytes, len);
	if (!first || p->frozen)
		return;
	/* Its checksum is the whole datagram's: no reassembly verifies it. */
	p->l4_unverifiable = true;
	/* What the generator put in the first slice, checked, then credited. */
	switch (proto) {
	case 6:
		if (len < 20 || (uint32_t)(bytes[12] >> 4) * 4 > len || bytes[12] >> 4 < 5)
			gen_die("first fragment without a whole TCP header");
		CREDIT(p, tcp);
		break;
	case 17:
		if (len < 8 || (bytes[4] << 8 | bytes[5]) < 8)
			gen_die("first fragment without a whole UDP header");
		CREDIT(p, udp);
		if (p->l3_ver == 6 && bytes[6] == 0 && bytes[7] == 0)
			CREDIT(p, udp6_zero_checksum);	/* the whole datagram's */
		break;
	case 1:
		if (len < 8)
			gen_die("first fragment without a whole ICMP header");
		CREDIT(p, icmp);
		break;
	case 58:
		if (len < 4)
			gen_die("first fragment without a whole ICMPv6 header");
		CREDIT(p, icmpv6);
		break;
	default:
		CREDIT(p, other_l4);
		break;
	}
}

void
put_bytes(struct pkt *p, const void *bytes, uint32_t len)
{
	int off = grow(p, len);

	if (len > 0)
		memcpy(p->data + off, bytes, len);
}

void
put_random(struct pkt *p, struct rng *r, uint32_t len)
{
	int off = grow(p, len);

	rng_fill(r, p->data + off, len);
}

void
pkt_pad(struct pkt *p, uint32_t frame_len, uint8_t fill)
{
	int off;

	if (p->len >= frame_len)
		return;
	if (p->l3_end < 0)
		p->l3_end = (int)p->len;
	off = grow(p, frame_len - p->len);
	memset(p->data + off, fill, frame_len - (uint32_t)off);
}

void
pkt_trim(struct pkt *p, uint32_t n)
{
	if (n > p->len || p->l3_end >= 0)
		gen_die("cannot trim %u bytes", n);
	p->len -= n;
}

void
pkt_set_ip_len(struct pkt *p, uint16_t v)
{
	p->ip_len_set = v;
}

void
pkt_set_udp_len(struct pkt *p, uint16_t v)
{
	p->udp_len_set = v;
}

void
pkt_udp_zero_checksum(struct pkt *p)
{
	if (p->l4_proto != 17)
		gen_die("a zero UDP checksum without a UDP header");
	p->udp_zero_cksum = true;
	if (p->l3_ver == 6 && p->credit.udp)
		CREDIT(p, udp6_zero_checksum);
}

void
pkt_spoil_l4_checksum(struct pkt *p)
{
	if (p->l4_off < 0)
		gen_die("a wrong L4 checksum without an L4 header");
	p->l4_cksum_xor = 0x0240;
}

/* Ones' complement sum of the pseudo header (RFC 768, RFC 8200 8.1). */
static uint32_t
pseudo_sum(const struct pkt *p, uint32_t l4_len)
{
	const uint8_t *ip = p->data + p->l3_off;
	uint32_t sum;

	if (p->l3_ver == 4) {
		sum = __rte_raw_cksum(ip + 12, 8, 0);
		return sum + rte_cpu_to_be_16(p->l4_proto) + rte_cpu_to_be_16((uint16_t)l4_len);
	}
	/* The final destination, that of a routing header with segments left. */
	sum = __rte_raw_cksum(ip + 8, 16, 0);
	sum = __rte_raw_cksum(p->final_dst_off >= 0 ? p->data + p->final_dst_off : ip + 24, 16,
		sum);
	return sum + rte_cpu_to_be_16((uint16_t)(l4_len >> 16)) +
		rte_cpu_to_be_16((uint16_t)l4_len) + rte_cpu_to_be_16(p->l4_proto);
}

static void
fix_l4_cksum(struct pkt *p)
{
	static const int cksum_at[256] = { [1] = 2, [6] = 16, [17] = 6, [58] = 2 };
	uint32_t l4_len, sum = 0;
	int at;
	uint16_t ck;

	/* Malformed packets too, when the field was written: tools flag a zero UDP/IPv6 sum. */
	if (p->l4_off < 0 || p->l3_end < p->l4_off)
		return;
	l4_len = (uint32_t)(p->l3_end - p->l4_off);
	/* UDP's sum covers its own length (RFC 768), when that is the shorter. */
	if (p->l4_proto == 17 && p->udp_len_set >= 8 && (uint32_t)p->udp_len_set < l4_len)
		l4_len = (uint32_t)p->udp_len_set;
	at = p->l4_off + cksum_at[p->l4_proto];
	if ((uint32_t)at + 2 > p->len)
		return;
	wr16(p, at, 0);
	if (p->udp_zero_cksum)
		return;
	if (p->l4_proto != 1)
		sum = pseudo_sum(p, l4_len);
	sum = __rte_raw_cksum(p->data + p->l4_off, l4_len, sum);
	ck = (uint16_t)~__rte_raw_cksum_reduce(sum);
	if (p->l4_proto == 17 && ck == 0)
		ck = 0xffff;	/* 0 means "no checksum" in UDP */
	ck ^= rte_cpu_to_be_16(p->l4_cksum_xor);
	memcpy(p->data + at, &ck, 2);	/* the sums are in memory byte order */
}

/*
 * What --verify-l4-checksums counts for a clean packet whose L4 header was
 * credited (decode.h's rules): bad, unverified, or nothing (good).
 */
static void
credit_l4_checksum(struct pkt *p)
{
	struct decode_counts *c = &p->credit;
	uint8_t proto = p->l4_proto;

	if (p->frozen || p->later_frag != 0 || !(c->tcp || c->udp || c->icmp || c->icmpv6))
		return;
	if (p->l4_off < 0)	/* an L4 header in a fragment slice */
		proto = c->tcp ? 6 : c->udp ? 17 : c->icmp ? 1 : 58;
	/* ICMP has no pseudo-header: a routing header is no matter to it. */
	if (p->l4_unverifiable || p->udp_zero_cksum || (proto == 58 && p->l3_ver == 4) ||
			(p->final_dst_unread && proto != 1)) {
		c->l4_checksum_unverified = 1;
		return;
	}
	if (p->l4_cksum_xor == 0)
		return;
	if (proto == 6)
		c->tcp_bad_checksum = 1;
	else if (proto == 17)
		c->udp_bad_checksum = 1;
	else if (proto == 1)
		c->icmp_bad_checksum = 1;
	else
		c->icmpv6_bad_checksum = 1;
}

void
pkt_finish(struct pkt *p)
{
	if (p->finished)
		return;
	if (p->et_off >= 0 || (p->nh_off >= 0 && !p->frozen))
		gen_die("packet finished with an ethertype or next header left open");
	if (p->l3_end < 0)
		p->l3_end = (int)p->len;

	if (p->l3_ver == 4 && (uint32_t)p->l3_off + 4 <= p->len)
		wr16(p, p->l3_off + 2, p->ip_len_set >= 0 ? (uint16_t)p->ip_len_set :
			(uint16_t)(p->l3_end - p->l3_off));
	if (p->l3_ver == 6 && (uint32_t)p->l3_off + 6 <= p->len)
		wr16(p, p->l3_off + 4, p->ip_len_set >= 0 ? (uint16_t)p->ip_len_set :
			(uint16_t)(p->l3_end - p->l3_off - 40));
	if (p->l4_proto == 17 && (uint32_t)p->l4_off + 6 <= p->len)
		wr16(p, p->l4_off + 4, p->udp_len_set >= 0 ? (uint16_t)p->udp_len_set :
			(uint16_t)(p->l3_end - p->l4_off));

	fix_l4_cksum(p);
	credit_l4_checksum(p);

	if (p->l3_ver == 4 && p->l3_off + p->l3_hlen <= p->len) {
		uint16_t sum;

		wr16(p, p->l3_off + 10, 0);
		/* The value rte_ipv4_cksum() gives, over the header as written. */
		sum = rte_raw_cksum(p->data + p->l3_off, p->l3_hlen);
		sum = sum == 0xffff ? sum : (uint16_t)~sum;
		sum ^= p->bad_cksum_xor;
		memcpy(p->data + p->l3_off + 10, &sum, 2);	/* memory byte order, as summed */
	}
	p->finished = true;
}

void
pkt_cut(struct pkt *p, uint32_t caplen, bool snap)
{
	if (!p->finished)
		pkt_finish(p);
	if (caplen >= p->len)
		gen_die("cut to %u of %u bytes", caplen, p->len);
	p->caplen = caplen;
	p->wirelen = snap ? p->len : caplen;
}
