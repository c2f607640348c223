//  Unit tests of dp_metrics: a real server on 127.0.0.1, scraped with a
//  plain-socket HTTP/1.0 client, the text checked line by line by a small
//  Prometheus text-format parser written here (no curl, no client library).
#include <check.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "depeche/dp_common.h"
#include "depeche/dp_metrics.h"
#include "test_run.h"

//  --------------------------------------------------------------------------
//  HTTP/1.0 client: one request, reads to EOF. Returns the body (caller
//  frees) and the status in *status, or NULL when the exchange failed.

static char *
s_http (int port, const char *method, const char *path, int *status)
{
    int fd = socket (AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge (fd, 0);
    struct timeval tv = { 5, 0 };
    setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in sa;
    memset (&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons ((uint16_t) port);
    sa.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    if (connect (fd, (struct sockaddr *) &sa, sizeof sa) == -1) {
        close (fd);
        return NULL;
    }
    char request [256];
    int len = snprintf (request, sizeof request,
                        "%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", method, path);
    ck_assert_int_eq (write (fd, request, (size_t) len), len);
    size_t cap = 4096, used = 0;
    char *reply = malloc (cap);
    ck_assert_ptr_nonnull (reply);
    while (true) {
        if (used + 1024 > cap) {
            cap *= 2;
            reply = realloc (reply, cap);
            ck_assert_ptr_nonnull (reply);
        }
        ssize_t got = read (fd, reply + used, cap - used - 1);
        if (got <= 0)
            break;
        used += (size_t) got;
    }
    close (fd);
    reply [used] = '\0';
    char *body = strstr (reply, "\r\n\r\n");
    if (sscanf (reply, "HTTP/1.%*d %d", status) != 1 || !body) {
        free (reply);
        return NULL;
    }
    char *copy = strdup (body + 4);
    free (reply);
    return copy;
}

//  GET path; asserts the status, returns the body (caller frees).
static char *
s_get (int port, const char *path, int expect_status)
{
    int status = 0;
    char *body = s_http (port, "GET", path, &status);
    ck_assert_msg (body != NULL, "no HTTP reply for %s", path);
    ck_assert_int_eq (status, expect_status);
    return body;
}

//  --------------------------------------------------------------------------
//  Text-format parser. Accepts exactly what format 0.0.4 allows for our
//  output: "# HELP", "# TYPE" lines, and `name{k="v",...} value` samples.

#define S_LABELS 4

typedef struct {
    char name [160];                    //  sample name
    int n_labels;                       //  used in key/val
    char key [S_LABELS][32];            //  label names
    char val [S_LABELS][256];           //  decoded label values
    double value;                       //  sample value
} s_sample_t;

typedef struct {
    s_sample_t sample [2048];            //  in order of appearance
    int n;                              //  samples used
    char type_name [128][160];          //  families from # TYPE
    char type [128][16];                //  their types
    int n_types;                        //  families used
} s_expo_t;

static bool
s_name_char (char c, bool first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
        || c == ':' || (!first && c >= '0' && c <= '9');
}

//  Reads a metric or label name at *p into out; false when there is none.
static bool
s_read_name (const char **p, char *out, size_t size)
{
    size_t len = 0;
    while (s_name_char ((*p) [len], len == 0) && len + 1 < size) {
        out [len] = (*p) [len];
        len++;
    }
    out [len] = '\0';
    *p += len;
    return len > 0;
}

static const char *
s_type_of (s_expo_t *expo, const char *family)
{
    for (int i = 0; i < expo->n_types; i++)
        if (strcmp (expo->type_name [i], family) == 0)
            return expo->type [i];
    return NULL;
}

//  True when name is the sample name of a declared family.
static bool
s_declared (s_expo_t *expo, const char *name)
{
    if (s_type_of (expo, name))
        return true;
    static const char *suffix [] = { "_bucket", "_sum", "_count" };
    for (int i = 0; i < 3; i++) {
        size_t len = strlen (name), slen = strlen (suffix [i]);
        if (len > slen && strcmp (name + len - slen, suffix [i]) == 0) {
            char family [160];
            snprintf (family, sizeof family, "%.*s", (int) (len - slen), name);
            const char *type = s_type_of (expo, family);
            if (type && strcmp (type, "histogram") == 0)
                return true;
        }
    }
    return false;
}

//  Parses one line; returns NULL or what is wrong with it.
static const char *
s_parse_line (s_expo_t *expo, const char *line)
{
    const char *p = line;
    if (*p == '#') {
        char name [160], type [16];
        if (strncmp (p, "# HELP ", 7) == 0) {
            p += 7;
            if (!s_read_name (&p, name, sizeof name) || *p != ' ')
                return "bad HELP";
            for (p++; *p; p++)     //  only \\ and \n escapes in HELP
                if (*p == '\\' && p [1] != '\\' && p [1] != 'n')
                    return "bad escape in HELP";
                else
                if (*p == '\\')
                    p++;
            return NULL;
        }
        if (strncmp (p, "# TYPE ", 7) == 0) {
            p += 7;
            if (!s_read_name (&p, name, sizeof name) || *p != ' ')
                return "bad TYPE";
            snprintf (type, sizeof type, "%s", p + 1);
            if (strcmp (type, "counter") && strcmp (type, "gauge")
            &&  strcmp (type, "histogram") && strcmp (type, "summary")
            &&  strcmp (type, "untyped"))
                return "unknown TYPE";
            if (s_type_of (expo, name))
                return "TYPE repeated";
            for (int i = 0; i < expo->n; i++)
                if (strcmp (expo->sample [i].name, name) == 0)
                    return "TYPE after its samples";
            ck_assert_int_lt (expo->n_types, 128);
            snprintf (expo->type_name [expo->n_types], 160, "%s", name);
            snprintf (expo->type [expo->n_types], 16, "%s", type);
            expo->n_types++;
        }
        return NULL;                    //  any other comment is allowed
    }
    ck_assert_int_lt (expo->n, 2048);
    s_sample_t *sample = &expo->sample [expo->n];
    memset (sample, 0, sizeof *sample);
    if (!s_read_name (&p, sample->name, sizeof sample->name))
        return "no metric name";
    if (*p == '{') {
        p++;
        while (*p != '}') {
            if (sample->n_labels == S_LABELS)
                return "too many labels";
            int l = sample->n_labels++;
            if (!s_read_name (&p, sample->key [l], sizeof sample->key [l])
            ||  strchr (sample->key [l], ':'))
                return "bad label name";
            if (*p++ != '=' || *p++ != '"')
                return "label without =\"";
            size_t len = 0;
            while (*p != '"') {
                if (!*p || len + 1 >= sizeof sample->val [l])
                    return "unterminated label value";
                char c = *p++;
                if (c == '\\') {
                    c = *p++;
                    if (c == 'n')
                        c = '\n';
                    else
                    if (c != '\\' && c != '"')
                        return "bad escape in label value";
                }
                sample->val [l][len++] = c;
            }
            p++;
            if (*p == ',')
                p++;
            else
            if (*p != '}')
                return "label not followed by , or }";
        }
        p++;
    }
    if (*p++ != ' ')
        return "no space before value";
    if (strcmp (p, "+Inf") == 0)
        sample->value = 1.0 / 0.0;
    else
    if (strcmp (p, "-Inf") == 0)
        sample->value = -1.0 / 0.0;
    else
    if (strcmp (p, "NaN") == 0)
        sample->value = 0.0 / 0.0;
    else {
        if (!*p || strchr ("0123456789-+.", *p) == NULL)
            return "value not a number";
        char *end;
        sample->value = strtod (p, &end);
        if (*end)
            return "junk after value";
    }
    if (!s_declared (expo, sample->name))
        return "sample without # TYPE";
    expo->n++;
    return NULL;
}

//  Parses a whole /metrics body; fails the test on the first bad line.
static void
s_parse (const char *text, s_expo_t *expo)
{
    memset (expo, 0, sizeof *expo);
    ck_assert_msg (*text && text [strlen (text) - 1] == '\n', "no final newline");
    char *copy = strdup (text);
    char *save = NULL;
    for (char *line = strtok_r (copy, "\n", &save); line;
         line = strtok_r (NULL, "\n", &save)) {
        const char *why = s_parse_line (expo, line);
        ck_assert_msg (why == NULL, "%s: \"%s\"", why ? why : "", line);
    }
    free (copy);
    ck_assert_msg (strstr (text, "\n\n") == NULL, "empty line");
}

//  Value of label key of a sample, or NULL.
static const char *
s_label (const s_sample_t *sample, const char *key)
{
    for (int l = 0; l < sample->n_labels; l++)
        if (strcmp (sample->key [l], key) == 0)
            return sample->val [l];
    return NULL;
}

//  The sample called name (with le="le" when le is not NULL); fails the
//  test when absent.
static const s_sample_t *
s_find (const s_expo_t *expo, const char *name, const char *le)
{
    for (int i = 0; i < expo->n; i++) {
        const s_sample_t *sample = &expo->sample [i];
        const char *its_le = s_label (sample, "le");
        if (strcmp (sample->name, name) == 0
        &&  (le ? its_le && strcmp (its_le, le) == 0 : its_le == NULL))
            return sample;
    }
    ck_abort_msg ("no sample %s le=%s", name, le ? le : "-");
    return NULL;
}

static double
s_value (const s_expo_t *expo, const char *name, const char *le)
{
    return s_find (expo, name, le)->value;
}

//  Every sample carries stage="stage"; every histogram's buckets have
//  increasing le ending in +Inf, cumulative counts, and +Inf == _count.
static void
s_check_invariants (const s_expo_t *expo, const char *stage)
{
    for (int i = 0; i < expo->n; i++) {
        const char *its = s_label (&expo->sample [i], "stage");
        ck_assert_msg (its && strcmp (its, stage) == 0, "%s: stage label",
                       expo->sample [i].name);
    }
    for (int t = 0; t < expo->n_types; t++) {
        if (strcmp (expo->type [t], "histogram") != 0)
            continue;
        char bucket [170], count [170];
        snprintf (bucket, sizeof bucket, "%s_bucket", expo->type_name [t]);
        snprintf (count, sizeof count, "%s_count", expo->type_name [t]);
        double last_le = -1.0 / 0.0, last_count = 0;
        int buckets = 0;
        for (int i = 0; i < expo->n; i++) {
            const s_sample_t *sample = &expo->sample [i];
            if (strcmp (sample->name, bucket) != 0)
                continue;
            const char *le = s_label (sample, "le");
            ck_assert_ptr_nonnull (le);
            double bound = strcmp (le, "+Inf") == 0 ? 1.0 / 0.0 : strtod (le, NULL);
            ck_assert_msg (bound > last_le, "%s: le not increasing", bucket);
            ck_assert_msg (sample->value >= last_count, "%s: not cumulative", bucket);
            last_le = bound;
            last_count = sample->value;
            buckets++;
        }
        ck_assert_int_eq (buckets, 17);
        ck_assert_msg (last_le > 1e308, "%s: last bucket is not +Inf", bucket);
        ck_assert (last_count == s_value (expo, count, NULL));
    }
}

//  Scrapes and parses /metrics of port into *expo.
static void
s_scrape (int port, s_expo_t *expo, const char *stage)
{
    char *body = s_get (port, "/metrics", 200);
    s_parse (body, expo);
    s_check_invariants (expo, stage);
    free (body);
}

//  --------------------------------------------------------------------------
//  Tests

static s_expo_t s_expo;                 //  too big for a thread's stack

START_TEST (test_exposition)
{
    dp_metrics_t *metrics = dp_metrics_new ("127.0.0.1:0", "clean");
    ck_assert_ptr_nonnull (metrics);
    int port = dp_metrics_port (metrics);
    ck_assert_int_gt (port, 0);
    int in = dp_metrics_counter (metrics, "articles_in", "Articles received.");
    int flight = dp_metrics_gauge (metrics, "in_flight", "Articles sent, not acked.");
    int big = dp_metrics_gauge (metrics, "big", NULL);
    int inf = dp_metrics_gauge (metrics, "inf", "");
    int latency = dp_metrics_histogram (metrics, "process_seconds", "Time per article.");
    ck_assert (in >= 0 && flight >= 0 && big >= 0 && inf >= 0 && latency >= 0);

    s_scrape (port, &s_expo, "clean");   //  before any update: zeroes
    ck_assert (s_value (&s_expo, "depeche_articles_in_total", NULL) == 0);
    ck_assert (s_value (&s_expo, "depeche_in_flight", NULL) == 0);
    ck_assert (s_value (&s_expo, "depeche_process_seconds_count", NULL) == 0);

    dp_metrics_add (metrics, in, 3);
    dp_metrics_add (metrics, in, 4);
    dp_metrics_set (metrics, flight, 0.1);
    dp_metrics_set (metrics, big, -1.25e300);
    dp_metrics_set (metrics, inf, 1.0 / 0.0);
    double seen [] = { 0.00003, 0.0003, 0.003, 0.3, 20, 0.00005 };
    double sum = 0;
    for (size_t i = 0; i < sizeof seen / sizeof seen [0]; i++) {
        dp_metrics_observe (metrics, latency, seen [i]);
        sum += seen [i];
    }
    dp_metrics_observe (metrics, latency, 0.0 / 0.0);   //  ignored

    char *body = s_get (port, "/metrics", 200);
    s_parse (body, &s_expo);
    s_check_invariants (&s_expo, "clean");
    ck_assert_ptr_nonnull (strstr (body,
        "# HELP depeche_articles_in_total Articles received.\n"
        "# TYPE depeche_articles_in_total counter\n"
        "depeche_articles_in_total{stage=\"clean\"} 7\n"));
    ck_assert_ptr_nonnull (strstr (body, "# TYPE depeche_process_seconds histogram\n"));
    ck_assert_ptr_nonnull (strstr (body, "depeche_in_flight{stage=\"clean\"} 0.1\n"));
    ck_assert_ptr_null (strstr (body, "# HELP depeche_big"));
    ck_assert_ptr_nonnull (strstr (body, "depeche_inf{stage=\"clean\"} +Inf\n"));
    free (body);

    ck_assert (s_value (&s_expo, "depeche_articles_in_total", NULL) == 7);
    ck_assert (s_value (&s_expo, "depeche_in_flight", NULL) == 0.1);
    ck_assert (s_value (&s_expo, "depeche_big", NULL) == -1.25e300);
    //  <= bound counts: 0.00003 and 0.00005 in the first bucket.
    static const struct { const char *le; double count; } want [] = {
        { "5e-05", 2 }, { "0.0001", 2 }, { "0.00025", 2 }, { "0.0005", 3 },
        { "0.001", 3 }, { "0.0025", 3 }, { "0.005", 4 }, { "0.01", 4 },
        { "0.025", 4 }, { "0.05", 4 }, { "0.1", 4 }, { "0.25", 4 },
        { "0.5", 5 }, { "1", 5 }, { "2.5", 5 }, { "10", 5 }, { "+Inf", 6 }
    };
    for (size_t i = 0; i < sizeof want / sizeof want [0]; i++)
        ck_assert_msg (s_value (&s_expo, "depeche_process_seconds_bucket", want [i].le)
                       == want [i].count, "le=%s", want [i].le);
    ck_assert (s_value (&s_expo, "depeche_process_seconds_count", NULL) == 6);
    ck_assert (s_value (&s_expo, "depeche_process_seconds_sum", NULL) == sum);

    //  Built-ins.
    const s_sample_t *build = s_find (&s_expo, "depeche_build_info", NULL);
    ck_assert (build->value == 1);
    ck_assert_str_eq (s_label (build, "version"), DP_VERSION);
    ck_assert (s_value (&s_expo, "depeche_up", NULL) == 1);
    double started = s_value (&s_expo, "depeche_process_start_time_seconds", NULL);
    ck_assert (started > 1e9 && started <= (double) time (NULL) + 1);
    ck_assert_str_eq (s_type_of (&s_expo, "depeche_up"), "gauge");
    ck_assert_str_eq (s_type_of (&s_expo, "depeche_articles_in_total"), "counter");

    //  HEAD: headers only.
    int status = 0;
    body = s_http (port, "HEAD", "/metrics", &status);
    ck_assert_ptr_nonnull (body);
    ck_assert_int_eq (status, 200);
    ck_assert_str_eq (body, "");
    free (body);
    dp_metrics_destroy (&metrics);
    ck_assert_ptr_null (metrics);
}
END_TEST

START_TEST (test_escaping)
{
    const char *stage = "we\"ird\\st\nage";
    dp_metrics_t *metrics = dp_metrics_new ("tcp://127.0.0.1:0", stage);
    ck_assert_ptr_nonnull (metrics);
    ck_assert_int_ge (dp_metrics_counter (metrics, "odd", "two\nlines \\ \"q\""), 0);
    char *body = s_get (dp_metrics_port (metrics), "/metrics", 200);
    s_parse (body, &s_expo);
    s_check_invariants (&s_expo, stage);    //  the label decodes back
    ck_assert_ptr_nonnull (strstr (body,
        "# HELP depeche_odd_total two\\nlines \\\\ \"q\"\n"));
    ck_assert_ptr_nonnull (strstr (body,
        "depeche_odd_total{stage=\"we\\\"ird\\\\st\\nage\"} 0\n"));
    free (body);
    dp_metrics_destroy (&metrics);
}
END_TEST

START_TEST (test_registration)
{
    dp_metrics_t *metrics = dp_metrics_new ("127.0.0.1:0", "split");
    ck_assert_ptr_nonnull (metrics);
    char long_name [DP_METRICS_NAME_MAX + 2];
    memset (long_name, 'a', sizeof long_name - 1);
    long_name [sizeof long_name - 1] = '\0';
    const char *bad [] = { NULL, "", "9x", "a-b", "a:b", "a b", "é", long_name };
    for (size_t i = 0; i < sizeof bad / sizeof bad [0]; i++)
        ck_assert_int_eq (dp_metrics_gauge (metrics, bad [i], "h"), -1);
    long_name [DP_METRICS_NAME_MAX] = '\0';
    int longest = dp_metrics_gauge (metrics, long_name, "h");
    ck_assert_int_ge (longest, 0);

    int x = dp_metrics_counter (metrics, "x", "h");
    int h = dp_metrics_histogram (metrics, "h", "h");
    ck_assert (x >= 0 && h >= 0 && x != h);
    ck_assert_int_eq (dp_metrics_counter (metrics, "x", "again"), -1);
    ck_assert_int_eq (dp_metrics_gauge (metrics, "x_total", "clash"), -1);
    ck_assert_int_eq (dp_metrics_gauge (metrics, "h_count", "clash"), -1);
    ck_assert_int_eq (dp_metrics_gauge (metrics, "h", "clash"), -1);
    ck_assert_int_eq (dp_metrics_gauge (metrics, "up", "built-in"), -1);
    ck_assert_int_eq (dp_metrics_gauge (metrics, "build_info", "built-in"), -1);

    //  Wrong kind, unknown and negative ids do nothing.
    dp_metrics_set (metrics, x, 5);
    dp_metrics_observe (metrics, x, 5);
    dp_metrics_add (metrics, h, 5);
    dp_metrics_add (metrics, longest, 5);
    dp_metrics_add (metrics, -1, 5);
    dp_metrics_add (metrics, 999, 5);
    dp_metrics_set (metrics, -1, 5);
    dp_metrics_observe (metrics, 999, 5);
    s_scrape (dp_metrics_port (metrics), &s_expo, "split");
    ck_assert (s_value (&s_expo, "depeche_x_total", NULL) == 0);
    ck_assert (s_value (&s_expo, "depeche_h_count", NULL) == 0);

    //  Up to the fixed maximum, then -1; the scrape still parses.
    int registered = 3;                 //  longest, x, h
    for (int i = 0; registered < DP_METRICS_MAX; i++, registered++) {
        char name [32];
        snprintf (name, sizeof name, "g%d", i);
        int id = dp_metrics_histogram (metrics, name, "filler");
        ck_assert_int_eq (id, registered);
        dp_metrics_observe (metrics, id, 0.001 * i);
    }
    ck_assert_int_eq (dp_metrics_gauge (metrics, "one_more", "h"), -1);
    s_scrape (dp_metrics_port (metrics), &s_expo, "split");
    ck_assert (s_value (&s_expo, "depeche_g60_count", NULL) == 1);
    dp_metrics_destroy (&metrics);
}
END_TEST

START_TEST (test_health_and_paths)
{
    dp_metrics_t *metrics = dp_metrics_new ("localhost:0", "tag");
    ck_assert_ptr_nonnull (metrics);
    int port = dp_metrics_port (metrics);
    char *body = s_get (port, "/healthz", 200);
    ck_assert_str_eq (body, "ok\n");
    free (body);
    dp_metrics_health (metrics, false, "no upstream for 30 s");
    body = s_get (port, "/healthz", 503);
    ck_assert_str_eq (body, "no upstream for 30 s\n");
    free (body);
    dp_metrics_health (metrics, false, NULL);
    body = s_get (port, "/healthz", 503);
    ck_assert_str_eq (body, "unhealthy\n");
    free (body);
    dp_metrics_health (metrics, true, NULL);
    body = s_get (port, "/healthz", 200);
    ck_assert_str_eq (body, "ok\n");
    free (body);

    free (s_get (port, "/", 404));
    free (s_get (port, "/metricsx", 404));
    free (s_get (port, "/metrics?x=1", 200));   //  the query is not the path
    int status = 0;
    body = s_http (port, "POST", "/metrics", &status);
    ck_assert_ptr_nonnull (body);
    ck_assert_int_eq (status, 405);
    free (body);
    dp_metrics_destroy (&metrics);
}
END_TEST

START_TEST (test_addresses)
{
    const char *bad [] = {
        NULL, "", "host:notaport", "tcp://*:99999", "tcp://*:", ":", "tcp://*",
        "1.2.3:80", "ipc:///tmp/x", ">tcp://127.0.0.1:0", "127.0.0.1:-1",
        "127.0.0.1:80x", "example.com:0", "[::1]:0", "127.0.0.1:123456", "@"
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad [0]; i++)
        ck_assert_msg (dp_metrics_new (bad [i], "s") == NULL, "accepted \"%s\"",
                       bad [i] ? bad [i] : "(null)");
    ck_assert_ptr_null (dp_metrics_new ("127.0.0.1:0", NULL));

    const char *good [] = {
        "0", "127.0.0.1:0", "*:0", "tcp://127.0.0.1:0", "@tcp://*:0",
        "@tcp://localhost:0", "tcp://*:*", "http://127.0.0.1:0", ":0"
    };
    for (size_t i = 0; i < sizeof good / sizeof good [0]; i++) {
        dp_metrics_t *metrics = dp_metrics_new (good [i], "s");
        ck_assert_msg (metrics != NULL, "refused \"%s\"", good [i]);
        int port = dp_metrics_port (metrics);
        ck_assert_int_gt (port, 0);
        free (s_get (port, "/healthz", 200));
        dp_metrics_destroy (&metrics);
    }
}
END_TEST

START_TEST (test_port_busy)
{
    dp_metrics_t *first = dp_metrics_new ("127.0.0.1:0", "a");
    ck_assert_ptr_nonnull (first);
    int port = dp_metrics_port (first);
    char addr [64];
    snprintf (addr, sizeof addr, "@tcp://127.0.0.1:%d", port);
    ck_assert_ptr_null (dp_metrics_new (addr, "b"));
    free (s_get (port, "/healthz", 200));   //  the first still serves
    dp_metrics_destroy (&first);
    //  Destroy released the port: it can be bound again at once.
    dp_metrics_t *again = dp_metrics_new (addr, "b");
    ck_assert_ptr_nonnull (again);
    ck_assert_int_eq (dp_metrics_port (again), port);
    dp_metrics_destroy (&again);
}
END_TEST

START_TEST (test_null_self)
{
    dp_metrics_t *metrics = NULL;
    dp_metrics_destroy (&metrics);
    dp_metrics_destroy (NULL);
    ck_assert_int_eq (dp_metrics_port (NULL), -1);
    ck_assert_int_eq (dp_metrics_counter (NULL, "a", "h"), -1);
    ck_assert_int_eq (dp_metrics_gauge (NULL, "a", "h"), -1);
    ck_assert_int_eq (dp_metrics_histogram (NULL, "a", "h"), -1);
    dp_metrics_add (NULL, 0, 1);
    dp_metrics_set (NULL, 0, 1);
    dp_metrics_observe (NULL, 0, 1);
    dp_metrics_health (NULL, false, "x");
}
END_TEST

typedef struct {
    dp_metrics_t *metrics;
    int counter, gauge, histogram;      //  ids
    atomic_bool stop;                   //  set by the test to end the loop
    uint64_t adds;                      //  total added, read after join
} s_hammer_t;

static void *
s_hammer (void *arg)
{
    s_hammer_t *hammer = arg;
    uint64_t adds = 0;
    while (!atomic_load (&hammer->stop)) {
        dp_metrics_add (hammer->metrics, hammer->counter, 1);
        adds++;
        dp_metrics_set (hammer->metrics, hammer->gauge, (double) adds);
        dp_metrics_observe (hammer->metrics, hammer->histogram,
                            (double) (adds % 1000) * 1e-4);
    }
    hammer->adds = adds;
    return NULL;
}

START_TEST (test_concurrency)
{
    s_hammer_t hammer;
    memset (&hammer, 0, sizeof hammer);
    hammer.metrics = dp_metrics_new ("127.0.0.1:0", "fetch");
    ck_assert_ptr_nonnull (hammer.metrics);
    hammer.counter = dp_metrics_counter (hammer.metrics, "hits", "h");
    hammer.gauge = dp_metrics_gauge (hammer.metrics, "last", "h");
    hammer.histogram = dp_metrics_histogram (hammer.metrics, "lat_seconds", "h");
    atomic_init (&hammer.stop, false);
    pthread_t thread;
    ck_assert_int_eq (pthread_create (&thread, NULL, s_hammer, &hammer), 0);

    int port = dp_metrics_port (hammer.metrics);
    double last = 0;
    //  50 scrapes, and on until the hammer was seen adding: on a loaded
    //  machine its thread may not have run yet (10 s at most).
    for (int i = 0; i < 50 || (last == 0 && i < 50 + 1000); i++) {
        if (i >= 50)
            usleep (10000);
        s_scrape (port, &s_expo, "fetch");
        double hits = s_value (&s_expo, "depeche_hits_total", NULL);
        ck_assert_msg (hits >= last, "counter went back: %.0f < %.0f", hits, last);
        last = hits;
        //  Registering while the scraper reads is allowed too.
        if (i == 25)
            ck_assert_int_ge (dp_metrics_gauge (hammer.metrics, "late", "h"), 0);
    }
    atomic_store (&hammer.stop, true);
    pthread_join (thread, NULL);
    ck_assert (last > 0);
    s_scrape (port, &s_expo, "fetch");
    ck_assert (s_value (&s_expo, "depeche_hits_total", NULL) == (double) hammer.adds);
    ck_assert (s_value (&s_expo, "depeche_lat_seconds_count", NULL) == (double) hammer.adds);
    ck_assert (s_value (&s_expo, "depeche_last", NULL) == (double) hammer.adds);
    dp_metrics_destroy (&hammer.metrics);
}
END_TEST

static volatile sig_atomic_t s_caught;

static void
s_on_term (int signum)
{
    (void) signum;
    s_caught = 1;
}

START_TEST (test_signals_stay_with_caller)
{
    //  The server starts while this thread accepts SIGTERM; then we block
    //  it, so a thread that does not block it would take it. The server's
    //  thread must not: the signal stays pending for us.
    dp_metrics_t *metrics = dp_metrics_new ("127.0.0.1:0", "sink");
    ck_assert_ptr_nonnull (metrics);
    sigset_t term, old;
    sigemptyset (&term);
    sigaddset (&term, SIGTERM);
    pthread_sigmask (SIG_BLOCK, &term, &old);
    struct sigaction sa, old_sa;
    memset (&sa, 0, sizeof sa);
    sa.sa_handler = s_on_term;
    sigaction (SIGTERM, &sa, &old_sa);
    s_caught = 0;
    kill (getpid (), SIGTERM);
    free (s_get (dp_metrics_port (metrics), "/healthz", 200));
    struct timespec pause = { 0, 100 * 1000 * 1000 };
    nanosleep (&pause, NULL);
    ck_assert_int_eq (s_caught, 0);
    sigset_t pending;
    sigpending (&pending);
    ck_assert (sigismember (&pending, SIGTERM));
    struct timespec none = { 0, 0 };
    ck_assert_int_eq (sigtimedwait (&term, NULL, &none), SIGTERM);
    dp_metrics_destroy (&metrics);
    sigaction (SIGTERM, &old_sa, NULL);
    pthread_sigmask (SIG_SETMASK, &old, NULL);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *suite = suite_create ("metrics");
    TCase *tc = tcase_create ("metrics");
    tcase_set_timeout (tc, 60);
    tcase_add_test (tc, test_exposition);
    tcase_add_test (tc, test_escaping);
    tcase_add_test (tc, test_registration);
    tcase_add_test (tc, test_health_and_paths);
    tcase_add_test (tc, test_addresses);
    tcase_add_test (tc, test_port_busy);
    tcase_add_test (tc, test_null_self);
    tcase_add_test (tc, test_concurrency);
    tcase_add_test (tc, test_signals_stay_with_caller);
    suite_add_tcase (suite, tc);
    return suite;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
