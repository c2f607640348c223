//  depeche — split's tokens of a big JSON line, read by hand for dp_json.c.
//  jansson makes a tree node of every [start,end] pair and of both of its
//  numbers, about 220 bytes a token: an 8 MB article's 1.35 M tokens cost a
//  stage that reads JSON lines 300 MB (390 MB in all, 94 MB without them),
//  a 50 MB article's 2.3 GB. So in a long line, the top-level "tokens"
//  member is found, read straight into the article's packed array, and
//  blanked (`null` and spaces) in a copy of the line that jansson reads
//  for the rest. Any other shape (a number that is no uint32, a pair of
//  three, a cut line) is left to jansson, which says what is wrong.
#include "depeche/dp_article.h"
#include "depeche/dp_common.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *
s_ws (const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

//  p at a string's opening quote: the byte after its closing one, or NULL.
static const char *
s_skip_str (const char *p, const char *end)
{
    for (p++; p < end; p++) {
        if (*p == '\\')
            p++;
        else
        if (*p == '"')
            return p + 1;
    }
    return NULL;
}

//  p at a value: the byte after it (brackets counted outside strings; a
//  scalar ends at the ',' or '}' that follows it), or NULL when cut.
static const char *
s_skip_value (const char *p, const char *end)
{
    int depth = 0;
    while (p < end) {
        char c = *p;
        if (c == '"') {
            if (!(p = s_skip_str (p, end)))
                return NULL;
            if (depth == 0)
                return p;
            continue;
        }
        if (c == '[' || c == '{')
            depth++;
        else
        if (c == ']' || c == '}') {
            if (depth == 0)
                return p;
            if (--depth == 0)
                return p + 1;
        }
        else
        if (c == ',' && depth == 0)
            return p;
        p++;
    }
    return NULL;
}

//  The value of the top-level member "tokens", [*val, *val_end), when it
//  is an array. False when there is none or the line is not an object.
static bool
s_find (const char *p, const char *end, const char **val, const char **val_end)
{
    p = s_ws (p, end);
    if (p == end || *p != '{')
        return false;
    p++;
    while (true) {
        p = s_ws (p, end);
        if (p == end || *p != '"')
            return false;
        const char *key = p;
        if (!(p = s_skip_str (p, end)))
            return false;
        bool tokens = p - key == 8 && memcmp (key, "\"tokens\"", 8) == 0;
        p = s_ws (p, end);
        if (p == end || *p != ':')
            return false;
        p = s_ws (p + 1, end);
        const char *v = p;
        if (!(p = s_skip_value (p, end)))
            return false;
        if (tokens) {
            *val = v;
            *val_end = p;
            return *v == '[';
        }
        p = s_ws (p, end);
        if (p == end || *p != ',')
            return false;
        p++;
    }
}

//  One unsigned integer of at most 10 digits, no leading zero, <= UINT32_MAX.
static const char *
s_uint (const char *p, const char *end, uint32_t *out)
{
    if (p == end || *p < '0' || *p > '9'
    ||  (*p == '0' && p + 1 < end && p [1] >= '0' && p [1] <= '9'))
        return NULL;
    uint64_t x = 0;
    int digits = 0;
    while (p < end && *p >= '0' && *p <= '9') {
        x = x * 10 + (uint64_t) (*p++ - '0');
        if (++digits > 10)
            return NULL;
    }
    if (x > UINT32_MAX)
        return NULL;
    *out = (uint32_t) x;
    return p;
}

//  [[s,e],...] into a's tokens; false for any other shape.
static bool
s_read (dp_article_t *a, const char *p, const char *end)
{
    p = s_ws (p + 1, end);
    if (p < end && *p == ']')
        return true;
    while (true) {
        uint32_t s, e;
        p = s_ws (p, end);
        if (p == end || *p != '[')
            return false;
        p = s_ws (p + 1, end);
        if (!(p = s_uint (p, end, &s)))
            return false;
        p = s_ws (p, end);
        if (p == end || *p != ',')
            return false;
        p = s_ws (p + 1, end);
        if (!(p = s_uint (p, end, &e)))
            return false;
        p = s_ws (p, end);
        if (p == end || *p != ']')
            return false;
        if (dp_article_add_token (a, s, e))
            return false;
        p = s_ws (p + 1, end);
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        return p < end && *p == ']';
    }
}

char *
dp_json_take_tokens (const char *json, size_t len, dp_article_t *into)
{
    const char *val, *val_end;
    if (!s_find (json, json + len, &val, &val_end) || val_end - val < 8)
        return NULL;
    if (!s_read (into, val, val_end)) {
        free (into->tokens);
        into->tokens = NULL;
        into->n_tokens = 0;
        return NULL;
    }
    char *copy = malloc (len ? len : 1);
    if (!copy) {
        free (into->tokens);
        into->tokens = NULL;
        into->n_tokens = 0;
        return NULL;
    }
    memcpy (copy, json, len);
    char *v = copy + (val - json);
    memcpy (v, "null", 4);
    memset (v + 4, ' ', (size_t) (val_end - val) - 4);
    return copy;
}
