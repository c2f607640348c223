//  depeche clean — what a reader of the page sees: the tags whose content
//  nobody sees, the attributes, styles and framework classes that hide an
//  element, and the captions under a root (kept by dom.c when they are the
//  text of a gallery). The main walk (dom.c) and the baseline (base.c) ask
//  here. Decides nothing about boilerplate and reads no CSS file: only
//  what the element itself says.
#include "clean/clean_impl.h"

#include <string.h>

//  Elements that hold no text a reader sees: never walked, never counted.
static const char *s_invisible_tags [] = {
    "script", "style", "noscript", "template", "iframe", "svg", "button", "select",
    "textarea", "input", "object", "embed", "canvas", "video", "audio", "head",
    "title", "meta", "link", "math", "map", NULL
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

bool
dpc_unseen_tag (xmlNode *node)
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

//  --------------------------------------------------------------------------
//  True when a class list holds one of the utility classes that CSS
//  frameworks define as display:none ("hidden", "hide": Bootstrap and its
//  kin); "hidden-xs" (hidden on small screens only) is not one.

static bool
s_hidden_class (const char *cls)
{
    size_t i = 0;
    while (cls [i]) {
        while (cls [i] && isspace ((unsigned char) cls [i]))
            i++;
        size_t j = i;
        while (cls [j] && !isspace ((unsigned char) cls [j]))
            j++;
        if ((j - i == 6 && strncasecmp (cls + i, "hidden", 6) == 0)
        ||  (j - i == 4 && strncasecmp (cls + i, "hide", 4) == 0))
            return true;
        i = j;
    }
    return false;
}

//  --------------------------------------------------------------------------
//  True for an element nobody sees: an invisible tag, hidden, aria-hidden,
//  display:none, visibility:hidden. The main walk and the baseline (base.c)
//  both ask here.

bool
dpc_invisible (xmlNode *node)
{
    const char *name = (const char *) node->name;
    if (!name || dpc_unseen_tag (node))
        return true;
    if (dpc_attr (node, "hidden"))
        return true;
    const char *aria = dpc_attr (node, "aria-hidden");
    if (aria && strcasecmp (aria, "true") == 0)
        return true;
    const char *cls = dpc_attr (node, "class");
    if (cls && s_hidden_class (cls))
        return true;
    const char *css = dpc_attr (node, "style");
    return css && (strstr (css, "display:none") || strstr (css, "display: none")
               ||  strstr (css, "visibility:hidden") || strstr (css, "visibility: hidden"));
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

