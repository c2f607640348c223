//  depeche — fuzz target for cross-article linking: arbitrary bytes as a
//  name (skeleton, canon in each type, learned and asked again), as
//  articles (the input and its parts between blank lines, up to 8: title,
//  text, sentence spans, date and its words as entities: the evidence,
//  candidates, decisions, merges in a small window), and as a saved window
//  blob, raw and with a valid header (a restart must reject or take it,
//  never crash, and an article compared with it after).
//  Checks: a skeleton is NUL-terminated within its buffer; a name resolves
//  to the same canon when asked twice; every story label is non-zero; a
//  merge record names other, non-zero labels; a known id keeps its story;
//  the window never holds more than its size. The canon keeps at most 8
//  learned names and the window 4 articles (forgetting runs often), and an
//  article's words teach it at most their 3 strongest (dp_link_teachers:
//  never more names than that, every mention of a name with the same
//  answer). Each input starts from a fresh canon and window: with state
//  kept from input to input, most inputs left more blocks allocated than
//  freed, and libFuzzer then ran each again and scanned the whole heap for
//  leaks (three quarters of its time; 18-165 inputs/s), and a crash could
//  depend on the inputs before it. The canon's table is every 16th row of
//  the bundled one (written to a temporary file at start): loading all of
//  it took 30 ms an input under the fuzzer's instrumentation.
#include "sink/canon.h"
#include "sink/evidence.h"
#include "sink/link.h"
#include "sink/story.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
    LLVMFuzzerInitialize (int *argc, char ***argv);
int
    LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define S_CHECK(cond) \
    do { if (!(cond)) s_fail (#cond, __LINE__); } while (0)

#define S_CAP 8                         //  names learned kept
#define S_WINDOW 4                      //  articles in the window
#define S_PARTS 8                       //  articles an input makes, at most

#define S_EVERY 16                      //  rows of the bundled table kept

static char s_table [64];               //  the canon's table, a temporary file
static dp_canon_t *s_canon;             //  that table, names learned
static dp_story_t *s_story;             //  a small window
static unsigned long s_n;               //  articles of this input (fresh ids)

static void
s_fail (const char *what, int line)
{
    fprintf (stderr, "fuzz_link.c:%d: invariant failed: %s\n", line, what);
    abort ();
}

//  A fresh canon (s_table) and window, for each input.
static bool
s_fresh (void)
{
    s_canon = dp_canon_new (s_table);
    if (s_canon)
        dp_canon_set_cap (s_canon, S_CAP);
    dp_story_cfg_t cfg = { .window = S_WINDOW };
    s_story = dp_story_new (&cfg);
    s_n = 0;
    return s_canon && s_story;
}

static void
s_cleanup (void)
{
    dp_canon_destroy (&s_canon);
    dp_story_destroy (&s_story);
}

static void
s_unlink (void)
{
    unlink (s_table);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    dp_log_set_level (DP_LOG_WARN);     //  not a line for each forgetting
    char *path = dp_data_path ("canon/variants.tsv");
    FILE *in = path ? fopen (path, "r") : NULL;
    free (path);
    snprintf (s_table, sizeof s_table, "/tmp/fuzz_link-XXXXXX");
    int fd = mkstemp (s_table);
    FILE *out = fd >= 0 ? fdopen (fd, "w") : NULL;
    if (!in || !out) {
        fprintf (stderr, "fuzz_link: no variant table (set DP_DATA to the data folder)\n");
        exit (2);
    }
    char line [1024];
    for (size_t n = 0; fgets (line, sizeof line, in); n++)
        if (line [0] == '#' || n % S_EVERY == 0)
            fputs (line, out);
    fclose (in);
    fclose (out);
    atexit (s_unlink);
    if (!s_fresh ()) {
        fprintf (stderr, "fuzz_link: %s: not a variant table\n", s_table);
        exit (2);
    }
    s_cleanup ();
    return 0;
}

static void
s_names (const char *name)
{
    char skel [64];
    memset (skel, 'x', sizeof skel);
    size_t n = dp_canon_skeleton (name, skel, sizeof skel);
    S_CHECK (n < sizeof skel && skel [n] == '\0');
    static const char *types [] = { "PER", "LOC", "ORG", "DATE" };
    for (int t = 0; t < 4; t++) {
        const char *a = dp_canon_resolve (s_canon, types [t], name, NULL);
        const char *b = dp_canon_resolve (s_canon, types [t], name, NULL);
        S_CHECK ((a == NULL) == (b == NULL));
        S_CHECK (!a || strcmp (a, b) == 0);
        S_CHECK (t < 3 || !a);
        const char *k = dp_canon_known (s_canon, types [t], name);
        S_CHECK (!k || !b || strcmp (k, b) == 0);
    }
    S_CHECK (dp_canon_learned (s_canon) <= S_CAP);
    dp_canon_drain (s_canon, NULL, NULL);
}

//  The teachers of doc (cap 3): at most 3 names teach, and a name's
//  mentions all teach or none.
static void
s_teachers (const dp_article_t *doc)
{
    bool may [16];
    if (doc->n_entities > 16)
        return;
    long past = dp_link_teachers (doc, 3, may);
    S_CHECK (past >= 0);
    size_t names = 0;
    for (size_t i = 0; i < doc->n_entities; i++) {
        const Dp__Entity *e = doc->entities [i];
        bool first = true;
        for (size_t j = 0; j < i; j++)
            if (!strcmp (doc->entities [j]->type, e->type)
            &&  !strcmp (doc->entities [j]->norm, e->norm)) {
                S_CHECK (may [j] == may [i]);
                first = false;
            }
        names += first && may [i];
    }
    S_CHECK (names <= 3 || past == 0);
    S_CHECK (past == 0 || names == 3);
}

static void
s_article (const char *text, size_t size)
{
    dp_article_t *doc = dp_article_new ();
    char id [32];
    snprintf (id, sizeof id, "f%lu", s_n++);
    dp_article_set_str (&doc->id, id);
    dp_article_set_str (&doc->text, text);
    //  Dates from the input's size: the same day, days or years apart,
    //  unknown, malformed.
    static const char *dates [] = { "2026-02-09", "2026-02-11", "2026-03-30", "1999-12-31",
                                    "bad-date", NULL };
    dp_article_set_str (&doc->published, dates [size % 6]);
    //  A title from the first line, sentence spans from the input's bytes
    //  (they may lie past the text: the evidence must clamp them).
    size_t nl = strcspn (text, "\n");
    if (nl < size) {
        char *title = strndup (text, nl);
        dp_article_set_str (&doc->title, title);
        free (title);
    }
    for (size_t k = 0; k + 1 < size && k < 8; k += 2)
        dp_article_add_sentence (doc, (uint8_t) text [k], (uint32_t) (uint8_t) text [k]
                                 + (uint8_t) text [k + 1]);
    //  Words of the input as entities, canon as written.
    const char *p = text;
    for (int k = 0; k < 12 && *p; k++) {
        size_t len = strcspn (p, " \n,.");
        if (len && len < 40) {
            char word [40];
            memcpy (word, p, len);
            word [len] = '\0';
            dp_article_add_entity (doc, 0, 0, k % 2 ? "PER" : "LOC", word);
            dp_article_set_str (&doc->entities [doc->n_entities - 1]->canon, word);
        }
        p += len;
        p += strspn (p, " \n,.");
    }
    s_teachers (doc);
    dp_story_hit_t hit, again;
    S_CHECK (dp_story_add (s_story, doc, &hit) == 0);
    S_CHECK (hit.story != 0);
    S_CHECK (!hit.known);
    for (size_t k = 0; k < hit.n_merged; k++)
        S_CHECK (hit.merged [k] != 0 && hit.merged [k] != hit.story);
    for (size_t k = 0; k < hit.n_moves; k++)
        S_CHECK (hit.moves [k].id && hit.moves [k].from && hit.moves [k].to
                 && hit.moves [k].from != hit.moves [k].to);
    for (size_t k = 0; k < hit.n_aliases; k++)
        S_CHECK (hit.aliases [k].old && hit.aliases [k].now);
    S_CHECK (dp_story_add (s_story, doc, &again) == 0);
    S_CHECK (again.known && again.story != 0);
    size_t stories;
    S_CHECK (dp_story_size (s_story, &stories) <= S_WINDOW);
    S_CHECK (stories <= S_WINDOW);
    dp_article_destroy (&doc);
}

static void
s_blob (const uint8_t *data, size_t size, const char *text)
{
    dp_story_cfg_t cfg = { .window = 8 };
    dp_story_t *s = dp_story_new (&cfg);
    S_CHECK (s);
    for (uint64_t pos = 0; pos < 4; pos++) {
        int rc = dp_story_restore (s, pos, "r", 7 + pos % 2, NULL, data, size);
        S_CHECK (rc == 0 || rc == 1);
    }
    //  The input as the body of a signature with a valid header: taken
    //  or rejected, and a new article compared with it either way.
    dp_evidence_sig_t sig;
    for (size_t i = 0; i < sizeof sig; i++)
        ((uint8_t *) &sig) [i] = size ? data [i % size] : 0;
    sig.magic = DP_EVIDENCE_MAGIC;
    sig.nterms %= DP_EVIDENCE_TERMS + 1;
    int rc = dp_story_restore (s, 4, "v", 9, NULL, &sig, sizeof sig);
    S_CHECK (rc == 0 || rc == 1);
    dp_article_t *doc = dp_article_new ();
    dp_article_set_str (&doc->id, "after");
    dp_article_set_str (&doc->text, text);
    dp_story_hit_t hit;
    S_CHECK (dp_story_add (s, doc, &hit) == 0 && hit.story != 0);
    dp_article_destroy (&doc);
    size_t len = 0;
    void *blob = dp_story_blob (s, 3, &len);
    if (blob) {
        S_CHECK (len == size);
        free (blob);
    }
    dp_story_destroy (&s);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    char *text = malloc (size + 1);
    if (!text)
        return 0;
    memcpy (text, data, size);
    text [size] = '\0';
    S_CHECK (s_fresh ());
    s_names (text);
    s_article (text, size);
    //  Its parts between blank lines as more articles, into the same
    //  window and canon: merges, moves and forgetting within one input.
    const char *end = text + strlen (text);
    const char *p = strstr (text, "\n\n");
    for (int k = 0; p && k < S_PARTS; k++) {
        p += 2;
        const char *q = strstr (p, "\n\n");
        size_t len = (size_t) ((q ? q : end) - p);
        char *part = strndup (p, len);
        S_CHECK (part);
        s_names (part);
        s_article (part, len);
        free (part);
        p = q;
    }
    s_blob (data, size, text);
    s_cleanup ();
    free (text);
    return 0;
}
