import Hummingbird
import Synchronization

/// `GET /api/health` says the process answers; `GET /api/ready` says it can do its job: the database answers
/// a query in time, and every venue was recovered and is journalling (a venue whose journal stopped after a
/// failed commit takes no orders until a restart).
struct HealthRoutes: Sendable {
    /// How long the database may take to answer the readiness query.
    static let databaseDeadline: Duration = .seconds(2)

    let database: Database
    let venues: VenueDirectory

    func add(to api: RouterGroup<MarketRequestContext>) {
        api.get("health") { _, _ in ["status": "ok"] }
        api.get("ready") { _, _ -> ReadyAnswer in
            try await check()
            return ReadyAnswer(status: "ready", venues: venues.all.map(\.id))
        }
    }

    func check() async throws(NotReady) {
        switch await answer(
            within: Self.databaseDeadline, { try await database.withConnection { try await $0.raw("SELECT 1").run() } })
        {
        case .none: throw .databaseTimedOut(Self.databaseDeadline)
        case .failure(let error): throw .databaseUnreachable(String(describing: error))
        case .success: break
        }
        if let stopped = venues.journal.stopped { throw .journalStopped(stopped.reason) }
    }

    /// The outcome of `body`, or `nil` if it has not finished within `limit`. A late `body` is left to finish
    /// on its own: a query cannot be taken back from a connection pool that is waiting for a dead server.
    private func answer(
        within limit: Duration, _ body: @escaping @Sendable () async throws -> Void
    ) async -> Result<Void, any Error>? {
        await withCheckedContinuation { continuation in
            let first = FirstOutcome(continuation)
            let timer = Task {
                try? await Task.sleep(for: limit)
                first.resume(with: nil)
            }
            Task {
                do {
                    try await body()
                    first.resume(with: .success(()))
                } catch {
                    first.resume(with: .failure(error))
                }
                timer.cancel()
            }
        }
    }
}

/// Resumes a continuation with whichever outcome comes first, and ignores the later one.
private final class FirstOutcome: Sendable {
    private let continuation: Mutex<CheckedContinuation<Result<Void, any Error>?, Never>?>

    init(_ continuation: CheckedContinuation<Result<Void, any Error>?, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(with outcome: Result<Void, any Error>?) {
        continuation.withLock { $0.take() }?.resume(returning: outcome)
    }
}

struct ReadyAnswer: ResponseEncodable {
    let status: String
    let venues: [String]
}

/// Why the server is not ready; answered with 503.
enum NotReady: Error {
    case databaseUnreachable(String)
    case databaseTimedOut(Duration)
    case journalStopped(String)
}

extension NotReady: ErrorAnswerConvertible {
    var errorAnswer: ErrorAnswer {
        switch self {
        case .databaseUnreachable(let reason):
            ErrorAnswer(
                status: .serviceUnavailable, error: "not_ready", detail: "The database does not answer: \(reason)")
        case .databaseTimedOut(let limit):
            ErrorAnswer(
                status: .serviceUnavailable, error: "not_ready", detail: "The database did not answer within \(limit)")
        case .journalStopped(let reason):
            ErrorAnswer(
                status: .serviceUnavailable, error: "not_ready",
                detail: "The journal stopped (\(reason)); no venue takes orders until a restart")
        }
    }
}
