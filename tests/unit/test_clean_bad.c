//  Unit tests of the clean stage on input from hell and on its life cycle:
//  pages nested past libxml2's depth limit, stray end tags, huge
//  attributes, a start tag of 300 000 attributes, random bytes, a 100 MB page, binary and undeclared cp1252
//  input, and the rules file loader and cleaner reuse. The table-driven
//  cases of what clean keeps and drops are in test_clean.c. All inputs are
//  written here; nothing is read from outside the repository.
#include "clean/clean.h"
#include "depeche/dp_log.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clean_fixture.h"
#include "test_run.h"

//  --------------------------------------------------------------------------
//  Builds "prefix" + count * unit + "suffix" on the heap.

static char *
s_repeat (const char *prefix, const char *unit, size_t count, const char *suffix,
          size_t *len)
{
    size_t pl = strlen (prefix), ul = strlen (unit), sl = strlen (suffix);
    char *s = malloc (pl + ul * count + sl + 1);
    ck_assert_ptr_nonnull (s);
    memcpy (s, prefix, pl);
    for (size_t i = 0; i < count; i++)
        memcpy (s + pl + i * ul, unit, ul);
    memcpy (s + pl + ul * count, suffix, sl + 1);
    *len = pl + ul * count + sl;
    return s;
}

START_TEST (test_html_deep_nesting)
{
    //  libxml2 stops at 256 open elements and drops the rest of the page:
    //  the paragraph behind 100 000 unclosed wrappers must come out anyway.
    dp_cleaner_t *c = s_cleaner ();
    size_t len;
    char *html = s_repeat ("<html><body>", "<div><span>", 100000,
                           "<p>" PARA1 "</p><p>" PARA2 "</p>", &len);
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, len, &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_nonnull (strstr (res.text, PARA1 "\n\n" PARA2));
    dp_clean_result_free (&res);
    free (html);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_html_deep_then_closed)
{
    //  300 nested sections, closed, then more text: what follows the deep
    //  part is not lost, nor is what sits inside it.
    dp_cleaner_t *c = s_cleaner ();
    size_t a, b;
    char *open = s_repeat ("<html><head><title>Ponts</title></head><body><main>",
                           "<section><div>", 300, "<p>" PARA1 "</p>", &a);
    char *close = s_repeat ("", "</div></section>", 300,
                            "<p>" PARA2 "</p><p>" PARA3 "</p></main></body></html>", &b);
    char *html = malloc (a + b + 1);
    ck_assert_ptr_nonnull (html);
    memcpy (html, open, a);
    memcpy (html + a, close, b + 1);
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, a + b, &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_nonnull (strstr (res.text, PARA1));
    ck_assert_ptr_nonnull (strstr (res.text, PARA2 "\n\n" PARA3));
    ck_assert_str_eq (res.title, "Ponts");
    dp_clean_result_free (&res);
    free (html);
    free (open);
    free (close);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_html_deep_stray_end_tags)
{
    //  Deep nesting and then stray end tags: libxml2 would scan its whole
    //  stack of open elements for each (quadratic without a depth limit).
    //  This must stay fast (the test's timeout) and keep the paragraph.
    dp_cleaner_t *c = s_cleaner ();
    size_t a, b;
    char *open = s_repeat ("<html><body>", "<div>", 200000, "", &a);
    char *stray = s_repeat ("", "</x>", 500000, "<p>" PARA1 "</p>", &b);
    char *html = malloc (a + b + 1);
    ck_assert_ptr_nonnull (html);
    memcpy (html, open, a);
    memcpy (html + a, stray, b + 1);
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, a + b, &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_nonnull (strstr (res.text, PARA1));
    dp_clean_result_free (&res);
    free (html);
    free (open);
    free (stray);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_html_huge_attribute)
{
    dp_cleaner_t *c = s_cleaner ();
    size_t len;
    char *html = s_repeat ("<html><body><div class=\"", "ad x ", 400000,
                           "\" title=\"t\"><p>" PARA1 "</p></div></body></html>", &len);
    dp_clean_result_t res = { 0 };
    dp_rc_t rc = dp_clean_html (c, html, len, &res);
    ck_assert_int_eq (rc, DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_nonnull (strstr (res.text, "Le gouvernement"));
    dp_clean_result_free (&res);
    free (html);
    dp_cleaner_destroy (&c);
}
END_TEST

//  Builds a start tag "<tag" + n distinct attributes a0=x a1=x ... + rest.
static char *
s_many_attrs (const char *before, const char *tag, size_t n, const char *rest, size_t *len)
{
    size_t cap = strlen (before) + strlen (tag) + n * 12 + strlen (rest) + 8;
    char *s = malloc (cap);
    ck_assert_ptr_nonnull (s);
    size_t o = (size_t) sprintf (s, "%s<%s", before, tag);
    for (size_t i = 0; i < n; i++)
        o += (size_t) sprintf (s + o, " a%zu=x", i);
    o += (size_t) sprintf (s + o, "%s", rest);
    *len = o;
    return s;
}

START_TEST (test_html_many_attributes)
{
    //  libxml2 is quadratic in the attributes of one start tag: 300 000 of
    //  them (2.5 MB) did not end in 200 s. The tag keeps its first 256
    //  (attrs.c), even past a quoted value that holds markup, the page its
    //  text, and the result says a tag was cut.
    dp_cleaner_t *c = s_cleaner ();
    size_t len;
    char *html = s_many_attrs ("<html><body>", "div class=\"article\"", 300000,
                               " title=\"<p>Not a paragraph.</p>\" b=y><p>" PARA1
                               "</p></div></body></html>", &len);
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, len, &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_nonnull (strstr (res.text, "Le gouvernement"));
    ck_assert_ptr_null (strstr (res.text, "Not a paragraph"));
    ck_assert_uint_eq (res.n_attrs_cut, 1);
    dp_clean_result_free (&res);
    free (html);
    //  The same on a <meta> (whose attributes the lean copy keeps) and on a
    //  page that is not UTF-8 (parsed without the lean copy, attrs.c).
    html = s_many_attrs ("<html><head>", "meta name=\"x\"", 300000,
                         "></head><body><div class=\"article\"><p>" PARA1
                         "</p></div></body></html>", &len);
    memset (&res, 0, sizeof res);
    ck_assert_int_eq (dp_clean_html (c, html, len, &res), DP_OK);
    ck_assert_ptr_nonnull (strstr (res.text, "Le gouvernement"));
    ck_assert_uint_eq (res.n_attrs_cut, 1);
    dp_clean_result_free (&res);
    free (html);
    html = s_many_attrs ("<html><head><meta charset=\"windows-1252\"></head><body>",
                         "div class=\"article\"", 300000,
                         "><p>" PARA1 " Caf\xe9 du port.</p></div></body></html>", &len);
    memset (&res, 0, sizeof res);
    ck_assert_int_eq (dp_clean_html (c, html, len, &res), DP_OK);
    ck_assert_ptr_nonnull (strstr (res.text, "Caf\xc3\xa9 du port"));
    ck_assert_uint_eq (res.n_attrs_cut, 1);
    dp_clean_result_free (&res);
    free (html);
    //  A '<' in a script body is no tag: its "attributes" are not counted
    //  (else the cut would take the script's end tag, and the body with
    //  it), with or without the lean copy.
    for (int utf8 = 0; utf8 < 2; utf8++) {
        html = s_many_attrs (utf8 ? "<html><head><script>if (a " : "<html><head><meta "
                             "charset=\"windows-1252\"><script>if (a ", "b", 300,
                             ") go();</script></head><body><div class=\"article\"><p>"
                             PARA1 " Caf\xe9 du port.</p></div></body></html>", &len);
        if (utf8)
            memcpy (strstr (html, "Caf\xe9"), "Cafe", 4);
        memset (&res, 0, sizeof res);
        ck_assert_int_eq (dp_clean_html (c, html, len, &res), DP_OK);
        ck_assert_msg (res.text && strstr (res.text, "du port"), "utf8 %d: [%s]", utf8,
                       res.text ? res.text : "(null)");
        ck_assert_uint_eq (res.n_attrs_cut, 0);
        dp_clean_result_free (&res);
        free (html);
    }
    //  255 + class: as many as a tag keeps, nothing cut
    html = s_many_attrs ("<html><body>", "div class=x", 255,
                         "><p>" PARA1 "</p></div></body></html>", &len);
    memset (&res, 0, sizeof res);
    ck_assert_int_eq (dp_clean_html (c, html, len, &res), DP_OK);
    ck_assert_ptr_nonnull (strstr (res.text, "Le gouvernement"));
    ck_assert_uint_eq (res.n_attrs_cut, 0);
    dp_clean_result_free (&res);
    free (html);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_html_canonical_url)
{
    //  The canonical link, else og:url; relative or odd ones are no URL.
    static const struct { const char *head; const char *url; } cases [] = {
        { "<link rel=\"canonical\" href=\"https://exemple.fr/a/1.html\">"
          "<meta property=\"og:url\" content=\"https://exemple.fr/og\">",
          "https://exemple.fr/a/1.html" },
        { "<meta property=\"og:url\" content=\"https://exemple.fr/og\">"
          "<link rel=\"Canonical\" href=\"http://exemple.fr/b\">",
          "http://exemple.fr/b" },
        { "<link rel=\"canonical\" href=\"/relative/page\">"
          "<meta property=\"og:url\" content=\"https://exemple.fr/og\">",
          "https://exemple.fr/og" },
        { "<link rel=\"canonical\" href=\"https://exemple.fr/a b\">", NULL },
        { "<link rel=\"stylesheet\" href=\"https://exemple.fr/s.css\">", NULL },
    };
    dp_cleaner_t *c = s_cleaner ();
    for (size_t i = 0; i < sizeof cases / sizeof cases [0]; i++) {
        char page [2048];
        snprintf (page, sizeof page, "<html><head>%s</head><body><article>"
                  "<p>" PARA1 "</p><p><a href=\"https://exemple.fr/x\">lien</a>"
                  "</p></article></body></html>", cases [i].head);
        dp_clean_result_t res = { 0 };
        ck_assert_int_eq (dp_clean_html (c, page, strlen (page), &res), DP_OK);
        if (cases [i].url)
            ck_assert_msg (res.url && strcmp (res.url, cases [i].url) == 0,
                           "case %zu: url [%s]", i, res.url ? res.url : "(null)");
        else
            ck_assert_msg (!res.url, "case %zu: url [%s]", i, res.url);
        dp_clean_result_free (&res);
    }
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_html_quiet)
{
    //  Broken HTML must not make libxml2 print on stderr.
    dp_cleaner_t *c = s_cleaner ();
    fflush (stderr);
    int saved = dup (2);
    FILE *tmp = tmpfile ();
    ck_assert_ptr_nonnull (tmp);
    dup2 (fileno (tmp), 2);
    static const char *pages [] = {
        "<html><body><p>" PARA1 "</b></i></table><p <p>>>&bogus;&#xFFFFFFF;</html>",
        "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY x \"y\">]><foo>&x;" PARA2,
        "<html><body><p>" PARA3 "<![CDATA[ x ]]><!-- unterminated",
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages [0]; i++) {
        dp_clean_result_t res = { 0 };
        dp_clean_html (c, pages [i], strlen (pages [i]), &res);
        dp_clean_result_free (&res);
    }
    fflush (stderr);
    fseek (tmp, 0, SEEK_END);
    long size = ftell (tmp);
    dup2 (saved, 2);
    close (saved);
    fclose (tmp);
    ck_assert_int_eq (size, 0);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_random_bytes)
{
    //  Pseudo-random bytes, then the same made mostly printable: no crash,
    //  any result valid.
    dp_cleaner_t *c = s_cleaner ();
    uint32_t x = 2463534242u;
    char buf [4096];
    for (int round = 0; round < 200; round++) {
        size_t len = (size_t) (round * 20) % sizeof buf;
        for (size_t i = 0; i < len; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            buf [i] = (char) (round % 2 ? "<>/ap \n\xC3\xA9=\"'&;!-x" [x % 17] : (char) x);
        }
        for (int html = 0; html < 2; html++) {
            dp_clean_result_t res = { 0 };
            dp_rc_t rc = html ? dp_clean_html (c, buf, len, &res)
                              : dp_clean_text (c, buf, len, &res);
            ck_assert (rc == DP_OK || rc == DP_DEAD);
            if (rc == DP_OK)
                s_check_invariants (&res);
            else
                ck_assert_ptr_nonnull (res.error);
            dp_clean_result_free (&res);
        }
    }
    dp_cleaner_destroy (&c);
}
END_TEST

//  ==========================================================================
//  Bad input: no crash, bounded time and memory, a clear error when nothing
//  usable is left
//  ==========================================================================

//  Large-page size: 20 MB, or 8 MB under ASan (the sanitized parse is ~5x
//  slower and the test must stay well under the tcase timeout).
#if defined(__SANITIZE_ADDRESS__)
#   define S_BIG_PAGE (8u << 20)
#else
#   define S_BIG_PAGE (20u << 20)
#endif

START_TEST (test_bad_100mb_page)
{
    //  Above the 64 MB input limit: dead-lettered at once, with a reason.
    dp_cleaner_t *c = s_cleaner ();
    size_t unit_len = strlen ("<p>" PARA1 "</p>");
    size_t count = (100u << 20) / unit_len + 1;
    size_t len;
    char *html = s_repeat ("<html><body>", "<p>" PARA1 "</p>", count, "</body></html>", &len);
    ck_assert_uint_ge (len, 100u << 20);
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, len, &res), DP_DEAD);
    ck_assert_ptr_nonnull (res.error);
    ck_assert_ptr_nonnull (strstr (res.error, "too large"));
    dp_clean_result_free (&res);
    free (html);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_bad_big_page)
{
    //  A big page under the limit (S_BIG_PAGE of menus and paragraphs) is
    //  cleaned: the menus go, the paragraphs stay.
    dp_cleaner_t *c = s_cleaner ();
    //  Numbered paragraphs: identical ones would be removed as repeats.
#define S_BIG_UNIT "<div><ul class=\"menu\"><li><a href=/a>Accueil</a></li></ul>" \
                   "<p>%zu. " PARA2 "</p></div>"
    size_t cap = S_BIG_PAGE + 4096, len = 0;
    char *html = malloc (cap);
    ck_assert_ptr_nonnull (html);
    len += (size_t) snprintf (html, cap, "<html><body><article>");
    for (size_t i = 0; len + 1024 < S_BIG_PAGE; i++)
        len += (size_t) snprintf (html + len, cap - len, S_BIG_UNIT, i);
    len += (size_t) snprintf (html + len, cap - len, "</article></body></html>");
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, len, &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_null (strstr (res.text, "Accueil"));
    ck_assert_uint_gt (res.text_len, S_BIG_PAGE / 4);
    dp_clean_result_free (&res);
    free (html);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_bad_huge_text_node)
{
    //  One text node over libxml2's 10 MB limit (under clean's 64 MB):
    //  libxml2 stopped there, losing the rest of the node and the page,
    //  and nothing said so. All of it is kept, and what follows.
    dp_cleaner_t *c = s_cleaner ();
    size_t unit_len = strlen (PARA1 " ");
    size_t count = (11u << 20) / unit_len + 1;
    size_t len;
    char *html = s_repeat ("<html><body><article><p>", PARA1 " ", count,
                           "</p><p>Le dernier paragraphe de la page.</p></article></body></html>",
                           &len);
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, len, &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_uint_gt (res.text_len, count * unit_len - 1024);
    ck_assert_ptr_nonnull (strstr (res.text + res.text_len - 200, "Le dernier paragraphe"));
    dp_clean_result_free (&res);
    free (html);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_bad_nested_divs)
{
    //  100 000 nested <div>s around two paragraphs, none closed.
    dp_cleaner_t *c = s_cleaner ();
    size_t len;
    char *html = s_repeat ("<html><body>", "<div class=\"x\">", 100000,
                           "<p>" PARA1 "</p><p>" PARA2 "</p>", &len);
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, len, &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_nonnull (strstr (res.text, PARA1 "\n\n" PARA2));
    dp_clean_result_free (&res);
    free (html);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_bad_unclosed_script)
{
    //  An unclosed <script> swallows the rest of the page: what came before
    //  it is the text, nothing of the script leaks.
    dp_cleaner_t *c = s_cleaner ();
    const char *html = "<html><body><article><p>" PARA1 "</p><p>" PARA2 "</p>"
                       "<script>var leak = '<p>fuite du script</p>'; for (;;) {";
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, strlen (html), &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_nonnull (strstr (res.text, "Le gouvernement"));
    ck_assert_ptr_null (strstr (res.text, "fuite"));
    ck_assert_ptr_null (strstr (res.text, "leak"));
    dp_clean_result_free (&res);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_bad_binary)
{
    //  A PNG (and NUL-ridden bytes) given as HTML: a clear error.
    dp_cleaner_t *c = s_cleaner ();
    char png [2048];
    memcpy (png, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    for (size_t i = 16; i < sizeof png; i++)
        png [i] = (char) ((i * 7919u) % 256);
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, png, sizeof png, &res), DP_DEAD);
    ck_assert_ptr_nonnull (res.error);
    dp_clean_result_free (&res);
    memset (&res, 0, sizeof res);
    ck_assert_int_eq (dp_clean_text (c, png, sizeof png, &res), DP_DEAD);
    ck_assert_ptr_nonnull (res.error);
    dp_clean_result_free (&res);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_bad_cp1252_undeclared)
{
    //  windows-1252 bytes, no charset anywhere: decoded as windows-1252.
    dp_cleaner_t *c = s_cleaner ();
    const char *html = "<html><body><p>L'\xE9t\xE9 dernier, la r\xE9gion a vot\xE9 un budget de "
                       "s\xE9" "curit\xE9 \x96 plus de cent millions d'euros \x80 pour les "
                       "routes et les ponts du d\xE9partement.</p></body></html>";
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, strlen (html), &res), DP_OK);
    s_check_invariants (&res);
    ck_assert_ptr_nonnull (strstr (res.text, "L'\xC3\xA9t\xC3\xA9 dernier"));
    ck_assert_ptr_nonnull (strstr (res.text, "\xE2\x80\x93"));    //  en dash
    ck_assert_ptr_nonnull (strstr (res.text, "\xE2\x82\xAC"));    //  euro sign
    dp_clean_result_free (&res);
    dp_cleaner_destroy (&c);
}
END_TEST

START_TEST (test_bad_empty_and_menu_only)
{
    //  Nothing usable left: DP_DEAD with a reason, never an empty text.
    dp_cleaner_t *c = s_cleaner ();
    static const char *pages [] = {
        "<html><head><title>x</title></head><body></body></html>",
        "<html><body>   \n\t </body></html>",
        "<html><body><nav><ul><li><a href=/>Accueil</a></li><li><a href=/m>Monde</a></li>"
        "<li><a href=/s>Sport</a></li><li><a href=/c>Culture</a></li></ul></nav>"
        "<ul><li><a href=/a>Politique</a></li><li><a href=/b>Économie</a></li>"
        "<li><a href=/d>Météo</a></li><li><a href=/e>Contact</a></li></ul></body></html>",
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages [0]; i++) {
        dp_clean_result_t res = { 0 };
        ck_assert_int_eq (dp_clean_html (c, pages [i], strlen (pages [i]), &res), DP_DEAD);
        ck_assert_ptr_nonnull (res.error);
        ck_assert_ptr_null (res.text);
        dp_clean_result_free (&res);
    }
    dp_cleaner_destroy (&c);
}
END_TEST

//  ==========================================================================
//  Cleaner life cycle and rules file
//  ==========================================================================

//  Writes content to a new temporary file; returns its path (caller frees
//  and unlinks).

static char *
s_temp_rules (const char *content)
{
    char *path = strdup ("/tmp/test_clean_rules_XXXXXX");
    ck_assert_ptr_nonnull (path);
    int fd = mkstemp (path);
    ck_assert_int_ge (fd, 0);
    size_t len = strlen (content);
    ck_assert_int_eq (write (fd, content, len), (ssize_t) len);
    close (fd);
    return path;
}

START_TEST (test_rules_bad_pattern)
{
    char *path = s_temp_rules ("# fine\n^ok$\n\n# broken on line 4\n(unclosed[\n");
    dp_cleaner_t *c = dp_cleaner_new (path);
    ck_assert_ptr_null (c);
    unlink (path);
    free (path);
}
END_TEST

START_TEST (test_rules_bad_section)
{
    char *path = s_temp_rules ("@section (?<=a+)b\n");
    ck_assert_ptr_null (dp_cleaner_new (path));
    unlink (path);
    free (path);
}
END_TEST

START_TEST (test_rules_missing_file)
{
    ck_assert_ptr_null (dp_cleaner_new ("/nonexistent/depeche/rules"));
}
END_TEST

START_TEST (test_rules_custom)
{
    //  A user rule removes its lines; a user section removes its teasers.
    char *path = s_temp_rules ("#  house rule\n^Abonnez-vous au Quotidien\n"
                               "@section ^Nos archives$\n");
    dp_cleaner_t *c = dp_cleaner_new (path);
    ck_assert_ptr_nonnull (c);
    const char *text = PARA1 "\nAbonnez-vous au Quotidien pour un euro\n" PARA2 "\n"
                       "Nos archives\nLe pont de 1998\nUn autre effondrement avait...\n";
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_text (c, text, strlen (text), &res), DP_OK);
    ck_assert_str_eq (res.text, PARA1 "\n\n" PARA2);
    ck_assert_uint_ge (res.n_removed, 4);
    dp_clean_result_free (&res);
    dp_cleaner_destroy (&c);
    unlink (path);
    free (path);
}
END_TEST

START_TEST (test_rules_merged_keep_meaning)
{
    //  Anchored rules are matched as one alternation: a back-reference, a
    //  top-level alternation ("^a|b" is not anchored as a whole) and a
    //  numbered group must keep their meaning next to the other rules.
    char *path = s_temp_rules ("^(\\w+) \\1$\n"
                               "^Publicité maison|soutenez-nous\n"
                               "^(?:voir|lire) (la suite|plus)$\n"
                               "^[]|] fin$\n");
    dp_cleaner_t *c = dp_cleaner_new (path);
    ck_assert_ptr_nonnull (c);
    const char *text = PARA1 "\nbis bis\nbis ter\n" PARA2 "\n"
                       "Merci, soutenez-nous dès aujourd'hui\nlire la suite\n] fin\n" PARA3 "\n";
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_text (c, text, strlen (text), &res), DP_OK);
    ck_assert_str_eq (res.text, PARA1 "\n\nbis ter\n\n" PARA2 "\n\n" PARA3);
    dp_clean_result_free (&res);
    dp_cleaner_destroy (&c);
    unlink (path);
    free (path);
}
END_TEST

START_TEST (test_cleaner_default_and_destroy)
{
    //  NULL rules path: the bundled file through dp_data_path ($DP_DATA).
    char *path = s_rules_path ();
    ck_assert_ptr_nonnull (path);
    char *dir = strdup (path);
    char *cut = strstr (dir, "/clean/boilerplate.rules");
    if (cut)
        *cut = '\0';
    else
        strcpy (dir, ".");
    setenv ("DP_DATA", cut ? dir : "data", 1);
    dp_cleaner_t *c = dp_cleaner_new (NULL);
    ck_assert_ptr_nonnull (c);
    dp_cleaner_destroy (&c);
    ck_assert_ptr_null (c);
    dp_cleaner_destroy (&c);
    dp_cleaner_destroy (NULL);
    unsetenv ("DP_DATA");
    free (dir);
    free (path);

    dp_clean_result_t res = { 0 };
    dp_clean_result_free (&res);
    dp_clean_result_free (&res);
    dp_clean_result_free (NULL);
}
END_TEST

START_TEST (test_reuse_cleaner)
{
    //  One cleaner, many articles: results do not leak into each other.
    dp_cleaner_t *c = s_cleaner ();
    for (int i = 0; i < 50; i++) {
        dp_clean_result_t res = { 0 };
        const char *t = i % 2 ? PARA1 "\nTags: a b\n" : PARA2;
        ck_assert_int_eq (dp_clean_text (c, t, strlen (t), &res), DP_OK);
        ck_assert_uint_eq (res.n_tags, i % 2 ? 2 : 0);
        dp_clean_result_free (&res);
    }
    dp_cleaner_destroy (&c);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("clean_bad");
    TCase *tc = tcase_create ("html");
    tcase_set_timeout (tc, 60);
    tcase_add_test (tc, test_html_deep_nesting);
    tcase_add_test (tc, test_html_deep_then_closed);
    tcase_add_test (tc, test_html_deep_stray_end_tags);
    tcase_add_test (tc, test_html_huge_attribute);
    tcase_add_test (tc, test_html_many_attributes);
    tcase_add_test (tc, test_html_canonical_url);
    tcase_add_test (tc, test_html_quiet);
    tcase_add_test (tc, test_random_bytes);
    suite_add_tcase (s, tc);
    tc = tcase_create ("bad input");
    tcase_set_timeout (tc, 120);
    tcase_add_test (tc, test_bad_100mb_page);
    tcase_add_test (tc, test_bad_big_page);
    tcase_add_test (tc, test_bad_huge_text_node);
    tcase_add_test (tc, test_bad_nested_divs);
    tcase_add_test (tc, test_bad_unclosed_script);
    tcase_add_test (tc, test_bad_binary);
    tcase_add_test (tc, test_bad_cp1252_undeclared);
    tcase_add_test (tc, test_bad_empty_and_menu_only);
    suite_add_tcase (s, tc);
    tc = tcase_create ("cleaner");
    tcase_add_test (tc, test_rules_bad_pattern);
    tcase_add_test (tc, test_rules_bad_section);
    tcase_add_test (tc, test_rules_missing_file);
    tcase_add_test (tc, test_rules_custom);
    tcase_add_test (tc, test_rules_merged_keep_meaning);
    tcase_add_test (tc, test_cleaner_default_and_destroy);
    tcase_add_test (tc, test_reuse_cleaner);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    dp_log_init ("test_clean_bad");
    return dp_test_run (s_suite ());
}
