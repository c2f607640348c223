//  depeche tag — the tagger's resources: the gazetteers and lexicon cues of
//  data/gazetteer/*.tsv, the built-in date and number words, the model file
//  (tagm.c reads it), and the look-ups of gazetteer names in a sentence.
//  Everything language-specific that is data lives in those files; this
//  file only reads them. No tagging here.
#include "tag/tag_int.h"
#include "depeche/dp_log.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  --------------------------------------------------------------------------
//  False when no gazetteer name can start with token t: its folded form is
//  no name's first word folded (the exact look-up would fail too; it costs
//  a normalised key, a hash and a probe).

static bool
s_may_start (const dp_tagger_t *self, const dp_tag_tok_t *t)
{
    return self->gfirst_all || !t->hash || dp_tagm_lex_get (self->gfirst, t->hash);
}

//  --------------------------------------------------------------------------
//  1 + the most tokens of a gazetteer name word token tok starts (capped at
//  254), 0 when it starts none.

uint32_t
dp_tag_gaz_first (const dp_tagger_t *self, const char *text, const dp_tag_tok_t *tok)
{
    if (!s_may_start (self, tok))
        return 0;
    char key [S_MAX_KEY];
    size_t klen = dp_tag_norm_key (text + tok->start, tok->end - tok->start, key);
    if (!klen)
        return 0;
    dp_tag_slot_t *fs = dp_tag_map_find (&self->first, self->pool.v, key, klen,
                                         dp_tag_hash (key, klen));
    return fs ? (fs->val < 254 ? fs->val : 254) + 1 : 0;
}

//  --------------------------------------------------------------------------
//  Longest gazetteer name starting at token i; returns its entry or NULL
//  (*ntok: tokens matched). Only names with an entity type count.

static const dp_tag_gaz_t *
s_gaz_match (dp_tagger_t *self, const char *text, size_t i, size_t n,
             size_t *ntok);

//  The answer for a token of the sentence (n its tokens) is kept: the
//  rules, the features and the conventions ask for the same tokens.
const dp_tag_gaz_t *
dp_tag_gaz_match (dp_tagger_t *self, const char *text, size_t i, size_t n,
                  size_t *ntok)
{
    if (n != self->n_toks || i >= n)
        return s_gaz_match (self, text, i, n, ntok);
    int32_t ent = self->gzm_ent [i];
    if (ent == -2) {
        size_t k = 0;
        const dp_tag_gaz_t *g = s_gaz_match (self, text, i, n, &k);
        self->gzm_ent [i] = ent = g ? (int32_t) (g - self->ents) : -1;
        self->gzm_k [i] = (uint8_t) k;
    }
    if (ent < 0)
        return NULL;
    *ntok = self->gzm_k [i];
    return &self->ents [ent];
}

static const dp_tag_gaz_t *
s_gaz_match (dp_tagger_t *self, const char *text, size_t i, size_t n,
             size_t *ntok)
{
    const dp_tag_tok_t *toks = self->toks;
    if (!(toks [i].flags & TK_WORD))
        return NULL;
    //  Most words start no name: the word cache knows which.
    uint32_t first = toks [i].word != S_NO_WORD ? self->words [toks [i].word].gfirst
                                                : dp_tag_gaz_first (self, text, &toks [i]);
    if (!first)
        return NULL;
    char key [S_MAX_KEY];
    size_t plen [S_MAX_GAZ_TOK + 1];
    size_t klen = dp_tag_norm_key (text + toks [i].start,
                                   toks [i].end - toks [i].start, key);
    size_t maxn = first - 1;
    if (maxn > n - i)
        maxn = n - i;
    plen [1] = klen;
    size_t k = 1;
    while (k < maxn) {
        const dp_tag_tok_t *prev = &toks [i + k - 1];
        const dp_tag_tok_t *next = &toks [i + k];
        if (!dp_tag_gap_ok (text, prev->end, next->start))
            break;
        size_t tlen = next->end - next->start;
        bool space = next->start > prev->end;
        if (klen + tlen + 2 >= S_MAX_KEY)
            break;
        if (space)
            key [klen++] = ' ';
        size_t m = dp_tag_norm_key (text + next->start, tlen, key + klen);
        if (!m)
            break;
        klen += m;
        k++;
        plen [k] = klen;
    }
    for (; k >= 1; k--) {
        dp_tag_slot_t *slot = dp_tag_map_find (&self->gaz, self->pool.v, key, plen [k],
                                               dp_tag_hash (key, plen [k]));
        if (slot && self->ents [slot->val].type != S_NONE) {
            *ntok = k;
            return &self->ents [slot->val];
        }
    }
    return NULL;
}

//  Gazetteer entry of exactly token tok, or NULL. The rules and the
//  features ask about one token several times: a token of the sentence
//  keeps the answer (gaz1: -2 not asked yet, -1 none).
const dp_tag_gaz_t *
dp_tag_gaz_one (dp_tagger_t *self, const char *text, const dp_tag_tok_t *tok)
{
    dp_tag_tok_t *mine = tok >= self->toks && tok < self->toks + self->n_toks
                       ? self->toks + (tok - self->toks) : NULL;
    if (mine && mine->gaz1 != -2)
        return mine->gaz1 < 0 ? NULL : &self->ents [mine->gaz1];
    if (!s_may_start (self, tok)) {
        if (mine)
            mine->gaz1 = -1;
        return NULL;
    }
    const dp_tag_gaz_t *g = dp_tag_gaz_text (self, text + tok->start, tok->end - tok->start);
    if (mine)
        mine->gaz1 = g ? (int32_t) (g - self->ents) : -1;
    return g;
}

const dp_tag_gaz_t *
dp_tag_gaz_text (const dp_tagger_t *self, const char *s, size_t len)
{
    char key [S_MAX_KEY];
    size_t klen = len < S_MAX_KEY ? dp_tag_norm_key (s, len, key) : 0;
    dp_tag_slot_t *slot = klen ? dp_tag_map_find (&self->gaz, self->pool.v, key, klen,
                                                  dp_tag_hash (key, klen))
                               : NULL;
    return slot ? &self->ents [slot->val] : NULL;
}

//  --------------------------------------------------------------------------
//  Loads one gazetteer file. 0 or -1 (reason logged).

static int
s_load_file (dp_tagger_t *self, const char *path)
{
    //  The names of countries.tsv are states: « la France réclame » is
    //  their government (tag_conv.c).
    const char *base = strrchr (path, '/');
    bool states = strcmp (base ? base + 1 : path, "countries.tsv") == 0;
    size_t size;
    char *data = dp_read_file (path, &size);
    if (!data) {
        dp_log_error ("tag: cannot read %s", path);
        return -1;
    }
    int rc = 0;
    char *line = data;
    unsigned lineno = 0;
    while (line && *line && rc == 0) {
        lineno++;
        char *eol = strchr (line, '\n');
        if (eol)
            *eol = '\0';
        char *next = eol ? eol + 1 : NULL;
        size_t ll = strlen (line);
        if (ll && line [ll - 1] == '\r')
            line [--ll] = '\0';
        if (ll == 0 || line [0] == '#') {
            line = next;
            continue;
        }
        char *tab = strchr (line, '\t');
        if (!tab) {
            dp_log_warn ("tag: %s:%u: no TAB, line skipped", path, lineno);
            line = next;
            continue;
        }
        *tab = '\0';
        char *kind = tab + 1;
        char *norm = strchr (kind, '\t');
        if (norm)
            *norm++ = '\0';
        if (norm && !*norm)
            norm = NULL;
        char key [S_MAX_KEY];
        size_t klen = dp_tag_norm_key (line, strlen (line), key);
        if (!klen) {
            line = next;
            continue;
        }
        uint32_t lexflag = 0;
        uint8_t type = S_NONE;
        bool first = false, title = false;
        if (!strcmp (kind, "PER"))          type = S_PER;
        else if (!strcmp (kind, "LOC"))     type = S_LOC;
        else if (!strcmp (kind, "ORG"))     type = S_ORG;
        else if (!strcmp (kind, "MISC"))    type = S_MISC;
        else if (!strcmp (kind, "FIRST"))   first = true;
        else if (!strcmp (kind, "TITLE"))   lexflag = LX_TITLE;
        else if (!strcmp (kind, "TITLECOMP")) lexflag = LX_TITLECOMP;
        else if (!strcmp (kind, "STOP"))    lexflag = LX_STOP;
        else if (!strcmp (kind, "ADJ"))     lexflag = LX_ADJ;
        else if (!strcmp (kind, "ORGTRIG")) lexflag = LX_ORGTRIG;
        else if (!strcmp (kind, "ORGTRIGLC")) lexflag = LX_ORGTRIGLC;
        else if (!strcmp (kind, "LOCCUE"))  lexflag = LX_LOCCUE;
        else if (!strcmp (kind, "LOCPREP")) lexflag = LX_LOCPREP;
        else if (!strcmp (kind, "PARTICLE")) lexflag = LX_PARTICLE;
        else if (!strcmp (kind, "PARTICLECAP")) lexflag = LX_PARTCAP;
        else if (!strcmp (kind, "WILLVERB")) lexflag = LX_WILLVERB;
        else if (!strcmp (kind, "WILLPART")) lexflag = LX_WILLPART;
        else if (!strcmp (kind, "AUX"))     lexflag = LX_AUX;
        else if (!strcmp (kind, "SKIP"))    lexflag = LX_SKIP;
        else if (!strcmp (kind, "MISCHEAD")) lexflag = LX_MISCHEAD;
        else if (!strcmp (kind, "ORGHEAD")) lexflag = LX_ORGHEAD;
        else if (!strcmp (kind, "LOCHEAD")) lexflag = LX_LOCHEAD;
        else if (!strcmp (kind, "HEADNEXT")) lexflag = LX_HEADNEXT;
        else if (!strcmp (kind, "ORGTAIL")) lexflag = LX_ORGTAIL;
        else {
            dp_log_warn ("tag: %s:%u: unknown type '%s'", path, lineno, kind);
            line = next;
            continue;
        }
        //  A lowercase cue word is matched folded; "Mme", "M." exactly.
        char folded [S_MAX_KEY];
        size_t flen = dp_tag_fold (key, klen, folded);
        bool lower = flen == klen && memcmp (folded, key, klen) == 0;
        if (lexflag && (lexflag != LX_TITLE || lower)) {
            bool created;
            dp_tag_slot_t *slot = dp_tag_map_put (&self->lex, &self->pool, folded, flen,
                                                  &created);
            if (!slot)
                rc = -1;
            else
                slot->val |= lexflag;
            line = next;
            continue;
        }
        if (lexflag == LX_TITLE) {
            while (klen > 1 && key [klen - 1] == '.')
                klen--;
            title = true;
        }
        //  Count the name's tokens with the text scanner itself.
        self->n_toks = 0;
        dp_tag_scan_range (self, key, 0, (uint32_t) klen);
        size_t ntok = self->n_toks;
        if (ntok == 0 || ntok > S_MAX_GAZ_TOK) {
            line = next;
            continue;
        }
        bool created;
        dp_tag_slot_t *slot = dp_tag_map_put (&self->gaz, &self->pool, key, klen, &created);
        if (!slot) {
            rc = -1;
            break;
        }
        if (created) {
            if (self->n_ents == self->cap_ents) {
                size_t ncap = self->cap_ents ? self->cap_ents * 2 : 1024;
                dp_tag_gaz_t *nv = realloc (self->ents, ncap * sizeof *nv);
                if (!nv) {
                    rc = -1;
                    break;
                }
                self->ents = nv;
                self->cap_ents = ncap;
            }
            slot->val = (uint32_t) self->n_ents;
            self->ents [self->n_ents++] = (dp_tag_gaz_t) {
                S_NO_NORM, S_NONE, (uint8_t) ntok, 0, 0, 0
            };
        }
        dp_tag_gaz_t *g = &self->ents [slot->val];
        if (states && type == S_LOC)
            g->state = 1;
        if (first)
            g->first = 1;
        if (title)
            g->title = 1;
        if (type != S_NONE && g->type == S_NONE) {
            g->type = type;
            if (norm && strcmp (norm, line)) {
                char nkey [S_MAX_KEY];
                size_t nlen = dp_tag_norm_key (norm, strlen (norm), nkey);
                if (nlen) {
                    //  Norms keep the typographic apostrophe out: one form.
                    g->norm = dp_tag_buf_add (&self->pool, nkey, nlen);
                    if (g->norm == S_NO_NORM)
                        rc = -1;
                }
            }
        }
        //  The first token, with the longest name it starts; and its folded
        //  hash, which lets most tokens of a text skip the look-up.
        const dp_tag_tok_t *t0 = &self->toks [0];
        if (!t0->hash)
            self->gfirst_all = true;
        else
        if (dp_tagm_lex_add (self->gfirst, t0->hash, 1))
            rc = -1;
        dp_tag_slot_t *fs = dp_tag_map_put (&self->first, &self->pool, key + t0->start,
                                            t0->end - t0->start, &created);
        if (!fs)
            rc = -1;
        else
        if (fs->val < ntok)
            fs->val = (uint32_t) ntok;
        line = next;
    }
    free (data);
    if (self->oom)
        rc = -1;
    return rc;
}

//  --------------------------------------------------------------------------
//  Built-in date and number words (grammar, not knowledge). 0 or -1.

static int
s_load_builtin (dp_tagger_t *self)
{
    static const char *const fr_months [] = {
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
        "août", "septembre", "octobre", "novembre", "décembre"
    };
    static const char *const fr_months2 [] = {
        "janv", "fevrier", "mars", "avril", "mai", "juin", "juillet",
        "aout", "sept", "octobre", "novembre", "decembre"
    };
    static const char *const en_months [] = {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"
    };
    static const char *const fr_days [] = {
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"
    };
    static const char *const en_days [] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday"
    };
    static const struct { const char *w; uint32_t f; } words [] = {
        { "euro", LX_CURRENCY }, { "euros", LX_CURRENCY },
        { "dollar", LX_CURRENCY }, { "dollars", LX_CURRENCY },
        { "franc", LX_CURRENCY }, { "francs", LX_CURRENCY },
        { "rouble", LX_CURRENCY }, { "roubles", LX_CURRENCY },
        { "manat", LX_CURRENCY }, { "manats", LX_CURRENCY },
        { "dram", LX_CURRENCY }, { "drams", LX_CURRENCY },
        { "yen", LX_CURRENCY }, { "yens", LX_CURRENCY },
        { "yuan", LX_CURRENCY }, { "yuans", LX_CURRENCY },
        { "roupie", LX_CURRENCY }, { "roupies", LX_CURRENCY },
        { "dinar", LX_CURRENCY }, { "dinars", LX_CURRENCY },
        { "dirham", LX_CURRENCY }, { "dirhams", LX_CURRENCY },
        { "hryvnia", LX_CURRENCY }, { "hryvnias", LX_CURRENCY },
        { "livres sterling", LX_CURRENCY }, { "pounds", LX_CURRENCY },
        { "usd", LX_CURRENCY }, { "eur", LX_CURRENCY },
        { "chf", LX_CURRENCY }, { "gbp", LX_CURRENCY },
        { "million", LX_MULT }, { "millions", LX_MULT },
        { "milliard", LX_MULT }, { "milliards", LX_MULT },
        { "mille", LX_MULT }, { "milliers", LX_MULT },
        { "billion", LX_MULT }, { "billions", LX_MULT },
        { "trillion", LX_MULT }, { "thousand", LX_MULT },
        { "h", LX_HOUR }, { "heure", LX_HOUR }, { "heures", LX_HOUR },
        { "en", LX_YEARCUE | LX_MONTHCUE }, { "depuis", LX_YEARCUE | LX_MONTHCUE },
        { "in", LX_YEARCUE | LX_MONTHCUE }, { "since", LX_YEARCUE | LX_MONTHCUE },
        { "de", LX_YEARCUE | LX_MONTHCUE }, { "d'", LX_YEARCUE | LX_MONTHCUE },
        { "fin", LX_YEARCUE | LX_MONTHCUE }, { "début", LX_YEARCUE | LX_MONTHCUE },
        { "mi", LX_MONTHCUE }, { "courant", LX_MONTHCUE },
        { "early", LX_YEARCUE | LX_MONTHCUE }, { "late", LX_YEARCUE | LX_MONTHCUE },
        { "année", LX_YEARCUE }, { "années", LX_YEARCUE }, { "an", LX_YEARCUE },
        { "avant", LX_YEARCUE }, { "après", LX_YEARCUE }, { "from", LX_YEARCUE },
        { "until", LX_YEARCUE }, { "dès", LX_YEARCUE }, { "vers", LX_YEARCUE },
        { "été", LX_YEARCUE }, { "printemps", LX_YEARCUE },
        { "automne", LX_YEARCUE }, { "hiver", LX_YEARCUE },
        { "during", LX_YEARCUE }, { "before", LX_YEARCUE },
        { "after", LX_YEARCUE }, { "of", LX_YEARCUE }, { "by", LX_YEARCUE },
        { "jusqu'", LX_YEARCUE }, { "entre", LX_YEARCUE },
        { "saison", LX_YEARCUE }, { "exercice", LX_YEARCUE },
    };
    bool created;
    for (int m = 0; m < 12; m++) {
        const char *list [3] = { fr_months [m], fr_months2 [m], en_months [m] };
        for (int k = 0; k < 3; k++) {
            dp_tag_slot_t *slot = dp_tag_map_put (&self->lex, &self->pool, list [k],
                                                  strlen (list [k]), &created);
            if (!slot)
                return -1;
            slot->val |= LX_MONTH | ((uint32_t) (m + 1) << 24)
                       | (k == 2 ? LX_EN : 0);
        }
    }
    for (int d = 0; d < 7; d++) {
        const char *list [2] = { fr_days [d], en_days [d] };
        for (int k = 0; k < 2; k++) {
            dp_tag_slot_t *slot = dp_tag_map_put (&self->lex, &self->pool, list [k],
                                                  strlen (list [k]), &created);
            if (!slot)
                return -1;
            slot->val |= LX_WEEKDAY | ((uint32_t) (d + 1) << 24)
                       | (k == 1 ? LX_EN : 0);
        }
    }
    for (size_t k = 0; k < sizeof words / sizeof words [0]; k++) {
        dp_tag_slot_t *slot = dp_tag_map_put (&self->lex, &self->pool, words [k].w,
                                              strlen (words [k].w), &created);
        if (!slot)
            return -1;
        slot->val |= words [k].f;
    }
    return 0;
}

static int
s_cmp_str (const void *a, const void *b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

//  --------------------------------------------------------------------------
//  The trainer's word classes: scripts/build-lexicon's "form<TAB>CLASS,..."
//  lines, each form folded and hashed as tokens are.

int
dp_tagger_read_lexicon (dp_tagger_t *self, const char *path)
{
    static const char *const names [] = {
        "COMMON", "NOUN", "ADJ", "VFIN", "VNONFIN", "FUNC", "FIRST", "PROPER"
    };
    size_t size;
    char *data = dp_read_file (path, &size);
    if (!data) {
        dp_log_error ("tag: cannot read lexicon %s (scripts/build-lexicon)", path);
        return -1;
    }
    dp_tagm_lex_t *lex = dp_tagm_lex_new ();
    int rc = lex ? 0 : -1;
    unsigned lineno = 0;
    for (char *line = data, *next; rc == 0 && line && *line; line = next) {
        lineno++;
        char *eol = strchr (line, '\n');
        if (eol)
            *eol = '\0';
        next = eol ? eol + 1 : NULL;
        char *tab = strchr (line, '\t');
        if (line [0] == '#' || !tab)
            continue;
        *tab = '\0';
        uint8_t cls = 0;
        for (char *c = tab + 1, *comma; c; c = comma ? comma + 1 : NULL) {
            comma = strchr (c, ',');
            size_t cl = comma ? (size_t) (comma - c) : strlen (c);
            for (unsigned k = 0; k < 8; k++)
                if (strlen (names [k]) == cl && memcmp (names [k], c, cl) == 0)
                    cls |= (uint8_t) (1u << k);
        }
        char key [S_MAX_KEY];
        size_t len = strlen (line);
        size_t klen = len < S_MAX_KEY ? dp_tag_fold (line, len, key) : 0;
        if (!klen || !cls) {
            dp_log_warn ("tag: %s:%u: no form or no class, skipped", path, lineno);
            continue;
        }
        rc = dp_tagm_lex_add (lex, dp_tag_hash (key, klen), cls);
    }
    free (data);
    if (rc) {
        dp_log_error ("tag: out of memory reading %s", path);
        dp_tagm_lex_destroy (&lex);
        return -1;
    }
    dp_tagm_lex_destroy (&self->own_lex);
    self->own_lex = lex;
    self->wlex = lex;
    dp_tag_words_clear (self);          //  its entries hold word classes
    return 0;
}

const dp_tagm_lex_t *
dp_tagger_lexicon (const dp_tagger_t *self)
{
    return self->wlex;
}

//  --------------------------------------------------------------------------

dp_tagger_t *
dp_tagger_new (const char *datadir)
{
    return dp_tagger_new_with (datadir, "");
}

dp_tagger_t *
dp_tagger_new_with (const char *datadir, const char *model)
{
    return dp_tag_new_as (datadir, model, DP_TAG_LANG_FR);
}

dp_tagger_t *
dp_tag_new_as (const char *datadir, const char *model, uint8_t lang)
{
    dp_tagger_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->lang = lang;                  //  before any text is cut
    self->n_words = S_WORDS;
    char *dir = NULL;
    DIR *d = NULL;
    char **names = NULL;
    size_t n_names = 0;
    if (datadir) {
        size_t len = strlen (datadir) + sizeof "/gazetteer";
        dir = malloc (len);
        if (dir)
            snprintf (dir, len, "%s/gazetteer", datadir);
    }
    else
        dir = dp_data_path ("gazetteer");
    if (!dir) {
        dp_log_error ("tag: gazetteer folder not found (set DP_DATA)");
        goto fail;
    }
    self->gfirst = dp_tagm_lex_new ();
    if (!self->gfirst || s_load_builtin (self)
    ||  (lang == DP_TAG_LANG_EN && dp_tag_en_load (self)))
        goto fail;
    d = opendir (dir);
    if (!d) {
        dp_log_error ("tag: cannot open %s", dir);
        goto fail;
    }
    struct dirent *ent;
    while ((ent = readdir (d)) != NULL) {
        size_t len = strlen (ent->d_name);
        if (len < 5 || strcmp (ent->d_name + len - 4, ".tsv") != 0
        ||  ent->d_name [0] == '.')
            continue;
        char **nn = realloc (names, (n_names + 1) * sizeof *nn);
        if (!nn)
            goto fail;
        names = nn;
        size_t plen = strlen (dir) + len + 2;
        names [n_names] = malloc (plen);
        if (!names [n_names])
            goto fail;
        snprintf (names [n_names++], plen, "%s/%s", dir, ent->d_name);
    }
    if (n_names == 0) {
        dp_log_error ("tag: no *.tsv in %s", dir);
        goto fail;
    }
    //  Sorted, so that "first definition wins" does not depend on readdir.
    qsort (names, n_names, sizeof *names, s_cmp_str);
    for (size_t k = 0; k < n_names; k++)
        if (s_load_file (self, names [k]))
            goto fail;
    if (model) {
        char *path = NULL;
        if (*model)
            path = strdup (model);
        else
        if (datadir) {
            size_t len = strlen (datadir) + sizeof "/model/tag.model";
            path = malloc (len);
            if (path)
                snprintf (path, len, "%s/model/tag.model", datadir);
        }
        else
            path = dp_data_path ("model/tag.model");
        if (!path) {
            dp_log_error ("tag: model/tag.model not found (set DP_DATA)");
            goto fail;
        }
        self->model = dp_tagm_load (path);
        free (path);
        if (!self->model)
            goto fail;
        self->wlex = self->model->lex;
        self->clus = self->model->clus;
    }
    for (size_t k = 0; k < n_names; k++)
        free (names [k]);
    free (names);
    closedir (d);
    free (dir);
    self->n_toks = 0;
    return self;
fail:
    for (size_t k = 0; k < n_names; k++)
        free (names [k]);
    free (names);
    if (d)
        closedir (d);
    free (dir);
    dp_tagger_destroy (&self);
    return NULL;
}

//  --------------------------------------------------------------------------

const char *
dp_tagger_model_info (const dp_tagger_t *self)
{
    return self && self->model ? self->model->info : "no model";
}

//  --------------------------------------------------------------------------

void
dp_tagger_destroy (dp_tagger_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    dp_tagger_t *self = *self_p;
    free (self->pool.v);
    free (self->gaz.slots);
    free (self->ents);
    free (self->first.slots);
    free (self->lex.slots);
    free (self->toks);
    free (self->gzm_ent);
    free (self->gzm_k);
    free (self->cands);
    free (self->scratch.v);
    free (self->akeys.v);
    free (self->amap.slots);
    dp_tagm_destroy (&self->model);
    dp_tagm_lex_destroy (&self->own_lex);
    dp_tagm_lex_destroy (&self->gfirst);
    free (self->mt);
    free (self->my);
    free (self->tmpc);
    free (self->mpart);
    free (self->words);
    free (self);
    *self_p = NULL;
}
