import Logging
import MarketCore
import ServiceLifecycle
import Synchronization

/// Every account's safety switches: the losses it allows itself in a venue (a day's, and a drawdown from
/// its peak equity), and those the venue's host sets for all its accounts but the house's; the stricter of the two binds.
///
/// Equity is the account's total value at last prices, as the portfolio shows it, read from the committed
/// replica. ``check()`` measures every watched account of each venue that changed since the last check:
/// a new day opens at the equity it finds, a new high raises the peak, and a loss that reaches a limit trips
/// the account through its venue (journalled, audited as the exchange's act, and sent on the account's
/// private channel). The marks are written after each check, so a restart measures from them.
final class LossLimitSwitches: Sendable {
    struct Key: Hashable, Sendable {
        let venue: String
        let account: AccountID
    }

    private struct State {
        var own: [Key: LossLimits] = [:]
        var venueWide: [String: LossLimits] = [:]
        var marks: [Key: EquityMarks] = [:]
        /// Bumped each time an account's marks restart: a check that read the older marks neither writes nor
        /// trips on them.
        var generations: [Key: Int] = [:]
        /// Each venue's house accounts (market maker, background traders), which a venue's limits leave out,
        /// and when they were read: the house can grow while the server runs.
        var house: [String: (accounts: Set<AccountID>, readAt: ContinuousClock.Instant)] = [:]
        /// Each venue's committed sequence at its last check.
        var checked: [String: UInt64] = [:]
    }

    private let state: Mutex<State>
    private let store: LossLimitStore
    private let venues: VenueDirectory
    private let logger: Logger

    private init(store: LossLimitStore, venues: VenueDirectory, logger: Logger, state: State) {
        self.store = store
        self.venues = venues
        self.logger = logger
        self.state = Mutex(state)
    }

    /// The limits and marks stored in `database`.
    static func load(database: Database, venues: VenueDirectory, logger: Logger) async throws -> LossLimitSwitches {
        let store = LossLimitStore(database: database)
        let stored = try await store.all()
        return LossLimitSwitches(
            store: store, venues: venues, logger: logger,
            state: State(own: stored.accounts, venueWide: stored.venues, marks: stored.marks))
    }

    /// `key`'s own limits, its venue's, and the marks its losses are measured from (`nil` while unwatched).
    func status(of key: Key) -> (own: LossLimits, venue: LossLimits, marks: EquityMarks?) {
        state.withLock { ($0.own[key] ?? .none, $0.venueWide[key.venue] ?? .none, $0.marks[key]) }
    }

    /// A venue's limits for all its accounts.
    func venueLimits(of venue: String) -> LossLimits { state.withLock { $0.venueWide[venue] ?? .none } }

    /// Sets `key`'s own limits; its losses are measured from its equity now.
    func set(_ limits: LossLimits, for key: Key) async throws {
        try await store.save(limits, for: key)
        state.withLock { $0.own[key] = limits.isEmpty ? nil : limits }
        try await restartMarks(of: key)
    }

    /// Sets a venue's limits for all its accounts; accounts not watched before are measured from now.
    func setVenueLimits(_ limits: LossLimits, of venue: String) async throws {
        try await store.save(limits, forVenue: venue)
        state.withLock {
            $0.venueWide[venue] = limits.isEmpty ? nil : limits
            $0.checked[venue] = nil
        }
    }

    /// Measures `key`'s losses from its equity now, as after a reset: otherwise the loss that tripped the
    /// limit would trip it again at once.
    func restartMarks(of key: Key) async throws {
        guard let venue = venues.venue(key.venue), let account = venue.committed.account(key.account) else { return }
        let equity = Valuation(account: account, prices: PortfolioRoutes.lastPrices(of: venue)).total
        let marks = EquityMarks(startingAt: equity, at: venue.clock.now())
        state.withLock {
            $0.marks[key] = marks
            $0.generations[key, default: 0] += 1
        }
        try await store.save([key: marks])
    }

    /// Checks every watched account of each venue that changed since the last check, and trips those whose
    /// losses reached a limit.
    func check() async {
        for venue in venues.all {
            do {
                try await check(venue)
            } catch {
                logger.error("Loss limits of venue \(venue.id) not checked: \(error)")
            }
        }
    }

    private func check(_ venue: VenueRuntime) async throws {
        let sequence = venue.committed.lastSequence
        let (own, venueWide, marks, generations, isDue) = state.withLock { state in
            let own = state.own.filter { $0.key.venue == venue.id }
            let isDue = state.checked[venue.id] != sequence && (!own.isEmpty || state.venueWide[venue.id] != nil)
            return (own, state.venueWide[venue.id] ?? .none, state.marks, state.generations, isDue)
        }
        guard isDue else { return }
        let now = venue.clock.now()
        let prices = PortfolioRoutes.lastPrices(of: venue)
        let accounts: [(AccountID, Account)]
        if venueWide.isEmpty {
            accounts = own.keys.compactMap { key in venue.committed.account(key.account).map { (key.account, $0) } }
        } else {
            // A venue's limits bind its participants, not the house that keeps its market alive. An account
            // seen for the first time may be a house account made since the last read.
            let all = venue.committed.accounts
            let known = state.withLock { $0.house[venue.id]?.accounts } ?? []
            let isNew = all.keys.contains { !known.contains($0) && marks[Key(venue: venue.id, account: $0)] == nil }
            let house = try await houseAccounts(of: venue, reread: isNew)
            accounts = all.filter { !house.contains($0.key) }.map { ($0.key, $0.value) }
        }
        var changed: [Key: EquityMarks] = [:]
        var trips: [RiskLimitTrip] = []
        for (id, account) in accounts where account.trippedLimit == nil {
            let key = Key(venue: venue.id, account: id)
            let equity = Valuation(account: account, prices: prices).total
            let previous = marks[key] ?? EquityMarks(startingAt: equity, at: now)
            let next = previous.updated(with: equity, at: now)
            if next != marks[key] { changed[key] = next }
            let limits = (own[key] ?? .none).strictest(with: venueWide)
            if let trip = limits.trip(of: id, at: equity, against: next) { trips.append(trip) }
        }
        // Marks restarted meanwhile (a reset, new limits) win over what this check read.
        let current = state.withLock { state in
            let now = state.generations
            changed = changed.filter { now[$0.key] == generations[$0.key] }
            trips = trips.filter {
                let key = Key(venue: venue.id, account: $0.account)
                return now[key] == generations[key]
            }
            state.marks.merge(changed) { $1 }
            state.checked[venue.id] = sequence
            return changed
        }
        try await store.save(current)
        for trip in trips {
            try await venue.tripRiskLimit(trip)
            logger.info("Account \(trip.account) tripped its \(trip.limit.rawValue) limit in venue \(venue.id)")
        }
    }
}

extension LossLimitSwitches {
    /// `venue`'s house accounts, read again when `reread` or at most every ten seconds.
    fileprivate func houseAccounts(of venue: VenueRuntime, reread: Bool) async throws -> Set<AccountID> {
        let now = ContinuousClock.now
        if !reread, let cached = state.withLock({ $0.house[venue.id] }), now - cached.readAt < .seconds(10) {
            return cached.accounts
        }
        let accounts = try await store.houseAccounts(of: venue.id)
            .union(venue.committed.currentRules.limits.exemptAccounts)
        state.withLock { $0.house[venue.id] = (accounts, now) }
        return accounts
    }
}

/// Checks the loss limits now and then, off the order path, until the server shuts down.
struct LossLimitMonitor: Service {
    let switches: LossLimitSwitches
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await switches.check()
                try? await Task.sleep(for: interval)
            }
        }
    }
}
