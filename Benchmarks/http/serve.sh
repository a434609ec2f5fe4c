# Sourced by the HTTP benchmarks: `serve BINARY DATA PORT [NAME=VALUE ...]` starts `BINARY serve` on SQLite in
# the folder DATA on PORT, as the benchmarks run it (an admin `bench`, market makers and background traders
# off, rate limits out of the way, cheap bcrypt; NAME=VALUE overrides any of these), sets `server` to its pid
# and returns once it answers /api/health. A server that exits first prints its log and fails.
serve() {
    local binary=$1 data=$2 port=$3
    shift 3
    env ADMIN_USERNAME=bench ADMIN_PASSWORD=bench-admin-password DATA_DIR="$data" PORT="$port" MARKET_MAKERS=off \
        BACKGROUND_TRADERS=off RATE_LIMIT_REQUESTS=1000000 RATE_LIMIT_WINDOW=1 BCRYPT_COST=4 "$@" \
        "$binary" serve >"$data/server.log" 2>&1 &
    server=$!
    until curl -sf "http://127.0.0.1:$port/api/health" >/dev/null; do
        kill -0 "$server" 2>/dev/null || { cat "$data/server.log"; return 1; }
        sleep 0.2
    done
}
