import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1

/// The JSON body and status of every error answer: `{"detail": "...", "error": "machine_code"}`.
///
/// Errors become answers in exactly one place, ``ErrorMiddleware``, through ``init(for:)``: domain errors say
/// what went wrong, and their ``ErrorAnswerConvertible`` conformances (in this folder) say which status it is.
public struct ErrorAnswer: Sendable, Equatable, Encodable {
    public var status: HTTPResponse.Status
    /// A stable machine-readable code, e.g. `invalid_request`, `username_taken`.
    public var error: String
    /// A human-readable reason.
    public var detail: String
    public var headers: HTTPFields

    public init(status: HTTPResponse.Status, error: String, detail: String, headers: HTTPFields = [:]) {
        self.status = status
        self.error = error
        self.detail = detail
        self.headers = headers
    }

    enum CodingKeys: String, CodingKey {
        case detail
        case error
    }

    /// The answer for any error thrown by a handler or middleware. Unknown errors are a 500 whose detail does
    /// not leak internals.
    public init(for error: any Error) {
        switch error {
        case let convertible as any ErrorAnswerConvertible:
            self = convertible.errorAnswer
        case is NIOTooManyBytesError:
            self = RequestError.bodyTooLarge.errorAnswer
        case let parserError as HTTPParserError:
            // The body of a request already being handled turned out malformed (broken chunked encoding).
            let malformed = MalformedRequest(parserError)
            self.init(
                status: HTTPResponse.Status(code: Int(malformed.status.code)), error: malformed.code,
                detail: malformed.detail)
        case let httpError as HTTPError:
            self.init(
                status: httpError.status,
                error: Self.code(for: httpError.status),
                detail: httpError.body ?? httpError.status.reasonPhrase,
                headers: httpError.headers)
        case let responseError as any HTTPResponseError:
            self.init(
                status: responseError.status, error: Self.code(for: responseError.status),
                detail: responseError.status.reasonPhrase)
        default:
            self.init(status: .internalServerError, error: "internal_error", detail: "Internal server error")
        }
    }

    /// The response carrying this answer as JSON.
    public func response() -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        let body = (try? JSONEncoder().encode(self)) ?? Data(#"{"detail":"error"}"#.utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    private static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "invalid_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 429: "rate_limited"
        case 400..<500: "client_error"
        default: "internal_error"
        }
    }
}

/// An error that knows its HTTP answer. Conform domain error enums to it (once, beside ``ErrorAnswer``) so that
/// handlers just `throw` them.
public protocol ErrorAnswerConvertible: Error {
    var errorAnswer: ErrorAnswer { get }
}
