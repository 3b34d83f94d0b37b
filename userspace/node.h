/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Node records: what the administrator wants logged in, one file per
 * target under $KISCSI_CONFIG_DIR/nodes (default /etc/kiscsi/nodes),
 * named TARGET.conf, in a "key = value" format meant to be edited by
 * hand (kiscsi(8), NODE RECORDS):
 *
 *   # comment
 *   target = iqn.2003-01.org.example:disks
 *   portal = 10.0.1.1:3260
 *   portal = 10.0.2.1:3260 iface=eth1 source=10.0.2.2
 *   startup = automatic
 *   chap-user = alice
 *   chap-secret-file = /etc/kiscsi/secrets/disks
 *   header-digest = crc32c
 *   replacement-timeout = 120
 *   nop-interval = 0.5
 *
 * Records hold the path of a secret file, never a secret. Writes are
 * atomic (temporary file, fsync, rename, fsync of the directory); a
 * malformed record is refused with "FILE:LINE: what is wrong".
 */
#ifndef KISCSI_NODE_H
#define KISCSI_NODE_H

#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/kiscsi.h>

#include "portal.h"
#include "timeouts.h"

#define NODE_MAX_PORTALS	32
#define NODE_FILE_MAX		(64 * 1024)
#define NODE_LINE_MAX		1024
#define NODE_CHAP_NAME_MAX	255
#define NODE_SUFFIX		".conf"
#define NODE_DEFAULT_DIR	"/etc/kiscsi"

enum node_startup {
	NODE_STARTUP_MANUAL,
	NODE_STARTUP_AUTOMATIC,
};

/* Which optional settings a record has. */
enum {
	NODE_HAS_HEADER_DIGEST = 1 << 0,
	NODE_HAS_DATA_DIGEST = 1 << 1,
};

/* A source address to bind to; family 0 for none. */
struct node_addr {
	int family;
	uint8_t addr[16];
};

struct node_portal {
	struct portal p;
	char text[96];			/* as the administrator wrote it */
	char iface[IF_NAMESIZE];	/* "" : the node's */
	struct node_addr source;	/* family 0: the node's */
};

struct node {
	char target[KISCSI_NAME_MAX + 1];
	char initiator[KISCSI_NAME_MAX + 1];	/* "": the host's */
	unsigned int nportals;
	struct node_portal portals[NODE_MAX_PORTALS];
	enum node_startup startup;
	char chap_user[NODE_CHAP_NAME_MAX + 1];
	char chap_secret_file[PATH_MAX];
	char mutual_user[NODE_CHAP_NAME_MAX + 1];
	char mutual_secret_file[PATH_MAX];
	uint32_t has;			/* NODE_HAS_* */
	uint32_t header_digest;		/* enum kiscsi_digest */
	uint32_t data_digest;
	struct ktimeouts tmo;		/* replacement s, NOP ms */
	char iface[IF_NAMESIZE];
	struct node_addr source;
};

/* $KISCSI_CONFIG_DIR/nodes, or /etc/kiscsi/nodes. */
const char *node_dir(void);

/* "10.0.1.2" / "fd00::2" into A; 0 or -1. */
int node_addr_parse(const char *s, struct node_addr *a);
void node_addr_format(const struct node_addr *a, char *buf, size_t len);

/*
 * Parse a record's text. NAME is the file's name for messages. Returns
 * 0, or -1 with ERR as "NAME:LINE: what is wrong" (one line).
 */
int node_parse(const char *text, size_t len, const char *name,
	       struct node *n, char *err, size_t errlen);

/* Render N as a record; returns the length, or -1 if CAP is too small. */
int node_format(const struct node *n, char *buf, size_t cap);

/* Check N on its own (names, CHAP pairs, digests...). NULL or a phrase. */
const char *node_check(const struct node *n);

/* DIR/TARGET.conf into PATH. -1 if TARGET cannot be a file name. */
int node_path(const char *dir, const char *target, char *path, size_t len);

/* Load DIR/TARGET.conf. 1 loaded, 0 no such record, -1 error (ERR). */
int node_load(const char *dir, const char *target, struct node *n,
	      char *err, size_t errlen);

/*
 * Every record of DIR, sorted by target, into a malloc'd array. Any
 * malformed record fails the whole load (-1, ERR names file and line).
 */
int node_load_all(const char *dir, struct node **nodes, unsigned int *count,
		  char *err, size_t errlen);

/*
 * Can we change records in DIR? Creates DIR (and its parent) when
 * missing. 0, or -1 with ERR (a clear "needs root" when that is why).
 */
int node_writable(const char *dir, char *err, size_t errlen);

/* Atomically write N to DIR/TARGET.conf. 0 or -1 with ERR. */
int node_save(const char *dir, const struct node *n, char *err,
	      size_t errlen);

/* Remove DIR/TARGET.conf. 1 removed, 0 none, -1 error (ERR). */
int node_remove(const char *dir, const char *target, char *err,
		size_t errlen);

/* Add portal P (text T) unless present. 1 added, 0 present, -1 full. */
int node_add_portal(struct node *n, const struct portal *p);

#endif /* KISCSI_NODE_H */
