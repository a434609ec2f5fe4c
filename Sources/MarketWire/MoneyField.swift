import Foundation
import MarketCore

extension KeyedDecodingContainer {
    /// Cents of an amount given as a JSON number or a string, read exactly (never through floating point);
    /// more than two decimals, or anything that is not an amount, is a 400 naming the field.
    public func decodeCents(forKey key: Key) throws -> Cents {
        let text = (try? decode(Decimal.self, forKey: key)).map { "\($0)" } ?? (try? decode(String.self, forKey: key))
        guard let text, let cents = MoneyText.cents(parsing: text) else {
            throw InvalidField(key.stringValue, reason: "must be an amount with at most two decimals")
        }
        return cents
    }

    /// ``decodeCents(forKey:)`` for a field that may be absent or null.
    public func decodeCentsIfPresent(forKey key: Key) throws -> Cents? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decodeCents(forKey: key)
    }
}
