import Foundation
import MarketCore
import MarketServer
import Synchronization
import Testing

/// Hooks that give each named user shares of every ticker as they register, through the venue's own
/// durable adjustment (the same ledger event an administrator's adjustment makes).
func seedingShares(_ shares: Shares, to usernames: Set<String>) -> ServerHooks {
    let venues = Mutex<VenueDirectory?>(nil)
    return ServerHooks(
        onUserRegistered: { user in
            guard usernames.contains(user.username), let main = venues.withLock({ $0 })?.main else { return }
            for listing in main.committed.listings {
                try await main.adjustShares(
                    of: AccountID(user.id.rawValue), in: listing.symbol, by: shares, reason: "test seed")
            }
        },
        onVenuesOpened: { directory in venues.withLock { $0 = directory } })
}

extension TestServer {
    /// Places an order and returns the answer, which must be 200.
    @discardableResult
    func order(
        _ user: RegisteredUser, _ side: String, _ quantity: Int, _ ticker: String = "FUN", at price: String?,
        timeInForce: String = "GTC", clientOrderID: String? = nil, venue: String? = nil
    ) async throws -> [String: Any] {
        var fields = [
            #""ticker":"\#(ticker)""#, #""side":"\#(side)""#, #""quantity":\#(quantity)"#,
            #""time_in_force":"\#(timeInForce)""#,
        ]
        if let price { fields.append(#""price":\#(price)"#) } else { fields.append(#""type":"market""#) }
        if let clientOrderID { fields.append(#""client_order_id":"\#(clientOrderID)""#) }
        let path = venue.map { "/api/venues/\($0)/orders" } ?? "/api/orders"
        let response = try await request(
            .POST, path, json: "{" + fields.joined(separator: ",") + "}", headers: user.keyHeader)
        guard response.status == 200 else { throw TestFailure("order: \(response.status) \(response.text)") }
        return try response.object()
    }

    /// The answer's body, which must be 200.
    func get(_ path: String, as user: RegisteredUser? = nil) async throws -> TestResponse {
        let response = try await request(.GET, path, headers: user?.keyHeader ?? [])
        guard response.status == 200 else { throw TestFailure("GET \(path): \(response.status) \(response.text)") }
        return response
    }
}

/// JSON numbers as the API writes money, compared in cents so a test never compares floating point.
func cents(_ value: Any?) -> Int64? {
    guard let number = value as? NSNumber else { return nil }
    return Int64((number.doubleValue * 100).rounded())
}

/// Registers `count` users named `agent0`, `agent1`, … on a server run just for that, each given `shares` of
/// every ticker, so that a later server on the same database has traders ready to load it.
func registerSeededAgents(_ count: Int, shares: Shares = 1_000, in scratch: ScratchDatabase) async throws
    -> [RegisteredUser]
{
    let names = (0..<count).map { "agent\($0)" }
    return try await TestServer.run(scratch.configuration(), hooks: seedingShares(shares, to: Set(names))) { server in
        var users: [RegisteredUser] = []
        for name in names { users.append(try await server.register(name)) }
        return users
    }
}
