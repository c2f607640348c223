//  depeche-fetch — reads the sources, numbers each article (seq), sends it
//  on, keeps it in a bounded in-flight window until the sink acknowledges
//  it, and resends what is not acknowledged in time.
#include "depeche/dp_cli.h"
#include "depeche/dp_log.h"
#include "depeche/dp_metrics.h"
#include "depeche/dp_signal.h"
#include "depeche/dp_stage.h"
#include "fetch/fetch.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

typedef struct {
    bool used;                          //  slot holds an unacknowledged article
    uint64_t seq;
    dp_fetch_pos_t pos;                 //  where it came from (checkpoint)
    void *data;                         //  packed article, as sent
    size_t len;
    uint64_t sent_us;                   //  last (re)send
    unsigned tries;                     //  resends so far
    bool suspect;                       //  failed twice: resent alone from now on
    unsigned strikes;                   //  failures while sent alone
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
    bool solo_busy;                     //  a suspect is in flight, alone
    uint64_t solo_seq;                  //  ... this one
    uint64_t solo_deadline;             //  ... until then
} s_window_t;

//  --------------------------------------------------------------------------
//  Checkpoint: one line, written atomically (tmp + fsync + rename):
//    depeche-fetch-checkpoint 1 SOURCES-HASH SEQ FILE RECORD
//  = the lowest unacknowledged article; everything before it is written.

#define S_CKPT_DONE ((size_t) 1 << 62)  //  FILE when every input is done

static int
s_ckpt_load (const char *path, uint64_t hash, uint64_t *seq, dp_fetch_pos_t *pos)
{
    FILE *f = fopen (path, "r");
    if (!f)
        return -1;
    unsigned long long h, q, file, rec;
    int version;
    int n = fscanf (f, "depeche-fetch-checkpoint %d %llx %llu %llu %llu",
                    &version, &h, &q, &file, &rec);
    fclose (f);
    if (n != 5 || version != 1) {
        dp_log_warn ("%s: not a checkpoint; starting from the beginning", path);
        return -1;
    }
    if (h != hash) {
        dp_log_warn ("%s: written for other sources; starting from the beginning", path);
        return -1;
    }
    *seq = q;
    pos->file = (size_t) file;
    pos->record = (size_t) rec;
    return 0;
}

static void
s_ckpt_save (const char *path, uint64_t hash, uint64_t seq, dp_fetch_pos_t pos)
{
    char tmp [4096];
    snprintf (tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen (tmp, "w");
    if (!f) {
        dp_log_once_per (DP_LOG_ERROR, "%s: %s", tmp, strerror (errno));
        return;
    }
    fprintf (f, "depeche-fetch-checkpoint 1 %llx %llu %llu %llu\n",
             (unsigned long long) hash, (unsigned long long) seq,
             (unsigned long long) pos.file, (unsigned long long) pos.record);
    if (fflush (f) || fsync (fileno (f)) || fclose (f) || rename (tmp, path))
        dp_log_once_per (DP_LOG_ERROR, "%s: %s", path, strerror (errno));
}

//  Where a restarted fetch should begin: the lowest unacknowledged article,
//  else just after the last one read, else where this run began.
static dp_fetch_pos_t
s_ckpt_pos (s_window_t *w, uint64_t base, uint64_t seq, dp_fetch_src_t *src,
            bool have_pos, bool done, dp_fetch_pos_t start)
{
    if (base < seq)
        return w->slots [base % w->size].pos;
    if (done)
        return (dp_fetch_pos_t) { S_CKPT_DONE, 0 };
    if (!have_pos)
        return start;
    dp_fetch_pos_t p = dp_fetch_src_pos (src);
    p.record++;                         //  next record of the same file
    return p;
}

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
"      --rate N          send at most N articles per second (a paced stream)\n"
"      --checkpoint FILE resume from FILE (the lowest unacknowledged article)\n"
"                        and keep it up to date; needs --ack\n"
"Live sources (after the PATHs; fetch then runs until SIGTERM, no EOS):\n"
"      --follow FILE     JSON lines appended to FILE, like tail -F (survives\n"
"                        truncation and rotation); may be repeated\n"
"      --watch DIR       spool folder: each file there or closed/renamed into\n"
"                        it is read once, then moved to DIR/done/\n"
"      --ingest ENDPOINT PULL socket (binds by default) for JSON text frames or\n"
"                        protobuf Article frames (e.g. from `depeche push`)\n"
"A progress line goes to stderr when it is a terminal (finite inputs).\n";

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

//  Turns a suspect that failed alone max_resends times into a dead letter:
//  payload dropped, error set; it then travels like any other article.
static void
s_dead_letter (s_window_t *w, s_slot_t *s)
{
    dp_article_t *doc = dp_article_unpack (s->data, s->len);
    if (!doc)
        return;
    dp_log_warn ("seq %llu (%s): failed %u times when sent alone; dead-lettering it",
                 (unsigned long long) s->seq, doc->id ? doc->id : "?", s->strikes);
    dp_article_take (&doc->html, NULL);
    dp_article_take (&doc->text, NULL);
    dp_article_clear_spans (doc);
    free (doc->error);
    doc->error = NULL;
    dp_article_fail (doc, "fetch", "retries exhausted: a stage failed on it every "
                     "time it was sent alone (it may crash a stage)");
    size_t len;
    void *data = dp_article_pack (doc, &len);
    dp_article_destroy (&doc);
    if (data) {
        free (s->data);
        s->data = data;
        s->len = len;
    }
    s->suspect = false;                 //  a dead letter goes with the others
    s->tries = 0;
    w->gave_up++;
}

//  Resends what has waited too long. A first timeout is a lost message (a
//  stage was restarted, a peer went away): resend with the others. A second
//  one makes the article a suspect: suspects are resent one at a time, so
//  that a poison article that kills a stage takes no innocent neighbour down
//  with it more than once, and only failures while alone count against it.
static void
s_resend_due (s_window_t *w, dp_stage_t *stage)
{
    uint64_t now = dp_now_us ();
    if (w->solo_busy) {
        s_slot_t *s = &w->slots [w->solo_seq % w->size];
        if (!s->used || s->seq != w->solo_seq)
            w->solo_busy = false;       //  acknowledged
        else
        if (now >= w->solo_deadline) {
            w->solo_busy = false;
            if (++s->strikes >= w->max_resends)
                s_dead_letter (w, s);
        }
    }
    s_slot_t *next_suspect = NULL;
    for (size_t i = 0; i < w->size; i++) {
        s_slot_t *s = &w->slots [i];
        if (!s->used)
            continue;
        if (s->suspect) {
            if (!next_suspect || s->seq < next_suspect->seq)
                next_suspect = s;
            continue;
        }
        uint64_t wait = w->resend_us << (s->tries < 6 ? s->tries : 6);
        if (now - s->sent_us < wait)
            continue;
        if (s->tries >= 1) {
            s->suspect = true;
            if (!next_suspect || s->seq < next_suspect->seq)
                next_suspect = s;
            continue;
        }
        s->tries++;
        s->sent_us = now;
        w->resent++;
        s_send_packed (stage, s->data, s->len);
    }
    if (!w->solo_busy && next_suspect) {
        s_slot_t *s = next_suspect;
        s->tries++;
        s->sent_us = now;
        w->resent++;
        w->solo_busy = true;
        w->solo_seq = s->seq;
        w->solo_deadline = now + (w->resend_us << (s->strikes < 6 ? s->strikes : 6));
        s_send_packed (stage, s->data, s->len);
    }
}

//  One frame from the ingest socket as an article (JSON text or protobuf),
//  with a source and an id. NULL when there is none or it is not an
//  article (counted in *bad).
static dp_article_t *
s_ingest_next (void *ingest, uint64_t t0, uint64_t *n, uint64_t *bad)
{
    zmq_msg_t msg;
    zmq_msg_init (&msg);
    dp_article_t *doc = NULL;
    while (!doc && zmq_msg_recv (&msg, ingest, ZMQ_DONTWAIT) >= 0) {
        const char *data = zmq_msg_data (&msg);
        size_t len = zmq_msg_size (&msg), i = 0;
        while (i < len && (data [i] == ' ' || data [i] == '\n' || data [i] == '\t'))
            i++;
        char err [200];
        if (i < len && data [i] == '{')
            doc = dp_article_from_json (data, len, err, sizeof err);
        if (!doc)
            doc = dp_article_unpack (data, len);
        if (doc && (doc->eos || (!doc->html && !doc->text && !doc->error)))
            dp_article_destroy (&doc);  //  an EOS or an empty frame: no article
        if (!doc) {
            (*bad)++;
            dp_log_once_per (DP_LOG_WARN, "ingest: a frame that is not an article dropped");
            continue;
        }
        (*n)++;
        if (!doc->source) {
            //  The start time keeps sources (and ids) apart across restarts.
            char source [64];
            snprintf (source, sizeof source, "ingest:%" PRIu64 ":%" PRIu64, t0, *n);
            dp_article_set_str (&doc->source, source);
        }
        if (!doc->id)
            doc->id = dp_fetch_make_id (doc->url, doc->source);
        if (doc->origin) {
            dp__origin__free_unpacked (doc->origin, NULL);
            doc->origin = NULL;
        }
        doc->has_seq = 0;
        if (!doc->source || !doc->id)
            dp_article_destroy (&doc);
    }
    zmq_msg_close (&msg);
    return doc;
}

//  The progress line, in place on a terminal: bytes and records done of
//  the total, rate, time left.
static void
s_progress (dp_fetch_src_t *src, uint64_t t_start, bool last)
{
    uint64_t done, total;
    dp_fetch_src_progress (src, &done, &total);
    double secs = (double) (dp_now_us () - t_start) / 1e6;
    double rate = secs > 0 ? (double) done / secs : 0;
    double left = rate > 0 && total > done ? (double) (total - done) / rate : 0;
    const dp_fetch_stats_t *fs = dp_fetch_src_stats (src);
    fprintf (stderr, "\r\033[Kfetch: %.1f of %.1f MB (%.0f%%), %" PRIu64 " records, "
             "%.1f MB/s, ETA %d:%02d%s", (double) done / 1e6, (double) total / 1e6,
             total ? 100.0 * (double) done / (double) total : 100.0, fs->records,
             rate / 1e6, (int) left / 60, (int) left % 60, last ? "\n" : "");
}

//  fetch's own metrics, exported as deltas of the window's counters.
typedef struct {
    dp_metrics_t *m;
    int acks, resends, gave_up, in_flight;
    uint64_t last_acked, last_resent, last_gave_up;
} s_export_t;

static void
s_export (s_export_t *x, const s_window_t *w)
{
    if (!x->m)
        return;
    dp_metrics_add (x->m, x->acks, w->acked - x->last_acked);
    dp_metrics_add (x->m, x->resends, w->resent - x->last_resent);
    dp_metrics_add (x->m, x->gave_up, w->gave_up - x->last_gave_up);
    dp_metrics_set (x->m, x->in_flight, (double) w->in_flight);
    x->last_acked = w->acked;
    x->last_resent = w->resent;
    x->last_gave_up = w->gave_up;
}

int
main (int argc, char **argv)
{
    dp_log_init ("depeche-fetch");
    dp_stage_cfg_t cfg;
    dp_stage_cfg_defaults (&cfg, "fetch");
    cfg.out = "-";
    const char *ack_ep = NULL, *advertise = NULL, *fetch_id = NULL, *ckpt = NULL;
    long window = 1000, resend_ms = 5000, max_resends = 5, rate = 0;
    enum { O_ADV = DP_OPT_STAGE_BASE, O_ID, O_WINDOW, O_RESEND, O_MAXRS, O_RATE, O_CKPT,
           O_FOLLOW, O_WATCH, O_INGEST };
    const char *follow [16], *watch = NULL, *ingest_ep = NULL;
    size_t n_follow = 0;
    static const struct option opts [] = {
        DP_CLI_OPTIONS,
        { "ack", required_argument, NULL, 'a' },
        { "advertise", required_argument, NULL, O_ADV },
        { "id", required_argument, NULL, O_ID },
        { "window", required_argument, NULL, O_WINDOW },
        { "resend-ms", required_argument, NULL, O_RESEND },
        { "max-resends", required_argument, NULL, O_MAXRS },
        { "rate", required_argument, NULL, O_RATE },
        { "checkpoint", required_argument, NULL, O_CKPT },
        { "follow", required_argument, NULL, O_FOLLOW },
        { "watch", required_argument, NULL, O_WATCH },
        { "ingest", required_argument, NULL, O_INGEST },
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
        if (c == O_CKPT)
            ckpt = optarg;
        else
        if (c == O_FOLLOW && n_follow < sizeof follow / sizeof follow [0])
            follow [n_follow++] = optarg;
        else
        if (c == O_WATCH)
            watch = optarg;
        else
        if (c == O_INGEST)
            ingest_ep = optarg;
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

    if (ckpt && !ack_ep) {
        fprintf (stderr, "depeche-fetch: --checkpoint needs --ack (only acks say "
                 "what is written)\n");
        return 2;
    }
    char *stdin_only [] = { "-" };
    bool live = n_follow || watch || ingest_ep;
    dp_fetch_src_t *src = optind < argc || live
        ? dp_fetch_src_new (argv + optind, (size_t) (argc - optind), cfg.max_bytes)
        : dp_fetch_src_new (stdin_only, 1, cfg.max_bytes);
    for (size_t i = 0; src && i < n_follow; i++)
        if (dp_fetch_src_follow (src, follow [i]))
            dp_fetch_src_destroy (&src);
    if (src && watch && dp_fetch_src_watch (src, watch))
        dp_fetch_src_destroy (&src);
    dp_stage_t *stage = src ? dp_stage_new (&cfg) : NULL;
    void *ingest = NULL;
    if (stage && ingest_ep) {
        ingest = zmq_socket (dp_stage_ctx (stage), ZMQ_PULL);
        if (!ingest || dp_socket_setup (ingest, cfg.hwm, 0, (int64_t) cfg.max_bytes * 2 + 65536)
        ||  dp_socket_attach (ingest, ingest_ep, true)) {
            if (ingest)
                zmq_close (ingest);
            dp_stage_destroy (&stage);
        }
    }
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
    s_export_t mx = { .m = dp_stage_metrics (stage) };
    mx.acks = dp_metrics_counter (mx.m, "acks", "Articles the sink acknowledged");
    mx.resends = dp_metrics_counter (mx.m, "resends", "Articles sent again after a timeout");
    mx.gave_up = dp_metrics_counter (mx.m, "retries_exhausted",
                                     "Articles dead-lettered after failing alone");
    mx.in_flight = dp_metrics_gauge (mx.m, "in_flight", "Articles sent, not yet acknowledged");
    s_window_t w = {
        .size = ack ? (size_t) window : 1,
        .resend_us = (uint64_t) resend_ms * 1000u,
        .max_resends = (unsigned) max_resends,
    };
    w.slots = calloc (w.size, sizeof *w.slots);
    uint64_t seq = 0, sent = 0, failed = 0;
    uint64_t src_hash = dp_fetch_src_hash (src);
    dp_fetch_pos_t resume = { 0, 0 };
    if (ckpt && s_ckpt_load (ckpt, src_hash, &seq, &resume) == 0) {
        dp_fetch_src_resume (src, resume);
        dp_log_info ("resuming from %s: seq %llu, file #%zu, record %zu", ckpt,
                     (unsigned long long) seq, resume.file, resume.record);
    }
    uint64_t base = seq;                //  lowest unacknowledged seq
    uint64_t ckpt_base = UINT64_MAX;    //  base at the last checkpoint write
    uint64_t ckpt_at = 0;
    bool have_pos = false;              //  read an article in this run
    bool done = false;
    int status = 0;
    uint64_t last_resend_check = 0;
    uint64_t t_start = dp_now_us ();
    uint64_t ingest_t0 = t_start, ingested = 0, ingest_bad = 0;
    bool progress = !live && isatty (STDERR_FILENO) && !getenv ("DP_NO_PROGRESS");
    uint64_t progress_at = 0;
    bool src_done = false;

    while (w.slots && !dp_signal_pending ()) {
        //  Read and send while the window has room.
        bool idle = true;
        while (!done && !(ack && w.slots [seq % w.size].used)) {
            //  Paced stream: article seq is due at t_start + seq / rate.
            if (rate && dp_now_us () < t_start + seq * 1000000u / (uint64_t) rate)
                break;
            dp_article_t *doc = NULL;
            uint64_t t_in = dp_now_us ();
            dp_src_rc_t rc = src_done ? DP_SRC_DONE : dp_fetch_src_next (src, &doc);
            if (rc == DP_SRC_FATAL) {
                status = -1;
                done = true;
                break;
            }
            if (rc == DP_SRC_DONE) {
                src_done = true;
                if (!ingest) {
                    done = true;
                    break;
                }
            }
            if (rc != DP_SRC_ARTICLE && ingest)
                doc = s_ingest_next (ingest, ingest_t0, &ingested, &ingest_bad);
            if (!doc)
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
            have_pos = true;
            if (ack) {
                s_slot_t *s = &w.slots [seq % w.size];
                s->pos = dp_fetch_src_pos (src);
                s->data = dp_article_pack (doc, &s->len);
                if (s->data) {
                    s->used = true;
                    s->seq = seq;
                    s->tries = 0;
                    s->suspect = false;
                    s->strikes = 0;
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
            if (progress && (seq & 255) == 0 && dp_now_us () - progress_at > 250000) {
                progress_at = dp_now_us ();
                s_progress (src, t_start, false);
            }
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
        zmq_pollitem_t items [4] = {
            { .fd = dp_stage_signal_fd (stage), .events = ZMQ_POLLIN },
        };
        int n_items = 1;
        if (ack)
            items [n_items++] = (zmq_pollitem_t) { .socket = ack, .events = ZMQ_POLLIN };
        if (!done && dp_fetch_src_fd (src) >= 0)
            items [n_items++] = (zmq_pollitem_t) { .fd = dp_fetch_src_fd (src),
                                                   .events = ZMQ_POLLIN };
        bool window_room = !(ack && w.slots [seq % w.size].used);
        if (!done && ingest && window_room)
            items [n_items++] = (zmq_pollitem_t) { .socket = ingest, .events = ZMQ_POLLIN };
        dp_stage_status (stage, false);
        s_export (&mx, &w);
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
            while (base < seq && !(w.slots [base % w.size].used
                                   && w.slots [base % w.size].seq == base))
                base++;
            if (ckpt && base != ckpt_base && now - ckpt_at > 200000) {
                s_ckpt_save (ckpt, src_hash, base, s_ckpt_pos (&w, base, seq, src,
                                                               have_pos, done, resume));
                ckpt_base = base;
                ckpt_at = now;
            }
        }
    }
    if (ckpt && status == 0) {
        while (base < seq && !(w.slots [base % w.size].used && w.slots [base % w.size].seq == base))
            base++;
        s_ckpt_save (ckpt, src_hash, base, s_ckpt_pos (&w, base, seq, src, have_pos,
                                                       done && !dp_signal_pending (), resume));
    }
    if (progress && seq)
        s_progress (src, t_start, true);
    if (!dp_signal_pending () && status == 0)
        dp_stage_send_eos (stage);
    if (ingest) {
        dp_log_info ("ingest: %" PRIu64 " article(s), %" PRIu64 " bad frame(s)",
                     ingested, ingest_bad);
        zmq_close (ingest);
    }
    const dp_fetch_stats_t *fs = dp_fetch_src_stats (src);
    struct rusage ru;
    getrusage (RUSAGE_SELF, &ru);
    dp_log_info ("fetch: files=%llu records=%llu dead=%llu skipped=%llu warc_skipped=%llu "
                 "resumed=%llu "
                 "sent=%llu acked=%llu resent=%llu unacked=%zu maxrss_kb=%ld%s",
                 (unsigned long long) fs->files, (unsigned long long) fs->records,
                 (unsigned long long) fs->dead, (unsigned long long) fs->skipped,
                 (unsigned long long) fs->warc_skipped,
                 (unsigned long long) fs->resumed,
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
