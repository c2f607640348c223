//  depeche clean — small questions about one node of the parsed page, which
//  every pass asks (dom.c's walk, the baseline, the densest block, the
//  lead): does the element end a paragraph, is it a link, what is an
//  attribute's value, how many non-blank bytes does a text hold, does one
//  node hold another, which node comes next in document order. Decides
//  nothing about the page.
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

size_t
dpc_nonblank (xmlNode *text)
{
    uintptr_t k = (uintptr_t) text->_private;
    if (!k) {
        size_t n = strlen ((const char *) text->content);
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
//  when it has no child (libxml2 keeps HTML attribute text in one text node),
//  or the value that text refers to when dpc_lean set it aside: the
//  aside values of the tree being cleaned (dpc_attr_aside, clean.c).

static _Thread_local const char *s_aside;
static _Thread_local size_t s_aside_len;

void
dpc_attr_aside (const char *aside, size_t len)
{
    s_aside = aside;
    s_aside_len = len;
}

const char *
dpc_attr_value (const xmlAttr *a)
{
    return dpc_aside_read (a->children ? (const char *) a->children->content : "");
}

//  The offset in the aside values of the reference at v (after its mark),
//  up to a second mark when closed; *end is set after it. SIZE_MAX when v
//  holds no reference there.

static size_t
s_aside_ref (const char *v, bool closed, const char **end)
{
    size_t off = 0;
    const char *p = v;
    for (; (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'); p++)
        off = off << 4 | (size_t) (*p <= '9' ? *p - '0' : *p - 'a' + 10);
    if (p == v || p - v > 2 * (int) sizeof (size_t) || off >= s_aside_len)
        return SIZE_MAX;
    if (closed && (unsigned char) *p++ != DPC_ASIDE_MARK)
        return SIZE_MAX;
    *end = p;
    return off;
}

//  --------------------------------------------------------------------------
//  Puts back the text that dpc_lean set aside into the text nodes under
//  top (its references, each closed by a second mark, alone or joined with
//  others or with text in one node). -1 when out of memory.

int
dpc_aside_texts (xmlNode *top)
{
    if (!s_aside)
        return 0;
    dpc_buf_t b = { 0 };
    int rc = 0;
    for (xmlNode *n = top; n && rc == 0; n = dpc_next_node (top, n, true)) {
        if (n->type != XML_TEXT_NODE || !n->content)
            continue;
        const char *v = (const char *) n->content;
        const char *m = strchr (v, DPC_ASIDE_MARK);
        if (!m)
            continue;
        const char *end = NULL;
        size_t off = m == v ? s_aside_ref (m + 1, true, &end) : SIZE_MAX;
        if (off != SIZE_MAX && *end == '\0') {
            //  one reference alone: the usual case
            const char *t = s_aside + off;
            xmlNodeSetContentLen (n, BAD_CAST t, (int) strlen (t));
            continue;
        }
        b.len = 0;
        while (m) {
            dpc_buf_add (&b, v, (size_t) (m - v));
            off = s_aside_ref (m + 1, true, &end);
            if (off == SIZE_MAX) {      //  not one of dpc_lean's: as it is
                dpc_buf_add (&b, m, 1);
                v = m + 1;
            }
            else {
                dpc_buf_add (&b, s_aside + off, strlen (s_aside + off));
                v = end;
            }
            m = strchr (v, DPC_ASIDE_MARK);
        }
        dpc_buf_add (&b, v, strlen (v));
        if (b.oom)
            rc = -1;
        else
            xmlNodeSetContentLen (n, BAD_CAST (b.p ? b.p : ""), (int) b.len);
    }
    free (b.p);
    return rc;
}

const char *
dpc_aside_read (const char *v)
{
    if ((unsigned char) v [0] == DPC_ASIDE_MARK && s_aside) {
        //  a reference to a value dpc_lean set aside (s_aside in lean.c)
        const char *end = NULL;
        size_t off = s_aside_ref (v + 1, false, &end);
        if (off != SIZE_MAX && *end == '\0')
            return s_aside + off;
    }
    return v;
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
