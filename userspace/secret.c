// SPDX-License-Identifier: GPL-2.0
/*
 * Reading CHAP secret files (see secret.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "secret.h"

int secret_read(const char *path, struct secret *s, bool *world_readable,
		char *err, size_t errlen)
{
	/* Room for the secret, its newline, and one byte to see excess. */
	uint8_t tmp[KISCSI_SECRET_MAX + 2];
	size_t n = 0;
	struct stat st;
	ssize_t r;
	int fd, ret = -1;

	memset(s, 0, sizeof(*s));
	*world_readable = false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_mode & S_IROTH))
		*world_readable = true;
	while (n < sizeof(tmp)) {
		r = read(fd, tmp + n, sizeof(tmp) - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "cannot read: %s",
				 strerror(errno));
			goto out;
		}
		if (!r)
			break;
		n += r;
	}
	if (n && tmp[n - 1] == '\n')
		n--;
	if (n > KISCSI_SECRET_MAX) {
		snprintf(err, errlen, "the secret is longer than %d bytes",
			 KISCSI_SECRET_MAX);
		goto out;
	}
	if (!n) {
		snprintf(err, errlen, "the file holds no secret (it is empty)");
		goto out;
	}
	memcpy(s->buf, tmp, n);
	s->len = n;
	ret = 0;
out:
	explicit_bzero(tmp, sizeof(tmp));
	close(fd);
	return ret;
}

void secret_wipe(struct secret *s)
{
	explicit_bzero(s, sizeof(*s));
}
