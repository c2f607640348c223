//  depeche tag — decoding: the model's labels for one sentence turned into
//  entity spans (titles and elided articles trimmed, lone lowercase slips
//  dropped), then merged with the rule candidates: dates, numbers and
//  multi-word gazetteer names win, the model wins over names guessed by
//  rules. The conventions pass (tag_conv.c) runs after it.
#include "tag/tag_int.h"

#include <stdlib.h>
#include <string.h>

static uint8_t
s_label_type (int y)
{
    return y == 0 ? S_NONE : (uint8_t) (S_PER + (y - 1) / 2);
}

//  Emits model entity toks[a..b) of type: elided article trimmed, norm from
//  the gazetteer when the span is a known name.
static void
s_emit_model (dp_tagger_t *self, const char *text, size_t a, size_t b,
              uint8_t type)
{
    const dp_tag_tok_t *toks = self->toks;
    while (a < b && (toks [a].flags & (TK_ELISION | TK_PUNCT)))
        a++;
    //  A title opening the span is not part of it, and what follows a
    //  title is a person (« Dr Vasseur », « M. Blinken »).
    size_t tl = b - a >= 2 ? dp_tag_title (self, text, a, b) : 0;
    if (tl && a + tl < b && !(toks [a + tl].flags & TK_LOWER)) {
        a += tl;
        type = S_PER;
    }
    //  Nor does it end with one (« Conseil l' », « droits de l' »), nor
    //  with a lowercase function word (« le Conseil se réserve », « la
    //  Commission de revoir »).
    while (b > a && ((toks [b - 1].flags & TK_ELISION)
                     || ((toks [b - 1].flags & TK_PUNCT)
                         && !dp_tag_tok_is (text, &toks [b - 1], ".")
                         && !dp_tag_tok_is (text, &toks [b - 1], ")"))
                     || ((toks [b - 1].flags & TK_LOWER)
                         && (toks [b - 1].wc & DP_TAGM_WC_FUNC))))
        b--;
    if (a >= b)
        return;
    //  A lone lowercase word or a single letter is never a name here
    //  (« la », « du », « d »): a model slip, dropped.
    if (b - a == 1 && ((toks [a].flags & TK_LOWER) || toks [a].nchars < 2))
        return;
    uint32_t start = toks [a].start, end = toks [b - 1].end;
    uint8_t src = 0;
    uint32_t norm = S_NO_NORM;
    const dp_tag_gaz_t *slot = dp_tag_gaz_text (self, text + start, end - start);
    if (slot && slot->norm != S_NO_NORM) {
        src = 1;
        norm = slot->norm;
    }
    //  One capitalised word that the lexicon knows as a function word, a
    //  title, a month or a weekday (« Président », « Avec ») is not a name
    //  by itself unless the gazetteer says it is. (Organisation triggers
    //  stay: « Commission » alone is an ORG often enough; measured.)
    if (b - a == 1 && !slot
    &&  (toks [a].lex & (LX_STOP | LX_TITLE | LX_TITLECOMP
                         | LX_LOCPREP | LX_PARTCAP | LX_MONTH | LX_WEEKDAY)))
        return;
    dp_tag_emit (self, start, end, type, 0, src, norm, b - a, toks [b - 1].start);
}

//  Replaces the name candidates the rules found in this sentence (from
//  index c0 on) by the model's, keeping the rules' DATE/TIME/MONEY/NUM that
//  do not overlap a model entity. Text order is kept.

void
dp_tag_model_sentence (dp_tagger_t *self, const char *text, size_t c0)
{
    size_t n = self->n_toks;
    if (n == 0 || dp_tag_features (self, text))
        return;
    dp_tagm_decode_part (self->model, self->mt, n, self->mpart, self->my);
    //  tmpc: the rule candidates [0, nr), then the model's [nr, nr + nm).
    size_t nr = self->n_cands - c0;
    size_t need = nr + n;
    if (need > self->cap_tmpc) {
        dp_tag_cand_t *nv = realloc (self->tmpc, need * sizeof *nv);
        if (!nv) {
            self->oom = 1;
            return;
        }
        self->tmpc = nv;
        self->cap_tmpc = need;
    }
    if (nr)
        memcpy (self->tmpc, self->cands + c0, nr * sizeof *self->tmpc);
    self->n_cands = c0;
    for (size_t i = 0; i < n;) {
        if (self->my [i] == 0) {
            i++;
            continue;
        }
        size_t e = i + 1;
        while (e < n && self->my [e] == self->my [i] + ((self->my [i] & 1) ? 1 : 0))
            e++;
        s_emit_model (self, text, i, e, s_label_type (self->my [i]));
        i = e;
    }
    if (self->oom)
        return;
    size_t nm = self->n_cands - c0;
    if (nm)
        memcpy (self->tmpc + nr, self->cands + c0, nm * sizeof *self->tmpc);
    self->n_cands = c0;
    //  Strong rule candidates (dates, times, money, multi-word gazetteer
    //  names) beat the model; the model beats names guessed by rules and
    //  numbers it overlaps.
    dp_tag_cand_t *rc = self->tmpc, *mc = self->tmpc + nr;
    for (size_t k = 0; k < nr; k++) {
        bool strong = (rc [k].type > S_MISC && rc [k].type != S_NUM) || rc [k].gaz;
        rc [k].weak = strong ? 0 : rc [k].weak;
        rc [k].ntok = rc [k].ntok ? rc [k].ntok : 1;
        for (size_t j = 0; j < nm && strong; j++)
            if (mc [j].type != S_NONE && mc [j].start < rc [k].end
            &&  rc [k].start < mc [j].end)
                mc [j].type = S_NONE;
        if (!strong && rc [k].type <= S_MISC)
            rc [k].type = S_NONE;
        rc [k].norm_src |= strong ? 0x80 : 0;
    }
    for (size_t k = 0; k < nr; k++) {
        if (rc [k].type == S_NONE || (rc [k].norm_src & 0x80))
            continue;
        for (size_t j = 0; j < nm; j++)
            if (mc [j].type != S_NONE && mc [j].start < rc [k].end
            &&  rc [k].start < mc [j].end)
                rc [k].type = S_NONE;
    }
    size_t r = 0, m = 0;
    while (r < nr || m < nm) {
        dp_tag_cand_t *c;
        if (m >= nm || (r < nr && rc [r].start <= mc [m].start))
            c = &rc [r++];
        else
            c = &mc [m++];
        c->norm_src &= 0x7F;
        if (c->type == S_NONE)
            continue;
        if (dp_tag_emit (self, c->start, c->end, c->type, c->weak, c->norm_src,
                         c->norm, c->ntok, c->last))
            return;
        self->cands [self->n_cands - 1].gaz = c->gaz;
    }
}
