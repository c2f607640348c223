//  depeche clean — byte passes over the page before libxml2 parses it: the
//  lean copy (the page without the raw text that clean never reads) and,
//  for pages nested past libxml2's depth limit, the unnested copy. Neither
//  builds a tree: they know only what they must of libxml2's tokenizer.
//
//  On real pages most bytes are script and style bodies, comments and
//  attribute values (links, image sets, SVG paths), and libxml2 decodes them
//  one character at a time into nodes that clean skips. dpc_lean cuts them
//  before the parse. libxml2 must build the same tree from the copy, but for
//  what was cut, so dpc_lean reads the page the way libxml2 2.9.14 does
//  (HTMLparser.c: htmlParseContentInternal and what it calls; the version is
//  checked, see DPC_LEAN_LIBXML2): start tags with quoted and unquoted
//  attributes (a '<' inside a value is not markup), end tags, comments
//  ("-->" or "--!>"), processing instructions and DOCTYPE. Where it cannot
//  be sure what libxml2 does, it stops cutting and copies the rest of the
//  page as it is, which is always safe. What stays, so that no node and no
//  child of a node goes away:
//  - a script or style body becomes " ", which libxml2 keeps as one CDATA
//    child. An empty body is left alone, and so is one that starts with a
//    byte libxml2 may drop;
//  - a comment keeps its "<!--" and "-->" and loses the text between them;
//  - an attribute with a quoted value goes, name and all, unless clean
//    reads it (dpc_kept_attrs) or it is on a <meta>, where libxml2 looks for
//    a charset, or a <link>; "href" stays without its value (and without its "="
//    when a blank or the tag's end follows), since whether an <a> has one
//    says whether it links (as "name", which clean reads,
//    and s_link_attr keeps whatever the list says). No code of clean
//    walks an element's attributes but for names it reads: each one cut was
//    a property, a text node and a copy of its value, built and freed;
//  - a script whose start tag says "json" or holds an entity keeps its
//    body, because the metadata pass (meta.c) reads JSON-LD;
//  - the value of an attribute clean reads, a JSON-LD body and the text
//    between two tags, when libxml2 would copy them as they are, are set
//    aside (s_aside): the copy holds a reference, and libxml2's callbacks
//    that build the tree get the bytes back (aside.c; libxml2 decodes
//    them one character at a time, ~110 instructions a byte);
//  - a run of blanks between two tags (the markup's indentation) becomes
//    one blank, until a <pre> or one of its kin opens (s_squeeze): libxml2
//    still makes its blank text node, and clean reads no more of a blank
//    node than that it is blank and where its newlines are.
//  Of what clean reads, only an element's whole text (xmlNodeGetContent) includes
//  those bodies. dpc_meta_finish asks for the page as it was when that text
//  holds one (dpc_holds_raw).

#include "clean/clean_impl.h"

#include <stdlib.h>
#include <string.h>

//  Attributes that clean reads (dpc_attr): dpc_lean keeps their values and cuts
//  those of all others (but on <meta> and <link>, whose attributes all
//  stay). A name read but missing here would read "".
const char *dpc_kept_attrs [] = {
    "aria-hidden", "class", "content", "datetime", "hidden", "http-equiv", "id",
    "itemprop", "lang", "name", "property", "role", "style", "type", "xml:lang",
    NULL
};


#define S_NAME_MAX 100                  //  libxml2's HTML_PARSER_BUFFER_SIZE:
                                        //  longest tag or attribute name
#define S_LONG_NAME 1000                //  a longer PI or DOCTYPE name: stop
#define S_BLANK_RUN_MAX 1000            //  HTML_PARSER_BIG_BUFFER_SIZE: a longer run
                                        //  reaches libxml2 in several pieces

static size_t
s_skip_blanks (const unsigned char *s, size_t len, size_t i)
{
    while (i < len && dpc_html_blank (s [i]))
        i++;
    return i;
}

//  Where dpc_lean is: the page, the copy, and what the next step cuts.
typedef struct {
    const unsigned char *s;             //  the page
    size_t len;
    dp_cleaner_t *cleaner;              //  owns the copy's buffer
    char *out;                          //  the copy, set at the first cut
    size_t o;                           //  bytes in out
    size_t done;                        //  bytes of s copied or cut so far
    bool aside;                         //  read values may be set aside (s_aside)
} s_lean_t;

//  --------------------------------------------------------------------------
//  Copies the page up to from, then repl instead of s[from..to). false when
//  out of memory. The copy goes into the cleaner's buffer: a page-sized
//  malloc per page costs more than it looks (it consolidates the heap that
//  the last tree left behind).

static bool
s_lean_cut (s_lean_t *l, size_t from, size_t to, const char *repl)
{
    dp_cleaner_t *c = l->cleaner;
    if (!l->out && c->lean_cap < l->len + 1) {
        free (c->lean_buf);
        c->lean_buf = malloc (l->len + 1);
        c->lean_cap = c->lean_buf ? l->len + 1 : 0;
        if (!c->lean_buf)
            return false;
    }
    l->out = c->lean_buf;
    size_t n = strlen (repl);           //  never more than to - from
    memcpy (l->out + l->o, l->s + l->done, from - l->done);
    l->o += from - l->done;
    memcpy (l->out + l->o, repl, n);
    l->o += n;
    l->done = to;
    return true;
}

//  --------------------------------------------------------------------------
//  Sets s[from..to) aside (an attribute value clean reads, a JSON-LD body,
//  a text between tags), in the cleaner's aside_buf, and puts a reference
//  to it in the copy instead (DPC_ASIDE_MARK, then its offset there in
//  hex; a text's closed by a second mark), which aside.c resolves while
//  libxml2 builds the tree. libxml2 decodes those bytes one character at
//  a time, two calls each (htmlParseHTMLAttribute, htmlParseCharData:
//  ~110 instructions a byte), and class lists and texts are long. Only
//  what libxml2 copies as it is goes aside: for a value, printable ASCII,
//  tabs and newlines, no entity ('&'; the callers check bodies and texts);
//  and only when its reference is shorter. dpc_lean sets nothing aside on
//  a page that holds the mark anywhere, so every mark is a reference.
//  false when out of memory.

typedef enum { S_ASIDE_ATTR, S_ASIDE_RAW, S_ASIDE_TEXT } s_aside_t;

static bool
s_aside (s_lean_t *l, size_t from, size_t to, s_aside_t what)
{
    const unsigned char *s = l->s;
    dp_cleaner_t *c = l->cleaner;
    size_t n = to - from;
    size_t off = c->aside_len;
    char ref [3 + 2 * sizeof (size_t)];
    size_t r = 0;
    ref [r++] = (char) DPC_ASIDE_MARK;
    size_t digits = 1;
    for (size_t v = off >> 4; v; v >>= 4)
        digits++;
    bool text = what == S_ASIDE_TEXT;
    if (1 + digits + text >= n)
        return true;
    if (what == S_ASIDE_ATTR && !dpc_aside_plain_value (s + from, n))
        return true;
    for (size_t d = digits; d-- > 0;)
        ref [r++] = "0123456789abcdef" [(off >> (4 * d)) & 15];
    if (text)
        ref [r++] = (char) DPC_ASIDE_MARK;
    ref [r] = '\0';
    if (c->aside_cap < l->len + 1) {    //  each value and its NUL fit in the
        free (c->aside_buf);            //  page's bytes of it and its quotes
        c->aside_buf = malloc (l->len + 1);
        c->aside_cap = c->aside_buf ? l->len + 1 : 0;
        if (!c->aside_buf)
            return false;
    }
    memcpy (c->aside_buf + off, s + from, n);
    c->aside_buf [off + n] = '\0';
    c->aside_len = off + n + 1;
    return s_lean_cut (l, from, to, ref);
}

//  --------------------------------------------------------------------------
//  Offset after a quoted literal at i (up to the same quote, or the end of
//  the page), or i when there is no quote there.

static size_t
s_literal (const unsigned char *s, size_t len, size_t i)
{
    if (i < len && (s [i] == '"' || s [i] == '\'')) {
        const unsigned char *q = memchr (s + i + 1, s [i], len - i - 1);
        return q ? (size_t) (q - s) + 1 : len;
    }
    return i;
}

//  --------------------------------------------------------------------------
//  True for "href" and "name" (ASCII case ignored): whether an <a> has them
//  says whether it links (dpc_is_link), so they stay, without their values.

static bool
s_link_attr (const char *name, size_t len)
{
    return (len == 4 && strncasecmp (name, "href", 4) == 0)
        || (len == 4 && strncasecmp (name, "name", 4) == 0);
}

//  --------------------------------------------------------------------------
//  Offset of the '>' or "/>" that ends a start tag whose name ends at i, or
//  len when the page ends inside it (htmlParseStartTag, htmlParseAttribute).
//  cut: attributes with a quoted value that clean does not read are cut.
//  SIZE_MAX when out of memory.

static size_t
s_tag_end (s_lean_t *l, size_t i, bool cut)
{
    const unsigned char *s = l->s;
    size_t len = l->len;
    size_t n_attrs = 0, over = SIZE_MAX;  //  where attribute DPC_MAX_ATTRS + 1 starts
    i = s_skip_blanks (s, len, i);
    while (i < len && s [i] != '>' && !(s [i] == '/' && i + 1 < len && s [i + 1] == '>')) {
        if (dpc_html_letter (s [i]) || s [i] == '_' || s [i] == ':' || s [i] == '.') {
            if (++n_attrs == DPC_MAX_ATTRS + 1) {
                over = i;               //  all from here goes at the tag's end
                cut = false;
            }
            size_t name = i;
            while (i < len && i - name < S_NAME_MAX && dpc_html_name_byte (s [i]))
                i++;
            size_t name_len = i - name;
            i = s_skip_blanks (s, len, i);
            if (i < len && s [i] == '=') {
                i = s_skip_blanks (s, len, i + 1);
                size_t value = i;
                i = s_literal (s, len, i);
                if (i == value)         //  unquoted: up to a blank or '>'
                    while (i < len && s [i] != '>' && !dpc_html_blank (s [i]))
                        i++;
                else
                if (cut && i > value + 1 && s [i - 1] == s [value]
                &&  ((name_len == 5 && memcmp (s + name, "class", 5) == 0)   //  the most
                     || dpc_in_list (dpc_kept_attrs, (const char *) s + name, name_len))) {
                    if (l->aside && !s_aside (l, value + 1, i - 1, S_ASIDE_ATTR))
                        return SIZE_MAX;
                }
                else
                if (cut && i > value + 1 && s [i - 1] == s [value]) {
                    //  a closed value: the attribute goes, but for the
                    //  names dpc_is_link looks for, which lose their value:
                    //  "=" and all when a blank or the tag's end follows
                    //  (libxml2 then makes a property without a text
                    //  child, which reads as "" too), else the quotes stay
                    bool named = s_link_attr ((const char *) s + name, name_len);
                    bool bare = i < len && (dpc_html_blank (s [i]) || s [i] == '>');
                    if (named ? (bare ? !s_lean_cut (l, name + name_len, i, "")
                                      : i > value + 2 && !s_lean_cut (l, value + 1, i - 1, ""))
                              : !s_lean_cut (l, name, i, ""))
                        return SIZE_MAX;
                }
            }
        }
        else                            //  no name: skipped as far as a blank
            while (i < len && !dpc_html_blank (s [i]) && s [i] != '>'
               && !(s [i] == '/' && i + 1 < len && s [i + 1] == '>'))
                i++;
        i = s_skip_blanks (s, len, i);
    }
    if (over != SIZE_MAX) {
        //  libxml2 is quadratic in the attributes of one tag (attrs.c)
        if (!s_lean_cut (l, over, i, ""))
            return SIZE_MAX;
        l->cleaner->lean_attrs_cut++;
    }
    return i;
}

//  --------------------------------------------------------------------------
//  Offset of the "</" + name (ASCII case ignored) that ends the raw body
//  starting at i, as htmlParseScript looks for it, or len.

static size_t
s_raw_end (const unsigned char *s, size_t len, size_t i, const char *name,
           size_t name_len)
{
    while (i < len) {
        const unsigned char *lt = memchr (s + i, '<', len - i);
        if (!lt)
            break;
        i = (size_t) (lt - s);
        if (i + 2 + name_len <= len && s [i + 1] == '/'
        &&  strncasecmp ((const char *) s + i + 2, name, name_len) == 0)
            return i;
        i++;
    }
    return len;
}

//  --------------------------------------------------------------------------
//  Offset of the "--" that closes the comment opened at i: the first "-->"
//  or "--!>" from i + 4 on (htmlParseComment). *end is set after it. Both
//  are len when the comment runs to the end of the page.

static size_t
s_comment_end (const unsigned char *s, size_t len, size_t i, size_t *end)
{
    size_t k = i + 4;
    while (k + 2 < len) {
        const unsigned char *d = memchr (s + k, '-', len - k - 2);
        if (!d)
            break;
        size_t j = (size_t) (d - s);
        if (s [j + 1] == '-' && s [j + 2] == '>') {
            *end = j + 3;
            return j;
        }
        if (s [j + 1] == '-' && s [j + 2] == '!' && j + 3 < len && s [j + 3] == '>') {
            *end = j + 4;
            return j;
        }
        k = j + 1;
    }
    *end = len;
    return len;
}

//  --------------------------------------------------------------------------
//  Length of the name at i as htmlParseName may read it (ASCII name bytes
//  and any non-ASCII byte): 0 when none starts there.

static size_t
s_xml_name_len (const unsigned char *s, size_t len, size_t i)
{
    if (i >= len || !(dpc_html_letter (s [i]) || s [i] == '_' || s [i] == ':' || s [i] >= 0x80))
        return 0;
    size_t start = i;
    while (i < len && (dpc_html_name_byte (s [i]) || s [i] >= 0x80))
        i++;
    return i - start;
}

//  --------------------------------------------------------------------------
//  Offset after the DOCTYPE declaration at i (htmlParseDocTypeDecl,
//  htmlParseExternalID), or SIZE_MAX when dpc_lean cannot be sure of it: a
//  name that is not ASCII (libxml2's slow path) or too long.

static size_t
s_doctype_end (const unsigned char *s, size_t len, size_t i)
{
    i = s_skip_blanks (s, len, i + 9);
    size_t n = s_xml_name_len (s, len, i);
    for (size_t k = i; k < i + n; k++)
        if (s [k] >= 0x80)
            return SIZE_MAX;
    if (n > S_LONG_NAME)
        return SIZE_MAX;
    i = s_skip_blanks (s, len, i + n);
    bool sys = i + 6 <= len && strncasecmp ((const char *) s + i, "SYSTEM", 6) == 0;
    bool pub = i + 6 <= len && strncasecmp ((const char *) s + i, "PUBLIC", 6) == 0;
    if (sys || pub) {
        i = s_literal (s, len, s_skip_blanks (s, len, i + 6));
        if (pub)                        //  an optional system literal follows
            i = s_literal (s, len, s_skip_blanks (s, len, i));
    }
    const unsigned char *gt = memchr (s + i, '>', len - i);
    return gt ? (size_t) (gt - s) + 1 : len;
}

//  --------------------------------------------------------------------------
//  True when the start tag s[from..to) may make a script JSON-LD: it says
//  "json" (ASCII case ignored) or holds an entity that could spell it.

static bool
s_may_be_json (const unsigned char *s, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++)
        if (s [k] == '&' || (k + 4 <= to && strncasecmp ((const char *) s + k, "json", 4) == 0))
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  The raw body of the script or style whose start tag is s[tag..gt], gt
//  being its '>'. Cuts it when it is safe. Returns the offset where the
//  tokenizer goes on (the closing "</"), SIZE_MAX to stop cutting, or
//  SIZE_MAX - 1 when out of memory.

static size_t
s_lean_raw (s_lean_t *l, size_t tag, size_t gt, bool script)
{
    const unsigned char *s = l->s;
    size_t len = l->len;
    size_t body = gt + 1;
    const char *name = script ? "script" : "style";
    size_t name_len = script ? 6 : 5;
    size_t end = s_raw_end (s, len, body, name, name_len);
    //  A body that opens with a tag, or with an end tag other than its own,
    //  is not read as raw text at first (htmlParseContentInternal looks for
    //  those before it).
    if (body + 1 < len && s [body] == '<'
    &&  ((s [body + 1] == '/' && end != body) || dpc_html_letter (s [body + 1])
         || s [body + 1] == '_' || s [body + 1] == ':'))
        return SIZE_MAX;
    //  "</scripts" ends the body but not the element: more raw text follows.
    if (end < len && end + 2 + name_len < len && dpc_html_name_byte (s [end + 2 + name_len]))
        return SIZE_MAX;
    //  The body stays when empty (no CDATA child), when its first byte may
    //  be one libxml2 drops (a control byte, U+FFFE), or for JSON-LD.
    unsigned char first = body < end ? s [body] : 0;
    bool kept = (first >= 0x20 && first < 0x80) || first == '\t' || first == '\n'
             || first == '\r';
    if (!kept)
        return end;
    if (!(script && s_may_be_json (s, tag, gt))) {
        if (!s_lean_cut (l, body, end, " "))
            return SIZE_MAX - 1;
    }
    else
    if (l->aside && dpc_aside_plain_raw (s + body, end - body)
    &&  !s_aside (l, body, end, S_ASIDE_RAW))
        return SIZE_MAX - 1;
    return end;
}

//  --------------------------------------------------------------------------
//  True for the elements whose blanks are text as they are (<pre> and kin):
//  once one opens, blank runs stay as they are to the end of the page.

static bool
s_keeps_blanks (const char *name, size_t len)
{
    //  Asked of every start tag until one says yes: the first byte rules
    //  out nearly all of them before any comparison.
    static const char *keep [] = { "pre", "textarea", "xmp", "listing", "plaintext", NULL };
    unsigned char c = (unsigned char) name [0] | 0x20;
    if (len < 3 || len > 9 || !(c == 'p' || c == 't' || c == 'x' || c == 'l'))
        return false;
    for (int k = 0; keep [k]; k++)
        if (len == strlen (keep [k]) && strncasecmp (name, keep [k], len) == 0)
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  A run of blanks between two tags, s[from..to), becomes one blank: a
//  newline when it holds one, else its first byte. Pages indent their
//  markup; libxml2 decodes each blank into a text node that clean reads as
//  blank, whatever its length. Other runs stay. false when out of memory.

static bool
s_squeeze (s_lean_t *l, size_t from, size_t to)
{
    const unsigned char *s = l->s;
    bool newline = false;
    for (size_t k = from; k < to; k++) {
        if (!dpc_html_blank (s [k]))
            return true;
        newline = newline || s [k] == '\n';
    }
    char one [2] = { newline ? '\n' : (char) s [from], '\0' };
    return s_lean_cut (l, from, to, one);
}

//  --------------------------------------------------------------------------
//  The text s[from..to) between two tags: a run of blanks is squeezed
//  (s_squeeze); text that libxml2 copies as it is goes aside (s_aside), its
//  reference closed by a second mark, since libxml2 may join it to the
//  text before or after it in one node (aside.c reads them back).
//  Not a text that holds an entity, nor one whose first 1 000 bytes are
//  blank: libxml2 reads text in pieces of 1 000 bytes or more, and asks of
//  the first whether it is blank (areBlanks, htmlCheckParagraph). false
//  when out of memory.

static bool
s_run (s_lean_t *l, size_t from, size_t to)
{
    const unsigned char *s = l->s;
    size_t k = from;
    while (k < to && dpc_html_blank (s [k]))
        k++;
    if (k == to)
        return to - from < 2 || to - from >= S_BLANK_RUN_MAX || s_squeeze (l, from, to);
    if (!l->aside || k - from >= S_BLANK_RUN_MAX || memchr (s + k, '&', to - k)
    ||  !dpc_aside_plain_raw (s + from, to - from))
        return true;
    return s_aside (l, from, to, S_ASIDE_TEXT);
}

//  --------------------------------------------------------------------------
//  Returns a copy of the page html[0..len) (valid UTF-8, so no NUL) with
//  the script and style bodies, comments and unread attributes cut and
//  the blanks between tags squeezed,
//  and its length in *lean_len. The copy is the cleaner's, valid until the
//  next call. NULL when there is nothing to cut or no memory: the page is
//  then parsed as it is.

//  True when html[0..len) holds the mark, or a character reference that
//  libxml2 turns into it ("&#127;", "&#x7F;", "&#0127;"): a text or a value
//  would then read as a reference to what another part of the page set
//  aside.

static bool
s_has_mark (const char *html, size_t len)
{
    if (memchr (html, DPC_ASIDE_MARK, len))
        return true;
    const char *end = html + len;
    for (const char *p = html; (p = memchr (p, '&', (size_t) (end - p))); p++) {
        if (end - p < 3 || p [1] != '#')
            continue;
        const char *q = p + 2;
        bool hex = *q == 'x' || *q == 'X';
        q += hex;
        unsigned long v = 0;
        for (; q < end && v <= DPC_ASIDE_MARK; q++) {
            int d = *q >= '0' && *q <= '9' ? *q - '0'
                  : hex && *q >= 'a' && *q <= 'f' ? *q - 'a' + 10
                  : hex && *q >= 'A' && *q <= 'F' ? *q - 'A' + 10 : -1;
            if (d < 0)
                break;
            v = v * (hex ? 16 : 10) + (unsigned long) d;
        }
        if (v == DPC_ASIDE_MARK)
            return true;
    }
    return false;
}

const char *
dpc_lean (dp_cleaner_t *self, const char *html, size_t len, size_t *lean_len)
{
    s_lean_t l = { (const unsigned char *) html, len, self, NULL, 0, 0,
                   !s_has_mark (html, len) };
    self->aside_len = 0;
    self->lean_attrs_cut = 0;
    const unsigned char *s = l.s;
    size_t i = 0;
    size_t text = SIZE_MAX;             //  where the text after markup starts
    bool squeeze = true;                //  no <pre> and kin met yet
    while (i < len) {
        const unsigned char *lt = memchr (s + i, '<', len - i);
        if (!lt)
            break;
        size_t from = text;
        text = SIZE_MAX;
        i = (size_t) (lt - s);
        unsigned char c = i + 1 < len ? s [i + 1] : 0;
        unsigned char c2 = i + 2 < len ? s [i + 2] : 0;
        if (squeeze && from != SIZE_MAX && from < i
        &&  (dpc_html_letter (c) || (c == '/' && dpc_html_letter (c2))
             || (c == '!' && c2 == '-' && i + 3 < len && s [i + 3] == '-'))
        &&  !s_run (&l, from, i))
            return NULL;
        if (c == '/') {
            //  An end tag goes to the next '>' (htmlParseEndTag); "</"
            //  without a name is dropped and what follows is text.
            if (dpc_html_letter (c2) || c2 == '_' || c2 == ':' || c2 == '.') {
                const unsigned char *gt = memchr (s + i + 2, '>', len - i - 2);
                i = gt ? (size_t) (gt - s) + 1 : len;
                text = i;
            }
            else
                i += 2;
        }
        else
        if (dpc_html_letter (c)) {
            size_t name = i + 1, name_end = name;
            while (name_end < len && name_end - name < S_NAME_MAX && dpc_html_name_byte (s [name_end]))
                name_end++;
            //  libxml2 reads a charset from <meta>, clean the canonical
            //  link from <link>: their attributes stay.
            bool meta = name_end - name == 4 && (strncasecmp (html + name, "meta", 4) == 0
                                                 || strncasecmp (html + name, "link", 4) == 0);
            bool script = name_end - name == 6 && strncasecmp (html + name, "script", 6) == 0;
            bool style = name_end - name == 5 && strncasecmp (html + name, "style", 5) == 0;
            squeeze = squeeze && !s_keeps_blanks (html + name, name_end - name);
            size_t gt = s_tag_end (&l, name_end, !meta);
            if (gt == SIZE_MAX)
                i = SIZE_MAX - 1;
            else
            if (gt < len && s [gt] == '>' && (script || style))
                i = s_lean_raw (&l, i, gt, script);
            else {                      //  "/>" ends an element at once
                i = gt >= len ? len : gt + (s [gt] == '/' ? 2 : 1);
                text = i;
            }
        }
        else
        if (c == '!' && c2 == '-' && i + 3 < len && s [i + 3] == '-') {
            size_t end;
            size_t dashes = s_comment_end (s, len, i, &end);
            if (dashes < len && dashes > i + 4 && !s_lean_cut (&l, i + 4, dashes, ""))
                i = SIZE_MAX - 1;
            else
                i = text = end;
        }
        else
        if (c == '!' && i + 9 <= len && strncasecmp (html + i + 2, "DOCTYPE", 7) == 0) {
            //  In the body, the step that reads a DOCTYPE reads one more
            //  thing, where "</" and "<!DOCTYPE" are text: stop there.
            i = s_doctype_end (s, len, i);
            if (i != SIZE_MAX && i + 1 < len && s [i] == '<' && (s [i + 1] == '/'
                || (i + 9 <= len && strncasecmp (html + i + 1, "!DOCTYPE", 8) == 0)))
                i = SIZE_MAX;
        }
        else
        if (c == '?') {
            //  A processing instruction runs to the next '>' when it has a
            //  name (htmlParsePI), else "<?" is dropped.
            size_t n = s_xml_name_len (s, len, i + 2);
            const unsigned char *gt = memchr (s + i + 2, '>', len - i - 2);
            i = n > S_LONG_NAME || c2 >= 0x80 ? SIZE_MAX : n == 0 ? i + 2
              : gt ? (size_t) (gt - s) + 1 : len;
        }
        else
            i++;                        //  '<' as text
        if (i == SIZE_MAX - 1)
            return NULL;
    }
    if (!l.out)
        return NULL;
    s_lean_cut (&l, len, len, "");      //  the rest as it is
    l.out [l.o] = '\0';
    *lean_len = l.o;
    return l.out;
}


//  ==========================================================================
//  Unnested copy: pages nested deeper than libxml2 goes
//  ==========================================================================
//
//  libxml2 2.9.14 stops parsing an HTML page when elements nest deeper than
//  256 (xmlParserMaxDepth): everything after that point is lost, so a
//  paragraph behind 100 000 unclosed wrappers never reaches clean. Lifting
//  the limit (XML_PARSE_HUGE) is no answer: libxml2 then scans its whole
//  stack of open elements for every end tag that closes none of them, and
//  a 900 KB page of 100 000 <div> and 100 000 stray end tags takes 16 s.
//  dpc_unnest does what browsers do at their own limit instead: a start tag
//  that would open an element deeper than S_UNNEST_DEPTH closes the deepest
//  open one first, so the new element becomes its sibling. Its count of
//  open elements follows libxml2 closely enough to stay under the limit:
//  end tags close up to the element they name unless one of higher
//  priority is in between (htmlAutoCloseOnClose, htmlEndPriority), html,
//  head and body end tags close nothing, empty elements and "/>" open
//  nothing, script and style bodies are raw text. It ignores libxml2's
//  implied closings (<p> before <div>...), so it may count more open
//  elements than libxml2 does, never fewer by much. Linear in the page,
//  with at most S_UNNEST_DEPTH names looked at per end tag.

#define S_UNNEST_DEPTH 128              //  deepest nesting dpc_unnest leaves

//  --------------------------------------------------------------------------
//  libxml2's end priority of an element (htmlEndPriority): an end tag does
//  not close past an open element of higher priority.

static int
s_end_priority (const char *name, size_t len)
{
    static const struct { const char *name; int priority; } table [] = {
        { "div", 150 }, { "td", 160 }, { "th", 160 }, { "tr", 170 },
        { "thead", 180 }, { "tbody", 180 }, { "tfoot", 180 }, { "table", 190 },
        { "head", 200 }, { "body", 200 }, { "html", 220 }
    };
    for (size_t i = 0; i < sizeof table / sizeof table [0]; i++)
        if (strlen (table [i].name) == len && strncasecmp (table [i].name, name, len) == 0)
            return table [i].priority;
    return 100;
}

//  --------------------------------------------------------------------------
//  True for the elements libxml2 never keeps open (empty in its table).

static bool
s_is_empty_element (const char *name, size_t len)
{
    static const char *empty [] = {
        "area", "base", "basefont", "br", "col", "frame", "hr", "img", "input",
        "isindex", "link", "meta", "param", NULL
    };
    return dpc_in_list (empty, name, len);
}

//  An element dpc_unnest counts as open: where its name is in the page.
typedef struct {
    size_t name;                        //  offset of the name
    size_t len;                         //  its length
} s_open_t;

//  --------------------------------------------------------------------------
//  Returns a copy of the page html[0..len) in which no element nests deeper
//  than S_UNNEST_DEPTH (see above), its length in *out_len. For pages that
//  libxml2 gave up on. NULL when the page nests no deeper, or when out of
//  memory. The caller frees the copy.

char *
dpc_unnest (const char *html, size_t len, size_t *out_len)
{
    const unsigned char *s = (const unsigned char *) html;
    s_lean_t l = { s, len, NULL, NULL, 0, 0, false };  //  read only: nothing is cut
    s_open_t open [S_UNNEST_DEPTH];
    size_t depth = 0, done = 0, i = 0;
    dpc_buf_t o = { 0 };
    while (i < len) {
        const unsigned char *lt = memchr (s + i, '<', len - i);
        if (!lt)
            break;
        i = (size_t) (lt - s);
        unsigned char c = i + 1 < len ? s [i + 1] : 0;
        unsigned char c2 = i + 2 < len ? s [i + 2] : 0;
        if (c == '/' && (dpc_html_letter (c2) || c2 == '_' || c2 == ':' || c2 == '.')) {
            size_t name = i + 2, name_end = name;
            while (name_end < len && name_end - name < S_NAME_MAX && dpc_html_name_byte (s [name_end]))
                name_end++;
            size_t n = name_end - name;
            int priority = s_end_priority (html + name, n);
            if (priority < 200)         //  html, head, body: closes nothing
                for (size_t k = depth; k-- > 0; ) {
                    if (open [k].len == n && strncasecmp (html + open [k].name, html + name, n) == 0) {
                        depth = k;
                        break;
                    }
                    if (s_end_priority (html + open [k].name, open [k].len) > priority)
                        break;
                }
            const unsigned char *gt = memchr (s + name_end, '>', len - name_end);
            i = gt ? (size_t) (gt - s) + 1 : len;
        }
        else
        if (dpc_html_letter (c)) {
            size_t name = i + 1, name_end = name;
            while (name_end < len && name_end - name < S_NAME_MAX && dpc_html_name_byte (s [name_end]))
                name_end++;
            size_t n = name_end - name;
            size_t gt = s_tag_end (&l, name_end, false);
            if (gt >= len)
                break;
            bool closed = s [gt] == '/';
            bool raw = !closed && ((n == 6 && strncasecmp (html + name, "script", 6) == 0)
                                || (n == 5 && strncasecmp (html + name, "style", 5) == 0));
            if (raw)                    //  the body is text, up to its end tag
                i = s_raw_end (s, len, gt + 1, html + name, n);
            else {
                if (!closed && !s_is_empty_element (html + name, n)) {
                    if (depth == S_UNNEST_DEPTH) {
                        //  The deepest open element ends here; the new one
                        //  becomes its sibling.
                        depth--;
                        dpc_buf_add (&o, html + done, i - done);
                        dpc_buf_add (&o, "</", 2);
                        dpc_buf_add (&o, html + open [depth].name, open [depth].len);
                        dpc_buf_add (&o, ">", 1);
                        done = i;
                    }
                    open [depth++] = (s_open_t) { name, n };
                }
                i = gt + (closed ? 2 : 1);
            }
        }
        else
        if (c == '!' && c2 == '-' && i + 3 < len && s [i + 3] == '-') {
            size_t end;
            s_comment_end (s, len, i, &end);
            i = end;
        }
        else
            i++;                        //  '<' as text, "<!", "<?": no element
    }
    if (!o.p || o.oom) {                //  nothing closed, or no memory
        free (o.p);
        return NULL;
    }
    dpc_buf_add (&o, html + done, len - done);
    if (o.oom) {
        free (o.p);
        return NULL;
    }
    *out_len = o.len;
    return o.p;
}
