import MarketCore
import Synchronization

/// One venue on the server: the live exchange that decides, the replica that holds only committed state
/// and answers every read, and the journal that makes each change durable before anyone hears of it.
public final class VenueRuntime: Sendable {
    public let id: String
    /// Where every time the venue records comes from.
    public let clock: any MarketClock
    /// Decides; may be a few milliseconds ahead of the disk.
    let live: Venue
    /// Committed state only, updated by the journal after each commit: what reads show.
    public let committed: Venue
    private let journal: Journal
    private let access: Mutex<Access>
    private let storedSettings: Mutex<VenueSettings>
    /// What each account did lately, for the admin console.
    let activity = AgentActivity()
    /// Each account's committed orders and trades.
    private let accounts: Mutex<AccountIndex>
    /// The server's instruments, shared with the journal that serves this venue.
    var metrics: ServerMetrics { journal.metrics }

    /// Who besides admins administers the venue, and who may trade in it.
    private struct Access {
        var hosts: Set<UserID>
        /// `nil`: every account holder trades; otherwise only these accounts (a tournament's entrants).
        var traders: Set<AccountID>?
    }

    init(
        id: String, live: Venue, journal: Journal, settings: VenueSettings, clock: any MarketClock,
        hosts: Set<UserID> = [], accounts: AccountIndex = AccountIndex()
    ) {
        self.id = id
        self.clock = clock
        self.live = live
        self.committed = Venue(id: id, restoring: live.snapshot())
        self.accounts = Mutex(accounts)
        self.journal = journal
        self.access = Mutex(Access(hosts: hosts, traders: nil))
        self.storedSettings = Mutex(settings)
    }

    /// Its name, starting cash, visibility and market life.
    public var settings: VenueSettings { storedSettings.withLock { $0 } }

    /// Whether `user` is one of the venue's hosts.
    public func isHost(_ user: UserID) -> Bool { access.withLock { $0.hosts.contains(user) } }

    public var hosts: Set<UserID> { access.withLock { $0.hosts } }

    func setHost(_ user: UserID, _ isHost: Bool) {
        access.withLock { access in
            if isHost { access.hosts.insert(user) } else { access.hosts.remove(user) }
        }
    }

    /// Whether `account` may place orders here: anyone with an account, unless the venue admits only
    /// listed traders.
    public func admitsOrders(from account: AccountID) -> Bool {
        access.withLock { $0.traders?.contains(account) ?? true }
    }

    /// Limits trading to `traders` (`nil`: every account holder).
    func restrictTrading(to traders: Set<AccountID>?) { access.withLock { $0.traders = traders } }

    /// Admits one more trader, or stops admitting one, in a venue restricted to listed traders.
    func setAdmitted(_ account: AccountID, _ admitted: Bool) {
        access.withLock { access in
            if admitted { access.traders?.insert(account) } else { access.traders?.remove(account) }
        }
    }

    /// Places an order; returns once it is durable.
    public func submit(_ request: OrderRequest) async throws -> OrderResult {
        do {
            return try await durably {
                try live.submit(request, at: clock.now())
            } events: {
                $0.events
            }
        } catch let rejection as OrderRejection {
            activity.rejected(request.account, code: rejection.errorAnswer.error, at: clock.now())
            metrics.recordRejection(rejection, venue: id)
            throw rejection
        }
    }

    /// What `request` would do if placed now; places nothing.
    public func preview(_ request: OrderRequest) throws(OrderRejection) -> OrderPreview {
        try live.preview(request)
    }

    /// Places a one-cancels-other pair; returns once both legs are durable.
    public func submitPair(_ legs: (OrderRequest, OrderRequest)) async throws -> OrderPairResult {
        do {
            return try await durably {
                try live.submitPair(legs.0, legs.1, at: clock.now())
            } events: {
                $0.events
            }
        } catch let rejection as OrderRejection {
            activity.rejected(legs.0.account, code: rejection.errorAnswer.error, at: clock.now())
            metrics.recordRejection(rejection, venue: id)
            throw rejection
        }
    }

    /// Cancels a resting order; returns once the cancellation is durable.
    public func cancel(_ order: OrderID, in ticker: TickerSymbol, by account: AccountID?) async throws -> [Event] {
        try await durably {
            try live.cancel(order, in: ticker, by: account, at: clock.now())
        } events: {
            $0
        }
    }

    public func amend(
        _ order: OrderID, in ticker: TickerSymbol, by account: AccountID?, price: Cents?, quantity: Shares?
    ) async throws -> OrderResult {
        try await durably {
            try live.amend(order, in: ticker, by: account, price: price, quantity: quantity, at: clock.now())
        } events: {
            $0.events
        }
    }

    public func openAccount(_ account: AccountID, cash: Cents) async throws {
        _ = try await durably {
            try live.openAccount(account, cash: cash, at: clock.now())
        } events: {
            [$0]
        }
    }

    public func adjustCash(of account: AccountID, by amount: Cents, reason: String) async throws {
        _ = try await durably {
            try live.adjustCash(of: account, by: amount, reason: reason, at: clock.now())
        } events: {
            [$0]
        }
    }

    public func adjustShares(of account: AccountID, in ticker: TickerSymbol, by amount: Shares, reason: String)
        async throws
    {
        _ = try await durably {
            try live.adjustShares(of: account, in: ticker, by: amount, reason: reason, at: clock.now())
        } events: {
            [$0]
        }
    }

    public func list(_ listing: TickerListing) async throws {
        _ = try await durably {
            try live.list(listing, at: clock.now())
        } events: {
            [$0]
        }
    }

    public func setFeeSchedule(_ fees: FeeSchedule) async throws {
        _ = try await durably {
            try live.setFeeSchedule(fees, at: clock.now())
        } events: {
            [$0]
        }
    }

    /// Turns short selling on with these margins, or off.
    public func setShortSelling(_ rules: ShortSelling?) async throws {
        _ = try await durably {
            try live.setShortSelling(rules, at: clock.now())
        } events: {
            [$0]
        }
    }

    /// Turns short selling on or off for one account, at its own request.
    public func setShortSelling(of account: AccountID, enabled: Bool) async throws {
        _ = try await durably {
            try live.setShortSelling(of: account, enabled: enabled, at: clock.now())
        } events: {
            [$0]
        }
    }

    /// Trips an account's safety limit: its orders are cancelled and it places none until reset. No events
    /// when it was tripped already.
    @discardableResult
    public func tripRiskLimit(_ trip: RiskLimitTrip) async throws -> [Event] {
        try await durably {
            try live.tripRiskLimit(trip, at: clock.now())
        } events: {
            $0
        }
    }

    /// Halts or resumes one ticker, or the whole venue when `ticker` is `nil`.
    public func setTradingStatus(_ status: TradingStatus, of ticker: TickerSymbol?) async throws {
        _ = try await durably {
            try live.setTradingStatus(status, of: ticker, at: clock.now())
        } events: {
            [$0]
        }
    }

    public func setRiskLimits(_ limits: RiskLimits) async throws {
        _ = try await durably {
            live.setRiskLimits(limits, at: clock.now())
        } events: {
            [$0]
        }
    }

    /// Exempts one of the venue's own accounts (its market maker) from the position and open-order limits.
    public func exemptFromAccountLimits(_ account: AccountID) async throws {
        _ = try await durably {
            live.exemptFromAccountLimits(account, at: clock.now())
        } events: {
            $0.map { [$0] } ?? []
        }
    }

    /// Cancels every resting order of `account` (all accounts when `nil`) in `ticker` (all when `nil`).
    @discardableResult
    public func cancelAll(of account: AccountID?, in ticker: TickerSymbol?, reason: CancellationReason) async throws
        -> [Event]
    {
        try await durably {
            live.cancelAll(of: account, in: ticker, reason: reason, at: clock.now())
        } events: {
            $0
        }
    }

    /// Pays a cash dividend to every holder of `ticker`; `nil` when nobody holds it.
    @discardableResult
    public func payDividend(on ticker: TickerSymbol, amountPerShare: Cents) async throws -> DividendPayment? {
        let event = try await durably {
            try live.payDividend(on: ticker, amountPerShare: amountPerShare, at: clock.now())
        } events: {
            $0.map { [$0] } ?? []
        }
        guard case .dividendPaid(let payment)? = event?.kind else { return nil }
        return payment
    }

    /// Publishes a scheduled headline; returns once it is durable.
    public func publish(_ news: NewsItem) async throws {
        _ = try await durably {
            try live.publish(news, at: clock.now())
        } events: {
            [$0]
        }
    }

    /// Replaces the venue's settings (their stored copy is the caller's to write).
    func replaceSettings(_ settings: VenueSettings) { storedSettings.withLock { $0 = settings } }

    /// Runs an administrator's change on the live venue and journals it with its audit record, both
    /// committed in one transaction; returns once they are durable. `change` gets the venue and the time by
    /// its clock, and returns its outcome, the events it made and the record (built after the change, so it
    /// can state the values after it).
    func administer<Outcome>(
        _ change: (Venue, Timestamp) throws -> (outcome: Outcome, events: [Event], record: AuditRecord)
    ) async throws -> Outcome {
        try await durably(together: true) {
            let now = clock.now()
            let (outcome, events, record) = try change(live, now)
            return (outcome, events + [live.record(record, at: now)])
        } events: {
            $0.1
        }.0
    }

    /// Applies what the journal committed to the replica and the account index that reads come from.
    func applyCommitted(_ batch: JournalBatch) {
        for event in batch.events { committed.apply(event) }
        accounts.withLock { $0.record(batch) }
        activity.note(batch.events)
    }

    /// The committed orders of `account` with one of `statuses`, newest first, a page of them.
    func orders(of account: AccountID, in statuses: Set<OrderStatus>, offset: Int, limit: Int) -> [OrderID] {
        accounts.withLock { $0.orders(of: account, in: statuses, offset: offset, limit: limit) }
    }

    /// The committed trades of `account`, in `ticker` only if given, newest first, a page of them.
    func trades(of account: AccountID, in ticker: TickerSymbol?, offset: Int, limit: Int) -> [TradeID] {
        accounts.withLock { $0.trades(of: account, in: ticker, offset: offset, limit: limit) }
    }

    /// Runs a change on the live venue, queues its events in the same breath, and waits until they are
    /// durable. A duplicate order (no events of its own) waits for everything decided before it, so its
    /// first answer is durable too.
    private func durably<Outcome>(
        together: Bool = false, _ change: () throws -> Outcome, events: (Outcome) -> [Event]
    ) async throws -> Outcome {
        if let stopped = journal.stopped { throw VenueUnavailable(venue: id, reason: stopped.reason) }
        let outcome = try change()
        let produced = events(outcome)
        journal.enqueue(produced, venue: id, together: together)
        do {
            try await journal.waitUntilDurable(venue: id, through: produced.last?.sequence ?? live.lastSequence)
        } catch let stopped as Journal.Stopped {
            throw VenueUnavailable(venue: id, reason: stopped.reason)
        }
        return outcome
    }
}

/// The venue cannot take changes: its journal stopped after a failed commit.
public struct VenueUnavailable: Error {
    public let venue: String
    public let reason: String
}
