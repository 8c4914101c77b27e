import FTIO
public import FTText

/// A token dataset folder opened for reading: the manifest, the vocabulary and every shard, checked
/// against each other; rows are numbered across shards in manifest order.
///
/// Opening verifies each shard's checksums (one read of the data, pages released afterwards) and keeps
/// the metadata and labels in memory (a few hundred bytes per document); token ids stay on disk and are
/// read through the memory mappings when batches are built.
public final class TokenDataset: Sendable {
    /// The folder.
    public let folder: String
    /// `dataset.json`.
    public let manifest: TokenDatasetManifest
    /// The vocabulary the ids index.
    public let tokenizer: Tokenizer
    /// The shards in row order.
    public let shards: [TokenShard]
    /// The first row of each shard, and the total at the end.
    public let shardStarts: [Int]
    /// Every document's metadata, in row order.
    public let metadata: [DocumentMetadata]
    /// Every document's label, in row order.
    public let labels: [Int]

    /// The name of the table of contents inside a dataset folder.
    public static let manifestName = "dataset.json"
    /// The name of the vocabulary file inside a dataset folder.
    public static let tokenizerName = "tokenizer.json"

    /// Opens the dataset in `folder`.
    /// - Throws: `DatasetError` naming the file and byte offset: a missing or malformed `dataset.json`
    ///   or `tokenizer.json`, a vocabulary that is not the one the shards were encoded with, a shard
    ///   from another dataset or encoded with another vocabulary, counts that disagree with the
    ///   manifest, or a truncated or corrupted shard.
    public init(folder: String) throws(DatasetError) {
        self.folder = folder
        let manifestPath = folder + "/" + Self.manifestName
        guard FileData.exists(manifestPath) else {
            throw DatasetError(
                path: folder,
                reason: "no \(Self.manifestName): not a token dataset, or one whose writing never finished")
        }
        let manifest = try TokenDatasetManifest.read(from: manifestPath)
        self.manifest = manifest
        let tokenizerPath = folder + "/" + Self.tokenizerName
        do {
            tokenizer = try Tokenizer(kerasJSON: FileData.readUTF8(tokenizerPath))
        } catch let error as IOError {
            throw DatasetError(path: tokenizerPath, reason: error.reason)
        } catch {
            throw DatasetError(path: tokenizerPath, reason: "\(error)")
        }
        let vocabulary = TokenDatasetManifest.vocabularyFingerprint(of: tokenizer)
        guard hex(vocabulary) == manifest.vocabularyFingerprint else {
            throw DatasetError(
                path: tokenizerPath,
                reason:
                    "vocabulary fingerprint \(hex(vocabulary)) differs from \(manifest.vocabularyFingerprint) in \(Self.manifestName): the ids were encoded with another vocabulary"
            )
        }
        var shards: [TokenShard] = []
        var starts = [0]
        var metadata: [DocumentMetadata] = []
        var labels: [Int] = []
        for (number, entry) in manifest.shards.enumerated() {
            let path = folder + "/" + entry.file
            let shard = try TokenShard(path: path)
            let header = shard.header
            if hex(header.datasetID) != manifest.datasetID {
                throw DatasetError(
                    path: path, offset: 40,
                    reason:
                        "belongs to dataset \(hex(header.datasetID)), not to \(manifest.datasetID) of \(manifestPath)")
            }
            if hex(header.vocabularyFingerprint) != manifest.vocabularyFingerprint {
                throw DatasetError(
                    path: path, offset: 32,
                    reason:
                        "vocabulary mismatch: encoded with vocabulary \(hex(header.vocabularyFingerprint)), the dataset's is \(manifest.vocabularyFingerprint)"
                )
            }
            for (offset, got, want, what) in [
                (48, header.shardNumber, number, "shard number"), (52, header.classes, manifest.classes, "classes"),
                (12, header.idWidth, manifest.idWidth, "id width"),
                (16, header.documents, entry.documents, "documents"), (24, header.tokens, entry.tokens, "tokens"),
            ] where got != want {
                throw DatasetError(
                    path: path, offset: offset, reason: "\(what) \(got) disagrees with \(manifestPath) (\(want))")
            }
            shards.append(shard)
            starts.append(starts[starts.count - 1] + shard.count)
            metadata += shard.metadata
            labels += shard.labels
        }
        self.shards = shards
        self.shardStarts = starts
        self.metadata = metadata
        self.labels = labels
    }

    /// Number of documents.
    public var count: Int { labels.count }

    /// Number of classes.
    public var classes: Int { manifest.classes }

    /// The largest token id in any shard.
    public var largestID: Int32 { Int32(shards.map(\.header.largestID).max() ?? 0) }

    /// The shard and the row inside it of dataset row `row`.
    /// - Complexity: O(log shards).
    public func locate(_ row: Int) -> (shard: Int, row: Int) {
        precondition((0..<count).contains(row), "TokenDataset expected a row in 0..<\(count). Received: \(row)")
        var low = 0
        var high = shards.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if shardStarts[mid] <= row { low = mid } else { high = mid - 1 }
        }
        return (low, row - shardStarts[low])
    }

    /// Document `row`'s ids (unpadded).
    public func tokens(of row: Int) -> [Int32] {
        let (shard, local) = locate(row)
        return shards[shard].tokens(of: local)
    }

    /// The dataset id as a number.
    public var datasetID: UInt64 { UInt64(manifest.datasetID.dropFirst(2), radix: 16) ?? 0 }
}
