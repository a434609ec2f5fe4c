/// An account's safety switches: a limit that trips cancels the account's orders and refuses its new ones
/// until the account, or the venue's host, resets it. What trips a limit (equity against the day's opening
/// or the peak) is measured outside the core, which only carries the decision out and journals it.
extension Venue {
    /// Trips `trip`'s limit: the account's resting and waiting orders are cancelled (reason `riskLimit`)
    /// and its new orders are refused with ``OrderRejection/riskLimitTripped(_:)``. An account already
    /// tripped stays as it is: no events.
    public func tripRiskLimit(_ trip: RiskLimitTrip, at time: Timestamp) throws(VenueError) -> [Event] {
        let tripped = try ledger.withAccount(trip.account) { (slot) throws(VenueError) -> Event? in
            guard slot != nil else { throw .unknownAccount(trip.account) }
            guard slot!.trippedLimit == nil else { return nil }
            let kind = EventKind.riskLimitTripped(trip)
            slot!.apply(kind, for: trip.account)
            return Event(sequence: allocate(1), timestamp: time, kind: kind)
        }
        guard let tripped else { return [] }
        // Orders placed while the flag was being set finished under their tickers' locks, which the
        // cancellation takes in turn: whatever of them rests is cancelled here.
        return [tripped] + cancelAll(of: trip.account, in: nil, reason: .riskLimit, at: time)
    }

    /// Resets `account`'s tripped limit; `nil` when none is tripped.
    public func resetRiskLimit(of account: AccountID, at time: Timestamp) throws(VenueError) -> Event? {
        try ledger.withAccount(account) { (slot) throws(VenueError) -> Event? in
            guard slot != nil else { throw .unknownAccount(account) }
            guard slot!.trippedLimit != nil else { return nil }
            let kind = EventKind.riskLimitReset(account)
            slot!.apply(kind, for: account)
            return Event(sequence: allocate(1), timestamp: time, kind: kind)
        }
    }
}
