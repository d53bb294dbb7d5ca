/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests for the commit history and startup-config files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <CUnit/CUnit.h>

#include "config/commitdb.h"
#include "lib/fileio.h"

static char dir[64];

static struct commitdb *
open_fresh(void)
{
	struct strbuf err = STRBUF_INIT;
	struct commitdb *db;

	snprintf(dir, sizeof(dir), "/tmp/vgw-test-db.XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	db = commitdb_open(dir, &err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(db);
	strbuf_free(&err);
	return db;
}

static void
remove_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

static void
test_record_list_text(void)
{
	struct commitdb *db = open_fresh();
	struct strbuf err = STRBUF_INIT;
	struct commit_info ci[4];
	unsigned id;
	char *text;
	size_t len;

	CU_ASSERT_EQUAL(commitdb_last_id(db), 0);
	CU_ASSERT_EQUAL(commitdb_record(db, "!\nhostname a\nend\n", "alice", "first\ncomment", &id, &err), 0);
	CU_ASSERT_EQUAL(id, 1);
	CU_ASSERT_EQUAL(commitdb_record(db, "!\nhostname b\nend\n", "bob", NULL, &id, &err), 0);
	CU_ASSERT_EQUAL(commitdb_list(db, ci, 4), 2);
	CU_ASSERT_EQUAL(ci[0].id, 2);		/* newest first */
	CU_ASSERT_STRING_EQUAL(ci[0].user, "bob");
	CU_ASSERT_STRING_EQUAL(ci[1].comment, "first comment");	/* one line */
	text = commitdb_text(db, 1, &len);
	CU_ASSERT_STRING_EQUAL(text, "!\nhostname a\nend\n");	/* no header */
	CU_ASSERT_EQUAL(len, 17);
	free(text);
	CU_ASSERT_PTR_NULL(commitdb_text(db, 9, NULL));
	commitdb_close(db);
	/* ids and history survive a reopen */
	db = commitdb_open(dir, &err);
	CU_ASSERT_EQUAL(commitdb_last_id(db), 2);
	CU_ASSERT_EQUAL(commitdb_record(db, "end\n", "carol", "third", &id, &err), 0);
	CU_ASSERT_EQUAL(id, 3);
	commitdb_close(db);
	strbuf_free(&err);
	remove_dir();
}

static void
test_keeps_newest_100(void)
{
	struct commitdb *db = open_fresh();
	struct strbuf err = STRBUF_INIT;
	struct commit_info ci[COMMITDB_KEEP + 5];
	char path[128];
	struct stat st;
	unsigned id;
	int i;

	for (i = 0; i < COMMITDB_KEEP + 5; i++)
		CU_ASSERT_EQUAL(commitdb_record(db, "end\n", "u", NULL, &id, &err), 0);
	CU_ASSERT_EQUAL(commitdb_list(db, ci, COMMITDB_KEEP + 5), COMMITDB_KEEP);
	CU_ASSERT_EQUAL(ci[COMMITDB_KEEP - 1].id, 6);
	snprintf(path, sizeof(path), "%s/commits/5", dir);
	CU_ASSERT_NOT_EQUAL(stat(path, &st), 0);	/* file deleted */
	CU_ASSERT_PTR_NULL(commitdb_text(db, 5, NULL));
	commitdb_close(db);
	strbuf_free(&err);
	remove_dir();
}

static void
test_startup_config(void)
{
	struct commitdb *db = open_fresh();
	struct strbuf err = STRBUF_INIT;
	char path[128], spath[128], *text;
	struct stat st;
	size_t len;

	snprintf(spath, sizeof(spath), "%s/startup-config", dir);
	CU_ASSERT_PTR_NULL(commitdb_read_startup(db, NULL));
	CU_ASSERT_EQUAL(commitdb_save_startup(db, "hostname s\n", &err), 0);
	text = commitdb_read_startup(db, &len);
	CU_ASSERT_STRING_EQUAL(text, "hostname s\n");
	CU_ASSERT_EQUAL(len, 11);
	free(text);
	/* a NUL in the file does not end it: the length says where it ends */
	CU_ASSERT_EQUAL(file_write_atomic(spath, "a\0b\n", 4, &err), 0);
	text = commitdb_read_startup(db, &len);
	CU_ASSERT_EQUAL(len, 4);
	free(text);
	snprintf(path, sizeof(path), "%s/startup-config.tmp", dir);
	CU_ASSERT_NOT_EQUAL(stat(path, &st), 0);	/* no temporary left */
	CU_ASSERT_EQUAL(commitdb_erase_startup(db, &err), 0);
	CU_ASSERT_PTR_NULL(commitdb_read_startup(db, NULL));
	CU_ASSERT_EQUAL(commitdb_erase_startup(db, &err), 0);	/* idempotent */
	/* a write that cannot happen names the path */
	CU_ASSERT_EQUAL(file_write_atomic("/nonexistent-dir/x", "a", 1, &err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&err), "/nonexistent-dir/x.tmp"));
	strbuf_reset(&err);
	CU_ASSERT_PTR_NULL(file_read_all("/dev/zero", NULL, &err));
	CU_ASSERT_PTR_NOT_NULL(strstr(strbuf_str(&err), "not a regular file"));
	commitdb_close(db);
	strbuf_free(&err);
	remove_dir();
}

static CU_TestInfo tests[] = {
	{ "record, list, read back, reopen", test_record_list_text },
	{ "only the newest 100 commits are kept", test_keeps_newest_100 },
	{ "startup-config save, read, erase", test_startup_config },
	CU_TEST_INFO_NULL,
};
#define SUITE_NAME "commitdb"
#include "cunit_main.h"
