//  depeche sink — linking: canon names and stories, with their state kept
//  in the sink's SQLite database (tables story_window, story_alias,
//  canon_names; see db.c).
#include "sink/link.h"
#include "sink/canon.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    S_NAME,                             //  a name learned
    S_WINDOW,                           //  an article entered the window
    S_EVICT,                            //  ... left it
    S_MERGE_ARTICLES,                   //  a story label merged into another
    S_MERGE_WINDOW,
    S_ALIAS,
    S_ALIAS_CHAIN,
    S_MOVE_ARTICLE,                     //  an article a split moved
    S_MOVE_WINDOW,
    S_N
};

struct dp_link {
    dp_canon_t *canon;
    dp_story_t *story;
    dp_db_t *db;                        //  NULL: state in memory only
    sqlite3_stmt *stmt [S_N];
};

static int
s_prepare (dp_link_t *self)
{
    static const char *sql [S_N] = {
        "INSERT OR IGNORE INTO canon_names (type, skel, canon) VALUES (?,?,?)",
        "INSERT OR REPLACE INTO story_window (pos, id, story, dup_of, sig) VALUES (?,?,?,?,?)",
        "DELETE FROM story_window WHERE pos = ?",
        "UPDATE articles SET story = ?1 WHERE story = ?2",
        "UPDATE story_window SET story = ?1 WHERE story = ?2",
        "INSERT OR REPLACE INTO story_alias (old, new) VALUES (?2, ?1)",
        "UPDATE story_alias SET new = ?1 WHERE new = ?2",
        "UPDATE articles SET story = ?1 WHERE id = ?2",
        "UPDATE story_window SET story = ?1 WHERE id = ?2",
    };
    sqlite3 *db = dp_db_handle (self->db);
    for (int i = 0; i < S_N; i++)
        if (sqlite3_prepare_v2 (db, sql [i], -1, &self->stmt [i], NULL) != SQLITE_OK) {
            dp_log_error ("link: %s", sqlite3_errmsg (db));
            return -1;
        }
    return 0;
}

//  Runs a bound statement and resets it. Returns 0 or -1 (logged).
static int
s_run (dp_link_t *self, int which)
{
    sqlite3_stmt *st = self->stmt [which];
    int rc = sqlite3_step (st);
    sqlite3_reset (st);
    sqlite3_clear_bindings (st);
    if (rc != SQLITE_DONE) {
        dp_log_once_per (DP_LOG_ERROR, "link: %s", sqlite3_errmsg (dp_db_handle (self->db)));
        return -1;
    }
    return 0;
}

static uint64_t
s_parse_label (const char *s)
{
    return s && strncmp (s, "st-", 3) == 0 ? strtoull (s + 3, NULL, 16) : 0;
}

//  Reads the names learned and the window back from the database.
static int
s_restore (dp_link_t *self)
{
    sqlite3 *db = dp_db_handle (self->db);
    sqlite3_stmt *st = NULL;
    size_t names = 0, docs = 0, bad = 0;
    if (sqlite3_prepare_v2 (db, "SELECT type, skel, canon FROM canon_names", -1, &st, NULL)
        != SQLITE_OK)
        goto fail;
    while (sqlite3_step (st) == SQLITE_ROW) {
        if (dp_canon_learn (self->canon, (const char *) sqlite3_column_text (st, 0),
                            (const char *) sqlite3_column_text (st, 1),
                            (const char *) sqlite3_column_text (st, 2)))
            goto fail;
        names++;
    }
    sqlite3_finalize (st);
    //  The newest articles that fit the window, oldest first.
    if (sqlite3_prepare_v2 (db, "SELECT pos, id, story, dup_of, sig FROM (SELECT * FROM"
                            " story_window ORDER BY pos DESC LIMIT ?) ORDER BY pos",
                            -1, &st, NULL) != SQLITE_OK)
        goto fail;
    sqlite3_bind_int64 (st, 1, (sqlite3_int64) dp_story_window (self->story));
    while (sqlite3_step (st) == SQLITE_ROW) {
        int rc = dp_story_restore (self->story, (uint64_t) sqlite3_column_int64 (st, 0),
                                   (const char *) sqlite3_column_text (st, 1),
                                   s_parse_label ((const char *) sqlite3_column_text (st, 2)),
                                   (const char *) sqlite3_column_text (st, 3),
                                   sqlite3_column_blob (st, 4),
                                   (size_t) sqlite3_column_bytes (st, 4));
        if (rc < 0)
            goto fail;
        if (rc)
            bad++;
        else
            docs++;
    }
    sqlite3_finalize (st);
    if (names || docs)
        dp_log_info ("link: %zu names learned and %zu articles of the story window restored"
                     "%s", names, docs, bad ? " (some saved signatures were not valid)" : "");
    return 0;
fail:
    dp_log_error ("link: cannot read the saved state: %s", sqlite3_errmsg (db));
    sqlite3_finalize (st);
    return -1;
}

dp_link_t *
dp_link_new (const dp_link_cfg_t *cfg, dp_db_t *db)
{
    dp_link_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->db = db;
    if (!(self->canon = dp_canon_new (cfg ? cfg->variants : NULL))
    ||  !(self->story = dp_story_new (cfg ? &cfg->story : NULL))
    ||  (db && (s_prepare (self) || s_restore (self)))) {
        dp_link_destroy (&self);
        return NULL;
    }
    dp_log_info ("link: %zu spellings known, a story window of %zu articles%s",
                 dp_canon_size (self->canon), dp_story_window (self->story),
                 db ? "" : " (in memory)");
    return self;
}

void
dp_link_destroy (dp_link_t **self_p)
{
    dp_link_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    for (int i = 0; i < S_N; i++)
        sqlite3_finalize (self->stmt [i]);
    dp_canon_destroy (&self->canon);
    dp_story_destroy (&self->story);
    free (self);
    *self_p = NULL;
}

static void
s_bind (sqlite3_stmt *st, int col, const char *s)
{
    if (s)
        sqlite3_bind_text (st, col, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null (st, col);
}

//  The canon of each PER/LOC/ORG entity; new names saved.
static int
s_canon (dp_link_t *self, dp_article_t *doc)
{
    size_t tlen = doc->text ? strlen (doc->text) : 0;
    for (size_t i = 0; i < doc->n_entities; i++) {
        Dp__Entity *e = doc->entities [i];
        char slice [512];
        const char *name = e->norm && *e->norm ? e->norm : e->text;
        if (!name && doc->text && e->start < e->end && e->end <= tlen
        &&  e->end - e->start < sizeof slice) {
            memcpy (slice, doc->text + e->start, e->end - e->start);
            slice [e->end - e->start] = '\0';
            name = slice;
        }
        bool learned = false;
        const char *canon = dp_canon_resolve (self->canon, e->type, name, &learned);
        if (!canon)
            continue;
        if (dp_article_set_str (&e->canon, canon))
            return -1;
        if (learned && self->db) {
            char skel [256];
            dp_canon_skeleton (name, skel, sizeof skel);
            sqlite3_stmt *st = self->stmt [S_NAME];
            s_bind (st, 1, e->type);
            s_bind (st, 2, skel);
            s_bind (st, 3, canon);
            if (s_run (self, S_NAME))
                return -1;
        }
    }
    return 0;
}

//  Saves the window change and the merges of one article.
static int
s_save (dp_link_t *self, const dp_article_t *doc, const char *id, const dp_story_hit_t *hit)
{
    if (hit->evicted) {
        sqlite3_bind_int64 (self->stmt [S_EVICT], 1, (sqlite3_int64) hit->evicted_pos);
        if (s_run (self, S_EVICT))
            return -1;
    }
    size_t len = 0;
    void *blob = dp_story_blob (self->story, hit->pos, &len);
    if (!blob)
        return -1;
    sqlite3_stmt *st = self->stmt [S_WINDOW];
    sqlite3_bind_int64 (st, 1, (sqlite3_int64) hit->pos);
    s_bind (st, 2, id);
    s_bind (st, 3, doc->story);
    s_bind (st, 4, hit->duplicate_of);
    sqlite3_bind_blob (st, 5, blob, (int) len, free);
    if (s_run (self, S_WINDOW))
        return -1;
    for (size_t i = 0; i < hit->n_merged; i++) {
        char old [24];
        dp_story_label (hit->merged [i], old, sizeof old);
        for (int w = S_MERGE_ARTICLES; w <= S_ALIAS_CHAIN; w++) {
            s_bind (self->stmt [w], 1, doc->story);
            s_bind (self->stmt [w], 2, old);
            if (s_run (self, w))
                return -1;
        }
    }
    for (size_t i = 0; i < hit->n_moves; i++) {
        char to [24];
        dp_story_label (hit->moves [i].to, to, sizeof to);
        for (int w = S_MOVE_ARTICLE; w <= S_MOVE_WINDOW; w++) {
            s_bind (self->stmt [w], 1, to);
            s_bind (self->stmt [w], 2, hit->moves [i].id);
            if (s_run (self, w))
                return -1;
        }
    }
    //  A label a split retired leads to where most of its articles went.
    for (size_t i = 0; i < hit->n_aliases; i++) {
        char old [24], now [24];
        dp_story_label (hit->aliases [i].old, old, sizeof old);
        dp_story_label (hit->aliases [i].now, now, sizeof now);
        for (int w = S_ALIAS; w <= S_ALIAS_CHAIN; w++) {
            s_bind (self->stmt [w], 1, now);
            s_bind (self->stmt [w], 2, old);
            if (s_run (self, w))
                return -1;
        }
    }
    return 0;
}

//  Empties a list of strings of the record.
static void
s_clear (char ***list, size_t *n)
{
    for (size_t i = 0; i < *n; i++)
        free ((*list) [i]);
    free (*list);
    *list = NULL;
    *n = 0;
}

//  The merge and split records: the labels that merged into doc's story
//  when it arrived, the articles its arrival moved ("st-FROM st-TO ID");
//  none for a known id. They replace what the record carried.
static int
s_set_merged (dp_article_t *doc, const dp_story_hit_t *hit)
{
    s_clear (&doc->merged, &doc->n_merged);
    s_clear (&doc->split, &doc->n_split);
    if (hit->n_merged && !(doc->merged = calloc (hit->n_merged, sizeof *doc->merged)))
        return -1;
    for (size_t i = 0; i < hit->n_merged; i++) {
        char old [24];
        dp_story_label (hit->merged [i], old, sizeof old);
        if (!(doc->merged [i] = strdup (old)))
            return -1;
        doc->n_merged++;
    }
    if (hit->n_moves && !(doc->split = calloc (hit->n_moves, sizeof *doc->split)))
        return -1;
    for (size_t i = 0; i < hit->n_moves; i++) {
        char from [24], to [24];
        dp_story_label (hit->moves [i].from, from, sizeof from);
        dp_story_label (hit->moves [i].to, to, sizeof to);
        if (asprintf (&doc->split [i], "%s %s %s", from, to, hit->moves [i].id) < 0) {
            doc->split [i] = NULL;
            return -1;
        }
        doc->n_split++;
    }
    return 0;
}

int
dp_link_article (dp_link_t *self, dp_article_t *doc)
{
    if (doc->error)
        return 0;                       //  dead letters are not linked
    if (self->db && dp_db_begin (self->db))
        return -1;
    //  An article without an id (pushed by hand) is known by the one the
    //  database gives it (db.c).
    char anon [40];
    if (!doc->id)
        snprintf (anon, sizeof anon, "anon-%016llx", (unsigned long long)
                  dp_hash_str (doc->text ? doc->text : doc->source ? doc->source : ""));
    const char *id = doc->id ? doc->id : anon;
    dp_story_hit_t hit;
    char *given = doc->id;
    doc->id = (char *) id;
    int rc = dp_story_add (self->story, doc, &hit);
    doc->id = given;
    //  The canon keys after the story: a canon depends on the names
    //  learned from earlier articles (the order they came in), the
    //  story's evidence must not (it reads the tagger's canon).
    if (rc || s_canon (self, doc))
        return -1;
    char label [24];
    dp_story_label (hit.story, label, sizeof label);
    if (dp_article_set_str (&doc->story, label)
    ||  dp_article_set_str (&doc->duplicate_of, hit.duplicate_of)
    ||  s_set_merged (doc, &hit))
        return -1;
    if (hit.n_merged || hit.n_moves)
        dp_log_debug ("link: %s joins %zu stories into %s, moves %zu articles",
                      doc->id ? doc->id : "-", hit.n_merged + 1, label, hit.n_moves);
    return self->db && !hit.known ? s_save (self, doc, id, &hit) : 0;
}

void
dp_link_sizes (dp_link_t *self, size_t *articles, size_t *stories, size_t *names)
{
    size_t a = dp_story_size (self->story, stories);
    if (articles)
        *articles = a;
    if (names)
        *names = dp_canon_size (self->canon);
}
