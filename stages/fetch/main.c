//  depeche-fetch — reads the sources, numbers each article (seq) and sends
//  it on; with --ack keeps it in the delivery window (dp_window.h) until
//  the sink acknowledges it, and checkpoints where a restart goes on
//  (checkpoint.h). Options and wiring only: the sources are fetch.c and
//  live.c, the producers' sockets ingest.c.
#include "depeche/dp_cli.h"
#include "depeche/dp_log.h"
#include "depeche/dp_metrics.h"
#include "depeche/dp_signal.h"
#include "depeche/dp_stage.h"
#include "depeche/dp_window.h"
#include "fetch/checkpoint.h"
#include "fetch/fetch.h"
#include "fetch/ingest.h"

#include <inttypes.h>
#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

static const char *s_usage =
"usage: depeche-fetch [OPTIONS] [PATH ...]\n"
"Reads articles from files (.txt .html .json .jsonl .jsonl.gz .warc\n"
".warc.gz), folders (recursively) and stdin ('-', JSON lines; the default\n"
"with no PATH), gives each a stable id and a seq, and sends them on.\n\n"
"  -a, --ack ENDPOINT    where the sink's acks arrive (binds by default, e.g.\n"
"                        @ipc:///tmp/ack or @tcp://*:5560); enables the window\n"
"      --advertise ADDR  the address the sink connects to for acks (default:\n"
"                        the --ack address, '*' replaced by this host's name)\n"
"      --id NAME         this fetch instance's name (default fetch-HOST)\n"
"      --window N        articles in flight, unacknowledged (default 1000)\n"
"      --window-mb N     ... and megabytes of them (packed; default 32)\n"
"      --resend-ms N     resend an unacknowledged article after N ms (5000),\n"
"                        doubling each time; sooner when later ones got\n"
"                        through (it was lost)\n"
"      --max-resends N   a suspect lost N times alone is sent on as a dead\n"
"                        letter (default 5)\n"
"      --rate N          send at most N articles per second (a paced stream)\n"
"      --checkpoint FILE resume from FILE (the first article not acknowledged\n"
"                        of the files and of each --follow) and keep it up to\n"
"                        date; needs --ack\n"
"Live sources (after the PATHs; fetch then runs until SIGTERM, no EOS):\n"
"      --follow FILE     JSON lines appended to FILE, like tail -F (survives\n"
"                        truncation and rotation); may be repeated\n"
"      --watch DIR       spool folder: each file there or closed/renamed into\n"
"                        it is read, then moved to DIR/done/ (with --ack once\n"
"                        all its articles are acknowledged)\n"
"      --ingest ENDPOINT PULL socket (binds by default) for JSON text frames or\n"
"                        protobuf Article frames from any PUSH producer (e.g.\n"
"                        `depeche push`); at most once\n"
"      --ingest-acked ENDPOINT\n"
"                        ROUTER socket for `depeche push --acked`: each article\n"
"                        is acknowledged to its producer once written (needs\n"
"                        --ack); the producer resends what is not\n"
"A progress line goes to stderr when it is a terminal (finite inputs).\n";

//  What the window keeps beside each article.
typedef struct {
    dp_fetch_pos_t pos;                 //  where it came from (checkpoint)
    dp_ingest_from_t from;              //  who to tell once it is written
    bool from_src;                      //  read from the sources (not ingest)
} s_meta_t;

typedef struct {
    dp_stage_t *stage;
    dp_fetch_src_t *src;
    dp_window_t *window;                //  NULL without --ack
    dp_ingest_t *ingest;                //  NULL without --ingest*
    const char *fetch_id;
    char ack_addr [300];
    const char *ckpt;                   //  checkpoint path, or NULL
    uint64_t src_hash;
    dp_fetch_pos_t start;               //  where this run began (finite)
    dp_fetch_pos_t last_finite;         //  last finite article read
    bool have_finite;
    bool src_done;                      //  finite sources read to their end
    uint64_t seq;                       //  next seq
    uint64_t sent;
    dp_metrics_t *m;
    int m_acks, m_resends, m_gave_up, m_in_flight, m_suspects;
    dp_window_stats_t exported;         //  window counters already on /metrics
    dp_article_t *pass;                 //  pass-through: id, source, seq, trace
} s_fetch_t;

//  --------------------------------------------------------------------------
//  The window's side of the wire.

static int
s_resend (void *ctx, uint64_t seq, const void *data, size_t len)
{
    s_fetch_t *f = ctx;
    (void) seq;
    dp_article_t *doc = dp_article_unpack (data, len);
    if (!doc)
        return 0;                       //  cannot happen: we packed it
    int rc = dp_stage_send (f->stage, doc);
    dp_article_destroy (&doc);
    return rc;
}

//  A suspect lost every time it went alone: it goes on as a dead letter,
//  payload dropped, the reason kept. A big one may be lost for its size
//  alone: a stage after fetch with a smaller --max-bytes takes frames up to
//  dp_frame_cap of its own, and ZeroMQ drops a bigger one with the
//  connection, unseen by the stage (a 30 MB article behind a stage at the
//  default 4M: dead-lettered after 8 minutes as "it may crash a stage").
//  Which one fetch cannot know; the reason says both, with the size.
static void *
s_give_up (void *ctx, uint64_t seq, const void *data, size_t len, size_t *new_len)
{
    (void) ctx;
    dp_article_t *doc = dp_article_unpack (data, len);
    if (!doc)
        return NULL;
    char reason [400] = "retries exhausted: a stage failed on it every time it was sent "
                        "alone (it may crash a stage)";
    //  A stage at --max-bytes M takes frames up to dp_frame_cap (M) bytes:
    //  the least M (in KiB) that takes this one.
    size_t need_k = 1;
    while (need_k < DP_MAX_MAX_BYTES >> 10 && dp_frame_cap (need_k << 10) < len)
        need_k++;
    if (len > 1u << 20)
        snprintf (reason, sizeof reason, "retries exhausted: lost every time it was sent "
                  "alone; a frame of %zu bytes is refused by a stage whose --max-bytes is "
                  "under %zuK (ZeroMQ drops it with the connection, unseen): give every "
                  "stage the --max-bytes fetch has; or a stage failed on it (it may crash "
                  "a stage)", len, need_k);
    dp_log_warn ("seq %" PRIu64 " (%s): %s; dead-lettering it", seq,
                 doc->id ? doc->id : "?", reason);
    free (doc->error);
    doc->error = NULL;
    dp_article_shrink (doc, "fetch", reason);
    void *out = dp_article_pack (doc, new_len);
    dp_article_destroy (&doc);
    return out;
}

static const dp_window_io_t s_io = { s_resend, s_give_up };

//  --------------------------------------------------------------------------
//  Checkpoint: the first article not acknowledged of each source kind.

static void
s_checkpoint (s_fetch_t *f)
{
    dp_ckpt_t ck = { .hash = f->src_hash, .seq = f->seq };
    bool files = false;
    size_t n_follow = dp_fetch_src_n_follow (f->src);
    bool follow [DP_FETCH_MAX_FOLLOW] = { false };
    uint64_t seq = 0;
    const void *meta;
    for (bool more = dp_window_next (f->window, 0, &seq, &meta); more;
         more = dp_window_next (f->window, seq + 1, &seq, &meta)) {
        const s_meta_t *m = meta;
        if (!m->from_src)
            continue;
        if (!m->pos.live && !files) {
            ck.files = m->pos;
            files = true;
        }
        size_t i = m->pos.follow;
        if (i && i <= n_follow && !follow [i - 1]) {
            ck.follow [i - 1] = m->pos;
            follow [i - 1] = true;
        }
    }
    if (!files) {
        //  Everything read is written: after it, or where this run began.
        if (f->src_done)
            ck.files = (dp_fetch_pos_t) { .file = DP_CKPT_DONE };
        else
        if (f->have_finite) {
            ck.files = f->last_finite;
            ck.files.record++;
        }
        else
            ck.files = f->start;
    }
    for (size_t i = 0; i < n_follow; i++)
        if (follow [i] || dp_fetch_src_follow_where (f->src, i, &ck.follow [i]))
            ck.follow_path [i] = (char *) dp_fetch_src_follow_path (f->src, i);
    ck.n_follow = n_follow;
    dp_ckpt_save (f->ckpt, &ck);        //  borrowed paths: not cleared
}

//  --------------------------------------------------------------------------

//  The progress line, in place on a terminal: bytes and records done of
//  the total, rate, time left.
static void
s_progress (dp_fetch_src_t *src, uint64_t t_start, bool last)
{
    uint64_t done, total;
    dp_fetch_src_progress (src, &done, &total);
    double secs = (double) (dp_mono_us () - t_start) / 1e6;
    double rate = secs > 0 ? (double) done / secs : 0;
    double left = rate > 0 && total > done ? (double) (total - done) / rate : 0;
    const dp_fetch_stats_t *fs = dp_fetch_src_stats (src);
    fprintf (stderr, "\r\033[Kfetch: %.1f of %.1f MB (%.0f%%), %" PRIu64 " records, "
             "%.1f MB/s, ETA %d:%02d%s", (double) done / 1e6, (double) total / 1e6,
             total ? 100.0 * (double) done / (double) total : 100.0, fs->records,
             rate / 1e6, (int) left / 60, (int) left % 60, last ? "\n" : "");
}

//  The window's counters on /metrics, as deltas.
static void
s_export (s_fetch_t *f)
{
    if (!f->m || !f->window)
        return;
    const dp_window_stats_t *w = dp_window_stats (f->window);
    dp_metrics_add (f->m, f->m_acks, w->acked - f->exported.acked);
    dp_metrics_add (f->m, f->m_resends, w->resent - f->exported.resent);
    dp_metrics_add (f->m, f->m_gave_up, w->gave_up - f->exported.gave_up);
    dp_metrics_add (f->m, f->m_suspects, w->suspects - f->exported.suspects);
    dp_metrics_set (f->m, f->m_in_flight, (double) dp_window_in_flight (f->window));
    f->exported = *w;
}

//  The sink's acks waiting on the ack socket.
static void
s_take_acks (s_fetch_t *f, void *ack)
{
    zmq_msg_t msg;
    zmq_msg_init (&msg);
    uint64_t now = dp_mono_us ();
    while (zmq_msg_recv (&msg, ack, ZMQ_DONTWAIT) >= 0) {
        Dp__Ack *a = dp__ack__unpack (NULL, zmq_msg_size (&msg), zmq_msg_data (&msg));
        if (!a) {
            dp_stage_counters (f->stage)->malformed++;
            dp_log_once_per (DP_LOG_WARN, "malformed ack frame dropped");
            continue;
        }
        if (a->fetch && strcmp (a->fetch, f->fetch_id) == 0)
            for (size_t i = 0; i < a->n_seqs; i++) {
                s_meta_t m;
                if (!dp_window_ack (f->window, a->seqs [i], now, &m))
                    continue;           //  a second ack, or one for a killed fetch
                if (m.from_src)
                    dp_fetch_src_acked (f->src, &m.pos);
                else
                if (f->ingest)
                    dp_ingest_ack (f->ingest, &m.from);
            }
        dp__ack__free_unpacked (a, NULL);
    }
    zmq_msg_close (&msg);
    if (f->ingest)
        dp_ingest_flush (f->ingest);
}

//  Numbers, stamps, sends one article and puts it in the window.
static void
s_send_new (s_fetch_t *f, dp_article_t *doc, uint64_t t_in, const s_meta_t *meta)
{
    dp_stage_counters (f->stage)->in++;
    if (doc->error)
        dp_stage_counters (f->stage)->dead++;
    doc->has_seq = 1;
    doc->seq = f->seq;
    if (f->window) {
        doc->origin = malloc (sizeof *doc->origin);
        if (doc->origin) {
            dp__origin__init (doc->origin);
            doc->origin->fetch = strdup (f->fetch_id);
            doc->origin->ack = strdup (f->ack_addr);
        }
    }
    Dp__Stamp *st = dp_article_stamp (doc, "fetch", t_in);
    if (st)
        st->t_out = dp_now_us ();
    //  Sent first (it may be shrunk to fit a frame), kept as sent: packed
    //  once for both.
    void *data = NULL;
    size_t len = 0;
    if ((f->window ? dp_stage_send_keep (f->stage, doc, &data, &len)
                   : dp_stage_send (f->stage, doc)) == 0)
        f->sent++;
    dp_stage_status (f->stage, false);
    if (f->window) {
        s_meta_t *m = data ? dp_window_add (f->window, f->seq, data, len, dp_mono_us ()) : NULL;
        if (m)
            *m = *meta;
        else
            free (data);
    }
    f->seq++;
}

//  Passes one JSON line through (DP_SRC_LINE): its members as they are,
//  with the id, source, seq and trace the article would get. 0, or -1 when
//  out of memory or stdout fails.
static int
s_send_line (s_fetch_t *f, const dp_fetch_line_t *l, uint64_t t_in)
{
    dp_article_t *a = f->pass;
    dp_stage_counters (f->stage)->in++;
    if (dp_article_set_str (&a->id, l->id) || dp_article_set_str (&a->source, l->source))
        return -1;
    a->has_seq = 1;
    a->seq = f->seq++;
    if (!a->n_trace && !dp_article_stamp (a, "fetch", t_in))
        return -1;
    a->trace [0]->t_in = t_in;
    a->trace [0]->t_out = dp_now_us ();
    size_t len;
    char *json = dp_article_json_splice (l->json, &l->scan, a, &len);
    if (!json)
        return -1;
    int rc = dp_stage_write_line (f->stage, json, len);
    free (json);
    if (rc == 0)
        f->sent++;
    return rc;
}

//  --------------------------------------------------------------------------

int
main (int argc, char **argv)
{
    dp_log_init ("depeche-fetch");
    dp_stage_cfg_t cfg;
    dp_stage_cfg_defaults (&cfg, "fetch");
    cfg.out = "-";
    const char *ack_ep = NULL, *advertise = NULL, *fetch_id = NULL, *ckpt = NULL;
    long window = 1000, window_mb = 32, resend_ms = 5000, max_resends = 5, rate = 0;
    enum { O_ADV = DP_OPT_STAGE_BASE, O_ID, O_WINDOW, O_WINDOW_MB, O_RESEND, O_MAXRS, O_RATE,
           O_CKPT,
           O_FOLLOW, O_WATCH, O_INGEST, O_INGEST_ACKED };
    const char *follow [DP_FETCH_MAX_FOLLOW], *watch = NULL, *ingest_ep = NULL;
    const char *acked_ep = NULL;
    size_t n_follow = 0;
    static const struct option opts [] = {
        DP_CLI_OPTIONS,
        { "ack", required_argument, NULL, 'a' },
        { "advertise", required_argument, NULL, O_ADV },
        { "id", required_argument, NULL, O_ID },
        { "window", required_argument, NULL, O_WINDOW },
        { "window-mb", required_argument, NULL, O_WINDOW_MB },
        { "resend-ms", required_argument, NULL, O_RESEND },
        { "max-resends", required_argument, NULL, O_MAXRS },
        { "rate", required_argument, NULL, O_RATE },
        { "checkpoint", required_argument, NULL, O_CKPT },
        { "follow", required_argument, NULL, O_FOLLOW },
        { "watch", required_argument, NULL, O_WATCH },
        { "ingest", required_argument, NULL, O_INGEST },
        { "ingest-acked", required_argument, NULL, O_INGEST_ACKED },
        { NULL, 0, NULL, 0 }
    };
    int c;
    while ((c = getopt_long (argc, argv, DP_CLI_SHORT "a:", opts, NULL)) != -1) {
        long *num = c == O_WINDOW ? &window : c == O_WINDOW_MB ? &window_mb
                  : c == O_RESEND ? &resend_ms
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
        if (c == O_FOLLOW) {
            if (n_follow == DP_FETCH_MAX_FOLLOW) {
                fprintf (stderr, "depeche-fetch: at most %d --follow\n", DP_FETCH_MAX_FOLLOW);
                return 2;
            }
            follow [n_follow++] = optarg;
        }
        else
        if (c == O_WATCH)
            watch = optarg;
        else
        if (c == O_INGEST)
            ingest_ep = optarg;
        else
        if (c == O_INGEST_ACKED)
            acked_ep = optarg;
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
    if ((ckpt || acked_ep) && !ack_ep) {
        fprintf (stderr, "depeche-fetch: --%s needs --ack (only acks say what is written)\n",
                 ckpt ? "checkpoint" : "ingest-acked");
        return 2;
    }

    s_fetch_t f = { .fetch_id = fetch_id, .ckpt = ckpt };
    char *stdin_only [] = { "-" };
    bool live = n_follow || watch || ingest_ep || acked_ep;
    f.src = optind < argc || live
          ? dp_fetch_src_new (argv + optind, (size_t) (argc - optind), cfg.max_bytes)
          : dp_fetch_src_new (stdin_only, 1, cfg.max_bytes);
    dp_ckpt_t ck;
    bool resumed = f.src && ckpt && dp_ckpt_load (ckpt, dp_fetch_src_hash (f.src), &ck) == 0;
    if (f.src && resumed && ck.files_ok) {
        f.start = ck.files;
        dp_fetch_src_resume (f.src, ck.files);
        dp_log_info ("resuming from %s: file #%zu, record %zu", ckpt, ck.files.file,
                     ck.files.record);
    }
    for (size_t i = 0; f.src && i < n_follow; i++) {
        const dp_fetch_pos_t *at = resumed ? dp_ckpt_follow (&ck, follow [i]) : NULL;
        if (at ? dp_fetch_src_follow_at (f.src, follow [i], at)
               : dp_fetch_src_follow (f.src, follow [i]))
            dp_fetch_src_destroy (&f.src);
    }
    if (resumed)
        dp_ckpt_clear (&ck);
    if (f.src && watch && dp_fetch_src_watch (f.src, watch))
        dp_fetch_src_destroy (&f.src);
    if (f.src && ack_ep)
        dp_fetch_src_defer_done (f.src);
    f.stage = f.src ? dp_stage_new (&cfg) : NULL;
    if (f.stage && (ingest_ep || acked_ep)
    &&  !(f.ingest = dp_ingest_new (dp_stage_ctx (f.stage), ingest_ep, acked_ep, fetch_id,
                                    dp_frame_cap (cfg.max_bytes), cfg.hwm)))
        dp_stage_destroy (&f.stage);
    //  The ack socket and its advertised address.
    void *ack = NULL;
    if (f.stage && ack_ep) {
        ack = zmq_socket (dp_stage_ctx (f.stage), ZMQ_PULL);
        if (!ack || dp_socket_setup (ack, 100000, 0, 1 << 20)
        ||  dp_socket_attach (ack, ack_ep, true)) {
            if (ack)
                zmq_close (ack);
            dp_ingest_destroy (&f.ingest);
            dp_stage_destroy (&f.stage);
        }
        else
        if (advertise)
            snprintf (f.ack_addr, sizeof f.ack_addr, "%s", advertise);
        else {
            const char *a = ack_ep + (*ack_ep == '@' || *ack_ep == '>');
            const char *star = strstr (a, "://*:");
            if (star)
                snprintf (f.ack_addr, sizeof f.ack_addr, "%.*s://%s:%s",
                          (int) (star - a), a, host, star + 5);
            else
                snprintf (f.ack_addr, sizeof f.ack_addr, "%s", a);
        }
    }
    if (!f.stage) {
        dp_fetch_src_destroy (&f.src);
        return 2;
    }
    int status = 0;
    if (ack) {
        dp_window_cfg_t wcfg = { .size = (size_t) window, .meta_size = sizeof (s_meta_t),
                                 .max_bytes = (size_t) window_mb << 20,
                                 .resend_us = (uint64_t) resend_ms * 1000u,
                                 .max_resends = (unsigned) max_resends };
        f.window = dp_window_new (&wcfg);
        if (!f.window) {
            dp_log_error ("out of memory for a window of %ld", window);
            status = -1;
        }
        //  Seqs of one run are never those of an earlier one: a late ack
        //  meant for a killed fetch acknowledges nothing here.
        f.seq = dp_now_us ();
    }
    //  A replay to JSON lines passes valid lines through (with a buffer
    //  for many lines per write): nothing is waited for, resent or resumed.
    if (status == 0 && !ack && !live && dp_stage_line_limit (f.stage)
    &&  !getenv ("DP_FETCH_NO_PASS")) {
        if (!(f.pass = dp_article_new ()))
            status = -1;
        else {
            static char out_buf [1 << 20];  //  glibc takes a size only with a buffer
            setvbuf (stdout, out_buf, _IOFBF, sizeof out_buf);
            //  Room for the source (escaped), the id and the trace.
            size_t limit = dp_stage_line_limit (f.stage);
            dp_fetch_src_pass_lines (f.src, limit > 65536 ? limit - 32768 : 0);
        }
    }
    f.m = dp_stage_metrics (f.stage);
    f.m_acks = dp_metrics_counter (f.m, "acks", "Articles the sink acknowledged");
    f.m_resends = dp_metrics_counter (f.m, "resends", "Articles sent again, lost or late");
    f.m_gave_up = dp_metrics_counter (f.m, "retries_exhausted",
                                      "Articles dead-lettered after failing alone");
    f.m_suspects = dp_metrics_counter (f.m, "suspects", "Articles sent alone after two "
                                       "losses while the pipeline made progress");
    f.m_in_flight = dp_metrics_gauge (f.m, "in_flight", "Articles sent, not yet acknowledged");
    f.src_hash = dp_fetch_src_hash (f.src);
    uint64_t t_start = dp_mono_us ();
    uint64_t seq0 = f.seq;
    uint64_t last_tick = 0, ckpt_at = 0, ckpt_acked = UINT64_MAX;
    bool progress = !live && isatty (STDERR_FILENO) && !getenv ("DP_NO_PROGRESS");
    uint64_t progress_at = 0;
    bool done = false;                  //  no more input will come
    //  At once: a fetch killed before its first ack still knows where its
    //  followed files stood when it began.
    if (ckpt && f.window)
        s_checkpoint (&f);

    while (status == 0 && !dp_signal_pending ()) {
        //  Read and send while the window has room.
        bool idle = true;
        uint64_t burst = 0;
        while (!done && !(f.window && !dp_window_room (f.window, f.seq))) {
            //  Paced stream: article n is due at t_start + n / rate.
            if (rate && dp_mono_us () < t_start + (f.seq - seq0) * 1000000u / (uint64_t) rate)
                break;
            dp_article_t *doc = NULL;
            s_meta_t meta = { .from_src = true };
            uint64_t t_in = dp_now_us ();
            dp_src_rc_t rc = f.src_done ? DP_SRC_DONE : dp_fetch_src_next (f.src, &doc);
            if (rc == DP_SRC_FATAL) {
                status = -1;
                done = true;
                break;
            }
            if (rc == DP_SRC_LINE) {
                if (s_send_line (&f, dp_fetch_src_line (f.src), t_in)) {
                    status = -1;
                    done = true;
                    break;
                }
                idle = false;
                if ((f.seq & 63) == 0 && dp_signal_pending ())
                    break;              //  (a read of the signal pipe)
                continue;
            }
            if (rc == DP_SRC_DONE) {
                f.src_done = true;
                if (!f.ingest) {
                    done = true;
                    break;
                }
            }
            if (rc == DP_SRC_ARTICLE) {
                meta.pos = dp_fetch_src_pos (f.src);
                if (!meta.pos.live) {
                    f.last_finite = meta.pos;
                    f.have_finite = true;
                }
            }
            else
            if (f.ingest) {
                meta.from_src = false;
                doc = dp_ingest_next (f.ingest, &meta.from);
            }
            if (!doc)
                break;
            idle = false;
            s_send_new (&f, doc, t_in, &meta);
            dp_article_destroy (&doc);
            if (progress && (f.seq & 255) == 0 && dp_mono_us () - progress_at > 250000) {
                progress_at = dp_mono_us ();
                s_progress (f.src, t_start, false);
            }
            //  Take acks now and then even while the input keeps flowing.
            if (dp_signal_pending () || (ack && ++burst == 64))
                break;
        }
        if (done && (!f.window || dp_window_in_flight (f.window) == 0))
            break;
        //  Wait for acks, stdin, producers, a signal or the resend timer.
        zmq_pollitem_t items [6] = {
            { .fd = dp_stage_signal_fd (f.stage), .events = ZMQ_POLLIN },
        };
        int n_items = 1;
        if (ack)
            items [n_items++] = (zmq_pollitem_t) { .socket = ack, .events = ZMQ_POLLIN };
        if (!done && dp_fetch_src_fd (f.src) >= 0)
            items [n_items++] = (zmq_pollitem_t) { .fd = dp_fetch_src_fd (f.src),
                                                   .events = ZMQ_POLLIN };
        bool window_full = f.window && !dp_window_room (f.window, f.seq);
        if (!done && f.ingest && !window_full)
            n_items += dp_ingest_poll_items (f.ingest, items + n_items);
        dp_stage_status (f.stage, false);
        s_export (&f);
        if (f.pass && dp_stage_flush (f.stage))
            status = -1;
        int timeout = idle || window_full || done ? 100 : 0;
        if (rate && !done && !window_full) {
            uint64_t due = t_start + (f.seq - seq0) * 1000000u / (uint64_t) rate;
            uint64_t now = dp_mono_us ();
            timeout = due > now ? (int) ((due - now) / 1000) : 0;
        }
        zmq_poll (items, n_items, timeout);
        if (!ack)
            continue;
        s_take_acks (&f, ack);
        uint64_t now = dp_mono_us ();
        if (now - last_tick >= 100000) {
            dp_window_tick (f.window, now, &s_io, &f);
            last_tick = now;
        }
        uint64_t acked = dp_window_stats (f.window)->acked;
        if (ckpt && acked != ckpt_acked && now - ckpt_at > 200000) {
            s_checkpoint (&f);
            ckpt_acked = acked;
            ckpt_at = now;
        }
    }
    if (ckpt && f.window && status == 0)
        s_checkpoint (&f);
    if (f.pass && dp_stage_flush (f.stage))
        status = -1;
    dp_article_destroy (&f.pass);
    if (progress && f.seq != seq0)
        s_progress (f.src, t_start, true);
    if (!dp_signal_pending () && status == 0)
        dp_stage_send_eos (f.stage);
    if (f.ingest) {
        const dp_ingest_stats_t *is = dp_ingest_stats (f.ingest);
        dp_log_info ("ingest: %" PRIu64 " article(s), %" PRIu64 " bad frame(s), %" PRIu64
                     " acknowledged to producers", is->articles, is->bad, is->acked);
        dp_ingest_destroy (&f.ingest);
    }
    const dp_fetch_stats_t *fs = dp_fetch_src_stats (f.src);
    dp_window_stats_t ws = { 0 };
    if (f.window)
        ws = *dp_window_stats (f.window);
    struct rusage ru;
    getrusage (RUSAGE_SELF, &ru);
    dp_log_info ("fetch: files=%llu records=%llu dead=%llu skipped=%llu warc_skipped=%llu "
                 "warc_resynced=%llu gz_junk=%llu nul_dropped=%llu resumed=%llu sent=%llu acked=%llu resent=%llu unacked=%zu overtaken=%llu "
                 "timeouts=%llu probes=%llu suspects=%llu gave_up=%llu maxrss_kb=%ld%s",
                 (unsigned long long) fs->files, (unsigned long long) fs->records,
                 (unsigned long long) fs->dead, (unsigned long long) fs->skipped,
                 (unsigned long long) fs->warc_skipped, (unsigned long long) fs->warc_resynced,
                 (unsigned long long) fs->gz_junk,
                 (unsigned long long) fs->nul_dropped,
                 (unsigned long long) fs->resumed,
                 (unsigned long long) f.sent, (unsigned long long) ws.acked,
                 (unsigned long long) ws.resent,
                 f.window ? dp_window_in_flight (f.window) : (size_t) 0,
                 (unsigned long long) ws.overtaken, (unsigned long long) ws.timeouts,
                 (unsigned long long) ws.probes, (unsigned long long) ws.suspects, (unsigned long long) ws.gave_up,
                 ru.ru_maxrss, dp_signal_pending () ? " (stopped on signal)" : "");
    dp_window_destroy (&f.window);
    if (ack)
        zmq_close (ack);
    dp_stage_destroy (&f.stage);
    dp_fetch_src_destroy (&f.src);
    return status ? 1 : 0;
}
