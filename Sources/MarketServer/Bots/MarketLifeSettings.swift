import Foundation
import MarketCore

/// How the built-in market makers quote and how fair values move (`MARKET_MAKER_CONFIG`).
public struct MarketMakerSettings: Sendable, Hashable {
    /// The quoting policy of every ticker without its own.
    public var policy: QuotingPolicy
    public var perTicker: [TickerSymbol: QuotingPolicy]
    /// How often each maker cancels its quotes and places fresh ones around the new fair value.
    public var refreshInterval: Duration
    public var fairValue: FairValueProcess.Parameters
    /// Cash issued to a venue's market maker when its account is opened.
    public var seedCash: Cents
    /// Shares of each ticker issued to it: its target holding, from which its inventory is measured.
    public var seedShares: Shares
    /// Seeds the fair-value walks, so a venue's simulated prices reproduce.
    public var randomSeed: UInt64

    public init(
        policy: QuotingPolicy = QuotingPolicy(), perTicker: [TickerSymbol: QuotingPolicy] = [:],
        refreshInterval: Duration = .seconds(1), fairValue: FairValueProcess.Parameters = .init(),
        seedCash: Cents = 1_000_000_00, seedShares: Shares = 2_000, randomSeed: UInt64 = 42
    ) {
        self.policy = policy
        self.perTicker = perTicker
        self.refreshInterval = refreshInterval
        self.fairValue = fairValue
        self.seedCash = seedCash
        self.seedShares = seedShares
        self.randomSeed = randomSeed
    }

    public func policy(for ticker: TickerSymbol) -> QuotingPolicy { perTicker[ticker] ?? policy }

    /// Reads the JSON of `MARKET_MAKER_CONFIG`: every key optional, `tickers` overriding policy keys per ticker.
    /// `{"refresh_ms":1000,"spread_bps":40,"levels":3,"size":20,"level_spacing_bps":10,"inventory_limit":400,
    /// "skew_bps":20,"volatility_bps":10,"jump_chance_per_million":2000,"jump_bps":200,"cash":1000000,
    /// "shares":2000,"seed":42,"tickers":{"FUN":{"spread_bps":60}}}`
    public static func parse(json: String) throws -> MarketMakerSettings {
        struct PolicyText: Decodable {
            var spreadBps: Int64?
            var levels: Int?
            var size: Int64?
            var levelSpacingBps: Int64?
            var inventoryLimit: Int64?
            var skewBps: Int64?

            func applied(to base: QuotingPolicy) -> QuotingPolicy {
                var policy = base
                policy.spreadBasisPoints = spreadBps ?? policy.spreadBasisPoints
                policy.levels = levels ?? policy.levels
                policy.sizePerLevel = size ?? policy.sizePerLevel
                policy.levelSpacingBasisPoints = levelSpacingBps ?? policy.levelSpacingBasisPoints
                policy.inventoryLimit = inventoryLimit ?? policy.inventoryLimit
                policy.skewBasisPoints = skewBps ?? policy.skewBasisPoints
                return policy
            }
        }
        struct Text: Decodable {
            var refreshMs: Int?
            var volatilityBps: Int64?
            var jumpChancePerMillion: Int64?
            var jumpBps: Int64?
            var cash: Decimal?
            var shares: Int64?
            var seed: UInt64?
            var tickers: [String: PolicyText]?
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let text = try decoder.decode(Text.self, from: Data(json.utf8))
        let policyText = try decoder.decode(PolicyText.self, from: Data(json.utf8))
        var settings = MarketMakerSettings()
        settings.policy = policyText.applied(to: settings.policy)
        for (symbol, overrides) in text.tickers ?? [:] {
            settings.perTicker[TickerSymbol(symbol.uppercased())] = overrides.applied(to: settings.policy)
        }
        if let milliseconds = text.refreshMs { settings.refreshInterval = .milliseconds(max(10, milliseconds)) }
        settings.fairValue.volatilityBasisPoints = text.volatilityBps ?? settings.fairValue.volatilityBasisPoints
        settings.fairValue.jumpChancePerMillion = text.jumpChancePerMillion ?? settings.fairValue.jumpChancePerMillion
        settings.fairValue.jumpBasisPoints = text.jumpBps ?? settings.fairValue.jumpBasisPoints
        if let cash = text.cash {
            guard let cents = MoneyText.cents(parsing: "\(cash)"), cents >= 0 else { throw SettingsError("cash") }
            settings.seedCash = cents
        }
        settings.seedShares = text.shares ?? settings.seedShares
        settings.randomSeed = text.seed ?? settings.randomSeed
        let policies = [settings.policy] + Array(settings.perTicker.values)
        guard policies.allSatisfy({ $0.levels >= 0 && $0.sizePerLevel >= 0 && $0.inventoryLimit >= 0 && $0.spreadBasisPoints >= 0 })
        else { throw SettingsError("a negative size, level count, limit or spread") }
        return settings
    }
}

/// A scheduled market event of one venue (`MARKET_EVENTS`).
public struct MarketEventSchedule: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// Cash paid per share to every holder of the ticker.
        case dividend(perShare: Cents)
        /// A jump of the ticker's fair value (market makers requote around it).
        case shock(basisPoints: Int64)
    }

    public var ticker: TickerSymbol
    public var kind: Kind
    public var every: Duration

    public init(ticker: TickerSymbol, kind: Kind, every: Duration) {
        self.ticker = ticker
        self.kind = kind
        self.every = every
    }

    /// Reads `[{"kind":"dividend","ticker":"FUN","amount":0.25,"every_seconds":3600},
    /// {"kind":"shock","ticker":"MEME","percent":-8,"every_seconds":900}]`.
    public static func parseList(json: String) throws -> [MarketEventSchedule] {
        struct Text: Decodable {
            var kind: String
            var ticker: String
            var amount: Decimal?
            var percent: Decimal?
            var everySeconds: Int
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode([Text].self, from: Data(json.utf8)).map { text in
            guard text.everySeconds > 0 else { throw SettingsError("every_seconds must be positive") }
            let kind: Kind
            switch text.kind {
            case "dividend":
                guard let amount = text.amount, let cents = MoneyText.cents(parsing: "\(amount)"), cents > 0 else {
                    throw SettingsError("a dividend needs a positive amount with at most two decimals")
                }
                kind = .dividend(perShare: cents)
            case "shock":
                guard let percent = text.percent else { throw SettingsError("a shock needs a percent") }
                kind = .shock(basisPoints: NSDecimalNumber(decimal: percent * 100).int64Value)
            default:
                throw SettingsError("kind must be dividend or shock")
            }
            return MarketEventSchedule(ticker: TickerSymbol(text.ticker.uppercased()), kind: kind, every: .seconds(text.everySeconds))
        }
    }
}

struct SettingsError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
