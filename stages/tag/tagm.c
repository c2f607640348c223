//  depeche tag — averaged-perceptron model: hashed features, Viterbi BIO
//  decoding (greedy past S_VIT_MAX tokens); the model file is tagm_file.c.
//  See tagm.h.
#include "tag/tagm.h"
#include "depeche/dp_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const dp_tagm_labels [DP_TAGM_NLABELS] = {
    "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC",
    "I-MISC"
};

//  Feature templates (part of the feature set: renumbering changes it).
enum {
    T_BIAS = 1, T_WORD, T_LOWER, T_SHAPE, T_PRE3, T_SUF2, T_SUF3, T_SUF4,
    T_LEN, T_LM1, T_LP1, T_LM2, T_LP2, T_SM1, T_SP1, T_S3, T_LM1L, T_LLP1,
    T_FIRST, T_GZM, T_GZO, T_GZL, T_GZMM1, T_GZMP1, T_GZLM1, T_GZLM2,
    T_GZALL, T_WSM1, T_SUF3SM1, T_GZOP1, T_LSM1, T_P1, T_P12, T_P1L, T_P1S,
    T_GZOM1, T_SP1SUF, T_SUFM1, T_SUFP1, T_CAPRUN, T_GZBIE, T_PREP1,
    T_CAPRUNW, T_WC, T_WCM1, T_WCP1, T_ORGPH, T_CTX, T_SHOUT, T_GZOLM1,
    T_GZOWCP1, T_PHEAD, T_PLAST, T_PLEN, T_PACRO, T_LP1SP2, T_CL, T_CLM1,
    T_CLP1
};

#define S_BOS 0x9e3779b9u               //  hash of "before the sentence"
#define S_EOS 0x7f4a7c15u               //  hash of "after the sentence"

//  --------------------------------------------------------------------------
//  Mixes a template id and two values into a row index.

//  In two halves, so that a decoder may keep the first's state: s_mix_a
//  reads t and a, s_mix_b that state and b.
static inline uint32_t
s_mix_a (uint32_t t, uint32_t a)
{
    uint32_t h = t * 0x85ebca6bu ^ a;
    h ^= h >> 15;
    return h * 0x2c1b3c6du;
}

static inline uint32_t
s_mix_b (uint32_t h, uint32_t b, uint32_t mask)
{
    h ^= b + 0x9e3779b9u + (h << 6) + (h >> 2);
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h & mask;
}

static inline uint32_t
s_mix (uint32_t t, uint32_t a, uint32_t b, uint32_t mask)
{
    return s_mix_b (s_mix_a (t, a), b, mask);
}

//  FNV-1a of s[0..len).
static inline uint32_t
s_fnv (const unsigned char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ s [i]) * 16777619u;
    return h;
}

//  --------------------------------------------------------------------------

void
dp_tagm_tok (dp_tagm_tok_t *h, const char *s, size_t len, uint32_t gz)
{
    unsigned char low [64];
    unsigned char shape [16];
    size_t nl = 0, ns = 0;
    size_t starts [64];                 //  byte offset of each character
    size_t nch = 0;
    const unsigned char *u = (const unsigned char *) s;
    for (size_t i = 0; i < len;) {
        unsigned char c = u [i];
        if (c < 0x80) {
            //  ASCII, most characters: what the general case below does
            //  with n == 1, without its copies of up to four bytes.
            unsigned char cls = c, lc = c;
            if (c >= 'A' && c <= 'Z') {
                cls = 'X';
                lc = (unsigned char) (c + 32);
            }
            else
            if (c >= 'a' && c <= 'z')
                cls = 'x';
            else
            if (c >= '0' && c <= '9')
                cls = 'd';
            if (nl < sizeof low) {
                if (nch < 64)
                    starts [nch++] = nl;
                low [nl++] = lc;
            }
            if (ns < sizeof shape && (ns == 0 || shape [ns - 1] != cls))
                shape [ns++] = cls;
            i++;
            continue;
        }
        size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (i + n > len)
            n = len - i;
        unsigned char cls;
        unsigned char lc [4] = { 0 };
        //  Byte by byte, not memcpy: a call for two to four bytes cost
        //  more than the copy.
        for (size_t k = 0; k < 4; k++)
            if (k < n)
                lc [k] = u [i + k];
        if (c == 0xC3 && n == 2) {
            unsigned char d = u [i + 1];
            if (d >= 0x80 && d <= 0x9E && d != 0x97) {
                cls = 'X';
                lc [1] = (unsigned char) (d + 0x20);
            }
            else
                cls = 'x';
        }
        else
        if (c == 0xC5 && n == 2 && (u [i + 1] == 0x92 || u [i + 1] == 0x93)) {
            cls = u [i + 1] == 0x92 ? 'X' : 'x';
            lc [1] = 0x93;
        }
        else
        if (c >= 0xC4 && c <= 0xC9)
            cls = 'x';                  //  other Latin letters
        else
            cls = 'o';
        if (nl + n <= sizeof low) {
            if (nch < 64)
                starts [nch++] = nl;
            for (size_t k = 0; k < 4; k++)
                if (k < n)
                    low [nl + k] = lc [k];
            nl += n;
        }
        if (ns < sizeof shape && (ns == 0 || shape [ns - 1] != cls))
            shape [ns++] = cls;
        i += n;
    }
    h->word = s_fnv (u, len);
    h->lower = s_fnv (low, nl);
    h->shape = s_fnv (shape, ns);
    size_t p3 = nch > 3 ? starts [3] : nl;
    h->pre3 = s_fnv (low, p3);
    h->suf2 = nch > 2 ? s_fnv (low + starts [nch - 2], nl - starts [nch - 2]) : h->lower;
    h->suf3 = nch > 3 ? s_fnv (low + starts [nch - 3], nl - starts [nch - 3]) : h->lower;
    h->suf4 = nch > 4 ? s_fnv (low + starts [nch - 4], nl - starts [nch - 4]) : h->lower;
    h->gz = gz;
    h->cap = ns > 0 && shape [0] == 'X';
    h->len = nch <= 1 ? 1 : nch <= 3 ? 2 : nch <= 6 ? 3 : nch <= 10 ? 4 : 5;
    h->phead = h->plast = h->pcode = h->cl = 0;
}

//  --------------------------------------------------------------------------

size_t
dp_tagm_feats_word (const dp_tagm_tok_t *t, uint32_t mask, uint32_t *f)
{
    size_t k = 0;
    f [k++] = s_mix (T_BIAS, 0, 0, mask);
    f [k++] = s_mix (T_WORD, t->word, 0, mask);
    f [k++] = s_mix (T_LOWER, t->lower, 0, mask);
    f [k++] = s_mix (T_SHAPE, t->shape, 0, mask);
    f [k++] = s_mix (T_PRE3, t->pre3, 0, mask);
    f [k++] = s_mix (T_SUF2, t->suf2, 0, mask);
    f [k++] = s_mix (T_SUF3, t->suf3, 0, mask);
    f [k++] = s_mix (T_SUF4, t->suf4, 0, mask);
    f [k++] = s_mix (T_LEN, t->len, t->shape, mask);
    return k;
}

static size_t
s_feats_ctx (const dp_tagm_tok_t *toks, size_t n, size_t i, uint32_t mask,
             uint32_t *f, size_t room, uint32_t scale);

size_t
dp_tagm_feats (const dp_tagm_tok_t *toks, size_t n, size_t i, uint32_t mask,
               uint32_t *f)
{
    size_t k = dp_tagm_feats_word (&toks [i], mask, f);
    return k + s_feats_ctx (toks, n, i, mask, f + k, 0, 1);
}

size_t
dp_tagm_feats_ctx (const dp_tagm_tok_t *toks, size_t n, size_t i, uint32_t mask,
                   uint32_t *f)
{
    return s_feats_ctx (toks, n, i, mask, f, 0, 1);
}

//  The decoder sums rows 16 labels at a time: on x86-64 the default build's
//  SSE2 widens int16 to int32 in several steps where AVX2 takes one, so
//  the decoder (and the feature hashes) are also compiled for AVX2 and
//  picked at run time when the CPU has it (GCC's function multi-versioning;
//  the same sums either way). The default build's -O2 vectorises a loop
//  only when its trip count is known: S_VECTORISE asks for it where the
//  count varies, and on the decoder, whose row sums -O2 left scalar (nine
//  loads and adds a row: the default build's dp_tag took twice the -O3
//  build's instructions).
#if defined (__x86_64__) && defined (__GNUC__) && !defined (__clang__) \
    && !defined (__AVX2__)
#define S_CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
#define S_CLONES
#endif
#if defined (__GNUC__) && !defined (__clang__)
#define S_VECTORISE __attribute__ ((optimize ("tree-loop-vectorize", "vect-cost-model=dynamic")))
#else
#define S_VECTORISE
#endif

//  f[j] = the row of (ta[j], aa[j], ba[j]) times scale for j < k, several
//  at a time.
#define S_ROUND 8                       //  rows a vector of AVX2 mixes
static S_CLONES S_VECTORISE void
s_mix_all (const uint32_t *restrict ta, const uint32_t *restrict aa,
           const uint32_t *restrict ba, size_t k, uint32_t mask, uint32_t scale,
           uint32_t *restrict f)
{
    for (size_t j = 0; j < k; j++)
        f [j] = s_mix (ta [j], aa [j], ba [j], mask) * scale;
}

//  dp_tagm_feats_ctx's rows into f, which has room for room rows. When
//  their count rounded up to S_ROUND fits, the mix runs that many, whole
//  vectors without the narrower and scalar tails (46 rows were five
//  vectors of eight, one of four and two single rows); the rows past the
//  count are then garbage. Each row is times scale (1: row numbers; the
//  decoder's byte offsets).
static size_t
s_feats_ctx (const dp_tagm_tok_t *toks, size_t n, size_t i, uint32_t mask,
             uint32_t *f, size_t room, uint32_t scale)
{
    const dp_tagm_tok_t *t = &toks [i];
    uint32_t lm1 = i >= 1 ? toks [i - 1].lower : S_BOS;
    uint32_t lm2 = i >= 2 ? toks [i - 2].lower : S_BOS;
    uint32_t lp1 = i + 1 < n ? toks [i + 1].lower : S_EOS;
    uint32_t lp2 = i + 2 < n ? toks [i + 2].lower : S_EOS;
    uint32_t sm1 = i >= 1 ? toks [i - 1].shape : S_BOS;
    uint32_t sp1 = i + 1 < n ? toks [i + 1].shape : S_EOS;
    uint32_t gm1 = i >= 1 ? toks [i - 1].gz : 0xFFFFFFFFu;
    uint32_t gm2 = i >= 2 ? toks [i - 2].gz : 0xFFFFFFFFu;
    uint32_t gp1 = i + 1 < n ? toks [i + 1].gz : 0xFFFFFFFFu;
    //  The rows' inputs are gathered first and mixed after in one loop,
    //  which the compiler vectorises (s_mix_all: the same hashes).
    uint32_t ta [DP_TAGM_MAXF + S_ROUND], aa [DP_TAGM_MAXF + S_ROUND],
             ba [DP_TAGM_MAXF + S_ROUND];
    size_t k = 0;
#define S_F(T, A, B) (ta [k] = (T), aa [k] = (A), ba [k] = (B), k++)
    S_F (T_LM1, lm1, 0);
    S_F (T_LP1, lp1, 0);
    S_F (T_LM2, lm2, 0);
    S_F (T_LP2, lp2, 0);
    S_F (T_SM1, sm1, 0);
    S_F (T_SP1, sp1, 0);
    S_F (T_S3, sm1 * 31u + t->shape, sp1);
    S_F (T_LM1L, lm1, t->lower);
    S_F (T_LLP1, t->lower, lp1);
    S_F (T_FIRST, i == 0, t->shape);
    S_F (T_GZM, DP_TAGM_GZ_MULTI (t->gz), 0);
    S_F (T_GZO, DP_TAGM_GZ_ONE (t->gz), t->shape);
    S_F (T_GZL, DP_TAGM_GZ_LEX (t->gz), 0);
    S_F (T_GZMM1, DP_TAGM_GZ_MULTI (gm1), DP_TAGM_GZ_MULTI (t->gz));
    S_F (T_GZMP1, DP_TAGM_GZ_MULTI (gp1), DP_TAGM_GZ_MULTI (t->gz));
    S_F (T_GZLM1, DP_TAGM_GZ_LEX (gm1), t->shape);
    S_F (T_GZLM2, DP_TAGM_GZ_LEX (gm2), DP_TAGM_GZ_LEX (gm1));
    S_F (T_GZALL, t->gz & 0xFFFFu, i == 0);
    S_F (T_WSM1, t->word, sm1);
    S_F (T_SUF3SM1, t->suf3, t->shape);
    S_F (T_GZOP1, DP_TAGM_GZ_ONE (gp1), sp1);
    S_F (T_LSM1, lm1, t->shape);
    S_F (T_GZOM1, DP_TAGM_GZ_ONE (gm1), sm1);
    S_F (T_SP1SUF, sp1, t->suf3);
    S_F (T_SUFM1, i >= 1 ? toks [i - 1].suf3 : S_BOS, 0);
    S_F (T_SUFP1, i + 1 < n ? toks [i + 1].suf3 : S_EOS, 0);
    S_F (T_PREP1, i + 1 < n ? toks [i + 1].pre3 : S_EOS, 0);
    //  Capitalised run around the token (lowercase « de », « la » ... inside
    //  a run are not bridged): its length and the token's place in it.
    uint32_t before = 0, after = 0;
    if (t->cap) {
        while (before < 4 && i >= before + 1 && toks [i - before - 1].cap)
            before++;
        while (after < 4 && i + after + 1 < n && toks [i + after + 1].cap)
            after++;
    }
    S_F (T_CAPRUN, t->cap ? before * 8 + after + 1 : 0, i == 0);
    S_F (T_CAPRUNW, t->cap ? (before > 0) * 2 + (after > 0) + 1 : 0,
         t->lower);
    //  Word classes from the language's dictionaries: a capitalised common
    //  word, a verb after a name, a given name before a capital.
    uint32_t wc = DP_TAGM_GZ_WC (t->gz);
    S_F (T_WC, wc, t->shape);
    S_F (T_WCM1, i >= 1 ? DP_TAGM_GZ_WC (gm1) : 0x100u, wc);
    S_F (T_WCP1, i + 1 < n ? DP_TAGM_GZ_WC (gp1) : 0x100u,
         wc * 2 + t->cap);
    //  The phrase an organisation trigger opened, the token's place in the
    //  sentence, a known name's determiner and what follows it.
    uint32_t cx = DP_TAGM_GZ_CX (t->gz);
    S_F (T_ORGPH, DP_TAGM_GZ_ORGD (t->gz), wc | t->cap << 8);
    S_F (T_CTX, cx & (DP_TAGM_CX_QUOTE | DP_TAGM_CX_PAREN | DP_TAGM_CX_ITEM),
         t->shape);
    S_F (T_SHOUT, (cx & DP_TAGM_CX_SHOUT) != 0, wc << 1 | t->cap);
    uint32_t known = DP_TAGM_GZ_ONE (t->gz) | (DP_TAGM_GZ_MULTI (t->gz) & 7u) << 4;
    S_F (T_GZOLM1, known, lm1);
    S_F (T_GZOWCP1, known, i + 1 < n ? DP_TAGM_GZ_WC (gp1) : 0x100u);
    //  Gazetteer span boundary: B, I, E or single, with its type.
    uint32_t gt = DP_TAGM_GZ_MULTI (t->gz) & 7u;
    uint32_t bie = 0;
    if (gt) {
        int start = (DP_TAGM_GZ_MULTI (t->gz) & 8u) != 0;
        int end = !(i + 1 < n && (DP_TAGM_GZ_MULTI (gp1) & 7u) == gt
                    && !(DP_TAGM_GZ_MULTI (gp1) & 8u));
        bie = gt * 4 + (uint32_t) (start * 2 + end);
    }
    S_F (T_GZBIE, bie, 0);
    //  The name phrase the token stands in (tag_phrase.c): its head and
    //  last word with the token's place, its length, an acronym after it,
    //  and the link word after the token with the shape after that. Always
    //  5 rows when phrases were computed (French), none otherwise; then
    //  the word clusters (tagm_clus.c), 3 rows.
    uint32_t pc = t->pcode;
    if (pc & DP_TAGM_P_ON) {
        uint32_t in = pc & DP_TAGM_P_IN;
        uint32_t at = in ? 1 + DP_TAGM_P_AT (pc) * 2 + DP_TAGM_P_LAST (pc) : 0;
        S_F (T_PHEAD, in ? t->phead : 0, at);
        S_F (T_PLAST, in ? t->plast : 0, at);
        S_F (T_PACRO, DP_TAGM_P_ACRO (pc), at * 8 + DP_TAGM_P_LEN (pc));
        S_F (T_PLEN, DP_TAGM_P_LEN (pc) * 16 + at, t->cap);
        S_F (T_LP1SP2, lp1, (i + 2 < n ? toks [i + 2].shape : S_EOS) * 2 + t->cap);
        //  Word clusters (tagm_clus.c) of the token and its neighbours,
        //  with its shape (a word in no cluster too: its shape is what is
        //  left; the person it then tends to make of common capitalised
        //  words is undone by a rule, tag_conv.c).
        S_F (T_CL, t->cl, t->shape);
        S_F (T_CLM1, i >= 1 ? toks [i - 1].cl : 0x100u, t->shape);
        S_F (T_CLP1, i + 1 < n ? toks [i + 1].cl : 0x100u, t->shape);
    }
#undef S_F
    //  The padding is zeros (a fixed count: one vector store each).
    for (size_t j = 0; j < S_ROUND; j++)
        ta [k + j] = aa [k + j] = ba [k + j] = 0;
    size_t kr = (k + S_ROUND - 1) & ~(size_t) (S_ROUND - 1);
    if (kr > room)
        kr = k;
    s_mix_all (ta, aa, ba, kr, mask, scale, f);
    return k;
}

size_t
dp_tagm_hist (const dp_tagm_tok_t *toks, size_t i, int p1, int p2,
              uint32_t mask, uint32_t *f)
{
    f [0] = s_mix (T_P1, (uint32_t) p1, 0, mask);
    f [1] = s_mix (T_P12, (uint32_t) p1, (uint32_t) p2, mask);
    f [2] = s_mix (T_P1L, (uint32_t) p1, toks [i].lower, mask);
    f [3] = s_mix (T_P1S, (uint32_t) p1, toks [i].shape, mask);
    return 4;
}

void
dp_tagm_hist_rows (dp_tagm_t *m)
{
    for (int p = 0; p < DP_TAGM_NLABELS; p++) {
        m->hist1 [p] = s_mix (T_P1, (uint32_t) p, 0, m->mask);
        m->hist_l [p] = s_mix_a (T_P1L, (uint32_t) p);
        m->hist_s [p] = s_mix_a (T_P1S, (uint32_t) p);
        for (int p2 = 0; p2 < DP_TAGM_NLABELS; p2++)
            m->hist12 [p][p2] = s_mix (T_P12, (uint32_t) p, (uint32_t) p2, m->mask);
    }
    m->has_hist = true;
}

//  dp_tagm_hist's rows times scale into f, the label-only two from m's
//  when it keeps them (the same rows).
static inline void
s_hist (const dp_tagm_t *m, const dp_tagm_tok_t *toks, size_t i, int p1,
        int p2, uint32_t scale, uint32_t *f)
{
    if (!m->has_hist)
        dp_tagm_hist (toks, i, p1, p2, m->mask, f);
    else {
        f [0] = m->hist1 [p1];
        f [1] = m->hist12 [p1][p2];
        f [2] = s_mix_b (m->hist_l [p1], toks [i].lower, m->mask);
        f [3] = s_mix_b (m->hist_s [p1], toks [i].shape, m->mask);
    }
    for (int k = 0; k < 4; k++)
        f [k] *= scale;
}

int
dp_tagm_allowed (int prev, int y)
{
    if (y == 0 || (y & 1))
        return 1;                       //  O or B-X
    return prev == y - 1 || prev == y;
}

//  --------------------------------------------------------------------------

//  Adds the rows f[0..nf) of m into score[0..DP_TAGM_NLABELS) (S = row
//  stride). A row of 16 is 9 labels and 7 zeros (tagm_file.c): the zeros
//  are not added, score[9..16) stays as it was; the nine lanes are one
//  vector of eight and one scalar, where all sixteen took two vectors and
//  the widening of each. Unrolled (GCC does not by itself): the control of
//  this loop and of the decoder's prefetch loop was ~11 % of its
//  instructions.
#define S_SUM(S) \
    _Pragma ("GCC unroll 4") \
    for (size_t k = 0; k < nf; k++) { \
        const int16_t *row = m->w + (size_t) f [k] * (S); \
        for (int l = 0; l < DP_TAGM_NLABELS; l++) \
            score [l] += row [l]; \
    }

//  Longest sentence decoded by Viterbi; longer ones are decoded greedily.
#define S_VIT_MAX 512
//  A token's score sums at most DP_TAGM_MAXF static rows and 4 history
//  rows of int16: a path's score over S_VIT_MAX tokens stays inside int32
//  with room for NEG below it.
#define S_PATH_MAX ((long long) S_VIT_MAX * (DP_TAGM_MAXF + 4) * 32768)
_Static_assert (S_PATH_MAX < INT32_MAX, "Viterbi scores fit int32");

//  s_allowed[p][l]: -1 when dp_tagm_allowed (p, l), else 0; lanes 9-15 0.
#define S_OK(p, l) (((l) == 0 || ((l) & 1) || (p) == (l) - 1 || (p) == (l)) ? -1 : 0)
#define S_OKS(p) { S_OK (p, 0), S_OK (p, 1), S_OK (p, 2), S_OK (p, 3), \
                   S_OK (p, 4), S_OK (p, 5), S_OK (p, 6), S_OK (p, 7), \
                   S_OK (p, 8), 0, 0, 0, 0, 0, 0, 0 }
static const int32_t s_allowed [DP_TAGM_NLABELS][16] = {
    S_OKS (0), S_OKS (1), S_OKS (2), S_OKS (3), S_OKS (4), S_OKS (5),
    S_OKS (6), S_OKS (7), S_OKS (8)
};
#undef S_OKS
#undef S_OK
#ifndef S_BEAM
#define S_BEAM 3                        //  previous labels kept per token
#endif

//  Eight int32 lanes (GCC's and clang's vector extension; without AVX2,
//  two SSE2 vectors).
typedef int32_t s_v8 __attribute__ ((vector_size (32)));

//  The decoder's rows are byte offsets into m->w (row number times the
//  stride times two), not row numbers: the hashes are multiplied once, in
//  vectors, where every read and every prefetch shifted its row number
//  (~100 a token); and one loop serves both strides. Tables have at most
//  2^24 rows (tagm_file.c, tag-train), so an offset is below 2^29.
static inline uint32_t
s_scale (const dp_tagm_t *m)
{
    return m->stride * (uint32_t) sizeof *m->w;
}

static inline const int16_t *
s_row_at (const dp_tagm_t *m, uint32_t off)
{
    return (const int16_t *) (const void *) ((const char *) m->w + off);
}

//  Sum of the rows at byte offsets f[0..nf) of m into score[0..16): as
//  S_SUM.
static inline void
s_sum_at (const dp_tagm_t *m, const uint32_t *f, size_t nf, int32_t *score)
{
#pragma GCC unroll 4
    for (size_t k = 0; k < nf; k++) {
        const int16_t *row = s_row_at (m, f [k]);
        for (int l = 0; l < DP_TAGM_NLABELS; l++)
            score [l] += row [l];
    }
}

//  Sum of rows f[0..nf) of m into score[0..16).
static inline void
s_sum (const dp_tagm_t *m, const uint32_t *f, size_t nf, int32_t *score)
{
    if (m->stride == 16) {
        S_SUM (16)
    }
    else {
        S_SUM (DP_TAGM_NLABELS)
    }
}

static void
s_decode_greedy (const dp_tagm_t *m, const dp_tagm_tok_t *toks, size_t n,
                 uint8_t *y);

size_t
dp_tagm_word_prefetch (const dp_tagm_t *m, const dp_tagm_tok_t *t, uint32_t *f)
{
    size_t nf = dp_tagm_feats_word (t, m->mask, f);
    for (size_t k = 0; k < nf; k++)
        __builtin_prefetch (m->w + (size_t) f [k] * m->stride);
    return nf;
}

S_VECTORISE void
dp_tagm_word_sum (const dp_tagm_t *m, const uint32_t *f, size_t nf, int32_t *sum)
{
    memset (sum, 0, DP_TAGM_WSUM * sizeof *sum);
    s_sum (m, f, nf, sum);
}

//  The static rows of token i into f as byte offsets: all of them, or
//  (part[i] set) the context rows alone, part[i] holding the sum of the
//  word's. Returns how many rows.
static inline size_t
s_static (const dp_tagm_t *m, const dp_tagm_tok_t *toks, size_t n, size_t i,
          const int32_t *const *part, uint32_t *f)
{
    //  f has room for DP_TAGM_MAXF rows.
    uint32_t scale = s_scale (m);
    if (part && part [i])
        return s_feats_ctx (toks, n, i, m->mask, f, DP_TAGM_MAXF, scale);
    size_t k = dp_tagm_feats_word (&toks [i], m->mask, f);
    for (size_t j = 0; j < k; j++)
        f [j] *= scale;
    return k + s_feats_ctx (toks, n, i, m->mask, f + k, DP_TAGM_MAXF - k, scale);
}

void
dp_tagm_decode (const dp_tagm_t *m, const dp_tagm_tok_t *toks, size_t n,
                uint8_t *y)
{
    dp_tagm_decode_part (m, toks, n, NULL, y);
}


S_CLONES S_VECTORISE void
dp_tagm_decode_part (const dp_tagm_t *m, const dp_tagm_tok_t *toks, size_t n,
                     const int32_t *const *part, uint8_t *y)
{
    if (n > S_VIT_MAX) {
        s_decode_greedy (m, toks, n, y);
        return;
    }
    //  Viterbi over the label of the previous token; the label before it
    //  (history features) is the one on the best path into that state.
    uint8_t bp [S_VIT_MAX][DP_TAGM_NLABELS];
    //  Path scores in 32 bits, sixteen lanes (nine used) so that the step
    //  below runs in vectors: exact, as no score can leave them (see
    //  S_PATH_MAX); NEG (unreached) is below any.
    int32_t delta [16], nd [16];
    uint32_t fa [DP_TAGM_MAXF], fb [DP_TAGM_MAXF], hf [S_BEAM][4];
    uint32_t *f = fa, *fn = fb;
    const int32_t NEG = INT32_MIN;
    size_t nnext = n ? s_static (m, toks, n, 0, part, fn) : 0;
    for (size_t i = 0; i < n; i++) {
        //  The weight table is far larger than the caches: the rows are
        //  fetched ahead, the next token's static ones and this token's
        //  history ones (once the beam is known) while this one's static
        //  rows are summed.
        uint32_t *t = f;
        f = fn;
        fn = t;
        size_t nf = nnext;
        //  Beam: only the S_BEAM best previous labels are extended.
        int prevs [S_BEAM] = { 0 };
        int np = 1;
        if (i) {
            //  Best first, the first of equals first; unreached labels
            //  (NEG) left out. The beam's scores are kept beside it.
            int32_t top [S_BEAM];
            for (int b = 0; b < S_BEAM; b++)
                top [b] = NEG;
            for (int p = 0; p < DP_TAGM_NLABELS; p++) {
                int32_t v = delta [p];
                if (v <= top [S_BEAM - 1])
                    continue;
                int at = S_BEAM - 1;
                while (at > 0 && top [at - 1] < v) {
                    top [at] = top [at - 1];
                    prevs [at] = prevs [at - 1];
                    at--;
                }
                top [at] = v;
                prevs [at] = p;
            }
            np = 0;
            while (np < S_BEAM && top [np] != NEG)
                np++;
        }
        for (int j = 0; j < np; j++) {
            int p = prevs [j];
            int p2 = i >= 2 ? bp [i - 1][p] : 0;
            s_hist (m, toks, i, p, p2, s_scale (m), hf [j]);
            for (int k = 0; k < 4; k++)
                __builtin_prefetch (s_row_at (m, hf [j][k]));
        }
        if (i + 1 < n) {
            nnext = s_static (m, toks, n, i + 1, part, fn);
#pragma GCC unroll 4
            for (size_t k = 0; k < nnext; k++)
                __builtin_prefetch (s_row_at (m, fn [k]));
        }
        int32_t st [16] = { 0 };
        if (part && part [i])
            memcpy (st, part [i], sizeof st);
        s_sum_at (m, f, nf, st);
        int32_t bpt [16] = { 0 };
        for (int l = 0; l < 16; l++)
            nd [l] = NEG;
        for (int j = 0; j < np; j++) {
            int p = prevs [j];
            int32_t sc [16];
            memcpy (sc, st, sizeof sc);
            s_sum_at (m, hf [j], 4, sc);
            int32_t base = i ? delta [p] : 0;
            //  Each allowed move that beats the best so far (the first of
            //  equals kept), by masks rather than branches.
            s_v8 v, b, ok, q;
            memcpy (&v, sc, sizeof v);
            memcpy (&b, nd, sizeof b);
            memcpy (&ok, s_allowed [p], sizeof ok);
            memcpy (&q, bpt, sizeof q);
            v += base;
            s_v8 take = (v > b) & ok;
            b = (v & take) | (b & ~take);
            q = (p & take) | (q & ~take);
            memcpy (nd, &b, sizeof b);
            memcpy (bpt, &q, sizeof q);
            //  The ninth label (I-MISC) apart: the sums leave it out of
            //  the vector too.
            int32_t v8 = base + sc [8];
            if (s_allowed [p][8] && v8 > nd [8]) {
                nd [8] = v8;
                bpt [8] = p;
            }
        }
        for (int l = 0; l < DP_TAGM_NLABELS; l++)
            bp [i][l] = (uint8_t) bpt [l];
        memcpy (delta, nd, sizeof delta);
    }
    if (n == 0)
        return;
    int best = 0;
    for (int l = 1; l < DP_TAGM_NLABELS; l++)
        if (delta [l] > delta [best])
            best = l;
    for (size_t i = n; i-- > 0;) {
        y [i] = (uint8_t) best;
        best = bp [i][best];
    }
}

static void
s_decode_greedy (const dp_tagm_t *m, const dp_tagm_tok_t *toks, size_t n,
                 uint8_t *y)
{
    uint32_t fa [DP_TAGM_MAXF], fb [DP_TAGM_MAXF];
    uint32_t *f = fa, *fn = fb;
    int p1 = 0, p2 = 0;
    size_t nstat = n ? dp_tagm_feats (toks, n, 0, m->mask, f) : 0;
    for (size_t i = 0; i < n; i++) {
        //  The next token's rows are fetched while this one is scored.
        size_t nnext = 0;
        if (i + 1 < n) {
            nnext = dp_tagm_feats (toks, n, i + 1, m->mask, fn);
            for (size_t k = 0; k < nnext; k++)
                __builtin_prefetch (m->w + (size_t) fn [k] * m->stride);
        }
        s_hist (m, toks, i, p1, p2, 1, f + nstat);
        size_t nf = nstat + 4;
        int32_t score [16] = { 0 };
        if (m->stride == 16) {
            S_SUM (16)
        }
        else {
            S_SUM (DP_TAGM_NLABELS)
        }
        int best = 0;
        for (int l = 1; l < DP_TAGM_NLABELS; l++)
            if (score [l] > score [best] && dp_tagm_allowed (p1, l))
                best = l;
        y [i] = (uint8_t) best;
        p2 = p1;
        p1 = best;
        uint32_t *t = f;
        f = fn;
        fn = t;
        nstat = nnext;
    }
}
