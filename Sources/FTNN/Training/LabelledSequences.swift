import FTTensor

/// Equal-length token-id sequences with class labels: what `Trainer.fit` trains on.
///
/// Ids are stored row-major (`count × length`), 0 being padding, as `padSequences` produces them.
public struct LabelledSequences: Sendable, Equatable {
    /// Row-major ids, `count · length` of them.
    public private(set) var ids: [Int32]
    /// Tokens per sequence.
    public let length: Int
    /// The class of each sequence, in `0..<classes`.
    public private(set) var labels: [Int]
    /// Number of classes.
    public let classes: Int

    /// Creates a data set from equal-length rows.
    /// - Throws: `TrainingError.invalidData` when rows differ in length, labels are out of range, or
    ///   counts disagree.
    public init(rows: [[Int32]], labels: [Int], classes: Int) throws(TrainingError) {
        guard rows.count == labels.count else {
            throw .invalidData(
                "expected one label per sequence. Received: \(rows.count) sequences and \(labels.count) labels")
        }
        guard let first = rows.first else { throw .invalidData("expected at least one sequence. Received: none") }
        guard first.count >= 1 else { throw .invalidData("expected sequences of length ≥ 1. Received: 0") }
        if let bad = rows.firstIndex(where: { $0.count != first.count }) {
            throw .invalidData(
                "expected every sequence to have length \(first.count). Received: length \(rows[bad].count) at sequence \(bad)"
            )
        }
        try self.init(ids: rows.flatMap { $0 }, length: first.count, labels: labels, classes: classes)
    }

    /// Creates a data set from row-major ids.
    /// - Throws: `TrainingError.invalidData` when sizes disagree, a label is outside `0..<classes`, or an id
    ///   is negative.
    public init(ids: [Int32], length: Int, labels: [Int], classes: Int) throws(TrainingError) {
        guard classes >= 2 else { throw .invalidData("expected at least 2 classes. Received: \(classes)") }
        guard length >= 1, ids.count == length * labels.count else {
            throw .invalidData("expected \(labels.count) × \(length) ids. Received: \(ids.count)")
        }
        if let bad = labels.firstIndex(where: { !(0..<classes).contains($0) }) {
            throw .invalidData("expected labels in 0..<\(classes). Received: \(labels[bad]) at sequence \(bad)")
        }
        if let bad = ids.firstIndex(where: { $0 < 0 }) {
            throw .invalidData("expected non-negative token ids. Received: \(ids[bad]) at sequence \(bad / length)")
        }
        self.ids = ids
        self.length = length
        self.labels = labels
        self.classes = classes
    }

    /// Number of sequences.
    public var count: Int { labels.count }

    /// The sequences at `indices`, in that order.
    public func subset(_ indices: [Int]) -> LabelledSequences {
        var newIds = [Int32]()
        newIds.reserveCapacity(indices.count * length)
        for i in indices { newIds.append(contentsOf: ids[(i * length)..<((i + 1) * length)]) }
        // Sizes and ranges were validated for the whole set, so the subset is valid too.
        var copy = self
        copy.ids = newIds
        copy.labels = indices.map { labels[$0] }
        return copy
    }

    /// The batch of sequences at `indices` and their labels.
    public func batch(_ indices: ArraySlice<Int>) -> (tokens: TokenBatch, labels: [Int]) {
        var batchIds = [Int32]()
        batchIds.reserveCapacity(indices.count * length)
        for i in indices { batchIds.append(contentsOf: ids[(i * length)..<((i + 1) * length)]) }
        return (TokenBatch(ids: batchIds, batch: indices.count, length: length), indices.map { labels[$0] })
    }

    /// `batch(indices)` into `tokens` and `labels`, reusing their storage (no allocation once they have the
    /// capacity and nothing else holds them).
    public func fillBatch(_ indices: ArraySlice<Int>, tokens: inout TokenBatch, labels: inout [Int]) {
        tokens.overwrite(batch: indices.count, length: length) { out in
            ids.withUnsafeBufferPointer { ids in
                for (k, i) in indices.enumerated() {
                    _ = UnsafeMutableBufferPointer(rebasing: out[(k * length)..<((k + 1) * length)])
                        .update(fromContentsOf: ids[(i * length)..<((i + 1) * length)])
                }
            }
        }
        labels.removeAll(keepingCapacity: true)
        for i in indices { labels.append(self.labels[i]) }
    }

    /// A 64-bit FNV-1a fingerprint of ids, labels and sizes; a checkpoint records it so that a resume
    /// on different data is refused.
    public var fingerprint: UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: UInt64) {
            var v = value
            for _ in 0..<8 {
                hash = (hash ^ (v & 0xff)) &* 0x100_0000_01b3
                v >>= 8
            }
        }
        mix(UInt64(length))
        mix(UInt64(classes))
        for id in ids { mix(UInt64(UInt32(bitPattern: id))) }
        for label in labels { mix(UInt64(label)) }
        return hash
    }
}
