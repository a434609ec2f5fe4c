import Hummingbird

/// Refuses bodies above the configured size with 413: at once when `Content-Length` says so, and while
/// decoding (through the context's `maxUploadSize`) when the body is streamed without a length.
public struct RequestSizeLimitMiddleware: RouterMiddleware {
    public typealias Context = MarketRequestContext

    public let maxBytes: Int

    public init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes {
            throw RequestError.bodyTooLarge
        }
        var context = context
        context.maxUploadSize = maxBytes
        return try await next(request, context)
    }
}
