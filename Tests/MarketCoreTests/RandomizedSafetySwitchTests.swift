import MarketCore
import Testing

/// The seeded workloads with safety switches: accounts trip and reset their limits as they trade, with
/// advanced order types, short sales and prices that jump in the mix. A trip leaves the account no order; a
/// tripped account places none (the exchange's buy-back of a liquidated short still goes through). After
/// every step cash and shares are conserved; at the end the journal replays to the same venue.
@Suite struct RandomizedSafetySwitchTests {
    @Test(arguments: Array(1...12) as [UInt64])
    func randomWorkloadWithSafetySwitchesKeepsEveryInvariant(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed &+ 9_000)
        let tickers = [
            TickerListing(symbol: "FUN", tickSize: 1, initialPrice: 100_00),
            TickerListing(symbol: "MEME", tickSize: 5, initialPrice: 20_00),
        ]
        var accounts: [Int64: Cents] = [:]
        for id in 1...8 { accounts[Int64(id)] = Cents.random(in: 100_00...5_000_00, using: &random) }
        let exchange = TestExchange(
            fees: FeeSchedule(makerBasisPoints: 5, takerBasisPoints: 20, minimumPerFill: 1), tickers: tickers,
            accounts: accounts, shares: 60,
            shortSelling: ShortSelling(initialMarginBasisPoints: 2_000, maintenanceMarginBasisPoints: 1_500))
        var workload = Workload(
            exchange: exchange, tickers: tickers, withAdvancedTypes: true, jumpsPrices: true, switchesSafety: true)
        var counts: [String: Int] = [:]

        for step in 0..<3_000 {
            let before = exchange.journal.count
            try workload.step(using: &random)
            for event in exchange.journal[before...] {
                switch event.kind {
                case .riskLimitTripped: counts["tripped", default: 0] += 1
                case .riskLimitReset: counts["reset", default: 0] += 1
                case .orderCancelled(let cancellation) where cancellation.reason == .riskLimit:
                    counts["cancelled", default: 0] += 1
                default: break
                }
            }
            let violations = exchange.venue.snapshot().invariantViolations
            guard violations.isEmpty else {
                Issue.record("seed \(seed), step \(step): \(violations)")
                return
            }
        }
        #expect(counts["tripped", default: 0] > 10 && counts["reset", default: 0] > 5, "\(counts)")
        #expect(counts["cancelled", default: 0] > 0, "\(counts)")
        #expect(exchange.replayed() == exchange.venue.snapshot(), "seed \(seed): the journal replays differently")
        #expect(exchange.costBasisViolations() == [], "seed \(seed)")
    }
}
