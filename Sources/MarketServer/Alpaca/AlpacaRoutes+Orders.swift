import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import MarketCore

/// Orders: submit, list, get by id or client order id, replace, cancel one or all.
extension AlpacaRoutes {
    func addOrders(to group: RouterGroup<MarketRequestContext>) {
        group.post("v2/orders") { request, context -> AlpacaJSON<AlpacaOrder> in
            let call = call(request, context)
            switch try await Self.body(AlpacaOrderRequest.self, of: request, context).translation() {
            case .single(let body):
                let placed = try await call.value(REST.Placed.self, .post, "/orders", body: body)
                return AlpacaJSON(try await order(placed.orderID, call))
            case .pair(let body):
                let pair = try await call.value(REST.PlacedPair.self, .post, "/orders/oco", body: body)
                var legs: [AlpacaOrder] = []
                for placed in pair.orders { legs.append(try await order(placed.orderID, call)) }
                // Alpaca answers a one-cancels-other pair as its first order, the other in `legs`.
                var first = legs.removeFirst()
                first.legs = legs
                return AlpacaJSON(first)
            }
        }
        group.get("v2/orders") { request, context -> AlpacaJSON<[AlpacaOrder]> in
            let listing = try OrderListing(request.uri.queryParameters)
            return AlpacaJSON(try await listing.orders(call(request, context)))
        }
        group.get("v2/orders:by_client_order_id") { request, context -> AlpacaJSON<AlpacaOrder> in
            guard let key = request.uri.queryParameters.get("client_order_id"), !key.isEmpty else {
                throw AlpacaError.unprocessable("client_order_id is required")
            }
            let found = try await call(request, context).value(
                [REST.Order].self, .get, "/orders", query: [("client_order_id", key)])
            guard let order = found.first else { throw AlpacaError.notFound("order not found") }
            return AlpacaJSON(AlpacaOrder(order))
        }
        group.get("v2/orders/:order") { request, context -> AlpacaJSON<AlpacaOrder> in
            AlpacaJSON(try await order(try Self.orderNumber(context), call(request, context)))
        }
    }

    func addOrderChanges(to group: RouterGroup<MarketRequestContext>) {
        group.patch("v2/orders/:order") { request, context -> AlpacaJSON<AlpacaOrder> in
            let number = try Self.orderNumber(context)
            let call = call(request, context)
            let amendment = try await Self.body(AlpacaReplaceRequest.self, of: request, context).amendment()
            _ = try await order(number, call)
            let placed = try await call.value(REST.Placed.self, .patch, "/orders/\(number)", body: amendment)
            var replacement = try await order(placed.orderID, call)
            if placed.orderID != number { replacement.replaces = AlpacaID.order(number) }
            return AlpacaJSON(replacement)
        }
        group.delete("v2/orders/:order") { request, context -> Response in
            let number = try Self.orderNumber(context)
            let call = call(request, context)
            _ = try await order(number, call)
            _ = try await call.value(CancelAnswerBody.self, .delete, "/orders/\(number)")
            return Response(status: .noContent)
        }
        group.delete("v2/orders") { request, context -> AlpacaJSON<[CancelOutcome]> in
            AlpacaJSON(
                try await cancelAll(call(request, context)), status: .init(code: 207, reasonPhrase: "Multi-Status"))
        }
    }

    /// Cancels every open order of the caller; each outcome as Alpaca lists it.
    func cancelAll(_ call: AlpacaCall) async throws -> [CancelOutcome] {
        var outcomes: [CancelOutcome] = []
        var tried: Set<String> = []
        while true {
            let open = try await call.value(
                [REST.Order].self, .get, "/orders", query: [("status", "open"), ("limit", "100")])
            let fresh = open.filter { !tried.contains($0.orderID) }
            if fresh.isEmpty { return outcomes }
            for order in fresh {
                tried.insert(order.orderID)
                let answer = try await call.run(.delete, "/orders/\(order.orderID)")
                outcomes.append(CancelOutcome(id: AlpacaID.order(order.orderID), status: answer.status.code))
            }
        }
    }
}

/// One order of a cancel-all, as Alpaca answers it.
struct CancelOutcome: Encodable, Sendable {
    let id: String
    let status: Int
}

/// The answer of `DELETE /api/orders/{id}`.
struct CancelAnswerBody: Decodable, Sendable {
    let status: String
}

/// The query of Alpaca's `GET /v2/orders`: which orders, how many, in what order.
///
/// MarketSim lists an account's orders by status, newest first; the other filters (symbols, side, times) are
/// applied to those pages, reading at most ``pagesRead`` pages of each status.
struct OrderListing: Sendable {
    static let pagesRead = 20

    let statuses: [String]
    let limit: Int
    let symbols: Set<String>?
    let side: String?
    let after: Timestamp?
    let until: Timestamp?
    let ascending: Bool

    init(_ query: FlatDictionary<Substring, Substring>) throws(AlpacaError) {
        switch query.get("status") ?? "open" {
        case "open": statuses = ["open"]
        case "closed": statuses = ["filled", "cancelled"]
        case "all": statuses = ["all"]
        default: throw .unprocessable("status must be open, closed or all")
        }
        guard let limit = Int(query.get("limit") ?? "50"), (1...500).contains(limit) else {
            throw .unprocessable("limit must be a whole number from 1 to 500")
        }
        self.limit = limit
        symbols = query.get("symbols").map { Set($0.split(separator: ",").map { $0.uppercased() }) }
        side = query.get("side")
        after = try Self.time(query.get("after"), "after")
        until = try Self.time(query.get("until"), "until")
        switch query.get("direction") ?? "desc" {
        case "desc": ascending = false
        case "asc": ascending = true
        default: throw .unprocessable("direction must be asc or desc")
        }
    }

    func orders(_ call: AlpacaCall) async throws -> [AlpacaOrder] {
        var found: [REST.Order] = []
        for status in statuses {
            var matching = 0
            for page in 0..<Self.pagesRead where matching < limit {
                let orders = try await call.value(
                    [REST.Order].self, .get, "/orders",
                    query: [("status", status), ("limit", "100"), ("offset", String(page * 100))])
                let kept = orders.filter(matches)
                matching += kept.count
                found += kept
                if orders.count < 100 { break }
            }
        }
        let newest = found.sorted { (Int64($0.orderID) ?? 0) > (Int64($1.orderID) ?? 0) }.prefix(limit)
        return (ascending ? newest.reversed() : Array(newest)).map(AlpacaOrder.init)
    }

    private func matches(_ order: REST.Order) -> Bool {
        if let symbols, !symbols.contains(order.ticker) { return false }
        if let side, order.side != side { return false }
        let created = order.createdAt.flatMap(Timestamp.init(parameter:))
        if let after, let created, created <= after { return false }
        if let until, let created, created > until { return false }
        return true
    }

    private static func time(_ text: String?, _ name: String) throws(AlpacaError) -> Timestamp? {
        guard let text else { return nil }
        guard let time = Timestamp(parameter: text) else { throw .unprocessable("\(name) must be an RFC 3339 time") }
        return time
    }
}
