import Foundation
import MarketCore
import MarketWire
import Testing

@testable import MarketServer

/// The order path's fast reader: it reads plain objects exactly, declines everything else, and never gives
/// an order other than the one `JSONDecoder` gives for the same body.
struct PlainJSONObjectTests {
    private func object(_ text: String) -> PlainJSONObject? {
        Array(text.utf8).withUnsafeBytes { PlainJSONObject($0) }
    }

    @Test func plainObjectsAreRead() throws {
        let body = try #require(
            object(" {\"ticker\" : \"FUN\",\"price\":100.25, \"quantity\":-3,\"post_only\":true,\"x\":null}\n"))
        #expect(body["ticker"] == .string("FUN"))
        #expect(body["price"] == .number("100.25"))
        #expect(body["quantity"] == .number("-3"))
        #expect(body["post_only"] == .boolean(true))
        #expect(body["x"] == .null)
        #expect(body["side"] == nil)
        #expect(object("{}") != nil)
        #expect(object("{\"n\":1.5e-3}")?["n"] == .number("1.5e-3"))
    }

    @Test func anOrdinaryOrderIsReadWithoutJSONDecoder() throws {
        let body = #"{"ticker":"FUN","side":"buy","price":100.05,"quantity":7,"time_in_force":"ioc"}"#
        let fields = try #require(object(body))
        let request = try OrderTicket(fields: fields).request(for: AccountID(3))
        #expect(request.kind == .limit(price: 10_005) && request.quantity == 7 && request.side == .buy)
        #expect(request.ticker == TickerSymbol("FUN") && request.timeInForce == .immediateOrCancel)
    }

    @Test(arguments: [
        "", "[]", "{", "{\"a\":1", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{\"a\":1} x", "{\"a\":1}{}",
        "{\"a\":{\"b\":1}}", "{\"a\":[1]}", "{\"a\":\"x\\\"y\"}", "{\"a\":\"é\"}", "{\"a\":\"tab\there\"}",
        "{\"a\":1,\"a\":2}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":+1}",
        "{\"a\":tru}", "{\"a\":nul}", "{\"a\":NaN}", "\u{FEFF}{}",
    ])
    func anythingElseIsDeclined(text: String) {
        #expect(object(text) == nil)
    }

    /// Seeded bodies mixing good and bad values for every field: wherever the fast reader gives an order,
    /// `JSONDecoder` gives the same one.
    @Test func theFastReaderNeverDisagreesWithJSONDecoder() throws {
        let values: [String: [String]] = [
            "ticker": ["\"FUN\"", "\"fun\"", "\"\"", "\"AVERYLONGTICKERNAME\"", "5", "null"],
            "side": ["\"buy\"", "\"SELL\"", "\"sideways\"", "true", "null"],
            "quantity": ["10", "1", "0", "-4", "2.0", "1e1", "-0", "99999999999999999999", "\"10\"", "null"],
            "price": [
                "100", "100.5", "100.50", "0.05", "1.230", "1e2", "-1", "0", "\"100.25\"", "\"1.234\"", "true",
                "null", "92233720368547758", "12345678901234567890",
            ],
            "type": ["\"limit\"", "\"MARKET\"", "\"stop\"", "\"stop_limit\"", "\"trailing_stop\"", "\"iceberg\"", "1"],
            "stop_price": ["99", "101.5", "\"98\"", "null", "1e2"],
            "trail_amount": ["2", "0.5", "null"],
            "trail_percent": ["1.5", "100", "0.001", "null"],
            "time_in_force": ["\"GTC\"", "\"ioc\"", "\"FOK\"", "\"DAY\"", "null"],
            "display_quantity": ["1", "5", "10", "0", "null"],
            "post_only": ["true", "false", "1", "null"],
            "client_order_id": ["\"a1\"", "\"\"", "null", "7"],
            "note": ["\"extra\"", "3", "null"],
        ]
        var generator = SeededGenerator(seed: 2026)
        var agreed = 0
        for _ in 0..<12_000 {
            var fields = ["ticker", "side", "quantity"].filter { _ in Int.random(in: 0..<10, using: &generator) > 0 }
            fields += values.keys.sorted().filter { _ in Int.random(in: 0..<4, using: &generator) == 0 }
            // Each field's first value is a good one, and half the time it is the one taken.
            func value(of field: String) -> String {
                let choices = values[field]!
                return Bool.random(using: &generator) ? choices[0] : choices.randomElement(using: &generator)!
            }
            let body = "{" + Set(fields).sorted().map { "\"\($0)\":\(value(of: $0))" }.joined(separator: ",") + "}"
            let fast = Array(body.utf8).withUnsafeBytes { bytes in
                PlainJSONObject(bytes).flatMap { try? OrderTicket(fields: $0) }
            }
            guard let fast else { continue }
            let slow = try JSONDecoder().decode(OrderTicket.self, from: Data(body.utf8))
            #expect(fast.request(for: AccountID(1)) == slow.request(for: AccountID(1)), "\(body)")
            agreed += 1
        }
        #expect(agreed > 150, "the seeded bodies should include many good orders")
    }
}
