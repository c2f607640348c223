//  depeche — fuzz target for the splitter: arbitrary bytes are split into
//  sentences (French and English rules) and each sentence into tokens.
//  Checks: spans are non-empty, inside [0, len), in order, non-overlapping;
//  sentences carry no ASCII white space at either edge; tokens stay inside
//  their sentence. Tokenizing the whole text obeys the same rules.
#include "split/split.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
    LLVMFuzzerInitialize (int *argc, char ***argv);
int
    LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define S_CHECK(cond) \
    do { if (!(cond)) s_fail (#cond, __LINE__); } while (0)

static dp_splitter_t *s_splitter;       //  made once, abbreviations from $DP_DATA

static void
s_fail (const char *what, int line)
{
    fprintf (stderr, "fuzz_split.c:%d: invariant failed: %s\n", line, what);
    abort ();
}

static void
s_cleanup (void)
{
    dp_splitter_destroy (&s_splitter);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    s_splitter = dp_splitter_new (NULL);
    if (!s_splitter) {
        fprintf (stderr, "fuzz_split: no splitter (set DP_DATA to the data folder)\n");
        exit (2);
    }
    atexit (s_cleanup);
    return 0;
}

//  --------------------------------------------------------------------------
//  Spans of *s are non-empty, ordered, non-overlapping and inside [lo, hi).

static void
s_check_spans (const dp_spans_t *s, uint32_t lo, uint32_t hi)
{
    uint32_t last = lo;
    for (size_t k = 0; k < s->n; k++) {
        const dp_span_t *sp = &s->v [k];
        if (!(last <= sp->start && sp->start < sp->end && sp->end <= hi))
            fprintf (stderr, "span %zu of %zu: [%u,%u) after %u, bound [%u,%u)\n",
                     k, s->n, sp->start, sp->end, last, lo, hi);
        S_CHECK (last <= sp->start);
        S_CHECK (sp->start < sp->end);
        S_CHECK (sp->end <= hi);
        last = sp->end;
    }
}

static bool
s_is_ascii_space (uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static void
s_split_checked (const char *text, size_t len, const char *lang)
{
    dp_spans_t sents = { 0 };
    S_CHECK (dp_split (s_splitter, text, len, lang, &sents) == 0);
    s_check_spans (&sents, 0, (uint32_t) len);
    for (size_t k = 0; k < sents.n; k++) {
        dp_span_t sp = sents.v [k];
        S_CHECK (!s_is_ascii_space ((uint8_t) text [sp.start]));
        S_CHECK (!s_is_ascii_space ((uint8_t) text [sp.end - 1]));
        dp_spans_t toks = { 0 };
        S_CHECK (dp_tokenize (s_splitter, text, sp, &toks) == 0);
        s_check_spans (&toks, sp.start, sp.end);
        dp_spans_free (&toks);
    }
    dp_spans_free (&sents);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    const char *text = (const char *) data;
    if (size > UINT32_MAX)
        return 0;
    s_split_checked (text, size, "fr");
    s_split_checked (text, size, "en");

    dp_spans_t toks = { 0 };
    dp_span_t all = { 0, (uint32_t) size };
    S_CHECK (dp_tokenize (s_splitter, text, all, &toks) == 0);
    s_check_spans (&toks, 0, (uint32_t) size);
    dp_spans_free (&toks);
    return 0;
}
