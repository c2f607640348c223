//  depeche tag — the article-level pass and `norm`: a guess confirmed by a
//  sure mention elsewhere in the article takes its type, a surname alone
//  takes the full name the article gives (« Aliev » → « Ilham Aliyev »),
//  gazetteer names their listed norm. Works on candidates, never on text
//  outside them.
#include "tag/tag_int.h"

#include <stdlib.h>
#include <string.h>

//  --------------------------------------------------------------------------
//  Norm string of candidate c (NULL: its text).

const char *
dp_tag_cand_norm (const dp_tagger_t *self, const dp_tag_cand_t *c)
{
    if (c->norm_src == 1)
        return self->pool.v + c->norm;
    if (c->norm_src == 2 && c->norm != S_NO_NORM)
        return self->scratch.v + c->norm;
    return NULL;
}

//  Adds "<tag>key" -> val to the article map unless present.
static void
s_amap_add (dp_tagger_t *self, char tag, const char *key, size_t len,
            uint32_t val)
{
    char buf [S_MAX_KEY];
    if (len == 0 || len + 1 >= S_MAX_KEY)
        return;
    buf [0] = tag;
    memcpy (buf + 1, key, len);
    bool created;
    dp_tag_slot_t *slot = dp_tag_map_put (&self->amap, &self->akeys, buf, len + 1,
                                          &created);
    if (!slot)
        self->oom = 1;
    else
    if (created)
        slot->val = val;
}

static const dp_tag_cand_t *
s_amap_get (dp_tagger_t *self, char tag, const char *key, size_t len)
{
    char buf [S_MAX_KEY];
    if (len == 0 || len + 1 >= S_MAX_KEY)
        return NULL;
    buf [0] = tag;
    memcpy (buf + 1, key, len);
    dp_tag_slot_t *slot = dp_tag_map_find (&self->amap, self->akeys.v, buf, len + 1,
                                           dp_tag_hash (buf, len + 1));
    return slot ? &self->cands [slot->val] : NULL;
}

//  --------------------------------------------------------------------------
//  Article-level pass: guesses confirmed by a sure mention take its type;
//  a surname alone takes the full name seen elsewhere in the article.

void
dp_tag_resolve (dp_tagger_t *self, const char *text)
{
    dp_tag_map_clear (&self->amap);
    self->akeys.n = 0;
    for (size_t k = 0; k < self->n_cands; k++) {
        dp_tag_cand_t *c = &self->cands [k];
        if (c->weak || c->type > S_MISC)
            continue;
        s_amap_add (self, 'T', text + c->start, c->end - c->start, (uint32_t) k);
        if (c->type != S_PER)
            continue;
        const char *nm = dp_tag_cand_norm (self, c);
        if (c->ntok >= 2)
            s_amap_add (self, 'S', text + c->last, c->end - c->last, (uint32_t) k);
        if (nm && strchr (nm, ' ')) {
            const char *sp = strrchr (nm, ' ') + 1;
            s_amap_add (self, 'S', sp, strlen (sp), (uint32_t) k);
        }
    }
    for (size_t k = 0; k < self->n_cands; k++) {
        dp_tag_cand_t *c = &self->cands [k];
        if (c->type > S_MISC)
            continue;
        const char *s = text + c->start;
        size_t len = c->end - c->start;
        if (c->weak) {
            const dp_tag_cand_t *hit = s_amap_get (self, 'T', s, len);
            if (!hit && c->ntok == 1)
                hit = s_amap_get (self, 'S', s, len);
            if (hit) {
                c->type = hit->type;
                c->norm_src = hit->norm_src;
                c->norm = hit->norm;
                c->weak = 0;
                if (hit->ntok > 1 && hit->type == S_PER && c->ntok == 1
                &&  hit->norm_src == 0) {
                    c->norm_src = 3;    //  the full name's text
                    c->norm = (uint32_t) (hit - self->cands);
                }
            }
            else
                continue;
        }
        if (c->type != S_PER && c->type != S_NONE && c->ntok == 1) {
            //  The model's « Vandermolen » after « Arsène Vandermolen ».
            const dp_tag_cand_t *hit = s_amap_get (self, 'S', s, len);
            if (hit && hit != c && hit->type == S_PER && hit->ntok >= 2)
                c->type = S_PER;
        }
        if (c->type == S_PER && c->ntok == 1 && c->norm_src == 0) {
            const dp_tag_cand_t *hit = s_amap_get (self, 'S', s, len);
            if (hit && hit != c) {
                c->norm_src = hit->norm_src ? hit->norm_src : 3;
                c->norm = hit->norm_src ? hit->norm : (uint32_t) (hit - self->cands);
            }
        }
    }
}
