import FTDataset
import FTText
import Foundation

/// A fresh folder under the temporary directory for one test.
func scratchFolder(_ tag: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("ftdataset-\(tag)-\(UUID().uuidString)")
        .path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Metadata for test document `k`.
func testMetadata(_ k: Int, label: Int) -> DocumentMetadata {
    DocumentMetadata(
        id: "acc-\(k / 2)/\(k % 2 == 0 ? "1A" : "7")", cik: "\(1000 + k / 4)", ticker: "T\(k / 4)",
        company: "Company \"\(k / 4)\"", section: k % 2 == 0 ? "1A" : "7", industry: "3845",
        filingDate: "2023-0\(1 + k % 9)-1\(k % 10)", horizon: "4w", rawReturn: 0.01 * Double(k),
        benchmarkReturn: 0.002, excessReturn: 0.01 * Double(k) - 0.002, label: label)
}

/// Writes a dataset of `texts` (labels `k % 3`) in shards of `perShard` documents and returns its folder.
@discardableResult
func writeDataset(
    _ texts: [String], to folder: String, perShard: Int, maxWords: Int? = nil, datasetID: UInt64 = 7
) throws -> String {
    var tokenizer = Tokenizer(maxWords: maxWords)
    tokenizer.fit(on: texts)
    let builder = try TokenDatasetBuilder(destination: folder, tokenizer: tokenizer, classes: 3, datasetID: datasetID)
    var entries: [TokenDatasetManifest.Shard] = []
    var start = 0
    while start < texts.count {
        var writer = builder.shardWriter()
        for k in start..<min(texts.count, start + perShard) {
            writer.append(tokens: tokenizer.sequence(for: texts[k]), metadata: testMetadata(k, label: k % 3))
        }
        entries.append(try builder.write(writer, number: entries.count))
        start += perShard
    }
    try builder.finish(shards: entries, settings: ["test": "yes"])
    return folder
}

/// Short texts with repeated words and count ties.
let sampleTexts: [String] = (0..<23).map { k in
    let words = ["revenue", "risk", "growth", "loss", "market", "debt", "cash", "margin", "tax", "fx"]
    return (0..<(3 + (k * 7) % 29)).map { words[($0 * (k + 3)) % words.count] + ($0 % 5 == 0 ? "\(k % 4)" : "") }
        .joined(separator: " ")
}
