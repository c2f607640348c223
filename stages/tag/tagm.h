//  depeche tag — the statistical part of the tagger: an averaged perceptron
//  over hashed features, greedy left-to-right BIO decoding, and its model
//  file. Internal to stages/tag (the tag_*.c files, train.c, tag-train); no sockets.
#ifndef DP_TAGM_H_INCLUDED
#define DP_TAGM_H_INCLUDED

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "depeche/dp_common.h"

#define DP_TAGM_MAGIC       "DPTAGMDL"      //  8 bytes at offset 0
#define DP_TAGM_VERSION     2u              //  file format version
#define DP_TAGM_FEATSET     6u              //  feature set id (dp_tagm_feats)
#define DP_TAGM_NLABELS     9               //  O, B-/I- PER LOC ORG MISC
#define DP_TAGM_MAXF        64              //  features per token, at most

//  Labels: 0 = O, 1 + 2t = B-type, 2 + 2t = I-type, t = 0..3 for PER LOC
//  ORG MISC (the order of tag_int.h's S_PER..S_MISC minus one).
extern const char *const dp_tagm_labels [DP_TAGM_NLABELS];

//  Gazetteer and lexicon code of one token (built by tag_feat.c):
//  bits 0-2 type of the gazetteer name covering the token (1-4), bit 3 the
//  token starts it; bits 4-6 type of the token alone as a name, bit 7 given
//  name; bits 8-15 lexicon cues (title, org trigger, place cue, place
//  preposition, adjective, stop word, month/weekday, particle); bits 16-23
//  the word classes of the token's lowercased form (DP_TAGM_WC_*, from the
//  model's word-class table); bits 24-26 how many tokens back an
//  organisation trigger opens the phrase the token is in (0: none, 7: 7 or
//  more); bits 27-31 where the token stands (DP_TAGM_CX_*).
#define DP_TAGM_GZ_MULTI(c) ((c) & 0xFu)
#define DP_TAGM_GZ_ONE(c)   (((c) >> 4) & 0xFu)
#define DP_TAGM_GZ_LEX(c)   (((c) >> 8) & 0xFFu)
#define DP_TAGM_GZ_WC(c)    (((c) >> 16) & 0xFFu)
#define DP_TAGM_GZ_ORGD(c)  (((c) >> 24) & 0x7u)
#define DP_TAGM_GZ_CX(c)    (((c) >> 27) & 0x1Fu)

#define DP_TAGM_CX_QUOTE    (1u << 0)       //  inside quotes « » " “ ”
#define DP_TAGM_CX_PAREN    (1u << 1)       //  inside brackets ( [
#define DP_TAGM_CX_SHOUT    (1u << 2)       //  the sentence is mostly capitals
#define DP_TAGM_CX_ITEM     (1u << 3)       //  the sentence is a list item
                                            //  (starts with a dash or bullet)

//  Word classes of a form in the language's dictionaries (several may be
//  set): a common word of the language, its parts of speech, a given name,
//  a surname or other proper name. scripts/build-lexicon names them.
#define DP_TAGM_WC_COMMON   (1u << 0)
#define DP_TAGM_WC_NOUN     (1u << 1)
#define DP_TAGM_WC_ADJ      (1u << 2)
#define DP_TAGM_WC_VFIN     (1u << 3)       //  finite verb form
#define DP_TAGM_WC_VNONFIN  (1u << 4)       //  infinitive, participle
#define DP_TAGM_WC_FUNC     (1u << 5)       //  preposition, determiner,
                                            //  pronoun, conjunction, adverb
#define DP_TAGM_WC_FIRST    (1u << 6)
#define DP_TAGM_WC_PROPER   (1u << 7)

//  The word-class table: FNV-1a hash of a folded form (tag's dp_tag_fold)
//  -> classes. Open addressing, key 0 marks an empty slot (a hash of 0 is
//  stored as 1). Built by the trainer from scripts/build-lexicon's output,
//  stored in the model file, read-only once loaded.
typedef struct {
    uint32_t *keys;                     //  cap slots
    uint8_t *cls;                       //  classes of each slot
    uint32_t mask;                      //  cap - 1
    size_t n;                           //  used slots
} dp_tagm_lex_t;

//  Per-token hashes computed once per sentence.
typedef struct {
    uint32_t word;                      //  exact form
    uint32_t lower;                     //  lowercased
    uint32_t shape;                     //  Xx, d, X-X ... (runs collapsed)
    uint32_t pre3;                      //  first 3 characters, lowercased
    uint32_t suf2;                      //  last 2, 3, 4 characters
    uint32_t suf3;
    uint32_t suf4;
    uint32_t gz;                        //  gazetteer/lexicon code
    uint32_t len;                       //  length class 1..5
    uint32_t cap;                       //  1 when it starts with a capital
    uint32_t phead;                     //  name phrase (tag_phrase.c): hash
    uint32_t plast;                     //  of its first and last word, and
    uint32_t pcode;                     //  DP_TAGM_P_*; 0: not computed
    uint32_t cl;                        //  word cluster (1..255), 0: none
} dp_tagm_tok_t;

//  The name phrase code of a token (tag_phrase.c, French only): P_ON set
//  when phrases were computed (no phrase feature otherwise, so a model
//  trained without them, the English one, reads the same rows); P_IN the
//  token is in a phrase; bits 2-3 its place (0 head, 1, 2, 3 or more);
//  bit 4 the phrase's last token; bit 5 an acronym in brackets follows the
//  phrase; bits 6-8 its length in tokens (7: 7 or more).
#define DP_TAGM_P_ON        (1u << 31)
#define DP_TAGM_P_IN        (1u << 1)
#define DP_TAGM_P_AT(c)     (((c) >> 2) & 0x3u)
#define DP_TAGM_P_LAST(c)   (((c) >> 4) & 0x1u)
#define DP_TAGM_P_ACRO(c)   (((c) >> 5) & 0x1u)
#define DP_TAGM_P_LEN(c)    (((c) >> 6) & 0x7u)

//  A loaded (read-only, shareable) model.
typedef struct {
    uint32_t bits;                      //  log2 of the number of rows
    uint32_t mask;                      //  rows - 1
    int16_t *w;                         //  rows x stride
    uint32_t stride;                    //  DP_TAGM_NLABELS, or 16 (aligned)
    //  The history rows that read labels alone (dp_tagm_hist's first two),
    //  kept by dp_tagm_hist_rows for the decoder; has_hist false (the
    //  trainer's models): computed at each use.
    bool has_hist;
    uint32_t hist1 [DP_TAGM_NLABELS];
    uint32_t hist12 [DP_TAGM_NLABELS][DP_TAGM_NLABELS];
    //  The two others' hash state once the label is mixed in (the part
    //  that does not read the token), per previous label.
    uint32_t hist_l [DP_TAGM_NLABELS], hist_s [DP_TAGM_NLABELS];
    char info [512];                    //  training description, NUL-ended
    dp_tagm_lex_t *lex;                 //  word classes, NULL: none
    dp_tagm_lex_t *clus;                //  word clusters (hash of the
                                        //  lowercased form -> 1..255),
                                        //  NULL: none
} dp_tagm_t;

//  Returns an empty word-class table, or NULL (OOM).
dp_tagm_lex_t *
    dp_tagm_lex_new (void);

//  Adds classes cls to the form whose folded hash is hash. 0 or -1 (OOM).
int
    dp_tagm_lex_add (dp_tagm_lex_t *self, uint32_t hash, uint8_t cls);

//  Classes of the form whose folded hash is hash; 0 when unknown or when
//  self is NULL.
static inline uint8_t
dp_tagm_lex_get (const dp_tagm_lex_t *self, uint32_t hash)
{
    if (!self || !self->n)
        return 0;
    uint32_t key = hash ? hash : 1;
    for (uint32_t i = key & self->mask;; i = (i + 1) & self->mask) {
        if (self->keys [i] == key)
            return self->cls [i];
        if (!self->keys [i])
            return 0;
    }
}

//  Serialised form (appended to the model body): u32 count, then the keys
//  ascending as LEB128 deltas, then one class byte per key. Returns the
//  bytes written into out (which holds dp_tagm_lex_size), 0 for NULL.
size_t
    dp_tagm_lex_size (const dp_tagm_lex_t *self);
size_t
    dp_tagm_lex_encode (const dp_tagm_lex_t *self, unsigned char *out);

//  Reads a serialised table from data[0..len); returns it (*used: bytes
//  read) or NULL on a defect or OOM.
dp_tagm_lex_t *
    dp_tagm_lex_decode (const unsigned char *data, size_t len, size_t *used);

void
    dp_tagm_lex_destroy (dp_tagm_lex_t **self_p);

//  Word clusters learnt from text (tagm_clus.c): seq[0..n) the hashes of
//  the lowercased tokens (dp_tagm_tok_t.lower), 0 between sentences. Each
//  form seen min_count times or more gets a cluster 1..k (k 2..255) by
//  spherical k-means (iters passes, seeded) on its left and right
//  neighbours. Returns the table (a dp_tagm_lex_t whose class byte is the
//  cluster), or NULL (fewer forms than k, OOM).
dp_tagm_lex_t *
    dp_tagm_clus_learn (const uint32_t *seq, size_t n, unsigned k,
                        unsigned min_count, unsigned iters, uint64_t seed);

//  Fills h from token bytes s[0..len) and gazetteer code gz.
void
    dp_tagm_tok (dp_tagm_tok_t *h, const char *s, size_t len, uint32_t gz);

//  Writes the static feature rows of token i of toks[0..n) into f (at most
//  DP_TAGM_MAXF, masked with mask); returns how many.
size_t
    dp_tagm_feats (const dp_tagm_tok_t *toks, size_t n, size_t i,
                   uint32_t mask, uint32_t *f);

//  The same in two parts: the rows that read token i's own form alone
//  (dp_tagm_tok's hashes: the same for every occurrence of a word, so
//  that a tagger may keep their sum per word), then the others.
//  dp_tagm_feats is the one, then the other.
size_t
    dp_tagm_feats_word (const dp_tagm_tok_t *t, uint32_t mask, uint32_t *f);
size_t
    dp_tagm_feats_ctx (const dp_tagm_tok_t *toks, size_t n, size_t i,
                       uint32_t mask, uint32_t *f);

//  Writes the 4 label-history feature rows of token i given the two
//  previous labels p1, p2 into f; returns 4.
size_t
    dp_tagm_hist (const dp_tagm_tok_t *toks, size_t i, int p1, int p2,
                  uint32_t mask, uint32_t *f);

//  Fills m's has_hist, hist1, hist12, hist_l and hist_s (m->mask set).
void
    dp_tagm_hist_rows (dp_tagm_t *m);

//  True when label y may follow label prev (I-X only after B-X or I-X).
int
    dp_tagm_allowed (int prev, int y);

//  Greedy decoding of toks[0..n) into labels y[0..n) with model m.
void
    dp_tagm_decode (const dp_tagm_t *m, const dp_tagm_tok_t *toks, size_t n,
                    uint8_t *y);

//  A word's own rows (dp_tagm_feats_word of t) into f (DP_TAGM_WROWS),
//  asked for from the memory (the table is far larger than the caches:
//  several words' rows are fetched at once, then summed). Returns how many.
#define DP_TAGM_WROWS 9
size_t
    dp_tagm_word_prefetch (const dp_tagm_t *m, const dp_tagm_tok_t *t,
                           uint32_t *f);

//  Scores of those rows f[0..nf) summed into sum[0..DP_TAGM_WSUM), label
//  by label.
#define DP_TAGM_WSUM 16
void
    dp_tagm_word_sum (const dp_tagm_t *m, const uint32_t *f, size_t nf,
                      int32_t *sum);

//  dp_tagm_decode, where part[i] (part NULL, or part[i] NULL: none) is
//  token i's dp_tagm_word_sum, kept by the caller: its rows are not read
//  again. The labels are the same (the sums are exact).
void
    dp_tagm_decode_part (const dp_tagm_t *m, const dp_tagm_tok_t *toks,
                         size_t n, const int32_t *const *part, uint8_t *y);

//  Loads a model file; returns it, or NULL with the reason logged (missing,
//  truncated, wrong magic, version or feature set, corrupted).
dp_tagm_t *
    dp_tagm_load (const char *path);

//  Parses a model from memory (data[0..size)); NULL with the reason in
//  err[0..errlen) on any defect.
dp_tagm_t *
    dp_tagm_parse (const unsigned char *data, size_t size, char *err,
                   size_t errlen);

//  Writes model weights w (rows = 1 << bits), the word-class table lex and
//  the word clusters clus (each may be NULL) with description info to
//  path, zlib-compressed after a header. 0 or -1 (reason logged).
int
    dp_tagm_save (const char *path, uint32_t bits, const int16_t *w,
                  const dp_tagm_lex_t *lex, const dp_tagm_lex_t *clus,
                  const char *info);

void
    dp_tagm_destroy (dp_tagm_t **self_p);

struct dp_tagger;
//  Tokenizes text[0..len) (one sentence) exactly as dp_tag does and writes
//  each token's span and model view into spans[] and out[], which must
//  hold len entries. Returns the number of tokens, or -1 (OOM). In tag_tok.c.
long
    dp_tagger_model_text (struct dp_tagger *self, const char *text,
                          size_t len, dp_span_t *spans, dp_tagm_tok_t *out);

//  Reads the word classes of scripts/build-lexicon's file at path into the
//  tagger (used by dp_tagger_model_text, saved with the model by the
//  trainer). 0 or -1 (reason logged). In tag_load.c.
int
    dp_tagger_read_lexicon (struct dp_tagger *self, const char *path);

//  Gives the tagger the word clusters clus (not owned; NULL: none) in place
//  of its model's: the trainer's, once learnt. In tag_feat.c.
void
    dp_tagger_set_clusters (struct dp_tagger *self, const dp_tagm_lex_t *clus);

//  The tagger's word-class table (the model's, or the one read), or NULL.
const dp_tagm_lex_t *
    dp_tagger_lexicon (const struct dp_tagger *self);

//  Cross-validation folds of a dev set without a fold map: sentence index
//  idx (0-based) goes in blocks of 10, block b in fold b % folds. A model
//  trained with fold k of n held out never saw those sentences; eval-tag
//  scores each fold with the model that did not see it. folds == 0: no
//  fold, nothing held out. (eval-tag's headline gives a fold map instead:
//  contiguous folds of whole documents.)
#define DP_TAGM_IN_FOLD(idx, k, folds) \
    ((folds) && ((idx) / 10) % (folds) == (k))

//  Training options (train.c).
typedef struct {
    const char *datadir;                //  gazetteers (NULL: bundled)
    const char *const *train;           //  CoNLL files, all sentences used
    size_t n_train;
    const char *dev;                    //  CoNLL file: non-held-out part
                                        //  trained on, held-out part scored
    unsigned fold, folds;               //  dev fold held out (folds 0: none)
    const char *lexicon;                //  scripts/build-lexicon's output
                                        //  (NULL: no word classes)
    const char *fold_map;               //  file: the fold of each dev
                                        //  sentence, one number a line
                                        //  (NULL: blocks of 10)
    unsigned dev_repeat;                //  times the dev train part is seen
    unsigned epochs;
    uint64_t seed;
    uint32_t bits;                      //  log2 rows
    const char *out;                    //  model path
    const char *date;                   //  written in the header
    const char *lang;                   //  "en": the English tagger's cut
                                        //  and words (NULL: French)
    unsigned clusters;                  //  French: word clusters learnt
                                        //  from the trained-on text (0:
                                        //  none)
    unsigned runs;                      //  training runs averaged into the
                                        //  model, run r shuffled by seed
                                        //  + r (0 or 1: one run)
    bool runs_same_seed;                //  tests: every run by seed itself
} dp_tagm_train_cfg_t;

//  Gold labels g[0..n) of a sentence from a corpus with no MISC type (its
//  O may be a work, an event, a nationality), opened to the predicted path
//  y: a predicted MISC run that lies on gold O only is taken as gold (the
//  run starts with B-MISC, so the path stays valid). Used by training.
void
    dp_tagm_open_misc (uint8_t *g, const uint8_t *y, size_t n);

//  The trainer's span counts per type (PER, LOC, ORG, MISC), in
//  train_score.c: add a decoded sentence y against gold (0 or -1, out of
//  memory); print the per-type F1 and the PER/LOC/ORG micro P/R/F1 as one
//  line ending the log's line, and return that micro F1.
typedef struct {
    size_t tp [4], np [4], ng [4];
} dp_tagm_score_t;

int
    dp_tagm_score_add (dp_tagm_score_t *self, const uint8_t *y,
                       const uint8_t *gold, size_t n);
double
    dp_tagm_score_print (const dp_tagm_score_t *self, FILE *log);

//  Trains and writes the model; prints progress and the held-out score
//  per epoch to stderr. 0 or -1 (reason logged).
int
    dp_tagm_train (const dp_tagm_train_cfg_t *cfg);

#endif
