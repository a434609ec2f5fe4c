/// The points where layers built on the foundation plug in.
public struct ServerHooks: Sendable {
    /// Runs after a new user's row is committed (registration and the configured first admin). The trading layer
    /// opens the user's account in venue `main` here. If it throws, the request fails but the user row stays.
    public var onUserRegistered: UserRegisteredHook

    public init(onUserRegistered: @escaping UserRegisteredHook = { _ in }) {
        self.onUserRegistered = onUserRegistered
    }
}
