//  depeche — logging to stderr: one line per event,
//  "2026-11-23T10:36:25Z depeche-clean[123] W: message". Repeated messages of
//  the same call site are rate-limited, so a flood of bad input cannot flood
//  the log. The only globals are the log settings (STYLE.md).
#ifndef DP_LOG_H_INCLUDED
#define DP_LOG_H_INCLUDED

#include <stdbool.h>

typedef enum {
    DP_LOG_ERROR = 0,
    DP_LOG_WARN = 1,
    DP_LOG_INFO = 2,
    DP_LOG_DEBUG = 3
} dp_log_level_t;

//  Sets the program name shown in each line and the level from $DP_LOG
//  ("error", "warn", "info", "debug"; default info).
void
    dp_log_init (const char *ident);

//  Sets the level; messages above it are not even formatted.
void
    dp_log_set_level (dp_log_level_t level);

//  Level by name; returns -1 for an unknown name.
int
    dp_log_level_parse (const char *name);

//  True when a message of this level would be written.
bool
    dp_log_enabled (dp_log_level_t level);

//  Writes one line. Not async-signal-safe: never call from a handler.
void
    dp_log (dp_log_level_t level, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));

//  Like dp_log, but at most `burst` lines per key every 10 s; when lines were
//  suppressed, the next line written says how many.
void
    dp_log_limited (const char *key, dp_log_level_t level, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

#define dp_log_error(...) dp_log (DP_LOG_ERROR, __VA_ARGS__)
#define dp_log_warn(...)  dp_log (DP_LOG_WARN, __VA_ARGS__)
#define dp_log_info(...)  dp_log (DP_LOG_INFO, __VA_ARGS__)
#define dp_log_debug(...) \
    do { if (dp_log_enabled (DP_LOG_DEBUG)) dp_log (DP_LOG_DEBUG, __VA_ARGS__); } while (0)

//  Rate-limited by call site.
#define dp_log_once_per(level, ...) \
    dp_log_limited (__FILE__ ":" DP_LOG_STR (__LINE__), level, __VA_ARGS__)
#define DP_LOG_STR(x) DP_LOG_STR2 (x)
#define DP_LOG_STR2(x) #x

#endif
