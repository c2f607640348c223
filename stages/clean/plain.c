//  depeche clean — the plain-text path: scraped page text, one line one
//  paragraph; lifts tag and date lines, then the same classifier as HTML.
//  No markup here.
#include "clean/clean_impl.h"

#include <stdlib.h>
#include <string.h>

//  --------------------------------------------------------------------------
//  Handles one line of scraped text: lifts tags and dates, else adds it as
//  a block. Returns -1 when out of memory.

static int
s_text_line (dpc_work_t *w, const char *line, size_t len, size_t line_no)
{
    dp_cleaner_t *self = w->cleaner;
    //  Normalise first so the lifting patterns see clean spacing.
    dpc_block_t *b = dpc_block_add (w, line, len);
    if (!b)
        return w->oom || w->text.oom ? -1 : 0;
    const char *s = w->text.p + b->off;
    size_t start, glen;
    if (b->len <= DPC_RULE_MAX_BYTES && dpc_match (self, self->re_tags, s, b->len)
    &&  dpc_group (self, &start, &glen)) {
        if (dpc_tags_split (w->out, s + start, glen))
            return -1;
        w->n_blocks--;
        w->text.len = b->off;
        w->out->n_removed++;
        return 0;
    }
    if (line_no < 5 && dpc_match (self, self->re_date_prefix, s, b->len)
    &&  dpc_group (self, &start, &glen)) {
        if (dpc_set_published (w->out, s + start, glen))
            return -1;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer (self->md);
        size_t rest = ov [1];
        //  The sentence on the same line is article text: keep it alone.
        char *copy = dpc_strndup (s + rest, b->len - rest);
        if (!copy)
            return -1;
        w->n_blocks--;
        w->text.len = b->off;
        dpc_block_add (w, copy, strlen (copy));
        free (copy);
        return 0;
    }
    if (b->len <= 80 && dpc_match (self, self->re_date_line, s, b->len)
    &&  dpc_group (self, &start, &glen)) {
        char date [11];
        if (dpc_parse_date (s + start, glen, date)) {
            if (dpc_set_published (w->out, date, strlen (date)))
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
    if (len > DPC_MAX_INPUT)
        return dpc_dead (out, "article too large");
    if (dpc_is_binary (text, len))
        return dpc_dead (out, "binary content");
    size_t fixed_len = 0, repaired = 0;
    char *fixed = dp_utf8_repair (text ? text : "", len, &fixed_len, &repaired);
    if (!fixed)
        return DP_FATAL;
    out->n_repaired += repaired;

    dpc_work_t w = { .cleaner = self, .out = out };
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
    if (rc == 0 && !w.oom && !w.text.oom && dpc_classify (&w, true) == 0)
        result = dpc_emit (&w);
    dpc_work_free (&w);
    return result;
}

