import Foundation
import Hummingbird
import MarketCore

/// A venue's fees, risk limits and short-selling rule, changed at run time by an administrator or one of its hosts; each change
/// is a journalled event with its audit record beside it.
struct RuleRoutes: Sendable {
    let directory: VenueDirectory

    /// The rules as they now stand.
    struct RulesAnswer: ResponseEncodable {
        let venue: String
        let fees: [String: String]
        let riskLimits: [String: String]
        let shortSelling: [String: String]

        enum CodingKeys: String, CodingKey {
            case venue, fees, riskLimits = "risk_limits", shortSelling = "short_selling"
        }

        init(_ venue: VenueRuntime) {
            let rules = venue.committed.currentRules
            self.venue = venue.id
            fees = rules.fees.auditValues
            riskLimits = rules.limits.auditValues
            shortSelling = rules.shortSelling.auditValues
        }
    }

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.get("admin/venues/:venue/rules") { _, context -> RulesAnswer in
            RulesAnswer(try directory.administeredVenue(context))
        }
        group.put("admin/venues/:venue/fees") { request, context -> RulesAnswer in
            let (venue, user) = try directory.administration(context)
            let body = try await request.decode(as: ReasonedBody<VenueDefinition.FeesText>.self, context: context)
            try await venue.run(.setFees(body.value.schedule), by: user, reason: body.reason)
            return RulesAnswer(venue)
        }
        group.put("admin/venues/:venue/risk-limits") { request, context -> RulesAnswer in
            let (venue, user) = try directory.administration(context)
            let body = try await request.decode(as: ReasonedBody<VenueDefinition.LimitsText>.self, context: context)
            try await venue.run(.setRiskLimits(body.value.value), by: user, reason: body.reason)
            return RulesAnswer(venue)
        }
        group.put("admin/venues/:venue/short-selling") { request, context -> RulesAnswer in
            let (venue, user) = try directory.administration(context)
            let body = try await request.decode(as: ReasonedBody<ShortSellingText>.self, context: context)
            try await venue.run(.setShortSelling(body.value.rules), by: user, reason: body.reason)
            return RulesAnswer(venue)
        }
    }
}

/// A body that another type reads, plus the optional `reason` of an administrative action.
struct ReasonedBody<Value: Decodable & Sendable>: Decodable, Sendable {
    let value: Value
    let reason: String?

    init(from decoder: any Decoder) throws {
        value = try Value(from: decoder)
        reason = try AdminAction.reason(try decoder.reasonField(), required: false)
    }
}

extension Decoder {
    /// The optional `reason` of a body that is otherwise read by another type.
    func reasonField() throws -> String? {
        guard let container = try? container(keyedBy: ReasonKey.self) else { return nil }
        do {
            return try container.decodeIfPresent(String.self, forKey: .reason)
        } catch {
            throw RequestError.invalidField("reason", reason: "must be text")
        }
    }
}

private enum ReasonKey: String, CodingKey { case reason }

extension FeeSchedule {
    /// The schedule as the API and audit records state it.
    var auditValues: [String: String] {
        [
            "maker_bps": String(makerBasisPoints), "taker_bps": String(takerBasisPoints),
            "minimum": MoneyText.text(cents: minimumPerFill),
        ]
    }
}

extension RiskLimits {
    /// The limits as the API and audit records state them; `none` for no limit.
    var auditValues: [String: String] {
        [
            "max_order_quantity": maxOrderQuantity.map(String.init) ?? "none",
            "max_order_value": maxOrderNotional.map { MoneyText.text(cents: $0) } ?? "none",
            "max_position": maxPosition.map(String.init) ?? "none",
            "max_open_orders": maxOpenOrders.map(String.init) ?? "none",
        ]
    }
}
