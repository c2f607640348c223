//  depeche tag — an organisation's acronym, read from the article (French):
//  a name the article gives whole as an organisation, « Cercle des
//  nageurs de Bellerive », makes its initials one too where they stand
//  alone, « le CNB », whatever type the model gave them or none (three
//  letters or more: two stand for too many names); and « l'Ucab (Union
//  des commerçants et artisans de Bellerive) » makes the words in brackets
//  the organisation the letters before them spell, and the letters too
//  (an acronym written as a word, a capital and three lowercase letters
//  or more, is read only so or after its name). Initials are taken from
//  the name's words but its articles and prepositions (« de », « la »…),
//  or with « pour », « et », « sur », « en », « par » left out too
//  (« Rassemblement pour la Nation »: RPN or RN). Runs in the article
//  pass (tag_doc.c), after the vote, so that the acronym's type is not
//  voted back. Structure only: no list of acronyms. The acronym an
//  article spells out in lowercase words is no name (tag_conv.c).
#include "tag/tag_int.h"

#include <stdlib.h>
#include <string.h>

#define S_ACRO_MAX  8                   //  letters of an acronym, at most
#define S_NAMES_MAX 32                  //  expansions kept per article

//  Words left out of the initials: always, or in the short form too.
static const char *const s_skip [] = {
    "de", "du", "des", "d", "la", "le", "les", "l", "à", "au", "aux",
    "un", "une", NULL
};
static const char *const s_skip_short [] = {
    "pour", "et", "sur", "en", "par", NULL
};

static bool
s_in (const char *w, size_t n, const char *const *ws)
{
    for (int k = 0; ws [k]; k++)
        if (strlen (ws [k]) == n && !memcmp (ws [k], w, n))
            return true;
    return false;
}

//  The first letter of the word at s, as an ASCII capital (accents off:
//  « É » and « é » give E), or 0 for none.
static char
s_initial (const char *s, size_t n)
{
    unsigned char c = (unsigned char) s [0];
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') ? (char) (c - 32)
             : (c >= 'A' && c <= 'Z') ? (char) c : 0;
    if (c != 0xC3 || n < 2)
        return 0;
    unsigned char d = (unsigned char) s [1] & 0xDF;     //  lower → upper
    if (d >= 0x80 && d <= 0x85) return 'A';
    if (d == 0x87) return 'C';
    if (d >= 0x88 && d <= 0x8B) return 'E';
    if (d >= 0x8C && d <= 0x8F) return 'I';
    if (d >= 0x92 && d <= 0x96) return 'O';
    if (d >= 0x99 && d <= 0x9C) return 'U';
    return 0;
}

//  Lowercase ASCII copy of a short word (function words are ASCII but
//  « à »); n when it fits, else 0.
static size_t
s_lower (const char *s, size_t n, char *out)
{
    if (n >= 8)
        return 0;
    for (size_t i = 0; i < n; i++)
        out [i] = (s [i] >= 'A' && s [i] <= 'Z') ? (char) (s [i] + 32) : s [i];
    return n;
}

//  Initials of the words of s[0..n) into out (S_ACRO_MAX + 1 bytes),
//  leaving out s_skip, and s_skip_short too when short; the elided
//  letters of « d'aide » are a word of their own. The number of letters,
//  or 0 when a word has no letter to give or there are too many.
static size_t
s_initials (const char *s, size_t n, bool short_form, char *out)
{
    size_t k = 0, i = 0;
    while (i < n) {
        while (i < n && (s [i] == ' ' || s [i] == '\'' || s [i] == '-'))
            i++;
        if (i >= n)
            break;
        size_t j = i;
        while (j < n && s [j] != ' ' && s [j] != '\''
               && !(j + 2 < n && (unsigned char) s [j] == 0xE2
                    && (unsigned char) s [j + 1] == 0x80
                    && (unsigned char) s [j + 2] == 0x99))
            j++;
        char w [8];
        size_t wl = s_lower (s + i, j - i, w);
        bool skip = wl && (s_in (w, wl, s_skip) || (short_form && s_in (w, wl, s_skip_short)));
        if (!skip) {
            char c = s_initial (s + i, j - i);
            if (!c || k >= S_ACRO_MAX)
                return 0;
            out [k++] = c;
        }
        //  « Île-de-France », « Thomson-CSF »: one word.
        while (j < n && s [j] != ' ' && s [j] != '\'')
            j += (unsigned char) s [j] == 0xE2 ? 3 : 1;
        i = j;
    }
    out [k] = 0;
    return k;
}

//  The letters of the word text[a..b) as an acronym, upper case, into out
//  (S_ACRO_MAX + 1): all capitals (dots between allowed: « O.N.U. »), two
//  letters or more, or a capital and three lowercase letters or more
//  (« Apep »). Their number, or 0.
static size_t
s_acronym (const char *text, size_t a, size_t b, char *out)
{
    size_t k = 0;
    bool lower = false;
    for (size_t p = a; p < b; p++) {
        char c = text [p];
        if (c == '.')
            continue;
        if (c >= 'a' && c <= 'z') {
            if (p == a || (!lower && k != 1))
                return 0;               //  « Apep », not « CNews »
            lower = true;
            c = (char) (c - 32);
        }
        else
        if (!(c >= 'A' && c <= 'Z'))
            return 0;
        else
        if (p > a && lower)
            return 0;
        if (k >= S_ACRO_MAX)
            return 0;
        out [k++] = c;
    }
    out [k] = 0;
    if (lower && (k < 4 || text [a + 1] == '.'))
        return 0;
    return k >= 2 ? k : 0;
}

//  The first word of s[0..n) is an organisation's head (« Union »,
//  « Centre », cues.tsv): a bracket so opened names a body, not a
//  referendum or an instrument.
static bool
s_org_head (const dp_tagger_t *self, const char *s, size_t n)
{
    size_t w = 0;
    while (w < n && s [w] != ' ' && s [w] != '\'')
        w++;
    char key [S_MAX_KEY];
    size_t klen = w < S_MAX_KEY ? dp_tag_fold (s, w, key) : 0;
    dp_tag_slot_t *slot = klen ? dp_tag_map_find (&self->lex, self->pool.v, key, klen,
                                                  dp_tag_hash (key, klen)) : NULL;
    return slot && (slot->val & (LX_ORGTRIG | LX_ORGHEAD));
}

//  Candidate exactly at [a, b), or the first live one overlapping it
//  (*exact false), or NULL.
static dp_tag_cand_t *
s_cand_over (dp_tagger_t *self, size_t a, size_t b, bool *exact)
{
    dp_tag_cand_t *over = NULL;
    for (size_t k = 0; k < self->n_cands; k++) {
        dp_tag_cand_t *c = &self->cands [k];
        if (c->type == S_NONE || c->weak == 2 || c->end <= a || c->start >= b)
            continue;
        if (c->start == a && c->end == b) {
            *exact = true;
            return c;
        }
        if (!over)
            over = c;
    }
    *exact = false;
    return over;
}

//  [a, b) becomes an organisation: its candidate retyped from a person or
//  a place (a work's or a product's acronym, MISC, stays one), or a new
//  one when none overlaps. Whether a candidate was added.
static bool
s_make_org (dp_tagger_t *self, const char *text, size_t a, size_t b)
{
    bool exact;
    dp_tag_cand_t *c = s_cand_over (self, a, b, &exact);
    if (c) {
        if (exact && (c->type == S_PER || c->type == S_LOC)) {
            c->type = S_ORG;
            c->weak = 0;
        }
        return false;
    }
    uint32_t last = (uint32_t) a, ntok = 1;
    for (size_t q = a; q < b; q++)
        if (text [q] == ' ') {
            last = (uint32_t) q + 1;
            ntok++;
        }
    return dp_tag_emit (self, (uint32_t) a, (uint32_t) b, S_ORG, 0, 0, S_NO_NORM,
                        ntok, last) == 0;
}

//  Where a word may start at p: not inside a word, or after an elided
//  « l' », « d' » (’ too).
static bool
s_word_start (const char *text, size_t p)
{
    if (p == 0)
        return true;
    size_t q = p;
    if (text [q - 1] == '\'')
        q--;
    else
    if (q >= 3 && (unsigned char) text [q - 3] == 0xE2
    &&  (unsigned char) text [q - 2] == 0x80 && (unsigned char) text [q - 1] == 0x99)
        q -= 3;
    else
        return !dp_tag_wordbyte ((unsigned char) text [p - 1]) && text [p - 1] != '-';
    return q >= 1 && (text [q - 1] == 'l' || text [q - 1] == 'd' || text [q - 1] == 'L'
                      || text [q - 1] == 'D')
        && (q < 2 || !dp_tag_wordbyte ((unsigned char) text [q - 2]));
}

//  « l'Ucab (Union des commerçants et artisans de Bellerive) »: the
//  bracket after the acronym ending at b opens on an organisation's head
//  and spells it; its end (*open its start), or 0.
static size_t
s_spelt_after (const dp_tagger_t *self, const char *text, size_t len, size_t b,
               const char *acro, size_t *open)
{
    if (b + 2 >= len || text [b] != ' ' || text [b + 1] != '(')
        return 0;
    size_t s = b + 2, e = s;
    while (e < len && e - s < 160 && text [e] != ')' && text [e] != '('
           && text [e] != '\n' && text [e] != ',' && text [e] != ';')
        e++;
    if (e >= len || text [e] != ')' || e == s || !(text [s] >= 'A' && text [s] <= 'Z')
    ||  text [e - 1] == ' ')
        return 0;
    char ini [S_ACRO_MAX + 1];
    for (int f = 0; f < 2; f++)
        if (s_initials (text + s, e - s, f == 1, ini) && !strcmp (ini, acro)
        &&  s_org_head (self, text + s, e - s)) {
            *open = s;
            return e;
        }
    return 0;
}

//  The first byte A-Z at or after p (len when none): eight bytes at a time
//  where none is (most of a text is lowercase), the bytes of UTF-8
//  characters never taken for one.
static size_t
s_next_capital (const char *text, size_t len, size_t p)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    while (p + 8 <= len) {
        uint64_t x;
        memcpy (&x, text + p, 8);
        //  Bytes from 'A' to 'Z', among those under 0x80 (no carry: each
        //  byte's sum stays under 0x100, each difference above 0).
        uint64_t low7 = x & ~highs;
        uint64_t ge = (low7 + ones * (0x80 - 'A')) & ~x & highs;
        uint64_t lt = (ones * (0x80 + 'Z') - low7) & ~x & highs;
        if (ge & lt)
            break;
        p += 8;
    }
    while (p < len && !(text [p] >= 'A' && text [p] <= 'Z'))
        p++;
    return p;
}

void
dp_tag_acronyms (dp_tagger_t *self, const char *text, size_t len)
{
    //  The initials of the article's organisations of two words or more.
    char names [S_NAMES_MAX][2][S_ACRO_MAX + 1];
    size_t n_names = 0;
    for (size_t k = 0; k < self->n_cands && n_names < S_NAMES_MAX; k++) {
        const dp_tag_cand_t *c = &self->cands [k];
        if (c->type != S_ORG || c->weak || c->ntok < 2
        ||  !((text [c->start] >= 'A' && text [c->start] <= 'Z')
              || (unsigned char) text [c->start] == 0xC3))
            continue;
        //  A state acting as its government (« la République de X a
        //  signé ») lends no acronym: its letters are a place elsewhere.
        const dp_tag_gaz_t *g = dp_tag_gaz_text (self, text + c->start, c->end - c->start);
        if (g && (g->type == S_LOC || g->state))
            continue;
        size_t l0 = s_initials (text + c->start, c->end - c->start, false, names [n_names][0]);
        size_t l1 = s_initials (text + c->start, c->end - c->start, true, names [n_names][1]);
        if (l0 < 2)
            names [n_names][0][0] = 0;
        if (l1 < 2)
            names [n_names][1][0] = 0;
        if (names [n_names][0][0] || names [n_names][1][0])
            n_names++;
    }
    size_t n0 = self->n_cands;
    bool added = false;
    for (size_t p = 0; p < len && !self->oom; p++) {
        p = s_next_capital (text, len, p);
        if (p >= len)
            break;
        if (!s_word_start (text, p))
            continue;
        size_t q = p;
        while (q < len && ((text [q] >= 'A' && text [q] <= 'Z')
                           || (text [q] >= 'a' && text [q] <= 'z') || text [q] == '.'))
            q++;
        //  A full stop after it is the sentence's unless dots are the
        //  acronym's own (« O.N.U. »).
        size_t e = q;
        if (e > p + 1 && text [e - 1] == '.' && !memchr (text + p, '.', e - 1 - p))
            e--;
        if (q < len && (dp_tag_wordbyte ((unsigned char) text [q]) || text [q] == '-'
                        || text [q] == '\'')) {
            p = q;
            continue;
        }
        char acro [S_ACRO_MAX + 1];
        if (!s_acronym (text, p, e, acro)) {
            p = q;
            continue;
        }
        //  Two letters stand for too many names (« CE », « PC »): three or
        //  more, unless the brackets spell them.
        bool known = false;
        for (size_t i = 0; i < n_names && !known && strlen (acro) >= 3; i++)
            known = !strcmp (names [i][0], acro) || !strcmp (names [i][1], acro);
        size_t open = 0, close = s_spelt_after (self, text, len, e, acro, &open);
        if (close) {
            added |= s_make_org (self, text, open, close);
            known = true;
        }
        if (known)
            added |= s_make_org (self, text, p, e);
        p = q;
    }
    if (added || self->n_cands > n0)
        qsort (self->cands, self->n_cands, sizeof *self->cands, dp_tag_cand_cmp);
}
