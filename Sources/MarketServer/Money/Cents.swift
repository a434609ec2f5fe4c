/// An amount of money in integer cents.
///
/// Money never passes through `Double` on its way in: decimal text such as `"100.25"` is parsed digit by digit,
/// and more than two decimals is an error rather than a rounding.
public struct Cents: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var value: Int64

    public init(_ value: Int64) {
        self.value = value
    }

    /// Parses decimal text with at most two decimals (`"100"`, `"100.5"`, `"-3.25"`); `nil` for anything else,
    /// including more than two decimals, exponents, or amounts that overflow `Int64` cents.
    public init?(decimalText text: some StringProtocol) {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative || digits.first == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 2, fraction.allSatisfy(\.isASCIIDigit), parts.count == 1 || !fraction.isEmpty else {
            return nil
        }
        guard let units = Int64(whole) else { return nil }
        let paddedFraction = Int64(fraction.padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0
        let (scaled, overflowA) = units.multipliedReportingOverflow(by: 100)
        let (total, overflowB) = scaled.addingReportingOverflow(paddedFraction)
        guard !overflowA, !overflowB else { return nil }
        self.value = negative ? -total : total
    }

    /// The amount as a JSON-friendly number of currency units. Used only when serialising: the nearest `Double`
    /// to a two-decimal value prints back as exactly that value.
    public var units: Double {
        Double(value) / 100
    }

    /// `"100.25"`, `"-0.05"`, `"10000.00"`.
    public var description: String {
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    public static func < (lhs: Cents, rhs: Cents) -> Bool {
        lhs.value < rhs.value
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool {
        isASCII && isNumber
    }
}
