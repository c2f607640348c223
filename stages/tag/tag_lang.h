//  depeche tag — one tagger per language, chosen by an article's `lang`.
//  The table of languages with a model (data/model/tag.model for French,
//  data/model/tag-en.model for English) is in tag_lang.c; a language not in
//  it, or whose model was turned off, gets no tagger: the article passes
//  through untagged (flag `no-ner-model`), never with another language's
//  guesses. No sockets.
#ifndef DP_TAG_LANG_H_INCLUDED
#define DP_TAG_LANG_H_INCLUDED

#include "tag/tag.h"

#include <stddef.h>

typedef struct dp_tag_langs dp_tag_langs_t;

//  Loads the tagger of every language in the table from datadir (NULL: the
//  bundled data). models[0..n) override the table: "FILE" is the French
//  model (as --model always was), "LANG=FILE" another language's, and
//  "LANG=none" loads no model for LANG. Returns NULL (reason logged) when a
//  model named or shipped cannot be loaded, or an override is malformed.
dp_tag_langs_t *
    dp_tag_langs_new (const char *datadir, const char *const *models,
                      size_t n_models);

//  The tagger for an article: lang is the article's (producer's or
//  clean's; "en-GB", "EN" and "en_US" are "en"); NULL or empty: guessed
//  from text[0..len) (dp_lang_guess), French when the text is too short
//  to tell. *code (may be NULL) gets the two-letter language used. Returns
//  NULL when that language has no model.
dp_tagger_t *
    dp_tag_langs_pick (dp_tag_langs_t *self, const char *lang,
                       const char *text, size_t len, const char **code);

//  One line per language: "fr: <model info>" ... (static buffer of self).
const char *
    dp_tag_langs_info (dp_tag_langs_t *self);

void
    dp_tag_langs_destroy (dp_tag_langs_t **self_p);

//  A tagger for language lang ("fr" or "en": its words, rules and the cut
//  its model was trained on), with a model as dp_tagger_new_with. NULL for
//  an unknown lang or on failure (reason logged).
dp_tagger_t *
    dp_tagger_new_lang (const char *datadir, const char *model,
                        const char *lang);

//  "fr" or "en": the language whose words, rules and cut tagger uses.
const char *
    dp_tagger_lang (const dp_tagger_t *tagger);

#endif
