//  depeche — sentence-boundary evaluation driver for stages/split.
//  Reads sbd TSV files (input<TAB>s1 ||| s2 ..., backslash-escaped; see
//  eval/README.md) and reports boundary precision, recall and F1 (white
//  space ignored: a boundary is the start of every sentence but the first)
//  plus how many cases come out exactly right, printing the failures.
//  The sentences come from the real stage run as a filter (--to-json, then
//  --spans: scripts/eval-split does the piping) or, with --lib, from
//  dp_split in process. Does not judge tokens.
#include "split/split.h"
#include "depeche/dp_log.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S_SHOW_MAX  30                  //  failures printed per file without -v

typedef struct {
    size_t tp;                          //  boundaries found and expected
    size_t fp;                          //  found, not expected
    size_t fn;                          //  expected, not found
    size_t cases;                       //  lines read
    size_t exact;                       //  lines whose sentences all match
    size_t shown;                       //  failures printed so far
    size_t hidden;                      //  failures not printed (limit)
    size_t lost;                        //  cases the stage gave no answer for
} s_score_t;

typedef struct {
    bool verbose;                       //  print every failure, whole cases
    dp_spans_t *answers;                //  filter mode: spans per case number
    size_t n_answers;                   //  entries in answers
    dp_splitter_t *splitter;            //  --lib mode: split in process
} s_ctx_t;

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
//  Calls fn (line, tab, arg, case number) for each "input<TAB>expected" line
//  of the file at path, NUL-terminating both halves in place. 0 or -1.

typedef void (s_case_fn) (char *input, char *expected, size_t k, void *arg);

static int
s_each_case (const char *path, s_case_fn *fn, void *arg)
{
    size_t len;
    char *buf = dp_read_file (path, &len);
    if (!buf) {
        perror (path);
        return -1;
    }
    char *line = buf;
    size_t k = 0;
    while (line < buf + len) {
        char *eol = memchr (line, '\n', (size_t) (buf + len - line));
        if (!eol)
            eol = buf + len;
        *eol = '\0';
        char *tab = strchr (line, '\t');
        if (tab) {
            *tab = '\0';
            fn (line, tab + 1, k++, arg);
        }
        line = eol + 1;
    }
    free (buf);
    return 0;
}

//  --------------------------------------------------------------------------
//  Prints a boundary with up to ~40 bytes of context on each side, cut at
//  character boundaries.

static void
s_show (const char *what, const char *input, size_t ilen, size_t at)
{
    size_t from = at > 40 ? at - 40 : 0;
    size_t to = at + 40 < ilen ? at + 40 : ilen;
    while (from > 0 && (input [from] & 0xC0) == 0x80)
        from--;
    while (to < ilen && (input [to] & 0xC0) == 0x80)
        to++;
    printf ("  %s: %.*s|%.*s\n", what, (int) (at - from), input + from,
            (int) (to - at), input + at);
}

//  True when one more failure may be printed (and counts it either way).
static bool
s_may_show (const s_ctx_t *ctx, s_score_t *score)
{
    if (ctx->verbose || score->shown < S_SHOW_MAX) {
        score->shown++;
        return true;
    }
    score->hidden++;
    return false;
}

//  --------------------------------------------------------------------------
//  Scores the sentences got of one case; expected sentences are located in
//  order in the input.

static void
s_score_case (const s_ctx_t *ctx, char *input, size_t ilen, char *expected,
              const dp_spans_t *got, s_score_t *score)
{
    size_t gold [4096];
    size_t n_gold = 0;
    size_t errors = score->fp + score->fn;
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
            if (n_exp >= got->n || got->v [n_exp].start != off
            ||  got->v [n_exp].end != off + slen)
                exact = false;
            pos = off + slen;
        }
        n_exp++;
        s = sep ? sep + 5 : NULL;
    }
    if (got->n != n_exp)
        exact = false;
    //  Both lists are in text order: one merge pass.
    size_t g = 0;
    for (size_t k = 1; k < got->n; k++) {
        size_t at = got->v [k].start;
        while (g < n_gold && gold [g] < at) {
            score->fn++;
            if (s_may_show (ctx, score))
                s_show ("missed  ", input, ilen, gold [g]);
            g++;
        }
        if (g < n_gold && gold [g] == at) {
            score->tp++;
            g++;
        }
        else {
            score->fp++;
            if (s_may_show (ctx, score))
                s_show ("spurious", input, ilen, at);
        }
    }
    for (; g < n_gold; g++) {
        score->fn++;
        if (s_may_show (ctx, score))
            s_show ("missed  ", input, ilen, gold [g]);
    }
    score->cases++;
    score->exact += exact;
    //  Whole cases only with -v; a case with no boundary error but a wrong
    //  trim (golden single sentences) is printed in any case.
    if (!exact && (ctx->verbose || (errors == score->fp + score->fn
                                    && s_may_show (ctx, score)))) {
        printf ("  case %zu: %.*s\n", score->cases, (int) (ilen < 400 ? ilen : 400), input);
        for (size_t k = 0; k < got->n; k++)
            printf ("    got [%zu]: %.*s\n", k, (int) (got->v [k].end - got->v [k].start),
                    input + got->v [k].start);
    }
}

//  --------------------------------------------------------------------------
//  One case of s_eval_file: find its sentences, score them.

typedef struct {
    const s_ctx_t *ctx;                 //  settings and answers
    s_score_t score;                    //  running totals
    const char *lang;                   //  the file's language ("fr", "en")
} s_eval_t;

static void
s_eval_case (char *input, char *expected, size_t k, void *arg)
{
    s_eval_t *ev = arg;
    const s_ctx_t *ctx = ev->ctx;
    size_t ilen = s_unescape (input, strlen (input));
    dp_spans_t got = { 0 };
    if (ctx->splitter) {
        if (dp_split (ctx->splitter, input, ilen, ev->lang, &got)) {
            fprintf (stderr, "out of memory\n");
            exit (1);
        }
    }
    else
    if (k < ctx->n_answers && ctx->answers [k].v)
        got = ctx->answers [k];
    else
        ev->score.lost++;
    s_score_case (ctx, input, ilen, expected, &got, &ev->score);
    if (ctx->splitter)
        dp_spans_free (&got);
}

static int
s_eval_file (const s_ctx_t *ctx, const char *path)
{
    printf ("%s%s\n", path, ctx->splitter ? " (in process)" : "");
    //  The language from the file name, as scripts/eval-split gives it to
    //  the stage (ud_en_gum_dev: English rules).
    const char *base = strrchr (path, '/');
    base = base ? base + 1 : path;
    bool en = strstr (base, "_en_") || strncmp (base, "en_", 3) == 0;
    s_eval_t ev = { ctx, { 0 }, en ? "en" : "fr" };
    if (s_each_case (path, s_eval_case, &ev))
        return -1;
    s_score_t *sc = &ev.score;
    if (sc->hidden)
        printf ("  ... %zu more failures (-v shows all)\n", sc->hidden);
    if (sc->lost)
        printf ("  %zu cases had no answer from the stage (see its log)\n", sc->lost);
    double p = sc->tp + sc->fp ? (double) sc->tp / (double) (sc->tp + sc->fp) : 1;
    double r = sc->tp + sc->fn ? (double) sc->tp / (double) (sc->tp + sc->fn) : 1;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    printf ("%s: cases %zu exact %zu (%.1f%%) | boundaries tp %zu fp %zu fn %zu"
            " | P %.4f R %.4f F1 %.4f\n", path, sc->cases, sc->exact,
            sc->cases ? 100.0 * (double) sc->exact / (double) sc->cases : 0.0,
            sc->tp, sc->fp, sc->fn, p, r, f);
    return sc->lost ? -1 : 0;
}

//  --------------------------------------------------------------------------
//  --to-json: one article a case, {"id":"<case number>","text":..,"lang":"fr"}.

static void
s_json_case (char *input, char *expected, size_t k, void *arg)
{
    (void) expected;
    (void) arg;
    size_t ilen = s_unescape (input, strlen (input));
    char id [32];
    snprintf (id, sizeof id, "%zu", k);
    json_t *obj = json_pack ("{s:s, s:s%, s:s}", "id", id, "text", input, ilen,
                             "lang", "fr");
    char *line = obj ? json_dumps (obj, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    if (!line) {
        fprintf (stderr, "eval_split: case %zu cannot be written as JSON\n", k);
        exit (1);
    }
    puts (line);
    free (line);
    json_decref (obj);
}

//  --------------------------------------------------------------------------
//  Reads the stage's output: sentence spans per numeric id into ctx. An
//  article the stage marked failed gets no answer. 0 or -1.

static int
s_load_answers (s_ctx_t *ctx, const char *path)
{
    FILE *f = fopen (path, "r");
    if (!f) {
        perror (path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while ((n = getline (&line, &cap, f)) > 0) {
        json_error_t jerr;
        json_t *obj = json_loadb (line, (size_t) n, 0, &jerr);
        json_t *id = json_object_get (obj, "id");
        json_t *sents = json_object_get (obj, "sentences");
        json_t *err = json_object_get (obj, "error");
        if (!json_is_string (id)) {
            fprintf (stderr, "%s: bad line (%s)\n", path, obj ? "no id" : jerr.text);
            json_decref (obj);
            rc = -1;
            continue;
        }
        size_t k = strtoul (json_string_value (id), NULL, 10);
        if (err && !json_is_null (err))
            fprintf (stderr, "%s: case %zu failed: %s\n", path, k,
                     json_is_string (err) ? json_string_value (err) : "?");
        else
        if (k < 1000000) {
            if (k >= ctx->n_answers) {
                size_t n_new = (k + 1) * 2;
                dp_spans_t *a = realloc (ctx->answers, n_new * sizeof *a);
                if (!a)
                    exit (1);
                memset (a + ctx->n_answers, 0, (n_new - ctx->n_answers) * sizeof *a);
                ctx->answers = a;
                ctx->n_answers = n_new;
            }
            dp_spans_t *out = &ctx->answers [k];
            out->n = 0;
            size_t i;
            json_t *s;
            json_array_foreach (sents, i, s) {
                json_int_t a = json_integer_value (json_object_get (s, "start"));
                json_int_t b = json_integer_value (json_object_get (s, "end"));
                if (dp_spans_push (out, (uint32_t) a, (uint32_t) b))
                    exit (1);
            }
            if (!out->v && dp_spans_push (out, 0, 0) == 0)
                out->n = 0;             //  "answered, no sentence"
        }
        json_decref (obj);
    }
    free (line);
    fclose (f);
    return rc;
}

//  --------------------------------------------------------------------------
//  Splits a file `rounds` times and prints MB/s.

static double
s_secs_since (const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime (CLOCK_MONOTONIC, &t1);
    return (double) (t1.tv_sec - t0->tv_sec) + (double) (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

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
    struct timespec t0;
    clock_gettime (CLOCK_MONOTONIC, &t0);
    for (int r = 0; r < rounds; r++) {
        out.n = 0;
        dp_split (splitter, buf, len, "fr", &out);
    }
    double secs = s_secs_since (&t0);
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
    secs = s_secs_since (&t0);
    printf ("tokenize: %.1f MB/s, %zu tokens\n", (double) len * rounds / secs / 1e6, n_tok);
    dp_spans_free (&out);
    dp_spans_free (&toks);
    free (buf);
    return 0;
}

static const char *s_usage =
"usage: eval_split [-v] --lib FILE.tsv...          split in process and score\n"
"       eval_split --to-json FILE.tsv              cases as JSON lines on stdout\n"
"       eval_split [-v] --spans OUT.jsonl FILE.tsv score the stage's output\n"
"       eval_split --bench FILE                    MB/s of dp_split, dp_tokenize\n";

int
main (int argc, char **argv)
{
    s_ctx_t ctx = { 0 };
    bool lib = false;
    const char *bench = NULL, *to_json = NULL, *spans = NULL;
    int argi = 1;
    while (argi < argc && argv [argi][0] == '-') {
        const char *a = argv [argi];
        if (strcmp (a, "-v") == 0)
            ctx.verbose = true;
        else
        if (strcmp (a, "--lib") == 0)
            lib = true;
        else
        if (strcmp (a, "--bench") == 0 && argi + 1 < argc)
            bench = argv [++argi];
        else
        if (strcmp (a, "--to-json") == 0 && argi + 1 < argc)
            to_json = argv [++argi];
        else
        if (strcmp (a, "--spans") == 0 && argi + 1 < argc)
            spans = argv [++argi];
        else {
            fputs (s_usage, stderr);
            return 2;
        }
        argi++;
    }
    dp_log_init ("eval-split");
    if (to_json)
        return s_each_case (to_json, s_json_case, NULL) ? 1 : 0;
    if (spans) {
        if (argi + 1 != argc) {
            fputs (s_usage, stderr);
            return 2;
        }
        int rc = s_load_answers (&ctx, spans) || s_eval_file (&ctx, argv [argi]);
        for (size_t k = 0; k < ctx.n_answers; k++)
            dp_spans_free (&ctx.answers [k]);
        free (ctx.answers);
        return rc ? 1 : 0;
    }
    if (!lib && !bench) {
        fputs (s_usage, stderr);
        return 2;
    }
    const char *env = getenv ("DP_DATA");
    dp_splitter_t *splitter = dp_splitter_new (env && *env ? env : "data");
    if (!splitter)
        return 1;
    int rc = 0;
    if (bench)
        rc = s_bench (splitter, bench, 20) ? 1 : 0;
    ctx.splitter = splitter;
    for (; lib && argi < argc; argi++)
        if (s_eval_file (&ctx, argv [argi]))
            rc = 1;
    dp_splitter_destroy (&splitter);
    return rc;
}
