//  depeche — queues bounded in bytes: the high-water mark that keeps a
//  socket's queue near its byte budget (see dp_queue.h). No sockets here.
#include "depeche/dp_queue.h"

#define S_START_SIZE (64u << 10)

static int
s_mark (const dp_queue_t *self, uint64_t size)
{
    uint64_t n = self->budget / (size ? size : 1);
    if (n < 2)
        n = 2;                          //  one being written, one waiting
    if (n > (uint64_t) self->ceiling)
        n = (uint64_t) self->ceiling;
    return (int) n;
}

void
dp_queue_init (dp_queue_t *self, size_t budget, int ceiling)
{
    self->budget = budget;
    self->ceiling = ceiling > 0 ? ceiling : 1;
    self->typical = S_START_SIZE;
    self->seen = 0;
    self->hwm = budget ? s_mark (self, S_START_SIZE) : self->ceiling;
}

int
dp_queue_observe (dp_queue_t *self, size_t size)
{
    if (!self->budget)
        return 0;
    //  Up at once (memory is what this guards), down by 1/16 a message.
    if (size >= self->typical || !self->seen)
        self->typical = size;
    else
        self->typical -= (self->typical - size) / 16;
    self->seen++;
    int want = s_mark (self, self->typical);
    if (want * 2 <= self->hwm || want >= self->hwm * 2
    ||  (want < self->hwm && want == 2) || (want > self->hwm && want == self->ceiling)) {
        self->hwm = want;
        return want;
    }
    return 0;
}
