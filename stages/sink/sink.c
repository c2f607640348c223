//  depeche sink — JSONL writer with exact-once ids. The id set holds 64-bit
//  hashes (8 bytes per article: 100 M articles fit in about 1.6 GB at half
//  load); a collision would need ~4e9 ids to become likely.
#include "sink/sink.h"
#include "sink/archive.h"
#include "sink/db.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>

typedef struct {
    uint64_t *keys;                     //  0 = empty slot
    size_t cap;                         //  power of two
    size_t n;
} s_idset_t;

struct dp_sink {
    dp_sink_cfg_t cfg;
    FILE *out;                          //  main output
    FILE *dead;                         //  dead letters (may equal out)
    char *out_buf;                      //  their stdio buffers (S_OUT_BUF), or NULL
    char *dead_buf;
    bool out_is_stdout;
    s_idset_t ids;                      //  ids in out and dead
    dp_archive_t *archive;              //  NULL = no archive
    s_idset_t arch_ids;                 //  ids in the archive
    dp_db_t *db;                        //  NULL = no database
    dp_db_t *state;                     //  linking state apart from db, or NULL
    dp_link_t *link;                    //  NULL = no linking
    char *last;                         //  JSON of the last record written,
    size_t last_len;                    //  kept (last_cap bytes) for the next one
    size_t last_cap;
    bool has_last;                      //  false: the last call wrote none
    bool trim_due;                      //  a heavy article came: dp_sink_trim
    uint64_t evictions;                 //  the linker's, at the last look
    dp_sink_stats_t stats;
};

//  An article this heavy left tens of MB free in malloc once freed (150 000
//  names: 64 MB kept for reuse, not reused by ordinary articles); a heavy
//  one is rare (real pages name at most a few hundred, text of 1 MB is
//  ten times the largest real one), so a trim after it costs nothing.
#define S_TRIM_ENTITIES 16384
#define S_TRIM_TEXT (1024 * 1024)

//  The JSON lines' stdio buffer: glibc's own is 4 KB, under one record
//  (~8.5 KB, real or generated text), so each went out in write calls of
//  its own (~2 system calls an article); with this many, the flush at every
//  batch or tick writes what came since in a few calls. What is written,
//  and when it is flushed and acknowledged, is as before.
#define S_OUT_BUF (256 * 1024)

//  Gives f a buffer of S_OUT_BUF bytes: a file its own (*buf, freed after
//  f is closed), stdout one for the process, given once, before its first
//  write (it outlives any sink). A terminal keeps its line buffering.
//  Without memory, glibc's stays.
static void
s_buffer (FILE *f, char **buf)
{
    static char stdout_buf [S_OUT_BUF];
    static bool stdout_done;
    if (!f || isatty (fileno (f)))
        return;
    if (f == stdout) {
        if (!stdout_done && fflush (stdout) == 0)
            setvbuf (stdout, stdout_buf, _IOFBF, sizeof stdout_buf);
        stdout_done = true;
        return;
    }
    if (!(*buf = malloc (S_OUT_BUF)))
        return;
    if (setvbuf (f, *buf, _IOFBF, S_OUT_BUF)) {
        free (*buf);
        *buf = NULL;
    }
}

//  True when key is in the set.
static bool
s_idset_has (const s_idset_t *set, uint64_t key)
{
    if (!set->cap)
        return false;
    for (size_t j = key & (set->cap - 1); set->keys [j]; j = (j + 1) & (set->cap - 1))
        if (set->keys [j] == key)
            return true;
    return false;
}

//  Inserts key; returns 1 if new, 0 if present, -1 when out of memory.
static int
s_idset_add (s_idset_t *set, uint64_t key)
{
    if ((set->n + 1) * 2 > set->cap) {
        size_t ncap = set->cap ? set->cap * 2 : 1024;
        uint64_t *nk = calloc (ncap, sizeof *nk);
        if (!nk)
            return -1;
        for (size_t i = 0; i < set->cap; i++)
            if (set->keys [i]) {
                size_t j = set->keys [i] & (ncap - 1);
                while (nk [j])
                    j = (j + 1) & (ncap - 1);
                nk [j] = set->keys [i];
            }
        free (set->keys);
        set->keys = nk;
        set->cap = ncap;
    }
    size_t j = key & (set->cap - 1);
    while (set->keys [j]) {
        if (set->keys [j] == key)
            return 0;
        j = (j + 1) & (set->cap - 1);
    }
    set->keys [j] = key;
    set->n++;
    return 1;
}

//  The id of one output line. Our own lines start {"id":"..." so most take
//  a memchr; anything else is parsed. Returns a hash, or 0 for no id.
static uint64_t
s_line_id (const char *line, size_t len)
{
    static const char prefix [] = "{\"id\":\"";
    size_t plen = sizeof prefix - 1;
    if (len > plen && memcmp (line, prefix, plen) == 0) {
        const char *start = line + plen;
        const char *quote = memchr (start, '"', len - plen);
        if (quote && !memchr (start, '\\', (size_t) (quote - start))) {
            char id [512];
            size_t n = (size_t) (quote - start);
            if (n < sizeof id) {
                memcpy (id, start, n);
                id [n] = '\0';
                return dp_hash_str (id);
            }
        }
    }
    json_t *obj = json_loadb (line, len, 0, NULL);
    const char *id = json_string_value (json_object_get (obj, "id"));
    uint64_t h = id ? dp_hash_str (id) : 0;
    json_decref (obj);
    return h;
}

//  Loads the ids of an existing JSONL file into the set (a regular file
//  only: the read end of a pipe named as /dev/stdout would wait for ever
//  on the sink's own output). A last line
//  without its newline is a write cut by a crash: it was never acknowledged
//  (fetch will resend it), so it is cut off rather than left half-written.
static int
s_preload (dp_sink_t *self, const char *path)
{
    FILE *f = fopen (path, "r");
    if (!f)
        return errno == ENOENT ? 0 : -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    size_t n = 0;
    off_t whole = 0;                    //  bytes in complete lines
    bool partial = false;
    while ((len = getline (&line, &cap, f)) > 0) {
        if (line [len - 1] != '\n') {
            partial = true;
            break;
        }
        whole += len;
        uint64_t key = s_line_id (line, (size_t) len - 1);
        if (key && s_idset_add (&self->ids, key) == 1)
            n++;
    }
    free (line);
    fclose (f);
    if (partial) {
        dp_log_warn ("%s: cutting a partial last record (a crash mid-write); it was "
                     "not acknowledged and will be sent again", path);
        if (truncate (path, whole))
            return -1;
    }
    if (n)
        dp_log_info ("%s: %zu ids already written", path, n);
    return 0;
}

//  Opens the JSON-lines output for appending, locked (flock) before its
//  ids are read: two sinks on one file interleaved their buffered writes,
//  leaving records cut in two in the middle of it (whose ids a restarted
//  sink counts as written, and never writes), and each cut the other's
//  half-written last line as its own crash's. The lock goes with the
//  process, killed or not. NULL (logged) when it cannot be had.
static FILE *
s_open_locked (const char *path)
{
    int fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        dp_log_error ("%s: %s", path, strerror (errno));
        return NULL;
    }
    if (flock (fd, LOCK_EX | LOCK_NB)) {
        dp_log_error ("%s: %s (another sink writes to this file?)", path, strerror (errno));
        close (fd);
        return NULL;
    }
    FILE *f = fdopen (fd, "a");
    if (!f) {
        dp_log_error ("%s: %s", path, strerror (errno));
        close (fd);
    }
    return f;
}

//  The archive reports each id it already holds.
static void
s_arch_id (void *arg, const char *id, size_t len)
{
    dp_sink_t *self = arg;
    char buf [512];
    if (len >= sizeof buf)
        return;
    memcpy (buf, id, len);
    buf [len] = '\0';
    s_idset_add (&self->arch_ids, dp_hash_str (buf));
}

//  Makes the folders leading to path (and path itself when is_dir), like
//  mkdir -p. Returns 0 or -1 (errno).
static int
s_mkdirs (const char *path, bool is_dir)
{
    char buf [4096];
    if (snprintf (buf, sizeof buf, "%s", path) >= (int) sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    size_t n = strlen (buf);
    if (!is_dir) {
        char *slash = strrchr (buf, '/');
        if (!slash)
            return 0;                   //  the current folder
        *slash = '\0';
        n = strlen (buf);
    }
    for (size_t i = 1; i <= n; i++)
        if (buf [i] == '/' || buf [i] == '\0') {
            char c = buf [i];
            buf [i] = '\0';
            if (mkdir (buf, 0755) && errno != EEXIST)
                return -1;
            buf [i] = c;
        }
    return 0;
}

dp_sink_t *
dp_sink_new (const dp_sink_cfg_t *cfg)
{
    dp_sink_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->cfg = *cfg;
    const char *out = cfg->out ? cfg->out : cfg->archive || cfg->db ? NULL : "-";
    //  Folders of the outputs are made as needed (out/articles.jsonl).
    const char *paths [] = { out, cfg->dead, cfg->db, cfg->archive };
    for (size_t i = 0; i < sizeof paths / sizeof paths [0]; i++)
        if (paths [i] && strcmp (paths [i], "-") != 0
        &&  s_mkdirs (paths [i], i == 3)) {
            dp_log_error ("%s: cannot make its folder: %s", paths [i], strerror (errno));
            goto fail;
        }
    if (cfg->archive) {
        self->archive = dp_archive_new (cfg->archive, cfg->rotate_bytes, cfg->rotate_s,
                                        s_arch_id, self);
        if (!self->archive)
            goto fail;
        if (self->arch_ids.n)
            dp_log_info ("%s: %zu ids already archived", cfg->archive, self->arch_ids.n);
    }
    if (cfg->db && !(self->db = dp_db_new (cfg->db, cfg->fsync)))
        goto fail;
    if (!cfg->no_link) {
        //  The state goes with the records into the database when there
        //  is one; else into its own file; else it lives in memory only.
        if (!cfg->db && cfg->state && !(self->state = dp_db_new (cfg->state, cfg->fsync)))
            goto fail;
        if (!cfg->db && !cfg->state)
            dp_log_info ("stories and learned names are kept in memory only "
                         "(--db or --state keeps them across restarts)");
        self->link = dp_link_new (&cfg->link, self->db ? self->db : self->state);
        if (!self->link)
            goto fail;
    }
    if (!out)
        ;                               //  no JSON lines output
    else
    if (strcmp (out, "-") == 0) {
        self->out = stdout;
        self->out_is_stdout = true;
    }
    else {
        struct stat st;
        if (!(self->out = s_open_locked (out)))
            goto fail;
        if (fstat (fileno (self->out), &st) == 0 && S_ISREG (st.st_mode) && s_preload (self, out)) {
            dp_log_error ("%s: %s", out, strerror (errno));
            goto fail;
        }
    }
    s_buffer (self->out, &self->out_buf);
    self->dead = cfg->dead ? NULL : self->out;
    if (cfg->dead) {
        struct stat st;
        if ((stat (cfg->dead, &st) == 0 && S_ISREG (st.st_mode) && s_preload (self, cfg->dead))
        ||  !(self->dead = fopen (cfg->dead, "a"))) {
            dp_log_error ("%s: %s", cfg->dead, strerror (errno));
            goto fail;
        }
        s_buffer (self->dead, &self->dead_buf);
    }
    return self;
fail:
    dp_sink_destroy (&self);
    return NULL;
}

void
dp_sink_destroy (dp_sink_t **self_p)
{
    dp_sink_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    dp_sink_flush (self);
    if (self->dead && self->dead != self->out)
        fclose (self->dead);
    if (self->out && !self->out_is_stdout)
        fclose (self->out);
    free (self->out_buf);
    free (self->dead_buf);
    dp_archive_destroy (&self->archive);
    dp_link_destroy (&self->link);
    dp_db_destroy (&self->db);
    dp_db_destroy (&self->state);
    free (self->ids.keys);
    free (self->arch_ids.keys);
    free (self->last);
    free (self);
    *self_p = NULL;
}

int
dp_sink_write (dp_sink_t *self, dp_article_t *doc)
{
    //  The sink writes annotated articles: one with no text left is a dead
    //  letter here as in split and tag, never a record (nor one more
    //  member of the story of all empty articles).
    if (!doc->error && (!doc->text || !*doc->text)
    &&  dp_article_fail (doc, "sink", doc->html ? "article has no text (was it cleaned?)"
                                                : "article has neither html nor text"))
        return -1;
    uint64_t key = doc->id ? dp_hash_str (doc->id) : 0;
    //  A dead letter goes only to the --dead file when there is one.
    bool dead_apart = doc->error && self->cfg.dead;
    FILE *f = doc->error ? self->dead : self->out;
    bool to_file = f && !(key && s_idset_has (&self->ids, key));
    bool to_arch = self->archive && !dead_apart && !(key && s_idset_has (&self->arch_ids, key));
    bool to_db = self->db && !dead_apart;
    if (!to_file && !to_arch && !to_db) {
        self->stats.duplicates++;
        return 0;
    }
    self->has_last = false;
    if (self->link && dp_link_article (self->link, doc))
        return -1;
    if (doc->n_entities >= S_TRIM_ENTITIES
    ||  (doc->text && strnlen (doc->text, S_TRIM_TEXT) == S_TRIM_TEXT))
        self->trim_due = true;
    if (self->link && dp_link_evictions (self->link) != self->evictions) {
        //  Half the names forgotten: their indexes rebuilt, the old freed.
        self->evictions = dp_link_evictions (self->link);
        self->trim_due = true;
    }
    {
        //  Tokens and trace are plumbing between stages; the record a user
        //  keeps is DESIGN.md's JSON form. A shallow copy hides them.
        dp_article_t view = *doc;
        if (!self->cfg.keep_tokens) {
            view.n_tokens = 0;
            view.tokens = NULL;
        }
        if (!self->cfg.keep_trace) {
            view.n_trace = 0;
            view.trace = NULL;
        }
        view.origin = NULL;
        view.has_seq = 0;
        if (dp_article_to_json_buf (&view, &self->last, &self->last_cap, &self->last_len))
            return -1;
        self->has_last = true;
    }
    bool wrote = false;
    if (to_file) {
        self->last [self->last_len] = '\n';
        size_t put = fwrite (self->last, 1, self->last_len + 1, f);
        self->last [self->last_len] = '\0';
        if (put != self->last_len + 1) {
            dp_log_once_per (DP_LOG_ERROR, "write: %s", strerror (errno));
            return -1;
        }
        //  Only a record that made it to the file counts as written.
        if (key && s_idset_add (&self->ids, key) < 0)
            return -1;
        wrote = true;
    }
    if (to_arch) {
        if (dp_archive_write (self->archive, self->last, self->last_len, doc->id))
            return -1;
        if (key && s_idset_add (&self->arch_ids, key) < 0)
            return -1;
        wrote = true;
    }
    if (to_db) {
        int rc = dp_db_write (self->db, doc);
        if (rc < 0)
            return -1;
        wrote = wrote || rc == 1;
    }
    if (!wrote) {
        self->stats.duplicates++;
        return 0;
    }
    self->stats.written++;
    if (doc->error)
        self->stats.dead++;
    return 1;
}

int
dp_sink_flush (dp_sink_t *self)
{
    int rc = 0;
    FILE *files [2] = { self->out, self->dead != self->out ? self->dead : NULL };
    for (int i = 0; i < 2; i++) {
        if (!files [i])
            continue;
        if (fflush (files [i]))
            rc = -1;
        if (self->cfg.fsync && files [i] != stdout && fsync (fileno (files [i])))
            rc = -1;
        //  Deleted under the sink (not renamed: a rotation by mv keeps what
        //  was written): what goes into it is gone once the sink exits.
        struct stat st;
        if (fstat (fileno (files [i]), &st) == 0 && S_ISREG (st.st_mode) && st.st_nlink == 0) {
            errno = ENOENT;
            dp_log_once_per (DP_LOG_ERROR, "an output file was deleted while the sink "
                             "wrote it; nothing more is acknowledged");
            rc = -1;
        }
    }
    if (rc)
        dp_log_once_per (DP_LOG_ERROR, "flush: %s", strerror (errno));
    if (self->archive && dp_archive_flush (self->archive))
        rc = -1;
    if (self->db && dp_db_commit (self->db))
        rc = -1;
    if (self->state && dp_db_commit (self->state))
        rc = -1;
    return rc;
}

int
dp_sink_tick (dp_sink_t *self)
{
    return self->archive ? dp_archive_tick (self->archive) : 0;
}

bool
dp_sink_trim (dp_sink_t *self)
{
    if (!self->trim_due)
        return false;
    self->trim_due = false;
    if (self->last_cap > S_TRIM_TEXT) {
        //  The heavy article's JSON (14 MB for 150 000 names): the next
        //  record grows a buffer of its own size again.
        free (self->last);
        self->last = NULL;
        self->last_cap = self->last_len = 0;
        self->has_last = false;
    }
    dp_malloc_trim ();
    return true;
}

const char *
dp_sink_last_json (dp_sink_t *self, size_t *len)
{
    if (len)
        *len = self->has_last ? self->last_len : 0;
    return self->has_last ? self->last : NULL;
}

const dp_sink_stats_t *
dp_sink_stats (dp_sink_t *self)
{
    return &self->stats;
}

dp_link_t *
dp_sink_link (dp_sink_t *self)
{
    return self->link;
}
