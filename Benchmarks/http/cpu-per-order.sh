#!/usr/bin/env bash
# The server's CPU time per order under a fixed load, for comparing two builds: each of BINS (release builds
# of marketsim) in turn, PAIRS times, runs on SQLite with its durable defaults while 20 funded agents send the
# same seeded sequence of ORDERS limit orders (default 20,000), one at a time over one connection. The figure
# is the server's user + system time (from /proc) over the orders, per 10,000 accepted: with one request in
# flight there is no contention to vary, so it moves far less than throughput does between runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
read -r -a binaries <<<"${BINS:?BINS=space-separated release builds of marketsim}"
orders="${ORDERS:-20000}"
port="${PORT:-18092}"
source Benchmarks/http/serve.sh
run() {
    local binary=$1 data server
    data="$(mktemp -d)"
    serve "$binary" "$data" "$port"
    python3 Benchmarks/http/agents.py "http://127.0.0.1:$port" 20 >"$data/keys"
    local before after accepted
    before=$(awk '{print $14 + $15}' "/proc/$server/stat")
    accepted=$(python3 Benchmarks/http/sequential.py 127.0.0.1 "$port" "$data/keys" "$orders")
    after=$(awk '{print $14 + $15}' "/proc/$server/stat")
    kill "$server"
    wait "$server" 2>/dev/null || true
    rm -rf "$data"
    awk -v b="$binary" -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$accepted" \
        'BEGIN { printf "%-50s %6d accepted  %.3f s of server CPU per 10,000 orders\n", b, n, t / hz / n * 10000 }'
}
for _ in $(seq 1 "${PAIRS:-5}"); do
    for binary in "${binaries[@]}"; do run "$binary"; done
done
