//  depeche sink — the evidence that two articles report one event. Each
//  article gets a signature: its date, a SimHash of its word 3-shingles
//  (copies), and a vector of its 64 strongest terms, each weighted by
//  - where it stands: a title word counts 2, a lead word (the first two
//    sentences) 1.5, a body word 1; a capitalised word inside a sentence
//    (a name, whatever the tagger says) 1.5 times more; each PER/LOC/ORG
//    canon of the tagger is a term of its own;
//  - how rare it is in news and general text (data/story/rarity.tsv, made
//    by scripts/gen-rarity; a fixed table, not counts of the window, so
//    that the decision depends on the pair alone and not on what arrived
//    before it); numbers (6.1, 1979, 23) count as fairly rare words.
//  The decision for a pair (dp_evidence_decide) is a threshold on the
//  cosine of the two vectors, with time as a soft factor: dated the same
//  day, a modest cosine is enough; the cosine needed grows with the days
//  between them, up to a near-copy's at `days` apart; when a date is
//  unknown, the evidence must be strong. What the title and lead say of
//  when, how many and who moves that cosine: numbers and none in common
//  (23 pirates against 26), weekdays and none in common (Saturday against
//  Thursday), names and no word of them in common (INS Tabar against INS
//  Sukanya) raise it: two occurrences of one kind of event; a number in
//  common lowers it (never below `dated`'s). Every threshold is in
//  dp_evidence_cfg_t, and DP_STORY_TUNE can set them for a tuning run
//  (scripts/eval-stories, tests/eval/story_cv.py, which reads what
//  dp_evidence_facts gives of each pair). Not here: the window,
//  candidates, stories.
#ifndef DP_EVIDENCE_H_INCLUDED
#define DP_EVIDENCE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "depeche/dp_article.h"

#define DP_EVIDENCE_TERMS 64            //  terms kept per article
#define DP_EVIDENCE_TOP   12            //  ... the strongest of them are bucket keys
#define DP_EVIDENCE_BLOCKS 4            //  SimHash blocks of 16 bits (keys too)
#define DP_EVIDENCE_KEYS  (DP_EVIDENCE_BLOCKS + DP_EVIDENCE_TOP)
#define DP_EVIDENCE_LNUM  8             //  numbers of the title and lead kept
#define DP_EVIDENCE_LNAME 16            //  words of the names in the lead kept

typedef struct {
    double dated;                       //  cosine needed, both dated the same day
    double undated;                     //  ... when a date is unknown
    double copy;                        //  ... of a near-copy, and at `days` apart
    int days;                           //  days apart at which only a near-copy links
    int dup_bits;                       //  SimHash distance of a near-copy
    double title;                       //  weight of a title word (a body word: 1)
    double lead;                        //  ... of a word of the first two sentences
    double caps;                        //  factor of a capitalised word inside a sentence
    double number;                      //  rarity (idf) of a number
    double num_shared;                  //  cosine needed less: a lead number in common
    double num_apart;                   //  ... more: lead numbers, none in common
    double names_apart;                 //  ... more: names in the leads, no word in common
    double wday_apart;                  //  ... more: lead weekdays, none in common
    double slack;                       //  a group joins a story at a mean margin (cosine
                                        //  less the one needed) of -slack or more (story.c)
    double edge;                        //  a pair puts two articles in one group (re-clustered
                                        //  together) at a margin of -edge or more (story.c)
} dp_evidence_cfg_t;

//  The signature of one article; plain data (saved as a blob by link.c).
typedef struct {
    uint32_t magic;                     //  DP_EVIDENCE_MAGIC
    int32_t day;                        //  days since 1970, INT32_MIN unknown
    uint64_t simhash;                   //  over word 3-shingles of the text
    uint32_t shingles;                  //  shingles in the SimHash
    uint16_t nterms;                    //  terms kept
    uint8_t nlnum;                      //  numbers of the title and lead kept
    uint8_t wdays;                      //  weekdays they name, bit 0 Monday
    uint32_t term [DP_EVIDENCE_TERMS];  //  term hashes, ascending
    uint16_t weight [DP_EVIDENCE_TERMS];//  their weights, unit vector x 65535
    uint32_t key [DP_EVIDENCE_KEYS];    //  bucket keys, 0 = none
    uint32_t lnum [DP_EVIDENCE_LNUM];   //  those numbers' hashes, ascending
    uint32_t lname [DP_EVIDENCE_LNAME]; //  the lead's names' words, hashes ascending
    uint8_t nlname;
    uint8_t spare [3];
} dp_evidence_sig_t;

#define DP_EVIDENCE_MAGIC 0x34535044u   //  "DPS4"
#define DP_EVIDENCE_MIN_SHINGLES 20     //  fewer: too short for a SimHash (never a copy)

typedef enum { DP_EVIDENCE_APART, DP_EVIDENCE_SAME, DP_EVIDENCE_COPY } dp_evidence_link_t;

//  The defaults (measured on tests/fixtures/stories and the tuned half of
//  ../shared/eval/stories), then DP_STORY_TUNE ("undated=0.4,days=10",
//  names as in the struct) over them. days and dup_bits > 0 in over
//  replace theirs. Returns 0, or -1 when DP_STORY_TUNE is malformed (logged).
int
    dp_evidence_cfg (dp_evidence_cfg_t *cfg, int days, int dup_bits);

//  64-bit FNV-1a of data[0..len), never 0 (the window's id hash).
uint64_t
    dp_evidence_hash (const void *data, size_t len);

//  Loads the rarity table (data/story/rarity.tsv) once per process. Returns
//  0, or -1 when it is missing or damaged (logged).
int
    dp_evidence_init (void);

//  Fills *sig from doc's title, text, sentences, entities' canon and date.
void
    dp_evidence_sign (const dp_evidence_cfg_t *cfg, const dp_article_t *doc,
                      dp_evidence_sig_t *sig);

//  True when a signature read back from storage is one this code made.
bool
    dp_evidence_valid (const dp_evidence_sig_t *sig);

//  Cosine of two signatures' vectors, in [0, 1].
double
    dp_evidence_cos (const dp_evidence_sig_t *a, const dp_evidence_sig_t *b);

//  One signature's terms in a small open-addressed table, so that its
//  cosine with many others costs a lookup per term of theirs rather than a
//  merge of both lists: the scan of an arrival compares it with every
//  candidate. A term sits at most `reach` slots past its home (linear
//  probing, no wrap: the table has spare slots at its end), and a lookup
//  reads all reach + 1 slots without a branch on what it finds (a branch on
//  "shared or not" is a coin toss the CPU loses a third of the time).
//  Plain data, about 17 KB (the caller's object), zeroed before its first
//  fill (static or calloc): a fill then empties only the slots the last
//  one took, not the whole table.
#define DP_EVIDENCE_PROBE 2048          //  home slots (32 per term)

typedef struct {
    uint32_t term;
    uint32_t weight;                    //  0: empty (a term of weight 0 adds nothing)
} dp_evidence_slot_t;

typedef struct {
    const dp_evidence_sig_t *sig;       //  (borrowed)
    size_t reach;                       //  farthest a term sits from its home slot
    size_t nused;                       //  slots taken, which:
    uint16_t used [DP_EVIDENCE_TERMS];
    dp_evidence_slot_t slot [DP_EVIDENCE_PROBE + DP_EVIDENCE_TERMS];
} dp_evidence_probe_t;

//  Fills *p (zeroed, or filled before) from sig, which must outlive it.
void
    dp_evidence_probe (dp_evidence_probe_t *p, const dp_evidence_sig_t *sig);

//  The same value as dp_evidence_cos (p->sig, b), bit for bit (an integer
//  dot product, whose order does not count).
double
    dp_evidence_cos_probe (const dp_evidence_probe_t *p, const dp_evidence_sig_t *b);

//  Days between the two dates, -1 when one is unknown.
int
    dp_evidence_days (const dp_evidence_sig_t *a, const dp_evidence_sig_t *b);

//  What the decision reads of a pair.
typedef struct {
    double cos;                         //  cosine of the vectors
    int bits;                           //  SimHash distance
    int days;                           //  days apart, -1 unknown
    bool wday_apart;                    //  lead weekdays, none in common
    bool names_apart;                   //  lead names, no word in common
    int num;                            //  lead numbers: 1 one in common, -1 none, 0 unknown
} dp_evidence_facts_t;

//  Every fact is symmetric: facts (a, b) and facts (b, a) are the same.
void
    dp_evidence_facts (const dp_evidence_sig_t *a, const dp_evidence_sig_t *b,
                       dp_evidence_facts_t *f);

//  dp_evidence_facts (p->sig, b, f), the cosine through the probe.
void
    dp_evidence_facts_probe (const dp_evidence_probe_t *p, const dp_evidence_sig_t *b,
                             dp_evidence_facts_t *f);

//  The cosine the decision asks of a pair with these facts.
double
    dp_evidence_need (const dp_evidence_cfg_t *cfg, const dp_evidence_facts_t *f);

//  The decision for a pair whose facts are known.
dp_evidence_link_t
    dp_evidence_judge (const dp_evidence_cfg_t *cfg, const dp_evidence_sig_t *a,
                       const dp_evidence_sig_t *b, const dp_evidence_facts_t *f);

//  The decision for a pair, a function of the pair alone. *cos and *bits
//  (SimHash distance) are set for the caller's use (either may be NULL).
dp_evidence_link_t
    dp_evidence_decide (const dp_evidence_cfg_t *cfg, const dp_evidence_sig_t *a,
                        const dp_evidence_sig_t *b, double *cos, int *bits);

#endif
