//  depeche — the language of a text from its function words, for articles
//  that do not say theirs (clean sets `lang` with it, tag reads it when
//  `lang` is missing). Seven languages are told apart so that a German or
//  Spanish page is not taken for English because of « in » or « a »; it
//  does not detect scripts or read past the first 3000 words.
#include "depeche/dp_lang.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

//  Each language's most frequent short function words that
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
#define S_WORD_MAX 5                    //  longer words are none of them

//  The words of all languages in one hash table (open addressing, a key
//  never 0), each word's bytes packed into an integer and the languages it
//  belongs to as bits: one probe or two a word, where a search of each list
//  cost seven memmem calls (up to 3000 words a text, twice an article in
//  clean: the bulk of clean's CPU on plain text), and a binary search of
//  the sorted table still ~70 instructions a word. Built once, on first use.
typedef struct {
    uint64_t key;
    uint8_t langs;
} s_word_t;

#define S_SLOTS 512                     //  a power of two, over twice the words
static s_word_t s_words [S_SLOTS];
static uint8_t s_lower [256];           //  an ASCII letter's lowercase, else 0
static pthread_once_t s_once = PTHREAD_ONCE_INIT;

static size_t
s_home (uint64_t key)
{
    return (size_t) ((key * 0x9E3779B97F4A7C15ull) >> 55);     //  9 bits
}

//  The slot of key: its own, or the empty one where it would go.
static s_word_t *
s_slot (uint64_t key)
{
    size_t i = s_home (key);
    while (s_words [i].key && s_words [i].key != key)
        i = (i + 1) & (S_SLOTS - 1);
    return &s_words [i];
}

static void
s_build (void)
{
    for (int c = 'a'; c <= 'z'; c++)
        s_lower [c] = s_lower [c - 'a' + 'A'] = (uint8_t) c;
    size_t n_words = 0;
    for (size_t k = 0; k < S_NFUNC; k++) {
        const char *p = s_func [k].words;
        while (*p) {
            while (*p == ' ')
                p++;
            uint64_t key = 0;
            size_t n = 0;
            for (; *p && *p != ' '; p++, n++)
                key = key << 8 | (unsigned char) *p;
            if (n == 0 || n > S_WORD_MAX)
                continue;
            s_word_t *w = s_slot (key);
            if (!w->key) {
                if (++n_words > S_SLOTS / 2)
                    abort ();           //  the lists above outgrew the table
                w->key = key;
            }
            w->langs |= (uint8_t) (1u << k);
        }
    }
}

const char *
dp_lang_guess (const char *text, size_t len)
{
    pthread_once (&s_once, s_build);
    unsigned count [S_NFUNC] = { 0 };
    size_t words = 0;
    size_t i = 0;
    while (i < len && words < 3000) {
        while (i < len && !s_lower [(unsigned char) text [i]])
            i++;
        size_t start = i;
        uint64_t key = 0;               //  the letters' bytes, the first one highest
        size_t n = 0;
        for (uint8_t c; i < len && (c = s_lower [(unsigned char) text [i]]); n++, i++)
            key = key << 8 | c;
        if (n == 0)
            break;
        //  A word glued to a non-ASCII letter (é, ß...) is not one of them.
        if (n > S_WORD_MAX || (i < len && (unsigned char) text [i] >= 0x80)
        ||  (start > 0 && (unsigned char) text [start - 1] >= 0x80))
            continue;
        words++;
        unsigned langs = s_slot (key)->langs;
        for (size_t k = 0; langs && k < S_NFUNC; k++)
            if (langs >> k & 1)
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
