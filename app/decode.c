/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The validating decoder: one function per layer, each checking that the
 * bytes it is about to read are present (see decode.h for the counting
 * rules). Every layer function returns the malformed reason of its layer or
 * of an inner one; only decode_packet() touches the malformed counters, so a
 * packet is counted malformed at most once.
 *
 * Every bound is checked against pkt_len before the read, so a read never
 * fails once decode_chain() has seen the segments hold pkt_len bytes (as
 * every PMD builds them; a chain that does not is mbuf_chain_short).
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/ip6.h>

#include <rte_arp.h>
#include <rte_branch_prediction.h>
#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "decode.h"
#include "decode_csum.h"

/* ICMPv6 type, code and checksum (RFC 4443); DPDK 22.11 has no struct. */
#define DECODE_ICMPV6_HDR_LEN	4

/* The largest IPv4 header: IHL 15. */
#define DECODE_IPV4_MAX_HDR_LEN	(0xf * RTE_IPV4_IHL_MULTIPLIER)

/*
 * Where a header crossing a segment boundary is copied. IPv4 is the largest
 * because its checksum needs the options contiguous too.
 */
union decode_scratch {
	struct rte_ether_hdr eth;
	struct rte_vlan_hdr vlan;
	struct rte_arp_hdr arp;
	uint8_t ipv4[DECODE_IPV4_MAX_HDR_LEN];
	struct rte_ipv6_hdr ipv6;
	struct ip6_ext ext;	/* DPDK 22.11 has no generic extension struct */
	struct rte_ipv6_fragment_ext frag;
	struct rte_tcp_hdr tcp;
	struct rte_udp_hdr udp;
};

/*
 * The packet being decoded. Each decoder below is instantiated four times,
 * with contig and verify compile-time constants. contig: true when the
 * whole packet sits in the first segment (headers are then read in place,
 * with no call and no register spills), false for a chain
 * (rte_pktmbuf_read, which copies a header crossing a boundary into
 * scratch). verify: L4 checksums are verified (decode_packet_verify_l4());
 * decode_packet()'s copies have none of that code, so that the option
 * costs nothing when it is off.
 */
struct decode_pkt {
	const struct rte_mbuf *m;
	const uint8_t *data;	/* first segment's data */
	uint32_t len;		/* pkt_len: the bytes present */
	bool contig;
	bool verify;
	union decode_scratch *scratch;
};

/*
 * The sum of the pseudo-header's addresses (RFC 768, RFC 8200 8.1) when the
 * destination in it is not known: an IPv6 routing header with segments left
 * whose final destination is not read here. A real sum of 32 bytes of
 * addresses stays below 2^21.
 */
#define DECODE_PHDR_UNKNOWN	UINT32_MAX

/* len bytes at off, which the caller has checked are present. */
static __rte_always_inline const void *
decode_hdr(const struct decode_pkt *p, uint32_t off, uint32_t len)
{
	if (p->contig)
		return p->data + off;
	return rte_pktmbuf_read(p->m, off, len, p->scratch);
}

/*
 * Verify the L4 checksum of the len bytes at off, whose header was counted
 * valid: sum starts as the pseudo-header's (0 for ICMP), and the bytes,
 * checksum field included, must add up to 0xffff. offload: the NIC's
 * verdict in ol_flags is taken (TCP and UDP only, the checksums
 * port_start() asks the NIC for): GOOD, or NONE (the data is known
 * intact), is good and BAD is bad without a look at the bytes; UNKNOWN,
 * as every software PMD leaves it, is computed.
 */
static __rte_always_inline void
decode_l4_cksum(const struct decode_pkt *p, uint64_t *bad, uint32_t off, uint32_t len,
	uint32_t sum, bool offload)
{
	if (offload) {
		uint64_t hw = p->m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK;

		if (hw == RTE_MBUF_F_RX_L4_CKSUM_BAD) {
			(*bad)++;
			return;
		}
		if (hw != RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN)
			return;
	}
	if (p->contig)
		sum = decode_csum_flat(p->data + off, len, sum);
	else
		sum += decode_csum_chain(p->m, off, len);
	if (__rte_raw_cksum_reduce(sum) != 0xffff)
		(*bad)++;
}

/*
 * The pseudo-header sum for the upper-layer protocol proto of len bytes,
 * given its addresses' sum phdr: the same for IPv4 (a 16-bit length) and
 * IPv6 (32 bits, RFC 8200 8.1), since an IPv4 length has no high half.
 * Values are added as the bytes sit in memory, as __rte_raw_cksum() reads.
 */
static __rte_always_inline uint32_t
decode_phdr(uint32_t phdr, uint8_t proto, uint32_t len)
{
	return phdr + rte_cpu_to_be_16(proto) + rte_cpu_to_be_16((uint16_t)(len >> 16)) +
		rte_cpu_to_be_16((uint16_t)len);
}

/*
 * An L4 header cut short (r): in a first fragment it is the fragment that
 * is short (RFC 1858, RFC 7112), not the capture. Only on the malformed
 * branches: a valid packet never tests first_frag for it.
 */
static __rte_always_inline enum decode_result
decode_l4_short(bool first_frag, bool v6, enum decode_result r)
{
	if (first_frag)
		return v6 ? DECODE_MAL_ipv6_incomplete_chain : DECODE_MAL_ipv4_tiny_fragment;
	return r;
}

/*
 * L4, the same for IPv4 and IPv6 (v6) but for UDP's zero checksum. len is
 * the L4 bytes the IP layer vouches for. A first fragment carries only the
 * start of the datagram, so its UDP length may exceed them, no checksum
 * of it can be verified, and a header cut short is the fragment's fault
 * (decode_l4_short()). phdr: with p->verify, the sum of the
 * pseudo-header's addresses (or DECODE_PHDR_UNKNOWN).
 */
static __rte_always_inline enum decode_result
decode_l4(const struct decode_pkt *p, struct decode_counts *c, uint8_t proto,
	uint32_t off, uint32_t len, bool first_frag, bool jumbo, bool v6, uint32_t phdr)
{
	const struct rte_tcp_hdr *th;
	const struct rte_udp_hdr *uh;
	uint32_t hlen;
	/* With the option on: which checksums cannot be verified here. */
	bool unverifiable = first_frag || phdr == DECODE_PHDR_UNKNOWN;

	/*
	 * Tested in order of frequency, not as a switch: gcc's decision tree
	 * cost TCP, the most common, five more instructions per packet.
	 */
	if (likely(proto == IPPROTO_TCP)) {
		if (unlikely(len < sizeof(*th)))
			return decode_l4_short(first_frag, v6, DECODE_MAL_tcp_truncated);
		th = decode_hdr(p, off, sizeof(*th));
		hlen = (th->data_off >> 4) * 4u;
		if (unlikely(hlen < sizeof(*th)))
			return DECODE_MAL_tcp_bad_data_offset;
		if (unlikely(hlen > len))
			return decode_l4_short(first_frag, v6, DECODE_MAL_tcp_truncated);
		c->tcp++;
		if (!p->verify)
			return DECODE_OK;
		if (unverifiable)
			c->l4_checksum_unverified++;
		else
			decode_l4_cksum(p, &c->tcp_bad_checksum, off, len,
				decode_phdr(phdr, proto, len), true);
	} else if (proto == IPPROTO_UDP) {
		if (unlikely(len < sizeof(*uh)))
			return decode_l4_short(first_frag, v6, DECODE_MAL_udp_truncated);
		uh = decode_hdr(p, off, sizeof(*uh));
		hlen = rte_be_to_cpu_16(uh->dgram_len);
		/* In a jumbogram UDP length 0 means "the rest" (RFC 2675 4). */
		if (unlikely(hlen == 0 && jumbo))
			hlen = len;
		if (unlikely(hlen < sizeof(*uh) || (hlen > len && !first_frag)))
			return DECODE_MAL_udp_bad_length;
		c->udp++;
		/*
		 * Over IPv6 a zero checksum is not "no checksum": RFC 8200
		 * 8.1 has receivers discard the datagram (RFC 6935/6936 let
		 * some tunnels send it). Counted, and decoded all the same,
		 * as a wrong IPv4 header checksum is.
		 */
		if (v6 && unlikely(uh->dgram_cksum == 0))
			c->udp6_zero_checksum++;
		if (!p->verify)
			return DECODE_OK;
		/*
		 * 0 is no checksum over IPv4 (RFC 768), and counted above over
		 * IPv6: nothing to verify. Otherwise the checksum covers the
		 * UDP length, which the pseudo-header carries too (RFC 768,
		 * RFC 8200 8.1), not the IP payload's bytes after it.
		 */
		if (unverifiable || uh->dgram_cksum == 0)
			c->l4_checksum_unverified++;
		else
			decode_l4_cksum(p, &c->udp_bad_checksum, off, hlen,
				decode_phdr(phdr, proto, hlen), true);
	} else if (proto == IPPROTO_ICMP) {
		/* Only the length matters: nothing in the header is read. */
		if (unlikely(len < sizeof(struct rte_icmp_hdr)))
			return decode_l4_short(first_frag, v6, DECODE_MAL_icmp_truncated);
		c->icmp++;
		if (!p->verify)
			return DECODE_OK;
		/* No pseudo-header (RFC 792): the routing header is no matter. */
		if (first_frag)
			c->l4_checksum_unverified++;
		else
			decode_l4_cksum(p, &c->icmp_bad_checksum, off, len, 0, false);
	} else if (proto == IPPROTO_ICMPV6) {
		if (unlikely(len < DECODE_ICMPV6_HDR_LEN))
			return decode_l4_short(first_frag, v6, DECODE_MAL_icmpv6_truncated);
		c->icmpv6++;
		if (!p->verify)
			return DECODE_OK;
		/* Its pseudo-header is IPv6's (RFC 4443 2.3): none over IPv4. */
		if (unverifiable || !v6)
			c->l4_checksum_unverified++;
		else
			decode_l4_cksum(p, &c->icmpv6_bad_checksum, off, len,
				decode_phdr(phdr, proto, len), false);
	} else {
		c->other_l4++;
	}
	return DECODE_OK;
}

/*
 * Count a valid IPv4 header: the header, its options, a wrong checksum.
 * Returns the header, read whole (a chain may hold the options apart).
 */
static __rte_always_inline const struct rte_ipv4_hdr *
decode_ipv4_count(const struct decode_pkt *p, struct decode_counts *c,
	const struct rte_ipv4_hdr *ip, uint32_t off, uint32_t hlen)
{
	uint32_t sum;

	c->ipv4++;
	/*
	 * A header checksums to 0xffff, its own checksum field included. Summed
	 * in two parts with the helpers under rte_raw_cksum(): the constant
	 * 20 bytes compile to straight-line code, the rare options are added.
	 */
	sum = __rte_raw_cksum(ip, sizeof(*ip), 0);
	if (unlikely(hlen > sizeof(*ip))) {
		c->ipv4_options++;
		/* The options may sit in the next segment: read them too. */
		ip = decode_hdr(p, off, hlen);
		sum = __rte_raw_cksum(ip + 1, hlen - sizeof(*ip), sum);
	}
	if (unlikely(__rte_raw_cksum_reduce(sum) != 0xffff))
		c->ipv4_bad_checksum++;
	return ip;
}

/*
 * A fragment (MF or an offset) whose header is otherwise valid. Apart from
 * decode_ipv4()'s common path, and first and later fragments apart from
 * each other, each with its own copy of the counting: with the flags kept
 * across the checksum, gcc saved more registers, on every packet (7
 * instructions per packet when the paths were merged).
 */
static __rte_always_inline enum decode_result
decode_ipv4_frag(const struct decode_pkt *p, struct decode_counts *c,
	const struct rte_ipv4_hdr *ip, uint32_t off, uint32_t hlen, uint32_t tlen,
	uint16_t frag)
{
	/*
	 * The offset counts 8-byte blocks (RFC 791), so every fragment but
	 * the last carries a multiple of 8 bytes; and none may end past the
	 * largest datagram, 65535 bytes with a header taken as long as this
	 * one (the "ping of death").
	 */
	if (((frag & RTE_IPV4_HDR_MF_FLAG) && ((tlen - hlen) & 7)) ||
			(frag & RTE_IPV4_HDR_OFFSET_MASK) * RTE_IPV4_HDR_OFFSET_UNITS + tlen >
			RTE_IPV4_MAX_PKT_LEN)
		return DECODE_MAL_ipv4_bad_fragment;
	c->ipv4_fragments++;
	/* A later fragment starts in the middle of the datagram. */
	if (frag & RTE_IPV4_HDR_OFFSET_MASK) {
		ip = decode_ipv4_count(p, c, ip, off, hlen);
		/*
		 * Offset 1 overlaps a first fragment's TCP header from byte
		 * 8 on: it can only rewrite the flags a filter saw (RFC 1858,
		 * the overlapping fragment attack).
		 */
		if (unlikely((frag & RTE_IPV4_HDR_OFFSET_MASK) == 1 &&
				ip->next_proto_id == IPPROTO_TCP))
			return DECODE_MAL_ipv4_tiny_fragment;
		return DECODE_OK;
	}
	ip = decode_ipv4_count(p, c, ip, off, hlen);
	return decode_l4(p, c, ip->next_proto_id, off + hlen, tlen - hlen, true, false, false, 0);
}

static __rte_always_inline enum decode_result
decode_ipv4(const struct decode_pkt *p, struct decode_counts *c, uint32_t off)
{
	const struct rte_ipv4_hdr *ip;
	uint32_t avail = p->len - off;
	uint32_t hlen, tlen, phdr = 0;
	uint16_t frag;

	if (unlikely(avail < sizeof(*ip)))
		return DECODE_MAL_ipv4_truncated;
	ip = decode_hdr(p, off, sizeof(*ip));
	/* Version 4, IHL 5 (nearly every packet) needs none of the checks. */
	hlen = sizeof(*ip);
	if (unlikely(ip->version_ihl != RTE_IPV4_VHL_DEF)) {
		if ((ip->version_ihl >> 4) != IPVERSION)
			return DECODE_MAL_ipv4_bad_version;
		hlen = rte_ipv4_hdr_len(ip);
		if (hlen < sizeof(*ip))
			return DECODE_MAL_ipv4_bad_ihl;
		if (hlen > avail)
			return DECODE_MAL_ipv4_truncated;
	}
	tlen = rte_be_to_cpu_16(ip->total_length);
	if (unlikely(tlen < hlen))
		return DECODE_MAL_ipv4_bad_total_length;
	if (unlikely(tlen > avail))
		return DECODE_MAL_ipv4_truncated;
	frag = rte_be_to_cpu_16(ip->fragment_offset);
	if (unlikely(frag & (RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)))
		return decode_ipv4_frag(p, c, ip, off, hlen, tlen, frag);
	ip = decode_ipv4_count(p, c, ip, off, hlen);
	/* The addresses now: the L4 header may be read over the scratch copy of ip. */
	if (p->verify)
		phdr = __rte_raw_cksum(&ip->src_addr, 2 * sizeof(ip->src_addr), 0);
	return decode_l4(p, c, ip->next_proto_id, off + hlen, tlen - hlen, false, false,
		false, phdr);
}

/*
 * With p->verify, a routing header (elen bytes at off) with segments left
 * puts the final destination in the pseudo-header (RFC 8200 8.1): the sum
 * of the source's address (src) and that one, or DECODE_PHDR_UNKNOWN for a
 * type whose final address is not read here. Type 2 (RFC 6275 6.4) holds
 * the one address, and a segment routing header (type 4, RFC 8754 2) the
 * final one as Segment List[0], both at byte 8.
 */
static __rte_always_inline uint32_t
decode_ipv6_routing(const struct decode_pkt *p, uint32_t off, uint32_t elen, uint32_t src,
	uint32_t phdr)
{
	const uint8_t *rh = decode_hdr(p, off, 4);	/* the walk checked 8 bytes */
	uint8_t type = rh[2];

	if (rh[3] == 0)		/* segments left 0: the destination is final */
		return phdr;
	if ((type != 2 && type != 4) || elen < 8 + 16)
		return DECODE_PHDR_UNKNOWN;
	return src + __rte_raw_cksum(decode_hdr(p, off + 8, 16), 16, 0);
}

/*
 * An extension header cut short: past a first fragment's fragment header,
 * the chain RFC 7112 has the first fragment hold whole.
 */
static __rte_always_inline enum decode_result
decode_ipv6_ext_short(bool seen_frag)
{
	return seen_frag ? DECODE_MAL_ipv6_incomplete_chain : DECODE_MAL_ipv6_ext_truncated;
}

/*
 * The extension header chain, in any order but hop-by-hop's (first only).
 * off and len: where the next header starts and how much of the payload is
 * left. src and phdr: with p->verify, the sums of the source address and of
 * both addresses, for the pseudo-header.
 */
static __rte_always_inline enum decode_result
decode_ipv6_ext(const struct decode_pkt *p, struct decode_counts *c,
	uint8_t proto, uint32_t off, uint32_t len, bool jumbo, uint32_t src, uint32_t phdr)
{
	const struct rte_ipv6_fragment_ext *fh;
	const struct ip6_ext *eh;
	bool seen_ext = false, seen_frag = false;
	uint32_t elen;
	uint8_t next;
	uint16_t frag;

	for (;;) {
		switch (proto) {
		case IPPROTO_HOPOPTS:
			/*
			 * RFC 8200 4.1: hop-by-hop may only follow the IPv6
			 * header. Anywhere else 0 is an unrecognised next
			 * header, which a node discards (4): nothing more
			 * is decoded, as for any unknown protocol.
			 */
			if (unlikely(seen_ext)) {
				c->other_l4++;
				return DECODE_OK;
			}
			/* fall through */
		case IPPROTO_ROUTING:
		case IPPROTO_DSTOPTS:
			/* The shortest one is 8 bytes: check that before reading. */
			if (unlikely(len < 8))
				return decode_ipv6_ext_short(seen_frag);
			eh = decode_hdr(p, off, sizeof(*eh));
			elen = (eh->ip6e_len + 1u) * 8u;
			if (unlikely(elen > len))
				return decode_ipv6_ext_short(seen_frag);
			/* Next header first: a routing header's addresses may be
			 * read where eh's copy is. */
			next = eh->ip6e_nxt;
			if (p->verify && proto == IPPROTO_ROUTING)
				phdr = decode_ipv6_routing(p, off, elen, src, phdr);
			proto = next;
			break;
		case IPPROTO_FRAGMENT:
			if (unlikely(len < sizeof(*fh)))
				return decode_ipv6_ext_short(seen_frag);
			fh = decode_hdr(p, off, sizeof(*fh));
			elen = sizeof(*fh);
			proto = fh->next_header;
			frag = rte_be_to_cpu_16(fh->frag_data);
			/*
			 * Offset 0 and M clear: an atomic fragment, a whole
			 * datagram that is processed as if it had no fragment
			 * header (RFC 6946 4). Only the header itself counts.
			 */
			if ((frag & RTE_IPV6_FRAG_USED_MASK) == 0)
				break;
			/*
			 * RFC 8200 4.5 discards a fragment with M set whose
			 * data is not a multiple of 8 bytes, and one that
			 * would reassemble into a payload over 65535 bytes.
			 * Only its offset and data are summed, as Linux does,
			 * not the headers before it too: keeping the payload
			 * length for that across the walk took a register,
			 * saved on every packet (clang: 2.4 instructions per
			 * packet of mix.pcap).
			 */
			if (unlikely((RTE_IPV6_GET_MF(frag) && ((len - elen) & 7)) ||
					(frag & RTE_IPV6_EHDR_FO_MASK) + len - elen > UINT16_MAX))
				return DECODE_MAL_ipv6_bad_fragment;
			if (!seen_frag) {
				c->ipv6_fragments++;
				seen_frag = true;
			}
			if (RTE_IPV6_GET_FO(frag) != 0) {
				if (!seen_ext)
					c->ipv6_ext++;
				return DECODE_OK;
			}
			break;
		default:
			/* Past a fragment header only in a first fragment. */
			return decode_l4(p, c, proto, off, len, seen_frag, jumbo, true, phdr);
		}
		if (!seen_ext) {
			c->ipv6_ext++;
			seen_ext = true;
		}
		/* Each header is at least 8 bytes: the walk ends within len / 8. */
		off += elen;
		len -= elen;
	}
}

/*
 * The Jumbo Payload option (RFC 2675) of the hop-by-hop header at off, which
 * has avail bytes after it: its length, or 0 if there is none. Options are
 * read one at a time: the header may be 2 KB, larger than the scratch.
 */
static __rte_noinline uint32_t
decode_ipv6_jumbo(const struct decode_pkt *p, uint32_t off, uint32_t avail)
{
	const uint8_t *b;
	uint32_t end, jlen;

	if (avail < 8)
		return 0;
	b = decode_hdr(p, off, 2);
	end = off + (b[1] + 1u) * 8u;
	if (end - off > avail)
		return 0;
	for (off += 2; off < end; ) {
		b = decode_hdr(p, off, 1);
		if (b[0] == 0) {		/* Pad1: the one option without a length */
			off++;
			continue;
		}
		if (end - off < 2)
			return 0;
		b = decode_hdr(p, off, 2);
		if (b[0] == 0xc2 && b[1] == 4 && end - off >= 6) {
			memcpy(&jlen, decode_hdr(p, off + 2, 4), sizeof(jlen));
			return rte_be_to_cpu_32(jlen);
		}
		off += 2u + b[1];
	}
	return 0;
}

/*
 * A jumbogram (RFC 2675): payload length 0 and, in the hop-by-hop header, a
 * Jumbo Payload option saying more than 65535; off and avail: where that
 * header starts and the bytes from there on. Out of line, with its own copy
 * of the walk for jumbo set, so that the common path's copy has none of it.
 */
static __rte_noinline enum decode_result
decode_ipv6_jumbogram(const struct rte_mbuf *m, bool verify, struct decode_counts *c,
	uint32_t off, uint32_t avail, uint32_t src, uint32_t phdr)
{
	/*
	 * Its own decode_pkt, of a chain (only a chain holds a jumbogram):
	 * given the caller's, even by value, clang takes it to escape, and
	 * reloads contig and verify after every call on the chain path
	 * instead of folding them (13 more instructions per packet of
	 * jumbo.pcap once verify was there).
	 */
	union decode_scratch scratch;
	const struct decode_pkt pkt = {
		.m = m,
		.len = rte_pktmbuf_pkt_len(m),
		.contig = false,
		.verify = verify,
		.scratch = &scratch,
	};
	const struct decode_pkt *p = &pkt;
	uint32_t jlen = decode_ipv6_jumbo(p, off, avail);

	if (jlen <= UINT16_MAX) {
		c->ipv6++;
		return decode_ipv6_ext(p, c, IPPROTO_HOPOPTS, off, 0, false, src, phdr);
	}
	if (jlen > avail)
		return DECODE_MAL_ipv6_truncated;
	c->ipv6++;
	return decode_ipv6_ext(p, c, IPPROTO_HOPOPTS, off, jlen, true, src, phdr);
}

static __rte_always_inline enum decode_result
decode_ipv6(const struct decode_pkt *p, struct decode_counts *c, uint32_t off)
{
	const struct rte_ipv6_hdr *ip;
	uint32_t avail = p->len - off;
	uint32_t plen, src = 0, phdr = 0;

	if (unlikely(avail < sizeof(*ip)))
		return DECODE_MAL_ipv6_truncated;
	ip = decode_hdr(p, off, sizeof(*ip));
	if (unlikely((rte_be_to_cpu_32(ip->vtc_flow) >> 28) != 6))
		return DECODE_MAL_ipv6_bad_version;
	/*
	 * The pseudo-header's addresses now, before the walk reads over the
	 * scratch copy of ip; built here, not with rte_ipv6_phdr_cksum(),
	 * which takes the payload length for the L4 length, wrong behind
	 * extension headers.
	 */
	if (p->verify) {
		src = __rte_raw_cksum(ip->src_addr, sizeof(ip->src_addr), 0);
		phdr = __rte_raw_cksum(ip->dst_addr, sizeof(ip->dst_addr), src);
	}
	plen = rte_be_to_cpu_16(ip->payload_len);
	/*
	 * Only a packet with more payload bytes than a payload length can say
	 * may be a jumbogram, and only a chain holds that many (data_len is 16
	 * bits): the single-segment path has no such check, and stays a leaf
	 * function (a call in it would save registers on every packet). A
	 * jumbogram cut shorter than that is read as its payload length 0
	 * says, the same in both paths: ipv6_ext_truncated.
	 */
	if (unlikely(plen == 0) && !p->contig && avail - sizeof(*ip) > UINT16_MAX &&
	    ip->proto == IPPROTO_HOPOPTS)
		return decode_ipv6_jumbogram(p->m, p->verify, c, off + sizeof(*ip),
			avail - sizeof(*ip), src, phdr);
	if (unlikely(plen > avail - sizeof(*ip)))
		return DECODE_MAL_ipv6_truncated;
	c->ipv6++;
	return decode_ipv6_ext(p, c, ip->proto, off + sizeof(*ip), plen, false, src, phdr);
}

/* ARP has no length field: the addresses must fit in the rest of the frame. */
static __rte_always_inline enum decode_result
decode_arp(const struct decode_pkt *p, struct decode_counts *c, uint32_t off)
{
	const size_t fixed = offsetof(struct rte_arp_hdr, arp_data);
	uint32_t avail = p->len - off;
	const uint8_t *ah;

	if (unlikely(avail < fixed))
		return DECODE_MAL_arp_truncated;
	/* Bytewise: struct rte_arp_hdr is 2-byte aligned, the frame need not be. */
	ah = decode_hdr(p, off, fixed);
	if (unlikely(avail - fixed < 2u * ah[offsetof(struct rte_arp_hdr, arp_hlen)] +
			2u * ah[offsetof(struct rte_arp_hdr, arp_plen)]))
		return DECODE_MAL_arp_truncated;
	c->arp++;
	return DECODE_OK;
}

static __rte_always_inline bool
decode_is_tpid(rte_be16_t type)
{
	return type == RTE_BE16(RTE_ETHER_TYPE_VLAN) ||
		type == RTE_BE16(RTE_ETHER_TYPE_QINQ) ||
		type == RTE_BE16(RTE_ETHER_TYPE_QINQ1);
}

static __rte_always_inline enum decode_result
decode_eth(const struct decode_pkt *p, struct decode_counts *c)
{
	const struct rte_vlan_hdr *vh;
	uint32_t off = sizeof(struct rte_ether_hdr);
	const uint8_t *eh;
	rte_be16_t type;

	if (unlikely(p->len < off))
		return DECODE_MAL_eth_truncated;
	/*
	 * struct rte_ether_hdr is 2-byte aligned, but a frame may start at an
	 * odd address (in a chain, or after an odd rte_pktmbuf_adj()).
	 */
	eh = decode_hdr(p, 0, off);
	memcpy(&type, eh + offsetof(struct rte_ether_hdr, ether_type), sizeof(type));

	if (decode_is_tpid(type)) {
		if (unlikely(p->len - off < sizeof(*vh)))
			return DECODE_MAL_vlan_truncated;
		vh = decode_hdr(p, off, sizeof(*vh));
		type = vh->eth_proto;
		off += sizeof(*vh);
		c->vlan++;
		if (decode_is_tpid(type)) {
			if (unlikely(p->len - off < sizeof(*vh)))
				return DECODE_MAL_vlan_truncated;
			vh = decode_hdr(p, off, sizeof(*vh));
			type = vh->eth_proto;
			off += sizeof(*vh);
			c->qinq++;
			/* A third tag is left to other_l3 below. */
		}
	}

	/* As in decode_l4(): most common first, not a switch. */
	if (likely(type == RTE_BE16(RTE_ETHER_TYPE_IPV4)))
		return decode_ipv4(p, c, off);
	if (type == RTE_BE16(RTE_ETHER_TYPE_IPV6))
		return decode_ipv6(p, c, off);
	if (type == RTE_BE16(RTE_ETHER_TYPE_ARP))
		return decode_arp(p, c, off);
	/* Includes 802.3 length fields (<= 1500) and a third tag. */
	c->other_l3++;
	return DECODE_OK;
}

/* Count a malformed packet once, under the reason of its first bad layer. */
static __rte_always_inline enum decode_result
decode_count(struct decode_counts *c, enum decode_result r)
{
	if (unlikely(r != DECODE_OK)) {
		c->malformed[r]++;
		c->malformed_total++;
	}
	return r;
}

/*
 * Whether the segments from m on hold len bytes. rte_pktmbuf_read() trusts
 * pkt_len: it returns NULL only for a read past pkt_len, which the decoder
 * never asks for, and a read past the last segment follows its NULL next.
 */
static bool
decode_chain_holds(const struct rte_mbuf *m, uint32_t len)
{
	uint32_t held = 0;

	for (; m != NULL; m = m->next) {
		held += rte_pktmbuf_data_len(m);
		if (held >= len)
			return true;
	}
	return false;
}

/* A chain: its scratch buffer and calls stay off the fast path. */
static __rte_always_inline enum decode_result
decode_chain(const struct rte_mbuf *m, struct decode_counts *c, bool verify)
{
	union decode_scratch scratch;
	const struct decode_pkt p = {
		.m = m,
		.len = rte_pktmbuf_pkt_len(m),
		.contig = false,
		.verify = verify,
		.scratch = &scratch,
	};

	/* A bug of the PMD or the application, not of the frame: no layer counts. */
	if (unlikely(!decode_chain_holds(m, p.len)))
		return decode_count(c, DECODE_MAL_mbuf_chain_short);
	return decode_count(c, decode_eth(&p, c));
}

static __rte_noinline enum decode_result
decode_chain_plain(const struct rte_mbuf *m, struct decode_counts *c)
{
	return decode_chain(m, c, false);
}

static __rte_noinline enum decode_result
decode_chain_verify(const struct rte_mbuf *m, struct decode_counts *c)
{
	return decode_chain(m, c, true);
}

/* One packet, verify a constant: see decode_packet() and decode_packet_verify_l4(). */
static __rte_always_inline enum decode_result
decode_one(const struct rte_mbuf *m, struct decode_counts *counts, bool verify)
{
	const struct decode_pkt p = {
		.m = m,
		.data = rte_pktmbuf_mtod(m, const uint8_t *),
		.len = rte_pktmbuf_pkt_len(m),
		.contig = true,
		.verify = verify,
	};

	counts->packets++;
	counts->bytes += p.len;
	if (unlikely(rte_pktmbuf_data_len(m) != p.len))
		return verify ? decode_chain_verify(m, counts) : decode_chain_plain(m, counts);
	return decode_count(counts, decode_eth(&p, counts));
}

enum decode_result
decode_packet(const struct rte_mbuf *m, struct decode_counts *counts)
{
	return decode_one(m, counts, false);
}

/* decode_packet() with the L4 checksums: the same code, instantiated apart. */
enum decode_result
decode_packet_verify_l4(const struct rte_mbuf *m, struct decode_counts *counts)
{
	return decode_one(m, counts, true);
}

static const char *const decode_result_names[DECODE_RESULT_COUNT] = {
	[DECODE_OK] = "ok",
#define DECODE_X_NAME(name, help) [DECODE_MAL_##name] = #name,
	DECODE_MALFORMED_REASONS(DECODE_X_NAME)
#undef DECODE_X_NAME
};

static const char *const decode_result_helps[DECODE_RESULT_COUNT] = {
	[DECODE_OK] = "decoded without error",
#define DECODE_X_HELP(name, help) [DECODE_MAL_##name] = help,
	DECODE_MALFORMED_REASONS(DECODE_X_HELP)
#undef DECODE_X_HELP
};

const char *
decode_result_name(enum decode_result r)
{
	if ((unsigned int)r >= DECODE_RESULT_COUNT)
		return "unknown";
	return decode_result_names[r];
}

const char *
decode_result_help(enum decode_result r)
{
	if ((unsigned int)r >= DECODE_RESULT_COUNT)
		return "unknown result";
	return decode_result_helps[r];
}
