//  depeche serve — a read-only web view of the sink's database: stories
//  (live), a story, a name, an article, search. dp_serve_handle turns one
//  request (method + raw URI) into one reply, with no HTTP in it, so the
//  unit tests, the fuzz target and the benchmark call it directly;
//  serve_http.c puts it behind libmicrohttpd (`depeche serve`).
#ifndef DP_SERVE_H_INCLUDED
#define DP_SERVE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>

typedef struct dp_serve dp_serve_t;

typedef struct {
    const char *db;                     //  the sink's database (opened read-only)
    int budget_ms;                      //  time budget of one page's queries (0: 250)
    int conns;                          //  database connections (0: 2)
} dp_serve_cfg_t;

//  One reply. body is malloc'd and owned by the reply unless borrowed
//  (a static asset held by the server).
typedef struct {
    int status;                         //  HTTP status
    const char *type;                   //  Content-Type (static string)
    char *body;                         //  the bytes
    size_t len;                         //  their count
    bool borrowed;                      //  body belongs to the server
    bool asset;                         //  a static file: may be cached
    double ms;                          //  time spent answering (wall clock)
    double cpu_ms;                      //  CPU time of the answering thread
} dp_reply_t;

//  The Content-Security-Policy of every reply: scripts, styles and
//  images from this server only, no inline script, no framing.
extern const char dp_serve_csp [];

//  Opens the database and loads the page assets (data/serve/). Returns
//  NULL with the reason in err.
dp_serve_t *
    dp_serve_new (const dp_serve_cfg_t *cfg, char *err, size_t errlen);

//  Frees the server, sets *self_p to NULL; accepts NULL.
void
    dp_serve_destroy (dp_serve_t **self_p);

//  Answers one request: method ("GET", "HEAD"...) and the raw request URI
//  (path and query string as sent). Never fails: a bad request gets a 4xx
//  page, an exhausted server a 500. Thread-safe (one database connection
//  per request in flight).
void
    dp_serve_handle (dp_serve_t *self, const char *method, const char *uri,
                     dp_reply_t *reply);

//  Frees the reply's body unless borrowed.
void
    dp_reply_free (dp_reply_t *reply);

//  `depeche serve --db FILE [--listen ADDR] ...`: argv after "serve".
//  Runs until SIGINT/SIGTERM. Returns the exit code (0, 1 runtime, 2 usage).
int
    dp_serve_main (int argc, char **argv);

#endif
