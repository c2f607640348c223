//  depeche — the measured functions of the stage micro-benchmark
//  (bench_stages.c runs and times them): each stage's library function
//  over its whole prepared input, and the baselines beside them, zlib
//  gzread (what zcat does) for fetch, libxml2 htmlReadMemory+xmlFreeDoc
//  for clean, ICU's sentence BreakIterator (locale fr) for split.
#include "bench_stages.h"
#include "fetch/fetch.h"
#include "sink/sink.h"
#include "depeche/dp_log.h"

#include <libxml/HTMLparser.h>
#include <unicode/ustring.h>
#include <zlib.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

//  ==========================================================================
//  The measured functions: each is one pass over its whole input.

//  --------------------------------------------------------------------------
//  fetch: the .jsonl.gz archive read as the stage reads it (gunzip, split
//  lines, JSON parse, id), articles freed at once.

void
bench_fetch_gz (bench_ctx_t *ctx, bench_count_t *c)
{
    char *paths [1] = { (char *) ctx->archive };
    dp_fetch_src_t *src = dp_fetch_src_new (paths, 1, 4u << 20);
    if (!src)
        bench_die ("out of memory");
    dp_article_t *doc = NULL;
    while (dp_fetch_src_next (src, &doc) == DP_SRC_ARTICLE) {
        free (dp_fetch_make_id (doc->url, doc->source));
        dp_article_destroy (&doc);
        c->items++;
    }
    dp_fetch_src_destroy (&src);
    c->bytes += (double) ctx->archive_raw;
}

//  --------------------------------------------------------------------------
//  Baseline of fetch: gunzip alone, what `zcat > /dev/null` does.

void
bench_gzread (bench_ctx_t *ctx, bench_count_t *c)
{
    static char buf [1 << 17];
    gzFile gz = gzopen (ctx->archive, "rb");
    if (!gz)
        bench_die ("cannot open the archive");
    int n;
    while ((n = gzread (gz, buf, sizeof buf)) > 0)
        c->bytes += n;
    gzclose (gz);
    c->items += (double) ctx->archive_records;
}

//  --------------------------------------------------------------------------
//  clean on HTML pages: parse, boilerplate removal, metadata, NFC.

void
bench_clean_html (bench_ctx_t *ctx, bench_count_t *c)
{
    for (size_t i = 0; i < ctx->n_html; i++) {
        const char *html = ctx->raw_html [i]->html;
        size_t len = strlen (html);
        dp_clean_result_t res;
        memset (&res, 0, sizeof res);
        if (dp_clean_html (ctx->cleaner, html, len, &res) == DP_FATAL)
            bench_die ("dp_clean_html: out of memory");
        c->extra += (double) res.text_len;
        dp_clean_result_free (&res);
        c->items++;
        c->bytes += (double) len;
    }
}

//  --------------------------------------------------------------------------
//  Baseline of clean: the parse into a tree and its release, nothing else,
//  with the options clean.c uses.

void
bench_libxml2 (bench_ctx_t *ctx, bench_count_t *c)
{
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
             | HTML_PARSE_NONET | HTML_PARSE_COMPACT;
    for (size_t i = 0; i < ctx->n_html; i++) {
        const char *html = ctx->raw_html [i]->html;
        size_t len = strlen (html);
        htmlDocPtr doc = htmlReadMemory (html, (int) len, NULL, "UTF-8", opts);
        if (doc)
            xmlFreeDoc (doc);
        c->items++;
        c->bytes += (double) len;
    }
}

//  --------------------------------------------------------------------------
//  clean on scraped text: boilerplate lines, metadata, NFC.

void
bench_clean_text (bench_ctx_t *ctx, bench_count_t *c)
{
    for (size_t i = 0; i < ctx->n_text; i++) {
        const char *text = ctx->raw_text [i]->text;
        size_t len = strlen (text);
        dp_clean_result_t res;
        memset (&res, 0, sizeof res);
        if (dp_clean_text (ctx->cleaner, text, len, &res) == DP_FATAL)
            bench_die ("dp_clean_text: out of memory");
        c->extra += (double) res.text_len;
        dp_clean_result_free (&res);
        c->items++;
        c->bytes += (double) len;
    }
}

//  --------------------------------------------------------------------------
//  Sentences alone: the figure ICU's sentence iterator is compared with.

void
bench_split (bench_ctx_t *ctx, bench_count_t *c)
{
    dp_spans_t sents = { 0 };
    for (size_t i = 0; i < ctx->n_text; i++) {
        sents.n = 0;
        if (dp_split (ctx->splitter, ctx->clean [i].s, ctx->clean [i].len,
                      "fr", &sents))
            bench_die ("dp_split: out of memory");
        c->extra += (double) sents.n;
        c->items++;
        c->bytes += (double) ctx->clean [i].len;
    }
    dp_spans_free (&sents);
}

//  --------------------------------------------------------------------------
//  What the split stage does: sentences, then the tokens of each.

void
bench_split_tokens (bench_ctx_t *ctx, bench_count_t *c)
{
    dp_spans_t sents = { 0 };
    dp_spans_t toks = { 0 };
    for (size_t i = 0; i < ctx->n_text; i++) {
        sents.n = 0;
        if (dp_split (ctx->splitter, ctx->clean [i].s, ctx->clean [i].len,
                      "fr", &sents))
            bench_die ("dp_split: out of memory");
        for (size_t j = 0; j < sents.n; j++) {
            toks.n = 0;
            if (dp_tokenize (ctx->splitter, ctx->clean [i].s, sents.v [j], &toks))
                bench_die ("dp_tokenize: out of memory");
            c->tokens += (double) toks.n;
        }
        c->items++;
        c->bytes += (double) ctx->clean [i].len;
    }
    dp_spans_free (&sents);
    dp_spans_free (&toks);
}

//  --------------------------------------------------------------------------
//  Baseline of split: ICU's sentence iterator over the same clean text,
//  already in UTF-16 (the conversion is the bench_icu_utf16 row, not in here);
//  one iterator opened beforehand and reused with ubrk_setText.

void
bench_icu_split (bench_ctx_t *ctx, bench_count_t *c)
{
    for (size_t i = 0; i < ctx->n_text; i++) {
        UErrorCode status = U_ZERO_ERROR;
        ubrk_setText (ctx->icu, ctx->u16 [i], ctx->u16_len [i], &status);
        if (U_FAILURE (status))
            bench_die ("ubrk_setText failed");
        int32_t pos = ubrk_first (ctx->icu);
        while ((pos = ubrk_next (ctx->icu)) != UBRK_DONE)
            c->extra++;
        c->items++;
        c->bytes += (double) ctx->clean [i].len;
    }
}

//  --------------------------------------------------------------------------
//  The UTF-8 -> UTF-16 conversion ICU needs first (u_strFromUTF8).

void
bench_icu_utf16 (bench_ctx_t *ctx, bench_count_t *c)
{
    static UChar buf [1 << 16];
    for (size_t i = 0; i < ctx->n_text; i++) {
        UErrorCode status = U_ZERO_ERROR;
        int32_t n = 0;
        //  UTF-16 never has more units than UTF-8 has bytes.
        UChar *dst = ctx->clean [i].len < sizeof buf / sizeof buf [0] ? buf
                   : malloc ((ctx->clean [i].len + 1) * sizeof (UChar));
        if (!dst)
            bench_die ("out of memory");
        u_strFromUTF8 (dst, (int32_t) ctx->clean [i].len + 1, &n,
                       ctx->clean [i].s, (int32_t) ctx->clean [i].len, &status);
        if (dst != buf)
            free (dst);
        c->extra += n;
        c->items++;
        c->bytes += (double) ctx->clean [i].len;
    }
}

//  --------------------------------------------------------------------------
//  What the tag stage does: entities from the sentences and tokens split
//  sent along.

void
bench_tag (bench_ctx_t *ctx, bench_count_t *c)
{
    dp_entities_t ents = { 0 };
    for (size_t i = 0; i < ctx->n_text; i++) {
        if (dp_tag (ctx->tagger, ctx->clean [i].s, ctx->clean [i].len,
                    ctx->sents [i].v, ctx->sents [i].n,
                    ctx->toks [i].v, ctx->toks [i].n, &ents))
            bench_die ("dp_tag: out of memory");
        c->extra += (double) ents.n;
        dp_entities_free (&ents);
        c->items++;
        c->tokens += (double) ctx->toks [i].n;
        c->bytes += (double) ctx->clean [i].len;
    }
}

//  --------------------------------------------------------------------------
//  sink: one annotated article linked (canon, story), serialised and
//  written (to /dev/null; a new sink per pass, or every id after the first
//  pass would be a duplicate); and the same without linking.

static void
s_sink_with (bench_ctx_t *ctx, bench_count_t *c, bool link)
{
    dp_sink_cfg_t cfg = { .out = "/dev/null", .no_link = !link };
    dp_sink_t *sink = dp_sink_new (&cfg);
    if (!sink)
        bench_die ("dp_sink_new failed");
    for (size_t i = 0; i < ctx->n_text; i++) {
        if (dp_sink_write (sink, ctx->annotated [i]) < 0)
            bench_die ("dp_sink_write failed");
        c->items++;
        c->bytes += (double) strlen (ctx->annotated [i]->text);
    }
    dp_sink_flush (sink);
    dp_sink_destroy (&sink);
}

void
bench_sink (bench_ctx_t *ctx, bench_count_t *c)
{
    s_sink_with (ctx, c, true);
}

void
bench_sink_nolink (bench_ctx_t *ctx, bench_count_t *c)
{
    s_sink_with (ctx, c, false);
}

//  --------------------------------------------------------------------------
//  sink with the SQLite database (WAL, one transaction per 256 records as
//  the stage flushes) and linking: everything the stateful stage does but
//  the socket. The database is on /tmp; a new one per pass.

void
bench_sink_db (bench_ctx_t *ctx, bench_count_t *c)
{
    char path [] = "/tmp/dp-bench-sink-XXXXXX";
    int fd = mkstemp (path);
    if (fd < 0)
        bench_die ("mkstemp failed");
    close (fd);
    unlink (path);
    dp_sink_cfg_t cfg = { .db = path };
    dp_sink_t *sink = dp_sink_new (&cfg);
    if (!sink)
        bench_die ("dp_sink_new (db) failed");
    for (size_t i = 0; i < ctx->n_text; i++) {
        if (dp_sink_write (sink, ctx->annotated [i]) < 0)
            bench_die ("dp_sink_write failed");
        if (i % 256 == 255 && dp_sink_flush (sink))
            bench_die ("dp_sink_flush failed");
        c->items++;
        c->bytes += (double) strlen (ctx->annotated [i]->text);
    }
    dp_sink_flush (sink);
    dp_sink_destroy (&sink);
    char more [64];
    unlink (path);
    snprintf (more, sizeof more, "%s-wal", path);
    unlink (more);
    snprintf (more, sizeof more, "%s-shm", path);
    unlink (more);
}

//  --------------------------------------------------------------------------
//  link: canon names + story of each article against a window that already
//  holds 100 000 articles (each new one evicts the oldest). Ids are fresh
//  each pass, so nothing is "already known".

void
bench_link (bench_ctx_t *ctx, bench_count_t *c)
{
    ctx->link_pass++;
    for (size_t i = 0; i < ctx->n_text; i++) {
        dp_article_t *doc = ctx->annotated [i];
        char *id = doc->id, fresh [64];
        snprintf (fresh, sizeof fresh, "bench-%llu-%zu", (unsigned long long) ctx->link_pass, i);
        doc->id = fresh;
        int rc = dp_link_article (ctx->link, doc);
        doc->id = id;
        if (rc)
            bench_die ("dp_link_article failed");
        c->items++;
        c->extra += doc->duplicate_of != NULL;
        c->bytes += (double) strlen (doc->text);
    }
}


//  --------------------------------------------------------------------------
//  JSON line -> article -> JSON line (the cost of a hop in filter mode).

void
bench_json (bench_ctx_t *ctx, bench_count_t *c)
{
    for (size_t i = 0; i < ctx->n_text; i++) {
        size_t len = 0;
        char *json = dp_article_to_json (ctx->annotated [i], &len);
        char err [200];
        dp_article_t *back = json ? dp_article_from_json (json, len, err, sizeof err)
                                  : NULL;
        if (!back)
            bench_die ("JSON round trip failed");
        dp_article_destroy (&back);
        free (json);
        c->items++;
        c->bytes += (double) len;
    }
}

//  --------------------------------------------------------------------------
//  Protobuf pack + unpack: what every hop between two stages costs.

void
bench_protobuf (bench_ctx_t *ctx, bench_count_t *c)
{
    for (size_t i = 0; i < ctx->n_text; i++) {
        size_t len = 0;
        void *wire = dp_article_pack (ctx->annotated [i], &len);
        dp_article_t *back = wire ? dp_article_unpack (wire, len) : NULL;
        if (!back)
            bench_die ("protobuf round trip failed");
        dp_article_destroy (&back);
        free (wire);
        c->items++;
        c->bytes += (double) len;
    }
}

