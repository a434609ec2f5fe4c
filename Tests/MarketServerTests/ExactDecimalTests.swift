import Foundation
import MarketCore
import Testing

@testable import MarketServer

/// Money leaves the server as exact decimal text: the same bytes `JSONEncoder` wrote for the equal `Double`
/// where a `Double` is exact, and the exact amount beyond.
@Suite("Exact decimals")
struct ExactDecimalTests {
    private struct Wrapped<Value: Encodable>: Encodable { let value: Value }

    private func encoded(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(Wrapped(value: value)), as: UTF8.self)
    }

    private func handWritten(_ number: ExactDecimal) -> String {
        var json = JSONText()
        json.beginObject()
        json.member("value", number)
        json.endObject()
        return json.text
    }

    @Test(
        arguments: [
            (10_025, "100.25"), (10_000, "100"), (10_050, "100.5"), (5, "0.05"), (-5, "-0.05"), (0, "0"),
            (-1_000_000_01, "-1000000.01"), (1 << 60, "11529215046068469.76"), (Int64.max, "92233720368547758.07"),
            (Int64.min, "-92233720368547758.08"),
        ] as [(Int64, String)])
    func writesTheExactAmount(cents: Int64, text: String) throws {
        let number = ExactDecimal(cents: Cents(cents))
        #expect(number.text == text)
        #expect(try encoded(number) == #"{"value":\#(text)}"#)
        #expect(handWritten(number) == #"{"value":\#(text)}"#)
    }

    @Test func matchesWhatADoubleWroteWhereADoubleIsExact() throws {
        var random = SeededGenerator(seed: 2026)
        let samples = (0..<2_000).map { _ in Int64.random(in: -(1 << 50)...(1 << 50), using: &random) }
        for cents in samples + [1, 10, 99, 100, 101, 1_000_000_000_000] {
            let exact = try encoded(ExactDecimal(cents: Cents(cents)))
            #expect(exact == (try encoded(Double(cents) / 100)), "\(cents) cents")
        }
    }

    @Test func readsBackWhatItWrote() throws {
        for cents: Int64 in [10_025, -5, 0, 1 << 60] {
            let data = try JSONEncoder().encode([ExactDecimal(cents: Cents(cents))])
            #expect(try JSONDecoder().decode([ExactDecimal].self, from: data) == [ExactDecimal(cents: Cents(cents))])
        }
    }
}
