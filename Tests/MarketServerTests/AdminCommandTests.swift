import Foundation
import MarketServer
import Testing

/// `marketsim admin create` makes an administrator in the configured database, reading the password from
/// standard input, and refuses a name that is taken.
@Suite struct AdminCommandTests {
    @Test(arguments: TestBackend.available)
    func anAdministratorIsCreatedFromTheCommandLine(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            let created = try await run(scratch, ["admin", "create", "--username", "boss"], input: "a long password\n")
            #expect(created.status == 0 && created.output.contains("Created administrator boss"), "\(created.output)")
            let again = try await run(
                scratch, ["admin", "create", "--username", "boss", "--password", "other password"])
            #expect(again.status != 0 && again.output.contains("already exists"), "\(again.output)")
            let short = try await run(scratch, ["admin", "create", "--username", "tiny"], input: "x\n")
            #expect(short.status != 0 && short.output.contains("at least 4"), "\(short.output)")

            try await TestServer.run(scratch.configuration()) { server in
                let login = try await server.login("boss", password: "a long password")
                let token = try login.object()["jwt_token"] as? String ?? ""
                #expect(login.status == 200)
                let audit = try await server.request(
                    .GET, "/api/admin/audit", headers: [("Authorization", "Bearer \(token)")])
                #expect(audit.status == 200)
                #expect(try await server.login("tiny", password: "x").status == 401)
            }
        }
    }

    private func run(_ scratch: ScratchDatabase, _ arguments: [String], input: String = "") async throws
        -> MarketSimCommand
    {
        try await MarketSimCommand.run(arguments, on: scratch, environment: ["BCRYPT_COST": "4"], input: input)
    }
}
