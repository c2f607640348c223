# /metrics and /healthz on every stage (issue 9): the text parses as
# Prometheus exposition, the counters match what was sent.
source "$(dirname "$0")/lib.sh"

P=$(( 30000 + RANDOM % 20000 ))
N=50
awk -v n=$N 'BEGIN { for (i = 0; i < n; i++) printf "{\"id\":\"k%d\",\"text\":\"Le ministre est à Lyon. Il part lundi.\"}\n", i }' > "$T/in.jsonl"
start m_sink  "$BIN/depeche-sink"  --in "@ipc://$T/4" --write "$T/out.jsonl" --keep-running --metrics "127.0.0.1:$((P+4))"
start m_tag   "$BIN/depeche-tag"   --in "@ipc://$T/3" --out ">ipc://$T/4" --metrics "127.0.0.1:$((P+3))" --keep-running
start m_split "$BIN/depeche-split" --in "@ipc://$T/2" --out ">ipc://$T/3" --metrics "127.0.0.1:$((P+2))" --keep-running
start m_clean "$BIN/depeche-clean" --in "@ipc://$T/1" --out ">ipc://$T/2" --metrics "127.0.0.1:$((P+1))" --keep-running
wait_for 20 curl -sf "http://127.0.0.1:$((P+1))/healthz" -o /dev/null
"$BIN/depeche-fetch" --out ">ipc://$T/1" --ack "@ipc://$T/ack" "$T/in.jsonl" 2>"$T/m_fetch.log" &
fpid=$!
wait_for 30 bash -c "[ \$(cat '$T/out.jsonl' 2>/dev/null | wc -l) -ge $N ]"
wait "$fpid"
# parse every scrape with a small Prometheus text parser
cat > "$T/parse.py" <<'PY'
import re, sys
line_re = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*)?\})? (-?[0-9.eE+-]+|[+-]Inf|NaN)$')
types, samples = {}, {}
for raw in open(sys.argv[1]):
    l = raw.rstrip("\n")
    if l.startswith("# TYPE "):
        _, _, name, kind = l.split(" ", 3)
        assert kind in ("counter", "gauge", "histogram", "summary", "untyped"), l
        types[name] = kind
        continue
    if l.startswith("#") or not l:
        continue
    m = line_re.match(l)
    assert m, "not Prometheus text: %r" % l
    name = m.group(1)
    base = re.sub(r'_(bucket|sum|count|total)$', '', name)
    assert name in types or base in types or base + "_total" in types or name.replace("_total", "") in types, "no TYPE for %s" % name
    samples[name] = float(m.group(5))
want = dict(a.split("=") for a in sys.argv[2:])
for k, v in want.items():
    assert samples.get(k) == float(v), "%s = %s, want %s" % (k, samples.get(k), v)
PY
ok_all=1
for i in 1 2 3; do
    curl -sf "http://127.0.0.1:$((P+i))/metrics" > "$T/scrape$i.txt" || ok_all=0
    python3 "$T/parse.py" "$T/scrape$i.txt" depeche_articles_in_total=$N depeche_articles_out_total=$N \
        depeche_processing_seconds_count=$N 2>>"$T/parse.log" || ok_all=0
done
check "metrics: clean, split and tag each counted $N in and out, in valid Prometheus text" [ $ok_all -eq 1 ]
curl -sf "http://127.0.0.1:$((P+4))/metrics" > "$T/scrape4.txt"
check "metrics: the sink counted $N written and $N acks" \
    python3 "$T/parse.py" "$T/scrape4.txt" depeche_written_total=$N depeche_acks_sent_total=$N
check "metrics: build info is there" grep -q 'depeche_build_info{stage="clean",version=' "$T/scrape1.txt"
check "metrics: /healthz says ok" bash -c "curl -sf http://127.0.0.1:$((P+2))/healthz | grep -qx ok"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((P+2))/nothing")
check "metrics: an unknown path is a 404 ($code)" [ "$code" = 404 ]
"$BIN/depeche-split" --in "@ipc://$T/x" --metrics "127.0.0.1:$((P+2))" 2>"$T/busy.log"
check "metrics: a busy metrics port is a clear error, exit 2" [ $? -eq 2 ]
for s in clean split tag sink; do v=PID_m_$s; kill -TERM "${!v}"; done
for s in clean split tag sink; do v=PID_m_$s; wait_exit "${!v}" 15; done
check_logs
