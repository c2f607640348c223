//  depeche-sink — reads annotated articles, writes each id once, and
//  acknowledges to the fetch that sent it once the write is durable.
#include "depeche/dp_cli.h"
#include "depeche/dp_endpoint.h"
#include "depeche/dp_log.h"
#include "depeche/dp_signal.h"
#include "depeche/dp_metrics.h"
#include "depeche/dp_stage.h"
#include "sink/sink.h"

#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#define S_MAX_FETCHERS 64               //  distinct ack endpoints remembered
#define S_ACK_FRAME 8192                //  seqs per ack frame (10 bytes each at most)

typedef struct {
    char *endpoint;                     //  fetch's ack endpoint (connect)
    char *fetch;                        //  fetch instance id
    void *sock;                         //  PUSH connected to it
    uint64_t *seqs;                     //  written, not yet acknowledged
    size_t n_seqs;
    size_t cap;
    uint64_t used;                      //  when last named (st->uses)
} s_peer_t;

typedef struct {
    dp_stage_t *stage;
    dp_sink_t *sink;
    void *pub;                          //  PUB for live subscribers, or NULL
    const char *topic;                  //  prefix of each published frame
    uint64_t published;
    size_t pub_limit;                   //  frames subscribers take
    uint64_t pub_oversize;              //  records too big to publish
    bool stamp;                         //  add the sink's own stamp (latency)
    s_peer_t peers [S_MAX_FETCHERS];
    size_t n_peers;
    uint64_t uses;                      //  articles that named a peer
    size_t pending;                     //  seqs waiting for the next flush
    size_t unflushed;                   //  records written since the last flush
    size_t batch;                       //  flush + ack after this many
    uint64_t acked;
    bool broken;                        //  a flush failed: nothing more is
                                        //  acknowledged, the sink stops
    dp_metrics_t *m;                    //  the stage's /metrics, or NULL
    int m_written, m_dups, m_acks, m_published;
} s_state_t;

//  A free slot for a new peer. When all are taken, the one named least
//  recently goes (its socket closed, its pending acks dropped: that fetch
//  resends them, and the sink acknowledges the copies). Refusing the new
//  one instead made 64 articles with made-up origins, or 64 fetch ids over
//  a sink's life, cut every later fetch off its acks: it resent its
//  articles for ever, written but never acknowledged.
static s_peer_t *
s_peer_slot (s_state_t *st, const char *endpoint)
{
    if (st->n_peers < S_MAX_FETCHERS)
        return &st->peers [st->n_peers++];
    s_peer_t *old = &st->peers [0];
    for (size_t i = 1; i < st->n_peers; i++)
        if (st->peers [i].used < old->used)
            old = &st->peers [i];
    dp_log_once_per (DP_LOG_WARN, "more than %d fetch instances; forgetting the one "
                     "named least recently (%s) for %s", S_MAX_FETCHERS, old->endpoint,
                     endpoint);
    st->pending -= old->n_seqs;
    zmq_close (old->sock);
    free (old->endpoint);
    free (old->fetch);
    free (old->seqs);
    return old;
}

static void
    s_flush_and_ack (void *state);

//  True when a and b name two runs of one fetch: "ID#TOKEN", the same ID.
static bool
s_same_fetch (const char *a, const char *b)
{
    const char *ha = strrchr (a, '#'), *hb = strrchr (b, '#');
    return ha && hb && ha - a == hb - b && strncmp (a, b, (size_t) (ha - a)) == 0;
}

//  A run of a fetch the sink knows at this endpoint, a new token (fetch
//  was restarted): the run before is gone, its endpoint is this one's.
//  Its slot and socket go to the new run once what is pending for the
//  old one is flushed and acknowledged (two live fetches sharing an
//  endpoint by mistake lose no ack: they only flush more often). With a
//  slot and a socket per run, a sink under `depeche run` held 64 sockets
//  connected to one fetch after 64 restarts of it, forgot a quiet fetch
//  of another id for them, and warned of "more than 64 fetch instances".
static s_peer_t *
s_peer_again (s_state_t *st, const char *endpoint, const char *fetch)
{
    for (size_t i = 0; i < st->n_peers; i++) {
        s_peer_t *p = &st->peers [i];
        if (strcmp (p->endpoint, endpoint) || !s_same_fetch (p->fetch, fetch))
            continue;
        if (p->n_seqs)
            s_flush_and_ack (st);
        char *name = p->n_seqs ? NULL : strdup (fetch);
        if (!name)
            return NULL;                //  a flush failed: a peer of its own
        free (p->fetch);
        p->fetch = name;
        p->used = st->uses;
        return p;
    }
    return NULL;
}

static s_peer_t *
s_peer (s_state_t *st, const char *endpoint, const char *fetch)
{
    st->uses++;
    for (size_t i = 0; i < st->n_peers; i++)
        if (strcmp (st->peers [i].endpoint, endpoint) == 0
        &&  strcmp (st->peers [i].fetch, fetch) == 0) {
            st->peers [i].used = st->uses;
            return &st->peers [i];
        }
    s_peer_t *again = s_peer_again (st, endpoint, fetch);
    if (again)
        return again;
    //  The endpoint comes with the article, from whoever sent it: the sink
    //  connects to it, never binds it. "@ipc:///any/file" made the sink
    //  bind there, and libzmq first removes what is at an ipc path: one
    //  JSON line or frame with that origin deleted any file the sink could
    //  write (its own database among them); "@tcp://*:N" opened a port.
    dp_endpoint_t ep;
    char err [256];
    bool binds = dp_endpoint_parse (endpoint, false, &ep, err, sizeof err) || ep.stdio;
    for (size_t i = 0; !binds && i < ep.n; i++)
        binds = ep.items [i].bind;
    if (binds) {
        dp_log_once_per (DP_LOG_WARN, "an article's ack endpoint \"%s\" is not one to "
                         "connect to: no acks there", endpoint);
        return NULL;
    }
    void *sock = zmq_socket (dp_stage_ctx (st->stage), ZMQ_PUSH);
    if (!sock)
        return NULL;
    //  Acks are small and repeatable: never block on them, never hold them.
    dp_socket_setup (sock, 10000, 500, 0);
    if (dp_socket_attach (sock, endpoint, false)) {
        zmq_close (sock);
        return NULL;
    }
    s_peer_t *p = s_peer_slot (st, endpoint);
    memset (p, 0, sizeof *p);
    p->endpoint = strdup (endpoint);
    p->fetch = strdup (fetch);
    p->sock = sock;
    p->used = st->uses;
    return p;
}

//  Flushes the output and then acknowledges everything written so far.
static void
s_flush_and_ack (void *state)
{
    s_state_t *st = state;
    dp_sink_tick (st->sink);            //  archive rotation by age, also idle
    if (!st->unflushed || st->broken)
        return;
    if (dp_sink_flush (st->sink)) {
        //  Not durable: no acks, fetch resends. And never again from this
        //  process: stdio may have dropped what it could not write (a full
        //  disk), while the ids of those records count as written, so a
        //  later flush that succeeds would acknowledge them, and their
        //  resends as duplicates, with nothing on disk. The next article
        //  stops the sink (as a failed write does); a restarted one knows
        //  from the file what is there.
        st->broken = true;
        dp_log_error ("the output could not be flushed: nothing more is acknowledged, "
                      "the sink stops; fetch sends again what was not acknowledged");
        return;
    }
    st->unflushed = 0;
    for (size_t i = 0; i < st->n_peers; i++) {
        s_peer_t *p = &st->peers [i];
        if (!p->n_seqs)
            continue;
        //  In frames well under what fetch's ack socket takes (1 MB).
        for (size_t from = 0; from < p->n_seqs; from += S_ACK_FRAME) {
            Dp__Ack ack = DP__ACK__INIT;
            ack.fetch = p->fetch;
            ack.n_seqs = p->n_seqs - from < S_ACK_FRAME ? p->n_seqs - from : S_ACK_FRAME;
            ack.seqs = p->seqs + from;
            size_t size = dp__ack__get_packed_size (&ack);
            zmq_msg_t msg;
            if (zmq_msg_init_size (&msg, size))
                continue;
            dp__ack__pack (&ack, zmq_msg_data (&msg));
            if (zmq_msg_send (&msg, p->sock, ZMQ_DONTWAIT) == -1)
                zmq_msg_close (&msg);   //  lost ack: fetch resends, we dedup
            else {
                st->acked += ack.n_seqs;
                dp_metrics_add (st->m, st->m_acks, ack.n_seqs);
            }
        }
        p->n_seqs = 0;
    }
    st->pending = 0;
}

static dp_rc_t
s_write (void *state, dp_article_t *doc)
{
    s_state_t *st = state;
    if (st->broken)
        return DP_FATAL;                //  a flush failed: stop, unacked
    //  The sink's stamp goes in before the write, so the record shows
    //  when it reached the sink (fetch -> sink latency).
    if (st->stamp && !dp_article_stamp (doc, "sink", dp_now_us ()))
        return DP_FATAL;
    int rc = dp_sink_write (st->sink, doc);
    if (rc < 0)
        return DP_FATAL;                //  disk full or gone: stop, unacked
    st->unflushed++;
    dp_metrics_add (st->m, rc == 1 ? st->m_written : st->m_dups, 1);
    if (rc == 1)
        dp_stage_count_out (st->stage);
    //  Live subscribers get what was written, never blocking the sink: a
    //  slow one loses frames at its high-water mark (PUB semantics).
    size_t jlen;
    const char *json = rc == 1 && st->pub ? dp_sink_last_json (st->sink, &jlen) : NULL;
    if (json && strlen (st->topic) + jlen > st->pub_limit) {
        //  A subscriber would refuse it (and lose its connection with it).
        st->pub_oversize++;
        dp_log_once_per (DP_LOG_WARN, "%s: not published, over the %zu-byte frame limit "
                         "(%llu so far); it is written", doc->id ? doc->id : "(no id)",
                         st->pub_limit, (unsigned long long) st->pub_oversize);
        json = NULL;
    }
    if (json) {
        size_t tlen = strlen (st->topic);
        zmq_msg_t msg;
        if (zmq_msg_init_size (&msg, tlen + jlen) == 0) {
            memcpy (zmq_msg_data (&msg), st->topic, tlen);
            memcpy ((char *) zmq_msg_data (&msg) + tlen, json, jlen);
            if (zmq_msg_send (&msg, st->pub, ZMQ_DONTWAIT) == -1)
                zmq_msg_close (&msg);
            else {
                st->published++;
                dp_metrics_add (st->m, st->m_published, 1);
            }
        }
    }
    //  A duplicate is acknowledged too: its first copy is on disk.
    if (doc->has_seq && doc->origin && doc->origin->ack && doc->origin->fetch) {
        s_peer_t *p = s_peer (st, doc->origin->ack, doc->origin->fetch);
        if (p) {
            if (p->n_seqs == p->cap) {
                size_t ncap = p->cap ? p->cap * 2 : 256;
                uint64_t *v = realloc (p->seqs, ncap * sizeof *v);
                if (!v)
                    return DP_FATAL;
                p->seqs = v;
                p->cap = ncap;
            }
            p->seqs [p->n_seqs++] = doc->seq;
            st->pending++;
        }
    }
    if (st->pending >= st->batch || st->unflushed >= st->batch)
        s_flush_and_ack (st);
    return DP_OK;
}

//  Every flush_ms and when idle, between articles: the flush and acks, and
//  malloc's memory back after a heavy article (freed by now; not from
//  s_write, where the heavy one may still be alive).
static void
s_tick (void *state)
{
    s_state_t *st = state;
    s_flush_and_ack (st);
    if (dp_sink_trim (st->sink))
        dp_log_debug ("malloc's free memory given back after a heavy article");
}

static const char *s_usage =
"usage: depeche-sink [OPTIONS]\n"
"Writes annotated articles, once per id, to any combination of outputs\n"
"(JSON lines, gzip archives, SQLite, a PUB socket) and acknowledges them\n"
"to fetch after the write is flushed (archive: gzip sync flush + fsync;\n"
"database: COMMIT; JSON lines: fsynced with --fsync). With no output\n"
"option, JSON lines go to stdout.\n\n"
"  -w, --write FILE      JSONL output, appended ('-' = stdout, the default);\n"
"                        ids already in FILE are not written again\n"
"      --dead FILE       dead letters (error set) go here instead (and not\n"
"                        to the archive or database)\n"
"      --archive DIR     rotating gzip JSON-lines archive in DIR: files\n"
"                        DIR/depeche-STAMP-NNNN.jsonl.gz, described in\n"
"                        DIR/index.tsv; fetch replays them as they are\n"
"      --rotate-mb N     complete an archive file at N MB (default 64)\n"
"      --rotate-s N      ... or when it is N s old (default 3600; 0 = never)\n"
"      --db FILE         SQLite database (articles, FTS5 sentences, entities);\n"
"                        see `depeche query`\n"
"      --pub ENDPOINT    publish each written article as a JSON frame to live\n"
"                        subscribers (binds by default; see `depeche tail`)\n"
"      --pub-topic T     prefix each published frame with T\n"
"      --fsync           fsync before acknowledging (durable across power loss)\n"
"      --batch N         flush and ack after N records (default 256)\n"
"      --flush-ms N      ... or after N ms (default 100)\n"
"      --keep-tokens     write the tokens array too\n"
"      --keep-trace      write the per-stage trace stamps too\n"
"      --no-link         no cross-article linking (canon names, stories)\n"
"      --state FILE      linking state (stories, names learned) when there is\n"
"                        no --db (which keeps it); without either, in memory\n"
"      --variants FILE   name variant table (default: the bundled\n"
"                        canon/variants.tsv; JRC-Names layout, see its README)\n"
"      --story-window N  articles kept for story linking (default 100000)\n"
"      --story-days N    days apart at which only a near-copy links two articles\n"
"                        (default 8; closer, less evidence is needed)\n"
"      --names-max N     names learned kept (default 100000, about 1 KB each);\n"
"                        past it, the half used least recently is forgotten\n"
"  --out is accepted as a synonym of --write.\n";

int
main (int argc, char **argv)
{
    dp_log_init ("depeche-sink");
    dp_malloc_tune ();                  //  no fast bins: see dp_common.h
    dp_signal_open ();                  //  first: a SIGTERM while the model or
                                        //  state loads still ends in exit 0
    dp_stage_cfg_t cfg;
    dp_stage_cfg_defaults (&cfg, "sink");
    cfg.in = "-";
    cfg.see_dead = true;
    dp_sink_cfg_t scfg = { .out = NULL, .rotate_bytes = 64ull << 20, .rotate_s = 3600 };
    const char *pub = NULL, *topic = "";
    int flush_ms = 100;
    size_t batch = 256;
    enum { O_DEAD = DP_OPT_STAGE_BASE, O_FSYNC, O_BATCH, O_FLUSH, O_TOKENS, O_TRACE,
           O_ARCHIVE, O_ROT_MB, O_ROT_S, O_DB, O_PUB, O_TOPIC, O_NO_LINK, O_STATE,
           O_VARIANTS, O_WINDOW, O_DAYS, O_NAMES };
    static const struct option opts [] = {
        DP_CLI_OPTIONS,
        { "write", required_argument, NULL, 'w' },
        { "dead", required_argument, NULL, O_DEAD },
        { "fsync", no_argument, NULL, O_FSYNC },
        { "batch", required_argument, NULL, O_BATCH },
        { "flush-ms", required_argument, NULL, O_FLUSH },
        { "keep-tokens", no_argument, NULL, O_TOKENS },
        { "keep-trace", no_argument, NULL, O_TRACE },
        { "archive", required_argument, NULL, O_ARCHIVE },
        { "rotate-mb", required_argument, NULL, O_ROT_MB },
        { "rotate-s", required_argument, NULL, O_ROT_S },
        { "db", required_argument, NULL, O_DB },
        { "pub", required_argument, NULL, O_PUB },
        { "pub-topic", required_argument, NULL, O_TOPIC },
        { "no-link", no_argument, NULL, O_NO_LINK },
        { "state", required_argument, NULL, O_STATE },
        { "variants", required_argument, NULL, O_VARIANTS },
        { "story-window", required_argument, NULL, O_WINDOW },
        { "story-days", required_argument, NULL, O_DAYS },
        { "names-max", required_argument, NULL, O_NAMES },
        { NULL, 0, NULL, 0 }
    };
    int c;
    while ((c = getopt_long (argc, argv, DP_CLI_SHORT "w:", opts, NULL)) != -1) {
        if (c == 'w' || c == 'o')
            scfg.out = optarg;
        else
        if (c == O_DEAD)
            scfg.dead = optarg;
        else
        if (c == O_FSYNC)
            scfg.fsync = true;
        else
        if (c == O_BATCH || c == O_FLUSH) {
            char *end;
            long v = strtol (optarg, &end, 10);
            if (*end || v < 1 || v > 1000000) {
                fprintf (stderr, "--%s: expected a number in 1..1000000\n",
                         c == O_BATCH ? "batch" : "flush-ms");
                return 2;
            }
            if (c == O_BATCH)
                batch = (size_t) v;
            else
                flush_ms = (int) v;
        }
        else
        if (c == O_TOKENS)
            scfg.keep_tokens = true;
        else
        if (c == O_TRACE)
            scfg.keep_trace = true;
        else
        if (c == O_ARCHIVE)
            scfg.archive = optarg;
        else
        if (c == O_ROT_MB || c == O_ROT_S) {
            char *end;
            double v = strtod (optarg, &end);
            if (*end || v < 0 || v > 1e6) {
                fprintf (stderr, "--%s: expected a number in 0..1000000\n",
                         c == O_ROT_MB ? "rotate-mb" : "rotate-s");
                return 2;
            }
            if (c == O_ROT_MB)
                scfg.rotate_bytes = (uint64_t) (v * 1048576.0);
            else
                scfg.rotate_s = (int) v;
        }
        else
        if (c == O_DB)
            scfg.db = optarg;
        else
        if (c == O_PUB)
            pub = optarg;
        else
        if (c == O_TOPIC)
            topic = optarg;
        else
        if (c == O_NO_LINK)
            scfg.no_link = true;
        else
        if (c == O_STATE)
            scfg.state = optarg;
        else
        if (c == O_VARIANTS)
            scfg.link.variants = optarg;
        else
        if (c == O_NAMES) {
            char *end;
            long v = strtol (optarg, &end, 10);
            if (*end || v < 2 || v > 100000000) {
                fprintf (stderr, "--names-max: expected a number in 2..100000000\n");
                return 2;
            }
            scfg.link.names = (size_t) v;
        }
        else
        if (c == O_WINDOW || c == O_DAYS) {
            char *end;
            long v = strtol (optarg, &end, 10);
            if (*end || v < 1 || v > (c == O_WINDOW ? 10000000 : 3650)) {
                fprintf (stderr, "--%s: expected a number in 1..%d\n",
                         c == O_WINDOW ? "story-window" : "story-days",
                         c == O_WINDOW ? 10000000 : 3650);
                return 2;
            }
            if (c == O_WINDOW)
                scfg.link.story.window = (size_t) v;
            else
                scfg.link.story.days = (int) v;
        }
        else
        if (!dp_cli_common (c, optarg, &cfg, s_usage))
            return 2;
    }
    if (optind < argc) {
        fprintf (stderr, "depeche-sink: unexpected argument \"%s\"; try --help\n", argv [optind]);
        return 2;
    }
    cfg.out = NULL;                     //  the sink forwards nothing
    cfg.no_tokens = !scfg.keep_tokens;  //  ... and writes the tokens only if asked
    cfg.out_label = "stored";           //  its `out` counts what it wrote
    if (!scfg.out && !scfg.archive && !scfg.db && !pub)
        scfg.out = "-";
    s_state_t st = { .batch = batch, .stamp = scfg.keep_trace, .topic = topic,
                     .pub_limit = dp_frame_limit (cfg.max_bytes) };
    st.stage = dp_stage_new (&cfg);
    if (!st.stage)
        return 2;
    st.m = dp_stage_metrics (st.stage);
    st.m_written = dp_metrics_counter (st.m, "written", "Records written (once per id)");
    st.m_dups = dp_metrics_counter (st.m, "duplicates", "Records dropped: id already written");
    st.m_acks = dp_metrics_counter (st.m, "acks_sent", "Sequence numbers acknowledged to fetch");
    st.m_published = dp_metrics_counter (st.m, "published", "Records sent to live subscribers");
    if (pub) {
        st.pub = zmq_socket (dp_stage_ctx (st.stage), ZMQ_PUB);
        if (!st.pub || dp_socket_setup (st.pub, 10000, 0, 0)
        ||  dp_socket_attach (st.pub, pub, true)) {
            if (st.pub)
                zmq_close (st.pub);
            dp_stage_destroy (&st.stage);
            return 2;
        }
    }
    st.sink = dp_sink_new (&scfg);
    if (!st.sink) {
        //  An output that cannot be opened will not open on a restart
        //  either: a configuration error, exit 2 (the supervisor stops).
        dp_stage_destroy (&st.stage);
        return 2;
    }
    int rc = dp_stage_run (st.stage, s_write, &st, s_tick, flush_ms);
    const dp_sink_stats_t *ss = dp_sink_stats (st.sink);
    dp_log_info ("sink: written=%llu duplicates=%llu dead=%llu acked=%llu published=%llu",
                 (unsigned long long) ss->written, (unsigned long long) ss->duplicates,
                 (unsigned long long) ss->dead, (unsigned long long) st.acked,
                 (unsigned long long) st.published);
    if (st.pub)
        zmq_close (st.pub);
    for (size_t i = 0; i < st.n_peers; i++) {
        zmq_close (st.peers [i].sock);
        free (st.peers [i].endpoint);
        free (st.peers [i].fetch);
        free (st.peers [i].seqs);
    }
    dp_sink_destroy (&st.sink);
    dp_stage_destroy (&st.stage);
    return rc || st.broken ? 1 : 0;
}
