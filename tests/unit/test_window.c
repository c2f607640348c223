//  Unit tests of the delivery window (dp_window.h), time injected and no
//  sockets: a fake pipeline records what the window sends and the test
//  decides what the "sink" acknowledges, what a "crash" loses, and when.
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depeche/dp_window.h"
#include "test_run.h"

#define MS 1000ull                      //  microseconds

//  The fake pipeline: every send, in order.
typedef struct {
    uint64_t sent [100000];
    size_t n;
    bool refuse;                        //  the output is blocked
    size_t given_up;
    bool replace;                       //  give_up returns a dead letter
} s_pipe_t;

static int
s_send (void *ctx, uint64_t seq, const void *data, size_t len)
{
    s_pipe_t *p = ctx;
    (void) data;
    (void) len;
    if (p->refuse)
        return -1;
    ck_assert_uint_lt (p->n, 100000);
    p->sent [p->n++] = seq;
    return 0;
}

static void *
s_give_up (void *ctx, uint64_t seq, const void *data, size_t len, size_t *new_len)
{
    s_pipe_t *p = ctx;
    (void) seq;
    (void) data;
    (void) len;
    p->given_up++;
    if (!p->replace)
        return NULL;
    *new_len = 4;
    return strdup ("dead");
}

static const dp_window_io_t s_io = { s_send, s_give_up };

static dp_window_t *
s_window (size_t size, uint64_t resend_ms, unsigned max_resends)
{
    dp_window_cfg_t cfg = { .size = size, .meta_size = sizeof (uint64_t),
                            .resend_us = resend_ms * MS, .max_resends = max_resends };
    dp_window_t *w = dp_window_new (&cfg);
    ck_assert_ptr_nonnull (w);
    return w;
}

//  Sends seq as fetch does: out on the pipe, then into the window.
static void
s_add (dp_window_t *w, s_pipe_t *p, uint64_t seq, uint64_t now)
{
    ck_assert (dp_window_room (w, seq));
    s_send (p, seq, NULL, 0);
    uint64_t *meta = dp_window_add (w, seq, strdup ("x"), 1, now);
    ck_assert_ptr_nonnull (meta);
    *meta = seq * 10;
}

//  A big article: 50 MiB, 49 over the free MiB at 2 s each, so the window
//  gives it 98 s more than a small one on every deadline. Never touched.
#define BIG ((size_t) 50 << 20)
#define BIG_MS 98000ull

static void
s_add_big (dp_window_t *w, s_pipe_t *p, uint64_t seq, uint64_t now)
{
    ck_assert (dp_window_room (w, seq));
    s_send (p, seq, NULL, 0);
    ck_assert_ptr_nonnull (dp_window_add (w, seq, malloc (BIG), BIG, now));
}

//  How many times seq went out.
static size_t
s_times (const s_pipe_t *p, uint64_t seq)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++)
        n += p->sent [i] == seq;
    return n;
}

//  --------------------------------------------------------------------------

START_TEST (test_acked_nothing_resent)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (8, 1000, 3);
    for (uint64_t q = 0; q < 8; q++)
        s_add (w, p, q, 0);
    ck_assert (!dp_window_room (w, 8));
    ck_assert_uint_eq (dp_window_in_flight (w), 8);
    uint64_t meta;
    ck_assert_int_eq (dp_window_ack (w, 3, 5 * MS, &meta), 1);
    ck_assert_uint_eq (meta, 30);
    ck_assert_int_eq (dp_window_ack (w, 3, 5 * MS, NULL), 0);     //  a second ack
    ck_assert_int_eq (dp_window_ack (w, 11, 5 * MS, NULL), 0);    //  unknown
    for (uint64_t q = 0; q < 8; q++)
        dp_window_ack (w, q, 6 * MS, NULL);
    ck_assert_uint_eq (dp_window_in_flight (w), 0);
    dp_window_tick (w, 10000 * MS, &s_io, p);
    ck_assert_uint_eq (p->n, 8);
    ck_assert_uint_eq (dp_window_stats (w)->acked, 8);
    dp_window_destroy (&w);
    ck_assert_ptr_null (w);
    free (p);
}
END_TEST

//  The window is bounded in bytes too: a large article fills it before
//  the count does, one article is always let in, acks make room again.
START_TEST (test_bytes_bound)
{
    dp_window_cfg_t cfg = { .size = 100, .meta_size = 0, .resend_us = 1000 * MS,
                            .max_resends = 3, .max_bytes = 1000 };
    dp_window_t *w = dp_window_new (&cfg);
    ck_assert_ptr_nonnull (w);
    ck_assert (dp_window_room (w, 0));
    ck_assert_ptr_nonnull (dp_window_add (w, 0, calloc (1, 5000), 5000, 0));
    ck_assert (!dp_window_room (w, 1));             //  over: nothing else
    ck_assert_uint_eq (dp_window_bytes (w), 5000);
    ck_assert_int_eq (dp_window_ack (w, 0, MS, NULL), 1);
    ck_assert_uint_eq (dp_window_bytes (w), 0);
    for (uint64_t q = 1; q <= 3; q++) {
        ck_assert (dp_window_room (w, q));
        ck_assert_ptr_nonnull (dp_window_add (w, q, calloc (1, 400), 400, 2 * MS));
    }
    ck_assert (!dp_window_room (w, 4));             //  1200 bytes >= 1000
    ck_assert_int_eq (dp_window_ack (w, 2, 3 * MS, NULL), 1);
    ck_assert (dp_window_room (w, 4));              //  800 bytes
    ck_assert_uint_eq (dp_window_in_flight (w), 2);
    dp_window_destroy (&w);
}
END_TEST

START_TEST (test_timeout_doubles)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (4, 1000, 3);
    s_add (w, p, 0, 0);
    dp_window_tick (w, 999 * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, 0), 1);
    dp_window_tick (w, 1000 * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, 0), 2);
    dp_window_tick (w, 2999 * MS, &s_io, p);          //  now 2 s, doubled
    ck_assert_uint_eq (s_times (p, 0), 2);
    dp_window_tick (w, 3000 * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, 0), 3);
    //  Nothing was acknowledged around it: no strike, no suspect.
    ck_assert_uint_eq (dp_window_stats (w)->strikes, 0);
    ck_assert_uint_eq (dp_window_stats (w)->timeouts, 2);
    dp_window_destroy (&w);
    free (p);
}
END_TEST

//  Articles sent after it were acknowledged: it is lost, and goes again
//  after a grace, long before its timeout.
START_TEST (test_overtaken_goes_early)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (16, 5000, 3);
    for (uint64_t q = 0; q < 10; q++)
        s_add (w, p, q, q * MS);
    for (uint64_t q = 1; q < 10; q++)
        dp_window_ack (w, q, 20 * MS, NULL);
    dp_window_tick (w, 100 * MS, &s_io, p);           //  seen overtaken here
    ck_assert_uint_eq (s_times (p, 0), 1);
    dp_window_tick (w, 199 * MS, &s_io, p);           //  grace: 100 ms, nothing
    ck_assert_uint_eq (s_times (p, 0), 1);            //  was ever seen late
    dp_window_tick (w, 200 * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, 0), 2);
    ck_assert_uint_eq (dp_window_stats (w)->overtaken, 1);
    ck_assert_uint_eq (dp_window_stats (w)->timeouts, 0);
    dp_window_destroy (&w);
    free (p);
}
END_TEST

//  Two paths of different speeds: an overtaken article that came anyway,
//  300 ms late, teaches the grace to wait for such.
START_TEST (test_grace_learns_reordering)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (16, 5000, 3);
    s_add (w, p, 0, 0);
    s_add (w, p, 1, 0);
    dp_window_ack (w, 1, 10 * MS, NULL);
    dp_window_tick (w, 50 * MS, &s_io, p);            //  0 overtaken at 50 ms
    dp_window_ack (w, 0, 140 * MS, NULL);             //  ... and came, 90 ms later
    s_add (w, p, 2, 200 * MS);
    s_add (w, p, 3, 200 * MS);
    dp_window_ack (w, 3, 210 * MS, NULL);
    dp_window_tick (w, 300 * MS, &s_io, p);           //  2 overtaken at 300 ms
    dp_window_tick (w, 400 * MS, &s_io, p);           //  100 ms: too soon now
    ck_assert_uint_eq (s_times (p, 2), 1);
    dp_window_tick (w, 480 * MS, &s_io, p);           //  twice 90 ms
    ck_assert_uint_eq (s_times (p, 2), 2);
    dp_window_destroy (&w);
    free (p);
}
END_TEST

//  A path that stalls longer than the grace: the first overtaken article
//  goes again, and its ack, 390 ms after it was seen overtaken, teaches the
//  grace as if the first copy came; the next stall of that length sends
//  nothing again.
START_TEST (test_grace_learns_from_early_resend)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (16, 5000, 3);
    s_add (w, p, 0, 0);
    s_add (w, p, 1, 0);
    dp_window_ack (w, 1, 5 * MS, NULL);
    dp_window_tick (w, 10 * MS, &s_io, p);            //  0 overtaken at 10 ms
    dp_window_tick (w, 110 * MS, &s_io, p);           //  grace 100 ms: again
    ck_assert_uint_eq (s_times (p, 0), 2);
    dp_window_ack (w, 0, 400 * MS, NULL);             //  came, 390 ms late
    s_add (w, p, 2, 500 * MS);
    s_add (w, p, 3, 500 * MS);
    dp_window_ack (w, 3, 505 * MS, NULL);
    dp_window_tick (w, 510 * MS, &s_io, p);           //  2 overtaken at 510 ms
    dp_window_tick (w, 900 * MS, &s_io, p);           //  390 ms: not lost yet
    ck_assert_uint_eq (s_times (p, 2), 1);
    dp_window_tick (w, 1290 * MS, &s_io, p);          //  twice 390 ms
    ck_assert_uint_eq (s_times (p, 2), 2);
    dp_window_destroy (&w);
    free (p);
}
END_TEST

//  The grace forgets with time, not with the number of acks: many articles
//  overtaken by a hair do not wear it down, thirty quiet seconds do.
START_TEST (test_grace_decays_with_time)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (16, 5000, 3);
    uint64_t now = 0, q = 0;
    s_add (w, p, q, now);
    s_add (w, p, q + 1, now);
    dp_window_ack (w, q + 1, now += MS, NULL);
    dp_window_tick (w, now += MS, &s_io, p);          //  q overtaken
    dp_window_ack (w, q, now += 300 * MS, NULL);      //  ... 300 ms late
    q += 2;
    //  200 articles overtaken by a millisecond each.
    for (int k = 0; k < 200; k++, q += 2) {
        s_add (w, p, q, now);
        s_add (w, p, q + 1, now);
        dp_window_ack (w, q + 1, now += MS, NULL);
        dp_window_tick (w, now += MS, &s_io, p);
        dp_window_ack (w, q, now += MS, NULL);
    }
    //  The grace is still over 500 ms: a 400 ms stall sends nothing.
    s_add (w, p, q, now);
    s_add (w, p, q + 1, now);
    dp_window_ack (w, q + 1, now += MS, NULL);
    dp_window_tick (w, now += MS, &s_io, p);
    dp_window_tick (w, now += 400 * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, q), 1);
    dp_window_ack (w, q, now += MS, NULL);
    q += 2;
    //  Thirty seconds of nothing overtaken: back to the floor, 100 ms
    //  (resend_us / 10, at most 100 ms).
    for (int k = 0; k < 30; k++)
        dp_window_tick (w, now += 1000 * MS, &s_io, p);
    s_add (w, p, q, now);
    s_add (w, p, q + 1, now);
    dp_window_ack (w, q + 1, now += MS, NULL);
    dp_window_tick (w, now += MS, &s_io, p);
    dp_window_tick (w, now += 120 * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, q), 2);
    ck_assert_uint_eq (dp_window_stats (w)->timeouts, 0);
    dp_window_destroy (&w);
    free (p);
}
END_TEST

//  A restarted stage loses a burst: all of it goes again at once (shuffled),
//  one strike at most per loss (the first of the burst), no suspect, even
//  when the same burst is lost twice.
START_TEST (test_restart_burst_no_suspects)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (1000, 1000, 3);
    uint64_t now = 0, q = 0;
    for (; q < 300; q++)
        s_add (w, p, q, now += MS);
    for (uint64_t a = 0; a < 100; a++)          //  written before the crash
        dp_window_ack (w, a, now, NULL);
    for (int round = 0; round < 2; round++) {
        //  The stage comes back; new articles go through.
        for (uint64_t k = 0; k < 50; k++, q++) {
            s_add (w, p, q, now += MS);
            dp_window_ack (w, q, now + 5 * MS, NULL);
        }
        size_t before = p->n;
        dp_window_tick (w, now += 10 * MS, &s_io, p);     //  overtaken seen
        dp_window_tick (w, now += 200 * MS, &s_io, p);    //  after the grace
        //  100..299 went again, all of them, each once.
        ck_assert_uint_eq (p->n - before, 200);
        for (uint64_t a = 100; a < 300; a++)
            ck_assert_uint_eq (s_times (p, a), 2 + (size_t) round);
    }
    //  The second time the resends were lost too: still no suspect.
    ck_assert_uint_le (dp_window_stats (w)->strikes, 2);
    ck_assert_uint_eq (dp_window_stats (w)->suspects, 0);
    for (uint64_t a = 100; a < 300; a++)
        dp_window_ack (w, a, now + MS, NULL);
    ck_assert_uint_eq (dp_window_in_flight (w), 0);
    dp_window_destroy (&w);
    free (p);
}
END_TEST

//  The pipeline as a FIFO that crashes on the poison: everything sent
//  before it (since the last round) is acknowledged, it and everything
//  after it is lost. Returns the number of crashes it caused.
static int
s_run_poison (dp_window_t *w, s_pipe_t *p, uint64_t poison, uint64_t *now, size_t *from)
{
    int crashes = 0;
    bool crashed = false;
    for (; *from < p->n; (*from)++) {
        uint64_t seq = p->sent [*from];
        if (seq == poison && !crashed) {
            crashed = true;
            crashes++;
        }
        if (!crashed)
            dp_window_ack (w, seq, *now, NULL);
    }
    return crashes;
}

START_TEST (test_poison_given_up_alone)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    p->replace = true;
    dp_window_t *w = s_window (50, 300, 3);
    uint64_t now = 0, q = 0;
    size_t from = 0;
    int crashes = 0;
    const uint64_t poison = 76;
    uint64_t dead_at = 0;
    while (dp_window_in_flight (w) || q < 200) {
        while (q < 200 && dp_window_room (w, q))
            s_add (w, p, q++, now);
        crashes += s_run_poison (w, p, poison, &now, &from);
        now += 100 * MS;
        dp_window_tick (w, now, &s_io, p);
        if (p->given_up && !dead_at)
            dead_at = now;
        ck_assert_msg (now < 600000 * MS, "in flight %zu, suspects %llu, gave up %zu, "
                       "crashes %d", dp_window_in_flight (w),
                       (unsigned long long) dp_window_stats (w)->suspects, p->given_up, crashes);
        //  After the dead letter replaced it, the poison is gone: the
        //  pipeline acknowledges the next send of seq 76.
        if (p->given_up) {
            for (; from < p->n; from++)
                dp_window_ack (w, p->sent [from], now, NULL);
        }
    }
    ck_assert_uint_eq (p->given_up, 1);
    //  Two strikes, then three times alone (probes of it, when it is the
    //  last one in flight, crash the stage too).
    ck_assert_int_ge (crashes, 2 + 3);
    ck_assert_int_le (crashes, 20);
    ck_assert_uint_eq (dp_window_stats (w)->suspects, 1);
    ck_assert_uint_eq (dp_window_stats (w)->gave_up, 1);
    ck_assert_uint_eq (dp_window_stats (w)->acked, 200);
    dp_window_destroy (&w);
    free (p);
}
END_TEST

START_TEST (test_give_up_without_replacement)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (8, 100, 2);
    uint64_t now = 0;
    //  Seq 1 is lost every time while the others go through.
    for (uint64_t q = 0; q < 4; q++)
        s_add (w, p, q, now);
    for (int i = 0; i < 200 && dp_window_in_flight (w); i++) {
        for (size_t k = 0; k < p->n; k++)
            if (p->sent [k] != 1)
                dp_window_ack (w, p->sent [k], now, NULL);
        now += 50 * MS;
        dp_window_tick (w, now, &s_io, p);
    }
    ck_assert_uint_eq (dp_window_in_flight (w), 0);
    ck_assert_uint_eq (p->given_up, 1);
    ck_assert_uint_eq (dp_window_stats (w)->acked, 3);
    dp_window_destroy (&w);
    free (p);
}
END_TEST

//  A blocked output: what is due stays due, is not counted twice, and goes
//  when the output frees up.
START_TEST (test_blocked_send_retried)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (8, 100, 3);
    s_add (w, p, 0, 0);
    s_add (w, p, 1, 0);
    p->refuse = true;
    dp_window_tick (w, 100 * MS, &s_io, p);
    dp_window_tick (w, 150 * MS, &s_io, p);
    ck_assert_uint_eq (p->n, 2);
    p->refuse = false;
    dp_window_tick (w, 160 * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, 0), 2);
    ck_assert_uint_eq (s_times (p, 1), 2);
    ck_assert_uint_eq (dp_window_stats (w)->timeouts, 2);
    ck_assert_uint_eq (dp_window_stats (w)->resent, 2);
    dp_window_destroy (&w);
    free (p);
}
END_TEST

//  A silence: the oldest goes again as a probe. When the ack that follows
//  may be the first copy's, it must not make every later send look lost.
START_TEST (test_probe_late_first_copy)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (16, 5000, 3);
    for (uint64_t q = 0; q < 10; q++)
        s_add (w, p, q, 0);
    dp_window_ack (w, 0, 10 * MS, NULL);
    dp_window_tick (w, 100 * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, 1), 1);
    dp_window_tick (w, 400 * MS, &s_io, p);           //  quiet 250 ms: probe
    ck_assert_uint_eq (s_times (p, 1), 2);
    ck_assert_uint_eq (dp_window_stats (w)->probes, 1);
    dp_window_ack (w, 1, 450 * MS, NULL);             //  which copy? unknown
    for (uint64_t t = 500; t <= 3000; t += 100)
        dp_window_tick (w, t * MS, &s_io, p);
    for (uint64_t q = 2; q < 10; q++)
        ck_assert_uint_eq (s_times (p, q), 1 + (q == 2));   //  2: a probe, later
    ck_assert_uint_eq (dp_window_stats (w)->overtaken, 0);
    dp_window_destroy (&w);
    free (p);
}
END_TEST

//  Without meta, add still says whether it took the bytes.
START_TEST (test_add_without_meta)
{
    dp_window_cfg_t cfg = { .size = 2, .resend_us = 1000 };
    dp_window_t *w = dp_window_new (&cfg);
    ck_assert_ptr_nonnull (dp_window_add (w, 0, strdup ("a"), 1, 0));
    ck_assert_ptr_nonnull (dp_window_add (w, 1, strdup ("b"), 1, 0));
    char *c = strdup ("c");
    ck_assert_ptr_null (dp_window_add (w, 2, c, 1, 0));       //  slot of 0 busy
    free (c);
    ck_assert_uint_eq (dp_window_in_flight (w), 2);
    dp_window_destroy (&w);
}
END_TEST

START_TEST (test_next_in_seq_order)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (4, 100, 3);
    uint64_t seq;
    const void *meta;
    ck_assert (!dp_window_next (w, 0, &seq, &meta));
    for (uint64_t q = 1000; q < 1004; q++)
        s_add (w, p, q, 0);
    dp_window_ack (w, 1000, 1, NULL);
    dp_window_ack (w, 1002, 1, NULL);
    s_add (w, p, 1004, 2);
    ck_assert (dp_window_next (w, 0, &seq, &meta));
    ck_assert_uint_eq (seq, 1001);
    ck_assert_uint_eq (*(const uint64_t *) meta, 10010);
    ck_assert (dp_window_next (w, seq + 1, &seq, &meta));
    ck_assert_uint_eq (seq, 1003);
    ck_assert (dp_window_next (w, seq + 1, &seq, &meta));
    ck_assert_uint_eq (seq, 1004);
    ck_assert (!dp_window_next (w, seq + 1, &seq, &meta));
    dp_window_destroy (&w);
    free (p);
}
END_TEST

//  Small articles sent after a big one are acknowledged long before it:
//  it is overtaken, yet not lost before the grace plus its size allowance.
//  A small one really lost beside it still goes again after 100 ms.
START_TEST (test_big_overtaken_not_lost)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (16, 5000, 3);
    s_add_big (w, p, 0, 0);
    for (uint64_t q = 1; q < 10; q++)
        s_add (w, p, q, 0);
    for (uint64_t q = 2; q < 10; q++)                 //  1 is lost
        dp_window_ack (w, q, 20 * MS, NULL);
    dp_window_tick (w, 100 * MS, &s_io, p);           //  0 and 1 overtaken
    dp_window_tick (w, 200 * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, 1), 2);            //  the small one: again
    ck_assert_uint_eq (s_times (p, 0), 1);            //  the big one: on its way
    dp_window_ack (w, 1, 200 * MS, NULL);
    for (uint64_t t = 1000; t <= 98000; t += 1000)
        dp_window_tick (w, t * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, 0), 1);
    dp_window_tick (w, (BIG_MS + 500) * MS, &s_io, p);   //  now it is lost
    ck_assert_uint_eq (s_times (p, 0), 2);
    ck_assert_uint_eq (dp_window_stats (w)->overtaken, 2);
    ck_assert_uint_eq (dp_window_stats (w)->timeouts, 0);
    dp_window_destroy (&w);
    free (p);
}
END_TEST

//  Alone, a big article times out after resend_us plus its allowance,
//  then twice resend_us plus its allowance.
START_TEST (test_big_timeout_grows)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (4, 5000, 3);
    s_add_big (w, p, 0, 0);
    for (uint64_t t = 1000; t < 5000 + BIG_MS; t += 1000)
        dp_window_tick (w, t * MS, &s_io, p);
    dp_window_tick (w, (5000 + BIG_MS - 1) * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, 0), 1);
    dp_window_tick (w, (5000 + BIG_MS) * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, 0), 2);
    uint64_t again = 5000 + BIG_MS;
    dp_window_tick (w, (again + 10000 + BIG_MS - 1) * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, 0), 2);
    dp_window_tick (w, (again + 10000 + BIG_MS) * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, 0), 3);
    ck_assert_uint_eq (dp_window_stats (w)->timeouts, 2);
    dp_window_destroy (&w);
    free (p);
}
END_TEST

//  Nothing acknowledged while a big article is in flight is no silence
//  worth a probe (a copy of 50 MB) until its allowance is over; then the
//  probe comes, a dead stage is still found.
START_TEST (test_big_holds_probes)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (16, 5000, 3);
    s_add (w, p, 0, 0);
    dp_window_ack (w, 0, 1 * MS, NULL);
    s_add_big (w, p, 1, 2 * MS);
    for (uint64_t t = 100; t <= 98000; t += 100)
        dp_window_tick (w, t * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, 1), 1);
    ck_assert_uint_eq (dp_window_stats (w)->probes, 0);
    dp_window_tick (w, (BIG_MS + 300) * MS, &s_io, p);  //  quiet 250 ms more
    ck_assert_uint_eq (s_times (p, 1), 2);
    ck_assert_uint_eq (dp_window_stats (w)->probes, 1);
    dp_window_destroy (&w);
    free (p);
}
END_TEST

//  A big article acknowledged 30 s after it was overtaken was late by its
//  size, not by a slow path: the grace of small articles stays 100 ms.
START_TEST (test_big_late_teaches_no_grace)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (16, 5000, 3);
    s_add_big (w, p, 0, 0);
    s_add (w, p, 1, 0);
    dp_window_ack (w, 1, 10 * MS, NULL);
    dp_window_tick (w, 50 * MS, &s_io, p);            //  0 overtaken
    dp_window_ack (w, 0, 30000 * MS, NULL);           //  ... came 30 s later
    s_add (w, p, 2, 30000 * MS);
    s_add (w, p, 3, 30000 * MS);
    dp_window_ack (w, 3, 30010 * MS, NULL);
    dp_window_tick (w, 30050 * MS, &s_io, p);         //  2 overtaken
    dp_window_tick (w, 30150 * MS, &s_io, p);         //  100 ms: lost
    ck_assert_uint_eq (s_times (p, 2), 2);
    dp_window_destroy (&w);
    free (p);
}
END_TEST

//  Each hop first in first out: what was sent after a big article waits
//  behind it, and times out no sooner than it; what was sent before it
//  keeps its timeout.
START_TEST (test_behind_big_waits)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (16, 5000, 3);
    s_add (w, p, 0, 0);
    s_add_big (w, p, 1, 0);
    s_add (w, p, 2, 0);
    dp_window_tick (w, 5000 * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, 0), 2);            //  before it: 5 s
    ck_assert_uint_eq (s_times (p, 2), 1);            //  behind it: waits
    for (uint64_t t = 6000; t < 5000 + BIG_MS; t += 1000)
        dp_window_tick (w, t * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, 1), 1);
    ck_assert_uint_eq (s_times (p, 2), 1);
    dp_window_tick (w, (5000 + BIG_MS) * MS, &s_io, p);
    ck_assert_uint_eq (s_times (p, 1), 2);
    ck_assert_uint_eq (s_times (p, 2), 2);
    dp_window_destroy (&w);
    free (p);
}
END_TEST

//  ... and once the big one is acknowledged, what was behind it is still
//  coming out of the pipeline: its timeout counts from that ack.
START_TEST (test_behind_big_after_ack)
{
    s_pipe_t *p = calloc (1, sizeof *p);
    dp_window_t *w = s_window (16, 5000, 3);
    s_add_big (w, p, 0, 0);
    s_add (w, p, 1, 0);
    for (uint64_t t = 1000; t < 30000; t += 1000)
        dp_window_tick (w, t * MS, &s_io, p);
    dp_window_ack (w, 0, 30000 * MS, NULL);
    ck_assert_uint_eq (s_times (p, 1), 1);
    //  The silence after the ack sends it as a probe (backing off), but
    //  its timeout runs from the ack: 5 s.
    for (uint64_t t = 30000; t < 35000; t += 100)
        dp_window_tick (w, t * MS, &s_io, p);
    ck_assert_uint_eq (dp_window_stats (w)->timeouts, 0);
    dp_window_tick (w, 35000 * MS, &s_io, p);
    ck_assert_uint_eq (dp_window_stats (w)->timeouts, 1);
    dp_window_destroy (&w);
    free (p);
}
END_TEST

int
main (void)
{
    Suite *s = suite_create ("window");
    TCase *tc = tcase_create ("window");
    tcase_set_timeout (tc, 60);
    tcase_add_test (tc, test_acked_nothing_resent);
    tcase_add_test (tc, test_timeout_doubles);
    tcase_add_test (tc, test_bytes_bound);
    tcase_add_test (tc, test_overtaken_goes_early);
    tcase_add_test (tc, test_grace_learns_reordering);
    tcase_add_test (tc, test_grace_learns_from_early_resend);
    tcase_add_test (tc, test_grace_decays_with_time);
    tcase_add_test (tc, test_restart_burst_no_suspects);
    tcase_add_test (tc, test_poison_given_up_alone);
    tcase_add_test (tc, test_give_up_without_replacement);
    tcase_add_test (tc, test_blocked_send_retried);
    tcase_add_test (tc, test_next_in_seq_order);
    tcase_add_test (tc, test_add_without_meta);
    tcase_add_test (tc, test_probe_late_first_copy);
    tcase_add_test (tc, test_big_overtaken_not_lost);
    tcase_add_test (tc, test_big_timeout_grows);
    tcase_add_test (tc, test_big_holds_probes);
    tcase_add_test (tc, test_big_late_teaches_no_grace);
    tcase_add_test (tc, test_behind_big_waits);
    tcase_add_test (tc, test_behind_big_after_ack);
    suite_add_tcase (s, tc);
    return dp_test_run (s);
}
