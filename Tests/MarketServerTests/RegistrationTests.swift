import Foundation
import MarketServer
import Testing

@Suite("Register and log in")
struct RegistrationTests {
    @Test(arguments: TestBackend.available)
    func registerThenLogIn(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let registered = try await server.request(
                .POST, "/api/register", json: #"{"username":"alice","password":"secret"}"#)
            #expect(registered.status == 200)
            let body = try registered.object()
            let userID = try #require(body["user_id"] as? String)
            #expect(Int64(userID) != nil)
            #expect(body["username"] as? String == "alice")
            #expect((body["api_key"] as? String)?.hasPrefix("msk_") == true)
            #expect((body["jwt_token"] as? String)?.isEmpty == false)
            #expect((body["cash"] as? NSNumber)?.doubleValue == 10_000.00)
            #expect(body["role"] as? String == "trader")

            let login = try await server.login("alice", password: "secret")
            #expect(login.status == 200)
            let loginBody = try login.object()
            #expect(loginBody["user_id"] as? String == userID)
            #expect(loginBody["username"] as? String == "alice")
            #expect(loginBody["role"] as? String == "trader")
            let token = try #require(loginBody["jwt_token"] as? String)
            let keys = try await server.request(.GET, "/api/keys", headers: [("Authorization", "Bearer \(token)")])
            #expect(keys.status == 200)
        }
    }

    @Test(arguments: TestBackend.available)
    func invalidRegistrationsAreRejected(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let cases: [(body: String, status: Int, code: String)] = [
                (#"{"username":"a","password":"secret"}"#, 400, "invalid_username"),
                (#"{"username":"\#(String(repeating: "x", count: 33))","password":"secret"}"#, 400, "invalid_username"),
                (#"{"username":"bad name","password":"secret"}"#, 400, "invalid_username"),
                (#"{"username":"émile","password":"secret"}"#, 400, "invalid_username"),
                (#"{"username":"bob","password":"abc"}"#, 400, "invalid_password"),
                (#"{"username":"bob","password":"\#(String(repeating: "p", count: 129))"}"#, 400, "invalid_password"),
            ]
            for (body, status, code) in cases {
                let response = try await server.request(.POST, "/api/register", json: body)
                #expect(response.status == status, "\(body)")
                #expect(response.errorCode == code, "\(body): \(response.text)")
                #expect(response.errorDetail?.isEmpty == false)
            }
            // Boundaries are accepted.
            #expect(
                try await server.request(.POST, "/api/register", json: #"{"username":"ab","password":"abcd"}"#)
                    .status == 200)
            let longest = String(repeating: "z", count: 32)
            #expect(
                try await server.request(
                    .POST, "/api/register", json: #"{"username":"\#(longest)","password":"abcd"}"#
                ).status == 200)
        }
    }

    @Test(arguments: TestBackend.available)
    func takenUsernameIsAConflict(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            _ = try await server.register("carol")
            let again = try await server.request(
                .POST, "/api/register", json: #"{"username":"carol","password":"other1"}"#)
            #expect(again.status == 409)
            #expect(again.errorCode == "username_taken")
        }
    }

    @Test(arguments: TestBackend.available)
    func concurrentRegistrationsOfOneNameYieldOneUser(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await server.request(
                            .POST, "/api/register", json: #"{"username":"dave","password":"secret"}"#
                        )
                        .status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 1)
            #expect(statuses.filter { $0 == 409 }.count == 5)
        }
    }

    @Test(arguments: TestBackend.available)
    func wrongCredentialsAreUnauthorized(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            _ = try await server.register("erin")
            let wrongPassword = try await server.login("erin", password: "nope1")
            #expect(wrongPassword.status == 401)
            #expect(wrongPassword.errorCode == "invalid_credentials")
            let unknownUser = try await server.login("nobody", password: "x1234")
            #expect(unknownUser.status == 401)
        }
    }

    @Test(arguments: TestBackend.available)
    func registrationHookRunsAfterTheUserIsStored(backend: TestBackend) async throws {
        let seen = SeenUsers()
        try await withServer(backend, hooks: ServerHooks(onUserRegistered: { user in await seen.add(user.username) })) {
            server in
            _ = try await server.register("frank")
        }
        #expect(await seen.names == ["frank"])
    }

    @Test(arguments: TestBackend.available)
    func configuredAdminIsCreatedOnceAtStart(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            var configuration = scratch.configuration()
            configuration.initialAdmin = try Credentials(username: "root", password: "root-password-for-tests")
            for _ in 0..<2 {
                try await TestServer.run(configuration) { (server) async throws -> Void in
                    let login = try await server.login("root", password: "root-password-for-tests")
                    #expect(login.status == 200)
                }
            }
            let database = try await scratch.open()
            let admin = try await UserStore(database: database).find(username: "root")
            await database.close()
            #expect(admin?.role == .admin)
        }
    }
}

actor SeenUsers {
    var names: [String] = []

    func add(_ name: String) {
        names.append(name)
    }
}
