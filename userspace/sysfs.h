/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What sysfs tells about a session's SCSI host: its disks. The root is a
 * parameter so the unit tests can use a fake tree.
 */
#ifndef KISCSI_SYSFS_H
#define KISCSI_SYSFS_H

#include "model.h"

/*
 * Fill s->disks from ROOT/class/scsi_host/host<s->host_no>/device/
 * target<*>/<H:C:T:L>/block/<name>, sorted by LUN. Returns the count.
 */
unsigned int sysfs_disks(const char *root, struct ksession *s);

/*
 * The sd driver probes asynchronously: a LUN that has been scanned may
 * get its block device a moment later. Wait up to TIMEOUT_MS until every
 * SCSI device of host HOST_NO whose type has a block driver (disk,
 * CD/DVD, optical, RBC) has its block device. Returns 0, or -1 on
 * timeout (the caller shows what there is).
 */
int sysfs_wait_disks(const char *root, unsigned int host_no,
		     unsigned int timeout_ms);

#endif /* KISCSI_SYSFS_H */
