//  depeche fetch — WARC reader (charsets are charset.c's). The file is
//  read through dp_gz (gzip or plain) in 64 KB steps into one buffer:
//  record headers are lines in it, blocks are copied out (HTML 200
//  responses, up to the size limit) or read past (everything else), so
//  memory stays bounded by the size limit whatever the file's size.
#include "fetch/warc.h"
#include "depeche/dp_common.h"
#include "depeche/dp_gz.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define S_BUF (1u << 16)                //  read buffer; also the longest header line
#define S_HTTP_HEAD (1u << 16)          //  HTTP headers longer than this: not a page

struct dp_warc {
    dp_gz_t *gz;
    char *buf;                          //  bytes read, not yet used: buf[at..len)
    size_t at;
    size_t len;
    uint64_t off;                       //  uncompressed offset of buf[at]
    bool eof;                           //  dp_gz_read said end
    bool long_line;                     //  s_line met a line over S_BUF
    char err [256];                     //  set when the stream is damaged
    size_t record;                      //  records read so far
    uint64_t skipped;
    uint64_t resynced;                  //  records read again from inside
                                        //  a lying Content-Length
    //  While a record's block is read: the first "WARC/1." that starts a
    //  line inside it (UINT64_MAX: none yet) and how much of "\nWARC/1."
    //  the last bytes matched
    bool junk_told;                     //  bytes after the last member told
    bool watch;
    uint64_t inner;
    size_t matched;
};

#define S_INNER "\nWARC/1."
#define S_INNER_LEN 8

//  --------------------------------------------------------------------------

dp_warc_t *
dp_warc_open (const char *path)
{
    dp_warc_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->buf = malloc (S_BUF);
    self->gz = self->buf ? dp_gz_open (path) : NULL;
    if (!self->gz) {
        int e = errno;
        free (self->buf);
        free (self);
        errno = e ? e : ENOMEM;
        return NULL;
    }
    return self;
}

void
dp_warc_close (dp_warc_t **self_p)
{
    dp_warc_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    dp_gz_close (&self->gz);
    free (self->buf);
    free (self);
    *self_p = NULL;
}

uint64_t
dp_warc_skipped (dp_warc_t *self)
{
    return self->skipped;
}

uint64_t
dp_warc_resynced (dp_warc_t *self)
{
    return self->resynced;
}

const dp_gz_junk_t *
dp_warc_junk (dp_warc_t *self)
{
    return dp_gz_junk (self->gz);
}

uint64_t
dp_warc_offset (dp_warc_t *self)
{
    return dp_gz_offset (self->gz);
}

void
dp_warc_rec_clear (dp_warc_rec_t *rec)
{
    free (rec->url);
    free (rec->date);
    free (rec->html);
    memset (rec, 0, sizeof *rec);
}

//  Reads more into the buffer (compacting it first). Returns the number of
//  new bytes, 0 at the end or on damage (self->err set).
static size_t
s_fill (dp_warc_t *self)
{
    if (self->eof)
        return 0;
    if (self->at) {
        memmove (self->buf, self->buf + self->at, self->len - self->at);
        self->len -= self->at;
        self->at = 0;
    }
    if (self->len == S_BUF)
        return 0;
    int got = dp_gz_read (self->gz, self->buf + self->len, (unsigned) (S_BUF - self->len));
    if (got > 0) {
        self->len += (size_t) got;
        return (size_t) got;
    }
    self->eof = true;
    if (got < 0)
        snprintf (self->err, sizeof self->err, "%s", dp_gz_error (self->gz));
    return 0;
}

//  The next line (without its LF or CRLF), NUL-terminated in the buffer.
//  NULL at the end, on damage, or for a line over S_BUF (long_line set;
//  the line is left where it is).
static char *
s_line (dp_warc_t *self, size_t *len)
{
    self->long_line = false;
    while (true) {
        char *start = self->buf + self->at;
        char *nl = memchr (start, '\n', self->len - self->at);
        if (nl) {
            size_t n = (size_t) (nl - start);
            self->at += n + 1;
            self->off += n + 1;
            if (n && start [n - 1] == '\r')
                n--;
            start [n] = '\0';
            *len = n;
            return start;
        }
        if (!s_fill (self)) {
            self->long_line = !self->eof && self->len - self->at == S_BUF;
            return NULL;
        }
    }
}

//  Reads past the rest of the line at buf[at], its LF included. Returns
//  the number of bytes skipped.
static uint64_t
s_skip_line (dp_warc_t *self)
{
    uint64_t skipped = 0;
    while (self->at < self->len || s_fill (self)) {
        const char *start = self->buf + self->at;
        const char *nl = memchr (start, '\n', self->len - self->at);
        size_t n = nl ? (size_t) (nl - start) + 1 : self->len - self->at;
        self->at += n;
        self->off += n;
        skipped += n;
        if (nl)
            break;
    }
    return skipped;
}

//  Watches buf[at, at + k) of a block for a record header at a line start
//  (the match carried across reads), and keeps the first one's offset.
static void
s_watch (dp_warc_t *self, size_t k)
{
    const char *b = self->buf + self->at;
    size_t i = 0;
    while (i < k && self->inner == UINT64_MAX) {
        if (self->matched == 0) {
            const char *nl = memchr (b + i, '\n', k - i);
            if (!nl)
                return;
            i = (size_t) (nl - b) + 1;
            self->matched = 1;
        }
        else
        if (b [i] == S_INNER [self->matched]) {
            i++;
            if (++self->matched == S_INNER_LEN)
                self->inner = self->off + i - (S_INNER_LEN - 1);
        }
        else
            self->matched = 0;          //  b[i] is looked at again
    }
}

//  Copies n bytes to dst (NULL: reads past them). Returns the bytes done
//  (fewer than n: end or damage).
static size_t
s_take (dp_warc_t *self, char *dst, size_t n)
{
    size_t done = 0;
    while (done < n) {
        if (self->at == self->len && !s_fill (self))
            break;
        size_t k = self->len - self->at;
        if (k > n - done)
            k = n - done;
        if (self->watch)
            s_watch (self, k);
        if (dst)
            memcpy (dst + done, self->buf + self->at, k);
        self->at += k;
        self->off += k;
        done += k;
    }
    return done;
}

//  After a record's block come two CRLFs, then the next record's "WARC/"
//  or the end. Skips the line ends; returns false when something else
//  follows (the Content-Length lied). The end of the input, or damage, is
//  left to the next header read to report.
static bool
s_at_record_end (dp_warc_t *self)
{
    while (true) {
        if (self->at == self->len && !s_fill (self))
            return true;
        char c = self->buf [self->at];
        if (c != '\r' && c != '\n')
            break;
        self->at++;
        self->off++;
    }
    while (self->len - self->at < 5 && s_fill (self))
        ;
    return self->len - self->at < 5 || memcmp (self->buf + self->at, "WARC/", 5) == 0;
}

//  Reads past everything up to the next line that starts with "WARC/", or
//  to the end. Returns the number of bytes skipped.
static uint64_t
s_resync (dp_warc_t *self)
{
    uint64_t skipped = 0;
    bool line_start = true;             //  buf[at] starts a line
    while (true) {
        if (self->len - self->at < 5)
            s_fill (self);
        size_t avail = self->len - self->at;
        if (avail < 5) {
            skipped += avail;           //  the end: nothing more to find
            self->off += avail;
            self->at = self->len;
            return skipped;
        }
        const char *b = self->buf + self->at;
        for (size_t i = 0; i + 5 <= avail; i++)
            if ((i ? b [i - 1] == '\n' : line_start) && memcmp (b + i, "WARC/", 5) == 0) {
                skipped += i;
                self->at += i;
                self->off += i;
                return skipped;
            }
        size_t used = avail - 4;        //  a "WARC/" may straddle two reads
        line_start = b [used - 1] == '\n';
        skipped += used;
        self->at += used;
        self->off += used;
    }
}

//  --------------------------------------------------------------------------
//  HTTP payloads

//  Decodes a chunked body in place. Returns the new length, or (size_t) -1
//  when it is not well-formed chunked.
static size_t
s_dechunk (char *s, size_t len)
{
    size_t r = 0, w = 0;
    while (r < len) {
        char *end;
        unsigned long long n = strtoull (s + r, &end, 16);
        if (end == s + r)
            return (size_t) -1;
        char *nl = memchr (end, '\n', len - (size_t) (end - s));
        if (!nl)
            return (size_t) -1;
        r = (size_t) (nl - s) + 1;
        if (n == 0)
            return w;
        if (n > len - r)
            n = len - r;                //  cut short: keep what is there
        memmove (s + w, s + r, n);
        w += n;
        r += n;
        while (r < len && (s [r] == '\r' || s [r] == '\n'))
            r++;
    }
    return w;
}

//  Inflates gzip or zlib data. Returns a malloc'd buffer or NULL (not
//  compressed, damaged, OOM, or over max: *over set).
static char *
s_inflate (const char *s, size_t len, size_t max, size_t *out_len, bool *over)
{
    z_stream zs;
    memset (&zs, 0, sizeof zs);
    if (inflateInit2 (&zs, 15 + 32) != Z_OK)
        return NULL;
    size_t cap = len * 4 + 1024;
    if (cap > max + 1)
        cap = max + 1;
    char *out = malloc (cap + 1);
    zs.next_in = (Bytef *) s;
    zs.avail_in = (uInt) len;
    int rc = Z_OK;
    size_t used = 0;
    while (out) {
        zs.next_out = (Bytef *) out + used;
        zs.avail_out = (uInt) (cap - used);
        rc = inflate (&zs, Z_NO_FLUSH);
        used = cap - zs.avail_out;
        if (rc == Z_STREAM_END || (rc == Z_BUF_ERROR && zs.avail_in == 0))
            break;
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            free (out);
            out = NULL;
            break;
        }
        if (zs.avail_out == 0) {
            if (cap > max) {
                *over = true;
                free (out);
                out = NULL;
                break;
            }
            cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            char *bigger = realloc (out, cap + 1);
            if (!bigger)
                { free (out); out = NULL; break; }
            out = bigger;
        }
    }
    inflateEnd (&zs);
    if (out) {
        out [used] = '\0';
        *out_len = used;
    }
    return out;
}

//  Value of header name in the HTTP head (lines NUL-separated by the
//  caller? no: raw lines), copied to out. Returns out or NULL.
static const char *
s_http_header (const char *head, size_t len, const char *name, char *out, size_t outlen)
{
    size_t nlen = strlen (name);
    const char *p = head, *end = head + len;
    while (p < end) {
        const char *nl = memchr (p, '\n', (size_t) (end - p));
        const char *le = nl ? nl : end;
        if ((size_t) (le - p) > nlen && strncasecmp (p, name, nlen) == 0 && p [nlen] == ':') {
            const char *v = p + nlen + 1;
            while (v < le && (*v == ' ' || *v == '\t'))
                v++;
            size_t n = (size_t) (le - v);
            while (n && (v [n - 1] == '\r' || v [n - 1] == ' '))
                n--;
            if (n >= outlen)
                n = outlen - 1;
            memcpy (out, v, n);
            out [n] = '\0';
            return out;
        }
        p = le + 1;
    }
    return NULL;
}

//  --------------------------------------------------------------------------

static void
s_flag (dp_warc_rec_t *rec, const char *flag)
{
    if (rec->n_flags < sizeof rec->flags / sizeof rec->flags [0])
        rec->flags [rec->n_flags++] = flag;
}

//  Builds the page from a whole response block. Returns PAGE, BAD, or 0
//  (not an HTML 200 response: skip), or OOM.
static dp_warc_rc_t
s_response (dp_warc_rec_t *rec, char *block, size_t len, size_t max_bytes)
{
    //  Status line, then headers up to an empty line (CRLF or LF only).
    if (len < 12 || strncmp (block, "HTTP/", 5) != 0)
        return 0;
    const char *sp = memchr (block, ' ', len < 32 ? len : 32);
    if (!sp || atoi (sp + 1) != 200)
        return 0;
    size_t hlen = 0, body = 0;
    for (size_t i = 0; i + 1 < len && i < S_HTTP_HEAD; i++)
        if (block [i] == '\n' && (block [i + 1] == '\n'
            || (block [i + 1] == '\r' && i + 2 < len && block [i + 2] == '\n'))) {
            hlen = i + 1;
            body = block [i + 1] == '\n' ? i + 2 : i + 3;
            break;
        }
    if (!body)
        return 0;
    char ctype [256] = "", te [64] = "", ce [64] = "";
    s_http_header (block, hlen, "Content-Type", ctype, sizeof ctype);
    if (!strcasestr (ctype, "text/html") && !strcasestr (ctype, "application/xhtml"))
        return 0;
    s_http_header (block, hlen, "Transfer-Encoding", te, sizeof te);
    s_http_header (block, hlen, "Content-Encoding", ce, sizeof ce);
    char *page = block + body;
    size_t plen = len - body;
    if (strcasestr (te, "chunked")) {
        size_t n = s_dechunk (page, plen);
        if (n == (size_t) -1)
            s_flag (rec, "chunked-ignored");
        else
            plen = n;
    }
    char *inflated = NULL;
    if (*ce && strcasecmp (ce, "identity") != 0) {
        if (strcasestr (ce, "gzip") || strcasestr (ce, "deflate")) {
            bool over = false;
            inflated = s_inflate (page, plen, max_bytes, &plen, &over);
            if (over) {
                snprintf (rec->reason, sizeof rec->reason,
                          "article over size limit (> %zu bytes inflated)", max_bytes);
                return DP_WARC_BAD;
            }
            if (inflated)
                page = inflated;
            else
                s_flag (rec, "content-encoding-ignored");
        }
        else {
            snprintf (rec->reason, sizeof rec->reason,
                      "unsupported Content-Encoding \"%s\"", ce);
            return DP_WARC_BAD;
        }
    }
    if (plen > max_bytes) {
        free (inflated);
        snprintf (rec->reason, sizeof rec->reason,
                  "article over size limit (%zu > %zu bytes)", plen, max_bytes);
        return DP_WARC_BAD;
    }
    char cs [64];
    const char *declared = dp_charset_declared (ctype, page, plen, cs, sizeof cs);
    size_t repaired = 0;
    rec->html = dp_charset_to_utf8 (page, plen, declared, &rec->html_len, &repaired);
    char *other = NULL;
    if (repaired && dp_charset_is_utf8 (declared)
    &&  (other = dp_charset_other (page, plen, &rec->html_len))) {
        free (rec->html);               //  a capture's banner declared UTF-8
        rec->html = other;
        repaired = 0;
    }
    free (inflated);
    if (!rec->html)
        return DP_WARC_OOM;
    if (repaired)
        s_flag (rec, declared && strcmp (declared, "utf-8") && strcmp (declared, "utf8")
                     ? "charset-repaired" : "utf8-repaired");
    return DP_WARC_PAGE;
}

//  True when a WARC-Date opens with a calendar day, YYYY-MM-DD (month
//  01-12, day 01-31), ended by the time's 'T', a blank or the end: the
//  day is the article's `published`. Anything else is not passed on
//  (a `published` of "x" would also hide the page's own date from clean).
static bool
s_day (const char *v)
{
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? v [i] != '-' : !isdigit ((unsigned char) v [i]))
            return false;
    int month = (v [5] - '0') * 10 + v [6] - '0';
    int day = (v [8] - '0') * 10 + v [9] - '0';
    return month >= 1 && month <= 12 && day >= 1 && day <= 31
        && (v [10] == '\0' || v [10] == 'T' || v [10] == ' ' || v [10] == '\t');
}

//  A record whose Content-Length does not end it (it runs past the end of
//  the file, or into the records after it) may have swallowed whole
//  records: reading goes back to the first record header inside its block
//  (s_watch), so they are not lost. False when there is none, or the file
//  cannot be read again there (damaged gzip).
static bool
s_back_to_inner (dp_warc_t *self)
{
    if (self->inner == UINT64_MAX || dp_gz_seek (self->gz, self->inner))
        return false;
    self->at = self->len = 0;
    self->off = self->inner;
    self->eof = false;
    self->err [0] = '\0';
    self->resynced++;
    return true;
}

//  The reason for a record whose Content-Length (len, from byte `from`)
//  runs past the end or into later records: reading went back to the
//  record header inside it.
static dp_warc_rc_t
s_lied (dp_warc_t *self, dp_warc_rec_t *rec, size_t len, const char *how)
{
    snprintf (rec->reason, sizeof rec->reason,
              "WARC record %zu at byte %llu: its Content-Length (%zu) %s; its block "
              "was dropped, reading went on from the record header at byte %llu "
              "inside it", rec->record, (unsigned long long) rec->offset, len, how,
              (unsigned long long) self->inner);
    return DP_WARC_BAD;
}

//  Damage: fills the reason with where it is. Damaged gzip data ends the
//  file unless another whole member follows (dp_gz_resync): a .warc.gz of
//  one member per record then loses only the records of the damaged one,
//  and reading goes on (counted as warc_resynced).
static dp_warc_rc_t
s_damaged (dp_warc_t *self, dp_warc_rec_t *rec, const char *what)
{
    uint64_t at = self->err [0] ? dp_gz_resync (self->gz) : UINT64_MAX;
    snprintf (rec->reason, sizeof rec->reason, "%s (WARC record %zu at byte %llu)%s%s",
              what, rec->record, (unsigned long long) rec->offset,
              self->err [0] ? ": " : "", self->err);
    if (at == UINT64_MAX)
        return DP_WARC_DAMAGED;
    size_t n = strlen (rec->reason);
    snprintf (rec->reason + n, sizeof rec->reason - n, "; reading went on at the next "
              "gzip member, compressed byte %llu", (unsigned long long) at);
    self->at = self->len = 0;
    self->off = dp_gz_decoded (self->gz);
    self->eof = false;
    self->err [0] = '\0';
    self->resynced++;
    return DP_WARC_BAD;
}

//  A record header line over S_BUF (a URI of 100 KB, a hostile field): the
//  record is a dead letter, and reading goes on at the next line that
//  starts with "WARC/" after the long one. It used to read as a truncated
//  header, the end of the file: every record after it was lost.
static dp_warc_rc_t
s_long_header (dp_warc_t *self, dp_warc_rec_t *rec)
{
    uint64_t from = self->off;
    uint64_t skipped = s_skip_line (self);
    skipped += s_resync (self);
    snprintf (rec->reason, sizeof rec->reason,
              "WARC record %zu at byte %llu has a header line over %u KB; "
              "%llu bytes from byte %llu were skipped up to %s",
              rec->record, (unsigned long long) rec->offset, S_BUF >> 10,
              (unsigned long long) skipped, (unsigned long long) from,
              self->at < self->len ? "the next record" : "the end of the file");
    return DP_WARC_BAD;
}

dp_warc_rc_t
dp_warc_next (dp_warc_t *self, dp_warc_rec_t *rec, size_t max_bytes, size_t skip_before)
{
    dp_warc_rec_clear (rec);
    while (true) {
        //  Version line: blank lines between records are tolerated.
        size_t n;
        char *line;
        rec->offset = self->off;
        while ((line = s_line (self, &n)) && n == 0)
            rec->offset = self->off;
        rec->record = self->record + 1;
        free (rec->url);
        free (rec->date);
        rec->url = rec->date = NULL;
        if (!line && self->long_line) {
            self->record++;
            return s_long_header (self, rec);
        }
        if (!line) {
            if (self->err [0])
                return s_damaged (self, rec, "damaged input before a record header");
            if (self->len - self->at > 0)
                return s_damaged (self, rec, "not a WARC record (no header line)");
            const dp_gz_junk_t *junk = dp_gz_junk (self->gz);
            if (junk->bytes && !junk->text && !self->junk_told) {
                self->junk_told = true;
                snprintf (rec->reason, sizeof rec->reason, "%llu bytes after the last "
                          "gzip member, from compressed byte %llu, are neither gzip nor "
                          "text: skipped", (unsigned long long) junk->bytes,
                          (unsigned long long) junk->at);
                return DP_WARC_BAD;
            }
            return DP_WARC_END;
        }
        if (strncmp (line, "WARC/", 5) != 0)
            return s_damaged (self, rec, "not a WARC record header");
        self->record++;
        //  Named fields up to an empty line.
        char type [32] = "";
        long long clen = -1;
        while ((line = s_line (self, &n)) && n > 0) {
            char *colon = strchr (line, ':');
            if (!colon)
                continue;
            *colon = '\0';
            char *v = colon + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            if (!strcasecmp (line, "WARC-Type"))
                snprintf (type, sizeof type, "%s", v);
            else
            if (!strcasecmp (line, "Content-Length"))
                clen = strtoll (v, NULL, 10);
            else
            if (!strcasecmp (line, "WARC-Target-URI")) {
                if (*v == '<') {
                    v++;
                    v [strcspn (v, ">")] = '\0';
                }
                free (rec->url);
                rec->url = strdup (v);
            }
            else
            if (!strcasecmp (line, "WARC-Date")) {
                free (rec->date);
                rec->date = s_day (v) ? strndup (v, 10) : NULL;
            }
        }
        if (!line && self->long_line)
            return s_long_header (self, rec);
        if (!line)
            return s_damaged (self, rec, "truncated WARC record header");
        if (clen < 0) {
            //  No length (or a negative one): the block's end is unknown,
            //  but the next record's is not lost. Read on from the next
            //  "WARC/" header and say what was skipped.
            uint64_t from = self->off;
            uint64_t skipped = s_resync (self);
            snprintf (rec->reason, sizeof rec->reason,
                      "WARC record %zu at byte %llu has no valid Content-Length; "
                      "%llu bytes from byte %llu were skipped up to %s",
                      rec->record, (unsigned long long) rec->offset,
                      (unsigned long long) skipped, (unsigned long long) from,
                      self->at < self->len ? "the next record" : "the end of the file");
            return DP_WARC_BAD;
        }
        size_t len = (size_t) clen;
        bool wanted = !strcasecmp (type, "response") && rec->record >= skip_before;
        //  A response is read whole only when it may be a page under the
        //  limit (HTTP head + payload); a bigger one only for its head.
        size_t keep = len;
        if (wanted && keep > max_bytes + S_HTTP_HEAD)
            keep = S_HTTP_HEAD < len ? S_HTTP_HEAD : len;
        if (!wanted)
            keep = 0;
        char *block = keep ? malloc (keep + 1) : NULL;
        if (keep && !block)
            return DP_WARC_OOM;
        self->watch = true;
        self->inner = UINT64_MAX;
        self->matched = 1;              //  the block starts a line
        size_t got = s_take (self, block, keep);
        if (got == keep)
            got += s_take (self, NULL, len - keep);
        self->watch = false;
        if (got < len && !self->err [0] && s_back_to_inner (self)) {
            free (block);
            return s_lied (self, rec, len, "runs past the end of the file");
        }
        if (got < len) {
            free (block);
            char what [128];
            snprintf (what, sizeof what, "truncated WARC record: %zu of %zu bytes", got, len);
            return s_damaged (self, rec, what);
        }
        if (!s_at_record_end (self)) {
            //  The Content-Length does not end the record: what it took is
            //  not to be trusted, what follows it is not a record. Read on
            //  from the first record header inside its block, else from the
            //  next "WARC/" header after it, and say what was skipped.
            free (block);
            if (s_back_to_inner (self))
                return s_lied (self, rec, len, "does not end the record");
            uint64_t from = self->off;
            uint64_t skipped = s_resync (self);
            snprintf (rec->reason, sizeof rec->reason,
                      "WARC record %zu at byte %llu: its Content-Length (%zu) does not end "
                      "the record; %llu bytes from byte %llu were skipped up to %s",
                      rec->record, (unsigned long long) rec->offset, len,
                      (unsigned long long) skipped, (unsigned long long) from,
                      self->at < self->len ? "the next record" : "the end of the file");
            return DP_WARC_BAD;
        }
        dp_warc_rc_t rc = 0;
        if (keep < len && keep) {
            //  Over the limit: a page only if its head says so.
            block [keep] = '\0';
            size_t plen = len;
            rc = s_response (rec, block, keep, (size_t) -2);
            if (rc == DP_WARC_PAGE) {
                free (rec->html);
                rec->html = NULL;
                snprintf (rec->reason, sizeof rec->reason,
                          "article over size limit (record of %zu > %zu bytes)",
                          plen, max_bytes);
                rc = DP_WARC_BAD;
            }
        }
        else
        if (keep) {
            block [keep] = '\0';
            rc = s_response (rec, block, keep, max_bytes);
        }
        free (block);
        if (rc)
            return rc;
        self->skipped++;
        rec->n_flags = 0;
        rec->reason [0] = '\0';
    }
}
