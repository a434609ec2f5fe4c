import Hummingbird

/// Turns every error thrown below it, including unknown routes and undecodable bodies, into a JSON
/// ``ErrorAnswer``. Unexpected errors are logged here, the only place that sees them all.
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The routes' methods by path, for answering 405 to a method a known path does not take.
    let routes: RouteTable

    public init(routes: RouteTable = RouteTable()) {
        self.routes = routes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            var answer = ErrorAnswer(for: error)
            if let httpError = error as? HTTPError, httpError.status == .notFound, httpError.body == nil {
                // The router's own "no such route" carries no text; say what was asked for, and whether the
                // path exists with other methods.
                let allowed = routes.methods(answering: request.uri.path)
                if allowed.isEmpty {
                    answer.detail = "No route for \(request.method) \(request.uri.path)"
                } else {
                    let list = allowed.sorted().joined(separator: ", ")
                    answer = ErrorAnswer(
                        status: .methodNotAllowed, error: "method_not_allowed",
                        detail: "\(request.uri.path) takes \(list), not \(request.method)", headers: [.allow: list])
                }
            }
            if answer.status.code >= 500 {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(String(reflecting: error))")
            }
            return answer.response()
        }
    }
}
