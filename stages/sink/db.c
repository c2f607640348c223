//  depeche sink — SQLite writer. One transaction per batch: the sink calls
//  dp_db_commit where it flushes, and acknowledges only after it. Not here:
//  queries (query.c).
#include "sink/db.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"

#include <errno.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char dp_db_schema [] =
    "CREATE TABLE IF NOT EXISTS articles ("
    "  id TEXT PRIMARY KEY NOT NULL, url TEXT, source TEXT, title TEXT,"
    "  published TEXT, lang TEXT, tags TEXT, text TEXT, error TEXT,"
    "  error_stage TEXT, written INTEGER, story TEXT, duplicate_of TEXT, outlet TEXT,"
    "  flags TEXT, sentence_offsets TEXT);"
    "CREATE INDEX IF NOT EXISTS articles_published ON articles (published);"
    "CREATE VIRTUAL TABLE IF NOT EXISTS sentences USING fts5 ("
    "  text, article UNINDEXED, idx UNINDEXED, \"start\" UNINDEXED, \"end\" UNINDEXED,"
    "  tokenize = 'unicode61 remove_diacritics 2');"
    "CREATE TABLE IF NOT EXISTS entities ("
    "  article TEXT NOT NULL, \"start\" INTEGER, \"end\" INTEGER, type TEXT,"
    "  text TEXT, norm TEXT COLLATE NOCASE, canon TEXT);"
    "CREATE INDEX IF NOT EXISTS entities_norm ON entities (norm, type);"
    "CREATE INDEX IF NOT EXISTS entities_article ON entities (article);"
    //  The sink's linking state (link.c): the story window, the names
    //  learned, and the labels that merged into others.
    "CREATE TABLE IF NOT EXISTS story_window ("
    "  pos INTEGER PRIMARY KEY, id TEXT NOT NULL, story TEXT NOT NULL, dup_of TEXT, sig BLOB);"
    "CREATE INDEX IF NOT EXISTS story_window_story ON story_window (story);"
    "CREATE TABLE IF NOT EXISTS story_alias (old TEXT PRIMARY KEY, new TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS canon_names ("
    "  type TEXT NOT NULL, skel TEXT NOT NULL, canon TEXT NOT NULL, PRIMARY KEY (type, skel));";

//  Indexes and views over columns that older databases get by ALTER TABLE.
static const char s_schema_late [] =
    "CREATE INDEX IF NOT EXISTS articles_story ON articles (story);"
    //  For readers (depeche serve): the latest stories by arrival, and a
    //  story's size, outlets, dates and timeline, from the indexes alone
    //  (an article row is about a page: reading rows is what costs).
    "CREATE INDEX IF NOT EXISTS articles_written ON articles (written, story);"
    "CREATE INDEX IF NOT EXISTS articles_story_seen ON articles"
    "  (story, written, outlet, published);"
    "CREATE INDEX IF NOT EXISTS entities_canon ON entities (canon, type)"
    "  WHERE canon IS NOT NULL;"
    "CREATE VIEW IF NOT EXISTS stories AS SELECT story AS id,"
    "  datetime (MIN (written), 'unixepoch') AS first_seen,"
    "  datetime (MAX (written), 'unixepoch') AS last_seen,"
    "  MIN (published) AS first_published, MAX (published) AS last_published,"
    "  COUNT (*) AS articles, COUNT (duplicate_of) AS copies,"
    "  COUNT (DISTINCT outlet) AS outlets, group_concat (DISTINCT outlet) AS outlet_list,"
    "  (SELECT group_concat (canon, '; ') FROM (SELECT canon FROM story_entities"
    "   WHERE story_entities.story = articles.story ORDER BY articles DESC, mentions DESC,"
    "   canon LIMIT 5)) AS top_entities"
    "  FROM articles WHERE story IS NOT NULL GROUP BY story;"
    "CREATE VIEW IF NOT EXISTS story_entities AS SELECT a.story AS story, e.canon AS canon,"
    "  e.type AS type, COUNT (*) AS mentions, COUNT (DISTINCT e.article) AS articles"
    "  FROM entities e JOIN articles a ON a.id = e.article"
    "  WHERE a.story IS NOT NULL AND e.canon IS NOT NULL GROUP BY a.story, e.canon, e.type;";

enum { S_ARTICLE, S_SENTENCE, S_ENTITY, S_N };

//  A sentence row for the FTS5 table. They are written together just
//  before the COMMIT: any statement that may abort opens a savepoint, and
//  FTS5 flushes its pending index data at every savepoint, so FTS5 rows
//  interleaved with the other rows made every entity and state row pay
//  for a flush (half of the sink's time with --db).
typedef struct {
    char *text;                         //  the sentence (owned)
    char *article;                      //  its article id (owned)
    int64_t idx, start, end;
} s_sentence_t;

struct dp_db {
    sqlite3 *db;
    sqlite3_stmt *stmt [S_N];           //  prepared inserts
    bool in_tx;                         //  a BEGIN is open
    s_sentence_t *fts;                  //  sentences waiting for the COMMIT
    size_t n_fts, cap_fts;
    char *path;
    dev_t dev;                          //  the file opened (ino 0: not a file)
    ino_t ino;
};

static int
s_exec (dp_db_t *self, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec (self->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        dp_log_error ("%s: %s", self->path, err ? err : sqlite3_errmsg (self->db));
        sqlite3_free (err);
        return -1;
    }
    return 0;
}

//  Databases made by an older sink lack the linking columns (and the
//  flags and sentence offsets a reader shows with the text): add them.
static int
s_migrate (dp_db_t *self)
{
    static const char *add [][2] = {
        { "articles", "story" }, { "articles", "duplicate_of" }, { "articles", "outlet" },
        { "entities", "canon" }, { "articles", "flags" }, { "articles", "sentence_offsets" },
    };
    for (size_t i = 0; i < sizeof add / sizeof add [0]; i++) {
        char sql [160];
        sqlite3_stmt *st = NULL;
        snprintf (sql, sizeof sql, "SELECT 1 FROM pragma_table_info ('%s') WHERE name = '%s'",
                  add [i][0], add [i][1]);
        if (sqlite3_prepare_v2 (self->db, sql, -1, &st, NULL) != SQLITE_OK) {
            dp_log_error ("%s: %s", self->path, sqlite3_errmsg (self->db));
            return -1;
        }
        bool has = sqlite3_step (st) == SQLITE_ROW;
        sqlite3_finalize (st);
        if (has)
            continue;
        snprintf (sql, sizeof sql, "ALTER TABLE %s ADD COLUMN %s TEXT", add [i][0], add [i][1]);
        if (s_exec (self, sql))
            return -1;
        dp_log_info ("%s: added column %s.%s", self->path, add [i][0], add [i][1]);
    }
    return 0;
}

dp_db_t *
dp_db_new (const char *path, bool full_sync)
{
    dp_db_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->path = strdup (path);
    if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
        != SQLITE_OK) {
        dp_log_error ("%s: %s", path, self->db ? sqlite3_errmsg (self->db) : "cannot open");
        goto fail;
    }
    //  A reader (depeche query) may hold the database a moment.
    sqlite3_busy_timeout (self->db, 5000);
    //  A page cache that holds the indexes' working set (the default 2 MB
    //  made each batch read back pages it had just written: -5% time), and
    //  a checkpoint per 64 MB of WAL rather than per 4 MB (each one waits
    //  for an fsync of the database: 40% of the sink's wall time).
    if (s_exec (self, "PRAGMA journal_mode = WAL")
    ||  s_exec (self, "PRAGMA cache_size = -65536")
    ||  s_exec (self, "PRAGMA wal_autocheckpoint = 16384")
    ||  s_exec (self, full_sync ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
    ||  s_exec (self, dp_db_schema)
    ||  s_migrate (self)
    ||  s_exec (self, s_schema_late))
        goto fail;
    static const char *sql [S_N] = {
        ("INSERT OR IGNORE INTO articles (id, url, source, title, published, lang, tags,"
         " text, error, error_stage, written, story, duplicate_of, outlet, flags,"
         " sentence_offsets)"
         " VALUES (?,?,?,?,?,?,?,?,?,?,strftime('%s','now'),?,?,?,?,?)"),
        "INSERT INTO sentences (text, article, idx, \"start\", \"end\") VALUES (?,?,?,?,?)",
        ("INSERT INTO entities (article, \"start\", \"end\", type, text, norm, canon)"
         " VALUES (?,?,?,?,?,?,?)"),
    };
    for (int i = 0; i < S_N; i++)
        if (sqlite3_prepare_v2 (self->db, sql [i], -1, &self->stmt [i], NULL) != SQLITE_OK) {
            dp_log_error ("%s: %s", path, sqlite3_errmsg (self->db));
            goto fail;
        }
    //  The file as it is now, for s_gone; gone already: removed while it
    //  was being opened (the same fault, sooner).
    struct stat st;
    bool memory = !*path || strcmp (path, ":memory:") == 0 || strncmp (path, "file:", 5) == 0;
    if (!memory && stat (path, &st) != 0) {
        dp_log_error ("%s: %s; removed while the sink opened it?", path, strerror (errno));
        goto fail;
    }
    if (!memory && S_ISREG (st.st_mode)) {
        self->dev = st.st_dev;
        self->ino = st.st_ino;
    }
    return self;
fail:
    dp_db_destroy (&self);
    return NULL;
}

static void
    s_fts_clear (dp_db_t *self);

void
dp_db_destroy (dp_db_t **self_p)
{
    dp_db_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    if (self->db)
        dp_db_commit (self);
    for (int i = 0; i < S_N; i++)
        sqlite3_finalize (self->stmt [i]);
    s_fts_clear (self);
    free (self->fts);
    sqlite3_close (self->db);
    free (self->path);
    free (self);
    *self_p = NULL;
}

static void
s_text (sqlite3_stmt *stmt, int col, const char *s)
{
    if (s)
        sqlite3_bind_text (stmt, col, s, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null (stmt, col);
}

//  Runs a bound insert and resets it. Returns 0 or -1 (logged).
static int
s_step (dp_db_t *self, sqlite3_stmt *stmt)
{
    int rc = sqlite3_step (stmt);
    sqlite3_reset (stmt);
    sqlite3_clear_bindings (stmt);
    if (rc != SQLITE_DONE) {
        dp_log_once_per (DP_LOG_ERROR, "%s: %s", self->path, sqlite3_errmsg (self->db));
        return -1;
    }
    return 0;
}

static int
s_write (dp_db_t *self, const dp_article_t *doc);

//  A failed article must not be half-committed later: roll back the batch
//  (none of it was acknowledged; fetch resends it).
static void
s_fts_clear (dp_db_t *self)
{
    for (size_t i = 0; i < self->n_fts; i++) {
        free (self->fts [i].text);
        free (self->fts [i].article);
    }
    self->n_fts = 0;
}

static int
s_fts_push (dp_db_t *self, const char *text, size_t len, const char *article,
            int64_t idx, int64_t start, int64_t end)
{
    if (self->n_fts == self->cap_fts) {
        size_t ncap = self->cap_fts ? self->cap_fts * 2 : 1024;
        s_sentence_t *nv = realloc (self->fts, ncap * sizeof *nv);
        if (!nv)
            return -1;
        self->fts = nv;
        self->cap_fts = ncap;
    }
    s_sentence_t *row = &self->fts [self->n_fts];
    row->text = strndup (text, len);
    row->article = strdup (article);
    if (!row->text || !row->article) {
        free (row->text);
        free (row->article);
        return -1;
    }
    row->idx = idx;
    row->start = start;
    row->end = end;
    self->n_fts++;
    return 0;
}

//  Writes the sentences waiting for the COMMIT. Returns 0 or -1 (logged).
static int
s_fts_write (dp_db_t *self)
{
    sqlite3_stmt *s = self->stmt [S_SENTENCE];
    for (size_t i = 0; i < self->n_fts; i++) {
        const s_sentence_t *row = &self->fts [i];
        sqlite3_bind_text (s, 1, row->text, -1, SQLITE_STATIC);
        sqlite3_bind_text (s, 2, row->article, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (s, 3, row->idx);
        sqlite3_bind_int64 (s, 4, row->start);
        sqlite3_bind_int64 (s, 5, row->end);
        if (s_step (self, s))
            return -1;
    }
    s_fts_clear (self);
    return 0;
}

int
dp_db_write (dp_db_t *self, const dp_article_t *doc)
{
    int rc = s_write (self, doc);
    if (rc < 0 && self->in_tx) {
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
        self->in_tx = false;
        s_fts_clear (self);
    }
    return rc;
}

int
dp_db_begin (dp_db_t *self)
{
    if (!self->in_tx) {
        if (s_exec (self, "BEGIN"))
            return -1;
        self->in_tx = true;
    }
    return 0;
}

sqlite3 *
dp_db_handle (dp_db_t *self)
{
    return self->db;
}

const char *
dp_db_outlet (const char *url, char *buf, size_t cap)
{
    const char *p = url ? strstr (url, "://") : NULL;
    if (!p)
        return NULL;
    p += 3;
    if (strncmp (p, "www.", 4) == 0)
        p += 4;
    size_t n = strcspn (p, "/:?#");
    if (!n || n >= cap)
        return NULL;
    for (size_t i = 0; i < n; i++)
        buf [i] = (char) (p [i] >= 'A' && p [i] <= 'Z' ? p [i] + 32 : p [i]);
    buf [n] = '\0';
    return buf;
}

//  strings as a compact JSON array, or NULL when there are none.
static char *
s_json_strings (char **v, size_t n)
{
    if (!n)
        return NULL;
    json_t *arr = json_array ();
    for (size_t i = 0; i < n; i++)
        json_array_append_new (arr, json_string (v [i]));
    char *out = json_dumps (arr, JSON_COMPACT);
    json_decref (arr);
    return out;
}

//  The sentence spans as "[[start,end],...]" (index i is the FTS5 row's
//  idx), so a reader can show the sentences of one article without
//  scanning the FTS5 table, whose article column has no index. NULL when
//  there are none (or out of memory: the column is only a view aid).
static char *
s_offsets (const dp_article_t *doc)
{
    if (!doc->n_sentences)
        return NULL;
    size_t cap = doc->n_sentences * 24 + 3, len = 0;
    char *out = malloc (cap);
    if (!out)
        return NULL;
    out [len++] = '[';
    for (size_t i = 0; i < doc->n_sentences; i++)
        len += (size_t) snprintf (out + len, cap - len, "%s[%u,%u]", i ? "," : "",
                                  (unsigned) doc->sentences [i]->start,
                                  (unsigned) doc->sentences [i]->end);
    out [len++] = ']';
    out [len] = '\0';
    return out;
}

static int
s_write (dp_db_t *self, const dp_article_t *doc)
{
    if (dp_db_begin (self))
        return -1;
    //  An article without an id (pushed by hand) gets one from its content.
    char anon [40];
    const char *id = doc->id;
    if (!id) {
        snprintf (anon, sizeof anon, "anon-%016llx", (unsigned long long)
                  dp_hash_str (doc->text ? doc->text : doc->source ? doc->source : ""));
        id = anon;
    }
    char *tags = s_json_strings (doc->tags, doc->n_tags);
    char *flags = s_json_strings (doc->flags, doc->n_flags);
    char *offsets = s_offsets (doc);
    sqlite3_stmt *a = self->stmt [S_ARTICLE];
    s_text (a, 1, id);
    s_text (a, 2, doc->url);
    s_text (a, 3, doc->source);
    s_text (a, 4, doc->title);
    s_text (a, 5, doc->published);
    s_text (a, 6, doc->lang);
    s_text (a, 7, tags);
    s_text (a, 8, doc->text);
    s_text (a, 9, doc->error);
    s_text (a, 10, doc->error_stage);
    s_text (a, 11, doc->story);
    s_text (a, 12, doc->duplicate_of);
    char outlet [256];
    s_text (a, 13, dp_db_outlet (doc->url, outlet, sizeof outlet));
    s_text (a, 14, flags);
    s_text (a, 15, offsets);
    int rc = s_step (self, a);
    free (tags);
    free (flags);
    free (offsets);
    if (rc)
        return -1;
    if (sqlite3_changes (self->db) == 0)
        return 0;                       //  already in: exactly once
    size_t tlen = doc->text ? strlen (doc->text) : 0;
    for (size_t i = 0; i < doc->n_sentences; i++) {
        const Dp__Span *sp = doc->sentences [i];
        if (sp->end > tlen || sp->start >= sp->end)
            continue;
        if (s_fts_push (self, doc->text + sp->start, sp->end - sp->start, id,
                        (int64_t) i, sp->start, sp->end))
            return -1;
    }
    sqlite3_stmt *e = self->stmt [S_ENTITY];
    for (size_t i = 0; i < doc->n_entities; i++) {
        const Dp__Entity *en = doc->entities [i];
        sqlite3_bind_text (e, 1, id, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (e, 2, en->start);
        sqlite3_bind_int64 (e, 3, en->end);
        s_text (e, 4, en->type);
        if (en->text)
            s_text (e, 5, en->text);
        else
        if (en->end <= tlen && en->start < en->end)
            sqlite3_bind_text (e, 5, doc->text + en->start, (int) (en->end - en->start),
                               SQLITE_STATIC);
        //  norm is what queries look up: the text when the tagger gave none.
        if (en->norm && *en->norm)
            s_text (e, 6, en->norm);
        else
        if (en->text)
            s_text (e, 6, en->text);
        else
        if (en->end <= tlen && en->start < en->end)
            sqlite3_bind_text (e, 6, doc->text + en->start, (int) (en->end - en->start),
                               SQLITE_STATIC);
        s_text (e, 7, en->canon);
        if (s_step (self, e))
            return -1;
    }
    return 1;
}

//  The database file was removed (its folder too) or replaced under the
//  sink: SQLite goes on writing into the file it has open, which is gone
//  once the sink exits, and every batch committed there was acknowledged
//  and lost (5 000 of 5 000 with its folder removed a second into a run).
static bool
s_gone (dp_db_t *self)
{
    struct stat st;
    if (!self->ino || (stat (self->path, &st) == 0 && st.st_dev == self->dev
                       && st.st_ino == self->ino))
        return false;
    dp_log_once_per (DP_LOG_ERROR, "%s: the database file was removed or replaced while "
                     "the sink wrote it; nothing more is acknowledged", self->path);
    return true;
}

int
dp_db_commit (dp_db_t *self)
{
    if (!self->in_tx)
        return 0;
    self->in_tx = false;
    if (s_gone (self) || s_fts_write (self) || s_exec (self, "COMMIT")) {
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
        s_fts_clear (self);
        return -1;
    }
    return 0;
}
