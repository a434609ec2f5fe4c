// The exchange core on one thread: a mixed workload of limit orders (half of them crossing),
// cancels and market orders over 1,000 accounts and 5 tickers, then memory per resting order
// with 1,000,000 orders resting.
import Foundation
import MarketCore

struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum Operation {
    case limit(OrderRequest, ticker: Int)
    case market(OrderRequest, ticker: Int)
    case cancel(pick: Int, ticker: Int)
}

let tickers: [TickerSymbol] = ["FUN", "MEME", "YOLO", "HODL", "PUMP"]
let mids: [Cents] = [100_00, 50_00, 200_00, 75_00, 25_00]
let accountCount: Int64 = 1_000
let operationCount = Int(ProcessInfo.processInfo.environment["OPERATIONS"] ?? "") ?? 2_000_000
let time = Timestamp(millisecondsSinceEpoch: 1_750_000_000_000)

func makeVenue() -> Venue {
    let venue = Venue(id: "bench")
    _ = try! venue.setFeeSchedule(FeeSchedule(makerBasisPoints: 1, takerBasisPoints: 5), at: time)
    for (symbol, mid) in zip(tickers, mids) {
        _ = try! venue.list(TickerListing(symbol: symbol, initialPrice: mid), at: time)
    }
    for id in 1...accountCount {
        _ = try! venue.openAccount(AccountID(id), cash: 1_000_000_000_00, at: time)
        for symbol in tickers {
            _ = try! venue.adjustShares(of: AccountID(id), in: symbol, by: 100_000_000, reason: "seed", at: time)
        }
    }
    return venue
}

func workload(seed: UInt64) -> [Operation] {
    var random = SplitMix64(state: seed)
    var operations: [Operation] = []
    operations.reserveCapacity(operationCount)
    for _ in 0..<operationCount {
        let ticker = Int.random(in: 0..<tickers.count, using: &random)
        let account = AccountID(Int64.random(in: 1...accountCount, using: &random))
        let side: Side = Bool.random(using: &random) ? .buy : .sell
        let roll = Int.random(in: 0..<100, using: &random)
        if roll < 60 {
            // Half cross: priced up to 5 ticks through the mid; the rest rest up to 20 ticks away.
            let crosses = Bool.random(using: &random)
            let ticks = crosses ? Int64.random(in: 0...5, using: &random) : -Int64.random(in: 1...20, using: &random)
            let price = mids[ticker] + Cents(side == .buy ? ticks : -ticks)
            operations.append(
                .limit(
                    OrderRequest(
                        account: account, ticker: tickers[ticker], side: side, kind: .limit(price: price),
                        quantity: Shares(Int64.random(in: 1...100, using: &random))), ticker: ticker))
        } else if roll < 90 {
            operations.append(.cancel(pick: Int.random(in: 0..<Int.max, using: &random), ticker: ticker))
        } else {
            operations.append(
                .market(
                    OrderRequest(
                        account: account, ticker: tickers[ticker], side: side, kind: .market,
                        quantity: Shares(Int64.random(in: 1...50, using: &random)), timeInForce: .immediateOrCancel),
                    ticker: ticker))
        }
    }
    return operations
}

/// Runs the workload on a fresh venue; with `latencies`, records each operation's time in it.
func run(_ operations: [Operation], recordingInto latencies: UnsafeMutableBufferPointer<Int64>?) -> (
    trades: Int, rejected: Int, resting: Int
) {
    let venue = makeVenue()
    var live: [[OrderID]] = Array(repeating: [], count: tickers.count)
    var rejected = 0
    var trades = 0
    let clock = ContinuousClock()
    for (index, operation) in operations.enumerated() {
        let before = latencies == nil ? nil : clock.now
        switch operation {
        case .limit(let request, let ticker), .market(let request, let ticker):
            do {
                let result = try venue.submit(request, at: time)
                trades += result.acknowledgement.trades.count
                if result.acknowledgement.status == .open || result.acknowledgement.status == .partial {
                    live[ticker].append(result.acknowledgement.orderID)
                }
            } catch {
                rejected += 1
            }
        case .cancel(let pick, let ticker):
            if !live[ticker].isEmpty {
                let slot = pick % live[ticker].count
                let order = live[ticker][slot]
                live[ticker].swapAt(slot, live[ticker].count - 1)
                live[ticker].removeLast()
                _ = try? venue.cancel(order, in: tickers[ticker], by: nil, at: time)
            }
        }
        if let before, let latencies { latencies[index] = (clock.now - before).nanoseconds }
    }
    let resting = venue.snapshot().markets.values.reduce(0) { $0 + $1.bids.count + $1.asks.count }
    return (trades, rejected, resting)
}

func mixedWorkload() {
    let operations = workload(seed: 42)
    let clock = ContinuousClock()
    // Throughput from a run without per-operation clock reads, which would slow it down.
    let started = clock.now
    let outcome = run(operations, recordingInto: nil)
    let elapsed = clock.now - started
    var latencies = UnsafeMutableBufferPointer<Int64>.allocate(capacity: operations.count)
    defer { latencies.deallocate() }
    _ = run(operations, recordingInto: latencies)
    latencies.sort()
    let seconds = Double(elapsed.nanoseconds) / 1e9
    print(
        "mixed workload: \(operations.count) operations (60% limit, half crossing; 30% cancel; 10% market), 1,000 accounts, 5 tickers"
    )
    print(String(format: "  throughput     %.0f operations/s", Double(operations.count) / seconds))
    print("  latency p50    \(latencies[latencies.count / 2]) ns")
    print("  latency p99    \(latencies[latencies.count * 99 / 100]) ns")
    print("  latency p99.9  \(latencies[latencies.count * 999 / 1000]) ns")
    print("  trades \(outcome.trades), rejected \(outcome.rejected), resting at end \(outcome.resting)")
}

/// Resident memory of this process, from /proc (Linux).
func residentBytes() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = statm.split(separator: " ")
    return (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func memoryPerRestingOrder() {
    let venue = makeVenue()
    var random = SplitMix64(state: 7)
    let count = 1_000_000
    let before = residentBytes()
    for _ in 0..<count {
        let ticker = Int.random(in: 0..<tickers.count, using: &random)
        let side: Side = Bool.random(using: &random) ? .buy : .sell
        let ticks = Int64.random(in: 1...500, using: &random)
        let price = mids[ticker] + Cents(side == .buy ? -ticks : ticks)
        _ = try! venue.submit(
            OrderRequest(
                account: AccountID(Int64.random(in: 1...accountCount, using: &random)), ticker: tickers[ticker],
                side: side, kind: .limit(price: price), quantity: 10),
            at: time)
    }
    let after = residentBytes()
    print("resting orders: \(count) across 5 tickers")
    print(
        "  memory         \((after - before) / count) bytes per resting order (resident growth \((after - before) >> 20) MiB)"
    )
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

let part = ProcessInfo.processInfo.environment["PART"] ?? "all"
if part != "memory" { mixedWorkload() }
if part != "mixed" { memoryPerRestingOrder() }
