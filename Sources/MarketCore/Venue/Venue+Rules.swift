/// The venue's rules (trading status, fees, risk limits), each change numbered under the rules' lock, and
/// the audit records journalled beside administrators' changes.
extension Venue {
    /// Halts or resumes one ticker, or the whole venue when `ticker` is `nil`.
    public func setTradingStatus(
        _ status: TradingStatus, of ticker: TickerSymbol?, at time: Timestamp
    ) throws(VenueError) -> Event {
        if let ticker, listedCell(for: ticker) == nil { throw .unknownTicker(ticker) }
        return changeRules(.tradingStatusChanged(ticker, status), at: time)
    }

    /// Journals an administrator's action beside the change it made; changes nothing itself.
    public func record(_ action: AuditRecord, at time: Timestamp) -> Event {
        Event(sequence: allocate(1), timestamp: time, kind: .adminAction(action))
    }

    public func setFeeSchedule(_ fees: FeeSchedule, at time: Timestamp) throws(VenueError) -> Event {
        guard fees.isValid else { throw .invalidFeeSchedule }
        return changeRules(.feeScheduleChanged(fees), at: time)
    }

    /// Turns short selling on with `rules`' margins, or off (`nil`). Turning it off leaves open short positions
    /// as they are; it refuses new short sales.
    public func setShortSelling(_ rules: ShortSelling?, at time: Timestamp) throws(VenueError) -> Event {
        if let rules, !rules.isValid { throw .invalidShortSelling }
        return changeRules(.shortSellingChanged(rules), at: time)
    }

    /// Sets the four limits; the accounts exempt from them stay exempt.
    public func setRiskLimits(_ limits: RiskLimits, at time: Timestamp) -> Event {
        changeRules(at: time) { rules in
            var limits = limits
            limits.exemptAccounts = rules.limits.exemptAccounts
            return .riskLimitsChanged(limits)
        }!
    }

    /// Exempts one of the venue's own accounts (a market maker) from the account limits; `nil` when it is
    /// already exempt.
    public func exemptFromAccountLimits(_ account: AccountID, at time: Timestamp) -> Event? {
        changeRules(at: time) { rules in
            guard !rules.limits.exemptAccounts.contains(account) else { return nil }
            var limits = rules.limits
            limits.exemptAccounts.insert(account)
            return .riskLimitsChanged(limits)
        }
    }

    func changeRules(_ kind: EventKind, at time: Timestamp) -> Event {
        changeRules(at: time) { _ in kind }!
    }

    /// The change `decide` makes from the rules as they stand, under the rules' lock so that no other
    /// change comes between reading and numbering it; none when it decides on none.
    func changeRules(at time: Timestamp, _ decide: (VenueRules) -> EventKind?) -> Event? {
        let event = rules.withLock { rules in
            decide(rules).map { Event(sequence: allocate(1), timestamp: time, kind: $0) }
        }
        if let event { applyRulesChange(event) }
        return event
    }

    func applyRulesChange(_ event: Event) {
        let cells = rules.withLock { rules in
            switch event.kind {
            case .tradingStatusChanged(nil, let status): rules.status = status
            case .feeScheduleChanged(let fees): rules.fees = fees
            case .riskLimitsChanged(let limits): rules.limits = limits
            case .shortSellingChanged(let shortSelling): rules.shortSelling = shortSelling
            default: break
            }
            return markets.withLock { $0 }
        }
        let targets = event.kind.ticker.map { symbol in cells.filter { $0.symbol == symbol } } ?? cells
        for cell in targets {
            cell.market.withLock { _ = $0.apply(event) }
        }
    }
}
