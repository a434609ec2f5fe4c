import Logging
import SQLiteNIO

/// A few connections to one SQLite file, each opened with the durability settings the server relies on.
///
/// WAL lets readers proceed while one writer commits; `synchronous=FULL` makes every commit survive a power
/// loss, which the event journal's "acknowledged means durable" promise depends on.
actor SQLiteConnectionPool {
    let path: String
    private let capacity: Int
    private let logger: Logger
    private var idle: [SQLiteConnection] = []
    private var openCount = 0
    private var waiters: [CheckedContinuation<SQLiteConnection, any Error>] = []
    private var isClosed = false

    /// What every connection to the file runs first. The busy timeout comes first: switching a new file to
    /// WAL takes a lock that a connection opening beside it must wait for, not fail on.
    static let durabilityPragmas = [
        "PRAGMA busy_timeout=10000", "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
    ]

    init(path: String, capacity: Int, logger: Logger) {
        self.path = path
        self.capacity = capacity
        self.logger = logger
    }

    func acquire() async throws -> SQLiteConnection {
        guard !isClosed else { throw DatabaseError.closed }
        if let connection = idle.popLast() { return connection }
        if openCount < capacity {
            openCount += 1
            do {
                return try await openDurableConnection()
            } catch {
                openCount -= 1
                throw error
            }
        }
        return try await withCheckedThrowingContinuation { waiters.append($0) }
    }

    func release(_ connection: SQLiteConnection) async {
        if !waiters.isEmpty {
            waiters.removeFirst().resume(returning: connection)
        } else if isClosed {
            openCount -= 1
            try? await Self.closeEvenIfCancelled(connection)
        } else {
            idle.append(connection)
        }
    }

    func close() async {
        isClosed = true
        for waiter in waiters { waiter.resume(throwing: DatabaseError.closed) }
        waiters.removeAll()
        let closing = idle
        idle.removeAll()
        openCount -= closing.count
        for connection in closing {
            do {
                try await Self.closeEvenIfCancelled(connection)
            } catch {
                logger.warning("Closing an SQLite connection failed: \(String(reflecting: error))")
            }
        }
    }

    /// Shutting down often happens in a cancelled task, where the `async` `close()` refuses to run and would leave
    /// the handle open; the future-based one does not look at task cancellation.
    private static func closeEvenIfCancelled(_ connection: SQLiteConnection) async throws {
        try await connection.close().get()
    }

    private func openDurableConnection() async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        do {
            for pragma in Self.durabilityPragmas {
                _ = try await connection.query(pragma)
            }
        } catch {
            try? await Self.closeEvenIfCancelled(connection)
            throw error
        }
        return connection
    }
}
