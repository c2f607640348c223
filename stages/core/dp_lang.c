//  depeche — the language of a text from its function words, for articles
//  that do not say theirs (clean sets `lang` with it, tag reads it when
//  `lang` is missing). Seven languages are told apart so that a German or
//  Spanish page is not taken for English because of « in » or « a »; it
//  does not detect scripts or read past the first 3000 words.
#include "depeche/dp_lang.h"

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

const char *
dp_lang_guess (const char *text, size_t len)
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
