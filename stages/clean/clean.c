//  depeche clean — turns an HTML page or scraped page text into the article's
//  paragraphs ("\n\n"-separated, NFC, ordinary spaces) and lifts metadata.
//  Boilerplate is removed in two passes: structure (dropped elements, class
//  and id tokens, link density) and a paragraph classifier shared by both
//  inputs (rules file, teasers, menus, edges). No sockets, no globals beyond
//  libxml2's error hook; one cleaner is used by one thread at a time.
#include "clean/clean.h"
#include "depeche/dp_lang.h"
#include "depeche/dp_log.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <utf8proc.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#define S_MAX_INPUT (64u << 20)         //  larger articles are dead-lettered
#define S_RULE_MAX_BYTES 600            //  longer paragraphs skip the rules
#define S_MAX_TAGS 64                   //  tags kept per article
#define S_MAX_CANDIDATES 64             //  <article>/<main> candidates looked at
#define S_MIN_ROOT_CHARS 250            //  a content root needs this much text
#define S_WRAPPER_SHARE 0.6             //  prose share that makes a bad name a wrapper
#define S_MAX_ROOTS 16                  //  sibling parts of one split article body
#define S_MIN_PART_CHARS 80             //  a further part needs this much text
#define S_LEAN_LIBXML2 "20914"          //  the libxml2 (2.9.14) s_lean follows

//  Paragraph classes, from worst to best.
typedef enum {
    S_BAD = 0,                          //  boilerplate: removed
    S_SHORT,                            //  short, undecided until context is seen
    S_TRUNC,                            //  ends with "..." or "…": teaser-like
    S_GOOD,                             //  a real paragraph
    S_KEEP                              //  attribution such as "(Avec AFP)"
} s_class_t;

//  A slot of the duplicate table: text hash and the first block holding it.
typedef struct {
    uint64_t hash;                      //  0: empty slot
    size_t index;                       //  block index
} s_seen_t;

//  One paragraph candidate (an HTML block or a line of text).
typedef struct {
    size_t off;                         //  start in the block buffer
    size_t len;                         //  bytes
    size_t nchars;                      //  code points
    size_t nwords;                      //  blank-separated words
    size_t raw_chars;                   //  non-blank bytes before normalising
    size_t link_chars;                  //  of those, inside <a>
    bool heading;                       //  from <h1>..<h6>
    bool terminal;                      //  ends like a sentence
    bool rule;                          //  removed by a rule (not by context)
    bool linky;                         //  removed for its link density alone
    bool in_core;                       //  inside the main-content subtree
    size_t dup_of;                      //  index of the earlier equal block, or SIZE_MAX
    int cls;                            //  s_class_t
    void *node;                         //  HTML: element holding the text (borrowed)
} s_block_t;

//  Growable byte buffer; oom is sticky so callers check once at the end.
typedef struct {
    char *p;                            //  bytes, NUL-terminated when non-empty
    size_t len;                         //  used
    size_t cap;                         //  allocated
    bool oom;                           //  an allocation failed
} s_buf_t;

//  A compiled rule.
typedef struct {
    pcre2_code *code;                   //  JIT-compiled when JIT is available
    bool section;                       //  "@section" marker rule
    bool merged;                        //  part of dp_cleaner.merged
    bool words;                         //  part of dp_cleaner.merged_words
} s_rule_t;

struct dp_cleaner {
    s_rule_t *rules;                    //  from the rules file, in file order
    size_t n_rules;
    pcre2_code *merged;                 //  the ^-anchored rules as one alternation
                                        //  (NULL: none)
    pcre2_code *merged_words;           //  the \b-led ones, \b taken out once
                                        //  (NULL: none)
    pcre2_code *re_tags;                //  "Tags: a, b" line
    pcre2_code *re_date_prefix;         //  "date 2023-01 <sentence>"
    pcre2_code *re_date_line;           //  "Publié le 13 avril 2024"
    pcre2_code *re_attrib;              //  "(Avec AFP)"
    pcre2_match_data *md;               //  shared match data (single thread)
    bool lean;                          //  libxml2 is the one s_lean follows
    char *lean_buf;                     //  s_lean's copy, kept for the next page
    size_t lean_cap;                    //  allocated bytes of lean_buf
};

//  Work state of one clean call.
typedef struct {
    dp_cleaner_t *cleaner;              //  rules
    dp_clean_result_t *out;             //  result being filled
    s_buf_t raw;                        //  current HTML block, not normalised
    s_buf_t text;                       //  normalised block texts
    s_block_t *blocks;                  //  paragraph candidates
    size_t n_blocks;
    size_t cap_blocks;
    size_t raw_nonblank;                //  non-blank bytes in raw
    size_t raw_link;                    //  of those, inside <a>
    int link_depth;                     //  open <a> elements
    int heading_depth;                  //  open <h1>..<h6> elements
    bool raw_heading;                   //  raw holds heading text
    void *raw_node;                     //  element of raw's first text
    bool drop_by_class;                 //  class/id tokens may drop elements
    size_t page_mass;                   //  non-link text bytes of the body (s_mass)
    xmlNode *h1;                        //  the page's first <h1>, or NULL
    xmlNode *root;                      //  content root, or the common ancestor of the parts
    xmlNode *roots [S_MAX_ROOTS];       //  walked subtrees, in document order
    size_t n_roots;                     //  used entries of roots
    bool oom;                           //  an allocation failed
    bool lean;                          //  the tree is parsed from s_lean's copy
    bool retry;                         //  ... and the page is needed as it was
} s_work_t;

//  --------------------------------------------------------------------------
//  Appends len bytes to the buffer, keeping it NUL-terminated.

static void
s_buf_add (s_buf_t *b, const char *s, size_t len)
{
    if (b->oom)
        return;
    if (b->len + len + 1 > b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 1024;
        while (ncap < b->len + len + 1)
            ncap *= 2;
        char *np = realloc (b->p, ncap);
        if (!np) {
            b->oom = true;
            return;
        }
        b->p = np;
        b->cap = ncap;
    }
    memcpy (b->p + b->len, s, len);
    b->len += len;
    b->p [b->len] = '\0';
}

//  --------------------------------------------------------------------------
//  Returns a NUL-terminated copy of s[0..len), or NULL when out of memory.

static char *
s_strndup (const char *s, size_t len)
{
    char *d = malloc (len + 1);
    if (d) {
        memcpy (d, s, len);
        d [len] = '\0';
    }
    return d;
}

//  --------------------------------------------------------------------------
//  Silences libxml2: parse errors of broken pages must not reach stderr.

static void
s_xml_quiet (void *ctx, const char *msg, ...)
{
    (void) ctx;
    (void) msg;
}

//  --------------------------------------------------------------------------
//  Structured-error twin of s_xml_quiet.

static void
s_xml_quiet_structured (void *ctx, xmlErrorPtr error)
{
    (void) ctx;
    (void) error;
}

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
//  Loads the rules file. 0, or -1 with the reason logged (file:line).
//  Besides each rule compiled alone (for error messages and sections), the
//  ^-anchored rules that allow it are merged into one alternation: one match
//  call per paragraph instead of one per rule. So are the rules that start
//  with \b, with the \b before the alternation: PCRE2 then tests each place
//  for a word boundary once, not once per rule, which is most of their cost.
//  Only those before the first section rule, so that a paragraph they remove
//  never opens a section (s_rules_hit). Other unanchored rules stay alone,
//  where PCRE2 can scan for each one's first or required character.

static int
s_load_rules (dp_cleaner_t *self, const char *path)
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
    s_buf_t merged = { 0 };
    s_buf_t words = { 0 };
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
                s_rule_t *nr = realloc (self->rules, ncap * sizeof *nr);
                if (!nr) {
                    pcre2_code_free (re);
                    dp_log_error ("clean: out of memory loading %s", path);
                    rc = -1;
                    break;
                }
                self->rules = nr;
                cap = ncap;
            }
            bool merge = !section && *line == '^'
                      && s_mergeable (line, (size_t) (end - line))
                      && !s_top_alternation (line, (size_t) (end - line));
            if (merge) {
                if (merged.len)
                    s_buf_add (&merged, "|", 1);
                s_buf_add (&merged, "(?:", 3);
                s_buf_add (&merged, line, (size_t) (end - line));
                s_buf_add (&merged, ")", 1);
            }
            after_section = after_section || section;
            bool word = !merge && !after_section && end - line > 2
                     && line [0] == '\\' && line [1] == 'b'
                     && s_mergeable (line, (size_t) (end - line))
                     && !s_top_alternation (line, (size_t) (end - line));
            if (word) {                 //  "\bX" goes in as "(?:X)"
                s_buf_add (&words, words.len ? "|(?:" : "\\b(?:(?:", words.len ? 4 : 8);
                s_buf_add (&words, line + 2, (size_t) (end - line - 2));
                s_buf_add (&words, ")", 1);
            }
            self->rules [self->n_rules++] = (s_rule_t) { re, section, merge, word };
        }
        line = next;
    }
    free (data);
    char msg [256];
    if (rc == 0 && merged.len && !merged.oom)
        self->merged = s_compile (merged.p, merged.len, msg, sizeof msg, NULL);
    if (words.len)
        s_buf_add (&words, ")", 1);     //  closes "\b(?:"
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

static pcre2_code *
s_builtin (const char *pattern)
{
    char msg [256];
    size_t off = 0;
    pcre2_code *re = s_compile (pattern, PCRE2_ZERO_TERMINATED, msg, sizeof msg, &off);
    if (!re)
        dp_log_error ("clean: built-in pattern at %zu: %s", off, msg);
    return re;
}

//  --------------------------------------------------------------------------
//  Loads the rules (file order), compiles the built-in lifting patterns.

dp_cleaner_t *
dp_cleaner_new (const char *rules_path)
{
    xmlInitParser ();
    xmlSetGenericErrorFunc (NULL, s_xml_quiet);
    xmlSetStructuredErrorFunc (NULL, s_xml_quiet_structured);

    dp_cleaner_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->lean = strcmp (xmlParserVersion, S_LEAN_LIBXML2) == 0;
    char *found = NULL;
    if (!rules_path) {
        found = dp_data_path ("clean/boilerplate.rules");
        if (!found) {
            dp_log_error ("clean: clean/boilerplate.rules not found (set DP_DATA)");
            goto fail;
        }
        rules_path = found;
    }
    if (s_load_rules (self, rules_path))
        goto fail;
    self->re_tags = s_builtin (
        "^(?:tags?|mots[- ]cl[ée]s|keywords|étiquettes|thèmes|sujets)\\s*:\\s*(.+)$");
    self->re_date_prefix = s_builtin (
        "^(?:date|publié(?:e)?(?:\\s+le)?|mis en ligne(?:\\s+le)?|published(?:\\s+on)?"
        "|posted(?:\\s+on)?)\\s*:?\\s*(\\d{4}-\\d{2}(?:-\\d{2})?)(?:T[0-9:.+Z-]*)?(?:\\s+|$)");
    self->re_date_line = s_builtin (
        "^(?:publié(?:e)?|mis en ligne|mis à jour|date de publication|published|posted)"
        "(?:\\s+(?:le|on))?\\s*:?\\s*(.{6,60})$");
    self->re_attrib = s_builtin (
        "^(?:\\(\\s*(?:avec|with|d['’]après|selon|source\\s*:|sources\\s*:)\\s*[^()]{2,60}\\)"
        "|\\(?(?:AFP|Reuters|AP|Belga|ATS|DPA|ANSA|EFE|Xinhua|Anadolu|APA|Bloomberg|AFP/Reuters)\\)?)\\.?$");
    self->md = pcre2_match_data_create (8, NULL);
    if (!self->re_tags || !self->re_date_prefix || !self->re_date_line
    ||  !self->re_attrib || !self->md)
        goto fail;
    free (found);
    return self;
fail:
    free (found);
    dp_cleaner_destroy (&self);
    return NULL;
}

//  --------------------------------------------------------------------------
//  Frees the cleaner; accepts NULL and clears the caller's pointer.

void
dp_cleaner_destroy (dp_cleaner_t **self_p)
{
    if (!self_p || !*self_p)
        return;
    dp_cleaner_t *self = *self_p;
    for (size_t i = 0; i < self->n_rules; i++)
        pcre2_code_free (self->rules [i].code);
    free (self->rules);
    pcre2_code_free (self->merged);
    pcre2_code_free (self->merged_words);
    pcre2_code_free (self->re_tags);
    pcre2_code_free (self->re_date_prefix);
    pcre2_code_free (self->re_date_line);
    pcre2_code_free (self->re_attrib);
    pcre2_match_data_free (self->md);
    free (self->lean_buf);
    free (self);
    *self_p = NULL;
}

//  --------------------------------------------------------------------------
//  Frees every field of a result and zeroes it; accepts NULL.

void
dp_clean_result_free (dp_clean_result_t *res)
{
    if (!res)
        return;
    free (res->text);
    free (res->title);
    free (res->published);
    free (res->lang);
    free (res->url);
    for (size_t i = 0; i < res->n_tags; i++)
        free (res->tags [i]);
    free (res->tags);
    free (res->error);
    memset (res, 0, sizeof *res);
}

//  --------------------------------------------------------------------------
//  True when the pattern matches s[0..len). A match error counts as no match.
//  s must be valid UTF-8 (block text out of s_norm_append always is): the
//  per-call UTF check would cost more than the matching itself.

static bool
s_match (dp_cleaner_t *self, pcre2_code *re, const char *s, size_t len)
{
    return pcre2_match (re, (PCRE2_SPTR) s, len, 0, PCRE2_NO_UTF_CHECK, self->md, NULL) >= 0;
}

//  --------------------------------------------------------------------------
//  True when a rule of the file matches s[0..len); *section says whether it
//  is a section marker. The merged alternations go first: a paragraph that
//  an ordinary anchored rule removes does not open a section, nor does one
//  that a \b rule removes (all of those come before the section rules).

static bool
s_rules_hit (dp_cleaner_t *self, const char *s, size_t len, bool *section)
{
    *section = false;
    if (self->merged && s_match (self, self->merged, s, len))
        return true;
    if (self->merged_words && s_match (self, self->merged_words, s, len))
        return true;
    for (size_t r = 0; r < self->n_rules; r++)
        if (!self->rules [r].merged && !self->rules [r].words
        &&  s_match (self, self->rules [r].code, s, len)) {
            *section = self->rules [r].section;
            return true;
        }
    return false;
}

//  --------------------------------------------------------------------------
//  Group 1 of the last match as (start, length); false when unset.

static bool
s_group (dp_cleaner_t *self, size_t *start, size_t *len)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer (self->md);
    if (ov [2] == PCRE2_UNSET)
        return false;
    *start = ov [2];
    *len = ov [3] - ov [2];
    return true;
}

//  --------------------------------------------------------------------------
//  High bit of each byte of x set where that byte is k, clear elsewhere
//  (exact: no carry crosses a byte).

static uint64_t
s_bytes_eq (uint64_t x, unsigned char k)
{
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7Full;
    uint64_t y = x ^ (0x0101010101010101ull * k);
    return ~(((y & lo7) + lo7) | y) & ~lo7;
}

//  --------------------------------------------------------------------------
//  Binary sniffing: true when more than 10% of the bytes are control bytes
//  other than tab, newline, carriage return and form feed. Eight bytes at
//  a time: every byte of a page goes through here.

static bool
s_is_binary (const char *s, size_t len)
{
    if (len == 0)
        return false;
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7Full;
    size_t ctl = 0;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy (&x, s + i, 8);
        //  Bytes below 0x20: b & 0x7F plus 0x60 stays below 0x80, b < 0x80.
        uint64_t low = ~(((x & lo7) + 0x6060606060606060ull) | x) & ~lo7;
        if (low)
            low &= ~(s_bytes_eq (x, '\t') | s_bytes_eq (x, '\n') | s_bytes_eq (x, '\f')
                     | s_bytes_eq (x, '\r'));
        uint64_t hits = (low | s_bytes_eq (x, 0x7F)) >> 7;
        ctl += (size_t) ((hits * 0x0101010101010101ull) >> 56);    //  one per byte
    }
    //  Bit c set: byte c is a control byte (tab, LF, FF, CR are not).
    const uint32_t ctl_mask = ~((1u << '\t') | (1u << '\n') | (1u << '\f') | (1u << '\r'));
    for (; i < len; i++) {
        unsigned char c = (unsigned char) s [i];
        ctl += c < 0x20 ? (ctl_mask >> c) & 1u : c == 0x7F;
    }
    return ctl * 10 > len;
}

//  --------------------------------------------------------------------------
//  Sets out->error and returns DP_DEAD.

static dp_rc_t
s_dead (dp_clean_result_t *out, const char *reason)
{
    free (out->error);
    out->error = strdup (reason);
    return out->error ? DP_DEAD : DP_FATAL;
}

//  --------------------------------------------------------------------------
//  True for code points shown as a blank: ASCII blanks, NBSP, narrow NBSP,
//  the U+2000 spaces, line/paragraph separators, ideographic space.

static bool
s_is_space (utf8proc_int32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
        || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

//  --------------------------------------------------------------------------
//  True for code points that are dropped: C0/C1 controls, zero-width space,
//  word joiner, BOM, soft hyphen.

static bool
s_is_dropped (utf8proc_int32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x200B || c == 0x2060
        || c == 0xFEFF || c == 0xAD;
}

//  --------------------------------------------------------------------------
//  True when NFC cannot change s[0..len): every code point is a starter
//  with no canonical singleton and nothing combines with it (Latin up to
//  U+02FF, Cyrillic, general punctuation, currency signs, CJK ideographs).
//  Saves utf8proc_map's allocation and decomposition on most paragraphs.

static bool
s_nfc_inert (const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *) s;
    size_t i = 0;
    while (i < len) {
        uint64_t w;                     //  eight ASCII bytes at a time
        if (i + 8 <= len && (memcpy (&w, p + i, 8), !(w & 0x8080808080808080ull))) {
            i += 8;
            continue;
        }
        if (p [i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate (p + i, (utf8proc_ssize_t) (len - i), &c);
        if (k <= 0)
            return false;
        i += (size_t) k;
        if (!(c < 0x300 || (c >= 0x400 && c <= 0x482) || (c >= 0x48A && c <= 0x4FF)
           || (c >= 0x2002 && c <= 0x206F)
           || (c >= 0x20A0 && c <= 0x20CF) || (c >= 0x4E00 && c <= 0x9FFF)))
            return false;
    }
    return true;
}

//  --------------------------------------------------------------------------
//  End of the run of printable ASCII bytes (0x21 to 0x7E) that starts at i.

static size_t
s_printable_end (const unsigned char *p, size_t i, size_t n)
{
#if defined __GNUC__ && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    //  Eight bytes at a time. A byte b is printable when b & 0x7F plus 0x5F
    //  reaches 0x80 (at least 0x21), plus 1 does not (not 0x7F), and b is
    //  below 0x80; the lowest bad byte is the first one.
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7Full;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy (&x, p + i, 8);
        uint64_t y = x & lo7;
        uint64_t bad = ~((y + 0x5F5F5F5F5F5F5F5Full) & ~(y + 0x0101010101010101ull) & ~x)
                     & ~lo7;
        if (bad)
            return i + (size_t) __builtin_ctzll (bad) / 8;
    }
#endif
    while (i < n && p [i] > 0x20 && p [i] < 0x7F)
        i++;
    return i;
}

//  --------------------------------------------------------------------------
//  Appends s[0..len) to dst normalised: NFC, blanks (NBSP included) turned
//  into one ordinary space, controls and zero-width characters dropped,
//  trimmed, exactly one space inside « guillemets ». Invalid bytes (there
//  should be none by now) become U+FFFD. Fills the block's counts.

static void
s_norm_append (s_buf_t *dst, const char *s, size_t len, s_block_t *blk)
{
    utf8proc_uint8_t *nfc = NULL;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *) s;
    utf8proc_ssize_t n = (utf8proc_ssize_t) len;
    if (!s_nfc_inert (s, len)) {
        utf8proc_ssize_t m = utf8proc_map (p, n, &nfc, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
        if (m >= 0) {
            p = nfc;
            n = m;
        }
    }
    size_t start = dst->len;
    bool pending = false;               //  a blank was seen since the last char
    bool after_open = false;            //  last char written was «
    size_t nchars = 0, nwords = 0, ideographs = 0;
    utf8proc_int32_t last = 0;
    utf8proc_ssize_t i = 0;
    while (i < n) {
        if (p [i] > 0x20 && p [i] < 0x7F) {
            //  A run of printable ASCII (most text) goes in at once: after
            //  its first byte, the loop below would only copy and count.
            utf8proc_ssize_t j = (utf8proc_ssize_t) s_printable_end (p, (size_t) i + 1, (size_t) n);
            bool written = dst->len > start;
            if (written && (pending || after_open)) {
                s_buf_add (dst, " ", 1);
                nchars++;
            }
            if (!written || pending || after_open)
                nwords++;
            pending = false;
            after_open = false;
            s_buf_add (dst, (const char *) p + i, (size_t) (j - i));
            nchars += (size_t) (j - i);
            last = p [j - 1];
            i = j;
            continue;
        }
        utf8proc_int32_t c = p [i];
        utf8proc_ssize_t k = c < 0x80 ? 1 : utf8proc_iterate (p + i, n - i, &c);
        if (k <= 0) {
            c = 0xFFFD;
            k = 1;
        }
        i += k;
        if (s_is_space (c)) {
            pending = true;
            continue;
        }
        if (s_is_dropped (c))
            continue;
        bool written = dst->len > start;
        if (written && (pending || after_open || c == 0xBB)) {
            s_buf_add (dst, " ", 1);
            nchars++;
        }
        if (!written || pending || after_open)
            nwords++;
        pending = false;
        utf8proc_uint8_t enc [4];
        utf8proc_ssize_t el = utf8proc_encode_char (c, enc);
        s_buf_add (dst, (const char *) enc, (size_t) el);
        nchars++;
        if (c >= 0x3040 && c <= 0x9FFF)
            ideographs++;               //  kana and Han: no blanks between words
        after_open = c == 0xAB;
        last = c;
    }
    free (nfc);
    blk->len = dst->len - start;
    blk->nchars = nchars;
    blk->nwords = nwords + ideographs / 2;
    blk->terminal = false;
    if (blk->len) {
        const char *e = dst->p + dst->len;
        bool trunc = (blk->len >= 3 && memcmp (e - 3, "...", 3) == 0) || last == 0x2026;
        blk->cls = trunc ? S_TRUNC : S_SHORT;
        blk->terminal = !trunc && (last == '.' || last == '!' || last == '?'
                        || last == ';' || last == ':' || last == 0xBB
                        || last == 0x201D || last == '"' || last == 0x3002
                        || last == 0xFF01 || last == 0xFF1F);
    }
}

//  --------------------------------------------------------------------------
//  Appends a block made from s[0..len). Empty blocks are not kept.

static s_block_t *
s_block_add (s_work_t *w, const char *s, size_t len)
{
    if (w->n_blocks == w->cap_blocks) {
        size_t ncap = w->cap_blocks ? w->cap_blocks * 2 : 64;
        s_block_t *nb = realloc (w->blocks, ncap * sizeof *nb);
        if (!nb) {
            w->oom = true;
            return NULL;
        }
        w->blocks = nb;
        w->cap_blocks = ncap;
    }
    s_block_t *blk = &w->blocks [w->n_blocks];
    memset (blk, 0, sizeof *blk);
    blk->dup_of = SIZE_MAX;
    blk->off = w->text.len;
    s_norm_append (&w->text, s, len, blk);
    if (blk->len == 0)
        return NULL;
    w->n_blocks++;
    return blk;
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
    s_buf_t b = { 0 };
    s_block_t blk;
    s_norm_append (&b, s, len, &blk);
    if (b.oom) {
        free (b.p);
        return -1;
    }
    if (b.len == 0) {
        free (b.p);
        return 0;
    }
    for (size_t i = 0; i < out->n_tags; i++)
        if (strcasecmp (out->tags [i], b.p) == 0) {
            free (b.p);
            return 0;
        }
    char **nt = realloc (out->tags, (out->n_tags + 1) * sizeof *nt);
    if (!nt) {
        free (b.p);
        return -1;
    }
    out->tags = nt;
    out->tags [out->n_tags++] = b.p;
    return 0;
}

//  --------------------------------------------------------------------------
//  Splits a tag list on , ; | (or on blanks when it has none) and adds each.

static int
s_tags_split (dp_clean_result_t *out, const char *s, size_t len)
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

static bool
s_parse_date (const char *s, size_t len, char out [11])
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

static int
s_set_published (dp_clean_result_t *out, const char *s, size_t len)
{
    char date [11];
    if (out->published || !s || !s_parse_date (s, len, date))
        return 0;
    out->published = strdup (date);
    return out->published ? 0 : -1;
}

//  --------------------------------------------------------------------------
//  Sets *field to a normalised copy of s[0..len) when unset and non-empty.
//  Returns -1 when out of memory, else 0.

static int
s_set_field (char **field, const char *s, size_t len)
{
    if (*field || !s)
        return 0;
    s_buf_t b = { 0 };
    s_block_t blk;
    s_norm_append (&b, s, len, &blk);
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
    out->lang = s_strndup (s, n);
    if (!out->lang)
        return -1;
    for (size_t i = 0; i < n; i++)
        out->lang [i] = (char) tolower ((unsigned char) out->lang [i]);
    return 0;
}

//  --------------------------------------------------------------------------
//  Returns the class of a paragraph from its own text (no context).

static int
s_class_of (const s_block_t *b)
{
    if (b->cls == S_TRUNC)
        return b->nwords >= 60 ? S_GOOD : S_TRUNC;
    if ((b->nwords >= 10 && b->terminal) || b->nwords >= 30)
        return S_GOOD;
    return S_SHORT;
}

//  --------------------------------------------------------------------------
//  FNV-1a hash of a block's text, for duplicate detection.

static uint64_t
s_hash (const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char) s [i];
        h *= 1099511628211ull;
    }
    return h ? h : 1;
}

//  --------------------------------------------------------------------------
//  True when the block equals s (byte for byte after normalisation, ASCII
//  case ignored).

static bool
s_block_is (const s_work_t *w, const s_block_t *b, const char *s)
{
    return s && strlen (s) == b->len && strncasecmp (w->text.p + b->off, s, b->len) == 0;
}

//  --------------------------------------------------------------------------
//  HTML only: finds the main-content subtree, the deepest element under the
//  walk root that holds at least S_CORE_SHARE of the text of the real
//  paragraphs (S_GOOD), and marks the blocks inside it (in_core). Counters
//  live in the nodes' _private field, zeroed first along the same paths;
//  walks up the tree stop after S_CORE_MAX_UP levels so that a page nested
//  100 000 deep costs no more than a flat one (it then gets no core).

#define S_CORE_SHARE 0.8
#define S_CORE_MAX_UP 256

static void
s_mark_core (s_work_t *w)
{
    xmlNode *root = w->root;
    if (!root)
        return;
    size_t total = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < w->n_blocks; i++) {
            s_block_t *b = &w->blocks [i];
            if (b->cls != S_GOOD || !b->node)
                continue;
            xmlNode *n = b->node;
            for (int up = 0; n && up < S_CORE_MAX_UP; up++, n = n->parent) {
                if (pass == 0)
                    n->_private = NULL;
                else
                    n->_private = (void *) ((uintptr_t) n->_private + b->nchars);
                if (n == root)
                    break;
            }
            if (pass == 1)
                total += b->nchars;
        }
    if (total == 0 || (uintptr_t) root->_private < total * S_CORE_SHARE)
        return;
    xmlNode *core = root;
    for (int depth = 0; depth < S_CORE_MAX_UP; depth++) {
        xmlNode *next = NULL;
        for (xmlNode *c = core->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE && (uintptr_t) c->_private >= total * S_CORE_SHARE) {
                next = c;
                break;
            }
        if (!next)
            break;
        core = next;
    }
    const char *name = (const char *) core->name;
    if (!name || strcasecmp (name, "body") == 0 || strcasecmp (name, "html") == 0)
        return;                         //  the text is spread over the page
    for (size_t i = 0; i < w->n_blocks; i++) {
        s_block_t *b = &w->blocks [i];
        xmlNode *n = b->node;
        for (int up = 0; n && up < S_CORE_MAX_UP; up++, n = n->parent)
            if (n == core) {
                b->in_core = true;
                break;
            }
    }
}

//  --------------------------------------------------------------------------
//  A repeated paragraph is boilerplate (a headline shown twice, a teaser
//  list) unless both copies sit inside the article body: recipes, tables and
//  step lists repeat lines on purpose.

static void
s_restore_core_dups (s_work_t *w)
{
    for (size_t i = 0; i < w->n_blocks; i++) {
        s_block_t *b = &w->blocks [i];
        if (b->dup_of == SIZE_MAX || !b->in_core)
            continue;
        const s_block_t *orig = &w->blocks [b->dup_of];
        if (orig->in_core && orig->cls != S_BAD)
            b->cls = s_class_of (b);
    }
}

//  --------------------------------------------------------------------------
//  Inside the article body a real sentence may be half links (a lead that
//  links its sources, a quoted tweet): it stays when it reads as a sentence
//  and no more than S_CORE_LINK_MAX of it is link text. Link lists, teaser
//  titles and "Read more" lines do not end like sentences or are all links.

#define S_CORE_LINK_MAX 0.7

static void
s_rescue_linked (s_work_t *w)
{
    dp_cleaner_t *self = w->cleaner;
    for (size_t i = 0; i < w->n_blocks; i++) {
        s_block_t *b = &w->blocks [i];
        if (!b->linky || !b->in_core || !b->terminal || b->nwords < 10
        ||  b->link_chars > b->raw_chars * S_CORE_LINK_MAX)
            continue;
        bool section;
        if (b->len > S_RULE_MAX_BYTES || !s_rules_hit (self, w->text.p + b->off, b->len, &section))
            b->cls = s_class_of (b);
    }
}

//  --------------------------------------------------------------------------
//  Classifies every block and marks boilerplate S_BAD. text_mode: blocks are
//  lines of scraped text (title lifting from the top applies). Returns -1
//  when out of memory.

static int
s_classify (s_work_t *w, bool text_mode)
{
    dp_cleaner_t *self = w->cleaner;
    size_t n = w->n_blocks;
    s_block_t *bl = w->blocks;
    if (n == 0)
        return 0;

    //  Pass 1: each block alone. Section markers remove the teasers after them.
    size_t hcap = 1;
    while (hcap < n * 2)
        hcap *= 2;
    s_seen_t *seen = calloc (hcap, sizeof *seen);
    if (!seen)
        return -1;
    bool in_section = false;
    for (size_t i = 0; i < n; i++) {
        s_block_t *b = &bl [i];
        const char *s = w->text.p + b->off;
        b->cls = s_class_of (b);
        //  Mostly links: a menu or a link list (s_rescue_linked may take a
        //  sentence of the article body back).
        if (b->raw_chars && (b->link_chars * 2 > b->raw_chars
                         || (b->cls != S_GOOD && b->link_chars * 10 > b->raw_chars * 3))) {
            b->cls = S_BAD;
            b->linky = true;
            continue;
        }
        if (b->len <= S_RULE_MAX_BYTES) {
            bool section = false;
            if (s_rules_hit (self, s, b->len, &section)) {
                b->cls = S_BAD;
                b->rule = true;
                if (section)
                    in_section = true;
                continue;
            }
            if (s_match (self, self->re_attrib, s, b->len)) {
                b->cls = S_KEEP;
                continue;
            }
        }
        if (b->nchars >= 20) {
            uint64_t h = s_hash (s, b->len);
            size_t k = h & (hcap - 1);
            bool dup = false;
            while (seen [k].hash) {
                if (seen [k].hash == h) {
                    dup = true;
                    break;
                }
                k = (k + 1) & (hcap - 1);
            }
            if (dup) {
                b->cls = S_BAD;         //  repeated headline or teaser list
                b->dup_of = seen [k].index;
                continue;
            }
            seen [k] = (s_seen_t) { h, i };
        }
        if (in_section) {
            if (b->cls == S_GOOD)
                in_section = false;
            else
                b->cls = S_BAD;
        }
    }
    free (seen);

    //  Pass 2: teasers, a title-like line followed by a truncated blurb.
    for (size_t i = 0; i + 1 < n; i++)
        if (bl [i].cls == S_SHORT && !bl [i].terminal && bl [i].nwords <= 30
        &&  bl [i + 1].cls == S_TRUNC && bl [i + 1].nchars <= 400) {
            bl [i].cls = S_BAD;
            bl [i + 1].cls = S_BAD;
        }

    //  Pass 3: runs of three or more short unterminated lines are menus. In
    //  HTML only lines with links count: a list without links is content.
    for (size_t i = 0; i < n; ) {
        size_t j = i;
        while (j < n && bl [j].cls == S_SHORT && !bl [j].terminal && bl [j].nwords <= 5
           && !bl [j].heading && (text_mode || bl [j].link_chars > 0))
            j++;
        if (j - i >= 3)
            for (size_t k = i; k < j; k++)
                bl [k].cls = S_BAD;
        i = j > i ? j : i + 1;
    }

    if (!text_mode) {
        s_mark_core (w);
        s_restore_core_dups (w);
        s_rescue_linked (w);
    }

    //  Pass 4: edges. Nothing short survives before the first real paragraph
    //  or after the last one, except attributions after the article.
    size_t first = n, last = n;
    for (size_t i = 0; i < n; i++)
        if (bl [i].cls == S_GOOD) {
            if (first == n)
                first = i;
            last = i;
        }
    if (first == n) {
        //  No real paragraph: a short note or a brief. Keep what is not bad.
        for (size_t i = 0; i < n; i++)
            if (bl [i].cls != S_BAD)
                bl [i].cls = S_GOOD;
        return 0;
    }
    if (text_mode && !w->out->title) {
        //  The headline of scraped text: the longest title-like line above
        //  the first paragraph that the passes above did not remove.
        size_t best = n;
        for (size_t i = 0; i < first; i++)
            if (bl [i].cls == S_SHORT && bl [i].nwords >= 3 && bl [i].nchars <= 250
            &&  (best == n || bl [i].nchars > bl [best].nchars))
                best = i;
        if (best < n) {
            if (s_set_field (&w->out->title, w->text.p + bl [best].off, bl [best].len))
                return -1;
            bl [best].cls = S_BAD;
        }
    }
    for (size_t i = 0; i < n; i++) {
        s_block_t *b = &bl [i];
        if (b->cls == S_BAD || b->cls == S_GOOD)
            continue;
        if (b->in_core && b->cls == S_SHORT && !b->heading && b->link_chars == 0)
            b->cls = S_GOOD;            //  inside the article body: a list item, a short line
        else
        if (i < first)
            b->cls = S_BAD;
        else
        if (i > last)
            b->cls = b->cls == S_KEEP ? S_GOOD : S_BAD;
        else
        if (b->cls == S_SHORT && b->in_core)
            b->cls = S_GOOD;            //  inside the article body: a list item, a sub-heading
        else
        if (b->cls == S_SHORT) {
            //  A short line inside the article stays when real text follows
            //  it (a sub-heading); ads in between do not count.
            size_t j = i + 1;
            while (j < n && (bl [j].cls == S_SHORT || bl [j].cls == S_KEEP
                          || (bl [j].cls == S_BAD && bl [j].rule)))
                j++;
            b->cls = (j < n && bl [j].cls >= S_TRUNC) ? S_GOOD : S_BAD;
        }
        else
            b->cls = S_GOOD;
    }
    //  The lifted title is not part of the text.
    for (size_t i = 0; i < n; i++)
        if (bl [i].cls != S_BAD && bl [i].nwords <= 40 && s_block_is (w, &bl [i], w->out->title))
            bl [i].cls = S_BAD;
    return 0;
}

//  --------------------------------------------------------------------------
//  Joins the kept blocks into out->text. DP_OK, DP_DEAD when nothing is
//  left, DP_FATAL when out of memory.

static dp_rc_t
s_emit (s_work_t *w)
{
    s_buf_t o = { 0 };
    bool debug = getenv ("DP_CLEAN_DEBUG") != NULL;
    for (size_t i = 0; i < w->n_blocks; i++) {
        const s_block_t *b = &w->blocks [i];
        if (debug)                      //  one line per block on stderr
            fprintf (stderr, "clean: %c%c%c w=%zu l=%zu/%zu %s %.*s\n",
                     "BSTGK" [b->cls], b->in_core ? 'c' : ' ', b->rule ? 'r' : ' ',
                     b->nwords, b->link_chars, b->raw_chars,
                     b->node ? (const char *) ((xmlNode *) b->node)->name : "-",
                     (int) (b->len < 70 ? b->len : 70), w->text.p + b->off);
        if (b->cls == S_BAD) {
            w->out->n_removed++;
            continue;
        }
        if (o.len)
            s_buf_add (&o, "\n\n", 2);
        s_buf_add (&o, w->text.p + b->off, b->len);
    }
    if (o.oom) {
        free (o.p);
        return DP_FATAL;
    }
    if (o.len == 0) {
        free (o.p);
        return s_dead (w->out, "no text after cleaning");
    }
    w->out->text = o.p;
    w->out->text_len = o.len;
    return DP_OK;
}

//  --------------------------------------------------------------------------
//  Frees the work state (not the result).

static void
s_work_free (s_work_t *w)
{
    free (w->raw.p);
    free (w->text.p);
    free (w->blocks);
}

//  ==========================================================================
//  Plain text
//  ==========================================================================

//  --------------------------------------------------------------------------
//  Handles one line of scraped text: lifts tags and dates, else adds it as
//  a block. Returns -1 when out of memory.

static int
s_text_line (s_work_t *w, const char *line, size_t len, size_t line_no)
{
    dp_cleaner_t *self = w->cleaner;
    //  Normalise first so the lifting patterns see clean spacing.
    s_block_t *b = s_block_add (w, line, len);
    if (!b)
        return w->oom || w->text.oom ? -1 : 0;
    const char *s = w->text.p + b->off;
    size_t start, glen;
    if (b->len <= S_RULE_MAX_BYTES && s_match (self, self->re_tags, s, b->len)
    &&  s_group (self, &start, &glen)) {
        if (s_tags_split (w->out, s + start, glen))
            return -1;
        w->n_blocks--;
        w->text.len = b->off;
        w->out->n_removed++;
        return 0;
    }
    if (line_no < 5 && s_match (self, self->re_date_prefix, s, b->len)
    &&  s_group (self, &start, &glen)) {
        if (s_set_published (w->out, s + start, glen))
            return -1;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer (self->md);
        size_t rest = ov [1];
        //  The sentence on the same line is article text: keep it alone.
        char *copy = s_strndup (s + rest, b->len - rest);
        if (!copy)
            return -1;
        w->n_blocks--;
        w->text.len = b->off;
        s_block_add (w, copy, strlen (copy));
        free (copy);
        return 0;
    }
    if (b->len <= 80 && s_match (self, self->re_date_line, s, b->len)
    &&  s_group (self, &start, &glen)) {
        char date [11];
        if (s_parse_date (s + start, glen, date)) {
            if (s_set_published (w->out, date, strlen (date)))
                return -1;
            w->n_blocks--;
            w->text.len = b->off;
            w->out->n_removed++;
        }
    }
    return 0;
}

//  --------------------------------------------------------------------------
//  Cleans scraped text: one line is one paragraph.

dp_rc_t
dp_clean_text (dp_cleaner_t *self, const char *text, size_t len,
               dp_clean_result_t *out)
{
    if (!self || !out)
        return DP_FATAL;
    if (!text)
        len = 0;
    if (len > S_MAX_INPUT)
        return s_dead (out, "article too large");
    if (s_is_binary (text, len))
        return s_dead (out, "binary content");
    size_t fixed_len = 0, repaired = 0;
    char *fixed = dp_utf8_repair (text ? text : "", len, &fixed_len, &repaired);
    if (!fixed)
        return DP_FATAL;
    out->n_repaired += repaired;

    s_work_t w = { .cleaner = self, .out = out };
    const char *p = fixed, *end = fixed + fixed_len;
    int rc = 0;
    while (p < end && rc == 0) {
        const char *eol = memchr (p, '\n', (size_t) (end - p));
        if (!eol)
            eol = end;
        //  Blank lines add no block; the date prefix is looked for in the
        //  first paragraphs only.
        rc = s_text_line (&w, p, (size_t) (eol - p), w.n_blocks);
        p = eol + 1;
    }
    free (fixed);
    dp_rc_t result = DP_FATAL;
    if (rc == 0 && !w.oom && !w.text.oom && s_classify (&w, true) == 0)
        result = s_emit (&w);
    s_work_free (&w);
    return result;
}

//  ==========================================================================
//  HTML
//  ==========================================================================

//  Elements dropped with everything in them.
static const char *s_drop_tags [] = {
    "script", "style", "noscript", "template", "nav", "header", "footer",
    "aside", "form", "iframe", "svg", "button", "select", "textarea", "input",
    "object", "embed", "canvas", "video", "audio", "menu", "dialog", "figcaption",
    "head", "title", "meta", "link", "math", "map", NULL
};

//  Elements that end a paragraph.
static const char *s_block_tags [] = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
    "h6", "td", "th", "tr", "table", "tbody", "thead", "tfoot", "caption",
    "blockquote", "br", "hr", "pre", "section", "article", "main", "figure",
    "address", "center", "summary", "details", "fieldset", "legend", "body",
    "html", "hgroup", NULL
};

//  Class/id tokens that mark boilerplate containers.
static const char *s_bad_tokens [] = {
    "nav", "navbar", "navigation", "menu", "menubar", "submenu", "footer",
    "sidebar", "share", "sharing", "sharebar", "social", "socials", "related",
    "comment", "comments", "cookie", "cookies", "consent", "gdpr", "newsletter",
    "subscribe", "subscription", "advert", "advertisement", "advertising", "ad",
    "ads", "adv", "adsense", "dfp", "promo", "promoted", "sponsored", "breadcrumb",
    "breadcrumbs", "banner", "popup", "modal", "outbrain", "taboola", "paywall",
    "signup", "login", "toolbar", "masthead", "skip", "sr", "tags",
    "tagcloud", "pagination", "pager", "recommended", "recirculation",
    "trending", "mostread", "popular", "disqus", "caption", "credit", "credits",
    "widget", "widgets", NULL
};

//  Bad tokens that also name page layouts ("one-sidebar-second" on the
//  wrapper of article and sidebar, "menu-open" on the page): an element
//  named only by these is kept when it holds most of the page's text.
static const char *s_layout_tokens [] = {
    "sidebar", "nav", "navbar", "navigation", "menu", "menubar", "submenu",
    "banner", "popup", "modal", "toolbar", NULL
};

//  Bad tokens of sections that may outweigh the article (reader comments):
//  never kept for their size.
static const char *s_hard_tokens [] = {
    "comment", "comments", "disqus", NULL
};

//  Tokens that negate a class name ("has-sidebar", "no-ads", "with-menu").
static const char *s_neutral_tokens [] = {
    "has", "with", "no", "without", "show", "open", "is", "body", "page",
    "layout", "main", "content", NULL
};

//  Last tokens that make the whole name content: "social-media-embed" is an
//  embedded post (a tweet quoted by the article), "image-embed-caption" is not.
static const char *s_content_heads [] = {
    "embed", "embedded", NULL
};

//  Class names that mark the article body.
static const char *s_body_classes [] = {
    "articlebody", "article-body", "article__body", "article_body",
    "article-content", "article__content", "article-text", "articletext",
    "post-content", "post-body", "post__content", "entry-content",
    "story-body", "story-content", "story__body", "content-article",
    "text-article", "article__text", "td-post-content", "field-body",
    "news-content", "news-body", "single-content", NULL
};

//  Attributes that clean reads (s_attr): s_lean keeps their values and cuts
//  those of all others (but on <meta> and <link>, whose attributes all
//  stay). A name read but missing here would read "".
static const char *s_kept_attrs [] = {
    "aria-hidden", "class", "content", "datetime", "hidden", "http-equiv", "id",
    "itemprop", "lang", "name", "property", "role", "style", "type", "xml:lang",
    NULL
};

//  --------------------------------------------------------------------------
//  True when s[0..len) is a word of a NULL-terminated list (ASCII case
//  ignored).

static bool
s_in_list (const char **list, const char *s, size_t len)
{
    if (len == 0)
        return false;
    int first = tolower ((unsigned char) s [0]);
    for (size_t i = 0; list [i]; i++)
        if (tolower ((unsigned char) list [i][0]) == first   //  cheap filter first
        &&  strlen (list [i]) == len && strncasecmp (list [i], s, len) == 0)
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  strcasecmp (a, b) == 0, with the first bytes compared before the call:
//  most names in a page differ there.

static bool
s_same (const char *a, const char *b)
{
    return tolower ((unsigned char) a [0]) == tolower ((unsigned char) b [0])
        && strcasecmp (a, b) == 0;
}

//  How sure a class or id is about boilerplate.
typedef enum {
    S_NAME_OK = 0,                      //  no bad token
    S_NAME_LAYOUT,                      //  only layout tokens (s_layout_tokens)
    S_NAME_BAD,                         //  a bad token
    S_NAME_HARD                         //  a comment-section token
} s_name_t;

//  --------------------------------------------------------------------------
//  Says whether one class name (or id) names boilerplate. The name is cut
//  into tokens on non-letters and on camelCase humps; a token must equal a
//  word of the list ("ad-slot" is an ad, "shadow" and "header-title" are
//  not), and a neutral token ("has-sidebar", "page-with-menu") clears it.

static s_name_t
s_bad_name (const char *s, size_t len)
{
    s_name_t bad = S_NAME_OK;
    const char *last = NULL;            //  the name's last token
    size_t last_len = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && !isalnum ((unsigned char) s [i]))
            i++;
        size_t j = i;
        while (j < len && isalnum ((unsigned char) s [j])) {
            j++;
            if (j < len && islower ((unsigned char) s [j - 1]) && isupper ((unsigned char) s [j]))
                break;
        }
        if (j > i) {
            if (s_in_list (s_neutral_tokens, s + i, j - i))
                return S_NAME_OK;
            if (s_in_list (s_bad_tokens, s + i, j - i)) {
                s_name_t v = s_in_list (s_hard_tokens, s + i, j - i) ? S_NAME_HARD
                           : s_in_list (s_layout_tokens, s + i, j - i) ? S_NAME_LAYOUT
                           : S_NAME_BAD;
                if (v > bad)
                    bad = v;
            }
            last = s + i;
            last_len = j - i;
        }
        i = j;
    }
    if (last && s_in_list (s_content_heads, last, last_len))
        return S_NAME_OK;
    return bad;
}

//  --------------------------------------------------------------------------
//  The surest verdict of s_bad_name over an attribute value (class list or
//  id).

static s_name_t
s_bad_attr (const xmlChar *value)
{
    if (!value)
        return S_NAME_OK;
    const char *s = (const char *) value;
    size_t total = strlen (s);
    if (total > 2000)
        return S_NAME_OK;               //  a class soup is not a signal
    s_name_t worst = S_NAME_OK;
    size_t i = 0;
    while (i < total && worst != S_NAME_HARD) {
        while (i < total && isspace ((unsigned char) s [i]))
            i++;
        size_t j = i;
        while (j < total && !isspace ((unsigned char) s [j]))
            j++;
        if (j > i) {
            s_name_t v = s_bad_name (s + i, j - i);
            if (v > worst)
                worst = v;
        }
        i = j;
    }
    return worst;
}

//  --------------------------------------------------------------------------
//  Returns an attribute's value as a borrowed string (NULL when absent).
//  libxml2 keeps attribute text in a child text node for HTML documents.
//  name must be one of s_kept_attrs (checked in test builds).

static const char *
s_attr (xmlNode *node, const char *name)
{
#ifdef DP_TEST_HOOKS
    if (!s_in_list (s_kept_attrs, name, strlen (name))
    &&  !s_same ((const char *) node->name, "link")
    &&  !s_same ((const char *) node->name, "meta"))
        abort ();                       //  s_lean would have cut its value
#endif
    for (xmlAttr *a = node->properties; a; a = a->next)
        if (a->name && s_same ((const char *) a->name, name)) {
            if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
                return (const char *) a->children->content;
            return a->children ? (const char *) a->children->content : "";
        }
    return NULL;
}

//  --------------------------------------------------------------------------
//  True when a is b or one of b's ancestors (bounded climb).

static bool
s_contains (const xmlNode *a, const xmlNode *b)
{
    for (int up = 0; b && up < S_CORE_MAX_UP; up++, b = b->parent)
        if (a == b)
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  True when node is one of the walked content roots (never dropped by class).

static bool
s_is_root (const s_work_t *w, const xmlNode *node)
{
    if (node == w->root)
        return true;
    for (size_t i = 0; i < w->n_roots; i++)
        if (w->roots [i] == node)
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  True when the element and everything in it is boilerplate or invisible.

static bool
s_drop_element (s_work_t *w, xmlNode *node)
{
    const char *name = (const char *) node->name;
    if (!name || s_in_list (s_drop_tags, name, strlen (name)))
        return true;
    if (s_same (name, "body") || s_same (name, "html"))
        return false;
    const char *role = s_attr (node, "role");
    if (role && (strcasecmp (role, "navigation") == 0 || strcasecmp (role, "banner") == 0
             ||  strcasecmp (role, "contentinfo") == 0 || strcasecmp (role, "complementary") == 0
             ||  strcasecmp (role, "menu") == 0 || strcasecmp (role, "menubar") == 0
             ||  strcasecmp (role, "search") == 0 || strcasecmp (role, "dialog") == 0))
        return true;
    if (s_attr (node, "hidden"))
        return true;
    const char *aria = s_attr (node, "aria-hidden");
    if (aria && strcasecmp (aria, "true") == 0)
        return true;
    const char *style = s_attr (node, "style");
    if (style && (strstr (style, "display:none") || strstr (style, "display: none")
              ||  strstr (style, "visibility:hidden") || strstr (style, "visibility: hidden")))
        return true;
    if (w->drop_by_class && !s_is_root (w, node)) {
        s_name_t a = s_bad_attr ((const xmlChar *) s_attr (node, "class"));
        s_name_t b = s_bad_attr ((const xmlChar *) s_attr (node, "id"));
        s_name_t v = a > b ? a : b;
        size_t mass = (uintptr_t) node->_private;
        //  A name that holds most of the page's prose is a wrapper, whatever
        //  it says ("share-zone" around the text); a layout name on the
        //  wrapper of the headline and half the prose is the page's frame.
        if (v == S_NAME_HARD)
            return true;
        if (v == S_NAME_BAD)
            return mass < w->page_mass * S_WRAPPER_SHARE;
        if (v == S_NAME_LAYOUT)
            return mass * 2 < w->page_mass || !w->h1 || !s_contains (node, w->h1);
    }
    return false;
}

//  --------------------------------------------------------------------------
//  Ends the current paragraph: normalises the raw text into a block.

static void
s_flush (s_work_t *w)
{
    if (w->raw.len && w->raw_nonblank) {
        s_block_t *b = s_block_add (w, w->raw.p, w->raw.len);
        if (b) {
            b->raw_chars = w->raw_nonblank;
            b->link_chars = w->raw_link;
            b->heading = w->raw_heading;
            b->node = w->raw_node;
        }
    }
    w->raw_node = NULL;
    w->raw.len = 0;
    w->raw_nonblank = 0;
    w->raw_link = 0;
    w->raw_heading = false;
}

//  --------------------------------------------------------------------------
//  True for h1..h6.

static bool
s_is_heading (const char *name)
{
    return (name [0] == 'h' || name [0] == 'H') && name [1] >= '1' && name [1] <= '6'
        && name [2] == '\0';
}

//  --------------------------------------------------------------------------
//  Non-blank bytes of a text node, counted once per page: the count plus one
//  waits in the node's _private, which only elements use otherwise (and
//  s_mass_clear zeroes).

static size_t
s_nonblank (xmlNode *text)
{
    uintptr_t k = (uintptr_t) text->_private;
    if (!k) {
        for (const xmlChar *p = text->content; *p; p++)
            k += !isspace (*p);
        text->_private = (void *) ++k;
    }
    return (size_t) k - 1;
}

//  --------------------------------------------------------------------------
//  True when an inline element met in the middle of a paragraph holds only
//  a cluster of links (at least S_CLUSTER_LINKS <a> children, at least 90%
//  of its text inside links): a hover card or a related-links widget spliced
//  into the sentence. Counting children only, the innermost list goes and
//  the name the card hangs on stays. Looks at no more than S_CLUSTER_NODES
//  nodes.

#define S_CLUSTER_LINKS 3
#define S_CLUSTER_NODES 64

static bool
s_link_cluster (xmlNode *root)
{
    if (!root->children || s_same ((const char *) root->name, "a"))
        return false;
    size_t links = 0, text = 0, linked = 0, seen = 0;
    int in_link = 0;
    xmlNode *n = root->children;
    while (n && n != root) {
        if (++seen > S_CLUSTER_NODES)
            return false;
        bool is_a = n->type == XML_ELEMENT_NODE && n->name
                 && s_same ((const char *) n->name, "a");
        if (n->type == XML_TEXT_NODE && n->content) {
            size_t nb = s_nonblank (n);
            text += nb;
            if (in_link)
                linked += nb;
        }
        if (is_a && n->parent == root)
            links++;
        if (n->type == XML_ELEMENT_NODE && n->children) {
            in_link += is_a;
            n = n->children;
            continue;
        }
        while (n != root && !n->next) {
            n = n->parent;
            if (n != root && n->type == XML_ELEMENT_NODE && n->name
            &&  s_same ((const char *) n->name, "a"))
                in_link--;
        }
        if (n == root)
            break;
        n = n->next;
    }
    return links >= S_CLUSTER_LINKS && text > 0 && linked * 10 >= text * 9;
}

//  --------------------------------------------------------------------------
//  Opens a node of the content walk: text goes into the current paragraph,
//  block elements end it. Returns false when the subtree is skipped.

static bool
s_enter (s_work_t *w, xmlNode *node)
{
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        if (!node->content)
            return false;
        const char *s = (const char *) node->content;
        size_t len = strlen (s);
        size_t nonblank = s_nonblank (node);
        if (nonblank == 0) {
            s_buf_add (&w->raw, " ", 1);
            return false;
        }
        if (!w->raw_node)
            w->raw_node = node->parent;
        s_buf_add (&w->raw, s, len);
        w->raw_nonblank += nonblank;
        if (w->link_depth)
            w->raw_link += nonblank;
        if (w->heading_depth)
            w->raw_heading = true;
        return false;
    }
    if (node->type != XML_ELEMENT_NODE || !node->name)
        return false;
    if (s_drop_element (w, node)) {
        //  A dropped inline element still separates words.
        s_buf_add (&w->raw, " ", 1);
        return false;
    }
    const char *name = (const char *) node->name;
    bool block = s_in_list (s_block_tags, name, strlen (name));
    if (!block && w->raw_nonblank && s_link_cluster (node)) {
        s_buf_add (&w->raw, " ", 1);
        return false;
    }
    if (block)
        s_flush (w);
    if (s_same (name, "a"))
        w->link_depth++;
    else
    if (s_is_heading (name))
        w->heading_depth++;
    return true;
}

//  --------------------------------------------------------------------------
//  Closes what s_enter opened.

static void
s_leave (s_work_t *w, xmlNode *node)
{
    if (node->type != XML_ELEMENT_NODE || !node->name)
        return;
    const char *name = (const char *) node->name;
    if (s_same (name, "a"))
        w->link_depth--;
    else
    if (s_is_heading (name))
        w->heading_depth--;
    if (s_in_list (s_block_tags, name, strlen (name)))
        s_flush (w);
}

//  --------------------------------------------------------------------------
//  The node after n in document order under root, without recursion (pages
//  nest deeply): its first child when descend, else the next sibling of n
//  or of its nearest ancestor that has one; NULL at the end of root.

static xmlNode *
s_next_node (xmlNode *root, xmlNode *n, bool descend)
{
    if (descend && n->children)
        return n->children;
    while (n != root && !n->next)
        n = n->parent;
    return n == root ? NULL : n->next;
}

//  Walks the subtree under root without recursion (pages nest deeply).

static void
s_walk (s_work_t *w, xmlNode *root)
{
    xmlNode *n = root;
    while (n) {
        bool entered = s_enter (w, n);
        if (entered && n->children) {
            n = n->children;
            continue;
        }
        if (entered)
            s_leave (w, n);
        while (n != root && !n->next) {
            n = n->parent;
            s_leave (w, n);
        }
        if (n == root)
            break;
        n = n->next;
    }
    s_flush (w);
}

//  --------------------------------------------------------------------------
//  True for an <a> element.

static bool
s_is_link (const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && n->name && s_same ((const char *) n->name, "a");
}

//  --------------------------------------------------------------------------
//  Adds k to the element's _private counter.

static void
s_mass_add (xmlNode *n, uintptr_t k)
{
    n->_private = (void *) ((uintptr_t) n->_private + k);
}

//  --------------------------------------------------------------------------
//  Stores in each element's _private the non-blank text bytes under it that
//  are not inside <a> (the element's own prose), skipping the elements
//  s_drop_tags names. Returns the root's. One iterative pass.

static size_t
s_mass (xmlNode *root)
{
    int in_link = 0;
    xmlNode *n = root;
    root->_private = NULL;
    while (n) {
        bool descend = false;
        if (n->type == XML_TEXT_NODE && n->content && !in_link && n != root)
            s_mass_add (n->parent, s_nonblank (n));
        else
        if (n->type == XML_ELEMENT_NODE && n->name) {
            if (n != root)
                n->_private = NULL;
            descend = n->children && !s_in_list (s_drop_tags, (const char *) n->name,
                                                 strlen ((const char *) n->name));
        }
        if (descend) {
            in_link += s_is_link (n);
            n = n->children;
            continue;
        }
        if (n != root && n->type == XML_ELEMENT_NODE)
            s_mass_add (n->parent, (uintptr_t) n->_private);
        while (n != root && !n->next) {
            n = n->parent;
            in_link -= s_is_link (n);
            if (n != root)
                s_mass_add (n->parent, (uintptr_t) n->_private);
        }
        if (n == root)
            break;
        n = n->next;
    }
    return (uintptr_t) root->_private;
}

//  --------------------------------------------------------------------------
//  Zeroes _private under root (s_mark_core counts there from zero).

static void
s_mass_clear (xmlNode *root)
{
    for (xmlNode *n = root; n; n = s_next_node (root, n, n->type == XML_ELEMENT_NODE))
        n->_private = NULL;
}

//  --------------------------------------------------------------------------
//  Walks every content root in document order.

static void
s_walk_roots (s_work_t *w)
{
    for (size_t i = 0; i < w->n_roots; i++)
        s_walk (w, w->roots [i]);
}

//  --------------------------------------------------------------------------
//  Non-blank text bytes under root, skipping the elements s_drop_tags names
//  (the size of a content-root candidate).

static size_t
s_text_size (xmlNode *root)
{
    size_t total = 0;
    xmlNode *n = root;
    while (n) {
        bool descend = false;
        if (n->type == XML_TEXT_NODE && n->content)
            total += s_nonblank (n);
        else
        if (n->type == XML_ELEMENT_NODE && n->name)
            descend = !s_in_list (s_drop_tags, (const char *) n->name,
                                  strlen ((const char *) n->name));
        n = s_next_node (root, n, descend);
    }
    return total;
}

//  Metadata and content-root candidates found in one pass over the page.
typedef struct {
    const char *og_title;               //  og:title / twitter:title
    const char *canonical;              //  <link rel="canonical" href>
    const char *og_url;                 //  og:url
    xmlNode *title_el;                  //  <title>
    xmlNode *h1;                        //  first <h1>
    const char *pub_meta;               //  article:published_time & co
    const char *pub_itemprop;           //  itemprop=datePublished
    const char *pub_time;               //  first <time datetime>
    const char *pub_other;              //  meta name=date & co
    const char *ld_json;                //  "datePublished" in JSON-LD (borrowed)
    xmlNode *cand [S_MAX_CANDIDATES];   //  content-root candidates
    int cand_rank [S_MAX_CANDIDATES];   //  3 articleBody, 2 article, 1 main
    size_t n_cand;
} s_meta_t;

//  --------------------------------------------------------------------------
//  Concatenated text of a node, as a new string (NULL when empty/OOM).

static char *
s_node_text (xmlNode *node)
{
    xmlChar *t = xmlNodeGetContent (node);
    if (!t)
        return NULL;
    char *copy = strdup ((const char *) t);
    xmlFree (t);
    return copy;
}

//  --------------------------------------------------------------------------
//  True when node or an element under it is a script or a style: its text
//  (s_node_text) includes their bodies, which a lean tree lacks (s_lean).

static bool
s_holds_raw (xmlNode *node)
{
    for (xmlNode *n = node; n; n = s_next_node (node, n, n->type == XML_ELEMENT_NODE))
        if (n->type == XML_ELEMENT_NODE && n->name
        &&  (strcasecmp ((const char *) n->name, "script") == 0
             || strcasecmp ((const char *) n->name, "style") == 0))
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  Looks at one element for metadata and candidate roots.

static int
s_meta_element (s_work_t *w, s_meta_t *m, xmlNode *node)
{
    const char *name = (const char *) node->name;
    dp_clean_result_t *out = w->out;
    if (s_same (name, "html")) {
        if (s_set_lang (out, s_attr (node, "lang")) || s_set_lang (out, s_attr (node, "xml:lang")))
            return -1;
    }
    else
    if (s_same (name, "meta")) {
        const char *key = s_attr (node, "property");
        if (!key)
            key = s_attr (node, "name");
        if (!key)
            key = s_attr (node, "itemprop");
        if (!key)
            key = s_attr (node, "http-equiv");
        const char *content = s_attr (node, "content");
        if (!key || !content)
            return 0;
        if (strcasecmp (key, "og:title") == 0 || strcasecmp (key, "twitter:title") == 0) {
            if (!m->og_title)
                m->og_title = content;
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
            if (s_tags_split (out, content, strlen (content)))
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
    if (s_same (name, "link")) {
        const char *rel = s_attr (node, "rel");
        const char *href = s_attr (node, "href");
        if (rel && href && !m->canonical && strcasecmp (rel, "canonical") == 0)
            m->canonical = href;
    }
    else
    if (s_same (name, "title")) {
        if (!m->title_el)
            m->title_el = node;
    }
    else
    if (s_same (name, "h1")) {
        if (!m->h1)
            m->h1 = node;
    }
    else
    if (s_same (name, "time")) {
        if (!m->pub_time)
            m->pub_time = s_attr (node, "datetime");
    }
    else
    if (s_same (name, "script")) {
        const char *type = s_attr (node, "type");
        if (!m->ld_json && type && strcasecmp (type, "application/ld+json") == 0
        &&  node->children && node->children->content) {
            const char *dp = strstr ((const char *) node->children->content, "\"datePublished\"");
            if (dp)
                m->ld_json = dp + 15;
        }
    }
    const char *itemprop = s_attr (node, "itemprop");
    if (itemprop && strcasecmp (itemprop, "datePublished") == 0 && !m->pub_itemprop) {
        m->pub_itemprop = s_attr (node, "datetime");
        if (!m->pub_itemprop)
            m->pub_itemprop = s_attr (node, "content");
    }
    int rank = 0;
    if (itemprop && strcasecmp (itemprop, "articleBody") == 0)
        rank = 3;
    else {
        const char *cls = s_attr (node, "class");
        if (cls) {
            size_t total = strlen (cls), i = 0;
            while (i < total && !rank) {
                while (i < total && isspace ((unsigned char) cls [i]))
                    i++;
                size_t j = i;
                while (j < total && !isspace ((unsigned char) cls [j]))
                    j++;
                if (j > i && s_in_list (s_body_classes, cls + i, j - i))
                    rank = 3;
                i = j;
            }
        }
        if (!rank && s_same (name, "article"))
            rank = 2;
        else
        if (!rank && s_same (name, "main"))
            rank = 1;
        else
        if (!rank) {
            const char *role = s_attr (node, "role");
            if (role && strcasecmp (role, "main") == 0)
                rank = 1;
        }
    }
    if (rank && (s_bad_attr ((const xmlChar *) s_attr (node, "class"))
             ||  s_bad_attr ((const xmlChar *) s_attr (node, "id"))))
        rank = 0;                       //  <article class="comment-body">
    if (rank && m->n_cand < S_MAX_CANDIDATES) {
        m->cand [m->n_cand] = node;
        m->cand_rank [m->n_cand++] = rank;
    }
    return 0;
}

//  --------------------------------------------------------------------------
//  One pass over the whole tree for metadata. Returns -1 when out of memory.

static int
s_meta_walk (s_work_t *w, s_meta_t *m, xmlNode *root)
{
    xmlNode *n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && n->name && s_meta_element (w, m, n))
            return -1;
        n = s_next_node (root, n, n->type == XML_ELEMENT_NODE);
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

static int
s_meta_finish (s_work_t *w, s_meta_t *m)
{
    dp_clean_result_t *out = w->out;
    if (m->og_title && s_set_field (&out->title, m->og_title, strlen (m->og_title)))
        return -1;
    if (!out->title && m->title_el) {
        if (w->lean && s_holds_raw (m->title_el)) {
            w->retry = true;
            return -1;
        }
        char *t = s_node_text (m->title_el);
        if (t) {
            s_strip_site (t);
            int rc = s_set_field (&out->title, t, strlen (t));
            free (t);
            if (rc)
                return -1;
        }
    }
    if (!out->title && m->h1) {
        if (w->lean && s_holds_raw (m->h1)) {
            w->retry = true;
            return -1;
        }
        char *t = s_node_text (m->h1);
        if (t) {
            int rc = s_set_field (&out->title, t, strlen (t));
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
    if ((m->pub_meta && s_set_published (out, m->pub_meta, strlen (m->pub_meta)))
    ||  (m->pub_itemprop && s_set_published (out, m->pub_itemprop, strlen (m->pub_itemprop)))
    ||  (ld && s_set_published (out, ld, ld_len))
    ||  (m->pub_other && s_set_published (out, m->pub_other, strlen (m->pub_other)))
    ||  (m->pub_time && s_set_published (out, m->pub_time, strlen (m->pub_time))))
        return -1;
    const char *url = m->canonical && s_is_url (m->canonical) ? m->canonical
                    : m->og_url && s_is_url (m->og_url) ? m->og_url : NULL;
    if (url && !out->url && !(out->url = strdup (url)))
        return -1;
    return 0;
}

//  --------------------------------------------------------------------------
//  True when two elements have the same name and the same class attribute.

static bool
s_same_kind (xmlNode *a, xmlNode *b)
{
    const char *ca = s_attr (a, "class"), *cb = s_attr (b, "class");
    return strcasecmp ((const char *) a->name, (const char *) b->name) == 0
        && ca && cb && strcmp (ca, cb) == 0;
}

//  --------------------------------------------------------------------------
//  Lowest common ancestor of a and b (bounded climb), or NULL.

static xmlNode *
s_common_ancestor (xmlNode *a, xmlNode *b)
{
    for (int up = 0; a && up < S_CORE_MAX_UP; up++, a = a->parent)
        if (s_contains (a, b))
            return a;
    return NULL;
}

//  --------------------------------------------------------------------------
//  Picks the elements holding the article into w->roots: the best-ranked
//  candidate with enough text (largest text among equal ranks), plus the
//  candidates of the same name and class outside it (a body split around
//  figures or ads into several "post-content" blocks), in document order;
//  else the body. w->root is the candidate, or the parts' common ancestor.

static void
s_pick_root (s_work_t *w, s_meta_t *m, xmlNode *body)
{
    xmlNode *best = NULL;
    int best_rank = 0;
    size_t best_size = 0;
    size_t sizes [S_MAX_CANDIDATES];
    for (size_t i = 0; i < m->n_cand; i++) {
        size_t size = sizes [i] = s_text_size (m->cand [i]);
        if (size < S_MIN_ROOT_CHARS)
            continue;
        if (m->cand_rank [i] > best_rank
        || (m->cand_rank [i] == best_rank && size > best_size)) {
            best = m->cand [i];
            best_rank = m->cand_rank [i];
            best_size = size;
        }
    }
    w->n_roots = 0;
    w->root = best ? best : body;
    if (!best) {
        w->roots [w->n_roots++] = body;
        return;
    }
    xmlNode *top = best;
    for (size_t i = 0; i < m->n_cand && w->n_roots < S_MAX_ROOTS; i++) {
        xmlNode *c = m->cand [i];
        if (c != best && (sizes [i] < S_MIN_PART_CHARS || !s_same_kind (c, best)
                       || s_contains (best, c) || s_contains (c, best)))
            continue;
        bool nested = false;
        for (size_t k = 0; k < w->n_roots && !nested; k++)
            nested = s_contains (w->roots [k], c);
        if (nested)
            continue;
        xmlNode *up = c == best ? top : s_common_ancestor (top, c);
        if (!up)
            continue;
        top = up;
        w->roots [w->n_roots++] = c;
    }
    w->root = top;
}

//  --------------------------------------------------------------------------
//  Charset name declared in the first bytes of a page ("charset=..."), copied
//  into name; false when there is none.

static bool
s_declared_charset (const char *html, size_t len, char *name, size_t size)
{
    size_t scan = len < 4096 ? len : 4096;
    for (size_t i = 0; i + 8 < scan; i++) {
        if (tolower ((unsigned char) html [i]) != 'c'      //  cheap filter first
        ||  strncasecmp (html + i, "charset=", 8) != 0)
            continue;
        size_t j = i + 8;
        while (j < scan && (html [j] == '"' || html [j] == '\'' || html [j] == ' '))
            j++;
        size_t k = 0;
        while (j < scan && k + 1 < size
           && (isalnum ((unsigned char) html [j]) || html [j] == '-' || html [j] == '_'
           ||  html [j] == ':' || html [j] == '.'))
            name [k++] = html [j++];
        name [k] = '\0';
        if (k)
            return true;
    }
    return false;
}

//  --------------------------------------------------------------------------
//  True when the invalid bytes look like accidents in a UTF-8 page: valid
//  multi-byte sequences outnumber invalid bytes.

static bool
s_mostly_utf8 (const char *s, size_t len)
{
    size_t good = 0, bad = 0;
    const unsigned char *p = (const unsigned char *) s;
    size_t i = 0;
    while (i < len) {
        if (p [i] < 0x80) {
            i++;
            continue;
        }
        size_t n = (p [i] & 0xE0) == 0xC0 ? 2 : (p [i] & 0xF0) == 0xE0 ? 3
                 : (p [i] & 0xF8) == 0xF0 ? 4 : 0;
        if (n && i + n <= len && dp_utf8_valid (s + i, n)) {
            good++;
            i += n;
        }
        else {
            bad++;
            i++;
        }
    }
    return good > bad;
}

//  ==========================================================================
//  Lean copy: the page without the raw text that clean never reads
//  ==========================================================================
//
//  On real pages most bytes are script and style bodies, comments and
//  attribute values (links, image sets, SVG paths), and libxml2 decodes them
//  one character at a time into nodes that clean skips. s_lean cuts them
//  before the parse. libxml2 must build the same tree from the copy, but for
//  what was cut, so s_lean reads the page the way libxml2 2.9.14 does
//  (HTMLparser.c: htmlParseContentInternal and what it calls; the version is
//  checked, see S_LEAN_LIBXML2): start tags with quoted and unquoted
//  attributes (a '<' inside a value is not markup), end tags, comments
//  ("-->" or "--!>"), processing instructions and DOCTYPE. Where it cannot
//  be sure what libxml2 does, it stops cutting and copies the rest of the
//  page as it is, which is always safe. What stays, so that no node and no
//  child of a node goes away:
//  - a script or style body becomes " ", which libxml2 keeps as one CDATA
//    child. An empty body is left alone, and so is one that starts with a
//    byte libxml2 may drop;
//  - a comment keeps its "<!--" and "-->" and loses the text between them;
//  - an attribute keeps its name, and its quoted value goes ("") unless
//    clean reads it (s_kept_attrs) or it is on a <meta>, where libxml2
//    looks for a charset;
//  - a script whose start tag says "json" or holds an entity keeps its
//    body, because s_meta_element reads JSON-LD.
//  Of what clean reads, only an element's whole text (s_node_text) includes
//  those bodies. s_meta_finish asks for the page as it was when that text
//  holds one (s_holds_raw).

#define S_LEAN_MAX (10u << 20)          //  larger pages are parsed as they are
                                        //  (libxml2's 10 MB text limits)
#define S_LEAN_KEEP (1u << 20)          //  a larger copy buffer is not kept
#define S_NAME_MAX 100                  //  libxml2's HTML_PARSER_BUFFER_SIZE:
                                        //  longest tag or attribute name
#define S_LONG_NAME 1000                //  a longer PI or DOCTYPE name: stop

//  --------------------------------------------------------------------------
//  ASCII classes of libxml2's HTML tokenizer (IS_ASCII_LETTER, the bytes of
//  htmlParseHTMLName, IS_BLANK_CH), never the locale's.

static bool
s_letter (unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
s_name_byte (unsigned char c)
{
    return s_letter (c) || (c >= '0' && c <= '9') || c == ':' || c == '-'
        || c == '_' || c == '.';
}

static bool
s_blank (unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t
s_skip_blanks (const unsigned char *s, size_t len, size_t i)
{
    while (i < len && s_blank (s [i]))
        i++;
    return i;
}

//  Where s_lean is: the page, the copy, and what the next step cuts.
typedef struct {
    const unsigned char *s;             //  the page
    size_t len;
    dp_cleaner_t *cleaner;              //  owns the copy's buffer
    char *out;                          //  the copy, set at the first cut
    size_t o;                           //  bytes in out
    size_t done;                        //  bytes of s copied or cut so far
} s_lean_t;

//  --------------------------------------------------------------------------
//  Copies the page up to from, then repl instead of s[from..to). false when
//  out of memory. The copy goes into the cleaner's buffer: a page-sized
//  malloc per page costs more than it looks (it consolidates the heap that
//  the last tree left behind).

static bool
s_lean_cut (s_lean_t *l, size_t from, size_t to, const char *repl)
{
    dp_cleaner_t *c = l->cleaner;
    if (!l->out && c->lean_cap < l->len + 1) {
        free (c->lean_buf);
        c->lean_buf = malloc (l->len + 1);
        c->lean_cap = c->lean_buf ? l->len + 1 : 0;
        if (!c->lean_buf)
            return false;
    }
    l->out = c->lean_buf;
    size_t n = strlen (repl);           //  never more than to - from
    memcpy (l->out + l->o, l->s + l->done, from - l->done);
    l->o += from - l->done;
    memcpy (l->out + l->o, repl, n);
    l->o += n;
    l->done = to;
    return true;
}

//  --------------------------------------------------------------------------
//  Offset after a quoted literal at i (up to the same quote, or the end of
//  the page), or i when there is no quote there.

static size_t
s_literal (const unsigned char *s, size_t len, size_t i)
{
    if (i < len && (s [i] == '"' || s [i] == '\'')) {
        const unsigned char *q = memchr (s + i + 1, s [i], len - i - 1);
        return q ? (size_t) (q - s) + 1 : len;
    }
    return i;
}

//  --------------------------------------------------------------------------
//  Offset of the '>' or "/>" that ends a start tag whose name ends at i, or
//  len when the page ends inside it (htmlParseStartTag, htmlParseAttribute).
//  cut: quoted values of attributes clean does not read are cut ("").
//  SIZE_MAX when out of memory.

static size_t
s_tag_end (s_lean_t *l, size_t i, bool cut)
{
    const unsigned char *s = l->s;
    size_t len = l->len;
    i = s_skip_blanks (s, len, i);
    while (i < len && s [i] != '>' && !(s [i] == '/' && i + 1 < len && s [i + 1] == '>')) {
        if (s_letter (s [i]) || s [i] == '_' || s [i] == ':' || s [i] == '.') {
            size_t name = i;
            while (i < len && i - name < S_NAME_MAX && s_name_byte (s [i]))
                i++;
            size_t name_len = i - name;
            i = s_skip_blanks (s, len, i);
            if (i < len && s [i] == '=') {
                i = s_skip_blanks (s, len, i + 1);
                size_t value = i;
                i = s_literal (s, len, i);
                if (i == value)         //  unquoted: up to a blank or '>'
                    while (i < len && s [i] != '>' && !s_blank (s [i]))
                        i++;
                else
                if (cut && i < len && i > value + 2
                &&  !s_in_list (s_kept_attrs, (const char *) s + name, name_len)
                &&  !s_lean_cut (l, value + 1, i - 1, ""))
                    return SIZE_MAX;
            }
        }
        else                            //  no name: skipped as far as a blank
            while (i < len && !s_blank (s [i]) && s [i] != '>'
               && !(s [i] == '/' && i + 1 < len && s [i + 1] == '>'))
                i++;
        i = s_skip_blanks (s, len, i);
    }
    return i;
}

//  --------------------------------------------------------------------------
//  Offset of the "</" + name (ASCII case ignored) that ends the raw body
//  starting at i, as htmlParseScript looks for it, or len.

static size_t
s_raw_end (const unsigned char *s, size_t len, size_t i, const char *name,
           size_t name_len)
{
    while (i < len) {
        const unsigned char *lt = memchr (s + i, '<', len - i);
        if (!lt)
            break;
        i = (size_t) (lt - s);
        if (i + 2 + name_len <= len && s [i + 1] == '/'
        &&  strncasecmp ((const char *) s + i + 2, name, name_len) == 0)
            return i;
        i++;
    }
    return len;
}

//  --------------------------------------------------------------------------
//  Offset of the "--" that closes the comment opened at i: the first "-->"
//  or "--!>" from i + 4 on (htmlParseComment). *end is set after it. Both
//  are len when the comment runs to the end of the page.

static size_t
s_comment_end (const unsigned char *s, size_t len, size_t i, size_t *end)
{
    size_t k = i + 4;
    while (k + 2 < len) {
        const unsigned char *d = memchr (s + k, '-', len - k - 2);
        if (!d)
            break;
        size_t j = (size_t) (d - s);
        if (s [j + 1] == '-' && s [j + 2] == '>') {
            *end = j + 3;
            return j;
        }
        if (s [j + 1] == '-' && s [j + 2] == '!' && j + 3 < len && s [j + 3] == '>') {
            *end = j + 4;
            return j;
        }
        k = j + 1;
    }
    *end = len;
    return len;
}

//  --------------------------------------------------------------------------
//  Length of the name at i as htmlParseName may read it (ASCII name bytes
//  and any non-ASCII byte): 0 when none starts there.

static size_t
s_xml_name_len (const unsigned char *s, size_t len, size_t i)
{
    if (i >= len || !(s_letter (s [i]) || s [i] == '_' || s [i] == ':' || s [i] >= 0x80))
        return 0;
    size_t start = i;
    while (i < len && (s_name_byte (s [i]) || s [i] >= 0x80))
        i++;
    return i - start;
}

//  --------------------------------------------------------------------------
//  Offset after the DOCTYPE declaration at i (htmlParseDocTypeDecl,
//  htmlParseExternalID), or SIZE_MAX when s_lean cannot be sure of it: a
//  name that is not ASCII (libxml2's slow path) or too long.

static size_t
s_doctype_end (const unsigned char *s, size_t len, size_t i)
{
    i = s_skip_blanks (s, len, i + 9);
    size_t n = s_xml_name_len (s, len, i);
    for (size_t k = i; k < i + n; k++)
        if (s [k] >= 0x80)
            return SIZE_MAX;
    if (n > S_LONG_NAME)
        return SIZE_MAX;
    i = s_skip_blanks (s, len, i + n);
    bool sys = i + 6 <= len && strncasecmp ((const char *) s + i, "SYSTEM", 6) == 0;
    bool pub = i + 6 <= len && strncasecmp ((const char *) s + i, "PUBLIC", 6) == 0;
    if (sys || pub) {
        i = s_literal (s, len, s_skip_blanks (s, len, i + 6));
        if (pub)                        //  an optional system literal follows
            i = s_literal (s, len, s_skip_blanks (s, len, i));
    }
    const unsigned char *gt = memchr (s + i, '>', len - i);
    return gt ? (size_t) (gt - s) + 1 : len;
}

//  --------------------------------------------------------------------------
//  True when the start tag s[from..to) may make a script JSON-LD: it says
//  "json" (ASCII case ignored) or holds an entity that could spell it.

static bool
s_may_be_json (const unsigned char *s, size_t from, size_t to)
{
    for (size_t k = from; k < to; k++)
        if (s [k] == '&' || (k + 4 <= to && strncasecmp ((const char *) s + k, "json", 4) == 0))
            return true;
    return false;
}

//  --------------------------------------------------------------------------
//  The raw body of the script or style whose start tag is s[tag..gt], gt
//  being its '>'. Cuts it when it is safe. Returns the offset where the
//  tokenizer goes on (the closing "</"), SIZE_MAX to stop cutting, or
//  SIZE_MAX - 1 when out of memory.

static size_t
s_lean_raw (s_lean_t *l, size_t tag, size_t gt, bool script)
{
    const unsigned char *s = l->s;
    size_t len = l->len;
    size_t body = gt + 1;
    const char *name = script ? "script" : "style";
    size_t name_len = script ? 6 : 5;
    size_t end = s_raw_end (s, len, body, name, name_len);
    //  A body that opens with a tag, or with an end tag other than its own,
    //  is not read as raw text at first (htmlParseContentInternal looks for
    //  those before it).
    if (body + 1 < len && s [body] == '<'
    &&  ((s [body + 1] == '/' && end != body) || s_letter (s [body + 1])
         || s [body + 1] == '_' || s [body + 1] == ':'))
        return SIZE_MAX;
    //  "</scripts" ends the body but not the element: more raw text follows.
    if (end < len && end + 2 + name_len < len && s_name_byte (s [end + 2 + name_len]))
        return SIZE_MAX;
    //  The body stays when empty (no CDATA child), when its first byte may
    //  be one libxml2 drops (a control byte, U+FFFE), or for JSON-LD.
    unsigned char first = body < end ? s [body] : 0;
    bool kept = (first >= 0x20 && first < 0x80) || first == '\t' || first == '\n'
             || first == '\r';
    if (kept && !(script && s_may_be_json (s, tag, gt))
    &&  !s_lean_cut (l, body, end, " "))
        return SIZE_MAX - 1;
    return end;
}

//  --------------------------------------------------------------------------
//  Returns a copy of the page html[0..len) (valid UTF-8, so no NUL) with
//  the script and style bodies, comments and unread attribute values cut,
//  and its length in *lean_len. The copy is the cleaner's, valid until the
//  next call. NULL when there is nothing to cut or no memory: the page is
//  then parsed as it is.

static const char *
s_lean (dp_cleaner_t *self, const char *html, size_t len, size_t *lean_len)
{
    s_lean_t l = { (const unsigned char *) html, len, self, NULL, 0, 0 };
    const unsigned char *s = l.s;
    size_t i = 0;
    while (i < len) {
        const unsigned char *lt = memchr (s + i, '<', len - i);
        if (!lt)
            break;
        i = (size_t) (lt - s);
        unsigned char c = i + 1 < len ? s [i + 1] : 0;
        unsigned char c2 = i + 2 < len ? s [i + 2] : 0;
        if (c == '/') {
            //  An end tag goes to the next '>' (htmlParseEndTag); "</"
            //  without a name is dropped and what follows is text.
            if (s_letter (c2) || c2 == '_' || c2 == ':' || c2 == '.') {
                const unsigned char *gt = memchr (s + i + 2, '>', len - i - 2);
                i = gt ? (size_t) (gt - s) + 1 : len;
            }
            else
                i += 2;
        }
        else
        if (s_letter (c)) {
            size_t name = i + 1, name_end = name;
            while (name_end < len && name_end - name < S_NAME_MAX && s_name_byte (s [name_end]))
                name_end++;
            //  libxml2 reads a charset from <meta>, clean the canonical
            //  link from <link>: their attributes stay.
            bool meta = name_end - name == 4 && (strncasecmp (html + name, "meta", 4) == 0
                                                 || strncasecmp (html + name, "link", 4) == 0);
            bool script = name_end - name == 6 && strncasecmp (html + name, "script", 6) == 0;
            bool style = name_end - name == 5 && strncasecmp (html + name, "style", 5) == 0;
            size_t gt = s_tag_end (&l, name_end, !meta);
            if (gt == SIZE_MAX)
                i = SIZE_MAX - 1;
            else
            if (gt < len && s [gt] == '>' && (script || style))
                i = s_lean_raw (&l, i, gt, script);
            else                        //  "/>" ends an element at once
                i = gt >= len ? len : gt + (s [gt] == '/' ? 2 : 1);
        }
        else
        if (c == '!' && c2 == '-' && i + 3 < len && s [i + 3] == '-') {
            size_t end;
            size_t dashes = s_comment_end (s, len, i, &end);
            if (dashes < len && dashes > i + 4 && !s_lean_cut (&l, i + 4, dashes, ""))
                i = SIZE_MAX - 1;
            else
                i = end;
        }
        else
        if (c == '!' && i + 9 <= len && strncasecmp (html + i + 2, "DOCTYPE", 7) == 0) {
            //  In the body, the step that reads a DOCTYPE reads one more
            //  thing, where "</" and "<!DOCTYPE" are text: stop there.
            i = s_doctype_end (s, len, i);
            if (i != SIZE_MAX && i + 1 < len && s [i] == '<' && (s [i + 1] == '/'
                || (i + 9 <= len && strncasecmp (html + i + 1, "!DOCTYPE", 8) == 0)))
                i = SIZE_MAX;
        }
        else
        if (c == '?') {
            //  A processing instruction runs to the next '>' when it has a
            //  name (htmlParsePI), else "<?" is dropped.
            size_t n = s_xml_name_len (s, len, i + 2);
            const unsigned char *gt = memchr (s + i + 2, '>', len - i - 2);
            i = n > S_LONG_NAME || c2 >= 0x80 ? SIZE_MAX : n == 0 ? i + 2
              : gt ? (size_t) (gt - s) + 1 : len;
        }
        else
            i++;                        //  '<' as text
        if (i == SIZE_MAX - 1)
            return NULL;
    }
    if (!l.out)
        return NULL;
    s_lean_cut (&l, len, len, "");      //  the rest as it is
    l.out [l.o] = '\0';
    *lean_len = l.o;
    return l.out;
}

//  --------------------------------------------------------------------------
//  True when the result holds nothing yet (n_repaired aside), so that a
//  retry can start over from an emptied one.

static bool
s_result_empty (const dp_clean_result_t *r)
{
    return !r->text && !r->text_len && !r->title && !r->published && !r->lang
        && !r->tags && !r->n_tags && !r->n_removed && !r->error;
}

//  --------------------------------------------------------------------------
//  Parses html[0..len) in the given encoding and cleans the tree into out.
//  lean: html comes from s_lean; *retry is then set when the page must be
//  parsed as it was instead (the rc and out are not to be used).

static dp_rc_t
s_clean_tree (dp_cleaner_t *self, const char *html, size_t len,
              const char *encoding, dp_clean_result_t *out, bool lean,
              bool *retry)
{
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
             | HTML_PARSE_NONET | HTML_PARSE_COMPACT;
    htmlDocPtr doc = htmlReadMemory (html, (int) len, NULL, encoding, opts);
    if (!doc && strcmp (encoding, "UTF-8") != 0)
        doc = htmlReadMemory (html, (int) len, NULL, "windows-1252", opts);
    if (!doc && lean) {
        *retry = true;
        return DP_FATAL;
    }
    if (!doc)
        return s_dead (out, "HTML parse failure");

    dp_rc_t rc = DP_FATAL;
    s_work_t w = { .cleaner = self, .out = out, .drop_by_class = true, .lean = lean };
    s_meta_t m;
    memset (&m, 0, sizeof m);
    xmlNode *top = xmlDocGetRootElement (doc);
    if (!top) {
        rc = s_dead (out, "no text after cleaning");
        goto done;
    }
    if (s_meta_walk (&w, &m, top) || s_meta_finish (&w, &m))
        goto done;
    xmlNode *body = top;
    for (xmlNode *c = top->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && c->name && strcasecmp ((const char *) c->name, "body") == 0)
            body = c;
    s_pick_root (&w, &m, body);
    w.page_mass = s_mass (body);
    w.h1 = m.h1;
    s_walk_roots (&w);
    if (w.oom || w.raw.oom || w.text.oom)
        goto done;
    if (w.n_blocks == 0 && w.roots [0] != body) {
        w.root = w.roots [0] = body;
        w.n_roots = 1;
        s_walk_roots (&w);
    }
    if (w.n_blocks == 0) {
        //  Class tokens can be wrong about a whole page (a wrapper named
        //  "ad-free-layout"): try once more trusting only element names.
        w.drop_by_class = false;
        s_walk_roots (&w);
    }
    s_mass_clear (body);
    if (w.oom || w.raw.oom || w.text.oom || s_classify (&w, false))
        goto done;
    rc = s_emit (&w);
done:
    if (w.retry)
        *retry = true;
    s_work_free (&w);
    xmlFreeDoc (doc);
    return rc;
}

//  --------------------------------------------------------------------------
//  Cleans an HTML page: encoding, parse, metadata, content root, blocks.

dp_rc_t
dp_clean_html (dp_cleaner_t *self, const char *html, size_t len,
               dp_clean_result_t *out)
{
    if (!self || !out)
        return DP_FATAL;
    if (!html || len == 0)
        return s_dead (out, "no text after cleaning");
    if (len > S_MAX_INPUT)
        return s_dead (out, "article too large");
    if (len > INT32_MAX)
        return s_dead (out, "article too large");
    if (s_is_binary (html, len))
        return s_dead (out, "binary content");

    //  Pick the encoding: valid UTF-8 is UTF-8; a declared charset wins over
    //  guessing; broken UTF-8 is repaired; anything else is windows-1252.
    char *fixed = NULL;
    const char *encoding = "UTF-8";
    char declared [40];
    bool has_decl = s_declared_charset (html, len, declared, sizeof declared);
    bool decl_utf8 = has_decl && (strcasecmp (declared, "utf-8") == 0
                                  || strcasecmp (declared, "utf8") == 0);
    if (!dp_utf8_valid (html, len)) {
        if (has_decl && !decl_utf8)
            encoding = declared;
        else
        if (decl_utf8 || s_mostly_utf8 (html, len)) {
            size_t fixed_len = 0, repaired = 0;
            fixed = dp_utf8_repair (html, len, &fixed_len, &repaired);
            if (!fixed)
                return DP_FATAL;
            out->n_repaired += repaired;
            html = fixed;
            len = fixed_len;
        }
        else
            encoding = "windows-1252";
    }
    //  UTF-8 (ASCII bytes are markup, no NUL) is parsed lean first; a retry
    //  parses the page as it was into an emptied result.
    bool retry = false;
    bool leaned = false;
    dp_rc_t rc = DP_FATAL;
    if (self->lean && strcmp (encoding, "UTF-8") == 0 && len <= S_LEAN_MAX
    &&  s_result_empty (out)) {
        size_t lean_len = 0;
        const char *lean = s_lean (self, html, len, &lean_len);
        if (lean) {
            leaned = true;
            rc = s_clean_tree (self, lean, lean_len, encoding, out, true, &retry);
        }
        if (self->lean_cap > S_LEAN_KEEP) {
            free (self->lean_buf);
            self->lean_buf = NULL;
            self->lean_cap = 0;
        }
    }
    if (retry) {
        size_t repaired = out->n_repaired;
        dp_clean_result_free (out);
        out->n_repaired = repaired;
    }
    if (!leaned || retry)
        rc = s_clean_tree (self, html, len, encoding, out, false, &retry);
    free (fixed);
    return rc;
}

//  --------------------------------------------------------------------------
//  Language guess for pages that do not say theirs: the core's (dp_lang.c),
//  which tells seven languages apart rather than call German English.

const char *
dp_clean_guess_lang (const char *text, size_t len)
{
    return dp_lang_guess (text, len);
}
