import Foundation
import MarketCore

/// A number the API writes with at most two decimals (an amount of money, a percentage), kept as integer
/// hundredths and written exactly, never through `Double`: `100.25`, `100`, `-0.05`. Within `Double`'s
/// exact range the text is the same `JSONEncoder` writes for the equal `Double`; beyond it, still exact.
struct ExactDecimal: Codable, Sendable, Hashable {
    let hundredths: Int64

    init(hundredths: Int64) { self.hundredths = hundredths }

    /// Cents as currency units.
    init(cents: Cents) { hundredths = cents.value }

    /// Basis points as a percentage.
    init(basisPoints: Int64) { hundredths = basisPoints }

    /// The JSON number: the shortest exact text, with no trailing zeros and no `.` for a whole number.
    var text: String {
        let magnitude = hundredths.magnitude
        let (whole, fraction) = (magnitude / 100, magnitude % 100)
        let sign = hundredths < 0 ? "-" : ""
        switch fraction {
        case 0: return "\(sign)\(whole)"
        case let tenths where tenths % 10 == 0: return "\(sign)\(whole).\(tenths / 10)"
        default: return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        // `JSONEncoder` writes a `Decimal` as its exact decimal text.
        try container.encode(
            Decimal(sign: hundredths < 0 ? .minus : .plus, exponent: -2, significand: Decimal(hundredths.magnitude)))
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let cents = MoneyText.cents(parsing: "\(try container.decode(Decimal.self))") else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a two-decimal number")
        }
        hundredths = cents.value
    }
}

extension JSONText {
    mutating func member(_ name: StaticString, _ number: ExactDecimal?) {
        guard let number else { return }
        key(name)
        value(number)
    }

    mutating func value(_ number: ExactDecimal) {
        value(rawNumber: number.text)
    }
}
