//  depeche — sentence-boundary evaluation driver for stages/split.
//  Reads sbd TSV files (input<TAB>s1 ||| s2 ..., backslash-escaped; see
//  eval/README.md), splits each input and reports boundary precision,
//  recall and F1, plus how many cases come out exactly right. Prints the
//  failing cases with -v. Does not judge tokens.
#include "split/split.h"
#include "depeche/dp_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    size_t tp;                          //  boundaries found and expected
    size_t fp;                          //  found, not expected
    size_t fn;                          //  expected, not found
    size_t cases;                       //  lines read
    size_t exact;                       //  lines whose sentences all match
} s_score_t;

//  --------------------------------------------------------------------------
//  Undoes the TSV escaping in place (\\ \t \n \r). Returns the new length.

static size_t
s_unescape (char *s, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s [i] == '\\' && i + 1 < len) {
            char c = s [++i];
            s [o++] = c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ? '\r' : c;
        }
        else
            s [o++] = s [i];
    }
    return o;
}

//  --------------------------------------------------------------------------
//  Prints a boundary with some context on each side (bytes, may cut a
//  character in two: this is a debugging aid).

static void
s_show (const char *what, const char *input, size_t ilen, size_t at)
{
    size_t from = at > 40 ? at - 40 : 0;
    size_t to = at + 30 < ilen ? at + 30 : ilen;
    printf ("%s: %.*s|%.*s\n", what, (int) (at - from), input + from,
            (int) (to - at), input + at);
}

//  --------------------------------------------------------------------------
//  Scores one case; expected sentences are located in order in the input,
//  and a boundary is the start offset of every sentence but the first.

static void
s_score_case (dp_splitter_t *splitter, char *input, size_t ilen,
              char *expected, bool verbose, s_score_t *score)
{
    dp_spans_t got = { 0 };
    if (dp_split (splitter, input, ilen, "fr", &got)) {
        fprintf (stderr, "out of memory\n");
        exit (1);
    }
    size_t gold [4096];
    size_t n_gold = 0;
    size_t pos = 0;
    size_t n_exp = 0;
    bool exact = true;
    char *s = expected;
    while (s) {
        char *sep = strstr (s, " ||| ");
        if (sep)
            *sep = '\0';
        size_t slen = s_unescape (s, strlen (s));
        char *at = memmem (input + pos, ilen - pos, s, slen);
        if (!at) {
            fprintf (stderr, "expected sentence not found in input: %.*s\n",
                     (int) slen, s);
            exact = false;
        }
        else {
            size_t off = (size_t) (at - input);
            if (n_exp > 0 && n_gold < 4096)
                gold [n_gold++] = off;
            if (n_exp >= got.n || got.v [n_exp].start != off
            ||  got.v [n_exp].end != off + slen)
                exact = false;
            pos = off + slen;
        }
        n_exp++;
        s = sep ? sep + 5 : NULL;
    }
    if (got.n != n_exp)
        exact = false;
    for (size_t k = 1; k < got.n; k++) {
        bool hit = false;
        for (size_t g = 0; g < n_gold; g++)
            hit = hit || gold [g] == got.v [k].start;
        if (hit)
            score->tp++;
        else {
            score->fp++;
            if (verbose)
                s_show ("FP", input, ilen, got.v [k].start);
        }
    }
    for (size_t g = 0; g < n_gold; g++) {
        bool hit = false;
        for (size_t k = 1; k < got.n; k++)
            hit = hit || gold [g] == got.v [k].start;
        score->fn += !hit;
        if (!hit && verbose)
            s_show ("FN", input, ilen, gold [g]);
    }
    score->cases++;
    score->exact += exact;
    if (!exact && verbose && ilen < 400) {
        printf ("FAIL: %.*s\n", (int) ilen, input);
        for (size_t k = 0; k < got.n; k++)
            printf ("   got [%zu]: %.*s\n", k, (int) (got.v [k].end - got.v [k].start),
                    input + got.v [k].start);
    }
    dp_spans_free (&got);
}

static int
s_eval_file (dp_splitter_t *splitter, const char *path, bool verbose)
{
    size_t len;
    char *buf = dp_read_file (path, &len);
    if (!buf) {
        perror (path);
        return -1;
    }
    s_score_t score = { 0 };
    char *line = buf;
    while (line < buf + len) {
        char *eol = memchr (line, '\n', (size_t) (buf + len - line));
        if (!eol)
            eol = buf + len;
        *eol = '\0';
        char *tab = strchr (line, '\t');
        if (tab) {
            *tab = '\0';
            size_t ilen = s_unescape (line, strlen (line));
            s_score_case (splitter, line, ilen, tab + 1, verbose, &score);
        }
        line = eol + 1;
    }
    double p = score.tp + score.fp ? (double) score.tp / (double) (score.tp + score.fp) : 1;
    double r = score.tp + score.fn ? (double) score.tp / (double) (score.tp + score.fn) : 1;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    printf ("%s: cases %zu exact %zu | boundaries tp %zu fp %zu fn %zu"
            " | P %.4f R %.4f F1 %.4f\n", path, score.cases, score.exact,
            score.tp, score.fp, score.fn, p, r, f);
    free (buf);
    return 0;
}

//  --------------------------------------------------------------------------
//  Splits a file `rounds` times and prints MB/s.

static int
s_bench (dp_splitter_t *splitter, const char *path, int rounds)
{
    size_t len;
    char *buf = dp_read_file (path, &len);
    if (!buf) {
        perror (path);
        return -1;
    }
    dp_spans_t out = { 0 };
    dp_spans_t toks = { 0 };
    struct timespec t0, t1;
    clock_gettime (CLOCK_MONOTONIC, &t0);
    for (int r = 0; r < rounds; r++) {
        out.n = 0;
        dp_split (splitter, buf, len, "fr", &out);
    }
    clock_gettime (CLOCK_MONOTONIC, &t1);
    double secs = (double) (t1.tv_sec - t0.tv_sec) + (double) (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf ("split: %zu bytes x %d in %.3f s: %.1f MB/s, %zu sentences\n",
            len, rounds, secs, (double) len * rounds / secs / 1e6, out.n);
    clock_gettime (CLOCK_MONOTONIC, &t0);
    size_t n_tok = 0;
    for (int r = 0; r < rounds; r++) {
        toks.n = 0;
        for (size_t k = 0; k < out.n; k++)
            dp_tokenize (splitter, buf, out.v [k], &toks);
        n_tok = toks.n;
    }
    clock_gettime (CLOCK_MONOTONIC, &t1);
    secs = (double) (t1.tv_sec - t0.tv_sec) + (double) (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf ("tokenize: %.1f MB/s, %zu tokens\n", (double) len * rounds / secs / 1e6, n_tok);
    dp_spans_free (&out);
    dp_spans_free (&toks);
    free (buf);
    return 0;
}

int
main (int argc, char **argv)
{
    bool verbose = false;
    const char *bench = NULL;
    int argi = 1;
    while (argi < argc && argv [argi][0] == '-') {
        if (strcmp (argv [argi], "-v") == 0)
            verbose = true;
        else
        if (strcmp (argv [argi], "--bench") == 0 && argi + 1 < argc)
            bench = argv [++argi];
        else {
            fprintf (stderr, "usage: eval_split [-v] [--bench FILE] [FILE.tsv...]\n");
            return 2;
        }
        argi++;
    }
    dp_log_init ("eval-split");
    dp_splitter_t *splitter = dp_splitter_new (getenv ("DP_DATA") ? NULL : "data");
    if (!splitter)
        return 1;
    int rc = 0;
    if (bench)
        rc = s_bench (splitter, bench, 20) ? 1 : 0;
    for (; argi < argc; argi++)
        if (s_eval_file (splitter, argv [argi], verbose))
            rc = 1;
    dp_splitter_destroy (&splitter);
    return rc;
}
