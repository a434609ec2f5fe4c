import Foundation
import MarketCore
import Testing

@testable import MarketServer

/// JSON the server writes by hand on the order path must say what `Codable` says: the journal's event
/// payloads decode (as replay and audit decode them) to exactly the event they were written from, and an
/// order's answer holds the same members and values as its `Encodable` form.
struct HandWrittenJSONTests {
    @Test func everyEventOfATradingSessionDecodesToItself() throws {
        let events = try tradingSession()
        let kinds = Set(events.map(\.kind.journalName))
        #expect(
            kinds.isSuperset(of: [
                "order_accepted", "order_rested", "trade_executed", "order_cancelled", "order_reduced",
            ]),
            "the session must produce every hand-written kind: \(kinds.sorted())")
        let decoder = JSONDecoder()
        for event in events {
            let payload = try EventPayload.json(event.kind)
            let decoded = try decoder.decode(EventKind.self, from: Data(payload.utf8))
            #expect(decoded == event.kind, "\(payload)")
        }
    }

    @Test func orderAnswersStateTheirAcknowledgements() throws {
        let (_, results) = try tradingSessionWithResults()
        #expect(results.contains { $0.acknowledgement.trades.count > 1 }, "some answer must list several fills")
        #expect(results.contains { $0.acknowledgement.cancellation != nil }, "some answer must carry a cancellation")
        for result in results {
            let acknowledgement = result.acknowledgement
            let answer = try #require(
                try JSONSerialization.jsonObject(with: Data(OrderAnswer(result).json.bytes)) as? [String: Any])
            #expect(answer["order_id"] as? String == acknowledgement.orderID.description)
            #expect(answer["ticker"] as? String == acknowledgement.ticker.rawValue)
            #expect(answer["side"] as? String == acknowledgement.side.rawValue)
            #expect(answer["type"] as? String == (acknowledgement.kind == .market ? "market" : "limit"))
            #expect(cents(answer["price"]) == acknowledgement.kind.limitPrice?.value)
            #expect(answer["quantity"] as? Int64 == acknowledgement.quantity.value)
            #expect(answer["filled_quantity"] as? Int64 == acknowledgement.filledQuantity.value)
            #expect(answer["status"] as? String == acknowledgement.status.rawValue)
            #expect(answer["time_in_force"] as? String == acknowledgement.timeInForce.rawValue)
            #expect(answer["cancellation_reason"] as? String == acknowledgement.cancellation?.rawValue)
            #expect(answer["duplicate"] as? Bool == false)
            let trades = try #require(answer["trades"] as? [[String: Any]])
            #expect(trades.map { $0["trade_id"] as? String } == acknowledgement.trades.map(\.id.description))
            #expect(trades.map { cents($0["price"]) } == acknowledgement.trades.map(\.price.value))
            #expect(trades.map { $0["quantity"] as? Int64 } == acknowledgement.trades.map(\.quantity.value))
            #expect(trades.map { cents($0["buyer_fee"]) } == acknowledgement.trades.map(\.buyerFee.value))
        }
    }

    @Test func answersShowAnOrdersConditions() throws {
        let venue = Venue(id: "conditions")
        let ticker: TickerSymbol = "FUN"
        _ = try venue.list(TickerListing(symbol: ticker, initialPrice: 10_000), at: .now)
        _ = try venue.openAccount(AccountID(1), cash: 5_000_000, at: .now)
        func answer(_ request: OrderRequest) throws -> [String: Any] {
            let result = try venue.submit(request, at: .now)
            return try #require(
                try JSONSerialization.jsonObject(with: Data(OrderAnswer(result).json.bytes)) as? [String: Any])
        }
        let stop = try answer(
            OrderRequest(
                account: AccountID(1), ticker: ticker, side: .buy, kind: .market, quantity: 3, trigger: .stop(10_500)))
        #expect(stop["type"] as? String == "stop" && cents(stop["stop_price"]) == 10_500)
        #expect(cents(stop["protection_price"]) == 11_025 && stop["triggered"] as? Bool == false)
        let trailing = try answer(
            OrderRequest(
                account: AccountID(1), ticker: ticker, side: .buy, kind: .market, quantity: 3,
                trigger: .trailingStop(.basisPoints(250))))
        #expect(trailing["type"] as? String == "trailing_stop" && cents(trailing["trail_percent"]) == 2_50)
        let iceberg = try answer(
            OrderRequest(
                account: AccountID(1), ticker: ticker, side: .buy, kind: .limit(price: 9_000), quantity: 30,
                displayQuantity: 5, isPostOnly: true,
                bracket: BracketOrders(takeProfit: 9_500, stopLoss: 8_500, stopLossLimit: 8_400)))
        #expect(iceberg["display_quantity"] as? Int == 5 && iceberg["post_only"] as? Bool == true)
        #expect(iceberg["triggered"] == nil && iceberg["stop_price"] == nil)
        let bracket = try #require(iceberg["bracket"] as? [String: Any])
        #expect(cents(bracket["take_profit"]) == 9_500 && cents(bracket["stop_loss"]) == 8_500)
        #expect(cents(bracket["stop_loss_limit"]) == 8_400)
    }

    @Test func eventsWithConditionsDecodeToThemselves() throws {
        let venue = Venue(id: "conditioned-events")
        let ticker: TickerSymbol = "FUN"
        var events = [try venue.list(TickerListing(symbol: ticker, initialPrice: 10_000), at: .now)]
        for id in [1, 2] as [Int64] {
            events.append(try venue.openAccount(AccountID(id), cash: 5_000_000, at: .now))
            events.append(try venue.adjustShares(of: AccountID(id), in: ticker, by: 100, reason: "seed", at: .now))
        }
        events += try venue.submit(
            OrderRequest(
                account: AccountID(1), ticker: ticker, side: .sell, kind: .market, quantity: 5, trigger: .stop(9_900)),
            at: .now
        ).events
        events += try venue.submitPair(
            OrderRequest(account: AccountID(1), ticker: ticker, side: .sell, kind: .limit(price: 10_500), quantity: 5),
            OrderRequest(
                account: AccountID(1), ticker: ticker, side: .sell, kind: .market, quantity: 5,
                trigger: .trailingStop(.amount(200))),
            at: .now
        ).events
        events += try venue.submit(
            OrderRequest(account: AccountID(2), ticker: ticker, side: .buy, kind: .limit(price: 9_800), quantity: 20),
            at: .now
        ).events
        events += try venue.submit(
            OrderRequest(account: AccountID(1), ticker: ticker, side: .sell, kind: .limit(price: 9_800), quantity: 1),
            at: .now
        ).events
        #expect(events.contains { $0.kind.journalName == "order_triggered" }, "the stop must trigger")
        for event in events {
            let payload = try EventPayload.json(event.kind)
            #expect(try JSONDecoder().decode(EventKind.self, from: Data(payload.utf8)) == event.kind, "\(payload)")
        }
    }

    @Test func clientOrderIDsAreEscaped() throws {
        let venue = Venue(id: "escapes")
        let ticker: TickerSymbol = "FUN"
        _ = try venue.list(TickerListing(symbol: ticker, initialPrice: 1_000), at: .now)
        _ = try venue.openAccount(AccountID(1), cash: 1_000_000, at: .now)
        let awkward = "quote \" backslash \\ newline \n tab \t bell \u{07} accent é emoji 🚀"
        let result = try venue.submit(
            OrderRequest(
                account: AccountID(1), ticker: ticker, side: .buy, kind: .limit(price: 900), quantity: 1,
                clientOrderID: awkward),
            at: .now)
        let accepted = try #require(result.events.first)
        let payload = try EventPayload.json(accepted.kind)
        #expect(try JSONDecoder().decode(EventKind.self, from: Data(payload.utf8)) == accepted.kind, "\(payload)")
        let answer = OrderAnswer(result)
        let byHand = try JSONSerialization.jsonObject(with: Data(answer.json.bytes)) as? NSDictionary
        #expect(byHand?["client_order_id"] as? String == awkward, "\(answer.json.text)")
    }

    @Test func textReadsBackAsItself() throws {
        let everyASCII = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        for text in ["", "plain", "a \"quoted\" word", everyASCII, "accent é, emoji 🚀, delete \u{7F}"] {
            var json = JSONText()
            json.beginArray()
            json.value(text)
            json.endArray()
            #expect(try JSONDecoder().decode([String].self, from: Data(json.bytes)) == [text], "\(json.text)")
        }
    }

    /// Resting orders, crossing orders filled in part and in full, an immediate-or-cancel remainder, a
    /// market order, a reduced and a cancelled order, as the venue decides them.
    private func tradingSession() throws -> [Event] {
        try tradingSessionWithResults().events
    }

    private func tradingSessionWithResults() throws -> (events: [Event], results: [OrderResult]) {
        let venue = Venue(id: "payloads")
        let ticker: TickerSymbol = "FUN"
        let seller = AccountID(7)
        let buyer = AccountID(8)
        var events: [Event] = []
        var results: [OrderResult] = []
        events.append(try venue.list(TickerListing(symbol: ticker, initialPrice: 10_000), at: .now))
        events.append(try venue.openAccount(seller, cash: 5_000_000, at: .now))
        events.append(try venue.openAccount(buyer, cash: 5_000_000, at: .now))
        events.append(try venue.adjustShares(of: seller, in: ticker, by: 1_000, reason: "seed", at: .now))
        func place(
            _ account: AccountID, _ side: Side, _ kind: OrderKind, _ quantity: Shares,
            _ time: TimeInForce = .goodTillCancelled
        )
            throws -> OrderResult
        {
            let result = try venue.submit(
                OrderRequest(
                    account: account, ticker: ticker, side: side, kind: kind, quantity: quantity, timeInForce: time),
                at: .now)
            events += result.events
            results.append(result)
            return result
        }
        let ask = try place(seller, .sell, .limit(price: 10_100), 50)
        _ = try place(seller, .sell, .limit(price: 10_200), 50)
        _ = try place(buyer, .buy, .limit(price: 10_150), 20)
        _ = try place(buyer, .buy, .limit(price: 10_300), 90, .immediateOrCancel)
        _ = try place(buyer, .buy, .limit(price: 9_000), 40)
        let resting = try place(buyer, .buy, .limit(price: 9_500), 30)
        _ = try place(seller, .sell, .limit(price: 10_400), 5)
        _ = try place(buyer, .buy, .limit(price: 10_500), 60)
        _ = try place(seller, .sell, .market, 10)
        let reduced = try venue.amend(
            resting.acknowledgement.orderID, in: ticker, by: buyer, price: nil, quantity: 5, at: .now)
        events += reduced.events
        results.append(reduced)
        events += try venue.cancel(resting.acknowledgement.orderID, in: ticker, by: buyer, at: .now)
        #expect(ask.events.count >= 2)
        return (events, results)
    }

    /// Event hashes and API key hashes are stored as lowercase hex; the stored chains must keep verifying.
    @Test func bytesAreWrittenAsTwoLowercaseHexDigitsEach() {
        #expect([UInt8]().hexString == "")
        #expect([0x00, 0x0f, 0xa5, 0xff, 0x10].hexString == "000fa5ff10")
        #expect((0...255).map(UInt8.init).hexString == (0...255).map { String(format: "%02x", $0) }.joined())
    }
}
