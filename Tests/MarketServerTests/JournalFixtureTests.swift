import Foundation
import Testing

@testable import MarketServer

/// A database written by an earlier build (`Tests/fixtures/journal-v1`) must open and replay to exactly what
/// that build reported: the same hash chains, and the same state through the API.
@Suite("A journal written by an earlier build")
struct JournalFixtureTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/journal-v1")

    /// What the earlier build recorded about each venue's journal.
    struct Chain: Decodable, Equatable {
        let lastSequence: UInt64
        let headHash: String

        enum CodingKeys: String, CodingKey {
            case lastSequence = "last_sequence"
            case headHash = "head_hash"
        }
    }

    struct Expected: Decodable {
        struct DatabaseFacts: Decodable {
            struct Journal: Decodable { let venues: [String: Chain] }
            let journal: Journal
        }
        let database: DatabaseFacts
    }

    @Test func itReplaysToTheSameHashChains() async throws {
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: Self.folder.appendingPathComponent("expected.json")))
        try await withScratchDatabase(.sqlite) { scratch in
            guard case .sqlite(let path) = scratch.location else { return }
            try FileManager.default.copyItem(
                atPath: Self.folder.appendingPathComponent("marketsim.sqlite").path, toPath: path)
            // The writer's build had no short selling; a later default must not add a rule to its `main`.
            var configuration = try scratch.configuration()
            configuration.shortSelling = nil
            try await TestServer.run(configuration) { _ in }  // applies the migrations since
            let database = try await scratch.open()
            var replayed: [String: Chain] = [:]
            for venue in expected.database.journal.venues.keys {
                let replay = try await JournalReplay.replay(venue, from: database)
                replayed[venue] = Chain(lastSequence: replay.lastSequence, headHash: replay.lastHash)
            }
            await database.close()
            #expect(replayed == expected.database.journal.venues)
            let audit = try await MarketSimCommand.run(["audit", "verify"], on: scratch)
            #expect(audit.status == 0, "\(audit.output)")
        }
    }

    /// The whole state the earlier build reported, read through the API by the fixture's own check.
    @Test func itReportsTheSameStateThroughTheAPI() async throws {
        let check = try await MarketSimCommand.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", Self.folder.appendingPathComponent("check.py").path, try ServerProcess.executable.path])
        #expect(check.status == 0, "\(check.output)")
    }
}
