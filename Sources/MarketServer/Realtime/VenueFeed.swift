import MarketCore
import NIOCore
import Synchronization

/// One venue's part of the feed: turns committed events into channel messages, and publishes throttled
/// snapshots of the books and prices that changed, read from the committed replica (what REST shows).
final class VenueFeed: Sendable {
    private struct Changes {
        var tickers: Set<TickerSymbol> = []
        var prices = false
    }

    let runtime: VenueRuntime
    private let hub: RealtimeFeed
    private let changes = Mutex(Changes())
    private let inbox: AsyncStream<[Event]>.Continuation
    private let batches: AsyncStream<[Event]>

    init(runtime: VenueRuntime, hub: RealtimeFeed) {
        self.runtime = runtime
        self.hub = hub
        (batches, inbox) = AsyncStream.makeStream(of: [Event].self)
    }

    private var venue: String { runtime.id }

    /// Called by the journal after `events` are committed and applied to the replica, in commit order. It only
    /// queues them: the fan-out to subscribers runs in ``run()``, so the journal writer, and every order
    /// waiting on it, never waits for subscribers.
    func publish(committed events: [Event]) {
        inbox.yield(events)
    }

    /// Publishes committed batches in commit order until ``finish()``.
    func run() async {
        for await events in batches {
            let firings = fanOut(events)
            if let webhooks = hub.webhooks {
                webhooks.observe(events, in: venue)
                do {
                    try await webhooks.queue(firings, in: venue)
                } catch {
                    // Not queued, so the alerts' state is not written either: after a restart they fire again.
                    continue
                }
            }
            guard let alerts = hub.alerts else { continue }
            do {
                try await alerts.saveChanges(in: venue)
            } catch {
                // The firings were sent; their state is written with the next batch that changes one.
                continue
            }
        }
    }

    func finish() { inbox.finish() }

    /// Publishes `events` to the channels; answers the price alerts their trades fired.
    private func fanOut(_ events: [Event]) -> [PriceAlerts.Firing] {
        var touched: Set<TickerSymbol> = []
        // Each ticker's trades of the batch, published together once the batch is read.
        var trades: [TickerSymbol: [Trade]] = [:]
        for event in events {
            if let ticker = event.kind.ticker { touched.insert(ticker) }
            for update in PrivateUpdate.of(event) { toAccount(update.account, update.message) }
            switch event.kind {
            case .tradeExecuted(let trade):
                trades[trade.ticker, default: []].append(trade)
            case .newsPublished(let news):
                hub.publish(venue: venue, channel: .news) {
                    FeedMessage.encode(
                        FeedMessage.News(
                            sequence: $0, item: NewsAnswer.Item(news, sequence: event.sequence, at: event.timestamp)))
                }
            default:
                break
            }
        }
        var firings: [PriceAlerts.Firing] = []
        for (ticker, batch) in trades {
            hub.publish(venue: venue, channel: .trades(ticker), count: batch.count) { index, sequence in
                FeedMessage.encode(FeedMessage.PublicTrade(batch[index], sequence: sequence))
            }
            for firing in hub.alerts?.observe(batch, of: ticker, in: venue) ?? [] {
                toAccount(AccountID(firing.alert.owner.rawValue)) { FeedMessage.Alert(firing, sequence: $0) }
                firings.append(firing)
            }
        }
        if !touched.isEmpty
            || events.contains(where: { if case .tradingStatusChanged = $0.kind { true } else { false } })
        {
            changes.withLock { changes in
                changes.tickers.formUnion(touched)
                changes.prices = true
            }
        }
        return firings
    }

    /// Publishes the order books and prices that changed since the last call.
    func publishSnapshots() {
        let due = changes.withLock { changes -> Changes in
            defer { changes = Changes() }
            return changes
        }
        for ticker in due.tickers.sorted() where hub.hasSubscribers(venue: venue, channel: .orderBook(ticker)) {
            hub.publish(venue: venue, channel: .orderBook(ticker)) { orderBookMessage(ticker, sequence: $0) }
        }
        if due.prices, hub.hasSubscribers(venue: venue, channel: .prices) {
            hub.publish(venue: venue, channel: .prices) { pricesMessage(sequence: $0) }
        }
    }

    func orderBookMessage(_ ticker: TickerSymbol, sequence: UInt64) -> ByteBuffer? {
        guard let depth = runtime.committed.depth(ticker, levels: hub.settings.orderBookLevels) else { return nil }
        return FeedMessage.encode(FeedMessage.OrderBook(depth, sequence: sequence))
    }

    func pricesMessage(sequence: UInt64) -> ByteBuffer? {
        var data: [String: TickerSummary] = [:]
        for listing in runtime.committed.listings {
            if let quote = runtime.committed.quote(listing.symbol) {
                data[listing.symbol.rawValue] = TickerSummary(quote)
            }
        }
        return FeedMessage.encode(FeedMessage.Prices(sequence: sequence, data: data))
    }

    private func toAccount(_ account: AccountID, _ message: (UInt64) -> any Encodable) {
        guard hub.hasSubscribers(venue: venue, channel: .account(account)) else { return }
        hub.publish(venue: venue, channel: .account(account)) { FeedMessage.encode(message($0)) }
    }
}
