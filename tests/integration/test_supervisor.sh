# `depeche run`: kill -9 of a stage mid-stream (twice, the sink included)
# loses nothing and duplicates nothing; SIGTERM stops everything cleanly.
source "$(dirname "$0")/lib.sh"

N=20000
awk -v n=$N 'BEGIN { for (i = 0; i < n; i++)
    printf "{\"id\":\"a%d\",\"text\":\"Le ministre Jean Martin est arrivé à Lyon le 9 septembre. Il a rencontré M. Dupont, numéro %d.\"}\n", i, i }' > "$T/many.jsonl"
cat > "$T/run.conf" <<CONF
# two tag instances, a small window and fast resends
rundir $T/run
stage fetch 1 --window 200 --resend-ms 1000 $T/many.jsonl
stage clean 1
stage split 1
stage tag 2
stage sink 1 --write $T/out.jsonl
CONF

MP=$(( 30000 + RANDOM % 20000 ))
start sup "$BIN/depeche" run --metrics "127.0.0.1:$MP" "$T/run.conf"
pid_of () { pgrep -f "[d]epeche-$1 .*$T/run" | head -1; }
wait_for 60 bash -c "[ \$(cat '$T/out.jsonl' 2>/dev/null | wc -l) -gt 500 ]"
victim=$(pid_of clean)
kill -9 "$victim" 2>/dev/null
check "kill -9 clean: the supervisor starts a new one" \
    wait_for 30 bash -c "p=\$(pgrep -f '[d]epeche-clean .*$T/run' | head -1); [ -n \"\$p\" ] && [ \"\$p\" != $victim ]"
wait_for 60 bash -c "[ \$(cat '$T/out.jsonl' 2>/dev/null | wc -l) -gt 5000 ]"
victim=$(pid_of sink)
kill -9 "$victim" 2>/dev/null
check "kill -9 sink: the supervisor starts a new one" \
    wait_for 30 bash -c "p=\$(pgrep -f '[d]epeche-sink .*$T/run' | head -1); [ -n \"\$p\" ] && [ \"\$p\" != $victim ]"
curl -s "http://127.0.0.1:$MP/metrics" > "$T/sup-metrics.txt"
check "the supervisor's /metrics counts the 2 restarts and 6 instances" \
    bash -c "grep -q 'depeche_restarts_total{stage=\"supervisor\"} 2' '$T/sup-metrics.txt' \
             && grep -q 'depeche_instances{stage=\"supervisor\"} 6' '$T/sup-metrics.txt'"
wait_exit "$PID_sup" 240
check "the run ends by itself once all is written (exit $RC)" [ "$RC" = 0 ]
check "every article written exactly once ($N lines, $N ids)" \
    [ "$(lines "$T/out.jsonl")" -eq $N -a "$(grep -o '"id":"a[0-9]*"' "$T/out.jsonl" | sort -u | wc -l)" -eq $N ]
check "the status line reports the restarts" grep -q 'restarts=1' "$T/sup.log"
check "the sink's status line says what it stored (stored=N), not out=0" \
    bash -c "grep -q 'sink .* stored=[1-9]' '$T/sup.log' && ! grep -q 'sink .* out=' '$T/sup.log'"
check "both tag instances did work" \
    [ "$(grep -c . "$T"/run/log/tag-1.log)" -ge 1 -a "$(grep -h 'stopped' "$T"/run/log/tag-*.log | grep -vc 'in=0 ')" -eq 2 ]

# SIGTERM to the supervisor: every stage stops, exit 0
sed -i "s|rundir .*|rundir $T/run2|; s|--write .*|--write $T/out2.jsonl|" "$T/run.conf"
start sup2 "$BIN/depeche" run "$T/run.conf"
wait_for 60 bash -c "[ \$(cat '$T/out2.jsonl' 2>/dev/null | wc -l) -gt 100 ]"
kill -TERM "$PID_sup2"
wait_exit "$PID_sup2" 15
check "SIGTERM: the supervisor exits 0 ($RC)" [ "$RC" = 0 ]
check "SIGTERM: no stage left running" wait_for 5 bash -c "! pgrep -f '[d]epeche-.*$T/run2' >/dev/null"
check "SIGTERM: what was written is whole JSON lines" \
    python3 -c "import json,sys; [json.loads(l) for l in open('$T/out2.jsonl')]"

# A bad config is a usage error
echo "stage fetch" > "$T/bad.conf"
"$BIN/depeche" run "$T/bad.conf" 2>>"$T/bad.log"
check "a bad config: exit 2 with the reason" [ $? -eq 2 ]
cp "$T"/run/log/*.log "$T/" 2>/dev/null
# SIGTERM while the supervisor starts its stages: a signal between a fork
# and its exec ran the handler the child inherited (its byte went into the
# supervisor's pipe); that stage ran on until it was killed -9 after the
# 5 s grace (1 to 5 of 12 tries at 2-8 ms on main, by load). Each try must end in a second
# or two, no stage killed.
slow=0 tries=""
for d in 0.004 0.005 0.006 0.007 0.008 0.009 0.010 0.012 0.016 0.024 0.032 0.05; do
    r="$T/early$d"
    sed "s|^rundir .*|rundir $r|; s|^stage sink 1 .*|stage sink 1 --write $r.jsonl|" "$T/run.conf" > "$r.conf"
    "$BIN/depeche" run "$r.conf" 2>"$r.log" &
    p=$!; PIDS+=("$p")
    sleep "$d"                          # the point: a signal during the start
    kill -TERM "$p"
    wait_exit "$p" 4 || { pkill -9 -P "$p"; kill -9 "$p"; slow=$((slow + 1)); }
    grep -q 'killing them' "$r.log" && slow=$((slow + 1))
    tries="$tries $d:$RC"
    wait_for 5 bash -c "! pgrep -f '[d]epeche-.*$r/' >/dev/null"
done
echo "# SIGTERM during the start (delay s:exit):$tries"
check "SIGTERM during the start: every stage stops at once, none killed after the grace ($slow of 12 slow)" \
    [ "$slow" -eq 0 ]

# SIGHUP (a closed terminal, a reload, a log rotation's kill -HUP): on main
# it killed the supervisor alone (exit 129), its stages running on without
# it. Now a stop like SIGTERM: exit 0, no stage left.
r="$T/hup"
sed "s|^rundir .*|rundir $r|; s|^stage sink 1 .*|stage sink 1 --write $r.jsonl|" "$T/run.conf" > "$r.conf"
"$BIN/depeche" run "$r.conf" 2>"$r.log" &
p=$!; PIDS+=("$p")
wait_for 30 bash -c "[ \$(cat '$r.jsonl' 2>/dev/null | wc -l) -gt 100 ]"
kill -HUP "$p"
wait_exit "$p" 20
check "SIGHUP: the supervisor stops the stages and exits 0 ($RC)" [ "$RC" = 0 ]
check "SIGHUP: no stage left running" wait_for 5 bash -c "! pgrep -f '[d]epeche-.*$r/' >/dev/null"

check_logs
