//  depeche clean — the DOM walk: dropped elements (tag, role, class and id
//  tokens judged against the text they hold; what is seen is seen.c's), the content root, the
//  text mass and link density of each element, and the walk that turns the
//  chosen subtrees into paragraph blocks (the densest block of prose, what
//  the result is checked against, is dense.c's). Judges no paragraph by
//  its words.
#include "clean/clean_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MIN_ROOT_CHARS 250            //  a content root needs this much text
#define S_WRAPPER_SHARE 0.6             //  prose share that makes a bad name a wrapper
#define S_MIN_PART_CHARS 80             //  a further part needs this much text

//  Elements that hold boilerplate (navigation, page header and footer,
//  forms, asides, captions): dropped with everything in them, unless they
//  hold most of the article's prose (a page built inside one <form>).
static const char *s_boiler_tags [] = {
    "nav", "header", "footer", "aside", "form", "menu", "dialog", "figcaption",
    NULL
};

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
//  The trusted baseline element (w->base) that is n or holds it, or NULL
//  (bounded climb).

const xmlNode *
dpc_base_of (const dpc_work_t *w, const xmlNode *n)
{
    for (int up = 0; n && up < DPC_MAX_UP; up++, n = n->parent)
        for (size_t k = 0; k < w->n_base; k++)
            if (n == w->base [k])
                return n;
    return NULL;
}

//  --------------------------------------------------------------------------
//  True when node is one of the walked content roots (never dropped by class).

static bool
s_is_root (const dpc_work_t *w, const xmlNode *node)
{
    if (node == w->root)
        return true;
    for (size_t i = 0; i < w->n_roots; i++)
        if (w->roots [i] == node)
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  True when an element holds an embedded post (a quoted tweet, an
//  Instagram or TikTok post: blockquote.twitter-tweet and the like) within
//  its first S_EMBED_NODES nodes: the article quotes it, whatever the
//  widget around it is called.

#define S_EMBED_NODES 64

static bool
s_holds_embed (xmlNode *root)
{
    int seen = 0;
    for (xmlNode *n = root; n && seen < S_EMBED_NODES;
         n = dpc_next_node (root, n, n->type == XML_ELEMENT_NODE), seen++) {
        if (n->type != XML_ELEMENT_NODE || !n->name || !dpc_same ((const char *) n->name, "blockquote"))
            continue;
        const char *cls = dpc_attr (n, "class");
        if (cls && (strstr (cls, "twitter-tweet") || strstr (cls, "instagram-media")
                ||  strstr (cls, "tiktok-embed") || strstr (cls, "bluesky-embed")
                ||  strstr (cls, "mastodon-embed") || strstr (cls, "twitter-video")))
            return true;
    }
    return false;
}

//  --------------------------------------------------------------------------
//  What an element's tag, role, class and id say about it (the class and
//  id only while the walk trusts them). Invisible elements are not asked.

static dpc_name_t
s_name_verdict (dpc_work_t *w, xmlNode *node)
{
    const char *name = (const char *) node->name;
    dpc_name_t v = dpc_in_list (s_boiler_tags, name, strlen (name)) ? DPC_NAME_BAD : DPC_NAME_OK;
    const char *role = dpc_attr (node, "role");
    if (role && (strcasecmp (role, "navigation") == 0 || strcasecmp (role, "banner") == 0
             ||  strcasecmp (role, "contentinfo") == 0 || strcasecmp (role, "complementary") == 0
             ||  strcasecmp (role, "menu") == 0 || strcasecmp (role, "menubar") == 0
             ||  strcasecmp (role, "search") == 0 || strcasecmp (role, "dialog") == 0))
        v = DPC_NAME_BAD;
    if (w->drop_by_class) {
        unsigned names = node->extra;   //  kept by the element (DPC_X_NAMES_KNOWN)
        if (node->type != XML_ELEMENT_NODE || !(names & DPC_X_NAMES_KNOWN)) {
            names = DPC_X_NAMES_KNOWN
                  | dpc_bad_attr ((const xmlChar *) dpc_attr (node, "class")) << DPC_X_CLASS_SHIFT
                  | dpc_bad_attr ((const xmlChar *) dpc_attr (node, "id")) << DPC_X_ID_SHIFT;
            if (node->type == XML_ELEMENT_NODE)
                node->extra |= (unsigned short) names;
        }
        dpc_name_t a = (dpc_name_t) (names >> DPC_X_CLASS_SHIFT & 3);
        dpc_name_t b = (dpc_name_t) (names >> DPC_X_ID_SHIFT & 3);
        if (a > v)
            v = a;
        if (b > v)
            v = b;
    }
    //  Live-blog entries named "comment" are the article (many small
    //  entries: no share test would keep them).
    if (v == DPC_NAME_HARD && w->live)
        v = DPC_NAME_OK;
    if (v == DPC_NAME_BAD && w->drop_by_class && s_holds_embed (node))
        v = DPC_NAME_OK;
    return v;
}

//  --------------------------------------------------------------------------
//  What the baseline (base.c) says of a container: 1 when it holds the
//  baseline's elements inside the content root (most of their prose when
//  they are several), 0 when it does not, -1 when the baseline has none
//  strictly inside the root (it then disagrees with the root, or is it,
//  and says nothing about what lies within).

static int
s_base_verdict (const dpc_work_t *w, const xmlNode *node)
{
    size_t inside = 0, all = 0;
    for (size_t i = 0; i < w->n_base; i++) {
        if (w->base [i] == w->root || !dpc_contains (w->root, w->base [i]))
            continue;
        size_t prose = (uintptr_t) w->base [i]->_private;
        all += prose;
        if (dpc_contains (node, w->base [i]))
            inside += prose;
    }
    if (!all)
        return -1;
    return inside && inside * 2 >= all;
}

//  --------------------------------------------------------------------------
//  True when the element and everything in it is boilerplate or invisible.

bool
dpc_drop_element (dpc_work_t *w, xmlNode *node)
{
    const char *name = (const char *) node->name;
    if (dpc_invisible (node))
        return true;
    if (dpc_same (name, "body") || dpc_same (name, "html") || s_is_root (w, node))
        return false;
    dpc_name_t v = s_name_verdict (w, node);
    if (v == DPC_NAME_OK)
        return false;
    if (v == DPC_NAME_HARD)
        return true;
    if (w->caption_mass >= w->root_mass * DPC_CAPTION_SHARE && dpc_is_caption (node))
        return false;
    size_t mass = (uintptr_t) node->_private;
    if (w->debug && mass > 200)         //  DP_CLEAN_DEBUG: what big drops cost
        fprintf (stderr, "clean: drop? %s.%.60s#%.30s mass %zu of %zu (%d)\n", name,
                 dpc_attr (node, "class") ? dpc_attr (node, "class") : "",
                 dpc_attr (node, "id") ? dpc_attr (node, "id") : "", mass, w->root_mass, v);
    //  An element that holds most of the prose of the content root is a
    //  wrapper, whatever its name or tag says ("share-zone" around the
    //  text, a page inside one <form>); a layout name needs half of it.
    //  When the baseline (base.c) found the article inside the root, the
    //  element is a wrapper if it holds the baseline's pick, and boilerplate if not,
    //  whatever its share: a sidebar or a related-stories box can outweigh
    //  a short article, and a blog's "widget Blog" holds its post (the
    //  conservative walk judges by the share alone).
    int base = w->fallback ? -1 : s_base_verdict (w, node);
    if (base >= 0)
        return !base;
    if (v == DPC_NAME_BAD)
        return mass < w->root_mass * S_WRAPPER_SHARE;
    return mass * 2 < w->root_mass;
}

//  --------------------------------------------------------------------------
//  Ends the current paragraph: normalises the raw text into a block.

static void
s_flush (dpc_work_t *w)
{
    if (w->raw.len && w->raw_nonblank) {
        dpc_block_t *b = dpc_block_add (w, w->raw.p, w->raw.len);
        if (b) {
            b->raw_chars = w->raw_nonblank;
            b->link_chars = w->raw_link;
            b->heading = w->raw_heading;
            b->node = w->raw_node;
        }
    }
    w->raw_node = NULL;
    w->raw.len = 0;
    w->raw_nonblank = 0;
    w->raw_link = 0;
    w->raw_heading = false;
}

//  --------------------------------------------------------------------------
//  True for h1..h6.

bool
dpc_is_heading (const char *name)
{
    return (name [0] == 'h' || name [0] == 'H') && name [1] >= '1' && name [1] <= '6'
        && name [2] == '\0';
}

//  --------------------------------------------------------------------------
//  True when an inline element met in the middle of a paragraph holds only
//  a cluster of links (at least S_CLUSTER_LINKS <a> children, at least 90%
//  of its text inside links): a hover card or a related-links widget spliced
//  into the sentence. Counting children only, the innermost list goes and
//  the name the card hangs on stays. Looks at no more than S_CLUSTER_NODES
//  nodes.

#define S_CLUSTER_LINKS 3
#define S_CLUSTER_NODES 64

static bool
s_link_cluster (xmlNode *root)
{
    if (!root->children || dpc_same ((const char *) root->name, "a"))
        return false;
    size_t links = 0, text = 0, linked = 0, seen = 0;
    int in_link = 0;
    xmlNode *n = root->children;
    while (n && n != root) {
        if (++seen > S_CLUSTER_NODES)
            return false;
        bool is_a = n->type == XML_ELEMENT_NODE && n->name
                 && dpc_same ((const char *) n->name, "a");
        if (n->type == XML_TEXT_NODE && n->content) {
            size_t nb = dpc_nonblank (n);
            text += nb;
            if (in_link)
                linked += nb;
        }
        if (is_a && n->parent == root)
            links++;
        if (n->type == XML_ELEMENT_NODE && n->children) {
            in_link += is_a;
            n = n->children;
            continue;
        }
        while (n != root && !n->next) {
            n = n->parent;
            if (n != root && n->type == XML_ELEMENT_NODE && n->name
            &&  dpc_same ((const char *) n->name, "a"))
                in_link--;
        }
        if (n == root)
            break;
        n = n->next;
    }
    return links >= S_CLUSTER_LINKS && text > 0 && linked * 10 >= text * 9;
}

//  --------------------------------------------------------------------------
//  Opens a node of the content walk: text goes into the current paragraph,
//  block elements end it. Returns false when the subtree is skipped.

static bool
s_enter (dpc_work_t *w, xmlNode *node)
{
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        if (!node->content)
            return false;
        const char *s = (const char *) node->content;
        size_t len = strlen (s);
        size_t nonblank = dpc_nonblank (node);
        if (nonblank == 0) {
            dpc_buf_add (&w->raw, " ", 1);
            return false;
        }
        if (!w->raw_node)
            w->raw_node = node->parent;
        dpc_buf_add (&w->raw, s, len);
        w->raw_nonblank += nonblank;
        if (w->link_depth)
            w->raw_link += nonblank;
        if (w->heading_depth)
            w->raw_heading = true;
        return false;
    }
    if (node->type != XML_ELEMENT_NODE || !node->name)
        return false;
    if (dpc_drop_element (w, node)) {
        //  A dropped inline element still separates words.
        dpc_buf_add (&w->raw, " ", 1);
        return false;
    }
    const char *name = (const char *) node->name;
    bool block = dpc_in_list (s_block_tags, name, strlen (name));
    if (!block && w->raw_nonblank && s_link_cluster (node)) {
        dpc_buf_add (&w->raw, " ", 1);
        return false;
    }
    if (block)
        s_flush (w);
    if (dpc_is_link (node))
        w->link_depth++;
    else
    if (dpc_is_heading (name))
        w->heading_depth++;
    return true;
}

//  --------------------------------------------------------------------------
//  Closes what s_enter opened.

static void
s_leave (dpc_work_t *w, xmlNode *node)
{
    if (node->type != XML_ELEMENT_NODE || !node->name)
        return;
    const char *name = (const char *) node->name;
    if (dpc_is_link (node))
        w->link_depth--;
    else
    if (dpc_is_heading (name))
        w->heading_depth--;
    if (dpc_in_list (s_block_tags, name, strlen (name)))
        s_flush (w);
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

//  Walks the subtree under root without recursion (pages nest deeply).

static void
s_walk (dpc_work_t *w, xmlNode *root)
{
    xmlNode *n = root;
    while (n) {
        bool entered = s_enter (w, n);
        if (entered && n->children) {
            n = n->children;
            continue;
        }
        if (entered)
            s_leave (w, n);
        while (n != root && !n->next) {
            n = n->parent;
            s_leave (w, n);
        }
        if (n == root)
            break;
        n = n->next;
    }
    s_flush (w);
}

//  --------------------------------------------------------------------------
//  Adds k to the element's _private counter.

static void
s_mass_add (xmlNode *n, uintptr_t k)
{
    n->_private = (void *) ((uintptr_t) n->_private + k);
}

//  --------------------------------------------------------------------------
//  Stores in each element's _private the non-blank text bytes under it that
//  are not inside <a> (the element's own prose), skipping the elements
//  that hold no visible text. Returns the root's. One iterative pass.

size_t
dpc_mass (xmlNode *root)
{
    int in_link = 0;
    xmlNode *n = root;
    root->_private = NULL;
    while (n) {
        bool descend = false;
        if (n->type == XML_TEXT_NODE && n->content && !in_link && n != root)
            s_mass_add (n->parent, dpc_nonblank (n));
        else
        if (n->type == XML_ELEMENT_NODE && n->name) {
            if (n != root)
                n->_private = NULL;
            descend = n->children && !dpc_unseen_tag (n);
        }
        if (descend) {
            in_link += dpc_is_link (n);
            n = n->children;
            continue;
        }
        if (n != root && n->type == XML_ELEMENT_NODE)
            s_mass_add (n->parent, (uintptr_t) n->_private);
        while (n != root && !n->next) {
            n = n->parent;
            in_link -= dpc_is_link (n);
            if (n != root)
                s_mass_add (n->parent, (uintptr_t) n->_private);
        }
        if (n == root)
            break;
        n = n->next;
    }
    return (uintptr_t) root->_private;
}

//  --------------------------------------------------------------------------
//  Zeroes _private under root (the core marking of classify.c counts there from zero).

void
dpc_mass_clear (xmlNode *root)
{
    for (xmlNode *n = root; n; n = dpc_next_node (root, n, n->type == XML_ELEMENT_NODE))
        n->_private = NULL;
}

//  --------------------------------------------------------------------------
//  Walks every content root in document order.

void
dpc_walk_roots (dpc_work_t *w)
{
    w->root_mass = 0;
    w->caption_mass = 0;
    for (size_t i = 0; i < w->n_roots; i++) {
        w->root_mass += (uintptr_t) w->roots [i]->_private;
        w->caption_mass += dpc_caption_mass (w->roots [i]);
    }
    for (size_t i = 0; i < w->n_roots; i++)
        s_walk (w, w->roots [i]);
}

//  --------------------------------------------------------------------------
//  Non-blank text bytes under root, skipping invisible and boilerplate
//  elements (the size of a content-root candidate).

static size_t
s_text_size (xmlNode *root)
{
    size_t total = 0;
    xmlNode *n = root;
    while (n) {
        bool descend = false;
        if (n->type == XML_TEXT_NODE && n->content)
            total += dpc_nonblank (n);
        else
        if (n->type == XML_ELEMENT_NODE && n->name)
            descend = !dpc_unseen_tag (n)
                   && !dpc_in_list (s_boiler_tags, (const char *) n->name,
                                    strlen ((const char *) n->name));
        n = dpc_next_node (root, n, descend);
    }
    return total;
}

//  --------------------------------------------------------------------------
//  True when two elements have the same name and the same class attribute.

static bool
s_same_kind (xmlNode *a, xmlNode *b)
{
    const char *ca = dpc_attr (a, "class"), *cb = dpc_attr (b, "class");
    return strcasecmp ((const char *) a->name, (const char *) b->name) == 0
        && ca && cb && strcmp (ca, cb) == 0;
}

//  --------------------------------------------------------------------------
//  Lowest common ancestor of a and b (bounded climb), or NULL.

static xmlNode *
s_common_ancestor (xmlNode *a, xmlNode *b)
{
    for (int up = 0; a && up < DPC_MAX_UP; up++, a = a->parent)
        if (dpc_contains (a, b))
            return a;
    return NULL;
}

//  --------------------------------------------------------------------------
//  True when a class or id names a lead (standfirst): one of its words,
//  split on blanks, '-' and '_', is a lead word ("article__lead",
//  "c-standfirst", "entry-summary", "chapo").

static const char *s_lead_words [] = {
    "lead", "lede", "standfirst", "chapo", "chapeau", "intro", "summary", "dek",
    "deck", "excerpt", "subtitle", "subheadline", "abstract", "strapline", "sapo",
    "teaser-text", NULL
};

static bool
s_lead_name (const char *v)
{
    if (!v)
        return false;
    size_t total = strlen (v);
    if (total > 300)
        return false;
    for (size_t i = 0; i < total; ) {
        while (i < total && (v [i] == '-' || v [i] == '_' || isspace ((unsigned char) v [i])))
            i++;
        size_t j = i;
        while (j < total && v [j] != '-' && v [j] != '_' && !isspace ((unsigned char) v [j]))
            j++;
        if (j > i && dpc_in_list (s_lead_words, v + i, j - i))
            return true;
        i = j;
    }
    return false;
}

//  --------------------------------------------------------------------------
//  A lead beside the chosen root: an element named as a lead (s_lead_name)
//  among the few elements just before the root or before one of its two
//  nearest ancestors, holding a sentence or more and no more than a lead
//  does. NULL when there is none. The headline and the lead often sit
//  outside the body's container ("article-body", itemprop=articleBody).

#define S_LEAD_MIN 40                   //  non-blank bytes of the shortest lead
#define S_LEAD_MAX 1500                 //  ... and of the longest
#define S_LEAD_LOOK 4                   //  elements looked at before each level

static xmlNode *
s_lead_beside (xmlNode *root, xmlNode *body)
{
    xmlNode *at = root;
    for (int level = 0; level < 3 && at && at != body; level++, at = at->parent) {
        int looked = 0;
        for (xmlNode *s = at->prev; s && looked < S_LEAD_LOOK; s = s->prev) {
            if (s->type != XML_ELEMENT_NODE || !s->name)
                continue;
            looked++;
            if (dpc_invisible_name ((const char *) s->name)
            ||  dpc_in_list (s_boiler_tags, (const char *) s->name, strlen ((const char *) s->name)))
                continue;
            if (!s_lead_name (dpc_attr (s, "class")) && !s_lead_name (dpc_attr (s, "id")))
                continue;
            size_t size = s_text_size (s);
            if (size >= S_LEAD_MIN && size <= S_LEAD_MAX)
                return s;
        }
    }
    return NULL;
}

//  --------------------------------------------------------------------------
//  Picks the elements holding the article into w->roots: the best-ranked
//  candidate with enough text (largest text among equal ranks), plus the
//  candidates of the same name and class outside it (a body split around
//  figures or ads into several "post-content" blocks), in document order;
//  else the body. w->root is the candidate, or the parts' common ancestor.

void
dpc_pick_root (dpc_work_t *w, dpc_meta_t *m, xmlNode *body)
{
    xmlNode *best = NULL;
    int best_rank = 0;
    size_t best_size = 0;
    size_t sizes [DPC_MAX_CANDIDATES];
    for (size_t i = 0; i < m->n_cand; i++) {
        size_t size = sizes [i] = s_text_size (m->cand [i]);
        if (size < S_MIN_ROOT_CHARS)
            continue;
        if (m->cand_rank [i] > best_rank
        || (m->cand_rank [i] == best_rank && size > best_size)) {
            best = m->cand [i];
            best_rank = m->cand_rank [i];
            best_size = size;
        }
    }
    //  Among candidates of one rank, the one that holds the headline is the
    //  article; the largest may be a list of teasers.
    if (best && m->h1 && !dpc_contains (best, m->h1))
        for (size_t i = 0; i < m->n_cand; i++)
            if (m->cand_rank [i] == best_rank && sizes [i] >= S_MIN_ROOT_CHARS
            &&  dpc_contains (m->cand [i], m->h1)) {
                best = m->cand [i];
                break;
            }
    w->n_roots = 0;
    w->root = best ? best : body;
    if (!best) {
        w->roots [w->n_roots++] = body;
        return;
    }
    xmlNode *top = best;
    for (size_t i = 0; i < m->n_cand && w->n_roots < DPC_MAX_ROOTS; i++) {
        xmlNode *c = m->cand [i];
        if (c != best && (sizes [i] < S_MIN_PART_CHARS || !s_same_kind (c, best)
                       || dpc_contains (best, c) || dpc_contains (c, best)))
            continue;
        bool nested = false;
        for (size_t k = 0; k < w->n_roots && !nested; k++)
            nested = dpc_contains (w->roots [k], c);
        if (nested)
            continue;
        xmlNode *up = c == best ? top : s_common_ancestor (top, c);
        if (!up)
            continue;
        top = up;
        w->roots [w->n_roots++] = c;
    }
    //  A lead beside the body's container is the article's first part.
    xmlNode *lead = w->n_roots < DPC_MAX_ROOTS ? s_lead_beside (w->roots [0], body) : NULL;
    //  Else the lead the page's own summary reads (lead.c), in the
    //  article's <header> or beside the body, whatever it is called: walked
    //  first, but the root stays the body's container (what lies between
    //  the two, a byline, a date, is no part of the article body).
    w->lead = NULL;
    if (!lead && w->n_roots < DPC_MAX_ROOTS && (w->lead = dpc_summary_lead (w, w->roots [0], body))) {
        memmove (w->roots + 1, w->roots, w->n_roots * sizeof *w->roots);
        w->roots [0] = w->lead;
        w->n_roots++;
        if (w->debug)
            fprintf (stderr, "clean: the summary's lead: %s\n", (const char *) w->lead->name);
    }
    xmlNode *up = lead ? s_common_ancestor (top, lead) : NULL;
    if (up) {
        memmove (w->roots + 1, w->roots, w->n_roots * sizeof *w->roots);
        w->roots [0] = lead;
        w->n_roots++;
        top = up;
        if (w->debug)
            fprintf (stderr, "clean: lead beside the root: %s.%.60s\n", (const char *) lead->name,
                     dpc_attr (lead, "class") ? dpc_attr (lead, "class") : "");
    }
    w->root = top;
}

