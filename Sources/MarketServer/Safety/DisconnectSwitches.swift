import Logging
import MarketCore
import SQLKit
import Synchronization

/// The dead man's switch real exchanges offer: an account may ask that its resting orders in a venue be
/// cancelled once all its private WebSocket connections there have been gone for a number of seconds.
///
/// The clock starts when the last private connection closes, and at start for every account that asked,
/// since a restart leaves nobody connected; a connection opened before the time is up stops it. The
/// cancellation goes through the venue like the account's own, with the reason `disconnected`.
final class DisconnectSwitches: Sendable {
    /// The seconds an account may ask for.
    static let allowedSeconds: ClosedRange<Int64> = 1...3_600

    struct Key: Hashable, Sendable {
        let venue: String
        let account: AccountID
    }

    private struct State {
        var seconds: [Key: Int64] = [:]
        var connections: [Key: Int] = [:]
        var timers: [Key: Task<Void, Never>] = [:]
        var isStopped = false
    }

    private let state = Mutex(State())
    private let database: Database
    private let venues: VenueDirectory
    private let logger: Logger

    private init(database: Database, venues: VenueDirectory, logger: Logger) {
        self.database = database
        self.venues = venues
        self.logger = logger
    }

    /// The switches stored in `database`, each started, as nobody is connected yet.
    static func load(database: Database, venues: VenueDirectory, logger: Logger) async throws -> DisconnectSwitches {
        let switches = DisconnectSwitches(database: database, venues: venues, logger: logger)
        let rows = try await database.withConnection { connection in
            try await connection.raw("SELECT venue_id, user_id, seconds FROM cancel_on_disconnect").all()
        }
        for row in rows {
            let key = Key(
                venue: try row.decode(column: "venue_id", as: String.self),
                account: AccountID(try row.decode(column: "user_id", as: Int64.self)))
            let seconds = try row.decode(column: "seconds", as: Int64.self)
            switches.state.withLock { state in
                state.seconds[key] = seconds
                switches.arm(key, after: seconds, in: &state)
            }
        }
        return switches
    }

    /// The seconds `key` asked for, and its private connections open now.
    func status(of key: Key) -> (seconds: Int64?, connections: Int) {
        state.withLock { ($0.seconds[key], $0.connections[key] ?? 0) }
    }

    /// Sets (or, with `nil`, removes) the switch of `key`; with nobody connected, its time starts now.
    func set(_ seconds: Int64?, for key: Key) async throws {
        try await database.withConnection { connection in
            if let seconds {
                try await connection.raw(
                    """
                    INSERT INTO cancel_on_disconnect (venue_id, user_id, seconds)
                    VALUES (\(bind: key.venue), \(bind: key.account.rawValue), \(bind: seconds))
                    ON CONFLICT (venue_id, user_id) DO UPDATE SET seconds = excluded.seconds
                    """
                ).run()
            } else {
                try await connection.raw(
                    """
                    DELETE FROM cancel_on_disconnect
                    WHERE venue_id = \(bind: key.venue) AND user_id = \(bind: key.account.rawValue)
                    """
                ).run()
            }
        }
        state.withLock { state in
            state.seconds[key] = seconds
            state.timers.removeValue(forKey: key)?.cancel()
            if let seconds, state.connections[key, default: 0] == 0 { arm(key, after: seconds, in: &state) }
        }
    }

    /// A private connection of `key` opened: the switch waits.
    func connected(_ key: Key) {
        state.withLock { state in
            state.connections[key, default: 0] += 1
            state.timers.removeValue(forKey: key)?.cancel()
        }
    }

    /// A private connection of `key` closed; when it was the last, the switch's time starts.
    func disconnected(_ key: Key) {
        state.withLock { state in
            let left = max(0, state.connections[key, default: 0] - 1)
            state.connections[key] = left == 0 ? nil : left
            if left == 0, let seconds = state.seconds[key] { arm(key, after: seconds, in: &state) }
        }
    }

    /// Stops every switch's time, at shutdown: a server going down cancels nobody's orders.
    func stopAll() {
        let timers = state.withLock { state in
            state.isStopped = true
            defer { state.timers = [:] }
            return Array(state.timers.values)
        }
        for timer in timers { timer.cancel() }
    }

    private func arm(_ key: Key, after seconds: Int64, in state: inout State) {
        guard !state.isStopped else { return }
        state.timers.removeValue(forKey: key)?.cancel()
        state.timers[key] = Task { [self] in
            do {
                try await Task.sleep(for: .seconds(seconds))
            } catch {
                return
            }
            await fire(key)
        }
    }

    private func fire(_ key: Key) async {
        let due = state.withLock { state -> Bool in
            guard !Task.isCancelled, !state.isStopped, state.connections[key, default: 0] == 0,
                state.seconds[key] != nil
            else { return false }
            state.timers[key] = nil
            return true
        }
        guard due, let venue = venues.venue(key.venue) else { return }
        do {
            let events = try await venue.cancelAll(of: key.account, in: nil, reason: .disconnected)
            if !events.isEmpty {
                logger.info(
                    "Cancelled orders on disconnect",
                    metadata: [
                        "venue": "\(key.venue)", "account": "\(key.account.rawValue)", "events": "\(events.count)",
                    ])
            }
        } catch {
            logger.error(
                "Cancel on disconnect failed",
                metadata: ["venue": "\(key.venue)", "account": "\(key.account.rawValue)", "error": "\(error)"])
        }
    }
}
