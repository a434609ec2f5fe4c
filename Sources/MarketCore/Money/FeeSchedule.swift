/// What a venue charges on each fill.
///
/// The maker (the resting order) pays `makerBasisPoints` and the taker (the incoming order) pays
/// `takerBasisPoints` of the fill's notional, rounded down to the cent, but never less than
/// `minimumPerFill` and never more than the notional itself, so that no seller can owe more than
/// the fill brings in.
public struct FeeSchedule: Sendable, Hashable, Codable {
    public var makerBasisPoints: Int64
    public var takerBasisPoints: Int64
    public var minimumPerFill: Cents

    public init(makerBasisPoints: Int64 = 0, takerBasisPoints: Int64 = 0, minimumPerFill: Cents = 0) {
        self.makerBasisPoints = makerBasisPoints
        self.takerBasisPoints = takerBasisPoints
        self.minimumPerFill = minimumPerFill
    }

    /// No fees at all.
    public static let free = FeeSchedule()

    /// The largest rate either side of a fill can pay.
    var highestBasisPoints: Int64 { Swift.max(makerBasisPoints, takerBasisPoints) }

    /// Whether every part is within range: rates from 0 to 10,000 basis points, a minimum from zero to the
    /// largest order value.
    public var isValid: Bool {
        (0...10_000).contains(makerBasisPoints) && (0...10_000).contains(takerBasisPoints)
            && (0...AmountCeiling.orderValue).contains(minimumPerFill)
    }

    /// The fee on one fill of `notional` cents at `basisPoints`.
    func fee(onNotional notional: Cents, basisPoints: Int64) -> Cents {
        Swift.min(notional, Swift.max(notional.share(basisPoints: basisPoints).amount, minimumPerFill))
    }

    /// Cash a buy reserves per share at `price`, covering the price and the largest fee any fill of
    /// that share can cost.
    ///
    /// A fill of `q` shares at a price `p ≤ price` pays at most `max(⌊p·q·r⌋, minimum) ≤
    /// q · max(⌈price·r⌉, minimum)`, so reserving this much per share covers every split of the
    /// order into fills, and the escrow of an order stays proportional to its open quantity.
    func escrowPerShare(atPrice price: Cents) -> Cents? {
        let (quotient, remainder) = price.share(basisPoints: highestBasisPoints)
        let ratedFee = remainder > 0 ? quotient + 1 : quotient
        return price.addingExactly(Swift.max(ratedFee, minimumPerFill))
    }
}
