//  depeche run — the supervisor (see supervisor.h). Children write their
//  logs to RUNDIR/log/ and their counters to RUNDIR/status/ ($DP_STATUS); the
//  supervisor only forks, waits, restarts and reads those files.
#include "depeche/supervisor.h"
#include "depeche/dp_common.h"
#include "depeche/dp_log.h"
#include "depeche/dp_metrics.h"
#include "depeche/dp_signal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define S_BACKOFF_MIN_MS 100
#define S_BACKOFF_MAX_MS 5000
#define S_STOP_GRACE_MS 5000            //  SIGTERM, then SIGKILL after this

typedef struct {
    int stage;                          //  index in cfg->stages
    int index;                          //  instance number
    pid_t pid;                          //  0: not running
    bool done;                          //  exited 0: not restarted
    bool failed;                        //  exited 2: a configuration error
    int restarts;
    int backoff_ms;
    uint64_t started_ms;
    uint64_t restart_at_ms;             //  when to start it again (0: no)
    uint64_t base [3];                  //  in, out, dead of earlier runs of it
    uint64_t last_in;                   //  counters at the previous status line
    uint64_t last_ms;
    double rate;                        //  articles/s, smoothed
    char label [8];                     //  what its out counts ("" : "out"), as its
                                        //  status file said (kept once it is emptied)
} s_child_t;

static uint64_t
s_now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000u + (uint64_t) ts.tv_nsec / 1000000u;
}

//  --------------------------------------------------------------------------

int
dp_sup_config_parse (const char *text, dp_sup_config_t *cfg, char *err, size_t errlen)
{
    memset (cfg, 0, sizeof *cfg);
    char *copy = strdup (text);
    if (!copy) {
        snprintf (err, errlen, "out of memory");
        return -1;
    }
    int line_no = 0, rc = 0;
    char *save_line = NULL;
    for (char *line = strtok_r (copy, "\n", &save_line); line && rc == 0;
         line = strtok_r (NULL, "\n", &save_line)) {
        line_no++;
        char *hash = strchr (line, '#');
        if (hash)
            *hash = '\0';
        char *save = NULL;
        char *word = strtok_r (line, " \t\r", &save);
        if (!word)
            continue;
        if (strcmp (word, "rundir") == 0) {
            char *dir = strtok_r (NULL, " \t\r", &save);
            if (!dir) {
                snprintf (err, errlen, "line %d: rundir needs a folder", line_no);
                rc = -1;
                break;
            }
            free (cfg->rundir);
            cfg->rundir = strdup (dir);
        }
        else
        if (strcmp (word, "max-bytes") == 0) {
            //  One size limit for the whole pipeline: every stage gets it.
            char *size = strtok_r (NULL, " \t\r", &save);
            size_t v;
            if (!size || dp_size_parse (size, &v) || v == 0 || v > (1u << 30)) {
                snprintf (err, errlen, "line %d: max-bytes needs a size such as 4M (1..1G)",
                          line_no);
                rc = -1;
                break;
            }
            free (cfg->max_bytes);
            cfg->max_bytes = strdup (size);
        }
        else
        if (strcmp (word, "host") == 0) {
            char *name = strtok_r (NULL, " \t\r", &save);
            char *addr = strtok_r (NULL, " \t\r", &save);
            if (!name || !addr || cfg->n_hosts == DP_SUP_MAX_HOSTS) {
                snprintf (err, errlen, "line %d: host NAME ADDRESS (at most %d hosts)",
                          line_no, DP_SUP_MAX_HOSTS);
                rc = -1;
                break;
            }
            cfg->hosts [cfg->n_hosts].name = strdup (name);
            cfg->hosts [cfg->n_hosts].addr = strdup (addr);
            cfg->n_hosts++;
        }
        else
        if (strcmp (word, "keys") == 0 || strcmp (word, "port") == 0) {
            char *value = strtok_r (NULL, " \t\r", &save);
            if (!value) {
                snprintf (err, errlen, "line %d: %s needs a value", line_no, word);
                rc = -1;
                break;
            }
            if (word [0] == 'k') {
                free (cfg->keys);
                cfg->keys = strdup (value);
            }
            else {
                cfg->port = atoi (value);
                if (cfg->port < 1 || cfg->port > 64000) {
                    snprintf (err, errlen, "line %d: port must be 1..64000", line_no);
                    rc = -1;
                    break;
                }
            }
        }
        else
        if (strcmp (word, "stage") == 0) {
            char *name = strtok_r (NULL, " \t\r", &save);
            char *count = strtok_r (NULL, " \t\r", &save);
            static const char *known [] = { "fetch", "clean", "split", "tag", "sink", NULL };
            bool ok = false;
            for (int i = 0; name && known [i]; i++)
                ok |= strcmp (name, known [i]) == 0;
            if (!ok) {
                snprintf (err, errlen, "line %d: stage must be one of fetch clean "
                          "split tag sink", line_no);
                rc = -1;
                break;
            }
            //  The count may be left out: a word that does not start with
            //  a digit is already the first argument (or @HOST).
            char *first_arg = NULL;
            if (count && !(count [0] >= '0' && count [0] <= '9')) {
                first_arg = count;
                count = NULL;
            }
            int n = count ? atoi (count) : 1;
            if (n < 1 || n > DP_SUP_MAX_INSTANCES
            ||  (count && strspn (count, "0123456789") != strlen (count))) {
                snprintf (err, errlen, "line %d: instances must be 1..%d", line_no,
                          DP_SUP_MAX_INSTANCES);
                rc = -1;
                break;
            }
            //  Once each: a second line's instances would bind the first's
            //  endpoints (NAME-0...: one takes the other's socket, restarted
            //  for ever), and a second fetch would read every file again.
            for (int i = 0; i < cfg->n_stages && rc == 0; i++)
                if (strcmp (cfg->stages [i].name, name) == 0) {
                    snprintf (err, errlen, "line %d: stage %s is given twice (one line a "
                              "stage; the count says how many instances)", line_no, name);
                    rc = -1;
                }
            if (rc)
                break;
            if (cfg->n_stages == DP_SUP_MAX_STAGES) {
                snprintf (err, errlen, "line %d: too many stages", line_no);
                rc = -1;
                break;
            }
            dp_sup_stage_t *st = &cfg->stages [cfg->n_stages++];
            st->name = strdup (name);
            st->instances = n;
            st->host = -1;
            char *arg;
            while ((arg = first_arg ? first_arg : strtok_r (NULL, " \t\r", &save))) {
                first_arg = NULL;
                if (arg [0] == '@' && st->n_args == 0 && st->host == -1) {
                    for (int h = 0; h < cfg->n_hosts; h++)
                        if (strcmp (cfg->hosts [h].name, arg + 1) == 0)
                            st->host = h;
                    if (st->host == -1) {
                        snprintf (err, errlen, "line %d: unknown host %s (declare it "
                                  "with a host line first)", line_no, arg);
                        rc = -1;
                        break;
                    }
                    continue;
                }
                if (st->n_args == DP_SUP_MAX_ARGS) {
                    snprintf (err, errlen, "line %d: too many arguments", line_no);
                    rc = -1;
                    break;
                }
                st->args [st->n_args++] = strdup (arg);
            }
        }
        else {
            snprintf (err, errlen, "line %d: unknown keyword \"%s\" (rundir, max-bytes, "
                      "host, keys, port, stage)",
                      line_no, word);
            rc = -1;
        }
    }
    free (copy);
    if (!cfg->port)
        cfg->port = 6000;
    for (int i = 0; rc == 0 && cfg->n_hosts && i < cfg->n_stages; i++)
        if (cfg->stages [i].host == -1) {
            snprintf (err, errlen, "stage %s has no @HOST, and the config has hosts",
                      cfg->stages [i].name);
            rc = -1;
        }
    if (rc == 0 && cfg->n_stages < 2) {
        snprintf (err, errlen, "a config needs at least two stages");
        rc = -1;
    }
    if (rc == 0 && (cfg->stages [0].instances != 1
                    && strcmp (cfg->stages [0].name, "fetch") == 0)) {
        //  Several fetch instances would read the same files twice.
        snprintf (err, errlen, "fetch runs as one instance per config");
        rc = -1;
    }
    if (rc)
        dp_sup_config_free (cfg);
    return rc;
}

void
dp_sup_config_free (dp_sup_config_t *cfg)
{
    for (int i = 0; i < cfg->n_hosts; i++) {
        free (cfg->hosts [i].name);
        free (cfg->hosts [i].addr);
    }
    free (cfg->keys);
    free (cfg->max_bytes);
    for (int i = 0; i < cfg->n_stages; i++) {
        free (cfg->stages [i].name);
        for (int j = 0; j < cfg->stages [i].n_args; j++)
            free (cfg->stages [i].args [j]);
    }
    free (cfg->rundir);
    memset (cfg, 0, sizeof *cfg);
}

//  --------------------------------------------------------------------------

//  True when stage s is fed over the network (its upstream is elsewhere).
static bool
s_remote_input (const dp_sup_config_t *cfg, int s)
{
    return s > 0 && cfg->stages [s].host != cfg->stages [s - 1].host;
}

//  The input endpoint spec of stage s (all its instances, or instance
//  `only`), in bind or connect form.
static void
s_endpoints (const dp_sup_config_t *cfg, int s, int only, bool bind, char *out, size_t len)
{
    out [0] = '\0';
    size_t used = 0;
    for (int j = 0; j < cfg->stages [s].instances; j++) {
        if (only >= 0 && j != only)
            continue;
        int n;
        if (s_remote_input (cfg, s))
            n = snprintf (out + used, len - used, "%s%ctcp://%s:%d", used ? "," : "",
                          bind ? '@' : '>', cfg->hosts [cfg->stages [s].host].addr,
                          cfg->port + s * DP_SUP_MAX_INSTANCES + j);
        else
            n = snprintf (out + used, len - used, "%s%cipc://%s/%s-%d.ipc",
                          used ? "," : "", bind ? '@' : '>', cfg->rundir,
                          cfg->stages [s].name, j);
        if (n < 0 || (size_t) n >= len - used)
            break;
        used += (size_t) n;
    }
}

static pid_t
s_spawn (const dp_sup_config_t *cfg, const char *bindir, s_child_t *c)
{
    const dp_sup_stage_t *st = &cfg->stages [c->stage];
    char bin [4096], in [4096], out [4096], ack [600], logp [600], statusp [600], id [64];
    char ckpt [600], cert [600], allow [600], server [600];
    bool tcp_in = !(c->stage == 0) && s_remote_input (cfg, c->stage);
    bool tcp_out = c->stage < cfg->n_stages - 1 && s_remote_input (cfg, c->stage + 1);
    int last_stage = cfg->n_stages - 1;
    bool tcp_ack = c->stage == 0 && cfg->stages [0].host != cfg->stages [last_stage].host;
    snprintf (bin, sizeof bin, "%s/depeche-%s", bindir, st->name);
    snprintf (logp, sizeof logp, "%s/log/%s-%d.log", cfg->rundir, st->name, c->index);
    snprintf (statusp, sizeof statusp, "%s/status/%s-%d", cfg->rundir, st->name, c->index);
    char *argv [DP_SUP_MAX_ARGS + 24];
    int n = 0;
    argv [n++] = bin;
    bool first = c->stage == 0, last = c->stage == cfg->n_stages - 1;
    if (!first) {
        s_endpoints (cfg, c->stage, c->index, true, in, sizeof in);
        argv [n++] = "--in";
        argv [n++] = in;
    }
    if (!last) {
        s_endpoints (cfg, c->stage + 1, -1, false, out, sizeof out);
        argv [n++] = "--out";
        argv [n++] = out;
    }
    if (first && strcmp (st->name, "fetch") == 0) {
        if (tcp_ack)
            snprintf (ack, sizeof ack, "@tcp://%s:%d", cfg->hosts [st->host].addr,
                      cfg->port - 1 - c->index);
        else
            snprintf (ack, sizeof ack, "@ipc://%s/ack-%d.ipc", cfg->rundir, c->index);
        snprintf (id, sizeof id, "fetch-%d", c->index);
        argv [n++] = "--ack";
        argv [n++] = ack;
        argv [n++] = "--id";
        argv [n++] = id;
        //  A restarted fetch resumes at the lowest unacknowledged article.
        snprintf (ckpt, sizeof ckpt, "%s/fetch-%d.ckpt", cfg->rundir, c->index);
        argv [n++] = "--checkpoint";
        argv [n++] = ckpt;
    }
    //  tcp:// between hosts: CURVE with the deployment's keys, else plain
    //  (and the stages say so in their logs).
    bool tcp_any = tcp_in || tcp_out || tcp_ack
                || (last && cfg->stages [0].host != st->host);
    if (tcp_any && cfg->keys) {
        const char *me = cfg->hosts [st->host].name;
        snprintf (cert, sizeof cert, "%s/%s.key_secret", cfg->keys, me);
        argv [n++] = "--cert";
        argv [n++] = cert;
        if (tcp_in || tcp_ack) {
            snprintf (allow, sizeof allow, "%s/allow", cfg->keys);
            argv [n++] = "--allow";
            argv [n++] = allow;
        }
        //  The one host this process connects to over tcp: the next
        //  stage's, or for the sink, fetch's (its acks).
        int peer = tcp_out ? cfg->stages [c->stage + 1].host
                 : last && cfg->stages [0].host != st->host ? cfg->stages [0].host : -1;
        if (peer >= 0) {
            snprintf (server, sizeof server, "%s/%s.key", cfg->keys, cfg->hosts [peer].name);
            argv [n++] = "--server-key";
            argv [n++] = server;
        }
    }
    else
    if (tcp_any)
        argv [n++] = "--insecure";
    //  Across hosts, a stage in the middle outlives one end-of-stream: it is
    //  stopped by its own host's supervisor, not by another host's input.
    if (cfg->n_hosts && !first && !last)
        argv [n++] = "--keep-running";
    if (cfg->max_bytes) {
        argv [n++] = "--max-bytes";
        argv [n++] = cfg->max_bytes;
    }
    for (int i = 0; i < st->n_args; i++)
        argv [n++] = st->args [i];
    argv [n] = NULL;
    //  The child's environment is built here, before fork: between fork
    //  and exec only async-signal-safe calls (no setenv: it allocates, and
    //  the metrics thread may hold the allocator's lock at fork time).
    extern char **environ;
    size_t n_env = 0;
    while (environ [n_env])
        n_env++;
    char **envp = calloc (n_env + 2, sizeof *envp);
    if (!envp)
        return -1;
    char status_env [640];
    snprintf (status_env, sizeof status_env, "DP_STATUS=%s", statusp);
    size_t e = 0;
    for (size_t i = 0; i < n_env; i++)
        if (strncmp (environ [i], "DP_STATUS=", 10) != 0)
            envp [e++] = environ [i];
    envp [e++] = status_env;
    envp [e] = NULL;
    //  A stop signal that comes between fork and exec would run the
    //  handler the child inherited: its byte goes into the supervisor's
    //  pipe, and the child, which never learns of it, runs on until it is
    //  killed -9 after the grace. Blocked here, it waits in the child for
    //  the default action, which ends the child before exec.
    sigset_t stops, before;
    sigemptyset (&stops);
    sigaddset (&stops, SIGINT);
    sigaddset (&stops, SIGTERM);
    sigaddset (&stops, SIGHUP);
    sigprocmask (SIG_BLOCK, &stops, &before);
    pid_t pid = fork ();
    if (pid == 0) {
        int fd = open (logp, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2 (fd, STDERR_FILENO);
            close (fd);
        }
        int devnull = open ("/dev/null", O_RDWR);
        if (devnull >= 0) {
            dup2 (devnull, STDIN_FILENO);
            if (!last)
                dup2 (devnull, STDOUT_FILENO);
            close (devnull);
        }
        //  The child gets default signal dispositions back.
        signal (SIGINT, SIG_DFL);
        signal (SIGTERM, SIG_DFL);
        signal (SIGHUP, SIG_DFL);
        signal (SIGPIPE, SIG_DFL);
        sigprocmask (SIG_SETMASK, &before, NULL);
        execve (bin, argv, envp);
        static const char msg [] = "depeche run: exec of a stage binary failed\n";
        ssize_t w = write (STDERR_FILENO, msg, sizeof msg - 1);
        (void) w;
        _exit (127);
    }
    sigprocmask (SIG_SETMASK, &before, NULL);
    free (envp);
    if (pid > 0) {
        c->pid = pid;
        c->started_ms = s_now_ms ();
        dp_log_debug ("started %s-%d (pid %d)", st->name, c->index, (int) pid);
    }
    else
        dp_log_error ("fork: %s", strerror (errno));
    return pid;
}

//  The status file of a child (RUNDIR/status/NAME-N).
static void
s_status_path (const dp_sup_config_t *cfg, const s_child_t *c, char *path, size_t len)
{
    snprintf (path, len, "%s/status/%s-%d", cfg->rundir, cfg->stages [c->stage].name,
              c->index);
}

//  Reads the counters a child wrote: in, out, dead (of its current run),
//  and what its out counts ("out", the sink's "stored") into label when
//  not NULL (left as it was when the file has none).
static void
s_read_status (const dp_sup_config_t *cfg, const s_child_t *c, uint64_t v [3],
               char label [8])
{
    char path [600], buf [128];
    v [0] = v [1] = v [2] = 0;
    s_status_path (cfg, c, path, sizeof path);
    int fd = open (path, O_RDONLY);
    if (fd < 0)
        return;
    ssize_t n = read (fd, buf, sizeof buf - 1);
    close (fd);
    if (n > 0) {
        buf [n] = '\0';
        unsigned long long a = 0, b = 0, d = 0, m = 0;
        char word [8];
        int got = sscanf (buf, "%llu %llu %llu %llu %7s", &a, &b, &d, &m, word);
        if (got >= 3) {
            v [0] = a;
            v [1] = b;
            v [2] = d;
        }
        if (got == 5 && label)
            memcpy (label, word, sizeof word);
    }
}

//  A child ended: what it counted joins the counts of its earlier runs
//  (its file is emptied, the next run starts its own).
static void
s_bank_status (const dp_sup_config_t *cfg, s_child_t *c)
{
    uint64_t v [3];
    s_read_status (cfg, c, v, c->label);
    for (int k = 0; k < 3; k++)
        c->base [k] += v [k];
    char path [600];
    s_status_path (cfg, c, path, sizeof path);
    if (truncate (path, 0) && errno != ENOENT)
        dp_log_debug ("%s: %s", path, strerror (errno));
}

static void
s_print_status (const dp_sup_config_t *cfg, s_child_t *kids, int n_kids, bool tty,
                int *lines_printed)
{
    uint64_t now = s_now_ms ();
    if (tty && *lines_printed)
        fprintf (stderr, "\033[%dA", *lines_printed);
    int lines = 0;
    for (int i = n_kids - 1; i >= 0; i--) {   //  pipeline order: fetch first
        s_child_t *c = &kids [i];
        uint64_t v [3];
        s_read_status (cfg, c, v, c->label);
        for (int k = 0; k < 3; k++)
            v [k] += c->base [k];
        if (c->last_ms && now > c->last_ms && v [0] >= c->last_in) {
            double inst = (double) (v [0] - c->last_in) * 1000.0 / (double) (now - c->last_ms);
            c->rate = c->rate * 0.5 + inst * 0.5;
        }
        c->last_in = v [0];
        c->last_ms = now;
        const char *state = c->pid ? "up" : c->done ? "done" : "restarting";
        fprintf (stderr, "%s%-6s #%d %-10s in=%-8llu %6s=%-8llu dead=%-6llu %8.0f/s  "
                 "restarts=%d\n",
                 tty ? "\033[2K" : "", cfg->stages [c->stage].name, c->index, state,
                 (unsigned long long) v [0], *c->label ? c->label : "out",
                 (unsigned long long) v [1],
                 (unsigned long long) v [2], c->rate, c->restarts);
        lines++;
    }
    *lines_printed = lines;
}

static void
s_signal_all (s_child_t *kids, int n_kids, int from_stage, int sig)
{
    for (int i = 0; i < n_kids; i++)
        if (kids [i].pid && kids [i].stage >= from_stage)
            kill (kids [i].pid, sig);
}

//  Reaps exited children; schedules restarts. Returns true if fetch (stage
//  0) finished cleanly in this call.
static bool
s_reap (const dp_sup_config_t *cfg, s_child_t *kids, int n_kids, bool stopping,
        bool *config_error)
{
    bool input_done = false;
    int status;
    pid_t pid;
    while ((pid = waitpid (-1, &status, WNOHANG)) > 0) {
        for (int i = 0; i < n_kids; i++) {
            s_child_t *c = &kids [i];
            if (c->pid != pid)
                continue;
            c->pid = 0;
            s_bank_status (cfg, c);
            const char *name = cfg->stages [c->stage].name;
            if (WIFEXITED (status) && WEXITSTATUS (status) == 0) {
                c->done = true;
                if (c->stage == 0)
                    input_done = true;
                dp_log_debug ("%s-%d finished", name, c->index);
            }
            else
            if (WIFEXITED (status) && WEXITSTATUS (status) == 2) {
                //  A usage or configuration error: restarting cannot help,
                //  and the pipeline cannot run without the stage. Stop.
                c->done = true;
                c->failed = true;
                *config_error = true;
                dp_log_error ("%s-%d: bad configuration (exit 2); see %s/log/%s-%d.log",
                              name, c->index, cfg->rundir, name, c->index);
            }
            else
            if (!stopping) {
                uint64_t now = s_now_ms ();
                //  A stage that ran a while before dying starts over fast.
                if (now - c->started_ms > 10000)
                    c->backoff_ms = S_BACKOFF_MIN_MS;
                else
                    c->backoff_ms = c->backoff_ms ? c->backoff_ms * 2 : S_BACKOFF_MIN_MS;
                if (c->backoff_ms > S_BACKOFF_MAX_MS)
                    c->backoff_ms = S_BACKOFF_MAX_MS;
                c->restart_at_ms = now + (uint64_t) c->backoff_ms;
                if (WIFSIGNALED (status))
                    dp_log_warn ("%s-%d killed by signal %d; restarting in %d ms",
                                 name, c->index, WTERMSIG (status), c->backoff_ms);
                else
                    dp_log_warn ("%s-%d exited with %d; restarting in %d ms",
                                 name, c->index, WEXITSTATUS (status), c->backoff_ms);
            }
        }
    }
    return input_done;
}

static int
s_mkdir (const char *path)
{
    return mkdir (path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

int
dp_sup_run (dp_sup_config_t *cfg, const char *bindir, const char *host)
{
    int me = -1;                        //  this machine's index in hosts
    if (cfg->n_hosts) {
        for (int h = 0; host && h < cfg->n_hosts; h++)
            if (strcmp (cfg->hosts [h].name, host) == 0)
                me = h;
        if (me < 0) {
            dp_log_error ("the config places stages on hosts: say which one this is "
                          "(--host NAME)%s%s", host ? "; unknown: " : "", host ? host : "");
            return 2;
        }
    }
    char tmp [] = "/tmp/depeche-run-XXXXXX";
    if (!cfg->rundir) {
        if (!mkdtemp (tmp)) {
            dp_log_error ("mkdtemp: %s", strerror (errno));
            return 1;
        }
        cfg->rundir = strdup (tmp);
    }
    char path [600];
    snprintf (path, sizeof path, "%s/log", cfg->rundir);
    int ok = s_mkdir (cfg->rundir) == 0 && s_mkdir (path) == 0;
    snprintf (path, sizeof path, "%s/status", cfg->rundir);
    if (!ok || s_mkdir (path)) {
        dp_log_error ("%s: %s", cfg->rundir, strerror (errno));
        return 1;
    }
    int sig_fd = dp_signal_open ();
    //  Before any fork: the children are built without allocating.
    dp_metrics_t *m = NULL;
    if (cfg->metrics && !(m = dp_metrics_new (cfg->metrics, "supervisor")))
        return 2;
    int m_restarts = dp_metrics_counter (m, "restarts", "Stage instances restarted");
    int m_up = dp_metrics_gauge (m, "instances_up", "Stage instances running");
    int m_total = dp_metrics_gauge (m, "instances", "Stage instances this host runs");
    s_child_t kids [DP_SUP_MAX_STAGES * DP_SUP_MAX_INSTANCES];
    int n_kids = 0;
    //  Start downstream first: binds exist before anyone connects (not
    //  needed by ZeroMQ, but it spares fetch's first resend timer).
    for (int s = cfg->n_stages - 1; s >= 0; s--)
        for (int j = 0; j < cfg->stages [s].instances; j++) {
            if (cfg->n_hosts && cfg->stages [s].host != me)
                continue;               //  another machine's part
            memset (&kids [n_kids], 0, sizeof kids [n_kids]);
            kids [n_kids].stage = s;
            kids [n_kids].index = j;
            n_kids++;
        }
    for (int i = n_kids - 1; i >= 0; i--)
        if (kids [i].stage != 0)
            s_spawn (cfg, bindir, &kids [i]);
    for (int i = 0; i < n_kids; i++)
        if (kids [i].stage == 0)
            s_spawn (cfg, bindir, &kids [i]);
    dp_log_info ("running %d stage instances; logs in %s/log/", n_kids, cfg->rundir);

    bool tty = isatty (STDERR_FILENO);
    int lines = 0;
    bool stopping = false;
    uint64_t stop_at = 0, next_status = s_now_ms () + (tty ? 1000 : 5000);
    int stop_from = 0;                  //  stages < this have been told to stop
    int exit_code = 0;
    while (true) {
        struct pollfd pfd = { .fd = sig_fd, .events = POLLIN };
        poll (&pfd, 1, 100);
        uint64_t now = s_now_ms ();
        if (!stopping && dp_signal_pending ()) {
            dp_log_info ("signal %d: stopping the stages", dp_signal_last ());
            stopping = true;
            stop_at = now;
            s_signal_all (kids, n_kids, 0, SIGTERM);
            stop_from = cfg->n_stages;
        }
        bool config_error = false;
        bool input_done = s_reap (cfg, kids, n_kids, stopping, &config_error);
        if (config_error && !stopping) {
            dp_log_error ("stopping every stage: one cannot run with its configuration");
            stopping = true;
            stop_at = now;
            s_signal_all (kids, n_kids, 0, SIGTERM);
            stop_from = cfg->n_stages;
            exit_code = 2;
        }
        if (input_done && !stopping) {
            //  fetch exits 0 once every article is acknowledged by the sink:
            //  the rest may go, in order, each flushing what it holds.
            stopping = true;
            stop_at = now;
            stop_from = 1;
        }
        if (stopping && stop_from < cfg->n_stages) {
            //  Stop one stage at a time, upstream first, once the stage
            //  before it is gone.
            bool upstream_alive = false;
            for (int i = 0; i < n_kids; i++)
                if (kids [i].pid && kids [i].stage < stop_from)
                    upstream_alive = true;
            if (!upstream_alive) {
                for (int i = 0; i < n_kids; i++)
                    if (kids [i].pid && kids [i].stage == stop_from)
                        kill (kids [i].pid, SIGTERM);
                stop_from++;
                stop_at = now;
            }
        }
        if (!stopping)
            for (int i = 0; i < n_kids; i++)
                if (!kids [i].pid && !kids [i].done && kids [i].restart_at_ms
                &&  now >= kids [i].restart_at_ms) {
                    kids [i].restart_at_ms = 0;
                    kids [i].restarts++;
                    dp_metrics_add (m, m_restarts, 1);
                    s_spawn (cfg, bindir, &kids [i]);
                }
        if (stopping && now - stop_at > S_STOP_GRACE_MS) {
            dp_log_warn ("stages still running after %d ms: killing them", S_STOP_GRACE_MS);
            s_signal_all (kids, n_kids, 0, SIGKILL);
            stop_at = now;
        }
        bool alive = false;
        int up = 0;
        for (int i = 0; i < n_kids; i++) {
            alive |= kids [i].pid != 0 || (!stopping && !kids [i].done);
            up += kids [i].pid != 0;
        }
        dp_metrics_set (m, m_up, up);
        dp_metrics_set (m, m_total, n_kids);
        dp_metrics_health (m, stopping || up == n_kids, "a stage instance is down");
        if (now >= next_status || !alive) {
            s_print_status (cfg, kids, n_kids, tty, &lines);
            next_status = now + (tty ? 1000 : 5000);
        }
        if (!alive)
            break;
    }
    dp_metrics_destroy (&m);
    int failed = 0;
    for (int i = 0; i < n_kids; i++)
        failed += !kids [i].done;
    if (exit_code)
        return exit_code;
    return failed && !dp_signal_pending () ? 1 : 0;
}
