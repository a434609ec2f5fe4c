import Foundation

/// The `NAME=value` pairs of a `.env` file: `#` comments, blank lines, an optional `export ` prefix,
/// and values optionally wrapped in single or double quotes.
public struct DotEnvFile: Sendable, Equatable {
    public var values: [String: String]

    public init(values: [String: String] = [:]) {
        self.values = values
    }

    /// Parses the text of a `.env` file.
    public init(parsing text: String) throws(ConfigurationError) {
        var values: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)) }
            guard let equals = line.firstIndex(of: "=") else {
                throw .unreadableDotEnvLine(lineNumber: index + 1, line: String(rawLine))
            }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            guard !name.isEmpty else { throw .unreadableDotEnvLine(lineNumber: index + 1, line: String(rawLine)) }
            values[name] = value
        }
        self.values = values
    }

    /// Reads `path` if it exists; a missing file is an empty one.
    public static func load(path: String) throws(ConfigurationError) -> DotEnvFile {
        guard let data = FileManager.default.contents(atPath: path) else { return DotEnvFile() }
        return try DotEnvFile(parsing: String(decoding: data, as: UTF8.self))
    }
}
