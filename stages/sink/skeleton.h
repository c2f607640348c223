//  depeche sink — name skeletons (skeleton.c): a name folded (case, marks,
//  œ æ ø ł…), cut into words, each word's spelling reduced to what
//  transliterations of one name share (Aliyev/Aliev/Alijew), particles
//  dropped; and the vowel-tolerant comparison of two skeletons. canon.c
//  keys its indexes by them.
#ifndef DP_SKELETON_H_INCLUDED
#define DP_SKELETON_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

#define DP_SKEL_MAX 256                 //  bytes of a skeleton

typedef struct {
    char w [16][DP_SKEL_MAX / 4];       //  skeleton words, at most 16
    size_t n;
} dp_skel_words_t;

//  Skeleton words of a name (particles and elided articles dropped unless
//  nothing else is left). Returns the count (0 also when name is not
//  valid UTF-8 or memory ran out).
size_t
    dp_skel_split (const char *name, dp_skel_words_t *out);

//  utf8proc_map of name with the fold's options (compatibility
//  decomposition, case fold, marks stripped), a new string; by a table of
//  the Latin letters when the name has no other (the same bytes: tested
//  against utf8proc). NULL when name is not UTF-8 or out of memory.
char *
    dp_skel_map (const char *name);

//  The words sorted (in place) and joined by spaces into buf[0..cap);
//  returns the length. Word order does not count.
size_t
    dp_skel_join (dp_skel_words_t *words, char *buf, size_t cap);

//  The skeleton without vowels (the loose key) into out (as large as
//  skel); initials kept.
void
    dp_skel_consonants (const char *skel, char *out);

//  Vowel swaps between a and b (same length, kin vowels only), or more
//  than limit when they differ otherwise.
size_t
    dp_skel_distance (const char *a, const char *b, size_t limit);

//  Vowel swaps allowed between two skeletons of this length.
size_t
    dp_skel_allowed (size_t len);

#endif
