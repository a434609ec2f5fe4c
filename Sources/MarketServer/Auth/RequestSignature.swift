import Crypto
import Foundation
import HTTPTypes
import MarketCore

extension HTTPField.Name {
    static let signatureKeyID = Self("X-MarketSim-Key-Id")!
    static let signatureTimestamp = Self("X-MarketSim-Timestamp")!
    static let signatureNonce = Self("X-MarketSim-Nonce")!
    static let signature = Self("X-MarketSim-Signature")!
}

/// The signature headers of a request signed with a key's signing secret instead of carrying the key:
/// `X-MarketSim-Key-Id` (the key's id as `GET /api/keys` lists it), `X-MarketSim-Timestamp` (seconds since
/// 1970), `X-MarketSim-Nonce` (8 to 64 characters, never reused within the window) and `X-MarketSim-Signature`,
/// the hex HMAC-SHA256 of ``message(method:path:query:timestamp:nonce:body:)`` with the signing secret.
public struct RequestSignature: Sendable, Equatable {
    /// How far a request's timestamp may be from the server's clock, either way.
    public static let windowMilliseconds: Int64 = 30_000

    public let keyID: Int64
    public let timestampSeconds: Int64
    public let nonce: String
    public let signature: String

    /// The signature the headers carry; `nil` when the request is not signed. A signed request whose headers
    /// are incomplete or malformed is refused.
    init?(headers: HTTPFields) throws(AuthError) {
        guard let signature = headers[.signature] else { return nil }
        guard let keyText = headers[.signatureKeyID], let keyID = Int64(keyText),
            let timeText = headers[.signatureTimestamp], let timestamp = Int64(timeText),
            let nonce = headers[.signatureNonce], (8...64).contains(nonce.utf8.count),
            nonce.utf8.allSatisfy({ (0x21...0x7E).contains($0) }),
            signature.utf8.count == 64
        else { throw AuthError.malformedSignature }
        self.keyID = keyID
        timestampSeconds = timestamp
        self.nonce = nonce
        self.signature = signature.lowercased()
    }

    /// What is signed: the method, the path and the query as sent (percent-encoded, without `?`), the
    /// timestamp, the nonce, and the hex SHA-256 of the body (of nothing, when there is none), a line each.
    public static func message(
        method: String, path: String, query: String, timestamp: Int64, nonce: String, body: some DataProtocol
    ) -> String {
        [method.uppercased(), path, query, String(timestamp), nonce, SHA256.hash(data: body).hexString]
            .joined(separator: "\n")
    }

    /// The hex HMAC-SHA256 of `message` with a signing secret: what a client puts in `X-MarketSim-Signature`.
    public static func signature(of message: String, secret: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: Array(secret.utf8)))
            .hexString
    }

    /// Whether the request was signed within the window around `now`.
    func isFresh(now: Timestamp) -> Bool {
        let (signedAt, overflow) = timestampSeconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return false }
        return abs(now.millisecondsSinceEpoch - signedAt) <= Self.windowMilliseconds
    }
}
