//  depeche tag — the trainer's corpus reader: CoNLL files (token<TAB>BIO,
//  blank line between sentences, .gz or plain) tokenized as the tagger
//  tokenizes, each tagger token given the label of the CoNLL token it
//  starts in, the static features computed once; the dev file's folds.
//  Not here: training and scoring (train.c).
#include "tag/train_int.h"
#include "tag/tag_lang.h"
#include "depeche/dp_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

//  --------------------------------------------------------------------------
//  Label index of a BIO tag, or -1.

static int
s_label (const char *tag)
{
    for (int l = 0; l < DP_TAGM_NLABELS; l++)
        if (strcmp (tag, dp_tagm_labels [l]) == 0)
            return l;
    return -1;
}

//  True when word w ends with an apostrophe (an elided « l' », « qu’ »):
//  the raw text has no space after it.
static bool
s_elided (const char *w)
{
    size_t len = strlen (w);
    return len >= 2 && len <= 8
           && (w [len - 1] == '\''
               || (len >= 4 && memcmp (w + len - 3, "\xE2\x80\x99", 3) == 0));
}

//  English: a CoNLL token that was cut off the word before it (« 's »,
//  « n't », « 're »), glued back so that training sees the words the
//  tagger cuts in raw text (« Bernoulli's » is « Bernoulli » « 's »).
static bool
s_clitic (const char *w)
{
    size_t len = strlen (w);
    if (len == 3 && (memcmp (w, "n't", 3) == 0 || memcmp (w, "N'T", 3) == 0))
        return true;
    if (len >= 2 && len <= 3 && w [0] == '\'')
        return w [1] >= 'a' && w [1] <= 'z';
    if (len >= 4 && len <= 5 && memcmp (w, "\xE2\x80\x99", 3) == 0)
        return w [3] >= 'a' && w [3] <= 'z';
    return false;
}

//  Label of the tagger token starting at byte at of the sentence whose
//  CoNLL tokens are spans[0..n) with tags: the tag of the CoNLL token it
//  starts; inside one (« M. » cut into « M » « . »), I- of its type or O.
static uint8_t
s_project (const dp_span_t *spans, const uint8_t *tags, size_t n, uint32_t at,
           size_t *j)
{
    while (*j + 1 < n && spans [*j + 1].start <= at)
        (*j)++;
    uint8_t g = tags [*j];
    if (at == spans [*j].start || g == 0)
        return g;
    return (g & 1) ? (uint8_t) (g + 1) : g;
}

//  Appends sentence words[0..n) with tags to c, tokenized as the tagger
//  tokenizes raw text (the CoNLL tokens joined by spaces, none after an
//  elision), labels projected. 0 or -1.
static int
s_add_sentence (dp_train_corpus_t *c, dp_tagger_t *tagger, char **words,
                const uint8_t *tags, size_t n, uint32_t mask)
{
    if (n == 0)
        return 0;
    size_t tlen = 0;
    for (size_t i = 0; i < n; i++)
        tlen += strlen (words [i]) + 1;
    char *text = malloc (tlen + 1);
    dp_span_t *spans = malloc (n * sizeof *spans);
    dp_span_t *tspans = malloc ((tlen + 1) * sizeof *tspans);
    dp_tagm_tok_t *mt = malloc ((tlen + 1) * sizeof *mt);
    if (!text || !spans || !tspans || !mt)
        goto oom;
    size_t o = 0;
    bool en = !strcmp (dp_tagger_lang (tagger), "en");
    for (size_t i = 0; i < n; i++) {
        size_t wl = strlen (words [i]);
        spans [i] = (dp_span_t) { (uint32_t) o, (uint32_t) (o + wl) };
        memcpy (text + o, words [i], wl);
        o += wl;
        if (!s_elided (words [i])
        &&  !(en && i + 1 < n && s_clitic (words [i + 1])))
            text [o++] = ' ';
    }
    text [o] = '\0';
    long got = dp_tagger_model_text (tagger, text, o, tspans, mt);
    if (got < 0)
        goto oom;
    size_t m = (size_t) got;
    if (c->n_toks + m > c->cap_toks) {
        size_t ncap = (c->n_toks + m) * 2;
        dp_tagm_tok_t *nt = realloc (c->toks, ncap * sizeof *nt);
        if (nt)
            c->toks = nt;
        uint32_t *nf = realloc (c->feats, ncap * c->nf * sizeof *nf);
        if (nf)
            c->feats = nf;
        uint8_t *ng = realloc (c->gold, ncap);
        if (ng)
            c->gold = ng;
        if (!nt || !nf || !ng)
            goto oom;
        c->cap_toks = ncap;
    }
    if (c->n_sents == c->cap_sents) {
        size_t ncap = c->cap_sents ? c->cap_sents * 2 : 1024;
        dp_train_sent_t *ns = realloc (c->sents, ncap * sizeof *ns);
        if (!ns)
            goto oom;
        c->sents = ns;
        c->cap_sents = ncap;
    }
    memcpy (c->toks + c->n_toks, mt, m * sizeof *mt);
    uint32_t f [DP_TAGM_MAXF];
    size_t j = 0;
    for (size_t i = 0; i < m; i++) {
        size_t k = dp_tagm_feats (mt, m, i, mask, f);
        if (k != c->nf) {
            dp_log_error ("tag-train: feature count %zu, expected %zu", k, c->nf);
            goto oom;
        }
        memcpy (c->feats + (c->n_toks + i) * c->nf, f, k * sizeof *f);
        uint8_t g = s_project (spans, tags, n, tspans [i].start, &j);
        if (!dp_tagm_allowed (i ? c->gold [c->n_toks + i - 1] : 0, g))
            g--;                        //  its B- was not a token of ours
        c->gold [c->n_toks + i] = g;
    }
    c->sents [c->n_sents++] = (dp_train_sent_t) { c->n_toks, m, false };
    c->n_toks += m;
    free (text);
    free (spans);
    free (tspans);
    free (mt);
    return 0;
oom:
    free (text);
    free (spans);
    free (tspans);
    free (mt);
    return -1;
}


//  Reads a fold map; 0 or -1 (reason logged).
int
dp_train_folds_load (dp_train_folds_t *self, const char *path, unsigned folds)
{
    size_t size;
    char *data = dp_read_file (path, &size);
    if (!data) {
        dp_log_error ("tag-train: cannot read fold map %s", path);
        return -1;
    }
    self->fold = malloc (size / 2 + 1);
    self->n = 0;
    int rc = self->fold ? 0 : -1;
    size_t lineno = 0;
    for (char *p = data; rc == 0 && *p;) {
        char *end;
        lineno++;
        unsigned long v = strtoul (p, &end, 10);
        if (end == p || v >= folds || v > 255
        ||  (*end != '\n' && *end != '\0')) {
            dp_log_error ("tag-train: %s:%zu: want a fold number below %u",
                          path, lineno, folds);
            rc = -1;
            break;
        }
        self->fold [self->n++] = (uint8_t) v;
        p = *end ? end + 1 : end;
    }
    free (data);
    return rc;
}

//  True when dev sentence idx is in fold k of folds: by the map when there
//  is one (past its end: in no fold), else by blocks of 10.
static bool
s_in_fold (const dp_train_folds_t *map, size_t idx, unsigned k, unsigned folds)
{
    if (!folds)
        return false;
    if (map->fold)
        return idx < map->n && map->fold [idx] == k;
    return DP_TAGM_IN_FOLD (idx, k, folds);
}

//  Reads a CoNLL file into train (sentences not held out) and held (the
//  sentences of fold k of folds, by map; NULL: all go to train). Returns
//  sentences read or -1.
long
dp_train_read (const char *path, dp_tagger_t *tagger, dp_train_corpus_t *train,
        dp_train_corpus_t *held, const dp_train_folds_t *map, unsigned k, unsigned folds,
        uint32_t mask)
{
    gzFile gz = gzopen (path, "rb");
    if (!gz) {
        dp_log_error ("tag-train: cannot open %s", path);
        return -1;
    }
    char line [4096];
    char **words = NULL;
    uint8_t *tags = NULL;
    size_t n = 0, cap = 0;
    long sent = 0, lineno = 0;
    int rc = 0;
    for (;;) {
        char *got = gzgets (gz, line, sizeof line);
        if (got)
            lineno++;
        size_t len = got ? strlen (line) : 0;
        while (len && (line [len - 1] == '\n' || line [len - 1] == '\r'))
            line [--len] = '\0';
        if (!got || len == 0) {
            if (n) {
                dp_train_corpus_t *c = held && s_in_fold (map, (size_t) sent, k, folds)
                              ? held : train;
                if (s_add_sentence (c, tagger, words, tags, n, mask)) {
                    rc = -1;
                    break;
                }
                sent++;
                for (size_t i = 0; i < n; i++)
                    free (words [i]);
                n = 0;
            }
            if (!got)
                break;
            continue;
        }
        char *tab = strrchr (line, '\t');
        int lab = tab ? s_label (tab + 1) : -1;
        if (lab < 0 || tab == line) {
            dp_log_error ("tag-train: %s:%ld: not token<TAB>BIO-tag", path, lineno);
            rc = -1;
            break;
        }
        //  Repair an I- that follows nothing of its type (IOB1 leftovers).
        if (lab && !(lab & 1) && !(n && (tags [n - 1] == lab || tags [n - 1] == lab - 1)))
            lab--;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            char **nw = realloc (words, cap * sizeof *nw);
            uint8_t *nt = nw ? realloc (tags, cap) : NULL;
            if (nw)
                words = nw;
            if (!nw || !nt) {
                rc = -1;
                break;
            }
            tags = nt;
        }
        *tab = '\0';
        words [n] = strdup (line);
        if (!words [n]) {
            rc = -1;
            break;
        }
        tags [n++] = (uint8_t) lab;
    }
    for (size_t i = 0; i < n; i++)
        free (words [i]);
    free (words);
    free (tags);
    gzclose (gz);
    return rc ? -1 : sent;
}

//  --------------------------------------------------------------------------
//  A corpus that has no MISC type (the Broad Twitter Corpus: nationalities,
//  events and works are O there) must not teach that such names are O.
//  Its sentences from s0 on are marked when none of them has a MISC label;
//  training then takes a MISC the model predicts over gold O as right.

void
dp_train_mark_nomisc (dp_train_corpus_t *c, size_t s0)
{
    size_t a = s0 < c->n_sents ? c->sents [s0].first : c->n_toks;
    for (size_t i = a; i < c->n_toks; i++)
        if (c->gold [i] == 7 || c->gold [i] == 8)
            return;                     //  B-MISC, I-MISC: it has the type
    for (size_t k = s0; k < c->n_sents; k++)
        c->sents [k].nomisc = true;
}

void
dp_train_corpus_free (dp_train_corpus_t *c)
{
    free (c->toks);
    free (c->feats);
    free (c->gold);
    free (c->sents);
}
