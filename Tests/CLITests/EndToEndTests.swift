import FTTestSupport
import FinText
import Foundation
import Testing

private let executable = ExecutableRunner.locate("train-classifier")

private func cli(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    guard let binary = executable else { throw CocoaError(.fileNoSuchFile) }
    return try ExecutableRunner.run(binary, arguments)
}

@Suite(
    "prepare → train → evaluate → predict", .serialized,
    .enabled(if: executable != nil, "train-classifier is not built (run `swift build` first); skipping"))
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

        let predict = try cli(["predict", "--model", model, "--format", "json", corpus.plainFiling])
        #expect(predict.status == 0, "\(predict.errors)")
        let lines = predict.output.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let probabilities = try #require(object["probabilities"] as? [Double])
            #expect(probabilities.count == 3)
            #expect(abs(probabilities.reduce(0, +) - 1) < 1e-5)
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
    .enabled(if: executable != nil, "train-classifier is not built (run `swift build` first); skipping"))
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
