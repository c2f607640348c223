# Every input line comes out of the sink, as an article or as a dead
# letter, and the counts add up (the QA round of i-qa15): hostile inputs
# that used to lose articles without a dead letter, through the real
# processes over ipc://.
#   - ids that differ only in bytes the UTF-8 repair replaces (not UTF-8,
#     \u0000, a lone surrogate escape), and URLs so made ids, by fetch from
#     a file and by `depeche push --acked` into --ingest-acked: the sink
#     dropped all but one of each group as copies;
#   - a WARC record with a header line over 64 KB (a URI of 100 KB): the
#     rest of the file was lost behind one "truncated" dead letter;
#   - a sink whose disk fills up (RLIMIT_FSIZE, as a full disk gives
#     without root): a flush failed, stdio dropped what it held, the next
#     flush succeeded and acknowledged it all, and fetch ended with 2 996
#     of 3 000 articles missing from the database;
#   - a replay under `depeche run` started again after its file was
#     replaced (same name): its checkpoint said "done" and the new
#     records were skipped, exit 0;
#   - (i-qa16) a frame over the next stage's ZMQ_MAXMSGSIZE (a smaller
#     --max-bytes there): dead-lettered by fetch in the end, but as "it
#     may crash a stage";
#   - (i-qa16) the sink's --db folder or --write file removed under it:
#     every batch acknowledged into files gone once the sink exits;
#   - (i-qa16) more than 64 ack endpoints named to the sink: every later
#     fetch got no acks and resent for ever.
source "$(dirname "$0")/lib.sh"

# Lines 1-4: one id once repaired; 5-6: one URL once repaired; 7-8 good.
printf '{"id":"x\303y","text":"Un."}\n{"id":"x\\u0000y","text":"Deux."}\n' > "$T/ids.jsonl"
printf '{"id":"x\377y","text":"Trois."}\n{"id":"x\\ud800y","text":"Quatre."}\n' >> "$T/ids.jsonl"
printf '{"url":"http://a.example/\303","text":"Cinq."}\n' >> "$T/ids.jsonl"
printf '{"url":"http://a.example/\377","text":"Six."}\n' >> "$T/ids.jsonl"
printf '{"id":"g1","text":"Sept."}\n{"id":"g2","text":"Huit."}\n' >> "$T/ids.jsonl"

# pipe NAME FETCH-ARGS...: fetch -> sink over ipc:// with acknowledgements;
# sets OUT to the sink's JSON lines.
pipe () {
    local name=$1; shift
    local d="$T/$name"
    mkdir -p "$d"
    OUT="$d/out.jsonl"
    start "${name}_sink" "$BIN/depeche-sink" --in "@ipc://$d/sink" --write "$OUT"
    start "${name}_fetch" "$BIN/depeche-fetch" --out ">ipc://$d/sink" --ack "@ipc://$d/ack" "$@"
    local v="PID_${name}_fetch" s="PID_${name}_sink"
    wait_exit "${!v}" 60
    check "$name: fetch ends once all is acknowledged (exit $RC)" [ "$RC" = 0 ]
    wait_exit "${!s}" 30
}

pipe ids "$T/ids.jsonl"
check "ids from a file: 8 lines in, 8 written ($(lines "$OUT"))" [ "$(lines "$OUT")" -eq 8 ]
check "ids from a file: 8 distinct ids" [ "$(grep -o '"id":"[^"]*"' "$OUT" | sort -u | wc -l)" -eq 8 ]
check "ids from a file: no duplicate suppressed" grep -q 'duplicates=0 ' "$T/ids_sink.log"

# The same lines pushed with acknowledgements into a running fetch.
d="$T/push"; mkdir -p "$d"
start push_sink "$BIN/depeche-sink" --in "@ipc://$d/sink" --write "$d/out.jsonl" --keep-running
start push_fetch "$BIN/depeche-fetch" --ingest-acked "@ipc://$d/in" --out ">ipc://$d/sink" \
    --ack "@ipc://$d/ack"
timeout 60 "$BIN/depeche" push --acked ">ipc://$d/in" < "$T/ids.jsonl" 2>>"$T/push.log"
check "push --acked: every line acknowledged (exit $?)" [ $? -eq 0 ]
check "push --acked: 8 lines in, 8 written ($(lines "$d/out.jsonl"))" [ "$(lines "$d/out.jsonl")" -eq 8 ]
check "push --acked: 8 distinct ids" \
    [ "$(grep -o '"id":"[^"]*"' "$d/out.jsonl" | sort -u | wc -l)" -eq 8 ]
kill -TERM "$PID_push_fetch" "$PID_push_sink"
wait_exit "$PID_push_fetch" 15; wait_exit "$PID_push_sink" 15

# A WARC of 4 pages, the second with a URI of 100 KB; gzip of one member
# per record as well. fetch -> sink: the pages are dead letters for want
# of clean's text, which is enough to count them.
/usr/bin/python3 - "$T" <<'PY'
import gzip, sys
t = sys.argv[1]
def rec(uri):
    # (the sink's ids are made of the URIs: w. in one file, z. in the other)
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
            b"<html><body><p>Le ministre est venu. Il a parl\xc3\xa9.</p></body></html>")
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri +
            b"\r\nContent-Length: " + str(len(http)).encode() + b"\r\n\r\n")
    return head + http + b"\r\n\r\n"
recs = [rec(b"http://w.example/1"), rec(b"http://w.example/" + b"u" * 100000),
        rec(b"http://w.example/3"), rec(b"http://w.example/4")]
open(t + "/long.warc", "wb").write(b"".join(recs))
recs = [r.replace(b"//w.", b"//z.") for r in recs]
open(t + "/long.warc.gz", "wb").write(b"".join(gzip.compress(r) for r in recs))
PY
pipe warc "$T/long.warc" "$T/long.warc.gz"
check "WARC with a 100 KB header line: 8 records in, 8 written ($(lines "$OUT"))" \
    [ "$(lines "$OUT")" -eq 8 ]
check "WARC: the pages after the long line come out" \
    [ "$(grep -c '"url":"http://[wz].example/[34]"' "$OUT")" -eq 4 ]
check "WARC: the long line's record is a dead letter that says so" \
    [ "$(grep -c '"error":"WARC record 2 at byte [0-9]* has a header line over 64 KB' "$OUT")" -eq 2 ]

# full KIND KB OUTPUT-OPTIONS...: 3 000 articles, fetch -> a sink that may
# write only KB kilobytes (a full disk: EFBIG, SIGXFSZ ignored as a daemon
# would; the database needs room for its tables first); it must stop without acknowledging what is not on disk. A sink
# restarted with room then gets the rest: each article once.
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "{\"id\":\"f%d\",\"text\":\"Le ministre est arrivé à Lyon. Il a vu M. Dupont (n° %d).\"}\n", i, i }' > "$T/full.jsonl"
full () {
    local kind=$1 kb=$2; shift 2
    local d="$T/full_$kind"
    mkdir -p "$d"
    start "full_${kind}_sink1" bash -c 'trap "" XFSZ; ulimit -f "$0"; exec "$@"' "$kb" \
        "$BIN/depeche-sink" --in "@ipc://$d/sink" --keep-running "$@"
    start "full_${kind}_fetch" "$BIN/depeche-fetch" --resend-ms 300 --max-resends 1000 \
        --out ">ipc://$d/sink" --ack "@ipc://$d/ack" "$T/full.jsonl"
    local s="PID_full_${kind}_sink1" f="PID_full_${kind}_fetch"
    # the sink stops (before the fix it went on, and fetch ended)
    wait_for 120 sh -c "! kill -0 ${!s} 2>/dev/null || ! kill -0 ${!f} 2>/dev/null"
    check "full disk ($kind): the sink stops, fetch waits for what is unacknowledged" \
        sh -c "! kill -0 ${!s} 2>/dev/null && kill -0 ${!f} 2>/dev/null"
    wait_exit "${!s}" 15
    check "full disk ($kind): the sink exits 1 ($RC)" [ "$RC" = 1 ]
    if alive "${!s}"; then pkill -9 -P "${!s}"; kill -9 "${!s}"; fi
    start "full_${kind}_sink2" "$BIN/depeche-sink" --in "@ipc://$d/sink" --keep-running "$@"
    wait_exit "${!f}" 120
    check "full disk ($kind): fetch ends once the restarted sink has it all (exit $RC)" [ "$RC" = 0 ]
    s="PID_full_${kind}_sink2"
    kill -TERM "${!s}"; wait_exit "${!s}" 15
}
full jsonl 100 --write "$T/full_jsonl/out.jsonl"
check "full disk (jsonl): 3000 in, 3000 lines, 3000 ids" \
    [ "$(lines "$T/full_jsonl/out.jsonl")" -eq 3000 -a \
      "$(grep -o '"id":"f[0-9]*"' "$T/full_jsonl/out.jsonl" | sort -u | wc -l)" -eq 3000 ]
full db 300 --db "$T/full_db/out.db"
check "full disk (db): 3000 in, 3000 rows, 3000 ids, integrity ok" \
    [ "$(sqlite3 "$T/full_db/out.db" 'select count(*), count(distinct id) from articles; pragma integrity_check' | tr '\n' ' ')" = "3000|3000 ok " ]

# replay twice under the supervisor, the file replaced in between
R="$T/replay"; mkdir -p "$R/arch"
awk 'BEGIN { for (i = 0; i < 300; i++) printf "{\"id\":\"r1-%d\",\"text\":\"Le ministre. Un %d.\"}\n", i, i }' > "$R/arch/latest.jsonl"
cat > "$R.conf" <<CONF
rundir $R/run
stage fetch 1 $R/arch/
stage clean 1
stage split 1
stage tag 1
stage sink 1 --write $R/out.jsonl
CONF
start replay1 "$BIN/depeche" run "$R.conf"
wait_exit "$PID_replay1" 120
check "replay: the first run ends (exit $RC) with its 300 ($(lines "$R/out.jsonl"))" \
    [ "$RC" = 0 -a "$(lines "$R/out.jsonl")" -eq 300 ]
awk 'BEGIN { for (i = 0; i < 400; i++) printf "{\"id\":\"r2-%d\",\"text\":\"Le ministre. Deux %d.\"}\n", i, i }' > "$R/arch/.new"
mv "$R/arch/.new" "$R/arch/latest.jsonl"
start replay2 "$BIN/depeche" run "$R.conf"
wait_exit "$PID_replay2" 120
check "replay: the file replaced, a second run writes its 400 ($(grep -c '"id":"r2-' "$R/out.jsonl"))" \
    [ "$RC" = 0 -a "$(grep -c '"id":"r2-' "$R/out.jsonl")" -eq 400 ]

# ---- a stage with a smaller --max-bytes than fetch's: ZeroMQ drops a frame
# over its ZMQ_MAXMSGSIZE with the connection, unseen by the stage. fetch's
# window resends the article, makes it a suspect and, lost every time
# alone, dead-letters it; its reason said "it may crash a stage" (a 30 MB
# article behind a stage at the default 4M: 8 minutes, then that). Now it
# names the frame's size and the --max-bytes that would take it. Here the
# sink at 512K (frames up to 3.3 MB) and a 3.6 MB article among 40.
M="$T/maxmsg"; mkdir -p "$M"
python3 - "$M/in.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(40):
        if i == 20:
            f.write(json.dumps({"id": "big", "text": "Le maire de Lyon a parle hier. " * 120000}) + "\n")
        f.write(json.dumps({"id": "m%d" % i, "text": "Le maire de Lyon a parlé hier, %d." % i}) + "\n")
PY
start maxmsg_sink "$BIN/depeche-sink" --in "@ipc://$M/sink" --write "$M/out.jsonl" --max-bytes 512K
start maxmsg_fetch "$BIN/depeche-fetch" --out ">ipc://$M/sink" --ack "@ipc://$M/ack" \
    --resend-ms 200 --max-resends 1 "$M/in.jsonl"
wait_exit "$PID_maxmsg_fetch" 120
check "frame over a stage's limit: fetch ends (exit $RC), the 40 others whole ($(grep -c '"error":null' "$M/out.jsonl"))" \
    [ "$RC" = 0 -a "$(grep -c '"error":null' "$M/out.jsonl")" -eq 40 ]
wait_exit "$PID_maxmsg_sink" 30
echo "# $(grep -o '"id":"big".*"error":"[^"]*"' "$M/out.jsonl" | grep -o '"error":"[^"]*"')"
check "frame over a stage's limit: a dead letter naming its size and the --max-bytes that takes it" \
    grep -q '"id":"big".*"error":"retries exhausted: lost every time it was sent alone; a frame of [0-9]* bytes is refused by a stage whose --max-bytes is under [0-9]*K' "$M/out.jsonl"

# ---- the sink's output removed under it (its folder cleaned away, a file
# deleted): SQLite and stdio go on writing into the files they have open,
# gone once the sink exits, and every batch was acknowledged: 300 of 300
# lost, fetch exit 0. Now the sink stops at its next batch (exit 1,
# nothing more acknowledged); started again once there is a folder, it
# writes what fetch sends again.
sq_count () { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM articles").fetchone()[0])' "$1" 2>/dev/null || echo 0; }
for kind in db jsonl; do
    V="$T/gone-$kind"; mkdir -p "$V/out"
    awk -v k="$kind" 'BEGIN { for (i = 0; i < 300; i++) printf "{\"id\":\"%s%d\",\"text\":\"Le maire. %d.\"}\n", k, i, i }' > "$V/in.jsonl"
    if [ "$kind" = db ]; then OUTOPT=(--db "$V/out/news.db" --write /dev/null); else OUTOPT=(--write "$V/out/out.jsonl"); fi
    start "gone_${kind}_sink" "$BIN/depeche-sink" --in "@ipc://$V/sink" "${OUTOPT[@]}"
    wait_for 10 test -e "$V/out/$([ "$kind" = db ] && echo news.db || echo out.jsonl)"
    rm -rf "$V/out"
    start "gone_${kind}_fetch" "$BIN/depeche-fetch" --out ">ipc://$V/sink" --ack "@ipc://$V/ack" \
        --resend-ms 500 "$V/in.jsonl"
    s="PID_gone_${kind}_sink"; f="PID_gone_${kind}_fetch"
    wait_exit "${!s}" 20
    check "output removed ($kind): the sink stops, acknowledging nothing more (exit $RC)" [ "$RC" = 1 ]
    mkdir -p "$V/out"
    start "gone_${kind}_sink2" "$BIN/depeche-sink" --in "@ipc://$V/sink" "${OUTOPT[@]}"
    wait_exit "${!f}" 60
    check "output removed ($kind): fetch ends once the restarted sink has it (exit $RC)" [ "$RC" = 0 ]
    s="PID_gone_${kind}_sink2"; wait_exit "${!s}" 30
    if [ "$kind" = db ]; then n=$(sq_count "$V/out/news.db"); else n=$(lines "$V/out/out.jsonl"); fi
    check "output removed ($kind): 300 in, $n written where the output is" [ "$n" -eq 300 ]
done

# ---- more ack endpoints than the sink keeps (64): articles whose origins
# name 80 made-up ones (a hostile producer, or many fetch ids over a
# sink's life), then a real fetch. The sink refused every endpoint past
# the 64th: the fetch's 100 articles were written, never acknowledged,
# and resent for ever. Now the endpoint named least recently is forgotten.
A="$T/peers"; mkdir -p "$A"
start peers_sink "$BIN/depeche-sink" --in "@ipc://$A/sink" --write "$A/out.jsonl" --keep-running
for i in $(seq 0 79); do
    printf '{"id":"bog%d","text":"Le maire.","seq":%d,"origin":{"fetch":"f%d","ack":"ipc://%s/bog%d"}}\n' $i $i $i "$A" $i
done | "$BIN/depeche" push ">ipc://$A/sink" 2>>"$T/peers_push.log"
wait_for 20 bash -c "[ \$(grep -c . '$A/out.jsonl' 2>/dev/null) -ge 80 ]"
awk 'BEGIN { for (i = 0; i < 100; i++) printf "{\"id\":\"p%d\",\"text\":\"Le maire. %d.\"}\n", i, i }' > "$A/in.jsonl"
start peers_fetch "$BIN/depeche-fetch" --out ">ipc://$A/sink" --ack "@ipc://$A/ack" --resend-ms 500 "$A/in.jsonl"
wait_exit "$PID_peers_fetch" 30
check "80 made-up ack endpoints, then a fetch: it ends, all acknowledged (exit $RC, $(grep -o ' acked=[0-9]*' "$T/peers_fetch.log" | tail -1))" \
    [ "$RC" = 0 ]
check "80 made-up ack endpoints, then a fetch: its 100 written once ($(grep -c '"id":"p' "$A/out.jsonl"))" \
    [ "$(grep -c '"id":"p' "$A/out.jsonl")" -eq 100 ]
kill -TERM "$PID_peers_sink" 2>/dev/null; pkill -TERM -P "$PID_peers_sink" 2>/dev/null
wait_exit "$PID_peers_sink" 20

# ---- one fetch restarted 70 times under one sink: each run names itself
# "ID#TOKEN" (a59f756), and each was a peer of its own: 64 sockets
# connected to the one ack endpoint, then "more than 64 fetch instances"
# and evictions. A new run of a known fetch at its endpoint now takes the
# run before's place. Then a real run of that fetch: all acknowledged.
R="$T/runs"; mkdir -p "$R"
start runs_sink "$BIN/depeche-sink" --in "@ipc://$R/sink" --write "$R/out.jsonl" --keep-running
for i in $(seq 0 69); do
    printf '{"id":"run%d","text":"Le maire.","seq":%d,"origin":{"fetch":"again#%016x","ack":"ipc://%s/ack"}}\n' $i $i $i "$R"
done | "$BIN/depeche" push ">ipc://$R/sink" 2>>"$T/runs_push.log"
wait_for 20 bash -c "[ \$(grep -c . '$R/out.jsonl' 2>/dev/null) -ge 70 ]"
awk 'BEGIN { for (i = 0; i < 100; i++) printf "{\"id\":\"q%d\",\"text\":\"Le maire. %d.\"}\n", i, i }' > "$R/in.jsonl"
start runs_fetch "$BIN/depeche-fetch" --id again --out ">ipc://$R/sink" --ack "@ipc://$R/ack" --resend-ms 500 "$R/in.jsonl"
wait_exit "$PID_runs_fetch" 30
check "70 runs of one fetch, then a run: it ends, all acknowledged (exit $RC, $(grep -o ' acked=[0-9]*' "$T/runs_fetch.log" | tail -1))" \
    [ "$RC" = 0 ]
check "70 runs of one fetch: the sink keeps one peer for them ($(grep -c 'more than 64' "$T/runs_sink.log") 'more than 64' warnings)" \
    [ "$(grep -c 'more than 64' "$T/runs_sink.log")" -eq 0 ]
kill -TERM "$PID_runs_sink" 2>/dev/null; pkill -TERM -P "$PID_runs_sink" 2>/dev/null
wait_exit "$PID_runs_sink" 20

check_logs
