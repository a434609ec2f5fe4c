import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import MarketCore
import NIOCore

/// Alpaca's `trade_updates` stream over WebSocket: `/alpaca/stream` for `main`,
/// `/api/venues/{venue}/alpaca/stream` for any venue.
///
/// The client authenticates with `{"action":"authenticate","data":{"key_id","secret_key"}}` (the same
/// credentials as the REST facade) and subscribes with `{"action":"listen","data":{"streams":["trade_updates"]}}`.
/// Each update of the account's orders on the venue's private channel then arrives as
/// `{"stream":"trade_updates","data":{"event","order","timestamp",...}}`, the order read back whole: `new` when
/// accepted, `partial_fill` and `fill` with the fill's price and quantity, `canceled`, `replaced` when an
/// amendment replaced or reduced it, and `rejected` when self-trade prevention cancelled an order before it
/// traded (Alpaca rejects would-be wash trades). Any other refused order is refused by the request that
/// placed it, with nothing to stream.
struct AlpacaStream: Sendable {
    let feed: RealtimeFeed
    let authentication: UserAuthentication
    let loopback: LoopbackAPI
    /// Where the stream's connection is recorded once authenticated, so revoking the key closes it.
    let sockets: UserSockets

    func add(to router: Router<MarketRequestContext>) {
        for path in ["alpaca/stream", "api/venues/:venue/alpaca/stream"] {
            router.ws(RouterPath(path)) { _, context in
                let venue = context.parameters.get("venue") ?? VenueDirectory.mainVenue
                guard feed.venueFeed(venue) != nil else { throw RequestError.notFound("No venue \(venue)") }
                return .upgrade([:])
            } onUpgrade: { inbound, outbound, context in
                let venue = context.requestContext.parameters.get("venue") ?? VenueDirectory.mainVenue
                let session = AlpacaStreamSession(
                    stream: self, venue: venue, outbound: outbound, context: context.requestContext)
                await session.serve(inbound)
            }
        }
    }
}

/// One client of the stream: its handshake, then the relay of its account's updates.
struct AlpacaStreamSession: Sendable {
    let stream: AlpacaStream
    let venue: String
    let outbound: WebSocketOutboundWriter
    let context: MarketRequestContext

    private struct Message: Decodable {
        struct Payload: Decodable {
            let keyID: String?
            let secretKey: String?
            let streams: [String]?

            enum CodingKeys: String, CodingKey { case streams, keyID = "key_id", secretKey = "secret_key" }
        }

        let action: String
        let data: Payload?
    }

    func serve(_ inbound: WebSocketInboundStream) async {
        var user: (AuthenticatedUser, secret: String)?
        var relay: FeedRelay?
        await withTaskGroup(of: Void.self) { tasks in
            do {
                reading: for try await message in inbound.messages(maxSize: 1 << 16) {
                    let data: Data =
                        switch message {
                        case .text(let text): Data(text.utf8)
                        case .binary(let buffer): Data(buffer: buffer)
                        }
                    guard let request = try? JSONDecoder().decode(Message.self, from: data) else {
                        try await send(StreamReply(stream: "error", data: ["error": "messages are JSON actions"]))
                        continue
                    }
                    switch request.action {
                    case "authenticate", "auth":
                        guard let authenticated = await authenticate(request.data) else {
                            try await reply(authorization: "unauthorized")
                            try await outbound.close(.policyViolation, reason: "unauthorized")
                            break reading
                        }
                        user = authenticated
                        try await reply(authorization: "authorized")
                    case "listen":
                        guard let (account, secret) = user else {
                            try await send(StreamReply(stream: "listening", data: ["error": "authenticate first"]))
                            continue
                        }
                        let wanted = (request.data?.streams ?? []).contains("trade_updates")
                        if wanted, relay == nil {
                            let started = FeedRelay(limit: stream.feed.settings.subscriberQueueLimit)
                            relay = started
                            subscribe(started, account: account)
                            tasks.addTask { await forward(started, secret: secret) }
                        }
                        try await send(
                            StreamReply(stream: "listening", data: ["streams": wanted ? ["trade_updates"] : []]))
                    default:
                        try await send(
                            StreamReply(stream: "error", data: ["error": "unknown action \(request.action)"]))
                    }
                }
            } catch {}
            if let relay, let (account, _) = user { unsubscribe(relay, account: account) }
            relay?.finish()
        }
    }

    private func authenticate(_ data: Message.Payload?) async -> (AuthenticatedUser, secret: String)? {
        guard let secret = data?.secretKey,
            let user = try? await stream.authentication.authenticate(apiKey: secret)
        else { return nil }
        if let keyID = data?.keyID {
            do {
                try AlpacaKeyIDCheck.check(keyID: keyID, secret: secret, of: user)
            } catch {
                return nil
            }
        }
        return (user, secret)
    }

    private func subscribe(_ relay: FeedRelay, account user: AuthenticatedUser) {
        stream.feed.subscribe(relay, venue: venue, channel: .account(AccountID(user.id.rawValue)))
        stream.sockets.add(context.channel, of: user)
    }

    private func unsubscribe(_ relay: FeedRelay, account user: AuthenticatedUser) {
        stream.feed.unsubscribe(relay, venue: venue, channel: .account(AccountID(user.id.rawValue)))
        stream.sockets.remove(context.channel, of: user.id)
    }

    /// Turns each update on the account's channel into a trade update, until the relay finishes.
    private func forward(_ relay: FeedRelay, secret: String) async {
        var credentials = HTTPFields()
        credentials[.apiKey] = secret
        let prefix = venue == VenueDirectory.mainVenue ? VenuePrefix.main : .venue(venue)
        for await payload in relay.messages {
            guard let update = try? JSONDecoder().decode(AccountUpdate.self, from: Data(buffer: payload)),
                let event = update.alpacaEvent
            else { continue }
            let answer = try? await stream.loopback.run(
                APICall(method: .get, path: prefix.route("/orders/\(update.orderID)")), credentials: credentials,
                on: context)
            guard let answer, let order = try? AlpacaCall.decode(REST.Order.self, answer) else { continue }
            let alpacaOrder = AlpacaOrder(order)
            let message = TradeUpdateMessage(
                data: .init(
                    event: event == "canceled" && alpacaOrder.status == "rejected" ? "rejected" : event,
                    executionID: update.tradeID.map(AlpacaID.execution), order: alpacaOrder,
                    timestamp: update.timestamp, price: update.fillPrice?.text,
                    qty: update.fillQuantity.map(String.init)))
            do {
                try await send(message)
            } catch {
                relay.finish()
            }
        }
    }

    private func reply(authorization status: String) async throws {
        try await send(StreamReply(stream: "authorization", data: ["action": "authenticate", "status": status]))
    }

    private func send(_ value: some Encodable) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        try await outbound.write(.text(String(decoding: try encoder.encode(value), as: UTF8.self)))
    }
}

/// An update on an account's private channel, as far as the stream reads it.
private struct AccountUpdate: Decodable {
    let type: String
    let event: String?
    let orderID: String
    let tradeID: String?
    let price: ExactDecimal?
    let quantity: Int64?
    let orderCompleted: Bool?
    let reason: String?
    let timestamp: String

    enum CodingKeys: String, CodingKey {
        case type, event, price, quantity, reason, timestamp
        case orderID = "order_id", tradeID = "trade_id", orderCompleted = "order_completed"
    }

    /// A fill's price and quantity; other updates carry none in Alpaca's form.
    var fillPrice: ExactDecimal? { type == "fill" ? price : nil }
    var fillQuantity: Int64? { type == "fill" ? quantity : nil }

    /// Alpaca's name for the update; `nil` for those Alpaca has none for (an order resting, triggering).
    var alpacaEvent: String? {
        switch (type, event) {
        case ("fill", _): orderCompleted == true ? "fill" : "partial_fill"
        case ("order", "accepted"): "new"
        case ("order", "cancelled"): reason == "replaced" ? "replaced" : "canceled"
        case ("order", "reduced"): "replaced"
        default: nil
        }
    }
}

private struct TradeUpdateMessage: Encodable {
    struct Update: Encodable {
        let event: String
        let executionID: String?
        let order: AlpacaOrder
        let timestamp: String
        let price: String?
        let qty: String?

        enum CodingKeys: String, CodingKey { case event, order, timestamp, price, qty, executionID = "execution_id" }
    }

    let stream = "trade_updates"
    let data: Update
}

/// A control message of the stream: `{"stream": ..., "data": {...}}`.
private struct StreamReply<Payload: Encodable>: Encodable {
    let stream: String
    let data: Payload
}
