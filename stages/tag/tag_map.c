//  depeche tag — the small containers every part of the tagger uses: a
//  growable byte buffer, an open-addressing hash map from byte strings to
//  uint32, UTF-8 decoding and character classes (utf8proc), and the two
//  lookup keys (lowercased; typographic apostrophe and spaces normalised).
//  No knowledge of French or of entities here.
#include "tag/tag_int.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

//  --------------------------------------------------------------------------
//  Appends s[0..len) and a NUL; returns the offset or S_NO_NORM on OOM.

uint32_t
dp_tag_buf_add (dp_tag_buf_t *self, const char *s, size_t len)
{
    if (self->n + len + 1 > self->cap) {
        size_t ncap = self->cap ? self->cap * 2 : 4096;
        while (ncap < self->n + len + 1)
            ncap *= 2;
        if (ncap >= UINT32_MAX)
            return S_NO_NORM;
        char *nv = realloc (self->v, ncap);
        if (!nv)
            return S_NO_NORM;
        self->v = nv;
        self->cap = ncap;
    }
    uint32_t off = (uint32_t) self->n;
    if (len)
        memcpy (self->v + off, s, len);
    self->v [off + len] = '\0';
    self->n += len + 1;
    return off;
}


//  --------------------------------------------------------------------------
//  Doubles the table. 0 or -1 (OOM).

static int
s_map_grow (dp_tag_map_t *self)
{
    uint32_t ncap = self->cap ? self->cap * 2 : 256;
    dp_tag_slot_t *nslots = calloc (ncap, sizeof *nslots);
    if (!nslots)
        return -1;
    for (uint32_t i = 0; i < self->cap; i++) {
        dp_tag_slot_t *old = &self->slots [i];
        if (!old->len)
            continue;
        uint32_t j = old->hash & (ncap - 1);
        while (nslots [j].len)
            j = (j + 1) & (ncap - 1);
        nslots [j] = *old;
    }
    free (self->slots);
    self->slots = nslots;
    self->cap = ncap;
    return 0;
}

//  --------------------------------------------------------------------------
//  Returns the slot of key, adding it (val 0, *created true) when missing;
//  NULL on OOM or empty key. The key is copied into buf.

dp_tag_slot_t *
dp_tag_map_put (dp_tag_map_t *self, dp_tag_buf_t *buf, const char *key, size_t len,
                bool *created)
{
    *created = false;
    if (!len || len >= UINT32_MAX)
        return NULL;
    uint32_t hash = dp_tag_hash (key, len);
    dp_tag_slot_t *slot = dp_tag_map_find (self, buf->v, key, len, hash);
    if (slot)
        return slot;
    if ((self->n + 1) * 2 > self->cap && s_map_grow (self))
        return NULL;
    uint32_t off = dp_tag_buf_add (buf, key, len);
    if (off == S_NO_NORM)
        return NULL;
    uint32_t mask = self->cap - 1;
    uint32_t i = hash & mask;
    while (self->slots [i].len)
        i = (i + 1) & mask;
    self->slots [i] = (dp_tag_slot_t) { off, (uint32_t) len, hash, 0 };
    self->n++;
    *created = true;
    return &self->slots [i];
}

//  --------------------------------------------------------------------------
//  Empties the map, keeping its table.

void
dp_tag_map_clear (dp_tag_map_t *self)
{
    if (self->cap)
        memset (self->slots, 0, self->cap * sizeof *self->slots);
    self->n = 0;
}

bool
dp_tag_is_space_wide (int32_t cp)
{
    if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x200E
    ||  cp == 0x200F || cp == 0xFEFF)
        return true;
    utf8proc_category_t cat = utf8proc_category (cp);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL
        || cat == UTF8PROC_CATEGORY_ZP;
}

//  --------------------------------------------------------------------------
//  Writes the lowercased s[0..len) into out (size S_MAX_KEY), with ’ as ';
//  returns the length, or 0 when it does not fit or is not valid UTF-8.

size_t
dp_tag_fold (const char *s, size_t len, char *out)
{
    size_t o = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char) s [i];
        if (c < 0x80) {
            if (o + 1 >= S_MAX_KEY)
                return 0;
            out [o++] = (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        int32_t cp;
        size_t n = dp_tag_utf8 (s + i, len - i, &cp);
        if (cp < 0)
            return 0;
        if (cp == 0x2019)
            cp = '\'';
        else
            cp = utf8proc_tolower (cp);
        if (o + 4 >= S_MAX_KEY)
            return 0;
        o += (size_t) utf8proc_encode_char (cp, (utf8proc_uint8_t *) out + o);
        i += n;
    }
    return o;
}

//  --------------------------------------------------------------------------
//  Copies s[0..len) into out (size S_MAX_KEY) with ’ turned into ' and runs
//  of white space into one space, trimmed. Returns the length or 0.

size_t
dp_tag_norm_key (const char *s, size_t len, char *out)
{
    size_t o = 0;
    size_t i = 0;
    bool space = false;
    while (i < len) {
        //  Printable ASCII is copied as it is, without decoding.
        unsigned char b = (unsigned char) s [i];
        if (b > ' ' && b < 0x7F && !space) {
            if (o + 1 >= S_MAX_KEY)
                return 0;
            out [o++] = (char) b;
            i++;
            continue;
        }
        int32_t cp;
        size_t n = dp_tag_utf8 (s + i, len - i, &cp);
        if (cp < 0)
            return 0;
        if (dp_tag_is_space (cp)) {
            space = o > 0;
            i += n;
            continue;
        }
        if (space) {
            if (o + 1 >= S_MAX_KEY)
                return 0;
            out [o++] = ' ';
            space = false;
        }
        if (cp == 0x2019) {
            if (o + 1 >= S_MAX_KEY)
                return 0;
            out [o++] = '\'';
        }
        else {
            if (o + n >= S_MAX_KEY)
                return 0;
            memcpy (out + o, s + i, n);
            o += n;
        }
        i += n;
    }
    return o;
}
