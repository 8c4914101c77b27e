import FTIO
public import FTText
import Foundation

/// `dataset.json`: the table of contents of a token dataset folder, written last so that a folder
/// without it is never taken for a dataset.
///
/// The folder holds `dataset.json`, `tokenizer.json` (Keras's tokenizer JSON: the vocabulary the ids
/// index) and the shard files it lists (`docs/dataset-format.md`).
public struct TokenDatasetManifest: Sendable, Equatable, Codable {
    /// One shard file.
    public struct Shard: Sendable, Equatable, Codable {
        /// File name inside the dataset folder.
        public var file: String
        /// Documents in it.
        public var documents: Int
        /// Tokens in it.
        public var tokens: Int

        /// Creates an entry.
        public init(file: String, documents: Int, tokens: Int) {
            self.file = file
            self.documents = documents
            self.tokens = tokens
        }
    }

    /// The format's name in the file.
    public static let formatName = "fintext-token-dataset"

    /// Always `fintext-token-dataset`.
    public var format = Self.formatName
    /// Format version (1).
    public var version = 1
    /// The dataset's id (16 hex digits); every shard header repeats it.
    public var datasetID: String
    /// ``vocabularyFingerprint(of:)`` of `tokenizer.json` (16 hex digits); every shard repeats it.
    public var vocabularyFingerprint: String
    /// Bytes per token id in the shards (2 or 4).
    public var idWidth: Int
    /// Number of classes of the labels.
    public var classes: Int
    /// Total documents.
    public var documents: Int
    /// Total tokens.
    public var tokens: Int
    /// The settings the documents were encoded with (cleaning prefixes, `max_words`, horizon, binning …),
    /// which a training run checks against its own.
    public var settings: [String: String]
    /// The shards, in row order.
    public var shards: [Shard]

    /// Creates a manifest.
    public init(
        datasetID: UInt64, vocabularyFingerprint: UInt64, idWidth: Int, classes: Int, settings: [String: String],
        shards: [Shard]
    ) {
        self.datasetID = hex(datasetID)
        self.vocabularyFingerprint = hex(vocabularyFingerprint)
        self.idWidth = idWidth
        self.classes = classes
        self.documents = shards.reduce(0) { $0 + $1.documents }
        self.tokens = shards.reduce(0) { $0 + $1.tokens }
        self.settings = settings
        self.shards = shards
    }

    enum CodingKeys: String, CodingKey {
        case format, version
        case datasetID = "dataset_id"
        case vocabularyFingerprint = "vocabulary_fingerprint"
        case idWidth = "id_width"
        case classes, documents, tokens, settings, shards
    }

    /// The fingerprint of a vocabulary: FNV-1a 64 over `max_words`, the OOV token and the words in index
    /// order. Two tokenizers with the same fingerprint give the same ids.
    public static func vocabularyFingerprint(of tokenizer: Tokenizer) -> UInt64 {
        var hash = StableHash()
        hash.combine(UInt64(tokenizer.maxWords ?? 0))
        hash.combine(tokenizer.oovToken ?? "")
        for word in tokenizer.indexWord { hash.combine(word ?? "") }
        return hash.value
    }

    /// The JSON bytes (sorted keys, indented).
    public func jsonBytes() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { preconditionFailure("TokenDatasetManifest encodes") }
        return Array(data) + [0x0A]
    }

    /// Reads `dataset.json`.
    /// - Throws: `DatasetError` naming the file (and the field) when it is missing, not JSON, not a
    ///   token dataset, another version, or names a shard outside the dataset folder.
    public static func read(from path: String) throws(DatasetError) -> TokenDatasetManifest {
        let bytes: [UInt8]
        do { bytes = try FileData.read(path) } catch { throw DatasetError(path: path, reason: error.reason) }
        let manifest: TokenDatasetManifest
        do {
            manifest = try JSONDecoder().decode(TokenDatasetManifest.self, from: Data(bytes))
        } catch DecodingError.keyNotFound(let key, _) {
            throw DatasetError(path: path, reason: "missing field \(key.stringValue)")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            throw DatasetError(
                path: path,
                reason: "field \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type")
        } catch {
            throw DatasetError(path: path, reason: "not a JSON dataset description")
        }
        guard manifest.format == formatName else {
            throw DatasetError(path: path, reason: "field format: expected \(formatName). Received: \(manifest.format)")
        }
        guard manifest.version == 1 else {
            throw DatasetError(
                path: path, reason: "field version: this FinText reads version 1. Received: \(manifest.version)")
        }
        // Shards are files of the dataset folder itself (decision 0193): a name with a folder in it would
        // make the manifest open any file the user can read.
        for (k, shard) in manifest.shards.enumerated()
        where shard.file.isEmpty || shard.file == "." || shard.file == ".." || shard.file.contains("/")
            || shard.file.utf8.contains(0)
        {
            throw DatasetError(
                path: path,
                reason:
                    "field shards.\(k).file: expected a file name inside the dataset folder. Received: \(shard.file.debugDescription)"
            )
        }
        return manifest
    }
}
