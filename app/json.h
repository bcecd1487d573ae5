/* SPDX-License-Identifier: BSD-3-Clause */
/* A small streaming JSON writer: keys, numbers, strings, nesting, commas. */
#ifndef BURSTPIPE_JSON_H
#define BURSTPIPE_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_DEPTH_MAX 16

struct json {
	FILE *f;
	int depth;
	bool need_comma[JSON_DEPTH_MAX];
};

void json_init(struct json *j, FILE *f);
/* key may be NULL inside arrays. Keys and string values are any bytes:
 * what is not well-formed UTF-8 is written as U+FFFD (see json.c). */
void json_begin_object(struct json *j, const char *key);
void json_end_object(struct json *j);
void json_begin_array(struct json *j, const char *key);
void json_end_array(struct json *j);
void json_u64(struct json *j, const char *key, uint64_t v);
/* v in 15, 16 or 17 significant digits, the fewest that read back as v
 * exactly (0.1 stays 0.1); NaN and the infinities, which JSON lacks, as null. */
void json_double(struct json *j, const char *key, double v);
void json_string(struct json *j, const char *key, const char *v);
void json_bool(struct json *j, const char *key, bool v);
/* A figure the machine could not give: null, not a 0 that reads as one. */
void json_null(struct json *j, const char *key);

#endif /* BURSTPIPE_JSON_H */
