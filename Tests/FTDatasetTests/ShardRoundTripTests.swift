import FTDataset
import FTNN
import FTTestSupport
import FTText
import Foundation
import Testing

@Suite("Token shards: round trip")
struct ShardRoundTripTests {
    @Test("ids, labels and metadata read back exactly, across shards, for 2- and 4-byte ids")
    func roundTrip() throws {
        // The second corpus has over 65,536 distinct words: 4-byte ids.
        let large = sampleTexts + [(0..<66_000).map { "w\($0)" }.joined(separator: " ")]
        for texts in [sampleTexts, large] {
            let root = try scratchFolder("roundtrip")
            defer { try? FileManager.default.removeItem(atPath: root) }
            try writeDataset(texts, to: root + "/data", perShard: 5)
            let dataset = try TokenDataset(folder: root + "/data")
            var tokenizer = Tokenizer()
            tokenizer.fit(on: texts)
            #expect(dataset.count == texts.count)
            #expect(dataset.shards.count == (texts.count + 4) / 5)
            #expect(dataset.manifest.idWidth == (texts.count > sampleTexts.count ? 4 : 2))
            for k in 0..<texts.count {
                #expect(dataset.tokens(of: k) == tokenizer.sequence(for: texts[k]))
                #expect(dataset.metadata[k] == testMetadata(k, label: k % 3))
                #expect(dataset.labels[k] == k % 3)
            }
            #expect(dataset.tokenizer.toKerasJSON() == tokenizer.toKerasJSON())
            #expect(!FileManager.default.fileExists(atPath: root + "/data.partial"))
        }
    }

    @Test("batches pad and truncate as Keras pad_sequences, for every padding and truncating side")
    func padding() throws {
        let root = try scratchFolder("padding")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dataset = try TokenDataset(folder: writeDataset(sampleTexts, to: root + "/data", perShard: 4))
        var tokenizer = Tokenizer()
        tokenizer.fit(on: sampleTexts)
        let sequences = tokenizer.sequences(for: sampleTexts)
        for padding in [PaddingSide.pre, .post] {
            for truncating in [PaddingSide.pre, .post] {
                let source = ShardSequences(dataset: dataset, length: 12, padding: padding, truncating: truncating)
                let order = [5, 0, 22, 13, 7]
                let (tokens, labels) = source.batch(order[...])
                let expected = padSequencesFlat(
                    order.map { sequences[$0] }, length: 12, padding: padding, truncating: truncating)
                #expect(tokens.ids == expected)
                #expect(labels == order.map { $0 % 3 })
                // Refilled into a buffer that held other (longer, unpadded) rows: the same batch, same storage.
                var reused = source.batch([1, 2, 3, 4, 6, 8, 9][...])
                let storage = reused.tokens.ids.withUnsafeBufferPointer { $0.baseAddress }
                source.fillBatch(order[...], tokens: &reused.tokens, labels: &reused.labels)
                #expect(reused.tokens == tokens)
                #expect(reused.labels == labels)
                #expect(reused.tokens.ids.withUnsafeBufferPointer { $0.baseAddress } == storage)
            }
        }
    }

    @Test("the builder never overwrites an existing folder, and a folder without dataset.json is not a dataset")
    func atomicOutput() throws {
        let root = try scratchFolder("atomic")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/mine", withIntermediateDirectories: true)
        try "precious".write(toFile: root + "/mine/notes.txt", atomically: true, encoding: .utf8)
        #expect(throws: DatasetError.self) { try writeDataset(sampleTexts, to: root + "/mine", perShard: 5) }
        #expect(try String(contentsOfFile: root + "/mine/notes.txt", encoding: .utf8) == "precious")
        // A user's folder that happens to be named like our staging folder is not removed either.
        try FileManager.default.createDirectory(atPath: root + "/data.partial", withIntermediateDirectories: true)
        let error = #expect(throws: DatasetError.self) {
            try writeDataset(sampleTexts, to: root + "/data", perShard: 5)
        }
        #expect(error?.description.contains("not made by FinText") == true)
        // An interrupted write (staging left behind, no dataset.json at the destination) reads as no dataset.
        try FileManager.default.removeItem(atPath: root + "/data.partial")
        var tokenizer = Tokenizer()
        tokenizer.fit(on: sampleTexts)
        let builder = try TokenDatasetBuilder(
            destination: root + "/data", tokenizer: tokenizer, classes: 3, datasetID: 1)
        var writer = builder.shardWriter()
        writer.append(tokens: [1, 2], metadata: testMetadata(0, label: 0))
        _ = try builder.write(writer, number: 0)
        #expect(throws: DatasetError.self) { try TokenDataset(folder: root + "/data") }
        // A rerun starts clean over our own staging folder.
        try writeDataset(sampleTexts, to: root + "/data", perShard: 5)
        #expect(try TokenDataset(folder: root + "/data").count == sampleTexts.count)
    }
}
