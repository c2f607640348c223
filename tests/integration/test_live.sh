# Live sources you can kill -9 (issue 17): under `depeche run`, a killer
# sends SIGKILL to a random stage process, fetch and sink included, every
# 200-500 ms, while
#   - a --follow file is appended to (with one rotation halfway),
#   - files are dropped into a --watch folder,
#   - `depeche push --acked` pushes into fetch's --ingest-acked;
# each line / article must come out exactly once. Then a sink killed three
# times during 4 000 articles: no suspect, nothing lost, about the time of
# a run without kills. Sizes: DP_CHAOS_N (lines of the follow run, default
# 3000; the issue's run is 20000), DP_CHAOS_S (seconds of kills, default
# 10). Seeded: DP_SEED=N replays.
source "$(dirname "$0")/lib.sh"
SEED=${DP_SEED:-$(( $(date +%s) % 100000 ))}
RANDOM=$SEED
N=${DP_CHAOS_N:-3000}
KILL_S=${DP_CHAOS_S:-10}
echo "# seed $SEED (DP_SEED=$SEED replays this run); $N lines, $KILL_S s of kills"

# killer RUN SECONDS: SIGKILL to a random stage of the run every 200-500 ms;
# sets KILLS and VICTIMS.
killer () {
    local run=$1 end=$((SECONDS + $2)) stage p
    KILLS=0 VICTIMS=()
    while [ $SECONDS -lt $end ]; do
        sleep "0.$(( 200 + RANDOM % 300 ))"
        stage=$(printf 'fetch\nclean\nsplit\ntag\nsink\n' | sed -n "$(( 1 + RANDOM % 5 ))p")
        p=$(pgrep -f "[d]epeche-$stage .*$run/" | head -1)
        [ -n "$p" ] && kill -9 "$p" 2>/dev/null && KILLS=$((KILLS + 1)) && VICTIMS+=("$stage")
    done
}

# conf RUN FETCH-ARGS...: a pipeline config writing RUN/out.jsonl.
conf () {
    local run=$1; shift
    mkdir -p "$run"
    cat > "$run.conf" <<CONF
rundir $run
stage fetch 1 --window 300 --resend-ms 1000 --max-resends 30 $*
stage clean 1
stage split 1
stage tag 1
stage sink 1 --write $run/out.jsonl
CONF
}

# exactly_once LABEL RUN WANT PATTERN: every PATTERN number once, WANT lines.
exactly_once () {
    local label=$1 run=$2 want=$3 pat=$4 lines ids dead
    lines=$(lines "$run/out.jsonl")
    ids=$(grep -o "\"$pat [0-9]*" "$run/out.jsonl" | sort -u | wc -l)
    dead=$(grep -c '"error":"' "$run/out.jsonl")
    echo "# $label: in=$want kills=$KILLS (${VICTIMS[*]}) written=$lines distinct=$ids dead=$dead lost=$((want - ids))"
    check "$label: every one written exactly once ($lines lines, $ids distinct, $want in)" \
        [ "$lines" -eq "$want" -a "$ids" -eq "$want" ]
    check "$label: none dead-lettered by the kills" [ "$dead" -eq 0 ]
    check "$label: the kills happened ($KILLS)" [ "$KILLS" -ge $((KILL_S / 2)) ]
}

# stop_run LABEL: SIGTERM to the supervisor, it and every stage end.
stop_run () {
    local v="PID_sup_$1"
    kill -TERM "${!v}" 2>/dev/null
    wait_exit "${!v}" 60
    check "$1: the supervisor stops cleanly on SIGTERM ($RC)" [ "$RC" = 0 ]
}

# ---- --follow, appended to while the stages are killed, one rotation
F="$T/follow"
conf "$F" --follow "$F.jsonl"
: > "$F.jsonl"
start sup_follow "$BIN/depeche" run "$F.conf"
wait_for 30 test -f "$F/fetch-0.ckpt"
pause=$(awk -v s="$KILL_S" -v n="$N" 'BEGIN { printf "%.3f", s * 100 / n }')
(   # the writer: N lines over about KILL_S seconds, rotated halfway
    for i in $(seq 1 "$N"); do
        printf '{"text":"Ligne %d du fil : le maire de Lyon a parlé hier soir."}\n' "$i" >> "$F.jsonl"
        [ "$i" -eq $((N / 2)) ] && mv "$F.jsonl" "$F.jsonl.1"
        [ $((i % 100)) -eq 0 ] && sleep "$pause"
    done
) &
writer=$!
killer "$F" "$KILL_S"
wait "$writer"
wait_for 180 bash -c "[ \$(grep -o '\"Ligne [0-9]*' '$F/out.jsonl' 2>/dev/null | sort -u | wc -l) -ge $N ]"
sleep 1                                 # anything written twice shows now
stop_run follow
exactly_once "follow" "$F" "$N" "Ligne"
cp "$F"/log/*.log "$T/" 2>/dev/null
# the supervisor's last status line counts every run of fetch
fin=$(grep -E '^.*fetch +#0' "$T/sup_follow.log" | tail -1 | grep -o 'in=[0-9]*' | cut -d= -f2)
check "follow: the final status counts fetch's articles across its restarts (in=${fin:-?} >= $N)" \
    [ "${fin:-0}" -ge "$N" ]

# ---- --watch: files dropped in while the stages are killed
W="$T/watch"
mkdir -p "$W.spool"
conf "$W" --watch "$W.spool"
start sup_watch "$BIN/depeche" run "$W.conf"
FILES=$(( N / 50 ))
pause=$(awk -v s="$KILL_S" -v n="$FILES" 'BEGIN { printf "%.3f", s / n }')
(
    for f in $(seq 1 "$FILES"); do
        for a in $(seq 1 50); do
            printf '{"text":"Dépêche %d : la préfecture du Rhône a publié un communiqué (%d)."}\n' \
                $(( (f - 1) * 50 + a )) "$f"
        done > "$W.spool/.f$f"
        mv "$W.spool/.f$f" "$W.spool/f$f.jsonl"
        sleep "$pause"
    done
) &
writer=$!
killer "$W" "$KILL_S"
wait "$writer"
wait_for 180 bash -c "[ \$(ls '$W.spool/done' | wc -l) -ge $FILES ]"
sleep 1
stop_run watch
exactly_once "watch" "$W" "$((FILES * 50))" "Dépêche"
check "watch: every file moved to done/ once acknowledged, none left" \
    [ "$(ls "$W.spool/done" | wc -l)" -eq "$FILES" -a "$(ls "$W.spool" | grep -vc '^done$')" -eq 0 ]

# ---- depeche push --acked into --ingest-acked, the pipeline killed under it
P="$T/push"
conf "$P" --ingest-acked "@ipc://$P.in"
start sup_push "$BIN/depeche" run "$P.conf"
awk -v n="$N" 'BEGIN { for (i = 1; i <= n; i++)
    printf "{\"text\":\"Poussée %d : une tempête a touché la Bretagne dans la nuit.\"}\n", i }' > "$P.jsonl"
start push sh -c "exec '$BIN/depeche' push --acked --resend-ms 1000 '>ipc://$P.in' < '$P.jsonl'"
killer "$P" "$KILL_S"
wait_exit "$PID_push" 300
check "push --acked: exits 0 once every article is acknowledged ($RC)" [ "$RC" = 0 ]
sleep 1
stop_run push
exactly_once "push --acked" "$P" "$N" "Poussée"
grep -h 'pushed' "$T/push.log" | sed 's/^.*I: /# /'

# ---- a sink killed three times during 4 000 articles, restarted 0.1 s later
K="$T/killsink"
mkdir -p "$K"
awk 'BEGIN { for (i = 0; i < 4000; i++)
    printf "{\"id\":\"k%d\",\"text\":\"Le ministre Jean Martin est arrivé à Lyon le 9 septembre (%d).\"}\n", i, i }' \
    > "$K/in.jsonl"
# kill_sink_run NAME KILLS: the five stages by hand, fetch timed; sets MS.
kill_sink_run () {
    local r="$K/$1" k
    mkdir -p "$r"
    start "$1_sink" "$BIN/depeche-sink" --in "@ipc://$r/4" --write "$r/out.jsonl" --keep-running
    start "$1_tag" "$BIN/depeche-tag" --in "@ipc://$r/3" --out ">ipc://$r/4" --keep-running
    start "$1_split" "$BIN/depeche-split" --in "@ipc://$r/2" --out ">ipc://$r/3" --keep-running
    start "$1_clean" "$BIN/depeche-clean" --in "@ipc://$r/1" --out ">ipc://$r/2" --keep-running
    sleep 0.5
    local t0 sink_v="PID_$1_sink"
    t0=$(date +%s%N)
    start "$1_fetch" "$BIN/depeche-fetch" --out ">ipc://$r/1" --ack "@ipc://$r/ack" --rate 1000 "$K/in.jsonl"
    local fetch_v="PID_$1_fetch"
    for k in $(seq 1 "$2"); do
        sleep 0.8
        pkill -9 -P "${!sink_v}"; kill -9 "${!sink_v}" 2>/dev/null; wait "${!sink_v}" 2>/dev/null
        sleep 0.1
        start "$1_sink" "$BIN/depeche-sink" --in "@ipc://$r/4" --write "$r/out.jsonl" --keep-running
    done
    wait_exit "${!fetch_v}" 120
    MS=$(( ($(date +%s%N) - t0) / 1000000 ))
    for s in sink tag split clean; do v="PID_$1_$s"; kill -TERM "${!v}" 2>/dev/null; done
    for s in sink tag split clean; do v="PID_$1_$s"; wait_exit "${!v}" 15; done
}
kill_sink_run calm 0
calm_ms=$MS
kill_sink_run kills 3
fl=$(grep -o 'acked=.*gave_up=[0-9]*' "$T/kills_fetch.log")
echo "# kill -9 of the sink 3 times during 4 000 articles: ${MS} ms (no kills: ${calm_ms} ms); $fl"
check "sink killed 3 times: every article written once" \
    [ "$(lines "$K/kills/out.jsonl")" -eq 4000 -a "$(grep -o '"id":"k[0-9]*"' "$K/kills/out.jsonl" | sort -u | wc -l)" -eq 4000 ]
check "sink killed 3 times: no article became a suspect, none given up" \
    grep -q 'suspects=0 gave_up=0' "$T/kills_fetch.log"
#  The time is a figure, not a check, in make test: the test build's sink
#  restarts slowly (ASan, its linking state read back) and the machine may
#  be loaded; the slow recovery of old (suspects sent one at a time) is
#  caught above without a clock. The full-size run by hand asserts it.
if [ -n "${DP_CHAOS_N:-}" ]; then
    check "sink killed 3 times: at most twice the time of a run without kills (${MS} <= 2 x ${calm_ms} ms)" \
        [ "$MS" -le $((2 * calm_ms)) ]
fi

check_logs
