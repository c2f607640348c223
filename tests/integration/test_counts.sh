# Every input line comes out of the sink, as an article or as a dead
# letter, and the counts add up (the QA round of i-qa15): hostile inputs
# that used to lose articles without a dead letter, through the real
# processes over ipc://.
#   - ids that differ only in bytes the UTF-8 repair replaces (not UTF-8,
#     \u0000, a lone surrogate escape), and URLs so made ids, by fetch from
#     a file and by `depeche push --acked` into --ingest-acked: the sink
#     dropped all but one of each group as copies;
#   - a WARC record with a header line over 64 KB (a URI of 100 KB): the
#     rest of the file was lost behind one "truncated" dead letter.
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

check_logs
