//  depeche tag — what only the English tagger does: its words (titles such
//  as « Mr. », « Secretary », abbreviated months, currencies), dotted
//  acronyms kept as one word (« U.S. », « p.m. »), and the English dates
//  and times (« Jan. 11, 2024 », « Monday, March 3 », « 4:20 p.m. »).
//  Grammar, not knowledge: names come from the model and the gazetteers.
//  The French paths never call this file.
#include "tag/tag_int.h"

#include <stdio.h>
#include <string.h>

//  --------------------------------------------------------------------------
//  Adds flags to the lexicon entry of each word of list (NULL-ended).
//  0 or -1 (OOM).

static int
s_add (dp_tagger_t *self, const char *const *list, uint32_t flags)
{
    bool created;
    for (int k = 0; list [k]; k++) {
        dp_tag_slot_t *slot = dp_tag_map_put (&self->lex, &self->pool, list [k],
                                              strlen (list [k]), &created);
        if (!slot)
            return -1;
        slot->val |= flags;
    }
    return 0;
}

int
dp_tag_en_load (dp_tagger_t *self)
{
    //  Titles before a person's name: cut off the name by the model's
    //  training data (GUM, Wikigold) and marked as a cue for its features.
    static const char *const titles [] = {
        "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame",
        "lord", "lady", "president", "vice-president", "senator", "sen",
        "rep", "representative", "congressman", "congresswoman", "governor",
        "gov", "mayor", "secretary", "minister", "chancellor", "ambassador",
        "judge", "justice", "general", "gen", "lt", "col", "colonel", "capt",
        "captain", "sgt", "sergeant", "admiral", "adm", "cmdr", "commander",
        "king", "queen", "prince", "princess", "pope", "cardinal", "bishop",
        "archbishop", "rev", "reverend", "father", "sister", "brother",
        "saint", "st", "chairman", "chairwoman", "chief", "director",
        "coach", "officer", "spokesman", "spokeswoman", "spokesperson",
        "premier", "emperor", "empress", "sheikh", "ayatollah", "gens",
        "messrs", NULL
    };
    //  May stand between a title and the name: « Secretary of State
    //  Hillary Clinton », « Foreign Minister ».
    static const char *const comps [] = {
        "of", "state", "foreign", "prime", "deputy", "general", "attorney",
        "defense", "defence", "interior", "finance", "former", "acting",
        "senior", "chief", "executive", "vice", NULL
    };
    static const char *const months [] = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec"
    };
    //  Organisation heads, place cues (feature cues: the model decides).
    static const char *const orgs [] = {
        "foundation", "museum", "college", "school", "church", "society",
        "association", "academy", "company", "corporation", "commission",
        "league", "club", "army", "navy", "court", "senate", "congress",
        "parliament", "government", "police", "press", "times", "news",
        "records", "orchestra", "band", "team", "center", "centre",
        "federation", "movement", "union", "group", "fund", "trust",
        "gallery", "library", "hospital", "program", "programme", "office",
        "board", "service", "network", "inc", "corp", "ltd", "llc", NULL
    };
    static const char *const places [] = {
        "county", "state", "river", "lake", "mountain", "mount", "island",
        "islands", "street", "road", "avenue", "park", "square", "bay",
        "valley", "province", "region", "airport", "station", "beach",
        "bridge", "desert", "ocean", "sea", "coast", NULL
    };
    static const struct { const char *w; uint32_t f; } words [] = {
        { "sept", LX_MONTH | (9u << 24) | LX_EN },
        { "pound", LX_CURRENCY }, { "euro", LX_CURRENCY },
        { "cents", LX_CURRENCY }, { "rupees", LX_CURRENCY },
        { "rupee", LX_CURRENCY }, { "pesos", LX_CURRENCY },
        { "thousands", LX_MULT }, { "millions", LX_MULT },
        { "bn", LX_MULT }, { "m", LX_MULT }, { "k", LX_MULT },
        { "on", LX_YEARCUE | LX_MONTHCUE }, { "between", LX_YEARCUE },
        { "around", LX_YEARCUE }, { "through", LX_YEARCUE },
    };
    if (s_add (self, titles, LX_TITLE) || s_add (self, comps, LX_TITLECOMP)
    ||  s_add (self, orgs, LX_ORGTRIG) || s_add (self, places, LX_LOCCUE))
        return -1;
    for (int m = 0; m < 12; m++) {
        const char *one [] = { months [m], NULL };
        if (s_add (self, one, LX_MONTH | ((uint32_t) (m + 1) << 24) | LX_EN))
            return -1;
    }
    for (size_t k = 0; k < sizeof words / sizeof words [0]; k++) {
        const char *one [] = { words [k].w, NULL };
        if (s_add (self, one, words [k].f))
            return -1;
    }
    return 0;
}

//  --------------------------------------------------------------------------

static inline bool
s_letter (char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

uint32_t
dp_tag_en_acronym (const char *text, uint32_t p, uint32_t b)
{
    uint32_t q = p;
    unsigned n = 0;
    while (q + 1 < b && s_letter (text [q]) && text [q + 1] == '.'
    &&     (q == p || text [q - 1] == '.')) {
        q += 2;
        n++;
    }
    //  « U.S.A » (no final dot) and « U.S.-led » stop at the last dot.
    if (n < 2 || (q < b && s_letter (text [q]) && text [q - 1] != '.'))
        return 0;
    //  A letter glued after the last dot is a word (« e.g.something »).
    if (q < b && s_letter (text [q]))
        return 0;
    return q;
}

//  --------------------------------------------------------------------------
//  Value of a 1-2 digit token, or -1.

static long
s_small (const char *text, const dp_tag_tok_t *t)
{
    size_t len = t->end - t->start;
    if (len == 0 || len > 2)
        return -1;
    long v = 0;
    for (size_t k = 0; k < len; k++) {
        char c = text [t->start + k];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

//  a.m., p.m., am, pm, AM, PM (one token: the acronym cut).
static bool
s_meridiem (const char *text, const dp_tag_tok_t *t)
{
    size_t len = t->end - t->start;
    const char *s = text + t->start;
    if (len != 2 && len != 4)
        return false;
    char c = (char) (s [0] | 0x20);
    if (c != 'a' && c != 'p')
        return false;
    return len == 2 ? (s [1] | 0x20) == 'm'
                    : s [1] == '.' && (s [2] | 0x20) == 'm' && s [3] == '.';
}

//  Four-digit year 1000-2999 of token t, or -1.
static long
s_year (const char *text, const dp_tag_tok_t *t)
{
    if (t->end - t->start != 4)
        return -1;
    long y = 0;
    for (int k = 0; k < 4; k++) {
        char c = text [t->start + (uint32_t) k];
        if (c < '0' || c > '9')
            return -1;
        y = y * 10 + (c - '0');
    }
    return y >= 1000 && y <= 2999 ? y : -1;
}

//  "Jan. 11, 2024", "January 11", "Jan. 2024" at month token i: the end
//  token, or i. *norm the ISO date when the year is there.
static size_t
s_month_day (dp_tagger_t *self, const char *text, size_t i, size_t n,
             uint32_t *norm)
{
    const dp_tag_tok_t *toks = self->toks;
    long m = LX_VAL (toks [i].lex);
    size_t j = i + 1;
    if (j < n && dp_tag_tok_is (text, &toks [j], ".")
    &&  toks [j].start == toks [i].end && toks [i].end - toks [i].start <= 4)
        j++;                            //  "Jan."
    if (j >= n || !dp_tag_gap_ok (text, toks [j - 1].end, toks [j].start))
        return i;
    long y = s_year (text, &toks [j]);
    if (y > 0)
        return j + 1;
    long d = s_small (text, &toks [j]);
    if (d < 1 || d > 31)
        return i;
    size_t e = j + 1;
    if (e + 1 < n && dp_tag_tok_is (text, &toks [e], ",")
    &&  toks [e].start == toks [j].end
    &&  dp_tag_gap_ok (text, toks [e].end, toks [e + 1].start)) {
        y = s_year (text, &toks [e + 1]);
        if (y > 0) {
            char buf [16];
            int len = snprintf (buf, sizeof buf, "%04ld-%02ld-%02ld", y, m, d);
            *norm = dp_tag_buf_add (&self->scratch, buf, (size_t) len);
            if (*norm == S_NO_NORM)
                self->oom = 1;
            return e + 2;
        }
    }
    return e;
}

size_t
dp_tag_en_scan_num (dp_tagger_t *self, const char *text, size_t i, size_t n,
                    uint8_t *type, uint32_t *norm)
{
    const dp_tag_tok_t *toks = self->toks;
    const dp_tag_tok_t *t = &toks [i];
    *norm = S_NO_NORM;
    //  "Monday, Jan. 11, 2024": the weekday takes the date that follows.
    if (t->lex & LX_WEEKDAY) {
        size_t j = i + 1;
        if (j < n && dp_tag_tok_is (text, &toks [j], ","))
            j++;
        if (j < n && (toks [j].lex & LX_MONTH) && (toks [j].flags & TK_CAP)) {
            size_t e = s_month_day (self, text, j, n, norm);
            if (e > j) {
                *type = S_DATE;
                return e;
            }
        }
    }
    //  A capitalised month: « May » alone is a name or a verb, so only a
    //  month with its day or year is taken here.
    if ((t->lex & LX_MONTH) && (t->flags & TK_CAP)) {
        size_t e = s_month_day (self, text, i, n, norm);
        if (e > i) {
            *type = S_DATE;
            return e;
        }
    }
    //  "4:20 p.m.", "11 am", "10.30pm" is not cut this way: left to NUM.
    if ((t->flags & TK_DIGIT) && i + 1 < n && s_meridiem (text, &toks [i + 1])
    &&  dp_tag_gap_ok (text, t->end, toks [i + 1].start)) {
        const char *s = text + t->start;
        size_t len = t->end - t->start;
        long h = s_small (text, t);
        bool ok = h >= 1 && h <= 12;
        if (!ok && (len == 4 || len == 5) && s [len - 3] == ':') {
            long hh = len == 5 ? (s [0] - '0') * 10 + (s [1] - '0') : s [0] - '0';
            ok = hh >= 1 && hh <= 12 && s [len - 2] >= '0' && s [len - 2] <= '5'
                 && s [len - 1] >= '0' && s [len - 1] <= '9'
                 && s [0] >= '0' && s [0] <= '9';
        }
        if (ok) {
            *type = S_TIME;
            return i + 2;
        }
    }
    return dp_tag_scan_num (self, text, i, n, type, norm);
}

//  --------------------------------------------------------------------------

uint32_t
dp_tag_en_orgdist (const dp_tagger_t *self, size_t i)
{
    const dp_tag_tok_t *toks = self->toks;
    if (!(toks [i].flags & TK_CAP))
        return 0;
    for (size_t d = 1; d <= 7 && i + d < self->n_toks; d++) {
        const dp_tag_tok_t *t = &toks [i + d];
        if (!(t->flags & TK_CAP))
            break;
        if (t->lex & LX_ORGTRIG)
            return (uint32_t) d;
    }
    return 0;
}

//  --------------------------------------------------------------------------
//  English names of the form « University of California at Berkeley »,
//  « Foundation for the Visual Arts »: the model often stops at the bridge
//  word. A name the model found (ORG, LOC or MISC) that a bridge word
//  (of, for, at, on, de, with « the » after it) joins to a run of
//  capitalised words takes that run, and any candidate in it, into itself;
//  its type stays (the head comes first in English). A PER the model found
//  followed at once by capitalised words that end on an organisation's head
//  (« Andy Warhol Foundation ») becomes that ORG.

static const char *const s_org_heads [] = {
    "foundation", "institute", "university", "college", "museum", "program",
    "programme", "society", "association", "company", "corporation",
    "council", "committee", "party", "school", "academy", "center", "centre",
    "church", "agency", "department", "ministry", "commission", "bank",
    "group", "fund", "trust", "league", "union", "club", "gallery",
    "library", "hospital", "orchestra", "band", "records", "press", NULL
};

static bool
s_org_head (const char *text, const dp_tag_tok_t *t)
{
    char key [S_MAX_KEY];
    size_t len = t->end - t->start;
    size_t k = len < S_MAX_KEY ? dp_tag_fold (text + t->start, len, key) : 0;
    for (int i = 0; k && s_org_heads [i]; i++)
        if (strlen (s_org_heads [i]) == k && !memcmp (s_org_heads [i], key, k))
            return true;
    return false;
}

//  A word joining two parts of one name of type type: « of » for all
//  (« Gulf of Mexico »), « for », « at », « on », « de » after an ORG or
//  MISC only (« China for the Institute » is two names).
static bool
s_bridge (const char *text, const dp_tag_tok_t *t, uint8_t type)
{
    if (dp_tag_tok_is (text, t, "of"))
        return true;
    if (type == S_LOC)
        return false;
    return dp_tag_tok_is (text, t, "for") || dp_tag_tok_is (text, t, "at")
        || dp_tag_tok_is (text, t, "on") || dp_tag_tok_is (text, t, "de");
}

//  « Indian », « Iraqi », « Soviet troops »: one capitalised word with a
//  nationality's ending, right before a lowercase word. Nationality
//  adjectives are not names in English annotation (GUM, CoNLL's MISC aside).
static bool
s_demonym (dp_tagger_t *self, const char *text, const dp_tag_tok_t *toks,
           size_t i, size_t n)
{
    //  Not « -an » alone: Pakistan, Michigan, Milan.
    static const char *const ends [] = {
        "ian", "ean", "ican", "man", "ese", "ish", "i", NULL
    };
    const dp_tag_tok_t *t = &toks [i];
    size_t len = t->end - t->start;
    if (!(t->flags & TK_CAP) || (t->flags & TK_ALLCAPS) || len < 4
    ||  i + 1 >= n || !(toks [i + 1].flags & TK_LOWER)
    ||  !dp_tag_adjacent (text, toks, i))
        return false;
    //  A place the gazetteer knows (Helsinki, Mali) stays.
    const dp_tag_gaz_t *g = dp_tag_gaz_one (self, text, t);
    if (g && g->type == S_LOC)
        return false;
    for (int k = 0; ends [k]; k++) {
        size_t el = strlen (ends [k]);
        if (len > el + 2 && !memcmp (text + t->end - el, ends [k], el))
            return true;
    }
    return false;
}

bool
dp_tag_en_name_word (const dp_tag_tok_t *t)
{
    return (t->flags & TK_WORD) && (t->flags & TK_CAP)
        && !(t->lex & (LX_TITLE | LX_MONTH | LX_WEEKDAY | LX_STOP));
}

size_t
dp_tag_en_tok_at (const dp_tagger_t *self, uint32_t at)
{
    for (size_t i = 0; i < self->n_toks; i++)
        if (self->toks [i].start >= at)
            return self->toks [i].start == at ? i : self->n_toks;
    return self->n_toks;
}

void
dp_tag_en_conventions (dp_tagger_t *self, const char *text, size_t c0)
{
    const dp_tag_tok_t *toks = self->toks;
    size_t n = self->n_toks;
    for (size_t c = c0; c < self->n_cands; c++) {
        dp_tag_cand_t *cd = &self->cands [c];
        if (cd->type < S_PER || cd->type > S_MISC)
            continue;
        size_t last = dp_tag_en_tok_at (self, cd->last);
        if (last >= n)
            continue;
        size_t end = last + 1;          //  token after the name
        uint8_t type = cd->type;
        if (type == S_LOC && cd->ntok == 1 && s_demonym (self, text, toks, last, n)) {
            cd->type = S_NONE;
            continue;
        }
        if (type == S_PER) {
            size_t j = end;
            while (j < n && dp_tag_en_name_word (&toks [j]) && dp_tag_adjacent (text, toks, j - 1))
                j++;
            if (j == end || !s_org_head (text, &toks [j - 1]))
                continue;
            end = j;
            type = S_ORG;
        }
        //  bridge [the] Capitalised...
        for (;;) {
            size_t j = end;
            if (j + 1 >= n || !s_bridge (text, &toks [j], type)
            ||  !dp_tag_adjacent (text, toks, j - 1) || !dp_tag_adjacent (text, toks, j))
                break;
            j++;
            if (dp_tag_tok_is (text, &toks [j], "the") && j + 1 < n
            &&  dp_tag_adjacent (text, toks, j))
                j++;
            size_t k = j;
            while (k < n && dp_tag_en_name_word (&toks [k])
            &&     (k == j || dp_tag_adjacent (text, toks, k - 1)))
                k++;
            if (k == j)
                break;
            end = k;
        }
        if (end == last + 1 && type == cd->type)
            continue;
        uint32_t stop = toks [end - 1].end;
        //  Candidates swallowed by the longer name go.
        for (size_t d = c + 1; d < self->n_cands; d++)
            if (self->cands [d].start < stop)
                self->cands [d].type = S_NONE;
        cd->end = stop;
        cd->last = toks [end - 1].start;
        cd->type = type;
        cd->ntok = (uint8_t) (cd->ntok + (end - last - 1) > 255 ? 255
                                                                : cd->ntok + (end - last - 1));
        cd->norm_src = 0;
        cd->norm = S_NO_NORM;
    }
}
