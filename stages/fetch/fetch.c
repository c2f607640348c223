//  depeche fetch — sources. Files are read whole (they are articles, and the
//  size limit is checked with stat first); JSON lines are streamed through
//  dp_gz (stages/core/dp_gz.c), which reads plain files too, so .jsonl and
//  .jsonl.gz share one path. WARC files go through warc.c. Folders are listed, sorted, and
//  walked lazily. Live sources (--follow, --watch) come after the finite
//  ones and never end.
#include "fetch/fetch.h"
#include "fetch/fetch_int.h"
#include "fetch/warc.h"
#include "depeche/dp_common.h"
#include "depeche/dp_gz.h"
#include "depeche/dp_log.h"
#include "depeche/dp_stage.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define S_CHUNK 65536

dp_fetch_src_t *
dp_fetch_src_new (char *const *paths, size_t n_paths, size_t max_bytes)
{
    dp_fetch_src_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->fd = -1;
    self->watch_fd = -1;
    self->max_bytes = max_bytes;
    self->max_line = dp_frame_limit (max_bytes);
    self->buf = malloc (self->max_line + 1);
    if (!self->buf)
        goto fail;
    for (size_t i = 0; i < n_paths; i++) {
        struct stat st;
        if (strcmp (paths [i], "-") != 0 && stat (paths [i], &st) == 0
        &&  S_ISDIR (st.st_mode)) {
            //  A trailing slash would double up in the sources we print.
            char *dir = strdup (paths [i]);
            if (!dir)
                goto fail;
            size_t n = strlen (dir);
            while (n > 1 && dir [n - 1] == '/')
                dir [--n] = '\0';
            int rc = dp_fetch_int_walk (self, dir);
            free (dir);
            if (rc)
                goto fail;
        }
        else
        if (dp_fetch_int_paths_add (&self->todo, paths [i]))
            goto fail;
    }
    self->sizes = calloc (self->todo.n + 1, sizeof *self->sizes);
    if (!self->sizes)
        goto fail;
    for (size_t i = 0; i < self->todo.n; i++) {
        struct stat st;
        if (strcmp (self->todo.v [i], "-") != 0 && stat (self->todo.v [i], &st) == 0
        &&  S_ISREG (st.st_mode))
            self->sizes [i] = (uint64_t) st.st_size;
        self->total_bytes += self->sizes [i];
    }
    return self;
fail:
    dp_fetch_src_destroy (&self);
    return NULL;
}

void
dp_fetch_src_destroy (dp_fetch_src_t **self_p)
{
    dp_fetch_src_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    dp_gz_close (&self->gz);
    dp_warc_close (&self->warc);
    dp_warc_rec_clear (&self->rec);
    for (size_t i = 0; i < self->todo.n; i++)
        free (self->todo.v [i]);
    free (self->todo.v);
    free (self->sizes);
    dp_fetch_int_live_free (self);
    free (self->buf);
    free (self->line.id);
    free (self);
    *self_p = NULL;
}

int
dp_fetch_src_fd (dp_fetch_src_t *self)
{
    return self->fd;
}

const dp_fetch_stats_t *
dp_fetch_src_stats (dp_fetch_src_t *self)
{
    return &self->stats;
}

char *
dp_fetch_make_id (const char *url, const char *source)
{
    const char *key = url && *url ? url : source ? source : "";
    //  FNV-1a 64 then a final mix, so near-identical URLs spread well.
    uint64_t h = 1469598103934665603ull;
    for (const char *p = key; *p; p++) {
        h ^= (unsigned char) *p;
        h *= 1099511628211ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    char *id = malloc (18);
    if (id)
        snprintf (id, 18, "%c%016llx", url && *url ? 'u' : 's', (unsigned long long) h);
    return id;
}

//  An id for an article of the file being read. A spool file's name comes
//  back (a producer that drops "batch.jsonl" every hour): its inode and
//  mtime go into the id, so that another file of that name is not taken
//  for the same articles (the sink would drop them as written), while the
//  same file read again after a restart keeps its ids.
char *
dp_fetch_int_make_id (dp_fetch_src_t *self, const char *url, const char *source)
{
    if (url && *url)
        return dp_fetch_make_id (url, NULL);
    if (!self->watch_cur || !self->spool_key [0] || !source
    ||  strncmp (source, self->watch_cur, strlen (self->watch_cur)) != 0)
        return dp_fetch_make_id (NULL, source);
    char *key = NULL;
    if (asprintf (&key, "%s#%s", source, self->spool_key) < 0)
        return NULL;
    char *id = dp_fetch_make_id (NULL, key);
    free (key);
    return id;
}

//  --------------------------------------------------------------------------

//  A new article with source and a stable id; error set when reason given.
static dp_article_t *
s_article (dp_fetch_src_t *self, const char *source, const char *reason)
{
    dp_article_t *doc = dp_article_new ();
    if (!doc || dp_article_set_str (&doc->source, source))
        goto oom;
    doc->id = dp_fetch_int_make_id (self, NULL, source);
    if (!doc->id)
        goto oom;
    if (reason) {
        if (dp_article_fail (doc, "fetch", reason))
            goto oom;
        self->stats.dead++;
        dp_log_once_per (DP_LOG_WARN, "%s: %s", source, reason);
    }
    self->stats.records++;
    return doc;
oom:
    dp_article_destroy (&doc);
    return NULL;
}

bool
dp_fetch_int_is_blank (const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s [i] != ' ' && s [i] != '\t' && s [i] != '\n' && s [i] != '\r')
            return false;
    return true;
}

//  One file = one article (.txt, .html, other named files), or a .json
//  object.
static dp_article_t *
s_read_whole (dp_fetch_src_t *self, const char *path, dp_fkind_t kind)
{
    struct stat st;
    char reason [256];
    if (stat (path, &st)) {
        snprintf (reason, sizeof reason, "cannot read: %s", strerror (errno));
        return s_article (self, path, reason);
    }
    if (!S_ISREG (st.st_mode)) {
        snprintf (reason, sizeof reason, "not a regular file");
        return s_article (self, path, reason);
    }
    if ((size_t) st.st_size > self->max_bytes) {
        snprintf (reason, sizeof reason, "article over size limit (%lld > %zu bytes)",
                  (long long) st.st_size, self->max_bytes);
        return s_article (self, path, reason);
    }
    size_t len;
    bool gz = kind != DP_FKIND_OTHER && dp_fetch_int_ends_with (path, ".gz");
    char *data = gz ? dp_fetch_int_read_gz (path, self->max_bytes, &len, reason, sizeof reason)
                    : dp_read_file (path, &len);
    if (!data) {
        if (!gz)
            snprintf (reason, sizeof reason, "cannot read: %s", strerror (errno));
        return s_article (self, path, reason);
    }
    self->stats.files++;
    //  A byte-order mark says how the file is encoded: UTF-16 and UTF-32
    //  are converted (they would read as binary: half their bytes or more
    //  are NUL), UTF-8's is dropped. UTF-16 without one is recognised by
    //  its NULs, converted and flagged (charset-guessed).
    size_t converted = 0, bom_len = 0;
    const char *bom = dp_fetch_int_bom (data, len, &bom_len);
    const char *guessed = bom ? NULL : dp_fetch_int_utf16_sniff (data, len);
    if (guessed) {
        bom = guessed;
        bom_len = 0;
    }
    if (bom) {
        size_t n;
        char *fixed = dp_charset_to_utf8 (data + bom_len, len - bom_len, bom, &n, &converted);
        free (data);
        if (!fixed)
            return NULL;
        data = fixed;
        len = n;
    }
    else
    if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0) {
        memmove (data, data + 3, len - 2);
        len -= 3;
    }
    dp_article_t *doc = NULL;
    if (len == 0 || dp_fetch_int_is_blank (data, len))
        doc = s_article (self, path, "empty input");
    else
    if (dp_fetch_int_is_binary (data, len))
        doc = s_article (self, path, "binary content (not text)");
    else
    if (kind == DP_FKIND_JSON) {
        char err [200];
        doc = dp_article_from_json (data, len, err, sizeof err);
        if (doc) {
            self->stats.records++;
            dp_article_set_str (&doc->source, path);
            if (dp_article_repaired_id (doc, data, len))
                dp_article_destroy (&doc);
            else
            if (!doc->id)
                doc->id = dp_fetch_int_make_id (self, doc->url, path);
        }
        else {
            snprintf (reason, sizeof reason, "malformed JSON: %s", err);
            doc = s_article (self, path, reason);
        }
    }
    else {
        //  Sniff named files of no known kind: markup or not.
        size_t i = 0;
        while (i < len && (data [i] == ' ' || data [i] == '\n' || data [i] == '\r'
                           || data [i] == '\t'))
            i++;
        bool html = kind == DP_FKIND_HTML || (kind == DP_FKIND_OTHER && data [i] == '<');
        doc = s_article (self, path, NULL);
        size_t nuls = dp_fetch_int_drop_nuls (data, &len);
        if (doc && nuls) {
            self->stats.nul_dropped += nuls;
            dp_log_once_per (DP_LOG_WARN, "%s: %zu NUL byte(s) dropped", path, nuls);
            if (dp_article_add_flag (doc, "nul-dropped"))
                dp_article_destroy (&doc);
        }
        if (doc && !dp_utf8_valid (data, len)) {
            //  From here on every string on the wire is UTF-8 (JSON needs
            //  it): a page that declares its charset (<meta>) is converted
            //  with iconv (one that says UTF-8 in a capture's banner, in the
            //  charset its own <meta> says); other bad bytes become U+FFFD,
            //  and the article says so.
            char cs [64];
            const char *declared = html ? dp_charset_declared (NULL, data, len, cs, sizeof cs)
                                        : NULL;
            bool utf8 = dp_charset_is_utf8 (declared);
            size_t repaired = 0, n;
            char *fixed = html && utf8 ? dp_charset_other (data, len, &n) : NULL;
            if (!fixed)
                fixed = dp_charset_to_utf8 (data, len, declared, &n, &repaired);
            if (!fixed || (repaired && dp_article_add_flag (doc, utf8 ? "utf8-repaired"
                                                                      : "charset-repaired")))
                dp_article_destroy (&doc);
            free (data);
            data = fixed;
        }
        if (doc && converted && dp_article_add_flag (doc, "charset-repaired"))
            dp_article_destroy (&doc);
        if (doc && guessed && dp_article_add_flag (doc, "charset-guessed"))
            dp_article_destroy (&doc);
        if (doc) {
            dp_article_take (html ? &doc->html : &doc->text, data);
            data = NULL;
        }
    }
    free (data);
    return doc;
}

//  JSON lines, from a gzip or plain file (dp_gz) or from stdin. The unread bytes are
//  buf[start..len): lines are taken in place, and the buffer is compacted
//  only before a read, so a chunk costs one pass whatever its line count.

static void
s_close_reader (dp_fetch_src_t *self)
{
    dp_gz_close (&self->gz);
    self->junk_told = false;
    self->fd = -1;
    self->fd_read = 0;
    self->len = 0;
    self->start = 0;
    self->eof = false;
    self->eol = DP_EOL_UNKNOWN;
    self->discarding = false;
    self->discard_len = 0;
    self->path = NULL;
}

//  Reads more bytes. 1: got some, 0: end, 2: stdin would block,
//  -1: damaged input (reason in err).
static int
s_fill (dp_fetch_src_t *self, char *err, size_t errlen)
{
    if (self->start) {
        memmove (self->buf, self->buf + self->start, self->len - self->start);
        self->len -= self->start;
        self->start = 0;
    }
    size_t room = self->max_line - self->len;
    if (room > 4 * S_CHUNK)
        room = 4 * S_CHUNK;
    if (self->fd >= 0) {
        struct pollfd pfd = { .fd = self->fd, .events = POLLIN };
        if (poll (&pfd, 1, 0) == 0)
            return 2;
        ssize_t got = read (self->fd, self->buf + self->len, room);
        if (got < 0)
            return errno == EINTR || errno == EAGAIN ? 2 : 0;
        //  JSON lines never start with gzip's magic bytes: an archive piped
        //  in (`cat a.jsonl.gz | depeche-fetch`) would be thousands of
        //  "malformed" lines of binary. One dead letter says what to do.
        if (self->fd_read == 0 && self->len == 0 && got >= 2
        &&  (unsigned char) self->buf [0] == 0x1f && (unsigned char) self->buf [1] == 0x8b) {
            snprintf (err, errlen, "standard input is gzip data, not JSON lines: name the "
                      "file (depeche-fetch FILE.gz) or decompress it (zcat FILE | "
                      "depeche-fetch); nothing of it was read");
            return -1;
        }
        self->fd_read += (uint64_t) got;
        self->len += (size_t) got;
        return got > 0;
    }
    int got = dp_gz_read (self->gz, self->buf + self->len, (unsigned) room);
    if (got > 0) {
        self->len += (size_t) got;
        return 1;
    }
    if (got < 0) {
        snprintf (err, errlen, "%s", dp_gz_error (self->gz));
        return -1;
    }
    return 0;
}

//  One JSON line → an article (a dead letter when it is not one). NULL
//  when out of memory.
dp_article_t *
dp_fetch_int_line_article (dp_fetch_src_t *self, const char *line, size_t len,
                           const char *source)
{
    char err [256], reason [512];
    dp_article_t *a = dp_article_from_json (line, len, err, sizeof err);
    if (a) {
        self->stats.records++;
        if (dp_article_set_str (&a->source, source) || dp_article_repaired_id (a, line, len))
            dp_article_destroy (&a);
        else
        if (!a->id && !(a->id = dp_fetch_int_make_id (self, a->url, source)))
            dp_article_destroy (&a);
        if (a && !a->html && !a->text && !a->error) {
            dp_article_fail (a, "fetch", "record has neither html nor text");
            self->stats.dead++;
        }
        else
        if (a && !a->error && dp_stage_limit (a, self->max_bytes, "fetch"))
            self->stats.dead++;
    }
    else {
        snprintf (reason, sizeof reason, "malformed JSON line: %s", err);
        a = s_article (self, source, reason);
        //  Keep the raw line with the dead letter: nothing is lost.
        if (a)
            dp_article_take (&a->text, dp_utf8_repair (line, len, NULL, NULL));
    }
    return a;
}

//  Next article of the current JSON-lines reader. DP_SRC_DONE: this
//  reader is finished (closed).
static dp_src_rc_t
s_next_line (dp_fetch_src_t *self, dp_article_t **doc)
{
    char source [4096 + 32];
    char reason [512];
    while (true) {
        char *at = self->buf + self->start;
        size_t avail = self->len - self->start;
        char *nl = (char *) dp_eol_find (&self->eol, at, avail, self->eof);
        if (!nl && !self->eof && self->len - self->start < self->max_line) {
            char err [512];
            int r = s_fill (self, err, sizeof err);
            if (r == 2)
                return DP_SRC_AGAIN;
            if (r == 1)
                continue;
            self->eof = true;
            if (r < 0) {
                //  Whatever was before the damage has been read; report it
                //  as one dead letter and go on at the next whole gzip
                //  member if there is one (the lines of the damaged one
                //  are lost, not those after it), else with the next file.
                snprintf (source, sizeof source, "%s:%zu", self->path, self->line_no + 1);
                //  The line the damage cut goes with the dead letter, as a
                //  malformed line's bytes do: nothing decoded is lost.
                char *cut = NULL;
                size_t n_cut = self->discarding ? 0 : self->len - self->start;
                if (n_cut && n_cut <= self->max_bytes) {
                    cut = dp_utf8_repair (self->buf + self->start, n_cut, NULL, NULL);
                    size_t n = strlen (err);
                    snprintf (err + n, sizeof err - n, "; the %zu bytes decoded after the "
                              "last whole line are this dead letter's text", n_cut);
                }
                else
                if (n_cut) {
                    size_t n = strlen (err);
                    snprintf (err + n, sizeof err - n, "; %zu bytes decoded after the "
                              "last whole line were dropped", n_cut);
                }
                uint64_t next = self->gz ? dp_gz_resync (self->gz) : UINT64_MAX;
                if (next == UINT64_MAX)
                    s_close_reader (self);
                else {
                    size_t n = strlen (err);
                    snprintf (err + n, sizeof err - n, "; reading went on at the next gzip "
                              "member, compressed byte %llu", (unsigned long long) next);
                    self->cur_rec = ++self->line_no;
                    self->len = self->start = 0;
                    self->eof = self->discarding = false;
                    self->discard_len = 0;
                }
                *doc = s_article (self, source, err);
                if (*doc)
                    dp_article_take (&(*doc)->text, cut);
                else
                    free (cut);
                return *doc ? DP_SRC_ARTICLE : DP_SRC_FATAL;
            }
            continue;
        }
        if (!nl && avail == self->max_line) {
            self->discarding = true;    //  over the limit: skip to its end
            self->discard_len += avail;
            self->len = self->start = 0;
            continue;
        }
        if (!nl && avail == 0) {
            const dp_gz_junk_t *junk = self->gz ? dp_gz_junk (self->gz) : NULL;
            if (junk && junk->bytes && !self->junk_told) {
                //  After the last gzip member: plain lines were read as
                //  lines; anything else says here what was skipped.
                self->junk_told = true;
                self->stats.gz_junk++;
                if (!junk->text) {
                    snprintf (source, sizeof source, "%s:%zu", self->path,
                              self->line_no + 1);
                    snprintf (reason, sizeof reason, "%llu bytes after the last gzip "
                              "member, from compressed byte %llu, are neither gzip nor "
                              "text: skipped", (unsigned long long) junk->bytes,
                              (unsigned long long) junk->at);
                    *doc = s_article (self, source, reason);
                    return *doc ? DP_SRC_ARTICLE : DP_SRC_FATAL;
                }
            }
            s_close_reader (self);
            return DP_SRC_DONE;
        }
        size_t bom_len;
        if (self->line_no == 0 && self->gz && (dp_fetch_int_bom (at, avail, &bom_len)
                                               || dp_fetch_int_utf16_sniff (at, avail))) {
            //  Its lines do not end with one '\n' byte: not readable as
            //  lines (without a byte-order mark, each came out as a dead
            //  letter of every other character U+FFFD).
            snprintf (source, sizeof source, "%s:1", self->path);
            s_close_reader (self);
            *doc = s_article (self, source, "UTF-16 JSON lines are not read: convert the "
                              "file to UTF-8 first (iconv -f UTF-16 -t UTF-8)");
            return *doc ? DP_SRC_ARTICLE : DP_SRC_FATAL;
        }
        if (self->line_no == 0 && self->gz && avail >= 2
        &&  (unsigned char) at [0] == 0x1f && (unsigned char) at [1] == 0x8b) {
            //  A .gz of a .gz: its "lines" were pieces of binary, each a
            //  dead letter.
            snprintf (source, sizeof source, "%s:1", self->path);
            s_close_reader (self);
            *doc = s_article (self, source, "compressed twice (gzip inside gzip): gunzip it "
                              "once, then read it");
            return *doc ? DP_SRC_ARTICLE : DP_SRC_FATAL;
        }
        size_t len = nl ? (size_t) (nl - at) : avail;
        size_t used = nl ? len + 1 : len;
        self->line_no++;
        dp_article_t *a = NULL;
        if (self->discarding) {
            snprintf (source, sizeof source, "%s:%zu", self->path, self->line_no);
            snprintf (reason, sizeof reason, "article over size limit (line of %zu bytes)",
                      self->discard_len + len);
            self->discarding = false;
            self->discard_len = 0;
            a = s_article (self, source, reason);
            if (!a)
                return DP_SRC_FATAL;
        }
        else
        if (!dp_fetch_int_is_blank (at, len)) {
            snprintf (source, sizeof source, "%s:%zu", self->path, self->line_no);
            int pass = dp_fetch_int_pass_line (self, at, len, source);
            if (pass < 0)
                return DP_SRC_FATAL;
            if (pass) {
                self->start += used;
                self->cur_rec = self->line_no;
                return DP_SRC_LINE;
            }
            a = dp_fetch_int_line_article (self, at, len, source);
            if (!a)
                return DP_SRC_FATAL;
        }
        self->start += used;
        if (a) {
            self->cur_rec = self->line_no;
            *doc = a;
            return DP_SRC_ARTICLE;
        }
    }
}

//  --------------------------------------------------------------------------
//  WARC files

static void
s_close_warc (dp_fetch_src_t *self)
{
    if (self->warc && dp_warc_junk (self->warc)->bytes)
        self->stats.gz_junk++;
    dp_warc_close (&self->warc);
    dp_warc_rec_clear (&self->rec);
    self->path = NULL;
}

static dp_src_rc_t
s_next_warc (dp_fetch_src_t *self, dp_article_t **doc)
{
    char source [4096 + 32];
    size_t skip = self->cur_file == self->resume.file && !self->watch_cur
                ? self->resume.record : 0;
    dp_warc_rc_t rc = dp_warc_next (self->warc, &self->rec, self->max_bytes, skip);
    self->stats.warc_skipped += dp_warc_skipped (self->warc) - self->warc_seen;
    self->warc_seen = dp_warc_skipped (self->warc);
    self->stats.warc_resynced += dp_warc_resynced (self->warc) - self->warc_resynced;
    self->warc_resynced = dp_warc_resynced (self->warc);
    if (rc == DP_WARC_OOM)
        return DP_SRC_FATAL;
    if (rc == DP_WARC_END) {
        s_close_warc (self);
        return DP_SRC_DONE;
    }
    dp_warc_rec_t *r = &self->rec;
    snprintf (source, sizeof source, "%s:%zu", self->path, r->record);
    self->cur_rec = r->record;
    if (rc == DP_WARC_DAMAGED) {
        char reason [sizeof r->reason + 64];
        snprintf (reason, sizeof reason, "%s", r->reason);
        *doc = s_article (self, source, reason);
        if (*doc && r->url && dp_article_set_str (&(*doc)->url, r->url))
            dp_article_destroy (doc);
        s_close_warc (self);
        return *doc ? DP_SRC_ARTICLE : DP_SRC_FATAL;
    }
    if (rc == DP_WARC_BAD)
        *doc = s_article (self, source, r->reason);
    else {
        *doc = dp_article_new ();
        if (*doc) {
            self->stats.records++;
            dp_article_t *a = *doc;
            bool ok = !dp_article_set_str (&a->source, source)
                   && (!r->url || !dp_article_set_str (&a->url, r->url))
                   && (!r->date || !dp_article_set_str (&a->published, r->date))
                   && (a->id = dp_fetch_int_make_id (self, r->url, source));
            for (size_t i = 0; ok && i < r->n_flags; i++)
                ok = !dp_article_add_flag (a, r->flags [i]);
            if (ok) {
                dp_article_take (&a->html, r->html);
                r->html = NULL;
            }
            else
                dp_article_destroy (doc);
        }
    }
    if (*doc && !(*doc)->url && r->url && dp_article_set_str (&(*doc)->url, r->url))
        dp_article_destroy (doc);
    return *doc ? DP_SRC_ARTICLE : DP_SRC_FATAL;
}

//  --------------------------------------------------------------------------
//  Opening a file of any kind: a reader for JSON lines and WARC, or one
//  article for a whole file. DP_SRC_DONE: a reader is open, go on.

dp_src_rc_t
dp_fetch_int_open (dp_fetch_src_t *self, char *path, dp_article_t **doc)
{
    char reason [256];
    self->line_no = 0;
    self->cur_rec = 0;
    self->eol = DP_EOL_UNKNOWN;
    if (strcmp (path, "-") == 0) {
        self->fd = STDIN_FILENO;
        self->path = "stdin";
        self->reading = true;
        return DP_SRC_DONE;
    }
    dp_fkind_t kind = dp_fetch_int_kind (path);
    if (kind == DP_FKIND_JSONL || kind == DP_FKIND_WARC) {
        dp_gz_close (&self->gz);
        self->junk_told = false;
        if (kind == DP_FKIND_JSONL)
            self->gz = dp_gz_open (path);
        else
            self->warc = dp_warc_open (path);
        if (!self->gz && !self->warc) {
            snprintf (reason, sizeof reason, "cannot read: %s", strerror (errno));
            *doc = s_article (self, path, reason);
            return *doc ? DP_SRC_ARTICLE : DP_SRC_FATAL;
        }
        self->warc_seen = 0;
        self->warc_resynced = 0;
        self->reading = true;
        self->path = path;
        self->stats.files++;
        return DP_SRC_DONE;
    }
    *doc = s_read_whole (self, path, kind);
    return *doc ? DP_SRC_ARTICLE : DP_SRC_FATAL;
}

//  --------------------------------------------------------------------------

void
dp_fetch_src_resume (dp_fetch_src_t *self, dp_fetch_pos_t pos)
{
    self->resume = pos;
}

dp_fetch_pos_t
dp_fetch_src_pos (dp_fetch_src_t *self)
{
    return self->pos;
}

uint64_t
dp_fetch_src_hash (dp_fetch_src_t *self)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < self->todo.n; i++) {
        for (const char *p = self->todo.v [i]; ; p++) {
            h ^= (unsigned char) *p;
            h *= 1099511628211ull;
            if (!*p)
                break;
        }
        //  And what each file is: a position is only good in the bytes it
        //  was taken in. The names alone made a replay whose file was
        //  appended to or replaced (same name) skip its new records.
        struct stat st;
        if (strcmp (self->todo.v [i], "-") == 0 || stat (self->todo.v [i], &st))
            continue;
        uint64_t id [5] = { (uint64_t) st.st_dev, (uint64_t) st.st_ino, (uint64_t) st.st_size,
                            (uint64_t) st.st_mtim.tv_sec, (uint64_t) st.st_mtim.tv_nsec };
        const unsigned char *b = (const unsigned char *) id;
        for (size_t k = 0; k < sizeof id; k++) {
            h ^= b [k];
            h *= 1099511628211ull;
        }
    }
    return h;
}

void
dp_fetch_src_progress (dp_fetch_src_t *self, uint64_t *done, uint64_t *total)
{
    uint64_t cur = 0;
    if (self->gz)
        cur = dp_gz_offset (self->gz);
    else
    if (self->warc)
        cur = dp_warc_offset (self->warc);
    *done = self->done_bytes + cur;
    *total = self->total_bytes;
}

static dp_src_rc_t
s_next (dp_fetch_src_t *self, dp_article_t **doc);

dp_src_rc_t
dp_fetch_src_next (dp_fetch_src_t *self, dp_article_t **doc)
{
    while (true) {
        dp_src_rc_t rc = s_next (self, doc);
        if (rc != DP_SRC_ARTICLE && rc != DP_SRC_LINE)
            return rc;
        if (self->cur_live) {
            //  live.c says where it came from (a followed file, a spool file).
            dp_fetch_int_live_pos (self, &self->pos);
            self->pos.file = self->todo.n + 1;
            self->pos.record = (size_t) ++self->live_n;
            return rc;
        }
        self->pos.file = self->cur_file;
        self->pos.record = self->cur_rec;
        //  Resuming: what comes before the checkpoint was acknowledged.
        if (self->pos.file == self->resume.file && self->pos.record < self->resume.record) {
            self->stats.records--;
            if (rc == DP_SRC_ARTICLE && (*doc)->error)
                self->stats.dead--;
            self->stats.resumed++;
            if (rc == DP_SRC_ARTICLE)
                dp_article_destroy (doc);
            continue;
        }
        return rc;
    }
}

static dp_src_rc_t
s_next (dp_fetch_src_t *self, dp_article_t **doc)
{
    while (true) {
        if (self->gz || self->fd >= 0 || self->warc) {
            dp_src_rc_t rc = self->warc ? s_next_warc (self, doc) : s_next_line (self, doc);
            if (rc != DP_SRC_DONE)
                return rc;
        }
        if (self->reading) {
            //  The reader is finished (at its end or at damage).
            self->reading = false;
            if (self->watch_cur)
                dp_fetch_int_spool_read (self);
            else
                self->done_bytes += self->sizes [self->cur_file];
            continue;
        }
        if (self->todo.next == self->todo.n) {
            if (!dp_fetch_src_live (self))
                return DP_SRC_DONE;
            self->cur_live = true;
            dp_src_rc_t rc = dp_fetch_int_live_next (self, doc);
            if (rc != DP_SRC_OPENED)
                return rc;
            continue;                   //  a spool file's reader is open
        }
        //  Files before the checkpoint are not even opened.
        if (self->todo.next < self->resume.file) {
            size_t to = self->resume.file < self->todo.n ? self->resume.file : self->todo.n;
            for (size_t i = self->todo.next; i < to; i++)
                self->done_bytes += self->sizes [i];
            self->todo.next = to;
            continue;
        }
        self->cur_file = self->todo.next;
        char *path = self->todo.v [self->todo.next++];
        dp_src_rc_t rc = dp_fetch_int_open (self, path, doc);
        if (rc == DP_SRC_ARTICLE && !self->gz && !self->warc)
            self->done_bytes += self->sizes [self->cur_file];
        if (rc != DP_SRC_DONE)
            return rc;
    }
}
