//  depeche split — boundaries only English text has: speech broken off by
//  a dash (« Her mom call you — Right, right. »), abbreviations written
//  in capitals (« ORAL ARGUMENT OF GEN. ELIZABETH »), a heading run into
//  its first sentence (« Previous Research We are aware ») and a footnote
//  number after a sentence's stop (« minority rights. 4 Even though »).
//  Other headings without punctuation are left to the line breaks around
//  them, and a colon never ends a sentence: before a capital it did as
//  often wrongly as rightly on GUM (4 boundaries found, 7 made up).
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
//  a dateline or a heading before a dash; not one word that starts speech
//  (« Well — So what're you getting at? »).
static bool
s_dateline (const uint8_t *text, size_t sent, size_t i)
{
    if (sent > 0 && text [sent - 1] != '\n')
        return false;
    const uint8_t *w = text + sent, *e = text + i;
    while (w < e && (*w == ' ' || *w == '\t'))
        w++;
    while (e > w && (e [-1] == ' ' || e [-1] == '\t'))
        e--;
    if (w < e && !memchr (w, ' ', (size_t) (e - w)) && s_starter (w, e))
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

//  --------------------------------------------------------------------------
//  A heading run into the sentence after it. Prose never capitalises these
//  words inside a sentence, and a title in Title Case never follows one by
//  a lowercase word: so a capitalised word, then one of these, then a
//  lowercase word is a heading's end (« DIFFERENT TYPES OF GOVERNMENT The
//  government », « Division of Labor Increases Production When we »).
//  Prepositions, conjunctions, « You », « A », « I », « Who » are left out:
//  titles write them so (« Rise From the Dead », « Carlos I and »,
//  « Doctor Who serial »).
static const char *const s_head_enders [] = {
    "The", "An", "He", "She", "It", "They", "We", "This", "These", "Those",
    "There", "His", "Her", "Its", "Their", "Our", "My", "When", "While",
    "If", "Although", "Because", "Since", "However", NULL
};

//  Function words a heading may hold in lowercase (« Division of Labor »).
static const char *const s_head_small [] = {
    "of", "and", "the", "in", "to", "for", "on", "at", "a", "an", "or",
    "with", "from", "by", NULL
};

//  Question words a heading may open on.
static const char *const s_head_asks [] = {
    "What", "Why", "How", "Where", "Who", NULL
};

//  The word [w, e) is a number a heading may hold (« Figure 1.6 »).
static bool
s_number (const uint8_t *w, const uint8_t *e)
{
    if (w == e || *w < '0' || *w > '9' || e [-1] == '.')
        return false;
    for (const uint8_t *p = w; p < e; p++)
        if ((*p < '0' || *p > '9') && *p != '.')
            return false;
    return true;
}

//  The word [w, e) is one of list.
static bool
s_word_in (const uint8_t *w, const uint8_t *e, const char *const *list)
{
    size_t len = (size_t) (e - w);
    for (int k = 0; list [k]; k++)
        if (strlen (list [k]) == len && memcmp (list [k], w, len) == 0)
            return true;
    return false;
}

//  The word [w, e) is ASCII letters only, the first a capital.
static bool
s_cap_word (const uint8_t *w, const uint8_t *e)
{
    if (w == e || !s_upper (*w))
        return false;
    for (const uint8_t *p = w; p < e; p++)
        if (!s_alpha (*p))
            return false;
    return true;
}

size_t
dp_split_en_heading (const uint8_t *text, size_t start, size_t end)
{
    enum { MAX_WORDS = 12 };
    const uint8_t *p = text + start, *e = text + end;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    const uint8_t *prev = NULL;         //  the word before, when a heading's
    int words = 0;
    while (p < e && words <= MAX_WORDS) {
        const uint8_t *w = p;
        while (p < e && *p != ' ' && *p != '\t')
            p++;
        const uint8_t *we = p;
        while (p < e && (*p == ' ' || *p == '\t'))
            p++;
        if (prev && s_word_in (w, we, s_head_enders) && p < e
        &&  *p >= 'a' && *p <= 'z' && p > we)
            return (size_t) (w - text);
        //  « I », « Yes », « Well »: speech, not a heading; but a heading
        //  may ask (« Why the Division of Labor Increases Production »).
        bool cap = s_cap_word (w, we) && !(we - w == 1 && *w == 'I')
                && (!s_starter (w, we) || (!words && s_word_in (w, we, s_head_asks)))
                && !s_word_in (w, we, s_head_enders);
        if (cap)
            prev = w;
        else
        if (!(prev && (s_word_in (w, we, s_head_small) || s_number (w, we))))
            return 0;
        words++;
    }
    return 0;
}

size_t
dp_split_en_footnote (const uint8_t *text, size_t len, size_t at)
{
    size_t k = at;
    while (k < len && k - at < 3 && text [k] >= '0' && text [k] <= '9')
        k++;
    if (k == at || k >= len || (text [k] >= '0' && text [k] <= '9') || text [k] != ' ')
        return 0;
    size_t n = k;
    while (n < len && text [n] == ' ')
        n++;
    if (n + 1 >= len || !s_upper (text [n]) || text [n + 1] < 'a' || text [n + 1] > 'z')
        return 0;
    return k;
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
