import MarketCore
import Testing

@Suite("Background traders' decisions")
struct BackgroundTraderDecisionTests {
    static let always = TraderBehaviour(
        count: 1, chancePerMillion: 1_000_000, maxSize: 10, aggressivenessPercent: 50, thresholdBasisPoints: 20,
        estimateErrorBasisPoints: 0, lookback: 3)

    static func view(
        fair: Cents = 100_00, bid: Cents? = 99_80, ask: Cents? = 100_20, last: Cents = 100_00, past: Cents? = nil,
        sellable: Shares = 100, cash: Cents = 1_000_000
    ) -> TraderView {
        TraderView(
            fairValue: fair, bestBid: bid, bestAsk: ask, lastPrice: last, pastPrice: past, tickSize: 5,
            sellableShares: sellable, spendableCash: cash)
    }

    /// Whatever they see, traders sell only what they hold, buy only what their cash covers, stay within their
    /// size, and price on the tick grid at a tick or more; a crossing order takes the best price on the other side.
    @Test func ordersStayWithinHoldingsCashSizeAndTheTickGrid() {
        var random = SeededGenerator(seed: 2024)
        var decided = 0
        for _ in 0..<5_000 {
            let fair = Cents.random(in: 1...50_000, using: &random)
            let bid = Bool.random(using: &random) ? Cents.random(in: 1...10_000, using: &random).times(5) : nil
            let ask = Bool.random(using: &random) ? Cents.random(in: 1...10_000, using: &random).times(5) : nil
            let view = Self.view(
                fair: fair, bid: bid, ask: ask, last: Cents.random(in: 1...50_000, using: &random),
                past: Bool.random(using: &random) ? Cents.random(in: 1...50_000, using: &random) : nil,
                sellable: Shares.random(in: 0...20, using: &random),
                cash: Cents.random(in: -100...200_000, using: &random))
            var behaviour = Self.always
            behaviour.estimateErrorBasisPoints = Int64.random(in: 0...500, using: &random)
            behaviour.chancePerMillion = Int64.random(in: 0...1_000_000, using: &random)
            for style in TraderStyle.allCases {
                guard let order = style.decide(view, behaviour: behaviour, using: &random) else { continue }
                decided += 1
                #expect(order.quantity > 0 && order.quantity <= behaviour.maxSize)
                #expect(order.price >= 5 && order.price.isMultiple(of: 5) || order.price == bid || order.price == ask)
                if order.side == .sell { #expect(order.quantity <= view.sellableShares) }
                if order.side == .buy { #expect(order.price * order.quantity <= view.spendableCash) }
                if order.crosses, let best = order.side == .buy ? ask : bid { #expect(order.price == best) }
                if style != .noise { #expect(order.crosses) }
            }
        }
        #expect(decided > 1_000)
    }

    @Test func aTraderWhoseChanceIsZeroNeverActs() {
        var random = SeededGenerator(seed: 1)
        var behaviour = Self.always
        behaviour.chancePerMillion = 0
        for style in TraderStyle.allCases {
            for _ in 0..<1_000 { #expect(style.decide(Self.view(), behaviour: behaviour, using: &random) == nil) }
        }
    }

    @Test func aValueTraderBuysBelowItsEstimateAndSellsAboveIt() {
        var random = SeededGenerator(seed: 2)
        let cheap = TraderStyle.value.decide(Self.view(bid: 89_00, ask: 90_00), behaviour: Self.always, using: &random)
        #expect(cheap?.side == .buy && cheap?.price == 90_00 && cheap?.crosses == true)
        let dear = TraderStyle.value.decide(Self.view(bid: 110_00, ask: 111_00), behaviour: Self.always, using: &random)
        #expect(dear?.side == .sell && dear?.price == 110_00)
        // Within its threshold (20 basis points of 100.00 is 0.20) either way, it does nothing.
        #expect(
            TraderStyle.value.decide(Self.view(bid: 99_85, ask: 100_15), behaviour: Self.always, using: &random) == nil)
    }

    @Test func aMomentumTraderFollowsTheReturnOverItsLookback() {
        var random = SeededGenerator(seed: 3)
        let rising = TraderStyle.momentum.decide(
            Self.view(last: 101_00, past: 100_00), behaviour: Self.always, using: &random)
        #expect(rising?.side == .buy && rising?.price == 100_20)
        let falling = TraderStyle.momentum.decide(
            Self.view(last: 99_00, past: 100_00), behaviour: Self.always, using: &random)
        #expect(falling?.side == .sell && falling?.price == 99_80)
        #expect(
            TraderStyle.momentum.decide(Self.view(last: 100_10, past: 100_00), behaviour: Self.always, using: &random)
                == nil)
        #expect(
            TraderStyle.momentum.decide(Self.view(last: 150_00, past: nil), behaviour: Self.always, using: &random)
                == nil)
    }

    @Test func aNoiseTraderRestsNearTheFairValueWhenItDoesNotCross() {
        var random = SeededGenerator(seed: 4)
        var behaviour = Self.always
        behaviour.aggressivenessPercent = 0
        for _ in 0..<200 {
            let order = try! #require(TraderStyle.noise.decide(Self.view(), behaviour: behaviour, using: &random))
            #expect(!order.crosses)
            let distance = order.side == .buy ? 100_00 - order.price : order.price - 100_00
            #expect((5...25).contains(distance))
        }
    }
}
