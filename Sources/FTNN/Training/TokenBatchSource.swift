/// Where `Trainer` gets its batches: labelled, equal-length token sequences addressed by row number.
///
/// `LabelledSequences` holds its rows in memory; a sharded on-disk dataset (`FTDataset`) reads them from
/// memory-mapped files and pads them as it goes. The trainer asks only for rows by index, so the same
/// seed gives the same batches — and bit-identical weights — whichever source holds the data.
public protocol TokenBatchSource: Sendable {
    /// Number of sequences.
    var count: Int { get }
    /// Tokens per sequence in a batch.
    var length: Int { get }
    /// Number of classes.
    var classes: Int { get }
    /// The class of each sequence.
    var labels: [Int] { get }
    /// The largest token id in the data (0 when there are none), to check it against the embedding.
    var largestID: Int32 { get }
    /// Whether batches are worth reading ahead on a background thread (true for data on disk).
    var prefersPrefetch: Bool { get }
    /// A 64-bit fingerprint of the data; a checkpoint records it so that a resume on other data is refused.
    var fingerprint: UInt64 { get }
    /// The batch of sequences at `indices` (rows `0..<count`), in that order, and their labels.
    func batch(_ indices: ArraySlice<Int>) -> (tokens: TokenBatch, labels: [Int])
    /// `batch(indices)` written into `tokens` and `labels`, reusing their storage: a source that implements it
    /// lets `Trainer.fit` run its steps without allocating (`LabelledSequences` and `ShardSequences` do; the
    /// default calls `batch(_:)`).
    /// - Postcondition: `tokens` and `labels` equal `batch(indices)`.
    func fillBatch(_ indices: ArraySlice<Int>, tokens: inout TokenBatch, labels: inout [Int])
}

extension TokenBatchSource {
    /// Calls `batch(_:)` (allocates a new batch).
    public func fillBatch(_ indices: ArraySlice<Int>, tokens: inout TokenBatch, labels: inout [Int]) {
        (tokens, labels) = batch(indices)
    }
}

extension LabelledSequences: TokenBatchSource {
    /// The largest id in `ids`.
    public var largestID: Int32 { ids.max() ?? 0 }
    /// In memory: no read-ahead.
    public var prefersPrefetch: Bool { false }
}
