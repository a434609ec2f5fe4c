import Foundation
import Testing

/// The dead man's switch: an account's resting orders are cancelled once all its private WebSocket
/// connections to the venue have been gone for the seconds it asked for, and not while one is open.
@Suite("Cancel on disconnect")
struct CancelOnDisconnectTests {
    static let path = "/api/account/cancel-on-disconnect"

    static func openOrders(_ server: TestServer, _ user: RegisteredUser) async throws -> Int {
        try await server.get("/api/orders", as: user).array().count
    }

    /// Opens `user`'s private channel of venue main.
    static func listen(_ server: TestServer, _ user: RegisteredUser) async throws -> FeedClient {
        FeedClient.connect(port: server.port, "/ws/private?api_key=\(user.apiKey)")
    }

    static func connections(_ server: TestServer, _ user: RegisteredUser) async throws -> Int? {
        try await server.get(path, as: user).object()["connections"] as? Int
    }

    @Test(arguments: TestBackend.available)
    func restingOrdersAreCancelledOnlyOnceEveryPrivateConnectionIsGoneForTheSeconds(backend: TestBackend)
        async throws
    {
        try await withServer(backend) { server in
            let alice = try await server.register("alice")
            let off = try await server.get(Self.path, as: alice).object()
            #expect(off["seconds"] is NSNull && off["connections"] as? Int == 0, "\(off)")
            let first = try await Self.listen(server, alice)
            let second = try await Self.listen(server, alice)
            try await eventually("two connections") { try await Self.connections(server, alice) == 2 }
            let set = try await server.request(.PUT, Self.path, json: #"{"seconds":1}"#, headers: alice.keyHeader)
            let seconds = try set.object()["seconds"] as? Int
            #expect(set.status == 200 && seconds == 1, "\(set.text)")
            try await server.order(alice, "buy", 2, at: "50.00")

            await first.close()
            try await eventually("one connection left") { try await Self.connections(server, alice) == 1 }
            try await Task.sleep(for: .milliseconds(1_500))
            #expect(try await Self.openOrders(server, alice) == 1, "one connection is still open")
            await second.close()
            try await eventually("the order cancelled", timeout: .seconds(10)) {
                try await Self.openOrders(server, alice) == 0
            }
            let cancelled = try await server.get("/api/orders?status=cancelled", as: alice).array()
            #expect(cancelled.count == 1 && cents(cancelled.first?["price"]) == 50_00, "\(cancelled)")
            #expect(cancelled.first?["cancellation_reason"] as? String == "disconnected", "\(cancelled)")

            // Back within the time: nothing is cancelled. Turned off: nothing either.
            #expect(
                try await server.request(.PUT, Self.path, json: #"{"seconds":3}"#, headers: alice.keyHeader).status
                    == 200)
            let brief = try await Self.listen(server, alice)
            try await eventually("connected") { try await Self.connections(server, alice) == 1 }
            try await server.order(alice, "buy", 1, at: "40.00")
            await brief.close()
            let back = try await Self.listen(server, alice)
            try await eventually("back") { try await Self.connections(server, alice) == 1 }
            try await Task.sleep(for: .milliseconds(3_500))
            #expect(try await Self.openOrders(server, alice) == 1, "it came back in time")
            let none = try await server.request(.PUT, Self.path, json: #"{"seconds":null}"#, headers: alice.keyHeader)
            let cleared = try none.object()["seconds"]
            #expect(none.status == 200 && cleared is NSNull, "\(none.text)")
            await back.close()
            try await Task.sleep(for: .milliseconds(1_500))
            #expect(try await Self.openOrders(server, alice) == 1, "the switch is off")
        }
    }

    @Test(arguments: TestBackend.available)
    func badValuesAreRefusedAndChangeNothing(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let alice = try await server.register("alice")
            for body in [
                #"{}"#, #"{"seconds":0}"#, #"{"seconds":3601}"#, #"{"seconds":"ten"}"#, #"{"seconds":1.5}"#, "[]",
            ] {
                let refused = try await server.request(.PUT, Self.path, json: body, headers: alice.keyHeader)
                #expect(refused.status == 400 && refused.errorDetail?.isEmpty == false, "\(body): \(refused.text)")
            }
            #expect(try await server.get(Self.path, as: alice).object()["seconds"] is NSNull)
            #expect(try await server.request(.GET, Self.path).status == 401)
            let elsewhere = try await server.request(
                .PUT, "/api/venues/nowhere/account/cancel-on-disconnect", json: #"{"seconds":5}"#,
                headers: alice.keyHeader)
            #expect(elsewhere.status == 404, "\(elsewhere.text)")
        }
    }

    /// A restart leaves nobody connected: the switch's time starts with the server, and a server that stops
    /// cancels nothing on its way down.
    @Test func theSwitchOutlivesARestart() async throws {
        try await withScratchDatabase(.sqlite) { scratch in
            let configuration = scratch.configuration()
            let alice = try await TestServer.run(configuration) { server in
                let alice = try await server.register("alice")
                let feed = try await Self.listen(server, alice)
                try await eventually("connected") { try await Self.connections(server, alice) == 1 }
                #expect(
                    try await server.request(.PUT, Self.path, json: #"{"seconds":2}"#, headers: alice.keyHeader).status
                        == 200)
                try await server.order(alice, "buy", 2, at: "50.00")
                await feed.close()
                return alice
            }
            try await TestServer.run(configuration) { server in
                #expect(try await Self.openOrders(server, alice) == 1, "stopping the server cancelled nothing")
                #expect(try await server.get(Self.path, as: alice).object()["seconds"] as? Int == 2)
                try await eventually("the order cancelled after the restart", timeout: .seconds(10)) {
                    try await Self.openOrders(server, alice) == 0
                }
            }
        }
    }
}
