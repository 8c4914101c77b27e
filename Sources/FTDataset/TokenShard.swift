import FTIO
import Foundation

/// One shard file, memory-mapped and checked: its header, the token ids of each document, labels and
/// metadata.
///
/// Opening reads the whole file once to verify the section checksums, offsets and labels, then gives its
/// pages back to the kernel, so an open shard costs address space, not resident memory; `tokens(of:)`
/// reads one document's ids straight from the mapping.
///
/// `@unchecked Sendable`: the mapping is read-only for the object's life.
public final class TokenShard: @unchecked Sendable {
    /// The file.
    public let path: String
    /// Its header.
    public let header: ShardHeader
    /// The labels, one per document.
    public let labels: [Int]
    /// The metadata, one per document.
    public let metadata: [DocumentMetadata]
    private let file: ShardMapping

    /// Opens and checks `path`.
    /// - Throws: `DatasetError` naming the file and the byte offset of the first problem: a truncated or
    ///   damaged file (checksum mismatch of a named section), offsets that do not rise, a label out of
    ///   range, metadata that is not one JSON object per document, or a label column that disagrees with it.
    public init(path: String) throws(DatasetError) {
        self.path = path
        do { file = try ShardMapping(path: path) } catch {
            throw DatasetError(path: path, reason: error.reason)
        }
        let bytes = UnsafeRawBufferPointer(file.bytes)
        let header = try ShardHeader.read(bytes, path: path)
        self.header = header
        func checkCRC(_ name: String, _ start: Int, _ length: Int, _ stored: UInt32) throws(DatasetError) {
            let computed = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]))
            guard computed == stored else {
                throw DatasetError(
                    path: path, offset: start,
                    reason:
                        "\(name) section (bytes \(start)..<\(start + length)) is corrupted: checksum \(hex(computed)), header says \(hex(stored))"
                )
            }
        }
        let n = header.documents
        try checkCRC("offsets", header.offsetsStart, 8 * (n + 1), header.offsetsCRC)
        try checkCRC("tokens", header.tokensStart, header.idWidth * header.tokens, header.tokensCRC)
        try checkCRC("labels", header.labelsStart, 4 * n, header.labelsCRC)
        try checkCRC("metadata", header.metadataStart, header.metadataLength, header.metadataCRC)
        var previous: UInt64 = 0
        for k in 0...n {
            let at = header.offsetsStart + 8 * k
            let v = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
            guard (k == 0 ? v == 0 : v >= previous) && v <= UInt64(header.tokens) && (k < n || v == header.tokens)
            else {
                throw DatasetError(
                    path: path, offset: at,
                    reason: "token offset \(v) of document \(k) is out of order or past the \(header.tokens) tokens")
            }
            previous = v
        }
        var labels: [Int] = []
        labels.reserveCapacity(n)
        for k in 0..<n {
            let at = header.labelsStart + 4 * k
            let v = Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: Int32.self)))
            guard (0..<header.classes).contains(v) else {
                throw DatasetError(
                    path: path, offset: at, reason: "label \(v) of document \(k) is outside 0..<\(header.classes)")
            }
            labels.append(v)
        }
        self.labels = labels
        var metadata: [DocumentMetadata] = []
        metadata.reserveCapacity(n)
        let decoder = JSONDecoder()
        var lineStart = header.metadataStart
        let end = header.metadataStart + header.metadataLength
        while lineStart < end {
            var lineEnd = lineStart
            while lineEnd < end && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let line = Data(UnsafeRawBufferPointer(rebasing: bytes[lineStart..<lineEnd]))
            guard let record = try? decoder.decode(DocumentMetadata.self, from: line) else {
                throw DatasetError(
                    path: path, offset: lineStart,
                    reason: "metadata of document \(metadata.count) is not a valid JSON object")
            }
            guard metadata.count < n, record.label == labels[metadata.count] else {
                throw DatasetError(
                    path: path, offset: lineStart,
                    reason: metadata.count < n
                        ? "metadata label \(record.label) of document \(metadata.count) disagrees with the label column (\(labels[metadata.count]))"
                        : "more metadata lines than the \(n) documents")
            }
            metadata.append(record)
            lineStart = lineEnd + 1
        }
        guard metadata.count == n else {
            throw DatasetError(
                path: path, offset: end, reason: "\(metadata.count) metadata lines for \(n) documents")
        }
        self.metadata = metadata
        file.releasePages(0..<file.size)
    }

    /// Number of documents.
    public var count: Int { header.documents }

    /// The token range of document `row` (indices into the tokens section).
    public func tokenRange(of row: Int) -> Range<Int> {
        precondition((0..<count).contains(row), "TokenShard expected a row in 0..<\(count). Received: \(row)")
        let bytes = UnsafeRawBufferPointer(file.bytes)
        let at = header.offsetsStart + 8 * row
        let lower = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        let upper = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self))
        return Int(lower)..<Int(upper)
    }

    /// Document `row`'s ids.
    public func tokens(of row: Int) -> [Int32] {
        let range = tokenRange(of: row)
        var out = [Int32](repeating: 0, count: range.count)
        out.withUnsafeMutableBufferPointer { copy(row: row, kept: 0..<range.count, into: $0.baseAddress!) }
        return out
    }

    /// Copies ids `kept` (positions within document `row`) to `destination`, converting to Int32.
    /// With `release`, the pages read are given back to the kernel afterwards (they stay in the page
    /// cache), which keeps a pass over a corpus larger than memory from growing the resident set.
    public func copy(
        row: Int, kept: Range<Int>, into destination: UnsafeMutablePointer<Int32>, release: Bool = false
    ) {
        let range = tokenRange(of: row)
        precondition(kept.upperBound <= range.count, "TokenShard.copy: positions past the document")
        let base = UnsafeRawPointer(file.bytes.baseAddress!) + header.tokensStart
        let first = range.lowerBound + kept.lowerBound
        if header.idWidth == 2 {
            let ids = base.assumingMemoryBound(to: UInt16.self) + first
            for k in 0..<kept.count { destination[k] = Int32(UInt16(littleEndian: ids[k])) }
        } else {
            let ids = base.assumingMemoryBound(to: UInt32.self) + first
            for k in 0..<kept.count { destination[k] = Int32(bitPattern: UInt32(littleEndian: ids[k])) }
        }
        if release {
            file.releasePages(
                (header.tokensStart + header.idWidth * range.lowerBound)..<(header.tokensStart + header.idWidth
                    * range.upperBound))
        }
    }
}
