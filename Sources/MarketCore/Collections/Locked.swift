#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value that one thread at a time may read or change.
///
/// Built on `pthread_mutex_t` rather than the standard library's `Mutex`: on Linux that one locks
/// with raw futex calls which ThreadSanitizer cannot see, so the sanitizer reported every correctly
/// locked access as a race, and a real race would have drowned among them.
final class Locked<Value: Sendable>: @unchecked Sendable {
    // Sendable because `value` is only ever touched while `mutex` is held.
    private var value: Value
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(_ value: Value) {
        self.value = value
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
