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
    /// Where private sockets are recorded, so that suspending a user or revoking its keys closes them.
    let sockets: UserSockets
    /// Where refused upgrades leave their answers for ``UpgradeRefusalWriter``.
    let refusals: UpgradeRefusals
    /// Told when an account's private connections open and close, for its dead man's switch.
    let switches: DisconnectSwitches

    private struct Subscription {
        let venue: VenueFeed
        let channel: FeedChannel
        /// Who opened it, for a private channel.
        let user: AuthenticatedUser?
    }

    func add(to router: Router<MarketRequestContext>) {
        for (path, parameter) in [("ws/:channel", nil), ("ws/venues/:venue/:channel", "venue")] as [(String, String?)] {
            router.ws(RouterPath(path)) { request, context in
                do {
                    _ = try await subscription(request, context, venueParameter: parameter)
                } catch {
                    if request.headers[.upgrade]?.lowercased() == "websocket" {
                        refusals.record(ErrorAnswer(for: error), for: context.channel)
                    }
                    throw error
                }
                return .upgrade([:])
            } onUpgrade: { inbound, _, context in
                guard
                    let subscription = try? await subscription(
                        context.request, context.requestContext, venueParameter: parameter)
                else { return }
                await serve(subscription, inbound: inbound, connection: context.requestContext.channel)
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
        var user: AuthenticatedUser?
        if name == "private" {
            user = try await authenticate(request)
            caller = user.map { AccountID($0.id.rawValue) }
        }
        guard
            let channel = FeedChannel(
                name: name, listed: venue.runtime.committed.listings.map(\.symbol), caller: caller)
        else { throw RequestError.notFound("No channel \(name) in venue \(venueID)") }
        return Subscription(venue: venue, channel: channel, user: user)
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

    /// Subscribes the connection and reads the client's frames (which answers pings and notices a close)
    /// until either side closes; the subscriber's event loop sends the channel's messages meanwhile.
    private func serve(
        _ subscription: Subscription, inbound: WebSocketInboundStream, connection: any Channel
    ) async {
        let venue = subscription.venue
        let channel = subscription.channel
        guard let frames = try? await FeedSubscriber.frameWriter(of: connection) else { return }
        let subscriber = FeedSubscriber(
            limit: feed.settings.subscriberQueueLimit, connection: connection, frames: frames)
        let initial: ((UInt64) -> ByteBuffer?)? =
            switch channel {
            case .orderBook(let ticker): { venue.orderBookMessage(ticker, sequence: $0) }
            case .prices: { venue.pricesMessage(sequence: $0) }
            case .trades, .account, .news: nil
            }
        feed.subscribe(subscriber, venue: venue.runtime.id, channel: channel, initial: initial)
        if let user = subscription.user { sockets.add(connection, of: user) }
        let watched: DisconnectSwitches.Key? =
            if case .account(let account) = channel { .init(venue: venue.runtime.id, account: account) } else { nil }
        if let watched { switches.connected(watched) }
        defer {
            feed.unsubscribe(subscriber, venue: venue.runtime.id, channel: channel)
            if let user = subscription.user { sockets.remove(connection, of: user.id) }
            if let watched { switches.disconnected(watched) }
        }
        do {
            for try await _ in inbound {}
        } catch {}
        subscriber.finish()
    }
}
