//  depeche serve — the HTTP side: `depeche serve` options, libmicrohttpd
//  (a pool of threads, one database connection each), the security headers
//  of every reply, the Host check that keeps a page on another site from
//  reading a loopback server through DNS rebinding, and the clean stop on
//  SIGINT/SIGTERM. The answers themselves come from dp_serve_handle.
#include "serve/serve.h"
#include "depeche/dp_log.h"
#include "depeche/dp_signal.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>

//  Idle connections must not lock the page: at 64 and 30 s, 64 sockets
//  opened and left silent (a slowloris, or browsers' speculative
//  connections) shut every other client out for 30 s. Connections are
//  cheap to libmicrohttpd (a file descriptor and a lazily used 32 KB pool),
//  so there is room for many, each closed after 10 s with nothing sent
//  (the front page asks every 2 s, so its connection stays), and on a
//  network one address may hold only a part of them.
#define S_CONNECTIONS 512               //  clients at once (fewer if few fds)
#define S_TIMEOUT_S   10                //  idle connection closed after
#define S_PER_IP      32                //  ... held by one address (not loopback)

typedef struct {
    dp_serve_t *serve;
    bool loopback;                      //  bound to a loopback address
    char host [128];                    //  the address as given (for Host)
} s_server_t;

static const char *s_usage =
"usage: depeche serve --db FILE [--listen ADDR] [--budget-ms N] [--threads N] [-v]\n"
"  A read-only web view of the sink's database (usable while the sink writes):\n"
"  the latest stories (live), a story, a name, an article, search.\n"
"  --db FILE       the database depeche-sink --db writes\n"
"  --listen ADDR   HOST:PORT, [IPv6]:PORT or PORT (default 127.0.0.1:8080;\n"
"                  port 0 picks a free one, printed at start)\n"
"  --budget-ms N   time budget of one page's queries (default 250): a longer\n"
"                  list is cut and the page says so\n"
"  --threads N     requests answered at once (default 2)\n";

//  MHD_OPTION_URI_LOG_CALLBACK: keeps the raw URI (path and query string
//  as sent) for the handler; request parsing is ours (serve_req.c).
static void *
s_uri (void *cls, const char *uri, struct MHD_Connection *connection)
{
    (void) cls;
    (void) connection;
    return strdup (uri ? uri : "");
}

static void
s_completed (void *cls, struct MHD_Connection *connection, void **con_cls,
             enum MHD_RequestTerminationCode code)
{
    (void) cls;
    (void) connection;
    (void) code;
    free (*con_cls);
    *con_cls = NULL;
}

//  True when the Host header names this loopback server (any port).
static bool
s_host_ok (const s_server_t *self, const char *host)
{
    if (!self->loopback)
        return true;
    if (!host)
        return false;
    size_t n = host [0] == '[' ? strcspn (host, "]") + 1 : strcspn (host, ":");
    const char *names [] = { "localhost", "127.0.0.1", "[::1]", self->host };
    for (size_t i = 0; i < sizeof names / sizeof names [0]; i++)
        if (strlen (names [i]) == n && strncasecmp (host, names [i], n) == 0)
            return true;
    return false;
}

static enum MHD_Result
s_handle (void *cls, struct MHD_Connection *connection, const char *url,
          const char *method, const char *version, const char *upload_data,
          size_t *upload_data_size, void **con_cls)
{
    (void) url;
    (void) version;
    (void) upload_data;
    (void) upload_data_size;
    s_server_t *self = cls;
    const char *uri = *con_cls ? *con_cls : "/";
    dp_reply_t reply;
    const char *host = MHD_lookup_connection_value (connection, MHD_HEADER_KIND, "Host");
    if (!s_host_ok (self, host)) {
        memset (&reply, 0, sizeof reply);
        reply.status = 421;
        reply.type = "text/plain; charset=utf-8";
        reply.body = strdup ("this server answers to localhost only\n");
        reply.len = reply.body ? strlen (reply.body) : 0;
    }
    else
        dp_serve_handle (self->serve, method, uri, &reply);
    struct MHD_Response *resp = MHD_create_response_from_buffer (
        reply.len, reply.body, reply.borrowed ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        dp_reply_free (&reply);
        return MHD_NO;
    }
    char timing [80];
    snprintf (timing, sizeof timing, "app;dur=%.2f, cpu;dur=%.2f", reply.ms, reply.cpu_ms);
    MHD_add_response_header (resp, MHD_HTTP_HEADER_CONTENT_TYPE, reply.type);
    MHD_add_response_header (resp, "Content-Security-Policy", dp_serve_csp);
    MHD_add_response_header (resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header (resp, "X-Frame-Options", "DENY");
    MHD_add_response_header (resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header (resp, "Server-Timing", timing);
    MHD_add_response_header (resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                             reply.asset ? "max-age=300" : "no-store");
    if (reply.status == 405)
        MHD_add_response_header (resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    enum MHD_Result rc = MHD_queue_response (connection, (unsigned) reply.status, resp);
    MHD_destroy_response (resp);
    if (dp_log_enabled (DP_LOG_DEBUG)) {
        char shown [200];
        snprintf (shown, sizeof shown, "%s", uri);
        for (char *p = shown; *p; p++)
            if ((unsigned char) *p < 0x20 || *p == 0x7f)
                *p = '?';
        dp_log_debug ("%s %s -> %d in %.2f ms", method, shown, reply.status, reply.ms);
    }
    return rc;
}

static void
    s_mhd_log (void *cls, const char *fmt, va_list ap)
    __attribute__ ((format (printf, 2, 0)));

static void
s_mhd_log (void *cls, const char *fmt, va_list ap)
{
    (void) cls;
    char line [256];
    vsnprintf (line, sizeof line, fmt, ap);
    line [strcspn (line, "\n")] = '\0';
    dp_log_once_per (DP_LOG_WARN, "serve: libmicrohttpd: %s", line);
}

//  ADDR -> a socket address. "PORT", "HOST:PORT", "[V6]:PORT". 0 or -1.
static int
s_parse_listen (const char *addr, struct sockaddr_storage *sa, socklen_t *sa_len,
                char *host, size_t host_len)
{
    char buf [128];
    snprintf (buf, sizeof buf, "%s", addr);
    char *port = strrchr (buf, ':');
    const char *name = "127.0.0.1";
    if (port) {
        *port++ = '\0';
        name = buf;
        if (name [0] == '[' && name [strlen (name) - 1] == ']') {
            name++;
            buf [strlen (buf) - 1] = '\0';
        }
    }
    else
        port = buf;
    if (!*port || strspn (port, "0123456789") != strlen (port) || atoi (port) > 65535)
        return -1;
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV };
    struct addrinfo *res = NULL;
    if (getaddrinfo (name, port, &hints, &res) || !res)
        return -1;
    memcpy (sa, res->ai_addr, res->ai_addrlen);
    *sa_len = res->ai_addrlen;
    freeaddrinfo (res);
    snprintf (host, host_len, "%s", name);
    return 0;
}

//  S_CONNECTIONS, or fewer when the process may open fewer files (each
//  connection is one; the database and libraries keep some).
static unsigned
s_connections (void)
{
    struct rlimit rl;
    if (getrlimit (RLIMIT_NOFILE, &rl) || rl.rlim_cur == RLIM_INFINITY
    ||  rl.rlim_cur >= S_CONNECTIONS + 64)
        return S_CONNECTIONS;
    return rl.rlim_cur > 128 ? (unsigned) rl.rlim_cur - 64 : 64;
}

static bool
s_is_loopback (const struct sockaddr_storage *sa)
{
    if (sa->ss_family == AF_INET)
        return (ntohl (((const struct sockaddr_in *) sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->ss_family == AF_INET6)
        return IN6_IS_ADDR_LOOPBACK (&((const struct sockaddr_in6 *) sa)->sin6_addr);
    return false;
}

int
dp_serve_main (int argc, char **argv)
{
    dp_serve_cfg_t cfg = { .budget_ms = 250, .conns = 2 };
    const char *listen = "127.0.0.1:8080";
    static const struct option opts [] = {
        { "db", required_argument, NULL, 'd' },
        { "listen", required_argument, NULL, 'l' },
        { "budget-ms", required_argument, NULL, 'b' },
        { "threads", required_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int c;
    optind = 1;
    while ((c = getopt_long (argc, argv, "d:l:b:t:hv", opts, NULL)) != -1) {
        if (c == 'd')
            cfg.db = optarg;
        else
        if (c == 'l')
            listen = optarg;
        else
        if (c == 'b')
            cfg.budget_ms = atoi (optarg);
        else
        if (c == 't')
            cfg.conns = atoi (optarg);
        else
        if (c == 'v')
            dp_log_set_level (DP_LOG_DEBUG);
        else {
            fputs (s_usage, c == 'h' ? stdout : stderr);
            return c == 'h' ? 0 : 2;
        }
    }
    if (!cfg.db || optind < argc || cfg.budget_ms < 1 || cfg.conns < 1 || cfg.conns > 64) {
        fputs (s_usage, stderr);
        return 2;
    }
    s_server_t server = { 0 };
    struct sockaddr_storage sa;
    socklen_t sa_len;
    if (s_parse_listen (listen, &sa, &sa_len, server.host, sizeof server.host)) {
        fprintf (stderr, "depeche serve: bad --listen \"%s\" (HOST:PORT)\n", listen);
        return 2;
    }
    (void) sa_len;
    server.loopback = s_is_loopback (&sa);
    char err [512];
    if (!(server.serve = dp_serve_new (&cfg, err, sizeof err))) {
        dp_log_error ("serve: %s", err);
        return 1;
    }
    int sig_fd = dp_signal_open ();
    //  The server threads must not take SIGINT/SIGTERM from the self-pipe.
    sigset_t all, old;
    sigfillset (&all);
    pthread_sigmask (SIG_SETMASK, &all, &old);
    struct MHD_Daemon *daemon = MHD_start_daemon (
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG
        | (sa.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
        0, NULL, NULL, s_handle, &server,
        MHD_OPTION_EXTERNAL_LOGGER, s_mhd_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int) cfg.conns,
        MHD_OPTION_CONNECTION_LIMIT, s_connections (),
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) S_TIMEOUT_S,
        //  On loopback every client is 127.0.0.1: a limit would be everyone's.
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, server.loopback ? 0u : (unsigned int) S_PER_IP,
        MHD_OPTION_URI_LOG_CALLBACK, s_uri, NULL,
        MHD_OPTION_NOTIFY_COMPLETED, s_completed, NULL,
        MHD_OPTION_END);
    pthread_sigmask (SIG_SETMASK, &old, NULL);
    if (!daemon) {
        dp_log_error ("serve: cannot listen on %s", listen);
        dp_serve_destroy (&server.serve);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info (daemon, MHD_DAEMON_INFO_BIND_PORT);
    bool v6 = sa.ss_family == AF_INET6;
    dp_log_info ("serving http://%s%s%s:%u/ (%s, read-only)", v6 ? "[" : "", server.host,
                 v6 ? "]" : "", info ? (unsigned) info->port : 0u, cfg.db);
    if (!server.loopback)
        dp_log_warn ("serve: %s is not a loopback address: whoever reaches it reads the"
                     " database", server.host);
    while (!dp_signal_pending ()) {
        struct pollfd p = { .fd = sig_fd, .events = POLLIN };
        poll (&p, 1, -1);
    }
    MHD_stop_daemon (daemon);
    dp_serve_destroy (&server.serve);
    dp_log_info ("serve: stopped");
    return 0;
}
