//  depeche fetch — the ingest sockets, where producers push articles into a
//  running fetch. --ingest ENDPOINT is a PULL socket: any PUSH producer,
//  JSON text or protobuf frames, at most once (a frame in flight when fetch
//  dies is lost). --ingest-acked ENDPOINT is a ROUTER socket: a DEALER
//  producer (`depeche push --acked`) sends two frames, its own message id
//  (8 bytes, big-endian) and the article, and gets back an Ack naming its
//  ids once the sink has written them (refused: frames that were not
//  articles); it sends again what is not acknowledged, so nothing is lost.
//  A frame that is not an article is counted and logged, never forwarded.
#ifndef DP_INGEST_H_INCLUDED
#define DP_INGEST_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <zmq.h>
#include "depeche/dp_article.h"

typedef struct dp_ingest dp_ingest_t;

//  Who sent an article (for the ack back), kept with it in the window.
typedef struct {
    bool acked;                         //  came on --ingest-acked
    uint8_t peer_len;
    uint8_t peer [255];                 //  the producer's routing id
    uint64_t msg;                       //  its message id
} dp_ingest_from_t;

typedef struct {
    uint64_t articles;                  //  articles taken in
    uint64_t bad;                       //  frames that were not articles
    uint64_t acked;                     //  acks sent to producers
} dp_ingest_stats_t;

//  Opens the sockets on ctx (either endpoint may be NULL); fetch_id names
//  the acks. Frames up to max_frame bytes are read. NULL with the reason
//  logged when an endpoint cannot be bound.
dp_ingest_t *
    dp_ingest_new (void *ctx, const char *pull_ep, const char *router_ep,
                   const char *fetch_id, size_t max_frame, int hwm);

//  Closes the sockets; accepts NULL, sets *self_p to NULL.
void
    dp_ingest_destroy (dp_ingest_t **self_p);

//  Adds its sockets to a zmq_poll set; returns how many (0..2).
int
    dp_ingest_poll_items (dp_ingest_t *self, zmq_pollitem_t *items);

//  The next article waiting (the caller owns it), with a source and an id,
//  its sender in *from; NULL when none is waiting.
dp_article_t *
    dp_ingest_next (dp_ingest_t *self, dp_ingest_from_t *from);

//  The article from `from` is written: its producer is told (queued;
//  dp_ingest_flush sends). No-op for --ingest articles.
void
    dp_ingest_ack (dp_ingest_t *self, const dp_ingest_from_t *from);

//  Sends the queued acks, one frame per producer.
void
    dp_ingest_flush (dp_ingest_t *self);

const dp_ingest_stats_t *
    dp_ingest_stats (dp_ingest_t *self);

#endif
