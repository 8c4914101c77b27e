import FTDataset
import FTTestSupport
import FTText
import Foundation
import Testing

@Suite("Token shards: bad input")
struct ShardErrorTests {
    /// A dataset in a fresh folder, its first shard's path and bytes.
    func dataset(_ tag: String, datasetID: UInt64 = 7, texts: [String] = sampleTexts) throws -> (
        root: String, shard: String, bytes: [UInt8]
    ) {
        let root = try scratchFolder(tag)
        try writeDataset(texts, to: root + "/data", perShard: 6, datasetID: datasetID)
        let shard = root + "/data/" + TokenDatasetBuilder.shardName(1)
        return (root, shard, Array(try Data(contentsOf: URL(fileURLWithPath: shard))))
    }

    func openError(_ folder: String) -> DatasetError? {
        #expect(throws: DatasetError.self) { try TokenDataset(folder: folder) }
    }

    @Test("a truncated shard names the file and the byte where it ends")
    func truncated() throws {
        let (root, shard, bytes) = try dataset("truncated")
        defer { try? FileManager.default.removeItem(atPath: root) }
        for cut in [bytes.count - 3, 100] {
            try Data(bytes[0..<cut]).write(to: URL(fileURLWithPath: shard))
            let error = openError(root + "/data")
            #expect(error?.path == shard)
            #expect(error?.offset == cut)
            #expect(error?.description.contains("truncated") == true)
        }
    }

    @Test("a flipped byte in each section names the section and its offset")
    func corrupted() throws {
        let (root, shard, bytes) = try dataset("corrupted")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let header = try TokenShard(path: shard).header
        for (start, name) in [
            (header.offsetsStart, "offsets"), (header.tokensStart, "tokens"), (header.labelsStart, "labels"),
            (header.metadataStart, "metadata"),
        ] {
            var damaged = bytes
            damaged[start + 1] ^= 0x40
            try Data(damaged).write(to: URL(fileURLWithPath: shard))
            let error = openError(root + "/data")
            #expect(error?.path == shard)
            #expect(error?.offset == start)
            #expect(error?.description.contains("\(name) section") == true)
            #expect(error?.description.contains("corrupted") == true)
        }
        var damaged = bytes
        damaged[20] ^= 1
        try Data(damaged).write(to: URL(fileURLWithPath: shard))
        #expect(openError(root + "/data")?.offset == 124)
        damaged = bytes
        damaged[0] = UInt8(ascii: "X")
        try Data(damaged).write(to: URL(fileURLWithPath: shard))
        #expect(openError(root + "/data")?.description.contains("byte 0: not a FinText token shard") == true)
    }

    @Test("a shard from another dataset, or encoded with another vocabulary, is refused by name and offset")
    func foreignShard() throws {
        let (root, shard, _) = try dataset("foreign")
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Same texts, another dataset id.
        let other = try dataset("foreign-other", datasetID: 8)
        defer { try? FileManager.default.removeItem(atPath: other.root) }
        try Data(other.bytes).write(to: URL(fileURLWithPath: shard))
        var error = openError(root + "/data")
        #expect(error?.offset == 40)
        #expect(error?.description.contains("belongs to dataset 0x0000000000000008") == true)
        // Same dataset id, another vocabulary.
        let third = try dataset("foreign-vocabulary", texts: sampleTexts.map { $0 + " extra words" })
        defer { try? FileManager.default.removeItem(atPath: third.root) }
        try Data(third.bytes).write(to: URL(fileURLWithPath: shard))
        error = openError(root + "/data")
        #expect(error?.path == shard)
        #expect(error?.offset == 32)
        #expect(error?.description.contains("vocabulary mismatch") == true)
        // A tokenizer.json that is not the vocabulary of the shards.
        let (root2, _, _) = try dataset("foreign-tokenizer")
        defer { try? FileManager.default.removeItem(atPath: root2) }
        var tokenizer = Tokenizer()
        tokenizer.fit(on: ["different words"])
        try tokenizer.toKerasJSON().write(toFile: root2 + "/data/tokenizer.json", atomically: true, encoding: .utf8)
        #expect(openError(root2 + "/data")?.description.contains("vocabulary fingerprint") == true)
    }

    @Test("a shard that is a FIFO or a folder is refused by name at once, never read or waited on")
    func notARegularFile() throws {
        let (root, shard, _) = try dataset("not-regular")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.removeItem(atPath: shard)
        #expect(mkfifo(shard, 0o600) == 0)
        var error = openError(root + "/data")
        #expect(error?.path == shard)
        #expect(error?.description.contains("FIFO") == true)
        try FileManager.default.removeItem(atPath: shard)
        try FileManager.default.createDirectory(atPath: shard, withIntermediateDirectories: false)
        error = openError(root + "/data")
        #expect(error?.path == shard)
        #expect(error?.description.contains("not a regular file") == true)
    }

    @Test(
        "dataset.json naming a shard outside the dataset folder is refused by file and field",
        arguments: [
            "../data/shard-00000.ftshard", "/etc/passwd", "", "..", "sub/shard-00000.ftshard",
        ])
    func shardOutsideTheFolder(name: String) throws {
        let (root, _, _) = try dataset("outside")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/data/" + TokenDataset.manifestName
        var manifest = try TokenDatasetManifest.read(from: path)
        manifest.shards[0].file = name
        try Data(manifest.jsonBytes()).write(to: URL(fileURLWithPath: path))
        let error = openError(root + "/data")
        #expect(error?.path == path)
        #expect(
            error?.description.contains("field shards.0.file: expected a file name inside the dataset folder") == true)
    }
}
