//  depeche sink — canonical names. Three indexes, all keyed by strings that
//  start with the entity type's letter (P, L, O):
//  - exact:   type + skeleton          -> canon  (table variants + learned)
//  - loose:   type + consonants only   -> list of (skeleton, canon), for the
//             vowels spellings swap (Mohamed/Muhammad, Rashid/Rashed)
//  - words:   type + one name word     -> list of (skeleton, canon), for
//             initials and surname-only mentions of people (« I. Aliyev »)
//  Bounded in bytes: the learned names (about 1 KB each with their index
//  entries) are at most `cap`; when a new one would pass it, the half of
//  them whose canon was used least recently is forgotten (the indexes are
//  built again from the variant table and the rest), and the caller hears
//  which ones (dp_canon_drain) to forget them where it saved them. The
//  spelling cache is emptied at S_SURFACE_MAX entries.
#include "sink/canon.h"
#include "sink/skeleton.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_LIST_MAX   16                 //  a words/loose list longer is "common"
#define S_SURFACE_MAX (1u << 18)        //  spellings cached (about 100 bytes each)

//  What snprintf (buf, cap, "%c%.*s", letter, len, s) writes, for a
//  letter != 0 (or no letter when letter is 0) and s at least len bytes or
//  NUL-terminated before: the prefix that fits, NUL-terminated. Returns the
//  length it would have had. The keys are built per mention, and snprintf's
//  format parsing cost more than the map look-ups they are for.
static size_t
s_cat (char *buf, size_t cap, char letter, const char *s, size_t len)
{
    len = strnlen (s, len);
    size_t o = 0, want = (letter ? 1 : 0) + len;
    if (letter && o + 1 < cap)
        buf [o++] = letter;
    size_t room = cap - 1 - o, k = len < room ? len : room;
    memcpy (buf + o, s, k);
    buf [o + k] = '\0';
    return want;
}

typedef struct {
    const char *skel;                   //  owned by the exact index
    const char *canon;                  //  interned
} s_pair_t;

typedef struct {
    size_t n, cap;
    bool full;                          //  more than S_LIST_MAX were offered
    s_pair_t v [];
} s_list_t;

//  A slot's hash, key and value side by side: a probe reads one cache
//  line, where parallel arrays of keys, hashes and values read three.
typedef struct {
    uint64_t h;                         //  the key's s_hash, compared first
    char *key;                          //  NULL = empty slot
    void *val;
    uint64_t aux;                       //  the map's own: exact, 1 for a learned name;
                                        //  names, the canon's last use
} s_slot_t;

typedef struct {
    s_slot_t *slots;
    size_t cap;                         //  power of two
    size_t n;
} s_map_t;

struct dp_canon {
    s_map_t exact;                      //  "P" skel -> canon (const char *)
    s_map_t loose;                      //  "P" consonants -> s_list_t *
    s_map_t words;                      //  "P" word -> s_list_t *
    s_map_t names;                      //  intern pool: canon -> itself
    s_map_t surface;                    //  "P" name as written -> canon (a cache)
    size_t learned;                     //  learned names in exact
    size_t cap;                         //  ... at most
    uint64_t clock;                     //  resolutions so far (the names' last use)
    char *path;                         //  the variant table ("" none), for a rebuild
    char **forgotten;                   //  "P" + skeleton of names forgotten, not drained
    size_t n_forgotten, cap_forgotten;
    uint64_t evictions;
};

//  --------------------------------------------------------------------------
//  A string hash map with open addressing.

static uint64_t
s_hash (const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char) *s) * 1099511628211ull;
    return h;
}

static s_slot_t *
s_slot_h (const s_map_t *map, const char *key, uint64_t h)
{
    size_t j = (size_t) h & (map->cap - 1);
    s_slot_t *at = &map->slots [j];
    while (at->key && (at->h != h || strcmp (at->key, key) != 0)) {
        j = (j + 1) & (map->cap - 1);
        at = &map->slots [j];
    }
    return at;
}

//  The slot of key, or NULL when absent.
static s_slot_t *
s_map_get (const s_map_t *map, const char *key)
{
    if (!map->cap)
        return NULL;
    s_slot_t *at = s_slot_h (map, key, s_hash (key));
    return at->key ? at : NULL;
}

//  The slot of key, made (NULL value, aux 0) if absent. NULL when out of
//  memory. Valid until the next put.
static s_slot_t *
s_map_put (s_map_t *map, const char *key)
{
    if ((map->n + 1) * 2 > map->cap) {
        size_t ncap = map->cap ? map->cap * 2 : 256;
        s_slot_t *big = calloc (ncap, sizeof *big);
        if (!big)
            return NULL;
        //  Distinct keys: each to the first free slot from its home, in order.
        for (size_t i = 0; i < map->cap; i++)
            if (map->slots [i].key) {
                size_t j = (size_t) map->slots [i].h & (ncap - 1);
                while (big [j].key)
                    j = (j + 1) & (ncap - 1);
                big [j] = map->slots [i];
            }
        free (map->slots);
        map->slots = big;
        map->cap = ncap;
    }
    uint64_t h = s_hash (key);
    s_slot_t *at = s_slot_h (map, key, h);
    if (!at->key) {
        if (!(at->key = strdup (key)))
            return NULL;
        at->val = NULL;
        at->h = h;
        at->aux = 0;
        map->n++;
    }
    return at;
}

static void
s_map_free (s_map_t *map, bool free_vals)
{
    for (size_t i = 0; i < map->cap; i++) {
        free (map->slots [i].key);
        if (free_vals)
            free (map->slots [i].val);
    }
    free (map->slots);
    memset (map, 0, sizeof *map);
}

//  Appends (skel, canon) to the list under key unless the canon is there.
static int
s_list_add (s_map_t *map, const char *key, const char *skel, const char *canon)
{
    s_slot_t *slot = s_map_put (map, key);
    if (!slot)
        return -1;
    s_list_t *list = slot->val;
    if (list) {
        for (size_t i = 0; i < list->n; i++)
            if (list->v [i].canon == canon)
                return 0;
        if (list->n == S_LIST_MAX) {
            list->full = true;
            return 0;
        }
    }
    if (!list || list->n == list->cap) {
        size_t ncap = list ? list->cap * 2 : 2;
        s_list_t *nl = realloc (list, sizeof *nl + ncap * sizeof nl->v [0]);
        if (!nl)
            return -1;
        if (!list) {
            nl->n = 0;
            nl->full = false;
        }
        nl->cap = ncap;
        slot->val = list = nl;
    }
    list->v [list->n++] = (s_pair_t) { skel, canon };
    return 0;
}

//  --------------------------------------------------------------------------

size_t
dp_canon_skeleton (const char *name, char *buf, size_t cap)
{
    dp_skel_words_t words;
    if (!cap)
        return 0;
    buf [0] = '\0';
    if (!name || !dp_skel_split (name, &words))
        return 0;
    return dp_skel_join (&words, buf, cap);
}

//  --------------------------------------------------------------------------

static char
s_type_letter (const char *type)
{
    if (!type)
        return 0;
    if (strcmp (type, "PER") == 0)
        return 'P';
    if (strcmp (type, "LOC") == 0)
        return 'L';
    if (strcmp (type, "ORG") == 0)
        return 'O';
    return 0;
}

static const char *
s_intern (dp_canon_t *self, const char *canon)
{
    s_slot_t *slot = s_map_put (&self->names, canon);
    if (!slot)
        return NULL;
    if (!slot->val)
        slot->val = slot->key;
    return slot->val;
}

//  Adds skel -> canon to the three indexes (the first canon of a skeleton
//  stays). Initials are not indexed as words.
//  learned: a name learned (counted, may be forgotten), not one of the
//  table. Returns 1 when added, 0 when the skeleton was there, -1 when out
//  of memory.
static int
s_add (dp_canon_t *self, char letter, const char *skel, const char *canon_in, bool learned)
{
    const char *canon = s_intern (self, canon_in);
    char key [DP_SKEL_MAX + 2];
    if (!canon || !*skel)
        return canon ? 0 : -1;
    s_cat (key, sizeof key, letter, skel, SIZE_MAX);
    s_slot_t *slot = s_map_put (&self->exact, key);
    if (!slot)
        return -1;
    if (slot->val)
        return 0;
    slot->val = (void *) canon;
    slot->aux = learned;
    if (learned)
        self->learned++;
    const char *owned = slot->key + 1;
    char cons [DP_SKEL_MAX + 2];
    cons [0] = letter;
    dp_skel_consonants (skel, cons + 1);
    if (s_list_add (&self->loose, cons, owned, canon))
        return -1;
    if (letter != 'P')
        return 1;
    //  Words of a person's name (not initials) point to it.
    for (const char *p = skel; *p; ) {
        const char *end = strchr (p, ' ');
        size_t len = end ? (size_t) (end - p) : strlen (p);
        if (len > 1 && len < DP_SKEL_MAX) {
            s_cat (key, sizeof key, letter, p, len);
            if (s_list_add (&self->words, key, owned, canon))
                return -1;
        }
        p += len;
        while (*p == ' ')
            p++;
    }
    return 1;
}

//  True when an initial (as written, folded) can start a name whose
//  skeleton starts with first: « J. » Jean (iean), « C. » Charles (sharles).
static bool
s_initial (char initial, char first)
{
    switch (initial) {
        case 'j': case 'y': return first == 'i' || first == 'e';
        case 'w': return first == 'v';
        case 'q': return first == 'k';
        case 'x': return first == 'h';
        case 'c': return first == 'k' || first == 's';
        default: return first == initial;
    }
}

//  Mentions with initials or a lone surname: the one known person whose
//  name has every full word of the mention and a word for each initial.
static const char *
s_by_words (dp_canon_t *self, const dp_skel_words_t *words)
{
    size_t initials = 0, full = 0;
    const char *anchor = NULL;
    for (size_t i = 0; i < words->n; i++)
        if (strlen (words->w [i]) == 1)
            initials++;
        else {
            full++;
            if (!anchor || strlen (words->w [i]) > strlen (anchor))
                anchor = words->w [i];
        }
    if (!anchor || (initials == 0 && full > 1))
        return NULL;
    char key [DP_SKEL_MAX + 2];
    s_cat (key, sizeof key, 'P', anchor, SIZE_MAX);
    const s_slot_t *slot = s_map_get (&self->words, key);
    const s_list_t *list = slot ? slot->val : NULL;
    if (!list || list->full)
        return NULL;
    const char *found = NULL;
    for (size_t c = 0; c < list->n; c++) {
        dp_skel_words_t cand;
        char tmp [DP_SKEL_MAX];
        s_cat (tmp, sizeof tmp, 0, list->v [c].skel, SIZE_MAX);
        cand.n = 0;
        for (char *tok = strtok (tmp, " "); tok && cand.n < 16; tok = strtok (NULL, " "))
            s_cat (cand.w [cand.n++], sizeof cand.w [0], 0, tok, SIZE_MAX);
        if (cand.n <= full)
            continue;                   //  the mention must be the shorter one
        bool used [16] = { false }, ok = true;
        for (size_t i = 0; i < words->n && ok; i++) {
            bool initial = strlen (words->w [i]) == 1;
            ok = false;
            for (size_t k = 0; k < cand.n && !ok; k++)
                if (!used [k] && (initial ? s_initial (words->w [i][0], cand.w [k][0])
                                          : strcmp (cand.w [k], words->w [i]) == 0))
                    ok = used [k] = true;
        }
        if (!ok)
            continue;
        if (found && found != list->v [c].canon)
            return NULL;                //  two people fit: say nothing
        found = list->v [c].canon;
    }
    return found;
}

//  Same consonants, a few vowels apart: the closest known name.
static const char *
s_by_distance (dp_canon_t *self, char letter, const char *skel)
{
    char cons [DP_SKEL_MAX + 2];
    cons [0] = letter;
    dp_skel_consonants (skel, cons + 1);
    const s_slot_t *slot = s_map_get (&self->loose, cons);
    const s_list_t *list = slot ? slot->val : NULL;
    if (!list)
        return NULL;
    size_t limit = dp_skel_allowed (strlen (skel));
    size_t best = limit + 1;
    const char *found = NULL;
    for (size_t c = 0; c < list->n; c++) {
        size_t other = dp_skel_allowed (strlen (list->v [c].skel));
        size_t d = dp_skel_distance (skel, list->v [c].skel, limit < other ? limit : other);
        if (d <= (limit < other ? limit : other) && d < best) {
            best = d;
            found = list->v [c].canon;
        }
        else
        if (d == best && found != list->v [c].canon)
            found = NULL;               //  a tie between two names
    }
    return found;
}

//  Notes that canon was used now (the names kept when some are forgotten
//  are those used last).
static void
s_touch (dp_canon_t *self, const char *canon)
{
    s_slot_t *slot = canon ? s_map_get (&self->names, canon) : NULL;
    if (slot)
        slot->aux = ++self->clock;
}

static int
    s_evict (dp_canon_t *self);

//  Resolves a name not in the cache; learns it when learn is true (else
//  NULL for a name that matches none known).
static const char *
s_resolve (dp_canon_t *self, char letter, const char *name, bool learn, bool *learned)
{
    dp_skel_words_t words;
    char key [DP_SKEL_MAX + 2];
    if (!dp_skel_split (name, &words))
        return NULL;
    key [0] = letter;
    dp_skel_join (&words, key + 1, sizeof key - 1);
    const s_slot_t *slot = s_map_get (&self->exact, key);
    if (slot)
        return slot->val;
    const char *canon = NULL;
    if (letter == 'P')
        canon = s_by_words (self, &words);
    if (!canon)
        canon = s_by_distance (self, letter, key + 1);
    if (!learn)
        return canon;
    if (self->learned >= self->cap) {
        //  Forgetting rebuilds the indexes: canon would point into the old.
        char *keep = canon ? strdup (canon) : NULL;
        if ((canon && !keep) || s_evict (self)) {
            free (keep);
            return NULL;
        }
        canon = keep ? s_intern (self, keep) : NULL;
        if (keep && !canon) {
            free (keep);
            return NULL;
        }
        free (keep);
    }
    if (!canon)
        canon = name;                   //  a new name: its own first spelling
    if (s_add (self, letter, key + 1, canon, true) < 0)
        return NULL;
    if (learned)
        *learned = true;
    slot = s_map_get (&self->exact, key);
    return slot ? slot->val : NULL;
}

static const char *
s_resolve_cached (dp_canon_t *self, const char *type, const char *name, bool learn,
                  bool *learned)
{
    char letter = s_type_letter (type);
    if (learned)
        *learned = false;
    if (!letter || !name || !*name)
        return NULL;
    //  Most mentions repeat a name seen before: its spelling is enough.
    char seen [256];
    bool cache = s_cat (seen, sizeof seen, letter, name, SIZE_MAX) < sizeof seen;
    const s_slot_t *hit = cache ? s_map_get (&self->surface, seen) : NULL;
    if (hit) {
        s_touch (self, hit->val);
        return hit->val;
    }
    const char *canon = s_resolve (self, letter, name, learn, learned);
    if (cache && canon) {
        if (self->surface.n >= S_SURFACE_MAX)
            s_map_free (&self->surface, false);
        s_slot_t *slot = s_map_put (&self->surface, seen);
        if (slot)
            slot->val = (void *) canon;
    }
    s_touch (self, canon);
    return canon;
}

const char *
dp_canon_resolve (dp_canon_t *self, const char *type, const char *name, bool *learned)
{
    return s_resolve_cached (self, type, name, true, learned);
}

const char *
dp_canon_known (dp_canon_t *self, const char *type, const char *name)
{
    return s_resolve_cached (self, type, name, false, NULL);
}

int
dp_canon_learn (dp_canon_t *self, const char *type, const char *skel, const char *canon)
{
    char letter = s_type_letter (type);
    if (!letter || !skel || !canon)
        return 0;
    if (self->learned >= self->cap && s_evict (self))
        return -1;
    int rc = s_add (self, letter, skel, canon, true);
    s_touch (self, canon);
    return rc < 0 ? -1 : 0;
}

size_t
dp_canon_size (const dp_canon_t *self)
{
    return self->exact.n;
}

size_t
dp_canon_learned (const dp_canon_t *self)
{
    return self->learned;
}

uint64_t
dp_canon_evictions (const dp_canon_t *self)
{
    return self->evictions;
}

void
dp_canon_set_cap (dp_canon_t *self, size_t cap)
{
    self->cap = cap > 1 ? cap : 2;
}

int
dp_canon_drain (dp_canon_t *self, dp_canon_forget_fn fn, void *arg)
{
    int rc = 0;
    for (size_t i = 0; i < self->n_forgotten; i++) {
        const char *key = self->forgotten [i];
        const char *type = key [0] == 'P' ? "PER" : key [0] == 'L' ? "LOC" : "ORG";
        if (rc == 0 && fn && fn (arg, type, key + 1))
            rc = -1;
        free (self->forgotten [i]);
    }
    self->n_forgotten = 0;
    return rc;
}

//  --------------------------------------------------------------------------

//  key<TAB>id<TAB>type<TAB>variant, type P/L/O; # comments.
static int
s_load (dp_canon_t *self, const char *path)
{
    FILE *f = fopen (path, "r");
    if (!f) {
        dp_log_error ("%s: %m", path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0, rows = 0, clashes = 0;
    ssize_t len;
    int rc = 0;
    while (rc == 0 && (len = getline (&line, &cap, f)) > 0) {
        lineno++;
        while (len && (line [len - 1] == '\n' || line [len - 1] == '\r'))
            line [--len] = '\0';
        if (!len || line [0] == '#')
            continue;
        char *field [4];
        char *p = line;
        int n = 0;
        for (; n < 4 && p; n++) {
            field [n] = p;
            p = strchr (p, '\t');
            if (p)
                *p++ = '\0';
        }
        const char *type = n == 4 && field [2][1] == '\0'
                         ? (field [2][0] == 'P' ? "PER" : field [2][0] == 'L' ? "LOC"
                         :  field [2][0] == 'O' ? "ORG" : NULL) : NULL;
        if (!type || !*field [0] || !*field [3]) {
            dp_log_error ("%s:%zu: expected key<TAB>id<TAB>P|L|O<TAB>variant", path, lineno);
            rc = -1;
            break;
        }
        char skel [DP_SKEL_MAX], key [DP_SKEL_MAX + 2];
        if (!dp_canon_skeleton (field [3], skel, sizeof skel))
            continue;
        s_cat (key, sizeof key, type [0], skel, SIZE_MAX);
        const s_slot_t *slot = s_map_get (&self->exact, key);
        if (slot && strcmp (slot->val, field [0]) != 0) {
            dp_log_debug ("%s:%zu: %s is already a spelling of %s", path, lineno,
                          field [3], (const char *) slot->val);
            clashes++;
        }
        if (s_add (self, type [0], skel, field [0], false) < 0)
            rc = -1;
        rows++;
    }
    free (line);
    fclose (f);
    if (rc == 0)
        dp_log_debug ("%s: %zu spellings of %zu names (%zu clashes kept the first)",
                      path, rows, self->names.n, clashes);
    return rc;
}

static void
s_free_indexes (dp_canon_t *self)
{
    s_map_free (&self->exact, false);
    s_map_free (&self->loose, true);
    s_map_free (&self->words, true);
    s_map_free (&self->names, false);
    s_map_free (&self->surface, false);
}

typedef struct {
    uint64_t used;                      //  its canon's last use
    size_t slot;                        //  in exact
} s_aged_t;

static int
s_by_use (const void *a, const void *b)
{
    uint64_t x = ((const s_aged_t *) a)->used, y = ((const s_aged_t *) b)->used;
    return x < y ? 1 : x > y ? -1 : 0;  //  the latest first
}

//  Forgets the half of the learned names used least recently: the indexes
//  are built again from the variant table and the rest (the newest last,
//  as they were learned). Returns 0, or -1 when out of memory (self as it
//  was).
static int
s_evict (dp_canon_t *self)
{
    size_t n = 0, keep = self->cap / 2;
    s_aged_t *aged = malloc ((self->learned + 1) * sizeof *aged);
    dp_canon_t *fresh = calloc (1, sizeof *fresh);
    char **gone = NULL;
    if (!aged || !fresh)
        goto fail;
    for (size_t j = 0; j < self->exact.cap; j++) {
        const s_slot_t *e = &self->exact.slots [j];
        if (e->key && e->aux && n <= self->learned) {
            const s_slot_t *u = s_map_get (&self->names, e->val);
            aged [n++] = (s_aged_t) { u ? u->aux : 0, j };
        }
    }
    qsort (aged, n, sizeof *aged, s_by_use);
    if (keep > n)
        keep = n;
    fresh->cap = self->cap;
    fresh->clock = self->clock;
    if (*self->path && s_load (fresh, self->path))
        goto fail;
    for (size_t i = keep; i-- > 0; ) {
        const char *key = self->exact.slots [aged [i].slot].key;
        const char *canon = self->exact.slots [aged [i].slot].val;
        if (s_add (fresh, key [0], key + 1, canon, true) < 0)
            goto fail;
        s_slot_t *u = s_map_get (&fresh->names, canon);
        if (u)
            u->aux = aged [i].used;
    }
    //  The forgotten, for the caller to forget where it saved them.
    size_t need = self->n_forgotten + (n - keep);
    if (need > self->cap_forgotten) {
        if (!(gone = realloc (self->forgotten, need * sizeof *gone)))
            goto fail;
        self->forgotten = gone;
        self->cap_forgotten = need;
    }
    for (size_t i = keep; i < n; i++) {
        char **at = &self->forgotten [self->n_forgotten];
        if (!(*at = strdup (self->exact.slots [aged [i].slot].key)))
            goto fail;
        self->n_forgotten++;
    }
    s_free_indexes (self);
    self->exact = fresh->exact;
    self->loose = fresh->loose;
    self->words = fresh->words;
    self->names = fresh->names;
    self->learned = fresh->learned;
    self->evictions++;
    dp_log_info ("canon: %zu names learned, the %zu used least recently forgotten "
                 "(at most %zu are kept)", n, n - keep, self->cap);
    free (fresh);
    free (aged);
    return 0;
fail:
    if (fresh)
        s_free_indexes (fresh);
    free (fresh);
    free (aged);
    return -1;
}

dp_canon_t *
dp_canon_new (const char *path)
{
    dp_canon_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->cap = DP_CANON_NAMES;
    char *data = NULL;
    if (!path && !(path = data = dp_data_path ("canon/variants.tsv"))) {
        dp_log_error ("canon/variants.tsv: not found in the data folder (set DP_DATA)");
        dp_canon_destroy (&self);
        return NULL;
    }
    if (!(self->path = strdup (path)) || (*path && s_load (self, path))) {
        free (data);
        dp_canon_destroy (&self);
        return NULL;
    }
    free (data);
    return self;
}

void
dp_canon_destroy (dp_canon_t **self_p)
{
    dp_canon_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    s_free_indexes (self);
    dp_canon_drain (self, NULL, NULL);
    free (self->forgotten);
    free (self->path);
    free (self);
    *self_p = NULL;
}
