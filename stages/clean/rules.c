//  depeche clean — what is boilerplate by its words or its name: the rules
//  file (PCRE2 patterns, one paragraph at a time) and the class/id tokens
//  that mark boilerplate containers (and the live-blog names that make a
//  "comment" an entry of the article). Says yes or no; the decisions in
//  context (wrappers, edges, runs) are dom.c's and classify.c's.
#include "clean/clean_impl.h"
#include "depeche/dp_log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

//  --------------------------------------------------------------------------
//  Compiles one pattern (UTF, UCP, caseless) and JIT-compiles it when the
//  platform allows. Returns NULL and fills msg on a syntax error.

static pcre2_code *
s_compile (const char *pattern, size_t len, char *msg, size_t msg_size,
           size_t *err_offset)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile ((PCRE2_SPTR) pattern, len,
                                    PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS,
                                    &err, &off, NULL);
    if (!re) {
        pcre2_get_error_message (err, (PCRE2_UCHAR *) msg, msg_size);
        if (err_offset)
            *err_offset = off;
        return NULL;
    }
    //  JIT may be unavailable (SELinux, exotic CPU): the interpreter still works.
    pcre2_jit_compile (re, PCRE2_JIT_COMPLETE);
    return re;
}

//  --------------------------------------------------------------------------
//  True when a rule can be matched as one branch of a merged alternation: no
//  back-reference, no named or numbered group, no verb or recursion, whose
//  meaning would change next to other rules' groups. "(?:", look-arounds and
//  ordinary groups are fine.

static bool
s_mergeable (const char *p, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        if (p [i] == '\\') {
            char c = p [i + 1];
            if (isdigit ((unsigned char) c) || c == 'g' || c == 'k' || c == 'K')
                return false;
            i++;
        }
        else
        if (p [i] == '(' && (p [i + 1] == '*'
                         || (p [i + 1] == '?' && !(i + 2 < len
                             && (p [i + 2] == ':' || p [i + 2] == '=' || p [i + 2] == '!'
                                 || (p [i + 2] == '<' && i + 3 < len
                                     && (p [i + 3] == '=' || p [i + 3] == '!')))))))
            return false;
    }
    return true;
}

//  --------------------------------------------------------------------------
//  True when the pattern has a '|' outside any group or class ("^a|b" is
//  not anchored as a whole).

static bool
s_top_alternation (const char *p, size_t len)
{
    int depth = 0;
    bool in_class = false;
    for (size_t i = 0; i < len; i++) {
        char c = p [i];
        if (c == '\\')
            i++;
        else
        if (in_class)
            in_class = c != ']';
        else
        if (c == '[') {
            in_class = true;
            if (i + 1 < len && p [i + 1] == '^')
                i++;
            if (i + 1 < len && p [i + 1] == ']')
                i++;                    //  "[]" and "[^]": the ] is a member
        }
        else
        if (c == '(')
            depth++;
        else
        if (c == ')')
            depth--;
        else
        if (c == '|' && depth == 0)
            return true;
    }
    return false;
}

//  --------------------------------------------------------------------------
//  True for an anchored rule that opens with "." (any character) and that
//  PCRE2 knows a code unit every match must hold ("^.{1,160}... :"): in the
//  merged alternation it is tried on every paragraph, up to its length
//  bound, where alone PCRE2 looks for that unit first and most paragraphs
//  fail there (its alternation branch was half the merged rules' time).

static bool
s_alone (const pcre2_code *re, const char *p, size_t len)
{
    uint32_t type = 0;
    return len > 1 && p [0] == '^' && p [1] == '.'
        && pcre2_pattern_info (re, PCRE2_INFO_LASTCODETYPE, &type) == 0 && type == 1;
}

//  --------------------------------------------------------------------------
//  Loads the rules file. 0, or -1 with the reason logged (file:line).
//  Besides each rule compiled alone (for error messages and sections), the
//  ^-anchored rules that allow it are merged into one alternation: one match
//  call per paragraph instead of one per rule. So are the rules that start
//  with \b, with the \b before the alternation: PCRE2 then tests each place
//  for a word boundary once, not once per rule, which is most of their cost.
//  Only those before the first section rule, so that a paragraph they remove
//  never opens a section (dpc_rules_hit). Other unanchored rules stay alone,
//  where PCRE2 can scan for each one's first or required character, and so
//  does an anchored rule before the first section rule that opens with "."
//  and has a required character (s_alone in rules.c).

int
dpc_load_rules (dp_cleaner_t *self, const char *path)
{
    size_t size;
    char *data = dp_read_file (path, &size);
    if (!data) {
        dp_log_error ("clean: cannot read rules %s: %s", path, strerror (errno));
        return -1;
    }
    int rc = 0;
    size_t cap = 0;
    unsigned line_no = 0;
    char *line = data;
    dpc_buf_t merged = { 0 };
    dpc_buf_t words = { 0 };
    bool after_section = false;         //  no more rules into words
    while (line && *line) {
        line_no++;
        char *eol = strchr (line, '\n');
        char *next = eol ? eol + 1 : NULL;
        char *end = eol ? eol : line + strlen (line);
        while (end > line && isspace ((unsigned char) end [-1]))
            end--;
        while (line < end && isspace ((unsigned char) *line))
            line++;
        bool section = false;
        if (end - line > 9 && memcmp (line, "@section ", 9) == 0) {
            section = true;
            line += 9;
            while (line < end && isspace ((unsigned char) *line))
                line++;
        }
        if (line < end && *line != '#') {
            char msg [256];
            size_t off = 0;
            pcre2_code *re = s_compile (line, (size_t) (end - line), msg,
                                        sizeof msg, &off);
            if (!re) {
                dp_log_error ("clean: %s:%u: bad pattern at offset %zu: %s",
                              path, line_no, off, msg);
                rc = -1;
                break;
            }
            if (self->n_rules == cap) {
                size_t ncap = cap ? cap * 2 : 32;
                dpc_rule_t *nr = realloc (self->rules, ncap * sizeof *nr);
                if (!nr) {
                    pcre2_code_free (re);
                    dp_log_error ("clean: out of memory loading %s", path);
                    rc = -1;
                    break;
                }
                self->rules = nr;
                cap = ncap;
            }
            //  A rule matched alone (s_alone) must come before every
            //  section rule, as the \b rules: a paragraph it removes then
            //  opens no section, as when it was merged.
            bool merge = !section && *line == '^'
                      && s_mergeable (line, (size_t) (end - line))
                      && !s_top_alternation (line, (size_t) (end - line))
                      && !(!after_section && s_alone (re, line, (size_t) (end - line)));
            if (merge) {
                if (merged.len)
                    dpc_buf_add (&merged, "|", 1);
                dpc_buf_add (&merged, "(?:", 3);
                dpc_buf_add (&merged, line, (size_t) (end - line));
                dpc_buf_add (&merged, ")", 1);
            }
            after_section = after_section || section;
            bool word = !merge && !after_section && end - line > 2
                     && line [0] == '\\' && line [1] == 'b'
                     && s_mergeable (line, (size_t) (end - line))
                     && !s_top_alternation (line, (size_t) (end - line));
            if (word) {                 //  "\bX" goes in as "(?:X)"
                dpc_buf_add (&words, words.len ? "|(?:" : "\\b(?:(?:", words.len ? 4 : 8);
                dpc_buf_add (&words, line + 2, (size_t) (end - line - 2));
                dpc_buf_add (&words, ")", 1);
            }
            self->rules [self->n_rules++] = (dpc_rule_t) { re, section, merge, word };
        }
        line = next;
    }
    free (data);
    char msg [256];
    if (rc == 0 && merged.len && !merged.oom)
        self->merged = s_compile (merged.p, merged.len, msg, sizeof msg, NULL);
    if (words.len)
        dpc_buf_add (&words, ")", 1);   //  closes "\b(?:"
    if (rc == 0 && words.len && !words.oom)
        self->merged_words = s_compile (words.p, words.len, msg, sizeof msg, NULL);
    //  Not merged after all: those rules are matched one by one.
    for (size_t r = 0; r < self->n_rules; r++) {
        self->rules [r].merged = self->rules [r].merged && self->merged;
        self->rules [r].words = self->rules [r].words && self->merged_words;
    }
    free (merged.p);
    free (words.p);
    return rc;
}

//  --------------------------------------------------------------------------
//  Compiles a built-in pattern; a failure is a bug, logged and returned NULL.

pcre2_code *
dpc_builtin (const char *pattern)
{
    char msg [256];
    size_t off = 0;
    pcre2_code *re = s_compile (pattern, PCRE2_ZERO_TERMINATED, msg, sizeof msg, &off);
    if (!re)
        dp_log_error ("clean: built-in pattern at %zu: %s", off, msg);
    return re;
}

//  --------------------------------------------------------------------------
//  True when the pattern matches s[0..len). A match error counts as no match.
//  s must be valid UTF-8 (block text out of dpc_norm_append always is): the
//  per-call UTF check would cost more than the matching itself.

bool
dpc_match (dp_cleaner_t *self, pcre2_code *re, const char *s, size_t len)
{
    return pcre2_match (re, (PCRE2_SPTR) s, len, 0, PCRE2_NO_UTF_CHECK, self->md, NULL) >= 0;
}

//  --------------------------------------------------------------------------
//  True when a rule of the file matches s[0..len); *section says whether it
//  is a section marker. The merged alternations go first: a paragraph that
//  an ordinary anchored rule removes does not open a section, nor does one
//  that a \b rule removes (all of those come before the section rules).

bool
dpc_rules_hit (dp_cleaner_t *self, const char *s, size_t len, bool *section)
{
    *section = false;
    if (self->merged && dpc_match (self, self->merged, s, len))
        return true;
    if (self->merged_words && dpc_match (self, self->merged_words, s, len))
        return true;
    for (size_t r = 0; r < self->n_rules; r++)
        if (!self->rules [r].merged && !self->rules [r].words
        &&  dpc_match (self, self->rules [r].code, s, len)) {
            *section = self->rules [r].section;
            return true;
        }
    return false;
}

//  --------------------------------------------------------------------------
//  Group 1 of the last match as (start, length); false when unset.

bool
dpc_group (dp_cleaner_t *self, size_t *start, size_t *len)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer (self->md);
    if (ov [2] == PCRE2_UNSET)
        return false;
    *start = ov [2];
    *len = ov [3] - ov [2];
    return true;
}

//  Class/id tokens that mark boilerplate containers. "bio": the author's
//  box after the article ("author-bio", "extendedBio"); "author" alone is
//  not one, it also names bylines and whole posts.
static const char *s_bad_tokens [] = {
    "nav", "navbar", "navigation", "menu", "menubar", "submenu", "footer",
    "sidebar", "share", "sharing", "sharebar", "social", "socials", "related",
    "cookie", "cookies", "consent", "gdpr", "newsletter",
    "subscribe", "subscription", "advert", "advertisement", "advertising", "ad",
    "ads", "adv", "adsense", "dfp", "promo", "promoted", "sponsored", "breadcrumb",
    "breadcrumbs", "banner", "popup", "modal", "outbrain", "taboola", "paywall",
    "signup", "login", "toolbar", "masthead", "skip", "sr", "tags",
    "tagcloud", "pagination", "pager", "recommended", "recirculation",
    "trending", "mostread", "popular", "disqus", "caption", "credit", "credits",
    "widget", "widgets", "rail", "bio", "bios", "authorbio", NULL
};

//  Bad tokens that also name page layouts ("one-sidebar-second" on the
//  wrapper of article and sidebar, "menu-open" on the page): an element
//  named only by these is kept when it holds most of the page's text.
static const char *s_layout_tokens [] = {
    "sidebar", "nav", "navbar", "navigation", "menu", "menubar", "submenu",
    "banner", "popup", "modal", "toolbar", "rail", NULL
};

//  Bad tokens of sections that may outweigh the article (reader comments):
//  never kept for their size.
static const char *s_hard_tokens [] = {
    "comment", "comments", "disqus", NULL
};

//  Tokens that negate a class name ("has-sidebar", "no-ads", "with-menu").
static const char *s_neutral_tokens [] = {
    "has", "with", "no", "without", "show", "open", "is", NULL
};

//  Tokens of the page's content area: they clear layout tokens only
//  ("content-sidebar-wrap", "main-nav-layout"), not a part of the page
//  named in them ("comment-body", "ad-content", "share-content").
static const char *s_area_tokens [] = {
    "body", "page", "layout", "main", "content", NULL
};

//  First tokens that make the whole name a label of the article, not a
//  part of the page: the taxonomy and state classes that CMSs put on the
//  article's wrapper (WordPress "tag-tv-credits", "category-ads",
//  "format-standard"; Drupal "node-promoted").
static const char *s_label_heads [] = {
    "tag", "category", "node", "format", "status", "type", NULL
};

//  Last tokens that make the whole name content: "social-media-embed" is an
//  embedded post (a tweet quoted by the article), "image-embed-caption" is not.
static const char *s_content_heads [] = {
    "embed", "embedded", NULL
};

//  --------------------------------------------------------------------------
//  True for a token naming reader comments: one of s_hard_tokens, or a
//  word made on "comment" ("commentlist", "postcomments"), but not
//  "commentary" and "commentator" (an opinion column and its author).

static bool
s_comment_token (const char *s, size_t len)
{
    if (dpc_in_list (s_hard_tokens, s, len))
        return true;
    if (len > 8 && strncasecmp (s + len - 8, "comments", 8) == 0)
        return true;
    return len > 7 && strncasecmp (s, "comment", 7) == 0
        && !(len >= 10 && strncasecmp (s + 7, "ar", 2) == 0)
        && !(len >= 10 && strncasecmp (s + 7, "at", 2) == 0);
}

//  Second tokens that make "author" an author's box after the article
//  ("author-box", "about-author", "author_description"): "author" alone
//  also names bylines and whole posts.
static const char *s_author_box_tokens [] = {
    "box", "info", "description", "details", "profile", "about", "text", NULL
};

//  --------------------------------------------------------------------------
//  The next token of a class name or id from *at: its start in *at, its end
//  returned (*at when there is none). Tokens are runs of letters and
//  digits, cut on camelCase humps ("articleBody": "article", "Body").

static size_t
s_token (const char *s, size_t len, size_t *at)
{
    size_t i = *at;
    while (i < len && !isalnum ((unsigned char) s [i]))
        i++;
    size_t j = i;
    while (j < len && isalnum ((unsigned char) s [j])) {
        j++;
        if (j < len && islower ((unsigned char) s [j - 1]) && isupper ((unsigned char) s [j]))
            break;
    }
    *at = i;
    return j;
}

//  --------------------------------------------------------------------------
//  Says whether one class name (or id) names boilerplate. The name is cut
//  into tokens on non-letters and on camelCase humps; a token must equal a
//  word of the list ("ad-slot" is an ad, "shadow" and "header-title" are
//  not), and a neutral token ("has-sidebar", "page-with-menu") or a label
//  head ("tag-credits") clears it.

static dpc_name_t
s_bad_name (const char *s, size_t len)
{
    dpc_name_t bad = DPC_NAME_OK;
    bool area = false;                  //  an area token was seen
    const char *last = NULL;            //  the name's last token
    size_t last_len = 0;
    size_t i = 0, j;
    while ((j = s_token (s, len, &i)) > i) {
        if (dpc_in_list (s_neutral_tokens, s + i, j - i)
        ||  (!last && dpc_in_list (s_label_heads, s + i, j - i)))
            return DPC_NAME_OK;
        area = area || dpc_in_list (s_area_tokens, s + i, j - i);
        dpc_name_t v = DPC_NAME_OK;
        if (s_comment_token (s + i, j - i))
            v = DPC_NAME_HARD;
        else
        if (last && ((last_len == 6 && strncasecmp (last, "author", 6) == 0
                      && dpc_in_list (s_author_box_tokens, s + i, j - i))
                  || (j - i == 6 && strncasecmp (s + i, "author", 6) == 0
                      && last_len == 5 && strncasecmp (last, "about", 5) == 0)))
            v = DPC_NAME_BAD;
        else
        if (dpc_in_list (s_bad_tokens, s + i, j - i))
            v = dpc_in_list (s_layout_tokens, s + i, j - i) ? DPC_NAME_LAYOUT : DPC_NAME_BAD;
        if (v > bad)
            bad = v;
        last = s + i;
        last_len = j - i;
        i = j;
    }
    if (last && dpc_in_list (s_content_heads, last, last_len))
        return DPC_NAME_OK;
    if (area && bad == DPC_NAME_LAYOUT)
        return DPC_NAME_OK;
    return bad;
}

//  --------------------------------------------------------------------------
//  The surest verdict of s_bad_name over an attribute value (class list or
//  id).

dpc_name_t
dpc_bad_attr (const xmlChar *value)
{
    if (!value)
        return DPC_NAME_OK;
    const char *s = (const char *) value;
    size_t total = strlen (s);
    if (total > 2000)
        return DPC_NAME_OK;             //  a class soup is not a signal
    dpc_name_t worst = DPC_NAME_OK;
    size_t i = 0;
    while (i < total && worst != DPC_NAME_HARD) {
        while (i < total && isspace ((unsigned char) s [i]))
            i++;
        size_t j = i;
        while (j < total && !isspace ((unsigned char) s [j]))
            j++;
        if (j > i) {
            dpc_name_t v = s_bad_name (s + i, j - i);
            if (v > worst)
                worst = v;
        }
        i = j;
    }
    return worst;
}

//  --------------------------------------------------------------------------
//  True when a class list or id names a box of other articles (a
//  related-stories slideshow, a promotion, a "most read" list) by one of
//  its tokens: unlike a paywall or a share bar, such a box never wraps the
//  article it follows.

static const char *s_recirc_tokens [] = {
    "related", "promo", "promoted", "sponsored", "recommended", "recirculation",
    "trending", "mostread", "popular", "outbrain", "taboola", NULL
};

//  True when one of the tokens of a class list or id is in list.
static bool
s_attr_token_in (const char *value, const char **list)
{
    if (!value)
        return false;
    size_t total = strlen (value);
    if (total > 2000)
        return false;                   //  a class soup is not a signal
    size_t i = 0, j;
    while ((j = s_token (value, total, &i)) > i) {
        if (dpc_in_list (list, value + i, j - i))
            return true;
        i = j;
    }
    return false;
}

bool
dpc_recirc_attr (const char *value)
{
    return s_attr_token_in (value, s_recirc_tokens);
}

//  --------------------------------------------------------------------------
//  True when a class list or id names a paywall by one of its tokens:
//  its prompt ("Subscribe to read on"), or the rest of the article that the
//  page holds behind it ("paywall-content", "subscription-body").

static const char *s_paywall_tokens [] = {
    "paywall", "subscription", NULL
};

bool
dpc_paywall_attr (const char *value)
{
    return s_attr_token_in (value, s_paywall_tokens);
}

//  --------------------------------------------------------------------------
//  True when one of the S_LIVE_UP elements above node is named as a live
//  blog by a word of its class or id ("liveblog", "live-feed", "lb-live"):
//  its entries, which many CMSs name "comment", are the article.

#define S_LIVE_UP 4

static const char *s_live_words [] = {
    "live", "liveblog", "livefeed", "liveticker", "liveupdates", NULL
};

static bool
s_live_name (const char *v)
{
    if (!v)
        return false;
    size_t len = strlen (v), i = 0;
    while (i < len) {
        while (i < len && !isalnum ((unsigned char) v [i]))
            i++;
        size_t j = i;
        while (j < len && isalnum ((unsigned char) v [j]))
            j++;
        if (j > i && dpc_in_list (s_live_words, v + i, j - i))
            return true;
        i = j;
    }
    return false;
}

bool
dpc_in_live_blog (const xmlNode *node)
{
    const xmlNode *n = node->parent;
    for (int up = 0; n && n->type == XML_ELEMENT_NODE && up < S_LIVE_UP; up++, n = n->parent)
        if (s_live_name (dpc_attr ((xmlNode *) n, "class"))
        ||  s_live_name (dpc_attr ((xmlNode *) n, "id")))
            return true;
    return false;
}
