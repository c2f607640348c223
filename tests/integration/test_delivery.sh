# Delivery you can kill -9 (issue 7): chaos under the supervisor, a poison
# article, a slow sink, garbage on every input. Seeded: the seed is printed
# and DP_SEED=N replays a run.
source "$(dirname "$0")/lib.sh"
SEED=${DP_SEED:-$(( $(date +%s) % 100000 ))}
RANDOM=$SEED
echo "# seed $SEED (DP_SEED=$SEED replays this run)"

N=20000
awk -v n=$N 'BEGIN { for (i = 0; i < n; i++)
    printf "{\"id\":\"c%d\",\"text\":\"Le ministre Jean Martin est arrivé à Lyon le 9 septembre. Il a vu M. Dupont (dossier n° %d).\"}\n", i, i }' > "$T/many.jsonl"

# chaos LABEL TAGS: 20 000 articles under `depeche run`, SIGKILL to a random
# stage process every 200-500 ms for 20 s (and 20 kills); then every id
# exactly once. fetch sends at most 1 000 a second, so that the run lasts
# the 20 s of kills: unpaced, an idle machine sent all 20 000 in ~3 s,
# before the 20th kill, and the check of the kills failed.
chaos () {
    local label=$1 tags=$2 run="$T/$1" kills=0 victims=() p stage
    mkdir -p "$run"
    cat > "$run.conf" <<CONF
rundir $run
stage fetch 1 --rate 1000 --window 500 --resend-ms 1000 --max-resends 30 $T/many.jsonl
stage clean 1
stage split 1
stage tag $tags
stage sink 1 --write $run/out.jsonl
CONF
    start "sup_$label" "$BIN/depeche" run "$run.conf"
    #  At least 20 s and 20 kills (a loaded machine finds a stage restarting
    #  more often, so 20 s alone may give fewer), 90 s at most.
    local v="PID_sup_$label" end=$((SECONDS + 20)) cap=$((SECONDS + 90))
    while { [ $SECONDS -lt $end ] || [ $kills -lt 20 ]; } && [ $SECONDS -lt $cap ] && alive "${!v}"; do
        sleep "0.$(( 200 + RANDOM % 300 ))"
        stage=$(printf 'fetch\nclean\nsplit\ntag\nsink\n' | sed -n "$(( 1 + RANDOM % 5 ))p")
        p=$(pgrep -f "[d]epeche-$stage .*$run/" | head -1)
        [ -n "$p" ] && kill -9 "$p" 2>/dev/null && kills=$((kills + 1)) && victims+=("$stage")
    done
    wait_exit "${!v}" 600
    local restarts lines ids resent dups dead
    restarts=$(grep -o 'restarts=[0-9]*' "$T/sup_$label.log" | tail -$(( 4 + tags )) | cut -d= -f2 | awk '{ s += $1 } END { print s + 0 }')
    lines=$(lines "$run/out.jsonl")
    ids=$(grep -o '"id":"c[0-9]*"' "$run/out.jsonl" | sort -u | wc -l)
    resent=$(grep -ho 'resent=[0-9]*' "$run"/log/fetch-0.log | cut -d= -f2 | awk '{ s += $1 } END { print s + 0 }')
    dups=$(grep -ho 'duplicates=[0-9]*' "$run"/log/sink-0.log | cut -d= -f2 | awk '{ s += $1 } END { print s + 0 }')
    dead=$(grep -c '"error":"' "$run/out.jsonl")
    echo "# $label: articles=$N kills=$kills (${victims[*]}) restarts=${restarts:-0} resent=${resent:-0} duplicates_suppressed=${dups:-0} written=$lines distinct=$ids dead=$dead lost=$((N - ids))"
    check "$label: the run ends by itself after the chaos (exit $RC)" [ "$RC" = 0 ]
    check "$label: every id exactly once ($lines lines, $ids ids, $N in)" [ "$lines" -eq $N -a "$ids" -eq $N ]
    check "$label: no article dead-lettered by the kills" [ "$dead" -eq 0 ]
    check "$label: the kills happened and were restarted ($kills kills, ${restarts:-0} restarts)" \
        [ "$kills" -ge 20 -a "${restarts:-0}" -ge $((kills / 2)) ]
    cp "$run"/log/*.log "$T/" 2>/dev/null
    for f in "$run"/log/*.log; do cp "$f" "$T/${label}_$(basename "$f")"; done
}
if [ -z "${DP_SKIP_CHAOS:-}" ]; then    # DP_SKIP_CHAOS=1 while working on the rest
    chaos chaos1 1
    chaos chaos2 2
fi

# ---- poison: an article that kills clean every time ends as a dead letter
P="$T/poison"; mkdir -p "$P"
head -200 "$T/many.jsonl" > "$P/in.jsonl"
sed -i '77s/Le ministre/DP-POISON-clean Le ministre/' "$P/in.jsonl"
cat > "$P.conf" <<CONF
rundir $P/run
stage fetch 1 --window 50 --resend-ms 300 --max-resends 3 $P/in.jsonl
stage clean 1
stage split 1
stage tag 1
stage sink 1 --write $P/out.jsonl
CONF
if "$BIN/depeche-clean" --help | grep -q . && strings "$BIN/depeche-clean" | grep -q DP-POISON; then
    start sup_poison "$BIN/depeche" run "$P.conf"
    wait_exit "$PID_sup_poison" 300
    check "poison: the run finishes (exit $RC)" [ "$RC" = 0 ]
    check "poison: all 200 written once" [ "$(lines "$P/out.jsonl")" -eq 200 ]
    check "poison: the poison article is a dead letter, retries exhausted" \
        grep -q '"id":"c76".*"error":"retries exhausted' "$P/out.jsonl"
    check "poison: the 199 others are whole" [ "$(grep -c '"error":null' "$P/out.jsonl")" -eq 199 ]
    check "poison: clean was restarted after each crash" grep -Eq 'clean .*restarts=[3-9]' "$T/sup_poison.log"
else
    skip "poison: needs the test build (DP_TEST_HOOKS)"
fi

# ---- slow sink: 100 articles/s against 20 000 offered; memory stays bounded
S="$T/slow"; mkdir -p "$S"
if strings "$BIN/depeche-sink" | grep -q DP_TEST_DELAY_US; then
    # ASan's quarantine keeps freed memory on purpose and would read as
    # growth: off for this measurement (the other tests keep it).
    export ASAN_OPTIONS="$ASAN_OPTIONS:quarantine_size_mb=0"
    start s_sink  env DP_TEST_DELAY_US=10000 "$BIN/depeche-sink" --in "@ipc://$S/4" --write "$S/out.jsonl"
    start s_tag   "$BIN/depeche-tag"   --in "@ipc://$S/3" --out ">ipc://$S/4"
    start s_split "$BIN/depeche-split" --in "@ipc://$S/2" --out ">ipc://$S/3"
    start s_clean "$BIN/depeche-clean" --in "@ipc://$S/1" --out ">ipc://$S/2"
    start s_fetch "$BIN/depeche-fetch" --out ">ipc://$S/1" --ack "@ipc://$S/ack" --window 1000 "$T/many.jsonl"
    rss () { local p; p=$(pgrep -P "$1"); awk '/VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0; }
    # The first sample once the pipeline is in its steady state: 300
    # written means fetch's window has been full for about 3 s. A fixed
    # 3 s was too early on a loaded machine (ASan stages still starting,
    # the window still filling) and read the filling as growth: tag
    # +10.3 MB and sink +11.2 MB at load 9-12, flat at load 1.
    wait_for 120 sh -c "[ \$(wc -l < '$S/out.jsonl' 2>/dev/null || echo 0) -ge 300 ]"
    declare -A early
    for s in fetch clean split tag sink; do v=PID_s_$s; early[$s]=$(rss "${!v}"); done
    sleep 6
    ok_flat=1 report=""
    for s in fetch clean split tag sink; do
        v=PID_s_$s; late=$(rss "${!v}")
        report="$report $s=${early[$s]}->${late}kB"
        # bound: 10 MB of growth over 6 s at most (ASan counts its own shadow too)
        [ "$late" -gt 0 ] && [ $(( late - early[$s] )) -lt 10240 ] || ok_flat=0
    done
    echo "# slow sink RSS (300 written -> 6 s later):$report; written $(lines "$S/out.jsonl")"
    check "slow sink: RSS of every stage flat (< 10 MB growth)" [ $ok_flat -eq 1 ]
    for s in fetch clean split tag sink; do v=PID_s_$s; kill -TERM "${!v}" 2>/dev/null; done
    for s in fetch clean split tag sink; do v=PID_s_$s; wait_exit "${!v}" 15; done
    inflight=$(grep -o 'unacked=[0-9]*' "$T/s_fetch.log" | cut -d= -f2)
    check "slow sink: fetch held at most its window in flight (${inflight:-?} <= 1000)" \
        [ -n "$inflight" ] && [ "$inflight" -le 1000 ]
    sent=$(grep -o ' sent=[0-9]*' "$T/s_fetch.log" | cut -d= -f2)
    check "slow sink: fetch was slowed down (sent $sent of $N while the sink wrote $(lines "$S/out.jsonl"))" [ -n "$sent" ] && [ "$sent" -lt 5000 ]
    export ASAN_OPTIONS="${ASAN_OPTIONS%:quarantine_size_mb=0}"
else
    skip "slow sink: needs the test build (DP_TEST_HOOKS)"
fi

# ---- garbage and a truncated protobuf on every stage's input
G="$T/garbage"; mkdir -p "$G"
start g_sink  "$BIN/depeche-sink"  --in "@ipc://$G/4" --write "$G/out.jsonl" --keep-running
start g_tag   "$BIN/depeche-tag"   --in "@ipc://$G/3" --out ">ipc://$G/4" --keep-running
start g_split "$BIN/depeche-split" --in "@ipc://$G/2" --out ">ipc://$G/3" --keep-running
start g_clean "$BIN/depeche-clean" --in "@ipc://$G/1" --out ">ipc://$G/2" --keep-running
for i in 1 2 3 4; do
    # not protobuf at all; then a url field that claims 5 bytes and has 3
    printf 'garbage\n\x12\x05abc\n' | "$BIN/depeche" push --raw ">ipc://$G/$i" 2>>"$T/push.log"
done
echo '{"id":"g1","text":"Une phrase. Une autre."}' | "$BIN/depeche" push ">ipc://$G/1" 2>>"$T/push.log"
wait_for 30 grep -q '"id":"g1"' "$G/out.jsonl"
check "garbage: the article after the garbage went through all four stages" grep -q '"id":"g1"' "$G/out.jsonl"
all=1
for s in clean split tag sink; do v=PID_g_$s; alive "${!v}" || all=0; done
check "garbage: every stage is still running" [ $all -eq 1 ]
for s in clean split tag sink; do v=PID_g_$s; kill -TERM "${!v}"; done
for s in clean split tag sink; do v=PID_g_$s; wait_exit "${!v}" 15; done
check "garbage: each stage counted 2 malformed frames" \
    [ "$(grep -h 'stopped' "$T"/g_*.log | grep -c 'malformed=2 ')" -eq 4 ]
# and on fetch's ack socket
start a_fetch "$BIN/depeche-fetch" --out ">ipc://$G/none" --ack "@ipc://$G/ack" --resend-ms 60000 "$T/many.jsonl"
sleep 0.5
printf 'garbage\n' | "$BIN/depeche" push --raw ">ipc://$G/ack" 2>>"$T/push.log"
wait_for 10 grep -q 'malformed ack' "$T/a_fetch.log"
check "garbage: a bad ack frame is logged and fetch keeps going" alive "$PID_a_fetch"
kill -TERM "$PID_a_fetch"; wait_exit "$PID_a_fetch" 10
check "garbage: fetch exits 0 on SIGTERM" [ "$RC" = 0 ]

check_logs
