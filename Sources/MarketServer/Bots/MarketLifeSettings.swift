import Foundation
import MarketCore
import MarketWire

/// How the built-in market makers quote and how fair values move (`MARKET_MAKER_CONFIG`, or a venue's
/// `market_makers`).
public struct MarketMakerSettings: Sendable, Hashable, Codable {
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

    /// Reads the JSON of `MARKET_MAKER_CONFIG`; see ``Text`` for the keys.
    public static func parse(json: String) throws -> MarketMakerSettings {
        try JSONDecoder().decode(Text.self, from: Data(json.utf8)).settings()
    }

    /// The settings as people write them: every key optional, `tickers` overriding policy keys per ticker.
    /// `{"refresh_ms":1000,"spread_bps":40,"levels":3,"size":20,"level_spacing_bps":10,"inventory_limit":400,
    /// "skew_bps":20,"volatility_bps":10,"jump_chance_per_million":2000,"jump_bps":200,"cash":1000000,
    /// "shares":2000,"seed":42,"tickers":{"FUN":{"spread_bps":60}}}`
    public struct Text: Decodable, Sendable {
        struct PolicyText: Decodable, Sendable {
            var spreadBps: Int64?
            var levels: Int?
            var size: Int64?
            var levelSpacingBps: Int64?
            var inventoryLimit: Int64?
            var skewBps: Int64?

            enum CodingKeys: String, CodingKey {
                case spreadBps = "spread_bps", levels, size, levelSpacingBps = "level_spacing_bps"
                case inventoryLimit = "inventory_limit", skewBps = "skew_bps"
            }

            func applied(to base: QuotingPolicy) -> QuotingPolicy {
                var policy = base
                policy.spreadBasisPoints = spreadBps ?? policy.spreadBasisPoints
                policy.levels = levels ?? policy.levels
                policy.sizePerLevel = size.map { Shares($0) } ?? policy.sizePerLevel
                policy.levelSpacingBasisPoints = levelSpacingBps ?? policy.levelSpacingBasisPoints
                policy.inventoryLimit = inventoryLimit.map { Shares($0) } ?? policy.inventoryLimit
                policy.skewBasisPoints = skewBps ?? policy.skewBasisPoints
                return policy
            }
        }

        private struct Rest: Decodable {
            var refreshMs: Int?
            var volatilityBps: Int64?
            var jumpChancePerMillion: Int64?
            var jumpBps: Int64?
            var cash: SettingsAmount?
            var shares: Int64?
            var seed: UInt64?
            var tickers: [String: PolicyText]?

            enum CodingKeys: String, CodingKey {
                case refreshMs = "refresh_ms", volatilityBps = "volatility_bps"
                case jumpChancePerMillion = "jump_chance_per_million", jumpBps = "jump_bps"
                case cash, shares, seed, tickers
            }
        }

        private let policy: PolicyText
        private let rest: Rest

        public init(from decoder: any Decoder) throws {
            policy = try PolicyText(from: decoder)
            rest = try Rest(from: decoder)
        }

        /// The settings these keys describe, on top of the defaults; throws for values that make no sense.
        public func settings() throws -> MarketMakerSettings {
            var settings = MarketMakerSettings()
            settings.policy = policy.applied(to: settings.policy)
            for (symbol, overrides) in rest.tickers ?? [:] {
                settings.perTicker[TickerSymbol(symbol.uppercased())] = overrides.applied(to: settings.policy)
            }
            if let milliseconds = rest.refreshMs { settings.refreshInterval = .milliseconds(max(10, milliseconds)) }
            settings.fairValue.volatilityBasisPoints = rest.volatilityBps ?? settings.fairValue.volatilityBasisPoints
            settings.fairValue.jumpChancePerMillion =
                rest.jumpChancePerMillion ?? settings.fairValue.jumpChancePerMillion
            settings.fairValue.jumpBasisPoints = rest.jumpBps ?? settings.fairValue.jumpBasisPoints
            if let cash = rest.cash {
                guard let cents = cash.cents(within: 0...Cents.max) else {
                    throw SettingsError("cash must be a non-negative amount with at most two decimals")
                }
                settings.seedCash = cents
            }
            settings.seedShares = rest.shares.map { Shares($0) } ?? settings.seedShares
            settings.randomSeed = rest.seed ?? settings.randomSeed
            let policies = [settings.policy] + Array(settings.perTicker.values)
            guard
                policies.allSatisfy({
                    $0.levels >= 0 && $0.sizePerLevel >= 0 && $0.inventoryLimit >= 0 && $0.spreadBasisPoints >= 0
                }), settings.seedShares >= 0
            else { throw SettingsError("a negative size, level count, limit, spread or share count") }
            return settings
        }
    }
}

/// Why settings as written cannot be used, in the words the API answers with.
struct SettingsError: Error, CustomStringConvertible {
    let description: String
    /// The key at fault, when one is, for a route that names it in its answer.
    let field: String?

    init(_ description: String, field: String? = nil) {
        self.description = description
        self.field = field
    }
}
