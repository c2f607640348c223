//  depeche — Prometheus metrics of one process over HTTP (libmicrohttpd):
//  GET /metrics in text exposition format 0.0.4 and GET /healthz. Counters,
//  gauges and latency histograms, all labelled {stage="..."}. It does not
//  push, keep history, or take labels beyond the stage: one process, one
//  scrape target. Every function accepts self == NULL and then does nothing,
//  so a stage started without --metrics calls them unconditionally.
#ifndef DP_METRICS_H_INCLUDED
#define DP_METRICS_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

#define DP_METRICS_MAX 64               //  registered metrics per server
#define DP_METRICS_NAME_MAX 100         //  bytes in a name, without prefix
#define DP_METRICS_CONNECTIONS 16       //  concurrent HTTP connections
#define DP_METRICS_TIMEOUT_S 10         //  idle HTTP connection is closed

typedef struct dp_metrics dp_metrics_t;

//  Starts serving GET /metrics and GET /healthz on addr, in libmicrohttpd's
//  own thread, which blocks every signal (SIGINT/SIGTERM stay with the
//  caller's threads). addr is "PORT", "HOST:PORT", "tcp://HOST:PORT" or
//  "@tcp://HOST:PORT" (also "http://"); HOST is an IPv4 address,
//  "localhost" (127.0.0.1) or "*" (every interface, also for a bare PORT);
//  PORT 0 or "*" picks a free port (see dp_metrics_port). Only that address
//  is bound. stage (not NULL) is copied and becomes the stage="" label of
//  every sample. Returns a new server, or NULL with the reason logged (bad
//  address, port busy, out of memory). Also exposes depeche_build_info,
//  depeche_up and depeche_process_start_time_seconds.
dp_metrics_t *
    dp_metrics_new (const char *addr, const char *stage);

//  Stops the server (waits for its thread), frees it and sets *self_p to
//  NULL. Safe with self_p or *self_p NULL. No other call on the same
//  server may run concurrently or afterwards.
void
    dp_metrics_destroy (dp_metrics_t **self_p);

//  The bound TCP port (the real one when 0 was asked); -1 for NULL.
int
    dp_metrics_port (dp_metrics_t *self);

//  Registers a counter exposed as depeche_<name>_total{stage=...}: give
//  name without the "depeche_" prefix and without "_total". name matches
//  [a-zA-Z_][a-zA-Z0-9_]* (at most DP_METRICS_NAME_MAX bytes); help is
//  copied (may be NULL). Allowed before or after the first scrape, from any
//  thread. Returns an id >= 0, or -1 for NULL self, a bad or already
//  exposed name, or when DP_METRICS_MAX metrics exist (logged).
int
    dp_metrics_counter (dp_metrics_t *self, const char *name, const char *help);

//  Registers a gauge exposed as depeche_<name>{stage=...}, initially 0.
//  Same rules and return as dp_metrics_counter.
int
    dp_metrics_gauge (dp_metrics_t *self, const char *name, const char *help);

//  Registers a histogram of durations in seconds, exposed as
//  depeche_<name>_bucket{stage=...,le=...}, _sum and _count, with fixed
//  buckets 50us, 100us, 250us, 500us, 1ms ... 1s, 2.5s, 10s, +Inf. name
//  should end in "_seconds" by Prometheus convention (not enforced). Same
//  rules and return as dp_metrics_counter.
int
    dp_metrics_histogram (dp_metrics_t *self, const char *name,
                          const char *help);

//  Adds n to counter id. Lock-free, any thread. Ignored for NULL self, an
//  id < 0 or unknown, or an id of another kind.
void
    dp_metrics_add (dp_metrics_t *self, int id, uint64_t n);

//  Sets gauge id to v. Lock-free, any thread; ignored like dp_metrics_add.
void
    dp_metrics_set (dp_metrics_t *self, int id, double v);

//  Records one duration of `seconds` in histogram id. Lock-free, any
//  thread; NaN is ignored, otherwise ignored like dp_metrics_add. A scrape
//  running at the same time may see _sum lag _count by that observation;
//  the buckets and _count are always consistent with each other.
void
    dp_metrics_observe (dp_metrics_t *self, int id, double seconds);

//  Sets what /healthz answers: 200 "ok\n" when ok, else 503 "<why>\n" (why
//  copied, at most 255 bytes; NULL or "" reads "unhealthy"). Healthy until
//  first called. Cheap when called repeatedly with ok == true (no lock);
//  takes a short mutex otherwise.
void
    dp_metrics_health (dp_metrics_t *self, bool ok, const char *why);

#endif
