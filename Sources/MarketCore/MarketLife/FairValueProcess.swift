/// A ticker's fair value: a random walk in proportional steps with occasional jumps, the price that
/// market makers quote around so that a market moves with nobody else trading.
///
/// Integer arithmetic throughout: the value is kept in millionths of a cent so that steps smaller than a
/// tick accumulate instead of being rounded away, and it is read rounded to the ticker's tick grid.
/// Randomness is injected, so a seeded generator reproduces a path exactly.
public struct FairValueProcess: Sendable, Hashable {
    public struct Parameters: Sendable, Hashable, Codable {
        /// The typical size of one step, in basis points of the value (its standard deviation).
        public var volatilityBasisPoints: Int64
        /// The chance of a jump at each step, in millionths.
        public var jumpChancePerMillion: Int64
        /// The size of a jump, up or down with equal chance, in basis points.
        public var jumpBasisPoints: Int64

        public init(
            volatilityBasisPoints: Int64 = 10, jumpChancePerMillion: Int64 = 2_000, jumpBasisPoints: Int64 = 200
        ) {
            self.volatilityBasisPoints = volatilityBasisPoints
            self.jumpChancePerMillion = jumpChancePerMillion
            self.jumpBasisPoints = jumpBasisPoints
        }
    }

    private static let scale: Int64 = 1_000_000
    /// Moves are capped at this many basis points a step, so a value can never reach zero in one step.
    private static let largestMoveBasisPoints: Int64 = 5_000

    public let tickSize: Cents
    public var parameters: Parameters
    /// The value in millionths of a cent.
    private var exact: Int64

    public init(initial: Cents, tickSize: Cents, parameters: Parameters = Parameters()) {
        precondition(tickSize > 0 && initial > 0)
        self.tickSize = tickSize
        self.parameters = parameters
        exact = initial.value * Self.scale
    }

    /// The value on the tick grid (the nearest multiple of the tick, at least one tick).
    public var value: Cents {
        let cents = (exact + Self.scale / 2) / Self.scale
        let tick = tickSize.value
        return max(tickSize, Cents((cents + tick / 2) / tick * tick))
    }

    /// Moves one step and returns the new value.
    @discardableResult
    public mutating func step(using random: inout some RandomNumberGenerator) -> Cents {
        // The sum of three uniform draws on [-a, a] has standard deviation a: close enough to normal.
        let spread = max(0, parameters.volatilityBasisPoints) * 100  // in millionths
        var move: Int64 = 0
        if spread > 0 {
            for _ in 0..<3 { move += Int64.random(in: -spread...spread, using: &random) }
        }
        if parameters.jumpChancePerMillion > 0,
            Int64.random(in: 0..<1_000_000, using: &random) < parameters.jumpChancePerMillion
        {
            move += (Bool.random(using: &random) ? 1 : -1) * parameters.jumpBasisPoints * 100
        }
        return apply(millionths: move)
    }

    /// Jumps by `basisPoints` (negative for down) and returns the new value: a price shock.
    @discardableResult
    public mutating func shock(basisPoints: Int64) -> Cents {
        apply(millionths: basisPoints * 100)
    }

    private mutating func apply(millionths move: Int64) -> Cents {
        let limit = Self.largestMoveBasisPoints * 100
        let bounded = min(max(move, -limit), limit)
        let (high, low) = exact.multipliedFullWidth(by: bounded)
        let change = Self.scale.dividingFullWidth((high, low)).quotient
        exact = max(tickSize.value * Self.scale, exact + change)
        return value
    }
}
