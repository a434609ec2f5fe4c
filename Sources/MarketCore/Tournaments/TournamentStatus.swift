/// Where a tournament is in its life: draft → open → active → completed, or cancelled before it completes.
public enum TournamentStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Being prepared by its hosts; invisible to traders.
    case draft
    /// Published: users may enter and withdraw; nobody trades yet.
    case open
    /// Entrants trade; entries are closed.
    case active
    /// Ended: trading stopped, orders cancelled, final standings frozen.
    case completed
    /// Called off; nothing more happens.
    case cancelled

    /// Whether a host may move a tournament from this status to `next`.
    public func allowsTransition(to next: TournamentStatus) -> Bool {
        switch (self, next) {
        case (.draft, .open), (.open, .active), (.active, .completed): true
        case (.draft, .cancelled), (.open, .cancelled), (.active, .cancelled): true
        default: false
        }
    }

    /// Whether nothing can happen to the tournament any more.
    public var isFinal: Bool { self == .completed || self == .cancelled }

    /// The next status the schedule calls for at `now`, if any: an open tournament starts at `startsAt`, an
    /// active one completes at `endsAt`. One step at a time, so a tournament whose whole schedule passed
    /// while the server was down still starts before it completes. Drafts wait for their hosts.
    public func scheduledTransition(at now: Timestamp, startsAt: Timestamp, endsAt: Timestamp) -> TournamentStatus? {
        switch self {
        case .open where now >= startsAt: .active
        case .active where now >= endsAt: .completed
        default: nil
        }
    }
}
