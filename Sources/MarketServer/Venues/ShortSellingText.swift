import Foundation
import MarketCore

/// A venue's short-selling rule as requests, definitions and `SHORT_SELLING` write it: `false` or
/// `{"enabled": false}` turns it off; `true` or `{"initial_margin_bps"?, "maintenance_margin_bps"?,
/// "opt_in"?}` turns it on, with 5,000 and 2,500 basis points where a margin is not given, for every account
/// or (`"opt_in": true`) for the accounts that turn it on for themselves.
struct ShortSellingText: Decodable, Sendable {
    let rules: ShortSelling?

    enum CodingKeys: String, CodingKey {
        case enabled, initialMargin = "initial_margin_bps", maintenanceMargin = "maintenance_margin_bps"
        case optIn = "opt_in"
    }

    init(from decoder: any Decoder) throws {
        if let flag = try? decoder.singleValueContainer().decode(Bool.self) {
            rules = flag ? ShortSelling() : nil
            return
        }
        guard let container = try? decoder.container(keyedBy: CodingKeys.self) else {
            throw RequestError.invalidField(
                "short_selling", reason: "must be true, false or {initial_margin_bps, maintenance_margin_bps, opt_in}")
        }
        if try container.optionalField(Bool.self, .enabled) == false {
            rules = nil
            return
        }
        let defaults = ShortSelling()
        let rules = ShortSelling(
            initialMarginBasisPoints: try container.optionalField(Int64.self, .initialMargin)
                ?? defaults.initialMarginBasisPoints,
            maintenanceMarginBasisPoints: try container.optionalField(Int64.self, .maintenanceMargin)
                ?? defaults.maintenanceMarginBasisPoints,
            isOptIn: try container.optionalField(Bool.self, .optIn) ?? false)
        guard rules.isValid else {
            throw RequestError.invalidField(
                "short_selling",
                reason: "margins must be 0 to 10,000 basis points, the maintenance margin at most the initial")
        }
        self.rules = rules
    }

    /// `SHORT_SELLING`: `on` (every account), `opt-in`, `off`, or the JSON object above.
    static func parse(_ text: String) throws -> ShortSelling? {
        switch text.lowercased() {
        case "on", "true", "1", "yes": return ShortSelling()
        case "opt-in", "opt_in", "optin": return ShortSelling(isOptIn: true)
        case "off", "false", "0", "no": return nil
        default: return try JSONDecoder().decode(Self.self, from: Data(text.utf8)).rules
        }
    }
}

extension Optional where Wrapped == ShortSelling {
    /// The rule as the API and audit records state it.
    var auditValues: [String: String] {
        guard let rules = self else { return ["enabled": "false"] }
        return [
            "enabled": "true", "initial_margin_bps": String(rules.initialMarginBasisPoints),
            "maintenance_margin_bps": String(rules.maintenanceMarginBasisPoints), "opt_in": String(rules.isOptIn),
        ]
    }
}
