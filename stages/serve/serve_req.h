//  depeche serve — the request as the pages see it: the raw request URI
//  (path and query string, as the client sent it) decoded into a path and
//  key/value pairs, with every value checked (length, UTF-8, no control
//  characters) before a page reads it; and the checked readers of typed
//  values (dates, numbers). This is the one parser of request input: the
//  fuzz target (tests/fuzz/fuzz_serve.c) drives it. No HTTP, no SQL here.
#ifndef DP_SERVE_REQ_H_INCLUDED
#define DP_SERVE_REQ_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DP_REQ_MAX_URI    8192          //  bytes of path + query string
#define DP_REQ_MAX_ARGS   32            //  key=value pairs kept
#define DP_REQ_MAX_VALUE  512           //  bytes of one decoded value

//  One key=value pair; both point into the request's own buffer.
typedef struct {
    const char *key;
    const char *value;
} dp_req_arg_t;

typedef struct {
    char *buf;                          //  owned: the decoded path and pairs
    const char *path;                   //  "/..." without the query string
    dp_req_arg_t args [DP_REQ_MAX_ARGS];
    size_t n_args;
} dp_req_t;

//  Parses uri ("/path?k=v&k2=v2"; %XX and '+' decoded) into self.
//  Returns 0, or -1 with the reason in err[0..errlen) for a request to
//  refuse with 400 (too long, bad %-escape, invalid UTF-8, a control
//  character, a NUL, too many pairs); self then holds nothing to free.
//  A pair without '=' has the empty value; empty pairs ("&&") are skipped.
int
    dp_req_parse (dp_req_t *self, const char *uri, char *err, size_t errlen);

//  Frees what dp_req_parse kept; safe on a zeroed or failed request.
void
    dp_req_free (dp_req_t *self);

//  The first value of key, or NULL when absent.
const char *
    dp_req_get (const dp_req_t *self, const char *key);

//  The non-empty values of key, in order, into out[0..max); returns how
//  many there are (it may exceed max: the caller says it keeps max).
size_t
    dp_req_all (const dp_req_t *self, const char *key, const char **out, size_t max);

//  The value of key as a date YYYY-MM-DD (month 01-12, day 01-31): *out
//  is the value, or NULL when the key is absent or empty. Returns 0, or -1
//  with a reason naming the key in err.
int
    dp_req_date (const dp_req_t *self, const char *key, const char **out,
                 char *err, size_t errlen);

//  The value of key as a decimal integer in [min, max] (digits only), or
//  def when absent or empty. Returns 0, or -1 with a reason in err.
int
    dp_req_int (const dp_req_t *self, const char *key, int64_t min, int64_t max,
                int64_t def, int64_t *out, char *err, size_t errlen);

#endif
