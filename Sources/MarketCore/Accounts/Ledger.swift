import Synchronization

/// Every account of a venue, split into independently locked shards so that orders on different
/// tickers settle in parallel; a lock is held only while one account changes.
final class Ledger: Sendable {
    private let shards: [Shard]

    init(shardCount: Int = 64) {
        shards = (0..<shardCount).map { _ in Shard() }
    }

    /// Runs `body` with exclusive access to the account, `nil` when it does not exist.
    func withAccount<Result, Failure: Error>(
        _ id: AccountID, _ body: (inout Account?) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try shard(for: id).accounts.withLock { (accounts) throws(Failure) -> Result in
            try body(&accounts[id])
        }
    }

    /// A copy of the account.
    func account(_ id: AccountID) -> Account? {
        shard(for: id).accounts.withLock { $0[id] }
    }

    /// A copy of every account. Consistent across accounts only when nothing trades meanwhile.
    func allAccounts() -> [AccountID: Account] {
        var result: [AccountID: Account] = [:]
        for shard in shards {
            shard.accounts.withLock { result.merge($0) { first, _ in first } }
        }
        return result
    }

    private func shard(for id: AccountID) -> Shard {
        shards[Int(UInt64(bitPattern: id.rawValue) % UInt64(shards.count))]
    }

    private final class Shard: Sendable {
        let accounts = Mutex<[AccountID: Account]>([:])
    }
}
