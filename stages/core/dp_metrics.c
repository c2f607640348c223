//  depeche — Prometheus metrics over libmicrohttpd. Stage threads update
//  atomics (no lock on the hot path); libmicrohttpd's one internal thread
//  reads them when scraped and renders the text format 0.0.4. No per-sample
//  labels besides the stage, no push gateway, no TLS: put a proxy in front
//  if the scrape must cross an untrusted network.
#include "depeche/dp_metrics.h"

#include "depeche/dp_common.h"
#include "depeche/dp_log.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define S_PREFIX "depeche_"
#define S_WHY_MAX 256                   //  bytes of the /healthz reason + NUL
#define S_ERR_MAX 256                   //  bytes of a start error + NUL
#define S_LOG_BURST 10                  //  libmicrohttpd lines per window
#define S_LOG_WINDOW_S 60               //  rate-limit window, seconds

typedef enum {
    S_COUNTER,
    S_GAUGE,
    S_HISTOGRAM
} s_kind_t;

//  Upper bounds in seconds; the label text is spelled out so that it reads
//  like every other exporter's ("5e-05", not "5.0000000000000002e-05").
static const struct {
    double bound;                       //  observation <= bound counts here
    const char *le;                     //  its le="" label value
} s_buckets [] = {
    { 0.00005, "5e-05" }, { 0.0001, "0.0001" }, { 0.00025, "0.00025" },
    { 0.0005, "0.0005" }, { 0.001, "0.001" }, { 0.0025, "0.0025" },
    { 0.005, "0.005" }, { 0.01, "0.01" }, { 0.025, "0.025" },
    { 0.05, "0.05" }, { 0.1, "0.1" }, { 0.25, "0.25" }, { 0.5, "0.5" },
    { 1, "1" }, { 2.5, "2.5" }, { 10, "10" }
};
#define S_FINITE (sizeof s_buckets / sizeof s_buckets [0])
#define S_BUCKETS (S_FINITE + 1)        //  plus +Inf

typedef struct {
    s_kind_t kind;                      //  counter, gauge or histogram
    char name [DP_METRICS_NAME_MAX + 1]; //  without prefix and suffix
    char *help;                         //  owned, NULL when none
    atomic_uint_fast64_t value;         //  counter: count; gauge: double bits
    atomic_uint_fast64_t sum;           //  histogram: double bits of the sum
    atomic_uint_fast64_t bucket [S_BUCKETS]; //  histogram: per bucket, not cumulative
} s_metric_t;

struct dp_metrics {
    struct MHD_Daemon *daemon;          //  the HTTP server, owns its thread
    int port;                           //  bound port
    char *labels;                       //  'stage="..."', escaped
    char *build_labels;                 //  labels plus ',version="..."'
    double start_time;                  //  process start, Unix seconds
    pthread_mutex_t reg_lock;           //  serialises registration
    atomic_int n;                       //  published metrics (release/acquire)
    s_metric_t metric [DP_METRICS_MAX]; //  [0, n) readable by the scraper
    atomic_bool healthy;                //  what /healthz answers
    pthread_mutex_t why_lock;           //  guards why
    char why [S_WHY_MAX];               //  reason when not healthy
    atomic_bool starting;               //  inside MHD_start_daemon
    char start_err [S_ERR_MAX];         //  first libmicrohttpd message at start
    atomic_llong log_window;            //  start of the log window, seconds
    atomic_int log_count;               //  lines logged in that window
};

//  --------------------------------------------------------------------------
//  Growable output buffer; after a failed allocation every append is a
//  no-op and oom stays set, so callers check once at the end.

typedef struct {
    char *data;                         //  NUL-terminated text
    size_t len;                         //  bytes used, without the NUL
    size_t cap;                         //  bytes allocated
    bool oom;                           //  an allocation failed
} s_buf_t;

//  Makes room for `more` bytes plus a NUL. Returns false when out of memory.
static bool
s_buf_reserve (s_buf_t *buf, size_t more)
{
    if (buf->oom)
        return false;
    if (buf->len + more + 1 <= buf->cap)
        return true;
    size_t cap = buf->cap ? buf->cap : 4096;
    while (cap < buf->len + more + 1)
        cap *= 2;
    char *data = realloc (buf->data, cap);
    if (!data) {
        buf->oom = true;
        return false;
    }
    buf->data = data;
    buf->cap = cap;
    return true;
}

//  Appends formatted text.
static void
    s_buf_printf (s_buf_t *buf, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));

static void
s_buf_printf (s_buf_t *buf, const char *fmt, ...)
{
    va_list ap;
    va_start (ap, fmt);
    char small [256];
    int len = vsnprintf (small, sizeof small, fmt, ap);
    va_end (ap);
    if (len < 0 || !s_buf_reserve (buf, (size_t) len))
        return;
    if ((size_t) len < sizeof small)
        memcpy (buf->data + buf->len, small, (size_t) len + 1);
    else {
        va_start (ap, fmt);
        vsnprintf (buf->data + buf->len, (size_t) len + 1, fmt, ap);
        va_end (ap);
    }
    buf->len += (size_t) len;
}

//  Appends s with backslash and newline escaped, plus the double quote when
//  quote is true (a label value), as the text format requires.
static void
s_buf_escaped (s_buf_t *buf, const char *s, bool quote)
{
    for (; *s; s++) {
        if (!s_buf_reserve (buf, 2))
            return;
        if (*s == '\\' || (quote && *s == '"')) {
            buf->data [buf->len++] = '\\';
            buf->data [buf->len++] = *s;
        }
        else
        if (*s == '\n') {
            buf->data [buf->len++] = '\\';
            buf->data [buf->len++] = 'n';
        }
        else
            buf->data [buf->len++] = *s;
    }
    if (buf->data)
        buf->data [buf->len] = '\0';
}

//  Appends a double in the shortest form that reads back the same (at most
//  %.17g), and +Inf, -Inf, NaN as Prometheus spells them.
static void
s_buf_double (s_buf_t *buf, double v)
{
    if (v != v)
        s_buf_printf (buf, "NaN");
    else
    if (v > 1.7976931348623157e308)
        s_buf_printf (buf, "+Inf");
    else
    if (v < -1.7976931348623157e308)
        s_buf_printf (buf, "-Inf");
    else {
        char text [32];
        snprintf (text, sizeof text, "%.15g", v);
        if (strtod (text, NULL) != v)
            snprintf (text, sizeof text, "%.17g", v);
        s_buf_printf (buf, "%s", text);
    }
}

//  --------------------------------------------------------------------------
//  Doubles live in atomic 64-bit integers as their bit pattern.

//  The bit pattern of v.
static uint64_t
s_bits (double v)
{
    uint64_t bits;
    memcpy (&bits, &v, sizeof bits);
    return bits;
}

//  The double whose bit pattern is bits.
static double
s_double (uint64_t bits)
{
    double v;
    memcpy (&v, &bits, sizeof v);
    return v;
}

//  --------------------------------------------------------------------------
//  Address: "[@][tcp://|http://]HOST:PORT" or "PORT" into *sa. Returns 0, or
//  -1 with the reason in err. HOST "*" (or empty) is every interface.

static int
s_parse_addr (const char *addr, struct sockaddr_in *sa, char *err,
              size_t errlen)
{
    memset (sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    if (!addr || !*addr) {
        snprintf (err, errlen, "empty address");
        return -1;
    }
    const char *p = addr;
    if (*p == '>') {
        snprintf (err, errlen, "a metrics address binds; '>' (connect) does not apply");
        return -1;
    }
    if (*p == '@')
        p++;
    bool with_scheme = false;
    if (strncmp (p, "tcp://", 6) == 0 || strncmp (p, "http://", 7) == 0) {
        p = strstr (p, "://") + 3;
        with_scheme = true;
    }
    else
    if (strstr (p, "://")) {
        snprintf (err, errlen, "only tcp:// (or http://) can serve metrics");
        return -1;
    }
    const char *colon = strrchr (p, ':');
    if (!colon && with_scheme) {
        snprintf (err, errlen, "tcp:// needs HOST:PORT");
        return -1;
    }
    char host [64] = "*";
    const char *port = p;
    if (colon) {
        size_t len = (size_t) (colon - p);
        if (len >= sizeof host) {
            snprintf (err, errlen, "host too long");
            return -1;
        }
        if (len > 0) {
            memcpy (host, p, len);
            host [len] = '\0';
        }
        port = colon + 1;
    }
    if (strcmp (port, "*") == 0)
        sa->sin_port = 0;
    else {
        size_t digits = strspn (port, "0123456789");
        unsigned long value = digits ? strtoul (port, NULL, 10) : 0;
        if (digits == 0 || digits != strlen (port) || digits > 5 || value > 65535) {
            snprintf (err, errlen, "port must be a number 0-65535 or *, got \"%s\"", port);
            return -1;
        }
        sa->sin_port = htons ((uint16_t) value);
    }
    if (strcmp (host, "*") == 0)
        sa->sin_addr.s_addr = htonl (INADDR_ANY);
    else
    if (strcmp (host, "localhost") == 0)
        sa->sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    else
    if (inet_pton (AF_INET, host, &sa->sin_addr) != 1) {
        snprintf (err, errlen, "host must be an IPv4 address, localhost or *, got \"%s\"", host);
        return -1;
    }
    return 0;
}

//  --------------------------------------------------------------------------
//  Process start time in Unix seconds: boot time (/proc/stat btime) plus the
//  process's start in clock ticks after boot (/proc/self/stat field 22).
//  Falls back to now when /proc cannot be read.

static double
s_process_start_time (void)
{
    struct timespec now;
    clock_gettime (CLOCK_REALTIME, &now);
    double fallback = (double) now.tv_sec + (double) now.tv_nsec / 1e9;

    unsigned long long btime = 0;
    FILE *file = fopen ("/proc/stat", "r");
    if (!file)
        return fallback;
    char line [512];
    while (fgets (line, sizeof line, file))
        if (sscanf (line, "btime %llu", &btime) == 1)
            break;
    fclose (file);

    file = fopen ("/proc/self/stat", "r");
    if (!file)
        return fallback;
    char stat [1024];
    size_t len = fread (stat, 1, sizeof stat - 1, file);
    fclose (file);
    stat [len] = '\0';
    //  The command name (field 2) may hold spaces; count after its ')'.
    char *p = strrchr (stat, ')');
    unsigned long long ticks = 0;
    int field = 2;
    while (p && field < 22) {
        p = strchr (p + 1, ' ');
        field++;
    }
    long hz = sysconf (_SC_CLK_TCK);
    if (!p || btime == 0 || hz <= 0 || sscanf (p + 1, "%llu", &ticks) != 1)
        return fallback;
    return (double) btime + (double) ticks / (double) hz;
}

//  --------------------------------------------------------------------------
//  libmicrohttpd's messages: captured during start (to explain a failure in
//  one line), rate-limited warnings afterwards, so that a misbehaving client
//  cannot flood the log.

//  MHD_LogCallback; cls is the server.
static void
    s_mhd_log (void *cls, const char *fmt, va_list ap)
    __attribute__ ((format (printf, 2, 0)));

static void
s_mhd_log (void *cls, const char *fmt, va_list ap)
{
    dp_metrics_t *self = cls;
    char msg [S_ERR_MAX];
    vsnprintf (msg, sizeof msg, fmt, ap);
    size_t len = strlen (msg);
    while (len && (msg [len - 1] == '\n' || msg [len - 1] == '.'))
        msg [--len] = '\0';
    if (atomic_load (&self->starting)) {
        if (!self->start_err [0])
            snprintf (self->start_err, sizeof self->start_err, "%s", msg);
        return;
    }
    long long now = (long long) time (NULL);
    long long window = atomic_load (&self->log_window);
    if (now - window >= S_LOG_WINDOW_S
    &&  atomic_compare_exchange_strong (&self->log_window, &window, now))
        atomic_store (&self->log_count, 0);
    if (atomic_fetch_add (&self->log_count, 1) < S_LOG_BURST)
        dp_log_warn ("metrics: %s", msg);
}

//  --------------------------------------------------------------------------
//  Renders every metric into buf (text format 0.0.4).

//  Writes the # HELP (when help is not empty) and # TYPE lines of a family.
static void
s_render_head (s_buf_t *buf, const char *name, const char *suffix,
               const char *help, const char *type)
{
    if (help && *help) {
        s_buf_printf (buf, "# HELP " S_PREFIX "%s%s ", name, suffix);
        s_buf_escaped (buf, help, false);
        s_buf_printf (buf, "\n");
    }
    s_buf_printf (buf, "# TYPE " S_PREFIX "%s%s %s\n", name, suffix, type);
}

//  Writes the built-ins, then every published metric in id order. Runs in
//  the server thread; reads each atomic once, relaxed.
static void
s_render (dp_metrics_t *self, s_buf_t *buf)
{
    s_render_head (buf, "build_info", "", "Build of this program; always 1.", "gauge");
    s_buf_printf (buf, S_PREFIX "build_info{%s} 1\n", self->build_labels);
    s_render_head (buf, "up", "", "1 while the process serves metrics.", "gauge");
    s_buf_printf (buf, S_PREFIX "up{%s} 1\n", self->labels);
    s_render_head (buf, "process_start_time_seconds", "",
                   "Start time of the process since the Unix epoch, in seconds.", "gauge");
    s_buf_printf (buf, S_PREFIX "process_start_time_seconds{%s} ", self->labels);
    s_buf_double (buf, self->start_time);
    s_buf_printf (buf, "\n");

    int n = atomic_load_explicit (&self->n, memory_order_acquire);
    for (int id = 0; id < n; id++) {
        s_metric_t *metric = &self->metric [id];
        const char *name = metric->name;
        if (metric->kind == S_COUNTER) {
            s_render_head (buf, name, "_total", metric->help, "counter");
            s_buf_printf (buf, S_PREFIX "%s_total{%s} %llu\n", name, self->labels,
                          (unsigned long long) atomic_load_explicit (
                              &metric->value, memory_order_relaxed));
        }
        else
        if (metric->kind == S_GAUGE) {
            s_render_head (buf, name, "", metric->help, "gauge");
            s_buf_printf (buf, S_PREFIX "%s{%s} ", name, self->labels);
            s_buf_double (buf, s_double (atomic_load_explicit (
                &metric->value, memory_order_relaxed)));
            s_buf_printf (buf, "\n");
        }
        else {
            s_render_head (buf, name, "", metric->help, "histogram");
            //  _count is the sum of the buckets as read here, so the +Inf
            //  bucket always equals _count even while observations land.
            unsigned long long cumulative = 0;
            for (size_t b = 0; b < S_BUCKETS; b++) {
                cumulative += atomic_load_explicit (&metric->bucket [b],
                                                    memory_order_relaxed);
                s_buf_printf (buf, S_PREFIX "%s_bucket{%s,le=\"%s\"} %llu\n",
                              name, self->labels,
                              b < S_FINITE ? s_buckets [b].le : "+Inf", cumulative);
            }
            s_buf_printf (buf, S_PREFIX "%s_sum{%s} ", name, self->labels);
            s_buf_double (buf, s_double (atomic_load_explicit (
                &metric->sum, memory_order_relaxed)));
            s_buf_printf (buf, "\n" S_PREFIX "%s_count{%s} %llu\n", name,
                          self->labels, cumulative);
        }
    }
}

//  --------------------------------------------------------------------------
//  HTTP: GET/HEAD /metrics and /healthz; 404 for other paths, 405 for other
//  methods. Requests are answered on the first callback; libmicrohttpd
//  closes the connection when a request body was left unread.

//  Body arguments of s_reply for a string literal.
#define S_STATIC(literal) \
    (char *) (literal), sizeof (literal) - 1, MHD_RESPMEM_PERSISTENT

//  Queues one response; takes data when mode is MHD_RESPMEM_MUST_FREE.
static enum MHD_Result
s_reply (struct MHD_Connection *connection, unsigned int status,
         const char *content_type, char *data, size_t len,
         enum MHD_ResponseMemoryMode mode)
{
    struct MHD_Response *response =
        MHD_create_response_from_buffer (len, data, mode);
    if (!response) {
        if (mode == MHD_RESPMEM_MUST_FREE)
            free (data);
        return MHD_NO;
    }
    MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
    MHD_add_response_header (response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header (response, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    enum MHD_Result rc = MHD_queue_response (connection, status, response);
    MHD_destroy_response (response);
    return rc;
}

//  libmicrohttpd's access handler: answers the request at once.
static enum MHD_Result
s_handle (void *cls, struct MHD_Connection *connection, const char *url,
          const char *method, const char *version, const char *upload_data,
          size_t *upload_data_size, void **req_cls)
{
    dp_metrics_t *self = cls;
    (void) version;
    (void) upload_data;
    (void) upload_data_size;
    (void) req_cls;
    static const char text [] = "text/plain; charset=utf-8";

    if (strcmp (method, MHD_HTTP_METHOD_GET) != 0
    &&  strcmp (method, MHD_HTTP_METHOD_HEAD) != 0)
        return s_reply (connection, MHD_HTTP_METHOD_NOT_ALLOWED, text,
                        S_STATIC ("method not allowed\n"));
    if (strcmp (url, "/metrics") == 0) {
        s_buf_t buf = { NULL, 0, 0, false };
        s_render (self, &buf);
        if (buf.oom) {
            free (buf.data);
            return s_reply (connection, MHD_HTTP_INTERNAL_SERVER_ERROR, text,
                            S_STATIC ("out of memory\n"));
        }
        return s_reply (connection, MHD_HTTP_OK,
                        "text/plain; version=0.0.4; charset=utf-8",
                        buf.data, buf.len, MHD_RESPMEM_MUST_FREE);
    }
    if (strcmp (url, "/healthz") == 0) {
        if (atomic_load (&self->healthy))
            return s_reply (connection, MHD_HTTP_OK, text, S_STATIC ("ok\n"));
        char body [S_WHY_MAX + 1];
        pthread_mutex_lock (&self->why_lock);
        int len = snprintf (body, sizeof body, "%s\n", self->why);
        pthread_mutex_unlock (&self->why_lock);
        return s_reply (connection, MHD_HTTP_SERVICE_UNAVAILABLE, text, body,
                        (size_t) len, MHD_RESPMEM_MUST_COPY);
    }
    return s_reply (connection, MHD_HTTP_NOT_FOUND, text,
                    S_STATIC ("not found\n"));
}

//  --------------------------------------------------------------------------
//  Returns a new string: 'stage="<escaped stage>"' followed by extra
//  (already escaped, may be ""). NULL when out of memory.

static char *
s_labels (const char *stage, const char *extra)
{
    s_buf_t buf = { NULL, 0, 0, false };
    s_buf_printf (&buf, "stage=\"");
    s_buf_escaped (&buf, stage, true);
    s_buf_printf (&buf, "\"%s", extra);
    if (buf.oom) {
        free (buf.data);
        return NULL;
    }
    return buf.data;
}

dp_metrics_t *
dp_metrics_new (const char *addr, const char *stage)
{
    struct sockaddr_in sa;
    char err [S_ERR_MAX];
    if (s_parse_addr (addr, &sa, err, sizeof err) == -1) {
        dp_log_error ("metrics: bad address \"%s\": %s", addr ? addr : "(null)", err);
        return NULL;
    }
    if (!stage) {
        dp_log_error ("metrics: no stage name");
        return NULL;
    }
    dp_metrics_t *self = calloc (1, sizeof *self);
    if (!self) {
        dp_log_error ("metrics: out of memory");
        return NULL;
    }
    pthread_mutex_init (&self->reg_lock, NULL);
    pthread_mutex_init (&self->why_lock, NULL);
    atomic_init (&self->n, 0);
    atomic_init (&self->healthy, true);
    atomic_init (&self->starting, true);
    atomic_init (&self->log_window, 0);
    atomic_init (&self->log_count, 0);
    self->start_time = s_process_start_time ();
    self->labels = s_labels (stage, "");
    self->build_labels = s_labels (stage, ",version=\"" DP_VERSION "\"");
    if (!self->labels || !self->build_labels) {
        dp_log_error ("metrics: out of memory");
        goto fail;
    }

    //  The server thread inherits this thread's signal mask: block every
    //  signal while it is created, so SIGINT/SIGTERM always reach the
    //  stage's own thread (and its self-pipe), never the HTTP thread.
    sigset_t all, old;
    sigfillset (&all);
    pthread_sigmask (SIG_SETMASK, &all, &old);
    self->daemon = MHD_start_daemon (
        MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG,
        ntohs (sa.sin_port), NULL, NULL,    //  port: only for its messages
        s_handle, self,
        MHD_OPTION_EXTERNAL_LOGGER, s_mhd_log, self,   //  first, or MHD warns
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &sa,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int) DP_METRICS_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) DP_METRICS_TIMEOUT_S,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int) DP_METRICS_CONNECTIONS,
        MHD_OPTION_END);
    pthread_sigmask (SIG_SETMASK, &old, NULL);
    char host [INET_ADDRSTRLEN] = "?";
    inet_ntop (AF_INET, &sa.sin_addr, host, sizeof host);
    if (!self->daemon) {
        dp_log_error ("metrics: cannot serve on %s:%u: %s", host,
                      (unsigned) ntohs (sa.sin_port),
                      self->start_err [0] ? self->start_err : "libmicrohttpd failed to start");
        goto fail;
    }
    atomic_store (&self->starting, false);
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info (self->daemon, MHD_DAEMON_INFO_BIND_PORT);
    self->port = info ? info->port : ntohs (sa.sin_port);
    dp_log_info ("metrics: serving http://%s:%d/metrics", host, self->port);
    return self;

fail:
    dp_metrics_destroy (&self);
    return NULL;
}

void
dp_metrics_destroy (dp_metrics_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    dp_metrics_t *self = *self_p;
    if (self->daemon)
        MHD_stop_daemon (self->daemon);  //  joins its thread
    int n = atomic_load (&self->n);
    for (int id = 0; id < n; id++)
        free (self->metric [id].help);
    free (self->labels);
    free (self->build_labels);
    pthread_mutex_destroy (&self->reg_lock);
    pthread_mutex_destroy (&self->why_lock);
    free (self);
    *self_p = NULL;
}

int
dp_metrics_port (dp_metrics_t *self)
{
    return self ? self->port : -1;
}

//  --------------------------------------------------------------------------
//  Registration. Fills the next slot under reg_lock, then publishes it by
//  raising n with release order, so the scraper never sees half a slot.

//  Writes the sample names a metric exposes into names[4]; returns how many.
static int
s_exposed (s_kind_t kind, const char *name, char names [4][DP_METRICS_NAME_MAX + 16])
{
    if (kind == S_COUNTER) {
        snprintf (names [0], sizeof names [0], "%s_total", name);
        return 1;
    }
    snprintf (names [0], sizeof names [0], "%s", name);
    if (kind == S_GAUGE)
        return 1;
    snprintf (names [1], sizeof names [1], "%s_bucket", name);
    snprintf (names [2], sizeof names [2], "%s_sum", name);
    snprintf (names [3], sizeof names [3], "%s_count", name);
    return 4;
}

//  True when a metric of this kind and name would expose a sample name that
//  a built-in or a registered metric (first n) already exposes.
static bool
s_clashes (dp_metrics_t *self, int n, s_kind_t kind, const char *name)
{
    static const char *builtin [] = {
        "build_info", "up", "process_start_time_seconds"
    };
    char mine [4][DP_METRICS_NAME_MAX + 16];
    int n_mine = s_exposed (kind, name, mine);
    for (int i = 0; i < n_mine; i++) {
        for (size_t b = 0; b < sizeof builtin / sizeof builtin [0]; b++)
            if (strcmp (mine [i], builtin [b]) == 0)
                return true;
        for (int id = 0; id < n; id++) {
            char theirs [4][DP_METRICS_NAME_MAX + 16];
            int n_theirs = s_exposed (self->metric [id].kind,
                                      self->metric [id].name, theirs);
            for (int j = 0; j < n_theirs; j++)
                if (strcmp (mine [i], theirs [j]) == 0)
                    return true;
        }
    }
    return false;
}

//  True for [a-zA-Z_][a-zA-Z0-9_]* of at most DP_METRICS_NAME_MAX bytes.
static bool
s_valid_name (const char *name)
{
    static const char first [] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_";
    size_t len = strlen (name);
    return len > 0 && len <= DP_METRICS_NAME_MAX
        && strchr (first, name [0])
        && strspn (name, "0123456789abcdefghijklmnopqrstuvwxyz"
                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") == len;
}

//  Registers a metric of kind; returns its id, or -1 (logged).
static int
s_register (dp_metrics_t *self, s_kind_t kind, const char *name,
            const char *help)
{
    if (!self)
        return -1;
    if (!name || !s_valid_name (name)) {
        dp_log_error ("metrics: bad metric name \"%s\"", name ? name : "(null)");
        return -1;
    }
    pthread_mutex_lock (&self->reg_lock);
    int id = atomic_load_explicit (&self->n, memory_order_relaxed);
    char *help_copy = help && *help ? strdup (help) : NULL;
    const char *why = NULL;
    if (id == DP_METRICS_MAX)
        why = "too many metrics";
    else
    if (s_clashes (self, id, kind, name))
        why = "name already exposed";
    else
    if (help && *help && !help_copy)
        why = "out of memory";
    if (why) {
        pthread_mutex_unlock (&self->reg_lock);
        free (help_copy);
        dp_log_error ("metrics: cannot register \"%s\": %s", name, why);
        return -1;
    }
    s_metric_t *metric = &self->metric [id];
    metric->kind = kind;
    snprintf (metric->name, sizeof metric->name, "%s", name);
    metric->help = help_copy;
    atomic_init (&metric->value, kind == S_GAUGE ? s_bits (0.0) : 0);
    atomic_init (&metric->sum, s_bits (0.0));
    for (size_t b = 0; b < S_BUCKETS; b++)
        atomic_init (&metric->bucket [b], 0);
    atomic_store_explicit (&self->n, id + 1, memory_order_release);
    pthread_mutex_unlock (&self->reg_lock);
    return id;
}

int
dp_metrics_counter (dp_metrics_t *self, const char *name, const char *help)
{
    return s_register (self, S_COUNTER, name, help);
}

int
dp_metrics_gauge (dp_metrics_t *self, const char *name, const char *help)
{
    return s_register (self, S_GAUGE, name, help);
}

int
dp_metrics_histogram (dp_metrics_t *self, const char *name, const char *help)
{
    return s_register (self, S_HISTOGRAM, name, help);
}

//  --------------------------------------------------------------------------
//  Updates: relaxed atomics; the scraper needs no ordering between metrics.

//  The metric for id when it exists and is of this kind, else NULL.
static s_metric_t *
s_metric (dp_metrics_t *self, int id, s_kind_t kind)
{
    if (!self || id < 0
    ||  id >= atomic_load_explicit (&self->n, memory_order_acquire))
        return NULL;
    s_metric_t *metric = &self->metric [id];
    return metric->kind == kind ? metric : NULL;
}

void
dp_metrics_add (dp_metrics_t *self, int id, uint64_t n)
{
    s_metric_t *metric = s_metric (self, id, S_COUNTER);
    if (metric)
        atomic_fetch_add_explicit (&metric->value, n, memory_order_relaxed);
}

void
dp_metrics_set (dp_metrics_t *self, int id, double v)
{
    s_metric_t *metric = s_metric (self, id, S_GAUGE);
    if (metric)
        atomic_store_explicit (&metric->value, s_bits (v), memory_order_relaxed);
}

void
dp_metrics_observe (dp_metrics_t *self, int id, double seconds)
{
    s_metric_t *metric = s_metric (self, id, S_HISTOGRAM);
    if (!metric || seconds != seconds)
        return;
    size_t b = 0;
    while (b < S_FINITE && seconds > s_buckets [b].bound)
        b++;
    atomic_fetch_add_explicit (&metric->bucket [b], 1, memory_order_relaxed);
    uint_fast64_t old = atomic_load_explicit (&metric->sum, memory_order_relaxed);
    while (!atomic_compare_exchange_weak_explicit (
               &metric->sum, &old, s_bits (s_double (old) + seconds),
               memory_order_relaxed, memory_order_relaxed))
        ;                               //  old was reloaded: retry
}

void
dp_metrics_health (dp_metrics_t *self, bool ok, const char *why)
{
    if (!self)
        return;
    if (ok) {
        atomic_store (&self->healthy, true);
        return;
    }
    pthread_mutex_lock (&self->why_lock);
    snprintf (self->why, sizeof self->why, "%s", why && *why ? why : "unhealthy");
    atomic_store (&self->healthy, false);
    pthread_mutex_unlock (&self->why_lock);
}
