//  depeche fetch — turns files, folders, JSON lines (plain or gzip) and
//  stdin into articles with a stable id and a source, one at a time, so that
//  memory stays bounded whatever the input's size. No sockets here.
#ifndef DP_FETCH_H_INCLUDED
#define DP_FETCH_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "depeche/dp_article.h"

typedef struct dp_fetch_src dp_fetch_src_t;

typedef enum {
    DP_SRC_ARTICLE = 1,                 //  *doc holds the next article
    DP_SRC_DONE = 0,                    //  every input is exhausted
    DP_SRC_AGAIN = 2,                   //  stdin has no full line yet: poll fd
    DP_SRC_FATAL = -1,                  //  out of memory
    DP_SRC_LINE = 3                     //  a JSON line to pass through as it
                                        //  is (dp_fetch_src_line)
} dp_src_rc_t;

//  Where an article came from. Finite sources: the index of its file in the
//  (sorted) source list and its line in that file (JSON lines), its record
//  number (WARC, from 1, every record counted), or 0 for a whole-file
//  article; these positions compare lexicographically. Live sources: file
//  is past the list, and follow or spool says which one.
typedef struct {
    size_t file;
    size_t record;
    bool live;                          //  from a live source
    size_t follow;                      //  1 + index of its --follow, or 0
    uint64_t dev;                       //  --follow: the file it is in
    uint64_t ino;
    uint64_t off;                       //  ... and the byte its line starts at
    uint64_t spool;                     //  --watch: its spool file's serial, or 0
} dp_fetch_pos_t;

#define DP_FETCH_MAX_FOLLOW 16

typedef struct {
    uint64_t files;                     //  files opened
    uint64_t records;                   //  articles produced (dead letters too)
    uint64_t dead;                      //  of which with error set
    uint64_t skipped;                   //  files of other kinds in folders
    uint64_t resumed;                   //  articles skipped: before the checkpoint
    uint64_t warc_skipped;              //  WARC records that are not HTML 200
                                        //  responses (warcinfo, request...)
    uint64_t nul_dropped;               //  NUL bytes dropped from text/HTML files
    uint64_t gz_junk;                   //  .gz files with bytes after their last
                                        //  member that start no other (dp_gz.h)
    uint64_t warc_resynced;             //  WARC records whose Content-Length ran
                                        //  past the end or into later records:
                                        //  read again from a header inside them
} dp_fetch_stats_t;

//  Sources: paths of files or folders (.txt .html .json .jsonl .jsonl.gz
//  .warc .warc.gz; see warc.h for what WARC support covers) (walked recursively, sorted), "-" for
//  JSON lines on stdin. max_bytes is the article size limit. NULL on OOM.
dp_fetch_src_t *
    dp_fetch_src_new (char *const *paths, size_t n_paths, size_t max_bytes);

void
    dp_fetch_src_destroy (dp_fetch_src_t **self_p);

//  Adds a live source: a file followed like `tail -F` (lines appended after
//  this call, across truncation and rotation; a line over the size limit is
//  a dead letter). Live sources come after the finite ones and never end:
//  dp_fetch_src_next then gives DP_SRC_AGAIN, never DP_SRC_DONE. Returns
//  0, or -1 when out of memory or over DP_FETCH_MAX_FOLLOW.
int
    dp_fetch_src_follow (dp_fetch_src_t *self, const char *path);

//  The same, resuming where a checkpoint says (dev, ino, off of the first
//  line not acknowledged): in the file at path when it is that file; else
//  in the file of that inode in path's folder (rotated while fetch was
//  down), to its end, then the file at path from its start; else (the old
//  file is gone: logged) the file at path from its start.
int
    dp_fetch_src_follow_at (dp_fetch_src_t *self, const char *path,
                            const dp_fetch_pos_t *at);

//  The followed files: how many, the path of the i-th, and where reading it
//  stands: dev, ino and the offset of the first byte not yet made into an
//  article (ino 0 while its file is missing: the next one, from its start).
size_t
    dp_fetch_src_n_follow (dp_fetch_src_t *self);
const char *
    dp_fetch_src_follow_path (dp_fetch_src_t *self, size_t i);
bool
    dp_fetch_src_follow_where (dp_fetch_src_t *self, size_t i, dp_fetch_pos_t *at);

//  Adds a spool folder (inotify): every file already there, then every file
//  closed after writing or renamed into it, is read (any kind fetch reads;
//  names starting with '.' are ignored, so write to .name and rename) and
//  then moved to DIR/done/. Returns 0, or -1 (logged) when the folder
//  cannot be watched. One folder per source.
int
    dp_fetch_src_watch (dp_fetch_src_t *self, const char *dir);

//  From now on a spool file goes to done/ only once every article read
//  from it was acknowledged (dp_fetch_src_acked), not once read.
void
    dp_fetch_src_defer_done (dp_fetch_src_t *self);

//  The article from pos was acknowledged (a spool file may now be done).
void
    dp_fetch_src_acked (dp_fetch_src_t *self, const dp_fetch_pos_t *pos);

//  True when a live source was added.
bool
    dp_fetch_src_live (dp_fetch_src_t *self);

//  Progress over the finite files: bytes read so far (compressed bytes for
//  gzip) and the sum of their sizes.
void
    dp_fetch_src_progress (dp_fetch_src_t *self, uint64_t *done, uint64_t *total);

//  Produces the next article (the caller owns it). Bad input is never an
//  error here: an unreadable file, a bad JSON line, a truncated gzip, a
//  binary or oversize file each give an article with error set.
dp_src_rc_t
    dp_fetch_src_next (dp_fetch_src_t *self, dp_article_t **doc);

//  Pass-through (a replay to JSON lines): from now on a JSON line that is
//  already a valid flat article (dp_article_json_flat_scan) of at most
//  max_line bytes, with html or text, no source and no error of its own,
//  is not parsed: dp_fetch_src_next gives DP_SRC_LINE and the line is
//  dp_fetch_src_line's. 0 turns it off.
void
    dp_fetch_src_pass_lines (dp_fetch_src_t *self, size_t max_line);

//  After DP_SRC_LINE: the line (valid until the next dp_fetch_src_next),
//  its scan, its source, and the id fetch gives it (NULL when the line has
//  its own).
typedef struct {
    const char *json;
    dp_json_flat_t scan;
    char source [4096 + 32];
    char *id;
} dp_fetch_line_t;

const dp_fetch_line_t *
    dp_fetch_src_line (dp_fetch_src_t *self);

//  Skips every article before pos (a checkpoint: they were acknowledged).
void
    dp_fetch_src_resume (dp_fetch_src_t *self, dp_fetch_pos_t pos);

//  The position of the article the last dp_fetch_src_next returned.
dp_fetch_pos_t
    dp_fetch_src_pos (dp_fetch_src_t *self);

//  A hash of the source list (after folders are walked) and of each
//  file's device, inode, size and modification time: a checkpoint is only
//  valid for the same files, unchanged.
uint64_t
    dp_fetch_src_hash (dp_fetch_src_t *self);

//  The fd to poll after DP_SRC_AGAIN (stdin), or -1.
int
    dp_fetch_src_fd (dp_fetch_src_t *self);

const dp_fetch_stats_t *
    dp_fetch_src_stats (dp_fetch_src_t *self);

//  Returns a stable id: "u" + 16 hex digits of a hash of the URL when there
//  is one, else "s" + the hash of source. Caller frees.
char *
    dp_fetch_make_id (const char *url, const char *source);

#endif
