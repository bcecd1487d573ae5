/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test harness for the decoder: build frames header by header, then check
 * decode_packet()'s result and exact counter deltas on the frame as one
 * segment and as chains split at every offset.
 */
#ifndef BURSTPIPE_TEST_PKT_H
#define BURSTPIPE_TEST_PKT_H

#include <stdint.h>

#include <rte_ip.h>

#include "decode.h"

#define TEST_PKT_MAX	70000	/* an IPv6 jumbogram (RFC 2675) is over 65575 */

/* A frame under construction: headers are appended at len. */
struct test_pkt {
	uint8_t b[TEST_PKT_MAX];
	uint32_t len;
};

void test_pkt_reset(struct test_pkt *p);
void test_add_bytes(struct test_pkt *p, uint32_t n);	/* 0xa5 filler */
void test_add_eth(struct test_pkt *p, uint16_t type);
void test_add_vlan(struct test_pkt *p, uint16_t next_type);
/* ARP for Ethernet/IPv4 addresses: 28 bytes. */
void test_add_arp(struct test_pkt *p, uint8_t hlen, uint8_t plen);

/*
 * IPv4 with IHL ihl (options are NOPs; at least 20 bytes are written even
 * for ihl < 5). test_ipv4_finish() then sets the total length to reach the
 * end of the frame so far and computes the checksum.
 */
struct rte_ipv4_hdr *test_add_ipv4(struct test_pkt *p, uint8_t ihl,
	uint8_t proto, uint16_t frag);
void test_ipv4_finish(struct test_pkt *p, struct rte_ipv4_hdr *ip);
/* Recompute the checksum after changing a field. */
void test_ipv4_cksum(struct rte_ipv4_hdr *ip);

/* IPv6; test_ipv6_finish() sets the payload length to the end of the frame. */
struct rte_ipv6_hdr *test_add_ipv6(struct test_pkt *p, uint8_t next);
void test_ipv6_finish(struct test_pkt *p, struct rte_ipv6_hdr *ip);
/* A generic extension header of (hdr_ext_len + 1) * 8 bytes. */
void test_add_ext(struct test_pkt *p, uint8_t next, uint8_t hdr_ext_len);
void test_add_frag6(struct test_pkt *p, uint8_t next, uint16_t offset, int mf);

/*
 * Start p over: Ethernet, IPv6 with payload length 0 and a 16-byte
 * hop-by-hop header: Pad1, a 3-byte PadN, the Jumbo Payload option (RFC
 * 2675) carrying jumbo_len at its 4n+2 alignment, a 4-byte PadN.
 */
struct rte_ipv6_hdr *test_start_jumbogram(struct test_pkt *p, uint8_t next,
	uint32_t jumbo_len);

/* TCP with data offset data_off: doff*4 bytes (at least 20) written. */
void test_add_tcp(struct test_pkt *p, uint8_t data_off);
/*
 * UDP (8 bytes) and ICMP echo (8 bytes); the UDP length field is given, the
 * checksum is a constant other than 0.
 */
void test_add_udp(struct test_pkt *p, uint16_t length);
void test_add_icmp(struct test_pkt *p);

/* Ethernet padding: zeros up to len (60, the minimum frame without FCS). */
void test_pad(struct test_pkt *p, uint32_t len);

/*
 * Write the right checksum into the L4 header of proto at l4_off, over the
 * IP datagram at ip_off as its length says (after test_ipv4/6_finish();
 * for UDP over its UDP length), with the pseudo-header for TCP, UDP and
 * ICMPv6: the IP header's addresses, or dst if not NULL (the final
 * destination of a routing header), and as its length l4_len if not 0
 * (a wrong one, or a jumbogram's). UDP length 0 sums the rest of the
 * frame (a jumbogram's). RFC 1071 written out, independent of DPDK's
 * helpers.
 */
void test_l4_cksum(struct test_pkt *p, uint32_t ip_off, uint32_t l4_off, uint8_t proto,
	const uint8_t *dst, uint32_t l4_len);

/*
 * The decoder test_expect() and test_expect_held() run from now on:
 * decode_packet() (verify 0, the default), or decode_packet_verify_l4()
 * with ol_flags on the first mbuf of each layout. With decode_packet(),
 * each layout is also decoded by decode_packet_verify_l4(), which must
 * return the same and move the same counters, but for at most one of
 * DECODE_L4_CHECKSUM_COUNTERS, by 1.
 */
void test_set_mode(int verify, uint64_t ol_flags);

/*
 * Decode p as one segment, as every two-segment split (with and without an
 * empty segment between), and as one-byte segments; each layout in
 * exactly-sized buffers so that AddressSanitizer sees any over-read. In
 * every layout check the result is want and the counters moved by exactly:
 * packets and bytes, the protocol counters named in the space-separated
 * list counters (by 1), and malformed[want] and malformed_total if want is
 * not DECODE_OK. Prints one line per failure.
 */
void test_expect(const char *name, const struct test_pkt *p,
	enum decode_result want, const char *counters);

/*
 * As test_expect(), but with pkt_len p->len and segments that hold held
 * bytes (of p's, then of its buffer): fewer is a broken chain, more are
 * bytes past the packet. As one segment and as every two-segment split.
 */
void test_expect_held(const char *name, const struct test_pkt *p, uint32_t held,
	enum decode_result want, const char *counters);

/*
 * Fail for every malformed reason and protocol counter that no
 * test_expect() so far has expected: a new counter needs a test.
 */
void test_check_coverage(void);

/* Failure accounting, shared by every test file. */
extern unsigned int test_failures;
extern unsigned int test_checks;
void test_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* BURSTPIPE_TEST_PKT_H */
