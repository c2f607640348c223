//  depeche — CURVE keys and the ZAP handler (see dp_curve.h).
//  Why not CZMQ's zauth: it runs on CZMQ's global context, and ZAP only
//  serves sockets of its own context; our stages own their context and
//  their signal handling (STYLE.md), so the handler here is a small thread
//  with a REP socket on the stage's context. Key files are CZMQ's zcert.
#include "depeche/dp_curve.h"
#include "depeche/dp_log.h"

#include <czmq.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <zmq.h>

//  A draft option in libzmq 4.3 (not in Debian's stable header); a library
//  built without drafts refuses it with EINVAL, which is fine because our
//  handler is bound before any server socket and lives as long as it.
#ifndef ZMQ_ZAP_ENFORCE_DOMAIN
#   define ZMQ_ZAP_ENFORCE_DOMAIN 93
#endif

#define S_MAX_ALLOWED 1024              //  client keys in an allow-list
#define S_ZAP_ENDPOINT "inproc://zeromq.zap.01"
#define S_DOMAIN "depeche"

struct dp_curve {
    bool insecure;
    bool have_cert;                     //  our key pair is loaded
    bool have_server;                   //  the server's public key is loaded
    bool have_allow;                    //  an allow-list is loaded
    char public_txt [41];               //  our keys, Z85
    char secret_txt [41];
    char server_txt [41];               //  the servers' public key, Z85
    unsigned char allowed [S_MAX_ALLOWED][32];
    size_t n_allowed;
    void *zap;                          //  REP socket, owned by the thread
    pthread_t thread;
    bool running;
    bool warned;                        //  --insecure said once
};

//  Loads one zcert file; checks its keys are real. NULL + reason logged.
static zcert_t *
s_load (const char *path, bool need_secret)
{
    struct stat st;
    if (stat (path, &st)) {
        dp_log_error ("key file %s: %s", path, strerror (errno));
        return NULL;
    }
    if (need_secret && (st.st_mode & 077)) {
        dp_log_error ("secret key file %s is readable by group or others "
                      "(mode %03o): chmod 600 %s", path, st.st_mode & 0777, path);
        return NULL;
    }
    zcert_t *cert = zcert_load (path);
    static const char zero [] = "0000000000000000000000000000000000000000";
    if (!cert || strlen (zcert_public_txt (cert)) != 40
    ||  strcmp (zcert_public_txt (cert), zero) == 0
    ||  (need_secret && (strlen (zcert_secret_txt (cert)) != 40
                         || strcmp (zcert_secret_txt (cert), zero) == 0))) {
        dp_log_error ("key file %s: not a %s key file (truncated or damaged?)",
                      path, need_secret ? "secret" : "public");
        zcert_destroy (&cert);
        return NULL;
    }
    return cert;
}

static int
s_load_allow (dp_curve_t *self, const char *dir)
{
    DIR *d = opendir (dir);
    if (!d) {
        dp_log_error ("allow-list %s: %s", dir, strerror (errno));
        return -1;
    }
    struct dirent *e;
    int rc = 0;
    while ((e = readdir (d)) && rc == 0) {
        size_t n = strlen (e->d_name);
        if (e->d_name [0] == '.' || (n > 7 && strcmp (e->d_name + n - 7, "_secret") == 0))
            continue;
        char path [4096];
        snprintf (path, sizeof path, "%s/%s", dir, e->d_name);
        zcert_t *cert = s_load (path, false);
        if (!cert)
            rc = -1;
        else
        if (self->n_allowed == S_MAX_ALLOWED) {
            dp_log_error ("allow-list %s: more than %d keys", dir, S_MAX_ALLOWED);
            rc = -1;
        }
        else
            memcpy (self->allowed [self->n_allowed++], zcert_public_key (cert), 32);
        zcert_destroy (&cert);
    }
    closedir (d);
    if (rc == 0 && self->n_allowed == 0) {
        dp_log_error ("allow-list %s holds no public key: nobody could connect", dir);
        rc = -1;
    }
    return rc;
}

//  --------------------------------------------------------------------------
//  ZAP (RFC 27): request = version, request id, domain, address, identity,
//  mechanism, credentials...; reply = version, request id, status code,
//  status text, user id, metadata.

static bool
s_allowed (dp_curve_t *self, const unsigned char *key)
{
    for (size_t i = 0; i < self->n_allowed; i++)
        if (memcmp (self->allowed [i], key, 32) == 0)
            return true;
    return false;
}

static void *
s_zap_thread (void *arg)
{
    dp_curve_t *self = arg;
    while (true) {
        zmq_msg_t frames [8];
        int n = 0;
        bool more = true;
        while (more && n < 8) {
            zmq_msg_init (&frames [n]);
            if (zmq_msg_recv (&frames [n], self->zap, 0) < 0) {
                zmq_msg_close (&frames [n]);
                for (int i = 0; i < n; i++)
                    zmq_msg_close (&frames [i]);
                if (errno == ETERM)
                    goto done;
                n = -1;
                break;
            }
            more = zmq_msg_more (&frames [n]);
            n++;
        }
        if (n < 0)
            continue;
        //  Drain anything past 8 frames: not a request we know.
        while (more) {
            zmq_msg_t extra;
            zmq_msg_init (&extra);
            zmq_msg_recv (&extra, self->zap, 0);
            more = zmq_msg_more (&extra);
            zmq_msg_close (&extra);
        }
        const char *status = "400", *text = "denied";
        if (n >= 7 && zmq_msg_size (&frames [5]) == 5
        &&  memcmp (zmq_msg_data (&frames [5]), "CURVE", 5) == 0
        &&  zmq_msg_size (&frames [2]) == strlen (S_DOMAIN)
        &&  memcmp (zmq_msg_data (&frames [2]), S_DOMAIN, strlen (S_DOMAIN)) == 0
        &&  zmq_msg_size (&frames [6]) == 32
        &&  s_allowed (self, zmq_msg_data (&frames [6]))) {
            status = "200";
            text = "OK";
        }
        else
            dp_log_once_per (DP_LOG_WARN, "refused a CURVE client not in the allow-list");
        zmq_send (self->zap, "1.0", 3, ZMQ_SNDMORE);
        if (n >= 2)
            zmq_send (self->zap, zmq_msg_data (&frames [1]), zmq_msg_size (&frames [1]),
                      ZMQ_SNDMORE);
        else
            zmq_send (self->zap, "", 0, ZMQ_SNDMORE);
        zmq_send (self->zap, status, 3, ZMQ_SNDMORE);
        zmq_send (self->zap, text, strlen (text), ZMQ_SNDMORE);
        zmq_send (self->zap, "", 0, ZMQ_SNDMORE);
        zmq_send (self->zap, "", 0, 0);
        for (int i = 0; i < n; i++)
            zmq_msg_close (&frames [i]);
    }
done:
    zmq_close (self->zap);
    return NULL;
}

//  --------------------------------------------------------------------------

dp_curve_t *
dp_curve_new (void *ctx, const dp_curve_cfg_t *cfg)
{
    dp_curve_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->insecure = cfg->insecure;
    zcert_t *cert = NULL;
    if (cfg->cert) {
        if (!(cert = s_load (cfg->cert, true)))
            goto fail;
        snprintf (self->public_txt, sizeof self->public_txt, "%s", zcert_public_txt (cert));
        snprintf (self->secret_txt, sizeof self->secret_txt, "%s", zcert_secret_txt (cert));
        self->have_cert = true;
        zcert_destroy (&cert);
    }
    if (cfg->server_key) {
        if (!(cert = s_load (cfg->server_key, false)))
            goto fail;
        snprintf (self->server_txt, sizeof self->server_txt, "%s", zcert_public_txt (cert));
        self->have_server = true;
        zcert_destroy (&cert);
    }
    if (cfg->allow) {
        if (s_load_allow (self, cfg->allow))
            goto fail;
        self->have_allow = true;
        //  The handler is bound before this returns, so before any stage
        //  socket can bind: no window in which a server runs unguarded.
        self->zap = zmq_socket (ctx, ZMQ_REP);
        int linger = 0;
        if (!self->zap || zmq_setsockopt (self->zap, ZMQ_LINGER, &linger, sizeof linger)
        ||  zmq_bind (self->zap, S_ZAP_ENDPOINT)) {
            dp_log_error ("ZAP handler: %s", zmq_strerror (errno));
            goto fail;
        }
        //  The handler thread takes no signal: they are the main loop's.
        sigset_t all, old;
        sigfillset (&all);
        pthread_sigmask (SIG_BLOCK, &all, &old);
        int rc = pthread_create (&self->thread, NULL, s_zap_thread, self);
        pthread_sigmask (SIG_SETMASK, &old, NULL);
        if (rc) {
            dp_log_error ("ZAP handler thread: %s", strerror (rc));
            goto fail;
        }
        self->running = true;
    }
    if ((self->have_cert || self->have_server || self->have_allow) && self->insecure) {
        dp_log_error ("--insecure with keys: choose one");
        goto fail;
    }
    return self;
fail:
    if (self->zap && !self->running)
        zmq_close (self->zap);
    self->zap = NULL;
    dp_curve_destroy (&self);
    return NULL;
}

void
dp_curve_destroy (dp_curve_t **self_p)
{
    dp_curve_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    if (self->running)
        pthread_join (self->thread, NULL);
    memset (self->secret_txt, 0, sizeof self->secret_txt);
    free (self);
    *self_p = NULL;
}

int
dp_curve_apply (dp_curve_t *self, void *sock, bool bind, const char *addr)
{
    if (strncmp (addr, "tcp://", 6) != 0)
        return 0;
    if (!self || (!self->have_cert && !self->have_server && !self->have_allow)) {
        if (self && self->insecure) {
            if (!self->warned)
                dp_log_warn ("%s: plain tcp://, not encrypted, anyone who can reach it "
                             "can connect (--insecure)", addr);
            self->warned = true;
            return 0;
        }
        dp_log_error ("%s: plain tcp:// is refused without keys; give --cert with "
                      "--allow (binding) or --server-key (connecting), or --insecure", addr);
        return -1;
    }
    if (!self->have_cert) {
        dp_log_error ("%s: keys are configured but --cert (our key pair) is missing", addr);
        return -1;
    }
    int one = 1;
    if (bind) {
        if (!self->have_allow) {
            dp_log_error ("%s: a binding tcp:// endpoint needs --allow (the clients' "
                          "public keys)", addr);
            return -1;
        }
        if (zmq_setsockopt (sock, ZMQ_ZAP_ENFORCE_DOMAIN, &one, sizeof one)
        &&  errno != EINVAL) {
            dp_log_error ("%s: ZAP_ENFORCE_DOMAIN: %s", addr, zmq_strerror (errno));
            return -1;
        }
        if (zmq_setsockopt (sock, ZMQ_ZAP_DOMAIN, S_DOMAIN, strlen (S_DOMAIN))
        ||  zmq_setsockopt (sock, ZMQ_CURVE_SERVER, &one, sizeof one)
        ||  zmq_setsockopt (sock, ZMQ_CURVE_SECRETKEY, self->secret_txt, 40)) {
            dp_log_error ("%s: CURVE server: %s", addr, zmq_strerror (errno));
            return -1;
        }
        return 0;
    }
    if (!self->have_server) {
        dp_log_error ("%s: a connecting tcp:// endpoint needs --server-key", addr);
        return -1;
    }
    if (zmq_setsockopt (sock, ZMQ_CURVE_SERVERKEY, self->server_txt, 40)
    ||  zmq_setsockopt (sock, ZMQ_CURVE_PUBLICKEY, self->public_txt, 40)
    ||  zmq_setsockopt (sock, ZMQ_CURVE_SECRETKEY, self->secret_txt, 40)) {
        dp_log_error ("%s: CURVE client: %s", addr, zmq_strerror (errno));
        return -1;
    }
    return 0;
}

int
dp_curve_keygen (const char *name)
{
    zcert_t *cert = zcert_new ();
    if (!cert) {
        dp_log_error ("keygen: cannot make a key pair");
        return -1;
    }
    zcert_set_meta (cert, "name", "%s", name);
    char path [4096], secret [4200];
    snprintf (path, sizeof path, "%s.key", name);
    snprintf (secret, sizeof secret, "%s.key_secret", name);
    //  The secret file is created 0600 before a byte of key is in it.
    mode_t old = umask (077);
    int rc = zcert_save_secret (cert, secret);
    umask (old);
    if (rc == 0)
        rc = zcert_save_public (cert, path);
    if (rc == 0 && chmod (secret, 0600))
        rc = -1;
    if (rc)
        dp_log_error ("keygen %s: %s", name, strerror (errno));
    zcert_destroy (&cert);
    return rc;
}
