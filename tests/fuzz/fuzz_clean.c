//  depeche — fuzz target for the cleaner: the input is cleaned as an HTML
//  page and as scraped text. Checks what dp_clean_result_t promises: DP_OK
//  gives non-empty, NUL-terminated, valid UTF-8 text of text_len bytes and
//  well-formed metadata; DP_DEAD gives a reason; DP_FATAL (out of memory)
//  never happens here.
#include "clean/clean.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
    LLVMFuzzerInitialize (int *argc, char ***argv);
int
    LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define S_CHECK(cond) \
    do { if (!(cond)) s_fail (#cond, __LINE__); } while (0)

static dp_cleaner_t *s_cleaner;         //  made once, rules from $DP_DATA

static void
s_fail (const char *what, int line)
{
    fprintf (stderr, "fuzz_clean.c:%d: invariant failed: %s\n", line, what);
    abort ();
}

static void
s_cleanup (void)
{
    dp_cleaner_destroy (&s_cleaner);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    s_cleaner = dp_cleaner_new (NULL);
    if (!s_cleaner) {
        fprintf (stderr, "fuzz_clean: no cleaner (set DP_DATA to the data folder)\n");
        exit (2);
    }
    atexit (s_cleanup);
    return 0;
}

//  --------------------------------------------------------------------------
//  "YYYY-MM-DD" or "YYYY-MM".

static bool
s_is_date (const char *s)
{
    size_t n = strlen (s);
    if (n != 7 && n != 10)
        return false;
    for (size_t i = 0; i < n; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? s [i] != '-' : !isdigit ((unsigned char) s [i]))
            return false;
    }
    return true;
}

static bool
s_is_clean_str (const char *s)
{
    return dp_utf8_valid (s, strlen (s));
}

static void
s_check_result (dp_rc_t rc, const dp_clean_result_t *res)
{
    S_CHECK (rc == DP_OK || rc == DP_DEAD);
    if (rc == DP_DEAD) {
        S_CHECK (res->error && res->error [0]);
        return;
    }
    S_CHECK (res->error == NULL);
    S_CHECK (res->text && res->text_len > 0);
    S_CHECK (res->text [res->text_len] == '\0');
    S_CHECK (dp_utf8_valid (res->text, res->text_len));
    if (res->title)
        S_CHECK (s_is_clean_str (res->title));
    if (res->published) {
        if (!s_is_date (res->published))
            fprintf (stderr, "published: \"%s\"\n", res->published);
        S_CHECK (s_is_date (res->published));
    }
    if (res->lang)
        S_CHECK (s_is_clean_str (res->lang) && res->lang [0]);
    S_CHECK (res->n_tags == 0 || res->tags);
    for (size_t i = 0; i < res->n_tags; i++)
        S_CHECK (res->tags [i] && s_is_clean_str (res->tags [i]));
    const char *lang = dp_clean_guess_lang (res->text, res->text_len);
    //  One of dp_lang_guess's seven two-letter codes, or none.
    S_CHECK (!lang || (strlen (lang) == 2 && strstr ("fr en de es it nl pt", lang)));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    const char *s = (const char *) data;
    dp_clean_result_t res;

    memset (&res, 0, sizeof res);
    s_check_result (dp_clean_html (s_cleaner, s, size, &res), &res);
    dp_clean_result_free (&res);
    S_CHECK (res.text == NULL && res.n_tags == 0 && res.error == NULL);

    memset (&res, 0, sizeof res);
    s_check_result (dp_clean_text (s_cleaner, s, size, &res), &res);
    dp_clean_result_free (&res);

    (void) dp_clean_guess_lang (s, size);
    return 0;
}
