# The five real processes over ipc:// and tcp://127.0.0.1, compared with the
# same stages chained as Unix filters; bad input of every kind; a garbage
# frame on a socket; end-of-stream drain; SIGTERM under load; a late stage.
source "$(dirname "$0")/lib.sh"

# ---- inputs: the bundled samples plus bad inputs of every kind
IN="$T/in"; mkdir -p "$IN"
cp "$ROOT"/samples/*.html "$ROOT"/samples/*.txt "$ROOT"/samples/*.jsonl "$IN"/
: > "$IN/empty.txt"
head -c 3000 /dev/urandom > "$IN/binary.txt"
printf 'Le pr\xe9sident a parl\xe9 \xe0 Paris. Il est reparti \xff\xfe le soir.\n' > "$IN/latin1.txt"
awk 'BEGIN { for (i = 0; i < 90000; i++) printf "Une phrase de remplissage numero %d.\n", i }' > "$IN/huge.txt"
printf '{"url":"https://example.org/ok","text":"Le ministre Jean Dupont est arrivé à Lyon lundi 23 janvier."}\nthis is not json\n' > "$IN/mixed.jsonl"
N_IN=$(( $(ls "$IN"/*.html "$IN"/*.txt | wc -l) + $(cat "$IN"/*.jsonl | grep -c .) ))
MAX=--max-bytes=3M   # huge.txt (3.3 MB) is over it

# ---- 1. Unix filters: the reference
"$BIN/depeche-fetch" $MAX "$IN" 2>"$T/f-fetch.log" \
  | "$BIN/depeche-clean" $MAX 2>"$T/f-clean.log" \
  | "$BIN/depeche-split" $MAX 2>"$T/f-split.log" \
  | "$BIN/depeche-tag" $MAX 2>"$T/f-tag.log" \
  | "$BIN/depeche-sink" --write "$T/filter.jsonl" 2>"$T/f-sink.log"
check "filter chain writes one record per input ($N_IN)" [ "$(lines "$T/filter.jsonl")" -eq "$N_IN" ]
python3 - "$T/filter.jsonl" <<'PY' && ok "bad inputs are dead letters with a reason; good ones are annotated" || not_ok "bad inputs are dead letters with a reason; good ones are annotated"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
by = {r["source"].rsplit("/", 1)[-1]: r for r in recs}
def err(name, word):
    r = by[name]; assert r.get("error") and word in r["error"], (name, r.get("error"))
err("empty.txt", "empty"); err("binary.txt", "binary"); err("huge.txt", "size limit")
err("mixed.jsonl:2", "malformed")
assert by["mixed.jsonl:2"]["text"] == "this is not json"
lat = by["latin1.txt"]; assert lat["error"] is None and "utf8-repaired" in lat.get("flags", []), lat
assert "\ufffd" in lat["text"]
ok = [r for r in recs if r["error"] is None]
assert len(ok) >= 14, len(ok)
for r in ok:
    t = r["text"].encode()
    assert r["sentences"], r["source"]
    for s in r["sentences"]: assert 0 <= s["start"] < s["end"] <= len(t)
    for e in r.get("entities", []):
        assert t[e["start"]:e["end"]].decode() == e["text"], (r["source"], e)
        assert e["type"] in ("PER","LOC","ORG","MISC","DATE","TIME","MONEY","NUM","PERCENT"), e
assert sum(len(r.get("entities", [])) for r in ok) > 50
PY

# ---- 2. the same over sockets, ipc:// then tcp://127.0.0.1
run_sockets () {   # $1 = label, $2..$6 = endpoints clean split tag sink ack, $SEC = security options
    local label=$1 e_clean=$2 e_split=$3 e_tag=$4 e_sink=$5 e_ack=$6 out="$T/$1.jsonl"
    start "$label-sink"  "$BIN/depeche-sink"  $MAX $SEC --in "@$e_sink" --write "$out"
    start "$label-tag"   "$BIN/depeche-tag"   $MAX $SEC --in "@$e_tag"   --out ">$e_sink"
    start "$label-split" "$BIN/depeche-split" $MAX $SEC --in "@$e_split" --out ">$e_tag"
    start "$label-clean" "$BIN/depeche-clean" $MAX $SEC --in "@$e_clean" --out ">$e_split"
    start "$label-fetch" "$BIN/depeche-fetch" $MAX $SEC --out ">$e_clean" --ack "@$e_ack" "$IN"
    local all_zero=1 p var
    for s in fetch clean split tag sink; do
        var="PID_${label}_$s"; p=${!var}
        wait_exit "$p" 120
        [ "$RC" = 0 ] || { all_zero=0; echo "# $label $s exit: $RC"; }
    done
    check "$label: end of stream drains the pipeline, every stage exits 0" [ $all_zero -eq 1 ]
    check "$label: sink records identical to the filter chain's" \
        cmp -s <(canon "$T/filter.jsonl") <(canon "$out")
    # A resend is allowed: on a loaded machine (the ASan build at load 8)
    # an article can take longer than the 5 s resend timer. The check above
    # (identical records) already says a resend wrote nothing twice.
    check "$label: fetch saw every article acknowledged" \
        grep -qE "acked=$N_IN resent=[0-9]+ unacked=0" "$T/$label-fetch.log"
}
# `start` names use the label; bash variable names cannot hold '-'.
start () {
    local name=$1; shift
    timeout --foreground -s KILL 300 "$@" 2>>"$T/$name.log" &
    local pid=$! v=${name//-/_}
    PIDS+=("$pid"); printf -v "PID_$v" '%s' "$pid"
}
SEC=
run_sockets ipc "ipc://$T/clean.ipc" "ipc://$T/split.ipc" "ipc://$T/tag.ipc" "ipc://$T/sink.ipc" "ipc://$T/ack.ipc"
P=$(( 20000 + RANDOM % 20000 ))
SEC=--insecure
run_sockets tcp "tcp://127.0.0.1:$P" "tcp://127.0.0.1:$((P+1))" "tcp://127.0.0.1:$((P+2))" \
    "tcp://127.0.0.1:$((P+3))" "tcp://127.0.0.1:$((P+4))"

# ---- 3. a garbage frame on a stage's socket is counted and skipped
start g_split sh -c "exec '$BIN/depeche-split' --in '@ipc://$T/g.ipc' --out - --keep-running > '$T/g.out'"
printf 'garbage\n\x08\x96\x01\xff\xff\n' | "$BIN/depeche" push --raw ">ipc://$T/g.ipc" 2>>"$T/push.log"
echo '{"id":"after","text":"Une phrase. Une autre."}' | "$BIN/depeche" push ">ipc://$T/g.ipc" 2>>"$T/push.log"
wait_for 20 grep -q 'dropped malformed frame' "$T/g_split.log"
check "garbage frames: logged, and the stage keeps running" alive "$PID_g_split"
kill -TERM "$PID_g_split"
wait_exit "$PID_g_split" 10
check "garbage frames: SIGTERM still ends the stage with 0" [ "$RC" = 0 ]
check "garbage frames: counted (malformed=2), the next article still processed (in=1 out=1)" \
    grep -q 'in=1 out=1 dead=0 malformed=2' "$T/g_split.log"

# ---- 3b. a dead letter that arrives dead is counted once (the sink sees dead letters)
printf '{"id":"d1","url":"https://x/a","text":"Une phrase.","sentences":[[5,3]]}\n{"id":"d2","url":"https://x/b","text":"Une phrase."}\n' \
    | "$BIN/depeche-sink" --in - --no-link > "$T/doa.jsonl" 2> "$T/doa.log"
check "dead on arrival at the sink: counted once (dead=1 malformed=1), both stored" \
    grep -q 'in=2 stored=2 dead=1 malformed=1' "$T/doa.log"

# ---- 4. SIGTERM while upstream is still pushing: exit 0 within linger + 1 s
awk 'BEGIN { for (i = 0; i < 300000; i++) printf "{\"id\":\"s%d\",\"text\":\"Phrase %d. Et une autre.\"}\n", i, i }' > "$T/many.jsonl"
start t_sink  "$BIN/depeche-sink" --in "@ipc://$T/t2.ipc" --write "$T/t.jsonl"
start t_split "$BIN/depeche-split" --in "@ipc://$T/t1.ipc" --out ">ipc://$T/t2.ipc" --linger-ms 500
start t_fetch "$BIN/depeche-fetch" --hwm 50 --out ">ipc://$T/t1.ipc" "$T/many.jsonl"
wait_for 60 bash -c "[ \$(cat '$T/t.jsonl' 2>/dev/null | wc -l) -gt 100 ]"
t0=$(date +%s%N)
kill -TERM "$PID_t_split"
wait_exit "$PID_t_split" 5
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
check "SIGTERM under load: split exits 0 in ${ms} ms (< 1500)" [ "$RC" = 0 -a "$ms" -lt 1500 ]
check "SIGTERM under load: fetch was still pushing" alive "$PID_t_fetch"
kill -TERM "$PID_t_fetch" "$PID_t_sink" 2>/dev/null
wait_exit "$PID_t_fetch" 10; wait_exit "$PID_t_sink" 10

# ---- 5. a stage that starts late: nothing is lost
start l_fetch "$BIN/depeche-fetch" --out ">ipc://$T/l.ipc" --ack "@ipc://$T/lack.ipc" --resend-ms 2000 "$IN"
sleep 1    # the point of the test: the sink is not there yet
start l_sink "$BIN/depeche-sink" --in "@ipc://$T/l.ipc" --write "$T/late.jsonl"
wait_exit "$PID_l_fetch" 60
check "late sink: fetch finishes once all is acknowledged" [ "$RC" = 0 ]
check "late sink: every article written once" [ "$(lines "$T/late.jsonl")" -eq "$N_IN" ]
kill -TERM "$PID_l_sink" 2>/dev/null; wait_exit "$PID_l_sink" 10

# ---- 6. the README's across-machines shape, on one machine: fetch spreads
# over two "hosts" (clean+split each), a relay feeds two tag instances.
Q=$(( P + 10 ))
start x_relay "$BIN/depeche" relay --insecure "@tcp://127.0.0.1:$Q" "@tcp://127.0.0.1:$((Q+1))"
start x_sink  "$BIN/depeche-sink" $MAX --insecure --in "@tcp://127.0.0.1:$((Q+2))" --write "$T/cross.jsonl"
for h in 0 1; do
    start x_clean$h "$BIN/depeche-clean" $MAX --insecure --in "@tcp://127.0.0.1:$((Q+3+2*h))" --out ">tcp://127.0.0.1:$((Q+4+2*h))" --keep-running
    start x_split$h "$BIN/depeche-split" $MAX --insecure --in "@tcp://127.0.0.1:$((Q+4+2*h))" --out ">tcp://127.0.0.1:$Q" --keep-running
    start x_tag$h   "$BIN/depeche-tag" $MAX --insecure --in ">tcp://127.0.0.1:$((Q+1))" --out ">tcp://127.0.0.1:$((Q+2))" --keep-running
done
start x_fetch "$BIN/depeche-fetch" $MAX --insecure --out ">tcp://127.0.0.1:$((Q+3)),>tcp://127.0.0.1:$((Q+5))" \
    --ack "@tcp://*:$((Q+7))" --advertise "tcp://127.0.0.1:$((Q+7))" --resend-ms 3000 "$IN"
wait_exit "$PID_x_fetch" 120
check "across hosts: fetch ends with every article acknowledged" [ "$RC" = 0 ]
check "across hosts: the records are the filter chain's" cmp -s <(canon "$T/filter.jsonl") <(canon "$T/cross.jsonl")
for p in x_clean0 x_clean1 x_split0 x_split1 x_tag0 x_tag1 x_sink x_relay; do
    v=PID_$p; kill -TERM "${!v}" 2>/dev/null
done
for p in x_clean0 x_clean1 x_split0 x_split1 x_tag0 x_tag1 x_sink x_relay; do
    v=PID_$p; wait_exit "${!v}" 30
    [ "$RC" = 0 ] || not_ok "across hosts: $p exits 0 on SIGTERM ($RC)"
done
check "across hosts: each clean instance cleaned some articles" \
    [ "$(grep -h 'stopped on signal' "$T"/x_clean*.log | grep -vc ' in=0 ')" -eq 2 ]

check_logs
