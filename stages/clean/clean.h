//  depeche clean — HTML or scraped text in, the article's main text out, with
//  metadata lifted (title, date, tags, language). No sockets, no globals.
#ifndef DP_CLEAN_H_INCLUDED
#define DP_CLEAN_H_INCLUDED

#include "depeche/dp_common.h"

typedef struct dp_cleaner dp_cleaner_t;

//  What clean found. Every pointer is owned by the result (NULL: not found).
typedef struct {
    char *text;                         //  clean UTF-8, NFC, paragraphs split by "\n\n"
    size_t text_len;
    char *title;                        //  <title>/<h1>/og:title, or NULL
    char *published;                    //  "YYYY-MM-DD" or "YYYY-MM", or NULL
    char *lang;                         //  "fr", "en", ... or NULL
    char *url;                          //  canonical link / og:url, or NULL
    char **tags;                        //  lifted "Tags:" line / meta keywords
    size_t n_tags;
    size_t n_repaired;                  //  invalid UTF-8 sequences replaced
    size_t n_removed;                   //  boilerplate blocks/lines removed
    size_t n_attrs_cut;                 //  start tags cut to DPC_MAX_ATTRS
                                        //  attributes (attrs.c)
    bool fallback;                      //  the first extraction lost the body:
                                        //  text is the conservative one
    bool guessed;                       //  clean read the text's language:
    const char *guess;                  //  ... dp_lang_guess's answer (static,
                                        //  NULL when unsure)
    char *error;                        //  reason when the rc is DP_DEAD
} dp_clean_result_t;

//  Returns a cleaner, or NULL (reason logged) when the rules file named by
//  rules_path does not load. rules_path NULL: the bundled data/clean rules.
dp_cleaner_t *
    dp_cleaner_new (const char *rules_path);

//  Destroys the cleaner and sets *self_p to NULL; accepts NULL.
void
    dp_cleaner_destroy (dp_cleaner_t **self_p);

//  Cleans an HTML page. Fills *out (zero it first). DP_OK, DP_DEAD with
//  out->error set (nothing usable), or DP_FATAL (out of memory).
dp_rc_t
    dp_clean_html (dp_cleaner_t *self, const char *html, size_t len,
                   dp_clean_result_t *out);

//  Cleans plain text scraped from a page (menus, teasers, share lines...).
dp_rc_t
    dp_clean_text (dp_cleaner_t *self, const char *text, size_t len,
                   dp_clean_result_t *out);

//  Guesses the language of a text from its function words: "fr", "en",
//  "de", "es", "it", "nl", "pt", or NULL when unsure (dp_lang_guess).
//  Static strings.
const char *
    dp_clean_guess_lang (const char *text, size_t len);

//  Frees everything in *res and zeroes it.
void
    dp_clean_result_free (dp_clean_result_t *res);

#endif
