import MarketCore
import Testing

/// What a position cost and what reducing it realized, by average cost, to the cent.
@Suite struct CostBasisTests {
    /// Account 1 starts with cash only; account 2 with cash and 1,000 shares, at 100.00.
    func exchange(fees: FeeSchedule = .free) -> TestExchange {
        let exchange = TestExchange(
            fees: fees, accounts: [1: 1_000_000_00, 2: 1_000_000_00], shares: 0,
            shortSelling: ShortSelling(initialMarginBasisPoints: 5_000, maintenanceMarginBasisPoints: 2_500))
        exchange.record(
            try! exchange.venue.adjustShares(of: AccountID(2), in: "FUN", by: 1_000, reason: "seed", at: epoch))
        return exchange
    }

    func basis(_ exchange: TestExchange, _ account: Int64 = 1) -> CostBasis {
        exchange.account(account).position(in: "FUN").basis
    }

    @Test func buysAverageAndSalesRealizeAgainstTheAverage() throws {
        let exchange = exchange()
        try exchange.sell(2, 10, at: 100_00)
        try exchange.buy(1, 10, at: 100_00)
        try exchange.sell(2, 20, at: 103_00)
        try exchange.buy(1, 20, at: 103_00)
        #expect(basis(exchange) == CostBasis(cost: 3_060_00))
        #expect(basis(exchange).averagePrice(holding: 30) == 102_00)
        #expect(basis(exchange).unrealized(holding: 30, at: 110_00) == 240_00)

        try exchange.buy(2, 12, at: 110_00)
        try exchange.sell(1, 12, at: 110_00)
        // 12 of 30 shares carry 12/30 of 3,060.00 = 1,224.00; sold for 1,320.00.
        #expect(basis(exchange) == CostBasis(cost: 1_836_00, realized: 96_00))
        try exchange.buy(2, 18, at: 90_00)
        try exchange.sell(1, 18, at: 90_00)
        #expect(basis(exchange) == CostBasis(cost: 0, realized: 96_00 - 216_00), "the rest sold at a loss")
        #expect(basis(exchange).averagePrice(holding: 0) == nil)
        exchange.expectSound()
    }

    @Test func aSaleThroughZeroOpensAShortAtItsPriceAndABuyBackRealizes() throws {
        let exchange = exchange()
        try exchange.sell(2, 5, at: 100_00)
        try exchange.buy(1, 5, at: 100_00)
        try exchange.setShortSelling(of: 1)
        try exchange.buy(2, 8, at: 104_00)
        try exchange.sell(1, 8, at: 104_00)
        #expect(basis(exchange) == CostBasis(cost: -312_00, realized: 20_00), "5 sold at a 4.00 gain, 3 short")
        #expect(exchange.account(1).position(in: "FUN").total == -3)
        #expect(basis(exchange).averagePrice(holding: -3) == 104_00)
        #expect(basis(exchange).unrealized(holding: -3, at: 100_00) == 12_00, "short 3 from 104.00, now 100.00")
        try exchange.sell(2, 3, at: 101_00)
        try exchange.buy(1, 3, at: 101_00)
        #expect(basis(exchange) == CostBasis(cost: 0, realized: 20_00 + 9_00))
        exchange.expectSound()
    }

    /// A third of 100.00 does not divide: the cents a reduction leaves go with the shares still held, and the
    /// last reduction takes the whole remaining cost, so nothing is lost or made by rounding.
    @Test func roundingNeverLosesACent() throws {
        let exchange = exchange()
        try exchange.sell(2, 3, at: 33_33)
        try exchange.buy(1, 3, at: 33_33)
        try exchange.sell(2, 1, at: 33_34)
        try exchange.buy(1, 1, at: 33_34)
        #expect(basis(exchange).cost == 133_33)
        for _ in 0..<4 {
            try exchange.buy(2, 1, at: 40_00)
            try exchange.sell(1, 1, at: 40_00)
        }
        #expect(basis(exchange) == CostBasis(cost: 0, realized: 160_00 - 133_33))
        exchange.expectSound()
    }

    @Test func feesStayOutOfTheBasisGrantsCountAtTheirPriceAndDelistingRealizes() throws {
        let exchange = exchange(fees: FeeSchedule(makerBasisPoints: 10, takerBasisPoints: 20, minimumPerFill: 1))
        try exchange.sell(2, 10, at: 100_00)
        try exchange.buy(1, 10, at: 100_00)
        #expect(basis(exchange) == CostBasis(cost: 1_000_00))
        exchange.record(try exchange.venue.adjustShares(of: AccountID(1), in: "FUN", by: 10, reason: "gift", at: epoch))
        #expect(basis(exchange) == CostBasis(cost: 2_000_00), "granted at the last price, 100.00")
        exchange.record(try exchange.venue.delist("FUN", at: 95_00, time: epoch))
        #expect(basis(exchange) == CostBasis(cost: 0, realized: -100_00), "20 shares bought back at 95.00")
        exchange.expectSound()
    }
}

extension TestExchange {
    /// Lets `account` sell short where the venue asks accounts to opt in; a no-op where it does not.
    func setShortSelling(of account: Int64) throws {
        record(try venue.setShortSelling(of: AccountID(account), enabled: true, at: epoch))
    }
}
