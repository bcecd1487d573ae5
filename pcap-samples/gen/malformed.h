/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to the malformed recipes (samples_malformed.c, malformed_l3.c,
 * malformed_l4.c, malformed_frag.c). Each recipe builds its outer layers
 * clean (credited), declares the reason with pkt_malformed(), then writes
 * the broken layer.
 */
#ifndef GEN_MALFORMED_H
#define GEN_MALFORMED_H

#include "gen.h"

extern const struct l2 MAL_TAG1;	/* one 802.1Q tag */
extern const struct l2 MAL_TAG_AD;	/* one 802.1ad tag */
extern const struct l2 MAL_QINQ;	/* 802.1ad + 802.1Q */
extern const uint8_t MAL_NOPS[40];	/* IPv4 / TCP options: all NOP */

/*
 * Ethernet (+ tags) and an IPv4 header with opt_len bytes of options.
 * early: a reason declared before the IPv4 header (so it is not counted),
 * or DECODE_OK.
 */
void mal_start4(struct sample *s, struct pkt *p, const struct l2 *l2, enum decode_result early,
	uint16_t frag, uint8_t opt_len);
void mal_start6(struct sample *s, struct pkt *p, const struct l2 *l2, enum decode_result early);
void mal_udp_with(struct sample *s, struct pkt *p, uint32_t payload);
void mal_tcp_with(struct sample *s, struct pkt *p, uint8_t opt_len, uint32_t payload);
/*
 * The first len bytes of a TCP (proto 6: data offset 5) or UDP (17: length 4)
 * header, the rest random: a first fragment's slice.
 */
void mal_l4_head(struct sample *s, uint8_t proto, uint8_t *buf, uint32_t len);
/* Bytes of a clean IPv4 or IPv6 UDP packet, to put behind the wrong ethertype. */
uint32_t mal_foreign_l3(struct sample *s, bool v6, uint8_t *out);

/* The recipes: variant v (0 .. variants - 1, see samples_malformed.c) of each reason. */
void mal_eth(struct sample *s, struct pkt *p, unsigned int v);
void mal_vlan(struct sample *s, struct pkt *p, unsigned int v);
void mal_arp(struct sample *s, struct pkt *p, unsigned int v);
void mal_ipv4_truncated(struct sample *s, struct pkt *p, unsigned int v);
void mal_ipv4_bad_version(struct sample *s, struct pkt *p, unsigned int v);
void mal_ipv4_bad_ihl(struct sample *s, struct pkt *p, unsigned int v);
void mal_ipv4_bad_total_length(struct sample *s, struct pkt *p, unsigned int v);
void mal_ipv4_bad_fragment(struct sample *s, struct pkt *p, unsigned int v);
void mal_ipv4_tiny_fragment(struct sample *s, struct pkt *p, unsigned int v);
void mal_ipv6_truncated(struct sample *s, struct pkt *p, unsigned int v);
void mal_ipv6_bad_version(struct sample *s, struct pkt *p, unsigned int v);
void mal_ipv6_ext_truncated(struct sample *s, struct pkt *p, unsigned int v);
void mal_ipv6_bad_fragment(struct sample *s, struct pkt *p, unsigned int v);
void mal_ipv6_incomplete_chain(struct sample *s, struct pkt *p, unsigned int v);
void mal_tcp_truncated(struct sample *s, struct pkt *p, unsigned int v);
void mal_tcp_bad_data_offset(struct sample *s, struct pkt *p, unsigned int v);
void mal_udp_truncated(struct sample *s, struct pkt *p, unsigned int v);
void mal_udp_bad_length(struct sample *s, struct pkt *p, unsigned int v);
void mal_icmp_truncated(struct sample *s, struct pkt *p, unsigned int v);
void mal_icmpv6_truncated(struct sample *s, struct pkt *p, unsigned int v);

#endif /* GEN_MALFORMED_H */
