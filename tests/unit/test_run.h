//  depeche tests — the Check runner that every unit test's main ends with:
//  runs the suite (each test in a forked process, Check's default), frees
//  the runner and gives the exit status, 0 when every check passed.
#ifndef DP_TEST_RUN_H
#define DP_TEST_RUN_H

#include <check.h>

static inline int
dp_test_run (Suite *s)
{
    SRunner *sr = srunner_create (s);
    srunner_run_all (sr, CK_NORMAL);
    int failed = srunner_ntests_failed (sr);
    srunner_free (sr);
    return failed ? 1 : 0;
}

#endif
