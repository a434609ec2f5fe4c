import Foundation
import Logging
import MarketCore

/// Writes each log message as one JSON object on one line, for log collectors:
/// `{"timestamp":"2025-01-02T03:04:05.678Z","level":"info","label":"marketsim","message":"…","request_id":"…",…}`.
///
/// Metadata keys become top-level fields (nested metadata becomes nested JSON), after the fixed fields, which
/// they cannot overwrite.
public struct JSONLogHandler: LogHandler {
    /// Where finished lines go (each ends with a newline).
    public typealias Write = @Sendable (String) -> Void

    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: Write

    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, write: @escaping Write) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    /// Writes each line to standard output with one `write` call, so that lines of concurrent tasks never interleave.
    public static let standardOutput: Write = { line in
        FileHandle.standardOutput.write(Data(line.utf8))
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: Any] = [:]
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        for (key, value) in merged { fields[key] = Self.json(value) }
        fields["timestamp"] = WallClock().now().iso8601
        fields["level"] = event.level.rawValue
        fields["label"] = label
        fields["message"] = event.message.description
        fields["source"] = event.source
        if let error = event.error { fields["error"] = String(describing: error) }
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return }
        write(String(decoding: data, as: UTF8.self) + "\n")
    }

    private static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(json)
        case .dictionary(let values): values.mapValues(json)
        }
    }
}
