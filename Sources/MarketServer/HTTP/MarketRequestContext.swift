import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of every route: who is calling, from where, and how large a body they may send.
public struct MarketRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<MarketRequestContext>
    /// Set by the authentication middleware; `nil` on routes that do not require authentication.
    public var user: AuthenticatedUser?
    /// The client's IP address, the rate-limit key of unauthenticated requests.
    public let clientAddress: String
    /// The connection, which the WebSocket feed closes to drop a subscriber that cannot keep up.
    public let channel: any Channel
    /// Bodies larger than this are refused with 413; set from the configuration by ``RequestSizeLimitMiddleware``.
    public var maxUploadSize: Int = 64 * 1024
    /// A request the server makes of its own routes for one it already admitted (an MCP tool call, see
    /// ``LoopbackAPI``): it carries the caller's user, whose key scope is checked again, and is not metered twice.
    public var isLoopback = false
    /// Bodies are read so that their errors name the field and the rule.
    public var requestDecoder: APIRequestDecoder { APIRequestDecoder() }

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.webSocket = .init()
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        self.channel = source.channel
    }

    /// The authenticated user, or ``AuthError/missingCredentials`` on a route that is not behind authentication.
    public func requireUser() throws(AuthError) -> AuthenticatedUser {
        guard let user else { throw .missingCredentials }
        return user
    }
}
