//  depeche — questions to the sink's SQLite database (`depeche query`) and
//  the printing of live articles (`depeche tail`). No sockets here.
#ifndef DP_QUERY_H_INCLUDED
#define DP_QUERY_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define DP_QUERY_MAX_WITH 16

typedef struct {
    const char *db;                     //  database path
    const char *with [DP_QUERY_MAX_WITH];   //  articles naming all of these (any spelling)
    size_t n_with;
    const char *from;                   //  published >= from (YYYY-MM-DD), or NULL
    const char *to;                     //  published <= to (its date part), or NULL
    const char *cooccur;                //  entities named with this one...
    const char *type;                   //  ... of this type (PER, LOC...), or NULL
    const char *match;                  //  sentences with these words (FTS5)
    const char *stories;                //  stories about this name
    const char *spellings;              //  every spelling seen of this name
    const char *story;                  //  the articles of this story id
    int limit;                          //  rows at most (0 = 20)
    bool json;                          //  one JSON object per line
} dp_query_t;

//  Answers q (exactly one of with / cooccur / match / stories / spellings /
//  story set) on out: readable
//  lines, or JSON lines. Returns the number of rows, or -1 with the reason
//  in err[0..errlen).
int
    dp_query_run (const dp_query_t *q, FILE *out, char *err, size_t errlen);

//  Prints one published article (a JSON line, possibly after a topic
//  prefix) for a reader: a header, the text with entities highlighted in
//  ANSI colours when color, then the entities. Returns 0, or -1 when the
//  frame is not an article.
int
    dp_tail_print (FILE *out, const char *frame, size_t len, bool color);

#endif
