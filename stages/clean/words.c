//  depeche clean — dpc_in_list: is a token one of the words of a static,
//  NULL-terminated list (tag names, class and id tokens), ASCII case
//  ignored. The lists are asked for every tag and class token of every
//  element, several times per page: a linear scan of the longer lists
//  cost a tenth of a page's instructions, so each list gets a hash table
//  the first time it is asked (built once per process, under a lock, then
//  read lock-free). Holds no list of its own and judges nothing.
#include "clean/clean_impl.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define S_MAX_SETS 64                   //  distinct lists (a power of two)

typedef struct {
    const char *word;                   //  NULL: empty slot
    uint32_t hash;
    uint32_t len;
} s_slot_t;

typedef struct {
    const char **list;
    uint64_t firsts;                    //  bit c % 64 set: a word starts with byte c
    uint64_t lens;                      //  bit n set: a word of n bytes (63: longer)
    size_t mask;                        //  slots - 1
    s_slot_t slot [];
} s_set_t;

static s_set_t *s_sets [S_MAX_SETS];
static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;

//  --------------------------------------------------------------------------
//  A hash of the length and of the first, second, middle and last bytes,
//  ASCII-folded (tolower in the C locale the stages run in), so that words
//  equal but for case hash alike: a few instructions whatever the length,
//  spread enough for lists of a few hundred words (equal hashes are told
//  apart by the length and the bytes).

static inline uint32_t
s_fold (unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static inline uint32_t
s_hash (const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *) s;
    uint32_t k = s_fold (p [0]) | s_fold (p [len > 1]) << 8 | s_fold (p [len - 1]) << 16
               | (uint32_t) len << 24;
    uint32_t m = s_fold (p [len / 2]);
    uint32_t h = (k ^ (m * 0x85EBCA6Bu)) * 0x9E3779B1u;
    return h ^ h >> 16;                 //  the high bits, which hold every byte, into the low
}

//  --------------------------------------------------------------------------
//  The table of a list, at most a quarter full (a word not there, the
//  usual case, probes few slots); NULL when out of memory.

static s_set_t *
s_build (const char **list)
{
    size_t n = 0;
    while (list [n])
        n++;
    size_t cap = 8;
    while (cap < 4 * n)
        cap <<= 1;
    s_set_t *set = calloc (1, sizeof *set + cap * sizeof (s_slot_t));
    if (!set)
        return NULL;
    set->list = list;
    set->mask = cap - 1;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen (list [i]);
        uint32_t h = s_hash (list [i], len);
        size_t j = h & set->mask;
        while (set->slot [j].word)
            j = (j + 1) & set->mask;
        set->slot [j] = (s_slot_t) { list [i], h, (uint32_t) len };
        set->firsts |= 1ull << (s_fold ((unsigned char) list [i][0]) & 63);
        set->lens |= 1ull << (len < 63 ? len : 63);
    }
    return set;
}

//  --------------------------------------------------------------------------
//  The table of a list, built on first use; NULL when it cannot be (out of
//  memory, more lists than S_MAX_SETS): the caller then scans the list.

static const s_set_t *
s_set_of (const char **list)
{
    size_t home = ((uintptr_t) list >> 3) & (S_MAX_SETS - 1);
    for (size_t p = 0, k = home; p < S_MAX_SETS; p++, k = (k + 1) & (S_MAX_SETS - 1)) {
        s_set_t *set = __atomic_load_n (&s_sets [k], __ATOMIC_ACQUIRE);
        if (!set)
            break;
        if (set->list == list)
            return set;
    }
    s_set_t *found = NULL;
    pthread_mutex_lock (&s_lock);
    for (size_t p = 0, k = home; p < S_MAX_SETS; p++, k = (k + 1) & (S_MAX_SETS - 1)) {
        s_set_t *set = s_sets [k];
        if (set && set->list == list) {
            found = set;
            break;
        }
        if (!set) {
            found = s_build (list);
            if (found)
                __atomic_store_n (&s_sets [k], found, __ATOMIC_RELEASE);
            break;
        }
    }
    pthread_mutex_unlock (&s_lock);
    return found;
}

//  --------------------------------------------------------------------------
//  True when s[0..len) is a word of a NULL-terminated list (ASCII case
//  ignored). The tables live as long as the process.

bool
dpc_in_list (const char **list, const char *s, size_t len)
{
    if (len == 0)
        return false;
    const s_set_t *set = s_set_of (list);
    if (!set) {
        for (size_t i = 0; list [i]; i++)
            if (strlen (list [i]) == len && strncasecmp (list [i], s, len) == 0)
                return true;
        return false;
    }
    //  Most tokens asked are in no list: their first byte or their length
    //  says so before the hash.
    if (!(set->firsts >> (s_fold ((unsigned char) s [0]) & 63) & 1)
    ||  !(set->lens >> (len < 63 ? len : 63) & 1))
        return false;
    uint32_t h = s_hash (s, len);
    for (size_t j = h & set->mask; set->slot [j].word; j = (j + 1) & set->mask)
        if (set->slot [j].hash == h && set->slot [j].len == len
        &&  strncasecmp (set->slot [j].word, s, len) == 0)
            return true;
    return false;
}
