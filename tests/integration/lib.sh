# Helpers for integration tests: start real processes, wait for conditions
# with a deadline (never a fixed sleep), report "ok"/"not ok"/"skip" lines
# that scripts/run-tests counts. Every process runs under `timeout`, and the
# EXIT trap kills whatever is left.
set -u
: "${BIN:?BIN must point at a folder of depeche binaries}"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export DP_DATA="$ROOT/data"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}"
T=$(mktemp -d /tmp/dp-integ-XXXXXX)
PIDS=()
FAILS=0

cleanup () {
    # PIDS are `timeout` processes: kill what they run, then them.
    for p in "${PIDS[@]}"; do pkill -9 -P "$p" 2>/dev/null; kill -9 "$p" 2>/dev/null; done
    wait 2>/dev/null
    if [ "$FAILS" -eq 0 ]; then rm -rf "$T"; else echo "# kept $T for a look"; fi
}
trap cleanup EXIT

ok ()      { echo "ok - $*"; }
not_ok ()  { echo "not ok - $*"; FAILS=$((FAILS + 1)); }
skip ()    { echo "skip - $*"; }
check ()   { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }

# start NAME CMD...: runs CMD in the background (stderr to $T/NAME.log),
# remembers its pid in PID_NAME. --foreground: timeout passes a SIGTERM to
# CMD only, not a second time to its process group; a second signal landing
# in LeakSanitizer's exit-time scan made an ASan stage spin instead of exit.
start () {
    local name=$1; shift
    timeout --foreground -s KILL 300 "$@" 2>>"$T/$name.log" &
    local pid=$!
    PIDS+=("$pid")
    printf -v "PID_$name" '%s' "$pid"
}

# wait_for SECONDS CMD...: polls CMD every 50 ms until it succeeds.
wait_for () {
    local deadline=$((SECONDS + $1)); shift
    until "$@"; do
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.05
    done
}

# wait_exit PID SECONDS: waits for PID (a child of this shell) to end and
# sets RC to its exit code, or to "timeout". Not for $(...): a subshell
# cannot wait for its parent's children.
wait_exit () {
    local pid=$1 deadline=$((SECONDS + $2))
    RC=timeout
    while kill -0 "$pid" 2>/dev/null; do
        if [ $SECONDS -ge $deadline ]; then dump_stuck "$pid"; return 1; fi
        sleep 0.02
    done
    wait "$pid"; RC=$?
}

# Says what a process that would not end is doing (for the CI log).
dump_stuck () {
    local p
    echo "# stuck: pid $1"
    ps -o pid,ppid,stat,wchan:20,etime,args --ppid "$1" -p "$1" 2>/dev/null | sed 's/^/#   /'
    if command -v gdb >/dev/null; then
        for p in $(pgrep -P "$1") "$1"; do
            gdb -p "$p" -batch -ex "thread apply all bt 12" 2>/dev/null \
                | grep -E '^(#|Thread)' | head -40 | sed 's/^/#   /'
        done
    fi
}

lines () { [ -f "$1" ] && wc -l < "$1" || echo 0; }
alive () { kill -0 "$1" 2>/dev/null; }

# A sanitizer report in any log is a failure of its own.
check_logs () {
    if grep -l -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T"/*.log 2>/dev/null; then
        not_ok "no sanitizer report in the stage logs"
        grep -h -A5 -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T"/*.log | head -30
    else
        ok "no sanitizer report in the stage logs"
    fi
}

# Canonical form of a sink output for comparison: sorted lines.
canon () { sort "$1"; }
