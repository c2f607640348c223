//  depeche tag — what the files of stages/tag share, internal to the stage:
//  entity types, lexicon and token flags, the tagger's state, and the
//  functions each file offers the others. Files by job:
//    tag.c        dp_tag: the pass over an article, sentence by sentence
//    tag_map.c    byte buffers, hash maps, UTF-8 and lookup keys
//    tag_tok.c    words and punctuation of a sentence (tokenisation)
//    tag_words.c  the word cache: what a word form's bytes alone decide
//    tag_load.c   the tagger's resources: gazetteers, lexicon, model file
//    tag_rules.c  DATE TIME MONEY PERCENT NUM by hand-written scanners
//    tag_names.c  the rule layer for names (titles, capitalised runs, ORG
//                 triggers): candidates the model may overrule
//    tag_feat.c   the model's view of a token (gazetteer/lexicon code)
//    tag_model.c  decoding a sentence with the model, merged with the rules
//    tag_conv.c   the annotation conventions pass (metonymy, heads, MISC)
//    tag_demonym.c  its French demonyms (« les Taïwanais »): no names
//    tag_team.c   its French towns named for their teams (« contre Sedan »)
//    tag_issue.c  its French publications cited by date (« La Gazette du 3 mai »)
//    tag_firm.c   its French companies in apposition (« la BTPR, une entreprise »)
//    tag_en*.c    the English words, conventions, kinds and article pass
//    tag_norm.c   the article-level pass: confirmed guesses, `norm`
//    tagm.c       the perceptron itself (feature templates, Viterbi, file)
//  Not a public API: nothing outside stages/tag includes this. The few hot
//  one-liners are static inline here: they were inlined when tag.c was one
//  file, and callgrind counts 1.7 % more instructions without that.
#ifndef DP_TAG_INT_H_INCLUDED
#define DP_TAG_INT_H_INCLUDED

#include "tag/tag.h"
#include "tag/tagm.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

//  Entity types; index into the type names of tag.c.
enum {
    S_NONE = 0, S_PER, S_LOC, S_ORG, S_MISC, S_DATE, S_TIME, S_MONEY, S_NUM,
    S_PERCENT
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
} dp_tag_buf_t;

//  Open-addressing hash slot; len 0 marks an empty slot.
typedef struct {
    uint32_t off;                       //  key offset in the map's buffer
    uint32_t len;                       //  key length
    uint32_t hash;                      //  full hash of the key
    uint32_t val;                       //  payload
} dp_tag_slot_t;

//  Hash map from byte strings to uint32, keys stored in a dp_tag_buf_t.
typedef struct {
    dp_tag_slot_t *slots;               //  cap slots
    uint32_t cap;                       //  power of two, or 0
    uint32_t n;                         //  used slots
} dp_tag_map_t;

//  One gazetteer name.
typedef struct {
    uint32_t norm;                      //  pool offset of norm or S_NO_NORM
    uint8_t type;                       //  S_PER..S_MISC, or S_NONE
    uint8_t ntok;                       //  tokens in the name
    uint8_t first;                      //  a given name
    uint8_t title;                      //  an exact-case title (Mme, Dr)
    uint8_t state;                      //  a state (from countries.tsv)
} dp_tag_gaz_t;

//  One word or punctuation token.
typedef struct {
    uint32_t start;                     //  byte offset
    uint32_t end;                       //  exclusive
    uint32_t lex;                       //  LX_ flags of the lowercased word
    uint16_t flags;                     //  TK_ flags
    uint16_t nchars;                    //  code points, capped at 65535
    uint32_t hash;                      //  FNV-1a of the folded form, or 0
    int32_t gaz1;                       //  gazetteer entry of the token
                                        //  alone (tag_load.c), -1 none,
                                        //  -2 not looked up yet
    uint8_t wc;                         //  word classes (DP_TAGM_WC_*)
    uint32_t word;                      //  its entry in the word cache
                                        //  (tag_words.c), S_NO_WORD none
} dp_tag_tok_t;

//  What the tagger computes of a word from its bytes alone, kept per word
//  form in a bounded cache (tag_words.c): most tokens are frequent words.
#define S_NO_WORD       UINT32_MAX
//  An entry's form, classification, gazetteer entry and hashes are filled
//  at once; these as the sentence's pass reaches them, several words at a
//  time (tag_tok.c, tag_feat.c), since each waits on memory.
#define S_W_WC          (1u << 0)       //  wc
#define S_W_CODE        (1u << 1)       //  gzw
#define S_W_CL          (1u << 2)       //  mt.cl
#define S_W_SUM         (1u << 3)       //  sum (only with a model)
#define S_WORD_KEY      44              //  longest form kept, in bytes
typedef struct {
    int32_t sum [DP_TAGM_WSUM];         //  dp_tagm_word_sum (S_W_SUM)
    dp_tagm_tok_t mt;                   //  dp_tagm_tok with gz 0, and cl
                                        //  (S_W_CL)
    uint32_t lex;                       //  the token's lex, hash, flags
    uint32_t hash;                      //  and nchars as s_tok_classify
    uint16_t flags;                     //  leaves them (TK_ELISION apart)
    uint16_t nchars;
    int32_t gaz1;                       //  dp_tag_gaz_one's entry, -1 none
    uint32_t gzw;                       //  bits 4-23 of the model's code
                                        //  (S_W_CODE)
    uint32_t stamp;                     //  sentence that last used it;
                                        //  0: empty slot
    uint8_t wc;                         //  word classes (S_W_WC)
    uint8_t done;                       //  S_W_*: what is filled in yet
    uint8_t gfirst;                     //  dp_tag_gaz_first
    uint8_t klen;                       //  the form: key[0..klen)
    char key [S_WORD_KEY];
} dp_tag_word_t;

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
    uint8_t tail;                       //  its last words added by a rule:
                                        //  lends no surname (tag_doc.c)
    uint8_t ctx;                        //  its type told by its sentence
                                        //  (a town as its team, tag_team.c):
                                        //  no vote, no key (tag_doc.c)
} dp_tag_cand_t;

struct dp_tagger {
    dp_tag_buf_t pool;                  //  gazetteer keys and norms
    dp_tag_map_t gaz;                   //  exact name -> index in ents
    dp_tag_gaz_t *ents;                 //  gazetteer names
    size_t n_ents;                      //  used
    size_t cap_ents;                    //  allocated
    dp_tag_map_t first;                 //  first token of a name -> max ntok
    dp_tagm_lex_t *gfirst;              //  folded hashes of those tokens
    bool gfirst_all;                    //  one could not be hashed: no filter
    dp_tag_map_t lex;                   //  lowercased word -> LX_ flags
    dp_tag_tok_t *toks;                 //  tokens of the current sentence
    size_t n_toks;                      //  used
    size_t cap_toks;                    //  allocated
    //  dp_tag_gaz_match's answer for each token (the rules and the
    //  features both ask for every token): its entry, -1 none, -2 not
    //  asked yet; and the tokens it spans. cap_toks of each.
    int32_t *gzm_ent;
    uint8_t *gzm_k;
    dp_tag_cand_t *cands;               //  candidates of the current call
    size_t n_cands;                     //  used
    size_t cap_cands;                   //  allocated
    dp_tag_buf_t scratch;               //  computed norms (ISO dates)
    dp_tag_buf_t akeys;                 //  keys of amap
    dp_tag_map_t amap;                  //  article: name/surname -> candidate
    uint64_t kstart [64];               //  tag_doc.c: the keys' first 3 bytes
    int oom;                            //  set when an allocation failed
    dp_tagm_t *model;                   //  NULL: names by rules only
    const dp_tagm_lex_t *wlex;          //  word classes: the model's, or
                                        //  own_lex; NULL: none
    dp_tagm_lex_t *own_lex;             //  read by the trainer
    const dp_tagm_lex_t *clus;          //  word clusters: the model's, or
                                        //  the trainer's (not owned)
    dp_tagm_tok_t *mt;                  //  model tokens of the sentence
    uint8_t *my;                        //  model labels of the sentence
    size_t cap_m;                       //  allocated in mt, my
    uint32_t cx;                        //  sentence-wide context (tag_feat.c)
    unsigned quote, paren;              //  open quotes, brackets so far
    dp_tag_cand_t *tmpc;                //  rule candidates being merged
    size_t cap_tmpc;                    //  allocated
    dp_span_t plain [8];                //  article: acronyms of a lowercase
    size_t n_plain;                     //  phrase, « (DMO) » (tag_conv.c)
    uint8_t lang;                       //  DP_TAG_LANG_*: words, rules, cut
    dp_tag_word_t *words;               //  word cache (tag_words.c), NULL
                                        //  until the first word
    uint32_t n_words;                   //  its entries, 0: no cache
    uint32_t stamp;                     //  sentences cut so far, from 1
    const int32_t **mpart;              //  per model token: its word's sum
                                        //  or NULL (cap_m allocated)
};

#define DP_TAG_MAX_PIECE (64u << 10)    //  a longer sentence is tagged in pieces
                                        //  of about this many bytes (tag.c)

//  Languages a tagger knows the words and rules of (tag_en.c for English).
#define DP_TAG_LANG_FR  0
#define DP_TAG_LANG_EN  1

//  --------------------------------------------------------------------------
//  tag_map.c: buffers, hash maps, UTF-8, lookup keys.

//  Appends s[0..len) and a NUL; returns the offset or S_NO_NORM on OOM.
uint32_t
    dp_tag_buf_add (dp_tag_buf_t *self, const char *s, size_t len);

//  FNV-1a, 32 bits, of s[0..len).
static inline uint32_t
dp_tag_hash (const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char) s [i];
        h *= 16777619u;
    }
    return h;
}

//  Returns the slot holding key, or NULL. base is the map's key buffer.
static inline dp_tag_slot_t *
dp_tag_map_find (const dp_tag_map_t *self, const char *base, const char *key,
                 size_t len, uint32_t hash)
{
    if (!self->cap || !len)
        return NULL;
    uint32_t mask = self->cap - 1;
    for (uint32_t i = hash & mask;; i = (i + 1) & mask) {
        dp_tag_slot_t *slot = &self->slots [i];
        if (!slot->len)
            return NULL;
        if (slot->hash == hash && slot->len == len
        &&  memcmp (base + slot->off, key, len) == 0)
            return slot;
    }
}

//  Returns the slot of key, adding it (val 0, *created true) when missing;
//  NULL on OOM or empty key. The key is copied into buf.
dp_tag_slot_t *
    dp_tag_map_put (dp_tag_map_t *self, dp_tag_buf_t *buf, const char *key,
                    size_t len, bool *created);

//  Empties the map, keeping its table.
void
    dp_tag_map_clear (dp_tag_map_t *self);

//  Decodes one code point at s[0..avail); returns its length, with *cp = -1
//  and length 1 for an invalid byte.
static inline size_t
dp_tag_utf8 (const char *s, size_t avail, int32_t *cp)
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

//  Byte c belongs to a word: an ASCII letter or digit, or any byte of a
//  non-ASCII character (callers check the punctuation among them apart).
static inline bool
dp_tag_wordbyte (unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9') || c >= 0x80;
}

//  Letter, digit or other number (Unicode categories L*, N*).
static inline bool
dp_tag_is_wordch (int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')
            || (cp >= '0' && cp <= '9');
    if (cp < 0)
        return false;
    utf8proc_category_t cat = utf8proc_category (cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
}

//  Decimal digit.
static inline bool
dp_tag_is_digitch (int32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return utf8proc_category (cp) == UTF8PROC_CATEGORY_ND;
}

//  White space, line or paragraph separator, zero-width marks: ASCII's
//  here (most characters: no call), the others' in tag_map.c.
bool
    dp_tag_is_space_wide (int32_t cp);
static inline bool
dp_tag_is_space (int32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= '\t' && cp <= '\r');
    return dp_tag_is_space_wide (cp);
}

//  Writes the lowercased s[0..len) into out (size S_MAX_KEY), with ’ as ';
//  returns the length, or 0 when it does not fit or is not valid UTF-8.
size_t
    dp_tag_fold (const char *s, size_t len, char *out);

//  Copies s[0..len) into out (size S_MAX_KEY) with ’ turned into ' and runs
//  of white space into one space, trimmed. Returns the length or 0.
size_t
    dp_tag_norm_key (const char *s, size_t len, char *out);

//  --------------------------------------------------------------------------
//  tag_tok.c: tokens of a sentence.

//  Appends the tokens of text[a..b) to self->toks (self->oom on failure).
void
    dp_tag_scan_range (dp_tagger_t *self, const char *text, uint32_t a,
                       uint32_t b);

//  Fills self->toks with the tokens of sentence text[a..b), cut as the
//  model was trained (never by a caller's tokens).
void
    dp_tag_tokenize (dp_tagger_t *self, const char *text, uint32_t a,
                     uint32_t b);

//  True when text[a..b) between two tokens is inline white space only.
static inline bool
dp_tag_gap_ok (const char *text, uint32_t a, uint32_t b)
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
static inline bool
dp_tag_adjacent (const char *text, const dp_tag_tok_t *toks, size_t i)
{
    return dp_tag_gap_ok (text, toks [i].end, toks [i + 1].start);
}

//  Token tok is exactly the bytes of s.
static inline bool
dp_tag_tok_is (const char *text, const dp_tag_tok_t *tok, const char *s)
{
    size_t len = strlen (s);
    return tok->end - tok->start == len
        && memcmp (text + tok->start, s, len) == 0;
}

//  --------------------------------------------------------------------------
//  tag_words.c: the word cache.

//  Entries of the word cache (a power of two): 8 192 of 192 bytes.
#ifndef S_WORDS
#define S_WORDS         8192
#endif

//  The entry of form s[0..len) for the current sentence: index of the one
//  found (*fresh false) or of an empty one given to it (*fresh true,
//  stamp set, key written, the rest for the caller to fill); S_NO_WORD
//  when the form is too long, the slot serves another word of this
//  sentence, or out of memory.
uint32_t
    dp_tag_words_get (dp_tagger_t *self, const char *s, size_t len,
                      bool *fresh);

//  The same, h being dp_tag_hash (s, len) (computed ahead by the caller).
uint32_t
    dp_tag_words_get_h (dp_tagger_t *self, const char *s, size_t len,
                        uint32_t h, bool *fresh);

//  Asks for the entry of the form whose dp_tag_hash is h, ahead of its
//  dp_tag_words_get_h: the cache is larger than the caches of the CPU.
static inline void
dp_tag_words_prefetch (const dp_tagger_t *self, uint32_t h)
{
    if (self->words) {
        const char *w = (const char *) &self->words [h & (self->n_words - 1)];
        __builtin_prefetch (w);
        __builtin_prefetch (w + 64);
        __builtin_prefetch (w + 128);
    }
}

//  Empties the cache: what its entries hold changed (word classes,
//  clusters).
void
    dp_tag_words_clear (dp_tagger_t *self);

//  Gives the cache n entries (a power of two; 0 or another number: no
//  cache), emptied. The tagger starts with S_WORDS; tests try others.
void
    dp_tag_words_size (dp_tagger_t *self, uint32_t n);

//  Fills entry w of word token tok (just classified) with its gazetteer
//  entry, the names it starts and the model's hashes (the rest, S_W_*, is
//  left for later in the sentence). In tag_feat.c.
void
    dp_tag_word_fill (dp_tagger_t *self, const char *text,
                      dp_tag_tok_t *tok, dp_tag_word_t *w);

//  --------------------------------------------------------------------------
//  tag_load.c: gazetteer look-ups (the loading is dp_tagger_new_with).

//  Longest gazetteer name starting at token i of self->toks[0..n); returns
//  its entry or NULL (*ntok: tokens matched). Only names with a type count.
const dp_tag_gaz_t *
    dp_tag_gaz_match (dp_tagger_t *self, const char *text, size_t i,
                      size_t n, size_t *ntok);

//  1 + the most tokens of a gazetteer name word token tok starts (capped
//  at 254), 0 when it starts none.
uint32_t
    dp_tag_gaz_first (const dp_tagger_t *self, const char *text,
                      const dp_tag_tok_t *tok);

//  Gazetteer entry of exactly token tok, or NULL.
const dp_tag_gaz_t *
    dp_tag_gaz_one (dp_tagger_t *self, const char *text,
                    const dp_tag_tok_t *tok);

//  Gazetteer entry of exactly the text s[0..len) (accents and case as the
//  gazetteer keys are folded), or NULL.
const dp_tag_gaz_t *
    dp_tag_gaz_text (const dp_tagger_t *self, const char *s, size_t len);

//  --------------------------------------------------------------------------
//  tag.c: candidates.

//  Appends a candidate to self->cands; 0 or -1 (OOM, self->oom set).
int
    dp_tag_emit (dp_tagger_t *self, uint32_t start, uint32_t end,
                 uint8_t type, uint8_t weak, uint8_t norm_src, uint32_t norm,
                 size_t ntok, uint32_t last);

//  --------------------------------------------------------------------------
//  tag_rules.c: DATE, TIME, MONEY, PERCENT, NUM.

//  A number at token i, grouped ("50 000"), with a multiplier and a
//  currency or a percent sign. Returns the end token; *type MONEY, PERCENT
//  or NUM.
size_t
    dp_tag_number (dp_tagger_t *self, const char *text, size_t i, size_t n,
                   uint8_t *type);

//  DATE, TIME, MONEY or NUM at token i; returns the end token (i: none),
//  *norm the scratch offset of an ISO date or S_NO_NORM.
size_t
    dp_tag_scan_num (dp_tagger_t *self, const char *text, size_t i,
                     size_t n, uint8_t *type, uint32_t *norm);

//  --------------------------------------------------------------------------
//  tag_load.c, tag_en.c: a tagger of one language.

//  dp_tagger_new_with for language lang (DP_TAG_LANG_*); model as there.
dp_tagger_t *
    dp_tag_new_as (const char *datadir, const char *model, uint8_t lang);

//  Adds the English words to the lexicon (titles, abbreviated months,
//  currencies). 0 or -1 (OOM).
int
    dp_tag_en_load (dp_tagger_t *self);

//  End of a dotted acronym or abbreviation starting at text[p] (« U.S. »,
//  « U.N. », « p.m. »: single letters each followed by a dot, two or more),
//  or 0. Reads no further than b.
uint32_t
    dp_tag_en_acronym (const char *text, uint32_t p, uint32_t b);

//  The English dates and times first (« Jan. 11, 2024 », « Monday, March
//  3 », « 4:20 p.m. »), then dp_tag_scan_num. Same contract.
size_t
    dp_tag_en_scan_num (dp_tagger_t *self, const char *text, size_t i,
                        size_t n, uint8_t *type, uint32_t *norm);

//  English organisation heads come last (« Harvard University »): how many
//  tokens ahead of token i, in its run of capitalised words, an
//  organisation's head word stands (0: none, 7: 7 or more); the French
//  features count back to a trigger instead (« Université de Paris »).
uint32_t
    dp_tag_en_orgdist (const dp_tagger_t *self, size_t i);

//  The English conventions of the annotation on candidates [c0, n_cands)
//  of one sentence: names joined by of/for/at (« University of California
//  at Berkeley »), a person's name before an organisation's head.
void
    dp_tag_en_conventions (dp_tagger_t *self, const char *text, size_t c0);

//  A capitalised word that may carry a name on (not a title, month, stop).
bool
    dp_tag_en_name_word (const dp_tag_tok_t *t);

//  Index of the sentence's token starting at byte offset at, or n_toks.
size_t
    dp_tag_en_tok_at (const dp_tagger_t *self, uint32_t at);

//  tag_en_kind.c: the kind of an English name by its words, on candidates
//  [c0, n_cands) of one sentence: works after « the film », events and
//  awards by their head (MISC), places and persons ending on an
//  organisation's head or glued to a team's name (ORG), nationalities.
void
    dp_tag_en_kinds (dp_tagger_t *self, const char *text, size_t c0);

//  The same over the article's candidates, after tag_doc.c: a name a
//  storm's word or a school's head gave its kind keeps it alone
//  (« Phailin » after « Cyclone Phailin », « Harvard » after « Harvard
//  University »); the candidates are left in text order.
void
    dp_tag_en_kinds_article (dp_tagger_t *self, const char *text);

//  tag_doc.c: the article-level pass over all candidates, before
//  dp_tag_resolve, by the rules of self->lang: one type per name in the
//  article, and a person's name or surname, an organisation's name, found
//  once is that name where the article repeats it alone.
void
    dp_tag_document (dp_tagger_t *self, const char *text, size_t len);

//  tag_acro.c: the initials of an organisation the article names whole
//  (« le CNB » of « Cercle des nageurs de Bellerive »), and the words in
//  brackets that spell the acronym before them, are organisations; run by
//  dp_tag_document after the vote, candidates left in text order. French.
void
    dp_tag_acronyms (dp_tagger_t *self, const char *text, size_t len);

//  tag_doc.c: candidates in text order, by start then end (for qsort).
int
    dp_tag_cand_cmp (const void *a, const void *b);

//  --------------------------------------------------------------------------
//  tag_names.c: the rule layer for names.

//  Title word at i (président, M., Dr); returns the tokens it takes, or 0.
size_t
    dp_tag_title (dp_tagger_t *self, const char *text, size_t i, size_t n);

//  Word that looks like an adjective (nationality and such).
bool
    dp_tag_is_adj (const char *text, const dp_tag_tok_t *t);

//  Tags tokens [0, n_toks) of self->toks (one sentence) into self->cands:
//  numbers and dates, gazetteer names, names found by rules.
void
    dp_tag_rule_names (dp_tagger_t *self, const char *text);

//  --------------------------------------------------------------------------
//  tag_feat.c, tag_model.c: the model.

//  Fills self->mt[0..n_toks) (model view of the sentence's tokens): hashes
//  and the gazetteer/lexicon code of each token. 0 or -1 (OOM).
int
    dp_tag_features (dp_tagger_t *self, const char *text);

//  tag_phrase.c: fills the name phrase fields (phead, plast, pcode) of
//  self->mt[0..n_toks), whose other fields dp_tag_features has set.
void
    dp_tag_phrases (dp_tagger_t *self, const char *text);

//  Replaces the name candidates the rules found in this sentence (from
//  index c0 on) by the model's, keeping the rules' DATE/TIME/MONEY/NUM that
//  do not overlap a model entity. Text order is kept.
void
    dp_tag_model_sentence (dp_tagger_t *self, const char *text, size_t c0);

//  --------------------------------------------------------------------------
//  tag_conv.c: conventions of the annotation, on candidates [c0, n_cands).

void
    dp_tag_conventions (dp_tagger_t *self, const char *text, size_t c0);

//  tag_dateline.c: the place in capitals of a wire story's dateline that
//  opens the piece (« PARIS, 3 mars (AFP) – ») is a LOC, whatever the
//  model made of it, and « J.-C. » after « av. », « apr. » is a date's
//  era, no person; on candidates [c0, n_cands). Both languages.
void
    dp_tag_dateline (dp_tagger_t *self, const char *text, size_t c0);

//  tag_demonym.c: tokens a..b are a demonym after an article (« les
//  Taïwanais », « l'Uruguayen »): a group of people, no name. French only.
bool
    dp_tag_demonym (dp_tagger_t *self, const char *text, size_t a, size_t b);

//  tag_team.c: the place at tokens a..b stands for its team (« contre
//  Agde » in a match's report, « les clubs présents Laxou,
//  Tomblaine… »). French only.
bool
    dp_tag_team (dp_tagger_t *self, const char *text, size_t a, size_t b);

//  tag_issue.c: the organisation of candidate k, at tokens a..b, is a
//  publication cited by its issue's date (« Le Courrier, 14 mars 2019 »,
//  « Selon La Gazette du 2 avril 2018 »): a work. French only.
bool
    dp_tag_issue (dp_tagger_t *self, const char *text, size_t k, size_t a,
                  size_t b);

//  tag_firm.c: a name in apposition to a company's noun (« la Valtrex,
//  filiale de… », « une société…, la Bretix, ») is an organisation, a
//  one-word name the model left out too; candidates [c0, n_cands) stay in
//  text order. French only.
void
    dp_tag_firms (dp_tagger_t *self, const char *text, size_t c0);

//  Drops the names that are an acronym the article spelt out in lowercase
//  words (self->plain): « la densité minérale osseuse (DMO) ».
void
    dp_tag_drop_plain (dp_tagger_t *self, const char *text);

//  --------------------------------------------------------------------------
//  tag_norm.c: the article-level pass.

//  Norm string of candidate c (NULL: its text).
const char *
    dp_tag_cand_norm (const dp_tagger_t *self, const dp_tag_cand_t *c);

//  Guesses confirmed by a sure mention take its type; a surname alone takes
//  the full name seen elsewhere in the article.
void
    dp_tag_resolve (dp_tagger_t *self, const char *text, size_t len);

//  The word [a, b) is an organisation the gazetteers know (« Renault »),
//  or a place they know that the article text[0..len) uses as a place:
//  one of its mentions follows a place preposition (« à Paris », « in
//  Paris », the cue list's LOCPREP words). A person's surname alone is
//  not spread over such a word: « Paris » of « Valeska Paris » stays the
//  city in an article that says « in Paris ».
bool
    dp_tag_place_here (const dp_tagger_t *self, const char *text, size_t len,
                       uint32_t a, uint32_t b);

//  Person candidate c is shaped like a person's name, so that its last
//  word alone may stand for it elsewhere in the article: 2 to 6 words,
//  each capitalised or a name's particle (« de », « van », « d'Estaing »,
//  « al-Assad »), none a word that heads an organisation, a place or a
//  work (« Banque », « rue », « affaire »), none with a digit.
bool
    dp_tag_person_shape (const dp_tagger_t *self, const char *text,
                         const dp_tag_cand_t *c);

#endif
