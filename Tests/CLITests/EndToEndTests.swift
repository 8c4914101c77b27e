import FTTestSupport
import FinText
import Foundation
import Testing

private let executable = trainClassifier

@Suite(
    "prepare → train → evaluate → predict", .serialized,
    .enabled(if: ExecutableRunner.shouldRun(executable), "train-classifier is not built (run `swift build` first)"))
struct EndToEndTests {
    @Test("the whole CLI workflow on a tiny corpus")
    func workflow() throws {
        let corpus = try TinyCorpus.write()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let dataset = corpus.folder + "/dataset.jsonl"
        let prepare = try cli(["prepare", "--filings", corpus.sections, "--prices", corpus.prices, "--out", dataset])
        #expect(prepare.status == 0, "\(prepare.errors)")
        #expect(prepare.output.contains("Labelled 24 filings, 72 section documents"))

        let model = corpus.folder + "/model"
        let logs = corpus.folder + "/logs"
        let train = try cli([
            "train", "--data", dataset, "--config", corpus.config, "--out", model, "--progress", "quiet",
            "--logdir", logs,
        ])
        #expect(train.status == 0, "\(train.errors)")
        // TensorBoard event files: file version and texts, per-step events, and per epoch scalars and
        // histograms in train/; per epoch two events in validation/ (TensorBoardLoggerTests checks contents).
        let epochs = try History.read("\(model)/history.json").epochs.count
        for (run, minimum, exact) in [("train", 2 + 3 * epochs, false), ("validation", 1 + 2 * epochs, true)] {
            let names = try FileManager.default.contentsOfDirectory(atPath: "\(logs)/\(run)")
            #expect(names.count == 1 && names[0].hasPrefix("events.out.tfevents."), "\(run): \(names)")
            let contents = try TFRecord.read(contentsOf: "\(logs)/\(run)/\(names[0])")
            #expect(contents.incompleteTailBytes == 0)
            #expect(exact ? contents.records.count == minimum : contents.records.count >= minimum, "\(run)")
        }
        for name in [
            "config.json", "weights.safetensors", "tokenizer.json", "history.json", "report/metrics.json",
            "report/report.html",
        ] {
            #expect(FileManager.default.fileExists(atPath: "\(model)/\(name)"), "missing \(name)")
        }
        let metrics = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: model + "/report/metrics.json")))
        #expect((metrics as? [String: Any])?["confusion_matrix"] != nil)

        let evaluation = corpus.folder + "/evaluation"
        let evaluate = try cli(["evaluate", "--model", model, "--data", dataset, "--out", evaluation])
        #expect(evaluate.status == 0, "\(evaluate.errors)")
        #expect(FileManager.default.fileExists(atPath: evaluation + "/metrics.json"))

        let first = try predictions(model: model, filing: corpus.plainFiling)
        #expect(!first.isEmpty)
        for probabilities in first {
            #expect(probabilities.count == 3)
            #expect(abs(probabilities.reduce(0, +) - 1) < 1e-5)
        }
        // Predictions come from the model: the same model answers the same again, and a model trained
        // with another seed answers differently.
        #expect(try predictions(model: model, filing: corpus.plainFiling) == first)
        let other = corpus.folder + "/other-model"
        let retrain = try cli([
            "train", "--data", dataset, "--config", corpus.config, "--out", other, "--progress", "quiet", "--seed",
            "8",
        ])
        #expect(retrain.status == 0, "\(retrain.errors)")
        let second = try predictions(model: other, filing: corpus.plainFiling)
        #expect(second.count == first.count)
        #expect(second != first, "two differently trained models gave identical probabilities")
    }

    /// The probabilities `predict --format json` prints for `filing`, one array per document.
    private func predictions(model: String, filing: String) throws -> [[Double]] {
        let predict = try cli(["predict", "--model", model, "--format", "json", filing])
        #expect(predict.status == 0, "\(predict.errors)")
        return try predict.output.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try #require(object["probabilities"] as? [Double])
        }
    }

    @Test("two trainings with one seed write bit-identical metrics.json, weights and history losses")
    func determinism() throws {
        let corpus = try TinyCorpus.write()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let dataset = corpus.folder + "/dataset.jsonl"
        _ = try cli(["prepare", "--filings", corpus.sections, "--prices", corpus.prices, "--out", dataset])
        var outputs: [Data] = []
        var weights: [Data] = []
        for run in 0..<2 {
            let model = corpus.folder + "/model\(run)"
            let train = try cli([
                "train", "--data", dataset, "--config", corpus.config, "--out", model, "--progress", "quiet",
            ])
            #expect(train.status == 0, "\(train.errors)")
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: model + "/report/metrics.json")))
            weights.append(try Data(contentsOf: URL(fileURLWithPath: model + "/weights.safetensors")))
        }
        #expect(outputs[0] == outputs[1])
        #expect(weights[0] == weights[1])
    }
}

@Suite(
    "train --resume through the CLI", .serialized,
    .enabled(if: ExecutableRunner.shouldRun(executable), "train-classifier is not built (run `swift build` first)"))
struct ResumeCommandTests {
    @Test("a run stopped after 2 epochs and resumed to 4 writes the same weights and metrics as a 4-epoch run")
    func resumeMatchesUninterrupted() throws {
        let corpus = try TinyCorpus.write()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let dataset = corpus.folder + "/dataset.jsonl"
        #expect(
            try cli(["prepare", "--filings", corpus.sections, "--prices", corpus.prices, "--out", dataset]).status == 0)
        let common = ["train", "--data", dataset, "--config", corpus.config, "--progress", "quiet"]
        let full = try cli(common + ["--out", corpus.folder + "/full", "--epochs", "4"])
        #expect(full.status == 0, "\(full.errors)")
        let checkpoints = corpus.folder + "/ckpt"
        let first = try cli(
            common + ["--out", corpus.folder + "/part", "--epochs", "2", "--checkpoint-dir", checkpoints])
        #expect(first.status == 0, "\(first.errors)")
        let resumed = try cli(
            common + [
                "--out", corpus.folder + "/resumed", "--epochs", "4", "--checkpoint-dir", checkpoints, "--resume",
            ])
        #expect(resumed.status == 0, "\(resumed.errors)")
        for file in ["weights.safetensors", "report/metrics.json"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(corpus.folder)/full/\(file)"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(corpus.folder)/resumed/\(file)"))
            #expect(a == b, "\(file) differs")
        }
        let partial = try Data(contentsOf: URL(fileURLWithPath: "\(corpus.folder)/part/weights.safetensors"))
        let finished = try Data(contentsOf: URL(fileURLWithPath: "\(corpus.folder)/full/weights.safetensors"))
        #expect(partial != finished)
    }
}
