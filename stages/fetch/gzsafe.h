//  depeche fetch — gzread that keeps what came before damage (gzsafe.c).
#ifndef DP_FETCH_GZSAFE_H_INCLUDED
#define DP_FETCH_GZSAFE_H_INCLUDED

#include <stdbool.h>
#include <zlib.h>

//  Like gzread (*gz, buf, len), for a file opened from path. When the data
//  is corrupt, *gz is replaced by a new handle on path, positioned where
//  the old one stopped delivering, and *salvage set: from then on bytes
//  come one at a time up to the damage, so only the last few hundred
//  before it are lost, never a whole read. Returns what gzread returns;
//  gzerror (*gz) says what stopped it.
int
    dp_gz_read (gzFile *gz, const char *path, bool *salvage, void *buf, unsigned len);

#endif
