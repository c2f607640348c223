//  depeche-clean — HTML or scraped text in, the article's main text and its
//  metadata out. The work is dp_clean_html/dp_clean_text (clean.c, plain.c).
#include "depeche/dp_cli.h"
#include "depeche/dp_log.h"
#include "depeche/dp_signal.h"
#include "depeche/dp_stage.h"
#include "clean/clean.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    dp_cleaner_t *cleaner;
    bool keep_html;                     //  forward the html after cleaning
} s_state_t;

static bool
s_has_tag (const dp_article_t *doc, const char *tag)
{
    for (size_t i = 0; i < doc->n_tags; i++)
        if (strcmp (doc->tags [i], tag) == 0)
            return true;
    return false;
}

static dp_rc_t
s_clean (void *state, dp_article_t *doc)
{
    s_state_t *st = state;
    dp_clean_result_t res = { 0 };
    dp_rc_t rc;
    if (doc->html)
        rc = dp_clean_html (st->cleaner, doc->html, strlen (doc->html), &res);
    else
    if (doc->text)
        rc = dp_clean_text (st->cleaner, doc->text, strlen (doc->text), &res);
    else {
        dp_article_fail (doc, "clean", "article has neither html nor text");
        return DP_DEAD;
    }
    if (rc == DP_FATAL) {
        dp_clean_result_free (&res);
        return DP_FATAL;
    }
    if (rc == DP_DEAD) {
        dp_article_fail (doc, "clean", res.error ? res.error : "could not clean");
        dp_clean_result_free (&res);
        return DP_DEAD;
    }
    //  What the producer said wins over what the page says.
    dp_article_take (&doc->text, res.text);
    res.text = NULL;
    if (!doc->title && res.title) {
        doc->title = res.title;
        res.title = NULL;
    }
    if (!doc->published && res.published) {
        doc->published = res.published;
        res.published = NULL;
    }
    if (!doc->lang && res.lang) {
        doc->lang = res.lang;
        res.lang = NULL;
    }
    if (!doc->url && res.url) {
        doc->url = res.url;
        res.url = NULL;
    }
    if (!doc->lang) {
        const char *guess = res.guessed ? res.guess
                          : dp_clean_guess_lang (doc->text, strlen (doc->text));
        if (guess && dp_article_set_str (&doc->lang, guess))
            rc = DP_FATAL;
    }
    for (size_t i = 0; i < res.n_tags; i++)
        if (!s_has_tag (doc, res.tags [i]) && dp_article_add_tag (doc, res.tags [i]))
            rc = DP_FATAL;
    if (res.n_repaired && dp_article_add_flag (doc, "utf8-repaired"))
        rc = DP_FATAL;
    if (res.fallback && dp_article_add_flag (doc, "clean-fallback"))
        rc = DP_FATAL;
    if (res.n_attrs_cut && dp_article_add_flag (doc, "attrs-dropped"))
        rc = DP_FATAL;
    if (!st->keep_html)
        dp_article_take (&doc->html, NULL);
    dp_article_clear_spans (doc);       //  the text changed: old offsets are void
    dp_clean_result_free (&res);
    return rc;
}

static const char *s_usage =
"usage: depeche-clean [OPTIONS]\n"
"HTML (or text scraped from a page) in; the article's main text, title,\n"
"date, language and tags out; boilerplate removed, Unicode normalised (NFC),\n"
"invalid UTF-8 repaired and flagged.\n\n"
"      --rules FILE      boilerplate patterns (default: data/clean/boilerplate.rules)\n"
"      --keep-html       forward the html too (default: dropped once cleaned)\n";

int
main (int argc, char **argv)
{
    dp_log_init ("depeche-clean");
    dp_signal_open ();                  //  first: a SIGTERM while the model or
                                        //  state loads still ends in exit 0
    dp_stage_cfg_t cfg;
    dp_stage_cfg_defaults (&cfg, "clean");
    cfg.in = cfg.out = "-";
    const char *rules = NULL;
    s_state_t st = { 0 };
    enum { O_RULES = DP_OPT_STAGE_BASE, O_KEEP_HTML };
    static const struct option opts [] = {
        DP_CLI_OPTIONS,
        { "rules", required_argument, NULL, O_RULES },
        { "keep-html", no_argument, NULL, O_KEEP_HTML },
        { NULL, 0, NULL, 0 }
    };
    int c;
    while ((c = getopt_long (argc, argv, DP_CLI_SHORT, opts, NULL)) != -1) {
        if (c == O_RULES)
            rules = optarg;
        else
        if (c == O_KEEP_HTML)
            st.keep_html = true;
        else
        if (!dp_cli_common (c, optarg, &cfg, s_usage))
            return 2;
    }
    if (optind < argc) {
        fprintf (stderr, "depeche-clean: unexpected argument \"%s\"; try --help\n", argv [optind]);
        return 2;
    }
    st.cleaner = dp_cleaner_new (rules);
    if (!st.cleaner)
        return 2;
    dp_stage_t *stage = dp_stage_new (&cfg);
    if (!stage) {
        dp_cleaner_destroy (&st.cleaner);
        return 2;
    }
    int rc = dp_stage_run (stage, s_clean, &st, NULL, 0);
    dp_stage_destroy (&stage);
    dp_cleaner_destroy (&st.cleaner);
    return rc ? 1 : 0;
}
