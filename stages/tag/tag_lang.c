//  depeche tag — the per-language table: which languages have a model, the
//  tagger of each (loaded once, at start), the choice by an article's `lang`
//  and, when an article has none, a guess from its function words. Adding a
//  language is a row of s_table (its model file, its words in a tag_<xx>.c)
//  and a model built by `make model`. It does not tag anything itself, and
//  a language with no row or no model gets no tagger: never a neighbour's.
#include "tag/tag_lang.h"
#include "tag/tag_int.h"
#include "depeche/dp_lang.h"
#include "depeche/dp_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The languages with a model. file: under the data folder.
static const struct {
    const char *code;
    const char *file;
    uint8_t lang;
} s_table [] = {
    { "fr", "model/tag.model", DP_TAG_LANG_FR },
    { "en", "model/tag-en.model", DP_TAG_LANG_EN },
};
#define S_NLANG (sizeof s_table / sizeof s_table [0])

struct dp_tag_langs {
    dp_tagger_t *tagger [S_NLANG];      //  NULL: that language turned off
    char info [1200];                   //  dp_tag_langs_info
};

//  --------------------------------------------------------------------------

dp_tagger_t *
dp_tagger_new_lang (const char *datadir, const char *model, const char *lang)
{
    for (size_t k = 0; lang && k < S_NLANG; k++)
        if (!strcmp (lang, s_table [k].code))
            return dp_tag_new_as (datadir, model, s_table [k].lang);
    dp_log_error ("tag: no rules for language '%s'", lang ? lang : "(none)");
    return NULL;
}

const char *
dp_tagger_lang (const dp_tagger_t *tagger)
{
    for (size_t k = 0; tagger && k < S_NLANG; k++)
        if (s_table [k].lang == tagger->lang)
            return s_table [k].code;
    return "fr";
}

//  Index of a two-letter code in s_table, or -1.
static int
s_index (const char *code, size_t len)
{
    for (size_t k = 0; k < S_NLANG; k++)
        if (len == 2 && !memcmp (code, s_table [k].code, 2))
            return (int) k;
    return -1;
}

dp_tag_langs_t *
dp_tag_langs_new (const char *datadir, const char *const *models,
                  size_t n_models)
{
    dp_tag_langs_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    for (size_t k = 0; k < S_NLANG; k++) {
        //  The last override of a language wins.
        const char *file = NULL;
        bool off = false;
        for (size_t m = 0; m < n_models; m++) {
            const char *eq = strchr (models [m], '=');
            int which = eq ? s_index (models [m], (size_t) (eq - models [m])) : 0;
            if (eq && which < 0) {
                dp_log_error ("tag: --model %s: no language '%.*s' (known: fr, en)",
                              models [m], (int) (eq - models [m]), models [m]);
                dp_tag_langs_destroy (&self);
                return NULL;
            }
            if (which != (int) k)
                continue;
            file = eq ? eq + 1 : models [m];
            off = !strcmp (file, "none");
        }
        if (off)
            continue;
        char *path = NULL;
        if (file)
            path = strdup (file);
        else
        if (datadir) {
            size_t len = strlen (datadir) + strlen (s_table [k].file) + 2;
            path = malloc (len);
            if (path)
                snprintf (path, len, "%s/%s", datadir, s_table [k].file);
        }
        else
            path = dp_data_path (s_table [k].file);
        if (!path) {
            dp_log_error ("tag: %s not found (set DP_DATA)", s_table [k].file);
            dp_tag_langs_destroy (&self);
            return NULL;
        }
        self->tagger [k] = dp_tag_new_as (datadir, path, s_table [k].lang);
        free (path);
        if (!self->tagger [k]) {
            dp_log_error ("tag: the %s model could not be loaded (make model; "
                          "--model %s=none runs without it)", s_table [k].code,
                          s_table [k].code);
            dp_tag_langs_destroy (&self);
            return NULL;
        }
    }
    return self;
}

dp_tagger_t *
dp_tag_langs_pick (dp_tag_langs_t *self, const char *lang, const char *text,
                   size_t len, const char **code)
{
    const char *use = NULL;
    char two [3];
    if (lang && *lang) {
        //  "en", "EN", "en-GB", "en_US"; "eng" or "english" are not codes.
        size_t n = strlen (lang);
        if (n >= 2 && (n == 2 || lang [2] == '-' || lang [2] == '_')) {
            two [0] = (char) (lang [0] | 0x20);
            two [1] = (char) (lang [1] | 0x20);
            two [2] = '\0';
            use = two;
        }
        else
            use = "";                   //  a language we cannot read
    }
    else {
        use = text ? dp_lang_guess (text, len) : NULL;
        if (!use)
            use = "fr";                 //  too short to tell: the default
    }
    int k = s_index (use, strlen (use));
    if (code) {
        //  A static copy: the caller may keep it after lang is freed.
        static const char *const known [] = {
            "fr", "en", "de", "es", "it", "nl", "pt"
        };
        *code = "";
        for (size_t q = 0; q < sizeof known / sizeof known [0]; q++)
            if (!strcmp (use, known [q]))
                *code = known [q];
    }
    return k < 0 ? NULL : self->tagger [k];
}

const char *
dp_tag_langs_info (dp_tag_langs_t *self)
{
    size_t at = 0;
    self->info [0] = '\0';
    for (size_t k = 0; k < S_NLANG && at < sizeof self->info; k++) {
        int w = snprintf (self->info + at, sizeof self->info - at, "%s%s: %s",
                          k ? "; " : "", s_table [k].code,
                          self->tagger [k] ? dp_tagger_model_info (self->tagger [k])
                                           : "off");
        if (w < 0)
            break;
        at += (size_t) w;
    }
    return self->info;
}

void
dp_tag_langs_destroy (dp_tag_langs_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    for (size_t k = 0; k < S_NLANG; k++)
        dp_tagger_destroy (&(*self_p)->tagger [k]);
    free (*self_p);
    *self_p = NULL;
}
