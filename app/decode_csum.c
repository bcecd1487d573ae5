/* SPDX-License-Identifier: BSD-3-Clause */
/* The decoder's L4 checksum over a chain (see decode_csum.h). */
#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

#include "decode_csum.h"

uint16_t
decode_csum_chain(const struct rte_mbuf *m, uint32_t off, uint32_t len)
{
	/* 64 bits: a jumbogram in one-byte segments adds up 65536 words. */
	uint64_t sum = 0;
	uint32_t done = 0;

	while (off >= rte_pktmbuf_data_len(m)) {
		off -= rte_pktmbuf_data_len(m);
		m = m->next;
	}
	for (; done < len; m = m->next, off = 0) {
		uint32_t n = RTE_MIN((uint32_t)rte_pktmbuf_data_len(m) - off, len - done);
		uint16_t part = __rte_raw_cksum_reduce(
			__rte_raw_cksum(rte_pktmbuf_mtod_offset(m, const void *, off), n, 0));

		/*
		 * A segment that starts at an odd byte of the span holds its
		 * bytes in the other halves of the 16-bit words: its sum,
		 * folded first, is byte-swapped (RFC 1071 2(B)).
		 */
		if (done & 1)
			part = rte_bswap16(part);
		sum += part;
		done += n;
	}
	sum = (sum >> 32) + (sum & UINT32_MAX);
	sum = (sum >> 32) + (sum & UINT32_MAX);
	return __rte_raw_cksum_reduce((uint32_t)sum);
}

uint32_t
decode_csum_flat(const void *buf, uint32_t len, uint32_t sum)
{
	return __rte_raw_cksum(buf, len, sum);
}
