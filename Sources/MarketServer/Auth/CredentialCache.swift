import Synchronization

/// Credentials checked recently, so that an agent's every request does not cost a database read (the
/// database is one connection on SQLite, shared with the journal's commits).
///
/// Revoking a key or suspending a user through the server forgets what the cache knew of them at once;
/// a change made behind the server's back, directly in the database, is noticed within `lifetime`.
public final class CredentialCache: Sendable {
    private struct Remembered<Value: Sendable>: Sendable {
        let value: Value
        let expires: ContinuousClock.Instant
    }

    private struct State: Sendable {
        var keys: [String: Remembered<(key: APIKeyRecord, owner: UserRecord)>] = [:]
        var users: [UserID: Remembered<UserRecord>] = [:]
        /// Key ids to their hashes, for signed requests. A key's hash never changes, so these are kept until
        /// the capacity is reached; whether the key is active is checked by its hash.
        var hashes: [Int64: String] = [:]
    }

    private let state = Mutex(State())
    private let lifetime: Duration
    /// Entries kept at most; past it, expired ones are dropped first, then everything.
    private let capacity = 50_000

    public init(lifetime: Duration = .seconds(30)) {
        self.lifetime = lifetime
    }

    func key(hashed hash: String) -> (key: APIKeyRecord, owner: UserRecord)? {
        let now = ContinuousClock.now
        return state.withLock { state in state.keys[hash].flatMap { $0.expires > now ? $0.value : nil } }
    }

    func remember(key: APIKeyRecord, owner: UserRecord, hashed hash: String) {
        let entry = Remembered(value: (key: key, owner: owner), expires: ContinuousClock.now + lifetime)
        state.withLock { state in
            if state.keys.count >= capacity {
                state.keys = state.keys.filter { $0.value.expires > ContinuousClock.now }
            }
            if state.keys.count >= capacity { state.keys = [:] }
            state.keys[hash] = entry
        }
    }

    func hash(ofKey id: Int64) -> String? {
        state.withLock { $0.hashes[id] }
    }

    func remember(hash: String, ofKey id: Int64) {
        state.withLock { state in
            if state.hashes.count >= capacity { state.hashes = [:] }
            state.hashes[id] = hash
        }
    }

    func user(_ id: UserID) -> UserRecord? {
        let now = ContinuousClock.now
        return state.withLock { state in state.users[id].flatMap { $0.expires > now ? $0.value : nil } }
    }

    func remember(user: UserRecord) {
        let entry = Remembered(value: user, expires: ContinuousClock.now + lifetime)
        state.withLock { state in
            if state.users.count >= capacity {
                state.users = state.users.filter { $0.value.expires > ContinuousClock.now }
            }
            if state.users.count >= capacity { state.users = [:] }
            state.users[user.id] = entry
        }
    }

    /// Forgets the user and every key of theirs.
    func forget(user id: UserID) {
        state.withLock { state in
            state.users[id] = nil
            state.keys = state.keys.filter { $0.value.value.owner.id != id }
        }
    }

    func forget(key id: Int64) {
        state.withLock { state in state.keys = state.keys.filter { $0.value.value.key.id != id } }
    }
}
