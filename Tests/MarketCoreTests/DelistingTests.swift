import MarketCore
import Testing

@Suite struct DelistingTests {
    @Test func holdersAreSettledAtThePriceAndConservationHolds() throws {
        let exchange = TestExchange(
            fees: FeeSchedule(makerBasisPoints: 10, takerBasisPoints: 20),
            tickers: [
                TickerListing(symbol: "FUN", initialPrice: 100_00), TickerListing(symbol: "MEME", initialPrice: 50_00),
            ],
            accounts: [1: 1_000_00, 2: 1_000_00, 3: 1_000_00], shares: 0)
        exchange.record(try exchange.venue.adjustShares(of: AccountID(1), in: "FUN", by: 30, reason: "seed", at: epoch))
        exchange.record(try exchange.venue.adjustShares(of: AccountID(2), in: "FUN", by: 10, reason: "seed", at: epoch))
        // A trade (fees collected), a resting sell (reserved shares) and a resting buy (reserved cash).
        try exchange.sell(1, 4, at: 101_00)
        try exchange.buy(3, 4, at: 101_00)
        try exchange.sell(2, 6, at: 105_00)
        try exchange.buy(3, 2, at: 99_00)
        let fees = exchange.fees()
        #expect(fees > 0)
        let before = (1...3).map { exchange.account(Int64($0)) }
        let issuedBefore = exchange.venue.issuedCash

        let events = try exchange.venue.delist("FUN", at: 98_00, time: epoch)
        exchange.record(events)

        // Two resting orders cancelled first, then the settlement.
        #expect(events.count == 3)
        guard case .tickerDelisted(let payment) = events.last?.kind else {
            Issue.record("no delisting: \(events)")
            return
        }
        #expect(payment.credits.map(\.account) == [AccountID(1), AccountID(2), AccountID(3)])
        #expect(payment.credits.map(\.shares) == [26, 10, 4])
        #expect(payment.total == Cents(40 * 98_00))
        for (index, held) in ([26, 10, 4] as [Shares]).enumerated() {
            let account = exchange.account(Int64(index + 1))
            #expect(account.totalCash == before[index].totalCash + Cents(98_00) * held)
            #expect(account.reservedCash == 0)
            #expect(account.position(in: "FUN").holdingOnly == Position())
            #expect(account.openOrders == 0)
        }
        #expect(exchange.venue.issuedCash == issuedBefore + 40 * 98_00)
        #expect(exchange.venue.snapshot().markets["FUN"]?.issuedShares == 0)
        // The fees it collected stay counted, so cash is still conserved.
        #expect(exchange.venue.snapshot().markets["FUN"]?.feesCollected == fees)
        exchange.expectSound()

        // Gone from reads, refused for trading, adjustments, dividends and a second listing.
        #expect(exchange.venue.listings.map(\.symbol) == ["MEME"])
        #expect(exchange.venue.quote("FUN") == nil)
        #expect(throws: OrderRejection.unknownTicker("FUN")) { try exchange.buy(3, 1, at: 98_00) }
        #expect(throws: VenueError.unknownTicker("FUN")) {
            try exchange.venue.adjustShares(of: AccountID(1), in: "FUN", by: 1, reason: "late", at: epoch)
        }
        #expect(throws: VenueError.unknownTicker("FUN")) {
            try exchange.venue.payDividend(on: "FUN", amountPerShare: 1, at: epoch)
        }
        #expect(throws: VenueError.unknownTicker("FUN")) { try exchange.venue.delist("FUN", at: 1, time: epoch) }
        #expect(throws: VenueError.unknownTicker("FUN")) {
            try exchange.venue.setTradingStatus(.open, of: "FUN", at: epoch)
        }
        #expect(throws: VenueError.tickerAlreadyListed("FUN")) {
            try exchange.venue.list(TickerListing(symbol: "FUN", initialPrice: 1_00), at: epoch)
        }
        // The other ticker trades on.
        try exchange.buy(1, 1, at: 50_00, ticker: "MEME")
        exchange.expectSound()
        // A venue restored from a snapshot keeps the ticker delisted.
        let restored = Venue(id: "restored", restoring: exchange.venue.snapshot())
        #expect(restored.listings.map(\.symbol) == ["MEME"])
        #expect(restored.snapshot() == exchange.venue.snapshot())
    }

    @Test func refusedDelistingsChangeNothing() throws {
        let exchange = TestExchange(accounts: [1: 0], shares: 5)
        let before = exchange.venue.snapshot()
        #expect(throws: VenueError.invalidAmount) { try exchange.venue.delist("FUN", at: 0, time: epoch) }
        #expect(throws: VenueError.unknownTicker("NOPE")) { try exchange.venue.delist("NOPE", at: 1_00, time: epoch) }
        #expect(throws: VenueError.amountTooLarge) { try exchange.venue.delist("FUN", at: .max / 2, time: epoch) }
        #expect(exchange.venue.snapshot() == before)
    }

    @Test func journalTablesSeeTheSettlement() throws {
        let exchange = TestExchange(accounts: [1: 0, 2: 0], shares: 7)
        let events = try exchange.venue.delist("FUN", at: 3_00, time: epoch)
        let changes = AccountChanges.of(events)
        #expect(changes[AccountID(1)]?.cash == 21_00)
        #expect(changes[AccountID(1)]?.positions["FUN"]?.holdingOnly == Position(shares: -7))
        #expect(changes[AccountID(2)]?.cash == 21_00)
    }

    @Test func auditRecordsChangeNoStateAndReplay() throws {
        let exchange = TestExchange(accounts: [1: 5_00], shares: 1)
        let before = exchange.venue.snapshot()
        let record = AuditRecord(
            actorID: 9, actorName: "root", action: "halt", target: "venue test", reason: "news",
            before: ["status": "open"], after: ["status": "halted: news"])
        let event = exchange.venue.record(record, at: epoch)
        exchange.record(event)
        #expect(event.sequence == before.lastSequence + 1)
        var expected = before
        expected.lastSequence += 1
        #expect(exchange.venue.snapshot() == expected)
        #expect(AccountChanges.of([event]).isEmpty)
        exchange.expectSound()
    }
}
