//  depeche — the stage runtime's input (see dp_stage.h): packed frames from
//  the input socket, one article a part, and JSON lines from stdin, each
//  line an article or a dead letter carrying the line. A frame or line over
//  the pipeline's limit leaves as a dead letter; nothing is dropped silently
//  but a frame that is no article at all, which is counted and logged.
#include "core/dp_stage_int.h"
#include "depeche/dp_log.h"
#include "depeche/dp_signal.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

//  A frame or line over the pipeline's limit came from a producer that does
//  not know it: what the next stage would refuse leaves as a dead letter.
static void
s_arrived (dp_stage_t *self, dp_article_t *doc, size_t size)
{
    if (size <= self->frame_limit)
        return;
    char reason [160];
    snprintf (reason, sizeof reason, "frame over the size limit on arrival at %s "
              "(%zu > %zu bytes); its text was dropped", self->cfg.name, size,
              self->frame_limit);
    dp_article_shrink (doc, self->cfg.name, reason);
    S_COUNT (self, oversize);
}

//  A line that is not an article still goes on, as a dead letter that
//  carries the raw line (repaired) so nothing is silently lost.
static dp_article_t *
s_dead_line (dp_stage_t *self, const char *line, size_t len, const char *reason)
{
    dp_article_t *doc = dp_article_new ();
    if (!doc)
        return NULL;
    char source [64];
    snprintf (source, sizeof source, "stdin:%zu", self->line_no);
    char *raw = len ? dp_utf8_repair (line, len, NULL, NULL) : NULL;
    dp_article_take (&doc->text, raw);
    dp_article_set_str (&doc->source, source);
    dp_article_fail (doc, self->cfg.name, reason);
    return doc;
}

//  Takes one complete line off the buffer, if there is one.
static dp_stage__recv_t
s_take_line (dp_stage_t *self, dp_article_t **doc)
{
    while (true) {
        //  Only the bytes not looked at yet: a long line comes in many
        //  reads, and looking from its start each time was quadratic (a
        //  200 MB line: most of a stage's time in memchr). What ends the
        //  lines (dp_eol_find) is told from the first 64 KB, looked at from
        //  the start until then; with neither LF nor CR in them, by the
        //  first line end after them (dp_eol_find_past).
        //  Until it is told, CRs as the last bytes read may be the end of
        //  a CRLF (after CRs of JSON whitespace): dp_eol_find waits, and
        //  they are looked at again with the byte after them (below).
        bool sniffed = self->eol == DP_EOL_UNKNOWN && self->scanned >= DP_EOL_SNIFF;
        size_t from = self->eol == DP_EOL_UNKNOWN && !sniffed ? 0 : self->scanned;
        size_t end = self->buf_len;
        char *nl = (char *) (sniffed ? dp_eol_find_past (&self->eol, self->buf + from,
                                                         end - from, self->in_eof)
                                     : dp_eol_find (&self->eol, self->buf + from,
                                                    end - from, self->in_eof));
        self->scanned = nl ? 0 : end;
        if (!nl && self->eol == DP_EOL_UNKNOWN) {
            //  Undecided at a CR (the bytes after it decide): looked at
            //  again from it; the bytes before it hold no line end.
            const char *cr = memchr (self->buf + from, '\r', end - from);
            if (cr)
                self->scanned = (size_t) (cr - self->buf);
        }
        if (!nl) {
            if (self->buf_len < self->buf_cap - 1 && !self->in_eof)
                return DP_STAGE__NONE;
            if (self->buf_len == 0)
                return self->in_eof ? DP_STAGE__END : DP_STAGE__NONE;
            if (!self->in_eof) {
                //  A line longer than any article may be: skip to its end.
                self->discarding = true;
                self->discard_len += self->buf_len;
                self->buf_len = self->scanned = 0;
                return DP_STAGE__NONE;
            }
            nl = self->buf + self->buf_len;     //  last line without newline
        }
        size_t len = (size_t) (nl - self->buf);
        size_t used = nl < self->buf + self->buf_len ? len + 1 : len;
        self->line_no++;
        dp_article_t *a = NULL;
        if (self->discarding) {
            char reason [96];
            snprintf (reason, sizeof reason, "input line over size limit (%zu bytes)",
                      self->discard_len + len);
            self->discarding = false;
            self->discard_len = 0;
            S_COUNT (self, oversize);
            a = s_dead_line (self, NULL, 0, reason);
        }
        else {
            size_t start = 0;
            while (start < len && (self->buf [start] == ' ' || self->buf [start] == '\t'
                                   || self->buf [start] == '\r'))
                start++;
            if (start == len) {                 //  blank line: nothing to say
                memmove (self->buf, self->buf + used, self->buf_len - used);
                self->buf_len -= used;
                self->scanned = 0;
                continue;
            }
            char err [200];
            a = dp_article_from_json (self->buf, len, err, sizeof err);
            //  Ids that differ only in bytes the repair replaced stay apart,
            //  as fetch keeps them (dp_article_repaired_id): a chain of
            //  filters fed by hand must not merge them either.
            if (a && dp_article_repaired_id (a, self->buf, len))
                dp_article_fail (a, self->cfg.name, "out of memory for a repaired line's id");
            if (a)
                s_arrived (self, a, len);
            else {
                S_COUNT (self, malformed);
                dp_log_once_per (DP_LOG_WARN, "stdin line %zu: %s", self->line_no, err);
                char reason [256];
                snprintf (reason, sizeof reason, "malformed input line: %s", err);
                a = s_dead_line (self, self->buf, len, reason);
            }
        }
        memmove (self->buf, self->buf + used, self->buf_len - used);
        self->buf_len -= used;
        self->scanned = 0;
        if (!a)
            return DP_STAGE__END;                       //  out of memory
        *doc = a;
        return DP_STAGE__GOT;
    }
}

//  True when bytes read first from stdin open a gzip stream.
static bool
s_gzip_magic (const char *buf, size_t len)
{
    return len >= 2 && (unsigned char) buf [0] == 0x1f && (unsigned char) buf [1] == 0x8b;
}

dp_stage__recv_t
dp_stage__recv_stdio (dp_stage_t *self, dp_article_t **doc, int timeout_ms)
{
    while (true) {
        dp_stage__recv_t r = s_take_line (self, doc);
        if (r != DP_STAGE__NONE)
            return r;
        //  The pipe's byte may have been read already (by a send stuck at
        //  the HWM): then poll would never wake up for it. Look first.
        if (dp_signal_pending ())
            return DP_STAGE__END;
        dp_stage__release (self);       //  nothing waiting: send what is held
        struct pollfd fds [2] = {
            { .fd = STDIN_FILENO, .events = POLLIN },
            { .fd = self->sig_fd, .events = POLLIN },
        };
        int n = poll (fds, 2, timeout_ms);
        if (dp_signal_pending ())
            return DP_STAGE__END;
        if (n == 0)
            return DP_STAGE__NONE;
        if (n < 0)
            continue;                           //  EINTR: the pipe says why
        size_t room = self->buf_cap - 1 - self->buf_len;
        if (room > S_READ_CHUNK)
            room = S_READ_CHUNK;
        ssize_t got = read (STDIN_FILENO, self->buf + self->buf_len, room);
        if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN))
            self->in_eof = true;
        else
        if (got > 0 && self->in_read == 0 && s_gzip_magic (self->buf, (size_t) got)) {
            //  JSON lines never start with gzip's magic bytes: an archive
            //  piped in would be a "malformed" line per chunk of binary.
            //  One dead letter says what to do; the rest is not read.
            self->in_eof = true;
            self->in_read = (uint64_t) got;
            self->line_no = 1;
            S_COUNT (self, malformed);
            dp_log_error ("standard input is gzip data, not JSON lines");
            *doc = s_dead_line (self, NULL, 0, "standard input is gzip data, not JSON "
                                "lines: decompress it first (zcat FILE | ...); nothing of "
                                "it was read");
            return *doc ? DP_STAGE__GOT : DP_STAGE__END;
        }
        else
        if (got > 0) {
            self->in_read += (uint64_t) got;
            self->buf_len += (size_t) got;
        }
    }
}

dp_stage__recv_t
dp_stage__recv_zmq (dp_stage_t *self, dp_article_t **doc, int timeout_ms)
{
    while (true) {
        if (dp_signal_pending ())       //  stop taking input at once
            return DP_STAGE__END;
        zmq_msg_t msg;
        zmq_msg_init (&msg);
        if (zmq_msg_recv (&msg, self->in, ZMQ_DONTWAIT) >= 0) {
            //  The size as it came (the tokens cut out or not).
            size_t size = zmq_msg_size (&msg);
            dp_article_t *a = self->cfg.no_tokens
                            ? dp_article_unpack_untokened (zmq_msg_data (&msg), size)
                            : dp_article_unpack (zmq_msg_data (&msg), size);
            zmq_msg_close (&msg);
            if (a) {
                s_arrived (self, a, size);
                *doc = a;
                return DP_STAGE__GOT;
            }
            //  Not an article: nobody can be told, nothing can be forwarded.
            S_COUNT (self, malformed);
            dp_log_once_per (DP_LOG_WARN, "dropped malformed frame (%zu bytes), "
                             "%llu so far", size,
                             (unsigned long long) self->stats.malformed);
            continue;
        }
        zmq_msg_close (&msg);
        if (errno != EAGAIN && errno != EINTR) {
            dp_log_error ("recv: %s", zmq_strerror (errno));
            return DP_STAGE__END;
        }
        if (dp_signal_pending ())       //  see dp_stage__recv_stdio
            return DP_STAGE__END;
        dp_stage__release (self);       //  nothing waiting: send what is held
        zmq_pollitem_t items [] = {
            { .socket = self->in, .events = ZMQ_POLLIN },
            { .fd = self->sig_fd, .events = ZMQ_POLLIN },
        };
        int n = zmq_poll (items, 2, timeout_ms);
        if (dp_signal_pending ())
            return DP_STAGE__END;
        if (n == 0)
            return DP_STAGE__NONE;
    }
}

