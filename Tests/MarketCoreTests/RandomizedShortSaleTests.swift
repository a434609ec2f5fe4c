import MarketCore
import Testing

/// The seeded workloads with short selling allowed and prices that jump: sales beyond holdings borrow, buys
/// repay, margin calls and liquidations follow the price. After every step cash (collateral included) and
/// shares (shorts counted negative) are conserved and every loan matches its collateral; at the end the
/// journal replays to the same venue.
@Suite struct RandomizedShortSaleTests {
    /// Seeds whose workloads, as written, drive some account past what its margin call can cover.
    static let liquidatingSeeds: Set<UInt64> = [13, 15]

    @Test(arguments: Array(1...24) as [UInt64])
    func randomWorkloadWithShortSalesKeepsEveryInvariant(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed &+ 5_000)
        let fees = [FeeSchedule.free, FeeSchedule(makerBasisPoints: 5, takerBasisPoints: 20, minimumPerFill: 1)][
            Int(seed % 2)]
        let limits = seed % 3 == 0 ? RiskLimits(maxPosition: 300) : .none
        let tickers = [
            TickerListing(symbol: "FUN", tickSize: 1, initialPrice: 100_00),
            TickerListing(symbol: "MEME", tickSize: 5, initialPrice: 20_00),
            TickerListing(symbol: "SAFE", tickSize: 10, initialPrice: 50_00, isShortable: false),
        ]
        var accounts: [Int64: Cents] = [:]
        // Little cash beside the shares, so that calls often cannot be met.
        for id in 1...8 { accounts[Int64(id)] = Cents.random(in: 100_00...2_000_00, using: &random) }
        // Every fourth seed lends only to accounts that opted in, and they change their minds as it runs (a choice
        // that changes nothing is journalled too).
        let optIn = seed % 4 == 1
        let exchange = TestExchange(
            fees: fees, limits: limits, tickers: tickers, accounts: accounts, shares: 60,
            shortSelling: ShortSelling(
                initialMarginBasisPoints: 2_000, maintenanceMarginBasisPoints: 1_500, isOptIn: optIn))
        if optIn {
            for id in accounts.keys.sorted() {
                exchange.record(try exchange.venue.setShortSelling(of: AccountID(id), enabled: true, at: epoch))
            }
        }
        var workload = Workload(
            exchange: exchange, tickers: tickers, withAdvancedTypes: seed % 2 == 0, jumpsPrices: true)
        var counts: [String: Int] = [:]

        for step in 0..<3_000 {
            let before = exchange.journal.count
            if optIn, Int.random(in: 0..<50, using: &random) == 0 {
                let id = AccountID(Int64.random(in: 1...8, using: &random))
                // Mostly on, so that these seeds still borrow and repay often.
                let enabled = Int.random(in: 0..<4, using: &random) != 0
                exchange.record(try exchange.venue.setShortSelling(of: id, enabled: enabled, at: epoch))
            }
            try workload.step(using: &random)
            for event in exchange.journal[before...] {
                switch event.kind {
                case .sharesBorrowed: counts["borrowed", default: 0] += 1
                case .sharesReturned: counts["returned", default: 0] += 1
                case .marginCalled: counts["called", default: 0] += 1
                case .positionLiquidated: counts["liquidated", default: 0] += 1
                default: break
                }
            }
            let violations =
                exchange.venue.snapshot().invariantViolations
                + (step % 250 == 0 ? exchange.costBasisViolations() : [])
            guard violations.isEmpty else {
                Issue.record("seed \(seed), step \(step): \(violations)")
                return
            }
        }
        if Self.liquidatingSeeds.contains(seed) { #expect(counts["liquidated", default: 0] > 0, "\(counts)") }
        #expect(counts["borrowed", default: 0] > 10 && counts["returned", default: 0] > 10, "\(counts)")
        #expect(exchange.replayed() == exchange.venue.snapshot(), "seed \(seed): the journal replays differently")
        #expect(exchange.costBasisViolations() == [], "seed \(seed)")
    }
}
