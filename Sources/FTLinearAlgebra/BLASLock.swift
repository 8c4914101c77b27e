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

/// The bookkeeping of `BLASThreads.withCount`: the count the open scopes share, how many are open, and
/// the count to restore when the last one ends, guarded by one mutex and condition variable.
enum BLASThreadScopes {
    private struct State {
        var threads = 0
        var open = 0
        var saved = 0
    }

    nonisolated(unsafe) private static let mutex: UnsafeMutablePointer<pthread_mutex_t> = {
        let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        return mutex
    }()
    nonisolated(unsafe) private static let changed: UnsafeMutablePointer<pthread_cond_t> = {
        let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
        return condition
    }()
    nonisolated(unsafe) private static var state = State()

    /// Opens a scope at `threads`, waiting while scopes at another count are open.
    static func enter(_ threads: Int) {
        pthread_mutex_lock(mutex)
        while state.open > 0 && state.threads != threads { pthread_cond_wait(changed, mutex) }
        if state.open == 0 {
            state.saved = BLASThreads.count
            state.threads = threads
            if state.saved != threads { BLASThreads.apply(threads) }
        }
        state.open += 1
        pthread_mutex_unlock(mutex)
    }

    /// Sets the count once no scope is open (`BLASThreads.count`'s setter).
    static func setOutsideScopes(_ threads: Int) {
        pthread_mutex_lock(mutex)
        while state.open > 0 { pthread_cond_wait(changed, mutex) }
        BLASThreads.apply(threads)
        pthread_mutex_unlock(mutex)
    }

    /// The count once no scope is open (what the process has outside scopes; for tests, while other
    /// threads may be inside scopes).
    static func countOutsideScopes() -> Int {
        pthread_mutex_lock(mutex)
        while state.open > 0 { pthread_cond_wait(changed, mutex) }
        let count = BLASThreads.count
        pthread_mutex_unlock(mutex)
        return count
    }

    /// Closes a scope; the last one restores the saved count and wakes waiting scopes.
    static func leave() {
        pthread_mutex_lock(mutex)
        state.open -= 1
        if state.open == 0 {
            if state.saved != state.threads { BLASThreads.apply(state.saved) }
            pthread_cond_broadcast(changed)
        }
        pthread_mutex_unlock(mutex)
    }
}
