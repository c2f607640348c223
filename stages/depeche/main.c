//  depeche — the supervisor and tools: `depeche run [CONFIG]`, `relay IN OUT`,
//  `push`, `query`, `tail`. Argument handling only; the work is in
//  supervisor.c, sink/query.c and libzmq.
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"
#include "depeche/dp_signal.h"
#include "depeche/dp_stage.h"
#include "depeche/dp_curve.h"
#include "depeche/supervisor.h"
#include "depeche/push.h"
#include "sink/query.h"
#include "serve/serve.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zmq.h>

static const char *s_usage =
"usage: depeche COMMAND [ARGS]\n\n"
"  run [CONFIG]        run the stages of this machine from CONFIG; with no\n"
"                      CONFIG, the whole pipeline on the bundled samples/,\n"
"                      writing out/articles.jsonl\n"
"  relay [--max-bytes N] IN OUT\n"
"                      a PULL(IN) -> PUSH(OUT) relay between two stages\n"
"                      (both bind by default: @tcp://*:5557 @tcp://*:5558)\n"
"  push [--raw] ENDPOINT  push JSON lines from stdin into a running stage's\n"
"                      input (connects by default); --raw sends each line\n"
"                      as a bare frame (for testing a stage's defences)\n"
"  query --db FILE ...  ask the sink's database (--help for the questions)\n"
"  serve --db FILE [--listen 127.0.0.1:8080]  the database in a browser\n"
"  tail [--topic T] [--count N] [--color|--plain] ENDPOINT\n"
"                      print the live annotated stream a sink publishes\n"
"                      (--pub); entities highlighted on a terminal\n"
"  keygen NAME...      write CURVE key pairs: NAME.key (public) and\n"
"                      NAME.key_secret (mode 600)\n"
"  relay, push and tail take --cert FILE, --allow DIR, --server-key FILE\n"
"  or --insecure for tcp:// endpoints, as the stages do.\n"
"  help                this text\n"
"  version             the version\n\n"
"Options of run:  -o FILE  output of the built-in config (default out/articles.jsonl)\n"
"                 --host NAME  with a multi-host config: run NAME's part\n"
"                 --metrics ADDR  serve restarts and instances up on /metrics\n"
"                 -v       debug logging\n"
"Stages: depeche-fetch, depeche-clean, depeche-split, depeche-tag,\n"
"depeche-sink (each has --help).\n";

//  --cert/--allow/--server-key/--insecure of the tools (relay, push, tail),
//  taken out of argv wherever they stand; the same meaning as on a stage.
static dp_curve_cfg_t s_sec;

static int
s_take_security (int argc, char **argv)
{
    int out = 0;
    for (int i = 0; i < argc; i++) {
        const char **slot = strcmp (argv [i], "--cert") == 0 ? &s_sec.cert
                          : strcmp (argv [i], "--allow") == 0 ? &s_sec.allow
                          : strcmp (argv [i], "--server-key") == 0 ? &s_sec.server_key
                          : NULL;
        if (slot && i + 1 < argc)
            *slot = argv [++i];
        else
        if (strcmp (argv [i], "--insecure") == 0)
            s_sec.insecure = true;
        else
            argv [out++] = argv [i];
    }
    return out;
}

//  Keys (and the ZAP handler when binding) on ctx, as the process policy.
//  NULL when a key file is bad (logged): exit 2.
static dp_curve_t *
s_secure (void *ctx)
{
    dp_curve_t *curve = dp_curve_new (ctx, &s_sec);
    dp_socket_policy (curve);
    return curve;
}

//  Folder of this executable (the depeche-* binaries live there too).
static int
s_bindir (char *out, size_t len)
{
    ssize_t n = readlink ("/proc/self/exe", out, len - 1);
    if (n <= 0)
        return -1;
    out [n] = '\0';
    char *slash = strrchr (out, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    return 0;
}

//  The bundled samples folder: beside data/ in the source tree.
static char *
s_samples_dir (void)
{
    char *abbrev = dp_data_path ("abbrev/fr.txt");
    if (!abbrev)
        return NULL;
    //  .../data/abbrev/fr.txt -> .../samples
    char *cut = strstr (abbrev, "/data/abbrev/fr.txt");
    char *dir = NULL;
    if (cut) {
        *cut = '\0';
        if (asprintf (&dir, "%s/samples", abbrev) < 0)
            dir = NULL;
    }
    free (abbrev);
    return dir;
}

static int
s_run (int argc, char **argv)
{
    const char *out = "out/articles.jsonl";
    const char *config_path = NULL;
    const char *host = NULL;
    const char *metrics = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp (argv [i], "-v") == 0)
            dp_log_set_level (DP_LOG_DEBUG);
        else
        if (strcmp (argv [i], "--host") == 0 && i + 1 < argc)
            host = argv [++i];
        else
        if (strcmp (argv [i], "--metrics") == 0 && i + 1 < argc)
            metrics = argv [++i];
        else
        if (strcmp (argv [i], "-o") == 0 && i + 1 < argc)
            out = argv [++i];
        else
        if (argv [i][0] == '-') {
            fprintf (stderr, "depeche run: unknown option %s\n", argv [i]);
            return 2;
        }
        else
            config_path = argv [i];
    }
    char bindir [PATH_MAX];
    if (s_bindir (bindir, sizeof bindir)) {
        dp_log_error ("cannot find my own folder");
        return 1;
    }
    char *text = NULL;
    if (config_path) {
        text = dp_read_file (config_path, NULL);
        if (!text) {
            dp_log_error ("%s: %s", config_path, strerror (errno));
            return 2;
        }
    }
    else {
        char *samples = s_samples_dir ();
        if (!samples) {
            dp_log_error ("bundled samples/ not found; give a CONFIG");
            return 2;
        }
        //  The demo starts from an empty output: the sink would otherwise
        //  (rightly) skip every id it finds already written there.
        char *slash = strrchr (out, '/');
        if (slash) {
            char *dir = strndup (out, (size_t) (slash - out));
            if (dir && mkdir (dir, 0755) && errno != EEXIST)
                dp_log_warn ("%s: %s", dir, strerror (errno));
            free (dir);
        }
        unlink (out);
        char abs_out [PATH_MAX];
        if (out [0] != '/' && getcwd (abs_out, sizeof abs_out - strlen (out) - 2)) {
            strcat (abs_out, "/");
            strcat (abs_out, out);
        }
        else
            snprintf (abs_out, sizeof abs_out, "%s", out);
        if (asprintf (&text,
                      "stage fetch 1 %s\n"
                      "stage clean 1\n"
                      "stage split 1\n"
                      "stage tag 1\n"
                      "stage sink 1 --write %s\n", samples, abs_out) < 0)
            text = NULL;
        free (samples);
        if (!text)
            return 1;
        dp_log_info ("default pipeline on the bundled samples; output: %s", abs_out);
    }
    dp_sup_config_t cfg;
    char err [256];
    int rc = dp_sup_config_parse (text, &cfg, err, sizeof err);
    free (text);
    if (rc) {
        dp_log_error ("%s: %s", config_path ? config_path : "built-in config", err);
        return 2;
    }
    cfg.metrics = metrics;
    rc = dp_sup_run (&cfg, bindir, host);
    dp_sup_config_free (&cfg);
    if (rc == 0 && !config_path)
        fprintf (stderr, "depeche: done; the annotated articles are in %s\n", out);
    return rc;
}

//  A relay between two stages (DESIGN.md, elastic topology). Not zmq_proxy:
//  that one does not return on SIGTERM, and a relay must stop like a stage,
//  forwarding what it holds within the linger. Frames are passed as they
//  are, never decoded: a relay cannot be crashed by a bad article.
static int
s_relay (int argc, char **argv)
{
    //  Options are named when wrong: a typo must not read as an endpoint.
    size_t max_bytes = dp_max_bytes_default ();
    const char *ep [2];
    int n_ep = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp (argv [i], "--max-bytes") == 0 && i + 1 < argc) {
            if (dp_size_parse (argv [++i], &max_bytes) || !max_bytes
            ||  max_bytes > DP_MAX_MAX_BYTES) {
                fprintf (stderr, "depeche relay: --max-bytes: expected a size such as 4M\n");
                return 2;
            }
        }
        else
        if (argv [i][0] == '-' || n_ep == 2) {
            fprintf (stderr, "depeche relay: %s \"%s\"; usage: depeche relay [--max-bytes N] "
                     "[--cert F] [--allow D] [--server-key F] [--insecure] IN OUT\n",
                     argv [i][0] == '-' ? "unknown option" : "a third endpoint", argv [i]);
            return 2;
        }
        else
            ep [n_ep++] = argv [i];
    }
    if (n_ep != 2) {
        fprintf (stderr, "usage: depeche relay [--max-bytes N] IN OUT\n");
        return 2;
    }
    int sig_fd = dp_signal_open ();
    void *ctx = zmq_ctx_new ();
    zmq_ctx_set (ctx, ZMQ_BLOCKY, 0);
    dp_curve_t *curve = s_secure (ctx);
    void *front = zmq_socket (ctx, ZMQ_PULL);
    void *back = zmq_socket (ctx, ZMQ_PUSH);
    //  Frames pass as they are, up to what the next stage takes.
    int64_t max = (int64_t) dp_frame_cap (max_bytes);
    int timeo = 200;
    unsigned long long relayed = 0, lost = 0, messages = 0;
    int rc = 2;
    if (!curve)
        goto done;
    if (dp_socket_setup (front, DP_DEFAULT_HWM, 0, max)
    ||  dp_socket_setup (back, DP_DEFAULT_HWM, DP_DEFAULT_LINGER_MS, 0)
    ||  zmq_setsockopt (back, ZMQ_SNDTIMEO, &timeo, sizeof timeo)
    ||  dp_socket_attach (front, ep [0], true)
    ||  dp_socket_attach (back, ep [1], true))
        goto done;
    dp_log_info ("relaying %s -> %s", ep [0], ep [1]);
    rc = 0;
    while (!dp_signal_pending ()) {
        zmq_pollitem_t items [] = {
            { .socket = front, .events = ZMQ_POLLIN },
            { .fd = sig_fd, .events = ZMQ_POLLIN },
        };
        if (zmq_poll (items, 2, -1) < 0 || !(items [0].revents & ZMQ_POLLIN))
            continue;
        //  A stage's burst (one message of several frames, each an
        //  article) goes on as one message: the next stage then wakes once
        //  for it, as it would without the relay.
        int flags = ZMQ_DONTWAIT, more = 0;
        bool dropping = false;
        messages++;
        do {
            zmq_msg_t msg;
            zmq_msg_init (&msg);
            if (zmq_msg_recv (&msg, front, flags) < 0) {
                zmq_msg_close (&msg);
                break;
            }
            flags = 0;                  //  the rest of a message is there
            more = zmq_msg_more (&msg);
            //  Blocked at the HWM (only the first frame can be): keep
            //  trying until told to stop.
            while (!dropping && zmq_msg_send (&msg, back, more ? ZMQ_SNDMORE : 0) < 0)
                if (dp_signal_pending () || (errno != EAGAIN && errno != EINTR))
                    dropping = true;
            if (dropping) {
                zmq_msg_close (&msg);
                lost++;
            }
            relayed++;
        } while (more);
    }
done:
    zmq_close (front);
    zmq_close (back);
    while (zmq_ctx_term (ctx) == -1 && errno == EINTR)
        ;
    dp_socket_policy (NULL);
    dp_curve_destroy (&curve);
    dp_log_info ("relay stopped: relayed=%llu lost=%llu (in %llu messages)",
                 relayed - lost, lost, messages);
    return rc;
}

static const char *s_query_usage =
"usage: depeche query --db FILE QUESTION [--from DATE] [--to DATE] [--limit N] [--json]\n"
"  --with NAME [--with NAME...]  articles that name all of them, in any\n"
"                                spelling (Aliev finds Ilham Aliyev), e.g.\n"
"                                --with \"Ilham Aliyev\" --with Bakou\n"
"  --stories NAME                stories (events) with an article naming it:\n"
"                                dates, articles, outlets, top entities\n"
"  --spellings NAME              every spelling seen of the name\n"
"  --story ID                    the articles of one story\n"
"  --cooccur NAME [--type T]     entities most often named with NAME, by\n"
"                                number of articles (e.g. --type PER)\n"
"  --match \"WORDS\"               sentences with all these words (FTS5;\n"
"                                accents and case ignored)\n"
"  --from/--to YYYY-MM-DD         published date range (inclusive)\n";

//  depeche query: the options to a dp_query_t; the work is in query.c.
static int
s_query (int argc, char **argv)
{
    dp_query_t q = { .limit = 20 };
    static const struct option opts [] = {
        { "db", required_argument, NULL, 'd' },
        { "with", required_argument, NULL, 'w' },
        { "from", required_argument, NULL, 'f' },
        { "to", required_argument, NULL, 't' },
        { "cooccur", required_argument, NULL, 'c' },
        { "type", required_argument, NULL, 'T' },
        { "match", required_argument, NULL, 'm' },
        { "stories", required_argument, NULL, 'S' },
        { "spellings", required_argument, NULL, 'V' },
        { "story", required_argument, NULL, 'I' },
        { "limit", required_argument, NULL, 'n' },
        { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int c;
    optind = 1;
    while ((c = getopt_long (argc, argv, "d:w:f:t:c:T:m:n:jhS:V:I:", opts, NULL)) != -1) {
        if (c == 'd')
            q.db = optarg;
        else
        if (c == 'w') {
            if (q.n_with == DP_QUERY_MAX_WITH) {
                fprintf (stderr, "depeche query: at most %d --with\n", DP_QUERY_MAX_WITH);
                return 2;
            }
            q.with [q.n_with++] = optarg;
        }
        else
        if (c == 'f')
            q.from = optarg;
        else
        if (c == 't')
            q.to = optarg;
        else
        if (c == 'c')
            q.cooccur = optarg;
        else
        if (c == 'T')
            q.type = optarg;
        else
        if (c == 'm')
            q.match = optarg;
        else
        if (c == 'S')
            q.stories = optarg;
        else
        if (c == 'V')
            q.spellings = optarg;
        else
        if (c == 'I')
            q.story = optarg;
        else
        if (c == 'n')
            q.limit = atoi (optarg);
        else
        if (c == 'j')
            q.json = true;
        else {
            fputs (s_query_usage, c == 'h' ? stdout : stderr);
            return c == 'h' ? 0 : 2;
        }
    }
    if (!q.db || optind < argc) {
        fputs (s_query_usage, stderr);
        return 2;
    }
    char err [512];
    int rows = dp_query_run (&q, stdout, err, sizeof err);
    if (rows < 0) {
        fprintf (stderr, "depeche query: %s\n", err);
        return strstr (err, "give one of") ? 2 : 1;
    }
    if (!q.json && isatty (STDERR_FILENO))
        fprintf (stderr, "(%d row%s)\n", rows, rows == 1 ? "" : "s");
    return 0;
}

//  depeche tail: SUB to a sink's --pub, one readable article per frame.
static int
s_tail (int argc, char **argv)
{
    const char *topic = "", *ep = NULL;
    int color = isatty (STDOUT_FILENO);
    long count = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp (argv [i], "--topic") == 0 && i + 1 < argc)
            topic = argv [++i];
        else
        if (strcmp (argv [i], "--count") == 0 && i + 1 < argc)
            count = atol (argv [++i]);
        else
        if (strcmp (argv [i], "--color") == 0)
            color = 1;
        else
        if (strcmp (argv [i], "--plain") == 0)
            color = 0;
        else
        if (argv [i][0] != '-' && !ep)
            ep = argv [i];
        else {
            fprintf (stderr, "usage: depeche tail [--topic T] [--count N] [--color|--plain] ENDPOINT\n");
            return 2;
        }
    }
    if (!ep) {
        fprintf (stderr, "usage: depeche tail [--topic T] [--count N] [--color|--plain] ENDPOINT\n");
        return 2;
    }
    int sig_fd = dp_signal_open ();
    void *ctx = zmq_ctx_new ();
    zmq_ctx_set (ctx, ZMQ_BLOCKY, 0);
    dp_curve_t *curve = s_secure (ctx);
    void *sub = zmq_socket (ctx, ZMQ_SUB);
    int rc = 2;
    int64_t max = (int64_t) dp_frame_cap (dp_max_bytes_default ());
    if (!curve || dp_socket_setup (sub, DP_DEFAULT_HWM, 0, max)
    ||  zmq_setsockopt (sub, ZMQ_SUBSCRIBE, topic, strlen (topic))
    ||  dp_socket_attach (sub, ep, false))
        goto done;
    rc = 0;
    long seen = 0, bad = 0;
    while (!dp_signal_pending () && (count == 0 || seen < count)) {
        zmq_pollitem_t items [] = {
            { .socket = sub, .events = ZMQ_POLLIN },
            { .fd = sig_fd, .events = ZMQ_POLLIN },
        };
        if (zmq_poll (items, 2, -1) < 0 || !(items [0].revents & ZMQ_POLLIN))
            continue;
        zmq_msg_t msg;
        zmq_msg_init (&msg);
        if (zmq_msg_recv (&msg, sub, ZMQ_DONTWAIT) >= 0) {
            if (dp_tail_print (stdout, zmq_msg_data (&msg), zmq_msg_size (&msg), color))
                bad++;
            else
                seen++;
        }
        zmq_msg_close (&msg);
    }
    if (bad)
        dp_log_warn ("tail: %ld frame(s) were not articles", bad);
done:
    zmq_close (sub);
    while (zmq_ctx_term (ctx) == -1 && errno == EINTR)
        ;
    dp_socket_policy (NULL);
    dp_curve_destroy (&curve);
    return rc;
}

int
main (int argc, char **argv)
{
    dp_log_init ("depeche");
    if (argc < 2 || strcmp (argv [1], "help") == 0 || strcmp (argv [1], "--help") == 0
    ||  strcmp (argv [1], "-h") == 0) {
        fputs (s_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp (argv [1], "version") == 0 || strcmp (argv [1], "--version") == 0) {
        printf ("depeche %s\n", DP_VERSION);
        return 0;
    }
    if (strcmp (argv [1], "run") == 0)
        return s_run (argc - 2, argv + 2);
    if (strcmp (argv [1], "keygen") == 0) {
        if (argc < 3) {
            fprintf (stderr, "usage: depeche keygen NAME...\n");
            return 2;
        }
        for (int i = 2; i < argc; i++)
            if (dp_curve_keygen (argv [i]))
                return 1;
            else
                printf ("wrote %s.key (public) and %s.key_secret (secret, mode 600)\n",
                        argv [i], argv [i]);
        return 0;
    }
    if (strcmp (argv [1], "relay") == 0 || strcmp (argv [1], "push") == 0
    ||  strcmp (argv [1], "tail") == 0)
        argc = 2 + s_take_security (argc - 2, argv + 2);
    if (strcmp (argv [1], "relay") == 0)
        return s_relay (argc - 2, argv + 2);
    if (strcmp (argv [1], "push") == 0)
        return dp_push_main (argc - 2, argv + 2, &s_sec);
    if (strcmp (argv [1], "query") == 0)
        return s_query (argc - 1, argv + 1);
    if (strcmp (argv [1], "tail") == 0)
        return s_tail (argc - 2, argv + 2);
    if (strcmp (argv [1], "serve") == 0)
        return dp_serve_main (argc - 1, argv + 1);
    fprintf (stderr, "depeche: unknown command \"%s\"\n%s", argv [1], s_usage);
    return 2;
}
