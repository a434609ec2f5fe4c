import MarketCore
import Synchronization

/// Every venue's price alerts, held in memory so that each committed batch of trades is checked against
/// them without a read, and written to `price_alerts` as they are made, deleted and fired.
///
/// Trades reach it from each venue's feed publisher, in commit order and off the order path; a firing goes
/// to the owner's private channel. The state a firing changes is written before the next batch of that venue
/// is checked, so after a restart a one-time alert that fired stays fired.
final class PriceAlerts: Sendable {
    /// Alerts an account may keep in one venue.
    static let perAccountLimit = 25

    /// A trade that reached an alert's price.
    struct Firing: Sendable {
        let alert: PriceAlert
        let trade: Trade
    }

    private struct Key: Hashable {
        let venue: String
        let ticker: TickerSymbol
    }

    private let store: PriceAlertStore
    private let alerts = Mutex<[Key: [Int64: PriceAlert]]>([:])
    /// Alerts whose firing state changed and is not written yet, by venue.
    private let unsaved = Mutex<[String: [Int64: PriceAlert]]>([:])

    private init(store: PriceAlertStore, alerts: [PriceAlert]) {
        self.store = store
        self.alerts.withLock { index in
            for alert in alerts { index[Key(venue: alert.venue, ticker: alert.ticker), default: [:]][alert.id] = alert }
        }
    }

    /// The alerts stored in `database`.
    static func load(from database: Database) async throws -> PriceAlerts {
        let store = PriceAlertStore(database: database)
        return PriceAlerts(store: store, alerts: try await store.all())
    }

    /// `owner`'s alerts in `venue`, newest first.
    func alerts(of owner: UserID, in venue: String) -> [PriceAlert] {
        alerts.withLock { index in
            index.filter { $0.key.venue == venue }.values.flatMap(\.values).filter { $0.owner == owner }
        }.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }

    /// Stores `alert` and starts checking trades against it; refused past ``perAccountLimit``.
    func add(_ alert: PriceAlert) async throws {
        let key = Key(venue: alert.venue, ticker: alert.ticker)
        // Counted and taken in one step, so that alerts added at once cannot pass the limit together.
        let admitted = alerts.withLock { index in
            let held = index.filter { $0.key.venue == alert.venue }.values.reduce(0) {
                $0 + $1.values.filter { $0.owner == alert.owner }.count
            }
            guard held < Self.perAccountLimit else { return false }
            index[key, default: [:]][alert.id] = alert
            return true
        }
        guard admitted else { throw PriceAlertError.limitReached(Self.perAccountLimit) }
        do {
            try await store.insert(alert)
        } catch {
            _ = alerts.withLock { $0[key]?.removeValue(forKey: alert.id) }
            throw error
        }
    }

    /// Deletes `owner`'s alert `id` in `venue`.
    func remove(_ id: Int64, of owner: UserID, in venue: String) async throws {
        guard let alert = alerts(of: owner, in: venue).first(where: { $0.id == id }) else {
            throw PriceAlertError.notFound(id)
        }
        try await store.delete(id)
        _ = alerts.withLock { $0[Key(venue: venue, ticker: alert.ticker)]?.removeValue(forKey: id) }
    }

    /// Checks `trades` of `ticker` in `venue`, in order, against its alerts; answers those they fired.
    func observe(_ trades: [Trade], of ticker: TickerSymbol, in venue: String) -> [Firing] {
        let key = Key(venue: venue, ticker: ticker)
        var firings: [Firing] = []
        var changes: [Int64: PriceAlert] = [:]
        alerts.withLock { index in
            guard var watching = index[key], !watching.isEmpty else { return }
            for trade in trades {
                for id in watching.keys.sorted() {
                    var changed = false
                    if watching[id]!.observe(trade.price, at: trade.timestamp, changed: &changed) {
                        firings.append(Firing(alert: watching[id]!, trade: trade))
                    }
                    if changed { changes[id] = watching[id]! }
                }
            }
            index[key] = watching
        }
        if !changes.isEmpty { unsaved.withLock { $0[venue, default: [:]].merge(changes) { $1 } } }
        return firings
    }

    /// Writes the firing state changed in `venue` since the last call.
    func saveChanges(in venue: String) async throws {
        let changed = unsaved.withLock { $0.removeValue(forKey: venue) } ?? [:]
        try await store.saveState(of: Array(changed.values))
    }
}

/// Why an alert was not added or deleted.
enum PriceAlertError: Error, Equatable {
    case limitReached(Int)
    case notFound(Int64)
}
