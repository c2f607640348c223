//  depeche — endpoint syntax (CZMQ's convention): "@tcp://*:5557" binds,
//  ">tcp://host:5557" connects, several separated by commas; "-" is JSON
//  lines on stdin/stdout. A bare address takes the caller's default side.
#ifndef DP_ENDPOINT_H_INCLUDED
#define DP_ENDPOINT_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

#define DP_EP_MAX 16                    //  addresses in one endpoint spec
#define DP_EP_ADDR_MAX 256              //  bytes in one address

typedef struct {
    bool bind;                          //  true: zmq_bind, false: zmq_connect
    char addr [DP_EP_ADDR_MAX];         //  "tcp://host:port", "ipc://path"...
} dp_ep_item_t;

typedef struct {
    bool stdio;                         //  "-": JSON lines on stdin/stdout
    size_t n;                           //  addresses used in items
    dp_ep_item_t items [DP_EP_MAX];
} dp_endpoint_t;

//  Parses spec into *out. default_bind is the side of a bare address.
//  Returns 0, or -1 with a reason in err[0..errlen) (empty item, unknown
//  transport, tcp:// without a port, "*" host on a connect, too many items).
int
    dp_endpoint_parse (const char *spec, bool default_bind, dp_endpoint_t *out,
                       char *err, size_t errlen);

#endif
