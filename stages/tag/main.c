//  depeche-tag — named entities with a normalised form. The work is dp_tag
//  (tag.c) with the tagger of the article's language (tag_lang.c); it reads
//  the sentences split wrote and cuts the words itself (split's tokens pass
//  through untouched). A language without a model passes through untagged,
//  flagged `no-ner-model`.
#include "depeche/dp_cli.h"
#include "depeche/dp_log.h"
#include "depeche/dp_signal.h"
#include "depeche/dp_stage.h"
#include "tag/tag.h"
#include "tag/tag_lang.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    dp_tag_langs_t *langs;              //  one tagger per language
    dp_spans_t sents;                   //  reused buffer
    dp_entities_t ents;
    //  The entities the article is lent (see s_put_entities), kept from one
    //  article to the next: no allocation per entity.
    Dp__Entity *lent;                   //  cap_lent structs
    Dp__Entity **lent_v;                //  their addresses, the article's array
    size_t cap_lent;
    char *lent_text;                    //  their texts, each NUL-ended
    size_t cap_text;
} s_state_t;

//  Frees the norms left in ents and empties it, keeping its array for the
//  next article.
static void
s_ents_clear (dp_entities_t *ents)
{
    for (size_t i = 0; i < ents->n; i++)
        free (ents->v [i].norm);
    ents->n = 0;
}

//  Grows the lent arrays to n entities and text bytes; 0 or -1 (OOM).
static int
s_lent_reserve (s_state_t *st, size_t n, size_t text)
{
    if (n > st->cap_lent) {
        size_t cap = st->cap_lent ? st->cap_lent : 64;
        while (cap < n)
            cap *= 2;
        Dp__Entity *v = realloc (st->lent, cap * sizeof *v);
        if (!v)
            return -1;
        st->lent = v;
        Dp__Entity **p = realloc (st->lent_v, cap * sizeof *p);
        if (!p)
            return -1;
        st->lent_v = p;
        st->cap_lent = cap;
    }
    if (text > st->cap_text) {
        size_t cap = st->cap_text ? st->cap_text : 4096;
        while (cap < text)
            cap *= 2;
        char *t = realloc (st->lent_text, cap);
        if (!t)
            return -1;
        st->lent_text = t;
        st->cap_text = cap;
    }
    return 0;
}

//  Replaces doc's entities with those of ents that lie in its text (len
//  bytes). They are lent, not given: the structs and texts are the state's
//  arrays, the norms ents's, the types static; s_done takes them back
//  before the runtime frees the article (or copies them when the runtime
//  must change it). 0, or -1 when out of memory.
static int
s_put_entities (s_state_t *st, dp_article_t *doc, size_t len, dp_entities_t *ents)
{
    for (size_t i = 0; i < doc->n_entities; i++)
        dp__entity__free_unpacked (doc->entities [i], NULL);
    free (doc->entities);
    doc->entities = NULL;
    doc->n_entities = 0;
    size_t text = 0;
    for (size_t i = 0; i < ents->n; i++) {
        dp_entity_t *e = &ents->v [i];
        if (e->end <= len && e->start <= e->end)
            text += e->end - e->start + 1;
    }
    if (!text)
        return 0;
    if (s_lent_reserve (st, ents->n, text))
        return -1;
    size_t k = 0;
    char *t = st->lent_text;
    for (size_t i = 0; i < ents->n; i++) {
        dp_entity_t *e = &ents->v [i];
        if (e->end > len || e->start > e->end)
            continue;                   //  never emit an offset past the text
        Dp__Entity *ent = &st->lent [k];
        dp__entity__init (ent);
        ent->start = e->start;
        ent->end = e->end;
        ent->norm = e->norm;
        ent->type = (char *) e->type;
        size_t n = e->end - e->start;
        memcpy (t, doc->text + e->start, n);
        t [n] = '\0';
        ent->text = t;
        t += n + 1;
        st->lent_v [k++] = ent;
    }
    doc->entities = st->lent_v;
    doc->n_entities = k;
    return 0;
}

//  dp_stage_run's done callback (see dp_done_fn): the entities lent to doc
//  are taken back (keep false) or become its own (keep true).
static void
s_done (void *state, dp_article_t *doc, bool keep)
{
    s_state_t *st = state;
    if (!doc->entities || doc->entities != st->lent_v)
        return;
    size_t n = doc->n_entities;
    doc->entities = NULL;
    doc->n_entities = 0;
    if (!keep)
        return;
    Dp__Entity **v = malloc (n * sizeof *v);
    if (!v)
        return;                         //  out of memory: without them
    size_t k = 0;
    bool oom = false;
    for (size_t i = 0; i < n && !oom; i++) {
        const Dp__Entity *src = st->lent_v [i];
        Dp__Entity *ent = malloc (sizeof *ent);
        if (!ent) {
            oom = true;
            break;
        }
        *ent = *src;
        ent->type = ent->text = ent->norm = NULL;
        v [k++] = ent;
        if ((src->type && !(ent->type = strdup (src->type)))
        ||  (src->text && !(ent->text = strdup (src->text)))
        ||  (src->norm && !(ent->norm = strdup (src->norm))))
            oom = true;
    }
    if (oom) {
        for (size_t i = 0; i < k; i++)
            dp__entity__free_unpacked (v [i], NULL);
        free (v);
        return;
    }
    doc->entities = v;
    doc->n_entities = n;
}

static dp_rc_t
s_tag (void *state, dp_article_t *doc)
{
    s_state_t *st = state;
    if (!doc->text) {
        dp_article_fail (doc, "tag", "article has no text (was it cleaned?)");
        return DP_DEAD;
    }
    size_t len = strlen (doc->text);
    dp_tagger_t *tagger = dp_tag_langs_pick (st->langs, doc->lang, doc->text,
                                             len, NULL);
    if (!tagger) {
        //  No model for this language: its sentences stay, no guesses.
        for (size_t i = 0; i < doc->n_entities; i++)
            dp__entity__free_unpacked (doc->entities [i], NULL);
        free (doc->entities);
        doc->entities = NULL;
        doc->n_entities = 0;
        return dp_article_add_flag (doc, "no-ner-model") ? DP_FATAL : DP_OK;
    }
    st->sents.n = 0;
    //  No sentences (split was skipped): the whole text is one.
    if (doc->n_sentences == 0 && dp_spans_push (&st->sents, 0, (uint32_t) len))
        return DP_FATAL;
    for (size_t i = 0; i < doc->n_sentences; i++)
        if (dp_spans_push (&st->sents, doc->sentences [i]->start, doc->sentences [i]->end))
            return DP_FATAL;
    s_ents_clear (&st->ents);
    if (dp_tag (tagger, doc->text, len, st->sents.v, st->sents.n,
                NULL, 0, &st->ents))
        return DP_FATAL;
    //  Entities from an earlier run would overlap ours: replaced.
    return s_put_entities (st, doc, len, &st->ents) ? DP_FATAL : DP_OK;
}

static const char *s_usage =
"usage: depeche-tag [OPTIONS]\n"
"Finds named entities (PER LOC ORG MISC) and DATE/TIME/MONEY/NUM, each\n"
"with its text and a normalised form.\n\n"
"The model is the article's language's (lang, else guessed from the text;\n"
"French when too short to tell); a language without one passes through\n"
"untagged with the flag no-ner-model.\n\n"
"      --data DIR        folder with gazetteer/*.tsv and model/*.model\n"
"                        (default: bundled)\n"
"      --model FILE      the French model to use instead of DIR/model/tag.model\n"
"      --model LANG=FILE that language's model (fr, en); LANG=none: no model,\n"
"                        its articles pass through untagged (repeatable)\n";

int
main (int argc, char **argv)
{
    dp_log_init ("depeche-tag");
    dp_malloc_tune ();                  //  no fast bins: see dp_common.h
    dp_signal_open ();                  //  first: a SIGTERM while the model or
                                        //  state loads still ends in exit 0
    dp_stage_cfg_t cfg;
    dp_stage_cfg_defaults (&cfg, "tag");
    cfg.in = cfg.out = "-";
    const char *data = NULL;
    const char *models [8];
    size_t n_models = 0;
    enum { O_DATA = DP_OPT_STAGE_BASE, O_MODEL };
    static const struct option opts [] = {
        DP_CLI_OPTIONS,
        { "data", required_argument, NULL, O_DATA },
        { "model", required_argument, NULL, O_MODEL },
        { NULL, 0, NULL, 0 }
    };
    int c;
    while ((c = getopt_long (argc, argv, DP_CLI_SHORT, opts, NULL)) != -1) {
        if (c == O_DATA)
            data = optarg;
        else
        if (c == O_MODEL) {
            if (n_models == sizeof models / sizeof models [0]) {
                fprintf (stderr, "depeche-tag: too many --model options\n");
                return 2;
            }
            models [n_models++] = optarg;
        }
        else
        if (!dp_cli_common (c, optarg, &cfg, s_usage))
            return 2;
    }
    if (optind < argc) {
        fprintf (stderr, "depeche-tag: unexpected argument \"%s\"; try --help\n", argv [optind]);
        return 2;
    }
    s_state_t st = { 0 };
    st.langs = dp_tag_langs_new (data, models, n_models);
    if (!st.langs)
        return 2;
    dp_stage_t *stage = dp_stage_new (&cfg);
    if (stage)
        dp_stage_set_done (stage, s_done);
    int rc = stage ? dp_stage_run (stage, s_tag, &st, NULL, 0) : 2;
    dp_stage_destroy (&stage);
    dp_tag_langs_destroy (&st.langs);
    dp_spans_free (&st.sents);
    dp_entities_free (&st.ents);
    free (st.lent);
    free (st.lent_v);
    free (st.lent_text);
    return rc == 2 ? 2 : rc ? 1 : 0;
}
