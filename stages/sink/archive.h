//  depeche sink — rotating gzip JSON-lines archives in a folder. Records go
//  to DIR/.current-STAMP-PID.jsonl.gz.part; a complete file is closed and
//  renamed atomically to DIR/depeche-STAMP-NNNN.jsonl.gz (fetch replays it
//  as it is) and described by one line appended to DIR/index.tsv. No
//  sockets, no id set: the caller (sink.c) decides what is a duplicate.
#ifndef DP_ARCHIVE_H_INCLUDED
#define DP_ARCHIVE_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dp_archive dp_archive_t;

//  Called with the id of every complete record already in the folder.
typedef void (*dp_archive_id_fn) (void *arg, const char *id, size_t len);

//  Opens (creates) the folder DIR, takes its lock (one sink per folder),
//  recovers the .part files a crash left (their complete lines are kept,
//  the file is completed, renamed and indexed), indexes complete files the
//  index lacks, and reports every id already archived to on_id. rotate_bytes
//  (compressed size) and rotate_s (age of a file) close the current file
//  when reached; 0 = never. Returns NULL with the reason logged.
dp_archive_t *
    dp_archive_new (const char *dir, uint64_t rotate_bytes, int rotate_s,
                    dp_archive_id_fn on_id, void *arg);

//  Completes the current file (if any), closes, sets *self_p to NULL.
void
    dp_archive_destroy (dp_archive_t **self_p);

//  Appends one JSON line (line[0..len), no newline) of article id (may be
//  NULL). Rotates first when the current file is full or old enough.
//  Returns 0, or -1 on an I/O error (logged).
int
    dp_archive_write (dp_archive_t *self, const char *line, size_t len,
                      const char *id);

//  Makes everything written so far durable: gzflush (Z_SYNC_FLUSH) + fsync.
//  A crash after this loses nothing that was flushed. Returns 0 or -1.
int
    dp_archive_flush (dp_archive_t *self);

//  Closes the current file if it is older than rotate_s (call it now and
//  then, also when idle). Returns 0 or -1.
int
    dp_archive_tick (dp_archive_t *self);

//  Completes the current file now (flush, close, rename, index).
//  Returns 0 or -1.
int
    dp_archive_rotate (dp_archive_t *self);

//  Files completed by this instance so far (recovered ones included).
uint64_t
    dp_archive_files (const dp_archive_t *self);

#endif
