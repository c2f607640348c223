//  depeche — language guess from function words (stages/core/dp_lang.c).
#ifndef DP_LANG_H_INCLUDED
#define DP_LANG_H_INCLUDED

#include <stddef.h>

//  Language of text[0..len) from its function words: "fr", "en", "de",
//  "es", "it", "nl", "pt" (static strings), or NULL when fewer than 4 of
//  them are found or no language clearly leads (twice the next one's
//  count). Reads at most the first 3000 words; any bytes are safe.
const char *
    dp_lang_guess (const char *text, size_t len);

#endif
