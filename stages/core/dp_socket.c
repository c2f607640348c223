//  depeche — the sockets and frame sizes every process shares (declared in
//  dp_stage.h): the frame limits derived from --max-bytes, the socket options,
//  and attaching a socket to an endpoint spec under the process's CURVE
//  policy. It owns no socket and no loop: the stage runtime (dp_stage.c),
//  fetch's ack socket, the sink's --pub and `depeche push` call it.
#include "depeche/dp_stage.h"
#include "depeche/dp_endpoint.h"
#include "depeche/dp_log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

size_t
dp_frame_limit (size_t max_bytes)
{
    //  The payload, its annotations (tokens and sentences of real text take
    //  about as much again as the text) and the metadata.
    return max_bytes * 3 + (64u << 10);
}

size_t
dp_frame_cap (size_t max_bytes)
{
    return dp_frame_limit (max_bytes) * 2;
}

size_t
dp_max_bytes_default (void)
{
    size_t v;
    const char *env = getenv ("DP_MAX_BYTES");
    if (env && *env && dp_size_parse (env, &v) == 0 && v > 0 && v <= DP_MAX_MAX_BYTES)
        return v;
    if (env && *env)
        dp_log_once_per (DP_LOG_WARN, "DP_MAX_BYTES=\"%s\" is not a size in 1..1G; "
                         "using %u", env, DP_DEFAULT_MAX_BYTES);
    return DP_DEFAULT_MAX_BYTES;
}

int
dp_socket_setup (void *sock, int hwm, int linger_ms, int64_t max_msg)
{
    if (zmq_setsockopt (sock, ZMQ_SNDHWM, &hwm, sizeof hwm)
    ||  zmq_setsockopt (sock, ZMQ_RCVHWM, &hwm, sizeof hwm)
    ||  zmq_setsockopt (sock, ZMQ_LINGER, &linger_ms, sizeof linger_ms))
        return -1;
    if (max_msg > 0
    &&  zmq_setsockopt (sock, ZMQ_MAXMSGSIZE, &max_msg, sizeof max_msg))
        return -1;
    return 0;
}

//  The process's CURVE policy: like the log level, one per process.
static dp_curve_t *s_policy;

void
dp_socket_policy (dp_curve_t *curve)
{
    s_policy = curve;
}

void
dp_socket_policy_drop (const dp_curve_t *curve)
{
    if (s_policy == curve)
        s_policy = NULL;
}

int
dp_socket_attach (void *sock, const char *spec, bool default_bind)
{
    dp_endpoint_t ep;
    char err [256];
    if (dp_endpoint_parse (spec, default_bind, &ep, err, sizeof err)) {
        dp_log_error ("endpoint \"%s\": %s", spec, err);
        return -1;
    }
    if (ep.stdio) {
        dp_log_error ("endpoint \"-\" (stdio) is not a socket here");
        return -1;
    }
    //  CURVE is a property of the socket: one role for all its addresses.
    for (size_t i = 1; i < ep.n; i++)
        if (ep.items [i].bind != ep.items [0].bind
        &&  (strncmp (ep.items [i].addr, "tcp://", 6) == 0
             || strncmp (ep.items [0].addr, "tcp://", 6) == 0)) {
            dp_log_error ("endpoint \"%s\": a socket that binds and connects cannot "
                          "be secured for both roles; use two stages or a relay", spec);
            return -1;
        }
    for (size_t i = 0; i < ep.n; i++)
        if (dp_curve_apply (s_policy, sock, ep.items [i].bind, ep.items [i].addr))
            return -1;
    for (size_t i = 0; i < ep.n; i++) {
        int rc = ep.items [i].bind ? zmq_bind (sock, ep.items [i].addr)
                                   : zmq_connect (sock, ep.items [i].addr);
        if (rc) {
            dp_log_error ("%s %s: %s", ep.items [i].bind ? "bind" : "connect",
                          ep.items [i].addr, zmq_strerror (errno));
            return -1;
        }
        dp_log_debug ("%s %s", ep.items [i].bind ? "bound" : "connected",
                      ep.items [i].addr);
    }
    return 0;
}
