//  depeche tag — the model's view of a sentence's tokens: hashes of the
//  form (tagm.c) and a code from the gazetteers and lexicon cues (which
//  name covers the token, the token alone as a name, title, organisation
//  trigger, place cue...). The feature templates themselves are in tagm.c;
//  decoding is in tag_model.c.
#include "tag/tag_int.h"

#include <stdlib.h>

//  --------------------------------------------------------------------------
//  Where token i stands (bits 24-31 of the code, see tagm.h): how far back
//  an organisation trigger opens its phrase (« Association nationale des
//  anciens combattants »: a punctuation mark or a verb closes the phrase),
//  inside quotes or brackets, in a shouting sentence or a list item. The
//  sentence-wide part is computed at token 0 and kept in self->cx.

static uint32_t
s_context (dp_tagger_t *self, const char *text, size_t i)
{
    const dp_tag_tok_t *toks = self->toks;
    size_t n = self->n_toks;
    if (i == 0) {
        size_t words = 0, caps = 0;
        for (size_t k = 0; k < n; k++)
            if ((toks [k].flags & TK_WORD) && !(toks [k].flags & TK_DIGIT)) {
                words++;
                caps += (toks [k].flags & TK_ALLCAPS) != 0;
            }
        self->cx = 0;
        if (caps >= 2 && caps * 2 >= words)
            self->cx |= DP_TAGM_CX_SHOUT;
        if (n && (toks [0].flags & TK_PUNCT)
        &&  (dp_tag_tok_is (text, &toks [0], "-")
             || dp_tag_tok_is (text, &toks [0], "\xE2\x80\x93")
             || dp_tag_tok_is (text, &toks [0], "\xE2\x80\xA2")))
            self->cx |= DP_TAGM_CX_ITEM;
        self->quote = self->paren = 0;
    }
    uint32_t cx = self->cx;
    const dp_tag_tok_t *t = &toks [i];
    if (t->flags & TK_PUNCT) {
        unsigned char c = (unsigned char) text [t->start];
        if (c == '(' || c == '[')
            self->paren++;
        else
        if ((c == ')' || c == ']') && self->paren)
            self->paren--;
        else
        if (c == '"')
            self->quote = !self->quote;
        else
        if (dp_tag_tok_is (text, t, "\xC2\xAB") || dp_tag_tok_is (text, t, "\xE2\x80\x9C"))
            self->quote = 1;
        else
        if (dp_tag_tok_is (text, t, "\xC2\xBB") || dp_tag_tok_is (text, t, "\xE2\x80\x9D"))
            self->quote = 0;
        return cx << 3;
    }
    if (self->quote)
        cx |= DP_TAGM_CX_QUOTE;
    if (self->paren)
        cx |= DP_TAGM_CX_PAREN;
    if (self->lang == DP_TAG_LANG_EN)
        return cx << 3 | dp_tag_en_orgdist (self, i);
    uint32_t dist = 0;
    for (size_t d = 1; d <= 7 && d <= i; d++) {
        const dp_tag_tok_t *p = &toks [i - d];
        if (p->lex & (LX_ORGTRIG | LX_ORGTRIGLC)) {
            dist = (uint32_t) d;
            break;
        }
        if ((p->flags & TK_PUNCT)
        ||  ((p->wc & DP_TAGM_WC_VFIN) && !(p->wc & (DP_TAGM_WC_NOUN | DP_TAGM_WC_ADJ))))
            break;
    }
    return cx << 3 | dist;
}

//  --------------------------------------------------------------------------
//  Bits 4-23 of the code of word token t (see tagm.h): from the word alone.

static uint32_t
s_word_code (dp_tagger_t *self, const char *text, const dp_tag_tok_t *t)
{
    uint32_t gz = 0;
    const dp_tag_gaz_t *one = dp_tag_gaz_one (self, text, t);
    if (one) {
        if (one->type <= S_MISC)
            gz |= (uint32_t) one->type << 4;
        if (one->first)
            gz |= 1u << 7;
    }
    uint32_t lx = t->lex;
    gz |= (lx & LX_TITLE ? 1u : 0u) << 8;
    gz |= (lx & (LX_ORGTRIG | LX_ORGTRIGLC) ? 1u : 0u) << 9;
    gz |= (lx & LX_LOCCUE ? 1u : 0u) << 10;
    gz |= (lx & LX_LOCPREP ? 1u : 0u) << 11;
    gz |= (lx & LX_ADJ || dp_tag_is_adj (text, t) ? 1u : 0u) << 12;
    gz |= (lx & LX_STOP ? 1u : 0u) << 13;
    gz |= (lx & (LX_MONTH | LX_WEEKDAY) ? 1u : 0u) << 14;
    gz |= (lx & LX_PARTICLE ? 1u : 0u) << 15;
    gz |= (uint32_t) t->wc << 16;
    return gz;
}

void
dp_tag_word_fill (dp_tagger_t *self, const char *text, dp_tag_tok_t *tok,
                  dp_tag_word_t *w)
{
    dp_tag_gaz_one (self, text, tok);
    w->gaz1 = tok->gaz1;
    w->gfirst = (uint8_t) dp_tag_gaz_first (self, text, tok);
    dp_tagm_tok (&w->mt, text + tok->start, tok->end - tok->start, 0);
}

//  The rows' sums the sentence's new words lack, S_CHUNK words at a time:
//  their rows asked for first, then summed.
#define S_CHUNK 32

static void
s_word_sums (dp_tagger_t *self)
{
    const dp_tagm_t *m = self->model;
    const dp_tag_tok_t *toks = self->toks;
    size_t n = self->n_toks;
    for (size_t i = 0; i < n;) {
        dp_tag_word_t *todo [S_CHUNK];
        uint32_t rows [S_CHUNK][DP_TAGM_WROWS];
        size_t nrows [S_CHUNK];
        size_t nt = 0;
        for (; i < n && nt < S_CHUNK; i++) {
            dp_tag_word_t *w = toks [i].word != S_NO_WORD ? &self->words [toks [i].word] : NULL;
            if (w && !(w->done & S_W_SUM)) {
                nrows [nt] = dp_tagm_word_prefetch (m, &w->mt, rows [nt]);
                todo [nt++] = w;
            }
        }
        for (size_t k = 0; k < nt; k++)
            if (!(todo [k]->done & S_W_SUM)) {      //  a word twice in a chunk
                dp_tagm_word_sum (m, rows [k], nrows [k], todo [k]->sum);
                todo [k]->done |= S_W_SUM;
            }
    }
}

//  --------------------------------------------------------------------------
//  Fills self->mt[0..n_toks) (model view of the sentence's tokens): hashes
//  and the gazetteer/lexicon code of each token. 0 or -1 (OOM).

int
dp_tag_features (dp_tagger_t *self, const char *text)
{
    size_t n = self->n_toks;
    if (n > self->cap_m) {
        size_t ncap = n + n / 2 + 64;
        dp_tagm_tok_t *nt = realloc (self->mt, ncap * sizeof *nt);
        if (nt)
            self->mt = nt;
        uint8_t *ny = realloc (self->my, ncap);
        if (ny)
            self->my = ny;
        const int32_t **np = realloc (self->mpart, ncap * sizeof *np);
        if (np)
            self->mpart = np;
        if (!nt || !ny || !np) {
            self->oom = 1;
            return -1;
        }
        self->cap_m = ncap;
    }
    const dp_tag_tok_t *toks = self->toks;
    for (size_t i = 0; i < n; i++)
        self->mt [i].gz = 0;
    //  Gazetteer names, longest first, left to right.
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        const dp_tag_gaz_t *g = (toks [i].flags & TK_WORD)
                           ? dp_tag_gaz_match (self, text, i, n, &k) : NULL;
        if (!g || k == 0 || g->type > S_MISC) {
            i++;
            continue;
        }
        for (size_t q = i; q < i + k; q++)
            self->mt [q].gz = g->type | (q == i ? 8u : 0u);
        i += k;
    }
    if (self->model && self->words)
        s_word_sums (self);
    for (size_t i = 0; i < n; i++) {
        const dp_tag_tok_t *t = &toks [i];
        //  A word in the word cache: its own part is there.
        dp_tag_word_t *w = t->word != S_NO_WORD ? &self->words [t->word] : NULL;
        if (w && !(w->done & S_W_CODE)) {
            w->gzw = s_word_code (self, text, t);
            w->done |= S_W_CODE;
        }
        uint32_t gz = self->mt [i].gz;
        if (t->flags & TK_WORD)
            gz |= w ? w->gzw : s_word_code (self, text, t);
        gz |= s_context (self, text, i) << 24;
        if (w) {
            self->mt [i] = w->mt;
            self->mt [i].gz = gz;
        }
        else
            dp_tagm_tok (&self->mt [i], text + t->start, t->end - t->start, gz);
        self->mpart [i] = w && (w->done & S_W_SUM) ? w->sum : NULL;
    }
    if (self->lang != DP_TAG_LANG_EN) {
        dp_tag_phrases (self, text);
        for (size_t i = 0; i < n; i++) {
            dp_tag_word_t *w = toks [i].word != S_NO_WORD ? &self->words [toks [i].word] : NULL;
            if (w && (w->done & S_W_CL)) {
                self->mt [i].cl = w->mt.cl;     //  the cache's (its form may
                continue;                       //  come earlier in the sentence)
            }
            self->mt [i].cl = dp_tagm_lex_get (self->clus, self->mt [i].lower);
            if (w) {
                w->mt.cl = self->mt [i].cl;
                w->done |= S_W_CL;
            }
        }
    }
    return 0;
}

void
dp_tagger_set_clusters (dp_tagger_t *self, const dp_tagm_lex_t *clus)
{
    self->clus = clus;
    dp_tag_words_clear (self);          //  its entries hold clusters
}
