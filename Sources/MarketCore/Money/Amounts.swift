/// A whole number of some unit, counted in `Int64`: what ``Cents`` and ``Shares`` share. Amounts of one kind
/// add and compare; amounts of two kinds do not, because the operators take `Self` on both sides.
public protocol WholeAmount: Sendable, Hashable, Comparable, AdditiveArithmetic, ExpressibleByIntegerLiteral,
    CustomStringConvertible, Codable
where IntegerLiteralType == Int64 {
    /// The number of units.
    var value: Int64 { get }
    init(_ value: Int64)
}

extension WholeAmount {
    @inlinable public init(integerLiteral value: Int64) { self.init(value) }
    @inlinable public static var zero: Self { Self(0) }
    @inlinable public static var max: Self { Self(.max) }
    @inlinable public static var min: Self { Self(.min) }

    @inlinable public static func + (a: Self, b: Self) -> Self { Self(a.value + b.value) }
    @inlinable public static func - (a: Self, b: Self) -> Self { Self(a.value - b.value) }
    @inlinable public static prefix func - (a: Self) -> Self { Self(-a.value) }
    @inlinable public static func < (a: Self, b: Self) -> Bool { a.value < b.value }

    /// `self + other`, or `nil` when the sum does not fit.
    @inlinable
    public func addingExactly(_ other: Self) -> Self? {
        let (sum, overflow) = value.addingReportingOverflow(other.value)
        return overflow ? nil : Self(sum)
    }

    /// `self + other`, clamped to the representable range instead of trapping: for running totals that are
    /// only shown or ranked, where an absurd holding must not crash the server.
    @inlinable
    public func saturatingAdding(_ other: Self) -> Self { Self(value.saturatingAdding(other.value)) }

    /// `self - other`, clamped to the representable range instead of trapping.
    @inlinable
    public func saturatingSubtracting(_ other: Self) -> Self {
        let (difference, overflow) = value.subtractingReportingOverflow(other.value)
        guard overflow else { return Self(difference) }
        return other.value < 0 ? .max : .min
    }

    public var description: String { value.description }

    /// Written as a plain integer, in JSON and in the journal alike.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(Int64.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// An amount of cash in the smallest currency unit, cents; never a floating-point number. A price is cents
/// per share.
///
/// Cash and shares are distinct types so that adding one to the other, or passing a quantity where money
/// is meant, does not compile. The one product they form is ``*(_:_:)``: a price times a quantity is cash.
@frozen
public struct Cents: WholeAmount {
    public var value: Int64

    @inlinable
    public init(_ value: Int64) { self.value = value }
}

/// A number of shares; negative only as a change (a sale, a debit), never as a holding.
@frozen
public struct Shares: WholeAmount {
    public var value: Int64

    @inlinable
    public init(_ value: Int64) { self.value = value }
}

// MARK: - Price times quantity

extension Cents {
    /// A price per share times a quantity: the cash it comes to. Only for amounts the core has bounded
    /// (``AmountCeiling``); anything reachable from a request uses ``multipliedExactly(by:)``.
    @inlinable
    public static func * (price: Cents, quantity: Shares) -> Cents { Cents(price.value * quantity.value) }

    /// This price per share times `quantity`, or `nil` when the product does not fit.
    @inlinable
    public func multipliedExactly(by quantity: Shares) -> Cents? {
        let (product, overflow) = value.multipliedReportingOverflow(by: quantity.value)
        return overflow ? nil : Cents(product)
    }

    /// This price per share times `quantity`, clamped to the representable range instead of trapping: for
    /// valuations that are only shown or ranked.
    @inlinable
    public func saturatingMultiplied(by quantity: Shares) -> Cents {
        Cents(value.saturatingMultiplied(by: quantity.value))
    }
}

// MARK: - Rates and the tick grid

extension Cents {
    /// `points` ten-thousandths of this amount, truncated toward zero, and the remainder in ten-thousandths
    /// of a cent. Exact for any rate within ±10,000 basis points.
    @inlinable
    public func share(basisPoints points: Int64) -> (amount: Cents, remainder: Int64) {
        let (quotient, remainder) = Int64(10_000).dividingFullWidth(value.multipliedFullWidth(by: points))
        return (Cents(quotient), remainder)
    }

    /// How many whole shares this cash buys at `price` per share, which must be positive.
    @inlinable
    public func quantity(affordableAt price: Cents) -> Shares { Shares(value / price.value) }

    /// Whether this price is a whole number of `tick`s, which must be positive.
    @inlinable
    public func isMultiple(of tick: Cents) -> Bool { value % tick.value == 0 }

    /// The nearest multiple of `tick` at or below this price.
    @inlinable
    public func roundedDown(toMultipleOf tick: Cents) -> Cents {
        value >= 0 ? Cents(value / tick.value * tick.value) : -(-self).roundedUp(toMultipleOf: tick)
    }

    /// The nearest multiple of `tick` at or above this price.
    @inlinable
    public func roundedUp(toMultipleOf tick: Cents) -> Cents {
        value >= 0
            ? Cents((value + tick.value - 1) / tick.value * tick.value) : -(-self).roundedDown(toMultipleOf: tick)
    }
}

// MARK: - Plain integers

extension Int64 {
    /// `self × other`, or `nil` when the product does not fit.
    @inlinable
    func multipliedExactly(by other: Int64) -> Int64? {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? nil : product
    }

    /// `self + other`, or `nil` when the sum does not fit.
    @inlinable
    func addingExactly(_ other: Int64) -> Int64? {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? nil : sum
    }

    /// `self × other`, clamped to the representable range instead of trapping: for figures that are only
    /// shown or ranked (valuations, ratios), where an absurd holding must not crash the server.
    @inlinable
    public func saturatingMultiplied(by other: Int64) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self < 0) == (other < 0) ? .max : .min
    }

    /// `self + other`, clamped to the representable range instead of trapping.
    @inlinable
    public func saturatingAdding(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}
