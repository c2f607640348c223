//  depeche serve — request URI parsing and checked values (serve_req.h).
//  The URI is the client's, byte for byte: nothing here trusts it. Not
//  here: which keys a page reads (each page asks for its own).
#include "serve/serve_req.h"
#include "serve/serve_html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
s_hex (char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

//  Decodes src[0..len) into dst ('+' is a space when plus), NUL-terminated;
//  checks the result. Returns its length, or -1 with the reason in err.
static long
s_decode (const char *src, size_t len, bool plus, char *dst, const char *what,
          char *err, size_t errlen)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        char c = src [i];
        if (c == '%') {
            int hi = i + 2 < len ? s_hex (src [i + 1]) : -1;
            int lo = i + 2 < len ? s_hex (src [i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                snprintf (err, errlen, "bad %%-escape in the %s", what);
                return -1;
            }
            c = (char) (hi * 16 + lo);
            i += 2;
        }
        else
        if (c == '+' && plus)
            c = ' ';
        unsigned char u = (unsigned char) c;
        if (u == '\t' || u == '\n' || u == '\r')
            c = ' ';                    //  pasted text: whitespace is a space
        else
        if (u < 0x20 || u == 0x7f) {
            snprintf (err, errlen, "a control character in the %s", what);
            return -1;
        }
        dst [o++] = c;
    }
    dst [o] = '\0';
    for (size_t i = 0; i < o; ) {
        size_t n = dp_html_utf8_seq ((const unsigned char *) dst + i, o - i);
        if (!n) {
            snprintf (err, errlen, "the %s is not valid UTF-8", what);
            return -1;
        }
        i += n;
    }
    return (long) o;
}

int
dp_req_parse (dp_req_t *self, const char *uri, char *err, size_t errlen)
{
    memset (self, 0, sizeof *self);
    size_t len = strlen (uri);
    if (len > DP_REQ_MAX_URI) {
        snprintf (err, errlen, "the request URI is longer than %d bytes", DP_REQ_MAX_URI);
        return -1;
    }
    const char *hash = memchr (uri, '#', len);
    if (hash)
        len = (size_t) (hash - uri);
    if (len == 0 || uri [0] != '/') {
        snprintf (err, errlen, "the request path must start with /");
        return -1;
    }
    //  Decoding never lengthens, and each separator becomes the NUL of the
    //  part before it: len + 1 bytes hold everything.
    self->buf = malloc (len + 1);
    if (!self->buf) {
        snprintf (err, errlen, "out of memory");
        return -1;
    }
    const char *q = memchr (uri, '?', len);
    size_t plen = q ? (size_t) (q - uri) : len;
    char *o = self->buf;
    long n = s_decode (uri, plen, false, o, "path", err, errlen);
    if (n < 0)
        goto fail;
    self->path = o;
    o += n + 1;
    const char *p = q ? q + 1 : uri + len, *end = uri + len;
    while (p < end) {
        const char *amp = memchr (p, '&', (size_t) (end - p));
        const char *stop = amp ? amp : end;
        if (stop == p) {
            p = stop + 1;
            continue;
        }
        if (self->n_args == DP_REQ_MAX_ARGS) {
            snprintf (err, errlen, "more than %d parameters", DP_REQ_MAX_ARGS);
            goto fail;
        }
        const char *eq = memchr (p, '=', (size_t) (stop - p));
        const char *kend = eq ? eq : stop;
        dp_req_arg_t *arg = &self->args [self->n_args];
        if ((n = s_decode (p, (size_t) (kend - p), true, o, "parameter name", err, errlen)) < 0)
            goto fail;
        arg->key = o;
        o += n + 1;
        arg->value = "";
        if (eq) {
            if ((n = s_decode (eq + 1, (size_t) (stop - eq - 1), true, o, "parameter value",
                               err, errlen)) < 0)
                goto fail;
            if (n > DP_REQ_MAX_VALUE) {
                snprintf (err, errlen, "a parameter value is longer than %d bytes",
                          DP_REQ_MAX_VALUE);
                goto fail;
            }
            arg->value = o;
            o += n + 1;
        }
        self->n_args++;
        p = stop + 1;
    }
    return 0;
fail:
    dp_req_free (self);
    return -1;
}

void
dp_req_free (dp_req_t *self)
{
    free (self->buf);
    memset (self, 0, sizeof *self);
}

const char *
dp_req_get (const dp_req_t *self, const char *key)
{
    for (size_t i = 0; i < self->n_args; i++)
        if (strcmp (self->args [i].key, key) == 0)
            return self->args [i].value;
    return NULL;
}

size_t
dp_req_all (const dp_req_t *self, const char *key, const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < self->n_args; i++)
        if (strcmp (self->args [i].key, key) == 0 && *self->args [i].value) {
            if (n < max)
                out [n] = self->args [i].value;
            n++;
        }
    return n;
}

static bool
s_digits (const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s [i] < '0' || s [i] > '9')
            return false;
    return true;
}

int
dp_req_date (const dp_req_t *self, const char *key, const char **out, char *err,
             size_t errlen)
{
    const char *v = dp_req_get (self, key);
    *out = NULL;
    if (!v || !*v)
        return 0;
    if (strlen (v) == 10 && s_digits (v, 4) && v [4] == '-' && s_digits (v + 5, 2)
    &&  v [7] == '-' && s_digits (v + 8, 2)) {
        int month = (v [5] - '0') * 10 + (v [6] - '0');
        int day = (v [8] - '0') * 10 + (v [9] - '0');
        if (month >= 1 && month <= 12 && day >= 1 && day <= 31) {
            *out = v;
            return 0;
        }
    }
    snprintf (err, errlen, "%.32s: not a date (YYYY-MM-DD)", key);
    return -1;
}

int
dp_req_int (const dp_req_t *self, const char *key, int64_t min, int64_t max, int64_t def,
            int64_t *out, char *err, size_t errlen)
{
    const char *v = dp_req_get (self, key);
    *out = def;
    if (!v || !*v)
        return 0;
    size_t n = strlen (v);
    if (n <= 18 && s_digits (v, n)) {
        int64_t x = strtoll (v, NULL, 10);
        if (x >= min && x <= max) {
            *out = x;
            return 0;
        }
    }
    snprintf (err, errlen, "%.32s: a number from %lld to %lld", key, (long long) min,
              (long long) max);
    return -1;
}
