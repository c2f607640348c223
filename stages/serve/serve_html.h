//  depeche serve — the HTML writer: a growable buffer where trusted markup
//  goes in as it is and every other string goes through an escaper. Every
//  byte that comes from the database or the request is written with
//  dp_html_text or dp_html_arg, never with dp_html_raw or as a %s of
//  dp_html_fmt. No page layout here (serve.c), no SQL.
#ifndef DP_SERVE_HTML_H_INCLUDED
#define DP_SERVE_HTML_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

//  The output of a page. Zero-initialise; after a failed allocation every
//  append is a no-op and oom stays set (the page answers 500).
typedef struct {
    char *data;                         //  NUL-terminated when len > 0
    size_t len;                         //  bytes written
    size_t cap;                         //  bytes allocated
    bool oom;                           //  an allocation failed
} dp_html_t;

//  Frees the buffer and zeroes the struct; safe on a zeroed struct.
void
    dp_html_free (dp_html_t *self);

//  Takes the bytes out: returns the malloc'd data (NULL when empty or out of
//  memory) and its length in *len; the buffer is empty afterwards.
char *
    dp_html_take (dp_html_t *self, size_t *len);

//  Appends trusted markup (a literal of the program), as it is.
void
    dp_html_raw (dp_html_t *self, const char *markup);

//  Appends printf-formatted trusted markup: use %s only for literals of the
//  program, and numbers; strings of the data go through dp_html_text.
void
    dp_html_fmt (dp_html_t *self, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));

//  Appends s[0..len) as HTML text, safe in element content and in a
//  double- or single-quoted attribute value: & < > " ' become entities,
//  invalid UTF-8 and control characters other than TAB, LF and CR become
//  U+FFFD. s NULL: nothing.
void
    dp_html_textn (dp_html_t *self, const char *s, size_t len);

//  The same for a NUL-terminated string (NULL: nothing).
void
    dp_html_text (dp_html_t *self, const char *s);

//  Appends s percent-encoded for a query-string value: only A-Z a-z 0-9
//  - _ . ~ stay as they are, so the result is also safe in an attribute.
//  s NULL: nothing.
void
    dp_html_arg (dp_html_t *self, const char *s);

//  True when url may be an href: it starts with http:// or https:// (any
//  case) and has no byte below 0x21 and no quote or angle bracket, so no
//  "javascript:", "java\tscript:" or " data:" can pass. Anything else is
//  shown as text only.
bool
    dp_html_http_url (const char *url);

//  Length of the valid UTF-8 sequence at s[0..len), or 0 when the bytes
//  there are not one (overlong, surrogate, beyond U+10FFFF, cut).
size_t
    dp_html_utf8_seq (const unsigned char *s, size_t len);

#endif
