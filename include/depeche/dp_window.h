//  depeche — the delivery window (DESIGN.md, "Delivery"): the articles a
//  sender has sent and not yet had acknowledged, when each goes again,
//  which one is a suspect, and when one is given up. No sockets, no clock:
//  the caller passes the time, hands acks in, and sends what it is told.
//  fetch keeps one towards the sink; `depeche push --acked` one towards
//  fetch's acknowledged ingest.
//
//  Losses. An article is taken as lost when it is not acknowledged within
//  resend_us (doubling at each resend), or sooner once articles sent after
//  it have been acknowledged for a grace time (it was overtaken: each hop
//  is first in, first out, so it fell out of the pipeline). The grace is
//  twice the most an overtaken article was seen late (two instances of a
//  stage do not keep order), at least 100 ms (or resend_us / 10), at most
//  resend_us. When nothing at all is acknowledged for a few usual gaps
//  between acks (a stage died with all that was in flight, and a full
//  window sends nothing new that could overtake), the oldest article goes
//  again as a probe, backing off. What
//  is lost goes again at once, all of it, in a shuffled order: a restarted
//  stage costs a few round trips, not one timeout per article.
//  A big article takes longer: over 1 MiB, each MiB more adds 2 s to every
//  deadline it is judged by (timeout, grace, the silence before a probe),
//  and what it is late by within that teaches the grace nothing.
//
//  Suspects. A stage that dies loses every article it held. If a poison
//  article killed it, that article is the first of the lost burst: the
//  ones sent before it went through. So a loss counts against an article
//  (a strike) only when the pipeline was otherwise making progress: the
//  article sent just before it was acknowledged (or it was alone in flight,
//  nothing else to tell), and it is the earliest sent of the articles found
//  lost together. A poison article is that one
//  every time; an innocent one is not twice, the resend order being
//  shuffled. Two strikes make a suspect,
//  sent from then on alone (one suspect in flight at a time, next to the
//  normal traffic, judged by the timeout only); after max_resends losses
//  alone it is given up (fetch sends a dead letter in its place).
#ifndef DP_WINDOW_H_INCLUDED
#define DP_WINDOW_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dp_window dp_window_t;

typedef struct {
    size_t size;                        //  articles in flight at most
    size_t max_bytes;                   //  ... and bytes of them (0: no limit;
                                        //  one article is always let in)
    size_t meta_size;                   //  bytes of the caller's data per article
    uint64_t resend_us;                 //  first timeout (then doubling, up to 64x)
    unsigned max_resends;               //  losses alone before giving up
} dp_window_cfg_t;

typedef struct {
    uint64_t added;                     //  articles put in the window
    uint64_t acked;                     //  ... acknowledged
    uint64_t resent;                    //  sends again
    uint64_t overtaken;                 //  losses seen by overtaking
    uint64_t timeouts;                  //  losses seen by the timeout
    uint64_t probes;                    //  oldest sent again after a silence
    uint64_t strikes;                   //  losses counted against an article
    uint64_t suspects;                  //  articles that became suspects
    uint64_t gave_up;                   //  suspects given up
} dp_window_stats_t;

//  What the window asks of its caller.
typedef struct {
    //  Sends the article (again). Returns 0, or -1 when it could not be sent
    //  (it stays due and is tried at the next tick).
    int (*send) (void *ctx, uint64_t seq, const void *data, size_t len);
    //  The article was lost max_resends times alone. Returns what to send
    //  from now on in its place (malloc'd bytes, length in *len; the window
    //  takes them), e.g. a dead letter; or NULL: it leaves the window
    //  unacknowledged (counted in gave_up).
    void *(*give_up) (void *ctx, uint64_t seq, const void *data, size_t len,
                      size_t *new_len);
} dp_window_io_t;

//  Returns a new window, or NULL when out of memory (or size is 0).
dp_window_t *
    dp_window_new (const dp_window_cfg_t *cfg);

//  Frees the window and what it holds; accepts NULL, sets *self_p to NULL.
void
    dp_window_destroy (dp_window_t **self_p);

//  True when seq may be added: its slot is free and the bytes in flight
//  are under max_bytes (or nothing is in flight).
bool
    dp_window_room (const dp_window_t *self, uint64_t seq);

//  Records an article the caller has just sent (at now). Takes data (a
//  malloc'd copy of what was sent). Returns the article's meta area
//  (meta_size bytes, zeroed; with meta_size 0 a pointer not to be used),
//  or NULL when seq's slot is busy (data not taken).
void *
    dp_window_add (dp_window_t *self, uint64_t seq, void *data, size_t len,
                   uint64_t now);

//  An ack for seq. Copies its meta to meta_out (may be NULL), then frees
//  it. Returns 1 when it was in flight, 0 when not (a second ack, or an ack
//  meant for another incarnation of the sender).
int
    dp_window_ack (dp_window_t *self, uint64_t seq, uint64_t now, void *meta_out);

//  Sends again what is lost, makes suspects, sends the next suspect alone,
//  gives up. Call it every 100 ms or so, and after a batch of acks.
void
    dp_window_tick (dp_window_t *self, uint64_t now, const dp_window_io_t *io,
                    void *ctx);

//  Articles in flight.
size_t
    dp_window_in_flight (const dp_window_t *self);

//  Bytes of the articles in flight (as added, or as given up into).
size_t
    dp_window_bytes (const dp_window_t *self);

//  The article in flight with the lowest seq >= from: true with its seq and
//  meta, false when there is none. Walks the window in seq order.
bool
    dp_window_next (const dp_window_t *self, uint64_t from, uint64_t *seq,
                    const void **meta);

//  The counters so far.
const dp_window_stats_t *
    dp_window_stats (const dp_window_t *self);

#endif
