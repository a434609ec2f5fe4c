import MarketCore
import Testing

/// An account's safety switch as the core carries it out: a trip cancels the account's orders and refuses
/// its new ones until it is reset; the exchange's own buy-back of a liquidated short still goes through.
@Suite struct RiskLimitTests {
    func trip(_ account: Int64, _ limit: RiskLimitKind = .drawdown) -> RiskLimitTrip {
        RiskLimitTrip(
            account: AccountID(account), limit: limit, threshold: 500_00, equity: 9_400_00, reference: 10_000_00)
    }

    @Test func aTripCancelsRestingAndWaitingOrdersAndRefusesNewOnesUntilReset() throws {
        let exchange = TestExchange()
        let resting = try exchange.buy(1, 5, at: 99_00)
        try exchange.place(
            OrderRequest(
                account: AccountID(1), ticker: "FUN", side: .sell, kind: .market, quantity: 5,
                trigger: .stop(90_00)))
        let tripped = try exchange.venue.tripRiskLimit(trip(1), at: epoch)
        exchange.record(tripped)
        #expect(tripped.first?.kind == .riskLimitTripped(trip(1)))
        let cancelled = tripped.compactMap {
            if case .orderCancelled(let cancellation) = $0.kind { cancellation } else { nil }
        }
        #expect(cancelled.count == 2 && cancelled.allSatisfy { $0.reason == .riskLimit })
        #expect(cancelled.map(\.order).contains(resting.orderID))
        #expect(exchange.account(1).openOrders == 0 && exchange.account(1).reservedCash == 0)
        #expect(exchange.account(1).trippedLimit == .drawdown)

        #expect(throws: OrderRejection.riskLimitTripped(.drawdown)) { try exchange.buy(1, 1, at: 99_00) }
        #expect(throws: OrderRejection.riskLimitTripped(.drawdown)) {
            try exchange.venue.preview(
                OrderRequest(account: AccountID(1), ticker: "FUN", side: .buy, kind: .limit(price: 99_00), quantity: 1))
        }
        #expect(throws: OrderRejection.riskLimitTripped(.drawdown)) {
            try exchange.venue.submitPair(
                OrderRequest(
                    account: AccountID(1), ticker: "FUN", side: .sell, kind: .limit(price: 110_00), quantity: 1),
                OrderRequest(
                    account: AccountID(1), ticker: "FUN", side: .sell, kind: .market, quantity: 1,
                    trigger: .stop(90_00)),
                at: epoch)
        }
        #expect(try exchange.venue.tripRiskLimit(trip(1, .dailyLoss), at: epoch).isEmpty, "already tripped")
        #expect(exchange.account(1).trippedLimit == .drawdown)
        try exchange.buy(2, 1, at: 99_00)

        let reset = try #require(try exchange.venue.resetRiskLimit(of: AccountID(1), at: epoch))
        exchange.record(reset)
        #expect(reset.kind == .riskLimitReset(AccountID(1)) && exchange.account(1).trippedLimit == nil)
        #expect(try exchange.venue.resetRiskLimit(of: AccountID(1), at: epoch) == nil, "nothing to reset")
        #expect(try exchange.buy(1, 1, at: 99_00).status == .open)
        #expect(throws: VenueError.unknownAccount(AccountID(99))) {
            try exchange.venue.tripRiskLimit(trip(99), at: epoch)
        }
        exchange.expectSound()
    }

    @Test func aTrippedAccountsShortIsStillBoughtBackWhenLiquidated() throws {
        let exchange = TestExchange(
            accounts: [1: 1_500_00, 2: 1_000_000_00, 3: 1_000_000_00], shares: 0,
            shortSelling: ShortSelling(initialMarginBasisPoints: 5_000, maintenanceMarginBasisPoints: 2_500))
        for account in [2, 3] as [Int64] {
            exchange.record(
                try exchange.venue.adjustShares(of: AccountID(account), in: "FUN", by: 1_000, reason: "seed", at: epoch)
            )
        }
        try exchange.sell(1, 10, at: 100_00)
        try exchange.buy(2, 10, at: 100_00)
        exchange.record(try exchange.venue.tripRiskLimit(trip(1), at: epoch))
        try exchange.sell(3, 30, at: 210_00)
        try exchange.buy(2, 1, at: 210_00)
        #expect(exchange.account(1).position(in: "FUN").total == 0, "the exchange bought the short back")
        #expect(exchange.account(1).trippedLimit == .drawdown)
        exchange.expectSound()
    }
}
