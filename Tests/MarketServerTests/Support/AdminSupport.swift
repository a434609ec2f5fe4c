import Foundation
import MarketServer

extension ServerConfiguration {
    /// The configuration with admin `root` (password `rootpass`) created at start.
    func withAdmin() -> ServerConfiguration {
        var configuration = self
        configuration.initialAdmin = try? Credentials(username: "root", password: "rootpass")
        return configuration
    }
}

extension TestServer {
    /// Signs in as the admin of ``ServerConfiguration/withAdmin()`` and returns its bearer header.
    func adminHeader() async throws -> [(String, String)] {
        let login = try await login("root", password: "rootpass")
        guard login.status == 200, let token = try login.object()["jwt_token"] as? String else {
            throw TestFailure("admin login: \(login.status) \(login.text)")
        }
        return [("Authorization", "Bearer \(token)")]
    }
}
