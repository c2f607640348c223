//  depeche serve — one request to one reply (serve.h): the routes, the
//  static assets (data/serve/), the page layout and the helpers the pages
//  share (serve_page.h). No HTTP here (serve_http.c) and no page content
//  (one file per page).
#include "serve/serve.h"
#include "serve/serve_page.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char dp_serve_csp [] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
    " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

static const char s_html_type [] = "text/html; charset=utf-8";

//  A file of data/serve/, held for the server's life.
typedef struct {
    const char *path;                   //  the URL path
    const char *file;                   //  under data/
    const char *type;                   //  Content-Type
    char *body;                         //  its bytes
    size_t len;
} s_asset_t;

#define S_ASSETS 3

struct dp_serve {
    dp_store_t *store;
    int budget_ms;
    s_asset_t assets [S_ASSETS];
};

dp_serve_t *
dp_serve_new (const dp_serve_cfg_t *cfg, char *err, size_t errlen)
{
    dp_serve_t *self = calloc (1, sizeof *self);
    if (!self) {
        snprintf (err, errlen, "out of memory");
        return NULL;
    }
    self->budget_ms = cfg->budget_ms > 0 ? cfg->budget_ms : 250;
    const s_asset_t assets [S_ASSETS] = {
        { "/static/depeche.css", "serve/depeche.css", "text/css; charset=utf-8", NULL, 0 },
        { "/static/live.js", "serve/live.js", "text/javascript; charset=utf-8", NULL, 0 },
        { "/static/favicon.svg", "serve/favicon.svg", "image/svg+xml", NULL, 0 },
    };
    memcpy (self->assets, assets, sizeof assets);
    for (int i = 0; i < S_ASSETS; i++) {
        s_asset_t *a = &self->assets [i];
        char *path = dp_data_path (a->file);
        a->body = path ? dp_read_file (path, &a->len) : NULL;
        free (path);
        if (!a->body) {
            snprintf (err, errlen, "data/%s not found (set DP_DATA to the data folder)", a->file);
            goto fail;
        }
    }
    if (!(self->store = dp_store_new (cfg->db, cfg->conns > 0 ? cfg->conns : 2, err, errlen)))
        goto fail;
    return self;
fail:
    dp_serve_destroy (&self);
    return NULL;
}

void
dp_serve_destroy (dp_serve_t **self_p)
{
    dp_serve_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    dp_store_destroy (&self->store);
    for (int i = 0; i < S_ASSETS; i++)
        free (self->assets [i].body);
    free (self);
    *self_p = NULL;
}

void
dp_reply_free (dp_reply_t *reply)
{
    if (!reply->borrowed)
        free (reply->body);
    reply->body = NULL;
    reply->len = 0;
}

static double
s_now_ms (clockid_t clock)
{
    struct timespec ts;
    clock_gettime (clock, &ts);
    return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}

static void
s_plain (dp_reply_t *reply, int status, const char *text)
{
    reply->status = status;
    reply->type = "text/plain; charset=utf-8";
    reply->body = strdup (text);
    reply->len = reply->body ? strlen (reply->body) : 0;
}

static const struct {
    const char *path;
    int (*page) (dp_page_t *);
    bool fragment;                      //  not a whole document
} s_routes [] = {
    { "/", dp_page_front, false },
    { "/live", dp_page_live, true },
    { "/story", dp_page_story, false },
    { "/name", dp_page_name, false },
    { "/article", dp_page_article, false },
    { "/search", dp_page_search, false },
};

void
dp_serve_handle (dp_serve_t *self, const char *method, const char *uri, dp_reply_t *reply)
{
    double t0 = s_now_ms (CLOCK_MONOTONIC), c0 = s_now_ms (CLOCK_THREAD_CPUTIME_ID);
    memset (reply, 0, sizeof *reply);
    if (strcmp (method, "GET") != 0 && strcmp (method, "HEAD") != 0) {
        s_plain (reply, 405, "read-only: GET and HEAD only\n");
        goto done;
    }
    dp_req_t req;
    char why [256];
    dp_html_t out = { 0 };
    dp_page_t pg = { .store = self->store, .req = &req, .out = &out, .status = 200,
                     .budget_ms = self->budget_ms };
    if (dp_req_parse (&req, uri, why, sizeof why)) {
        dp_page_fail (&pg, 400, why);
        goto reply;
    }
    for (int i = 0; i < S_ASSETS; i++)
        if (strcmp (req.path, self->assets [i].path) == 0) {
            reply->status = 200;
            reply->type = self->assets [i].type;
            reply->body = self->assets [i].body;
            reply->len = self->assets [i].len;
            reply->borrowed = reply->asset = true;
            dp_req_free (&req);
            goto done;
        }
    size_t r = 0;
    while (r < sizeof s_routes / sizeof s_routes [0] && strcmp (req.path, s_routes [r].path))
        r++;
    if (r == sizeof s_routes / sizeof s_routes [0])
        dp_page_fail (&pg, 404, "No such page.");
    else {
        pg.db = dp_store_take (self->store, self->budget_ms);
        s_routes [r].page (&pg);
        dp_store_give (self->store, pg.db);
    }
    dp_req_free (&req);
reply:
    if (out.oom) {
        dp_html_free (&out);
        s_plain (reply, 500, "out of memory\n");
        goto done;
    }
    reply->status = pg.status;
    reply->type = s_html_type;
    reply->body = dp_html_take (&out, &reply->len);
done:
    reply->ms = s_now_ms (CLOCK_MONOTONIC) - t0;
    reply->cpu_ms = s_now_ms (CLOCK_THREAD_CPUTIME_ID) - c0;
}

//  --------------------------------------------------------------------------
//  Layout and shared helpers (serve_page.h)

void
dp_page_head (dp_page_t *pg, const char *title, const char *q)
{
    dp_html_t *o = pg->out;
    dp_html_raw (o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>");
    dp_html_text (o, title);
    dp_html_raw (o, " · depeche</title>\n"
                    "<link rel=\"stylesheet\" href=\"/static/depeche.css\">\n"
                    "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">\n"
                    "</head><body>\n<header class=\"top\"><a class=\"brand\" href=\"/\">"
                    "depeche</a>\n<nav><a href=\"/\">Stories</a> <a href=\"/search\">Search</a>"
                    "</nav>\n<form class=\"q\" action=\"/search\" method=\"get\" role=\"search\">"
                    "<input type=\"search\" name=\"q\" placeholder=\"Search the sentences\""
                    " aria-label=\"Search the sentences\" value=\"");
    dp_html_text (o, q);
    dp_html_raw (o, "\"></form></header>\n<main>\n");
}

void
dp_page_foot (dp_page_t *pg, bool with_script)
{
    dp_html_fmt (pg->out, "</main>\n<footer>depeche serve · a read-only view of the sink's"
                 " database · this page took %.1f ms</footer>\n",
                 pg->db ? dp_conn_elapsed_ms (pg->db) : 0.0);
    if (with_script)
        dp_html_raw (pg->out, "<script src=\"/static/live.js\"></script>\n");
    dp_html_raw (pg->out, "</body></html>\n");
}

int
dp_page_fail (dp_page_t *pg, int status, const char *why)
{
    dp_html_free (pg->out);
    pg->status = status;
    const char *what = status == 404 ? "Not found" : status == 400 ? "Bad request" : "Error";
    dp_page_head (pg, what, NULL);
    dp_html_fmt (pg->out, "<h1>%s</h1>\n<p class=\"error\">", what);
    dp_html_text (pg->out, why);
    dp_html_raw (pg->out, "</p>\n<p><a href=\"/\">Back to the stories</a></p>\n");
    dp_page_foot (pg, false);
    return 0;
}

void
dp_page_note (dp_page_t *pg, int rc, int shown, int limit, const char *what)
{
    if (rc < 0 && dp_conn_cut (pg->db))
        dp_html_fmt (pg->out, "<p class=\"cut\">Cut: these %s took longer than the time budget"
                     " (%d ms); %s shown are what was found by then.</p>\n",
                     what, pg->budget_ms, shown ? "the ones" : "none are");
    else
    if (rc < 0) {
        dp_html_fmt (pg->out, "<p class=\"cut\">The %s could not be read: ", what);
        dp_html_text (pg->out, dp_conn_error (pg->db));
        dp_html_raw (pg->out, "</p>\n");
    }
    else
    if (shown >= limit)
        dp_html_fmt (pg->out, "<p class=\"more\">Only the first %d %s are shown.</p>\n",
                     limit, what);
}

void
dp_page_name_link (dp_page_t *pg, const char *name, const char *type, const char *label)
{
    dp_html_raw (pg->out, "<a class=\"e ");
    dp_html_text (pg->out, type && *type ? type : "X");
    dp_html_raw (pg->out, "\" href=\"/name?n=");
    dp_html_arg (pg->out, name);
    dp_html_raw (pg->out, "\">");
    dp_html_text (pg->out, label ? label : name);
    dp_html_raw (pg->out, "</a>");
}

void
dp_page_article_link (dp_page_t *pg, const char *id, const char *title)
{
    dp_html_raw (pg->out, "<a href=\"/article?id=");
    dp_html_arg (pg->out, id);
    dp_html_raw (pg->out, "\">");
    dp_html_text (pg->out, title && *title ? title : id);
    dp_html_raw (pg->out, "</a>");
}

void
dp_page_time (dp_page_t *pg, int64_t t)
{
    if (t <= 0) {
        dp_html_raw (pg->out, "-");
        return;
    }
    time_t tt = (time_t) t;
    struct tm tm;
    char buf [32];
    if (!gmtime_r (&tt, &tm) || !strftime (buf, sizeof buf, "%Y-%m-%d %H:%M", &tm))
        snprintf (buf, sizeof buf, "-");
    dp_html_raw (pg->out, buf);
}

const char *
dp_col (sqlite3_stmt *st, int i)
{
    return (const char *) sqlite3_column_text (st, i);
}
