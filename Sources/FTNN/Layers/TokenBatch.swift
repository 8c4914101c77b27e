/// A batch of equal-length token-id sequences: the input of `Embedding` and of token models.
///
/// `ids` is row-major `[batch, length]`; id 0 is padding (Keras `pad_sequences` value 0).
public struct TokenBatch: Sendable, Equatable {
    /// Row-major ids, `batch · length` of them.
    public var ids: [Int32]
    /// Number of sequences.
    public let batch: Int
    /// Tokens per sequence.
    public let length: Int

    /// A batch from row-major ids.
    /// - Precondition: `ids.count == batch · length` and both are positive.
    public init(ids: [Int32], batch: Int, length: Int) {
        precondition(
            batch >= 1 && length >= 1, "TokenBatch expected batch ≥ 1 and length ≥ 1. Received: \(batch) × \(length)")
        precondition(
            ids.count == batch * length,
            "TokenBatch expected \(batch * length) ids for \(batch) × \(length). Received: \(ids.count)")
        self.ids = ids
        self.batch = batch
        self.length = length
    }

    /// Makes this a `batch × length` batch whose ids `write` sets, reusing the ids' storage when it has the
    /// capacity and nothing else holds it (no allocation then). `write` gets the `batch · length` ids, row-major,
    /// zeroed (padding).
    /// - Precondition: `batch` and `length` are positive.
    public mutating func overwrite(batch: Int, length: Int, _ write: (UnsafeMutableBufferPointer<Int32>) -> Void) {
        var ids = self.ids
        self.ids = []  // `ids` is now the only reference: changed in place
        ids.removeAll(keepingCapacity: true)
        ids.append(contentsOf: repeatElement(0, count: batch * length))
        ids.withUnsafeMutableBufferPointer { write($0) }
        self = TokenBatch(ids: ids, batch: batch, length: length)
    }

    /// A batch from equal-length rows.
    /// - Precondition: at least one row, all of the same positive length.
    public init(rows: [[Int32]]) {
        let length = rows.first?.count ?? 0
        precondition(
            rows.allSatisfy { $0.count == length },
            "TokenBatch expected rows of equal length. Received: \(rows.map(\.count))")
        self.init(ids: rows.flatMap { $0 }, batch: rows.count, length: length)
    }
}
