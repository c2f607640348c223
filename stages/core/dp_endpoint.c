//  depeche — endpoint parsing. Checks what can be checked without a socket,
//  so that a typo is a usage error (exit 2) at start, not a silent hang.
#include "depeche/dp_endpoint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
s_check_tcp (const char *hostport, bool bind, char *err, size_t errlen)
{
    const char *colon = strrchr (hostport, ':');
    if (!colon || colon == hostport) {
        snprintf (err, errlen, "tcp:// needs host:port, got \"%s\"", hostport);
        return -1;
    }
    const char *port = colon + 1;
    if (strcmp (port, "*") == 0 && bind)
        return 0;                       //  ephemeral port, zmq picks one
    if (!*port || strspn (port, "0123456789") != strlen (port) || strlen (port) > 5
    ||  atoi (port) < 1 || atoi (port) > 65535) {
        //  libzmq would take 99999 modulo 65536 and listen somewhere else.
        snprintf (err, errlen, "tcp:// port must be a number in 1..65535%s, got \"%s\"",
                  bind ? " (or * to bind any)" : "", port);
        return -1;
    }
    if (!bind && strncmp (hostport, "*:", 2) == 0) {
        snprintf (err, errlen, "cannot connect to \"*\": name a host");
        return -1;
    }
    return 0;
}

int
dp_endpoint_parse (const char *spec, bool default_bind, dp_endpoint_t *out,
                   char *err, size_t errlen)
{
    memset (out, 0, sizeof *out);
    if (!spec || !*spec) {
        snprintf (err, errlen, "empty endpoint");
        return -1;
    }
    if (strcmp (spec, "-") == 0) {
        out->stdio = true;
        return 0;
    }
    const char *p = spec;
    while (true) {
        const char *comma = strchr (p, ',');
        size_t len = comma ? (size_t) (comma - p) : strlen (p);
        if (out->n == DP_EP_MAX) {
            snprintf (err, errlen, "more than %d addresses in \"%s\"", DP_EP_MAX, spec);
            return -1;
        }
        dp_ep_item_t *item = &out->items [out->n];
        item->bind = default_bind;
        if (len && (*p == '@' || *p == '>')) {
            item->bind = *p == '@';
            p++;
            len--;
        }
        if (len == 0) {
            snprintf (err, errlen, "empty address in \"%s\"", spec);
            return -1;
        }
        if (len >= DP_EP_ADDR_MAX) {
            snprintf (err, errlen, "address longer than %d bytes", DP_EP_ADDR_MAX - 1);
            return -1;
        }
        memcpy (item->addr, p, len);
        item->addr [len] = '\0';
        const char *path = NULL;        //  after ipc:// or inproc://
        if (strncmp (item->addr, "tcp://", 6) == 0) {
            if (s_check_tcp (item->addr + 6, item->bind, err, errlen))
                return -1;
        }
        else
        if (strncmp (item->addr, "ipc://", 6) == 0)
            path = item->addr + 6;
        else
        if (strncmp (item->addr, "inproc://", 9) == 0)
            path = item->addr + 9;
        else {
            snprintf (err, errlen, "unknown transport in \"%s\" (tcp://, ipc://, "
                      "inproc:// or - for stdio)", item->addr);
            return -1;
        }
        if (path && !*path) {
            snprintf (err, errlen, "\"%s\" names no path", item->addr);
            return -1;
        }
        out->n++;
        if (!comma)
            break;
        p = comma + 1;
    }
    return 0;
}
