/// A hash map from 64-bit identifiers to values, for the order path.
///
/// Account and order ids are handed out by the exchange, not chosen by clients, so a multiplicative
/// hash spreads them well; it costs a fraction of the standard library's seeded hashing, which was
/// the largest single cost of an order. Open addressing with linear probing and backward-shift
/// deletion, so lookups touch one or two adjacent slots.
struct IdentifierMap<Value> {
    private static var vacant: UInt64 { .max }

    private var keys: [UInt64]
    private var values: [Value?]
    private var shift: UInt64
    private(set) var count = 0

    init() {
        keys = Array(repeating: Self.vacant, count: 16)
        values = Array(repeating: nil, count: 16)
        shift = 64 - 4
    }

    private var mask: Int { keys.count - 1 }

    private func home(of key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private func slot(of key: UInt64) -> Int? {
        var index = home(of: key)
        while true {
            let found = keys[index]
            if found == key { return index }
            if found == Self.vacant { return nil }
            index = (index + 1) & mask
        }
    }

    subscript(key: UInt64) -> Value? {
        get { slot(of: key).flatMap { values[$0] } }
        set { update(key) { $0 = newValue } }
    }

    /// Runs `body` on the value in place (`nil` when absent); setting it to `nil` removes the entry.
    mutating func update<Result, Failure: Error>(
        _ key: UInt64, _ body: (inout Value?) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        precondition(key != Self.vacant, "the largest identifier is reserved")
        if let index = slot(of: key) {
            defer { if values[index] == nil { vacate(index) } }
            return try body(&values[index])
        }
        var value: Value? = nil
        let result = try body(&value)
        if let value { insert(value, for: key) }
        return result
    }

    @discardableResult
    mutating func removeValue(for key: UInt64) -> Value? {
        guard let index = slot(of: key) else { return nil }
        let value = values[index]
        vacate(index)
        return value
    }

    /// Every entry, in no particular order.
    var entries: [(key: UInt64, value: Value)] {
        var result: [(key: UInt64, value: Value)] = []
        result.reserveCapacity(count)
        for index in keys.indices where keys[index] != Self.vacant {
            result.append((keys[index], values[index]!))
        }
        return result
    }

    private mutating func insert(_ value: Value, for key: UInt64) {
        if (count + 1) * 4 > keys.count * 3 { grow() }
        var index = home(of: key)
        while keys[index] != Self.vacant { index = (index + 1) & mask }
        keys[index] = key
        values[index] = value
        count += 1
    }

    private mutating func vacate(_ removed: Int) {
        var hole = removed
        keys[hole] = Self.vacant
        values[hole] = nil
        count -= 1
        var index = (hole + 1) & mask
        while keys[index] != Self.vacant {
            // An entry may fill the hole when the hole lies between its home slot and where it sits.
            if (index - home(of: keys[index])) & mask >= (index - hole) & mask {
                keys[hole] = keys[index]
                values.swapAt(hole, index)
                keys[index] = Self.vacant
                hole = index
            }
            index = (index + 1) & mask
        }
    }

    private mutating func grow() {
        let old = (keys, values)
        keys = Array(repeating: Self.vacant, count: old.0.count * 2)
        values = Array(repeating: nil, count: old.0.count * 2)
        shift -= 1
        count = 0
        for index in old.0.indices where old.0[index] != Self.vacant {
            insert(old.1[index]!, for: old.0[index])
        }
    }
}

extension IdentifierMap: Sendable where Value: Sendable {}

extension IdentifierMap: Equatable where Value: Equatable {
    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.count == rhs.count && lhs.entries.allSatisfy { rhs[$0.key] == $0.value }
    }
}

extension IdentifierMap: Hashable where Value: Hashable {
    func hash(into hasher: inout Hasher) {
        hasher.combine(count)
    }
}

extension AccountID {
    var mapKey: UInt64 { UInt64(bitPattern: rawValue) }
}
