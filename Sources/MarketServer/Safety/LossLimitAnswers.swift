import Hummingbird
import MarketCore

/// An account's safety switches in one venue: `{"max_daily_loss", "max_drawdown", "venue_max_daily_loss",
/// "venue_max_drawdown", "tripped", "equity", "peak_equity", "day_start_equity"}`, amounts or null.
struct LossLimitAnswer: ResponseEncodable, Sendable {
    let own: LossLimits
    let venue: LossLimits
    /// The limit that tripped, until reset.
    let tripped: RiskLimitKind?
    /// The account's total value at last prices.
    let equity: Cents?
    /// What its losses are measured from; `nil` while no limit watches it.
    let marks: EquityMarks?

    enum CodingKeys: String, CodingKey {
        case maxDailyLoss = "max_daily_loss", maxDrawdown = "max_drawdown"
        case venueMaxDailyLoss = "venue_max_daily_loss", venueMaxDrawdown = "venue_max_drawdown"
        case tripped, equity, peakEquity = "peak_equity", dayStartEquity = "day_start_equity"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        func money(_ cents: Cents?, _ key: CodingKeys) throws {
            try container.encode(cents.map { ExactDecimal(cents: $0) }, forKey: key)
        }
        try money(own.maxDailyLoss, .maxDailyLoss)
        try money(own.maxDrawdown, .maxDrawdown)
        try money(venue.maxDailyLoss, .venueMaxDailyLoss)
        try money(venue.maxDrawdown, .venueMaxDrawdown)
        try container.encode(tripped.map(Self.name), forKey: .tripped)
        try money(equity, .equity)
        try money(marks?.peak, .peakEquity)
        try money(marks?.dayStart, .dayStartEquity)
    }

    /// A limit as the API names it.
    static func name(_ limit: RiskLimitKind) -> String {
        switch limit {
        case .dailyLoss: "daily_loss"
        case .drawdown: "drawdown"
        }
    }
}

/// A venue's limits for all its accounts: `{"venue", "max_daily_loss", "max_drawdown"}`.
struct VenueLossLimitAnswer: ResponseEncodable, Sendable {
    let venue: String
    let limits: LossLimits

    enum CodingKeys: String, CodingKey { case venue, maxDailyLoss = "max_daily_loss", maxDrawdown = "max_drawdown" }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(venue, forKey: .venue)
        try container.encode(limits.maxDailyLoss.map { ExactDecimal(cents: $0) }, forKey: .maxDailyLoss)
        try container.encode(limits.maxDrawdown.map { ExactDecimal(cents: $0) }, forKey: .maxDrawdown)
    }
}
