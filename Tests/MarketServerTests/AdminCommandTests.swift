import Foundation
import MarketServer
import Testing

/// `marketsim admin create` makes an administrator in the configured database, reading the password from
/// standard input, and refuses a name that is taken.
@Suite struct AdminCommandTests {
    @Test(arguments: TestBackend.available)
    func anAdministratorIsCreatedFromTheCommandLine(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            let created = try run(scratch, ["admin", "create", "--username", "boss"], input: "a long password\n")
            #expect(created.status == 0 && created.output.contains("Created administrator boss"), "\(created.output)")
            let again = try run(scratch, ["admin", "create", "--username", "boss", "--password", "other password"])
            #expect(again.status != 0 && again.output.contains("already exists"), "\(again.output)")
            let short = try run(scratch, ["admin", "create", "--username", "tiny"], input: "x\n")
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

    private func run(_ scratch: ScratchDatabase, _ arguments: [String], input: String = "") throws -> (
        status: Int32, output: String
    ) {
        let process = Process()
        process.executableURL = try ServerProcess.executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DATA_DIR"] = scratch.dataDirectory
        environment["DATABASE_URL"] = scratch.databaseURL
        environment["BCRYPT_COST"] = "4"
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: scratch.dataDirectory)
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
