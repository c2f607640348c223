//  depeche — fuzz target for the hand reader of a long JSON line's tokens
//  (dp_json_tok.c), which dp_json.c calls only on lines over 64 KB, so the
//  article target never reaches it. Arbitrary bytes go to
//  dp_json_take_tokens, and what it did is checked against jansson reading
//  the same bytes. When it takes the tokens:
//  - the copy is as long as the line, and its "tokens" reads as null;
//  - jansson reads the line if and only if it reads the copy;
//  - when it does, its "tokens" holds exactly the pairs read by hand.
//  When it does not, the article is left untouched.
#include "depeche/dp_article.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
    LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define S_CHECK(cond) \
    do { if (!(cond)) s_fail (#cond, __LINE__); } while (0)

static void
s_fail (const char *what, int line)
{
    fprintf (stderr, "fuzz_json_tok.c:%d: invariant failed: %s\n", line, what);
    abort ();
}

//  jansson's reading of a line, as dp_json.c reads it.
static json_t *
s_load (const char *s, size_t n)
{
    return json_loadb (s, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    const char *line = (const char *) data;
    dp_article_t *a = dp_article_new ();
    if (!a)
        return 0;
    char *copy = dp_json_take_tokens (line, size, a);
    if (!copy) {
        S_CHECK (a->n_tokens == 0 && a->tokens == NULL);
        dp_article_destroy (&a);
        return 0;
    }
    json_t *orig = s_load (line, size);
    json_t *blank = s_load (copy, size);
    S_CHECK ((orig == NULL) == (blank == NULL));
    if (orig && json_is_object (orig)) {
        json_t *toks = json_object_get (orig, "tokens");
        S_CHECK (json_is_array (toks));
        S_CHECK (a->n_tokens % 2 == 0);         //  two numbers a pair
        S_CHECK (json_array_size (toks) == a->n_tokens / 2);
        for (size_t i = 0; i < a->n_tokens / 2; i++) {
            json_t *pair = json_array_get (toks, i);
            S_CHECK (json_is_array (pair) && json_array_size (pair) == 2);
            S_CHECK ((json_int_t) a->tokens [2 * i] == json_integer_value (json_array_get (pair, 0)));
            S_CHECK ((json_int_t) a->tokens [2 * i + 1] == json_integer_value (json_array_get (pair, 1)));
        }
        S_CHECK (json_is_null (json_object_get (blank, "tokens")));
    }
    json_decref (orig);
    json_decref (blank);
    free (copy);
    dp_article_destroy (&a);
    return 0;
}
