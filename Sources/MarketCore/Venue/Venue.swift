import Synchronization

/// One isolated exchange: its tickers, accounts, books and rules.
///
/// Each ticker's book has its own lock, so orders on different tickers run in parallel; accounts
/// live in a sharded ledger whose locks are held only while one account changes. There is no lock
/// over the whole venue on the order path.
///
/// Sequencing: every event gets its number from one atomic counter *before* any of its effects are
/// made, and a debit gets its number while the debited account is locked, after the check that
/// allows it. So whenever an event depends on the effects of another, the other has the lower number,
/// and applying any prefix of the sequence to an empty venue never overdraws an account. That is
/// what lets the journal commit a prefix and a replay rebuild the venue exactly.
public final class Venue: Sendable {
    public let id: String
    let ledger = Ledger()
    /// A short list searched by symbol: cheaper than hashing a string for the few tickers a venue has.
    private let markets = Locked<[MarketCell]>([])
    private let rules: Locked<VenueRules>
    private let sequence = Atomic<UInt64>(0)
    private let issuedCashTotal = Atomic<Int64>(0)

    /// An empty venue; list tickers and open accounts through its operations.
    public init(id: String, rules: VenueRules = VenueRules()) {
        self.id = id
        self.rules = Locked(rules)
    }

    /// The highest sequence number handed out so far.
    public var lastSequence: UInt64 { sequence.load(ordering: .sequentiallyConsistent) }

    /// Cash put into accounts by account openings and adjustments.
    public var issuedCash: Cents { issuedCashTotal.load(ordering: .sequentiallyConsistent) }

    public var currentRules: VenueRules { rules.withLock { $0 } }

    // MARK: Orders

    /// Places an order: checks it, reserves its escrow, matches it, and rests or cancels what is left.
    ///
    /// A resubmission with a client order id seen before returns the first answer and places nothing.
    public func submit(_ request: OrderRequest, at time: Timestamp) throws(OrderRejection) -> OrderResult {
        if let key = request.clientOrderID, let earlier = ledger.account(request.account)?.acknowledgements[key],
            let acknowledgement = earlier
        {
            return OrderResult(acknowledgement: acknowledgement, events: [], isDuplicate: true)
        }
        guard let cell = cell(for: request.ticker) else { throw .unknownTicker(request.ticker) }
        return try cell.market.withLock { (market) throws(OrderRejection) -> OrderResult in
            try self.execute(request, at: time, in: &market, replacing: nil)
        }
    }

    /// Places two orders as a one-cancels-other pair: the same ticker, side and quantity, each a
    /// good-till-cancelled limit order or a conditional order. The pair holds one escrow, the larger of
    /// the legs' needs; neither leg may trade or trigger on arrival. When one leg triggers or trades, or
    /// is cancelled, the other is cancelled.
    public func submitPair(
        _ first: OrderRequest, _ second: OrderRequest, at time: Timestamp
    ) throws(OrderRejection) -> OrderPairResult {
        guard let cell = cell(for: first.ticker) else { throw .unknownTicker(first.ticker) }
        return try cell.market.withLock { (market) throws(OrderRejection) -> OrderPairResult in
            try placePair((first, second), parent: nil, at: time, in: &market)
        }
    }

    /// Cancels a resting or waiting order and refunds its escrow. `account`, when given, must own the
    /// order. Cancelling a leg of a one-cancels-other pair cancels the other leg too; a bracket entry
    /// cancelled by its owner after some fills arms its exits for what filled.
    public func cancel(
        _ order: OrderID, in ticker: TickerSymbol, by account: AccountID?, reason: CancellationReason = .requested,
        at time: Timestamp
    ) throws(OrderChangeRejection) -> [Event] {
        guard let cell = cell(for: ticker) else { throw .unknownTicker(ticker) }
        return try cell.market.withLock { (market) throws(OrderChangeRejection) -> [Event] in
            guard let cancellation = market.cancellation(of: order, reason: reason) else { throw .notResting(order) }
            if let account, cancellation.account != account { throw .notOwner(order) }
            let event = Event(sequence: allocate(1), timestamp: time, kind: .orderCancelled(cancellation))
            _ = applyLocked(event, to: &market)
            return [event] + followThrough(in: &market, at: time)
        }
    }

    /// Cancels every resting order that matches: of one account, one ticker, or both; all when both
    /// are `nil`.
    public func cancelAll(
        of account: AccountID?, in ticker: TickerSymbol?, reason: CancellationReason, at time: Timestamp
    ) -> [Event] {
        let cells = markets.withLock { markets in
            ticker.map { symbol in markets.filter { $0.symbol == symbol } } ?? markets
        }
        var events: [Event] = []
        for cell in cells {
            cell.market.withLock { market in events += cancelResting(of: account, in: &market, reason: reason, at: time)
            }
        }
        return events
    }

    /// Changes a resting order. Lowering only its quantity keeps its place in the queue; a new price
    /// or a higher quantity cancels it and places a replacement (a new order id, at the back of the
    /// queue, matched on arrival), atomically: if the replacement is refused the original stays. An
    /// iceberg stays an iceberg and a post-only order post-only.
    ///
    /// `quantity` is the new open quantity.
    public func amend(
        _ order: OrderID, in ticker: TickerSymbol, by account: AccountID?, price newPrice: Cents?,
        quantity newQuantity: Shares?, at time: Timestamp
    ) throws(OrderChangeRejection) -> OrderResult {
        guard let cell = cell(for: ticker) else { throw .unknownTicker(ticker) }
        return try cell.market.withLock { (market) throws(OrderChangeRejection) -> OrderResult in
            guard let resting = market.book.order(order) else {
                if let waiting = market.pendingOrder(order) {
                    if let account, waiting.order.account != account { throw .notOwner(order) }
                    throw .notAmendable(order)
                }
                throw .notResting(order)
            }
            if let account, resting.account != account { throw .notOwner(order) }
            if market.links[order] != nil || market.brackets[order] != nil { throw .notAmendable(order) }
            let price = newPrice ?? resting.price
            let quantity = newQuantity ?? resting.remaining
            guard quantity > 0, price != resting.price || quantity != resting.remaining else {
                throw .invalidAmendment
            }
            if price == resting.price && quantity < resting.remaining {
                return reduce(resting, to: quantity, at: time, in: &market)
            }
            let replacement = OrderRequest(
                account: resting.account, ticker: ticker, side: resting.side, kind: .limit(price: price),
                quantity: quantity, timeInForce: .goodTillCancelled,
                displayQuantity: resting.displayQuantity.flatMap { $0 < quantity ? $0 : nil },
                isPostOnly: resting.isPostOnly)
            do throws(OrderRejection) {
                return try execute(replacement, at: time, in: &market, replacing: resting)
            } catch {
                throw .replacementRejected(error)
            }
        }
    }

    // MARK: Accounts

    /// Opens an account with `cash` issued into it.
    public func openAccount(_ account: AccountID, cash: Cents, at time: Timestamp) throws(VenueError) -> Event {
        guard cash >= 0 else { throw .invalidAmount }
        return try ledger.withAccount(account) { (slot) throws(VenueError) -> Event in
            guard slot == nil else { throw .accountAlreadyOpen(account) }
            let event = Event(sequence: allocate(1), timestamp: time, kind: .accountOpened(account, cash: cash))
            slot = Account(cash: cash)
            issuedCashTotal.add(cash, ordering: .sequentiallyConsistent)
            return event
        }
    }

    /// Credits (positive) or debits (negative) free cash; the amount counts as issued.
    public func adjustCash(
        of account: AccountID, by amount: Cents, reason: String, at time: Timestamp
    ) throws(VenueError) -> Event {
        guard amount != 0 else { throw .invalidAmount }
        return try ledger.withAccount(account) { (slot) throws(VenueError) -> Event in
            guard var current = slot else { throw .unknownAccount(account) }
            guard let balance = current.cash.addingExactly(amount) else { throw .invalidAmount }
            guard balance >= 0 else { throw .insufficientCash(needed: -amount, available: current.cash) }
            let kind = EventKind.cashAdjusted(account, amount: amount, reason: reason)
            let event = Event(sequence: allocate(1), timestamp: time, kind: kind)
            current.apply(kind, for: account)
            slot = current
            issuedCashTotal.add(amount, ordering: .sequentiallyConsistent)
            return event
        }
    }

    /// Credits (positive) or debits (negative) free shares; the amount counts as issued.
    public func adjustShares(
        of account: AccountID, in ticker: TickerSymbol, by amount: Shares, reason: String, at time: Timestamp
    ) throws(VenueError) -> Event {
        guard amount != 0 else { throw .invalidAmount }
        guard let cell = cell(for: ticker) else { throw .unknownTicker(ticker) }
        return try cell.market.withLock { (market) throws(VenueError) -> Event in
            guard !market.isDelisted else { throw .unknownTicker(ticker) }
            let kind = EventKind.sharesAdjusted(account, ticker, amount: amount, reason: reason)
            let event = try ledger.withAccount(account) { (slot) throws(VenueError) -> Event in
                guard var current = slot else { throw .unknownAccount(account) }
                let free = current.position(in: ticker).shares
                guard let balance = free.addingExactly(amount) else { throw .invalidAmount }
                guard balance >= 0 else { throw .insufficientShares(needed: -amount, available: free) }
                let event = Event(sequence: allocate(1), timestamp: time, kind: kind)
                current.apply(kind, for: account)
                slot = current
                return event
            }
            _ = market.apply(event)
            return event
        }
    }

    /// Takes `ticker` off the venue: cancels its resting orders (refunding their escrow), then buys back every
    /// holder's shares at `price` each. The cash paid is issued and the shares withdrawn, so conservation holds;
    /// the ticker refuses orders from then on and is no longer listed, and its symbol cannot be listed again.
    public func delist(_ ticker: TickerSymbol, at price: Cents, time: Timestamp) throws(VenueError) -> [Event] {
        guard price > 0 else { throw .invalidAmount }
        guard let cell = cell(for: ticker) else { throw .unknownTicker(ticker) }
        return try cell.market.withLock { (market) throws(VenueError) -> [Event] in
            guard !market.isDelisted else { throw .unknownTicker(ticker) }
            // Resting sells hold the only reserved shares: once they are cancelled, each holder's free
            // shares are all it has, and all it is paid for.
            let credits = try holderCredits(of: ticker, perShare: price)
            var events = cancelResting(of: nil, in: &market, reason: .administrative, at: time)
            let payment = DividendPayment(ticker: ticker, amountPerShare: price, credits: credits)
            let event = Event(sequence: allocate(1), timestamp: time, kind: .tickerDelisted(payment))
            _ = applyLocked(event, to: &market)
            events.append(event)
            return events
        }
    }

    /// Pays `amountPerShare` to every holder of `ticker` for each share it holds, free or reserved.
    /// The cash paid is issued, so conservation holds. Returns `nil` when nobody holds the ticker.
    public func payDividend(
        on ticker: TickerSymbol, amountPerShare: Cents, at time: Timestamp
    ) throws(VenueError) -> Event? {
        guard amountPerShare > 0 else { throw .invalidAmount }
        guard let cell = cell(for: ticker) else { throw .unknownTicker(ticker) }
        return try cell.market.withLock { (market) throws(VenueError) -> Event? in
            guard !market.isDelisted else { throw .unknownTicker(ticker) }
            let credits = try holderCredits(of: ticker, perShare: amountPerShare)
            guard !credits.isEmpty else { return nil }
            let payment = DividendPayment(ticker: ticker, amountPerShare: amountPerShare, credits: credits)
            let event = Event(sequence: allocate(1), timestamp: time, kind: .dividendPaid(payment))
            _ = applyLocked(event, to: &market)
            return event
        }
    }

    /// What paying `perShare` for every share of `ticker`, free or reserved, gives each holder. Call it under
    /// the ticker's lock: holdings of the ticker change only under it, so the list is exact.
    private func holderCredits(of ticker: TickerSymbol, perShare: Cents) throws(VenueError) -> [DividendPayment.Credit]
    {
        var credits: [DividendPayment.Credit] = []
        var total: Cents = 0
        for (account, holdings) in ledger.allAccounts() {
            let shares = holdings.position(in: ticker).total
            guard shares > 0 else { continue }
            guard let amount = shares.multipliedExactly(by: perShare), let sum = total.addingExactly(amount),
                issuedCash.addingExactly(sum) != nil
            else { throw .invalidAmount }
            total = sum
            credits.append(DividendPayment.Credit(account: account, shares: shares, amount: amount))
        }
        return credits
    }

    // MARK: Rules

    /// Lists a new ticker, open for trading under the venue's rules.
    public func list(_ listing: TickerListing, at time: Timestamp) throws(VenueError) -> Event {
        guard listing.tickSize > 0 else { throw .invalidListing("the tick size must be positive") }
        guard listing.isOnGrid(listing.initialPrice) else {
            throw .invalidListing("the initial price must be positive and on the tick grid")
        }
        return try rules.withLock { (rules) throws(VenueError) -> Event in
            try markets.withLock { (markets) throws(VenueError) -> Event in
                guard !markets.contains(where: { $0.symbol == listing.symbol }) else {
                    throw .tickerAlreadyListed(listing.symbol)
                }
                markets.append(MarketCell(TickerMarket(listing: listing, rules: rules)))
                return Event(sequence: allocate(1), timestamp: time, kind: .tickerListed(listing))
            }
        }
    }

    /// Halts or resumes one ticker, or the whole venue when `ticker` is `nil`.
    public func setTradingStatus(
        _ status: TradingStatus, of ticker: TickerSymbol?, at time: Timestamp
    ) throws(VenueError) -> Event {
        if let ticker, listedCell(for: ticker) == nil { throw .unknownTicker(ticker) }
        return changeRules(.tradingStatusChanged(ticker, status), at: time)
    }

    /// Journals an administrator's action beside the change it made; changes nothing itself.
    public func record(_ action: AuditRecord, at time: Timestamp) -> Event {
        Event(sequence: allocate(1), timestamp: time, kind: .adminAction(action))
    }

    public func setFeeSchedule(_ fees: FeeSchedule, at time: Timestamp) throws(VenueError) -> Event {
        guard fees.isValid else { throw .invalidFeeSchedule }
        return changeRules(.feeScheduleChanged(fees), at: time)
    }

    public func setRiskLimits(_ limits: RiskLimits, at time: Timestamp) -> Event {
        changeRules(.riskLimitsChanged(limits), at: time)
    }

    // MARK: Reading

    /// The tickers that trade here, delisted ones left out.
    public var listings: [TickerListing] {
        markets.withLock { $0 }.compactMap { $0.market.withLock { $0.isDelisted ? nil : $0.listing } }
            .sorted { $0.symbol < $1.symbol }
    }

    /// `nil` for a ticker never listed or delisted.
    public func quote(_ ticker: TickerSymbol) -> MarketQuote? {
        cell(for: ticker)?.market.withLock { $0.isDelisted ? nil : MarketQuote($0) }
    }

    /// The aggregated book: up to `levels` price levels a side, best first.
    public func depth(_ ticker: TickerSymbol, levels: Int = .max) -> BookDepth? {
        listedCell(for: ticker)?.market.withLock {
            BookDepth(
                ticker: ticker, bids: $0.book.depth(on: .buy, levels: levels),
                asks: $0.book.depth(on: .sell, levels: levels))
        }
    }

    public func restingOrder(_ order: OrderID, in ticker: TickerSymbol) -> RestingOrder? {
        cell(for: ticker)?.market.withLock { $0.book.order(order) }
    }

    public func account(_ account: AccountID) -> Account? { ledger.account(account) }

    /// Every account and book as they stand. Consistent as a whole when nothing trades meanwhile.
    public func snapshot() -> VenueSnapshot {
        let cells = markets.withLock { $0 }
        var tickers: [TickerSymbol: MarketSnapshot] = [:]
        for cell in cells {
            tickers[cell.symbol] = cell.market.withLock { MarketSnapshot($0) }
        }
        return VenueSnapshot(
            rules: currentRules, accounts: ledger.allAccounts(), markets: tickers, issuedCash: issuedCash,
            lastSequence: lastSequence)
    }

    // MARK: Rebuilding

    /// Applies an event made elsewhere, as a replay of a journal does; events must come in sequence order.
    public func apply(_ event: Event) {
        switch event.kind {
        case .accountOpened(let account, let cash):
            ledger.withAccount(account) { $0 = Account(cash: cash) }
            issuedCashTotal.add(cash, ordering: .sequentiallyConsistent)
        case .cashAdjusted(let account, let amount, _):
            ledger.withAccount(account) { $0?.apply(event.kind, for: account) }
            issuedCashTotal.add(amount, ordering: .sequentiallyConsistent)
        case .tickerListed(let listing):
            rules.withLock { rules in
                markets.withLock { $0.append(MarketCell(TickerMarket(listing: listing, rules: rules))) }
            }
        case .tradingStatusChanged(nil, _), .feeScheduleChanged, .riskLimitsChanged:
            applyRulesChange(event)
        case .adminAction:
            break
        default:
            guard let ticker = event.kind.ticker, let cell = cell(for: ticker) else {
                preconditionFailure("event \(event.sequence) names a ticker that is not listed")
            }
            cell.market.withLock { market in
                if case .orderAccepted(let order) = event.kind {
                    ledger.withAccount(order.account) { $0?.apply(event.kind, for: order.account) }
                }
                _ = applyLocked(event, to: &market)
                // What the event set in motion is in the events that follow it.
                market.consequences.removeAll(keepingCapacity: true)
            }
        }
        sequence.store(max(lastSequence, event.sequence), ordering: .sequentiallyConsistent)
    }

    /// A venue as a snapshot describes it, resting orders back in their original priority.
    public convenience init(id: String, restoring snapshot: VenueSnapshot) {
        self.init(id: id, rules: snapshot.rules)
        for saved in snapshot.markets.values.sorted(by: { $0.listing.symbol < $1.listing.symbol }) {
            var market = TickerMarket(listing: saved.listing, rules: snapshot.rules)
            market.restore(
                lastPrice: saved.lastPrice, feesCollected: saved.feesCollected, volume: saved.volume,
                status: saved.status, issuedShares: saved.issuedShares, isDelisted: saved.isDelisted)
            for order in (saved.bids + saved.asks).sorted(by: { $0.priority < $1.priority }) {
                market.restore(order)
            }
            market.restore(pending: saved.pending, links: saved.links, brackets: saved.brackets)
            markets.withLock { $0.append(MarketCell(market)) }
        }
        for (id, account) in snapshot.accounts {
            ledger.withAccount(id) { $0 = account }
        }
        issuedCashTotal.store(snapshot.issuedCash, ordering: .sequentiallyConsistent)
        sequence.store(snapshot.lastSequence, ordering: .sequentiallyConsistent)
    }

    /// Applies an event's effects on its ticker (already locked) and on the accounts it names.
    func applyLocked(_ event: Event, to market: inout TickerMarket) -> OrderAcknowledgement? {
        switch event.kind {
        case .tradeExecuted(let trade):
            return settle(trade, in: &market)
        case .orderTriggered(let triggering):
            market.trigger(triggering)
        case .orderCancelled(let cancellation):
            return cancel(cancellation, in: &market)
        case .orderRested(let id, _):
            return remember(market.rest(id, priority: event.sequence))
        case .orderReduced(let reduction):
            market.reduce(reduction)
            ledger.withAccount(reduction.account) { $0?.apply(event.kind, for: reduction.account) }
        case .sharesAdjusted(let account, _, _, _):
            _ = market.apply(event)
            ledger.withAccount(account) { $0?.apply(event.kind, for: account) }
        case .dividendPaid(let payment), .tickerDelisted(let payment):
            for credit in payment.credits {
                ledger.withAccount(credit.account) { $0?.apply(event.kind, for: credit.account) }
            }
            issuedCashTotal.add(payment.total, ordering: .sequentiallyConsistent)
            _ = market.apply(event)
        default:
            return remember(market.apply(event))
        }
        return nil
    }

    func settle(_ trade: Trade, in market: inout TickerMarket) -> OrderAcknowledgement? {
        let acknowledgement = market.execute(trade)
        ledger.withAccount(trade.buyer) { $0?.settle(trade, as: trade.buyer) }
        ledger.withAccount(trade.seller) { $0?.settle(trade, as: trade.seller) }
        return remember(acknowledgement)
    }

    func cancel(_ cancellation: OrderCancellation, in market: inout TickerMarket) -> OrderAcknowledgement? {
        let acknowledgement = market.cancel(cancellation)
        ledger.withAccount(cancellation.account) { $0?.apply(.orderCancelled(cancellation), for: cancellation.account) }
        return remember(acknowledgement)
    }

    /// Keeps a finished order's answer on its account when it was placed with a client order id.
    func remember(_ acknowledgement: OrderAcknowledgement?) -> OrderAcknowledgement? {
        if let acknowledgement, let key = acknowledgement.clientOrderID {
            ledger.withAccount(acknowledgement.account) { $0?.record(acknowledgement, for: key) }
        }
        return acknowledgement
    }

    private func changeRules(_ kind: EventKind, at time: Timestamp) -> Event {
        let event = rules.withLock { _ in Event(sequence: allocate(1), timestamp: time, kind: kind) }
        applyRulesChange(event)
        return event
    }

    private func applyRulesChange(_ event: Event) {
        let cells = rules.withLock { rules in
            switch event.kind {
            case .tradingStatusChanged(nil, let status): rules.status = status
            case .feeScheduleChanged(let fees): rules.fees = fees
            case .riskLimitsChanged(let limits): rules.limits = limits
            default: break
            }
            return markets.withLock { $0 }
        }
        let targets = event.kind.ticker.map { symbol in cells.filter { $0.symbol == symbol } } ?? cells
        for cell in targets {
            cell.market.withLock { _ = $0.apply(event) }
        }
    }

    func cell(for ticker: TickerSymbol) -> MarketCell? {
        markets.withLock { cells in cells.first { $0.symbol == ticker } }
    }

    /// The ticker's cell unless it was delisted. Code that changes a market checks again under its lock.
    func listedCell(for ticker: TickerSymbol) -> MarketCell? {
        cell(for: ticker).flatMap { cell in cell.market.withLock { $0.isDelisted } ? nil : cell }
    }

    /// Cancels the resting and waiting orders of `account` (everyone's when `nil`) in a market whose lock
    /// is held, with what each cancellation sets in motion.
    func cancelResting(
        of account: AccountID?, in market: inout TickerMarket, reason: CancellationReason, at time: Timestamp
    ) -> [Event] {
        var doomed: [OrderID] = []
        for side in Side.allCases {
            market.book.forEachOrder(on: side) { order in
                if account == nil || order.account == account { doomed.append(order.id) }
                return true
            }
        }
        for waiting in market.pending where account == nil || waiting.order.account == account {
            doomed.append(waiting.order.id)
        }
        var events: [Event] = []
        for order in doomed {
            // A leg's sibling goes with it, so it may be gone by its turn.
            guard let cancellation = market.cancellation(of: order, reason: reason) else { continue }
            let event = Event(sequence: allocate(1), timestamp: time, kind: .orderCancelled(cancellation))
            _ = applyLocked(event, to: &market)
            events.append(event)
            events += followThrough(in: &market, at: time)
        }
        return events
    }

    /// Hands out `count` consecutive sequence numbers and returns the first.
    func allocate(_ count: UInt64) -> UInt64 {
        sequence.add(count, ordering: .sequentiallyConsistent).newValue - count + 1
    }

}

/// A placed order's answer and the events that placed it.
public struct OrderResult: Sendable {
    public let acknowledgement: OrderAcknowledgement
    /// Empty for a duplicate.
    public let events: [Event]
    /// The client order id was seen before: this is the first answer, and nothing was placed.
    public let isDuplicate: Bool
}

final class MarketCell: Sendable {
    let symbol: TickerSymbol
    let market: Locked<TickerMarket>
    init(_ market: TickerMarket) {
        symbol = market.symbol
        self.market = Locked(market)
    }
}
