//  depeche push — a producer: JSON lines from stdin into a running stage or
//  into fetch's ingest. Plain (PUSH, at most once: what is in flight when
//  the receiver dies is lost), --raw and --delimited (frames as they are,
//  to test a stage's defences or replay captured frames), or --acked (a
//  DEALER to fetch's --ingest-acked: every article is sent again until
//  fetch says the sink wrote it, through the delivery window of dp_window.h,
//  so nothing is lost when any process of the pipeline is killed).
#ifndef DP_PUSH_H_INCLUDED
#define DP_PUSH_H_INCLUDED

#include "depeche/dp_curve.h"

//  `depeche push ARGS` (argv without "depeche push"); sec: the CURVE
//  options already taken out of the arguments. Returns the exit code: 0
//  every line sent (--acked: acknowledged), 1 some could not be, 2 usage.
int
    dp_push_main (int argc, char **argv, const dp_curve_cfg_t *sec);

#endif
