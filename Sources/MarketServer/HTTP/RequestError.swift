import Hummingbird
import MarketWire

/// Request problems that are not specific to one domain: validation of inputs, unknown resources, limits.
///
/// Throw ``invalidField(_:reason:)`` for a 400 about one input and ``notFound(_:)`` for an unknown resource.
public enum RequestError: Error, Equatable {
    case invalidField(_ field: String, reason: String)
    case badRequest(code: String, detail: String)
    case notFound(_ detail: String)
    case forbidden(_ detail: String)
    case conflict(code: String, detail: String)
    case bodyTooLarge
    case rateLimited(retryAfterSeconds: Int)
}

extension RequestError: ErrorAnswerConvertible {
    public var errorAnswer: ErrorAnswer {
        switch self {
        case .invalidField(let field, let reason):
            ErrorAnswer(status: .badRequest, error: "invalid_\(field)", detail: "\(field): \(reason)")
        case .badRequest(let code, let detail):
            ErrorAnswer(status: .badRequest, error: code, detail: detail)
        case .notFound(let detail):
            ErrorAnswer(status: .notFound, error: "not_found", detail: detail)
        case .forbidden(let detail):
            ErrorAnswer(status: .forbidden, error: "forbidden", detail: detail)
        case .conflict(let code, let detail):
            ErrorAnswer(status: .conflict, error: code, detail: detail)
        case .bodyTooLarge:
            ErrorAnswer(status: .contentTooLarge, error: "payload_too_large", detail: "Request body is too large")
        case .rateLimited(let retryAfter):
            ErrorAnswer(
                status: .tooManyRequests, error: "rate_limited",
                detail: "Rate limit exceeded; retry in \(retryAfter) s",
                headers: [.retryAfter: String(retryAfter)])
        }
    }
}

/// A body field the readers of `MarketWire` refused: the same 400 as ``RequestError/invalidField(_:reason:)``.
extension InvalidField: ErrorAnswerConvertible {
    public var errorAnswer: ErrorAnswer {
        RequestError.invalidField(field, reason: reason).errorAnswer
    }
}
