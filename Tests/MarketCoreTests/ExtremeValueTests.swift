import MarketCore
import Testing

/// Amounts from the edges of what a request can carry: every operation either succeeds with every
/// invariant intact or is refused with a typed error and changes nothing. A trap anywhere ends the test
/// process, so getting to the end is itself the check that nothing overflowed.
@Suite struct ExtremeValueTests {
    /// The request that once took the server down: a market buy of `Int64.max` shares from an account
    /// with a resting buy on the same ticker, and the same quantity on every other order type.
    @Test func theLargestQuantityIsRefusedOnEveryOrderType() throws {
        let exchange = TestExchange()
        let resting = try exchange.buy(1, 10, at: 99_00)
        let before = exchange.venue.snapshot()
        let kinds: [(OrderKind, OrderTrigger?)] = [
            (.market, nil), (.limit(price: 99_00), nil), (.market, .stop(120_00)),
            (.limit(price: 99_00), .stop(120_00)),
            (.market, .takeProfit(90_00)), (.limit(price: 99_00), .takeProfit(90_00)),
            (.market, .trailingStop(.amount(5_00))),
        ]
        for side in [Side.buy, .sell] {
            for (kind, trigger) in kinds {
                let request = OrderRequest(
                    account: AccountID(1), ticker: "FUN", side: side, kind: kind, quantity: .max,
                    trigger: side == .buy ? trigger : trigger.map(Self.mirrored))
                #expect(throws: OrderRejection.quantityAboveLimit(limit: AmountCeiling.orderQuantity)) {
                    try exchange.place(request)
                }
            }
        }
        let leg = OrderRequest(
            account: AccountID(1), ticker: "FUN", side: .buy, kind: .limit(price: 90_00), quantity: .max)
        let stop = OrderRequest(
            account: AccountID(1), ticker: "FUN", side: .buy, kind: .market, quantity: .max, trigger: .stop(120_00))
        #expect(throws: OrderRejection.quantityAboveLimit(limit: AmountCeiling.orderQuantity)) {
            try exchange.venue.submitPair(leg, stop, at: epoch)
        }
        #expect(
            throws: OrderChangeRejection.replacementRejected(.quantityAboveLimit(limit: AmountCeiling.orderQuantity))
        ) {
            try exchange.amend(resting.orderID, by: 1, quantity: .max)
        }
        #expect(throws: OrderChangeRejection.replacementRejected(.amountTooLarge)) {
            try exchange.amend(resting.orderID, by: 1, price: .max)
        }
        #expect(exchange.venue.snapshot() == before, "a refused order changed the venue")
    }

    @Test func adjustmentsPastTheSupplyAreRefused() throws {
        let exchange = TestExchange()
        let before = exchange.venue.snapshot()
        for amount in [Cents.max, .min, Cents(AmountCeiling.supply)] {
            #expect(throws: VenueError.self) {
                try exchange.venue.adjustCash(of: AccountID(1), by: amount, reason: "huge", at: epoch)
            }
            #expect(throws: VenueError.self) {
                try exchange.venue.adjustShares(
                    of: AccountID(1), in: "FUN", by: Shares(amount.value), reason: "huge", at: epoch)
            }
        }
        #expect(throws: VenueError.amountTooLarge) {
            try exchange.venue.payDividend(on: "FUN", amountPerShare: .max, at: epoch)
        }
        #expect(throws: VenueError.amountTooLarge) { try exchange.venue.delist("FUN", at: .max, time: epoch) }
        #expect(exchange.venue.snapshot() == before, "a refused adjustment changed the venue")
    }

    @Test(arguments: Array(UInt64(1)...24))
    func extremeWorkloadKeepsEveryInvariant(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed &* 7_919)
        let tickers = [
            TickerListing(symbol: "FUN", tickSize: 1, initialPrice: 100_00),
            TickerListing(symbol: "BIG", tickSize: 1, initialPrice: AmountCeiling.orderValue / 1_000),
        ]
        // Two accounts near the top of what a venue can issue, the rest ordinary.
        let rich = Cents(AmountCeiling.supply / 4)
        var accounts: [Int64: Cents] = [1: rich, 2: rich]
        for id in 3...6 { accounts[Int64(id)] = Cents.random(in: 1...1_000_000_00, using: &random) }
        let exchange = TestExchange(
            fees: FeeSchedule(makerBasisPoints: 10, takerBasisPoints: 30, minimumPerFill: 1), tickers: tickers,
            accounts: accounts, shares: AmountCeiling.orderQuantity)
        var workload = ExtremeWorkload(exchange: exchange, tickers: tickers)
        for step in 0..<1_500 {
            let before = exchange.venue.snapshot()
            let outcome = workload.step(using: &random)
            let after = exchange.venue.snapshot()
            if case .refused(let error) = outcome {
                guard after == before else {
                    Issue.record("seed \(seed), step \(step): refused with \(error) but changed the venue")
                    return
                }
            }
            let violations = after.invariantViolations
            guard violations.isEmpty else {
                Issue.record("seed \(seed), step \(step): \(violations)")
                return
            }
        }
        #expect(workload.accepted > 100, "the workload should get some operations through")
        #expect(workload.refused > 100, "the workload should reach the bounds")
        #expect(exchange.replayed() == exchange.venue.snapshot(), "seed \(seed): the journal replays differently")
    }

    private static func mirrored(_ trigger: OrderTrigger) -> OrderTrigger {
        switch trigger {
        case .stop: .stop(80_00)
        case .takeProfit: .takeProfit(120_00)
        case .trailingStop: trigger
        }
    }
}
