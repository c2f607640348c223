//  depeche clean — an arena for libxml2's allocations while one page is
//  parsed, walked and freed. A 170 KB page makes a tree of tens of
//  thousands of nodes, properties and strings, each a malloc and a free:
//  glibc's malloc and free were a fifth of clean's instructions. Between
//  dpc_arena_begin and dpc_arena_end (one thread, one page), libxml2's
//  small blocks are cut from a few large chunks, its frees cost nothing,
//  and the end takes everything back at once. Outside a page, and for large
//  blocks, it is libc's malloc: a block is the arena's when its address lies
//  in one of the arena's chunks, so blocks of either kind can be freed by
//  the same function whenever libxml2 likes. Installed once per process;
//  not under AddressSanitizer (which must see libxml2's frees).
#include "clean/clean_impl.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

#define S_ALIGN       16                //  glibc's malloc alignment
#define S_HEAD        16                //  the block's size, before it
#define S_BIG         (64u << 10)       //  blocks this large go to libc
#define S_CHUNK_MIN   ((size_t) 1 << 20)
#define S_KEEP_MAX    ((size_t) 8 << 20)    //  a chunk kept for the next page
#define S_ARENA_MAX   ((size_t) 256 << 20)  //  beyond: libc (a pathological page)
#define S_MAX_CHUNKS  16
#define S_MAX_BIG     32                //  large blocks of a page kept track of

typedef struct {
    char *base;
    size_t size;
    size_t used;
} s_chunk_t;

typedef struct {
    bool on;                            //  inside a page
    size_t n_chunks;                    //  the last one is the one cut from
    size_t total;                       //  bytes of all chunks
    char *last;                         //  the last block cut (grows in place)
    s_chunk_t chunk [S_MAX_CHUNKS];
    void *big [S_MAX_BIG];              //  libc blocks taken in the page, not freed yet
    size_t n_big;
    bool lost_big;                      //  one more than S_MAX_BIG: not all are known
} s_arena_t;

static bool s_installed;                //  libxml2 allocates here (not under ASan)

static _Thread_local s_arena_t s_a;
static pthread_key_t s_key;             //  frees a thread's chunks when it ends
static bool s_keyed;

//  --------------------------------------------------------------------------
//  True when p was cut from one of this thread's chunks.

static inline bool
s_mine (const void *p)
{
    const char *c = (const char *) p;
    for (size_t i = 0; i < s_a.n_chunks; i++)
        if (c >= s_a.chunk [i].base && c < s_a.chunk [i].base + s_a.chunk [i].size)
            return true;
    return false;
}

static inline size_t
s_size_of (const void *p)
{
    size_t size;
    memcpy (&size, (const char *) p - S_HEAD, sizeof size);
    return size;
}

//  --------------------------------------------------------------------------
//  A block of n bytes from the arena (NULL: take it from libc).

//  A new chunk for a block of need bytes, or NULL. Out of line: the
//  allocations that fit in the last chunk (all but a few a page) stay a
//  few instructions.

static __attribute__ ((noinline)) s_chunk_t *
s_new_chunk (size_t need)
{
    s_chunk_t *c = s_a.n_chunks ? &s_a.chunk [s_a.n_chunks - 1] : NULL;
    size_t size = c ? c->size * 2 : S_CHUNK_MIN;
    if (size < need)
        size = need;
    if (s_a.n_chunks == S_MAX_CHUNKS || s_a.total + size > S_ARENA_MAX)
        return NULL;
    char *base = aligned_alloc (S_ALIGN, size);
    if (!base)
        return NULL;
    if (s_a.n_chunks == 0 && s_keyed)
        pthread_setspecific (s_key, &s_a);
    c = &s_a.chunk [s_a.n_chunks++];
    c->base = base;
    c->size = size;
    c->used = 0;
    s_a.total += size;
    return c;
}

static inline void *
s_cut (size_t n)
{
    size_t need = S_HEAD + ((n + S_ALIGN - 1) & ~(size_t) (S_ALIGN - 1));
    s_chunk_t *c = s_a.n_chunks ? &s_a.chunk [s_a.n_chunks - 1] : NULL;
    if ((!c || c->size - c->used < need) && !(c = s_new_chunk (need)))
        return NULL;
    char *block = c->base + c->used + S_HEAD;
    c->used += need;
    memcpy (block - S_HEAD, &n, sizeof n);
    s_a.last = block;
    return block;
}

//  --------------------------------------------------------------------------
//  A large block (from libc) taken while a page is on is kept track of, so
//  that the end of the page can free it too when the tree was not freed
//  (dpc_arena_takes_back). The index of p among them, or n_big.

static size_t
s_big_at (const void *p)
{
    size_t i = 0;
    while (i < s_a.n_big && s_a.big [i] != p)
        i++;
    return i;
}

static void
s_big_add (void *p)
{
    if (s_a.n_big < S_MAX_BIG)
        s_a.big [s_a.n_big++] = p;
    else
        s_a.lost_big = true;
}

static __attribute__ ((noinline)) void *
s_malloc_libc (size_t n)
{
    void *p = malloc (n);
    if (p && s_a.on)
        s_big_add (p);
    return p;
}

static void *
s_malloc (size_t n)
{
    void *p = s_a.on && n < S_BIG ? s_cut (n) : NULL;
    return p ? p : s_malloc_libc (n);
}

static void
s_free (void *p)
{
    if (p && !s_mine (p)) {
        size_t i = s_big_at (p);
        if (i < s_a.n_big)
            s_a.big [i] = s_a.big [--s_a.n_big];
        free (p);
    }
}

static void *
s_realloc (void *p, size_t n)
{
    if (!p)
        return s_malloc (n);
    if (!s_mine (p)) {
        void *q = realloc (p, n);
        size_t i = s_big_at (p);
        if (q && i < s_a.n_big)
            s_a.big [i] = q;
        return q;
    }
    size_t old = s_size_of (p);
    if (n <= old)
        return p;
    s_chunk_t *c = &s_a.chunk [s_a.n_chunks - 1];
    if (s_a.on && p == s_a.last && n < S_BIG) {
        //  the last block cut grows where it is when its chunk has room
        size_t need = (n + S_ALIGN - 1) & ~(size_t) (S_ALIGN - 1);
        size_t start = (size_t) ((char *) p - c->base);
        if (c->size - start >= need) {
            c->used = start + need;
            memcpy ((char *) p - S_HEAD, &n, sizeof n);
            return p;
        }
    }
    void *q = s_malloc (n);
    if (!q)
        return NULL;
    memcpy (q, p, old);
    return q;
}

static char *
s_strdup (const char *s)
{
    size_t n = strlen (s) + 1;
    char *p = s_malloc (n);
    if (p)
        memcpy (p, s, n);
    return p;
}

//  --------------------------------------------------------------------------
//  At the end of a thread that cleaned pages: its chunks go.

static void
s_thread_end (void *arena)
{
    s_arena_t *a = arena;
    for (size_t i = 0; i < a->n_chunks; i++)
        free (a->chunk [i].base);
    a->n_chunks = 0;
    a->total = 0;
}

//  --------------------------------------------------------------------------
//  Installs the arena's functions as libxml2's allocator, once per process,
//  before libxml2's own initialisation.

static void
s_install (void)
{
    s_keyed = pthread_key_create (&s_key, s_thread_end) == 0;
#if defined (__SANITIZE_ADDRESS__)
    (void) s_free;                      //  ASan keeps libc's, to see every free
    (void) s_malloc;
    (void) s_realloc;
    (void) s_strdup;
#else
    s_installed = xmlMemSetup (s_free, s_malloc, s_realloc, s_strdup) == 0;
#endif
    xmlInitParser ();
}

void
dpc_arena_install (void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once (&once, s_install);
}

void
dpc_arena_begin (void)
{
    s_a.on = true;
}

//  --------------------------------------------------------------------------
//  True when the end of the page takes back every block libxml2 took in it
//  (small blocks from the chunks, large ones kept track of): a tree built
//  in the page need not be freed node by node (xmlFreeDoc walks every node
//  and string; about 2 % of clean's instructions). False under ASan, or
//  when more large blocks were taken than the arena keeps track of.

bool
dpc_arena_takes_back (void)
{
    return s_installed && s_a.on && !s_a.lost_big;
}

//  --------------------------------------------------------------------------
//  Ends the page: nothing libxml2 cut from the arena may be used after
//  this (the tree and the parser are freed; the last error's copy is
//  dropped here). Keeps the largest chunk up to S_KEEP_MAX for the next.

void
dpc_arena_end (void)
{
    xmlResetLastError ();
    s_a.on = false;
    s_a.last = NULL;
    for (size_t i = 0; i < s_a.n_big; i++)
        free (s_a.big [i]);
    s_a.n_big = 0;
    s_a.lost_big = false;
    size_t keep = s_a.n_chunks;
    for (size_t i = 0; i < s_a.n_chunks; i++)
        if (s_a.chunk [i].size <= S_KEEP_MAX
        &&  (keep == s_a.n_chunks || s_a.chunk [i].size > s_a.chunk [keep].size))
            keep = i;
    s_chunk_t kept = { NULL, 0, 0 };
    for (size_t i = 0; i < s_a.n_chunks; i++)
        if (i == keep)
            kept = s_a.chunk [i];
        else
            free (s_a.chunk [i].base);
    s_a.n_chunks = kept.base ? 1 : 0;
    s_a.total = kept.size;
    if (kept.base) {
        kept.used = 0;
        s_a.chunk [0] = kept;
    }
}
