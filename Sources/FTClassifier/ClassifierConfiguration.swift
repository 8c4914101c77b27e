import FTIO
public import FTNN
public import FTText
import Foundation

/// Every choice of the 10-K classifier in one value, with the published study's settings as defaults.
///
/// It is saved as `config.json` in a model folder and can be read from a JSON file given to the CLI
/// (`--config`); keys are the property names below, and a file may give only some of them (the rest
/// keep their defaults).
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
    /// The word-vector file (GloVe text, word2vec text or binary, optionally gzip-compressed).
    public var embeddingsPath = "data/glove.6B.50d.subset.txt.gz"
    /// Train the embedding (false: frozen, as in the study).
    public var trainableEmbedding = false

    // MARK: Model (defaults: the study's, from `StudyModel.Configuration`, their one source)
    /// Conv1D filters (128).
    public var filters = Self.study.filters
    /// Conv1D kernel size (5).
    public var kernelSize = Self.study.kernelSize
    /// Pool sizes after the three convolutions (5, 5, 35).
    public var poolSizes = Self.study.poolSizes
    /// Dropout after the first two poolings (0.15).
    public var convolutionDropout = Self.study.convolutionDropout
    /// Hidden Dense units (100).
    public var denseUnits = Self.study.denseUnits
    /// Dropout after the hidden Dense (0.45).
    public var denseDropout = Self.study.denseDropout
    private static let study = StudyModel.Configuration()

    // MARK: Training
    /// Adam learning rate (0.00011).
    public var learningRate: Float = 0.00011
    /// Gradient clip value (0.5), nil for none.
    public var clipValue: Float? = 0.5
    /// Mini-batch size (33).
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

    /// The study's configuration.
    public init() {}

    /// The number of classes.
    public var classes: Int { labelNames.count }

    /// The model's layer sizes as `StudyModel` takes them.
    public var modelConfiguration: StudyModel.Configuration {
        var c = StudyModel.Configuration()
        c.filters = filters
        c.kernelSize = kernelSize
        c.poolSizes = poolSizes
        c.convolutionDropout = convolutionDropout
        c.denseUnits = denseUnits
        c.denseDropout = denseDropout
        return c
    }

    /// Checks every field.
    /// - Throws: `ClassifierError.configuration` naming the field and the accepted values.
    public func validate() throws(ClassifierError) {
        func fail(_ field: String, _ expected: String, _ received: Any) -> ClassifierError {
            .configuration("\(field) expected \(expected). Received: \(received)")
        }
        guard labelNames.count >= 2 else { throw fail("labelNames", "at least 2 names", labelNames) }
        guard Set(labelNames).count == labelNames.count else { throw fail("labelNames", "distinct names", labelNames) }
        guard sequenceLength >= 1 else { throw fail("sequenceLength", "≥ 1", sequenceLength) }
        if let maxWords, maxWords < 2 { throw fail("maxWords", "≥ 2 or null", maxWords) }
        guard filters >= 1, kernelSize >= 1, denseUnits >= 1 else {
            throw fail("filters, kernelSize, denseUnits", "≥ 1", "\(filters), \(kernelSize), \(denseUnits)")
        }
        guard poolSizes.count == 3, poolSizes.allSatisfy({ $0 >= 1 }) else {
            throw fail("poolSizes", "3 sizes ≥ 1", poolSizes)
        }
        guard (0..<1).contains(convolutionDropout) else {
            throw fail("convolutionDropout", "a rate in [0, 1)", convolutionDropout)
        }
        guard (0..<1).contains(denseDropout) else { throw fail("denseDropout", "a rate in [0, 1)", denseDropout) }
        guard learningRate.isFinite, learningRate > 0 else { throw fail("learningRate", "> 0", learningRate) }
        if let clipValue, !(clipValue.isFinite && clipValue > 0) { throw fail("clipValue", "> 0 or null", clipValue) }
        guard batchSize >= 1 else { throw fail("batchSize", "≥ 1", batchSize) }
        guard epochs >= 1 else { throw fail("epochs", "≥ 1", epochs) }
        if let p = earlyStoppingPatience, p < 0 { throw fail("earlyStoppingPatience", "≥ 0 or null", p) }
        try split.validate()
    }

    /// Reads a configuration file; missing keys keep their defaults.
    /// - Throws: `ClassifierError.configuration` naming the file and the offending key.
    public static func read(_ path: String) throws(ClassifierError) -> ClassifierConfiguration {
        let bytes: [UInt8]
        do { bytes = try FileData.read(path) } catch { throw .configuration("\(error)") }
        do {
            let configuration = try JSONDecoder().decode(ClassifierConfiguration.self, from: Data(bytes))
            try configuration.validate()
            return configuration
        } catch let error as ClassifierError {
            throw .configuration("\(path): \(error.message)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
            let DecodingError.dataCorrupted(context)
        {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            if key.isEmpty {
                throw .configuration("\(path): not a valid configuration file: \(context.debugDescription)")
            }
            throw .configuration("\(path): key '\(key)': \(context.debugDescription)")
        } catch {
            throw .configuration("\(path): not a valid configuration file: \(error)")
        }
    }

    /// The configuration as pretty-printed JSON with sorted keys.
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

extension ClassifierConfiguration {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case labelNames, prefixSectionTitle, prefixTicker, sequenceLength, padding, truncating, maxWords
        case embeddingsPath, trainableEmbedding, filters, kernelSize, poolSizes, convolutionDropout, denseUnits
        case denseDropout, learningRate, clipValue, batchSize, epochs, earlyStoppingPatience, split, seed
    }

    /// Decodes a configuration, keeping the default of every key that is absent and rejecting unknown keys.
    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: AnyKey.self)
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = c.allKeys.map(\.stringValue).first(where: { !known.contains($0) }) {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: [AnyKey(unknown)],
                    debugDescription: "unknown key; known keys: \(known.sorted().joined(separator: ", "))"))
        }
        func read<T: Decodable>(_ key: CodingKeys, into value: inout T) throws {
            if let decoded = try c.decodeIfPresent(T.self, forKey: AnyKey(key.rawValue)) { value = decoded }
        }
        try read(.labelNames, into: &labelNames)
        try read(.prefixSectionTitle, into: &prefixSectionTitle)
        try read(.prefixTicker, into: &prefixTicker)
        try read(.sequenceLength, into: &sequenceLength)
        try read(.padding, into: &padding)
        try read(.truncating, into: &truncating)
        if c.contains(AnyKey("maxWords")) { maxWords = try c.decodeIfPresent(Int.self, forKey: AnyKey("maxWords")) }
        try read(.embeddingsPath, into: &embeddingsPath)
        try read(.trainableEmbedding, into: &trainableEmbedding)
        try read(.filters, into: &filters)
        try read(.kernelSize, into: &kernelSize)
        try read(.poolSizes, into: &poolSizes)
        try read(.convolutionDropout, into: &convolutionDropout)
        try read(.denseUnits, into: &denseUnits)
        try read(.denseDropout, into: &denseDropout)
        try read(.learningRate, into: &learningRate)
        if c.contains(AnyKey("clipValue")) {
            clipValue = try c.decodeIfPresent(Float.self, forKey: AnyKey("clipValue"))
        }
        try read(.batchSize, into: &batchSize)
        try read(.epochs, into: &epochs)
        if c.contains(AnyKey("earlyStoppingPatience")) {
            earlyStoppingPatience = try c.decodeIfPresent(Int.self, forKey: AnyKey("earlyStoppingPatience"))
        }
        try read(.split, into: &split)
        try read(.seed, into: &seed)
    }

    /// Encodes every key (absent optionals as `null`).
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
        try c.encode(filters, forKey: .filters)
        try c.encode(kernelSize, forKey: .kernelSize)
        try c.encode(poolSizes, forKey: .poolSizes)
        try c.encode(convolutionDropout, forKey: .convolutionDropout)
        try c.encode(denseUnits, forKey: .denseUnits)
        try c.encode(denseDropout, forKey: .denseDropout)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(clipValue, forKey: .clipValue)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(epochs, forKey: .epochs)
        try c.encode(earlyStoppingPatience, forKey: .earlyStoppingPatience)
        try c.encode(split, forKey: .split)
        try c.encode(seed, forKey: .seed)
    }
}

struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
