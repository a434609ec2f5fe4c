-- wrk script: limit orders from many agents on five tickers, about half of them crossing.
-- Agents' API keys come one per line from the file named by AGENT_KEYS. Each thread formats a pool of
-- requests once and cycles through it, and no response is handed to Lua: status codes of 400 and above
-- are counted by wrk itself. So the load generator spends its share of the cores on sockets, not Lua.
local keys = {}
for line in io.lines(os.getenv("AGENT_KEYS")) do keys[#keys + 1] = line end
local tickers = { "FUN", "MEME", "YOLO", "HODL", "PUMP" }
local mids = { 10000, 5000, 20000, 7500, 2500 } -- cents
local threads = {}
local pool = {}
local cursor = 0

function setup(thread)
    threads[#threads + 1] = thread
    thread:set("id", #threads)
end

function init(args)
    math.randomseed(os.time() + id * 7919)
    for n = 1, 4096 do
        local i = math.random(#tickers)
        local buying = math.random(2) == 1
        local ticks = math.random(-5, 5) -- through the mid when positive: about half cross
        local price = mids[i] + (buying and ticks or -ticks)
        local body = string.format('{"ticker":"%s","side":"%s","price":%d.%02d,"quantity":%d}',
            tickers[i], buying and "buy" or "sell", math.floor(price / 100), price % 100, math.random(1, 10))
        pool[n] = wrk.format("POST", "/api/orders",
            { ["X-API-Key"] = keys[math.random(#keys)], ["Content-Type"] = "application/json" }, body)
    end
end

function request()
    cursor = cursor % #pool + 1
    return pool[cursor]
end

function done(summary, latency, requests)
    local refused = summary.errors.status
    local accepted = summary.requests - refused
    local seconds = summary.duration / 1e6
    io.write(string.format("accepted orders  %d in %.1f s: %.0f orders/s (refused %d)\n", accepted, seconds, accepted / seconds, refused))
    io.write(string.format("order latency    p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
