import Foundation
import MarketCore

/// Who acts, what they do, to what, and why: the part of an audit record known before the change.
struct AdminAction: Sendable {
    let actor: AuthenticatedUser
    let action: String
    let target: String
    let reason: String?

    /// The journal's record of the action, with the values it changed.
    func record(before: [String: String] = [:], after: [String: String] = [:]) -> AuditRecord {
        AuditRecord(
            actorID: actor.id.rawValue, actorName: actor.username, action: action, target: target, reason: reason,
            before: before, after: after)
    }

    /// A reason as given: trimmed, 1 to 500 characters; `nil` stays `nil` unless one is required.
    static func reason(_ text: String?, required: Bool) throws -> String? {
        guard let text else {
            if required { throw RequestError.invalidField("reason", reason: "is required") }
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard (1...500).contains(trimmed.unicodeScalars.count) else {
            throw RequestError.invalidField("reason", reason: "must be 1 to 500 characters")
        }
        return trimmed
    }
}

extension TradingStatus {
    /// The status as an audit record states it.
    var auditText: String {
        switch self {
        case .open: "open"
        case .halted(let reason): "halted: \(reason)"
        }
    }
}
