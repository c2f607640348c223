//  depeche — what the stage micro-benchmark's two files share
//  (bench_stages.c: input, preparation, timing, the table of rows;
//  bench_stages_fn.c: the measured functions): the prepared input every
//  measured function reads, the counts one pass returns, and the rows'
//  functions themselves.
#ifndef DP_BENCH_STAGES_H
#define DP_BENCH_STAGES_H

#include "clean/clean.h"
#include "split/split.h"
#include "tag/tag.h"
#include "sink/link.h"
#include "depeche/dp_article.h"

#include <unicode/ubrk.h>
#include <stddef.h>
#include <stdint.h>

//  One input string (borrowed from an article or owned by the context).
typedef struct {
    char *s;                            //  bytes, NUL-terminated
    size_t len;                         //  length without the NUL
} bench_str_t;

//  Everything a measured function reads, prepared before any timing.
typedef struct {
    dp_cleaner_t *cleaner;
    dp_splitter_t *splitter;
    dp_tagger_t *tagger;
    UBreakIterator *icu;                //  one sentence iterator, fr, reused
    dp_article_t **raw_text;            //  text articles as read (JSON lines)
    size_t n_text;
    dp_article_t **raw_html;            //  HTML pages as read
    size_t n_html;
    bench_str_t *clean;                     //  dp_clean_text output of each text
    UChar **u16;                        //  clean text in UTF-16 (for ICU)
    int32_t *u16_len;
    dp_spans_t *sents;                  //  sentences of each clean text
    dp_spans_t *toks;                   //  tokens of each clean text
    dp_article_t **annotated;           //  text + sentences + tokens + entities
    dp_link_t *link;                    //  linker whose window is full (link_100k)
    uint64_t link_pass;                 //  fresh ids each pass
    const char *archive;                //  .jsonl.gz for fetch, or NULL
    size_t archive_raw;                 //  its uncompressed size in bytes
    size_t archive_records;             //  its lines
} bench_ctx_t;

//  What one pass over the input did: the rates' numerators.
typedef struct {
    double items;                       //  articles or pages
    double bytes;                       //  input bytes
    double tokens;                      //  tokens (tag), else 0
    double extra;                       //  a check value (boundaries, entities)
} bench_count_t;

typedef void (bench_fn_t) (bench_ctx_t *ctx, bench_count_t *count);

//  Exits with a message: the bench has no use for partial results.
void
    bench_die (const char *what);

//  The measured functions (bench_stages_fn.c): each is one pass over its
//  whole input, counted in *count.
void
    bench_fetch_gz (bench_ctx_t *ctx, bench_count_t *count);
void
    bench_gzread (bench_ctx_t *ctx, bench_count_t *count);
void
    bench_clean_html (bench_ctx_t *ctx, bench_count_t *count);
void
    bench_libxml2 (bench_ctx_t *ctx, bench_count_t *count);
void
    bench_clean_text (bench_ctx_t *ctx, bench_count_t *count);
void
    bench_split (bench_ctx_t *ctx, bench_count_t *count);
void
    bench_split_tokens (bench_ctx_t *ctx, bench_count_t *count);
void
    bench_icu_split (bench_ctx_t *ctx, bench_count_t *count);
void
    bench_icu_utf16 (bench_ctx_t *ctx, bench_count_t *count);
void
    bench_tag (bench_ctx_t *ctx, bench_count_t *count);
void
    bench_sink (bench_ctx_t *ctx, bench_count_t *count);
void
    bench_sink_nolink (bench_ctx_t *ctx, bench_count_t *count);
void
    bench_sink_db (bench_ctx_t *ctx, bench_count_t *count);
void
    bench_link (bench_ctx_t *ctx, bench_count_t *count);
void
    bench_json (bench_ctx_t *ctx, bench_count_t *count);
void
    bench_protobuf (bench_ctx_t *ctx, bench_count_t *count);

#endif
