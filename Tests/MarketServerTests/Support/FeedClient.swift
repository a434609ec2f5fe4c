import Foundation
import HummingbirdWSClient
import Logging
import MarketServer
import Synchronization
import Testing

/// A real WebSocket client on one channel, over a real socket, that keeps every message it receives.
final class FeedClient: Sendable {
    private let received = Mutex<[String]>([])
    private let ended = Mutex<(any Error)?>(nil)
    private let closing = Mutex<WebSocketCloseFrame?>(nil)
    private let finished = Atomic<Bool>(false)
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Connects to `path` (such as `/ws/trades:FUN`). A client that does not `read` never takes a frame off
    /// its socket: it neither answers pings nor drains what the server sends.
    static func connect(port: Int, _ path: String, read: Bool = true) -> FeedClient {
        let client = FeedClient()
        let url = "ws://127.0.0.1:\(port)\(path)"
        client.task.withLock {
            $0 = Task {
                do {
                    let frame = try await WebSocketClient.connect(
                        url: url, configuration: .init(maxFrameSize: 1 << 20), logger: Logger.quiet
                    ) { inbound, _, _ in
                        guard read else {
                            try await Task.sleep(for: .seconds(3_600))
                            return
                        }
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            if case .text(let text) = message { client.received.withLock { $0.append(text) } }
                        }
                    }
                    client.closing.withLock { $0 = frame }
                } catch {
                    client.ended.withLock { $0 = error }
                }
                client.finished.store(true, ordering: .sequentiallyConsistent)
            }
        }
        return client
    }

    /// Every message so far, parsed.
    var messages: [[String: Any]] {
        received.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Whether the connection has ended (refused, closed by the server, or closed here).
    var isFinished: Bool { finished.load(ordering: .sequentiallyConsistent) }
    var error: (any Error)? { ended.withLock { $0 } }
    /// The close frame the server sent, if the connection ended with one.
    var closeFrame: WebSocketCloseFrame? { closing.withLock { $0 } }

    /// Waits until `condition` holds for the messages received, failing after `timeout`.
    @discardableResult
    func wait(
        for what: String, timeout: Duration = .seconds(10), until condition: ([[String: Any]]) -> Bool
    ) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let messages = self.messages
            if condition(messages) { return messages }
            guard ContinuousClock.now < deadline else {
                throw TestFailure(
                    "timed out waiting for \(what); got \(messages.count) messages: \(messages.suffix(3))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    func close() async {
        let task = task.withLock { $0 }
        task?.cancel()
        await task?.value
    }
}

/// Waits until `condition` holds, failing after `timeout`.
func eventually(
    _ what: String, timeout: Duration = .seconds(10), _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TestFailure("timed out waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// The parts of the server the test's hooks captured.
final class CapturedParts: Sendable {
    private let parts = Mutex<ServerParts?>(nil)

    var hooks: ServerHooks { hooks(seeding: nil) }

    /// Hooks that capture the parts and, when asked, give registered users shares of every ticker.
    func hooks(seeding shares: Int64?) -> ServerHooks {
        ServerHooks(
            onUserRegistered: { [self] user in
                guard let shares, let main = parts.withLock({ $0 })?.venues.main else { return }
                for listing in main.committed.listings {
                    try await main.adjustShares(
                        of: .init(user.id.rawValue), in: listing.symbol, by: .init(shares), reason: "test seed")
                }
            },
            onBuilt: { [self] built in parts.withLock { $0 = built } })
    }

    var value: ServerParts {
        get throws { try #require(parts.withLock { $0 }) }
    }
}
