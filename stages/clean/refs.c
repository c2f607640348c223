//  depeche clean — the named character references libxml2 2.9.14 leaves in
//  a text as written, decoded as a browser decodes them. libxml2 knows only
//  HTML 4's 253 names and only with their ';': it leaves "&nbsp " or
//  "&eacute" (the standard's 106 legacy names, which decode without ';')
//  and the names HTML5 added ("&mldr;", "&colon;") as they are, where a
//  browser shows "\u00a0", "é", "…", ":". Numeric references libxml2
//  decodes with or without ';'. The table is the standard's, generated at
//  build time (scripts/gen-html-refs, build/gen/html_refs.h).
//
//  The rule is the standard's for text (the named character reference
//  state): at '&' and a letter, the longest name of the table the text
//  starts with decodes; a name with its ';' ("&mldr;"), else a legacy one
//  without, whatever follows ("&notit;" is "¬it;", "&copy2024" is "©2024").
//  "AT&T", "R&D", "Q&A" name nothing and stay. Not done: the rule for
//  attribute values (a legacy name followed by a letter, a digit or '='
//  stays), as clean reads no attribute as text. A '&' that libxml2 wrote
//  for "&amp;" cannot be told from one it left, so "&amp;nbsp;" reads as
//  a blank here where a browser shows "&nbsp;" (a page that escapes twice).
#include "clean/clean_impl.h"

#include <string.h>

#include "html_refs.h"

#define S_REFS (sizeof s_refs / sizeof s_refs [0])

//  The table's entry for the name s[0..len), or NULL.
static const char *
s_lookup (const char *s, size_t len)
{
    size_t lo = 0, hi = S_REFS;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *name = s_refs [mid].name;
        int c = strncmp (name, s, len);
        if (c == 0 && name [len])
            c = 1;                      //  name is longer: it sorts after
        if (c == 0)
            return s_refs [mid].value;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static bool
s_alpha (unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
s_alnum (unsigned char c)
{
    return s_alpha (c) || (c >= '0' && c <= '9');
}

//  Decodes the reference at s[at] ('&'): sets *ref to its length in the
//  text and returns its value, or NULL when it names nothing.
static const char *
s_ref_at (const char *s, size_t n, size_t at, size_t *ref)
{
    if (at + 1 >= n || !s_alpha ((unsigned char) s [at + 1]))
        return NULL;
    size_t run = 0;                     //  letters and digits after '&'
    while (at + 1 + run < n && run < DPC_REFS_NAME_MAX
       &&  s_alnum ((unsigned char) s [at + 1 + run]))
        run++;
    const char *name = s + at + 1, *value;
    if (at + 1 + run < n && s [at + 1 + run] == ';'
    &&  (value = s_lookup (name, run + 1))) {
        *ref = run + 2;
        return value;
    }
    //  The longest legacy name (no ';': at most 6 letters) it starts with.
    for (size_t k = run < 6 ? run : 6; k >= 2; k--)
        if ((value = s_lookup (name, k))) {
            *ref = k + 1;
            return value;
        }
    return NULL;
}

//  --------------------------------------------------------------------------
//  Decodes in place the named references of s[0..n) (see above); returns
//  the new length and ends s with a NUL when it changed. A text without
//  one is not written to. Every value is no longer than its reference.

size_t
dpc_refs_decode (char *s, size_t n)
{
    const char *amp = memchr (s, '&', n);
    if (!amp)
        return n;
    size_t in = (size_t) (amp - s), out = in;
    bool changed = false;
    while (in < n) {
        size_t ref = 0;
        const char *value = s [in] == '&' ? s_ref_at (s, n, in, &ref) : NULL;
        if (!value) {
            if (out != in)
                s [out] = s [in];
            out++, in++;
            continue;
        }
        size_t vlen = strlen (value);
        memcpy (s + out, value, vlen);  //  vlen <= ref: never past in
        out += vlen;
        in += ref;
        changed = true;
    }
    if (changed)
        s [out] = '\0';
    return out;
}
