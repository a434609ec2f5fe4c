import Dispatch
import Foundation
import Synchronization

/// A thread of its own that holds a ``SQLiteWriteConnection`` and runs work on it, one job after another.
///
/// A job runs start to finish on this thread, whatever it asks of SQLite: no statement waits for a turn
/// on a shared pool, and nothing else waits while this thread sleeps in `fsync`.
///
/// It is a task executor too: a task that prefers it (`withTaskExecutorPreference`) runs on the same
/// thread between its jobs, so a loop that commits one batch after another never waits for the shared pool
/// to pick it up again. Once the writer is closing, such tasks go on on the global executor.
final class SQLiteWriter: TaskExecutor, Sendable {
    private typealias Job = @Sendable (Result<SQLiteWriteConnection, SQLiteWriteError>) -> Void

    private enum Work: Sendable {
        case connectionJob(Job)
        case taskJob(UnownedJob)
    }

    private struct Queue {
        var jobs: [Work] = []
        var closing = false
        var isClosed = false
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let queue = Mutex(Queue())
    private let ready = DispatchSemaphore(value: 0)

    /// Starts the thread, named `name` where tools such as `top -H` show it, which opens `path` and runs
    /// `pragmas` before its first job and holds the connection until closed.
    init(name: String, path: String, pragmas: [String] = []) {
        Thread.detachNewThread { [self] in
            Thread.current.name = name
            serve(path: path, pragmas: pragmas)
        }
    }

    private func serve(path: String, pragmas: [String]) {
        let connection = Result { () throws(SQLiteWriteError) in
            try SQLiteWriteConnection(path: path, pragmas: pragmas)
        }
        var closing = false
        while !closing {
            ready.wait()
            let jobs: [Work]
            (jobs, closing) = queue.withLock { queue in
                defer { queue.jobs = [] }
                return (queue.jobs, queue.closing)
            }
            // Once `closing` is seen, no job can be queued any more: these are the last ones.
            for job in jobs {
                switch job {
                case .connectionJob(let job): job(connection)
                case .taskJob(let job): job.runSynchronously(on: asUnownedTaskExecutor())
                }
            }
        }
        if case .success(let open) = connection { open.close() }
        let waiters = queue.withLock { queue in
            queue.isClosed = true
            defer { queue.closeWaiters = [] }
            return queue.closeWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Runs `work` on the writer's thread and returns what it returns.
    func perform<Value: Sendable>(
        _ work: @escaping @Sendable (SQLiteWriteConnection) throws -> Value
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let job: Job = { connection in continuation.resume(with: Result { try work(connection.get()) }) }
            if !enqueue(job) { continuation.resume(throwing: DatabaseError.closed) }
        }
    }

    /// Queues `work` for the writer's thread without waiting for it; `false` once the writer is closing.
    /// `work` gets the connection's opening error instead of the connection if it could not be opened.
    @discardableResult
    func schedule(_ work: @escaping @Sendable (Result<SQLiteWriteConnection, SQLiteWriteError>) -> Void) -> Bool {
        enqueue(work)
    }

    private func enqueue(_ job: @escaping Job) -> Bool {
        enqueue(.connectionJob(job))
    }

    private func enqueue(_ work: Work) -> Bool {
        let queued = queue.withLock { queue in
            guard !queue.closing else { return false }
            queue.jobs.append(work)
            return true
        }
        if queued { ready.signal() }
        return queued
    }

    /// Runs a task's job on the writer's thread, or on the global executor once the writer is closing.
    func enqueue(_ job: UnownedJob) {
        if !enqueue(.taskJob(job)) { globalConcurrentExecutor.enqueue(job) }
    }

    /// Runs the jobs already queued, then closes the connection and ends the thread.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let closed = queue.withLock { queue in
                queue.closing = true
                if !queue.isClosed { queue.closeWaiters.append(continuation) }
                return queue.isClosed
            }
            if closed { continuation.resume() } else { ready.signal() }
        }
    }
}
