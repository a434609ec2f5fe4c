import MarketCore

/// A value of a row the journal writes: an integer, text or flag, any of them null.
enum ColumnValue: Sendable, Equatable {
    case integer(Int64?)
    case text(String?)
    case flag(Bool)

    static func cents(_ amount: Cents?) -> ColumnValue { .integer(amount?.value) }
    static func shares(_ quantity: Shares?) -> ColumnValue { .integer(quantity?.value) }
}

/// Rows the journal writes into one of a venue's tables, described once so that every store writes the
/// same thing: the SQLite store as prepared statements, the SQLKit store (PostgreSQL) as SQLKit queries.
/// Every table is keyed by its venue first; `venue_id` is the first column of each row, bound by the store.
enum TableWrite: Sendable {
    /// New rows; see ``Insert``.
    case insert(Insert)
    /// Changes to rows written by earlier batches; see ``Update``.
    case update(Update)

    struct Insert: Sendable {
        let table: String
        /// The columns after `venue_id`, in the order of each row's values.
        let columns: [String]
        let onConflict: Conflict
        let rows: [[ColumnValue]]
    }

    /// What an insert does with a row whose key is already stored.
    enum Conflict: Sendable {
        /// There is none: the key is new by construction.
        case none
        /// The stored row stays as it is.
        case ignore(key: [String])
        /// The new row's `columns` are added to the stored row's: a batch writes net changes.
        case accumulate(key: [String], columns: [String])
    }

    struct Update: Sendable {
        let table: String
        /// The column that, with `venue_id`, names the row; each row's first value.
        let id: String
        /// The columns set, in the order of each row's values after the id.
        let assignments: [Assignment]
        let rows: [[ColumnValue]]
    }

    /// How an update sets a column from its value.
    struct Assignment: Sendable {
        enum Rule: Sendable {
            case replace
            case add
            case subtract
            /// A null value leaves the stored one.
            case replaceUnlessNull
        }

        let column: String
        let rule: Rule
        /// The column's SQL type, which PostgreSQL needs to read a null in a list of values.
        let type: String
    }
}

extension TableWrite.Assignment {
    /// The assignment's SQL, with `value` the expression of its new value and `stored` of the stored one.
    func sql(value: String, stored: String) -> String {
        switch rule {
        case .replace: "\(column) = \(value)"
        case .add: "\(column) = \(stored) + \(value)"
        case .subtract: "\(column) = \(stored) - \(value)"
        case .replaceUnlessNull: "\(column) = COALESCE(\(value), \(stored))"
        }
    }
}

extension TableWrite.Insert {
    /// `ON CONFLICT …`, after the values: the same text in SQLite and PostgreSQL.
    var conflictClause: String {
        switch onConflict {
        case .none: ""
        case .ignore(let key): " ON CONFLICT (\(key.joined(separator: ", "))) DO NOTHING"
        case .accumulate(let key, let columns):
            " ON CONFLICT (\(key.joined(separator: ", "))) DO UPDATE SET "
                + columns.map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", ")
        }
    }
}
