//  depeche sink — story clustering over a window of recent articles. See
//  story.h for the method, evidence.h for the pair margin, cluster.h for
//  the average link. Layout of this file: a small map, the window (a ring
//  of docs whose bucket keys are chained in one table of heads), groups
//  and their merges, re-clustering a group into stories, the public
//  functions. Not here: what an article's signature is (evidence.c).
#include "sink/story.h"
#include "sink/cluster.h"
#include "sink/evidence.h"
#include "depeche/dp_log.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_KEYS      DP_EVIDENCE_KEYS
#define S_HEADS_MAX (1u << 21)          //  bucket chains at most (window-sized)

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
//  The window.

typedef struct s_story s_story_t;

typedef struct {
    char *id;                           //  NULL: free slot
    char *dup_of;                       //  id of the original it copies
    uint64_t idh;
    uint64_t pos;
    uint64_t label;                     //  its story
    s_story_t *story;                   //  its group (connected by pairs)
    uint32_t member_at;                 //  index in story->members
    uint32_t seen;                      //  candidate generation stamp
    dp_evidence_sig_t sig;
} s_doc_t;

//  One bucket entry of a doc: entry e = slot * S_KEYS + k. Apart from the
//  docs, so walking a chain reads one small record per step.
typedef struct {
    int32_t next, prev;                 //  entries, -1 none
    uint32_t key;                       //  the bucket key (0: unused)
} s_entry_t;

//  A group: the articles connected by pairs of margin >= -slack. Its
//  label is its own, not a story's.
struct s_story {
    uint64_t label;
    uint32_t n, cap;
    uint32_t *members;                  //  slots
    int32_t first, last;                //  days of its dated articles (first > last: none)
};

struct dp_story {
    dp_story_cfg_t cfg;
    dp_evidence_cfg_t ev;               //  the pair decision's thresholds
    s_doc_t *docs;                      //  ring of cfg.window slots
    uint64_t next_pos;
    size_t n;
    int32_t *heads;                     //  chain heads, -1 empty
    uint32_t mask;                      //  heads - 1 (a power of two)
    s_entry_t *entries;                 //  window * S_KEYS
    s_map_t ids;                        //  id hash -> slot + 1
    s_map_t stories;                    //  group label -> s_story_t *
    s_map_t labels;                     //  story label -> articles of the window in it
    double thr;                         //  -slack
    s_map_t margins;                    //  pair hash -> margin of the pair (a cache)
    s_map_t fresh;                      //  margins the last scan computed, not yet cached
    uint32_t gen;
    uint64_t capped;                    //  arrivals whose group was past the cap
    uint64_t *merged;                   //  labels merged by the last add
    size_t n_merged, cap_merged;
    dp_story_move_t *moves;             //  articles moved by the last add
    size_t n_moves, cap_moves;
    dp_story_alias_t *aliases;          //  labels retired by its splits
    size_t n_aliases, cap_aliases;
    FILE *pairs;                        //  DP_STORY_PAIRS: every pair compared (tuning)
};

static uint64_t
s_id_hash (const char *id)
{
    uint64_t h = dp_evidence_hash (id, strlen (id));
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

//  Merges the smaller story into the larger (equal sizes: into the smaller
//  label), which keeps its label: relabelling the smaller side only keeps
//  the total work (here and in the database) at O(n log n).
//  Returns the story that remains.
static s_story_t *
s_merge (dp_story_t *self, s_story_t *a, s_story_t *b)
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
    (void) gone;
    if (a->label != keep) {
        s_map_del (&self->stories, a->label);
        a->label = keep;
        if (s_map_put (&self->stories, keep, (uint64_t) (uintptr_t) a))
            return NULL;
    }
    return a;
}

//  Counts an article in or out of story label (0: none).
static int
s_label_add (dp_story_t *self, uint64_t label, int delta)
{
    if (!label)
        return 0;
    uint64_t *v = s_map_get (&self->labels, label);
    uint64_t n = (v ? *v : 0) + (uint64_t) (int64_t) delta;
    if (!n) {
        s_map_del (&self->labels, label);
        return 0;
    }
    if (v) {
        *v = n;
        return 0;
    }
    return s_map_put (&self->labels, label, n);
}

//  Makes room for one more item of size sz in *p (cap *cap).
static int
s_grow (void **p, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *np = realloc (*p, ncap * sz);
    if (!np)
        return -1;
    *p = np;
    *cap = ncap;
    return 0;
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
    s_label_add (self, d->label, -1);
    free (d->id);
    free (d->dup_of);
    memset (d, 0, sizeof *d);
    self->n--;
}

//  A line per pair compared, for a tuning run (tests/eval/story_cv.py): the
//  two ids and what dp_evidence_decide reads of them.
static void
s_pair_dump (dp_story_t *self, const char *id, const dp_evidence_sig_t *sig, const s_doc_t *c)
{
    dp_evidence_facts_t f;
    dp_evidence_facts (sig, &c->sig, &f);
    fprintf (self->pairs, "%s\t%s\t%.4f\t%d\t%d\t%d\t%d\t%d\t%d\n", id, c->id, f.cos, f.bits,
             f.days, f.wday_apart, f.names_apart, f.num, sig->nterms && c->sig.nterms);
}

//  --------------------------------------------------------------------------

dp_story_t *
dp_story_new (const dp_story_cfg_t *cfg)
{
    if (dp_evidence_init ())
        return NULL;
    dp_story_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->cfg = cfg ? *cfg : (dp_story_cfg_t) { 0 };
    dp_story_cfg_t *c = &self->cfg;
    if (dp_evidence_cfg (&self->ev, c->days, c->dup_bits)) {
        free (self);
        return NULL;
    }
    c->days = self->ev.days;
    c->dup_bits = self->ev.dup_bits;
    self->thr = -self->ev.slack;
    if (!c->group)
        c->group = DP_STORY_GROUP;
    if (!c->window)
        c->window = 100000;
    if (c->window > (size_t) INT32_MAX / S_KEYS)
        c->window = (size_t) INT32_MAX / S_KEYS;
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
    const char *pairs = getenv ("DP_STORY_PAIRS");
    if (pairs && *pairs && !(self->pairs = fopen (pairs, "w"))) {
        dp_log_error ("DP_STORY_PAIRS: cannot write %s", pairs);
        dp_story_destroy (&self);
        return NULL;
    }
    return self;
}

void
dp_story_destroy (dp_story_t **self_p)
{
    dp_story_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    if (self->capped)
        dp_log_info ("stories: %" PRIu64 " arrivals found a group past the cap of %zu "
                     "and were not re-clustered (there the arrival order counts)",
                     self->capped, self->cfg.group);
    //  Every doc of the window is in a story: walking the stories frees
    //  them, where a walk of every slot would touch the whole ring (tens
    //  of MB for a window of 100 000 that held a few articles).
    for (size_t i = 0; i < self->stories.cap; i++)
        if (self->stories.k [i]) {
            s_story_t *st = (s_story_t *) (uintptr_t) self->stories.v [i];
            for (uint32_t m = 0; m < st->n; m++) {
                free (self->docs [st->members [m]].id);
                free (self->docs [st->members [m]].dup_of);
            }
            free (st->members);
            free (st);
        }
    free (self->docs);
    free (self->entries);
    free (self->heads);
    free (self->ids.k);
    free (self->ids.v);
    free (self->stories.k);
    free (self->stories.v);
    free (self->merged);
    free (self->moves);
    free (self->aliases);
    free (self->labels.k);
    free (self->labels.v);
    free (self->margins.k);
    free (self->margins.v);
    free (self->fresh.k);
    free (self->fresh.v);
    if (self->pairs)
        fclose (self->pairs);
    free (self);
    *self_p = NULL;
}

//  Puts a doc with its signature at pos (its story is the caller's).
static s_doc_t *
s_place (dp_story_t *self, uint64_t pos, const char *id, const dp_evidence_sig_t *sig,
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

#define S_MARGINS_MAX (1u << 19)        //  margins cached at most (then forgotten)

//  Puts a margin into the cache (forgotten whole when full).
static void
s_margin_keep (dp_story_t *self, uint64_t key, uint64_t bits)
{
    if (self->margins.n >= S_MARGINS_MAX) {
        free (self->margins.k);
        free (self->margins.v);
        memset (&self->margins, 0, sizeof self->margins);
    }
    s_map_put (&self->margins, key, bits);  //  out of memory: not cached, no harm
}

//  Caches the margins of the last scan when its group will be re-clustered
//  (a group past the cap never reads them: in a dense stream that is most
//  arrivals, and caching them cost a tenth of the sink's time), then
//  forgets them.
static void
s_margins_settle (dp_story_t *self, bool keep)
{
    for (size_t i = 0; keep && i < self->fresh.cap; i++)
        if (self->fresh.k [i])
            s_margin_keep (self, self->fresh.k [i], self->fresh.v [i]);
    if (self->fresh.n) {
        memset (self->fresh.k, 0, self->fresh.cap * sizeof *self->fresh.k);
        self->fresh.n = 0;
    }
}

//  The margin of a pair (cosine less the one needed), DP_CLUSTER_APART
//  when one of them has no terms (never compared). Computed with the lower
//  id hash first, so that it is the same bits whichever came first; kept
//  in a cache by the two window positions (a group is re-clustered on
//  every arrival, and its old pairs are the same). With facts f (a scan),
//  the margin waits in `fresh` until s_margins_settle says whether the
//  group will be re-clustered.
static float
s_margin (dp_story_t *self, const dp_evidence_sig_t *a, uint64_t ida, uint64_t posa,
          const dp_evidence_sig_t *b, uint64_t idb, uint64_t posb, dp_evidence_facts_t *f)
{
    uint64_t lo = posa < posb ? posa : posb, hi = posa < posb ? posb : posa;
    uint64_t key = (lo * 0x9e3779b97f4a7c15ull ^ (uint64_t) s_mix (hi)) | 1;
    uint64_t *v = f ? NULL : s_map_get (&self->margins, key);
    float m;
    if (v) {
        uint32_t bits = (uint32_t) *v;
        memcpy (&m, &bits, sizeof m);
        return m;
    }
    if (!a->nterms || !b->nterms)
        return DP_CLUSTER_APART;
    dp_evidence_facts_t own;
    f = f ? f : &own;
    if (idb < ida)
        dp_evidence_facts (b, a, f);
    else
        dp_evidence_facts (a, b, f);
    m = (float) (f->cos - dp_evidence_need (&self->ev, f));
    uint32_t bits;
    memcpy (&bits, &m, sizeof bits);
    if (f == &own)
        s_margin_keep (self, key, bits);
    else
        s_map_put (&self->fresh, key, bits);    //  out of memory: not cached, no harm
    return m;
}

//  What the candidates of a new article give: its group (groups it links
//  merged), the original it copies, its strongest pair.
typedef struct {
    s_story_t *group;
    const s_doc_t *copy;
    const s_doc_t *best;
    float best_margin;
} s_scan_t;

//  Compares sig with every article sharing a bucket key (the newest
//  DP_STORY_SCAN of a bucket that holds more). Returns 0 or -1.
static int
s_scan (dp_story_t *self, const char *id, uint64_t idh, uint64_t pos,
        const dp_evidence_sig_t *sig, s_scan_t *out)
{
    memset (out, 0, sizeof *out);
    s_margins_settle (self, false);         //  what an error path left
    if (++self->gen == 0)
        self->gen = 1;
    int copy_bits = 65;
    float best = 0;
    for (int k = 0; k < S_KEYS; k++) {
        if (!sig->key [k])
            continue;
        //  A chain may hold other keys' entries too (they share its head):
        //  the walk is bounded as well, should a hot key share ours.
        int scanned = 0, walked = 0;
        for (int32_t e = self->heads [sig->key [k] & self->mask];
             e >= 0 && scanned < DP_STORY_SCAN && walked < 8 * DP_STORY_SCAN; walked++) {
            const s_entry_t *en = &self->entries [e];
            s_doc_t *c = &self->docs [e / S_KEYS];
            e = en->next;
            if (en->key != sig->key [k])
                continue;
            scanned++;
            if (c->seen == self->gen)
                continue;
            c->seen = self->gen;
            if (self->pairs && id)
                s_pair_dump (self, id, sig, c);
            dp_evidence_facts_t f;
            float margin = s_margin (self, sig, idh, pos, &c->sig, c->idh, c->pos, &f);
            if (margin == DP_CLUSTER_APART || margin < self->thr)
                continue;
            if (!out->best || margin > best || (margin == best && c->idh < out->best->idh)) {
                out->best = c;
                out->best_margin = best = margin;
            }
            if (dp_evidence_judge (&self->ev, sig, &c->sig, &f) == DP_EVIDENCE_COPY
            &&  (f.bits < copy_bits || (f.bits == copy_bits && c->pos < out->copy->pos))) {
                out->copy = c;
                copy_bits = f.bits;
            }
            if (!out->group)
                out->group = c->story;
            else
            if (out->group != c->story && !(out->group = s_merge (self, out->group, c->story)))
                return -1;
        }
    }
    return 0;
}

//  --------------------------------------------------------------------------
//  Re-clustering a group into stories.

typedef struct {
    uint64_t idh;
    const char *id;
    uint32_t slot;
} s_member_t;

static int
s_by_id (const void *a, const void *b)
{
    const s_member_t *x = a, *y = b;
    if (x->idh != y->idh)
        return x->idh < y->idh ? -1 : 1;
    return strcmp (x->id, y->id);
}

static int
s_by_key (const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;
    return *x < *y ? -1 : *x > *y;
}

//  A label no story of the window has, from base.
static uint64_t
s_fresh (const dp_story_t *self, uint64_t base, const uint64_t *taken, size_t n_taken)
{
    for (;;) {
        bool used = !base || s_map_get (&self->labels, base);
        for (size_t i = 0; i < n_taken && !used; i++)
            used = taken [i] == base;
        if (!used)
            return base;
        base = (uint64_t) s_mix (base + 0x9e3779b97f4a7c15ull);
    }
}

//  Records that the articles of the group gives to story `to` came from
//  label `from`: a merge when all of from's went there and there is the new
//  article's story, else a move per article (and the label retired goes to
//  the story most of them went to).
static int
s_report (dp_story_t *self, const s_member_t *m, const uint64_t *from, const uint64_t *to,
          size_t n, uint64_t story)
{
    //  Each old label once, in the order of the members.
    for (size_t i = 0; i < n; i++) {
        size_t first = 0;
        while (from [first] != from [i])
            first++;
        if (!from [i] || first < i)
            continue;
        uint64_t label = from [i];
        bool gone = !s_map_get (&self->labels, label), all_here = gone, moved = false;
        for (size_t j = i; j < n; j++) {
            all_here = all_here && (from [j] != label || to [j] == story);
            moved = moved || (from [j] == label && to [j] != label);
        }
        if (!moved)
            continue;
        if (all_here) {
            if (s_grow ((void **) &self->merged, &self->cap_merged, self->n_merged,
                        sizeof *self->merged))
                return -1;
            self->merged [self->n_merged++] = label;
            continue;
        }
        uint64_t most = 0;
        size_t most_n = 0;
        for (size_t j = i; j < n; j++) {
            if (from [j] != label || to [j] == label)
                continue;
            size_t c = 0;
            for (size_t q = i; q < n; q++)
                c += from [q] == label && to [q] == to [j];
            if (c > most_n || (c == most_n && to [j] < most)) {
                most = to [j];
                most_n = c;
            }
            if (s_grow ((void **) &self->moves, &self->cap_moves, self->n_moves,
                        sizeof *self->moves))
                return -1;
            self->moves [self->n_moves++] = (dp_story_move_t) { m [j].id, label, to [j] };
        }
        if (gone) {
            if (s_grow ((void **) &self->aliases, &self->cap_aliases, self->n_aliases,
                        sizeof *self->aliases))
                return -1;
            self->aliases [self->n_aliases++] = (dp_story_alias_t) { label, most };
        }
    }
    return 0;
}

//  Re-clusters group g from scratch, its members in id-hash order (so the
//  stories do not depend on the order they came in), and gives each story
//  the label of most of its articles; nd is the new article (no label yet).
//  Returns 0 or -1 when out of memory.
static int
s_recluster (dp_story_t *self, s_story_t *g, s_doc_t *nd)
{
    size_t n = g->n, nk = 0;
    s_member_t *m = malloc (n * sizeof *m);
    float *margin = malloc (n * n * sizeof *margin);
    uint64_t *keys = malloc (n * S_KEYS * sizeof *keys);
    uint64_t *from = malloc (n * sizeof *from), *to = malloc (n * sizeof *to);
    uint64_t *age = malloc (n * sizeof *age), *keep = malloc (n * sizeof *keep);
    uint32_t *cl = malloc (n * sizeof *cl);
    int k = -1;
    if (!m || !margin || !keys || !from || !to || !age || !keep || !cl)
        goto done;
    for (size_t i = 0; i < n; i++) {
        const s_doc_t *d = &self->docs [g->members [i]];
        m [i] = (s_member_t) { d->idh, d->id, g->members [i] };
    }
    qsort (m, n, sizeof *m, s_by_id);
    //  Only pairs sharing a bucket key were compared (as in the stream):
    //  (key, member) sorted, each run of one key gives its pairs.
    for (size_t i = 0; i < n; i++) {
        const s_doc_t *d = &self->docs [m [i].slot];
        from [i] = d->label;
        age [i] = d->pos;
        for (size_t j = 0; j < n; j++)
            margin [i * n + j] = NAN;
        for (int q = 0; q < S_KEYS; q++)
            if (d->sig.key [q])
                keys [nk++] = (uint64_t) d->sig.key [q] << 32 | i;
    }
    qsort (keys, nk, sizeof *keys, s_by_key);
    for (size_t a = 0; a < nk; ) {
        size_t b = a;
        while (b < nk && keys [b] >> 32 == keys [a] >> 32)
            b++;
        for (size_t x = a; x < b; x++)
            for (size_t y = x + 1; y < b; y++) {
                size_t i = (uint32_t) keys [x], j = (uint32_t) keys [y];
                if (i == j || !isnan (margin [i * n + j]))
                    continue;
                const s_doc_t *di = &self->docs [m [i].slot], *dj = &self->docs [m [j].slot];
                margin [i * n + j] = s_margin (self, &di->sig, di->idh, di->pos,
                                               &dj->sig, dj->idh, dj->pos, NULL);
            }
        a = b;
    }
    for (size_t i = 0; i < n * n; i++)
        if (isnan (margin [i]))
            margin [i] = DP_CLUSTER_APART;
    k = dp_cluster_average (n, margin, self->thr, cl);
    if (k < 0 || dp_cluster_keep (n, from, age, cl, (size_t) k, keep)) {
        k = -1;
        goto done;
    }
    //  Clusters that keep no label take a new one: a new article's id hash
    //  (as when it opens a story alone), else one mixed with the arrival's
    //  position, never a label a story had before (a merge may have
    //  retired the first member's, and the database leads that elsewhere).
    for (size_t i = 0; i < n; i++)
        if (!keep [cl [i]]) {
            const s_doc_t *d = &self->docs [m [i].slot];
            uint64_t base = d == nd ? m [i].idh
                          : (uint64_t) s_mix (m [i].idh ^ (nd->pos + 1) * 0x9e3779b97f4a7c15ull);
            keep [cl [i]] = s_fresh (self, base, keep, (size_t) k);
        }
    uint64_t story = 0;
    for (size_t i = 0; i < n; i++) {
        s_doc_t *d = &self->docs [m [i].slot];
        to [i] = keep [cl [i]];
        if (d == nd)
            story = to [i];
        if (to [i] != from [i]
        &&  (s_label_add (self, from [i], -1) || s_label_add (self, to [i], 1))) {
            k = -1;
            goto done;
        }
        d->label = to [i];
    }
    if (s_report (self, m, from, to, n, story))
        k = -1;
done:
    free (m);
    free (margin);
    free (keys);
    free (from);
    free (to);
    free (age);
    free (keep);
    free (cl);
    return k < 0 ? -1 : 0;
}

//  --------------------------------------------------------------------------

int
dp_story_add (dp_story_t *self, const dp_article_t *doc, dp_story_hit_t *hit)
{
    memset (hit, 0, sizeof *hit);
    self->n_merged = self->n_moves = self->n_aliases = 0;
    hit->merged = self->merged;
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
        hit->story = d->label;
        hit->duplicate_of = d->dup_of;
        hit->pos = d->pos;
        return 0;
    }
    dp_evidence_sig_t sig;
    dp_evidence_sign (&self->ev, doc, &sig);
    //  Make room first: the oldest article may not be a candidate.
    uint64_t pos = self->next_pos;
    s_evict (self, pos % self->cfg.window, hit);
    s_scan_t sc;
    if (s_scan (self, id, idh, pos, &sig, &sc))
        return -1;
    s_story_t *group = sc.group;
    if (!group && !(group = s_story_get (self, idh)))
        return -1;
    char *dup_of = NULL;
    if (sc.copy && !(dup_of = strdup (sc.copy->dup_of ? sc.copy->dup_of : sc.copy->id)))
        return -1;
    //  Past the cap only a pair strong on its own (margin >= 0) joins: a
    //  pair within the slack holds only as part of a mean, and every
    //  compared pair of one day is within it.
    uint64_t best = sc.best && sc.best_margin >= 0 ? sc.best->label : 0;
    s_doc_t *d = s_place (self, pos, id, &sig, hit);
    if (!d || s_story_join (group, d, pos % self->cfg.window)) {
        if (d)
            s_evict (self, pos % self->cfg.window, NULL);   //  no doc outside a group
        free (dup_of);
        return -1;
    }
    d->dup_of = dup_of;
    //  A group past the cap: the story of the strongest pair, or a new one.
    s_margins_settle (self, group->n <= self->cfg.group);
    if (group->n > self->cfg.group)
        self->capped++;
    if (group->n > self->cfg.group) {
        d->label = best ? best : s_fresh (self, idh, NULL, 0);
        if (s_label_add (self, d->label, 1))
            return -1;
    }
    else
    if (s_recluster (self, group, d))
        return -1;
    hit->story = d->label;
    hit->merged = self->merged;
    hit->n_merged = self->n_merged;
    hit->moves = self->moves;
    hit->n_moves = self->n_moves;
    hit->aliases = self->aliases;
    hit->n_aliases = self->n_aliases;
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
    dp_evidence_sig_t sig;
    if (!id || !story || !blob || len != sizeof sig)
        return 1;
    memcpy (&sig, blob, sizeof sig);
    if (!dp_evidence_valid (&sig))
        return 1;
    //  The groups are not saved: the pairs give them back.
    s_scan_t sc;
    if (s_scan (self, NULL, s_id_hash (id), pos, &sig, &sc))
        return -1;
    s_story_t *st = sc.group ? sc.group : s_story_get (self, s_id_hash (id));
    if (!st)
        return -1;
    s_doc_t *d = s_place (self, pos, id, &sig, NULL);
    if (!d || s_story_join (st, d, pos % self->cfg.window)) {
        if (d)
            s_evict (self, pos % self->cfg.window, NULL);
        if (!st->n)
            s_story_drop (self, st);
        return -1;
    }
    d->label = story;
    s_margins_settle (self, st->n <= self->cfg.group);
    if (s_label_add (self, story, 1))
        return -1;
    if (dup_of && !(d->dup_of = strdup (dup_of)))
        return -1;
    return 0;
}

void
dp_story_pair (const dp_story_t *self, const dp_article_t *a, const dp_article_t *b,
               dp_story_pair_t *out)
{
    dp_evidence_sig_t sa, sb;
    dp_evidence_sign (&self->ev, a, &sa);
    dp_evidence_sign (&self->ev, b, &sb);
    out->keyed = false;
    for (int i = 0; i < S_KEYS; i++)
        for (int j = 0; j < S_KEYS && sa.key [i]; j++)
            out->keyed = out->keyed || sa.key [i] == sb.key [j];
    out->days = dp_evidence_days (&sa, &sb);
    dp_evidence_link_t link = dp_evidence_decide (&self->ev, &sa, &sb, &out->cos, &out->bits);
    out->link = out->keyed ? (int) link : 0;
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
        *stories = self->labels.n;
    return self->n;
}
