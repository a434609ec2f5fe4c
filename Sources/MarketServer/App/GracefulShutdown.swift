import Hummingbird
import Logging
import ServiceLifecycle

/// Runs the application until SIGTERM or SIGINT, then shuts it down gracefully: the server stops listening,
/// answers the requests in flight and closes every WebSocket with a close frame; then the market makers stop,
/// the journal commits what is queued, and the database closes. Returns normally, so the process exits 0.
///
/// Whatever is still running after `gracePeriod` is cancelled; the journal still commits what it holds.
public func runUntilStopped(
    _ application: some ApplicationProtocol, logger: Logger, gracePeriod: Duration = .seconds(30)
) async throws {
    var configuration = ServiceGroupConfiguration(
        services: [application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    configuration.maximumGracefulShutdownDuration = gracePeriod
    try await ServiceGroup(configuration: configuration).run()
    logger.info("Shut down cleanly")
}
