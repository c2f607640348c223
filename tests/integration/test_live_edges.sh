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

check_logs
