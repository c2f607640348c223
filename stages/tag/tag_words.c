//  depeche tag — the word cache: what the tagger computes of a token from
//  its bytes alone (lexicon flags, word classes, gazetteer entry, the
//  model's hashes and the sum of the rows they select) is kept per word
//  form, so that a frequent word is looked up once and not at each of its
//  occurrences. Bounded: S_WORDS entries of 192 bytes (1.5 MB, allocated
//  at the first sentence), one slot per form by its hash, a newer form taking the slot of an older one,
//  never of one the current sentence uses (its tokens point to their
//  entries). Deliberately not here: what the entries hold (tag_tok.c and
//  tag_feat.c fill them), anything that depends on a token's neighbours.
#include "tag/tag_int.h"

#include <stdlib.h>
#include <string.h>

_Static_assert (sizeof (dp_tag_word_t) == 192, "three cache lines a word");

uint32_t
dp_tag_words_get (dp_tagger_t *self, const char *s, size_t len, bool *fresh)
{
    return dp_tag_words_get_h (self, s, len, dp_tag_hash (s, len), fresh);
}

uint32_t
dp_tag_words_get_h (dp_tagger_t *self, const char *s, size_t len, uint32_t h,
                    bool *fresh)
{
    *fresh = false;
    if (len == 0 || len > S_WORD_KEY || self->stamp == 0 || !self->n_words)
        return S_NO_WORD;
    if (!self->words) {
        self->words = aligned_alloc (64, self->n_words * sizeof *self->words);
        if (!self->words)
            return S_NO_WORD;           //  no cache: computed each time
        memset (self->words, 0, self->n_words * sizeof *self->words);
    }
    uint32_t at = h & (self->n_words - 1);
    dp_tag_word_t *w = &self->words [at];
    if (w->stamp && w->klen == len && memcmp (w->key, s, len) == 0) {
        w->stamp = self->stamp;
        return at;
    }
    if (w->stamp == self->stamp)
        return S_NO_WORD;               //  another word of this sentence
    memset (w, 0, sizeof *w);
    w->stamp = self->stamp;
    w->klen = (uint8_t) len;
    memcpy (w->key, s, len);
    *fresh = true;
    return at;
}

void
dp_tag_words_clear (dp_tagger_t *self)
{
    if (self->words)
        memset (self->words, 0, self->n_words * sizeof *self->words);
}

void
dp_tag_words_size (dp_tagger_t *self, uint32_t n)
{
    free (self->words);
    self->words = NULL;
    self->n_words = n && !(n & (n - 1)) ? n : 0;
}
