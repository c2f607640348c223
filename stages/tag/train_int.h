//  depeche tag — what the trainer (train.c) and its corpus reader
//  (train_read.c) share: the corpus with its features precomputed, the fold
//  map, and the reader's entry points. Private to the trainer; nothing here
//  is for the tagging path.
#ifndef DP_TAG_TRAIN_INT_H
#define DP_TAG_TRAIN_INT_H

#include "tag/tagm.h"
#include "tag/tag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

//  One sentence of the training or held-out data.
typedef struct {
    size_t first;                       //  index of its first token
    size_t n;                           //  tokens
    bool nomisc;                        //  from a file with no MISC type:
                                        //  its O may be a MISC (English)
} dp_train_sent_t;

//  The whole corpus, features precomputed.
typedef struct {
    dp_tagm_tok_t *toks;                //  per token
    uint32_t *feats;                    //  per token, nf static rows
    uint8_t *gold;                      //  per token label
    size_t n_toks;
    size_t cap_toks;
    dp_train_sent_t *sents;
    size_t n_sents;
    size_t cap_sents;
    size_t nf;                          //  static features per token
} dp_train_corpus_t;

//  Fold of each dev sentence, from a fold map file (one number a line).
typedef struct {
    uint8_t *fold;                      //  per sentence
    size_t n;
} dp_train_folds_t;

//  Reads a CoNLL file into train (sentences not held out) and held (the
//  sentences of fold k of folds, by map; NULL: all go to train). Returns
//  sentences read or -1.
long
    dp_train_read (const char *path, dp_tagger_t *tagger, dp_train_corpus_t *train,
                   dp_train_corpus_t *held, const dp_train_folds_t *map, unsigned k,
                   unsigned folds, uint32_t mask);

//  Reads a fold map; 0 or -1 (reason logged).
int
    dp_train_folds_load (dp_train_folds_t *self, const char *path, unsigned folds);

//  Marks c's sentences from s0 on as from a corpus with no MISC type when
//  none of them has a MISC label.
void
    dp_train_mark_nomisc (dp_train_corpus_t *c, size_t s0);

void
    dp_train_corpus_free (dp_train_corpus_t *c);

#endif
