//  depeche — queues bounded in bytes. ZeroMQ's high-water marks count
//  messages; a stage's queues are to be bounded in bytes (--queue-mb), so
//  the mark of each socket follows the size of the messages seen on it:
//  budget / typical size, between 2 and the --hwm ceiling. The typical size
//  jumps up with a larger message at once and comes down slowly. Only the
//  arithmetic lives here; dp_stage.c sets the sockets.
#ifndef DP_QUEUE_H_INCLUDED
#define DP_QUEUE_H_INCLUDED

#include <stddef.h>
#include <stdint.h>

#define DP_DEFAULT_QUEUE_MB 16           //  per socket, of queued messages

typedef struct {
    size_t budget;                      //  bytes per socket (0: marks not changed)
    int ceiling;                        //  the --hwm ceiling
    int hwm;                            //  the mark now
    uint64_t typical;                   //  message size it was derived from
    uint64_t seen;                      //  messages observed
} dp_queue_t;

//  Starts with the mark a message of 64 KB would give (nothing seen yet).
void
    dp_queue_init (dp_queue_t *self, size_t budget, int ceiling);

//  Counts one message of size bytes. Returns the new mark when it moved
//  (by half or double at least), 0 when it stays.
int
    dp_queue_observe (dp_queue_t *self, size_t size);

#endif
