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
    private let ledger = Ledger()
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
            var events = [event]
            followThrough(in: &market, at: time, events: &events)
            return events
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
            try issue(cash)
            let event = Event(sequence: allocate(1), timestamp: time, kind: .accountOpened(account, cash: cash))
            slot = Account(cash: cash)
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
            guard amount.magnitude <= AmountCeiling.supply.magnitude else { throw .amountTooLarge }
            guard current.cash + amount >= 0 else { throw .insufficientCash(needed: -amount, available: current.cash) }
            try issue(amount)
            let kind = EventKind.cashAdjusted(account, amount: amount, reason: reason)
            let event = Event(sequence: allocate(1), timestamp: time, kind: kind)
            current.apply(kind, for: account)
            slot = current
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
            guard AmountCeiling.canIssue(amount, onTopOf: market.issuedShares) else { throw .amountTooLarge }
            let kind = EventKind.sharesAdjusted(account, ticker, amount: amount, reason: reason)
            let event = try ledger.withAccount(account) { (slot) throws(VenueError) -> Event in
                guard var current = slot else { throw .unknownAccount(account) }
                let free = current.position(in: ticker).shares
                guard free + amount >= 0 else { throw .insufficientShares(needed: -amount, available: free) }
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
                AmountCeiling.canIssue(sum, onTopOf: issuedCash)
            else { throw .amountTooLarge }
            total = sum
            credits.append(DividendPayment.Credit(account: account, shares: shares, amount: amount))
        }
        return credits
    }

    // MARK: Rules

    /// Lists a new ticker, open for trading under the venue's rules.
    public func list(_ listing: TickerListing, at time: Timestamp) throws(VenueError) -> Event {
        guard listing.tickSize > 0 else { throw .invalidListing("the tick size must be positive") }
        guard AmountCeiling.isPrice(listing.initialPrice), AmountCeiling.isPrice(listing.tickSize) else {
            throw .invalidListing("the initial price and tick size must be at most \(AmountCeiling.orderValue) cents")
        }
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

    /// Sets the four limits; the accounts exempt from them stay exempt.
    public func setRiskLimits(_ limits: RiskLimits, at time: Timestamp) -> Event {
        changeRules(at: time) { rules in
            var limits = limits
            limits.exemptAccounts = rules.limits.exemptAccounts
            return .riskLimitsChanged(limits)
        }!
    }

    /// Exempts one of the venue's own accounts (a market maker) from the account limits; `nil` when it is
    /// already exempt.
    public func exemptFromAccountLimits(_ account: AccountID, at time: Timestamp) -> Event? {
        changeRules(at: time) { rules in
            guard !rules.limits.exemptAccounts.contains(account) else { return nil }
            var limits = rules.limits
            limits.exemptAccounts.insert(account)
            return .riskLimitsChanged(limits)
        }
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
    private func applyLocked(_ event: Event, to market: inout TickerMarket) -> OrderAcknowledgement? {
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

    private func settle(_ trade: Trade, in market: inout TickerMarket) -> OrderAcknowledgement? {
        let acknowledgement = market.execute(trade)
        ledger.withAccount(trade.buyer) { $0?.settle(trade, as: trade.buyer) }
        ledger.withAccount(trade.seller) { $0?.settle(trade, as: trade.seller) }
        return remember(acknowledgement)
    }

    private func cancel(_ cancellation: OrderCancellation, in market: inout TickerMarket) -> OrderAcknowledgement? {
        let acknowledgement = market.cancel(cancellation)
        ledger.withAccount(cancellation.account) { $0?.apply(.orderCancelled(cancellation), for: cancellation.account) }
        return remember(acknowledgement)
    }

    /// Keeps a finished order's answer on its account when it was placed with a client order id.
    private func remember(_ acknowledgement: OrderAcknowledgement?) -> OrderAcknowledgement? {
        if let acknowledgement, let key = acknowledgement.clientOrderID {
            ledger.withAccount(acknowledgement.account) { $0?.record(acknowledgement, for: key) }
        }
        return acknowledgement
    }

    private func changeRules(_ kind: EventKind, at time: Timestamp) -> Event {
        changeRules(at: time) { _ in kind }!
    }

    /// The change `decide` makes from the rules as they stand, under the rules' lock so that no other
    /// change comes between reading and numbering it; none when it decides on none.
    private func changeRules(at time: Timestamp, _ decide: (VenueRules) -> EventKind?) -> Event? {
        let event = rules.withLock { rules in
            decide(rules).map { Event(sequence: allocate(1), timestamp: time, kind: $0) }
        }
        if let event { applyRulesChange(event) }
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

    private func cell(for ticker: TickerSymbol) -> MarketCell? {
        markets.withLock { cells in cells.first { $0.symbol == ticker } }
    }

    /// The ticker's cell unless it was delisted. Code that changes a market checks again under its lock.
    private func listedCell(for ticker: TickerSymbol) -> MarketCell? {
        cell(for: ticker).flatMap { cell in cell.market.withLock { $0.isDelisted } ? nil : cell }
    }

    /// Cancels the resting and waiting orders of `account` (everyone's when `nil`) in a market whose lock
    /// is held, with what each cancellation sets in motion.
    private func cancelResting(
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
            followThrough(in: &market, at: time, events: &events)
        }
        return events
    }

    /// Counts `amount` as issued, or refuses it if the venue's cash would pass ``AmountCeiling/supply``.
    /// Atomic, so two accounts credited at once cannot both take the last of the room.
    private func issue(_ amount: Cents) throws(VenueError) {
        var issued = issuedCashTotal.load(ordering: .sequentiallyConsistent)
        while true {
            guard AmountCeiling.canIssue(amount, onTopOf: issued) else { throw .amountTooLarge }
            let (exchanged, current) = issuedCashTotal.compareExchange(
                expected: issued, desired: issued + amount, ordering: .sequentiallyConsistent)
            if exchanged { return }
            issued = current
        }
    }

    /// Hands out `count` consecutive sequence numbers and returns the first.
    private func allocate(_ count: UInt64) -> UInt64 {
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
    /// What the order carries beyond a plain one; kept here rather than in the answer, which is copied
    /// on every fill. `nil` for a duplicate.
    public var conditions: OrderConditions? = nil
}

private final class MarketCell: Sendable {
    let symbol: TickerSymbol
    let market: Locked<TickerMarket>
    init(_ market: TickerMarket) {
        symbol = market.symbol
        self.market = Locked(market)
    }
}

// MARK: - The order path

/// Placing orders: checks, escrow, matching, and what a change sets in motion (triggered orders, the
/// other leg of a pair, a bracket's exits), all under the ticker's lock.
///
/// What one change sets in motion is carried out in a fixed order, which the README documents:
/// 1. Legs whose sibling traded or triggered are cancelled, before anything else.
/// 2. Then, first in first out: orders whose trigger a trade met, in the order of those trades (orders
///    met by the same trade in order of acceptance), and bracket entries that are done, in the order
///    they finished. Each enters the market as an incoming order, behind everything already resting,
///    and what its own trades set in motion joins the back of the line.
extension Venue {
    // MARK: One order

    private func execute(
        _ request: OrderRequest, at time: Timestamp, in market: inout TickerMarket, replacing replaced: RestingOrder?
    ) throws(OrderRejection) -> OrderResult {
        try market.validate(request)
        let waits = request.trigger != nil
        let plan = waits ? MatchPlan() : market.plan(request, ignoring: replaced?.id)
        if request.isPostOnly && (!plan.fills.isEmpty || plan.stoppedBySelfTrade) { throw .postOnlyWouldTrade }
        let protection = try market.protectionPrice(for: request)
        let escrow = try Escrow(for: request, plan: plan, fees: market.rules.fees, protectionPrice: protection)
        if request.kind == .market { try market.checkNotional(escrow.fillNotional) }

        let ending = waits ? .waits : Ending(request, plan: plan)
        let eventCount = UInt64((replaced == nil ? 1 : 2) + plan.fills.count + ending.eventCount)
        let openBuy = market.openBuyQuantity(of: request.account)
        let limits = market.rules.limits
        let retired = replaced.flatMap { market.cancellation(of: $0.id, reason: .replaced) }
        let conditions =
            request.isPlain
            ? nil
            : OrderConditions(
                trigger: request.trigger, protectionPrice: protection, displayQuantity: request.displayQuantity,
                isPostOnly: request.isPostOnly, bracket: request.bracket)

        // Checks and reservation are one critical section on the account, so no other ticker can
        // spend the same cash in between.
        let admission = try ledger.withAccount(request.account) { (slot) throws(OrderRejection) -> Admission in
            // Checked on the stored account and changed in place: a copy would copy its dictionaries.
            guard let account = slot else { throw .unknownAccount(request.account) }
            if let key = request.clientOrderID, let earlier = account.acknowledgements[key] {
                guard let acknowledgement = earlier else { throw .clientOrderIDInUse(key) }
                return .duplicate(acknowledgement)
            }
            let position = account.position(in: request.ticker)
            let cash = account.cash + (retired?.releasedCash ?? 0)
            let freeShares = position.shares + (retired?.releasedShares ?? 0)
            let openOrders = account.openOrders - (retired == nil ? 0 : 1)
            if request.side == .buy, let limit = limits.maxPosition(of: request.account) {
                let retiredBuy = retired?.side == .buy ? retired!.quantity : 0
                if position.total + openBuy - retiredBuy + request.quantity > limit {
                    throw .positionLimit(limit: limit)
                }
            }
            if ending.staysOpen, let limit = limits.maxOpenOrders(of: request.account), openOrders >= limit {
                throw .openOrderLimit(limit: limit)
            }
            if escrow.cash > cash { throw .insufficientCash(needed: escrow.cash, available: cash) }
            if escrow.shares > freeShares { throw .insufficientShares(needed: escrow.shares, available: freeShares) }

            let first = allocate(eventCount)
            var accepted = AcceptedOrder(
                id: OrderID(first + (replaced == nil ? 0 : 1)), account: request.account, ticker: request.ticker,
                side: request.side, kind: request.kind, quantity: request.quantity,
                timeInForce: request.timeInForce, clientOrderID: request.clientOrderID,
                escrowPerShare: escrow.perShare, reservedCash: escrow.cash, reservedShares: escrow.shares)
            accepted.conditions = conditions
            if let retired { slot!.apply(.orderCancelled(retired), for: request.account) }
            slot!.apply(.orderAccepted(accepted), for: request.account)
            return .admitted(first: first, accepted)
        }
        guard case .admitted(let first, let accepted) = admission else {
            guard case .duplicate(let acknowledgement) = admission else { preconditionFailure() }
            return OrderResult(acknowledgement: acknowledgement, events: [], isDuplicate: true)
        }

        var events: [Event] = []
        events.reserveCapacity(Int(eventCount))
        var next = first
        // The account's part of the cancellation and acceptance is done; the rest goes through the
        // same mutations a replay uses, called directly rather than through a built event.
        if let retired {
            _ = market.cancel(retired)
            events.append(Event(sequence: next, timestamp: time, kind: .orderCancelled(retired)))
            next += 1
        }
        if waits {
            let waiting = market.park(accepted)
            events.append(Event(sequence: next, timestamp: time, kind: .orderAccepted(accepted)))
            return OrderResult(
                acknowledgement: remember(waiting)!, events: events, isDuplicate: false, conditions: conditions)
        }
        market.accept(accepted)
        events.append(Event(sequence: next, timestamp: time, kind: .orderAccepted(accepted)))
        next += 1
        let acknowledgement = work(
            accepted, plan: plan, ending: ending, reservedCash: escrow.cash, from: next, at: time, in: &market,
            events: &events)
        followThrough(in: &market, at: time, events: &events)
        return OrderResult(
            acknowledgement: acknowledgement, events: events, isDuplicate: false, conditions: conditions)
    }

    /// The working order's fills, then its rest or cancellation; `first` numbers its first fill.
    /// `reservedCash` is what it holds for itself (for a buy).
    private func work(
        _ order: AcceptedOrder, plan: MatchPlan, ending: Ending, reservedCash: Cents, from first: UInt64,
        at time: Timestamp, in market: inout TickerMarket, events: inout [Event]
    ) -> OrderAcknowledgement {
        var next = first
        var acknowledgement: OrderAcknowledgement?
        var filled: Shares = 0
        var buyerEscrowReleased: Cents = 0
        for fill in plan.fills {
            filled += fill.quantity
            let trade = Self.trade(
                fill, taker: order, completingTaker: filled == order.quantity, id: TradeID(next),
                fees: market.rules.fees, at: time)
            if order.side == .buy { buyerEscrowReleased += trade.buyerEscrowReleased }
            acknowledgement = settle(trade, in: &market)
            events.append(Event(sequence: next, timestamp: time, kind: .tradeExecuted(trade)))
            next += 1
        }
        switch ending {
        case .filled, .waits:
            break
        case .rests:
            acknowledgement = remember(market.rest(order.id, priority: next))
            events.append(Event(sequence: next, timestamp: time, kind: .orderRested(order.id, order.ticker)))
        case .cancelled(let reason):
            let unfilled = order.quantity - filled
            // A leg that never traded gives back what its link says; its sibling follows it.
            let link = market.links.isEmpty ? nil : market.links[order.id]
            let cancellation = OrderCancellation(
                order: order.id, account: order.account, ticker: order.ticker, side: order.side,
                quantity: unfilled, releasedCash: link?.cashOnCancel ?? (reservedCash - buyerEscrowReleased),
                releasedShares: link?.sharesOnCancel ?? (order.side == .sell ? unfilled : 0), reason: reason)
            acknowledgement = cancel(cancellation, in: &market)
            events.append(Event(sequence: next, timestamp: time, kind: .orderCancelled(cancellation)))
        }
        guard let acknowledgement else { preconditionFailure("an order ended without an answer") }
        return acknowledgement
    }

    // MARK: Pairs

    /// Places two orders as a one-cancels-other pair, reserving the pair's escrow in one critical section
    /// on the account.
    ///
    /// Placed by a trader (`parent` is `nil`), neither leg may trade or trigger on arrival. Armed as a
    /// bracket's exits, the legs may do both, at once.
    private func placePair(
        _ legs: (OrderRequest, OrderRequest), parent: OrderID?, at time: Timestamp, in market: inout TickerMarket
    ) throws(OrderRejection) -> OrderPairResult {
        let requests = [legs.0, legs.1]
        let account = legs.0.account
        guard
            requests.allSatisfy({ $0.account == account && $0.side == legs.0.side && $0.quantity == legs.0.quantity }),
            legs.1.ticker == legs.0.ticker
        else { throw .invalidCombination("both legs trade the same ticker, side and quantity") }
        for leg in requests {
            guard leg.clientOrderID == nil, leg.displayQuantity == nil, !leg.isPostOnly, leg.bracket == nil,
                leg.trigger != nil || (leg.kind != .market && leg.timeInForce == .goodTillCancelled)
            else {
                throw .invalidCombination(
                    "a leg is a good-till-cancelled limit order or a conditional order, nothing more")
            }
            if parent == nil { try market.validate(leg) }
        }
        let plans = requests.map { $0.trigger == nil ? market.plan($0) : MatchPlan() }
        if parent == nil, plans.contains(where: { !$0.fills.isEmpty || $0.stoppedBySelfTrade }) {
            throw .legWouldTrade
        }
        var escrows: [Escrow] = []
        var protections: [Cents?] = []
        for (leg, plan) in zip(requests, plans) {
            let protection = try market.protectionPrice(for: leg)
            protections.append(protection)
            escrows.append(try Escrow(for: leg, plan: plan, fees: market.rules.fees, protectionPrice: protection))
        }
        let groupCash = max(escrows[0].cash, escrows[1].cash)
        let groupShares = max(escrows[0].shares, escrows[1].shares)
        let endings = zip(requests, plans).map { $0.trigger == nil ? Ending($0, plan: $1) : .waits }
        let counts = zip(plans, endings).map { UInt64(1 + $0.fills.count + $1.eventCount) }
        let limits = market.rules.limits

        let accepted = try ledger.withAccount(account) { (slot) throws(OrderRejection) -> [AcceptedOrder] in
            guard let holdings = slot else { throw .unknownAccount(account) }
            if parent == nil, let limit = limits.maxOpenOrders(of: account), holdings.openOrders + 2 > limit {
                throw .openOrderLimit(limit: limit)
            }
            if groupCash > holdings.cash { throw .insufficientCash(needed: groupCash, available: holdings.cash) }
            let free = holdings.position(in: legs.0.ticker).shares
            if groupShares > free { throw .insufficientShares(needed: groupShares, available: free) }

            let first = allocate(counts[0] + counts[1])
            let ids = [OrderID(first), OrderID(first + counts[0])]
            var accepted: [AcceptedOrder] = []
            for index in 0..<2 {
                let leg = requests[index]
                let sibling = 1 - index
                // The first leg holds its own escrow, the second the rest of the pair's.
                var order = AcceptedOrder(
                    id: ids[index], account: account, ticker: leg.ticker, side: leg.side, kind: leg.kind,
                    quantity: leg.quantity, timeInForce: leg.timeInForce, clientOrderID: nil,
                    escrowPerShare: escrows[index].perShare,
                    reservedCash: index == 0 ? escrows[0].cash : groupCash - escrows[0].cash,
                    reservedShares: index == 0 ? escrows[0].shares : groupShares - escrows[0].shares)
                order.conditions = OrderConditions(
                    trigger: leg.trigger, protectionPrice: protections[index],
                    link: OrderLink(
                        sibling: ids[sibling], cashOnCancel: groupCash - escrows[sibling].cash,
                        sharesOnCancel: groupShares - escrows[sibling].shares),
                    parent: parent)
                slot!.apply(.orderAccepted(order), for: account)
                accepted.append(order)
            }
            return accepted
        }

        var events: [Event] = []
        var acknowledgements: [OrderAcknowledgement] = []
        for index in 0..<2 {
            let order = accepted[index]
            events.append(Event(sequence: order.id.rawValue, timestamp: time, kind: .orderAccepted(order)))
            if order.trigger != nil {
                acknowledgements.append(market.park(order))
                continue
            }
            market.accept(order)
            acknowledgements.append(
                work(
                    order, plan: plans[index], ending: endings[index], reservedCash: escrows[index].cash,
                    from: order.id.rawValue + 1, at: time, in: &market, events: &events))
        }
        followThrough(in: &market, at: time, events: &events)
        return OrderPairResult(
            acknowledgements: acknowledgements, conditions: accepted.compactMap(\.conditions), events: events)
    }

    // MARK: What a change sets in motion

    /// Carries out what the changes made so far set in motion, and what that sets in motion in turn,
    /// adding the events to `events`.
    private func followThrough(in market: inout TickerMarket, at time: Timestamp, events: inout [Event]) {
        guard !market.consequences.isEmpty else { return }
        var line: [MarketConsequence] = []
        var next = 0
        while true {
            events += cancelSiblings(in: &market, at: time)
            line += market.consequences
            market.consequences.removeAll(keepingCapacity: true)
            guard next < line.count else { return }
            let consequence = line[next]
            next += 1
            switch consequence {
            case .cancelSibling: break
            case .triggered(let order, let price): fire(order, at: price, in: &market, time: time, events: &events)
            case .bracketDone(let entry): events += arm(entry, in: &market, at: time)
            }
        }
    }

    /// Cancels the legs whose sibling went on, leaving the other consequences in line.
    private func cancelSiblings(in market: inout TickerMarket, at time: Timestamp) -> [Event] {
        var events: [Event] = []
        while let index = market.consequences.firstIndex(where: \.cancelsSibling) {
            guard case .cancelSibling(let order) = market.consequences.remove(at: index),
                let cancellation = market.cancellation(of: order, reason: .oneCancelsOther)
            else { continue }
            let event = Event(sequence: allocate(1), timestamp: time, kind: .orderCancelled(cancellation))
            _ = applyLocked(event, to: &market)
            events.append(event)
        }
        return events
    }

    /// A waiting order whose trigger was met enters the market, unless it was cancelled meanwhile. Its
    /// escrow was reserved when it was accepted, so nothing can refuse it now.
    private func fire(
        _ id: OrderID, at price: Cents, in market: inout TickerMarket, time: Timestamp, events: inout [Event]
    ) {
        guard let order = market.pendingOrder(id)?.order else { return }
        let triggering = OrderTriggering(order: id, account: order.account, ticker: order.ticker, price: price)
        let event = Event(sequence: allocate(1), timestamp: time, kind: .orderTriggered(triggering))
        _ = applyLocked(event, to: &market)
        events.append(event)
        events += cancelSiblings(in: &market, at: time)
        let request = OrderRequest(
            account: order.account, ticker: order.ticker, side: order.side, kind: order.executionKind,
            quantity: order.quantity, timeInForce: order.executionTimeInForce)
        let plan = market.plan(request)
        let ending = Ending(request, plan: plan)
        let first = allocate(UInt64(plan.fills.count + ending.eventCount))
        let reserved = order.side == .buy ? order.escrowPerShare * order.quantity : 0
        _ = work(
            order, plan: plan, ending: ending, reservedCash: reserved, from: first, at: time, in: &market,
            events: &events)
    }

    /// Arms a finished bracket entry's exits for what it filled, or for as much of that as the account can
    /// still cover; nothing when it can cover none.
    private func arm(_ entry: BracketEntry, in market: inout TickerMarket, at time: Timestamp) -> [Event] {
        let side = entry.side.opposite
        let exits = entry.exits
        let stopKind: OrderKind = exits.stopLossLimit.map { .limit(price: $0) } ?? .market
        var stopLoss = OrderRequest(
            account: entry.account, ticker: market.symbol, side: side, kind: stopKind, quantity: entry.filled,
            trigger: .stop(exits.stopLoss))
        var takeProfit = OrderRequest(
            account: entry.account, ticker: market.symbol, side: side, kind: .limit(price: exits.takeProfit),
            quantity: entry.filled)
        guard let holdings = ledger.account(entry.account) else { return [] }
        let coverable: Shares
        switch side {
        case .sell:
            coverable = holdings.position(in: market.symbol).shares
        case .buy:
            let fees = market.rules.fees
            let stopPrice = exits.stopLossLimit ?? (try? market.protectionPrice(for: stopLoss)) ?? nil
            guard let stopPrice, let stopPerShare = fees.escrowPerShare(atPrice: stopPrice),
                let profitPerShare = fees.escrowPerShare(atPrice: exits.takeProfit)
            else { return [] }
            coverable = holdings.cash / max(stopPerShare, profitPerShare)
        }
        let quantity = min(entry.filled, coverable)
        guard quantity > 0 else { return [] }
        stopLoss.quantity = quantity
        takeProfit.quantity = quantity
        // The stop-loss goes first: it waits, so the take-profit's matching cannot disturb it.
        return (try? placePair((stopLoss, takeProfit), parent: entry.order, at: time, in: &market))?.events ?? []
    }

    // MARK: Amendments

    private func reduce(
        _ resting: RestingOrder, to quantity: Shares, at time: Timestamp, in market: inout TickerMarket
    ) -> OrderResult {
        let lowered = resting.remaining - quantity
        let reduction = OrderReduction(
            order: resting.id, account: resting.account, ticker: market.symbol, side: resting.side,
            quantity: lowered, newRemaining: quantity,
            releasedCash: resting.side == .buy ? lowered * resting.escrowPerShare : 0,
            releasedShares: resting.side == .sell ? lowered : 0)
        let event = Event(sequence: allocate(1), timestamp: time, kind: .orderReduced(reduction))
        _ = applyLocked(event, to: &market)
        var conditions = OrderConditions(displayQuantity: resting.displayQuantity, isPostOnly: resting.isPostOnly)
        if let display = conditions.displayQuantity, display >= quantity { conditions.displayQuantity = nil }
        let acknowledgement = OrderAcknowledgement(
            orderID: resting.id, account: resting.account, ticker: market.symbol, side: resting.side,
            kind: .limit(price: resting.price), quantity: resting.filledQuantity + quantity,
            timeInForce: .goodTillCancelled, clientOrderID: nil, filledQuantity: resting.filledQuantity,
            status: resting.status, trades: [], cancellation: nil)
        return OrderResult(
            acknowledgement: acknowledgement, events: [event], isDuplicate: false, conditions: conditions.nonEmpty)
    }

    private static func trade(
        _ fill: PlannedFill, taker: AcceptedOrder, completingTaker: Bool, id: TradeID, fees: FeeSchedule,
        at time: Timestamp
    ) -> Trade {
        let maker = fill.maker
        let notional = maker.price * fill.quantity
        let takerFee = fees.fee(onNotional: notional, basisPoints: fees.takerBasisPoints)
        let makerFee = fees.fee(onNotional: notional, basisPoints: fees.makerBasisPoints)
        let takerBuys = taker.side == .buy
        let buyerEscrow = (takerBuys ? taker.escrowPerShare : maker.escrowPerShare) * fill.quantity
        // A resting buy never pays more fee than it escrowed, even if fees rose after it was placed.
        let buyerFee = min(takerBuys ? takerFee : makerFee, buyerEscrow - notional)
        let completesMaker = fill.quantity == maker.remaining
        return Trade(
            id: id, ticker: taker.ticker, price: maker.price, quantity: fill.quantity,
            buyOrder: takerBuys ? taker.id : maker.id, sellOrder: takerBuys ? maker.id : taker.id,
            buyer: takerBuys ? taker.account : maker.account, seller: takerBuys ? maker.account : taker.account,
            buyerFee: buyerFee, sellerFee: takerBuys ? makerFee : takerFee, aggressor: taker.side,
            buyerEscrowReleased: buyerEscrow,
            completesBuyOrder: takerBuys ? completingTaker : completesMaker,
            completesSellOrder: takerBuys ? completesMaker : completingTaker, timestamp: time)
    }
}

/// The two legs of a one-cancels-other pair as placed, and the events that placed them and what followed.
public struct OrderPairResult: Sendable {
    /// The first leg's answer, then the second's.
    public let acknowledgements: [OrderAcknowledgement]
    /// Each leg's conditions, in the same order.
    public let conditions: [OrderConditions]
    public let events: [Event]
}

extension MarketConsequence {
    fileprivate var cancelsSibling: Bool {
        if case .cancelSibling = self { return true }
        return false
    }
}

/// How an order's handling ends for now.
private enum Ending: Equatable {
    case filled
    case rests
    case cancelled(CancellationReason)
    /// A conditional order waits for its trigger.
    case waits

    init(_ request: borrowing OrderRequest, plan: borrowing MatchPlan) {
        self =
            if plan.filledQuantity == request.quantity { .filled } else if request.timeInForce == .fillOrKill {
                .cancelled(.fillOrKill)
            } else if plan.stoppedBySelfTrade {
                .cancelled(.selfTradePrevention)
            } else if request.kind == .market || request.timeInForce == .immediateOrCancel {
                .cancelled(.immediateOrCancel)
            } else { .rests }
    }

    /// The events after the fills: a rest or a cancellation.
    var eventCount: Int {
        switch self {
        case .filled, .waits: 0
        case .rests, .cancelled: 1
        }
    }

    /// The order is still open afterwards, resting or waiting.
    var staysOpen: Bool { self == .rests || self == .waits }
}

private enum Admission {
    case admitted(first: UInt64, AcceptedOrder)
    case duplicate(OrderAcknowledgement)
}

/// What an order must hold while it works.
private struct Escrow {
    var perShare: Cents = 0
    var cash: Cents = 0
    var shares: Shares = 0
    /// What the planned fills cost, before fees; for a protected conditional buy, its cap times its quantity.
    var fillNotional: Cents = 0

    @inline(__always)
    init(
        for request: borrowing OrderRequest, plan: borrowing MatchPlan, fees: FeeSchedule, protectionPrice: Cents?
    ) throws(OrderRejection) {
        for fill in plan.fills {
            guard let notional = fill.maker.price.multipliedExactly(by: fill.quantity),
                let total = fillNotional.addingExactly(notional)
            else { throw .amountTooLarge }
            fillNotional = total
        }
        if let protectionPrice {
            guard let notional = protectionPrice.multipliedExactly(by: request.quantity) else {
                throw .amountTooLarge
            }
            fillNotional = notional
        }
        switch request.side {
        case .sell:
            shares = request.quantity
        case .buy:
            // A market buy holds, for the quantity it can fill, the worst price it will reach; a protected
            // conditional one, its cap for all of its quantity.
            guard let price = request.kind.limitPrice ?? protectionPrice ?? plan.fills.last?.maker.price else {
                return
            }
            let quantity =
                request.kind == .market && protectionPrice == nil ? plan.filledQuantity : request.quantity
            guard let perShare = fees.escrowPerShare(atPrice: price),
                let cash = perShare.multipliedExactly(by: quantity)
            else { throw .amountTooLarge }
            self.perShare = perShare
            self.cash = cash
        }
    }
}
