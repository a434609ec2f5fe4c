import MarketCore

// Seeded workloads draw amounts the way they draw integers.

extension Cents {
    static func random(in range: ClosedRange<Cents>, using generator: inout some RandomNumberGenerator) -> Cents {
        Cents(Int64.random(in: range.lowerBound.value...range.upperBound.value, using: &generator))
    }
}

extension Shares {
    static func random(in range: ClosedRange<Shares>, using generator: inout some RandomNumberGenerator) -> Shares {
        Shares(Int64.random(in: range.lowerBound.value...range.upperBound.value, using: &generator))
    }

    static func random(in range: Range<Shares>, using generator: inout some RandomNumberGenerator) -> Shares {
        Shares(Int64.random(in: range.lowerBound.value..<range.upperBound.value, using: &generator))
    }
}

// Tests count prices in ticks and scale edges by plain numbers.

extension Cents {
    /// This price `count` times over: so many ticks.
    func times(_ count: Int64) -> Cents { Cents(value * count) }

    static func / (amount: Cents, divisor: Int64) -> Cents { Cents(amount.value / divisor) }
}

extension Shares {
    static func / (amount: Shares, divisor: Int64) -> Shares { Shares(amount.value / divisor) }
}
