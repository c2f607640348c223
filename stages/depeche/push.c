//  depeche push — see push.h. Every article it sends fits the pipeline's
//  frame limit (a bigger one goes as a dead letter, as from any stage);
//  --raw and --delimited send bytes as they are, on purpose.
#include "depeche/push.h"
#include "depeche/dp_article.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"
#include "depeche/dp_signal.h"
#include "depeche/dp_stage.h"
#include "depeche/dp_window.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

static const char *s_help =
"usage: depeche push [OPTIONS] ENDPOINT < input\n"
"Sends JSON lines from stdin, one article each, into a running stage's\n"
"input or fetch's ingest (connects by default: >ipc://..., >tcp://...).\n\n"
"  --acked           to fetch's --ingest-acked: wait until fetch says each\n"
"                    article is written, send again what is not (exit 0 once\n"
"                    every line is acknowledged); plain: at most once\n"
"  --window N        articles in flight with --acked (default 1000)\n"
"  --resend-ms N     with --acked, send again after N ms (2000), doubling\n"
"  --raw             each line as a bare frame, not parsed\n"
"  --delimited       stdin is frames, each after its length as a varint\n"
"                    (protobuf's delimited stream), sent as they are\n"
"  --max-bytes N     the pipeline's size limit (default 4M, or $DP_MAX_BYTES):\n"
"                    a bigger article goes as a dead letter\n"
"  --linger-ms N     without --acked, wait up to N ms (30000) at the end for\n"
"                    the peer to take what is queued; what it has not taken\n"
"                    then is lost, said on stderr and by exit status 1\n"
"  --cert FILE, --server-key FILE, --insecure   keys for tcp:// (see README)\n"
"  -v                debug logging;  -h, --help  this help\n";

typedef enum { S_PLAIN, S_RAW, S_DELIMITED, S_ACKED } s_mode_t;

typedef struct {
    s_mode_t mode;
    size_t max_bytes;
    size_t window;
    long resend_ms;
    long linger_ms;                     //  plain modes: the wait at the end
    const char *ep;
} s_opts_t;

//  --------------------------------------------------------------------------
//  stdin, a line (or a delimited frame) at a time, without blocking the
//  acks: bytes are read only when poll says so.

typedef struct {
    char *buf;
    size_t len, cap;
    bool eof;
    dp_eol_t eol;                       //  what ends its lines (LF; an old Mac's CR)
    uint64_t lineno;
} s_in_t;

//  The next line (without its '\n', or the '\r' of an old Mac's file) at
//  *line, its length; or 0 when none is complete yet, -1 at the end.
static int
s_in_line (s_in_t *in, char **line, size_t *len, size_t *used)
{
    if (!in->len)
        return in->eof ? -1 : 0;
    char *nl = (char *) dp_eol_find (&in->eol, in->buf, in->len, in->eof);
    if (!nl && !in->eof)
        return 0;
    *len = nl ? (size_t) (nl - in->buf) : in->len;
    *used = nl ? *len + 1 : *len;
    *line = in->buf;
    in->lineno++;
    return 1;
}

static void
s_in_consume (s_in_t *in, size_t used)
{
    memmove (in->buf, in->buf + used, in->len - used);
    in->len -= used;
}

//  Reads what stdin has (poll said it is readable). -1 when out of memory.
static int
s_in_read (s_in_t *in)
{
    if (in->cap - in->len < 65536) {
        size_t ncap = in->cap ? in->cap * 2 : 1 << 20;
        char *nb = realloc (in->buf, ncap);
        if (!nb)
            return -1;
        in->buf = nb;
        in->cap = ncap;
    }
    ssize_t got = read (STDIN_FILENO, in->buf + in->len, in->cap - in->len);
    if (got > 0)
        in->len += (size_t) got;
    else
    if (got == 0 || (errno != EINTR && errno != EAGAIN))
        in->eof = true;
    return 0;
}

//  --------------------------------------------------------------------------

//  True for a line of blanks only (a CRLF file's empty line is "\r"):
//  skipped like an empty one, not "not JSON".
static bool
s_blank (const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (line [i] != ' ' && line [i] != '\t' && line [i] != '\r')
            return false;
    return true;
}

//  A JSON line as the bytes of an article that fits the frame limit; NULL
//  (logged) when the line is not JSON.
static void *
s_article_bytes (const char *line, size_t len, size_t max_bytes, uint64_t lineno,
                 size_t *out_len)
{
    char err [256];
    dp_article_t *doc = dp_article_from_json (line, len, err, sizeof err);
    if (doc && dp_article_repaired_id (doc, line, len)) {
        dp_article_destroy (&doc);
        snprintf (err, sizeof err, "out of memory");
    }
    if (!doc) {
        dp_log_warn ("stdin line %" PRIu64 ": %s (not sent)", lineno, err);
        return NULL;
    }
    size_t size = dp__article__get_packed_size (doc), limit = dp_frame_limit (max_bytes);
    if (size > limit) {
        char reason [160];
        snprintf (reason, sizeof reason, "article over the frame size limit in push "
                  "(%zu > %zu bytes); its text was dropped", size, limit);
        dp_article_shrink (doc, "push", reason);
        dp_log_warn ("stdin line %" PRIu64 ": %s", lineno, reason);
    }
    void *bytes = dp_article_pack (doc, out_len);
    dp_article_destroy (&doc);
    return bytes;
}

//  The frames of --delimited: a varint length, then that many bytes.
//  Returns 1 with the frame, 0 when more bytes are needed, -1 when broken.
static int
s_in_frame (s_in_t *in, size_t *start, size_t *flen)
{
    uint64_t n = 0;
    size_t i = 0;
    for (unsigned shift = 0; ; shift += 7) {
        if (i == in->len)
            return in->eof ? -1 : 0;
        if (shift > 35)
            return -1;
        uint8_t b = (uint8_t) in->buf [i++];
        n |= (uint64_t) (b & 0x7F) << shift;
        if (!(b & 0x80))
            break;
    }
    if (in->len - i < n)
        return in->eof ? -1 : 0;
    *start = i;
    *flen = (size_t) n;
    return 1;
}

//  Sends a frame, waiting while the receiver is slow or gone, but never
//  past a signal (SIGTERM must stop push). Returns 0, or -1.
static int
s_send_wait (void *sock, const void *data, size_t len)
{
    while (zmq_send (sock, data, len, 0) < 0) {
        if ((errno != EAGAIN && errno != EINTR) || dp_signal_pending ())
            return -1;
    }
    return 0;
}

//  --------------------------------------------------------------------------
//  --acked: a DEALER and a window.

typedef struct {
    void *sock;
    uint64_t given_up;
} s_acked_t;

static int
s_acked_send (void *ctx, uint64_t seq, const void *data, size_t len)
{
    s_acked_t *a = ctx;
    uint8_t id [8];
    for (int k = 0; k < 8; k++)
        id [k] = (uint8_t) (seq >> (56 - 8 * k));
    if (zmq_send (a->sock, id, 8, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0)
        return -1;                      //  no fetch to talk to yet: due again
    return zmq_send (a->sock, data, len, ZMQ_DONTWAIT) < 0 ? -1 : 0;
}

static void *
s_acked_give_up (void *ctx, uint64_t seq, const void *data, size_t len, size_t *new_len)
{
    s_acked_t *a = ctx;
    (void) data;
    (void) len;
    (void) new_len;
    a->given_up++;
    dp_log_error ("article #%" PRIu64 ": never acknowledged, lost every time it was "
                  "sent alone; given up", seq + 1);
    return NULL;
}

static const dp_window_io_t s_acked_io = { s_acked_send, s_acked_give_up };

//  Takes fetch's acks. Returns the number of refusals seen.
static uint64_t
s_acked_recv (s_acked_t *a, dp_window_t *w)
{
    uint64_t refused = 0, now = dp_mono_us ();
    zmq_msg_t msg;
    zmq_msg_init (&msg);
    while (zmq_msg_recv (&msg, a->sock, ZMQ_DONTWAIT) >= 0) {
        Dp__Ack *ack = dp__ack__unpack (NULL, zmq_msg_size (&msg), zmq_msg_data (&msg));
        if (!ack) {
            dp_log_once_per (DP_LOG_WARN, "a reply that is not an ack dropped");
            continue;
        }
        for (size_t i = 0; i < ack->n_seqs; i++)
            dp_window_ack (w, ack->seqs [i], now, NULL);
        for (size_t i = 0; i < ack->n_refused; i++)
            if (dp_window_ack (w, ack->refused [i], now, NULL)) {
                refused++;
                dp_log_warn ("article #%" PRIu64 ": refused by fetch (not an article)",
                             ack->refused [i] + 1);
            }
        dp__ack__free_unpacked (ack, NULL);
    }
    zmq_msg_close (&msg);
    return refused;
}

//  --------------------------------------------------------------------------

static int
s_run (void *sock, const s_opts_t *o, int sig_fd)
{
    s_in_t in = { 0 };
    uint64_t sent = 0, bad = 0, refused = 0;
    dp_window_t *w = NULL;
    s_acked_t acked = { .sock = sock };
    if (o->mode == S_ACKED) {
        dp_window_cfg_t wcfg = { .size = o->window, .resend_us = (uint64_t) o->resend_ms * 1000u,
                                 .max_resends = 5 };
        if (!(w = dp_window_new (&wcfg)))
            return 1;
    }
    uint64_t seq = 0, last_tick = 0;
    int rc = 0;
    while (!dp_signal_pending ()) {
        //  Send what stdin has, as long as the window has room.
        while ((!w || dp_window_room (w, seq)) && !dp_signal_pending ()) {
            char *line;
            size_t len, used, start;
            int got;
            if (o->mode == S_DELIMITED) {
                got = s_in_frame (&in, &start, &len);
                line = in.buf + start;
                used = start + len;
            }
            else
                got = s_in_line (&in, &line, &len, &used);
            if (got <= 0) {
                if (got < 0 && in.len && o->mode == S_DELIMITED) {
                    dp_log_error ("stdin: a broken frame length after %" PRIu64 " frames", sent);
                    bad++;
                    in.len = 0;
                }
                break;
            }
            if (o->mode == S_RAW || o->mode == S_DELIMITED)
                sent += s_send_wait (sock, line, len) == 0;
            else
            if (!s_blank (line, len)) {
                size_t size;
                void *bytes = s_article_bytes (line, len, o->max_bytes, in.lineno, &size);
                if (!bytes)
                    bad++;
                else
                if (!w) {
                    sent += s_send_wait (sock, bytes, size) == 0;
                    free (bytes);
                }
                else {
                    //  Message ids are article numbers, from 0.
                    s_acked_send (&acked, seq, bytes, size);
                    if (!dp_window_add (w, seq, bytes, size, dp_mono_us ()))
                        free (bytes);
                    sent++;
                    seq++;
                }
            }
            s_in_consume (&in, used);
        }
        if (in.eof && in.len == 0 && (!w || dp_window_in_flight (w) == 0))
            break;
        bool want_in = !in.eof && (!w || dp_window_room (w, seq));
        zmq_pollitem_t items [3] = { { .fd = sig_fd, .events = ZMQ_POLLIN } };
        int n_items = 1, in_item = -1;
        if (want_in) {
            in_item = n_items;
            items [n_items++] = (zmq_pollitem_t) { .fd = STDIN_FILENO, .events = ZMQ_POLLIN };
        }
        if (w)
            items [n_items++] = (zmq_pollitem_t) { .socket = sock, .events = ZMQ_POLLIN };
        if (zmq_poll (items, n_items, w ? 100 : -1) < 0 && errno != EINTR) {
            dp_log_error ("poll: %s", zmq_strerror (errno));
            rc = 1;
            break;
        }
        //  A pipe whose writer is gone shows as an error (POLLHUP): read
        //  its end then.
        if (in_item >= 0 && (items [in_item].revents & (ZMQ_POLLIN | ZMQ_POLLERR))
        &&  s_in_read (&in)) {
            rc = 1;
            break;
        }
        if (w) {
            refused += s_acked_recv (&acked, w);
            uint64_t now = dp_mono_us ();
            if (now - last_tick >= 100000) {
                dp_window_tick (w, now, &s_acked_io, &acked);
                last_tick = now;
            }
        }
    }
    if (w) {
        const dp_window_stats_t *ws = dp_window_stats (w);
        size_t left = dp_window_in_flight (w);
        dp_log_info ("pushed %" PRIu64 " article(s) to %s: %" PRIu64 " acknowledged, %" PRIu64
                     " sent again, %" PRIu64 " refused, %" PRIu64 " given up, %zu not "
                     "acknowledged%s", sent, o->ep, ws->acked - refused, ws->resent, refused,
                     acked.given_up, left, dp_signal_pending () ? " (stopped on signal)" : "");
        if (left || acked.given_up || refused)
            rc = 1;
        dp_window_destroy (&w);
    }
    else
        dp_log_info ("pushed %" PRIu64 " message(s) to %s%s", sent, o->ep,
                     bad ? "; some lines were not JSON" : "");
    free (in.buf);
    return bad || rc ? 1 : 0;
}

int
dp_push_main (int argc, char **argv, const dp_curve_cfg_t *sec)
{
    s_opts_t o = { .mode = S_PLAIN, .max_bytes = dp_max_bytes_default (), .window = 1000,
                   .resend_ms = 2000, .linger_ms = 30000 };
    for (int i = 0; i < argc; i++) {
        const char *a = argv [i];
        bool more = i + 1 < argc;
        if (!strcmp (a, "-h") || !strcmp (a, "--help")) {
            fputs (s_help, stdout);
            return 0;
        }
        if (!strcmp (a, "--raw") || !strcmp (a, "--delimited") || !strcmp (a, "--acked")) {
            if (o.mode != S_PLAIN) {
                fprintf (stderr, "depeche push: --raw, --delimited and --acked exclude "
                         "each other\n");
                return 2;
            }
            o.mode = a [2] == 'r' ? S_RAW : a [2] == 'd' ? S_DELIMITED : S_ACKED;
        }
        else
        if (!strcmp (a, "-v"))
            dp_log_set_level (DP_LOG_DEBUG);
        else
        if (!strcmp (a, "--max-bytes") && more) {
            if (dp_size_parse (argv [++i], &o.max_bytes) || !o.max_bytes
            ||  o.max_bytes > DP_MAX_MAX_BYTES) {
                fprintf (stderr, "depeche push: --max-bytes: expected a size such as 4M\n");
                return 2;
            }
        }
        else
        if ((!strcmp (a, "--window") || !strcmp (a, "--resend-ms")
        ||   !strcmp (a, "--linger-ms")) && more) {
            char *end;
            long v = strtol (argv [++i], &end, 10);
            if (*end || v < 1 || v > 10000000) {
                fprintf (stderr, "depeche push: %s: expected a number in 1..10000000\n", a);
                return 2;
            }
            if (a [2] == 'w')
                o.window = (size_t) v;
            else
            if (a [2] == 'l')
                o.linger_ms = v;
            else
                o.resend_ms = v;
        }
        else
        if (a [0] == '-') {
            fprintf (stderr, "depeche push: unknown option %s%s; try --help\n", a,
                     more ? "" : " (or it needs a value)");
            return 2;
        }
        else
        if (!o.ep)
            o.ep = a;
        else {
            fprintf (stderr, "depeche push: one ENDPOINT only (\"%s\" is a second); "
                     "try --help\n", a);
            return 2;
        }
    }
    if (!o.ep) {
        fprintf (stderr, "depeche push: no ENDPOINT; try --help\n");
        return 2;
    }
    int sig_fd = dp_signal_open ();
    void *ctx = zmq_ctx_new ();
    zmq_ctx_set (ctx, ZMQ_BLOCKY, 0);
    dp_curve_t *curve = dp_curve_new (ctx, sec);
    dp_socket_policy (curve);
    void *sock = zmq_socket (ctx, o.mode == S_ACKED ? ZMQ_DEALER : ZMQ_PUSH);
    //  Plain: the linger lets the queued frames go; what is still queued
    //  when it ends is lost, and said so below. Acked: everything is
    //  acknowledged before we close, or reported as not.
    int linger = o.mode == S_ACKED ? 0 : (int) o.linger_ms, timeo = 200;
    int rc = 2;
    if (curve && sock && dp_socket_setup (sock, DP_DEFAULT_HWM, linger,
                                           (int64_t) dp_frame_cap (o.max_bytes)) == 0
    &&  zmq_setsockopt (sock, ZMQ_SNDTIMEO, &timeo, sizeof timeo) == 0
    &&  dp_socket_attach (sock, o.ep, false) == 0)
        rc = s_run (sock, &o, sig_fd);
    //  The linger runs from the close, so the clock starts before it (taken
    //  after it, a loaded machine that paused us in between made a full
    //  linger look short). libzmq counts it in whole milliseconds: a
    //  millisecond of slack.
    uint64_t t0 = dp_mono_us ();
    if (sock)
        zmq_close (sock);
    while (zmq_ctx_term (ctx) == -1 && errno == EINTR)
        ;
    //  The linger ran out: libzmq had frames the peer never took.
    if (linger > 0 && dp_mono_us () - t0 + 1000u >= (uint64_t) linger * 1000u) {
        fprintf (stderr, "depeche push: frames were still queued after --linger-ms %d "
                 "and are lost (the peer is slow or gone); --acked delivers for sure\n",
                 linger);
        if (rc == 0)
            rc = 1;
    }
    dp_socket_policy (NULL);
    dp_curve_destroy (&curve);
    return rc;
}
