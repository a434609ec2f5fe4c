import Crypto
import Foundation
import JWTKit

/// Issues and verifies the HS256 JWTs that browsers authenticate with.
public struct TokenIssuer: Sendable {
    /// The claims of a MarketSim token: the user id as `sub`, the username, and the expiry.
    struct Claims: JWTPayload {
        var sub: SubjectClaim
        var name: String
        var iat: IssuedAtClaim
        var exp: ExpirationClaim

        func verify(using algorithm: some JWTAlgorithm) async throws {
            try exp.verifyNotExpired()
        }
    }

    private let keys: JWTKeyCollection
    public let lifetimeSeconds: Int64

    /// HS256 wants a key of at least 32 bytes; a shorter `JWT_SECRET` (common in existing `.env` files) is
    /// stretched to 32 bytes with SHA-256 rather than refused, so those deployments keep starting.
    public init(secret: String, lifetimeHours: Int) async {
        let bytes = Array(secret.utf8)
        let key = bytes.count >= 32 ? HMACKey(from: bytes) : HMACKey(from: Array(SHA256.hash(data: bytes)))
        self.keys = await JWTKeyCollection().add(hmac: key, digestAlgorithm: .sha256)
        self.lifetimeSeconds = Int64(lifetimeHours) * 3600
    }

    /// Uses `configured` when given, otherwise the key generated at the first start and kept in `settings`,
    /// so that tokens stay valid across restarts.
    public static func signingSecret(configured: String?, settings: SettingsStore) async throws -> String {
        if let configured { return configured }
        return try await settings.value(for: "jwt_secret") {
            var generator = SystemRandomNumberGenerator()
            return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hexString
        }
    }

    /// A token for `userID`, valid for the configured lifetime from `now`.
    public func issue(userID: UserID, username: String, now: Date = WallClock().now().date) async throws -> String {
        let claims = Claims(
            sub: SubjectClaim(value: userID.description),
            name: username,
            iat: IssuedAtClaim(value: now),
            exp: ExpirationClaim(value: now.addingTimeInterval(TimeInterval(lifetimeSeconds)))
        )
        return try await keys.sign(claims)
    }

    /// The user a valid, unexpired token was issued to; ``AuthError/invalidToken`` otherwise.
    public func verify(_ token: String) async throws(AuthError) -> UserID {
        try await verifyWithIssueTime(token).user
    }

    /// The user a valid, unexpired token was issued to, and when it was issued.
    func verifyWithIssueTime(_ token: String) async throws(AuthError) -> (user: UserID, issuedAtMilliseconds: Int64) {
        do {
            let claims = try await keys.verify(token, as: Claims.self)
            guard let userID = UserID(claims.sub.value) else { throw AuthError.invalidToken }
            let seconds = claims.iat.value.timeIntervalSince1970
            guard seconds.isFinite, abs(seconds) < 1e12 else { throw AuthError.invalidToken }
            return (userID, Int64(seconds * 1_000))
        } catch {
            throw .invalidToken
        }
    }
}
