//  depeche clean — small questions about one node of the parsed page, which
//  every pass asks (dom.c's walk, the baseline, the densest block, the
//  lead): does the element end a paragraph, is it a link, what is an
//  attribute's value, how many non-blank bytes does a text hold (the first
//  count cuts the conditional markers of pages saved from Word, which no
//  browser shows), does one node hold another, which node comes next in
//  document order. The first count also decodes the named references
//  libxml2 left in the text (refs.c). Decides nothing else about the page.
#include "clean/clean_impl.h"

#include <stdlib.h>
#include <string.h>

//  Elements that end a paragraph.
static const char *s_block_tags [] = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
    "h6", "td", "th", "tr", "table", "tbody", "thead", "tfoot", "caption",
    "blockquote", "br", "hr", "pre", "section", "article", "main", "figure",
    "address", "center", "summary", "details", "fieldset", "legend", "body",
    "html", "hgroup", NULL
};

//  --------------------------------------------------------------------------
//  True for the name of an element that ends a paragraph.

bool
dpc_is_block (const char *name)
{
    return dpc_in_list (s_block_tags, name, strlen (name));
}

//  --------------------------------------------------------------------------
//  Non-blank bytes of a text node, counted once per page: the count plus one
//  waits in the node's _private, which only elements use otherwise (and
//  dpc_mass_clear zeroes).

//  Blanks (isspace in the C locale: 9-13 and 32) among n bytes, eight at a
//  time: a byte of 32 is a zero byte of x ^ 0x20..., and 9-13 are the bytes
//  strictly between 8 and 14 (the exact per-byte tests of "Bit Twiddling
//  Hacks", haszero and hasbetween, one high bit per such byte).

static size_t
s_blanks (const unsigned char *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101ull, low7 = 0x7F7F7F7F7F7F7F7Full;
    const uint64_t high = 0x8080808080808080ull;
    size_t blanks = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy (&x, p + i, 8);
        uint64_t t = x ^ (ones * 0x20);
        uint64_t space = ~(((t & low7) + low7) | t) & high;
        uint64_t lx = x & low7;
        uint64_t ctl = (ones * (127 + 14) - lx) & ~x & (lx + ones * (127 - 8)) & high;
        blanks += (size_t) ((((space | ctl) >> 7) * ones) >> 56);
    }
    for (; i < n; i++)
        blanks += p [i] == ' ' || (p [i] >= 9 && p [i] <= 13);
    return blanks;
}

//  The first time, the markers of a downlevel-revealed conditional comment
//  ("<![if !supportLists]>", "<![endif]>", in pages saved from Word) are
//  cut out of the text: libxml2 keeps them as text, a browser reads each
//  as a comment (HTML's bogus comment, "<!" up to the first ">") and shows
//  only what lies between them. A marker is at most S_MARKER_MAX bytes.

#define S_MARKER_MAX 64

//  Length of the marker at s[at] ("<![" ... "]>"), 0 when there is none.
static size_t
s_marker (const xmlChar *s, size_t n, size_t at)
{
    if (at + 4 >= n || s [at + 1] != '!' || s [at + 2] != '[')
        return 0;
    size_t end = at + 3;
    while (end < n && end - at < S_MARKER_MAX && s [end] != '>' && s [end] != '<')
        end++;
    return end < n && s [end] == '>' && s [end - 1] == ']' ? end + 1 - at : 0;
}

//  Cuts the markers out of s[0..n) in place; returns the new length. Text
//  without one is not written to (libxml2 may share a short text).
static size_t
s_cut_markers (xmlChar *s, size_t n)
{
    size_t out = 0, i = 0, cut = 0;
    for (const xmlChar *lt; (lt = memchr (s + i, '<', n - i)); ) {
        size_t at = (size_t) (lt - s), len = s_marker (s, n, at);
        size_t keep = len ? at - i : at + 1 - i;        //  kept before the next look
        if (out != i)
            memmove (s + out, s + i, keep);
        out += keep;
        i += keep + len;
        cut += len != 0;
    }
    if (!cut)
        return n;
    memmove (s + out, s + i, n - i);
    out += n - i;
    s [out] = '\0';
    return out;
}

//  True when the text of a node is the parser dictionary's (libxml2 may
//  intern a short text), which must not be written to.
static bool
s_shared (const xmlNode *text)
{
    return text->doc && text->doc->dict && xmlDictOwns (text->doc->dict, text->content);
}

size_t
dpc_nonblank (xmlNode *text)
{
    uintptr_t k = (uintptr_t) text->_private;
    if (!k) {
        size_t n = strlen ((const char *) text->content);
        if (memchr (text->content, '<', n))
            n = s_cut_markers (text->content, n);
        if (memchr (text->content, '&', n) && !s_shared (text))
            n = dpc_refs_decode ((char *) text->content, n);
        k = n - s_blanks (text->content, n);
        text->_private = (void *) ++k;
    }
    return (size_t) k - 1;
}

//  --------------------------------------------------------------------------
//  True for an <a> element that links, or may: any <a> but a named anchor,
//  one with a name and no href (dpc_lean keeps both attributes), which
//  marks a place in the page (a glossary term, a heading) and holds text.
//  An <a> with neither can be a script's link and stays one.

bool
dpc_is_link (const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE || !n->name || !dpc_same ((const char *) n->name, "a"))
        return false;
    bool named = false;
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        if (!a->name)
            continue;
        if (dpc_same ((const char *) a->name, "href"))
            return true;
        named = named || dpc_same ((const char *) a->name, "name");
    }
    return !named;
}

//  --------------------------------------------------------------------------
//  Returns an attribute's value as a borrowed string (NULL when absent).
//  libxml2 keeps attribute text in a child text node for HTML documents.
//  name must be one of dpc_kept_attrs (checked in test builds).

const char *
dpc_attr (xmlNode *node, const char *name)
{
#ifdef DP_TEST_HOOKS
    if (!dpc_in_list (dpc_kept_attrs, name, strlen (name))
    &&  !dpc_same ((const char *) node->name, "link")
    &&  !dpc_same ((const char *) node->name, "meta"))
        abort ();                       //  dpc_lean would have cut its value
#endif
    for (xmlAttr *a = node->properties; a; a = a->next)
        if (a->name && dpc_same ((const char *) a->name, name))
            return dpc_attr_value (a);
    return NULL;
}

//  An attribute's value as a borrowed string: its first child's text, ""
//  when it has no child (libxml2 keeps HTML attribute text in one text node).

const char *
dpc_attr_value (const xmlAttr *a)
{
    return a->children ? (const char *) a->children->content : "";
}

//  --------------------------------------------------------------------------
//  True when a is b or one of b's ancestors (bounded climb).

bool
dpc_contains (const xmlNode *a, const xmlNode *b)
{
    for (int up = 0; b && up < DPC_MAX_UP; up++, b = b->parent)
        if (a == b)
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  The node after n in document order under root, without recursion (pages
//  nest deeply): its first child when descend, else the next sibling of n
//  or of its nearest ancestor that has one; NULL at the end of root.

xmlNode *
dpc_next_node (xmlNode *root, xmlNode *n, bool descend)
{
    if (descend && n->children)
        return n->children;
    while (n != root && !n->next)
        n = n->parent;
    return n == root ? NULL : n->next;
}
