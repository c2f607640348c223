//  depeche — fuzz target for the delivery window (dp_window.h): the input
//  is a program of operations - send the next article, acknowledge one
//  (right, late, twice, or one never sent), let time pass and tick, block
//  or free the output, choose how a give-up ends. Checks: nothing is
//  acknowledged twice, the count in flight is what was added minus what
//  was acknowledged or given up, a walk in seq order sees exactly the
//  articles in flight, every resend is of an article in flight, and the
//  window never holds more than its size.
#include "depeche/dp_window.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
    LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define S_CHECK(cond) \
    do { if (!(cond)) s_fail (#cond, __LINE__); } while (0)

#define S_SIZE 16                       //  window size
#define S_SEQS 4096                     //  seqs a program may use

static void
s_fail (const char *what, int line)
{
    fprintf (stderr, "fuzz_window.c:%d: invariant failed: %s\n", line, what);
    abort ();
}

typedef struct {
    bool in_flight [S_SEQS];            //  what the window should hold
    bool blocked;                       //  the output refuses
    bool replace;                       //  give_up returns a dead letter
    size_t given_up;                    //  given up without replacement
} s_model_t;

static int
s_send (void *ctx, uint64_t seq, const void *data, size_t len)
{
    s_model_t *m = ctx;
    S_CHECK (seq < S_SEQS && m->in_flight [seq]);
    S_CHECK (data && len == 8);
    S_CHECK (memcmp (data, &seq, 8) == 0 || memcmp (data, "deadlttr", 8) == 0);
    return m->blocked ? -1 : 0;
}

static void *
s_give_up (void *ctx, uint64_t seq, const void *data, size_t len, size_t *new_len)
{
    s_model_t *m = ctx;
    (void) data;
    (void) len;
    S_CHECK (seq < S_SEQS && m->in_flight [seq]);
    if (!m->replace) {
        m->in_flight [seq] = false;
        m->given_up++;
        return NULL;
    }
    *new_len = 8;
    char *dead = malloc (8);
    S_CHECK (dead);
    memcpy (dead, "deadlttr", 8);
    return dead;
}

static const dp_window_io_t s_io = { s_send, s_give_up };

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    dp_window_cfg_t cfg = { .size = S_SIZE, .meta_size = sizeof (uint64_t),
                            .resend_us = 1000u * (1 + data [0] % 64),
                            .max_resends = 1 + data [1] % 5 };
    dp_window_t *w = dp_window_new (&cfg);
    S_CHECK (w);
    s_model_t *m = calloc (1, sizeof *m);
    S_CHECK (m);
    uint64_t now = 1, next = 0, acked = 0;
    for (size_t i = 2; i + 1 < size; i += 2) {
        uint8_t op = data [i], arg = data [i + 1];
        switch (op % 6) {
            case 0:                     //  send the next article
                if (next < S_SEQS && dp_window_room (w, next)) {
                    uint64_t *data_copy = malloc (8);
                    S_CHECK (data_copy);
                    *data_copy = next;
                    uint64_t *meta = dp_window_add (w, next, data_copy, 8, now);
                    S_CHECK (meta);
                    *meta = next;
                    m->in_flight [next++] = true;
                }
                break;
            case 1:                     //  an ack, for anything near the top
            case 2: {
                uint64_t seq = next > arg ? next - 1 - arg : arg;
                uint64_t meta = 0;
                int rc = dp_window_ack (w, seq, now, &meta);
                bool was = seq < S_SEQS && m->in_flight [seq];
                S_CHECK (rc == (was ? 1 : 0));
                if (rc) {
                    S_CHECK (meta == seq);
                    m->in_flight [seq] = false;
                    acked++;
                }
                break;
            }
            case 3:                     //  time passes
                now += (uint64_t) arg * (op & 0x80 ? 1000 : 20);
                dp_window_tick (w, now, &s_io, m);
                break;
            case 4:
                m->blocked = arg & 1;
                m->replace = arg & 2;
                break;
            case 5:
                dp_window_tick (w, now, &s_io, m);
                break;
        }
        //  The window holds exactly what the model says (in flight is
        //  only ever within the last S_SIZE seqs: older ones must be gone).
        size_t count = 0;
        for (uint64_t q = next > 4 * S_SIZE ? next - 4 * S_SIZE : 0; q < next; q++) {
            count += m->in_flight [q];
            S_CHECK (!m->in_flight [q] || q + S_SIZE >= next);
        }
        S_CHECK (next - acked - m->given_up == count);
        S_CHECK (dp_window_in_flight (w) == count);
        S_CHECK (count <= S_SIZE);
        uint64_t seq = 0, walked = 0, last = 0;
        const void *meta;
        for (bool more = dp_window_next (w, 0, &seq, &meta); more;
             more = dp_window_next (w, seq + 1, &seq, &meta)) {
            S_CHECK (seq < next && m->in_flight [seq]);
            S_CHECK (walked == 0 || seq > last);
            S_CHECK (*(const uint64_t *) meta == seq);
            last = seq;
            walked++;
        }
        S_CHECK (walked == count);
    }
    const dp_window_stats_t *st = dp_window_stats (w);
    S_CHECK (st->added == next);
    S_CHECK (st->acked == acked);
    S_CHECK (st->gave_up >= m->given_up);
    dp_window_destroy (&w);
    free (m);
    return 0;
}
