/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The decoder's L4 checksum sums (--verify-l4-checksums), apart from
 * decode.c so that the unit tests can hold them against an oracle.
 */
#ifndef BURSTPIPE_DECODE_CSUM_H
#define BURSTPIPE_DECODE_CSUM_H

#include <stdint.h>

struct rte_mbuf;

/*
 * The folded, non-complemented ones' complement sum (RFC 1071) of the len
 * bytes at offset off of the chain m, which the caller has checked its
 * segments hold. Empty segments and segments of odd length are allowed.
 * What DPDK 22.11's rte_raw_cksum_mbuf() should return: that one loses the
 * carries of a segment that starts at an odd byte of the span (it swaps
 * the low 16 bits of the unfolded sum), so a chain whose segments split
 * the span at odd offsets got a wrong sum.
 */
uint16_t decode_csum_chain(const struct rte_mbuf *m, uint32_t off, uint32_t len);

/*
 * __rte_raw_cksum(buf, len, sum): out of line, in a file compiled for
 * vectorising (decode.c is not, see app/meson.build).
 */
uint32_t decode_csum_flat(const void *buf, uint32_t len, uint32_t sum);

#endif /* BURSTPIPE_DECODE_CSUM_H */
