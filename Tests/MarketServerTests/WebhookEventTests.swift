import Foundation
import MarketCore
import Testing

@testable import MarketServer

/// The webhook facts written by hand (fills and trades) say exactly what the encoded feed messages say.
struct WebhookEventTests {
    @Test func handWrittenFillsAndTradesEqualTheirEncodedForms() throws {
        let venue = Venue(id: "hooks")
        let ticker: TickerSymbol = "FUN"
        let (seller, buyer) = (AccountID(7), AccountID(8))
        var events: [Event] = []
        events.append(try venue.list(TickerListing(symbol: ticker, initialPrice: 10_000), at: .now))
        events.append(try venue.openAccount(seller, cash: 5_000_000, at: .now))
        events.append(try venue.openAccount(buyer, cash: 5_000_000, at: .now))
        events.append(try venue.adjustShares(of: seller, in: ticker, by: 100, reason: "seed", at: .now))
        for (account, side, quantity) in [(seller, Side.sell, 30), (buyer, .buy, 20), (buyer, .buy, 10)] {
            events += try venue.submit(
                OrderRequest(
                    account: account, ticker: ticker, side: side, kind: .limit(price: 10_050),
                    quantity: Shares(Int64(quantity)), timeInForce: .goodTillCancelled),
                at: .now
            ).events
        }
        var trades = 0
        for event in events {
            guard case .tradeExecuted(let trade) = event.kind else { continue }
            trades += 1
            let written = WebhookEvent.of(event, in: "hooks") { _, _ in true }.map { try? json($0.json) }
            let fills = PrivateUpdate.of(event).enumerated().map { index, update in
                WebhookEvent(
                    id: "hooks:\(event.sequence):\(index)", type: "fill", topic: .fills, account: update.account,
                    venue: "hooks", sequence: event.sequence, at: event.timestamp, data: update.message(event.sequence))
            }
            let tape = WebhookEvent(
                id: "hooks:\(event.sequence):trade", type: "trade", topic: .venueTrades, account: nil, venue: "hooks",
                sequence: event.sequence, at: event.timestamp,
                data: FeedMessage.PublicTrade(trade, sequence: event.sequence))
            let encoded = try (fills + [tape]).map { try json(try #require($0).json) }
            #expect(written.count == 3 && written == encoded, "\(written) against \(encoded)")
        }
        #expect(trades == 2)
    }

    @Test func onlyFactsSomeActiveEndpointWantsAreWritten() throws {
        let venue = Venue(id: "hooks")
        let ticker: TickerSymbol = "FUN"
        let (seller, buyer) = (AccountID(7), AccountID(8))
        _ = try venue.list(TickerListing(symbol: ticker, initialPrice: 10_000), at: .now)
        for account in [seller, buyer] { _ = try venue.openAccount(account, cash: 5_000_000, at: .now) }
        _ = try venue.adjustShares(of: seller, in: ticker, by: 100, reason: "seed", at: .now)
        var events: [Event] = []
        for (account, side) in [(seller, Side.sell), (buyer, .buy)] {
            events += try venue.submit(
                OrderRequest(
                    account: account, ticker: ticker, side: side, kind: .limit(price: 10_050), quantity: 5,
                    timeInForce: .goodTillCancelled),
                at: .now
            ).events
        }
        let trade = try #require(events.first { if case .tradeExecuted = $0.kind { true } else { false } })
        func endpoint(_ id: Int64, owner: Int64, _ topics: Set<WebhookTopic>, active: Bool = true) -> WebhookEndpoint {
            WebhookEndpoint(
                id: id, owner: UserID(owner), venue: "hooks", url: "http://127.0.0.1/\(id)", topics: topics,
                description: "", isActive: active, secretSalt: "salt", createdAt: .now)
        }
        // The buyer listens for fills; the seller's endpoint for fills is paused, and another user's is for orders.
        var interest = WebhookInterest([
            endpoint(1, owner: 8, [.fills]), endpoint(2, owner: 7, [.fills], active: false),
            endpoint(3, owner: 9, [.orders]),
        ])
        var facts = WebhookEvent.of(trade, in: "hooks", wanted: interest.wants)
        #expect(facts.map(\.account) == [buyer] && facts.map(\.topic) == [.fills])
        #expect(try json(try #require(facts.first).json)["id"] as? String == "hooks:\(trade.sequence):0")
        #expect(
            events.allSatisfy { event in
                WebhookEvent.of(event, in: "hooks", wanted: interest.wants).allSatisfy { $0.account == buyer }
            })

        interest = WebhookInterest([endpoint(1, owner: 8, [.fills]), endpoint(4, owner: 1, [.venueTrades])])
        facts = WebhookEvent.of(trade, in: "hooks", wanted: interest.wants)
        #expect(facts.map(\.topic) == [.fills, .venueTrades] && facts.map(\.account) == [buyer, nil])
        #expect(WebhookInterest([endpoint(2, owner: 7, [.fills], active: false)]).isEmpty)
    }

    private func json(_ bytes: [UInt8]) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary)
    }
}
