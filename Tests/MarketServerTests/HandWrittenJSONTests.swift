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

    @Test func orderAnswersMatchTheirEncodableForm() throws {
        let (_, results) = try tradingSessionWithResults()
        #expect(results.contains { $0.acknowledgement.trades.count > 1 }, "some answer must list several fills")
        #expect(results.contains { $0.acknowledgement.cancellation != nil }, "some answer must carry a cancellation")
        for result in results {
            let answer = OrderAnswer(result)
            let byHand = try JSONSerialization.jsonObject(with: Data(answer.json.bytes)) as? NSDictionary
            let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(answer)) as? NSDictionary
            #expect(byHand != nil)
            #expect(byHand == encoded, "\(answer.json.text)")
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
}
