//  depeche — CURVE encryption and authentication of tcp:// endpoints.
//  Key files are CZMQ zcert files (`depeche keygen NAME` writes NAME.key and
//  NAME.key_secret). A binding socket is a CURVE server with the key pair of
//  --cert and accepts only the client keys found in --allow (checked by a ZAP
//  handler on the stage's own context, started before anything binds, with
//  ZMQ_ZAP_ENFORCE_DOMAIN so that no handler means no connection). A
//  connecting socket is a CURVE client with --cert and --server-key.
//  Plain tcp:// without keys is refused unless --insecure says so.
#ifndef DP_CURVE_H_INCLUDED
#define DP_CURVE_H_INCLUDED

#include <stdbool.h>

typedef struct {
    const char *cert;                   //  our key pair: a NAME.key_secret file
    const char *server_key;             //  public key of the servers we connect to
    const char *allow;                  //  folder of allowed client public keys
    bool insecure;                      //  plain tcp:// allowed without keys
} dp_curve_cfg_t;

typedef struct dp_curve dp_curve_t;

//  Loads and checks the keys of cfg and, when an allow-list is given, starts
//  the ZAP handler on ctx. Returns NULL with the reason logged (a missing,
//  truncated or unreadable key file; a secret key file readable by group or
//  others): a usage error, exit 2. With no keys configured it returns an
//  object that only enforces the --insecure rule.
dp_curve_t *
    dp_curve_new (void *ctx, const dp_curve_cfg_t *cfg);

//  Stops the ZAP handler. Call after the context's sockets are closed and
//  zmq_ctx_term has begun or ended (the handler exits on ETERM), or before
//  any socket was made. NULL-safe.
void
    dp_curve_destroy (dp_curve_t **self_p);

//  Secures sock for an endpoint address: a tcp:// address on a binding
//  socket makes it a CURVE server, on a connecting socket a CURVE client.
//  Returns 0, or -1 with the reason logged when the keys for that role are
//  missing, or when there are no keys and --insecure was not given.
//  ipc:// and inproc:// stay plain (they do not leave the machine).
int
    dp_curve_apply (dp_curve_t *self, void *sock, bool bind, const char *addr);

//  Writes a new key pair: NAME.key (public, 0644) and NAME.key_secret
//  (0600). Returns 0, or -1 with the reason logged.
int
    dp_curve_keygen (const char *name);

#endif
