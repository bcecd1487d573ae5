/* SPDX-License-Identifier: BSD-3-Clause */
/* The streaming JSON writer. */
#include <math.h>

#include "json.h"

void
json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->need_comma[0] = false;
}

static void
json_escaped(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Comma and newline before an element, then its key. */
static void
json_lead(struct json *j, const char *key)
{
	if (j->need_comma[j->depth])
		fputc(',', j->f);
	if (j->depth > 0)
		fprintf(j->f, "\n%*s", 2 * j->depth, "");
	j->need_comma[j->depth] = true;
	if (key != NULL) {
		json_escaped(j->f, key);
		fputs(": ", j->f);
	}
}

static void
json_open(struct json *j, const char *key, char c)
{
	json_lead(j, key);
	fputc(c, j->f);
	if (j->depth + 1 < JSON_DEPTH_MAX)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void
json_close(struct json *j, char c)
{
	bool had = j->need_comma[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (had)
		fprintf(j->f, "\n%*s", 2 * j->depth, "");
	fputc(c, j->f);
	if (j->depth == 0)
		fputc('\n', j->f);
}

void
json_begin_object(struct json *j, const char *key)
{
	json_open(j, key, '{');
}

void
json_end_object(struct json *j)
{
	json_close(j, '}');
}

void
json_begin_array(struct json *j, const char *key)
{
	json_open(j, key, '[');
}

void
json_end_array(struct json *j)
{
	json_close(j, ']');
}

void
json_u64(struct json *j, const char *key, uint64_t v)
{
	json_lead(j, key);
	fprintf(j->f, "%llu", (unsigned long long)v);
}

void
json_double(struct json *j, const char *key, double v)
{
	json_lead(j, key);
	if (isfinite(v))
		fprintf(j->f, "%.6g", v);
	else
		fputs("null", j->f);
}

void
json_string(struct json *j, const char *key, const char *v)
{
	json_lead(j, key);
	json_escaped(j->f, v);
}

void
json_bool(struct json *j, const char *key, bool v)
{
	json_lead(j, key);
	fputs(v ? "true" : "false", j->f);
}
