import FTClassifier
import FTDataset
import FTIO
import FTMarket
import FTTestSupport
import Foundation
import Testing

/// `train --model linear`'s folder: the kind marker, loading through `SavedModel`, and clear errors for
/// damaged or mismatched files (decision 0156).
@Suite("Linear baseline model folders", .serialized)
struct LinearModelFolderTests {
    /// The tiny corpus labelled into `folder/dataset.jsonl`, its configuration, and a trained linear folder.
    private func trained() throws -> (corpus: TinyCorpus.Paths, manifest: String, model: String) {
        let corpus = try TinyCorpus.write()
        let (filings, _) = try FilingLoader.load(paths: [corpus.sections])
        let prices = try PriceLibrary.load(folder: corpus.prices)
        let prepared = try DatasetPreparation.prepare(
            filings: filings, prices: prices, benchmark: try #require(prices["SPY"]))
        let manifest = corpus.folder + "/dataset.jsonl"
        try prepared.manifest.write(to: manifest)
        let model = corpus.folder + "/linear"
        _ = try TrainingJob.runLinear(
            manifest: manifest, configuration: try ClassifierConfiguration.read(corpus.config), out: model)
        return (corpus, manifest, model)
    }

    private func fileObject(_ model: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: model + "/" + LinearBaseline.fileName))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func write(_ object: [String: Any], to model: String) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: model + "/" + LinearBaseline.fileName))
    }

    @Test("a saved linear model says so, loads as SavedModel.linear and predicts exactly as when it was trained")
    func roundTrip() throws {
        let (corpus, manifest, model) = try trained()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let object = try fileObject(model)
        #expect(object["model_kind"] as? String == "linear")
        #expect(object["fintext_version"] as? String == StockPerformanceClassifier.libraryVersion)
        #expect(try SavedModel.kind(of: model) == .linear)
        let saved = try SavedModel.load(from: model)
        #expect(saved.kind == .linear)

        // Its predictions of the validation documents are the ones `train` wrote, to the last digit.
        let records = try TrainingJob.loadRecords(manifest: manifest)
        let written = try CSVTable.parse(
            try FileData.readUTF8(model + "/report/validation-predictions.csv"), source: "validation-predictions")
        let idColumn = try #require(written.column("id"))
        let byID = Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0) })
        let ids = written.rows.map { $0.fields[idColumn] }
        #expect(!ids.isEmpty)
        let documents = try ids.map { try #require(byID[$0]) }.map(StockPerformanceClassifier.document(for:))
        let predictions = saved.predict(documents)
        let again = PredictionsTable.csv(
            records: ids.map { byID[$0]! }, predictions: predictions, trueLabels: ids.map { byID[$0]!.label },
            labelNames: saved.configuration.labelNames)
        #expect(again == (try FileData.readUTF8(model + "/report/validation-predictions.csv")))
    }

    @Test("the network's config.json carries model_kind network; a legacy folder without it still loads")
    func networkMarker() throws {
        let legacy = Fixtures.path("legacy-model")
        #expect(try SavedModel.kind(of: legacy) == .network)
        guard case .network(let classifier) = try SavedModel.load(from: legacy) else {
            Issue.record("the legacy folder did not load as a network")
            return
        }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try classifier.save(to: folder.path + "/model")
        let config = try FileData.readUTF8(folder.path + "/model/config.json")
        #expect(config.contains("\"model_kind\" : \"network\""))
        #expect(try SavedModel.kind(of: folder.path + "/model") == .network)
        // A config.json whose marker names the other kind is refused, naming the file.
        try config.replacingOccurrences(of: "\"model_kind\" : \"network\"", with: "\"model_kind\" : \"linear\"")
            .write(toFile: folder.path + "/model/config.json", atomically: true, encoding: .utf8)
        #expect { try SavedModel.load(from: folder.path + "/model") } throws: {
            "\($0)".contains("model/config.json: model_kind is \"linear\"")
        }
    }

    /// A mutation of the saved JSON and a part of the error it must give.
    struct Damage: Sendable, CustomTestStringConvertible {
        var name: String
        var expected: String
        var mutate: @Sendable (inout [String: Any]) -> Void
        var testDescription: String { name }
    }

    static let damages: [Damage] = [
        Damage(name: "marker of the other kind", expected: "model_kind is \"network\"") {
            $0["model_kind"] = "network"
        },
        Damage(name: "weights of the wrong count", expected: "key 'model.weights'") {
            var model = $0["model"] as! [String: Any]
            model["weights"] = Array((model["weights"] as! [Any]).dropLast())
            $0["model"] = model
        },
        Damage(name: "intercepts of the wrong count", expected: "key 'model.intercepts'") {
            var model = $0["model"] as! [String: Any]
            model["intercepts"] = [0.5]
            $0["model"] = model
        },
        Damage(name: "more classes than label names", expected: "model.classes is 4 but configuration.labelNames has 3")
        {
            var model = $0["model"] as! [String: Any]
            let features = model["features"] as! Int
            model["classes"] = 4
            model["weights"] = [Double](repeating: 0.1, count: 4 * features)
            model["intercepts"] = [0.0, 0.0, 0.0, 0.0]
            $0["model"] = model
        },
        Damage(name: "a vocabulary of another size", expected: "but vectorizer.terms has") {
            var vectorizer = $0["vectorizer"] as! [String: Any]
            vectorizer["terms"] = Array((vectorizer["terms"] as! [Any]).dropLast())
            vectorizer["idf"] = Array((vectorizer["idf"] as! [Any]).dropLast())
            $0["vectorizer"] = vectorizer
        },
        Damage(name: "a negative idf", expected: "key 'vectorizer.idf'") {
            var vectorizer = $0["vectorizer"] as! [String: Any]
            var idf = vectorizer["idf"] as! [Any]
            idf[0] = -1.0
            vectorizer["idf"] = idf
            $0["vectorizer"] = vectorizer
        },
        Damage(name: "a missing model", expected: "model") { $0["model"] = nil },
        Damage(name: "an invalid configuration", expected: "labelNames expected distinct names") {
            var configuration = $0["configuration"] as! [String: Any]
            configuration["labelNames"] = ["a", "a", "b"]
            $0["configuration"] = configuration
        },
    ]

    @Test("a damaged or mismatched linear-model.json is refused by name, field and reason", arguments: damages)
    func damaged(damage: Damage) throws {
        let (corpus, _, model) = try trained()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        var object = try fileObject(model)
        damage.mutate(&object)
        try write(object, to: model)
        #expect { try SavedModel.load(from: model) } throws: { error in
            let message = "\(error)"
            return message.contains(model + "/linear-model.json") && message.contains(damage.expected)
        }
    }

    @Test("truncated or missing files, an empty folder and a folder of both kinds give clear errors")
    func unusableFolders() throws {
        let (corpus, _, model) = try trained()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let path = model + "/" + LinearBaseline.fileName
        let bytes = try FileData.read(path)
        try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: path))
        #expect { try SavedModel.load(from: model) } throws: {
            "\($0)".contains(path + ": not a usable linear baseline model")
        }
        let empty = corpus.folder + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect { try SavedModel.load(from: empty) } throws: { "\($0)".contains("not a FinText model folder") }
        #expect { try SavedModel.load(from: corpus.folder + "/nowhere") } throws: {
            "\($0)".contains("no such model folder")
        }
        try "{}".write(toFile: model + "/config.json", atomically: true, encoding: .utf8)
        #expect { try SavedModel.load(from: model) } throws: { "\($0)".contains("holds both config.json") }
    }

    @Test("a linear model is not written into a network's folder, nor a network into a linear one's")
    func oneKindPerFolder() throws {
        let (corpus, manifest, model) = try trained()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let network = corpus.folder + "/network"
        try FileManager.default.createDirectory(atPath: network, withIntermediateDirectories: true)
        try "{\"note\": \"a network's header\"}".write(
            toFile: network + "/config.json", atomically: true, encoding: .utf8)
        let configuration = try ClassifierConfiguration.read(corpus.config)
        #expect { try TrainingJob.runLinear(manifest: manifest, configuration: configuration, out: network) } throws: {
            "\($0)".contains("already holds the network (config.json)")
        }
        #expect(!FileManager.default.fileExists(atPath: network + "/" + LinearBaseline.fileName))
        var withVectors = configuration
        withVectors.embeddingsPath = corpus.embeddings
        let before = try FileData.read(model + "/" + LinearBaseline.fileName)
        #expect { try TrainingJob.run(manifest: manifest, configuration: withVectors, out: model) } throws: {
            "\($0)".contains("already holds the linear baseline (linear-model.json)")
        }
        #expect(try FileData.read(model + "/" + LinearBaseline.fileName) == before)
        #expect(!FileManager.default.fileExists(atPath: model + "/config.json"))
    }

    @Test("the linear model's predictions carry the document's warnings and flag a text it has no word of")
    func warnings() throws {
        let (corpus, _, model) = try trained()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let saved = try SavedModel.load(from: model)
        let words = (TinyCorpus.upWords + TinyCorpus.fillerWords).joined(separator: " ")
        let known = String(repeating: words + " ", count: 10)
        var flagged = ClassifierDocument(id: "flagged", text: known, section: "1A", ticker: nil)
        flagged.warnings = ["boundary doubtful"]
        let predictions = saved.predict([
            ClassifierDocument(id: "plain", text: known, section: "1A", ticker: nil), flagged,
            ClassifierDocument(id: "unknown", text: "zzzq xxyy", section: "1A", ticker: nil),
        ])
        #expect(predictions.map(\.id) == ["plain", "flagged", "unknown"])
        #expect(predictions[0].warnings.isEmpty)
        #expect(predictions[1].warnings == ["boundary doubtful"])
        #expect(predictions[2].warnings.count == 1 && predictions[2].warnings[0].hasPrefix("nearly empty"))
        for p in predictions { #expect(abs(p.probabilities.reduce(0, +) - 1) < 1e-12) }
    }

    @Test("docs/examples/linear_predict.py gives FinText's probabilities from linear-model.json")
    func python() throws {
        guard let python = try ExternalTools.require(ExternalTools.python(importing: []), "python3") else { return }
        let (corpus, manifest, model) = try trained()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        guard case .linear(let baseline) = try SavedModel.load(from: model) else {
            Issue.record("not a linear model")
            return
        }
        let documents = try TrainingJob.loadRecords(manifest: manifest).prefix(12)
            .map(StockPerformanceClassifier.document(for:))
        let words = documents.map {
            LinearBaseline.words(of: $0, configuration: baseline.configuration).joined(separator: " ")
        }
        let wordsFile = corpus.folder + "/words.txt"
        try (words.joined(separator: "\n") + "\n").write(toFile: wordsFile, atomically: true, encoding: .utf8)
        let script = Fixtures.repositoryRoot.appendingPathComponent("docs/examples/linear_predict.py").path
        let result = try ExternalTools.run(python, [script, model + "/" + LinearBaseline.fileName, wordsFile])
        #expect(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.first == "low\tmedium\thigh")
        let expected = baseline.predict(documents).map(\.probabilities)
        #expect(lines.count == 1 + expected.count)
        for (line, p) in zip(lines.dropFirst(), expected) {
            let values = line.split(separator: "\t").compactMap { Double($0) }
            #expect(values.count == p.count)
            #expect(zip(values, p).allSatisfy { abs($0 - $1) < 1e-12 }, "\(values) vs \(p)")
        }
    }
}
