//  depeche clean — a second, independent and conservative extraction that
//  the main result is checked against (trafilatura checks its result
//  against baseline extractors the same way). It scores paragraphs the way
//  readability does: every <p>, <pre>, <td> and leaf <div> of 25 bytes or
//  more gives 1 + its commas + one point per 100 bytes (3 at most) to its
//  parent and half of that to its grandparent; a parent starts from what
//  its tag and its class/id words say (article, post, content: +25;
//  comment, sidebar, widget: -25) and ends scaled by the share of its text
//  outside links. The best parent, with those of its siblings that score
//  near it, is the baseline. It shares no decision with dom.c's walk (no
//  class-token drops, no content-root candidates, no rules), so the two
//  rarely lose the same body. It does not emit text: clean.c walks what
//  it picks conservatively when the main result misses most of it.
#include "clean/clean_impl.h"

#include <libxml/xpath.h>

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MIN_PARA 25                   //  shorter paragraphs do not score
#define S_CLASS_WEIGHT 25.0             //  what a class or id word is worth
#define S_SIBLING_SHARE 0.2             //  a sibling scoring this share of the best joins
#define S_SIBLING_MIN 10.0              //  ... and at least this
#define S_MAX_SCORED 8192               //  parents scored at most (bounds a huge page)

//  The tags that make a <div> a container rather than a paragraph.
static const char *s_para_blocks [] = {
    "a", "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul",
    "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", NULL
};

//  Words of a class or id (substrings, as readability's patterns).
static const char *s_unlikely [] = {
    "combx", "comment", "community", "disqus", "extra", "foot", "header", "menu",
    "remark", "rss", "shoutbox", "sidebar", "sponsor", "ad-break", "agegate",
    "pagination", "pager", "popup", "cookie", "consent", "newsletter", "related", NULL
};
static const char *s_maybe [] = {
    "article", "body", "column", "main", "shadow", "content", NULL
};
static const char *s_positive [] = {
    "article", "body", "content", "entry", "hentry", "main", "page", "post",
    "text", "blog", "story", NULL
};
static const char *s_negative [] = {
    "combx", "comment", "com-", "contact", "foot", "footer", "footnote", "masthead",
    "media", "meta", "outbrain", "promo", "related", "scroll", "shoutbox", "sidebar",
    "sponsor", "shopping", "tags", "tool", "widget", "share", "social", "recommend", NULL
};

//  psvi of an element the baseline skips (s_count sets it, the walks after
//  test it rather than asking s_skipped again); the rest of psvi is the
//  element's text.
#define S_SKIP ((uintptr_t) 1 << (sizeof (uintptr_t) * 8 - 1))
#define S_LEN(n) ((size_t) ((uintptr_t) (n)->psvi & ~S_SKIP))
#define S_SKIPPED(n) (((uintptr_t) (n)->psvi & S_SKIP) != 0)

//  One scored parent.
typedef struct {
    xmlNode *node;
    double score;
} s_scored_t;

//  Open-addressing table of scored parents, keyed by node address.
typedef struct {
    s_scored_t *slot;
    size_t cap;                         //  a power of two
    size_t used;
} s_table_t;

//  --------------------------------------------------------------------------
//  Each word list with the pairs of bytes its words start with (bit
//  b0 << 8 | b1 of pairs; every word has two bytes or more): a position of
//  a class or id whose two bytes start no word is passed over at once,
//  where strstr ran once per word (this is asked of every element with a
//  class or an id, four lists each).

typedef struct {
    const char **words;
    uint8_t pairs [8192];
} s_list_t;

enum { S_UNLIKELY, S_MAYBE, S_POSITIVE, S_NEGATIVE };
static s_list_t s_lists [] = {
    [S_UNLIKELY] = { s_unlikely, { 0 } }, [S_MAYBE] = { s_maybe, { 0 } },
    [S_POSITIVE] = { s_positive, { 0 } }, [S_NEGATIVE] = { s_negative, { 0 } }
};
static pthread_once_t s_lists_once = PTHREAD_ONCE_INIT;

static void
s_lists_init (void)
{
    for (size_t l = 0; l < sizeof s_lists / sizeof s_lists [0]; l++)
        for (const char **w = s_lists [l].words; *w; w++) {
            unsigned pair = (unsigned char) (*w) [0] << 8 | (unsigned char) (*w) [1];
            s_lists [l].pairs [pair >> 3] |= (uint8_t) (1u << (pair & 7));
        }
}

//  --------------------------------------------------------------------------
//  True when s holds one of the list's words (lowercase ASCII; s is
//  lowered into a buffer first). Only the first 255 bytes count.

static bool
s_has_word (const char *s, int list)
{
    if (!s || !*s)
        return false;
    pthread_once (&s_lists_once, s_lists_init);
    char low [256];
    size_t n = 0;
    for (; s [n] && n + 1 < sizeof low; n++)
        low [n] = (char) tolower ((unsigned char) s [n]);
    low [n] = '\0';
    const s_list_t *l = &s_lists [list];
    for (size_t k = 0; k + 1 < n; k++) {
        unsigned pair = (unsigned char) low [k] << 8 | (unsigned char) low [k + 1];
        if (!(l->pairs [pair >> 3] & (1u << (pair & 7))))
            continue;
        for (const char **w = l->words; *w; w++)
            if ((*w) [0] == low [k] && (*w) [1] == low [k + 1]
            &&  strncmp (low + k + 2, *w + 2, strlen (*w + 2)) == 0)
                return true;
    }
    return false;
}

//  --------------------------------------------------------------------------
//  What an element's class and id say: +25 for a content word, -25 for a
//  boilerplate word, each attribute on its own.

static double
s_class_weight (xmlNode *n)
{
    double weight = 0;
    const char *attrs [2] = { dpc_attr (n, "class"), dpc_attr (n, "id") };
    for (int i = 0; i < 2; i++) {
        if (s_has_word (attrs [i], S_NEGATIVE))
            weight -= S_CLASS_WEIGHT;
        if (s_has_word (attrs [i], S_POSITIVE))
            weight += S_CLASS_WEIGHT;
    }
    return weight;
}

//  --------------------------------------------------------------------------
//  The score a parent starts from: its tag, then its class and id.

static double
s_initial (xmlNode *n)
{
    const char *name = (const char *) n->name;
    double score = 0;
    if (dpc_same (name, "div") || dpc_same (name, "article") || dpc_same (name, "section")
    ||  dpc_same (name, "main"))
        score = 5;
    else
    if (dpc_same (name, "pre") || dpc_same (name, "td") || dpc_same (name, "blockquote"))
        score = 3;
    else
    if (dpc_same (name, "address") || dpc_same (name, "ol") || dpc_same (name, "ul")
    ||  dpc_same (name, "dl") || dpc_same (name, "dd") || dpc_same (name, "dt")
    ||  dpc_same (name, "li") || dpc_same (name, "form"))
        score = -3;
    else
    if (dpc_is_heading (name) || dpc_same (name, "th"))
        score = -5;
    return score + s_class_weight (n);
}

//  --------------------------------------------------------------------------
//  The table entry of n, added with its initial score when absent; NULL
//  when the table is full or out of memory.

static s_scored_t *
s_entry (s_table_t *t, xmlNode *n)
{
    if (t->used * 2 >= t->cap) {
        if (t->used >= S_MAX_SCORED)
            return NULL;
        size_t cap = t->cap ? t->cap * 2 : 256;
        s_scored_t *slot = calloc (cap, sizeof *slot);
        if (!slot)
            return NULL;
        for (size_t i = 0; i < t->cap; i++)
            if (t->slot [i].node) {
                size_t h = ((uintptr_t) t->slot [i].node >> 4) & (cap - 1);
                while (slot [h].node)
                    h = (h + 1) & (cap - 1);
                slot [h] = t->slot [i];
            }
        free (t->slot);
        t->slot = slot;
        t->cap = cap;
    }
    size_t h = ((uintptr_t) n >> 4) & (t->cap - 1);
    while (t->slot [h].node && t->slot [h].node != n)
        h = (h + 1) & (t->cap - 1);
    if (!t->slot [h].node) {
        t->slot [h].node = n;
        t->slot [h].score = s_initial (n);
        t->used++;
    }
    return &t->slot [h];
}

//  --------------------------------------------------------------------------
//  True for an element whose class or id marks it unlikely to hold the
//  article (readability drops those before scoring).

static bool
s_unlikely_el (xmlNode *n)
{
    const char *name = (const char *) n->name;
    if (dpc_same (name, "body") || dpc_same (name, "html") || dpc_same (name, "article"))
        return false;
    const char *attrs [2] = { dpc_attr (n, "class"), dpc_attr (n, "id") };
    for (int i = 0; i < 2; i++)
        if (s_has_word (attrs [i], S_UNLIKELY) && !s_has_word (attrs [i], S_MAYBE))
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  True for an element that holds no text a reader sees (dom.c's test), or
//  that the baseline skips.

static bool
s_skipped (xmlNode *n)
{
    return dpc_invisible (n) || s_unlikely_el (n);
}

//  --------------------------------------------------------------------------
//  True for a paragraph: <p>, <pre>, <td>, or a <div>/<section> with no
//  block element in it.

static bool
s_is_para (xmlNode *n)
{
    const char *name = (const char *) n->name;
    if (dpc_same (name, "p") || dpc_same (name, "pre") || dpc_same (name, "td"))
        return true;
    if (!dpc_same (name, "div") && !dpc_same (name, "section"))
        return false;
    for (xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && c->name
        &&  dpc_in_list (s_para_blocks, (const char *) c->name, strlen ((const char *) c->name)))
            return false;
    return true;
}

//  --------------------------------------------------------------------------
//  Counts the text under every element in one pass: the non-blank bytes in
//  psvi (all text, links included; dpc_mass's _private holds the part
//  outside links). Skipped elements count nothing.

static void
s_count (xmlNode *body)
{
    xmlNode *n = body;
    body->psvi = NULL;
    while (n) {
        bool descend = false;
        if (n->type == XML_ELEMENT_NODE) {
            bool skip = n != body && s_skipped (n);
            n->psvi = skip ? (void *) S_SKIP : NULL;
            descend = n->children && !skip;
        }
        else
        if (n->type == XML_TEXT_NODE && n->content && n != body)
            n->parent->psvi = (void *) ((uintptr_t) n->parent->psvi + dpc_nonblank (n));
        if (descend) {
            n = n->children;
            continue;
        }
        for (;;) {                      //  n is done: add it up, go on
            if (n == body)
                return;
            if (n->type == XML_ELEMENT_NODE)
                n->parent->psvi = (void *) ((uintptr_t) n->parent->psvi + S_LEN (n));
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
        }
    }
}

//  --------------------------------------------------------------------------
//  True for a child that a container's loose text includes: text, and
//  elements that are not blocks (links, emphasis, spans).

static bool
s_loose_child (xmlNode *c)
{
    if (c->type == XML_TEXT_NODE)
        return true;
    return c->type == XML_ELEMENT_NODE && c->name && !S_SKIPPED (c)
        && !dpc_in_list (s_para_blocks, (const char *) c->name, strlen ((const char *) c->name))
        && !dpc_same ((const char *) c->name, "br") && !dpc_same ((const char *) c->name, "li");
}

//  --------------------------------------------------------------------------
//  The loose text of a <div> or <section> that holds blocks: its text
//  children and inline elements (readability wraps them in a <p>).

static size_t
s_loose (xmlNode *n)
{
    const char *name = (const char *) n->name;
    if (!dpc_same (name, "div") && !dpc_same (name, "section") && !dpc_same (name, "article"))
        return 0;
    size_t len = 0;
    for (xmlNode *c = n->children; c; c = c->next)
        if (s_loose_child (c))
            len += c->type == XML_TEXT_NODE ? (c->content ? dpc_nonblank (c) : 0)
                                            : S_LEN (c);
    return len;
}

//  --------------------------------------------------------------------------
//  Commas (ASCII and the ideographic and Arabic ones) in the text of n
//  (para), or in its loose text.

//  Commas of a text: ',', the fullwidth '，' (EF BC 8C) and the Arabic
//  '،' (D8 8C). Byte by byte, the multi-byte ones only from their lead
//  byte on (this runs over every byte of the page's prose).

static size_t
s_text_commas (const unsigned char *p)
{
    size_t commas = 0;
    for (; *p; p++)
        if (*p == ',')
            commas++;
        else
        if (*p >= 0xD8)
            commas += (p [0] == 0xEF && p [1] == 0xBC && p [2] == 0x8C)
                   || (p [0] == 0xD8 && p [1] == 0x8C);
    return commas;
}

static size_t
s_commas (xmlNode *n, bool para)
{
    size_t commas = 0;
    for (xmlNode *c = para ? n : n->children; c; c = para ? NULL : c->next) {
        if (!para && !s_loose_child (c))
            continue;
        for (xmlNode *t = c; t; t = dpc_next_node (c, t, t->type == XML_ELEMENT_NODE
                                                   && (t == c || !S_SKIPPED (t))))
            if (t->type == XML_TEXT_NODE && t->content)
                commas += s_text_commas ((const unsigned char *) t->content);
    }
    return commas;
}

//  --------------------------------------------------------------------------
//  The final score of a scored parent: its score times the share of its
//  text outside links (dpc_mass's _private over psvi).

static double
s_final (const s_scored_t *e)
{
    size_t all = S_LEN (e->node);
    size_t prose = (uintptr_t) e->node->_private;
    if (!all)
        return e->score;
    double share = prose >= all ? 1.0 : (double) prose / (double) all;
    return e->score * share;
}

//  --------------------------------------------------------------------------
//  True when n is an <article> that opens with a heading of its own (first
//  thing in it, or in its first <header>, <hgroup> or <a>): a story, not a
//  part of one. Live-blog entries open with a time or a paragraph.

static bool
s_opens_with_heading (const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            for (const xmlChar *t = c->content; t && *t; t++)
                if (!isspace (*t))
                    return false;
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *) c->name;
        if (dpc_is_heading (name))
            return true;
        return depth == 0 && (dpc_same (name, "header") || dpc_same (name, "hgroup")
                              || dpc_same (name, "a"))
            && s_opens_with_heading (c, 1);
    }
    return false;
}

bool
dpc_own_story (const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE && dpc_same ((const char *) n->name, "article")
        && s_opens_with_heading (n, 0);
}

//  The page's first <h1> under body, or NULL.

static xmlNode *
s_first_h1 (xmlNode *body)
{
    for (xmlNode *n = body; n; n = dpc_next_node (body, n, n->type == XML_ELEMENT_NODE))
        if (n->type == XML_ELEMENT_NODE && dpc_same ((const char *) n->name, "h1"))
            return n;
    return NULL;
}

//  --------------------------------------------------------------------------
//  Picks the baseline's elements into roots (document order, at most max):
//  the best-scored parent and the siblings that score near it, or whose
//  text is a long paragraph with few links. Returns how many, 0 when no
//  paragraph scored. *prose: their non-link text (non-blank bytes). Needs
//  the masses of dpc_mass; leaves psvi zeroed under body.

size_t
dpc_baseline (dpc_work_t *w, xmlNode *body, xmlNode **roots, size_t max, size_t *prose)
{
    *prose = 0;
    s_table_t t = { 0 };
    s_count (body);
    for (xmlNode *n = body; n; n = dpc_next_node (body, n, n->type == XML_ELEMENT_NODE
                                                   && (n == body || !S_SKIPPED (n)))) {
        if (n->type != XML_ELEMENT_NODE || n == body)
            continue;
        //  A paragraph scores for its parent; the loose text of a container
        //  (text beside its blocks) is a paragraph of the container itself.
        bool para = s_is_para (n);
        size_t len = para ? S_LEN (n) : s_loose (n);
        xmlNode *parent = para ? n->parent : n;
        if (len < S_MIN_PARA || !parent || parent->type != XML_ELEMENT_NODE)
            continue;
        double score = 1.0 + (double) s_commas (n, para)
                     + (double) (len / 100 < 3 ? len / 100 : 3);
        s_scored_t *p = s_entry (&t, parent);
        if (!p)
            break;
        p->score += score;
        xmlNode *g = parent != body ? parent->parent : NULL;
        if (g && g->type == XML_ELEMENT_NODE) {
            s_scored_t *e = s_entry (&t, g);
            if (!e)
                break;
            e->score += score / 2;
        }
    }
    const s_scored_t *top = NULL;
    double top_score = 0;
    //  The table's order follows node addresses, which differ from run to
    //  run: of two parents that score the same, the first in the document
    //  wins, so that a page always gives the same result.
    for (size_t i = 0; i < t.cap; i++) {
        if (!t.slot [i].node)
            continue;
        double score = s_final (&t.slot [i]);
        if (!top || score > top_score
        ||  (!(score < top_score) && xmlXPathCmpNodes (t.slot [i].node, top->node) == 1)) {
            top = &t.slot [i];
            top_score = score;
        }
    }
    size_t n_roots = 0;
    if (top && top_score > 0) {
        double threshold = top_score * S_SIBLING_SHARE;
        if (threshold < S_SIBLING_MIN)
            threshold = S_SIBLING_MIN;
        xmlNode *best = top->node, *parent = best->parent;
        //  Sibling <article>s that each open with their own heading are
        //  stories (an endless page loads the next one below): none joins,
        //  and the one that holds the page's <h1> is the baseline.
        bool stories = false;
        if (dpc_own_story (best) && parent && best != body) {
            xmlNode *h1 = s_first_h1 (body);
            for (xmlNode *s = parent->children; s && h1; s = s->next)
                if (s != best && dpc_own_story (s)) {
                    stories = true;
                    if (!dpc_contains (best, h1) && dpc_contains (s, h1)) {
                        best = s;
                        break;
                    }
                }
        }
        for (xmlNode *s = parent && best != body ? parent->children : best;
             s && n_roots < max; s = s->next) {
            if (s->type != XML_ELEMENT_NODE || (s != best && S_SKIPPED (s)))
                continue;
            bool join = s == best;
            if (!join && stories && dpc_own_story (s))
                continue;
            if (!join) {
                size_t h = ((uintptr_t) s >> 4) & (t.cap - 1);
                while (t.slot [h].node && t.slot [h].node != s)
                    h = (h + 1) & (t.cap - 1);
                join = t.slot [h].node && s_final (&t.slot [h]) >= threshold;
            }
            if (!join && dpc_same ((const char *) s->name, "p")) {
                size_t all = S_LEN (s), own = (uintptr_t) s->_private;
                join = all > 80 ? own * 4 >= all * 3 : all > 0 && own == all;
            }
            if (join) {
                roots [n_roots++] = s;
                *prose += (uintptr_t) s->_private;
            }
            if (s == best && best == body)
                break;
        }
        if (w->debug)
            fprintf (stderr, "clean: baseline %s.%.60s#%.30s score %.1f, %zu parts, prose %zu\n",
                     (const char *) top->node->name,
                     dpc_attr (top->node, "class") ? dpc_attr (top->node, "class") : "",
                     dpc_attr (top->node, "id") ? dpc_attr (top->node, "id") : "",
                     top_score, n_roots, *prose);
    }
    for (xmlNode *n = body; n; n = dpc_next_node (body, n, n->type == XML_ELEMENT_NODE))
        n->psvi = NULL;
    free (t.slot);
    return n_roots;
}
