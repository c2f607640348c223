//  depeche serve — the HTML writer and its escapers (see serve_html.h).
//  Deliberately not a template engine: pages call raw / text / arg in
//  order, so what is escaped is visible at each call site.
#include "serve/serve_html.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void
dp_html_free (dp_html_t *self)
{
    free (self->data);
    memset (self, 0, sizeof *self);
}

char *
dp_html_take (dp_html_t *self, size_t *len)
{
    char *data = self->oom ? NULL : self->data;
    *len = data ? self->len : 0;
    if (!data)
        free (self->data);
    memset (self, 0, sizeof *self);
    return data;
}

//  Room for n more bytes plus a NUL. 0, or -1 (oom set).
static int
s_reserve (dp_html_t *self, size_t n)
{
    if (self->oom)
        return -1;
    if (self->len + n + 1 <= self->cap)
        return 0;
    size_t cap = self->cap ? self->cap : 4096;
    while (cap < self->len + n + 1) {
        if (cap > SIZE_MAX / 2) {
            self->oom = true;
            return -1;
        }
        cap *= 2;
    }
    char *data = realloc (self->data, cap);
    if (!data) {
        self->oom = true;
        return -1;
    }
    self->data = data;
    self->cap = cap;
    return 0;
}

static void
s_put (dp_html_t *self, const char *s, size_t n)
{
    if (n == 0 || s_reserve (self, n))
        return;
    memcpy (self->data + self->len, s, n);
    self->len += n;
    self->data [self->len] = '\0';
}

void
dp_html_raw (dp_html_t *self, const char *markup)
{
    s_put (self, markup, strlen (markup));
}

void
dp_html_fmt (dp_html_t *self, const char *fmt, ...)
{
    char small [256];
    va_list ap;
    va_start (ap, fmt);
    int n = vsnprintf (small, sizeof small, fmt, ap);
    va_end (ap);
    if (n < 0) {
        self->oom = true;
        return;
    }
    if ((size_t) n < sizeof small) {
        s_put (self, small, (size_t) n);
        return;
    }
    if (s_reserve (self, (size_t) n))
        return;
    va_start (ap, fmt);
    vsnprintf (self->data + self->len, (size_t) n + 1, fmt, ap);
    va_end (ap);
    self->len += (size_t) n;
}

size_t
dp_html_utf8_seq (const unsigned char *s, size_t len)
{
    unsigned char c = s [0];
    size_t n;
    uint32_t cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        cp = c & 0x1f;
    }
    else
    if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        cp = c & 0x0f;
    }
    else
    if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        cp = c & 0x07;
    }
    else
        return 0;
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s [i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s [i] & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff))
    ||  (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

void
dp_html_textn (dp_html_t *self, const char *s, size_t len)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *) s;
    size_t i = 0, run = 0;              //  bytes [run, i) go out as they are
    while (i < len) {
        const char *rep = NULL;
        size_t n = 1;
        unsigned char c = p [i];
        if (c == '&')
            rep = "&amp;";
        else
        if (c == '<')
            rep = "&lt;";
        else
        if (c == '>')
            rep = "&gt;";
        else
        if (c == '"')
            rep = "&quot;";
        else
        if (c == '\'')
            rep = "&#39;";
        else
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            rep = "\xef\xbf\xbd";
        else
        if (c >= 0x80 && !(n = dp_html_utf8_seq (p + i, len - i))) {
            rep = "\xef\xbf\xbd";       //  one replacement per bad byte
            n = 1;
        }
        if (rep) {
            s_put (self, s + run, i - run);
            dp_html_raw (self, rep);
            run = i + n;
        }
        i += n;
    }
    s_put (self, s + run, i - run);
}

void
dp_html_text (dp_html_t *self, const char *s)
{
    if (s)
        dp_html_textn (self, s, strlen (s));
}

void
dp_html_arg (dp_html_t *self, const char *s)
{
    static const char hex [] = "0123456789ABCDEF";
    if (!s)
        return;
    for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        ||  c == '-' || c == '_' || c == '.' || c == '~')
            s_put (self, (const char *) p, 1);
        else {
            char esc [3] = { '%', hex [c >> 4], hex [c & 15] };
            s_put (self, esc, 3);
        }
    }
}

bool
dp_html_http_url (const char *url)
{
    if (!url || (strncasecmp (url, "http://", 7) != 0 && strncasecmp (url, "https://", 8) != 0))
        return false;
    for (const unsigned char *p = (const unsigned char *) url; *p; p++)
        if (*p < 0x21 || *p == 0x7f || *p == '"' || *p == '\'' || *p == '<' || *p == '>'
        ||  *p == '`' || *p == '\\')
            return false;
    return true;
}
