//  depeche clean — the lead the page's own summary points at: the element
//  near the body's container whose words are those of the description meta
//  (the standfirst, which sits in the article's <header> or beside the
//  body's container, whatever its class is called). dom.c walks it as the
//  article's first part when no lead is named as one. And whether an
//  element's whole text is the summary (a post that short: clean.c then
//  takes the baseline's element alone). And the short lines before the
//  first real paragraph that the summary reads into it, the article's
//  opening (classify.c keeps them). Reads words, not names; decides
//  nothing else.
#include "clean/clean_impl.h"

#include <ctype.h>
#include <stdint.h>
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

//  --------------------------------------------------------------------------
//  The page's own summary (its description meta) is, on most blogs, the
//  opening words of the article as written. Short lines before the first
//  real paragraph that the summary reads through, one after the other,
//  into that paragraph are the article's opening ("Dear all,", a first
//  short sentence, a lead in bold), whatever their length. A summary that
//  is the standfirst alone, or stops at a byline or a date line, reaches
//  no paragraph and keeps nothing. Words are runs of letters and digits
//  (bytes of multibyte characters count as letters), ASCII case ignored.

//  Bytes of the Unicode blank at s[i] (the ones text.c turns into a space:
//  NBSP, U+1680, U+2000..U+200A, U+2028, U+2029, narrow NBSP, U+205F,
//  U+3000), 0 for anything else. The page's summary is not normalised:
//  "Zubereitungszeit:&nbsp;25" is two words there as in the text.
static size_t
s_uspace (const char *s, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *) s + i;
    if (i + 1 < len && u [0] == 0xC2 && u [1] == 0xA0)
        return 2;
    if (i + 2 >= len)
        return 0;
    if ((u [0] == 0xE2 && u [1] == 0x80
         && ((u [2] >= 0x80 && u [2] <= 0x8A) || u [2] == 0xA8 || u [2] == 0xA9 || u [2] == 0xAF))
    ||  (u [0] == 0xE2 && u [1] == 0x81 && u [2] == 0x9F)
    ||  (u [0] == 0xE1 && u [1] == 0x9A && u [2] == 0x80)
    ||  (u [0] == 0xE3 && u [1] == 0x80 && u [2] == 0x80))
        return 3;
    return 0;
}

//  The next word of s[0..len) from *i: its start, its length in *n; NULL
//  when no word is left.
const char *
dpc_next_word (const char *s, size_t len, size_t *i, size_t *n)
{
    while (*i < len && !isalnum ((unsigned char) s [*i])) {
        size_t sp = s_uspace (s, len, *i);
        if (sp)
            *i += sp;
        else
        if ((unsigned char) s [*i] & 0x80)
            break;
        else
            (*i)++;
    }
    size_t start = *i;
    while (*i < len && (isalnum ((unsigned char) s [*i]) || ((unsigned char) s [*i] & 0x80))
           && !s_uspace (s, len, *i))
        (*i)++;
    *n = *i - start;
    return *n ? s + start : NULL;
}

//  How the summary reads a line: S_READ_NOT (a word differs), S_READ_ALL
//  (every word of the line, at most the first `most`), S_READ_END (the
//  summary stops inside the line: an excerpt cut after so many words, its
//  last word cut or followed by "…").
enum { S_READ_NOT, S_READ_ALL, S_READ_END };

//  Reads line[0..len) against the summary from *j on; advances *j, counts
//  the words read in *words.
static int
s_reads (const char *line, size_t len, const char *summary, size_t slen, size_t *j,
         size_t most, size_t *words)
{
    size_t i = 0, n, m;
    const char *a;
    *words = 0;
    while (*words < most && (a = dpc_next_word (line, len, &i, &n))) {
        const char *b = dpc_next_word (summary, slen, j, &m);
        if (!b)                         //  a summary that ends with a line is a
            return *words ? S_READ_END : S_READ_NOT;    //  standfirst, no excerpt
        if (n != m || strncasecmp (a, b, n) != 0) {
            size_t after = *j;
            return dpc_next_word (summary, slen, &after, &m) ? S_READ_NOT : S_READ_END;
        }
        (*words)++;
    }
    return S_READ_ALL;
}

//  The opening's blocks, [*start, *end), before the first real paragraph
//  bl[first]; *start == *end when the summary opens nothing. It reads
//  through every block that is not boilerplate from *start to the first
//  paragraph (into it), or stops inside one of them; at least S_OPEN_WORDS
//  words read, over S_OPEN_LINES lines at most.

#define S_OPEN_WORDS 2
#define S_OPEN_LINES 32                 //  lines an opening spans at most (bounds the work)

void
dpc_opening (const dpc_work_t *w, size_t first, size_t *start, size_t *end)
{
    const dpc_block_t *bl = w->blocks;
    *start = *end = first;
    const char *summary = w->description;
    if (!summary)
        return;
    size_t slen = strlen (summary);
    for (size_t s = 0; s < first; s++) {
        if (bl [s].cls == DPC_BAD)
            continue;
        size_t j = 0, words = 0, read = 0, k = s;
        int how = S_READ_ALL;
        for (; k < first && k - s < S_OPEN_LINES && how == S_READ_ALL; k++)
            if (bl [k].cls != DPC_BAD) {
                how = s_reads (w->text.p + bl [k].off, bl [k].len, summary, slen, &j,
                               SIZE_MAX, &words);
                read += words;
            }
        if (how == S_READ_ALL)          //  read into the paragraph, or too far
            how = k < first ? S_READ_NOT
                : s_reads (w->text.p + bl [first].off, bl [first].len, summary, slen, &j, 2,
                           &words);
        if (how != S_READ_NOT && read >= S_OPEN_WORDS) {
            *start = s;
            *end = k;
            return;
        }
    }
}
