//  depeche serve — what the pages share: the page context, the layout
//  (head, navigation, foot), the notes that say a list was cut, links to
//  names, stories and articles, and the summary line of a story (the front
//  page and the name page both list stories). Each page lives in its own
//  file (serve_front.c, serve_story.c, serve_name.c, serve_article.c,
//  serve_search.c) and is a plain function of this context.
#ifndef DP_SERVE_PAGE_H_INCLUDED
#define DP_SERVE_PAGE_H_INCLUDED

#include "serve/serve_html.h"
#include "serve/serve_req.h"
#include "serve/serve_store.h"

#include <sqlite3.h>
#include <stdint.h>

#define DP_PAGE_MAX_NAMES 4             //  name filters on the search page
#define DP_PAGE_MAX_CANONS 8            //  canon keys one typed name may stand for

typedef struct {
    dp_store_t *store;                  //  for the arrival rate
    dp_conn_t *db;                      //  this request's connection
    const dp_req_t *req;                //  the parsed request
    dp_html_t *out;                     //  the page being written
    int status;                         //  HTTP status (200 unless set)
    int budget_ms;                      //  the time budget, for the notes
} dp_page_t;

//  The pages. Each writes a whole document (the live fragment: one
//  section) into pg->out and returns 0; on bad input it calls
//  dp_page_fail, which replaces the output with an error page.
int
    dp_page_front (dp_page_t *pg);
int
    dp_page_live (dp_page_t *pg);
int
    dp_page_story (dp_page_t *pg);
int
    dp_page_name (dp_page_t *pg);
int
    dp_page_article (dp_page_t *pg);
int
    dp_page_search (dp_page_t *pg);

//  Opens the document: doctype, <head> (title escaped here), the header
//  with the navigation and the search box (q prefilled, escaped).
void
    dp_page_head (dp_page_t *pg, const char *title, const char *q);

//  Closes the document; with_script: the front page's live.js.
void
    dp_page_foot (dp_page_t *pg, bool with_script);

//  Replaces the output with an error page (status, the reason escaped).
//  Returns 0, so a page can `return dp_page_fail (...)`.
int
    dp_page_fail (dp_page_t *pg, int status, const char *why);

//  After a list: says why it may be incomplete. rc is the last
//  dp_conn_step result (-1: stopped by the budget or an error); shown and
//  limit: rows shown and the LIMIT asked (shown == limit: there may be
//  more); what names the list ("stories", "sentences"...).
void
    dp_page_note (dp_page_t *pg, int rc, int shown, int limit, const char *what);

//  A link to a name's page (class by type: e PER, e LOC...).
void
    dp_page_name_link (dp_page_t *pg, const char *name, const char *type,
                       const char *label);

//  <a href="/article?id=...">title (or the id)</a>.
void
    dp_page_article_link (dp_page_t *pg, const char *id, const char *title);

//  A Unix time as "2026-02-09 14:03" (UTC); "-" for 0.
void
    dp_page_time (dp_page_t *pg, int64_t t);

//  One <li> of a story list: headline (its first article's title), numbers
//  of articles and outlets, first and last seen, published span, top
//  names. new_after: articles with a rowid above it are new (marked).
//  Returns 0, or -1 when the budget ran out (nothing written).
int
    dp_page_story_item (dp_page_t *pg, const char *story, int64_t new_after);

//  Column i as text, NULL for SQL NULL.
const char *
    dp_col (sqlite3_stmt *st, int i);

//  The canon keys a typed name stands for, in any spelling the database
//  has seen: those of entities whose canon or norm is name (any ASCII
//  case); failing that, those of entities written like name, accents,
//  case and punctuation aside, in the latest sentences that contain it
//  (FTS5). At most max, into out (owned: free each); returns how many.
size_t
    dp_page_canons (dp_page_t *pg, const char *name, char **out, size_t max);

//  Values bound to a statement as ?1..?n, in order (owned copies).
#define DP_PAGE_MAX_BINDS 120
typedef struct {
    char *v [DP_PAGE_MAX_BINDS];
    int n;
} dp_binds_t;

//  Appends a value (NULL binds NULL); returns its parameter number, or -1
//  when full or out of memory.
int
    dp_binds_add (dp_binds_t *self, const char *value);

//  Binds ?1..?n of st.
void
    dp_binds_apply (const dp_binds_t *self, sqlite3_stmt *st);

//  Frees the values; the struct is empty again.
void
    dp_binds_free (dp_binds_t *self);

//  The SQL of a name's latest mentions, rows (r = entity rowid, article,
//  text, type): for each canon and each of PER, LOC, ORG, or with no canon
//  for each type the norm has, the latest limit entities, read backwards
//  on the (key, type) index, so a name in every article costs no more
//  than a rare one. Values go to b. NULL when out of memory.
char *
    dp_page_mentions (dp_page_t *pg, const char *const *canons, size_t n_canons,
                      const char *norm, int limit, dp_binds_t *b);

//  Words -> an FTS5 query: each word a quoted phrase, all of them required
//  (so "cessez-le-feu" is a phrase and no FTS5 syntax gets through).
//  Returns a new string ("" when there is no word), NULL when out of memory.
char *
    dp_page_fts (const char *words);

#endif
