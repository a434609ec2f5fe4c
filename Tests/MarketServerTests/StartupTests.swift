import Foundation
import MarketServer
import Testing

@Suite("Start-up failures")
struct StartupTests {
    @Test func unusableDataDirectoryIsAStartupError() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try "not a folder".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        var configuration = ServerConfiguration(dataDirectory: file + "/data")
        configuration.port = 0
        await #expect(throws: DatabaseError.self) {
            _ = try await buildApplication(configuration: configuration, logger: .quiet)
        }
    }

    @Test(.enabled(if: TestBackend.postgresURL != nil, "needs MARKETSIM_TEST_POSTGRES_URL"))
    func missingPostgresDatabaseIsAStartupErrorNotAHang() async throws {
        let url = try #require(TestBackend.postgresURL)
        let address = try #require(PostgresAddress(url: url)).selecting(database: "marketsim_does_not_exist")
        var configuration = ServerConfiguration()
        configuration.database = .postgres(address)
        configuration.port = 0
        await #expect(throws: DatabaseError.self) {
            _ = try await buildApplication(configuration: configuration, logger: .quiet)
        }
    }
}
