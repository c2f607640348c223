//  depeche fetch — what a file's bytes are: binary or text with a few NUL
//  bytes, UTF-16 or UTF-32 by a byte-order mark or without one (fetch_int.h), and web pages' charsets to UTF-8 (iconv, warc.h),
//  for files read whole (fetch.c) and WARC responses (warc.c): the label a
//  page or its HTTP header declares, the conversion, and the fallback when
//  a page declared UTF-8 is not.
#include "fetch/fetch_int.h"
#include "fetch/warc.h"
#include "depeche/dp_common.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

//  Control bytes other than tab/newline/CR (NUL included) over 5 % of the
//  file: a binary file (UTF-16 without a byte-order mark is half NULs,
//  compressed data a tenth control bytes). A few NULs in a text are
//  damage, not binary: the page survives them (dp_fetch_int_drop_nuls).
bool
dp_fetch_int_is_binary (const char *s, size_t len)
{
    size_t ctrl = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char) s [i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
            ctrl++;
    }
    return ctrl * 20 > len;
}

//  The charset a UTF-32 or UTF-16 byte-order mark at the start of data
//  names, or NULL; its length in *n. UTF-32's first: FF FE 00 00 opens
//  both (read as UTF-16, such a file came out as every other character
//  U+FFFD, flagged as a mere repair).
const char *
dp_fetch_int_bom (const char *data, size_t len, size_t *n)
{
    *n = 4;
    if (len >= 4 && memcmp (data, "\xFF\xFE\0\0", 4) == 0)
        return "UTF-32LE";
    if (len >= 4 && memcmp (data, "\0\0\xFE\xFF", 4) == 0)
        return "UTF-32BE";
    *n = 2;
    if (len >= 2 && memcmp (data, "\xFF\xFE", 2) == 0)
        return "UTF-16LE";
    if (len >= 2 && memcmp (data, "\xFE\xFF", 2) == 0)
        return "UTF-16BE";
    return NULL;
}

//  UTF-16 without a byte-order mark (as Windows tools may save a page):
//  in the first 4 KB one byte of nearly every pair is NUL and the other
//  nearly never, as text in a Latin script (code points under U+0100)
//  gives. Anything else (UTF-32, other scripts, binary) stays undecided:
//  NULL, and the file is binary as before.
const char *
dp_fetch_int_utf16_sniff (const char *data, size_t len)
{
    size_t n = (len > 4096 ? 4096 : len) & ~(size_t) 1;
    if (n < 16)
        return NULL;
    size_t zeros [2] = { 0, 0 };
    for (size_t i = 0; i < n; i++)
        if (data [i] == 0)
            zeros [i & 1]++;
    size_t pairs = n / 2;
    if (zeros [1] * 10 >= pairs * 9 && zeros [0] * 20 <= pairs)
        return "UTF-16LE";
    if (zeros [0] * 10 >= pairs * 9 && zeros [1] * 20 <= pairs)
        return "UTF-16BE";
    return NULL;
}

//  Drops the NUL bytes of data[0..*len) in place, as HTML parsers ignore
//  them in text, and returns how many there were. A NUL would end the
//  text as a C string, and it is no UTF-8 a stage passes on.
size_t
dp_fetch_int_drop_nuls (char *data, size_t *len)
{
    char *nul = memchr (data, 0, *len);
    if (!nul)
        return 0;
    size_t out = (size_t) (nul - data);
    for (size_t i = out; i < *len; i++)
        if (data [i])
            data [out++] = data [i];
    size_t dropped = *len - out;
    *len = out;
    data [out] = '\0';
    return dropped;
}

//  Lower-case canonical form of a charset label, quotes and spaces stripped.
static void
s_charset_norm (const char *in, char *out, size_t outlen)
{
    size_t n = 0;
    while (*in == ' ' || *in == '"' || *in == '\'')
        in++;
    for (; *in && n + 1 < outlen; in++) {
        unsigned char c = (unsigned char) *in;
        if (!(isalnum (c) || c == '-' || c == '_' || c == ':' || c == '.'))
            break;
        out [n++] = (char) tolower (c);
    }
    out [n] = '\0';
}

char *
dp_charset_to_utf8 (const char *data, size_t len, const char *charset,
                    size_t *out_len, size_t *repaired)
{
    char cs [64] = "";
    if (charset)
        s_charset_norm (charset, cs, sizeof cs);
    if (repaired)
        *repaired = 0;
    const char *from = cs;
    if (!*cs || !strcmp (cs, "utf-8") || !strcmp (cs, "utf8"))
        from = NULL;
    else
    if (!strcmp (cs, "iso-8859-1") || !strcmp (cs, "iso8859-1") || !strcmp (cs, "latin1")
    ||  !strcmp (cs, "l1") || !strcmp (cs, "iso_8859-1") || !strcmp (cs, "us-ascii")
    ||  !strcmp (cs, "ascii") || !strcmp (cs, "cp1252") || !strcmp (cs, "x-cp1252"))
        from = "WINDOWS-1252";
    iconv_t cd = from ? iconv_open ("UTF-8", from) : (iconv_t) -1;
    if (cd == (iconv_t) -1) {
        //  UTF-8, or a charset iconv does not know: repair as UTF-8.
        if (dp_utf8_valid (data, len)) {
            char *copy = malloc (len + 1);
            if (copy) {
                memcpy (copy, data, len);
                copy [len] = '\0';
                *out_len = len;
            }
            return copy;
        }
        return dp_utf8_repair (data, len, out_len, repaired);
    }
    size_t cap = len * 2 + 16, used = 0;
    char *out = malloc (cap);
    char *in = (char *) data;
    size_t left = len;
    while (out) {
        //  Each byte iconv refuses becomes 3 (U+FFFD), more than the 2 a
        //  byte was given: a run of them (UTF-32 of bytes it refuses) ran
        //  past the end. Grown first, so that room below never wraps.
        if (cap - used < 8) {
            cap *= 2;
            char *bigger = realloc (out, cap);
            if (!bigger)
                { free (out); out = NULL; break; }
            out = bigger;
        }
        char *o = out + used;
        size_t room = cap - used - 4;   //  room for U+FFFD and the NUL
        size_t r = iconv (cd, left ? &in : NULL, &left, &o, &room);
        used = (size_t) (o - out);
        if (r != (size_t) -1 && left == 0) {
            if (in)                     //  flush the shift state once
                { in = NULL; continue; }
            break;
        }
        if (r == (size_t) -1 && errno == E2BIG) {
            cap *= 2;
            char *bigger = realloc (out, cap);
            if (!bigger)
                { free (out); out = NULL; break; }
            out = bigger;
            continue;
        }
        if (r == (size_t) -1 && (errno == EILSEQ || errno == EINVAL)) {
            memcpy (out + used, "\xEF\xBF\xBD", 3);
            used += 3;
            in++;
            left--;
            if (repaired)
                (*repaired)++;
            iconv (cd, NULL, NULL, NULL, NULL);
            continue;
        }
        if (r != (size_t) -1)
            continue;
        free (out);                     //  any other error: give up
        out = NULL;
    }
    iconv_close (cd);
    if (!out)
        return NULL;
    out [used] = '\0';
    //  iconv writes what the charset maps; a NUL in the page would cut
    //  strings later on: repair it as the UTF-8 path does.
    if (memchr (out, '\0', used) || !dp_utf8_valid (out, used)) {
        size_t n2 = 0;
        char *fixed = dp_utf8_repair (out, used, &used, &n2);
        free (out);
        out = fixed;
        if (repaired)
            *repaired += n2;
    }
    *out_len = used;
    return out;
}

//  Finds "charset" then "=" in s[0..len) and copies the value to out.
static bool
s_charset_param (const char *s, size_t len, char *out, size_t outlen)
{
    for (size_t i = 0; i + 7 < len; i++) {
        if (strncasecmp (s + i, "charset", 7) != 0)
            continue;
        size_t j = i + 7;
        while (j < len && s [j] == ' ')
            j++;
        if (j >= len || s [j] != '=')
            continue;
        j++;
        while (j < len && (s [j] == ' ' || s [j] == '"' || s [j] == '\''))
            j++;
        char tmp [64];
        size_t n = 0;
        while (j < len && n + 1 < sizeof tmp && s [j] != '"' && s [j] != '\''
               && s [j] != ';' && s [j] != '>' && s [j] != ' ' && s [j] != '/')
            tmp [n++] = s [j++];
        tmp [n] = '\0';
        s_charset_norm (tmp, out, outlen);
        if (*out)
            return true;
    }
    return false;
}

//  The charset the first <meta> at or after html[from] of html[0..head)
//  declares, written to out: returns the index just past that tag, or 0
//  when no <meta> after from declares one.
static size_t
s_meta_charset (const char *html, size_t head, size_t from, char *out, size_t outlen)
{
    for (size_t i = from; i + 5 < head; i++) {
        if (html [i] != '<' || strncasecmp (html + i + 1, "meta", 4) != 0)
            continue;
        const char *end = memchr (html + i, '>', head - i);
        size_t tag = end ? (size_t) (end - (html + i)) : head - i;
        if (s_charset_param (html + i, tag, out, outlen))
            return i + tag;
    }
    return 0;
}

const char *
dp_charset_declared (const char *ctype, const char *html, size_t len,
                     char *out, size_t outlen)
{
    if (ctype && s_charset_param (ctype, strlen (ctype), out, outlen))
        return out;
    if (html && s_meta_charset (html, len > 4096 ? 4096 : len, 0, out, outlen))
        return out;
    return NULL;
}

static bool
s_is_utf8_label (const char *cs)
{
    return !strcmp (cs, "utf-8") || !strcmp (cs, "utf8");
}

bool
dp_charset_is_utf8 (const char *charset)
{
    return !charset || !*charset || s_is_utf8_label (charset);
}

char *
dp_charset_other (const char *html, size_t len, size_t *out_len)
{
    char cs [64];
    size_t head = len > 4096 ? 4096 : len;
    for (size_t at = 0; (at = s_meta_charset (html, head, at, cs, sizeof cs)); ) {
        if (s_is_utf8_label (cs))
            continue;
        size_t bad = 0;
        char *text = dp_charset_to_utf8 (html, len, cs, out_len, &bad);
        if (text && bad == 0)
            return text;
        free (text);
        break;                          //  the page's own declaration fails too
    }
    return NULL;
}
