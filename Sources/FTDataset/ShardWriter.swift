public import FTIO
import Foundation

/// Collects documents (token ids, label, metadata) and writes them as one shard file.
///
/// The whole shard is built in memory (so memory is bounded by the shard size) and written with
/// `AtomicFile`: a reader sees the complete shard or none.
public struct ShardWriter: Sendable {
    /// Bytes per token id (2 when every id fits in uint16, else 4).
    public let idWidth: Int
    /// Number of classes the labels are in.
    public let classes: Int
    private var offsets: [UInt64] = [0]
    private var tokens: [UInt32] = []
    private var labels: [Int32] = []
    private var metadata: [UInt8] = []
    private var largest: UInt32 = 0
    private let encoder: JSONEncoder

    /// An empty shard for ids below `vocabularySize` (which chooses the id width) and labels in `0..<classes`.
    public init(vocabularySize: Int, classes: Int) {
        idWidth = Self.idWidth(vocabularySize: vocabularySize)
        self.classes = classes
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    /// 2 when every id below `vocabularySize` fits in uint16, else 4.
    public static func idWidth(vocabularySize: Int) -> Int { vocabularySize <= 65_536 ? 2 : 4 }

    /// Documents added so far.
    public var count: Int { labels.count }

    /// Tokens added so far.
    public var tokenCount: Int { tokens.count }

    /// Adds one document.
    /// - Precondition: ids are in `0..<vocabularySize`, `metadata.label` in `0..<classes`, returns finite.
    public mutating func append(tokens ids: [Int32], metadata: DocumentMetadata) {
        precondition(
            (0..<classes).contains(metadata.label),
            "ShardWriter expected a label in 0..<\(classes). Received: \(metadata.label) for \(metadata.id)")
        let limit: Int32 = idWidth == 2 ? 65_535 : Int32.max
        for id in ids {
            precondition(id >= 0 && id <= limit, "ShardWriter expected ids in 0...\(limit). Received: \(id)")
            let value = UInt32(id)
            largest = max(largest, value)
            tokens.append(value)
        }
        offsets.append(UInt64(tokens.count))
        labels.append(Int32(metadata.label))
        guard let line = try? encoder.encode(metadata) else {
            preconditionFailure("ShardWriter expected finite returns. Received: document \(metadata.id)")
        }
        self.metadata += line
        self.metadata.append(0x0A)
    }

    /// The shard file's bytes.
    /// - Parameters:
    ///   - datasetID: The dataset the shard belongs to.
    ///   - vocabularyFingerprint: The vocabulary the ids index.
    ///   - shardNumber: The shard's number in the dataset.
    public func bytes(datasetID: UInt64, vocabularyFingerprint: UInt64, shardNumber: Int) -> [UInt8] {
        var header = ShardHeader(
            idWidth: idWidth, documents: labels.count, tokens: tokens.count,
            vocabularyFingerprint: vocabularyFingerprint, datasetID: datasetID, shardNumber: shardNumber,
            classes: classes)
        header.layOut()
        header.metadataLength = metadata.count
        header.largestID = largest
        var out = [UInt8](repeating: 0, count: header.fileSize)
        out.withUnsafeMutableBytes { raw in
            func store<T: FixedWidthInteger>(_ values: [T], at start: Int) -> UInt32 {
                for (k, v) in values.enumerated() {
                    raw.storeBytes(of: v.littleEndian, toByteOffset: start + k * MemoryLayout<T>.size, as: T.self)
                }
                return CRC32.checksum(
                    UnsafeRawBufferPointer(rebasing: raw[start..<(start + values.count * MemoryLayout<T>.size)]))
            }
            header.offsetsCRC = store(offsets, at: header.offsetsStart)
            header.tokensCRC =
                idWidth == 2
                ? store(tokens.map { UInt16(truncatingIfNeeded: $0) }, at: header.tokensStart)
                : store(tokens, at: header.tokensStart)
            header.labelsCRC = store(labels, at: header.labelsStart)
            header.metadataCRC = store(metadata, at: header.metadataStart)
            let head = header.bytes()
            for (k, b) in head.enumerated() { raw[k] = b }
        }
        return out
    }

    /// Writes the shard to `path` atomically.
    /// - Throws: `IOError` naming the file.
    public func write(
        to path: String, datasetID: UInt64, vocabularyFingerprint: UInt64, shardNumber: Int
    ) throws(IOError) {
        try AtomicFile.write(
            bytes(datasetID: datasetID, vocabularyFingerprint: vocabularyFingerprint, shardNumber: shardNumber),
            to: path)
    }
}
