import FuzzSupport
import MarketCore

/// One change to a venue, with every value already chosen, so a trace of operations reads as a test.
enum VenueOperation {
    case submit(OrderRequest)
    case submitPair(OrderRequest, OrderRequest)
    case amend(OrderID, in: TickerSymbol, by: AccountID?, price: Cents?, quantity: Shares?)
    case cancel(OrderID, in: TickerSymbol, by: AccountID?)
    case cancelAll(of: AccountID?, in: TickerSymbol?)
    case adjustCash(AccountID, by: Cents)
    case adjustShares(AccountID, in: TickerSymbol, by: Shares)
    case payDividend(on: TickerSymbol, perShare: Cents)
    case setRiskLimits(RiskLimits)
    case setFeeSchedule(FeeSchedule)
    case setShortSelling(ShortSelling?)
    case setAccountShortSelling(AccountID, enabled: Bool)
    case setTradingStatus(TradingStatus, of: TickerSymbol?)
    case delist(TickerSymbol, at: Cents)
    /// An account's safety limit tripped, or reset.
    case tripRiskLimit(AccountID, RiskLimitKind)
    case resetRiskLimit(AccountID)
}

/// Turns fuzz bytes into ``VenueOperation``s against the venue as it stands.
///
/// Each choice reads the venue's current snapshot: prices are half the time a few ticks from the last
/// trade, so orders meet and trade, and half the time an extreme; orders to amend or cancel are mostly
/// ones that really rest or wait. Quantities and amounts are half small, half extremes.
enum OperationDecoder {
    /// The fixed `FUN` and `MEME`, `WILD` (listed with fuzzed terms, maybe refused) and a ticker never listed.
    static let tickers: [TickerSymbol] = ["FUN", "MEME", "WILD", "NONE"]
    /// Three ordinary accounts, one opened with fuzzed cash, one never opened.
    static let accounts = [1, 2, 3, 4, 9].map { AccountID($0) }

    /// The next operation; reads zeros, and so still answers, once the input is exhausted.
    static func next(from input: inout FuzzBytes, on venue: VenueSnapshot) -> VenueOperation {
        switch input.below(20) {
        case 0..<9: return .submit(order(from: &input, on: venue))
        case 9, 10: return pair(from: &input, on: venue)
        case 11, 12:
            let (ticker, order, account) = existingOrder(from: &input, on: venue)
            let price = input.bool() ? self.price(from: &input, ticker: ticker, on: venue) : nil
            let quantity = input.bool() ? self.quantity(from: &input) : nil
            return .amend(order, in: ticker, by: account, price: price, quantity: quantity)
        case 13, 14:
            let (ticker, order, account) = existingOrder(from: &input, on: venue)
            return .cancel(order, in: ticker, by: account)
        case 15:
            return input.bool()
                ? .adjustCash(input.pick(accounts), by: amount(from: &input))
                : .adjustShares(input.pick(accounts), in: input.pick(tickers), by: amount(from: &input))
        case 16: return .payDividend(on: input.pick(tickers), perShare: amount(from: &input))
        case 17:
            switch input.below(3) {
            case 0: return .setRiskLimits(limits(from: &input))
            case 1: return .setFeeSchedule(fees(from: &input))
            default:
                return input.bool()
                    ? .setShortSelling(shortSelling(from: &input))
                    : .setAccountShortSelling(input.pick(accounts), enabled: input.bool())
            }
        case 18:
            let ticker: TickerSymbol? = input.bool() ? input.pick(tickers) : nil
            switch input.below(5) {
            case 0: return .setTradingStatus(.open, of: ticker)
            case 1: return .setTradingStatus(.halted(reason: "fuzz"), of: ticker)
            case 2: return .cancelAll(of: input.bool() ? input.pick(accounts) : nil, in: ticker)
            case 3: return .tripRiskLimit(input.pick(accounts), input.pick(RiskLimitKind.allCases))
            default: return .resetRiskLimit(input.pick(accounts))
            }
        default:
            // Rarer than the rest: a delisting ends a ticker's part in the run.
            guard input.below(4) == 0 else { return .submit(order(from: &input, on: venue)) }
            let ticker = input.pick(tickers)
            return .delist(ticker, at: price(from: &input, ticker: ticker, on: venue))
        }
    }

    /// Off, the usual margins for everyone or for accounts that opt in, or fuzzed ones (refused when out of
    /// range).
    static func shortSelling(from input: inout FuzzBytes) -> ShortSelling? {
        switch input.below(4) {
        case 0: return nil
        case 1: return ShortSelling()
        case 2: return ShortSelling(isOptIn: true)
        default:
            return ShortSelling(
                initialMarginBasisPoints: amount(from: &input), maintenanceMarginBasisPoints: amount(from: &input),
                isOptIn: input.bool())
        }
    }

    /// Any order: market or limit, any time in force, sometimes a client order id, and in the byte of
    /// conditions a trigger, an iceberg display quantity, post-only and a bracket, in any combination.
    static func order(from input: inout FuzzBytes, on venue: VenueSnapshot) -> OrderRequest {
        let ticker = input.pick(tickers)
        let kind: OrderKind =
            input.below(4) == 0 ? .market : .limit(price: price(from: &input, ticker: ticker, on: venue))
        var request = OrderRequest(
            account: input.pick(accounts), ticker: ticker, side: input.pick(Side.allCases), kind: kind,
            quantity: quantity(from: &input), timeInForce: input.pick(TimeInForce.allCases),
            clientOrderID: input.below(8) == 0 ? "c\(input.below(3))" : nil)
        let conditions = input.byte()
        switch conditions & 0b111 {
        case 1: request.trigger = .stop(price(from: &input, ticker: ticker, on: venue))
        case 2: request.trigger = .takeProfit(price(from: &input, ticker: ticker, on: venue))
        case 3: request.trigger = .trailingStop(.amount(amount(from: &input)))
        case 4: request.trigger = .trailingStop(.basisPoints(amount(from: &input) as Int64))
        default: break
        }
        if conditions & 0x08 != 0 { request.displayQuantity = quantity(from: &input) }
        if conditions & 0x10 != 0 { request.isPostOnly = true }
        if conditions & 0x20 != 0 {
            // Either exit may be missing, or both (which the venue refuses).
            let exits = input.byte()
            request.bracket = BracketOrders(
                takeProfit: exits & 0b001 != 0 ? price(from: &input, ticker: ticker, on: venue) : nil,
                stopLoss: exits & 0b010 != 0 ? price(from: &input, ticker: ticker, on: venue) : nil,
                stopLossLimit: exits & 0b100 != 0 ? price(from: &input, ticker: ticker, on: venue) : nil)
        }
        return request
    }

    /// A one-cancels-other pair: two orders that share the first's ticker, side, account and quantity.
    private static func pair(from input: inout FuzzBytes, on venue: VenueSnapshot) -> VenueOperation {
        let first = order(from: &input, on: venue)
        var second = order(from: &input, on: venue)
        second.account = first.account
        second.ticker = first.ticker
        second.side = first.side
        second.quantity = first.quantity
        return .submitPair(first, second)
    }

    /// A price for `ticker`: a few ticks either side of its last trade, or an extreme.
    static func price(from input: inout FuzzBytes, ticker: TickerSymbol, on venue: VenueSnapshot) -> Cents {
        guard input.bool(), let market = venue.markets[ticker] else { return input.extreme() }
        let ticks = Int64(Int8(bitPattern: input.byte())) % 8
        // Wrapping: the harness itself must never trap, whatever the last price is.
        return max(market.listing.tickSize, Cents(market.lastPrice.value &+ ticks &* market.listing.tickSize.value))
    }

    /// A quantity: half the time 1 to 64 shares, else an extreme (zero and negatives included).
    static func quantity(from input: inout FuzzBytes) -> Shares {
        input.bool() ? Shares(Int64(input.below(64) + 1)) : input.extreme()
    }

    /// An amount of cash, shares or basis points: small signed values or extremes.
    static func amount(from input: inout FuzzBytes) -> Int64 {
        input.bool() ? Int64(Int8(bitPattern: input.byte())) : input.extreme()
    }

    /// An amount of cash: small signed values or extremes.
    static func amount(from input: inout FuzzBytes) -> Cents { Cents(amount(from: &input)) }

    /// A number of shares: small signed values or extremes.
    static func amount(from input: inout FuzzBytes) -> Shares { Shares(amount(from: &input)) }

    /// An order on a ticker to amend or cancel: mostly one resting or waiting there, asked for by its
    /// owner, sometimes by another account or the administrator (`nil`); sometimes an id out of thin air.
    private static func existingOrder(
        from input: inout FuzzBytes, on venue: VenueSnapshot
    ) -> (TickerSymbol, OrderID, AccountID?) {
        let ticker = input.pick(tickers)
        let market = venue.markets[ticker]
        let orders =
            (market?.bids ?? []).map { ($0.id, $0.account) } + (market?.asks ?? []).map { ($0.id, $0.account) }
            + (market?.pending ?? []).map { ($0.order.id, $0.order.account) }
        let asker = input.below(8)
        guard !orders.isEmpty, input.below(8) != 0 else {
            return (ticker, OrderID(UInt64(bitPattern: input.extreme() as Int64)), input.pick(accounts))
        }
        let (id, owner) = orders[input.below(orders.count)]
        switch asker {
        case 0: return (ticker, id, nil)
        case 1: return (ticker, id, input.pick(accounts))
        default: return (ticker, id, owner)
        }
    }

    /// Risk limits with each limit absent or an extreme.
    static func limits(from input: inout FuzzBytes) -> RiskLimits {
        RiskLimits(
            maxOrderQuantity: input.bool() ? input.extreme() : nil,
            maxOrderNotional: input.bool() ? input.extreme() : nil,
            maxPosition: input.bool() ? input.extreme() : nil,
            maxOpenOrders: input.bool() ? Int(input.extreme() as Int64) : nil)
    }

    /// A fee schedule of extremes, which the venue may refuse as invalid.
    static func fees(from input: inout FuzzBytes) -> FeeSchedule {
        FeeSchedule(
            makerBasisPoints: amount(from: &input), takerBasisPoints: amount(from: &input),
            minimumPerFill: amount(from: &input))
    }
}

extension FuzzBytes {
    /// An extreme amount of cash.
    mutating func extreme() -> Cents { Cents(extreme()) }

    /// An extreme number of shares.
    mutating func extreme() -> Shares { Shares(extreme()) }
}
