import Hummingbird
import MarketCore
import SQLKit

/// One of the caller's orders by its id or by its `client_order_id`, in whatever status it is now.
extension TradingRoutes {
    /// `GET /api/orders/{order_id}`: 404 unknown, 403 another user's. The answer adds `filled_value`, what its
    /// fills came to.
    func order(named text: String, of user: AuthenticatedUser, in venue: VenueRuntime) async throws -> OrderAnswer {
        guard let raw = UInt64(text), raw <= UInt64(Int64.max) else { throw RequestError.notFound("No order \(text)") }
        let row = try await database.withConnection { sql in
            try await sql.raw(
                """
                SELECT o.*, \(unsafeRaw: OrderAnswer.conditionColumns), \(unsafeRaw: Self.filledValueColumn)
                FROM orders o
                LEFT JOIN order_conditions c ON c.venue_id = o.venue_id AND c.order_id = o.order_id
                WHERE o.venue_id = \(bind: venue.id) AND o.order_id = \(bind: Int64(raw))
                """
            ).first()
        }
        guard let row else { throw RequestError.notFound("No order \(text)") }
        guard try row.decode(column: "user_id", as: Int64.self) == user.id.rawValue else {
            throw OrderChangeRejection.notOwner(OrderID(raw))
        }
        return try OrderAnswer(row: row)
    }

    /// `GET /api/orders?client_order_id=`: the caller's order placed with that id (a list of at most one:
    /// an id names one order per account at a time), with `filled_value`.
    func orders(withClientID key: String, of user: AuthenticatedUser, in venue: VenueRuntime) async throws
        -> [OrderAnswer]
    {
        guard (1...64).contains(key.unicodeScalars.count) else {
            throw RequestError.invalidField("client_order_id", reason: "must be 1 to 64 characters")
        }
        return try await database.withConnection { sql in
            try await sql.raw(
                """
                SELECT o.*, \(unsafeRaw: OrderAnswer.conditionColumns), \(unsafeRaw: Self.filledValueColumn)
                FROM orders o
                LEFT JOIN order_conditions c ON c.venue_id = o.venue_id AND c.order_id = o.order_id
                WHERE o.venue_id = \(bind: venue.id) AND o.user_id = \(bind: user.id.rawValue)
                AND o.client_order_id = \(bind: key)
                ORDER BY o.order_id DESC LIMIT 1
                """
            ).all().map(OrderAnswer.init(row:))
        }
    }

    /// Σ price × quantity over an order's fills. Trades are indexed by ticker and time, so the scan starts at
    /// the order's creation.
    private static let filledValueColumn = """
        (SELECT CAST(SUM(t.price_cents * t.quantity) AS BIGINT) FROM trades t WHERE t.venue_id = o.venue_id \
        AND t.symbol = o.symbol AND t.created_at >= o.created_at \
        AND (t.buy_order_id = o.order_id OR t.sell_order_id = o.order_id)) AS filled_value_cents
        """
}
