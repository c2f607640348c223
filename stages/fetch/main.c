//  depeche-fetch — reads the sources, numbers each article (seq), sends it
//  on, keeps it in a bounded in-flight window until the sink acknowledges
//  it, and resends what is not acknowledged in time.
#include "depeche/dp_cli.h"
#include "depeche/dp_log.h"
#include "depeche/dp_signal.h"
#include "depeche/dp_stage.h"
#include "fetch/fetch.h"

#include <errno.h>
#include <poll.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

typedef struct {
    bool used;                          //  slot holds an unacknowledged article
    uint64_t seq;
    void *data;                         //  packed article, as sent
    size_t len;
    uint64_t sent_us;                   //  last (re)send
    unsigned tries;                     //  resends so far
} s_slot_t;

typedef struct {
    s_slot_t *slots;                    //  window: slot = seq % size
    size_t size;
    size_t in_flight;
    uint64_t resend_us;                 //  first resend after this long
    unsigned max_resends;               //  then dead-letter it
    uint64_t acked;
    uint64_t resent;
    uint64_t gave_up;
} s_window_t;

static const char *s_usage =
"usage: depeche-fetch [OPTIONS] [PATH ...]\n"
"Reads articles from files (.txt .html .json .jsonl .jsonl.gz), folders\n"
"(recursively) and stdin ('-', JSON lines; the default with no PATH), gives\n"
"each a stable id and a seq, and sends them on.\n\n"
"  -a, --ack ENDPOINT    where the sink's acks arrive (binds by default, e.g.\n"
"                        @ipc:///tmp/ack or @tcp://*:5560); enables the window\n"
"      --advertise ADDR  the address the sink connects to for acks (default:\n"
"                        the --ack address, '*' replaced by this host's name)\n"
"      --id NAME         this fetch instance's name (default fetch-HOST)\n"
"      --window N        articles in flight, unacknowledged (default 1000)\n"
"      --resend-ms N     resend an unacknowledged article after N ms (5000),\n"
"                        doubling each time\n"
"      --max-resends N   then send it as a dead letter (default 5)\n"
"      --rate N          send at most N articles per second (a paced stream)\n";

static void
s_slot_free (s_window_t *w, s_slot_t *s)
{
    free (s->data);
    s->data = NULL;
    s->used = false;
    w->in_flight--;
}

static void
s_on_ack (s_window_t *w, const Dp__Ack *ack, const char *my_id)
{
    if (!ack->fetch || strcmp (ack->fetch, my_id) != 0)
        return;                         //  not ours (misrouted): ignore
    for (size_t i = 0; i < ack->n_seqs; i++) {
        s_slot_t *s = &w->slots [ack->seqs [i] % w->size];
        if (s->used && s->seq == ack->seqs [i]) {
            s_slot_free (w, s);
            w->acked++;
        }
    }
}

//  Sends raw packed bytes on the stage's output socket via a borrowed view.
static int
s_send_packed (dp_stage_t *stage, const void *data, size_t len)
{
    dp_article_t *doc = dp_article_unpack (data, len);
    if (!doc)
        return -1;
    int rc = dp_stage_send (stage, doc);
    dp_article_destroy (&doc);
    return rc;
}

//  Resends what has waited too long; turns what keeps failing into a dead
//  letter so a poison article cannot stall the stream.
static void
s_resend_due (s_window_t *w, dp_stage_t *stage)
{
    uint64_t now = dp_now_us ();
    for (size_t i = 0; i < w->size; i++) {
        s_slot_t *s = &w->slots [i];
        if (!s->used)
            continue;
        uint64_t wait = w->resend_us << (s->tries < 6 ? s->tries : 6);
        if (now - s->sent_us < wait)
            continue;
        if (s->tries == w->max_resends) {
            dp_article_t *doc = dp_article_unpack (s->data, s->len);
            if (doc) {
                dp_log_warn ("seq %llu (%s): no ack after %u resends; dead-lettering it",
                             (unsigned long long) s->seq, doc->id ? doc->id : "?", s->tries);
                dp_article_take (&doc->html, NULL);
                dp_article_take (&doc->text, NULL);
                dp_article_clear_spans (doc);
                free (doc->error);
                doc->error = NULL;
                dp_article_fail (doc, "fetch", "retries exhausted: no stage "
                                 "acknowledged it (it may crash a stage)");
                size_t len;
                void *data = dp_article_pack (doc, &len);
                dp_article_destroy (&doc);
                if (data) {
                    free (s->data);
                    s->data = data;
                    s->len = len;
                }
            }
            w->gave_up++;
        }
        s->tries++;
        s->sent_us = now;
        w->resent++;
        s_send_packed (stage, s->data, s->len);
    }
}

int
main (int argc, char **argv)
{
    dp_log_init ("depeche-fetch");
    dp_stage_cfg_t cfg;
    dp_stage_cfg_defaults (&cfg, "fetch");
    cfg.out = "-";
    const char *ack_ep = NULL, *advertise = NULL, *fetch_id = NULL;
    long window = 1000, resend_ms = 5000, max_resends = 5, rate = 0;
    enum { O_ADV = DP_OPT_STAGE_BASE, O_ID, O_WINDOW, O_RESEND, O_MAXRS, O_RATE };
    static const struct option opts [] = {
        DP_CLI_OPTIONS,
        { "ack", required_argument, NULL, 'a' },
        { "advertise", required_argument, NULL, O_ADV },
        { "id", required_argument, NULL, O_ID },
        { "window", required_argument, NULL, O_WINDOW },
        { "resend-ms", required_argument, NULL, O_RESEND },
        { "max-resends", required_argument, NULL, O_MAXRS },
        { "rate", required_argument, NULL, O_RATE },
        { NULL, 0, NULL, 0 }
    };
    int c;
    while ((c = getopt_long (argc, argv, DP_CLI_SHORT "a:", opts, NULL)) != -1) {
        long *num = c == O_WINDOW ? &window : c == O_RESEND ? &resend_ms
                  : c == O_MAXRS ? &max_resends : c == O_RATE ? &rate : NULL;
        if (num) {
            char *end;
            *num = strtol (optarg, &end, 10);
            if (*end || *num < 1 || *num > 100000000) {
                fprintf (stderr, "depeche-fetch: bad number \"%s\"\n", optarg);
                return 2;
            }
        }
        else
        if (c == 'a')
            ack_ep = optarg;
        else
        if (c == O_ADV)
            advertise = optarg;
        else
        if (c == O_ID)
            fetch_id = optarg;
        else
        if (c == 'i') {
            fprintf (stderr, "depeche-fetch: sources are arguments (use '-' for stdin)\n");
            return 2;
        }
        else
        if (!dp_cli_common (c, optarg, &cfg, s_usage))
            return 2;
    }
    char host [256] = "localhost";
    gethostname (host, sizeof host - 1);
    char default_id [300];
    snprintf (default_id, sizeof default_id, "fetch-%s", host);
    if (!fetch_id)
        fetch_id = default_id;

    char *stdin_only [] = { "-" };
    dp_fetch_src_t *src = optind < argc
        ? dp_fetch_src_new (argv + optind, (size_t) (argc - optind), cfg.max_bytes)
        : dp_fetch_src_new (stdin_only, 1, cfg.max_bytes);
    dp_stage_t *stage = src ? dp_stage_new (&cfg) : NULL;
    if (!stage) {
        dp_fetch_src_destroy (&src);
        return 2;
    }
    //  The ack socket and its advertised address.
    void *ack = NULL;
    char ack_addr [300] = "";
    if (ack_ep) {
        ack = zmq_socket (dp_stage_ctx (stage), ZMQ_PULL);
        if (!ack || dp_socket_setup (ack, 100000, 0, 1 << 20)
        ||  dp_socket_attach (ack, ack_ep, true)) {
            dp_stage_destroy (&stage);
            dp_fetch_src_destroy (&src);
            return 2;
        }
        if (advertise)
            snprintf (ack_addr, sizeof ack_addr, "%s", advertise);
        else {
            const char *a = ack_ep + (*ack_ep == '@' || *ack_ep == '>');
            const char *star = strstr (a, "://*:");
            if (star)
                snprintf (ack_addr, sizeof ack_addr, "%.*s://%s:%s",
                          (int) (star - a), a, host, star + 5);
            else
                snprintf (ack_addr, sizeof ack_addr, "%s", a);
        }
    }
    s_window_t w = {
        .size = ack ? (size_t) window : 1,
        .resend_us = (uint64_t) resend_ms * 1000u,
        .max_resends = (unsigned) max_resends,
    };
    w.slots = calloc (w.size, sizeof *w.slots);
    uint64_t seq = 0, sent = 0, failed = 0;
    bool done = false;
    int status = 0;
    uint64_t last_resend_check = 0;
    uint64_t t_start = dp_now_us ();

    while (w.slots && !dp_signal_pending ()) {
        //  Read and send while the window has room.
        bool idle = true;
        while (!done && !(ack && w.slots [seq % w.size].used)) {
            //  Paced stream: article seq is due at t_start + seq / rate.
            if (rate && dp_now_us () < t_start + seq * 1000000u / (uint64_t) rate)
                break;
            dp_article_t *doc = NULL;
            uint64_t t_in = dp_now_us ();
            dp_src_rc_t rc = dp_fetch_src_next (src, &doc);
            if (rc == DP_SRC_FATAL) {
                status = -1;
                done = true;
                break;
            }
            if (rc == DP_SRC_DONE) {
                done = true;
                break;
            }
            if (rc == DP_SRC_AGAIN)
                break;
            idle = false;
            dp_stage_counters (stage)->in++;
            if (doc->error)
                dp_stage_counters (stage)->dead++;
            doc->has_seq = 1;
            doc->seq = seq;
            if (ack) {
                doc->origin = malloc (sizeof *doc->origin);
                if (doc->origin) {
                    dp__origin__init (doc->origin);
                    doc->origin->fetch = strdup (fetch_id);
                    doc->origin->ack = strdup (ack_addr);
                }
            }
            Dp__Stamp *st = dp_article_stamp (doc, "fetch", t_in);
            if (st)
                st->t_out = dp_now_us ();
            if (ack) {
                s_slot_t *s = &w.slots [seq % w.size];
                s->data = dp_article_pack (doc, &s->len);
                if (s->data) {
                    s->used = true;
                    s->seq = seq;
                    s->tries = 0;
                    s->sent_us = dp_now_us ();
                    w.in_flight++;
                }
            }
            if (dp_stage_send (stage, doc) == 0)
                sent++;
            else
                failed++;               //  in the window: it will be resent
            dp_article_destroy (&doc);
            seq++;
            if (dp_signal_pending ())
                break;
            //  Take acks now and then even while the input keeps flowing.
            if (ack && (seq & 63) == 0)
                break;
        }
        if (done && w.in_flight == 0)
            break;
        if (!ack && done)
            break;
        //  Wait for acks, stdin, a signal or the resend timer.
        zmq_pollitem_t items [3] = {
            { .fd = dp_stage_signal_fd (stage), .events = ZMQ_POLLIN },
            { .socket = ack, .events = ZMQ_POLLIN },
            { .fd = dp_fetch_src_fd (src), .events = ZMQ_POLLIN },
        };
        int n_items = ack ? 2 : 1;
        if (!done && dp_fetch_src_fd (src) >= 0) {
            if (!ack) {
                items [1] = items [2];
                n_items = 2;
            }
            else
                n_items = 3;
        }
        dp_stage_status (stage, false);
        bool window_full = ack && w.slots [seq % w.size].used;
        int timeout = idle || window_full || done ? 100 : 0;
        if (rate && !done && !window_full) {
            uint64_t due = t_start + seq * 1000000u / (uint64_t) rate, now = dp_now_us ();
            timeout = due > now ? (int) ((due - now) / 1000) : 0;
        }
        zmq_poll (items, n_items, timeout);
        if (ack) {
            zmq_msg_t msg;
            zmq_msg_init (&msg);
            while (zmq_msg_recv (&msg, ack, ZMQ_DONTWAIT) >= 0) {
                Dp__Ack *a = dp__ack__unpack (NULL, zmq_msg_size (&msg), zmq_msg_data (&msg));
                if (a) {
                    s_on_ack (&w, a, fetch_id);
                    dp__ack__free_unpacked (a, NULL);
                }
                else
                    dp_log_once_per (DP_LOG_WARN, "malformed ack frame dropped");
            }
            zmq_msg_close (&msg);
            uint64_t now = dp_now_us ();
            if (now - last_resend_check > 100000) {
                s_resend_due (&w, stage);
                last_resend_check = now;
            }
        }
    }
    if (!dp_signal_pending () && status == 0)
        dp_stage_send_eos (stage);
    const dp_fetch_stats_t *fs = dp_fetch_src_stats (src);
    struct rusage ru;
    getrusage (RUSAGE_SELF, &ru);
    dp_log_info ("fetch: files=%llu records=%llu dead=%llu skipped=%llu sent=%llu "
                 "acked=%llu resent=%llu unacked=%zu maxrss_kb=%ld%s",
                 (unsigned long long) fs->files, (unsigned long long) fs->records,
                 (unsigned long long) fs->dead, (unsigned long long) fs->skipped,
                 (unsigned long long) sent, (unsigned long long) w.acked,
                 (unsigned long long) w.resent, w.in_flight, ru.ru_maxrss,
                 dp_signal_pending () ? " (stopped on signal)" : "");
    for (size_t i = 0; w.slots && i < w.size; i++)
        free (w.slots [i].data);
    free (w.slots);
    if (ack)
        zmq_close (ack);
    dp_stage_destroy (&stage);
    dp_fetch_src_destroy (&src);
    (void) failed;
    return status ? 1 : 0;
}
