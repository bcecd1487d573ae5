/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The validating packet decoder.
 *
 * decode_packet() walks Ethernet, up to two VLAN tags, ARP, IPv4, IPv6 with
 * its extension headers, TCP, UDP, ICMP and ICMPv6, checking every length
 * before it reads. It needs no EAL: a hand-built struct rte_mbuf (chains
 * included) is enough, which is how the unit tests and the fuzzer drive it.
 *
 * The rules, which define the counters:
 *  - A protocol counter counts packets whose header of that protocol is
 *    wholly present and valid.
 *  - A malformed packet is counted once, under the named reason of the first
 *    layer that fails; the layers outside it still count.
 *  - A chain whose segments hold fewer bytes than its pkt_len is
 *    mbuf_chain_short, and nothing in it is read: no capture has one, a
 *    PMD or application bug makes it.
 *  - L4 bounds come from the IP header (IPv4 total length, IPv6 payload
 *    length, or the Jumbo Payload option of a jumbogram, RFC 2675, when
 *    more than 65535 payload bytes are present), never from the frame
 *    length: Ethernet padding is not payload.
 *  - A wrong IPv4 header checksum is counted (ipv4_bad_checksum) but the
 *    packet still counts as IPv4 and is decoded further; so is a UDP
 *    checksum of 0 over IPv6 (udp6_zero_checksum, RFC 8200 8.1), which
 *    still counts as UDP. Over IPv4, 0 is no checksum (RFC 768).
 *  - IPv6 extension headers are walked in any order, but hop-by-hop only
 *    right after the IPv6 header (RFC 8200 4.1): elsewhere it is an
 *    unrecognised next header, counted other_l4.
 *  - An IPv6 fragment header with offset 0 and M clear (an atomic
 *    fragment, RFC 6946) makes no fragment: it counts ipv6_ext, and what
 *    follows is decoded as a whole datagram.
 *  - A fragment no reassembly may take (MF/M set and data not a multiple
 *    of 8 bytes, or data ending past 65535; RFC 791, RFC 8200 4.5) is
 *    malformed: ipv4_bad_fragment at the IPv4 layer (ipv4 does not count),
 *    ipv6_bad_fragment at the fragment header (ipv6 and the extension
 *    headers before it count).
 *  - A first fragment too short for its headers is not a cut capture but
 *    a fragment no host should take: ipv4_tiny_fragment when an IPv4
 *    first fragment does not hold its whole TCP, UDP, ICMP or ICMPv6
 *    header (RFC 1858, the tiny fragment attack), ipv6_incomplete_chain
 *    when an IPv6 first fragment does not hold every extension header
 *    after the fragment header and that L4 header (RFC 7112). So is a TCP
 *    fragment at offset 1 (ipv4_tiny_fragment): its 8 bytes can only
 *    rewrite the TCP flags of the first (RFC 1858, the overlapping
 *    fragment attack). The layers outside count as for any malformed L4
 *    header: ipv4 and ipv4_fragments, or ipv6, ipv6_ext and
 *    ipv6_fragments. A TCP data offset below 5 or a UDP length below 8
 *    stays tcp_bad_data_offset or udp_bad_length; a packet that is no
 *    fragment keeps tcp_truncated and the others.
 *  - L4 checksums are verified by decode_packet_verify_l4() only
 *    (--verify-l4-checksums); decode_packet() leaves every counter of
 *    DECODE_L4_CHECKSUM_COUNTERS at 0. There, every TCP, UDP, ICMP and
 *    ICMPv6 header counted valid is exactly one of: good, bad
 *    (tcp/udp/icmp/icmpv6_bad_checksum; still counted and decoded, as
 *    ipv4_bad_checksum is), or l4_checksum_unverified. The sum covers the
 *    L4 bytes the IP layer gives (as for the bounds above; for UDP its
 *    own length, which the pseudo-header carries too), with the
 *    pseudo-header for TCP, UDP and ICMPv6 (RFC 793, 768, 8200 8.1,
 *    4443), none for ICMP (RFC 792, over either IP version).
 *  - l4_checksum_unverified: a first fragment's L4 header (its checksum
 *    covers the whole datagram; no reassembly), UDP with checksum 0 (none
 *    sent over IPv4, RFC 768; over IPv6 also udp6_zero_checksum, never
 *    udp_bad_checksum), ICMPv6 over IPv4 (no pseudo-header is defined),
 *    and TCP/UDP/ICMPv6 behind an IPv6 routing header with segments left
 *    whose type is neither 2 (RFC 6275) nor 4 (segment routing, RFC
 *    8754), the types whose final destination, which the pseudo-header
 *    carries (RFC 8200 8.1), is read. Later fragments carry no L4 header.
 *  - The NIC's verdict (ol_flags) is taken for TCP and UDP: L4_CKSUM_GOOD
 *    and _NONE are good, _BAD is bad, _UNKNOWN is computed. ICMP and
 *    ICMPv6 are always computed.
 */
#ifndef BURSTPIPE_DECODE_H
#define BURSTPIPE_DECODE_H

#include <stdint.h>

struct rte_mbuf;

/*
 * Every malformed reason, in report order. X(name, help): name is the
 * counter's name in the report and the JSON, help says what it means.
 */
#define DECODE_MALFORMED_REASONS(X) \
	X(mbuf_chain_short,      "mbuf chain holds fewer bytes than its pkt_len (a PMD or app bug)") \
	X(eth_truncated,         "frame shorter than an Ethernet header (14 bytes)") \
	X(vlan_truncated,        "VLAN tag cut off") \
	X(arp_truncated,         "ARP header or its addresses cut off") \
	X(ipv4_truncated,        "IPv4 header or total length beyond the bytes present") \
	X(ipv4_bad_version,      "IPv4 ethertype but version field not 4") \
	X(ipv4_bad_ihl,          "IPv4 IHL below 5") \
	X(ipv4_bad_total_length, "IPv4 total length below IHL*4") \
	X(ipv4_bad_fragment,     "IPv4 fragment: MF and data not a multiple of 8, or ends past 65535") \
	X(ipv4_tiny_fragment,    "IPv4 first fragment short of its L4 header, or TCP at offset 1 (RFC 1858)") \
	X(ipv6_truncated,        "IPv6 header or payload length beyond the bytes present") \
	X(ipv6_bad_version,      "IPv6 ethertype but version field not 6") \
	X(ipv6_ext_truncated,    "IPv6 extension header beyond the payload") \
	X(ipv6_bad_fragment,     "IPv6 fragment: M and data not a multiple of 8, or ends past 65535") \
	X(ipv6_incomplete_chain, "IPv6 first fragment short of its header chain, L4 header included (RFC 7112)") \
	X(tcp_truncated,         "TCP header (20 bytes or data offset*4) beyond the L4 bytes") \
	X(tcp_bad_data_offset,   "TCP data offset below 5") \
	X(udp_truncated,         "UDP header (8 bytes) beyond the L4 bytes") \
	X(udp_bad_length,        "UDP length below 8 or beyond the L4 bytes") \
	X(icmp_truncated,        "ICMP header (8 bytes) beyond the L4 bytes") \
	X(icmpv6_truncated,      "ICMPv6 header (4 bytes) beyond the L4 bytes")

enum decode_result {
	DECODE_OK = 0,
#define DECODE_X_ENUM(name, help) DECODE_MAL_##name,
	DECODE_MALFORMED_REASONS(DECODE_X_ENUM)
#undef DECODE_X_ENUM
	DECODE_RESULT_COUNT
};

/* Protocol counters, in report order. X(name, help). */
#define DECODE_PROTOCOL_COUNTERS(X) \
	X(vlan,              "frames with at least one VLAN tag") \
	X(qinq,              "frames with two VLAN tags") \
	X(arp,               "ARP packets") \
	X(ipv4,              "valid IPv4 headers") \
	X(ipv4_options,      "IPv4 headers with options (IHL > 5)") \
	X(ipv4_fragments,    "IPv4 fragments (first and later)") \
	X(ipv4_bad_checksum, "IPv4 headers with a wrong checksum (still decoded)") \
	X(ipv6,              "valid IPv6 headers") \
	X(ipv6_ext,          "IPv6 packets with at least one extension header") \
	X(ipv6_fragments,    "IPv6 fragments (first and later, not atomic ones)") \
	X(tcp,               "valid TCP headers") \
	X(udp,               "valid UDP headers") \
	X(udp6_zero_checksum, "UDP over IPv6 with checksum 0 (RFC 8200 8.1; still decoded)") \
	X(icmp,              "valid ICMP headers") \
	X(icmpv6,            "valid ICMPv6 headers") \
	X(other_l3,          "ethertype not IPv4, IPv6 or ARP (802.3 length frames too)") \
	X(other_l4,          "IP payload not TCP, UDP, ICMP or ICMPv6") \
	DECODE_L4_CHECKSUM_COUNTERS(X)

/*
 * The protocol counters that only decode_packet_verify_l4() moves
 * (--verify-l4-checksums), last in report order: decode_packet() leaves
 * them 0. X(name, help).
 */
#define DECODE_L4_CHECKSUM_COUNTERS(X) \
	X(tcp_bad_checksum,  "TCP checksum wrong (still decoded)") \
	X(udp_bad_checksum,  "UDP checksum wrong (still decoded)") \
	X(icmp_bad_checksum, "ICMP checksum wrong (still decoded)") \
	X(icmpv6_bad_checksum, "ICMPv6 checksum wrong (still decoded)") \
	X(l4_checksum_unverified, "valid L4 headers whose checksum cannot be verified (see the rules)")

/*
 * What the decoder counts. Written by one lcore only (the parser that owns
 * it); readers on other lcores see a slightly stale but never torn value on
 * 64-bit targets.
 */
struct decode_counts {
	uint64_t packets;	/* every packet handed to decode_packet() */
	uint64_t bytes;		/* sum of their pkt_len */
#define DECODE_X_FIELD(name, help) uint64_t name;
	DECODE_PROTOCOL_COUNTERS(DECODE_X_FIELD)
#undef DECODE_X_FIELD
	uint64_t malformed_total;
	uint64_t malformed[DECODE_RESULT_COUNT];	/* index 0 (DECODE_OK) unused */
};

/*
 * Decode one packet (a single mbuf or a chain) and add it to *counts.
 * Returns DECODE_OK, or the malformed reason it was counted under.
 * Never reads outside the mbuf data, allocates nothing, logs nothing.
 */
enum decode_result decode_packet(const struct rte_mbuf *m, struct decode_counts *counts);

/*
 * decode_packet(), and verify the checksum of every TCP, UDP, ICMP and
 * ICMPv6 header it counts valid (see the rules above). A separate entry
 * point, chosen once per run, so that decode_packet() carries none of it.
 * Reads m->ol_flags (the NIC's TCP/UDP checksum verdict).
 */
enum decode_result decode_packet_verify_l4(const struct rte_mbuf *m,
	struct decode_counts *counts);

/* The counter name of a malformed reason ("ipv4_truncated"), "ok" for DECODE_OK. */
const char *decode_result_name(enum decode_result r);

/* One line of help for a malformed reason. */
const char *decode_result_help(enum decode_result r);

#endif /* BURSTPIPE_DECODE_H */
