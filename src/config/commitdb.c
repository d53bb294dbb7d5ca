/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * commitdb - commit history and startup-config in the state directory;
 * see commitdb.h. The newest COMMITDB_KEEP commits' headers are held in
 * memory (oldest first), read back from the files at open.
 */
#include "commitdb.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/fileio.h"
#include "lib/xalloc.h"

struct commitdb {
	char			*dir;		/* STATE_DIR */
	struct commit_info	 hist[COMMITDB_KEEP];	/* oldest first */
	int			 n;
	unsigned		 last_id;
};

static void
path_of(const struct commitdb *db, const char *name, struct strbuf *out)
{
	strbuf_reset(out);
	strbuf_printf(out, "%s/%s", db->dir, name);
}

static void
commit_path(const struct commitdb *db, unsigned id, struct strbuf *out)
{
	strbuf_reset(out);
	strbuf_printf(out, "%s/commits/%u", db->dir, id);
}

/* Copies s into a fixed field, turning line breaks into spaces. */
static void
copy_line(char *dst, size_t size, const char *s)
{
	size_t i;

	snprintf(dst, size, "%s", s ? s : "");
	for (i = 0; dst[i]; i++)
		if (dst[i] == '\n' || dst[i] == '\r')
			dst[i] = ' ';
}

/* Parses the "! key: value" header of a commit file. */
static bool
parse_header(const char *text, struct commit_info *ci)
{
	const char *p = text;
	char key[16], val[256];
	bool have_id = false;

	memset(ci, 0, sizeof(*ci));
	while (strncmp(p, "! ", 2) == 0) {
		const char *nl = strchr(p, '\n');
		int n;

		if (nl == NULL)
			break;
		val[0] = '\0';
		n = sscanf(p, "! %15[a-z]: %255[^\n]", key, val);
		if (n >= 1 && strcmp(key, "id") == 0)
			have_id = sscanf(val, "%u", &ci->id) == 1;
		else if (n >= 1 && strcmp(key, "time") == 0)
			ci->time = (time_t)strtoll(val, NULL, 10);
		else if (n >= 1 && strcmp(key, "user") == 0)
			copy_line(ci->user, sizeof(ci->user), val);
		else if (n >= 1 && strcmp(key, "comment") == 0)
			copy_line(ci->comment, sizeof(ci->comment), val);
		p = nl + 1;
	}
	return have_id;
}

static int
cmp_info(const void *a, const void *b)
{
	unsigned x = ((const struct commit_info *)a)->id;
	unsigned y = ((const struct commit_info *)b)->id;

	return x < y ? -1 : x > y;
}

/* Reads every commits/<ID> header; keeps the newest COMMITDB_KEEP. */
static void
load_history(struct commitdb *db, const char *cdir)
{
	struct strbuf path = STRBUF_INIT;
	struct commit_info *all = NULL, ci;
	size_t nall = 0, i;
	struct dirent *de;
	DIR *d;

	if ((d = opendir(cdir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char *text, *end;

		strtoul(de->d_name, &end, 10);
		if (de->d_name[0] < '1' || de->d_name[0] > '9' || *end != '\0')
			continue;
		strbuf_reset(&path);
		strbuf_printf(&path, "%s/%s", cdir, de->d_name);
		if ((text = file_read_all(path.buf, NULL, NULL)) == NULL)
			continue;
		if (parse_header(text, &ci)) {
			all = xrealloc(all, (nall + 1) * sizeof(*all),
			    "the commit history");
			all[nall++] = ci;
		}
		free(text);
	}
	closedir(d);
	if (nall > 0)
		qsort(all, nall, sizeof(*all), cmp_info);
	i = nall > COMMITDB_KEEP ? nall - COMMITDB_KEEP : 0;
	for (; i < nall; i++)
		db->hist[db->n++] = all[i];
	if (nall > 0)
		db->last_id = all[nall - 1].id;
	free(all);
	strbuf_free(&path);
}

struct commitdb *
commitdb_open(const char *state_dir, struct strbuf *err)
{
	struct strbuf cdir = STRBUF_INIT;
	struct commitdb *db;

	if (mkdir(state_dir, 0700) != 0 && errno != EEXIST) {
		strbuf_printf(err, "cannot create state directory %s: %s",
		    state_dir, strerror(errno));
		return NULL;
	}
	strbuf_printf(&cdir, "%s/commits", state_dir);
	if (mkdir(cdir.buf, 0700) != 0 && errno != EEXIST) {
		strbuf_printf(err, "cannot create %s: %s", cdir.buf,
		    strerror(errno));
		strbuf_free(&cdir);
		return NULL;
	}
	db = xcalloc(1, sizeof(*db), "the commit history");
	db->dir = xstrdup(state_dir, "the commit history");
	load_history(db, cdir.buf);
	strbuf_free(&cdir);
	return db;
}

void
commitdb_close(struct commitdb *db)
{
	if (db == NULL)
		return;
	free(db->dir);
	free(db);
}

int
commitdb_record(struct commitdb *db, const char *running_text,
    const char *user, const char *comment, unsigned *id, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT, path = STRBUF_INIT;
	struct commit_info ci;
	int rc;

	memset(&ci, 0, sizeof(ci));
	ci.id = db->last_id + 1;
	ci.time = time(NULL);
	copy_line(ci.user, sizeof(ci.user), user);
	copy_line(ci.comment, sizeof(ci.comment), comment);
	strbuf_printf(&text, "! id: %u\n! time: %lld\n! user: %s\n", ci.id,
	    (long long)ci.time, ci.user);
	if (ci.comment[0] != '\0')
		strbuf_printf(&text, "! comment: %s\n", ci.comment);
	strbuf_puts(&text, running_text);
	commit_path(db, ci.id, &path);
	rc = file_write_atomic(path.buf, text.buf, text.len, err);
	if (rc == 0) {
		if (db->n == COMMITDB_KEEP) {
			commit_path(db, db->hist[0].id, &path);
			unlink(path.buf);
			memmove(db->hist, db->hist + 1,
			    (COMMITDB_KEEP - 1) * sizeof(db->hist[0]));
			db->n--;
		}
		db->hist[db->n++] = ci;
		db->last_id = ci.id;
		*id = ci.id;
	}
	strbuf_free(&text);
	strbuf_free(&path);
	return rc;
}

unsigned
commitdb_last_id(const struct commitdb *db)
{
	return db->last_id;
}

int
commitdb_list(struct commitdb *db, struct commit_info *out, int max)
{
	int i, n = 0;

	for (i = db->n - 1; i >= 0 && n < max; i--)
		out[n++] = db->hist[i];
	return n;
}

bool
commitdb_info(struct commitdb *db, unsigned id, struct commit_info *ci)
{
	int i;

	for (i = 0; i < db->n; i++)
		if (db->hist[i].id == id) {
			*ci = db->hist[i];
			return true;
		}
	return false;
}

char *
commitdb_text(struct commitdb *db, unsigned id, size_t *len)
{
	struct strbuf path = STRBUF_INIT;
	struct commit_info ci;
	char *text, *p, *nl;
	size_t n;

	if (!commitdb_info(db, id, &ci))
		return NULL;
	commit_path(db, id, &path);
	text = file_read_all(path.buf, &n, NULL);
	strbuf_free(&path);
	if (text == NULL)
		return NULL;
	/* drop the header: the caller wants the configuration */
	for (p = text; strncmp(p, "! ", 2) == 0 &&
	    (nl = memchr(p, '\n', n - (size_t)(p - text))) != NULL;)
		p = nl + 1;
	n -= (size_t)(p - text);
	memmove(text, p, n + 1);
	if (len != NULL)
		*len = n;
	return text;
}

int
commitdb_save_startup(struct commitdb *db, const char *text, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT;
	int rc;

	path_of(db, "startup-config", &path);
	rc = file_write_atomic(path.buf, text, strlen(text), err);
	strbuf_free(&path);
	return rc;
}

char *
commitdb_read_startup(struct commitdb *db, size_t *len)
{
	struct strbuf path = STRBUF_INIT;
	char *text;

	path_of(db, "startup-config", &path);
	text = file_read_all(path.buf, len, NULL);
	strbuf_free(&path);
	return text;
}

int
commitdb_erase_startup(struct commitdb *db, struct strbuf *err)
{
	struct strbuf path = STRBUF_INIT;
	int rc = 0;

	path_of(db, "startup-config", &path);
	if (unlink(path.buf) != 0 && errno != ENOENT) {
		strbuf_printf(err, "cannot erase %s: %s", path.buf,
		    strerror(errno));
		rc = -1;
	}
	strbuf_free(&path);
	return rc;
}
