import Hummingbird

/// Turns every error thrown below it, including unknown routes and undecodable bodies, into a JSON
/// ``ErrorAnswer``. Unexpected errors are logged here, the only place that sees them all.
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            var answer = ErrorAnswer(for: error)
            if let httpError = error as? HTTPError, httpError.status == .notFound, httpError.body == nil {
                // The router's own "no such route" carries no text; say what was asked for.
                answer.detail = "No route for \(request.method) \(request.uri.path)"
            }
            if answer.status.code >= 500 {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(String(reflecting: error))")
            }
            return answer.response()
        }
    }
}
