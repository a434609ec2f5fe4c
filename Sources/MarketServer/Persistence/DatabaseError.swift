/// Failures of the persistence layer itself (as opposed to the driver's own errors).
public enum DatabaseError: Error, Equatable, CustomStringConvertible {
    case closed
    case cannotConnect(to: String, reason: String)
    case migrationsNotFound(searched: [String])
    case unreadableMigration(file: String, reason: String)
    case duplicateMigrationVersion(Int)
    case missingRow(String)
    /// Another server (or a restore) is using this SQLite database.
    case inUse(String, holder: String)

    public var description: String {
        switch self {
        case .closed: "The database has been closed"
        case .cannotConnect(let location, let reason): "Cannot open the database \(location): \(reason)"
        case .migrationsNotFound(let searched):
            "No Migrations folder found (looked in: \(searched.joined(separator: ", "))); set MIGRATIONS_DIR"
        case .unreadableMigration(let file, let reason): "Migration \(file) is unusable: \(reason)"
        case .duplicateMigrationVersion(let version): "Two migrations share version \(version)"
        case .missingRow(let what): "Expected row not found: \(what)"
        case .inUse(let path, let holder): "The database \(path) is in use by \(holder); stop it first"
        }
    }
}
