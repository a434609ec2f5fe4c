/// What each metric family means, as the `# HELP` line of `GET /metrics` says it (swift-metrics, through
/// which the server records, has no place for help text, so it is added to the exposition here).
enum MetricHelp {
    typealias Name = ServerMetrics.Name

    static let text: [String: String] = [
        Name.requests: "Answered HTTP requests, by method, route template and status.",
        Name.requestDuration: "Time from an HTTP request to its answer, by method and route template.",
        Name.ordersAccepted: "Orders accepted, counted once durable (market makers' included), by venue.",
        Name.ordersRejected: "Orders the venue refused, by venue and error code.",
        Name.trades: "Committed trades, by venue.",
        Name.tradedShares: "Shares in committed trades, by venue.",
        Name.commitDuration: "One journal group-commit transaction, from BEGIN to COMMIT.",
        Name.batchEvents: "Events made durable per journal transaction.",
        Name.journalFailures: "Failed journal commits; each stops the journal until a restart.",
        Name.subscribers: "Connected WebSocket subscribers.",
        Name.subscriberDrops: "WebSocket subscribers disconnected because their queue overflowed.",
        Name.makerCycles: "Quoting cycles of each venue's market maker.",
        Name.venueAccepting: "1 when the venue is open and its journal running, else 0.",
        Name.venueEvents: "The venue's last durable event sequence number.",
        Name.tickerHalted: "1 when the ticker (or its venue) is halted, else 0.",
        Name.connectionTimeouts: "Connections closed for taking too long over a request's head or body.",
        Name.authenticationFailures: "Failed logins, throttled logins, and requests with an unknown key or token.",
    ]

    /// `exposition` with a `# HELP` line before each family's `# TYPE` line that has none.
    static func adding(to exposition: [UInt8]) -> [UInt8] {
        let lines = String(decoding: exposition, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var result: [Substring] = []
        result.reserveCapacity(lines.count + text.count)
        for line in lines {
            if line.hasPrefix("# TYPE "), let name = line.dropFirst(7).split(separator: " ").first,
                result.last?.hasPrefix("# HELP \(name) ") != true
            {
                let help = text[String(name)] ?? "MarketSim metric \(name)."
                result.append(Substring("# HELP \(name) \(help)"))
            }
            result.append(line)
        }
        return Array(result.joined(separator: "\n").utf8)
    }
}
