/* SPDX-License-Identifier: BSD-3-Clause */
/* Ports and the mbuf pool. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_dev.h>
#include <rte_devargs.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_kvargs.h>

#include "port.h"

#define PCAP_VDEV_NAME "net_pcap_burstpipe"

int
port_check_vdevs(char *err, size_t errlen)
{
	struct rte_devargs *da;
	uint16_t port;

	RTE_EAL_DEVARGS_FOREACH("vdev", da) {
		if (rte_eth_dev_get_port_by_name(da->name, &port) != 0) {
			snprintf(err, errlen, "--vdev %s: the device did not start as a port (see "
				 "its driver's message above)", da->name);
			return -1;
		}
	}
	return 0;
}

int
port_create_pcap(const struct bp_config *cfg, uint16_t *port, char *err, size_t errlen)
{
	char args[4096];
	size_t len;
	int rc;

	/* The same string a user would pass to --vdev. */
	len = (size_t)snprintf(args, sizeof(args), "%s", PCAP_VDEV_NAME);

	for (unsigned int i = 0; i < cfg->n_pcap; i++) {
		/* devargs are comma-separated key=value: a comma in a file
		 * name would end it, an '=' cut it (rte_kvargs splits there). */
		const char *bad = strpbrk(cfg->pcap[i], ",=");

		if (bad != NULL) {
			snprintf(err, errlen, "--pcap %s: a file name with a '%c' cannot be "
				 "given to the pcap PMD; rename or link it", cfg->pcap[i], *bad);
			return -1;
		}
		rc = snprintf(args + len, sizeof(args) - len, ",rx_pcap=%s", cfg->pcap[i]);
		if (rc < 0 || (size_t)rc >= sizeof(args) - len) {
			snprintf(err, errlen, "--pcap: file names too long");
			return -1;
		}
		len += (size_t)rc;
	}
	rc = rte_dev_probe(args);
	if (rc != 0) {
		/* A driver's probe may fail with a bare -1, which is no errno
		 * (rte_strerror would say "Operation not permitted"). */
		snprintf(err, errlen, "cannot create pcap port for %s: %s", cfg->pcap[0],
			 rc < -1 ? rte_strerror(-rc) : "the pcap PMD refused it (see its message above)");
		return -1;
	}
	if (rte_eth_dev_get_port_by_name(PCAP_VDEV_NAME, port) != 0) {
		snprintf(err, errlen, "pcap port %s not found after creation", PCAP_VDEV_NAME);
		return -1;
	}
	return 0;
}

/* rte_kvargs_process callback: collect rx_pcap values in order. */
static int
collect_pcap(const char *key, const char *value, void *opaque)
{
	struct port_source *src = opaque;

	(void)key;
	if (src->n_pcap == BP_PCAP_MAX)
		return 0;	/* never: port_describe() refuses more */
	src->pcap[src->n_pcap] = strdup(value);
	if (src->pcap[src->n_pcap] == NULL)
		return -1;
	src->n_pcap++;
	return 0;
}

static int
note_infinite(const char *key, const char *value, void *opaque)
{
	(void)key;
	*(bool *)opaque = strcmp(value, "1") == 0;
	return 0;
}

int
port_describe(uint16_t port, struct port_source *src, char *err, size_t errlen)
{
	struct rte_eth_dev_info info;
	const struct rte_devargs *da;
	int rc;

	memset(src, 0, sizeof(*src));
	src->port = port;
	rc = rte_eth_dev_info_get(port, &info);
	if (rc != 0) {
		snprintf(err, errlen, "port %u: cannot get device info: %s", port, rte_strerror(-rc));
		return -1;
	}
	snprintf(src->driver, sizeof(src->driver), "%s", info.driver_name);
	src->n_queues_max = info.max_rx_queues;
	src->socket = rte_eth_dev_socket_id(port);
	if (src->socket < 0)
		src->socket = (int)rte_socket_id();
	/* The adjustment reads nothing but the PMD's rx_desc_lim, which an
	 * unconfigured port reports too: the pool can be sized for the count
	 * the queues will get (a PMD may raise it to its minimum, or round it
	 * up to its alignment). */
	src->rx_desc = BP_RX_DESC;
	rc = rte_eth_dev_adjust_nb_rx_tx_desc(port, &src->rx_desc, NULL);
	if (rc != 0) {
		snprintf(err, errlen, "port %u (%s): cannot adjust its RX descriptor count: %s",
			 port, info.driver_name, rte_strerror(-rc));
		return -1;
	}
	if (strcmp(info.driver_name, "net_pcap") != 0)
		return 0;
	/* A pcap vdev: its rx_pcap files are what the replay will deliver. */
	da = rte_dev_devargs(info.device);
	if (da != NULL && da->args != NULL) {
		static const char *const keys[] = {"rx_pcap", "infinite_rx", "tx_pcap", "rx_iface",
						   "rx_iface_in", "tx_iface", "iface", "phy_mac",
						   NULL};
		struct rte_kvargs *kv = rte_kvargs_parse(da->args, keys);

		if (kv != NULL) {
			unsigned int n = rte_kvargs_count(kv, "rx_pcap");

			/* One pipeline each: a file past the last would never
			 * be replayed, and the run would not say so. */
			if (n > BP_PCAP_MAX) {
				rte_kvargs_free(kv);
				snprintf(err, errlen, "port %u replays %u capture files (one per "
					 "queue): burstpipe runs at most %u pipelines", port, n,
					 BP_PIPELINES_MAX);
				return -1;
			}
			rc = rte_kvargs_process(kv, "rx_pcap", collect_pcap, src);
			rte_kvargs_process(kv, "infinite_rx", note_infinite, &src->infinite_rx);
			rte_kvargs_free(kv);
			if (rc != 0) {
				snprintf(err, errlen, "port %u: no memory to note its rx_pcap files",
					 port);
				return -1;
			}
		}
	}
	return 0;
}

void
port_source_release(struct port_source *src)
{
	for (unsigned int i = 0; i < src->n_pcap; i++)
		free((void *)src->pcap[i]);
	src->n_pcap = 0;
}

int
port_start(uint16_t port, unsigned int n_queues, uint16_t rx_desc, struct rte_mempool *pool,
	   bool l4_cksum, uint64_t *rx_offloads, char *err, size_t errlen)
{
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	uint16_t nb_rxd = rx_desc, nb_txd = BP_TX_DESC, n_tx;
	unsigned int sock;
	int rc, socket = rte_eth_dev_socket_id(port);
	const char *step;

	memset(&conf, 0, sizeof(conf));
	memset(&info, 0, sizeof(info));
	sock = socket < 0 ? (unsigned int)SOCKET_ID_ANY : (unsigned int)socket;
	step = "rte_eth_dev_info_get";
	rc = rte_eth_dev_info_get(port, &info);
	if (rc != 0)
		goto fail;
	if (n_queues > info.max_rx_queues) {
		snprintf(err, errlen, "port %u (%s) has %u RX queues, %u pipelines need %u",
			 port, info.driver_name, info.max_rx_queues, n_queues, n_queues);
		return -1;
	}
	if (n_queues > 1) {
		/* Spread flows over the queues; a flow stays on one queue, so
		 * its packets stay in order through one ring. */
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = (RTE_ETH_RSS_IP | RTE_ETH_RSS_TCP |
						    RTE_ETH_RSS_UDP) & info.flow_type_rss_offloads;
		if (conf.rx_adv_conf.rss_conf.rss_hf == 0)
			conf.rxmode.mq_mode = RTE_ETH_MQ_RX_NONE;
	}
	/*
	 * The NIC's verdict saves the decoder the sum over the payload (see
	 * decode_packet_verify_l4()). Software PMDs (pcap, null, tap) offer
	 * neither, and leave every mbuf's verdict UNKNOWN.
	 */
	if (l4_cksum)
		conf.rxmode.offloads = (RTE_ETH_RX_OFFLOAD_TCP_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM) &
				       info.rx_offload_capa;
	*rx_offloads = conf.rxmode.offloads;
	/* As many TX queues as RX queues where the port has them (nothing is
	 * sent on them; some PMDs insist on the pairs). */
	n_tx = (uint16_t)RTE_MIN(n_queues, info.max_tx_queues);
	step = "rte_eth_dev_configure";
	rc = rte_eth_dev_configure(port, (uint16_t)n_queues, n_tx, &conf);
	if (rc != 0)
		goto fail;
	step = "rte_eth_dev_adjust_nb_rx_tx_desc";
	rc = rte_eth_dev_adjust_nb_rx_tx_desc(port, &nb_rxd, &nb_txd);
	if (rc != 0)
		goto fail;
	/* A configured port may report other limits. The pool holds rx_desc
	 * mbufs per queue for the descriptors: more would starve RX, and the
	 * queues are to be what the pool was sized for. */
	if (nb_rxd != rx_desc) {
		snprintf(err, errlen, "port %u (%s): configured, it takes %u RX descriptors per "
			 "queue, not the %u the mbuf pool was sized for (its count before "
			 "rte_eth_dev_configure)", port, info.driver_name, nb_rxd, rx_desc);
		return -1;
	}
	step = "rte_eth_rx_queue_setup";
	for (unsigned int q = 0; q < n_queues; q++) {
		rc = rte_eth_rx_queue_setup(port, (uint16_t)q, nb_rxd, sock, NULL, pool);
		if (rc != 0)
			goto fail;
	}
	step = "rte_eth_tx_queue_setup";
	for (uint16_t q = 0; q < n_tx; q++) {
		rc = rte_eth_tx_queue_setup(port, q, nb_txd, sock, NULL);
		if (rc != 0)
			goto fail;
	}
	step = "rte_eth_dev_start";
	rc = rte_eth_dev_start(port);
	if (rc != 0)
		goto fail;
	/* A NIC should see all traffic; a vdev may not support it. */
	(void)rte_eth_promiscuous_enable(port);
	return 0;
fail:
	snprintf(err, errlen, "port %u (%s): %s failed: %s", port,
		 info.driver_name != NULL ? info.driver_name : "?", step,
		 rte_strerror(rc < 0 ? -rc : rc));
	return -1;
}

void
port_close(uint16_t port, bool started)
{
	if (started)	/* a stopped port's stop logs an error */
		(void)rte_eth_dev_stop(port);
	(void)rte_eth_dev_close(port);
}

static void
read_raw(uint16_t port, struct bp_port_stats *out)
{
	struct rte_eth_stats es;

	memset(out, 0, sizeof(*out));
	if (rte_eth_stats_get(port, &es) != 0)
		return;
	out->ipackets = es.ipackets;
	out->imissed = es.imissed;
	out->ierrors = es.ierrors;
	out->rx_nombuf = es.rx_nombuf;
}

void
port_stats_begin(uint16_t port, struct bp_port_stats *base)
{
	/* A replay's later passes restart the port, which keeps its counts. */
	if (rte_eth_stats_reset(port) == 0)
		memset(base, 0, sizeof(*base));
	else
		read_raw(port, base);
}

void
port_read_stats(uint16_t port, const struct bp_port_stats *base, struct bp_port_stats *out)
{
	read_raw(port, out);
	out->ipackets -= base->ipackets;
	out->imissed -= base->imissed;
	out->ierrors -= base->ierrors;
	out->rx_nombuf -= base->rx_nombuf;
}

unsigned int
port_pool_size(unsigned int pipelines, unsigned int rx_desc, unsigned int ring_capacity,
	       unsigned int burst, unsigned int segs, unsigned int lcores, uint64_t preloaded)
{
	uint64_t per_pipeline = rx_desc + (uint64_t)(ring_capacity + 2 * burst) * segs;
	uint64_t caches = (uint64_t)lcores * BP_POOL_CACHE * 3 / 2;
	uint64_t n = pipelines * per_pipeline + caches + preloaded;

	return n > UINT32_MAX ? UINT32_MAX : (unsigned int)n;
}
