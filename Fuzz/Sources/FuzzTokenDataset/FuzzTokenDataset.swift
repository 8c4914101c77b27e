import FinText
import Foundation
import FuzzSupport

/// A token dataset folder of two valid shards and their vocabulary, made once; every input is its
/// `dataset.json`. Returns the manifest that describes the folder (the seed).
private let validManifest: TokenDatasetManifest = {
    let folder = FuzzFile.folder + "/dataset"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var tokenizer = Tokenizer()
    tokenizer.fit(on: ["revenue grew while costs fell", "risk factors include competition and revenue"])
    let fingerprint = TokenDatasetManifest.vocabularyFingerprint(of: tokenizer)
    let vocabulary = tokenizer.indexWord.count
    guard
        FileManager.default.createFile(atPath: folder + "/tokenizer.json", contents: Data(tokenizer.toKerasJSON().utf8))
    else { fatalError("fuzz harness: cannot write \(folder)/tokenizer.json") }
    var shards: [TokenDatasetManifest.Shard] = []
    for number in 0..<2 {
        var writer = ShardWriter(vocabularySize: vocabulary, classes: 3)
        for k in 0..<(2 + number) {
            writer.append(
                tokens: (0..<(3 + 2 * k)).map { Int32(1 + ($0 + k + number) % (vocabulary - 1)) },
                metadata: DocumentMetadata(
                    id: "0000320193-23-00010\(number)/\(k)", cik: "320193", ticker: "AAPL", company: "Apple Inc.",
                    section: "1A", industry: "3571", filingDate: "2023-11-03", horizon: "4w", rawReturn: 0.05,
                    benchmarkReturn: 0.01, excessReturn: 0.04, label: k % 3))
        }
        let name = TokenDatasetBuilder.shardName(number)
        let bytes = writer.bytes(datasetID: 0x1234, vocabularyFingerprint: fingerprint, shardNumber: number)
        guard FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(bytes)) else {
            fatalError("fuzz harness: cannot write \(folder)/\(name)")
        }
        shards.append(TokenDatasetManifest.Shard(file: name, documents: writer.count, tokens: writer.tokenCount))
    }
    return TokenDatasetManifest(
        datasetID: 0x1234, vocabularyFingerprint: fingerprint, idWidth: ShardWriter.idWidth(vocabularySize: vocabulary),
        classes: 3, settings: ["bins": "3", "horizon": "4w", "max_words": "none"], shards: shards)
}()

/// With `FINTEXT_FUZZ_SEED_OUT` set, writes the `dataset.json` of the fixed folder and exits.
@_cdecl("LLVMFuzzerInitialize")
public func initializeTokenDataset(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    _ = validManifest
    FuzzSeed.writeIfRequested { validManifest.jsonBytes() }
    return 0
}

/// Sharded token datasets (issue 16, what `train --dataset` and `evaluate` open): `TokenDataset(folder:)`
/// with the input as `dataset.json` beside a fixed `tokenizer.json` and two valid shards — the manifest
/// (`TokenDatasetManifest.read(from:)`), then its checks against the vocabulary and every shard — and then
/// every row's ids.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenDataset(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzFile.write(data, size, name: "dataset/dataset.json")
    guard let dataset = try? TokenDataset(folder: FuzzFile.folder + "/dataset") else { return 0 }
    precondition(dataset.metadata.count == dataset.count && dataset.shardStarts.last == dataset.count)
    for row in 0..<dataset.count { _ = dataset.tokens(of: row) }
    _ = (dataset.largestID, dataset.datasetID, dataset.classes)
    return 0
}
