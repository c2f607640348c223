//  depeche sink — rotating gzip archives. One file is open at a time; each
//  flush is a gzip sync point followed by fsync, so a crash leaves a .part
//  whose data up to the last flush decompresses (zlib reads a gzip stream
//  without its trailer up to the cut), and the next start completes it.
//  Not here: deciding duplicates (sink.c keeps the id set).
#include "sink/archive.h"
#include "depeche/dp_gz.h"
#include "depeche/dp_log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define S_PREFIX "depeche-"
#define S_SUFFIX ".jsonl.gz"
#define S_PART   ".jsonl.gz.part"

//  What one archive file holds: one line of index.tsv.
typedef struct {
    uint64_t records;                   //  complete lines
    char *first_id;                     //  id of the first / last record
    char *last_id;
    char first_t [24];                  //  UTC, 2024-02-12T10:00:00Z
    char last_t [24];
} s_desc_t;

struct dp_archive {
    char *dir;                          //  the folder
    int dir_fd;                         //  for fsync after a rename
    int lock_fd;                        //  DIR/.lock, flock'ed
    uint64_t rotate_bytes;              //  0 = no size rotation
    int rotate_s;                       //  0 = no time rotation
    unsigned next_n;                    //  NNNN of the next final name
    uint64_t files;                     //  files completed
    //  The current file (gz NULL when none is open)
    gzFile gz;
    int fd;                             //  a dup of gz's fd, for fsync
    char part [PATH_MAX];               //  its .part path
    char stamp [20];                    //  YYYYMMDDTHHMMSSZ of its opening
    time_t opened;
    s_desc_t desc;
};

//  --------------------------------------------------------------------------
//  Helpers

static void
s_iso_time (char *out, size_t len, time_t t)
{
    struct tm tm;
    gmtime_r (&t, &tm);
    strftime (out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
s_desc_reset (s_desc_t *d)
{
    free (d->first_id);
    free (d->last_id);
    memset (d, 0, sizeof *d);
}

//  Records one line's id into d (and reports it through on_id).
static void
s_desc_add (s_desc_t *d, const char *id, size_t len)
{
    d->records++;
    if (!id)
        return;
    if (!d->first_id)
        d->first_id = strndup (id, len);
    free (d->last_id);
    d->last_id = strndup (id, len);
}

//  The id of one JSON line: our own lines start {"id":"..." (no parse);
//  anything else is parsed. Calls fn with it; nothing when there is none.
static void
s_line_id (const char *line, size_t len, void (*fn) (void *, const char *, size_t),
           void *arg)
{
    static const char prefix [] = "{\"id\":\"";
    size_t plen = sizeof prefix - 1;
    if (len > plen && memcmp (line, prefix, plen) == 0) {
        const char *start = line + plen;
        const char *quote = memchr (start, '"', len - plen);
        if (quote && !memchr (start, '\\', (size_t) (quote - start))) {
            fn (arg, start, (size_t) (quote - start));
            return;
        }
    }
    json_t *obj = json_loadb (line, len, 0, NULL);
    const char *id = json_string_value (json_object_get (obj, "id"));
    if (id)
        fn (arg, id, strlen (id));
    json_decref (obj);
}

typedef void (*s_line_fn) (void *arg, const char *line, size_t len);

//  Calls fn for every complete line (its newline excluded) of the gzip file
//  path, stopping quietly at damage or a cut (a crashed .part ends so);
//  the lines before damage are kept, and plain lines after the last gzip
//  member are read too (dp_gz_read; it logs what it skips).
//  Returns 0, or -1 when the file cannot be opened.
static int
s_gz_lines (const char *path, s_line_fn fn, void *arg)
{
    dp_gz_t *gz = dp_gz_open (path);
    if (!gz)
        return -1;
    size_t cap = 1 << 16, have = 0;
    char *buf = malloc (cap);
    while (buf) {
        if (have == cap) {
            char *nb = realloc (buf, cap * 2);
            if (!nb)
                break;
            buf = nb;
            cap *= 2;
        }
        int n = dp_gz_read (gz, buf + have,
                            (unsigned) (cap - have > (1u << 30) ? (1u << 30) : cap - have));
        if (n <= 0)
            break;                      //  end, or damage: keep what was whole
        size_t from = 0, end = have + (size_t) n;
        for (size_t i = have; i < end; i++)
            if (buf [i] == '\n') {
                if (i > from)
                    fn (arg, buf + from, i - from);
                from = i + 1;
            }
        memmove (buf, buf + from, end - from);
        have = end - from;
    }
    free (buf);
    dp_gz_close (&gz);
    return 0;
}

//  fsync of the folder, so that a rename survives a power loss.
static int
s_sync_dir (dp_archive_t *self)
{
    return fsync (self->dir_fd);
}

//  Appends one line to DIR/index.tsv: a single O_APPEND write, then fsync.
static int
s_index_append (dp_archive_t *self, const char *file, const s_desc_t *d, uint64_t bytes)
{
    char path [PATH_MAX];
    snprintf (path, sizeof path, "%s/index.tsv", self->dir);
    int fd = open (path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd < 0)
        return -1;
    struct stat st;
    char *line = NULL;
    int len = asprintf (&line, "%s%s\t%llu\t%s\t%s\t%s\t%s\t%llu\n",
                        fstat (fd, &st) == 0 && st.st_size == 0
                        ? "#file\trecords\tfirst_id\tlast_id\tfirst_time\tlast_time\tbytes\n" : "",
                        file, (unsigned long long) d->records,
                        d->first_id ? d->first_id : "-", d->last_id ? d->last_id : "-",
                        d->first_t [0] ? d->first_t : "-", d->last_t [0] ? d->last_t : "-",
                        (unsigned long long) bytes);
    int rc = -1;
    if (len > 0 && write (fd, line, (size_t) len) == len && fsync (fd) == 0)
        rc = 0;
    free (line);
    close (fd);
    return rc;
}

//  True when DIR/index.tsv has a line for file.
static bool
s_indexed (const char *index, const char *file)
{
    if (!index)
        return false;
    size_t n = strlen (file);
    for (const char *p = index; p && *p; p = strchr (p, '\n'), p = p ? p + 1 : NULL)
        if (strncmp (p, file, n) == 0 && p [n] == '\t')
            return true;
    return false;
}

static char *
s_slurp (const char *path)
{
    FILE *f = fopen (path, "r");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream (&text, &len);
    char chunk [8192];
    size_t n;
    while (m && (n = fread (chunk, 1, sizeof chunk, f)) > 0)
        fwrite (chunk, 1, n, m);
    if (m)
        fclose (m);
    fclose (f);
    return text;
}

//  --------------------------------------------------------------------------
//  Start-up: scan, recover, index, report ids

typedef struct {
    dp_archive_t *self;
    dp_archive_id_fn on_id;
    void *arg;
    s_desc_t desc;
    gzFile copy;                        //  recovery: where whole lines go
    int copy_err;
} s_scan_t;

static void
s_scan_id (void *arg, const char *id, size_t len)
{
    s_scan_t *scan = arg;
    s_desc_add (&scan->desc, id, len);
    if (scan->on_id)
        scan->on_id (scan->arg, id, len);
}

static void
s_scan_line (void *arg, const char *line, size_t len)
{
    s_scan_t *scan = arg;
    uint64_t before = scan->desc.records;
    s_line_id (line, len, s_scan_id, scan);
    if (scan->desc.records == before)
        s_desc_add (&scan->desc, NULL, 0);      //  a line without id
    if (scan->copy && (gzwrite (scan->copy, line, (unsigned) len) != (int) len
                       || gzputc (scan->copy, '\n') != '\n'))
        scan->copy_err = 1;
}

//  Opens a new gzip file at path: fd kept (dup) for fsync. NULL on error.
static gzFile
s_gz_create (const char *path, int *fd_out)
{
    int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return NULL;
    int keep = dup (fd);
    gzFile gz = keep >= 0 ? gzdopen (fd, "wb") : NULL;
    if (!gz) {
        close (fd);
        if (keep >= 0)
            close (keep);
        return NULL;
    }
    gzbuffer (gz, 1 << 17);
    *fd_out = keep;
    return gz;
}

//  Closes a gzip file made by s_gz_create durably (trailer, fsync).
static int
s_gz_finish (gzFile gz, int fd)
{
    int rc = gzclose (gz) == Z_OK ? 0 : -1;
    if (fsync (fd))
        rc = -1;
    close (fd);
    return rc;
}

//  Renames a complete file into its final name and indexes it.
static int
s_publish (dp_archive_t *self, const char *from, const char *stamp, const s_desc_t *d)
{
    char name [128], path [PATH_MAX];
    snprintf (name, sizeof name, S_PREFIX "%s-%04u" S_SUFFIX, stamp, self->next_n++);
    snprintf (path, sizeof path, "%s/%s", self->dir, name);
    struct stat st;
    if (stat (from, &st) || rename (from, path) || s_sync_dir (self)) {
        dp_log_error ("%s: %s", path, strerror (errno));
        return -1;
    }
    self->files++;
    if (s_index_append (self, name, d, (uint64_t) st.st_size)) {
        dp_log_error ("%s/index.tsv: %s", self->dir, strerror (errno));
        return -1;
    }
    dp_log_info ("archive: %s complete (%llu records, %lld bytes)", name,
                 (unsigned long long) d->records, (long long) st.st_size);
    return 0;
}

//  A .part left by a crash: its whole lines go to a new complete file.
static int
s_recover (dp_archive_t *self, const char *name, s_scan_t *scan)
{
    char part [PATH_MAX], tmp [PATH_MAX];
    snprintf (part, sizeof part, "%s/%s", self->dir, name);
    snprintf (tmp, sizeof tmp, "%s/.recover-%d.tmp", self->dir, (int) getpid ());
    //  .current-STAMP-PID.jsonl.gz.part -> STAMP
    char stamp [20] = "";
    sscanf (name, ".current-%16[0-9TZ]", stamp);
    if (strlen (stamp) != 16) {
        struct stat st;
        struct tm tm;
        time_t t = stat (part, &st) == 0 ? st.st_mtime : time (NULL);
        gmtime_r (&t, &tm);
        strftime (stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    }
    int fd;
    scan->copy = s_gz_create (tmp, &fd);
    if (!scan->copy)
        return -1;
    scan->copy_err = 0;
    s_desc_reset (&scan->desc);
    s_gz_lines (part, s_scan_line, scan);
    int rc = s_gz_finish (scan->copy, fd) || scan->copy_err ? -1 : 0;
    scan->copy = NULL;
    if (rc == 0 && scan->desc.records == 0) {
        unlink (tmp);
        unlink (part);
        dp_log_warn ("archive: %s held no complete record; removed", name);
        return 0;
    }
    struct stat st;
    if (rc == 0 && stat (part, &st) == 0) {
        snprintf (scan->desc.first_t, sizeof scan->desc.first_t, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ",
                  stamp, stamp + 4, stamp + 6, stamp + 9, stamp + 11, stamp + 13);
        s_iso_time (scan->desc.last_t, sizeof scan->desc.last_t, st.st_mtime);
    }
    if (rc == 0 && s_publish (self, tmp, stamp, &scan->desc) == 0) {
        dp_log_warn ("archive: recovered %llu complete record(s) of %s (a crash mid-file)",
                     (unsigned long long) scan->desc.records, name);
        unlink (part);
        return s_sync_dir (self);
    }
    unlink (tmp);
    dp_log_error ("archive: cannot recover %s", part);
    return -1;
}

static int
s_cmp_names (const void *a, const void *b)
{
    return strcmp (*(char *const *) a, *(char *const *) b);
}

static bool
s_ends_with (const char *s, const char *suffix)
{
    size_t n = strlen (s), m = strlen (suffix);
    return n >= m && strcmp (s + n - m, suffix) == 0;
}

static int
s_scan (dp_archive_t *self, dp_archive_id_fn on_id, void *arg)
{
    DIR *d = opendir (self->dir);
    if (!d)
        return -1;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir (d))) {
        bool final = strncmp (e->d_name, S_PREFIX, strlen (S_PREFIX)) == 0
                  && s_ends_with (e->d_name, S_SUFFIX);
        bool part = strncmp (e->d_name, ".current-", 9) == 0 && s_ends_with (e->d_name, S_PART);
        if (strncmp (e->d_name, ".recover-", 9) == 0) {
            unlinkat (self->dir_fd, e->d_name, 0);      //  a recovery cut short
            continue;
        }
        if (!final && !part)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc (names, cap * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        names [n++] = strdup (e->d_name);
    }
    closedir (d);
    if (n)
        qsort (names, n, sizeof *names, s_cmp_names);
    char path [PATH_MAX];
    snprintf (path, sizeof path, "%s/index.tsv", self->dir);
    char *index = s_slurp (path);
    int rc = 0;
    s_scan_t scan = { .self = self, .on_id = on_id, .arg = arg };
    //  Final files first: they fix next_n, which recovery then uses.
    for (size_t i = 0; i < n; i++) {
        if (names [i][0] == '.')
            continue;
        unsigned num;
        const char *dash = strrchr (names [i], '-');
        if (dash && sscanf (dash + 1, "%u", &num) == 1 && num >= self->next_n)
            self->next_n = num + 1;
        snprintf (path, sizeof path, "%s/%s", self->dir, names [i]);
        s_desc_reset (&scan.desc);
        s_gz_lines (path, s_scan_line, &scan);
        if (!s_indexed (index, names [i])) {
            //  Renamed but not indexed (a crash between the two): index it.
            struct stat st;
            if (stat (path, &st) == 0) {
                s_iso_time (scan.desc.last_t, sizeof scan.desc.last_t, st.st_mtime);
                if (s_index_append (self, names [i], &scan.desc, (uint64_t) st.st_size))
                    rc = -1;
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        if (names [i][0] == '.' && s_recover (self, names [i], &scan))
            rc = -1;
    s_desc_reset (&scan.desc);
    for (size_t i = 0; i < n; i++)
        free (names [i]);
    free (names);
    free (index);
    return rc;
}

//  --------------------------------------------------------------------------

dp_archive_t *
dp_archive_new (const char *dir, uint64_t rotate_bytes, int rotate_s,
                dp_archive_id_fn on_id, void *arg)
{
    dp_archive_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->dir_fd = self->lock_fd = self->fd = -1;
    self->dir = strdup (dir);
    self->rotate_bytes = rotate_bytes;
    self->rotate_s = rotate_s;
    self->next_n = 1;
    if (!self->dir || (mkdir (dir, 0755) && errno != EEXIST)
    ||  (self->dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
        dp_log_error ("%s: %s", dir, strerror (errno));
        goto fail;
    }
    char path [PATH_MAX];
    snprintf (path, sizeof path, "%s/.lock", dir);
    self->lock_fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (self->lock_fd < 0 || flock (self->lock_fd, LOCK_EX | LOCK_NB)) {
        dp_log_error ("%s: %s (another sink writes to this archive?)", path, strerror (errno));
        goto fail;
    }
    if (s_scan (self, on_id, arg)) {
        dp_log_error ("%s: cannot read or recover the archive", dir);
        goto fail;
    }
    return self;
fail:
    dp_archive_destroy (&self);
    return NULL;
}

int
dp_archive_rotate (dp_archive_t *self)
{
    if (!self->gz)
        return 0;
    int rc = s_gz_finish (self->gz, self->fd);
    self->gz = NULL;
    self->fd = -1;
    if (rc == 0)
        rc = s_publish (self, self->part, self->stamp, &self->desc);
    else
        dp_log_error ("%s: %s", self->part, strerror (errno));
    s_desc_reset (&self->desc);
    return rc;
}

void
dp_archive_destroy (dp_archive_t **self_p)
{
    dp_archive_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    dp_archive_rotate (self);
    if (self->lock_fd >= 0)
        close (self->lock_fd);          //  releases the flock
    if (self->dir_fd >= 0)
        close (self->dir_fd);
    free (self->dir);
    free (self);
    *self_p = NULL;
}

//  Opens the next .part file.
static int
s_open (dp_archive_t *self)
{
    self->opened = time (NULL);
    struct tm tm;
    gmtime_r (&self->opened, &tm);
    strftime (self->stamp, sizeof self->stamp, "%Y%m%dT%H%M%SZ", &tm);
    snprintf (self->part, sizeof self->part, "%s/.current-%s-%d" S_PART,
              self->dir, self->stamp, (int) getpid ());
    self->gz = s_gz_create (self->part, &self->fd);
    if (!self->gz) {
        dp_log_error ("%s: %s", self->part, strerror (errno));
        return -1;
    }
    s_iso_time (self->desc.first_t, sizeof self->desc.first_t, self->opened);
    return s_sync_dir (self);
}

int
dp_archive_tick (dp_archive_t *self)
{
    if (self->gz && self->rotate_s && time (NULL) - self->opened >= self->rotate_s)
        return dp_archive_rotate (self);
    return 0;
}

int
dp_archive_write (dp_archive_t *self, const char *line, size_t len, const char *id)
{
    if (self->gz && self->rotate_bytes && (uint64_t) gzoffset (self->gz) >= self->rotate_bytes
    &&  dp_archive_rotate (self))
        return -1;
    if (dp_archive_tick (self))
        return -1;
    if (!self->gz && s_open (self))
        return -1;
    if (gzwrite (self->gz, line, (unsigned) len) != (int) len || gzputc (self->gz, '\n') != '\n') {
        int err;
        dp_log_once_per (DP_LOG_ERROR, "%s: %s", self->part, gzerror (self->gz, &err));
        return -1;
    }
    s_desc_add (&self->desc, id, id ? strlen (id) : 0);
    s_iso_time (self->desc.last_t, sizeof self->desc.last_t, time (NULL));
    return 0;
}

int
dp_archive_flush (dp_archive_t *self)
{
    if (!self->gz)
        return 0;
    if (gzflush (self->gz, Z_SYNC_FLUSH) != Z_OK || fsync (self->fd)) {
        dp_log_once_per (DP_LOG_ERROR, "%s: flush failed: %s", self->part, strerror (errno));
        return -1;
    }
    return 0;
}

uint64_t
dp_archive_files (const dp_archive_t *self)
{
    return self->files;
}
