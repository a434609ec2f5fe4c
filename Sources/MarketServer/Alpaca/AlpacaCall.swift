import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// One Alpaca request being served: who asks, in which venue, and the REST calls that do it through
/// ``LoopbackAPI`` with the caller's credentials.
struct AlpacaCall: Sendable {
    let loopback: LoopbackAPI
    let venue: VenuePrefix
    let credentials: HTTPFields
    let context: MarketRequestContext

    init(loopback: LoopbackAPI, request: Request, context: MarketRequestContext) {
        self.loopback = loopback
        self.context = context
        venue = context.parameters.get("venue").map(VenuePrefix.named) ?? .main
        var fields = HTTPFields()
        for field in request.headers where field.name == .apiKey || field.name == .authorization {
            fields.append(field)
        }
        credentials = fields
    }

    /// Runs a REST request of the caller's venue: `route` is its path after the venue's prefix.
    func run(
        _ method: HTTPRequest.Method, _ route: String, query: [(name: String, value: String)] = [],
        body: (any Encodable)? = nil
    ) async throws -> APIAnswer {
        let data = try body.map { try JSONEncoder().encode($0) }
        return try await loopback.run(
            APICall(method: method, path: venue.route(route), query: query, body: data), credentials: credentials,
            on: context)
    }

    /// The answer decoded; a refusal is thrown as Alpaca's error.
    func value<T: Decodable>(
        _ type: T.Type, _ method: HTTPRequest.Method = .get, _ route: String,
        query: [(name: String, value: String)] = [], body: (any Encodable)? = nil
    ) async throws -> T {
        let answer = try await run(method, route, query: query, body: body)
        return try Self.decode(type, answer)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ answer: APIAnswer) throws -> T {
        guard answer.status.code < 400 else { throw AlpacaError(refusal: answer) }
        do {
            return try JSONDecoder().decode(type, from: answer.body)
        } catch {
            throw AlpacaError(status: .internalServerError, message: "the venue's answer could not be read")
        }
    }
}

/// A JSON answer as Alpaca writes it.
struct AlpacaJSON<Value: Encodable & Sendable>: ResponseGenerator {
    let value: Value
    var status: HTTPResponse.Status = .ok

    init(_ value: Value, status: HTTPResponse.Status = .ok) {
        self.value = value
        self.status = status
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(
            status: status, headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}

/// Amounts as Alpaca writes them: decimal strings.
enum AlpacaNumber {
    static func text(_ amount: ExactDecimal?) -> String? { amount.map(\.text) }

    /// `total / count` in hundredths, as a decimal string with up to four places: an average price.
    static func average(hundredths total: Int64, over count: Int64) -> String? {
        guard count > 0 else { return nil }
        let (scaled, overflow) = total.multipliedReportingOverflow(by: 100)
        guard !overflow else { return ExactDecimal(hundredths: total / count).text }
        let tenThousandths = (scaled + count / 2) / count
        let whole = tenThousandths / 10_000
        var fraction = String(tenThousandths % 10_000)
        fraction = String(repeating: "0", count: 4 - fraction.count) + fraction
        while fraction.count > 2, fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }

    /// `part / whole` as a ratio string (`0.0125`), as Alpaca's percent fields are.
    static func ratio(_ part: ExactDecimal, _ whole: ExactDecimal) -> String {
        guard whole.hundredths != 0 else { return "0" }
        let value = Double(part.hundredths) / Double(whole.hundredths)
        return String(format: "%.6f", value)
    }
}
