import Dispatch
import Synchronization

/// Runs `count` independent jobs on exactly `workers` threads (not "all cores"), so that throughput can
/// be measured per core count; jobs are taken in index order and results stay at their index.
enum WorkerPool {
    /// Calls `body(k)` for every k in `0..<count`; the first error thrown (lowest k) is rethrown after all
    /// workers stop taking jobs.
    /// - Returns: The CPU seconds each worker thread spent in its jobs (what an idle machine's wall time
    ///   for the pool is bounded by: the largest of them).
    @discardableResult
    static func forEach(count: Int, workers: Int, _ body: @Sendable @escaping (Int) throws -> Void) throws
        -> [Double]
    {
        guard count > 0 else { return [] }
        let shared = Shared()
        let group = DispatchGroup()
        let threads = max(1, min(workers, count))
        let run: @Sendable (Int) -> Void = { thread in
            let started = CPUClock.thread
            defer { shared.threadCPU.withLock { $0[thread] = CPUClock.thread - started } }
            while true {
                let k = shared.next.add(1, ordering: .relaxed).oldValue
                if k >= count || shared.failure.withLock({ $0 != nil }) { return }
                do { try body(k) } catch {
                    shared.failure.withLock { current in
                        if k < (current?.index ?? Int.max) { current = (k, error) }
                    }
                }
            }
        }
        for t in 0..<threads { DispatchQueue.global().async(group: group) { run(t) } }
        group.wait()
        if let (_, error) = shared.failure.withLock({ $0 }) { throw error }
        return shared.threadCPU.withLock { cpu in (0..<threads).map { cpu[$0] ?? 0 } }
    }

    /// The job counter and the first failure, shared by the workers.
    private final class Shared: Sendable {
        let next = Atomic<Int>(0)
        let failure = Mutex<(index: Int, error: any Error)?>(nil)
        let threadCPU = Mutex<[Int: Double]>([:])
    }
}
