//  depeche sink — canonical names across articles. Every PER, LOC and ORG
//  entity gets a `canon` key shared by all spellings of one name: from the
//  variant table (data/canon/variants.tsv, JRC-Names layout), else by
//  matching the names seen before (transliteration skeletons, word order,
//  initials, a vowel-tolerant edit distance), else the name opens a new key.
//  Matching looks keys up in hash indexes; it never scans all names. The
//  names learned are bounded (dp_canon_set_cap): past it, the half used
//  least recently is forgotten.
#ifndef DP_CANON_H_INCLUDED
#define DP_CANON_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dp_canon dp_canon_t;

#define DP_CANON_NAMES 100000           //  names learned kept, by default (~1 KB each)

//  Loads the variant table at path (NULL: the data file canon/variants.tsv;
//  "" : no table). A missing or unreadable table is an error: NULL, logged.
dp_canon_t *
    dp_canon_new (const char *path);

void
    dp_canon_destroy (dp_canon_t **self_p);

//  The canon of a name of type "PER", "LOC" or "ORG" (other types: NULL).
//  Borrowed, until the next call that learns (which may forget: see
//  dp_canon_set_cap). *learned is set true when the name was
//  new and opened or extended the index (the caller persists it with
//  dp_canon_learn's arguments: type, dp_canon_skeleton(name), canon).
const char *
    dp_canon_resolve (dp_canon_t *self, const char *type, const char *name,
                      bool *learned);

//  The canon of a name as dp_canon_resolve gives it, but learning nothing:
//  NULL when the name is none known (its canon is then itself).
const char *
    dp_canon_known (dp_canon_t *self, const char *type, const char *name);

//  Adds skeleton -> canon for type (a name resolved in an earlier run).
//  Returns 0, or -1 when out of memory.
int
    dp_canon_learn (dp_canon_t *self, const char *type, const char *skel,
                    const char *canon);

//  The matching key of a name into buf: diacritics folded, lower case,
//  transliteration variants unified (kh/gh -> h, ch/sh/tch/sch -> sh,
//  y -> i, ou -> u, w -> v, doubled letters single...), tokens sorted so
//  word order does not count. Returns its length (0: no letters).
size_t
    dp_canon_skeleton (const char *name, char *buf, size_t cap);

//  Names known (table variants + learned).
size_t
    dp_canon_size (const dp_canon_t *self);

//  Names learned (never more than the cap).
size_t
    dp_canon_learned (const dp_canon_t *self);

//  Keeps at most cap learned names (at least 2; DP_CANON_NAMES by default):
//  when one more is learned past it, the half used least recently (by
//  dp_canon_resolve, dp_canon_known or dp_canon_learn) is forgotten. A
//  canon from before a forgetting may be gone: copy it before the next call.
void
    dp_canon_set_cap (dp_canon_t *self, size_t cap);

//  Times the half used least recently was forgotten, since dp_canon_new.
uint64_t
    dp_canon_evictions (const dp_canon_t *self);

//  Calls fn (arg, type, skeleton) for each name forgotten since the last
//  call (the caller saved them with dp_canon_learn's arguments), and
//  empties the list. Returns 0, or -1 when fn did (the rest are not told).
typedef int (*dp_canon_forget_fn) (void *arg, const char *type, const char *skel);
int
    dp_canon_drain (dp_canon_t *self, dp_canon_forget_fn fn, void *arg);

#endif
