import MarketCore
import SQLKit

/// Reads and writes the `price_alerts` table.
struct PriceAlertStore: Sendable {
    let database: Database

    func all() async throws -> [PriceAlert] {
        try await database.withConnection { connection in
            try await connection.raw("SELECT \(Self.columns) FROM price_alerts ORDER BY id").all().map(
                Self.alert(from:))
        }
    }

    func insert(_ alert: PriceAlert) async throws {
        try await database.withConnection { connection in
            try await connection.raw(
                """
                INSERT INTO price_alerts (id, venue_id, user_id, ticker, direction, price_cents, repeating, armed,
                                          created_at, times_fired)
                VALUES (\(bind: alert.id), \(bind: alert.venue), \(bind: alert.owner.rawValue),
                        \(bind: alert.ticker.rawValue), \(bind: alert.direction.rawValue), \(bind: alert.price.value),
                        \(bind: alert.isRepeating), \(bind: alert.isArmed), \(bind: alert.createdAt.millisecondsSinceEpoch),
                        0)
                """
            ).run()
        }
    }

    func delete(_ id: Int64) async throws {
        try await database.withConnection { connection in
            try await connection.raw("DELETE FROM price_alerts WHERE id = \(bind: id)").run()
        }
    }

    /// Writes the firing state of `alerts`; one that was deleted meanwhile is left deleted.
    func saveState(of alerts: [PriceAlert]) async throws {
        guard !alerts.isEmpty else { return }
        try await database.transaction { connection in
            for alert in alerts {
                try await connection.raw(
                    """
                    UPDATE price_alerts SET armed = \(bind: alert.isArmed),
                        fired_at = \(bind: alert.firedAt?.millisecondsSinceEpoch), times_fired = \(bind: alert.timesFired)
                    WHERE id = \(bind: alert.id)
                    """
                ).run()
            }
        }
    }

    static let columns = SQLQueryString(
        "id, venue_id, user_id, ticker, direction, price_cents, repeating, armed, created_at, fired_at, times_fired")

    static func alert(from row: any SQLRow) throws -> PriceAlert {
        let direction = try row.decode(column: "direction", as: String.self)
        let alert = PriceAlert(
            id: try row.decode(column: "id", as: Int64.self),
            venue: try row.decode(column: "venue_id", as: String.self),
            owner: UserID(try row.decode(column: "user_id", as: Int64.self)),
            ticker: TickerSymbol(try row.decode(column: "ticker", as: String.self)),
            direction: PriceAlert.Direction(rawValue: direction) ?? .above,
            price: Cents(try row.decode(column: "price_cents", as: Int64.self)),
            isRepeating: try row.decode(column: "repeating", as: Bool.self),
            createdAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self)))
        return PriceAlert(
            stored: alert, isArmed: try row.decode(column: "armed", as: Bool.self),
            firedAt: try row.decode(column: "fired_at", as: Int64?.self).map(Timestamp.init(millisecondsSinceEpoch:)),
            timesFired: try row.decode(column: "times_fired", as: Int64.self))
    }
}
