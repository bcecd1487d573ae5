/* SPDX-License-Identifier: BSD-3-Clause */
/* The tests of test_decode_l4.c, run by test_decode.c's main(). */
#ifndef BURSTPIPE_TEST_DECODE_H
#define BURSTPIPE_TEST_DECODE_H

void test_ipv6_header(void);
void test_ipv6_ext(void);
void test_ipv6_fragments(void);
void test_ipv6_bad_fragments(void);
void test_tcp(void);
void test_udp(void);
void test_udp6_zero_checksum(void);
void test_icmp(void);
void test_other_l4(void);
void test_jumbo(void);
void test_jumbogram(void);

/* test_decode_frag.c: first fragments too short for their headers. */
void test_ipv4_tiny_fragments(void);
void test_ipv6_incomplete_chain(void);

/* test_decode_csum.c: --verify-l4-checksums. */
void test_csum_protocols(void);
void test_csum_udp(void);
void test_csum_fragments(void);
void test_csum_routing(void);
void test_csum_offload(void);
void test_csum_jumbo(void);
void test_csum_off(void);
void test_csum_chain(void);

#endif /* BURSTPIPE_TEST_DECODE_H */
