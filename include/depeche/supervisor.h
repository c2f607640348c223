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

typedef struct {
    char *name;                         //  fetch clean split tag sink
    int instances;
    char *args [DP_SUP_MAX_ARGS];       //  extra arguments, owned
    int n_args;
} dp_sup_stage_t;

typedef struct {
    char *rundir;                       //  where sockets, logs and status live
    dp_sup_stage_t stages [DP_SUP_MAX_STAGES];
    int n_stages;
} dp_sup_config_t;

//  Parses a config text. Returns 0, or -1 with "line N: why" in err.
//    # comment
//    rundir /tmp/depeche-run        (optional; default: a new temp folder)
//    stage fetch 1 --window 500 articles/
//    stage clean 2                  (name, instances, extra arguments)
//  Stages are chained in the order given; the first is fed by its arguments,
//  the last writes. Every instance of a stage binds its own ipc:// input and
//  every instance of the stage before connects to all of them.
int
    dp_sup_config_parse (const char *text, dp_sup_config_t *cfg, char *err,
                         size_t errlen);

void
    dp_sup_config_free (dp_sup_config_t *cfg);

//  Runs the config until its input is fully written, or a signal. bindir
//  holds the depeche-* binaries. Returns the exit code (0 clean).
int
    dp_sup_run (dp_sup_config_t *cfg, const char *bindir);

#endif
