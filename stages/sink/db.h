//  depeche sink — the SQLite output: articles, sentences (FTS5) and entities
//  (indexed by norm and type), written in batched transactions in WAL mode.
//  The primary key on articles.id makes every id land once, also across
//  restarts and crashes (a transaction cut by a crash leaves nothing).
#ifndef DP_DB_H_INCLUDED
#define DP_DB_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include "depeche/dp_article.h"

typedef struct dp_db dp_db_t;

//  Opens (creates) the database and its schema. full_sync: synchronous=FULL
//  (a COMMIT survives a power loss), else NORMAL (it survives a crash of
//  the process). Returns NULL with the reason logged.
dp_db_t *
    dp_db_new (const char *path, bool full_sync);

//  Commits what is pending, closes, sets *self_p to NULL.
void
    dp_db_destroy (dp_db_t **self_p);

//  Adds doc in the open transaction (begun if none). Returns 1 added, 0 the
//  id was already there (nothing added), -1 on an error (logged).
int
    dp_db_write (dp_db_t *self, const dp_article_t *doc);

//  COMMITs the open transaction, if any. Returns 0, or -1 (the transaction
//  is rolled back: the caller must not acknowledge its articles).
int
    dp_db_commit (dp_db_t *self);

//  Opens a transaction unless one is open (the sink's linking state joins
//  the batch's transaction). Returns 0 or -1.
int
    dp_db_begin (dp_db_t *self);

//  The connection, for the linking state (link.c). Borrowed.
struct sqlite3;
struct sqlite3 *
    dp_db_handle (dp_db_t *self);

//  The outlet of a URL: its host without "www.", lower case, into buf;
//  NULL when url has none.
const char *
    dp_db_outlet (const char *url, char *buf, size_t cap);

//  The schema (CREATE statements), for the tests and `depeche query`.
extern const char dp_db_schema [];

#endif
