//  depeche — micro-benchmark of each stage's library function alone on one
//  core, with the baselines measured in the same run on the same input:
//  zlib gzread (what zcat does) for fetch, libxml2 htmlReadMemory+xmlFreeDoc
//  for clean, ICU's sentence BreakIterator (locale fr) for split.
//  Prints one JSON object on stdout for scripts/bench, which makes the
//  table; it judges nothing (no timing assertion belongs in make test).
//  The measured functions are in bench_stages_fn.c, what both files share
//  in bench_stages.h.
#include "bench_stages.h"
#include "clean/clean.h"
#include "split/split.h"
#include "tag/tag.h"
#include "fetch/fetch.h"
#include "sink/sink.h"
#include "sink/link.h"
#include "depeche/dp_article.h"
#include "depeche/dp_log.h"

#include <libxml/HTMLparser.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <zlib.h>

#include <getopt.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define S_MAX_REPS 64                   //  upper bound of --reps


//  --------------------------------------------------------------------------
//  Seconds of the monotonic clock.

static double
s_now (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

//  --------------------------------------------------------------------------
//  Exits with a message: the bench has no use for partial results.

void
bench_die (const char *what)
{
    fprintf (stderr, "bench_stages: %s\n", what);
    exit (1);
}

//  --------------------------------------------------------------------------
//  Reads a JSON-lines file into articles (at most limit; 0 = all).
//  Returns the array (caller frees) and its length in *n.

static dp_article_t **
s_load (const char *path, size_t limit, size_t *n)
{
    size_t len = 0;
    char *buf = dp_read_file (path, &len);
    if (!buf)
        bench_die ("cannot read the corpus (run scripts/gen-corpus)");
    size_t cap = 1024;
    dp_article_t **docs = malloc (cap * sizeof *docs);
    if (!docs)
        bench_die ("out of memory");
    *n = 0;
    char *line = buf;
    char *end = buf + len;
    while (line < end && (limit == 0 || *n < limit)) {
        char *nl = memchr (line, '\n', (size_t) (end - line));
        size_t llen = nl ? (size_t) (nl - line) : (size_t) (end - line);
        char err [200];
        dp_article_t *doc = llen ? dp_article_from_json (line, llen, err, sizeof err)
                                 : NULL;
        if (doc) {
            if (*n == cap) {
                cap *= 2;
                docs = realloc (docs, cap * sizeof *docs);
                if (!docs)
                    bench_die ("out of memory");
            }
            docs [(*n)++] = doc;
        }
        line += llen + 1;
    }
    free (buf);
    return docs;
}

//  Fills the linker's window with 100 000 articles made of sentences drawn
//  at random from the whole corpus, with the entities of the articles the
//  sentences come from (not timed).
static void
s_link_fill (bench_ctx_t *ctx)
{
    dp_link_cfg_t cfg = { .story.window = 100000 };
    ctx->link = dp_link_new (&cfg, NULL);
    if (!ctx->link)
        bench_die ("dp_link_new failed (set DP_DATA)");
    uint64_t seed = 42;
    char *text = malloc (1 << 16);
    if (!text)
        bench_die ("out of memory");
    for (size_t k = 0; k < 100000; k++) {
        dp_article_t *doc = dp_article_new ();
        char id [32];
        snprintf (id, sizeof id, "fill-%zu", k);
        size_t len = 0;
        for (int s = 0; s < 8; s++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            size_t i = (size_t) (seed >> 33) % ctx->n_text;
            const dp_article_t *src = ctx->annotated [i];
            if (!src->n_sentences)
                continue;
            const Dp__Span *sp = src->sentences [(seed >> 13) % src->n_sentences];
            size_t n = sp->end - sp->start;
            if (len + n + 2 >= (1 << 16))
                break;
            memcpy (text + len, src->text + sp->start, n);
            len += n;
            text [len++] = ' ';
            for (size_t e = 0; e < src->n_entities && e < 4; e++) {
                const Dp__Entity *en = src->entities [(e + (seed >> 40)) % src->n_entities];
                if (dp_article_add_entity (doc, 0, 0, en->type, en->norm))
                    bench_die ("out of memory");
            }
        }
        text [len] = '\0';
        if (dp_article_set_str (&doc->id, id) || dp_article_set_str (&doc->text, text)
        ||  dp_link_article (ctx->link, doc))
            bench_die ("filling the link window failed");
        dp_article_destroy (&doc);
    }
    free (text);
}

//  --------------------------------------------------------------------------
//  The rows, in the order they are printed.

static const struct {
    const char *name;
    bench_fn_t *fn;
    const char *what;
} s_benches [] = {
    { "fetch_gz",     bench_fetch_gz,     "dp_fetch_src_next, .jsonl.gz (+ id)" },
    { "zlib_gzread",  bench_gzread,       "baseline: zlib gzread alone (zcat)" },
    { "clean_html",   bench_clean_html,   "dp_clean_html" },
    { "libxml2_parse", bench_libxml2,     "baseline: libxml2 htmlReadMemory+free" },
    { "clean_text",   bench_clean_text,   "dp_clean_text" },
    { "split",        bench_split,        "dp_split (sentences), fr" },
    { "split_tokens", bench_split_tokens, "dp_split + dp_tokenize" },
    { "icu_split",    bench_icu_split,    "baseline: ICU ubrk sentence fr" },
    { "icu_utf16",    bench_icu_utf16,    "ICU input: u_strFromUTF8 alone" },
    { "tag",          bench_tag,          "dp_tag (split's sentences+tokens)" },
    { "sink",         bench_sink,         "dp_sink_write, JSON to /dev/null" },
    { "sink_nolink",  bench_sink_nolink,  "dp_sink_write --no-link, JSON to /dev/null" },
    { "sink_db",      bench_sink_db,      "dp_sink_write, SQLite + linking state" },
    { "link_100k",    bench_link,         "dp_link_article, 100 000 in the window" },
    { "json",         bench_json,         "to_json + from_json (with tokens)" },
    { "protobuf",     bench_protobuf,     "pack + unpack (with tokens)" },
};

//  ==========================================================================
//  Preparation (not timed): clean, split, tokenize and tag every text once,
//  so each measured function gets its own stage's real input.

static void
s_prepare (bench_ctx_t *ctx)
{
    size_t n = ctx->n_text;
    ctx->clean = calloc (n, sizeof *ctx->clean);
    ctx->u16 = calloc (n, sizeof *ctx->u16);
    ctx->u16_len = calloc (n, sizeof *ctx->u16_len);
    ctx->sents = calloc (n, sizeof *ctx->sents);
    ctx->toks = calloc (n, sizeof *ctx->toks);
    ctx->annotated = calloc (n, sizeof *ctx->annotated);
    if (!ctx->clean || !ctx->u16 || !ctx->u16_len || !ctx->sents || !ctx->toks
    ||  !ctx->annotated)
        bench_die ("out of memory");
    for (size_t i = 0; i < n; i++) {
        dp_article_t *raw = ctx->raw_text [i];
        dp_clean_result_t res;
        memset (&res, 0, sizeof res);
        if (dp_clean_text (ctx->cleaner, raw->text, strlen (raw->text), &res) != DP_OK
        ||  !res.text)
            bench_die ("dp_clean_text failed on the corpus");
        ctx->clean [i].s = res.text;
        ctx->clean [i].len = res.text_len;
        res.text = NULL;
        dp_clean_result_free (&res);

        UErrorCode status = U_ZERO_ERROR;
        int32_t ulen = 0;
        u_strFromUTF8 (NULL, 0, &ulen, ctx->clean [i].s,
                       (int32_t) ctx->clean [i].len, &status);
        status = U_ZERO_ERROR;
        ctx->u16 [i] = malloc (((size_t) ulen + 1) * sizeof (UChar));
        if (!ctx->u16 [i])
            bench_die ("out of memory");
        u_strFromUTF8 (ctx->u16 [i], ulen + 1, &ctx->u16_len [i],
                       ctx->clean [i].s, (int32_t) ctx->clean [i].len, &status);
        if (U_FAILURE (status))
            bench_die ("u_strFromUTF8 failed");

        if (dp_split (ctx->splitter, ctx->clean [i].s, ctx->clean [i].len, "fr",
                      &ctx->sents [i]))
            bench_die ("out of memory");
        for (size_t j = 0; j < ctx->sents [i].n; j++)
            if (dp_tokenize (ctx->splitter, ctx->clean [i].s, ctx->sents [i].v [j],
                             &ctx->toks [i]))
                bench_die ("out of memory");

        //  The annotated article, as the sink receives it.
        dp_article_t *doc = dp_article_new ();
        dp_entities_t ents = { 0 };
        if (!doc
        ||  dp_article_set_str (&doc->id, raw->url ? raw->url : "x")
        ||  dp_article_set_str (&doc->url, raw->url)
        ||  dp_article_set_str (&doc->title, raw->title)
        ||  dp_article_set_str (&doc->lang, "fr")
        ||  dp_article_set (&doc->text, ctx->clean [i].s, ctx->clean [i].len)
        ||  dp_tag (ctx->tagger, ctx->clean [i].s, ctx->clean [i].len,
                    ctx->sents [i].v, ctx->sents [i].n, ctx->toks [i].v,
                    ctx->toks [i].n, &ents))
            bench_die ("out of memory");
        for (size_t j = 0; j < ctx->sents [i].n; j++)
            if (dp_article_add_sentence (doc, ctx->sents [i].v [j].start,
                                         ctx->sents [i].v [j].end))
                bench_die ("out of memory");
        for (size_t j = 0; j < ctx->toks [i].n; j++)
            if (dp_article_add_token (doc, ctx->toks [i].v [j].start,
                                      ctx->toks [i].v [j].end))
                bench_die ("out of memory");
        for (size_t j = 0; j < ents.n; j++)
            if (dp_article_add_entity (doc, ents.v [j].start, ents.v [j].end,
                                       ents.v [j].type, ents.v [j].norm))
                bench_die ("out of memory");
        dp_entities_free (&ents);
        ctx->annotated [i] = doc;
    }
}

//  --------------------------------------------------------------------------
//  Counts the bytes and lines of a gzip file once (for fetch's rates).

static void
s_measure_archive (bench_ctx_t *ctx)
{
    static char buf [1 << 17];
    gzFile gz = gzopen (ctx->archive, "rb");
    if (!gz)
        bench_die ("cannot open the archive");
    int n;
    while ((n = gzread (gz, buf, sizeof buf)) > 0) {
        ctx->archive_raw += (size_t) n;
        for (char *p = buf; (p = memchr (p, '\n', (size_t) (buf + n - p))); p++)
            ctx->archive_records++;
    }
    gzclose (gz);
}

//  --------------------------------------------------------------------------
//  qsort order of doubles, ascending.

static int
s_cmp_double (const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

//  --------------------------------------------------------------------------
//  Runs one row: a warm-up pass that also sizes a repetition (enough passes
//  to last min_sec, so short functions are not timed at the clock's grain),
//  then reps repetitions; prints the median, min and max seconds of one
//  repetition with the counts of one repetition.

static void
s_run (bench_ctx_t *ctx, size_t row, int reps, double min_sec, bool first)
{
    bench_count_t warm = { 0 };
    double t0 = s_now ();
    s_benches [row].fn (ctx, &warm);
    double once = s_now () - t0;
    int passes = once > 0 && once < min_sec ? (int) (min_sec / once) + 1 : 1;

    double secs [S_MAX_REPS];
    bench_count_t count = { 0 };
    for (int r = 0; r < reps; r++) {
        bench_count_t c = { 0 };
        t0 = s_now ();
        for (int p = 0; p < passes; p++)
            s_benches [row].fn (ctx, &c);
        secs [r] = s_now () - t0;
        count = c;
    }
    qsort (secs, (size_t) reps, sizeof secs [0], s_cmp_double);
    double median = reps % 2 ? secs [reps / 2]
                             : (secs [reps / 2 - 1] + secs [reps / 2]) / 2;
    printf ("%s\n    {\"name\":\"%s\",\"what\":\"%s\",\"passes\":%d,"
            "\"items\":%.0f,\"bytes\":%.0f,\"tokens\":%.0f,\"check\":%.0f,"
            "\"sec\":%.6f,\"min\":%.6f,\"max\":%.6f}",
            first ? "" : ",", s_benches [row].name, s_benches [row].what,
            passes, count.items, count.bytes, count.tokens, count.extra,
            median, secs [0], secs [reps - 1]);
    fflush (stdout);
}

//  --------------------------------------------------------------------------
//  The command line.

static const char *s_usage =
"usage: bench_stages [OPTIONS] TEXT.jsonl HTML.jsonl [ARCHIVE.jsonl.gz]\n"
"Times each stage's library function on one core; prints JSON.\n\n"
"  --reps N       repetitions per row, the median is kept (default 5)\n"
"  --min-sec S    shortest repetition (more passes over the input; 0.3)\n"
"  --cpu N        pin to this CPU (default: the last one; -1: no pinning)\n"
"  --limit N      use the first N texts and N/2 pages (default 2000)\n"
"  --only NAME    this row only (for a profiler); names as printed\n";

int
main (int argc, char **argv)
{
    int reps = 5;
    double min_sec = 0.3;
    long cpu = sysconf (_SC_NPROCESSORS_ONLN) - 1;
    size_t limit = 2000;
    const char *only = NULL;
    static const struct option opts [] = {
        { "reps", required_argument, NULL, 'r' },
        { "min-sec", required_argument, NULL, 'm' },
        { "cpu", required_argument, NULL, 'c' },
        { "limit", required_argument, NULL, 'l' },
        { "only", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int opt;
    while ((opt = getopt_long (argc, argv, "h", opts, NULL)) != -1) {
        switch (opt) {
            case 'r': reps = atoi (optarg); break;
            case 'm': min_sec = atof (optarg); break;
            case 'c': cpu = atol (optarg); break;
            case 'l': limit = (size_t) atol (optarg); break;
            case 'o': only = optarg; break;
            case 'h': fputs (s_usage, stdout); return 0;
            default: fputs (s_usage, stderr); return 2;
        }
    }
    if (argc - optind < 2 || reps < 1 || reps > S_MAX_REPS) {
        fputs (s_usage, stderr);
        return 2;
    }
    dp_log_init ("bench_stages");
    dp_log_set_level (DP_LOG_WARN);
    if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO (&set);
        CPU_SET ((int) cpu, &set);
        if (sched_setaffinity (0, sizeof set, &set))
            perror ("bench_stages: sched_setaffinity");
    }

    bench_ctx_t ctx;
    memset (&ctx, 0, sizeof ctx);
    ctx.cleaner = dp_cleaner_new (NULL);
    ctx.splitter = dp_splitter_new (NULL);
    ctx.tagger = dp_tagger_new (NULL);
    if (!ctx.cleaner || !ctx.splitter || !ctx.tagger)
        bench_die ("cannot load the data folder (set DP_DATA)");
    UErrorCode status = U_ZERO_ERROR;
    ctx.icu = ubrk_open (UBRK_SENTENCE, "fr", NULL, 0, &status);
    if (U_FAILURE (status))
        bench_die ("ubrk_open failed");
    ctx.raw_text = s_load (argv [optind], limit, &ctx.n_text);
    ctx.raw_html = s_load (argv [optind + 1], (limit + 1) / 2, &ctx.n_html);
    if (ctx.n_text == 0 || ctx.n_html == 0)
        bench_die ("empty corpus");
    if (argc - optind > 2) {
        ctx.archive = argv [optind + 2];
        s_measure_archive (&ctx);
    }
    s_prepare (&ctx);

    printf ("{\"cpu\":%ld,\"reps\":%d,\"texts\":%zu,\"pages\":%zu,"
            "\"archive_records\":%zu,\"results\":[",
            cpu, reps, ctx.n_text, ctx.n_html, ctx.archive_records);
    bool first = true;
    for (size_t row = 0; row < sizeof s_benches / sizeof s_benches [0]; row++) {
        if (only && strcmp (only, s_benches [row].name) != 0)
            continue;
        if (!ctx.archive && strstr (s_benches [row].name, "gz"))
            continue;
        if (s_benches [row].fn == bench_link && !ctx.link)
            s_link_fill (&ctx);
        s_run (&ctx, row, reps, min_sec, first);
        first = false;
    }
    printf ("\n]}\n");

    //  Release everything, so that a leak checker run stays quiet.
    for (size_t i = 0; i < ctx.n_text; i++) {
        free (ctx.clean [i].s);
        free (ctx.u16 [i]);
        dp_spans_free (&ctx.sents [i]);
        dp_spans_free (&ctx.toks [i]);
        dp_article_destroy (&ctx.annotated [i]);
        dp_article_destroy (&ctx.raw_text [i]);
    }
    for (size_t i = 0; i < ctx.n_html; i++)
        dp_article_destroy (&ctx.raw_html [i]);
    free (ctx.clean);
    free (ctx.u16);
    free (ctx.u16_len);
    free (ctx.sents);
    free (ctx.toks);
    free (ctx.annotated);
    free (ctx.raw_text);
    free (ctx.raw_html);
    dp_link_destroy (&ctx.link);
    ubrk_close (ctx.icu);
    dp_cleaner_destroy (&ctx.cleaner);
    dp_splitter_destroy (&ctx.splitter);
    dp_tagger_destroy (&ctx.tagger);
    return 0;
}
