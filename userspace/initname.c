// SPDX-License-Identifier: GPL-2.0
/*
 * The host's default InitiatorName (see initname.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "initname.h"

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int initname_from_file(const char *path, char *out, size_t len)
{
	char line[512], *l, *v;
	int found = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? 0 : -1;
	while (!found && fgets(line, sizeof(line), f)) {
		l = trim(line);
		if (!*l || *l == '#')
			continue;
		v = strchr(l, '=');
		if (v) {
			*v = '\0';
			if (strcmp(trim(l), "InitiatorName"))
				continue;
			l = trim(v + 1);
		}
		if (*l) {
			snprintf(out, len, "%s", l);
			found = 1;
		}
	}
	fclose(f);
	return found;
}

int initname_default(char *out, size_t len, const char **from)
{
	static const char * const files[] = { INITNAME_OPEN_ISCSI,
					      INITNAME_KISCSI };
	size_t i;
	int ret;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		*from = files[i];
		ret = initname_from_file(files[i], out, len);
		if (ret)
			return ret;
	}
	*from = NULL;
	return 0;
}
