/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A run: the pipelines, the port and pool that feed them, the captures they
 * replay, and what came out. main.c sets it up, run_pipelines() runs it once
 * per ring size, report.c prints it.
 */
#ifndef BURSTPIPE_RUN_H
#define BURSTPIPE_RUN_H

#include <stdatomic.h>
#include <stdio.h>

#include <rte_mempool.h>

#include "capture.h"
#include "config.h"
#include "pipeline.h"
#include "port.h"
#include "sizing.h"

struct run {
	const struct bp_config *cfg;
	struct run_ctl ctl;
	struct pipeline *pipes;		/* n_pipes, in DPDK memory */
	unsigned int n_pipes;
	struct port_source src;
	bool own_port;			/* created by --pcap */
	struct capture_info cap[BP_PIPELINES_MAX];	/* per queue, for replays */
	bool replay;			/* every queue replays a finite capture */
	struct rte_mempool *pool;
	bool port_started;		/* port_start() and every restart succeeded */
	uint64_t rx_l4_offloads;	/* RTE_ETH_RX_OFFLOAD_TCP/UDP_CKSUM asked for */
	unsigned int pool_size;
	const char *pool_ops;		/* its mempool ops (the ring under it) */
	const char *pool_ops_why;	/* who chose them */
	unsigned int segs;		/* mbufs per packet at most */
	unsigned int capacity;		/* ring size of the current pass */
	bool main_runs_rx;		/* 2N-1 workers: main polls pipeline 0 */
	bool lcores_share_cpu;		/* two of the lcores may run on one CPU */
	FILE *timeline;
	bool timeline_hold;		/* rows written at the end (timeline_due) */
	FILE *stats_json;		/* --stats-json, opened at setup */

	/* What the last pass left. */
	struct bp_port_stats port_base;	/* see port_stats_begin() */
	struct bp_port_stats port_stats;
	double elapsed_s;
	unsigned int ring_leftover;	/* mbufs found in rings at teardown */
	unsigned int mbufs_in_use;	/* pool objects not back at exit */
	bool leak_checked;

	/* --ring-sizes: one row per size. */
	struct sizing_row sweep[BP_RING_SIZES_MAX];
	unsigned int n_sweep;
};

/* Run every pipeline once with rings of the given capacity. Returns 0, or
 * -1 with err set if the rings could not be made or an lcore launched; the
 * figures of the last pass are then as it left them. */
int run_pipelines(struct run *r, unsigned int capacity, char *err, size_t errlen);

/* Sum of every pipeline's RX / parser statistics, for totals. */
void run_total_rx(const struct run *r, struct bp_rx_stats *out);
void run_total_parser(const struct run *r, struct bp_parser_stats *out);

/* Add one pipeline's RX / parser statistics to out. The counters that add
 * up (received = enqueued + dropped + held at stop + held) are read in the
 * order RX writes them (bp_rx_count), so a copy taken while the lcores run
 * adds up too: a live view reads a pipeline through these, never field by
 * field. */
void run_add_rx(struct bp_rx_stats *out, const struct bp_rx_stats *s);
void run_add_parser(struct bp_parser_stats *out, const struct bp_parser_stats *s);

#endif /* BURSTPIPE_RUN_H */
