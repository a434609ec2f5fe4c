import MarketCore
import SQLKit

/// Writes the journal through SQLKit, in a transaction of the server's ``Database``: the way to any
/// database SQLKit speaks, and the one PostgreSQL takes.
struct SQLKitJournalStore: JournalStore {
    let database: Database

    /// Rows a single statement may carry, well inside both databases' limits on bound values.
    private static let rowsPerStatement = 200

    func commit(_ batches: [JournalBatch]) async throws {
        try await database.transaction { sql in
            for batch in batches { try await write(batch, to: sql) }
        }
    }

    func close() async {}

    private func write(_ batch: JournalBatch, to sql: any SQLDatabase) async throws {
        for write in batch.tableWrites {
            switch write {
            case .insert(let insert): try await run(insert, venue: batch.venue, on: sql)
            case .update(let update): try await run(update, venue: batch.venue, on: sql)
            }
        }
    }

    private func run(_ insert: TableWrite.Insert, venue: String, on sql: any SQLDatabase) async throws {
        for chunk in insert.rows.chunks(of: Self.rowsPerStatement) {
            let query = sql.insert(into: insert.table).columns(["venue_id"] + insert.columns)
            for row in chunk { query.values([venue] + row.map(\.encodable)) }
            switch insert.onConflict {
            case .none: try await query.run()
            case .ignore(let key): try await query.ignoringConflicts(with: key).run()
            case .accumulate(let key, let columns):
                try await query.onConflict(with: key) { conflict in
                    for column in columns {
                        conflict.set(column, to: SQLRaw("\(insert.table).\(column) + excluded.\(column)"))
                    }
                    return conflict
                }.run()
            }
        }
    }

    /// Every row of a chunk in one statement: `UPDATE … FROM (VALUES …) AS v`, the id in `v.column1`.
    private func run(_ update: TableWrite.Update, venue: String, on sql: any SQLDatabase) async throws {
        let assignments = update.assignments.enumerated().map { index, assignment in
            assignment.sql(
                value: "CAST(v.column\(index + 2) AS \(assignment.type))",
                stored: "\(update.table).\(assignment.column)")
        }
        for chunk in update.rows.chunks(of: Self.rowsPerStatement) {
            var query = SQLQueryString("UPDATE \(unsafeRaw: update.table) SET ")
            query.appendLiteral(assignments.joined(separator: ", ") + " FROM (VALUES ")
            for (index, row) in chunk.enumerated() {
                query.appendLiteral(index == 0 ? "(" : ", (")
                for (position, value) in row.enumerated() {
                    if position > 0 { query.appendLiteral(", ") }
                    query.appendInterpolation(bind: value.encodable)
                }
                query.appendLiteral(")")
            }
            query.appendLiteral(") AS v WHERE \(update.table).venue_id = ")
            query.appendInterpolation(bind: venue)
            query.appendLiteral(" AND \(update.table).\(update.id) = v.column1")
            try await sql.raw(query).run()
        }
    }
}

extension ColumnValue {
    /// The value as SQLKit binds it.
    fileprivate var encodable: any Encodable & Sendable {
        switch self {
        case .integer(let number): number
        case .text(let text): text
        case .flag(let flag): flag
        }
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
