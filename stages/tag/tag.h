//  depeche tag — named entities (PER LOC ORG MISC) from gazetteers and rules,
//  DATE/TIME/MONEY/NUM from patterns, with a normalised form. No sockets.
#ifndef DP_TAG_H_INCLUDED
#define DP_TAG_H_INCLUDED

#include "depeche/dp_common.h"

typedef struct dp_tagger dp_tagger_t;

//  Returns a tagger loaded from datadir (gazetteer/*.tsv and the model
//  model/tag.model; NULL: the bundled data folder), or NULL (reason logged:
//  missing, truncated, corrupted or wrong-version model included).
dp_tagger_t *
    dp_tagger_new (const char *datadir);

//  Like dp_tagger_new with an explicit model file; "" is datadir's
//  model/tag.model, NULL means no model (names from the rule layer alone).
dp_tagger_t *
    dp_tagger_new_with (const char *datadir, const char *model);

//  Training description of the loaded model ("no model" without one).
const char *
    dp_tagger_model_info (const dp_tagger_t *self);

void
    dp_tagger_destroy (dp_tagger_t **self_p);

//  Tags text[0..len) sentence by sentence (sentences NULL or none: the
//  whole text is one). Words are always cut by the tagger itself, the way
//  its model was trained, so a name reads the same whoever split the text:
//  tokens[0..n_tokens) (split's, may be NULL) are accepted but are not word
//  boundaries. Appends entities to *out in text order, non-overlapping.
//  Returns 0, or -1 when out of memory.
int
    dp_tag (dp_tagger_t *self, const char *text, size_t len,
            const dp_span_t *sentences, size_t n_sentences,
            const dp_span_t *tokens, size_t n_tokens, dp_entities_t *out);

#endif
