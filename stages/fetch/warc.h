//  depeche fetch — a streaming WARC reader (WARC/1.0, 1.1, and the 0.18 of
//  old crawls) over plain or gzip files (one gzip member per record or one
//  for the whole file: zlib's gzread reads through member boundaries), and
//  the charset conversion of web pages to UTF-8 (iconv). No sockets here.
//
//  What the reader supports: `response` records whose HTTP status is 200
//  and whose Content-Type is text/html or application/xhtml+xml become
//  pages; every other record (warcinfo, request, metadata, revisit,
//  resource, non-200, non-HTML) is skipped and counted. In the HTTP
//  payload: Transfer-Encoding chunked; Content-Encoding gzip, x-gzip and
//  deflate (a payload declared gzip that is not gzip is taken as it is and
//  flagged "content-encoding-ignored"); others (br, zstd) give a dead
//  letter. HTTP headers may end lines with LF only.
#ifndef DP_WARC_H_INCLUDED
#define DP_WARC_H_INCLUDED

#include "depeche/dp_gz.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dp_warc dp_warc_t;

typedef enum {
    DP_WARC_PAGE = 1,                   //  an HTML 200 response: rec holds it
    DP_WARC_BAD = 2,                    //  an HTML 200 response that cannot be
                                        //  used (oversize, bad encoding):
                                        //  rec->reason says why
    DP_WARC_END = 0,                    //  clean end of the file
    DP_WARC_DAMAGED = -1,               //  damage (truncated, corrupt gzip, not
                                        //  WARC): rec->reason says where; the
                                        //  file is finished
    DP_WARC_OOM = -2
} dp_warc_rc_t;

typedef struct {
    size_t record;                      //  record number in the file, from 1
    uint64_t offset;                    //  its uncompressed byte offset
    char *url;                          //  WARC-Target-URI (owned)
    char *date;                         //  the date part of WARC-Date (owned)
    char *html;                         //  the page as UTF-8 (owned)
    size_t html_len;
    const char *flags [4];              //  static notes: "charset-repaired"...
    size_t n_flags;
    char reason [512];                  //  DP_WARC_BAD / DP_WARC_DAMAGED
} dp_warc_rec_t;

//  Opens a WARC file. NULL with errno set when it cannot be opened.
dp_warc_t *
    dp_warc_open (const char *path);

//  Closes it; accepts NULL, sets *self_p to NULL.
void
    dp_warc_close (dp_warc_t **self_p);

//  Reads on to the next HTML 200 response. max_bytes is the size limit of
//  a page (decoded). Records numbered below skip_before are read past
//  without decoding (resume). Frees and refills rec's owned strings.
dp_warc_rc_t
    dp_warc_next (dp_warc_t *self, dp_warc_rec_t *rec, size_t max_bytes,
                  size_t skip_before);

//  Records skipped so far (not HTML 200 responses) and compressed bytes
//  read so far (progress).
uint64_t
    dp_warc_skipped (dp_warc_t *self);
uint64_t
    dp_warc_offset (dp_warc_t *self);

//  Records whose Content-Length ran past the end of the file or into the
//  records after it, so reading went back to a record header inside them.
uint64_t
    dp_warc_resynced (dp_warc_t *self);

//  What followed the last gzip member, when it was not another (dp_gz.h).
const dp_gz_junk_t *
    dp_warc_junk (dp_warc_t *self);

//  Frees rec's owned strings (not rec).
void
    dp_warc_rec_clear (dp_warc_rec_t *rec);

//  Returns data[0..len) converted from charset to UTF-8 (a malloc'd,
//  NUL-terminated string, its length in *out_len). charset NULL or
//  unknown to iconv: the bytes are taken as UTF-8. Bytes invalid in the
//  charset become U+FFFD and *repaired counts them (may be NULL).
//  ISO-8859-1 and US-ASCII are read as windows-1252 (as browsers do).
//  NULL when out of memory.
char *
    dp_charset_to_utf8 (const char *data, size_t len, const char *charset,
                        size_t *out_len, size_t *repaired);

//  The charset a page declares in a <meta charset> or <meta http-equiv
//  content="...; charset=..."> in its first 4 KB, or in an HTTP
//  Content-Type value (ctype non-NULL, checked first). Writes it to
//  out[0..outlen) and returns out, or returns NULL when none is declared.
const char *
    dp_charset_declared (const char *ctype, const char *html, size_t len,
                         char *out, size_t outlen);

//  True when charset names UTF-8, or is NULL or empty (read as UTF-8).
bool
    dp_charset_is_utf8 (const char *charset);

//  A page whose bytes are not the UTF-8 it declares (a web archive's
//  capture puts its own <meta charset=utf-8> before the page's « gb2312 »
//  or « windows-1251 »): the page converted from the next charset a <meta>
//  of its first 4 KB declares, when that charset reads every byte (a
//  malloc'd string, its length in *out_len); NULL when none does, or out
//  of memory. Called only once the bytes are known not to be UTF-8.
char *
    dp_charset_other (const char *html, size_t len, size_t *out_len);

#endif
