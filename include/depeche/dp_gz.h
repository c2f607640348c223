//  depeche — reading gzip files, or plain ones, without losing anything
//  (stages/core/dp_gz.c): fetch's readers of .jsonl[.gz] and .warc[.gz],
//  the sink's archive recovery.
#ifndef DP_GZ_H_INCLUDED
#define DP_GZ_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>

typedef struct dp_gz dp_gz_t;

//  What followed the last gzip member when it was not another member:
//  zlib's gzread ignores it in silence; here it is read as plain text when
//  it reads as text (lines appended to an archive without compressing
//  them are records), else skipped; either way counted and logged.
typedef struct {
    uint64_t bytes;                     //  how many (0: none)
    uint64_t at;                        //  compressed byte they start at
    bool text;                          //  read as plain text, else skipped
} dp_gz_junk_t;

//  Opens path for reading: gzip members one after another, or plain bytes
//  when it does not start with gzip's magic. NULL with errno set.
dp_gz_t *
    dp_gz_open (const char *path);

//  Closes *self and sets it to NULL; accepts NULL.
void
    dp_gz_close (dp_gz_t **self);

//  Up to len decoded bytes into buf: how many, 0 at the end, -1 at damage
//  (a corrupt or cut member; dp_gz_error says what and where). Every byte
//  before the damage is delivered before the -1.
int
    dp_gz_read (dp_gz_t *self, void *buf, unsigned len);

//  What the damage was, "" when none: "damaged gzip data near compressed
//  byte N: why".
const char *
    dp_gz_error (dp_gz_t *self);

//  Compressed (file) bytes used so far, for progress.
uint64_t
    dp_gz_offset (dp_gz_t *self);

//  Reads on from decoded byte off (going back to the start first when off
//  is behind). Returns 0, or -1 (damage or the end before off).
int
    dp_gz_seek (dp_gz_t *self, uint64_t off);

//  What followed the last member, once met (bytes 0 until then).
const dp_gz_junk_t *
    dp_gz_junk (dp_gz_t *self);

//  After dp_gz_read said damage: goes on at the first whole gzip member
//  (inflated to its end, CRC right) after the damaged member's start, and
//  returns its compressed offset; UINT64_MAX when there is none (reading
//  is then at its end). What was between is not delivered.
uint64_t
    dp_gz_resync (dp_gz_t *self);

//  Decoded bytes delivered so far.
uint64_t
    dp_gz_decoded (dp_gz_t *self);

#endif
