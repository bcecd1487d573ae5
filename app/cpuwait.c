/* SPDX-License-Identifier: BSD-3-Clause */
/* Reading a thread's scheduler accounting from /proc (cpuwait.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpuwait.h"

/* One unsigned decimal number at *p, spaces and tabs before it skipped;
 * *p moves past it. -1 if there is none or it overflows. */
static int
read_u64(const char **p, uint64_t *v)
{
	const char *s = *p;
	char *end;
	unsigned long long x;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s < '0' || *s > '9')
		return -1;	/* strtoull would take a sign */
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	*v = x;
	*p = end;
	return 0;
}

int
cpuwait_parse_schedstat(const char *text, uint64_t *run_delay_ns)
{
	uint64_t on_cpu, delay, slices;
	const char *p = text;

	if (read_u64(&p, &on_cpu) != 0 || read_u64(&p, &delay) != 0 ||
	    read_u64(&p, &slices) != 0)
		return -1;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\n' && *p != '\0')
		return -1;
	*run_delay_ns = delay;
	return 0;
}

int
cpuwait_parse_status(const char *text, uint64_t *nonvoluntary)
{
	static const char key[] = "nonvoluntary_ctxt_switches:";
	const char *line = text;

	/* At the start of a line only: "voluntary_ctxt_switches:" is its tail. */
	while (line != NULL && *line != '\0') {
		if (strncmp(line, key, sizeof(key) - 1) == 0) {
			const char *p = line + sizeof(key) - 1;
			uint64_t n;

			if (read_u64(&p, &n) != 0 || (*p != '\n' && *p != '\0'))
				return -1;
			*nonvoluntary = n;
			return 0;
		}
		line = strchr(line, '\n');
		if (line != NULL)
			line++;
	}
	return -1;
}

/* The file dir/name into buf, NUL-terminated. -1 if it cannot be read. */
static int
read_text(const char *dir, const char *name, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	size_t got = 0;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* procfs hands a small file out whole, but a read may stop short. */
	while (got < len - 1 && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	buf[got] = '\0';
	return got > 0 ? 0 : -1;
}

void
cpuwait_read(const char *dir, struct cpuwait_sample *s)
{
	char buf[4096];	/* status is about 1.5 KB */

	memset(s, 0, sizeof(*s));
	s->has_run_delay = read_text(dir, "schedstat", buf, sizeof(buf)) == 0 &&
			   cpuwait_parse_schedstat(buf, &s->run_delay_ns) == 0;
	s->has_nonvoluntary = read_text(dir, "status", buf, sizeof(buf)) == 0 &&
			      cpuwait_parse_status(buf, &s->nonvoluntary) == 0;
}

void
cpuwait_since(const struct cpuwait_sample *start, const struct cpuwait_sample *end,
	      struct bp_cpu_wait *out)
{
	memset(out, 0, sizeof(*out));
	/* Both counters only grow; a pair that does not is not the same
	 * thread's, and says nothing. */
	if (start->has_run_delay && end->has_run_delay &&
	    end->run_delay_ns >= start->run_delay_ns)
		out->wait_ns = end->run_delay_ns - start->run_delay_ns;
	else
		out->wait_unknown = true;
	if (start->has_nonvoluntary && end->has_nonvoluntary &&
	    end->nonvoluntary >= start->nonvoluntary)
		out->preemptions = end->nonvoluntary - start->nonvoluntary;
	else
		out->preemptions_unknown = true;
}

bool
cpuwait_untrusted(const struct bp_cpu_wait *w)
{
	if (w->wait_unknown || w->wait_ns <= CPUWAIT_WARN_NS)
		return false;
	/* At least one stall of CPUWAIT_WARN_NS: their mean is that long
	 * (an unknown or zero count, one stall of it all). */
	return w->preemptions_unknown || w->wait_ns / CPUWAIT_WARN_NS >= w->preemptions;
}
