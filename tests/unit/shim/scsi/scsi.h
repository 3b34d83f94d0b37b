/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel-internal <scsi/scsi.h>: only what
 * <scsi/iscsi_proto.h> needs (struct scsi_lun, the variable CDB size).
 * The values are SAM/SPC constants, checked against the kernel headers
 * by the kernel build of kernel/proto/pdu.c (static_assert there).
 */
#ifndef KISCSI_SHIM_SCSI_SCSI_H
#define KISCSI_SHIM_SCSI_SCSI_H

#include <linux/types.h>

/* SPC: the largest variable-length CDB. */
#define SCSI_MAX_VARLEN_CDB_SIZE 260

/* SAM: an 8-byte LUN in wire format. */
struct scsi_lun {
	__u8 scsi_lun[8];
};

#endif
