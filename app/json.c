/* SPDX-License-Identifier: BSD-3-Clause */
/* The streaming JSON writer. */
#include <math.h>
#include <stdlib.h>

#include "json.h"

void
json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->need_comma[0] = false;
}

/*
 * The UTF-8 sequence at s, per Unicode's Table 3-7 (RFC 3629): its length,
 * with *valid true if it is well-formed. Where it is not, the length of its
 * maximal subpart (Unicode 15, section 3.9, "U+FFFD Substitution of Maximal
 * Subparts", as WHATWG and Python's errors="replace" do): the lead byte and
 * the continuation bytes that could still have completed it, at least one
 * byte, so that the caller writes one U+FFFD for it and carries on at the
 * first byte that did not fit. The second byte's narrower ranges after E0,
 * ED, F0 and F4 rule out overlong forms, the surrogates U+D800..DFFF and
 * code points above U+10FFFF. The terminating NUL is never a continuation
 * byte, so a sequence cut off by the end of the string stops there.
 */
static size_t
json_utf8_seq(const unsigned char *s, bool *valid)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t need, i;

	*valid = s[0] < 0x80;
	if (s[0] < 0xc2 || s[0] > 0xf4)	/* ASCII, or never a lead byte */
		return 1;
	need = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (s[0] == 0xe0)
		lo = 0xa0;		/* below: overlong, fits in 2 bytes */
	else if (s[0] == 0xed)
		hi = 0x9f;		/* above: a surrogate */
	else if (s[0] == 0xf0)
		lo = 0x90;		/* below: overlong, fits in 3 bytes */
	else if (s[0] == 0xf4)
		hi = 0x8f;		/* above: beyond U+10FFFF */
	for (i = 1; i < need; i++) {
		if (s[i] < lo || s[i] > hi)
			return i;
		lo = 0x80;
		hi = 0xbf;
	}
	*valid = true;
	return need;
}

/*
 * RFC 8259 wants UTF-8, and a file name is any bytes: a byte that is not
 * part of well-formed UTF-8 becomes U+FFFD, written as the escape so that a
 * substitution stands out in the file. DEL (0x7f) and the C1 controls go
 * through as they are: RFC 8259 asks for escapes only below 0x20, and a
 * parser reads "\u007f" back as the same character, so escaping them would
 * change no value a reader gets.
 */
static void
json_escaped(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', f);
	while (*s != '\0') {
		bool valid;
		size_t n = json_utf8_seq(s, &valid);

		if (!valid)
			fputs("\\ufffd", f);
		else if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if (*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fwrite(s, 1, n, f);
		s += n;
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

/*
 * v in the fewest of 15, 16 or 17 significant digits that strtod reads back
 * as v itself: 17 always do (binary64), and 15 keep a value typed in decimal
 * short (0.1, not 0.10000000000000001). JSON has no NaN or infinity: null.
 */
void
json_double(struct json *j, const char *key, double v)
{
	char buf[32];	/* "-d.<16 digits>e-308": 24 and the NUL */

	json_lead(j, key);
	if (!isfinite(v)) {
		fputs("null", j->f);
		return;
	}
	for (int digits = 15; digits <= 17; digits++) {
		snprintf(buf, sizeof(buf), "%.*g", digits, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	fputs(buf, j->f);
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

void
json_null(struct json *j, const char *key)
{
	json_lead(j, key);
	fputs("null", j->f);
}
