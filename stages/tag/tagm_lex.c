//  depeche tag — the model's word-class table: the parts of speech and
//  name classes of a language's word forms (scripts/build-lexicon reads them
//  from dictionaries when the model is built), kept as hashes of the folded
//  forms, never the words. Building, look-up (tagm.h) and the compact form
//  stored in the model file. Knows nothing of tokens or features.
#include "tag/tagm.h"

#include <stdlib.h>
#include <string.h>

//  --------------------------------------------------------------------------

//  An empty table of cap slots (a power of two).
static dp_tagm_lex_t *
s_new (size_t cap)
{
    dp_tagm_lex_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->keys = calloc (cap, sizeof *self->keys);
    self->cls = calloc (cap, 1);
    if (!self->keys || !self->cls) {
        dp_tagm_lex_destroy (&self);
        return NULL;
    }
    self->mask = (uint32_t) (cap - 1);
    return self;
}

dp_tagm_lex_t *
dp_tagm_lex_new (void)
{
    return s_new (1024);
}

//  Slot of key (present, or the empty slot where it goes).
static uint32_t
s_slot (const dp_tagm_lex_t *self, uint32_t key)
{
    uint32_t i = key & self->mask;
    while (self->keys [i] && self->keys [i] != key)
        i = (i + 1) & self->mask;
    return i;
}

//  Doubles the table (kept at most half full). 0 or -1.
static int
s_grow (dp_tagm_lex_t *self)
{
    dp_tagm_lex_t big = { 0 };
    size_t cap = ((size_t) self->mask + 1) * 2;
    if (cap > (size_t) 1 << 30)
        return -1;
    big.keys = calloc (cap, sizeof *big.keys);
    big.cls = calloc (cap, 1);
    if (!big.keys || !big.cls) {
        free (big.keys);
        free (big.cls);
        return -1;
    }
    big.mask = (uint32_t) (cap - 1);
    for (size_t k = 0; k <= self->mask; k++)
        if (self->keys [k]) {
            uint32_t i = s_slot (&big, self->keys [k]);
            big.keys [i] = self->keys [k];
            big.cls [i] = self->cls [k];
        }
    free (self->keys);
    free (self->cls);
    self->keys = big.keys;
    self->cls = big.cls;
    self->mask = big.mask;
    return 0;
}

int
dp_tagm_lex_add (dp_tagm_lex_t *self, uint32_t hash, uint8_t cls)
{
    uint32_t key = hash ? hash : 1;
    uint32_t i = s_slot (self, key);
    if (!self->keys [i]) {
        if ((self->n + 1) * 2 > (size_t) self->mask + 1) {
            if (s_grow (self))
                return -1;
            i = s_slot (self, key);
        }
        self->keys [i] = key;
        self->n++;
    }
    self->cls [i] |= cls;
    return 0;
}

//  --------------------------------------------------------------------------
//  Serialised form.

static int
s_cmp_u32 (const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *) a, y = *(const uint32_t *) b;
    return x < y ? -1 : x > y;
}

size_t
dp_tagm_lex_size (const dp_tagm_lex_t *self)
{
    return self ? 4 + self->n * 6 : 0;     //  a delta takes at most 5 bytes
}

size_t
dp_tagm_lex_encode (const dp_tagm_lex_t *self, unsigned char *out)
{
    if (!self)
        return 0;
    uint32_t *keys = malloc ((self->n + 1) * sizeof *keys);
    if (!keys)
        return 0;
    size_t n = 0;
    for (size_t k = 0; k <= self->mask; k++)
        if (self->keys [k])
            keys [n++] = self->keys [k];
    qsort (keys, n, sizeof *keys, s_cmp_u32);
    size_t o = 0;
    for (int b = 0; b < 4; b++)
        out [o++] = (unsigned char) (n >> (8 * b));
    uint32_t prev = 0;
    for (size_t k = 0; k < n; k++) {
        uint32_t d = keys [k] - prev;
        prev = keys [k];
        while (d >= 0x80) {
            out [o++] = (unsigned char) (d | 0x80);
            d >>= 7;
        }
        out [o++] = (unsigned char) d;
    }
    for (size_t k = 0; k < n; k++)
        out [o++] = self->cls [s_slot (self, keys [k])];
    free (keys);
    return o;
}

dp_tagm_lex_t *
dp_tagm_lex_decode (const unsigned char *data, size_t len, size_t *used)
{
    if (len < 4)
        return NULL;
    size_t n = (size_t) data [0] | (size_t) data [1] << 8
             | (size_t) data [2] << 16 | (size_t) data [3] << 24;
    if (n > len)                        //  every key takes a byte at least
        return NULL;
    size_t cap = 1024;
    while (cap < 2 * n + 2)
        cap *= 2;
    dp_tagm_lex_t *self = s_new (cap);
    uint32_t *keys = malloc ((n + 1) * sizeof *keys);
    if (!self || !keys)
        goto fail;
    size_t o = 4;
    uint32_t prev = 0;
    for (size_t k = 0; k < n; k++) {
        uint64_t d = 0;
        for (int shift = 0;; shift += 7) {
            if (o >= len || shift > 28)
                goto fail;
            unsigned char c = data [o++];
            d |= (uint64_t) (c & 0x7F) << shift;
            if (!(c & 0x80))
                break;
        }
        //  Keys strictly ascending, never 0: anything else is damage.
        if ((k && d == 0) || prev + d > UINT32_MAX || prev + d == 0)
            goto fail;
        prev = (uint32_t) (prev + d);
        keys [k] = prev;
    }
    if (len - o < n)
        goto fail;
    for (size_t k = 0; k < n; k++)
        if (dp_tagm_lex_add (self, keys [k], data [o + k]))
            goto fail;
    *used = o + n;
    free (keys);
    return self;
fail:
    free (keys);
    dp_tagm_lex_destroy (&self);
    return NULL;
}

void
dp_tagm_lex_destroy (dp_tagm_lex_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free ((*self_p)->keys);
    free ((*self_p)->cls);
    free (*self_p);
    *self_p = NULL;
}
