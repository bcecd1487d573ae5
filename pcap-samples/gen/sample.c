/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Output side of the generator: the PRNG, host addresses, pcap writing, the
 * per-sample tally and NAME.expected.json.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

void
gen_die(const char *fmt, ...)
{
	va_list ap;

	fputs("gen_samples: internal error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

void
rng_seed(struct rng *r, const char *name)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a of the sample name */

	for (; *name != '\0'; name++)
		h = (h ^ (uint8_t)*name) * 0x100000001b3ULL;
	r->state = h;
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint32_t
rng_range(struct rng *r, uint32_t lo, uint32_t hi)
{
	return lo + (uint32_t)(rng_next(r) % ((uint64_t)hi - lo + 1));
}

void
rng_fill(struct rng *r, uint8_t *buf, size_t len)
{
	size_t i;
	uint64_t v = 0;

	for (i = 0; i < len; i++) {
		if (i % 8 == 0)
			v = rng_next(r);
		buf[i] = (uint8_t)(v >> (8 * (i % 8)));
	}
}

void
host_mac(unsigned int i, uint8_t mac[6])
{
	mac[0] = 0x52;
	mac[1] = 0x54;
	mac[2] = 0x00;
	mac[3] = 0x00;
	mac[4] = (uint8_t)(i >> 8);
	mac[5] = (uint8_t)i;
}

/* Hosts 0..999: 10.0.x.y clients; 1000 and up: 203.0.113.x servers. */
uint32_t
host_ip4(unsigned int i)
{
	if (i >= 1000)
		return 0xcb007100u | ((i - 1000) % 254 + 1);
	return 0x0a000000u | (i / 250) << 8 | (i % 250 + 1);
}

/* Hosts 0..999: 2001:db8:1::x; 1000 and up: 2001:db8:53::x. */
void
host_ip6(unsigned int i, uint8_t addr[16])
{
	unsigned int low = i >= 1000 ? i - 1000 + 1 : i + 1;

	memset(addr, 0, 16);
	addr[0] = 0x20;
	addr[1] = 0x01;
	addr[2] = 0x0d;
	addr[3] = 0xb8;
	addr[5] = i >= 1000 ? 0x53 : 0x01;
	addr[14] = (uint8_t)(low >> 8);
	addr[15] = (uint8_t)low;
}

int
sample_open(struct sample *s, const char *dir, const char *name, int linktype, bool nsec)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->nsec = nsec;
	s->ts_ns = 1700000000ULL * 1000000000ULL;	/* 2023-11-14 22:13:20 UTC */
	rng_seed(&s->rng, name);
	snprintf(s->path, sizeof(s->path), "%s/%s.pcap", dir, name);
	s->pd = pcap_open_dead_with_tstamp_precision(linktype, 65535,
		nsec ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO);
	if (s->pd == NULL) {
		fprintf(stderr, "gen_samples: %s: pcap_open_dead failed\n", name);
		return -1;
	}
	s->dumper = pcap_dump_open(s->pd, s->path);
	if (s->dumper == NULL) {
		fprintf(stderr, "gen_samples: %s: %s\n", s->path, pcap_geterr(s->pd));
		pcap_close(s->pd);
		return -1;
	}
	meta_u64(s, "linktype", (uint64_t)linktype);
	meta_str(s, "tstamp_precision", nsec ? "nsec" : "usec");
	return 0;
}

static void
write_record(struct sample *s, const uint8_t *data, uint32_t caplen, uint32_t wirelen)
{
	struct pcap_pkthdr h;

	h.ts.tv_sec = (time_t)(s->ts_ns / 1000000000ULL);
	h.ts.tv_usec = (suseconds_t)(s->ts_ns % 1000000000ULL / (s->nsec ? 1 : 1000));
	h.caplen = caplen;
	h.len = wirelen;
	pcap_dump((u_char *)s->dumper, &h, data);
	s->tally.packets++;
	s->tally.bytes += caplen;
	if (caplen < wirelen)
		s->snap_cut++;
}

void
sample_emit_raw(struct sample *s, const uint8_t *bytes, uint32_t len)
{
	write_record(s, bytes, len, len);
}

/* Reasons found before an IPv4/IPv6 header was counted. */
static bool
reason_below_ip(enum decode_result r)
{
	switch (r) {
	case DECODE_MAL_mbuf_chain_short:
	case DECODE_MAL_eth_truncated:
	case DECODE_MAL_vlan_truncated:
	case DECODE_MAL_arp_truncated:
	case DECODE_MAL_ipv4_truncated:
	case DECODE_MAL_ipv4_bad_version:
	case DECODE_MAL_ipv4_bad_ihl:
	case DECODE_MAL_ipv4_bad_total_length:
	case DECODE_MAL_ipv4_bad_fragment:
	case DECODE_MAL_ipv6_truncated:
	case DECODE_MAL_ipv6_bad_version:
		return true;
	default:
		return false;
	}
}

/*
 * The recipe is the tally; this only checks that each recipe built a
 * coherent packet (one outcome, outer layers counted), so that a mistake
 * in a recipe stops the generator instead of shipping a wrong expectation.
 */
static void
check_credit(const struct sample *s, const struct pkt *p)
{
	const struct decode_counts *c = &p->credit;
	uint64_t l3 = c->arp + c->ipv4 + c->ipv6 + c->other_l3;
	uint64_t ends = c->tcp + c->udp + c->icmp + c->icmpv6 + c->arp + c->other_l3 +
		c->other_l4 + (p->later_frag != 0);
	uint64_t n = s->tally.packets;

	if (p->reason == DECODE_OK && (l3 != 1 || ends != 1))
		gen_die("%s packet %" PRIu64 ": clean but %" PRIu64 " L3 and %" PRIu64 " outcomes",
			s->name, n, l3, ends);
	if (p->reason != DECODE_OK && ends != 0)
		gen_die("%s packet %" PRIu64 ": malformed but has an outcome", s->name, n);
	if (p->reason != DECODE_OK && reason_below_ip(p->reason) && l3 != 0)
		gen_die("%s packet %" PRIu64 ": malformed below IP but L3 counted", s->name, n);
	if (p->reason != DECODE_OK && !reason_below_ip(p->reason) && c->ipv4 + c->ipv6 != 1)
		gen_die("%s packet %" PRIu64 ": malformed above IP without IP", s->name, n);
	if ((c->qinq && !c->vlan) ||
			((c->ipv4_options || c->ipv4_fragments || c->ipv4_bad_checksum) && !c->ipv4) ||
			(c->ipv6_ext && !c->ipv6) || (c->ipv6_fragments && !c->ipv6_ext) ||
			(p->later_frag == 4 && !c->ipv4_fragments) ||
			(p->later_frag == 6 && !c->ipv6_fragments))
		gen_die("%s packet %" PRIu64 ": inner counter without its outer one", s->name, n);
	/* Under --verify-l4-checksums, one L4 header is good, bad or unverified. */
	if (c->tcp_bad_checksum + c->udp_bad_checksum + c->icmp_bad_checksum +
			c->icmpv6_bad_checksum + c->l4_checksum_unverified >
			c->tcp + c->udp + c->icmp + c->icmpv6 ||
			(c->tcp_bad_checksum && !c->tcp) || (c->udp_bad_checksum && !c->udp) ||
			(c->icmp_bad_checksum && !c->icmp) ||
			(c->icmpv6_bad_checksum && !c->icmpv6))
		gen_die("%s packet %" PRIu64 ": a checksum counter without its L4 header",
			s->name, n);
}

void
sample_emit(struct sample *s, struct pkt *p)
{
	uint32_t caplen, wirelen;

	pkt_finish(p);
	caplen = p->caplen != 0 ? p->caplen : p->len;
	wirelen = p->wirelen != 0 ? p->wirelen : caplen;
	check_credit(s, p);

#define ADD_CREDIT(name, help) s->tally.name += p->credit.name;
	DECODE_PROTOCOL_COUNTERS(ADD_CREDIT)
#undef ADD_CREDIT
	if (p->reason != DECODE_OK) {
		s->tally.malformed_total++;
		s->tally.malformed[p->reason]++;
	}
	if (p->later_frag == 4)
		s->later_frag4++;
	if (p->later_frag == 6)
		s->later_frag6++;
	if (p->l3_end >= 0 && (uint32_t)p->l3_end < caplen)
		s->padded++;
	write_record(s, p->data, caplen, wirelen);
}

static void
meta_add(struct sample *s, const char *key, const char *json)
{
	int n = snprintf(s->meta + s->meta_len, sizeof(s->meta) - s->meta_len,
		"%s    \"%s\": %s", s->meta_len > 0 ? ",\n" : "", key, json);

	if (n < 0 || (size_t)n >= sizeof(s->meta) - s->meta_len)
		gen_die("%s: meta too long", s->name);
	s->meta_len += (size_t)n;
}

void
meta_u64(struct sample *s, const char *key, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	meta_add(s, key, buf);
}

void
meta_str(struct sample *s, const char *key, const char *v)
{
	char buf[1024];

	if (strpbrk(v, "\"\\") != NULL || strlen(v) > sizeof(buf) - 3)
		gen_die("meta string needs escaping: %s", v);
	snprintf(buf, sizeof(buf), "\"%s\"", v);
	meta_add(s, key, buf);
}

void
meta_json(struct sample *s, const char *key, const char *v)
{
	meta_add(s, key, v);
}

static int
write_expected(struct sample *s, const char *dir)
{
	const struct decode_counts *t = &s->tally;
	struct decode_counts off;
	const char *sep = "";
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.expected.json", dir, s->name);
	f = fopen(path, "w");
	if (f == NULL) {
		fprintf(stderr, "gen_samples: %s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(f, "{\n  \"packets\": %" PRIu64 ",\n  \"bytes\": %" PRIu64 ",\n  \"decode\": {",
		t->packets, t->bytes);
	/*
	 * Without --verify-l4-checksums (as the samples are replayed) the
	 * checksum counters stay 0; with it they read as the section
	 * "verify_l4_checksums" says, and every other counter the same.
	 */
	memcpy(&off, t, sizeof(off));
#define ZERO_COUNTER(name, help) off.name = 0;
	DECODE_L4_CHECKSUM_COUNTERS(ZERO_COUNTER)
#undef ZERO_COUNTER
#define PUT_COUNTER(name, help) \
	fprintf(f, "%s\n    \"" #name "\": %" PRIu64, sep, off.name); \
	sep = ",";
	DECODE_PROTOCOL_COUNTERS(PUT_COUNTER)
	fprintf(f, "\n  },\n  \"malformed\": {\n    \"total\": %" PRIu64, t->malformed_total);
#define PUT_REASON(name, help) \
	fprintf(f, ",\n    \"" #name "\": %" PRIu64, t->malformed[DECODE_MAL_##name]);
	DECODE_MALFORMED_REASONS(PUT_REASON)
#undef PUT_REASON
	fprintf(f, "\n  },\n  \"verify_l4_checksums\": {");
	sep = "";
#undef PUT_COUNTER
#define PUT_CHECKSUM(name, help) \
	fprintf(f, "%s\n    \"" #name "\": %" PRIu64, sep, t->name); \
	sep = ",";
	DECODE_L4_CHECKSUM_COUNTERS(PUT_CHECKSUM)
#undef PUT_CHECKSUM
	fprintf(f, "\n  },\n  \"meta\": {\n%s\n  }\n}\n", s->meta);
	if (fclose(f) != 0) {
		fprintf(stderr, "gen_samples: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int
sample_close(struct sample *s, const char *dir)
{
	int ret = 0;

	meta_u64(s, "ipv4_later_fragments", s->later_frag4);
	meta_u64(s, "ipv6_later_fragments", s->later_frag6);
	meta_u64(s, "snaplen_cut", s->snap_cut);
	meta_u64(s, "padded_frames", s->padded);
	if (pcap_dump_flush(s->dumper) != 0) {
		fprintf(stderr, "gen_samples: %s: write failed\n", s->path);
		ret = -1;
	}
	pcap_dump_close(s->dumper);
	pcap_close(s->pd);
	if (write_expected(s, dir) != 0)
		ret = -1;
	return ret;
}
