#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps OpenBLAS's thread count from changing while any BLAS or LAPACK call is running.
///
/// `openblas_set_num_threads` resizes OpenBLAS's thread pool and buffers; doing it while another thread is
/// inside a BLAS call corrupts memory. Every wrapper in this module holds the shared side of one
/// process-wide readers–writer lock for the duration of its C call, and `BLASThreads.count`'s setter takes
/// the exclusive side, so a change waits for calls in flight and calls wait for a change to finish.
/// Concurrent BLAS calls from several threads proceed together (OpenBLAS supports that).
enum BLASLock {
    /// Heap-allocated once, so its address is stable (a lock must never be copied or moved).
    nonisolated(unsafe) private static let lock: UnsafeMutablePointer<pthread_rwlock_t> = {
        let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)
        lock.initialize(to: pthread_rwlock_t())
        pthread_rwlock_init(lock, nil)
        return lock
    }()

    /// Runs `body` while holding the shared side (a BLAS/LAPACK call).
    @inline(__always)
    static func reading<T>(_ body: () throws -> T) rethrows -> T {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    /// Runs `body` while holding the exclusive side (changing the thread count).
    static func writing<T>(_ body: () throws -> T) rethrows -> T {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}
