//  depeche serve — connection pool, statement cache, time budget and the
//  arrival-rate sampler (serve_store.h). Opens the database read-only and
//  asks SQLite to refuse writes too (query_only): the server can never
//  change what the sink wrote. No page logic here.
#include "serve/serve_store.h"
#include "depeche/dp_log.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S_CACHE      48                 //  prepared statements per connection
#define S_SAMPLES    40                 //  rate samples kept
#define S_RATE_SPAN  30.0               //  seconds the rate looks back
#define S_PROGRESS   500                //  VM steps between two clock checks

typedef struct {
    char *sql;                          //  owned key
    sqlite3_stmt *st;                   //  prepared
    uint64_t used;                      //  last use (for eviction)
} s_cached_t;

struct dp_conn {
    sqlite3 *db;
    s_cached_t cache [S_CACHE];
    uint64_t tick;                      //  use counter for the cache
    double start;                       //  monotonic seconds at take
    double deadline;                    //  monotonic seconds: stop after
    bool cut;                           //  a query hit the deadline
    bool offsets;                       //  articles has sentence_offsets
    char err [256];                     //  last error
    bool busy;                          //  taken out of the pool
};

typedef struct {
    double t;                           //  monotonic seconds
    int64_t total;                      //  articles then
} s_sample_t;

struct dp_store {
    dp_conn_t *conns;
    int n;
    pthread_mutex_t lock;               //  guards busy flags and samples
    pthread_cond_t freed;               //  a connection came back
    s_sample_t samples [S_SAMPLES];     //  ring, oldest at head
    int n_samples, head;
};

static double
s_now (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

//  Progress handler: non-zero stops the running statement (SQLITE_INTERRUPT).
static int
s_progress (void *arg)
{
    dp_conn_t *self = arg;
    if (s_now () < self->deadline)
        return 0;
    self->cut = true;
    return 1;
}

//  With -v: every statement that took a millisecond or more, and its SQL.
static int
s_profile (unsigned type, void *arg, void *stmt, void *ns)
{
    (void) arg;
    double ms = (double) *(const sqlite3_int64 *) ns / 1e6;
    if (type == SQLITE_TRACE_PROFILE && ms >= 1.0)
        dp_log_debug ("serve: %.1f ms: %.300s", ms, sqlite3_sql (stmt));
    return 0;
}

static bool
s_prepares (sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    bool ok = sqlite3_prepare_v2 (db, sql, -1, &st, NULL) == SQLITE_OK;
    sqlite3_finalize (st);
    return ok;
}

static int
s_open (dp_conn_t *self, const char *path, char *err, size_t errlen)
{
    if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL)
        != SQLITE_OK) {
        snprintf (err, errlen, "%s: %s", path, self->db ? sqlite3_errmsg (self->db)
                                                        : "cannot open");
        return -1;
    }
    //  A WAL reader waits only while the sink recovers or restarts the WAL.
    sqlite3_busy_timeout (self->db, 1000);
    sqlite3_exec (self->db, "PRAGMA query_only = 1; PRAGMA cache_size = -16384;"
                  " PRAGMA mmap_size = 268435456", NULL, NULL, NULL);
    if (!s_prepares (self->db, "SELECT id, story, outlet, written FROM articles LIMIT 0")
    ||  !s_prepares (self->db, "SELECT canon FROM entities LIMIT 0")
    ||  !s_prepares (self->db, "SELECT article FROM sentences LIMIT 0")) {
        snprintf (err, errlen, "%s: not a depeche sink database (%s)", path,
                  sqlite3_errmsg (self->db));
        return -1;
    }
    self->offsets = s_prepares (self->db, "SELECT sentence_offsets, flags FROM articles LIMIT 0");
    sqlite3_progress_handler (self->db, S_PROGRESS, s_progress, self);
    if (dp_log_enabled (DP_LOG_DEBUG))
        sqlite3_trace_v2 (self->db, SQLITE_TRACE_PROFILE, s_profile, NULL);
    return 0;
}

static void
s_close (dp_conn_t *self)
{
    for (int i = 0; i < S_CACHE; i++) {
        sqlite3_finalize (self->cache [i].st);
        free (self->cache [i].sql);
    }
    sqlite3_close (self->db);
}

dp_store_t *
dp_store_new (const char *path, int n, char *err, size_t errlen)
{
    dp_store_t *self = calloc (1, sizeof *self);
    if (!self || n < 1 || !(self->conns = calloc ((size_t) n, sizeof *self->conns))) {
        snprintf (err, errlen, "out of memory");
        free (self);
        return NULL;
    }
    pthread_mutex_init (&self->lock, NULL);
    pthread_cond_init (&self->freed, NULL);
    for (self->n = 0; self->n < n; self->n++)
        if (s_open (&self->conns [self->n], path, err, errlen)) {
            self->n++;                  //  closes the half-open one too
            dp_store_destroy (&self);
            return NULL;
        }
    return self;
}

void
dp_store_destroy (dp_store_t **self_p)
{
    dp_store_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    for (int i = 0; i < self->n; i++)
        s_close (&self->conns [i]);
    free (self->conns);
    pthread_mutex_destroy (&self->lock);
    pthread_cond_destroy (&self->freed);
    free (self);
    *self_p = NULL;
}

dp_conn_t *
dp_store_take (dp_store_t *self, int budget_ms)
{
    pthread_mutex_lock (&self->lock);
    dp_conn_t *conn = NULL;
    while (!conn) {
        for (int i = 0; i < self->n && !conn; i++)
            if (!self->conns [i].busy)
                conn = &self->conns [i];
        if (!conn)
            pthread_cond_wait (&self->freed, &self->lock);
    }
    conn->busy = true;
    pthread_mutex_unlock (&self->lock);
    conn->start = s_now ();
    conn->deadline = conn->start + budget_ms / 1000.0;
    conn->cut = false;
    conn->err [0] = '\0';
    //  The sink may have added the columns since (it migrates at start).
    if (!conn->offsets)
        conn->offsets = s_prepares (conn->db, "SELECT sentence_offsets, flags FROM articles"
                                              " LIMIT 0");
    //  One read transaction per page: one snapshot of the database for
    //  all its queries, and the pages read stay cached between them (a
    //  commit of the sink would otherwise empty the cache between two).
    sqlite3_exec (conn->db, "BEGIN", NULL, NULL, NULL);
    return conn;
}

void
dp_store_give (dp_store_t *self, dp_conn_t *conn)
{
    //  No read transaction may stay open between pages: the WAL could
    //  not be checkpointed past it.
    for (int i = 0; i < S_CACHE; i++)
        if (conn->cache [i].st)
            sqlite3_reset (conn->cache [i].st);
    if (!sqlite3_get_autocommit (conn->db))
        sqlite3_exec (conn->db, "COMMIT", NULL, NULL, NULL);
    pthread_mutex_lock (&self->lock);
    conn->busy = false;
    pthread_cond_signal (&self->freed);
    pthread_mutex_unlock (&self->lock);
}

sqlite3_stmt *
dp_conn_sql (dp_conn_t *self, const char *sql)
{
    s_cached_t *slot = NULL, *oldest = &self->cache [0];
    for (int i = 0; i < S_CACHE && !slot; i++) {
        s_cached_t *c = &self->cache [i];
        if (c->sql && strcmp (c->sql, sql) == 0)
            slot = c;
        else
        if (!c->sql || (oldest->sql && c->used < oldest->used))
            oldest = c;
    }
    if (!slot) {
        sqlite3_finalize (oldest->st);
        free (oldest->sql);
        memset (oldest, 0, sizeof *oldest);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL)
            != SQLITE_OK) {
            snprintf (self->err, sizeof self->err, "%s", sqlite3_errmsg (self->db));
            if (!self->cut)
                dp_log_once_per (DP_LOG_ERROR, "serve: cannot prepare a query: %s", self->err);
            sqlite3_finalize (st);
            return NULL;
        }
        if (!(oldest->sql = strdup (sql))) {
            sqlite3_finalize (st);
            snprintf (self->err, sizeof self->err, "out of memory");
            return NULL;
        }
        oldest->st = st;
        slot = oldest;
    }
    slot->used = ++self->tick;
    sqlite3_reset (slot->st);
    sqlite3_clear_bindings (slot->st);
    return slot->st;
}

int
dp_conn_step (dp_conn_t *self, sqlite3_stmt *st)
{
    if (!st)
        return -1;
    int rc = sqlite3_step (st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    if (rc == SQLITE_INTERRUPT && self->cut)
        snprintf (self->err, sizeof self->err, "cut by the time budget");
    else {
        snprintf (self->err, sizeof self->err, "%s", sqlite3_errmsg (self->db));
        dp_log_once_per (DP_LOG_WARN, "serve: query stopped: %s", self->err);
    }
    sqlite3_reset (st);
    return -1;
}

bool
dp_conn_cut (const dp_conn_t *self)
{
    return self->cut;
}

const char *
dp_conn_error (const dp_conn_t *self)
{
    return self->err [0] ? self->err : NULL;
}

double
dp_conn_elapsed_ms (const dp_conn_t *self)
{
    return (s_now () - self->start) * 1000.0;
}

//  True when a plan line scans one of the sink's tables (by name or by
//  the aliases the pages give them: a and x articles, e entities, s
//  sentences); an FTS5 MATCH ("...INDEX n:M...") is a search, not a scan.
static bool
s_scans_table (const char *d)
{
    static const char *tables [] = {
        "articles", "entities", "sentences", "story_alias", "story_window", "canon_names",
        "a", "x", "e", "s", NULL
    };
    if (strncmp (d, "SCAN ", 5) != 0 || (strstr (d, "VIRTUAL TABLE INDEX") && strstr (d, ":M")))
        return false;
    size_t n = strcspn (d + 5, " ");
    for (int i = 0; tables [i]; i++)
        if (strlen (tables [i]) == n && strncmp (d + 5, tables [i], n) == 0)
            return true;
    return false;
}

int
dp_conn_scans (dp_conn_t *self, char *out, size_t len)
{
    int n = 0;
    size_t at = 0;
    if (len)
        out [0] = '\0';
    for (int i = 0; i < S_CACHE; i++) {
        if (!self->cache [i].sql)
            continue;
        char *eqp = NULL;
        sqlite3_stmt *st = NULL;
        if (asprintf (&eqp, "EXPLAIN QUERY PLAN %s", self->cache [i].sql) < 0)
            continue;
        if (sqlite3_prepare_v2 (self->db, eqp, -1, &st, NULL) == SQLITE_OK)
            while (sqlite3_step (st) == SQLITE_ROW) {
                const char *d = (const char *) sqlite3_column_text (st, 3);
                if (!d || !s_scans_table (d))
                    continue;
                n++;
                if (at < len)
                    at += (size_t) snprintf (out + at, len - at, "%s <- %s\n", d,
                                             self->cache [i].sql);
            }
        sqlite3_finalize (st);
        free (eqp);
    }
    return n;
}

bool
dp_conn_has_offsets (dp_conn_t *self)
{
    return self->offsets;
}

void
dp_store_rate (dp_store_t *self, int64_t total, double *rate, double *window_s)
{
    double now = s_now ();
    pthread_mutex_lock (&self->lock);
    s_sample_t *last = self->n_samples
                     ? &self->samples [(self->head + self->n_samples - 1) % S_SAMPLES] : NULL;
    if (last && total < last->total)
        self->n_samples = 0;            //  another database under the same name
    if (!self->n_samples || now - last->t >= 1.0) {
        if (self->n_samples == S_SAMPLES) {
            self->head = (self->head + 1) % S_SAMPLES;
            self->n_samples--;
        }
        self->samples [(self->head + self->n_samples++) % S_SAMPLES] =
            (s_sample_t) { now, total };
    }
    //  The oldest sample within the span; after a quiet spell (only the
    //  sample just taken is within it), the one before: an average over
    //  the longer span is still the truth.
    int at = 0;
    while (at < self->n_samples - 1
       &&  now - self->samples [(self->head + at) % S_SAMPLES].t > S_RATE_SPAN)
        at++;
    if (at == self->n_samples - 1 && at > 0)
        at--;
    const s_sample_t *base = &self->samples [(self->head + at) % S_SAMPLES];
    *window_s = now - base->t;
    *rate = *window_s >= 1.0 ? (double) (total - base->total) / *window_s : -1;
    pthread_mutex_unlock (&self->lock);
}
