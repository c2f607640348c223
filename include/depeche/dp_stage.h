//  depeche — the stage runtime: an input (PULL socket or JSON lines on
//  stdin), an output (PUSH socket or JSON lines on stdout), the loop that
//  feeds articles to a transform, the size limit, trace stamps, signals and
//  an orderly shutdown. A stage's main.c fills a dp_stage_cfg_t from argv
//  and calls dp_stage_run with its transform; nothing else.
#ifndef DP_STAGE_H_INCLUDED
#define DP_STAGE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "depeche/dp_common.h"
#include "depeche/dp_article.h"
#include "depeche/dp_curve.h"

#define DP_DEFAULT_MAX_BYTES (4u << 20)  //  html + text per article
#define DP_MAX_MAX_BYTES (1u << 30)      //  the most --max-bytes may say
#define DP_DEFAULT_HWM 1000              //  messages queued per socket
#define DP_DEFAULT_LINGER_MS 1000

typedef struct {
    const char *name;                   //  stage name: fetch clean split tag sink
    const char *in;                     //  endpoint spec, NULL: no input
    const char *out;                    //  endpoint spec, NULL: no output
    int linger_ms;                      //  how long unsent output may wait at exit
    int hwm;                            //  send/receive high-water mark
    size_t max_bytes;                   //  size limit of html + text
    bool keep_running;                  //  true: forward end-of-stream, keep going
    bool see_dead;                      //  true: dead letters go to the transform too
    bool noop;                          //  forward without the transform (benchmarks)
    bool no_tokens;                     //  the transform never reads the tokens, nor
                                        //  sends them on: frames are unpacked without
                                        //  them (dp_article_unpack_untokened)
    dp_curve_cfg_t curve;               //  keys for tcp:// (or insecure)
    const char *metrics;                //  serve /metrics here, or NULL
    const char *out_label;              //  what `out` counts, as the logs and the status
                                        //  name it: NULL "out" (sent on); the sink's
                                        //  "stored" (it sends nothing, it writes)
} dp_stage_cfg_t;

typedef struct dp_stage dp_stage_t;

//  Counters every stage reports at exit (and later on /metrics).
typedef struct {
    uint64_t in;                        //  articles received
    uint64_t out;                       //  articles sent on (the sink: stored)
    uint64_t dead;                      //  articles that went on with error set
    uint64_t malformed;                 //  frames/lines that were not articles
    uint64_t oversize;                  //  articles over the size limit
    uint64_t unsent;                    //  not forwarded before shutdown
} dp_stage_stats_t;

//  The transform: changes doc in place. DP_DEAD: doc->error says why (the
//  loop sets a generic reason if not). DP_FATAL: the stage stops.
typedef dp_rc_t (*dp_stage_fn) (void *state, dp_article_t *doc);

//  Called every tick_ms while idle or busy, and once at the end (flush).
typedef void (*dp_tick_fn) (void *state);

//  A transform may lend an article memory of its own (tag's entities,
//  reused from one article to the next) that the runtime must not free.
//  dp_stage_run then calls this on every article before it frees it, keep
//  false: the transform takes back what it lent (the runtime frees the
//  rest); and before it changes an article (a frame over the size limit
//  sheds parts), keep true: what was lent becomes the article's own, copied.
typedef void (*dp_done_fn) (void *state, dp_article_t *doc, bool keep);

//  The pipeline's one size limit is max_bytes, the html + text of an
//  article (--max-bytes, the supervisor's `max-bytes`, or $DP_MAX_BYTES for
//  every process at once). What a stage sends, a frame or a JSON line, is
//  at most dp_frame_limit of it: a bigger article leaves as a dead letter
//  (dp_article_shrink) rather than be refused by the next stage. Receivers
//  take frames and lines up to dp_frame_cap (ZMQ_MAXMSGSIZE), so that a
//  producer that does not know the limit is answered with a dead letter
//  too; memory stays bounded.
size_t
    dp_frame_limit (size_t max_bytes);
size_t
    dp_frame_cap (size_t max_bytes);

//  max_bytes from $DP_MAX_BYTES ("8M"), else DP_DEFAULT_MAX_BYTES.
size_t
    dp_max_bytes_default (void);

//  Fills cfg with defaults (DP_* environment variables may override them).
void
    dp_stage_cfg_defaults (dp_stage_cfg_t *cfg, const char *name);

//  Opens the context, sockets and signal pipe. Returns NULL with the reason
//  logged when an endpoint is invalid or cannot be bound/connected.
dp_stage_t *
    dp_stage_new (const dp_stage_cfg_t *cfg);

//  Closes everything (bounded linger) and sets *self_p to NULL.
void
    dp_stage_destroy (dp_stage_t **self_p);

//  The ZeroMQ context, for extra sockets (acks).
void *
    dp_stage_ctx (dp_stage_t *self);

//  The fd that becomes readable on SIGINT/SIGTERM.
int
    dp_stage_signal_fd (dp_stage_t *self);

//  Counters so far.
const dp_stage_stats_t *
    dp_stage_stats (dp_stage_t *self);

//  Counters, writable (fetch counts its own sends and acks there).
dp_stage_stats_t *
    dp_stage_counters (dp_stage_t *self);

//  Counts an article out where the stage's own code sends or stores it
//  (the sink's writes), as the loop counts what it sends on.
void
    dp_stage_count_out (dp_stage_t *self);

//  Writes the counters to $DP_STATUS, the supervisor's status file, which
//  the stage keeps mapped: no system call, and a stage killed with -9
//  leaves its last counts there. force is kept for the callers; every call
//  writes; after the four counters (in, out, dead, malformed) comes the
//  name of out (cfg.out_label). No-op without $DP_STATUS.
void
    dp_stage_status (dp_stage_t *self, bool force);

//  The stage's metrics server (NULL without --metrics; dp_metrics_* accept
//  NULL), for counters of the stage's own (fetch's acks, the sink's writes).
struct dp_metrics;
struct dp_metrics *
    dp_stage_metrics (dp_stage_t *self);

//  Sends doc on the output (it stays the caller's). An article over the
//  frame limit is shrunk first, in place, into a dead letter (counted as
//  oversize and dead). Returns 0, or -1 when it could not be sent before
//  shutdown (logged and counted by the caller).
int
    dp_stage_send (dp_stage_t *self, dp_article_t *doc);

//  dp_stage_send, and *kept (malloc'd, the caller's) the article's
//  protobuf as sent, *kept_len its size: packed once for the wire and the
//  caller's copy (fetch's window). *kept is NULL when out of memory.
int
    dp_stage_send_keep (dp_stage_t *self, dp_article_t *doc, void **kept,
                        size_t *kept_len);

//  The largest JSON line dp_stage_write_line takes: the frame limit when
//  the output is JSON lines on stdout, 0 otherwise (sockets carry only
//  packed articles).
size_t
    dp_stage_line_limit (dp_stage_t *self);

//  Writes one article already in its JSON line form (len bytes, no
//  newline) to stdout, counted as sent, without flushing (dp_stage_flush).
//  Returns 0, or -1 when stdout fails (logged).
int
    dp_stage_write_line (dp_stage_t *self, const char *json, size_t len);

//  Flushes what dp_stage_write_line left in stdout's buffer. 0 or -1.
int
    dp_stage_flush (dp_stage_t *self);

//  Sends an end-of-stream marker on a socket output (no-op on stdout).
void
    dp_stage_send_eos (dp_stage_t *self);

//  The main loop: receive, limit, transform, stamp, send; until input ends
//  (EOF, end of stream) or a signal. Returns 0 on a clean end, -1 on a fatal
//  error. tick may be NULL.
int
    dp_stage_run (dp_stage_t *self, dp_stage_fn fn, void *state,
                  dp_tick_fn tick, int tick_ms);

//  Sets what dp_stage_run calls before it frees or changes an article (see
//  dp_done_fn); NULL: nothing. Call before dp_stage_run.
void
    dp_stage_set_done (dp_stage_t *self, dp_done_fn done);

//  Enforces the size limit on doc: over it, html and text are dropped and
//  error says the sizes. Returns true when doc was over the limit.
bool
    dp_stage_limit (dp_article_t *doc, size_t max_bytes, const char *stage);

//  Sets up a ZeroMQ socket option set the project uses everywhere: HWMs,
//  linger, ZMQ_MAXMSGSIZE on input. Returns 0 or -1 (errno).
int
    dp_socket_setup (void *sock, int hwm, int linger_ms, int64_t max_msg);

//  Binds/connects sock to every address of spec (default side given),
//  securing tcp:// addresses with the process's CURVE policy (set by
//  dp_stage_new, or dp_socket_policy). Returns 0, or -1 with the reason
//  logged (a bad address, keys missing for a tcp:// endpoint).
int
    dp_socket_attach (void *sock, const char *spec, bool default_bind);

//  Sets the process's CURVE policy for dp_socket_attach (the stage sets its
//  own; tools without a stage call this). NULL: plain tcp:// is refused.
void
    dp_socket_policy (dp_curve_t *curve);

//  Forgets the process's CURVE policy if it is curve (a stage being
//  destroyed), so that no socket is attached with freed keys.
void
    dp_socket_policy_drop (const dp_curve_t *curve);

#endif
