//  Helpers shared by fetch's source unit tests (test_fetch.c: the WARC
//  reader; test_fetch_text.c: charsets and a followed file): a scratch
//  folder per test, a growing byte buffer, a file written from it, and
//  draining a source. Static inline, so a file may use any part.
#ifndef DP_TEST_FETCH_FIXTURE_H
#define DP_TEST_FETCH_FIXTURE_H

#include "fetch/fetch.h"
#include "depeche/dp_log.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char s_dir [64];

static inline void
s_setup (void)
{
    strcpy (s_dir, "/tmp/dp-test-fetch-XXXXXX");
    ck_assert_ptr_nonnull (mkdtemp (s_dir));
    dp_log_set_level (DP_LOG_ERROR);
}

static inline void
s_teardown (void)
{
    char cmd [128];
    snprintf (cmd, sizeof cmd, "rm -rf %s", s_dir);
    ck_assert_int_eq (system (cmd), 0);
}

//  A growing byte buffer.
typedef struct {
    char *s;
    size_t len;
} s_buf_t;

static inline void
s_add (s_buf_t *b, const void *data, size_t len)
{
    b->s = realloc (b->s, b->len + len + 1);
    ck_assert_ptr_nonnull (b->s);
    memcpy (b->s + b->len, data, len);
    b->len += len;
    b->s [b->len] = '\0';
}

static inline char *
s_file (const char *name, const s_buf_t *b)
{
    char *path = NULL;
    ck_assert_int_ge (asprintf (&path, "%s/%s", s_dir, name), 0);
    FILE *f = fopen (path, "wb");
    ck_assert_ptr_nonnull (f);
    ck_assert_uint_eq (fwrite (b->s, 1, b->len, f), b->len);
    fclose (f);
    return path;
}

static inline size_t
s_drain (dp_fetch_src_t *src, dp_article_t **docs, dp_fetch_pos_t *pos, size_t max)
{
    size_t n = 0;
    dp_article_t *doc;
    dp_src_rc_t rc;
    while ((rc = dp_fetch_src_next (src, &doc)) == DP_SRC_ARTICLE) {
        ck_assert_uint_lt (n, max);
        if (pos)
            pos [n] = dp_fetch_src_pos (src);
        docs [n++] = doc;
    }
    ck_assert_int_eq (rc, DP_SRC_DONE);
    return n;
}

static inline void
s_free_all (dp_article_t **docs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dp_article_destroy (&docs [i]);
}

#endif
