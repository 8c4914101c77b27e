public import FTNN
public import FTText

/// Rows of a `TokenDataset`, padded or truncated to one length as they are read (Keras `pad_sequences`),
/// as a `TokenBatchSource` for `Trainer`: streaming training, evaluation and prediction.
///
/// The trainer asks for rows by index; each batch is copied out of the memory-mapped shards and the
/// pages read are given back to the kernel, so a pass over the data keeps the resident set at about one
/// batch, however large the corpus. Batches equal those of `materialized()` — and so of in-memory
/// training on the same ids — bit for bit.
public struct ShardSequences: TokenBatchSource {
    /// The dataset.
    public let dataset: TokenDataset
    /// The dataset rows this source covers, in its row order.
    public let rows: [Int]
    /// Tokens per sequence.
    public let length: Int
    /// Where padding goes.
    public let padding: PaddingSide
    /// Which end a long document loses.
    public let truncating: PaddingSide
    /// The label of each of `rows`.
    public let labels: [Int]
    /// Give read pages back to the kernel after each row (default true).
    public var releasesPages = true

    /// The rows `rows` of `dataset` (all rows when nil), padded to `length`.
    /// - Parameter labels: One label per dataset row replacing the shards' labels (for labels re-fitted
    ///   after encoding, such as a time split's); nil keeps the shards' labels.
    /// - Precondition: `labels`, when given, has one label in `0..<dataset.classes` per dataset row.
    public init(
        dataset: TokenDataset, rows: [Int]? = nil, length: Int, padding: PaddingSide = .pre,
        truncating: PaddingSide = .pre, labels: [Int]? = nil
    ) {
        precondition(length >= 1, "ShardSequences expected length ≥ 1. Received: \(length)")
        precondition(
            labels.map { $0.count == dataset.count && $0.allSatisfy { (0..<dataset.classes).contains($0) } } ?? true,
            "ShardSequences expected one label in 0..<\(dataset.classes) per row. Received: \(labels?.count ?? 0) labels for \(dataset.count) rows"
        )
        self.dataset = dataset
        self.rows = rows ?? Array(0..<dataset.count)
        self.length = length
        self.padding = padding
        self.truncating = truncating
        let all = labels ?? dataset.labels
        self.labels = self.rows.map { all[$0] }
    }

    private init(_ source: ShardSequences, rows: [Int], labels: [Int]) {
        dataset = source.dataset
        self.rows = rows
        length = source.length
        padding = source.padding
        truncating = source.truncating
        self.labels = labels
        releasesPages = source.releasesPages
    }

    /// Number of sequences.
    public var count: Int { rows.count }
    /// Number of classes.
    public var classes: Int { dataset.classes }
    /// The dataset's largest id (a bound for the subset).
    public var largestID: Int32 { dataset.largestID }
    /// Data on disk: read ahead.
    public var prefersPrefetch: Bool { true }

    /// FNV-1a over the dataset id, the length and padding, and the rows and labels.
    public var fingerprint: UInt64 {
        var hash = StableHash()
        hash.combine(dataset.datasetID)
        hash.combine(UInt64(length))
        hash.combine(padding.rawValue + truncating.rawValue)
        for row in rows { hash.combine(UInt64(row)) }
        for label in labels { hash.combine(UInt64(label)) }
        return hash.value
    }

    /// The subset at `indices` (positions in this source).
    public func subset(_ indices: [Int]) -> ShardSequences {
        ShardSequences(self, rows: indices.map { rows[$0] }, labels: indices.map { labels[$0] })
    }

    /// The padded batch of sequences at `indices` and their labels.
    public func batch(_ indices: ArraySlice<Int>) -> (tokens: TokenBatch, labels: [Int]) {
        var tokens = TokenBatch(ids: [0], batch: 1, length: 1)
        var labels: [Int] = []
        fillBatch(indices, tokens: &tokens, labels: &labels)
        return (tokens, labels)
    }

    /// `batch(indices)` into `tokens` and `labels`, reusing their storage (no allocation once they have the
    /// capacity and nothing else holds them).
    public func fillBatch(_ indices: ArraySlice<Int>, tokens: inout TokenBatch, labels: inout [Int]) {
        tokens.overwrite(batch: indices.count, length: length) { out in
            for (k, i) in indices.enumerated() {
                let (shard, local) = dataset.locate(rows[i])
                let source = dataset.shards[shard]
                let (kept, offset) = PaddingSide.placement(
                    count: source.tokenRange(of: local).count, width: length, padding: padding,
                    truncating: truncating)
                source.copy(
                    row: local, kept: kept, into: out.baseAddress! + k * length + offset, release: releasesPages)
            }
        }
        labels.removeAll(keepingCapacity: true)
        for i in indices { labels.append(self.labels[i]) }
    }

    /// All rows in memory, as the in-memory API holds them.
    /// - Throws: `TrainingError.invalidData` only if the dataset is empty.
    public func materialized() throws(TrainingError) -> LabelledSequences {
        guard count > 0 else { throw .invalidData("expected at least one sequence. Received: none") }
        let (tokens, labels) = batch(Array(0..<count)[...])
        return try LabelledSequences(ids: tokens.ids, length: length, labels: labels, classes: classes)
    }
}
