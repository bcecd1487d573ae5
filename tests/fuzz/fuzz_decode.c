/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for decode_packet().
 *
 * Input layout:
 *   byte 0        bits 0-2: number of segments - 1 (1 to 8 segments);
 *                 bit 3: start every segment at an odd address;
 *                 bit 4: a broken chain, whose pkt_len says 1 to 8 bytes
 *                 (bits 5-7, plus 1) more than its segments hold
 *   next nsegs-1  the lengths of all segments but the last (0 to 255; an
 *                 empty segment is allowed, a length past the end is cut)
 *   the rest      the frame; the last segment takes what is left
 * Each segment is its own exactly-sized allocation, so AddressSanitizer
 * reports any read past a segment's data.
 *
 * After each call it checks the invariants of decode.h, and that the chain
 * decodes exactly as the same bytes in one segment do (the chain and the
 * contiguous fast path are separate code paths), or for a broken chain that
 * it is refused; a violation aborts. Every input is decoded twice, by
 * decode_packet() and by decode_packet_verify_l4() (--verify-l4-checksums,
 * its own instantiation of every layer), each checked so, and the two must
 * agree on everything but the checksum counters, of which the second
 * moves at most one, for a valid L4 header, and the first none.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_mbuf.h>

#include "decode.h"

#define FUZZ_MAX_SEGS	8
#define FUZZ_HEADROOM	16

static void
fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz_decode: invariant broken: %s\n", what);
	abort();
}

/* Segment i: len bytes of frame at data, in a fresh allocation. */
static void
fuzz_seg(struct rte_mbuf *s, const uint8_t *data, uint32_t len, uint16_t headroom)
{
	uint8_t *room = malloc(headroom + len);

	if (room == NULL)
		abort();
	memset(room, 0xee, headroom);
	memcpy(room + headroom, data, len);
	memset(s, 0, sizeof(*s));
	s->buf_addr = room;
	s->buf_len = (uint16_t)(headroom + len);
	s->data_off = headroom;
	s->data_len = (uint16_t)len;
	s->pkt_len = len;
	s->nb_segs = 1;
	rte_mbuf_refcnt_set(s, 1);
}

static void
fuzz_check(const struct decode_counts *before, const struct decode_counts *after,
	enum decode_result r, uint32_t pkt_len)
{
	uint64_t d_total = after->malformed_total - before->malformed_total;
	int i;

	if (after->packets - before->packets != 1)
		fuzz_fail("packets did not move by 1");
	if (after->bytes - before->bytes != pkt_len)
		fuzz_fail("bytes did not move by pkt_len");
	if ((unsigned int)r >= DECODE_RESULT_COUNT)
		fuzz_fail("result out of range");
	if (r == DECODE_OK ? d_total != 0 : d_total != 1)
		fuzz_fail("malformed_total does not match the result");
	for (i = 1; i < DECODE_RESULT_COUNT; i++)
		if (after->malformed[i] - before->malformed[i] != (i == (int)r))
			fuzz_fail("a malformed counter other than the result's moved");
#define FUZZ_X_CHECK(name, help) \
	if (after->name - before->name > 1) \
		fuzz_fail(#name " moved by more than 1");
	DECODE_PROTOCOL_COUNTERS(FUZZ_X_CHECK)
#undef FUZZ_X_CHECK
	/* Inner counters imply their outer layer. */
	if ((after->qinq > before->qinq && after->vlan == before->vlan) ||
			(after->ipv4_options > before->ipv4_options &&
			 after->ipv4 == before->ipv4) ||
			(after->ipv6_fragments > before->ipv6_fragments &&
			 after->ipv6_ext == before->ipv6_ext) ||
			(after->ipv6_ext > before->ipv6_ext &&
			 after->ipv6 == before->ipv6) ||
			(after->udp6_zero_checksum > before->udp6_zero_checksum &&
			 (after->udp == before->udp || after->ipv6 == before->ipv6)))
		fuzz_fail("an inner counter moved without its outer one");
	/* A fragment short of its headers is counted a fragment first. */
	if ((r == DECODE_MAL_ipv4_tiny_fragment &&
			after->ipv4_fragments == before->ipv4_fragments) ||
			(r == DECODE_MAL_ipv6_incomplete_chain &&
			 after->ipv6_fragments == before->ipv6_fragments))
		fuzz_fail("a fragment short of its headers was not counted a fragment");
	if (after->tcp + after->udp + after->icmp + after->icmpv6 +
			after->other_l4 > before->tcp + before->udp + before->icmp +
			before->icmpv6 + before->other_l4 &&
			after->ipv4 + after->ipv6 == before->ipv4 + before->ipv6)
		fuzz_fail("an L4 counter moved without IPv4 or IPv6");
}

/* A chain short of its pkt_len is mbuf_chain_short, and nothing else counts. */
static void
fuzz_check_short(const struct decode_counts *before, const struct decode_counts *after,
	enum decode_result r)
{
	if (r != DECODE_MAL_mbuf_chain_short)
		fuzz_fail("a chain short of its pkt_len was not refused");
#define FUZZ_X_SHORT(name, help) \
	if (after->name != before->name) \
		fuzz_fail(#name " moved for a chain short of its pkt_len");
	DECODE_PROTOCOL_COUNTERS(FUZZ_X_SHORT)
#undef FUZZ_X_SHORT
}

typedef enum decode_result (*fuzz_decoder)(const struct rte_mbuf *m,
	struct decode_counts *counts);

/* The same bytes in one segment must decode the same way as the chain did. */
static void
fuzz_check_one(fuzz_decoder decode, const uint8_t *frame, uint32_t len, uint16_t headroom,
	const struct decode_counts *before, const struct decode_counts *after,
	enum decode_result r)
{
	struct decode_counts one;
	struct rte_mbuf whole;
	size_t i;

	fuzz_seg(&whole, frame, len, headroom);
	memset(&one, 0, sizeof(one));
	if (decode(&whole, &one) != r)
		fuzz_fail("chain and single segment return different results");
	for (i = 0; i < sizeof(one) / sizeof(uint64_t); i++)
		if (((uint64_t *)&one)[i] != ((const uint64_t *)after)[i] -
				((const uint64_t *)before)[i])
			fuzz_fail("chain and single segment disagree");
	free(whole.buf_addr);
}

/* The change a decode made: after - before, field by field. */
static void
fuzz_delta(const struct decode_counts *before, const struct decode_counts *after,
	struct decode_counts *d)
{
	size_t i;

	for (i = 0; i < sizeof(*d) / sizeof(uint64_t); i++)
		((uint64_t *)d)[i] = ((const uint64_t *)after)[i] - ((const uint64_t *)before)[i];
}

/*
 * off: what decode_packet() counted for the input, on: what
 * decode_packet_verify_l4() did. Only the checksum counters differ.
 */
static void
fuzz_check_modes(struct decode_counts off, struct decode_counts on, enum decode_result r_off,
	enum decode_result r_on)
{
	uint64_t moved = 0;

	if (r_off != r_on)
		fuzz_fail("the option changed the result");
#define FUZZ_X_CKSUM(name, help) \
	if (off.name != 0) \
		fuzz_fail(#name " moved without the option"); \
	moved += on.name; \
	on.name = 0;
	DECODE_L4_CHECKSUM_COUNTERS(FUZZ_X_CKSUM)
#undef FUZZ_X_CKSUM
	if (memcmp(&off, &on, sizeof(off)) != 0)
		fuzz_fail("the option changed a counter other than the checksums'");
	if (moved > off.tcp + off.udp + off.icmp + off.icmpv6)
		fuzz_fail("a checksum counter moved without a valid L4 header, or two did");
}

/* Decode the chain segs with decode, check it; returns the result. */
static enum decode_result
fuzz_run(fuzz_decoder decode, struct rte_mbuf *segs, struct decode_counts *total,
	const uint8_t *frame, uint32_t len, uint32_t missing, uint16_t headroom,
	struct decode_counts *delta)
{
	struct decode_counts before = *total;
	enum decode_result r = decode(&segs[0], total);

	fuzz_check(&before, total, r, len + missing);
	if (missing != 0)
		fuzz_check_short(&before, total, r);
	else
		fuzz_check_one(decode, frame, len, headroom, &before, total, r);
	fuzz_delta(&before, total, delta);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct decode_counts total, total_verify;
	struct rte_mbuf segs[FUZZ_MAX_SEGS];
	struct decode_counts d_off, d_on;
	uint32_t nsegs, i, len, off, hdr, missing;
	enum decode_result r_off, r_on;
	uint16_t headroom;

	if (size < 1 || size > UINT16_MAX)	/* data_len is 16 bits */
		return 0;
	nsegs = (data[0] & 7) + 1;
	headroom = FUZZ_HEADROOM + ((data[0] >> 3) & 1);
	missing = (data[0] & 0x10) != 0 ? (data[0] >> 5) + 1u : 0;
	hdr = nsegs;	/* byte 0 and nsegs - 1 lengths */
	if (size < hdr)
		return 0;
	len = size - hdr;

	for (i = 0, off = 0; i < nsegs; i++) {
		uint32_t l = i + 1 < nsegs ? data[1 + i] : len - off;

		if (l > len - off)
			l = len - off;
		fuzz_seg(&segs[i], data + hdr + off, l, headroom);
		segs[i].next = i + 1 < nsegs ? &segs[i + 1] : NULL;
		off += l;
	}
	segs[0].pkt_len = len + missing;
	segs[0].nb_segs = (uint16_t)nsegs;

	r_off = fuzz_run(decode_packet, segs, &total, data + hdr, len, missing, headroom, &d_off);
	r_on = fuzz_run(decode_packet_verify_l4, segs, &total_verify, data + hdr, len, missing,
		headroom, &d_on);
	fuzz_check_modes(d_off, d_on, r_off, r_on);

	for (i = 0; i < nsegs; i++)
		free(segs[i].buf_addr);
	return 0;
}
