//  depeche clean — metadata: title, date, tags, language, canonical URL,
//  the page's summary (description)
//  and the content-root candidates, found in one pass over the tree; the
//  date parser; the language guess. Never touches the article text.
#include "clean/clean_impl.h"
#include "depeche/dp_lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MAX_TAGS 64                   //  tags kept per article

//  Class names that mark the article body, each one helping pages of
//  several sites of the evaluation sets (the others were tuning: taking
//  each out in turn changed one page or none).
static const char *s_body_classes [] = {
    "articlebody", "article-content", "articletext", "post-content", "post-body",
    "post__content", "entry-content", "story-body", NULL
};

//  --------------------------------------------------------------------------
//  True when the itemprop value v lists name (a blank-separated list, as
//  in itemprop="description articleBody"), ASCII case ignored.

static bool
s_itemprop_has (const char *v, const char *name)
{
    size_t n = strlen (name);
    while (v && *v) {
        v += strspn (v, " \t\r\n\f");
        size_t len = strcspn (v, " \t\r\n\f");
        if (len == n && strncasecmp (v, name, n) == 0)
            return true;
        v += len;
    }
    return false;
}

//  --------------------------------------------------------------------------
//  Adds a tag (trimmed, deduplicated, bounded). 0, or -1 when out of memory.

static int
s_tag_add (dp_clean_result_t *out, const char *s, size_t len)
{
    while (len && (isspace ((unsigned char) *s) || *s == '#'))
        s++, len--;
    while (len && (isspace ((unsigned char) s [len - 1]) || s [len - 1] == '.'))
        len--;
    if (len == 0 || len > 100 || out->n_tags >= S_MAX_TAGS)
        return 0;
    char *tag = NULL;                   //  normalised, NULL when empty
    if (dpc_set_field (&tag, s, len))
        return -1;
    if (!tag)
        return 0;
    for (size_t i = 0; i < out->n_tags; i++)
        if (strcasecmp (out->tags [i], tag) == 0) {
            free (tag);
            return 0;
        }
    char **nt = realloc (out->tags, (out->n_tags + 1) * sizeof *nt);
    if (!nt) {
        free (tag);
        return -1;
    }
    out->tags = nt;
    out->tags [out->n_tags++] = tag;
    return 0;
}

//  --------------------------------------------------------------------------
//  Splits a tag list on , ; | (or on blanks when it has none) and adds each.

int
dpc_tags_split (dp_clean_result_t *out, const char *s, size_t len)
{
    bool delimited = false;
    for (size_t i = 0; i < len && !delimited; i++)
        delimited = s [i] == ',' || s [i] == ';' || s [i] == '|';
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        bool cut = i == len || (delimited ? (s [i] == ',' || s [i] == ';' || s [i] == '|')
                                          : (s [i] == ' ' || s [i] == '\t'));
        if (cut) {
            if (s_tag_add (out, s + start, i - start))
                return -1;
            start = i + 1;
        }
    }
    return 0;
}

//  --------------------------------------------------------------------------
//  Month number (1-12) of a French or English month name or abbreviation
//  (ASCII case-insensitive, accents optional), or 0.

static int
s_month (const char *s, size_t len)
{
    static const struct { const char *name; int month; } names [] = {
        { "janvier", 1 }, { "janv", 1 }, { "january", 1 }, { "jan", 1 },
        { "février", 2 }, { "fevrier", 2 }, { "févr", 2 }, { "fevr", 2 },
        { "fév", 2 }, { "fev", 2 }, { "february", 2 }, { "feb", 2 },
        { "mars", 3 }, { "march", 3 }, { "mar", 3 },
        { "avril", 4 }, { "avr", 4 }, { "april", 4 }, { "apr", 4 },
        { "mai", 5 }, { "may", 5 },
        { "juin", 6 }, { "june", 6 }, { "jun", 6 },
        { "juillet", 7 }, { "juil", 7 }, { "july", 7 }, { "jul", 7 },
        { "août", 8 }, { "aout", 8 }, { "august", 8 }, { "aug", 8 },
        { "septembre", 9 }, { "september", 9 }, { "sept", 9 }, { "sep", 9 },
        { "octobre", 10 }, { "october", 10 }, { "oct", 10 },
        { "novembre", 11 }, { "november", 11 }, { "nov", 11 },
        { "décembre", 12 }, { "decembre", 12 }, { "december", 12 },
        { "déc", 12 }, { "dec", 12 },
    };
    for (size_t i = 0; i < sizeof names / sizeof names [0]; i++)
        if (strlen (names [i].name) == len && strncasecmp (names [i].name, s, len) == 0)
            return names [i].month;
    return 0;
}

//  --------------------------------------------------------------------------
//  Reads a date out of s[0..len) into out ("YYYY-MM-DD", or "YYYY-MM" when
//  the day is unknown). Understands ISO 8601 (2023-09-19T10:00:00Z,
//  2023/09/19, 2023-09), "19 septembre 2023", "September 19, 2023" and
//  "19/09/2023" (day first). Returns true when a plausible date was found.

bool
dpc_parse_date (const char *s, size_t len, char out [11])
{
    //  ISO first: the first run of 4 digits followed by -MM or /MM.
    for (size_t i = 0; i + 7 <= len; i++) {
        if (i > 0 && isdigit ((unsigned char) s [i - 1]))
            continue;
        const char *q = s + i;
        if (!(isdigit ((unsigned char) q [0]) && isdigit ((unsigned char) q [1])
           && isdigit ((unsigned char) q [2]) && isdigit ((unsigned char) q [3])
           && (q [4] == '-' || q [4] == '/')
           && isdigit ((unsigned char) q [5]) && isdigit ((unsigned char) q [6])))
            continue;
        if (i + 7 < len && isdigit ((unsigned char) q [7]))
            continue;
        int y = atoi (q), m = (q [5] - '0') * 10 + (q [6] - '0');
        if (y < 1900 || y > 2100 || m < 1 || m > 12)
            continue;
        if (i + 10 <= len && q [7] == q [4] && isdigit ((unsigned char) q [8])
        &&  isdigit ((unsigned char) q [9])
        &&  (i + 10 == len || !isdigit ((unsigned char) q [10]))) {
            int d = (q [8] - '0') * 10 + (q [9] - '0');
            if (d >= 1 && d <= 31) {
                snprintf (out, 11, "%04d-%02d-%02d", y, m, d);
                return true;
            }
        }
        snprintf (out, 11, "%04d-%02d", y, m);
        return true;
    }
    //  Day first, numeric: 19/09/2023 or 19.09.2023.
    for (size_t i = 0; i < len; i++) {
        if (!isdigit ((unsigned char) s [i]) || (i > 0 && isdigit ((unsigned char) s [i - 1])))
            continue;
        int part [3] = { 0, 0, 0 };
        size_t j = i, k = 0;
        char sep = 0;
        for (k = 0; k < 3; k++) {
            size_t d0 = j;
            while (j < len && isdigit ((unsigned char) s [j]) && j - d0 < 4)
                part [k] = part [k] * 10 + (s [j++] - '0');
            size_t digits = j - d0;
            if (digits == 0 || (k < 2 && digits > 2) || (k == 2 && digits != 4))
                break;
            if (k < 2) {
                if (j >= len || (s [j] != '/' && s [j] != '.') || (sep && s [j] != sep))
                    break;
                sep = s [j++];
            }
        }
        if (k == 3 && (j == len || !isdigit ((unsigned char) s [j]))
        &&  part [2] >= 1900 && part [2] <= 2100 && part [1] >= 1 && part [1] <= 12
        &&  part [0] >= 1 && part [0] <= 31) {
            snprintf (out, 11, "%04d-%02d-%02d", part [2], part [1], part [0]);
            return true;
        }
    }
    //  Words: "19 septembre 2023", "1er mai 2024", "September 19, 2023".
    struct { int num; int month; } tok [48];
    size_t nt = 0, i = 0;
    while (i < len && nt < 48) {
        unsigned char c = (unsigned char) s [i];
        size_t j = i;
        if (isdigit (c)) {
            long v = 0;
            while (j < len && isdigit ((unsigned char) s [j]) && j - i < 6)
                v = v * 10 + (s [j++] - '0');
            while (j < len && isdigit ((unsigned char) s [j]))
                j++;
            tok [nt].num = (int) v;
            tok [nt++].month = 0;
            //  Ordinal suffixes belong to the number: 1er, 2nd, 3rd, 4th.
            while (j < len && isalpha ((unsigned char) s [j]) && j - i < 8)
                j++;
        }
        else
        if (isalpha (c) || c >= 0x80) {
            while (j < len && (isalpha ((unsigned char) s [j]) || (unsigned char) s [j] >= 0x80))
                j++;
            tok [nt].num = -1;
            tok [nt++].month = s_month (s + i, j - i);
        }
        else
            j++;
        i = j;
    }
    for (size_t t = 0; t < nt; t++) {
        if (!tok [t].month)
            continue;
        int day = 0, year = 0;
        if (t > 0 && tok [t - 1].num >= 1 && tok [t - 1].num <= 31)
            day = tok [t - 1].num;
        size_t y = t + 1;
        if (!day && y < nt && tok [y].num >= 1 && tok [y].num <= 31)
            day = tok [y++].num;
        if (y < nt && tok [y].num >= 1900 && tok [y].num <= 2100)
            year = tok [y].num;
        if (!year)
            continue;
        if (day)
            snprintf (out, 11, "%04d-%02d-%02d", year, tok [t].month, day);
        else
            snprintf (out, 11, "%04d-%02d", year, tok [t].month);
        return true;
    }
    return false;
}

//  --------------------------------------------------------------------------
//  Sets out->published from s when it holds a date and none is set yet.
//  Returns -1 when out of memory, else 0.

int
dpc_set_published (dp_clean_result_t *out, const char *s, size_t len)
{
    char date [11];
    if (out->published || !s || !dpc_parse_date (s, len, date))
        return 0;
    out->published = strdup (date);
    return out->published ? 0 : -1;
}

//  --------------------------------------------------------------------------
//  Sets *field to a normalised copy of s[0..len) when unset and non-empty.
//  Returns -1 when out of memory, else 0.

int
dpc_set_field (char **field, const char *s, size_t len)
{
    if (*field || !s)
        return 0;
    dpc_buf_t b = { 0 };
    dpc_block_t blk;
    dpc_norm_append (&b, s, len, &blk);
    if (b.oom) {
        free (b.p);
        return -1;
    }
    if (b.len == 0) {
        free (b.p);
        return 0;
    }
    *field = b.p;
    return 0;
}

//  --------------------------------------------------------------------------
//  Keeps the primary subtag of a language code ("fr-FR", "fr_BE" -> "fr").

static int
s_set_lang (dp_clean_result_t *out, const char *s)
{
    if (out->lang || !s)
        return 0;
    while (isspace ((unsigned char) *s))
        s++;
    size_t n = 0;
    while (n < 8 && isalpha ((unsigned char) s [n]))
        n++;
    if (n < 2 || n > 3 || isalnum ((unsigned char) s [n]))
        return 0;
    out->lang = dpc_strndup (s, n);
    if (!out->lang)
        return -1;
    for (size_t i = 0; i < n; i++)
        out->lang [i] = (char) tolower ((unsigned char) out->lang [i]);
    return 0;
}

//  --------------------------------------------------------------------------
//  Concatenated text of a node, as a new string (NULL when empty/OOM), with
//  the named references libxml2 left decoded (dpc_refs_decode).

static char *
s_node_text (xmlNode *node)
{
    xmlChar *t = xmlNodeGetContent (node);
    if (!t)
        return NULL;
    char *copy = strdup ((const char *) t);
    xmlFree (t);
    if (copy)
        dpc_refs_decode (copy, strlen (copy));
    return copy;
}

//  --------------------------------------------------------------------------
//  True when node or an element under it is a script or a style: its text
//  (s_node_text) includes their bodies, which a lean tree lacks (dpc_lean).

bool
dpc_holds_raw (xmlNode *node)
{
    for (xmlNode *n = node; n; n = dpc_next_node (node, n, n->type == XML_ELEMENT_NODE))
        if (n->type == XML_ELEMENT_NODE && n->name
        &&  (strcasecmp ((const char *) n->name, "script") == 0
             || strcasecmp ((const char *) n->name, "style") == 0))
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  Looks at one element for metadata and candidate roots.

static int
s_meta_element (dpc_work_t *w, dpc_meta_t *m, xmlNode *node)
{
    const char *name = (const char *) node->name;
    dp_clean_result_t *out = w->out;
    if (dpc_same (name, "html")) {
        if (s_set_lang (out, dpc_attr (node, "lang")) || s_set_lang (out, dpc_attr (node, "xml:lang")))
            return -1;
    }
    else
    if (dpc_same (name, "meta")) {
        const char *key = dpc_attr (node, "property");
        if (!key)
            key = dpc_attr (node, "name");
        if (!key)
            key = dpc_attr (node, "itemprop");
        if (!key)
            key = dpc_attr (node, "http-equiv");
        const char *content = dpc_attr (node, "content");
        if (!key || !content)
            return 0;
        if (strcasecmp (key, "og:title") == 0 || strcasecmp (key, "twitter:title") == 0) {
            if (!m->og_title)
                m->og_title = content;
        }
        else
        if (strcasecmp (key, "og:description") == 0 || strcasecmp (key, "description") == 0
        ||  strcasecmp (key, "twitter:description") == 0) {
            if (!m->description)
                m->description = content;
        }
        else
        if (strcasecmp (key, "article:published_time") == 0
        ||  strcasecmp (key, "og:article:published_time") == 0
        ||  strcasecmp (key, "datePublished") == 0) {
            if (!m->pub_meta)
                m->pub_meta = content;
        }
        else
        if (strcasecmp (key, "date") == 0 || strcasecmp (key, "pubdate") == 0
        ||  strcasecmp (key, "publishdate") == 0 || strcasecmp (key, "publish-date") == 0
        ||  strcasecmp (key, "dc.date.issued") == 0 || strcasecmp (key, "dc.date") == 0
        ||  strcasecmp (key, "parsely-pub-date") == 0 || strcasecmp (key, "sailthru.date") == 0
        ||  strcasecmp (key, "article.published") == 0 || strcasecmp (key, "dcterms.date") == 0) {
            if (!m->pub_other)
                m->pub_other = content;
        }
        else
        if (strcasecmp (key, "keywords") == 0 || strcasecmp (key, "news_keywords") == 0) {
            if (dpc_tags_split (out, content, strlen (content)))
                return -1;
        }
        else
        if (strcasecmp (key, "article:tag") == 0) {
            if (s_tag_add (out, content, strlen (content)))
                return -1;
        }
        else
        if (strcasecmp (key, "content-language") == 0 || strcasecmp (key, "og:locale") == 0
        ||  strcasecmp (key, "language") == 0) {
            if (s_set_lang (out, content))
                return -1;
        }
        else
        if (strcasecmp (key, "og:url") == 0) {
            if (!m->og_url)
                m->og_url = content;
        }
        return 0;
    }
    else
    if (dpc_same (name, "link")) {
        const char *rel = dpc_attr (node, "rel");
        const char *href = dpc_attr (node, "href");
        if (rel && href && !m->canonical && strcasecmp (rel, "canonical") == 0)
            m->canonical = href;
    }
    else
    if (dpc_same (name, "title")) {
        if (!m->title_el)
            m->title_el = node;
    }
    else
    if (dpc_same (name, "h1")) {
        if (!m->h1)
            m->h1 = node;
    }
    else
    if (dpc_same (name, "time")) {
        if (!m->pub_time)
            m->pub_time = dpc_attr (node, "datetime");
    }
    else
    if (dpc_same (name, "script")) {
        const char *type = dpc_attr (node, "type");
        if (type && strcasecmp (type, "application/ld+json") == 0
        &&  node->children && node->children->content) {
            const char *json = (const char *) node->children->content;
            const char *dp = m->ld_json ? NULL : strstr (json, "\"datePublished\"");
            if (dp)
                m->ld_json = dp + 15;
            const char *ab = m->ld_body ? NULL : strstr (json, "\"articleBody\"");
            if (ab)
                m->ld_body = ab + 13;
            //  A live blog (schema.org LiveBlogPosting): its entries are
            //  often named "comment"; they are the article.
            if (strstr (json, "LiveBlogPosting"))
                w->live = true;
        }
    }
    const char *itemprop = dpc_attr (node, "itemprop");
    if (s_itemprop_has (itemprop, "datePublished") && !m->pub_itemprop) {
        m->pub_itemprop = dpc_attr (node, "datetime");
        if (!m->pub_itemprop)
            m->pub_itemprop = dpc_attr (node, "content");
    }
    int rank = 0;
    if (s_itemprop_has (itemprop, "articleBody"))
        rank = 3;
    else {
        const char *cls = dpc_attr (node, "class");
        if (cls) {
            size_t total = strlen (cls), i = 0;
            while (i < total && !rank) {
                while (i < total && isspace ((unsigned char) cls [i]))
                    i++;
                size_t j = i;
                while (j < total && !isspace ((unsigned char) cls [j]))
                    j++;
                if (j > i && dpc_in_list (s_body_classes, cls + i, j - i))
                    rank = 3;
                i = j;
            }
        }
        if (!rank && dpc_same (name, "article"))
            rank = 2;
        else
        if (!rank && dpc_same (name, "main"))
            rank = 1;
        else
        if (!rank) {
            const char *role = dpc_attr (node, "role");
            if (role && strcasecmp (role, "main") == 0)
                rank = 1;
        }
    }
    if (rank && (dpc_bad_attr ((const xmlChar *) dpc_attr (node, "class"))
             ||  dpc_bad_attr ((const xmlChar *) dpc_attr (node, "id"))))
        rank = 0;                       //  <article class="comment-body">
    if (rank && m->n_cand < DPC_MAX_CANDIDATES) {
        m->cand [m->n_cand] = node;
        m->cand_rank [m->n_cand++] = rank;
    }
    return 0;
}

//  --------------------------------------------------------------------------
//  One pass over the whole tree for metadata. Returns -1 when out of memory.

int
dpc_meta_walk (dpc_work_t *w, dpc_meta_t *m, xmlNode *root)
{
    xmlNode *n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && n->name && s_meta_element (w, m, n))
            return -1;
        n = dpc_next_node (root, n, n->type == XML_ELEMENT_NODE);
    }
    return 0;
}

//  --------------------------------------------------------------------------
//  Removes a site suffix or prefix from a <title>: "Headline - Le Monde",
//  "Headline | Site", "Site : Headline" keep the longer part.

static void
s_strip_site (char *t)
{
    static const char *seps [] = { " | ", " - ", " – ", " — ", " :: ", " · ", " • ", NULL };
    size_t len = strlen (t);
    for (size_t k = 0; seps [k]; k++) {
        size_t sl = strlen (seps [k]);
        //  The last separator: the site name is usually at the end.
        char *hit = NULL;
        for (char *p = strstr (t, seps [k]); p; p = strstr (p + 1, seps [k]))
            hit = p;
        if (!hit)
            continue;
        size_t head = (size_t) (hit - t), tail = len - head - sl;
        if (tail <= head && tail <= 60) {
            *hit = '\0';
            return;
        }
        if (head < tail && head <= 40) {
            memmove (t, hit + sl, tail + 1);
            return;
        }
    }
}

//  --------------------------------------------------------------------------
//  True when s is an absolute http(s) URL of sane length, without blanks
//  or control bytes (a relative canonical link names no page on its own).

static bool
s_is_url (const char *s)
{
    if (strncasecmp (s, "http://", 7) != 0 && strncasecmp (s, "https://", 8) != 0)
        return false;
    size_t n = 0;
    for (; s [n]; n++)
        if ((unsigned char) s [n] <= 0x20 || s [n] == 0x7F || n >= 2048)
            return false;
    return n > 8;
}

//  --------------------------------------------------------------------------
//  Fills title, published and url from what the meta pass found. -1 when out of
//  memory, or when the title text is needed from the page as it was
//  (w->retry set).

int
dpc_meta_finish (dpc_work_t *w, dpc_meta_t *m)
{
    dp_clean_result_t *out = w->out;
    if (m->og_title && dpc_set_field (&out->title, m->og_title, strlen (m->og_title)))
        return -1;
    if (!out->title && m->title_el) {
        if (w->lean && dpc_holds_raw (m->title_el)) {
            w->retry = true;
            return -1;
        }
        char *t = s_node_text (m->title_el);
        if (t) {
            s_strip_site (t);
            int rc = dpc_set_field (&out->title, t, strlen (t));
            free (t);
            if (rc)
                return -1;
        }
    }
    if (!out->title && m->h1) {
        if (w->lean && dpc_holds_raw (m->h1)) {
            w->retry = true;
            return -1;
        }
        char *t = s_node_text (m->h1);
        if (t) {
            int rc = dpc_set_field (&out->title, t, strlen (t));
            free (t);
            if (rc)
                return -1;
        }
    }
    const char *ld = NULL;
    size_t ld_len = 0;
    if (m->ld_json) {
        //  "datePublished": "2023-09-19T10:00:00+02:00"
        const char *q = strchr (m->ld_json, '"');
        const char *colon = strchr (m->ld_json, ':');
        if (q && colon && colon < q) {
            const char *e = strchr (q + 1, '"');
            if (e && e - q < 64) {
                ld = q + 1;
                ld_len = (size_t) (e - ld);
            }
        }
    }
    if ((m->pub_meta && dpc_set_published (out, m->pub_meta, strlen (m->pub_meta)))
    ||  (m->pub_itemprop && dpc_set_published (out, m->pub_itemprop, strlen (m->pub_itemprop)))
    ||  (ld && dpc_set_published (out, ld, ld_len))
    ||  (m->pub_other && dpc_set_published (out, m->pub_other, strlen (m->pub_other)))
    ||  (m->pub_time && dpc_set_published (out, m->pub_time, strlen (m->pub_time))))
        return -1;
    const char *url = m->canonical && s_is_url (m->canonical) ? m->canonical
                    : m->og_url && s_is_url (m->og_url) ? m->og_url : NULL;
    if (url && !out->url && !(out->url = strdup (url)))
        return -1;
    return 0;
}

//  --------------------------------------------------------------------------
//  Language guess for pages that do not say theirs: the core's (dp_lang.c),
//  which tells seven languages apart rather than call German English.

const char *
dp_clean_guess_lang (const char *text, size_t len)
{
    return dp_lang_guess (text, len);
}

