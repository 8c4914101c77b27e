import FinText
import FuzzSupport

/// Offsets of the header fields the harness repairs (docs/dataset-format.md, `ShardHeader`).
private enum Layout {
    static let header = 128
    /// Each section's start field, its length field (the metadata's; the others follow from the counts) and
    /// its CRC field.
    static let sections: [(start: Int, length: Int?, crc: Int)] = [
        (56, nil, 96), (64, nil, 100), (72, nil, 104), (80, 88, 108),
    ]
}

/// A valid two-document shard, the seed `scripts/fuzz.sh --seeds` takes from `FINTEXT_FUZZ_SEED_OUT`.
private func validShard() -> [UInt8] {
    var writer = ShardWriter(vocabularySize: 50, classes: 3)
    for (k, ids) in [[Int32](1...12), [7, 3, 49, 0, 0, 2]].enumerated() {
        writer.append(
            tokens: ids,
            metadata: DocumentMetadata(
                id: "0000320193-23-000106/\(k == 0 ? "1A" : "7")", cik: "320193", ticker: "AAPL", company: "Apple Inc.",
                section: k == 0 ? "1A" : "7", industry: "3571", filingDate: "2023-11-03", horizon: "4w",
                rawReturn: 0.05, benchmarkReturn: 0.01, excessReturn: 0.04, label: k + 1))
    }
    return writer.bytes(datasetID: 0x1234, vocabularyFingerprint: 0xabcd, shardNumber: 0)
}

@_cdecl("LLVMFuzzerInitialize")
public func initializeTokenShard(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    FuzzSeed.writeIfRequested(validShard)
    return 0
}

/// Recomputes the section checksums (for sections inside the input) and the header checksum, so that
/// mutations of counts, offsets, labels and metadata reach the checks behind the CRCs.
private func repairChecksums(_ bytes: inout [UInt8]) {
    guard bytes.count >= Layout.header else { return }
    func u64(_ at: Int) -> Int {
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
        return v > UInt64(Int32.max) ? -1 : Int(v)
    }
    func put32(_ v: UInt32, at: Int) {
        for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: v >> (8 * UInt32(i))) }
    }
    let width = Int(bytes[12]) | Int(bytes[13]) << 8
    let documents = u64(16)
    let tokens = u64(24)
    for (k, section) in Layout.sections.enumerated() {
        let start = u64(section.start)
        let length: Int
        switch k {
        case 0: length = documents < 0 ? -1 : 8 * (documents + 1)
        case 1: length = tokens < 0 ? -1 : width * tokens
        case 2: length = documents < 0 ? -1 : 4 * documents
        default: length = u64(section.length ?? 0)
        }
        guard start >= 0, length >= 0, start + length <= bytes.count else { continue }
        let crc = bytes.withUnsafeBytes {
            CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[start..<(start + length)]))
        }
        put32(crc, at: section.crc)
    }
    let crc = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<124])) }
    put32(crc, at: 124)
}

/// Token dataset shards (issue 16): `TokenShard(path:)` — header, section checksums, offsets, labels and
/// metadata — then every document's ids. An input of odd length has its checksums repaired first, so
/// half the inputs test the checks behind them; even lengths test the checksums themselves.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenShard(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = FuzzFile.bytes(data, size)
    if size % 2 == 1 { repairChecksums(&bytes) }
    let path = FuzzFile.write(bytes[...], name: "shard-00000.ftshard")
    guard let shard = try? TokenShard(path: path) else { return 0 }
    precondition(shard.labels.count == shard.count && shard.metadata.count == shard.count)
    for row in 0..<shard.count {
        let ids = shard.tokens(of: row)
        precondition(ids.count == shard.tokenRange(of: row).count)
    }
    return 0
}
