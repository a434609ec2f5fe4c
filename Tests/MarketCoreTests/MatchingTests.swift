import MarketCore
import Testing

@Suite struct MatchingTests {
    @Test func aLimitBuyThatDoesNotCrossRestsWithItsEscrow() throws {
        let exchange = TestExchange()
        let before = exchange.cash(1)
        let ack = try exchange.buy(1, 10, at: 99_50)
        #expect(ack.status == .open && ack.filledQuantity == 0 && ack.trades.isEmpty)
        #expect(exchange.cash(1) == before - 10 * 99_50)
        #expect(exchange.account(1).reservedCash == Cents(10 * 99_50))
        #expect(exchange.depth().bids == [PriceLevelSummary(price: 99_50, quantity: 10, orderCount: 1)])
        exchange.expectSound()
    }

    @Test func aCrossingBuyTradesAtTheMakersPriceAndGetsTheImprovementBack() throws {
        let exchange = TestExchange()
        try exchange.sell(2, 10, at: 100_00)
        let buyerCash = exchange.cash(1)
        let sellerCash = exchange.cash(2)
        let ack = try exchange.buy(1, 10, at: 101_00)
        #expect(ack.status == .filled && ack.filledQuantity == 10)
        #expect(ack.trades.map(\.price) == [100_00])
        #expect(exchange.cash(1) == buyerCash - 10 * 100_00)
        #expect(exchange.account(1).reservedCash == 0)
        #expect(exchange.cash(2) == sellerCash + 10 * 100_00)
        #expect(exchange.shares(1) == 1_010 && exchange.shares(2) == 990)
        #expect(exchange.venue.quote("FUN")?.lastPrice == 100_00)
        exchange.expectSound()
    }

    @Test func aCrossingSellTradesAtTheRestingBidsHigherPrice() throws {
        let exchange = TestExchange()
        try exchange.buy(1, 5, at: 101_00)
        let sellerCash = exchange.cash(2)
        let ack = try exchange.sell(2, 5, at: 99_00)
        #expect(ack.trades.map(\.price) == [101_00] && ack.status == .filled)
        #expect(exchange.cash(2) == sellerCash + 5 * 101_00)
        exchange.expectSound()
    }

    @Test func aPartialFillRestsTheRemainderWithEscrowForItOnly() throws {
        let exchange = TestExchange()
        try exchange.sell(2, 4, at: 100_00)
        let ack = try exchange.buy(1, 10, at: 100_00)
        #expect(ack.status == .partial && ack.filledQuantity == 4)
        #expect(exchange.account(1).reservedCash == Cents(6 * 100_00))
        #expect(exchange.depth().bids == [PriceLevelSummary(price: 100_00, quantity: 6, orderCount: 1)])
        #expect(exchange.depth().asks == [])
        exchange.expectSound()
    }

    @Test func betterPricesFillFirstAndEqualPricesInArrivalOrder() throws {
        let exchange = TestExchange()
        let first = try exchange.sell(2, 5, at: 100_00)
        let second = try exchange.sell(3, 5, at: 100_00)
        let better = try exchange.sell(3, 5, at: 99_00)
        let ack = try exchange.buy(1, 12, at: 100_00)
        #expect(ack.trades.map(\.sellOrder) == [better.orderID, first.orderID, second.orderID])
        #expect(ack.trades.map(\.quantity) == [5, 5, 2])
        #expect(exchange.venue.restingOrder(second.orderID, in: "FUN")?.remaining == 3)
        exchange.expectSound()
    }

    @Test func immediateOrCancelCancelsWhatDoesNotFillAndReleasesItsEscrow() throws {
        let exchange = TestExchange()
        try exchange.sell(2, 3, at: 100_00)
        let cash = exchange.cash(1)
        let ack = try exchange.buy(1, 10, at: 100_00, .immediateOrCancel)
        #expect(ack.status == .cancelled && ack.filledQuantity == 3 && ack.cancellation == .immediateOrCancel)
        #expect(exchange.cash(1) == cash - 3 * 100_00 && exchange.account(1).reservedCash == 0)
        #expect(exchange.depth().bids == [])
        exchange.expectSound()
    }

    @Test func fillOrKillThatCannotFillChangesNothing() throws {
        let exchange = TestExchange()
        try exchange.sell(2, 3, at: 100_00)
        try exchange.sell(3, 3, at: 101_00)
        let before = exchange.venue.snapshot()
        let ack = try exchange.buy(1, 7, at: 101_00, .fillOrKill)
        #expect(ack.status == .cancelled && ack.filledQuantity == 0 && ack.cancellation == .fillOrKill)
        var after = exchange.venue.snapshot()
        after.lastSequence = before.lastSequence
        #expect(after == before)
        exchange.expectSound()
    }

    @Test func fillOrKillThatCanFillTakesEveryLevelItNeeds() throws {
        let exchange = TestExchange()
        try exchange.sell(2, 3, at: 100_00)
        try exchange.sell(3, 3, at: 101_00)
        let ack = try exchange.buy(1, 6, at: 101_00, .fillOrKill)
        #expect(ack.status == .filled && ack.trades.map(\.price) == [100_00, 101_00])
        exchange.expectSound()
    }

    @Test func aMarketBuyWalksTheBookAndCancelsWhatItCannotFill() throws {
        let exchange = TestExchange()
        try exchange.sell(2, 2, at: 100_00)
        try exchange.sell(3, 2, at: 105_00)
        let cash = exchange.cash(1)
        let ack = try exchange.buy(1, 5, at: nil)
        #expect(ack.filledQuantity == 4 && ack.status == .cancelled && ack.cancellation == .immediateOrCancel)
        #expect(exchange.cash(1) == cash - 2 * 100_00 - 2 * 105_00)
        #expect(exchange.account(1).reservedCash == 0)
        exchange.expectSound()
    }

    @Test func aMarketOrderOnAnEmptySideFillsNothing() throws {
        let exchange = TestExchange()
        let ack = try exchange.sell(1, 5, at: nil)
        #expect(ack.status == .cancelled && ack.filledQuantity == 0)
        #expect(exchange.shares(1) == 1_000)
        exchange.expectSound()
    }

    @Test func aMarketSellFillsAgainstTheBestBids() throws {
        let exchange = TestExchange()
        try exchange.buy(2, 3, at: 99_00)
        try exchange.buy(3, 3, at: 98_00)
        let ack = try exchange.sell(1, 4, at: nil)
        #expect(ack.status == .filled && ack.trades.map(\.price) == [99_00, 98_00])
        exchange.expectSound()
    }

    @Test func aMarketBuyNeedsCashForWhatItWillFill() throws {
        let exchange = TestExchange(accounts: [1: 150_00, 2: 1_000_000_00])
        try exchange.sell(2, 2, at: 100_00)
        #expect(throws: OrderRejection.insufficientCash(needed: 200_00, available: 150_00)) {
            try exchange.buy(1, 2, at: nil)
        }
        exchange.expectSound()
    }

    @Test func selfTradePreventionStopsAtTheOwnOrderAndCancelsTheRest() throws {
        let exchange = TestExchange()
        try exchange.sell(2, 2, at: 99_00)
        let own = try exchange.sell(1, 5, at: 100_00)
        try exchange.sell(3, 5, at: 100_00)
        let ack = try exchange.buy(1, 10, at: 100_00)
        #expect(ack.trades.map(\.seller) == [AccountID(2)])
        #expect(ack.status == .cancelled && ack.cancellation == .selfTradePrevention && ack.filledQuantity == 2)
        #expect(exchange.venue.restingOrder(own.orderID, in: "FUN")?.remaining == 5)
        #expect(exchange.depth().bids == [])
        exchange.expectSound()
    }

    @Test func makerAndTakerPayTheirFeesIntoTheVenuesFeeAccount() throws {
        let exchange = TestExchange(fees: FeeSchedule(makerBasisPoints: 10, takerBasisPoints: 30, minimumPerFill: 2))
        try exchange.sell(2, 10, at: 100_00)
        let buyerCash = exchange.cash(1)
        let sellerCash = exchange.cash(2)
        let ack = try exchange.buy(1, 10, at: 100_00)
        let trade = try #require(ack.trades.first)
        #expect(trade.buyerFee == 3_00 && trade.sellerFee == 1_00)
        #expect(exchange.cash(1) == buyerCash - 1_000_00 - 3_00)
        #expect(exchange.cash(2) == sellerCash + 1_000_00 - 1_00)
        #expect(exchange.fees() == 4_00)
        try exchange.sell(2, 1, at: 1_00)
        let small = try exchange.buy(3, 1, at: 1_00)
        #expect(small.trades.first?.buyerFee == 2 && small.trades.first?.sellerFee == 2)
        exchange.expectSound()
    }

    @Test func aBuyEscrowsItsLargestPossibleFeeAndReleasesWhatItDidNotPay() throws {
        let exchange = TestExchange(fees: FeeSchedule(makerBasisPoints: 10, takerBasisPoints: 30))
        let cash = exchange.cash(1)
        try exchange.buy(1, 10, at: 100_00)
        #expect(exchange.account(1).reservedCash == Cents(10 * 100_30))
        try exchange.sell(2, 4, at: 100_00)
        // The buy rested, so it paid the maker rate: 10 bp of 400.00 is 0.40.
        #expect(exchange.account(1).reservedCash == Cents(6 * 100_30))
        #expect(exchange.cash(1) == cash - Cents(10 * 100_30 - 4 * 100_30 + 400_00 + 40))
        exchange.expectSound()
    }

    @Test func aSellerNeverGoesNegativeWhenTheMinimumFeeExceedsTheFill() throws {
        let exchange = TestExchange(
            fees: FeeSchedule(minimumPerFill: 50),
            tickers: [TickerListing(symbol: "FUN", initialPrice: 1)], accounts: [1: 1_000_00, 2: 0])
        try exchange.buy(1, 1, at: 1)
        let ack = try exchange.sell(2, 1, at: 1)
        #expect(ack.trades.first?.sellerFee == 1)
        #expect(exchange.cash(2) == 0)
        exchange.expectSound()
    }
}
