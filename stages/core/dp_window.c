//  depeche — the delivery window (see dp_window.h for the protocol). Slots
//  are indexed by seq % size; a ring of bits remembers which recent sends
//  were acknowledged, which is all the strike rule needs. It deliberately
//  knows nothing of articles, sockets or clocks.
#include "depeche/dp_window.h"

#include <stdlib.h>
#include <string.h>

#define S_STRIKES 2                     //  strikes that make a suspect
#define S_MAX_SHIFT 6                   //  timeouts double up to 64x
#define S_FREE_BYTES (1u << 20)         //  an article this big takes no longer
#define S_US_PER_MB 2000000u            //  ... each MiB beyond: 2 s more (s_allow)

typedef struct {
    bool used;                          //  an article in flight
    bool suspect;                       //  sent alone from now on
    bool due;                           //  lost, its resend not yet out
    bool fresh;                         //  found lost in this tick
    uint64_t seq;
    void *data;                         //  what is sent, owned
    size_t len;
    uint64_t sent_no;                   //  number of its last send
    uint64_t first_no;                  //  ... of its first (since add or give-up)
    unsigned copies;                    //  sends since then (probes included)
    uint64_t sent_us;                   //  time of its last send
    uint64_t added_us;                  //  time of its first send
    uint64_t overtaken_us;              //  when a later send was seen acked
    uint64_t early_us;                  //  overtaken_us of a copy sent again for
                                        //  being overtaken (0: none)
    unsigned tries;                     //  resends so far
    unsigned strikes;                   //  losses counted against it
    unsigned alone;                     //  losses while sent alone
} s_slot_t;

struct dp_window {
    dp_window_cfg_t cfg;
    s_slot_t *slots;                    //  cfg.size of them
    unsigned char *meta;                //  cfg.meta_size bytes per slot
    size_t in_flight;
    size_t bytes;                       //  ... their lengths
    uint64_t top;                       //  one past the highest seq added
    bool any;                           //  an article was ever added
    uint64_t sends;                     //  sends so far (the next send number)
    uint64_t *acked_bits;               //  ring: send number n acknowledged
    uint64_t *sent_seq;                 //  ring: the seq send number n carried
    uint64_t ring;                      //  bits in it (a power of two)
    uint64_t top_acked_no;              //  highest send number acknowledged + 1
    uint64_t big_acked_no;              //  send number of the last article over
    uint64_t big_acked_us;              //  ... S_FREE_BYTES acknowledged, and when
    uint64_t reorder_us;                //  how late an overtaken article came, at most
    uint64_t decay_us;                  //  when reorder_us last decayed
    uint64_t ack_gap_us;                //  smoothed time between acks
    uint64_t last_ack_us;               //  when the last ack came (0: none yet)
    uint64_t last_probe_us;             //  when the last probe went
    unsigned probe_shift;               //  probes unanswered (backing off)
    bool solo_busy;                     //  a suspect is out alone
    uint64_t solo_seq;
    size_t *lost;                       //  scratch: slots lost in one tick
    uint64_t rng;                       //  xorshift state: resend order
    dp_window_stats_t stats;
};

dp_window_t *
dp_window_new (const dp_window_cfg_t *cfg)
{
    if (!cfg->size)
        return NULL;
    dp_window_t *self = calloc (1, sizeof *self);
    if (!self)
        return NULL;
    self->cfg = *cfg;
    self->rng = 0x9E3779B97F4A7C15ull;
    self->ring = 1024;
    while (self->ring < cfg->size * 8)
        self->ring *= 2;
    self->slots = calloc (cfg->size, sizeof *self->slots);
    self->meta = cfg->meta_size ? calloc (cfg->size, cfg->meta_size) : NULL;
    self->acked_bits = calloc (self->ring / 64, sizeof *self->acked_bits);
    self->sent_seq = calloc (self->ring, sizeof *self->sent_seq);
    self->lost = calloc (cfg->size, sizeof *self->lost);
    if (!self->slots || (cfg->meta_size && !self->meta) || !self->acked_bits
    ||  !self->sent_seq || !self->lost)
        dp_window_destroy (&self);
    return self;
}

void
dp_window_destroy (dp_window_t **self_p)
{
    dp_window_t *self = self_p ? *self_p : NULL;
    if (!self)
        return;
    for (size_t i = 0; self->slots && i < self->cfg.size; i++)
        free (self->slots [i].data);
    free (self->slots);
    free (self->meta);
    free (self->acked_bits);
    free (self->sent_seq);
    free (self->lost);
    free (self);
    *self_p = NULL;
}

//  --------------------------------------------------------------------------

static s_slot_t *
s_slot (const dp_window_t *self, uint64_t seq)
{
    return &self->slots [seq % self->cfg.size];
}

static void *
s_meta (const dp_window_t *self, const s_slot_t *s)
{
    return self->meta ? self->meta + (size_t) (s - self->slots) * self->cfg.meta_size : NULL;
}

static void
s_bit (dp_window_t *self, uint64_t n, bool on)
{
    uint64_t i = n & (self->ring - 1);
    if (on)
        self->acked_bits [i / 64] |= 1ull << (i % 64);
    else
        self->acked_bits [i / 64] &= ~(1ull << (i % 64));
}

//  Whether a loss of the article counts against it: the send before its
//  last one went through (the pipeline was otherwise making progress); or
//  that send was its own (it was alone in flight) and the pipeline has
//  acknowledged something since it came. Too old to know: no evidence, no
//  strike.
static bool
s_blame (const dp_window_t *self, const s_slot_t *s)
{
    uint64_t n = s->sent_no;
    if (n == 0 || self->sends - (n - 1) > self->ring)
        return false;
    uint64_t i = (n - 1) & (self->ring - 1);
    if ((self->acked_bits [i / 64] >> (i % 64)) & 1)
        return true;
    return self->sent_seq [i] == s->seq && self->last_ack_us && self->last_ack_us >= s->added_us;
}

//  Gives the slot a new send number.
static void
s_number (dp_window_t *self, s_slot_t *s)
{
    if (!s->copies++)
        s->first_no = self->sends;
    s->sent_no = self->sends++;
    s_bit (self, s->sent_no, false);
    self->sent_seq [s->sent_no & (self->ring - 1)] = s->seq;
}

//  Gives the slot a new send number, taken at now.
static void
s_mark_sent (dp_window_t *self, s_slot_t *s, uint64_t now)
{
    s_number (self, s);
    s->sent_us = now;
    s->overtaken_us = 0;
    s->due = false;
}

//  How much longer than a small one an article of len bytes may take to
//  go through, on top of every deadline it is judged by (its timeout, the
//  grace once overtaken, the silence before a probe): 2 s for each MiB over
//  the first, i.e. the whole pipeline going at 0.5 MiB/s, well below what
//  it does loaded (tag alone did 50 MB in 40 s at load 3-6, the slowest
//  stage, and the others work on the article one after the other). Up to
//  1 MiB nothing: ordinary articles keep their timing exactly. Without it a
//  50 MB article went again on its 5 s timeout and on each probe of the
//  silence it made, while its first copy was still in tag; the copies
//  queued behind it, the small articles behind them timed out too (1014
//  resends, 243 s, tag at 1.5 GB).
static uint64_t
s_allow (size_t len)
{
    if (len <= S_FREE_BYTES)
        return 0;
    return (uint64_t) (len - S_FREE_BYTES) * S_US_PER_MB / (1u << 20);
}

static void
s_free (dp_window_t *self, s_slot_t *s)
{
    free (s->data);
    s->data = NULL;
    s->used = false;
    self->in_flight--;
    self->bytes -= s->len;
}

bool
dp_window_room (const dp_window_t *self, uint64_t seq)
{
    return !s_slot (self, seq)->used
        && (!self->cfg.max_bytes || self->bytes < self->cfg.max_bytes || !self->in_flight);
}

void *
dp_window_add (dp_window_t *self, uint64_t seq, void *data, size_t len, uint64_t now)
{
    s_slot_t *s = s_slot (self, seq);
    if (s->used)
        return NULL;
    memset (s, 0, sizeof *s);
    s->used = true;
    s->seq = seq;
    s->data = data;
    s->len = len;
    s->added_us = now;
    s_mark_sent (self, s, now);
    void *meta = s_meta (self, s);
    if (meta)
        memset (meta, 0, self->cfg.meta_size);
    if (!self->any || seq + 1 > self->top)
        self->top = seq + 1;
    self->any = true;
    self->in_flight++;
    self->bytes += len;
    self->stats.added++;
    return meta ? meta : (void *) s;    //  taken: never NULL
}

int
dp_window_ack (dp_window_t *self, uint64_t seq, uint64_t now, void *meta_out)
{
    s_slot_t *s = s_slot (self, seq);
    if (!s->used || s->seq != seq)
        return 0;
    //  With one copy out, the ack says that send went through. With more,
    //  any of them may have: only the first is taken as gone through (a
    //  late first copy must not make everything sent since look lost).
    uint64_t through = s->copies == 1 ? s->sent_no : s->first_no;
    if (s->copies == 1)
        s_bit (self, s->sent_no, true);
    if (through + 1 > self->top_acked_no)
        self->top_acked_no = through + 1;
    //  Overtaken, yet not lost: sends take paths of different speeds (two
    //  instances of a stage); the grace learns by how much. An article sent
    //  again for being overtaken teaches it too, as if its first copy came:
    //  otherwise a path slower than the grace would never be learnt, since
    //  only what came within the grace could teach it. When the first copy
    //  was truly lost, this overstates the grace by one trip; it is bounded
    //  by resend_us and decays with time (s_decay).
    uint64_t from = 0;
    if (s->copies == 1 && !s->suspect && self->top_acked_no > s->sent_no + 1)
        from = s->overtaken_us;
    else
    if (!s->suspect && s->early_us)
        from = s->early_us;
    //  A big article is late by its size, not by the path: only what is
    //  beyond its allowance teaches (the grace of small articles stays).
    uint64_t late = from && now > from ? now - from : 0;
    late = late > s_allow (s->len) ? late - s_allow (s->len) : 0;
    if (late > self->reorder_us)
        self->reorder_us = late;
    if (self->last_ack_us && now > self->last_ack_us) {
        uint64_t gap = now - self->last_ack_us;
        self->ack_gap_us = self->ack_gap_us ? (self->ack_gap_us * 7 + gap) / 8 : gap;
    }
    if (s_allow (s->len)) {
        self->big_acked_no = s->sent_no;
        self->big_acked_us = now;
    }
    if (meta_out && self->meta)
        memcpy (meta_out, s_meta (self, s), self->cfg.meta_size);
    s_free (self, s);
    self->stats.acked++;
    self->last_ack_us = now;
    self->probe_shift = 0;
    return 1;
}

//  --------------------------------------------------------------------------

//  The most an overtaken article was seen late is forgotten with time, by
//  an eighth a second (half in about five seconds), not with the number of
//  acks: at thousands of acks a second, a stall of one path seconds ago
//  would otherwise be forgotten in a tenth of a second and its next stall
//  sent again whole.
static void
s_decay (dp_window_t *self, uint64_t now)
{
    if (!self->decay_us || now < self->decay_us) {
        self->decay_us = now;
        return;
    }
    for (int k = 0; k < 64 && now - self->decay_us >= 1000000; k++) {
        self->reorder_us -= self->reorder_us / 8;
        self->decay_us += 1000000;
    }
    if (now - self->decay_us >= 1000000)
        self->decay_us = now;
}

//  How long an overtaken article may still be on its way: twice the most
//  it was seen late (nothing, through one path first in first out), at
//  least a tick or resend_us / 10, at most resend_us.
static uint64_t
s_grace (const dp_window_t *self)
{
    uint64_t g = self->reorder_us * 2, lo = self->cfg.resend_us / 10;
    if (lo > 100000)
        lo = 100000;
    if (g < lo)
        g = lo;
    return g > self->cfg.resend_us ? self->cfg.resend_us : g;
}

//  How long nothing at all may be acknowledged before a probe: a few of
//  the usual gaps between acks, within resend_us / 20 and resend_us.
static uint64_t
s_quiet (const dp_window_t *self)
{
    uint64_t q = self->ack_gap_us * 4, lo = self->cfg.resend_us / 20;
    if (q < lo)
        q = lo;
    return q > self->cfg.resend_us ? self->cfg.resend_us : q;
}

//  Nothing acknowledged for a while, and nothing lost that we know of: a
//  stage may have died with everything in flight (a full window sends
//  nothing new that could overtake). The oldest article goes again as a
//  probe: if it gets through, the others are overtaken and go too; if the
//  pipeline is only slow, one copy costs nothing (the sink drops it).
//  Probes back off while unanswered.
static void
s_probe (dp_window_t *self, uint64_t now, const dp_window_io_t *io, void *ctx)
{
    uint64_t quiet = s_quiet (self) << self->probe_shift;
    uint64_t since = self->last_ack_us > self->last_probe_us ? self->last_ack_us
                                                             : self->last_probe_us;
    if (!self->in_flight || !self->last_ack_us || now - since < quiet)
        return;
    s_slot_t *oldest = NULL;
    uint64_t allow = 0;                 //  a big article holds up the rest
    for (size_t i = 0; i < self->cfg.size; i++) {
        s_slot_t *s = &self->slots [i];
        if (s->used && s->overtaken_us && !s->suspect)
            return;                     //  there is progress: no need to ask
        if (s->used && !s->suspect && !s->due && (!oldest || s->sent_no < oldest->sent_no))
            oldest = s;
        if (s->used && s_allow (s->len) > allow)
            allow = s_allow (s->len);
    }
    if (!oldest || now - since < quiet + allow || io->send (ctx, oldest->seq, oldest->data, oldest->len))
        return;
    //  A new send number (it may overtake the others), the same clock: its
    //  timeout still judges the article, however often it is probed.
    s_number (self, oldest);
    self->stats.probes++;
    self->stats.resent++;
    self->last_probe_us = now;
    if (self->probe_shift < S_MAX_SHIFT)
        self->probe_shift++;
}

static uint64_t
s_timeout (const dp_window_t *self, unsigned n)
{
    return self->cfg.resend_us << (n < S_MAX_SHIFT ? n : S_MAX_SHIFT);
}

//  For qsort_r: slot indexes by their send number.
static int
s_by_send (const void *a, const void *b, void *slots)
{
    uint64_t x = ((const s_slot_t *) slots) [*(const size_t *) a].sent_no;
    uint64_t y = ((const s_slot_t *) slots) [*(const size_t *) b].sent_no;
    return x < y ? -1 : x > y;
}

//  The suspect out alone is acknowledged, still on its way, or lost.
static void
s_check_solo (dp_window_t *self, uint64_t now, const dp_window_io_t *io, void *ctx)
{
    s_slot_t *s = s_slot (self, self->solo_seq);
    if (!s->used || s->seq != self->solo_seq || !s->suspect) {
        self->solo_busy = false;        //  acknowledged (or given up)
        return;
    }
    if (s->due || now - s->sent_us < s_timeout (self, s->alone) + s_allow (s->len))
        return;
    self->solo_busy = false;
    self->stats.timeouts++;
    if (++s->alone < self->cfg.max_resends)
        return;
    //  Lost every time it went alone: it is what kills a stage.
    self->stats.gave_up++;
    size_t len = 0;
    void *instead = io->give_up ? io->give_up (ctx, s->seq, s->data, s->len, &len) : NULL;
    if (!instead) {
        s_free (self, s);
        return;
    }
    free (s->data);
    s->data = instead;
    self->bytes += len - s->len;
    s->len = len;
    s->suspect = false;
    s->strikes = s->alone = s->tries = s->copies = 0;
    s->early_us = 0;
    s->due = true;                      //  goes with the others, now
}

void
dp_window_tick (dp_window_t *self, uint64_t now, const dp_window_io_t *io, void *ctx)
{
    if (self->solo_busy)
        s_check_solo (self, now, io, ctx);
    s_decay (self, now);
    //  What is lost, and what is only late. Each hop being first in first
    //  out, what was sent after the biggest article in flight waits behind
    //  it: its timeout waits as long as that one's, and once that one is
    //  acknowledged, counts from then (not its grace: what is overtaken was
    //  not behind it).
    size_t n_lost = 0;
    uint64_t grace = s_grace (self), big_allow = 0, big_no = 0;
    for (size_t i = 0; i < self->cfg.size; i++) {
        s_slot_t *s = &self->slots [i];
        if (s->used && s_allow (s->len) > big_allow) {
            big_allow = s_allow (s->len);
            big_no = s->sent_no;
        }
    }
    for (size_t i = 0; i < self->cfg.size; i++) {
        s_slot_t *s = &self->slots [i];
        if (!s->used || s->suspect)
            continue;
        s->fresh = false;
        if (!s->due) {
            if (!s->overtaken_us && self->top_acked_no > s->sent_no + 1)
                s->overtaken_us = now;
            uint64_t wait = s_allow (s->len);
            if (s->sent_no > big_no && big_allow > wait)
                wait = big_allow;
            uint64_t from = s->sent_us;
            if (s->sent_no > self->big_acked_no && self->big_acked_us > from
            &&  self->big_acked_us <= now)
                from = self->big_acked_us;
            if (now - from >= s_timeout (self, s->tries) + wait) {
                self->stats.timeouts++;
                s->early_us = 0;
            }
            else
            if (s->overtaken_us && now - s->overtaken_us >= grace + s_allow (s->len)) {
                self->stats.overtaken++;
                if (s->copies == 1)
                    s->early_us = s->overtaken_us;
            }
            else
                continue;
            s->fresh = true;
        }
        self->lost [n_lost++] = i;
    }
    qsort_r (self->lost, n_lost, sizeof *self->lost, s_by_send, self->slots);
    //  The earliest sent of those just found lost is the only one a crash
    //  can be blamed on, and only on evidence (s_blame).
    for (size_t k = 0; k < n_lost; k++) {
        s_slot_t *s = &self->slots [self->lost [k]];
        if (!s->fresh)
            continue;
        if (s_blame (self, s)) {
            self->stats.strikes++;
            if (++s->strikes >= S_STRIKES) {
                s->suspect = true;
                self->stats.suspects++;
            }
        }
        break;
    }
    //  Everything else lost goes again, in a shuffled order: a poison
    //  article is the first lost whatever the order, an innocent one at the
    //  head of a burst lost to a restart is not the first again next time.
    for (size_t k = n_lost; k > 1; k--) {
        self->rng ^= self->rng << 13;
        self->rng ^= self->rng >> 7;
        self->rng ^= self->rng << 17;
        size_t j = (size_t) (self->rng % k), t = self->lost [k - 1];
        self->lost [k - 1] = self->lost [j];
        self->lost [j] = t;
    }
    bool blocked = false;
    for (size_t k = 0; k < n_lost; k++) {
        s_slot_t *s = &self->slots [self->lost [k]];
        if (s->suspect)
            continue;
        if (!s->due)
            s->tries++;
        s->due = true;
        if (blocked || io->send (ctx, s->seq, s->data, s->len)) {
            blocked = true;             //  the rest waits for the next tick
            continue;
        }
        s_mark_sent (self, s, now);
        self->stats.resent++;
    }
    if (!n_lost && !blocked)
        s_probe (self, now, io, ctx);
    //  The next suspect, alone.
    if (self->solo_busy || blocked)
        return;
    s_slot_t *next = NULL;
    for (size_t i = 0; i < self->cfg.size; i++) {
        s_slot_t *s = &self->slots [i];
        if (s->used && s->suspect && (!next || s->seq < next->seq))
            next = s;
    }
    if (next && io->send (ctx, next->seq, next->data, next->len) == 0) {
        s_mark_sent (self, next, now);
        next->tries++;
        self->stats.resent++;
        self->solo_busy = true;
        self->solo_seq = next->seq;
    }
}

size_t
dp_window_in_flight (const dp_window_t *self)
{
    return self->in_flight;
}

size_t
dp_window_bytes (const dp_window_t *self)
{
    return self->bytes;
}

bool
dp_window_next (const dp_window_t *self, uint64_t from, uint64_t *seq, const void **meta)
{
    if (!self->any)
        return false;
    //  In flight is only ever within the last size seqs added.
    uint64_t low = self->top > self->cfg.size ? self->top - self->cfg.size : 0;
    for (uint64_t q = from > low ? from : low; q < self->top; q++) {
        const s_slot_t *s = s_slot (self, q);
        if (s->used && s->seq == q) {
            *seq = q;
            if (meta)
                *meta = s_meta (self, s);
            return true;
        }
    }
    return false;
}

const dp_window_stats_t *
dp_window_stats (const dp_window_t *self)
{
    return &self->stats;
}
