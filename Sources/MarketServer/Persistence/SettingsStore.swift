import SQLKit

/// Server-wide key/value settings kept in the database (for example the generated JWT signing key).
public struct SettingsStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func value(for key: String) async throws -> String? {
        try await database.withConnection { connection in
            try await connection.raw("SELECT value FROM settings WHERE key = \(bind: key)").first()?
                .decode(column: "value", as: String.self)
        }
    }

    /// Stores `value` under `key`, replacing what was there.
    public func set(_ key: String, to value: String) async throws {
        try await database.withConnection { connection in
            try await connection.raw(
                """
                INSERT INTO settings (key, value) VALUES (\(bind: key), \(bind: value))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """
            ).run()
        }
    }

    /// Returns the stored value of `key`, storing `makeValue()` first if there is none. When two processes race,
    /// both end up with the value that was committed first.
    public func value(for key: String, storingIfAbsent makeValue: @Sendable () -> String) async throws -> String {
        if let existing = try await value(for: key) { return existing }
        let candidate = makeValue()
        do {
            try await database.withConnection { connection in
                try await connection.raw("INSERT INTO settings (key, value) VALUES (\(bind: key), \(bind: candidate))")
                    .run()
            }
        } catch {
            guard let winner = try await value(for: key) else { throw error }
            return winner
        }
        return candidate
    }
}
