import Testing

@testable import MarketCore

@Suite struct IdentifierMapTests {
    /// The map against the standard library's dictionary over a seeded stream of inserts and removals.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func behavesLikeADictionary(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var map = IdentifierMap<Int>()
        var reference: [UInt64: Int] = [:]
        for step in 0..<20_000 {
            let key = UInt64.random(in: 0..<600, using: &random) &* (seed == 3 ? 1 << 40 : 1)
            if Bool.random(using: &random) {
                map[key] = step
                reference[key] = step
            } else {
                #expect(map.removeValue(for: key) == reference.removeValue(forKey: key))
            }
            #expect(map[key] == reference[key])
        }
        #expect(map.count == reference.count)
        #expect(Dictionary(uniqueKeysWithValues: map.entries.map { ($0.key, $0.value) }) == reference)
    }

    @Test func updatesInPlaceAndRemovesWhenSetToNil() {
        var map = IdentifierMap<[Int]>()
        map.update(7) { $0 = [1] }
        map.update(7) { $0!.append(2) }
        #expect(map[7] == [1, 2])
        map.update(7) { $0 = nil }
        #expect(map[7] == nil && map.count == 0)
    }
}
