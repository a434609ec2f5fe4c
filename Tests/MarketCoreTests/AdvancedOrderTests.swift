import MarketCore
import Testing

/// Conditional orders, icebergs, post-only, one-cancels-other pairs and brackets: each type, its escrow,
/// and cascades of triggers. Every test ends by checking the invariants and that the journal replays
/// to the same venue, untriggered orders included.
@Suite struct AdvancedOrderTests {
    /// A request on FUN, which starts at 100.00 with a one-cent tick.
    func order(
        _ account: Int64, _ side: Side, _ quantity: Shares, limit: Cents? = nil, trigger: OrderTrigger? = nil,
        timeInForce: TimeInForce = .goodTillCancelled, display: Shares? = nil, postOnly: Bool = false,
        bracket: BracketOrders? = nil
    ) -> OrderRequest {
        OrderRequest(
            account: AccountID(account), ticker: "FUN", side: side, kind: limit.map { .limit(price: $0) } ?? .market,
            quantity: quantity, timeInForce: timeInForce, trigger: trigger, displayQuantity: display,
            isPostOnly: postOnly, bracket: bracket)
    }

    /// Prints one trade at `price` between accounts 2 (buyer) and 3 (seller), one share.
    func printTrade(_ exchange: TestExchange, at price: Cents) throws {
        try exchange.sell(3, 1, at: price)
        try exchange.buy(2, 1, at: price, .immediateOrCancel)
    }

    func events(_ exchange: TestExchange, for order: OrderID) -> [EventKind] {
        exchange.journal.map(\.kind).filter { kind in
            switch kind {
            case .orderTriggered(let triggering): triggering.order == order
            case .orderCancelled(let cancellation): cancellation.order == order
            case .tradeExecuted(let trade): trade.buyOrder == order || trade.sellOrder == order
            case .orderRested(let id, _, _): id == order
            default: false
            }
        }
    }

    @Test func aStopSellWaitsWithItsSharesHeldThenSellsAtMarketOnceATradeReachesIt() throws {
        let exchange = TestExchange()
        let stop = try exchange.place(order(1, .sell, 10, trigger: .stop(95_00)))
        #expect(stop.status == .open && stop.filledQuantity == 0)
        #expect(exchange.account(1).position(in: "FUN").reservedShares == 10)
        #expect(exchange.depth().asks.isEmpty, "a waiting order is not in the book")

        try exchange.buy(2, 10, at: 94_00)
        try printTrade(exchange, at: 96_00)
        #expect(events(exchange, for: stop.orderID).isEmpty, "96.00 is above the stop")
        try printTrade(exchange, at: 95_00)

        let after = events(exchange, for: stop.orderID)
        guard case .orderTriggered(let triggering) = after.first else {
            Issue.record("the stop did not trigger: \(after)")
            return
        }
        #expect(triggering.price == 95_00)
        guard case .tradeExecuted(let trade) = after.dropFirst().first else {
            Issue.record("the triggered stop did not trade")
            return
        }
        #expect(trade.price == 94_00 && trade.quantity == 10 && trade.aggressor == .sell)
        #expect(exchange.shares(1) == 990 && exchange.cash(1) == 1_000_000_00 + 940_00)
        #expect(exchange.account(1).openOrders == 0)
        exchange.expectSound()
    }

    @Test func aStopLimitBuyEntersAsALimitOrderAndRestsWhatItCannotFill() throws {
        let exchange = TestExchange()
        let stop = try exchange.place(order(1, .buy, 10, limit: 106_00, trigger: .stop(105_00)))
        #expect(exchange.account(1).reservedCash == Cents(10 * 106_00))
        try exchange.sell(3, 4, at: 106_00)
        try printTrade(exchange, at: 105_00)

        let after = events(exchange, for: stop.orderID)
        #expect(after.count == 3, "triggered, one fill, rested: \(after)")
        let resting = exchange.venue.restingOrder(stop.orderID, in: "FUN")
        #expect(resting?.remaining == 6 && resting?.price == 106_00)
        #expect(exchange.account(1).reservedCash == Cents(6 * 106_00))
        exchange.expectSound()
    }

    @Test func aStopMarketBuyHoldsItsProtectionPriceAndNeverPaysMore() throws {
        let exchange = TestExchange(fees: FeeSchedule(makerBasisPoints: 0, takerBasisPoints: 10))
        let placed = try exchange.venue.submit(order(1, .buy, 10, trigger: .stop(110_00)), at: epoch)
        exchange.record(placed.events)
        let stop = placed.acknowledgement
        // 110.00 + 5 % = 115.50; the escrow covers that price plus the largest fee, ⌈115.50 × 0.1 %⌉ = 0.12.
        let protection = try #require(placed.conditions?.protectionPrice)
        #expect(protection == 115_50)
        #expect(exchange.account(1).reservedCash == Cents(10 * (115_50 + 12)))

        try exchange.sell(3, 4, at: 112_00)
        try exchange.sell(3, 4, at: 120_00)
        let cashBefore = exchange.cash(1)
        try printTrade(exchange, at: 110_00)

        let fills = events(exchange, for: stop.orderID).compactMap { kind -> Trade? in
            if case .tradeExecuted(let trade) = kind { return trade }
            return nil
        }
        #expect(fills.map(\.price) == [112_00], "it stops at its protection price")
        #expect(exchange.account(1).reservedCash == 0, "the unfilled part is cancelled and released")
        #expect(exchange.cash(1) == cashBefore + Cents(10 * (115_50 + 12) - 4 * 112_00) - fills[0].buyerFee)
        exchange.expectSound()
    }

    @Test func aTakeProfitSellTriggersOnAFavourableMove() throws {
        let exchange = TestExchange()
        let takeProfit = try exchange.place(order(1, .sell, 5, limit: 104_00, trigger: .takeProfit(105_00)))
        try exchange.buy(2, 10, at: 104_00)
        try printTrade(exchange, at: 104_00)
        #expect(events(exchange, for: takeProfit.orderID).isEmpty)
        try printTrade(exchange, at: 105_00)
        #expect(exchange.shares(1) == 995)
        #expect(exchange.venue.restingOrder(takeProfit.orderID, in: "FUN") == nil)
        exchange.expectSound()
    }

    @Test func aTrailingStopFollowsTheHighestTradeAndTriggersOnTheFallFromIt() throws {
        let exchange = TestExchange()
        let trailing = try exchange.place(order(1, .sell, 5, trigger: .trailingStop(.amount(3_00))))
        try exchange.buy(2, 50, at: 90_00)
        try printTrade(exchange, at: 98_00)  // 100.00 − 3.00 = 97.00: not yet
        #expect(events(exchange, for: trailing.orderID).isEmpty)
        try printTrade(exchange, at: 104_00)  // the stop moves up to 101.00
        try printTrade(exchange, at: 102_00)
        #expect(events(exchange, for: trailing.orderID).isEmpty)
        try printTrade(exchange, at: 101_00)
        #expect(exchange.shares(1) == 995, "101.00 reached the stop that followed the market up")
        exchange.expectSound()
    }

    @Test func aTrailingBuyByPercentageComparesExactly() throws {
        let exchange = TestExchange()
        // 2 % above the lowest trade: from 100.00 down to 90.00, it triggers at 91.80 and not at 91.79.
        let trailing = try exchange.place(order(1, .buy, 5, trigger: .trailingStop(.basisPoints(200))))
        try exchange.sell(3, 50, at: 95_00)
        try printTrade(exchange, at: 90_00)
        try printTrade(exchange, at: 91_79)
        #expect(events(exchange, for: trailing.orderID).isEmpty)
        try printTrade(exchange, at: 91_80)
        #expect(exchange.shares(1) == 1_005)
        exchange.expectSound()
    }

    @Test func aTriggerAlreadyMetIsRefusedAndChangesNothing() throws {
        let exchange = TestExchange()
        let before = exchange.venue.snapshot()
        #expect(throws: OrderRejection.triggerAlreadyReached(lastPrice: 100_00)) {
            try exchange.place(order(1, .sell, 5, trigger: .stop(100_00)))
        }
        #expect(throws: OrderRejection.triggerAlreadyReached(lastPrice: 100_00)) {
            try exchange.place(order(1, .buy, 5, trigger: .takeProfit(101_00)))
        }
        #expect(throws: OrderRejection.self) {
            try exchange.place(order(1, .sell, 5, trigger: .stop(95_00), timeInForce: .immediateOrCancel))
        }
        #expect(throws: OrderRejection.self) {
            try exchange.place(order(1, .sell, 5, trigger: .trailingStop(.basisPoints(10_000))))
        }
        #expect(exchange.venue.snapshot() == before)
    }

    @Test func ordersTriggeredByOneTradeFireInOrderOfAcceptanceAndCascade() throws {
        let exchange = TestExchange()
        // Two stops at different prices, both met by one trade at 95.00; a third is met only by the
        // trades of the first two.
        let second = try exchange.place(order(1, .sell, 5, trigger: .stop(96_00)))
        let first = try exchange.place(order(2, .sell, 5, trigger: .stop(95_00)))
        let third = try exchange.place(order(3, .sell, 5, trigger: .stop(93_00)))
        try exchange.buy(2, 5, at: 94_00)
        try exchange.buy(3, 5, at: 93_00)
        try exchange.buy(1, 5, at: 92_00)
        try exchange.sell(3, 1, at: 95_00)
        try exchange.buy(1, 1, at: 95_00, .immediateOrCancel)

        let triggered = exchange.journal.compactMap { event -> OrderID? in
            if case .orderTriggered(let triggering) = event.kind { return triggering.order }
            return nil
        }
        #expect(triggered == [second.orderID, first.orderID, third.orderID])
        // The first fired sells into 94.00, the second (account 2's own bid next) into 93.00, the
        // third, met by 93.00, into 92.00.
        let prices = exchange.journal.compactMap { event -> Cents? in
            guard case .tradeExecuted(let trade) = event.kind, trade.aggressor == .sell else { return nil }
            return trade.price
        }
        #expect(prices == [94_00, 93_00, 92_00])
        exchange.expectSound()
    }

    @Test func anIcebergShowsItsSliceAndEachRefillGoesToTheBackOfTheQueue() throws {
        let exchange = TestExchange()
        let iceberg = try exchange.place(order(1, .sell, 30, limit: 101_00, display: 10))
        let other = try exchange.sell(2, 5, at: 101_00)
        #expect(exchange.depth().asks.first?.quantity == 15, "the slice of 10 and the other order's 5")

        let sweep = try exchange.buy(3, 20, at: 101_00)
        #expect(sweep.trades.map(\.makerOrder) == [iceberg.orderID, other.orderID, iceberg.orderID])
        #expect(sweep.trades.map(\.quantity) == [10, 5, 5])
        #expect(exchange.depth().asks.first?.quantity == 5, "what is left of the second slice")
        let resting = try #require(exchange.venue.restingOrder(iceberg.orderID, in: "FUN"))
        #expect(resting.remaining == 15 && resting.visibleQuantity == 5)

        // A newcomer at the price is behind the refilled slice, which kept its place.
        let newcomer = try exchange.sell(2, 5, at: 101_00)
        let next = try exchange.buy(3, 10, at: 101_00)
        #expect(next.trades.map(\.makerOrder) == [iceberg.orderID, newcomer.orderID])
        exchange.expectSound()
    }

    @Test func aPostOnlyOrderThatWouldTradeIsRefusedAndOneThatRestsIsPlaced() throws {
        let exchange = TestExchange()
        try exchange.sell(2, 5, at: 101_00)
        let before = exchange.venue.snapshot()
        #expect(throws: OrderRejection.postOnlyWouldTrade) {
            try exchange.place(order(1, .buy, 5, limit: 101_00, postOnly: true))
        }
        #expect(exchange.venue.snapshot() == before)
        let placed = try exchange.place(order(1, .buy, 5, limit: 100_99, postOnly: true))
        #expect(placed.status == .open)
        // An amendment that would cross is refused too, leaving the order as it was.
        #expect(throws: OrderChangeRejection.replacementRejected(.postOnlyWouldTrade)) {
            try exchange.amend(placed.orderID, by: 1, price: 101_00)
        }
        #expect(exchange.venue.restingOrder(placed.orderID, in: "FUN")?.price == 100_99)
        exchange.expectSound()
    }

    @Test func aPairHoldsOneEscrowAndTheLegThatTradesCancelsTheOther() throws {
        let exchange = TestExchange(accounts: [1: 1_000_00, 2: 1_000_000_00, 3: 1_000_000_00], shares: 10)
        let pair = try exchange.venue.submitPair(
            order(1, .sell, 10, limit: 110_00), order(1, .sell, 10, trigger: .stop(90_00)), at: epoch)
        exchange.record(pair.events)
        let (profit, stop) = (pair.acknowledgements[0], pair.acknowledgements[1])
        #expect(exchange.account(1).position(in: "FUN").reservedShares == 10, "ten shares protect both legs")

        try exchange.buy(2, 4, at: 110_00)
        let cancelled = exchange.journal.compactMap { event -> OrderCancellation? in
            if case .orderCancelled(let cancellation) = event.kind { return cancellation }
            return nil
        }
        #expect(cancelled.map(\.order) == [stop.orderID])
        #expect(cancelled.first?.reason == .oneCancelsOther)
        #expect(exchange.account(1).position(in: "FUN").reservedShares == 6, "the limit leg keeps what it needs")
        #expect(exchange.venue.restingOrder(profit.orderID, in: "FUN")?.remaining == 6)
        exchange.expectSound()
    }

    @Test func aPairOfBuysHoldsTheLargerEscrowAndReleasesTheRestWhenOneTriggers() throws {
        let exchange = TestExchange()
        let pair = try exchange.venue.submitPair(
            order(1, .buy, 10, limit: 95_00), order(1, .buy, 10, limit: 108_00, trigger: .stop(105_00)), at: epoch)
        exchange.record(pair.events)
        #expect(exchange.account(1).reservedCash == Cents(10 * 108_00))
        try printTrade(exchange, at: 105_00)
        #expect(exchange.venue.restingOrder(pair.acknowledgements[0].orderID, in: "FUN") == nil)
        #expect(
            exchange.account(1).reservedCash == Cents(10 * 108_00), "the triggered stop-limit rests with its own escrow"
        )
        exchange.expectSound()
    }

    @Test func cancellingOneLegCancelsBothAndALegThatWouldTradeIsRefused() throws {
        let exchange = TestExchange()
        try exchange.buy(2, 5, at: 99_00)
        #expect(throws: OrderRejection.legWouldTrade) {
            try exchange.venue.submitPair(
                order(1, .sell, 5, limit: 99_00), order(1, .sell, 5, trigger: .stop(90_00)), at: epoch)
        }
        let pair = try exchange.venue.submitPair(
            order(1, .sell, 5, limit: 105_00), order(1, .sell, 5, trigger: .stop(90_00)), at: epoch)
        exchange.record(pair.events)
        #expect(throws: OrderChangeRejection.notAmendable(pair.acknowledgements[0].orderID)) {
            try exchange.amend(pair.acknowledgements[0].orderID, by: 1, price: 106_00)
        }
        try exchange.cancel(pair.acknowledgements[1].orderID, by: 1)
        #expect(exchange.account(1).openOrders == 0)
        #expect(exchange.account(1).position(in: "FUN").reservedShares == 0)
        exchange.expectSound()
    }

    @Test func aFilledBracketEntryArmsItsExitsAndTheStopLossCancelsTheTakeProfit() throws {
        let exchange = TestExchange()
        try exchange.sell(2, 10, at: 100_00)
        let entry = try exchange.place(
            order(1, .buy, 10, limit: 100_00, bracket: BracketOrders(takeProfit: 110_00, stopLoss: 95_00)))
        #expect(entry.status == .filled)
        let snapshot = exchange.venue.snapshot().markets["FUN"]!
        let takeProfit = try #require(snapshot.asks.first { $0.account == AccountID(1) })
        #expect(takeProfit.price == 110_00 && takeProfit.remaining == 10)
        let stopLoss = try #require(snapshot.pending.first)
        #expect(stopLoss.order.trigger == .stop(95_00) && stopLoss.order.conditions?.parent == entry.orderID)
        #expect(exchange.account(1).position(in: "FUN").reservedShares == 10)

        try exchange.buy(3, 10, at: 94_00)
        try printTrade(exchange, at: 95_00)
        #expect(exchange.venue.restingOrder(takeProfit.id, in: "FUN") == nil, "the stop-loss cancelled it")
        #expect(exchange.shares(1) == 1_000)
        exchange.expectSound()
    }

    @Test func aBracketWithOnlyATakeProfitArmsItAloneWithNoLink() throws {
        let exchange = TestExchange()
        try exchange.sell(2, 10, at: 100_00)
        let entry = try exchange.place(
            order(1, .buy, 10, limit: 100_00, bracket: BracketOrders(takeProfit: 110_00, stopLoss: nil)))
        #expect(entry.status == .filled)
        let market = exchange.venue.snapshot().markets["FUN"]!
        let takeProfit = try #require(market.asks.first { $0.account == AccountID(1) })
        #expect(takeProfit.price == 110_00 && takeProfit.remaining == 10 && market.pending.isEmpty)
        #expect(market.links.isEmpty)
        #expect(exchange.account(1).position(in: "FUN").reservedShares == 10)
        try exchange.buy(3, 10, at: 110_00)
        #expect(exchange.shares(1) == 1_000 && exchange.account(1).openOrders == 0)
        exchange.expectSound()
    }

    @Test func aBracketWithOnlyAStopLossArmsItEvenWhenItsTriggerIsAlreadyReached() throws {
        let exchange = TestExchange()
        try exchange.buy(2, 4, at: 100_00)
        try exchange.buy(2, 6, at: 99_00)
        // The entry's own last trade, at 99.00, is already at or above its stop-loss, a buy stop at 98.50:
        // the exit triggers as it is armed and rests as a limit buy at 99.60.
        let entry = try exchange.place(
            order(
                1, .sell, 10, limit: 99_00,
                bracket: BracketOrders(takeProfit: nil, stopLoss: 98_50, stopLossLimit: 99_60)))
        #expect(entry.status == .filled)
        let exit = try #require(exchange.venue.snapshot().markets["FUN"]!.bids.first { $0.account == AccountID(1) })
        #expect(exit.price == 99_60 && exit.remaining == 10)
        #expect(exchange.account(1).openOrders == 1)
        exchange.expectSound()
    }

    @Test func aBracketNeedsAnExitAndAStopLossLimitNeedsAStopLoss() throws {
        let exchange = TestExchange()
        #expect(throws: OrderRejection.invalidCombination("a bracket has a take-profit, a stop-loss or both")) {
            try exchange.place(
                order(1, .buy, 10, limit: 100_00, bracket: BracketOrders(takeProfit: nil, stopLoss: nil)))
        }
        #expect(throws: OrderRejection.invalidCombination("a stop-loss limit needs a stop-loss")) {
            try exchange.place(
                order(
                    1, .buy, 10, limit: 100_00,
                    bracket: BracketOrders(takeProfit: 110_00, stopLoss: nil, stopLossLimit: 94_00)))
        }
        #expect(exchange.account(1).openOrders == 0)
        exchange.expectSound()
    }

    @Test func aBracketEntryCancelledAfterSomeFillsArmsItsExitsForWhatFilled() throws {
        let exchange = TestExchange()
        try exchange.buy(2, 4, at: 100_00)
        let entry = try exchange.place(
            order(1, .sell, 10, limit: 100_00, bracket: BracketOrders(takeProfit: 90_00, stopLoss: 105_00)))
        #expect(entry.filledQuantity == 4)
        #expect(exchange.venue.snapshot().markets["FUN"]!.pending.isEmpty, "not done yet")
        try exchange.cancel(entry.orderID, by: 1)
        let market = exchange.venue.snapshot().markets["FUN"]!
        #expect(market.pending.map(\.order.quantity) == [4])
        #expect(market.bids.first { $0.account == AccountID(1) }?.remaining == 4)
        exchange.expectSound()
    }

    @Test func anAdministrativeCancellationOfAllOrdersTakesWaitingOnesAndArmsNothing() throws {
        let exchange = TestExchange()
        try exchange.place(order(1, .sell, 5, trigger: .stop(95_00)))
        try exchange.buy(2, 4, at: 100_00)
        try exchange.place(
            order(1, .sell, 10, limit: 100_00, bracket: BracketOrders(takeProfit: 90_00, stopLoss: 105_00)))
        exchange.record(exchange.venue.cancelAll(of: AccountID(1), in: nil, reason: .administrative, at: epoch))
        let market = exchange.venue.snapshot().markets["FUN"]!
        #expect(market.pending.isEmpty && market.asks.allSatisfy { $0.account != AccountID(1) })
        #expect(exchange.account(1).openOrders == 0)
        exchange.expectSound()
    }
}
