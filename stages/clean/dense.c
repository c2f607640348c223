//  depeche clean — the densest block of prose of a page (dpc_dense), what
//  the result of the main walk is checked against (clean.c): counted over
//  what the walk would keep with the body as its root (dom.c judges the
//  elements). Decides nothing about the result itself.
#include "clean/clean_impl.h"

#include <stdlib.h>
#include <string.h>

//  --------------------------------------------------------------------------
//  The nearest block element above a text node within S_DENSE_UP levels, or
//  NULL when a link is met first (link text is not prose) or none is near.

#define S_DENSE_UP 32

static xmlNode *
s_text_block (xmlNode *text)
{
    xmlNode *n = text->parent;
    for (int up = 0; n && n->type == XML_ELEMENT_NODE && up < S_DENSE_UP; up++, n = n->parent) {
        const char *name = (const char *) n->name;
        if (!name || dpc_is_link (n))
            return NULL;
        if (dpc_is_block (name))
            return n;
    }
    return NULL;
}

//  --------------------------------------------------------------------------
//  Prose counted for an element by dpc_dense: its own (text whose nearest
//  block is the element, when it is at least a sentence long: menus and
//  lists of titles are not prose), all of its block children's and half of
//  its block grandchildren's (a body of <p>s, or of <div><p> pairs, scores
//  where it sits). The own counts wait in psvi, a field libxml2 keeps for
//  XML Schema validation and never sets or reads in an HTML tree.

#define S_DENSE_MIN_OWN 80              //  shorter blocks are items, not prose

static size_t
s_dense_own (const xmlNode *e)
{
    size_t own = (uintptr_t) e->psvi;
    return own >= S_DENSE_MIN_OWN ? own : 0;
}

static size_t
s_dense_score (const xmlNode *e)
{
    size_t score = 2 * s_dense_own (e);
    for (const xmlNode *c = e->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        score += 2 * s_dense_own (c);
        for (const xmlNode *g = c->children; g; g = g->next)
            if (g->type == XML_ELEMENT_NODE)
                score += s_dense_own (g);
    }
    return score / 2;
}

//  --------------------------------------------------------------------------
//  The next node of dpc_dense's walks: into an element unless the walk
//  drops it (judged against the whole body).

static xmlNode *
s_dense_next (dpc_work_t *w, xmlNode *body, xmlNode *n)
{
    bool descend = n->type == XML_ELEMENT_NODE && n->name
                && (n == body || !dpc_drop_element (w, n));
    return dpc_next_node (body, n, descend);
}

//  --------------------------------------------------------------------------
//  The densest block of prose of the page, among what the walk would keep
//  with body as the root (readability's top candidate, simplified): the
//  element whose own and children's non-link text is the largest. *prose
//  is that amount (non-blank bytes). NULL when the body holds no prose.
//  Needs the masses of dpc_mass. One walk judges the elements (what it
//  drops depends on nothing the counts change) and notes the blocks it
//  meets; they are scored in that order once the counts are complete.

xmlNode *
dpc_dense (dpc_work_t *w, xmlNode *body, size_t *prose)
{
    size_t root_mass = w->root_mass;
    bool debug = w->debug;
    w->root_mass = (uintptr_t) body->_private;
    w->debug = false;
    xmlNode **blocks = NULL;
    size_t n_blocks = 0, cap = 0;
    bool noted = true;                  //  every block met is in blocks
    for (xmlNode *n = body; n; n = s_dense_next (w, body, n))
        if (n->type == XML_ELEMENT_NODE) {
            n->psvi = NULL;             //  before any text below it is added
            if (!noted || !n->name || !dpc_is_block ((const char *) n->name))
                continue;
            if (n_blocks == cap) {
                size_t ncap = cap ? cap * 2 : 256;
                xmlNode **grown = realloc (blocks, ncap * sizeof *grown);
                if (!grown) {
                    noted = false;      //  out of memory: walk again below
                    continue;
                }
                blocks = grown;
                cap = ncap;
            }
            blocks [n_blocks++] = n;
        }
        else
        if (n->type == XML_TEXT_NODE && n->content) {
            xmlNode *block = s_text_block (n);
            if (block)
                block->psvi = (void *) ((uintptr_t) block->psvi + dpc_nonblank (n));
        }
    xmlNode *best = NULL;
    size_t best_score = 0;
    for (size_t i = 0; noted && i < n_blocks; i++) {
        size_t score = s_dense_score (blocks [i]);
        if (score > best_score) {
            best = blocks [i];
            best_score = score;
        }
    }
    for (xmlNode *n = body; !noted && n; n = s_dense_next (w, body, n))
        if (n->type == XML_ELEMENT_NODE && n->name
        &&  dpc_is_block ((const char *) n->name)) {
            size_t score = s_dense_score (n);
            if (score > best_score) {
                best = n;
                best_score = score;
            }
        }
    free (blocks);
    w->root_mass = root_mass;
    w->debug = debug;
    *prose = best_score;
    return best;
}
