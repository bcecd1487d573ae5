/* SPDX-License-Identifier: BSD-3-Clause */
/* Inspect a capture file with libpcap: link type, packet count, timestamps. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <pcap/pcap.h>

#include "capture.h"

static int
keep_timestamp(struct capture_info *info, size_t *cap, uint64_t ns)
{
	if (info->packets == *cap) {
		size_t n = *cap ? *cap * 2 : 4096;
		uint64_t *p = realloc(info->ts_ns, n * sizeof(*p));

		if (p == NULL)
			return -1;
		info->ts_ns = p;
		*cap = n;
	}
	info->ts_ns[info->packets] = ns;
	return 0;
}

/* The message for a capture (or one interface of it) that is not Ethernet. */
static void
not_ethernet(const char *path, const char *which, int link, char *err, size_t errlen)
{
	const char *name = pcap_datalink_val_to_name(link);

	snprintf(err, errlen, "%s: %slink type %d (%s) is not Ethernet: burstpipe replays "
		 "DLT_EN10MB captures only", path, which, link, name ? name : "unknown");
}

int
capture_inspect(const char *path, bool keep_ts, struct capture_info *info,
		char *err, size_t errlen)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct pcap_pkthdr *hdr;
	const unsigned char *data;
	size_t cap = 0;
	pcap_t *p;
	struct stat st;
	FILE *f;
	int link, rc;

	memset(info, 0, sizeof(*info));
	info->path = path;
	/* Read twice, here to count and by the PMD to replay: a pipe or a
	 * FIFO would be used up by the count (and a FIFO open would wait for
	 * a writer that never comes back). stat, not fstat: before an open
	 * that could block. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: cannot replay: %s, not a regular file (burstpipe "
			 "reads a capture twice: to count it, then to replay it)", path,
			 S_ISDIR(st.st_mode) ? "a directory" : S_ISFIFO(st.st_mode) ?
			 "a pipe or FIFO" : "a device or socket");
		return -1;
	}
	/* Opened here, not by libpcap: its message for a file it cannot open
	 * starts with the path and is cut at PCAP_ERRBUF_SIZE, so a long path
	 * would push the reason out of it. */
	f = fopen(path, "rb");
	if (f == NULL) {
		snprintf(err, errlen, "%s: cannot read capture: %s", path, strerror(errno));
		return -1;
	}
	/* Nanosecond precision: libpcap scales microsecond files up. */
	p = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (p == NULL) {
		snprintf(err, errlen, "%s: cannot read capture: %s", path, errbuf);
		fclose(f);	/* pcap_close() would have, had it opened */
		return -1;
	}
	link = pcap_datalink(p);
	if (link != DLT_EN10MB) {
		not_ethernet(path, "", link, err, errlen);
		pcap_close(p);
		return -1;
	}
	while ((rc = pcap_next_ex(p, &hdr, &data)) == 1) {
		uint64_t ns = (uint64_t)hdr->ts.tv_sec * 1000000000u + (uint64_t)hdr->ts.tv_usec;

		if (keep_ts && keep_timestamp(info, &cap, ns) != 0) {
			snprintf(err, errlen, "%s: out of memory keeping timestamps", path);
			capture_release(info);
			pcap_close(p);
			return -1;
		}
		if (info->packets == 0)
			info->first_ns = ns;
		info->last_ns = ns;
		info->packets++;
		info->bytes += hdr->caplen;
		if (hdr->caplen > info->max_caplen)
			info->max_caplen = hdr->caplen;
	}
	/* A pcapng file whose interfaces differ: libpcap stops at the
	 * description block of the first that differs from the first one, and
	 * says so only in words ("an interface has a type 113 different from
	 * the type of the first interface", libpcap 1.10; older releases also
	 * refused another snapshot length). The type is a LINKTYPE_ value,
	 * named as the DLT_ it equals for all but a few. */
	if (rc == PCAP_ERROR && strncmp(pcap_geterr(p), "an interface has a ", 19) == 0) {
		if (sscanf(pcap_geterr(p), "an interface has a type %d different", &link) == 1)
			not_ethernet(path, "a later interface's ", link, err, errlen);
		else
			snprintf(err, errlen, "%s: cannot replay: %s (burstpipe replays pcapng "
				 "files whose interfaces all match the first)", path,
				 pcap_geterr(p));
		capture_release(info);
		pcap_close(p);
		return -1;
	}
	if (rc == PCAP_ERROR) {
		/* A record cut off at the end: the complete ones still count. */
		info->cut_short = true;
		snprintf(info->cut_short_msg, sizeof(info->cut_short_msg), "%s", pcap_geterr(p));
	}
	pcap_close(p);
	return 0;
}

void
capture_release(struct capture_info *info)
{
	free(info->ts_ns);
	info->ts_ns = NULL;
}
