/// Money as the API and the configuration write it (`"100.25"`, `100.25`), converted exactly to and from
/// ``Cents``.
///
/// Text is parsed digit by digit, never through `Double`; more than two decimals is an error, not a rounding.
public enum MoneyText {
    /// Cents of decimal text with at most two decimals (`"100"`, `"100.5"`, `"-3.25"`); `nil` for anything else,
    /// including exponents, a bare `"1."` or `".5"`, and amounts that overflow `Int64` cents.
    public static func cents(parsing text: some StringProtocol) -> Cents? {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative || digits.first == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(isDigit) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 2, fraction.allSatisfy(isDigit), parts.count == 1 || !fraction.isEmpty else {
            return nil
        }
        guard let units = Int64(whole) else { return nil }
        let fractionCents = (Int64(fraction) ?? 0) * (fraction.count == 1 ? 10 : 1)
        let (scaled, overflowA) = units.multipliedReportingOverflow(by: 100)
        let (total, overflowB) = scaled.addingReportingOverflow(fractionCents)
        guard !overflowA, !overflowB else { return nil }
        return Cents(negative ? -total : total)
    }

    /// `"100.25"`, `"-0.05"`, `"10000.00"`: always two decimals.
    public static func text(cents: Cents) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.value.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    private static func isDigit(_ character: Character) -> Bool {
        character.isASCII && character.isNumber
    }
}
