import Foundation

/// The batches of one pass over a `TokenBatchSource` in a given order, optionally read ahead on a
/// background thread.
///
/// With read-ahead, one background task builds up to `depth` batches ahead of the consumer; batches
/// come out in order and are the same as without read-ahead, so results do not depend on timing.
/// The read-ahead stops when the stream is released.
final class BatchStream: @unchecked Sendable {
    typealias Batch = (tokens: TokenBatch, labels: [Int])

    private let source: any TokenBatchSource
    private let order: [Int]
    private let size: Int
    /// Number of batches.
    let count: Int
    private let prefetch: Bool
    private let depth: Int
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var ready: [Int: Batch] = [:]
    private var taken = 0
    private var cancelled = false

    /// A stream over `order` in batches of `size`.
    init(source: any TokenBatchSource, order: [Int], size: Int, depth: Int = 2) {
        self.source = source
        self.order = order
        self.size = size
        self.count = (order.count + size - 1) / size
        self.prefetch = source.prefersPrefetch && count > 1
        self.depth = depth
        if prefetch {
            DispatchQueue.global().async { [self] in produce() }
        }
    }

    deinit { cancel() }

    /// Stops the read-ahead.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func slice(_ b: Int) -> ArraySlice<Int> {
        order[(b * size)..<min(order.count, (b + 1) * size)]
    }

    private func produce() {
        for b in 0..<count {
            condition.lock()
            while !cancelled && b - taken >= depth { condition.wait() }
            let stop = cancelled
            condition.unlock()
            if stop { return }
            let batch = source.batch(slice(b))
            condition.lock()
            ready[b] = batch
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Batch `b`; batches must be taken in order 0, 1, 2, ….
    func batch(_ b: Int) -> Batch {
        guard prefetch else { return source.batch(slice(b)) }
        condition.lock()
        defer { condition.unlock() }
        while ready[b] == nil { condition.wait() }
        let batch = ready.removeValue(forKey: b)!
        taken = b + 1
        condition.broadcast()
        return batch
    }
}
