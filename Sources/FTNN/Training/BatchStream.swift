import Foundation

/// The batches of one pass over a `TokenBatchSource` in a given order, optionally read ahead on a
/// background thread, written into the caller's buffers.
///
/// Without read-ahead, `fill` writes batch `b` straight into the caller's buffer (`fillBatch`: no allocation
/// once the buffer has the capacity). With read-ahead, one background task fills up to `depth` batches ahead
/// of the consumer in buffers of its own; `fill` exchanges the caller's buffer for the ready one, and the
/// producer fills the buffer it got back next, so `depth + 1` buffers circulate and, after the first
/// `depth + 1` batches of a pass, none is allocated (decision 0097). Batches come out in order and are the
/// same as without read-ahead, so results do not depend on timing. The read-ahead stops when the stream is
/// released.
final class BatchStream: @unchecked Sendable {
    /// A batch's ids and labels.
    struct Batch: Sendable {
        var tokens: TokenBatch
        var labels: [Int]

        /// A buffer without capacity (one padding id, shared): the first `fill` into it allocates.
        static let empty = Batch(tokens: TokenBatch(ids: [0], batch: 1, length: 1), labels: [])
    }

    private let source: any TokenBatchSource
    private let order: [Int]
    private let size: Int
    /// Number of batches.
    let count: Int
    private let prefetch: Bool
    private let depth: Int
    // Guarded by `condition`.
    private let condition = NSCondition()
    /// Read-ahead batches by `b % depth` (batch `b` is there when `filled[b % depth] == b`, else `.empty`).
    private var ready: [Batch]
    private var filled: [Int]
    /// Buffers handed back by the consumer, for the producer to refill.
    private var spare: [Batch] = []
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
        ready = prefetch ? Array(repeating: .empty, count: depth) : []
        filled = prefetch ? Array(repeating: -1, count: depth) : []
        spare.reserveCapacity(depth + 1)
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
            var buffer = spare.popLast() ?? .empty
            condition.unlock()
            if stop { return }
            source.fillBatch(slice(b), tokens: &buffer.tokens, labels: &buffer.labels)
            condition.lock()
            swap(&buffer, &ready[b % depth])
            filled[b % depth] = b
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Writes batch `b` into `batch` (with read-ahead: exchanges `batch`'s buffer, which the caller no longer
    /// needs, for the ready one); batches must be taken in order 0, 1, 2, ….
    func fill(_ b: Int, into batch: inout Batch) {
        guard prefetch else {
            source.fillBatch(slice(b), tokens: &batch.tokens, labels: &batch.labels)
            return
        }
        condition.lock()
        defer { condition.unlock() }
        while filled[b % depth] != b { condition.wait() }
        swap(&batch, &ready[b % depth])
        var used = Batch.empty
        swap(&used, &ready[b % depth])  // the caller's previous buffer, moved (not copied) to the spares
        spare.append(used)
        filled[b % depth] = -1
        taken = b + 1
        condition.broadcast()
    }
}
