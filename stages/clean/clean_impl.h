//  depeche clean — what the files of stages/clean share, and nothing else:
//  the paragraph blocks, the work state of one call, the cleaner's rules, and
//  the functions one file offers the others. Not part of the stage's API
//  (that is clean.h); dpc_ names are private to stages/clean (nng's nni_).
#ifndef DP_CLEAN_IMPL_H_INCLUDED
#define DP_CLEAN_IMPL_H_INCLUDED

#include "clean/clean.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <libxml/tree.h>

#define DPC_MAX_INPUT (64u << 20)       //  larger articles are dead-lettered
#define DPC_RULE_MAX_BYTES 600          //  longer paragraphs skip the rules
#define DPC_MAX_CANDIDATES 64           //  <article>/<main> candidates looked at
#define DPC_MAX_ROOTS 64                //  sibling parts of one split article body
#define DPC_MAX_BASE 16                 //  parts of the baseline (base.c)
#define DPC_MAX_UP 256                  //  longest climb up the tree: a page
                                        //  nested 100 000 deep costs no more
#define DPC_LEAN_LIBXML2 "20914"        //  the libxml2 (2.9.14) dpc_lean follows
#define DPC_LEAN_MAX (10u << 20)        //  larger pages are parsed as they are
                                        //  (libxml2's 10 MB text limits)
#define DPC_ASIDE_MARK 0x7f            //  opens a value's reference (dpc_lean)
#define DPC_LEAN_KEEP (1u << 20)        //  a larger copy buffer is not kept
#define DPC_MAX_ATTRS 256               //  attributes kept on one start tag (attrs.c)

//  Paragraph classes, from worst to best.
typedef enum {
    DPC_BAD = 0,                        //  boilerplate: removed
    DPC_SHORT,                          //  short, undecided until context is seen
    DPC_TRUNC,                          //  ends with "..." or "…": teaser-like
    DPC_GOOD,                           //  a real paragraph
    DPC_KEEP                            //  attribution such as "(Avec AFP)"
} dpc_class_t;

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
    bool teaser;                        //  removed as a title + "…" teaser pair
    bool in_core;                       //  inside the main-content subtree
    size_t dup_of;                      //  index of the earlier equal block, or SIZE_MAX
    int cls;                            //  dpc_class_t
    void *node;                         //  HTML: element holding the text (borrowed)
} dpc_block_t;

//  Growable byte buffer; oom is sticky so callers check once at the end.
typedef struct {
    char *p;                            //  bytes, NUL-terminated when non-empty
    size_t len;                         //  used
    size_t cap;                         //  allocated
    bool oom;                           //  an allocation failed
} dpc_buf_t;

//  A compiled rule.
typedef struct {
    pcre2_code *code;                   //  JIT-compiled when JIT is available
    bool section;                       //  "@section" marker rule
    bool merged;                        //  part of dp_cleaner.merged
    bool words;                         //  part of dp_cleaner.merged_words
} dpc_rule_t;

struct dp_cleaner {
    dpc_rule_t *rules;                  //  from the rules file, in file order
    size_t n_rules;
    pcre2_code *merged;                 //  the ^-anchored rules as one alternation
                                        //  (NULL: none)
    pcre2_code *merged_words;           //  the \b-led ones, \b taken out once
                                        //  (NULL: none)
    pcre2_code *re_tags;                //  "Tags: a, b" line
    pcre2_code *re_date_prefix;         //  "date 2023-01 <sentence>"
    pcre2_code *re_date_line;           //  "Publié le 13 avril 2024"
    pcre2_code *re_attrib;              //  "(Avec AFP)"
    pcre2_code *re_comments;            //  "Commentaires (4)": readers' comments follow
    pcre2_match_data *md;               //  shared match data (single thread)
    bool lean;                          //  libxml2 is the one dpc_lean follows
    char *lean_buf;                     //  dpc_lean's copy, kept for the next page
    size_t lean_cap;                    //  allocated bytes of lean_buf
    size_t lean_attrs_cut;              //  start tags dpc_lean cut to DPC_MAX_ATTRS
    char *aside_buf;                    //  the attribute values dpc_lean set aside
    size_t aside_cap;                   //  allocated bytes of aside_buf
    size_t aside_len;                   //  used bytes (0: none this page)
    char *aside_text;                   //  text with its references resolved (aside.c)
    size_t aside_text_cap;              //  allocated bytes of aside_text
};

//  Work state of one clean call.
typedef struct {
    dp_cleaner_t *cleaner;              //  rules
    dp_clean_result_t *out;             //  result being filled
    dpc_buf_t raw;                      //  current HTML block, not normalised
    dpc_buf_t text;                     //  normalised block texts
    dpc_block_t *blocks;                //  paragraph candidates
    size_t n_blocks;
    size_t cap_blocks;
    size_t raw_nonblank;                //  non-blank bytes in raw
    size_t raw_link;                    //  of those, inside <a>
    int link_depth;                     //  open <a> elements
    int heading_depth;                  //  open <h1>..<h6> elements
    bool raw_heading;                   //  raw holds heading text
    const void *data_row;               //  the <tr> whose cells go into one line (dom.c)
    void *raw_node;                     //  element of raw's first text
    bool drop_by_class;                 //  class/id tokens may drop elements
    size_t root_mass;                   //  non-link text bytes of the roots (dpc_mass)
    size_t caption_mass;                //  ... of the captions in them
    size_t recirc_mass;                 //  ... of boxes of other articles dropped inside the baseline (dom.c)
    xmlNode *root;                      //  content root, or the common ancestor of the parts
    xmlNode *roots [DPC_MAX_ROOTS];     //  walked subtrees, in document order
    size_t n_roots;                     //  used entries of roots
    xmlNode **base;                     //  the baseline's elements (base.c), or NULL
    size_t n_base;                      //  used entries of base
    int8_t base_parts [DPC_MAX_BASE];   //  per base element: 0 not asked yet, 1 no,
                                        //  2 its text is in named parts (dom.c)
    bool oom;                           //  an allocation failed
    bool lean;                          //  the tree is parsed from dpc_lean's copy
    bool retry;                         //  ... and the page is needed as it was
    bool debug;                         //  DP_CLEAN_DEBUG: decisions on stderr
    bool fallback;                      //  the conservative walk (clean.c)
    bool live;                          //  a live blog: comment names are not
                                        //  comment sections (meta.c)
    const char *description;            //  the page's own summary (meta.c), or NULL
    const xmlNode *h1;                  //  the page's first <h1> (meta.c), or NULL
    xmlNode *lead;                      //  the lead the summary reads (lead.c), walked
                                        //  first, outside the root; or NULL
    const xmlNode *named_lead;          //  the lead named as one (standfirst, chapo)
                                        //  that root.c walks first; or NULL
} dpc_work_t;

//  How sure a class or id is about boilerplate.
typedef enum {
    DPC_NAME_OK = 0,                    //  no bad token
    DPC_NAME_LAYOUT,                    //  only layout tokens (rules.c)
    DPC_NAME_BAD,                       //  a bad token
    DPC_NAME_HARD                       //  a comment-section token
} dpc_name_t;

//  Metadata and content-root candidates found in one pass over the page.
typedef struct {
    const char *og_title;               //  og:title / twitter:title
    const char *description;            //  og:description / description / twitter:description
    const char *canonical;              //  <link rel="canonical" href>
    const char *og_url;                 //  og:url
    xmlNode *title_el;                  //  <title>
    xmlNode *h1;                        //  first <h1>
    const char *pub_meta;               //  article:published_time & co
    const char *pub_itemprop;           //  itemprop=datePublished
    const char *pub_time;               //  first <time datetime>
    const char *pub_other;              //  meta name=date & co
    const char *ld_json;                //  "datePublished" in JSON-LD (borrowed)
    const char *ld_body;                //  "articleBody" in JSON-LD (borrowed)
    xmlNode *cand [DPC_MAX_CANDIDATES]; //  content-root candidates
    int cand_rank [DPC_MAX_CANDIDATES]; //  3 articleBody, 2 article, 1 main
    size_t n_cand;
} dpc_meta_t;

//  --------------------------------------------------------------------------
//  strcasecmp (a, b) == 0, with the first bytes compared before the call:
//  most names in a page differ there.

static inline bool
dpc_same (const char *a, const char *b)
{
    return tolower ((unsigned char) a [0]) == tolower ((unsigned char) b [0])
        && strcasecmp (a, b) == 0;
}

//  --------------------------------------------------------------------------
//  arena.c

//  Makes libxml2 allocate from the page's arena between begin and end
//  (libc outside it), and initialises libxml2; once per process.
void
    dpc_arena_install (void);

//  Starts a page on this thread: libxml2's small blocks come from the arena.
void
    dpc_arena_begin (void);

//  Ends the page: what libxml2 allocated in it is taken back at once.
void
    dpc_arena_end (void);

//  True when dpc_arena_end takes back all that libxml2 took in the page,
//  so that a tree parsed in it need not be freed (false under ASan).
bool
    dpc_arena_takes_back (void);

//  --------------------------------------------------------------------------
//  text.c

//  Appends len bytes to the buffer, keeping it NUL-terminated.
void
    dpc_buf_add (dpc_buf_t *b, const char *s, size_t len);

//  Returns a NUL-terminated copy of s[0..len), or NULL when out of memory.
char *
    dpc_strndup (const char *s, size_t len);

//  Binary sniffing: true when more than 10% of the bytes are control bytes
//  other than tab, newline, carriage return and form feed. Eight bytes at
//  a time: every byte of a page goes through here.
bool
    dpc_is_binary (const char *s, size_t len);

//  Appends s[0..len) to dst normalised: NFC, blanks (NBSP included) turned
//  into one ordinary space, controls and zero-width characters dropped,
//  trimmed; guillemets as written. Invalid bytes (there should be none by
//  now) become U+FFFD. Fills the block's counts.
void
    dpc_norm_append (dpc_buf_t *dst, const char *s, size_t len, dpc_block_t *blk);

//  True when a text is French by its words (guess: dp_lang_guess's answer
//  for it), else by the declared lang ("fr", "en", ... or NULL), French
//  when neither tells: dpc_emit gives
//  French text French typography (one space inside « guillemets »).
bool
    dpc_text_french (const char *guess, const char *lang);

//  Appends a block made from s[0..len). Empty blocks are not kept.
dpc_block_t *
    dpc_block_add (dpc_work_t *w, const char *s, size_t len);

//  Joins the kept blocks into out->text. DP_OK, DP_DEAD when nothing is
//  left, DP_FATAL when out of memory.
dp_rc_t
    dpc_emit (dpc_work_t *w);

//  Forgets the blocks of the work state (keeps its buffers) for another walk.
void
    dpc_work_reset (dpc_work_t *w);

//  Adds the text of the JSON string value after at (the end of a key, as
//  in "articleBody": "...") as blocks, one a line, as the plain-text path
//  does (plain.c). Returns -1 when out of memory.
int
    dpc_json_text (dpc_work_t *w, const char *at);

//  True when n is an <article> that opens with its own heading: a story,
//  not a part of one (base.c).
bool
    dpc_own_story (const xmlNode *n);

//  The length in bytes of that string value as written (0 when none).
size_t
    dpc_json_len (const char *at);

//  Frees the work state (not the result).
void
    dpc_work_free (dpc_work_t *w);

//  --------------------------------------------------------------------------
//  rules.c

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
    dpc_load_rules (dp_cleaner_t *self, const char *path);

//  Compiles a built-in pattern; a failure is a bug, logged and returned NULL.
pcre2_code *
    dpc_builtin (const char *pattern);

//  True when the pattern matches s[0..len). A match error counts as no match.
//  s must be valid UTF-8 (block text out of dpc_norm_append always is): the
//  per-call UTF check would cost more than the matching itself.
bool
    dpc_match (dp_cleaner_t *self, pcre2_code *re, const char *s, size_t len);

//  True when a rule of the file matches s[0..len); *section says whether it
//  is a section marker. The merged alternations go first: a paragraph that
//  an ordinary anchored rule removes does not open a section, nor does one
//  that a \b rule removes (all of those come before the section rules).
bool
    dpc_rules_hit (dp_cleaner_t *self, const char *s, size_t len, bool *section);

//  Group 1 of the last match as (start, length); false when unset.
bool
    dpc_group (dp_cleaner_t *self, size_t *start, size_t *len);

//  True when s[0..len) is a word of a NULL-terminated list (ASCII case
//  ignored).
bool
    dpc_in_list (const char **list, const char *s, size_t len);

//  The surest verdict of the class-name test over an attribute value (class list or
//  id).
dpc_name_t
    dpc_bad_attr (const xmlChar *value);

//  True when a class list or id names a box of other articles (rules.c).
bool
    dpc_recirc_attr (const char *value);

//  True when a class list or id names a paywall (its prompt, or the rest
//  of the article behind it) by one of its tokens.
bool
    dpc_paywall_attr (const char *value);

//  True when one of the few elements above node is named as a live blog
//  ("liveblog", "live-feed"): its entries named "comment" are the article.
bool
    dpc_in_live_blog (const xmlNode *node);

//  --------------------------------------------------------------------------
//  meta.c

//  Splits a tag list on , ; | (or on blanks when it has none) and adds each.
int
    dpc_tags_split (dp_clean_result_t *out, const char *s, size_t len);

//  Reads a date out of s[0..len) into out ("YYYY-MM-DD", or "YYYY-MM" when
//  the day is unknown). Understands ISO 8601 (2023-09-19T10:00:00Z,
//  2023/09/19, 2023-09), "19 septembre 2023", "September 19, 2023" and
//  "19/09/2023" (day first). Returns true when a plausible date was found.
bool
    dpc_parse_date (const char *s, size_t len, char out [11]);

//  Sets out->published from s when it holds a date and none is set yet.
//  Returns -1 when out of memory, else 0.
int
    dpc_set_published (dp_clean_result_t *out, const char *s, size_t len);

//  Sets *field to a normalised copy of s[0..len) when unset and non-empty.
//  Returns -1 when out of memory, else 0.
int
    dpc_set_field (char **field, const char *s, size_t len);

//  True when node or an element under it is a script or a style: its text
//  (xmlNodeGetContent) includes their bodies, which a lean tree lacks (dpc_lean).
bool
    dpc_holds_raw (xmlNode *node);

//  One pass over the whole tree for metadata. Returns -1 when out of memory.
int
    dpc_meta_walk (dpc_work_t *w, dpc_meta_t *m, xmlNode *root);

//  Fills title, published and url from what the meta pass found. -1 when out of
//  memory, or when the title text is needed from the page as it was
//  (w->retry set).
int
    dpc_meta_finish (dpc_work_t *w, dpc_meta_t *m);

//  --------------------------------------------------------------------------
//  node.c

//  True when a is b or one of b's ancestors (bounded climb).
bool
    dpc_contains (const xmlNode *a, const xmlNode *b);

//  Returns an attribute's value as a borrowed string (NULL when absent).
//  libxml2 keeps attribute text in a child text node for HTML documents.
//  name must be one of dpc_kept_attrs (checked in test builds).
const char *
    dpc_attr (xmlNode *node, const char *name);
const char *
    dpc_attr_value (const xmlAttr *a);     //  the same for one attribute


//  The node after n in document order under root, without recursion (pages
//  nest deeply): its first child when descend, else the next sibling of n
//  or of its nearest ancestor that has one; NULL at the end of root.
xmlNode *
    dpc_next_node (xmlNode *root, xmlNode *n, bool descend);

//  True for an <a> element that links, or may (not a named anchor).
bool
    dpc_is_link (const xmlNode *n);

//  True for the name of an element that ends a paragraph.
bool
    dpc_is_block (const char *name);

//  Non-blank bytes of a text node, counted once per page (cached in its
//  _private, which only elements use otherwise). The first count cuts
//  Word's conditional markers ("<![if !supportLists]>") out of the text
//  and decodes the named references libxml2 left in it (dpc_refs_decode).
size_t
    dpc_nonblank (xmlNode *text);

//  --------------------------------------------------------------------------
//  dom.c

//  The trusted baseline element (w->base) that is n or holds it, or NULL.
const xmlNode *
    dpc_base_of (const dpc_work_t *w, const xmlNode *n);

//  Stores in each element's _private the non-blank text bytes under it that
//  are not inside <a> (the element's own prose), skipping the elements
//  dom.c drops by tag name. Returns the root's. One iterative pass.
size_t
    dpc_mass (xmlNode *root);

//  The next word of s[0..len) from *i on (letters, digits and non-ASCII
//  bytes; Unicode blanks such as NBSP part words), its length in *n; NULL
//  when none is left (lead.c).
const char *
    dpc_next_word (const char *s, size_t len, size_t *i, size_t *n);

//  True for the name of a heading, h1..h6.
bool
    dpc_is_heading (const char *name);

//  True when the element and everything in it is boilerplate or invisible,
//  as the walk with w's root and settings judges it.
bool
    dpc_drop_element (dpc_work_t *w, xmlNode *node);

//  lead.c
//  The lead the page's summary (w->description) names near root: an
//  element within a few levels above root, outside it (or in a <header>
//  inside it), that opens with the summary's words and holds a lead's
//  size of text. NULL when there is none.
xmlNode *
    dpc_summary_lead (const dpc_work_t *w, xmlNode *root, xmlNode *body);

//  True when a class or id value names a lead (standfirst): one of its
//  words is a lead word ("article__lead", "c-standfirst", "chapo"; root.c).
bool
    dpc_lead_name (const char *v);

//  True when the element's class or id names a lead (dpc_lead_name).
bool
    dpc_named_lead (const xmlNode *el);

//  True when the visible text under el is the page's summary word for word
//  (lead.c): a post that short is all its summary says.
bool
    dpc_summary_is_all (const dpc_work_t *w, xmlNode *el);

//  The article's opening, blocks [*start, *end) before the first real
//  paragraph w->blocks[first] that the page's summary (w->description)
//  reads one after the other into that paragraph; *start == *end when it
//  opens nothing.
void
    dpc_opening (const dpc_work_t *w, size_t first, size_t *start, size_t *end);

//  dense.c
//  The densest block of prose of the page among what the walk would keep
//  with body as the root: the element whose own and children's non-link
//  text is the largest (*prose, non-blank bytes). NULL when the body holds
//  no prose. Needs the masses of dpc_mass.
xmlNode *
    dpc_dense (dpc_work_t *w, xmlNode *body, size_t *prose);

//  seen.c
//  True for an element nobody sees: an invisible tag (script, style,
//  template...), hidden, aria-hidden, display:none or visibility:hidden in
//  its style attribute, a framework class "hidden" or "hide".
bool
    dpc_invisible (xmlNode *node);

//  When the hidden elements (by an attribute, a style or a framework class)
//  hold more of the page's prose than the visible rest (masses of
//  dpc_mass), shows the largest of them until they do not. Returns how
//  many it showed.
size_t
    dpc_show_hidden (xmlNode *body, bool debug);

//  True for a tag whose content nobody sees (a <noscript> holding
//  paragraphs is seen).
bool
    dpc_unseen_tag (xmlNode *node);

//  Answers an element keeps for the page in its "extra" field, which
//  libxml2 leaves 0 on the elements of an HTML tree and never reads there:
//  the walks ask the same questions of each element several times. seen.c
//  forgets those that hang on attributes when it changes them (s_show).
#define DPC_X_TAG_KNOWN     0x01        //  dpc_unseen_tag asked
#define DPC_X_TAG_UNSEEN    0x02        //  and it said yes
#define DPC_X_SEEN_KNOWN    0x04        //  dpc_invisible asked
#define DPC_X_SEEN_HIDDEN   0x08        //  and it said yes
#define DPC_X_NAMES_KNOWN   0x10        //  dpc_bad_attr of class and id asked
#define DPC_X_CLASS_SHIFT   5           //  its answer for class (2 bits)
#define DPC_X_ID_SHIFT      7           //  and for id (2 bits)
#define DPC_X_NAMES_BITS    (3u << DPC_X_CLASS_SHIFT | 3u << DPC_X_ID_SHIFT)
//  What hangs on attributes: forgotten whole, the answers' bits with their
//  "asked" bits (an answer is ORed in when asked again).
#define DPC_X_ATTRS         (DPC_X_SEEN_KNOWN | DPC_X_SEEN_HIDDEN | DPC_X_NAMES_KNOWN \
                             | DPC_X_NAMES_BITS)

//  True for the name of a tag of that kind, <noscript> included.
bool
    dpc_invisible_name (const char *name);

//  True for a caption: <figcaption>, or a class token "caption".
bool
    dpc_is_caption (xmlNode *node);

//  Non-link text (dpc_mass) of the outermost visible captions under root.
//  dom.c keeps captions that hold DPC_CAPTION_SHARE of a root's.
#define DPC_CAPTION_SHARE 0.5
size_t
    dpc_caption_mass (xmlNode *root);

//  Zeroes _private under root (the core marking of classify.c counts there from zero).
void
    dpc_mass_clear (xmlNode *root);

//  Walks every content root in document order (their masses must be set).
void
    dpc_walk_roots (dpc_work_t *w);

//  True for the name of a boilerplate tag (nav, header, footer, aside, form…).
bool
    dpc_boiler_tag (const char *name);

//  --------------------------------------------------------------------------
//  root.c

//  Picks the elements holding the article into w->roots: the best-ranked
//  candidate with enough text (largest text among equal ranks), plus the
//  candidates of the same name and class outside it (a body split around
//  figures or ads into several "post-content" blocks), in document order;
//  else the body. w->root is the candidate, or the parts' common ancestor.
void
    dpc_pick_root (dpc_work_t *w, dpc_meta_t *m, xmlNode *body);

//  --------------------------------------------------------------------------
//  base.c

//  The baseline: readability's paragraph-parent scoring, independent of
//  dom.c's decisions. Fills roots (document order, at most max) with the
//  best-scored parent and the siblings that score near it; returns how
//  many (0: no paragraph scored) and their non-link text in *prose. Needs
//  the masses of dpc_mass; leaves psvi zeroed under body.
size_t
    dpc_baseline (dpc_work_t *w, xmlNode *body, xmlNode **roots, size_t max, size_t *prose);

//  --------------------------------------------------------------------------
//  classify.c

//  Classifies every block and marks boilerplate DPC_BAD. text_mode: blocks are
//  lines of scraped text (title lifting from the top applies). Returns -1
//  when out of memory.
int
    dpc_classify (dpc_work_t *w, bool text_mode);

//  --------------------------------------------------------------------------
//  aside.c

//  Makes the parser put back what dpc_lean set aside for the page (the
//  cleaner's aside buffer) where its references stand, while it builds the
//  tree. cleaner NULL, or nothing set aside: libxml2's callbacks stay.
void
    dpc_aside_parse (xmlParserCtxtPtr ctxt, dp_cleaner_t *cleaner);

//  What dpc_lean may set aside: true when libxml2 copies every byte of an
//  attribute value s[0..n) as it is (printable ASCII, tabs, newlines, no
//  entity), or every character of a raw body or text (no control byte
//  but tabs and newlines, no U+FFFE or U+FFFF; the caller rules out '&').
bool
    dpc_aside_plain_value (const unsigned char *s, size_t n);
bool
    dpc_aside_plain_raw (const unsigned char *s, size_t n);

//  --------------------------------------------------------------------------
//  lean.c

//  ASCII classes of libxml2's HTML tokenizer (IS_ASCII_LETTER, the bytes of
//  htmlParseHTMLName, IS_BLANK_CH), never the locale's: lean.c and attrs.c
//  read markup as libxml2 will.
static inline bool
dpc_html_letter (unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool
dpc_html_name_byte (unsigned char c)
{
    return dpc_html_letter (c) || (c >= '0' && c <= '9') || c == ':' || c == '-'
        || c == '_' || c == '.';
}

static inline bool
dpc_html_blank (unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

//  Returns a copy of the page html[0..len) (valid UTF-8, so no NUL) with
//  the script and style bodies, comments and unread attribute values cut,
//  and start tags cut to DPC_MAX_ATTRS attributes as dpc_cap_attrs cuts
//  them (self->lean_attrs_cut says how many), and its length in *lean_len. The copy is the cleaner's, valid until the
//  next call. NULL when there is nothing to cut or no memory: the page is
//  then parsed as it is.
const char *
    dpc_lean (dp_cleaner_t *self, const char *html, size_t len, size_t *lean_len);

//  Returns a copy of html[0..len) in which no element nests deeper than
//  libxml2 parses (a start tag that would go deeper closes the deepest open
//  element first), and its length in *out_len. NULL when nothing needed
//  closing, or out of memory. The caller frees it.
char *
    dpc_unnest (const char *html, size_t len, size_t *out_len);

//  attrs.c: a copy of the page whose start tags keep their first
//  DPC_MAX_ATTRS attributes, *n_cut the tags cut; NULL when no tag has
//  more (or out of memory: *oom).
char *
    dpc_cap_attrs (const char *html, size_t len, size_t *out_len, size_t *n_cut, bool *oom);

//  refs.c: decodes in place the named character references of s[0..n)
//  that libxml2 2.9.14 leaves as written ("&nbsp" without ';', HTML5's
//  "&mldr;"), as HTML does in a text; returns the new length (s ends with
//  a NUL when it changed; a text without one is not written to).
size_t
    dpc_refs_decode (char *s, size_t n);

//  --------------------------------------------------------------------------
//  clean.c

//  Sets out->error and returns DP_DEAD.
dp_rc_t
    dpc_dead (dp_clean_result_t *out, const char *reason);

//  Attributes that clean reads (dpc_attr); dpc_lean cuts the values of all
//  others. NULL-terminated; defined in lean.c.
extern const char *dpc_kept_attrs [];

#endif
