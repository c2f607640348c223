//  One table case of the clean stage's unit tests and its runner, shared by
//  test_clean.c (HTML) and test_clean_text.c (scraped text): the input,
//  the expected return code, and what the output must and must not hold.
#ifndef DP_TEST_CLEAN_CASE_H
#define DP_TEST_CLEAN_CASE_H

#include "clean_fixture.h"

#include <stdbool.h>
#include <string.h>

#define MAX_CHECKS 8

static inline bool
s_has_tag (const dp_clean_result_t *res, const char *tag)
{
    for (size_t i = 0; i < res->n_tags; i++)
        if (strcmp (res->tags [i], tag) == 0)
            return true;
    return false;
}

//  One table case: input, expected rc, and what the output must (not) hold.
typedef struct {
    const char *name;                   //  shown on failure
    const char *input;                  //  NUL-terminated input
    size_t len;                         //  0: strlen (input)
    dp_rc_t rc;                         //  expected return code
    const char *error;                  //  expected error (DP_DEAD)
    const char *has [MAX_CHECKS];       //  substrings the text must hold
    const char *hasnt [MAX_CHECKS];     //  substrings it must not hold
    const char *title;                  //  expected title, or NULL: no check
    const char *published;              //  expected date, or NULL: no check
    const char *lang;                   //  expected lang, or NULL: no check
    const char *tags [MAX_CHECKS];      //  tags that must be lifted
    bool repaired;                      //  n_repaired must be > 0
    bool fallback;                      //  the conservative extraction is expected
} s_case_t;

static inline void
s_run_case (dp_cleaner_t *c, const s_case_t *tc, bool html)
{
    dp_clean_result_t res = { 0 };
    size_t len = tc->len ? tc->len : strlen (tc->input);
    dp_rc_t rc = html ? dp_clean_html (c, tc->input, len, &res)
                      : dp_clean_text (c, tc->input, len, &res);
    ck_assert_msg (rc == tc->rc, "%s: rc %d, expected %d (error %s, text [%s])",
                   tc->name, rc, tc->rc, res.error ? res.error : "-",
                   res.text ? res.text : "");
    if (rc == DP_OK) {
        s_check_invariants (&res);
        ck_assert_ptr_null (res.error);
    }
    else {
        ck_assert_ptr_nonnull (res.error);
        if (tc->error)
            ck_assert_msg (strcmp (res.error, tc->error) == 0, "%s: error [%s]",
                           tc->name, res.error);
    }
    for (int i = 0; i < MAX_CHECKS && tc->has [i]; i++)
        ck_assert_msg (res.text && strstr (res.text, tc->has [i]),
                       "%s: text lacks [%s]:\n%s", tc->name, tc->has [i],
                       res.text ? res.text : "(null)");
    for (int i = 0; i < MAX_CHECKS && tc->hasnt [i]; i++)
        ck_assert_msg (!res.text || !strstr (res.text, tc->hasnt [i]),
                       "%s: text holds [%s]:\n%s", tc->name, tc->hasnt [i], res.text);
    if (tc->title)
        ck_assert_msg (res.title && strcmp (res.title, tc->title) == 0,
                       "%s: title [%s]", tc->name, res.title ? res.title : "(null)");
    if (tc->published)
        ck_assert_msg (res.published && strcmp (res.published, tc->published) == 0,
                       "%s: published [%s]", tc->name,
                       res.published ? res.published : "(null)");
    if (tc->lang)
        ck_assert_msg (res.lang && strcmp (res.lang, tc->lang) == 0,
                       "%s: lang [%s]", tc->name, res.lang ? res.lang : "(null)");
    for (int i = 0; i < MAX_CHECKS && tc->tags [i]; i++)
        ck_assert_msg (s_has_tag (&res, tc->tags [i]), "%s: tag [%s] missing",
                       tc->name, tc->tags [i]);
    if (tc->repaired)
        ck_assert_msg (res.n_repaired > 0, "%s: nothing repaired", tc->name);
    ck_assert_msg (res.fallback == tc->fallback, "%s: fallback %d", tc->name, res.fallback);
    dp_clean_result_free (&res);
    ck_assert_ptr_null (res.text);
}

#endif
