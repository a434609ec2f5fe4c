-- wrk script: limit orders from many agents on five tickers, about half of them crossing.
-- Agents' API keys come one per line from the file named by AGENT_KEYS.
local keys = {}
for line in io.lines(os.getenv("AGENT_KEYS")) do keys[#keys + 1] = line end
local tickers = { "FUN", "MEME", "YOLO", "HODL", "PUMP" }
local mids = { 10000, 5000, 20000, 7500, 2500 } -- cents
local threads = {}

function setup(thread)
    threads[#threads + 1] = thread
end

function init(args)
    accepted = 0
    refused = 0
    math.randomseed(os.time() + #threads * 7919)
end

function request()
    local i = math.random(#tickers)
    local buying = math.random(2) == 1
    local ticks = math.random(-5, 5) -- through the mid when positive: about half cross
    local price = mids[i] + (buying and ticks or -ticks)
    local body = string.format('{"ticker":"%s","side":"%s","price":%d.%02d,"quantity":%d}',
        tickers[i], buying and "buy" or "sell", math.floor(price / 100), price % 100, math.random(1, 10))
    return wrk.format("POST", "/api/orders",
        { ["X-API-Key"] = keys[math.random(#keys)], ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
    if status == 200 then accepted = accepted + 1 else refused = refused + 1 end
end

function done(summary, latency, requests)
    local total, rejected = 0, 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("accepted")
        rejected = rejected + thread:get("refused")
    end
    local seconds = summary.duration / 1e6
    io.write(string.format("accepted orders  %d in %.1f s: %.0f orders/s (refused %d)\n", total, seconds, total / seconds, rejected))
    io.write(string.format("order latency    p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
