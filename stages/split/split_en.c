//  depeche split — boundaries only English text has: speech broken off by
//  a dash (« Her mom call you — Right, right. ») and abbreviations written
//  in capitals (« ORAL ARGUMENT OF GEN. ELIZABETH »). Headings without
//  punctuation are left to the line breaks around them, and a colon never
//  ends a sentence: before a capital it did as often wrongly as rightly on
//  GUM (4 boundaries found, 7 made up).
//  The French path never calls this file.
#include "split/split_en.h"

#include <stdbool.h>
#include <string.h>

static inline bool
s_upper (uint8_t c)
{
    return c >= 'A' && c <= 'Z';
}

static inline bool
s_alpha (uint8_t c)
{
    return s_upper (c) || (c >= 'a' && c <= 'z');
}

//  A word that starts spoken or written sentences, capitalised, at p:
//  pronouns, answers, conjunctions, question words. Followed by a
//  non-letter (« That's », « No, »).
static bool
s_starter (const uint8_t *p, const uint8_t *end)
{
    static const char *const words [] = {
        "You", "He", "She", "It", "We", "They", "No", "Yes", "Yeah",
        "Oh", "Okay", "OK", "Right", "Well", "And", "But", "So", "All",
        "Are", "Is", "Was", "Were", "This", "That", "These", "Those", "What",
        "Why", "How", "Where", "When", "Who", "The", "There", "Here", "Do",
        "Did", "Does", "Can", "Could", "Now", "Then", "Let", "See", "Just",
        "My", "Your", "Our", "If", "Because", "Maybe", "Sorry", "Please",
        "Look", "Hey", "Uh", "Um", "Mhm", NULL
    };
    const uint8_t *w = p;
    while (p < end && p - w <= 8 && s_alpha (*p))
        p++;
    size_t len = (size_t) (p - w);
    if (len == 0 || len > 8 || (p < end && (*p >= 0x80 || (*p >= '0' && *p <= '9'))))
        return false;
    for (int k = 0; words [k]; k++)
        if (strlen (words [k]) == len && memcmp (words [k], w, len) == 0)
            return true;
    return false;
}

//  The sentence text[sent..i) opens its line and is all capitalised words:
//  a dateline or a heading before a dash.
static bool
s_dateline (const uint8_t *text, size_t sent, size_t i)
{
    if (sent > 0 && text [sent - 1] != '\n')
        return false;
    bool word_start = true;
    for (size_t k = sent; k < i; k++) {
        uint8_t c = text [k];
        if (word_start && s_alpha (c) && !s_upper (c))
            return false;
        word_start = c == ' ' || c == '\t';
    }
    return true;
}

size_t
dp_split_en_cut (const uint8_t *text, size_t len, size_t i, size_t sent)
{
    const uint8_t *end = text + len;
    if (i <= sent || i + 2 >= len)
        return 0;
    //  A spaced em or en dash: « You — No ».
    if (text [i] != 0xE2 || text [i + 1] != 0x80
    ||  (text [i + 2] != 0x94 && text [i + 2] != 0x93))
        return 0;
    if (text [i - 1] != ' ' || i + 4 >= len || text [i + 3] != ' ')
        return 0;
    if (!s_starter (text + i + 4, end) || s_dateline (text, sent, i))
        return 0;
    return i + 3;
}

int
dp_split_en_titlecase (const uint8_t *w, size_t len, uint8_t *out)
{
    if (len < 2 || len > 8)
        return 0;
    for (size_t k = 0; k < len; k++)
        if (!s_upper (w [k]))
            return 0;
    out [0] = w [0];
    for (size_t k = 1; k < len; k++)
        out [k] = (uint8_t) (w [k] | 0x20);
    out [len] = '\0';
    return 1;
}
