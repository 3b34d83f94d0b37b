/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rendering sessions for `kiscsi show`: for people, and as JSON.
 * Pure functions of struct ksession, so the unit tests run them.
 */
#ifndef KISCSI_RENDER_H
#define KISCSI_RENDER_H

#include <stdio.h>

#include "json.h"
#include "model.h"

void render_human(FILE *f, const struct ksession *s);
/* One JSON object, an element of the array the caller opened. */
void render_json(struct json *j, const struct ksession *s);

/* "10.0.1.1:3260", "[fd00::1]:3260"; "-" when no address. */
void render_addr(const struct kaddr *a, char *buf, size_t len);

#endif /* KISCSI_RENDER_H */
