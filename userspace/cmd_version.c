// SPDX-License-Identifier: GPL-2.0
/*
 * kiscsi version: the tool's version and the loaded module's.
 */
#include <stdio.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/kiscsi.h>

#include "kiscsi.h"
#include "nl.h"

struct info {
	const char *version;
	uint32_t api;
};

static int info_attr_cb(const struct nlattr *attr, void *data)
{
	struct info *info = data;

	switch (mnl_attr_get_type(attr)) {
	case KISCSI_A_INFO_VERSION:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
			info->version = mnl_attr_get_str(attr);
		break;
	case KISCSI_A_INFO_API:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
			info->api = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

static int info_cb(const struct nlmsghdr *nlh, void *data)
{
	struct info *info = data;
	int ret;

	ret = mnl_attr_parse(nlh, sizeof(struct genlmsghdr), info_attr_cb,
			     info);
	if (ret < 0)
		return ret;
	printf("kiscsi tool %s, module %s (netlink API %u)\n",
	       KISCSI_TOOL_VERSION, info->version ? info->version : "?",
	       info->api);
	return MNL_CB_OK;
}

int cmd_version(int argc, char **argv)
{
	struct info info = { 0 };
	struct knl nl;
	int ret;

	if (argc == 2 && !strcmp(argv[1], "--help")) {
		printf("Usage: kiscsi version\n");
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "kiscsi version: takes no arguments\n");
		return 2;
	}
	if (knl_open(&nl))
		return 1;
	ret = knl_talk(&nl, knl_request(&nl, KISCSI_CMD_GET_INFO, 0), info_cb,
		       &info);
	knl_close(&nl);
	return ret ? 1 : 0;
}
