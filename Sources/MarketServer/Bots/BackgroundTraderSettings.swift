import Foundation
import MarketCore
import MarketWire

/// A venue's population of background traders (`BACKGROUND_TRADERS` for `main`, or a venue's
/// `background_traders`): how many of each style, how often and how boldly they trade, and what they start with.
public struct BackgroundTraderSettings: Sendable, Hashable, Codable {
    public var noise: TraderBehaviour
    public var value: TraderBehaviour
    public var momentum: TraderBehaviour
    /// The time between steps; at each, every trader may act on every ticker.
    public var stepInterval: Duration
    /// Cash issued to each trader when its account is opened.
    public var seedCash: Cents
    /// Shares of each ticker issued to each trader.
    public var seedShares: Shares
    /// Seeds the population's decisions (and the fair values, when the venue has no market maker).
    public var randomSeed: UInt64
    /// How fair values move when the venue has no market maker to set them.
    public var fairValue: FairValueProcess.Parameters

    public init(
        noise: TraderBehaviour = TraderBehaviour(count: 4, chancePerMillion: 40_000, maxSize: 10),
        value: TraderBehaviour = TraderBehaviour(count: 3, chancePerMillion: 40_000, maxSize: 10),
        momentum: TraderBehaviour = TraderBehaviour(count: 2, chancePerMillion: 40_000, maxSize: 10),
        stepInterval: Duration = .milliseconds(500), seedCash: Cents = 100_000_00, seedShares: Shares = 500,
        randomSeed: UInt64 = 7, fairValue: FairValueProcess.Parameters = .init()
    ) {
        self.noise = noise
        self.value = value
        self.momentum = momentum
        self.stepInterval = stepInterval
        self.seedCash = seedCash
        self.seedShares = seedShares
        self.randomSeed = randomSeed
        self.fairValue = fairValue
    }

    public func behaviour(of style: TraderStyle) -> TraderBehaviour {
        switch style {
        case .noise: noise
        case .value: value
        case .momentum: momentum
        }
    }

    /// Every trader's style, in the order their accounts are numbered: noise, then value, then momentum.
    public var styles: [TraderStyle] {
        TraderStyle.allCases.flatMap { Array(repeating: $0, count: max(0, behaviour(of: $0).count)) }
    }

    /// Reads the JSON of `BACKGROUND_TRADERS`; see ``Text`` for the keys.
    public static func parse(json: String) throws -> BackgroundTraderSettings {
        try JSONDecoder().decode(Text.self, from: Data(json.utf8)).settings()
    }

    /// The settings as people write them, every key optional:
    /// `{"noise":{"count":4,"per_minute":5,"max_size":10,"aggressiveness_percent":50},
    /// "value":{"count":3,"per_minute":5,"max_size":10,"threshold_bps":20,"estimate_error_bps":50},
    /// "momentum":{"count":2,"per_minute":5,"max_size":10,"threshold_bps":20,"lookback_steps":10},
    /// "step_ms":500,"cash":100000,"shares":500,"seed":7}`. `per_minute` is how often one trader acts on one
    /// ticker, on average.
    public struct Text: Decodable, Sendable {
        struct StyleText: Decodable, Sendable {
            var count: Int?
            /// Read as a binary number so that any JSON number decodes (a decimal ends near 1e165); checked, then
            /// turned into its shortest decimal text's value.
            var perMinute: Double?
            var maxSize: Int64?
            var aggressivenessPercent: Int64?
            var thresholdBps: Int64?
            var estimateErrorBps: Int64?
            var lookbackSteps: Int?

            enum CodingKeys: String, CodingKey {
                case count, perMinute = "per_minute", maxSize = "max_size"
                case aggressivenessPercent = "aggressiveness_percent", thresholdBps = "threshold_bps"
                case estimateErrorBps = "estimate_error_bps", lookbackSteps = "lookback_steps"
            }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                count = try container.nonNull(Int.self, .count)
                perMinute = try container.nonNull(Double.self, .perMinute)
                maxSize = try container.nonNull(Int64.self, .maxSize)
                aggressivenessPercent = try container.nonNull(Int64.self, .aggressivenessPercent)
                thresholdBps = try container.nonNull(Int64.self, .thresholdBps)
                estimateErrorBps = try container.nonNull(Int64.self, .estimateErrorBps)
                lookbackSteps = try container.nonNull(Int.self, .lookbackSteps)
            }
        }

        var noise: StyleText?
        var value: StyleText?
        var momentum: StyleText?
        var stepMs: Int?
        var cash: SettingsAmount?
        var shares: Int64?
        var seed: UInt64?

        enum CodingKeys: String, CodingKey {
            case noise, value, momentum, stepMs = "step_ms", cash, shares, seed
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            // A top-level null reads as absent, as in the market maker's keys; a style's own keys refuse it.
            noise = try container.decodeIfPresent(StyleText.self, forKey: .noise)
            value = try container.decodeIfPresent(StyleText.self, forKey: .value)
            momentum = try container.decodeIfPresent(StyleText.self, forKey: .momentum)
            stepMs = try container.decodeIfPresent(Int.self, forKey: .stepMs)
            cash = try container.decodeIfPresent(SettingsAmount.self, forKey: .cash)
            shares = try container.decodeIfPresent(Int64.self, forKey: .shares)
            seed = try container.decodeIfPresent(UInt64.self, forKey: .seed)
        }

        /// The settings these keys describe, on top of the defaults; throws for values that make no sense.
        public func settings() throws -> BackgroundTraderSettings {
            var settings = BackgroundTraderSettings()
            if let stepMs {
                guard (10...60_000).contains(stepMs) else { throw SettingsError("step_ms must be 10 to 60000") }
                settings.stepInterval = .milliseconds(stepMs)
            }
            let stepMs = settings.stepInterval.wholeMilliseconds
            settings.noise =
                try noise?.applied(to: settings.noise, stepMilliseconds: stepMs, style: "noise") ?? settings.noise
            settings.value =
                try value?.applied(to: settings.value, stepMilliseconds: stepMs, style: "value") ?? settings.value
            settings.momentum =
                try momentum?.applied(to: settings.momentum, stepMilliseconds: stepMs, style: "momentum")
                ?? settings.momentum
            if let cash {
                guard let cents = cash.cents(within: 0...AmountCeiling.orderValue) else {
                    throw SettingsError("cash must be 0 to 10,000,000,000.00, with at most two decimals")
                }
                settings.seedCash = cents
            }
            if let shares {
                guard (0...1_000_000).contains(shares) else { throw SettingsError("shares must be 0 to 1,000,000") }
                settings.seedShares = Shares(shares)
            }
            settings.randomSeed = seed ?? settings.randomSeed
            return settings
        }
    }
}

extension BackgroundTraderSettings.Text.StyleText {
    func applied(to base: TraderBehaviour, stepMilliseconds: Int64, style: String) throws -> TraderBehaviour {
        var behaviour = base
        if let count {
            guard (0...20).contains(count) else { throw SettingsError("\(style).count must be 0 to 20") }
            behaviour.count = count
        }
        if let rate = perMinute {
            guard rate >= 0, rate <= 6_000, let perMinute = Decimal(string: String(rate)) else {
                throw SettingsError("\(style).per_minute must be 0 to 6000")
            }
            // The chance per step: the rate per millisecond times the step, in millionths, at most certain.
            let chance = NSDecimalNumber(decimal: perMinute * Decimal(stepMilliseconds) * 1_000_000 / 60_000)
            behaviour.chancePerMillion = min(1_000_000, chance.int64Value)
        }
        if let maxSize {
            guard (1...1_000_000).contains(maxSize) else {
                throw SettingsError("\(style).max_size must be 1 to 1,000,000")
            }
            behaviour.maxSize = Shares(maxSize)
        }
        if let aggressivenessPercent {
            guard (0...100).contains(aggressivenessPercent) else {
                throw SettingsError("\(style).aggressiveness_percent must be 0 to 100")
            }
            behaviour.aggressivenessPercent = aggressivenessPercent
        }
        if let thresholdBps {
            guard (0...10_000).contains(thresholdBps) else {
                throw SettingsError("\(style).threshold_bps must be 0 to 10000")
            }
            behaviour.thresholdBasisPoints = thresholdBps
        }
        if let estimateErrorBps {
            guard (0...5_000).contains(estimateErrorBps) else {
                throw SettingsError("\(style).estimate_error_bps must be 0 to 5000")
            }
            behaviour.estimateErrorBasisPoints = estimateErrorBps
        }
        if let lookbackSteps {
            guard (1...1_000).contains(lookbackSteps) else {
                throw SettingsError("\(style).lookback_steps must be 1 to 1000")
            }
            behaviour.lookback = lookbackSteps
        }
        return behaviour
    }
}

extension KeyedDecodingContainer {
    /// An optional key whose explicit `null` is refused: a setting is either given a value or left out.
    fileprivate func nonNull<Value: Decodable>(_ type: Value.Type, _ key: Key) throws -> Value? {
        guard contains(key) else { return nil }
        guard try !decodeNil(forKey: key) else {
            throw RequestError.invalidField(key.stringValue, reason: "must not be null")
        }
        return try decode(type, forKey: key)
    }
}
