import MarketCore

/// The fields of an order's JSON object, as ``OrderTicket`` and ``OrderTerms`` read them.
///
/// There are two readers. `JSONDecoder`'s keyed container reads any body. A ``PlainJSONObject`` is the
/// order path's fast reader.
public protocol OrderFields {
    associatedtype Nested: OrderFields

    func contains(_ key: OrderField) -> Bool
    func decodeNil(forKey key: OrderField) throws -> Bool
    func decode(_ type: String.Type, forKey key: OrderField) throws -> String
    func decode(_ type: Int64.Type, forKey key: OrderField) throws -> Int64
    func decodeIfPresent(_ type: String.Type, forKey key: OrderField) throws -> String?
    func decodeIfPresent(_ type: Int64.Type, forKey key: OrderField) throws -> Int64?
    func decodeIfPresent(_ type: Bool.Type, forKey key: OrderField) throws -> Bool?
    /// Cents of an amount given as a number or a string, exactly (see `KeyedDecodingContainer.decodeCents`).
    func decodeCents(forKey key: OrderField) throws -> Cents
    func nestedFields(forKey key: OrderField) throws -> Nested
}

extension OrderFields {
    /// A whole number, or `nil` when absent. For `1.5` or `1e30` Foundation throws an error of its own that
    /// names no field (and becomes "not valid JSON"); this names it. The fast reader's refusals pass through.
    func wholeNumber(_ key: OrderField) throws -> Int64? {
        do {
            return try decodeIfPresent(Int64.self, forKey: key)
        } catch let declined as PlainJSONObject.Declined {
            throw declined
        } catch {
            throw InvalidField(key.stringValue, reason: "must be a whole number")
        }
    }
}

extension KeyedDecodingContainer<OrderField>: OrderFields {
    public func nestedFields(forKey key: OrderField) throws -> Self {
        try nestedContainer(keyedBy: OrderField.self, forKey: key)
    }
}

/// The fast reader reads only what `JSONDecoder` would read the same way. Whatever it does not take
/// throws ``Declined``, and the body goes to `JSONDecoder` instead. That covers numbers with exponents,
/// amounts of more than two decimals, and values of unexpected types. So an answer never depends on
/// which reader read the body.
extension PlainJSONObject: OrderFields {
    public struct Declined: Error {}

    public func contains(_ key: OrderField) -> Bool {
        self[key.rawValue] != nil
    }

    public func decodeNil(forKey key: OrderField) throws -> Bool {
        guard let value = self[key.rawValue] else { throw Declined() }
        return value == .null
    }

    public func decode(_ type: String.Type, forKey key: OrderField) throws -> String {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { throw Declined() }
        return text
    }

    public func decode(_ type: Int64.Type, forKey key: OrderField) throws -> Int64 {
        guard let number = try decodeIfPresent(Int64.self, forKey: key) else { throw Declined() }
        return number
    }

    public func decodeIfPresent(_ type: String.Type, forKey key: OrderField) throws -> String? {
        switch self[key.rawValue] {
        case nil, .null: return nil
        case .string(let text): return text
        default: throw Declined()
        }
    }

    public func decodeIfPresent(_ type: Int64.Type, forKey key: OrderField) throws -> Int64? {
        switch self[key.rawValue] {
        case nil, .null: return nil
        // Plain integers only; `-0`, fractions and exponents are left to JSONDecoder.
        case .number(let text) where text != "-0" && !text.contains(where: { "eE.".contains($0) }):
            guard let number = Int64(text) else { throw Declined() }
            return number
        default: throw Declined()
        }
    }

    public func decodeIfPresent(_ type: Bool.Type, forKey key: OrderField) throws -> Bool? {
        switch self[key.rawValue] {
        case nil, .null: return nil
        case .boolean(let value): return value
        default: throw Declined()
        }
    }

    public func decodeCents(forKey key: OrderField) throws -> Cents {
        switch self[key.rawValue] {
        // JSONDecoder reads a number as a `Decimal` and parses its text: the same cents whenever the number
        // has no exponent and at most two decimals, which `MoneyText` insists on.
        case .number(let text) where !text.contains(where: { "eE".contains($0) }),
            .string(let text):
            guard let cents = MoneyText.cents(parsing: text) else { throw Declined() }
            return cents
        default: throw Declined()
        }
    }

    public func nestedFields(forKey key: OrderField) throws -> Self {
        throw Declined()
    }
}
