import Synchronization

/// Copies committed pages from the WAL into the database file on a thread and connection of its own, so
/// that the journal's commits do not wait for checkpoints.
///
/// Left to itself, SQLite checkpoints on the connection that commits, inside the commit that takes the WAL
/// past 1,000 pages: the copying and the database file's `fsync` would hold that batch's orders and every
/// batch queued behind it, on the one thread all commits go through. A passive checkpoint on another
/// connection runs beside the commits and never blocks them.
///
/// The WAL starts over from its beginning only when a commit finds all of it copied. Under a load that
/// never pauses, a checkpoint running beside the commits rarely catches up entirely, so the writer keeps
/// SQLite's own checkpoint as a backstop at ``walPagesBeforeWriterCheckpoints`` pages; by then nearly all of
/// the WAL is copied already and the backstop has little left to do.
final class SQLiteCheckpointer: Sendable {
    /// Commits between two checkpoints: about a thousand WAL pages at the order path's usual batch.
    static let commitsPerCheckpoint = 48
    /// WAL size, in pages, at which the committing connection checkpoints after all.
    static let walPagesBeforeWriterCheckpoints = 10_000

    private struct Progress {
        var commitsSinceCheckpoint = 0
        var isCheckpointing = false
    }

    private let worker: SQLiteWriter
    private let progress = Mutex(Progress())

    init(path: String) {
        worker = SQLiteWriter(name: "sqlite-checkpoint", path: path)
    }

    /// Counts a commit, and starts a checkpoint when enough commits have gone by and none is running.
    func noteCommit() {
        let due = progress.withLock { progress in
            progress.commitsSinceCheckpoint += 1
            guard progress.commitsSinceCheckpoint >= Self.commitsPerCheckpoint, !progress.isCheckpointing else {
                return false
            }
            progress.commitsSinceCheckpoint = 0
            progress.isCheckpointing = true
            return true
        }
        guard due else { return }
        worker.schedule { [self] connection in
            // A failed checkpoint loses nothing: the pages stay in the WAL for the next one, or the backstop.
            try? connection.get().checkpointPassively()
            progress.withLock { $0.isCheckpointing = false }
        }
    }

    /// Finishes a checkpoint under way and closes the connection.
    func close() async {
        await worker.close()
    }
}
