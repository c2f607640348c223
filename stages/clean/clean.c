//  depeche clean — turns an HTML page or scraped page text into the article's
//  paragraphs ("\n\n"-separated, NFC, ordinary spaces) and lifts metadata.
//  This file holds the cleaner (rules, lean buffer) and the HTML entry point:
//  encoding, the lean parse and its retries, the passes over the tree in
//  order (meta.c, base.c, root.c, dom.c, classify.c, text.c) and the check
//  of the result against the page's densest prose, with its fallback. No
//  sockets, no globals beyond libxml2's error hook and allocator (arena.c);
//  one cleaner per thread at a time.
#include "clean/clean_impl.h"
#include "depeche/dp_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>

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
//  Loads the rules (file order), compiles the built-in lifting patterns.

dp_cleaner_t *
dp_cleaner_new (const char *rules_path)
{
    dpc_arena_install ();               //  and xmlInitParser (arena.c)
    xmlSetGenericErrorFunc (NULL, s_xml_quiet);
    xmlSetStructuredErrorFunc (NULL, s_xml_quiet_structured);

    dp_cleaner_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->lean = strcmp (xmlParserVersion, DPC_LEAN_LIBXML2) == 0;
    char *found = NULL;
    if (!rules_path) {
        found = dp_data_path ("clean/boilerplate.rules");
        if (!found) {
            dp_log_error ("clean: clean/boilerplate.rules not found (set DP_DATA)");
            goto fail;
        }
        rules_path = found;
    }
    if (dpc_load_rules (self, rules_path))
        goto fail;
    self->re_tags = dpc_builtin (
        "^(?:tags?|mots[- ]cl[ée]s|keywords|étiquettes|thèmes|sujets)\\s*:\\s*(.+)$");
    self->re_date_prefix = dpc_builtin (
        "^(?:date|publié(?:e)?(?:\\s+le)?|mis en ligne(?:\\s+le)?|published(?:\\s+on)?"
        "|posted(?:\\s+on)?)\\s*:?\\s*(\\d{4}-\\d{2}(?:-\\d{2})?)(?:T[0-9:.+Z-]*)?(?:\\s+|$)");
    self->re_date_line = dpc_builtin (
        "^(?:publié(?:e)?|mis en ligne|mis à jour|date de publication|published|posted)"
        "(?:\\s+(?:le|on))?\\s*:?\\s*(.{6,60})$");
    self->re_attrib = dpc_builtin (
        "^(?:\\(\\s*(?:avec|with|d['’]après|selon|source\\s*:|sources\\s*:)\\s*[^()]{2,60}\\)"
        "|\\(?(?:AFP|Reuters|AP|Belga|ATS|DPA|ANSA|EFE|Xinhua|Anadolu|APA|Bloomberg|AFP/Reuters)\\)?)\\.?$");
    self->re_comments = dpc_builtin (
        "^(?:\\d+\\s+)?(?:commentaires?|comments?|réactions?|responses?|replies|kommentare?"
        "|comentarios?|comentários?|commenti|reacties)\\s*(?:\\(\\d+\\))?\\s*:?$");
    self->md = pcre2_match_data_create (8, NULL);
    if (!self->re_tags || !self->re_date_prefix || !self->re_date_line
    ||  !self->re_attrib || !self->re_comments || !self->md)
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
    pcre2_code_free (self->re_comments);
    pcre2_match_data_free (self->md);
    free (self->lean_buf);
    free (self->aside_buf);
    free (self->aside_text);
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
//  Sets out->error and returns DP_DEAD.

dp_rc_t
dpc_dead (dp_clean_result_t *out, const char *reason)
{
    free (out->error);
    out->error = strdup (reason);
    return out->error ? DP_DEAD : DP_FATAL;
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
//  True when the kept blocks hold less than a third of the prose of the
//  page's densest block (dpc_dense): the class names, the root or the edges
//  threw the article away. Pages whose densest block is short do not count,
//  nor do pages where what was kept is the baseline's article (base.c)
//  whole and the densest block lies outside it (teaser excerpts).

#define S_LOST_MIN_PROSE 250
#define S_BASE_WHOLE 4                  //  3/4 of the baseline's prose kept: whole
//  The JSON-LD articleBody is read when the HTML kept fewer characters
//  than this: a "loading" line or a headline, no article.
#define S_LD_MAX_KEPT 200

//  Non-link text (non-blank bytes) of the kept blocks.
static size_t
s_kept (const dpc_work_t *w)
{
    size_t kept = 0;
    for (size_t i = 0; i < w->n_blocks; i++) {
        const dpc_block_t *b = &w->blocks [i];
        if (b->cls != DPC_BAD)
            kept += b->raw_chars - b->link_chars;
    }
    return kept;
}

static bool
s_lost_body (const dpc_work_t *w, xmlNode *dense, size_t prose, size_t base)
{
    if (prose < S_LOST_MIN_PROSE)
        return false;
    size_t kept = s_kept (w);
    if (w->debug)
        fprintf (stderr, "clean: dense %s.%.60s#%.30s: kept %zu, its prose %zu\n",
                 (const char *) dense->name,
                 dpc_attr (dense, "class") ? dpc_attr (dense, "class") : "",
                 dpc_attr (dense, "id") ? dpc_attr (dense, "id") : "", kept, prose);
    if (kept * 3 >= prose)
        return false;
    //  The densest block is outside the baseline's article (base.c), and
    //  what was kept is that article whole: a list of teaser excerpts
    //  beside a short story, not a lost body.
    if (!w->n_base)
        return true;
    size_t in_base = 0;
    for (size_t k = 0; k < w->n_base; k++)
        if (dpc_contains (dense, w->base [k]) || dpc_contains (w->base [k], dense))
            return true;
    for (size_t i = 0; i < w->n_blocks; i++) {
        const dpc_block_t *b = &w->blocks [i];
        if (b->cls != DPC_BAD && b->node && dpc_base_of (w, b->node))
            in_base += b->raw_chars - b->link_chars;
    }
    if (w->debug)
        fprintf (stderr, "clean: dense block outside the baseline; kept %zu of its %zu\n",
                 in_base, base);
    return in_base * S_BASE_WHOLE < base * (S_BASE_WHOLE - 1);
}

//  --------------------------------------------------------------------------
//  True when kept blocks with prose (non-link text) lie outside el, and
//  el is not the lead of a text that follows it: it is not named as a
//  lead, nor are its two nearest ancestors, and fewer than
//  S_BESIDE_PARAS real paragraphs (ten words and a final stop, or thirty
//  words) were kept after it.

#define S_BESIDE_PARAS 2

static bool
s_kept_beside (const dpc_work_t *w, const xmlNode *el)
{
    size_t outside = 0, paras = 0;
    bool inside = false;
    for (size_t i = 0; i < w->n_blocks; i++) {
        const dpc_block_t *b = &w->blocks [i];
        if (b->cls == DPC_BAD || !b->node)
            continue;
        if (dpc_contains (el, b->node)) {
            inside = true;
            paras = 0;
            continue;
        }
        outside += b->raw_chars - b->link_chars;
        if (inside && ((b->nwords >= 10 && b->terminal) || b->nwords >= 30))
            paras++;
    }
    if (!outside || paras >= S_BESIDE_PARAS)
        return false;
    for (int up = 0; up < 3 && el && el->type == XML_ELEMENT_NODE; up++, el = el->parent)
        if (dpc_named_lead (el))
            return false;               //  a standfirst: the body follows
    return true;
}

//  --------------------------------------------------------------------------
//  True when the kept blocks miss most of the baseline's text (base.c):
//  under a third of its prose lies in kept blocks, and the baseline holds
//  substantially more (half as much again) than all that was kept: when
//  the two disagree on blocks of about the same size, the main result's
//  decisions are the better informed. A short baseline does not count.

#define S_BASE_MIN_PROSE 100
#define S_BASE_MISSED 3                 //  kept under 1/3 of it
#define S_BASE_MORE 3                   //  and the baseline over 3/2 of what was kept
#define S_FALLBACK_SAME 10              //  a fallback within 1/10 of the main result adds nothing

//  Non-link text of the kept blocks (returned) and, in *inside, of those
//  under one of roots.
static size_t
s_kept_in (const dpc_work_t *w, xmlNode **roots, size_t n_roots, size_t *inside)
{
    size_t kept = 0;
    *inside = 0;
    for (size_t i = 0; i < w->n_blocks; i++) {
        const dpc_block_t *b = &w->blocks [i];
        if (b->cls == DPC_BAD || !b->node)
            continue;
        size_t chars = b->raw_chars - b->link_chars;
        kept += chars;
        bool in = false;
        const xmlNode *n = b->node;
        for (int up = 0; n && up < DPC_MAX_UP && !in; up++, n = n->parent)
            for (size_t k = 0; k < n_roots && !in; k++)
                in = n == roots [k];
        if (in)
            *inside += chars;
    }
    return kept;
}

static bool
s_missed_base (const dpc_work_t *w, xmlNode **roots, size_t n_roots, size_t prose)
{
    if (prose < S_BASE_MIN_PROSE)
        return false;
    size_t inside;
    size_t kept = s_kept_in (w, roots, n_roots, &inside);
    //  Boxes of other articles dropped inside the baseline were not missed.
    prose -= w->recirc_mass < prose ? w->recirc_mass : prose;
    if (w->debug)
        fprintf (stderr, "clean: baseline prose %zu, kept %zu, of it inside %zu\n",
                 prose, kept, inside);
    return inside * S_BASE_MISSED < prose && kept * S_BASE_MORE < prose * 2;
}

//  --------------------------------------------------------------------------
//  What follows the article: kept blocks after the last one of the baseline
//  (base.c), outside both the baseline and the article core (classify.c),
//  are the page's trailer (an author box, a newsletter form, "About me",
//  share counters) and go, when they weigh less than what the baseline
//  kept (S_TAIL_SHARE of it): a tail that outweighs the baseline says the
//  baseline saw too little of the page, and nothing is cut.

#define S_TAIL_SHARE 1.0

static void
s_cut_tail (dpc_work_t *w)
{
    size_t last = SIZE_MAX, inside = 0;
    for (size_t i = 0; i < w->n_blocks; i++) {
        dpc_block_t *b = &w->blocks [i];
        if (b->cls == DPC_BAD || !b->node || !dpc_base_of (w, b->node))
            continue;
        last = i;
        inside += b->raw_chars - b->link_chars;
    }
    if (last == SIZE_MAX)
        return;
    size_t tail = 0;
    for (size_t i = last + 1; i < w->n_blocks; i++) {
        const dpc_block_t *b = &w->blocks [i];
        if (b->cls != DPC_BAD && !b->in_core)
            tail += b->raw_chars - b->link_chars;
    }
    if (!tail || tail > inside * S_TAIL_SHARE)
        return;
    if (w->debug)
        fprintf (stderr, "clean: tail of %zu cut after the baseline's %zu\n", tail, inside);
    for (size_t i = last + 1; i < w->n_blocks; i++)
        if (!w->blocks [i].in_core)
            w->blocks [i].cls = DPC_BAD;
}

//  --------------------------------------------------------------------------
//  Walks the given subtrees again, in place of the current result:
//  conservatively for a fallback (w->root is then theirs), else as the
//  main walk did (root, drop_by_class as given). Needs the masses cleared;
//  leaves them cleared.

static int
s_walk_again (dpc_work_t *w, xmlNode *body, xmlNode **roots, size_t n_roots,
              xmlNode *root, bool drop_by_class, bool fallback)
{
    dpc_work_reset (w);
    w->fallback = w->out->fallback = fallback;
    w->drop_by_class = drop_by_class;
    w->n_roots = n_roots;
    for (size_t i = 0; i < n_roots; i++)
        w->roots [i] = roots [i];
    w->root = root;
    dpc_mass (body);
    dpc_walk_roots (w);
    dpc_mass_clear (body);
    if (w->oom || w->raw.oom || w->text.oom || dpc_classify (w, false))
        return -1;
    return 0;
}

//  --------------------------------------------------------------------------
//  The element whose content is the page: <body>, unless a page closed its
//  body early ("</body>" before the text) and libxml2 put what follows
//  beside it, under <html>: then <html> itself.

static xmlNode *
s_body (xmlNode *top)
{
    xmlNode *body = NULL;
    bool beside = false;                //  content next to <body>
    for (xmlNode *c = top->children; c; c = c->next) {
        const char *name = (const char *) c->name;
        if (c->type == XML_ELEMENT_NODE && name && strcasecmp (name, "body") == 0)
            body = c;
        else
        if (c->type == XML_ELEMENT_NODE && name && strcasecmp (name, "head") != 0)
            beside = true;
        else
        if (c->type == XML_TEXT_NODE && c->content)
            for (const xmlChar *p = c->content; *p && !beside; p++)
                beside = !isspace (*p);
    }
    return body && !beside ? body : top;
}

//  --------------------------------------------------------------------------
//  Parses html[0..len) in the given encoding (NULL when it fails), with
//  the extra libxml2 options opts. *deep says whether libxml2 stopped at
//  its depth limit (256 open elements): it then halts with an internal
//  error, the last one it reports. *huge says whether it stopped at its
//  limit of a text node (10 MB, XML_MAX_TEXT_LENGTH), which it reports as
//  out of memory: the rest of the page is then lost too.

static htmlDocPtr
s_parse (const char *html, size_t len, const char *encoding, int opts,
         bool *deep, bool *huge, dp_cleaner_t *aside)
{
    opts |= HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
          | HTML_PARSE_NONET | HTML_PARSE_COMPACT;
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt ();
    if (!ctxt)
        return NULL;
    //  No table of "id" attributes: clean never looks an element up by its
    //  id, and each one was a hash insertion, and its removal at the free.
    ctxt->loadsubset |= XML_SKIP_IDS;
    dpc_aside_parse (ctxt, aside);
    htmlDocPtr doc = htmlCtxtReadMemory (ctxt, html, (int) len, NULL, encoding, opts);
    *deep = doc && ctxt->errNo == XML_ERR_INTERNAL_ERROR;
    *huge = doc && ctxt->errNo == XML_ERR_NO_MEMORY;
    htmlFreeParserCtxt (ctxt);
    return doc;
}

//  --------------------------------------------------------------------------
//  Parses html[0..len) in the given encoding and cleans the tree into out.
//  lean: html comes from dpc_lean; *retry is then set when the page must be
//  parsed as it was instead (the rc and out are not to be used).

static dp_rc_t
s_clean_tree_in (dp_cleaner_t *self, const char *html, size_t len,
                 const char *encoding, dp_clean_result_t *out, bool lean,
                 bool *retry)
{
    bool deep = false, huge = false;
    dp_cleaner_t *aside = lean ? self : NULL;   //  dpc_lean's references to put back
    htmlDocPtr doc = s_parse (html, len, encoding, 0, &deep, &huge, aside);
    if (!doc && strcmp (encoding, "UTF-8") != 0)
        doc = s_parse (html, len, encoding = "windows-1252", 0, &deep, &huge, aside);
    if (doc && huge) {
        //  libxml2 gave up at a text node over 10 MB and lost the rest of
        //  the page: parse it again without its limits (XML_PARSE_HUGE),
        //  from a copy that nests no deeper than dpc_unnest leaves, as
        //  without its depth limit libxml2 is quadratic in the depth.
        size_t flat_len = 0;
        char *flat = dpc_unnest (html, len, &flat_len);
        htmlDocPtr huge_doc = s_parse (flat ? flat : html, flat ? flat_len : len, encoding,
                                       XML_PARSE_HUGE, &deep, &huge, aside);
        if (huge_doc) {
            xmlFreeDoc (doc);
            doc = huge_doc;
        }
        free (flat);
    }
    if (doc && deep) {
        //  libxml2 gave up at its depth limit and lost the rest of the
        //  page: parse a copy that nests no deeper (lean.c).
        size_t flat_len = 0;
        char *flat = dpc_unnest (html, len, &flat_len);
        htmlDocPtr flat_doc = flat ? s_parse (flat, flat_len, encoding, 0, &deep, &huge, aside)
                                    : NULL;
        if (flat_doc) {
            if (!dpc_arena_takes_back ())
                xmlFreeDoc (doc);
            doc = flat_doc;
        }
        free (flat);
    }
    if (!doc && lean) {
        *retry = true;
        return DP_FATAL;
    }
    if (!doc)
        return dpc_dead (out, "HTML parse failure");

    dp_rc_t rc = DP_FATAL;
    dpc_work_t w = { .cleaner = self, .out = out, .drop_by_class = true, .lean = lean,
                     .debug = getenv ("DP_CLEAN_DEBUG") != NULL };
    dpc_meta_t m;
    memset (&m, 0, sizeof m);
    xmlNode *top = xmlDocGetRootElement (doc);
    if (!top) {
        rc = dpc_dead (out, "no text after cleaning");
        goto done;
    }
    if (dpc_meta_walk (&w, &m, top) || dpc_meta_finish (&w, &m))
        goto done;
    w.description = m.description;      //  borrowed from the tree, freed with it
    w.h1 = m.h1;
    xmlNode *body = s_body (top);
    dpc_mass (body);
    dpc_show_hidden (body, w.debug);
    xmlNode *base [DPC_MAX_BASE];
    size_t base_prose = 0;
    size_t n_base = dpc_baseline (&w, body, base, DPC_MAX_BASE, &base_prose);
    w.base = base;                      //  trusted by the walk when it holds
    w.n_base = base_prose >= S_BASE_MIN_PROSE && base [0] != body ? n_base : 0;  //  prose
    dpc_pick_root (&w, &m, body);
    size_t dense_prose = 0;
    xmlNode *dense = dpc_dense (&w, body, &dense_prose);
    dpc_walk_roots (&w);
    if (w.oom || w.raw.oom || w.text.oom)
        goto done;
    if (w.n_blocks == 0 && w.roots [0] != body) {
        w.root = w.roots [0] = body;
        w.n_roots = 1;
        w.lead = NULL;
        w.named_lead = NULL;
        dpc_walk_roots (&w);
    }
    if (w.n_blocks == 0) {
        //  Class tokens can be wrong about a whole page (a wrapper named
        //  "ad-free-layout"): try once more trusting only element names.
        w.drop_by_class = false;
        dpc_walk_roots (&w);
    }
    dpc_mass_clear (body);
    if (w.oom || w.raw.oom || w.text.oom || dpc_classify (&w, false))
        goto done;
    if (n_base == 1 && base [0] != body && dpc_summary_is_all (&w, base [0])
    &&  s_kept_beside (&w, base [0])) {
        //  The page's summary is the baseline's whole text: the post is
        //  that short, and what was kept beside it is the page's (a
        //  sidebar's note, a profile); take the baseline, and say so.
        if (w.debug)
            fprintf (stderr, "clean: the summary is the baseline's text: fallback to it\n");
        if (s_walk_again (&w, body, base, 1, base [0], true, true))
            goto done;
    }
    else
    if (n_base && s_missed_base (&w, base, n_base, base_prose)) {
        //  The main result misses most of what the baseline found, and is
        //  smaller: the decisions above threw the article away (or chose
        //  another block); take the baseline, walked conservatively, and
        //  say so; unless that keeps even less.
        if (w.debug)
            fprintf (stderr, "clean: fallback to the baseline (prose %zu)\n", base_prose);
        size_t kept = s_kept (&w), inside;
        bool all_inside = s_kept_in (&w, base, n_base, &inside) == kept && inside == kept;
        xmlNode *main_roots [DPC_MAX_ROOTS];
        size_t n_main = w.n_roots;
        memcpy (main_roots, w.roots, n_main * sizeof *main_roots);
        xmlNode *main_root = w.root;
        bool main_drop = w.drop_by_class;
        if (s_walk_again (&w, body, base, n_base, n_base == 1 ? base [0] : base [0]->parent,
                          true, true))
            goto done;
        //  Back to the main result when the conservative walk keeps less, or
        //  no more (S_FALLBACK_SAME) when the main result lay all inside the
        //  baseline: what the baseline held beside it was furniture for both
        //  walks (a short story in an <article> never closed, its related
        //  teasers after it), nothing was missed, and no flag is due.
        size_t again = s_kept (&w);
        bool no_more = all_inside && again * S_FALLBACK_SAME <= kept * (S_FALLBACK_SAME + 1);
        if ((again < kept || no_more)
        &&  s_walk_again (&w, body, main_roots, n_main, main_root, main_drop, false))
            goto done;
    }
    else
    if (dense && s_lost_body (&w, dense, dense_prose, base_prose)) {
        //  The decisions above threw the article away: walk the densest
        //  block again, conservatively, and say so.
        if (w.debug)
            fprintf (stderr, "clean: fallback to %s (prose %zu)\n", (const char *) dense->name,
                     dense_prose);
        if (s_walk_again (&w, body, &dense, 1, dense, true, true))
            goto done;
    }
    if (m.ld_body && s_kept (&w) < S_LD_MAX_KEPT && dpc_json_len (m.ld_body) > S_LD_MAX_KEPT) {
        //  The HTML gave (next to) nothing, yet its JSON-LD carries the
        //  article's text (an app shell that renders it by script): take
        //  that as plain text, and say it is a fallback.
        dpc_work_reset (&w);
        w.fallback = w.out->fallback = true;
        if (dpc_json_text (&w, m.ld_body) || w.oom || w.text.oom || dpc_classify (&w, true))
            goto done;
    }
    if (!w.fallback && w.n_base)
        s_cut_tail (&w);
    rc = dpc_emit (&w);
done:
    if (w.retry)
        *retry = true;
    dpc_work_free (&w);
    if (!dpc_arena_takes_back ())       //  else dpc_arena_end frees it all at once
        xmlFreeDoc (doc);
    return rc;
}

//  --------------------------------------------------------------------------
//  s_clean_tree_in with libxml2's blocks cut from the page's arena (arena.c):
//  the tree is freed before it returns, and nothing in out comes from it.

static dp_rc_t
s_clean_tree (dp_cleaner_t *self, const char *html, size_t len,
              const char *encoding, dp_clean_result_t *out, bool lean,
              bool *retry)
{
    dpc_arena_begin ();
    dp_rc_t rc = s_clean_tree_in (self, html, len, encoding, out, lean, retry);
    dpc_arena_end ();
    return rc;
}

//  --------------------------------------------------------------------------
//  Cleans an HTML page: encoding, parse, metadata, content root, blocks.

static dp_rc_t
s_clean_html (dp_cleaner_t *self, const char *html, size_t len,
              dp_clean_result_t *out)
{

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
    if (self->lean && strcmp (encoding, "UTF-8") == 0 && len <= DPC_LEAN_MAX
    &&  s_result_empty (out)) {
        size_t lean_len = 0;
        const char *lean = dpc_lean (self, html, len, &lean_len);
        if (lean) {
            leaned = true;
            rc = s_clean_tree (self, lean, lean_len, encoding, out, true, &retry);
            out->n_attrs_cut += self->lean_attrs_cut;
        }
        if (self->lean_cap > DPC_LEAN_KEEP) {
            free (self->lean_buf);
            self->lean_buf = NULL;
            self->lean_cap = 0;
        }
        if (self->aside_cap > DPC_LEAN_KEEP) {
            free (self->aside_buf);
            self->aside_buf = NULL;
            self->aside_cap = 0;
        }
        if (self->aside_text_cap > DPC_LEAN_KEEP) {
            free (self->aside_text);
            self->aside_text = NULL;
            self->aside_text_cap = 0;
        }
    }
    if (retry) {
        size_t repaired = out->n_repaired;
        dp_clean_result_free (out);
        out->n_repaired = repaired;
    }
    if (!leaned || retry) {
        //  The page as it is, its start tags cut to DPC_MAX_ATTRS attributes
        //  first (dpc_lean cuts them itself).
        size_t capped_len = 0, n_capped = 0;
        bool oom = false;
        char *capped = dpc_cap_attrs (html, len, &capped_len, &n_capped, &oom);
        if (oom) {
            free (fixed);
            return DP_FATAL;
        }
        out->n_attrs_cut += n_capped;
        rc = s_clean_tree (self, capped ? capped : html, capped ? capped_len : len,
                           encoding, out, false, &retry);
        free (capped);
    }
    free (fixed);
    return rc;
}

//  --------------------------------------------------------------------------
//  Cleans an HTML page.

dp_rc_t
dp_clean_html (dp_cleaner_t *self, const char *html, size_t len,
               dp_clean_result_t *out)
{
    if (!self || !out)
        return DP_FATAL;
    if (!html || len == 0)
        return dpc_dead (out, "no text after cleaning");
    if (len > DPC_MAX_INPUT)
        return dpc_dead (out, "article too large");
    if (len > INT32_MAX)
        return dpc_dead (out, "article too large");
    if (dpc_is_binary (html, len))
        return dpc_dead (out, "binary content");
    return s_clean_html (self, html, len, out);
}
