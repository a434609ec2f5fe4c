import Hummingbird

/// Counts and times every answered request by its route template and status, and logs it at `debug` (with the
/// request id that ``RequestIDMiddleware`` put in the logger).
///
/// It sits outside ``ErrorMiddleware``, so it sees every answer as the client gets it, errors included.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            record(request, context, status: ErrorAnswer(for: error).status.code, since: started)
            throw error
        }
        record(request, context, status: response.status.code, since: started)
        return response
    }

    private func record(_ request: Request, _ context: Context, status: Int, since started: ContinuousClock.Instant) {
        let duration = ContinuousClock.now - started
        // The router names the matched route's template; a request no route matched has none.
        let route = context.endpointPath ?? "unmatched"
        metrics.recordRequest(method: request.method.rawValue, route: route, status: status, duration: duration)
        context.logger.debug(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path), "route": .string(route),
                "status": .stringConvertible(status),
                "duration_ms": .stringConvertible(Double(duration.nanoseconds) / 1_000_000),
            ])
    }
}
