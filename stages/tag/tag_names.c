//  depeche tag — the rule layer for names: gazetteer matches, titles
//  (« M. », « le président »), capitalised runs with particles, organisation
//  triggers (« Comité … », « ministère de … »), place cues (« à X »),
//  acronyms. Its name candidates are what the tagger gives without a model;
//  with one, only its dates, numbers and multi-word gazetteer names survive
//  the merge (tag_model.c). It also runs the number scanners of tag_rules.c.
#include "tag/tag_int.h"

#include <string.h>

//  --------------------------------------------------------------------------
//  Title word at i (président, M., Dr); returns the tokens it takes, or 0.

size_t
dp_tag_title (dp_tagger_t *self, const char *text, size_t i, size_t n)
{
    const dp_tag_tok_t *t = &self->toks [i];
    if ((t->lex & LX_TITLE) && !(t->flags & TK_ALLCAPS)) {
        //  English cuts « Prof. » as « Prof » « . »: the dot goes with it.
        if (self->lang == DP_TAG_LANG_EN && i + 1 < n
        &&  dp_tag_tok_is (text, &self->toks [i + 1], ".")
        &&  self->toks [i + 1].start == t->end)
            return 2;
        return 1;
    }
    if (!(t->flags & TK_CAP))
        return 0;
    const dp_tag_gaz_t *g = dp_tag_gaz_one (self, text, t);
    if (!g || !g->title)
        return 0;
    bool dot = i + 1 < n && dp_tag_tok_is (text, &self->toks [i + 1], ".")
               && self->toks [i + 1].start == t->end;
    if (dp_tag_tok_is (text, t, "M") || dp_tag_tok_is (text, t, "MM"))
        return dot ? 2 : 0;
    return dot ? 2 : 1;
}

//  --------------------------------------------------------------------------
//  Lowercase word that looks like an adjective (nationality and such).

bool
dp_tag_is_adj (const char *text, const dp_tag_tok_t *t)
{
    if (t->lex & LX_ADJ)
        return true;
    if (!(t->flags & TK_LOWER) || t->nchars < 5)
        return false;
#define S_SUF(x) { x, sizeof x - 1 }
    static const struct { const char *s; size_t len; } suffixes [] = {
        S_SUF ("ais"), S_SUF ("aise"), S_SUF ("ain"), S_SUF ("aine"),
        S_SUF ("ien"), S_SUF ("ienne"), S_SUF ("ois"), S_SUF ("oise"),
        S_SUF ("ique"), S_SUF ("iste"), S_SUF ("éen"), S_SUF ("éenne"),
        S_SUF ("ale"), S_SUF ("aux"), S_SUF ("elle"), S_SUF ("ains"),
        S_SUF ("aines"), S_SUF ("iens"), S_SUF ("iennes"), S_SUF ("aises"),
        S_SUF ("iques"), S_SUF ("istes")
    };
#undef S_SUF
    const char *s = text + t->start;
    size_t len = t->end - t->start;
    //  Every suffix ends in s, e, n or x: most words are told at their last
    //  byte, and a suffix is compared only when its last two bytes are the
    //  word's (this runs about twice a token).
    char last = s [len - 1];
    if (last != 's' && last != 'e' && last != 'n' && last != 'x')
        return false;
    char last2 = s [len - 2];
    for (size_t k = 0; k < sizeof suffixes / sizeof suffixes [0]; k++) {
        size_t sl = suffixes [k].len;
        if (sl < len && suffixes [k].s [sl - 1] == last && suffixes [k].s [sl - 2] == last2
        &&  memcmp (s + len - sl, suffixes [k].s, sl) == 0)
            return true;
    }
    return false;
}

//  Capitalised word that may start a name.
static bool
s_run_start (dp_tagger_t *self, const char *text, const dp_tag_tok_t *t)
{
    if (!(t->flags & TK_CAP) || (t->flags & TK_ELISION) || t->nchars < 2)
        return false;
    if (t->lex & (LX_STOP | LX_TITLE | LX_TITLECOMP | LX_ADJ | LX_MONTH
                  | LX_WEEKDAY))
        return false;
    const dp_tag_gaz_t *g = dp_tag_gaz_one (self, text, t);
    return !(g && g->title);
}

//  Capitalised word that may continue a name.
static bool
s_run_cont (dp_tagger_t *self, const char *text, const dp_tag_tok_t *t)
{
    if (!(t->flags & TK_CAP) || (t->flags & TK_ELISION))
        return false;
    if (t->lex & (LX_STOP | LX_TITLE | LX_MONTH | LX_WEEKDAY))
        return false;
    const dp_tag_gaz_t *g = dp_tag_gaz_one (self, text, t);
    return !(g && g->title);
}

static bool
s_is_particle (const dp_tag_tok_t *t)
{
    if (t->lex & LX_PARTCAP)
        return (t->flags & TK_CAP) != 0;
    return (t->lex & LX_PARTICLE) != 0;
}

//  --------------------------------------------------------------------------
//  End of the name that starts at i: capitalised words, with particles
//  (de, van, al) between them.

static size_t
s_run_end (dp_tagger_t *self, const char *text, size_t i, size_t n)
{
    const dp_tag_tok_t *toks = self->toks;
    size_t j = i + 1;
    while (j < n && j - i < S_MAX_RUN && dp_tag_adjacent (text, toks, j - 1)) {
        if (s_run_cont (self, text, &toks [j])) {
            j++;
            continue;
        }
        if (s_is_particle (&toks [j]) && j + 1 < n
        &&  !(toks [j - 1].flags & TK_ALLCAPS)
        &&  dp_tag_adjacent (text, toks, j)
        &&  s_run_cont (self, text, &toks [j + 1])) {
            j += 2;
            continue;
        }
        break;
    }
    return j;
}

//  --------------------------------------------------------------------------
//  Organisation that starts with trigger i (Comité international de la
//  Croix-Rouge, ministère de la Défense, Parti socialiste). Returns the end
//  token, or i when nothing follows the trigger.

static size_t
s_org_extend (dp_tagger_t *self, const char *text, size_t i, size_t n)
{
    const dp_tag_tok_t *toks = self->toks;
    size_t j = i + 1;
    int adj = 0;
    while (j < n && adj < 2 && dp_tag_adjacent (text, toks, j - 1)
    &&     (toks [j].flags & TK_LOWER) && dp_tag_is_adj (text, &toks [j])) {
        j++;
        adj++;
    }
    if (j < n && dp_tag_adjacent (text, toks, j - 1)
    &&  (toks [j].lex & LX_PARTICLE) && (toks [j].flags & TK_LOWER)) {
        size_t k = j + 1;
        if (k < n && (dp_tag_tok_is (text, &toks [k], "la")
                      || dp_tag_tok_is (text, &toks [k], "l'")
                      || dp_tag_tok_is (text, &toks [k], "l\xE2\x80\x99"))
        &&  dp_tag_adjacent (text, toks, k - 1))
            k++;
        if (k < n && dp_tag_adjacent (text, toks, k - 1)
        &&  (toks [k].flags & TK_CAP) && !(toks [k].lex & LX_STOP)) {
            //  « ministère des Affaires étrangères »
            size_t e = s_run_end (self, text, k, n);
            if (e < n && dp_tag_adjacent (text, toks, e - 1)
            &&  (toks [e].flags & TK_LOWER)
            &&  (dp_tag_is_adj (text, &toks [e]) || (toks [e].lex & LX_TITLECOMP))
            &&  !(toks [e].lex & (LX_PARTICLE | LX_STOP)))
                e++;
            return e;
        }
    }
    if (j < n && dp_tag_adjacent (text, toks, j - 1)
    &&  s_run_cont (self, text, &toks [j]))
        return s_run_end (self, text, j, n);
    if (adj && (toks [i].flags & TK_CAP))
        return j;
    return i;
}

//  --------------------------------------------------------------------------
//  A place cue before token i: « à X », « en X », « la région du X »,
//  « la ville turque de X ».

static bool
s_loc_context (const char *text, const dp_tag_tok_t *toks, size_t i)
{
    if (i == 0)
        return false;
    size_t k = i - 1;
    if (toks [k].lex & LX_LOCPREP)
        return true;
    for (int steps = 0; steps < 4; steps++) {
        const dp_tag_tok_t *t = &toks [k];
        if (t->lex & LX_LOCCUE)
            return true;
        bool skip = ((t->lex & LX_PARTICLE) && (t->flags & TK_LOWER))
                    || dp_tag_tok_is (text, t, "la") || dp_tag_tok_is (text, t, "l'")
                    || dp_tag_is_adj (text, t);
        if (!skip || k == 0)
            return false;
        k--;
    }
    return false;
}

//  Token i starts a sentence or follows an opening quote, a bracket or a
//  colon: a capital there means little.
static bool
s_initial (const char *text, const dp_tag_tok_t *toks, size_t i)
{
    if (i == 0)
        return true;
    const dp_tag_tok_t *p = &toks [i - 1];
    if (!(p->flags & TK_PUNCT))
        return false;
    unsigned char c = (unsigned char) text [p->start];
    if (c == ',' || c == ')' || c == ']' || c == '/' || c == '&'
    ||  dp_tag_tok_is (text, p, "\xC2\xBB") || dp_tag_tok_is (text, p, "\xE2\x80\x9D"))
        return false;
    //  "M. X" and initials: a dot after a short capital ends no sentence.
    if (c == '.' && i >= 2) {
        const dp_tag_tok_t *pp = &toks [i - 2];
        if ((pp->flags & TK_CAP) && pp->nchars <= 3 && pp->end == p->start)
            return false;
    }
    return true;
}

//  Acronym: 2-6 capitals, not a roman numeral.
static bool
s_acronym (const dp_tag_tok_t *t)
{
    return (t->flags & TK_ALLCAPS) && !(t->flags & TK_ROMAN)
        && t->nchars >= 2 && t->nchars <= 6 && !(t->lex & LX_STOP);
}

//  --------------------------------------------------------------------------
//  Tags tokens [0, n) of self->toks (one sentence) into self->cands.

void
dp_tag_rule_names (dp_tagger_t *self, const char *text)
{
    const dp_tag_tok_t *toks = self->toks;
    size_t n = self->n_toks;
    size_t words = 0, shouting = 0;
    for (size_t k = 0; k < n; k++) {
        if (toks [k].flags & TK_WORD && !(toks [k].flags & TK_DIGIT)) {
            words++;
            if (toks [k].flags & TK_ALLCAPS)
                shouting++;
        }
    }
    bool shout = shouting >= 3 && shouting * 2 >= words;
    int title_ctx = 0;
    bool title_de = false;              //  « président de X »: X is no person
    size_t i = 0;
    while (i < n && !self->oom) {
        const dp_tag_tok_t *t = &toks [i];
        uint8_t type = S_NONE;
        uint32_t norm = S_NO_NORM;
        if (t->flags & TK_PUNCT) {
            bool cur = dp_tag_tok_is (text, t, "$") || dp_tag_tok_is (text, t, "€")
                       || dp_tag_tok_is (text, t, "£");
            if (cur && i + 1 < n && (toks [i + 1].flags & TK_NUMERIC)
            &&  dp_tag_adjacent (text, toks, i)) {
                uint8_t ignored;
                size_t e = dp_tag_number (self, text, i + 1, n, &ignored);
                dp_tag_emit (self, t->start, toks [e - 1].end, S_MONEY, 0, 0,
                             S_NO_NORM, e - i, toks [e - 1].start);
                i = e;
                title_ctx = 0;
                continue;
            }
            if (title_ctx > 0 && (dp_tag_tok_is (text, t, ",")
                                  || dp_tag_tok_is (text, t, ".")))
                title_ctx--;
            else
                title_ctx = 0;
            i++;
            continue;
        }
        if ((t->flags & TK_DIGIT) || (t->lex & (LX_MONTH | LX_WEEKDAY))) {
            size_t e = self->lang == DP_TAG_LANG_EN
                     ? dp_tag_en_scan_num (self, text, i, n, &type, &norm)
                     : dp_tag_scan_num (self, text, i, n, &type, &norm);
            if (e > i) {
                dp_tag_emit (self, t->start, toks [e - 1].end, type, 0,
                             norm == S_NO_NORM ? 0 : 2, norm, e - i,
                             toks [e - 1].start);
                i = e;
                title_ctx = 0;
                continue;
            }
        }
        size_t k = 0;
        const dp_tag_gaz_t *g = dp_tag_gaz_match (self, text, i, n, &k);
        if (g && k == 1 && (t->flags & TK_CAP)) {
            //  Nancy Pelosi: a given name before a capital beats the city.
            const dp_tag_gaz_t *one = dp_tag_gaz_one (self, text, t);
            if (one && one->first && i + 1 < n && dp_tag_adjacent (text, toks, i)
            &&  s_run_start (self, text, &toks [i + 1]))
                g = NULL;
        }
        if (g) {
            if (dp_tag_emit (self, t->start, toks [i + k - 1].end, g->type, 0,
                             g->norm == S_NO_NORM ? 0 : 1, g->norm, k,
                             toks [i + k - 1].start) == 0)
                self->cands [self->n_cands - 1].gaz = k >= 2;
            if (g->type != S_LOC && g->type != S_ORG)
                title_ctx = 0;
            title_de = false;
            i += k;
            continue;
        }
        size_t tk = dp_tag_title (self, text, i, n);
        if (tk) {
            title_ctx = 5;
            title_de = false;
            i += tk;
            continue;
        }
        bool trig = ((t->flags & TK_CAP) && (t->lex & (LX_ORGTRIG | LX_ORGTRIGLC)))
                    || ((t->flags & TK_LOWER) && (t->lex & LX_ORGTRIGLC));
        if (trig) {
            size_t e = s_org_extend (self, text, i, n);
            if (e == i && (t->flags & TK_CAP) && !shout
            &&  !s_initial (text, toks, i))
                e = i + 1;          //  « la Commission », « le Parlement »
            if (e > i) {
                dp_tag_emit (self, t->start, toks [e - 1].end, S_ORG, 0, 0,
                             S_NO_NORM, e - i, toks [e - 1].start);
                i = e;
                title_ctx = 0;
                continue;
            }
        }
        bool start = s_run_start (self, text, t) && !trig;
        if (!start && title_ctx > 0 && (t->flags & TK_CAP)
        &&  s_is_particle (t) && i + 1 < n && dp_tag_adjacent (text, toks, i)
        &&  s_run_cont (self, text, &toks [i + 1]))
            start = true;           //  M. De Croo, M. Van Rompuy
        if (start) {
            size_t e = s_run_end (self, text, i, n);
            const dp_tag_gaz_t *one = dp_tag_gaz_one (self, text, t);
            uint8_t weak = 0;
            bool acro = false;
            for (size_t q = i; q < e; q++)
                acro = acro || s_acronym (&toks [q]);
            bool initial = s_initial (text, toks, i) || shout;
            if (title_ctx > 0 && title_de && !(one && one->first)) {
                type = S_ORG;
                weak = initial ? 2 : 1;
            }
            else
            if (title_ctx > 0 && acro && e - i == 1)
                type = S_ORG;
            else
            if (title_ctx > 0) {
                type = S_PER;
                //  "Commissioner for Crisis Management Janez X": the name
                //  starts at the given name when there is one.
                for (size_t q = i + 1; q + 1 < e; q++) {
                    const dp_tag_gaz_t *gq = dp_tag_gaz_one (self, text, &toks [q]);
                    if (gq && gq->first) {
                        t = &toks [q];
                        break;
                    }
                }
            }
            else
            if (one && one->first && e - i >= 2)
                type = S_PER;
            else
            if (acro && !shout)
                type = S_ORG;
            else
            if (s_loc_context (text, toks, i) && !shout)
                type = S_LOC;
            else {
                //  Unknown name: a person when it has several words, else
                //  a guess that an earlier or later sure mention may fix.
                type = e - i >= 2 ? S_PER : S_UNKNOWN_TYPE;
                weak = initial ? 2 : 1;
            }
            dp_tag_emit (self, t->start, toks [e - 1].end, type, weak, 0,
                         S_NO_NORM, e - i, toks [e - 1].start);
            i = e;
            title_ctx = 0;
            continue;
        }
        if (title_ctx > 0
        &&  ((t->lex & (LX_TITLECOMP | LX_ADJ | LX_PARTICLE | LX_TITLE))
             || (t->flags & TK_ELISION) || dp_tag_is_adj (text, t))) {
            title_ctx--;
            title_de = ((t->lex & LX_PARTICLE) && (t->flags & TK_LOWER))
                       || (title_de && (dp_tag_tok_is (text, t, "la")
                                        || (t->flags & TK_ELISION)));
        }
        else
            title_ctx = 0;
        i++;
    }
}
