import FTIO

/// The fixed 128-byte header at the start of every shard file (`docs/dataset-format.md`), little-endian.
///
/// | offset | type | field |
/// |---|---|---|
/// | 0 | 8 bytes | magic `FTTOKSH\0` |
/// | 8 | u32 | format version (1) |
/// | 12 | u32 | bytes per token id: 2 (uint16) or 4 (uint32) |
/// | 16 | u64 | documents |
/// | 24 | u64 | tokens |
/// | 32 | u64 | vocabulary fingerprint |
/// | 40 | u64 | dataset id |
/// | 48 | u32 | shard number in the dataset |
/// | 52 | u32 | classes |
/// | 56, 64, 72, 80 | u64 | start of the offsets, tokens, labels and metadata sections |
/// | 88 | u64 | metadata length in bytes |
/// | 96, 100, 104, 108 | u32 | CRC-32 of the offsets, tokens, labels and metadata sections |
/// | 112 | u32 | largest token id |
/// | 116 | 8 bytes | reserved, zero |
/// | 124 | u32 | CRC-32 of bytes 0..<124 |
public struct ShardHeader: Sendable, Equatable {
    /// The file's first 8 bytes.
    public static let magic: [UInt8] = Array("FTTOKSH".utf8) + [0]
    /// The format version this code writes and reads.
    public static let version: UInt32 = 1
    /// Header size in bytes; the offsets section starts here.
    public static let size = 128

    /// Bytes per token id (2 or 4).
    public var idWidth: Int
    /// Documents in the shard.
    public var documents: Int
    /// Tokens in the shard.
    public var tokens: Int
    /// Fingerprint of the vocabulary the ids index (`TokenDatasetManifest.vocabularyFingerprint`).
    public var vocabularyFingerprint: UInt64
    /// Id of the dataset the shard belongs to.
    public var datasetID: UInt64
    /// The shard's number within its dataset.
    public var shardNumber: Int
    /// Number of classes of the labels.
    public var classes: Int
    /// Section starts (byte offsets in the file).
    public var offsetsStart = 0, tokensStart = 0, labelsStart = 0, metadataStart = 0
    /// Bytes of metadata (JSON Lines).
    public var metadataLength = 0
    /// CRC-32 of each section.
    public var offsetsCRC: UInt32 = 0, tokensCRC: UInt32 = 0, labelsCRC: UInt32 = 0, metadataCRC: UInt32 = 0
    /// The largest token id in the shard.
    public var largestID: UInt32 = 0

    /// The file size the header describes.
    public var fileSize: Int { metadataStart + metadataLength }

    /// Lays out the sections after the header: offsets (u64 × (documents + 1)), tokens, labels (i32 ×
    /// documents), metadata, each starting on an 8-byte boundary.
    mutating func layOut() {
        func align(_ n: Int) -> Int { (n + 7) / 8 * 8 }
        offsetsStart = Self.size
        tokensStart = align(offsetsStart + 8 * (documents + 1))
        labelsStart = align(tokensStart + idWidth * tokens)
        metadataStart = align(labelsStart + 4 * documents)
    }

    /// The 128 header bytes.
    func bytes() -> [UInt8] {
        var out = Self.magic
        func put32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        func put64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
        put32(Self.version)
        put32(UInt32(idWidth))
        put64(UInt64(documents))
        put64(UInt64(tokens))
        put64(vocabularyFingerprint)
        put64(datasetID)
        put32(UInt32(shardNumber))
        put32(UInt32(classes))
        for v in [offsetsStart, tokensStart, labelsStart, metadataStart, metadataLength] { put64(UInt64(v)) }
        for v in [offsetsCRC, tokensCRC, labelsCRC, metadataCRC, largestID] { put32(v) }
        out += [UInt8](repeating: 0, count: 8)
        put32(CRC32.checksum(out))
        return out
    }

    /// Reads and checks the header at the start of `bytes` (a whole shard file).
    /// - Throws: `DatasetError` naming `path` and the offset of the field at fault: too short, not a
    ///   shard, another version, a damaged header, an impossible layout, or a file shorter or longer
    ///   than the header says.
    static func read(_ bytes: UnsafeRawBufferPointer, path: String) throws(DatasetError) -> ShardHeader {
        guard bytes.count >= size else {
            throw DatasetError(
                path: path, offset: bytes.count,
                reason: "truncated: the file ends after \(bytes.count) bytes, inside the \(size)-byte header")
        }
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        func int(_ at: Int) throws(DatasetError) -> Int {
            let v = u64(at)
            guard v <= UInt64(Int32.max) * 1024 else {
                throw DatasetError(path: path, offset: at, reason: "implausible value \(v); the header is damaged")
            }
            return Int(v)
        }
        guard Array(bytes[0..<8]) == magic else {
            throw DatasetError(path: path, offset: 0, reason: "not a FinText token shard (no FTTOKSH magic)")
        }
        guard u32(8) == version else {
            throw DatasetError(
                path: path, offset: 8, reason: "format version \(u32(8)); this FinText reads version \(version)")
        }
        let stored = u32(124)
        let computed = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<124]))
        guard stored == computed else {
            throw DatasetError(
                path: path, offset: 124,
                reason:
                    "header checksum mismatch (stored \(hex(stored)), computed \(hex(computed))); the header is damaged"
            )
        }
        var header = ShardHeader(
            idWidth: Int(u32(12)), documents: try int(16), tokens: try int(24), vocabularyFingerprint: u64(32),
            datasetID: u64(40), shardNumber: Int(u32(48)), classes: Int(u32(52)))
        guard header.idWidth == 2 || header.idWidth == 4 else {
            throw DatasetError(path: path, offset: 12, reason: "token id width \(header.idWidth); expected 2 or 4")
        }
        var expected = header
        expected.layOut()
        header.offsetsStart = try int(56)
        header.tokensStart = try int(64)
        header.labelsStart = try int(72)
        header.metadataStart = try int(80)
        header.metadataLength = try int(88)
        for (at, got, want) in [
            (56, header.offsetsStart, expected.offsetsStart), (64, header.tokensStart, expected.tokensStart),
            (72, header.labelsStart, expected.labelsStart), (80, header.metadataStart, expected.metadataStart),
        ] where got != want {
            throw DatasetError(
                path: path, offset: at, reason: "section start \(got) disagrees with the counts (expected \(want))")
        }
        header.offsetsCRC = u32(96)
        header.tokensCRC = u32(100)
        header.labelsCRC = u32(104)
        header.metadataCRC = u32(108)
        header.largestID = u32(112)
        if bytes.count < header.fileSize {
            throw DatasetError(
                path: path, offset: bytes.count,
                reason:
                    "truncated: the file ends at byte \(bytes.count) but its sections end at byte \(header.fileSize)")
        }
        if bytes.count > header.fileSize {
            throw DatasetError(
                path: path, offset: header.fileSize,
                reason: "\(bytes.count - header.fileSize) unexpected bytes after the last section")
        }
        return header
    }

    /// Creates a header before layout (used by the writer and reader).
    init(
        idWidth: Int, documents: Int, tokens: Int, vocabularyFingerprint: UInt64, datasetID: UInt64,
        shardNumber: Int, classes: Int
    ) {
        self.idWidth = idWidth
        self.documents = documents
        self.tokens = tokens
        self.vocabularyFingerprint = vocabularyFingerprint
        self.datasetID = datasetID
        self.shardNumber = shardNumber
        self.classes = classes
    }
}

/// `0x` and 8 hex digits.
func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}

/// `0x` and 16 hex digits.
func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
}
