//  Unit tests of the named character references that libxml2 2.9.14
//  leaves in a text and clean decodes as HTML does (stages/clean/refs.c):
//  legacy names without ';' ("&nbsp", "&eacute"), names only HTML5 has
//  ("&mldr;"), what names nothing ("AT&T", "R&D") left alone, the
//  longest legacy name a longer word starts with ("&notit;"), and whole
//  pages whose text and title hold them. Inputs are made here.
#include "clean/clean_impl.h"
#include "clean_fixture.h"
#include "depeche/dp_log.h"
#include "test_run.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *in, *out;
} s_decode_cases [] = {
    { "a&nbsp b", "a\u00a0 b" },
    { "&nbsp&nbsp", "\u00a0\u00a0" },
    { "caf&eacute au lait", "café au lait" },
    { "&copy 2024 &AMP &lt3 x&gt", "© 2024 & <3 x>" },
    { "&mldr; &colon; &NewLine; &rarr;", "… : \n →" },
    { "AT&T, R&D, Q&A, B&Q, a & b, &", "AT&T, R&D, Q&A, B&Q, a & b, &" },
    { "&notit; &nbspx; &copy2024 &ampx", "¬it; \u00a0x; ©2024 &x" },
    { "&notin; &Notit; &nosuch; &#8217 &#x; &1;", "∉ &Notit; &nosuch; &#8217 &#x; &1;" },
    { "&fjlig; &Afr; &nGt;", "fj \U0001D504 &nGt;" },
    { "no reference at all", "no reference at all" },
    { "end &nbsp", "end \u00a0" },
    { "end &", "end &" },
};

START_TEST (test_refs_decode)
{
    const char *in = s_decode_cases [_i].in, *want = s_decode_cases [_i].out;
    char *s = strdup (in);
    ck_assert_ptr_nonnull (s);
    size_t n = dpc_refs_decode (s, strlen (s));
    ck_assert_uint_eq (n, strlen (s));
    ck_assert_msg (strcmp (s, want) == 0, "[%s] -> [%s], expected [%s]", in, s, want);
    free (s);
}
END_TEST

//  A page whose paragraphs and title hold references libxml2 leaves.
#define S_PARA "<p>The council met on Tuesday&nbsp;evening and voted&nbsp for the new " \
    "bridge across the river, which engineers say will last a century&mldr; " \
    "The vote was close, and AT&T and R&D firms in the region have already " \
    "offered to help with the caf&eacute and the works&nbsp;plan.</p>\n"

START_TEST (test_refs_page)
{
    const char *html =
        "<html><head><title>Bridge&nbsp vote at the caf&eacute &mldr;</title></head>"
        "<body><article>\n" S_PARA S_PARA S_PARA "</article></body></html>";
    dp_cleaner_t *c = s_cleaner ();
    dp_clean_result_t res = { 0 };
    ck_assert_int_eq (dp_clean_html (c, html, strlen (html), &res), DP_OK);
    ck_assert_ptr_nonnull (res.text);
    ck_assert_msg (!strstr (res.text, "&nbsp") && !strstr (res.text, "&mldr")
                   && !strstr (res.text, "&eacute"), "text [%s]", res.text);
    ck_assert_msg (strstr (res.text, "century…") && strstr (res.text, "the café and")
                   && strstr (res.text, "AT&T and R&D firms"), "text [%s]", res.text);
    ck_assert_ptr_nonnull (res.title);
    ck_assert_msg (!strstr (res.title, "&") && strstr (res.title, "the café …"),
                   "title [%s]", res.title);
    dp_clean_result_free (&res);
    dp_cleaner_destroy (&c);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("clean_refs");
    TCase *tc = tcase_create ("refs");
    tcase_add_loop_test (tc, test_refs_decode, 0,
                         (int) (sizeof s_decode_cases / sizeof s_decode_cases [0]));
    tcase_add_test (tc, test_refs_page);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    dp_log_init ("test_clean_refs");
    return dp_test_run (s_suite ());
}
