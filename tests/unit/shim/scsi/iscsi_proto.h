/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pull in the kernel's own wire structs, from the installed headers of
 * the target kernel: KISCSI_ISCSI_PROTO_H is set by the Makefile to
 * /usr/src/linux-headers-$(KVER)-common/include/scsi/iscsi_proto.h.
 * Its <linux/types.h> and <scsi/scsi.h> resolve to this shim directory.
 */
#ifndef KISCSI_ISCSI_PROTO_H
#error "build with -DKISCSI_ISCSI_PROTO_H=\"<path to kernel iscsi_proto.h>\""
#endif
#include KISCSI_ISCSI_PROTO_H
