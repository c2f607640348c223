//  depeche sink — linking articles across the stream before they are
//  written: a `canon` for every PER/LOC/ORG entity (canon.c), a `story`
//  and `duplicate_of` for the article (story.c). The state lives here, in
//  the sink, because the sink is the one process that sees every article
//  once (after dedup) and writes durably before it acknowledges: the state
//  is saved in the same SQLite transaction as the records, so a crash
//  loses neither or both, and a resend finds it as it was.
#ifndef DP_LINK_H_INCLUDED
#define DP_LINK_H_INCLUDED

#include "depeche/dp_article.h"
#include "sink/db.h"
#include "sink/story.h"

typedef struct {
    const char *variants;               //  variant table; NULL: the bundled one
    dp_story_cfg_t story;
} dp_link_cfg_t;

typedef struct dp_link dp_link_t;

//  Loads the variant table and, when db is not NULL, the state saved in
//  it (names learned, the story window). db stays the caller's. NULL with
//  the reason logged.
dp_link_t *
    dp_link_new (const dp_link_cfg_t *cfg, dp_db_t *db);

void
    dp_link_destroy (dp_link_t **self_p);

//  Sets canon on the PER/LOC/ORG entities of doc, its story and
//  duplicate_of, and adds the changes of the state to db's open
//  transaction. Returns 0, or -1 on an error (logged; do not ack).
int
    dp_link_article (dp_link_t *self, dp_article_t *doc);

//  Articles in the window, stories in it, names known.
void
    dp_link_sizes (dp_link_t *self, size_t *articles, size_t *stories, size_t *names);

#endif
