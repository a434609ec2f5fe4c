import Foundation

/// One numbered schema change, read from `Migrations/NNNN_name.sql`.
///
/// A change that only one database engine needs, such as the layout of SQLite's tables, lives in
/// `NNNN_name.sqlite.sql` or `NNNN_name.postgres.sql`; the other engine never applies it.
public struct Migration: Sendable, Hashable {
    public var version: Int
    public var name: String
    public var sql: String
    /// The one engine this migration is for; `nil` for both.
    public var dialect: Database.Dialect?

    public init(version: Int, name: String, sql: String, dialect: Database.Dialect? = nil) {
        self.version = version
        self.name = name
        self.sql = sql
        self.dialect = dialect
    }

    /// Whether a database of `dialect` applies this migration.
    public func applies(to dialect: Database.Dialect) -> Bool {
        self.dialect.map { $0 == dialect } ?? true
    }

    /// The statements of the file in order. Drivers execute one statement per call, so the file is split on `;`
    /// outside quoted text and `--` comments.
    public var statements: [String] {
        var statements: [String] = []
        var current = ""
        var inQuote = false
        var inComment = false
        var previous: Character = " "
        for character in sql {
            if inComment {
                if character == "\n" {
                    inComment = false
                    current.append(character)
                }
            } else if inQuote {
                current.append(character)
                if character == "'" { inQuote = false }
            } else if character == "-" && previous == "-" {
                current.removeLast()
                inComment = true
            } else if character == "'" {
                inQuote = true
                current.append(character)
            } else if character == ";" {
                statements.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = inComment ? " " : character
        }
        statements.append(current)
        return statements.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// Reads every `NNNN_name.sql` of `directory`, ordered by version.
    public static func load(from directory: String) throws(DatabaseError) -> [Migration] {
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .migrationsNotFound(searched: [directory])
        }
        var migrations: [Migration] = []
        for file in files where file.hasSuffix(".sql") {
            var stem = file.dropLast(".sql".count)
            var dialect: Database.Dialect?
            for (suffix, engine) in [(".sqlite", Database.Dialect.sqlite), (".postgres", .postgres)]
            where stem.hasSuffix(suffix) {
                stem = stem.dropLast(suffix.count)
                dialect = engine
            }
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0 else {
                throw .unreadableMigration(file: file, reason: "name must look like 0001_description.sql")
            }
            let path = (directory as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .unreadableMigration(file: file, reason: "cannot read the file")
            }
            migrations.append(
                Migration(
                    version: version, name: String(stem), sql: String(decoding: data, as: UTF8.self), dialect: dialect))
        }
        migrations.sort { ($0.version, $0.name) < ($1.version, $1.name) }
        // One version may have a file for each engine, but never two files that one engine would apply.
        for (index, later) in migrations.enumerated() {
            for earlier in migrations[..<index] where earlier.version == later.version {
                let overlap = [Database.Dialect.sqlite, .postgres].contains {
                    earlier.applies(to: $0) && later.applies(to: $0)
                }
                if overlap { throw .duplicateMigrationVersion(later.version) }
            }
        }
        return migrations
    }

    /// The migrations folder: `configured` when given, else `./Migrations`, else the package's own `Migrations`
    /// (found from this source file's path, so tests and `swift run` work from any directory).
    public static func locateDirectory(configured: String?, sourceFile: String = #filePath) throws(DatabaseError)
        -> String
    {
        if let configured { return configured }
        let packageRoot = URL(fileURLWithPath: sourceFile)
            .deletingLastPathComponent()  // Persistence
            .deletingLastPathComponent()  // MarketServer
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()
        let candidates = [
            (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent("Migrations"),
            packageRoot.appendingPathComponent("Migrations").path,
        ]
        var isDirectory: ObjCBool = false
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return candidate }
        }
        throw .migrationsNotFound(searched: candidates)
    }
}
