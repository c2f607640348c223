//  depeche tag — the article-level pass, after the sentences and before
//  dp_tag_resolve, one mechanism for every language with a model, its
//  choices in a small table per language (s_rules): one name, one type in
//  an article (« Marivel » typed LOC in one sentence and ORG in two is ORG
//  in all three), then a person or an organisation the model found is the
//  same where the article repeats the name (a person's surname alone too)
//  and the model missed it: « d'Aliyev » in French, « NASA's » in English.
//  One scan of the text and two of the candidates, with the article map
//  (self->amap, emptied: dp_tag_resolve fills it again).
//  French: an organisation's acronym read from the article (tag_acro.c).
//  Else does not find names the model never found, does not spread places (a
//  town also names its club and its council; a work or an event is named
//  after one), nor a name of a person whose span is shaped like no name.
#include "tag/tag_int.h"

#include <stdlib.h>
#include <string.h>

#define S_SPAN_MAX 96                   //  longest name spread, in bytes
#define S_SPAN_WORDS 8                  //  and in words

//  What one language decides in the pass.
typedef struct {
    //  A place the gazetteers know takes no part in the vote: its type
    //  says how each mention is used (« l'Arménie a signé » ORG, « en
    //  Arménie » LOC: tag_conv.c).
    bool vote_skips_places;
    //  A tie goes to the first mention (« la société Brindex » before « les
    //  salariés de Brindex »); else the mentions keep their types.
    bool tie_to_first;
    //  An organisation's name of one word is spread only when the model
    //  typed it so twice, and never an acronym: on the French folds the
    //  model left out, those lost more than they found (acronyms of other
    //  things, a partial name: « Harmonie » of « Harmonie municipale »).
    bool org_word_twice;
    //  A function word before a mention (« Selon », « Pour ») does not glue
    //  it into a longer name.
    bool stop_unglues;
    //  « 's », « ’s » after a name end it (« NASA’s »).
    bool possessive;
    //  Capitals with accents (À-Þ) start a name and glue one.
    bool accented_caps;
    //  Letters elided before a name, the apostrophe after them (« l'OMS »,
    //  « d’Airbus »); NULL: none.
    const char *elision;
    size_t span_max;                    //  longest name spread, in bytes
    //  A mention holding one shorter candidate inside an article's name
    //  (« Mutuel Agricole » of « Crédit Mutuel Agricole ») is widened to
    //  the name (French: measured with the French model's clusters only).
    bool widen;
} s_rules_t;

static const s_rules_t s_rules_fr = {
    .vote_skips_places = true, .tie_to_first = true, .org_word_twice = true,
    .stop_unglues = true, .possessive = false, .accented_caps = true,
    .elision = "ld", .span_max = S_SPAN_MAX, .widen = true
};

//  English: a tie left alone (« Harvard » the school and the place), any
//  organisation's name, no gazetteer in the vote. Each French choice tried
//  on the English folds lost or changed nothing (docs/quality.md,
//  "Entities, English").
static const s_rules_t s_rules_en = {
    .vote_skips_places = false, .tie_to_first = false, .org_word_twice = false,
    .stop_unglues = false, .possessive = true, .accented_caps = false,
    .elision = NULL, .span_max = 64, .widen = false
};

//  Votes of one text: three 10-bit counts (PER, LOC, ORG) in a slot's val,
//  and the type of its first mention in the top two bits.
#define S_VOTE(t)       (1u << (10 * ((t) - S_PER)))
#define S_VOTES(v, t)   (((v) >> (10 * ((t) - S_PER))) & 0x3FFu)
#define S_FIRST(v)      ((uint8_t) ((v) >> 30))

//  The map's key of a candidate's text: a tag byte (V vote, K key) and the
//  text, or 0 when it does not fit.
static size_t
s_key (char tag, const char *s, size_t len, char *buf)
{
    if (len == 0 || len + 1 >= S_MAX_KEY)
        return 0;
    buf [0] = tag;
    memcpy (buf + 1, s, len);
    return len + 1;
}

static dp_tag_slot_t *
s_find (dp_tagger_t *self, const char *buf, size_t n)
{
    return n ? dp_tag_map_find (&self->amap, self->akeys.v, buf, n,
                                dp_tag_hash (buf, n))
             : NULL;
}

//  A place the gazetteers know (« Azerbaïdjan », « Paris »).
static bool
s_known_place (const dp_tagger_t *self, const char *text, const dp_tag_cand_t *c)
{
    const dp_tag_gaz_t *g = dp_tag_gaz_text (self, text + c->start, c->end - c->start);
    return g && g->type == S_LOC;
}

//  Candidate c takes part in the vote: a sure PER, LOC or ORG (where the
//  rules say so, not a place the gazetteers know).
static bool
s_voter (const dp_tagger_t *self, const s_rules_t *r, const char *text,
         const dp_tag_cand_t *c)
{
    return !c->weak && !c->ctx && c->type >= S_PER && c->type <= S_ORG
        && !(r->vote_skips_places && s_known_place (self, text, c));
}

//  The votes: each text of the voters takes the type most of its mentions
//  have; on a tie, its first mention's or each its own, by the rules.
static void
s_vote (dp_tagger_t *self, const s_rules_t *r, const char *text)
{
    char buf [S_MAX_KEY];
    for (size_t k = 0; k < self->n_cands && !self->oom; k++) {
        const dp_tag_cand_t *c = &self->cands [k];
        size_t n = s_voter (self, r, text, c) ? s_key ('V', text + c->start, c->end - c->start, buf) : 0;
        bool created;
        dp_tag_slot_t *slot = n ? dp_tag_map_put (&self->amap, &self->akeys, buf, n,
                                                  &created) : NULL;
        if (n && !slot)
            self->oom = 1;
        if (slot && created)
            slot->val = (uint32_t) c->type << 30;
        if (slot && S_VOTES (slot->val, c->type) < 0x3FF)
            slot->val += S_VOTE (c->type);
    }
    for (size_t k = 0; k < self->n_cands && !self->oom; k++) {
        dp_tag_cand_t *c = &self->cands [k];
        dp_tag_slot_t *slot = s_voter (self, r, text, c)
            ? s_find (self, buf, s_key ('V', text + c->start, c->end - c->start, buf))
            : NULL;
        if (!slot)
            continue;
        uint8_t best = S_PER;
        bool tie = false;
        for (uint8_t t = S_LOC; t <= S_ORG; t++) {
            uint32_t v = S_VOTES (slot->val, t), b = S_VOTES (slot->val, best);
            if (v > b) {
                best = t;
                tie = false;
            }
            else
            if (v == b)
                tie = true;
        }
        if (!tie)
            c->type = best;
        else
        if (r->tie_to_first)
            c->type = S_FIRST (slot->val);
    }
}

//  A punctuation mark of three bytes E2 80 xx (« ’ », « “ », « — », « … »)
//  at p.
static inline bool
s_punct3 (const char *text, size_t len, size_t p)
{
    return p + 2 < len && (unsigned char) text [p] == 0xE2
        && (unsigned char) text [p + 1] == 0x80;
}

//  A capital letter at p: A-Z, or where the rules say so À-Þ (C3 80-9E,
//  not ×).
static inline bool
s_capital (const s_rules_t *r, const char *text, size_t len, size_t p)
{
    unsigned char c = (unsigned char) text [p];
    if (c >= 'A' && c <= 'Z')
        return true;
    if (!r->accented_caps)
        return false;
    unsigned char d = p + 1 < len ? (unsigned char) text [p + 1] : 0;
    return c == 0xC3 && d >= 0x80 && d <= 0x9E && d != 0x97;
}

//  The character that ends at byte p (exclusive) is part of a word: an
//  ASCII letter, digit or hyphen, or a non-ASCII letter (not « ’ », « « »,
//  a non-breaking space or another mark of the E2 80 and C2 blocks).
static bool
s_word_before (const char *text, size_t p)
{
    if (p == 0)
        return false;
    unsigned char c = (unsigned char) text [p - 1];
    if (c < 0x80)
        return dp_tag_wordbyte (c) || c == '-';
    if (p >= 2 && (unsigned char) text [p - 2] == 0xC2)
        return false;
    return !(p >= 3 && (unsigned char) text [p - 3] == 0xE2
             && (unsigned char) text [p - 2] == 0x80);
}

//  Where a name may start at p: after no word, or after an elided word of
//  the rules (« l'OMS », « d’Airbus »), not after another apostrophe
//  (« O'Brien »).
static bool
s_name_start (const s_rules_t *r, const char *text, size_t len, size_t p)
{
    size_t q = p;
    if (q >= 1 && text [q - 1] == '\'')
        q -= 1;
    else
    if (q >= 3 && s_punct3 (text, len, q - 3) && (unsigned char) text [q - 1] == 0x99)
        q -= 3;
    else
        return !s_word_before (text, p);
    if (q == 0 || !r->elision)
        return false;
    char l = (char) (text [q - 1] | 0x20);
    return l && strchr (r->elision, l) && !s_word_before (text, q - 1);
}

//  Where a name may end at p: no word or hyphen goes on, nor an
//  apostrophe unless the rules take it for a possessive (« NASA’s »).
static bool
s_name_end (const s_rules_t *r, const char *text, size_t len, size_t p)
{
    if (p >= len)
        return true;
    unsigned char c = (unsigned char) text [p];
    if (s_punct3 (text, len, p))
        return r->possessive || (unsigned char) text [p + 2] != 0x99;
    if (c == 0xC2)                      //  « » », a non-breaking space
        return true;
    return !dp_tag_wordbyte (c) && c != '-' && (r->possessive || c != '\'');
}

//  A capitalised word right before [a, b) or right after it, one space
//  away: the mention is part of a longer name (« Boulanger Frères », « Jean
//  Total », « Boston Red Sox ») and is left alone. Where the rules say so,
//  a function word before it (« Selon », « Pour », the cue list's STOP
//  words) is no name's.
static bool
s_glued (const dp_tagger_t *self, const s_rules_t *r, const char *text,
         size_t len, size_t a, size_t b)
{
    if (b + 1 < len && text [b] == ' ' && s_capital (r, text, len, b + 1))
        return true;
    if (a < 2 || text [a - 1] != ' ')
        return false;
    size_t w = a - 1;
    while (w > 0 && dp_tag_wordbyte ((unsigned char) text [w - 1]))
        w--;
    if (w == a - 1 || !s_capital (r, text, len, w))
        return false;
    if (!r->stop_unglues)
        return true;
    char key [S_MAX_KEY];
    size_t klen = a - 1 - w < S_MAX_KEY ? dp_tag_fold (text + w, a - 1 - w, key) : 0;
    dp_tag_slot_t *slot = klen ? dp_tag_map_find (&self->lex, self->pool.v, key, klen,
                                                  dp_tag_hash (key, klen)) : NULL;
    return !(slot && (slot->val & LX_STOP));
}

//  The second character of [a, b) is a lowercase letter (« Elf », « Éolia »;
//  not « SAR », « CG2A »).
static bool
s_lower_second (const char *text, uint32_t a, uint32_t b)
{
    uint32_t p = a + ((unsigned char) text [a] < 0x80 ? 1 : 2);
    if (p >= b)
        return false;
    unsigned char c = (unsigned char) text [p];
    return (c >= 'a' && c <= 'z')
        || (c == 0xC3 && p + 1 < b && (unsigned char) text [p + 1] >= 0xA0);
}

//  The keys: the text of each sure person's name and its surname alone
//  (« Cortese » of « Genevieve Cortese »; not « Paris » of « Valeska
//  Paris » nor of a span shaped like no name), and of each organisation's
//  name, with its type; a text seen with two types is S_NONE, not spread.
//  An organisation's name of one word counts its mentions where the rules
//  spread it only when typed twice. The longest key's length is returned.
//  A bit per hash of a key's first three bytes (self->kstart): a place
//  whose three bytes have no bit starts no key, and s_spread skips it.
static inline uint32_t
s_kstart (const char *s)
{
    uint32_t v = (uint32_t) (unsigned char) s [0] << 16
               | (uint32_t) (unsigned char) s [1] << 8 | (unsigned char) s [2];
    return (v * 0x9e3779b1u) >> 20;     //  12 bits
}

static size_t
s_keys (dp_tagger_t *self, const s_rules_t *r, const char *text, size_t tlen)
{
    char buf [S_MAX_KEY];
    size_t longest = 0;
    memset (self->kstart, 0, sizeof self->kstart);
    for (size_t k = 0; k < self->n_cands && !self->oom; k++) {
        const dp_tag_cand_t *c = &self->cands [k];
        if (c->weak || c->ctx || !(c->type == S_PER || c->type == S_ORG))
            continue;
        //  One word: a key when the model typed it ORG twice (counted in
        //  bits 8 on), never an acronym.
        uint32_t one = r->org_word_twice && c->type == S_ORG && c->ntok < 2
                     ? 1u << 8 : 0;
        if (one && !s_lower_second (text, c->start, c->end))
            continue;
        for (int part = 0; part < 2; part++) {
            uint32_t a = part ? c->last : c->start;
            //  A surname alone: only a name's (dp_tag_person_shape) whose
            //  end no rule guessed, and never a place or an organisation
            //  the gazetteers know.
            if (part && !(c->type == S_PER && c->ntok >= 2 && c->last > c->start
                          && !c->tail
                          && dp_tag_person_shape (self, text, c)
                          && !dp_tag_place_here (self, text, tlen, c->last, c->end)))
                break;
            size_t len = c->end - a;
            if (len < 3 || len > r->span_max || !s_capital (r, text, c->end, a))
                continue;
            size_t n = s_key ('K', text + a, len, buf);
            bool created;
            dp_tag_slot_t *slot = n ? dp_tag_map_put (&self->amap, &self->akeys,
                                                      buf, n, &created) : NULL;
            if (!slot) {
                self->oom = n != 0;
                continue;
            }
            if (created)
                slot->val = c->type | one;
            else
            if ((slot->val & 0xFF) != c->type)
                slot->val = S_NONE;
            else
                slot->val += one;
            uint32_t b = s_kstart (text + a);
            self->kstart [b >> 6] |= 1ull << (b & 63);
            if (len > longest)
                longest = len;
        }
    }
    return longest;
}

static int
s_span_cmp (const void *a, const void *b)
{
    const dp_span_t *x = a, *y = b;
    return x->start != y->start ? (x->start < y->start ? -1 : 1)
                                : (x->end > y->end) - (x->end < y->end);
}

int
dp_tag_cand_cmp (const void *a, const void *b)
{
    const dp_tag_cand_t *x = a, *y = b;
    return x->start != y->start ? (x->start < y->start ? -1 : 1)
                                : (x->end > y->end) - (x->end < y->end);
}

//  The spans of the live candidates, in text order (a malloc'd array of
//  *n, NULL on OOM or none).
static dp_span_t *
s_taken (dp_tagger_t *self, size_t *n)
{
    *n = 0;
    dp_span_t *v = self->n_cands ? malloc (self->n_cands * sizeof *v) : NULL;
    if (!v) {
        self->oom = self->n_cands != 0;
        return NULL;
    }
    for (size_t k = 0; k < self->n_cands; k++)
        if (self->cands [k].type != S_NONE && self->cands [k].weak != 2)
            v [(*n)++] = (dp_span_t) { self->cands [k].start, self->cands [k].end };
    qsort (v, *n, sizeof *v, s_span_cmp);
    return v;
}

//  The live candidate of span sp becomes [p, end) of the given type
//  (false when there is none).
static bool
s_widen (dp_tagger_t *self, const char *text, uint32_t p, uint32_t end,
         dp_span_t sp, uint8_t type)
{
    for (size_t k = 0; k < self->n_cands; k++) {
        dp_tag_cand_t *c = &self->cands [k];
        if (c->type == S_NONE || c->weak == 2 || c->start != sp.start || c->end != sp.end)
            continue;
        uint32_t last = p, ntok = 1;
        for (uint32_t q = p; q < end; q++)
            if (text [q] == ' ') {
                last = q + 1;
                ntok++;
            }
        c->start = p;
        c->end = end;
        c->last = last;
        c->ntok = (uint8_t) (ntok < 255 ? ntok : 255);
        c->type = type;
        c->norm_src = 0;
        c->norm = S_NO_NORM;
        c->gaz = 0;
        return true;
    }
    return false;
}

//  Each mention of a key that starts a name, ends one, is glued to no
//  capitalised word and overlaps no candidate becomes a candidate of the
//  key's type; one holding a single shorter candidate widens it to the
//  key. The longest key wins at each place.
//  The first p in [p, lim) where text[p] may start a key (A-Z or the C3
//  of a Latin-1 letter), else lim. Sixteen bytes at a time: most of an
//  article's bytes start none.
static size_t
s_next_key (const char *text, size_t p, size_t lim)
{
    typedef unsigned char v16u __attribute__ ((vector_size (16)));
    typedef signed char v16s __attribute__ ((vector_size (16)));
    const unsigned char *t = (const unsigned char *) text;
    for (; p + 16 <= lim; p += 16) {
        v16u v;
        memcpy (&v, t + p, 16);
        v16s m = (v - (unsigned char) 'A' < (unsigned char) 26) | (v == 0xC3);
        uint64_t half [2];
        memcpy (half, &m, 16);
#if defined (__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (half [0])
            return p + (size_t) __builtin_ctzll (half [0]) / 8;
        if (half [1])
            return p + 8 + (size_t) __builtin_ctzll (half [1]) / 8;
#else
        if (half [0] | half [1])
            break;
#endif
    }
    for (; p < lim; p++)
        if ((unsigned) (t [p] - 'A') < 26u || t [p] == 0xC3)
            return p;
    return lim;
}

static void
s_spread (dp_tagger_t *self, const s_rules_t *r, const char *text, size_t len)
{
    size_t longest = s_keys (self, r, text, len);
    if (!longest || self->oom)
        return;
    size_t n_taken, j = 0, n0 = self->n_cands;
    dp_span_t *taken = s_taken (self, &n_taken);
    if (self->oom)
        return;
    bool widened = false;
    for (size_t p = 0; p + 3 <= len && !self->oom; p++) {
        //  A key is three bytes or more and starts with a capital (A-Z or
        //  C3 xx): most bytes are ruled out by the first test.
        p = s_next_key (text, p, len - 2);
        if (p + 3 > len)
            break;
        uint32_t b = s_kstart (text + p);
        if (!(self->kstart [b >> 6] & (1ull << (b & 63))))
            continue;
        if (!s_capital (r, text, len, p) || !s_name_start (r, text, len, p))
            continue;
        uint32_t h = dp_tag_hash ("K", 1);
        size_t end = 0, words = 1;
        uint8_t type = S_NONE;
        for (size_t q = p; q < len && q - p < longest && words <= S_SPAN_WORDS; q++) {
            h ^= (unsigned char) text [q];
            h *= 16777619u;
            if (text [q] == ' ')
                words++;
            if (q + 1 - p < 3 || !s_name_end (r, text, len, q + 1))
                continue;
            char buf [S_MAX_KEY];
            size_t n = s_key ('K', text + p, q + 1 - p, buf);
            dp_tag_slot_t *slot = n ? dp_tag_map_find (&self->amap, self->akeys.v,
                                                       buf, n, h) : NULL;
            if (slot) {
                end = q + 1;
                type = (slot->val >> 8) == 1 ? S_NONE : (uint8_t) slot->val;
            }
        }
        if (!end)
            continue;
        while (j < n_taken && taken [j].end <= p)
            j++;
        bool over = j < n_taken && taken [j].start < end;
        //  « Mutuel Agricole » where the article says « Crédit Mutuel
        //  Agricole » too: the one candidate inside the name is widened.
        if (r->widen && type != S_NONE && over && taken [j].start >= p && taken [j].end <= end
        &&  (j + 1 >= n_taken || taken [j + 1].start >= end)
        &&  (taken [j].start > p || taken [j].end < end)
        &&  !s_glued (self, r, text, len, p, end))
            widened |= s_widen (self, text, (uint32_t) p, (uint32_t) end, taken [j], type);
        if (type != S_NONE && !over && !s_glued (self, r, text, len, p, end)) {
            uint32_t last = (uint32_t) p, ntok = 1;
            for (size_t q = p; q < end; q++)
                if (text [q] == ' ') {
                    last = (uint32_t) q + 1;
                    ntok++;
                }
            if (dp_tag_emit (self, (uint32_t) p, (uint32_t) end, type, 0, 0,
                             S_NO_NORM, ntok, last))
                break;
        }
        p = end - 1;                    //  a name's own words are not keys
    }
    free (taken);
    if (self->n_cands > n0 || widened)
        qsort (self->cands, self->n_cands, sizeof *self->cands, dp_tag_cand_cmp);
}

void
dp_tag_document (dp_tagger_t *self, const char *text, size_t len)
{
    const s_rules_t *r = self->lang == DP_TAG_LANG_EN ? &s_rules_en : &s_rules_fr;
    dp_tag_map_clear (&self->amap);
    self->akeys.n = 0;
    s_vote (self, r, text);
    //  « le CNB » of « Cercle des nageurs de Bellerive » (tag_acro.c).
    if (self->lang == DP_TAG_LANG_FR)
        dp_tag_acronyms (self, text, len);
    s_spread (self, r, text, len);
    dp_tag_map_clear (&self->amap);
    self->akeys.n = 0;
}
