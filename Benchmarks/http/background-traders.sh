#!/usr/bin/env bash
# What the background traders cost: the release build on SQLite with its durable defaults and venue main's
# market maker on. The server's CPU time (user + system, from /proc) is measured for SECONDS (default 30)
# with the background traders off, then for as long again with a busy population on; the difference, divided
# by the orders the population placed meanwhile (counted in the database), is the cost per 1,000 of their
# orders, everything they cause included: decisions, the order path, the journal, the feed.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${SECONDS_EACH:-30}"
if [ -z "${BIN:-}" ]; then
    swift build -c release --product marketsim >/dev/null
    BIN="$(swift build -c release --show-bin-path)/marketsim"
fi
data="$(mktemp -d)"
port="${PORT:-18091}"
server=
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
source Benchmarks/http/serve.sh
serve "$BIN" "$data" "$port" MARKET_MAKERS=on
token=$(curl -sf -X POST "http://127.0.0.1:$port/api/login" -H 'Content-Type: application/json' \
    -d '{"username":"bench","password":"bench-admin-password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["jwt_token"])')
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
trader_orders() {
    python3 -c 'import sqlite3,sys; db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
print(db.execute("SELECT count(*) FROM orders WHERE user_id IN (SELECT user_id FROM background_traders)").fetchone()[0])' \
        "$data/marketsim.sqlite"
}
sleep 5 # the market maker's first quotes
before=$(cpu_ticks)
sleep "$seconds"
quiet=$(($(cpu_ticks) - before))
# Nine traders on five tickers, each acting 300 times a minute on average: a population far busier than the default.
curl -sf -X PUT "http://127.0.0.1:$port/api/admin/venues/main/background-traders" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"noise":{"count":4,"per_minute":300},"value":{"count":3,"per_minute":300},
    "momentum":{"count":2,"per_minute":300},"step_ms":100}' >/dev/null
sleep 2 # their accounts opened
orders_before=$(trader_orders)
before=$(cpu_ticks)
sleep "$seconds"
busy=$(($(cpu_ticks) - before))
orders=$(($(trader_orders) - orders_before))
awk -v quiet="$quiet" -v busy="$busy" -v hz="$(getconf CLK_TCK)" -v n="$orders" -v s="$seconds" 'BEGIN {
    printf "market maker alone      %.2f s of CPU in %d s\n", quiet / hz, s
    printf "with background traders %.2f s of CPU in %d s, %d orders of theirs (%.0f a second)\n", busy / hz, s, n, n / s
    printf "background traders      %.0f ms of CPU per 1,000 of their orders\n", (busy - quiet) / hz / n * 1e6 }'
