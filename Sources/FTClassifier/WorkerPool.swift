import Dispatch
import Synchronization

/// Runs `count` independent jobs on exactly `workers` threads (not "all cores"), so that throughput can
/// be measured per core count; jobs are taken in index order and results stay at their index.
enum WorkerPool {
    /// Calls `body(k)` for every k in `0..<count`; the first error thrown (lowest k) is rethrown after all
    /// workers stop taking jobs.
    static func forEach(count: Int, workers: Int, _ body: @Sendable @escaping (Int) throws -> Void) throws {
        guard count > 0 else { return }
        let shared = Shared()
        let group = DispatchGroup()
        let threads = max(1, min(workers, count))
        let run: @Sendable () -> Void = {
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
        for _ in 0..<threads { DispatchQueue.global().async(group: group, execute: run) }
        group.wait()
        if let (_, error) = shared.failure.withLock({ $0 }) { throw error }
    }

    /// The job counter and the first failure, shared by the workers.
    private final class Shared: Sendable {
        let next = Atomic<Int>(0)
        let failure = Mutex<(index: Int, error: any Error)?>(nil)
    }
}
