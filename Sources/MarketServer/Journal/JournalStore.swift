/// Where the journal's batches become durable: one transaction per call, committed before it returns.
protocol JournalStore: Sendable {
    /// Writes the batches and commits them together; on a throw nothing of them is stored.
    func commit(_ batches: [JournalBatch]) async throws
    /// Releases what the store holds; called once the journal has committed its last batch.
    func close() async
    /// Where the journal's loop had best run: the thread that commits, when the store has one.
    var preferredExecutor: (any TaskExecutor)? { get }
}

extension JournalStore {
    var preferredExecutor: (any TaskExecutor)? { nil }
}
