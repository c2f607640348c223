//  depeche tag — the kind of an English name read from its own words and
//  the word before it, after the model and tag_en.c's conventions, one
//  sentence at a time. English annotation (CoNLL, GUM, Wikigold) calls
//  works, events, awards and nationalities MISC, and the model often takes
//  a part of them for a person or a place:
//    - a name right after a work's noun (« the film Elevator to the
//      Gallows », « his book Hydraulica ») is one work, MISC;
//    - a name that ends on an event's or an award's head (« Avignon
//      Festival », « Stirling Prize », « FIFA World Cup »), or follows a
//      storm's word (« Cyclone Phailin »), is MISC;
//    - a place or person that ends on an organisation's head (« Duke
//      University »), or a place glued to capitalised words that are not a
//      place's (« Boston Red Sox », « Toronto Star »), is an organisation;
//    - an organisation that ends on a building's or venue's head
//      (« Carnegie Hall », « Johnson Space Center ») is a place;
//    - after a possessive, a title the model took for a person and that
//      opens on no given name is a work when a person's full name owns it
//      (« Jean Anouilh's Antigone »), and a one-word « person » that owns
//      a person's full name is an organisation (« Demosisto's Nathan Law »);
//    - a nationality alone (« Greek », « Arabs ») is MISC;
//    - a person's name ends before a possessive (« Obama’s »), and any
//      name before the plain lowercase words it ends on (« Jiangsu
//      province »);
//    - a person's name goes on over the capitalised words right after it
//      (« Holden Chow », not « Holden » « Chow »), but those lend the
//      article pass no surname (« Warhol Polaroids » is no « Polaroids »);
//    - « Yau Wai-ching », « Moon Jae-in » (a given name of two syllables
//      joined by a hyphen) is a person, and an unknown acronym after a
//      person's « of » (« Ann Chiang of DAB ») an organisation.
//  Over the article (dp_tag_en_kinds_article), the name a storm's word or a
//  school's head gave its kind keeps it where it stands alone, and a
//  one-word place nothing knows, never after a place's preposition, is
//  MISC (« Stardust », a craft).
//  Grammar, not knowledge: the word lists are generic heads, written here.
//  Does not find names the model missed; not run in a sentence that is
//  mostly capitalised words (a Title Case headline). The French paths
//  never call this file.
#include "tag/tag_int.h"

#include <stdlib.h>
#include <string.h>

//  Works: the noun right before a title.
static const char *const s_work_nouns [] = {
    "film", "films", "movie", "series", "sitcom", "book", "books", "novel",
    "novella", "album", "song", "opera", "musical", "painting", "poem",
    "documentary", "thriller", "comedy", "drama", "memoir", "essay",
    "dissertation", "entitled", "titled", "miniseries", "anthology",
    "symphony", "ballet", "videogame", NULL
};

//  Events, awards, wars, laws: the last word of their name.
static const char *const s_event_heads [] = {
    "festival", "award", "awards", "prize", "prizes", "medal", "trophy",
    "cup", "championship", "championships", "olympics", "games", "series",
    "war", "act", "treaty", "scholarship", "fellowship", "lecture",
    "lectures", "draft", "bowl", "marathon", "expo", "grammys", "oscars",
    NULL
};

//  Storms and operations: the word before their name.
static const char *const s_storm_words [] = {
    "cyclone", "hurricane", "typhoon", "storm", "operation", NULL
};

//  Organisations: the last word of their name.
static const char *const s_org_tails [] = {
    "university", "college", "institute", "party", "council", "committee",
    "department", "ministry", "agency", "association", "society",
    "corporation", "company", "inc", "corp", "ltd", "llc", "airlines",
    "airways", "bank", "club", "federation", "commission", "foundation",
    "academy", "union", "league", "press", "herald", "tribune", "times",
    "post", "gazette", "news", NULL
};

//  Buildings and venues: the last word of a place's name, never an
//  organisation's (« Carnegie Hall », « Johnson Space Center », « Al-Ghaza
//  Hotel »; GUM types them LOC where the model says ORG).
static const char *const s_venue_heads [] = {
    "hall", "hotel", "center", "centre", "factory", "stadium", "arena",
    "mosque", "cathedral", "temple", "palace", "tower", NULL
};

//  What a place glued to capitalised words may still be (« Hong Kong
//  Island », « Kowloon West »): then it stays a place.
static const char *const s_loc_tails [] = {
    "city", "island", "islands", "county", "state", "province", "region",
    "river", "lake", "mountain", "mountains", "valley", "bay", "beach",
    "park", "square", "street", "road", "avenue", "bridge", "airport",
    "station", "coast", "sea", "ocean", "north", "south", "east", "west",
    "district", "heights", "hills", "falls", "springs", "harbour", "harbor",
    "peninsula", "desert", "canyon", "forest", "village", "town", NULL
};

//  Nationalities, peoples, languages and faiths (a plural « -s » too).
static const char *const s_nations [] = {
    "american", "british", "english", "french", "german", "italian",
    "spanish", "portuguese", "dutch", "belgian", "swiss", "austrian",
    "swedish", "norwegian", "danish", "finnish", "icelandic", "irish",
    "scottish", "welsh", "greek", "turkish", "russian", "polish", "czech",
    "slovak", "hungarian", "romanian", "bulgarian", "serbian", "croatian",
    "bosnian", "albanian", "ukrainian", "lithuanian", "latvian",
    "estonian", "armenian", "chinese", "japanese", "korean", "vietnamese",
    "thai", "indonesian", "malaysian", "filipino", "indian", "pakistani",
    "bangladeshi", "afghan", "iranian", "iraqi", "syrian", "lebanese",
    "israeli", "palestinian", "jordanian", "saudi", "yemeni", "egyptian",
    "libyan", "tunisian", "algerian", "moroccan", "nigerian", "kenyan",
    "ethiopian", "somali", "sudanese", "african", "european", "asian",
    "arab", "arabic", "latin", "hebrew", "persian", "muslim", "christian",
    "jewish", "jew", "catholic", "protestant", "hindu", "buddhist", "sikh",
    "islamic", "soviet", "canadian", "mexican", "brazilian", "argentine",
    "chilean", "colombian", "peruvian", "venezuelan", "cuban",
    "australian", "hellenic", "nordic", "scandinavian", "kurdish",
    "tibetan", "taiwanese", "cantonese", "briton", "scot", "dane", "swede",
    "finn", "pole", "turk", "kurd", "western", NULL
};

//  --------------------------------------------------------------------------

//  The lowercased token is one of list (with its plural « -s » when plural).
static bool
s_in (const char *text, const dp_tag_tok_t *t, const char *const *list,
      bool plural)
{
    char key [S_MAX_KEY];
    size_t len = t->end - t->start;
    size_t k = len < S_MAX_KEY ? dp_tag_fold (text + t->start, len, key) : 0;
    if (!k || !(t->flags & TK_WORD))
        return false;
    for (int i = 0; list [i]; i++) {
        size_t l = strlen (list [i]);
        if (memcmp (list [i], key, l))
            continue;
        if (l == k || (plural && l + 1 == k && key [l] == 's'))
            return true;
    }
    return false;
}

//  The end of a title starting at token a: capitalised words, and the
//  short words inside one (« Elevator to the Gallows », « Flight of the
//  Phoenix ») when a capitalised word follows them.
static size_t
s_title_end (const char *text, const dp_tag_tok_t *toks, size_t a, size_t n)
{
    static const char *const inner [] = {
        "of", "the", "to", "a", "an", "in", "on", "by", "for", NULL
    };
    size_t e = a + 1;
    for (;;) {
        size_t j = e;
        while (j < n && dp_tag_adjacent (text, toks, j - 1)
        &&     (toks [j].flags & TK_LOWER) && s_in (text, &toks [j], inner, false))
            j++;
        if (j < n && dp_tag_adjacent (text, toks, j - 1) && (toks [j].flags & TK_CAP)
        &&  (toks [j].flags & TK_WORD))
            e = j + 1;
        else
            return e;
    }
}

//  Candidate c becomes type over tokens [a, e); the candidates of the
//  sentence (from c0 on) it covers go.
static void
s_retype (dp_tagger_t *self, size_t c0, size_t c, size_t a, size_t e,
          uint8_t type)
{
    const dp_tag_tok_t *toks = self->toks;
    dp_tag_cand_t *cd = &self->cands [c];
    uint32_t start = toks [a].start, stop = toks [e - 1].end;
    for (size_t d = c0; d < self->n_cands; d++)
        if (d != c && self->cands [d].type != S_NONE
        &&  self->cands [d].start < stop && start < self->cands [d].end)
            self->cands [d].type = S_NONE;
    cd->start = start;
    cd->end = stop;
    cd->last = toks [e - 1].start;
    cd->type = type;
    cd->ntok = (uint8_t) (e - a > 255 ? 255 : e - a);
    cd->norm_src = 0;
    cd->norm = S_NO_NORM;
}

//  The end of a person's name over tokens [a, last]: the capitalised words
//  right after it, one space apart, are the rest of it (« Holden Chow »,
//  « James To », « Chad » « Michael Murray » one name) up to a title, a
//  month, a weekday or a name of another type (cands[c0..]). Mid-sentence,
//  a capitalised word right after a person's name is more of it; the
//  model stops early on words it knows in lowercase (« chow », « fan »).
static size_t
s_person_end (const dp_tagger_t *self, const char *text, size_t c0, size_t last)
{
    const dp_tag_tok_t *toks = self->toks;
    size_t j = last + 1;
    while (j < self->n_toks && (toks [j].flags & TK_WORD) && (toks [j].flags & TK_CAP)
    &&     !(toks [j].lex & (LX_TITLE | LX_MONTH | LX_WEEKDAY))
    &&     dp_tag_adjacent (text, toks, j - 1)) {
        for (size_t d = c0; d < self->n_cands; d++) {
            const dp_tag_cand_t *cd = &self->cands [d];
            if (cd->type != S_NONE && cd->type != S_PER
            &&  cd->start <= toks [j].start && toks [j].start < cd->end)
                return j;
        }
        j++;
    }
    return j;
}

//  t is a plain lowercase word: ASCII letters a-z only (not « d'Alembert »,
//  « al-Amr », « eBay »).
static bool
s_plain_lower (const char *text, const dp_tag_tok_t *t)
{
    for (uint32_t p = t->start; p < t->end; p++)
        if (text [p] < 'a' || text [p] > 'z')
            return false;
    return t->end > t->start;
}

//  Token i is an acronym no dictionary or gazetteer knows (« DAB », not
//  « UK »), followed by no capitalised word.
static bool
s_acronym (dp_tagger_t *self, const char *text, size_t i)
{
    const dp_tag_tok_t *t = &self->toks [i];
    if (!(t->flags & TK_ALLCAPS) || t->nchars < 2 || t->nchars > 6
    ||  (t->wc & (DP_TAGM_WC_COMMON | DP_TAGM_WC_PROPER)) || dp_tag_gaz_one (self, text, t))
        return false;
    return i + 1 >= self->n_toks || !(self->toks [i + 1].flags & TK_CAP)
        || !dp_tag_adjacent (text, self->toks, i);
}

//  Classes of the folded s[0..len) in the word-class table.
static uint8_t
s_classes (const dp_tagger_t *self, const char *s, size_t len)
{
    char key [S_MAX_KEY];
    size_t k = len < S_MAX_KEY ? dp_tag_fold (s, len, key) : 0;
    return k ? dp_tagm_lex_get (self->wlex, dp_tag_hash (key, k)) : 0;
}

//  Token i is the possessive « 's » glued to the token before it, one space
//  before the next.
static bool
s_possessive (const char *text, const dp_tag_tok_t *toks, size_t n, size_t i)
{
    return i > 0 && i + 1 < n
        && (dp_tag_tok_is (text, &toks [i], "'s")
            || dp_tag_tok_is (text, &toks [i], "\xE2\x80\x99s"))
        && toks [i - 1].end == toks [i].start && dp_tag_adjacent (text, toks, i);
}

//  The candidate of the sentence (from c0 on) starting at byte start, or
//  n_cands.
static size_t
s_cand_at (const dp_tagger_t *self, size_t c0, uint32_t start)
{
    for (size_t d = c0; d < self->n_cands; d++)
        if (self->cands [d].type != S_NONE && self->cands [d].start == start)
            return d;
    return self->n_cands;
}

//  « X's Y », the possessive telling the kind of one of them: a person's
//  full name owns works (« Jean Anouilh's Antigone », « Isaac Newton's
//  Philosophiae Naturalis Principia Mathematica »: the model took the title
//  for a person, it is MISC), a one-word name owns people (« Demosisto's
//  Nathan Law », « DAB's Starry Lee »: the party, ORG, and not a person).
static void
s_possessives (dp_tagger_t *self, const char *text, size_t c0)
{
    const dp_tag_tok_t *toks = self->toks;
    size_t n = self->n_toks;
    for (size_t p = 1; p + 1 < n; p++) {
        if (!s_possessive (text, toks, n, p))
            continue;
        size_t y = s_cand_at (self, c0, toks [p + 1].start);
        if (y == self->n_cands || self->cands [y].type != S_PER)
            continue;
        size_t x = self->n_cands;
        for (size_t d = c0; d < self->n_cands; d++)
            if (self->cands [d].type != S_NONE && self->cands [d].end == toks [p - 1].end)
                x = d;
        dp_tag_cand_t *cy = &self->cands [y];
        if (x < self->n_cands && self->cands [x].type == S_PER && self->cands [x].ntok >= 2) {
            //  a work: not a name opening on a word a gazetteer name
            //  starts with (« Michael Orrin », a given name)
            size_t a = dp_tag_en_tok_at (self, cy->start);
            if (a < n && !dp_tag_gaz_first (self, text, &toks [a]))
                cy->type = S_MISC;
        }
        else
        if (x < self->n_cands && self->cands [x].ntok == 1 && cy->ntok >= 2
        &&  self->cands [x].type == S_PER)
            self->cands [x].type = S_ORG;
    }
}

//  « Yau Wai-ching », « Moon Jae-in »: a capitalised word, then a given
//  name of two syllables joined by a hyphen, the second lowercase, whose
//  first is no English word and whose second is none or very short (« Hong
//  Kong-based » is not one). The two words are a person.
static void
s_hyphen_names (dp_tagger_t *self, const char *text, size_t c0)
{
    const dp_tag_tok_t *toks = self->toks;
    size_t n = self->n_toks;
    for (size_t i = 0; i + 1 < n; i++) {
        const dp_tag_tok_t *f = &toks [i], *g = &toks [i + 1];
        if (!(f->flags & TK_CAP) || !(f->flags & TK_WORD) || (f->flags & TK_ALLCAPS)
        ||  (f->lex & (LX_TITLE | LX_MONTH | LX_WEEKDAY | LX_STOP))
        ||  !(g->flags & TK_CAP) || !dp_tag_adjacent (text, toks, i))
            continue;
        const char *s = text + g->start;
        size_t len = g->end - g->start, h = 1;
        while (h < len && s [h] >= 'a' && s [h] <= 'z')
            h++;
        size_t k = h + 1;
        while (k < len && s [k] >= 'a' && s [k] <= 'z')
            k++;
        if (h < 2 || h > 6 || h >= len || s [h] != '-' || k != len || k - h - 1 < 2
        ||  k - h - 1 > 6 || (s_classes (self, s, h) & DP_TAGM_WC_COMMON)
        ||  (k - h - 1 > 3 && (s_classes (self, s + h + 1, k - h - 1) & DP_TAGM_WC_COMMON)))
            continue;
        //  Candidates over the pair: one inside it is made the pair; one
        //  reaching out of it is left alone.
        size_t in = self->n_cands;
        bool out = false;
        for (size_t d = c0; d < self->n_cands; d++) {
            const dp_tag_cand_t *c = &self->cands [d];
            if (c->type == S_NONE || c->end <= f->start || c->start >= g->end)
                continue;
            if (c->start < f->start || c->end > g->end)
                out = true;
            else
            if (in == self->n_cands)
                in = d;
        }
        if (out)
            continue;
        if (in < self->n_cands)
            s_retype (self, c0, in, i, i + 2, S_PER);
        else
        if (dp_tag_emit (self, f->start, g->end, S_PER, 0, 0, S_NO_NORM, 2, g->start))
            return;
        i++;
    }
}

void
dp_tag_en_kinds (dp_tagger_t *self, const char *text, size_t c0)
{
    const dp_tag_tok_t *toks = self->toks;
    size_t n = self->n_toks;
    //  A Title Case headline: mostly capitalised words, and no lowercase
    //  word longer than « with » (« Boston Red Sox (2013 – present) » is
    //  not one).
    size_t words = 0, caps = 0;
    bool long_lower = false;
    for (size_t i = 0; i < n; i++)
        if ((toks [i].flags & TK_WORD) && !(toks [i].flags & TK_DIGIT)) {
            words++;
            caps += (toks [i].flags & TK_CAP) != 0;
            long_lower = long_lower || ((toks [i].flags & TK_LOWER) && toks [i].nchars > 4);
        }
    if (words >= 4 && caps * 10 >= words * 7 && !long_lower)
        return;
    s_hyphen_names (self, text, c0);
    //  « the film Elevator to the Gallows »: the first candidate in the
    //  title is the whole title.
    for (size_t i = 0; i + 1 < n; i++) {
        if (!(toks [i].flags & TK_LOWER) || !(toks [i + 1].flags & TK_CAP)
        ||  !(toks [i + 1].flags & TK_WORD) || !dp_tag_adjacent (text, toks, i)
        ||  !s_in (text, &toks [i], s_work_nouns, false))
            continue;
        size_t e = s_title_end (text, toks, i + 1, n);
        for (size_t c = c0; c < self->n_cands; c++) {
            dp_tag_cand_t *cd = &self->cands [c];
            if (cd->type < S_PER || cd->type > S_MISC || cd->start >= toks [e - 1].end
            ||  cd->end <= toks [i + 1].start)
                continue;
            size_t last = dp_tag_en_tok_at (self, cd->last);
            if (last < n)
                s_retype (self, c0, c, i + 1, last + 1 > e ? last + 1 : e, S_MISC);
            break;
        }
        i = e - 1;
    }
    for (size_t c = c0; c < self->n_cands; c++) {
        dp_tag_cand_t *cd = &self->cands [c];
        if (cd->type < S_PER || cd->type > S_MISC)
            continue;
        size_t a = dp_tag_en_tok_at (self, cd->start);
        size_t last = dp_tag_en_tok_at (self, cd->last);
        if (a >= n || last >= n || last < a)
            continue;
        //  « Obama’s », « Arthur's Court »: a person's name ends before a
        //  possessive (an organisation's may hold one: « McDonald's »).
        for (size_t k = a + 1; cd->type == S_PER && k <= last; k++)
            if (dp_tag_tok_is (text, &toks [k], "'s")
            ||  dp_tag_tok_is (text, &toks [k], "\xE2\x80\x99s")) {
                s_retype (self, c0, c, a, k, S_PER);
                last = k - 1;
            }
        //  « Jiangsu province », « Malaysian navy »: a name ends before the
        //  plain lowercase words it ends on (the annotation never ends
        //  one on such a word).
        if (cd->type != S_MISC && last > a && s_plain_lower (text, &toks [last])) {
            size_t k = last;
            while (k > a + 1 && s_plain_lower (text, &toks [k - 1]))
                k--;
            s_retype (self, c0, c, a, k, cd->type);
            last = k - 1;
        }
        //  « Cyclone Phailin »
        if (a > 0 && (toks [a - 1].flags & TK_CAP) && dp_tag_adjacent (text, toks, a - 1)
        &&  s_in (text, &toks [a - 1], s_storm_words, false)) {
            s_retype (self, c0, c, a - 1, last + 1, S_MISC);
            continue;
        }
        if (cd->type == S_MISC)
            continue;
        //  « Ann Chiang of DAB »: an unknown acronym after a person's « of »
        //  is where the person works.
        if (cd->type == S_PER && last + 2 < n && dp_tag_tok_is (text, &toks [last + 1], "of")
        &&  s_acronym (self, text, last + 2) && dp_tag_adjacent (text, toks, last)
        &&  dp_tag_adjacent (text, toks, last + 1)) {
            const dp_tag_tok_t *t = &toks [last + 2];
            bool taken = false;
            for (size_t d = c0; d < self->n_cands; d++)
                taken = taken || (self->cands [d].type != S_NONE
                                  && self->cands [d].start < t->end && t->start < self->cands [d].end);
            if (!taken && dp_tag_emit (self, t->start, t->end, S_ORG, 0, 0, S_NO_NORM, 1,
                                       t->start))
                return;
            cd = &self->cands [c];      //  the array may have moved
        }
        //  The name and the capitalised words glued after it.
        size_t e = last + 1;
        while (e < n && dp_tag_en_name_word (&toks [e]) && dp_tag_adjacent (text, toks, e - 1))
            e++;
        size_t h = e - 1;               //  the head: a numeral after it aside
        if (h > a && (toks [h].flags & (TK_ROMAN | TK_DIGIT)))
            h--;
        if (cd->type == S_ORG && s_in (text, &toks [h], s_venue_heads, false)) {
            s_retype (self, c0, c, a, e, S_LOC);
            continue;
        }
        if (s_in (text, &toks [h], s_event_heads, false)) {
            s_retype (self, c0, c, a, e, S_MISC);
            continue;
        }
        if (s_in (text, &toks [h], s_org_tails, false)) {
            if (cd->type != S_ORG || e > last + 1)
                s_retype (self, c0, c, a, e, S_ORG);
            continue;
        }
        if (cd->type == S_LOC && e > last + 1) {
            s_retype (self, c0, c, a, e,
                      s_in (text, &toks [h], s_loc_tails, false) ? S_LOC : S_ORG);
            continue;
        }
        if (e == a + 1 && s_in (text, &toks [a], s_nations, true))
            cd->type = S_MISC;
        else
        if (cd->type == S_PER && (e = s_person_end (self, text, c0, last)) > last + 1) {
            s_retype (self, c0, c, a, e, S_PER);
            cd->tail = 1;
        }
    }
    s_possessives (self, text, c0);
}

//  --------------------------------------------------------------------------
//  Some candidate starts before the one before it.
static bool
s_unsorted (const dp_tagger_t *self)
{
    for (size_t k = 1; k < self->n_cands; k++)
        if (dp_tag_cand_cmp (&self->cands [k - 1], &self->cands [k]) > 0)
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  The article: the name a storm's word or a school's head gave its kind to
//  keeps that kind where it stands alone (« Cyclone Phailin » ... « Phailin
//  weakened »: MISC; « Tsinghua University » ... « at Tsinghua »: ORG).

#define S_KIND_KEYS 32

typedef struct {
    uint32_t start, len;                //  in the article's text
    uint8_t type;
} s_kind_key_t;

//  The word before byte pos (a « the » between them aside) is a place's
//  preposition: « in », « at », « from », « to », « near »...
static bool
s_after_place_word (const char *text, uint32_t pos)
{
    static const char *const preps [] = {
        "in", "at", "from", "to", "near", "into", "across", "around",
        "outside", "inside", "throughout", "towards", "toward", "via", "of", NULL
    };
    for (int round = 0; round < 2; round++) {
        uint32_t e = pos;
        while (e > 0 && text [e - 1] == ' ')
            e--;
        uint32_t b = e;
        while (b > 0 && ((text [b - 1] >= 'a' && text [b - 1] <= 'z')
                         || (text [b - 1] >= 'A' && text [b - 1] <= 'Z')))
            b--;
        if (b == e || e == pos || e - b > 10)
            return false;
        char w [12];
        for (uint32_t i = b; i < e; i++)
            w [i - b] = (char) (text [i] | 0x20);
        w [e - b] = 0;
        if (round == 0 && !strcmp (w, "the")) {
            pos = b;
            continue;
        }
        for (int i = 0; preps [i]; i++)
            if (!strcmp (w, preps [i]))
                return true;
        return false;
    }
    return false;
}

//  « Stardust », « Freewinds », « Hydrodynamica »: a one-word place that
//  no gazetteer and no word list knows (an English place is a proper noun
//  of wamerican: « Idaho », « Heidelberg »), never after a place's
//  preposition in the article, is a work, a ship or a craft: MISC.
static void
s_unknown_places (dp_tagger_t *self, const char *text)
{
    for (size_t k = 0; k < self->n_cands; k++) {
        const dp_tag_cand_t *c = &self->cands [k];
        uint32_t len = c->end - c->start;
        if (c->type != S_LOC || c->weak || c->ntok != 1 || len >= S_MAX_KEY
        ||  memchr (text + c->start, ' ', len)
        ||  s_classes (self, text + c->start, len)
        ||  dp_tag_gaz_text (self, text + c->start, len))
            continue;
        bool place = false;
        for (size_t j = 0; j < self->n_cands && !place; j++) {
            const dp_tag_cand_t *d = &self->cands [j];
            place = d->type != S_NONE && d->end - d->start == len
                 && !memcmp (text + d->start, text + c->start, len)
                 && s_after_place_word (text, d->start);
        }
        if (place)
            continue;
        uint32_t start = c->start;
        for (size_t j = 0; j < self->n_cands; j++) {
            dp_tag_cand_t *d = &self->cands [j];
            if (d->type == S_LOC && d->end - d->start == len
            &&  !memcmp (text + d->start, text + start, len))
                d->type = S_MISC;
        }
    }
}

void
dp_tag_en_kinds_article (dp_tagger_t *self, const char *text)
{
    static const char *const schools [] = { "university", "college", NULL };
    s_kind_key_t keys [S_KIND_KEYS];
    size_t nk = 0;
    for (size_t k = 0; k < self->n_cands && nk < S_KIND_KEYS; k++) {
        const dp_tag_cand_t *c = &self->cands [k];
        if (c->type == S_NONE || c->weak || c->ntok != 2)
            continue;
        const char *sp = memchr (text + c->start, ' ', c->end - c->start);
        if (!sp)
            continue;
        uint32_t cut = (uint32_t) (sp - text);
        dp_tag_tok_t first = { .start = c->start, .end = cut, .flags = TK_WORD };
        dp_tag_tok_t second = { .start = c->last, .end = c->end, .flags = TK_WORD };
        if (c->type == S_MISC && s_in (text, &first, s_storm_words, false))
            keys [nk++] = (s_kind_key_t) { c->last, c->end - c->last, S_MISC };
        else
        if (c->type == S_ORG && s_in (text, &second, schools, false)
        &&  !s_in (text, &first, s_org_tails, false))
            keys [nk++] = (s_kind_key_t) { c->start, cut - c->start, S_ORG };
    }
    for (size_t k = 0; k < self->n_cands; k++) {
        dp_tag_cand_t *c = &self->cands [k];
        if (c->type < S_PER || c->type > S_ORG || c->weak)
            continue;
        for (size_t j = 0; j < nk; j++)
            if (c->end - c->start == keys [j].len
            &&  !memcmp (text + c->start, text + keys [j].start, keys [j].len)) {
                c->type = keys [j].type;
                break;
            }
    }
    s_unknown_places (self, text);
    //  The output goes in the candidates' order: text order, as tag_doc.c
    //  leaves it. A rule of a sentence may have added a name out of it
    //  (scripts/fuzz found an ORG output after a later name).
    if (s_unsorted (self))
        qsort (self->cands, self->n_cands, sizeof *self->cands, dp_tag_cand_cmp);
}
