import Foundation
import Hummingbird

extension Request {
    /// The body decoded as JSON of `type`, for handlers that need the body's bytes too or accept an empty
    /// one; a body that is not such JSON is a 400 saying where it went wrong, never a 500.
    static func decodeJSON<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw RequestError.badRequest(
                code: "invalid_request", detail: "The body is not the JSON expected: \(error.shortDescription)")
        }
    }
}

extension DecodingError {
    /// Which field was wrong, in a sentence.
    var shortDescription: String {
        switch self {
        case .keyNotFound(let key, _): "\(key.stringValue) is required"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            context.codingPath.isEmpty
                ? context.debugDescription
                : "\(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type"
        @unknown default: "malformed"
        }
    }
}
