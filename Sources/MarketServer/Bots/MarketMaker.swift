import Logging
import MarketCore
import Synchronization

/// A venue's market maker: one ordinary account that quotes every ticker around its fair value, through the
/// same order path as anyone (so its orders and trades are journalled and audited).
///
/// Each cycle, per ticker: cancel its resting quotes, read its account from committed state, and place the
/// quotes that ``QuotePlan`` makes of the fair value and its inventory. Quotes never add up to more than would
/// take the inventory past its limit, and all old quotes are gone before new ones rest, so the limit holds.
public final class MarketMaker: Sendable {
    public let venue: VenueRuntime
    public let account: AccountID
    public let settings: MarketMakerSettings
    /// The fair values it quotes around, shared with the venue's background traders.
    public let fairValues: FairValues
    /// Its resting quotes, per ticker; a ticker is missing until its first cycle.
    private let quotes = Mutex<[TickerSymbol: [Quote]]>([:])
    /// Held through a requote, which reads its quotes, awaits the venue and writes them back: two at once (its
    /// own cycle and an admin's or a test's) would each place a ladder and leave both resting.
    private let requoting = AsyncLock()

    private struct Quote {
        let id: OrderID
        let side: Side
    }
    private let logger: Logger

    public init(
        venue: VenueRuntime, account: AccountID, settings: MarketMakerSettings, fairValues: FairValues, logger: Logger
    ) {
        self.venue = venue
        self.account = account
        self.settings = settings
        self.fairValues = fairValues
        self.logger = logger
    }

    /// Opens the account with its seed cash if it has none, exempts it from the venue's account limits (its
    /// inventory may be above a participant's position limit, and it must still bid), and gives it its target
    /// holding of every ticker it has never held. All go through the journal as ordinary events.
    public func prepareAccount() async throws {
        if venue.committed.account(account) == nil {
            try await venue.openAccount(account, cash: settings.seedCash)
        }
        try await venue.exemptFromAccountLimits(account)
        let held = venue.committed.account(account)?.positions ?? [:]
        for listing in venue.committed.listings where held[listing.symbol] == nil && settings.seedShares > 0 {
            try await venue.adjustShares(
                of: account, in: listing.symbol, by: settings.seedShares, reason: "market maker inventory")
        }
    }

    /// The fair value of `ticker` (starting from its last price).
    public func fairValue(of ticker: TickerSymbol) -> Cents? { fairValues.value(of: ticker) }

    /// Moves every ticker's fair value one step.
    public func stepFairValues() { fairValues.step() }

    /// Jumps a ticker's fair value by `basisPoints` (a price shock); the next cycle quotes around it.
    public func shock(_ ticker: TickerSymbol, basisPoints: Int64) {
        guard let value = fairValues.shock(ticker, basisPoints: basisPoints) else { return }
        logger.info("Price shock on \(venue.id)/\(ticker): \(basisPoints) bp, fair value now \(value)")
    }

    /// One cycle on every ticker.
    public func requoteAll() async {
        for listing in venue.committed.listings { await requote(listing.symbol) }
    }

    /// Moves the quotes of `ticker` to where the fair value and inventory now put them.
    ///
    /// Each resting quote is replaced in place (the exchange's atomic amendment: a lower quantity at the
    /// same price keeps its place, anything else takes a new id), so a side of the book is never empty
    /// between the cancel of a stale quote and the placing of a fresh one; quotes the plan no longer has
    /// are cancelled and new levels placed. Quotes that shrink or go are handled before those that grow or
    /// arrive, so the quoted total moves from the old plan's to the new one's without passing either: the
    /// inventory limit holds at every instant. On its first cycle it clears any quotes it does not know
    /// (those of an earlier run). Refusals (a halted ticker, say) leave the quotes as they were until the
    /// next cycle.
    public func requote(_ ticker: TickerSymbol) async {
        await requoting.withLock { await requoteAlone(ticker) }
    }

    private func requoteAlone(_ ticker: TickerSymbol) async {
        if !quotes.withLock({ $0.keys.contains(ticker) }) {
            do {
                try await venue.cancelAll(of: account, in: ticker, reason: .requested)
            } catch {
                logger.warning("Market maker could not clear its \(ticker) quotes in \(venue.id): \(error)")
                return
            }
            quotes.withLock { $0[ticker] = [] }
        }
        guard let fair = fairValue(of: ticker), let listing = venue.committed.quote(ticker)?.listing,
            let holdings = venue.committed.account(account)
        else { return }
        let position = holdings.position(in: ticker)
        let resting = quotes.withLock { $0[ticker] ?? [] }.compactMap { quote in
            venue.committed.restingOrder(quote.id, in: ticker).map { (order: $0, side: quote.side) }
        }
        // What its quotes hold counts as available: each one is replaced, not added to.
        let plan = QuotePlan(
            fairValue: fair, tickSize: listing.tickSize, inventory: position.total - settings.seedShares,
            sellableShares: position.total, spendableCash: holdings.totalCash - Cents(holdings.totalCash.value / 50),
            policy: settings.policy(for: ticker))
        var sides: [(side: Side, steps: [(quote: RestingOrder?, target: PlannedQuote?)])] = []
        for side in [Side.buy, .sell] {
            let old = resting.filter { $0.side == side }.map(\.order)
                .sorted { side == .buy ? $0.price > $1.price : $0.price < $1.price }
            let new = side == .buy ? plan.bids : plan.asks
            var steps = (0..<max(old.count, new.count)).map {
                (quote: $0 < old.count ? old[$0] : nil, target: $0 < new.count ? new[$0] : nil)
            }
            // Shrinking and cancelling first, growing and placing after.
            steps.sort { change(of: $0) < change(of: $1) }
            sides.append((side, steps))
        }
        // The side moving away from the other goes first, so no new quote meets an old one of its own.
        let oldBest = resting.filter { $0.side == .buy }.map(\.order.price).max()
        if let newBest = plan.bids.first?.price, let oldBest, newBest > oldBest { sides.reverse() }
        var live: [Quote] = []
        for (side, steps) in sides {
            for step in steps {
                await replace(step.quote, with: step.target, side: side, in: ticker, keeping: &live)
            }
        }
        quotes.withLock { $0[ticker] = live }
    }

    /// One step of a requote: cancel, keep, amend or place, recording the quote that rests afterwards.
    private func replace(
        _ quote: RestingOrder?, with target: PlannedQuote?, side: Side, in ticker: TickerSymbol,
        keeping live: inout [Quote]
    ) async {
        let kept = quote.map { Quote(id: $0.id, side: side) }
        do {
            switch (quote, target) {
            case (let quote?, nil):
                _ = try await venue.cancel(quote.id, in: ticker, by: account)
            case (let quote?, let target?) where quote.price == target.price && quote.remaining == target.quantity:
                live.append(Quote(id: quote.id, side: side))
            case (let quote?, let target?):
                let result = try await venue.amend(
                    quote.id, in: ticker, by: account, price: target.price, quantity: target.quantity)
                if Self.rests(result) { live.append(Quote(id: result.acknowledgement.orderID, side: side)) }
            case (nil, let target?):
                let result = try await venue.submit(
                    OrderRequest(
                        account: account, ticker: ticker, side: target.side, kind: .limit(price: target.price),
                        quantity: target.quantity, timeInForce: .goodTillCancelled))
                if Self.rests(result) { live.append(Quote(id: result.acknowledgement.orderID, side: side)) }
            case (nil, nil):
                break
            }
        } catch is OrderRejection {
            if let kept { live.append(kept) }
        } catch {
            // Refused, already gone (filled meanwhile), or the venue stopped: keep it only if it still rests.
            if let kept, venue.committed.restingOrder(kept.id, in: ticker) != nil { live.append(kept) }
            if !(error is OrderChangeRejection) {
                logger.warning("Market maker could not requote \(ticker) in \(venue.id): \(error)")
            }
        }
    }

    private static func rests(_ result: OrderResult) -> Bool {
        result.acknowledgement.status == .open || result.acknowledgement.status == .partial
    }

    /// Steps fair values and requotes every ``MarketMakerSettings/refreshInterval`` until cancelled.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: settings.refreshInterval)
            } catch {
                return
            }
            stepFairValues()
            await requoteAll()
            venue.metrics.recordMarketMakerCycle(venue: venue.id)
        }
    }

    /// How far a step moves a quote's size: up for a new or larger quote, down for a smaller or cancelled one.
    private func change(of step: (quote: RestingOrder?, target: PlannedQuote?)) -> Shares {
        (step.target?.quantity ?? 0) - (step.quote?.remaining ?? 0)
    }
}
