//  Unit tests of the two decoders (a JSON line, a protobuf frame) against
//  hostile input: NUL bytes, bytes that are not UTF-8, a byte-order mark,
//  spans outside the text; both forms must give the same verdict, and
//  nothing may be cut short in silence. Then the frame limit and the one
//  way an article is made to fit under it (dp_article_shrink).
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depeche/dp_article.h"
#include "depeche/dp_common.h"
#include "depeche/dp_stage.h"
#include "test_run.h"

static bool
s_has_flag (const dp_article_t *a, const char *flag)
{
    for (size_t i = 0; i < a->n_flags; i++)
        if (strcmp (a->flags [i], flag) == 0)
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  Issue 17, item 1: "\u0000" in a JSON string cut the text short.

START_TEST (test_json_nul_repaired)
{
    const char *in = "{\"url\":\"https://x/nul\",\"text\":\"Le maire\\u0000 de Lyon, "
                     "Grégory Doucet, a parlé hier soir.\",\"tags\":[\"a\\u0000b\"]}";
    char err [256] = "";
    dp_article_t *a = dp_article_from_json (in, strlen (in), err, sizeof err);
    ck_assert_msg (a != NULL, "%s", err);
    ck_assert_str_eq (a->text, "Le maire\xEF\xBF\xBD de Lyon, Grégory Doucet, a parlé hier soir.");
    ck_assert_str_eq (a->tags [0], "a\xEF\xBF\xBD" "b");
    ck_assert (s_has_flag (a, "utf8-repaired"));
    ck_assert_ptr_null (a->error);
    dp_article_destroy (&a);
}
END_TEST

//  A lone surrogate escape (a high half without its low half, a low half
//  alone, as a producer that cuts a string inside an emoji writes) made
//  jansson refuse the whole line: it is U+FFFD now, flagged, like bytes
//  that are not UTF-8 (with them too); a pair and an escaped backslash
//  before "ud800" stay as they are, and a line that is not JSON for
//  another reason is still refused.
START_TEST (test_json_lone_surrogate_repaired)
{
    const char *in = "{\"id\":\"s1\",\"text\":\"Le maire \\ud800 de Lyon \\udc00\\ud83d"
                     "\\ude00 \\\\ud800 \\ud83d\",\"tags\":[\"\\udfff\"]}";
    char err [256] = "";
    dp_article_t *a = dp_article_from_json (in, strlen (in), err, sizeof err);
    ck_assert_msg (a != NULL, "%s", err);
    ck_assert_str_eq (a->text, "Le maire \xEF\xBF\xBD de Lyon \xEF\xBF\xBD\xF0\x9F\x98\x80 "
                      "\\ud800 \xEF\xBF\xBD");
    ck_assert_str_eq (a->tags [0], "\xEF\xBF\xBD");
    ck_assert (s_has_flag (a, "utf8-repaired"));
    ck_assert_ptr_null (a->error);
    dp_article_destroy (&a);
    const char *both = "{\"text\":\"pr\xe9 \\ud800\"}";
    a = dp_article_from_json (both, strlen (both), err, sizeof err);
    ck_assert_msg (a != NULL, "%s", err);
    ck_assert_str_eq (a->text, "pr\xEF\xBF\xBD \xEF\xBF\xBD");
    dp_article_destroy (&a);
    const char *cut = "{\"text\":\"x \\ud800\"";
    ck_assert_ptr_null (dp_article_from_json (cut, strlen (cut), err, sizeof err));
    ck_assert (err [0]);
}
END_TEST

//  Item 6: bytes that are not UTF-8 in a JSON line are repaired and
//  flagged, as in a .txt file, instead of losing the article.
START_TEST (test_json_bad_utf8_repaired)
{
    const char *in = "{\"id\":\"b1\",\"text\":\"Le pr\xe9sident est \xff arriv\xc3\xa9.\"}";
    char err [256] = "";
    dp_article_t *a = dp_article_from_json (in, strlen (in), err, sizeof err);
    ck_assert_msg (a != NULL, "%s", err);
    ck_assert_str_eq (a->id, "b1");
    ck_assert_str_eq (a->text, "Le pr\xEF\xBF\xBDsident est \xEF\xBF\xBD arrivé.");
    ck_assert (s_has_flag (a, "utf8-repaired"));
    ck_assert_ptr_null (a->error);
    //  The same bytes that are not JSON stay not JSON.
    const char *junk = "{\"text\":\"\xff\"";
    dp_article_t *b = dp_article_from_json (junk, strlen (junk), err, sizeof err);
    ck_assert_ptr_null (b);
    ck_assert (err [0]);
    dp_article_destroy (&a);
}
END_TEST

START_TEST (test_json_bom_skipped)
{
    const char *in = "\xEF\xBB\xBF{\"text\":\"Bonjour.\"}";
    char err [256] = "";
    dp_article_t *a = dp_article_from_json (in, strlen (in), err, sizeof err);
    ck_assert_msg (a != NULL, "%s", err);
    ck_assert_str_eq (a->text, "Bonjour.");
    ck_assert_uint_eq (a->n_flags, 0);
    dp_article_destroy (&a);
}
END_TEST

//  A protobuf frame with a NUL and a stray byte in its text, built by hand
//  (field 9, text; field 1, id; field 7, a tag).
START_TEST (test_wire_strings_repaired)
{
    const unsigned char frame [] = {
        0x0A, 2, 'w', '1',
        0x3A, 3, 't', 0x00, 'g',
        0x4A, 9, 'a', 'b', 0x00, 'c', 'd', ' ', 0xFF, 'e', 'f',
    };
    dp_article_t *a = dp_article_unpack (frame, sizeof frame);
    ck_assert_ptr_nonnull (a);
    ck_assert_str_eq (a->id, "w1");
    ck_assert_str_eq (a->text, "ab\xEF\xBF\xBD" "cd \xEF\xBF\xBD" "ef");
    ck_assert_str_eq (a->tags [0], "t\xEF\xBF\xBDg");
    ck_assert (s_has_flag (a, "utf8-repaired"));
    ck_assert_ptr_null (a->error);
    dp_article_destroy (&a);

    //  A singular field twice: protobuf-c keeps the last; so does the check.
    const unsigned char twice [] = { 0x4A, 2, 0x00, 'x', 0x4A, 2, 'o', 'k' };
    a = dp_article_unpack (twice, sizeof twice);
    ck_assert_ptr_nonnull (a);
    ck_assert_str_eq (a->text, "ok");
    ck_assert_uint_eq (a->n_flags, 0);
    dp_article_destroy (&a);
}
END_TEST

//  --------------------------------------------------------------------------
//  Item 3: spans are checked in one place, for both forms alike.

static const struct {
    const char *json;                   //  the article as a JSON line
    const char *why;                    //  in the reason
} s_bad_spans [] = {
    { "{\"id\":\"s1\",\"text\":\"abc\",\"sentences\":[{\"start\":0,\"end\":9}]}", "past the text" },
    { "{\"id\":\"s2\",\"text\":\"abcdef\",\"sentences\":[{\"start\":5,\"end\":3}]}", "start 5 > end 3" },
    { "{\"id\":\"s3\",\"text\":\"abc\",\"tokens\":[[0,1],[2,7]]}", "not inside the text" },
    { "{\"id\":\"s4\",\"text\":\"abc\",\"tokens\":[[2,1]]}", "not inside the text" },
    { "{\"id\":\"s5\",\"text\":\"abc\",\"entities\":[{\"start\":0,\"end\":4,\"type\":\"PER\"}]}", "past the text" },
    { "{\"id\":\"s6\",\"text\":\"abc\",\"entities\":[{\"start\":3,\"end\":1}]}", "start 3 > end 1" },
    { "{\"id\":\"s7\",\"html\":\"<p>x</p>\",\"sentences\":[{\"start\":0,\"end\":1}]}", "past the text" },
};

//  The same article built by hand (as a producer of protobuf would), so
//  that no JSON check stands between it and the wire.
static dp_article_t *
s_build (int i)
{
    dp_article_t *a = dp_article_new ();
    char id [16];
    snprintf (id, sizeof id, "s%d", i + 1);
    dp_article_set_str (&a->id, id);
    dp_article_set_str (i == 6 ? &a->html : &a->text, i == 6 ? "<p>x</p>" : i == 1 ? "abcdef" : "abc");
    switch (i) {
        case 0: dp_article_add_sentence (a, 0, 9); break;
        case 1: dp_article_add_sentence (a, 5, 3); break;
        case 2: dp_article_add_token (a, 0, 1); dp_article_add_token (a, 2, 7); break;
        case 3: dp_article_add_token (a, 2, 1); break;
        case 4: dp_article_add_entity (a, 0, 4, "PER", NULL); break;
        case 5: dp_article_add_entity (a, 3, 1, NULL, NULL); break;
        case 6: dp_article_add_sentence (a, 0, 1); break;
    }
    return a;
}

START_TEST (test_spans_same_verdict)
{
    char err [256] = "";
    dp_article_decoder_stage ("split");
    dp_article_t *j = dp_article_from_json (s_bad_spans [_i].json,
                                            strlen (s_bad_spans [_i].json), err, sizeof err);
    dp_article_t *built = s_build (_i);
    ck_assert_int_eq (dp_article_check (built, err, sizeof err), -1);
    size_t len;
    void *bytes = dp_article_pack (built, &len);
    dp_article_t *w = dp_article_unpack (bytes, len);
    free (bytes);
    dp_article_t *forms [2] = { j, w };
    for (int f = 0; f < 2; f++) {
        dp_article_t *a = forms [f];
        ck_assert_msg (a != NULL, "%s form of case %d refused", f ? "wire" : "JSON", _i);
        ck_assert_msg (a->error && strstr (a->error, "invalid spans")
                       && strstr (a->error, s_bad_spans [_i].why),
                       "case %d, %s form: error %s", _i, f ? "wire" : "JSON",
                       a->error ? a->error : "(null)");
        ck_assert_str_eq (a->error_stage, "split");
        ck_assert_uint_eq (a->n_sentences + a->n_tokens + a->n_entities, 0);
        ck_assert (s_has_flag (a, "spans-dropped"));
        ck_assert_str_eq (a->id, built->id);     //  the dead letter says which
    }
    ck_assert_str_eq (j->error, w->error);
    dp_article_decoder_stage (NULL);
    dp_article_destroy (&j);
    dp_article_destroy (&w);
    dp_article_destroy (&built);
}
END_TEST

START_TEST (test_spans_good_untouched)
{
    const char *in = "{\"text\":\"Il pleut. Oui.\",\"sentences\":[{\"start\":0,\"end\":9},"
                     "{\"start\":10,\"end\":14}],\"tokens\":[[0,2],[3,8],[14,14]],"
                     "\"entities\":[{\"start\":10,\"end\":13,\"type\":\"MISC\"}]}";
    char err [256];
    dp_article_t *a = dp_article_from_json (in, strlen (in), err, sizeof err);
    ck_assert_ptr_nonnull (a);
    ck_assert_ptr_null (a->error);
    ck_assert_int_eq (dp_article_check (a, err, sizeof err), 0);
    size_t len;
    void *bytes = dp_article_pack (a, &len);
    dp_article_t *w = dp_article_unpack (bytes, len);
    ck_assert_ptr_null (w->error);
    ck_assert_uint_eq (w->n_sentences, 2);
    ck_assert_uint_eq (w->n_tokens, 6);
    free (bytes);
    dp_article_destroy (&a);
    dp_article_destroy (&w);
}
END_TEST

//  --------------------------------------------------------------------------
//  Item 2: the frame limit, and shrinking an article to a dead letter.

START_TEST (test_frame_limit_fits_real_text)
{
    //  A text at the size limit, with a token every 6 bytes and a sentence
    //  every 120, as split gives for French prose: it fits in a frame.
    size_t max = 256 << 10;
    char *text = malloc (max + 1);
    for (size_t i = 0; i < max; i++)
        text [i] = i % 6 == 5 ? ' ' : 'a' + (char) (i % 23);
    text [max] = '\0';
    dp_article_t *a = dp_article_new ();
    dp_article_take (&a->text, text);
    for (uint32_t i = 0; i + 6 <= max; i += 6)
        dp_article_add_token (a, i, i + 5);
    for (uint32_t i = 0; i + 120 <= max; i += 120)
        dp_article_add_sentence (a, i, i + 119);
    ck_assert_uint_le (dp__article__get_packed_size (a), dp_frame_limit (max));
    ck_assert_uint_eq (dp_frame_cap (max), 2 * dp_frame_limit (max));
    dp_article_destroy (&a);
}
END_TEST

//  An article over the frame limit sheds what is least worth, one thing at
//  a time: split's tokens (it goes on whole), then its spans (a dead letter
//  that keeps the text), then the text itself, as JSON lines and as frames.
START_TEST (test_fit_sheds_least_first)
{
    for (int json = 0; json < 2; json++) {
        size_t n = 100000;
        char *text = malloc (n + 1);
        for (size_t i = 0; i < n; i++)
            text [i] = i % 4 == 3 ? ' ' : 'a';
        text [n] = '\0';
        dp_article_t *a = dp_article_new ();
        dp_article_set_str (&a->id, "many");
        dp_article_take (&a->text, text);
        for (uint32_t i = 0; i + 4 <= n; i += 4)
            dp_article_add_token (a, i, i + 3);
        for (uint32_t i = 0; i + 400 <= n; i += 400)
            dp_article_add_sentence (a, i, i + 399);
        char reason [200];
        //  Tokens are most of it: without them it fits, whole.
        size_t size = json ? 0 : dp__article__get_packed_size (a);
        ck_assert_int_eq (dp_article_fit (a, "split", n + 20000, json, size, reason,
                                          sizeof reason), DP_FIT_TOKENS);
        ck_assert_ptr_null (a->error);
        ck_assert_uint_eq (a->n_tokens, 0);
        ck_assert_uint_eq (a->n_sentences, n / 400);
        ck_assert_str_eq (a->text, text);
        ck_assert (s_has_flag (a, "tokens-dropped"));
        ck_assert_ptr_nonnull (strstr (reason, "word tokens were dropped"));
        //  Still too big with its sentences: a dead letter with its text.
        ck_assert_int_eq (dp_article_fit (a, "tag", n + 1000, json, size, reason,
                                          sizeof reason), DP_FIT_SPANS);
        ck_assert_str_eq (a->error_stage, "tag");
        ck_assert_ptr_nonnull (strstr (a->error, "its text kept"));
        ck_assert_uint_eq (a->n_sentences, 0);
        ck_assert_uint_eq (strlen (a->text), n);
        ck_assert_str_eq (a->id, "many");
        //  Under the text's own size: only then the text goes.
        ck_assert_int_eq (dp_article_fit (a, "tag", n / 2, json, size, reason,
                                          sizeof reason), DP_FIT_PAYLOAD);
        ck_assert_ptr_null (a->text);
        ck_assert_str_eq (a->id, "many");
        ck_assert (s_has_flag (a, "payload-dropped"));
        dp_article_destroy (&a);
    }
}
END_TEST

//  A long line's tokens are read by hand (jansson took 220 bytes a
//  token): the same article as jansson's reading, also when the text holds
//  a look-alike member; another shape is left to jansson and its error.
static char *
s_long_line (const char *tokens_json, size_t *len)
{
    size_t n = 100000;
    char *line = malloc (n + strlen (tokens_json) + 200);
    size_t k = (size_t) sprintf (line, "{\"id\":\"long\",\"text\":\"\\\"tokens\\\":[[1,2]] ");
    for (size_t i = k; i < n; i++)
        line [i] = i % 5 == 4 ? ' ' : 'a';
    k = n;
    k += (size_t) sprintf (line + k, "\",\"lang\":\"fr\",\"tokens\":%s,\"sentences\":"
                           "[{\"start\":0,\"end\":50}]}", tokens_json);
    *len = k;
    return line;
}

START_TEST (test_long_line_tokens_by_hand)
{
    char err [256];
    size_t len;
    char *line = s_long_line ("[[0,5], [ 6 ,11],[12,4294967295]]", &len);
    dp_article_t *into = dp_article_new ();
    char *blanked = dp_json_take_tokens (line, len, into);
    ck_assert_ptr_nonnull (blanked);
    ck_assert_uint_eq (into->n_tokens, 6);
    ck_assert_ptr_nonnull (strstr (blanked, "\"tokens\":null "));
    ck_assert_ptr_nonnull (strstr (blanked, "\\\"tokens\\\":[[1,2]]"));  //  the text's own
    free (blanked);
    dp_article_destroy (&into);
    //  The whole reading: the last token is past the text, so a dead letter
    //  with jansson's words, as before.
    dp_article_t *a = dp_article_from_json (line, len, err, sizeof err);
    ck_assert_ptr_nonnull (a);
    ck_assert_ptr_nonnull (a->error);
    ck_assert_ptr_nonnull (strstr (a->error, "invalid spans"));
    dp_article_destroy (&a);
    free (line);
    line = s_long_line ("[[0,4],[5,9],[10,14]]", &len);
    a = dp_article_from_json (line, len, err, sizeof err);
    ck_assert_ptr_nonnull (a);
    ck_assert_ptr_null (a->error);
    ck_assert_uint_eq (a->n_tokens, 6);
    ck_assert_uint_eq (a->tokens [4], 10);
    ck_assert_uint_eq (a->tokens [5], 14);
    ck_assert_uint_eq (a->n_sentences, 1);
    ck_assert_str_eq (a->lang, "fr");
    dp_article_destroy (&a);
    free (line);
    //  Shapes left to jansson: a pair of three, a real, a negative number.
    const char *bad [] = { "[[0,4,5]]", "[[0,4.0]]", "[[-1,4]]", "[[0,4]" };
    for (size_t i = 0; i < sizeof bad / sizeof bad [0]; i++) {
        line = s_long_line (bad [i], &len);
        into = dp_article_new ();
        ck_assert_ptr_null (dp_json_take_tokens (line, len, into));
        ck_assert_uint_eq (into->n_tokens, 0);
        dp_article_destroy (&into);
        a = dp_article_from_json (line, len, err, sizeof err);
        ck_assert_msg (!a || a->error, "%s", bad [i]);
        dp_article_destroy (&a);
        free (line);
    }
}
END_TEST

START_TEST (test_shrink)
{
    dp_article_t *a = dp_article_new ();
    dp_article_set_str (&a->id, "big");
    dp_article_set_str (&a->url, "https://x.fr/big");
    char *text = malloc (100001);
    memset (text, 'a', 100000);
    text [100000] = '\0';
    dp_article_take (&a->text, text);
    char *title = malloc (200001);
    memset (title, 't', 200000);
    title [200000] = '\0';
    dp_article_take (&a->title, title);
    dp_article_add_token (a, 0, 1);
    dp_article_add_entity (a, 0, 3, "PER", "Aaa");
    ck_assert_int_eq (dp_article_shrink (a, "split", "too big (1 > 0 bytes)"), 0);
    ck_assert_ptr_null (a->text);
    ck_assert_ptr_null (a->title);
    ck_assert_uint_eq (a->n_tokens + a->n_entities, 0);
    ck_assert_str_eq (a->id, "big");
    ck_assert_str_eq (a->url, "https://x.fr/big");
    ck_assert_str_eq (a->error, "too big (1 > 0 bytes)");
    ck_assert_str_eq (a->error_stage, "split");
    ck_assert (s_has_flag (a, "payload-dropped"));
    ck_assert_uint_lt (dp__article__get_packed_size (a), 4096);
    //  A dead letter keeps its first cause.
    dp_article_t *b = dp_article_new ();
    dp_article_set_str (&b->text, "x");
    dp_article_fail (b, "clean", "first cause");
    dp_article_shrink (b, "tag", "second");
    ck_assert_str_eq (b->error, "first cause");
    ck_assert (s_has_flag (b, "payload-dropped"));
    dp_article_destroy (&a);
    dp_article_destroy (&b);
}
END_TEST

START_TEST (test_max_bytes_env)
{
    setenv ("DP_MAX_BYTES", "8M", 1);
    ck_assert_uint_eq (dp_max_bytes_default (), 8u << 20);
    setenv ("DP_MAX_BYTES", "65536", 1);
    ck_assert_uint_eq (dp_max_bytes_default (), 65536);
    setenv ("DP_MAX_BYTES", "lots", 1);
    ck_assert_uint_eq (dp_max_bytes_default (), DP_DEFAULT_MAX_BYTES);
    unsetenv ("DP_MAX_BYTES");
    ck_assert_uint_eq (dp_max_bytes_default (), DP_DEFAULT_MAX_BYTES);
}
END_TEST

//  --------------------------------------------------------------------------
//  Issue 18: the fast path's one-pass string decoder (dp_json_str.c) against
//  jansson on random strings of escapes, raw UTF-8, bytes that are not
//  UTF-8 and control bytes, at every offset from a 16-byte load: a string
//  it decodes, jansson decodes to the same bytes; one it refuses, jansson
//  refuses too or decodes to a NUL byte (the fast path leaves \u0000 to the
//  long way).

static const char *s_pieces [] = {
    "a", "Le maire de Lyon ", "0123456789abcdef", "\\\"", "\\\\", "\\/", "\\b",
    "\\f", "\\n", "\\r", "\\t", "\\u00e9", "\\u20AC", "\\ud83d\\ude00", "\\u0041",
    "é", "€", "😀", "<p class=\\\"x\\\">", "\\u0000", "\\ud83d", "\\ude00",
    "\\ud83dx", "\\x", "\\u12", "\\u12g4", "\xC3", "\xFF", "\xE2\x82", "\x01", "\t",
    "\\", "\\u", "\\ud83d\\u0041"
};

//  The pieces' odds: mostly the good ones, so most strings decode.
static size_t
s_piece (unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    unsigned r = (*seed >> 16) % 100;
    size_t n = sizeof s_pieces / sizeof s_pieces [0];
    return r < 90 ? r % 19 : 19 + r % (n - 19);
}

START_TEST (test_str_decode_vs_jansson)
{
    unsigned seed = 18;
    char body [512], line [600];
    int decoded = 0, refused = 0;
    for (int round = 0; round < 20000; round++) {
        size_t n = 0;
        size_t pieces = 1 + (size_t) (round % 40);
        if (round % 3 == 0)             //  runs of plain bytes across loads
            for (int k = 0; k < round % 37; k++)
                body [n++] = 'p';
        for (size_t k = 0; k < pieces && n < 400; k++) {
            const char *pc = s_pieces [s_piece (&seed)];
            memcpy (body + n, pc, strlen (pc));
            n += strlen (pc);
        }
        //  As a member value, then with the line ending inside the string.
        int len = snprintf (line, sizeof line, "\"%.*s\"}", (int) n, body);
        const char *p = line + 1;
        size_t out_len = 0;
        const char *out = dp_json_str_decode (&p, line + len, &out_len);
        json_error_t jerr;
        json_t *j = json_loadb (line, (size_t) len - 1, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
        if (out) {
            decoded++;
            ck_assert_msg (j != NULL, "round %d: decoded what jansson refuses: %s",
                           round, line);
            ck_assert_uint_eq (out_len, json_string_length (j));
            ck_assert (memcmp (out, json_string_value (j), out_len) == 0);
            ck_assert (out [out_len] == '\0');
            ck_assert_ptr_eq (p, line + len - 1);
        }
        else {
            refused++;
            ck_assert_ptr_eq (p, line + 1);
            ck_assert_msg (!j || memchr (json_string_value (j), 0, json_string_length (j)),
                           "round %d: refused what jansson decodes: %s", round, line);
        }
        json_decref (j);
        //  No closing quote before the end: refused, never read past it.
        size_t cut = (size_t) len - 2;
        char *copy = malloc (cut);
        ck_assert_ptr_nonnull (copy);
        memcpy (copy, line, cut);
        p = copy + 1;
        if (!memchr (copy + 1, '"', cut - 1))
            ck_assert_ptr_null (dp_json_str_decode (&p, copy + cut, &out_len));
        free (copy);
    }
    ck_assert_int_gt (decoded, 3000);
    ck_assert_int_gt (refused, 1000);
}
END_TEST

//  --------------------------------------------------------------------------
//  The sink's unpack without the tokens (dp_article_unpack_untokened): the
//  same article as dp_article_unpack but for the tokens, the same dead
//  letter or the same refusal, on frames made of pieces in any order (a
//  frame that is two frames end to end is their merge), some of them
//  damaged.

//  One piece of a frame: a few fields, packed; *len its size.
static void *
s_frame_piece (uint64_t *seed, size_t *len)
{
    dp_article_t *a = dp_article_new ();
    static const char *texts [] = {
        "Le maire de Lyon, Grégory Doucet, a parlé hier soir. Il pleut.",
        "abc", "ab\xFF" "cdefghijklmnopqrstuvwxyz", "", "Zürich \xC3 et Genève, le 12 mai.",
    };
    *seed = *seed * 6364136223846793005ull + 1442695040888963407ull;
    uint64_t r = *seed >> 16;
    switch (r % 6) {
        case 0: case 1:
            dp_article_set_str (&a->text, texts [(r >> 8) % 5]);
            break;
        case 2: {
            size_t n = 1 + (r >> 8) % 40, odd = (r >> 16) % 7 == 0;
            a->n_tokens = 2 * n + odd;
            a->tokens = malloc (a->n_tokens * sizeof *a->tokens);
            for (size_t i = 0; i < a->n_tokens; i++)
                a->tokens [i] = (uint32_t) (i * ((r >> 20) % 3) + ((r >> 24) % 60 == 0 ? 300 : 0));
            if ((r >> 30) % 5 == 0)
                a->tokens [0] = 70000;  //  a start past its end, three bytes
            break;
        }
        case 3:
            dp_article_add_sentence (a, 0, (uint32_t) ((r >> 8) % 8));
            dp_article_add_entity (a, 0, (uint32_t) ((r >> 12) % 5), "PER", "Doucet");
            break;
        case 4:
            dp_article_set_str (&a->id, "u1");
            dp_article_add_tag (a, "fr");
            break;
        default:
            dp_article_set_str (&a->story, "s\xFF");
            dp_article_stamp (a, "tag", 1);
    }
    void *bytes = dp_article_pack (a, len);
    dp_article_destroy (&a);
    return bytes;
}

START_TEST (test_untokened_same_article)
{
    uint64_t seed = 7;
    size_t cut = 0, whole = 0, refused = 0;
    for (int round = 0; round < 20000; round++) {
        unsigned char frame [4096];
        size_t len = 0;
        int pieces = 1 + (int) (seed >> 40) % 4;
        for (int k = 0; k < pieces; k++) {
            size_t n;
            void *bytes = s_frame_piece (&seed, &n);
            if (len + n <= sizeof frame) {
                memcpy (frame + len, bytes, n);
                len += n;
            }
            free (bytes);
        }
        if (len && (seed >> 20) % 4 == 0)
            frame [(seed >> 24) % len] ^= (unsigned char) (1u << ((seed >> 32) % 8));
        unsigned char copy [4096];
        memcpy (copy, frame, len);
        dp_article_t *a = dp_article_unpack (frame, len);
        dp_article_t *b = dp_article_unpack_untokened (copy, len);
        ck_assert_msg ((a == NULL) == (b == NULL), "round %d: one refused, one not", round);
        if (!a) {
            refused++;
            continue;
        }
        ck_assert (b->n_tokens == 0 || b->n_tokens == a->n_tokens);
        if (b->n_tokens == 0 && a->n_tokens)
            cut++;
        else
            whole++;
        dp_article_t va = *a, vb = *b;
        va.n_tokens = vb.n_tokens = 0;
        va.tokens = vb.tokens = NULL;
        size_t la, lb;
        void *pa = dp_article_pack (&va, &la), *pb = dp_article_pack (&vb, &lb);
        ck_assert_msg (la == lb && memcmp (pa, pb, la) == 0, "round %d: not the same article "
                       "(errors %s / %s)", round, a->error ? a->error : "-",
                       b->error ? b->error : "-");
        free (pa);
        free (pb);
        dp_article_destroy (&a);
        dp_article_destroy (&b);
    }
    ck_assert_uint_gt (cut, 1000);
    ck_assert_uint_gt (whole, 1000);
    ck_assert_uint_gt (refused, 100);
}
END_TEST

//  protobuf-c refuses a key or a length prefix over 5 bytes. The tokens'
//  record written so (an overlong but otherwise fine key 19, or length)
//  was cut out by the untokened unpack, which then let through a frame
//  dp_article_unpack refuses (found by fuzz_article).
START_TEST (test_untokened_overlong_key_refused)
{
    //  id "a", text "abc", then the tokens [0,3) with the key or the length
    //  written over 6 bytes.
    static const unsigned char head [] = { 0x0A, 0x01, 'a', 0x4A, 0x03, 'a', 'b', 'c' };
    static const unsigned char tails [][10] = {
        { 0x9A, 0x81, 0x80, 0x80, 0x80, 0x00, 0x02, 0x00, 0x03 },   //  key, 6 bytes
        { 0x9A, 0x01, 0x82, 0x80, 0x80, 0x80, 0x80, 0x00, 0x00, 0x03 },   //  length
    };
    static const size_t tail_len [] = { 9, 10 };
    for (size_t t = 0; t < 2; t++) {
        unsigned char frame [32], copy [32];
        memcpy (frame, head, sizeof head);
        memcpy (frame + sizeof head, tails [t], tail_len [t]);
        size_t len = sizeof head + tail_len [t];
        memcpy (copy, frame, len);
        dp_article_t *a = dp_article_unpack (frame, len);
        dp_article_t *b = dp_article_unpack_untokened (copy, len);
        ck_assert_msg (a == NULL, "case %zu: protobuf-c took it", t);
        ck_assert_msg (b == NULL, "case %zu: the untokened unpack took it", t);
        //  The same frame with a 5-byte key is taken by both, tokens cut.
        if (t == 0) {
            unsigned char ok [32];
            static const unsigned char key5 [] = { 0x9A, 0x81, 0x80, 0x80, 0x00 };
            memcpy (ok, head, sizeof head);
            memcpy (ok + sizeof head, key5, sizeof key5);
            memcpy (ok + sizeof head + sizeof key5, (const unsigned char []) { 0x02, 0x00, 0x03 }, 3);
            size_t ok_len = sizeof head + sizeof key5 + 3;
            unsigned char ok_copy [32];
            memcpy (ok_copy, ok, ok_len);
            a = dp_article_unpack (ok, ok_len);
            b = dp_article_unpack_untokened (ok_copy, ok_len);
            ck_assert (a && b);
            ck_assert_uint_eq (a->n_tokens, 2);
            ck_assert_uint_eq (b->n_tokens, 0);
            ck_assert_str_eq (b->text, "abc");
            dp_article_destroy (&a);
            dp_article_destroy (&b);
        }
    }
}
END_TEST

int
main (void)
{
    Suite *s = suite_create ("decode");
    TCase *tc = tcase_create ("decode");
    tcase_set_timeout (tc, 60);
    tcase_add_test (tc, test_json_nul_repaired);
    tcase_add_test (tc, test_json_lone_surrogate_repaired);
    tcase_add_test (tc, test_json_bad_utf8_repaired);
    tcase_add_test (tc, test_json_bom_skipped);
    tcase_add_test (tc, test_wire_strings_repaired);
    tcase_add_loop_test (tc, test_spans_same_verdict, 0,
                         (int) (sizeof s_bad_spans / sizeof s_bad_spans [0]));
    tcase_add_test (tc, test_spans_good_untouched);
    tcase_add_test (tc, test_frame_limit_fits_real_text);
    tcase_add_test (tc, test_fit_sheds_least_first);
    tcase_add_test (tc, test_long_line_tokens_by_hand);
    tcase_add_test (tc, test_shrink);
    tcase_add_test (tc, test_max_bytes_env);
    tcase_add_test (tc, test_str_decode_vs_jansson);
    tcase_add_test (tc, test_untokened_same_article);
    tcase_add_test (tc, test_untokened_overlong_key_refused);
    suite_add_tcase (s, tc);
    return dp_test_run (s);
}
