//  depeche run — the supervisor of one machine's stages: reads a small
//  config, starts each stage instance wired over ipc://, restarts a crashed
//  one with back-off, forwards SIGTERM, shows per-stage throughput, and ends
//  when a finite input has been fully written.
#ifndef DP_SUPERVISOR_H_INCLUDED
#define DP_SUPERVISOR_H_INCLUDED

#include <stddef.h>

#define DP_SUP_MAX_STAGES 8             //  stages in one config
#define DP_SUP_MAX_INSTANCES 16         //  instances of one stage
#define DP_SUP_MAX_ARGS 32              //  extra arguments of one stage
#define DP_SUP_MAX_HOSTS 16             //  machines in one config

typedef struct {
    char *name;                         //  fetch clean split tag sink
    int host;                           //  index in hosts, -1: this machine
    int instances;
    char *args [DP_SUP_MAX_ARGS];       //  extra arguments, owned
    int n_args;
} dp_sup_stage_t;

typedef struct {
    char *name;                         //  as in `depeche run --host NAME`
    char *addr;                         //  its address on the deployment's network
} dp_sup_host_t;

typedef struct {
    char *rundir;                       //  where sockets, logs and status live
    char *keys;                         //  folder of NAME.key(_secret) + allow/, or NULL
    char *max_bytes;                    //  the pipeline's size limit, or NULL
    const char *metrics;                //  serve the supervisor's /metrics here (CLI)
    int port;                           //  first tcp port between hosts
    dp_sup_host_t hosts [DP_SUP_MAX_HOSTS];
    int n_hosts;
    dp_sup_stage_t stages [DP_SUP_MAX_STAGES];
    int n_stages;
} dp_sup_config_t;

//  Parses a config text. Returns 0, or -1 with "line N: why" in err.
//    # comment
//    rundir /tmp/depeche-run        (optional; default: a new temp folder)
//    max-bytes 8M                   (optional: the size limit of every stage)
//    stage fetch 1 --window 500 articles/
//    stage clean 2                  (name, instances, extra arguments)
//  Stages are chained in the order given; the first is fed by its arguments,
//  the last writes. Every instance of a stage binds its own input and every
//  instance of the stage before connects to all of them: ipc:// on one
//  machine. Across machines, the same file on every host:
//    host ingest 10.0.0.1           (name and address, one line per machine)
//    host nlp 10.0.0.2
//    keys /etc/depeche/keys         (NAME.key_secret, NAME.key, allow/)
//    port 6000                      (first tcp port; default 6000)
//    stage fetch 1 @ingest archive/
//    stage tag 2 @nlp               (@HOST places a stage)
//  and `depeche run --host NAME FILE` runs NAME's part: between stages on
//  different hosts the endpoints are tcp:// (CURVE with keys, else
//  --insecure), on one host ipc://.
int
    dp_sup_config_parse (const char *text, dp_sup_config_t *cfg, char *err,
                         size_t errlen);

void
    dp_sup_config_free (dp_sup_config_t *cfg);

//  Runs the config (with hosts: only the stages placed on host) until its
//  input is fully written, or a signal. bindir holds the depeche-* binaries.
//  Returns the exit code (0 clean, 2 a config that does not fit).
int
    dp_sup_run (dp_sup_config_t *cfg, const char *bindir, const char *host);

#endif
