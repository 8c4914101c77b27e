import FTEvaluation
import FTIO
public import FTNN
public import FTText
import Foundation

/// Every choice of the 10-K classifier in one value, with the published study's settings as defaults.
///
/// It is saved inside a model folder's `config.json` (under `"configuration"`) and can be read from a JSON
/// file given to the CLI (`--config`): keys are the property names below, the layer sizes under `"model"`
/// (keys of `StudyModel.Configuration`). A file may give only some keys (the rest keep their defaults);
/// `read(_:)` also accepts a model's whole `config.json` and the layer sizes at the top level, as files
/// written before the sizes moved under `"model"` have them (decision 0111).
public struct ClassifierConfiguration: Sendable, Equatable, Codable {
    // MARK: Labels
    /// Class names from low to high return (3 in the study).
    public var labelNames: [String] = ["low", "medium", "high"]

    // MARK: Text
    /// Prefix each document with its section's one-word title (`riskfactors`, …) as the study did.
    public var prefixSectionTitle = true
    /// Prefix each document with its lower-cased ticker as the study did.
    public var prefixTicker = true
    /// Tokens per document after padding/truncation (10,000).
    public var sequenceLength = 10_000
    /// Where padding goes (Keras default `pre`).
    public var padding: PaddingSide = .pre
    /// Which end is cut from long documents (Keras default `pre`: the beginning is dropped).
    public var truncating: PaddingSide = .pre
    /// Keras `num_words` (vocabulary bound), nil for none (the study: none).
    public var maxWords: Int? = nil

    // MARK: Embedding
    /// The word-vector file (GloVe text, word2vec text or binary, optionally gzip-compressed); nil until
    /// set (the CLI defaults it to the word vectors shipped in `data/`).
    public var embeddingsPath: String? = nil
    /// Train the embedding (false: frozen, as in the study).
    public var trainableEmbedding = false

    // MARK: Model
    /// The network's layer sizes and dropout rates (the study's by default).
    public var model = StudyModel.Configuration()

    // MARK: Training
    /// Adam learning rate (0.00011).
    public var learningRate: Float = 0.00011
    /// Gradient clip value (0.5), nil for none.
    public var clipValue: Float? = 0.5
    /// Mini-batch size (33); a batch never holds more documents than there are.
    public var batchSize = 33
    /// Maximum epochs (24).
    public var epochs = 24
    /// Early-stopping patience on validation loss, nil for no early stopping. The study used early
    /// stopping without stating the patience; FinText uses 4 and restores the best epoch's weights.
    public var earlyStoppingPatience: Int? = 4
    /// How training and validation documents are separated.
    public var split: SplitMethod = .groupedByFiling(validationFraction: 0.2)
    /// Seeds weights, shuffling, dropout and the split.
    public var seed: UInt64 = 42

    /// The JSON keys, one per property.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case labelNames, prefixSectionTitle, prefixTicker, sequenceLength, padding, truncating, maxWords
        case embeddingsPath, trainableEmbedding, model, learningRate, clipValue, batchSize, epochs
        case earlyStoppingPatience, split, seed
    }

    /// The study's configuration.
    public init() {}

    /// Encodes every key, nil optionals as `null`. (Decoding is synthesised; encoding is not, because the
    /// synthesised one omits nil values and an absent key reads back as its default, so `clipValue: nil`
    /// would come back as 0.5.)
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(labelNames, forKey: .labelNames)
        try c.encode(prefixSectionTitle, forKey: .prefixSectionTitle)
        try c.encode(prefixTicker, forKey: .prefixTicker)
        try c.encode(sequenceLength, forKey: .sequenceLength)
        try c.encode(padding, forKey: .padding)
        try c.encode(truncating, forKey: .truncating)
        try c.encode(maxWords, forKey: .maxWords)
        try c.encode(embeddingsPath, forKey: .embeddingsPath)
        try c.encode(trainableEmbedding, forKey: .trainableEmbedding)
        try c.encode(model, forKey: .model)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(clipValue, forKey: .clipValue)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(earlyStoppingPatience, forKey: .earlyStoppingPatience)
        try c.encode(split, forKey: .split)
        try c.encode(seed, forKey: .seed)
    }

    /// The number of classes.
    public var classes: Int { labelNames.count }

    /// Checks every field, and that the network's sizes stay within `StudyModel.maximumElements` for a
    /// one-word vocabulary and one-dimensional vectors (the real sizes are checked again when the word
    /// vectors are known).
    /// - Throws: `ClassifierError.configuration` naming the field and the accepted values.
    public func validate() throws(ClassifierError) {
        func fail(_ field: String, _ expected: String, _ received: Any) -> ClassifierError {
            .configuration("\(field) expected \(expected). Received: \(received)")
        }
        guard labelNames.count >= 2 else { throw fail("labelNames", "at least 2 names", labelNames) }
        guard labelNames.count <= ClassificationMetrics.maximumClasses else {
            throw fail(
                "labelNames", "at most \(ClassificationMetrics.maximumClasses) classes (decision 0112)",
                "\(labelNames.count) names")
        }
        guard Set(labelNames).count == labelNames.count else { throw fail("labelNames", "distinct names", labelNames) }
        guard sequenceLength >= 1 else { throw fail("sequenceLength", "≥ 1", sequenceLength) }
        if let maxWords, maxWords < 2 { throw fail("maxWords", "≥ 2 or null", maxWords) }
        if let path = embeddingsPath, path.isEmpty { throw fail("embeddingsPath", "a file path or null", "\"\"") }
        let m = model
        guard m.filters >= 1, m.kernelSize >= 1, m.denseUnits >= 1 else {
            throw fail(
                "model.filters, model.kernelSize, model.denseUnits", "≥ 1",
                "\(m.filters), \(m.kernelSize), \(m.denseUnits)"
            )
        }
        guard m.poolSizes.count == 3, m.poolSizes.allSatisfy({ $0 >= 1 }) else {
            throw fail("model.poolSizes", "3 sizes ≥ 1", m.poolSizes)
        }
        guard (0..<1).contains(m.convolutionDropout) else {
            throw fail("model.convolutionDropout", "a rate in [0, 1)", m.convolutionDropout)
        }
        guard (0..<1).contains(m.denseDropout) else {
            throw fail("model.denseDropout", "a rate in [0, 1)", m.denseDropout)
        }
        guard learningRate.isFinite, learningRate > 0 else { throw fail("learningRate", "> 0", learningRate) }
        if let clipValue, !(clipValue.isFinite && clipValue > 0) { throw fail("clipValue", "> 0 or null", clipValue) }
        guard batchSize >= 1 else { throw fail("batchSize", "≥ 1", batchSize) }
        guard epochs >= 1 else { throw fail("epochs", "≥ 1", epochs) }
        if let p = earlyStoppingPatience, p < 0 { throw fail("earlyStoppingPatience", "≥ 0 or null", p) }
        try split.validate()
        try checkSizes(vocabularySize: 1, embeddingDimension: 1)
    }

    /// Checks the network's sizes for a vocabulary and vector dimension (see `StudyModel.size`).
    /// - Throws: `ClassifierError.configuration` naming the fields whose product is too large.
    @discardableResult
    public func checkSizes(vocabularySize: Int, embeddingDimension: Int) throws(ClassifierError) -> StudyModel.Size {
        do {
            return try StudyModel.size(
                vocabularySize: vocabularySize, embeddingDimension: embeddingDimension, sequenceLength: sequenceLength,
                classes: classes, configuration: model)
        } catch {
            throw .configuration(error.message)
        }
    }

    /// The configuration as pretty-printed JSON with sorted keys.
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

// MARK: Reading files

extension ClassifierConfiguration {
    /// Reads a configuration file: a configuration object (any subset of the keys; the rest keep their
    /// defaults) or a model folder's whole `config.json`.
    /// - Throws: `ClassifierError.configuration` naming the file and the offending key.
    public static func read(_ path: String) throws(ClassifierError) -> ClassifierConfiguration {
        let bytes: [UInt8]
        do { bytes = try FileData.read(path) } catch { throw .configuration("\(error)") }
        return try decode(bytes, source: path)
    }

    /// Decodes configuration JSON (see `read(_:)`); `source` names the file in errors.
    /// - Throws: `ClassifierError.configuration` naming `source` and the offending key.
    public static func decode(_ bytes: [UInt8], source: String) throws(ClassifierError) -> ClassifierConfiguration {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)), var given = object as? [String: Any]
        else {
            throw .configuration("\(source): not a valid configuration file: expected one JSON object")
        }
        // A model folder's config.json holds the configuration under "configuration".
        if given["fintext_version"] != nil, let inner = given["configuration"] as? [String: Any] {
            given = inner
        }
        let configuration: ClassifierConfiguration
        do {
            let merged = try merged(given, source: source)
            configuration = try JSONDecoder().decode(
                ClassifierConfiguration.self, from: JSONSerialization.data(withJSONObject: merged))
        } catch let error as ClassifierError {
            throw error
        } catch let error as DecodingError {
            throw .configuration("\(source): \(error.fieldMessage)")
        } catch {
            throw .configuration("\(source): not a valid configuration file: \(error)")
        }
        do { try configuration.validate() } catch { throw .configuration("\(source): \(error.message)") }
        return configuration
    }

    /// The defaults as a JSON object with `given`'s keys laid over them, layer sizes given at the top level
    /// moved under `"model"`; unknown keys and sizes given twice throw.
    private static func merged(_ given: [String: Any], source: String) throws(ClassifierError) -> [String: Any] {
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        let modelKeys = Set(StudyModel.Configuration.CodingKeys.allCases.map(\.rawValue))
        func unknown(_ key: String, _ keys: Set<String>) -> ClassifierError {
            .configuration("\(source): key '\(key)': unknown key; known keys: \(keys.sorted().joined(separator: ", "))")
        }
        var defaults = ClassifierConfiguration().dictionary
        var model = defaults["model"] as? [String: Any] ?? [:]
        if let nested = given["model"] {
            guard let nested = nested as? [String: Any] else {
                throw .configuration("\(source): key 'model': expected an object of layer sizes")
            }
            for (key, value) in nested {
                guard modelKeys.contains(key) else { throw unknown("model.\(key)", modelKeys) }
                model[key] = value
            }
        }
        for (key, value) in given where key != "model" {
            if modelKeys.contains(key) {
                if let nested = given["model"] as? [String: Any], nested[key] != nil {
                    throw .configuration("\(source): key '\(key)': given both at the top level and under 'model'")
                }
                model[key] = value
            } else if known.contains(key) {
                defaults[key] = value
            } else {
                throw unknown(key, known.union(modelKeys))
            }
        }
        defaults["model"] = model
        return defaults
    }

    /// The configuration as a JSON object.
    private var dictionary: [String: Any] {
        guard let data = try? JSONEncoder().encode(self),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        return object
    }
}
