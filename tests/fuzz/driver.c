//  depeche — a standalone main for the fuzz targets when libFuzzer is not
//  there (gcc): runs each corpus file once, then ITER inputs mutated from
//  the corpus by a PRNG seeded with SEED, so a run is reproducible. It has no
//  coverage feedback and does not grow the corpus; a crash is the sanitizer's
//  report (or abort) and the input that caused it is saved first (-o DIR).
//
//    driver [-n ITER] [-s SEED] [-m MAXLEN] [-T SECONDS] [-t TIMEOUT]
//           [-o CRASH_DIR] [CORPUS_DIR_OR_FILES...]
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#if defined (__SANITIZE_ADDRESS__)
#   define S_HAVE_SANITIZER 1
#elif defined (__has_feature)
#   if __has_feature (address_sanitizer)
#       define S_HAVE_SANITIZER 1
#   endif
#endif
#ifndef S_HAVE_SANITIZER
#   define S_HAVE_SANITIZER 0
#endif

//  The target's entry points (libFuzzer's interface).
int
    LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int
    LLVMFuzzerInitialize (int *argc, char ***argv) __attribute__ ((weak));
#if S_HAVE_SANITIZER
void
    __sanitizer_set_death_callback (void (*callback) (void));
#endif

//  One input held in memory.
typedef struct {
    uint8_t *data;                      //  the bytes (malloc'd, may be NULL if size 0)
    size_t size;                        //  their count
} s_input_t;

//  The corpus: every file named on the command line, folders walked.
typedef struct {
    s_input_t *v;
    size_t n;
    size_t cap;
} s_corpus_t;

//  Tokens that parsers of HTML, JSON, sentences and UTF-8 trip over.
static const char *const s_tokens [] = {
    "<", ">", "</", "/>", "<div>", "</div>", "<p>", "</p>", "<br>", "<script>",
    "</script>", "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE html>",
    "<title>", "</title>", "<h1>", "<meta name=\"keywords\" content=\"",
    "<meta property=\"og:title\" content=\"", "<article>", "<nav>", "&amp;",
    "&#", "&#x", "&#0;", "&#xD800;", "&nbsp;", "&", ";", "=\"", "\"",
    "{\"", "\":", "\"}", "}", "[", "]", ",", ":", "null", "true", "false",
    "\"text\":\"", "\"html\":\"", "\"sentences\":[", "\"tokens\":[[", "\"entities\":[",
    "{\"start\":", ",\"end\":", "\"trace\":[{", "\"origin\":{", "\"seq\":",
    "\\u0000", "\\ud800", "\\\"", "\\", "\n", "\r\n", "\n\n", "\t", " ", "\0",
    "\xff", "\xfe", "\xc3", "\xc3\xa9", "\xe2\x80", "\xe2\x80\xa6", "\xc2\xa0",
    "\xe2\x80\xaf", "\xe2\x80\xa8", "\xf0\x9f\x98\x80", "\xf4\x90\x80\x80",
    "\xed\xa0\x80", "\xc0\x80", "\xef\xbb\xbf", "\xcc\x81",
    ". ", "? ", "! ", "...", "\xc2\xab ", " \xc2\xbb", "M. ", "Mme ", "Dr. ",
    "J.-C. ", "etc. ", "p. ", "l'", "d'", "qu'", "aujourd'hui", " 12 ", "2024",
    "1er janvier 2024", "12/03/2024", "2024-05-12", "2023-01", "9h30", "10 000 \xe2\x82\xac", "$5",
    "3,5 %", "Emmanuel Macron", "Paris", "France", "Le Monde", "ONU",
    "0", "-1", "4294967295", "4294967296", "18446744073709551616", "1e400",
    "@tcp://", ">tcp://", "ipc://", "inproc://", "*:", ":5557", "@", ">", "-",
    "\x1f\x8b\x08\x00", "\x08\x01", "\x0a\xff\xff\xff\xff\x0f",
};

static struct {
    const char *name;                   //  fuzz_<name>, from argv[0]
    const char *crash_dir;              //  where to save a crashing input, or NULL
    char crash_path [4096];             //  file for the input now running
    const uint8_t *cur;                 //  the input now running
    size_t cur_size;
    unsigned timeout;                   //  seconds per input (0: none)
    unsigned long long seed;            //  -s, part of crash file names
    uint64_t rng;                       //  PRNG state
} s_ctx;

//  --------------------------------------------------------------------------
//  Saves the running input to crash_path; async-signal-safe (open/write).

static void
s_save_crash (void)
{
    //  No input running (a leak report at exit): nothing to save.
    if (!s_ctx.crash_dir || !s_ctx.crash_path [0] || !s_ctx.cur)
        return;
    int fd = open (s_ctx.crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        return;
    size_t off = 0;
    while (off < s_ctx.cur_size) {
        ssize_t w = write (fd, s_ctx.cur + off, s_ctx.cur_size - off);
        if (w <= 0)
            break;
        off += (size_t) w;
    }
    close (fd);
    static const char msg [] = "fuzz driver: crashing input saved to ";
    ssize_t rc = write (STDERR_FILENO, msg, sizeof msg - 1);
    rc = write (STDERR_FILENO, s_ctx.crash_path, strlen (s_ctx.crash_path));
    rc = write (STDERR_FILENO, "\n", 1);
    (void) rc;
}

//  --------------------------------------------------------------------------
//  SIGABRT (a failed invariant) and SIGALRM (a hang): save, then die.

static void
s_on_signal (int sig)
{
    if (sig == SIGALRM) {
        static const char msg [] = "fuzz driver: input ran past the timeout\n";
        ssize_t rc = write (STDERR_FILENO, msg, sizeof msg - 1);
        (void) rc;
    }
    s_save_crash ();
    signal (SIGABRT, SIG_DFL);
    abort ();
}

//  --------------------------------------------------------------------------
//  splitmix64: small, fast, and the same everywhere for a given seed.

static uint64_t
s_rand (void)
{
    uint64_t z = (s_ctx.rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

//  A number in [0, n); n 0 gives 0.
static size_t
s_below (size_t n)
{
    return n ? (size_t) (s_rand () % n) : 0;
}

//  --------------------------------------------------------------------------
//  Corpus loading.

static int
s_corpus_add (s_corpus_t *c, const char *path)
{
    FILE *f = fopen (path, "rb");
    if (!f) {
        fprintf (stderr, "driver: cannot open %s: %s\n", path, strerror (errno));
        return -1;
    }
    s_input_t in = { NULL, 0 };
    size_t cap = 0;
    while (true) {
        if (in.size == cap) {
            cap = cap ? cap * 2 : 4096;
            uint8_t *nd = realloc (in.data, cap);
            if (!nd) {
                free (in.data);
                fclose (f);
                return -1;
            }
            in.data = nd;
        }
        size_t got = fread (in.data + in.size, 1, cap - in.size, f);
        in.size += got;
        if (got == 0)
            break;
    }
    fclose (f);
    if (c->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 32;
        s_input_t *nv = realloc (c->v, ncap * sizeof *nv);
        if (!nv) {
            free (in.data);
            return -1;
        }
        c->v = nv;
        c->cap = ncap;
    }
    c->v [c->n++] = in;
    return 0;
}

static int
s_cmp_names (const void *a, const void *b)
{
    return strcmp (*(char *const *) a, *(char *const *) b);
}

//  Adds a file, or every regular file of a folder in name order (so that
//  the run does not depend on the order readdir happens to return).
static int
s_corpus_load (s_corpus_t *c, const char *path)
{
    struct stat st;
    if (stat (path, &st)) {
        fprintf (stderr, "driver: %s: %s\n", path, strerror (errno));
        return -1;
    }
    if (!S_ISDIR (st.st_mode))
        return s_corpus_add (c, path);
    DIR *dir = opendir (path);
    if (!dir)
        return -1;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir (dir))) {
        if (de->d_name [0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **nv = realloc (names, cap * sizeof *nv);
            if (!nv) {
                rc = -1;
                break;
            }
            names = nv;
        }
        if (asprintf (&names [n], "%s/%s", path, de->d_name) < 0) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir (dir);
    if (n)
        qsort (names, n, sizeof *names, s_cmp_names);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && stat (names [i], &st) == 0 && S_ISREG (st.st_mode))
            rc = s_corpus_add (c, names [i]);
        free (names [i]);
    }
    free (names);
    return rc;
}

//  --------------------------------------------------------------------------
//  Mutation. buf has room for max bytes; each function edits *len in place.

static void
s_insert (uint8_t *buf, size_t *len, size_t max, size_t at, const uint8_t *src,
          size_t n)
{
    if (*len + n > max)
        n = max - *len;
    if (n == 0)
        return;
    memmove (buf + at + n, buf + at, *len - at);
    memcpy (buf + at, src, n);
    *len += n;
}

//  Length of token k (tokens may hold a NUL byte: "\0" is one byte).
static size_t
s_token_len (size_t k)
{
    return s_tokens [k][0] ? strlen (s_tokens [k]) : 1;
}

static void
s_mutate_once (uint8_t *buf, size_t *len, size_t max, const s_corpus_t *c)
{
    size_t at = s_below (*len + 1);
    switch (s_below (12)) {
        case 0:                         //  flip a bit
            if (*len)
                buf [s_below (*len)] ^= (uint8_t) (1u << s_below (8));
            break;
        case 1:                         //  set a byte
            if (*len)
                buf [s_below (*len)] = (uint8_t) s_rand ();
            break;
        case 2: {                       //  insert random bytes
            uint8_t tmp [16];
            size_t n = 1 + s_below (sizeof tmp);
            for (size_t i = 0; i < n; i++)
                tmp [i] = (uint8_t) s_rand ();
            s_insert (buf, len, max, at, tmp, n);
            break;
        }
        case 3: {                       //  delete a range
            if (at < *len) {
                size_t n = 1 + s_below (*len - at < 64 ? *len - at : 64);
                memmove (buf + at, buf + at + n, *len - at - n);
                *len -= n;
            }
            break;
        }
        case 4:
        case 5: {                       //  insert a token
            size_t k = s_below (sizeof s_tokens / sizeof s_tokens [0]);
            s_insert (buf, len, max, at, (const uint8_t *) s_tokens [k], s_token_len (k));
            break;
        }
        case 6: {                       //  overwrite with a token
            size_t k = s_below (sizeof s_tokens / sizeof s_tokens [0]);
            size_t n = s_token_len (k);
            if (at + n <= *len)
                memcpy (buf + at, s_tokens [k], n);
            break;
        }
        case 7: {                       //  splice in part of another input
            if (c->n) {
                const s_input_t *o = &c->v [s_below (c->n)];
                size_t from = s_below (o->size);
                size_t n = s_below (o->size - from + 1);
                if (s_below (2)) {      //  ... or cut here and append its tail
                    *len = at;
                    n = o->size - from;
                    at = *len;
                }
                if (n)
                    s_insert (buf, len, max, at, o->data + from, n);
            }
            break;
        }
        case 8: {                       //  a long run of one byte or token
            //  Built aside and inserted once: inserting each piece would
            //  move the tail thousands of times.
            static uint8_t run [8192];
            size_t k = s_below (sizeof s_tokens / sizeof s_tokens [0]);
            size_t reps = 1 + s_below (s_below (2) ? 64 : 4096);
            uint8_t byte = (uint8_t) (s_below (2) ? s_rand () : (uint64_t) ' ');
            bool one_byte = s_below (4) == 0;
            size_t tl = one_byte ? 1 : s_token_len (k);
            size_t n = 0;
            for (size_t r = 0; r < reps && n + tl <= sizeof run; r++) {
                memcpy (run + n, one_byte ? &byte : (const uint8_t *) s_tokens [k], tl);
                n += tl;
            }
            s_insert (buf, len, max, at, run, n);
            break;
        }
        case 9: {                       //  duplicate a chunk of itself
            if (*len) {
                size_t from = s_below (*len);
                size_t n = 1 + s_below (*len - from < 256 ? *len - from : 256);
                uint8_t tmp [256];
                memcpy (tmp, buf + from, n);
                s_insert (buf, len, max, at, tmp, n);
            }
            break;
        }
        case 10:                        //  truncate
            *len = at;
            break;
        default:                        //  add or subtract a small number
            if (*len) {
                size_t i = s_below (*len);
                buf [i] = (uint8_t) (buf [i] + s_below (35) - 17);
            }
            break;
    }
}

//  Fills buf with a fresh mutant: a corpus input (or nothing) changed 1 to 8
//  times. Returns its length.
static size_t
s_mutate (uint8_t *buf, size_t max, const s_corpus_t *c)
{
    size_t len = 0;
    if (c->n && s_below (16)) {
        const s_input_t *base = &c->v [s_below (c->n)];
        len = base->size < max ? base->size : max;
        if (len)
            memcpy (buf, base->data, len);
    }
    size_t rounds = 1 + s_below (8);
    for (size_t r = 0; r < rounds; r++)
        s_mutate_once (buf, &len, max, c);
    return len;
}

//  --------------------------------------------------------------------------
//  Runs one input from an exact-size heap copy, so that a read one byte past
//  the end is an ASan report rather than silence.

static void
s_run (const uint8_t *data, size_t size, uint64_t seq)
{
    uint8_t *copy = malloc (size ? size : 1);
    if (!copy) {
        fprintf (stderr, "driver: out of memory\n");
        exit (1);
    }
    if (size)
        memcpy (copy, data, size);
    s_ctx.cur = copy;
    s_ctx.cur_size = size;
    if (s_ctx.crash_dir)
        snprintf (s_ctx.crash_path, sizeof s_ctx.crash_path, "%s/%s-s%llu-%llu",
                  s_ctx.crash_dir, s_ctx.name, s_ctx.seed, (unsigned long long) seq);
    if (s_ctx.timeout)
        alarm (s_ctx.timeout);
    LLVMFuzzerTestOneInput (copy, size);
    if (s_ctx.timeout)
        alarm (0);
    s_ctx.cur = NULL;
    s_ctx.cur_size = 0;
    free (copy);
}

static double
s_now (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void
s_usage (const char *argv0)
{
    fprintf (stderr, "usage: %s [-n ITER] [-s SEED] [-m MAXLEN] [-T SECONDS] "
             "[-t TIMEOUT] [-o CRASH_DIR] [CORPUS_DIR_OR_FILES...]\n", argv0);
}

int
main (int argc, char **argv)
{
    unsigned long long iters = 1000, seed = 1;
    size_t max_len = 65536;
    double budget = 0;                  //  seconds for the mutation phase (0: none)
    s_ctx.timeout = 25;
    const char *base = strrchr (argv [0], '/');
    s_ctx.name = base ? base + 1 : argv [0];

    int opt;
    while ((opt = getopt (argc, argv, "n:s:m:T:t:o:h")) != -1) {
        switch (opt) {
            case 'n': iters = strtoull (optarg, NULL, 10); break;
            case 's': seed = strtoull (optarg, NULL, 0); break;
            case 'm': max_len = (size_t) strtoull (optarg, NULL, 10); break;
            case 'T': budget = strtod (optarg, NULL); break;
            case 't': s_ctx.timeout = (unsigned) strtoul (optarg, NULL, 10); break;
            case 'o': s_ctx.crash_dir = optarg; break;
            default:
                s_usage (argv [0]);
                return opt == 'h' ? 0 : 2;
        }
    }
    if (max_len == 0)
        max_len = 1;
    s_ctx.seed = seed;
    s_ctx.rng = seed;

    struct sigaction sa;
    memset (&sa, 0, sizeof sa);
    sa.sa_handler = s_on_signal;
    sigemptyset (&sa.sa_mask);
    sigaction (SIGABRT, &sa, NULL);
    sigaction (SIGALRM, &sa, NULL);
#if S_HAVE_SANITIZER
    __sanitizer_set_death_callback (s_save_crash);
#endif
    if (s_ctx.crash_dir)
        mkdir (s_ctx.crash_dir, 0755);

    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize (&argc, &argv);

    s_corpus_t corpus = { NULL, 0, 0 };
    for (int i = optind; i < argc; i++)
        if (s_corpus_load (&corpus, argv [i]))
            return 2;

    uint64_t n_inputs = 0;
    for (size_t i = 0; i < corpus.n; i++)
        s_run (corpus.v [i].data, corpus.v [i].size, n_inputs++);

    uint8_t *buf = malloc (max_len);
    if (!buf)
        return 1;
    double t0 = s_now ();
    for (unsigned long long k = 0; k < iters; k++) {
        //  Checking the clock every input would cost more than some inputs.
        if (budget > 0 && (k & 15) == 0 && s_now () - t0 > budget)
            break;
        size_t len = s_mutate (buf, max_len, &corpus);
        s_run (buf, len, n_inputs++);
    }
    free (buf);
    for (size_t i = 0; i < corpus.n; i++)
        free (corpus.v [i].data);
    free (corpus.v);
    printf ("%s: %llu inputs, 0 crashes\n", s_ctx.name, (unsigned long long) n_inputs);
    return 0;
}
