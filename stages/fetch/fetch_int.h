//  depeche fetch — internals shared by fetch.c (finite sources: files,
//  folders, JSON lines, WARC, stdin) and live.c (--follow, --watch): the
//  source's state and the few helpers both use. Not an API: only those two
//  files include it.
#ifndef DP_FETCH_INT_H_INCLUDED
#define DP_FETCH_INT_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <zlib.h>
#include "depeche/dp_gz.h"
#include "fetch/fetch.h"
#include "depeche/dp_common.h"
#include "fetch/warc.h"

//  Internal: a spool file's reader was opened, go on reading it.
#define DP_SRC_OPENED ((dp_src_rc_t) 100)

//  A file followed like tail -F.
typedef struct {
    char *path;                         //  as given
    int fd;                             //  -1 while the file does not exist
    dev_t dev;                          //  the file open now
    ino_t ino;
    off_t off;                          //  bytes of it read so far
    char *buf;                          //  partial line: buf[0..len)
    size_t len;
    uint64_t checked_us;                //  last stat of the path
    bool discarding;                    //  inside a line over the limit
    size_t discard_len;                 //  ... bytes of it skipped
    off_t discard_at;                   //  ... where it starts
    char tail [64];                     //  the last bytes read, up to off
    size_t tail_len;
    bool at_end;                        //  the last read found nothing more
} dp_follow_t;

//  A spool file of --watch, from the moment it is opened until it is moved
//  to done/ (once read, or with acks once every article is acknowledged).
typedef struct {
    char *name;                         //  in the folder
    uint64_t serial;                    //  positions name it by this (from 1)
    size_t unacked;                     //  articles given out, not acknowledged
    bool read;                          //  read to its end
    uint64_t dev, ino;                  //  the file read (the name may be reused)
} dp_spool_t;

typedef struct {
    char **v;
    size_t n;
    size_t cap;
    size_t next;                        //  index of the next path to open
} dp_paths_t;

struct dp_fetch_src {
    size_t max_bytes;                   //  article size limit
    size_t max_line;                    //  JSON line limit
    dp_paths_t todo;                    //  files (and "-") still to read
    uint64_t *sizes;                    //  their sizes (progress), 0 if unknown
    uint64_t total_bytes;               //  sum of sizes
    uint64_t done_bytes;                //  sizes of the files finished
    dp_warc_t *warc;                    //  WARC file being read, or NULL
    dp_warc_rec_t rec;                  //  its last record
    size_t start;                       //  JSON lines: buf[start..len) unread
    size_t cur_rec;                     //  record of the last article (pos)
    bool reading;                       //  a reader was opened (JSON lines, WARC)
    uint64_t warc_seen;                 //  its skipped records already counted
    uint64_t warc_resynced;             //  ... and its resyncs
    bool cur_live;                      //  it came from a live source
    uint64_t live_n;                    //  articles from live sources
    dp_fetch_pos_t live_pos;            //  where the last followed line came from
    int live_from;                      //  last live article: 1 followed, 2 spool
    bool spool_whole;                   //  a spool file was one article, to count
    dp_follow_t *follow;                //  --follow files
    size_t n_follow;
    char *watch_dir;                    //  --watch folder, or NULL
    int watch_fd;                       //  its inotify fd
    dp_paths_t watch_q;                 //  names waiting in it
    char *watch_cur;                    //  the spool file being read (owned)
    uint64_t spool_cur;                 //  ... its serial
    char spool_key [64];                //  ... its inode and mtime, in its ids
    dp_spool_t *spool;                  //  spool files opened, not yet done
    size_t n_spool;
    uint64_t spool_serial;              //  serials given so far
    bool defer_done;                    //  move to done/ only once acknowledged
    //  current JSON-lines reader
    dp_gz_t *gz;                        //  file being read (gzip or not), or NULL
    bool junk_told;                     //  what followed its last gzip member told
    int fd;                             //  stdin, or -1
    uint64_t fd_read;                   //  bytes read from it
    char *path;                         //  its path as given (borrowed from todo)
    char *buf;
    size_t len;
    size_t line_no;
    bool eof;
    dp_eol_t eol;                       //  what ends its lines (LF; an old Mac's CR)
    bool discarding;                    //  inside a line over the limit
    size_t discard_len;
    size_t cur_file;                    //  index in todo of the file being read
    bool cur_lines;                     //  it is read as JSON lines
    dp_fetch_pos_t pos;                 //  position of the last article returned
    dp_fetch_pos_t resume;              //  skip every article before this
    dp_fetch_stats_t stats;
    size_t pass_max;                    //  pass-through: longest line, or 0
    dp_fetch_line_t line;               //  the last line passed through
};

//  files.c: adds a copy of path to p; 0 or -1 (out of memory).
int
    dp_fetch_int_paths_add (dp_paths_t *p, const char *path);

//  For qsort: paths in strcmp order.
int
    dp_fetch_int_cmp (const void *a, const void *b);

//  What a file is, by its name (files.c).
typedef enum {
    DP_FKIND_TEXT, DP_FKIND_HTML, DP_FKIND_JSONL, DP_FKIND_JSON, DP_FKIND_WARC,
    DP_FKIND_OTHER
} dp_fkind_t;

dp_fkind_t
    dp_fetch_int_kind (const char *path);

//  True when s ends with suffix, ASCII case ignored.
bool
    dp_fetch_int_ends_with (const char *s, const char *suffix);

//  Adds the files of a folder to self->todo, recursively, in sorted order;
//  other files are counted (skipped) and logged. 0 or -1 (out of memory).
int
    dp_fetch_int_walk (dp_fetch_src_t *self, const char *dir);

//  Opens a file of any kind: a reader for JSON lines and WARC (DP_SRC_DONE:
//  go on reading it), or one article for a whole file (DP_SRC_ARTICLE).
dp_src_rc_t
    dp_fetch_int_open (dp_fetch_src_t *self, char *path, dp_article_t **doc);

//  One JSON line as an article (a dead letter when it is not one), NULL
//  when out of memory.
dp_article_t *
    dp_fetch_int_line_article (dp_fetch_src_t *self, const char *line, size_t len,
                               const char *source);

//  The id of an article of source without an id of its own: of url, else
//  of source, which a spool file's inode and mtime join (fetch.c).
char *
    dp_fetch_int_make_id (dp_fetch_src_t *self, const char *url, const char *source);

//  Binary: control bytes other than tab, line ends and form feed (NUL
//  included) over 5 % of s[0..len) (charset.c).
bool
    dp_fetch_int_is_binary (const char *s, size_t len);

//  The decoded bytes of a gzip file (or a plain one), NUL-terminated, their
//  count in *len; NULL with the reason written when it cannot be read, is
//  damaged, decodes to over max bytes or holds gzip again (gzwhole.c).
char *
    dp_fetch_int_read_gz (const char *path, size_t max, size_t *len, char *reason,
                          size_t rlen);

//  The charset a UTF-32 or UTF-16 byte-order mark opening data names, or
//  NULL; the mark's length in *n (charset.c).
const char *
    dp_fetch_int_bom (const char *data, size_t len, size_t *n);

//  "UTF-16LE"/"UTF-16BE" when data, without a byte-order mark, reads as
//  UTF-16 by where its NULs are, else NULL (charset.c).
const char *
    dp_fetch_int_utf16_sniff (const char *data, size_t len);

//  Drops the NUL bytes of data[0..*len) in place (NUL-terminated after);
//  returns how many there were (charset.c).
size_t
    dp_fetch_int_drop_nuls (char *data, size_t *len);

bool
    dp_fetch_int_is_blank (const char *s, size_t len);

//  pass.c, for fetch.c: 1 when the line is to be passed through as it is
//  (self->line filled in), 0 when it is to be read into an article, -1
//  when out of memory.
int
    dp_fetch_int_pass_line (dp_fetch_src_t *self, const char *line, size_t len,
                            const char *source);

//  live.c, for fetch.c: the next article of the live sources (or
//  DP_SRC_AGAIN, or DP_SRC_OPENED when a spool file's reader was opened).
dp_src_rc_t
    dp_fetch_int_live_next (dp_fetch_src_t *self, dp_article_t **doc);

//  The position of the live article just produced (counted against its
//  spool file, if it came from one).
void
    dp_fetch_int_live_pos (dp_fetch_src_t *self, dp_fetch_pos_t *pos);

//  The spool file being read was read to its end (or its damage).
void
    dp_fetch_int_spool_read (dp_fetch_src_t *self);

//  Frees what the live sources hold.
void
    dp_fetch_int_live_free (dp_fetch_src_t *self);

#endif
