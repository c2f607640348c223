//  depeche fetch — checkpoint file (see checkpoint.h). Plain stdio; the
//  file is small (a few lines) and written a few times a second at most.
#include "fetch/checkpoint.h"
#include "depeche/dp_log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
dp_ckpt_load (const char *path, uint64_t hash, dp_ckpt_t *ck)
{
    memset (ck, 0, sizeof *ck);
    FILE *f = fopen (path, "r");
    if (!f)
        return -1;
    unsigned long long h, q, file, rec;
    int version;
    int n = fscanf (f, "depeche-fetch-checkpoint %d %llx %llu %llu %llu",
                    &version, &h, &q, &file, &rec);
    if (n != 5 || (version != 1 && version != 2)) {
        fclose (f);
        dp_log_warn ("%s: not a checkpoint; starting from the beginning", path);
        return -1;
    }
    ck->hash = h;
    //  Seqs are the wall clock's microseconds or a little above (2^51 in
    //  2040): a SEQ past 2^62 is garbage ("-1" reads as 2^64 - 1, so does
    //  an overflow). As a floor it sent seqs negative in JSON, then wrapped.
    ck->seq = q <= DP_CKPT_SEQ_MAX ? q : 0;
    if (q > DP_CKPT_SEQ_MAX)
        dp_log_warn ("%s: SEQ %llu out of range; ignored", path, q);
    ck->files.file = (size_t) file;
    ck->files.record = (size_t) rec;
    ck->files_ok = h == hash;
    if (!ck->files_ok)
        dp_log_warn ("%s: written for other files; reading them from the beginning", path);
    char line [4200];
    while (version == 2 && fgets (line, sizeof line, f)) {
        unsigned long long dev, ino, off;
        int at = 0;
        if (sscanf (line, "follow %llu %llu %llu %n", &dev, &ino, &off, &at) != 3 || !at)
            continue;
        char *p = line + at;
        p [strcspn (p, "\n")] = '\0';
        if (!*p || ck->n_follow == DP_FETCH_MAX_FOLLOW)
            continue;
        dp_fetch_pos_t *fp = &ck->follow [ck->n_follow];
        memset (fp, 0, sizeof *fp);
        fp->live = true;
        fp->follow = ck->n_follow + 1;
        fp->dev = dev;
        fp->ino = ino;
        fp->off = off;
        if (!(ck->follow_path [ck->n_follow] = strdup (p)))
            break;
        ck->n_follow++;
    }
    fclose (f);
    return 0;
}

int
dp_ckpt_save (const char *path, const dp_ckpt_t *ck)
{
    char tmp [4096];
    if ((size_t) snprintf (tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp) {
        dp_log_once_per (DP_LOG_ERROR, "checkpoint path too long (%zu bytes)", strlen (path));
        return -1;
    }
    FILE *f = fopen (tmp, "w");
    if (!f) {
        dp_log_once_per (DP_LOG_ERROR, "%s: %s", tmp, strerror (errno));
        return -1;
    }
    fprintf (f, "depeche-fetch-checkpoint 2 %llx %llu %llu %llu\n",
             (unsigned long long) ck->hash, (unsigned long long) ck->seq,
             (unsigned long long) ck->files.file, (unsigned long long) ck->files.record);
    for (size_t i = 0; i < ck->n_follow; i++)
        if (ck->follow_path [i])
            fprintf (f, "follow %llu %llu %llu %s\n", (unsigned long long) ck->follow [i].dev,
                     (unsigned long long) ck->follow [i].ino,
                     (unsigned long long) ck->follow [i].off, ck->follow_path [i]);
    //  A failed write leaves no FILE.tmp behind (a full disk keeps its
    //  last good checkpoint, and nothing else).
    if (fflush (f) || fsync (fileno (f))) {
        int e = errno;
        fclose (f);
        unlink (tmp);
        dp_log_once_per (DP_LOG_ERROR, "%s: %s", tmp, strerror (e));
        return -1;
    }
    if (fclose (f) || rename (tmp, path)) {
        int e = errno;
        unlink (tmp);
        dp_log_once_per (DP_LOG_ERROR, "%s: %s", path, strerror (e));
        return -1;
    }
    return 0;
}

void
dp_ckpt_clear (dp_ckpt_t *ck)
{
    for (size_t i = 0; i < ck->n_follow; i++)
        free (ck->follow_path [i]);
    memset (ck, 0, sizeof *ck);
}

const dp_fetch_pos_t *
dp_ckpt_follow (const dp_ckpt_t *ck, const char *path)
{
    for (size_t i = 0; i < ck->n_follow; i++)
        if (ck->follow_path [i] && strcmp (ck->follow_path [i], path) == 0)
            return &ck->follow [i];
    return NULL;
}

uint64_t
dp_ckpt_first_seq (uint64_t now_us, uint64_t floor)
{
    return now_us > floor ? now_us : floor;
}

bool
dp_ckpt_seq_reserve (uint64_t next, uint64_t block, uint64_t *ceil)
{
    if (next < *ceil)
        return false;
    *ceil = next < UINT64_MAX - block ? next + block : UINT64_MAX;
    return true;
}
