import MarketCore
import Synchronization
import Testing

/// Several tickers trade at once from several threads over shared accounts; afterwards nothing
/// was lost or made up, the sequence has no gaps, and the journal replays to the same venue.
/// Run under `swift test --sanitize=thread` as well.
@Suite struct ConcurrencyTests {
    @Test func concurrentTradingAcrossTickersKeepsSharedAccountsExact() async throws {
        let tickers = ["FUN", "MEME", "YOLO", "HODL"].map {
            TickerListing(symbol: TickerSymbol($0), initialPrice: 50_00)
        }
        var accounts: [Int64: Cents] = [:]
        for id in 1...12 { accounts[Int64(id)] = 20_000_00 }
        let exchange = TestExchange(
            fees: FeeSchedule(makerBasisPoints: 2, takerBasisPoints: 10, minimumPerFill: 1), tickers: tickers,
            accounts: accounts, shares: 300)
        let venue = exchange.venue
        let workers = 6
        let operations = 4_000

        let journals = await withTaskGroup(of: [Event].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var random = SeededGenerator(seed: UInt64(1_000 + worker))
                    var events: [Event] = []
                    var placed: [(OrderID, TickerSymbol, AccountID)] = []
                    for _ in 0..<operations {
                        let ticker = tickers[(worker + Int.random(in: 0...1, using: &random)) % tickers.count].symbol
                        let account = AccountID(Int64.random(in: 1...12, using: &random))
                        if Int.random(in: 0..<10, using: &random) < 3,
                            let index = placed.indices.randomElement(using: &random)
                        {
                            let (order, orderTicker, owner) = placed.remove(at: index)
                            if let cancelled = try? venue.cancel(order, in: orderTicker, by: owner, at: epoch) {
                                events += cancelled
                            }
                            continue
                        }
                        if Int.random(in: 0..<50, using: &random) == 0,
                            let adjusted = try? venue.adjustCash(of: account, by: 10_00, reason: "bonus", at: epoch)
                        {
                            events.append(adjusted)
                        }
                        let request = OrderRequest(
                            account: account, ticker: ticker, side: Bool.random(using: &random) ? .buy : .sell,
                            kind: Int.random(in: 0..<10, using: &random) == 0
                                ? .market : .limit(price: Cents.random(in: 48_00...52_00, using: &random)),
                            quantity: Shares.random(in: 1...20, using: &random),
                            timeInForce: Bool.random(using: &random) ? .goodTillCancelled : .immediateOrCancel)
                        if let result = try? venue.submit(request, at: epoch) {
                            events += result.events
                            if result.acknowledgement.status == .open || result.acknowledgement.status == .partial {
                                placed.append((result.acknowledgement.orderID, ticker, account))
                            }
                        }
                    }
                    return events
                }
            }
            var all: [[Event]] = []
            for await events in group { all.append(events) }
            return all
        }
        for events in journals { exchange.record(events) }

        let sequences = exchange.journal.map(\.sequence).sorted()
        #expect(sequences == Array(1...venue.lastSequence), "every number handed out belongs to exactly one event")
        let snapshot = venue.snapshot()
        #expect(snapshot.invariantViolations == [])
        #expect(snapshot.markets.values.reduce(0) { $0 + $1.volume } > 1_000)
        #expect(exchange.replayed() == snapshot)
    }
}
