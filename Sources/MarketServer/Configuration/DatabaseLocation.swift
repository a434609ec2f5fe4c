import Foundation

/// Which database the server stores its data in.
public enum DatabaseLocation: Sendable, Hashable {
    /// An SQLite file at this path.
    case sqlite(path: String)
    /// A PostgreSQL server, from a `postgres://user:pass@host:port/db` URL.
    case postgres(PostgresAddress)
}

/// The parts of a `postgres://` URL the server connects with.
public struct PostgresAddress: Sendable, Hashable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    /// `sslmode=require` in the URL's query; otherwise the connection is unencrypted (local or trusted network).
    public var requiresTLS: Bool

    public init(host: String, port: Int, username: String, password: String?, database: String, requiresTLS: Bool) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.requiresTLS = requiresTLS
    }

    /// Parses `postgres://` or `postgresql://` URLs; `nil` when the URL lacks a host, user or database.
    public init?(url text: String) {
        guard let components = URLComponents(string: text),
            components.scheme == "postgres" || components.scheme == "postgresql",
            let host = components.host, !host.isEmpty,
            let username = components.user, !username.isEmpty
        else { return nil }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { return nil }
        let sslMode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value
        self.init(
            host: host,
            port: components.port ?? 5432,
            username: username.removingPercentEncoding ?? username,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: database,
            requiresTLS: sslMode == "require" || sslMode == "verify-full"
        )
    }

    /// The same server with another database selected (tests create one database per run).
    public func selecting(database: String) -> PostgresAddress {
        var copy = self
        copy.database = database
        return copy
    }
}
