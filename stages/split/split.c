//  depeche split — rule-based sentence boundaries and word tokens, French
//  first, English too. One pass over the bytes: only stop marks and line
//  breaks are looked at closely; abbreviations live in a hash set loaded
//  from data/abbrev/*.txt. No statistics, no model, no allocation per byte.
#include "split/split.h"
#include "split/split_en.h"
#include "depeche/dp_log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

//  Abbreviation classes (second field of a line in abbrev/*.txt).
#define S_AB_TITLE  1                   //  never ends a sentence (M. Dr p.)
#define S_AB_END    2                   //  may end one: splits before a capital
#define S_AB_NUM    3                   //  no split before a digit or lowercase

#define S_WORD_MAX  64                  //  longest abbreviation looked up

typedef struct {
    const char *key;                    //  abbreviation without final dot
    uint32_t len;                       //  bytes in key
    uint32_t kind;                      //  S_AB_*; 0 marks a free slot
} s_abbrev_t;

typedef struct {
    s_abbrev_t *slots;                  //  open addressing, power-of-two size
    size_t mask;                        //  number of slots - 1
    char *pool;                         //  the file buffer keys point into
} s_abset_t;

struct dp_splitter {
    s_abset_t fr;                       //  French list (default)
    s_abset_t en;                       //  English list (lang "en")
};

//  What a stop mark is followed by, once spaces are skipped.
typedef enum {
    S_NEXT_NONE,                        //  end of text or line
    S_NEXT_UPPER,                       //  capital letter
    S_NEXT_LOWER,                       //  lowercase letter
    S_NEXT_START,                       //  digit, opening quote/bracket, dash
    S_NEXT_OTHER                        //  comma, %, closing mark...
} s_next_t;

//  --------------------------------------------------------------------------
//  Decodes the code point at p (p < end). Returns its length; an invalid
//  byte is a non-letter (-1) of length 1, so no input can stall the scan.

static inline int
s_decode (const uint8_t *p, const uint8_t *end, int32_t *cp)
{
    if (*p < 0x80) {
        *cp = *p;
        return 1;
    }
    utf8proc_ssize_t n = utf8proc_iterate (p, end - p, cp);
    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    return (int) n;
}

//  --------------------------------------------------------------------------
//  Decodes the code point that ends just before p (p > start). Returns its
//  length; an invalid byte counts as one non-letter byte.

static int
s_decode_back (const uint8_t *start, const uint8_t *p, int32_t *cp)
{
    if (p [-1] < 0x80) {
        *cp = p [-1];
        return 1;
    }
    const uint8_t *q = p - 1;
    while (q > start && p - q < 4 && (*q & 0xC0) == 0x80)
        q--;
    int n = s_decode (q, p, cp);
    if (q + n != p) {
        *cp = -1;
        return 1;
    }
    return n;
}

//  --------------------------------------------------------------------------
//  Character classes. Invalid bytes (cp -1) are in none of them.

static inline utf8proc_category_t
s_cat (int32_t cp)
{
    return cp < 0 ? UTF8PROC_CATEGORY_CN : utf8proc_category (cp);
}

//  True for white space inside a line: Zs (incl. NBSP U+00A0, U+202F),
//  tabs, CR, and the invisible U+200B / U+FEFF that scraped text carries.
static bool
s_is_space (int32_t cp)
{
    if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\v' || cp == '\f')
        return true;
    if (cp < 0x80)
        return false;
    return cp == 0x200B || cp == 0xFEFF || s_cat (cp) == UTF8PROC_CATEGORY_ZS;
}

//  True for a line break: LF, NEL, U+2028, U+2029 (hard boundaries).
static inline bool
s_is_break (int32_t cp)
{
    return cp == '\n' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

static inline bool
s_is_letter (int32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    utf8proc_category_t c = s_cat (cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static inline bool
s_is_upper (int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = s_cat (cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

//  Letters, digits and combining marks: what words are made of.
static inline bool
s_is_alnum (int32_t cp)
{
    if (cp < 0x80)
        return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || (cp >= '0' && cp <= '9');
    utf8proc_category_t c = s_cat (cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO);
}

static inline bool
s_is_digit (int32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return s_cat (cp) == UTF8PROC_CATEGORY_ND;
}

//  Closing marks that belong to the sentence they follow.
static inline bool
s_is_closer (int32_t cp)
{
    return cp == ')' || cp == ']' || cp == '"' || cp == '\'' || cp == 0xBB
        || cp == 0x201D || cp == 0x2019 || cp == 0x203A;
}

//  Marks that may open a sentence: quotes, brackets, dashes, bullets.
static inline bool
s_is_opener (int32_t cp)
{
    return cp == '(' || cp == '[' || cp == '"' || cp == '\'' || cp == 0xAB
        || cp == 0x201C || cp == 0x2018 || cp == 0x201E || cp == 0x2039
        || cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == 0x2022
        || cp == 0xBF || cp == 0xA1 || cp == '*' || cp == '#' || cp == '@';
}

//  --------------------------------------------------------------------------
//  FNV-1a over the key bytes.

static inline uint32_t
s_hash (const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (uint8_t) s [i];
        h *= 16777619u;
    }
    return h;
}

//  --------------------------------------------------------------------------
//  Returns the class of the abbreviation s[0..len), or 0 when not listed.

static uint32_t
s_abset_find (const s_abset_t *set, const char *s, size_t len)
{
    if (!set->slots || len == 0 || len > S_WORD_MAX)
        return 0;
    size_t i = s_hash (s, len) & set->mask;
    while (set->slots [i].kind) {
        const s_abbrev_t *a = &set->slots [i];
        if (a->len == len && memcmp (a->key, s, len) == 0)
            return a->kind;
        i = (i + 1) & set->mask;
    }
    return 0;
}

//  --------------------------------------------------------------------------
//  Adds or reclassifies a key (the table is sized for every line, so it
//  never fills). Always 0.

static int
s_abset_add (s_abset_t *set, const char *key, size_t len, uint32_t kind)
{
    size_t i = s_hash (key, len) & set->mask;
    while (set->slots [i].kind) {
        s_abbrev_t *a = &set->slots [i];
        if (a->len == len && memcmp (a->key, key, len) == 0) {
            a->kind = kind;             //  a later line wins
            return 0;
        }
        i = (i + 1) & set->mask;
    }
    set->slots [i] = (s_abbrev_t) { key, (uint32_t) len, kind };
    return 0;
}

//  --------------------------------------------------------------------------
//  Frees a set; safe on a zeroed one.

static void
s_abset_free (s_abset_t *set)
{
    free (set->slots);
    free (set->pool);
    memset (set, 0, sizeof *set);
}

//  --------------------------------------------------------------------------
//  Loads one list: "abbr[.] [title|end|num]" per line, '#' starts a comment.
//  Keys point into the file buffer, which the set keeps. 0 or -1 (logged).

static int
s_abset_load (s_abset_t *set, const char *datadir, const char *name)
{
    char *path = NULL;
    if (datadir) {
        size_t n = strlen (datadir) + strlen (name) + 2;
        path = malloc (n);
        if (path)
            snprintf (path, n, "%s/%s", datadir, name);
    }
    else
        path = dp_data_path (name);
    if (!path) {
        dp_log_error ("split: cannot find data file %s", name);
        return -1;
    }
    size_t len;
    set->pool = dp_read_file (path, &len);
    if (!set->pool) {
        dp_log_error ("split: cannot read %s: %s", path, strerror (errno));
        free (path);
        return -1;
    }
    free (path);
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += set->pool [i] == '\n';
    size_t cap = 16;
    while (cap < lines * 2)
        cap *= 2;
    set->slots = calloc (cap, sizeof *set->slots);
    if (!set->slots) {
        dp_log_error ("split: out of memory loading %s", name);
        return -1;
    }
    set->mask = cap - 1;

    char *line = set->pool;
    while (line < set->pool + len) {
        char *eol = strchr (line, '\n');
        if (!eol)
            eol = set->pool + len;
        *eol = '\0';
        char *hash = strchr (line, '#');
        if (hash)
            *hash = '\0';
        char *save = NULL;
        char *key = strtok_r (line, " \t\r", &save);
        char *kind_s = key ? strtok_r (NULL, " \t\r", &save) : NULL;
        if (key) {
            size_t klen = strlen (key);
            if (klen > 1 && key [klen - 1] == '.')
                klen--;
            uint32_t kind = S_AB_TITLE;
            if (kind_s && strcmp (kind_s, "end") == 0)
                kind = S_AB_END;
            else
            if (kind_s && strcmp (kind_s, "num") == 0)
                kind = S_AB_NUM;
            else
            if (kind_s && strcmp (kind_s, "title") != 0)
                dp_log_warn ("split: %s: unknown class '%s'", name, kind_s);
            if (klen <= S_WORD_MAX)
                s_abset_add (set, key, klen, kind);
        }
        line = eol + 1;
    }
    return 0;
}

//  --------------------------------------------------------------------------
//  Returns a splitter with both abbreviation lists, or NULL (logged).

dp_splitter_t *
dp_splitter_new (const char *datadir)
{
    dp_splitter_t *self = calloc (1, sizeof *self);
    if (!self)
        goto fail;
    if (s_abset_load (&self->fr, datadir, "abbrev/fr.txt")
    ||  s_abset_load (&self->en, datadir, "abbrev/en.txt"))
        goto fail;
    return self;
fail:
    dp_splitter_destroy (&self);
    return NULL;
}

//  --------------------------------------------------------------------------
//  Destroys a splitter and clears the caller's pointer; NULL-safe.

void
dp_splitter_destroy (dp_splitter_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    dp_splitter_t *self = *self_p;
    s_abset_free (&self->fr);
    s_abset_free (&self->en);
    free (self);
    *self_p = NULL;
}

//  --------------------------------------------------------------------------
//  Looks a word up as written, then with its first letter lowered (a
//  sentence-initial "Cf." is "cf."). Returns its class or 0.

static uint32_t
s_abbrev_kind (const s_abset_t *set, const uint8_t *w, size_t len)
{
    uint32_t kind = s_abset_find (set, (const char *) w, len);
    if (kind || len == 0 || len > S_WORD_MAX)
        return kind;
    int32_t cp;
    int n = s_decode (w, w + len, &cp);
    if (!s_is_upper (cp) || (size_t) n == len)
        return 0;                       //  "S." is an initial, not "s."
    uint8_t low [S_WORD_MAX + 8];
    utf8proc_ssize_t m = utf8proc_encode_char (utf8proc_tolower (cp), low);
    if (m <= 0 || (size_t) m + len - n > sizeof low)
        return 0;
    memcpy (low + m, w + n, len - n);
    return s_abset_find (set, (const char *) low, (size_t) m + len - n);
}

//  What the word before a period looks like.
typedef enum {
    S_WORD_PLAIN,                       //  an ordinary word
    S_WORD_INITIAL,                     //  J  R.R  Jean-C  J.A: name initials
    S_WORD_ACRONYM,                     //  U.S.A  Ph.D  LL.AA.II.RR  P.A
    S_WORD_LETTER,                      //  one lowercase letter: C. opilio
    S_WORD_ENUM                         //  "1" opening its line: a list number
} s_word_t;

//  Classifies w[0..len): segments split at '.' (and '-'); all single
//  capitals = initials; all of one or two letters = acronym.
static s_word_t
s_word_shape (const uint8_t *w, size_t len, bool line_start)
{
    if (len == 0)
        return S_WORD_PLAIN;
    bool digits = true;
    for (size_t i = 0; i < len; i++)
        digits = digits && w [i] >= '0' && w [i] <= '9';
    if (digits)
        return line_start && len <= 3 ? S_WORD_ENUM : S_WORD_PLAIN;

    const uint8_t *end = w + len;
    int32_t first;
    if ((size_t) s_decode (w, end, &first) == len && s_is_letter (first))
        return s_is_upper (first) ? S_WORD_INITIAL : S_WORD_LETTER;
    size_t segs = 0, caps1 = 0, short_segs = 0, dots = 0;
    size_t seg_letters = 0, seg_caps = 0;
    bool bad = false;
    const uint8_t *p = w;
    while (p <= end) {
        int32_t cp = -2;
        int n = 1;
        if (p < end)
            n = s_decode (p, end, &cp);
        if (p == end || cp == '.' || cp == '-') {
            if (seg_letters) {
                segs++;
                if (seg_letters == 1 && seg_caps == 1)
                    caps1++;
                if (seg_letters <= 2)
                    short_segs++;
            }
            else
            if (cp != '-' && p != end)
                bad = true;             //  ".." or leading dot
            dots += cp == '.';
            seg_letters = seg_caps = 0;
            if (p == end)
                break;
        }
        else
        if (s_is_letter (cp)) {
            seg_letters++;
            seg_caps += s_is_upper (cp);
        }
        else
            bad = true;
        p += n;
    }
    if (bad || segs == 0)
        return S_WORD_PLAIN;
    //  Jean-C: the last hyphen segment is one capital.
    if (dots == 0) {
        const uint8_t *h = end;
        while (h > w && h [-1] != '-')
            h--;
        int32_t cp;
        if (h < end && (size_t) s_decode (h, end, &cp) == (size_t) (end - h)
        &&  s_is_upper (cp))
            return S_WORD_INITIAL;
        return S_WORD_PLAIN;
    }
    if (caps1 == segs)
        return S_WORD_INITIAL;
    if (short_segs == segs)
        return S_WORD_ACRONYM;
    return S_WORD_PLAIN;
}

//  --------------------------------------------------------------------------
//  Start of the word that ends at p: back over everything but spaces and
//  opening/closing marks, at most S_WORD_MAX bytes (further: no word).

static const uint8_t *
s_word_start (const uint8_t *text, const uint8_t *p)
{
    const uint8_t *q = p;
    while (q > text) {
        int32_t cp;
        int n = s_decode_back (text, q, &cp);
        if (s_is_space (cp) || s_is_break (cp) || s_is_closer (cp)
        ||  cp == '(' || cp == '[' || cp == 0xAB || cp == 0x201C
        ||  cp == 0x2018 || cp == 0x201E || cp == '/')
            break;
        q -= n;
        if (p - q > S_WORD_MAX)
            return p;
    }
    return q;
}

//  --------------------------------------------------------------------------
//  Skips in-line white space from p; returns where it stops.

static const uint8_t *
s_skip_space (const uint8_t *p, const uint8_t *end)
{
    while (p < end) {
        if (*p == ' ') {
            p++;
            continue;
        }
        int32_t cp;
        int n = s_decode (p, end, &cp);
        if (!s_is_space (cp))
            break;
        p += n;
    }
    return p;
}

//  --------------------------------------------------------------------------
//  Classifies what starts at p: the candidate next sentence.

static s_next_t
s_next_kind (const uint8_t *p, const uint8_t *end)
{
    if (p >= end)
        return S_NEXT_NONE;
    int32_t cp;
    s_decode (p, end, &cp);
    if (s_is_break (cp))
        return S_NEXT_NONE;
    if (s_is_upper (cp))
        return S_NEXT_UPPER;
    if (s_is_letter (cp))
        return S_NEXT_LOWER;
    if (s_is_digit (cp) || s_is_opener (cp) || cp == 0x2026)
        return S_NEXT_START;
    return S_NEXT_OTHER;
}

//  --------------------------------------------------------------------------
//  True when a Roman numeral (I V X L C only, so no "CD" or "DM") stands
//  alone at p: "chap. II", "vol. XIV". Reads at most 8 bytes past p.

static bool
s_is_roman (const uint8_t *p, const uint8_t *end)
{
    const uint8_t *q = p;
    while (q < end && q - p < 8 && (*q == 'I' || *q == 'V' || *q == 'X'
                                    || *q == 'L' || *q == 'C'))
        q++;
    if (q == p || (q < end && *q < 0x80 && s_is_alnum (*q)))
        return false;
    return q == end || *q < 0x80;       //  not followed by a letter like é
}

//  --------------------------------------------------------------------------
//  Appends [start, end) trimmed of white space, when anything is left.

static int
s_emit (const uint8_t *text, size_t start, size_t end, dp_spans_t *out)
{
    const uint8_t *p = text + start, *e = text + end;
    while (p < e) {
        int32_t cp;
        int n = s_decode (p, e, &cp);
        if (!s_is_space (cp) && !s_is_break (cp))
            break;
        p += n;
    }
    while (e > p) {
        int32_t cp;
        int n = s_decode_back (p, e, &cp);
        if (!s_is_space (cp) && !s_is_break (cp))
            break;
        e -= n;
    }
    if (e == p)
        return 0;
    return dp_spans_push (out, (uint32_t) (p - text), (uint32_t) (e - text));
}

//  Bytes the scan must stop at: stop marks, line breaks, lead bytes of
//  "…" / U+2028 (E2) and NEL (C2). Everything else is skipped in bulk.
static const uint8_t s_interesting [256] = {
    ['.'] = 1, ['!'] = 1, ['?'] = 1, ['\n'] = 1, [0xE2] = 1, [0xC2] = 1,
    [';'] = 1
};

//  --------------------------------------------------------------------------
//  True when a French sentence clearly starts at p: a capitalised function
//  word (article, pronoun, preposition, conjunction) or -ment adverb, which
//  cannot be a proper noun. Used after ';', where French puts lowercase, so
//  a capital there marks a list item or a new sentence, not a name.

static bool
s_is_fr_starter (const uint8_t *p, const uint8_t *end)
{
    static const char *const words [] = {
        "Le", "La", "Les", "Un", "Une", "Des", "Du", "Au", "Aux", "Il", "Ils",
        "Elle", "Elles", "On", "Nous", "Vous", "Je", "Tu", "Ce", "Cet",
        "Cette", "Ces", "Cela", "Ceci", "Ça", "En", "Dans", "Pour", "Par",
        "Sur", "Sous", "Avec", "Sans", "Après", "Avant", "Mais", "Et", "Ou",
        "Donc", "Puis", "Alors", "Ainsi", "Enfin", "Que", "Qui", "Quand",
        "Si", "Depuis", "Selon", "Lors", "Pendant", "De", "Son", "Sa", "Ses",
        "Leur", "Leurs", "Tout", "Tous", "Toute", "Toutes", "Certains",
        "Plusieurs", "Cependant", "Pourtant", "Toutefois", "Chaque", "Aucun",
        "Aucune", "Notre", "Nos", "Votre", "Vos", "Mon", "Ma", "Mes", NULL
    };
    static const char *const elided [] = {
        "L", "D", "J", "C", "S", "N", "Qu", "Lorsqu", "Puisqu", "Jusqu", NULL
    };
    const uint8_t *w = p;
    while (p < end && p - w <= 24) {
        int32_t cp;
        int n = s_decode (p, end, &cp);
        if (!s_is_letter (cp))
            break;
        p += n;
    }
    size_t len = (size_t) (p - w);
    if (len == 0 || len > 24)
        return false;
    bool apos = p < end && (*p == '\'' || (end - p >= 3 && p [0] == 0xE2
                                        && p [1] == 0x80 && p [2] == 0x99));
    const char *const *list = apos ? elided : words;
    for (int i = 0; list [i]; i++)
        if (strlen (list [i]) == len && memcmp (list [i], w, len) == 0)
            return true;
    return !apos && len > 6 && memcmp (p - 4, "ment", 4) == 0;
}

//  --------------------------------------------------------------------------
//  True when an English sentence clearly starts at p: a capitalised
//  function word. After "U.S." or "p.m." a capital is as often a name
//  ("U.S. Army", "p.m. Eastern") as a new sentence, so only these split.

static bool
s_is_en_starter (const uint8_t *p, const uint8_t *end)
{
    static const char *const words [] = {
        "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "But",
        "And", "Or", "In", "On", "At", "This", "That", "These", "Those",
        "There", "His", "Her", "Its", "Their", "Our", "My", "Your", "If",
        "When", "While", "After", "Before", "As", "So", "Yet", "However",
        "Meanwhile", "Still", "Then", "Now", "What", "Who", "Why", "How",
        "Where", "Some", "Many", "Most", "All", "Both", "Each", "For", "From",
        "With", "By", "Although", "Because", "Since", "Today", "Yesterday",
        "Last", "Also", "Other", "Such", "Several", "Here", NULL
    };
    const uint8_t *w = p;
    while (p < end && p - w <= 10 && *p < 0x80 && s_is_letter (*p))
        p++;
    size_t len = (size_t) (p - w);
    if (len == 0 || len > 10 || (p < end && (*p >= 0x80 || s_is_alnum (*p))))
        return false;
    for (int i = 0; words [i]; i++)
        if (strlen (words [i]) == len && memcmp (words [i], w, len) == 0)
            return true;
    return false;
}

//  Length of the stop mark at p ("." "!" "?" "…"), or 0.
static inline int
s_stop_len (const uint8_t *p, const uint8_t *end)
{
    if (*p == '.' || *p == '!' || *p == '?')
        return 1;
    if (*p == 0xE2 && end - p >= 3 && p [1] == 0x80 && p [2] == 0xA6)
        return 3;
    return 0;
}

//  --------------------------------------------------------------------------
//  The scan. A candidate boundary is a run of stop marks (with closing
//  quotes/brackets and footnote calls) followed by white space; the mark
//  kind, the word before a single period and the class of what follows
//  decide. Line breaks always end a sentence. O(len), no allocation but
//  the output array.

int
dp_split (dp_splitter_t *self, const char *text_, size_t len,
          const char *lang, dp_spans_t *out)
{
    if (len > UINT32_MAX)
        len = UINT32_MAX;               //  spans are 32-bit offsets
    const uint8_t *text = (const uint8_t *) text_;
    const uint8_t *end = text + len;
    bool english = lang && strncmp (lang, "en", 2) == 0;
    const s_abset_t *abbrevs = english ? &self->en : &self->fr;

    size_t sent = 0;                    //  start of the current sentence
    size_t i = 0;
    while (i < len) {
        while (i < len && !s_interesting [text [i]])
            i++;
        if (i >= len)
            break;
        const uint8_t *p = text + i;

        //  Line breaks are hard boundaries.
        if (*p == '\n'
        ||  (*p == 0xC2 && i + 1 < len && p [1] == 0x85)
        ||  (*p == 0xE2 && i + 2 < len && p [1] == 0x80 && (p [2] == 0xA8 || p [2] == 0xA9))) {
            size_t n = *p == '\n' ? 1 : *p == 0xC2 ? 2 : 3;
            if (s_emit (text, sent, i, out))
                return -1;
            i += n;
            sent = i;
            continue;
        }
        //  "… du Groenland ; La même année …": see s_is_fr_starter.
        if (*p == ';') {
            i++;
            const uint8_t *g = s_skip_space (p + 1, end);
            int32_t cp;
            if (!english && g > p + 1 && g < end && s_decode (g, end, &cp)
            &&  s_is_upper (cp) && s_is_fr_starter (g, end)) {
                if (s_emit (text, sent, i, out))
                    return -1;
                sent = i;
            }
            continue;
        }
        int sl = s_stop_len (p, end);
        if (!sl) {
            size_t cut = english ? dp_split_en_cut (text, len, i, sent) : 0;
            if (cut) {
                if (s_emit (text, sent, cut, out))
                    return -1;
                sent = cut;
                i = cut;
                continue;
            }
            i++;
            continue;
        }

        //  "(...)" / "[…]" marks a cut in a quotation, not an end.
        if (i > 0 && (p [-1] == '(' || p [-1] == '[')) {
            const uint8_t *q = p;
            while (q < end && *q == '.')
                q++;
            if (q == p)
                q += s_stop_len (p, end);
            if (q < end && (*q == ')' || *q == ']') && (q - p >= 3)) {
                i = (size_t) (q + 1 - text);
                continue;
            }
        }

        //  The run: stop marks, closing marks, footnote calls "[4]", and
        //  a spaced French closing guillemet "chambre. »".
        const uint8_t *q = p;
        bool qe = false;                //  saw ! or ?
        bool ellipsis = false;
        bool closed = false;            //  the run ends with a closer
        bool first_period = *p == '.';
        while (q < end) {
            int s = s_stop_len (q, end);
            if (s) {
                if (closed) {
                    //  "(la la …). comment": the last stop group counts.
                    qe = ellipsis = false;
                    p = q;
                    first_period = *q == '.';
                }
                if (*q == '.') {
                    if (q > p && q [-1] == '.')
                        ellipsis = true;
                }
                else
                if (s == 3)
                    ellipsis = true;
                else
                    qe = true;
                q += s;
                closed = false;
                continue;
            }
            int32_t cp;
            int n = s_decode (q, end, &cp);
            if (s_is_closer (cp)) {
                //  A straight quote followed by a letter opens, not closes.
                if ((cp == '"' || cp == '\'') && q + 1 < end) {
                    int32_t nx;
                    s_decode (q + 1, end, &nx);
                    if (s_is_alnum (nx))
                        break;
                }
                q += n;
                closed = true;
                continue;
            }
            if (cp == '[') {
                const uint8_t *f = q + 1;
                while (f < end && f - q < 6 && *f >= '0' && *f <= '9')
                    f++;
                if (f > q + 1 && f < end && *f == ']') {
                    q = f + 1;
                    continue;
                }
                break;
            }
            if (s_is_space (cp)) {
                const uint8_t *g = s_skip_space (q, end);
                int32_t nx;
                if (g < end && s_decode (g, end, &nx) && (nx == 0xBB || nx == 0x201D)) {
                    q = g;
                    continue;
                }
                //  A lone straight quote between spaces closes: "bête ! " Les"
                if (g + 1 < end && *g == '"') {
                    s_decode (g + 1, end, &nx);
                    if (s_is_space (nx) || s_is_break (nx)) {
                        q = g;
                        continue;
                    }
                }
                else
                if (g + 1 == end && *g == '"') {
                    q = g;
                    continue;
                }
            }
            break;
        }
        i = (size_t) (q - text);
        first_period = first_period && !(p + 1 < end && p [1] == '.');

        //  A stop glued to the next word (8.6, gaffa.org, ?!x) is no end.
        if (q < end) {
            int32_t cp;
            s_decode (q, end, &cp);
            if (!s_is_space (cp) && !s_is_break (cp))
                continue;
        }
        const uint8_t *nx = s_skip_space (q, end);
        s_next_t next = s_next_kind (nx, end);
        if (next == S_NEXT_NONE || next == S_NEXT_OTHER)
            continue;                   //  the line break or text end decides

        bool split;
        if (qe || ellipsis || closed || !first_period)
            split = next != S_NEXT_LOWER;
        else {
            //  A single period right after a word: abbreviations decide.
            const uint8_t *ws = s_word_start (text, p);
            size_t wl = (size_t) (p - ws);
            const uint8_t *ls = s_skip_space (text + sent, p);
            uint32_t kind = s_abbrev_kind (abbrevs, ws, wl);
            uint8_t title [16];
            if (!kind && english && dp_split_en_titlecase (ws, wl, title))
                kind = s_abbrev_kind (abbrevs, title, wl);  //  « GEN. »
            s_word_t shape = s_word_shape (ws, wl, ws == ls);
            if (english && next == S_NEXT_UPPER && (shape == S_WORD_ACRONYM
                                                || shape == S_WORD_INITIAL)
            &&  memchr (ws, '.', wl))
                split = s_is_en_starter (nx, end);  //  "U.S. Army", "D.C. The"
            else
            if (kind == S_AB_TITLE)
                split = false;
            else
            if (kind == S_AB_END)
                split = next != S_NEXT_LOWER;
            else
            if (kind == S_AB_NUM)
                split = (next == S_NEXT_UPPER && (!s_is_roman (nx, end)
                         || (english && nx [0] == 'I' && (nx + 1 == end || nx [1] == ' '))))
                     || (next == S_NEXT_START && !s_is_digit (nx [0]));
            else
            if (shape == S_WORD_INITIAL || shape == S_WORD_ENUM)
                split = false;
            else
            if (shape == S_WORD_ACRONYM)
                split = next != S_NEXT_LOWER;
            else
            if (shape == S_WORD_LETTER && !(ws > text && ws [-1] == '/'))
                split = false;          //  "C. opilio", but "mg/kg/h. Si" ends
            else
            if (next == S_NEXT_LOWER) {
                int32_t before = ' ';
                if (p > text)
                    s_decode_back (text, p, &before);
                split = !english && !s_is_space (before) && !s_is_break (before);
            }
            else
                split = true;
        }
        if (split) {
            if (s_emit (text, sent, i, out))
                return -1;
            sent = i;
        }
    }
    return s_emit (text, sent, len, out);
}

//  --------------------------------------------------------------------------
//  True when the token w[0..len) is a French elided clitic (l d j qu n s c
//  m t jusqu lorsqu puisqu quoiqu), any case, ASCII only.

static bool
s_is_elision (const uint8_t *w, size_t len)
{
    static const char *const forms [] = {
        "l", "d", "j", "qu", "n", "s", "c", "m", "t",
        "jusqu", "lorsqu", "puisqu", "quoiqu", NULL
    };
    if (len > 6)
        return false;
    char low [8];
    for (size_t i = 0; i < len; i++) {
        if (w [i] >= 0x80)
            return false;
        low [i] = (char) (w [i] | 0x20);
    }
    for (int f = 0; forms [f]; f++)
        if (strlen (forms [f]) == len && memcmp (forms [f], low, len) == 0)
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  True when p starts with the ASCII string lit, ignoring case.

static inline bool
s_has_prefix (const uint8_t *p, const uint8_t *end, const char *lit)
{
    for (; *lit; lit++, p++)
        if (p >= end || (*p | 0x20) != *lit)
            return false;
    return true;
}

//  --------------------------------------------------------------------------
//  Length of the URL starting at p (scheme "http://", "https://",
//  "ftp://", "mailto:", or "www." and a letter or digit), or 0. It runs to
//  white space, a line break, a quote or angle bracket, then loses trailing
//  punctuation (".,;:!?'’" and a ")" or "]" it did not open). It looks no
//  further than the prefix unless a scheme is there. (E-mail addresses need no help: the word rule joins
//  letters across '@', '.', '-' and '_'.)

static size_t
s_url_len (const uint8_t *p, const uint8_t *end)
{
    bool url = false;
    switch (*p | 0x20) {
        case 'h':
            url = s_has_prefix (p, end, "http://") || s_has_prefix (p, end, "https://");
            break;
        case 'f':
            url = s_has_prefix (p, end, "ftp://");
            break;
        case 'm':
            url = s_has_prefix (p, end, "mailto:");
            break;
        case 'w':
            url = s_has_prefix (p, end, "www.") && end - p > 4
               && p [4] < 0x80 && s_is_alnum (p [4]);
            break;
        default:
            break;
    }
    if (!url)
        return 0;
    const uint8_t *q = p;
    int paren = 0, bracket = 0;
    while (q < end) {
        int32_t cp;
        int n = s_decode (q, end, &cp);
        if (cp <= 0x20 || cp == 0x7F || s_is_space (cp) || s_is_break (cp)
        ||  cp == '"' || cp == '<' || cp == '>' || cp == 0xAB || cp == 0xBB
        ||  cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2039
        ||  cp == 0x203A)
            break;
        paren += cp == '(' ? 1 : cp == ')' ? -1 : 0;
        bracket += cp == '[' ? 1 : cp == ']' ? -1 : 0;
        q += n;
    }
    //  Trailing punctuation belongs to the sentence.
    while (q > p) {
        uint8_t c = q [-1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?'
        ||  c == '\'' || (c == ')' && paren < 0) || (c == ']' && bracket < 0)) {
            paren += c == ')';
            bracket += c == ']';
            q--;
        }
        else
        if (q - p >= 3 && q [-3] == 0xE2 && q [-2] == 0x80 && q [-1] == 0x99)
            q -= 3;                     //  a closing ’
        else
            break;
    }
    return q - p > 7 ? (size_t) (q - p) : 0;
}

//  --------------------------------------------------------------------------
//  Words, numbers and punctuation marks in one left-to-right pass; the
//  splitter is unused for now (kept for language-specific lists later).

int
dp_tokenize (dp_splitter_t *self, const char *text_, dp_span_t span,
             dp_spans_t *out)
{
    (void) self;
    const uint8_t *text = (const uint8_t *) text_;
    const uint8_t *end = text + span.end;
    const uint8_t *p = text + span.start;
    while (p < end) {
        int32_t cp;
        int n = s_decode (p, end, &cp);
        if (s_is_space (cp) || s_is_break (cp)) {
            p += n;
            continue;
        }
        const uint8_t *t = p;
        if (!s_is_alnum (cp)) {
            //  Punctuation: one mark a token, but "..." stays whole.
            p += n;
            if (cp == '.')
                while (p < end && *p == '.')
                    p++;
            if (dp_spans_push (out, (uint32_t) (t - text), (uint32_t) (p - text)))
                return -1;
            continue;
        }
        //  A word or number: letters, digits and marks, joined by a hyphen,
        //  an apostrophe, or a '.'/',' between digits or inside a domain.
        int32_t prev = cp;
        p += n;
        while (p < end) {
            int m = s_decode (p, end, &cp);
            if (s_is_alnum (cp)) {
                prev = cp;
                p += m;
                continue;
            }
            if (p + m >= end)
                break;
            int32_t nx;
            s_decode (p + m, end, &nx);
            if (!s_is_alnum (nx))
                break;
            if (cp == '\'' || cp == 0x2019) {
                if (s_is_elision (t, (size_t) (p - t)))
                    break;              //  l' + armée: the clitic ends here
                p += m;                 //  aujourd'hui, O'Brien
                continue;
            }
            if (cp == '-' || cp == 0x2011 || cp == '_' || cp == '@'
            ||  ((cp == '.' || cp == ',') && s_is_digit (prev) && s_is_digit (nx))
            ||  (cp == '.' && s_is_letter (nx) && s_is_alnum (prev))) {
                p += m;
                continue;
            }
            break;
        }
        //  "https" + "://", "www.x.fr" + "/": a URL is one token. Only
        //  words stopped by ':' or '/' are looked at again, so plain words
        //  cost nothing.
        if (p < end && (*p == ':' || *p == '/')) {
            size_t ul = s_url_len (t, end);
            if (ul > (size_t) (p - t)) {
                p = t + ul;
                if (dp_spans_push (out, (uint32_t) (t - text), (uint32_t) (p - text)))
                    return -1;
                continue;
            }
        }
        //  The elision's apostrophe belongs to the clitic token.
        if (p < end) {
            int m = s_decode (p, end, &cp);
            if ((cp == '\'' || cp == 0x2019) && p + m < end
            &&  s_is_elision (t, (size_t) (p - t))) {
                int32_t nx;
                s_decode (p + m, end, &nx);
                if (s_is_letter (nx))
                    p += m;
            }
        }
        if (dp_spans_push (out, (uint32_t) (t - text), (uint32_t) (p - text)))
            return -1;
    }
    return 0;
}
