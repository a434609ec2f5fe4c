#!/usr/bin/env bash
# The order path over HTTP: the release build on SQLite with its durable defaults (WAL, synchronous=FULL,
# every answer after its commit), 50 funded agents sending limit orders over 32 connections for 20 s,
# then GET /api/health on the same server for comparison. Needs wrk (apt-get install wrk).
# Also prints the server's CPU time (user + system, from /proc) per 10,000 accepted orders: a figure that
# other work on the machine disturbs far less than throughput.
# WEBHOOK_ENDPOINTS=100 first registers that many webhook endpoints at a local nginx that answers 204
# (webhooks.sh), so that the same figures show what delivering to them costs: by default the agents' own, each
# for its owner's fills (the agents in turn); WEBHOOK_TOPIC=venue_trades makes them the admin's, each for
# every trade of the venue.
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch="${SCRATCH_PATH:-.build}"
swift build -c release --scratch-path "$scratch" --product marketsim >/dev/null
binary="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/marketsim"
data="$(mktemp -d)"
port="${PORT:-18080}"
server=
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; [ -f "$data/nginx/nginx.pid" ] && kill "$(cat "$data/nginx/nginx.pid")"; rm -rf "$data"' EXIT
source Benchmarks/http/serve.sh
source Benchmarks/http/webhooks.sh
serve "$binary" "$data" "$port"
python3 Benchmarks/http/agents.py "http://127.0.0.1:$port" 50 >"$data/keys"
if [ -n "${WEBHOOK_ENDPOINTS:-}" ]; then
    receive "$data"
    subscribe "http://127.0.0.1:$port" "$receiver_url" "$WEBHOOK_ENDPOINTS" "${WEBHOOK_TOPIC:-fills}" "$data/keys"
    echo "== $WEBHOOK_ENDPOINTS webhook endpoints, topic ${WEBHOOK_TOPIC:-fills}"
fi
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
echo "== POST /api/orders: 50 agents, 32 connections, 20 s"
before=$(cpu_ticks)
orders=$(AGENT_KEYS="$data/keys" wrk -t2 -c32 -d20s -s Benchmarks/http/orders.lua "http://127.0.0.1:$port" | grep -E "accepted|latency  ")
after=$(cpu_ticks)
echo "$orders"
accepted=$(echo "$orders" | awk '/accepted/ {print $3}')
awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$accepted" \
    'BEGIN { printf "server CPU       %.2f s per 10,000 orders\n", ticks / hz / n * 10000 }'
[ -n "${WEBHOOK_ENDPOINTS:-}" ] && delivered "http://127.0.0.1:$port" "$data/keys"
echo "== GET /api/health: 32 connections, 10 s"
wrk -t2 -c32 -d10s --latency "http://127.0.0.1:$port/api/health" | grep -E "Requests/sec|^ +50%|^ +99%"
