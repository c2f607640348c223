//  depeche tag — tokenisation: the words and punctuation marks of one
//  sentence, as the model was trained to see them (elided « l' », « qu’ »
//  split off, hyphens and inner apostrophes kept, numbers with . , : /
//  whole), each with its shape flags and lexicon flags. Also the same cut
//  for the trainer (dp_tagger_model_text). Does not decide what a name is.
#include "tag/tag_int.h"

#include <string.h>
#include <utf8proc.h>

//  --------------------------------------------------------------------------
//  Token storage: s_tok_push appends a token, 0 or -1 (OOM); s_tok_grow,
//  apart so that the push is inlined, doubles the arrays.

static __attribute__ ((noinline)) int
s_tok_grow (dp_tagger_t *self)
{
    size_t ncap = self->cap_toks ? self->cap_toks * 2 : 256;
    dp_tag_tok_t *nv = realloc (self->toks, ncap * sizeof *nv);
    if (!nv) {
        self->oom = 1;
        return -1;
    }
    self->toks = nv;
    int32_t *ne = realloc (self->gzm_ent, ncap * sizeof *ne);
    if (ne)
        self->gzm_ent = ne;
    uint8_t *nk = ne ? realloc (self->gzm_k, ncap) : NULL;
    if (nk)
        self->gzm_k = nk;
    if (!ne || !nk) {
        self->oom = 1;
        return -1;
    }
    self->cap_toks = ncap;
    return 0;
}

static inline int
s_tok_push (dp_tagger_t *self, uint32_t start, uint32_t end, uint16_t flags)
{
    if (self->n_toks == self->cap_toks && s_tok_grow (self))
        return -1;
    self->gzm_ent [self->n_toks] = -2;
    self->toks [self->n_toks++] = (dp_tag_tok_t) { start, end, 0, flags, 0, 0, -2, 0,
                                                   S_NO_WORD };
    return 0;
}

//  --------------------------------------------------------------------------
//  utf8proc_category of an ASCII character, as far as s_tok_classify tells
//  them apart: letters, digits, the rest (none of its letter or digit
//  categories).

static inline utf8proc_category_t
s_ascii_category (int32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return UTF8PROC_CATEGORY_LU;
    if (cp >= 'a' && cp <= 'z')
        return UTF8PROC_CATEGORY_LL;
    if (cp >= '0' && cp <= '9')
        return UTF8PROC_CATEGORY_ND;
    return UTF8PROC_CATEGORY_PO;
}

//  --------------------------------------------------------------------------
//  Fills the shape flags and lexicon flags of a word token.

static void
s_tok_classify (dp_tagger_t *self, const char *text, dp_tag_tok_t *tok)
{
    const char *s = text + tok->start;
    size_t len = tok->end - tok->start;
    size_t i = 0;
    unsigned nchars = 0, upper = 0, lower = 0, digits = 0, other = 0;
    unsigned roman = 0;
    bool first = true;
    while (i < len) {
        int32_t cp;
        size_t n = dp_tag_utf8 (s + i, len - i, &cp);
        utf8proc_category_t cat = cp < 0 ? UTF8PROC_CATEGORY_CN
                                : cp < 0x80 ? s_ascii_category (cp)
                                : utf8proc_category (cp);
        if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) {
            upper++;
            if (strchr ("IVXLCDM", (int) cp) && cp < 0x80)
                roman++;
            if (first)
                tok->flags |= TK_CAP;
        }
        else
        if (cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LM
        ||  cat == UTF8PROC_CATEGORY_LO) {
            lower++;
            if (first)
                tok->flags |= TK_LOWER;
        }
        else
        if (cat == UTF8PROC_CATEGORY_ND) {
            digits++;
            if (first)
                tok->flags |= TK_DIGIT;
        }
        else
        if (cp != '.' && cp != ',')
            other++;
        first = false;
        nchars++;
        i += n;
    }
    tok->nchars = (uint16_t) (nchars > 65535 ? 65535 : nchars);
    if (upper >= 2 && lower == 0)
        tok->flags |= TK_ALLCAPS;
    if (upper && upper == roman && lower == 0 && digits == 0)
        tok->flags |= TK_ROMAN;
    if ((tok->flags & TK_DIGIT) && upper + lower + other == 0)
        tok->flags |= TK_NUMERIC;
    //  al-Assad, el-Sissi: a name despite the lowercase start.
    if ((tok->flags & TK_LOWER) && len > 3
    &&  (memcmp (s, "al-", 3) == 0 || memcmp (s, "el-", 3) == 0)
    &&  s [3] >= 'A' && s [3] <= 'Z')
        tok->flags = (uint16_t) ((tok->flags & ~TK_LOWER) | TK_CAP);
    char key [S_MAX_KEY];
    size_t klen = len < S_MAX_KEY ? dp_tag_fold (s, len, key) : 0;
    uint32_t hash = klen ? dp_tag_hash (key, klen) : 0;
    dp_tag_slot_t *slot = klen ? dp_tag_map_find (&self->lex, self->pool.v, key,
                                                  klen, hash) : NULL;
    tok->lex = slot ? slot->val : 0;
    tok->hash = hash;
}

//  --------------------------------------------------------------------------
//  Classifies word token tok, from the word cache (tag_words.c) when its
//  form is there; a form seen first is classified and its entry filled.
//  tok->hash holds the form's dp_tag_hash until then (s_tok_later).

static void
s_tok_word (dp_tagger_t *self, const char *text, dp_tag_tok_t *tok)
{
    bool fresh;
    uint32_t at = dp_tag_words_get_h (self, text + tok->start, tok->end - tok->start,
                                      tok->hash, &fresh);
    if (at == S_NO_WORD) {
        s_tok_classify (self, text, tok);
        return;
    }
    dp_tag_word_t *w = &self->words [at];
    tok->word = at;
    if (fresh) {
        s_tok_classify (self, text, tok);
        //  The flags classify adds do not depend on TK_ELISION.
        w->flags = (uint16_t) (tok->flags & ~TK_ELISION);
        w->nchars = tok->nchars;
        w->lex = tok->lex;
        w->hash = tok->hash;
        dp_tag_word_fill (self, text, tok, w);
        return;
    }
    tok->flags |= w->flags;
    tok->nchars = w->nchars;
    tok->lex = w->lex;
    tok->hash = w->hash;
    tok->gaz1 = w->gaz1;
}

//  The word cache is larger than the CPU's caches: a word token is
//  classified once the range is cut (s_tok_words), its entry asked for a
//  few words ahead. Until then it is marked, its form's hash in tok->hash.
#define S_WORD_LATER    (S_NO_WORD - 1)
#define S_WORDS_AHEAD   8

static void
s_tok_later (dp_tagger_t *self, const char *text, dp_tag_tok_t *tok)
{
    (void) self;
    tok->word = S_WORD_LATER;
    size_t len = tok->end - tok->start;
    tok->hash = len && len <= S_WORD_KEY ? dp_tag_hash (text + tok->start, len) : 0;
}

//  Classifies the marked tokens from first on, in their order (the cache's
//  choices depend on it), each entry asked for S_WORDS_AHEAD tokens before.
static void
s_tok_words (dp_tagger_t *self, const char *text, size_t first)
{
    dp_tag_tok_t *toks = self->toks;
    size_t n = self->n_toks, ahead = first;
    for (size_t i = first; i < n; i++) {
        for (; ahead < n && ahead < i + S_WORDS_AHEAD; ahead++)
            if (toks [ahead].word == S_WORD_LATER)
                dp_tag_words_prefetch (self, toks [ahead].hash);
        if (toks [i].word == S_WORD_LATER) {
            toks [i].word = S_NO_WORD;
            s_tok_word (self, text, &toks [i]);
        }
    }
}

//  --------------------------------------------------------------------------
//  The word classes of the sentence's tokens. The table is megabytes large:
//  every look-up would wait for memory, so all are fetched ahead first.

static void
s_word_classes (dp_tagger_t *self)
{
    const dp_tagm_lex_t *lex = self->wlex;
    dp_tag_tok_t *toks = self->toks;
    size_t n = self->n_toks;
    bool none = !lex || !lex->n;
    for (size_t i = 0; i < n; i++) {
        dp_tag_word_t *w = toks [i].word != S_NO_WORD ? &self->words [toks [i].word] : NULL;
        if (w && (w->done & S_W_WC))
            toks [i].wc = w->wc;        //  known from the word cache
        else
        if (toks [i].hash && !none) {
            uint32_t at = toks [i].hash & lex->mask;
            __builtin_prefetch (lex->keys + at);
            __builtin_prefetch (lex->cls + at);
        }
    }
    for (size_t i = 0; i < n; i++) {
        dp_tag_word_t *w = toks [i].word != S_NO_WORD ? &self->words [toks [i].word] : NULL;
        if (w && (w->done & S_W_WC)) {
            toks [i].wc = w->wc;        //  its form came earlier in the
            continue;                   //  sentence
        }
        toks [i].wc = toks [i].hash && !none ? dp_tagm_lex_get (lex, toks [i].hash) : 0;
        if (w) {
            w->wc = toks [i].wc;
            w->done |= S_W_WC;
        }
    }
}

//  --------------------------------------------------------------------------
//  Length of an elided French prefix ("l'", "qu’") at the start of word
//  s[0..len), apostrophe included, or 0.

static size_t
s_elision (const char *s, size_t len)
{
    static const char *const prefixes [] = {
        "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu",
        "puisqu", "quoiqu", NULL
    };
    //  Most words hold no apostrophe: nothing to compare then.
    size_t look = len < 10 ? len : 10, at = 0;
    while (at < look && s [at] != '\'' && s [at] != '\xE2')
        at++;
    if (at == look)
        return 0;
    for (int k = 0; prefixes [k]; k++) {
        size_t pl = strlen (prefixes [k]);
        if (pl >= len)
            continue;
        bool same = true;
        for (size_t i = 0; i < pl && same; i++) {
            char c = s [i];
            if (c >= 'A' && c <= 'Z')
                c = (char) (c + 32);
            same = c == prefixes [k][i];
        }
        if (!same)
            continue;
        if (s [pl] == '\'' && pl + 1 < len)
            return pl + 1;
        if (pl + 3 < len && memcmp (s + pl, "\xE2\x80\x99", 3) == 0)
            return pl + 3;
    }
    return 0;
}

//  --------------------------------------------------------------------------
//  Pushes word [a, b): splits off an elided prefix and an English "'s".
//  Both hold an apostrophe, ' or ’, which only a word the cut joined at
//  one has (apos false: none, nothing to look for).

static void
s_push_word (dp_tagger_t *self, const char *text, uint32_t a, uint32_t b,
             bool apos)
{
    size_t el = apos ? s_elision (text + a, b - a) : 0;
    if (el) {
        if (s_tok_push (self, a, a + (uint32_t) el, TK_WORD | TK_ELISION))
            return;
        s_tok_later (self, text, &self->toks [self->n_toks - 1]);
        a += (uint32_t) el;
    }
    uint32_t poss = 0;
    if (apos && b - a > 3 && text [b - 1] == 's' && text [b - 2] == '\'')
        poss = 2;
    else
    if (apos && b - a > 5 && text [b - 1] == 's'
    &&  memcmp (text + b - 4, "\xE2\x80\x99", 3) == 0)
        poss = 4;
    if (s_tok_push (self, a, b - poss, TK_WORD))
        return;
    s_tok_later (self, text, &self->toks [self->n_toks - 1]);
    if (poss && s_tok_push (self, b - poss, b, TK_WORD | TK_LOWER) == 0)
        self->toks [self->n_toks - 1].nchars = 2;
}

//  An ASCII letter or digit (c < 0x80): dp_tag_is_wordch without decoding.
static inline bool
s_ascii_alnum (unsigned char c)
{
    return (unsigned char) ((c | 0x20) - 'a') < 26 || (unsigned char) (c - '0') < 10;
}

//  --------------------------------------------------------------------------
//  Appends the tokens of text[a..b) to self->toks. ASCII letters and digits
//  and the plain space are taken without decoding (most of a text); the
//  rest is decoded.

void
dp_tag_scan_range (dp_tagger_t *self, const char *text, uint32_t a, uint32_t b)
{
    size_t first = self->n_toks;
    uint32_t p = a;
    while (p < b && !self->oom) {
        if (text [p] == ' ') {
            p++;
            continue;
        }
        int32_t cp;
        size_t n = dp_tag_utf8 (text + p, b - p, &cp);
        if (cp < 0 || dp_tag_is_space (cp) || cp == 0) {
            p += (uint32_t) n;
            continue;
        }
        if (!dp_tag_is_wordch (cp)) {
            s_tok_push (self, p, p + (uint32_t) n, TK_PUNCT);
            p += (uint32_t) n;
            continue;
        }
        uint32_t acro = self->lang == DP_TAG_LANG_EN
                      ? dp_tag_en_acronym (text, p, b) : 0;
        if (acro) {
            s_push_word (self, text, p, acro, true);
            p = acro;
            continue;
        }
        uint32_t q = p + (uint32_t) n;
        bool prev_digit = dp_tag_is_digitch (cp);
        bool apos = false;
        while (q < b) {
            unsigned char c = (unsigned char) text [q];
            if (c < 0x80 && s_ascii_alnum (c)) {
                prev_digit = c <= '9';
                q++;
                continue;
            }
            int32_t c2;
            size_t n2 = dp_tag_utf8 (text + q, b - q, &c2);
            if (dp_tag_is_wordch (c2)) {
                prev_digit = dp_tag_is_digitch (c2);
                q += (uint32_t) n2;
                continue;
            }
            if (q + n2 >= b)
                break;
            int32_t c3;
            dp_tag_utf8 (text + q + n2, b - q - n2, &c3);
            bool joins = (c2 == '-' || c2 == '\'' || c2 == 0x2019
                          || c2 == 0x2011) && dp_tag_is_wordch (c3);
            bool numeric = (c2 == '.' || c2 == ',' || c2 == ':' || c2 == '/')
                           && prev_digit && dp_tag_is_digitch (c3);
            if (!joins && !numeric)
                break;
            apos |= joins && (c2 == '\'' || c2 == 0x2019);
            q += (uint32_t) n2;
        }
        s_push_word (self, text, p, q, apos);
        p = q;
    }
    s_tok_words (self, text, first);
}

//  --------------------------------------------------------------------------
//  The tokens of sentence text[a..b) into self->toks: always our own cut,
//  the one the model was trained on (dp_tagger_model_text). A caller's
//  tokens (split's) are not used as boundaries: split keeps « d' » with its
//  apostrophe and cuts « 12/03/2024 » in five, and scanning each of its
//  tokens apart made « d » plus a loose apostrophe, which broke names at
//  elisions (« Giscard d'Estaing » in two, « Conseil s »).

void
dp_tag_tokenize (dp_tagger_t *self, const char *text, uint32_t a, uint32_t b)
{
    self->n_toks = 0;
    //  A new sentence: the word cache may give away the entries the last
    //  one used (stamp 0 is the loading's: no cache then).
    if (++self->stamp == 0) {
        self->stamp = 1;
        dp_tag_words_clear (self);
    }
    dp_tag_scan_range (self, text, a, b);
    s_word_classes (self);
}

//  --------------------------------------------------------------------------

long
dp_tagger_model_text (dp_tagger_t *self, const char *text, size_t len,
                      dp_span_t *spans, dp_tagm_tok_t *out)
{
    self->oom = 0;
    dp_tag_tokenize (self, text, 0, (uint32_t) len);
    if (self->oom || dp_tag_features (self, text))
        return -1;
    for (size_t i = 0; i < self->n_toks; i++)
        spans [i] = (dp_span_t) { self->toks [i].start, self->toks [i].end };
    memcpy (out, self->mt, self->n_toks * sizeof *out);
    return (long) self->n_toks;
}
