#!/bin/bash
# Languages through the real processes (clean | split | tag | sink as Unix
# filters, and split | tag): a German page comes out with its sentences, no
# PER/LOC/ORG and the flag no-ner-model, whether it says its language or
# not; an English article gets the English model; and loading the English
# model changes no French output (the French dev set of ../shared/eval when
# it is there, else the bundled French samples).
source "$(dirname "$0")/lib.sh"
EVAL=${EVAL:-$ROOT/../shared/eval}

tojson () {   # id lang text-file -> one JSON line
    /usr/bin/python3 -c '
import json, sys
r = {"id": sys.argv[1], "text": open(sys.argv[3], encoding="utf-8").read()}
if sys.argv[2]:
    r["lang"] = sys.argv[2]
print(json.dumps(r, ensure_ascii=False))' "$@"
}

cat >"$T/de.txt" <<'EOF'
Neue Regeln für die Stadt

Die Bundesregierung hat am Mittwoch in Berlin beschlossen, dass die Steuern im nächsten Jahr nicht erhöht werden. Bundeskanzler Olaf Scholz sagte, es sei eine gute Nachricht für die Familien in Deutschland. Die Opposition kritisierte den Plan mit scharfen Worten und verlangte eine Abstimmung im Bundestag. Auch in München und Hamburg wurde darüber gesprochen, wie die Länder die Kosten tragen sollen.
EOF
cat >"$T/en.txt" <<'EOF'
President Ilham Aliyev of Azerbaijan met Secretary of State Antony Blinken in Washington on Jan. 11, 2024. Mr. Aliyev's office said the talks lasted until 4:20 p.m. and that the United Nations would send observers. The bank raised $1.2 billion, up 3.5% from last year.
EOF
{ tojson de-nolang "" "$T/de.txt"; tojson de-lang de "$T/de.txt"; tojson en en "$T/en.txt"; } >"$T/in.jsonl"

timeout 120 "$BIN/depeche-clean" -q <"$T/in.jsonl" | timeout 120 "$BIN/depeche-split" -q \
    | timeout 120 "$BIN/depeche-tag" -q | timeout 120 "$BIN/depeche-sink" -q --write "$T/out.jsonl" \
    2>"$T/chain.log"
check "clean | split | tag | sink: three articles out" test "$(wc -l <"$T/out.jsonl" 2>/dev/null)" -eq 3

verdict () {   # id -> "sentences names flagged types"
    /usr/bin/python3 -c '
import json, sys
for row in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(row)
    if d["id"] != sys.argv[2]:
        continue
    ents = d.get("entities") or []
    names = sum(1 for e in ents if e["type"] in ("PER", "LOC", "ORG"))
    print(len(d.get("sentences") or []), names,
          int("no-ner-model" in (d.get("flags") or [])),
          ",".join(sorted({e["type"] for e in ents})) or "-")' "$T/out.jsonl" "$1"
}
for id in de-nolang de-lang; do
    read -r sents names flagged types <<<"$(verdict $id)"
    check "$id: sentences kept ($sents)" test "${sents:-0}" -ge 4
    check "$id: no PER/LOC/ORG ($names)" test "${names:-1}" -eq 0
    check "$id: flagged no-ner-model" test "${flagged:-0}" -eq 1
    check "$id: no entity at all ($types)" test "$types" = "-"
done
read -r sents names flagged types <<<"$(verdict en)"
check "en: sentences ($sents)" test "${sents:-0}" -ge 3
check "en: English names found ($names)" test "${names:-0}" -ge 4
check "en: not flagged" test "${flagged:-1}" -eq 0
check "en: DATE TIME MONEY PERCENT ($types)" \
    bash -c "[[ '$types' == *DATE* && '$types' == *TIME* && '$types' == *MONEY* && '$types' == *PERCENT* ]]"
check "en: Aliyev's possessive outside the name" \
    /usr/bin/python3 -c '
import json, sys
for row in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(row)
    if d["id"] == "en":
        texts = [e["text"] for e in d["entities"]]
        sys.exit(0 if "Aliyev" in texts and not any("'"'"'s" in t for t in texts) else 1)
sys.exit(1)' "$T/out.jsonl"

# One canon across languages: « Mr. Aliyev », « Ilham Aliyev » (English)
# and « Aliev » (French); « Mr. Bernoulli » and « Daniel Bernoulli », a
# name no gazetteer lists.
{
    echo '{"id":"c1","lang":"en","text":"Mr. Aliyev met reporters in Baku on Monday. He said the talks went well."}'
    echo '{"id":"c2","lang":"en","text":"President Ilham Aliyev of Azerbaijan spoke in Baku on Tuesday."}'
    echo '{"id":"c3","lang":"fr","text":"Le président Ilham Aliev a parlé à Bakou. Aliev a affirmé que la frontière était calme."}'
    echo '{"id":"c4","lang":"en","text":"Mathematician Daniel Bernoulli wrote the book in Basel. Later, Bernoulli moved."}'
    echo '{"id":"c5","lang":"en","text":"Critics say Mr. Bernoulli was wrong about the flow of water in pipes."}'
} >"$T/canon.jsonl"
timeout 120 "$BIN/depeche-split" -q <"$T/canon.jsonl" | timeout 120 "$BIN/depeche-tag" -q \
    | timeout 120 "$BIN/depeche-sink" -q --write "$T/canon.out" 2>>"$T/chain.log"
canons () {   # surface... -> the set of canons of PER entities with that text
    /usr/bin/python3 -c '
import json, sys
want = set(sys.argv[2:])
got = set()
for row in open(sys.argv[1], encoding="utf-8"):
    for e in json.loads(row).get("entities") or []:
        if e["type"] == "PER" and e["text"] in want:
            got.add(e.get("canon"))
print("|".join(sorted(str(g) for g in got)))' "$T/canon.out" "$@"
}
check "canon: Mr. Aliyev, Ilham Aliyev, Aliev share one ($(canons Aliyev "Ilham Aliyev" "Ilham Aliev" Aliev))" \
    test "$(canons Aliyev "Ilham Aliyev" "Ilham Aliev" Aliev)" = "Ilham Aliyev"
check "canon: Mr. Bernoulli and Daniel Bernoulli share one ($(canons Bernoulli "Daniel Bernoulli"))" \
    test "$(canons Bernoulli "Daniel Bernoulli")" = "Daniel Bernoulli"

# French output with and without the English model loaded.
if [ -f "$EVAL/ner/fr_dev.txt" ]; then
    what="the French dev set"
    /usr/bin/python3 -c '
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
for k in range(0, len(lines), 20):
    chunk = [l for l in lines[k:k + 20] if l.strip()]
    if chunk:
        for lang in ("fr", None):
            r = {"id": "fr%d-%s" % (k, lang), "text": "\n".join(chunk)}
            if lang:
                r["lang"] = lang
            print(json.dumps(r, ensure_ascii=False))' "$EVAL/ner/fr_dev.txt" >"$T/fr.jsonl"
else
    skip "French dev set not found in $EVAL: compared on the bundled samples"
    what="the bundled French samples"
    for f in "$ROOT"/samples/*.txt; do
        tojson "$(basename "$f")-fr" fr "$f"
        tojson "$(basename "$f")-None" "" "$f"
    done >"$T/fr.jsonl"
fi
timeout 300 "$BIN/depeche-split" -q <"$T/fr.jsonl" >"$T/fr.split"
timeout 300 "$BIN/depeche-tag" -q <"$T/fr.split" >"$T/fr.with"
timeout 300 "$BIN/depeche-tag" -q --model en=none <"$T/fr.split" >"$T/fr.without"
n=$(wc -l <"$T/fr.with")
check "French: $what tagged ($n articles, some entities)" \
    bash -c "[ $n -ge 10 ] && grep -q '\"PER\"' '$T/fr.with'"
# The trace stamps (pid, times) differ from run to run; the rest must not.
notrace () { /usr/bin/python3 -c '
import json, sys
for row in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(row)
    d.pop("trace", None)
    print(json.dumps(d, ensure_ascii=False, sort_keys=True))' "$1"; }
notrace "$T/fr.with" >"$T/fr.with.n"
notrace "$T/fr.without" >"$T/fr.without.n"
check "French: $what identical with and without the English model" cmp -s "$T/fr.with.n" "$T/fr.without.n"
check "French: no article of $what flagged no-ner-model" bash -c "! grep -q no-ner-model '$T/fr.with'"
check "French: articles without lang tagged as with lang fr" /usr/bin/python3 -c '
import json, sys
by = {}
for row in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(row)
    by[d["id"]] = d.get("entities")
pairs = [(k, k[:-2] + "None") for k in by if k.endswith("-fr")]
sys.exit(0 if pairs and all(by[a] == by.get(b) for a, b in pairs) else 1)' "$T/fr.with"
exit 0
