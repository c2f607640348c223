//  depeche clean — the paragraph classifier shared by HTML and plain text:
//  each block alone (length, ending, links, rules, duplicates), then in
//  context (teasers, menu runs, the article core, the edges, a short
//  post, the opening the page's summary reads). Reads no
//  markup but the nodes the walk noted.
#include "clean/clean_impl.h"

#include <stdlib.h>
#include <string.h>

//  A slot of the duplicate table: text hash and the first block holding it.
typedef struct {
    uint64_t hash;                      //  0: empty slot
    size_t index;                       //  block index
} s_seen_t;

//  --------------------------------------------------------------------------
//  Returns the class of a paragraph from its own text (no context).

static int
s_class_of (const dpc_block_t *b)
{
    if (b->cls == DPC_TRUNC)
        return b->nwords >= 60 ? DPC_GOOD : DPC_TRUNC;
    if ((b->nwords >= 10 && b->terminal) || b->nwords >= 30)
        return DPC_GOOD;
    return DPC_SHORT;
}

//  --------------------------------------------------------------------------
//  FNV-1a hash of a block's text, for duplicate detection.

static uint64_t
s_hash (const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char) s [i];
        h *= 1099511628211ull;
    }
    return h ? h : 1;
}

//  --------------------------------------------------------------------------
//  True when the block equals s (byte for byte after normalisation, ASCII
//  case ignored).

static bool
s_block_is (const dpc_work_t *w, const dpc_block_t *b, const char *s)
{
    return s && strlen (s) == b->len && strncasecmp (w->text.p + b->off, s, b->len) == 0;
}

//  --------------------------------------------------------------------------
//  The title is not part of the text: a kept block that is the title (the
//  headline above the story) is dropped, whichever walk kept it; so is the
//  page's first <h1> when it opens the text, though its words differ from
//  the title's (og:title is often the headline rewritten for sharing).

static void
s_drop_title (dpc_work_t *w)
{
    bool top = true;                    //  nothing kept before this block
    for (size_t i = 0; i < w->n_blocks; i++) {
        dpc_block_t *b = &w->blocks [i];
        if (b->cls == DPC_BAD)
            continue;
        if (b->nwords <= 40 && (s_block_is (w, b, w->out->title)
                             || (top && b->heading && w->h1 && b->node
                                 && dpc_contains (w->h1, b->node))))
            b->cls = DPC_BAD;
        else
            top = false;
    }
}

//  --------------------------------------------------------------------------
//  True when a short block reads as a sentence of its own: at least
//  S_SENTENCE_WORDS words ending with a full stop, an exclamation or a
//  question mark ("La foire aux vins de Colmar date de 1948."). Headlines,
//  menus, labels ("Lire aussi :") and teasers ("...") do not.

#define S_SENTENCE_WORDS 4

static bool
s_sentence (const dpc_work_t *w, const dpc_block_t *b)
{
    if (b->cls != DPC_SHORT || !b->terminal || b->nwords < S_SENTENCE_WORDS || b->link_chars)
        return false;
    char last = w->text.p [b->off + b->len - 1];
    return last == '.' || last == '!' || last == '?';
}

//  --------------------------------------------------------------------------
//  True when a line ends as text that goes on in the next one: a colon, a
//  comma or a dash ("4 janvier 2016. –", "Voici ce qu'il a dit :"). No
//  headline ends so; such a line leads into the paragraph after it.

static bool
s_goes_on (const dpc_work_t *w, const dpc_block_t *b)
{
    const char *s = w->text.p + b->off;
    size_t len = b->len;
    if (len && (s [len - 1] == ':' || s [len - 1] == ',' || s [len - 1] == '-'))
        return true;
    //  U+2013 and U+2014, the en and em dashes: E2 80 93 and E2 80 94
    return len >= 3 && (unsigned char) s [len - 3] == 0xE2 && (unsigned char) s [len - 2] == 0x80
        && ((unsigned char) s [len - 1] == 0x93 || (unsigned char) s [len - 1] == 0x94);
}

//  --------------------------------------------------------------------------
//  True for a paragraph of the article body that trails off ("…") and is
//  still a sentence: ten words or more, mostly outside links.

#define S_TRAIL_WORDS 10
#define S_TRAIL_LINKS 0.3

//  True when the last text of a block's element sits in a link ("… Read
//  More...", a teaser's call to follow it). Bounded descent.
static bool
s_ends_in_link (xmlNode *node)
{
    xmlNode *n = node;
    for (int down = 0; n && n->children && down < DPC_MAX_UP; down++) {
        xmlNode *c = n->last;
        while (c && (c->type == XML_COMMENT_NODE
                  || (c->type == XML_TEXT_NODE && (!c->content || dpc_nonblank (c) == 0))))
            c = c->prev;
        if (!c)
            break;
        n = c;
        if (n->type == XML_ELEMENT_NODE && n->name && dpc_same ((const char *) n->name, "a"))
            return true;
    }
    return false;
}

static bool
s_trails_off (const dpc_block_t *b)
{
    return b->cls == DPC_TRUNC && b->nwords >= S_TRAIL_WORDS
        && b->link_chars <= b->raw_chars * S_TRAIL_LINKS
        && !(b->link_chars && b->node && s_ends_in_link (b->node));
}

static bool
s_trailing_text (const dpc_block_t *b)
{
    return b->in_core && s_trails_off (b);
}

//  --------------------------------------------------------------------------
//  True when b is a line of prose in a lead named as one (a standfirst,
//  a "chapo"): the lead root.c walks as the article's first part, or an
//  element (b's own or its parent) named so among the lines before the
//  first paragraph, not a caption. No link, no heading, a sentence's
//  worth of words. A standfirst need not end with a full stop (English
//  ones often do not: "Ministers to set out plans for ...", French ones
//  may close on a dateline) or may trail off into the body ("..."); the
//  element's name and place already say it is the article's.

static bool
s_lead_named (const xmlNode *n)
{
    for (int up = 0; up < 2 && n && n->type == XML_ELEMENT_NODE; up++, n = n->parent)
        if (dpc_named_lead (n))
            return !dpc_is_caption ((xmlNode *) n);
    return false;
}

static bool
s_named_lead_text (const dpc_work_t *w, const dpc_block_t *b)
{
    return b->node && (b->cls == DPC_SHORT || b->cls == DPC_TRUNC)
        && !b->link_chars && !b->heading && b->nwords >= S_SENTENCE_WORDS
        && ((w->named_lead && dpc_contains (w->named_lead, b->node)) || s_lead_named (b->node));
}

//  --------------------------------------------------------------------------
//  HTML only: finds the main-content subtree, the deepest element under the
//  walk root that holds at least S_CORE_SHARE of the text of the real
//  paragraphs (DPC_GOOD), and marks the blocks inside it (in_core). Counters
//  live in the nodes' _private field, zeroed first along the same paths;
//  walks up the tree stop after DPC_MAX_UP levels so that a page nested
//  100 000 deep costs no more than a flat one (it then gets no core).

#define S_CORE_SHARE 0.8

//  Real paragraphs (DPC_GOOD) whose element is under n, counted up to 2
//  (bounded climbs).
static size_t
s_good_inside (const dpc_work_t *w, const xmlNode *n)
{
    size_t count = 0;
    for (size_t i = 0; i < w->n_blocks && count < 2; i++) {
        const xmlNode *e = w->blocks [i].node;
        if (w->blocks [i].cls != DPC_GOOD || !e)
            continue;
        for (int up = 0; e && up < DPC_MAX_UP; up++, e = e->parent)
            if (e == n) {
                count++;
                break;
            }
    }
    return count;
}

static void
s_mark_core (dpc_work_t *w)
{
    xmlNode *root = w->root;
    if (!root)
        return;
    size_t total = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < w->n_blocks; i++) {
            dpc_block_t *b = &w->blocks [i];
            if (b->cls != DPC_GOOD || !b->node || (w->lead && dpc_contains (w->lead, b->node)))
                continue;               //  the summary's lead lies outside the root
            xmlNode *n = b->node;
            for (int up = 0; n && up < DPC_MAX_UP; up++, n = n->parent) {
                if (pass == 0)
                    n->_private = NULL;
                else
                    n->_private = (void *) ((uintptr_t) n->_private + b->nchars);
                if (n == root)
                    break;
            }
            if (pass == 1)
                total += b->nchars;
        }
    if (total == 0 || (uintptr_t) root->_private < total * S_CORE_SHARE)
        return;
    xmlNode *core = root;
    for (int depth = 0; depth < DPC_MAX_UP; depth++) {
        xmlNode *next = NULL;
        for (xmlNode *c = core->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE && (uintptr_t) c->_private >= total * S_CORE_SHARE) {
                next = c;
                break;
            }
        if (!next)
            break;
        core = next;
    }
    //  A core is where the paragraphs are, not one of them: when a single
    //  long paragraph holds the share (a lead, a quote), its container is.
    while (core != root && core->parent && s_good_inside (w, core) < 2)
        core = core->parent;
    const char *name = (const char *) core->name;
    if (!name || strcasecmp (name, "body") == 0 || strcasecmp (name, "html") == 0)
        return;                         //  the text is spread over the page
    for (size_t i = 0; i < w->n_blocks; i++) {
        dpc_block_t *b = &w->blocks [i];
        xmlNode *n = b->node;
        for (int up = 0; n && up < DPC_MAX_UP; up++, n = n->parent)
            if (n == core) {
                b->in_core = true;
                break;
            }
    }
}

//  --------------------------------------------------------------------------
//  A repeated paragraph is boilerplate (a headline shown twice, a teaser
//  list) unless both copies sit inside the article body: recipes, tables and
//  step lists repeat lines on purpose. The conservative walk of a fallback
//  keeps the baseline's real paragraphs whole, repeats included (short
//  repeated lines still go): the dropped repeats are what made the main
//  result miss the baseline.

static void
s_restore_core_dups (dpc_work_t *w)
{
    for (size_t i = 0; i < w->n_blocks; i++) {
        dpc_block_t *b = &w->blocks [i];
        if (b->dup_of == SIZE_MAX)
            continue;
        const dpc_block_t *orig = &w->blocks [b->dup_of];
        if (b->in_core && orig->in_core && orig->cls != DPC_BAD)
            b->cls = s_class_of (b);
        else
        if (w->fallback && orig->cls != DPC_BAD && s_class_of (b) == DPC_GOOD)
            b->cls = DPC_GOOD;
    }
}

//  --------------------------------------------------------------------------
//  A pair that pass 2 took for a teaser (a title-like line, then a blurb
//  that trails off) is the article's own text when it sits in the article
//  core between two of its real paragraphs, with no link in the first and
//  few in the second (S_TRAIL_LINKS, not at its end): a list item or a
//  sub-heading, then a pause ("Here's the other thing …", "wait! that's no
//  fun…") or a short quote cut short. The second is a pause, under
//  S_PAUSE_WORDS words: a teaser's excerpt is longer (20 to 55 words, cut
//  at a length), and many teasers have unlinked titles. A teaser's title
//  links to its story; teaser lists come after the text or beside it,
//  not between its paragraphs, and a pair next to another pair is such
//  a list.

#define S_PAUSE_WORDS 15

static void
s_restore_core_pauses (dpc_work_t *w)
{
    dpc_block_t *bl = w->blocks;
    size_t n = w->n_blocks;
    for (size_t i = 0; i + 1 < n; i++) {
        const dpc_block_t *blurb = &bl [i + 1];
        if (!bl [i].teaser || !blurb->teaser || !bl [i].in_core || !blurb->in_core
        ||  blurb->nwords >= S_PAUSE_WORDS
        ||  (i > 0 && bl [i - 1].teaser) || (i + 2 < n && bl [i + 2].teaser)
        ||  bl [i].link_chars
        ||  (blurb->link_chars && (blurb->link_chars > blurb->raw_chars * S_TRAIL_LINKS
                                   || (blurb->node && s_ends_in_link (blurb->node)))))
            continue;
        size_t before = i, after = i + 2;
        while (before > 0 && bl [before - 1].cls != DPC_GOOD)
            before--;
        while (after < n && bl [after].cls != DPC_GOOD)
            after++;
        if (before > 0 && bl [before - 1].in_core && after < n && bl [after].in_core) {
            bl [i].cls = s_class_of (&bl [i]);
            bl [i + 1].cls = DPC_TRUNC;
        }
        i++;
    }
}

//  --------------------------------------------------------------------------
//  Scraped text has no markup to set the readers' comments apart: after a
//  comment header ("Commentaires (4)", "12 comments") that follows the
//  article, every line is a comment, a form or the footer, whatever its
//  length. A header above the article's text (a counter under the
//  headline) or one followed by more text than it follows is not taken:
//  at least S_COMMENT_AFTER real paragraphs must come before it, and the
//  real paragraphs after it must hold less text than those before.

#define S_COMMENT_AFTER 2

static void
s_comment_tail (dpc_work_t *w)
{
    dpc_block_t *bl = w->blocks;
    size_t n = w->n_blocks, paras = 0, before = 0;
    for (size_t i = 0; i < n; i++) {
        if (bl [i].cls == DPC_GOOD) {
            paras++;
            before += bl [i].nchars;
            continue;
        }
        if (paras < S_COMMENT_AFTER || !bl [i].rule || bl [i].len > DPC_RULE_MAX_BYTES
        ||  !dpc_match (w->cleaner, w->cleaner->re_comments, w->text.p + bl [i].off, bl [i].len))
            continue;
        size_t after = 0;
        for (size_t j = i + 1; j < n; j++)
            if (bl [j].cls == DPC_GOOD)
                after += bl [j].nchars;
        if (after < before)
            for (size_t j = i + 1; j < n; j++)
                bl [j].cls = DPC_BAD;
        return;
    }
}

//  --------------------------------------------------------------------------
//  A short post, one or two real paragraphs (a note, an invitation, a
//  photo's caption): its other lines are short ("Dear all,", an address,
//  "Cheers, Alina") and it has no article core to keep them by. They are
//  its text when they sit, without links, in the baseline's block (base.c)
//  around its first paragraph: the block that an independent extraction
//  takes for the article. Returns that block, or NULL for a longer text or
//  a paragraph outside the baseline.

#define S_POST_PARAS 2

static const xmlNode *
s_short_post (const dpc_work_t *w, size_t first)
{
    size_t good = 0;
    for (size_t i = 0; i < w->n_blocks && good <= S_POST_PARAS; i++)
        good += w->blocks [i].cls == DPC_GOOD;
    return good > S_POST_PARAS ? NULL : dpc_base_of (w, w->blocks [first].node);
}

//  --------------------------------------------------------------------------
//  Inside the article body a real sentence may be half links (a lead that
//  links its sources, a quoted tweet): it stays when it reads as a sentence
//  and no more than S_CORE_LINK_MAX of it is link text. Link lists, teaser
//  titles and "Read more" lines do not end like sentences or are all links.
//  A long sentence (S_LINKED_WORDS) may be all link when real paragraphs of
//  the body follow it (a quote that links its source); after the last one
//  it is a promotion.

#define S_CORE_LINK_MAX 0.7
#define S_LINKED_WORDS 25
#define S_PHRASE_HEADING 7              //  words of a heading that says something

//  A line of the body that does not end like a sentence but is one (a
//  list item "Start reading blogs – by setting up a reader or using an
//  app"): less than half link text, before the body's last real paragraph
//  and next to one of its real paragraphs.

static bool
s_unended_item (const dpc_work_t *w, size_t i, size_t last_good)
{
    const dpc_block_t *b = &w->blocks [i];
    if (b->link_chars * 2 > b->raw_chars || i + 1 >= last_good || b->heading
    ||  b->dup_of != SIZE_MAX)
        return false;
    const dpc_block_t *prev = i > 0? &w->blocks [i - 1]: NULL;
    const dpc_block_t *next = &w->blocks [i + 1];
    return (prev && prev->cls == DPC_GOOD && prev->in_core)
        || (next->cls == DPC_GOOD && next->in_core);
}

//  A line of the body's text as pass 4 will see it: a real paragraph of
//  the core, or a short line of the core without links.

static bool
s_body_line (const dpc_block_t *b)
{
    return b->in_core && (b->cls == DPC_GOOD
                          || (b->cls == DPC_SHORT && b->link_chars == 0 && !b->heading));
}

//  True when block i is the last paragraph of the element that holds the
//  one before it (a <p> after a <p> in one container, nothing of that
//  container after it).

static bool
s_closes_element (const dpc_work_t *w, size_t i)
{
    const xmlNode *b = w->blocks [i].node, *prev = w->blocks [i - 1].node;
    if (!b || !prev || !b->parent || b->parent != prev->parent)
        return false;
    if (i + 1 == w->n_blocks)
        return true;
    const xmlNode *next = w->blocks [i + 1].node;
    return !next || !dpc_contains (b->parent, next);
}

static void
s_rescue_linked (dpc_work_t *w)
{
    dp_cleaner_t *self = w->cleaner;
    size_t last_good = 0;               //  after the last real paragraph of the body + 1
    for (size_t i = 0; i < w->n_blocks; i++)
        if (w->blocks [i].cls == DPC_GOOD && w->blocks [i].in_core)
            last_good = i + 1;
    for (size_t i = 0; i < w->n_blocks; i++) {
        dpc_block_t *b = &w->blocks [i];
        if (!b->linky || !b->in_core || b->nwords < 10
        ||  (!b->terminal && !s_unended_item (w, i, last_good))
        ||  (b->link_chars > b->raw_chars * S_CORE_LINK_MAX
             && (b->nwords < S_LINKED_WORDS || i + 1 >= last_good)))
            continue;
        bool section;
        if (b->len > DPC_RULE_MAX_BYTES || !dpc_rules_hit (self, w->text.p + b->off, b->len, &section))
            b->cls = s_class_of (b);
    }
    //  A short sentence of the body that links some of its words ("You
    //  know you want a plush spleen.", "Check it out over at Sourcetrunk."):
    //  at least half plain text, ending with a full stop, and between two
    //  lines of the body's text (real paragraphs, or short lines of the
    //  core without links, which pass 4 keeps), or after one as the last
    //  paragraph of its element, with a final full stop ("Le parquet
    //  antiterroriste n'a pas été <a>saisi</a>.").
    for (size_t i = 1; i < w->n_blocks; i++) {
        dpc_block_t *b = &w->blocks [i];
        if (!b->linky || b->cls != DPC_BAD || !b->in_core || b->heading
        ||  b->link_chars * 2 > b->raw_chars || b->dup_of != SIZE_MAX
        ||  !s_body_line (&w->blocks [i - 1]))
            continue;
        bool between = i + 1 < w->n_blocks && s_body_line (&w->blocks [i + 1]);
        if (!between && !s_closes_element (w, i))
            continue;
        dpc_block_t one = *b;
        one.cls = DPC_SHORT;
        one.link_chars = 0;
        if (!s_sentence (w, &one))
            continue;
        //  Closing its element, it ends with a full stop: a linked
        //  headline after the text ("What is …?") does not.
        if (!between && w->text.p [b->off + b->len - 1] != '.')
            continue;
        bool section;
        if (b->len > DPC_RULE_MAX_BYTES || !dpc_rules_hit (self, w->text.p + b->off, b->len, &section)) {
            b->cls = between ? DPC_SHORT : DPC_KEEP;    //  pass 4 cuts a short line after the last paragraph
            b->linky = false;
        }
    }
    //  A single linked line between two paragraphs of the body (a source
    //  link, a bare URL, a sentence that links most of its words) belongs
    //  to the text; a run of them is a link list and stays out.
    for (size_t i = 1; i + 1 < w->n_blocks; i++) {
        dpc_block_t *b = &w->blocks [i], *prev = &w->blocks [i - 1], *next = &w->blocks [i + 1];
        if (!b->linky || b->cls != DPC_BAD || !b->in_core || b->heading
        ||  prev->cls != DPC_GOOD || next->cls != DPC_GOOD || !prev->in_core || !next->in_core)
            continue;
        //  All link and several words: a teaser title ("Read also" without
        //  its label).
        const char *t = w->text.p + b->off;
        //  All link and short: a bare address (web or mail), or a bracketed source
        //  ("[ Source ]"), not a "Learn more" or "PDF" button.
        bool url = b->nwords == 1 && (strncmp (t, "http", 4) == 0 || strncmp (t, "www.", 4) == 0
                                   || (memchr (t, '@', b->len) && memchr (t, '.', b->len)));
        bool bracketed = (t [0] == '[' && t [b->len - 1] == ']')
                      || (t [0] == '(' && t [b->len - 1] == ')');
        if (b->link_chars * 10 >= b->raw_chars * 9 && !url && (b->nwords >= 4 || !bracketed))
            continue;
        bool section;
        if (b->len <= DPC_RULE_MAX_BYTES && dpc_rules_hit (self, t, b->len, &section))
            continue;
        b->cls = DPC_KEEP;
        b->linky = false;
    }
}

//  --------------------------------------------------------------------------
//  Teaser cards whose title is a link: a linked headline (removed by link
//  density in pass 1) and, right after it, an excerpt that trails off in
//  its own words ("…", not a "More..." link), at least S_CARD_RUN such
//  pairs in a row. A list of other stories, in a table cell or a "more
//  stories" box, whatever it is named; one pair alone may be a "read also"
//  link before a paragraph of the body that trails off, and stays as it
//  was.

#define S_CARD_RUN 2
#define S_CARD_TITLE_WORDS 30
#define S_CARD_BLURB 400                //  characters of a blurb, at most

static bool
s_card_at (const dpc_block_t *bl, size_t n, size_t i)
{
    const dpc_block_t *t = &bl [i];
    return i + 1 < n && t->linky && t->cls == DPC_BAD && t->nwords <= S_CARD_TITLE_WORDS
        && t->link_chars * 10 >= t->raw_chars * 9
        && bl [i + 1].cls == DPC_TRUNC && bl [i + 1].nchars <= S_CARD_BLURB
        && !(bl [i + 1].node && s_ends_in_link (bl [i + 1].node));
}

static void
s_linked_teasers (dpc_block_t *bl, size_t n)
{
    for (size_t i = 0; i < n; ) {
        size_t j = i;
        while (s_card_at (bl, n, j))
            j += 2;
        if ((j - i) / 2 >= S_CARD_RUN)
            for (size_t k = i; k < j; k++) {
                bl [k].cls = DPC_BAD;
                bl [k].teaser = true;
            }
        i = j > i ? j : i + 1;
    }
}

//  --------------------------------------------------------------------------
//  Classifies every block and marks boilerplate DPC_BAD. text_mode: blocks are
//  lines of scraped text (title lifting from the top applies). Returns -1
//  when out of memory.

int
dpc_classify (dpc_work_t *w, bool text_mode)
{
    dp_cleaner_t *self = w->cleaner;
    size_t n = w->n_blocks;
    dpc_block_t *bl = w->blocks;
    if (n == 0)
        return 0;

    //  Pass 1: each block alone. Section markers remove the teasers after them.
    size_t hcap = 1;
    while (hcap < n * 2)
        hcap *= 2;
    s_seen_t *seen = calloc (hcap, sizeof *seen);
    if (!seen)
        return -1;
    bool in_section = false;
    for (size_t i = 0; i < n; i++) {
        dpc_block_t *b = &bl [i];
        const char *s = w->text.p + b->off;
        b->cls = s_class_of (b);
        //  Mostly links: a menu or a link list (s_rescue_linked may take a
        //  sentence of the article body back).
        if (b->raw_chars && (b->link_chars * 2 > b->raw_chars
                         || (b->cls != DPC_GOOD && b->link_chars * 10 > b->raw_chars * 3))) {
            b->cls = DPC_BAD;
            b->linky = true;
            continue;
        }
        if (b->len <= DPC_RULE_MAX_BYTES) {
            bool section = false;
            if (dpc_rules_hit (self, s, b->len, &section)) {
                b->cls = DPC_BAD;
                b->rule = true;
                if (section)
                    in_section = true;
                continue;
            }
            if (dpc_match (self, self->re_attrib, s, b->len)) {
                b->cls = DPC_KEEP;
                continue;
            }
        }
        //  A lone block repeats nothing (most scraped text is one line).
        if (b->nchars >= 20 && n > 1) {
            uint64_t h = s_hash (s, b->len);
            size_t k = h & (hcap - 1);
            bool dup = false;
            while (seen [k].hash) {
                if (seen [k].hash == h) {
                    dup = true;
                    break;
                }
                k = (k + 1) & (hcap - 1);
            }
            if (dup) {
                b->cls = DPC_BAD;       //  repeated headline or teaser list
                b->dup_of = seen [k].index;
                continue;
            }
            seen [k] = (s_seen_t) { h, i };
        }
        if (in_section) {
            if (b->cls == DPC_GOOD)
                in_section = false;
            else
                b->cls = DPC_BAD;
        }
    }
    free (seen);

    //  Pass 2: teasers, a title-like line followed by a truncated blurb.
    for (size_t i = 0; i + 1 < n; i++)
        if (bl [i].cls == DPC_SHORT && !bl [i].terminal && bl [i].nwords <= 30
        &&  bl [i + 1].cls == DPC_TRUNC && bl [i + 1].nchars <= 400) {
            bl [i].cls = DPC_BAD;
            bl [i + 1].cls = DPC_BAD;
            bl [i].teaser = bl [i + 1].teaser = true;
        }

    s_linked_teasers (bl, n);

    //  Pass 3: runs of three or more short unterminated lines are menus. In
    //  HTML only lines with links count: a list without links is content.
    for (size_t i = 0; i < n; ) {
        size_t j = i;
        while (j < n && bl [j].cls == DPC_SHORT && !bl [j].terminal && bl [j].nwords <= 5
           && !bl [j].heading && (text_mode || bl [j].link_chars > 0))
            j++;
        if (j - i >= 3)
            for (size_t k = i; k < j; k++)
                bl [k].cls = DPC_BAD;
        i = j > i ? j : i + 1;
    }

    if (text_mode)
        s_comment_tail (w);
    else {
        s_mark_core (w);
        s_restore_core_dups (w);
        s_restore_core_pauses (w);
        s_rescue_linked (w);
    }

    //  Pass 4: edges. Nothing short survives before the first real paragraph
    //  or after the last one, except attributions after the article and,
    //  inside the article body, short lines and headings of at least
    //  S_PHRASE_HEADING words: the page's furniture headings ("Related
    //  posts", "Leave a reply", "Sign up for our daily newsletter") are
    //  shorter; a post told in headings, a sub-heading after the last
    //  paragraph, are not. Before the first paragraph the body's headings
    //  open its first section, whatever their length: furniture headings
    //  come after the text. Nor are the lines of a short post (s_short_post).
    //  The summary's lead (lead.c) is a paragraph but not the body's first:
    //  the byline and date between the two are furniture.
    size_t first = n, last = n;
    for (size_t i = 0; i < n; i++)
        if (bl [i].cls == DPC_GOOD) {
            if (first == n && !(w->lead && bl [i].node && dpc_contains (w->lead, bl [i].node)))
                first = i;
            last = i;
        }
    if (first == n || w->fallback) {
        //  No real paragraph: a short note or a brief. Keep what is not bad.
        //  So does the conservative walk of the densest block.
        for (size_t i = 0; i < n; i++)
            if (bl [i].cls != DPC_BAD)
                bl [i].cls = DPC_GOOD;
        s_drop_title (w);
        //  A heading of the conservative walk with nothing kept under it
        //  (up to the next heading) heads furniture: a "More stories" box
        //  whose teasers went, a sidebar's title, a byline.
        //  From the end, with the next kept block at hand: one pass, however
        //  many headings a page has.
        if (w->fallback)
            for (size_t i = n, next = n; i-- > 0; ) {
                if (bl [i].cls == DPC_GOOD && bl [i].heading && (next == n || bl [next].heading))
                    bl [i].cls = DPC_BAD;
                if (bl [i].cls != DPC_BAD)
                    next = i;
            }
        return 0;
    }
    if (text_mode && !w->out->title) {
        //  The headline of scraped text: the longest title-like line above
        //  the first paragraph that the passes above did not remove, and
        //  that does not go on in the next line.
        size_t best = n;
        for (size_t i = 0; i < first; i++)
            if (bl [i].cls == DPC_SHORT && bl [i].nwords >= 3 && bl [i].nchars <= 250
            &&  !s_sentence (w, &bl [i]) && !s_goes_on (w, &bl [i])
            &&  (best == n || bl [i].nchars > bl [best].nchars))
                best = i;
        if (best < n) {
            if (dpc_set_field (&w->out->title, w->text.p + bl [best].off, bl [best].len))
                return -1;
            bl [best].cls = DPC_BAD;
        }
    }
    const xmlNode *post = s_short_post (w, first);
    size_t open_from, open_to;
    dpc_opening (w, first, &open_from, &open_to);
    //  Scraped text has no markup to say where the article ends: the short
    //  sentences right after its last paragraph, before anything removed,
    //  are its close ("Une enquête a été ouverte."), as those right before
    //  its first are its opening. What follows a removed line is the tail.
    bool closing = text_mode;
    for (size_t i = 0; i < n; i++) {
        dpc_block_t *b = &bl [i];
        if (i > last && b->cls == DPC_BAD)
            closing = false;
        if (b->cls == DPC_BAD || b->cls == DPC_GOOD)
            continue;
        if (i >= open_from && i < open_to)
            b->cls = DPC_GOOD;          //  the article's opening lines
        else
        if (post && b->cls == DPC_SHORT && b->link_chars == 0
        &&  (!b->heading || b->nwords >= S_PHRASE_HEADING) && dpc_contains (post, b->node))
            b->cls = DPC_GOOD;          //  a line of a short post
        else
        if (b->in_core && b->cls == DPC_SHORT && b->link_chars == 0
        &&  (!b->heading || b->nwords >= S_PHRASE_HEADING || i < first))
            //  inside the article body: a list item, a short line, a
            //  heading that says something (a post told in headings), or
            //  any heading before its first paragraph ("Abstract",
            //  "Chapter 2": the page's title is lifted out below)
            b->cls = DPC_GOOD;
        else
        if (i < first && s_named_lead_text (w, b))
            b->cls = DPC_GOOD;          //  the standfirst, whatever its last mark
        else
        if (i < first)
            //  An opening paragraph of the article body that trails off
            //  ("... they are almost out of time...") right before the
            //  text is its first paragraph, not a teaser.
            //  A line right before it that goes on into it ("4 janvier
            //  2016. –", "Voici ce qu'ils ont trouvé :") is its opening too.
            b->cls = s_sentence (w, b) || (i + 1 == first && s_trailing_text (b))
                     || (i + 1 == first && b->cls == DPC_SHORT && !b->link_chars
                         && b->nwords >= S_SENTENCE_WORDS && s_goes_on (w, b))
                   ? DPC_GOOD : DPC_BAD;
        else
        if (i > last) {
            //  A closing paragraph of the article body that trails off ("…")
            //  is text; teasers come in lists outside it.
            closing = closing && (s_sentence (w, b) || (text_mode && s_trails_off (b)));
            b->cls = b->cls == DPC_KEEP || s_trailing_text (b) || closing ? DPC_GOOD : DPC_BAD;
        }
        else
        if (b->cls == DPC_SHORT && b->in_core)
            b->cls = DPC_GOOD;          //  inside the article body: a list item, a sub-heading
        else
        if (b->cls == DPC_SHORT) {
            //  A short line inside the article stays when real text follows
            //  it (a sub-heading); ads in between do not count.
            size_t j = i + 1;
            while (j < n && (bl [j].cls == DPC_SHORT || bl [j].cls == DPC_KEEP
                          || (bl [j].cls == DPC_BAD && bl [j].rule)))
                j++;
            b->cls = (j < n && bl [j].cls >= DPC_TRUNC) ? DPC_GOOD : DPC_BAD;
        }
        else
            b->cls = DPC_GOOD;
    }
    s_drop_title (w);
    return 0;
}

