/// The name of an instrument within a venue, such as `FUN`.
public struct TickerSymbol: Sendable, Hashable, Comparable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// An instrument as a venue lists it.
public struct TickerListing: Sendable, Hashable, Codable {
    public var symbol: TickerSymbol
    /// The price grid: every price is a positive multiple of this many cents.
    public var tickSize: Cents
    /// The reference price before the first trade.
    public var initialPrice: Cents
    /// Whether it may be sold short where the venue allows short selling.
    public var isShortable: Bool

    public init(symbol: TickerSymbol, tickSize: Cents = 1, initialPrice: Cents, isShortable: Bool = true) {
        self.symbol = symbol
        self.tickSize = tickSize
        self.initialPrice = initialPrice
        self.isShortable = isShortable
    }

    private enum CodingKeys: String, CodingKey { case symbol, tickSize, initialPrice, isShortable }

    /// Listings written before short selling are shortable.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try container.decode(TickerSymbol.self, forKey: .symbol)
        tickSize = try container.decode(Cents.self, forKey: .tickSize)
        initialPrice = try container.decode(Cents.self, forKey: .initialPrice)
        isShortable = try container.decodeIfPresent(Bool.self, forKey: .isShortable) ?? true
    }

    /// Whether `price` is positive and on this ticker's grid.
    public func isOnGrid(_ price: Cents) -> Bool { price > 0 && price.isMultiple(of: tickSize) }
}
