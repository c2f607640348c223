//  depeche serve — the sink's database as the server reads it: a pool of
//  read-only SQLite connections (WAL: reading never blocks the sink's
//  writes), prepared statements cached per connection, and a time budget
//  per page enforced by sqlite3_progress_handler, so no query runs past
//  it: the query stops and the page says its list was cut. Also the
//  arrival rate (articles/s) sampled from the growing database. The schema
//  is the sink's (stages/sink/db.c), read through SQL only.
#ifndef DP_SERVE_STORE_H_INCLUDED
#define DP_SERVE_STORE_H_INCLUDED

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dp_store dp_store_t;
typedef struct dp_conn dp_conn_t;

//  Opens n read-only connections to the database at path. Returns NULL
//  with the reason in err (no such file, not a depeche database).
dp_store_t *
    dp_store_new (const char *path, int n, char *err, size_t errlen);

//  Closes every connection, frees, sets *self_p to NULL; accepts NULL.
//  No connection may be taken out when it is called.
void
    dp_store_destroy (dp_store_t **self_p);

//  Takes a free connection (waits for one) and starts its time budget:
//  every query on it stops once budget_ms have passed from now.
dp_conn_t *
    dp_store_take (dp_store_t *self, int budget_ms);

//  Gives a connection back to the pool.
void
    dp_store_give (dp_store_t *self, dp_conn_t *conn);

//  The statement for sql, prepared once per connection and reset here with
//  no bindings: bind and step it. NULL when it cannot be prepared (the
//  reason is in dp_conn_error; the budget may have run out).
sqlite3_stmt *
    dp_conn_sql (dp_conn_t *self, const char *sql);

//  Steps st: 1 a row, 0 done, -1 stopped: the time budget ran out
//  (dp_conn_cut is then true) or an error (dp_conn_error says it).
int
    dp_conn_step (dp_conn_t *self, sqlite3_stmt *st);

//  True once a query on this connection was stopped by the time budget
//  (since dp_store_take).
bool
    dp_conn_cut (const dp_conn_t *self);

//  The last error (an SQLite message), or NULL.
const char *
    dp_conn_error (const dp_conn_t *self);

//  Milliseconds since dp_store_take.
double
    dp_conn_elapsed_ms (const dp_conn_t *self);

//  The full scans in the plans of this connection's statements: each
//  "SCAN" of EXPLAIN QUERY PLAN over one of the sink's tables (a walk of a
//  page's own bounded list or an FTS5 MATCH is not one), written as
//  "detail <- sql" lines into out[0..len). Returns how many; the pages are
//  built to have none (tests check it).
int
    dp_conn_scans (dp_conn_t *self, char *out, size_t len);

//  True when the articles table has the flags and sentence_offsets columns
//  (a database written before them has not).
bool
    dp_conn_has_offsets (dp_conn_t *self);

//  Arrival rate: given the number of articles now (the table's highest
//  rowid: the sink never deletes), samples it at most once a second and
//  returns articles/s over the last <= 30 s of samples in *rate and that
//  span in *window_s; *rate is -1 until two samples a second apart exist.
void
    dp_store_rate (dp_store_t *self, int64_t total, double *rate, double *window_s);

#endif
