//  Unit tests of the shared core: endpoints, the JSON <-> protobuf article,
//  UTF-8 repair, the size limit, option parsing and the supervisor's
//  config. Fetch's file sources and the sink's file writer: test_files.c.
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "depeche/dp_article.h"
#include "depeche/dp_cli.h"
#include "depeche/dp_common.h"
#include "depeche/dp_endpoint.h"
#include "depeche/dp_stage.h"
#include "depeche/supervisor.h"
#include "test_run.h"

//  --------------------------------------------------------------------------
//  Endpoints

static const struct {
    const char *spec;
    bool default_bind;
    int rc;                             //  0 ok, -1 error
    size_t n;
    bool stdio;
    bool bind0;
    const char *addr0;
} s_ep_cases [] = {
    { "-", true, 0, 0, true, false, NULL },
    { "@tcp://*:5557", false, 0, 1, false, true, "tcp://*:5557" },
    { ">tcp://host:5557", true, 0, 1, false, false, "tcp://host:5557" },
    { "tcp://127.0.0.1:1", true, 0, 1, false, true, "tcp://127.0.0.1:1" },
    { "tcp://127.0.0.1:1", false, 0, 1, false, false, "tcp://127.0.0.1:1" },
    { "@ipc:///tmp/x.ipc", false, 0, 1, false, true, "ipc:///tmp/x.ipc" },
    { "inproc://a", false, 0, 1, false, false, "inproc://a" },
    { ">ipc://a,>ipc://b,@tcp://*:9", false, 0, 3, false, false, "ipc://a" },
    { "@tcp://*:*", false, 0, 1, false, true, "tcp://*:*" },
    { "", true, -1, 0, false, false, NULL },
    { "@", true, -1, 0, false, false, NULL },
    { "tcp://host", true, -1, 0, false, false, NULL },
    { "tcp://host:port", true, -1, 0, false, false, NULL },
    { "@tcp://127.0.0.1:99999", true, -1, 0, false, false, NULL },
    { ">tcp://127.0.0.1:65536", true, -1, 0, false, false, NULL },
    { ">tcp://127.0.0.1:0", true, -1, 0, false, false, NULL },
    { ">tcp://127.0.0.1:65535", true, 0, 1, false, false, "tcp://127.0.0.1:65535" },
    { ">tcp://*:5557", true, -1, 0, false, false, NULL },
    { "udp://x:1", true, -1, 0, false, false, NULL },
    { "ipc://", true, -1, 0, false, false, NULL },
    { "ipc://a,,ipc://b", true, -1, 0, false, false, NULL },
    { "/tmp/file", true, -1, 0, false, false, NULL },
};

START_TEST (test_endpoint_parse)
{
    dp_endpoint_t ep;
    char err [256] = "";
    int rc = dp_endpoint_parse (s_ep_cases [_i].spec, s_ep_cases [_i].default_bind,
                                &ep, err, sizeof err);
    ck_assert_msg (rc == s_ep_cases [_i].rc, "\"%s\": rc %d (%s)",
                   s_ep_cases [_i].spec, rc, err);
    if (rc == 0) {
        ck_assert_uint_eq (ep.n, s_ep_cases [_i].n);
        ck_assert (ep.stdio == s_ep_cases [_i].stdio);
        if (ep.n) {
            ck_assert (ep.items [0].bind == s_ep_cases [_i].bind0);
            ck_assert_str_eq (ep.items [0].addr, s_ep_cases [_i].addr0);
        }
    }
    else
        ck_assert_msg (err [0], "an error says why");
}
END_TEST

START_TEST (test_endpoint_too_many)
{
    char spec [2048] = "";
    for (int i = 0; i < DP_EP_MAX + 1; i++)
        sprintf (spec + strlen (spec), "%sipc://s%d", i ? "," : "", i);
    dp_endpoint_t ep;
    char err [256];
    ck_assert_int_eq (dp_endpoint_parse (spec, true, &ep, err, sizeof err), -1);
}
END_TEST

//  --------------------------------------------------------------------------
//  Article: JSON <-> protobuf, every field

static const char *s_full_json =
    "{\"id\":\"a1\",\"url\":\"https://x.fr/a\",\"source\":\"f.jsonl:3\",\"title\":\"Titre\","
    "\"published\":\"2023-09-19\",\"lang\":\"fr\",\"tags\":[\"Azerbaïdjan\",\"Karabagh\"],"
    "\"html\":\"<p>Salut</p>\",\"text\":\"Le président Ilham Aliyev parle.\","
    "\"sentences\":[{\"start\":0,\"end\":33}],\"tokens\":[[0,2],[3,12]],"
    "\"entities\":[{\"start\":13,\"end\":25,\"type\":\"PER\",\"text\":\"Ilham Aliyev\","
    "\"norm\":\"Ilham Aliyev\"}],\"flags\":[\"utf8-repaired\"],\"error\":\"boom\","
    "\"error_stage\":\"clean\",\"seq\":42,\"origin\":{\"fetch\":\"f1\",\"ack\":\"ipc://a\"},"
    "\"trace\":[{\"stage\":\"fetch\",\"host\":\"h\",\"pid\":7,\"in\":1,\"out\":2}],"
    "\"eos\":false,\"custom\":{\"k\":[1,2]},\"score\":0.5}";

START_TEST (test_json_roundtrip_all_fields)
{
    char err [256];
    dp_article_t *a = dp_article_from_json (s_full_json, strlen (s_full_json), err, sizeof err);
    ck_assert_msg (a != NULL, "parse: %s", err);
    ck_assert_str_eq (a->id, "a1");
    ck_assert_str_eq (a->tags [0], "Azerbaïdjan");
    ck_assert_uint_eq (a->n_sentences, 1);
    ck_assert_uint_eq (a->n_tokens, 4);
    ck_assert_uint_eq (a->tokens [3], 12);
    ck_assert_uint_eq (a->entities [0]->start, 13);
    ck_assert_str_eq (a->entities [0]->norm, "Ilham Aliyev");
    ck_assert (a->has_seq && a->seq == 42);
    ck_assert_str_eq (a->origin->ack, "ipc://a");
    ck_assert_uint_eq (a->trace [0]->pid, 7);
    ck_assert (a->has_eos && !a->eos);
    ck_assert_ptr_nonnull (a->extra);

    //  JSON -> protobuf bytes -> article -> JSON: the same JSON.
    size_t len;
    void *bytes = dp_article_pack (a, &len);
    dp_article_t *b = dp_article_unpack (bytes, len);
    ck_assert_ptr_nonnull (b);
    char *j1 = dp_article_to_json (a, NULL);
    char *j2 = dp_article_to_json (b, NULL);
    ck_assert_str_eq (j1, j2);
    //  And parsing our own output gives the same bytes on the wire.
    dp_article_t *c = dp_article_from_json (j2, strlen (j2), err, sizeof err);
    ck_assert_ptr_nonnull (c);
    size_t len2;
    void *bytes2 = dp_article_pack (c, &len2);
    ck_assert_uint_eq (len, len2);
    ck_assert (memcmp (bytes, bytes2, len) == 0);
    ck_assert_ptr_nonnull (strstr (j1, "\"custom\":{\"k\":[1,2]}"));
    ck_assert_ptr_nonnull (strstr (j1, "\"score\":0.5"));
    free (bytes);
    free (bytes2);
    free (j1);
    free (j2);
    dp_article_destroy (&a);
    dp_article_destroy (&b);
    dp_article_destroy (&c);
    ck_assert_ptr_null (a);
}
END_TEST

//  The JSON line written into a kept buffer is dp_article_to_json's, byte
//  for byte, whether the buffer has to grow (a big article after a small
//  one) or is already big enough (a small one after), and stays the
//  caller's to free.
START_TEST (test_json_into_kept_buffer)
{
    char err [256];
    dp_article_t *big = dp_article_from_json (s_full_json, strlen (s_full_json), err, sizeof err);
    ck_assert_ptr_nonnull (big);
    dp_article_t *small = dp_article_new ();
    ck_assert_int_eq (dp_article_set_str (&small->id, "s"), 0);
    char *buf = NULL;
    size_t cap = 0, len = 0;
    dp_article_t *order [] = { small, big, small, big };
    for (size_t i = 0; i < 4; i++) {
        size_t want_len = 0;
        char *want = dp_article_to_json (order [i], &want_len);
        ck_assert_ptr_nonnull (want);
        ck_assert_int_eq (dp_article_to_json_buf (order [i], &buf, &cap, &len), 0);
        ck_assert_uint_eq (len, want_len);
        ck_assert_uint_lt (len, cap);
        ck_assert_str_eq (buf, want);
        free (want);
    }
    free (buf);
    dp_article_destroy (&big);
    dp_article_destroy (&small);
}
END_TEST

START_TEST (test_json_null_vs_empty)
{
    char err [256];
    const char *in = "{\"id\":\"\",\"text\":\"x\",\"error\":null}";
    dp_article_t *a = dp_article_from_json (in, strlen (in), err, sizeof err);
    ck_assert_ptr_nonnull (a);
    ck_assert_str_eq (a->id, "");
    ck_assert_ptr_null (a->error);
    ck_assert_ptr_null (a->url);
    char *out = dp_article_to_json (a, NULL);
    ck_assert_str_eq (out, "{\"id\":\"\",\"text\":\"x\",\"error\":null}");
    free (out);
    dp_article_destroy (&a);
}
END_TEST

static const char *s_bad_json [] = {
    "",
    "not json",
    "[1,2]",
    "{\"text\":5}",
    "{\"tags\":\"a\"}",
    "{\"tags\":[1]}",
    "{\"text\":\"abc\",\"sentences\":[{\"start\":-1,\"end\":1}]}",
    "{\"text\":\"abc\",\"tokens\":[[0]]}",
    "{\"seq\":\"1\"}",
    "{\"eos\":1}",
    "{\"origin\":[]}",
    "{\"trace\":[{\"pid\":-3}]}",
    "{\"a\":1,\"a\":2}",
    "{\"text\":\"abc\"",
};

START_TEST (test_json_malformed)
{
    char err [256] = "";
    const char *in = s_bad_json [_i];
    dp_article_t *a = dp_article_from_json (in, strlen (in), err, sizeof err);
    ck_assert_msg (a == NULL, "accepted: %s", in);
    ck_assert_msg (err [0], "no reason for %s", in);
}
END_TEST

START_TEST (test_unpack_garbage)
{
    //  Random bytes and truncated articles never crash the decoder.
    unsigned seed = 1;
    unsigned char buf [512];
    int accepted = 0;
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t) (rand_r (&seed) % (int) sizeof buf);
        for (size_t i = 0; i < n; i++)
            buf [i] = (unsigned char) rand_r (&seed);
        dp_article_t *a = dp_article_unpack (buf, n);
        if (a) {
            accepted++;
            char *j = dp_article_to_json (a, NULL);   //  must not crash either
            free (j);
        }
        dp_article_destroy (&a);
    }
    char err [256];
    dp_article_t *a = dp_article_from_json (s_full_json, strlen (s_full_json), err, sizeof err);
    size_t len;
    unsigned char *bytes = dp_article_pack (a, &len);
    int truncated_ok = 0;
    for (size_t cut = 0; cut < len; cut++) {
        dp_article_t *b = dp_article_unpack (bytes, cut);
        truncated_ok += b != NULL;
        dp_article_destroy (&b);
    }
    ck_assert_int_lt (truncated_ok, (int) len);
    free (bytes);
    dp_article_destroy (&a);
    (void) accepted;
}
END_TEST

START_TEST (test_unpack_field0)
{
    //  Field number 0 with an overlong key: protobuf-c accepts it, would
    //  re-pack it as bytes the next stage refuses. We refuse it at once.
    dp_article_t *a = dp_article_new ();
    dp_article_set_str (&a->text, "x");
    size_t len;
    unsigned char *bytes = dp_article_pack (a, &len);
    unsigned char buf [64];
    memcpy (buf, bytes, len);
    buf [len] = 0x80;
    buf [len + 1] = 0x00;
    dp_article_t *b = dp_article_unpack (buf, len + 2);
    ck_assert_ptr_null (b);
    dp_article_t *c = dp_article_unpack (buf, len);
    ck_assert_ptr_nonnull (c);
    free (bytes);
    dp_article_destroy (&a);
    dp_article_destroy (&c);
}
END_TEST

START_TEST (test_to_json_repairs_wire_utf8)
{
    //  Off the wire, strings are not checked: the JSON must still be valid.
    dp_article_t *a = dp_article_new ();
    dp_article_set_str (&a->text, "caf\xe9 au lait");
    char *j = dp_article_to_json (a, NULL);
    ck_assert_ptr_nonnull (strstr (j, "caf\xef\xbf\xbd au lait"));
    free (j);
    dp_article_destroy (&a);
}
END_TEST

//  The JSON line is written by hand: jansson, parsing it and dumping it
//  again, must give the very same bytes (its escapes, its separators, the
//  member order), on every field and on hostile strings.
START_TEST (test_to_json_is_jansson_compact)
{
    char err [256];
    dp_article_t *a = dp_article_from_json (s_full_json, strlen (s_full_json), err, sizeof err);
    ck_assert_ptr_nonnull (a);
    dp_article_set_str (&a->title, "q\"uote\\ back\x01\x1f\b\f\n\r\t/ \xc3\xa9 \xe2\x80\xa8 \x7f");
    dp_article_set_str (&a->story, "st-0000000000000001");
    dp_article_set_str (&a->duplicate_of, "a0");
    dp_article_set_str (&a->entities [0]->canon, "Ilham Aliyev");
    dp_article_add_flag (a, "utf8-repaired");
    dp_article_fail (a, "tag", "a \"reason\"\n");
    a->has_seq = 1;
    a->seq = UINT64_MAX - 4;            //  garbage off the wire: written signed
    dp_article_set_str (&a->extra, "{\"we\\\"ird\\nkey\":[0,-7]}");
    size_t len;
    char *mine = dp_article_to_json (a, &len);
    ck_assert_ptr_nonnull (mine);
    ck_assert_uint_eq (len, strlen (mine));
    json_t *tree = json_loads (mine, 0, NULL);
    ck_assert_msg (tree != NULL, "not JSON: %s", mine);
    char *theirs = json_dumps (tree, JSON_COMPACT | JSON_PRESERVE_ORDER);
    ck_assert_str_eq (mine, theirs);
    ck_assert_ptr_nonnull (strstr (mine, "\\u0001\\u001F\\b\\f\\n\\r\\t/"));
    ck_assert_ptr_nonnull (strstr (mine, "\"canon\":\"Ilham Aliyev\"}"));
    ck_assert_ptr_nonnull (strstr (mine, "\"seq\":-5,"));
    ck_assert_ptr_nonnull (strstr (mine, "\"we\\\"ird\\nkey\":"));
    free (theirs);
    json_decref (tree);
    free (mine);
    //  Nothing but the error member: {"error":null}.
    dp_article_t *empty = dp_article_new ();
    mine = dp_article_to_json (empty, NULL);
    ck_assert_str_eq (mine, "{\"error\":null}");
    free (mine);
    dp_article_destroy (&empty);
    dp_article_destroy (&a);
}
END_TEST

//  The writer checks UTF-8 as it escapes, a character at a time: on random
//  strings (ASCII, escapes, valid and broken sequences) its JSON is
//  jansson's and says the bytes dp_utf8_repair makes of the string.
START_TEST (test_to_json_random_strings)
{
    static const char *pieces [] = {
        "a", "Z ", "\"", "\\", "\n", "\x01", "\x1f", "\x7f", "\xc3\xa9", "\xe2\x80\x99",
        "\xf0\x9f\x98\x80", "\xc3", "\xa9", "\xe2\x80", "\xed\xa0\x80", "\xc0\xaf",
        "\xf4\x90\x80\x80", "\xff", "0123456789abcdef", "\xc2\xa0"
    };
    srand (18);
    for (int k = 0; k < 20000; k++) {
        char buf [256];
        size_t n = 0;
        int parts = rand () % 24;
        for (int i = 0; i < parts; i++) {
            const char *piece = pieces [rand () % (int) (sizeof pieces / sizeof pieces [0])];
            size_t l = strlen (piece);
            memcpy (buf + n, piece, l);
            n += l;
        }
        buf [n] = '\0';
        dp_article_t *a = dp_article_new ();
        dp_article_set_str (&a->title, buf);
        size_t len;
        char *mine = dp_article_to_json (a, &len);
        ck_assert_ptr_nonnull (mine);
        json_t *tree = json_loads (mine, 0, NULL);
        ck_assert_msg (tree != NULL, "not JSON: %s", mine);
        char *theirs = json_dumps (tree, JSON_COMPACT | JSON_PRESERVE_ORDER);
        ck_assert_str_eq (mine, theirs);
        size_t fixed_len = n;
        char *fixed = dp_utf8_valid (buf, n) ? strdup (buf) : dp_utf8_repair (buf, n, &fixed_len, NULL);
        const char *title = json_string_value (json_object_get (tree, "title"));
        ck_assert_ptr_nonnull (title);
        ck_assert_str_eq (title, fixed);
        free (fixed);
        free (theirs);
        json_decref (tree);
        free (mine);
        dp_article_destroy (&a);
    }
}
END_TEST

//  The fast path for flat string objects and jansson read every line the
//  same way: same verdict, same article (the fuzz target does it on
//  mutants; these are the edges written down).
static const char *s_flat_cases [] = {
    "{}",
    " { \"url\" : \"http://x.example/a\" , \"text\":\"a\\nb\\t\\\"q\\\" \\\\ \\/\"} \r\n",
    "{\"title\":\"T\\u00e9t\\u00E9 \\ud83d\\ude00 caf\xc3\xa9\",\"lang\":null}",
    "{\"id\":\"a\",\"id\":\"b\"}",                          //  duplicate: refused
    "{\"text\":\"lone \\ud800 surrogate\"}",                  //  refused
    "{\"text\":\"nul \\u0000 inside\"}",                      //  jansson allows it
    "{\"text\":\"raw \x01 control\"}",                         //  refused
    "{\"text\":\"bad \xff utf8\"}",                            //  refused
    "{\"text\":\"a\"} x",                                      //  trailing junk
    "{\"text\":\"a\",}",                                       //  trailing comma
    "{\"text\":\"unterminated}",
    "{\"seq\":3,\"text\":\"a number\"}",                      //  not flat: jansson
    "{\"text\":\"x\",\"custom\":\"kept in extra\"}",         //  not flat: jansson
    "{\"text\":\"bad escape \\q\"}",
    "{\"text\":\"short \\u12\"}",
    "[\"not an object\"]",
    "{\"id\":\"k\",\"url\":\"http:\\/\\/x.example\\/\",\"html\":\"<p>\\u00e9<\\/p>\"}",
    "{\"text\":\"x\",\"error\":null,\"source\":\"own\"}",
    "\xEF\xBB\xBF{\"text\":\"after a byte-order mark\"}",
    "{\"text\":\"high \\ud83d then junk \\u0041\"}",
    "{\"text\":\"low alone \\udc00\"}",
    "{\"text\":\"split \xc3\\u00a9 sequence\"}",
    "{\"text\":\"ends with a backslash\\",
};

START_TEST (test_json_fast_path_agrees)
{
    const char *in = s_flat_cases [_i];
    char err [256] = "", err2 [256] = "";
    dp_article_t *a = dp_article_from_json (in, strlen (in), err, sizeof err);
    dp_article_t *b = dp_article_from_json_jansson (in, strlen (in), err2, sizeof err2);
    ck_assert_msg ((a == NULL) == (b == NULL), "verdicts differ on %s", in);
    if (a) {
        char *ja = dp_article_to_json (a, NULL), *jb = dp_article_to_json (b, NULL);
        ck_assert_str_eq (ja, jb);
        free (ja);
        free (jb);
    }
    else
        ck_assert_str_eq (err, err2);
    dp_article_destroy (&a);
    dp_article_destroy (&b);
}
END_TEST

//  The replay's pass-through: a line the scan accepts is one the reader
//  takes as it is (no repair), and the line spliced with a source, a seq
//  and a trace reads back into that article with those added.
START_TEST (test_json_scan_agrees)
{
    const char *in = s_flat_cases [_i];
    char err [256] = "";
    dp_json_flat_t scan;
    bool ok = dp_article_json_flat_scan (in, strlen (in), &scan);
    dp_article_t *a = dp_article_from_json (in, strlen (in), err, sizeof err);
    if (!ok) {
        dp_article_destroy (&a);
        return;
    }
    ck_assert_msg (a != NULL, "scan accepts what the reader refuses: %s", in);
    ck_assert_msg (a->n_flags == 0, "scan accepts a line the reader repairs: %s", in);
    ck_assert (scan.has_source == (a->source != NULL) || strstr (in, "\"source\":null"));
    if (scan.has_source) {
        dp_article_destroy (&a);
        return;                         //  fetch reads such a line the long way
    }
    dp_article_t *extra = dp_article_new ();
    ck_assert (dp_article_set_str (&extra->source, "replay.jsonl:9") == 0);
    extra->has_seq = 1;
    extra->seq = 42;
    ck_assert (dp_article_stamp (extra, "fetch", 5));
    if (!scan.has_id)
        ck_assert (dp_article_set_str (&extra->id, "uid") == 0);
    size_t len;
    char *line = dp_article_json_splice (in, &scan, extra, &len);
    ck_assert (line && strlen (line) == len);
    dp_article_t *b = dp_article_from_json (line, len, err, sizeof err);
    ck_assert_msg (b != NULL, "spliced line unreadable (%s): %s", err, line);
    //  The same article, read the long way, with the same additions.
    ck_assert (dp_article_set_str (&a->source, extra->source) == 0);
    if (!scan.has_id)
        ck_assert (dp_article_set_str (&a->id, "uid") == 0);
    a->has_seq = 1;
    a->seq = 42;
    ck_assert (dp_article_stamp (a, "fetch", 5));
    a->trace [0]->pid = extra->trace [0]->pid;
    char *ja = dp_article_to_json (a, NULL), *jb = dp_article_to_json (b, NULL);
    ck_assert_str_eq (ja, jb);
    free (ja);
    free (jb);
    free (line);
    dp_article_destroy (&extra);
    dp_article_destroy (&a);
    dp_article_destroy (&b);
}
END_TEST

//  What the scan must refuse, as the reader would read it otherwise (or
//  refuse it): each of these goes the long way.
START_TEST (test_json_scan_refuses)
{
    static const char *no [] = {
        "{\"id\":\"a\",\"id\":\"b\",\"text\":\"x\"}",
        "{\"text\":\"lone \\ud800\"}",
        "{\"text\":\"nul \\u0000\"}",
        "{\"text\":\"bad \xff\"}",
        "{\"text\":\"x\",\"seq\":3}",
        "{\"text\":\"x\",\"custom\":\"y\"}",
        "\xEF\xBB\xBF{\"text\":\"x\"}",
        "{\"te\\u0078t\":\"escaped key\"}",
        "{\"text\":\"x\"} {}",
    };
    for (size_t i = 0; i < sizeof no / sizeof no [0]; i++) {
        dp_json_flat_t scan;
        ck_assert_msg (!dp_article_json_flat_scan (no [i], strlen (no [i]), &scan),
                       "accepted: %s", no [i]);
    }
    dp_json_flat_t scan;
    const char *yes = " {\"url\":\"u\\/v\",\"html\":\"h\",\"error\":null} ";
    ck_assert (dp_article_json_flat_scan (yes, strlen (yes), &scan));
    ck_assert (scan.has_body && scan.has_error && !scan.has_id && !scan.has_source);
    ck_assert (scan.url_escaped && scan.url_len == 4 && memcmp (scan.url, "u\\/v", 4) == 0);
    ck_assert_uint_eq (scan.open, 1);
    ck_assert_uint_eq (scan.close, strlen (yes) - 2);
}
END_TEST

//  --------------------------------------------------------------------------
//  UTF-8 repair

static const struct {
    const char *in;
    size_t len;
    const char *out;
    size_t repaired;
} s_utf8_cases [] = {
    { "abc", 3, "abc", 0 },
    { "été", 5, "été", 0 },
    { "a\xff" "b", 3, "a\xef\xbf\xbd" "b", 1 },
    { "\xc3", 1, "\xef\xbf\xbd", 1 },                        //  truncated
    { "\xc0\xaf", 2, "\xef\xbf\xbd", 1 },                    //  overlong: one run
    { "\xed\xa0\x80", 3, "\xef\xbf\xbd", 1 },                //  surrogate
    { "\xf4\x90\x80\x80", 4, "\xef\xbf\xbd", 1 },            //  > U+10FFFF
    { "a\0b", 3, "a\xef\xbf\xbd" "b", 1 },                   //  NUL
    { "\xe2\x82\xac", 3, "\xe2\x82\xac", 0 },                //  euro sign
    { "\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80", 0 },        //  emoji
    { "", 0, "", 0 },
    //  Long valid runs (sixteen bytes at a time) around the bad bytes.
    { "0123456789abcdef\xc3\xa9t\xc3\xa9 0123456789abcdef\xff\x80" "0123456789abcdefgh\xe2\x82",
      60, "0123456789abcdef\xc3\xa9t\xc3\xa9 0123456789abcdef\xef\xbf\xbd" "0123456789abcdefgh\xef\xbf\xbd", 2 },
};

START_TEST (test_utf8_repair)
{
    size_t len, repaired;
    char *out = dp_utf8_repair (s_utf8_cases [_i].in, s_utf8_cases [_i].len, &len, &repaired);
    ck_assert_str_eq (out, s_utf8_cases [_i].out);
    ck_assert_uint_eq (len, strlen (s_utf8_cases [_i].out));
    ck_assert_uint_eq (repaired, s_utf8_cases [_i].repaired);
    ck_assert (dp_utf8_valid (out, len));
    ck_assert (dp_utf8_valid (s_utf8_cases [_i].in, s_utf8_cases [_i].len)
               == (s_utf8_cases [_i].repaired == 0));
    free (out);
}
END_TEST

//  --------------------------------------------------------------------------
//  Token spans appended one at a time or n at once: the same array, grown
//  the same way (ASan sees a write past the room).

START_TEST (test_add_tokens)
{
    dp_article_t *one = dp_article_new (), *bulk = dp_article_new ();
    uint32_t next = 0;
    static const size_t runs [] = { 0, 1, 7, 1, 0, 8, 9, 40, 1, 100, 3 };
    for (size_t r = 0; r < sizeof runs / sizeof runs [0]; r++) {
        uint32_t *at;
        ck_assert_int_eq (dp_article_add_tokens (bulk, runs [r], &at), 0);
        for (size_t j = 0; j < runs [r]; j++, next += 2) {
            at [2 * j] = next;
            at [2 * j + 1] = next + 1;
            ck_assert_int_eq (dp_article_add_token (one, next, next + 1), 0);
        }
        //  Single spans after bulk ones still find their room.
        ck_assert_int_eq (dp_article_add_token (bulk, next, next + 1), 0);
        ck_assert_int_eq (dp_article_add_token (one, next, next + 1), 0);
        next += 2;
    }
    ck_assert_uint_eq (one->n_tokens, bulk->n_tokens);
    ck_assert_uint_eq (one->n_tokens, next);
    ck_assert_int_eq (memcmp (one->tokens, bulk->tokens, next * sizeof (uint32_t)), 0);
    dp_article_destroy (&one);
    dp_article_destroy (&bulk);
}
END_TEST

//  --------------------------------------------------------------------------
//  Size limit and options

START_TEST (test_size_limit)
{
    dp_article_t *a = dp_article_new ();
    dp_article_set_str (&a->id, "big");
    char *text = malloc (2001);
    memset (text, 'x', 2000);
    text [2000] = '\0';
    dp_article_take (&a->text, text);
    dp_article_add_sentence (a, 0, 10);
    ck_assert (!dp_stage_limit (a, 2000, "clean"));
    ck_assert_ptr_null (a->error);
    ck_assert (dp_stage_limit (a, 1999, "clean"));
    ck_assert_ptr_nonnull (strstr (a->error, "size limit"));
    ck_assert_str_eq (a->error_stage, "clean");
    ck_assert_ptr_null (a->text);
    ck_assert_uint_eq (a->n_sentences, 0);
    ck_assert_str_eq (a->id, "big");     //  the metadata stays
    dp_article_destroy (&a);
}
END_TEST

START_TEST (test_cli_size)
{
    size_t v;
    ck_assert_int_eq (dp_cli_size ("4096", &v), 0);
    ck_assert_uint_eq (v, 4096);
    ck_assert_int_eq (dp_cli_size ("64K", &v), 0);
    ck_assert_uint_eq (v, 65536);
    ck_assert_int_eq (dp_cli_size ("4M", &v), 0);
    ck_assert_uint_eq (v, 4u << 20);
    ck_assert_int_eq (dp_cli_size ("1g", &v), 0);
    ck_assert_uint_eq (v, 1u << 30);
    ck_assert_int_eq (dp_cli_size ("", &v), -1);
    ck_assert_int_eq (dp_cli_size ("-1", &v), -1);
    ck_assert_int_eq (dp_cli_size ("4X", &v), -1);
    ck_assert_int_eq (dp_cli_size ("4MB", &v), -1);
    ck_assert_int_eq (dp_cli_size ("99999999999999999999", &v), -1);
}
END_TEST

//  --------------------------------------------------------------------------
//  supervisor config

//  The status file names what `out` counts: the sink stores, it sends
//  nothing (an operator read its out=0 as loss).
START_TEST (test_stage_status_label)
{
    char path [] = "/tmp/dp-test-status-XXXXXX";
    int fd = mkstemp (path);
    ck_assert_int_ge (fd, 0);
    close (fd);
    setenv ("DP_STATUS", path, 1);
    for (int sink = 0; sink < 2; sink++) {
        dp_stage_cfg_t cfg;
        dp_stage_cfg_defaults (&cfg, sink ? "sink" : "split");
        cfg.out_label = sink ? "stored" : NULL;
        dp_stage_t *st = dp_stage_new (&cfg);
        ck_assert_ptr_nonnull (st);
        dp_stage_count_out (st);
        dp_stage_count_out (st);
        dp_stage_status (st, true);
        char buf [128] = "";
        FILE *f = fopen (path, "r");
        ck_assert_ptr_nonnull (f);
        ck_assert_ptr_nonnull (fgets (buf, sizeof buf, f));
        fclose (f);
        unsigned long long in, out, dead, bad;
        char label [8];
        ck_assert_int_eq (sscanf (buf, "%llu %llu %llu %llu %7s", &in, &out, &dead, &bad,
                                  label), 5);
        ck_assert_uint_eq (out, 2);
        ck_assert_uint_eq (dp_stage_stats (st)->out, 2);
        ck_assert_str_eq (label, sink ? "stored" : "out");
        dp_stage_destroy (&st);
    }
    unsetenv ("DP_STATUS");
    unlink (path);
}
END_TEST

START_TEST (test_sup_config)
{
    dp_sup_config_t cfg;
    char err [256];
    const char *ok = "# demo\nrundir /tmp/r\nmax-bytes 8M\nstage fetch 1 --window 5 a/\n"
                     "stage clean\nstage tag 3\nstage sink 1 --write o.jsonl # out\n";
    ck_assert_int_eq (dp_sup_config_parse (ok, &cfg, err, sizeof err), 0);
    ck_assert_int_eq (cfg.n_stages, 4);
    ck_assert_str_eq (cfg.max_bytes, "8M");
    ck_assert_str_eq (cfg.rundir, "/tmp/r");
    ck_assert_int_eq (cfg.stages [0].n_args, 3);
    ck_assert_str_eq (cfg.stages [0].args [2], "a/");
    ck_assert_int_eq (cfg.stages [1].instances, 1);
    ck_assert_int_eq (cfg.stages [2].instances, 3);
    ck_assert_int_eq (cfg.stages [3].n_args, 2);
    dp_sup_config_free (&cfg);
    //  Across machines: hosts, keys, port, placement.
    const char *hosts = "host a 10.0.0.1\nhost b 10.0.0.2\nkeys /k\nport 7000\n"
                        "stage fetch @a in/\nstage tag 2 @b --x\nstage sink @a\n";
    ck_assert_int_eq (dp_sup_config_parse (hosts, &cfg, err, sizeof err), 0);
    ck_assert_int_eq (cfg.n_hosts, 2);
    ck_assert_str_eq (cfg.hosts [1].addr, "10.0.0.2");
    ck_assert_str_eq (cfg.keys, "/k");
    ck_assert_int_eq (cfg.port, 7000);
    ck_assert_int_eq (cfg.stages [0].host, 0);
    ck_assert_int_eq (cfg.stages [0].instances, 1);
    ck_assert_int_eq (cfg.stages [0].n_args, 1);
    ck_assert_str_eq (cfg.stages [0].args [0], "in/");
    ck_assert_int_eq (cfg.stages [1].host, 1);
    ck_assert_int_eq (cfg.stages [1].n_args, 1);   //  @b is not an argument
    ck_assert_str_eq (cfg.stages [1].args [0], "--x");
    dp_sup_config_free (&cfg);
    const char *bad [] = {
        "host a 1.2.3.4\nstage fetch @a\nstage sink 1\n", //  a stage with no host
        "stage fetch @nowhere\nstage sink\n",             //  unknown host
        "host a\nstage fetch\nstage sink\n",              //  host without address
        "port 0\nstage fetch\nstage sink\n",
        "stage fetch\n",                                 //  one stage
        "stage fetch\nstage bogus\n",
        "stage fetch\nstage clean 0\n",
        "stage fetch\nstage clean 99\n",
        "stage fetch\nstage clean 2x\n",
        "stage fetch 2\nstage sink\n",
        "frobnicate\n",
        "rundir\n",
        "max-bytes lots\nstage fetch\nstage sink\n",
        "max-bytes 0\nstage fetch\nstage sink\n",
        "max-bytes\nstage fetch\nstage sink\n",
        //  a stage named twice: its instances' endpoints are the same names
        //  (one steals the other's socket), or two fetches read every file
        "stage fetch\nstage tag 1\nstage tag 2\nstage sink\n",
        "stage fetch\nstage sink\nstage fetch\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad [0]; i++) {
        err [0] = '\0';
        ck_assert_msg (dp_sup_config_parse (bad [i], &cfg, err, sizeof err) == -1,
                       "accepted: %s", bad [i]);
        ck_assert (err [0]);
    }
}
END_TEST

static Suite *
s_suite (void)
{
    Suite *s = suite_create ("core");
    TCase *tc = tcase_create ("core");
    tcase_set_timeout (tc, 60);
    tcase_add_loop_test (tc, test_endpoint_parse, 0,
                         (int) (sizeof s_ep_cases / sizeof s_ep_cases [0]));
    tcase_add_test (tc, test_endpoint_too_many);
    tcase_add_test (tc, test_json_roundtrip_all_fields);
    tcase_add_test (tc, test_json_into_kept_buffer);
    tcase_add_test (tc, test_json_null_vs_empty);
    tcase_add_loop_test (tc, test_json_malformed, 0,
                         (int) (sizeof s_bad_json / sizeof s_bad_json [0]));
    tcase_add_test (tc, test_unpack_garbage);
    tcase_add_test (tc, test_unpack_field0);
    tcase_add_test (tc, test_to_json_repairs_wire_utf8);
    tcase_add_test (tc, test_to_json_is_jansson_compact);
    tcase_add_test (tc, test_to_json_random_strings);
    tcase_add_loop_test (tc, test_json_fast_path_agrees, 0,
                         (int) (sizeof s_flat_cases / sizeof s_flat_cases [0]));
    tcase_add_loop_test (tc, test_json_scan_agrees, 0,
                         (int) (sizeof s_flat_cases / sizeof s_flat_cases [0]));
    tcase_add_test (tc, test_json_scan_refuses);
    tcase_add_loop_test (tc, test_utf8_repair, 0,
                         (int) (sizeof s_utf8_cases / sizeof s_utf8_cases [0]));
    tcase_add_test (tc, test_add_tokens);
    tcase_add_test (tc, test_size_limit);
    tcase_add_test (tc, test_cli_size);
    tcase_add_test (tc, test_sup_config);
    tcase_add_test (tc, test_stage_status_label);
    suite_add_tcase (s, tc);
    return s;
}

int
main (void)
{
    return dp_test_run (s_suite ());
}
