import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Marks an SQLite database as in use by one server: an exclusive `flock` on `<database>.lock`, which holds the
/// holder's process id. The kernel drops the lock when its process ends, however it ends, so a killed server
/// never leaves a stale lock behind.
///
/// Two servers on one file would each journal from their own memory and corrupt each other's sequence, and a
/// restore must not swap the file under a running server: both take this lock first.
final class ServingLock: Sendable {
    private let descriptor: Mutex<Int32?>

    private init(descriptor: Int32) {
        self.descriptor = Mutex(descriptor)
    }

    static func path(forDatabaseAt database: String) -> String { database + ".lock" }

    /// Takes the lock of the database at `path` without waiting; ``DatabaseError/inUse(_:holder:)`` when another
    /// process (or another server in this one) holds it.
    static func acquire(forDatabaseAt database: String) throws(DatabaseError) -> ServingLock {
        let lockPath = path(forDatabaseAt: database)
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .cannotConnect(to: database, reason: "cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = holder(descriptor)
            close(descriptor)
            throw .inUse(database, holder: holder)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return ServingLock(descriptor: descriptor)
    }

    /// Gives the lock up; closing the file is what releases a `flock`.
    func release() {
        if let descriptor = descriptor.withLock({ $0.take() }) { close(descriptor) }
    }

    deinit { release() }

    /// The holder as its lock file names it, e.g. `process 1234`.
    private static func holder(_ descriptor: Int32) -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        let pid = String(decoding: bytes.prefix(max(0, count)), as: UTF8.self).trimmingCharacters(
            in: .whitespacesAndNewlines)
        return pid.isEmpty ? "another process" : "process \(pid)"
    }
}
