public import FTIO
public import FTNN
import FTTensor
import FTText
import Foundation

/// Model folders: what `save(to:)` writes and `load(from:)` reads.
///
/// - `config.json`: `{"model_kind": "network", "fintext_version", "configuration": ClassifierConfiguration, "vocabulary_size",
///   "embedding_dimension", "parameters": {name: shape}}`.
/// - `weights.safetensors`: every trainable parameter under its stable name (`conv1.weight` …) and the
///   embedding matrix as `embedding.weight` (`[vocabulary_size, embedding_dimension]`), F32.
/// - `tokenizer.json`: Keras's `tokenizer.to_json()` format (loads with `tokenizer_from_json`).
/// - `history.json`, when given.
///
/// Every file is written atomically. Loading checks that the three agree (shapes against the
/// configuration, vocabulary size against the tokenizer) and names the file at fault.
extension StockPerformanceClassifier {
    /// The library version written into `config.json`.
    public static let libraryVersion = "0.1.0"

    /// The value of `model_kind` in a network's `config.json` (a linear baseline's file says `linear`).
    public static let modelKind = "network"

    private struct Header: Codable {
        var modelKind: String
        var fintextVersion: String
        var configuration: ClassifierConfiguration
        var vocabularySize: Int
        var embeddingDimension: Int
        var parameters: [String: [Int]]

        enum CodingKeys: String, CodingKey {
            case modelKind = "model_kind"
            case fintextVersion = "fintext_version"
            case configuration
            case vocabularySize = "vocabulary_size"
            case embeddingDimension = "embedding_dimension"
            case parameters
        }
    }

    /// Writes the model folder (created when missing).
    /// - Throws: `IOError` naming the file that could not be written.
    public func save(to folder: String, history: History? = nil) throws(IOError) {
        try AtomicFile.createFolder(folder)
        guard let embedding = model.embedding else {
            throw IOError(path: folder, reason: "the model has no embedding to save")
        }
        var weights = SafeTensors()
        let values = model.namedValues
        for (name, value) in values { weights.set(name, value) }
        if !embedding.isTrainable { weights.set("embedding.weight", embedding.table) }
        weights.metadata["format"] = "fintext-classifier"
        let header = Header(
            modelKind: Self.modelKind, fintextVersion: Self.libraryVersion, configuration: configuration,
            vocabularySize: embedding.vocabularySize,
            embeddingDimension: embedding.dimension, parameters: values.mapValues(\.shape.dimensions))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let configPath = folder + "/config.json"
        guard let json = try? encoder.encode(header) else {
            throw IOError(path: configPath, reason: "cannot encode the configuration")
        }
        try AtomicFile.write(Array(json), to: configPath)
        try weights.write(to: folder + "/weights.safetensors")
        try AtomicFile.write(tokenizer.toKerasJSON(), to: folder + "/tokenizer.json")
        if let history {
            do { try history.write(to: folder + "/history.json") } catch let error as IOError { throw error } catch {
                throw IOError(path: folder + "/history.json", reason: "\(error)")
            }
        }
    }

    /// What a model folder's `config.json` says besides the configuration.
    public struct FolderHeader: Sendable, Equatable {
        /// The FinText version that wrote the folder.
        public var fintextVersion: String
        /// The classifier's settings.
        public var configuration: ClassifierConfiguration
        /// Rows of the embedding matrix (words + 1 for padding).
        public var vocabularySize: Int
        /// The word-vector dimension.
        public var embeddingDimension: Int
    }

    private struct HeaderSizes: Decodable {
        var modelKind: String?
        var fintextVersion: String
        var vocabularySize: Int
        var embeddingDimension: Int

        enum CodingKeys: String, CodingKey {
            case modelKind = "model_kind"
            case fintextVersion = "fintext_version"
            case vocabularySize = "vocabulary_size"
            case embeddingDimension = "embedding_dimension"
        }
    }

    /// Reads and checks a model folder's `config.json` (configuration, sizes within
    /// `StudyModel.maximumElements`) without reading the weights.
    /// - Throws: `ClassifierError.modelFolder` naming the file and the field at fault.
    public static func readHeader(folder: String) throws(ClassifierError) -> FolderHeader {
        let configPath = folder + "/config.json"
        let bytes: [UInt8]
        do { bytes = try FileData.read(configPath) } catch { throw .modelFolder("\(error)") }
        let sizes: HeaderSizes
        do {
            sizes = try JSONDecoder().decode(HeaderSizes.self, from: Data(bytes))
        } catch {
            throw .modelFolder("\(configPath): not a FinText model configuration (\(error))")
        }
        // Folders written before the marker existed have none; a present marker must say "network".
        if let kind = sizes.modelKind, kind != modelKind {
            throw .modelFolder(
                "\(configPath): model_kind is \"\(kind)\"; a network model folder's config.json says \"\(modelKind)\"")
        }
        let configuration: ClassifierConfiguration
        do { configuration = try ClassifierConfiguration.decode(bytes, source: configPath) } catch {
            throw .modelFolder(error.message)
        }
        for (field, value) in [
            ("vocabulary_size", sizes.vocabularySize), ("embedding_dimension", sizes.embeddingDimension),
        ]
        where value < 1 {
            throw .modelFolder("\(configPath): \(field) expected ≥ 1. Received: \(value)")
        }
        do {
            try configuration.checkSizes(
                vocabularySize: sizes.vocabularySize, embeddingDimension: sizes.embeddingDimension)
        } catch {
            throw .modelFolder("\(configPath): \(error.message)")
        }
        return FolderHeader(
            fintextVersion: sizes.fintextVersion, configuration: configuration, vocabularySize: sizes.vocabularySize,
            embeddingDimension: sizes.embeddingDimension)
    }

    /// Reads a model folder written by `save(to:)`.
    ///
    /// Every weight must be finite: a NaN or infinite value (a diverged run or a damaged file) is refused,
    /// naming the tensor, rather than producing `nan` probabilities.
    /// - Throws: `ClassifierError.modelFolder` naming the missing, damaged or inconsistent file.
    public static func load(from folder: String) throws(ClassifierError) -> StockPerformanceClassifier {
        let configPath = folder + "/config.json"
        let header = try readHeader(folder: folder)
        let configuration = header.configuration
        let tokenizerPath = folder + "/tokenizer.json"
        let tokenizer: Tokenizer
        do {
            tokenizer = try Tokenizer(kerasJSON: FileData.readUTF8(tokenizerPath))
        } catch {
            throw .modelFolder("\(tokenizerPath): \(error)")
        }
        let weightsPath = folder + "/weights.safetensors"
        let weights: SafeTensors
        do { weights = try SafeTensors.read(weightsPath) } catch { throw .modelFolder("\(error)") }
        // config.json's sizes are only a claim: a model the weights cannot fill is refused before it is
        // allocated (sizes within the limits of decision 0110 still reach gigabytes).
        let needed = try configuration.checkSizes(
            vocabularySize: header.vocabularySize, embeddingDimension: header.embeddingDimension
        ).parameters
        let stored = weights.entries.values.reduce(0) { $0 + $1.bytes.count / $1.dtype.size }
        guard stored >= needed else {
            throw .modelFolder(
                "\(weightsPath): holds \(stored) values, fewer than the \(needed) parameters of the model \(configPath) describes"
            )
        }
        let table: Tensor
        do { table = try weights.tensor("embedding.weight", source: weightsPath) } catch {
            throw .modelFolder("\(error)")
        }
        guard table.shape == [header.vocabularySize, header.embeddingDimension] else {
            throw .modelFolder(
                "\(weightsPath): embedding.weight has shape \(table.shape), config.json says [\(header.vocabularySize), \(header.embeddingDimension)]"
            )
        }
        try requireFinite(table, name: "embedding.weight", path: weightsPath)
        var model: Sequential
        do {
            model = try StudyModel.make(
                vocabularySize: header.vocabularySize, embeddingDimension: header.embeddingDimension,
                sequenceLength: configuration.sequenceLength, classes: configuration.classes, embedding: table,
                trainableEmbedding: configuration.trainableEmbedding, configuration: configuration.model,
                seed: configuration.seed)
        } catch {
            throw .modelFolder("\(configPath): \(error)")
        }
        var values: [String: Tensor] = [:]
        do {
            for name in model.parameterNames { values[name] = try weights.tensor(name, source: weightsPath) }
        } catch {
            throw .modelFolder("\(weightsPath): \(error)")
        }
        for name in values.keys.sorted() {
            if let value = values[name] { try requireFinite(value, name: name, path: weightsPath) }
        }
        do { try model.loadValues(values) } catch { throw .modelFolder("\(weightsPath): \(error)") }
        return StockPerformanceClassifier(configuration: configuration, tokenizer: tokenizer, model: model)
    }

    private static func requireFinite(_ tensor: Tensor, name: String, path: String) throws(ClassifierError) {
        guard let index = tensor.scalars.firstIndex(where: { !$0.isFinite }) else { return }
        throw .modelFolder(
            "\(path): tensor \(name) holds a non-finite value (\(tensor.scalars[index]) at flat index \(index)); the model cannot be used"
        )
    }
}
