/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny JSON emitter: enough for `kiscsi show -j`. Values are written
 * as they come; the emitter tracks nesting only to place commas. Strings
 * are escaped per RFC 8259, and bytes that are not valid UTF-8 become
 * U+FFFD, so the output is always valid JSON.
 */
#ifndef KISCSI_JSON_H
#define KISCSI_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	int depth;
	bool comma[JSON_MAX_DEPTH];	/* a value was written at this level */
};

void json_init(struct json *j, FILE *f);
/* KEY is NULL inside arrays and at the top level. */
void json_obj_begin(struct json *j, const char *key);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j, const char *key);
void json_arr_end(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
void json_u64(struct json *j, const char *key, uint64_t val);
void json_bool(struct json *j, const char *key, bool val);
/* Finish the document with a newline. */
void json_end(struct json *j);

/* Write S as a quoted, escaped JSON string. */
void json_write_string(FILE *f, const char *s);

#endif /* KISCSI_JSON_H */
