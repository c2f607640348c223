//  depeche tag — the inhabitants of a place named as a group (French):
//  « l'Uruguayen envisageait », « les Taïwanais », « les Mirecurtiens
//  rencontrèrent »: a capitalised demonym after an article is a common
//  noun, no name. A nationality the gazetteers list (countries.tsv, ADJ),
//  or a word no dictionary knows with the ending of a demonym (« -ois »,
//  « -iens »...). Not a party or a team whose name the dictionaries know
//  as a word (« les Républicains », « les Verts »).
//  Deliberately not here: the other conventions (tag_conv.c).
#include "tag/tag_int.h"

#include <string.h>

//  Endings of demonyms (« Verdunois », « Mirecurtiens », « Lorraines »).
static const char *const s_endings [] = {
    "ois", "oise", "oises", "ais", "aise", "aises", "ien", "iens", "ienne",
    "iennes", "\xC3\xA9" "en", "\xC3\xA9" "ens", "\xC3\xA9" "enne",
    "\xC3\xA9" "ennes", "ain", "ains", "aine", "aines", NULL
};

//  Token t ends with a demonym's ending, at least four letters before it.
static bool
s_demonym_shape (const char *text, const dp_tag_tok_t *t)
{
    size_t len = t->end - t->start;
    for (int k = 0; s_endings [k]; k++) {
        size_t el = strlen (s_endings [k]);
        if (len >= el + 4 && memcmp (text + t->end - el, s_endings [k], el) == 0)
            return true;
    }
    return false;
}

//  Token t is an article: le, la, les, l' (any case).
static bool
s_article (const char *text, const dp_tag_tok_t *t)
{
    if ((t->flags & TK_ELISION) && (text [t->start] | 0x20) == 'l')
        return true;
    static const char *const art [] = { "le", "la", "les", "Le", "La", "Les", NULL };
    for (int k = 0; art [k]; k++)
        if (dp_tag_tok_is (text, t, art [k]))
            return true;
    return false;
}

bool
dp_tag_demonym (dp_tagger_t *self, const char *text, size_t a, size_t b)
{
    const dp_tag_tok_t *toks = self->toks;
    size_t w;
    if (b - a == 2 && (toks [a].flags & TK_CAP) && s_article (text, &toks [a])
    &&  dp_tag_adjacent (text, toks, a))
        w = a + 1;                      //  « Les Taïwanais » as one span
    else
    if (b - a == 1 && a > 0 && s_article (text, &toks [a - 1]))
        w = a;
    else
        return false;
    const dp_tag_tok_t *t = &toks [w];
    if (!(t->flags & TK_WORD) || !(t->flags & TK_CAP) || (t->flags & TK_ALLCAPS))
        return false;
    if (t->lex & LX_ADJ)
        return true;                    //  a nationality (countries.tsv)
    return !t->wc && s_demonym_shape (text, t) && !dp_tag_gaz_one (self, text, t);
}
