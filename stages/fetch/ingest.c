//  depeche fetch — the ingest sockets (see ingest.h). Acks to producers
//  are queued while fetch handles a batch of the sink's acks, then sent in
//  one frame per producer, never blocking: a producer gone away loses its
//  ack and sends again, and the sink drops the copy.
#include "fetch/ingest.h"
#include "fetch/fetch.h"
#include "depeche/dp_log.h"
#include "depeche/dp_stage.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MAX_QUEUED 4096               //  acks queued before a flush is forced

struct dp_ingest {
    void *pull;                         //  --ingest, or NULL
    void *router;                       //  --ingest-acked, or NULL
    const char *fetch_id;               //  borrowed
    uint64_t t0;                        //  start time: keeps sources apart
    dp_ingest_from_t *queue;            //  acks to send
    bool *refused;                      //  ... each: refused rather than written
    size_t n_queue;
    dp_ingest_stats_t stats;
};

static void *
s_socket (void *ctx, int type, const char *ep, size_t max_frame, int hwm)
{
    void *sock = zmq_socket (ctx, type);
    if (!sock || dp_socket_setup (sock, hwm, 0, (int64_t) max_frame)
    ||  dp_socket_attach (sock, ep, true)) {
        if (sock)
            zmq_close (sock);
        return NULL;
    }
    return sock;
}

dp_ingest_t *
dp_ingest_new (void *ctx, const char *pull_ep, const char *router_ep,
               const char *fetch_id, size_t max_frame, int hwm)
{
    dp_ingest_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->fetch_id = fetch_id;
    self->t0 = dp_now_us ();
    self->queue = calloc (S_MAX_QUEUED, sizeof *self->queue);
    self->refused = calloc (S_MAX_QUEUED, sizeof *self->refused);
    if (!self->queue || !self->refused
    ||  (pull_ep && !(self->pull = s_socket (ctx, ZMQ_PULL, pull_ep, max_frame, hwm)))
    ||  (router_ep && !(self->router = s_socket (ctx, ZMQ_ROUTER, router_ep, max_frame, hwm))))
        dp_ingest_destroy (&self);
    return self;
}

void
dp_ingest_destroy (dp_ingest_t **self_p)
{
    dp_ingest_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    if (self->router)
        dp_ingest_flush (self);
    if (self->pull)
        zmq_close (self->pull);
    if (self->router)
        zmq_close (self->router);
    free (self->queue);
    free (self->refused);
    free (self);
    *self_p = NULL;
}

int
dp_ingest_poll_items (dp_ingest_t *self, zmq_pollitem_t *items)
{
    int n = 0;
    if (self->pull)
        items [n++] = (zmq_pollitem_t) { .socket = self->pull, .events = ZMQ_POLLIN };
    if (self->router)
        items [n++] = (zmq_pollitem_t) { .socket = self->router, .events = ZMQ_POLLIN };
    return n;
}

static void
s_queue (dp_ingest_t *self, const dp_ingest_from_t *from, bool refused)
{
    if (self->n_queue == S_MAX_QUEUED)
        dp_ingest_flush (self);
    self->refused [self->n_queue] = refused;
    self->queue [self->n_queue++] = *from;
}

//  One frame as an article: JSON text or protobuf. NULL when it is not one.
static dp_article_t *
s_decode (const char *data, size_t len)
{
    size_t i = 0;
    while (i < len && (data [i] == ' ' || data [i] == '\n' || data [i] == '\t'))
        i++;
    char err [200];
    dp_article_t *doc = NULL;
    if (i < len && data [i] == '{') {
        doc = dp_article_from_json (data, len, err, sizeof err);
        if (doc && dp_article_repaired_id (doc, data, len))
            dp_article_destroy (&doc);
    }
    if (!doc)
        doc = dp_article_unpack (data, len);
    if (doc && doc->has_eos && doc->eos)
        dp_article_destroy (&doc);      //  a producer's end of stream: not ours
    return doc;
}

//  Reads one message off a socket: the payload into *msg, the sender into
//  *from. Returns 1, 0 when none is waiting, -1 for a malformed message
//  (counted and logged; a refusal queued for an acked producer).
static int
s_recv (dp_ingest_t *self, void *sock, zmq_msg_t *msg, dp_ingest_from_t *from)
{
    memset (from, 0, sizeof *from);
    if (sock == self->pull)
        return zmq_msg_recv (msg, sock, ZMQ_DONTWAIT) >= 0 ? 1 : 0;
    //  ROUTER: [peer][message id][article]
    zmq_msg_t part;
    zmq_msg_init (&part);
    if (zmq_msg_recv (&part, sock, ZMQ_DONTWAIT) < 0) {
        zmq_msg_close (&part);
        return 0;
    }
    from->acked = true;
    size_t plen = zmq_msg_size (&part);
    from->peer_len = (uint8_t) (plen < sizeof from->peer ? plen : sizeof from->peer);
    memcpy (from->peer, zmq_msg_data (&part), from->peer_len);
    int frames = 1;
    bool bad = false;
    while (zmq_msg_more (&part)) {
        zmq_msg_close (&part);
        zmq_msg_init (&part);
        if (zmq_msg_recv (&part, sock, ZMQ_DONTWAIT) < 0)
            break;
        frames++;
        if (frames == 2) {
            if (zmq_msg_size (&part) == 8) {
                const uint8_t *b = zmq_msg_data (&part);
                for (int k = 0; k < 8; k++)
                    from->msg = from->msg << 8 | b [k];
            }
            else
                bad = true;
        }
        else
        if (frames == 3)
            zmq_msg_move (msg, &part);
        else
            bad = true;
    }
    zmq_msg_close (&part);
    if (frames != 3 || bad) {
        self->stats.bad++;
        dp_log_once_per (DP_LOG_WARN, "ingest-acked: a message that is not [id][article] "
                         "dropped (%" PRIu64 " so far)", self->stats.bad);
        if (frames >= 2 && !bad)
            s_queue (self, from, true);
        return -1;
    }
    return 1;
}

dp_article_t *
dp_ingest_next (dp_ingest_t *self, dp_ingest_from_t *from)
{
    void *socks [2] = { self->router, self->pull };
    for (int k = 0; k < 2; k++) {
        if (!socks [k])
            continue;
        while (true) {
            zmq_msg_t msg;
            zmq_msg_init (&msg);
            int r = s_recv (self, socks [k], &msg, from);
            if (r <= 0) {
                zmq_msg_close (&msg);
                if (r == 0)
                    break;
                continue;
            }
            const char *data = zmq_msg_data (&msg);
            size_t len = zmq_msg_size (&msg);
            dp_article_t *doc = s_decode (data, len);
            char source [64];
            if (doc && !doc->source) {
                //  Acked: a hash of the bytes, the same when they are sent
                //  again (the sink then drops the copy). Else the start time
                //  keeps sources (and ids) apart across restarts.
                uint64_t h = 1469598103934665603ull;
                for (size_t i = 0; from->acked && i < len; i++)
                    h = (h ^ (uint8_t) data [i]) * 1099511628211ull;
                if (from->acked)
                    snprintf (source, sizeof source, "ingest:%016" PRIx64, h);
                else
                    snprintf (source, sizeof source, "ingest:%" PRIu64 ":%" PRIu64, self->t0,
                              self->stats.articles + 1);
                if (dp_article_set_str (&doc->source, source))
                    dp_article_destroy (&doc);
            }
            zmq_msg_close (&msg);
            if (!doc) {
                self->stats.bad++;
                dp_log_once_per (DP_LOG_WARN, "ingest: a frame that is not an article dropped "
                                 "(%" PRIu64 " so far)", self->stats.bad);
                if (from->acked)
                    s_queue (self, from, true);
                continue;
            }
            self->stats.articles++;
            if (!doc->id && !(doc->id = dp_fetch_make_id (doc->url, doc->source))) {
                dp_article_destroy (&doc);
                return NULL;
            }
            if (doc->origin) {
                dp__origin__free_unpacked (doc->origin, NULL);
                doc->origin = NULL;
            }
            doc->has_seq = 0;
            if (!doc->html && !doc->text && !doc->error)
                dp_article_fail (doc, "fetch", "record has neither html nor text");
            return doc;
        }
    }
    return NULL;
}

void
dp_ingest_ack (dp_ingest_t *self, const dp_ingest_from_t *from)
{
    if (from->acked && self->router)
        s_queue (self, from, false);
}

void
dp_ingest_flush (dp_ingest_t *self)
{
    uint64_t *ids = malloc (self->n_queue * sizeof *ids + 1);
    uint64_t *refused = malloc (self->n_queue * sizeof *refused + 1);
    bool *done = calloc (self->n_queue + 1, sizeof *done);
    for (size_t i = 0; ids && refused && done && i < self->n_queue; i++) {
        if (done [i])
            continue;
        const dp_ingest_from_t *p = &self->queue [i];
        Dp__Ack ack = DP__ACK__INIT;
        ack.fetch = (char *) self->fetch_id;
        ack.seqs = ids;
        ack.refused = refused;
        for (size_t j = i; j < self->n_queue; j++) {
            const dp_ingest_from_t *q = &self->queue [j];
            if (done [j] || q->peer_len != p->peer_len || memcmp (q->peer, p->peer, p->peer_len))
                continue;
            done [j] = true;
            if (self->refused [j])
                refused [ack.n_refused++] = q->msg;
            else
                ids [ack.n_seqs++] = q->msg;
        }
        size_t size = dp__ack__get_packed_size (&ack);
        zmq_msg_t id, body;
        if (zmq_msg_init_size (&id, p->peer_len) || zmq_msg_init_size (&body, size))
            continue;
        memcpy (zmq_msg_data (&id), p->peer, p->peer_len);
        dp__ack__pack (&ack, zmq_msg_data (&body));
        //  A producer gone away: ROUTER drops it, the producer sends again.
        if (zmq_msg_send (&id, self->router, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0) {
            zmq_msg_close (&id);
            zmq_msg_close (&body);
            continue;
        }
        if (zmq_msg_send (&body, self->router, ZMQ_DONTWAIT) < 0)
            zmq_msg_close (&body);
        else
            self->stats.acked += ack.n_seqs;
    }
    free (ids);
    free (refused);
    free (done);
    self->n_queue = 0;
}

const dp_ingest_stats_t *
dp_ingest_stats (dp_ingest_t *self)
{
    return &self->stats;
}
