//  depeche — self-pipe signal handling (STYLE.md snippet 1).
#include "depeche/dp_signal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static int s_pipe [2] = { -1, -1 };     //  [0] polled by the loop, [1] written
static volatile sig_atomic_t s_last;    //  last signal number
static volatile sig_atomic_t s_caught;  //  set before the byte is written
static bool s_seen;                     //  a byte was read off the pipe

static void
s_on_signal (int signum)
{
    int saved = errno;                  //  async-signal-safe calls only
    unsigned char byte = (unsigned char) signum;
    s_last = signum;
    s_caught = 1;
    ssize_t n = write (s_pipe [1], &byte, 1);
    (void) n;                           //  pipe full: we are already stopping
    errno = saved;
}

int
dp_signal_open (void)
{
    if (s_pipe [0] != -1)
        return s_pipe [0];
    if (pipe (s_pipe) == -1)
        return -1;
    for (int i = 0; i < 2; i++) {
        fcntl (s_pipe [i], F_SETFL, O_NONBLOCK);
        fcntl (s_pipe [i], F_SETFD, FD_CLOEXEC);
    }
    struct sigaction sa;
    memset (&sa, 0, sizeof sa);
    sa.sa_handler = s_on_signal;        //  no SA_RESTART
    sigemptyset (&sa.sa_mask);
    //  SIGHUP (a closed terminal, a reload sent by a service manager or a
    //  log rotation) stops as SIGTERM does: by default it killed the
    //  supervisor alone, leaving its stages running without it, and a stage
    //  died without sending on what it held.
    if (sigaction (SIGINT, &sa, NULL) == -1 || sigaction (SIGTERM, &sa, NULL) == -1
    ||  sigaction (SIGHUP, &sa, NULL) == -1)
        return -1;
    signal (SIGPIPE, SIG_IGN);          //  a closed stdout is an EPIPE, not death
    return s_pipe [0];
}

bool
dp_signal_pending (void)
{
    if (s_seen)
        return true;
    //  Asked once per article by every stage: no read(2) until a signal
    //  came (the flag is set before the byte is written).
    if (s_pipe [0] == -1 || !s_caught)
        return false;
    unsigned char byte;
    if (read (s_pipe [0], &byte, 1) == 1)
        s_seen = true;
    return s_seen;
}

int
dp_signal_last (void)
{
    return s_last;
}
