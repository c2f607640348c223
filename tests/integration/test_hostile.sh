# Hostile input, as a new user would try it (issue 17): 30-odd kinds of bad
# input - malformed JSON and protobuf, NUL, bytes that are not UTF-8,
# UTF-16 with and without its byte-order mark, UTF-32, oversize lines and frames, gzip bombs, lying WARC lengths, deep
# nesting, bad command lines - among good articles. Every case must be
# handled (a dead letter with a reason, a repair that says so, a frame
# counted and logged, a usage error that names the problem), every good
# article around them must come out once and whole, and no stage may die.
source "$(dirname "$0")/lib.sh"
export DP_NO_PROGRESS=1
MAX=100K                                 # the pipeline's size limit here
IN="$T/in"; mkdir -p "$IN"

# ---- A. files: good articles among bad ones, through the five stages
python3 - "$IN" <<'PY'
import gzip, json, os, sys, zlib
d = sys.argv[1]
def good(n):
    return {"id": "good-%d" % n, "text": "Bon %d. Le maire de Lyon, Grégory Doucet, a "
            "rencontré hier le préfet du Rhône à Villeurbanne." % n}
def line(o): return json.dumps(o, ensure_ascii=False)
def w(name, data, mode="w"):
    with open(os.path.join(d, name), mode) as f: f.write(data)
n = iter(range(1, 1000))
lines = lambda *rows: "\n".join(rows) + "\n"
g = lambda: line(good(next(n)))
# malformed JSON lines, each between good ones
w("a-malformed.jsonl", lines(g(), "not json", g(), "[1,2]", g(), '{"text":5}', g(),
                              '{"text":"abc"', g(), '{"a":1,"a":2,"text":"dup"}', g()))
# item 1: \u0000 in a JSON string; item 6: bytes that are not UTF-8 in a line
w("b-nul.jsonl", lines('{"id":"nul","url":"https://x/nul","text":"Le maire\\u0000 de Lyon, '
                       'Grégory Doucet, a parlé hier soir."}', g()))
# a lone surrogate escape (a cut emoji), high and low
w("b-surrogate.jsonl", lines('{"id":"sur","text":"Le maire de Lyon, Grégory Doucet, a parlé '
                             'hier soir \\ud83d et \\ude00."}', g()))
w("c-badutf8.jsonl", b'{"id":"latin","text":"Le pr\xe9sident Emmanuel Macron est arriv\xe9 '
  b'\xe0 Marseille."}\n' + (g() + "\n").encode(), "wb")
# item 4: empty articles; item 3 (JSON form): spans that do not fit
w("d-empty.jsonl", lines("{}", '{"url":"https://x/empty"}', g()))
w("e-spans.jsonl", lines('{"id":"sp1","text":"Une phrase.","sentences":[{"start":0,"end":99}]}',
                         '{"id":"sp2","text":"Une phrase.","sentences":[{"start":5,"end":3}]}',
                         '{"id":"sp3","text":"Une phrase.","tokens":[[0,3],[4,40]]}', g()))
# JSON nested far deeper than jansson goes; a line over the limit
w("f-deep.jsonl", lines('{"id":"deep","text":"x","extra":' + "[" * 100000 + "]" * 100000 + "}", g()))
w("g-oversize.jsonl", lines('{"id":"big","text":"' + "a" * 500000 + '"}', g()))
# item 6: UTF-16 files with a byte-order mark; UTF-8 with one
u16 = "Le préfet du Rhône a reçu hier à Lyon le maire de Villeurbanne.\n"
w("h-utf16le.txt", b"\xff\xfe" + u16.encode("utf-16-le"), "wb")
w("i-utf16be.html", b"\xfe\xff" + ("<html><body><p>" + u16 + "</p></body></html>").encode("utf-16-be"), "wb")
w("j-bom.txt", b"\xef\xbb\xbf" + u16.encode(), "wb")
# UTF-16 without a byte-order mark (read by its NULs), UTF-32 with one
w("j-utf16-nobom.txt", u16.encode("utf-16-le"), "wb")
w("j-utf32.txt", u16.encode("utf-32"), "wb")
w("k-binary.txt", bytes(range(256)) * 8, "wb")
w("l-empty.txt", "")
# gzip: a bomb (one 60 MB line), a file cut short
with gzip.open(os.path.join(d, "m-bomb.jsonl.gz"), "wb") as f:
    f.write(b'{"id":"bomb","text":"')
    for _ in range(60): f.write(b"a" * (1 << 20))
    f.write(b'"}\n' + (g() + "\n").encode())
cut = lambda i: line({"id": "cut-%d" % i, "text": "Coupé %d. Le maire de Lyon a parlé." % i})
blob = gzip.compress(lines(*[cut(i) for i in range(2000)]).encode())
w("n-cut.jsonl.gz", blob[:len(blob) * 2 // 3], "wb")
# bytes after the last gzip member: plain lines appended (records, read),
# and binary padding (skipped, said by a dead letter)
w("n-tail.jsonl.gz", gzip.compress(lines(g(), g()).encode()) + lines(g(), g()).encode(), "wb")
w("n-zeros.jsonl.gz", gzip.compress(lines(g()).encode()) + b"\0" * 4096, "wb")
# a page compressed (read as its kind), compressed twice, JSON lines compressed twice
w("n-page.html.gz", gzip.compress("<html><body><p>Le maire de Lyon a parlé hier soir au "
  "conseil municipal.</p></body></html>".encode()), "wb")
w("n-twice.txt.gz", gzip.compress(gzip.compress("Le maire de Lyon a parlé.".encode())), "wb")
w("n-twice.jsonl.gz", gzip.compress(gzip.compress(lines(cut(1), cut(2)).encode())), "wb")
# WARC: a gzip bomb in a page; item 7: a Content-Length too small, then too large
def rec(uri, block, delta=0):
    head = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\nWARC-Date: "
            "2024-05-02T00:00:00Z\r\nContent-Length: %d\r\n\r\n" % (uri, len(block) + delta))
    return head.encode() + block + b"\r\n\r\n"
def page(body, extra=b""):
    return (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" + extra +
            b"\r\n" + body)
ok = lambda i: page(("<html><body><p>Bon WARC %d. Le maire de Lyon a parlé.</p></body></html>"
                     % i).encode())
bomb = zlib.compressobj(9, zlib.DEFLATED, 31)
z = bomb.compress(b"<p>" + b"a" * (40 << 20)) + bomb.flush()
w("o-bomb.warc", rec("http://x/1", ok(1)) + rec("http://x/bomb", page(z, b"Content-Encoding: gzip\r\n"))
  + rec("http://x/2", ok(2)), "wb")
w("p-short.warc", rec("http://x/3", ok(3)) + rec("http://x/liar", ok(99), -25)
  + rec("http://x/4", ok(4)), "wb")
w("q-long.warc", rec("http://x/5", ok(5)) + rec("http://x/liar2", ok(98), 40)
  + rec("http://x/swallowed", ok(97)) + rec("http://x/6", ok(6)), "wb")
# a Content-Length that runs past the end of the file, over two records
w("q-past.warc", rec("http://x/7", ok(7)) + rec("http://x/liar3", ok(96), 100000)
  + rec("http://x/8", ok(8)) + rec("http://x/9", ok(9)), "wb")
# a .warc.gz of one gzip member per record, the third cut short: the
# records after it come out (reading goes on at the next whole member)
ms = [gzip.compress(rec("http://x/%d" % i, ok(i))) for i in range(10, 15)]
w("q-members.warc.gz", b"".join(ms[:2]) + ms[2][:30] + b"".join(ms[3:]), "wb")
# NUL bytes in a page: damage, not a binary file
w("q-nul.html", b"<html><body><p>Le maire\x00 de Lyon, Gr\xc3\xa9gory Doucet, a parl\xc3\xa9 "
  b"hier soir.</p>\x00</body></html>", "wb")
# item 8 (clean's): HTML nested 100 000 deep around a paragraph
w("r-deep.html", "<html><body>" + "<div>" * 100000 + "<p>Le maire de Lyon a parlé "
  "hier soir au conseil municipal.</p>" + "</div>" * 100000 + "</body></html>")
# item 2: one-letter words under the size limit whose tokens are over the
# frame limit after split; short paragraphs the same (split sheds its
# tokens, which nobody after it reads, and the article goes on whole)
w("s-letters.txt", "a " * 49000 + "\n")
w("s-paras.txt", "".join("Il a vu %d.\n\n" % i for i in range(6500)))
# one start tag of 10 000 distinct attributes (libxml2 is quadratic in them)
w("u-attrs.html", "<html><body><div " + " ".join("a%d=x" % i for i in range(10000))
  + "><p>Le maire de Lyon a parlé hier soir au conseil municipal.</p></div></body></html>")
w("t-good.jsonl", lines(*[g() for _ in range(5)]))
# an old Mac's JSON lines: lone CRs, no LF at all (was one malformed dead letter)
w("t-mac.jsonl", "\r".join(g() for _ in range(3)) + "\r")
open(os.path.join(d, "GOOD"), "w").write(str(next(n) - 1))
PY
GOOD=$(cat "$IN/GOOD"); rm "$IN/GOOD"
S="@ipc://$T"
start h_sink  "$BIN/depeche-sink"  --max-bytes $MAX --in "$S/4" --write "$T/out.jsonl"
start h_tag   "$BIN/depeche-tag"   --max-bytes $MAX --in "$S/3" --out ">ipc://$T/4"
start h_split "$BIN/depeche-split" --max-bytes $MAX --in "$S/2" --out ">ipc://$T/3"
start h_clean "$BIN/depeche-clean" --max-bytes $MAX --in "$S/1" --out ">ipc://$T/2"
start h_fetch "$BIN/depeche-fetch" --max-bytes $MAX --out ">ipc://$T/1" --ack "$S/ack" \
    --resend-ms 3000 --max-resends 3 "$IN"
all_zero=1
for s in fetch clean split tag sink; do
    v=PID_h_$s; wait_exit "${!v}" 300
    [ "$RC" = 0 ] || { all_zero=0; echo "# $s exit: $RC"; }
done
check "files: every stage ends with 0 (none died on its input)" [ $all_zero -eq 1 ]
check "files: fetch saw every article acknowledged, none given up" \
    grep -q 'unacked=0 .*suspects=0 gave_up=0' "$T/h_fetch.log"
python3 - "$T/out.jsonl" "$GOOD" <<'PY' && ok "files: every case handled, every good article whole" || not_ok "files: every case handled, every good article whole"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
good = int(sys.argv[2])
ids = [r.get("id") for r in recs]
assert len(ids) == len(set(ids)), "an id written twice"
by_src = {}
for r in recs:
    by_src.setdefault(r["source"].rsplit("/", 1)[-1], []).append(r)
def one(src, word=None, dead=True):
    rs = by_src.get(src, [])
    assert len(rs) == 1, (src, len(rs))
    r = rs[0]
    if dead:
        assert r.get("error") and (word is None or word in r["error"]), (src, r.get("error"))
    else:
        assert r.get("error") is None, (src, r.get("error"))
    return r
def annotated(r):
    t = r["text"].encode()
    assert r.get("sentences"), r["source"]
    for s in r["sentences"]: assert 0 <= s["start"] < s["end"] <= len(t), r["source"]
    for e in r.get("entities", []): assert t[e["start"]:e["end"]].decode() == e["text"], e
# the good ones: each once, no error, annotated with a place or a person
goods = [r for r in recs if (r.get("id") or "").startswith("good-")]
assert len(goods) == good, (len(goods), good)
for r in goods:
    assert r["error"] is None, r
    annotated(r)
    assert any(e["type"] in ("PER", "LOC") for e in r.get("entities", [])), r["id"]
cases = 0
def case(): 
    global cases; cases += 1
for src, word in (("a-malformed.jsonl:2", "malformed"), ("a-malformed.jsonl:4", "not an object"),
                  ("a-malformed.jsonl:6", "not a string"), ("a-malformed.jsonl:8", "invalid JSON"),
                  ("a-malformed.jsonl:10", "duplicate")):
    one(src, word); case()
nul = one("b-nul.jsonl:1", dead=False)                          # item 1
assert "\ufffd de Lyon" in nul["text"] and "utf8-repaired" in nul["flags"], nul["text"]
annotated(nul); case()
sur = one("b-surrogate.jsonl:1", dead=False)
assert "soir \ufffd et \ufffd." in sur["text"] and "utf8-repaired" in sur["flags"], sur
annotated(sur); case()
lat = one("c-badutf8.jsonl:1", dead=False)                      # item 6
assert "Marseille" in lat["text"] and "utf8-repaired" in lat["flags"]; annotated(lat); case()
one("d-empty.jsonl:1", "neither html nor text"); one("d-empty.jsonl:2", "neither html nor text")
case(); case()                                                  # item 4
for i, word in ((1, "past the text"), (2, "start 5 > end 3"), (3, "not inside the text")):
    r = one("e-spans.jsonl:%d" % i, "invalid spans")            # item 3
    assert word in r["error"], r["error"]; case()
one("f-deep.jsonl:1", "malformed"); case()
one("g-oversize.jsonl:1", "size limit"); case()
for src in ("h-utf16le.txt", "i-utf16be.html", "j-bom.txt", "j-utf16-nobom.txt",
            "j-utf32.txt"):                                      # item 6
    r = one(src, dead=False)
    assert "Villeurbanne" in r["text"] and not r["text"].startswith("\ufeff"), r["text"][:40]
    assert "\ufffd" not in r["text"], r["text"][:40]
    annotated(r); case()
assert "charset-guessed" in by_src["j-utf16-nobom.txt"][0]["flags"]
one("k-binary.txt", "binary"); case()
one("l-empty.txt", "empty"); case()
one("m-bomb.jsonl.gz:1", "size limit"); case()
cut = [r for r in recs if "n-cut" in r["source"]]               # what was before the damage,
bad = [r for r in cut if r.get("error")]                         # then one dead letter
assert len(bad) == 1 and "gzip" in bad[0]["error"] and len(cut) > 100, (len(cut), bad)
case()
tail = [r for r in recs if "n-tail" in r["source"]]             # the plain lines read too
assert len(tail) == 4 and all(r["error"] is None for r in tail), tail; case()
zeros = one("n-zeros.jsonl.gz:2", "4096 bytes after the last gzip member"); case()
r = one("n-page.html.gz", dead=False); annotated(r); case()
one("n-twice.txt.gz", "compressed twice"); case()
one("n-twice.jsonl.gz:1", "compressed twice"); case()
warc = {r.get("url"): r for r in recs if r.get("url", "").startswith("http://x/")}
assert "size limit" in warc["http://x/bomb"]["error"]; case()
assert "Content-Length" in warc["http://x/liar"]["error"]; case()       # item 7
assert "Content-Length" in warc["http://x/liar2"]["error"]; case()
assert warc["http://x/swallowed"]["error"] is None                     # read again
assert "past the end" in warc["http://x/liar3"]["error"]; case()
for i in list(range(1, 10)) + [10, 11, 13, 14]:
    assert warc["http://x/%d" % i]["error"] is None, i          # the pages around them
mem = [r for r in recs if "q-members" in r["source"] and r.get("error")]
assert len(mem) == 1 and "next gzip member" in mem[0]["error"], mem; case()
r = one("q-nul.html", dead=False)
assert "nul-dropped" in r["flags"] and "Le maire de Lyon" in r["text"], r; annotated(r); case()
deep = by_src.get("r-deep.html", [])
assert len(deep) == 1, "deep HTML: one record"; case()          # item 8 is clean's
for src in ("s-letters.txt", "s-paras.txt"):                     # item 2
    r = one(src, dead=False)
    assert "tokens-dropped" in r["flags"] and r.get("sentences"), (src, r.get("flags"))
    annotated(r); case()
assert len(by_src["s-paras.txt"][0]["sentences"]) == 6500
r = one("u-attrs.html", dead=False)
assert "attrs-dropped" in r["flags"] and "Le maire de Lyon" in r["text"], r; annotated(r); case()
print("# %d cases handled in files, %d good articles whole" % (cases, len(goods)))
PY

# ---- A2. issue 17's own case at the default limit: 3.9 MB of one-letter
# words is under --max-bytes, but split's output (text and 1.95 M tokens)
# is over the frame limit: split sheds the tokens and the article goes on
# whole (it used to vanish at tag, and end as "retries exhausted", then
# became a dead letter without its text)
L="$T/letters"; mkdir -p "$L/in"
python3 -c "print('a ' * 1950000)" > "$L/in/a-letters.txt"
printf '{"id":"after-letters","text":"Le maire de Lyon a parlé hier soir."}\n' > "$L/in/b-after.jsonl"
start l_sink  "$BIN/depeche-sink"  --in "@ipc://$L/4" --write "$L/out.jsonl"
start l_tag   "$BIN/depeche-tag"   --in "@ipc://$L/3" --out ">ipc://$L/4"
start l_split "$BIN/depeche-split" --in "@ipc://$L/2" --out ">ipc://$L/3"
start l_clean "$BIN/depeche-clean" --in "@ipc://$L/1" --out ">ipc://$L/2"
start l_fetch "$BIN/depeche-fetch" --out ">ipc://$L/1" --ack "@ipc://$L/ack" \
    --resend-ms 1000 --max-resends 2 "$L/in"
wait_exit "$PID_l_fetch" 240
check "3.9 MB of one-letter words: fetch ends with both acknowledged ($RC)" [ "$RC" = 0 ]
check "3.9 MB of one-letter words: whole, its tokens shed by split" \
    grep -q '"flags":\["tokens-dropped"\].*"error":null' "$L/out.jsonl"
check "3.9 MB of one-letter words: the article after it is whole" \
    grep -q '"id":"after-letters".*"error":null' "$L/out.jsonl"
for st in clean split tag sink; do v=PID_l_$st; wait_exit "${!v}" 30; done

# ---- B. frames pushed straight into running stages
start b_sink  "$BIN/depeche-sink"  --max-bytes $MAX --in "$S/b4" --write "$T/b.jsonl" --keep-running
start b_tag   "$BIN/depeche-tag"   --max-bytes $MAX --in "$S/b3" --out ">ipc://$T/b4" --keep-running
start b_split "$BIN/depeche-split" --max-bytes $MAX --in "$S/b2" --out ">ipc://$T/b3" --keep-running
start b_clean "$BIN/depeche-clean" --max-bytes $MAX --in "$S/b1" --out ">ipc://$T/b2" --keep-running
python3 - "$T" <<'PY'
import sys
def varint(n):
    out = b""
    while True:
        b = n & 0x7F; n >>= 7
        out += bytes([b | (0x80 if n else 0)])
        if not n: return out
def key(f, wt): return varint(f << 3 | wt)
def s(f, v): v = v if isinstance(v, bytes) else v.encode(); return key(f, 2) + varint(len(v)) + v
def span(a, b): return key(1, 0) + varint(a) + key(2, 0) + varint(b)
def art(id, text, extra=b""): return s(1, id) + s(9, text) + extra
def eos(): return key(17, 0) + b"\x01"
def frames(name, *fs):
    open("%s/%s.pb" % (sys.argv[1], name), "wb").write(b"".join(varint(len(f)) + f for f in fs))
good = lambda i: art("pgood-%d" % i, "Bon %d. Le maire de Lyon a rencontré le préfet du Rhône." % i)
# into clean: garbage, a cut frame, a NUL in the text, a JSON text frame, an EOS
frames("clean", b"garbage", good(1)[:-9], good(2), art("pnul", b"Le maire\x00 de Lyon a parl\xe9."),
       b'{"id":"json-frame","text":"x"}', good(3), eos(), good(4))
# into split: a frame over the limit, under the cap
frames("split", art("pbig", "a " * 250000), good(5))
# into tag: spans past the text, inverted (item 3, wire form)
frames("tag", art("pspan1", "Une phrase.", s(10, span(0, 99))),
       art("pspan2", "Une phrase ici.", s(10, span(9, 2))),
       art("ptok", "Une phrase.", key(19, 2) + varint(4) + varint(0) + varint(3) + varint(4) + varint(60)),
       good(6))
PY
# Stages take protobuf; clean's good(1..4) come after the bad frames in order.
for st in clean split tag; do
    case $st in clean) ep=b1 ;; split) ep=b2 ;; tag) ep=b3 ;; esac
    "$BIN/depeche" push --delimited ">ipc://$T/$ep" < "$T/$st.pb" 2>>"$T/push.log"
done
wait_for 60 bash -c "[ \$(grep -c '\"id\":\"p' '$T/b.jsonl' 2>/dev/null) -ge 10 ]"
sleep 0.5
all=1
for st in clean split tag sink; do v=PID_b_$st; alive "${!v}" || all=0; done
check "frames: every stage still running after the bad frames" [ $all -eq 1 ]
python3 - "$T/b.jsonl" <<'PY' && ok "frames: bad frames dead-lettered or repaired, good ones whole" || not_ok "frames: bad frames dead-lettered or repaired, good ones whole"
import json, sys
recs = {json.loads(l)["id"]: json.loads(l) for l in open(sys.argv[1])}
for i in (2, 3, 4, 5, 6):                                        # 6 went into tag: no split
    r = recs["pgood-%d" % i]
    assert r["error"] is None and (i == 6 or r["sentences"]), r
assert "pgood-1" not in recs                                    # its frame was cut: dropped, counted
n = recs["pnul"]                                                # NUL and a stray byte, repaired
assert n["error"] is None and "\ufffd de Lyon" in n["text"] and "utf8-repaired" in n["flags"], n
b = recs["pbig"]
assert "on arrival at split" in b["error"] and "payload-dropped" in b["flags"], b
for k, word in (("pspan1", "past the text"), ("pspan2", "start 9 > end 2"), ("ptok", "not inside")):
    assert "invalid spans" in recs[k]["error"] and word in recs[k]["error"], recs[k]
    assert recs[k]["error_stage"] == "tag", recs[k]
PY
for st in clean split tag sink; do v=PID_b_$st; kill -TERM "${!v}"; done
for st in clean split tag sink; do v=PID_b_$st; wait_exit "${!v}" 15; done
check "frames: clean counted the garbage, the cut frame and the JSON frame (malformed=3)" \
    grep -q 'malformed=3 ' "$T/b_clean.log"
check "frames: split counted the frame over the limit (oversize=1)" grep -q 'oversize=1 ' "$T/b_split.log"
check "frames: the end-of-stream frame did not stop a --keep-running stage" \
    grep -q 'pgood-4' "$T/b.jsonl"

# ---- C. command lines
says () { [ "$1" -eq 2 ] && grep -q -- "$2" "$T/cli.out"; }
usage () {      # usage LABEL WORD CMD...: exit 2 and WORD in what it says
    local label=$1 word=$2; shift 2
    timeout -k 2 10 "$@" > "$T/cli.out" 2>&1 < /dev/null
    local rc=$?
    check "cli: $label (exit $rc, says \"$word\")" says $rc "$word"
}
for st in fetch clean split tag sink; do
    usage "depeche-$st --bogus" "bogus" "$BIN/depeche-$st" --bogus
done
usage "a port over 65535 (item 5)" "1..65535" "$BIN/depeche-split" --insecure \
    --in "@tcp://127.0.0.1:99999" --out -
usage "--max-bytes lots" "max-bytes" "$BIN/depeche-tag" --max-bytes lots
usage "depeche relay --bogus" "--bogus" "$BIN/depeche" relay --bogus "@ipc://$T/r1" "@ipc://$T/r2"
usage "depeche push --bogus" "--bogus" "$BIN/depeche" push --bogus ">ipc://$T/x"
printf 'max-bytes lots\nstage fetch\nstage sink\n' > "$T/bad.conf"
usage "depeche run, a config with a bad max-bytes" "1..1G" "$BIN/depeche" run "$T/bad.conf"
# One size limit for the whole pipeline, set once in the config.
M="$T/maxrun"; mkdir -p "$M"
python3 -c "
import json
print(json.dumps({'id': 'small', 'text': 'Le maire de Lyon a parlé.'}))
print(json.dumps({'id': 'large', 'text': 'Une phrase. ' * 6000}))" > "$M/in.jsonl"
printf 'rundir %s\nmax-bytes 50K\nstage fetch 1 %s\nstage split 1\nstage sink 1 --write %s\n' \
    "$M/run" "$M/in.jsonl" "$M/out.jsonl" > "$M.conf"
timeout 120 "$BIN/depeche" run "$M.conf" 2>"$T/maxrun.log"
check "config: max-bytes 50K reaches every stage (the 72 KB article is a dead letter)" \
    bash -c "grep -q '\"id\":\"large\".*size limit' '$M/out.jsonl' && grep -q '\"id\":\"small\".*\"error\":null' '$M/out.jsonl'"
printf '\r\n \t\r\n\n' | "$BIN/depeche" push ">ipc://$T/nobody" > "$T/blank.out" 2>&1
check "cli: depeche push skips CRLF blank lines (not \"not JSON\")" \
    bash -c "grep -q 'pushed 0 message' '$T/blank.out' && ! grep -q 'not JSON\|not sent' '$T/blank.out'"
# depeche push reads an old Mac's lines as fetch does; a sink takes them.
start cr_sink "$BIN/depeche-sink" --in "@ipc://$T/cr" --write "$T/cr.jsonl"
printf '{"id":"pm1","text":"Une phrase."}\r{"id":"pm2","text":"Deux phrases."}\r' \
    | "$BIN/depeche" push ">ipc://$T/cr" > "$T/cr.out" 2>&1
wait_for 20 bash -c "[ \$(cat '$T/cr.jsonl' 2>/dev/null | wc -l) -ge 2 ]"
check "cli: depeche push reads CR-only lines (2 articles written, none malformed)" \
    bash -c "grep -q '\"id\":\"pm1\".*\"error\":null' '$T/cr.jsonl' && grep -q '\"id\":\"pm2\".*\"error\":null' '$T/cr.jsonl' && ! grep -q 'not JSON\|not sent' '$T/cr.out'"
kill -TERM "$PID_cr_sink"; wait_exit "$PID_cr_sink" 20
# ... and so does a stage reading JSON lines on stdin (--in -).
printf '{"id":"sm1","text":"Une phrase."}\r{"id":"sm2","text":"Deux phrases."}\r' \
    | "$BIN/depeche-split" --in - --out - > "$T/cr-split.jsonl" 2> "$T/cr-split.log"
check "cli: a stage reads CR-only lines on stdin (2 articles split, none malformed)" \
    bash -c "[ \$(grep -c '\"error\":null' '$T/cr-split.jsonl') -eq 2 ] && grep -q 'malformed=0' '$T/cr-split.log'"

# One article naming 3 000 distinct names teaches the sink's linker its
# strongest 1 024 only (flagged names-capped), and every name keeps a canon.
python3 - > "$T/names.jsonl" <<'PY'
import json
names = ["Nom%04d Zed" % i for i in range(3000)]
text = " ".join(n + "." for n in names)
ents, at = [], 0
for i, n in enumerate(names):
    ents.append({"start": at, "end": at + len(n), "type": ("PER", "LOC", "ORG")[i % 3], "text": n})
    at += len(n) + 2
print(json.dumps({"id": "many-names", "url": "https://x/names", "text": text,
                  "sentences": [{"start": 0, "end": len(text)}], "entities": ents}))
print(json.dumps({"id": "after-names", "text": "Le maire de Lyon a parlé.",
                  "entities": [{"start": 3, "end": 8, "type": "LOC", "text": "Nom0001 Zed"}]}))
PY
start nm_sink "$BIN/depeche-sink" --in "@ipc://$T/nm" --db "$T/names.db" --write "$T/names.out"
"$BIN/depeche" push ">ipc://$T/nm" < "$T/names.jsonl" 2>> "$T/nm-push.log"
wait_for 30 bash -c "[ \$(cat '$T/names.out' 2>/dev/null | wc -l) -ge 2 ]"
kill -TERM "$PID_nm_sink"; wait_exit "$PID_nm_sink" 20
python3 - "$T/names.out" "$T/names.db" <<'PY' && ok "names: a 3 000-name article teaches 1 024 (names-capped), every name has a canon" || not_ok "names: a 3 000-name article teaches 1 024 (names-capped), every name has a canon"
import json, sqlite3, sys
recs = {r["id"]: r for r in map(json.loads, open(sys.argv[1]))}
r = recs["many-names"]
assert "names-capped" in (r.get("flags") or []), r.get("flags")
assert r["error"] is None
assert all(e.get("canon") == e["text"] for e in r["entities"]), "a name without its canon"
n = sqlite3.connect(sys.argv[2]).execute("SELECT count(*) FROM canon_names").fetchone()[0]
assert n == 1024, n
assert "names-capped" not in (recs["after-names"].get("flags") or [])   # a name it taught: known, nothing new
PY

"$BIN/depeche" push --help > "$T/help.out" 2>&1
check "cli: depeche push --help prints its help (exit $?)" grep -q -- '--acked' "$T/help.out"

# ---- an article whose origin names an ack endpoint that binds (i-qa16): the
# sink bound it, and libzmq first removes what is at an ipc path, so one
# JSON line (a replay without --ack passes origin on, as `depeche push`
# does into any stage) deleted a file of the sink's choosing.
echo precieux > "$T/victim.txt"
printf '{"id":"h-origin","text":"Le maire a parlé.","seq":1,"origin":{"fetch":"f","ack":"@ipc://%s"}}\n' \
    "$T/victim.txt" > "$T/origin.jsonl"
"$BIN/depeche-sink" --in - --write "$T/origin.out" < "$T/origin.jsonl" 2>"$T/origin.log"
check "origin: an ack endpoint that binds is refused, the file there untouched ($(cat "$T/victim.txt" 2>&1 | head -c 40))" \
    [ -f "$T/victim.txt" -a "$(cat "$T/victim.txt" 2>/dev/null)" = precieux ]
check "origin: the article is written all the same" grep -q '"id":"h-origin"' "$T/origin.out"

check_logs
