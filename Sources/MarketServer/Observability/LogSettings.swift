import Foundation
import Logging

/// How the server writes its logs: `LOG_LEVEL` and `LOG_FORMAT` (`text` for people, `json` for collectors).
public struct LogSettings: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable {
        /// A line for people: `timestamp level label: key=value ... [source] message`; see ``TextLogHandler``.
        case text
        /// One JSON object per line; see ``JSONLogHandler``.
        case json
    }

    public var level: Logger.Level
    public var format: Format

    public init(level: Logger.Level = .info, format: Format = .text) {
        self.level = level
        self.format = format
    }

    /// The settings named by the variables' values; `nil` keeps a default.
    init(level levelName: String?, format formatName: String?) throws(ConfigurationError) {
        self.init()
        if let levelName {
            guard let level = Logger.Level(rawValue: levelName.lowercased()) else {
                throw .invalidValue(
                    variable: "LOG_LEVEL", value: levelName,
                    expected: Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))
            }
            self.level = level
        }
        if let formatName {
            guard let format = Format(rawValue: formatName.lowercased()) else {
                throw .invalidValue(variable: "LOG_FORMAT", value: formatName, expected: "text or json")
            }
            self.format = format
        }
    }

    /// Makes every logger of the process write this way, to standard output. Call it once, at start.
    public func bootstrap() {
        let level = level
        switch format {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = TextLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label, write: JSONLogHandler.standardOutput)
                handler.logLevel = level
                return handler
            }
        }
    }
}
