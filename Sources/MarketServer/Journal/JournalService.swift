/// Runs the journal writer for the life of the application. The writer starts before the server so that
/// recovery can commit; at shutdown, after the market life has stopped, it commits what is queued and ends
/// (see ``ShutdownSequence``).
struct JournalService: Sendable {
    let journal: Journal
    let writer: Task<Void, Never>

    init(journal: Journal) {
        self.journal = journal
        writer = Task { await journal.run() }
    }

    /// Commits what is queued and ends the writer.
    func stop() async {
        journal.finish()
        await writer.value
    }
}
