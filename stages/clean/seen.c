//  depeche clean — what a reader of the page sees: the tags whose content
//  nobody sees, the attributes, styles and framework classes that hide an
//  element, and the captions under a root (kept by dom.c when they are the
//  text of a gallery); and it shows a hidden element that holds most of
//  the page's prose (a tab holding the article). The main walk (dom.c)
//  and the baseline (base.c) ask here. Decides nothing about boilerplate and reads no CSS file: only
//  what the element itself says.
#include "clean/clean_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Elements that hold no text a reader sees: never walked, never counted.
//  AMP pages name their ad, embed and media slots amp-*: what is inside
//  is a placeholder ("Loading ad") or a fallback, like an <iframe>'s.
static const char *s_invisible_tags [] = {
    "script", "style", "noscript", "template", "iframe", "svg", "button", "select",
    "textarea", "input", "object", "embed", "canvas", "video", "audio", "head",
    "title", "meta", "link", "math", "map", "amp-ad", "amp-embed", "amp-sticky-ad",
    "amp-analytics", "amp-iframe", "amp-video", "amp-audio", NULL
};

//  --------------------------------------------------------------------------
//  True for the name of a tag whose content nobody sees (a <noscript> may
//  still be read: dpc_unseen_tag).

bool
dpc_invisible_name (const char *name)
{
    return name && dpc_in_list (s_invisible_tags, name, strlen (name));
}

//  --------------------------------------------------------------------------
//  True for a tag whose content nobody sees (s_invisible_tags). A
//  <noscript> that holds paragraphs is seen: a page that renders its
//  article from a script template puts the readable copy there.

#define S_NOSCRIPT_PARAS 2

//  The walks ask both questions of each element several times (about four
//  each per page): an element keeps the answers (DPC_X_*). The tag's answer
//  holds for the page (clean moves no node); the element's is forgotten
//  when s_show changes its attributes.

static bool
s_unseen_tag (xmlNode *node)
{
    const char *name = (const char *) node->name;
    if (!name || !dpc_in_list (s_invisible_tags, name, strlen (name)))
        return false;
    if (!dpc_same (name, "noscript"))
        return true;
    int paras = 0;
    for (xmlNode *c = node->children; c && paras < S_NOSCRIPT_PARAS; c = c->next)
        paras += c->type == XML_ELEMENT_NODE && c->name && dpc_same ((const char *) c->name, "p");
    return paras < S_NOSCRIPT_PARAS;
}

bool
dpc_unseen_tag (xmlNode *node)
{
    if (node->type != XML_ELEMENT_NODE)
        return s_unseen_tag (node);
    if (!(node->extra & DPC_X_TAG_KNOWN))
        node->extra |= DPC_X_TAG_KNOWN | (s_unseen_tag (node) ? DPC_X_TAG_UNSEEN : 0);
    return (node->extra & DPC_X_TAG_UNSEEN) != 0;
}

//  --------------------------------------------------------------------------
//  True when a class list holds one of the utility classes that CSS
//  frameworks define as display:none ("hidden", "hide": Bootstrap and its
//  kin); "hidden-xs" (hidden on small screens only) is not one. When kept
//  is not NULL (strlen (cls) + 1 bytes), the other tokens are written there.

static bool
s_hidden_class_into (const char *cls, char *kept)
{
    bool hidden = false;
    size_t i = 0, k = 0;
    while (cls [i]) {
        while (cls [i] && isspace ((unsigned char) cls [i]))
            i++;
        size_t j = i;
        while (cls [j] && !isspace ((unsigned char) cls [j]))
            j++;
        bool token = (j - i == 6 && strncasecmp (cls + i, "hidden", 6) == 0)
                  || (j - i == 4 && strncasecmp (cls + i, "hide", 4) == 0);
        hidden |= token;
        if (kept && j > i && !token) {
            if (k)
                kept [k++] = ' ';
            memcpy (kept + k, cls + i, j - i);
            k += j - i;
        }
        i = j;
    }
    if (kept)
        kept [k] = '\0';
    return hidden;
}

static bool
s_hidden_class (const char *cls)
{
    return s_hidden_class_into (cls, NULL);
}

//  --------------------------------------------------------------------------
//  True for an element nobody sees: an invisible tag, hidden, aria-hidden,
//  display:none, visibility:hidden. The main walk and the baseline (base.c)
//  both ask here.

//  Every walk asks this of every element: the four attributes are read in
//  one pass over the element's attributes, each value as dpc_attr gives
//  it (the first attribute of that name).

static bool
s_invisible (xmlNode *node);

bool
dpc_invisible (xmlNode *node)
{
    if (node->type != XML_ELEMENT_NODE)
        return s_invisible (node);
    if (!(node->extra & DPC_X_SEEN_KNOWN))
        node->extra |= DPC_X_SEEN_KNOWN | (s_invisible (node) ? DPC_X_SEEN_HIDDEN : 0);
    return (node->extra & DPC_X_SEEN_HIDDEN) != 0;
}

static bool
s_invisible (xmlNode *node)
{
    const char *name = (const char *) node->name;
    if (!name || dpc_unseen_tag (node))
        return true;
    const char *hidden = NULL, *aria = NULL, *cls = NULL, *css = NULL;
    bool seen_hidden = false, seen_aria = false, seen_cls = false, seen_css = false;
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        const char *an = (const char *) a->name;
        if (!an)
            continue;
        if (!seen_hidden && dpc_same (an, "hidden")) {
            seen_hidden = true;
            hidden = dpc_attr_value (a);
        }
        else
        if (!seen_aria && dpc_same (an, "aria-hidden")) {
            seen_aria = true;
            aria = dpc_attr_value (a);
        }
        else
        if (!seen_cls && dpc_same (an, "class")) {
            seen_cls = true;
            cls = dpc_attr_value (a);
        }
        else
        if (!seen_css && dpc_same (an, "style")) {
            seen_css = true;
            css = dpc_attr_value (a);
        }
    }
    if (hidden)
        return true;
    if (aria && strcasecmp (aria, "true") == 0)
        return true;
    if (cls && s_hidden_class (cls))
        return true;
    return css && (strstr (css, "display:none") || strstr (css, "display: none")
               ||  strstr (css, "visibility:hidden") || strstr (css, "visibility: hidden"));
}

//  --------------------------------------------------------------------------
//  Rewrites a class list without its "hidden" and "hide" tokens.

static void
s_strip_hidden_class (xmlNode *node)
{
    const char *cls = dpc_attr (node, "class");
    if (!cls || !s_hidden_class (cls))
        return;
    char *kept = malloc (strlen (cls) + 1);
    if (!kept)
        return;                         //  stays hidden: nothing is lost but text
    s_hidden_class_into (cls, kept);
    xmlSetProp (node, BAD_CAST "class", BAD_CAST kept);
    free (kept);
}

//  --------------------------------------------------------------------------
//  Strips what hides an element (attributes, style, framework classes).

static void
s_show (xmlNode *node)
{
    xmlUnsetProp (node, BAD_CAST "hidden");
    xmlUnsetProp (node, BAD_CAST "aria-hidden");
    xmlUnsetProp (node, BAD_CAST "style");
    s_strip_hidden_class (node);
    node->extra &= (unsigned short) ~DPC_X_ATTRS;
}

//  --------------------------------------------------------------------------
//  A visibility rule never throws away most of what the page says: when
//  the outermost hidden elements (by an attribute, a style or a framework
//  class) hold more of the page's prose than what is visible (masses of
//  dpc_mass, which count hidden elements too), the largest of them are
//  shown, largest first, until what stays hidden weighs less than what is
//  seen: a tab, an "expand" box or a wrapper that a script reveals holds
//  the article. A hidden menu (links are not prose), a popup or a closed
//  second tab beside a visible article still go. Returns how many
//  elements it showed.

#define S_SHOW_MAX 8                    //  largest hidden elements remembered
#define S_NEEDLE_MIN 24                 //  bytes of a line that tell a copy
#define S_NEEDLE_MAX 64

//  True when the longest line of text under a hidden element is also in the
//  visible page: the element is a copy (microdata, a print or mobile
//  version), and the reader saw its text already.

static bool
s_is_copy (xmlNode *body, xmlNode *hidden)
{
    const char *best = NULL;
    size_t best_len = 0;
    for (xmlNode *n = hidden; n;
         n = dpc_next_node (hidden, n, n->type == XML_ELEMENT_NODE && !dpc_unseen_tag (n)))
        if (n->type == XML_TEXT_NODE && n->content) {
            const char *p = (const char *) n->content;
            while (*p) {
                while (*p && isspace ((unsigned char) *p))
                    p++;
                size_t len = strcspn (p, "\n");
                if (len > best_len) {
                    best = p;
                    best_len = len;
                }
                p += len;
            }
        }
    if (best_len < S_NEEDLE_MIN)
        return false;
    char needle [S_NEEDLE_MAX + 1];
    size_t len = best_len < S_NEEDLE_MAX ? best_len : S_NEEDLE_MAX;
    memcpy (needle, best, len);
    needle [len] = '\0';
    xmlNode *n = body;
    while (n) {
        bool descend = n->type == XML_ELEMENT_NODE && n->name && !dpc_invisible (n);
        if (n->type == XML_TEXT_NODE && n->content && strstr ((const char *) n->content, needle))
            return true;
        n = dpc_next_node (body, n, descend || n == body);
    }
    return false;
}

size_t
dpc_show_hidden (xmlNode *body, bool debug)
{
    size_t page = (uintptr_t) body->_private, hidden = 0;
    xmlNode *top [S_SHOW_MAX];
    size_t top_mass [S_SHOW_MAX], n_top = 0;
    size_t shown = 0;
    //  A hidden <body> (or <html>) is a page a script reveals whole: the
    //  reader sees all of it.
    for (xmlNode *up = body; up && up->type == XML_ELEMENT_NODE; up = up->parent)
        if (dpc_invisible (up)) {
            s_show (up);
            shown++;
        }
    xmlNode *n = body;
    while (n) {
        bool descend = n->type == XML_ELEMENT_NODE && n->name && !dpc_unseen_tag (n);
        if (descend && n != body && dpc_invisible (n)) {
            descend = false;
            size_t mass = (uintptr_t) n->_private;
            hidden += mass;
            size_t at = n_top;          //  insertion, largest first
            while (at > 0 && top_mass [at - 1] < mass)
                at--;
            if (mass && at < S_SHOW_MAX) {
                size_t move = n_top - at - (n_top == S_SHOW_MAX);
                memmove (top + at + 1, top + at, move * sizeof *top);
                memmove (top_mass + at + 1, top_mass + at, move * sizeof *top_mass);
                top [at] = n;
                top_mass [at] = mass;
                n_top += n_top < S_SHOW_MAX;
            }
        }
        n = dpc_next_node (body, n, descend);
    }
    for (size_t i = 0; i < n_top && hidden * 2 > page; i++) {
        hidden -= top_mass [i];         //  a copy is seen already
        if (!s_is_copy (body, top [i])) {
            if (debug)
                fprintf (stderr, "clean: shown %s.%.60s#%.30s (%zu, of %zu hidden, page %zu)\n",
                         (const char *) top [i]->name, dpc_attr (top [i], "class") ? dpc_attr (top [i], "class") : "",
                         dpc_attr (top [i], "id") ? dpc_attr (top [i], "id") : "", top_mass [i], hidden + top_mass [i], page);
            s_show (top [i]);
            shown++;
        }
    }
    return shown;
}

//  --------------------------------------------------------------------------
//  True for a caption: <figcaption>, or a class token "caption"
//  ("wp-caption", "slide-caption"). Captions are dropped as the page's
//  furniture, unless they are most of the content root's prose (a gallery
//  post: its text is its captions; dom.c judges that, DPC_CAPTION_SHARE).

bool
dpc_is_caption (xmlNode *node)
{
    if (dpc_same ((const char *) node->name, "figcaption"))
        return true;
    const char *cls = dpc_attr (node, "class");
    for (const char *p = cls ? strstr (cls, "caption") : NULL; p; p = strstr (p + 7, "caption"))
        if ((p == cls || !isalnum ((unsigned char) p [-1])) && !isalnum ((unsigned char) p [7]))
            return true;
    return false;
}

//  Non-link text of the outermost visible captions under root (masses of
//  dpc_mass).
size_t
dpc_caption_mass (xmlNode *root)
{
    size_t mass = 0;
    xmlNode *n = root;
    while (n) {
        bool descend = n->type == XML_ELEMENT_NODE && n->name && !dpc_invisible (n);
        if (descend && n != root && dpc_is_caption (n)) {
            mass += (uintptr_t) n->_private;
            descend = false;
        }
        n = dpc_next_node (root, n, descend);
    }
    return mass;
}

