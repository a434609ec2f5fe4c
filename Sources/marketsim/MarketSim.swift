import ArgumentParser
import Hummingbird
import Logging
import MarketServer

@main
struct MarketSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "marketsim",
        abstract: "A multi-tenant exchange simulator for AI agents, students and their hosts.",
        subcommands: [Serve.self, Migrate.self, Audit.self, Backup.self, Restore.self, TournamentCommand.self],
        defaultSubcommand: Serve.self
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (the default command).")

    @Option(help: "Address to listen on (overrides HOST).")
    var hostname: String?

    @Option(help: "Port to listen on (overrides PORT).")
    var port: Int?

    func run() async throws {
        var configuration = try ServerConfiguration.load()
        if let hostname { configuration.host = hostname }
        if let port { configuration.port = port }
        configuration.logging.bootstrap()
        let logger = Logger(label: "marketsim")
        let app = try await buildApplication(configuration: configuration, logger: logger)
        try await runUntilStopped(app, logger: logger)
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")

    func run() async throws {
        let configuration = try ServerConfiguration.load()
        let logger = Logger(label: "marketsim.migrate")
        let database = try await Database.open(configuration.database, logger: logger)
        do {
            let applied = try await ServerFoundation.migrate(database, configuration: configuration, logger: logger)
            print(applied.isEmpty ? "Database is up to date." : "Applied migrations: \(applied)")
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the database against its journal.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every venue from its hash-chained journal and compare; exits 1 on any disagreement.")

        func run() async throws {
            let configuration = try ServerConfiguration.load()
            let database = try await Database.open(configuration.database, logger: Logger(label: "marketsim.audit"))
            let report: JournalAudit.Report
            do {
                report = try await JournalAudit(database: database).run()
            } catch {
                await database.close()
                throw error
            }
            await database.close()
            for (venue, events) in report.eventsChecked.sorted(by: { $0.key < $1.key }) {
                print("venue \(venue): \(events) events replayed")
            }
            if report.isClean {
                print("The journal's hash chains are intact, every invariant holds, and the tables agree with the journal.")
            } else {
                for problem in report.problems { print("PROBLEM: \(problem)") }
                throw ExitCode.failure
            }
        }
    }
}
