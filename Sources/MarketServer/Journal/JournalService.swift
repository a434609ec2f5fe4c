import ServiceLifecycle

/// Runs the journal writer for the life of the application. The writer starts before the server so that
/// recovery can commit; at shutdown, after the HTTP server has stopped, it commits what is queued and ends.
struct JournalService: Service {
    let journal: Journal
    let writer: Task<Void, Never>

    init(journal: Journal) {
        self.journal = journal
        writer = Task { await journal.run() }
    }

    func run() async throws {
        try? await gracefulShutdown()
        journal.finish()
        await writer.value
    }
}
