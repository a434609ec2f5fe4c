import Foundation
import MarketCore
import Testing

@testable import MarketServer

/// A venue's times all come from the clock it is given: its journal, its orders and trades, its market data
/// and its tournament's schedule.
@Suite("One clock per venue")
struct VenueClockTests {
    static let start = Timestamp(millisecondsSinceEpoch: 1_900_000_000_000)

    @Test func aVenueRunsOnTheClockItIsGiven() async throws {
        let clock = ManualClock(Self.start)
        let captured = CapturedParts()
        try await withServer(
            .sqlite, hooks: captured.hooks(seeding: 100),
            configure: {
                $0 = $0.withAdmin()
                $0.clock = clock
                $0.tournamentCheckInterval = .milliseconds(50)
            }
        ) { server in
            let alice = try await server.register("alice")
            let bob = try await server.register("bob")
            try await server.order(bob, "sell", 2, at: "100.00")
            try await server.order(alice, "buy", 1, at: "100.00")
            clock.advance(byMilliseconds: 90_000)
            try await server.order(alice, "buy", 1, at: "100.00")

            let trades = try await server.get("/api/trades", as: alice).array()
            let later = Timestamp(millisecondsSinceEpoch: Self.start.millisecondsSinceEpoch + 90_000)
            #expect(Set(trades.compactMap { $0["created_at"] as? String }) == [Self.start.iso8601, later.iso8601])
            let orders = try await server.get("/api/orders?status=all", as: bob).array()
            #expect(orders.compactMap { $0["created_at"] as? String } == [Self.start.iso8601])
            // The history's default window ends now by the venue's clock, years from the wall clock's.
            clock.advance(byMilliseconds: 1_000)
            let history = try await server.get("/api/market/FUN/history?interval=1m").object()
            let candles = history["candles"] as? [[String: Any]] ?? []
            #expect(candles.compactMap { $0["volume"] as? Int } == [1, 1])
            // Ten-second candles start on the venue's ten-second marks, whatever the wall clock says.
            try await server.order(alice, "sell", 1, at: "101.00")
            clock.advance(byMilliseconds: 14_000)
            try await server.order(bob, "buy", 1, at: "101.00")
            clock.advance(byMilliseconds: 1_000)
            let tens = try await server.get("/api/market/FUN/history?interval=10s").object()
            let tenSeconds = tens["candles"] as? [[String: Any]] ?? []
            let lastTen = (Self.start.millisecondsSinceEpoch + 105_000) / 10_000 * 10_000
            #expect(tens["interval"] as? String == "10s" && tenSeconds.count == 3, "\(tens)")
            #expect(tenSeconds.last?["timestamp"] as? String == Timestamp(millisecondsSinceEpoch: lastTen).iso8601)
            #expect(cents(tenSeconds.last?["close"]) == 101_00 && tenSeconds.last?["volume"] as? Int == 1)

            try await runsATournamentOnTheClock(clock, server: server, entrant: alice)
        }
    }

    /// The schedule moves when the venue's clock passes its times, and not before.
    private func runsATournamentOnTheClock(_ clock: ManualClock, server: TestServer, entrant: RegisteredUser)
        async throws
    {
        let admin = try await server.adminHeader()
        let definition = TournamentTests.definition(startsIn: 60, duration: 600)
        #expect(
            try await server.request(.POST, "/api/admin/tournaments", json: definition, headers: admin).status == 201)
        #expect(try await server.request(.POST, "/api/admin/tournaments/sprint/publish", headers: admin).status == 200)
        #expect(
            try await server.request(.POST, "/api/tournaments/sprint/enter", headers: entrant.keyHeader).status == 200)
        let status = { try await server.get("/api/tournaments/sprint").object()["status"] as? String }
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await status() == "open")
        clock.advance(byMilliseconds: 60_000)
        try await eventually("the start by the venue's clock") { try await status() == "active" }
        let shown = try await server.get("/api/tournaments/sprint").object()
        let startsAt = Timestamp(millisecondsSinceEpoch: Self.start.millisecondsSinceEpoch + 166_000)
        #expect(shown["starts_at"] as? String == startsAt.iso8601, "\(shown)")
        clock.advance(byMilliseconds: 600_000)
        try await eventually("the end by the venue's clock") { try await status() == "completed" }
    }
}
