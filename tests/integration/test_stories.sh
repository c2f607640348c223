# Stories and canon names with real processes. The corpus written for the
# tests (tests/fixtures/stories: copies, rewrites, hard negatives) goes
# (1) through the filter chain in file order (batch), and (2) through a
# socket pipeline fed one article at a time in a shuffled order, the sink
# stopped and restarted halfway (stream). Both databases must hold the same
# stories; the restarted sink must have kept its window and its names; and
# `depeche query` answers "stories about X" and "spellings of X".
source "$(dirname "$0")/lib.sh"
sq () { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); [print("|".join(map(str,r))) for r in c.execute(sys.argv[2])]' "$@"; }
F="$ROOT/tests/fixtures/stories/articles.jsonl"
N=$(lines "$F")

# ---- 1. batch: the filter chain, file order
"$BIN/depeche-fetch" "$F" 2>"$T/b-fetch.log" | "$BIN/depeche-clean" 2>"$T/b-clean.log" \
  | "$BIN/depeche-split" 2>"$T/b-split.log" | "$BIN/depeche-tag" 2>"$T/b-tag.log" \
  | "$BIN/depeche-sink" --db "$T/batch.db" --write "$T/batch.jsonl" 2>"$T/b-sink.log"
check "batch: $N articles, each with a story" \
    test "$(sq "$T/batch.db" "SELECT COUNT (*) FROM articles WHERE story IS NOT NULL")" -eq "$N"
check "batch: the JSON lines carry story, duplicate_of and entity canon" python3 - "$T/batch.jsonl" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert all(r["story"].startswith("st-") for r in recs)
assert any(r.get("duplicate_of") for r in recs)
ents = [e for r in recs for e in r.get("entities", []) if e["type"] in ("PER", "LOC", "ORG")]
assert ents and all(e.get("canon") for e in ents)
PY
check "batch: the copies of one dispatch point to an article of it" python3 - "$T/batch.db" "$ROOT/tests/fixtures/stories/gold.tsv" <<'PY'
import sqlite3, sys
gold = {l.split("\t")[0]: l.rstrip("\n").split("\t") for l in open(sys.argv[2]) if not l.startswith("#")}
rows = sqlite3.connect(sys.argv[1]).execute("SELECT id, duplicate_of FROM articles").fetchall()
for aid, dup in rows:
    if dup:
        assert gold[aid][2] != "-" and gold[aid][2] == gold[dup][2], (aid, dup)
assert sum(1 for _, d in rows if d) >= 8
PY

# ---- 2. stream: sockets, shuffled, one article per message, sink restarted
python3 - "$F" "$T" <<'PY'
import random, sys
lines = open(sys.argv[1]).readlines()
random.Random(11).shuffle(lines)
half = len(lines) // 2
open(sys.argv[2] + "/first.jsonl", "w").writelines(lines[:half])
open(sys.argv[2] + "/second.jsonl", "w").writelines(lines[half:])
PY
E="ipc://$T"
start s_sink  "$BIN/depeche-sink"  --in "@$E/k.ipc" --db "$T/stream.db" --flush-ms 20
start s_tag   "$BIN/depeche-tag"   --in "@$E/t.ipc" --out ">$E/k.ipc"
start s_split "$BIN/depeche-split" --in "@$E/s.ipc" --out ">$E/t.ipc"
start s_clean "$BIN/depeche-clean" --in "@$E/c.ipc" --out ">$E/s.ipc"
start s_fetch "$BIN/depeche-fetch" --ingest "@$E/in.ipc" --out ">$E/c.ipc"
count () { sq "$T/stream.db" "SELECT COUNT (*) FROM articles" 2>/dev/null || echo 0; }
half=$(lines "$T/first.jsonl")
while read -r line; do
    printf '%s\n' "$line" | "$BIN/depeche" push ">$E/in.ipc" 2>>"$T/push.log"
done < "$T/first.jsonl"
wait_for 60 test "$(count)" -ge "$half"
check "stream: the first $half articles, pushed one by one, are in the database" test "$(count)" -eq "$half"
kill -TERM "$PID_s_sink" 2>/dev/null; pkill -TERM -P "$PID_s_sink" 2>/dev/null
wait_exit "$PID_s_sink" 20
check "stream: the sink stops on SIGTERM with 0" test "$RC" = 0
start s_sink2 "$BIN/depeche-sink" --in "@$E/k.ipc" --db "$T/stream.db" --flush-ms 20
while read -r line; do
    printf '%s\n' "$line" | "$BIN/depeche" push ">$E/in.ipc" 2>>"$T/push.log"
done < "$T/second.jsonl"
wait_for 60 test "$(count)" -ge "$N"
check "stream: all $N articles arrived" test "$(count)" -eq "$N"
check "stream: the restarted sink restored its window and names" \
    grep -q "articles of the story window restored" "$T/s_sink2.log"
check "stream and batch: the same stories (partition of the articles)" python3 - "$T/batch.db" "$T/stream.db" <<'PY'
import sqlite3, sys
def parts(p):
    groups = {}
    for aid, st in sqlite3.connect(p).execute("SELECT id, story FROM articles"):
        groups.setdefault(st, set()).add(aid)
    return sorted(sorted(g) for g in groups.values())
a, b = parts(sys.argv[1]), parts(sys.argv[2])
assert a == b, (a, b)
PY
check "stream: the stories match the gold ones" python3 - "$T/stream.db" "$ROOT/tests/fixtures/stories/gold.tsv" <<'PY'
import sqlite3, sys
gold = {l.split("\t")[0]: l.split("\t")[1] for l in open(sys.argv[2]) if not l.startswith("#")}
got = dict(sqlite3.connect(sys.argv[1]).execute("SELECT id, story FROM articles").fetchall())
ids = sorted(got)
bad = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]
       if (gold[a] == gold[b]) != (got[a] == got[b])]
assert len(bad) <= 3, bad
PY
for p in s_tag s_split s_clean s_fetch s_sink2; do
    eval pid=\$PID_$p
    kill -TERM "$pid" 2>/dev/null; pkill -TERM -P "$pid" 2>/dev/null
done
for p in s_tag s_split s_clean s_fetch s_sink2; do eval pid=\$PID_$p; wait_exit "$pid" 20; done

# ---- 3. depeche query: stories about a name, its spellings
"$BIN/depeche" query --db "$T/stream.db" --stories "Aliev" --json > "$T/q-stories.txt" 2>>"$T/query.log"
check "query --stories Aliev: the call and the CIS meeting, two stories" python3 - "$T/q-stories.txt" "$T/stream.db" <<'PY'
import json, sqlite3, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
db = sqlite3.connect(sys.argv[2])
story = lambda aid: db.execute("SELECT story FROM articles WHERE id = ?", (aid,)).fetchone()[0]
got = {r["story"] for r in rows}
assert story("s01-a") in got and story("s02-a") in got, rows
assert all(r["articles"] >= 1 and r["outlets"] >= 1 for r in rows)
PY
"$BIN/depeche" query --db "$T/stream.db" --spellings "Ilham Aliyev" > "$T/q-spell.txt" 2>>"$T/query.log"
check "query --spellings \"Ilham Aliyev\": more than one spelling seen" \
    test "$(grep -c 'PER' "$T/q-spell.txt")" -ge 2
S=$(sq "$T/stream.db" "SELECT story FROM articles WHERE id = 's03-a'")
"$BIN/depeche" query --db "$T/stream.db" --story "$S" > "$T/q-story.txt" 2>>"$T/query.log"
check "query --story: the four copies of one dispatch" test "$(grep -c 's03-' "$T/q-story.txt")" -eq 4
check_logs
