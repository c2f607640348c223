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
//  SEQ is above every seq the run that wrote it used or may use before its
//  next write (seqs are reserved a block at a time): a restarted fetch
//  starts above it, whatever the wall clock says. (Files written before
//  the reservation hold the run's next seq at the time instead.)
#ifndef DP_CHECKPOINT_H_INCLUDED
#define DP_CHECKPOINT_H_INCLUDED

#include <stdbool.h>
#include <stdint.h>
#include "fetch/fetch.h"

#define DP_CKPT_DONE ((size_t) 1 << 62)  //  FILE when every finite input is done
#define DP_CKPT_SEQ_BLOCK ((uint64_t) 1 << 20)  //  seqs reserved per write
#define DP_CKPT_SEQ_MAX ((uint64_t) 1 << 62)    //  a SEQ read above it is ignored

typedef struct {
    uint64_t hash;                      //  of the finite source list
    uint64_t seq;                       //  every seq used is below it
    bool files_ok;                      //  files is for this source list
    dp_fetch_pos_t files;               //  first finite article not acknowledged
    size_t n_follow;
    dp_fetch_pos_t follow [DP_FETCH_MAX_FOLLOW];
    char *follow_path [DP_FETCH_MAX_FOLLOW];  //  owned when loaded; a ck filled
                                        //  for dp_ckpt_save may borrow them
} dp_ckpt_t;

//  Reads path into *ck (zeroed first). files_ok is set when the file was
//  written for the source list of this hash (else logged: the finite
//  sources start over); a SEQ above DP_CKPT_SEQ_MAX, no run's, is read as
//  0 (logged). Returns 0, or -1 when there is no usable file (missing:
//  silent; not a checkpoint: logged).
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

//  The first seq of a run: the wall clock's microseconds (now_us), or
//  floor (the SEQ of the checkpoint of the run before; 0 for none) when
//  the clock is behind it: stepped back, or outrun by more than one
//  article a microsecond.
uint64_t
    dp_ckpt_first_seq (uint64_t now_us, uint64_t floor);

//  Before seq next is used: true when it is not below *ceil, *ceil then
//  moved block (DP_CKPT_SEQ_BLOCK) past it, and the checkpoint must be
//  written (with SEQ = *ceil) before next goes out.
bool
    dp_ckpt_seq_reserve (uint64_t next, uint64_t block, uint64_t *ceil);

#endif
