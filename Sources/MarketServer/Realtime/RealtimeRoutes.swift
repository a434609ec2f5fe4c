import Foundation
import Hummingbird
import HummingbirdWebSocket
import MarketCore
import NIOCore
import NIOWebSocket

/// The WebSocket endpoints: `/ws/{channel}` for venue `main` and `/ws/venues/{venue}/{channel}` for any venue.
///
/// The upgrade is refused with an ordinary HTTP error (and no WebSocket) for an unknown venue or channel
/// (404) and for `private` without valid credentials (401). Credentials come as a `token` (JWT) or `api_key`
/// query parameter, since browsers cannot set headers on a WebSocket.
struct RealtimeRoutes: Sendable {
    let feed: RealtimeFeed
    let venues: VenueDirectory
    let authentication: UserAuthentication

    private struct Subscription {
        let venue: VenueFeed
        let channel: FeedChannel
    }

    func add(to router: Router<MarketRequestContext>) {
        for (path, parameter) in [("ws/:channel", nil), ("ws/venues/:venue/:channel", "venue")] as [(String, String?)] {
            router.ws(RouterPath(path)) { request, context in
                _ = try await subscription(request, context, venueParameter: parameter)
                return .upgrade([:])
            } onUpgrade: { inbound, outbound, context in
                guard let subscription = try? await subscription(context.request, context.requestContext, venueParameter: parameter)
                else { return }
                await serve(subscription, inbound: inbound, outbound: outbound, connection: context.requestContext.channel)
            }
        }
    }

    private func subscription(
        _ request: Request, _ context: MarketRequestContext, venueParameter: String?
    ) async throws -> Subscription {
        let venueID = venueParameter.map { context.parameters.get($0) ?? "" } ?? VenueDirectory.mainVenue
        guard let venue = feed.venueFeed(venueID) else { throw RequestError.notFound("No venue \(venueID)") }
        let rawName = context.parameters.get("channel") ?? ""
        let name = rawName.removingPercentEncoding ?? rawName
        var caller: AccountID?
        if name == "private" {
            let user = try await authenticate(request)
            caller = AccountID(user.id.rawValue)
        }
        guard let channel = FeedChannel(name: name, listed: venue.runtime.committed.listings.map(\.symbol), caller: caller)
        else { throw RequestError.notFound("No channel \(name) in venue \(venueID)") }
        return Subscription(venue: venue, channel: channel)
    }

    private func authenticate(_ request: Request) async throws -> AuthenticatedUser {
        let query = request.uri.queryParameters
        if let key = query.get("api_key"), !key.isEmpty {
            return try await authentication.authenticate(apiKey: key)
        }
        guard let token = query.get("token"), !token.isEmpty else { throw AuthError.missingCredentials }
        if token.hasPrefix(APIKeySecret.scheme) { return try await authentication.authenticate(apiKey: token) }
        return try await authentication.authenticate(bearerToken: token)
    }

    /// Sends the channel's messages until either side closes, reading the client's frames meanwhile (which
    /// answers pings and notices a close).
    private func serve(
        _ subscription: Subscription, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        connection: any Channel
    ) async {
        let venue = subscription.venue
        let channel = subscription.channel
        let subscriber = FeedSubscriber(limit: feed.settings.subscriberQueueLimit) {
            connection.close(promise: nil)
        }
        let initial: ((UInt64) -> ByteBuffer?)? =
            switch channel {
            case .orderBook(let ticker): { venue.orderBookMessage(ticker, sequence: $0) }
            case .prices: { venue.pricesMessage(sequence: $0) }
            case .trades, .account: nil
            }
        feed.subscribe(subscriber, venue: venue.runtime.id, channel: channel, initial: initial)
        defer { feed.unsubscribe(subscriber, venue: venue.runtime.id, channel: channel) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    while let batch = await subscriber.next() {
                        for message in batch {
                            try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: message)))
                        }
                    }
                } catch {
                    connection.close(promise: nil)
                }
            }
            do {
                for try await _ in inbound {}
            } catch {}
            subscriber.finish()
            group.cancelAll()
        }
    }
}
