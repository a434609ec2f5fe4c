import Hummingbird
import MarketCore
import MarketWire
import SQLKit

/// Placing, amending and cancelling orders, and the caller's open orders and trades, in one venue.
struct TradingRoutes: Sendable {
    let scope: VenueScope
    let database: Database

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.post("orders") { request, context -> OrderAnswer in
            let user = try context.requireUser()
            let venue = try scope.venue(context)
            let ticket = try await OrderTicket.decode(from: request, context: context)
            let account = AccountID(user.id.rawValue)
            try scope.requireAdmitted(account, in: venue)
            return OrderAnswer(try await venue.submit(ticket.request(for: account)))
        }
        group.post("orders/preview") { request, context -> OrderPreviewAnswer in
            let user = try context.requireUser()
            let venue = try scope.venue(context)
            let ticket = try await OrderTicket.decode(from: request, context: context)
            let account = AccountID(user.id.rawValue)
            try scope.requireAdmitted(account, in: venue)
            let order = ticket.request(for: account)
            return OrderPreviewAnswer(try venue.preview(order), of: order)
        }
        group.post("orders/oco") { request, context -> OrderListAnswer in
            let user = try context.requireUser()
            let venue = try scope.venue(context)
            let ticket = try await request.decode(as: PairTicket.self, context: context)
            let account = AccountID(user.id.rawValue)
            try scope.requireAdmitted(account, in: venue)
            let pair = try await venue.submitPair(ticket.requests(for: account))
            return OrderListAnswer(
                orders: zip(pair.acknowledgements, pair.conditions).map {
                    OrderAnswer($0, conditions: $1, isDuplicate: false)
                }, isWrapped: true)
        }
        group.patch("orders/:order") { request, context -> OrderAnswer in
            let user = try context.requireUser()
            let venue = try scope.venue(context)
            let order = try await storedOrder(context, in: venue, owner: user)
            let body = try await request.decode(as: Amendment.self, context: context)
            try scope.requireAdmitted(order.owner, in: venue)
            return OrderAnswer(
                try await venue.amend(
                    order.id, in: order.ticker, by: order.owner, price: body.price, quantity: body.quantity))
        }
        group.delete("orders/:order") { _, context -> CancelAnswer in
            let user = try context.requireUser()
            let venue = try scope.venue(context)
            let order = try await storedOrder(context, in: venue, owner: user)
            _ = try await venue.cancel(order.id, in: order.ticker, by: order.owner)
            return CancelAnswer(orderID: order.id.description, status: "cancelled", message: "Order cancelled")
        }
        group.get("orders/:order") { _, context -> OrderAnswer in
            let user = try context.requireUser()
            let venue = try scope.venue(context)
            return try await order(named: context.parameters.get("order") ?? "", of: user, in: venue)
        }
        group.get("orders") { request, context -> OrderListAnswer in
            let user = try context.requireUser()
            let venue = try scope.venue(context)
            let page = try Page(request)
            let statuses: Set<OrderStatus>
            switch request.uri.queryParameters.get("status") ?? "open" {
            case "open": statuses = [.open, .partial]
            case "all": statuses = [.open, .partial, .filled, .cancelled]
            case let single where ["filled", "cancelled", "partial"].contains(single):
                statuses = [OrderStatus(rawValue: single)!]
            default:
                throw RequestError.invalidField("status", reason: "must be open, filled, cancelled, partial or all")
            }
            // Paging and status are checked even where they do not apply, so a malformed request is refused.
            if let key = request.uri.queryParameters.get("client_order_id") {
                return OrderListAnswer(orders: try await orders(withClientID: key, of: user, in: venue))
            }
            let ids = venue.orders(
                of: AccountID(user.id.rawValue), in: statuses, offset: page.offset, limit: page.limit)
            guard !ids.isEmpty else { return OrderListAnswer(orders: []) }
            // The index picked the page; the rows are read as stored now, so an order that changed status
            // since is left out rather than shown under a status it no longer has.
            let orders = try await database.withConnection { sql in
                try await sql.raw(
                    """
                    SELECT o.*, \(unsafeRaw: OrderAnswer.conditionColumns) FROM orders o
                    LEFT JOIN order_conditions c ON c.venue_id = o.venue_id AND c.order_id = o.order_id
                    WHERE o.venue_id = \(bind: venue.id) AND o.order_id IN (\(binds: ids.map { Int64($0.rawValue) }))
                    AND o.user_id = \(bind: user.id.rawValue) AND o.status IN (\(binds: statuses.map(\.rawValue)))
                    ORDER BY o.order_id DESC
                    """
                ).all().map(OrderAnswer.init(row:))
            }
            return OrderListAnswer(orders: orders)
        }
        group.get("trades") { request, context -> [UserTradeRow] in
            let user = try context.requireUser()
            let venue = try scope.venue(context)
            let page = try Page(request)
            let ticker = request.uri.queryParameters.get("ticker").map { $0.uppercased() }
            let ids = venue.trades(
                of: AccountID(user.id.rawValue), in: ticker.map { TickerSymbol($0) }, offset: page.offset,
                limit: page.limit)
            guard !ids.isEmpty else { return [] }
            return try await database.withConnection { sql in
                try await sql.select().columns("*").from("trades").where("venue_id", .equal, venue.id)
                    .where("trade_id", .in, ids.map { Int64($0.rawValue) })
                    .where {
                        $0.where("buyer_id", .equal, user.id.rawValue).orWhere("seller_id", .equal, user.id.rawValue)
                    }
                    .orderBy("trade_id", .descending).all().map { try UserTradeRow($0, for: user.id.rawValue) }
            }
        }
    }

    /// The order named by the path, checked against the caller: 404 unknown, 403 another user's,
    /// 400 no longer open.
    private func storedOrder(
        _ context: MarketRequestContext, in venue: VenueRuntime, owner user: AuthenticatedUser
    ) async throws -> (id: OrderID, ticker: TickerSymbol, owner: AccountID) {
        let text = context.parameters.get("order") ?? ""
        guard let raw = UInt64(text) else { throw RequestError.notFound("No order \(text)") }
        let row = try await database.withConnection { sql in
            try await sql.select().columns("user_id", "symbol", "status").from("orders")
                .where("venue_id", .equal, venue.id).where("order_id", .equal, Int64(bitPattern: raw)).first()
        }
        guard let row else { throw RequestError.notFound("No order \(text)") }
        let owner = try row.decode(column: "user_id", as: Int64.self)
        guard owner == user.id.rawValue else { throw OrderChangeRejection.notOwner(OrderID(raw)) }
        let status = try row.decode(column: "status", as: String.self)
        guard status == "open" || status == "partial" else { throw OrderChangeRejection.notResting(OrderID(raw)) }
        return (OrderID(raw), TickerSymbol(try row.decode(column: "symbol", as: String.self)), AccountID(owner))
    }
}

struct CancelAnswer: ResponseEncodable {
    let orderID: String
    let status: String
    let message: String

    enum CodingKeys: String, CodingKey { case orderID = "order_id", status, message }
}

/// `limit` (1…100, default 50) and `offset` (0…1,000,000,000, default 0) of a list.
struct Page {
    let limit: Int
    let offset: Int

    init(_ request: Request) throws {
        let query = request.uri.queryParameters
        guard let limit = Int(query.get("limit") ?? "50"), (1...100).contains(limit) else {
            throw RequestError.invalidField("limit", reason: "must be a whole number from 1 to 100")
        }
        guard let offset = Int(query.get("offset") ?? "0"), offset >= 0, offset <= 1_000_000_000 else {
            throw RequestError.invalidField("offset", reason: "must be a whole number from 0 to 1,000,000,000")
        }
        self.limit = limit
        self.offset = offset
    }
}

/// A trade as `GET /api/trades` lists it, from the caller's side.
struct UserTradeRow: ResponseEncodable {
    let tradeID: String
    let ticker: String
    let price: ExactDecimal
    let quantity: Int64
    let side: String
    let counterpartyID: String
    let orderID: String
    let fee: ExactDecimal
    let createdAt: String

    enum CodingKeys: String, CodingKey {
        case tradeID = "trade_id", ticker, price, quantity, side, fee
        case counterpartyID = "counterparty_id", orderID = "order_id", createdAt = "created_at"
    }

    init(_ row: any SQLRow, for user: Int64) throws {
        let buys = try row.decode(column: "buyer_id", as: Int64.self) == user
        tradeID = String(try row.decode(column: "trade_id", as: Int64.self))
        ticker = try row.decode(column: "symbol", as: String.self)
        price = ExactDecimal(hundredths: try row.decode(column: "price_cents", as: Int64.self))
        quantity = try row.decode(column: "quantity", as: Int64.self)
        side = buys ? "buy" : "sell"
        counterpartyID = String(try row.decode(column: buys ? "seller_id" : "buyer_id", as: Int64.self))
        orderID = String(try row.decode(column: buys ? "buy_order_id" : "sell_order_id", as: Int64.self))
        fee = ExactDecimal(
            hundredths: try row.decode(column: buys ? "buyer_fee_cents" : "seller_fee_cents", as: Int64.self))
        createdAt = Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self)).iso8601
    }
}
