#!/bin/bash
# fetch's sources with the real binary: the WARC files of ../shared/eval/warc
# (when present: HTML 200 responses read = articles out), a truncated copy,
# --watch (files dropped in come out once; a file written slowly only when
# complete), --follow (appended lines; rotation loses nothing), --ingest with
# `depeche push`. Prints ok / not ok / skip lines.
source "$(dirname "$0")/lib.sh"
F=$BIN/depeche-fetch
WARC_DIR=${DP_WARC_DIR:-$ROOT/../shared/eval/warc}
export DP_NO_PROGRESS=1

# count FILE: articles (lines) and dead letters of a fetch output.
count () { wc -l < "$1" | tr -d ' '; }
dead () { grep -c '"error":"' "$1"; }

# --- WARC files --------------------------------------------------------------
if [ -f "$WARC_DIR/MANIFEST.tsv" ]; then
    for w in "$WARC_DIR"/*.warc.gz; do
        name=$(basename "$w")
        want=$(awk -F'\t' -v f="$name" '$1 == f && $14 == "yes"' "$WARC_DIR/MANIFEST.tsv" | wc -l)
        recs=$(awk -F'\t' -v f="$name" '$1 == f' "$WARC_DIR/MANIFEST.tsv" | wc -l)
        "$F" "$w" > "$T/$name.out" 2> "$T/warc-$name.log"
        got=$(count "$T/$name.out")
        skipped=$(sed -n 's/.*warc_skipped=\([0-9]*\).*/\1/p' "$T/warc-$name.log")
        check "warc $name: $want HTML 200 responses, $got articles out; $skipped of $recs records skipped" \
            test "$got" -eq "$want" -a "$((got + skipped))" -eq "$recs"
    done
    # clipped.warc.gz is itself cut short: its one page is a dead letter
    # that says where.
    if [ -f "$WARC_DIR/clipped.warc.gz" ]; then
        check "warc clipped.warc.gz: the damaged record is a dead letter with a byte offset" \
            grep -q '"error":"truncated WARC record.*byte' "$T/clipped.warc.gz.out"
    fi
else
    skip "warc: $WARC_DIR not present"
fi

# A WARC made here (so the test runs without the eval files), then cut.
python3 - "$T/made.warc.gz" <<'EOF'
import gzip, sys
out = open(sys.argv[1], "wb")
for i in range(40):
    body = ("<html><head><meta charset=windows-1252></head><p>Page %d caf\xe9</p></html>" % i).encode("cp1252")
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    for typ, block in ((b"request", b"GET / HTTP/1.1\r\n\r\n"), (b"response", http)):
        rec = (b"WARC/1.0\r\nWARC-Type: " + typ + b"\r\nWARC-Target-URI: http://x.example/%d\r\n" % i
               + b"WARC-Date: 2024-05-0%dT00:00:00Z\r\nContent-Length: %d\r\n\r\n" % (1 + i % 9, len(block))
               + block + b"\r\n\r\n")
        out.write(gzip.compress(rec))
EOF
"$F" "$T/made.warc.gz" > "$T/made.out" 2>"$T/made.log"
check "warc made here: 40 pages, 40 requests skipped, 'café' in UTF-8" \
    test "$(count "$T/made.out")" -eq 40 -a "$(grep -c 'café' "$T/made.out")" -eq 40
size=$(stat -c %s "$T/made.warc.gz")
head -c $((size / 2)) "$T/made.warc.gz" > "$T/cut.warc.gz"
printf '{"text":"next input"}\n' > "$T/next.jsonl"
"$F" "$T/cut.warc.gz" "$T/next.jsonl" > "$T/cut.out" 2>"$T/cut.log"
rc=$?
good=$(grep -vc '"error":"' "$T/cut.out")
check "truncated WARC copy: exit 0, $((good - 1)) complete pages, then one dead letter with the byte offset, then the next input" \
    test $rc -eq 0 -a "$(dead "$T/cut.out")" -eq 1 -a "$good" -ge 15 \
         -a "$(tail -1 "$T/cut.out" | grep -c 'next input')" -eq 1
check "truncated WARC copy: the damage names the file and a byte offset" \
    grep -q 'cut.warc.gz:[0-9]*","error":"[^"]*WARC record [0-9]* at byte [0-9]*' "$T/cut.out"

# --- --watch -----------------------------------------------------------------
S=$T/spool
mkdir -p "$S"
printf '{"text":"already there"}\n' > "$S/a0.jsonl"
start watch "$F" --watch "$S" --out - > "$T/watch.out"
wait_for 10 grep -q 'already there' "$T/watch.out"
for i in 1 2 3 4 5; do
    printf '{"text":"dropped %d"}\n{"text":"dropped %d bis"}\n' $i $i > "$S/.tmp$i"
    mv "$S/.tmp$i" "$S/f$i.jsonl"               # renamed in: IN_MOVED_TO
done
cp "$T/made.warc.gz" "$S/pages.warc.gz"        # closed after write
# A file written slowly: its first line must not come out before it is closed.
exec 7>"$S/slow.jsonl"
printf '{"text":"slow 1"}\n' >&7
sleep 1
early=$(grep -c 'slow 1' "$T/watch.out")
printf '{"text":"slow 2"}\n' >&7
exec 7>&-
wait_for 15 grep -q 'slow 2' "$T/watch.out"
sleep 0.5
check "watch: a file written slowly is read only once closed" test "$early" -eq 0
check "watch: every file (one there at start, 5 renamed in, a WARC, the slow one) out once" \
    test "$(count "$T/watch.out")" -eq $((1 + 10 + 40 + 2)) \
         -a "$(sort "$T/watch.out" | cut -d, -f1 | sort | uniq -d | wc -l)" -eq 0
check "watch: processed files moved to done/" \
    test "$(ls "$S/done" | wc -l)" -eq 8 -a "$(ls "$S" | grep -vc '^done$')" -eq 0
kill -TERM "$PID_watch" 2>/dev/null; pkill -TERM -P "$PID_watch" 2>/dev/null
wait_exit "$PID_watch" 10
check "watch: SIGTERM ends it with 0 (no EOS before)" test "$RC" = 0

# --- --follow ----------------------------------------------------------------
L=$T/live.jsonl
printf '{"text":"old line"}\n' > "$L"
start follow "$F" --follow "$L" --out - > "$T/follow.out"
sleep 0.5
for i in $(seq 1 50); do printf '{"text":"line %d"}\n' $i >> "$L"; done
wait_for 10 grep -q '"line 50"' "$T/follow.out"
mv "$L" "$L.1"                                  # rotation
for i in $(seq 51 60); do printf '{"text":"line %d"}\n' $i >> "$L.1"; done   # late writes to the old file
for i in $(seq 61 100); do printf '{"text":"line %d"}\n' $i >> "$L"; done
wait_for 10 grep -q '"line 100"' "$T/follow.out"
sleep 0.3
check "follow: lines appended after start come out, the old one does not" \
    test "$(grep -c '"old line"' "$T/follow.out")" -eq 0
n=$(grep -c '"line [0-9]*"' "$T/follow.out")
check "follow: rotation loses nothing (100 of 100 lines, none twice)" \
    test "$n" -eq 100 -a "$(grep -o '"line [0-9]*"' "$T/follow.out" | sort -u | wc -l)" -eq 100
kill -TERM "$PID_follow" 2>/dev/null; pkill -TERM -P "$PID_follow" 2>/dev/null
wait_exit "$PID_follow" 10
check "follow: SIGTERM ends it with 0" test "$RC" = 0

# --- replay: valid lines passed through ----------------------------------------
# A .jsonl.gz to JSON lines passes a valid flat line through with id, source,
# seq and trace spliced in; every other line is read the long way. Both ways
# give the same articles (DP_FETCH_NO_PASS turns the pass-through off).
{
    printf '{"url":"http://r.example/1","title":"Un","text":"caf\xc3\xa9 \\u00e9 \\"q\\""}\n'
    printf '{"id":"own","html":"<p>x<\\/p>","lang":null}\n'
    printf '{"url":"http:\\/\\/r.example\\/esc","text":"escaped url, no id"}\n'
    printf '{"text":"has a source","source":"mine"}\n'
    printf '{"text":"has an error","error":"upstream"}\n'
    printf '{"text":"bad \xff byte"}\n'
    printf '{"text":"nul \\u0000 inside"}\n'
    printf '{"title":"no body"}\n'
    printf '\n'
    printf '{"text":"dup","text":"dup"}\n'
    printf 'not json at all\n'
    printf '  {"text":"blanks around"}  \r\n'
} | gzip > "$T/replay.jsonl.gz"
"$F" "$T/replay.jsonl.gz" > "$T/replay.pass" 2> "$T/replay.log"
check "replay: pass-through exits 0" test $? -eq 0
DP_FETCH_NO_PASS=1 "$F" "$T/replay.jsonl.gz" > "$T/replay.long" 2>> "$T/replay.log"
check "replay: the same articles with and without the pass-through" \
    python3 - "$T/replay.pass" "$T/replay.long" <<'EOF'
import json, sys
def norm(line):
    d = json.loads(line)
    d.pop("trace")
    if d.get("error") is None:
        d.pop("error", None)
    for k in [k for k, v in d.items() if v is None]:
        d.pop(k)
    return d
a = [norm(l) for l in open(sys.argv[1], encoding="utf-8")]
b = [norm(l) for l in open(sys.argv[2], encoding="utf-8")]
sys.exit(0 if len(a) == 11 and a == b else 1)
EOF
check "replay: the valid lines were passed through (members as written)" \
    grep -q '^{"id":"own","html":"<p>x<\\/p>","lang":null,"source":' "$T/replay.pass"

# --- --ingest + depeche push ---------------------------------------------------
EP=ipc://$T/ingest
start ingest "$F" --ingest "@$EP" --out - > "$T/ingest.out"
for i in $(seq 1 30); do printf '{"url":"http://p.example/%d","text":"pushed %d"}\n' $i $i; done > "$T/push.jsonl"
"$BIN/depeche" push ">$EP" < "$T/push.jsonl" 2>"$T/push.log"
check "push: depeche push exits 0" test $? -eq 0
wait_for 10 grep -q '"pushed 30"' "$T/ingest.out"
check "ingest: the 30 articles pushed come out, with their url-based ids" \
    test "$(grep -c '"pushed' "$T/ingest.out")" -eq 30 -a "$(grep -c '"id":"u' "$T/ingest.out")" -eq 30
"$BIN/depeche" push --raw ">$EP" <<< '{"text":"raw json frame"}' 2>>"$T/push.log"
"$BIN/depeche" push --raw ">$EP" <<< 'garbage' 2>>"$T/push.log"
wait_for 10 grep -q 'raw json frame' "$T/ingest.out"
check "ingest: a JSON text frame is an article; garbage is dropped, fetch alive" \
    test "$(grep -c 'raw json frame' "$T/ingest.out")" -eq 1 -a "$(count "$T/ingest.out")" -eq 31
check "ingest: fetch still running (live: no end)" alive "$PID_ingest"
kill -TERM "$PID_ingest" 2>/dev/null; pkill -TERM -P "$PID_ingest" 2>/dev/null
wait_exit "$PID_ingest" 10
check "ingest: SIGTERM ends it with 0" test "$RC" = 0

check_logs
