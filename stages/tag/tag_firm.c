//  depeche tag — a company named in apposition to a company's noun
//  (French): « la Valtrex, filiale de la Compagnie du Nord », « la BTPR,
//  une entreprise de travaux routiers », « une société de conseil
//  juridique, la Bretix, adresse… »: the name, one word after its
//  article and no place the gazetteers know, is an organisation, whatever
//  type the model gave it, or none. And a name that a noun only a
//  company has takes as its complement, « le siège de Norvex », « les
//  salariés de la Brunel », « son concurrent Tavora », is an
//  organisation rather than a place or a person. Structure only, no list
//  of companies. The other conventions are in tag_conv.c.
#include "tag/tag_int.h"

#include <stdlib.h>
#include <string.h>

//  Token t is one of the words ws (exact bytes); the first byte is
//  compared first, as most words are none of them.
static bool
s_one_of (const char *text, const dp_tag_tok_t *t, const char *const *ws)
{
    char c = text [t->start];
    for (int k = 0; ws [k]; k++)
        if (ws [k][0] == c && dp_tag_tok_is (text, t, ws [k]))
            return true;
    return false;
}

//  A company's nouns, and the determiners before a noun or a name.
static const char *const s_nouns [] = {
    "entreprise", "société", "filiale", "firme", "compagnie", "banque",
    "multinationale", "holding", "PME", NULL
};
static const char *const s_dets [] = {
    "une", "un", "la", "le", "sa", "son", "leur", "cette", "ce",
    "Une", "Un", "La", "Le", "Sa", "Son", "Leur", "Cette", "Ce", NULL
};

//  Token t is a determiner: one of s_dets or « l' ».
static bool
s_det (const char *text, const dp_tag_tok_t *t)
{
    return s_one_of (text, t, s_dets)
        || ((t->flags & TK_ELISION) && text [t->start] == 'l');
}

//  Tokens from i read « , (det) company-noun »: « , filiale de »,
//  « , une entreprise ».
static bool
s_noun_after (const dp_tagger_t *self, const char *text, size_t i)
{
    const dp_tag_tok_t *toks = self->toks;
    if (i + 1 >= self->n_toks || !dp_tag_tok_is (text, &toks [i], ","))
        return false;
    if (s_one_of (text, &toks [i + 1], s_nouns))
        return true;
    return i + 2 < self->n_toks && s_det (text, &toks [i + 1])
        && s_one_of (text, &toks [i + 2], s_nouns);
}

//  Tokens before a (the name) read « det company-noun (lowercase words),
//  det »: « une société de conseil juridique, la », « son entreprise,
//  la ».
static bool
s_noun_before (const dp_tagger_t *self, const char *text, size_t a)
{
    const dp_tag_tok_t *toks = self->toks;
    if (a < 4 || !s_det (text, &toks [a - 1]) || !dp_tag_tok_is (text, &toks [a - 2], ","))
        return false;
    for (size_t j = a - 2, n = 0; j > 0 && n < 6; j--, n++) {
        const dp_tag_tok_t *t = &toks [j - 1];
        if (s_one_of (text, t, s_nouns))
            return j >= 2 && s_det (text, &toks [j - 2]);
        if (!(t->flags & (TK_LOWER | TK_ELISION)))
            return false;
    }
    return false;
}

//  The name at tokens a..b is followed by a mark that closes an
//  apposition: « , », « . », « ; » or the end.
static bool
s_closed (const dp_tagger_t *self, const char *text, size_t b)
{
    return b >= self->n_toks || dp_tag_tok_is (text, &self->toks [b], ",")
        || dp_tag_tok_is (text, &self->toks [b], ".")
        || dp_tag_tok_is (text, &self->toks [b], ";");
}

//  Candidate of [c0, n0) covering byte at, or NULL.
static dp_tag_cand_t *
s_cand_at (dp_tagger_t *self, size_t c0, size_t n0, uint32_t at)
{
    for (size_t k = c0; k < n0; k++)
        if (self->cands [k].start <= at && at < self->cands [k].end)
            return &self->cands [k];
    return NULL;
}

//  The one-word name at token i, after its article, is a company: typed
//  ORG, or added as one when the model left it out (not a word of a
//  longer name). Returns whether a candidate was added.
static bool
s_firm (dp_tagger_t *self, size_t c0, size_t n0, size_t i)
{
    const dp_tag_tok_t *t = &self->toks [i];
    dp_tag_cand_t *c = s_cand_at (self, c0, n0, t->start);
    if (c) {
        if (c->start == t->start && c->end == t->end && c->type <= S_MISC)
            c->type = S_ORG;
        return false;
    }
    return dp_tag_emit (self, t->start, t->end, S_ORG, 0, 0, S_NO_NORM, 1,
                        t->start) == 0;
}

//  Token i may be the one-word name: capitalised, after an article, no
//  place the gazetteers know (« la France, une société fracturée »).
static bool
s_name_word (dp_tagger_t *self, const char *text, size_t i)
{
    const dp_tag_tok_t *t = &self->toks [i];
    if (i == 0 || !(t->flags & TK_CAP) || !s_det (text, &self->toks [i - 1]))
        return false;
    const dp_tag_gaz_t *g = dp_tag_gaz_one (self, text, t);
    return !(g && (g->type == S_LOC || g->state));
}

//  Nouns that only a company (or another organisation) has: what follows
//  them, « de » between, is the organisation.
static const char *const s_of_firm [] = {
    "siège", "filiale", "filiales", "PDG", "actionnaire", "actionnaires",
    "salariés", "dirigeants", "concurrent", "concurrente", NULL
};

//  Token i is capitalised and follows « noun (de|du|d'|de la|de l') »
//  with noun one of s_of_firm: « siège de », « salariés de la ».
static bool
s_firm_complement (const dp_tagger_t *self, const char *text, size_t i)
{
    const dp_tag_tok_t *toks = self->toks;
    size_t j = i;
    if (j >= 1 && (dp_tag_tok_is (text, &toks [j - 1], "la")
                   || ((toks [j - 1].flags & TK_ELISION) && text [toks [j - 1].start] == 'l')))
        j--;
    if (j >= 1 && (dp_tag_tok_is (text, &toks [j - 1], "de")
                   || (j == i && dp_tag_tok_is (text, &toks [j - 1], "du"))
                   || ((toks [j - 1].flags & TK_ELISION) && text [toks [j - 1].start] == 'd')))
        j--;
    else
    if (!(j == i && i >= 2 && s_det (text, &toks [i - 2])
          && (dp_tag_tok_is (text, &toks [i - 1], "concurrent")
              || dp_tag_tok_is (text, &toks [i - 1], "concurrente"))))
        return false;
    return j >= 1 && s_one_of (text, &toks [j - 1], s_of_firm);
}

void
dp_tag_firms (dp_tagger_t *self, const char *text, size_t c0)
{
    const dp_tag_tok_t *toks = self->toks;
    size_t n0 = self->n_cands;
    bool added = false;
    //  An apposition has its comma next to the name: « la Valtrex, »,
    //  « …, la Bretix ».
    for (size_t j = 1; j < self->n_toks; j++) {
        if (!(toks [j].flags & TK_PUNCT) || text [toks [j].start] != ',')
            continue;
        //  The capital first: most commas have none beside them.
        if ((toks [j - 1].flags & TK_CAP) && s_noun_after (self, text, j)
        &&  s_name_word (self, text, j - 1))
            added |= s_firm (self, c0, n0, j - 1);
        else
        if (j + 2 < self->n_toks && (toks [j + 2].flags & TK_CAP)
        &&  s_closed (self, text, j + 3) && s_noun_before (self, text, j + 2)
        &&  s_name_word (self, text, j + 2))
            added |= s_firm (self, c0, n0, j + 2);
    }
    //  « le siège de Norvex »: a name the model made a place or a person
    //  (the candidates in text order: one walk over the tokens).
    size_t i = 0;
    for (size_t k = c0; k < n0; k++) {
        dp_tag_cand_t *c = &self->cands [k];
        if (c->type != S_LOC && c->type != S_PER)
            continue;
        if (i < self->n_toks && toks [i].start > c->start)
            i = 0;
        while (i < self->n_toks && toks [i].start < c->start)
            i++;
        if (i == 0 || i >= self->n_toks || toks [i].start != c->start
        ||  !(toks [i].flags & TK_CAP) || !s_firm_complement (self, text, i))
            continue;
        const dp_tag_gaz_t *g = dp_tag_gaz_one (self, text, &toks [i]);
        if (!(g && (g->type == S_LOC || g->state)))
            c->type = S_ORG;
    }
    if (added)
        qsort (self->cands + c0, self->n_cands - c0, sizeof *self->cands,
               dp_tag_cand_cmp);
}
