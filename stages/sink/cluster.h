//  depeche sink — average-link clustering of one group of articles, as
//  plain functions on a matrix of pair margins (story.c builds the matrix
//  and keeps the stories): clusters merge, the pair with the highest mean
//  margin first, while that mean clears a threshold; then which story label
//  each new cluster keeps. The result depends on the members and their
//  order only, and the caller gives them in a stable order (sorted by id
//  hash), so any arrival order gives the same clusters. Not here: what a
//  margin is (evidence.h), which articles form a group (story.c).
#ifndef DP_CLUSTER_H_INCLUDED
#define DP_CLUSTER_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

//  Margin of a pair never compared (no bucket key in common), as
//  tests/eval/story_cv.py --average counts it.
#define DP_CLUSTER_APART (-0.3f)

//  Clusters n items. margin is n x n, row-major; only margin[i*n+j] with
//  i < j is read. Merges, while one pair of clusters has a mean margin >=
//  thr, the pair with the highest mean (ties: the pair of lowest first
//  items). Sets cl[i] to the cluster of item i, numbered 0.. in the order
//  of their first items. Returns the number of clusters, or -1 when out of
//  memory.
int
    dp_cluster_average (size_t n, const float *margin, double thr, uint32_t *cl);

//  Which old label each of k clusters keeps: old[i] is the label item i
//  had (0: a new item), age[i] its age rank (lower: older). A label goes to
//  the cluster that holds most of its items (ties: the one holding its
//  oldest item); a cluster keeps at most one label, the label of most of
//  its items first (ties: the lower label). keep[c] is set to the label
//  cluster c keeps, 0 for none (it needs a new one). Returns 0 or -1 when
//  out of memory.
int
    dp_cluster_keep (size_t n, const uint64_t *old, const uint64_t *age, const uint32_t *cl,
                     size_t k, uint64_t *keep);

#endif
