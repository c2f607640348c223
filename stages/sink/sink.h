//  depeche sink — writes annotated articles as JSON lines, once per id, and
//  says which ones are durably written. No sockets here: main.c sends acks.
#ifndef DP_SINK_H_INCLUDED
#define DP_SINK_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include "depeche/dp_article.h"
#include "sink/link.h"

typedef struct {
    const char *out;                    //  JSONL path, "-" = stdout, NULL = none
    const char *archive;                //  rotating gzip archive folder, or NULL
    uint64_t rotate_bytes;              //  archive: complete a file at this size
    int rotate_s;                       //  archive: ... or at this age (0 = never)
    const char *db;                     //  SQLite database path, or NULL
    const char *dead;                   //  dead letters path, NULL = with the rest
    bool fsync;                         //  fsync at every flush (durable acks)
    bool keep_tokens;                   //  write the tokens array too
    bool keep_trace;                    //  write the trace stamps too
    bool no_link;                       //  no canon / story / duplicate_of
    const char *state;                  //  linking state file when no db (NULL: memory)
    dp_link_cfg_t link;                 //  variant table, story window
} dp_sink_cfg_t;

typedef struct {
    uint64_t written;                   //  records written (dead letters included)
    uint64_t duplicates;                //  records dropped: id already written
    uint64_t dead;                      //  dead letters written
} dp_sink_stats_t;

typedef struct dp_sink dp_sink_t;

//  Opens the outputs (appending) and loads the ids already in them, so a
//  restarted sink still writes each id once (each output keeps its own
//  set: one that lost records in a crash gets them again on the resend;
//  the database relies on its primary key). out NULL with no archive and
//  no db means stdout. NULL with the reason logged.
dp_sink_t *
    dp_sink_new (const dp_sink_cfg_t *cfg);

//  Flushes, closes, sets *self_p to NULL.
void
    dp_sink_destroy (dp_sink_t **self_p);

//  Links doc (canon, story, duplicate_of: link.h) and writes it to every
//  output that does not have its id yet (a dead letter only to the --dead
//  file when there is one). Returns 1 written to at
//  least one output, 0 duplicate everywhere, -1 on an I/O error (logged;
//  the caller must not ack).
int
    dp_sink_write (dp_sink_t *self, dp_article_t *doc);

//  Makes everything written so far durable (fflush, fsync if configured;
//  archive: gzip sync flush + fsync; database: COMMIT). Returns 0 or -1.
int
    dp_sink_flush (dp_sink_t *self);

//  Time-driven work while idle (archive rotation by age). Returns 0 or -1.
int
    dp_sink_tick (dp_sink_t *self);

//  After an article with very many entities or a very long text, or once
//  the linker forgot half its names, gives malloc's free memory back to the
//  system (dp_malloc_trim), once, with the last record's JSON if it was
//  over 1 MB (dp_sink_last_json has none then); else nothing. Call it
//  between articles (the heavy one freed), at most every so often. True
//  when it trimmed.
bool
    dp_sink_trim (dp_sink_t *self);

//  The JSON line (no newline) of the last record dp_sink_write wrote, its
//  length in *len; borrowed, valid until the next write. NULL if none.
const char *
    dp_sink_last_json (dp_sink_t *self, size_t *len);

const dp_sink_stats_t *
    dp_sink_stats (dp_sink_t *self);

//  The linker, or NULL when linking is off (for sizes and tests).
dp_link_t *
    dp_sink_link (dp_sink_t *self);

#endif
