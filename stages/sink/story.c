//  depeche sink — story clustering over a window of recent articles. See
//  story.h for the method, evidence.h for the pair decision. Layout of
//  this file: a small map, the window (a ring of docs whose bucket keys
//  are chained in one table of heads), stories and merges, the public
//  functions. Not here: what an article's signature is (evidence.c).
#include "sink/story.h"
#include "sink/evidence.h"
#include "depeche/dp_log.h"

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
    s_story_t *story;
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
    s_map_t stories;                    //  label -> s_story_t *
    uint32_t gen;
    uint64_t *merged;                   //  labels merged by the last add
    size_t n_merged, cap_merged;
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
    if (a->label != keep) {
        s_map_del (&self->stories, a->label);
        a->label = keep;
        if (s_map_put (&self->stories, keep, (uint64_t) (uintptr_t) a))
            return NULL;
    }
    if (self->n_merged == self->cap_merged) {
        size_t ncap = self->cap_merged ? self->cap_merged * 2 : 16;
        uint64_t *nm = realloc (self->merged, ncap * sizeof *nm);
        if (!nm)
            return NULL;
        self->merged = nm;
        self->cap_merged = ncap;
    }
    self->merged [self->n_merged++] = gone;
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

int
dp_story_add (dp_story_t *self, const dp_article_t *doc, dp_story_hit_t *hit)
{
    memset (hit, 0, sizeof *hit);
    self->n_merged = 0;
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
        hit->story = d->story->label;
        hit->duplicate_of = d->dup_of;
        hit->pos = d->pos;
        return 0;
    }
    dp_evidence_sig_t sig;
    dp_evidence_sign (&self->ev, doc, &sig);
    //  Make room first: the oldest article may not be a candidate.
    uint64_t pos = self->next_pos;
    s_evict (self, pos % self->cfg.window, hit);
    //  Candidates: every article sharing a bucket key (the newest
    //  DP_STORY_SCAN of a bucket that holds more).
    if (++self->gen == 0)
        self->gen = 1;
    s_story_t *story = NULL;
    const s_doc_t *copy = NULL;
    int copy_bits = 65;
    for (int k = 0; k < S_KEYS; k++) {
        if (!sig.key [k])
            continue;
        //  A chain may hold other keys' entries too (they share its head):
        //  the walk is bounded as well, should a hot key share ours.
        int scanned = 0, walked = 0;
        for (int32_t e = self->heads [sig.key [k] & self->mask];
             e >= 0 && scanned < DP_STORY_SCAN && walked < 8 * DP_STORY_SCAN; walked++) {
            const s_entry_t *en = &self->entries [e];
            s_doc_t *c = &self->docs [e / S_KEYS];
            e = en->next;
            if (en->key != sig.key [k])
                continue;
            scanned++;
            if (c->seen == self->gen)
                continue;
            c->seen = self->gen;
            if (self->pairs)
                s_pair_dump (self, id, &sig, c);
            //  Already in our story and no better original than the one
            //  found (too far for a copy, or farther than it, or as far
            //  and newer): a link would change nothing.
            if (c->story == story) {
                int far = __builtin_popcountll (c->sig.simhash ^ sig.simhash);
                if (far > self->ev.dup_bits || far > copy_bits
                ||  (far == copy_bits && c->pos > copy->pos))
                    continue;
            }
            int bits = 65;
            dp_evidence_link_t link = dp_evidence_decide (&self->ev, &sig, &c->sig, NULL, &bits);
            if (link == DP_EVIDENCE_APART)
                continue;
            if (link == DP_EVIDENCE_COPY
            &&  (bits < copy_bits || (bits == copy_bits && c->pos < copy->pos))) {
                copy = c;
                copy_bits = bits;
            }
            if (!story)
                story = c->story;
            else
            if (story != c->story && !(story = s_merge (self, story, c->story)))
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
        if (d)
            s_evict (self, pos % self->cfg.window, NULL);   //  no doc outside a story
        free (dup_of);
        return -1;
    }
    d->dup_of = dup_of;
    hit->story = story->label;
    hit->merged = self->merged;
    hit->n_merged = self->n_merged;
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
    s_story_t *st = s_story_get (self, story);
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
        *stories = self->stories.n;
    return self->n;
}
