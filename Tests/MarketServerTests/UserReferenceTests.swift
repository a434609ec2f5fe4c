import Foundation
import MarketServer
import Testing

/// Administrators name users as people do: by username wherever a route takes a user, and the audit log
/// shows names beside ids.
@Suite("Users named by name")
struct UserReferenceTests {
    @Test func adminRoutesTakeAUsernameWhereTheyTakeAUser() async throws {
        try await withServer(.sqlite, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let alice = try await server.register("alice", password: hostPassword)

            let byName = try await server.request(.GET, "/api/admin/users/Alice", headers: admin)
            let named = try byName.object()["user_id"] as? String
            #expect(byName.status == 200 && named == alice.id, "\(byName.text)")
            #expect(try await server.request(.GET, "/api/admin/users/nobody", headers: admin).status == 404)

            let bonus = try await server.request(
                .POST, "/api/admin/venues/main/adjustments",
                json: #"{"username":"alice","cash":500,"reason":"prize"}"#, headers: admin)
            let credited = try bonus.object()["user_id"] as? String
            #expect(bonus.status == 200 && credited == alice.id, "\(bonus.text)")
            #expect(cents(try await server.get("/api/portfolio", as: alice).object()["cash"]) == 10_500_00)
            let both = try await server.request(
                .POST, "/api/admin/venues/main/adjustments",
                json: #"{"username":"alice","user_id":"\#(alice.id)","cash":1,"reason":"x"}"#, headers: admin)
            #expect(both.status == 400)
            let cashWithTicker = try await server.request(
                .POST, "/api/admin/venues/main/adjustments",
                json: #"{"username":"alice","cash":1,"ticker":"","reason":"x"}"#, headers: admin)
            #expect(cashWithTicker.status == 400 && cashWithTicker.errorCode == "invalid_ticker")
            let unknown = try await server.request(
                .POST, "/api/admin/venues/main/adjustments", json: #"{"username":"nobody","cash":1,"reason":"x"}"#,
                headers: admin)
            #expect(unknown.status == 404)

            #expect(try await server.request(.PUT, "/api/admin/venues/main/hosts/alice", headers: admin).status == 200)

            let entries = try await server.auditEntries(headers: admin)
            let adjusted = try #require(entries.first { $0["action"] as? String == "adjust_cash" })
            #expect(
                adjusted["target"] as? String == "user \(alice.id)" && adjusted["target_username"] as? String == "alice"
            )
            let granted = try #require(entries.first { $0["action"] as? String == "grant_host" })
            #expect(granted["target_username"] as? String == "alice")
        }
    }

    @Test func bulkCancellationTakesAUsernameAndCancelsOnlyTheirOrders() async throws {
        try await withServer(.sqlite, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let alice = try await server.register("alice")
            let bob = try await server.register("bob")
            try await server.order(alice, "buy", 1, at: "90.00")
            try await server.order(bob, "buy", 1, at: "91.00")
            let path = "/api/admin/venues/main/cancel-orders"
            let cancelled = try await server.request(.POST, path, json: #"{"username":"Bob"}"#, headers: admin)
            let count = try cancelled.object()["cancelled"] as? Int
            #expect(cancelled.status == 200 && count == 1, "\(cancelled.text)")
            #expect(try await server.get("/api/orders", as: alice).array().count == 1)
            #expect(try await server.get("/api/orders", as: bob).array().isEmpty)
            let both = try await server.request(
                .POST, path, json: #"{"username":"alice","user_id":"\#(alice.id)"}"#, headers: admin)
            #expect(both.status == 400)
            let unknown = try await server.request(.POST, path, json: #"{"username":"nobody"}"#, headers: admin)
            #expect(unknown.status == 404)
            #expect(try await server.get("/api/orders", as: alice).array().count == 1)
        }
    }

    @Test func anEntrantIsDisqualifiedByName() async throws {
        try await withServer(.sqlite, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            try await server.createTournament(admin: admin)
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/publish", headers: admin).status == 200)
            let student = try await server.register("student")
            #expect(
                try await server.request(.POST, "/api/tournaments/sprint/enter", headers: student.keyHeader).status
                    == 200)
            let stranger = try await server.request(
                .POST, "/api/admin/tournaments/sprint/disqualify", json: #"{"username":"nobody"}"#, headers: admin)
            #expect(stranger.status == 404, "\(stranger.text)")
            let answer = try await server.request(
                .POST, "/api/admin/tournaments/sprint/disqualify", json: #"{"username":"Student"}"#, headers: admin)
            let entrants = try answer.object()["entrants"] as? [[String: Any]] ?? []
            #expect(entrants.first?["status"] as? String == "disqualified", "\(answer.text)")
        }
    }
}
