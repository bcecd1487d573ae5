/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * gen_samples: the deterministic sample-capture generator.
 *
 * Each sample is built packet by packet with the put_*() builder below. The
 * expected counts are tallied by construction: a put_*() call that writes a
 * valid header credits that header's counter in the packet's own
 * struct decode_counts, and pkt_malformed() names the reason the packet is
 * malformed and stops every later put_*() from crediting anything (the
 * failing layer and whatever is behind it do not count; the layers already
 * written do). Nothing here parses a packet back: the tally is what the
 * generator meant to build, which is what makes it an independent oracle
 * for the decoder.
 *
 * Everything is deterministic: a fixed-seed PRNG per sample, fixed base
 * timestamps, no clock, no floating point.
 */
#ifndef GEN_SAMPLES_H
#define GEN_SAMPLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pcap/pcap.h>

#include "decode.h"

#define PKT_MAX 10240		/* larger than the largest jumbo frame (9018) */

/* splitmix64: tiny, fast, and the same sequence everywhere. */
struct rng {
	uint64_t state;
};

void rng_seed(struct rng *r, const char *name);
uint64_t rng_next(struct rng *r);
/* Uniform in [lo, hi], both included. */
uint32_t rng_range(struct rng *r, uint32_t lo, uint32_t hi);
void rng_fill(struct rng *r, uint8_t *buf, size_t len);

/*
 * One packet under construction. Offsets are -1 while unset. Lengths and
 * checksums that depend on what follows (IPv4 total length, IPv6 payload
 * length, UDP length, every checksum) are fixed up by pkt_finish(), unless
 * overridden.
 */
struct pkt {
	uint8_t data[PKT_MAX];
	uint32_t len;		/* bytes built */
	uint32_t caplen;	/* bytes captured; 0 = all of len */
	uint32_t wirelen;	/* pcap "len" field; 0 = same as caplen */
	int et_off;		/* ethertype field waiting for the next layer */
	int nh_off;		/* IP protocol / next header byte waiting */
	int l3_off;		/* the IP header */
	int l3_ver;		/* 4 or 6, 0 if none */
	uint32_t l3_hlen;	/* IPv4 header bytes actually written */
	int l3_end;		/* end of the IP datagram: padding starts here */
	int l4_off;		/* L4 header whose length/checksum is fixed up */
	uint8_t l4_proto;
	uint8_t vlans;		/* VLAN tags written */
	int32_t ip_len_set;	/* >= 0: IPv4 total / IPv6 payload length to write */
	int32_t udp_len_set;	/* >= 0: UDP length to write */
	uint16_t bad_cksum_xor;	/* != 0: IPv4 header checksum is spoiled with it */
	bool udp_zero_cksum;	/* the UDP checksum is written as 0 */
	uint16_t l4_cksum_xor;	/* != 0: the L4 checksum is spoiled with it */
	int final_dst_off;	/* a routing header's final destination, or -1 */
	bool final_dst_unread;	/* one --verify-l4-checksums does not read */
	bool l4_unverifiable;	/* in a first fragment: not verified */
	bool finished;
	bool frozen;		/* malformed or unrecognised: later layers credit nothing */
	enum decode_result reason;
	uint8_t later_frag;	/* 4 or 6: a non-first fragment (no L4 decoded) */
	struct decode_counts credit;	/* what this packet adds, 0/1 each */
};

/* IPv4 header parameters (host byte order). */
struct ip4 {
	uint32_t src, dst;
	uint16_t id;
	uint16_t frag;		/* flags and offset, as in the header: MF | off/8 */
	uint8_t ttl;
	uint8_t tos;
	const uint8_t *opts;	/* options, opt_len bytes (multiple of 4, <= 40) */
	uint8_t opt_len;
	bool bad_cksum;		/* write a wrong header checksum */
};

#define IP4_DF 0x4000
#define IP4_MF 0x2000

struct ip6 {
	uint8_t src[16], dst[16];
	uint32_t flow;		/* traffic class and flow label */
	uint8_t hlim;
};

void pkt_init(struct pkt *p);
/*
 * Declare the packet malformed for this reason; later layers credit nothing,
 * and a later fragment's IP header already put makes no later fragment.
 */
void pkt_malformed(struct pkt *p, enum decode_result reason);

void put_eth(struct pkt *p, const uint8_t dst[6], const uint8_t src[6]);
void put_vlan(struct pkt *p, uint16_t tpid, uint16_t tci);
void put_arp(struct pkt *p, uint16_t op, const uint8_t sha[6], uint32_t spa,
	const uint8_t tha[6], uint32_t tpa);
void put_ipv4(struct pkt *p, const struct ip4 *ip);
void put_ipv6(struct pkt *p, const struct ip6 *ip);
/*
 * Hop-by-hop (0) or destination options (60): opt_len bytes of options, then
 * Pad1/PadN up to len bytes in all (a multiple of 8).
 */
void put_ip6_opts(struct pkt *p, uint8_t type, const uint8_t *opts, uint32_t opt_len,
	uint32_t len);
/* Segment routing header (routing type 4) with nseg segments, segments left 0. */
void put_ip6_srh(struct pkt *p, unsigned int nseg);
/*
 * Routing header of type with naddr addresses (2001:db8:ff::1, ::2, ...)
 * and segments left sl. With sl > 0 the L4 pseudo-header carries the final
 * destination (RFC 8200 8.1): address 1 for type 2 and segment routing
 * (type 4, Segment List[0]), the last one for type 0 and others, which
 * --verify-l4-checksums does not read (credits l4_checksum_unverified).
 */
void put_ip6_routing(struct pkt *p, uint8_t type, unsigned int naddr, uint8_t sl);
/* Fragment header; offset in bytes (multiple of 8). */
void put_ip6_frag(struct pkt *p, uint32_t offset, bool more, uint32_t id);
void put_tcp(struct pkt *p, uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
	uint8_t flags, uint16_t win, const uint8_t *opts, uint8_t opt_len);
void put_udp(struct pkt *p, uint16_t sport, uint16_t dport);
void put_icmp(struct pkt *p, uint8_t type, uint8_t code, uint16_t id, uint16_t seq);
void put_icmp6(struct pkt *p, uint8_t type, uint8_t code, uint32_t rest);
/* An IP payload that is none of TCP, UDP, ICMP, ICMPv6 (credits other_l4). */
void put_other_l4(struct pkt *p, uint8_t proto, const void *bytes, uint32_t len);
/* An ethertype that is none of IPv4, IPv6, ARP, or a third VLAN tag (credits other_l3). */
void put_other_l3(struct pkt *p, uint16_t ethertype, const void *bytes, uint32_t len);
/*
 * A slice of an IP datagram's payload in a fragment. first: the slice opens
 * the datagram, so the L4 header in it is decoded and credited (it must be
 * whole unless the packet was declared malformed); otherwise nothing is.
 */
void put_frag_slice(struct pkt *p, uint8_t proto, const uint8_t *bytes, uint32_t len, bool first);
/* Fill the open ethertype / next-header field without a header behind it. */
void pkt_ethertype(struct pkt *p, uint16_t type);
void pkt_next_header(struct pkt *p, uint8_t proto);
void put_bytes(struct pkt *p, const void *bytes, uint32_t len);
void put_random(struct pkt *p, struct rng *r, uint32_t len);
/* Ethernet padding up to frame_len bytes: ends the IP datagram first. */
void pkt_pad(struct pkt *p, uint32_t frame_len, uint8_t fill);
/* Drop the last n bytes before lengths are fixed up (headers will agree). */
void pkt_trim(struct pkt *p, uint32_t n);
/* Override the IPv4 total length / IPv6 payload length, or the UDP length. */
void pkt_set_ip_len(struct pkt *p, uint16_t v);
void pkt_set_udp_len(struct pkt *p, uint16_t v);
/*
 * Write the UDP checksum (of put_udp()) as 0: "none" over IPv4, over IPv6
 * udp6_zero_checksum (RFC 8200 8.1), which this credits.
 */
void pkt_udp_zero_checksum(struct pkt *p);
/*
 * Write a wrong L4 checksum (of the TCP, UDP, ICMP or ICMPv6 header just
 * put): credits its *_bad_checksum, which only --verify-l4-checksums counts.
 */
void pkt_spoil_l4_checksum(struct pkt *p);
/* Fix lengths and checksums; called by sample_emit() if not yet done. */
void pkt_finish(struct pkt *p);
/*
 * After pkt_finish(): capture only caplen bytes. snap: the pcap record keeps
 * the full wire length (a snaplen cut); otherwise the frame itself was short.
 */
void pkt_cut(struct pkt *p, uint32_t caplen, bool snap);

/* One output file and its expected counts. */
struct sample {
	const char *name;
	char path[512];
	pcap_t *pd;
	pcap_dumper_t *dumper;
	int nsec;		/* nanosecond timestamps */
	uint64_t ts_ns;		/* timestamp of the next packet */
	struct rng rng;
	struct decode_counts tally;
	uint64_t later_frag4, later_frag6;
	uint64_t snap_cut;	/* records with caplen < len */
	uint64_t padded;	/* frames with Ethernet padding after the datagram */
	char meta[8192];
	size_t meta_len;
};

int sample_open(struct sample *s, const char *dir, const char *name, int linktype, bool nsec);
/* Write the packet at s->ts_ns and add its credits to the tally. */
void sample_emit(struct sample *s, struct pkt *p);
/* Write a record as is (non-Ethernet link types); counts packets and bytes only. */
void sample_emit_raw(struct sample *s, const uint8_t *bytes, uint32_t len);
void meta_u64(struct sample *s, const char *key, uint64_t v);
void meta_str(struct sample *s, const char *key, const char *v);
/* v is already JSON (an array, a decimal like 67.2). */
void meta_json(struct sample *s, const char *key, const char *v);
/* Close the pcap and write NAME.expected.json. Returns 0 or -1. */
int sample_close(struct sample *s, const char *dir);

/* Addresses: host i has MAC 52:54:00:00:xx:yy and fixed IPv4/IPv6 addresses. */
void host_mac(unsigned int i, uint8_t mac[6]);
uint32_t host_ip4(unsigned int i);
void host_ip6(unsigned int i, uint8_t addr[16]);

/*
 * L2 encapsulation used by the recipes: 0, 1 or 2 VLAN tags.
 */
struct l2 {
	uint8_t tags;
	uint16_t tpid[2];
	uint16_t tci[2];
};
extern const struct l2 L2_PLAIN;
void put_l2(struct pkt *p, const struct l2 *l2, unsigned int src, unsigned int dst);

/* Common recipes (recipes.c). Host indices pick addresses. */
struct conn {
	const struct l2 *l2;
	bool v6;
	unsigned int src, dst;	/* host indices */
	uint16_t sport, dport;
};
struct conn conn_reverse(const struct conn *c);
/* Advance the sample clock by lo..hi microseconds. */
void tick_us(struct sample *s, uint32_t lo, uint32_t hi);
/* put_l2 and an IPv4 (DF, random id) or IPv6 header for the connection. */
void put_ip(struct pkt *p, struct sample *s, const struct conn *c);
/* Pad to 60 bytes (zeros) and emit. */
void emit60(struct sample *s, struct pkt *p);
void mk_tcp(struct sample *s, const struct conn *c, uint8_t flags, uint32_t seq, uint32_t ack,
	const uint8_t *opts, uint8_t opt_len, uint32_t payload);
void mk_udp(struct sample *s, const struct conn *c, uint32_t payload);
void mk_dns(struct sample *s, const struct conn *c, uint16_t id, const char *name, bool resp);
/* ICMP or ICMPv6 echo request/reply. */
void mk_ping(struct sample *s, const struct conn *c, bool reply, uint16_t id, uint16_t seq,
	uint32_t payload);
void mk_arp(struct sample *s, const struct l2 *l2, unsigned int src, unsigned int dst, bool reply);
/* SYN, SYN-ACK, ACK, segments data segments each acknowledged, FIN exchange. */
void mk_tcp_session(struct sample *s, const struct conn *c, unsigned int segments);
/* An 802.3 frame carrying an STP configuration BPDU (other_l3). */
void mk_stp(struct sample *s, const struct l2 *l2, unsigned int src);
/*
 * A frame with c->l2's two tags followed by a third tag (tpid3) and an IPv4
 * UDP packet: other_l3 by the rules, though tools that follow every tag see
 * the UDP packet.
 */
void mk_third_tag(struct sample *s, const struct conn *c, uint16_t tpid3, uint32_t payload);
/*
 * The L4 bytes (header and payload) of a whole datagram of connection c:
 * lengths and checksums right. Returns the length written to out.
 */
uint32_t l4_datagram(struct sample *s, const struct conn *c, uint8_t proto, uint32_t payload,
	uint8_t *out);
/*
 * Emit an IPv4 datagram (c over IPv4) as fragments of frag bytes of payload
 * (a multiple of 8), the same options in each, in order or last first.
 * bad_cksum: the fragment with this index gets a wrong header checksum (-1 none).
 * Returns the number of fragments.
 */
unsigned int mk_frag4(struct sample *s, const struct conn *c, uint8_t proto,
	const uint8_t *l4, uint32_t len, uint32_t frag, const uint8_t *opts, uint8_t opt_len,
	bool last_first, int bad_cksum);
/* Same for IPv6; hbh: a hop-by-hop header before the fragment header. */
unsigned int mk_frag6(struct sample *s, const struct conn *c, uint8_t proto,
	const uint8_t *l4, uint32_t len, uint32_t frag, bool hbh);
uint32_t crc32c(const uint8_t *buf, uint32_t len);
void ip4_basic(struct ip4 *ip, unsigned int src, unsigned int dst, uint16_t id);
void ip6_basic(struct ip6 *ip, unsigned int src, unsigned int dst);
extern const uint8_t TCP_OPT_TS[12];	/* NOP NOP timestamps */
extern const uint8_t TCP_OPT_SYN[20];	/* MSS SACK-permitted TS NOP WS */
/* Valid DNS query (response if resp) for a name; returns bytes written. */
uint32_t dns_message(uint8_t *buf, uint16_t id, const char *name, bool resp, uint32_t addr);

/*
 * The first malformed reason a capture can hold: mbuf_chain_short (an mbuf
 * chain holding fewer bytes than its pkt_len) is a PMD's or an
 * application's bug, never a frame's, and comes first in decode.h.
 */
#define MAL_FIRST_IN_CAPTURE (DECODE_MAL_mbuf_chain_short + 1)
_Static_assert(DECODE_MAL_mbuf_chain_short == DECODE_OK + 1,
	"mbuf_chain_short is no longer the first malformed reason");

/*
 * Malformed recipes (samples_malformed.c): variant v (any number, taken
 * modulo the variants there are) of a packet malformed for reason r.
 */
unsigned int mal_variants(enum decode_result r);
void mk_malformed(struct sample *s, enum decode_result r, unsigned int v);

/* The samples. Each returns 0 or -1. */
int gen_basic(const char *dir);
int gen_vlan(const char *dir);
int gen_ipv4_options_frags(const char *dir);
int gen_ipv6_ext(const char *dir);
int gen_malformed(const char *dir);
int gen_min_padded(const char *dir);
int gen_jumbo(const char *dir);
int gen_l4_checksums(const char *dir);
int gen_mix(const char *dir);
int gen_burst(const char *dir);
int gen_steady(const char *dir);
int gen_cooked(const char *dir);
int gen_empty(const char *dir);

/* A generator bug, not a user error: say what and stop. */
void gen_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif /* GEN_SAMPLES_H */
