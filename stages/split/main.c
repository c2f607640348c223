//  depeche-split — sentence boundaries and word tokens. The work is
//  dp_split/dp_tokenize (split.c, split_tok.c); the text is never changed.
#include "depeche/dp_cli.h"
#include "depeche/dp_log.h"
#include "depeche/dp_signal.h"
#include "depeche/dp_stage.h"
#include "split/split.h"
#include "depeche/dp_lang.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    dp_splitter_t *splitter;
    bool tokens;                        //  also emit word tokens
    dp_spans_t sents;                   //  reused buffers
    dp_spans_t toks;
} s_state_t;

static dp_rc_t
s_split (void *state, dp_article_t *doc)
{
    s_state_t *st = state;
    if (!doc->text) {
        dp_article_fail (doc, "split", "article has no text (was it cleaned?)");
        return DP_DEAD;
    }
    size_t len = strlen (doc->text);
    if (len > UINT32_MAX) {
        dp_article_fail (doc, "split", "text too long for 32-bit offsets");
        return DP_DEAD;
    }
    st->sents.n = 0;
    //  No lang (clean skipped): the language of the first few KB decides
    //  the rules, as in tag.
    const char *lang = doc->lang && *doc->lang ? doc->lang
                     : dp_lang_guess (doc->text, len < 4096 ? len : 4096);
    if (dp_split (st->splitter, doc->text, len, lang, &st->sents))
        return DP_FATAL;
    dp_article_clear_spans (doc);
    for (size_t i = 0; i < st->sents.n; i++) {
        dp_span_t s = st->sents.v [i];
        if (dp_article_add_sentence (doc, s.start, s.end))
            return DP_FATAL;
        if (!st->tokens)
            continue;
        st->toks.n = 0;
        if (dp_tokenize (st->splitter, doc->text, s, &st->toks))
            return DP_FATAL;
        uint32_t *v;
        if (dp_article_add_tokens (doc, st->toks.n, &v))
            return DP_FATAL;
        for (size_t j = 0; j < st->toks.n; j++) {
            v [2 * j] = st->toks.v [j].start;
            v [2 * j + 1] = st->toks.v [j].end;
        }
    }
    return DP_OK;
}

static const char *s_usage =
"usage: depeche-split [OPTIONS]\n"
"Finds sentence boundaries (French rules, English when lang is \"en\" or,\n"
"without lang, when the text reads as English) and\n"
"word tokens; offsets are bytes into text, half-open.\n\n"
"      --data DIR        folder with abbrev/fr.txt, abbrev/en.txt (default: bundled)\n"
"      --no-tokens       sentences only\n";

int
main (int argc, char **argv)
{
    dp_log_init ("depeche-split");
    dp_signal_open ();                  //  first: a SIGTERM while the model or
                                        //  state loads still ends in exit 0
    dp_stage_cfg_t cfg;
    dp_stage_cfg_defaults (&cfg, "split");
    cfg.in = cfg.out = "-";
    const char *data = NULL;
    s_state_t st = { .tokens = true };
    enum { O_DATA = DP_OPT_STAGE_BASE, O_NO_TOKENS };
    static const struct option opts [] = {
        DP_CLI_OPTIONS,
        { "data", required_argument, NULL, O_DATA },
        { "no-tokens", no_argument, NULL, O_NO_TOKENS },
        { NULL, 0, NULL, 0 }
    };
    int c;
    while ((c = getopt_long (argc, argv, DP_CLI_SHORT, opts, NULL)) != -1) {
        if (c == O_DATA)
            data = optarg;
        else
        if (c == O_NO_TOKENS)
            st.tokens = false;
        else
        if (!dp_cli_common (c, optarg, &cfg, s_usage))
            return 2;
    }
    if (optind < argc) {
        fprintf (stderr, "depeche-split: unexpected argument \"%s\"; try --help\n", argv [optind]);
        return 2;
    }
    st.splitter = dp_splitter_new (data);
    if (!st.splitter)
        return 2;
    dp_stage_t *stage = dp_stage_new (&cfg);
    int rc = stage ? dp_stage_run (stage, s_split, &st, NULL, 0) : 2;
    dp_stage_destroy (&stage);
    dp_splitter_destroy (&st.splitter);
    dp_spans_free (&st.sents);
    dp_spans_free (&st.toks);
    return rc == 2 ? 2 : rc ? 1 : 0;
}
