import Foundation
import Logging
import MarketCore

/// Writes each log message as one line for people:
/// `2025-01-02T03:04:05.678Z info marketsim: request_id=… [MarketServer] message`.
///
/// Metadata is rendered when a line is written, not when it is set: every request sets its id on its
/// logger, and nearly all requests write no line at all.
public struct TextLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: JSONLogHandler.Write

    public init(
        label: String, metadataProvider: Logger.MetadataProvider? = nil,
        write: @escaping JSONLogHandler.Write = JSONLogHandler.standardOutput
    ) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        if let error = event.error { merged["error"] = .string(String(describing: error)) }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let context = fields.isEmpty ? "" : " " + fields.joined(separator: " ")
        write("\(WallClock().now().iso8601) \(event.level) \(label):\(context) [\(event.source)] \(event.message)\n")
    }
}
