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

extension Sequence<UInt8> {
    var hexString: String {
        // Written digit by digit into one buffer: the journal hashes every event, and a string per byte showed
        // in the order path's profile.
        let bytes = Array(self)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { text in
            for (index, byte) in bytes.enumerated() {
                text[2 * index] = Self.digit(byte >> 4)
                text[2 * index + 1] = Self.digit(byte & 0x0f)
            }
            return bytes.count * 2
        }
    }

    private static func digit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
