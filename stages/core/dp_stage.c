//  depeche — the stage runtime (see dp_stage.h). Single-threaded: one input,
//  one output, one loop. It works on one article at a time and, while more
//  input is waiting, holds back up to S_HOLD_MAX packed frames (S_HOLD_BYTES,
//  S_HOLD_US) to send them together; memory is bounded by the HWMs, that
//  and the size limit. The loop, the output and the counters are here; the
//  input (frames, stdin's JSON lines) is dp_stage_in.c.
#include "depeche/dp_stage.h"
#include "depeche/dp_endpoint.h"
#include "depeche/dp_log.h"
#include "depeche/dp_metrics.h"
#include "depeche/dp_signal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zmq.h>

#include "core/dp_stage_int.h"

void
dp_stage_cfg_defaults (dp_stage_cfg_t *cfg, const char *name)
{
    memset (cfg, 0, sizeof *cfg);
    cfg->name = name;
    cfg->linger_ms = DP_DEFAULT_LINGER_MS;
    cfg->hwm = DP_DEFAULT_HWM;
    cfg->max_bytes = dp_max_bytes_default ();
}

//  Validates an endpoint spec up front (exit 2 material).
static int
s_check_spec (const char *spec, bool default_bind, const char *what)
{
    dp_endpoint_t ep;
    char err [256];
    if (dp_endpoint_parse (spec, default_bind, &ep, err, sizeof err)) {
        dp_log_error ("--%s \"%s\": %s", what, spec, err);
        return -1;
    }
    return ep.stdio ? 1 : 0;
}

dp_stage_t *
dp_stage_new (const dp_stage_cfg_t *cfg)
{
    dp_stage_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->cfg = *cfg;
    self->frame_limit = dp_frame_limit (cfg->max_bytes);
    dp_article_decoder_stage (cfg->name);
    const char *status = getenv ("DP_STATUS");
    if (status && *status) {
        //  Mapped: the counters are in the file as they change, so that a
        //  stage killed with -9 leaves its last counts for the supervisor.
        int fd = open (status, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        void *map = fd >= 0 && ftruncate (fd, S_STATUS_LEN) == 0
                  ? mmap (NULL, S_STATUS_LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
                  : MAP_FAILED;
        if (map != MAP_FAILED)
            self->status = map;
        else
            dp_log_warn ("%s: %s; no status for the supervisor", status, strerror (errno));
        if (fd >= 0)
            close (fd);
    }
    self->sig_fd = dp_signal_open ();
    if (self->sig_fd == -1)
        goto fail;
    int in_kind = cfg->in ? s_check_spec (cfg->in, true, "in") : 0;
    int out_kind = cfg->out ? s_check_spec (cfg->out, false, "out") : 0;
    if (in_kind < 0 || out_kind < 0)
        goto fail;
    self->in_stdio = cfg->in && in_kind == 1;
    self->out_stdio = cfg->out && out_kind == 1;
    self->ctx = zmq_ctx_new ();
    if (!self->ctx)
        goto fail;
    //  New sockets get linger 0 and zmq_ctx_term never hangs (STYLE.md, 1).
    zmq_ctx_set (self->ctx, ZMQ_BLOCKY, 0);
    //  Keys (and the ZAP handler) before any socket binds.
    self->curve = dp_curve_new (self->ctx, &cfg->curve);
    if (!self->curve)
        goto fail;
    dp_socket_policy (self->curve);
    if (cfg->metrics) {
        self->metrics = dp_metrics_new (cfg->metrics, cfg->name);
        if (!self->metrics)
            goto fail;
    }
    self->m_in = dp_metrics_counter (self->metrics, "articles_in", "Articles received");
    self->m_out = dp_metrics_counter (self->metrics, "articles_out", "Articles sent on");
    self->m_dead = dp_metrics_counter (self->metrics, "dead_letters",
                                       "Articles that went on with error set");
    self->m_malformed = dp_metrics_counter (self->metrics, "malformed_frames",
                                            "Frames or lines that were not articles");
    self->m_oversize = dp_metrics_counter (self->metrics, "oversize",
                                           "Articles over the size limit");
    self->m_time = dp_metrics_histogram (self->metrics, "processing_seconds",
                                         "Time spent on one article in this stage");
    if (cfg->in && !self->in_stdio) {
        self->in = zmq_socket (self->ctx, ZMQ_PULL);
        if (!self->in
        ||  dp_socket_setup (self->in, cfg->hwm, 0, (int64_t) dp_frame_cap (cfg->max_bytes))
        ||  dp_socket_attach (self->in, cfg->in, true))
            goto fail;
    }
    if (self->in_stdio) {
        self->buf_cap = dp_frame_cap (cfg->max_bytes) + 1;
        self->buf = malloc (self->buf_cap);
        if (!self->buf)
            goto fail;
    }
    if (cfg->out && !self->out_stdio) {
        self->out = zmq_socket (self->ctx, ZMQ_PUSH);
        if (!self->out
        ||  dp_socket_setup (self->out, cfg->hwm, cfg->linger_ms, 0)
        ||  dp_socket_attach (self->out, cfg->out, false))
            goto fail;
        //  Bounded blocking: a send stuck at the HWM wakes up to look at the
        //  signal pipe instead of blocking forever.
        int timeo = 200;
        zmq_setsockopt (self->out, ZMQ_SNDTIMEO, &timeo, sizeof timeo);
    }
    return self;
fail:
    dp_stage_destroy (&self);
    return NULL;
}

void
dp_stage_destroy (dp_stage_t **self_p)
{
    dp_stage_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    //  Stopping already: a second SIGTERM has nothing left to say, and
    //  landing in the sanitizers' exit-time scan it can stall the exit.
    if (dp_signal_pending ()) {
        signal (SIGTERM, SIG_IGN);
        signal (SIGINT, SIG_IGN);
    }
    if (self->in)
        zmq_close (self->in);           //  linger 0: unread input is dropped
    if (self->out)
        zmq_close (self->out);          //  unsent output gets linger_ms
    if (self->ctx)
        while (zmq_ctx_term (self->ctx) == -1 && errno == EINTR)
            ;
    dp_socket_policy_drop (self->curve);
    dp_curve_destroy (&self->curve);    //  its thread ended with the context
    dp_metrics_destroy (&self->metrics);
    if (self->out_stdio)
        fflush (stdout);
    if (self->status) {
        dp_stage_status (self, true);
        munmap (self->status, S_STATUS_LEN);
    }
    free (self->buf);
    free (self);
    *self_p = NULL;
}

void *
dp_stage_ctx (dp_stage_t *self)
{
    return self->ctx;
}

int
dp_stage_signal_fd (dp_stage_t *self)
{
    return self->sig_fd;
}

const dp_stage_stats_t *
dp_stage_stats (dp_stage_t *self)
{
    return &self->stats;
}

dp_stage_stats_t *
dp_stage_counters (dp_stage_t *self)
{
    return &self->stats;
}

static const char *
s_out_label (const dp_stage_t *self)
{
    return self->cfg.out_label ? self->cfg.out_label : "out";
}

void
dp_stage_count_out (dp_stage_t *self)
{
    S_COUNT (self, out);
}

void
dp_stage_status (dp_stage_t *self, bool force)
{
    (void) force;                       //  always now: it costs no system call
    if (!self->status)
        return;
    //  Fixed-width so a reader never sees half of an old, longer line.
    char line [S_STATUS_LEN + 1];
    int n = snprintf (line, sizeof line, "%20llu %20llu %20llu %20llu %7.7s\n",
                      (unsigned long long) self->stats.in,
                      (unsigned long long) self->stats.out,
                      (unsigned long long) self->stats.dead,
                      (unsigned long long) self->stats.malformed, s_out_label (self));
    if (n > 0 && n <= S_STATUS_LEN)
        memcpy (self->status, line, (size_t) n);
}

bool
dp_stage_limit (dp_article_t *doc, size_t max_bytes, const char *stage)
{
    size_t size = dp_article_payload (doc);
    if (size <= max_bytes)
        return false;
    char reason [128];
    snprintf (reason, sizeof reason, "article over size limit (%zu > %zu bytes)",
              size, max_bytes);
    //  The payload goes, the metadata (id, url, source) stays: the dead
    //  letter says where to find the original.
    dp_article_take (&doc->html, NULL);
    dp_article_take (&doc->text, NULL);
    dp_article_clear_spans (doc);
    dp_article_fail (doc, stage, reason);
    return true;
}

//  --------------------------------------------------------------------------
//  Output

static int
s_send (dp_stage_t *self, dp_article_t *doc, bool count);
static int
s_send_msg (dp_stage_t *self, zmq_msg_t *msg, bool count, int flags);
static int
s_hold (dp_stage_t *self, zmq_msg_t *msg);

int
dp_stage_send (dp_stage_t *self, dp_article_t *doc)
{
    return s_send (self, doc, true);
}

//  The next stage refuses a frame or line over the limit (and libzmq would
//  drop the connection with it): the article sheds what is least worth
//  until it fits (dp_article_fit), said in the log and counted.
static void
s_fit (dp_stage_t *self, dp_article_t *doc, size_t size)
{
    bool live = !doc->error;
    char reason [200];
    if (self->done)
        self->done (self->done_state, doc, true);   //  the fit may free parts
    dp_fit_t fit = dp_article_fit (doc, self->cfg.name, self->frame_limit,
                                   self->out_stdio, size, reason, sizeof reason);
    S_COUNT (self, oversize);
    if (live && fit != DP_FIT_TOKENS)
        S_COUNT (self, dead);
    dp_log_once_per (DP_LOG_WARN, "%s: %s", doc->id ? doc->id : "(no id)", reason);
}

size_t
dp_stage_line_limit (dp_stage_t *self)
{
    return self->out_stdio ? self->frame_limit : 0;
}

int
dp_stage_write_line (dp_stage_t *self, const char *json, size_t len)
{
    if (!self->out_stdio || len > self->frame_limit)
        return -1;
    if (fwrite (json, 1, len, stdout) != len || putchar ('\n') == EOF) {
        dp_log_once_per (DP_LOG_ERROR, "stdout: %s", strerror (errno));
        return -1;
    }
    S_COUNT (self, out);
    return 0;
}

int
dp_stage_flush (dp_stage_t *self)
{
    if (self->out_stdio && fflush (stdout)) {
        dp_log_once_per (DP_LOG_ERROR, "stdout: %s", strerror (errno));
        return -1;
    }
    return 0;
}

//  count: an article (not an end-of-stream marker) for the counters.
static int
s_send (dp_stage_t *self, dp_article_t *doc, bool count)
{
    if (self->out_stdio) {
        size_t len;
        char *json = dp_article_to_json (doc, &len);
        if (json && len > self->frame_limit) {
            free (json);
            //  Escapes make a line longer than the frame: shrink by the line.
            s_fit (self, doc, len);
            json = dp_article_to_json (doc, &len);
        }
        if (!json)
            return -1;
        json [len] = '\n';              //  replaces the NUL; we know the length
        size_t put = fwrite (json, 1, len + 1, stdout);
        free (json);
        if (put != len + 1 || fflush (stdout)) {
            dp_log_once_per (DP_LOG_ERROR, "stdout: %s", strerror (errno));
            return -1;
        }
        if (count)
            S_COUNT (self, out);
        return 0;
    }
    if (!self->out)
        return 0;
    zmq_msg_t msg;
    size_t size = dp__article__get_packed_size (doc);
    if (size > self->frame_limit) {
        s_fit (self, doc, size);
        size = dp__article__get_packed_size (doc);
    }
    if (zmq_msg_init_size (&msg, size))
        return -1;
    dp__article__pack (doc, zmq_msg_data (&msg));
    return self->hold && count ? s_hold (self, &msg) : s_send_msg (self, &msg, count, 0);
}

int
dp_stage_send_keep (dp_stage_t *self, dp_article_t *doc, void **kept, size_t *kept_len)
{
    *kept = NULL;
    uint8_t *buf = NULL;
    size_t size = 0;
    if (!self->out_stdio && self->out) {
        size = dp__article__get_packed_size (doc);
        if (size > self->frame_limit) {
            s_fit (self, doc, size);
            size = dp__article__get_packed_size (doc);
        }
        buf = malloc (size ? size : 1);
    }
    if (!buf) {
        //  JSON lines, no output, or no memory for the copy: the long way.
        int rc = s_send (self, doc, true);
        *kept = dp_article_pack (doc, kept_len);
        return rc;
    }
    dp__article__pack (doc, buf);
    *kept = buf;
    *kept_len = size;
    zmq_msg_t msg;
    if (zmq_msg_init_size (&msg, size))
        return -1;
    memcpy (zmq_msg_data (&msg), buf, size);
    return s_send_msg (self, &msg, true, 0);
}

//  Sends msg (closed, whatever happens), waiting at the high-water mark.
static int
s_send_msg (dp_stage_t *self, zmq_msg_t *msg, bool count, int flags)
{
    uint64_t deadline = 0;
    while (zmq_msg_send (msg, self->out, flags) == -1) {
        if (errno != EAGAIN && errno != EINTR) {
            dp_log_once_per (DP_LOG_ERROR, "send: %s", zmq_strerror (errno));
            zmq_msg_close (msg);
            return -1;
        }
        //  Blocked at the HWM (slow or absent peer). Keep waiting unless we
        //  are stopping; then give it linger_ms and let fetch resend.
        uint64_t now_us = dp_mono_us ();
        if (!self->blocked_since)
            self->blocked_since = now_us;
        else
        if (now_us - self->blocked_since > 5000000u)
            dp_metrics_health (self->metrics, false,
                               "output blocked for over 5 s: next stage slow or gone");
        if (dp_signal_pending ()) {
            uint64_t now = dp_mono_us ();
            if (!deadline)
                deadline = now + (uint64_t) self->cfg.linger_ms * 1000u;
            if (now >= deadline) {
                zmq_msg_close (msg);
                return -1;
            }
        }
    }
    if (self->blocked_since) {
        self->blocked_since = 0;
        dp_metrics_health (self->metrics, true, NULL);
    }
    if (count)
        S_COUNT (self, out);
    return 0;
}

//  Sends the frames held back, in order, as the parts of one message: ZeroMQ
//  hands them on at the last part, so each thread on the way wakes once for
//  all of them (a receiver takes each part as an article, as it takes a
//  frame). One that cannot go before shutdown leaves the rest unsent too
//  (counted; fetch resends what the sink never acknowledged, as for what
//  sat in ZeroMQ's queues). 0 or -1.
int
dp_stage__release (dp_stage_t *self)
{
    size_t failed = 0;
    for (size_t i = 0; i < self->n_held; i++)
        if (failed)
            zmq_msg_close (&self->held [i]), failed++;
        else
        if (s_send_msg (self, &self->held [i], true,
                        i + 1 < self->n_held ? ZMQ_SNDMORE : 0))
            failed++;
    self->n_held = self->held_bytes = 0;
    if (failed) {
        self->stats.unsent += failed;
        dp_log_once_per (DP_LOG_WARN, "could not forward %zu article(s) before shutdown "
                         "(%llu so far)", failed, (unsigned long long) self->stats.unsent);
    }
    return failed ? -1 : 0;
}

//  Holds msg back (moved); sends what is held once it is enough or old.
//  Failures are counted by dp_stage__release: 0 always.
static int
s_hold (dp_stage_t *self, zmq_msg_t *msg)
{
    uint64_t now = dp_mono_us ();
    if (!self->n_held)
        self->held_since = now;
    zmq_msg_t *h = &self->held [self->n_held++];
    zmq_msg_init (h);
    zmq_msg_move (h, msg);
    zmq_msg_close (msg);
    self->held_bytes += zmq_msg_size (h);
    if (self->n_held == S_HOLD_MAX || self->held_bytes >= S_HOLD_BYTES
    ||  now - self->held_since >= S_HOLD_US)
        dp_stage__release (self);
    return 0;
}

dp_metrics_t *
dp_stage_metrics (dp_stage_t *self)
{
    return self->metrics;
}

void
dp_stage_send_eos (dp_stage_t *self)
{
    if (!self->out)
        return;
    dp_stage__release (self);           //  what came before it goes first
    dp_article_t eos = DP__ARTICLE__INIT;
    eos.has_eos = 1;
    eos.eos = 1;
    s_send (self, &eos, false);         //  not an article: not counted
}

//  --------------------------------------------------------------------------

#ifdef DP_TEST_HOOKS
//  Test builds only (build/asan, never the release build): an article whose
//  text holds "DP-POISON-<stage>" kills that stage, as a crashing bug would;
//  $DP_TEST_DELAY_US slows every article down, as a slow disk would.
static void
s_test_hooks (dp_stage_t *self, const dp_article_t *doc)
{
    char trigger [64];
    snprintf (trigger, sizeof trigger, "DP-POISON-%s", self->cfg.name);
    if (doc->text && strstr (doc->text, trigger))
        abort ();
    static long delay = -1;
    if (delay < 0) {
        const char *env = getenv ("DP_TEST_DELAY_US");
        delay = env ? atol (env) : 0;
    }
    if (delay > 0)
        usleep ((useconds_t) delay);
}
#endif

void
dp_stage_set_done (dp_stage_t *self, dp_done_fn done)
{
    self->done = done;
}

//  Frees an article, once the transform took back what it lent it.
static void
s_free_seen (dp_stage_t *self, dp_article_t **doc_p)
{
    if (self->done && *doc_p)
        self->done (self->done_state, *doc_p, false);
    dp_article_destroy (doc_p);
}

int
dp_stage_run (dp_stage_t *self, dp_stage_fn fn, void *state,
              dp_tick_fn tick, int tick_ms)
{
    int status = 0;
    int timeout = tick ? tick_ms : -1;
    self->hold = self->out != NULL;
    self->done_state = state;
    uint64_t next_tick = dp_mono_us () + (uint64_t) tick_ms * 1000u;
    while (true) {
        dp_article_t *doc = NULL;
        dp_stage__recv_t r = self->in_stdio ? dp_stage__recv_stdio (self, &doc, timeout)
                                            : dp_stage__recv_zmq (self, &doc, timeout);
        if (tick && (r == DP_STAGE__NONE || dp_mono_us () >= next_tick)) {
            tick (state);
            next_tick = dp_mono_us () + (uint64_t) tick_ms * 1000u;
        }
        dp_stage_status (self, false);
        if (r == DP_STAGE__END)
            break;
        if (r == DP_STAGE__NONE)
            continue;
        uint64_t t_in = dp_now_us ();
        if (doc->has_eos && doc->eos) {
            dp_article_destroy (&doc);
            if (!self->cfg.keep_running)
                break;
            dp_stage_send_eos (self);
            continue;
        }
        S_COUNT (self, in);
        bool doa = doc->error && doc->error_stage
                && strcmp (doc->error_stage, self->cfg.name) == 0;
        if (doa) {
            //  Dead on arrival: the decoder or the size limit said why.
            S_COUNT (self, dead);
            dp_log_once_per (DP_LOG_WARN, "dead letter %s: %s",
                             doc->id ? doc->id : "(no id)", doc->error);
        }
#ifdef DP_TEST_HOOKS
        s_test_hooks (self, doc);
#endif
        if (self->cfg.noop && !self->cfg.see_dead)
            ;                           //  transport only: no work, no limit
        else
        if (doc->error && self->cfg.see_dead) {
            if (!doa)
                S_COUNT (self, dead);
            if (fn (state, doc) == DP_FATAL) {
                s_free_seen (self, &doc);
                status = -1;
                break;
            }
        }
        else
        if (!doc->error) {
            if (dp_stage_limit (doc, self->cfg.max_bytes, self->cfg.name))
                S_COUNT (self, oversize);
            else {
                dp_rc_t rc = fn (state, doc);
                if (rc == DP_FATAL) {
                    //  Out of memory or a broken invariant: stop. The article
                    //  is not acknowledged, so fetch will send it again.
                    dp_log_error ("transform failed on %s; stopping",
                                  doc->id ? doc->id : "(no id)");
                    s_free_seen (self, &doc);
                    status = -1;
                    break;
                }
                if (rc == DP_DEAD)
                    dp_article_fail (doc, self->cfg.name, "rejected");
            }
            if (doc->error) {
                S_COUNT (self, dead);
                dp_log_once_per (DP_LOG_WARN, "dead letter %s: %s",
                                 doc->id ? doc->id : "(no id)", doc->error);
            }
        }
        Dp__Stamp *st = dp_article_stamp (doc, self->cfg.name, t_in);
        uint64_t t_out = dp_now_us ();
        if (st)
            st->t_out = t_out;
        dp_metrics_observe (self->metrics, self->m_time, (double) (t_out - t_in) / 1e6);
        if (self->cfg.out && dp_stage_send (self, doc)) {
            //  Not lost in silence: counted, and fetch resends what the
            //  sink never acknowledged.
            self->stats.unsent++;
            dp_log_once_per (DP_LOG_WARN, "could not forward %s before shutdown "
                             "(%llu so far)", doc->id ? doc->id : "(no id)",
                             (unsigned long long) self->stats.unsent);
        }
        s_free_seen (self, &doc);
    }
    //  Input is over: what is held goes, and the next stage learns it from us.
    dp_stage__release (self);
    self->hold = false;
    if (self->out && status == 0 && !dp_signal_pending ())
        dp_stage_send_eos (self);
    if (tick)
        tick (state);
    struct rusage ru;
    getrusage (RUSAGE_SELF, &ru);
    dp_log_info ("stopped%s: in=%llu %s=%llu dead=%llu malformed=%llu oversize=%llu "
                 "unsent=%llu maxrss_kb=%ld",
                 dp_signal_pending () ? " on signal" : "",
                 (unsigned long long) self->stats.in, s_out_label (self),
                 (unsigned long long) self->stats.out,
                 (unsigned long long) self->stats.dead,
                 (unsigned long long) self->stats.malformed,
                 (unsigned long long) self->stats.oversize,
                 (unsigned long long) self->stats.unsent, ru.ru_maxrss);
    return status;
}
