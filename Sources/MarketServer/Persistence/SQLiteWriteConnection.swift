import VaporCSQLite

/// A connection to the SQLite file for one thread's exclusive use: statements run as plain calls, without
/// the hop to the NIO thread pool that every sqlite-nio statement costs, and stay prepared for reuse.
///
/// It calls the SQLite library that sqlite-nio links, not a second copy: SQLite coordinates the
/// connections of one process through that library's own table of file locks, which another copy of the
/// library would not see.
final class SQLiteWriteConnection {
    private var handle: OpaquePointer?
    private var prepared: [String: SQLitePreparedStatement] = [:]

    /// Opens `path` with the durability settings the server relies on (see ``SQLiteConnectionPool``), then
    /// runs `pragmas`.
    init(path: String, pragmas: [String] = []) throws(SQLiteWriteError) {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK else {
            let error = SQLiteWriteError(status: status, message: handle.map(Self.message) ?? "cannot open \(path)")
            sqlite_nio_sqlite3_close_v2(handle)
            handle = nil
            throw error
        }
        do {
            for pragma in SQLiteConnectionPool.durabilityPragmas + pragmas { try execute(pragma) }
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Runs `sql`, one or more statements without parameters, discarding any rows.
    func execute(_ sql: String) throws(SQLiteWriteError) {
        let status = sqlite_nio_sqlite3_exec(handle, sql, nil, nil, nil)
        guard status == SQLITE_OK else { throw failure(status) }
    }

    /// The statement for `sql`, prepared on first use and kept.
    func statement(_ sql: String) throws(SQLiteWriteError) -> SQLitePreparedStatement {
        try statement(named: sql, sql)
    }

    /// The statement kept under `name`, prepared from `sql` on first use: for statements whose text is built,
    /// so that it is built once.
    func statement(
        named name: String, _ sql: @autoclosure () -> String
    ) throws(SQLiteWriteError) -> SQLitePreparedStatement {
        if let statement = prepared[name] { return statement }
        let sql = sql()
        var raw: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard status == SQLITE_OK, let raw else { throw failure(status) }
        let statement = SQLitePreparedStatement(raw, connection: self)
        prepared[name] = statement
        return statement
    }

    /// Copies what the WAL holds into the database file as far as no reader still needs it, without waiting
    /// for readers or the writer (a passive checkpoint). Another checkpoint already running is not an error.
    func checkpointPassively() throws(SQLiteWriteError) {
        let status = sqlite_nio_sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        guard status == SQLITE_OK || status == SQLITE_BUSY else { throw failure(status) }
    }

    func close() {
        guard handle != nil else { return }
        for statement in prepared.values { statement.finalize() }
        prepared = [:]
        sqlite_nio_sqlite3_close_v2(handle)
        handle = nil
    }

    fileprivate func failure(_ status: Int32) -> SQLiteWriteError {
        SQLiteWriteError(status: status, message: handle.map(Self.message) ?? "the connection is closed")
    }

    private static func message(_ handle: OpaquePointer) -> String {
        String(cString: sqlite_nio_sqlite3_errmsg(handle))
    }
}

/// A prepared statement of a ``SQLiteWriteConnection``: bind the parameters (numbered from 1), then run.
final class SQLitePreparedStatement {
    private var raw: OpaquePointer?
    private unowned let connection: SQLiteWriteConnection

    fileprivate init(_ raw: OpaquePointer, connection: SQLiteWriteConnection) {
        self.raw = raw
        self.connection = connection
    }

    func bind(_ index: Int32, _ value: Int64) {
        sqlite_nio_sqlite3_bind_int64(raw, index, value)
    }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value {
            sqlite_nio_sqlite3_bind_int64(raw, index, value)
        } else {
            sqlite_nio_sqlite3_bind_null(raw, index)
        }
    }

    func bind(_ index: Int32, _ value: String) {
        var value = value
        value.withUTF8 { text in
            // SQLite copies the text (SQLITE_TRANSIENT): the buffer is only valid inside this closure.
            _ = text.withMemoryRebound(to: CChar.self) { characters in
                sqlite_nio_sqlite3_bind_text(
                    raw, index, characters.baseAddress, Int32(characters.count), Self.transient)
            }
        }
    }

    func bind(_ index: Int32, _ value: String?) {
        if let value { bind(index, value) } else { sqlite_nio_sqlite3_bind_null(raw, index) }
    }

    /// Runs the statement, which returns no rows, and readies it for the next use.
    func run() throws(SQLiteWriteError) {
        let status = sqlite_nio_sqlite3_step(raw)
        sqlite_nio_sqlite3_reset(raw)
        guard status == SQLITE_DONE else { throw connection.failure(status) }
    }

    fileprivate func finalize() {
        sqlite_nio_sqlite3_finalize(raw)
        raw = nil
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// A statement of the journal's own SQLite connection failed.
struct SQLiteWriteError: Error, CustomStringConvertible {
    let status: Int32
    let message: String

    var description: String { "SQLite error \(status): \(message)" }
}
