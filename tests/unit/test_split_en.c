//  depeche split — unit tests (Check) of the English-only boundaries: speech
//  broken off by a dash, abbreviations in capitals, headings on their own
//  line or run into their first sentence, footnote numbers, dotted
//  abbreviations, and the same texts under the French rules (unchanged).
#include "split/split.h"
#include "split/split_en.h"

#include <check.h>
#include <stdio.h>
#include <string.h>
#include "test_run.h"

static dp_splitter_t *s_splitter;

static void
s_setup (void)
{
    s_splitter = dp_splitter_new (NULL);
    ck_assert_ptr_nonnull (s_splitter);
}

static void
s_teardown (void)
{
    dp_splitter_destroy (&s_splitter);
}

//  The sentences of text under lang, joined with " | ".
static void
s_split (const char *text, const char *lang, char *out, size_t cap)
{
    dp_spans_t spans = { 0 };
    ck_assert_int_eq (dp_split (s_splitter, text, strlen (text), lang, &spans), 0);
    size_t at = 0;
    out [0] = '\0';
    for (size_t k = 0; k < spans.n; k++) {
        int w = snprintf (out + at, cap - at, "%s%.*s", k ? " | " : "",
                          (int) (spans.v [k].end - spans.v [k].start),
                          text + spans.v [k].start);
        ck_assert (w > 0 && (size_t) w < cap - at);
        at += (size_t) w;
    }
    dp_spans_free (&spans);
}

static const struct {
    const char *text;
    const char *en;                     //  expected, English rules
    const char *fr;                     //  expected, French rules
} s_cases [] = {
    { "Her mom call you — Right, right. Her mom wouldn't lie.",
      "Her mom call you — | Right, right. | Her mom wouldn't lie.",
      "Her mom call you — Right, right. | Her mom wouldn't lie." },
    { "Kendra, just let it go. You — No, because she doesn't — All you said was —",
      "Kendra, just let it go. | You — | No, because she doesn't — | All you said was —",
      "Kendra, just let it go. | You — No, because she doesn't — All you said was —" },
    { "We need a – Do you have any sharp objects on you?",
      "We need a – | Do you have any sharp objects on you?",
      "We need a – Do you have any sharp objects on you?" },
    //  A dateline and a parenthesis are not speech broken off.
    { "WASHINGTON — The president said it.\nNew York — The mayor agreed.",
      "WASHINGTON — The president said it. | New York — The mayor agreed.",
      "WASHINGTON — The president said it. | New York — The mayor agreed." },
    { "The senator — Joe Biden — said no.",
      "The senator — Joe Biden — said no.",
      "The senator — Joe Biden — said no." },
    { "It was a well-known — and long — story.",
      "It was a well-known — and long — story.",
      "It was a well-known — and long — story." },
    //  Abbreviations in capitals.
    { "ORAL ARGUMENT OF GEN. ELIZABETH B. PRELOGAR ON BEHALF OF THE PETITIONERS",
      "ORAL ARGUMENT OF GEN. ELIZABETH B. PRELOGAR ON BEHALF OF THE PETITIONERS",
      NULL },
    { "Gov. Newsom spoke. He left. GOV. NEWSOM SPOKE. HE LEFT.",
      "Gov. Newsom spoke. | He left. | GOV. NEWSOM SPOKE. | HE LEFT.",
      NULL },
    //  A heading or caption without punctuation: its line break ends it.
    { "Introduction\nResearch on adult learners is rare.\nFigure 1.5\nResidents of Boxborough vote.",
      "Introduction | Research on adult learners is rare. | Figure 1.5 | Residents of Boxborough vote.",
      "Introduction | Research on adult learners is rare. | Figure 1.5 | Residents of Boxborough vote." },
    //  A heading run into its first sentence: a capitalised pronoun,
    //  article or conjunction before a lowercase word ends it; titles
    //  that write prepositions, « I » or « Who » in capitals are no heading.
    { "Previous Research We are aware of six studies. DIFFERENT TYPES OF GOVERNMENT The government can be.",
      "Previous Research | We are aware of six studies. | DIFFERENT TYPES OF GOVERNMENT | The government can be.",
      "Previous Research We are aware of six studies. | DIFFERENT TYPES OF GOVERNMENT The government can be." },
    { "Division of Labor Increases Production When we divide tasks, work goes faster.",
      "Division of Labor Increases Production | When we divide tasks, work goes faster.",
      "Division of Labor Increases Production When we divide tasks, work goes faster." },
    { "Rise From the Dead is a film. King Carlos I and the queen left. Doctor Who serial Kinda aired. Yes It is.",
      "Rise From the Dead is a film. | King Carlos I and the queen left. | Doctor Who serial Kinda aired. | Yes It is.",
      NULL },
    { "Figure 1.6 The map shows it. Why the Division of Labor Increases Production When we divide, work goes faster.",
      "Figure 1.6 | The map shows it. | Why the Division of Labor Increases Production | When we divide, work goes faster.",
      "Figure 1.6 The map shows it. | Why the Division of Labor Increases Production When we divide, work goes faster." },
    //  A cut marked in a quotation after the stop is the sentence's.
    { "I'm sorry, Jonathan Bell. [\xE2\x80\xA6] For the intervener, Mr. Lee. [...] It ends.",
      "I'm sorry, Jonathan Bell. [\xE2\x80\xA6] | For the intervener, Mr. Lee. [...] | It ends.",
      NULL },
    //  One word of speech before a dash is no dateline.
    { "Well \xE2\x80\x94 So what're you getting at?",
      "Well \xE2\x80\x94 | So what're you getting at?",
      "Well \xE2\x80\x94 So what're you getting at?" },
    //  A footnote number stays with the sentence it follows.
    { "Minorities must be protected. 4 Even though few vote, it works (Figure 1.6). 5 At the other end, 12 people voted.",
      "Minorities must be protected. 4 | Even though few vote, it works (Figure 1.6). 5 | At the other end, 12 people voted.",
      NULL },
    { "He left in 2010. 2016 Olympics were next. It was 3. 12 of them stayed.",
      "He left in 2010. | 2016 Olympics were next. | It was 3. | 12 of them stayed.",
      NULL },
    //  A dotted abbreviation that never ends a sentence, even before « The ».
    { "They teach DH (e.g. The Programming Historian). It works, i.e. The Guardian reads it.",
      "They teach DH (e.g. The Programming Historian). | It works, i.e. The Guardian reads it.",
      NULL },
};

START_TEST (test_en_cases)
{
    char got [512];
    for (size_t k = 0; k < sizeof s_cases / sizeof s_cases [0]; k++) {
        s_split (s_cases [k].text, "en", got, sizeof got);
        ck_assert_msg (!strcmp (got, s_cases [k].en), "en %zu: [%s]", k, got);
        if (!s_cases [k].fr)
            continue;
        s_split (s_cases [k].text, "fr", got, sizeof got);
        ck_assert_msg (!strcmp (got, s_cases [k].fr), "fr %zu: [%s]", k, got);
    }
}
END_TEST

START_TEST (test_en_helpers)
{
    const uint8_t *t = (const uint8_t *) "so — No";
    //  Bounds: a dash at the very end, or nothing before it.
    ck_assert_uint_eq (dp_split_en_cut (t, 5, 3, 0), 0);
    ck_assert_uint_eq (dp_split_en_cut (t, strlen ((const char *) t), 3, 3), 0);
    ck_assert_uint_eq (dp_split_en_cut (t, strlen ((const char *) t), 3, 0), 6);
    uint8_t out [16];
    ck_assert (dp_split_en_titlecase ((const uint8_t *) "GEN", 3, out));
    ck_assert_str_eq ((const char *) out, "Gen");
    ck_assert (!dp_split_en_titlecase ((const uint8_t *) "Gen", 3, out));
    ck_assert (!dp_split_en_titlecase ((const uint8_t *) "G", 1, out));
    ck_assert (!dp_split_en_titlecase ((const uint8_t *) "ABCDEFGHI", 9, out));
}
END_TEST

int
main (void)
{
    Suite *s = suite_create ("split_en");
    TCase *tc = tcase_create ("core");
    tcase_add_checked_fixture (tc, s_setup, s_teardown);
    tcase_add_test (tc, test_en_cases);
    tcase_add_test (tc, test_en_helpers);
    suite_add_tcase (s, tc);
    return dp_test_run (s);
}
