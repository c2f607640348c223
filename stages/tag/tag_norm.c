//  depeche tag — the article-level pass and `norm`: a guess confirmed by a
//  sure mention elsewhere in the article takes its type, a surname alone
//  takes the full name the article gives (« Aliev » → « Ilham Aliyev »),
//  gazetteer names their listed norm. A surname stands for a person only
//  when the person's span is shaped like a name (not « Alma mater
//  Conservatoire de Paris »), and an organisation the gazetteers know,
//  or a place they know that the article uses as one (after « in »,
//  « à »), is made a person only where the model typed it so (dp_tag_person_shape,
//  dp_tag_place_here: the article passes of tag_doc.c ask the same). Works on candidates, never on text outside them.
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
//  Whose surname may stand alone.

//  LX_ flags of the lowercased text [a, b), 0 when not in the lexicon.
static uint32_t s_lex (const dp_tagger_t *self, const char *text, uint32_t a, uint32_t b);

bool
dp_tag_place_here (const dp_tagger_t *self, const char *text, size_t len,
                   uint32_t a, uint32_t b)
{
    const dp_tag_gaz_t *g = b > a ? dp_tag_gaz_text (self, text + a, b - a) : NULL;
    if (!g || g->type == S_ORG)
        return g != NULL;
    if (g->type != S_LOC)
        return false;
    //  Each whole-word mention, and the word one space before it.
    const char *w = text + a;
    size_t wl = b - a;
    for (const char *p = text; (p = memmem (p, len - (size_t) (p - text), w, wl)) != NULL;
         p += wl) {
        size_t at = (size_t) (p - text);
        if (at + wl < len && dp_tag_wordbyte ((unsigned char) text [at + wl]))
            continue;
        if (at < 2 || text [at - 1] != ' ' || !dp_tag_wordbyte ((unsigned char) text [at - 2]))
            continue;
        size_t q = at - 1;
        while (q > 0 && dp_tag_wordbyte ((unsigned char) text [q - 1]))
            q--;
        if (s_lex (self, text, (uint32_t) q, (uint32_t) (at - 1)) & LX_LOCPREP)
            return true;
    }
    return false;
}

static uint32_t
s_lex (const dp_tagger_t *self, const char *text, uint32_t a, uint32_t b)
{
    char key [S_MAX_KEY];
    size_t klen = b > a && b - a < S_MAX_KEY ? dp_tag_fold (text + a, b - a, key) : 0;
    dp_tag_slot_t *slot = klen ? dp_tag_map_find (&self->lex, self->pool.v, key, klen,
                                                  dp_tag_hash (key, klen)) : NULL;
    return slot ? slot->val : 0;
}

//  The word [a, b) may stand in a person's name: it starts with a capital
//  letter, is a particle (« de », « van »), or is a particle's prefix
//  (« d' », « al- ») glued to a capitalised rest; no digit in it, and not
//  a word that heads an organisation, a place or a work.
static bool
s_name_word (const dp_tagger_t *self, const char *text, uint32_t a, uint32_t b)
{
    uint32_t lx = s_lex (self, text, a, b);
    if (lx & (LX_ORGTRIG | LX_ORGHEAD | LX_LOCHEAD | LX_ORGTAIL | LX_MISCHEAD))
        return false;
    uint32_t rest = a;                  //  where the capitalised part starts
    for (uint32_t p = a; p < b;) {
        int32_t cp;
        size_t n = dp_tag_utf8 (text + p, b - p, &cp);
        if (dp_tag_is_digitch (cp))
            return false;
        if ((cp == '\'' || cp == 0x2019 || cp == '-') && rest == a
        &&  (s_lex (self, text, a, (uint32_t) (p + (cp == '-' ? 0 : n))) & LX_PARTICLE))
            rest = (uint32_t) (p + n);
        p += (uint32_t) n;
    }
    if (rest == a && (lx & (LX_PARTICLE | LX_PARTCAP)))
        return true;
    int32_t cp;
    dp_tag_utf8 (text + rest, b - rest, &cp);
    return rest < b && cp >= 0 && utf8proc_category (cp) == UTF8PROC_CATEGORY_LU;
}

bool
dp_tag_person_shape (const dp_tagger_t *self, const char *text,
                     const dp_tag_cand_t *c)
{
    unsigned words = 0;
    for (uint32_t a = c->start; a < c->end;) {
        uint32_t b = a;
        while (b < c->end && text [b] != ' ')
            b++;
        if (b > a && (++words > 6 || !s_name_word (self, text, a, b)))
            return false;
        a = b + 1;
    }
    return words >= 2 && c->last > c->start
        && s_name_word (self, text, c->last, c->end)
        && !(s_lex (self, text, c->last, c->end) & (LX_PARTICLE | LX_PARTCAP));
}

//  --------------------------------------------------------------------------
//  Article-level pass: guesses confirmed by a sure mention take its type;
//  a surname alone takes the full name seen elsewhere in the article.

void
dp_tag_resolve (dp_tagger_t *self, const char *text, size_t tlen)
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
        if (c->ntok >= 2 && dp_tag_person_shape (self, text, c))
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
            if (!hit && c->ntok == 1) {
                hit = s_amap_get (self, 'S', s, len);
                if (hit && (hit->tail || dp_tag_place_here (self, text, tlen, c->start, c->end)))
                    hit = NULL;
            }
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
            //  The model's « Vandermolen » after « Arsène Vandermolen »; not
            //  « Paris » after « Valeska Paris » in an article that says « à
            //  Paris », nor a known organisation (the scan last: rare), nor
            //  the last word a rule added to a name (« Warhol Polaroids »).
            const dp_tag_cand_t *hit = s_amap_get (self, 'S', s, len);
            if (hit && hit != c && hit->type == S_PER && hit->ntok >= 2 && !hit->tail
            &&  !dp_tag_place_here (self, text, tlen, c->start, c->end))
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
