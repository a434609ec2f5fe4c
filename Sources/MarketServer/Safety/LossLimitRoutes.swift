import Hummingbird
import MarketCore

/// An account's safety switches: `GET` and `PUT /api/account/loss-limits` and
/// `POST /api/account/loss-limits/reset` for the caller in one venue; `GET` and
/// `PUT /api/admin/venues/{venue}/loss-limits` and `POST …/loss-limits/reset` for its host.
struct LossLimitRoutes: Sendable {
    let scope: VenueScope
    let directory: VenueDirectory
    let users: UserStore
    let switches: LossLimitSwitches

    /// `{"max_daily_loss": amount | null, "max_drawdown": amount | null}`; a member left out is not set.
    struct Body: Decodable, Sendable {
        let limits: LossLimits

        enum CodingKeys: String, CodingKey { case maxDailyLoss = "max_daily_loss", maxDrawdown = "max_drawdown" }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func amount(_ key: CodingKeys) throws -> Cents? {
                guard let cents = try container.decodeCentsIfPresent(forKey: key) else { return nil }
                guard cents > 0, cents <= AmountCeiling.orderValue else {
                    throw RequestError.invalidField(
                        key.stringValue,
                        reason:
                            "must be above 0 and at most \(MoneyText.text(cents: AmountCeiling.orderValue)), or null")
                }
                return cents
            }
            limits = LossLimits(maxDailyLoss: try amount(.maxDailyLoss), maxDrawdown: try amount(.maxDrawdown))
        }
    }

    /// Whose tripped limit a host resets: `{"user_id"}` or `{"username"}`.
    struct ResetBody: Decodable, Sendable {
        let userID: UserID?
        let username: String?

        enum CodingKeys: String, CodingKey { case userID = "user_id", username }
    }

    func add(account group: RouterGroup<MarketRequestContext>) {
        group.get("account/loss-limits") { _, context -> LossLimitAnswer in
            let (venue, account) = try caller(context)
            return answer(for: account, in: venue)
        }
        group.put("account/loss-limits") { request, context -> LossLimitAnswer in
            let (venue, account) = try caller(context)
            let body = try await request.decode(as: Body.self, context: context)
            try await switches.set(body.limits, for: LossLimitSwitches.Key(venue: venue.id, account: account))
            return answer(for: account, in: venue)
        }
        group.post("account/loss-limits/reset") { _, context -> LossLimitAnswer in
            let user = try context.requireUser()
            let (venue, account) = try caller(context)
            try await reset(account, in: venue, by: user)
            return answer(for: account, in: venue)
        }
    }

    func add(host group: RouterGroup<MarketRequestContext>) {
        group.get("admin/venues/:venue/loss-limits") { _, context -> VenueLossLimitAnswer in
            let (venue, _) = try directory.administration(context)
            return VenueLossLimitAnswer(venue: venue.id, limits: switches.venueLimits(of: venue.id))
        }
        group.put("admin/venues/:venue/loss-limits") { request, context -> VenueLossLimitAnswer in
            let (venue, user) = try directory.administration(context)
            let body = try await request.decode(as: Body.self, context: context)
            let before = switches.venueLimits(of: venue.id)
            try await switches.setVenueLimits(body.limits, of: venue.id)
            let action = AdminAction(actor: user, action: "set_loss_limits", target: "venue \(venue.id)", reason: nil)
            try await venue.record(action, before: before.auditValues, after: body.limits.auditValues)
            return VenueLossLimitAnswer(venue: venue.id, limits: body.limits)
        }
        group.post("admin/venues/:venue/loss-limits/reset") { request, context -> LossLimitAnswer in
            let (venue, user) = try directory.administration(context)
            let body = try await request.decode(as: ResetBody.self, context: context)
            guard let owner = try await users.id(of: body.userID, orNamed: body.username) else {
                throw RequestError.invalidField("user_id", reason: "give user_id or username")
            }
            let account = AccountID(owner.rawValue)
            guard venue.committed.account(account) != nil else {
                throw RequestError.notFound("User \(owner) has no account in venue \(venue.id)")
            }
            try await reset(account, in: venue, by: user)
            return answer(for: account, in: venue)
        }
    }

    /// Resets `account`'s tripped limit, audited as `actor`'s act, and measures its losses from now.
    private func reset(_ account: AccountID, in venue: VenueRuntime, by actor: AuthenticatedUser) async throws {
        guard venue.committed.account(account)?.trippedLimit != nil else { return }
        // Restarted first: a check between the reset and the restart would trip it again on the old marks.
        try await switches.restartMarks(of: LossLimitSwitches.Key(venue: venue.id, account: account))
        try await venue.run(.resetRiskLimit(user: UserID(account.rawValue)), by: actor, reason: nil)
    }

    private func caller(_ context: MarketRequestContext) throws -> (VenueRuntime, AccountID) {
        let user = try context.requireUser()
        let venue = try scope.venue(context)
        let (account, _) = try scope.account(of: user, in: venue)
        return (venue, account)
    }

    private func answer(for account: AccountID, in venue: VenueRuntime) -> LossLimitAnswer {
        let status = switches.status(of: LossLimitSwitches.Key(venue: venue.id, account: account))
        let holdings = venue.committed.account(account)
        let equity = holdings.map { Valuation(account: $0, prices: PortfolioRoutes.lastPrices(of: venue)).total }
        return LossLimitAnswer(
            own: status.own, venue: status.venue, tripped: holdings?.trippedLimit, equity: equity,
            marks: status.marks)
    }
}

extension LossLimits {
    /// The limits as an audit record states them.
    var auditValues: [String: String] {
        [
            "max_daily_loss": maxDailyLoss.map { MoneyText.text(cents: $0) } ?? "none",
            "max_drawdown": maxDrawdown.map { MoneyText.text(cents: $0) } ?? "none",
        ]
    }
}
