# Across machines, securely (issue 9): four "hosts" in network namespaces
# made by this test (a bridge, veth pairs, addresses of the test's own):
# h1 fetch + sink, h2 clean + split, h3 two tag instances, h4 an intruder.
# Every tcp:// endpoint is CURVE; the intruder's key is not allowed.
source "$(dirname "$0")/lib.sh"

NS=dp$$                                  # names stay under 15 characters
NET=10.231.77
nsx () { local h=$1; shift; ip netns exec "${NS}$h" "$@"; }
teardown_ns () {
    for h in h1 h2 h3 h4 sw; do ip netns del "${NS}$h" 2>/dev/null; done
}
if [ "$(id -u)" -ne 0 ] || ! ip netns add "${NS}sw" 2>/dev/null; then
    skip "multi-host: network namespaces cannot be made here (needs root and iproute2)"
    exit 0
fi
trap 'teardown_ns; cleanup' EXIT
nsx sw ip link add br0 type bridge
nsx sw ip link set br0 up
for i in 1 2 3 4; do
    ip netns add "${NS}h$i"
    ip link add "${NS}v$i" type veth peer name "${NS}e$i"
    ip link set "${NS}v$i" netns "${NS}sw"
    ip link set "${NS}e$i" netns "${NS}h$i"
    nsx sw ip link set "${NS}v$i" master br0 up
    nsx h$i ip addr add "$NET.$i/24" dev "${NS}e$i"
    nsx h$i ip link set "${NS}e$i" up
    nsx h$i ip link set lo up
done

# ---- keys: one pair per host, one allow-list of the three hosts
K="$T/keys"; mkdir -p "$K/allow"
( cd "$K" && "$BIN/depeche" keygen h1 && "$BIN/depeche" keygen h2 && \
  "$BIN/depeche" keygen h3 && "$BIN/depeche" keygen intruder ) 2>>"$T/keygen.log"
cp "$K"/h1.key "$K"/h2.key "$K"/h3.key "$K/allow/"
check "keygen: the secret file is 0600" [ "$(stat -c %a "$K/h1.key_secret")" = 600 ]

awk 'BEGIN { for (i = 0; i < 2000; i++)
    printf "{\"id\":\"m%d\",\"text\":\"Le président Ilham Aliyev a reçu M. Blinken à Bakou le 9 septembre (%d).\"}\n", i, i }' > "$T/in.jsonl"
A="--allow $K/allow"
# One config for the three hosts, each running its part (depeche run --host).
cat > "$T/deploy.conf" <<CONF
# one file system here, so one rundir serves the three "hosts"
rundir $T/run
host h1 $NET.1
host h2 $NET.2
host h3 $NET.3
keys $K
port 6100
stage fetch 1 @h1 --resend-ms 1500 --rate 200 $T/in.jsonl
stage clean 1 @h2
stage split 1 @h2
stage tag 2 @h3
stage sink 1 @h1 --write $T/out.jsonl
CONF
start sup_h3 ip netns exec "${NS}h3" "$BIN/depeche" run --host h3 "$T/deploy.conf"
start sup_h2 ip netns exec "${NS}h2" "$BIN/depeche" run --host h2 "$T/deploy.conf"
start sup_h1 ip netns exec "${NS}h1" "$BIN/depeche" run --host h1 "$T/deploy.conf"

# ---- the intruder pushes to every bound endpoint while the stream runs:
# clean 6116 (h2), tag 6148/6149 (h3), sink 6164 (h1), fetch's acks 6099 (h1)
sleep 1
for ep in "$NET.2:6116 h2" "$NET.3:6148 h3" "$NET.3:6149 h3" "$NET.1:6164 h1" "$NET.1:6099 h1"; do
    set -- $ep
    echo '{"id":"EVIL","text":"Injected."}' \
        | ip netns exec "${NS}h4" timeout 10 "$BIN/depeche" push --cert "$K/intruder.key_secret" \
              --server-key "$K/$2.key" ">tcp://$1" 2>>"$T/intruder.log"
    # and without any key at all
    echo '{"id":"EVIL2","text":"Injected."}' \
        | ip netns exec "${NS}h4" timeout 10 "$BIN/depeche" push --insecure ">tcp://$1" 2>>"$T/intruder.log"
done

# ---- cut h2's link for 3 s mid-stream, then restore it
sleep 2
nsx h2 ip link set "${NS}e2" down
sleep 3
nsx h2 ip link set "${NS}e2" up

wait_exit "$PID_sup_h1" 180
check "multi-host: h1's run ends once every article is acknowledged (exit $RC)" [ "$RC" = 0 ]
check "multi-host: all 2000 articles written once, across the link cut" \
    [ "$(lines "$T/out.jsonl")" -eq 2000 -a "$(grep -o '"id":"m[0-9]*"' "$T/out.jsonl" | sort -u | wc -l)" -eq 2000 ]
check "multi-host: nothing the intruder sent reached the sink" bash -c "! grep -q EVIL '$T/out.jsonl'"
check "multi-host: entities were found on the far host" grep -q '"norm":"Ilham Aliyev"' "$T/out.jsonl"
for h in h2 h3; do
    v=PID_sup_$h; kill -TERM "${!v}" 2>/dev/null
    wait_exit "${!v}" 20
    [ "$RC" = 0 ] || not_ok "multi-host: $h's supervisor exits 0 on SIGTERM ($RC)"
done
for f in "$T"/run/log/*.log; do cp "$f" "$T/run-$(basename "$f")"; done
check "multi-host: the intruders were refused (logged by the ZAP handler)" \
    grep -qh 'refused a CURVE client' "$T"/run-*.log
check "multi-host: each tag instance tagged part of the stream" \
    [ "$(grep -h 'stopped' "$T"/run-tag-*.log | grep -vc ' in=0 ')" -eq 2 ]

# ---- bad keys: a clear error and exit 2
"$BIN/depeche-clean" --in "@tcp://127.0.0.1:0" --cert "$K/none.key_secret" $A 2>"$T/bad1.log"
check "bad keys: a missing key file exits 2" [ $? -eq 2 ]
head -c 120 "$K/h1.key_secret" > "$K/trunc.key_secret"; chmod 600 "$K/trunc.key_secret"
"$BIN/depeche-clean" --in "@tcp://127.0.0.1:0" --cert "$K/trunc.key_secret" $A 2>"$T/bad2.log"
check "bad keys: a truncated key file exits 2" [ $? -eq 2 ]
cp "$K/h1.key_secret" "$K/open.key_secret"; chmod 644 "$K/open.key_secret"
"$BIN/depeche-clean" --in "@tcp://127.0.0.1:0" --cert "$K/open.key_secret" $A 2>"$T/bad3.log"
check "bad keys: a world-readable secret key exits 2, saying chmod 600" \
    [ $? -eq 2 ] && grep -q 'chmod 600' "$T/bad3.log"
"$BIN/depeche-clean" --in "@tcp://127.0.0.1:0" 2>"$T/bad4.log"
check "no keys and no --insecure: plain tcp:// refused, exit 2" [ $? -eq 2 ]
"$BIN/depeche-clean" --in "@tcp://127.0.0.1:0" --cert "$K/h1.key_secret" 2>"$T/bad5.log"
check "keys but no allow-list for a bind: exit 2" [ $? -eq 2 ]
check_logs
