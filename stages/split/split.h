//  depeche split — sentence boundaries and word tokens (French first, English
//  too). Offsets are bytes into the UTF-8 text, half-open. No sockets.
#ifndef DP_SPLIT_H_INCLUDED
#define DP_SPLIT_H_INCLUDED

#include "depeche/dp_common.h"

typedef struct dp_splitter dp_splitter_t;

//  Returns a splitter with the abbreviation lists of datadir (files
//  abbrev/fr.txt and abbrev/en.txt; NULL: the bundled data folder), or NULL
//  (reason logged) when they cannot be read.
dp_splitter_t *
    dp_splitter_new (const char *datadir);

void
    dp_splitter_destroy (dp_splitter_t **self_p);

//  Appends the sentences of text[0..len) to *out, trimmed of surrounding
//  white space, in order, non-overlapping. lang "en" uses English rules,
//  anything else French. Returns 0, or -1 when out of memory.
int
    dp_split (dp_splitter_t *self, const char *text, size_t len,
              const char *lang, dp_spans_t *out);

//  Appends the word tokens of text[span] to *out (punctuation marks are
//  tokens of their own; French elisions l' d' qu' are split off).
//  Returns 0, or -1 when out of memory.
int
    dp_tokenize (dp_splitter_t *self, const char *text, dp_span_t span,
                 dp_spans_t *out);

#endif
