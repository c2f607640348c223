//  depeche clean — a bound on the attributes of one start tag, applied to the
//  page before libxml2 parses it.
//
//  libxml2 2.9.14 is quadratic in the attributes of one start tag: its HTML
//  parser compares each new name with every one before it
//  (htmlParseStartTag), and appends each property by walking the element's
//  list to its end (xmlNewNsPropEatName). One <div> of 50 000 distinct
//  attributes (400 KB) took clean 25 s of CPU, one of 300 000 (2.5 MB, under
//  the default size limit) did not end in 200 s, and the article behind it
//  waited. No page needs that many: dpc_cap_attrs keeps the first
//  DPC_MAX_ATTRS attributes of a start tag and cuts the others, name and
//  value, up to the tag's end; the article is flagged (`attrs-dropped`).
//
//  The scan reads attributes as lean.c's s_tag_end does (the names and
//  values of libxml2's tokenizer, htmlParseAttribute), but on any page,
//  whatever its charset (the bytes of markup are ASCII in every one clean
//  is given). It may read more attributes than libxml2 does, inside a script
//  body or a comment, never fewer in a real start tag; a miscount can only
//  cut where a tag holds more than DPC_MAX_ATTRS of them. Linear in the page.

#include "clean/clean_impl.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define S_NAME_MAX 100                  //  libxml2's longest attribute name

static bool
s_tag_close (const unsigned char *s, size_t len, size_t i)
{
    return s [i] == '>' || (s [i] == '/' && i + 1 < len && s [i + 1] == '>');
}

//  Reads the attributes of a start tag whose name ends at i. Returns where
//  the tag ends (its '>' or "/>", or len); *cut is set to where its
//  attribute DPC_MAX_ATTRS + 1 starts, or SIZE_MAX.
static size_t
s_tag (const unsigned char *s, size_t len, size_t i, size_t *cut)
{
    size_t n = 0;
    *cut = SIZE_MAX;
    while (i < len && dpc_html_blank (s [i]))
        i++;
    while (i < len && !s_tag_close (s, len, i)) {
        if (dpc_html_letter (s [i]) || s [i] == '_' || s [i] == ':' || s [i] == '.') {
            if (++n == DPC_MAX_ATTRS + 1)
                *cut = i;
            size_t name = i;
            while (i < len && i - name < S_NAME_MAX && dpc_html_name_byte (s [i]))
                i++;
            while (i < len && dpc_html_blank (s [i]))
                i++;
            if (i < len && s [i] == '=') {
                i++;
                while (i < len && dpc_html_blank (s [i]))
                    i++;
                if (i < len && (s [i] == '"' || s [i] == '\'')) {
                    const unsigned char *q = memchr (s + i + 1, s [i], len - i - 1);
                    i = q ? (size_t) (q - s) + 1 : len;
                }
                else
                    while (i < len && s [i] != '>' && !dpc_html_blank (s [i]))
                        i++;
            }
        }
        else                            //  no name: skipped as far as a blank
            while (i < len && !dpc_html_blank (s [i]) && !s_tag_close (s, len, i))
                i++;
        while (i < len && dpc_html_blank (s [i]))
            i++;
    }
    return i;
}

//  After a <script> or <style> start tag named html[name..name+n) that ends
//  at end: where its "</script" or "</style" starts (a '<' in its body is
//  no tag, as in libxml2's htmlParseScript), or len; else 0.
static size_t
s_raw_end (const char *html, size_t len, size_t name, size_t n, size_t end)
{
    if (end >= len || html [end] != '>'
    ||  !((n == 6 && strncasecmp (html + name, "script", 6) == 0)
          || (n == 5 && strncasecmp (html + name, "style", 5) == 0)))
        return 0;
    for (size_t i = end + 1; i < len; ) {
        const char *lt = memchr (html + i, '<', len - i);
        if (!lt)
            break;
        i = (size_t) (lt - html);
        if (i + 2 + n <= len && html [i + 1] == '/' && strncasecmp (html + i + 2, html + name, n) == 0)
            return i;
        i++;
    }
    return len;
}

char *
dpc_cap_attrs (const char *html, size_t len, size_t *out_len, size_t *n_cut, bool *oom)
{
    const unsigned char *s = (const unsigned char *) html;
    char *out = NULL;
    size_t o = 0, done = 0, i = 0;
    *n_cut = 0;
    *oom = false;
    while (i < len) {
        const unsigned char *lt = memchr (s + i, '<', len - i);
        if (!lt)
            break;
        i = (size_t) (lt - s) + 1;
        if (i + 2 < len && s [i] == '!' && s [i + 1] == '-' && s [i + 2] == '-') {
            const char *e = memmem (html + i + 3, len - i - 3, "-->", 3);
            i = e ? (size_t) (e - html) + 3 : len;      //  a comment: no tags
            continue;
        }
        if (i >= len || !dpc_html_letter (s [i]))
            continue;
        size_t name = i;
        while (i < len && i - (size_t) (lt - s) <= S_NAME_MAX && dpc_html_name_byte (s [i]))
            i++;
        size_t cut;
        size_t end = s_tag (s, len, i, &cut);
        size_t raw = s_raw_end (html, len, name, i - name, end);
        if (cut != SIZE_MAX) {
            if (!out && !(out = malloc (len + 1))) {
                *oom = true;
                return NULL;
            }
            memcpy (out + o, html + done, cut - done);
            o += cut - done;
            done = end;
            (*n_cut)++;
        }
        i = raw > end ? raw : end;
    }
    if (!out)
        return NULL;
    memcpy (out + o, html + done, len - done);
    o += len - done;
    out [o] = '\0';
    *out_len = o;
    return out;
}
