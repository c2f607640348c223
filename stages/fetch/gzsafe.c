//  depeche fetch — gzread that keeps what came before damage. zlib's gzread
//  returns -1 on corrupt data (a flipped bit, a damaged member after good
//  ones) and drops every byte it inflated in that call: with the readers'
//  steps of 128 KB and more, the good records before the damage were lost
//  with it (a small file: all of them). On such an error the file is
//  opened again with a small buffer, the bytes already delivered are
//  skipped, and the rest is read byte by byte (gzgetc) up to the damage,
//  which loses at most one small buffer (S_SMALL_BUF x 2) before it.
#include "fetch/gzsafe.h"

#include <stdio.h>

#define S_SMALL_BUF 256                 //  gzbuffer of a salvage handle

//  Up to len bytes, one by one: a call never inflates more than one small
//  buffer past what it returns.
static int
s_bytewise (gzFile gz, unsigned char *buf, unsigned len)
{
    unsigned n = 0;
    int c;
    while (n < len && (c = gzgetc (gz)) >= 0)
        buf [n++] = (unsigned char) c;
    if (n)
        return (int) n;
    int zerr;
    gzerror (gz, &zerr);
    return zerr == Z_OK || zerr == Z_BUF_ERROR ? 0 : -1;
}

int
dp_gz_read (gzFile *gz, const char *path, bool *salvage, void *buf, unsigned len)
{
    if (*salvage)
        return s_bytewise (*gz, buf, len);
    z_off_t pos = gztell (*gz);
    int got = gzread (*gz, buf, len);
    if (got >= 0 || !path || pos < 0)
        return got;
    gzFile again = gzopen (path, "rb");
    if (!again)
        return got;
    if (gzbuffer (again, S_SMALL_BUF) != 0 || gzseek (again, pos, SEEK_SET) != pos) {
        gzclose (again);
        return got;
    }
    gzclose (*gz);
    *gz = again;
    *salvage = true;
    return s_bytewise (*gz, buf, len);
}
