import FTIO
public import FTText
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes a token dataset folder so that it appears whole or not at all.
///
/// Everything is written into `<destination>.partial/` (marked by a `.fintext-partial` file); `finish`
/// writes `tokenizer.json` and, last, `dataset.json`, then renames the folder into place. An existing
/// `destination` is never touched (the builder refuses it), and a crash leaves only the `.partial` folder,
/// which has no `dataset.json` at its final path and so never reads as a dataset; a rerun reuses or
/// replaces it.
public struct TokenDatasetBuilder: Sendable {
    /// The folder the dataset will have.
    public let destination: String
    /// Where it is written meanwhile.
    public let staging: String
    /// The vocabulary of the ids.
    public let tokenizer: Tokenizer
    /// The vocabulary's fingerprint.
    public let vocabularyFingerprint: UInt64
    /// The dataset's id.
    public let datasetID: UInt64
    /// Number of classes.
    public let classes: Int

    /// The marker file inside a staging folder.
    public static let marker = ".fintext-partial"

    /// Prepares to write `destination`.
    ///
    /// - Parameters:
    ///   - datasetID: An id that differs between datasets (for example a hash of the inputs and settings).
    ///   - keepStaging: Keep files already in the staging folder (resuming), instead of starting clean.
    /// - Throws: `DatasetError` when `destination` already exists (nothing is overwritten), when
    ///   `<destination>.partial` exists but is not a staging folder FinText made, or it cannot be created.
    public init(
        destination: String, tokenizer: Tokenizer, classes: Int, datasetID: UInt64, keepStaging: Bool = false
    ) throws(DatasetError) {
        self.destination = destination
        self.staging = try Self.prepareStaging(for: destination, keep: keepStaging)
        self.tokenizer = tokenizer
        self.vocabularyFingerprint = TokenDatasetManifest.vocabularyFingerprint(of: tokenizer)
        self.datasetID = datasetID
        self.classes = classes
    }

    /// Creates (or, with `keep`, reuses) `<destination>.partial/` and returns its path.
    /// - Throws: `DatasetError` as described in `init`.
    public static func prepareStaging(for destination: String, keep: Bool) throws(DatasetError) -> String {
        let manager = FileManager.default
        if manager.fileExists(atPath: destination) {
            throw DatasetError(path: destination, reason: "already exists; choose another --out or remove it first")
        }
        let staging = destination + ".partial"
        if manager.fileExists(atPath: staging) {
            guard manager.fileExists(atPath: staging + "/" + marker) else {
                throw DatasetError(
                    path: staging, reason: "exists and was not made by FinText; remove or rename it first")
            }
            if !keep {
                do { try manager.removeItem(atPath: staging) } catch {
                    throw DatasetError(path: staging, reason: "cannot remove the unfinished earlier attempt: \(error)")
                }
            }
        }
        do {
            try AtomicFile.createFolder(staging)
            if !manager.fileExists(atPath: staging + "/" + marker) {
                try AtomicFile.write(
                    "FinText writes a token dataset here; it is renamed when complete.\n", to: staging + "/" + marker)
            }
        } catch {
            throw DatasetError(path: staging, reason: error.reason)
        }
        return staging
    }

    /// The file name of shard `number`.
    public static func shardName(_ number: Int) -> String {
        let digits = String(number)
        return "shard-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".ftshard"
    }

    /// Writes `shard` as shard `number` into the staging folder (safe to call from several threads for
    /// different numbers) and returns its manifest entry.
    /// - Throws: `DatasetError` naming the file when it cannot be written.
    public func write(_ shard: ShardWriter, number: Int) throws(DatasetError) -> TokenDatasetManifest.Shard {
        let name = Self.shardName(number)
        do {
            try shard.write(
                to: staging + "/" + name, datasetID: datasetID, vocabularyFingerprint: vocabularyFingerprint,
                shardNumber: number)
        } catch {
            throw DatasetError(path: staging + "/" + name, reason: error.reason)
        }
        return TokenDatasetManifest.Shard(file: name, documents: shard.count, tokens: shard.tokenCount)
    }

    /// Completes the dataset: writes `files` (name → bytes, for example the label edges), `tokenizer.json`
    /// and `dataset.json`, removes `remove` (staging-only folders), and renames the staging folder to
    /// `destination`.
    /// - Returns: The manifest written.
    /// - Throws: `DatasetError` naming the file that could not be written or the folder that could not be
    ///   renamed.
    @discardableResult
    public func finish(
        shards: [TokenDatasetManifest.Shard], settings: [String: String], files: [String: [UInt8]] = [:],
        remove: [String] = []
    ) throws(DatasetError) -> TokenDatasetManifest {
        let width = ShardWriter.idWidth(vocabularySize: (tokenizer.maxWords ?? tokenizer.indexWord.count))
        let manifest = TokenDatasetManifest(
            datasetID: datasetID, vocabularyFingerprint: vocabularyFingerprint, idWidth: width, classes: classes,
            settings: settings, shards: shards)
        do {
            for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
                try AtomicFile.write(bytes, to: staging + "/" + name)
            }
            try AtomicFile.write(tokenizer.toKerasJSON(), to: staging + "/" + TokenDataset.tokenizerName)
            try AtomicFile.write(manifest.jsonBytes(), to: staging + "/" + TokenDataset.manifestName)
        } catch {
            throw DatasetError(path: error.path, reason: error.reason)
        }
        for name in remove { try? FileManager.default.removeItem(atPath: staging + "/" + name) }
        try? FileManager.default.removeItem(atPath: staging + "/" + Self.marker)
        if FileManager.default.fileExists(atPath: destination) {
            throw DatasetError(path: destination, reason: "appeared while the dataset was written; not overwritten")
        }
        guard rename(staging, destination) == 0 else {
            throw DatasetError(path: destination, reason: ShardMapping.errorText("cannot rename \(staging) into place"))
        }
        return manifest
    }

    /// The shard writer for this dataset's vocabulary and classes.
    public func shardWriter() -> ShardWriter {
        ShardWriter(vocabularySize: tokenizer.maxWords ?? tokenizer.indexWord.count, classes: classes)
    }
}
