#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The persistent threads `parallelFor` hands its shares to (decision 0081): started on first use, one
/// fewer than the processors (at least one), kept for the life of the process, asleep on a condition
/// variable between calls. One call runs on the pool at a time; the calling thread takes shares too.
///
/// Unlike `DispatchQueue.concurrentPerform`, which copies a block and a context per call, handing a call to
/// the pool allocates nothing: it stores the body as an existential whose value (a pointer to the caller's
/// body) fits the inline buffer. Every field is read and written under `mutex` (the one `@unchecked Sendable`
/// promise here); the body itself runs outside it, on data the caller guarantees disjoint.
final class WorkerPool: @unchecked Sendable {
    /// The process's pool.
    static let shared = WorkerPool(helpers: max(1, Processors.available - 1))

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when a call's shares are ready to claim.
    private let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Signalled when a call's last share finished.
    private let done = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Helper threads to start on first use.
    private let helpers: Int
    private var started = false
    /// Whether a call is running on the pool.
    private var busy = false
    /// Counts calls, so a helper sleeps until the next one.
    private var generation: UInt64 = 0
    /// The running call: its body, iteration count, number of shares, next unclaimed share and shares not
    /// yet finished.
    private var body: (any ParallelLoopBody)?
    private var iterations = 0
    private var shares = 0
    private var nextShare = 0
    private var unfinished = 0

    private init(helpers: Int) {
        self.helpers = helpers
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
        pthread_cond_init(done, nil)
    }

    /// Runs `shares` shares of `0..<iterations` (share `w`: `k = w, w + shares, …`) on the calling thread
    /// and the helpers, returning when all are done; false, having run nothing, when another call is on the
    /// pool.
    func run(iterations: Int, shares: Int, _ body: any ParallelLoopBody) -> Bool {
        pthread_mutex_lock(mutex)
        if busy {
            pthread_mutex_unlock(mutex)
            return false
        }
        busy = true
        if !started {
            started = true
            for _ in 0..<helpers { startHelper() }
        }
        self.body = body
        self.iterations = iterations
        self.shares = shares
        nextShare = 0
        unfinished = shares
        generation &+= 1
        pthread_cond_broadcast(wake)
        pthread_mutex_unlock(mutex)
        takeShares()
        pthread_mutex_lock(mutex)
        while unfinished > 0 { pthread_cond_wait(done, mutex) }
        self.body = nil  // the caller's body must not outlive the call
        busy = false
        pthread_mutex_unlock(mutex)
        return true
    }

    /// Claims and runs shares of the current call until none is left.
    private func takeShares() {
        while runOneShare() {
            pthread_mutex_lock(mutex)
            unfinished -= 1
            if unfinished == 0 { pthread_cond_signal(done) }
            pthread_mutex_unlock(mutex)
        }
    }

    /// Claims the next share and runs it; false when every share is claimed. The body's reference ends
    /// when this returns, before the share is counted as finished.
    private func runOneShare() -> Bool {
        pthread_mutex_lock(mutex)
        guard nextShare < shares, let body else {
            pthread_mutex_unlock(mutex)
            return false
        }
        let (share, step, count) = (nextShare, shares, iterations)
        nextShare += 1
        pthread_mutex_unlock(mutex)
        for k in stride(from: share, to: count, by: step) { body.run(k) }
        return true
    }

    /// A helper's life: sleep until the next call, take shares, sleep again.
    private func serve() -> Never {
        var seen: UInt64 = 0
        while true {
            pthread_mutex_lock(mutex)
            while generation == seen { pthread_cond_wait(wake, mutex) }
            seen = generation
            pthread_mutex_unlock(mutex)
            takeShares()
        }
    }

    private func startHelper() {
        let context = Unmanaged.passRetained(self).toOpaque()  // the pool lives as long as the process
        #if canImport(Glibc)
            var thread = pthread_t()
        #else
            var thread: pthread_t?
        #endif
        let status = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<WorkerPool>.fromOpaque(context!).takeUnretainedValue().serve()
            }, context)
        precondition(status == 0, "parallelFor could not start a worker thread (pthread_create: \(status))")
        #if canImport(Glibc)
            pthread_detach(thread)
        #else
            pthread_detach(thread!)
        #endif
    }
}
