//  depeche — the linker's memory is bounded in names: the canon keeps at
//  most its cap of learned names and forgets the half used least recently
//  (and tells which, so the database forgets them too); an article teaches
//  at most its strongest names and is flagged names-capped past them, its
//  other names still get a canon. Articles written here, no fixture.
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "depeche/dp_article.h"
#include "sink/canon.h"
#include "sink/db.h"
#include "sink/link.h"
#include "test_run.h"

static int
s_collect (void *arg, const char *type, const char *skel)
{
    char *out = arg;
    size_t n = strlen (out);
    snprintf (out + n, 512 - n, "%s:%s;", type, skel);
    return 0;
}

static const char *
s_skel (const char *name)
{
    static char buf [2][256];
    static int at;
    at = !at;
    dp_canon_skeleton (name, buf [at], sizeof buf [at]);
    return buf [at];
}

START_TEST (test_canon_forgets_least_used)
{
    dp_canon_t *c = dp_canon_new ("");
    ck_assert_ptr_nonnull (c);
    dp_canon_set_cap (c, 4);
    bool learned;
    const char *names [] = { "Jean Dupont", "Marie Durand", "Paul Martin", "Anne Petit" };
    for (int i = 0; i < 4; i++) {
        ck_assert_str_eq (dp_canon_resolve (c, "PER", names [i], &learned), names [i]);
        ck_assert (learned);
    }
    ck_assert_uint_eq (dp_canon_learned (c), 4);
    //  Two are used again; a fifth name passes the cap: the two others go.
    dp_canon_resolve (c, "PER", "Jean Dupont", NULL);
    dp_canon_resolve (c, "PER", "Anne Petit", NULL);
    ck_assert_str_eq (dp_canon_resolve (c, "PER", "Luc Moreau", &learned), "Luc Moreau");
    ck_assert (learned);
    ck_assert_uint_eq (dp_canon_learned (c), 3);
    ck_assert_str_eq (dp_canon_known (c, "PER", "J. Dupont"), "Jean Dupont");
    ck_assert_str_eq (dp_canon_known (c, "PER", "Petit Anne"), "Anne Petit");
    ck_assert_str_eq (dp_canon_known (c, "PER", "Luc Moreau"), "Luc Moreau");
    ck_assert_ptr_null (dp_canon_known (c, "PER", "Marie Durand"));
    ck_assert_ptr_null (dp_canon_known (c, "PER", "Paul Martin"));
    //  ... and the caller hears which, once.
    char told [512] = "";
    ck_assert_int_eq (dp_canon_drain (c, s_collect, told), 0);
    char want [128];
    snprintf (want, sizeof want, "PER:%s;", s_skel ("Marie Durand"));
    ck_assert_ptr_nonnull (strstr (told, want));
    snprintf (want, sizeof want, "PER:%s;", s_skel ("Paul Martin"));
    ck_assert_ptr_nonnull (strstr (told, want));
    ck_assert_ptr_null (strstr (told, s_skel ("Jean Dupont")));
    told [0] = '\0';
    ck_assert_int_eq (dp_canon_drain (c, s_collect, told), 0);
    ck_assert_str_eq (told, "");
    //  A name known learns nothing and costs nothing.
    size_t before = dp_canon_size (c);
    ck_assert_ptr_null (dp_canon_known (c, "LOC", "Tombouctou"));
    ck_assert_uint_eq (dp_canon_size (c), before);
    //  Thousands of names stay under the cap.
    char name [64];
    for (int i = 0; i < 5000; i++) {
        snprintf (name, sizeof name, "Nom%c%c%c Prenom", 'a' + i % 26, 'a' + i / 26 % 26,
                  'a' + i / 676 % 26);
        ck_assert_ptr_nonnull (dp_canon_resolve (c, "ORG", name, NULL));
        ck_assert_uint_le (dp_canon_learned (c), 4);
    }
    dp_canon_destroy (&c);
}
END_TEST

//  The table's names are never forgotten.
START_TEST (test_canon_keeps_table)
{
    char path [] = "/tmp/dp-test-bound-XXXXXX";
    int fd = mkstemp (path);
    ck_assert_int_ge (fd, 0);
    const char *rows = "Ilham Aliyev\t1\tP\tIlham Aliyev\nIlham Aliyev\t1\tP\tAliev\n";
    ck_assert_int_eq (write (fd, rows, strlen (rows)), (ssize_t) strlen (rows));
    close (fd);
    dp_canon_t *c = dp_canon_new (path);
    ck_assert_ptr_nonnull (c);
    dp_canon_set_cap (c, 2);
    char name [64];
    for (int i = 0; i < 100; i++) {
        snprintf (name, sizeof name, "Ville%c%c", 'a' + i % 26, 'a' + i / 26);
        dp_canon_resolve (c, "LOC", name, NULL);
    }
    ck_assert_str_eq (dp_canon_known (c, "PER", "Ilham Aliev"), "Ilham Aliyev");
    ck_assert_uint_le (dp_canon_learned (c), 2);
    dp_canon_destroy (&c);
    unlink (path);
}
END_TEST

//  An article of n PER names "Nom<i>" (i from 0), each named once in the
//  body; the names listed in lead[] are named again in the lead.
static dp_article_t *
s_article (const char *id, int n, const int *lead, int n_lead)
{
    size_t cap = 64 + (size_t) (n + n_lead) * 16;
    char *text = calloc (1, cap);
    size_t at = 0;
    dp_article_t *doc = dp_article_new ();
    ck_assert_ptr_nonnull (doc);
    dp_article_set_str (&doc->id, id);
    for (int k = 0; k < n_lead; k++)
        at += (size_t) snprintf (text + at, cap - at, "Nom%d. ", lead [k]);
    size_t lead_end = at;
    at += (size_t) snprintf (text + at, cap - at, "Corps. ");
    for (int i = 0; i < n; i++)
        at += (size_t) snprintf (text + at, cap - at, "Nom%d. ", i);
    dp_article_set_str (&doc->text, text);
    dp_article_add_sentence (doc, 0, (uint32_t) (lead_end ? lead_end - 1 : 0));
    dp_article_add_sentence (doc, (uint32_t) lead_end, (uint32_t) at);
    //  Entities: the lead's mentions, then the body's.
    size_t pos = 0;
    for (int k = 0; k < n_lead + n; k++) {
        int i = k < n_lead ? lead [k] : k - n_lead;
        char name [32];
        snprintf (name, sizeof name, "Nom%d", i);
        char *found = strstr (text + pos, name);
        ck_assert_ptr_nonnull (found);
        pos = (size_t) (found - text);
        ck_assert_int_eq (dp_article_add_entity (doc, (uint32_t) pos,
                                                 (uint32_t) (pos + strlen (name)), "PER",
                                                 name), 0);
        pos += strlen (name);
        if (k == n_lead - 1)
            pos = lead_end;
    }
    free (text);
    return doc;
}

START_TEST (test_teachers)
{
    //  Under the cap: all may teach.
    dp_article_t *doc = s_article ("a", 3, NULL, 0);
    bool may [64];
    ck_assert_int_eq (dp_link_teachers (doc, 3, may), 0);
    for (size_t i = 0; i < doc->n_entities; i++)
        ck_assert (may [i]);
    dp_article_destroy (&doc);
    //  Five names, cap 2: Nom3 and Nom4 named in the lead too are the
    //  strongest (2.5 against 1); the others may not teach, anywhere.
    int lead [] = { 4, 3 };
    doc = s_article ("b", 5, lead, 2);
    ck_assert_uint_eq (doc->n_entities, 7);
    ck_assert_int_eq (dp_link_teachers (doc, 2, may), 3);
    for (size_t i = 0; i < doc->n_entities; i++) {
        const char *name = doc->entities [i]->norm;
        bool strong = !strcmp (name, "Nom3") || !strcmp (name, "Nom4");
        ck_assert_msg (may [i] == strong, "%s", name);
    }
    dp_article_destroy (&doc);
    //  A tie: the names named first.
    doc = s_article ("c", 5, NULL, 0);
    ck_assert_int_eq (dp_link_teachers (doc, 2, may), 3);
    for (size_t i = 0; i < doc->n_entities; i++)
        ck_assert (may [i] == (i < 2));
    dp_article_destroy (&doc);
}
END_TEST

static size_t
s_rows (sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq (sqlite3_prepare_v2 (db, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq (sqlite3_step (st), SQLITE_ROW);
    size_t n = (size_t) sqlite3_column_int64 (st, 0);
    sqlite3_finalize (st);
    return n;
}

//  A hostile article is flagged and every entity keeps a canon; the names
//  it teaches are its strongest; in the database, the names learned are as
//  bounded as in memory, and a restart reads back no more than the cap.
START_TEST (test_link_caps_names)
{
    char path [] = "/tmp/dp-test-bound-db-XXXXXX";
    int fd = mkstemp (path);
    ck_assert_int_ge (fd, 0);
    close (fd);
    dp_db_t *db = dp_db_new (path, false);
    ck_assert_ptr_nonnull (db);
    dp_link_cfg_t cfg = { .variants = "", .names = 40, .per_article = 8 };
    dp_link_t *link = dp_link_new (&cfg, db);
    ck_assert_ptr_nonnull (link);
    int lead [] = { 30 };
    dp_article_t *doc = s_article ("hostile", 50, lead, 1);
    ck_assert_int_eq (dp_link_article (link, doc), 0);
    ck_assert_int_eq (dp_db_commit (db), 0);
    bool flagged = false;
    for (size_t i = 0; i < doc->n_flags; i++)
        flagged |= !strcmp (doc->flags [i], "names-capped");
    ck_assert (flagged);
    for (size_t i = 0; i < doc->n_entities; i++)
        ck_assert_str_eq (doc->entities [i]->canon, doc->entities [i]->norm);
    sqlite3 *h = dp_db_handle (db);
    ck_assert_uint_eq (s_rows (h, "SELECT count(*) FROM canon_names"), 8);
    ck_assert_uint_eq (s_rows (h, "SELECT count(*) FROM canon_names WHERE canon = 'Nom30'"), 1);
    dp_article_destroy (&doc);
    //  Many articles of new names each: never more than 40 learned.
    for (int a = 0; a < 30; a++) {
        char id [16];
        snprintf (id, sizeof id, "n%d", a);
        doc = s_article (id, 6, NULL, 0);
        for (size_t i = 0; i < doc->n_entities; i++) {
            char name [32];
            snprintf (name, sizeof name, "%s Art%c%c", doc->entities [i]->norm,
                      'a' + a % 26, 'a' + a / 26);
            dp_article_set_str (&doc->entities [i]->norm, name);
        }
        ck_assert_int_eq (dp_link_article (link, doc), 0);
        ck_assert_int_eq (dp_db_commit (db), 0);
        ck_assert_uint_le (s_rows (h, "SELECT count(*) FROM canon_names"), 40);
        dp_article_destroy (&doc);
    }
    size_t names;
    dp_link_sizes (link, NULL, NULL, &names);
    ck_assert_uint_le (names, 40);
    dp_link_destroy (&link);
    //  A restart with a smaller cap keeps it, and forgets in the database too.
    cfg.names = 10;
    link = dp_link_new (&cfg, db);
    ck_assert_ptr_nonnull (link);
    dp_link_sizes (link, NULL, NULL, &names);
    ck_assert_uint_le (names, 10);
    ck_assert_int_eq (dp_db_commit (db), 0);
    ck_assert_uint_le (s_rows (h, "SELECT count(*) FROM canon_names"), 10);
    dp_link_destroy (&link);
    dp_db_destroy (&db);
    unlink (path);
    char side [64];
    snprintf (side, sizeof side, "%s-wal", path);
    unlink (side);
    snprintf (side, sizeof side, "%s-shm", path);
    unlink (side);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("link_bound");
    TCase *tc = tcase_create ("bound");
    tcase_set_timeout (tc, 60);
    tcase_add_test (tc, test_canon_forgets_least_used);
    tcase_add_test (tc, test_canon_keeps_table);
    tcase_add_test (tc, test_teachers);
    tcase_add_test (tc, test_link_caps_names);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
