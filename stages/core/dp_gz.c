//  depeche — gzread that keeps what came before damage. zlib's gzread
//  returns -1 on corrupt data (a flipped bit, a damaged member after good
//  ones) and drops every byte it inflated in that call: with the readers'
//  steps of 128 KB and more, the good records before the damage were lost
//  with it (a small file: all of them). On such an error the file is read
//  again with inflate itself, which leaves in the output all it decoded up
//  to the damage: the bytes gzread had delivered are skipped, the rest are
//  delivered up to the damage, then the error. Gzip members follow one
//  another as in gzread; bytes after a member that start no other end the
//  file, as in gzread.
#include "depeche/dp_gz.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_IN (1u << 16)                 //  compressed bytes read at a time

struct dp_gz_salvage {
    FILE *file;
    z_stream zs;
    bool zs_live;                       //  inflateInit2 done
    unsigned char in [S_IN];
    uint64_t skip;                      //  output bytes still to drop
    unsigned char drop [4096];          //  where they go
    bool over;                          //  the damage (or the end) reached
};

void
dp_gz_salvage_free (dp_gz_salvage_t **salvage)
{
    dp_gz_salvage_t *self = salvage ? *salvage : NULL;
    if (!self)
        return;
    if (self->zs_live)
        inflateEnd (&self->zs);
    if (self->file)
        fclose (self->file);
    free (self);
    *salvage = NULL;
}

static dp_gz_salvage_t *
s_open (const char *path, uint64_t skip)
{
    dp_gz_salvage_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->file = fopen (path, "rb");
    if (!self->file || inflateInit2 (&self->zs, 15 + 16) != Z_OK) {
        dp_gz_salvage_free (&self);
        return NULL;
    }
    self->zs_live = true;
    self->skip = skip;
    return self;
}

//  More compressed input; false at the end of the file (or an error).
static bool
s_more (dp_gz_salvage_t *self)
{
    if (self->zs.avail_in)
        return true;
    size_t got = fread (self->in, 1, S_IN, self->file);
    self->zs.next_in = self->in;
    self->zs.avail_in = (uInt) got;
    return got > 0;
}

//  Up to len decoded bytes into buf (the skipped ones are dropped):
//  the number delivered, 0 once the damage or the end is reached.
static unsigned
s_inflate (dp_gz_salvage_t *self, unsigned char *buf, unsigned len)
{
    while (!self->over) {
        bool dropping = self->skip > 0;
        if (!dropping && !len)
            return 0;
        unsigned char *out = dropping ? self->drop : buf;
        unsigned room = dropping ? (self->skip < sizeof self->drop
                                    ? (unsigned) self->skip : (unsigned) sizeof self->drop)
                                 : len;
        if (!s_more (self)) {
            self->over = true;          //  cut: what was decoded is out
            break;
        }
        self->zs.next_out = out;
        self->zs.avail_out = room;
        int rc = inflate (&self->zs, Z_NO_FLUSH);
        unsigned made = room - self->zs.avail_out;
        if (rc == Z_STREAM_END) {
            //  Another member, as gzread reads them; anything else ends.
            if (s_more (self) && self->zs.next_in [0] == 0x1f
            &&  inflateReset (&self->zs) == Z_OK)
                ;
            else
                self->over = true;
        }
        else
        if (rc != Z_OK && rc != Z_BUF_ERROR)
            self->over = true;          //  the damage: made is what preceded it
        if (dropping)
            self->skip -= made;
        else
        if (made)
            return made;
    }
    return 0;
}

int
dp_gz_read (gzFile gz, const char *path, dp_gz_salvage_t **salvage,
            void *buf, unsigned len)
{
    if (!*salvage) {
        z_off_t pos = gztell (gz);
        int got = gzread (gz, buf, len);
        if (got >= 0 || !path || pos < 0 || gzdirect (gz))
            return got;
        *salvage = s_open (path, (uint64_t) pos);
        if (!*salvage)
            return got;
    }
    unsigned made = s_inflate (*salvage, buf, len);
    return made ? (int) made : -1;
}
