// SPDX-License-Identifier: GPL-2.0
/*
 * Disks of a SCSI host, from sysfs (see sysfs.h).
 */
#include <glob.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sysfs.h"

static int by_lun(const void *a, const void *b)
{
	const struct kdisk *x = a, *y = b;

	if (x->lun != y->lun)
		return x->lun < y->lun ? -1 : 1;
	return strcmp(x->name, y->name);
}

unsigned int sysfs_disks(const char *root, struct ksession *s)
{
	char pattern[512];
	glob_t g;
	size_t i;

	s->ndisks = 0;
	if (!(s->has & KS_HAS_HOST_NO))
		return 0;
	snprintf(pattern, sizeof(pattern),
		 "%s/class/scsi_host/host%" PRIu32 "/device/target*/*/block/*",
		 root, s->host_no);
	if (glob(pattern, 0, NULL, &g))
		return 0;
	for (i = 0; i < g.gl_pathc && s->ndisks < KS_MAX_DISKS; i++) {
		struct kdisk *d = &s->disks[s->ndisks];
		char *path = g.gl_pathv[i], *name, *hctl, *lun;

		/* .../H:C:T:L/block/NAME */
		name = strrchr(path, '/');
		if (!name)
			continue;
		*name++ = '\0';
		hctl = strrchr(path, '/');	/* "/block" */
		if (!hctl)
			continue;
		*hctl = '\0';
		hctl = strrchr(path, '/');
		if (!hctl)
			continue;
		lun = strrchr(hctl, ':');
		if (!lun)
			continue;
		snprintf(d->name, sizeof(d->name), "%s", name);
		d->lun = strtoull(lun + 1, NULL, 10);
		s->ndisks++;
	}
	globfree(&g);
	qsort(s->disks, s->ndisks, sizeof(s->disks[0]), by_lun);
	return s->ndisks;
}

/* Number of devices of HOST_NO with a block type still lacking block/. */
static int disks_pending(const char *root, unsigned int host_no)
{
	char pattern[512], path[600], type[16];
	int pending = 0;
	glob_t g;
	size_t i;
	FILE *f;

	snprintf(pattern, sizeof(pattern),
		 "%s/class/scsi_host/host%u/device/target*/*:*:*:*", root,
		 host_no);
	if (glob(pattern, GLOB_ONLYDIR, NULL, &g))
		return 0;
	for (i = 0; i < g.gl_pathc; i++) {
		snprintf(path, sizeof(path), "%s/type", g.gl_pathv[i]);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (fgets(type, sizeof(type), f)) {
			switch (atoi(type)) {
			case 0:		/* TYPE_DISK */
			case 5:		/* TYPE_ROM */
			case 7:		/* TYPE_MOD */
			case 14:	/* TYPE_RBC */
				snprintf(path, sizeof(path), "%s/block",
					 g.gl_pathv[i]);
				pending += access(path, F_OK) != 0;
				break;
			}
		}
		fclose(f);
	}
	globfree(&g);
	return pending;
}

int sysfs_wait_disks(const char *root, unsigned int host_no,
		     unsigned int timeout_ms)
{
	const struct timespec step = { 0, 50 * 1000 * 1000 };
	unsigned int waited = 0;

	while (disks_pending(root, host_no)) {
		if (waited >= timeout_ms)
			return -1;
		nanosleep(&step, NULL);
		waited += 50;
	}
	return 0;
}
