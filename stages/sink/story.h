//  depeche sink — stories. Every article joins or opens a story at once.
//  How strongly two articles report one event is a margin per pair
//  (evidence.h: the cosine of weighted words and names less the cosine
//  needed, time as a soft factor; near-copies by SimHash). Pairs whose
//  margin clears -edge (a little stricter than -slack) connect articles
//  into groups; within a group the stories are average-link clusters
//  (cluster.h): a set of articles joins a story only when the mean margin
//  between them clears -slack. On each
//  arrival the group it joins (connected groups merge) is re-clustered from
//  scratch, in a stable order (id hash), and the result compared with the
//  stories as they were: a story may merge with another (the part holding
//  most of a story keeps its label; the merge is reported) or split (the
//  articles that moved are reported), so that every output can say so.
//  A group of more than `group` articles (DP_STORY_GROUP) is not
//  re-clustered: the new article joins the story of its strongest pair (if
//  that clears -slack), nothing merges or splits, and the order counts.
//  Candidates are the articles sharing a bucket key with the new one (its
//  8 strongest terms, its SimHash blocks); every article of a shared bucket
//  is compared, so whether two articles are linked depends on the two alone
//  and any arrival order gives the same stories. The one exception is a
//  bucket holding more than DP_STORY_SCAN articles of the window (a word
//  on every front page): only its newest DP_STORY_SCAN are compared.
//  Memory is bounded by the window (a ring of the last N articles).
//  DP_STORY_PAIRS=FILE (a tuning run) writes there every pair compared.
#ifndef DP_STORY_H_INCLUDED
#define DP_STORY_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "depeche/dp_article.h"

#define DP_STORY_SCAN 64                //  articles compared per bucket at most

#define DP_STORY_GROUP 128              //  articles re-clustered on an arrival at most

typedef struct {
    size_t window;                      //  articles kept (0: 100 000)
    int days;                           //  days apart at which only a near-copy links (0: 8)
    int dup_bits;                       //  SimHash distance of a near-copy (0: 16)
    size_t group;                       //  re-clustered at most (0: DP_STORY_GROUP)
} dp_story_cfg_t;

//  An article of the window that an arrival moved to another story.
typedef struct {
    const char *id;                     //  (borrowed, valid until the next add)
    uint64_t from, to;                  //  story labels
} dp_story_move_t;

//  A label no article of the window carries any more, and the story most
//  of its articles went to.
typedef struct {
    uint64_t old, now;
} dp_story_alias_t;

typedef struct {
    uint64_t story;                     //  label of its story (after merges)
    const uint64_t *merged;             //  labels whose articles all joined story now
    size_t n_merged;                    //  ... (borrowed, valid until the next add)
    const dp_story_move_t *moves;       //  other articles that changed story (splits)
    size_t n_moves;                     //  ... (borrowed, valid until the next add)
    const dp_story_alias_t *aliases;    //  labels retired by a split
    size_t n_aliases;                   //  ... (borrowed, valid until the next add)
    const char *duplicate_of;           //  id of the original it copies, or NULL
    bool known;                         //  id already in the window: nothing changed
    uint64_t pos;                       //  its window position
    bool evicted;                       //  an old article left the window...
    uint64_t evicted_pos;               //  ... this one
} dp_story_hit_t;

typedef struct dp_story dp_story_t;

//  A story window; NULL with the reason logged (the rarity table missing,
//  DP_STORY_TUNE malformed, out of memory).
dp_story_t *
    dp_story_new (const dp_story_cfg_t *cfg);

void
    dp_story_destroy (dp_story_t **self_p);

//  Adds an article (title, text, sentences, date, entities' canon) and
//  fills *hit. Returns 0, or -1 when out of memory.
int
    dp_story_add (dp_story_t *self, const dp_article_t *doc, dp_story_hit_t *hit);

//  The signature of the article at window position pos, to persist it:
//  a malloc'd blob and its size, NULL if pos is not in the window.
void *
    dp_story_blob (dp_story_t *self, uint64_t pos, size_t *len);

//  Puts back an article saved with dp_story_blob (a restart): id, the
//  story label it had, the duplicate_of root id (or NULL). Positions must
//  come in increasing order. Returns 0, 1 when the blob is not valid
//  (skipped: one saved by an older sink, or damaged), -1 when out of memory.
int
    dp_story_restore (dp_story_t *self, uint64_t pos, const char *id, uint64_t story,
                      const char *dup_of, const void *blob, size_t len);

//  What the pair decision sees of two articles (for measurements, tests).
typedef struct {
    int bits;                           //  SimHash distance
    double cos;                         //  weighted cosine
    int days;                           //  published days apart (-1 unknown)
    bool keyed;                         //  they share a bucket key (are compared)
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
