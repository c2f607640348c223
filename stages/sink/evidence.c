//  depeche sink — the evidence for a pair of articles (see evidence.h).
//  Layout: the tunable thresholds, the rarity table, folding and words,
//  the signature of one article. The pair's facts and decision are in
//  evidence_pair.c. No window, no state besides two tables built once per
//  process (the sink is single-threaded).
#include "sink/evidence.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define S_STEM        7                 //  bytes of a folded word compared (a crude stem)
#define S_MIN_WORD    3                 //  shorter words are never content words
#define S_DISTINCT    2048              //  distinct terms counted per article at most
#define S_TEXT_MAX    (256u << 10)      //  bytes of text read for the signature
#define S_LEAD_BYTES  400               //  the lead when the sentences are unknown
#define S_UNIT        4                 //  a body word's count (weights in quarters)

//  --------------------------------------------------------------------------
//  The thresholds, in one place. Measured with scripts/eval-stories on the
//  tuned topics of ../shared/eval/stories and with test_link on the
//  fixture corpus (pairwise precision and recall 1.00 there). A margin
//  for what the leads say apart sits in the middle of the range where
//  neither moves, not at the edge where it starts to count (inner
//  cross-validation: tests/eval/story_cv.py).

static const dp_evidence_cfg_t s_defaults = {
    .dated = 0.22, .undated = 0.38, .copy = 0.80, .days = 8, .dup_bits = 16,
    .title = 2.0, .lead = 1.5, .caps = 1.5, .number = 4.0,
    .num_shared = 0.12, .num_apart = 0.24, .wday_apart = 0.12, .names_apart = 0.24,
    .slack = 0.22, .edge = 0.20,
};

int
dp_evidence_cfg (dp_evidence_cfg_t *cfg, int days, int dup_bits)
{
    *cfg = s_defaults;
    const char *tune = getenv ("DP_STORY_TUNE");
    while (tune && *tune) {
        char name [32];
        double v;
        int used = 0;
        if (sscanf (tune, " %31[a-z_] = %lf%n", name, &v, &used) != 2 || v < 0 || v > 1e6) {
            dp_log_error ("DP_STORY_TUNE: expected name=value,... at \"%s\"", tune);
            return -1;
        }
        struct { const char *name; double *d; int *i; } f [] = {
            { "dated", &cfg->dated, NULL }, { "undated", &cfg->undated, NULL },
            { "copy", &cfg->copy, NULL }, { "days", NULL, &cfg->days },
            { "dup_bits", NULL, &cfg->dup_bits }, { "title", &cfg->title, NULL },
            { "lead", &cfg->lead, NULL }, { "caps", &cfg->caps, NULL },
            { "number", &cfg->number, NULL },
            { "num_shared", &cfg->num_shared, NULL }, { "num_apart", &cfg->num_apart, NULL },
            { "wday_apart", &cfg->wday_apart, NULL }, { "names_apart", &cfg->names_apart, NULL },
            { "slack", &cfg->slack, NULL }, { "edge", &cfg->edge, NULL },
        };
        size_t k = 0;
        while (k < sizeof f / sizeof f [0] && strcmp (f [k].name, name) != 0)
            k++;
        if (k == sizeof f / sizeof f [0]) {
            dp_log_error ("DP_STORY_TUNE: no threshold called \"%s\"", name);
            return -1;
        }
        if (f [k].d)
            *f [k].d = v;
        else
            *f [k].i = (int) v;
        tune += used;
        tune += strspn (tune, ", ");
    }
    if (days > 0)
        cfg->days = days;
    if (dup_bits > 0)
        cfg->dup_bits = dup_bits;
    if (cfg->days < 1)
        cfg->days = 1;
    return 0;
}

//  --------------------------------------------------------------------------
//  Hashes; the rarity table: stem hash -> idf, open addressing, built once.

static uint64_t
s_fnv (const void *data, size_t len, uint64_t h)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p [i]) * 1099511628211ull;
    return h;
}

#define S_FNV0 1469598103934665603ull

uint64_t
dp_evidence_hash (const void *data, size_t len)
{
    uint64_t h = s_fnv (data, len, S_FNV0);
    return h ? h : 1;
}

static uint64_t
s_mix (uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

typedef struct {
    uint64_t k;                         //  stem hash | 1, 0 = empty
    float idf;                          //  beside it: one cache line a look-up
} s_rarity_slot_t;

typedef struct {
    s_rarity_slot_t *slot;
    size_t mask;
    float unseen;                       //  idf of a stem not in the table
} s_rarity_t;

static s_rarity_t s_rarity;

//  The idf of stem hash h (| 1), whose s_mix is mx.
static float
s_idf (uint64_t h, uint64_t mx)
{
    for (size_t j = mx & s_rarity.mask; s_rarity.slot [j].k; j = (j + 1) & s_rarity.mask)
        if (s_rarity.slot [j].k == h)
            return s_rarity.slot [j].idf;
    return s_rarity.unseen;
}

static char s_fold [0x250][4];          //  U+0080..U+024F folded, "" = not a letter
static uint8_t s_fold_len [0x250];      //  ... its length
static bool s_fold_upper [0x250];       //  ... an upper case letter (category Lu)
static bool s_stop [256];               //  a byte after which a sentence starts

//  A term's damped count, log2 (1 + n / S_UNIT), for the counts most terms
//  have: the same expression, evaluated once at start (a call to log1p for
//  every term of every article was ~5 % of the signature).
#define S_DAMPED 1024
static double s_damped [S_DAMPED];

static double
s_damp (uint32_t n)
{
    return log1p ((double) n / S_UNIT) / M_LN2;
}
static unsigned char s_ascii [256];     //  an ASCII letter or digit folded, else 0
static uint64_t s_wday [14];            //  hashes of the weekdays' names, English, French

static void
s_fold_init (void)
{
    static const char *wday [14] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    };
    for (int i = 0; i < 14; i++)
        s_wday [i] = s_fnv (wday [i], strlen (wday [i]), S_FNV0);
    for (int c = '0'; c <= '9'; c++)
        s_ascii [c] = (unsigned char) c;
    for (int c = 'a'; c <= 'z'; c++)
        s_ascii [c] = s_ascii [c - 32] = (unsigned char) c;
    for (uint32_t n = 0; n < S_DAMPED; n++)
        s_damped [n] = s_damp (n);
    s_stop ['.'] = s_stop ['!'] = s_stop ['?'] = s_stop [':'] = s_stop ['\n'] = true;
    for (utf8proc_int32_t cp = 0x80; cp < 0x250; cp++) {
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
            //  No ASCII base (ø, œ...): the letter itself, lower case.
            utf8proc_uint8_t enc [4];
            utf8proc_ssize_t e = utf8proc_encode_char (utf8proc_tolower (cp), enc);
            for (utf8proc_ssize_t i = 0; i < e && k < 3; i++)
                buf [k++] = (char) enc [i];
        }
        memcpy (s_fold [cp], buf, sizeof buf);
        s_fold_len [cp] = (uint8_t) strlen (buf);
        s_fold_upper [cp] = cat == UTF8PROC_CATEGORY_LU;
    }
}

//  Reads data/story/rarity.tsv: "unseen<TAB>idf", then "stem<TAB>idf".
static int
s_rarity_load (const char *path)
{
    FILE *f = fopen (path, "r");
    if (!f) {
        dp_log_error ("%s: %s", path, strerror (errno));
        return -1;
    }
    //  A first pass sizes the table: at most half full.
    size_t rows = 0, cap = 1024;
    char line [256];
    while (fgets (line, sizeof line, f))
        rows++;
    while (cap < 2 * rows)
        cap *= 2;
    rewind (f);
    rows = 0;
    s_rarity.slot = calloc (cap, sizeof *s_rarity.slot);
    s_rarity.mask = cap - 1;
    int rc = s_rarity.slot ? 0 : -1;
    while (rc == 0 && fgets (line, sizeof line, f)) {
        if (line [0] == '#' || line [0] == '\n')
            continue;
        char *tab = strchr (line, '\t'), *end = NULL;
        double idf = tab ? strtod (tab + 1, &end) : 0;
        if (!tab || end == tab + 1 || (*end && *end != '\n') || idf < 0 || idf > 50
        ||  tab == line || tab - line > S_STEM || rows * 2 >= cap) {
            dp_log_error ("%s: a line is not stem<TAB>idf: \"%.40s\"", path, line);
            rc = -1;
            break;
        }
        *tab = '\0';
        if (strcmp (line, "unseen") == 0) {
            s_rarity.unseen = (float) idf;
            continue;
        }
        uint64_t h = s_fnv (line, strlen (line), S_FNV0) | 1;
        size_t j = s_mix (h) & s_rarity.mask;
        while (s_rarity.slot [j].k && s_rarity.slot [j].k != h)
            j = (j + 1) & s_rarity.mask;
        s_rarity.slot [j].k = h;
        s_rarity.slot [j].idf = (float) idf;
        rows++;
    }
    fclose (f);
    if (rc == 0 && (!rows || s_rarity.unseen <= 0)) {
        dp_log_error ("%s: no \"unseen\" line or no stems", path);
        rc = -1;
    }
    if (rc) {
        free (s_rarity.slot);
        memset (&s_rarity, 0, sizeof s_rarity);
    }
    return rc;
}

int
dp_evidence_init (void)
{
    if (s_rarity.slot)
        return 0;
    s_fold_init ();
    char *path = dp_data_path ("story/rarity.tsv");
    if (!path) {
        dp_log_error ("story/rarity.tsv: not found in the data folder (set DP_DATA)");
        return -1;
    }
    int rc = s_rarity_load (path);
    free (path);
    return rc;
}

//  --------------------------------------------------------------------------
//  Counting the terms of one article.

//  Two 64-bit lanes in one SSE2 register (GCC's vector extension).
typedef uint64_t s_lanes_t __attribute__ ((vector_size (16)));

typedef struct {
    uint64_t h;                         //  term hash | 1, 0 = empty
    uint32_t n;                         //  weighted count, in quarters
    float idf;
} s_term_t;

typedef struct {
    s_term_t slot [2 * S_DISTINCT];
    uint16_t used [S_DISTINCT];         //  the slots taken, in order (cleared after)
    uint16_t rare [S_DISTINCT];         //  the slots whose idf is looked up at the end
    uint64_t rare_mix [S_DISTINCT];     //  ... their hash's s_mix (the rarity table's too)
    size_t n;
    size_t nrare;
    //  The scan: where a word starts, what came before it.
    uint64_t ring [3];                  //  last three word hashes, oldest first
    size_t words;
    uint32_t bits [64];                 //  SimHash: shingles with bit i set
    s_lanes_t lane [4];                 //  ... counted 8 bits at a time, in bytes:
                                        //  lane i is lane [i / 2][i % 2]
    uint32_t in_lane;                   //  shingles in lane (flushed before 255)
    uint32_t shingles;
    uint32_t unit;                      //  count of a word in this zone
    uint32_t caps_unit;                 //  ... of a capitalised word inside a sentence
    bool simhash;                       //  feed the shingles (the text, not the title)
    bool lead;                          //  in the title or lead: numbers, weekdays noted
    uint32_t lnum [DP_EVIDENCE_LNUM];   //  their numbers, ascending
    uint8_t nlnum;
    uint8_t wdays;                      //  their weekdays, bit 0 Monday
    const dp_evidence_cfg_t *cfg;
} s_scan_t;

//  Adds by to the count of term h; returns its slot (a new one has idf
//  < 0 for the caller to set), or NULL when the article has too many.
//  *mx: s_mix (h | 1), which places it here and in the rarity table.
static s_term_t *
s_count (s_scan_t *sc, uint64_t h, uint32_t by, uint64_t *mx)
{
    h |= 1;
    *mx = s_mix (h);
    size_t mask = 2 * S_DISTINCT - 1, j = *mx & mask;
    while (sc->slot [j].h && sc->slot [j].h != h)
        j = (j + 1) & mask;
    if (!sc->slot [j].h) {
        if (sc->n >= S_DISTINCT)
            return NULL;                //  enough distinct terms
        sc->slot [j].h = h;
        sc->slot [j].idf = -1;
        sc->used [sc->n++] = (uint16_t) j;
    }
    sc->slot [j].n += by;
    return &sc->slot [j];
}

//  Adds the lanes' byte counters to bits[] and clears them.
static void
s_lanes_flush (s_scan_t *sc)
{
    for (int i = 0; i < 8; i++) {
        for (int k = 0; k < 8; k++)
            sc->bits [8 * k + i] += (uint32_t) ((sc->lane [i / 2][i % 2] >> (8 * k)) & 0xff);
    }
    memset (sc->lane, 0, sizeof sc->lane);
    sc->in_lane = 0;
}

//  Adds hash h to the ascending set x[0..*n) of at most cap (full: not).
static void
s_set_add (uint32_t *x, uint8_t *n, size_t cap, uint64_t h)
{
    uint32_t v = (uint32_t) (h >> 32) | 1;
    size_t i = 0;
    while (i < *n && x [i] < v)
        i++;
    if ((i < *n && x [i] == v) || *n == cap)
        return;
    memmove (x + i + 1, x + i, (*n - i) * sizeof *x);
    x [i] = v;
    (*n)++;
}

//  True when x[0..n) is strictly ascending and n at most cap.
static bool
s_set_valid (const uint32_t *x, size_t n, size_t cap)
{
    for (size_t i = 1; i < n && n <= cap; i++)
        if (x [i - 1] >= x [i])
            return false;
    return n <= cap;
}

//  A word of the title or lead (its hash h): a number is kept (the first
//  DP_EVIDENCE_LNUM distinct ones), a weekday noted.
static void
s_on_lead_word (s_scan_t *sc, uint64_t h, size_t n, bool digits)
{
    if (digits)
        s_set_add (sc->lnum, &sc->nlnum, DP_EVIDENCE_LNUM, h);
    else
    if (n >= 5 && n <= 9)
        for (int i = 0; i < 14; i++)
            if (h == s_wday [i])
                sc->wdays |= (uint8_t) (1u << (i % 7));
}

//  One word of the scan, of n bytes folded: h7 the hash of its first S_STEM
//  bytes, h of all; digits: a number; cap: it began with a capital letter
//  inside a sentence.
static inline void
s_on_word (void *arg, uint64_t h7, uint64_t h, size_t n, bool digits, bool cap)
{
    s_scan_t *sc = arg;
    const dp_evidence_cfg_t *cfg = sc->cfg;
    if (sc->simhash) {
        sc->ring [0] = sc->ring [1];
        sc->ring [1] = sc->ring [2];
        sc->ring [2] = h;
        if (++sc->words >= 3) {
            uint64_t sh = s_mix (s_mix (s_mix (sc->ring [0]) ^ sc->ring [1]) ^ sc->ring [2]);
            //  Lane i counts bits i, i+8, ... i+56 of the shingles, a
            //  byte each: 8 additions a shingle instead of 64, two at a
            //  time (lanes 0 and 1 take sh and sh >> 1, 2 and 3 those >> 2...).
            const s_lanes_t ones = { 0x0101010101010101ull, 0x0101010101010101ull };
            s_lanes_t v = { sh, sh >> 1 };
            sc->lane [0] += v & ones;
            v >>= 2;
            sc->lane [1] += v & ones;
            v >>= 2;
            sc->lane [2] += v & ones;
            v >>= 2;
            sc->lane [3] += v & ones;
            if (++sc->in_lane == 255)
                s_lanes_flush (sc);
            sc->shingles++;
        }
    }
    if (sc->lead)
        s_on_lead_word (sc, h, n, digits);
    s_term_t *t;
    if (digits) {
        //  A number says something when it has two characters or more.
        uint64_t mx;
        if (n >= 2 && (t = s_count (sc, s_fnv ("#", 1, h), sc->unit, &mx)) && t->idf < 0)
            t->idf = (float) cfg->number;
        return;
    }
    if (n < S_MIN_WORD)
        return;
    uint64_t stem = h7;
    uint64_t mx;
    if ((t = s_count (sc, stem, cap ? sc->caps_unit : sc->unit, &mx)) && t->idf < 0) {
        //  The rarity table is larger than the CPU's caches: every stem's
        //  idf is looked up after the scan, a few ahead (s_rare_all).
        t->idf = 0;
        sc->rare_mix [sc->nrare] = mx;
        sc->rare [sc->nrare++] = (uint16_t) (t - sc->slot);
    }
}

//  Sets the idf of the stems s_on_word found, each slot of the rarity
//  table asked for S_RARE_AHEAD stems before it is read.
#define S_RARE_AHEAD 8

static void
s_rare_all (s_scan_t *sc)
{
    size_t n = sc->nrare;
    for (size_t i = 0; i < n && i < S_RARE_AHEAD; i++)
        __builtin_prefetch (&s_rarity.slot [sc->rare_mix [i] & s_rarity.mask]);
    for (size_t i = 0; i < n; i++) {
        if (i + S_RARE_AHEAD < n)
            __builtin_prefetch (&s_rarity.slot [sc->rare_mix [i + S_RARE_AHEAD] & s_rarity.mask]);
        s_term_t *t = &sc->slot [sc->rare [i]];
        t->idf = s_idf (t->h, sc->rare_mix [i]);
    }
}

//  Calls fn for each word of s[0..len): runs of letters and digits, folded
//  (lower case, no marks); a number keeps its decimal point (6.1, 1,4 ->
//  1.4); cap: the word began with a capital letter inside a sentence. A
//  word counts its first S_WORD bytes (folded), the rest is skipped. Its
//  hashes (s_fnv of its first S_STEM bytes, and of them all) are made as
//  its bytes come: the word itself is not kept.
#define S_WORD 64

typedef void (s_word_fn) (void *arg, uint64_t h7, uint64_t h, size_t n, bool digits, bool cap);

static inline __attribute__ ((always_inline)) void
s_scan (const char *s, size_t len, s_word_fn *fn, void *arg)
{
    const unsigned char *p = (const unsigned char *) s, *end = p + len;
    uint64_t h = S_FNV0, h7 = S_FNV0;
    size_t wlen = 0;
    bool digits = true, cap = false, initial = true;
    while (p <= end) {
        char piece [4];
        size_t plen = 0;
        bool upper = false;
        const unsigned char *at = p;
        //  The common case first: an ASCII letter or digit goes straight
        //  into the word (what the general path below does with it too).
        unsigned char f = p < end ? s_ascii [*p] : 0;
        if (f) {
            if (!wlen)
                cap = f != *p && !initial;
            //  The rest of the ASCII run in loops of their own: up to the
            //  stem's end (h7 taken there), up to S_WORD bytes, the rest
            //  skipped. acc: the bytes hashed or'ed together (a letter has
            //  bit 0x40, a digit not).
            unsigned acc = 0;
            while (wlen < S_STEM) {
                acc |= f;
                h = (h ^ f) * 1099511628211ull;
                h7 = ++wlen == S_STEM ? h : h7;
                if (++p == end || !(f = s_ascii [*p]))
                    goto run_end;
            }
            const unsigned char *stop = (size_t) (end - p) > S_WORD - wlen
                                      ? p + (S_WORD - wlen) : end;
            for (const unsigned char *from = p; wlen < S_WORD; ) {
                acc |= f;
                h = (h ^ f) * 1099511628211ull;
                if (++p == stop || !(f = s_ascii [*p])) {
                    wlen += (size_t) (p - from);
                    break;
                }
            }
            while (p < end && s_ascii [*p])
                p++;
        run_end:
            digits = digits && !(acc & 0x40);
            continue;
        }
        if (p < end && *p < 0x80) {
            //  Not a letter nor a digit: a decimal point inside a number
            //  (1,4 -> 1.4), else a separator.
            unsigned char c = *p++;
            if ((c == '.' || c == ',') && wlen && digits && p < end && *p >= '0' && *p <= '9')
                piece [plen++] = '.';
        }
        else
        if (p + 1 < end && *p >= 0xC2 && *p <= 0xC8 && (p [1] & 0xC0) == 0x80) {
            //  Two bytes under U+0240 (Latin letters with accents): the
            //  tables, as utf8proc would say (below).
            utf8proc_int32_t cp = (utf8proc_int32_t) ((p [0] & 0x1F) << 6 | (p [1] & 0x3F));
            p += 2;
            upper = s_fold_upper [cp];
            plen = s_fold_len [cp];
            memcpy (piece, s_fold [cp], sizeof piece);
        }
        else
        if (p < end) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t k = utf8proc_iterate (p, end - p, &cp);
            if (k <= 0)
                p++;                    //  a stray byte: a separator
            else {
                p += k;
                utf8proc_category_t cat = utf8proc_category (cp);
                upper = cat == UTF8PROC_CATEGORY_LU;
                if (cp < 0x250) {
                    plen = s_fold_len [cp];
                    memcpy (piece, s_fold [cp], sizeof piece);
                }
                else
                if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO)
                    plen = (size_t) utf8proc_encode_char (utf8proc_tolower (cp),
                                                          (utf8proc_uint8_t *) piece);
            }
        }
        else
            p++;                        //  the end: flush the last word
        if (plen) {
            if (!wlen)
                cap = upper && !initial;
            for (size_t i = 0; i < plen && wlen < S_WORD; i++) {
                digits = digits && ((piece [i] >= '0' && piece [i] <= '9') || piece [i] == '.');
                h = (h ^ (unsigned char) piece [i]) * 1099511628211ull;
                h7 = ++wlen == S_STEM ? h : h7;
            }
            continue;
        }
        if (wlen) {
            fn (arg, wlen < S_STEM ? h : h7, h, wlen, digits, cap);
            initial = false;
        }
        h = h7 = S_FNV0;
        wlen = 0;
        digits = true;
        //  A sentence starts after . ! ? : or a line break (quotes and
        //  spaces in between do not count).
        if (at < end && s_stop [*at])
            initial = true;
    }
}

//  A word of a name in the lead: kept (DP_EVIDENCE_LNAME at most).
static void
s_on_lead_name_word (void *arg, uint64_t h7, uint64_t h, size_t n, bool digits, bool cap)
{
    (void) h7;
    (void) cap;
    dp_evidence_sig_t *sig = arg;
    if (!digits && n >= S_MIN_WORD)
        s_set_add (sig->lname, &sig->nlname, DP_EVIDENCE_LNAME, h);
}

//  s_scan with each callback made into one function, the callback inlined
//  (a call with six arguments for each of ~530 words an article cost more
//  than half of what s_on_word does).
static __attribute__ ((noinline)) void
s_scan_words (const char *s, size_t len, s_scan_t *sc)
{
    s_scan (s, len, s_on_word, sc);
}

static __attribute__ ((noinline)) void
s_scan_names (const char *s, size_t len, dp_evidence_sig_t *sig)
{
    s_scan (s, len, s_on_lead_name_word, sig);
}

//  --------------------------------------------------------------------------
//  The signature.

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
    double w;
    uint32_t h;
} s_weighted_t;

//  x comes before y: a larger weight, equal weights by hash (a total
//  order, so the terms kept never depend on the table's layout or on the
//  order they were counted in; two terms equal in both are one to us).
static bool
s_stronger (const s_weighted_t *x, const s_weighted_t *y)
{
    return x->w != y->w ? x->w > y->w : x->h < y->h;
}

//  x comes before y by hash, equal hashes the stronger first.
static bool
s_lower (const s_weighted_t *x, const s_weighted_t *y)
{
    return x->h != y->h ? x->h < y->h : s_stronger (x, y);
}

//  A heap of a[0..n) in the order before: a[0] the last of them (with
//  before = s_stronger, the heap of the strongest terms so far, a[0] the
//  weakest). Moves a[i] down to its place.
static inline __attribute__ ((always_inline)) void
s_sift (s_weighted_t *a, size_t n, size_t i,
        bool (*before) (const s_weighted_t *, const s_weighted_t *))
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && before (&a [m], &a [l]))
            m = l;
        if (r < n && before (&a [m], &a [r]))
            m = r;
        if (m == i)
            return;
        s_weighted_t t = a [i];
        a [i] = a [m];
        a [m] = t;
        i = m;
    }
}

static void
s_heap_down (s_weighted_t *a, size_t n, size_t i)
{
    s_sift (a, n, i, s_stronger);
}

//  Heapsort of the few terms kept (at most DP_EVIDENCE_TERMS) into the
//  order before; heaped: a[0..n) is already a heap in that order. Fewer
//  comparisons than the insertion sort it replaces, the same result (the
//  orders are total: two terms equal in both are one to us).
static inline __attribute__ ((always_inline)) void
s_sort (s_weighted_t *a, size_t n, bool heaped,
        bool (*before) (const s_weighted_t *, const s_weighted_t *))
{
    if (!heaped)
        for (size_t i = n / 2; i-- > 0; )
            s_sift (a, n, i, before);
    for (size_t k = n; k-- > 1; ) {
        s_weighted_t t = a [0];
        a [0] = a [k];
        a [k] = t;
        s_sift (a, k, 0, before);
    }
}

static void
s_heap_up (s_weighted_t *a, size_t i)
{
    while (i > 0 && s_stronger (&a [(i - 1) / 2], &a [i])) {
        s_weighted_t t = a [i];
        a [i] = a [(i - 1) / 2];
        a [(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
}

static uint32_t
s_key (uint32_t kind, uint64_t a)
{
    return (uint32_t) s_mix (kind * 0x9e3779b97f4a7c15ull + a) | 1;
}

static uint32_t
s_units (double factor)
{
    double u = factor * S_UNIT + 0.5;
    return u < 1 ? 1 : u > 1000 ? 1000 : (uint32_t) u;
}

void
dp_evidence_sign (const dp_evidence_cfg_t *cfg, const dp_article_t *doc,
                  dp_evidence_sig_t *sig)
{
    //  The table is cleared after use, slot by slot (64 KB to clear
    //  otherwise, for an article that fills a few hundred slots).
    static __thread s_scan_t sc;
    s_weighted_t all [DP_EVIDENCE_TERMS];
    memset (sig, 0, sizeof *sig);
    memset (&sc.n, 0, sizeof sc - offsetof (s_scan_t, n));
    sc.cfg = cfg;
    sig->magic = DP_EVIDENCE_MAGIC;
    sig->day = s_day (doc->published);
    //  Title (no capitals bonus: titles are often capitalised throughout).
    sc.unit = sc.caps_unit = s_units (cfg->title);
    sc.lead = true;
    if (doc->title)
        s_scan_words (doc->title, strnlen (doc->title, S_TEXT_MAX), &sc);
    //  Lead and body; the SimHash is over the text alone.
    size_t len = doc->text ? strnlen (doc->text, S_TEXT_MAX) : 0, lead = 0;
    if (doc->n_sentences)
        lead = doc->sentences [doc->n_sentences > 1 ? 1 : 0]->end;
    else {
        lead = len < S_LEAD_BYTES ? len : S_LEAD_BYTES;
        while (lead < len && doc->text [lead] != ' ' && doc->text [lead] != '\n')
            lead++;
    }
    if (lead > len)
        lead = len;
    sc.simhash = true;
    sc.unit = s_units (cfg->lead);
    sc.caps_unit = s_units (cfg->lead * cfg->caps);
    if (lead)
        s_scan_words (doc->text, lead, &sc);
    sc.unit = S_UNIT;
    sc.caps_unit = s_units (cfg->caps);
    sc.lead = false;
    if (len > lead)
        s_scan_words (doc->text + lead, len - lead, &sc);
    s_rare_all (&sc);
    s_lanes_flush (&sc);
    sig->shingles = sc.shingles;
    memcpy (sig->lnum, sc.lnum, sizeof sig->lnum);
    sig->nlnum = sc.nlnum;
    sig->wdays = sc.wdays;
    for (int b = 0; b < 64; b++)
        if (sc.bits [b] * 2 > sc.shingles)
            sig->simhash |= 1ull << b;
    //  The words of the names the tagger found in the lead (its own norm,
    //  not the sink's canon, which depends on the articles before).
    for (size_t i = 0; i < doc->n_entities; i++) {
        const Dp__Entity *e = doc->entities [i];
        const char *ty = e->type ? e->type : "";
        if (e->start >= lead || !(strcmp (ty, "PER") == 0 || strcmp (ty, "ORG") == 0
                                  || strcmp (ty, "LOC") == 0 || strcmp (ty, "MISC") == 0))
            continue;
        if (e->norm && *e->norm)
            s_scan_names (e->norm, strnlen (e->norm, 256), sig);
        else
        if (e->end > e->start && e->end <= len)
            s_scan_names (doc->text + e->start, e->end - e->start, sig);
    }
    //  Weights: damped count times rarity; the strongest terms are kept
    //  (a bounded heap, not a sort of every term), then put in order.
    size_t n = 0;
    for (size_t i = 0; i < sc.n; i++) {
        s_term_t *t = &sc.slot [sc.used [i]];
        s_weighted_t x = {
            .w = (t->n < S_DAMPED ? s_damped [t->n] : s_damp (t->n)) * t->idf,
            .h = (uint32_t) (t->h >> 32) | 1,
        };
        memset (t, 0, sizeof *t);
        if (n < DP_EVIDENCE_TERMS) {
            all [n] = x;
            s_heap_up (all, n++);
        }
        else
        if (s_stronger (&x, &all [0])) {
            all [0] = x;
            s_heap_down (all, n, 0);
        }
    }
    s_sort (all, n, true, s_stronger);
    double norm = 0;
    for (size_t i = 0; i < n; i++)
        norm += all [i].w * all [i].w;
    norm = sqrt (norm);
    //  Keys: the strongest terms, then (texts long enough for one) the
    //  SimHash blocks.
    size_t k = 0;
    for (size_t i = 0; i < n && i < DP_EVIDENCE_TOP; i++)
        if (all [i].w > 0)
            sig->key [k++] = s_key (16, all [i].h);
    if (sig->shingles >= DP_EVIDENCE_MIN_SHINGLES)
        for (int b = 0; b < DP_EVIDENCE_BLOCKS; b++)
            sig->key [k++] = s_key (1 + (uint32_t) b, (sig->simhash >> (16 * b)) & 0xffff);
    s_sort (all, n, false, s_lower);
    size_t kept = 0;
    for (size_t i = 0; i < n && norm > 0; i++) {
        double q = all [i].w / norm * 65535.0 + 0.5;
        if (q < 1)
            continue;
        //  Two stems may share the upper 32 bits of their hash: keep one.
        if (kept && sig->term [kept - 1] == all [i].h)
            continue;
        sig->term [kept] = all [i].h;
        sig->weight [kept] = (uint16_t) (q > 65535 ? 65535 : q);
        kept++;
    }
    sig->nterms = (uint16_t) kept;
}

bool
dp_evidence_valid (const dp_evidence_sig_t *sig)
{
    //  Sets in order: the merges of dp_evidence_cos and s_set_meet need it.
    return sig->magic == DP_EVIDENCE_MAGIC && sig->wdays < 0x80
        && s_set_valid (sig->term, sig->nterms, DP_EVIDENCE_TERMS)
        && s_set_valid (sig->lnum, sig->nlnum, DP_EVIDENCE_LNUM)
        && s_set_valid (sig->lname, sig->nlname, DP_EVIDENCE_LNAME);
}
