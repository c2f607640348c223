//  depeche clean — the DOM walk: dropped elements (tag, role, class and id
//  tokens judged against the text they hold; what is seen is seen.c's), the
//  text mass and link density of each element, and the walk that turns the
//  chosen subtrees into paragraph blocks (the densest block of prose, what
//  the result is checked against, is dense.c's). Judges no paragraph by
//  its words.
#include "clean/clean_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_WRAPPER_SHARE 0.6             //  prose share that makes a bad name a wrapper
#define S_RECIRC_OUTSIDE 200            //  prose outside a box of other articles: a paragraph
#define S_RECIRC_ITEMS 3                //  headlines of items such a box lists
#define S_RECIRC_NODES 4096             //  nodes looked at for them

//  Elements that hold boilerplate (navigation, page header and footer,
//  forms, asides, captions): dropped with everything in them, unless they
//  hold most of the article's prose (a page built inside one <form>).
static const char *s_boiler_tags [] = {
    "nav", "header", "footer", "aside", "form", "menu", "dialog", "figcaption",
    NULL
};

//  --------------------------------------------------------------------------
//  True for the name of a boilerplate tag (s_boiler_tags).

bool
dpc_boiler_tag (const char *name)
{
    return dpc_in_list (s_boiler_tags, name, strlen (name));
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
//  True when an element named as a paywall holds the rest of the article
//  (the page has the text, a script hides it): S_PAYWALL_PROSE bytes of
//  prose and no form control of its own among its first S_PAYWALL_NODES
//  nodes. Its prompt ("Subscribe to read on", a registration box with its
//  questions and answers) has a form, a button or an input to sign up
//  with; and the prompt's own lines still go by the rules and link density.
//  A box inside it named as boilerplate of its own and not as the paywall
//  (a newsletter sign-up between two paragraphs, a "subscribe-box" at the
//  head of the hidden text) is judged, and dropped, on its own: its form
//  says nothing of the text around it. A smaller box, down to
//  S_PAYWALL_BARE bytes (the hidden rest of a short story: a paragraph or
//  two), must hold a paragraph (<p>) and no link: a prompt without a form
//  still asks the reader to act ("Subscribe now", "Log in") or sets its
//  lines in <div>s ("Don't miss a story!" over "Turn on notifications:"),
//  the hidden text asks nothing and is set as the text above it.

#define S_PAYWALL_PROSE 150             //  non-link bytes: paragraphs, not a pitch
#define S_PAYWALL_BARE 40               //  ... or this many, with no link at all
#define S_PAYWALL_NODES 4096

static bool
s_is_paywall (xmlNode *node)
{
    return dpc_paywall_attr (dpc_attr (node, "class")) || dpc_paywall_attr (dpc_attr (node, "id"));
}

static unsigned s_names (xmlNode *node);

//  True when an element inside a paywall box is a box of its own: named as
//  boilerplate, not as the paywall.
static bool
s_box_of_its_own (xmlNode *node)
{
    return (s_names (node) & DPC_X_NAMES_BITS) && !s_is_paywall (node);
}

static bool
s_paywalled_text (xmlNode *root)
{
    size_t prose = (uintptr_t) root->_private;
    if (prose < S_PAYWALL_BARE || !s_is_paywall (root))
        return false;
    bool bare = prose < S_PAYWALL_PROSE, para = false;
    int seen = 0;
    xmlNode *n = root;
    while (n) {
        if (++seen > S_PAYWALL_NODES)
            return false;
        const char *name = (const char *) n->name;
        bool element = n->type == XML_ELEMENT_NODE && name;
        if (element
        &&  (dpc_same (name, "form") || dpc_same (name, "input") || dpc_same (name, "button")
             || dpc_same (name, "select") || dpc_same (name, "textarea")
             || (bare && dpc_same (name, "a"))))
            return false;
        para = para || (element && dpc_same (name, "p"));
        n = dpc_next_node (root, n, element && (n == root || !s_box_of_its_own (n)));
    }
    return !bare || para;
}

//  --------------------------------------------------------------------------
//  True for a teaser card: an <article> next to another <article>, that
//  opens (within its first S_CARD_NODES nodes) with a heading all of whose
//  text is linked, and holds less prose beside it than a paragraph: a
//  related story's title and summary, left inside the article's own
//  element by a page that did not close it, or listed after it.

#define S_CARD_NODES 16
#define S_CARD_PROSE 200                //  non-link bytes: less than a paragraph

static bool
s_teaser_card (const xmlNode *node)
{
    if (!dpc_same ((const char *) node->name, "article")
    ||  (uintptr_t) node->_private >= S_CARD_PROSE)
        return false;
    const xmlNode *prev = node->prev, *next = node->next;
    while (prev && prev->type != XML_ELEMENT_NODE)
        prev = prev->prev;
    while (next && next->type != XML_ELEMENT_NODE)
        next = next->next;
    if (!(prev && prev->name && dpc_same ((const char *) prev->name, "article"))
    &&  !(next && next->name && dpc_same ((const char *) next->name, "article")))
        return false;
    int seen = 0;
    for (const xmlNode *n = node->children; n && seen < S_CARD_NODES;
         n = dpc_next_node ((xmlNode *) node, (xmlNode *) n, n->type == XML_ELEMENT_NODE), seen++) {
        if (n->type != XML_ELEMENT_NODE || !n->name || !dpc_is_heading ((const char *) n->name))
            continue;
        if ((uintptr_t) n->_private)
            return false;               //  some of the heading is not linked
        for (const xmlNode *a = n->parent; a && a != node; a = a->parent)
            if (dpc_is_link (a))
                return true;            //  <a><h3>title</h3></a>
        for (const xmlNode *c = n->children; c; c = dpc_next_node ((xmlNode *) n, (xmlNode *) c,
                                                                   c->type == XML_ELEMENT_NODE))
            if (dpc_is_link (c))
                return true;
        return false;
    }
    return false;
}

//  --------------------------------------------------------------------------
//  True when a box lists at least S_RECIRC_ITEMS items, as a box of other
//  articles does: headlines that link to the story or head a list item or
//  card (slides, cards, teasers). An article's own text named "promo" or
//  "sponsored" has subheadings of its own, unlinked, and lists of plain
//  items.

static bool
s_item_heading (const xmlNode *box, const xmlNode *h)
{
    for (const xmlNode *a = h->parent; a && a != box; a = a->parent)
        if (a->type == XML_ELEMENT_NODE && a->name
        &&  (dpc_is_link (a) || dpc_same ((const char *) a->name, "li")
             || dpc_same ((const char *) a->name, "article")))
            return true;
    for (const xmlNode *c = h->children; c;
         c = dpc_next_node ((xmlNode *) h, (xmlNode *) c, c->type == XML_ELEMENT_NODE))
        if (dpc_is_link (c))
            return true;
    return false;
}

static bool
s_lists_items (const xmlNode *box)
{
    int items = 0, seen = 0;
    for (const xmlNode *n = box->children; n && seen < S_RECIRC_NODES;
         n = dpc_next_node ((xmlNode *) box, (xmlNode *) n, n->type == XML_ELEMENT_NODE), seen++)
        if (n->type == XML_ELEMENT_NODE && n->name && dpc_is_heading ((const char *) n->name)
        &&  s_item_heading (box, n) && ++items >= S_RECIRC_ITEMS)
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  What dpc_bad_attr says of an element's class and id, in the bits of
//  DPC_X_NAMES_BITS (with DPC_X_NAMES_KNOWN), kept by the element.

static unsigned
s_names (xmlNode *node)
{
    unsigned names = node->extra;
    if (node->type != XML_ELEMENT_NODE || !(names & DPC_X_NAMES_KNOWN)) {
        names = DPC_X_NAMES_KNOWN
              | dpc_bad_attr ((const xmlChar *) dpc_attr (node, "class")) << DPC_X_CLASS_SHIFT
              | dpc_bad_attr ((const xmlChar *) dpc_attr (node, "id")) << DPC_X_ID_SHIFT;
        if (node->type == XML_ELEMENT_NODE)
            node->extra |= (unsigned short) names;
    }
    return names;
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
        unsigned names = s_names (node);
        dpc_name_t a = (dpc_name_t) (names >> DPC_X_CLASS_SHIFT & 3);
        dpc_name_t b = (dpc_name_t) (names >> DPC_X_ID_SHIFT & 3);
        if (a > v)
            v = a;
        if (b > v)
            v = b;
    }
    //  Live-blog entries named "comment" are the article (many small
    //  entries: no share test would keep them): on a page that says it
    //  is a live blog (meta.c), or inside an element named as one.
    if (v == DPC_NAME_HARD && (w->live || dpc_in_live_blog (node)))
        v = DPC_NAME_OK;
    if (v == DPC_NAME_BAD && w->drop_by_class && (s_holds_embed (node) || s_paywalled_text (node)))
        v = DPC_NAME_OK;
    return v;
}

//  --------------------------------------------------------------------------
//  True when the baseline's element b holds under a quarter of its prose
//  outside elements whose name, tag or role says boilerplate and that may
//  be parts of it (a paragraph's prose, not comments, a figure or a
//  caption): its text is
//  cut into named parts (a page builder's "elementor-widget" blocks, a
//  body in "article-body ad-free" and "text-widget" divs), which are the
//  article, not furniture beside it. One walk of b per page (cached).

#define S_PART_PROSE 80                 //  non-link bytes: a part holds a paragraph
#define S_PART_OUTSIDE 4                //  under 1/4 of b's prose outside the parts

static bool
s_may_be_part (xmlNode *n, dpc_name_t v)
{
    return v != DPC_NAME_HARD && (uintptr_t) n->_private >= S_PART_PROSE
        && !dpc_is_caption (n) && !dpc_same ((const char *) n->name, "figure");
}

static bool
s_named_parts (dpc_work_t *w, const xmlNode *b)
{
    size_t k = 0;
    while (k < w->n_base && w->base [k] != b)
        k++;
    if (k == w->n_base || k >= DPC_MAX_BASE)
        return false;
    if (!w->base_parts [k]) {
        size_t named = 0;
        xmlNode *root = (xmlNode *) b, *n = root;
        while (n) {
            bool descend = n->type == XML_ELEMENT_NODE && n->name;
            dpc_name_t v = descend && n != root && !dpc_invisible (n)
                         ? s_name_verdict (w, n) : DPC_NAME_OK;
            if (v != DPC_NAME_OK) {
                if (s_may_be_part (n, v))
                    named += (uintptr_t) n->_private;
                descend = false;
            }
            n = dpc_next_node (root, n, descend);
        }
        size_t all = (uintptr_t) b->_private;
        w->base_parts [k] = (all - named) * S_PART_OUTSIDE < all ? 2 : 1;
        if (w->debug && w->base_parts [k] == 2)
            fprintf (stderr, "clean: baseline %s made of named parts (%zu of %zu)\n",
                     (const char *) b->name, named, all);
    }
    return w->base_parts [k] == 2;
}

//  --------------------------------------------------------------------------
//  What the baseline (base.c) says of a container: 1 when it holds the
//  baseline's elements inside the content root (most of their prose when
//  they are several), 0 when it does not, -1 when the baseline has none
//  strictly inside the root (it then disagrees with the root, or is it,
//  and says nothing about what lies within).

static int
s_base_verdict (dpc_work_t *w, const xmlNode *node)
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
    if (inside && inside * 2 >= all)
        return 1;
    //  A part of a baseline element whose text is all in named parts.
    const xmlNode *b = s_may_be_part ((xmlNode *) node, DPC_NAME_BAD)
                     ? dpc_base_of (w, node->parent) : NULL;
    return b && b != w->root && dpc_contains (w->root, b) && s_named_parts (w, b);
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
    if (!w->fallback && s_teaser_card (node))
        return true;
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
    //  A box of other articles (a related-stories slideshow: named so, and
    //  listing items) goes however much text it holds when the root has a
    //  paragraph of its own beside it: such a box never wraps the article,
    //  and the story it follows may be a short one.
    if (v == DPC_NAME_BAD && mass >= w->root_mass * S_WRAPPER_SHARE
    &&  w->root_mass - mass >= S_RECIRC_OUTSIDE
    &&  (dpc_recirc_attr (dpc_attr (node, "class")) || dpc_recirc_attr (dpc_attr (node, "id")))
    &&  s_lists_items (node)) {
        if (w->debug)
            fprintf (stderr, "clean: box of other articles dropped, mass %zu of %zu\n",
                     mass, w->root_mass);
        if (dpc_base_of (w, node))      //  what the baseline held, not missed
            w->recirc_mass += mass;
        return true;
    }
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
//  A row of a data table (match statistics, results, prices) is one line of
//  text, its cells apart by " | ", not one paragraph a cell: a <tr> of two
//  or more <td>/<th> cells with no block inside them, S_ROW_MAX_BYTES of
//  text at most. A layout table's cells hold paragraphs and stay blocks.

#define S_ROW_MAX_BYTES 400
#define S_ROW_NODES 200                 //  nodes looked at, at most

static bool
s_cell (const char *name)
{
    return dpc_same (name, "td") || dpc_same (name, "th");
}

static bool
s_data_row (xmlNode *tr)
{
    size_t cells = 0, bytes = 0, seen = 0;
    for (xmlNode *c = tr->children; c; c = c->next) {
        if (++seen > S_ROW_NODES)
            return false;
        if (c->type == XML_TEXT_NODE && dpc_nonblank (c) == 0)
            continue;
        if (c->type != XML_ELEMENT_NODE || !c->name || !s_cell ((const char *) c->name))
            return false;
        cells++;
        for (xmlNode *n = c->children; n; n = dpc_next_node (c, n, true)) {
            if (++seen > S_ROW_NODES)
                return false;
            if (n->type == XML_ELEMENT_NODE && n->name && dpc_is_block ((const char *) n->name))
                return false;
            if (n->type == XML_TEXT_NODE && n->content
            &&  (bytes += strlen ((const char *) n->content)) > S_ROW_MAX_BYTES)
                return false;
        }
    }
    return cells >= 2;
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
        size_t nonblank = dpc_nonblank (node);         //  first: it may cut markers
        const char *s = (const char *) node->content;
        size_t len = strlen (s);
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
    bool block = dpc_is_block (name);
    if (w->data_row && node->parent == w->data_row && s_cell (name)) {
        if (w->raw_nonblank)
            dpc_buf_add (&w->raw, " | ", 3);
        return true;                    //  a cell of a data row: no block
    }
    if (dpc_same (name, "tr") && s_data_row (node))
        w->data_row = node;
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
    if (w->data_row && node->parent == w->data_row && s_cell (name))
        return;                         //  the row goes on
    if (node == w->data_row)
        w->data_row = NULL;
    if (dpc_is_block (name))
        s_flush (w);
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
    w->recirc_mass = 0;
    for (size_t i = 0; i < w->n_roots; i++) {
        w->root_mass += (uintptr_t) w->roots [i]->_private;
        w->caption_mass += dpc_caption_mass (w->roots [i]);
    }
    for (size_t i = 0; i < w->n_roots; i++) {
        w->data_row = NULL;
        s_walk (w, w->roots [i]);
    }
}
