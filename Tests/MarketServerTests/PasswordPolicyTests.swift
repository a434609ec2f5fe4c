import Foundation
import MarketServer
import Testing

@Suite("Password policy")
struct PasswordPolicyTests {
    @Test func theDefaultsKeepTheAPIsContractForTraders() throws {
        let policy = PasswordPolicy()
        // Existing agents register with short, common passwords; the contract refuses only under 4 characters.
        for password in ["abcd", "secret", "secret1", "password"] {
            try policy.check(password, privileged: false)
        }
        #expect(throws: RegistrationError.passwordTooShort(minimum: 4)) { try policy.check("abc", privileged: false) }
        // Administrators and hosts: 12 characters, and none of the most common passwords, whatever their case.
        #expect(throws: RegistrationError.passwordTooShort(minimum: 12)) {
            try policy.check("secret-pass", privileged: true)
        }
        #expect(throws: RegistrationError.passwordCommon) { try policy.check("Password1234", privileged: true) }
        try policy.check("a-host-password-long-enough", privileged: true)
        #expect(policy.suitsPrivilegedRole("a-host-password-long-enough"))
        #expect(!policy.suitsPrivilegedRole("secret"))
    }

    @Test func thePolicyIsConfigured() throws {
        let configuration = try ServerConfiguration(variables: [
            "PASSWORD_MIN_LENGTH": "8", "PRIVILEGED_PASSWORD_MIN_LENGTH": "16", "PASSWORD_COMMON_CHECK": "all",
        ])
        let policy = configuration.passwordPolicy
        #expect(throws: RegistrationError.passwordTooShort(minimum: 8)) {
            try policy.check("secret1", privileged: false)
        }
        #expect(throws: RegistrationError.passwordCommon) { try policy.check("password", privileged: false) }
        #expect(throws: RegistrationError.passwordTooShort(minimum: 16)) {
            try policy.check("fifteen-letters", privileged: true)
        }
        for (variable, value) in [
            ("PASSWORD_MIN_LENGTH", "3"), ("PRIVILEGED_PASSWORD_MIN_LENGTH", "7"), ("PASSWORD_COMMON_CHECK", "some"),
        ] {
            #expect(throws: ConfigurationError.self, "\(variable)=\(value)") {
                try ServerConfiguration(variables: [variable: value])
            }
        }
    }

    @Test(arguments: ["short-pass", "password1234"])
    func aWeakFirstAdminPasswordIsAStartupError(password: String) {
        #expect(throws: ConfigurationError.self) {
            try ServerConfiguration(variables: ["ADMIN_USERNAME": "root", "ADMIN_PASSWORD": password])
        }
    }

    @Test func registrationFollowsTheConfiguredPolicy() async throws {
        try await withServer(.sqlite, configure: { $0.passwordPolicy.commonCheck = .all }) { server in
            let common = try await server.request(
                .POST, "/api/register", json: #"{"username":"carol","password":"qwerty123"}"#)
            #expect(common.status == 400)
            #expect(try common.object()["error"] as? String == "invalid_password")
            #expect(try await server.login("carol", password: "qwerty123").status == 401)
            _ = try await server.register("carol", password: "correct horse battery")
        }
    }

    @Test(arguments: TestBackend.available)
    func aHostNeedsAStrongPasswordAndCanSetOne(backend: TestBackend) async throws {
        try await withServer(backend, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let teacher = try await server.register("teacher", password: "secret")
            let weak = try await server.request(.PUT, "/api/admin/venues/main/hosts/\(teacher.id)", headers: admin)
            #expect(weak.status == 409)
            #expect(try weak.object()["error"] as? String == "password_too_weak")

            // A new password needs the current one, a session rather than a key, and ends every session.
            let change = { (current: String, new: String, headers: [(String, String)]) in
                try await server.request(
                    .POST, "/api/account/password",
                    json: #"{"current_password":"\#(current)","new_password":"\#(new)"}"#, headers: headers)
            }
            #expect(try await change("wrong", hostPassword, teacher.bearerHeader).status == 401)
            #expect(try await change("secret", hostPassword, teacher.keyHeader).status == 403)
            let changed = try await change("secret", hostPassword, teacher.bearerHeader)
            #expect(changed.status == 200)
            let token = try #require(try changed.object()["jwt_token"] as? String)
            #expect(try await server.request(.GET, "/api/portfolio", headers: teacher.bearerHeader).status == 401)
            #expect(
                try await server.request(.GET, "/api/portfolio", headers: [("Authorization", "Bearer \(token)")])
                    .status == 200)
            #expect(try await server.login("teacher", password: "secret").status == 401)
            #expect(try await server.login("teacher", password: hostPassword).status == 200)
            let adminLogin = try await server.login("root", password: "root-password-for-tests").object()
            #expect(adminLogin["role"] as? String == "admin")
            // An administrator runs the exchange and does not compete on its leaderboard.
            let board = try await server.get("/api/leaderboard").object()["leaderboard"] as? [[String: Any]] ?? []
            #expect(board.compactMap { $0["username"] as? String } == ["teacher"])

            #expect(
                try await server.request(.PUT, "/api/admin/venues/main/hosts/\(teacher.id)", headers: admin).status
                    == 200)
            // Once a host, the stronger policy holds for the next password too.
            let weaker = try await change(hostPassword, "secret2", [("Authorization", "Bearer \(token)")])
            #expect(weaker.status == 400)
            #expect(try weaker.object()["error"] as? String == "invalid_password")
        }
    }
}
