/* SPDX-License-Identifier: BSD-3-Clause */
/* Ports and the mbuf pool: finding, creating, configuring, reading counters. */
#ifndef BURSTPIPE_PORT_H
#define BURSTPIPE_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_mempool.h>

#include "config.h"
#include "stats.h"

/* RX descriptors asked for per queue (the PMD's rx_desc_lim may adjust it:
 * port_describe() says to what). */
#define BP_RX_DESC 1024
/* TX descriptors per queue: burstpipe never transmits, but some PMDs (tap)
 * refuse a port with RX queues and no TX queues. */
#define BP_TX_DESC 64
/* Per-lcore mempool cache. */
#define BP_POOL_CACHE 256
/* The pool's mempool ops when lcores share a CPU (see setup.c). */
#define BP_POOL_OPS_SHARED "ring_mt_rts"

/* What feeds a port: capture files (one per queue) if it is a pcap vdev. */
struct port_source {
	uint16_t port;
	char driver[32];
	unsigned int n_queues_max;
	const char *pcap[BP_PCAP_MAX];	/* rx_pcap= files in queue order, or NULL */
	unsigned int n_pcap;
	bool infinite_rx;		/* infinite_rx=1: preloaded, never ends */
	int socket;
	uint16_t rx_desc;		/* RX descriptors per queue: BP_RX_DESC as the
					 * PMD adjusts it; the pool is sized for it */
};

/*
 * Check that every --vdev of the EAL command line became a port: EAL logs a
 * vdev whose driver failed (a missing rx_pcap file...) and carries on.
 */
int port_check_vdevs(char *err, size_t errlen);

/* Create the pcap vdev for --pcap FILE... (one rx_pcap per file). */
int port_create_pcap(const struct bp_config *cfg, uint16_t *port, char *err, size_t errlen);

/*
 * Describe port: driver, queues, the RX descriptors per queue it will get,
 * and for a pcap vdev its files (copies, freed by port_source_release(),
 * once nothing refers to them). Needs no configured port: the descriptor
 * count comes from the PMD's rx_desc_lim alone, so the pool can be sized
 * for it before port_start().
 */
int port_describe(uint16_t port, struct port_source *src, char *err, size_t errlen);
void port_source_release(struct port_source *src);

/*
 * Configure n_queues RX queues of rx_desc descriptors each (RSS over
 * IP/TCP/UDP when more than one), no TX queues, and start the port.
 * rx_desc is port_describe()'s count, the one pool was sized for: if the
 * configured port would adjust it to anything else, no queue is set up and
 * -1 returns with both counts in err. l4_cksum (--verify-l4-checksums):
 * ask for the RX TCP and UDP checksum offloads the port has; *rx_offloads
 * says which were asked for (0: none, every checksum in software).
 */
int port_start(uint16_t port, unsigned int n_queues, uint16_t rx_desc,
	       struct rte_mempool *pool, bool l4_cksum, uint64_t *rx_offloads,
	       char *err, size_t errlen);

/* Stop (if started) and close the port: the PMD gives back every mbuf it
 * holds. */
void port_close(uint16_t port, bool started);

/*
 * Start a pass's count of the port's own counters: reset them, or, for a PMD
 * that cannot, note in *base where they stand (zero after a reset).
 */
void port_stats_begin(uint16_t port, struct bp_port_stats *base);

/* The port's own counters since port_stats_begin() left *base. */
void port_read_stats(uint16_t port, const struct bp_port_stats *base,
		     struct bp_port_stats *out);

/*
 * mbufs a pool needs so that RX never starves: per pipeline its rx_desc RX
 * descriptors (port_source.rx_desc), a full ring, one burst in the RX
 * lcore's hands and one in the parser's, each packet taking up to segs
 * mbufs; plus every lcore's cache (which may hold up to 1.5 times its size)
 * and packets a preloading PMD keeps for itself.
 */
unsigned int port_pool_size(unsigned int pipelines, unsigned int rx_desc,
			    unsigned int ring_capacity, unsigned int burst, unsigned int segs,
			    unsigned int lcores, uint64_t preloaded);

#endif /* BURSTPIPE_PORT_H */
