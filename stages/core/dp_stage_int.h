//  depeche — internals of the stage runtime shared by dp_stage.c (the loop,
//  the output, the counters) and dp_stage_in.c (the input: frames from
//  ZeroMQ, JSON lines from stdin). Not an API: only those two files include
//  it.
#ifndef DP_STAGE_INT_H_INCLUDED
#define DP_STAGE_INT_H_INCLUDED

#include "depeche/dp_stage.h"
#include "depeche/dp_common.h"
#include "depeche/dp_metrics.h"
#include <zmq.h>

#define S_READ_CHUNK 65536
#define S_STATUS_LEN 92                 //  4 numbers of 20 digits, a label of 7, spaces,
                                        //  newline
//  Frames sent one by one wake ZeroMQ's I/O threads and the next stage once
//  each, and on a virtual machine a wake-up on the other CPU costs ~20 us
//  of CPU: while input is waiting, the loop sends its output in bursts.
#define S_HOLD_MAX 16                   //  frames held back at most
#define S_HOLD_BYTES (1u << 20)         //  ... or their bytes
#define S_HOLD_US 1000                  //  ... or the oldest one's age

struct dp_stage {
    dp_stage_cfg_t cfg;                 //  copy of the configuration
    size_t frame_limit;                 //  largest frame or line we send
    void *ctx;                          //  ZeroMQ context (lazily needed)
    void *in;                           //  PULL socket, or NULL
    void *out;                          //  PUSH socket, or NULL
    bool in_stdio;                      //  input is JSON lines on stdin
    bool out_stdio;                     //  output is JSON lines on stdout
    int sig_fd;                         //  self-pipe read end
    //  stdin line reader
    char *buf;                          //  bytes read, not yet consumed
    size_t buf_len;                     //  bytes in buf
    size_t scanned;                     //  of which known to hold no newline
    dp_eol_t eol;                       //  what ends its lines (LF; an old Mac's CR)
    size_t buf_cap;                     //  max line + 1
    size_t line_no;                     //  lines seen on stdin
    bool in_eof;                        //  stdin closed
    uint64_t in_read;                   //  bytes read from stdin
    bool discarding;                    //  skipping the rest of an oversize line
    size_t discard_len;                 //  bytes of it skipped so far
    dp_stage_stats_t stats;
    dp_curve_t *curve;                  //  CURVE keys and the ZAP handler
    dp_metrics_t *metrics;              //  /metrics and /healthz, or NULL
    int m_in, m_out, m_dead, m_malformed, m_oversize, m_time;   //  their ids
    uint64_t blocked_since;             //  output stuck at the HWM since
    char *status;                       //  $DP_STATUS file, mapped, or NULL
    bool hold;                          //  in dp_stage_run: frames may wait
    zmq_msg_t held [S_HOLD_MAX];        //  packed, not sent yet
    size_t n_held, held_bytes;
    uint64_t held_since;
    dp_done_fn done;                    //  see dp_stage_set_done, or NULL
    void *done_state;                   //  its state (dp_stage_run's)
};

//  Every counter goes to the exit summary, the supervisor's status file and
//  /metrics alike.
#define S_COUNT(self, what) \
    do { (self)->stats.what++; dp_metrics_add ((self)->metrics, (self)->m_##what, 1); } while (0)

typedef enum {
    DP_STAGE__GOT,                              //  an article is in *doc
    DP_STAGE__NONE,                             //  nothing within the timeout
    DP_STAGE__END                               //  EOF or signal: stop reading
} dp_stage__recv_t;

//  Sends the frames held back (dp_stage.c), before the input blocks: 0 or -1.
int
    dp_stage__release (dp_stage_t *self);

//  The next article from stdin's JSON lines or from the input socket
//  (dp_stage_in.c), waiting up to timeout_ms (-1: until one comes).
dp_stage__recv_t
    dp_stage__recv_stdio (dp_stage_t *self, dp_article_t **doc, int timeout_ms);
dp_stage__recv_t
    dp_stage__recv_zmq (dp_stage_t *self, dp_article_t **doc, int timeout_ms);

#endif
