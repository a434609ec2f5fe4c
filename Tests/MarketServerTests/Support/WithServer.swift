import MarketServer

/// Runs `body` with a fresh scratch database of `backend` and removes the database afterwards.
func withScratchDatabase(
    _ backend: TestBackend, _ body: (ScratchDatabase) async throws -> Void
) async throws {
    let scratch = try await ScratchDatabase.make(backend)
    do {
        try await body(scratch)
    } catch {
        try await scratch.destroy()
        throw error
    }
    try await scratch.destroy()
}

/// Runs `body` against a server on a fresh scratch database of `backend`.
func withServer(
    _ backend: TestBackend,
    hooks: ServerHooks = ServerHooks(),
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: @Sendable (TestServer) async throws -> Void
) async throws {
    try await withScratchDatabase(backend) { scratch in
        var configuration = scratch.configuration()
        configure(&configuration)
        try await TestServer.run(configuration, hooks: hooks, body)
    }
}
