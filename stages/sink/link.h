//  depeche sink — linking articles across the stream before they are
//  written: a `canon` for every PER/LOC/ORG entity (canon.c), a `story`
//  and `duplicate_of` for the article (story.c). The state lives here, in
//  the sink, because the sink is the one process that sees every article
//  once (after dedup) and writes durably before it acknowledges: the state
//  is saved in the same SQLite transaction as the records, so a crash
//  loses neither or both, and a resend finds it as it was. Bounded: an
//  article teaches at most `per_article` new names (its strongest, by
//  where and how often it names them; flagged `names-capped` past it), and
//  the names learned are at most `names` (the least used forgotten, in the
//  database too).
#ifndef DP_LINK_H_INCLUDED
#define DP_LINK_H_INCLUDED

#include "depeche/dp_article.h"
#include <stdbool.h>
#include "sink/db.h"
#include "sink/story.h"

#define DP_LINK_PER_ARTICLE 1024        //  names an article may teach, by default

typedef struct {
    const char *variants;               //  variant table; NULL: the bundled one
    dp_story_cfg_t story;
    size_t names;                       //  names learned kept; 0: DP_CANON_NAMES
    size_t per_article;                 //  names one article may teach; 0: DP_LINK_PER_ARTICLE
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

//  Which entities of doc may teach the canon a new name (may[i], one per
//  entity): all when it names at most cap PER/LOC/ORG names; else the
//  mentions of its cap strongest, weighed as the story's evidence weighs a
//  word (1.5 a mention in the lead, its first two sentences, 1 elsewhere,
//  summed; a tie: the name named first). Returns how many names were past
//  the cap (0: all may), -1 when out of memory.
long
    dp_link_teachers (const dp_article_t *doc, size_t cap, bool *may);

//  Articles in the window, stories in it, names known.
void
    dp_link_sizes (dp_link_t *self, size_t *articles, size_t *stories, size_t *names);

//  Times the names learned were halved (the least used forgotten), so far.
uint64_t
    dp_link_evictions (dp_link_t *self);

#endif
