import MarketCore

/// An administrator's change to one venue, as a value. The venue carries it out, journals it, and writes its
/// audit record (who did what to what, why, and the values before and after) in the same commit; an admin
/// route only parses the request, runs the command and answers.
enum VenueCommand: Sendable {
    case setFees(FeeSchedule)
    case setRiskLimits(RiskLimits)
    /// Turns short selling on with these margins, or off.
    case setShortSelling(ShortSelling?)
    case list(TickerListing)
    /// Takes a ticker off the venue, buying back every holder's shares at `price`.
    case delist(TickerSymbol, price: Cents)
    /// Halts or resumes one ticker, or the whole venue when `ticker` is `nil`.
    case setTradingStatus(TradingStatus, ticker: TickerSymbol?)
    /// Cancels the resting orders of one user, of one ticker, of both, or of everyone.
    case cancelOrders(user: UserID?, ticker: TickerSymbol?)
    case adjustCash(user: UserID, amount: Cents, reason: String)
    case adjustShares(user: UserID, ticker: TickerSymbol, amount: Shares, reason: String)
    /// Pays every holder of `ticker` `perShare` for each share held.
    case payDividend(TickerSymbol, perShare: Cents)
    /// Publishes a headline to the venue.
    case publishNews(NewsItem)
    /// Resets a user's tripped safety limit, at the user's own request or its host's.
    case resetRiskLimit(user: UserID)

    /// The action as the audit log names it.
    var action: String {
        switch self {
        case .setFees: "set_fees"
        case .setRiskLimits: "set_risk_limits"
        case .setShortSelling: "set_short_selling"
        case .list: "list_ticker"
        case .delist: "delist_ticker"
        case .setTradingStatus(let status, _): status.isOpen ? "resume" : "halt"
        case .cancelOrders: "cancel_orders"
        case .adjustCash: "adjust_cash"
        case .adjustShares: "adjust_shares"
        case .payDividend: "pay_dividend"
        case .publishNews: "publish_news"
        case .resetRiskLimit: "reset_risk_limit"
        }
    }

    /// What the action is done to, as the audit log names it.
    func target(in venue: String) -> String {
        switch self {
        case .setFees, .setRiskLimits, .setShortSelling: "venue \(venue)"
        case .list(let listing): "ticker \(listing.symbol)"
        case .delist(let ticker, _): "ticker \(ticker)"
        case .setTradingStatus(_, let ticker): ticker.map { "ticker \($0)" } ?? "venue \(venue)"
        case .cancelOrders(let user, let ticker):
            [user.map { "user \($0)" }, ticker.map { "ticker \($0)" }].compactMap { $0 }.joined(separator: " ")
                .nonEmpty ?? "venue \(venue)"
        case .adjustCash(let user, _, _): "user \(user)"
        case .adjustShares(let user, let ticker, _, _): "user \(user) \(ticker)"
        case .payDividend(let ticker, _): "ticker \(ticker)"
        case .publishNews(let news): news.ticker.map { "ticker \($0)" } ?? "venue \(venue)"
        case .resetRiskLimit(let user): "user \(user)"
        }
    }

    /// Carries the command out on the live venue at `now`: the events it made, and the values before and after
    /// it that its audit record states.
    func carryOut(on live: Venue, at now: Timestamp) throws -> (
        events: [Event], before: [String: String], after: [String: String]
    ) {
        switch self {
        case .setFees(let fees):
            let before = live.currentRules.fees.auditValues
            return ([try live.setFeeSchedule(fees, at: now)], before, fees.auditValues)
        case .setRiskLimits(let limits):
            let before = live.currentRules.limits.auditValues
            return ([live.setRiskLimits(limits, at: now)], before, limits.auditValues)
        case .setShortSelling(let rules):
            let before = live.currentRules.shortSelling.auditValues
            return ([try live.setShortSelling(rules, at: now)], before, rules.auditValues)
        case .list(let listing):
            let after = [
                "initial_price": MoneyText.text(cents: listing.initialPrice),
                "tick_size": MoneyText.text(cents: listing.tickSize),
            ]
            return ([try live.list(listing, at: now)], [:], after)
        case .delist(let ticker, let price):
            return try Self.delist(ticker, at: price, on: live, now: now)
        case .setTradingStatus(let status, let ticker):
            let before =
                ticker.flatMap { live.quote($0)?.haltReason.map { TradingStatus.halted(reason: $0) } ?? .open }
                ?? live.currentRules.status
            let event = try live.setTradingStatus(status, of: ticker, at: now)
            return ([event], ["status": before.auditText], ["status": status.auditText])
        case .cancelOrders(let user, let ticker):
            let account = user.map { AccountID($0.rawValue) }
            let events = live.cancelAll(of: account, in: ticker, reason: .administrative, at: now)
            return (events, [:], ["cancelled": String(events.count)])
        case .adjustCash(let user, let amount, let reason):
            let account = AccountID(user.rawValue)
            let before = Self.balance(live.account(account), nil)
            let event = try live.adjustCash(of: account, by: amount, reason: reason, at: now)
            return ([event], before, Self.balance(live.account(account), nil))
        case .adjustShares(let user, let ticker, let amount, let reason):
            let account = AccountID(user.rawValue)
            let before = Self.balance(live.account(account), ticker)
            let event = try live.adjustShares(of: account, in: ticker, by: amount, reason: reason, at: now)
            return ([event], before, Self.balance(live.account(account), ticker))
        case .payDividend(let ticker, let perShare):
            let paid = try live.payDividend(on: ticker, amountPerShare: perShare, at: now)
            let payment = paid.flatMap { event -> DividendPayment? in
                if case .dividendPaid(let payment) = event.kind { return payment }
                return nil
            }
            let after = [
                "per_share": MoneyText.text(cents: perShare), "holders": String(payment?.credits.count ?? 0),
                "paid": MoneyText.text(cents: payment?.total ?? 0),
            ]
            return (paid.map { [$0] } ?? [], [:], after)
        case .publishNews(let news):
            var after = ["headline": news.headline]
            after["basis_points"] = news.shockBasisPoints.map { String($0) }
            return ([try live.publish(news, at: now)], [:], after)
        case .resetRiskLimit(let user):
            let account = AccountID(user.rawValue)
            let before = live.account(account)?.trippedLimit?.rawValue ?? "none"
            let event = try live.resetRiskLimit(of: account, at: now)
            return (event.map { [$0] } ?? [], ["tripped": before], ["tripped": "none"])
        }
    }

    private static func delist(_ ticker: TickerSymbol, at price: Cents, on live: Venue, now: Timestamp) throws -> (
        events: [Event], before: [String: String], after: [String: String]
    ) {
        let before = live.quote(ticker).map { ["last_price": MoneyText.text(cents: $0.lastPrice)] } ?? [:]
        let events = try live.delist(ticker, at: price, time: now)
        let paid = events.last.flatMap { event -> DividendPayment? in
            if case .tickerDelisted(let payment) = event.kind { return payment }
            return nil
        }
        let after = [
            "settlement_price": MoneyText.text(cents: price), "cancelled_orders": String(events.count - 1),
            "shares_settled": (paid?.credits.reduce(Shares.zero) { $0 + $1.shares } ?? 0).description,
            "cash_paid": MoneyText.text(cents: paid?.total ?? 0),
        ]
        return (events, before, after)
    }

    /// The free cash, or free shares of `ticker`, as an audit record states them.
    private static func balance(_ account: Account?, _ ticker: TickerSymbol?) -> [String: String] {
        guard let account else { return [:] }
        guard let ticker else { return ["cash": MoneyText.text(cents: account.cash)] }
        return ["shares": account.position(in: ticker).shares.description]
    }
}

extension VenueRuntime {
    /// Runs an administrator's `command`, for `reason`, with its audit record beside its events in one commit;
    /// returns the events once they are durable, and the values after it that its record states.
    @discardableResult
    func run(
        _ command: VenueCommand, by actor: AuthenticatedUser, reason: String?
    ) async throws -> (events: [Event], after: [String: String]) {
        let action = AdminAction(actor: actor, action: command.action, target: command.target(in: id), reason: reason)
        return try await administer { live, now in
            let (events, before, after) = try command.carryOut(on: live, at: now)
            return ((events, after), events, action.record(before: before, after: after))
        }
    }

    /// Journals an audit record alone, for a change made outside the venue's own state (its market life,
    /// its tournament), in the venue's chain where the audit log finds it.
    func record(_ action: AdminAction, before: [String: String] = [:], after: [String: String]) async throws {
        try await administer { _, _ in ((), [], action.record(before: before, after: after)) }
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
