import MarketCore
import SQLKit
import Synchronization

/// When each user's sessions were last ended: a token issued before that moment is refused.
///
/// Kept in the `session_cutoffs` table and mirrored in memory, since every bearer-token request asks and
/// only an administrator's action changes it.
public final class SessionCutoffs: Sendable {
    private let database: Database
    private let cutoffs = Mutex<[UserID: Int64]>([:])

    /// Reads every stored cutoff.
    public init(database: Database) async throws {
        self.database = database
        let rows = try await database.withConnection { connection in
            try await connection.raw("SELECT user_id, tokens_valid_after FROM session_cutoffs").all()
        }
        var loaded: [UserID: Int64] = [:]
        for row in rows {
            loaded[UserID(try row.decode(column: "user_id", as: Int64.self))] = try row.decode(
                column: "tokens_valid_after", as: Int64.self)
        }
        cutoffs.withLock { $0 = loaded }
    }

    /// Ends every session of `user` started before now; returns the cutoff (milliseconds since 1970).
    @discardableResult
    func end(of user: UserID) async throws -> Int64 {
        let now = WallClock().now().millisecondsSinceEpoch
        try await database.withConnection { connection in
            try await connection.raw("DELETE FROM session_cutoffs WHERE user_id = \(bind: user.rawValue)").run()
            try await connection.raw(
                "INSERT INTO session_cutoffs (user_id, tokens_valid_after) VALUES (\(bind: user.rawValue), \(bind: now))"
            ).run()
        }
        cutoffs.withLock { $0[user] = now }
        return now
    }

    /// Whether a token of `user` issued at `issuedAtMilliseconds` still stands. Token times have whole
    /// seconds, so one issued in the same second as the cutoff is refused too.
    func admits(_ user: UserID, issuedAtMilliseconds: Int64) -> Bool {
        guard let cutoff = cutoffs.withLock({ $0[user] }) else { return true }
        return issuedAtMilliseconds >= cutoff
    }
}
