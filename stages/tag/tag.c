//  depeche tag — named entities: PER/LOC/ORG/MISC from an averaged
//  perceptron (tagm.c, data/model/tag.model) whose features include the
//  gazetteers (data/gazetteer/*.tsv), DATE/TIME/MONEY/PERCENT/NUM from
//  hand-written scanners, one pass per sentence over our own word tokens
//  (the model, then a few annotation conventions: « la France a voté » is
//  an ORG, « affaire X » one MISC, « mairie de Paris » one ORG), then one
//  article-level pass that links surnames to full names. Without a model
//  (dp_tagger_new_with (dir, NULL)) the older rule layer tags names too.
//  No sockets, no globals.
#include "tag/tag.h"
#include "tag/tagm.h"
#include "depeche/dp_log.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

//  Entity types; index into s_type_names.
enum {
    S_NONE = 0, S_PER, S_LOC, S_ORG, S_MISC, S_DATE, S_TIME, S_MONEY, S_NUM,
    S_PERCENT
};

static const char *const s_type_names [] = {
    "", "PER", "LOC", "ORG", "MISC", "DATE", "TIME", "MONEY", "NUM", "PERCENT"
};

//  Lexicon flags of a lowercased word (several may be set at once); the top
//  bits 24-27 carry a value (month 1-12, weekday 1-7).
#define LX_STOP         (1u << 0)       //  capitalised function word
#define LX_TITLE        (1u << 1)       //  a person's name may follow
#define LX_TITLECOMP    (1u << 2)       //  may stand between title and name
#define LX_ADJ          (1u << 3)       //  nationality and other adjectives
#define LX_ORGTRIG      (1u << 4)       //  Comité, Banque: starts an ORG
#define LX_ORGTRIGLC    (1u << 5)       //  ministère: starts an ORG lowercase too
#define LX_LOCCUE       (1u << 6)       //  région, ville: a place follows
#define LX_LOCPREP      (1u << 7)       //  à, en: a place may follow
#define LX_PARTICLE     (1u << 8)       //  de, van, al: inside a name
#define LX_PARTCAP      (1u << 9)       //  Le, La: inside a name when capitalised
#define LX_MONTH        (1u << 10)      //  value: 1-12
#define LX_WEEKDAY      (1u << 11)      //  value: 1-7
#define LX_CURRENCY     (1u << 12)      //  euros, dollars
#define LX_MULT         (1u << 13)      //  millions, milliards
#define LX_YEARCUE      (1u << 14)      //  en, depuis: a bare year is a DATE
#define LX_HOUR         (1u << 15)      //  h, heures
#define LX_MONTHCUE     (1u << 16)      //  début, fin: a bare month is a DATE
#define LX_EN           (1u << 17)      //  English month or weekday
#define LX_WILLVERB     (1u << 18)      //  vote, souhaite: its subject acts
#define LX_WILLPART     (1u << 19)      //  voté, voter: same after an auxiliary
#define LX_AUX          (1u << 20)      //  a, doit: before a WILLPART
#define LX_MISCHEAD     (1u << 21)      //  affaire: « affaire X » is one MISC
#define LX_SKIP         (1u << 22)      //  ne, pas, aussi: between the two
#define LX_ORGTAIL      (1u << 23)      //  Limited, GmbH: ends a company name
#define LX_VAL(x)       (((x) >> 24) & 0xFu)
#define LX_ORGHEAD      (1u << 28)      //  mairie: « mairie de Paris » is one ORG
#define LX_LOCHEAD      (1u << 29)      //  rue: « rue de la Paix » is one LOC
#define LX_HEADNEXT     (1u << 30)      //  église: a head only right before

//  Token flags.
#define TK_WORD         (1u << 0)       //  letters/digits
#define TK_PUNCT        (1u << 1)       //  one punctuation or symbol character
#define TK_CAP          (1u << 2)       //  starts with an uppercase letter
#define TK_LOWER        (1u << 3)       //  starts with a lowercase letter
#define TK_ALLCAPS      (1u << 4)       //  >= 2 letters, all uppercase
#define TK_DIGIT        (1u << 5)       //  starts with a digit
#define TK_NUMERIC      (1u << 6)       //  digits with inner . , only
#define TK_ELISION      (1u << 7)       //  l' d' qu' ...
#define TK_ROMAN        (1u << 8)       //  only I V X L C D M

#define S_NO_NORM       UINT32_MAX
#define S_MAX_GAZ_TOK   12              //  longest gazetteer name, in tokens
#define S_MAX_KEY       256             //  longest lookup key, in bytes
#define S_MAX_RUN       8               //  longest capitalised run, in tokens
#ifndef S_UNKNOWN_TYPE
#define S_UNKNOWN_TYPE  S_MISC          //  type of a lone unknown capitalised word
#endif

//  Growable byte buffer; strings in it are NUL-terminated and referred to by
//  offset so that growing it never invalidates a reference.
typedef struct {
    char *v;                            //  the bytes
    size_t n;                           //  used
    size_t cap;                         //  allocated
} s_buf_t;

//  Open-addressing hash slot; len 0 marks an empty slot.
typedef struct {
    uint32_t off;                       //  key offset in the map's buffer
    uint32_t len;                       //  key length
    uint32_t hash;                      //  full hash of the key
    uint32_t val;                       //  payload
} s_slot_t;

//  Hash map from byte strings to uint32, keys stored in an s_buf_t.
typedef struct {
    s_slot_t *slots;                    //  cap slots
    uint32_t cap;                       //  power of two, or 0
    uint32_t n;                         //  used slots
} s_map_t;

//  One gazetteer name.
typedef struct {
    uint32_t norm;                      //  pool offset of norm or S_NO_NORM
    uint8_t type;                       //  S_PER..S_MISC, or S_NONE
    uint8_t ntok;                       //  tokens in the name
    uint8_t first;                      //  a given name
    uint8_t title;                      //  an exact-case title (Mme, Dr)
} s_gaz_t;

//  One word or punctuation token.
typedef struct {
    uint32_t start;                     //  byte offset
    uint32_t end;                       //  exclusive
    uint32_t lex;                       //  LX_ flags of the lowercased word
    uint16_t flags;                     //  TK_ flags
    uint16_t nchars;                    //  code points, capped at 65535
} s_tok_t;

//  One candidate entity before the article-level pass.
typedef struct {
    uint32_t start;                     //  byte offset
    uint32_t end;                       //  exclusive
    uint32_t norm;                      //  offset in pool/scratch
    uint32_t last;                      //  start of the last token
    uint8_t type;                       //  S_ type
    uint8_t ntok;                       //  tokens spanned (capped)
    uint8_t weak;                       //  0 sure, 1 guess, 2 drop unless confirmed
    uint8_t norm_src;                   //  0 text, 1 pool, 2 scratch
    uint8_t gaz;                        //  a gazetteer name of >= 2 tokens
} s_cand_t;

struct dp_tagger {
    s_buf_t pool;                       //  gazetteer keys and norms
    s_map_t gaz;                        //  exact name -> index in ents
    s_gaz_t *ents;                      //  gazetteer names
    size_t n_ents;                      //  used
    size_t cap_ents;                    //  allocated
    s_map_t first;                      //  first token of a name -> max ntok
    s_map_t lex;                        //  lowercased word -> LX_ flags
    s_tok_t *toks;                      //  tokens of the current sentence
    size_t n_toks;                      //  used
    size_t cap_toks;                    //  allocated
    s_cand_t *cands;                    //  candidates of the current call
    size_t n_cands;                     //  used
    size_t cap_cands;                   //  allocated
    s_buf_t scratch;                    //  computed norms (ISO dates)
    s_buf_t akeys;                      //  keys of amap
    s_map_t amap;                       //  article: name/surname -> candidate
    int oom;                            //  set when an allocation failed
    dp_tagm_t *model;                   //  NULL: names by rules only
    dp_tagm_tok_t *mt;                  //  model tokens of the sentence
    uint8_t *my;                        //  model labels of the sentence
    size_t cap_m;                       //  allocated in mt, my
    s_cand_t *tmpc;                     //  rule candidates being merged
    size_t cap_tmpc;                    //  allocated
};

//  --------------------------------------------------------------------------
//  Appends s[0..len) and a NUL; returns the offset or S_NO_NORM on OOM.

static uint32_t
s_buf_add (s_buf_t *self, const char *s, size_t len)
{
    if (self->n + len + 1 > self->cap) {
        size_t ncap = self->cap ? self->cap * 2 : 4096;
        while (ncap < self->n + len + 1)
            ncap *= 2;
        if (ncap >= UINT32_MAX)
            return S_NO_NORM;
        char *nv = realloc (self->v, ncap);
        if (!nv)
            return S_NO_NORM;
        self->v = nv;
        self->cap = ncap;
    }
    uint32_t off = (uint32_t) self->n;
    if (len)
        memcpy (self->v + off, s, len);
    self->v [off + len] = '\0';
    self->n += len + 1;
    return off;
}

//  --------------------------------------------------------------------------
//  FNV-1a, 32 bits: short keys, few collisions, no table.

static uint32_t
s_hash (const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char) s [i];
        h *= 16777619u;
    }
    return h;
}

//  --------------------------------------------------------------------------
//  Returns the slot holding key, or NULL. base is the map's key buffer.

static s_slot_t *
s_map_find (const s_map_t *self, const char *base, const char *key,
            size_t len, uint32_t hash)
{
    if (!self->cap || !len)
        return NULL;
    uint32_t mask = self->cap - 1;
    for (uint32_t i = hash & mask;; i = (i + 1) & mask) {
        s_slot_t *slot = &self->slots [i];
        if (!slot->len)
            return NULL;
        if (slot->hash == hash && slot->len == len
        &&  memcmp (base + slot->off, key, len) == 0)
            return slot;
    }
}

//  --------------------------------------------------------------------------
//  Doubles the table. 0 or -1 (OOM).

static int
s_map_grow (s_map_t *self)
{
    uint32_t ncap = self->cap ? self->cap * 2 : 256;
    s_slot_t *nslots = calloc (ncap, sizeof *nslots);
    if (!nslots)
        return -1;
    for (uint32_t i = 0; i < self->cap; i++) {
        s_slot_t *old = &self->slots [i];
        if (!old->len)
            continue;
        uint32_t j = old->hash & (ncap - 1);
        while (nslots [j].len)
            j = (j + 1) & (ncap - 1);
        nslots [j] = *old;
    }
    free (self->slots);
    self->slots = nslots;
    self->cap = ncap;
    return 0;
}

//  --------------------------------------------------------------------------
//  Returns the slot of key, adding it (val 0, *created true) when missing;
//  NULL on OOM or empty key. The key is copied into buf.

static s_slot_t *
s_map_put (s_map_t *self, s_buf_t *buf, const char *key, size_t len,
           bool *created)
{
    *created = false;
    if (!len || len >= UINT32_MAX)
        return NULL;
    uint32_t hash = s_hash (key, len);
    s_slot_t *slot = s_map_find (self, buf->v, key, len, hash);
    if (slot)
        return slot;
    if ((self->n + 1) * 2 > self->cap && s_map_grow (self))
        return NULL;
    uint32_t off = s_buf_add (buf, key, len);
    if (off == S_NO_NORM)
        return NULL;
    uint32_t mask = self->cap - 1;
    uint32_t i = hash & mask;
    while (self->slots [i].len)
        i = (i + 1) & mask;
    self->slots [i] = (s_slot_t) { off, (uint32_t) len, hash, 0 };
    self->n++;
    *created = true;
    return &self->slots [i];
}

//  --------------------------------------------------------------------------
//  Empties the map, keeping its table.

static void
s_map_clear (s_map_t *self)
{
    if (self->cap)
        memset (self->slots, 0, self->cap * sizeof *self->slots);
    self->n = 0;
}

//  --------------------------------------------------------------------------
//  Decodes one code point at s[0..avail); returns its length, with *cp = -1
//  and length 1 for an invalid byte.

static size_t
s_decode (const char *s, size_t avail, int32_t *cp)
{
    unsigned char c = (unsigned char) s [0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    utf8proc_int32_t u;
    utf8proc_ssize_t n = utf8proc_iterate ((const utf8proc_uint8_t *) s,
                                           (utf8proc_ssize_t) avail, &u);
    if (n <= 0 || u < 0) {
        *cp = -1;
        return 1;
    }
    *cp = u;
    return (size_t) n;
}

static bool
s_is_wordch (int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')
            || (cp >= '0' && cp <= '9');
    if (cp < 0)
        return false;
    utf8proc_category_t cat = utf8proc_category (cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
}

static bool
s_is_digitch (int32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return utf8proc_category (cp) == UTF8PROC_CATEGORY_ND;
}

static bool
s_is_space (int32_t cp)
{
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f'
    ||  cp == '\v')
        return true;
    if (cp < 0x80)
        return false;
    if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x200E
    ||  cp == 0x200F || cp == 0xFEFF)
        return true;
    utf8proc_category_t cat = utf8proc_category (cp);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL
        || cat == UTF8PROC_CATEGORY_ZP;
}

//  --------------------------------------------------------------------------
//  Writes the lowercased s[0..len) into out (size S_MAX_KEY), with ’ as ';
//  returns the length, or 0 when it does not fit or is not valid UTF-8.

static size_t
s_fold (const char *s, size_t len, char *out)
{
    size_t o = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char) s [i];
        if (c < 0x80) {
            if (o + 1 >= S_MAX_KEY)
                return 0;
            out [o++] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        int32_t cp;
        size_t n = s_decode (s + i, len - i, &cp);
        if (cp < 0)
            return 0;
        if (cp == 0x2019)
            cp = '\'';
        else
            cp = utf8proc_tolower (cp);
        if (o + 4 >= S_MAX_KEY)
            return 0;
        o += (size_t) utf8proc_encode_char (cp, (utf8proc_uint8_t *) out + o);
        i += n;
    }
    return o;
}

//  --------------------------------------------------------------------------
//  Copies s[0..len) into out (size S_MAX_KEY) with ’ turned into ' and runs
//  of white space into one space, trimmed. Returns the length or 0.

static size_t
s_norm_key (const char *s, size_t len, char *out)
{
    size_t o = 0;
    size_t i = 0;
    bool space = false;
    while (i < len) {
        //  Printable ASCII is copied as it is, without decoding.
        unsigned char b = (unsigned char) s [i];
        if (b > ' ' && b < 0x7F && !space) {
            if (o + 1 >= S_MAX_KEY)
                return 0;
            out [o++] = (char) b;
            i++;
            continue;
        }
        int32_t cp;
        size_t n = s_decode (s + i, len - i, &cp);
        if (cp < 0)
            return 0;
        if (s_is_space (cp)) {
            space = o > 0;
            i += n;
            continue;
        }
        if (space) {
            if (o + 1 >= S_MAX_KEY)
                return 0;
            out [o++] = ' ';
            space = false;
        }
        if (cp == 0x2019) {
            if (o + 1 >= S_MAX_KEY)
                return 0;
            out [o++] = '\'';
        }
        else {
            if (o + n >= S_MAX_KEY)
                return 0;
            memcpy (out + o, s + i, n);
            o += n;
        }
        i += n;
    }
    return o;
}

//  --------------------------------------------------------------------------
//  Token storage; 0 or -1 (OOM).

static int
s_tok_push (dp_tagger_t *self, uint32_t start, uint32_t end, uint16_t flags)
{
    if (self->n_toks == self->cap_toks) {
        size_t ncap = self->cap_toks ? self->cap_toks * 2 : 256;
        s_tok_t *nv = realloc (self->toks, ncap * sizeof *nv);
        if (!nv) {
            self->oom = 1;
            return -1;
        }
        self->toks = nv;
        self->cap_toks = ncap;
    }
    self->toks [self->n_toks++] = (s_tok_t) { start, end, 0, flags, 0 };
    return 0;
}

//  --------------------------------------------------------------------------
//  Fills the shape flags and lexicon flags of a word token.

static void
s_tok_classify (dp_tagger_t *self, const char *text, s_tok_t *tok)
{
    const char *s = text + tok->start;
    size_t len = tok->end - tok->start;
    size_t i = 0;
    unsigned nchars = 0, upper = 0, lower = 0, digits = 0, other = 0;
    unsigned roman = 0;
    bool first = true;
    while (i < len) {
        int32_t cp;
        size_t n = s_decode (s + i, len - i, &cp);
        utf8proc_category_t cat = cp < 0 ? UTF8PROC_CATEGORY_CN
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
    size_t klen = len < S_MAX_KEY ? s_fold (s, len, key) : 0;
    s_slot_t *slot = klen ? s_map_find (&self->lex, self->pool.v, key, klen,
                                        s_hash (key, klen)) : NULL;
    tok->lex = slot ? slot->val : 0;
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
    size_t look = len < 10 ? len : 10;
    if (!memchr (s, '\'', look) && !memchr (s, '\xE2', look))
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

static void
s_push_word (dp_tagger_t *self, const char *text, uint32_t a, uint32_t b)
{
    size_t el = s_elision (text + a, b - a);
    if (el) {
        if (s_tok_push (self, a, a + (uint32_t) el, TK_WORD | TK_ELISION))
            return;
        s_tok_classify (self, text, &self->toks [self->n_toks - 1]);
        a += (uint32_t) el;
    }
    uint32_t poss = 0;
    if (b - a > 3 && text [b - 1] == 's' && text [b - 2] == '\'')
        poss = 2;
    else
    if (b - a > 5 && text [b - 1] == 's'
    &&  memcmp (text + b - 4, "\xE2\x80\x99", 3) == 0)
        poss = 4;
    if (s_tok_push (self, a, b - poss, TK_WORD))
        return;
    s_tok_classify (self, text, &self->toks [self->n_toks - 1]);
    if (poss && s_tok_push (self, b - poss, b, TK_WORD | TK_LOWER) == 0)
        self->toks [self->n_toks - 1].nchars = 2;
}

//  --------------------------------------------------------------------------
//  Appends the tokens of text[a..b) to self->toks.

static void
s_scan_range (dp_tagger_t *self, const char *text, uint32_t a, uint32_t b)
{
    uint32_t p = a;
    while (p < b && !self->oom) {
        int32_t cp;
        size_t n = s_decode (text + p, b - p, &cp);
        if (cp < 0 || s_is_space (cp) || cp == 0) {
            p += (uint32_t) n;
            continue;
        }
        if (!s_is_wordch (cp)) {
            s_tok_push (self, p, p + (uint32_t) n, TK_PUNCT);
            p += (uint32_t) n;
            continue;
        }
        uint32_t q = p + (uint32_t) n;
        bool prev_digit = s_is_digitch (cp);
        while (q < b) {
            int32_t c2;
            size_t n2 = s_decode (text + q, b - q, &c2);
            if (s_is_wordch (c2)) {
                prev_digit = s_is_digitch (c2);
                q += (uint32_t) n2;
                continue;
            }
            if (q + n2 >= b)
                break;
            int32_t c3;
            s_decode (text + q + n2, b - q - n2, &c3);
            bool joins = (c2 == '-' || c2 == '\'' || c2 == 0x2019
                          || c2 == 0x2011) && s_is_wordch (c3);
            bool numeric = (c2 == '.' || c2 == ',' || c2 == ':' || c2 == '/')
                           && prev_digit && s_is_digitch (c3);
            if (!joins && !numeric)
                break;
            q += (uint32_t) n2;
        }
        s_push_word (self, text, p, q);
        p = q;
    }
}

//  --------------------------------------------------------------------------
//  True when text[a..b) between two tokens is inline white space only.

static bool
s_gap_ok (const char *text, uint32_t a, uint32_t b)
{
    if (b < a || b - a > 6)
        return false;
    for (uint32_t i = a; i < b;) {
        unsigned char c = (unsigned char) text [i];
        if (c == ' ' || c == '\t') {
            i++;
            continue;
        }
        if (c == 0xC2 && i + 1 < b && (unsigned char) text [i + 1] == 0xA0) {
            i += 2;
            continue;
        }
        if (c == 0xE2 && i + 2 < b && (unsigned char) text [i + 1] == 0x80
        &&  ((unsigned char) text [i + 2] == 0xAF
             || (unsigned char) text [i + 2] == 0x89)) {
            i += 3;
            continue;
        }
        return false;
    }
    return true;
}

//  Tokens i and i+1 of the sentence are neighbours in one name.
static bool
s_adjacent (const char *text, const s_tok_t *toks, size_t i)
{
    return s_gap_ok (text, toks [i].end, toks [i + 1].start);
}

static bool
s_tok_is (const char *text, const s_tok_t *tok, const char *s)
{
    size_t len = strlen (s);
    return tok->end - tok->start == len
        && memcmp (text + tok->start, s, len) == 0;
}

//  --------------------------------------------------------------------------
//  Longest gazetteer name starting at token i; returns its entry or NULL
//  (*ntok: tokens matched). Only names with an entity type count.

static const s_gaz_t *
s_gaz_match (dp_tagger_t *self, const char *text, size_t i, size_t n,
             size_t *ntok)
{
    const s_tok_t *toks = self->toks;
    if (!(toks [i].flags & TK_WORD))
        return NULL;
    char key [S_MAX_KEY];
    size_t plen [S_MAX_GAZ_TOK + 1];
    size_t klen = s_norm_key (text + toks [i].start,
                              toks [i].end - toks [i].start, key);
    if (!klen)
        return NULL;
    s_slot_t *fs = s_map_find (&self->first, self->pool.v, key, klen,
                               s_hash (key, klen));
    if (!fs)
        return NULL;
    size_t maxn = fs->val;
    if (maxn > n - i)
        maxn = n - i;
    plen [1] = klen;
    size_t k = 1;
    while (k < maxn) {
        const s_tok_t *prev = &toks [i + k - 1];
        const s_tok_t *next = &toks [i + k];
        if (!s_gap_ok (text, prev->end, next->start))
            break;
        size_t tlen = next->end - next->start;
        bool space = next->start > prev->end;
        if (klen + tlen + 2 >= S_MAX_KEY)
            break;
        if (space)
            key [klen++] = ' ';
        size_t m = s_norm_key (text + next->start, tlen, key + klen);
        if (!m)
            break;
        klen += m;
        k++;
        plen [k] = klen;
    }
    for (; k >= 1; k--) {
        s_slot_t *slot = s_map_find (&self->gaz, self->pool.v, key, plen [k],
                                     s_hash (key, plen [k]));
        if (slot && self->ents [slot->val].type != S_NONE) {
            *ntok = k;
            return &self->ents [slot->val];
        }
    }
    return NULL;
}

//  Gazetteer entry of exactly token i, or NULL.
static const s_gaz_t *
s_gaz_one (dp_tagger_t *self, const char *text, const s_tok_t *tok)
{
    char key [S_MAX_KEY];
    size_t klen = s_norm_key (text + tok->start, tok->end - tok->start, key);
    if (!klen)
        return NULL;
    s_slot_t *slot = s_map_find (&self->gaz, self->pool.v, key, klen,
                                 s_hash (key, klen));
    return slot ? &self->ents [slot->val] : NULL;
}

//  --------------------------------------------------------------------------
//  Candidate storage; 0 or -1 (OOM).

static int
s_emit (dp_tagger_t *self, uint32_t start, uint32_t end, uint8_t type,
        uint8_t weak, uint8_t norm_src, uint32_t norm, size_t ntok,
        uint32_t last)
{
    if (self->n_cands == self->cap_cands) {
        size_t ncap = self->cap_cands ? self->cap_cands * 2 : 64;
        s_cand_t *nv = realloc (self->cands, ncap * sizeof *nv);
        if (!nv) {
            self->oom = 1;
            return -1;
        }
        self->cands = nv;
        self->cap_cands = ncap;
    }
    self->cands [self->n_cands++] = (s_cand_t) {
        start, end, norm, last, type, (uint8_t) (ntok > 255 ? 255 : ntok),
        weak, norm_src, 0
    };
    return 0;
}

//  --------------------------------------------------------------------------
//  Value of an all-digit token of at most 9 digits, or -1.

static long
s_tok_num (const char *text, const s_tok_t *tok)
{
    size_t len = tok->end - tok->start;
    if (len == 0 || len > 9)
        return -1;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text [tok->start + i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

//  Day of month (1-31, "1er"), or -1.
static long
s_tok_day (const char *text, const s_tok_t *tok)
{
    if (s_tok_is (text, tok, "1er"))
        return 1;
    if (tok->end - tok->start > 2)
        return -1;
    long d = s_tok_num (text, tok);
    return d >= 1 && d <= 31 ? d : -1;
}

//  Four-digit year 1000-2999, or -1.
static long
s_tok_year (const char *text, const s_tok_t *tok)
{
    if (tok->end - tok->start != 4)
        return -1;
    long y = s_tok_num (text, tok);
    return y >= 1000 && y <= 2999 ? y : -1;
}

//  --------------------------------------------------------------------------
//  Stores an ISO date in scratch; returns its offset or S_NO_NORM.

static uint32_t
s_iso (dp_tagger_t *self, long y, long m, long d)
{
    char buf [32];
    int len = d > 0 ? snprintf (buf, sizeof buf, "%04ld-%02ld-%02ld", y, m, d)
                    : snprintf (buf, sizeof buf, "%04ld-%02ld", y, m);
    uint32_t off = s_buf_add (&self->scratch, buf, (size_t) len);
    if (off == S_NO_NORM)
        self->oom = 1;
    return off;
}

//  --------------------------------------------------------------------------
//  "9 septembre [2023]" at i. Returns the end token or i; *norm set when full.

static size_t
s_date_dmy (dp_tagger_t *self, const char *text, size_t i, size_t n,
            uint32_t *norm)
{
    const s_tok_t *toks = self->toks;
    long d = s_tok_day (text, &toks [i]);
    if (d < 0 || i + 1 >= n || !(toks [i + 1].lex & LX_MONTH)
    ||  !s_adjacent (text, toks, i))
        return i;
    long m = LX_VAL (toks [i + 1].lex);
    size_t j = i + 2;
    if (j < n && s_adjacent (text, toks, j - 1)) {
        long y = s_tok_year (text, &toks [j]);
        if (y > 0) {
            *norm = s_iso (self, y, m, d);
            return j + 1;
        }
    }
    return j;
}

//  --------------------------------------------------------------------------
//  A number at i, grouped ("50 000"), with a multiplier and a currency or a
//  percent sign. Returns the end token; *type MONEY, PERCENT or NUM.

static size_t
s_number (dp_tagger_t *self, const char *text, size_t i, size_t n,
          uint8_t *type)
{
    const s_tok_t *toks = self->toks;
    size_t j = i + 1;
    //  Thousands groups separated by a space: only after 1-3 digits.
    if (toks [i].end - toks [i].start <= 3) {
        while (j < n && (toks [j].flags & TK_NUMERIC)
        &&     toks [j].start > toks [j - 1].end
        &&     s_adjacent (text, toks, j - 1)) {
            const char *s = text + toks [j].start;
            size_t len = toks [j].end - toks [j].start;
            if (len < 3 || s [0] < '0' || s [0] > '9' || s [1] < '0'
            ||  s [1] > '9' || s [2] < '0' || s [2] > '9'
            ||  (len > 3 && s [3] != ',' && s [3] != '.'))
                break;
            j++;
        }
    }
    *type = S_NUM;
    if (j < n && (toks [j].lex & LX_MULT) && s_adjacent (text, toks, j - 1))
        j++;
    if (j >= n || !s_adjacent (text, toks, j - 1))
        return j;
    const s_tok_t *t = &toks [j];
    if ((t->lex & LX_CURRENCY) || s_tok_is (text, t, "€")
    ||  s_tok_is (text, t, "$") || s_tok_is (text, t, "£")) {
        *type = S_MONEY;
        return j + 1;
    }
    //  "5 millions d'euros", "3 milliards de dollars"
    if (j + 1 < n && (toks [j - 1].lex & LX_MULT)
    &&  (s_tok_is (text, t, "de") || (t->flags & TK_ELISION)
         || s_tok_is (text, t, "of"))
    &&  (toks [j + 1].lex & LX_CURRENCY)) {
        *type = S_MONEY;
        return j + 2;
    }
    if (s_tok_is (text, t, "%") || s_tok_is (text, t, "percent")) {
        *type = S_PERCENT;
        return j + 1;
    }
    if ((s_tok_is (text, t, "pour") || s_tok_is (text, t, "per"))
    &&  j + 1 < n && s_tok_is (text, &toks [j + 1], "cent")
    &&  s_adjacent (text, toks, j)) {
        *type = S_PERCENT;
        return j + 2;
    }
    return j;
}

//  --------------------------------------------------------------------------
//  DATE, TIME, MONEY or NUM at token i; returns the end token (i: none).

static size_t
s_scan_num (dp_tagger_t *self, const char *text, size_t i, size_t n,
            uint8_t *type, uint32_t *norm)
{
    const s_tok_t *toks = self->toks;
    const s_tok_t *t = &toks [i];
    const s_tok_t *prev = i > 0 ? &toks [i - 1] : NULL;
    *norm = S_NO_NORM;
    if (t->lex & LX_WEEKDAY) {
        *type = S_DATE;
        size_t j = i + 1;
        if (j < n && s_tok_is (text, &toks [j], ","))
            j++;
        if (j < n && s_adjacent (text, toks, j - 1)
        &&  (toks [j].flags & TK_DIGIT)) {
            size_t e = s_date_dmy (self, text, j, n, norm);
            if (e > j)
                return e;
        }
        //  "Monday, September 9, 2023" is rare enough: weekday alone.
        return i + 1;
    }
    if (t->lex & LX_MONTH) {
        long m = LX_VAL (t->lex);
        *type = S_DATE;
        if (i + 1 < n && s_adjacent (text, toks, i)) {
            long y = s_tok_year (text, &toks [i + 1]);
            if (y > 0)
                return i + 2;
            long d = s_tok_day (text, &toks [i + 1]);
            if (d > 0 && (t->lex & LX_EN)) {
                size_t j = i + 2;
                if (j + 1 < n && s_tok_is (text, &toks [j], ",")
                &&  s_adjacent (text, toks, j)) {
                    y = s_tok_year (text, &toks [j + 1]);
                    if (y > 0) {
                        *norm = s_iso (self, y, m, d);
                        return j + 2;
                    }
                }
                return j;
            }
        }
        if (prev && (prev->lex & LX_MONTHCUE)
        &&  ((t->flags & TK_LOWER) || (t->lex & LX_EN)))
            return i + 1;
        return i;
    }
    if (!(t->flags & TK_DIGIT))
        return i;
    const char *s = text + t->start;
    size_t len = t->end - t->start;
    //  ISO 2024-04-13 and 2023-01.
    if ((len == 10 || len == 7) && (t->flags & TK_NUMERIC) == 0
    &&  s [4] == '-') {
        long y = 0, m = 0, d = 0;
        bool ok = true;
        for (size_t k = 0; k < len && ok; k++) {
            bool dash = k == 4 || k == 7;
            ok = dash ? s [k] == '-' : (s [k] >= '0' && s [k] <= '9');
        }
        if (ok) {
            //  Digits read one by one: strtol would run past the token
            //  (and past text[len) when the token ends the buffer).
            y = (s [0] - '0') * 1000 + (s [1] - '0') * 100 + (s [2] - '0') * 10 + (s [3] - '0');
            m = (s [5] - '0') * 10 + (s [6] - '0');
            d = len == 10 ? (s [8] - '0') * 10 + (s [9] - '0') : 0;
            if (y >= 1000 && y <= 2999 && m >= 1 && m <= 12
            &&  (len == 7 || (d >= 1 && d <= 31))) {
                *type = S_DATE;
                if (len == 10)
                    *norm = s_iso (self, y, m, d);
                return i + 1;
            }
        }
    }
    //  12/03/2024, 1.3.2024 (day first).
    if (len >= 8 && len <= 10 && ((t->flags & TK_NUMERIC) || memchr (s, '/', len))) {
        char sep = 0;
        long part [3] = { 0, 0, 0 };
        int np = 0;
        size_t k = 0;
        bool ok = true;
        while (k < len && ok && np < 3) {
            size_t st = k;
            while (k < len && s [k] >= '0' && s [k] <= '9')
                part [np] = part [np] * 10 + (s [k++] - '0');
            ok = k > st;
            np++;
            if (k < len) {
                if (!sep)
                    sep = s [k];
                ok = ok && (s [k] == sep) && (sep == '/' || sep == '.');
                k++;
            }
        }
        if (ok && np == 3 && k == len && part [0] >= 1 && part [0] <= 31
        &&  part [1] >= 1 && part [1] <= 12 && part [2] >= 1000
        &&  part [2] <= 2999) {
            *type = S_DATE;
            *norm = s_iso (self, part [2], part [1], part [0]);
            return i + 1;
        }
    }
    //  9h30, 14h, 10:30.
    {
        size_t k = 0;
        long h = 0;
        while (k < len && k < 2 && s [k] >= '0' && s [k] <= '9')
            h = h * 10 + (s [k++] - '0');
        if (k > 0 && k < len && h <= 24 && (s [k] == 'h' || s [k] == 'H'
                                            || s [k] == ':')) {
            size_t rest = len - k - 1;
            bool mins = rest == 2 && s [k + 1] >= '0' && s [k + 1] <= '5'
                        && s [k + 2] >= '0' && s [k + 2] <= '9';
            if (mins || (rest == 0 && s [k] != ':')) {
                *type = S_TIME;
                return i + 1;
            }
        }
    }
    size_t e = s_date_dmy (self, text, i, n, norm);
    if (e > i) {
        *type = S_DATE;
        return e;
    }
    if (!(t->flags & TK_NUMERIC))
        return i;
    long v = s_tok_num (text, t);
    if (v >= 0 && v <= 24 && i + 1 < n && (toks [i + 1].lex & LX_HOUR)
    &&  s_adjacent (text, toks, i)) {
        *type = S_TIME;
        size_t j = i + 2;
        if (j < n && s_adjacent (text, toks, j - 1)
        &&  toks [j].end - toks [j].start == 2) {
            long mm = s_tok_num (text, &toks [j]);
            if (mm >= 0 && mm < 60)
                j++;
        }
        return j;
    }
    if (len == 4 && v >= 1800 && v <= 2100 && prev && (prev->lex & LX_YEARCUE)) {
        *type = S_DATE;
        return i + 1;
    }
    return s_number (self, text, i, n, type);
}

//  --------------------------------------------------------------------------
//  Title word at i (président, M., Dr); returns the tokens it takes, or 0.

static size_t
s_title (dp_tagger_t *self, const char *text, size_t i, size_t n)
{
    const s_tok_t *t = &self->toks [i];
    if ((t->lex & LX_TITLE) && !(t->flags & TK_ALLCAPS))
        return 1;
    if (!(t->flags & TK_CAP))
        return 0;
    const s_gaz_t *g = s_gaz_one (self, text, t);
    if (!g || !g->title)
        return 0;
    bool dot = i + 1 < n && s_tok_is (text, &self->toks [i + 1], ".")
               && self->toks [i + 1].start == t->end;
    if (s_tok_is (text, t, "M") || s_tok_is (text, t, "MM"))
        return dot ? 2 : 0;
    return dot ? 2 : 1;
}

//  --------------------------------------------------------------------------
//  Lowercase word that looks like an adjective (nationality and such).

static bool
s_is_adj (const char *text, const s_tok_t *t)
{
    if (t->lex & LX_ADJ)
        return true;
    if (!(t->flags & TK_LOWER) || t->nchars < 5)
        return false;
#define S_SUF(x) { x, sizeof x - 1 }
    static const struct { const char *s; size_t len; } suffixes [] = {
        S_SUF ("ais"), S_SUF ("aise"), S_SUF ("ain"), S_SUF ("aine"),
        S_SUF ("ien"), S_SUF ("ienne"), S_SUF ("ois"), S_SUF ("oise"),
        S_SUF ("ique"), S_SUF ("iste"), S_SUF ("éen"), S_SUF ("éenne"),
        S_SUF ("ale"), S_SUF ("aux"), S_SUF ("elle"), S_SUF ("ains"),
        S_SUF ("aines"), S_SUF ("iens"), S_SUF ("iennes"), S_SUF ("aises"),
        S_SUF ("iques"), S_SUF ("istes")
    };
#undef S_SUF
    const char *s = text + t->start;
    size_t len = t->end - t->start;
    for (size_t k = 0; k < sizeof suffixes / sizeof suffixes [0]; k++) {
        size_t sl = suffixes [k].len;
        if (sl < len && memcmp (s + len - sl, suffixes [k].s, sl) == 0)
            return true;
    }
    return false;
}

//  Capitalised word that may start a name.
static bool
s_run_start (dp_tagger_t *self, const char *text, const s_tok_t *t)
{
    if (!(t->flags & TK_CAP) || (t->flags & TK_ELISION) || t->nchars < 2)
        return false;
    if (t->lex & (LX_STOP | LX_TITLE | LX_TITLECOMP | LX_ADJ | LX_MONTH
                  | LX_WEEKDAY))
        return false;
    const s_gaz_t *g = s_gaz_one (self, text, t);
    return !(g && g->title);
}

//  Capitalised word that may continue a name.
static bool
s_run_cont (dp_tagger_t *self, const char *text, const s_tok_t *t)
{
    if (!(t->flags & TK_CAP) || (t->flags & TK_ELISION))
        return false;
    if (t->lex & (LX_STOP | LX_TITLE | LX_MONTH | LX_WEEKDAY))
        return false;
    const s_gaz_t *g = s_gaz_one (self, text, t);
    return !(g && g->title);
}

static bool
s_is_particle (const s_tok_t *t)
{
    if (t->lex & LX_PARTCAP)
        return (t->flags & TK_CAP) != 0;
    return (t->lex & LX_PARTICLE) != 0;
}

//  --------------------------------------------------------------------------
//  End of the name that starts at i: capitalised words, with particles
//  (de, van, al) between them.

static size_t
s_run_end (dp_tagger_t *self, const char *text, size_t i, size_t n)
{
    const s_tok_t *toks = self->toks;
    size_t j = i + 1;
    while (j < n && j - i < S_MAX_RUN && s_adjacent (text, toks, j - 1)) {
        if (s_run_cont (self, text, &toks [j])) {
            j++;
            continue;
        }
        if (s_is_particle (&toks [j]) && j + 1 < n
        &&  !(toks [j - 1].flags & TK_ALLCAPS)
        &&  s_adjacent (text, toks, j)
        &&  s_run_cont (self, text, &toks [j + 1])) {
            j += 2;
            continue;
        }
        break;
    }
    return j;
}

//  --------------------------------------------------------------------------
//  Organisation that starts with trigger i (Comité international de la
//  Croix-Rouge, ministère de la Défense, Parti socialiste). Returns the end
//  token, or i when nothing follows the trigger.

static size_t
s_org_extend (dp_tagger_t *self, const char *text, size_t i, size_t n)
{
    const s_tok_t *toks = self->toks;
    size_t j = i + 1;
    int adj = 0;
    while (j < n && adj < 2 && s_adjacent (text, toks, j - 1)
    &&     (toks [j].flags & TK_LOWER) && s_is_adj (text, &toks [j])) {
        j++;
        adj++;
    }
    if (j < n && s_adjacent (text, toks, j - 1)
    &&  (toks [j].lex & LX_PARTICLE) && (toks [j].flags & TK_LOWER)) {
        size_t k = j + 1;
        if (k < n && (s_tok_is (text, &toks [k], "la")
                      || s_tok_is (text, &toks [k], "l'")
                      || s_tok_is (text, &toks [k], "l\xE2\x80\x99"))
        &&  s_adjacent (text, toks, k - 1))
            k++;
        if (k < n && s_adjacent (text, toks, k - 1)
        &&  (toks [k].flags & TK_CAP) && !(toks [k].lex & LX_STOP)) {
            //  « ministère des Affaires étrangères »
            size_t e = s_run_end (self, text, k, n);
            if (e < n && s_adjacent (text, toks, e - 1)
            &&  (toks [e].flags & TK_LOWER)
            &&  (s_is_adj (text, &toks [e]) || (toks [e].lex & LX_TITLECOMP))
            &&  !(toks [e].lex & (LX_PARTICLE | LX_STOP)))
                e++;
            return e;
        }
    }
    if (j < n && s_adjacent (text, toks, j - 1)
    &&  s_run_cont (self, text, &toks [j]))
        return s_run_end (self, text, j, n);
    if (adj && (toks [i].flags & TK_CAP))
        return j;
    return i;
}

//  --------------------------------------------------------------------------
//  A place cue before token i: « à X », « en X », « la région du X »,
//  « la ville turque de X ».

static bool
s_loc_context (const char *text, const s_tok_t *toks, size_t i)
{
    if (i == 0)
        return false;
    size_t k = i - 1;
    if (toks [k].lex & LX_LOCPREP)
        return true;
    for (int steps = 0; steps < 4; steps++) {
        const s_tok_t *t = &toks [k];
        if (t->lex & LX_LOCCUE)
            return true;
        bool skip = ((t->lex & LX_PARTICLE) && (t->flags & TK_LOWER))
                    || s_tok_is (text, t, "la") || s_tok_is (text, t, "l'")
                    || s_is_adj (text, t);
        if (!skip || k == 0)
            return false;
        k--;
    }
    return false;
}

//  Token i starts a sentence or follows an opening quote, a bracket or a
//  colon: a capital there means little.
static bool
s_initial (const char *text, const s_tok_t *toks, size_t i)
{
    if (i == 0)
        return true;
    const s_tok_t *p = &toks [i - 1];
    if (!(p->flags & TK_PUNCT))
        return false;
    unsigned char c = (unsigned char) text [p->start];
    if (c == ',' || c == ')' || c == ']' || c == '/' || c == '&'
    ||  s_tok_is (text, p, "\xC2\xBB") || s_tok_is (text, p, "\xE2\x80\x9D"))
        return false;
    //  "M. X" and initials: a dot after a short capital ends no sentence.
    if (c == '.' && i >= 2) {
        const s_tok_t *pp = &toks [i - 2];
        if ((pp->flags & TK_CAP) && pp->nchars <= 3 && pp->end == p->start)
            return false;
    }
    return true;
}

//  Acronym: 2-6 capitals, not a roman numeral.
static bool
s_acronym (const s_tok_t *t)
{
    return (t->flags & TK_ALLCAPS) && !(t->flags & TK_ROMAN)
        && t->nchars >= 2 && t->nchars <= 6 && !(t->lex & LX_STOP);
}

//  --------------------------------------------------------------------------
//  Tags tokens [0, n) of self->toks (one sentence) into self->cands.

static void
s_tag_sentence (dp_tagger_t *self, const char *text)
{
    const s_tok_t *toks = self->toks;
    size_t n = self->n_toks;
    size_t words = 0, shouting = 0;
    for (size_t k = 0; k < n; k++) {
        if (toks [k].flags & TK_WORD && !(toks [k].flags & TK_DIGIT)) {
            words++;
            if (toks [k].flags & TK_ALLCAPS)
                shouting++;
        }
    }
    bool shout = shouting >= 3 && shouting * 2 >= words;
    int title_ctx = 0;
    bool title_de = false;              //  « président de X »: X is no person
    size_t i = 0;
    while (i < n && !self->oom) {
        const s_tok_t *t = &toks [i];
        uint8_t type = S_NONE;
        uint32_t norm = S_NO_NORM;
        if (t->flags & TK_PUNCT) {
            bool cur = s_tok_is (text, t, "$") || s_tok_is (text, t, "€")
                       || s_tok_is (text, t, "£");
            if (cur && i + 1 < n && (toks [i + 1].flags & TK_NUMERIC)
            &&  s_adjacent (text, toks, i)) {
                uint8_t ignored;
                size_t e = s_number (self, text, i + 1, n, &ignored);
                s_emit (self, t->start, toks [e - 1].end, S_MONEY, 0, 0,
                        S_NO_NORM, e - i, toks [e - 1].start);
                i = e;
                title_ctx = 0;
                continue;
            }
            if (title_ctx > 0 && (s_tok_is (text, t, ",")
                                  || s_tok_is (text, t, ".")))
                title_ctx--;
            else
                title_ctx = 0;
            i++;
            continue;
        }
        if ((t->flags & TK_DIGIT) || (t->lex & (LX_MONTH | LX_WEEKDAY))) {
            size_t e = s_scan_num (self, text, i, n, &type, &norm);
            if (e > i) {
                s_emit (self, t->start, toks [e - 1].end, type, 0,
                        norm == S_NO_NORM ? 0 : 2, norm, e - i,
                        toks [e - 1].start);
                i = e;
                title_ctx = 0;
                continue;
            }
        }
        size_t k = 0;
        const s_gaz_t *g = s_gaz_match (self, text, i, n, &k);
        if (g && k == 1 && (t->flags & TK_CAP)) {
            //  Nancy Pelosi: a given name before a capital beats the city.
            const s_gaz_t *one = s_gaz_one (self, text, t);
            if (one && one->first && i + 1 < n && s_adjacent (text, toks, i)
            &&  s_run_start (self, text, &toks [i + 1]))
                g = NULL;
        }
        if (g) {
            if (s_emit (self, t->start, toks [i + k - 1].end, g->type, 0,
                        g->norm == S_NO_NORM ? 0 : 1, g->norm, k,
                        toks [i + k - 1].start) == 0)
                self->cands [self->n_cands - 1].gaz = k >= 2;
            if (g->type != S_LOC && g->type != S_ORG)
                title_ctx = 0;
            title_de = false;
            i += k;
            continue;
        }
        size_t tk = s_title (self, text, i, n);
        if (tk) {
            title_ctx = 5;
            title_de = false;
            i += tk;
            continue;
        }
        bool trig = ((t->flags & TK_CAP) && (t->lex & (LX_ORGTRIG | LX_ORGTRIGLC)))
                    || ((t->flags & TK_LOWER) && (t->lex & LX_ORGTRIGLC));
        if (trig) {
            size_t e = s_org_extend (self, text, i, n);
            if (e == i && (t->flags & TK_CAP) && !shout
            &&  !s_initial (text, toks, i))
                e = i + 1;          //  « la Commission », « le Parlement »
            if (e > i) {
                s_emit (self, t->start, toks [e - 1].end, S_ORG, 0, 0,
                        S_NO_NORM, e - i, toks [e - 1].start);
                i = e;
                title_ctx = 0;
                continue;
            }
        }
        bool start = s_run_start (self, text, t) && !trig;
        if (!start && title_ctx > 0 && (t->flags & TK_CAP)
        &&  s_is_particle (t) && i + 1 < n && s_adjacent (text, toks, i)
        &&  s_run_cont (self, text, &toks [i + 1]))
            start = true;           //  M. De Croo, M. Van Rompuy
        if (start) {
            size_t e = s_run_end (self, text, i, n);
            const s_gaz_t *one = s_gaz_one (self, text, t);
            uint8_t weak = 0;
            bool acro = false;
            for (size_t q = i; q < e; q++)
                acro = acro || s_acronym (&toks [q]);
            bool initial = s_initial (text, toks, i) || shout;
            if (title_ctx > 0 && title_de && !(one && one->first)) {
                type = S_ORG;
                weak = initial ? 2 : 1;
            }
            else
            if (title_ctx > 0 && acro && e - i == 1)
                type = S_ORG;
            else
            if (title_ctx > 0) {
                type = S_PER;
                //  "Commissioner for Crisis Management Janez X": the name
                //  starts at the given name when there is one.
                for (size_t q = i + 1; q + 1 < e; q++) {
                    const s_gaz_t *gq = s_gaz_one (self, text, &toks [q]);
                    if (gq && gq->first) {
                        t = &toks [q];
                        break;
                    }
                }
            }
            else
            if (one && one->first && e - i >= 2)
                type = S_PER;
            else
            if (acro && !shout)
                type = S_ORG;
            else
            if (s_loc_context (text, toks, i) && !shout)
                type = S_LOC;
            else {
                //  Unknown name: a person when it has several words, else
                //  a guess that an earlier or later sure mention may fix.
                type = e - i >= 2 ? S_PER : S_UNKNOWN_TYPE;
                weak = initial ? 2 : 1;
            }
            s_emit (self, t->start, toks [e - 1].end, type, weak, 0,
                    S_NO_NORM, e - i, toks [e - 1].start);
            i = e;
            title_ctx = 0;
            continue;
        }
        if (title_ctx > 0
        &&  ((t->lex & (LX_TITLECOMP | LX_ADJ | LX_PARTICLE | LX_TITLE))
             || (t->flags & TK_ELISION) || s_is_adj (text, t))) {
            title_ctx--;
            title_de = ((t->lex & LX_PARTICLE) && (t->flags & TK_LOWER))
                       || (title_de && (s_tok_is (text, t, "la")
                                        || (t->flags & TK_ELISION)));
        }
        else
            title_ctx = 0;
        i++;
    }
}

//  --------------------------------------------------------------------------
//  Fills self->mt[0..n_toks) (model view of the sentence's tokens): hashes
//  and the gazetteer/lexicon code of each token. 0 or -1 (OOM).

static int
s_model_toks (dp_tagger_t *self, const char *text)
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
        if (!nt || !ny) {
            self->oom = 1;
            return -1;
        }
        self->cap_m = ncap;
    }
    const s_tok_t *toks = self->toks;
    for (size_t i = 0; i < n; i++)
        self->mt [i].gz = 0;
    //  Gazetteer names, longest first, left to right.
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        const s_gaz_t *g = (toks [i].flags & TK_WORD)
                           ? s_gaz_match (self, text, i, n, &k) : NULL;
        if (!g || k == 0 || g->type > S_MISC) {
            i++;
            continue;
        }
        for (size_t q = i; q < i + k; q++)
            self->mt [q].gz = g->type | (q == i ? 8u : 0u);
        i += k;
    }
    for (size_t i = 0; i < n; i++) {
        const s_tok_t *t = &toks [i];
        uint32_t gz = self->mt [i].gz;
        if (t->flags & TK_WORD) {
            const s_gaz_t *one = s_gaz_one (self, text, t);
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
            gz |= (lx & LX_ADJ || s_is_adj (text, t) ? 1u : 0u) << 12;
            gz |= (lx & LX_STOP ? 1u : 0u) << 13;
            gz |= (lx & (LX_MONTH | LX_WEEKDAY) ? 1u : 0u) << 14;
            gz |= (lx & LX_PARTICLE ? 1u : 0u) << 15;
        }
        dp_tagm_tok (&self->mt [i], text + t->start, t->end - t->start, gz);
    }
    return 0;
}

//  Entity type (S_PER..S_MISC) of model label y, or S_NONE.
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
    const s_tok_t *toks = self->toks;
    while (a < b && (toks [a].flags & (TK_ELISION | TK_PUNCT)))
        a++;
    //  A title opening the span is not part of it, and what follows a
    //  title is a person (« Dr Vasseur », « M. Blinken »).
    size_t tl = b - a >= 2 ? s_title (self, text, a, b) : 0;
    if (tl && a + tl < b && !(toks [a + tl].flags & TK_LOWER)) {
        a += tl;
        type = S_PER;
    }
    //  Nor does it end with one (« Conseil l' », « droits de l' »).
    while (b > a && ((toks [b - 1].flags & TK_ELISION)
                     || ((toks [b - 1].flags & TK_PUNCT)
                         && !s_tok_is (text, &toks [b - 1], ".")
                         && !s_tok_is (text, &toks [b - 1], ")"))))
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
    char key [S_MAX_KEY];
    size_t klen = end - start < S_MAX_KEY
                  ? s_norm_key (text + start, end - start, key) : 0;
    s_slot_t *slot = klen ? s_map_find (&self->gaz, self->pool.v, key, klen,
                                        s_hash (key, klen)) : NULL;
    if (slot && self->ents [slot->val].norm != S_NO_NORM) {
        src = 1;
        norm = self->ents [slot->val].norm;
    }
    //  One capitalised word that the lexicon knows as a function word, a
    //  title, a month or a weekday (« Président », « Avec ») is not a name
    //  by itself unless the gazetteer says it is. (Organisation triggers
    //  stay: « Commission » alone is an ORG often enough; measured.)
    if (b - a == 1 && !slot
    &&  (toks [a].lex & (LX_STOP | LX_TITLE | LX_TITLECOMP
                         | LX_LOCPREP | LX_PARTCAP | LX_MONTH | LX_WEEKDAY)))
        return;
    s_emit (self, start, end, type, 0, src, norm, b - a, toks [b - 1].start);
}

//  Replaces the name candidates the rules found in this sentence (from
//  index c0 on) by the model's, keeping the rules' DATE/TIME/MONEY/NUM that
//  do not overlap a model entity. Text order is kept.

static void
s_model_sentence (dp_tagger_t *self, const char *text, size_t c0)
{
    size_t n = self->n_toks;
    if (n == 0 || s_model_toks (self, text))
        return;
    dp_tagm_decode (self->model, self->mt, n, self->my);
    //  tmpc: the rule candidates [0, nr), then the model's [nr, nr + nm).
    size_t nr = self->n_cands - c0;
    size_t need = nr + n;
    if (need > self->cap_tmpc) {
        s_cand_t *nv = realloc (self->tmpc, need * sizeof *nv);
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
    s_cand_t *rc = self->tmpc, *mc = self->tmpc + nr;
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
        s_cand_t *c;
        if (m >= nm || (r < nr && rc [r].start <= mc [m].start))
            c = &rc [r++];
        else
            c = &mc [m++];
        c->norm_src &= 0x7F;
        if (c->type == S_NONE)
            continue;
        if (s_emit (self, c->start, c->end, c->type, c->weak, c->norm_src,
                    c->norm, c->ntok, c->last))
            return;
        self->cands [self->n_cands - 1].gaz = c->gaz;
    }
}

//  --------------------------------------------------------------------------
//  Conventions of the annotation that the model misses, applied to the
//  candidates of one sentence (self->cands [c0..n_cands), text order) after
//  the model: a verb glued to a name is cut off, a place that votes or
//  wants is an organisation, « affaire X » is one MISC, a head noun
//  (« mairie de », « rue ») belongs to the name and gives its type.

//  Index of the token starting at byte at, or n_toks.
static size_t
s_tok_index (const dp_tagger_t *self, uint32_t at)
{
    size_t lo = 0, hi = self->n_toks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (self->toks [mid].start < at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < self->n_toks && self->toks [lo].start == at ? lo : self->n_toks;
}

//  True when token t is a lowercase elided « n' » or « s' ».
static bool
s_neg_or_refl (const char *text, const s_tok_t *t)
{
    char c = text [t->start];
    return (t->flags & TK_ELISION) && (c == 'n' || c == 's');
}

//  True when word t ends with suffix suf (bytes) and has at least three
//  more bytes before it.
static bool
s_ends_with (const char *text, const s_tok_t *t, const char *suf)
{
    size_t len = t->end - t->start, sl = strlen (suf);
    return len > sl + 2 && memcmp (text + t->end - sl, suf, sl) == 0;
}

//  True when lowercase word t looks like a finite verb of the imperfect,
//  future or conditional (« tentait », « bénéficiera ») or a past
//  participle (« refusé », « voulu »; not « été »).
static bool
s_verb_shape (const char *text, const s_tok_t *t, bool participle)
{
    static const char *const fin [] = {
        "ait", "aient", "era", "eront", "erait", "eraient", NULL
    };
    static const char *const part [] = {
        "é", "ée", "és", "ées", "u", "ue", "is", "it", NULL
    };
    const char *const *v = participle ? part : fin;
    if (participle && s_tok_is (text, t, "été"))
        return false;
    for (int k = 0; v [k]; k++)
        if (s_ends_with (text, t, v [k]))
            return true;
    return false;
}

//  True when the tokens from i on read as a verb of will, speech or vote,
//  or another finite verb, whose subject ends just before i: « souhaite »,
//  « a voté », « n'a pas voulu », « doit ratifier », « tentait ».
static bool
s_acts_from (const dp_tagger_t *self, const char *text, size_t i)
{
    bool aux = false;
    for (size_t k = 0; k < 5 && i + k < self->n_toks; k++) {
        const s_tok_t *t = &self->toks [i + k];
        if (!(t->flags & TK_LOWER))
            return false;
        if (t->lex & LX_WILLVERB)
            return true;
        if (t->lex & LX_WILLPART)
            return aux;
        if (t->lex & LX_AUX)
            aux = true;
        else
        if (t->lex & LX_SKIP || s_neg_or_refl (text, t))
            continue;
        else
            return s_verb_shape (text, t, aux);
    }
    return false;
}

//  True when token i (the first of a name) has a determiner or nothing
//  before it: « la France », « l'Allemagne », « Washington » opening the
//  sentence (not « en France », « de Paris »).
static bool
s_subject_start (const char *text, const s_tok_t *toks, size_t i)
{
    if (i == 0)
        return true;
    const s_tok_t *p = &toks [i - 1];
    return s_tok_is (text, p, "la") || s_tok_is (text, p, "le")
        || s_tok_is (text, p, "les") || s_tok_is (text, p, "La")
        || s_tok_is (text, p, "Le") || s_tok_is (text, p, "Les")
        || ((p->flags & TK_ELISION) && (text [p->start] | 0x20) == 'l');
}

//  « affaire (des X de) Y » with Y the candidate at token j: the index of
//  the head « affaire » before it, or j when there is none.
static size_t
s_misc_head (const dp_tagger_t *self, const char *text, size_t j)
{
    const s_tok_t *toks = self->toks;
    for (size_t k = 1; k <= 6 && k <= j; k++) {
        const s_tok_t *t = &toks [j - k];
        if (t->lex & LX_MISCHEAD)
            return k == 1 || (toks [j - k + 1].lex & LX_PARTICLE) ? j - k : j;
        if (!(t->flags & (TK_LOWER | TK_ELISION)) || s_tok_is (text, t, "et"))
            return j;
    }
    return j;
}

//  « mairie de Paris », « place de l'Église », « boulangerie Leroy »: a
//  lowercase head noun right before the name, or before « de », « du »,
//  « des », « d' », « de la », « de l' » and the name (not for a HEADNEXT
//  head: « l'église de Chaumont »). Returns the head's
//  index and sets *type (ORG or LOC), or returns j.
static size_t
s_name_head (const dp_tagger_t *self, const char *text, size_t j,
             uint8_t *type)
{
    const s_tok_t *toks = self->toks;
    size_t h = j;
    if (h >= 1 && (s_tok_is (text, &toks [h - 1], "la")
                   || ((toks [h - 1].flags & TK_ELISION)
                       && text [toks [h - 1].start] == 'l'))
    &&  h >= 2 && s_tok_is (text, &toks [h - 2], "de"))
        h -= 2;
    else
    if (h >= 1 && (s_tok_is (text, &toks [h - 1], "de")
                   || s_tok_is (text, &toks [h - 1], "du")
                   || s_tok_is (text, &toks [h - 1], "des")
                   || ((toks [h - 1].flags & TK_ELISION)
                       && text [toks [h - 1].start] == 'd')))
        h--;
    if (h == 0 || !(toks [h - 1].flags & TK_LOWER))
        return j;
    uint32_t lex = toks [h - 1].lex;
    if (!(lex & (LX_ORGHEAD | LX_LOCHEAD)) || (h < j && (lex & LX_HEADNEXT)))
        return j;
    *type = lex & LX_ORGHEAD ? S_ORG : S_LOC;
    return h - 1;
}

static void
s_post_sentence (dp_tagger_t *self, const char *text, size_t c0)
{
    const s_tok_t *toks = self->toks;
    for (size_t k = c0; k < self->n_cands; k++) {
        s_cand_t *c = &self->cands [k];
        if (c->type == S_NONE || c->type > S_MISC)
            continue;
        size_t a = s_tok_index (self, c->start);
        size_t b = a;
        while (b < self->n_toks && toks [b].start < c->end)
            b++;
        if (a >= self->n_toks || b <= a)
            continue;
        //  « la Commission estime »: the verb is not part of the name.
        if (b - a >= 2 && (toks [b - 1].flags & TK_LOWER)
        &&  (toks [b - 1].lex & LX_WILLVERB)) {
            b--;
            while (b > a + 1 && (toks [b - 1].flags & TK_PUNCT))
                b--;
            c->end = toks [b - 1].end;
            c->last = toks [b - 1].start;
            c->ntok = (uint8_t) (b - a < 255 ? b - a : 255);
            c->norm_src = 0;
            c->norm = S_NO_NORM;
        }
        //  « Novartis Europharm Limited », « European Medicines Agency ».
        if (c->type != S_ORG && (toks [b - 1].flags & TK_CAP)
        &&  (toks [b - 1].lex & LX_ORGTAIL))
            c->type = S_ORG;
        //  « la France a voté », « Washington refuse »: a government.
        if (c->type == S_LOC && s_subject_start (text, toks, a)
        &&  s_acts_from (self, text, b))
            c->type = S_ORG;
        //  « L'Allemagne et la France ont signé »: both act.
        if (c->type == S_ORG && k > c0 && self->cands [k - 1].type == S_LOC
        &&  a >= 3 && s_tok_is (text, &toks [a - 2], "et")
        &&  self->cands [k - 1].end == toks [a - 3].end
        &&  s_subject_start (text, toks, a)) {
            size_t pa = s_tok_index (self, self->cands [k - 1].start);
            if (pa < self->n_toks && s_subject_start (text, toks, pa))
                self->cands [k - 1].type = S_ORG;
        }
        //  « l'affaire des démons de Loudun », « affaire Elf »; « mairie
        //  de Paris », « rue Victor-Hugo ».
        uint8_t head_type = S_MISC;
        size_t h = s_misc_head (self, text, a);
        if (h == a)
            h = s_name_head (self, text, a, &head_type);
        if (h < a && !(k > c0 && self->cands [k - 1].end > toks [h].start)) {
            c->start = toks [h].start;
            c->type = head_type;
            c->ntok = (uint8_t) (b - h < 255 ? b - h : 255);
            c->norm_src = 0;
            c->norm = S_NO_NORM;
            c->gaz = 0;
        }
    }
}

//  --------------------------------------------------------------------------
//  Norm string of candidate c (NULL: its text).

static const char *
s_cand_norm (const dp_tagger_t *self, const s_cand_t *c)
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
    s_slot_t *slot = s_map_put (&self->amap, &self->akeys, buf, len + 1,
                                &created);
    if (!slot)
        self->oom = 1;
    else
    if (created)
        slot->val = val;
}

static const s_cand_t *
s_amap_get (dp_tagger_t *self, char tag, const char *key, size_t len)
{
    char buf [S_MAX_KEY];
    if (len == 0 || len + 1 >= S_MAX_KEY)
        return NULL;
    buf [0] = tag;
    memcpy (buf + 1, key, len);
    s_slot_t *slot = s_map_find (&self->amap, self->akeys.v, buf, len + 1,
                                 s_hash (buf, len + 1));
    return slot ? &self->cands [slot->val] : NULL;
}

//  --------------------------------------------------------------------------
//  Article-level pass: guesses confirmed by a sure mention take its type;
//  a surname alone takes the full name seen elsewhere in the article.

static void
s_resolve (dp_tagger_t *self, const char *text)
{
    s_map_clear (&self->amap);
    self->akeys.n = 0;
    for (size_t k = 0; k < self->n_cands; k++) {
        s_cand_t *c = &self->cands [k];
        if (c->weak || c->type > S_MISC)
            continue;
        s_amap_add (self, 'T', text + c->start, c->end - c->start, (uint32_t) k);
        if (c->type != S_PER)
            continue;
        const char *nm = s_cand_norm (self, c);
        if (c->ntok >= 2)
            s_amap_add (self, 'S', text + c->last, c->end - c->last, (uint32_t) k);
        if (nm && strchr (nm, ' ')) {
            const char *sp = strrchr (nm, ' ') + 1;
            s_amap_add (self, 'S', sp, strlen (sp), (uint32_t) k);
        }
    }
    for (size_t k = 0; k < self->n_cands; k++) {
        s_cand_t *c = &self->cands [k];
        if (c->type > S_MISC)
            continue;
        const char *s = text + c->start;
        size_t len = c->end - c->start;
        if (c->weak) {
            const s_cand_t *hit = s_amap_get (self, 'T', s, len);
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
            const s_cand_t *hit = s_amap_get (self, 'S', s, len);
            if (hit && hit != c && hit->type == S_PER && hit->ntok >= 2)
                c->type = S_PER;
        }
        if (c->type == S_PER && c->ntok == 1 && c->norm_src == 0) {
            const s_cand_t *hit = s_amap_get (self, 'S', s, len);
            if (hit && hit != c) {
                c->norm_src = hit->norm_src ? hit->norm_src : 3;
                c->norm = hit->norm_src ? hit->norm : (uint32_t) (hit - self->cands);
            }
        }
    }
}

//  --------------------------------------------------------------------------
//  Loads one gazetteer file. 0 or -1 (reason logged).

static int
s_load_file (dp_tagger_t *self, const char *path)
{
    size_t size;
    char *data = dp_read_file (path, &size);
    if (!data) {
        dp_log_error ("tag: cannot read %s", path);
        return -1;
    }
    int rc = 0;
    char *line = data;
    unsigned lineno = 0;
    while (line && *line && rc == 0) {
        lineno++;
        char *eol = strchr (line, '\n');
        if (eol)
            *eol = '\0';
        char *next = eol ? eol + 1 : NULL;
        size_t ll = strlen (line);
        if (ll && line [ll - 1] == '\r')
            line [--ll] = '\0';
        if (ll == 0 || line [0] == '#') {
            line = next;
            continue;
        }
        char *tab = strchr (line, '\t');
        if (!tab) {
            dp_log_warn ("tag: %s:%u: no TAB, line skipped", path, lineno);
            line = next;
            continue;
        }
        *tab = '\0';
        char *kind = tab + 1;
        char *norm = strchr (kind, '\t');
        if (norm)
            *norm++ = '\0';
        if (norm && !*norm)
            norm = NULL;
        char key [S_MAX_KEY];
        size_t klen = s_norm_key (line, strlen (line), key);
        if (!klen) {
            line = next;
            continue;
        }
        uint32_t lexflag = 0;
        uint8_t type = S_NONE;
        bool first = false, title = false;
        if (!strcmp (kind, "PER"))          type = S_PER;
        else if (!strcmp (kind, "LOC"))     type = S_LOC;
        else if (!strcmp (kind, "ORG"))     type = S_ORG;
        else if (!strcmp (kind, "MISC"))    type = S_MISC;
        else if (!strcmp (kind, "FIRST"))   first = true;
        else if (!strcmp (kind, "TITLE"))   lexflag = LX_TITLE;
        else if (!strcmp (kind, "TITLECOMP")) lexflag = LX_TITLECOMP;
        else if (!strcmp (kind, "STOP"))    lexflag = LX_STOP;
        else if (!strcmp (kind, "ADJ"))     lexflag = LX_ADJ;
        else if (!strcmp (kind, "ORGTRIG")) lexflag = LX_ORGTRIG;
        else if (!strcmp (kind, "ORGTRIGLC")) lexflag = LX_ORGTRIGLC;
        else if (!strcmp (kind, "LOCCUE"))  lexflag = LX_LOCCUE;
        else if (!strcmp (kind, "LOCPREP")) lexflag = LX_LOCPREP;
        else if (!strcmp (kind, "PARTICLE")) lexflag = LX_PARTICLE;
        else if (!strcmp (kind, "PARTICLECAP")) lexflag = LX_PARTCAP;
        else if (!strcmp (kind, "WILLVERB")) lexflag = LX_WILLVERB;
        else if (!strcmp (kind, "WILLPART")) lexflag = LX_WILLPART;
        else if (!strcmp (kind, "AUX"))     lexflag = LX_AUX;
        else if (!strcmp (kind, "SKIP"))    lexflag = LX_SKIP;
        else if (!strcmp (kind, "MISCHEAD")) lexflag = LX_MISCHEAD;
        else if (!strcmp (kind, "ORGHEAD")) lexflag = LX_ORGHEAD;
        else if (!strcmp (kind, "LOCHEAD")) lexflag = LX_LOCHEAD;
        else if (!strcmp (kind, "HEADNEXT")) lexflag = LX_HEADNEXT;
        else if (!strcmp (kind, "ORGTAIL")) lexflag = LX_ORGTAIL;
        else {
            dp_log_warn ("tag: %s:%u: unknown type '%s'", path, lineno, kind);
            line = next;
            continue;
        }
        //  A lowercase cue word is matched folded; "Mme", "M." exactly.
        char folded [S_MAX_KEY];
        size_t flen = s_fold (key, klen, folded);
        bool lower = flen == klen && memcmp (folded, key, klen) == 0;
        if (lexflag && (lexflag != LX_TITLE || lower)) {
            bool created;
            s_slot_t *slot = s_map_put (&self->lex, &self->pool, folded, flen,
                                        &created);
            if (!slot)
                rc = -1;
            else
                slot->val |= lexflag;
            line = next;
            continue;
        }
        if (lexflag == LX_TITLE) {
            while (klen > 1 && key [klen - 1] == '.')
                klen--;
            title = true;
        }
        //  Count the name's tokens with the text scanner itself.
        self->n_toks = 0;
        s_scan_range (self, key, 0, (uint32_t) klen);
        size_t ntok = self->n_toks;
        if (ntok == 0 || ntok > S_MAX_GAZ_TOK) {
            line = next;
            continue;
        }
        bool created;
        s_slot_t *slot = s_map_put (&self->gaz, &self->pool, key, klen, &created);
        if (!slot) {
            rc = -1;
            break;
        }
        if (created) {
            if (self->n_ents == self->cap_ents) {
                size_t ncap = self->cap_ents ? self->cap_ents * 2 : 1024;
                s_gaz_t *nv = realloc (self->ents, ncap * sizeof *nv);
                if (!nv) {
                    rc = -1;
                    break;
                }
                self->ents = nv;
                self->cap_ents = ncap;
            }
            slot->val = (uint32_t) self->n_ents;
            self->ents [self->n_ents++] = (s_gaz_t) {
                S_NO_NORM, S_NONE, (uint8_t) ntok, 0, 0
            };
        }
        s_gaz_t *g = &self->ents [slot->val];
        if (first)
            g->first = 1;
        if (title)
            g->title = 1;
        if (type != S_NONE && g->type == S_NONE) {
            g->type = type;
            if (norm && strcmp (norm, line)) {
                char nkey [S_MAX_KEY];
                size_t nlen = s_norm_key (norm, strlen (norm), nkey);
                if (nlen) {
                    //  Norms keep the typographic apostrophe out: one form.
                    g->norm = s_buf_add (&self->pool, nkey, nlen);
                    if (g->norm == S_NO_NORM)
                        rc = -1;
                }
            }
        }
        //  The first token, with the longest name it starts.
        const s_tok_t *t0 = &self->toks [0];
        s_slot_t *fs = s_map_put (&self->first, &self->pool, key + t0->start,
                                  t0->end - t0->start, &created);
        if (!fs)
            rc = -1;
        else
        if (fs->val < ntok)
            fs->val = (uint32_t) ntok;
        line = next;
    }
    free (data);
    if (self->oom)
        rc = -1;
    return rc;
}

//  --------------------------------------------------------------------------
//  Built-in date and number words (grammar, not knowledge). 0 or -1.

static int
s_load_builtin (dp_tagger_t *self)
{
    static const char *const fr_months [] = {
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
        "août", "septembre", "octobre", "novembre", "décembre"
    };
    static const char *const fr_months2 [] = {
        "janv", "fevrier", "mars", "avril", "mai", "juin", "juillet",
        "aout", "sept", "octobre", "novembre", "decembre"
    };
    static const char *const en_months [] = {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"
    };
    static const char *const fr_days [] = {
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"
    };
    static const char *const en_days [] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday"
    };
    static const struct { const char *w; uint32_t f; } words [] = {
        { "euro", LX_CURRENCY }, { "euros", LX_CURRENCY },
        { "dollar", LX_CURRENCY }, { "dollars", LX_CURRENCY },
        { "franc", LX_CURRENCY }, { "francs", LX_CURRENCY },
        { "rouble", LX_CURRENCY }, { "roubles", LX_CURRENCY },
        { "manat", LX_CURRENCY }, { "manats", LX_CURRENCY },
        { "dram", LX_CURRENCY }, { "drams", LX_CURRENCY },
        { "yen", LX_CURRENCY }, { "yens", LX_CURRENCY },
        { "yuan", LX_CURRENCY }, { "yuans", LX_CURRENCY },
        { "roupie", LX_CURRENCY }, { "roupies", LX_CURRENCY },
        { "dinar", LX_CURRENCY }, { "dinars", LX_CURRENCY },
        { "dirham", LX_CURRENCY }, { "dirhams", LX_CURRENCY },
        { "hryvnia", LX_CURRENCY }, { "hryvnias", LX_CURRENCY },
        { "livres sterling", LX_CURRENCY }, { "pounds", LX_CURRENCY },
        { "usd", LX_CURRENCY }, { "eur", LX_CURRENCY },
        { "chf", LX_CURRENCY }, { "gbp", LX_CURRENCY },
        { "million", LX_MULT }, { "millions", LX_MULT },
        { "milliard", LX_MULT }, { "milliards", LX_MULT },
        { "mille", LX_MULT }, { "milliers", LX_MULT },
        { "billion", LX_MULT }, { "billions", LX_MULT },
        { "trillion", LX_MULT }, { "thousand", LX_MULT },
        { "h", LX_HOUR }, { "heure", LX_HOUR }, { "heures", LX_HOUR },
        { "en", LX_YEARCUE | LX_MONTHCUE }, { "depuis", LX_YEARCUE | LX_MONTHCUE },
        { "in", LX_YEARCUE | LX_MONTHCUE }, { "since", LX_YEARCUE | LX_MONTHCUE },
        { "de", LX_YEARCUE | LX_MONTHCUE }, { "d'", LX_YEARCUE | LX_MONTHCUE },
        { "fin", LX_YEARCUE | LX_MONTHCUE }, { "début", LX_YEARCUE | LX_MONTHCUE },
        { "mi", LX_MONTHCUE }, { "courant", LX_MONTHCUE },
        { "early", LX_YEARCUE | LX_MONTHCUE }, { "late", LX_YEARCUE | LX_MONTHCUE },
        { "année", LX_YEARCUE }, { "années", LX_YEARCUE }, { "an", LX_YEARCUE },
        { "avant", LX_YEARCUE }, { "après", LX_YEARCUE }, { "from", LX_YEARCUE },
        { "until", LX_YEARCUE }, { "dès", LX_YEARCUE }, { "vers", LX_YEARCUE },
        { "été", LX_YEARCUE }, { "printemps", LX_YEARCUE },
        { "automne", LX_YEARCUE }, { "hiver", LX_YEARCUE },
        { "during", LX_YEARCUE }, { "before", LX_YEARCUE },
        { "after", LX_YEARCUE }, { "of", LX_YEARCUE }, { "by", LX_YEARCUE },
        { "jusqu'", LX_YEARCUE }, { "entre", LX_YEARCUE },
        { "saison", LX_YEARCUE }, { "exercice", LX_YEARCUE },
    };
    bool created;
    for (int m = 0; m < 12; m++) {
        const char *list [3] = { fr_months [m], fr_months2 [m], en_months [m] };
        for (int k = 0; k < 3; k++) {
            s_slot_t *slot = s_map_put (&self->lex, &self->pool, list [k],
                                        strlen (list [k]), &created);
            if (!slot)
                return -1;
            slot->val |= LX_MONTH | ((uint32_t) (m + 1) << 24)
                       | (k == 2 ? LX_EN : 0);
        }
    }
    for (int d = 0; d < 7; d++) {
        const char *list [2] = { fr_days [d], en_days [d] };
        for (int k = 0; k < 2; k++) {
            s_slot_t *slot = s_map_put (&self->lex, &self->pool, list [k],
                                        strlen (list [k]), &created);
            if (!slot)
                return -1;
            slot->val |= LX_WEEKDAY | ((uint32_t) (d + 1) << 24)
                       | (k == 1 ? LX_EN : 0);
        }
    }
    for (size_t k = 0; k < sizeof words / sizeof words [0]; k++) {
        s_slot_t *slot = s_map_put (&self->lex, &self->pool, words [k].w,
                                    strlen (words [k].w), &created);
        if (!slot)
            return -1;
        slot->val |= words [k].f;
    }
    return 0;
}

static int
s_cmp_str (const void *a, const void *b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

//  --------------------------------------------------------------------------

long
dp_tagger_model_text (dp_tagger_t *self, const char *text, size_t len,
                      dp_span_t *spans, dp_tagm_tok_t *out)
{
    self->n_toks = 0;
    self->oom = 0;
    s_scan_range (self, text, 0, (uint32_t) len);
    if (self->oom || s_model_toks (self, text))
        return -1;
    for (size_t i = 0; i < self->n_toks; i++)
        spans [i] = (dp_span_t) { self->toks [i].start, self->toks [i].end };
    memcpy (out, self->mt, self->n_toks * sizeof *out);
    return (long) self->n_toks;
}

//  --------------------------------------------------------------------------

dp_tagger_t *
dp_tagger_new (const char *datadir)
{
    return dp_tagger_new_with (datadir, "");
}

dp_tagger_t *
dp_tagger_new_with (const char *datadir, const char *model)
{
    dp_tagger_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    char *dir = NULL;
    DIR *d = NULL;
    char **names = NULL;
    size_t n_names = 0;
    if (datadir) {
        size_t len = strlen (datadir) + sizeof "/gazetteer";
        dir = malloc (len);
        if (dir)
            snprintf (dir, len, "%s/gazetteer", datadir);
    }
    else
        dir = dp_data_path ("gazetteer");
    if (!dir) {
        dp_log_error ("tag: gazetteer folder not found (set DP_DATA)");
        goto fail;
    }
    if (s_load_builtin (self))
        goto fail;
    d = opendir (dir);
    if (!d) {
        dp_log_error ("tag: cannot open %s", dir);
        goto fail;
    }
    struct dirent *ent;
    while ((ent = readdir (d)) != NULL) {
        size_t len = strlen (ent->d_name);
        if (len < 5 || strcmp (ent->d_name + len - 4, ".tsv") != 0
        ||  ent->d_name [0] == '.')
            continue;
        char **nn = realloc (names, (n_names + 1) * sizeof *nn);
        if (!nn)
            goto fail;
        names = nn;
        size_t plen = strlen (dir) + len + 2;
        names [n_names] = malloc (plen);
        if (!names [n_names])
            goto fail;
        snprintf (names [n_names++], plen, "%s/%s", dir, ent->d_name);
    }
    if (n_names == 0) {
        dp_log_error ("tag: no *.tsv in %s", dir);
        goto fail;
    }
    //  Sorted, so that "first definition wins" does not depend on readdir.
    qsort (names, n_names, sizeof *names, s_cmp_str);
    for (size_t k = 0; k < n_names; k++)
        if (s_load_file (self, names [k]))
            goto fail;
    if (model) {
        char *path = NULL;
        if (*model)
            path = strdup (model);
        else
        if (datadir) {
            size_t len = strlen (datadir) + sizeof "/model/tag.model";
            path = malloc (len);
            if (path)
                snprintf (path, len, "%s/model/tag.model", datadir);
        }
        else
            path = dp_data_path ("model/tag.model");
        if (!path) {
            dp_log_error ("tag: model/tag.model not found (set DP_DATA)");
            goto fail;
        }
        self->model = dp_tagm_load (path);
        free (path);
        if (!self->model)
            goto fail;
    }
    for (size_t k = 0; k < n_names; k++)
        free (names [k]);
    free (names);
    closedir (d);
    free (dir);
    self->n_toks = 0;
    return self;
fail:
    for (size_t k = 0; k < n_names; k++)
        free (names [k]);
    free (names);
    if (d)
        closedir (d);
    free (dir);
    dp_tagger_destroy (&self);
    return NULL;
}

//  --------------------------------------------------------------------------

const char *
dp_tagger_model_info (const dp_tagger_t *self)
{
    return self && self->model ? self->model->info : "no model";
}

//  --------------------------------------------------------------------------

void
dp_tagger_destroy (dp_tagger_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    dp_tagger_t *self = *self_p;
    free (self->pool.v);
    free (self->gaz.slots);
    free (self->ents);
    free (self->first.slots);
    free (self->lex.slots);
    free (self->toks);
    free (self->cands);
    free (self->scratch.v);
    free (self->akeys.v);
    free (self->amap.slots);
    dp_tagm_destroy (&self->model);
    free (self->mt);
    free (self->my);
    free (self->tmpc);
    free (self);
    *self_p = NULL;
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
    dp_span_t whole = { 0, (uint32_t) len };
    if (!sentences || n_sentences == 0) {
        sentences = &whole;
        n_sentences = 1;
    }
    uint32_t done = 0;                  //  text before this is tagged
    size_t tk = 0;                      //  next caller token
    for (size_t s = 0; s < n_sentences && !self->oom; s++) {
        uint32_t a = sentences [s].start;
        uint32_t b = sentences [s].end;
        if (b > len)
            b = (uint32_t) len;
        if (a < done)
            a = done;                   //  overlapping or unsorted spans
        if (a >= b)
            continue;
        self->n_toks = 0;
        if (tokens && n_tokens) {
            //  Caller tokens are hard boundaries; we still split elisions.
            while (tk < n_tokens && tokens [tk].start < a)
                tk++;
            uint32_t last = a;
            while (tk < n_tokens && tokens [tk].start < b) {
                uint32_t ta = tokens [tk].start, tb = tokens [tk].end;
                if (tb > b)
                    tb = b;
                if (ta >= last && ta < tb) {
                    s_scan_range (self, text, ta, tb);
                    last = tb;
                }
                tk++;
            }
        }
        else
            s_scan_range (self, text, a, b);
        size_t c0 = self->n_cands;
        s_tag_sentence (self, text);
        if (self->model && !self->oom) {
            s_model_sentence (self, text, c0);
            s_post_sentence (self, text, c0);
        }
        done = b;
    }
    if (self->oom)
        return -1;
    s_resolve (self, text);
    if (self->oom)
        return -1;
    for (size_t k = 0; k < self->n_cands; k++) {
        const s_cand_t *c = &self->cands [k];
        if (c->weak == 2 || c->type == S_NONE)
            continue;
        const char *norm = NULL;
        char *tmp = NULL;
        if (c->norm_src == 3) {
            const s_cand_t *full = &self->cands [c->norm];
            tmp = strndup (text + full->start, full->end - full->start);
            if (!tmp)
                return -1;
            norm = tmp;
        }
        else
            norm = s_cand_norm (self, c);
        int rc = dp_entities_push (out, text, c->start, c->end,
                                   s_type_names [c->type], norm);
        free (tmp);
        if (rc)
            return -1;
    }
    return 0;
}
