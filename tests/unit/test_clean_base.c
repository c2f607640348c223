//  Unit tests of the clean stage's baseline (stages/clean/base.c), called
//  as a plain function on small trees written here: which element it
//  picks. Not the whole stage (test_clean*.c run dp_clean_html); nothing
//  is read from outside the repository.
#include "clean/clean_impl.h"
#include "depeche/dp_log.h"

#include <check.h>
#include <libxml/HTMLparser.h>
#include <string.h>
#include "test_run.h"

//  Two paragraphs of the same length and the same commas.
#define PA "The council voted on Tuesday to rebuild the old bridge, after cracks were found."
#define PB "The mayor said on Monday that the new school would open, after years of delays."

//  Two containers that score the same: the same tag, no class or id, the
//  same paragraphs, each alone in a wrapper of its own (so that neither
//  joins the other as a sibling of the best).
static const char *s_twins =
    "<html><body>"
    "<div><div><p>" PA "</p><p>" PB "</p></div></div>"
    "<div><div><p>" PB "</p><p>" PA "</p></div></div>"
    "</body></html>";

//  The <body> of a parsed page.
static xmlNode *
s_body_of (htmlDocPtr doc)
{
    xmlNode *top = xmlDocGetRootElement (doc);
    ck_assert_ptr_nonnull (top);
    for (xmlNode *c = top->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp ((const char *) c->name, "body") == 0)
            return c;
    ck_abort_msg ("no body");
    return NULL;
}

//  The first element child of n.
static xmlNode *
s_first_element (xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return c;
    ck_abort_msg ("no element under %s", (const char *) n->name);
    return NULL;
}

//  The baseline's single pick on the body.
static xmlNode *
s_pick (xmlNode *body)
{
    dpc_work_t w;
    memset (&w, 0, sizeof w);
    dpc_mass (body);
    xmlNode *roots [DPC_MAX_ROOTS];
    size_t prose = 0;
    size_t n = dpc_baseline (&w, body, roots, DPC_MAX_ROOTS, &prose);
    dpc_mass_clear (body);
    ck_assert_uint_eq (n, 1);
    ck_assert_uint_gt (prose, 0);
    return roots [0];
}

//  Of two containers that score the same, the first in the document wins,
//  whichever sits at the lower address and whatever order the table keeps.
//  The page is walked twice: as parsed, then with the first wrapper moved
//  after the second (the nodes keep their addresses, the document order
//  turns), so a pick by address, or by the table's order, is wrong in one
//  of the two, and a pick of the last in document order in both.
START_TEST (test_tie_document_order)
{
    htmlDocPtr doc = htmlReadMemory (s_twins, (int) strlen (s_twins), NULL, "UTF-8",
                                     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    ck_assert_ptr_nonnull (doc);
    xmlNode *body = s_body_of (doc);
    xmlNode *outer1 = s_first_element (body);
    xmlNode *outer2 = outer1->next;
    ck_assert_ptr_nonnull (outer2);
    xmlNode *inner1 = s_first_element (outer1);
    xmlNode *inner2 = s_first_element (outer2);

    //  As parsed: inner1 comes first.
    ck_assert_ptr_eq (s_pick (body), inner1);
    ck_assert_ptr_eq (s_pick (body), inner1);       //  the same on a second call

    //  Swapped: inner2 comes first now.
    xmlUnlinkNode (outer1);
    ck_assert_ptr_nonnull (xmlAddChild (body, outer1));
    ck_assert_ptr_eq (s_first_element (body), outer2);
    ck_assert_ptr_eq (s_pick (body), inner2);

    //  The two walks saw the same addresses: one of them put the document's
    //  first at the higher one (what makes a pick by address fail here).
    ck_assert_ptr_ne (inner1, inner2);
    xmlFreeDoc (doc);
}
END_TEST

//  The tie only decides ties: a container that scores more wins wherever it
//  sits (a third paragraph in the second one).
START_TEST (test_tie_only_on_equal_scores)
{
    static const char *page =
        "<html><body>"
        "<div><div><p>" PA "</p><p>" PB "</p></div></div>"
        "<div><div><p>" PB "</p><p>" PA "</p><p>" PA "</p></div></div>"
        "</body></html>";
    htmlDocPtr doc = htmlReadMemory (page, (int) strlen (page), NULL, "UTF-8",
                                     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    ck_assert_ptr_nonnull (doc);
    xmlNode *body = s_body_of (doc);
    xmlNode *inner2 = s_first_element (s_first_element (body)->next);
    ck_assert_ptr_eq (s_pick (body), inner2);
    xmlFreeDoc (doc);
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("clean_base");
    TCase *tc = tcase_create ("baseline");
    tcase_add_test (tc, test_tie_document_order);
    tcase_add_test (tc, test_tie_only_on_equal_scores);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    dp_log_init ("test_clean_base");
    int failed = dp_test_run (s_suite ());
    xmlCleanupParser ();
    return failed;
}
