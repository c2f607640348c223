//  depeche — stderr logger with levels and per-key rate limiting.
#include "depeche/dp_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define S_BURST 5                       //  lines per key per window
#define S_WINDOW_S 10                   //  rate-limit window, seconds
#define S_KEYS 64                       //  distinct keys tracked

static char s_ident [64] = "depeche";
static dp_log_level_t s_level = DP_LOG_INFO;

typedef struct {
    const char *key;                    //  static string (call site)
    time_t window;                      //  start of the current window
    unsigned count;                     //  lines in this window
    unsigned suppressed;                //  lines not written since
} s_limit_t;

static s_limit_t s_limits [S_KEYS];

void
dp_log_init (const char *ident)
{
    const char *base = strrchr (ident, '/');
    snprintf (s_ident, sizeof s_ident, "%s", base ? base + 1 : ident);
    const char *env = getenv ("DP_LOG");
    int level = env ? dp_log_level_parse (env) : -1;
    if (level >= 0)
        s_level = (dp_log_level_t) level;
}

void
dp_log_set_level (dp_log_level_t level)
{
    s_level = level;
}

int
dp_log_level_parse (const char *name)
{
    static const char *names [] = { "error", "warn", "info", "debug" };
    for (int i = 0; i < 4; i++)
        if (strcasecmp (name, names [i]) == 0)
            return i;
    return -1;
}

bool
dp_log_enabled (dp_log_level_t level)
{
    return level <= s_level;
}

static void
s_vlog (dp_log_level_t level, const char *suffix, const char *fmt, va_list ap)
    __attribute__ ((format (printf, 3, 0)));

static void
s_vlog (dp_log_level_t level, const char *suffix, const char *fmt, va_list ap)
{
    char stamp [32];
    struct timespec ts;
    clock_gettime (CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r (&ts.tv_sec, &tm);
    strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    char msg [1024];
    vsnprintf (msg, sizeof msg, fmt, ap);
    //  One fprintf per line keeps lines of concurrent processes whole.
    fprintf (stderr, "%s.%03ldZ %s[%d] %c: %s%s\n", stamp, ts.tv_nsec / 1000000,
             s_ident, (int) getpid (), "EWID" [level], msg, suffix);
}

void
dp_log (dp_log_level_t level, const char *fmt, ...)
{
    if (!dp_log_enabled (level))
        return;
    va_list ap;
    va_start (ap, fmt);
    s_vlog (level, "", fmt, ap);
    va_end (ap);
}

void
dp_log_limited (const char *key, dp_log_level_t level, const char *fmt, ...)
{
    if (!dp_log_enabled (level))
        return;
    time_t now = time (NULL);
    s_limit_t *slot = NULL;
    for (int i = 0; i < S_KEYS && !slot; i++)
        if (s_limits [i].key == key || !s_limits [i].key
        ||  strcmp (s_limits [i].key, key) == 0)
            slot = &s_limits [i];
    if (!slot)
        slot = &s_limits [S_KEYS - 1];   //  table full: share the last slot
    if (!slot->key)
        slot->key = key;
    if (now - slot->window >= S_WINDOW_S) {
        slot->window = now;
        slot->count = 0;
    }
    if (slot->count >= S_BURST) {
        slot->suppressed++;
        return;
    }
    slot->count++;
    char suffix [64] = "";
    if (slot->suppressed) {
        snprintf (suffix, sizeof suffix, " (%u similar suppressed)", slot->suppressed);
        slot->suppressed = 0;
    }
    va_list ap;
    va_start (ap, fmt);
    s_vlog (level, suffix, fmt, ap);
    va_end (ap);
}
