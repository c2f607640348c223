//  depeche tag — the model file (header + zlib body, layout below): written
//  by the trainer, read into a dp_tagm_t by the tagger. See tagm.h.
#include "tag/tagm.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <zlib.h>

//  --------------------------------------------------------------------------
//  File layout (little-endian):
//    0  "DPTAGMDL"
//    8  u32 format version      12 u32 feature set     16 u32 bits
//   20  u32 number of labels    24 labels, space-separated, 96 bytes, NUL-padded
//  120  u32 info length (<512)  124 info bytes (training data, date, options)
//    .. u32 raw body size, u32 compressed size, u32 crc32 of the raw body
//    .. zlib body: rows x labels int16, then (version 2) the word-class
//       table as dp_tagm_lex_encode writes it, or nothing; then the word
//       clusters in the same form, or nothing (a model with clusters and
//       no word classes has an empty word-class table before them)

#define S_LABELS_LEN 96

static void
s_put32 (unsigned char *p, uint32_t v)
{
    p [0] = (unsigned char) v;
    p [1] = (unsigned char) (v >> 8);
    p [2] = (unsigned char) (v >> 16);
    p [3] = (unsigned char) (v >> 24);
}

static uint32_t
s_get32 (const unsigned char *p)
{
    return (uint32_t) p [0] | (uint32_t) p [1] << 8 | (uint32_t) p [2] << 16
         | (uint32_t) p [3] << 24;
}

//  The label list as stored in the header.
static void
s_label_text (char *out)
{
    memset (out, 0, S_LABELS_LEN);
    size_t n = 0;
    for (int l = 0; l < DP_TAGM_NLABELS; l++) {
        size_t len = strlen (dp_tagm_labels [l]);
        memcpy (out + n, dp_tagm_labels [l], len);
        n += len;
        if (l + 1 < DP_TAGM_NLABELS)
            out [n++] = ' ';
    }
}

int
dp_tagm_save (const char *path, uint32_t bits, const int16_t *w,
              const dp_tagm_lex_t *lex, const dp_tagm_lex_t *clus,
              const char *info)
{
    size_t rows = (size_t) 1 << bits;
    size_t raw_len = rows * DP_TAGM_NLABELS * 2;
    dp_tagm_lex_t *empty = clus && !lex ? dp_tagm_lex_new () : NULL;
    if (empty)
        lex = empty;
    unsigned char *raw = malloc (raw_len + dp_tagm_lex_size (lex)
                                 + dp_tagm_lex_size (clus));
    uLongf zlen = compressBound ((uLong) raw_len);
    unsigned char *z = malloc (zlen);
    size_t ilen = strlen (info);
    if (ilen > 511)
        ilen = 511;
    unsigned char *head = malloc (124 + ilen + 12);
    int rc = -1;
    if (!raw || !z || !head || (clus && !lex)) {
        dp_log_error ("tag-train: out of memory");
        goto done;
    }
    for (size_t k = 0; k < rows * DP_TAGM_NLABELS; k++) {
        uint16_t v = (uint16_t) w [k];
        raw [2 * k] = (unsigned char) v;
        raw [2 * k + 1] = (unsigned char) (v >> 8);
    }
    if (lex) {
        size_t ll = dp_tagm_lex_encode (lex, raw + raw_len);
        if (!ll) {
            dp_log_error ("tag-train: out of memory");
            goto done;
        }
        raw_len += ll;
        if (clus) {
            ll = dp_tagm_lex_encode (clus, raw + raw_len);
            if (!ll) {
                dp_log_error ("tag-train: out of memory");
                goto done;
            }
            raw_len += ll;
        }
        free (z);
        zlen = compressBound ((uLong) raw_len);
        z = malloc (zlen);
        if (!z) {
            dp_log_error ("tag-train: out of memory");
            goto done;
        }
    }
    if (compress2 (z, &zlen, raw, (uLong) raw_len, 9) != Z_OK) {
        dp_log_error ("tag-train: zlib failed");
        goto done;
    }
    memcpy (head, DP_TAGM_MAGIC, 8);
    s_put32 (head + 8, DP_TAGM_VERSION);
    s_put32 (head + 12, DP_TAGM_FEATSET);
    s_put32 (head + 16, bits);
    s_put32 (head + 20, DP_TAGM_NLABELS);
    s_label_text ((char *) head + 24);
    s_put32 (head + 120, (uint32_t) ilen);
    memcpy (head + 124, info, ilen);
    s_put32 (head + 124 + ilen, (uint32_t) raw_len);
    s_put32 (head + 128 + ilen, (uint32_t) zlen);
    s_put32 (head + 132 + ilen, (uint32_t) crc32 (0L, raw, (uInt) raw_len));
    FILE *f = fopen (path, "wb");
    if (!f) {
        dp_log_error ("tag-train: cannot write %s", path);
        goto done;
    }
    bool ok = fwrite (head, 1, 136 + ilen, f) == 136 + ilen
              && fwrite (z, 1, zlen, f) == zlen;
    if (fclose (f) != 0 || !ok) {
        dp_log_error ("tag-train: write error on %s", path);
        goto done;
    }
    rc = 0;
done:
    free (raw);
    free (z);
    free (head);
    dp_tagm_lex_destroy (&empty);
    return rc;
}

//  The weight table (8 MB and more), on 2 MB pages where the kernel gives
//  them (transparent huge pages, asked for by madvise before the table is
//  first written): the decoder reads rows scattered over the whole table,
//  and on 4 KB pages most of its cache misses were TLB misses too, each a
//  page walk (two nested ones in a virtual machine). Released by free ().
static void *
s_rows_alloc (size_t size)
{
    const size_t huge = (size_t) 2 << 20;
    if (size < huge)
        return aligned_alloc (64, size);
    void *w = aligned_alloc (huge, (size + huge - 1) / huge * huge);
#ifdef MADV_HUGEPAGE
    if (w)
        (void) madvise (w, (size + huge - 1) / huge * huge, MADV_HUGEPAGE);
#endif
    return w;
}

dp_tagm_t *
dp_tagm_parse (const unsigned char *data, size_t size, char *err,
               size_t errlen)
{
    char labels [S_LABELS_LEN];
    if (size < 136 || memcmp (data, DP_TAGM_MAGIC, 8) != 0) {
        snprintf (err, errlen, size < 8 ? "file too short (truncated?)"
                                        : "not a depeche tag model (bad magic)");
        if (size >= 8 && memcmp (data, DP_TAGM_MAGIC, 8) == 0)
            snprintf (err, errlen, "truncated header (%zu bytes)", size);
        return NULL;
    }
    uint32_t version = s_get32 (data + 8);
    uint32_t featset = s_get32 (data + 12);
    uint32_t bits = s_get32 (data + 16);
    uint32_t nl = s_get32 (data + 20);
    if (version != DP_TAGM_VERSION) {
        snprintf (err, errlen, "format version %u, this build reads %u "
                  "(retrain with make model)", version, DP_TAGM_VERSION);
        return NULL;
    }
    if (featset != DP_TAGM_FEATSET) {
        snprintf (err, errlen, "feature set %u, this build computes %u "
                  "(retrain with make model)", featset, DP_TAGM_FEATSET);
        return NULL;
    }
    s_label_text (labels);
    if (nl != DP_TAGM_NLABELS || memcmp (labels, data + 24, S_LABELS_LEN) != 0) {
        snprintf (err, errlen, "label set differs from this build's");
        return NULL;
    }
    if (bits < 8 || bits > 24) {
        snprintf (err, errlen, "bad table size 2^%u", bits);
        return NULL;
    }
    uint32_t ilen = s_get32 (data + 120);
    if (ilen > 511 || 136 + (size_t) ilen > size) {
        snprintf (err, errlen, "truncated or corrupted header");
        return NULL;
    }
    size_t w_len = ((size_t) 1 << bits) * DP_TAGM_NLABELS * 2;
    uint32_t raw_hdr = s_get32 (data + 124 + ilen);
    uint32_t zlen = s_get32 (data + 128 + ilen);
    uint32_t crc = s_get32 (data + 132 + ilen);
    //  The word-class table holds a few bytes a form: 64 MB is far beyond.
    if (raw_hdr < w_len || raw_hdr - w_len > ((size_t) 64 << 20)) {
        snprintf (err, errlen, "corrupted header (body size)");
        return NULL;
    }
    size_t raw_len = raw_hdr;
    if ((size_t) zlen != size - 136 - ilen) {
        snprintf (err, errlen, "body is %zu bytes, header says %u (%s)",
                  size - 136 - ilen, zlen,
                  size - 136 - ilen < zlen ? "truncated" : "trailing data");
        return NULL;
    }
    dp_tagm_t *self = calloc (1, sizeof *self);
    unsigned char *raw = malloc (raw_len);
    if (!self || !raw) {
        free (self);
        free (raw);
        snprintf (err, errlen, "out of memory");
        return NULL;
    }
    uLongf out_len = (uLongf) raw_len;
    int zrc = uncompress (raw, &out_len, data + 136 + ilen, zlen);
    if (zrc != Z_OK || out_len != raw_len
    ||  crc32 (0L, raw, (uInt) raw_len) != crc) {
        snprintf (err, errlen, "corrupted body (%s)",
                  zrc != Z_OK ? "zlib error" : "checksum mismatch");
        free (self);
        free (raw);
        return NULL;
    }
    if (raw_len > w_len) {
        size_t used = 0;
        self->lex = dp_tagm_lex_decode (raw + w_len, raw_len - w_len, &used);
        size_t rest = self->lex ? raw_len - w_len - used : 0, cused = 0;
        if (self->lex && rest)
            self->clus = dp_tagm_lex_decode (raw + w_len + used, rest, &cused);
        if (!self->lex || (rest && (!self->clus || cused != rest))) {
            snprintf (err, errlen, "corrupted %s table",
                      self->lex ? "word-cluster" : "word-class");
            dp_tagm_lex_destroy (&self->lex);
            dp_tagm_lex_destroy (&self->clus);
            free (self);
            free (raw);
            return NULL;
        }
    }
    //  Little-endian int16, rows padded to 16 labels (32 bytes, aligned).
    size_t rows = (size_t) 1 << bits;
    self->w = s_rows_alloc (rows * 16 * sizeof (int16_t));
    if (!self->w) {
        snprintf (err, errlen, "out of memory");
        dp_tagm_lex_destroy (&self->lex);
        dp_tagm_lex_destroy (&self->clus);
        free (self);
        free (raw);
        return NULL;
    }
    memset (self->w, 0, rows * 16 * sizeof (int16_t));
    for (size_t r = 0; r < rows; r++)
        for (size_t l = 0; l < DP_TAGM_NLABELS; l++) {
            size_t k = r * DP_TAGM_NLABELS + l;
            self->w [r * 16 + l] = (int16_t) (uint16_t) (raw [2 * k] | raw [2 * k + 1] << 8);
        }
    free (raw);
    self->stride = 16;
    self->bits = bits;
    self->mask = (1u << bits) - 1;
    dp_tagm_hist_rows (self);
    memcpy (self->info, data + 124, ilen);
    self->info [ilen] = '\0';
    return self;
}

dp_tagm_t *
dp_tagm_load (const char *path)
{
    size_t size;
    char *data = dp_read_file (path, &size);
    if (!data) {
        dp_log_error ("tag: cannot read model %s (run make model?)", path);
        return NULL;
    }
    char err [256];
    dp_tagm_t *self = dp_tagm_parse ((const unsigned char *) data, size, err,
                                     sizeof err);
    free (data);
    if (!self)
        dp_log_error ("tag: model %s: %s", path, err);
    return self;
}

void
dp_tagm_destroy (dp_tagm_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    free ((*self_p)->w);
    dp_tagm_lex_destroy (&(*self_p)->lex);
    dp_tagm_lex_destroy (&(*self_p)->clus);
    free (*self_p);
    *self_p = NULL;
}
