import Foundation
import MarketCore
import Testing

@Suite struct OrderLifecycleTests {
    @Test func cancellingRefundsTheEscrowAndOnlyTheOwnerMayCancel() throws {
        let exchange = TestExchange()
        let cash = exchange.cash(1)
        let buy = try exchange.buy(1, 10, at: 99_00)
        let sell = try exchange.sell(1, 7, at: 101_00)
        #expect(throws: OrderChangeRejection.notOwner(buy.orderID)) { try exchange.cancel(buy.orderID, by: 2) }
        try exchange.cancel(buy.orderID, by: 1)
        try exchange.cancel(sell.orderID, by: nil)
        #expect(exchange.cash(1) == cash && exchange.account(1).reservedCash == 0)
        #expect(exchange.shares(1) == 1_000 && exchange.account(1).position(in: "FUN").reservedShares == 0)
        #expect(exchange.account(1).openOrders == 0)
        #expect(throws: OrderChangeRejection.notResting(buy.orderID)) { try exchange.cancel(buy.orderID, by: 1) }
        #expect(throws: OrderChangeRejection.notResting(OrderID(999_999))) {
            try exchange.cancel(OrderID(999_999), by: 1)
        }
        exchange.expectSound()
    }

    @Test func reducingQuantityKeepsPriority() throws {
        let exchange = TestExchange()
        let first = try exchange.buy(1, 10, at: 99_00)
        let second = try exchange.buy(2, 10, at: 99_00)
        let ack = try exchange.amend(first.orderID, by: 1, quantity: 4)
        #expect(ack.orderID == first.orderID)
        #expect(exchange.account(1).reservedCash == Cents(4 * 99_00))
        let sale = try exchange.sell(3, 5, at: 99_00)
        #expect(sale.trades.map(\.buyOrder) == [first.orderID, second.orderID])
        #expect(sale.trades.map(\.quantity) == [4, 1])
        exchange.expectSound()
    }

    @Test func changingPriceLosesPriorityUnderANewOrderID() throws {
        let exchange = TestExchange()
        let first = try exchange.buy(1, 10, at: 98_00)
        let second = try exchange.buy(2, 10, at: 99_00)
        let moved = try exchange.amend(first.orderID, by: 1, price: 99_00)
        #expect(moved.orderID != first.orderID && moved.status == .open)
        #expect(exchange.venue.restingOrder(first.orderID, in: "FUN") == nil)
        let sale = try exchange.sell(3, 15, at: 99_00)
        #expect(sale.trades.map(\.buyOrder) == [second.orderID, moved.orderID])
        exchange.expectSound()
    }

    @Test func anAmendmentThatCrossesTrades() throws {
        let exchange = TestExchange()
        try exchange.sell(2, 5, at: 101_00)
        let bid = try exchange.buy(1, 5, at: 99_00)
        let ack = try exchange.amend(bid.orderID, by: 1, price: 101_00)
        #expect(ack.status == .filled && ack.trades.first?.price == 101_00)
        exchange.expectSound()
    }

    @Test func aRefusedAmendmentLeavesTheOriginalInPlace() throws {
        let exchange = TestExchange(accounts: [1: 1_000_00, 2: 1_000_00])
        let bid = try exchange.buy(1, 10, at: 90_00)
        #expect(
            throws: OrderChangeRejection.replacementRejected(.insufficientCash(needed: 1_100_00, available: 1_000_00))
        ) {
            try exchange.amend(bid.orderID, by: 1, price: 110_00)
        }
        #expect(exchange.venue.restingOrder(bid.orderID, in: "FUN")?.remaining == 10)
        #expect(throws: OrderChangeRejection.invalidAmendment) { try exchange.amend(bid.orderID, by: 1, quantity: 10) }
        #expect(throws: OrderChangeRejection.invalidAmendment) { try exchange.amend(bid.orderID, by: 1, quantity: 0) }
        #expect(throws: OrderChangeRejection.notOwner(bid.orderID)) {
            try exchange.amend(bid.orderID, by: 2, quantity: 1)
        }
        exchange.expectSound()
    }

    @Test func aClientOrderIDMakesResubmissionIdempotent() throws {
        let exchange = TestExchange()
        try exchange.sell(2, 3, at: 100_00)
        let first = try exchange.buy(1, 5, at: 100_00, clientOrderID: "abc")
        let events = exchange.journal.count
        let again = try exchange.buy(1, 5, at: 100_00, clientOrderID: "abc")
        #expect(again == first)
        #expect(exchange.journal.count == events)
        #expect(exchange.depth().bids.map(\.quantity) == [2])
        let other = try exchange.buy(2, 5, at: 90_00, clientOrderID: "abc")
        #expect(other.orderID != first.orderID)
        exchange.expectSound()
    }
}

@Suite struct RiskAndStatusTests {
    @Test func ordersAboveTheVenuesLimitsAreRefused() throws {
        let exchange = TestExchange(
            limits: RiskLimits(maxOrderQuantity: 100, maxOrderNotional: 5_000_00, maxPosition: 1_050, maxOpenOrders: 2))
        #expect(throws: OrderRejection.quantityAboveLimit(limit: 100)) { try exchange.buy(1, 101, at: 1_00) }
        #expect(throws: OrderRejection.notionalAboveLimit(limit: 5_000_00)) { try exchange.buy(1, 51, at: 100_00) }
        try exchange.buy(1, 40, at: 90_00)
        #expect(throws: OrderRejection.positionLimit(limit: 1_050)) { try exchange.buy(1, 11, at: 90_00) }
        try exchange.sell(1, 1, at: 120_00)
        #expect(throws: OrderRejection.openOrderLimit(limit: 2)) { try exchange.sell(1, 1, at: 120_00) }
        // An order that will not rest is not held to the open-order limit.
        try exchange.sell(2, 1, at: 130_00)
        try exchange.buy(1, 1, at: 130_00, .immediateOrCancel)
        exchange.expectSound()
    }

    @Test func theVenuesOwnAccountsAreNotBoundByTheAccountLimits() throws {
        // Account 3 is the venue's market maker: its inventory (1,000) is above the position limit.
        let exchange = TestExchange(limits: RiskLimits(maxPosition: 500, maxOpenOrders: 1))
        #expect(throws: OrderRejection.positionLimit(limit: 500)) { try exchange.buy(3, 1, at: 90_00) }
        exchange.record(exchange.venue.exemptFromAccountLimits(AccountID(3), at: epoch)!)
        #expect(exchange.venue.exemptFromAccountLimits(AccountID(3), at: epoch) == nil)
        try exchange.buy(3, 10, at: 90_00)
        try exchange.buy(3, 10, at: 89_00)
        try exchange.sell(3, 10, at: 120_00)
        // Everyone else stays bound, and a new set of limits keeps the exemption.
        #expect(throws: OrderRejection.positionLimit(limit: 500)) { try exchange.buy(1, 1, at: 90_00) }
        exchange.record(exchange.venue.setRiskLimits(RiskLimits(maxPosition: 400), at: epoch))
        #expect(exchange.venue.snapshot().rules.limits.exemptAccounts == [AccountID(3)])
        try exchange.buy(3, 10, at: 88_00)
        #expect(throws: OrderRejection.positionLimit(limit: 400)) { try exchange.buy(2, 1, at: 90_00) }
        exchange.expectSound()
    }

    @Test func limitsJournalledBeforeExemptionsExistedStillRead() throws {
        let written = #"{"maxPosition":1000,"maxOpenOrders":20}"#
        let limits = try JSONDecoder().decode(RiskLimits.self, from: Data(written.utf8))
        #expect(limits == RiskLimits(maxPosition: 1_000, maxOpenOrders: 20))
    }

    @Test func aMarketOrderIsHeldToTheNotionalLimitOfWhatItWouldFill() throws {
        let exchange = TestExchange(limits: RiskLimits(maxOrderNotional: 1_000_00))
        try exchange.sell(2, 10, at: 100_00)
        try exchange.sell(3, 10, at: 100_00)
        #expect(throws: OrderRejection.notionalAboveLimit(limit: 1_000_00)) { try exchange.buy(1, 11, at: nil) }
        try exchange.buy(1, 10, at: nil)
        exchange.expectSound()
    }

    @Test func haltsRefuseNewOrdersButCancelsStillWork() throws {
        let exchange = TestExchange(tickers: [
            TickerListing(symbol: "FUN", initialPrice: 100_00), TickerListing(symbol: "MEME", initialPrice: 50_00),
        ])
        let resting = try exchange.buy(1, 1, at: 99_00)
        exchange.record(try exchange.venue.setTradingStatus(.halted(reason: "news pending"), of: "FUN", at: epoch))
        #expect(throws: OrderRejection.tradingHalted(reason: "news pending")) { try exchange.buy(1, 1, at: 99_00) }
        #expect(exchange.venue.quote("FUN")?.haltReason == "news pending")
        try exchange.buy(1, 1, at: 49_00, ticker: "MEME")
        try exchange.cancel(resting.orderID, by: 1)
        exchange.record(try exchange.venue.setTradingStatus(.halted(reason: "close"), of: nil, at: epoch))
        #expect(throws: OrderRejection.tradingHalted(reason: "close")) {
            try exchange.buy(1, 1, at: 49_00, ticker: "MEME")
        }
        exchange.record(try exchange.venue.setTradingStatus(.open, of: nil, at: epoch))
        exchange.record(try exchange.venue.setTradingStatus(.open, of: "FUN", at: epoch))
        try exchange.buy(1, 1, at: 99_00)
        exchange.expectSound()
    }

    @Test func badOrdersAreRefusedWithTheirReasonAndChangeNothing() throws {
        let exchange = TestExchange(
            tickers: [TickerListing(symbol: "FUN", tickSize: 5, initialPrice: 100_00)], accounts: [1: 1_000_00])
        try exchange.sell(1, 10, at: 100_00)
        let before = exchange.venue.snapshot()
        let cases: [(OrderRejection, () throws(OrderRejection) -> Void)] = [
            (
                .priceOffTickGrid(price: 100_01, tickSize: 5),
                { () throws(OrderRejection) in try exchange.buy(1, 1, at: 100_01) }
            ),
            (.nonPositivePrice, { () throws(OrderRejection) in try exchange.buy(1, 1, at: 0) }),
            (.nonPositivePrice, { () throws(OrderRejection) in try exchange.buy(1, 1, at: -5) }),
            (.nonPositiveQuantity, { () throws(OrderRejection) in try exchange.buy(1, 0, at: 100_00) }),
            (.nonPositiveQuantity, { () throws(OrderRejection) in try exchange.sell(1, -3, at: 100_00) }),
            (
                .quantityAboveLimit(limit: AmountCeiling.orderQuantity),
                { () throws(OrderRejection) in try exchange.buy(1, .max / 2, at: 100_00) }
            ),
            (
                .amountTooLarge,
                { () throws(OrderRejection) in try exchange.buy(1, 1, at: AmountCeiling.orderValue + 1) }
            ),
            (
                .insufficientCash(needed: 2_000_00, available: 1_000_00),
                { () throws(OrderRejection) in try exchange.buy(1, 20, at: 100_00) }
            ),
            (
                .insufficientShares(needed: 991, available: 990),
                { () throws(OrderRejection) in try exchange.sell(1, 991, at: 100_00) }
            ),
            (
                .unknownTicker("NOPE"),
                { () throws(OrderRejection) in try exchange.buy(1, 1, at: 100_00, ticker: "NOPE") }
            ),
            (.unknownAccount(AccountID(42)), { () throws(OrderRejection) in try exchange.buy(42, 1, at: 100_00) }),
        ]
        for (expected, attempt) in cases {
            #expect(throws: expected) { try attempt() }
        }
        #expect(exchange.venue.snapshot() == before)
        exchange.expectSound()
    }

    @Test func administrativeChangesAreCheckedAndJournalled() throws {
        let exchange = TestExchange(accounts: [1: 100_00])
        #expect(throws: VenueError.insufficientCash(needed: 100_01, available: 100_00)) {
            try exchange.venue.adjustCash(of: AccountID(1), by: -100_01, reason: "too much", at: epoch)
        }
        #expect(throws: VenueError.insufficientShares(needed: 1_001, available: 1_000)) {
            try exchange.venue.adjustShares(of: AccountID(1), in: "FUN", by: -1_001, reason: "too much", at: epoch)
        }
        #expect(throws: VenueError.accountAlreadyOpen(AccountID(1))) {
            try exchange.venue.openAccount(AccountID(1), cash: 1, at: epoch)
        }
        #expect(throws: VenueError.tickerAlreadyListed("FUN")) {
            try exchange.venue.list(TickerListing(symbol: "FUN", initialPrice: 1_00), at: epoch)
        }
        #expect(throws: VenueError.invalidListing("the initial price must be positive and on the tick grid")) {
            try exchange.venue.list(TickerListing(symbol: "ODD", tickSize: 5, initialPrice: 1_01), at: epoch)
        }
        #expect(throws: VenueError.invalidFeeSchedule) {
            try exchange.venue.setFeeSchedule(FeeSchedule(takerBasisPoints: 20_000), at: epoch)
        }
        exchange.record(try exchange.venue.adjustCash(of: AccountID(1), by: 50_00, reason: "prize", at: epoch))
        exchange.record(
            try exchange.venue.adjustShares(of: AccountID(1), in: "FUN", by: -10, reason: "settled", at: epoch))
        exchange.record(
            try exchange.venue.list(TickerListing(symbol: "NEW", tickSize: 5, initialPrice: 10_00), at: epoch))
        #expect(exchange.cash(1) == 150_00 && exchange.shares(1) == 990)
        #expect(exchange.venue.issuedCash == 150_00)
        exchange.expectSound()
    }

    @Test func raisedFeesNeverTakeMoreThanARestingBuyEscrowed() throws {
        let exchange = TestExchange()
        try exchange.buy(1, 10, at: 100_00)
        exchange.record(
            try exchange.venue.setFeeSchedule(FeeSchedule(makerBasisPoints: 100, takerBasisPoints: 100), at: epoch))
        let sale = try exchange.sell(2, 10, at: 100_00)
        #expect(sale.trades.first?.buyerFee == 0 && sale.trades.first?.sellerFee == 10_00)
        exchange.expectSound()
    }
}
