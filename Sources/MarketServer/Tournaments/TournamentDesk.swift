import Logging
import MarketCore

/// Runs every tournament: creates its venue, moves it through its lifecycle (by its hosts or its
/// schedule), takes entries, snapshots equity and, at the end, freezes the standings.
///
/// An actor, so that transitions and entries of tournaments never interleave: a tournament cannot fill
/// past its maximum or complete twice.
actor TournamentDesk {
    private let store: TournamentStore
    private let venues: VenueDirectory
    private let life: MarketLife
    private let logger: Logger
    /// How often active tournaments' equity is recorded.
    let snapshotInterval: Duration
    private var lastSnapshot: [String: ContinuousClock.Instant] = [:]
    /// Told of each transition once it is stored: the tournament as it is now, and the status it left.
    private let onTransition: @Sendable (TournamentRecord, TournamentStatus) async -> Void

    init(
        database: Database, venues: VenueDirectory, life: MarketLife, snapshotInterval: Duration, logger: Logger,
        onTransition: @escaping @Sendable (TournamentRecord, TournamentStatus) async -> Void = { _, _ in }
    ) {
        self.onTransition = onTransition
        self.store = TournamentStore(database: database)
        self.venues = venues
        self.life = life
        self.snapshotInterval = snapshotInterval
        self.logger = logger
    }

    /// Puts every stored tournament back as it was: who may trade, and the market life of active ones.
    func recover() async throws {
        for tournament in try await store.list(statuses: TournamentStatus.allCases) {
            guard let venue = venues.venue(tournament.id) else { continue }
            let competing = try await store.entries(of: tournament.id).filter(\.isCompeting)
            venue.restrictTrading(to: Set(competing.map { AccountID($0.user.rawValue) }))
            if tournament.status == .active {
                try await life.start(venue, timedFrom: tournament.startsAt)
            }
        }
    }

    // MARK: Lifecycle

    /// Creates a tournament as a draft, with its venue halted until it starts; its creator hosts it unless
    /// they are an admin.
    func create(_ definition: TournamentDefinition, text: String, by user: AuthenticatedUser) async throws
        -> TournamentRecord
    {
        guard venues.venue(definition.id) == nil, try await store.find(definition.id) == nil else {
            throw TournamentError.exists(definition.id)
        }
        let venue = try await venues.create(definition.venue)
        venue.restrictTrading(to: [])
        try await venue.setTradingStatus(.halted(reason: "The tournament has not started"), of: nil)
        let tournament = TournamentRecord(definition: definition, createdBy: user.id, at: venue.clock.now())
        try await store.insert(tournament, definition: text)
        if !user.isAdmin { try await venues.setHost(user.id, of: venue, true, grantedBy: user.id) }
        logger.info("Tournament \(definition.id) created by \(user.username)")
        return tournament
    }

    /// Changes a draft's name, description, schedule, size or late entry; its venue's rules are changed through
    /// the venue's own routes.
    func edit(_ id: String, with edit: TournamentEdit) async throws -> (
        before: TournamentRecord, after: TournamentRecord
    ) {
        let tournament = try await find(id)
        guard tournament.status == .draft else { throw TournamentError.notDraft(tournament.status) }
        let now = try venue(of: id).clock.now()
        let edited = try edit.applied(to: tournament, now: now)
        guard edited != tournament else { return (tournament, tournament) }
        guard try await store.updateDraft(edited, at: now) else { throw TournamentError.notDraft(tournament.status) }
        return (tournament, try await find(id))
    }

    /// Moves a tournament to `next` if its lifecycle allows, doing what that status means.
    @discardableResult
    func transition(_ id: String, to next: TournamentStatus) async throws -> TournamentRecord {
        var tournament = try await find(id)
        guard tournament.status.allowsTransition(to: next) else {
            throw TournamentError.transitionRefused(from: tournament.status, to: next)
        }
        let venue = try venue(of: id)
        switch next {
        case .draft:
            break
        case .open:
            try await store.setStatus(.open, of: id, at: venue.clock.now())
        case .active:
            try await venue.setTradingStatus(.open, of: nil)
            try await life.start(venue)
            try await store.setStatus(.active, of: id, at: venue.clock.now())
            lastSnapshot[id] = .now
            try await snapshotEquity(of: tournament)
        case .completed:
            try await stopTrading(in: venue, reason: "The tournament has ended")
            let (rows, names) = try await standings(of: tournament)
            try await store.complete(id, results: rows, usernames: names, at: venue.clock.now())
            // The closing point of the equity charts, equal to the final standings.
            try await snapshotEquity(of: tournament)
        case .cancelled:
            try await stopTrading(in: venue, reason: "The tournament was cancelled")
            try await store.setStatus(.cancelled, of: id, at: venue.clock.now())
        }
        logger.info("Tournament \(id): \(tournament.status.rawValue) → \(next.rawValue)")
        // As stored: a start or an end ahead of the schedule moved it.
        let previous = tournament.status
        tournament = try await find(id)
        await onTransition(tournament, previous)
        return tournament
    }

    /// Applies what each tournament's schedule calls for at the time by its venue's clock, and takes the
    /// equity snapshots that are due.
    func tick() async {
        do {
            for var tournament in try await store.list(statuses: [.open, .active]) {
                guard let clock = venues.venue(tournament.id)?.clock else { continue }
                while let next = tournament.status.scheduledTransition(
                    at: clock.now(), startsAt: tournament.startsAt, endsAt: tournament.endsAt)
                {
                    tournament = try await transition(tournament.id, to: next)
                }
                if tournament.status == .active,
                    lastSnapshot[tournament.id].map({ $0.duration(to: .now) >= snapshotInterval }) ?? true
                {
                    lastSnapshot[tournament.id] = .now
                    try await snapshotEquity(of: tournament)
                }
            }
        } catch {
            logger.error("Tournament schedule failed: \(error)")
        }
    }

    private func stopTrading(in venue: VenueRuntime, reason: String) async throws {
        try await venue.setTradingStatus(.halted(reason: reason), of: nil)
        await life.stop(venue.id)
        try await venue.cancelAll(of: nil, in: nil, reason: .administrative)
        lastSnapshot[venue.id] = nil
    }

    // MARK: Entries

    /// Enters `user`: opens their account with the venue's starting cash the first time.
    func enter(_ user: UserID, in id: String) async throws {
        let tournament = try await find(id)
        let venue = try venue(of: id)
        guard tournament.takesEntries(at: venue.clock.now()) else {
            throw TournamentError.entriesClosed(tournament.status)
        }
        let entries = try await store.entries(of: id)
        if let entry = entries.first(where: { $0.user == user }) {
            if entry.disqualifiedAt != nil { throw TournamentError.disqualified }
            if entry.withdrawnAt == nil { throw TournamentError.alreadyEntered }
        }
        guard entries.filter(\.isCompeting).count < tournament.maxParticipants else {
            throw TournamentError.full(tournament.maxParticipants)
        }
        let account = AccountID(user.rawValue)
        if venue.committed.account(account) == nil {
            try await venue.openAccount(account, cash: venue.settings.startingCash)
        }
        try await store.enter(user, in: id, at: venue.clock.now())
        venue.setAdmitted(account, true)
    }

    func withdraw(_ user: UserID, from id: String) async throws {
        let tournament = try await find(id)
        guard tournament.status == .open else { throw TournamentError.entriesClosed(tournament.status) }
        guard let entry = try await store.entries(of: id).first(where: { $0.user == user }), entry.isCompeting else {
            throw TournamentError.notEntered
        }
        let venue = try venue(of: id)
        try await store.withdraw(user, from: id, at: venue.clock.now())
        venue.setAdmitted(AccountID(user.rawValue), false)
    }

    /// Takes `user` out of the competition for good: their resting orders are cancelled and refunded, they
    /// can no longer trade, and they are left out of the standings.
    func disqualify(_ user: UserID, in id: String) async throws {
        let tournament = try await find(id)
        guard !tournament.status.isFinal else { throw TournamentError.entriesClosed(tournament.status) }
        guard let entry = try await store.entries(of: id).first(where: { $0.user == user }), entry.disqualifiedAt == nil
        else {
            throw TournamentError.notEntered
        }
        let venue = try venue(of: id)
        let account = AccountID(user.rawValue)
        venue.setAdmitted(account, false)
        try await store.disqualify(user, in: id, at: venue.clock.now())
        if venue.committed.account(account) != nil {
            try await venue.cancelAll(of: account, in: nil, reason: .administrative)
        }
    }

    // MARK: Reading

    func find(_ id: String) async throws -> TournamentRecord {
        guard let tournament = try await store.find(id) else { throw TournamentError.unknown(id) }
        return tournament
    }

    func list(statuses: [TournamentStatus]) async throws -> [TournamentRecord] {
        try await store.list(statuses: statuses)
    }

    func entries(of id: String) async throws -> [TournamentEntry] { try await store.entries(of: id) }

    /// The standings: frozen once completed, live before.
    func currentStandings(of id: String) async throws -> (
        tournament: TournamentRecord, rows: [(row: StandingsRow, username: String)]
    ) {
        let tournament = try await find(id)
        if tournament.status == .completed { return (tournament, try await store.results(of: id)) }
        let (rows, names) = try await standings(of: tournament)
        return (tournament, rows.map { ($0, names[$0.account] ?? "") })
    }

    /// The final standings; refused until the tournament completes.
    func results(of id: String) async throws -> (
        tournament: TournamentRecord, rows: [(row: StandingsRow, username: String)]
    ) {
        let tournament = try await find(id)
        guard tournament.status == .completed else { throw TournamentError.notCompleted(tournament.status) }
        return (tournament, try await store.results(of: id))
    }

    /// Each competitor's equity snapshots.
    func equity(of id: String) async throws -> [(
        entry: TournamentEntry, points: [(time: Timestamp, totalValue: Cents)]
    )] {
        _ = try await find(id)
        let series = try await store.equity(of: id, startingCash: try venue(of: id).settings.startingCash)
        return try await store.entries(of: id).filter(\.isCompeting).map { entry in
            (entry, (series[entry.user] ?? []).map { ($0.time, $0.point.totalValue) })
        }
    }

    /// Pairs of entrants that traded back and forth with each other at least `threshold` times.
    func roundTrips(in id: String, threshold: Int) async throws -> [(flag: RoundTripFlag, names: (String, String))] {
        _ = try await find(id)
        let names = Dictionary(try await store.entries(of: id).map { (AccountID($0.user.rawValue), $0.username) }) {
            first, _ in first
        }
        let fills = try await store.fills(in: id, excluding: try await store.houseAccounts(of: id))
        return RoundTripDetector.flags(in: fills, threshold: threshold).map {
            ($0, (names[$0.first] ?? $0.first.description, names[$0.second] ?? $0.second.description))
        }
    }

    // MARK: Standings

    private func standings(of tournament: TournamentRecord) async throws -> ([StandingsRow], [AccountID: String]) {
        let venue = try venue(of: tournament.id)
        let competing = try await store.entries(of: tournament.id).filter(\.isCompeting)
        let series = try await store.equity(of: tournament.id, startingCash: venue.settings.startingCash)
        let prices = PortfolioRoutes.lastPrices(of: venue)
        var names: [AccountID: String] = [:]
        let entries = competing.compactMap { entry -> StandingsEntry? in
            let account = AccountID(entry.user.rawValue)
            names[account] = entry.username
            guard let holdings = venue.committed.account(account) else { return nil }
            return StandingsEntry(
                account: account, enteredAt: entry.enteredAt,
                cash: holdings.cash.saturatingAdding(holdings.reservedCash),
                totalValue: Valuation(account: holdings, prices: prices).total, contributed: holdings.contributed,
                dividends: holdings.dividends, equity: (series[entry.user] ?? []).map(\.point))
        }
        return (Standings.rank(entries, startingCash: venue.settings.startingCash), names)
    }

    private func snapshotEquity(of tournament: TournamentRecord) async throws {
        let venue = try venue(of: tournament.id)
        let prices = PortfolioRoutes.lastPrices(of: venue)
        let points = try await store.entries(of: tournament.id).filter(\.isCompeting).compactMap {
            entry -> (user: UserID, totalValue: Cents, cash: Cents, given: Cents)? in
            guard let account = venue.committed.account(AccountID(entry.user.rawValue)) else { return nil }
            return (
                entry.user, Valuation(account: account, prices: prices).total,
                account.cash.saturatingAdding(account.reservedCash), account.given
            )
        }
        try await store.recordEquity(points, in: tournament.id, at: venue.clock.now())
    }

    func venue(of id: String) throws -> VenueRuntime {
        guard let venue = venues.venue(id) else { throw TournamentError.unknown(id) }
        return venue
    }
}
