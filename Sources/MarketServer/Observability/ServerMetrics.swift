import MarketCore
import Metrics
import Prometheus
import Synchronization

/// The server's instruments, recorded through swift-metrics into a Prometheus registry of its own.
///
/// Each server has its own registry rather than swift-metrics' global one: the global factory can be set once
/// per process, while tests start many servers in one process and each must see only its own figures.
/// Every label has a bounded set of values: route templates (never raw paths), status codes, venue ids,
/// ticker symbols and rejection codes.
public final class ServerMetrics: Sendable {
    /// What `GET /metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    /// Each answered kind of request's counter and timer, made on first use: looking an instrument up by
    /// name and dimensions costs more than the count itself, and every request records one.
    private let requestInstruments = Mutex<[RequestKind: (requests: Metrics.Counter, duration: Metrics.Timer)]>([:])

    private struct RequestKind: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        let latency: [Duration] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .milliseconds(2_500), .seconds(10),
        ]
        factory.durationHistogramBuckets = [Name.requestDuration: latency, Name.commitDuration: latency]
        factory.valueHistogramBuckets = [
            Name.batchEvents: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1_024, 2_048, 4_000]
        ]
        self.factory = factory
    }

    /// The metric names, as Prometheus shows them.
    enum Name {
        static let requests = "marketsim_http_requests_total"
        static let requestDuration = "marketsim_http_request_duration_seconds"
        static let ordersAccepted = "marketsim_orders_accepted_total"
        static let ordersRejected = "marketsim_orders_rejected_total"
        static let trades = "marketsim_trades_total"
        static let tradedShares = "marketsim_traded_shares_total"
        static let commitDuration = "marketsim_journal_commit_duration_seconds"
        static let batchEvents = "marketsim_journal_batch_events"
        static let journalFailures = "marketsim_journal_failures_total"
        static let subscribers = "marketsim_websocket_connections"
        static let subscriberDrops = "marketsim_websocket_drops_total"
        static let makerCycles = "marketsim_market_maker_cycles_total"
        static let venueAccepting = "marketsim_venue_accepting_orders"
        static let venueEvents = "marketsim_venue_committed_events"
        static let tickerHalted = "marketsim_ticker_halted"
        static let connectionTimeouts = "marketsim_http_connection_timeouts_total"
        static let authenticationFailures = "marketsim_authentication_failures_total"
    }

    // MARK: HTTP

    /// One answered request, by route template (`/api/venues/{venue}/orders`), method and status.
    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let kind = RequestKind(method: method, route: route, status: status)
        let instruments = requestInstruments.withLock { instruments in
            if let made = instruments[kind] { return made }
            let made = (
                requests: Counter(
                    label: Name.requests,
                    dimensions: [("method", method), ("route", route), ("status", String(status))],
                    factory: factory),
                duration: Timer(
                    label: Name.requestDuration, dimensions: [("method", method), ("route", route)], factory: factory)
            )
            instruments[kind] = made
            return made
        }
        instruments.requests.increment()
        instruments.duration.recordNanoseconds(duration.nanoseconds)
    }

    /// A connection closed for taking too long over a request's head or body.
    func recordConnectionTimeout() {
        Counter(label: Name.connectionTimeouts, factory: factory).increment()
    }

    /// A failed login (`password`, `throttled`) or a request with an unknown credential (`api_key`, `token`).
    func recordAuthenticationFailure(_ kind: String) {
        Counter(label: Name.authenticationFailures, dimensions: [("kind", kind)], factory: factory).increment()
    }

    // MARK: Orders and the journal

    /// An order the venue refused, by the machine code of its error answer (`insufficient_cash`, ...).
    func recordRejection(_ rejection: OrderRejection, venue: String) {
        Counter(
            label: Name.ordersRejected, dimensions: [("venue", venue), ("reason", rejection.errorAnswer.error)],
            factory: factory
        ).increment()
    }

    /// One transaction of the journal: how long the commit took and how many events it made durable.
    func recordCommit(events: Int, duration: Duration) {
        Timer(label: Name.commitDuration, factory: factory).recordNanoseconds(duration.nanoseconds)
        Recorder(label: Name.batchEvents, factory: factory).record(events)
    }

    /// Counts the orders accepted and the trades among a venue's newly committed events: counted once durable,
    /// so the figures never include what a crash took back.
    func recordCommitted(_ events: [Event], venue: String) {
        var accepted = 0
        var trades = 0
        var shares: Int64 = 0
        for event in events {
            switch event.kind {
            case .orderAccepted: accepted += 1
            case .tradeExecuted(let trade):
                trades += 1
                shares += trade.quantity.value
            default: continue
            }
        }
        let venueLabel = [("venue", venue)]
        if accepted > 0 {
            Counter(label: Name.ordersAccepted, dimensions: venueLabel, factory: factory).increment(by: accepted)
        }
        if trades > 0 {
            Counter(label: Name.trades, dimensions: venueLabel, factory: factory).increment(by: trades)
            Counter(label: Name.tradedShares, dimensions: venueLabel, factory: factory).increment(by: shares)
        }
    }

    /// The journal stopped after a failed commit.
    func recordJournalFailure() {
        Counter(label: Name.journalFailures, factory: factory).increment()
    }

    // MARK: Market life

    /// One quoting cycle of a venue's market maker.
    func recordMarketMakerCycle(venue: String) {
        Counter(label: Name.makerCycles, dimensions: [("venue", venue)], factory: factory).increment()
    }

    // MARK: State read when scraped

    /// Sets the gauges that describe the server as it is now: WebSocket connections, and each venue's
    /// status, committed events and halted tickers. Called just before the registry is rendered.
    func recordState(venues: [VenueRuntime], feed: RealtimeFeed, journalStopped: Bool) {
        Gauge(label: Name.subscribers, factory: factory).record(feed.subscriberCount)
        let drops = Counter(label: Name.subscriberDrops, factory: factory)
        let newDrops = reportedDrops.withLock { reported in
            let total = feed.droppedSubscribers
            defer { reported = max(reported, total) }
            return max(0, total - reported)
        }
        if newDrops > 0 { drops.increment(by: newDrops) }
        for venue in venues {
            let state = venue.committed
            let venueLabel = ("venue", venue.id)
            let open: Bool
            if case .open = state.currentRules.status { open = !journalStopped } else { open = false }
            Gauge(label: Name.venueAccepting, dimensions: [venueLabel], factory: factory).record(open ? 1 : 0)
            Gauge(label: Name.venueEvents, dimensions: [venueLabel], factory: factory).record(Int64(state.lastSequence))
            for listing in state.listings {
                let halted = state.quote(listing.symbol)?.haltReason != nil
                Gauge(
                    label: Name.tickerHalted, dimensions: [venueLabel, ("ticker", listing.symbol.rawValue)],
                    factory: factory
                ).record(halted ? 1 : 0)
            }
        }
    }

    /// How many of the feed's dropped subscribers the drop counter already shows.
    private let reportedDrops = Mutex(0)
}

extension Duration {
    /// The whole nanoseconds of this duration, saturating at `Int64.max`.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
