/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What burstpipe learns about a capture file with libpcap before replaying
 * it: that it is Ethernet, how many packets the pcap PMD will deliver (the
 * 22.11 PMD never signals end of file, so this count is how a replay knows
 * it is complete), and every packet's capture time in nanoseconds for the
 * ring-size prediction.
 */
#ifndef BURSTPIPE_CAPTURE_H
#define BURSTPIPE_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct capture_info {
	const char *path;
	uint64_t packets;	/* complete records */
	uint64_t bytes;		/* sum of captured lengths */
	uint32_t max_caplen;	/* longest packet: how many mbufs a chain may take */
	uint64_t *ts_ns;	/* capture time of each packet, ns (NULL unless kept) */
	uint64_t first_ns;
	uint64_t last_ns;
	bool cut_short;		/* reading stopped at a cut-off or corrupt record */
	char cut_short_msg[160];
};

/*
 * Open path with libpcap, check the link type is Ethernet and count its
 * packets (keeping their timestamps if keep_ts). Returns 0, or -1 with one
 * line in err (missing or unreadable file, not a capture, not Ethernet).
 */
int capture_inspect(const char *path, bool keep_ts, struct capture_info *info,
		    char *err, size_t errlen);

void capture_release(struct capture_info *info);

#endif /* BURSTPIPE_CAPTURE_H */
