/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fileio - whole-file reads and atomic writes; see fileio.h. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mgmt_proto.h"

static int
fail(struct strbuf *err, const char *what, const char *path)
{
	if (err != NULL)
		strbuf_printf(err, "%s %s: %s", what, path, strerror(errno));
	return -1;
}

static int
fsync_dir_of(const char *path)
{
	char *copy = strdup(path);
	int fd, rc;

	if (copy == NULL)
		return -1;	/* errno ENOMEM, reported like any other */
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
file_write_atomic(const char *path, const char *data, size_t len,
    struct strbuf *err)
{
	struct strbuf tmp = STRBUF_INIT;
	int fd, rc = -1;

	strbuf_printf(&tmp, "%s.tmp", path);
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		fail(err, "cannot create", tmp.buf);
		goto out;
	}
	if (mgmt_write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		fail(err, "cannot write", tmp.buf);
		close(fd);
		unlink(tmp.buf);
		goto out;
	}
	close(fd);
	if (rename(tmp.buf, path) != 0) {
		fail(err, "cannot rename over", path);
		unlink(tmp.buf);
		goto out;
	}
	if (fsync_dir_of(path) != 0) {
		fail(err, "cannot sync the directory of", path);
		goto out;
	}
	rc = 0;
out:
	strbuf_free(&tmp);
	return rc;
}

char *
file_read_all(const char *path, size_t *len, struct strbuf *err)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	struct stat st;
	ssize_t n;
	int fd;


	/* only regular files: a FIFO or a device would block or never end */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		fail(err, "cannot open", path);
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		errno = EINVAL;
		if (err != NULL)
			strbuf_printf(err, "%s is not a regular file", path);
		close(fd);
		return NULL;
	}
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fail(err, "cannot read", path);
			goto bad;
		}
		if (sb.len + (size_t)n > FILEIO_MAX) {
			errno = EFBIG;
			fail(err, "too large:", path);
			goto bad;
		}
		strbuf_append(&sb, buf, (size_t)n);
	}
	close(fd);
	if (len != NULL)
		*len = sb.len;
	return strbuf_detach(&sb);
bad:
	close(fd);
	strbuf_free(&sb);
	return NULL;
}
