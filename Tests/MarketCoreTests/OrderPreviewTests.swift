import MarketCore
import Testing

/// A preview says what placing the order at once would do, and changes nothing.
@Suite struct OrderPreviewTests {
    @Test func aMarketBuySweepsTheBookAtEachLevelWithItsTakerFees() throws {
        let exchange = TestExchange(fees: FeeSchedule(makerBasisPoints: 0, takerBasisPoints: 25, minimumPerFill: 5))
        try exchange.sell(2, 3, at: 101_00)
        try exchange.sell(2, 4, at: 102_00)
        let before = exchange.venue.snapshot()

        let preview = try exchange.venue.preview(
            OrderRequest(account: AccountID(1), ticker: "FUN", side: .buy, kind: .market, quantity: 5))
        #expect(preview.fills.map(\.price) == [101_00, 102_00] && preview.fills.map(\.quantity) == [3, 2])
        // 0.25 % of 303.00 is 0.7575, rounded down to 0.75; of 204.00, 0.51.
        #expect(preview.fills.map(\.fee) == [75, 51] && preview.fees == 1_26)
        #expect(preview.notional == Cents(507_00) && preview.status == .filled && preview.restingQuantity == 0)
        #expect(exchange.venue.snapshot() == before, "a preview changes nothing")
    }

    @Test func refusalsAreThePlacementsOwn() {
        let exchange = TestExchange(accounts: [1: 50_00, 2: 1_000_000_00])
        let tooDear = OrderRequest(
            account: AccountID(1), ticker: "FUN", side: .buy, kind: .limit(price: 100_00), quantity: 1)
        #expect(throws: OrderRejection.insufficientCash(needed: 100_00, available: 50_00)) {
            try exchange.venue.preview(tooDear)
        }
        let unknown = OrderRequest(account: AccountID(1), ticker: "NOPE", side: .buy, kind: .market, quantity: 1)
        #expect(throws: OrderRejection.unknownTicker("NOPE")) { try exchange.venue.preview(unknown) }
        let noAccount = OrderRequest(account: AccountID(9), ticker: "FUN", side: .buy, kind: .market, quantity: 1)
        #expect(throws: OrderRejection.unknownAccount(AccountID(9))) { try exchange.venue.preview(noAccount) }
    }

    /// Over seeded workloads with every order type resting, each random order is previewed, then placed: the
    /// placement gets exactly the previewed fills, fees and status, or the previewed refusal.
    @Test(arguments: Array(UInt64(1)...12))
    func placingRightAfterAPreviewDoesWhatItSaid(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let fees = seed % 2 == 0 ? FeeSchedule(makerBasisPoints: 5, takerBasisPoints: 20) : .free
        let tickers = [TickerListing(symbol: "FUN", tickSize: 1, initialPrice: 100_00)]
        let exchange = TestExchange(
            fees: fees, tickers: tickers, accounts: Dictionary(uniqueKeysWithValues: (1...8).map { ($0, 8_000_00) }),
            shares: 60)
        var workload = Workload(exchange: exchange, tickers: tickers, withAdvancedTypes: true)
        for _ in 0..<400 {
            try workload.step(using: &random)
            let request = randomOrder(exchange, using: &random)
            let before = exchange.venue.snapshot()
            let preview = Result { () throws(OrderRejection) in try exchange.venue.preview(request) }
            #expect(exchange.venue.snapshot() == before)
            let placed = Result { () throws(OrderRejection) in try exchange.place(request) }
            switch (preview, placed) {
            case (.success(let preview), .success(let placed)):
                #expect(preview.fills.map(\.price) == placed.trades.map(\.price))
                #expect(preview.fills.map(\.quantity) == placed.trades.map(\.quantity))
                let takerFees = placed.trades.map { request.side == .buy ? $0.buyerFee : $0.sellerFee }
                #expect(preview.fills.map(\.fee) == takerFees)
                #expect(preview.filledQuantity == placed.filledQuantity && preview.status == placed.status)
            case (.failure(let previewed), .failure(let refused)):
                #expect(previewed == refused)
            default:
                Issue.record("seed \(seed): previewed \(preview), placed \(placed)")
            }
        }
        exchange.expectSound()
    }

    private func randomOrder(_ exchange: TestExchange, using random: inout SeededGenerator) -> OrderRequest {
        let last = exchange.venue.quote("FUN")!.lastPrice.value
        let kind: OrderKind =
            Bool.random(using: &random)
            ? .market : .limit(price: Cents(max(1, last + Int64.random(in: -400...400, using: &random))))
        return OrderRequest(
            account: AccountID(Int64.random(in: 1...8, using: &random)), ticker: "FUN",
            side: Bool.random(using: &random) ? .buy : .sell, kind: kind,
            quantity: Shares.random(in: 1...40, using: &random),
            timeInForce: [.goodTillCancelled, .immediateOrCancel, .fillOrKill].randomElement(using: &random)!)
    }
}
