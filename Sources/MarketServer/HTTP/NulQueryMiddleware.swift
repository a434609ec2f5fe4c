import Hummingbird

/// Refuses a query whose decoded parameter values hold the NUL character (`%00`) with 400: no parameter has a use for
/// it, and PostgreSQL refuses it in a text comparison, which would otherwise answer 500. Bodies are checked
/// where they are read (`Request.decodeJSON`).
public struct NulQueryMiddleware: RouterMiddleware {
    public typealias Context = MarketRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if let bad = request.uri.queryParameters.first(where: { $0.value.contains("\0") }) {
            throw RequestError.invalidField(String(bad.key), reason: "must not contain the NUL character")
        }
        return try await next(request, context)
    }
}
