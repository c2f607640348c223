//  depeche clean — the choice of the content roots: the best candidate
//  container (meta.c ranks them) with enough text, the parts of the same
//  kind beside it, the body's container after a headline's block, and a
//  lead beside the root. Walks nothing (dom.c does); reads the baseline
//  (base.c), which is computed before.
#include "clean/clean_impl.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define S_MIN_ROOT_CHARS 250            //  a content root needs this much text
#define S_MIN_PART_CHARS 80             //  a further part needs this much text

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
            descend = !dpc_unseen_tag (n) && !dpc_boiler_tag ((const char *) n->name);
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
    NULL
};

bool
dpc_lead_name (const char *v)
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

bool
dpc_named_lead (const xmlNode *el)
{
    return dpc_lead_name (dpc_attr ((xmlNode *) el, "class"))
        || dpc_lead_name (dpc_attr ((xmlNode *) el, "id"));
}

//  --------------------------------------------------------------------------
//  A lead beside the chosen root: an element named as a lead (dpc_lead_name)
//  among the few elements just before the root or before one of its two
//  nearest ancestors, holding a sentence or more and no more than a lead
//  does; or in the root's own <header> (s_header_lead). NULL when there is
//  none. The headline and the lead often sit outside the body's container
//  ("article-body", itemprop=articleBody), or in the <header> of the
//  <article> that holds it.

#define S_LEAD_MIN 40                   //  non-blank bytes of the shortest lead
#define S_LEAD_MAX 1500                 //  ... and of the longest
#define S_LEAD_LOOK 4                   //  elements looked at before each level
#define S_HEADER_NODES 256              //  nodes of a <header> looked at

static bool
s_lead_sized (xmlNode *el)
{
    if (!dpc_named_lead (el))
        return false;
    size_t size = s_text_size (el);
    return size >= S_LEAD_MIN && size <= S_LEAD_MAX;
}

//  The lead inside the article's own <header>, which dom.c drops as a page
//  header: a <header> that holds the headline (an <h1> or <h2>) and an
//  element named as a lead, not in a figure nor a caption ("<header><h1>…
//  </h1><p class=\"standfirst\">…</p></header>"). NULL when el is no such
//  header.

static xmlNode *
s_header_lead (xmlNode *el)
{
    if (!dpc_same ((const char *) el->name, "header"))
        return NULL;
    bool headline = false, descend = false;
    xmlNode *lead = NULL;
    int seen = 0;
    for (xmlNode *n = el->children; n && seen < S_HEADER_NODES;
         n = dpc_next_node (el, n, descend), seen++) {
        descend = false;
        const char *name = (const char *) n->name;
        if (n->type != XML_ELEMENT_NODE || !name || dpc_invisible_name (name)
        ||  dpc_same (name, "figure") || dpc_is_caption (n) || dpc_caption_mass (n))
            continue;                   //  a lead image and its caption are no lead
        if (dpc_same (name, "h1") || dpc_same (name, "h2"))
            headline = true;
        else
        if (!lead && s_lead_sized (n))
            lead = n;
        else
            descend = true;
    }
    return headline ? lead : NULL;
}

//  The lead in the header of the page's headline (h1, which may be NULL).

static xmlNode *
s_headline_lead (xmlNode *h1)
{
    xmlNode *up = h1 ? h1->parent : NULL;
    for (int level = 0; level < 3 && up && up->type == XML_ELEMENT_NODE; level++, up = up->parent) {
        xmlNode *lead = up->name ? s_header_lead (up) : NULL;
        if (lead)
            return lead;
    }
    return NULL;
}

static xmlNode *
s_lead_beside (xmlNode *root, xmlNode *body)
{
    //  The root's own header, among its first elements.
    int looked = 0;
    for (xmlNode *c = root->children; c && looked < S_LEAD_LOOK; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !c->name)
            continue;
        looked++;
        xmlNode *lead = s_header_lead (c);
        if (lead)
            return lead;
    }
    xmlNode *at = root;
    for (int level = 0; level < 3 && at && at != body; level++, at = at->parent) {
        looked = 0;
        for (xmlNode *s = at->prev; s && looked < S_LEAD_LOOK; s = s->prev) {
            if (s->type != XML_ELEMENT_NODE || !s->name)
                continue;
            looked++;
            if (dpc_invisible_name ((const char *) s->name) || dpc_boiler_tag ((const char *) s->name))
                continue;
            if (s_lead_sized (s))
                return s;
        }
    }
    return NULL;
}

//  --------------------------------------------------------------------------
//  True when body, the largest candidate, is the text of the article whose
//  headline head holds (a page builder's block for the headline and lead,
//  another for the text): head comes first, body is S_BODY_SHARE times its
//  size or more, holds the baseline's article (base.c: teaser cards are not
//  the article there), opens with no heading of its own (the next story)
//  and holds no other candidate (a list of teasers); neither holds the
//  other.

#define S_BODY_SHARE 2

static bool
s_body_after_head (const dpc_work_t *w, const dpc_meta_t *m, xmlNode *head, xmlNode *body,
                   size_t head_size, size_t body_size)
{
    if (head_size * S_BODY_SHARE > body_size || !w->n_base || !dpc_contains (body, w->base [0])
    ||  dpc_own_story (body)
    ||  dpc_contains (head, body) || dpc_contains (body, head))
        return false;
    bool head_first = false;
    for (size_t k = 0; k < m->n_cand; k++) {
        if (m->cand [k] == head)
            head_first = true;
        if (m->cand [k] == body && !head_first)
            return false;
        if (m->cand [k] != body && dpc_contains (body, m->cand [k]))
            return false;
    }
    return true;
}

//  --------------------------------------------------------------------------
//  The baseline's prose (base.c) in elements that el holds; *around is set
//  when a baseline element holds el.

static size_t
s_base_inside (const dpc_work_t *w, const xmlNode *el, bool *around)
{
    size_t inside = 0;
    for (size_t k = 0; k < w->n_base; k++) {
        if (dpc_contains (el, w->base [k]))
            inside += (uintptr_t) w->base [k]->_private;
        else
        if (dpc_contains (w->base [k], el))
            *around = true;
    }
    return inside;
}

//  --------------------------------------------------------------------------
//  Another candidate of best's rank that holds most of the baseline's prose
//  when best holds none of it and lies in none of its elements, or NULL.

static xmlNode *
s_base_holder (const dpc_work_t *w, const dpc_meta_t *m, xmlNode *best, int rank,
               const size_t *sizes)
{
    if (!w->n_base)
        return NULL;
    bool around = false;
    if (s_base_inside (w, best, &around) || around)
        return NULL;
    size_t all = 0;
    for (size_t k = 0; k < w->n_base; k++)
        all += (uintptr_t) w->base [k]->_private;
    for (size_t i = 0; i < m->n_cand; i++) {
        if (m->cand [i] == best || m->cand_rank [i] != rank || sizes [i] < S_MIN_PART_CHARS)
            continue;
        bool in_base = false;
        size_t inside = s_base_inside (w, m->cand [i], &in_base);
        if (inside * 2 > all)
            return m->cand [i];
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
    //  article; the largest may be a list of teasers. Both are the article
    //  when the headline's is a smaller part before the largest, which is no
    //  story of its own nor a list of candidates (s_body_after_head): the
    //  largest is the body, a second root (else it was thrown away, or the
    //  headline's part, lead and all, when that is too small to be a root).
    xmlNode *after = NULL;
    if (best && m->h1 && !dpc_contains (best, m->h1))
        for (size_t i = 0; i < m->n_cand; i++)
            if (m->cand_rank [i] == best_rank && sizes [i] >= S_MIN_PART_CHARS
            &&  dpc_contains (m->cand [i], m->h1)) {
                if (s_body_after_head (w, m, m->cand [i], best, sizes [i], best_size))
                    after = best;
                else
                if (sizes [i] < S_MIN_ROOT_CHARS)
                    continue;
                best = m->cand [i];
                break;
            }
    if (after && w->debug)
        fprintf (stderr, "clean: the headline's root, and the body after it\n");
    //  The largest may also be a list of teaser cards in <div>s beside a
    //  short story (s_teaser_card sees cards in <article>s only), which
    //  the baseline does not take for the article: when the chosen one
    //  holds none of the baseline's prose and another candidate of its
    //  rank holds most of it, that one is the article.
    if (best && !after) {
        xmlNode *held = s_base_holder (w, m, best, best_rank, sizes);
        if (held) {
            if (w->debug)
                fprintf (stderr, "clean: the baseline's candidate over the largest: %s.%.60s\n",
                         (const char *) held->name,
                         dpc_attr (held, "class") ? dpc_attr (held, "class") : "");
            best = held;
        }
    }
    w->n_roots = 0;
    w->named_lead = NULL;
    w->root = best ? best : body;
    if (!best) {
        //  No element holds enough of the article: the page is the root,
        //  and a lead in the headline's <header> (dropped with it as a
        //  page header) is its first part.
        xmlNode *lead = s_headline_lead (m->h1);
        if (lead) {
            w->roots [w->n_roots++] = lead;
            w->named_lead = lead;
            if (w->debug)
                fprintf (stderr, "clean: the headline's lead: %s\n", (const char *) lead->name);
        }
        w->roots [w->n_roots++] = body;
        return;
    }
    xmlNode *top = best;
    for (size_t i = 0; i < m->n_cand && w->n_roots < DPC_MAX_ROOTS; i++) {
        xmlNode *c = m->cand [i];
        //  A part beside the best in the same parent may be small: the
        //  body cut into blocks around ads and "read also" boxes ends in
        //  a block of one short paragraph.
        size_t min = c->parent == best->parent ? 1 : S_MIN_PART_CHARS;
        if (c != best && (sizes [i] < min || !s_same_kind (c, best)
                       || dpc_contains (best, c) || dpc_contains (c, best)))
            continue;
        //  Beside the article that holds the headline, an <article> that
        //  opens with a heading of its own is the next story, not a part.
        if (c != best && m->h1 && dpc_contains (best, m->h1) && dpc_own_story (c)
        &&  dpc_own_story (best))
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
    if (after && w->n_roots < DPC_MAX_ROOTS) {
        bool nested = false;
        for (size_t k = 0; k < w->n_roots && !nested; k++)
            nested = dpc_contains (w->roots [k], after);
        xmlNode *up = nested ? NULL : s_common_ancestor (top, after);
        if (up) {
            top = up;
            w->roots [w->n_roots++] = after;
        }
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
        w->named_lead = lead;
        top = up;
        if (w->debug)
            fprintf (stderr, "clean: lead beside the root: %s.%.60s\n", (const char *) lead->name,
                     dpc_attr (lead, "class") ? dpc_attr (lead, "class") : "");
    }
    w->root = top;
}

