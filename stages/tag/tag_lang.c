//  depeche tag — the per-language table: which languages have a model, the
//  tagger of each (loaded once, at start), the choice by an article's `lang`
//  and, when an article has none, a guess from its function words. Adding a
//  language is a row of s_table (its model file, its words in a tag_<xx>.c)
//  and a model built by `make model`. It does not tag anything itself, and
//  a language with no row or no model gets no tagger: never a neighbour's.
#include "tag/tag_lang.h"
#include "tag/tag_int.h"
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
        use = text ? dp_tag_guess_lang (text, len) : NULL;
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

//  --------------------------------------------------------------------------
//  Language guess. Each language's most frequent short function words that
//  the others do not share (« de » is French, Spanish and Portuguese alike:
//  left out); a language must find at least 4 and twice the next one.

static const struct {
    const char *code;
    const char *words;                  //  space-separated, lowercase ASCII
} s_func [] = {
    { "fr", " le la les des du et est une que qui dans pour pas sur au aux avec ce cette il elle ont sont mais ou par se ne ses leur "},
    { "en", " the of and to is that for with was on are as by this have from be at it has were which their not but an its he she they "},
    { "de", " der die das und ist nicht mit den dem ein eine auf sich auch von zu im wird wurde sie es dass bei aus nach wie "},
    { "es", " el los las y que en del por con una se lo para es su al pero sus como fue han este esta "},
    { "it", " il di che e la della per non con sono gli una del si le da alla anche nel dei ha "},
    { "nl", " het een en van is dat op te zijn niet met voor ook aan er bij wordt door naar "},
    { "pt", " o os as e que do da em um uma para com por no na se dos das foi ao mais "},
};
#define S_NFUNC (sizeof s_func / sizeof s_func [0])

const char *
dp_tag_guess_lang (const char *text, size_t len)
{
    unsigned count [S_NFUNC] = { 0 };
    size_t words = 0;
    size_t i = 0;
    while (i < len && words < 3000) {
        while (i < len && !((text [i] | 0x20) >= 'a' && (text [i] | 0x20) <= 'z'))
            i++;
        size_t start = i;
        char w [8];
        size_t n = 0;
        while (i < len && (text [i] | 0x20) >= 'a' && (text [i] | 0x20) <= 'z') {
            if (n + 2 < sizeof w)
                w [n + 1] = (char) (text [i] | 0x20);
            n++;
            i++;
        }
        if (n == 0)
            break;
        //  A word glued to a non-ASCII letter (é, ß...) is not one of them.
        if (n + 2 >= sizeof w || (i < len && (unsigned char) text [i] >= 0x80)
        ||  (start > 0 && (unsigned char) text [start - 1] >= 0x80))
            continue;
        words++;
        w [0] = ' ';
        w [n + 1] = ' ';
        for (size_t k = 0; k < S_NFUNC; k++)
            if (memmem (s_func [k].words, strlen (s_func [k].words), w, n + 2))
                count [k]++;
    }
    size_t best = 0, second = S_NFUNC;
    for (size_t k = 1; k < S_NFUNC; k++)
        if (count [k] > count [best])
            best = k;
    for (size_t k = 0; k < S_NFUNC; k++)
        if (k != best && (second == S_NFUNC || count [k] > count [second]))
            second = k;
    if (count [best] < 4 || count [best] < 2 * count [second])
        return NULL;
    return s_func [best].code;
}
