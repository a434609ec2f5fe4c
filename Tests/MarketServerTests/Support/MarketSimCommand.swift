import Foundation

/// One run of a `marketsim` command (`backup`, `restore`, `audit verify`, ...) as an operator types it, or of
/// another program the tests drive.
struct MarketSimCommand: Sendable {
    let status: Int32
    let output: String

    /// Runs `marketsim arguments...` on the scratch database's configuration and waits for it to exit.
    static func run(
        _ arguments: [String], on scratch: ScratchDatabase, environment extra: [String: String] = [:],
        input: String? = nil
    ) async throws -> MarketSimCommand {
        var environment = ProcessInfo.processInfo.environment
        environment["DATA_DIR"] = scratch.dataDirectory
        environment["DATABASE_URL"] = scratch.databaseURL
        for (name, value) in extra { environment[name] = value }
        return try await run(
            try ServerProcess.executable, arguments, environment: environment, in: scratch.dataDirectory, input: input)
    }

    /// Runs `executable arguments...`, with `input` as its standard input, and waits for it to exit without
    /// holding a thread of the shared pool: the pool has as many threads as cores, and a command that talks to
    /// a server in this process needs one of them to be answered.
    static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, in directory: String? = nil,
        input: String? = nil
    ) async throws -> MarketSimCommand {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "marketsim-command-\(UUID().uuidString)")
        let output = scratch.appendingPathExtension("out")
        let inputFile = scratch.appendingPathExtension("in")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        FileManager.default.createFile(atPath: inputFile.path, contents: Data((input ?? "").utf8))
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: inputFile)
        }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        try launch(process)
        let deadline = ContinuousClock.now + .seconds(120)
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.terminate()
                throw TestFailure("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not finish")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        try handle.close()
        return MarketSimCommand(
            status: process.terminationStatus, output: try String(contentsOf: output, encoding: .utf8))
    }
}
