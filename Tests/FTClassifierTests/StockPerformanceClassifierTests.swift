import FTClassifier
import FTDataset
import FTMarket
import FTNN
import FTTensor
import FTTestSupport
import FTWordVectors
import Foundation
import Testing

/// Records of the tiny corpus, prepared through the library.
private func tinyRecords() throws -> (records: [DatasetManifest.Record], paths: TinyCorpus.Paths) {
    let paths = try TinyCorpus.write()
    let (filings, skipped) = try FilingLoader.load(paths: [paths.sections])
    #expect(skipped.isEmpty)
    let prices = try PriceLibrary.load(folder: paths.prices)
    let result = try DatasetPreparation.prepare(
        filings: filings, prices: prices, benchmark: try #require(prices["SPY"]))
    return (result.manifest.records, paths)
}

@Suite("StockPerformanceClassifier")
struct StockPerformanceClassifierTests {
    @Test("a saved and loaded model gives identical predictions")
    func saveLoad() throws {
        let (records, paths) = try tinyRecords()
        defer { try? FileManager.default.removeItem(atPath: paths.folder) }
        let configuration = try ClassifierConfiguration.read(paths.config)
        let vectors = try WordVectors.load(path: paths.embeddings, cache: .disabled)
        let run = try StockPerformanceClassifier.train(records: records, vectors: vectors, configuration: configuration)
        let folder = paths.folder + "/model"
        try run.classifier.save(to: folder, history: run.history)
        let loaded = try StockPerformanceClassifier.load(from: folder)
        let documents = records.map(StockPerformanceClassifier.document(for:))
        #expect(loaded.predict(documents) == run.classifier.predict(documents))
        #expect(loaded.configuration == configuration)
        #expect(try History.read(folder + "/history.json") == run.history)
        // Validation documents never appear in training, and whole filings stay on one side.
        let trainingFilings = Set(run.trainingIndices.map { records[$0].cik })
        #expect(trainingFilings.isDisjoint(with: run.validationIndices.map { records[$0].cik }))
        #expect(run.validationPredictions.count == run.validationIndices.count)
    }

    @Test("a damaged model folder is reported with the file at fault")
    func damagedFolder() throws {
        let (records, paths) = try tinyRecords()
        defer { try? FileManager.default.removeItem(atPath: paths.folder) }
        var configuration = try ClassifierConfiguration.read(paths.config)
        configuration.epochs = 1
        let run = try StockPerformanceClassifier.train(
            records: records, vectors: try WordVectors.load(path: paths.embeddings, cache: .disabled),
            configuration: configuration)
        let folder = paths.folder + "/model"
        try run.classifier.save(to: folder)
        try Data("{\"config\": 1}".utf8).write(to: URL(fileURLWithPath: folder + "/tokenizer.json"))
        #expect { try StockPerformanceClassifier.load(from: folder) } throws: { "\($0)".contains("tokenizer.json") }
        try run.classifier.save(to: folder)
        let weights = folder + "/weights.safetensors"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: weights))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: weights))
        #expect { try StockPerformanceClassifier.load(from: folder) } throws: {
            "\($0)".contains("weights.safetensors")
        }
        #expect { try StockPerformanceClassifier.load(from: paths.folder + "/none") } throws: {
            "\($0)".contains("config.json")
        }
    }

    @Test("too few documents, labels out of range and missing text are refused")
    func badData() throws {
        let (records, paths) = try tinyRecords()
        defer { try? FileManager.default.removeItem(atPath: paths.folder) }
        let configuration = try ClassifierConfiguration.read(paths.config)
        let vectors = try WordVectors.load(path: paths.embeddings, cache: .disabled)
        #expect(throws: ClassifierError.self) {
            try StockPerformanceClassifier.train(
                records: Array(records.prefix(1)), vectors: vectors, configuration: configuration)
        }
        var wrongLabel = records
        wrongLabel[0].label = 7
        #expect(throws: ClassifierError.self) {
            try StockPerformanceClassifier.train(records: wrongLabel, vectors: vectors, configuration: configuration)
        }
        var noText = records
        noText[3].text = nil
        #expect(throws: ClassifierError.self) {
            try StockPerformanceClassifier.train(records: noText, vectors: vectors, configuration: configuration)
        }
    }
}

@Suite("Model folders: older layouts, hostile headers and weights")
struct ModelFolderTests {
    /// A copy of the legacy fixture folder that a test may edit.
    private func legacyCopy() throws -> String {
        let folder = NSTemporaryDirectory() + "fintext-legacy-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Fixtures.path("legacy-model"), toPath: folder)
        return folder
    }

    @Test("a model folder written by the previous configuration layout loads and predicts as that version did")
    func legacyFolderLoads() throws {
        let classifier = try StockPerformanceClassifier.load(from: Fixtures.path("legacy-model"))
        #expect(classifier.configuration.model.filters == 4 && classifier.configuration.model.poolSizes == [2, 2, 2])
        #expect(classifier.configuration.embeddingsPath == "data/glove.6B.50d.subset.txt.gz")
        #expect(classifier.configuration.earlyStoppingPatience == nil && classifier.configuration.maxWords == 40)
        let text = try String(contentsOfFile: Fixtures.path("legacy-model/document.txt"), encoding: .utf8)
        let prediction = try #require(classifier.predict([ClassifierDocument(id: "d", text: text)]).first)
        // Recorded with the version that wrote the folder (see the fixture's README).
        let recorded = [0.34012192487716675, 0.3313863277435303, 0.3284917175769806]
        #expect(prediction.label == 0)
        for (p, q) in zip(prediction.probabilities, recorded) { #expect(abs(p - q) < 1e-6) }
    }

    @Test(
        "impossible sizes in config.json are refused naming the field, before anything is allocated",
        arguments: [
            ("\"vocabulary_size\" : 40", "\"vocabulary_size\" : -5", "vocabulary_size"),
            ("\"embedding_dimension\" : 50", "\"embedding_dimension\" : 9223372036854775807", "embeddingDimension"),
            ("\"sequenceLength\" : 100", "\"sequenceLength\" : 4611686018427387904", "sequenceLength"),
        ])
    func hostileHeader(original: String, replacement: String, field: String) throws {
        let folder = try legacyCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/config.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(original))
        try text.replacingOccurrences(of: original, with: replacement).write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect { try StockPerformanceClassifier.load(from: folder) } throws: { error in
            "\(error)".contains(path) && "\(error)".contains(field)
        }
    }

    @Test("sizes in config.json that the weights file cannot fill are refused before the model is allocated")
    func sizesBeyondTheWeights() throws {
        let folder = try legacyCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/config.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"denseUnits\" : 4,"))
        // 36 million dense1 weights: within decision 0110's limits, far beyond the 14 KB weights file.
        try text.replacingOccurrences(of: "\"denseUnits\" : 4,", with: "\"denseUnits\" : 1000000,").write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect { try StockPerformanceClassifier.load(from: folder) } throws: { error in
            "\(error)".contains(folder + "/weights.safetensors") && "\(error)".contains("holds 3335 values")
                && "\(error)".contains("fewer than the 40003175 parameters") && "\(error)".contains(path)
        }
    }

    @Test(
        "a NaN or infinite weight is refused at load, naming the tensor",
        arguments: ["conv2.weight", "embedding.weight"])
    func nonFiniteWeights(tensor: String) throws {
        let folder = try legacyCopy()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/weights.safetensors"
        var weights = try SafeTensors.read(path)
        var value = try weights.tensor(tensor, source: path)
        var scalars = value.scalars
        scalars[scalars.count / 2] = tensor == "conv2.weight" ? .nan : .infinity
        value = Tensor(shape: value.shape, scalars: scalars)
        weights.set(tensor, value)
        try weights.write(to: path)
        #expect { try StockPerformanceClassifier.load(from: folder) } throws: { error in
            "\(error)".contains(path) && "\(error)".contains(tensor) && "\(error)".contains("non-finite")
        }
    }
}
