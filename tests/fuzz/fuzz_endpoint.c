//  depeche — fuzz target for endpoint specs: the input, cut at its first NUL,
//  is parsed with either default side. Checks: failure always says why in a
//  NUL-terminated err; success gives "-" alone, or 1..DP_EP_MAX non-empty
//  addresses with a known transport, no comma, NUL-terminated in the item.
#include "depeche/dp_endpoint.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
    LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define S_CHECK(cond) \
    do { if (!(cond)) s_fail (#cond, __LINE__); } while (0)

static void
s_fail (const char *what, int line)
{
    fprintf (stderr, "fuzz_endpoint.c:%d: invariant failed: %s\n", line, what);
    abort ();
}

static bool
s_has_prefix (const char *s, const char *prefix)
{
    return strncmp (s, prefix, strlen (prefix)) == 0;
}

static void
s_parse_checked (const char *spec, bool default_bind, size_t errlen)
{
    dp_endpoint_t ep;
    char err [512];
    memset (err, 0x5a, sizeof err);     //  no NUL unless the parser writes one
    memset (&ep, 0xa5, sizeof ep);
    int rc = dp_endpoint_parse (spec, default_bind, &ep, err, errlen);
    S_CHECK (rc == 0 || rc == -1);
    if (rc) {
        S_CHECK (errlen == 0 || memchr (err, '\0', errlen));
        S_CHECK (errlen <= 1 || err [0]);   //  a reason, if it fits
        for (size_t i = errlen; i < sizeof err; i++)
            S_CHECK (err [i] == 0x5a);  //  nothing written past errlen
        return;
    }
    if (ep.stdio) {
        S_CHECK (strcmp (spec, "-") == 0);
        S_CHECK (ep.n == 0);
        return;
    }
    S_CHECK (ep.n >= 1 && ep.n <= DP_EP_MAX);
    size_t commas = 0;
    for (const char *p = spec; *p; p++)
        commas += *p == ',';
    S_CHECK (ep.n == commas + 1);
    for (size_t i = 0; i < ep.n; i++) {
        const dp_ep_item_t *it = &ep.items [i];
        S_CHECK (memchr (it->addr, '\0', sizeof it->addr));
        S_CHECK (it->addr [0]);
        S_CHECK (!strchr (it->addr, ','));
        S_CHECK (strstr (spec, it->addr));
        S_CHECK (s_has_prefix (it->addr, "tcp://") || s_has_prefix (it->addr, "ipc://")
              || s_has_prefix (it->addr, "inproc://"));
        if (s_has_prefix (it->addr, "tcp://") && !it->bind)
            S_CHECK (!s_has_prefix (it->addr, "tcp://*:"));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    char *spec = malloc (size + 1);
    if (!spec)
        return 0;
    memcpy (spec, data, size);
    spec [size] = '\0';
    //  err buffers of odd sizes too: the message must be cut, not overrun.
    size_t errlen = size ? 1 + data [0] % 64 : 1;
    s_parse_checked (spec, true, 512);
    s_parse_checked (spec, false, 512);
    s_parse_checked (spec, (size & 1) != 0, errlen);
    free (spec);
    return 0;
}
