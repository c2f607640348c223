//  depeche split — the English-only boundaries (split_en.c), internal to
//  stages/split.
#ifndef DP_SPLIT_EN_H_INCLUDED
#define DP_SPLIT_EN_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

//  At text[i], the lead byte of a dash (— –) in an English sentence that
//  started at sent: the offset where that sentence ends (just after the
//  dash) when speech is broken off there, a spaced dash before a word that
//  starts sentences (« You — No, because »), never a dateline
//  (« WASHINGTON — The »); else 0.
size_t
    dp_split_en_cut (const uint8_t *text, size_t len, size_t i, size_t sent);

//  A heading run into the sentence text[start..end) without punctuation:
//  the offset where the sentence proper starts, when the words before it
//  are capitalised (and lowercase « of », « and »…) and it opens on a
//  capitalised pronoun, article or conjunction followed by a lowercase word
//  (« Previous Research | We are aware »); else 0. ASCII only, up to 12
//  heading words.
size_t
    dp_split_en_heading (const uint8_t *text, size_t start, size_t end);

//  At text[at], right after a sentence's stop and its space: the offset
//  just past a footnote number of 1-3 digits when a capitalised word
//  follows it (« rights. 4 Even though »: the 4 is the sentence's call);
//  else 0.
size_t
    dp_split_en_footnote (const uint8_t *text, size_t len, size_t at);

//  The word w[0..len) in capitals (« GEN », « GOV ») written as a title
//  (« Gen ») into out (len + 1 bytes), for the abbreviation list. False
//  when it is not 2-8 ASCII capitals.
int
    dp_split_en_titlecase (const uint8_t *w, size_t len, uint8_t *out);

#endif
