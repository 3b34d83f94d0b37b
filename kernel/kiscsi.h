/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kiscsi: declarations shared between the files of kiscsi.ko.
 */
#ifndef _KISCSI_H
#define _KISCSI_H

#define KISCSI_VERSION "0.1.0"

int kiscsi_netlink_init(void);
void kiscsi_netlink_exit(void);

#endif /* _KISCSI_H */
