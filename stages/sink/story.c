//  depeche sink — story clustering over a window of recent articles. See
//  story.h for the method. Layout of this file: small maps, the features
//  of one article (words, SimHash, MinHash, entity pairs), the window (a
//  ring of docs whose bucket keys are chained in one table of heads), the
//  pair decision, and the public functions.
#include "sink/story.h"
#include "depeche/dp_log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define S_TERMS     64                  //  content words kept per article
#define S_ENTS      24                  //  canon entities kept per article
#define S_HASHES    32                  //  MinHash values...
#define S_ROWS      2                   //  ... in bands of this many rows
#define S_BANDS     (S_HASHES / S_ROWS)
#define S_PAIRS     10                  //  entity pairs of the top 5 entities
#define S_SINGLES   5                   //  the top 5 entities alone
#define S_BLOCKS    4                   //  SimHash blocks of 16 bits
#define S_KEYS      (S_BLOCKS + S_BANDS + S_PAIRS + S_SINGLES)
#define S_HEADS_MAX (1u << 21)          //  bucket chains at most (window-sized)
#define S_SCAN      8                   //  candidates read per bucket (newest first)
#define S_DECIDE    128                 //  pair decisions per article at most
#define S_MIN_SHINGLES 20               //  fewer: too short for a SimHash
#define S_TEXT_MAX  (256u << 10)        //  bytes of text read for the features
#define S_COPY_COS  0.8                 //  word cosine a copy has at least
#define S_OVERLAP   0.6                 //  names shared, of the fewer (s_decide)
#define S_COS_NAMES 0.05                //  ... with this little wording in common
#define S_OVERLAP_WORDS 0.5             //  names shared with cos_shared words
#define S_MAGIC     0x32535044u         //  "DPS2": blob format

//  --------------------------------------------------------------------------
//  A map of 64-bit keys (0 = empty) to 64-bit values, linear probing with
//  backward-shift deletion.

typedef struct {
    uint64_t *k, *v;
    size_t cap, n;
} s_map_t;

static size_t
s_mix (uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (size_t) x;
}

static uint64_t *
s_map_get (const s_map_t *m, uint64_t key)
{
    if (!m->cap)
        return NULL;
    for (size_t j = s_mix (key) & (m->cap - 1); m->k [j]; j = (j + 1) & (m->cap - 1))
        if (m->k [j] == key)
            return &m->v [j];
    return NULL;
}

static int
s_map_put (s_map_t *m, uint64_t key, uint64_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t ncap = m->cap ? m->cap * 2 : 1024;
        s_map_t big = { calloc (ncap, 8), calloc (ncap, 8), ncap, 0 };
        if (!big.k || !big.v) {
            free (big.k);
            free (big.v);
            return -1;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->k [i]) {
                size_t j = s_mix (m->k [i]) & (ncap - 1);
                while (big.k [j])
                    j = (j + 1) & (ncap - 1);
                big.k [j] = m->k [i];
                big.v [j] = m->v [i];
            }
        big.n = m->n;
        free (m->k);
        free (m->v);
        *m = big;
    }
    size_t j = s_mix (key) & (m->cap - 1);
    while (m->k [j] && m->k [j] != key)
        j = (j + 1) & (m->cap - 1);
    if (!m->k [j])
        m->n++;
    m->k [j] = key;
    m->v [j] = val;
    return 0;
}

static void
s_map_del (s_map_t *m, uint64_t key)
{
    if (!m->cap)
        return;
    size_t mask = m->cap - 1, j = s_mix (key) & mask;
    while (m->k [j] && m->k [j] != key)
        j = (j + 1) & mask;
    if (!m->k [j])
        return;
    m->n--;
    //  Backward shift: pull later entries of the run into the hole.
    for (size_t i = (j + 1) & mask; m->k [i]; i = (i + 1) & mask) {
        size_t home = s_mix (m->k [i]) & mask;
        if (((i - home) & mask) >= ((i - j) & mask)) {
            m->k [j] = m->k [i];
            m->v [j] = m->v [i];
            j = i;
        }
    }
    m->k [j] = 0;
    m->v [j] = 0;
}

//  --------------------------------------------------------------------------
//  Features.

typedef struct {
    uint32_t magic;
    int32_t day;                        //  days since 1970, INT32_MIN unknown
    uint64_t simhash;
    uint32_t shingles;                  //  word 3-shingles in the SimHash
    uint16_t nterms, nents;
    uint32_t terms [S_TERMS];           //  sorted word hashes
    uint32_t ents [S_ENTS];             //  sorted canon hashes
    uint32_t key [S_KEYS];              //  bucket keys, 0 = none
} s_sig_t;

static uint64_t
s_fnv (const void *data, size_t len, uint64_t h)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p [i]) * 1099511628211ull;
    return h;
}

static uint64_t
s_hash64 (uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

//  French and English words too common to tell stories apart (four
//  letters and more: shorter words are never content words here).
static const char *s_stop [] = {
    "alors", "ainsi", "apres", "aussi", "autre", "autres", "aux", "avait", "avant",
    "avec", "avoir", "cela", "celle", "celui", "cette", "ceux", "chez", "comme",
    "dans", "depuis", "deux", "doit", "donc", "dont", "elle", "elles", "encore",
    "entre", "etait", "etre", "fait", "faire", "leur", "leurs", "lors", "mais",
    "meme", "moins", "nous", "notre", "peut", "plus", "pour", "quand", "quelque",
    "sans", "selon", "sera", "sont", "sous", "tous", "tout", "toute", "toutes",
    "tres", "trois", "vers", "votre", "vous", "ont", "avaient", "seront", "serait",
    "pourrait", "egalement", "declare", "indique", "affirme", "ajoute", "annonce",
    "mardi", "lundi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "about", "after", "also", "been", "before", "being", "could", "from", "have",
    "into", "just", "more", "most", "only", "other", "over", "said", "says",
    "some", "than", "that", "their", "them", "then", "there", "these", "they",
    "this", "those", "through", "under", "were", "what", "when", "where", "which",
    "while", "will", "with", "would", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "told", "year", "years", "annee",
    NULL
};

static s_map_t s_stops;                 //  word hash -> 1, built once

static uint64_t
s_word_hash (const char *w, size_t n)
{
    return s_fnv (w, n, 1469598103934665603ull);
}

static int
s_stops_init (void)
{
    if (s_stops.n)
        return 0;
    for (int i = 0; s_stop [i]; i++)
        if (s_map_put (&s_stops, s_word_hash (s_stop [i], strlen (s_stop [i])) | 1, 1))
            return -1;
    return 0;
}

//  Days since 1970-01-01 of an ISO date's first ten bytes, or INT32_MIN.
static int32_t
s_day (const char *iso)
{
    int y, m, d;
    if (!iso || sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3
    ||  m < 1 || m > 12 || d < 1 || d > 31)
        return INT32_MIN;
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

typedef struct {
    uint64_t h;
    uint32_t n;
} s_count_t;

//  Counts of distinct 32-bit hashes (open addressing over a fixed table).
typedef struct {
    s_count_t slot [4096];
    size_t n;
} s_counts_t;

static void
s_count (s_counts_t *c, uint64_t h, uint32_t by)
{
    h |= 1;
    size_t j = s_mix (h) & 4095;
    while (c->slot [j].h && c->slot [j].h != h)
        j = (j + 1) & 4095;
    if (!c->slot [j].h) {
        if (c->n >= 2048)
            return;                     //  enough distinct words
        c->slot [j].h = h;
        c->n++;
    }
    c->slot [j].n += by;
}

static int
s_by_count (const void *a, const void *b)
{
    const s_count_t *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return (x->h > y->h) - (x->h < y->h);
}

static int
s_by_value (const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;
    return (x > y) - (x < y);
}

static int
s_by_hash (const void *a, const void *b)
{
    const s_count_t *x = a, *y = b;
    return (x->h > y->h) - (x->h < y->h);
}

//  The most frequent entries of c, up to max (ties: the smaller hashes),
//  hashes sorted ascending; the first ntop by count also into top[] when
//  top is not NULL. Counting selection, then a sort of the few kept.
static uint16_t
s_top (s_counts_t *c, uint32_t *out, size_t max, uint32_t *top, size_t ntop)
{
    size_t n = 0;
    for (size_t j = 0; j < 4096; j++)
        if (c->slot [j].h)
            c->slot [n++] = c->slot [j];
    if (n > max || top) {
        //  The count at which max entries are reached.
        uint32_t hist [65] = { 0 };
        for (size_t i = 0; i < n; i++)
            hist [c->slot [i].n < 64 ? c->slot [i].n : 64]++;
        uint32_t cut = 64;
        size_t above = 0;
        while (cut > 0 && above + hist [cut] <= max)
            above += hist [cut--];
        //  Keep everything above cut, and the smallest hashes at cut.
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if ((c->slot [i].n < 64 ? c->slot [i].n : 64) > cut)
                c->slot [k++] = c->slot [i];
        size_t at_cut = k;
        for (size_t i = at_cut; i < n; i++)
            if ((c->slot [i].n < 64 ? c->slot [i].n : 64) == cut)
                c->slot [k++] = c->slot [i];
        if (k > max) {
            qsort (c->slot + at_cut, k - at_cut, sizeof c->slot [0], s_by_hash);
            k = max;
        }
        n = k;
        if (top) {
            qsort (c->slot, n, sizeof c->slot [0], s_by_count);
            for (size_t i = 0; i < ntop && i < n; i++)
                top [i] = (uint32_t) (c->slot [i].h >> 32) | 1;
        }
    }
    for (size_t i = 0; i < n; i++)
        out [i] = (uint32_t) (c->slot [i].h >> 32) | 1;
    qsort (out, n, sizeof out [0], s_by_value);
    return (uint16_t) n;
}

//  Words of the folded text: runs of ASCII letters/digits or of non-ASCII
//  letters. Calls fn for each; a word made only of digits is flagged.
typedef struct {
    uint64_t ring [3];                  //  last three word hashes
    size_t words;
    uint32_t bits [64];                 //  SimHash: shingles with bit i set
    uint32_t shingles;
    s_counts_t *terms;
    uint32_t weight;                    //  1 for the text, 2 for the title
    bool simhash;                       //  feed shingles (text only)
} s_scan_t;

static void
s_on_word (s_scan_t *sc, const char *w, size_t n, bool digits)
{
    uint64_t h = s_word_hash (w, n);
    if (sc->simhash) {
        sc->ring [sc->words % 3] = h;
        if (++sc->words >= 3) {
            size_t at = sc->words;
            uint64_t sh = s_hash64 (s_hash64 (s_hash64 (sc->ring [(at - 3) % 3])
                                              ^ sc->ring [(at - 2) % 3]) ^ sc->ring [(at - 1) % 3]);
            for (int b = 0; b < 64; b++)
                sc->bits [b] += (uint32_t) ((sh >> b) & 1);
            sc->shingles++;
        }
    }
    if (n < 4 || digits || s_map_get (&s_stops, h | 1))
        return;
    //  A crude stem: the first seven bytes (négociation/négociations).
    s_count (sc->terms, s_word_hash (w, n < 7 ? n : 7), sc->weight);
}

//  Folding without a buffer: for U+0080..U+024F (Latin-1 and Latin
//  Extended) a table built once from utf8proc gives the lower-case letter
//  without its marks (é -> e, Ł -> l, œ -> oe) or "" for a non-letter.
#define S_FOLD_MAX 0x250
static char s_fold [S_FOLD_MAX][4];

static void
s_fold_init (void)
{
    for (utf8proc_int32_t cp = 0x80; cp < S_FOLD_MAX; cp++) {
        utf8proc_category_t cat = utf8proc_category (cp);
        if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_LO)
            continue;
        utf8proc_int32_t out [8];
        int opts = UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_COMPAT;
        utf8proc_ssize_t n = utf8proc_decompose_char (cp, out, 8, opts, NULL);
        char buf [4] = "";
        size_t k = 0;
        for (utf8proc_ssize_t i = 0; i < n && k < 3; i++)
            if (out [i] >= 'a' && out [i] <= 'z')
                buf [k++] = (char) out [i];
        if (!k) {
            //  No ASCII base (ø, ß...): keep the letter itself, lower case.
            utf8proc_uint8_t enc [4];
            utf8proc_ssize_t e = utf8proc_encode_char (utf8proc_tolower (cp), enc);
            for (utf8proc_ssize_t i = 0; i < e && k < 3; i++)
                buf [k++] = (char) enc [i];
        }
        memcpy (s_fold [cp], buf, sizeof buf);
    }
}

//  The words of text, folded on the fly (lower case, no marks), hashed.
static void
s_scan (s_scan_t *sc, const char *text)
{
    if (!text)
        return;
    const unsigned char *p = (const unsigned char *) text;
    const unsigned char *end = p + strnlen (text, S_TEXT_MAX);
    char word [64];
    size_t len = 0;
    bool digits = true;
    while (p <= end) {
        char piece [4];
        size_t plen = 0;
        if (p < end && *p < 0x80) {
            unsigned char c = *p++;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                piece [plen++] = (char) c;
            else
            if (c >= 'A' && c <= 'Z')
                piece [plen++] = (char) (c + 32);
        }
        else
        if (p < end) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate (p, end - p, &cp);
            if (k <= 0) {
                p++;                    //  a stray byte: a separator
            }
            else {
                p += k;
                if (cp < S_FOLD_MAX) {
                    plen = strlen (s_fold [cp]);
                    memcpy (piece, s_fold [cp], plen);
                }
                else {
                    utf8proc_category_t cat = utf8proc_category (cp);
                    if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
                        plen = (size_t) utf8proc_encode_char (utf8proc_tolower (cp),
                                                              (utf8proc_uint8_t *) piece);
                }
            }
        }
        else
            p++;                        //  the end: flush the last word
        if (plen) {
            for (size_t i = 0; i < plen && len < sizeof word; i++) {
                digits = digits && piece [i] >= '0' && piece [i] <= '9';
                word [len++] = piece [i];
            }
            continue;
        }
        if (len)
            s_on_word (sc, word, len, digits);
        len = 0;
        digits = true;
    }
}

static uint32_t
s_key (uint32_t kind, uint64_t a, uint64_t b)
{
    return (uint32_t) s_hash64 (s_hash64 (kind * 0x9e3779b97f4a7c15ull + a) ^ b) | 1;
}

//  The signature of an article: its date, SimHash, top words, entities
//  and bucket keys.
static void
s_features (const dp_article_t *doc, s_sig_t *sig)
{
    static __thread s_counts_t terms, ents;
    memset (sig, 0, sizeof *sig);
    memset (&terms, 0, sizeof terms);
    memset (&ents, 0, sizeof ents);
    sig->magic = S_MAGIC;
    sig->day = s_day (doc->published);
    s_scan_t sc = { .terms = &terms, .weight = 2 };
    s_scan (&sc, doc->title);
    sc.weight = 1;
    sc.simhash = true;
    s_scan (&sc, doc->text);
    sig->shingles = sc.shingles;
    for (int b = 0; b < 64; b++)
        if (sc.bits [b] * 2 > sc.shingles)
            sig->simhash |= 1ull << b;
    sig->nterms = s_top (&terms, sig->terms, S_TERMS, NULL, 0);
    for (size_t i = 0; i < doc->n_entities; i++) {
        const Dp__Entity *e = doc->entities [i];
        if (e->canon && e->type)
            s_count (&ents, s_fnv (e->canon, strlen (e->canon),
                                   s_fnv (e->type, strlen (e->type), 1469598103934665603ull))
                            << 32, 1);
    }
    uint32_t top [5] = { 0 };
    sig->nents = s_top (&ents, sig->ents, S_ENTS, top, 5);
    //  Keys: SimHash blocks (only for texts long enough to have one)...
    size_t k = 0;
    if (sig->shingles >= S_MIN_SHINGLES)
        for (int b = 0; b < S_BLOCKS; b++)
            sig->key [k++] = s_key (1 + (uint32_t) b, (sig->simhash >> (16 * b)) & 0xffff, 0);
    k = S_BLOCKS;
    //  ... MinHash bands over words and entities together ...
    if (sig->nterms + sig->nents >= 8)
        for (int band = 0; band < S_BANDS; band++) {
            uint64_t row [S_ROWS];
            for (int r = 0; r < S_ROWS; r++) {
                uint64_t seed = s_hash64 ((uint64_t) (band * S_ROWS + r) + 77);
                uint64_t min = UINT64_MAX;
                for (size_t i = 0; i < sig->nterms; i++) {
                    uint64_t h = s_hash64 (sig->terms [i] ^ seed);
                    min = h < min ? h : min;
                }
                for (size_t i = 0; i < sig->nents; i++) {
                    uint64_t h = s_hash64 (((uint64_t) sig->ents [i] << 32) ^ seed);
                    min = h < min ? h : min;
                }
                row [r] = min;
            }
            sig->key [k++] = s_key (16 + (uint32_t) band, row [0], row [1]);
        }
    k = S_BLOCKS + S_BANDS;
    //  ... pairs of the five most named entities, and each of them.
    for (int a = 0; a < 5; a++)
        for (int b = a + 1; b < 5; b++)
            if (top [a] && top [b])
                sig->key [k++] = s_key (64, top [a] < top [b] ? top [a] : top [b],
                                        top [a] < top [b] ? top [b] : top [a]);
    k = S_BLOCKS + S_BANDS + S_PAIRS;
    for (int a = 0; a < S_SINGLES; a++)
        if (top [a])
            sig->key [k++] = s_key (65, top [a], 0);
}

static size_t
s_common (const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t i = 0, j = 0, n = 0;
    while (i < na && j < nb) {
        if (a [i] == b [j]) {
            n++;
            i++;
            j++;
        }
        else
        if (a [i] < b [j])
            i++;
        else
            j++;
    }
    return n;
}

//  --------------------------------------------------------------------------
//  The window.

typedef struct s_story s_story_t;

typedef struct {
    char *id;                           //  NULL: free slot
    char *dup_of;                       //  id of the original it copies
    uint64_t idh;
    uint64_t pos;
    s_story_t *story;
    uint32_t member_at;                 //  index in story->members
    uint32_t seen;                      //  candidate generation stamp
    s_sig_t sig;
} s_doc_t;

//  One bucket entry of a doc: entry e = slot * S_KEYS + k. Apart from the
//  docs, so walking a chain reads one small record per step.
typedef struct {
    int32_t next, prev;                 //  entries, -1 none
    uint32_t key;                       //  the bucket key (0: unused)
} s_entry_t;

struct s_story {
    uint64_t label;
    uint32_t n, cap;
    uint32_t *members;                  //  slots
    int32_t first, last;                //  days of its dated articles (first > last: none)
};

struct dp_story {
    dp_story_cfg_t cfg;
    s_doc_t *docs;                      //  ring of cfg.window slots
    uint64_t next_pos;
    size_t n;
    int32_t *heads;                     //  chain heads, -1 empty
    uint32_t mask;                      //  heads - 1 (a power of two)
    s_entry_t *entries;                 //  window * S_KEYS
    s_map_t ids;                        //  id hash -> slot + 1
    s_map_t stories;                    //  label -> s_story_t *
    uint32_t gen;
};

static uint64_t
s_id_hash (const char *id)
{
    uint64_t h = s_fnv (id, strlen (id), 1469598103934665603ull);
    return h ? h : 1;
}

void
dp_story_label (uint64_t story, char *buf, size_t cap)
{
    snprintf (buf, cap, "st-%016llx", (unsigned long long) story);
}

static void
s_unlink (dp_story_t *self, size_t slot)
{
    for (int k = 0; k < S_KEYS; k++) {
        s_entry_t *en = &self->entries [slot * S_KEYS + (size_t) k];
        if (!en->key)
            continue;
        if (en->prev >= 0)
            self->entries [en->prev].next = en->next;
        else
            self->heads [en->key & self->mask] = en->next;
        if (en->next >= 0)
            self->entries [en->next].prev = en->prev;
        en->key = 0;
    }
}

static void
s_link (dp_story_t *self, size_t slot)
{
    const s_doc_t *d = &self->docs [slot];
    for (int k = 0; k < S_KEYS; k++) {
        if (!d->sig.key [k])
            continue;
        int32_t me = (int32_t) (slot * S_KEYS + (size_t) k);
        s_entry_t *en = &self->entries [me];
        int32_t *head = &self->heads [d->sig.key [k] & self->mask];
        en->key = d->sig.key [k];
        en->prev = -1;
        en->next = *head;
        if (*head >= 0)
            self->entries [*head].prev = me;
        *head = me;
    }
}

static void
s_story_drop (dp_story_t *self, s_story_t *st)
{
    s_map_del (&self->stories, st->label);
    free (st->members);
    free (st);
}

static int
s_story_join (s_story_t *st, s_doc_t *d, size_t slot)
{
    if (st->n == st->cap) {
        uint32_t ncap = st->cap ? st->cap * 2 : 4;
        uint32_t *nm = realloc (st->members, ncap * sizeof *nm);
        if (!nm)
            return -1;
        st->members = nm;
        st->cap = ncap;
    }
    d->story = st;
    d->member_at = st->n;
    st->members [st->n++] = (uint32_t) slot;
    if (d->sig.day != INT32_MIN) {
        st->first = d->sig.day < st->first ? d->sig.day : st->first;
        st->last = d->sig.day > st->last ? d->sig.day : st->last;
    }
    return 0;
}

static void
s_story_leave (dp_story_t *self, s_doc_t *d)
{
    s_story_t *st = d->story;
    uint32_t last = st->members [--st->n];
    if (d->member_at < st->n) {
        st->members [d->member_at] = last;
        self->docs [last].member_at = d->member_at;
    }
    d->story = NULL;
    if (!st->n)
        s_story_drop (self, st);
}

static s_story_t *
s_story_get (dp_story_t *self, uint64_t label)
{
    uint64_t *v = s_map_get (&self->stories, label);
    if (v)
        return (s_story_t *) (uintptr_t) *v;
    s_story_t *st = calloc (1, sizeof *st);
    if (!st)
        return NULL;
    st->label = label;
    st->first = INT32_MAX;
    st->last = INT32_MIN;
    if (s_map_put (&self->stories, label, (uint64_t) (uintptr_t) st)) {
        free (st);
        return NULL;
    }
    return st;
}

//  True when joining other (with the new article of day, and its story
//  so far, mine, which may be NULL) keeps the days within span_days.
static bool
s_span_ok (const dp_story_t *self, const s_story_t *mine, int32_t day, const s_story_t *other)
{
    int32_t first = other->first, last = other->last;
    if (mine && mine->first <= mine->last) {
        first = mine->first < first ? mine->first : first;
        last = mine->last > last ? mine->last : last;
    }
    if (day != INT32_MIN) {
        first = day < first ? day : first;
        last = day > last ? day : last;
    }
    return first > last || last - first <= self->cfg.span_days;
}

//  Merges the smaller story into the larger (equal sizes: into the smaller
//  label), which keeps its label: relabelling the smaller side only keeps
//  the total work (here and in the database) at O(n log n).
//  Returns the story that remains.
static s_story_t *
s_merge (dp_story_t *self, s_story_t *a, s_story_t *b, dp_story_hit_t *hit)
{
    if (a->n < b->n || (a->n == b->n && b->label < a->label)) {
        s_story_t *t = a;
        a = b;
        b = t;
    }
    uint64_t keep = a->label, gone = b->label;
    while (b->n) {
        uint32_t slot = b->members [b->n - 1];
        s_doc_t *d = &self->docs [slot];
        b->n--;
        if (s_story_join (a, d, slot))
            return NULL;
    }
    s_story_drop (self, b);
    if (a->label != keep) {
        s_map_del (&self->stories, a->label);
        a->label = keep;
        if (s_map_put (&self->stories, keep, (uint64_t) (uintptr_t) a))
            return NULL;
    }
    if (hit->n_merged < DP_STORY_MERGES)
        hit->merged [hit->n_merged++] = gone;
    return a;
}

static void
s_evict (dp_story_t *self, size_t slot, dp_story_hit_t *hit)
{
    s_doc_t *d = &self->docs [slot];
    if (!d->id)
        return;
    if (hit) {
        hit->evicted = true;
        hit->evicted_pos = d->pos;
    }
    s_unlink (self, slot);
    s_map_del (&self->ids, d->idh);
    if (d->story)
        s_story_leave (self, d);
    free (d->id);
    free (d->dup_of);
    memset (d, 0, sizeof *d);
    self->n--;
}

//  --------------------------------------------------------------------------
//  The pair decision.

typedef enum { S_APART, S_SAME, S_COPY } s_link_t;

//  Two articles are about one event when (thresholds measured on
//  tests/fixtures/stories, `DP_STORY_PAIRS=1 build/tests/test_link`):
//  - one copies the other: SimHash within dup_bits and word cosine >= 0.8;
//  - their words alone say so: cosine >= cos_alone (0.40), within days;
//  - or, both dated, the same or the next day, they name mostly the same
//    people, places and organisations (overlap = shared / the smaller
//    count): two or more shared and overlap >= 0.6 with a little common
//    wording (cosine >= 0.05), or overlap >= 0.5 and cosine >= cos_shared
//    (0.20). Rewrites of one event by other outlets share few words but
//    most names; other events about the same people (a call on Monday, a
//    summit on Friday) come on other days or share half their names.
static s_link_t
s_decide (const dp_story_cfg_t *cfg, const s_sig_t *a, const s_sig_t *b, int *bits)
{
    bool dated = a->day != INT32_MIN && b->day != INT32_MIN;
    int days = dated ? abs (a->day - b->day) : 0;
    if (days > cfg->days)
        return S_APART;
    *bits = __builtin_popcountll (a->simhash ^ b->simhash);
    if (!a->nterms || !b->nterms)
        return S_APART;
    double cos = (double) s_common (a->terms, a->nterms, b->terms, b->nterms)
               / sqrt ((double) a->nterms * b->nterms);
    //  A copy: close SimHashes; the word check guards short texts.
    if (a->shingles >= S_MIN_SHINGLES && b->shingles >= S_MIN_SHINGLES
    &&  *bits <= cfg->dup_bits && cos >= S_COPY_COS)
        return S_COPY;
    if (cos >= cfg->cos_alone)
        return S_SAME;
    //  Names alone tell an event only with its date: undated articles
    //  about the same people are as often other events (the seeds).
    if (!dated || days > 1)
        return S_APART;
    size_t shared = s_common (a->ents, a->nents, b->ents, b->nents);
    size_t fewer = a->nents < b->nents ? a->nents : b->nents;
    double overlap = fewer ? (double) shared / (double) fewer : 0;
    if (shared >= 2 && overlap >= S_OVERLAP && cos >= S_COS_NAMES)
        return S_SAME;
    if (shared >= 1 && overlap >= S_OVERLAP_WORDS && cos >= cfg->cos_shared)
        return S_SAME;
    return S_APART;
}

//  --------------------------------------------------------------------------

dp_story_t *
dp_story_new (const dp_story_cfg_t *cfg)
{
    //  Tables built once per process (the sink is single-threaded).
    if (!s_stops.n)
        s_fold_init ();
    if (s_stops_init ())
        return NULL;
    dp_story_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->cfg = cfg ? *cfg : (dp_story_cfg_t) { 0 };
    dp_story_cfg_t *c = &self->cfg;
    if (!c->window)
        c->window = 100000;
    if (c->window > (size_t) INT32_MAX / S_KEYS)
        c->window = (size_t) INT32_MAX / S_KEYS;
    if (!c->days)
        c->days = 3;
    if (!c->span_days)
        c->span_days = 7;
    if (!c->dup_bits)
        c->dup_bits = 16;
    if (c->cos_alone <= 0)
        c->cos_alone = 0.40;
    if (c->cos_shared <= 0)
        c->cos_shared = 0.20;
    self->docs = calloc (c->window, sizeof *self->docs);
    self->entries = calloc (c->window * S_KEYS, sizeof *self->entries);
    //  A head per two entries a full window holds: chains stay short.
    size_t heads = 1024;
    while (heads < c->window * S_KEYS / 2 && heads < S_HEADS_MAX)
        heads *= 2;
    self->mask = (uint32_t) heads - 1;
    self->heads = malloc (heads * sizeof *self->heads);
    if (!self->docs || !self->entries || !self->heads) {
        dp_story_destroy (&self);
        return NULL;
    }
    memset (self->heads, 0xff, heads * sizeof *self->heads);
    return self;
}

void
dp_story_destroy (dp_story_t **self_p)
{
    dp_story_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    for (size_t i = 0; self->docs && i < self->cfg.window; i++)
        if (self->docs [i].id) {
            s_doc_t *d = &self->docs [i];
            if (d->story)
                s_story_leave (self, d);
            free (d->id);
            free (d->dup_of);
        }
    free (self->docs);
    free (self->entries);
    free (self->heads);
    free (self->ids.k);
    free (self->ids.v);
    free (self->stories.k);
    free (self->stories.v);
    free (self);
    *self_p = NULL;
}

//  Puts a doc with its signature at pos, joined to story st (NULL: its
//  own new story, or the one of that label).
static s_doc_t *
s_place (dp_story_t *self, uint64_t pos, const char *id, const s_sig_t *sig,
         dp_story_hit_t *hit)
{
    size_t slot = pos % self->cfg.window;
    s_evict (self, slot, hit);
    s_doc_t *d = &self->docs [slot];
    d->id = strdup (id);
    if (!d->id)
        return NULL;
    d->idh = s_id_hash (id);
    d->pos = pos;
    d->sig = *sig;
    if (s_map_put (&self->ids, d->idh, slot + 1)) {
        free (d->id);
        d->id = NULL;
        return NULL;
    }
    s_link (self, slot);
    self->n++;
    if (pos >= self->next_pos)
        self->next_pos = pos + 1;
    return d;
}

int
dp_story_add (dp_story_t *self, const dp_article_t *doc, dp_story_hit_t *hit)
{
    memset (hit, 0, sizeof *hit);
    char anon [40];
    const char *id = doc->id;
    if (!id) {
        snprintf (anon, sizeof anon, "anon-%016llx", (unsigned long long)
                  s_id_hash (doc->text ? doc->text : ""));
        id = anon;
    }
    uint64_t idh = s_id_hash (id);
    uint64_t *known = s_map_get (&self->ids, idh);
    if (known && strcmp (self->docs [*known - 1].id, id) == 0) {
        const s_doc_t *d = &self->docs [*known - 1];
        hit->known = true;
        hit->story = d->story->label;
        hit->duplicate_of = d->dup_of;
        hit->pos = d->pos;
        return 0;
    }
    s_sig_t sig;
    s_features (doc, &sig);
    //  Make room first: the oldest article may not be a candidate.
    uint64_t pos = self->next_pos;
    s_evict (self, pos % self->cfg.window, hit);
    //  Candidates: the newest S_SCAN articles of each bucket of ours.
    if (++self->gen == 0)
        self->gen = 1;
    s_story_t *story = NULL;
    const s_doc_t *copy = NULL;
    int copy_bits = 65, decided = 0;
    for (int k = 0; k < S_KEYS && decided <= S_DECIDE; k++) {
        if (!sig.key [k])
            continue;
        //  A hot bucket is a long chain: read its newest entries only,
        //  counting those already seen through another bucket too.
        int scanned = 0, walked = 0;
        for (int32_t e = self->heads [sig.key [k] & self->mask];
             e >= 0 && scanned < S_SCAN && walked < 2 * S_SCAN; walked++) {
            const s_entry_t *en = &self->entries [e];
            s_doc_t *c = &self->docs [e / S_KEYS];
            e = en->next;
            if (en->key != sig.key [k])
                continue;
            scanned++;
            if (c->seen == self->gen)
                continue;
            c->seen = self->gen;
            //  Already in our story and too far for a copy: nothing to learn.
            if (c->story == story
            &&  __builtin_popcountll (c->sig.simhash ^ sig.simhash) > self->cfg.dup_bits)
                continue;
            if (++decided > S_DECIDE)
                break;
            int bits = 65;
            s_link_t link = s_decide (&self->cfg, &sig, &c->sig, &bits);
            if (link == S_APART)
                continue;
            //  A story is one event: it may not grow past span_days
            //  (daily market reports would chain into one otherwise).
            if (!s_span_ok (self, story, sig.day, c->story))
                continue;
            if (link == S_COPY && (bits < copy_bits || (bits == copy_bits && c->pos < copy->pos))) {
                copy = c;
                copy_bits = bits;
            }
            if (!story)
                story = c->story;
            else
            if (story != c->story && !(story = s_merge (self, story, c->story, hit)))
                return -1;
        }
    }
    if (!story && !(story = s_story_get (self, idh)))
        return -1;
    char *dup_of = NULL;
    if (copy && !(dup_of = strdup (copy->dup_of ? copy->dup_of : copy->id)))
        return -1;
    s_doc_t *d = s_place (self, pos, id, &sig, hit);
    if (!d || s_story_join (story, d, pos % self->cfg.window)) {
        free (dup_of);
        return -1;
    }
    d->dup_of = dup_of;
    hit->story = story->label;
    hit->duplicate_of = dup_of;
    hit->pos = pos;
    return 0;
}

void *
dp_story_blob (dp_story_t *self, uint64_t pos, size_t *len)
{
    const s_doc_t *d = &self->docs [pos % self->cfg.window];
    if (!d->id || d->pos != pos)
        return NULL;
    void *blob = malloc (sizeof d->sig);
    if (blob) {
        memcpy (blob, &d->sig, sizeof d->sig);
        *len = sizeof d->sig;
    }
    return blob;
}

int
dp_story_restore (dp_story_t *self, uint64_t pos, const char *id, uint64_t story,
                  const char *dup_of, const void *blob, size_t len)
{
    s_sig_t sig;
    if (!id || !story || len != sizeof sig)
        return 1;
    memcpy (&sig, blob, sizeof sig);
    if (sig.magic != S_MAGIC || sig.nterms > S_TERMS || sig.nents > S_ENTS)
        return 1;
    s_story_t *st = s_story_get (self, story);
    if (!st)
        return -1;
    s_doc_t *d = s_place (self, pos, id, &sig, NULL);
    if (!d || s_story_join (st, d, pos % self->cfg.window)) {
        if (!st->n)
            s_story_drop (self, st);
        return -1;
    }
    if (dup_of && !(d->dup_of = strdup (dup_of)))
        return -1;
    return 0;
}

void
dp_story_pair (const dp_story_t *self, const dp_article_t *a, const dp_article_t *b,
               dp_story_pair_t *out)
{
    s_sig_t sa, sb;
    s_features (a, &sa);
    s_features (b, &sb);
    out->bits = __builtin_popcountll (sa.simhash ^ sb.simhash);
    out->cos = sa.nterms && sb.nterms
             ? (double) s_common (sa.terms, sa.nterms, sb.terms, sb.nterms)
               / sqrt ((double) sa.nterms * sb.nterms) : 0;
    out->shared = (int) s_common (sa.ents, sa.nents, sb.ents, sb.nents);
    out->ents_a = sa.nents;
    out->ents_b = sb.nents;
    out->days = sa.day != INT32_MIN && sb.day != INT32_MIN ? abs (sa.day - sb.day) : -1;
    int bits;
    out->link = (int) s_decide (&self->cfg, &sa, &sb, &bits);
}

size_t
dp_story_window (const dp_story_t *self)
{
    return self->cfg.window;
}

size_t
dp_story_size (const dp_story_t *self, size_t *stories)
{
    if (stories)
        *stories = self->stories.n;
    return self->n;
}
