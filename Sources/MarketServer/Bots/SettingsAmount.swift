import Foundation
import MarketCore

/// An amount of cash in a market-life setting, as written: read exactly, or kept as unreadable when it is a
/// number no amount can be (`1e300`, three decimals), so that a switched-off setting whose keys are read for
/// their types only still accepts it, and a switched-on one refuses it with the setting's own rule.
enum SettingsAmount: Decodable, Sendable {
    case cents(Cents)
    case unreadable

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let decimal = try? container.decode(Decimal.self), let cents = MoneyText.cents(parsing: "\(decimal)") {
            self = .cents(cents)
        } else if (try? container.decode(Double.self)) != nil {
            self = .unreadable
        } else {
            throw DecodingError.typeMismatch(
                Decimal.self, .init(codingPath: decoder.codingPath, debugDescription: "not a number"))
        }
    }

    /// The cents, if they lie within `range`.
    func cents(within range: ClosedRange<Cents>) -> Cents? {
        guard case .cents(let cents) = self, range.contains(cents) else { return nil }
        return cents
    }
}
