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
    private let fairValues = Mutex<[TickerSymbol: FairValueProcess]>([:])
    private let random: Mutex<SeededGenerator>
    private let logger: Logger

    public init(venue: VenueRuntime, account: AccountID, settings: MarketMakerSettings, logger: Logger) {
        self.venue = venue
        self.account = account
        self.settings = settings
        self.logger = logger
        var seed = settings.randomSeed
        for byte in venue.id.utf8 { seed = seed &* 31 &+ UInt64(byte) }
        random = Mutex(SeededGenerator(seed: seed))
    }

    /// Opens the account with its seed cash if it has none, and gives it its target holding of every ticker
    /// it has never held. Both go through the journal as ordinary events.
    public func prepareAccount() async throws {
        if venue.committed.account(account) == nil {
            try await venue.openAccount(account, cash: settings.seedCash)
        }
        let held = venue.committed.account(account)?.positions ?? [:]
        for listing in venue.committed.listings where held[listing.symbol] == nil && settings.seedShares > 0 {
            try await venue.adjustShares(of: account, in: listing.symbol, by: settings.seedShares, reason: "market maker inventory")
        }
    }

    /// The fair value of `ticker` (starting from its last price).
    public func fairValue(of ticker: TickerSymbol) -> Cents? {
        process(for: ticker)?.value
    }

    /// Moves every ticker's fair value one step.
    public func stepFairValues() {
        for listing in venue.committed.listings {
            guard var process = process(for: listing.symbol) else { continue }
            random.withLock { _ = process.step(using: &$0) }
            fairValues.withLock { $0[listing.symbol] = process }
        }
    }

    /// Jumps a ticker's fair value by `basisPoints` (a price shock); the next cycle quotes around it.
    public func shock(_ ticker: TickerSymbol, basisPoints: Int64) {
        guard var process = process(for: ticker) else { return }
        process.shock(basisPoints: basisPoints)
        fairValues.withLock { $0[ticker] = process }
        logger.info("Price shock on \(venue.id)/\(ticker): \(basisPoints) bp, fair value now \(process.value)")
    }

    /// One cycle on every ticker.
    public func requoteAll() async {
        for listing in venue.committed.listings { await requote(listing.symbol) }
    }

    /// Cancels the stale quotes of `ticker` and places fresh ones. Refusals (a halted ticker, say) leave it
    /// without quotes until the next cycle.
    public func requote(_ ticker: TickerSymbol) async {
        do {
            try await venue.cancelAll(of: account, in: ticker, reason: .requested)
        } catch {
            logger.warning("Market maker could not cancel its \(ticker) quotes in \(venue.id): \(error)")
            return
        }
        guard let fair = fairValue(of: ticker), let listing = venue.committed.quote(ticker)?.listing,
            let holdings = venue.committed.account(account)
        else { return }
        let position = holdings.position(in: ticker)
        let plan = QuotePlan(
            fairValue: fair, tickSize: listing.tickSize, inventory: position.total - settings.seedShares,
            sellableShares: position.shares, spendableCash: holdings.cash - holdings.cash / 50,
            policy: settings.policy(for: ticker))
        for quote in plan.quotes {
            let request = OrderRequest(
                account: account, ticker: ticker, side: quote.side, kind: .limit(price: quote.price),
                quantity: quote.quantity, timeInForce: .goodTillCancelled)
            do {
                _ = try await venue.submit(request)
            } catch is OrderRejection {
                continue
            } catch {
                logger.warning("Market maker stopped quoting \(ticker) in \(venue.id): \(error)")
                return
            }
        }
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

    private func process(for ticker: TickerSymbol) -> FairValueProcess? {
        if let process = fairValues.withLock({ $0[ticker] }) { return process }
        guard let quote = venue.committed.quote(ticker) else { return nil }
        let process = FairValueProcess(
            initial: quote.lastPrice, tickSize: quote.listing.tickSize, parameters: settings.fairValue)
        return fairValues.withLock { values in
            if let existing = values[ticker] { return existing }
            values[ticker] = process
            return process
        }
    }
}
