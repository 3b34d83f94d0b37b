// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi: an in-kernel iSCSI initiator (RFC 7143).
 *
 * Module entry points only: each subsystem has its own init/exit pair,
 * called here in order and unwound in reverse.
 */
#include <linux/module.h>
#include <net/genetlink.h>

#include <uapi/linux/kiscsi.h>

#include "kiscsi.h"
#include "session.h"

static int __init kiscsi_init(void)
{
	int ret;

	ret = kiscsi_sessions_init();
	if (ret)
		goto err_sessions;
	ret = kiscsi_netlink_init();
	if (ret)
		goto err_netlink;

	pr_info("version %s loaded\n", KISCSI_VERSION);
	return 0;

err_netlink:
	kiscsi_sessions_exit();
err_sessions:
	return ret;
}

static void __exit kiscsi_exit(void)
{
	/* No new requests first, then log out what is left. */
	kiscsi_netlink_exit();
	kiscsi_sessions_exit();
	pr_info("unloaded\n");
}

module_init(kiscsi_init);
module_exit(kiscsi_exit);

MODULE_DESCRIPTION("kiscsi: in-kernel iSCSI initiator");
MODULE_LICENSE("GPL");
MODULE_VERSION(KISCSI_VERSION);
MODULE_ALIAS_GENL_FAMILY(KISCSI_GENL_NAME);
