//  depeche tag — a town that stands for its team (French): in the report
//  of a match a club is named by its town, and the annotation calls it an
//  organisation (« la finale opposa Vernon et Gisors », « contre Agde »
//  after « match », « les six clubs présents Laxou, Saint-Max… »,
//  « Brest, Vannes, Lorient et un quatrième club »). A place the model
//  found is a team when it stands
//    - in a list of names headed by « club(s) » or « équipe(s) » (a few
//      lowercase words between), or closed by « et un … club »;
//    - after « contre », « face à », « entre » (and the name after its
//      « et »), a verb of meeting or beating (« rencontrer », « affronter »,
//      « battre »), as a side of a « victoire » or « défaite » (« victoire
//      de Vernon sur Gisors ») or of a result line (« Vernon - Gisors
//      2-0 »), in a sentence that tells a match: a score (« 36-32 »,
//      « 3 à 1 ») or a word of the game (« match », « finale »,
//      « tournoi », « championnat »).
//  Structure only, no list of clubs or towns. The other conventions are in
//  tag_conv.c.
#include "tag/tag_int.h"

#include <string.h>

//  Token t is one of the words ws (exact bytes).
static bool
s_one_of (const char *text, const dp_tag_tok_t *t, const char *const *ws)
{
    for (int k = 0; ws [k]; k++)
        if (dp_tag_tok_is (text, t, ws [k]))
            return true;
    return false;
}

//  Token t starts with one of the stems ss (lowercase).
static bool
s_stem (const char *text, const dp_tag_tok_t *t, const char *const *ss)
{
    size_t len = t->end - t->start;
    for (int k = 0; ss [k]; k++) {
        size_t sl = strlen (ss [k]);
        if (len >= sl && memcmp (text + t->start, ss [k], sl) == 0)
            return true;
    }
    return false;
}

static const char *const s_team_heads [] = {
    "club", "clubs", "équipe", "équipes", NULL
};

//  Token t is a score: 1-3 digits, a hyphen, 1-3 digits (« 36-32 »).
static bool
s_score (const char *text, const dp_tag_tok_t *t)
{
    const char *p = text + t->start, *e = text + t->end;
    size_t n = 0;
    while (p < e && *p >= '0' && *p <= '9' && n < 4) {
        p++;
        n++;
    }
    if (n == 0 || n > 3 || p >= e || *p != '-')
        return false;
    p++;
    n = 0;
    while (p < e && *p >= '0' && *p <= '9' && n < 4) {
        p++;
        n++;
    }
    return n > 0 && n <= 3 && p == e;
}

//  Token t is a number of one or two digits.
static bool
s_goals (const char *text, const dp_tag_tok_t *t)
{
    size_t len = t->end - t->start;
    return (t->flags & TK_DIGIT) && len <= 2 && text [t->end - 1] >= '0'
        && text [t->end - 1] <= '9' && text [t->start] >= '0' && text [t->start] <= '9';
}

//  Tokens from i are a score in words: « 3 à 1 », then no word (not « de
//  50 à 95 ans »).
static bool
s_score_a (const dp_tagger_t *self, const char *text, size_t i)
{
    const dp_tag_tok_t *toks = self->toks;
    return i + 2 < self->n_toks && s_goals (text, &toks [i])
        && dp_tag_tok_is (text, &toks [i + 1], "à") && s_goals (text, &toks [i + 2])
        && (i + 3 == self->n_toks || (toks [i + 3].flags & TK_PUNCT));
}

//  The sentence tells a match: a score or a word of the game.
static bool
s_match_sentence (const dp_tagger_t *self, const char *text)
{
    static const char *const game [] = {
        "match", "matchs", "finale", "demi-finale", "tournoi", "championnat",
        "derby", "score", NULL
    };
    for (size_t i = 0; i < self->n_toks; i++) {
        const dp_tag_tok_t *t = &self->toks [i];
        if ((t->flags & TK_DIGIT) && (s_score (text, t) || s_score_a (self, text, i)))
            return true;
        if ((t->flags & TK_LOWER) && s_one_of (text, t, game))
            return true;
    }
    return false;
}

//  Token t may stand inside a list of names: a capitalised word, a number
//  (« 3 Vallées »), a comma, « et », an elided article (« l'OFP »).
static bool
s_list_tok (const char *text, const dp_tag_tok_t *t)
{
    return (t->flags & TK_CAP) || (t->flags & TK_DIGIT)
        || dp_tag_tok_is (text, t, ",") || dp_tag_tok_is (text, t, "et")
        || ((t->flags & TK_ELISION) && (text [t->start] | 0x20) == 'l');
}

//  The list holding tokens a..b is headed by « clubs » or « équipes » (at
//  most five lowercase words between, no conjunction: not « l'équipe
//  conjecture que X ») or closed by « et un … club ».
static bool
s_team_list (const dp_tagger_t *self, const char *text, size_t a, size_t b)
{
    const dp_tag_tok_t *toks = self->toks;
    size_t i = a;
    while (i > 0 && s_list_tok (text, &toks [i - 1]))
        i--;
    //  « le club de Nancy »: the town of a club, a place.
    static const char *const prep [] = { "de", "du", "des", "à", "au", "aux", "en", NULL };
    if (i > 0 && (((toks [i - 1].flags & TK_ELISION) && (text [toks [i - 1].start] | 0x20) == 'd')
                  || s_one_of (text, &toks [i - 1], prep)))
        i = 0;
    //  Not over an article or a preposition of place: « les clubs de la
    //  région Lorraine », « des équipes venues de toute la France ».
    static const char *const stop [] = {
        "la", "le", "les", "un", "une", "du", "au", "aux", "à", "en", "dans",
        "chez", "vers", "pour", "sur", "tout", "toute", "tous", "toutes",
        "que", "qui", "dont", "où", "et", "ou", "mais", "donc", NULL
    };
    static const char *const heads [] = { "clubs", "équipes", NULL };
    for (size_t n = 0; i > 0 && n < 6; n++) {
        const dp_tag_tok_t *t = &toks [--i];
        if (!(t->flags & TK_WORD) || (t->flags & TK_CAP) || (t->flags & TK_ELISION)
        ||  s_one_of (text, t, stop))
            break;
        if (s_one_of (text, t, heads))
            return true;
    }
    size_t j = b;
    while (j < self->n_toks && s_list_tok (text, &toks [j])
    &&     !dp_tag_tok_is (text, &toks [j], "et"))
        j++;
    static const char *const det [] = { "un", "une", NULL };
    if (j + 2 >= self->n_toks || !dp_tag_tok_is (text, &toks [j], "et")
    ||  !s_one_of (text, &toks [j + 1], det))
        return false;
    for (size_t q = j + 2; q < self->n_toks && q < j + 5; q++) {
        if (!(toks [q].flags & TK_LOWER))
            return false;
        if (s_one_of (text, &toks [q], s_team_heads))
            return true;
    }
    return false;
}

//  « victoire de Vernon sur Gisors », « s'impose face à »: the place at
//  tokens a.. is a side of a win told by « victoire » or « défaite » (the
//  word just before « de » or « d' », or before the winner and « sur »).
static bool
s_win_side (const dp_tagger_t *self, const char *text, size_t a)
{
    static const char *const win [] = {
        "victoire", "défaite", "Victoire", "Défaite", NULL
    };
    const dp_tag_tok_t *toks = self->toks;
    const dp_tag_tok_t *p = &toks [a - 1];
    if (a >= 2 && (dp_tag_tok_is (text, p, "de") || ((p->flags & TK_ELISION)
                                                    && (text [p->start] | 0x20) == 'd'))
    &&  s_one_of (text, &toks [a - 2], win))
        return true;
    if (!dp_tag_tok_is (text, p, "sur"))
        return false;
    for (size_t i = a - 1; i > 0 && a - i < 8; i--)
        if (s_one_of (text, &toks [i - 1], win))
            return true;
    return false;
}

//  « Vernon - Gisors 2-0 »: the place at tokens a..b is one side of a
//  result line, two names joined by a hyphen standing alone.
static bool
s_result_line (const dp_tagger_t *self, const char *text, size_t a, size_t b)
{
    const dp_tag_tok_t *toks = self->toks;
    if (b + 1 < self->n_toks && (dp_tag_tok_is (text, &toks [b], "-")
                                 || dp_tag_tok_is (text, &toks [b], "\xE2\x80\x93"))
    &&  (toks [b + 1].flags & TK_CAP))
        return true;
    return a >= 2 && (dp_tag_tok_is (text, &toks [a - 1], "-")
                      || dp_tag_tok_is (text, &toks [a - 1], "\xE2\x80\x93"))
        && (toks [a - 2].flags & TK_CAP);
}

//  The place at tokens a.. stands where a match names its sides.
static bool
s_side (const dp_tagger_t *self, const char *text, size_t a)
{
    static const char *const verbs [] = {
        "rencontr", "affront", "batt", NULL
    };
    const dp_tag_tok_t *toks = self->toks;
    if (a == 0)
        return false;
    if (s_win_side (self, text, a))
        return true;
    const dp_tag_tok_t *p = &toks [a - 1];
    if (dp_tag_tok_is (text, p, "contre") || dp_tag_tok_is (text, p, "entre")
    ||  dp_tag_tok_is (text, p, "bat")
    ||  ((p->flags & TK_LOWER) && s_stem (text, p, verbs)))
        return true;
    if (a >= 2 && dp_tag_tok_is (text, p, "à")
    &&  dp_tag_tok_is (text, &toks [a - 2], "face"))
        return true;
    //  « entre Vernon et Gisors »: the second side.
    if (dp_tag_tok_is (text, p, "et"))
        for (size_t i = a - 1; i > 0 && a - i < 6; i--) {
            if (dp_tag_tok_is (text, &toks [i - 1], "entre"))
                return true;
            if (!(toks [i - 1].flags & TK_CAP))
                break;
        }
    return false;
}

bool
dp_tag_team (dp_tagger_t *self, const char *text, size_t a, size_t b)
{
    const dp_tag_tok_t *toks = self->toks;
    if (b - a > 4 || !(toks [a].flags & TK_CAP))
        return false;
    if (s_team_list (self, text, a, b))
        return true;
    return (s_side (self, text, a) || s_result_line (self, text, a, b))
        && s_match_sentence (self, text);
}
