import Foundation
import MarketServer
import MarketWire
import Testing

/// A refused body is answered in the API's terms: the field and the rule, never Swift's.
@Suite("Error details")
struct ErrorDetailTests {
    private static let swiftWords = ["Coding key", "given data", "Int64", "Type mismatch", "CodingKeys", "Optional"]

    private func expectNamed(
        _ response: TestResponse, code: String, saying words: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response.status == 400, "\(response.text)", sourceLocation: sourceLocation)
        #expect(response.errorCode == code, "\(response.text)", sourceLocation: sourceLocation)
        let detail = response.errorDetail ?? ""
        for word in words {
            #expect(detail.contains(word), "\(detail) lacks \(word)", sourceLocation: sourceLocation)
        }
        for leaked in Self.swiftWords {
            #expect(!detail.contains(leaked), "\(detail) leaks \(leaked)", sourceLocation: sourceLocation)
        }
    }

    @Test func orderBodiesNameTheFieldAndTheRule() async throws {
        try await withServer(.sqlite) { server in
            let trader = try await server.register("trader")
            let order = { (body: String) in
                try await server.request(.POST, "/api/orders", json: body, headers: trader.keyHeader)
            }
            expectNamed(
                try await order(#"{"ticker":"FUN","side":"buy","price":99.5,"quantity":1.5}"#),
                code: "invalid_quantity", saying: ["quantity", "whole number"])
            expectNamed(
                try await order(#"{"ticker":"FUN","side":"buy","price":99,"quantity":99999999999999999999}"#),
                code: "invalid_quantity", saying: ["quantity", "whole number"])
            expectNamed(
                try await order(#"{"ticker":"FUN","side":"buy","price":99,"quantity":"ten"}"#),
                code: "invalid_quantity", saying: ["quantity", "whole number"])
            expectNamed(
                try await order(#"{"ticker":"FUN","side":"buy","price":99}"#),
                code: "invalid_quantity", saying: ["quantity", "required"])
            expectNamed(
                try await order(#"{"ticker":"FUN","side":"buy","price":99,"quantity":5,"post_only":"yes"}"#),
                code: "invalid_post_only", saying: ["post_only", "true or false"])
            expectNamed(try await order(#"{"ticker":"FUN","#), code: "invalid_request", saying: ["not valid JSON"])
            let resting = try await server.order(trader, "buy", 1, at: "90")
            let id = try #require(resting["order_id"] as? String)
            let amended = try await server.request(
                .PATCH, "/api/orders/\(id)", json: #"{"quantity":2.5}"#, headers: trader.keyHeader)
            expectNamed(amended, code: "invalid_quantity", saying: ["quantity", "whole number"])
        }
    }

    @Test func adminBodiesNameTheFieldAndTheRule() async throws {
        try await withServer(.sqlite, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            expectNamed(
                try await server.request(.POST, "/api/admin/venues/main/halt", json: "{}", headers: admin),
                code: "invalid_reason", saying: ["reason", "required"])
            expectNamed(
                try await server.request(
                    .POST, "/api/admin/venues/main/halt", json: #"{"reason":7}"#, headers: admin),
                code: "invalid_reason", saying: ["reason", "text"])
            expectNamed(
                try await server.request(
                    .PUT, "/api/admin/venues/main/risk-limits", json: #"{"max_position":10.5}"#, headers: admin),
                code: "invalid_max_position", saying: ["max_position", "whole number"])
        }
    }
}

/// Where JSON leaves room, what the API decided (README, "What the server refuses").
@Suite("Lenient and strict readings")
struct BodyReadingTests {
    @Test func repeatedNamesAreFoundHoweverTheyAreWritten() {
        let repeated = [
            (#"{"quantity":5,"quantity":6}"#, "quantity"), (#"{"a":1,"\u0061":2}"#, "a"),
            (#"{"bracket":{"stop_loss":1,"stop_loss":2}}"#, "stop_loss"), (#"[{"x":1},{"y":[{"z":1,"z":2}]}]"#, "z"),
            (#"{"é":1,"\u00e9":2}"#, "é"), (#"{"😀":1,"\ud83d\ude00":2}"#, "😀"),
        ]
        for (body, name) in repeated {
            #expect(RepeatedName.first(in: Array(body.utf8)) == name, "\(body)")
        }
        for body in [#"{"a":{"a":1},"b":[{"a":2},{"a":3}]}"#, #"{"a":"\"a\"","b":"a"}"#, "{", #"{"a":1,"#, "[]", "7"] {
            #expect(RepeatedName.first(in: Array(body.utf8)) == nil, "\(body)")
        }
    }

    @Test func lengthsCountCodePointsAsTheDescriptionDoes() async throws {
        try await withServer(.sqlite) { server in
            let trader = try await server.register("trader")
            // 40 letters with a combining accent each: 40 characters as Swift counts them, 80 code points.
            let accented = String(repeating: "e\u{301}", count: 40)
            let tooLong = try await server.request(
                .POST, "/api/keys", json: #"{"name":"\#(accented)"}"#, headers: trader.keyHeader)
            #expect(tooLong.status == 400, "\(tooLong.text)")
            let fits = String(repeating: "e\u{301}", count: 32)
            let created = try await server.request(
                .POST, "/api/keys", json: #"{"name":"\#(fits)"}"#, headers: trader.keyHeader)
            #expect(created.status == 200, "\(created.text)")
        }
    }

    @Test func theServersReadingsOfLooseJSON() async throws {
        try await withServer(.sqlite) { server in
            let trader = try await server.register("trader")
            let order = { (body: String, headers: [(String, String)]) in
                try await server.request(.POST, "/api/orders", json: body, headers: trader.keyHeader + headers)
            }
            // A field named twice is refused, whichever reader meets it.
            let twice = try await order(#"{"ticker":"FUN","side":"buy","price":90,"quantity":1,"quantity":1000}"#, [])
            #expect(twice.status == 400 && twice.errorCode == "duplicate_field", "\(twice.text)")
            // Money may be a string (exact decimals for clients that keep them as text); a quantity may not.
            #expect(try await order(#"{"ticker":"FUN","side":"buy","price":"90.5","quantity":1}"#, []).status == 200)
            #expect(try await order(#"{"ticker":"FUN","side":"buy","price":90,"quantity":"1"}"#, []).status == 400)
            // A whole number is a whole number however JSON writes it: 1e0 and 2.0 are 1 and 2 shares.
            let exponent = try await order(#"{"ticker":"FUN","side":"buy","price":90,"quantity":1e0}"#, [])
            let exponentQuantity = try exponent.object()["quantity"] as? Int
            #expect(exponent.status == 200 && exponentQuantity == 1, "\(exponent.text)")
            let point = try await order(#"{"ticker":"FUN","side":"buy","price":90,"quantity":2.0}"#, [])
            let pointQuantity = try point.object()["quantity"] as? Int
            #expect(point.status == 200 && pointQuantity == 2, "\(point.text)")
            // The content type is not checked: the body is JSON or refused. Credentials travel in headers a
            // browser cannot add across origins, so a form post from another site carries none.
            let form = try await order(
                #"{"ticker":"FUN","side":"buy","price":90,"quantity":1}"#,
                [("Content-Type", "application/x-www-form-urlencoded")])
            #expect(form.status == 200)
        }
    }
}
