//  depeche clean — the lead the page's own summary points at: the element
//  near the body's container whose words are those of the description meta
//  (the standfirst, which sits in the article's <header> or beside the
//  body's container, whatever its class is called). dom.c walks it as the
//  article's first part when no lead is named as one. And whether an
//  element's whole text is the summary (a post that short: clean.c then
//  takes the baseline's element alone). Reads words, not names; decides
//  nothing else.
#include "clean/clean_impl.h"

#include <string.h>
#include <strings.h>

#define S_SUM_WORDS 8                   //  words a lead shares with the summary, at least
#define S_SUM_SHARE 0.8                 //  ... and this share of the shorter of the two
#define S_SUM_UP 4                      //  levels above the root searched
#define S_SUM_MIN 40                    //  non-blank bytes of the shortest lead
#define S_SUM_MAX 1500                  //  ... and of the longest
#define S_SUM_NODES 20000               //  nodes looked at, at most (bounds the work)

//  The summary read against an element's text, word by word from the start.
typedef struct {
    const char *sum;                    //  the summary
    size_t slen;
    size_t j;                           //  read up to here
    size_t matched;                     //  words equal so far
    size_t words;                       //  words of the element
    bool broken;                        //  a word differed, or the summary ended
} s_read_t;

static void
s_read_text (s_read_t *r, const char *s, size_t len)
{
    size_t i = 0, n, m;
    const char *a;
    while ((a = dpc_next_word (s, len, &i, &n))) {
        r->words++;
        if (r->broken)
            continue;
        const char *b = dpc_next_word (r->sum, r->slen, &r->j, &m);
        if (b && n == m && strncasecmp (a, b, n) == 0)
            r->matched++;
        else
            r->broken = true;
    }
}

//  --------------------------------------------------------------------------
//  Reads the visible text under el against the summary: true when they
//  open with the same words (S_SUM_WORDS at least, and S_SUM_SHARE of the
//  shorter: a summary may be the lead cut short, or the lead plus more)
//  and el holds a lead's size of text, outside links, in one paragraph: an
//  element of several blocks is the lead and more (a byline, a date).

static bool
s_reads_summary (xmlNode *el, const char *sum, size_t slen, size_t sum_words)
{
    s_read_t r = { .sum = sum, .slen = slen };
    size_t size = 0;
    xmlNode *n = el->children;
    while (n) {
        bool descend = false;
        if (n->type == XML_TEXT_NODE && n->content) {
            size += dpc_nonblank (n);
            if (size > S_SUM_MAX)
                return false;
            s_read_text (&r, (const char *) n->content, strlen ((const char *) n->content));
        }
        else
        if (n->type == XML_ELEMENT_NODE && n->name) {
            if (dpc_is_link (n))
                return false;           //  a teaser card, not a lead
            descend = !dpc_unseen_tag (n);
            if (descend && dpc_is_block ((const char *) n->name))
                return false;           //  a lead and more (a byline, a date)
        }
        n = dpc_next_node (el, n, descend);
    }
    size_t shorter = r.words < sum_words ? r.words : sum_words;
    return size >= S_SUM_MIN && r.matched >= S_SUM_WORDS
        && (double) r.matched >= S_SUM_SHARE * (double) shorter;
}

//  --------------------------------------------------------------------------
//  True when node lies inside a <header> below top (the walk drops it).

static bool
s_in_header (xmlNode *node, xmlNode *top)
{
    for (xmlNode *n = node; n && n != top; n = n->parent)
        if (n->type == XML_ELEMENT_NODE && n->name && dpc_same ((const char *) n->name, "header"))
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  The lead the summary names, or NULL: an element within S_SUM_UP levels
//  above root, not inside root (or inside it, in a <header> the walk
//  drops), that opens with the summary's words, and is not a heading (a
//  subtitle in <h2> is the headline's, not the text's). Its text must be seen by
//  nobody else: an element inside root that the walk keeps is not a lead
//  to add.

xmlNode *
dpc_summary_lead (const dpc_work_t *w, xmlNode *root, xmlNode *body)
{
    const char *sum = w->description;
    if (!sum || !root || root == body)
        return NULL;
    size_t slen = strlen (sum), i = 0, n, first_len, sum_words = 0;
    const char *first = dpc_next_word (sum, slen, &i, &first_len);
    if (!first)
        return NULL;
    for (size_t k = 0; dpc_next_word (sum, slen, &k, &n); )
        sum_words++;
    if (sum_words < S_SUM_WORDS)
        return NULL;
    xmlNode *top = root;
    for (int up = 0; up < S_SUM_UP && top->parent && top != body; up++)
        top = top->parent;
    size_t looked = 0;
    xmlNode *node = top->children;
    while (node && looked++ < S_SUM_NODES) {
        bool descend = false;
        if (node->type == XML_ELEMENT_NODE && node->name)
            descend = !dpc_unseen_tag (node) && !dpc_is_link (node) && !dpc_invisible (node);
        else
        if (node->type == XML_TEXT_NODE && node->content && node->parent) {
            const char *t = (const char *) node->content;
            size_t tl = strlen (t), ti = 0, wl;
            const char *w0 = dpc_next_word (t, tl, &ti, &wl);
            if (w0 && wl == first_len && strncasecmp (w0, first, wl) == 0) {
                //  The block around it: climb over inline elements.
                xmlNode *el = node->parent;
                for (int up = 0; up < 3 && el->parent && el != top && el->name
                     && !dpc_is_block ((const char *) el->name); up++)
                    el = el->parent;
                const char *nm = el->type == XML_ELEMENT_NODE ? (const char *) el->name : NULL;
                if (nm && el != top && !dpc_is_heading (nm) && !dpc_contains (el, root)
                &&  (!dpc_contains (root, el) || s_in_header (el, root))
                &&  s_reads_summary (el, sum, slen, sum_words))
                    return el;
            }
        }
        node = dpc_next_node (top, node, descend);
    }
    return NULL;
}

//  --------------------------------------------------------------------------
//  True when the visible text under el, links included, is the page's
//  summary word for word (S_ALL_WORDS words at least; the summary may
//  add one word, a site's tag): the post is no longer than what its
//  summary says (a photo with its one line, a link and a sentence).

#define S_ALL_WORDS 6                   //  words of the shortest such post
#define S_ALL_MAX 2000                  //  non-blank bytes of the longest

bool
dpc_summary_is_all (const dpc_work_t *w, xmlNode *el)
{
    const char *sum = w->description;
    if (!sum || !el)
        return false;
    s_read_t r = { .sum = sum, .slen = strlen (sum) };
    size_t size = 0;
    xmlNode *n = el->children;
    while (n) {
        bool descend = false;
        if (n->type == XML_TEXT_NODE && n->content) {
            size += dpc_nonblank (n);
            if (size > S_ALL_MAX)
                return false;
            s_read_text (&r, (const char *) n->content, strlen ((const char *) n->content));
            if (r.broken)
                return false;
        }
        else
        if (n->type == XML_ELEMENT_NODE && n->name)
            descend = !dpc_unseen_tag (n) && !dpc_invisible (n);
        n = dpc_next_node (el, n, descend);
    }
    size_t rest = 0, k;
    while (rest < 2 && dpc_next_word (r.sum, r.slen, &r.j, &k))
        rest++;
    return r.matched >= S_ALL_WORDS && rest <= 1;
}
