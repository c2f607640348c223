//  depeche split — the abbreviation sets: one hash set per language, read
//  from data/abbrev/fr.txt and data/abbrev/en.txt when the splitter is made,
//  and the lookup the sentence scan makes ("M." "Dr." "p." "vol."). It only
//  says which class a word is listed in; what a class means for a boundary
//  is decided in split.c. The lists are data, never compiled in.
#include "split/split_int.h"
#include "depeche/dp_log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *key;                    //  abbreviation without final dot
    uint32_t len;                       //  bytes in key
    uint32_t kind;                      //  DP_SPLIT_AB_*; 0 marks a free slot
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
    if (!set->slots || len == 0 || len > DP_SPLIT_WORD_MAX)
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
            uint32_t kind = DP_SPLIT_AB_TITLE;
            if (kind_s && strcmp (kind_s, "end") == 0)
                kind = DP_SPLIT_AB_END;
            else
            if (kind_s && strcmp (kind_s, "num") == 0)
                kind = DP_SPLIT_AB_NUM;
            else
            if (kind_s && strcmp (kind_s, "title") != 0)
                dp_log_warn ("split: %s: unknown class '%s'", name, kind_s);
            if (klen <= DP_SPLIT_WORD_MAX)
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

uint32_t
dp_split_abbrev_kind (const dp_splitter_t *self, bool english,
                      const uint8_t *w, size_t len)
{
    const s_abset_t *set = english ? &self->en : &self->fr;
    uint32_t kind = s_abset_find (set, (const char *) w, len);
    if (kind || len == 0 || len > DP_SPLIT_WORD_MAX)
        return kind;
    int32_t cp;
    int n = dp_split_decode (w, w + len, &cp);
    if (!dp_split_is_upper (cp) || (size_t) n == len)
        return 0;                       //  "S." is an initial, not "s."
    uint8_t low [DP_SPLIT_WORD_MAX + 8];
    utf8proc_ssize_t m = utf8proc_encode_char (utf8proc_tolower (cp), low);
    if (m <= 0 || (size_t) m + len - n > sizeof low)
        return 0;
    memcpy (low + m, w + n, len - n);
    return s_abset_find (set, (const char *) low, (size_t) m + len - n);
}
