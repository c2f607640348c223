//  depeche — SIGINT/SIGTERM/SIGHUP as a readable fd (self-pipe), so a signal can
//  never slip in between "check flag" and "block in poll".
#ifndef DP_SIGNAL_H_INCLUDED
#define DP_SIGNAL_H_INCLUDED

#include <stdbool.h>

//  Installs the handlers (no SA_RESTART: blocking calls return EINTR) and
//  ignores SIGPIPE. Returns the fd to poll, or -1. Idempotent.
int
    dp_signal_open (void);

//  True once SIGINT, SIGTERM or SIGHUP arrived (reads the pipe without blocking).
bool
    dp_signal_pending (void);

//  The last signal number received, 0 if none.
int
    dp_signal_last (void);

#endif
