import Foundation
import Synchronization

/// One child process started at a time: Foundation's `Process.run()` on Linux crashed, copying memory it no
/// longer owned, when tests running in parallel started processes at the same moment.
private let launching = Mutex(())

func launch(_ process: Process) throws {
    try launching.withLock { _ in try process.run() }
}
