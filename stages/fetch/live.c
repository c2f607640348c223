//  depeche fetch — live sources: files followed like tail -F (--follow) and
//  a spool folder (--watch). A followed file's lines are named by (device,
//  inode, byte offset), so that a checkpoint can say where to go on after
//  a kill, across a rotation; a spool file is moved to done/ once read, or
//  with acks once every article it gave is acknowledged, so that a kill
//  never loses one (a restart reads again what was not done). No sockets,
//  and no checkpoint file here: fetch's main writes it.
#include "fetch/fetch_int.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

//  --------------------------------------------------------------------------
//  --follow

static dp_follow_t *
s_follow_add (dp_fetch_src_t *self, const char *path)
{
    if (self->n_follow == DP_FETCH_MAX_FOLLOW) {
        dp_log_error ("at most %d --follow", DP_FETCH_MAX_FOLLOW);
        return NULL;
    }
    dp_follow_t *v = realloc (self->follow, (self->n_follow + 1) * sizeof *v);
    if (!v)
        return NULL;
    self->follow = v;
    dp_follow_t *f = &v [self->n_follow];
    memset (f, 0, sizeof *f);
    f->fd = -1;
    f->path = strdup (path);
    f->buf = malloc (self->max_line + 1);
    if (!f->path || !f->buf) {
        free (f->path);
        free (f->buf);
        return NULL;
    }
    self->n_follow++;
    return f;
}

//  Opens path for f, at offset off (or its end when off is -1).
static void
s_follow_open (dp_follow_t *f, const char *path, off_t off)
{
    f->fd = open (path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (f->fd < 0 || fstat (f->fd, &st)) {
        if (f->fd >= 0)
            close (f->fd);
        f->fd = -1;
        return;
    }
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    if (off > st.st_size) {
        dp_log_warn ("%s: shorter than where it was read to (%lld > %lld bytes): "
                     "truncated while fetch was down; reading it from the start",
                     path, (long long) off, (long long) st.st_size);
        off = 0;
    }
    f->off = off < 0 ? st.st_size : off;
    lseek (f->fd, f->off, SEEK_SET);
    f->tail_len = 0;
    f->at_end = false;
}

//  Keeps the last bytes read (up to f->off) for s_follow_rewritten.
static void
s_follow_keep_tail (dp_follow_t *f, const char *data, size_t n)
{
    size_t cap = sizeof f->tail;
    if (n >= cap) {
        memcpy (f->tail, data + n - cap, cap);
        f->tail_len = cap;
        return;
    }
    size_t keep = f->tail_len + n > cap ? cap - n : f->tail_len;
    memmove (f->tail, f->tail + f->tail_len - keep, keep);
    memcpy (f->tail + keep, data, n);
    f->tail_len = keep + n;
}

//  Truncated and written again past where it was read to, between two
//  looks (copytruncate, or '>' then a burst): its size never showed less
//  than the offset, so the new start would be skipped and the read go on
//  mid-line. The bytes before the offset say it: they are no longer the
//  ones read.
static bool
s_follow_rewritten (dp_follow_t *f)
{
    if (!f->tail_len || f->off < (off_t) f->tail_len)
        return false;
    char now [sizeof f->tail];
    ssize_t got = pread (f->fd, now, f->tail_len, f->off - (off_t) f->tail_len);
    return got != (ssize_t) f->tail_len || memcmp (now, f->tail, f->tail_len) != 0;
}

//  The file was cut under the reader (why says how): it is read again from
//  its start, whatever was pending of a line dropped.
static void
s_follow_rewind (dp_follow_t *f, const char *why)
{
    dp_log_info ("%s: %s; reading from the start", f->path, why);
    f->off = 0;
    f->len = 0;
    f->discarding = false;
    f->discard_len = 0;
    f->tail_len = 0;
    f->at_end = false;
    lseek (f->fd, 0, SEEK_SET);
}

int
dp_fetch_src_follow (dp_fetch_src_t *self, const char *path)
{
    dp_follow_t *f = s_follow_add (self, path);
    if (!f)
        return -1;
    s_follow_open (f, path, -1);        //  like tail -F: what comes from now
    return 0;
}

//  The file in path's folder with this device and inode (a rotated one),
//  as a new string, or NULL.
static char *
s_find_inode (const char *path, uint64_t dev, uint64_t ino)
{
    char *dir = strdup (path);
    if (!dir)
        return NULL;
    char *slash = strrchr (dir, '/');
    if (slash)
        *slash = '\0';
    const char *d_path = slash ? (*dir ? dir : "/") : ".";
    DIR *d = opendir (d_path);
    char *found = NULL;
    struct dirent *e;
    while (d && !found && (e = readdir (d))) {
        struct stat st;
        if (fstatat (dirfd (d), e->d_name, &st, 0) == 0 && S_ISREG (st.st_mode)
        &&  (uint64_t) st.st_dev == dev && (uint64_t) st.st_ino == ino
        &&  asprintf (&found, "%s/%s", d_path, e->d_name) < 0)
            found = NULL;
    }
    if (d)
        closedir (d);
    free (dir);
    return found;
}

int
dp_fetch_src_follow_at (dp_fetch_src_t *self, const char *path, const dp_fetch_pos_t *at)
{
    dp_follow_t *f = s_follow_add (self, path);
    if (!f)
        return -1;
    struct stat st;
    if (!at->ino) {                     //  there was no file: what comes, all of it
        s_follow_open (f, path, 0);
        return 0;
    }
    if (stat (path, &st) == 0 && (uint64_t) st.st_dev == at->dev
    &&  (uint64_t) st.st_ino == at->ino) {
        s_follow_open (f, path, (off_t) at->off);
        return 0;
    }
    //  Rotated while fetch was down: finish the old file (it is still in
    //  the folder under another name), then the rotation logic moves on to
    //  the new one at the path, from its start.
    char *old = s_find_inode (path, at->dev, at->ino);
    if (old) {
        dp_log_info ("%s: rotated while fetch was down; reading %s on from byte %llu first",
                     path, old, (unsigned long long) at->off);
        s_follow_open (f, old, (off_t) at->off);
        free (old);
        return 0;
    }
    dp_log_warn ("%s: the file read when fetch stopped (inode %llu) is gone; what it had "
                 "after byte %llu cannot be read; reading the file there now from its start",
                 path, (unsigned long long) at->ino, (unsigned long long) at->off);
    s_follow_open (f, path, 0);
    return 0;
}

size_t
dp_fetch_src_n_follow (dp_fetch_src_t *self)
{
    return self->n_follow;
}

const char *
dp_fetch_src_follow_path (dp_fetch_src_t *self, size_t i)
{
    return i < self->n_follow ? self->follow [i].path : NULL;
}

bool
dp_fetch_src_follow_where (dp_fetch_src_t *self, size_t i, dp_fetch_pos_t *at)
{
    if (i >= self->n_follow)
        return false;
    const dp_follow_t *f = &self->follow [i];
    memset (at, 0, sizeof *at);
    at->live = true;
    at->follow = i + 1;
    if (f->fd < 0)
        return true;                    //  no file yet: the next one from its start
    at->dev = (uint64_t) f->dev;
    at->ino = (uint64_t) f->ino;
    at->off = (uint64_t) (f->off - (off_t) f->len);    //  the first byte not taken
    return true;
}

#ifdef DP_TEST_HOOKS
//  Test builds only (build/asan): $DP_TEST_FOLLOW_LOOK_US holds fetch
//  between the read that found a followed file's end and its look at the
//  path, and says so in the log, so that a test can rotate the file there.
static void
s_test_look_delay (const dp_follow_t *f)
{
    const char *env = getenv ("DP_TEST_FOLLOW_LOOK_US");
    long us = env ? atol (env) : 0;
    if (us <= 0)
        return;
    dp_log_info ("test: at the end of %s; looking at its path in %ld us", f->path, us);
    usleep ((useconds_t) us);
}
#endif

//  Reads whatever the followed file has now; (re)opens it after rotation
//  or truncation. Returns an article, AGAIN or FATAL.
static dp_src_rc_t
s_follow_next (dp_fetch_src_t *self, dp_follow_t *f, size_t index, dp_article_t **doc)
{
    char source [4096 + 64];
    while (true) {
        char *nl = memchr (f->buf, '\n', f->len);
        if (nl) {
            size_t len = (size_t) (nl - f->buf);
            //  The line's byte offset in its file (and the inode): an id
            //  that does not change when fetch restarts.
            off_t at = f->off - (off_t) f->len;
            if (f->discarding)
                at = f->discard_at;
            snprintf (source, sizeof source, "%s:%llu:%lld", f->path,
                      (unsigned long long) f->ino, (long long) at);
            dp_article_t *a = NULL;
            if (f->discarding) {
                char reason [96];
                snprintf (reason, sizeof reason, "article over size limit (line of %zu bytes)",
                          f->discard_len + len);
                a = dp_article_new ();
                if (!a || dp_article_set_str (&a->source, source)
                ||  !(a->id = dp_fetch_make_id (NULL, source))
                ||  dp_article_fail (a, "fetch", reason))
                    dp_article_destroy (&a);
                if (!a)
                    return DP_SRC_FATAL;
                self->stats.records++;
                self->stats.dead++;
                f->discarding = false;
                f->discard_len = 0;
            }
            else
            if (!dp_fetch_int_is_blank (f->buf, len)) {
                a = dp_fetch_int_line_article (self, f->buf, len, source);
                if (!a)
                    return DP_SRC_FATAL;
            }
            memmove (f->buf, nl + 1, f->len - len - 1);
            f->len -= len + 1;
            if (a) {
                memset (&self->live_pos, 0, sizeof self->live_pos);
                self->live_pos.follow = index + 1;
                self->live_pos.dev = (uint64_t) f->dev;
                self->live_pos.ino = (uint64_t) f->ino;
                self->live_pos.off = (uint64_t) at;
                self->live_from = 1;
                *doc = a;
                return DP_SRC_ARTICLE;
            }
            continue;
        }
        if (f->len == self->max_line) {
            //  A line over the limit: skipped to its end, then said.
            if (!f->discarding)
                f->discard_at = f->off - (off_t) f->len;
            f->discarding = true;
            f->discard_len += f->len;
            f->len = 0;
        }
        ssize_t got = f->fd >= 0 ? read (f->fd, f->buf + f->len, self->max_line - f->len) : 0;
        if (got > 0 && f->at_end && s_follow_rewritten (f)) {
            s_follow_rewind (f, "truncated and written again");
            continue;
        }
        if (got > 0) {
            s_follow_keep_tail (f, f->buf + f->len, (size_t) got);
            f->len += (size_t) got;
            f->off += got;
            f->at_end = false;
            continue;
        }
        f->at_end = true;
        //  At the end of what is there: has the path moved on?
        uint64_t now = dp_mono_us ();
        if (now - f->checked_us < 100000)
            return DP_SRC_AGAIN;
        f->checked_us = now;
#ifdef DP_TEST_HOOKS
        s_test_look_delay (f);
#endif
        struct stat st;
        if (stat (f->path, &st) != 0)
            return DP_SRC_AGAIN;        //  rotated away, not yet recreated
        if (f->fd >= 0 && st.st_dev == f->dev && st.st_ino == f->ino) {
            if (st.st_size < f->off) {  //  truncated: from the top
                s_follow_rewind (f, "truncated");
                continue;
            }
            return DP_SRC_AGAIN;
        }
        //  A new file at the path (rotation). Lines written to the old one
        //  after the read above found its end and before the rename (a
        //  writer's last burst) are read first: the old file once more to
        //  its end, looked at again at once when it had more.
        ssize_t more = f->fd >= 0 ? read (f->fd, f->buf + f->len, self->max_line - f->len) : 0;
        if (more > 0) {
            s_follow_keep_tail (f, f->buf + f->len, (size_t) more);
            f->len += (size_t) more;
            f->off += more;
            f->at_end = false;
            f->checked_us = 0;
            continue;
        }
        //  The old one was read to its end; a last line without newline
        //  still counts.
        if (f->len || f->discarding) {
            f->buf [f->len++] = '\n';
            f->off++;
            if (f->fd >= 0)
                close (f->fd);
            f->fd = -1;
            continue;
        }
        if (f->fd >= 0)
            close (f->fd);
        s_follow_open (f, f->path, 0);
        if (f->fd < 0)
            return DP_SRC_AGAIN;
        dp_log_info ("%s: new file (rotated); reading it from the start", f->path);
    }
}

//  --------------------------------------------------------------------------
//  --watch

int
dp_fetch_src_watch (dp_fetch_src_t *self, const char *dir)
{
    if (self->watch_dir) {
        errno = EEXIST;
        return -1;
    }
    char *done = NULL;
    if (asprintf (&done, "%s/done", dir) < 0)
        return -1;
    if (mkdir (done, 0777) && errno != EEXIST) {
        dp_log_error ("%s: %s", done, strerror (errno));
        free (done);
        return -1;
    }
    free (done);
    self->watch_fd = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);
    if (self->watch_fd < 0
    ||  inotify_add_watch (self->watch_fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO) < 0) {
        dp_log_error ("%s: inotify: %s", dir, strerror (errno));
        return -1;
    }
    if (!(self->watch_dir = strdup (dir)))
        return -1;
    //  Files already there are processed too, in name order: new ones, and
    //  those a killed fetch had not finished (their articles come again;
    //  the sink drops what it already wrote).
    DIR *d = opendir (dir);
    if (!d)
        return -1;
    struct dirent *e;
    while ((e = readdir (d)))
        if (e->d_name [0] != '.' && strcmp (e->d_name, "done") != 0)
            if (dp_fetch_int_paths_add (&self->watch_q, e->d_name)) {
                closedir (d);
                return -1;
            }
    closedir (d);
    if (self->watch_q.n)
        qsort (self->watch_q.v, self->watch_q.n, sizeof *self->watch_q.v, dp_fetch_int_cmp);
    return 0;
}

bool
dp_fetch_src_live (dp_fetch_src_t *self)
{
    return self->n_follow || self->watch_dir;
}

void
dp_fetch_src_defer_done (dp_fetch_src_t *self)
{
    self->defer_done = true;
}

static dp_spool_t *
s_spool (dp_fetch_src_t *self, uint64_t serial)
{
    for (size_t i = 0; i < self->n_spool; i++)
        if (self->spool [i].serial == serial)
            return &self->spool [i];
    return NULL;
}

//  Moves a spool file that is done to DIR/done/ and forgets it. Another
//  file may have taken its name meanwhile (renamed in over it): that one is
//  left where it is and read next. A name already in done/ is not
//  overwritten: the file goes in as NAME.1, NAME.2...
static void
s_spool_done (dp_fetch_src_t *self, dp_spool_t *sp)
{
    char *from = NULL, *to = NULL;
    struct stat st;
    if (asprintf (&from, "%s/%s", self->watch_dir, sp->name) < 0)
        from = NULL;
    if (from && lstat (from, &st) == 0
    &&  ((uint64_t) st.st_dev != sp->dev || (uint64_t) st.st_ino != sp->ino)) {
        dp_log_info ("%s: another file took its name while it was read; reading that one too",
                     from);
        if (dp_fetch_int_paths_add (&self->watch_q, sp->name))
            dp_log_error ("%s: out of memory", from);
    }
    else
    if (from) {
        int rc = -1;
        for (unsigned n = 0; n < 1000; n++) {
            free (to);
            if ((n ? asprintf (&to, "%s/done/%s.%u", self->watch_dir, sp->name, n)
                   : asprintf (&to, "%s/done/%s", self->watch_dir, sp->name)) < 0) {
                to = NULL;
                break;
            }
            rc = renameat2 (AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
            if (rc == 0 || errno != EEXIST)
                break;
        }
        if (rc)
            dp_log_warn ("%s: cannot move to done/: %s", from, strerror (errno));
    }
    free (from);
    free (to);
    free (sp->name);
    *sp = self->spool [--self->n_spool];
}

void
dp_fetch_int_spool_read (dp_fetch_src_t *self)
{
    dp_spool_t *sp = s_spool (self, self->spool_cur);
    free (self->watch_cur);
    self->watch_cur = NULL;
    if (!sp)
        return;
    sp->read = true;
    if (!self->defer_done || sp->unacked == 0)
        s_spool_done (self, sp);
}

void
dp_fetch_src_acked (dp_fetch_src_t *self, const dp_fetch_pos_t *pos)
{
    dp_spool_t *sp = pos->spool ? s_spool (self, pos->spool) : NULL;
    if (sp && sp->unacked && --sp->unacked == 0 && sp->read)
        s_spool_done (self, sp);
}

void
dp_fetch_int_live_pos (dp_fetch_src_t *self, dp_fetch_pos_t *pos)
{
    memset (pos, 0, sizeof *pos);
    pos->live = true;
    if (self->live_from == 1) {
        *pos = self->live_pos;
        pos->live = true;
        return;
    }
    dp_spool_t *sp = s_spool (self, self->spool_cur);
    if (!sp)
        return;
    pos->spool = sp->serial;
    sp->unacked++;
    if (self->spool_whole) {            //  a whole-file article: read now
        self->spool_whole = false;
        dp_fetch_int_spool_read (self);
    }
}

//  Opens the next spool file waiting, if any.
static dp_src_rc_t
s_watch_next (dp_fetch_src_t *self, dp_article_t **doc)
{
    //  New names from inotify: closed after writing, or renamed in.
    char ev [8192] __attribute__ ((aligned (__alignof__ (struct inotify_event))));
    ssize_t got;
    while ((got = read (self->watch_fd, ev, sizeof ev)) > 0)
        for (char *p = ev; p < ev + got; ) {
            struct inotify_event *e = (struct inotify_event *) p;
            if (e->len && e->name [0] != '.' && strcmp (e->name, "done") != 0
            &&  !(e->mask & IN_ISDIR))
                if (dp_fetch_int_paths_add (&self->watch_q, e->name))
                    return DP_SRC_FATAL;
            p += sizeof *e + e->len;
        }
    while (self->watch_q.next < self->watch_q.n) {
        char *name = self->watch_q.v [self->watch_q.next++];
        bool known = false;             //  being read, or waiting for acks
        for (size_t i = 0; i < self->n_spool; i++)
            known |= strcmp (self->spool [i].name, name) == 0;
        char *path = NULL;
        if (known || asprintf (&path, "%s/%s", self->watch_dir, name) < 0) {
            if (known)
                continue;
            return DP_SRC_FATAL;
        }
        struct stat st;
        if (stat (path, &st) != 0 || !S_ISREG (st.st_mode)) {
            free (path);                //  already moved (a second event)
            continue;
        }
        dp_spool_t *v = realloc (self->spool, (self->n_spool + 1) * sizeof *v);
        if (v)
            self->spool = v;
        char *copy = v ? strdup (name) : NULL;
        if (!copy) {
            free (path);
            return DP_SRC_FATAL;
        }
        v [self->n_spool++] = (dp_spool_t) { copy, ++self->spool_serial, 0, false,
                                             (uint64_t) st.st_dev, (uint64_t) st.st_ino };
        snprintf (self->spool_key, sizeof self->spool_key, "%llu:%lld.%09ld",
                  (unsigned long long) st.st_ino, (long long) st.st_mtim.tv_sec,
                  (long) st.st_mtim.tv_nsec);
        self->spool_cur = self->spool_serial;
        self->watch_cur = path;
        self->live_from = 2;
        dp_src_rc_t rc = dp_fetch_int_open (self, path, doc);
        if (rc == DP_SRC_ARTICLE)
            self->spool_whole = true;   //  done once counted (live_pos)
        return rc == DP_SRC_DONE ? DP_SRC_OPENED : rc;
    }
    //  Everything taken: forget the names.
    for (size_t i = 0; i < self->watch_q.n; i++)
        free (self->watch_q.v [i]);
    self->watch_q.n = self->watch_q.next = 0;
    return DP_SRC_AGAIN;
}

dp_src_rc_t
dp_fetch_int_live_next (dp_fetch_src_t *self, dp_article_t **doc)
{
    for (size_t i = 0; i < self->n_follow; i++) {
        dp_src_rc_t rc = s_follow_next (self, &self->follow [i], i, doc);
        if (rc != DP_SRC_AGAIN)
            return rc;
    }
    return self->watch_dir ? s_watch_next (self, doc) : DP_SRC_AGAIN;
}

void
dp_fetch_int_live_free (dp_fetch_src_t *self)
{
    for (size_t i = 0; i < self->n_follow; i++) {
        free (self->follow [i].path);
        free (self->follow [i].buf);
        if (self->follow [i].fd >= 0)
            close (self->follow [i].fd);
    }
    free (self->follow);
    for (size_t i = 0; i < self->watch_q.n; i++)
        free (self->watch_q.v [i]);
    free (self->watch_q.v);
    for (size_t i = 0; i < self->n_spool; i++)
        free (self->spool [i].name);
    free (self->spool);
    if (self->watch_fd >= 0)
        close (self->watch_fd);
    free (self->watch_dir);
    free (self->watch_cur);
}
