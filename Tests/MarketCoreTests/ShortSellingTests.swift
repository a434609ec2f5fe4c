import MarketCore
import Testing

/// Selling shares an account does not hold: the loan, its collateral, the margin call and the liquidation.
@Suite struct ShortSellingTests {
    static let margins = ShortSelling(initialMarginBasisPoints: 5_000, maintenanceMarginBasisPoints: 2_500)

    /// Account 1 starts with `cash` and no shares; accounts 2 and 3 with plenty of both.
    func exchange(
        cash: Cents = 1_000_000_00, shortSelling: ShortSelling? = margins, limits: RiskLimits = .none,
        tickers: [TickerListing] = [TickerListing(symbol: "FUN", initialPrice: 100_00)]
    ) -> TestExchange {
        let exchange = TestExchange(
            limits: limits, tickers: tickers, accounts: [1: cash, 2: 1_000_000_00, 3: 1_000_000_00], shares: 0,
            shortSelling: shortSelling)
        for account in [2, 3] as [Int64] {
            for listing in tickers {
                exchange.record(
                    try! exchange.venue.adjustShares(
                        of: AccountID(account), in: listing.symbol, by: 1_000, reason: "seed", at: epoch))
            }
        }
        return exchange
    }

    func events(_ exchange: TestExchange, after count: Int) -> [EventKind] { exchange.journal[count...].map(\.kind) }

    @Test func aSaleBeyondHoldingsBorrowsAgainstCollateralAndABuyBackRepaysIt() throws {
        let exchange = exchange()
        try exchange.sell(1, 10, at: 100_00)
        var position = exchange.account(1).position(in: "FUN")
        #expect(position == Position(shares: 0, reservedShares: 10, borrowed: 10, collateral: 1_500_00))
        #expect(exchange.cash(1) == Cents(1_000_000_00 - 1_500_00), "the sale's value and half again, held")
        #expect(position.total == 0, "nothing is short until the sale fills")
        try exchange.buy(2, 10, at: 100_00)
        position = exchange.account(1).position(in: "FUN")
        #expect(position.total == -10 && position.shortShares == 10)
        #expect(exchange.cash(1) == Cents(1_000_000_00 - 1_500_00 + 1_000_00), "the proceeds are free cash")
        exchange.expectSound()

        try exchange.sell(3, 4, at: 100_00)
        let before = exchange.journal.count
        try exchange.buy(1, 4, at: 100_00)
        #expect(
            events(exchange, after: before).contains(
                .sharesReturned(ShareLoan(account: AccountID(1), ticker: "FUN", shares: 4, collateral: 600_00))),
            "4 of 10 shares back release 4/10 of the collateral")
        #expect(
            exchange.account(1).position(in: "FUN")
                == Position(borrowed: 6, collateral: 900_00, basis: CostBasis(cost: -600_00)),
            "6 shares still short, for the 600.00 they were sold for")
        try exchange.sell(3, 6, at: 100_00)
        try exchange.buy(1, 6, at: 100_00)
        #expect(exchange.account(1).position(in: "FUN") == Position())
        #expect(exchange.cash(1) == 1_000_000_00, "sold and bought back at the same price, without fees")
        exchange.expectSound()
    }

    @Test func aCancelledShortSaleReturnsItsShares() throws {
        let exchange = exchange()
        let sale = try exchange.sell(1, 10, at: 101_00)
        #expect(exchange.account(1).position(in: "FUN").collateral == 1_515_00, "valued at its limit, above the last")
        try exchange.cancel(sale.orderID, by: 1)
        #expect(exchange.account(1).position(in: "FUN") == Position())
        #expect(exchange.cash(1) == 1_000_000_00)
        let low = try exchange.sell(1, 10, at: 90_00)
        #expect(
            exchange.account(1).position(in: "FUN").collateral == 1_500_00, "valued at the last price, above its limit")
        try exchange.cancel(low.orderID, by: 1)
        exchange.expectSound()
    }

    @Test func venuesAndTickersThatDoNotAllowItRefuseIt() throws {
        #expect(throws: OrderRejection.insufficientShares(needed: 10, available: 0)) {
            try exchange(shortSelling: nil).sell(1, 10, at: 100_00)
        }
        let guarded = exchange(tickers: [TickerListing(symbol: "FUN", initialPrice: 100_00, isShortable: false)])
        #expect(throws: OrderRejection.notShortable("FUN")) { try guarded.sell(1, 10, at: 100_00) }
        let poor = exchange(cash: 1_000_00)
        #expect(throws: OrderRejection.insufficientCash(needed: 1_500_00, available: 1_000_00)) {
            try poor.sell(1, 10, at: 100_00)
        }
        #expect(poor.account(1).position(in: "FUN") == Position(), "a refused sale borrows nothing")
        #expect(throws: VenueError.invalidShortSelling) {
            try poor.venue.setShortSelling(
                ShortSelling(initialMarginBasisPoints: 1_000, maintenanceMarginBasisPoints: 2_000), at: epoch)
        }
    }

    @Test func whereAccountsOptInOnlyThoseThatDidMaySellShort() throws {
        var rule = Self.margins
        rule.isOptIn = true
        let exchange = exchange(shortSelling: rule)
        #expect(throws: OrderRejection.insufficientShares(needed: 10, available: 0)) {
            try exchange.sell(1, 10, at: 100_00)
        }
        #expect(!exchange.account(1).sellsShort)
        exchange.record(try exchange.venue.setShortSelling(of: AccountID(1), enabled: true, at: epoch))
        #expect(exchange.account(1).sellsShort)
        try exchange.sell(1, 10, at: 100_00)
        try exchange.buy(2, 10, at: 100_00)
        #expect(exchange.account(1).position(in: "FUN").total == -10)

        exchange.record(try exchange.venue.setShortSelling(of: AccountID(1), enabled: false, at: epoch))
        #expect(throws: OrderRejection.insufficientShares(needed: 1, available: 0)) {
            try exchange.sell(1, 1, at: 100_00)
        }
        #expect(exchange.account(1).position(in: "FUN").total == -10, "turning it off leaves the short as it is")
        #expect(throws: VenueError.unknownAccount(AccountID(99))) {
            try exchange.venue.setShortSelling(of: AccountID(99), enabled: true, at: epoch)
        }
        #expect(exchange.replayed().accounts[AccountID(1)]?.sellsShort == false, "the choice replays")
        exchange.expectSound()
    }

    @Test func thePositionLimitBindsShortsCountingOpenSells() throws {
        let exchange = exchange(limits: RiskLimits(maxPosition: 20))
        try exchange.sell(1, 15, at: 105_00)
        #expect(throws: OrderRejection.positionLimit(limit: 20)) { try exchange.sell(1, 6, at: 105_00) }
        try exchange.sell(1, 5, at: 105_00)
        exchange.expectSound()
    }

    /// The core takes any limit it is given (the server allows only 1 or more): the most negative one refuses
    /// every sale rather than overflow when it is negated.
    @Test func theMostNegativePositionLimitRefusesEverySaleWithoutOverflow() {
        let exchange = exchange(limits: RiskLimits(maxPosition: Shares(Int64.min)))
        #expect(throws: OrderRejection.positionLimit(limit: Shares(Int64.min))) { try exchange.sell(1, 1, at: 105_00) }
        exchange.expectSound()
    }

    @Test func aRiseBelowTheMaintenanceMarginCallsForCollateral() throws {
        let exchange = exchange()
        try exchange.sell(1, 10, at: 100_00)
        try exchange.buy(2, 10, at: 100_00)
        try exchange.sell(3, 5, at: 120_00)
        var before = exchange.journal.count
        try exchange.buy(2, 1, at: 120_00)
        #expect(
            !events(exchange, after: before).contains { if case .marginCalled = $0 { true } else { false } },
            "at 120.00 the collateral of 1,500.00 still covers 1,200.00 and a quarter")
        try exchange.sell(3, 5, at: 125_00)
        before = exchange.journal.count
        try exchange.buy(2, 5, at: 125_00)
        let call = MarginCall(
            account: AccountID(1), ticker: "FUN", price: 125_00, shortShares: 10, required: 1_562_50,
            collateralAdded: 375_00)
        #expect(events(exchange, after: before).contains(.marginCalled(call)))
        #expect(exchange.account(1).position(in: "FUN").collateral == 1_875_00, "back to the initial margin")
        #expect(exchange.account(1).position(in: "FUN").total == -10, "called, not liquidated")
        exchange.expectSound()
    }

    @Test func aCallFreeCashCannotCoverLiquidatesThePosition() throws {
        let exchange = exchange(cash: 1_500_00)
        try exchange.sell(1, 10, at: 100_00)
        try exchange.buy(2, 10, at: 100_00)
        #expect(exchange.cash(1) == 1_000_00)
        try exchange.sell(1, 1, at: 300_00)  // borrows 1 more at 300.00 with 450.00 collateral, resting
        try exchange.sell(3, 30, at: 210_00)
        let before = exchange.journal.count
        try exchange.buy(2, 1, at: 210_00)
        let happened = events(exchange, after: before)
        let call = MarginCall(
            account: AccountID(1), ticker: "FUN", price: 210_00, shortShares: 10, required: 2_625_00,
            collateralAdded: 550_00)
        #expect(happened.contains(.marginCalled(call)), "\(happened)")
        #expect(
            happened.contains(
                .positionLiquidated(
                    Liquidation(
                        account: AccountID(1), ticker: "FUN", price: 210_00, shortShares: 10,
                        collateralReleased: 2_500_00))), "\(happened)")
        #expect(
            happened.contains {
                if case .orderCancelled(let cancellation) = $0 { cancellation.reason == .liquidation } else { false }
            }, "its resting sell is cancelled")
        let buyBack = happened.compactMap {
            if case .tradeExecuted(let trade) = $0, trade.buyer == AccountID(1) { trade } else { nil }
        }
        #expect(buyBack.map(\.quantity) == [10] && buyBack.first?.price == 210_00)
        #expect(
            exchange.account(1).position(in: "FUN") == Position(basis: CostBasis(realized: -1_100_00)),
            "sold 10 at 100.00 and bought them back at 210.00")
        #expect(exchange.cash(1) == Cents(1_500_00 + 1_000_00 - 2_100_00), "sold at 100.00, bought back at 210.00")
        exchange.expectSound()
    }

    @Test func whatTheCashCannotBuyBackStaysShortAndIsCalledAgain() throws {
        let exchange = exchange(cash: 1_500_00)
        try exchange.sell(1, 10, at: 100_00)
        try exchange.buy(2, 10, at: 100_00)
        try exchange.sell(3, 30, at: 400_00)
        try exchange.buy(2, 1, at: 400_00)
        // 2,500.00 of cash buys 6 shares at 400.00; 4 stay short, without collateral.
        let position = exchange.account(1).position(in: "FUN")
        #expect(position.shortShares == 4 && position.collateral == 0, "\(position)")
        #expect(exchange.cash(1) == 100_00)
        exchange.expectSound()
        let before = exchange.journal.count
        try exchange.buy(2, 1, at: 400_00)
        #expect(
            events(exchange, after: before).contains { if case .positionLiquidated = $0 { true } else { false } },
            "called again at the next trade")
        exchange.expectSound()
    }

    @Test func dividendsPassShortsByAndDelistingWaitsForThemToBuyBack() throws {
        let exchange = exchange()
        try exchange.sell(1, 10, at: 100_00)
        try exchange.buy(2, 10, at: 100_00)
        let dividend = try #require(try exchange.venue.payDividend(on: "FUN", amountPerShare: 1_00, at: epoch))
        exchange.record(dividend)
        guard case .dividendPaid(let payment) = dividend.kind else { return }
        #expect(payment.credit(for: AccountID(1)) == nil)
        #expect(payment.total == Cents(2_010 * 1_00), "the 2,010 shares held long, the 10 sold short among them")
        #expect(throws: VenueError.shortPositionsOpen(count: 1)) {
            try exchange.venue.delist("FUN", at: 50_00, time: epoch)
        }
        try exchange.sell(3, 10, at: 100_00)
        try exchange.buy(1, 10, at: 100_00)
        exchange.record(try exchange.venue.delist("FUN", at: 50_00, time: epoch))
        exchange.expectSound()
    }

    @Test func turningShortSellingOffRefusesNewShortsAndStillHoldsOpenOnesToTheirValue() throws {
        let exchange = exchange()
        try exchange.sell(1, 10, at: 100_00)
        try exchange.buy(2, 10, at: 100_00)
        exchange.record(try exchange.venue.setShortSelling(nil, at: epoch))
        #expect(throws: OrderRejection.insufficientShares(needed: 1, available: 0)) {
            try exchange.sell(1, 1, at: 100_00)
        }
        try exchange.sell(3, 30, at: 140_00)
        let before = exchange.journal.count
        try exchange.buy(2, 1, at: 140_00)
        #expect(!events(exchange, after: before).contains { if case .marginCalled = $0 { true } else { false } })
        try exchange.sell(3, 5, at: 151_00)
        try exchange.buy(2, 30, at: 151_00)
        #expect(exchange.account(1).position(in: "FUN").collateral >= 1_510_00, "called once worth more than it holds")
        exchange.expectSound()
    }
}
