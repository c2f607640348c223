//  depeche sink — story clustering over a window of recent articles. See
//  story.h for the method, evidence.h for the pair margin, cluster.h for
//  the average link. Layout of this file: the window (a ring of docs whose
//  bucket keys are chained in one table of heads), groups and their
//  merges, the pair margins and their cache, the scan of an arrival's
//  candidates, the public functions. Not here: what an article's signature
//  is (evidence.c), re-clustering a group (story_recluster.c), the map
//  (story_map.c); the types are in story_int.h.
#include "sink/story.h"
#include "sink/story_int.h"
#include "sink/cluster.h"
#include "depeche/dp_log.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_HEADS_MAX (1u << 21)          //  bucket chains at most (window-sized)

//  --------------------------------------------------------------------------
//  The window.

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
    for (int k = 0; k < DP_STORY_KEYS; k++) {
        dp_story_entry_t *en = &self->entries [slot * DP_STORY_KEYS + (size_t) k];
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
    const dp_story_doc_t *d = &self->docs [slot];
    for (int k = 0; k < DP_STORY_KEYS; k++) {
        if (!d->sig.key [k])
            continue;
        int32_t me = (int32_t) (slot * DP_STORY_KEYS + (size_t) k);
        dp_story_entry_t *en = &self->entries [me];
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
s_story_drop (dp_story_t *self, dp_story_group_t *st)
{
    dp_story_map_del (&self->stories, st->label);
    free (st->members);
    free (st);
}

static int
s_story_join (dp_story_group_t *st, dp_story_doc_t *d, size_t slot)
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
s_story_leave (dp_story_t *self, dp_story_doc_t *d)
{
    dp_story_group_t *st = d->story;
    uint32_t last = st->members [--st->n];
    if (d->member_at < st->n) {
        st->members [d->member_at] = last;
        self->docs [last].member_at = d->member_at;
    }
    d->story = NULL;
    if (!st->n)
        s_story_drop (self, st);
}

static dp_story_group_t *
s_story_get (dp_story_t *self, uint64_t label)
{
    uint64_t *v = dp_story_map_get (&self->stories, label);
    if (v)
        return (dp_story_group_t *) (uintptr_t) *v;
    dp_story_group_t *st = calloc (1, sizeof *st);
    if (!st)
        return NULL;
    st->label = label;
    st->first = INT32_MAX;
    st->last = INT32_MIN;
    if (dp_story_map_put (&self->stories, label, (uint64_t) (uintptr_t) st)) {
        free (st);
        return NULL;
    }
    return st;
}

//  Merges the smaller story into the larger (equal sizes: into the smaller
//  label), which keeps its label: relabelling the smaller side only keeps
//  the total work (here and in the database) at O(n log n).
//  Returns the story that remains.
static dp_story_group_t *
s_merge (dp_story_t *self, dp_story_group_t *a, dp_story_group_t *b)
{
    if (a->n < b->n || (a->n == b->n && b->label < a->label)) {
        dp_story_group_t *t = a;
        a = b;
        b = t;
    }
    uint64_t keep = a->label, gone = b->label;
    while (b->n) {
        uint32_t slot = b->members [b->n - 1];
        dp_story_doc_t *d = &self->docs [slot];
        b->n--;
        if (s_story_join (a, d, slot))
            return NULL;
    }
    s_story_drop (self, b);
    (void) gone;
    if (a->label != keep) {
        dp_story_map_del (&self->stories, a->label);
        a->label = keep;
        if (dp_story_map_put (&self->stories, keep, (uint64_t) (uintptr_t) a))
            return NULL;
    }
    return a;
}

//  Counts an article in or out of story label (0: none).
int
dp_story_label_add (dp_story_t *self, uint64_t label, int delta)
{
    if (!label)
        return 0;
    uint64_t *v = dp_story_map_get (&self->labels, label);
    uint64_t n = (v ? *v : 0) + (uint64_t) (int64_t) delta;
    if (!n) {
        dp_story_map_del (&self->labels, label);
        return 0;
    }
    if (v) {
        *v = n;
        return 0;
    }
    return dp_story_map_put (&self->labels, label, n);
}

//  Makes room for one more item of size sz in *p (cap *cap).
int
dp_story_grow (void **p, size_t *cap, size_t n, size_t sz)
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
    dp_story_doc_t *d = &self->docs [slot];
    if (!d->id)
        return;
    if (hit) {
        hit->evicted = true;
        hit->evicted_pos = d->pos;
    }
    s_unlink (self, slot);
    dp_story_map_del (&self->ids, d->idh);
    if (d->story)
        s_story_leave (self, d);
    dp_story_label_add (self, d->label, -1);
    free (d->id);
    free (d->dup_of);
    memset (d, 0, sizeof *d);
    self->n--;
}

//  A line per pair compared, for a tuning run (tests/eval/story_cv.py): the
//  two ids and what dp_evidence_decide reads of them.
static void
s_pair_dump (dp_story_t *self, const char *id, const dp_evidence_sig_t *sig, const dp_story_doc_t *c)
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
    self->edge = -self->ev.edge;
    if (!c->group)
        c->group = DP_STORY_GROUP;
    if (!c->window)
        c->window = 100000;
    if (c->window > (size_t) INT32_MAX / DP_STORY_KEYS)
        c->window = (size_t) INT32_MAX / DP_STORY_KEYS;
    self->docs = calloc (c->window, sizeof *self->docs);
    self->entries = calloc (c->window * DP_STORY_KEYS, sizeof *self->entries);
    //  A head per two entries a full window holds: chains stay short.
    size_t heads = 1024;
    while (heads < c->window * DP_STORY_KEYS / 2 && heads < S_HEADS_MAX)
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
            dp_story_group_t *st = (dp_story_group_t *) (uintptr_t) self->stories.v [i];
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
static dp_story_doc_t *
s_place (dp_story_t *self, uint64_t pos, const char *id, const dp_evidence_sig_t *sig,
         dp_story_hit_t *hit)
{
    size_t slot = pos % self->cfg.window;
    s_evict (self, slot, hit);
    dp_story_doc_t *d = &self->docs [slot];
    d->id = strdup (id);
    if (!d->id)
        return NULL;
    d->idh = s_id_hash (id);
    d->pos = pos;
    d->sig = *sig;
    if (dp_story_map_put (&self->ids, d->idh, slot + 1)) {
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
    dp_story_map_put (&self->margins, key, bits);  //  out of memory: not cached, no harm
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
//  when one of them has no terms (never compared). Its facts are symmetric,
//  so it is the same bits whichever came first; kept in a cache by the two
//  window positions (a group is re-clustered on every arrival, and its old
//  pairs are the same). With facts f (a scan), the margin waits in `fresh`
//  until s_margins_settle says whether the group will be re-clustered.
//  pa: a's probe, or NULL (the cosine by a merge, the same value).
float
dp_story_margin (dp_story_t *self, const dp_evidence_sig_t *a, uint64_t posa,
                 const dp_evidence_sig_t *b, uint64_t posb, dp_evidence_facts_t *f,
                 const dp_evidence_probe_t *pa)
{
    uint64_t lo = posa < posb ? posa : posb, hi = posa < posb ? posb : posa;
    uint64_t key = (lo * 0x9e3779b97f4a7c15ull ^ (uint64_t) dp_story_mix (hi)) | 1;
    uint64_t *v = f ? NULL : dp_story_map_get (&self->margins, key);
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
    if (pa)
        dp_evidence_facts_probe (pa, b, f);
    else
        dp_evidence_facts (a, b, f);
    m = (float) (f->cos - dp_evidence_need (&self->ev, f));
    uint32_t bits;
    memcpy (&bits, &m, sizeof bits);
    if (f == &own)
        s_margin_keep (self, key, bits);
    else
        dp_story_map_put (&self->fresh, key, bits);    //  out of memory: not cached, no harm
    return m;
}

//  What the candidates of a new article give: its group (groups it links
//  merged), the original it copies, its strongest pair.
typedef struct {
    dp_story_group_t *group;
    const dp_story_doc_t *copy;
    const dp_story_doc_t *best;
    float best_margin;
} s_scan_t;

//  Compares sig with every article sharing a bucket key (the newest
//  DP_STORY_SCAN of a bucket that holds more). Returns 0 or -1.
static int
s_scan (dp_story_t *self, const char *id, uint64_t pos,
        const dp_evidence_sig_t *sig, s_scan_t *out)
{
    memset (out, 0, sizeof *out);
    s_margins_settle (self, false);         //  what an error path left
    if (++self->gen == 0)
        self->gen = 1;
    dp_evidence_probe (&self->probe, sig);
    int copy_bits = 65;
    float best = 0;
    for (int k = 0; k < DP_STORY_KEYS; k++) {
        if (!sig->key [k])
            continue;
        //  A chain may hold other keys' entries too (they share its head):
        //  the walk is bounded as well, should a hot key share ours.
        int scanned = 0, walked = 0;
        for (int32_t e = self->heads [sig->key [k] & self->mask];
             e >= 0 && scanned < DP_STORY_SCAN && walked < 8 * DP_STORY_SCAN; walked++) {
            const dp_story_entry_t *en = &self->entries [e];
            dp_story_doc_t *c = &self->docs [e / DP_STORY_KEYS];
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
            float margin = dp_story_margin (self, sig, pos, &c->sig, c->pos, &f, &self->probe);
            if (margin == DP_CLUSTER_APART || margin < self->edge)
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
    uint64_t *known = dp_story_map_get (&self->ids, idh);
    if (known && strcmp (self->docs [*known - 1].id, id) == 0) {
        const dp_story_doc_t *d = &self->docs [*known - 1];
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
    if (s_scan (self, id, pos, &sig, &sc))
        return -1;
    dp_story_group_t *group = sc.group;
    if (!group && !(group = s_story_get (self, idh)))
        return -1;
    char *dup_of = NULL;
    if (sc.copy && !(dup_of = strdup (sc.copy->dup_of ? sc.copy->dup_of : sc.copy->id)))
        return -1;
    //  Past the cap only a pair strong on its own (margin >= 0) joins: a
    //  pair within the slack holds only as part of a mean, and every
    //  compared pair of one day is within it.
    uint64_t best = sc.best && sc.best_margin >= 0 ? sc.best->label : 0;
    dp_story_doc_t *d = s_place (self, pos, id, &sig, hit);
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
        d->label = best ? best : dp_story_fresh (self, idh, NULL, 0);
        if (dp_story_label_add (self, d->label, 1))
            return -1;
    }
    else
    if (dp_story_recluster (self, group, d))
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
    const dp_story_doc_t *d = &self->docs [pos % self->cfg.window];
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
    if (s_scan (self, NULL, pos, &sig, &sc))
        return -1;
    dp_story_group_t *st = sc.group ? sc.group : s_story_get (self, s_id_hash (id));
    if (!st)
        return -1;
    dp_story_doc_t *d = s_place (self, pos, id, &sig, NULL);
    if (!d || s_story_join (st, d, pos % self->cfg.window)) {
        if (d)
            s_evict (self, pos % self->cfg.window, NULL);
        if (!st->n)
            s_story_drop (self, st);
        return -1;
    }
    d->label = story;
    s_margins_settle (self, st->n <= self->cfg.group);
    if (dp_story_label_add (self, story, 1))
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
    for (int i = 0; i < DP_STORY_KEYS; i++)
        for (int j = 0; j < DP_STORY_KEYS && sa.key [i]; j++)
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
