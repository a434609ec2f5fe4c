// The WebSocket feed under load: SUBSCRIBERS clients (default 1,000) on `trades:FUN` while trades run at
// RATE a second (default 1,000) for SECONDS (default 10), against the real server in this process (SQLite,
// group commit, journal hook). Prints the delay from the commit hook's publication to each client's
// receipt (p50, p99, max), what was delivered, and memory per connection.
//
// Clients and server share the process and its two cores, so the delays include the clients' own work and
// the memory figure counts both ends of each connection.
import Foundation
import Logging
import MarketCore
import MarketServer
import NIOCore
import NIOPosix
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

let environment = ProcessInfo.processInfo.environment
let subscriberCount = Int(environment["SUBSCRIBERS"] ?? "") ?? 1_000
let tradesPerSecond = Int(environment["RATE"] ?? "") ?? 1_000
let seconds = Int(environment["SECONDS"] ?? "") ?? 10
let quiet = Logger(label: "feed-benchmark") { _ in SwiftLogNoOpLogHandler() }

func nanosecondsNow() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return 0 }
    return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
}

/// When each sequence number of the channel was published; written by the journal's commit hook only.
final class PublicationTimes: @unchecked Sendable {
    let times: UnsafeMutableBufferPointer<UInt64>
    init(capacity: Int) {
        times = .allocate(capacity: capacity)
        times.initialize(repeating: 0)
    }
    func record(_ sequence: UInt64) {
        if Int(sequence) < times.count { times[Int(sequence)] = nanosecondsNow() }
    }
}

/// One client's delays, merged at the end.
final class Receipts: Sendable {
    func record(_ delays: [UInt64]) { self.delays.withLock { $0 += delays } }

    let delays = Mutex<[UInt64]>([])
    let received = Atomic<Int>(0)
    let gaps = Atomic<Int>(0)
}

let totalTrades = tradesPerSecond * seconds
let times = PublicationTimes(capacity: totalTrades * 2 + 10)
let parts = Mutex<ServerParts?>(nil)
let ports = AsyncStream<Int>.makeStream()
let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("feed-bench-\(UUID().uuidString)")
    .path
try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: dataDirectory) }

var configuration = ServerConfiguration(dataDirectory: dataDirectory)
configuration.port = 0
configuration.marketMakersEnabled = false
configuration.feed.subscriberQueueLimit = 4_096
configuration.startingCashCents = 100_000_000_00
configuration.bcryptCost = 4
let app = try await buildApplication(
    configuration: configuration,
    hooks: ServerHooks(onBuilt: { built in
        built.feed.observePublications { _, channel, sequence in
            if channel == "trades:FUN" { times.record(sequence) }
        }
        parts.withLock { $0 = built }
    }),
    logger: quiet,
    onServerRunning: { ports.continuation.yield($0) })
let server = Task { try await app.runService(gracefulShutdownSignals: []) }
func firstPort(_ stream: AsyncStream<Int>) async -> Int {
    var iterator = stream.makeAsyncIterator()
    return await iterator.next()!
}
let port = await firstPort(ports.stream)
let venue = parts.withLock { $0 }!.venues.main
let feed = parts.withLock { $0 }!.feed

/// Registers a user over HTTP (accounts belong to users) and returns its account in `main`.
func register(_ username: String) async throws -> AccountID {
    var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/register")!)
    request.httpMethod = "POST"
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    request.httpBody = Data(#"{"username":"\#(username)","password":"benchmark"}"#.utf8)
    let (data, _) = try await URLSession.shared.data(for: request)
    let answer = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    return AccountID(Int64(answer?["user_id"] as? String ?? "")!)
}
let seller = try await register("seller")
let buyer = try await register("buyer")
try await venue.adjustShares(of: seller, in: "FUN", by: Shares(Int64(totalTrades) * 2), reason: "benchmark")

// Connect the subscribers: lean clients on raw NIO channels (see SubscriberHandler), so that the
// measurement is of the server's fan-out rather than of a client library's per-message overhead.
let baseline = residentBytes()
let receipts = (0..<subscriberCount).map { _ in Receipts() }
let connectStart = nanosecondsNow()
let clientGroup = MultiThreadedEventLoopGroup.singleton
var clients: [any Channel] = []
for receipt in receipts {
    let handler = SubscriberHandler(
        path: "/ws/trades:FUN", port: port, expected: totalTrades, receipt: receipt, published: times)
    clients.append(
        try await ClientBootstrap(group: clientGroup)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) }
            }
            .connect(host: "127.0.0.1", port: port).get())
}
while feed.subscriberCount < subscriberCount {
    try await Task.sleep(for: .milliseconds(50))
}
let connectSeconds = Double(nanosecondsNow() - connectStart) / 1e9
try await Task.sleep(for: .seconds(1))
let connected = residentBytes()
print("subscribers: \(subscriberCount) connected in \(String(format: "%.2f", connectSeconds)) s")
print(
    "memory: \(baseline / 1_048_576) MiB before, \(connected / 1_048_576) MiB after, "
        + "\((connected - baseline) / subscriberCount) bytes per connection (both ends, one process)")

// Trades at the rate asked: every 10 ms, a batch of sell-then-buy pairs, each pair one trade.
let perTick = max(1, tradesPerSecond / 100)
let tradeStart = nanosecondsNow()
try await withThrowingTaskGroup(of: Void.self) { group in
    for tick in 0..<(totalTrades / perTick) {
        let due = tradeStart + UInt64(tick) * 10_000_000
        let now = nanosecondsNow()
        if due > now { try await Task.sleep(for: .nanoseconds(Int(due - now))) }
        for _ in 0..<perTick {
            group.addTask {
                _ = try await venue.submit(
                    OrderRequest(account: seller, ticker: "FUN", side: .sell, kind: .limit(price: 100_00), quantity: 1))
                _ = try await venue.submit(
                    OrderRequest(account: buyer, ticker: "FUN", side: .buy, kind: .limit(price: 100_00), quantity: 1))
            }
        }
    }
    try await group.waitForAll()
}
let tradeSeconds = Double(nanosecondsNow() - tradeStart) / 1e9
let deadline = nanosecondsNow() + 30_000_000_000
while receipts.contains(where: { $0.received.load(ordering: .relaxed) < totalTrades }) && nanosecondsNow() < deadline {
    try await Task.sleep(for: .milliseconds(100))
}
let volume = venue.committed.quote("FUN")!.volume.value
for client in clients { try? await client.close().get() }

var allDelays: [UInt64] = []
for receipt in receipts { allDelays += receipt.delays.withLock { $0 } }
allDelays.sort()
func percentile(_ p: Double, of delays: [UInt64]) -> String {
    guard !delays.isEmpty else { return "n/a" }
    let value = delays[min(delays.count - 1, Int(Double(delays.count) * p))]
    return String(format: "%.2f ms", Double(value) / 1e6)
}
let delivered = receipts.reduce(0) { $0 + $1.received.load(ordering: .relaxed) }
let gaps = receipts.reduce(0) { $0 + $1.gaps.load(ordering: .relaxed) }
print(
    "trades: \(volume) in \(String(format: "%.2f", tradeSeconds)) s (\(Int(Double(volume) / tradeSeconds))/s asked \(tradesPerSecond)/s)"
)
print(
    "delivered: \(delivered) of \(Int(volume) * subscriberCount) messages, \(gaps) gaps, \(feed.droppedSubscribers) subscribers dropped"
)
print(
    "commit-to-receipt delay: p50 \(percentile(0.5, of: allDelays)), p99 \(percentile(0.99, of: allDelays)), "
        + "max \(percentile(1.0, of: allDelays)) over \(allDelays.count) receipts")
server.cancel()
_ = await server.result
