//  depeche — the article in memory, on the wire and as a JSON line.
//  An article in memory is always a heap tree of the protobuf-c type
//  Dp__Article whose every string and sub-message comes from malloc, so one
//  call frees it whatever made it: dp_article_destroy (= free_unpacked).
#ifndef DP_ARTICLE_H_INCLUDED
#define DP_ARTICLE_H_INCLUDED

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "article.pb-c.h"

typedef Dp__Article dp_article_t;

//  Returns a new empty article, or NULL when out of memory.
dp_article_t *
    dp_article_new (void);

//  Frees the article and sets *self_p to NULL; accepts NULL.
void
    dp_article_destroy (dp_article_t **self_p);

//  Replaces *field with a copy of s[0..len) (s NULL: clears it).
//  Returns 0, or -1 when out of memory (the field is unchanged).
int
    dp_article_set (char **field, const char *s, size_t len);

//  Same, for a NUL-terminated string.
int
    dp_article_set_str (char **field, const char *s);

//  Takes ownership of a malloc'd string as the new value of *field.
void
    dp_article_take (char **field, char *s);

//  Sets error (and error_stage) unless an error is already set.
//  Returns 0, or -1 when out of memory.
int
    dp_article_fail (dp_article_t *self, const char *stage, const char *reason);

//  Appends a tag / a sentence span / a token span / an entity.
//  Each returns 0, or -1 when out of memory.
int
    dp_article_add_tag (dp_article_t *self, const char *tag);
int
    dp_article_add_flag (dp_article_t *self, const char *flag);
int
    dp_article_add_sentence (dp_article_t *self, uint32_t start, uint32_t end);
int
    dp_article_add_token (dp_article_t *self, uint32_t start, uint32_t end);
//  Appends n token spans at once: *at gets where their 2n offsets go
//  (start, end, start, end...), for the caller to fill. The same growth as
//  dp_article_add_token; 0, or -1 when out of memory.
int
    dp_article_add_tokens (dp_article_t *self, size_t n, uint32_t **at);
int
    dp_article_add_entity (dp_article_t *self, uint32_t start, uint32_t end,
                           const char *type, const char *norm);

//  Removes every sentence / token / entity.
void
    dp_article_clear_spans (dp_article_t *self);

//  Appends a trace stamp for this process; returns it so the caller can fill
//  t_out later, or NULL when out of memory.
Dp__Stamp *
    dp_article_stamp (dp_article_t *self, const char *stage, uint64_t t_in);

//  Bytes of payload the size limit counts: html + text.
size_t
    dp_article_payload (const dp_article_t *self);

//  Microseconds since the epoch: seqs, trace stamps, what other hosts read.
uint64_t
    dp_now_us (void);

//  Microseconds of a clock that only goes forward (CLOCK_MONOTONIC): every
//  duration, deadline and pace. The wall clock steps (NTP, an operator's
//  date, a VM resumed): one hour back stopped fetch --rate for that hour
//  and held the stages' ticks (the sink's flushes and acks) while input
//  flowed; one forward sent a paced file at once.
uint64_t
    dp_mono_us (void);

//  --------------------------------------------------------------------------
//  Wire form (protobuf bytes).

//  Returns the article decoded from data[0..len), or NULL when the bytes are
//  not an Article (the caller counts and skips the frame) or out of memory.
//  Strings that are not valid UTF-8 or hold a NUL byte are repaired (U+FFFD)
//  and the article flagged "utf8-repaired", as the JSON decoder does; an
//  article whose spans fail dp_article_check comes out as a dead letter
//  (dp_article_admit).
dp_article_t *
    dp_article_unpack (const void *data, size_t len);

//  dp_article_unpack for a stage that never reads the tokens (the sink,
//  unless it writes them): when the frame's tokens would pass
//  dp_article_check, their field is cut out of data[0..len) (which this
//  changes) before protobuf-c sees it, so the article comes without them
//  (n_tokens 0) and the ~600 varints of a text article are neither
//  unpacked, checked nor freed. Tokens that would fail, or come in a form
//  not looked at here, leave the frame whole: the same dead letter (or
//  refusal) as dp_article_unpack's.
dp_article_t *
    dp_article_unpack_untokened (void *data, size_t len);

//  Returns a malloc'd buffer with the packed article and its size in *len,
//  or NULL when out of memory.
void *
    dp_article_pack (const dp_article_t *self, size_t *len);

//  --------------------------------------------------------------------------
//  Checks and limits, the same for both forms.

//  The one check of what a decoder cannot see: every sentence, token and
//  entity span lies inside the text, with start <= end; tokens come in
//  pairs. Returns 0, or -1 with the reason in err[0..errlen).
int
    dp_article_check (const dp_article_t *self, char *err, size_t errlen);

//  What both decoders do with an article that fails dp_article_check: its
//  spans are dropped, it is flagged "spans-dropped" and it goes on as a dead
//  letter ("invalid spans: ..."), keeping its id, text and metadata.
//  Returns 0 (also when nothing was wrong), or -1 when out of memory.
int
    dp_article_admit (dp_article_t *self);

//  The stage named in error_stage by the decoders' dead letters (the stage
//  process sets its own name once; default "decode"). Borrowed: name must
//  outlive every decode.
void
    dp_article_decoder_stage (const char *name);

//  Makes an article that is too big small: the payload and its annotations
//  (html, text, sentences, tokens, entities) go, then, if over 64 KB remain,
//  whatever else is big, keeping what names the article (id, url, source,
//  cut to 2 KB). It is flagged "payload-dropped" and becomes a dead letter
//  with reason, unless it was one already (the first cause is kept).
//  Returns 0, or -1 when out of memory.
int
    dp_article_shrink (dp_article_t *self, const char *stage, const char *reason);

//  What dp_article_fit had to drop.
typedef enum {
    DP_FIT_TOKENS,                      //  split's word tokens: the article goes on
    DP_FIT_SPANS,                       //  also sentences and entities: a dead
                                        //  letter that keeps its text and html
    DP_FIT_PAYLOAD                      //  also the payload (dp_article_shrink)
} dp_fit_t;

//  Makes an article of size bytes (its JSON line when json, else its
//  packed frame) fit in limit bytes, shedding what is least worth one
//  thing at a time: (1) split's word tokens, flagged "tokens-dropped"
//  (tag cuts words itself, no later stage reads them); (2) its sentences
//  and entities, as a dead letter of the stage that keeps the text, so
//  nothing of the article is lost; (3) its payload, as dp_article_shrink
//  (only a text whose JSON escapes triple it, or metadata made huge, gets
//  there: html + text <= --max-bytes, a third of the frame limit). reason
//  says what was done and why, for the log (and is the error from (2) on).
dp_fit_t
    dp_article_fit (dp_article_t *self, const char *stage, size_t limit, bool json,
                    size_t size, char *reason, size_t reason_len);

//  --------------------------------------------------------------------------
//  JSON line form (DESIGN.md). Unknown members survive in `extra`.

//  For a long line holding split's tokens (dp_json_tok.c): reads its
//  top-level "tokens" array of [start,end] pairs into into's tokens and
//  returns a malloc'd copy of the line (len bytes) where that array is
//  blanked to `null`, for jansson to read the rest. NULL, into untouched,
//  when there is none, or it is of any other shape.
char *
    dp_json_take_tokens (const char *json, size_t len, dp_article_t *into);

//  Parses one JSON object. Returns the article, or NULL with a reason in
//  err[0..errlen) (bad JSON, a known member of the wrong type). A leading
//  UTF-8 byte-order mark is skipped. Bytes that are not UTF-8 and strings
//  holding \u0000 are repaired (U+FFFD) and the article is flagged
//  "utf8-repaired"; spans that fail dp_article_check make it a dead letter
//  (dp_article_admit), as for the wire form.
dp_article_t *
    dp_article_from_json (const char *json, size_t len, char *err,
                          size_t errlen);

//  When the JSON line raw[0..len) had to be repaired (flag utf8-repaired)
//  and a's id, or the URL its id is to be made of, holds U+FFFD: adds "~"
//  and 16 hex digits of a hash of the raw line to it (an id from a URL:
//  "u~" and the hash), so that ids differing only in what the repair
//  replaced stay apart, and the same line keeps the same id. 0, or -1
//  when out of memory.
int
    dp_article_repaired_id (dp_article_t *a, const char *raw, size_t len);

//  The same with jansson alone: dp_article_from_json tries a fast path for
//  flat objects of string members first and comes here for the rest. The
//  two give the same article (tests and fuzz_article compare them).
dp_article_t *
    dp_article_from_json_jansson (const char *json, size_t len, char *err,
                                  size_t errlen);

//  What dp_article_json_flat_scan found in a line.
typedef struct {
    size_t open, close;                 //  offsets of the object's braces
    bool has_id, has_source, has_error; //  such a member, even null
    bool has_body;                      //  html or text, not null
    const char *url;                    //  url's raw value (NULL: absent or null)
    size_t url_len;
    bool url_escaped;                   //  ... holds an escape
} dp_json_flat_t;

//  True when the line is a JSON object of DESIGN.md's string members only
//  (each once, string or null), every string valid UTF-8 with valid
//  escapes and no \u0000, nothing but blanks around it: a line that
//  dp_article_from_json reads, unchanged, into an article with no repair.
//  Nothing is copied or decoded (a replay passes such a line through).
bool
    dp_article_json_flat_scan (const char *json, size_t len, dp_json_flat_t *out);

//  The JSON line of an article that is the flat line json[0..len) (which
//  dp_article_json_flat_scan accepted, with *scan) plus the id (when not
//  NULL), source, seq and trace of a: the line's own members are copied
//  as they are, not decoded and written again. NULL when out of memory.
char *
    dp_article_json_splice (const char *json, const dp_json_flat_t *scan,
                            const dp_article_t *a, size_t *len);

//  True when key is one of DESIGN.md's members (the rest rides in extra).
bool
    dp_article_json_member (const char *key);

//  Returns the article as one JSON line without the trailing newline (a
//  malloc'd string, its length in *len), or NULL when out of memory.
char *
    dp_article_to_json (const dp_article_t *self, size_t *len);

//  The same into *buf, a malloc'd buffer of *cap bytes (or NULL) that is
//  grown as needed and kept for the next call, so a writer of many lines
//  allocates once. The line's length goes in *len. Returns 0, or -1 when
//  out of memory (*buf and *cap stay valid, the caller's to free).
int
    dp_article_to_json_buf (const dp_article_t *self, char **buf, size_t *cap,
                            size_t *len);

#endif
