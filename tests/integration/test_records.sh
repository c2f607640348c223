#!/bin/bash
# The sink's records byte for byte: tests/fixtures/sink/tagged.jsonl through
# depeche-sink --no-link gives exactly records.jsonl, and the articles and
# entities rows of its database exactly records.db.txt (see the README
# there). Speed work on the sink must not change a byte of either.
source "$(dirname "$0")/lib.sh"
FX=$ROOT/tests/fixtures/sink
"$BIN/depeche-sink" --in - --no-link --write "$T/records.jsonl" --db "$T/records.db" \
    < "$FX/tagged.jsonl" 2> "$T/sink.log"
check "records: the sink exits 0" test $? -eq 0
check "records: the JSON lines are byte-identical to the pinned ones" \
    cmp "$T/records.jsonl" "$FX/records.jsonl"
python3 - "$T/records.db" > "$T/records.db.txt" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for t, order in (("articles", "id"), ("entities", "article, start, \"end\", type")):
    cols = [r[1] for r in db.execute("PRAGMA table_info(%s)" % t)]
    for row in db.execute("SELECT * FROM %s ORDER BY %s" % (t, order)):
        print(t, "|".join("T" if c == "written" else repr(v) for c, v in zip(cols, row)))
EOF
check "records: the database rows are identical to the pinned ones" \
    cmp "$T/records.db.txt" "$FX/records.db.txt"
check_logs
