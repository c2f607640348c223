# `depeche serve` on a database the live pipeline writes, in a real
# browser. The story fixture corpus and a hostile article go through the
# five stages over sockets into a sink with --db; the server reads the same
# file (WAL) while the sink keeps it open; chromium (headless, driven by
# python3-selenium: tests/integration/serve_browser.py) follows a story, a
# name and an article, checks the highlights and the hostile article, sees
# one more article pushed into the pipeline appear without a reload, and
# saves a screenshot ($BIN/../serve.png). Also checked with curl: the
# security headers, the Host check, HEAD and POST, idle connections that
# must not lock the page, and a clean stop.
source "$(dirname "$0")/lib.sh"
F="$ROOT/tests/fixtures/stories/articles.jsonl"
N=$(( $(lines "$F") + 1 ))
sq () { python3 -c 'import sqlite3,sys; c=sqlite3.connect("file:"+sys.argv[1]+"?mode=ro",uri=True); [print("|".join(map(str,r))) for r in c.execute(sys.argv[2])]' "$@"; }

cat > "$T/hostile.jsonl" <<'EOF'
{"id":"hostile-1","url":"javascript:alert(1)","title":"<script>alert(1)</script>","published":"2026-02-12","lang":"fr","text":"Le maire de Lyon, Grégory Doucet, a répondu <img src=x onerror=alert(3)> aux questions des habitants de la Croix-Rousse.\n\nIl rencontrera Emmanuel Macron à Paris le 14 février, a précisé la mairie."}
EOF
cat > "$T/extra.jsonl" <<'EOF'
{"id":"extra-1","url":"https://www.la-depeche-regionale.example/2026/02/15/crue-de-l-odet-a-quimper","title":"Crue de la rivière Odet, Quimper évacue ses quais","published":"2026-02-15","lang":"fr","text":"La préfecture du Finistère a ordonné dimanche l'évacuation des quais de Quimper, où l'Odet est sorti de son lit après trois jours de pluie.\n\nLe maire de Quimper, Isabelle Assih, a ouvert deux gymnases pour accueillir les habitants des rues inondées."}
EOF

E="ipc://$T"
start sink  "$BIN/depeche-sink"  --in "@$E/k.ipc" --db "$T/news.db" --flush-ms 20 --keep-running
start tag   "$BIN/depeche-tag"   --in "@$E/t.ipc" --out ">$E/k.ipc" --keep-running
start split "$BIN/depeche-split" --in "@$E/s.ipc" --out ">$E/t.ipc" --keep-running
start clean "$BIN/depeche-clean" --in "@$E/c.ipc" --out ">$E/s.ipc" --keep-running
start fetch "$BIN/depeche-fetch" --ingest "@$E/in.ipc" --out ">$E/c.ipc"
count () { sq "$T/news.db" "SELECT COUNT (*) FROM articles" 2>/dev/null || echo 0; }
cat "$F" "$T/hostile.jsonl" | "$BIN/depeche" push ">$E/in.ipc" 2>>"$T/push.log"
wait_for 120 test "$(count)" -ge "$N"
check "the pipeline wrote the $N articles into the database" test "$(count)" -eq "$N"

# A wide time budget: the checks are about what the pages hold; a loaded
# machine must not cut their lists (the render time is make bench's).
start serve "$BIN/depeche" serve --db "$T/news.db" --listen 127.0.0.1:0 --budget-ms 5000
wait_for 30 grep -q "serving http://127.0.0.1:" "$T/serve.log"
PORT=$(grep -o 'serving http://127.0.0.1:[0-9]*' "$T/serve.log" | head -1 | sed 's/.*://')
U="http://127.0.0.1:$PORT"
check "depeche serve listens on 127.0.0.1 (port ${PORT:-none})" test -n "$PORT"

curl -s -D "$T/h.txt" -o "$T/front.html" "$U/"
check "the front page answers 200 with the security headers" \
    grep -qi '^Content-Security-Policy: default-src .none.; script-src .self.;' "$T/h.txt"
check "the front page names the stories" grep -q 'Ilham Aliyev et Vladimir Poutine' "$T/front.html"
check "a Host that is not this server is refused (DNS rebinding)" \
    test "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: evil.example' "$U/")" = 421
check "HEAD answers, POST is refused" test "$(curl -s -o /dev/null -w '%{http_code}' -I "$U/")$(curl -s -o /dev/null -w '%{http_code}' -X POST -d x=1 "$U/")" = 200405

# Idle connections (a slowloris, browsers' speculative sockets) must not
# lock the page: 100 opened and left silent, then a request. At 64
# connections and 30 s it waited for a slot (timed out after 8 s).
idle_then_get () {
    python3 - "$PORT" "$1" <<'PY'
import socket, subprocess, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
time.sleep(0.3)
t = time.time()
r = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "8",
                    "http://127.0.0.1:%d/" % port], capture_output=True, text=True)
print("%s %.2f" % (r.stdout, time.time() - t))
PY
}
read -r code secs < <(idle_then_get 100)
echo "# 100 idle connections, then a request: $code in $secs s"
check "100 idle connections do not lock the page out (answered $code in $secs s)" \
    test "$code" = 200

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    skip "browser: chromium or chromium-driver is not installed"
elif ! /usr/bin/python3 -c 'import selenium' 2>/dev/null; then
    skip "browser: python3-selenium is not installed"
else
    PATH="$BIN:$PATH" timeout -k 5 240 /usr/bin/python3 "$ROOT/tests/integration/serve_browser.py" \
        "$U" "$E/in.ipc" "$T/extra.jsonl" "$T/serve.png" >"$T/browser.out" 2>"$T/browser.err"
    rc=$?
    cat "$T/browser.out"
    if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$T/browser.out"; then
        not_ok "browser: the driver script ended with $rc"
    fi
    [ $rc -ne 0 ] && sed 's/^/# /' "$T/browser.err" | tail -20
    [ -f "$T/serve.png" ] && cp "$T/serve.png" "$BIN/../serve.png"
fi

kill -TERM "$PID_serve" 2>/dev/null; pkill -TERM -P "$PID_serve" 2>/dev/null
wait_exit "$PID_serve" 20
check "depeche serve stops on SIGTERM with 0" test "$RC" = 0
for p in fetch clean split tag sink; do
    eval pid=\$PID_$p
    kill -TERM "$pid" 2>/dev/null; pkill -TERM -P "$pid" 2>/dev/null
done
for p in fetch clean split tag sink; do eval pid=\$PID_$p; wait_exit "$pid" 20; done
check_logs
