//  depeche — gzread that keeps what came before damage (stages/core/dp_gz.c):
//  fetch's readers of .jsonl.gz and .warc.gz, the sink's archive recovery.
#ifndef DP_GZ_H_INCLUDED
#define DP_GZ_H_INCLUDED

#include <zlib.h>

typedef struct dp_gz_salvage dp_gz_salvage_t;

//  Like gzread (gz, buf, len), for a gzip file opened from path; *salvage
//  starts NULL. When gzread meets corrupt data (and would drop what it had
//  inflated in that call), the file is read again from path with zlib's
//  inflate, from where gzread stopped delivering up to the exact point of
//  the damage, which *salvage keeps; then -1, with gzerror (gz) saying
//  what the damage was. Returns what gzread returns.
int
    dp_gz_read (gzFile gz, const char *path, dp_gz_salvage_t **salvage,
                void *buf, unsigned len);

//  Frees *salvage and sets it to NULL; accepts NULL.
void
    dp_gz_salvage_free (dp_gz_salvage_t **salvage);

#endif
