//  depeche tag — named entities: PER/LOC/ORG/MISC from an averaged
//  perceptron (tagm.c, data/model/tag.model) whose features include the
//  gazetteers (data/gazetteer/*.tsv), DATE/TIME/MONEY/PERCENT/NUM from
//  hand-written scanners, one pass per sentence over our own word tokens
//  (the model, then a few annotation conventions: « la France a voté » is
//  an ORG, « affaire X » one MISC, « mairie de Paris » one ORG; English has
//  its own, tag_en.c), then one article-level pass that links surnames to
//  full names (before it, one type per name and the names found spread to
//  their repetitions: tag_doc.c, by each language's rules).
//  Without a model (dp_tagger_new_with (dir, NULL)) the older rule layer
//  tags names too.
//  This file is the driver (dp_tag); tag_int.h lists the files by job.
//  No sockets, no globals.
#include "tag/tag_int.h"

#include <stdlib.h>
#include <string.h>

//  Names of the entity types (S_ values).
static const char *const s_type_names [] = {
    "", "PER", "LOC", "ORG", "MISC", "DATE", "TIME", "MONEY", "NUM", "PERCENT"
};

//  --------------------------------------------------------------------------
//  Candidate storage; 0 or -1 (OOM).

int
dp_tag_emit (dp_tagger_t *self, uint32_t start, uint32_t end, uint8_t type,
             uint8_t weak, uint8_t norm_src, uint32_t norm, size_t ntok,
             uint32_t last)
{
    if (self->n_cands == self->cap_cands) {
        size_t ncap = self->cap_cands ? self->cap_cands * 2 : 64;
        dp_tag_cand_t *nv = realloc (self->cands, ncap * sizeof *nv);
        if (!nv) {
            self->oom = 1;
            return -1;
        }
        self->cands = nv;
        self->cap_cands = ncap;
    }
    self->cands [self->n_cands++] = (dp_tag_cand_t) {
        start, end, norm, last, type, (uint8_t) (ntok > 255 ? 255 : ntok),
        weak, norm_src, 0, 0, 0
    };
    return 0;
}

//  --------------------------------------------------------------------------
//  Where a piece of the sentence text[a..b) longer than DP_TAG_MAX_PIECE
//  ends: after the last blank of its last KB, else at a character's start.
//  What one pass holds (tokens, features, lattice: ~180 bytes a token) is
//  sized by its longest sentence; a "sentence" of 3 MB of dots or
//  one-letter words (a page with no full stop split can read) made tag
//  peak at 330 MB. No sentence of real text comes near the limit.

static uint32_t
s_piece_end (const char *text, uint32_t a, uint32_t b)
{
    if (b - a <= DP_TAG_MAX_PIECE)
        return b;
    uint32_t c = a + DP_TAG_MAX_PIECE;
    for (uint32_t i = c; i > c - 1024; i--)
        if (text [i - 1] == ' ' || text [i - 1] == '\n' || text [i - 1] == '\t')
            return i;
    while (c > a + 1 && ((unsigned char) text [c] & 0xC0) == 0x80)
        c--;
    return c;
}

//  --------------------------------------------------------------------------

int
dp_tag (dp_tagger_t *self, const char *text, size_t len,
        const dp_span_t *sentences, size_t n_sentences,
        const dp_span_t *tokens, size_t n_tokens, dp_entities_t *out)
{
    if (!self || !out)
        return -1;
    if (!text || len == 0)
        return 0;
    if (len > UINT32_MAX - 1)
        len = UINT32_MAX - 1;           //  offsets are 32-bit
    self->n_cands = 0;
    self->scratch.n = 0;
    self->oom = 0;
    self->n_plain = 0;
    dp_span_t whole = { 0, (uint32_t) len };
    if (!sentences || n_sentences == 0) {
        sentences = &whole;
        n_sentences = 1;
    }
    uint32_t done = 0;                  //  text before this is tagged
    (void) tokens;                      //  see tag.h: words are our own
    (void) n_tokens;
    for (size_t s = 0; s < n_sentences && !self->oom; s++) {
        uint32_t a = sentences [s].start;
        uint32_t b = sentences [s].end;
        if (b > len)
            b = (uint32_t) len;
        if (a < done)
            a = done;                   //  overlapping or unsorted spans
        if (a >= b)
            continue;
        for (uint32_t p = a, q; p < b && !self->oom; p = q) {
            q = s_piece_end (text, p, b);
            dp_tag_tokenize (self, text, p, q);
            size_t c0 = self->n_cands;
            dp_tag_rule_names (self, text);
            if (self->model && !self->oom) {
                dp_tag_model_sentence (self, text, c0);
                //  The French conventions (tag_conv.c) read French words:
                //  on English they only did harm (« place Montmartre
                //  Cemetery » taken as a French « place »).
                if (self->lang == DP_TAG_LANG_EN) {
                    dp_tag_en_conventions (self, text, c0);
                    dp_tag_en_kinds (self, text, c0);
                }
                else
                    dp_tag_conventions (self, text, c0);
                dp_tag_dateline (self, text, c0);
            }
        }
        done = b;
    }
    if (self->oom)
        return -1;
    dp_tag_drop_plain (self, text);
    if (self->model)
        dp_tag_document (self, text, len);
    if (self->model && self->lang == DP_TAG_LANG_EN)
        dp_tag_en_kinds_article (self, text);
    dp_tag_resolve (self, text, len);
    if (self->oom)
        return -1;
    for (size_t k = 0; k < self->n_cands; k++) {
        const dp_tag_cand_t *c = &self->cands [k];
        if (c->weak == 2 || c->type == S_NONE)
            continue;
        const char *norm = NULL;
        char *tmp = NULL;
        if (c->norm_src == 3) {
            const dp_tag_cand_t *full = &self->cands [c->norm];
            tmp = strndup (text + full->start, full->end - full->start);
            if (!tmp)
                return -1;
            norm = tmp;
        }
        else
            norm = dp_tag_cand_norm (self, c);
        int rc = dp_entities_push (out, text, c->start, c->end,
                                   s_type_names [c->type], norm);
        free (tmp);
        if (rc)
            return -1;
    }
    return 0;
}
