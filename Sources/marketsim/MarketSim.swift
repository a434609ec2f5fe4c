import ArgumentParser
import Hummingbird
import Logging
import MarketServer

@main
struct MarketSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "marketsim",
        abstract: "A multi-tenant exchange simulator for AI agents, students and their hosts.",
        subcommands: [
            Serve.self, Migrate.self, Admin.self, Audit.self, Backup.self, Restore.self, TournamentCommand.self,
            MCPBridgeCommand.self,
        ],
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

struct Admin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage administrators.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Create an administrator in the configured database (the password is read from standard input unless given)."
        )

        @Option(help: "The administrator's username.")
        var username: String

        @Option(help: "The password; prefer standard input, which keeps it out of the process list and shell history.")
        var password: String?

        func run() async throws {
            guard let password = password ?? readLine(strippingNewline: true) else {
                throw ValidationError("Give the password with --password or on standard input.")
            }
            let credentials: Credentials
            do {
                credentials = try Credentials(username: username, password: password)
            } catch {
                throw ValidationError(ErrorAnswer(for: error).detail)
            }
            let configuration = try ServerConfiguration.load()
            let foundation = try await ServerFoundation.open(
                configuration: configuration, logger: Logger(label: "marketsim.admin"))
            let created: Bool
            do {
                created = try await foundation.authentication(onUserRegistered: { _ in }).ensureAdmin(credentials)
            } catch {
                await foundation.close()
                throw error
            }
            await foundation.close()
            guard created else {
                print("A user named \(username) already exists; nothing was changed.")
                throw ExitCode.failure
            }
            print("Created administrator \(username).")
        }
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
                print(
                    "The journal's hash chains are intact, every invariant holds, and the tables agree with the journal."
                )
            } else {
                for problem in report.problems { print("PROBLEM: \(problem)") }
                throw ExitCode.failure
            }
        }
    }
}
