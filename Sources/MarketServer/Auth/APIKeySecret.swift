import Crypto

/// The plaintext of an API key, `msk_` followed by 64 hex digits (32 random bytes).
///
/// It exists in plaintext only in the answer that creates it; the database keeps its SHA-256 hash, which is
/// enough to look a key up because the key itself has full entropy (no salt or slow hash needed).
public struct APIKeySecret: Sendable, Hashable {
    public static let scheme = "msk_"
    public let text: String

    public init(text: String) {
        self.text = text
    }

    /// A new random key from the system's cryptographically secure generator.
    public static func generate() -> APIKeySecret {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return APIKeySecret(text: scheme + bytes.hexString)
    }

    /// The lookup hash stored in `api_keys.key_hash`.
    public var hash: String {
        SHA256.hash(data: Array(text.utf8)).hexString
    }

    /// What a key list shows to tell keys apart: the scheme and the first 8 hex digits.
    public var displayPrefix: String {
        String(text.prefix(Self.scheme.count + 8))
    }
}
