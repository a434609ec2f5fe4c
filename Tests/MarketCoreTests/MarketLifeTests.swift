import MarketCore
import Testing

@Suite struct FairValueProcessTests {
    @Test func sameSeedSamePath() {
        func path(_ seed: UInt64) -> [Cents] {
            var random = SeededGenerator(seed: seed)
            var process = FairValueProcess(initial: 100_00, tickSize: 1)
            return (0..<500).map { _ in process.step(using: &random) }
        }
        #expect(path(7) == path(7))
        #expect(path(7) != path(8))
    }

    @Test func movesAboutAsVolatileAsConfigured() {
        var random = SeededGenerator(seed: 11)
        var process = FairValueProcess(
            initial: 1_000_00, tickSize: 1,
            parameters: .init(volatilityBasisPoints: 20, jumpChancePerMillion: 0, jumpBasisPoints: 0))
        var previous = process.value
        var squares: Int64 = 0
        let steps = 4_000
        for _ in 0..<steps {
            let next = process.step(using: &random)
            let moveBasisPoints = (next - previous).value * 10_000 / previous.value
            squares += moveBasisPoints * moveBasisPoints
            previous = next
        }
        let variance = Double(squares) / Double(steps)
        // 20 bp a step: the variance of the moves is about 400 bp².
        #expect(variance > 250 && variance < 600, "variance \(variance)")
    }

    @Test func staysOnTheGridAndPositive() {
        var random = SeededGenerator(seed: 3)
        var process = FairValueProcess(
            initial: 50, tickSize: 5,
            parameters: .init(volatilityBasisPoints: 2_000, jumpChancePerMillion: 200_000, jumpBasisPoints: 4_000))
        for _ in 0..<2_000 {
            let value = process.step(using: &random)
            #expect(value >= 5 && value.isMultiple(of: 5))
        }
    }

    @Test func jumpsHappenAtAboutTheirRate() {
        var random = SeededGenerator(seed: 5)
        var process = FairValueProcess(
            initial: 100_00, tickSize: 1,
            parameters: .init(volatilityBasisPoints: 0, jumpChancePerMillion: 100_000, jumpBasisPoints: 100))
        var jumps = 0
        var previous = process.value
        for _ in 0..<1_000 {
            let value = process.step(using: &random)
            if value != previous { jumps += 1 }
            previous = value
        }
        #expect(jumps > 60 && jumps < 140, "\(jumps) jumps")
    }

    @Test func shockMovesByItsSize() {
        var process = FairValueProcess(initial: 200_00, tickSize: 1)
        #expect(process.shock(basisPoints: -500) == 190_00)
        #expect(process.shock(basisPoints: 1_000) == 209_00)
    }
}

@Suite struct QuotePlanTests {
    let policy = QuotingPolicy(
        spreadBasisPoints: 100, levels: 3, sizePerLevel: 10, levelSpacingBasisPoints: 50, inventoryLimit: 100,
        skewBasisPoints: 100)

    @Test func flatMakerQuotesBothSidesSymmetrically() {
        let plan = QuotePlan(
            fairValue: 100_00, tickSize: 1, inventory: 0, sellableShares: 1_000, spendableCash: 1_000_000_00,
            policy: policy)
        #expect(plan.bids.map(\.price) == [99_50, 99_00, 98_50])
        #expect(plan.asks.map(\.price) == [100_50, 101_00, 101_50])
        #expect(plan.quotes.allSatisfy { $0.quantity == 10 })
    }

    @Test func longMakerLeansToSell() {
        let flat = QuotePlan(
            fairValue: 100_00, tickSize: 1, inventory: 0, sellableShares: 1_000, spendableCash: 1_000_000_00,
            policy: policy)
        let long = QuotePlan(
            fairValue: 100_00, tickSize: 1, inventory: 50, sellableShares: 1_000, spendableCash: 1_000_000_00,
            policy: policy)
        let short = QuotePlan(
            fairValue: 100_00, tickSize: 1, inventory: -50, sellableShares: 1_000, spendableCash: 1_000_000_00,
            policy: policy)
        #expect(long.asks[0].price < flat.asks[0].price && long.bids[0].price < flat.bids[0].price)
        #expect(short.asks[0].price > flat.asks[0].price && short.bids[0].price > flat.bids[0].price)
    }

    @Test(arguments: [-130, -100, -95, -20, 0, 37, 95, 100, 150] as [Shares])
    func neverQuotesPastTheInventoryLimit(inventory: Shares) {
        let plan = QuotePlan(
            fairValue: 100_00, tickSize: 1, inventory: inventory, sellableShares: 1_000, spendableCash: 1_000_000_00,
            policy: policy)
        let bought = plan.bids.reduce(0) { $0 + $1.quantity }
        let sold = plan.asks.reduce(0) { $0 + $1.quantity }
        #expect(inventory + bought <= max(inventory, 100))
        #expect(inventory - sold >= min(inventory, -100))
    }

    @Test func quotesOnlyWhatItCanPayForAndDeliver() {
        let plan = QuotePlan(
            fairValue: 100_00, tickSize: 1, inventory: 0, sellableShares: 15, spendableCash: 1_500_00, policy: policy)
        #expect(plan.asks.reduce(0) { $0 + $1.quantity } == 15)
        #expect(plan.bids.reduce(0) { $0 + $1.price * $1.quantity } <= 1_500_00)
    }

    @Test func cheapTickerStillHasASpread() {
        let plan = QuotePlan(
            fairValue: 10, tickSize: 1, inventory: 0, sellableShares: 100, spendableCash: 10_000, policy: policy)
        let bid = try! #require(plan.bids.first).price
        let ask = try! #require(plan.asks.first).price
        #expect(bid < ask && bid > 0)
    }
}
