//  depeche fetch — the checkpoint file: where a fetch killed at any moment
//  goes on. It names the first article not yet acknowledged of each source
//  kind; everything before it was written by the sink. Written atomically
//  (a temporary file, fsync, rename), read at start:
//    depeche-fetch-checkpoint 2 HASH SEQ FILE RECORD
//    follow DEV INO OFF PATH                (one line per --follow)
//  HASH is the hash of the finite source list (dp_fetch_src_hash), FILE
//  RECORD the first finite article not acknowledged (FILE = DP_CKPT_DONE
//  once every finite input is written), a follow line the first line of
//  that followed file not acknowledged. Version 1 files (the first line
//  alone) are read too. --watch needs no line (unfinished spool files stay
//  in the folder), nor --ingest (producers send again).
#ifndef DP_CHECKPOINT_H_INCLUDED
#define DP_CHECKPOINT_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include "fetch/fetch.h"

#define DP_CKPT_DONE ((size_t) 1 << 62)  //  FILE when every finite input is done

typedef struct {
    uint64_t hash;                      //  of the finite source list
    uint64_t seq;                       //  lowest seq not acknowledged (a note)
    bool files_ok;                      //  files is for this source list
    dp_fetch_pos_t files;               //  first finite article not acknowledged
    size_t n_follow;
    dp_fetch_pos_t follow [DP_FETCH_MAX_FOLLOW];
    char *follow_path [DP_FETCH_MAX_FOLLOW];  //  owned when loaded; a ck filled
                                        //  for dp_ckpt_save may borrow them
} dp_ckpt_t;

//  Reads path into *ck (zeroed first). files_ok is set when the file was
//  written for the source list of this hash (else logged: the finite
//  sources start over). Returns 0, or -1 when there is no usable file
//  (missing: silent; not a checkpoint: logged).
int
    dp_ckpt_load (const char *path, uint64_t hash, dp_ckpt_t *ck);

//  Writes ck to path atomically. Returns 0, or -1 (logged).
int
    dp_ckpt_save (const char *path, const dp_ckpt_t *ck);

//  Frees the paths ck holds; ck can be filled again.
void
    dp_ckpt_clear (dp_ckpt_t *ck);

//  The follow line for path in ck, or NULL.
const dp_fetch_pos_t *
    dp_ckpt_follow (const dp_ckpt_t *ck, const char *path);

#endif
