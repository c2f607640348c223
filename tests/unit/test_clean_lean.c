//  Unit tests of what clean does to a page before and around the parse
//  for speed: dpc_lean's copy (stages/clean/lean.c) drops the attributes
//  clean never reads but keeps those it does, and an <a>'s href and name,
//  which say whether it links, and squeezes the blanks between tags;
//  libxml2's arena (stages/clean/arena.c) gives
//  the same results page after page, on several threads at once, and on a
//  page larger than its chunks. Inputs are made here.
#include "clean/clean_impl.h"
#include "clean_fixture.h"
#include "test_run.h"

#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

START_TEST (test_lean_attributes)
{
    dp_cleaner_t *c = s_cleaner ();
    if (!c->lean) {                     //  another libxml2: no lean copy
        dp_cleaner_destroy (&c);
        return;
    }
    const char *html =
        "<html><body><div data-k=\"v\" class=\"main\" title='t'>"
        "<a data-t=\"x\" name=\"n1\">a</a><a href=\"/x\" rel=\"r\" HREF2=\"\">b</a>"
        "<p id=\"p\" onclick=\"f()\" hidden>c</p><img src=\"i.png\" alt=x>"
        "</div></body></html>";
    size_t len = 0;
    const char *lean = dpc_lean (c, html, strlen (html), &len);
    ck_assert_ptr_nonnull (lean);
    ck_assert_str_eq (lean,
        "<html><body><div  class=\"\x7f" "0\" >"           //  set aside
        "<a  name=\"n1\">a</a><a href  >b</a>"
        "<p id=\"p\"  hidden>c</p><img  alt=x>"
        "</div></body></html>");
    ck_assert_uint_eq (len, strlen (lean));
    //  href loses its "=" and value when a blank or the tag's end follows
    //  (libxml2 then makes it a property without a value); else only the
    //  value goes, so that the next attribute's name stays apart
    html = "<html><body><a href=\"/y\"class=\"c\">y</a><a href='/z'>z</a>"
           "<a href=\"/w\"/></body></html>";
    lean = dpc_lean (c, html, strlen (html), &len);
    ck_assert_ptr_nonnull (lean);
    ck_assert_str_eq (lean, "<html><body><a href=\"\"class=\"c\">y</a><a href>z</a>"
                      "<a href=\"\"/></body></html>");
    //  <meta> and <link> keep everything
    html = "<html><head><meta charset=\"utf-8\" data-x=\"y\"><link rel=\"canonical\" "
           "href=\"https://example.org/a\"></head><body><p data-q=\"1\">x</p></body></html>";
    lean = dpc_lean (c, html, strlen (html), &len);
    ck_assert_ptr_nonnull (lean);
    ck_assert_str_eq (lean, "<html><head><meta charset=\"utf-8\" data-x=\"y\"><link "
                      "rel=\"canonical\" href=\"https://example.org/a\"></head><body>"
                      "<p >x</p></body></html>");
    dp_cleaner_destroy (&c);
}
END_TEST

//  Runs of blanks between tags become one blank (a newline when they hold
//  one); not before a '<' that is text, not from a <pre> on, not a run too
//  long for libxml2 to read in one piece.
START_TEST (test_lean_blanks)
{
    dp_cleaner_t *c = s_cleaner ();
    if (!c->lean) {
        dp_cleaner_destroy (&c);
        return;
    }
    const char *html = "<html>\n  <body>\n\t<div>   <p>a  b</p> \t <!-- x -->  </div>"
                       "<p>  < 3</p>\r\n <p>x</p><PRE>\n  <b>y</b>  </pre>  <p>z</p>"
                       "</body></html>";
    size_t len = 0;
    const char *lean = dpc_lean (c, html, strlen (html), &len);
    ck_assert_ptr_nonnull (lean);
    ck_assert_str_eq (lean, "<html>\n<body>\n<div> <p>\x7f" "0\x7f</p> <!----> </div>"
                      "<p>  < 3</p>\n<p>x</p><PRE>\n  <b>y</b>  </pre>  <p>z</p>"
                      "</body></html>");
    char *page = malloc (2000);
    ck_assert_ptr_nonnull (page);
    strcpy (page, "<p>a</p>");
    memset (page + 8, ' ', 1000);
    strcpy (page + 1008, "<p>b</p><!-- x -->");
    lean = dpc_lean (c, page, strlen (page), &len);
    ck_assert_ptr_nonnull (lean);
    ck_assert_uint_eq (len, strlen (page) - 3);     //  the comment's text only
    free (page);
    dp_cleaner_destroy (&c);
}
END_TEST

//  The values of the attributes clean reads, the JSON-LD bodies and the
//  texts between tags that libxml2 would copy as they are go aside: the copy holds a reference
//  (0x7f and an offset in hex); not a value with an entity or a byte that
//  is not printable ASCII, nor anything on a page that holds 0x7f. The
//  cleaned page is the same as without the lean copy.
START_TEST (test_lean_aside)
{
    dp_cleaner_t *c = s_cleaner ();
    if (!c->lean) {
        dp_cleaner_destroy (&c);
        return;
    }
    const char *html = "<html><body><div class=\"story-body main\" id=\"a&amp;b\" "
                       "style=\"color: red\" lang=\"fr\" role='caf\xc3\xa9s'>x</div>"
                       "<script type=\"application/ld+json\">{\"a\": 1}</script>"
                       "</body></html>";
    size_t len = 0;
    const char *lean = dpc_lean (c, html, strlen (html), &len);
    ck_assert_ptr_nonnull (lean);
    ck_assert_str_eq (lean, "<html><body><div class=\"\x7f" "0\" id=\"a&amp;b\" "
                      "style=\"\x7f" "10\" lang=\"fr\" role='caf\xc3\xa9s'>x</div>"
                      "<script type=\"\x7f" "1b\">\x7f" "2f</script></body></html>");
    html = "<html><body><div class=\"story-body main\">\x7f</div></body></html>";
    lean = dpc_lean (c, html, strlen (html), &len);
    ck_assert (!lean || strstr (lean, "story-body main"));
    //  nor on a page whose character references make one ("&#127;"): the
    //  text "\x7f" "0\x7f" would read as the first value set aside
    static const char *del [] = { "&#127;", "&#x7F;", "&#x007f;", "&#0127" };
    for (size_t i = 0; i < sizeof del / sizeof del [0]; i++) {
        char page [256];
        snprintf (page, sizeof page, "<html><body><div class=\"story-body main\">"
                  "<p>%s0%s</p><p>Premier texte</p></div></body></html>", del [i], del [i]);
        lean = dpc_lean (c, page, strlen (page), &len);
        ck_assert (!lean || strstr (lean, "story-body main"));
        ck_assert (!lean || strstr (lean, "Premier texte"));
    }
    html = "<html><body><div class=\"story-body main\"><p>&#1270; &#12;</p></div></body></html>";
    lean = dpc_lean (c, html, strlen (html), &len);
    ck_assert_ptr_nonnull (lean);
    ck_assert (!strstr (lean, "story-body main"));
    //  text between two tags: its reference is closed by a second mark
    //  (libxml2 may join texts); not a text with an entity, nor one too
    //  short, nor one after a '<' that is text
    html = "<html><body><p>Premier texte</p><p>Tom &amp; Jerry</p><p>deux</p>"
           "<p>ok</p><p>1 < 2 mais 3</p></body></html>";
    lean = dpc_lean (c, html, strlen (html), &len);
    ck_assert_ptr_nonnull (lean);
    ck_assert_str_eq (lean, "<html><body><p>\x7f" "0\x7f</p><p>Tom &amp; Jerry</p>"
                      "<p>\x7f" "e\x7f</p><p>ok</p><p>1 < 2 mais 3</p></body></html>");

    static const char *para =
        "<p>Le conseil municipal a vot\xc3\xa9 mardi soir le budget des ponts, apr\xc3\xa8s "
        "trois heures de d\xc3\xa9" "bat et deux suspensions de s\xc3\xa9" "ance.</p>";
    char *page = malloc (8192);
    ck_assert_ptr_nonnull (page);
    strcpy (page, "<html><head><title>Le budget</title><script type=\"application/ld+json\">"
                  "{\"@type\": \"NewsArticle\", \"datePublished\": \"2024-03-05T10:00:00Z\"}"
                  "</script></head><body><div class=\"site-navigation menu\"><a href=\"/\">"
                  "Accueil</a> <a href=\"/x\">Politique</a></div><article class=\"article-body\">");
    for (int i = 0; i < 8; i++)
        strcat (page, para);
    strcat (page, "<div class=\"visually-hidden\">Cach\xc3\xa9 ici</div>"
                  "<p style=\"display: none\">Pas vu non plus</p>"
                  "<p>Un texte joint</span> \xc3\xa0 la suite <!-- x --> et &amp; la fin</p>"
                  "</article>"
                  "<section class=\"comments-section\"><p>Premier commentaire, bravo.</p>"
                  "</section></body></html>");
    dp_clean_result_t a = { 0 }, b = { 0 };
    ck_assert_int_eq (dp_clean_html (c, page, strlen (page), &a), DP_OK);
    c->lean = false;
    ck_assert_int_eq (dp_clean_html (c, page, strlen (page), &b), DP_OK);
    c->lean = true;
    ck_assert_str_eq (a.text, b.text);
    ck_assert_ptr_nonnull (a.published);
    ck_assert_ptr_nonnull (b.published);
    ck_assert_str_eq (a.published, b.published);
    ck_assert (strstr (a.text, "conseil municipal"));
    ck_assert (strstr (a.text, "Un texte joint \xc3\xa0 la suite"));
    dp_clean_result_free (&a);
    dp_clean_result_free (&b);
    free (page);
    dp_cleaner_destroy (&c);
}
END_TEST

//  A page of n paragraphs (its text is long enough to be kept).
static char *
s_page (size_t n)
{
    static const char *para =
        "<p class=\"x\" data-a=\"1\">Le conseil municipal a voté mardi soir le budget "
        "des ponts, après trois heures de débat et deux suspensions de séance.</p>";
    size_t plen = strlen (para);
    char *page = malloc (64 + n * plen);
    ck_assert_ptr_nonnull (page);
    strcpy (page, "<html><body><article>");
    char *p = page + strlen (page);
    for (size_t i = 0; i < n; i++, p += plen)
        memcpy (p, para, plen);
    strcpy (p, "</article></body></html>");
    return page;
}

//  The text of a page, cleaned by a new cleaner (the caller frees it).
static char *
s_clean_text (dp_cleaner_t *c, const char *page)
{
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, page, strlen (page), &res), DP_OK);
    char *text = strdup (res.text);
    dp_clean_result_free (&res);
    return text;
}

static void *
s_thread (void *arg)
{
    const char **want = arg;
    dp_cleaner_t *c = s_cleaner ();
    char *small = s_page (20), *large = s_page (20000);
    for (int round = 0; round < 3; round++) {
        char *a = s_clean_text (c, large), *b = s_clean_text (c, small);
        if (strcmp (a, want [0]) != 0 || strcmp (b, want [1]) != 0)
            want = NULL;
        free (a);
        free (b);
    }
    free (small);
    free (large);
    dp_cleaner_destroy (&c);
    return want ? (void *) 1 : NULL;
}

START_TEST (test_arena_pages_and_threads)
{
    dp_cleaner_t *c = s_cleaner ();
    char *small = s_page (20), *large = s_page (20000);   //  ~3 MB: several chunks
    char *want [2] = { s_clean_text (c, large), s_clean_text (c, small) };
    ck_assert (strlen (want [0]) > 20000 * 100);
    dp_cleaner_destroy (&c);
    pthread_t t [3];
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq (pthread_create (&t [i], NULL, s_thread, want), 0);
    for (int i = 0; i < 3; i++) {
        void *ok = NULL;
        pthread_join (t [i], &ok);
        ck_assert_ptr_nonnull (ok);
    }
    free (want [0]);
    free (want [1]);
    free (small);
    free (large);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("clean_lean");
    TCase *tc = tcase_create ("lean");
    tcase_set_timeout (tc, 120);
    tcase_add_test (tc, test_lean_attributes);
    tcase_add_test (tc, test_lean_blanks);
    tcase_add_test (tc, test_lean_aside);
    tcase_add_test (tc, test_arena_pages_and_threads);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
