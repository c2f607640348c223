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
    S_FORGET,                           //  a name learned, forgotten
    S_N
};

struct dp_link {
    dp_canon_t *canon;
    dp_story_t *story;
    dp_db_t *db;                        //  NULL: state in memory only
    size_t per_article;                 //  names one article may teach
    uint64_t capped;                    //  articles that had more
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
        "DELETE FROM canon_names WHERE type = ? AND skel = ?",
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

static int
s_forget_one (void *arg, const char *type, const char *skel)
{
    dp_link_t *self = arg;
    sqlite3_stmt *st = self->stmt [S_FORGET];
    sqlite3_bind_text (st, 1, type, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (st, 2, skel, -1, SQLITE_TRANSIENT);
    return s_run (self, S_FORGET);
}

//  The names the canon forgot leave the database too (else it would grow
//  without end, and a restart would read them back).
static int
s_forget (dp_link_t *self)
{
    return dp_canon_drain (self->canon, self->db ? s_forget_one : NULL, self);
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
    st = NULL;
    if (s_forget (self))
        goto fail;
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
    self->per_article = cfg && cfg->per_article ? cfg->per_article : DP_LINK_PER_ARTICLE;
    if ((self->canon = dp_canon_new (cfg ? cfg->variants : NULL)) && cfg && cfg->names)
        dp_canon_set_cap (self->canon, cfg->names);
    if (!self->canon
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
    if (self->capped)
        dp_log_info ("link: %llu articles named more than %zu names; only their strongest "
                     "were learned (flagged names-capped)",
                     (unsigned long long) self->capped, self->per_article);
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

//  The name of entity e as the canon reads it (its norm, its text, else
//  its span of the text, copied into slice).
static const char *
s_name (const dp_article_t *doc, size_t tlen, const Dp__Entity *e, char *slice, size_t cap)
{
    const char *name = e->norm && *e->norm ? e->norm : e->text;
    if (!name && doc->text && e->start < e->end && e->end <= tlen && e->end - e->start < cap) {
        memcpy (slice, doc->text + e->start, e->end - e->start);
        slice [e->end - e->start] = '\0';
        name = slice;
    }
    return name;
}

//  A type the canon links: PER, LOC, ORG.
static bool
s_linked (const char *type)
{
    return type && (!strcmp (type, "PER") || !strcmp (type, "LOC") || !strcmp (type, "ORG"));
}

typedef struct {
    const char *type, *name;
    size_t at;                          //  entity index
    double weight;                      //  of its name (the first of a run)
} s_named_t;

static int
s_by_name (const void *a, const void *b)
{
    const s_named_t *x = a, *y = b;
    int c = strcmp (x->type, y->type);
    if (!c)
        c = strcmp (x->name, y->name);
    return c ? c : x->at < y->at ? -1 : x->at > y->at;
}

static int
s_by_weight (const void *a, const void *b)
{
    const s_named_t *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

//  Which entities may teach the canon a new name: all of them when the
//  article names at most `cap` names (type and spelling); else those of its
//  `cap` strongest, weighed as the story's evidence weighs a word: 1.5 a
//  mention in the lead (its first two sentences), 1 elsewhere, summed (a
//  tie: the name named first). Sets may[i]; returns the names past the cap
//  (0: all may), or -1 when out of memory.
long
dp_link_teachers (const dp_article_t *doc, size_t cap, bool *may)
{
    size_t n = 0, spans = 0, tlen = doc->text ? strlen (doc->text) : 0;
    for (size_t i = 0; i < doc->n_entities; i++) {
        const Dp__Entity *e = doc->entities [i];
        may [i] = true;
        if (s_linked (e->type)) {
            n++;
            spans += !(e->norm && *e->norm) && !e->text;
        }
    }
    if (n <= cap)
        return 0;                       //  at most cap mentions, so at most cap names
    //  A name only as a span of the text is read from a copy (longer than
    //  S_SPAN: it teaches nothing).
    enum { S_SPAN = 64 };
    s_named_t *v = malloc (n * sizeof *v);
    char (*slice) [S_SPAN] = spans ? malloc (spans * sizeof *slice) : NULL;
    if (!v || (spans && !slice)) {
        free (v);
        free (slice);
        return -1;
    }
    size_t lead = doc->n_sentences ? doc->sentences [doc->n_sentences > 1 ? 1 : 0]->end : 0;
    size_t k = 0;
    n = spans = 0;
    for (size_t i = 0; i < doc->n_entities; i++) {
        const Dp__Entity *e = doc->entities [i];
        if (!s_linked (e->type))
            continue;
        bool span = !(e->norm && *e->norm) && !e->text;
        const char *name = s_name (doc, tlen, e, span ? slice [spans] : NULL, span ? S_SPAN : 0);
        spans += span;
        if (name)
            v [n++] = (s_named_t) { e->type, name, i, e->start < lead ? 1.5 : 1.0 };
        else
            may [i] = false;
    }
    //  Runs of one name: the weight summed into the first (the earliest
    //  mention: the sort's last key).
    qsort (v, n, sizeof *v, s_by_name);
    for (size_t i = 0; i < n; ) {
        size_t j = i + 1;
        while (j < n && !strcmp (v [j].type, v [i].type) && !strcmp (v [j].name, v [i].name))
            v [i].weight += v [j++].weight;
        v [k++] = v [i];
        i = j;
    }
    long past = 0;
    if (k > cap) {
        qsort (v, k, sizeof *v, s_by_weight);
        //  Every mention of a name past the cap may not teach: those
        //  names sorted, each mention's looked up.
        qsort (v + cap, k - cap, sizeof *v, s_by_name);
        spans = 0;
        for (size_t i = 0; i < doc->n_entities; i++) {
            const Dp__Entity *e = doc->entities [i];
            if (!s_linked (e->type))
                continue;
            bool span = !(e->norm && *e->norm) && !e->text;
            const char *name = s_name (doc, tlen, e, span ? slice [spans] : NULL,
                                       span ? S_SPAN : 0);
            spans += span;
            if (!name)
                continue;
            size_t lo = cap, hi = k;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                int c = strcmp (v [mid].type, e->type);
                if (!c)
                    c = strcmp (v [mid].name, name);
                if (c < 0)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < k && !strcmp (v [lo].type, e->type) && !strcmp (v [lo].name, name))
                may [i] = false;
        }
        past = (long) (k - cap);
    }
    free (v);
    free (slice);
    return past;
}

//  The canon of each PER/LOC/ORG entity; new names saved (an article
//  teaches at most per_article of them).
static int
s_canon (dp_link_t *self, dp_article_t *doc)
{
    size_t tlen = doc->text ? strlen (doc->text) : 0;
    //  At most per_article mentions name at most that many names: every
    //  entity may teach (may NULL), and nothing is allocated or sorted.
    bool *may = NULL;
    long past = 0;
    if (doc->n_entities > self->per_article) {
        may = malloc (doc->n_entities * sizeof *may);
        past = may ? dp_link_teachers (doc, self->per_article, may) : -1;
        if (past < 0) {
            free (may);
            return -1;
        }
    }
    if (past) {
        self->capped++;
        dp_log_once_per (DP_LOG_WARN, "link: %s names %ld names more than the %zu an article "
                         "may teach; its strongest were learned (flagged names-capped)",
                         doc->id ? doc->id : "(no id)", past, self->per_article);
        if (dp_article_add_flag (doc, "names-capped")) {
            free (may);
            return -1;
        }
    }
    for (size_t i = 0; i < doc->n_entities; i++) {
        Dp__Entity *e = doc->entities [i];
        char slice [512];
        const char *name = s_name (doc, tlen, e, slice, sizeof slice);
        bool learned = false;
        bool teach = !may || may [i];
        const char *canon = teach ? dp_canon_resolve (self->canon, e->type, name, &learned)
                                  : dp_canon_known (self->canon, e->type, name);
        if (!canon && !teach && name && *name && s_linked (e->type))
            canon = name;               //  a new name, not learned: its own spelling
        if (!canon)
            continue;
        if (dp_article_set_str (&e->canon, canon)) {
            free (may);
            return -1;
        }
        if (learned && self->db) {
            char skel [256];
            dp_canon_skeleton (name, skel, sizeof skel);
            sqlite3_stmt *st = self->stmt [S_NAME];
            s_bind (st, 1, e->type);
            s_bind (st, 2, skel);
            s_bind (st, 3, canon);
            if (s_run (self, S_NAME) || s_forget (self)) {
                free (may);
                return -1;
            }
        }
        else
        if (learned)
            dp_canon_drain (self->canon, NULL, NULL);
    }
    free (may);
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

uint64_t
dp_link_evictions (dp_link_t *self)
{
    return dp_canon_evictions (self->canon);
}
