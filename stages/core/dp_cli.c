//  depeche — shared command-line options.
#include "depeche/dp_cli.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int
dp_cli_size (const char *arg, size_t *out)
{
    return dp_size_parse (arg, out);
}

static int
s_int (const char *arg, int min, int max, const char *what)
{
    char *end;
    long v = strtol (arg, &end, 10);
    if (*arg == '\0' || *end || v < min || v > max) {
        fprintf (stderr, "--%s: expected a number in %d..%d, got \"%s\"\n",
                 what, min, max, arg);
        exit (2);
    }
    return (int) v;
}

int
dp_cli_common (int code, const char *arg, dp_stage_cfg_t *cfg, const char *usage)
{
    switch (code) {
        case 'i':
            cfg->in = arg;
            return 1;
        case 'o':
            cfg->out = arg;
            return 1;
        case 'h':
            fputs (usage, stdout);
            fputs (DP_CLI_HELP, stdout);
            exit (0);
        case 'V':
            printf ("depeche-%s %s\n", cfg->name, DP_VERSION);
            exit (0);
        case 'v':
            dp_log_set_level (DP_LOG_DEBUG);
            return 1;
        case 'q':
            dp_log_set_level (DP_LOG_ERROR);
            return 1;
        case DP_OPT_LOG: {
            int level = dp_log_level_parse (arg);
            if (level < 0) {
                fprintf (stderr, "--log: error, warn, info or debug\n");
                exit (2);
            }
            dp_log_set_level ((dp_log_level_t) level);
            return 1;
        }
        case DP_OPT_LINGER:
            cfg->linger_ms = s_int (arg, 0, 3600000, "linger-ms");
            return 1;
        case DP_OPT_HWM:
            cfg->hwm = s_int (arg, 1, 10000000, "hwm");
            return 1;
        case DP_OPT_MAX_BYTES:
            if (dp_cli_size (arg, &cfg->max_bytes) || cfg->max_bytes == 0
            ||  cfg->max_bytes > DP_MAX_MAX_BYTES) {
                fprintf (stderr, "--max-bytes: expected a size such as 4M (1..1G)\n");
                exit (2);
            }
            return 1;
        case DP_OPT_KEEP_RUNNING:
            cfg->keep_running = true;
            return 1;
        case DP_OPT_NOOP:
            cfg->noop = true;
            return 1;
        case DP_OPT_CERT:
            cfg->curve.cert = arg;
            return 1;
        case DP_OPT_SERVER_KEY:
            cfg->curve.server_key = arg;
            return 1;
        case DP_OPT_ALLOW:
            cfg->curve.allow = arg;
            return 1;
        case DP_OPT_INSECURE:
            cfg->curve.insecure = true;
            return 1;
        case DP_OPT_METRICS:
            cfg->metrics = arg;
            return 1;
        case '?':
            fprintf (stderr, "try --help\n");
            exit (2);
        default:
            return 0;
    }
}
