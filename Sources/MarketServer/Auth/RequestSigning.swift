import Crypto
import Foundation
import MarketCore
import Synchronization

/// Signing secrets and the nonces of signed requests.
///
/// A key's signing secret is derived from the key's stored hash with a server key kept in the database's
/// settings (`mss_` and 64 hex digits), so nothing new is stored per key and the database alone does not give
/// it away. It is shown where the key is: when it is created. The server remembers each key's nonces for twice
/// the signature window, so a request is accepted at most once.
public final class RequestSigning: Sendable {
    private let key: SymmetricKey
    private let seen = Mutex(NonceWindow())

    init(key: SymmetricKey) {
        self.key = key
    }

    /// The server key generated at the first start and kept in `settings`.
    static func load(settings: SettingsStore) async throws -> RequestSigning {
        let hex = try await settings.value(for: "request_signing_key") {
            var generator = SystemRandomNumberGenerator()
            return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hexString
        }
        return RequestSigning(key: SymmetricKey(data: Array(hex.utf8)))
    }

    /// The signing secret of the key whose hash is `keyHash`.
    public func secret(forKeyHash keyHash: String) -> String {
        "mss_" + HMAC<SHA256>.authenticationCode(for: Array("request-signing:\(keyHash)".utf8), using: key).hexString
    }

    /// Whether `signature` is the HMAC of `message` with the signing secret of the key hashed `keyHash`.
    func verifies(_ signature: String, of message: String, keyHash: String) -> Bool {
        guard let code = Array(hex: signature) else { return false }
        let secret = SymmetricKey(data: Array(secret(forKeyHash: keyHash).utf8))
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: Array(message.utf8), using: secret)
    }

    /// Records the nonce of a verified request; `false` when the key used it within the window.
    func admitsNonce(_ nonce: String, of keyID: Int64, now: Timestamp) -> Bool {
        seen.withLock { $0.admit("\(keyID) \(nonce)", now: now.millisecondsSinceEpoch) }
    }
}

/// The nonces seen lately, in two generations of two signature windows each: a nonce is remembered for at least
/// as long as a request carrying it can be fresh, and forgetting costs one swap.
private struct NonceWindow {
    private var current: Set<String> = []
    private var previous: Set<String> = []
    private var currentSince: Int64 = 0

    mutating func admit(_ nonce: String, now: Int64) -> Bool {
        let span = 2 * RequestSignature.windowMilliseconds
        if now - currentSince >= span {
            previous = now - currentSince >= 2 * span ? [] : current
            current = []
            currentSince = now
        }
        guard !previous.contains(nonce) else { return false }
        return current.insert(nonce).inserted
    }
}

extension Array where Element == UInt8 {
    /// The bytes of an even-length hex string; `nil` for anything else.
    init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        self = bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
