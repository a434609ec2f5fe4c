import Foundation
import HTTPTypes
import MCP

/// One MCP tool: what it tells the model, and the REST request it makes.
///
/// Tools are named like the REST operations and take their field names, so a model that has read the API
/// description (or an agent author who knows it) meets nothing new.
struct MarketTool: Sendable {
    let name: String
    let description: String
    let inputSchema: Value
    let isReadOnly: Bool
    /// Where the answer's list goes when the route answers a JSON array (structured content is an object).
    var listKey = "items"
    /// The REST request for the arguments, under the venue's path prefix.
    let request: @Sendable (ToolArguments, VenuePrefix) throws(ToolArgumentError) -> APICall

    /// The tool as `tools/list` describes it.
    var definition: Tool {
        Tool(
            name: name, description: description, inputSchema: inputSchema,
            annotations: .init(
                readOnlyHint: isReadOnly, destructiveHint: isReadOnly ? nil : false, idempotentHint: isReadOnly,
                openWorldHint: false))
    }
}

/// Arguments a model sent that no request can be made from; answered as a tool error, nothing is called.
struct ToolArgumentError: Error, Sendable {
    let detail: String
}

/// A tool call's arguments, read by name.
struct ToolArguments: Sendable {
    let values: [String: Value]

    init(_ values: [String: Value]?) {
        self.values = values ?? [:]
    }

    /// A required text argument, as one path segment.
    func segment(_ name: String) throws(ToolArgumentError) -> String {
        guard let value = text(name), !value.isEmpty else {
            throw ToolArgumentError(detail: "\(name) is required: a non-empty string")
        }
        return APICall.pathSegment(value)
    }

    /// A text or number argument as the query string carries it; `nil` when absent or null.
    func text(_ name: String) -> String? {
        switch values[name] {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): number.isFinite ? String(number) : nil
        case .bool(let flag): String(flag)
        default: nil
        }
    }

    /// The query items for the arguments in `names` that are present.
    func query(_ names: [String]) -> [(name: String, value: String)] {
        names.compactMap { name in text(name).map { (name, $0) } }
    }

    /// The arguments, less those that name the route, as the JSON body of the REST request.
    func body(excluding names: Set<String> = []) throws(ToolArgumentError) -> Data {
        let fields = values.filter { !names.contains($0.key) }
        do {
            return try JSONEncoder().encode(fields)
        } catch {
            throw ToolArgumentError(detail: "the arguments cannot be written as JSON")
        }
    }
}
