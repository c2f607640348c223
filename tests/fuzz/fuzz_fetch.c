//  depeche — fuzz target for fetch's file sources: the input is written to a
//  private temp folder as x.jsonl (raw), x.json, x.html and x.txt (read
//  whole), and x.jsonl.gz (gzip of the input cut at a point the input picks,
//  then the raw bytes, which zlib reads as plain text or as damaged gzip),
//  and x.warc (raw) and x.warc.gz (the same cut gzip) for the WARC reader,
//  x.html.gz and x.txt.gz (the same) read whole.
//  Checks: every source ends with DP_SRC_DONE (never AGAIN or FATAL), each
//  article has a source and an id and writes as JSON, and the stats agree
//  with what came out. The raw bytes are also read as a followed file
//  resumed at an offset the input picks, and as a checkpoint file (what the
//  reader keeps is well-formed and survives a save and a load).
#include "fetch/checkpoint.h"
#include "fetch/fetch.h"
#include "depeche/dp_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

int
    LLVMFuzzerInitialize (int *argc, char ***argv);
int
    LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define S_CHECK(cond) \
    do { if (!(cond)) s_fail (#cond, __LINE__); } while (0)

#define S_MAX_BYTES 4096                //  article size limit: small, so hit
#define S_MAX_CALLS 1000000             //  more articles than this: a loop

static const char *const s_names [] = {
    "x.jsonl", "x.jsonl.gz", "x.json", "x.html", "x.txt", "x.warc", "x.warc.gz",
    "x.ckpt", "y.ckpt", "x.html.gz", "x.txt.gz"
};
#define S_N_NAMES (sizeof s_names / sizeof s_names [0])

static char s_dir [256];                //  private temp folder
static char s_paths [S_N_NAMES][320];   //  s_dir + "/" + each name

static void
s_fail (const char *what, int line)
{
    fprintf (stderr, "fuzz_fetch.c:%d: invariant failed: %s\n", line, what);
    abort ();
}

static void
s_cleanup (void)
{
    for (size_t i = 0; i < S_N_NAMES; i++)
        unlink (s_paths [i]);
    if (s_dir [0])
        rmdir (s_dir);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    const char *tmp = getenv ("TMPDIR");
    snprintf (s_dir, sizeof s_dir, "%s/depeche-fuzz-fetch-XXXXXX",
              tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp (s_dir)) {
        perror ("fuzz_fetch: mkdtemp");
        exit (2);
    }
    for (size_t i = 0; i < S_N_NAMES; i++)
        snprintf (s_paths [i], sizeof s_paths [i], "%s/%s", s_dir, s_names [i]);
    atexit (s_cleanup);
    //  Bad lines are logged (rate-limited); the fuzzer does not need them.
    if (!getenv ("DP_LOG"))
        dp_log_set_level (DP_LOG_ERROR);
    return 0;
}

//  --------------------------------------------------------------------------

static void
s_write (const char *path, const void *data, size_t size)
{
    FILE *f = fopen (path, "wb");
    S_CHECK (f);
    S_CHECK (size == 0 || fwrite (data, 1, size, f) == size);
    S_CHECK (fclose (f) == 0);
}

//  Returns a malloc'd gzip member holding data, its size in *out_len.
static uint8_t *
s_gzip (const uint8_t *data, size_t size, size_t *out_len)
{
    z_stream zs;
    memset (&zs, 0, sizeof zs);
    S_CHECK (deflateInit2 (&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                           Z_DEFAULT_STRATEGY) == Z_OK);
    size_t cap = deflateBound (&zs, (uLong) size) + 64;
    uint8_t *out = malloc (cap);
    S_CHECK (out);
    zs.next_in = (Bytef *) data;
    zs.avail_in = (uInt) size;
    zs.next_out = out;
    zs.avail_out = (uInt) cap;
    S_CHECK (deflate (&zs, Z_FINISH) == Z_STREAM_END);
    *out_len = zs.total_out;
    deflateEnd (&zs);
    return out;
}

//  FNV-1a: lets the input choose where its gzip copy is cut, reproducibly.
static uint64_t
s_hash (const uint8_t *data, size_t size)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data [i]) * 0x100000001b3ull;
    return h;
}

//  Drains a source built from paths; checks every article and the ending.
static void
s_drain (char *const *paths, size_t n_paths)
{
    dp_fetch_src_t *src = dp_fetch_src_new (paths, n_paths, S_MAX_BYTES);
    S_CHECK (src);
    S_CHECK (dp_fetch_src_fd (src) == -1);
    uint64_t produced = 0, with_error = 0;
    dp_src_rc_t rc;
    while (true) {
        dp_article_t *doc = NULL;
        rc = dp_fetch_src_next (src, &doc);
        if (rc != DP_SRC_ARTICLE)
            break;
        S_CHECK (doc);
        S_CHECK (++produced < S_MAX_CALLS);
        S_CHECK (doc->source && doc->id);
        with_error += doc->error != NULL;
        size_t len;
        char *line = dp_article_to_json (doc, &len);
        S_CHECK (line);
        free (line);
        dp_article_destroy (&doc);
    }
    S_CHECK (rc == DP_SRC_DONE);
    dp_article_t *none = NULL;
    S_CHECK (dp_fetch_src_next (src, &none) == DP_SRC_DONE);
    S_CHECK (none == NULL);
    const dp_fetch_stats_t *st = dp_fetch_src_stats (src);
    if (st->records != produced || st->dead > with_error)
        fprintf (stderr, "stats: records %llu dead %llu; seen %llu, %llu with error\n",
                 (unsigned long long) st->records, (unsigned long long) st->dead,
                 (unsigned long long) produced, (unsigned long long) with_error);
    S_CHECK (st->records == produced);
    //  A record may arrive with error already set (a dead letter replayed),
    //  which fetch does not count as its own: hence <=, not ==.
    S_CHECK (st->dead <= with_error);
    dp_fetch_src_destroy (&src);
    S_CHECK (src == NULL);
}

//  The id is "u" or "s" and 16 hex digits, whatever the URL or source.
static void
s_check_id (const uint8_t *data, size_t size)
{
    char *s = malloc (size + 1);
    S_CHECK (s);
    memcpy (s, data, size);
    s [size] = '\0';
    char *half = s + strlen (s) / 2;
    char *ids [3] = {
        dp_fetch_make_id (s, half), dp_fetch_make_id (NULL, s), dp_fetch_make_id ("", s)
    };
    for (size_t i = 0; i < 3; i++) {
        S_CHECK (ids [i]);
        S_CHECK (strlen (ids [i]) == 17);
        S_CHECK (ids [i][0] == 'u' || ids [i][0] == 's');
        S_CHECK (strspn (ids [i] + 1, "0123456789abcdef") == 16);
        free (ids [i]);
    }
    free (s);
}

//  x.jsonl followed from an offset (as after a restart): every article is
//  whole; the source only says AGAIN once it has read everything.
static void
s_follow (const char *path, uint64_t h, size_t size)
{
    struct stat st;
    S_CHECK (stat (path, &st) == 0);
    dp_fetch_pos_t at = { .live = true, .follow = 1, .dev = (uint64_t) st.st_dev,
                          .ino = (uint64_t) st.st_ino, .off = h % (size + 2) };
    dp_fetch_src_t *src = dp_fetch_src_new (NULL, 0, S_MAX_BYTES);
    S_CHECK (src);
    S_CHECK (dp_fetch_src_follow_at (src, path, &at) == 0);
    dp_article_t *doc = NULL;
    uint64_t produced = 0;
    dp_src_rc_t rc;
    while ((rc = dp_fetch_src_next (src, &doc)) == DP_SRC_ARTICLE) {
        S_CHECK (doc && doc->source && doc->id);
        S_CHECK (++produced <= size + 1);
        dp_fetch_pos_t pos = dp_fetch_src_pos (src);
        S_CHECK (pos.live && pos.follow == 1 && pos.off <= (uint64_t) size);
        dp_article_destroy (&doc);
    }
    S_CHECK (rc == DP_SRC_AGAIN);
    dp_fetch_pos_t where;
    S_CHECK (dp_fetch_src_follow_where (src, 0, &where));
    S_CHECK (where.off <= (uint64_t) size + 1);
    dp_fetch_src_destroy (&src);
}

//  Any bytes as a checkpoint file.
static void
s_checkpoint (const char *path, const char *again)
{
    dp_ckpt_t ck, back;
    if (dp_ckpt_load (path, 42, &ck))
        return;
    S_CHECK (ck.n_follow <= DP_FETCH_MAX_FOLLOW);
    S_CHECK (ck.seq <= DP_CKPT_SEQ_MAX);
    for (size_t i = 0; i < ck.n_follow; i++)
        S_CHECK (ck.follow_path [i] && *ck.follow_path [i] && !strchr (ck.follow_path [i], '\n'));
    S_CHECK (dp_ckpt_save (again, &ck) == 0);
    S_CHECK (dp_ckpt_load (again, ck.hash, &back) == 0);
    S_CHECK (back.files_ok && back.n_follow == ck.n_follow);
    S_CHECK (back.files.file == ck.files.file && back.files.record == ck.files.record);
    S_CHECK (back.seq == ck.seq);
    for (size_t i = 0; i < ck.n_follow; i++) {
        S_CHECK (strcmp (back.follow_path [i], ck.follow_path [i]) == 0);
        S_CHECK (back.follow [i].off == ck.follow [i].off);
    }
    dp_ckpt_clear (&ck);
    dp_ckpt_clear (&back);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    size_t gz_len;
    uint8_t *gz = s_gzip (data, size, &gz_len);
    uint64_t h = s_hash (data, size);
    //  One time in four the whole member, else cut anywhere in it.
    size_t cut = h % 4 == 0 ? gz_len : (size_t) ((h >> 2) % (gz_len + 1));

    for (size_t i = 0; i < S_N_NAMES; i++)
        if (strstr (s_names [i], ".gz"))
            s_write (s_paths [i], gz, cut);
        else
            s_write (s_paths [i], data, size);
    free (gz);

    //  Each file on its own, then the folder (walked, sorted).
    for (size_t i = 0; i < S_N_NAMES; i++) {
        char *one [1] = { s_paths [i] };
        s_drain (one, 1);
    }
    s_follow (s_paths [0], h, size);
    s_checkpoint (s_paths [7], s_paths [8]);
    unlink (s_paths [8]);
    char *dir [1] = { s_dir };
    s_drain (dir, 1);

    //  The raw bytes under the .gz name.
    s_write (s_paths [1], data, size);
    char *raw [1] = { s_paths [1] };
    s_drain (raw, 1);

    s_check_id (data, size);
    return 0;
}
