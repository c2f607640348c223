//  depeche — reading gzip files (or plain ones) with zlib's inflate, so
//  that nothing in them is lost in silence. zlib's gzread did two things
//  wrong for an archive reader: on corrupt data it returns -1 and drops
//  every byte it inflated in that call (with the readers' steps of 128 KB,
//  the good records before the damage went with it), and it ignores in
//  silence whatever follows the last gzip member when that starts no other
//  member. Here inflate leaves in the output all it decoded up to the
//  damage, which is delivered before the error; and bytes after the last
//  member are logged, counted (dp_gz_junk) and, when they read as text
//  (lines appended to an archive without compressing them), delivered as
//  plain bytes after the decoded ones; other bytes (padding, a foreign
//  stream) are skipped. A file that does not start with gzip's magic is
//  read as it is, as gzread does.
#include "depeche/dp_gz.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define S_IN (1u << 17)                 //  compressed bytes read at a time
#define S_SNIFF 4096                    //  bytes of a tail looked at: text?

typedef enum {
    S_MEMBER,                           //  inside a gzip member
    S_PLAIN,                            //  plain bytes (the file, or a text tail)
    S_END,
    S_DAMAGED
} s_state_t;

struct dp_gz {
    FILE *file;
    char *path;
    z_stream zs;
    bool zs_live;                       //  inflateInit2 done
    s_state_t state;
    uint64_t read;                      //  bytes read from the file
    uint64_t member;                    //  compressed byte the member began at
    uint64_t out;                       //  decoded bytes delivered
    uint64_t scanned;                   //  compressed bytes before it start no
                                        //  member that would cut this one
    bool whole;                         //  this member inflates whole (checked)
    dp_gz_junk_t junk;
    char err [256];
    unsigned char in [S_IN];
};

//  --------------------------------------------------------------------------

void
dp_gz_close (dp_gz_t **self_p)
{
    dp_gz_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    if (self->zs_live)
        inflateEnd (&self->zs);
    if (self->file)
        fclose (self->file);
    free (self->path);
    free (self);
    *self_p = NULL;
}

//  At least want unread input bytes (fewer only at the end of the file):
//  the unread rest moves to the buffer's start and more is read after it.
//  Returns how many there are.
static size_t
s_want (dp_gz_t *self, size_t want)
{
    if (self->zs.avail_in >= want)
        return self->zs.avail_in;
    if (self->zs.avail_in && self->zs.next_in != self->in)
        memmove (self->in, self->zs.next_in, self->zs.avail_in);
    self->zs.next_in = self->in;
    while (self->zs.avail_in < want) {
        size_t got = fread (self->in + self->zs.avail_in, 1, S_IN - self->zs.avail_in,
                            self->file);
        if (got == 0)
            break;
        self->zs.avail_in += (uInt) got;
        self->read += got;
    }
    return self->zs.avail_in;
}

//  From the file's start: gzip or plain, by its first two bytes.
static int
s_start (dp_gz_t *self)
{
    if (fseek (self->file, 0, SEEK_SET))
        return -1;
    self->zs.next_in = self->in;
    self->zs.avail_in = 0;
    self->read = self->out = self->member = self->scanned = 0;
    self->whole = false;
    memset (&self->junk, 0, sizeof self->junk);
    self->err [0] = '\0';
    size_t have = s_want (self, 2);
    if (have >= 2 && self->in [0] == 0x1f && self->in [1] == 0x8b) {
        self->state = S_MEMBER;
        return inflateReset (&self->zs) == Z_OK ? 0 : -1;
    }
    self->state = S_PLAIN;
    return 0;
}

dp_gz_t *
dp_gz_open (const char *path)
{
    dp_gz_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->path = strdup (path);
    self->file = self->path ? fopen (path, "rb") : NULL;
    if (!self->file || inflateInit2 (&self->zs, 15 + 16) != Z_OK) {
        int e = errno ? errno : ENOMEM;
        dp_gz_close (&self);
        errno = e;
        return NULL;
    }
    self->zs_live = true;
    if (s_start (self)) {
        int e = errno ? errno : EIO;
        dp_gz_close (&self);
        errno = e;
        return NULL;
    }
    return self;
}

const char *
dp_gz_error (dp_gz_t *self)
{
    return self->err;
}

uint64_t
dp_gz_offset (dp_gz_t *self)
{
    return self->read - self->zs.avail_in;
}

const dp_gz_junk_t *
dp_gz_junk (dp_gz_t *self)
{
    return &self->junk;
}

//  True when s[0..len) reads as text: no control byte but tab, line ends
//  and form feed, valid UTF-8 (a character cut at the end, when more
//  follows, allowed).
static bool
s_text (const unsigned char *s, size_t len, bool more)
{
    for (size_t i = 0; i < len; i++)
        if (s [i] < 0x20 && s [i] != '\t' && s [i] != '\n' && s [i] != '\r' && s [i] != '\f')
            return false;
    size_t cut = 0;
    while (more && cut < 3 && cut < len && (s [len - 1 - cut] & 0xC0) == 0x80)
        cut++;
    if (more && cut < len && s [len - 1 - cut] >= 0xC0)
        cut++;
    return dp_utf8_valid ((const char *) s, len - cut);
}

//  A member ended: another follows, or the end, or something else (junk).
static void
s_after_member (dp_gz_t *self)
{
    size_t have = s_want (self, 2);
    if (have == 0) {
        self->state = S_END;
        return;
    }
    if (have >= 2 && self->zs.next_in [0] == 0x1f && self->zs.next_in [1] == 0x8b) {
        self->member = dp_gz_offset (self);
        self->whole = false;
        if (inflateReset (&self->zs) == Z_OK)
            return;                     //  the next member
    }
    self->junk.at = dp_gz_offset (self);
    have = s_want (self, S_SNIFF);
    size_t look = have < S_SNIFF ? have : S_SNIFF;
    if (s_text (self->zs.next_in, look, have > look || !feof (self->file))) {
        self->junk.text = true;
        self->state = S_PLAIN;
        dp_log_once_per (DP_LOG_WARN, "%s: plain text after the last gzip member, from "
                         "compressed byte %llu: read as it is", self->path,
                         (unsigned long long) self->junk.at);
        return;
    }
    struct stat st;
    uint64_t size = fstat (fileno (self->file), &st) == 0 ? (uint64_t) st.st_size : 0;
    self->junk.bytes = size > self->junk.at ? size - self->junk.at : have;
    self->zs.avail_in = 0;
    self->state = S_END;
    dp_log_once_per (DP_LOG_WARN, "%s: %llu bytes after the last gzip member, from "
                     "compressed byte %llu, are neither gzip nor text: skipped", self->path,
                     (unsigned long long) self->junk.bytes,
                     (unsigned long long) self->junk.at);
}

//  Plain bytes: what is left in the input buffer, then straight from the
//  file.
static unsigned
s_plain (dp_gz_t *self, unsigned char *buf, unsigned len)
{
    size_t got;
    if (self->zs.avail_in) {
        got = self->zs.avail_in < len ? self->zs.avail_in : len;
        memcpy (buf, self->zs.next_in, got);
        self->zs.next_in += got;
        self->zs.avail_in -= (uInt) got;
    }
    else {
        got = fread (buf, 1, len, self->file);
        self->read += got;
    }
    if (got == 0)
        self->state = S_END;
    if (self->junk.text)
        self->junk.bytes += got;
    return (unsigned) got;
}

static bool
    s_member_at (dp_gz_t *self, uint64_t at);

//  A member cut short (a writer killed in the middle of one, then `gzip >>`
//  or a later run appending more) runs straight into the next member's
//  header, and inflate reads those bytes on as the cut member's data: it
//  decoded garbage and, from back-references to the lines before it, whole
//  lines with ids and garbled text, all delivered before the CRC check
//  failed. So inflate is fed up to the next place a gzip header starts, no
//  further; when the member has not ended there, a whole member (its CRC
//  right) starts there, and the member being read does not inflate whole
//  (as a .gz stored inside a .gz does), the member is cut there: damage.
//  Returns how many of the have bytes buffered inflate may take.
static size_t
s_feed (dp_gz_t *self, size_t have)
{
    if (have < 3 || self->whole)
        return have;                    //  the last bytes of the file, or checked
    uint64_t here = dp_gz_offset (self);
    const unsigned char *in = self->zs.next_in;
    size_t i = self->scanned > here ? (size_t) (self->scanned - here) : 0;
    for (; i + 2 < have; i++) {
        const unsigned char *p = memchr (in + i, 0x1f, have - 2 - i);
        if (!p) {
            i = have - 2;
            break;
        }
        i = (size_t) (p - in);
        if (p [1] != 0x8b || p [2] != 8 || here + i == self->member)
            continue;
        self->scanned = here + i;
        if (i > 0)
            return i;                   //  up to the header, then look
        bool cut = s_member_at (self, here) && !(self->whole = s_member_at (self, self->member));
        if (fseeko (self->file, (off_t) self->read, SEEK_SET))
            cut = true;                 //  cannot read on where we were
        if (cut) {
            snprintf (self->err, sizeof self->err, "damaged gzip data near compressed "
                      "byte %llu: the member begun at byte %llu is cut there (a whole "
                      "gzip member starts there)", (unsigned long long) here,
                      (unsigned long long) self->member);
            self->state = S_DAMAGED;
            return 0;
        }
        if (self->whole)
            return have;
    }
    self->scanned = here + i;
    return i;                           //  the last two bytes wait for the next
}

int
dp_gz_read (dp_gz_t *self, void *buf_, unsigned len)
{
    unsigned char *buf = buf_;
    unsigned made = 0;
    while (made < len) {
        if (self->state == S_PLAIN) {
            unsigned got = s_plain (self, buf + made, len - made);
            made += got;
            if (got)
                break;
            continue;
        }
        if (self->state != S_MEMBER)
            break;
        size_t have = s_want (self, 3);
        if (!have) {
            snprintf (self->err, sizeof self->err, "damaged gzip data near compressed "
                      "byte %llu: unexpected end of file",
                      (unsigned long long) dp_gz_offset (self));
            self->state = S_DAMAGED;
            break;
        }
        size_t feed = s_feed (self, have);
        if (self->state == S_DAMAGED)
            break;
        self->zs.avail_in = (uInt) feed;
        self->zs.next_out = buf + made;
        self->zs.avail_out = len - made;
        int rc = inflate (&self->zs, Z_NO_FLUSH);
        self->zs.avail_in += (uInt) (have - feed);
        made = len - self->zs.avail_out;
        if (rc == Z_STREAM_END)
            s_after_member (self);
        else
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            snprintf (self->err, sizeof self->err, "damaged gzip data near compressed "
                      "byte %llu: %s", (unsigned long long) dp_gz_offset (self),
                      self->zs.msg ? self->zs.msg : "invalid data");
            self->state = S_DAMAGED;
        }
        else
        if (made)
            break;                      //  what there is, now (a stream)
    }
    self->out += made;
    if (made)
        return (int) made;
    return self->state == S_DAMAGED ? -1 : 0;
}

//  --------------------------------------------------------------------------
//  After damage: the next whole member. A file of one member per record (a
//  .warc.gz as crawlers write it) lost every record after one corrupt or
//  cut member; each member can be read alone, so reading goes on at the
//  first one after the damaged member's start that inflates whole with its
//  CRC right (three bytes 1f 8b 08 occur by chance in compressed data; a
//  chance match does not pass). A cut member swallows the start of the
//  next one into its deflate data, so the search starts just after the
//  damaged member's own header, not where inflate gave up.

//  True when a whole gzip member starts at compressed byte at.
static bool
s_member_at (dp_gz_t *self, uint64_t at)
{
    z_stream zs;
    memset (&zs, 0, sizeof zs);
    if (inflateInit2 (&zs, 15 + 16) != Z_OK)
        return false;
    unsigned char in [16384], out [65536];
    int rc = fseeko (self->file, (off_t) at, SEEK_SET) ? Z_ERRNO : Z_OK;
    while (rc == Z_OK || rc == Z_BUF_ERROR) {
        if (zs.avail_in == 0) {
            size_t got = fread (in, 1, sizeof in, self->file);
            if (got == 0)
                break;
            zs.next_in = in;
            zs.avail_in = (uInt) got;
        }
        zs.next_out = out;
        zs.avail_out = sizeof out;
        rc = inflate (&zs, Z_NO_FLUSH);
    }
    inflateEnd (&zs);
    return rc == Z_STREAM_END;
}

uint64_t
dp_gz_resync (dp_gz_t *self)
{
    if (self->state != S_DAMAGED)
        return UINT64_MAX;
    unsigned char buf [65536];
    uint64_t pos = self->member + 1;
    while (true) {
        if (fseeko (self->file, (off_t) pos, SEEK_SET))
            return UINT64_MAX;
        size_t n = fread (buf, 1, sizeof buf, self->file);
        if (n < 3)
            break;
        for (size_t i = 0; i + 2 < n; i++)
            if (buf [i] == 0x1f && buf [i + 1] == 0x8b && buf [i + 2] == 8
            &&  s_member_at (self, pos + i)) {
                uint64_t at = pos + i;
                if (fseeko (self->file, (off_t) at, SEEK_SET) || inflateReset (&self->zs) != Z_OK)
                    return UINT64_MAX;
                self->zs.next_in = self->in;
                self->zs.avail_in = 0;
                self->read = self->member = self->scanned = at;
                self->whole = false;
                self->state = S_MEMBER;
                self->err [0] = '\0';
                return at;
            }
        pos += n - 2;
    }
    self->zs.avail_in = 0;
    self->state = S_END;
    return UINT64_MAX;
}

int
dp_gz_seek (dp_gz_t *self, uint64_t off)
{
    if (off < self->out && s_start (self))
        return -1;
    unsigned char drop [8192];
    while (self->out < off) {
        uint64_t left = off - self->out;
        int got = dp_gz_read (self, drop, left < sizeof drop ? (unsigned) left
                                                            : (unsigned) sizeof drop);
        if (got < 0 && dp_gz_resync (self) != UINT64_MAX)
            continue;                   //  as the first reading went on
        if (got <= 0)
            return -1;
    }
    return 0;
}

uint64_t
dp_gz_decoded (dp_gz_t *self)
{
    return self->out;
}
