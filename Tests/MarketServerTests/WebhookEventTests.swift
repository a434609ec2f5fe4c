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
            let written = WebhookEvent.of(event, in: "hooks") { _ in true }.map { try? json($0.json) }
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

    private func json(_ bytes: [UInt8]) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary)
    }
}
