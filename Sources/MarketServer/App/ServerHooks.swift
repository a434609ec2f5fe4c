/// The points where layers built on the foundation plug in.
public struct ServerHooks: Sendable {
    /// Runs after a new user's row is committed (registration and the configured first admin). The trading layer
    /// opens the user's account in venue `main` here. If it throws, the request fails but the user row stays.
    public var onUserRegistered: UserRegisteredHook
    /// Runs once every venue is recovered, before the server takes requests: for embedding programs and
    /// tests that set up venues through the same durable operations the routes use.
    public var onVenuesOpened: @Sendable (VenueDirectory) async throws -> Void
    /// Runs once the application is built, before it serves: tests and benchmarks reach the running parts here.
    public var onBuilt: @Sendable (ServerParts) async -> Void

    public init(
        onUserRegistered: @escaping UserRegisteredHook = { _ in },
        onVenuesOpened: @escaping @Sendable (VenueDirectory) async throws -> Void = { _ in },
        onBuilt: @escaping @Sendable (ServerParts) async -> Void = { _ in }
    ) {
        self.onUserRegistered = onUserRegistered
        self.onVenuesOpened = onVenuesOpened
        self.onBuilt = onBuilt
    }
}

/// The long-lived parts of a built server.
public struct ServerParts: Sendable {
    public let venues: VenueDirectory
    public let feed: RealtimeFeed
    public let life: MarketLife
    let tournaments: TournamentDesk
    /// Every route the router answers, as `METHOD /path/{parameter}`, for checking the API description.
    public let routes: [String]
}
