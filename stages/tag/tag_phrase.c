//  depeche tag — the name phrase each token stands in, for the model's
//  features on the structure of organisation names (French only): a run of
//  capitalised words joined by « de », « du », « des », « d' », « de la »,
//  « & »..., continued by lowercase adjectives (« Parti socialiste »,
//  « Banque centrale européenne ») and opened by a lowercase noun before
//  such a link (« ministère de la Défense »). Each token of a phrase gets
//  the hash of the phrase's first word (its head), of its last word, its
//  place in the phrase and whether an acronym in brackets follows the
//  phrase (« … des Nations unies (ONU) »). The model learns from data
//  which heads and tails make an organisation: no list of heads here.
//  Deliberately not here: the feature templates (tagm.c), the gazetteer
//  and lexicon code (tag_feat.c), any decision on a span (rules, tag_conv.c).
#include "tag/tag_int.h"

//  Lowercase words that link two capitalised words of one name: alone
//  (« de », « des », « & »...), or « de » and an article (« de la »). Not
//  « et », « à », « en », which mostly stand between two names (« Paris
//  et Lyon », « Lyon en France »).
static const char *const s_links [] = {
    "de", "d'", "d\xE2\x80\x99", "du", "des", "&", "-"
};
#define S_PREPS 3                       //  s_links[0..3) take an article
static const char *const s_articles [] = {
    "la", "le", "les", "l'", "l\xE2\x80\x99"
};

//  Index in s_links of token t, or -1.
static int
s_link (const char *text, const dp_tag_tok_t *t)
{
    if (t->flags & TK_CAP)
        return -1;
    for (size_t k = 0; k < sizeof s_links / sizeof s_links [0]; k++)
        if (dp_tag_tok_is (text, t, s_links [k]))
            return (int) k;
    return -1;
}

static bool
s_article (const char *text, const dp_tag_tok_t *t)
{
    for (size_t k = 0; k < sizeof s_articles / sizeof s_articles [0]; k++)
        if (dp_tag_tok_is (text, t, s_articles [k]))
            return true;
    return false;
}

//  A capitalised word (not a number).
static bool
s_capword (const dp_tag_tok_t *t)
{
    return (t->flags & TK_WORD) && (t->flags & TK_CAP) && !(t->flags & TK_DIGIT);
}

//  Tokens of the link starting at token j (1 or 2), 0 when none.
static size_t
s_link_len (const char *text, const dp_tag_tok_t *toks, size_t n, size_t j)
{
    int k = s_link (text, &toks [j]);
    if (k < 0)
        return 0;
    if (k < S_PREPS && j + 1 < n && s_article (text, &toks [j + 1]))
        return 2;
    return 1;
}

//  The capitalised word after the link starting at token j; n when none.
static size_t
s_after_links (const char *text, const dp_tag_tok_t *toks, size_t n, size_t j)
{
    size_t len = s_link_len (text, toks, n, j);
    if (len && j + len < n && s_capword (&toks [j + len]))
        return j + len;
    return n;
}

//  A lowercase word of the dictionary's adjectives that is no verb form
//  and no function word: it continues a name (« Assemblée nationale »).
static bool
s_adj (const dp_tag_tok_t *t)
{
    return (t->flags & TK_WORD) && (t->flags & TK_LOWER)
        && (t->wc & DP_TAGM_WC_ADJ)
        && !(t->wc & (DP_TAGM_WC_FUNC | DP_TAGM_WC_VFIN));
}

//  A lowercase noun that may head a name before a link (« ministère »).
static bool
s_lchead (const char *text, const dp_tag_tok_t *t)
{
    return (t->flags & TK_WORD) && (t->flags & TK_LOWER)
        && (t->wc & DP_TAGM_WC_NOUN) && !(t->wc & DP_TAGM_WC_FUNC)
        && t->end - t->start >= 3 && s_link (text, t) < 0;
}

void
dp_tag_phrases (dp_tagger_t *self, const char *text)
{
    const dp_tag_tok_t *toks = self->toks;
    dp_tagm_tok_t *mt = self->mt;
    size_t n = self->n_toks;
    for (size_t i = 0; i < n; i++) {
        mt [i].phead = 0;
        mt [i].plast = 0;
        mt [i].pcode = DP_TAGM_P_ON;
    }
    for (size_t i = 0; i < n;) {
        if (!s_capword (&toks [i])) {
            i++;
            continue;
        }
        size_t s = i, e = i + 1;
        //  A lowercase noun before a link that leads here heads the
        //  phrase (« ministère de la Défense »).
        for (size_t len = 1; len <= 2 && len < i; len++) {
            size_t h = i - len - 1;
            if (s_link_len (text, toks, n, h + 1) == len && s_lchead (text, &toks [h])) {
                s = h;
                break;
            }
        }
        size_t adjs = 0;
        while (e < n) {
            if (s_capword (&toks [e])) {
                e++;
                adjs = 0;
            }
            else
            if (adjs < 2 && s_adj (&toks [e])) {
                e++;
                adjs++;
            }
            else {
                size_t k = s_after_links (text, toks, n, e);
                if (k == n)
                    break;
                e = k + 1;
                adjs = 0;
            }
        }
        bool acro = e + 2 < n && dp_tag_tok_is (text, &toks [e], "(")
                 && (toks [e + 1].flags & TK_ALLCAPS)
                 && dp_tag_tok_is (text, &toks [e + 2], ")");
        for (size_t q = s; q < e; q++) {
            uint32_t at = q - s < 3 ? (uint32_t) (q - s) : 3u;
            mt [q].phead = mt [s].lower;
            mt [q].plast = mt [e - 1].lower;
            mt [q].pcode = DP_TAGM_P_ON | DP_TAGM_P_IN
                         | at << 2 | (q + 1 == e) << 4 | (uint32_t) acro << 5
                         | (e - s < 7 ? (uint32_t) (e - s) : 7u) << 6;
        }
        i = e;
    }
}
