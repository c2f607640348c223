//  depeche sink — writes annotated articles as JSON lines, once per id, and
//  says which ones are durably written. No sockets here: main.c sends acks.
#ifndef DP_SINK_H_INCLUDED
#define DP_SINK_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include "depeche/dp_article.h"

typedef struct {
    const char *out;                    //  JSONL path, "-" = stdout
    const char *dead;                   //  dead letters path, NULL = with the rest
    bool fsync;                         //  fsync at every flush (durable acks)
    bool keep_tokens;                   //  write the tokens array too
    bool keep_trace;                    //  write the trace stamps too
} dp_sink_cfg_t;

typedef struct {
    uint64_t written;                   //  records written (dead letters included)
    uint64_t duplicates;                //  records dropped: id already written
    uint64_t dead;                      //  dead letters written
} dp_sink_stats_t;

typedef struct dp_sink dp_sink_t;

//  Opens the outputs (appending) and loads the ids already in them, so a
//  restarted sink still writes each id once. NULL with the reason logged.
dp_sink_t *
    dp_sink_new (const dp_sink_cfg_t *cfg);

//  Flushes, closes, sets *self_p to NULL.
void
    dp_sink_destroy (dp_sink_t **self_p);

//  Writes doc unless its id was written before. Returns 1 written, 0
//  duplicate, -1 on an I/O error (logged; the caller must not ack).
int
    dp_sink_write (dp_sink_t *self, const dp_article_t *doc);

//  Makes everything written so far durable (fflush, fsync if configured).
//  Returns 0 or -1.
int
    dp_sink_flush (dp_sink_t *self);

const dp_sink_stats_t *
    dp_sink_stats (dp_sink_t *self);

//  64-bit FNV-1a of s: the key of the id set (exposed for the tests).
uint64_t
    dp_sink_hash (const char *s);

#endif
