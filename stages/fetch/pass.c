//  depeche fetch — the replay's pass-through: a JSON line that is already
//  a valid flat article (dp_article_json_flat_scan) is handed to main.c as
//  it is, with the source and id it would get, instead of being parsed into
//  an article and written again. It does not write anything (main.c
//  splices and writes) nor read anything (fetch.c gives it the lines).
#include "fetch/fetch.h"
#include "fetch/fetch_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  1 when the line is passed through as it is (self->line filled in), 0
//  when it is to be read into an article, -1 when out of memory. What the
//  article would change (a source, an id, a dead letter) sends it the
//  long way; a line no longer than the size limit cannot be over it.
int
dp_fetch_int_pass_line (dp_fetch_src_t *self, const char *line, size_t len, const char *source)
{
    dp_fetch_line_t *l = &self->line;
    if (!self->pass_max || len > self->pass_max || len > self->max_bytes
    ||  !dp_article_json_flat_scan (line, len, &l->scan)
    ||  l->scan.has_source || l->scan.has_error || !l->scan.has_body
    ||  (!l->scan.has_id && l->scan.url_escaped))
        return 0;
    free (l->id);
    l->id = NULL;
    if (!l->scan.has_id) {
        char *url = l->scan.url ? strndup (l->scan.url, l->scan.url_len) : NULL;
        if (l->scan.url && !url)
            return -1;
        l->id = dp_fetch_make_id (url, source);
        free (url);
        if (!l->id)
            return -1;
    }
    l->json = line;
    snprintf (l->source, sizeof l->source, "%s", source);
    self->stats.records++;
    return 1;
}

void
dp_fetch_src_pass_lines (dp_fetch_src_t *self, size_t max_line)
{
    self->pass_max = max_line;
}

const dp_fetch_line_t *
dp_fetch_src_line (dp_fetch_src_t *self)
{
    return &self->line;
}
