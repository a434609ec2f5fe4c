/// The simple traders that keep a market trading with nobody else present, each deciding from what it sees
/// of one ticker and a seeded generator, so a population's orders reproduce exactly.
public enum TraderStyle: String, Sendable, Hashable, Codable, CaseIterable {
    /// Arrives at random, buys or sells at random sizes: the market's background flow.
    case noise
    /// Trades toward the fair value, seen through a noisy private estimate.
    case value
    /// Follows the recent return: buys after a rise, sells after a fall.
    case momentum
}

/// How one style of background trader behaves.
public struct TraderBehaviour: Sendable, Hashable, Codable {
    /// Traders of this style in the population.
    public var count: Int
    /// The chance, in millionths, that a trader acts on a given ticker at one step.
    public var chancePerMillion: Int64
    /// The largest order it places; sizes are drawn from 1 to this.
    public var maxSize: Shares
    /// How often (in percent) a noise trader crosses the spread rather than resting an order near the fair
    /// value; value and momentum traders always cross.
    public var aggressivenessPercent: Int64
    /// How far, in basis points, the price must sit from a value trader's estimate, or a momentum trader's
    /// lookback return must reach, before it trades.
    public var thresholdBasisPoints: Int64
    /// The spread of a value trader's private estimate around the fair value, in basis points either way.
    public var estimateErrorBasisPoints: Int64
    /// The steps a momentum trader looks back over.
    public var lookback: Int

    public init(
        count: Int, chancePerMillion: Int64, maxSize: Shares, aggressivenessPercent: Int64 = 50,
        thresholdBasisPoints: Int64 = 20, estimateErrorBasisPoints: Int64 = 50, lookback: Int = 10
    ) {
        self.count = count
        self.chancePerMillion = chancePerMillion
        self.maxSize = maxSize
        self.aggressivenessPercent = aggressivenessPercent
        self.thresholdBasisPoints = thresholdBasisPoints
        self.estimateErrorBasisPoints = estimateErrorBasisPoints
        self.lookback = lookback
    }
}

/// What a background trader sees of one ticker when it decides.
public struct TraderView: Sendable, Hashable {
    public var fairValue: Cents
    public var bestBid: Cents?
    public var bestAsk: Cents?
    public var lastPrice: Cents
    /// The last price ``TraderBehaviour/lookback`` steps ago, once there is one.
    public var pastPrice: Cents?
    public var tickSize: Cents
    /// Shares it holds and has not offered.
    public var sellableShares: Shares
    /// Cash its buys may spend, fees left aside by the caller.
    public var spendableCash: Cents

    public init(
        fairValue: Cents, bestBid: Cents?, bestAsk: Cents?, lastPrice: Cents, pastPrice: Cents?, tickSize: Cents,
        sellableShares: Shares, spendableCash: Cents
    ) {
        self.fairValue = fairValue
        self.bestBid = bestBid
        self.bestAsk = bestAsk
        self.lastPrice = lastPrice
        self.pastPrice = pastPrice
        self.tickSize = tickSize
        self.sellableShares = sellableShares
        self.spendableCash = spendableCash
    }
}

/// A limit order a background trader decided on: crossing and immediate-or-cancel, or resting.
public struct TraderOrder: Sendable, Hashable {
    public let side: Side
    public let price: Cents
    public let quantity: Shares
    /// `true`: immediate-or-cancel, taking what the book offers up to `price`; `false`: good till cancelled.
    public let crosses: Bool
}

extension TraderStyle {
    /// The order a trader of this style places on one ticker at one step, or `nil` when it does nothing.
    /// Never sells more than it holds nor buys more than its cash covers, and prices on the tick grid.
    public func decide(
        _ view: TraderView, behaviour: TraderBehaviour, using random: inout some RandomNumberGenerator
    ) -> TraderOrder? {
        guard view.tickSize > 0, view.fairValue > 0, behaviour.maxSize > 0,
            Int64.random(in: 0..<1_000_000, using: &random) < behaviour.chancePerMillion
        else { return nil }
        let size = Shares(Int64.random(in: 1...behaviour.maxSize.value, using: &random))
        switch self {
        case .noise:
            let side: Side = Bool.random(using: &random) ? .buy : .sell
            if Int64.random(in: 0..<100, using: &random) < behaviour.aggressivenessPercent {
                return view.crossing(side, size: size)
            }
            let reference = view.fairValue.roundedDown(toMultipleOf: view.tickSize)
            let offset = view.tickSize * Shares(Int64.random(in: 1...5, using: &random))
            return view.order(
                side, at: side == .buy ? reference - offset : reference + offset, size: size, crosses: false)
        case .value:
            let error = behaviour.estimateErrorBasisPoints
            let drawn = error > 0 ? Int64.random(in: -error...error, using: &random) : 0
            let estimate = view.fairValue + view.fairValue.share(basisPoints: drawn).amount
            let margin = estimate.share(basisPoints: behaviour.thresholdBasisPoints).amount
            if let ask = view.bestAsk, ask + margin < estimate { return view.crossing(.buy, size: size) }
            if let bid = view.bestBid, bid - margin > estimate { return view.crossing(.sell, size: size) }
            return nil
        case .momentum:
            guard let past = view.pastPrice, past > 0 else { return nil }
            let change = view.lastPrice - past
            let threshold = past.share(basisPoints: behaviour.thresholdBasisPoints).amount
            if change > threshold { return view.crossing(.buy, size: size) }
            if change < -threshold { return view.crossing(.sell, size: size) }
            return nil
        }
    }
}

extension TraderView {
    /// An immediate-or-cancel order at the best price on the other side, or a tick through the fair value
    /// when that side is empty.
    fileprivate func crossing(_ side: Side, size: Shares) -> TraderOrder? {
        let price =
            side == .buy
            ? bestAsk ?? fairValue.roundedUp(toMultipleOf: tickSize) + tickSize
            : bestBid ?? fairValue.roundedDown(toMultipleOf: tickSize) - tickSize
        return order(side, at: price, size: size, crosses: true)
    }

    /// The order at `price` (kept to at least one tick), cut to what it can sell or afford; `nil` if nothing.
    fileprivate func order(_ side: Side, at price: Cents, size: Shares, crosses: Bool) -> TraderOrder? {
        let price = max(tickSize, price)
        let quantity = side == .buy ? min(size, spendableCash.quantity(affordableAt: price)) : min(size, sellableShares)
        guard quantity > 0 else { return nil }
        return TraderOrder(side: side, price: price, quantity: quantity, crosses: crosses)
    }
}
