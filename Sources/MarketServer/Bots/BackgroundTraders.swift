import Logging
import MarketCore
import Synchronization

/// A venue's population of background traders: ordinary accounts that trade through the same order path as
/// anyone (journalled, audited, bound by the venue's limits), so a market trades with nobody else present.
///
/// At each step, ticker by ticker in listing order and trader by trader in account order, each trader
/// decides from what it sees (``TraderStyle/decide(_:behaviour:using:)``) with one seeded generator, and its
/// order is placed before the next trader looks. A resting order of a noise trader is replaced by its next
/// one on that ticker, so the population never keeps more than one order per trader and ticker. Same seed,
/// same venue, same orders from outside at the same points: the same orders from the population.
public final class BackgroundTraders: Sendable {
    public let venue: VenueRuntime
    public let settings: BackgroundTraderSettings
    /// The accounts, with their styles, in the order they act.
    public let traders: [(account: AccountID, style: TraderStyle)]
    public let fairValues: FairValues
    /// Whether its steps move the fair values: only when no market maker runs to do it.
    private let stepsFairValues: Bool
    private let random: Mutex<SeededGenerator>
    /// Last prices at each of the latest steps, per ticker, newest last: what momentum traders look back on.
    private let history = Mutex<[TickerSymbol: [Cents]]>([:])
    /// Each trader's resting order per ticker, by the trader's index.
    private let resting = Mutex<[Int: [TickerSymbol: OrderID]]>([:])
    private let logger: Logger

    init(
        venue: VenueRuntime, traders: [(account: AccountID, style: TraderStyle)], settings: BackgroundTraderSettings,
        fairValues: FairValues, stepsFairValues: Bool, logger: Logger
    ) {
        self.venue = venue
        self.traders = traders
        self.settings = settings
        self.fairValues = fairValues
        self.stepsFairValues = stepsFairValues
        self.logger = logger
        var seed = settings.randomSeed
        for byte in venue.id.utf8 { seed = seed &* 31 &+ UInt64(byte) }
        random = Mutex(SeededGenerator(seed: seed))
    }

    /// Opens each trader's account with its seed cash and shares if it has none, through the journal, and
    /// cancels the orders an earlier run left resting, which no trader of this run would replace.
    func prepareAccounts() async throws {
        for trader in traders where (venue.committed.account(trader.account)?.openOrders ?? 0) > 0 {
            try await venue.cancelAll(of: trader.account, in: nil, reason: .requested)
        }
        for trader in traders where venue.committed.account(trader.account) == nil {
            try await venue.openAccount(trader.account, cash: settings.seedCash)
            for listing in venue.committed.listings where settings.seedShares > 0 {
                try await venue.adjustShares(
                    of: trader.account, in: listing.symbol, by: settings.seedShares,
                    reason: "background trader inventory")
            }
        }
    }

    /// One step: fair values move (when no market maker moves them), then every trader may act on every ticker.
    public func step() async {
        if stepsFairValues { fairValues.step() }
        let lookback = max(settings.momentum.lookback, 1)
        for listing in venue.committed.listings {
            let ticker = listing.symbol
            guard let quote = venue.committed.quote(ticker), quote.haltReason == nil,
                let fair = fairValues.value(of: ticker)
            else { continue }
            let past = history.withLock { history in
                var prices = history[ticker] ?? []
                prices.append(quote.lastPrice)
                if prices.count > lookback + 1 { prices.removeFirst(prices.count - lookback - 1) }
                history[ticker] = prices
                return prices.count > lookback ? prices.first : nil
            }
            for (index, trader) in traders.enumerated() {
                await act(index, trader, on: listing, fairValue: fair, pastPrice: past)
            }
        }
    }

    /// One trader's turn on one ticker.
    private func act(
        _ index: Int, _ trader: (account: AccountID, style: TraderStyle), on listing: TickerListing, fairValue: Cents,
        pastPrice: Cents?
    ) async {
        let ticker = listing.symbol
        guard let quote = venue.committed.quote(ticker), let account = venue.committed.account(trader.account) else {
            return
        }
        let position = account.position(in: ticker)
        let view = TraderView(
            fairValue: fairValue, bestBid: quote.bestBid, bestAsk: quote.bestAsk, lastPrice: quote.lastPrice,
            pastPrice: pastPrice, tickSize: listing.tickSize, sellableShares: position.shares,
            spendableCash: account.cash - Cents(account.cash.value / 50))
        let decided = random.withLock {
            trader.style.decide(view, behaviour: settings.behaviour(of: trader.style), using: &$0)
        }
        guard let order = decided else { return }
        do {
            if let previous = resting.withLock({ $0[index]?[ticker] }),
                venue.committed.restingOrder(previous, in: ticker) != nil
            {
                _ = try await venue.cancel(previous, in: ticker, by: trader.account)
            }
            let result = try await venue.submit(
                OrderRequest(
                    account: trader.account, ticker: ticker, side: order.side, kind: .limit(price: order.price),
                    quantity: order.quantity, timeInForce: order.crosses ? .immediateOrCancel : .goodTillCancelled))
            let status = result.acknowledgement.status
            let rests = !order.crosses && (status == .open || status == .partial)
            resting.withLock { $0[index, default: [:]][ticker] = rests ? result.acknowledgement.orderID : nil }
        } catch is OrderRejection {
            // Refused by the venue's rules (a limit, a halt): the trader sits this step out.
        } catch {
            if !(error is OrderChangeRejection) {
                logger.warning("Background trader could not trade \(ticker) in \(venue.id): \(error)")
            }
        }
    }

    /// Steps every ``BackgroundTraderSettings/stepInterval`` until cancelled.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: settings.stepInterval)
            } catch {
                return
            }
            await step()
        }
    }
}
