import MarketCore

/// Writes the journal to SQLite on a connection and thread of its own (``SQLiteWriter``), each batch as
/// one run of prepared statements from `BEGIN` to `COMMIT` with no hop in between.
///
/// Other writers (registrations, API keys, admin) keep using the server's ``Database`` connection; SQLite
/// lets one of the two write at a time, and `BEGIN IMMEDIATE` waits its turn on the busy timeout.
/// Checkpoints run beside the commits, on a third connection (``SQLiteCheckpointer``).
struct SQLiteJournalStore: JournalStore {
    private let writer: SQLiteWriter
    private let checkpointer: SQLiteCheckpointer

    init(path: String) {
        writer = SQLiteWriter(
            name: "journal-commit", path: path,
            pragmas: ["PRAGMA wal_autocheckpoint=\(SQLiteCheckpointer.walPagesBeforeWriterCheckpoints)"])
        checkpointer = SQLiteCheckpointer(path: path)
    }

    func commit(_ batches: [JournalBatch]) async throws {
        try await writer.perform { connection in
            try connection.statement("BEGIN IMMEDIATE").run()
            do {
                for batch in batches { try Self.write(batch, to: connection) }
                try connection.statement("COMMIT").run()
            } catch {
                // A failed COMMIT may have rolled back already; then there is nothing left to roll back.
                try? connection.statement("ROLLBACK").run()
                throw error
            }
        }
        checkpointer.noteCommit()
    }

    /// The committing thread: the journal collects, commits and acknowledges each batch there, with no
    /// hand-off to the shared pool and back between two commits.
    var preferredExecutor: (any TaskExecutor)? { writer }

    func close() async {
        await writer.close()
        await checkpointer.close()
    }

    private static func write(_ batch: JournalBatch, to connection: SQLiteWriteConnection) throws(SQLiteWriteError) {
        for write in batch.tableWrites {
            switch write {
            case .insert(let insert): try run(insert, venue: batch.venue, on: connection)
            case .update(let update): try run(update, venue: batch.venue, on: connection)
            }
        }
    }

    private static func run(
        _ insert: TableWrite.Insert, venue: String, on connection: SQLiteWriteConnection
    ) throws(SQLiteWriteError) {
        // A table's insert is the same statement in every batch: its text is built once.
        let statement = try connection.statement(named: "insert " + insert.table, insert.sqliteText)
        for row in insert.rows {
            statement.bind(1, venue)
            for (index, value) in row.enumerated() { statement.bind(Int32(index + 2), value) }
            try statement.run()
        }
    }

    private static func run(
        _ update: TableWrite.Update, venue: String, on connection: SQLiteWriteConnection
    ) throws(SQLiteWriteError) {
        let statement = try connection.statement(named: "update " + update.table, update.sqliteText)
        for row in update.rows {
            statement.bind(1, venue)
            for (index, value) in row.enumerated() { statement.bind(Int32(index + 2), value) }
            try statement.run()
        }
    }
}

extension TableWrite.Insert {
    /// The insert as one SQLite statement with numbered parameters, `venue_id` first.
    fileprivate var sqliteText: String {
        let columns = ["venue_id"] + self.columns
        let parameters = (1...columns.count).map { "?\($0)" }.joined(separator: ", ")
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(parameters))" + conflictClause
    }
}

extension TableWrite.Update {
    /// The update of one row as a SQLite statement: `venue_id` is `?1`, the id `?2`, the values after.
    fileprivate var sqliteText: String {
        let assignments = assignments.enumerated().map { index, assignment in
            assignment.sql(value: "?\(index + 3)", stored: assignment.column)
        }
        return "UPDATE \(table) SET \(assignments.joined(separator: ", ")) WHERE venue_id = ?1 AND \(id) = ?2"
    }
}

extension SQLitePreparedStatement {
    fileprivate func bind(_ index: Int32, _ value: ColumnValue) {
        switch value {
        case .integer(let number): bind(index, number)
        case .text(let text): bind(index, text)
        case .flag(let flag): bind(index, Int64(flag ? 1 : 0))
        }
    }
}
