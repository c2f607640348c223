//  One layout page of the clean stage's unit tests and its check, shared by
//  test_clean_layouts.c and test_clean_layouts2.c: a page, the pieces of
//  its body that must come out in that order, and the furniture that must
//  not come out at all.
#ifndef DP_TEST_CLEAN_LAYOUT_H
#define DP_TEST_CLEAN_LAYOUT_H

#include "clean_fixture.h"

#include <check.h>
#include <string.h>

#define MAX_BODY 12
#define MAX_FURN 6

//  One case: a page, the body's pieces in order, the furniture left out.
typedef struct {
    const char *name;
    const char *html;
    const char *body [MAX_BODY];
    const char *furn [MAX_FURN];
} s_case_t;

static inline void
s_check_layout (const s_case_t *tc)
{
    dp_cleaner_t *c = s_cleaner ();
    dp_clean_result_t res = { 0 };
    dp_rc_t rc = dp_clean_html (c, tc->html, strlen (tc->html), &res);
    ck_assert_msg (rc == DP_OK, "%s: rc %d (%s)", tc->name, rc, res.error ? res.error : "-");
    s_check_invariants (&res);
    const char *at = res.text;
    for (int i = 0; i < MAX_BODY && tc->body [i]; i++) {
        const char *hit = strstr (at, tc->body [i]);
        ck_assert_msg (hit, "%s: body piece %d [%.40s] missing or out of order:\n%s",
                       tc->name, i, tc->body [i], res.text);
        at = hit + strlen (tc->body [i]);
    }
    for (int i = 0; i < MAX_FURN && tc->furn [i]; i++)
        ck_assert_msg (!strstr (res.text, tc->furn [i]), "%s: furniture [%s] kept:\n%s",
                       tc->name, tc->furn [i], res.text);
    dp_clean_result_free (&res);
    dp_cleaner_destroy (&c);
}

#endif
