/// Every account of a venue, split into independently locked shards so that orders on different
/// tickers settle in parallel; a lock is held only while one account changes.
final class Ledger: Sendable {
    private let shards: [Locked<IdentifierMap<Account>>]

    init(shardCount: Int = 64) {
        shards = (0..<shardCount).map { _ in Locked(IdentifierMap()) }
    }

    /// Runs `body` with exclusive access to the account, `nil` when it does not exist.
    func withAccount<Result, Failure: Error>(
        _ id: AccountID, _ body: (inout Account?) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try shard(for: id).withLock { (accounts) throws(Failure) -> Result in
            try accounts.update(id.mapKey) { (account) throws(Failure) -> Result in try body(&account) }
        }
    }

    /// A copy of the account.
    func account(_ id: AccountID) -> Account? {
        shard(for: id).withLock { $0[id.mapKey] }
    }

    /// A copy of every account. Consistent across accounts only when nothing trades meanwhile.
    func allAccounts() -> [AccountID: Account] {
        var result: [AccountID: Account] = [:]
        for shard in shards {
            shard.withLock { accounts in
                for (key, account) in accounts.entries { result[AccountID(Int64(bitPattern: key))] = account }
            }
        }
        return result
    }

    private func shard(for id: AccountID) -> Locked<IdentifierMap<Account>> {
        shards[Int(UInt64(bitPattern: id.rawValue) % UInt64(shards.count))]
    }
}
