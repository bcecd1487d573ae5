/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Samples about time and files: burst, steady, cooked, empty.
 */
#include <stdio.h>
#include <string.h>

#include "gen.h"

/* A 60-byte UDP/IPv4 frame (42 bytes of headers, 18 of payload), no padding. */
static void
mk_min_udp(struct sample *s, const struct conn *c, uint16_t train, uint32_t index)
{
	/* "BP", train, index: a marker no heuristic dissector takes for its own */
	uint8_t payload[18] = { 'B', 'P' };
	struct pkt p;

	payload[2] = (uint8_t)(train >> 8);
	payload[3] = (uint8_t)train;
	payload[4] = (uint8_t)(index >> 24);
	payload[5] = (uint8_t)(index >> 16);
	payload[6] = (uint8_t)(index >> 8);
	payload[7] = (uint8_t)index;
	pkt_init(&p);
	put_ip(&p, s, c);
	put_udp(&p, c->sport, c->dport);
	put_bytes(&p, payload, sizeof(payload));
	if (p.len != 60)
		gen_die("minimum frame of %u bytes", p.len);
	sample_emit(s, &p);
}

/*
 * 10 GbE line rate with 64-byte frames (60 captured + 4 FCS) and 20 bytes of
 * preamble and inter-frame gap: 84 bytes = 672 bits = 67.2 ns per frame.
 */
#define LINE_RATE_DECI_NS 672	/* tenths of a nanosecond per frame */
#define TRAIN_GAP_NS 20000000ULL

int
gen_burst(const char *dir)
{
	static const uint32_t lengths[] = { 128, 311, 600, 157, 442, 205, 529, 270, 383, 166 };
	const unsigned int ntrains = sizeof(lengths) / sizeof(lengths[0]);
	struct sample s;
	char list[256];
	size_t used = 0;
	uint64_t start;
	unsigned int t;
	uint32_t k, longest = 0;

	if (sample_open(&s, dir, "burst", DLT_EN10MB, true) != 0)
		return -1;
	start = s.ts_ns;
	for (t = 0; t < ntrains; t++) {
		struct conn c = { &L2_PLAIN, false, 1 + t, 1000, 20000 + t, 9000 };
		uint64_t last = start;

		for (k = 0; k < lengths[t]; k++) {
			/* Rounded from the exact k * 67.2 ns: no drift along a train. */
			last = start + ((uint64_t)k * LINE_RATE_DECI_NS + 5) / 10;
			s.ts_ns = last;
			mk_min_udp(&s, &c, (uint16_t)t, k);
		}
		start = last + TRAIN_GAP_NS;
		if (lengths[t] > longest)
			longest = lengths[t];
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%u",
			t == 0 ? "[" : ", ", lengths[t]);
	}
	snprintf(list + used, sizeof(list) - used, "]");
	meta_u64(&s, "trains", ntrains);
	meta_json(&s, "train_lengths", list);
	meta_u64(&s, "longest_train", longest);
	meta_u64(&s, "gap_ns", TRAIN_GAP_NS);
	meta_json(&s, "spacing_ns", "67.2");
	meta_str(&s, "timestamps", "frame k of a train at start + round(k * 67.2 ns); the next "
		"train starts gap_ns after the last frame of the previous one");
	meta_str(&s, "covers", "trains of back-to-back 60-byte UDP/IPv4 frames at 10 GbE line "
		"rate, nanosecond timestamps, 20 ms idle between trains");
	return sample_close(&s, dir);
}

int
gen_steady(const char *dir)
{
	const uint32_t frames = 2000, interval_ns = 10000;
	struct conn c = { &L2_PLAIN, false, 1, 1000, 20000, 9000 };
	struct sample s;
	uint64_t start;
	uint32_t i;

	if (sample_open(&s, dir, "steady", DLT_EN10MB, false) != 0)
		return -1;
	start = s.ts_ns;
	for (i = 0; i < frames; i++) {
		s.ts_ns = start + (uint64_t)i * interval_ns;
		mk_min_udp(&s, &c, 0, i);
	}
	meta_u64(&s, "interval_ns", interval_ns);
	meta_str(&s, "covers", "60-byte UDP/IPv4 frames at a uniform 10 us spacing");
	return sample_close(&s, dir);
}

int
gen_cooked(const char *dir)
{
	struct conn conns[4] = {
		{ &L2_PLAIN, false, 1, 1000, 30000, 9000 },
		{ &L2_PLAIN, false, 1, 1000, 30001, 443 },
		{ &L2_PLAIN, true, 2, 1001, 30002, 9000 },
		{ &L2_PLAIN, false, 1000, 1, 9000, 30000 },
	};
	struct sample s;
	unsigned int i;

	if (sample_open(&s, dir, "cooked", DLT_LINUX_SLL, false) != 0)
		return -1;
	for (i = 0; i < 4; i++) {
		uint8_t rec[256];
		struct pkt p;

		pkt_init(&p);
		put_ip(&p, &s, &conns[i]);
		if (conns[i].dport == 443)
			put_tcp(&p, conns[i].sport, 443, 1, 0, 0x02, 64240, TCP_OPT_SYN, 20);
		else
			put_udp(&p, conns[i].sport, conns[i].dport);
		put_random(&p, &s.rng, 32);
		pkt_finish(&p);
		/* Linux cooked header (16 bytes) in place of the Ethernet one (14). */
		memset(rec, 0, 16);
		rec[1] = i == 3 ? 0 : 4;	/* to us, or sent by us */
		rec[3] = 1;			/* ARPHRD_ETHER */
		rec[5] = 6;			/* address length */
		host_mac(conns[i].src, rec + 6);
		rec[14] = p.data[12];		/* protocol: the ethertype */
		rec[15] = p.data[13];
		memcpy(rec + 16, p.data + 14, p.len - 14);
		sample_emit_raw(&s, rec, p.len + 2);
		tick_us(&s, 100, 1000);
	}
	meta_str(&s, "linktype_name", "LINUX_SLL");
	meta_json(&s, "app_must_refuse", "true");
	meta_str(&s, "note", "not Ethernet: the app must refuse the file; packets and bytes "
		"describe the file, the counters stay zero");
	meta_str(&s, "covers", "Linux cooked capture (IPv4/IPv6 UDP, TCP SYN)");
	return sample_close(&s, dir);
}

int
gen_empty(const char *dir)
{
	struct sample s;

	if (sample_open(&s, dir, "empty", DLT_EN10MB, false) != 0)
		return -1;
	meta_str(&s, "covers", "a valid pcap file header and no packets");
	return sample_close(&s, dir);
}
