import FTDataset
import FTIO
import FTTestSupport
import FTText
import Foundation
import Testing

@Suite("Token shards: the numpy reader of docs/examples")
struct NumpyReaderTests {
    @Test("docs/examples/read_shards.py reads what Swift wrote: ids, labels, ids and the padded matrix")
    func numpyReadsSwift() throws {
        guard let python = try ExternalTools.require(ExternalTools.python(importing: ["numpy"]), "python3 with numpy")
        else { return }
        let root = try scratchFolder("numpy")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dataset = try TokenDataset(folder: writeDataset(sampleTexts, to: root + "/data", perShard: 4))
        let script = Fixtures.repositoryRoot.appendingPathComponent("docs/examples/read_shards.py").path
        let (status, output) = try ExternalTools.run(
            python, [script, root + "/data", "--length", "9", "--padding", "post", "--truncating", "pre"])
        #expect(status == 0, "\(output)")
        struct Row: Decodable {
            let id: String
            let label: Int
            let count: Int
            let first: [Int32]
            let sum: Int
        }
        struct Result: Decodable {
            let documents: Int
            let tokens: Int
            let rows: [Row]
            let paddedShape: [Int]
            let paddedChecksum: UInt32
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let result = try decoder.decode(Result.self, from: Data(output.utf8))
        #expect(result.documents == dataset.count)
        #expect(result.tokens == dataset.manifest.tokens)
        for (k, row) in result.rows.enumerated() {
            let ids = dataset.tokens(of: k)
            #expect(row.id == dataset.metadata[k].id)
            #expect(row.label == dataset.labels[k])
            #expect(row.count == ids.count)
            #expect(row.first == Array(ids.prefix(5)))
            #expect(row.sum == ids.reduce(0) { $0 + Int($1) })
        }
        let padded = ShardSequences(dataset: dataset, length: 9, padding: .post, truncating: .pre)
            .batch(Array(0..<dataset.count)[...]).tokens
        #expect(result.paddedShape == [dataset.count, 9])
        #expect(result.paddedChecksum == padded.ids.withUnsafeBytes { CRC32.checksum($0) })
    }
}
