//  depeche sink — canonical names across articles. Every PER, LOC and ORG
//  entity gets a `canon` key shared by all spellings of one name: from the
//  variant table (data/canon/variants.tsv, JRC-Names layout), else by
//  matching the names seen before (transliteration skeletons, word order,
//  initials, a vowel-tolerant edit distance), else the name opens a new key.
//  Matching looks keys up in hash indexes; it never scans all names.
#ifndef DP_CANON_H_INCLUDED
#define DP_CANON_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

typedef struct dp_canon dp_canon_t;

//  Loads the variant table at path (NULL: the data file canon/variants.tsv;
//  "" : no table). A missing or unreadable table is an error: NULL, logged.
dp_canon_t *
    dp_canon_new (const char *path);

void
    dp_canon_destroy (dp_canon_t **self_p);

//  The canon of a name of type "PER", "LOC" or "ORG" (other types: NULL).
//  Borrowed; lives as long as self. *learned is set true when the name was
//  new and opened or extended the index (the caller persists it with
//  dp_canon_learn's arguments: type, dp_canon_skeleton(name), canon).
const char *
    dp_canon_resolve (dp_canon_t *self, const char *type, const char *name,
                      bool *learned);

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

#endif
