import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error as Alpaca's API answers it: `{"code": 40310000, "message": "..."}`, with Alpaca's statuses.
///
/// MarketSim's refusals are mapped once, here: a request Alpaca would call malformed or unprocessable is 422,
/// one the account cannot afford or may not make (cash, shares, limits, a halt) 403, and 401, 404 and 429 stay
/// what they are.
struct AlpacaError: Error, Sendable {
    let status: HTTPResponse.Status
    let message: String

    init(status: HTTPResponse.Status, message: String) {
        self.status = status
        self.message = message
    }

    /// Alpaca's eight-digit code: the status followed by `10000`.
    var code: Int { status.code * 100_000 + 10_000 }

    static func unprocessable(_ message: String) -> AlpacaError {
        AlpacaError(status: .unprocessableContent, message: message)
    }

    static func notFound(_ message: String) -> AlpacaError {
        AlpacaError(status: .notFound, message: message)
    }

    /// The refusals that are about what the account has or may do rather than about the request's form.
    private static let forbidding: Set<String> = [
        "insufficient_cash", "insufficient_shares", "not_shortable", "position_limit", "notional_limit",
        "open_order_limit", "quantity_limit", "trading_halted", "short_selling_off", "no_account", "risk_limit_tripped",
        "account_suspended", "insufficient_scope", "forbidden",
    ]

    /// The Alpaca form of a MarketSim error, by its status and machine code.
    init(status: HTTPResponse.Status, error: String, detail: String) {
        let mapped: HTTPResponse.Status =
            switch status.code {
            case 401, 404, 429: status
            case 403: .forbidden
            case 400, 409, 422: Self.forbidding.contains(error) ? .forbidden : .unprocessableContent
            case 500...: status
            default: .unprocessableContent
            }
        self.init(status: mapped, message: detail)
    }

    /// A refusal the REST API answered, from its `{"detail","error"}` body.
    init(refusal answer: APIAnswer) {
        self =
            Self(translating: answer)
            ?? AlpacaError(status: answer.status, error: "", detail: answer.status.reasonPhrase)
    }

    /// The Alpaca form of an answer in MarketSim's error shape; `nil` for any other body.
    init?(translating answer: APIAnswer) {
        guard let body = try? JSONDecoder().decode(RefusalBody.self, from: answer.body), let detail = body.detail
        else { return nil }
        self.init(status: answer.status, error: body.error ?? "", detail: detail)
    }

    /// Any error a handler or middleware threw.
    init(_ error: any Error) {
        if let alpaca = error as? AlpacaError {
            self = alpaca
            return
        }
        let answer = ErrorAnswer(for: error)
        self.init(status: answer.status, error: answer.error, detail: answer.detail)
    }

    var response: Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let body = (try? JSONEncoder().encode(Body(code: code, message: message))) ?? Data()
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    private struct Body: Encodable {
        let code: Int
        let message: String
    }

    private struct RefusalBody: Decodable {
        let detail: String?
        let error: String?
    }
}

extension AlpacaError: ErrorAnswerConvertible {
    /// The same status and message, for the middleware that answers errors before ``AlpacaErrorMiddleware``
    /// sees them (the rate limiter's); it turns them back into this.
    var errorAnswer: ErrorAnswer {
        ErrorAnswer(status: status, error: "alpaca", detail: message)
    }
}

/// Answers every error of the Alpaca routes in Alpaca's shape: those thrown by any middleware or handler below
/// it, and the answers other middleware already made of them in MarketSim's shape.
struct AlpacaErrorMiddleware: RouterMiddleware {
    typealias Context = MarketRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = AlpacaError(error).response
            if let retry = ErrorAnswer(for: error).headers[.retryAfter] { response.headers[.retryAfter] = retry }
            return response
        }
        guard response.status.code >= 400, response.headers[.contentType]?.hasPrefix("application/json") == true
        else { return response }
        let answer = APIAnswer(status: response.status, body: try await LoopbackAPI.body(of: response))
        guard let translated = AlpacaError(translating: answer)?.response else {
            response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body))
            return response
        }
        response.status = translated.status
        response.body = translated.body
        response.headers[.contentType] = "application/json"
        response.headers[.contentLength] = nil
        return response
    }
}
