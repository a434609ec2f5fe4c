import AsyncHTTPClient
import Foundation
import Synchronization

/// The `marketsim` executable running in its own process, so that a test can kill it without warning.
final class ServerProcess: Sendable {
    private let process: Process
    private let output = Mutex("")
    private let listeningPort = Mutex<Int?>(nil)

    private init(process: Process) {
        self.process = process
    }

    /// The port it listens on, once started.
    var port: Int { listeningPort.withLock { $0 ?? 0 } }

    /// The executable beside the test bundle (`swift build` puts both in the same folder).
    static var executable: URL {
        get throws {
            let folder =
                Bundle.main.executableURL?.deletingLastPathComponent()
                ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            let url = folder.appendingPathComponent("marketsim")
            guard FileManager.default.isExecutableFile(atPath: url.path) else {
                throw TestFailure("no marketsim executable at \(url.path); build it with swift build")
            }
            return url
        }
    }

    /// Starts the server on `database` and returns once it listens.
    static func start(_ scratch: ScratchDatabase, environment extra: [String: String] = [:]) async throws
        -> ServerProcess
    {
        let process = Process()
        process.executableURL = try executable
        process.arguments = ["serve"]
        var environment = ProcessInfo.processInfo.environment
        environment["DATA_DIR"] = scratch.dataDirectory
        environment["PORT"] = "0"
        environment["BCRYPT_COST"] = "4"
        environment["MARKET_MAKERS"] = "off"
        environment["BACKGROUND_TRADERS"] = "off"
        environment["RATE_LIMIT_REQUESTS"] = "1000000"
        environment["DATABASE_URL"] = scratch.databaseURL
        for (name, value) in extra { environment[name] = value }
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: scratch.dataDirectory)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let server = ServerProcess(process: process)
        pipe.fileHandleForReading.readabilityHandler = { [server] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            server.output.withLock { $0 += text }
        }
        try launch(process)
        let deadline = ContinuousClock.now + .seconds(60)
        // The log is read once more after the deadline: on a loaded machine this task may wake only after it,
        // when the server has long been listening.
        while true {
            let log = server.log
            if let range = log.range(of: #"listening on 127\.0\.0\.1:(\d+)"#, options: .regularExpression),
                let port = Int(log[range].split(separator: ":").last ?? "")
            {
                server.listeningPort.withLock { $0 = port }
                return server
            }
            guard process.isRunning else { throw TestFailure("marketsim exited at start:\n\(log)") }
            guard ContinuousClock.now < deadline else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw TestFailure("marketsim did not start listening:\n\(server.log)")
    }

    /// What the server printed so far.
    var log: String { output.withLock { $0 } }

    /// SIGKILL: no shutdown, no flush, nothing the server can do about it.
    func kill() async {
        Foundation.kill(process.processIdentifier, SIGKILL)
        await exit()
    }

    /// Waits for the process to end, without holding a thread of the shared pool (``MarketSimCommand`` says
    /// why).
    private func exit() async {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }

    /// SIGTERM, as a container runtime or an init system stops a service: returns once the process has exited,
    /// with its exit status (`nil` if a signal ended it), failing after `timeout`.
    func terminate(timeout: Duration = .seconds(60)) async throws -> Int32? {
        Foundation.kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                await kill()
                throw TestFailure("marketsim did not exit within \(timeout) of SIGTERM:\n\(log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationReason == .exit ? process.terminationStatus : nil
    }

    /// SIGINT: a graceful shutdown.
    func stop() async {
        process.interrupt()
        await exit()
    }

    /// Runs `body` with a client of this server.
    func withClient<Result: Sendable>(_ body: (TestServer) async throws -> Result) async throws -> Result {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let result = try await body(TestServer(port: port, client: client))
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
