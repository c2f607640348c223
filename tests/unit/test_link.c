//  depeche — linking across articles: canon keys (variant
//  table, learned names, initials, hard negatives), story clustering
//  (copies, rewrites, merges, the window bound, a restart) and the stream
//  case (any arrival order, the same stories), on fixtures written for
//  the project: tests/fixtures/canon_pairs.tsv, tests/fixtures/stories/.
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "depeche/dp_article.h"
#include "depeche/dp_common.h"
#include "sink/canon.h"
#include "sink/link.h"
#include "sink/query.h"
#include "sink/sink.h"
#include "sink/story.h"
#include "split/split.h"
#include "tag/tag.h"
#include "test_run.h"

static char *
s_skel (const char *name)
{
    static char buf [4][256];
    static int at = 0;
    at = (at + 1) % 4;
    dp_canon_skeleton (name, buf [at], sizeof buf [at]);
    return buf [at];
}

//  A variant table of the test's own in a temporary file.
static char *
s_table (const char *rows)
{
    char *path = strdup ("/tmp/dp-test-variants-XXXXXX");
    int fd = mkstemp (path);
    ck_assert_int_ge (fd, 0);
    ck_assert_int_eq (write (fd, rows, strlen (rows)), (ssize_t) strlen (rows));
    close (fd);
    return path;
}

START_TEST (test_canon_table)
{
    char *path = s_table ("# key\tid\ttype\tvariant\n"
                          "Ilham Aliyev\t1\tP\tIlham Aliyev\n"
                          "Ilham Aliyev\t1\tP\tAliyev\n"
                          "Heydar Aliyev\t2\tP\tHeydar Aliyev\n"
                          "Haut-Karabakh\t3\tL\tHaut-Karabakh\n"
                          "Haut-Karabakh\t3\tL\tNagorno-Karabakh\n"
                          "Haut-Karabakh\t3\tL\tArtsakh\n"
                          "Géorgie\t4\tL\tGéorgie\n"
                          "Géorgie\t4\tL\tGeorgia\n"
                          "Organisation des Nations unies\t5\tO\tONU\n"
                          "Organisation des Nations unies\t5\tO\tUN\n");
    dp_canon_t *c = dp_canon_new (path);
    ck_assert_ptr_nonnull (c);
    bool learned;
    ck_assert_str_eq (dp_canon_resolve (c, "PER", "Ilham Aliev", &learned), "Ilham Aliyev");
    ck_assert (!learned);
    ck_assert_str_eq (dp_canon_resolve (c, "PER", "Aliev", NULL), "Ilham Aliyev");
    ck_assert_str_eq (dp_canon_resolve (c, "PER", "Aliyev Ilham", NULL), "Ilham Aliyev");
    //  Initials pick the one person they fit.
    ck_assert_str_eq (dp_canon_resolve (c, "PER", "I. Aliyev", NULL), "Ilham Aliyev");
    ck_assert_str_eq (dp_canon_resolve (c, "PER", "H. Aliev", NULL), "Heydar Aliyev");
    ck_assert_str_eq (dp_canon_resolve (c, "LOC", "Nagorno Karabagh", NULL), "Haut-Karabakh");
    ck_assert_str_eq (dp_canon_resolve (c, "LOC", "l'Artsakh", NULL), "Haut-Karabakh");
    ck_assert_str_eq (dp_canon_resolve (c, "ORG", "UN", NULL), "Organisation des Nations unies");
    //  Within one type only: a person called Georgia is not the country.
    ck_assert_str_eq (dp_canon_resolve (c, "PER", "Georgia", &learned), "Georgia");
    ck_assert (learned);
    ck_assert_str_eq (dp_canon_resolve (c, "LOC", "Georgia", NULL), "Géorgie");
    //  Types without canon; no name.
    ck_assert_ptr_null (dp_canon_resolve (c, "DATE", "9 septembre", NULL));
    ck_assert_ptr_null (dp_canon_resolve (c, "PER", "", NULL));
    ck_assert_ptr_null (dp_canon_resolve (c, "PER", NULL, NULL));
    dp_canon_destroy (&c);
    ck_assert_ptr_null (c);
    unlink (path);
    free (path);
    //  A bad table is an error at start, not a silent empty one.
    path = s_table ("Ilham Aliyev\t1\tX\tAliyev\n");
    ck_assert_ptr_null (dp_canon_new (path));
    unlink (path);
    free (path);
    path = s_table ("just one column\n");
    ck_assert_ptr_null (dp_canon_new (path));
    unlink (path);
    free (path);
    ck_assert_ptr_null (dp_canon_new ("/nonexistent/variants.tsv"));
}
END_TEST

START_TEST (test_canon_learned)
{
    dp_canon_t *c = dp_canon_new ("");
    ck_assert_ptr_nonnull (c);
    bool learned;
    //  The first spelling opens the name; later spellings join it.
    ck_assert_str_eq (dp_canon_resolve (c, "PER", "Sergueï Lavrov", &learned), "Sergueï Lavrov");
    ck_assert (learned);
    ck_assert_str_eq (dp_canon_resolve (c, "PER", "Sergei Lavrov", NULL), "Sergueï Lavrov");
    ck_assert_str_eq (dp_canon_resolve (c, "PER", "Lavrov", NULL), "Sergueï Lavrov");
    ck_assert_str_eq (dp_canon_resolve (c, "PER", "S. Lavrov", NULL), "Sergueï Lavrov");
    //  Vowels apart, same consonants: one name (edit distance).
    ck_assert_str_eq (dp_canon_resolve (c, "PER", "Mohamed Salah", NULL), "Mohamed Salah");
    ck_assert_str_eq (dp_canon_resolve (c, "PER", "Muhammad Salah", NULL), "Mohamed Salah");
    //  Two people share a surname: the surname alone stays apart.
    dp_canon_resolve (c, "PER", "Jean Dupont", NULL);
    dp_canon_resolve (c, "PER", "Marie Dupont", NULL);
    ck_assert_str_eq (dp_canon_resolve (c, "PER", "Marie Dupont", NULL), "Marie Dupont");
    ck_assert_str_eq (dp_canon_resolve (c, "PER", "Dupont", NULL), "Dupont");
    ck_assert_str_eq (dp_canon_resolve (c, "PER", "J. Dupont", NULL), "Jean Dupont");
    //  Short names need an exact match.
    dp_canon_resolve (c, "LOC", "Iran", NULL);
    ck_assert_str_eq (dp_canon_resolve (c, "LOC", "Irak", NULL), "Irak");
    dp_canon_resolve (c, "LOC", "Austria", NULL);
    ck_assert_str_eq (dp_canon_resolve (c, "LOC", "Australia", NULL), "Australia");
    //  What is learned can be put back (a restart).
    dp_canon_t *again = dp_canon_new ("");
    ck_assert_int_eq (dp_canon_learn (again, "PER", s_skel ("Sergueï Lavrov"), "Sergueï Lavrov"), 0);
    ck_assert_str_eq (dp_canon_resolve (again, "PER", "Sergej Lawrow", NULL), "Sergueï Lavrov");
    dp_canon_destroy (&again);
    dp_canon_destroy (&c);
}
END_TEST

//  tests/fixtures/canon_pairs.tsv: type, a, b, same|diff. Each pair is
//  resolved with the bundled table by a fresh resolver, a first. Every
//  hard negative must stay apart; nearly all positives must meet.
START_TEST (test_canon_pairs)
{
    FILE *f = fopen ("tests/fixtures/canon_pairs.tsv", "r");
    ck_assert_ptr_nonnull (f);
    char line [1024];
    int same = 0, same_ok = 0, diff = 0, diff_ok = 0;
    while (fgets (line, sizeof line, f)) {
        if (line [0] == '#' || line [0] == '\n')
            continue;
        char *type = strtok (line, "\t"), *a = strtok (NULL, "\t"), *b = strtok (NULL, "\t");
        char *want = strtok (NULL, "\t\n");
        ck_assert_msg (type && a && b && want, "bad line in canon_pairs.tsv");
        dp_canon_t *c = dp_canon_new (NULL);
        ck_assert_ptr_nonnull (c);
        const char *ca = dp_canon_resolve (c, type, a, NULL);
        const char *cb = dp_canon_resolve (c, type, b, NULL);
        bool met = ca && cb && strcmp (ca, cb) == 0;
        if (strcmp (want, "same") == 0) {
            same++;
            same_ok += met;
            if (!met)
                fprintf (stderr, "canon pairs: %s \"%s\" [%s] and \"%s\" [%s] stay apart\n",
                         type, a, s_skel (a), b, s_skel (b));
        }
        else {
            diff++;
            diff_ok += !met;
            if (met)
                fprintf (stderr, "canon pairs: %s \"%s\" and \"%s\" wrongly meet as %s\n",
                         type, a, b, ca);
        }
        dp_canon_destroy (&c);
    }
    fclose (f);
    fprintf (stderr, "canon pairs: same %d/%d, different %d/%d\n", same_ok, same, diff_ok, diff);
    ck_assert_int_ge (same, 50);
    ck_assert_int_ge (diff, 20);
    ck_assert_int_eq (diff_ok, diff);
    ck_assert_int_ge (same_ok * 100, same * 90);
}
END_TEST

//  --------------------------------------------------------------------------
//  Stories on synthetic articles.

static const char *s_call [] = {
    "Le président azerbaïdjanais Ilham Aliyev s'est entretenu lundi au téléphone avec le premier ministre arménien Nikol Pachinian.",
    "Les deux dirigeants ont évoqué la délimitation de la frontière et le sort des prisonniers détenus depuis la guerre.",
    "Selon la présidence à Bakou, la conversation a duré près d'une heure et s'est déroulée dans un climat constructif.",
    "Erevan a confirmé l'appel dans un communiqué publié en fin de soirée, sans donner davantage de précisions.",
    "Les négociations de paix entre les deux pays voisins piétinent depuis plusieurs mois malgré la médiation européenne.",
    "Un nouveau cycle de discussions entre les ministres des affaires étrangères pourrait se tenir à Genève le mois prochain.",
};

static const char *s_quake [] = {
    "Un séisme de magnitude 6,1 a frappé mardi matin le sud du Pérou, près de la ville d'Arequipa.",
    "Les secours ont dégagé plusieurs familles des décombres de maisons en adobe effondrées dans les villages andins.",
    "L'institut géophysique national a enregistré une dizaine de répliques dans les heures qui ont suivi la secousse.",
    "Les écoles de la région resteront fermées jusqu'à la fin de la semaine, a annoncé le gouverneur.",
    "Les routes de montagne sont coupées par des éboulements, compliquant l'acheminement de l'aide d'urgence.",
};

static dp_article_t *
s_doc (const char *id, const char *date, const char **sent, size_t n, const char *extra)
{
    dp_article_t *d = dp_article_new ();
    char text [4096] = "";
    for (size_t i = 0; i < n; i++) {
        strcat (text, sent [i]);
        strcat (text, " ");
    }
    if (extra)
        strcat (text, extra);
    dp_article_set_str (&d->id, id);
    dp_article_set_str (&d->published, date);
    dp_article_set_str (&d->text, text);
    return d;
}

static void
s_ent (dp_article_t *d, const char *type, const char *canon)
{
    dp_article_add_entity (d, 0, 1, type, canon);
    dp_article_set_str (&d->entities [d->n_entities - 1]->canon, canon);
}

START_TEST (test_story_copies_and_events)
{
    dp_story_t *s = dp_story_new (NULL);
    ck_assert_ptr_nonnull (s);
    dp_story_hit_t h1, h2, h3, h4;
    dp_article_t *a = s_doc ("a", "2023-09-18", s_call, 6, NULL);
    s_ent (a, "PER", "Ilham Aliyev");
    s_ent (a, "PER", "Nikol Pachinian");
    ck_assert_int_eq (dp_story_add (s, a, &h1), 0);
    ck_assert_ptr_null (h1.duplicate_of);
    //  The same dispatch, one sentence dropped and one added: a copy.
    const char *edited [] = { s_call [0], s_call [1], s_call [2], s_call [3], s_call [5] };
    dp_article_t *b = s_doc ("b", "2023-09-18", edited, 5, "Le Kremlin n'a pas réagi.");
    ck_assert_int_eq (dp_story_add (s, b, &h2), 0);
    ck_assert_str_eq (h2.duplicate_of, "a");
    ck_assert_uint_eq (h2.story, h1.story);
    //  Another event: its own story.
    dp_article_t *c = s_doc ("c", "2023-09-19", s_quake, 5, NULL);
    s_ent (c, "LOC", "Pérou");
    ck_assert_int_eq (dp_story_add (s, c, &h3), 0);
    ck_assert_uint_ne (h3.story, h1.story);
    ck_assert_ptr_null (h3.duplicate_of);
    //  A resend of a known id changes nothing.
    ck_assert_int_eq (dp_story_add (s, b, &h4), 0);
    ck_assert (h4.known);
    ck_assert_uint_eq (h4.story, h1.story);
    //  Out of the date range: not the same story, even word for word.
    dp_article_t *late = s_doc ("late", "2023-10-30", s_call, 6, NULL);
    ck_assert_int_eq (dp_story_add (s, late, &h4), 0);
    ck_assert_uint_ne (h4.story, h1.story);
    size_t stories;
    ck_assert_uint_eq (dp_story_size (s, &stories), 4);
    ck_assert_uint_eq (stories, 3);
    //  Signatures survive a restart: a copy arriving after it still joins.
    dp_story_t *again = dp_story_new (NULL);
    size_t len;
    void *blob = dp_story_blob (s, h1.pos, &len);
    ck_assert_ptr_nonnull (blob);
    ck_assert_int_eq (dp_story_restore (again, h1.pos, "a", h1.story, NULL, blob, len), 0);
    ck_assert_int_eq (dp_story_restore (again, h1.pos + 1, "x", 7, NULL, blob, len - 1), 1);
    free (blob);
    dp_article_t *b2 = s_doc ("b2", "2023-09-18", edited, 5, NULL);
    ck_assert_int_eq (dp_story_add (again, b2, &h4), 0);
    ck_assert_uint_eq (h4.story, h1.story);
    ck_assert_str_eq (h4.duplicate_of, "a");
    dp_story_destroy (&again);
    dp_article_destroy (&a);
    dp_article_destroy (&b);
    dp_article_destroy (&b2);
    dp_article_destroy (&c);
    dp_article_destroy (&late);
    dp_story_destroy (&s);
}
END_TEST

START_TEST (test_story_merge_and_window)
{
    //  x and z are two halves of one dispatch; y has both: it joins them.
    dp_story_t *s = dp_story_new (NULL);
    dp_story_hit_t hx, hy, hz;
    dp_article_t *x = s_doc ("x", "2023-09-18", s_call, 3, NULL);
    dp_article_t *z = s_doc ("z", "2023-09-18", s_call + 3, 3, NULL);
    dp_article_t *y = s_doc ("y", "2023-09-18", s_call, 6, NULL);
    ck_assert_int_eq (dp_story_add (s, x, &hx), 0);
    ck_assert_int_eq (dp_story_add (s, z, &hz), 0);
    ck_assert_uint_ne (hx.story, hz.story);
    ck_assert_int_eq (dp_story_add (s, y, &hy), 0);
    ck_assert_uint_eq (hy.n_merged, 1);
    uint64_t low = hx.story < hz.story ? hx.story : hz.story;
    ck_assert_uint_eq (hy.story, low);    //  same sizes: the smaller label
    ck_assert_uint_eq (hy.merged [0], hx.story < hz.story ? hz.story : hx.story);
    dp_article_destroy (&x);
    dp_article_destroy (&y);
    dp_article_destroy (&z);
    dp_story_destroy (&s);
    //  The window bounds memory: 50 kept of 500.
    dp_story_cfg_t cfg = { .window = 50 };
    s = dp_story_new (&cfg);
    size_t evicted = 0;
    for (int i = 0; i < 500; i++) {
        char id [32], extra [128];
        snprintf (id, sizeof id, "w%d", i);
        snprintf (extra, sizeof extra, "Numéro %d du bulletin, rubrique %d, édition %d.",
                  i, i * 7, i * 13);
        dp_article_t *d = s_doc (id, "2023-09-18", i % 2 ? s_call : s_quake, 5, extra);
        dp_story_hit_t h;
        ck_assert_int_eq (dp_story_add (s, d, &h), 0);
        evicted += h.evicted;
        dp_article_destroy (&d);
    }
    size_t stories;
    ck_assert_uint_eq (dp_story_size (s, &stories), 50);
    ck_assert_uint_le (stories, 50);
    ck_assert_uint_eq (evicted, 450);
    dp_story_destroy (&s);
    //  A story lives as long as articles keep joining it: a report every
    //  day for 12 days is one story; the same kind of event months after
    //  its last article is another.
    s = dp_story_new (NULL);
    uint64_t daily [12];
    for (int i = 0; i < 12; i++) {
        char id [16], date [16];
        snprintf (id, sizeof id, "day%d", i);
        snprintf (date, sizeof date, "2023-03-%02d", i + 1);
        dp_article_t *d = s_doc (id, date, s_quake, 5, NULL);
        dp_story_hit_t h;
        ck_assert_int_eq (dp_story_add (s, d, &h), 0);
        daily [i] = h.story;
        dp_article_destroy (&d);
    }
    ck_assert_uint_eq (daily [0], daily [11]);
    dp_article_t *later = s_doc ("later", "2023-06-20", s_quake, 5, NULL);
    ck_assert_int_eq (dp_story_add (s, later, &hx), 0);
    ck_assert_uint_ne (hx.story, daily [11]);
    dp_article_destroy (&later);
    dp_story_destroy (&s);
    //  Nothing to go on: no text, no entities; each its own story.
    s = dp_story_new (NULL);
    dp_article_t *e1 = dp_article_new (), *e2 = dp_article_new ();
    dp_article_set_str (&e1->id, "e1");
    dp_article_set_str (&e2->id, "e2");
    ck_assert_int_eq (dp_story_add (s, e1, &hx), 0);
    ck_assert_int_eq (dp_story_add (s, e2, &hy), 0);
    ck_assert_uint_ne (hx.story, hy.story);
    dp_article_destroy (&e1);
    dp_article_destroy (&e2);
    dp_story_destroy (&s);
}
END_TEST

//  --------------------------------------------------------------------------
//  The evidence for a pair: rarity, title, capitals, time.

static dp_article_t *
s_art (const char *id, const char *date, const char *title, const char *text)
{
    dp_article_t *d = dp_article_new ();
    dp_article_set_str (&d->id, id);
    dp_article_set_str (&d->published, date);
    dp_article_set_str (&d->title, title);
    dp_article_set_str (&d->text, text);
    return d;
}

static double
s_cos (dp_story_t *s, const char *ta, const char *tb, const char *title)
{
    dp_article_t *a = s_art ("a", NULL, title, ta), *b = s_art ("b", NULL, title, tb);
    dp_story_pair_t p;
    dp_story_pair (s, a, b, &p);
    ck_assert (p.keyed);
    dp_article_destroy (&a);
    dp_article_destroy (&b);
    return p.cos;
}

//  Two texts of six words of their own, and what they share.
#define S_FA "orchards wheelbarrow lanterns pebbles harbour violins "
#define S_FB "cathedral saucepans meadows kettles blizzard trumpets "

START_TEST (test_evidence_weights)
{
    dp_story_t *s = dp_story_new (NULL);
    ck_assert_ptr_nonnull (s);
    //  Rare words shared count more than common ones.
    double common = s_cos (s, S_FA "government people decision", S_FB "government people decision",
                           NULL);
    double rare = s_cos (s, S_FA "zorvath quelmir tabrinsk", S_FB "zorvath quelmir tabrinsk", NULL);
    ck_assert_double_gt (rare, 2 * common);
    //  A word in the title counts more than in the body.
    double title = s_cos (s, S_FA, S_FB, "Harbour");
    double body = s_cos (s, S_FA, S_FB "harbour", NULL);
    ck_assert_double_gt (title, body);
    //  A capitalised word inside a sentence (a name) counts more.
    double caps = s_cos (s, "The " S_FA "and Harbour came.", "The " S_FB "and Harbour came.", NULL);
    double lower = s_cos (s, "The " S_FA "and harbour came.", "The " S_FB "and harbour came.", NULL);
    ck_assert_double_gt (caps, lower);
    //  Time is a soft factor: what links the same day does not two days
    //  apart, nor without a date; strong evidence links undated articles.
    struct { const char *da, *db; bool weak, link; } t [] = {
        { "2024-05-02", "2024-05-02", true, true }, { "2024-05-02", "2024-05-04", true, false },
        { NULL, "2024-05-02", true, false }, { NULL, NULL, true, false },
        { NULL, NULL, false, true }, { "2024-05-02", "2024-05-06", false, true },
        { "2024-05-02", "2024-08-02", false, false },
    };
    for (size_t i = 0; i < sizeof t / sizeof t [0]; i++) {
        dp_article_t *a = s_art ("a", t [i].da, NULL, t [i].weak ? S_FA "zorvath quelmir tabrinsk"
                                                                : "pebbles zorvath quelmir tabrinsk");
        dp_article_t *b = s_art ("b", t [i].db, NULL, t [i].weak ? S_FB "zorvath quelmir tabrinsk"
                                                                : "kettles zorvath quelmir tabrinsk");
        dp_story_pair_t p;
        dp_story_pair (s, a, b, &p);
        ck_assert_msg ((p.link != 0) == t [i].link, "case %zu: cos %.3f days %d link %d", i,
                       p.cos, p.days, p.link);
        dp_article_destroy (&a);
        dp_article_destroy (&b);
    }
    dp_story_destroy (&s);
    //  The thresholds can be set for a tuning run; a bad setting is an
    //  error at start.
    setenv ("DP_STORY_TUNE", "dated=0.9, undated=0.9", 1);
    s = dp_story_new (NULL);
    ck_assert_ptr_nonnull (s);
    dp_article_t *a = s_art ("a", "2024-05-02", NULL, "pebbles zorvath quelmir tabrinsk");
    dp_article_t *b = s_art ("b", "2024-05-02", NULL, "kettles zorvath quelmir tabrinsk");
    dp_story_pair_t p;
    dp_story_pair (s, a, b, &p);
    ck_assert_int_eq (p.link, 0);
    dp_article_destroy (&a);
    dp_article_destroy (&b);
    dp_story_destroy (&s);
    setenv ("DP_STORY_TUNE", "undated=banana", 1);
    ck_assert_ptr_null (dp_story_new (NULL));
    setenv ("DP_STORY_TUNE", "colour=0.5", 1);
    ck_assert_ptr_null (dp_story_new (NULL));
    unsetenv ("DP_STORY_TUNE");
}
END_TEST

//  One article may merge many stories at once, and every merge is told:
//  the same report every month (too far apart to link) and then an
//  undated copy of it, which links them all.
START_TEST (test_story_many_merges)
{
    dp_story_t *s = dp_story_new (NULL);
    ck_assert_ptr_nonnull (s);
    uint64_t label [24];
    for (int i = 0; i < 24; i++) {
        char id [16], date [32];
        snprintf (id, sizeof id, "r%d", i);
        snprintf (date, sizeof date, "%04d-%02d-01", 2000 + i / 12, 1 + i % 12);
        dp_article_t *d = s_doc (id, date, s_quake, 5, NULL);
        dp_story_hit_t h;
        ck_assert_int_eq (dp_story_add (s, d, &h), 0);
        ck_assert_uint_eq (h.n_merged, 0);
        label [i] = h.story;
        for (int j = 0; j < i; j++)
            ck_assert_uint_ne (label [j], h.story);
        dp_article_destroy (&d);
    }
    //  An undated article like all of them links each one, but the 24 are
    //  months apart: the mean between any two of them stays far too low,
    //  so it joins one story (average link) and chains none of the others.
    dp_article_t *hub = s_doc ("hub", NULL, s_quake, 5, NULL);
    dp_story_hit_t h;
    ck_assert_int_eq (dp_story_add (s, hub, &h), 0);
    ck_assert_uint_eq (h.n_merged, 0);
    ck_assert_uint_eq (h.n_moves, 0);
    size_t stories;
    dp_story_size (s, &stories);
    ck_assert_uint_eq (stories, 24);
    bool joined = false;
    for (int i = 0; i < 24; i++)
        joined = joined || label [i] == h.story;
    ck_assert (joined);
    dp_article_destroy (&hub);
    dp_story_destroy (&s);
}
END_TEST

//  --------------------------------------------------------------------------
//  The corpus of tests/fixtures/stories: real split + tag + link.

#define S_MAX_DOCS 200

typedef struct {
    dp_article_t *doc [S_MAX_DOCS];
    char *story [S_MAX_DOCS];           //  gold story label
    char *dup [S_MAX_DOCS];             //  gold duplicate group, "-" none
    size_t n;
} s_corpus_t;

static void
s_annotate (dp_splitter_t *sp, dp_tagger_t *tg, dp_article_t *d)
{
    size_t len = strlen (d->text);
    dp_spans_t sents = { 0 }, toks = { 0 };
    ck_assert_int_eq (dp_split (sp, d->text, len, d->lang, &sents), 0);
    for (size_t i = 0; i < sents.n; i++)
        ck_assert_int_eq (dp_tokenize (sp, d->text, sents.v [i], &toks), 0);
    dp_entities_t ents = { 0 };
    ck_assert_int_eq (dp_tag (tg, d->text, len, sents.v, sents.n, toks.v, toks.n, &ents), 0);
    for (size_t i = 0; i < ents.n; i++)
        dp_article_add_entity (d, ents.v [i].start, ents.v [i].end, ents.v [i].type,
                               ents.v [i].norm);
    dp_spans_free (&sents);
    dp_spans_free (&toks);
    dp_entities_free (&ents);
}

static void
s_corpus_load (s_corpus_t *c)
{
    memset (c, 0, sizeof *c);
    FILE *g = fopen ("tests/fixtures/stories/gold.tsv", "r");
    FILE *f = fopen ("tests/fixtures/stories/articles.jsonl", "r");
    ck_assert_ptr_nonnull (g);
    ck_assert_ptr_nonnull (f);
    dp_splitter_t *sp = dp_splitter_new (NULL);
    dp_tagger_t *tg = dp_tagger_new (NULL);
    ck_assert_ptr_nonnull (sp);
    ck_assert_ptr_nonnull (tg);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline (&line, &cap, f)) > 0 && c->n < S_MAX_DOCS) {
        char err [256];
        dp_article_t *d = dp_article_from_json (line, (size_t) len, err, sizeof err);
        ck_assert_msg (d != NULL, "articles.jsonl: %s", err);
        ck_assert_ptr_nonnull (d->id);
        s_annotate (sp, tg, d);
        c->doc [c->n++] = d;
    }
    while ((len = getline (&line, &cap, g)) > 0) {
        if (line [0] == '#' || line [0] == '\n')
            continue;
        char *id = strtok (line, "\t"), *story = strtok (NULL, "\t"), *dup = strtok (NULL, "\t\n");
        ck_assert_ptr_nonnull (dup);
        for (size_t i = 0; i < c->n; i++)
            if (strcmp (c->doc [i]->id, id) == 0) {
                c->story [i] = strdup (story);
                c->dup [i] = strdup (dup);
            }
    }
    for (size_t i = 0; i < c->n; i++)
        ck_assert_msg (c->story [i], "%s has no gold story", c->doc [i]->id);
    free (line);
    fclose (f);
    fclose (g);
    dp_splitter_destroy (&sp);
    dp_tagger_destroy (&tg);
}

static void
s_corpus_free (s_corpus_t *c)
{
    for (size_t i = 0; i < c->n; i++) {
        dp_article_destroy (&c->doc [i]);
        free (c->story [i]);
        free (c->dup [i]);
    }
}

//  Links the corpus in the order given; fills each article's story label
//  as it stands at the end (after merges: what the database shows) and its
//  duplicate_of, by corpus index.
//  A consumer of the stream: the labels as written, relabelled by the
//  split records ("st-FROM st-TO ID": that article is now in TO) and the
//  merge records ("merged": these labels are now this record's story).
static size_t
s_apply (s_corpus_t *c, uint64_t *now, const bool *seen, size_t i)
{
    const dp_article_t *d = c->doc [i];
    for (size_t k = 0; k < d->n_split; k++) {
        char from [24], to [24];
        int at = 0;
        ck_assert_int_eq (sscanf (d->split [k], "%23s %23s %n", from, to, &at), 2);
        size_t j = 0;
        while (j < c->n && strcmp (c->doc [j]->id, d->split [k] + at) != 0)
            j++;
        ck_assert_uint_lt (j, c->n);
        ck_assert (seen [j]);
        ck_assert_uint_eq (now [j], strtoull (from + 3, NULL, 16));
        now [j] = strtoull (to + 3, NULL, 16);
    }
    uint64_t story = strtoull (d->story + 3, NULL, 16);
    for (size_t k = 0; k < d->n_merged; k++) {
        uint64_t gone = strtoull (d->merged [k] + 3, NULL, 16);
        for (size_t j = 0; j < c->n; j++)
            if (seen [j] && now [j] == gone)
                now [j] = story;
    }
    now [i] = story;
    return d->n_merged + d->n_split;
}

//  Links the corpus in the order given; fills each article's story label
//  as it stands at the end (after merges: what the database shows) and its
//  duplicate_of, by corpus index. Checks that the labels written, with the
//  merge records applied, give the same stories; returns the merges seen.
static size_t
s_link_order (s_corpus_t *c, const size_t *order, uint64_t *label, const char **dup)
{
    dp_link_cfg_t cfg = { .variants = NULL };
    dp_link_t *link = dp_link_new (&cfg, NULL);
    ck_assert_ptr_nonnull (link);
    uint64_t now [S_MAX_DOCS];
    bool seen [S_MAX_DOCS] = { false };
    size_t records = 0;
    for (size_t k = 0; k < c->n; k++) {
        size_t i = order [k];
        ck_assert_int_eq (dp_link_article (link, c->doc [i]), 0);
        records += s_apply (c, now, seen, i);
        seen [i] = true;
    }
    //  Asked again, a known id tells its current story (and no merge).
    for (size_t i = 0; i < c->n; i++) {
        ck_assert_int_eq (dp_link_article (link, c->doc [i]), 0);
        ck_assert_uint_eq (c->doc [i]->n_merged + c->doc [i]->n_split, 0);
        label [i] = strtoull (c->doc [i]->story + 3, NULL, 16);
        dup [i] = c->doc [i]->duplicate_of;
    }
    //  The stories a consumer of the records ends with are the final ones,
    //  labels and all.
    for (size_t i = 0; i < c->n; i++)
        ck_assert_msg (label [i] == now [i],
                       "%s: the merge and split records do not give the final story",
                       c->doc [i]->id);
    dp_link_destroy (&link);
    return records;
}

//  Pairwise precision and recall of a clustering against gold labels.
static void
s_pairs (const s_corpus_t *c, const uint64_t *label, double *p, double *r)
{
    int tp = 0, fp = 0, fn = 0;
    for (size_t i = 0; i < c->n; i++)
        for (size_t j = i + 1; j < c->n; j++) {
            bool gold = strcmp (c->story [i], c->story [j]) == 0;
            bool got = label [i] == label [j];
            tp += gold && got;
            fp += !gold && got;
            fn += gold && !got;
            if (gold != got)
                fprintf (stderr, "stories: %s and %s %s\n", c->doc [i]->id, c->doc [j]->id,
                         got ? "wrongly joined" : "missed");
        }
    *p = tp + fp ? (double) tp / (tp + fp) : 1;
    *r = tp + fn ? (double) tp / (tp + fn) : 1;
}

START_TEST (test_story_corpus)
{
    s_corpus_t c;
    s_corpus_load (&c);
    //  DP_STORY_PAIRS=1: the features of every pair, for choosing thresholds.
    if (getenv ("DP_STORY_PAIRS")) {
        dp_story_t *s = dp_story_new (NULL);
        dp_link_cfg_t lcfg = { .variants = NULL };
        dp_link_t *l = dp_link_new (&lcfg, NULL);
        for (size_t i = 0; i < c.n; i++)
            dp_link_article (l, c.doc [i]);
        for (size_t i = 0; i < c.n; i++)
            for (size_t j = i + 1; j < c.n; j++) {
                dp_story_pair_t pr;
                dp_story_pair (s, c.doc [i], c.doc [j], &pr);
                printf ("PAIR\t%s\t%s\t%d\t%d\t%d\t%.3f\t%d\t%d\t%d\n", c.doc [i]->id,
                        c.doc [j]->id, strcmp (c.story [i], c.story [j]) == 0,
                        strcmp (c.dup [i], "-") && !strcmp (c.dup [i], c.dup [j]),
                        pr.bits, pr.cos, pr.days, pr.keyed, pr.link);
            }
        dp_link_destroy (&l);
        dp_story_destroy (&s);
    }
    ck_assert_uint_ge (c.n, 30);
    size_t order [S_MAX_DOCS];
    for (size_t i = 0; i < c.n; i++)
        order [i] = i;
    uint64_t batch [S_MAX_DOCS];
    const char *dup [S_MAX_DOCS];
    s_link_order (&c, order, batch, dup);
    double p, r;
    s_pairs (&c, batch, &p, &r);
    //  Copies: every article of a gold copy group but its first points to
    //  an article of the same group; no other article is called a copy.
    int copies = 0, copies_ok = 0, false_copies = 0;
    for (size_t i = 0; i < c.n; i++) {
        bool first = true;
        for (size_t j = 0; j < i; j++)
            first = first && !(strcmp (c.dup [i], "-") != 0 && strcmp (c.dup [j], c.dup [i]) == 0);
        if (strcmp (c.dup [i], "-") != 0 && !first) {
            copies++;
            for (size_t j = 0; j < c.n && dup [i]; j++)
                if (strcmp (c.doc [j]->id, dup [i]) == 0 && strcmp (c.dup [j], c.dup [i]) == 0)
                    copies_ok++;
        }
        else
            false_copies += dup [i] != NULL;
    }
    fprintf (stderr, "stories: %zu articles, pairwise precision %.3f recall %.3f;"
             " copies found %d/%d, false copies %d\n", c.n, p, r, copies_ok, copies, false_copies);
    ck_assert_double_ge (p, 0.95);
    ck_assert_double_ge (r, 0.80);
    ck_assert_int_ge (copies_ok * 10, copies * 9);
    ck_assert_int_eq (false_copies, 0);
    //  The stream case: other arrival orders, the same partition.
    srand (7);
    size_t merges = 0;
    for (int round = 0; round < 5; round++) {
        for (size_t i = c.n - 1; i > 0; i--) {
            size_t j = (size_t) rand () % (i + 1), t = order [i];
            order [i] = order [j];
            order [j] = t;
        }
        uint64_t got [S_MAX_DOCS];
        merges += s_link_order (&c, order, got, dup);
        for (size_t i = 0; i < c.n; i++)
            for (size_t j = i + 1; j < c.n; j++)
                ck_assert_msg ((batch [i] == batch [j]) == (got [i] == got [j]),
                               "order %d: %s and %s", round, c.doc [i]->id, c.doc [j]->id);
    }
    fprintf (stderr, "stories: %zu merge and split records in 5 shuffled orders, all told\n",
             merges);
    ck_assert_uint_gt (merges, 0);
    s_corpus_free (&c);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("link");
    TCase *tc = tcase_create ("canon");
    tcase_set_timeout (tc, 60);
    tcase_add_test (tc, test_canon_table);
    tcase_add_test (tc, test_canon_learned);
    tcase_add_test (tc, test_canon_pairs);
    suite_add_tcase (s, tc);
    tc = tcase_create ("story");
    tcase_set_timeout (tc, 120);
    tcase_add_test (tc, test_evidence_weights);
    tcase_add_test (tc, test_story_copies_and_events);
    tcase_add_test (tc, test_story_many_merges);
    tcase_add_test (tc, test_story_merge_and_window);
    tcase_add_test (tc, test_story_corpus);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
