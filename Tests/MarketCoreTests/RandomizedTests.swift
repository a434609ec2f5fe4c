import MarketCore
import Testing

/// Seeded random workloads: after every step cash and shares are conserved, escrow matches what
/// resting orders need, no book is crossed and fills follow price-time priority; at the end the
/// journal replays to the same venue. A failing seed reproduces exactly.
@Suite struct RandomizedTests {
    static let seeds: [UInt64] = Array(1...48)
    static let stepsPerSeed = 5_000

    @Test(arguments: seeds)
    func randomWorkloadKeepsEveryInvariant(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let fees = [
            FeeSchedule.free, FeeSchedule(makerBasisPoints: 5, takerBasisPoints: 20),
            FeeSchedule(makerBasisPoints: 0, takerBasisPoints: 35, minimumPerFill: 3),
        ][Int(seed % 3)]
        let limits =
            seed % 4 == 0
            ? RiskLimits(maxOrderQuantity: 40, maxOrderNotional: 3_000_00, maxPosition: 400, maxOpenOrders: 12) : .none
        let tickers = [
            TickerListing(symbol: "FUN", tickSize: 1, initialPrice: 100_00),
            TickerListing(symbol: "MEME", tickSize: 5, initialPrice: 20_00),
        ]
        var accounts: [Int64: Cents] = [:]
        for id in 1...8 { accounts[Int64(id)] = Cents.random(in: 500_00...20_000_00, using: &random) }
        let exchange = TestExchange(fees: fees, limits: limits, tickers: tickers, accounts: accounts, shares: 150)
        var workload = Workload(exchange: exchange, tickers: tickers)

        for step in 0..<Self.stepsPerSeed {
            try workload.step(using: &random)
            let violations =
                exchange.venue.snapshot().invariantViolations
                + (step % 250 == 0 ? exchange.costBasisViolations() : [])
            guard violations.isEmpty else {
                Issue.record("seed \(seed), step \(step): \(violations)")
                return
            }
        }
        #expect(workload.trades > Self.stepsPerSeed / 10, "the workload should trade a good deal")
        #expect(exchange.replayed() == exchange.venue.snapshot(), "seed \(seed): the journal replays differently")
        #expect(exchange.costBasisViolations() == [], "seed \(seed)")
    }

    /// The same, with conditional orders, icebergs, post-only orders, pairs and brackets in the mix, so
    /// cascades of triggers run against every other kind of change.
    @Test(arguments: seeds.prefix(24))
    func randomWorkloadWithAdvancedOrderTypesKeepsEveryInvariant(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed &+ 1_000)
        let fees = [FeeSchedule.free, FeeSchedule(makerBasisPoints: 5, takerBasisPoints: 20, minimumPerFill: 1)][
            Int(seed % 2)]
        let tickers = [
            TickerListing(symbol: "FUN", tickSize: 1, initialPrice: 100_00),
            TickerListing(symbol: "MEME", tickSize: 5, initialPrice: 20_00),
        ]
        var accounts: [Int64: Cents] = [:]
        for id in 1...8 { accounts[Int64(id)] = Cents.random(in: 500_00...20_000_00, using: &random) }
        let exchange = TestExchange(fees: fees, tickers: tickers, accounts: accounts, shares: 150)
        var workload = Workload(exchange: exchange, tickers: tickers, withAdvancedTypes: true)
        var triggered = 0

        for step in 0..<Self.stepsPerSeed {
            let before = exchange.journal.count
            try workload.step(using: &random)
            triggered +=
                exchange.journal[before...].filter {
                    if case .orderTriggered = $0.kind { return true }
                    return false
                }.count
            let violations =
                exchange.venue.snapshot().invariantViolations
                + (step % 250 == 0 ? exchange.costBasisViolations() : [])
            guard violations.isEmpty else {
                Issue.record("seed \(seed), step \(step): \(violations)")
                return
            }
        }
        #expect(triggered > 20, "the workload should trigger a good many orders")
        #expect(exchange.replayed() == exchange.venue.snapshot(), "seed \(seed): the journal replays differently")
        #expect(exchange.costBasisViolations() == [], "seed \(seed)")
    }
}

/// Random orders, cancels, amendments and administrative changes against one exchange.
struct Workload {
    let exchange: TestExchange
    let tickers: [TickerListing]
    /// Adds conditional orders, icebergs, post-only orders, pairs and brackets to the mix.
    var withAdvancedTypes = false
    /// Prices some orders far from the last price, so that prices jump and short positions are called.
    var jumpsPrices = false
    /// Now and then trips an account's safety limit, or resets a tripped one.
    var switchesSafety = false
    var trades = 0

    mutating func step(using random: inout SeededGenerator) throws {
        if switchesSafety, Int.random(in: 0..<60, using: &random) == 0 {
            try switchSafety(of: AccountID(Int64.random(in: 1...8, using: &random)), using: &random)
            return
        }
        let listing = tickers.randomElement(using: &random)!
        let ticker = listing.symbol
        let account = Int64.random(in: 1...8, using: &random)
        let roll = Int.random(in: 0..<100, using: &random)
        switch roll {
        case 0 where jumpsPrices:
            try squeeze(listing, buyer: AccountID(account), using: &random)
        case 0..<70:
            let side: Side = Bool.random(using: &random) ? .buy : .sell
            let kind: OrderKind
            if roll < 8 {
                kind = .market
            } else {
                let mid = exchange.venue.quote(ticker)!.lastPrice.value / listing.tickSize.value
                let offset = Int64.random(in: jumpsPrices && roll < 16 ? -60...60 : -6...6, using: &random)
                kind = .limit(price: listing.tickSize.times(max(1, mid + offset)))
            }
            let timeInForce: TimeInForce = [.goodTillCancelled, .goodTillCancelled, .immediateOrCancel, .fillOrKill]
                .randomElement(using: &random)!
            let clientOrderID = roll % 10 == 0 ? "c\(Int.random(in: 0..<30, using: &random))" : nil
            var request = OrderRequest(
                account: AccountID(account), ticker: ticker, side: side, kind: kind,
                quantity: Shares.random(in: 1...30, using: &random), timeInForce: timeInForce,
                clientOrderID: clientOrderID)
            if withAdvancedTypes { addConditions(to: &request, listing: listing, using: &random) }
            try submitCheckingPriority(request)
        case 70..<73 where withAdvancedTypes:
            try placePair(on: listing, account: AccountID(account), using: &random)
        case 70..<88:
            let resting = restingOrders(of: ticker)
            guard let order = resting.randomElement(using: &random) else { return }
            if withAdvancedTypes, roll % 4 == 0,
                let waiting = exchange.venue.snapshot().markets[ticker]!.pending.randomElement(using: &random)
            {
                try exchange.cancel(waiting.order.id, by: waiting.order.account.rawValue, ticker: ticker)
                return
            }
            let owner = roll < 86 ? order.account.rawValue : account
            do {
                try exchange.cancel(order.id, by: owner, ticker: ticker)
                #expect(owner == order.account.rawValue)
            } catch {
                #expect(error == .notOwner(order.id) && owner != order.account.rawValue)
            }
        case 88..<95:
            guard let order = restingOrders(of: ticker).randomElement(using: &random) else { return }
            let newPrice =
                Bool.random(using: &random)
                ? order.price + listing.tickSize.times(Int64.random(in: -3...3, using: &random)) : nil
            let newQuantity = Bool.random(using: &random) ? Shares.random(in: 1...30, using: &random) : nil
            do {
                let ack = try exchange.amend(
                    order.id, by: order.account.rawValue, price: newPrice, quantity: newQuantity, ticker: ticker)
                trades += ack.trades.count
            } catch {
                // Refused amendments change nothing; the invariants check that after the step.
                let expected: Bool
                switch error {
                case .invalidAmendment, .replacementRejected, .notAmendable: expected = true
                default: expected = false
                }
                #expect(expected, "unexpected refusal \(error)")
            }
        case 95..<97:
            let amount = Cents.random(in: -200_00...500_00, using: &random)
            if let event = try? exchange.venue.adjustCash(
                of: AccountID(account), by: amount, reason: "random", at: epoch)
            {
                exchange.record(event)
            }
        case 97..<98:
            let amount = Shares.random(in: -20...40, using: &random)
            if let event = try? exchange.venue.adjustShares(
                of: AccountID(account), in: ticker, by: amount, reason: "random", at: epoch)
            {
                exchange.record(event)
            }
        case 98:
            let perShare = Cents.random(in: 1...150, using: &random)
            if let event = try exchange.venue.payDividend(on: ticker, amountPerShare: perShare, at: epoch) {
                exchange.record(event)
            }
        default:
            let halted = exchange.venue.quote(ticker)!.haltReason != nil
            guard halted || Int.random(in: 0..<5, using: &random) == 0 else { return }
            exchange.record(
                try exchange.venue.setTradingStatus(halted ? .open : .halted(reason: "pause"), of: ticker, at: epoch))
        }
    }

    /// Doubles or halves the price at once: an order far from the last price, then a market order into it.
    private mutating func squeeze(
        _ listing: TickerListing, buyer: AccountID, using random: inout SeededGenerator
    ) throws {
        let last = exchange.venue.quote(listing.symbol)!.lastPrice
        let up = Bool.random(using: &random)
        let price = max(
            listing.tickSize, (up ? last + last : Cents(last.value / 2)).roundedUp(toMultipleOf: listing.tickSize))
        let other = AccountID(Int64.random(in: 1...8, using: &random))
        for request in [
            OrderRequest(
                account: buyer, ticker: listing.symbol, side: up ? .buy : .sell, kind: .limit(price: price),
                quantity: 3, timeInForce: .goodTillCancelled),
            OrderRequest(account: other, ticker: listing.symbol, side: up ? .sell : .buy, kind: .market, quantity: 1),
        ] {
            trades += (try? exchange.place(request))?.trades.count ?? 0
        }
    }

    /// Makes about a third of the orders something more than plain: a trigger around the last price, an
    /// iceberg, post-only, or a bracket entry.
    private func addConditions(
        to request: inout OrderRequest, listing: TickerListing, using random: inout SeededGenerator
    ) {
        let last = exchange.venue.quote(listing.symbol)!.lastPrice
        let tick = listing.tickSize
        func near(_ ticks: ClosedRange<Int64>) -> Cents {
            max(tick, last + tick.times(Int64.random(in: ticks, using: &random)))
        }
        switch Int.random(in: 0..<12, using: &random) {
        case 0:
            request.trigger = .stop(request.side == .buy ? near(1...6) : near(-6...(-1)))
            request.timeInForce = request.kind == .market ? .goodTillCancelled : request.timeInForce
        case 1:
            request.trigger = .takeProfit(request.side == .buy ? near(-6...(-1)) : near(1...6))
            request.timeInForce = request.kind == .market ? .goodTillCancelled : request.timeInForce
        case 2:
            request.trigger = .trailingStop(
                Bool.random(using: &random)
                    ? .amount(tick.times(Int64.random(in: 1...5, using: &random)))
                    : .basisPoints(Int64.random(in: 10...400, using: &random)))
            request.kind = .market
            request.timeInForce = .goodTillCancelled
        case 3 where request.kind != .market && request.quantity > 1:
            request.timeInForce = .goodTillCancelled
            request.displayQuantity = Shares.random(in: 1..<request.quantity, using: &random)
        case 4 where request.kind != .market:
            request.timeInForce = .goodTillCancelled
            request.isPostOnly = true
        case 5:
            let (near, far) = (near(1...8), max(tick, last - tick.times(Int64.random(in: 1...8, using: &random))))
            let exits =
                request.side == .buy
                ? BracketOrders(takeProfit: near, stopLoss: far, stopLossLimit: Bool.random(using: &random) ? far : nil)
                : BracketOrders(takeProfit: far, stopLoss: near)
            // A third of the brackets have a single exit: the take-profit alone or the stop-loss alone.
            switch Int.random(in: 0..<6, using: &random) {
            case 0: request.bracket = BracketOrders(takeProfit: exits.takeProfit, stopLoss: nil)
            case 1:
                request.bracket = BracketOrders(
                    takeProfit: nil, stopLoss: exits.stopLoss, stopLossLimit: exits.stopLossLimit)
            default: request.bracket = exits
            }
        default:
            break
        }
    }

    /// A one-cancels-other pair: a limit leg away from the market and a conditional leg on the other side
    /// of it, or two conditional legs.
    private mutating func placePair(
        on listing: TickerListing, account: AccountID, using random: inout SeededGenerator
    ) throws {
        let last = exchange.venue.quote(listing.symbol)!.lastPrice
        let tick = listing.tickSize
        let side: Side = Bool.random(using: &random) ? .buy : .sell
        let away = tick.times(Int64.random(in: 1...8, using: &random))
        let toward = tick.times(Int64.random(in: 1...8, using: &random))
        let quantity = Shares.random(in: 1...20, using: &random)
        func leg(_ kind: OrderKind, _ trigger: OrderTrigger?) -> OrderRequest {
            OrderRequest(
                account: account, ticker: listing.symbol, side: side, kind: kind, quantity: quantity, trigger: trigger)
        }
        let limit = leg(.limit(price: max(tick, side == .buy ? last - away : last + away)), nil)
        let stopPrice = max(tick, side == .buy ? last + toward : last - toward)
        let stop =
            Bool.random(using: &random)
            ? leg(.market, .stop(stopPrice))
            : leg(.limit(price: stopPrice), .stop(stopPrice))
        let legs = Bool.random(using: &random) ? (limit, stop) : (stop, leg(.market, .trailingStop(.amount(toward))))
        do {
            let pair = try exchange.venue.submitPair(legs.0, legs.1, at: epoch)
            exchange.record(pair.events)
        } catch {
            return
        }
    }

    private func restingOrders(of ticker: TickerSymbol) -> [RestingOrder] {
        let market = exchange.venue.snapshot().markets[ticker]!
        return market.bids + market.asks
    }

    /// Submits `request` and checks its fills took the opposite side's orders strictly in priority order.
    /// Resets `account`'s tripped limit, or trips one: then none of its orders may be left resting or waiting.
    private func switchSafety(of account: AccountID, using random: inout SeededGenerator) throws {
        if exchange.venue.account(account)?.trippedLimit != nil {
            exchange.record(try #require(try exchange.venue.resetRiskLimit(of: account, at: epoch)))
            return
        }
        let trip = RiskLimitTrip(
            account: account, limit: RiskLimitKind.allCases.randomElement(using: &random)!, threshold: 100_00,
            equity: 900_00, reference: 1_000_00)
        exchange.record(try exchange.venue.tripRiskLimit(trip, at: epoch))
        #expect(exchange.venue.account(account)?.openOrders == 0, "a tripped account keeps no orders")
    }

    private mutating func submitCheckingPriority(_ request: OrderRequest) throws {
        let market = exchange.venue.snapshot().markets[request.ticker]!
        let queue = request.side == .buy ? market.asks : market.bids
        // Icebergs come back behind their level and a pair's second leg is passed over: the plain queue
        // order holds only without them.
        let isPlainQueue = market.links.isEmpty && queue.allSatisfy { $0.displayQuantity == nil }
        let journalLength = exchange.journal.count
        let tripped = exchange.venue.account(request.account)?.trippedLimit
        let ack: OrderAcknowledgement
        do {
            ack = try exchange.place(request)
        } catch {
            return
        }
        let isDuplicate = exchange.journal.count == journalLength
        guard !isDuplicate else { return }
        #expect(tripped == nil, "an account whose safety limit tripped placed an order")
        trades += ack.trades.count
        guard isPlainQueue else { return }
        for (index, trade) in ack.trades.enumerated() {
            let maker = queue[index]
            #expect(trade.makerOrder == maker.id, "fill \(index) skipped ahead of order \(maker.id)")
            #expect(trade.price == maker.price)
            if index < ack.trades.count - 1 { #expect(trade.quantity == maker.remaining) }
            if let limit = request.kind.limitPrice {
                #expect(request.side == .buy ? trade.price <= limit : trade.price >= limit)
            }
        }
    }
}

@Suite struct AccountChangesTests {
    /// Adding the changes of any split of the journal to the balances before it gives the balances after.
    @Test func changesOfAJournalAddUpToTheFinalBalances() throws {
        var random = SeededGenerator(seed: 99)
        let tickers = [TickerListing(symbol: "FUN", initialPrice: 100_00)]
        var accounts: [Int64: Cents] = [:]
        for id in 1...6 { accounts[Int64(id)] = 5_000_00 }
        let exchange = TestExchange(
            fees: FeeSchedule(makerBasisPoints: 3, takerBasisPoints: 9), tickers: tickers, accounts: accounts,
            shares: 100)
        var workload = Workload(exchange: exchange, tickers: tickers)
        for _ in 0..<2_000 { try workload.step(using: &random) }

        let journal = exchange.journal.sorted { $0.sequence < $1.sequence }
        let split = journal.count / 3
        let replay = Venue(id: "replay")
        for event in journal[..<split] { replay.apply(event) }
        let before = replay.snapshot().accounts
        let changes = AccountChanges.of(journal[split...])
        for (id, account) in exchange.venue.snapshot().accounts {
            let start = before[id]
            let change = changes[id]
            #expect((start?.cash ?? 0) + (change?.cash ?? 0) == account.cash)
            #expect((start?.reservedCash ?? 0) + (change?.reservedCash ?? 0) == account.reservedCash)
            #expect((start?.openOrders ?? 0) + (change?.openOrders ?? 0) == account.openOrders)
            #expect(change?.opensAccount ?? false == (start == nil))
            let shares = (start?.position(in: "FUN").total ?? 0) + (change?.positions["FUN"]?.total ?? 0)
            #expect(shares == account.position(in: "FUN").total)
        }
    }
}
