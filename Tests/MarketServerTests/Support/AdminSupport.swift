import Foundation
import MarketServer
import NIOHTTP1
import Testing

extension ServerConfiguration {
    /// The configuration with admin `root` (password `root-password-for-tests`) created at start.
    func withAdmin() -> ServerConfiguration {
        var configuration = self
        configuration.initialAdmin = try? Credentials(username: "root", password: "root-password-for-tests")
        return configuration
    }
}

extension TestServer {
    /// Signs in as the admin of ``ServerConfiguration/withAdmin()`` and returns its bearer header.
    func adminHeader() async throws -> [(String, String)] {
        let login = try await login("root", password: "root-password-for-tests")
        guard login.status == 200, let token = try login.object()["jwt_token"] as? String else {
            throw TestFailure("admin login: \(login.status) \(login.text)")
        }
        return [("Authorization", "Bearer \(token)")]
    }
}

/// The callers every admin route must refuse: a trader, and a host of another venue.
struct Outsiders: Sendable {
    let trader: RegisteredUser
    let otherHost: RegisteredUser

    var headers: [(name: String, header: [(String, String)])] {
        [("trader", trader.bearerHeader), ("host of another venue", otherHost.bearerHeader)]
    }
}

/// A password that meets the policy for administrators and hosts, for the users tests make hosts.
let hostPassword = "a-host-password-long-enough"

extension TestServer {
    /// Creates a tournament from `definition` as `admin` (a draft), failing unless it is created.
    func createTournament(_ definition: String = TournamentTests.definition(), admin: [(String, String)])
        async throws
    {
        let created = try await request(.POST, "/api/admin/tournaments", json: definition, headers: admin)
        guard created.status == 201 else { throw TestFailure("create tournament: \(created.status) \(created.text)") }
    }

    /// A trader, and the host of a venue `elsewhere` that the admin creates for the purpose.
    func outsiders(admin: [(String, String)]) async throws -> Outsiders {
        let trader = try await register("outsider")
        let host = try await register("elsewhere-host", password: hostPassword)
        let created = try await request(
            .POST, "/api/admin/venues",
            json:
                #"{"id":"elsewhere","name":"Elsewhere","starting_cash":1000,"tickers":[{"symbol":"ZED","initial_price":10}]}"#,
            headers: admin)
        guard created.status == 201 else { throw TestFailure("create venue: \(created.status) \(created.text)") }
        let named = try await request(.PUT, "/api/admin/venues/elsewhere/hosts/\(host.id)", headers: admin)
        guard named.status == 200 else { throw TestFailure("name host: \(named.status) \(named.text)") }
        return Outsiders(trader: trader, otherHost: host)
    }

    /// Expects every outsider to get 403 from the route, and a caller without credentials 401.
    func expectRefused(
        _ method: HTTPMethod, _ path: String, json: String, by outsiders: Outsiders,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        for (who, header) in outsiders.headers {
            let response = try await request(method, path, json: json.isEmpty ? nil : json, headers: header)
            #expect(
                response.status == 403 && response.errorDetail != nil,
                "\(who) \(method) \(path): \(response.status) \(response.text)", sourceLocation: sourceLocation)
        }
        let anonymous = try await request(method, path, json: json.isEmpty ? nil : json)
        #expect(
            anonymous.status == 401, "anonymous \(method) \(path): \(anonymous.status)", sourceLocation: sourceLocation)
    }

    /// Expects each body to be refused with `status` and a JSON error.
    func expectBadInput(
        _ method: HTTPMethod, _ path: String, _ cases: [(body: String, status: Int)], headers: [(String, String)],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        for (body, status) in cases {
            let response = try await request(method, path, json: body.isEmpty ? nil : body, headers: headers)
            #expect(
                response.status == status && response.errorDetail != nil,
                "\(path) \(body): \(response.status) \(response.text)", sourceLocation: sourceLocation)
        }
    }

    /// The audit log as the caller sees it, newest first.
    func auditEntries(_ query: String = "", headers: [(String, String)]) async throws -> [[String: Any]] {
        let response = try await request(.GET, "/api/admin/audit\(query)", headers: headers)
        guard response.status == 200 else { throw TestFailure("audit: \(response.status) \(response.text)") }
        return try response.object()["entries"] as? [[String: Any]] ?? []
    }
}

extension TestServer {
    /// `user` with an admin-scoped key in place of the trade key registration gave it, as a host's scripts use
    /// on the control plane; only once the user hosts a venue (or is an administrator) may it have one.
    func withAdminKey(_ user: RegisteredUser) async throws -> RegisteredUser {
        let created = try await request(
            .POST, "/api/keys", json: #"{"name":"host","scope":"admin"}"#, headers: user.bearerHeader)
        guard created.status == 200, let key = try created.object()["api_key"] as? String else {
            throw TestFailure("admin key: \(created.status) \(created.text)")
        }
        var hosting = user
        hosting.apiKey = key
        return hosting
    }
}
