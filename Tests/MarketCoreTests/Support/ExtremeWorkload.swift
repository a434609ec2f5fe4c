import MarketCore

/// Random operations whose amounts come from the edges: zero, one, small values, the exchange's ceilings
/// and their neighbours, and values near `Int64.max` and `Int64.min`, so that sums and products overflow
/// unless the core refuses them first.
struct ExtremeWorkload {
    let exchange: TestExchange
    let tickers: [TickerListing]
    private(set) var accepted = 0
    private(set) var refused = 0

    /// What one step came to.
    enum Outcome {
        case done
        case refused(any Error)
    }

    init(exchange: TestExchange, tickers: [TickerListing]) {
        self.exchange = exchange
        self.tickers = tickers
    }

    mutating func step(using random: inout SeededGenerator) -> Outcome {
        let outcome: Outcome
        do {
            try perform(using: &random)
            outcome = .done
        } catch {
            outcome = .refused(error)
        }
        if case .done = outcome { accepted += 1 } else { refused += 1 }
        return outcome
    }

    private func perform(using random: inout SeededGenerator) throws {
        let listing = tickers.randomElement(using: &random)!
        let account = AccountID(Int64.random(in: 1...6, using: &random))
        let venue = exchange.venue
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<50:
            exchange.record(try venue.submit(order(on: listing, by: account, using: &random), at: epoch).events)
        case 50..<56:
            let first = order(on: listing, by: account, using: &random)
            var second = order(on: listing, by: account, using: &random)
            (second.side, second.quantity) = (first.side, first.quantity)
            exchange.record(try venue.submitPair(first, second, at: epoch).events)
        case 56..<72:
            let book = venue.snapshot().markets[listing.symbol]!
            guard let resting = (book.bids + book.asks).randomElement(using: &random) else { return }
            let price = Bool.random(using: &random) ? extremePrice(for: listing, using: &random) : nil
            let quantity = Bool.random(using: &random) ? extremeQuantity(using: &random) : nil
            exchange.record(
                try venue.amend(
                    resting.id, in: listing.symbol, by: resting.account, price: price, quantity: quantity, at: epoch
                ).events)
        case 72..<80:
            let book = venue.snapshot().markets[listing.symbol]!
            guard let resting = (book.bids + book.asks).randomElement(using: &random) else { return }
            exchange.record(try venue.cancel(resting.id, in: listing.symbol, by: resting.account, at: epoch))
        case 80..<86:
            exchange.record(
                try venue.adjustCash(of: account, by: extremeAmount(using: &random), reason: "edge", at: epoch))
        case 86..<91:
            exchange.record(
                try venue.adjustShares(
                    of: account, in: listing.symbol, by: extremeAmount(using: &random), reason: "edge", at: epoch))
        case 91..<94:
            let perShare: Cents = extremeAmount(using: &random)
            if let event = try venue.payDividend(on: listing.symbol, amountPerShare: perShare, at: epoch) {
                exchange.record(event)
            }
        case 94..<97:
            let fees = FeeSchedule(
                makerBasisPoints: Int64.random(in: 0...10_000, using: &random),
                takerBasisPoints: Int64.random(in: 0...10_000, using: &random),
                minimumPerFill: Bool.random(using: &random) ? 0 : extremeAmount(using: &random))
            exchange.record(try venue.setFeeSchedule(fees, at: epoch))
        default:
            let limits = RiskLimits(
                maxOrderQuantity: Bool.random(using: &random) ? nil : extremeQuantity(using: &random),
                maxOrderNotional: Bool.random(using: &random) ? nil : extremeAmount(using: &random),
                maxPosition: Bool.random(using: &random) ? nil : extremeQuantity(using: &random))
            exchange.record(venue.setRiskLimits(limits, at: epoch))
        }
    }

    /// An order of any type with extreme amounts in each of its fields.
    private func order(
        on listing: TickerListing, by account: AccountID, using random: inout SeededGenerator
    ) -> OrderRequest {
        let side: Side = Bool.random(using: &random) ? .buy : .sell
        let market = Int.random(in: 0..<4, using: &random) == 0
        var request = OrderRequest(
            account: account, ticker: listing.symbol, side: side,
            kind: market ? .market : .limit(price: extremePrice(for: listing, using: &random)),
            quantity: extremeQuantity(using: &random),
            timeInForce: [.goodTillCancelled, .immediateOrCancel, .fillOrKill].randomElement(using: &random)!)
        switch Int.random(in: 0..<8, using: &random) {
        case 0: request.trigger = .stop(extremePrice(for: listing, using: &random))
        case 1: request.trigger = .takeProfit(extremePrice(for: listing, using: &random))
        case 2: request.trigger = .trailingStop(.amount(extremeAmount(using: &random)))
        case 3: request.trigger = .trailingStop(.basisPoints(Int64.random(in: -1...10_001, using: &random)))
        case 4: request.displayQuantity = extremeQuantity(using: &random)
        case 5:
            request.bracket = BracketOrders(
                takeProfit: Bool.random(using: &random) ? extremePrice(for: listing, using: &random) : nil,
                stopLoss: Bool.random(using: &random) ? extremePrice(for: listing, using: &random) : nil,
                stopLossLimit: Bool.random(using: &random) ? extremePrice(for: listing, using: &random) : nil)
        default: break
        }
        if request.trigger != nil && market { request.timeInForce = .goodTillCancelled }
        return request
    }

    /// Near the last price most of the time, so orders trade; otherwise an edge.
    private func extremePrice(for listing: TickerListing, using random: inout SeededGenerator) -> Cents {
        let last = exchange.venue.quote(listing.symbol)?.lastPrice ?? listing.initialPrice
        if Bool.random(using: &random) {
            return max(listing.tickSize, last + listing.tickSize.times(Int64.random(in: -3...3, using: &random)))
        }
        return extremeAmount(using: &random)
    }

    private func extremeQuantity(using random: inout SeededGenerator) -> Shares {
        Bool.random(using: &random) ? Shares.random(in: 1...50, using: &random) : extremeAmount(using: &random)
    }

    private func extremeAmount(using random: inout SeededGenerator) -> Cents {
        Cents(extremeAmount(using: &random))
    }

    private func extremeAmount(using random: inout SeededGenerator) -> Shares {
        Shares(extremeAmount(using: &random))
    }

    private func extremeAmount(using random: inout SeededGenerator) -> Int64 {
        let edges: [Int64] = [
            0, 1, -1, 2, .max, .max - 1, .min, .min + 1, .max / 2, .max / 2 + 1, AmountCeiling.orderQuantity.value,
            AmountCeiling.orderQuantity.value + 1, AmountCeiling.orderValue.value, AmountCeiling.orderValue.value + 1,
            AmountCeiling.supply, AmountCeiling.supply - 1, AmountCeiling.supply / 4, 3_037_000_500,
            1 << 32, 1 << 31, -(1 << 32),
        ]
        return edges.randomElement(using: &random)!
    }
}
