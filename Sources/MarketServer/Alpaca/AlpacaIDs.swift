import Foundation

/// The UUIDs `alpaca-py` requires where MarketSim has numbers or names: the same order, asset or account
/// always gets the same UUID, and an order's UUID gives its number back.
enum AlpacaID {
    private static let orderPrefix = "00000000-0000-4000-"

    /// `00000000-0000-4000-hhhh-hhhhhhhhhhhh`, the order number in the last 16 hex digits.
    static func order(_ id: String) -> String {
        guard let number = UInt64(id) else { return id }
        return orderPrefix + hexGroups(number)
    }

    /// The order number a UUID from ``order(_:)`` carries; a plain number is taken as one too.
    static func orderNumber(_ text: String) -> String? {
        if let number = UInt64(text), number <= UInt64(Int64.max) { return String(number) }
        let lowered = text.lowercased()
        guard lowered.hasPrefix(orderPrefix) else { return nil }
        let digits = lowered.dropFirst(orderPrefix.count).replacingOccurrences(of: "-", with: "")
        guard digits.count == 16, let number = UInt64(digits, radix: 16), number <= UInt64(Int64.max) else {
            return nil
        }
        return String(number)
    }

    /// A trade's execution id, told apart from orders by its third group.
    static func execution(_ tradeID: String) -> String {
        "00000000-0000-4001-" + hexGroups(UInt64(tradeID) ?? 0)
    }

    static func asset(_ symbol: String) -> String {
        "a55e7000-0000-4000-" + hexGroups(fnv1a(symbol))
    }

    static func account(_ userID: String) -> String {
        "acc00000-0000-4000-" + hexGroups(UInt64(userID) ?? 0)
    }

    /// `hhhh-hhhhhhhhhhhh`: 64 bits as the last two groups of a UUID.
    private static func hexGroups(_ number: UInt64) -> String {
        let hex = String(number, radix: 16)
        let padded = String(repeating: "0", count: 16 - hex.count) + hex
        return "\(padded.prefix(4))-\(padded.dropFirst(4))"
    }

    /// FNV-1a: a stable 64-bit hash (Swift's `Hasher` is seeded per process).
    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
