//  depeche-fetch — reads the sources, numbers each article (seq) and sends
//  it on; with --ack keeps it in the delivery window until the sink
//  acknowledges it, and checkpoints where a restart goes on. Options only:
//  the run is deliver.c, the sources fetch.c and live.c, the producers'
//  sockets ingest.c.
#include "depeche/dp_cli.h"
#include "depeche/dp_log.h"
#include "fetch/deliver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

//  Reads a number option into *num: 0, or -1 (said) when it is not a whole
//  number from 1 to 10^8.
static int
s_number (const char *arg, long *num)
{
    char *end;
    *num = strtol (arg, &end, 10);
    if (*end || *num < 1 || *num > 100000000) {
        fprintf (stderr, "depeche-fetch: bad number \"%s\"\n", arg);
        return -1;
    }
    return 0;
}

int
main (int argc, char **argv)
{
    dp_log_init ("depeche-fetch");
    dp_stage_cfg_t cfg;
    dp_stage_cfg_defaults (&cfg, "fetch");
    cfg.out = "-";
    dp_fetch_opts_t o = { .window = 1000, .window_mb = 32, .resend_ms = 5000,
                          .max_resends = 5 };
    enum { O_ADV = DP_OPT_STAGE_BASE, O_ID, O_WINDOW, O_WINDOW_MB, O_RESEND, O_MAXRS, O_RATE,
           O_CKPT, O_FOLLOW, O_WATCH, O_INGEST, O_INGEST_ACKED };
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
        long *num = c == O_WINDOW ? &o.window : c == O_WINDOW_MB ? &o.window_mb
                  : c == O_RESEND ? &o.resend_ms
                  : c == O_MAXRS ? &o.max_resends : c == O_RATE ? &o.rate : NULL;
        if (num) {
            if (s_number (optarg, num))
                return 2;
        }
        else
        if (c == 'a')
            o.ack_ep = optarg;
        else
        if (c == O_ADV)
            o.advertise = optarg;
        else
        if (c == O_ID)
            o.fetch_id = optarg;
        else
        if (c == O_CKPT)
            o.ckpt = optarg;
        else
        if (c == O_FOLLOW) {
            if (o.n_follow == DP_FETCH_MAX_FOLLOW) {
                fprintf (stderr, "depeche-fetch: at most %d --follow\n", DP_FETCH_MAX_FOLLOW);
                return 2;
            }
            o.follow [o.n_follow++] = optarg;
        }
        else
        if (c == O_WATCH)
            o.watch = optarg;
        else
        if (c == O_INGEST)
            o.ingest_ep = optarg;
        else
        if (c == O_INGEST_ACKED)
            o.acked_ep = optarg;
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
    o.host = host;
    if (!o.fetch_id)
        o.fetch_id = default_id;
    //  Room for the run's token in the origin (cut at 512 on the way).
    if (strlen (o.fetch_id) > 256) {
        fprintf (stderr, "depeche-fetch: --id is at most 256 bytes\n");
        return 2;
    }
    if ((o.ckpt || o.acked_ep) && !o.ack_ep) {
        fprintf (stderr, "depeche-fetch: --%s needs --ack (only acks say what is written)\n",
                 o.ckpt ? "checkpoint" : "ingest-acked");
        return 2;
    }
    return dp_fetch_deliver (&cfg, &o, argv + optind, (size_t) (argc - optind));
}
