import MarketCore

extension MarketMakerSettings {
    /// Refuses settings a running market maker could not live with. The configuration is trusted; a request
    /// (a venue, a tournament, a change of settings) is not: a thousand levels, or a spread whose arithmetic
    /// overflows, would stall or stop the venue.
    func checkRequestBounds() throws {
        let settings = self
        for policy in [settings.policy] + Array(settings.perTicker.values) {
            guard (0...20).contains(policy.levels), (0...100_000).contains(policy.sizePerLevel),
                (0...10_000).contains(policy.spreadBasisPoints), (0...10_000).contains(policy.levelSpacingBasisPoints),
                (0...10_000).contains(policy.skewBasisPoints), (0...10_000_000).contains(policy.inventoryLimit)
            else {
                throw RequestError.invalidField(
                    "market_makers",
                    reason:
                        "levels must be 0 to 20, size 0 to 100,000, spreads, spacing and skew 0 to 10,000 bp, inventory_limit 0 to 10,000,000"
                )
            }
        }
        let fair = settings.fairValue
        guard settings.refreshInterval >= .milliseconds(50), (0...1_000).contains(fair.volatilityBasisPoints),
            (0...5_000).contains(fair.jumpBasisPoints), (0...1_000_000).contains(fair.jumpChancePerMillion),
            (0...1_000_000_000_00).contains(settings.seedCash), (0...10_000_000).contains(settings.seedShares)
        else {
            throw RequestError.invalidField(
                "market_makers",
                reason:
                    "refresh_ms must be at least 50, volatility_bps 0 to 1,000, jump_bps 0 to 5,000, jump_chance_per_million at most 1,000,000, cash at most 1,000,000,000 and shares at most 10,000,000"
            )
        }
    }
}
