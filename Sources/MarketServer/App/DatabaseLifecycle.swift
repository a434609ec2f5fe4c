import ServiceLifecycle

/// Keeps the database open while the application runs and closes it once the server has shut down
/// (the application stops its services in reverse order, so the HTTP server stops first).
struct DatabaseLifecycle: Service {
    let foundation: ServerFoundation

    func run() async throws {
        try? await gracefulShutdown()
        await foundation.close()
    }
}
