import FTClassifier
import FTDataset
import FTMarket
import FTNN
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
