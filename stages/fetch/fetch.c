//  depeche fetch — sources. Files are read whole (they are articles, and the
//  size limit is checked with stat first); JSON lines are streamed through
//  zlib's gzread, which reads plain files too, so .jsonl and .jsonl.gz share
//  one path. Folders are listed, sorted, and walked lazily.
#include "fetch/fetch.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"
#include "depeche/dp_stage.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define S_CHUNK 65536

typedef enum { S_KIND_TEXT, S_KIND_HTML, S_KIND_JSONL, S_KIND_JSON, S_KIND_OTHER } s_kind_t;

typedef struct {
    char **v;
    size_t n;
    size_t cap;
    size_t next;                        //  index of the next path to open
} s_paths_t;

struct dp_fetch_src {
    size_t max_bytes;                   //  article size limit
    size_t max_line;                    //  JSON line limit
    s_paths_t todo;                     //  files (and "-") still to read
    //  current JSON-lines reader
    gzFile gz;                          //  file being read, or NULL
    int fd;                             //  stdin, or -1
    char *path;                         //  its path as given (borrowed from todo)
    char *buf;
    size_t len;
    size_t line_no;
    bool eof;
    bool discarding;                    //  inside a line over the limit
    size_t discard_len;
    size_t cur_file;                    //  index in todo of the file being read
    bool cur_lines;                     //  it is read as JSON lines
    dp_fetch_pos_t pos;                 //  position of the last article returned
    dp_fetch_pos_t resume;              //  skip every article before this
    dp_fetch_stats_t stats;
};

//  --------------------------------------------------------------------------

static int
s_paths_add (s_paths_t *p, const char *path)
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

static bool
s_ends_with (const char *s, const char *suffix)
{
    size_t n = strlen (s), m = strlen (suffix);
    return n >= m && strcasecmp (s + n - m, suffix) == 0;
}

static s_kind_t
s_kind (const char *path)
{
    if (s_ends_with (path, ".jsonl") || s_ends_with (path, ".jsonl.gz")
    ||  s_ends_with (path, ".ndjson") || s_ends_with (path, ".ndjson.gz"))
        return S_KIND_JSONL;
    if (s_ends_with (path, ".json"))
        return S_KIND_JSON;
    if (s_ends_with (path, ".html") || s_ends_with (path, ".htm")
    ||  s_ends_with (path, ".xhtml"))
        return S_KIND_HTML;
    if (s_ends_with (path, ".txt") || s_ends_with (path, ".text"))
        return S_KIND_TEXT;
    return S_KIND_OTHER;
}

static int
s_cmp (const void *a, const void *b)
{
    return strcmp (*(char *const *) a, *(char *const *) b);
}

//  Adds the files of a folder, recursively, in sorted order.
static int
s_walk (dp_fetch_src_t *self, const char *dir)
{
    DIR *d = opendir (dir);
    if (!d) {
        dp_log_warn ("%s: %s", dir, strerror (errno));
        return 0;
    }
    s_paths_t names = { 0 };
    struct dirent *e;
    int rc = 0;
    while ((e = readdir (d)) && rc == 0)
        if (e->d_name [0] != '.')       //  hidden files and . ..
            rc = s_paths_add (&names, e->d_name);
    closedir (d);
    if (names.n)
        qsort (names.v, names.n, sizeof *names.v, s_cmp);
    for (size_t i = 0; i < names.n && rc == 0; i++) {
        char *path = NULL;
        if (asprintf (&path, "%s/%s", dir, names.v [i]) < 0) {
            rc = -1;
            break;
        }
        struct stat st;
        if (stat (path, &st) == 0 && S_ISDIR (st.st_mode))
            rc = s_walk (self, path);
        else
        if (s_kind (path) != S_KIND_OTHER)
            rc = s_paths_add (&self->todo, path);
        else
            self->stats.skipped++;
        free (path);
    }
    for (size_t i = 0; i < names.n; i++)
        free (names.v [i]);
    free (names.v);
    return rc;
}

dp_fetch_src_t *
dp_fetch_src_new (char *const *paths, size_t n_paths, size_t max_bytes)
{
    dp_fetch_src_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->fd = -1;
    self->max_bytes = max_bytes;
    self->max_line = max_bytes * 2 + (1u << 20);
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
            int rc = s_walk (self, dir);
            free (dir);
            if (rc)
                goto fail;
        }
        else
        if (s_paths_add (&self->todo, paths [i]))
            goto fail;
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
    if (self->gz)
        gzclose (self->gz);
    for (size_t i = 0; i < self->todo.n; i++)
        free (self->todo.v [i]);
    free (self->todo.v);
    free (self->buf);
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

//  --------------------------------------------------------------------------

//  A new article with source and a stable id; error set when reason given.
static dp_article_t *
s_article (dp_fetch_src_t *self, const char *source, const char *reason)
{
    dp_article_t *doc = dp_article_new ();
    if (!doc || dp_article_set_str (&doc->source, source))
        goto oom;
    doc->id = dp_fetch_make_id (NULL, source);
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

//  Control bytes other than tab/newline/CR, or a NUL: a binary file.
static bool
s_is_binary (const char *s, size_t len)
{
    size_t ctrl = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char) s [i];
        if (c == 0)
            return true;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
            ctrl++;
    }
    return ctrl * 20 > len;             //  over 5 %
}

static bool
s_is_blank (const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s [i] != ' ' && s [i] != '\t' && s [i] != '\n' && s [i] != '\r')
            return false;
    return true;
}

//  One file = one article (.txt, .html, other named files), or a .json
//  object.
static dp_article_t *
s_read_whole (dp_fetch_src_t *self, const char *path, s_kind_t kind)
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
    char *data = dp_read_file (path, &len);
    if (!data) {
        snprintf (reason, sizeof reason, "cannot read: %s", strerror (errno));
        return s_article (self, path, reason);
    }
    self->stats.files++;
    dp_article_t *doc = NULL;
    if (len == 0 || s_is_blank (data, len))
        doc = s_article (self, path, "empty input");
    else
    if (s_is_binary (data, len))
        doc = s_article (self, path, "binary content (not text)");
    else
    if (kind == S_KIND_JSON) {
        char err [200];
        doc = dp_article_from_json (data, len, err, sizeof err);
        if (doc) {
            self->stats.records++;
            dp_article_set_str (&doc->source, path);
            if (!doc->id)
                doc->id = dp_fetch_make_id (doc->url, path);
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
        bool html = kind == S_KIND_HTML || (kind == S_KIND_OTHER && data [i] == '<');
        doc = s_article (self, path, NULL);
        if (doc && !dp_utf8_valid (data, len)) {
            //  From here on every string on the wire is UTF-8 (JSON needs
            //  it): bad bytes become U+FFFD and the article says so.
            //  TODO(issue 8): convert declared legacy charsets with iconv.
            char *fixed = dp_utf8_repair (data, len, NULL, NULL);
            if (!fixed || dp_article_add_flag (doc, "utf8-repaired"))
                dp_article_destroy (&doc);
            free (data);
            data = fixed;
        }
        if (doc) {
            dp_article_take (html ? &doc->html : &doc->text, data);
            data = NULL;
        }
    }
    free (data);
    return doc;
}

//  --------------------------------------------------------------------------
//  JSON lines, from a gzFile or from stdin.

static void
s_close_reader (dp_fetch_src_t *self)
{
    if (self->gz)
        gzclose (self->gz);
    self->gz = NULL;
    self->fd = -1;
    self->len = 0;
    self->eof = false;
    self->discarding = false;
    self->discard_len = 0;
    self->path = NULL;
}

//  Reads more bytes. 1: got some, 0: end, 2: stdin would block,
//  -1: damaged input (reason in err).
static int
s_fill (dp_fetch_src_t *self, char *err, size_t errlen)
{
    size_t room = self->max_line - self->len;
    if (room > S_CHUNK)
        room = S_CHUNK;
    if (self->fd >= 0) {
        struct pollfd pfd = { .fd = self->fd, .events = POLLIN };
        if (poll (&pfd, 1, 0) == 0)
            return 2;
        ssize_t got = read (self->fd, self->buf + self->len, room);
        if (got < 0)
            return errno == EINTR || errno == EAGAIN ? 2 : 0;
        self->len += (size_t) got;
        return got > 0;
    }
    int got = gzread (self->gz, self->buf + self->len, (unsigned) room);
    if (got > 0) {
        self->len += (size_t) got;
        return 1;
    }
    int zerr;
    const char *msg = gzerror (self->gz, &zerr);
    if (got < 0 || (zerr != Z_OK && zerr != Z_STREAM_END)) {
        snprintf (err, errlen, "damaged gzip data near compressed byte %lld: %s",
                  (long long) gzoffset (self->gz), msg);
        return -1;
    }
    return 0;
}

//  Next article of the current JSON-lines reader. DP_SRC_DONE: this
//  reader is finished (closed).
static dp_src_rc_t
s_next_line (dp_fetch_src_t *self, dp_article_t **doc)
{
    char source [4096 + 32];
    char reason [512];
    while (true) {
        char *nl = memchr (self->buf, '\n', self->len);
        if (!nl && !self->eof && self->len < self->max_line) {
            char err [256];
            int r = s_fill (self, err, sizeof err);
            if (r == 2)
                return DP_SRC_AGAIN;
            if (r == 1)
                continue;
            self->eof = true;
            if (r < 0) {
                //  Whatever was before the damage has been read; report it
                //  as one dead letter for this file and move on.
                snprintf (source, sizeof source, "%s:%zu", self->path, self->line_no + 1);
                s_close_reader (self);
                *doc = s_article (self, source, err);
                return *doc ? DP_SRC_ARTICLE : DP_SRC_FATAL;
            }
            continue;
        }
        if (!nl && self->len == self->max_line) {
            self->discarding = true;    //  over the limit: skip to its end
            self->discard_len += self->len;
            self->len = 0;
            continue;
        }
        if (!nl && self->len == 0) {
            s_close_reader (self);
            return DP_SRC_DONE;
        }
        size_t len = nl ? (size_t) (nl - self->buf) : self->len;
        size_t used = nl ? len + 1 : len;
        self->line_no++;
        snprintf (source, sizeof source, "%s:%zu", self->path, self->line_no);
        dp_article_t *a = NULL;
        bool blank = s_is_blank (self->buf, len);
        if (self->discarding) {
            snprintf (reason, sizeof reason, "article over size limit (line of %zu bytes)",
                      self->discard_len + len);
            self->discarding = false;
            self->discard_len = 0;
            a = s_article (self, source, reason);
        }
        else
        if (!blank) {
            char err [256];
            a = dp_article_from_json (self->buf, len, err, sizeof err);
            if (a) {
                self->stats.records++;
                if (dp_article_set_str (&a->source, source))
                    dp_article_destroy (&a);
                else
                if (!a->id && !(a->id = dp_fetch_make_id (a->url, source)))
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
                    dp_article_take (&a->text, dp_utf8_repair (self->buf, len, NULL, NULL));
            }
            if (!a)
                return DP_SRC_FATAL;
        }
        memmove (self->buf, self->buf + used, self->len - used);
        self->len -= used;
        if (a) {
            *doc = a;
            return DP_SRC_ARTICLE;
        }
    }
}

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
    for (size_t i = 0; i < self->todo.n; i++)
        for (const char *p = self->todo.v [i]; ; p++) {
            h ^= (unsigned char) *p;
            h *= 1099511628211ull;
            if (!*p)
                break;
        }
    return h;
}

static dp_src_rc_t
s_next (dp_fetch_src_t *self, dp_article_t **doc);

dp_src_rc_t
dp_fetch_src_next (dp_fetch_src_t *self, dp_article_t **doc)
{
    while (true) {
        dp_src_rc_t rc = s_next (self, doc);
        if (rc != DP_SRC_ARTICLE)
            return rc;
        self->pos.file = self->cur_file;
        self->pos.record = self->cur_lines ? self->line_no : 0;
        //  Resuming: what comes before the checkpoint was acknowledged.
        if (self->pos.file == self->resume.file && self->pos.record < self->resume.record) {
            self->stats.records--;
            if ((*doc)->error)
                self->stats.dead--;
            self->stats.resumed++;
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
        if (self->gz || self->fd >= 0) {
            dp_src_rc_t rc = s_next_line (self, doc);
            if (rc != DP_SRC_DONE)
                return rc;
            continue;
        }
        if (self->todo.next == self->todo.n)
            return DP_SRC_DONE;
        //  Files before the checkpoint are not even opened.
        if (self->todo.next < self->resume.file) {
            self->todo.next = self->resume.file < self->todo.n ? self->resume.file
                                                               : self->todo.n;
            continue;
        }
        self->cur_file = self->todo.next;
        char *path = self->todo.v [self->todo.next++];
        self->line_no = 0;
        self->cur_lines = strcmp (path, "-") == 0 || s_kind (path) == S_KIND_JSONL;
        if (strcmp (path, "-") == 0) {
            self->fd = STDIN_FILENO;
            self->path = "stdin";
            continue;
        }
        s_kind_t kind = s_kind (path);
        if (kind == S_KIND_JSONL) {
            self->gz = gzopen (path, "rb");
            if (!self->gz) {
                char reason [256];
                snprintf (reason, sizeof reason, "cannot read: %s", strerror (errno));
                *doc = s_article (self, path, reason);
                return *doc ? DP_SRC_ARTICLE : DP_SRC_FATAL;
            }
            gzbuffer (self->gz, 1u << 17);
            self->path = path;
            self->stats.files++;
            continue;
        }
        *doc = s_read_whole (self, path, kind);
        return *doc ? DP_SRC_ARTICLE : DP_SRC_FATAL;
    }
}
