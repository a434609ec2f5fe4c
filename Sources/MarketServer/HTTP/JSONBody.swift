import Foundation
import Hummingbird
import MarketWire

/// Reads every JSON request body, so that a body of the wrong shape is a 400 that names the field and the
/// rule it breaks (`quantity: must be a whole number`), never Swift's type names or coding keys.
public struct APIRequestDecoder: RequestDecoder {
    public init() {}

    public func decode<Value: Decodable>(_ type: Value.Type, from request: Request, context: some RequestContext)
        async throws -> Value
    {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return try Request.decodeJSON(type, from: Data(buffer: buffer))
    }
}

extension Request {
    /// The body decoded as JSON of `type`, for handlers that need the body's bytes too or accept an empty
    /// one; a body that is not such JSON is a 400 saying where it went wrong, never a 500.
    static func decodeJSON<Value: Decodable>(
        _ type: Value.Type, from data: Data, userInfo: [CodingUserInfoKey: any Sendable] = [:]
    ) throws -> Value {
        if let name = RepeatedName.first(in: data) {
            throw RequestError.badRequest(
                code: "duplicate_field", detail: "\(name): given twice; a body names each field once")
        }
        if NulCharacter.isIn(data) {
            throw RequestError.badRequest(
                code: "invalid_text", detail: "Text in the body must not contain the NUL character (\\u0000)")
        }
        do {
            let decoder = JSONDecoder()
            decoder.userInfo = userInfo
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw error.requestError(body: data)
        }
    }
}

extension DecodingError {
    /// The 400 for a body that `JSONDecoder` could not read as the route's type.
    func requestError(body: Data) -> RequestError {
        switch self {
        case .keyNotFound(let key, let context):
            return Self.invalid(context.codingPath + [key], "is required")
        case .valueNotFound(let type, let context):
            return Self.invalid(context.codingPath, "must not be null: it \(Self.rule(for: type))")
        case .typeMismatch(let type, let context):
            return Self.invalid(context.codingPath, Self.rule(for: type))
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return Self.invalid(context.codingPath, "does not take this value")
        case .dataCorrupted:
            return Self.unreadableNumbers(in: body)
        @unknown default:
            return .badRequest(code: "invalid_request", detail: "The body is not the JSON this route takes")
        }
    }

    /// Foundation reports a number that does not fit its field (`1.5` or `1e30` for a whole number) as
    /// invalid JSON with no path; when the body is valid JSON, name the numbers that can be the cause.
    private static func unreadableNumbers(in body: Data) -> RequestError {
        guard let parsed = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            return .badRequest(code: "invalid_request", detail: "The body is not valid JSON")
        }
        // Only names the API could have: a caller's unknown members are not echoed back as field names.
        let suspects = numbersThatAreNotWhole(parsed, path: []).filter { path in
            path.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
        }
        guard let first = suspects.first else {
            return .badRequest(
                code: "invalid_request",
                detail:
                    "A number in the body cannot be read: out of range, or not whole where a whole number is required")
        }
        return .badRequest(
            code: "invalid_\(first.split(separator: ".").first ?? "request")",
            detail: "\(suspects.joined(separator: ", ")): must be a whole number within range where one is required")
    }

    private static func numbersThatAreNotWhole(_ value: Any, path: [String]) -> [String] {
        switch value {
        case let object as [String: Any]:
            return object.keys.sorted().flatMap { numbersThatAreNotWhole(object[$0]!, path: path + [$0]) }
        case let list as [Any]:
            return list.enumerated().flatMap { numbersThatAreNotWhole($1, path: path + ["\($0)"]) }
        case let number as NSNumber:
            // Booleans come as 0 and 1, whole numbers that are never named.
            return Int64(exactly: number.doubleValue) != nil ? [] : [path.joined(separator: ".")]
        default:
            return []
        }
    }

    private static func invalid(_ path: [any CodingKey], _ reason: String) -> RequestError {
        let names = path.map { $0.intValue.map(String.init) ?? $0.stringValue }
        guard let field = names.first else {
            return .badRequest(code: "invalid_request", detail: "The body \(reason)")
        }
        return .badRequest(code: "invalid_\(field)", detail: "\(names.joined(separator: ".")): \(reason)")
    }

    /// What a field of `type` must be, in the API's words.
    static func rule(for type: Any.Type) -> String {
        switch type {
        case is any BinaryInteger.Type: "must be a whole number"
        case is String.Type: "must be text"
        case is Bool.Type: "must be true or false"
        case is any BinaryFloatingPoint.Type, is Decimal.Type: "must be a number"
        case is [Any].Type: "must be a list"
        default: "must be an object"
        }
    }
}
