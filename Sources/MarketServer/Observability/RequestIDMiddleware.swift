import Foundation
import HTTPTypes
import Hummingbird

/// Gives every request an id: the client's `X-Request-ID` when it is a sensible token, otherwise a new one.
/// The id goes into every log line written for the request (metadata `request_id`) and back to the client in
/// the answer's `X-Request-ID`, so that a client's report and the server's logs can be matched.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("X-Request-ID")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let id = request.headers[Self.header].flatMap(Self.accepted) ?? RequestID.make()
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        var response = try await next(request, context)
        response.headers[Self.header] = id
        return response
    }

    /// The client's id if it is 1 to 128 characters of letters, digits and `-_.:`; anything else (which could
    /// forge log lines or bloat them) is replaced.
    static func accepted(_ candidate: String) -> String? {
        guard (1...128).contains(candidate.utf8.count),
            candidate.utf8.allSatisfy({ byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                    UInt8(ascii: ":"):
                    true
                default: false
                }
            })
        else { return nil }
        return candidate
    }
}
