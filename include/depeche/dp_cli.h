//  depeche — the options every stage shares (--in --out --help --version -v
//  --linger-ms --hwm --max-bytes --keep-running). A stage's getopt_long
//  table starts with DP_CLI_OPTIONS and hands unknown codes to dp_cli_common.
#ifndef DP_CLI_H_INCLUDED
#define DP_CLI_H_INCLUDED

#include <getopt.h>
#include <stdio.h>
#include "depeche/dp_stage.h"

enum {
    DP_OPT_LINGER = 1000,
    DP_OPT_HWM,
    DP_OPT_MAX_BYTES,
    DP_OPT_KEEP_RUNNING,
    DP_OPT_LOG,
    DP_OPT_NOOP,
    DP_OPT_CERT,
    DP_OPT_SERVER_KEY,
    DP_OPT_ALLOW,
    DP_OPT_INSECURE,
    DP_OPT_METRICS,
    DP_OPT_STAGE_BASE = 1100            //  first code free for a stage's own
};

#define DP_CLI_SHORT "i:o:hVvq"
#define DP_CLI_OPTIONS \
    { "in", required_argument, NULL, 'i' }, \
    { "out", required_argument, NULL, 'o' }, \
    { "help", no_argument, NULL, 'h' }, \
    { "version", no_argument, NULL, 'V' }, \
    { "verbose", no_argument, NULL, 'v' }, \
    { "quiet", no_argument, NULL, 'q' }, \
    { "log", required_argument, NULL, DP_OPT_LOG }, \
    { "linger-ms", required_argument, NULL, DP_OPT_LINGER }, \
    { "hwm", required_argument, NULL, DP_OPT_HWM }, \
    { "max-bytes", required_argument, NULL, DP_OPT_MAX_BYTES }, \
    { "keep-running", no_argument, NULL, DP_OPT_KEEP_RUNNING }, \
    { "noop", no_argument, NULL, DP_OPT_NOOP }, \
    { "cert", required_argument, NULL, DP_OPT_CERT }, \
    { "server-key", required_argument, NULL, DP_OPT_SERVER_KEY }, \
    { "allow", required_argument, NULL, DP_OPT_ALLOW }, \
    { "insecure", no_argument, NULL, DP_OPT_INSECURE }, \
    { "metrics", required_argument, NULL, DP_OPT_METRICS }

//  Help text for the shared options, to print after a stage's own.
#define DP_CLI_HELP \
"  -i, --in ENDPOINT     input: @tcp://*:5557 binds, >tcp://host:5557 connects,\n" \
"                        ipc:// and inproc:// too, '-' = JSON lines on stdin\n" \
"  -o, --out ENDPOINT    output, same syntax ('-' = JSON lines on stdout)\n" \
"      --max-bytes N     size limit of html+text per article (default 4M);\n" \
"                        over it the article goes on with error set\n" \
"      --hwm N           ZeroMQ high-water mark per socket (default 1000)\n" \
"      --linger-ms N     how long unsent output may wait at exit (default 1000)\n" \
"      --keep-running    forward end-of-stream markers instead of exiting\n" \
"      --noop            pass articles through untouched (to measure transport)\n" \
"      --cert FILE       CURVE key pair of this process (NAME.key_secret, mode 600)\n" \
"      --allow DIR       public keys allowed to connect to our tcp:// binds\n" \
"      --server-key FILE public key of the servers our tcp:// connects reach\n" \
"      --insecure        allow plain tcp:// (no keys: anyone reaching it connects)\n" \
"      --metrics ADDR    serve Prometheus /metrics and /healthz on ADDR (HOST:PORT)\n" \
"  -v, --verbose         debug logging (or DP_LOG=debug); -q: errors only\n" \
"  -h, --help            this help;  -V, --version  the version\n"

//  Parses "4096", "64K", "4M", "1G". Returns 0, or -1 when malformed.
int
    dp_cli_size (const char *arg, size_t *out);

//  Handles a shared option. Returns 1 when handled, 0 when the code is not a
//  shared one. Exits 0 after --help/--version, 2 on a bad value.
int
    dp_cli_common (int code, const char *arg, dp_stage_cfg_t *cfg,
                   const char *usage);

#endif
