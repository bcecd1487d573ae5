/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A PMD that raises the RX descriptor count, for the hardening case
 * rx_desc_raised_by_the_pmd. The pcap PMD has no RX descriptor limits, so
 * this stands in for DPDK's rte_eth_dev_adjust_nb_rx_tx_desc, preloaded into
 * burstpipe: after the real adjustment it raises the RX count to
 * BP_RX_DESC_MIN, as a PMD whose rx_desc_lim.nb_min is that would; and, on
 * a port rte_eth_dev_configure has configured (it stands in for that call
 * too, to know which), to BP_RX_DESC_MIN_CONFIGURED if that is set, as a
 * PMD whose limits change with its configuration would. It says on stderr
 * what it raised, so a test knows the interposition took place.
 */
#include "shim.h"

#include <stdbool.h>

#include <rte_ethdev.h>

typedef int adjust_fn(uint16_t port_id, uint16_t *nb_rx_desc, uint16_t *nb_tx_desc);
typedef int configure_fn(uint16_t port_id, uint16_t nb_rx_q, uint16_t nb_tx_q,
			 const struct rte_eth_conf *conf);

/* Ports rte_eth_dev_configure has configured. */
static bool configured[RTE_MAX_ETHPORTS];

/* The minimum an environment variable asks for, 0 if none. */
static uint16_t
min_from(const char *name)
{
	const char *v = getenv(name);

	return v != NULL ? (uint16_t)strtoul(v, NULL, 10) : 0;
}

int
rte_eth_dev_configure(uint16_t port_id, uint16_t nb_rx_q, uint16_t nb_tx_q,
		      const struct rte_eth_conf *conf)
{
	static configure_fn *real;
	int rc;

	if (real == NULL)
		real = (configure_fn *)shim_real("raise_rx_desc", "rte_eth_dev_configure");
	rc = real(port_id, nb_rx_q, nb_tx_q, conf);
	if (rc == 0 && port_id < RTE_MAX_ETHPORTS)
		configured[port_id] = true;
	return rc;
}

int
rte_eth_dev_adjust_nb_rx_tx_desc(uint16_t port_id, uint16_t *nb_rx_desc, uint16_t *nb_tx_desc)
{
	static adjust_fn *real;
	uint16_t min = min_from("BP_RX_DESC_MIN");
	int rc;

	if (real == NULL)
		real = (adjust_fn *)shim_real("raise_rx_desc", "rte_eth_dev_adjust_nb_rx_tx_desc");
	rc = real(port_id, nb_rx_desc, nb_tx_desc);
	if (rc != 0 || nb_rx_desc == NULL)
		return rc;
	if (port_id < RTE_MAX_ETHPORTS && configured[port_id] &&
	    min_from("BP_RX_DESC_MIN_CONFIGURED") != 0)
		min = min_from("BP_RX_DESC_MIN_CONFIGURED");
	if (*nb_rx_desc < min) {
		fprintf(stderr, "raise_rx_desc: port %u: %u RX descriptors raised to %u\n",
			port_id, *nb_rx_desc, min);
		*nb_rx_desc = min;
	}
	return rc;
}
