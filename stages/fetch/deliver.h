//  depeche fetch — one run of depeche-fetch: the sources opened (resumed
//  from a checkpoint), each article numbered and sent, and with --ack the
//  delivery window's side of the protocol (DESIGN.md "Delivery"): acks
//  taken, resends and dead letters, checkpoints. main.c reads the options
//  into a dp_fetch_opts_t and calls dp_fetch_deliver.
#ifndef DP_FETCH_DELIVER_H_INCLUDED
#define DP_FETCH_DELIVER_H_INCLUDED

#include <stddef.h>
#include "depeche/dp_stage.h"
#include "fetch/fetch.h"

//  What the options say beside the stage's own (dp_stage_cfg_t).
typedef struct {
    const char *fetch_id;               //  this instance's name (origin.fetch)
    const char *host;                   //  this host's name (for '*' in --ack)
    const char *ack_ep;                 //  --ack, or NULL: no window
    const char *advertise;              //  --advertise, or NULL
    const char *ckpt;                   //  --checkpoint, or NULL
    long window, window_mb, resend_ms, max_resends;
    long rate;                          //  articles a second, 0: no pacing
    const char *follow [DP_FETCH_MAX_FOLLOW];
    size_t n_follow;
    const char *watch;                  //  --watch, or NULL
    const char *ingest_ep;              //  --ingest, or NULL
    const char *acked_ep;               //  --ingest-acked, or NULL
} dp_fetch_opts_t;

//  Runs fetch until its finite sources are read and (with --ack) every
//  article is acknowledged or dead-lettered, or until a signal; a live
//  source runs until the signal. paths are the PATH arguments (none:
//  stdin). Returns the process's exit status: 0, 1 on a fatal error while
//  running, 2 when it could not start.
int
    dp_fetch_deliver (dp_stage_cfg_t *cfg, const dp_fetch_opts_t *o,
                      char *const *paths, size_t n_paths);

#endif
