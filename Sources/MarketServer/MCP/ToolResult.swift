import Foundation
import MCP

/// A REST answer as an MCP tool result: the JSON as structured content, and as text the one line a model
/// reads first followed by the same JSON, for clients that pass only text on.
///
/// A refused request (4xx) is a tool error carrying the API's own error code and reason, so a model sees
/// `insufficient_cash` exactly as a REST client does.
enum ToolResult {
    static func answer(_ answer: APIAnswer, of tool: MarketTool) -> CallTool.Result {
        let decoded = (try? JSONDecoder().decode(Value.self, from: answer.body)) ?? .null
        guard (200..<300).contains(answer.status.code) else {
            return refusal(status: answer.status.code, answer: decoded)
        }
        let structured: Value =
            switch decoded {
            case .object: decoded
            default: .object([tool.listKey: decoded])
            }
        let json = String(decoding: answer.body, as: UTF8.self)
        return CallTool.Result(
            content: [line(summary(of: decoded, from: tool)), line(json)],
            structuredContent: Optional(structured), isError: false)
    }

    /// Arguments no request could be made from.
    static func invalidArguments(_ error: ToolArgumentError) -> CallTool.Result {
        refusal(status: 400, answer: ["error": "invalid_request", "detail": .string(error.detail)])
    }

    static func unknownTool(_ name: String) -> CallTool.Result {
        refusal(
            status: 404,
            answer: ["error": "unknown_tool", "detail": .string("There is no tool \(name); tools/list names them.")])
    }

    private static func refusal(status: Int, answer: Value) -> CallTool.Result {
        let code = answer.objectValue?["error"]?.stringValue ?? "error"
        let detail = answer.objectValue?["detail"]?.stringValue ?? "HTTP status \(status)"
        let structured: Value = ["error": .string(code), "detail": .string(detail), "status": .int(status)]
        return CallTool.Result(
            content: [line("Refused (\(code)): \(detail)")], structuredContent: Optional(structured), isError: true)
    }

    private static func line(_ text: String) -> Tool.Content { .text(text: text, annotations: nil, _meta: nil) }

    /// One line on what came back: the order's state for order tools, a count for lists.
    private static func summary(of answer: Value, from tool: MarketTool) -> String {
        if let list = answer.arrayValue {
            return "\(tool.name): \(list.count) \(tool.listKey)"
        }
        let fields = answer.objectValue ?? [:]
        if let order = fields["order_id"]?.stringValue, let status = fields["status"]?.stringValue {
            let filled = fields["filled_quantity"].map { ", \($0) filled" } ?? ""
            return "\(tool.name): order \(order) \(status)\(filled)"
        }
        return "\(tool.name): done"
    }
}
