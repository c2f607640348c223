//  depeche sink — what two signatures say of a pair (see evidence.h): the
//  cosine (a merge of the two term lists, or a lookup in one side's probe
//  table), the days apart, what the leads say of when, how many and who,
//  the cosine needed and the decision. Not here: how a signature is made
//  (evidence.c), which pairs are compared and what a margin does (story.c).
#include "sink/evidence.h"

#include <stdint.h>
#include <string.h>

//  True when the ascending sets x[0..nx) and y[0..ny) share a value.
static bool
s_set_meet (const uint32_t *x, size_t nx, const uint32_t *y, size_t ny)
{
    size_t i = 0, j = 0;
    while (i < nx && j < ny && x [i] != y [j])
        if (x [i] < y [j])
            i++;
        else
            j++;
    return i < nx && j < ny;
}

double
dp_evidence_cos (const dp_evidence_sig_t *a, const dp_evidence_sig_t *b)
{
    //  A merge of the two ascending term lists without branches on their
    //  order (which a CPU guesses wrong half the time): the smaller side
    //  steps, both on a shared term, whose product counts.
    const uint32_t *x = a->term, *y = b->term;
    size_t i = 0, j = 0, nx = a->nterms, ny = b->nterms;
    uint64_t dot = 0;
    while (i < nx && j < ny) {
        uint32_t u = x [i], v = y [j];
        uint64_t both = (uint64_t) a->weight [i] * b->weight [j];
        dot += both & (0 - (uint64_t) (u == v));
        i += u <= v;
        j += v <= u;
    }
    double c = (double) dot / (65535.0 * 65535.0);
    return c > 1 ? 1 : c;
}

static inline size_t
s_probe_home (uint32_t term)
{
    return (size_t) ((term * 0x9e3779b1u) >> 21);       //  11 bits: DP_EVIDENCE_PROBE
}

void
dp_evidence_probe (dp_evidence_probe_t *p, const dp_evidence_sig_t *sig)
{
    //  The last fill's slots emptied: the table is all zero again.
    for (size_t i = 0; i < p->nused && i < DP_EVIDENCE_TERMS; i++)
        p->slot [p->used [i]] = (dp_evidence_slot_t) { 0, 0 };
    p->nused = 0;
    p->sig = sig;
    p->reach = 0;
    for (size_t i = 0; i < sig->nterms && i < DP_EVIDENCE_TERMS; i++) {
        if (!sig->weight [i])
            continue;
        size_t home = s_probe_home (sig->term [i]), j = home;
        while (p->slot [j].weight)
            j++;                        //  at most nterms - 1 past home: no wrap
        p->slot [j] = (dp_evidence_slot_t) { sig->term [i], sig->weight [i] };
        p->used [p->nused++] = (uint16_t) j;
        p->reach = j - home > p->reach ? j - home : p->reach;
    }
}

double
dp_evidence_cos_probe (const dp_evidence_probe_t *p, const dp_evidence_sig_t *b)
{
    //  The terms are distinct on each side (ascending), so each shared
    //  term's product counts once, as in the merge; an empty slot or
    //  another term adds 0. Reading more slots than reach + 1 changes
    //  nothing (a term is in one slot at most): two, unrolled, cover the
    //  usual reach of 0 or 1.
    uint64_t dot = 0;
    size_t n = b->nterms < DP_EVIDENCE_TERMS ? b->nterms : DP_EVIDENCE_TERMS;
    if (p->reach <= 1) {
        for (size_t i = 0; i < n; i++) {
            const dp_evidence_slot_t *s = &p->slot [s_probe_home (b->term [i])];
            uint64_t w = ((uint64_t) s [0].weight & (0 - (uint64_t) (s [0].term == b->term [i])))
                       + ((uint64_t) s [1].weight & (0 - (uint64_t) (s [1].term == b->term [i])));
            dot += w * b->weight [i];
        }
        double c = (double) dot / (65535.0 * 65535.0);
        return c > 1 ? 1 : c;
    }
    for (size_t i = 0; i < n; i++) {
        const dp_evidence_slot_t *s = &p->slot [s_probe_home (b->term [i])];
        uint64_t w = 0;
        for (size_t d = 0; d <= p->reach; d++)
            w += (uint64_t) s [d].weight & (0 - (uint64_t) (s [d].term == b->term [i]));
        dot += w * b->weight [i];
    }
    double c = (double) dot / (65535.0 * 65535.0);
    return c > 1 ? 1 : c;
}

int
dp_evidence_days (const dp_evidence_sig_t *a, const dp_evidence_sig_t *b)
{
    if (a->day == INT32_MIN || b->day == INT32_MIN)
        return -1;
    int64_t d = (int64_t) a->day - b->day;
    d = d < 0 ? -d : d;
    return d > INT32_MAX ? INT32_MAX : (int) d;
}

//  The facts other than the cosine.
static void
s_facts_rest (const dp_evidence_sig_t *a, const dp_evidence_sig_t *b, dp_evidence_facts_t *f)
{
    f->bits = __builtin_popcountll (a->simhash ^ b->simhash);
    f->days = dp_evidence_days (a, b);
    f->wday_apart = a->wdays && b->wdays && !(a->wdays & b->wdays);
    f->names_apart = a->nlname && b->nlname
                  && !s_set_meet (a->lname, a->nlname, b->lname, b->nlname);
    f->num = !a->nlnum || !b->nlnum ? 0
           : s_set_meet (a->lnum, a->nlnum, b->lnum, b->nlnum) ? 1 : -1;
}

void
dp_evidence_facts (const dp_evidence_sig_t *a, const dp_evidence_sig_t *b, dp_evidence_facts_t *f)
{
    f->cos = dp_evidence_cos (a, b);
    s_facts_rest (a, b, f);
}

void
dp_evidence_facts_probe (const dp_evidence_probe_t *p, const dp_evidence_sig_t *b,
                         dp_evidence_facts_t *f)
{
    f->cos = dp_evidence_cos_probe (p, b);
    s_facts_rest (p->sig, b, f);
}

double
dp_evidence_need (const dp_evidence_cfg_t *cfg, const dp_evidence_facts_t *f)
{
    //  Time as a soft factor: the cosine needed grows by the day, from
    //  `dated` the same day to a near-copy's at `days` apart (and on).
    double need = f->days < 0 ? cfg->undated
                : cfg->dated + (cfg->copy - cfg->dated) * f->days / cfg->days;
    //  What the titles and leads say of when, how many and who: two
    //  different days, counts or actors are two occurrences of one kind of
    //  event; the same count is the same one (never below `dated`).
    if (f->wday_apart)
        need += cfg->wday_apart;
    if (f->names_apart)
        need += cfg->names_apart;
    if (f->num < 0)
        need += cfg->num_apart;
    else
    if (f->num > 0 && need > cfg->dated)
        need = need - cfg->num_shared > cfg->dated ? need - cfg->num_shared : cfg->dated;
    return need;
}

dp_evidence_link_t
dp_evidence_judge (const dp_evidence_cfg_t *cfg, const dp_evidence_sig_t *a,
                   const dp_evidence_sig_t *b, const dp_evidence_facts_t *f)
{
    if (!a->nterms || !b->nterms || f->cos < dp_evidence_need (cfg, f))
        return DP_EVIDENCE_APART;
    if (a->shingles >= DP_EVIDENCE_MIN_SHINGLES && b->shingles >= DP_EVIDENCE_MIN_SHINGLES
    &&  f->bits <= cfg->dup_bits && f->cos >= cfg->copy)
        return DP_EVIDENCE_COPY;
    return DP_EVIDENCE_SAME;
}

dp_evidence_link_t
dp_evidence_decide (const dp_evidence_cfg_t *cfg, const dp_evidence_sig_t *a,
                    const dp_evidence_sig_t *b, double *cos_out, int *bits_out)
{
    dp_evidence_facts_t f;
    dp_evidence_facts (a, b, &f);
    if (cos_out)
        *cos_out = f.cos;
    if (bits_out)
        *bits_out = f.bits;
    return dp_evidence_judge (cfg, a, b, &f);
}
