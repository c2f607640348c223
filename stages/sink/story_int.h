//  depeche sink — what the files of the stories share, internal to the
//  sink: the window's types (docs, their bucket entries, groups, the
//  dp_story_t object), a map of 64-bit keys, and the few functions the
//  re-clustering borrows from the window. Files by job:
//    story.c            the window, the scan of an arrival's candidates,
//                       the pair margins and their cache, the public API
//    story_map.c        the map (insertion and deletion)
//    story_recluster.c  re-clustering a group into stories and reporting
//                       what merged or moved
//  Not a public API: only stages/sink/story*.c include this. It decides no
//  story. The map's lookup is static inline here: the margin cache reads
//  it once per pair.
#ifndef DP_STORY_INT_H_INCLUDED
#define DP_STORY_INT_H_INCLUDED

#include "sink/story.h"
#include "sink/evidence.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define DP_STORY_KEYS DP_EVIDENCE_KEYS

//  --------------------------------------------------------------------------
//  A map of 64-bit keys (0 = empty) to 64-bit values, linear probing with
//  backward-shift deletion.


typedef struct {
    uint64_t *k, *v;
    size_t cap, n;
} dp_story_map_t;

static inline size_t
dp_story_mix (uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (size_t) x;
}

static inline uint64_t *
dp_story_map_get (const dp_story_map_t *m, uint64_t key)
{
    if (!m->cap)
        return NULL;
    for (size_t j = dp_story_mix (key) & (m->cap - 1); m->k [j]; j = (j + 1) & (m->cap - 1))
        if (m->k [j] == key)
            return &m->v [j];
    return NULL;
}

//  Sets key to val. Returns 0, or -1 when out of memory (the map unchanged).
int
    dp_story_map_put (dp_story_map_t *m, uint64_t key, uint64_t val);

//  Removes key, if there.
void
    dp_story_map_del (dp_story_map_t *m, uint64_t key);

//  --------------------------------------------------------------------------
//  The window.

typedef struct dp_story_group dp_story_group_t;

typedef struct {
    char *id;                           //  NULL: free slot
    char *dup_of;                       //  id of the original it copies
    uint64_t idh;
    uint64_t pos;
    uint64_t label;                     //  its story
    dp_story_group_t *story;                   //  its group (connected by pairs)
    uint32_t member_at;                 //  index in story->members
    uint32_t seen;                      //  candidate generation stamp
    dp_evidence_sig_t sig;
} dp_story_doc_t;

//  One bucket entry of a doc: entry e = slot * DP_STORY_KEYS + k. Apart from the
//  docs, so walking a chain reads one small record per step.
typedef struct {
    int32_t next, prev;                 //  entries, -1 none
    uint32_t key;                       //  the bucket key (0: unused)
} dp_story_entry_t;

//  A group: the articles connected by pairs of margin >= -slack. Its
//  label is its own, not a story's.
struct dp_story_group {
    uint64_t label;
    uint32_t n, cap;
    uint32_t *members;                  //  slots
    int32_t first, last;                //  days of its dated articles (first > last: none)
};

struct dp_story {
    dp_story_cfg_t cfg;
    dp_evidence_cfg_t ev;               //  the pair decision's thresholds
    dp_story_doc_t *docs;                      //  ring of cfg.window slots
    uint64_t next_pos;
    size_t n;
    int32_t *heads;                     //  chain heads, -1 empty
    uint32_t mask;                      //  heads - 1 (a power of two)
    dp_story_entry_t *entries;                 //  window * DP_STORY_KEYS
    dp_story_map_t ids;                        //  id hash -> slot + 1
    dp_story_map_t stories;                    //  group label -> dp_story_group_t *
    dp_story_map_t labels;                     //  story label -> articles of the window in it
    double thr;                         //  -slack
    double edge;                        //  -edge: a pair of the group
    dp_story_map_t margins;                    //  pair hash -> margin of the pair (a cache)
    dp_story_map_t fresh;                      //  margins the last scan computed, not yet cached
    uint32_t gen;
    uint64_t capped;                    //  arrivals whose group was past the cap
    uint64_t *merged;                   //  labels merged by the last add
    size_t n_merged, cap_merged;
    dp_story_move_t *moves;             //  articles moved by the last add
    size_t n_moves, cap_moves;
    dp_story_alias_t *aliases;          //  labels retired by its splits
    size_t n_aliases, cap_aliases;
    FILE *pairs;                        //  DP_STORY_PAIRS: every pair compared (tuning)
    dp_evidence_probe_t probe;          //  the scanned signature's terms
};
//  The margin of a pair (story.c): cosine less the cosine needed, the
//  same bits whichever comes first, DP_CLUSTER_APART when one has no
//  terms; cached by the two positions. f: the pair's facts (a scan); pa:
//  a's probe or NULL.
float
    dp_story_margin (dp_story_t *self, const dp_evidence_sig_t *a, uint64_t posa,
                     const dp_evidence_sig_t *b, uint64_t posb, dp_evidence_facts_t *f,
                     const dp_evidence_probe_t *pa);

//  Counts an article in or out of story label (0: none). Returns 0 or -1.
int
    dp_story_label_add (dp_story_t *self, uint64_t label, int delta);

//  Makes room for one more item of size sz in *p (cap *cap). Returns 0 or -1.
int
    dp_story_grow (void **p, size_t *cap, size_t n, size_t sz);

//  A label no story of the window has, from base, nor any of taken[].
uint64_t
    dp_story_fresh (const dp_story_t *self, uint64_t base, const uint64_t *taken,
                    size_t n_taken);

//  Re-clusters group g (story_recluster.c); nd is the new article.
//  Returns 0, or -1 when out of memory.
int
    dp_story_recluster (dp_story_t *self, dp_story_group_t *g, dp_story_doc_t *nd);

#endif
