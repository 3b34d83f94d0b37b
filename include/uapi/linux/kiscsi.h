/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * kiscsi: the generic netlink contract between kiscsi.ko and userspace.
 *
 * This header is the stable ABI of the control path. Attributes and
 * commands are only ever appended; a value, once published, never changes
 * meaning. Userspace resolves the family by KISCSI_GENL_NAME and should
 * check KISCSI_GENL_VERSION (carried in the genl header) before use.
 *
 * Commands
 * --------
 * KISCSI_CMD_GET_INFO (doit, unprivileged)
 *	Request: no attributes.
 *	Reply:   KISCSI_A_INFO_VERSION (string): module version
 *		 KISCSI_A_INFO_API (u32): KISCSI_GENL_VERSION the module speaks
 *
 * Errors are returned as negative errno with a human-readable extack
 * message; userspace should request NETLINK_EXT_ACK and print it.
 */
#ifndef _UAPI_LINUX_KISCSI_H
#define _UAPI_LINUX_KISCSI_H

#define KISCSI_GENL_NAME	"kiscsi"
#define KISCSI_GENL_VERSION	1

enum kiscsi_cmd {
	KISCSI_CMD_UNSPEC,
	KISCSI_CMD_GET_INFO,

	__KISCSI_CMD_MAX,
};

#define KISCSI_CMD_MAX (__KISCSI_CMD_MAX - 1)

enum kiscsi_attr {
	KISCSI_A_UNSPEC,
	KISCSI_A_INFO_VERSION,		/* string */
	KISCSI_A_INFO_API,		/* u32 */

	__KISCSI_A_MAX,
};

#define KISCSI_A_MAX (__KISCSI_A_MAX - 1)

#endif /* _UAPI_LINUX_KISCSI_H */
