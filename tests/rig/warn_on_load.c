// SPDX-License-Identifier: GPL-2.0
/*
 * A module whose only job is to WARN when loaded. The rig's self-test
 * loads it to prove that a kernel splat in the guest fails a vm-run,
 * whatever the command's own exit status.
 */
#include <linux/module.h>

static int __init warn_on_load_init(void)
{
	WARN(1, "kiscsi rig self-test: deliberate warning\n");
	return 0;
}

static void __exit warn_on_load_exit(void)
{
}

module_init(warn_on_load_init);
module_exit(warn_on_load_exit);
MODULE_DESCRIPTION("kiscsi test rig: WARN on load");
MODULE_LICENSE("GPL");
