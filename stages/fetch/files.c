//  depeche fetch — which files fetch reads and how: a folder's walk (sorted,
//  other files skipped and said), the kind of a file by its name, and a
//  whole file compressed with gzip (.html.gz, .txt.gz, .json.gz: one
//  article each, as the uncompressed kinds), decoded into memory with a
//  bound: the size limit applies to what it decodes to, so a small bomb is
//  a dead letter, not a full memory. A file compressed twice (a .gz of a
//  .gz) says so, rather than going on as binary.
#include "fetch/fetch_int.h"
#include "depeche/dp_gz.h"
#include "depeche/dp_log.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

//  --------------------------------------------------------------------------

int
dp_fetch_int_paths_add (dp_paths_t *p, const char *path)
{
    if (p->n == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 64;
        char **v = realloc (p->v, ncap * sizeof *v);
        if (!v)
            return -1;
        p->v = v;
        p->cap = ncap;
    }
    if (!(p->v [p->n] = strdup (path)))
        return -1;
    p->n++;
    return 0;
}

bool
dp_fetch_int_ends_with (const char *s, const char *suffix)
{
    size_t n = strlen (s), m = strlen (suffix);
    return n >= m && strcasecmp (s + n - m, suffix) == 0;
}

//  The kind of a file by its name; a whole-file kind may end in ".gz" too
//  (read by dp_fetch_int_read_gz).
dp_fkind_t
dp_fetch_int_kind (const char *path)
{
    size_t n = strlen (path);
    if (n > 3 && strcasecmp (path + n - 3, ".gz") == 0) {
        char *plain = strndup (path, n - 3);
        dp_fkind_t kind = DP_FKIND_OTHER;
        if (plain && !dp_fetch_int_ends_with (plain, ".jsonl") && !dp_fetch_int_ends_with (plain, ".ndjson")
        &&  !dp_fetch_int_ends_with (plain, ".warc")) {
            kind = dp_fetch_int_kind (plain);
            if (kind == DP_FKIND_JSONL || kind == DP_FKIND_WARC)
                kind = DP_FKIND_OTHER;
        }
        free (plain);
        if (kind != DP_FKIND_OTHER)
            return kind;
    }
    if (dp_fetch_int_ends_with (path, ".jsonl") || dp_fetch_int_ends_with (path, ".jsonl.gz")
    ||  dp_fetch_int_ends_with (path, ".ndjson") || dp_fetch_int_ends_with (path, ".ndjson.gz"))
        return DP_FKIND_JSONL;
    if (dp_fetch_int_ends_with (path, ".json"))
        return DP_FKIND_JSON;
    if (dp_fetch_int_ends_with (path, ".warc") || dp_fetch_int_ends_with (path, ".warc.gz"))
        return DP_FKIND_WARC;
    if (dp_fetch_int_ends_with (path, ".html") || dp_fetch_int_ends_with (path, ".htm")
    ||  dp_fetch_int_ends_with (path, ".xhtml"))
        return DP_FKIND_HTML;
    if (dp_fetch_int_ends_with (path, ".txt") || dp_fetch_int_ends_with (path, ".text"))
        return DP_FKIND_TEXT;
    return DP_FKIND_OTHER;
}

int
dp_fetch_int_cmp (const void *a, const void *b)
{
    return strcmp (*(char *const *) a, *(char *const *) b);
}

//  Adds the files of a folder, recursively, in sorted order.
int
dp_fetch_int_walk (dp_fetch_src_t *self, const char *dir)
{
    DIR *d = opendir (dir);
    if (!d) {
        dp_log_warn ("%s: %s", dir, strerror (errno));
        return 0;
    }
    dp_paths_t names = { 0 };
    struct dirent *e;
    int rc = 0;
    while ((e = readdir (d)) && rc == 0)
        if (e->d_name [0] != '.')       //  hidden files and . ..
            rc = dp_fetch_int_paths_add (&names, e->d_name);
    closedir (d);
    if (names.n)
        qsort (names.v, names.n, sizeof *names.v, dp_fetch_int_cmp);
    for (size_t i = 0; i < names.n && rc == 0; i++) {
        char *path = NULL;
        if (asprintf (&path, "%s/%s", dir, names.v [i]) < 0) {
            rc = -1;
            break;
        }
        struct stat st;
        if (stat (path, &st) == 0 && S_ISDIR (st.st_mode))
            rc = dp_fetch_int_walk (self, path);
        else
        if (dp_fetch_int_kind (path) != DP_FKIND_OTHER)
            rc = dp_fetch_int_paths_add (&self->todo, path);
        else {
            self->stats.skipped++;          //  said, not only counted
            dp_log_once_per (DP_LOG_INFO, "%s: skipped, not a kind fetch reads (.jsonl, "
                             ".ndjson, .json, .warc, .html, .htm, .xhtml, .txt, .text, "
                             "each also .gz)", path);
        }
        free (path);
    }
    for (size_t i = 0; i < names.n; i++)
        free (names.v [i]);
    free (names.v);
    return rc;
}


char *
dp_fetch_int_read_gz (const char *path, size_t max, size_t *len, char *reason, size_t rlen)
{
    dp_gz_t *gz = dp_gz_open (path);
    if (!gz) {
        snprintf (reason, rlen, "cannot read: %s", strerror (errno));
        return NULL;
    }
    size_t cap = 65536, used = 0;
    char *buf = malloc (cap + 1);
    while (buf) {
        if (used == cap) {
            if (cap > max) {
                snprintf (reason, rlen, "article over size limit (decompressed > %zu bytes)", max);
                free (buf);
                buf = NULL;
                break;
            }
            cap *= 2;
            char *bigger = realloc (buf, cap + 1);
            if (!bigger) {
                snprintf (reason, rlen, "out of memory");
                free (buf);
                buf = NULL;
                break;
            }
            buf = bigger;
        }
        size_t room = cap - used;
        int n = dp_gz_read (gz, buf + used, room > 1u << 30 ? 1u << 30 : (unsigned) room);
        if (n < 0) {
            snprintf (reason, rlen, "%s", dp_gz_error (gz));
            free (buf);
            buf = NULL;
            break;
        }
        if (n == 0)
            break;
        used += (size_t) n;
    }
    dp_gz_close (&gz);
    if (!buf)
        return NULL;
    if (used > max) {
        snprintf (reason, rlen, "article over size limit (decompressed %zu > %zu bytes)", used, max);
        free (buf);
        return NULL;
    }
    if (used >= 2 && (unsigned char) buf [0] == 0x1f && (unsigned char) buf [1] == 0x8b) {
        snprintf (reason, rlen, "compressed twice (gzip inside gzip): gunzip it once, then read it");
        free (buf);
        return NULL;
    }
    buf [used] = '\0';
    *len = used;
    return buf;
}
