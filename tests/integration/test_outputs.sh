# The sink's outputs with real processes: the gzip archive replays to the
# same records, a sink killed mid-batch leaves a sound database and writes
# each id once after its restart, `depeche push` into a running pipeline
# reaches `depeche tail`, and `depeche query` answers.
source "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null && HAVE_SQLITE3=1 || HAVE_SQLITE3=0
sq () { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); [print("|".join(map(str,r))) for r in c.execute(sys.argv[2])]' "$@"; }

# ---- 1. replay round trip: pipeline -> sink --archive -> fetch -> pipeline
A="$T/arch"
"$BIN/depeche-fetch" "$ROOT/samples" 2>"$T/r1-fetch.log" | "$BIN/depeche-clean" 2>"$T/r1-clean.log" \
  | "$BIN/depeche-split" 2>"$T/r1-split.log" | "$BIN/depeche-tag" 2>"$T/r1-tag.log" \
  | "$BIN/depeche-sink" --write "$T/first.jsonl" --archive "$A" --rotate-mb 0.02 --batch 4 \
        --db "$T/samples.db" 2>"$T/r1-sink.log"
N1=$(lines "$T/first.jsonl")
NF=$(ls "$A"/depeche-*.jsonl.gz 2>/dev/null | wc -l)
check "archive: complete files ($NF) and no .part left" [ "$NF" -ge 1 -a -z "$(ls -A "$A" | grep '\.part$')" ]
check "archive: index.tsv has one line per file, records add up to $N1" python3 - "$A" "$N1" <<'PY'
import sys, os
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(sys.argv[1], "index.tsv")) if not l.startswith("#")]
files = sorted(f for f in os.listdir(sys.argv[1]) if f.startswith("depeche-"))
assert sorted(r[0] for r in rows) == files, (rows, files)
assert sum(int(r[1]) for r in rows) == int(sys.argv[2]) > 0
for r in rows: assert int(r[6]) == os.path.getsize(os.path.join(sys.argv[1], r[0]))
PY
# The archive holds clean text (clean does not keep html), so it replays
# through split and tag: DESIGN.md's "input already clean skips clean".
"$BIN/depeche-fetch" "$A"/depeche-*.jsonl.gz 2>"$T/r2-fetch.log" | "$BIN/depeche-split" 2>"$T/r2-split.log" \
  | "$BIN/depeche-tag" 2>"$T/r2-tag.log" | "$BIN/depeche-sink" --write "$T/replay.jsonl" 2>"$T/r2-sink.log"
check "replay of the sink's archive: same records ($N1), same annotations (source aside)" python3 - "$T/first.jsonl" "$T/replay.jsonl" <<'PY'
import json, sys
def load(p):
    out = {}
    for l in open(p):
        r = json.loads(l); r.pop("source", None); out[r["id"]] = r
    return out
a, b = load(sys.argv[1]), load(sys.argv[2])
assert len(a) > 0 and a == b, [k for k in a if a.get(k) != b.get(k)][:3]
PY

# ---- 2. depeche query on the samples' database
PAIR=$(sq "$T/samples.db" "SELECT p.norm, l.norm, p.article FROM entities p JOIN entities l ON l.article = p.article AND l.type = 'LOC' JOIN articles a ON a.id = p.article WHERE p.type = 'PER' AND a.published >= '1900' ORDER BY p.article LIMIT 1")
PER=$(cut -d'|' -f1 <<<"$PAIR"); LOC=$(cut -d'|' -f2 <<<"$PAIR"); ART=$(cut -d'|' -f3 <<<"$PAIR")
if [ -n "$PAIR" ]; then
    "$BIN/depeche" query --db "$T/samples.db" --with "$PER" --with "$LOC" --from 1900-01-01 --to 2100-12-31 > "$T/q1.txt" 2>>"$T/query.log"
    check "query --with \"$PER\" --with \"$LOC\": finds $ART" grep -q "^$ART " "$T/q1.txt"
    "$BIN/depeche" query --db "$T/samples.db" --cooccur "$LOC" --type PER --json > "$T/q2.txt" 2>>"$T/query.log"
    check "query --cooccur \"$LOC\" --type PER: names $PER" grep -qF "\"norm\":\"$PER\"" "$T/q2.txt"
else
    skip "query --with / --cooccur: no PER+LOC pair in the samples"
fi
WORD=$(sq "$T/samples.db" "SELECT text FROM sentences LIMIT 1" | tr -cs '[:alpha:]' '\n' | awk 'length > 6' | head -1)
"$BIN/depeche" query --db "$T/samples.db" --match "$WORD" > "$T/q3.txt" 2>>"$T/query.log"
check "query --match $WORD: sentences containing it" grep -qi "$WORD" "$T/q3.txt"
"$BIN/depeche" query --db "$T/samples.db" --from 2023-01-01 2>/dev/null >/dev/null
check "query without a question is a usage error (2)" [ $? -eq 2 ]

# ---- 3. sink killed mid-batch: sound database, each id once after restart
N=3000
python3 - "$N" > "$T/many.jsonl" <<'PY'
import json, sys
for i in range(int(sys.argv[1])):
    t = f"Le ministre Jean Dupont{i} est arrivé à Bakou le {i % 28 + 1} mars."
    s = t.index("Jean"); e = t.index(" est"); b = t.index("Bakou")
    print(json.dumps({"id": f"m{i:05d}", "published": "2023-03-01", "text": t,
                      "sentences": [{"start": 0, "end": len(t.encode())}],
                      "entities": [{"start": s, "end": e, "type": "PER", "norm": t[s:e]},
                                   {"start": len(t[:b].encode()), "end": len(t[:b].encode()) + 5,
                                    "type": "LOC", "norm": "Bakou"}]}, ensure_ascii=False))
PY
KDB="$T/kill.db"; KA="$T/karch"
start ksink "$BIN/depeche-sink" --in "@ipc://$T/ksink.ipc" --db "$KDB" --archive "$KA" --batch 400 --keep-running
timeout 60 "$BIN/depeche" push "ipc://$T/ksink.ipc" < "$T/many.jsonl" 2>>"$T/push.log" &
count () { sq "$KDB" "SELECT count(*) FROM articles" 2>/dev/null || echo 0; }
wait_for 30 sh -c "[ \$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM articles\").fetchone()[0])' '$KDB' 2>/dev/null || echo 0) -ge 800 ]"
kill -9 "$(pgrep -P "$PID_ksink")" 2>/dev/null; wait_exit "$PID_ksink" 10
wait
BEFORE=$(count)
check "sink killed mid-batch ($BEFORE of $N committed): PRAGMA integrity_check = ok" \
    [ "$(sq "$KDB" "PRAGMA integrity_check")" = ok ]
check "... the archive left a .part to recover" [ -n "$(ls -A "$KA" | grep '\.part$')" ]
start ksink2 "$BIN/depeche-sink" --in "@ipc://$T/ksink2.ipc" --db "$KDB" --archive "$KA" --keep-running
# Plain push is best effort (its --help: "--acked delivers for sure"):
# once its queue is handed to the socket it exits, and a CI run saw the
# restarted sink stop at 2,537 of 3,000 with push content and the sink
# idle. What this section checks is the database after a kill: so a push
# that did not get everything through is followed by a second one, which
# the sink must drop as duplicates (each id once is still checked below).
full () { [ "$(count)" -ge "$N" ]; }
timeout 240 "$BIN/depeche" push "ipc://$T/ksink2.ipc" < "$T/many.jsonl" 2>>"$T/push.log"
PUSH_RC=$?
if ! wait_for 90 full; then
    echo "# $(count) of $N after the first push to the restarted sink; pushing again"
    timeout 240 "$BIN/depeche" push "ipc://$T/ksink2.ipc" < "$T/many.jsonl" 2>>"$T/push.log"
    wait_for 150 full
fi
kill -TERM "$(pgrep -P "$PID_ksink2")"; wait_exit "$PID_ksink2" 20
check "restarted sink: database has each of the $N ids once, integrity ok" \
    [ "$(sq "$KDB" "SELECT count(*), count(DISTINCT id), (SELECT count(*) FROM entities) FROM articles")" = "$N|$N|$((2 * N))" \
      -a "$(sq "$KDB" "PRAGMA integrity_check")" = ok ]
# Seen failing twice at load 8-9 (2,532 of 3,000), never reproduced: say
# what push and the sink said, since a CI machine keeps no folder.
if [ "$(count)" != "$N" ]; then
    echo "# push exit $PUSH_RC, $(count) of $N in the database; push and sink logs:"
    tail -n 5 "$T/push.log" "$T/ksink2.log" | sed 's/^/#   /'
fi
check "restarted sink: archive has each of the $N ids once, no .part, indexed" python3 - "$KA" "$N" <<'PY'
import gzip, json, os, sys
d, n = sys.argv[1], int(sys.argv[2])
assert not [f for f in os.listdir(d) if f.endswith(".part")]
ids = [json.loads(l)["id"] for f in sorted(os.listdir(d)) if f.endswith(".jsonl.gz")
       for l in gzip.open(os.path.join(d, f), "rt")]
assert len(ids) == n == len(set(ids)), (len(ids), len(set(ids)))
rows = [l.split("\t") for l in open(os.path.join(d, "index.tsv")) if not l.startswith("#")]
assert sum(int(r[1]) for r in rows) == n
PY

# ---- 3b. plain push into no peer: what it could not deliver is said, exit 1
head -n 2 "$T/many.jsonl" > "$T/two.jsonl"
"$BIN/depeche" push --linger-ms 300 "ipc://$T/nobody.ipc" < "$T/two.jsonl" 2>"$T/push-nobody.log"
check "push to no peer: exit 1 once --linger-ms ends" [ $? -eq 1 ]
check "... and stderr says the queued frames are lost" grep -q "are lost" "$T/push-nobody.log"

# ---- 4. depeche push into a running pipeline; depeche tail sees it
start lsink  "$BIN/depeche-sink"  --in "@ipc://$T/l-sink.ipc" --db "$T/live.db" --pub "ipc://$T/pub.ipc" --keep-running
start ltag   "$BIN/depeche-tag"   --in "@ipc://$T/l-tag.ipc" --out ">ipc://$T/l-sink.ipc" --keep-running
start lsplit "$BIN/depeche-split" --in "@ipc://$T/l-split.ipc" --out ">ipc://$T/l-tag.ipc" --keep-running
start lclean "$BIN/depeche-clean" --in "@ipc://$T/l-clean.ipc" --out ">ipc://$T/l-split.ipc" --keep-running
start ltail  sh -c "exec '$BIN/depeche' tail --plain 'ipc://$T/pub.ipc' > '$T/tail.out'"
# PUB drops what is sent before a subscriber is connected: probe until the
# tail prints one article, then push the real ones.
for i in $(seq 1 40); do
    printf '{"id":"probe%d","text":"Sonde numéro %d à Lyon."}\n' "$i" "$i" | timeout 60 "$BIN/depeche" push "ipc://$T/l-clean.ipc" 2>>"$T/push.log"
    wait_for 1 grep -q probe "$T/tail.out" && break
done
python3 -c '
for i in range(5):
    print("{\"id\":\"live%d\",\"title\":\"Dépêche %d\",\"text\":\"Le président Emmanuel Macron est arrivé à Marseille lundi pour la dépêche %d.\"}" % (i, i, i))' \
  | timeout 60 "$BIN/depeche" push "ipc://$T/l-clean.ipc" 2>>"$T/push.log"
wait_for 20 sh -c "[ \$(grep -c '^== .*live[0-4]\$' '$T/tail.out') -ge 5 ]"
check "depeche push into a running pipeline: depeche tail prints the 5 articles" \
    [ "$(grep -c '^== .*live[0-4]$' "$T/tail.out")" -eq 5 ]
check "depeche tail (not a tty): plain text with the entities listed, no ANSI" \
    sh -c "grep -q 'Marseille' '$T/tail.out' && ! grep -q \$(printf '\033') '$T/tail.out'"
wait_for 10 sh -c "[ \$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM articles WHERE id LIKE \\\"live%\\\"\").fetchone()[0])' '$T/live.db' 2>/dev/null || echo 0) -ge 5 ]"
"$BIN/depeche" query --db "$T/live.db" --match "dépêche Marseille" > "$T/q4.txt" 2>>"$T/query.log"
check "depeche query on the live database while the sink runs: 5 sentences" [ "$(lines "$T/q4.txt")" -eq 5 ]
for s in lclean lsplit ltag lsink; do v="PID_$s"; kill -TERM "$(pgrep -P "${!v}")" 2>/dev/null; done
for s in lclean lsplit ltag lsink; do v="PID_$s"; wait_exit "${!v}" 20; done
check_logs
