import MarketCore
import Testing

@Suite struct DividendTests {
    @Test func paysEveryHolderForFreeAndReservedShares() throws {
        let exchange = TestExchange(accounts: [1: 1_000_00, 2: 1_000_00, 3: 1_000_00], shares: 0)
        exchange.record(try exchange.venue.adjustShares(of: AccountID(1), in: "FUN", by: 30, reason: "seed", at: epoch))
        exchange.record(try exchange.venue.adjustShares(of: AccountID(2), in: "FUN", by: 12, reason: "seed", at: epoch))
        // Account 2 offers 5 of its shares: reserved shares earn the dividend too.
        try exchange.sell(2, 5, at: 120_00)
        let issuedBefore = exchange.venue.issuedCash
        let cashBefore = (1...3).map { exchange.account(Int64($0)).totalCash }

        let event = try #require(try exchange.venue.payDividend(on: "FUN", amountPerShare: 25, at: epoch))
        exchange.record(event)

        guard case .dividendPaid(let payment) = event.kind else {
            Issue.record("not a dividend: \(event)")
            return
        }
        #expect(payment.credits.map(\.account) == [AccountID(1), AccountID(2)])
        #expect(payment.total == Cents(42 * 25))
        #expect(exchange.account(1).totalCash == cashBefore[0] + 30 * 25)
        #expect(exchange.account(2).totalCash == cashBefore[1] + 12 * 25)
        #expect(exchange.account(3).totalCash == cashBefore[2])
        #expect(exchange.venue.issuedCash == issuedBefore + 42 * 25)
        exchange.expectSound()
    }

    @Test func nobodyHoldingPaysNothing() throws {
        let exchange = TestExchange(shares: 0)
        #expect(try exchange.venue.payDividend(on: "FUN", amountPerShare: 10, at: epoch) == nil)
        #expect(throws: VenueError.invalidAmount) {
            try exchange.venue.payDividend(on: "FUN", amountPerShare: 0, at: epoch)
        }
        #expect(throws: VenueError.unknownTicker("NOPE")) {
            try exchange.venue.payDividend(on: "NOPE", amountPerShare: 1, at: epoch)
        }
    }

    @Test func journalTablesSeeTheCredits() throws {
        let exchange = TestExchange(accounts: [1: 0, 2: 0], shares: 7)
        let event = try #require(try exchange.venue.payDividend(on: "FUN", amountPerShare: 3, at: epoch))
        let changes = AccountChanges.of([event])
        #expect(changes[AccountID(1)]?.cash == 21)
        #expect(changes[AccountID(2)]?.cash == 21)
    }
}
