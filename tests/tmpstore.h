/* tmpstore.h - what the store-using unit tests share: the default model (M),
 * a temporary directory made by tmpstore_setup(NAME) and emptied and removed
 * by tmpstore_teardown(), and fresh stores in it (new_store). Include after
 * harness.h. */
#ifndef OV_TEST_TMPSTORE_H
#define OV_TEST_TMPSTORE_H
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "oversight/model.h"
#include "oversight/store.h"

static ov_model *M;
static char tmpdir[64];
static int store_seq;

static void tmpstore_setup(const char *name)
{
    char err[256];
    CHECK_EQ_INT(ov_model_load_default(&M, err, sizeof err), OV_OK);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ov-test-%s-XXXXXX", name);
    CHECK(mkdtemp(tmpdir) != NULL);
}

static void tmpstore_teardown(void)
{
    DIR *d = opendir(tmpdir);
    if (d) {
        struct dirent *de;
        char path[512];
        while ((de = readdir(d)) != NULL) {
            if (de->d_name[0] == '.') continue;
            snprintf(path, sizeof path, "%s/%s", tmpdir, de->d_name);
            unlink(path);
        }
        closedir(d);
    }
    CHECK_EQ_INT(rmdir(tmpdir), 0);
    ov_model_free(M);
    M = NULL;
}

#ifdef OV_TEST_PG
#include <libpq-fe.h>
/* Built with OV_TEST_PG (tests/pg/): a store is a new schema of the database
 * that tests/pg/pg_cluster.sh names in OV_PG_URL, made here, and its path
 * that URL with the schema as search_path. */
static const char *tmpstore_pg_path(char *buf, size_t n)
{
    const char *url = getenv("OV_PG_URL");
    CHECK(url != NULL);
    if (!url) return "";
    char schema[64], sql[128];
    snprintf(schema, sizeof schema, "t%d_%d", (int)getpid(), ++store_seq);
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", schema);
    PGconn *c = PQconnectdb(url);
    PGresult *r = PQexec(c, sql);
    CHECK(PQresultStatus(r) == PGRES_COMMAND_OK);
    PQclear(r);
    PQfinish(c);
    snprintf(buf, n, "%s&options=-csearch_path%%3D%s", url, schema);
    return buf;
}
#endif

/* A fresh store in the temporary directory; NULL (and a failed check) on error. */
static ov_store *new_store(void)
{
    char path[512];
#ifdef OV_TEST_PG
    tmpstore_pg_path(path, sizeof path);
#else
    snprintf(path, sizeof path, "%s/store%d.db", tmpdir, ++store_seq);
#endif
    ov_store *st = NULL;
    int rc = ov_store_open(&st, path, OV_OPEN_CREATE, M);
    CHECK_EQ_INT(rc, OV_OK);
    if (rc) {
        ov_store_close(st);
        return NULL;
    }
    return st;
}
#endif
