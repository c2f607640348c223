//  depeche — common types shared by every stage's logic: return codes, byte
//  spans, entity lists, UTF-8 repair, data-file lookup. No sockets, no globals.
#ifndef DP_COMMON_H_INCLUDED
#define DP_COMMON_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define DP_VERSION "0.1.0"

//  Result of a transform. DP_DEAD: the article goes on with error set.
typedef enum {
    DP_OK = 0,                          //  done
    DP_DEAD = 1,                        //  bad input: dead-letter it
    DP_FATAL = -1                       //  out of memory or a bug: stop
} dp_rc_t;

//  Half-open byte range [start, end) into a UTF-8 text.
typedef struct {
    uint32_t start;                     //  first byte
    uint32_t end;                       //  one past the last byte
} dp_span_t;

//  Growable array of spans. Zero-initialise; free with dp_spans_free.
typedef struct {
    dp_span_t *v;                       //  the spans
    size_t n;                           //  used
    size_t cap;                         //  allocated
} dp_spans_t;

//  Appends [start, end). Returns 0, or -1 when out of memory.
int
    dp_spans_push (dp_spans_t *self, uint32_t start, uint32_t end);

//  Frees the array and zeroes the struct; safe on a zeroed struct.
void
    dp_spans_free (dp_spans_t *self);

//  One named entity. type is a static string ("PER"...); norm is owned.
typedef struct {
    uint32_t start;                     //  byte offset in text
    uint32_t end;                       //  exclusive
    const char *type;                   //  static: PER LOC ORG MISC DATE TIME MONEY NUM PERCENT
    char *norm;                         //  owned, never NULL after push
} dp_entity_t;

typedef struct {
    dp_entity_t *v;
    size_t n;
    size_t cap;
} dp_entities_t;

//  Appends an entity; copies norm (NULL: the span's text is used as norm).
//  Returns 0, or -1 when out of memory.
int
    dp_entities_push (dp_entities_t *self, const char *text, uint32_t start,
                      uint32_t end, const char *type, const char *norm);

//  Frees every norm and the array; safe on a zeroed struct.
void
    dp_entities_free (dp_entities_t *self);

//  Returns a NUL-terminated copy of s[0..len) in which every invalid UTF-8
//  sequence (and NUL byte) is replaced with U+FFFD; *n_repaired gets the
//  number of replacements (may be NULL), *out_len the length. NULL on OOM.
char *
    dp_utf8_repair (const char *s, size_t len, size_t *out_len,
                    size_t *n_repaired);

//  Writes the code point cp (a Unicode scalar value: not a surrogate, at
//  most 0x10FFFF) at d as UTF-8; returns the byte after it.
static inline char *
dp_utf8_put (char *d, uint32_t cp)
{
    if (cp < 0x80)
        *d++ = (char) cp;
    else
    if (cp < 0x800) {
        *d++ = (char) (0xC0 | (cp >> 6));
        *d++ = (char) (0x80 | (cp & 0x3F));
    }
    else
    if (cp < 0x10000) {
        *d++ = (char) (0xE0 | (cp >> 12));
        *d++ = (char) (0x80 | ((cp >> 6) & 0x3F));
        *d++ = (char) (0x80 | (cp & 0x3F));
    }
    else {
        *d++ = (char) (0xF0 | (cp >> 18));
        *d++ = (char) (0x80 | ((cp >> 12) & 0x3F));
        *d++ = (char) (0x80 | ((cp >> 6) & 0x3F));
        *d++ = (char) (0x80 | (cp & 0x3F));
    }
    return d;
}

//  True when s[0..len) is valid UTF-8 with no NUL byte.
bool
    dp_utf8_valid (const char *s, size_t len);

//  The first byte of [s, end) that a JSON string must escape or that ends
//  one: '"', '\\' or a byte below 0x20; end when there is none. Eight
//  bytes at a time (JSON strings of pages are long runs of plain bytes).
const char *
    dp_json_plain_end (const char *s, const char *end);

//  The value of the four hex digits of a \u escape at p, or -1 when
//  fewer than four bytes are left before end or one is not a hex digit.
int
    dp_json_hex4 (const char *p, const char *end);

//  Decodes the JSON string that starts after its opening quote at *pp, in
//  one pass, into a scratch buffer of the calling thread: the decoded bytes,
//  NUL-terminated, valid until this thread's next call; *out_len their
//  length, *pp past the closing quote. NULL (nothing moved) when the string
//  has no closing quote, a control byte, an escape JSON does not allow,
//  \u0000 or a lone surrogate, or bytes that are not UTF-8, and when out of
//  memory: the callers then leave the line to jansson.
const char *
    dp_json_str_decode (const char **pp, const char *end, size_t *out_len);

//  64-bit FNV-1a of the NUL-terminated s, never 0 (0 marks an empty slot
//  in the sink's hash sets): the key of an article id, a text or a URL.
uint64_t
    dp_hash_str (const char *s);

//  Parses a size: "4096", "64K", "4M", "1G". Returns 0, or -1 when malformed.
int
    dp_size_parse (const char *arg, size_t *out);

//  Finds a file of the bundled data folder (data/ in the source tree):
//  $DP_DATA/name, then <exe dir>/../share/depeche/name, then data/name in
//  the exe's folder or one of its parents. Returns a new string or NULL.
char *
    dp_data_path (const char *name);

//  Reads a whole file; returns a NUL-terminated buffer (caller frees) and
//  its length in *len, or NULL with errno set.
char *
    dp_read_file (const char *path, size_t *len);

//  Turns glibc's fast bins off for this process (elsewhere: nothing). For
//  a stage that frees a few hundred small blocks an article (its entities'
//  strings, the scratch of its work) and then allocates a large one (the
//  next article's text): glibc merged all the fast-binned blocks at that
//  large allocation (malloc_consolidate, ~5 % of the sink's time under
//  perf); without fast bins they go to the ordinary bins as they are
//  freed. Measured on tag and sink (docs/benchmarks.md, issue 18): -4 %
//  CPU each.
void
    dp_malloc_tune (void);

//  Gives the free memory malloc keeps for reuse back to the system (glibc's
//  malloc_trim: also the free pages amid the heap, which its automatic trim
//  at the top never reaches); elsewhere nothing. It walks every free block
//  (a few ms on a heap of 100 MB): for rare moments, such as after an
//  article whose allocations were very large, never once per article.
void
    dp_malloc_trim (void);

//  Where a line of a JSON-lines input ends. Lines end at LF (a CRLF's CR
//  stays with its line, where it is JSON whitespace), unless the input has
//  no LF at all and lone CRs (an old Mac file): then at CR, and at LF too
//  should one come. A reader keeps one dp_eol_t per input, DP_EOL_UNKNOWN
//  at its start; the first call that can tell sets it: an LF in buf, or
//  none in its first DP_EOL_SNIFF bytes (or all of them, at eof) and the
//  first line end to come: an LF, a CRLF (CRs, then an LF) or a lone CR;
//  a lone CR past those bytes makes CR lines only with no LF in the
//  DP_EOL_SNIFF bytes from it (it may be JSON whitespace in a long line).
//  CRs that are the last bytes read wait for the bytes after them: the
//  decision never depends on where the reads ended.
typedef enum { DP_EOL_UNKNOWN, DP_EOL_LF, DP_EOL_CR } dp_eol_t;
#define DP_EOL_SNIFF 65536

//  The end of the line that starts at buf (buf[0..len) read so far; eof:
//  nothing more will come): a pointer to its LF or CR, or NULL when buf
//  holds no whole line yet (at eof, the rest is the last line).
const char *
    dp_eol_find (dp_eol_t *eol, const char *buf, size_t len, bool eof);

//  dp_eol_find for a reader that scans only bytes it has not looked at:
//  buf continues an input whose first DP_EOL_SNIFF bytes (and any up to
//  buf) held neither LF nor CR.
const char *
    dp_eol_find_past (dp_eol_t *eol, const char *buf, size_t len, bool eof);

#endif
