//  depeche sink — stories. Every article joins or opens a story at once:
//  - near-duplicates (the same wire text lightly edited) are found with a
//    64-bit SimHash over word 3-shingles: a small Hamming distance (12 by
//    default, chosen on tests/fixtures/stories; a dropped or added sentence
//    in a 150-word dispatch moves 5 to 12 bits, unrelated texts ~32). Found
//    by four 16-bit blocks (any pair within 3 bits shares one) and by the
//    word buckets below (a copy shares nearly all its words);
//  - articles about one event from different outlets are found with
//    MinHash LSH over their content words and canon entities, plus buckets
//    of entity pairs, then checked pair by pair (story.c, s_decide): word
//    cosine, the share of canon entities in common, published dates.
//  The decision is made per pair, and a story is the connected set of
//  articles linked by such pairs: an article linking two stories merges
//  them (the larger story keeps its label). So articles arriving one by one in
//  any order end in the same stories as a batch run, within the window.
//  Memory is bounded by the window (a ring of the last N articles).
#ifndef DP_STORY_H_INCLUDED
#define DP_STORY_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "depeche/dp_article.h"

typedef struct {
    size_t window;                      //  articles kept (0: 100 000)
    int days;                           //  most days between two linked articles (0: 3)
    int span_days;                      //  most days from first to last of a story (0: 7)
    int dup_bits;                       //  SimHash distance of a near-duplicate (0: 16)
    double cos_alone;                   //  word cosine enough on its own (0: 0.40)
    double cos_shared;                  //  ... enough with half the names shared (0: 0.20)
} dp_story_cfg_t;

#define DP_STORY_MERGES 16

typedef struct {
    uint64_t story;                     //  label of its story (after merges)
    uint64_t merged [DP_STORY_MERGES];  //  labels that merged into story now
    size_t n_merged;
    const char *duplicate_of;           //  id of the original it copies, or NULL
    bool known;                         //  id already in the window: nothing changed
    uint64_t pos;                       //  its window position
    bool evicted;                       //  an old article left the window...
    uint64_t evicted_pos;               //  ... this one
} dp_story_hit_t;

typedef struct dp_story dp_story_t;

dp_story_t *
    dp_story_new (const dp_story_cfg_t *cfg);

void
    dp_story_destroy (dp_story_t **self_p);

//  Adds an article (entities' canon set for PER/LOC/ORG) and fills *hit.
//  Returns 0, or -1 when out of memory.
int
    dp_story_add (dp_story_t *self, const dp_article_t *doc, dp_story_hit_t *hit);

//  The signature of the article at window position pos, to persist it:
//  a malloc'd blob and its size, NULL if pos is not in the window.
void *
    dp_story_blob (dp_story_t *self, uint64_t pos, size_t *len);

//  Puts back an article saved with dp_story_blob (a restart): id, the
//  story label it had, the duplicate_of root id (or NULL). Positions must
//  come in increasing order. Returns 0, 1 when the blob is not valid
//  (skipped), -1 when out of memory.
int
    dp_story_restore (dp_story_t *self, uint64_t pos, const char *id, uint64_t story,
                      const char *dup_of, const void *blob, size_t len);

//  What the pair decision sees of two articles (for measurements, tests).
typedef struct {
    int bits;                           //  SimHash distance
    double cos;                         //  word cosine (top words)
    int shared;                         //  canon entities in common...
    int ents_a, ents_b;                 //  ... of so many
    int days;                           //  published days apart (-1 unknown)
    int link;                           //  0 apart, 1 same story, 2 copy
} dp_story_pair_t;

void
    dp_story_pair (const dp_story_t *self, const dp_article_t *a, const dp_article_t *b,
                   dp_story_pair_t *out);

//  "st-" + 16 hex digits of a label into buf (cap >= 20).
void
    dp_story_label (uint64_t story, char *buf, size_t cap);

//  Articles the window holds at most (the configured size).
size_t
    dp_story_window (const dp_story_t *self);

//  Articles in the window, stories alive in it.
size_t
    dp_story_size (const dp_story_t *self, size_t *stories);

#endif
