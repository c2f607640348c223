# Live sources at their edges (QA of 2026-12-07, second round): what a
# producer does to a --watch folder that the chaos runs of test_live.sh do
# not (a file name used again), each line written coming out of the sink
# once. fetch --ack straight into a sink: the other stages add nothing here.
source "$(dirname "$0")/lib.sh"

# spool_run NAME: fetch --watch $T/NAME.spool --ack into nothing yet (its
# articles wait for acknowledgements); sink_up NAME starts the sink.
P=$((20000 + RANDOM % 20000))               # fetch's /metrics: what it sent
spool_run () {
    mkdir -p "$T/$1.spool" "$T/$1"
    start "$1_fetch" "$BIN/depeche-fetch" --watch "$T/$1.spool" --resend-ms 500 \
        --out ">ipc://$T/$1/sink" --ack "@ipc://$T/$1/ack" --metrics "127.0.0.1:$P"
    wait_for 10 test -d "$T/$1.spool/done"
}
sent () { curl -s "127.0.0.1:$P/metrics" | sed -n 's/^depeche_articles_out_total{[^}]*} //p'; }
sent_at_least () { [ "$(sent)" -ge "$1" ] 2>/dev/null; }
sink_up () {
    start "$1_sink" "$BIN/depeche-sink" --in "@ipc://$T/$1/sink" --write "$T/$1/out.jsonl" \
        --keep-running
}
# batch FILE WORD: 50 id-less lines "WORD n" written aside, to be renamed in.
batch () {
    for i in $(seq 1 50); do printf '{"text":"%s %d : le maire de Lyon a parlé hier."}\n' "$2" "$i"; done > "$1"
}
written () { grep -c "\"text\":\"$2 " "$T/$1/out.jsonl" 2>/dev/null; }

# ---- one name, three files: the second renamed over the first while the
# first waits for its acks, the third once both are done. On main the
# second was skipped as "being read" and then moved to done/ unread, and
# the third, read, gave the ids of the first (of "path:line"): the sink
# dropped all of it as written. 50 of 150 came out.
S="$T/same.spool"
spool_run same
batch "$T/a.tmp" Premier; batch "$T/b.tmp" Second; batch "$T/c.tmp" Troisième
mv "$T/a.tmp" "$S/batch.jsonl"
wait_for 10 sent_at_least 1                 # fetch read it; no acks come yet
mv "$T/b.tmp" "$S/batch.jsonl"
sink_up same
wait_for 20 bash -c "[ \$(ls '$S/done' | wc -l) -ge 1 ] && [ \$(ls '$S' | grep -vc '^done$') -eq 0 ]"
mv "$T/c.tmp" "$S/batch.jsonl"
wait_for 20 bash -c "[ \$(grep -c 'Troisième' '$T/same/out.jsonl') -ge 50 ]"
wait_for 10 bash -c "[ \$(ls '$S' | grep -vc '^done$') -eq 0 ]"
sleep 0.5
echo "# same name: Premier=$(written same Premier) Second=$(written same Second) Troisième=$(written same Troisième) done/: $(ls "$S/done" | tr '\n' ' ')"
check "watch, one name three times: every file's 50 lines written once (150 lines)" \
    [ "$(written same Premier)" -eq 50 -a "$(written same Second)" -eq 50 \
      -a "$(written same Troisième)" -eq 50 -a "$(lines "$T/same/out.jsonl")" -eq 150 ]
check "watch, one name three times: done/ keeps both files that were there (none overwritten)" \
    [ "$(ls "$S/done" | wc -l)" -eq 2 ]

# ---- --follow, a file truncated and written again past where fetch had
# read it, between two of its looks (copytruncate and a burst, or '>'
# from a script): on main its size never showed less than the offset, so
# the read went on from there: the new lines before it lost, the one it
# fell in cut (here 6 of 200 lost, one dead letter).
L="$T/follow.jsonl"
: > "$L"
start follow "$BIN/depeche-fetch" --follow "$L" --out - > "$T/follow.out"
# fetch follows from the file's end (like tail -F): wait until it has it open
wait_for 10 bash -c "ls -l /proc/\$(pgrep -P $PID_follow | head -1)/fd 2>/dev/null | grep -q follow.jsonl"
awk 'BEGIN { for (i = 1; i <= 100; i++) printf "{\"text\":\"Avant %d\"}\n", i }' >> "$L"
wait_for 10 bash -c "[ \$(grep -c '\"text\":\"Avant ' '$T/follow.out') -ge 100 ]"
awk 'BEGIN { for (i = 1; i <= 200; i++)
    printf "{\"text\":\"Après %d : le préfet du Rhône a parlé ce matin.\"}\n", i }' > "$L"
wait_for 10 bash -c "[ \$(grep -c '\"text\":\"Après ' '$T/follow.out') -ge 200 ]"
awk 'BEGIN { for (i = 1; i <= 50; i++) printf "{\"text\":\"Ensuite %d\"}\n", i }' >> "$L"
wait_for 10 bash -c "[ \$(grep -c '\"text\":\"Ensuite ' '$T/follow.out') -ge 50 ]"
sleep 0.3
n_after=$(grep -c '"text":"Après ' "$T/follow.out")
n_dead=$(grep -c '"error":"' "$T/follow.out")
echo "# follow, rewritten: Avant=$(grep -c '"text":"Avant ' "$T/follow.out") Après=$n_after Ensuite=$(grep -c '"text":"Ensuite ' "$T/follow.out") dead=$n_dead"
check "follow, truncated and written again at once: all 350 lines once, none cut ($n_after of 200, $n_dead dead)" \
    [ "$n_after" -eq 200 -a "$n_dead" -eq 0 -a "$(grep -c . "$T/follow.out")" -eq 350 ]

# ---- --follow, rotated right after a last burst: lines appended to the old
# file after fetch's read found its end and before it looked at the path
# (which shows the new file) were never read: fetch went on to the new file
# at once. The test build holds fetch in that window
# (DP_TEST_FOLLOW_LOOK_US) and says so in its log; the burst and the
# rotation land there.
if strings "$BIN/depeche-fetch" | grep -q DP_TEST_FOLLOW_LOOK_US; then
    R="$T/rot.jsonl"
    : > "$R"
    start rot env DP_TEST_FOLLOW_LOOK_US=1000000 "$BIN/depeche-fetch" --follow "$R" --out - \
        > "$T/rot.out"
    looks () { grep -c 'looking at its path' "$T/rot.log" 2>/dev/null; }
    wait_for 10 bash -c "[ \$(grep -c 'looking at its path' '$T/rot.log') -ge 1 ]"
    awk 'BEGIN { for (i = 1; i <= 20; i++) printf "{\"text\":\"Premier %d\"}\n", i }' >> "$R"
    wait_for 10 bash -c "[ \$(grep -c '\"text\":\"Premier ' '$T/rot.out') -ge 20 ]"
    n=$(looks)
    wait_for 10 bash -c "[ \$(grep -c 'looking at its path' '$T/rot.log') -gt $n ]"
    # fetch has just read the old file to its end and waits to look: the
    # last burst, then the rotation
    awk 'BEGIN { for (i = 1; i <= 30; i++) printf "{\"text\":\"Dernier %d\"}\n", i }' >> "$R"
    mv "$R" "$R.1"
    awk 'BEGIN { for (i = 1; i <= 10; i++) printf "{\"text\":\"Nouveau %d\"}\n", i }' > "$R"
    wait_for 10 bash -c "[ \$(grep -c '\"text\":\"Nouveau ' '$T/rot.out') -ge 10 ]"
    sleep 0.3
    n_last=$(grep -c '"text":"Dernier ' "$T/rot.out")
    echo "# follow, burst then rotation: Premier=$(grep -c '"text":"Premier ' "$T/rot.out") Dernier=$n_last Nouveau=$(grep -c '"text":"Nouveau ' "$T/rot.out")"
    check "follow, a burst just before the rotation: all 60 lines once ($n_last of 30 of the burst)" \
        [ "$n_last" -eq 30 -a "$(grep -c . "$T/rot.out")" -eq 60 ]
else
    skip "follow, a burst just before the rotation: needs the test build (DP_TEST_HOOKS)"
fi

# ---- the wall clock stepped (NTP, `date -s`, a VM resumed) under a paced
# fetch (--rate 1000, 2 000 articles): every duration was read on the wall
# clock. One hour back stopped fetch for that hour (1 000 of 5 000 in 20 s);
# one hour forward sent the rest at once (5 000 in 1.2 s) and resent 59 it
# took for timed out. A shim steps the clock for fetch and the sink only
# (tests/integration/clock_step.c).
if cc -shared -fPIC -O1 -o "$T/clock_step.so" "$ROOT/tests/integration/clock_step.c" -ldl 2>"$T/cc.log"; then
    awk 'BEGIN { for (i = 0; i < 2000; i++) printf "{\"id\":\"h%d\",\"text\":\"Le maire. %d.\"}\n", i, i }' > "$T/paced.jsonl"
    for step in -3600 3600; do
        k=$([ "$step" -lt 0 ] && echo back || echo fwd)
        C="$T/clock_$k"; mkdir -p "$C"
        export LD_PRELOAD="$T/clock_step.so" DP_STEP_AFTER_S=0.5 DP_STEP_S=$step
        export ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0"
        start "clock_${k}_sink" "$BIN/depeche-sink" --in "@ipc://$C/sink" --write "$C/out.jsonl"
        t0=$(date +%s%N)
        start "clock_${k}_fetch" "$BIN/depeche-fetch" --rate 1000 --out ">ipc://$C/sink" \
            --ack "@ipc://$C/ack" "$T/paced.jsonl"
        unset LD_PRELOAD DP_STEP_AFTER_S DP_STEP_S
        f="PID_clock_${k}_fetch"; s="PID_clock_${k}_sink"
        wait_exit "${!f}" 10
        ms=$(( ($(date +%s%N) - t0) / 1000000 ))
        resent=$(grep -o 'resent=[0-9]*' "$T/clock_${k}_fetch.log" | tail -1)
        check "clock stepped ${step} s under --rate 1000: 2 000 articles in about 2 s ($ms ms, exit $RC, $resent)" \
            [ "$RC" = 0 -a "$ms" -ge 1500 -a "$ms" -le 8000 -a "$resent" = resent=0 ]
        wait_exit "${!s}" 10
        check "clock stepped ${step} s: 2 000 written ($(lines "$C/out.jsonl"))" [ "$(lines "$C/out.jsonl")" -eq 2000 ]
    done

    # ---- seqs across a restart with the clock stepped back: fetch --ack
    # --checkpoint into nothing (--out -, no acks come), killed -9 with 100
    # in flight, started again one hour back on the wall clock. Its seqs
    # began at the clock's microseconds: below the killed run's (a step
    # back of about the run's age gives it the same ones), and an ack meant
    # for the killed run (late in a queue or the sink's batch) acknowledged
    # the new article with that seq, unwritten: lost if lost on the way.
    # Now the seqs start above the checkpoint's, and acks name the run.
    R="$T/reuse"; mkdir -p "$R"
    P2=$((P + 1))
    awk 'BEGIN { for (i = 0; i < 300; i++) printf "{\"id\":\"r%d\",\"text\":\"Le maire. %d.\"}\n", i, i }' > "$R/in.jsonl"
    reuse_run () {  # reuse_run N [METRICS]: run N of fetch, stdout to $R/runN.jsonl
        start "reuse$1_fetch" "$BIN/depeche-fetch" --window 100 --resend-ms 60000 \
            --ack "@ipc://$R/ack" --checkpoint "$R/ck" --out - ${2:+--metrics "127.0.0.1:$2"} \
            "$R/in.jsonl" > "$R/run$1.jsonl"
    }
    seqs () { grep -o '"seq":[0-9]*' "$1" | cut -d: -f2 | sort -n; }
    origin () { grep -o '"origin":{"fetch":"[^"]*"' "$1" | head -1 | cut -d'"' -f6; }
    reuse_run 1
    wait_for 10 bash -c "[ \$(wc -l < '$R/run1.jsonl') -ge 100 ]"
    pkill -9 -P "$PID_reuse1_fetch"; wait_exit "$PID_reuse1_fetch" 10
    export LD_PRELOAD="$T/clock_step.so" DP_STEP_AFTER_S=0 DP_STEP_S=-3600
    export ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0"
    reuse_run 2 "$P2"
    unset LD_PRELOAD DP_STEP_AFTER_S DP_STEP_S
    wait_for 10 bash -c "[ \$(wc -l < '$R/run2.jsonl') -ge 100 ]"
    top1=$(seqs "$R/run1.jsonl" | tail -1); low2=$(seqs "$R/run2.jsonl" | head -1)
    check "restart an hour back: run 2's seqs above run 1's (run 1 up to ${top1:-?}, run 2 from ${low2:-?})" \
        [ "${low2:-0}" -gt "${top1:-0}" ]
    # An ack for run 1 carrying seqs run 2 uses: the sink acknowledges run
    # 2's lines with run 1's origin. Nothing of run 2's is acknowledged.
    o1=$(origin "$R/run1.jsonl")
    sed "s|\"origin\":{\"fetch\":\"[^\"]*\"|\"origin\":{\"fetch\":\"$o1\"|" "$R/run2.jsonl" > "$R/late.jsonl"
    "$BIN/depeche-sink" --in - --write "$R/late_out.jsonl" < "$R/late.jsonl" 2>"$T/reuse_sink.log"
    acks () { curl -s "127.0.0.1:$P2/metrics" | sed -n 's/^depeche_acks_total{[^}]*} //p'; }
    wait_for 3 bash -c "[ \"\$(curl -s 127.0.0.1:$P2/metrics | sed -n 's/^depeche_acks_total{[^}]*} //p')\" -gt 0 ] 2>/dev/null"
    n_acks=$(acks)
    check "an ack meant for the killed run acknowledges nothing in the next ($(grep -o 'acked=[0-9]*' "$T/reuse_sink.log") sent by the sink, ${n_acks:-?} taken)" \
        [ "${n_acks:-x}" = 0 -a "$(grep -c 'acked=100' "$T/reuse_sink.log")" -ge 1 ]
    kill -TERM "$(pgrep -P "$PID_reuse2_fetch")"; wait_exit "$PID_reuse2_fetch" 10
else
    skip "clock stepped: no cc to build the shim"
fi

# ---- a seq reservation with nothing of its source in flight: the
# checkpoint written before the block's first seq goes out named the
# article being sent (read, not yet in the window) as acknowledged. A kill
# -9 before the next checkpoint (one comes only with the next ack), and the
# restart began after it: lost if it was lost on the way (here: the sink
# takes only the first five). The test build reserves 5 seqs a block
# (DP_TEST_SEQ_BLOCK): v0-v4 acked, v5 the first of the next block.
if strings "$BIN/depeche-fetch" | grep -q DP_TEST_SEQ_BLOCK; then
    V="$T/resv"; mkdir -p "$V"
    awk 'BEGIN { for (i = 0; i < 10; i++) printf "{\"id\":\"v%d\",\"text\":\"Le maire. %d.\"}\n", i, i }' > "$V/in.jsonl"
    resv_run () {  # resv_run N: run N of fetch, stdout to $V/runN.jsonl
        start "resv$1_fetch" env DP_TEST_SEQ_BLOCK=5 "$BIN/depeche-fetch" --window 5 \
            --resend-ms 60000 --ack "@ipc://$V/ack" --checkpoint "$V/ck" --out - \
            "$V/in.jsonl" > "$V/run$1.jsonl"
    }
    resv_run 1
    wait_for 10 bash -c "[ \$(wc -l < '$V/run1.jsonl') -ge 5 ]"
    sleep 0.5                               # the next checkpoint comes with the acks
    head -5 "$V/run1.jsonl" | "$BIN/depeche-sink" --in - --write "$V/out.jsonl" 2>"$T/resv_sink.log"
    wait_for 10 bash -c "[ \$(wc -l < '$V/run1.jsonl') -ge 10 ]"
    sleep 0.5
    pkill -9 -P "$PID_resv1_fetch"; wait_exit "$PID_resv1_fetch" 10
    ck=$(head -1 "$V/ck")
    resv_run 2
    wait_for 10 bash -c "[ \$(wc -l < '$V/run2.jsonl') -ge 4 ]"
    sleep 0.3
    pkill -TERM -P "$PID_resv2_fetch"; wait_exit "$PID_resv2_fetch" 10
    check "a reservation with nothing in flight, then kill -9: the restart sends v5 again (checkpoint '${ck##* * * * }', run 2: $(grep -o '"id":"v[0-9]*"' "$V/run2.jsonl" | cut -d'"' -f4 | tr '\n' ' '))" \
        grep -q '"id":"v5"' "$V/run2.jsonl"
else
    skip "seq reservation with nothing in flight: needs the test build (DP_TEST_HOOKS)"
fi

# ---- out of memory for the window's copy of an article (fetch --ack): it
# went out untracked, the window stayed empty, and fetch ended with exit 0
# and a checkpoint past it ("done"): never acknowledged, never resent, never
# read again. A shim fails malloc for the copy's size only
# (tests/integration/malloc_fail.c; a 300 000-byte text, a copy of a few
# hundred bytes more); the test build drops the copy by a hook. Now fetch
# stops (exit 1) and the restart reads it.
# The ASan build's allocator is its own (the shim is not called): there
# (the test build) the hook DP_TEST_NO_COPY drops the copy instead.
O="$T/oom"; mkdir -p "$O"
python3 -c "import json; print(json.dumps({'id': 'big', 'text': 'Le maire de Lyon a parle. ' * 11538}))" > "$O/in.jsonl"
oom_env=
if strings "$BIN/depeche-fetch" | grep -q DP_TEST_NO_COPY; then
    oom_env="DP_TEST_NO_COPY=big"
elif cc -shared -fPIC -O1 -o "$T/malloc_fail.so" "$ROOT/tests/integration/malloc_fail.c" -ldl 2>"$T/cc.log"; then
    oom_env="LD_PRELOAD=$T/malloc_fail.so DP_FAIL_MIN=300100 DP_FAIL_MAX=301000"
fi
if [ -z "$oom_env" ]; then
    skip "out of memory for the window's copy: no test hook and no cc to build the shim"
else
    start oom1_fetch env $oom_env "$BIN/depeche-fetch" \
        --out ">ipc://$O/sink" --ack "@ipc://$O/ack" --checkpoint "$O/ck" "$O/in.jsonl"
    wait_exit "$PID_oom1_fetch" 20
    rc1=$RC; rec=$(cut -d' ' -f5 "$O/ck" 2>/dev/null)
    check "no memory for the window's copy: fetch stops, exit 1, the checkpoint not past it (exit $rc1, record ${rec:-?})" \
        [ "$rc1" = 1 -a "$rec" = 0 ] && grep -q "out of memory for the window's copy" "$T/oom1_fetch.log"
    start oom_sink "$BIN/depeche-sink" --in "@ipc://$O/sink" --write "$O/out.jsonl"
    start oom2_fetch "$BIN/depeche-fetch" --out ">ipc://$O/sink" --ack "@ipc://$O/ack" \
        --checkpoint "$O/ck" "$O/in.jsonl"
    wait_exit "$PID_oom2_fetch" 20; rc2=$RC
    wait_exit "$PID_oom_sink" 20
    check "no memory for the window's copy: the restart delivers it (exit $rc2, $(lines "$O/out.jsonl") written)" \
        [ "$rc2" = 0 -a "$(lines "$O/out.jsonl")" = 1 ]
fi

check_logs
