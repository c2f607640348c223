//  depeche fetch — one run of depeche-fetch (deliver.h): the sources
//  opened and resumed, the loop that reads, numbers and sends each article,
//  and with --ack the delivery window's side of the protocol: every
//  article kept packed in the window (dp_window.h) until the sink's ack
//  names its seq, resent when late, dead-lettered when it fails alone
//  every time (s_give_up), and the checkpoint a restart resumes from.
#include "depeche/dp_log.h"
#include "depeche/dp_metrics.h"
#include "depeche/dp_signal.h"
#include "depeche/dp_stage.h"
#include "depeche/dp_window.h"
#include "fetch/checkpoint.h"
#include "fetch/deliver.h"
#include "fetch/fetch.h"
#include "fetch/ingest.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zmq.h>

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
    char run_id [320];                  //  --id and this run's token: the origin
                                        //  of its articles, what acks name
    char ack_addr [300];
    const char *ckpt;                   //  checkpoint path, or NULL
    uint64_t src_hash;
    dp_fetch_pos_t start;               //  where this run began (finite)
    dp_fetch_pos_t last_finite;         //  last finite article read
    bool have_finite;
    bool src_done;                      //  finite sources read to their end
    uint64_t seq;                       //  next seq
    uint64_t seq_floor;                 //  the SEQ of the checkpoint resumed, or 0
    uint64_t seq_ceil;                  //  the checkpoint's SEQ (checkpoint.h)
    uint64_t seq_block;                 //  seqs reserved at a time
    uint64_t sent;
    dp_metrics_t *m;
    int m_acks, m_resends, m_gave_up, m_in_flight, m_suspects;
    dp_window_stats_t exported;         //  window counters already on /metrics
    dp_article_t *pass;                 //  pass-through: id, source, seq, trace
    void *ack;                          //  the ack socket, NULL without --ack
    long rate;                          //  articles a second, 0: no pacing
    bool live;                          //  a live source: runs until a signal
    bool done;                          //  no more input will come
    bool idle;                          //  the last fill read nothing
    bool progress;                      //  a progress line on the terminal
    uint64_t t_start, seq0;             //  when and at which seq this run began
    uint64_t progress_at, last_tick, ckpt_at;
    uint64_t ckpt_acked;                //  acks counted at the last checkpoint
} s_fetch_t;

//  This run's name on the wire: the fetch id and a random token, so that
//  no ack meant for an earlier run of the same fetch (late in a queue, a
//  pipe, the sink's batch) matches one of this run's seqs, checkpoint or
//  not, clock stepped or not.
static void
s_run_id (char *buf, size_t size, const char *fetch_id)
{
    uint64_t token;
    if (getrandom (&token, sizeof token, GRND_NONBLOCK) != (ssize_t) sizeof token)
        token = dp_now_us () ^ dp_mono_us () << 20 ^ (uint64_t) getpid () << 44;
    snprintf (buf, size, "%s#%016" PRIx64, fetch_id, token);
}

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
    dp_ckpt_t ck = { .hash = f->src_hash, .seq = f->seq_ceil > f->seq ? f->seq_ceil : f->seq };
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
        if (a->fetch && strcmp (a->fetch, f->run_id) == 0)
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

//  Numbers, stamps, sends one article and puts it in the window. 0, or -1
//  when out of memory for what the window needs (the origin acks name, the
//  copy kept for resends): an article sent without them is never
//  acknowledged or never resent, and the checkpoint would pass over it as
//  if it were written. The run must stop (logged): a restart reads it
//  again from the last checkpoint, which is not past it.
static int
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
            doc->origin->fetch = strdup (f->run_id);
            doc->origin->ack = strdup (f->ack_addr);
        }
        if (!doc->origin || !doc->origin->fetch || !doc->origin->ack) {
            dp_log_error ("out of memory for the origin of seq %" PRIu64 "; stopping (a "
                          "restart resumes from the checkpoint)", f->seq);
            return -1;
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
#ifdef DP_TEST_HOOKS
    //  Test builds only (build/asan, whose allocator no LD_PRELOAD shim can
    //  fail): the article whose id is $DP_TEST_NO_COPY gets no copy, as
    //  when malloc fails for it.
    const char *no_copy = getenv ("DP_TEST_NO_COPY");
    if (no_copy && doc->id && strcmp (doc->id, no_copy) == 0) {
        free (data);
        data = NULL;
    }
#endif
    if (f->window) {
        if (!data) {
            dp_log_error ("out of memory for the window's copy of seq %" PRIu64 "; stopping "
                          "(a restart resumes from the checkpoint)", f->seq);
            return -1;
        }
        s_meta_t *m = dp_window_add (f->window, f->seq, data, len, dp_mono_us ());
        if (!m) {                       //  cannot happen: s_fill asked dp_window_room
            free (data);
            dp_log_error ("seq %" PRIu64 " already in the window; stopping", f->seq);
            return -1;
        }
        *m = *meta;
    }
    f->seq++;
    return 0;
}

//  Passes one JSON line through (DP_SRC_LINE): its members as they are,
//  with the id, source, seq and trace the article would get. 0, or -1 when
//  out of memory or stdout fails.
static int
s_send_line (s_fetch_t *f, const dp_fetch_line_t *l, uint64_t t_in)
{
    dp_article_t *a = f->pass;
    dp_stage_counters (f->stage)->in++;
    a->has_seq = 1;
    a->seq = f->seq++;
    size_t len;
    char *json = NULL;
    if (dp_article_set_str (&a->id, l->id) || dp_article_set_str (&a->source, l->source)
    ||  (!a->n_trace && !dp_article_stamp (a, "fetch", t_in)))
        json = NULL;
    else {
        a->trace [0]->t_in = t_in;
        a->trace [0]->t_out = dp_now_us ();
        json = dp_article_json_splice (l->json, &l->scan, a, &len);
    }
    if (!json) {
        dp_log_error ("out of memory passing seq %" PRIu64 " (%s) through; stopping",
                      a->seq, l->id ? l->id : "?");
        return -1;
    }
    int rc = dp_stage_write_line (f->stage, json, len);
    free (json);
    if (rc == 0)
        f->sent++;
    return rc;
}


//  --------------------------------------------------------------------------
//  Opens the sources: the PATHs (none: stdin), resumed from the
//  checkpoint, the followed files, the spool folder. false on failure
//  (logged).

static bool
s_open_sources (s_fetch_t *f, const dp_fetch_opts_t *o, char *const *paths, size_t n_paths,
                size_t max_bytes)
{
    static char *const stdin_only [] = { "-" };
    f->src = n_paths || f->live ? dp_fetch_src_new (paths, n_paths, max_bytes)
                                : dp_fetch_src_new (stdin_only, 1, max_bytes);
    if (!f->src)
        return false;
    dp_ckpt_t ck;
    bool resumed = o->ckpt && dp_ckpt_load (o->ckpt, dp_fetch_src_hash (f->src), &ck) == 0;
    f->seq_floor = resumed ? ck.seq : 0;
    if (resumed && ck.files_ok) {
        f->start = ck.files;
        dp_fetch_src_resume (f->src, ck.files);
        dp_log_info ("resuming from %s: file #%zu, record %zu", o->ckpt, ck.files.file,
                     ck.files.record);
    }
    bool ok = true;
    for (size_t i = 0; ok && i < o->n_follow; i++) {
        const dp_fetch_pos_t *at = resumed ? dp_ckpt_follow (&ck, o->follow [i]) : NULL;
        ok = at ? dp_fetch_src_follow_at (f->src, o->follow [i], at) == 0
                : dp_fetch_src_follow (f->src, o->follow [i]) == 0;
    }
    if (resumed)
        dp_ckpt_clear (&ck);
    if (ok && o->watch)
        ok = dp_fetch_src_watch (f->src, o->watch) == 0;
    if (ok && o->ack_ep)
        dp_fetch_src_defer_done (f->src);
    return ok;
}

//  --------------------------------------------------------------------------
//  Opens the ack socket (binds by default) and sets the address the sink
//  is told to send acks to (origin.ack): --advertise, or --ack with '*'
//  replaced by this host's name. false on failure (logged).

static bool
s_open_ack (s_fetch_t *f, const dp_fetch_opts_t *o)
{
    f->ack = zmq_socket (dp_stage_ctx (f->stage), ZMQ_PULL);
    if (!f->ack || dp_socket_setup (f->ack, 100000, 0, 1 << 20)
    ||  dp_socket_attach (f->ack, o->ack_ep, true)) {
        if (f->ack)
            zmq_close (f->ack);
        f->ack = NULL;
        return false;
    }
    const char *a = o->ack_ep + (*o->ack_ep == '@' || *o->ack_ep == '>');
    const char *star = strstr (a, "://*:");
    if (o->advertise)
        snprintf (f->ack_addr, sizeof f->ack_addr, "%s", o->advertise);
    else
    if (star)
        snprintf (f->ack_addr, sizeof f->ack_addr, "%.*s://%s:%s", (int) (star - a), a,
                  o->host, star + 5);
    else
        snprintf (f->ack_addr, sizeof f->ack_addr, "%s", a);
    return true;
}

//  --------------------------------------------------------------------------
//  Opens everything a run needs: sources, stage sockets, the producers'
//  sockets, the ack socket and the window, the pass-through and the
//  metrics. false when fetch cannot start (logged).

static bool
s_open (s_fetch_t *f, dp_stage_cfg_t *cfg, const dp_fetch_opts_t *o,
        char *const *paths, size_t n_paths)
{
    if (!s_open_sources (f, o, paths, n_paths, cfg->max_bytes))
        return false;
    if (!(f->stage = dp_stage_new (cfg)))
        return false;
    if ((o->ingest_ep || o->acked_ep)
    &&  !(f->ingest = dp_ingest_new (dp_stage_ctx (f->stage), o->ingest_ep, o->acked_ep,
                                     o->fetch_id, dp_frame_cap (cfg->max_bytes), cfg->hwm)))
        return false;
    if (o->ack_ep && !s_open_ack (f, o))
        return false;
    f->m = dp_stage_metrics (f->stage);
    f->m_acks = dp_metrics_counter (f->m, "acks", "Articles the sink acknowledged");
    f->m_resends = dp_metrics_counter (f->m, "resends", "Articles sent again, lost or late");
    f->m_gave_up = dp_metrics_counter (f->m, "retries_exhausted",
                                       "Articles dead-lettered after failing alone");
    f->m_suspects = dp_metrics_counter (f->m, "suspects", "Articles sent alone after two "
                                        "losses while the pipeline made progress");
    f->m_in_flight = dp_metrics_gauge (f->m, "in_flight", "Articles sent, not yet acknowledged");
    f->src_hash = dp_fetch_src_hash (f->src);
    return true;
}

//  The window (with --ack) or the pass-through of valid lines (a replay
//  to JSON lines: nothing is waited for, resent or resumed). 0, or -1
//  when out of memory.
static int
s_start (s_fetch_t *f, const dp_fetch_opts_t *o)
{
    if (f->ack) {
        dp_window_cfg_t wcfg = { .size = (size_t) o->window, .meta_size = sizeof (s_meta_t),
                                 .max_bytes = (size_t) o->window_mb << 20,
                                 .resend_us = (uint64_t) o->resend_ms * 1000u,
                                 .max_resends = (unsigned) o->max_resends };
        if (!(f->window = dp_window_new (&wcfg))) {
            dp_log_error ("out of memory for a window of %ld", o->window);
            return -1;
        }
        //  A late ack meant for a killed fetch acknowledges nothing here:
        //  acks name the run (its token), and the seqs of a run are above
        //  those of the run before when a checkpoint says where those
        //  stopped, wherever the wall clock was stepped to.
        f->seq = dp_ckpt_first_seq (dp_now_us (), f->seq_floor);
        s_run_id (f->run_id, sizeof f->run_id, o->fetch_id);
    }
    else
    if (!f->live && dp_stage_line_limit (f->stage) && !getenv ("DP_FETCH_NO_PASS")) {
        if (!(f->pass = dp_article_new ()))
            return -1;
        static char out_buf [1 << 20];  //  glibc takes a size only with a buffer
        setvbuf (stdout, out_buf, _IOFBF, sizeof out_buf);
        //  Room for the source (escaped), the id and the trace.
        size_t limit = dp_stage_line_limit (f->stage);
        dp_fetch_src_pass_lines (f->src, limit > 65536 ? limit - 32768 : 0);
    }
    f->t_start = dp_mono_us ();
    f->seq0 = f->seq;
    f->ckpt_acked = UINT64_MAX;
    f->progress = !f->live && isatty (STDERR_FILENO) && !getenv ("DP_NO_PROGRESS");
    //  At once: a fetch killed before its first ack still knows where its
    //  followed files stood when it began.
    f->seq_block = DP_CKPT_SEQ_BLOCK;
#ifdef DP_TEST_HOOKS
    //  Test builds only (build/asan): $DP_TEST_SEQ_BLOCK seqs a block, so
    //  that a test reaches a reservation within a few articles.
    const char *block = getenv ("DP_TEST_SEQ_BLOCK");
    if (block && atol (block) > 0)
        f->seq_block = (uint64_t) atol (block);
#endif
    if (f->ckpt && f->window) {
        dp_ckpt_seq_reserve (f->seq, f->seq_block, &f->seq_ceil);
        s_checkpoint (f);
    }
    return 0;
}

//  --------------------------------------------------------------------------
//  True when a paced stream (--rate) must wait: article n is due at
//  t_start + n / rate.

static bool
s_paced (const s_fetch_t *f)
{
    return f->rate && dp_mono_us ()
           < f->t_start + (f->seq - f->seq0) * 1000000u / (uint64_t) f->rate;
}

//  Reads and sends while the window has room, the pace allows and input
//  is there, 64 at most between two looks at the acks. 0, or -1 on a
//  fatal error (then done).
static int
s_fill (s_fetch_t *f)
{
    f->idle = true;
    uint64_t burst = 0;
    while (!f->done && !(f->window && !dp_window_room (f->window, f->seq)) && !s_paced (f)) {
        //  The seq's block on disk before it goes out (a restart after a
        //  kill -9 starts above), and before the read: that checkpoint
        //  sees the article neither read nor in the window, where one read
        //  (in last_finite, or its followed file's offset) with nothing
        //  else of its source in flight counted as acknowledged.
        if (f->ckpt && f->window && dp_ckpt_seq_reserve (f->seq, f->seq_block, &f->seq_ceil))
            s_checkpoint (f);
        dp_article_t *doc = NULL;
        s_meta_t meta = { .from_src = true };
        uint64_t t_in = dp_now_us ();
        dp_src_rc_t rc = f->src_done ? DP_SRC_DONE : dp_fetch_src_next (f->src, &doc);
        if (rc == DP_SRC_FATAL
        ||  (rc == DP_SRC_LINE && s_send_line (f, dp_fetch_src_line (f->src), t_in))) {
            f->done = true;
            return -1;
        }
        if (rc == DP_SRC_LINE) {
            f->idle = false;
            if ((f->seq & 63) == 0 && dp_signal_pending ())
                break;                  //  (a read of the signal pipe)
            continue;
        }
        if (rc == DP_SRC_DONE) {
            f->src_done = true;
            if (!f->ingest) {
                f->done = true;
                break;
            }
        }
        if (rc == DP_SRC_ARTICLE) {
            meta.pos = dp_fetch_src_pos (f->src);
            if (!meta.pos.live) {
                f->last_finite = meta.pos;
                f->have_finite = true;
            }
        }
        else
        if (f->ingest) {
            meta.from_src = false;
            doc = dp_ingest_next (f->ingest, &meta.from);
        }
        if (!doc)
            break;
        f->idle = false;
        int sent = s_send_new (f, doc, t_in, &meta);
        dp_article_destroy (&doc);
        if (sent) {
            f->done = true;
            return -1;
        }
        if (f->progress && (f->seq & 255) == 0 && dp_mono_us () - f->progress_at > 250000) {
            f->progress_at = dp_mono_us ();
            s_progress (f->src, f->t_start, false);
        }
        //  Take acks now and then even while the input keeps flowing.
        if (dp_signal_pending () || (f->ack && ++burst == 64))
            break;
    }
    return 0;
}

//  Waits for acks, stdin, producers, a signal, the pace or the resend
//  timer (100 ms at most), after the status and metrics are out and the
//  pass-through's lines flushed. 0, or -1 when stdout fails.
static int
s_wait (s_fetch_t *f)
{
    zmq_pollitem_t items [6] = {
        { .fd = dp_stage_signal_fd (f->stage), .events = ZMQ_POLLIN },
    };
    int n_items = 1;
    if (f->ack)
        items [n_items++] = (zmq_pollitem_t) { .socket = f->ack, .events = ZMQ_POLLIN };
    if (!f->done && dp_fetch_src_fd (f->src) >= 0)
        items [n_items++] = (zmq_pollitem_t) { .fd = dp_fetch_src_fd (f->src),
                                               .events = ZMQ_POLLIN };
    bool window_full = f->window && !dp_window_room (f->window, f->seq);
    if (!f->done && f->ingest && !window_full)
        n_items += dp_ingest_poll_items (f->ingest, items + n_items);
    dp_stage_status (f->stage, false);
    s_export (f);
    if (f->pass && dp_stage_flush (f->stage))
        return -1;
    int timeout = f->idle || window_full || f->done ? 100 : 0;
    if (f->rate && !f->done && !window_full) {
        uint64_t due = f->t_start + (f->seq - f->seq0) * 1000000u / (uint64_t) f->rate;
        uint64_t now = dp_mono_us ();
        timeout = due > now ? (int) ((due - now) / 1000) : 0;
    }
    zmq_poll (items, n_items, timeout);
    return 0;
}

//  The window's turn after a wait: the acks taken, every 100 ms late
//  articles resent or dead-lettered, every 200 ms a checkpoint when acks
//  came.
static void
s_deliver (s_fetch_t *f)
{
    s_take_acks (f, f->ack);
    uint64_t now = dp_mono_us ();
    if (now - f->last_tick >= 100000) {
        dp_window_tick (f->window, now, &s_io, f);
        f->last_tick = now;
    }
    uint64_t acked = dp_window_stats (f->window)->acked;
    if (f->ckpt && acked != f->ckpt_acked && now - f->ckpt_at > 200000) {
        s_checkpoint (f);
        f->ckpt_acked = acked;
        f->ckpt_at = now;
    }
}

//  --------------------------------------------------------------------------
//  The run's summary line.

static void
s_report (const s_fetch_t *f)
{
    if (f->ingest) {
        const dp_ingest_stats_t *is = dp_ingest_stats (f->ingest);
        dp_log_info ("ingest: %" PRIu64 " article(s), %" PRIu64 " bad frame(s), %" PRIu64
                     " acknowledged to producers", is->articles, is->bad, is->acked);
    }
    const dp_fetch_stats_t *fs = dp_fetch_src_stats (f->src);
    dp_window_stats_t ws = { 0 };
    if (f->window)
        ws = *dp_window_stats (f->window);
    struct rusage ru;
    getrusage (RUSAGE_SELF, &ru);
    dp_log_info ("fetch: files=%llu records=%llu dead=%llu skipped=%llu warc_skipped=%llu "
                 "warc_resynced=%llu gz_junk=%llu nul_dropped=%llu resumed=%llu sent=%llu "
                 "acked=%llu resent=%llu unacked=%zu overtaken=%llu "
                 "timeouts=%llu probes=%llu suspects=%llu gave_up=%llu maxrss_kb=%ld%s",
                 (unsigned long long) fs->files, (unsigned long long) fs->records,
                 (unsigned long long) fs->dead, (unsigned long long) fs->skipped,
                 (unsigned long long) fs->warc_skipped, (unsigned long long) fs->warc_resynced,
                 (unsigned long long) fs->gz_junk,
                 (unsigned long long) fs->nul_dropped,
                 (unsigned long long) fs->resumed,
                 (unsigned long long) f->sent, (unsigned long long) ws.acked,
                 (unsigned long long) ws.resent,
                 f->window ? dp_window_in_flight (f->window) : (size_t) 0,
                 (unsigned long long) ws.overtaken, (unsigned long long) ws.timeouts,
                 (unsigned long long) ws.probes, (unsigned long long) ws.suspects,
                 (unsigned long long) ws.gave_up,
                 ru.ru_maxrss, dp_signal_pending () ? " (stopped on signal)" : "");
}

static void
s_close (s_fetch_t *f)
{
    dp_article_destroy (&f->pass);
    dp_ingest_destroy (&f->ingest);
    dp_window_destroy (&f->window);
    if (f->ack)
        zmq_close (f->ack);
    dp_stage_destroy (&f->stage);
    dp_fetch_src_destroy (&f->src);
}

//  --------------------------------------------------------------------------
//  One run: fill the window, wait, take acks and resend, until the input
//  is read and the window empty, or a signal; then the last checkpoint,
//  EOS downstream (not on a signal: a restart goes on) and the summary.

int
dp_fetch_deliver (dp_stage_cfg_t *cfg, const dp_fetch_opts_t *o,
                  char *const *paths, size_t n_paths)
{
    s_fetch_t f = { .ckpt = o->ckpt, .rate = o->rate,
                    .live = o->n_follow || o->watch || o->ingest_ep || o->acked_ep };
    if (!s_open (&f, cfg, o, paths, n_paths)) {
        s_close (&f);
        return 2;
    }
    int status = s_start (&f, o);
    while (status == 0 && !dp_signal_pending ()) {
        status = s_fill (&f);
        if (status || (f.done && (!f.window || dp_window_in_flight (f.window) == 0)))
            break;
        status = s_wait (&f);
        if (status == 0 && f.ack)
            s_deliver (&f);
    }
    if (f.ckpt && f.window && status == 0)
        s_checkpoint (&f);
    if (f.pass && dp_stage_flush (f.stage))
        status = -1;
    if (f.progress && f.seq != f.seq0)
        s_progress (f.src, f.t_start, true);
    if (!dp_signal_pending () && status == 0)
        dp_stage_send_eos (f.stage);
    s_report (&f);
    s_close (&f);
    return status ? 1 : 0;
}
